//! What templates see: the model with URLs filled in and references resolved.
//!
//! URLs here are relative to the site root and end in `/` (`gemeenten/delft/`);
//! templates put `{{ root }}` in front, which makes every link relative to
//! the page and therefore correct under any subpath.

use std::collections::BTreeMap;

mod shapes;
mod topics;

pub use shapes::*;

use crate::model::{EffortRef, Index, Municipality, Site, Status};

/// The model as templates see it. Views of single municipalities and
/// topics are made on demand, by the job that renders their page, so that
/// a build makes each once (on the core that renders it) and a rebuild of
/// one page makes only what that page shows.
pub struct SiteView<'a> {
    pub site: &'a Site,
    /// Built on first use: the pages of one municipality do not need it.
    index: std::sync::OnceLock<Index>,
    /// The glossary's matcher, built on first use; `None` without one.
    glossary: std::sync::OnceLock<Option<crate::glossary::Glossary>>,
    pub globals: Globals<'a>,
    pub pages: Vec<PageView<'a>>,
    /// Topic slug -> position in the site's topic list.
    topic_positions: BTreeMap<&'a str, usize>,
    /// Every province, alphabetically, as a municipality in it (its
    /// position in the model) and the province's part of URLs; built on
    /// first use. (Positions rather than names: a `&'a str` in a OnceLock
    /// would make `SiteView` invariant in `'a`.)
    provinces: std::sync::OnceLock<Vec<(usize, String)>>,
    /// Topic slug -> per province (in [`SiteView::provinces`] order) the
    /// topic's efforts there, in municipality order; built on first use.
    province_refs: std::sync::OnceLock<BTreeMap<String, Vec<Vec<EffortRef>>>>,
}

impl<'a> SiteView<'a> {
    pub fn new(site: &'a Site) -> SiteView<'a> {
        let topic_positions = site
            .topics
            .iter()
            .enumerate()
            .map(|(i, t)| (t.slug.as_str(), i))
            .collect();
        let pages: Vec<PageView> = site
            .pages
            .iter()
            .map(|p| PageView {
                slug: &p.slug,
                title: &p.title,
                description: p.description.as_deref(),
                url: crate::routes::page(&p.slug),
                body: &p.body,
            })
            .collect();
        let c = &site.config;
        SiteView {
            site,
            index: std::sync::OnceLock::new(),
            glossary: std::sync::OnceLock::new(),
            globals: Globals {
                title: &c.title,
                description: &c.description,
                language: &c.language,
                base_url: &c.base_url,
                peildatum: c.peildatum,
                peildatum_iso: c.peildatum.iso(),
                sources: &c.sources,
                municipality_count: site.municipalities.len(),
                large: site.municipalities.len() > c.table_limit,
                pages: pages
                    .iter()
                    .map(|p| Link {
                        title: p.title,
                        url: p.url.clone(),
                    })
                    .collect(),
                contact: c.contact.as_deref(),
                reconstructed_info: c.reconstructed_info.as_deref(),
                glossary_url: (!site.glossary.is_empty()).then_some(crate::routes::GLOSSARY),
                search_examples: if c.search_examples.is_empty() {
                    site.topics
                        .iter()
                        .take(3)
                        .map(|t| t.name.as_str())
                        .collect()
                } else {
                    c.search_examples.iter().map(String::as_str).collect()
                },
                progress_url: super::progress::has_history(site).then_some(crate::routes::PROGRESS),
            },
            pages,
            topic_positions,
            provinces: std::sync::OnceLock::new(),
            province_refs: std::sync::OnceLock::new(),
        }
    }

    pub(crate) fn topic_link(&self, slug: &'a str) -> TopicLink<'a> {
        let name = self
            .topic_positions
            .get(slug)
            .map_or(slug, |&i| self.site.topics[i].name.as_str());
        TopicLink {
            slug,
            name,
            url: crate::routes::topic(slug),
        }
    }

    /// The glossary words in `text`, once each, in order, as links to
    /// their entries.
    fn terms_in(&self, text: &str) -> Vec<Link<'a>> {
        let Some(g) = self
            .glossary
            .get_or_init(|| crate::glossary::Glossary::new(&self.site.glossary))
        else {
            return Vec::new();
        };
        let mut seen = Vec::new();
        for (_, _, i) in g.find(text) {
            if !seen.contains(&i) {
                seen.push(i);
            }
        }
        seen.into_iter()
            .map(|i| {
                let t = &self.site.glossary[i];
                Link {
                    title: &t.term,
                    url: format!("{}#{}", crate::routes::GLOSSARY, t.slug),
                }
            })
            .collect()
    }

    /// What a municipality's page (and a row of a table) shows of it.
    pub fn municipality(&self, m: &'a Municipality) -> MunicipalityView<'a> {
        let site = self.site;
        let efforts = |status: Status| {
            m.efforts(status)
                .iter()
                .map(|e| EffortView {
                    anchor: &e.anchor,
                    title: &e.title,
                    description: e.description.as_deref(),
                    notable: e.notable.as_deref(),
                    terms: self.terms_in(&e.title),
                    status,
                    topics: e.topics.iter().map(|t| self.topic_link(t)).collect(),
                })
                .collect()
        };
        let topic_set = |status: Status| {
            let mut v: Vec<&'a str> = m
                .efforts(status)
                .iter()
                .flat_map(|e| e.topics.iter().map(String::as_str))
                .collect();
            v.sort_unstable();
            v.dedup();
            v
        };
        let notes = m.notes.as_deref().map(str::trim);
        let notes_summary = notes.map(first_paragraph);
        let correction_url = match (&site.config.repository, &site.config.contact) {
            (Some(repo), _) => Some(format!("{repo}{}", m.source_file)),
            (None, Some(mail)) => Some(format!(
                "mailto:{mail}?subject={}",
                crate::text::percent_encode(&format!("Correctie: {}", m.name))
            )),
            (None, None) => None,
        };
        MunicipalityView {
            updated: m.updated,
            correction_url,
            notes_truncated: notes.map(str::len) != notes_summary.map(str::len),
            notes_summary,
            slug: &m.slug,
            name: &m.name,
            province: &m.province,
            url: crate::routes::municipality(&m.slug),
            target_groups: &m.target_groups,
            target_group_filter: self.target_group_filter(m),
            regional_partners: &m.regional_partners,
            website: m.website.as_deref(),
            split_reconstructed: m.split_reconstructed,
            notes,
            sources: m
                .sources
                .iter()
                .filter_map(|id| site.config.sources.iter().find(|s| s.id == *id))
                .collect(),
            completed: efforts(Status::Completed),
            planned: efforts(Status::Planned),
            topics_completed: topic_set(Status::Completed),
            topics_planned: topic_set(Status::Planned),
        }
    }

    /// Every municipality as a table row, in model order. Only small sites
    /// (not [`Globals::large`]) list every municipality on one page.
    pub fn table_rows(&self) -> Vec<TableRow<'a>> {
        self.site
            .municipalities
            .iter()
            .map(|m| {
                let municipality = self.municipality(m);
                let matrix = self
                    .site
                    .topics
                    .iter()
                    .map(|t| {
                        let mut cell = MatrixCell {
                            topic: &t.slug,
                            completed: false,
                            planned: false,
                            efforts: Vec::new(),
                        };
                        for status in [Status::Completed, Status::Planned] {
                            for e in m
                                .efforts(status)
                                .iter()
                                .filter(|e| e.topics.contains(&t.slug))
                            {
                                match status {
                                    Status::Completed => cell.completed = true,
                                    Status::Planned => cell.planned = true,
                                }
                                cell.efforts.push(Link {
                                    title: &e.title,
                                    url: format!("{}#{}", municipality.url, e.anchor),
                                });
                            }
                        }
                        cell
                    })
                    .collect();
                TableRow {
                    municipality,
                    matrix,
                }
            })
            .collect()
    }

    /// The model's lookups, made once.
    pub fn index(&self) -> &Index {
        self.index.get_or_init(|| Index::build(self.site))
    }

    /// Every effort a source singles out, in municipality order, completed
    /// before planned.
    pub fn notable_efforts(&self) -> Vec<NotableEffort<'a>> {
        let mut out = Vec::new();
        for m in &self.site.municipalities {
            for status in [Status::Completed, Status::Planned] {
                for e in m.efforts(status) {
                    if let Some(reason) = &e.notable {
                        out.push(NotableEffort {
                            municipality: &m.name,
                            title: &e.title,
                            status,
                            reason,
                            url: format!("{}#{}", crate::routes::municipality(&m.slug), e.anchor),
                        });
                    }
                }
            }
        }
        out
    }

    /// The glossary, in file order.
    pub fn glossary(&self) -> Vec<TermView<'a>> {
        self.site
            .glossary
            .iter()
            .map(|t| TermView {
                slug: &t.slug,
                term: &t.term,
                explanation: &t.explanation,
                forms: &t.forms,
            })
            .collect()
    }

    /// A municipality's target groups and the broader groups above them.
    pub fn target_group_filter(&self, m: &'a Municipality) -> Vec<&'a str> {
        let mut out: Vec<&'a str> = Vec::new();
        for g in &m.target_groups {
            for name in self.site.target_group_and_broader(g) {
                if !out.contains(&name) {
                    out.push(name);
                }
            }
        }
        out
    }

    /// The target groups a reader can filter on: with a taxonomy, those
    /// used by a municipality or broader than one used, in the taxonomy's
    /// order; without one, every group named, sorted, once each.
    pub fn target_groups(&self) -> Vec<&'a str> {
        if !self.site.target_groups.is_empty() {
            let used: std::collections::BTreeSet<&str> = self
                .site
                .municipalities
                .iter()
                .flat_map(|m| self.target_group_filter(m))
                .collect();
            return self
                .site
                .target_groups
                .iter()
                .map(|g| g.name.as_str())
                .filter(|n| used.contains(n))
                .collect();
        }
        let mut v: Vec<&'a str> = self
            .site
            .municipalities
            .iter()
            .flat_map(|m| m.target_groups.iter().map(String::as_str))
            .collect();
        v.sort_unstable();
        v.dedup();
        v
    }

    /// Counts per province, provinces in alphabetical order: what the home
    /// page and the matrix show when a site is too large to list everyone.
    pub fn province_summary(&self) -> Vec<ProvinceSummary<'a>> {
        let topic_count = self.site.topics.len();
        let mut map: BTreeMap<&'a str, ProvinceSummary<'a>> = BTreeMap::new();
        let mut seen = vec![[false; 2]; topic_count];
        for m in &self.site.municipalities {
            let p = map
                .entry(m.province.as_str())
                .or_insert_with(|| ProvinceSummary {
                    name: &m.province,
                    slug: String::new(),
                    municipalities: 0,
                    completed: 0,
                    planned: 0,
                    topics: vec![TopicCount::default(); topic_count],
                });
            p.municipalities += 1;
            p.completed += m.completed.len();
            p.planned += m.planned.len();
            seen.iter_mut().for_each(|s| *s = [false; 2]);
            for (k, status) in [Status::Completed, Status::Planned].into_iter().enumerate() {
                for e in m.efforts(status) {
                    for t in &e.topics {
                        if let Some(&i) = self.topic_positions.get(t.as_str()) {
                            seen[i][k] = true;
                        }
                    }
                }
            }
            for (count, [completed, planned]) in p.topics.iter_mut().zip(&seen) {
                count.completed += usize::from(*completed);
                count.planned += usize::from(*planned);
            }
        }
        // Both in alphabetical order of the same names.
        map.into_values()
            .zip(self.provinces())
            .map(|(p, (_, slug))| ProvinceSummary {
                slug: slug.to_string(),
                ..p
            })
            .collect()
    }

    /// Municipalities grouped by province, provinces in alphabetical order.
    pub fn by_province(&self) -> Vec<Province<'a>> {
        let mut map: BTreeMap<&'a str, Vec<Link<'a>>> = BTreeMap::new();
        for m in &self.site.municipalities {
            map.entry(m.province.as_str()).or_default().push(Link {
                title: &m.name,
                url: crate::routes::municipality(&m.slug),
            });
        }
        // Both in alphabetical order of the same names.
        map.into_iter()
            .zip(self.provinces())
            .map(|((name, municipalities), (_, slug))| Province {
                name,
                slug: slug.to_string(),
                municipalities,
            })
            .collect()
    }

    /// Every province of the site, alphabetically, with its part of URLs:
    /// its slug, made unique (`-2`, `-3`) when two names give the same one.
    pub fn provinces(&self) -> impl Iterator<Item = (&'a str, &str)> {
        let site = self.site;
        self.provinces
            .get_or_init(|| {
                let mut first: BTreeMap<&str, usize> = BTreeMap::new();
                for (i, m) in site.municipalities.iter().enumerate() {
                    first.entry(m.province.as_str()).or_insert(i);
                }
                let mut taken = std::collections::BTreeSet::new();
                first
                    .into_iter()
                    .map(|(name, i)| {
                        let mut base = crate::text::slugify(name);
                        if base.is_empty() {
                            base = "provincie".into();
                        }
                        (i, crate::text::unique_slug(base, &mut taken))
                    })
                    .collect()
            })
            .iter()
            .map(move |(i, slug)| (site.municipalities[*i].province.as_str(), slug.as_str()))
    }
}

/// Markdown up to the first blank line.
fn first_paragraph(markdown: &str) -> &str {
    let mut end = 0;
    for line in markdown.split_inclusive('\n') {
        if line.trim().is_empty() {
            break;
        }
        end += line.len();
    }
    markdown[..end].trim_end()
}
