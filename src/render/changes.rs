//! What an output depends on, and what differs between two versions of a
//! site: together they decide which outputs a rebuild renders again.

use std::collections::{BTreeMap, BTreeSet};

use super::progress;
use crate::model::Site;

/// What an output is rendered from, beyond the site's settings, topics,
/// content pages and theme (a change to any of those renders everything).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Depends<'a> {
    /// Nothing else: the same as long as the site's settings, topic list,
    /// content pages, set of municipalities and theme stay the same.
    Fixed,
    /// Every municipality (tables, counts, the CSV export).
    AllMunicipalities,
    /// Everything in the model, content pages too (the JSON export).
    AnyChange,
    /// One municipality, by slug.
    Municipality(&'a str),
    /// The municipalities with efforts on one topic, by topic slug.
    Topic(&'a str),
    /// The municipalities in one province with efforts on one topic (a
    /// large site's topic page per province): topic slug, province name.
    TopicIn(&'a str, &'a str),
    /// One content page, by slug.
    Page(&'a str),
}

/// What differs between two versions of a site, when only municipalities
/// changed in place. See [`Changes::between`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changes {
    /// Slugs of municipalities whose data differs.
    pub municipalities: BTreeSet<String>,
    /// Topics whose pages list any of them, before or after the change.
    pub topics: BTreeSet<String>,
    /// Per topic of `topics`, the provinces of those municipalities, before
    /// and after the change: which topic pages per province list them.
    pub topic_provinces: BTreeMap<String, BTreeSet<String>>,
    /// Slugs of content pages whose text differs (title and order did not
    /// change: those are in the menu of every page).
    pub pages: BTreeSet<String>,
}

impl Changes {
    /// The changes from `old` to `new`, or `None` when the site must be
    /// rendered as a whole: settings or topics changed, a content page was
    /// added, removed, retitled or reordered (the menu is on every page), or
    /// a municipality was added, removed or moved to another file (which
    /// changes the set of pages and the counts on every topic page).
    pub fn between(old: &Site, new: &Site) -> Option<Changes> {
        if old.config != new.config
            || old.topics != new.topics
            || old.glossary != new.glossary
            || old.pages.len() != new.pages.len()
            || old.municipalities.len() != new.municipalities.len()
            // The pages about progress exist only with earlier states.
            || progress::has_history(old) != progress::has_history(new)
        {
            return None;
        }
        let mut changes = Changes::default();
        for (a, b) in old.pages.iter().zip(&new.pages) {
            if a.slug != b.slug || a.title != b.title {
                return None;
            }
            if a != b {
                changes.pages.insert(b.slug.clone());
            }
        }
        let before: BTreeMap<&str, &crate::model::Municipality> = old
            .municipalities
            .iter()
            .map(|m| (m.slug.as_str(), &**m))
            .collect();
        let mut moved = false;
        for m in &new.municipalities {
            let old_m = before.get(m.slug.as_str())?;
            // The dev server keeps unchanged files' municipalities: most
            // are the very same value.
            if !std::ptr::eq(*old_m, &**m) && *old_m != &**m {
                moved |= old_m.province != m.province;
                // Every topic's map shows every municipality, by name and
                // where it is.
                if new.config.map.is_some()
                    && (old_m.name != m.name
                        || old_m.location != m.location
                        || old_m.province != m.province)
                {
                    changes
                        .topics
                        .extend(new.topics.iter().map(|t| t.slug.clone()));
                }
                changes.municipalities.insert(m.slug.clone());
                for muni in [*old_m, &**m] {
                    for e in muni.completed.iter().chain(&muni.planned) {
                        for t in &e.topics {
                            changes.topics.insert(t.clone());
                            changes
                                .topic_provinces
                                .entry(t.clone())
                                .or_default()
                                .insert(muni.province.clone());
                        }
                    }
                }
            }
        }
        // Provinces are in every overview and, on a large site, in the
        // paths of the topic pages per province.
        let provinces = |site: &Site| -> BTreeSet<String> {
            site.municipalities
                .iter()
                .map(|m| m.province.clone())
                .collect()
        };
        if moved && provinces(old) != provinces(new) {
            return None;
        }
        Some(changes)
    }

    pub fn is_empty(&self) -> bool {
        self.municipalities.is_empty() && self.pages.is_empty()
    }

    /// Whether an output is the page (or data file) of a changed
    /// municipality or content page itself.
    pub fn own(&self, depends: &Depends) -> bool {
        match depends {
            Depends::Municipality(slug) => self.municipalities.contains(*slug),
            Depends::Page(slug) => self.pages.contains(*slug),
            _ => false,
        }
    }

    /// Whether an output with these dependencies must be rendered again.
    pub fn reach(&self, depends: &Depends) -> bool {
        match depends {
            Depends::Fixed => false,
            Depends::AllMunicipalities => !self.municipalities.is_empty(),
            Depends::AnyChange => !self.is_empty(),
            Depends::Municipality(slug) => self.municipalities.contains(*slug),
            Depends::Topic(slug) => self.topics.contains(*slug),
            Depends::TopicIn(slug, province) => self
                .topic_provinces
                .get(*slug)
                .is_some_and(|p| p.contains(*province)),
            Depends::Page(slug) => self.pages.contains(*slug),
        }
    }
}
