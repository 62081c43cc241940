//! `serve`'s search index, kept part by part (`search::parts`): after a
//! save only the part whose records changed is indexed again and served
//! at once (at 10,000 municipalities one part of about 500 instead
//! of the whole index), so that the preview's search finds the saved text
//! about a second later. When the save changed the words of the site, the
//! other parts' word lists follow in a second step, which a newer save
//! interrupts.

use std::collections::BTreeMap;

use axum::body::Bytes;

use super::build::Served;
use crate::routes;
use crate::search::{self, Part};
use crate::{Error, Site};

/// A part as last indexed: the fingerprints of its records and of its
/// word list, and its files.
struct Indexed {
    records: u64,
    words: u64,
    files: Served,
}

/// The index as last built, part by part.
#[derive(Default)]
pub struct Index {
    parts: BTreeMap<usize, Indexed>,
}

/// One published state of the index: every file, how many parts were
/// indexed again for it, of how many, and whether only for their word
/// lists (the second step).
pub struct Updated {
    pub files: Served,
    pub rebuilt: usize,
    pub parts: usize,
    pub words_only: bool,
}

impl Index {
    /// Brings the index up to `site`: first the parts whose records
    /// changed, handed to `publish`; then, unless `stop` says a newer site
    /// waits, the parts whose word list alone changed, handed to `publish`
    /// again.
    pub fn update(
        &mut self,
        site: &Site,
        mut publish: impl FnMut(Updated),
        stop: impl Fn() -> bool,
    ) -> Result<(), Error> {
        let language = &site.config.language;
        let parts: Vec<Part> = search::parts(site)
            .into_iter()
            .filter(|p| !p.is_empty())
            .collect();
        let numbers: Vec<usize> = parts.iter().map(|p| p.number).collect();
        self.parts.retain(|n, _| numbers.contains(n));
        let mut rest = Vec::new();
        let mut rebuilt = 0;
        for part in parts {
            let records = part.fingerprint(language);
            let words = part.words_fingerprint();
            match self.parts.get(&part.number) {
                Some(old) if old.records == records && old.words == words => {}
                Some(old) if old.records == records => rest.push(part),
                _ => {
                    rebuilt += 1;
                    self.index(site, part, records, words)?;
                }
            }
        }
        if rebuilt > 0 || rest.is_empty() {
            publish(self.updated(&numbers, rebuilt, false));
        }
        if rest.is_empty() {
            return Ok(());
        }
        let count = rest.len();
        for part in rest {
            if stop() {
                return Ok(());
            }
            let records = part.fingerprint(language);
            let words = part.words_fingerprint();
            self.index(site, part, records, words)?;
        }
        publish(self.updated(&numbers, count, true));
        Ok(())
    }

    fn index(&mut self, site: &Site, part: Part, records: u64, words: u64) -> Result<(), Error> {
        let number = part.number;
        let files = search::parts::index_part(site, part)?
            .into_iter()
            .map(|(k, v)| (k, Bytes::from(v)))
            .collect();
        self.parts.insert(
            number,
            Indexed {
                records,
                words,
                files,
            },
        );
        Ok(())
    }

    fn updated(&self, numbers: &[usize], rebuilt: usize, words_only: bool) -> Updated {
        let mut files: Served = self
            .parts
            .values()
            .flat_map(|p| p.files.iter().map(|(k, v)| (k.clone(), v.clone())))
            .collect();
        files.insert(
            routes::SEARCH_PARTS.to_string(),
            Bytes::from(search::parts::manifest(numbers)),
        );
        Updated {
            files,
            rebuilt,
            parts: numbers.len(),
            words_only,
        }
    }
}
