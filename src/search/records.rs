//! The municipality records of the index, kept from one model to the next.
//!
//! `serve` indexes again after every save, and at 10,000 municipalities
//! making every record again (Markdown to text, the timeline of each
//! municipality with earlier states) took a third of a second of the wait
//! before search finds the saved text, for one record that changed. The
//! model keeps a municipality (the same `Arc`) while its file stays the
//! same, so [`Records`] keeps each record, with its words for the word
//! list of a split index, until its municipality is replaced, and makes
//! only the new ones. A record also depends on the site's language,
//! reference date, topics and target groups: when any of them changes,
//! every record is made again. A build makes its parts one at a time
//! instead (`search::index_each`), so as not to hold every record.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use rayon::prelude::*;

use super::{Part, empty_part, parts, record, site_word_list, topic_map};
use crate::model::{Date, Municipality, Site, TargetGroup, Topic};

/// What a record depends on besides its municipality.
#[derive(PartialEq)]
struct Context {
    language: String,
    peildatum: Date,
    topics: Vec<Topic>,
    target_groups: Vec<TargetGroup>,
}

impl Context {
    fn of(site: &Site) -> Context {
        Context {
            language: site.config.language.clone(),
            peildatum: site.config.peildatum,
            topics: site.topics.clone(),
            target_groups: site.target_groups.clone(),
        }
    }
}

/// One municipality's record, and the municipality it was made from.
struct Kept {
    municipality: Arc<Municipality>,
    url: String,
    html: String,
    /// Its words for the word list, once each.
    words: Vec<String>,
}

/// Records of the last model, by municipality slug, and how many of them
/// have each word.
#[derive(Default)]
pub struct Records {
    context: Option<Context>,
    kept: HashMap<String, Kept>,
    words: HashMap<String, usize>,
}

impl Records {
    /// The parts of the index for `site`, each with its records, in
    /// order: what [`parts::index_part`] builds. Records are taken from
    /// the previous call where their municipality is the same, and the
    /// others are made on every core.
    pub fn parts(&mut self, site: &Site) -> Vec<Part> {
        self.parts_in(site, parts::part_count(site.municipalities.len()))
    }

    /// [`Records::parts`] with `count` parts.
    fn parts_in(&mut self, site: &Site, count: usize) -> Vec<Part> {
        let context = Context::of(site);
        if self.context.as_ref() != Some(&context) {
            self.kept.clear();
            self.words.clear();
            self.context = Some(context);
        }
        let topics = topic_map(site);
        let made: Vec<Kept> = site
            .municipalities
            .par_iter()
            .filter(|m| {
                !self
                    .kept
                    .get(&m.slug)
                    .is_some_and(|k| Arc::ptr_eq(&k.municipality, m))
            })
            .map(|m| {
                let (url, html) = record(site, &topics, m);
                let mut words = HashSet::new();
                parts::add_words(&html, &mut words);
                Kept {
                    municipality: m.clone(),
                    url,
                    html,
                    words: words.into_iter().collect(),
                }
            })
            .collect();
        for kept in made {
            self.count(&kept.words, true);
            let slug = kept.municipality.slug.clone();
            if let Some(old) = self.kept.insert(slug, kept) {
                self.count(&old.words, false);
            }
        }
        if self.kept.len() > site.municipalities.len() {
            let slugs: HashSet<&str> = site
                .municipalities
                .iter()
                .map(|m| m.slug.as_str())
                .collect();
            let gone: Vec<String> = self
                .kept
                .keys()
                .filter(|s| !slugs.contains(s.as_str()))
                .cloned()
                .collect();
            for slug in gone {
                if let Some(old) = self.kept.remove(&slug) {
                    self.count(&old.words, false);
                }
            }
        }
        self.assemble(site, count)
    }

    /// Counts `words` in (`add`) or out of the word list.
    fn count(&mut self, words: &[String], add: bool) {
        for w in words {
            if add {
                *self.words.entry(w.clone()).or_default() += 1;
            } else if let Some(n) = self.words.get_mut(w) {
                *n -= 1;
                if *n == 0 {
                    self.words.remove(w);
                }
            }
        }
    }

    /// The parts, with the kept records in the model's order.
    fn assemble(&self, site: &Site, count: usize) -> Vec<Part> {
        let mut out: Vec<Part> = (0..count).map(|n| empty_part(site, n, count)).collect();
        for m in &site.municipalities {
            if let Some(k) = self.kept.get(&m.slug) {
                out[parts::part_of(&m.slug, count)]
                    .municipalities
                    .push((k.url.clone(), k.html.clone()));
            }
        }
        if count > 1 {
            let list = site_word_list(site, self.words.keys().cloned().collect());
            for part in &mut out {
                part.words = Some(list.clone());
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::Records;
    use crate::Site;
    use crate::search::Part;

    /// What the index is built from: every part's records and word list.
    fn seen(parts: &[Part]) -> Vec<(usize, u64, Option<String>)> {
        parts
            .iter()
            .map(|p| {
                let words = p.words.as_ref().map(|w| w.content.clone());
                (p.number, p.fingerprint("nl"), words)
            })
            .collect()
    }

    /// Kept records give the parts that fresh ones give, after a
    /// municipality changed, after one was left out, and after a topic
    /// was renamed (which every record with the topic names).
    #[test]
    fn kept_records_give_the_parts_of_fresh_ones() {
        let site = crate::search::tests::load("content");
        let mut kept = Records::default();
        let fresh = |site: &Site| seen(&Records::default().parts_in(site, 3));
        assert_eq!(seen(&kept.parts_in(&site, 3)), fresh(&site));

        let mut changed = site.clone();
        let mut m = (*changed.municipalities[2]).clone();
        m.notes = Some("Met het zoekproefwoord.".into());
        changed.municipalities[2] = Arc::new(m);
        let after = seen(&kept.parts_in(&changed, 3));
        assert_eq!(after, fresh(&changed));
        assert!(after[0].2.as_ref().unwrap().contains("zoekproefwoord"));

        // Back as it was: the word is gone from the word list again.
        let back = seen(&kept.parts_in(&site, 3));
        assert_eq!(back, fresh(&site));
        assert!(!back[0].2.as_ref().unwrap().contains("zoekproefwoord"));

        let mut fewer = site.clone();
        fewer.municipalities.remove(5);
        assert_eq!(seen(&kept.parts_in(&fewer, 3)), fresh(&fewer));

        let mut renamed = site.clone();
        let slug = site.municipalities[0].completed[0].topics[0].clone();
        let topic = renamed.topics.iter_mut().find(|t| t.slug == slug).unwrap();
        topic.name = "Hernoemd onderwerp".into();
        let after = seen(&kept.parts_in(&renamed, 3));
        assert_eq!(after, fresh(&renamed));
        assert_ne!(after, fresh(&site));
    }
}
