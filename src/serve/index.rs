//! `serve`'s search index, kept part by part (`search::parts`): after a
//! save only the part whose records changed is indexed again and served
//! at once (at 10,000 municipalities one part of about 500 instead
//! of the whole index), so that the preview's search finds the saved text
//! within a second. The records of municipalities that did not change are
//! kept from one save to the next (`search::Records`). When the save
//! changed the words of the site, the other parts' word lists follow in a
//! second step, which a newer save interrupts.
//!
//! The index thread runs at a lower priority than the rebuilds, so that
//! the author's pages come first; but the part of a save is what the
//! author searches next, so it is indexed on a pool of its own at normal
//! priority, alongside the pages that list the saved municipality (at a
//! lower priority it waited for them first: about a second at 10,000). The first index
//! of a session, a change that reaches many parts, and the word lists stay
//! at the lower priority.

use std::collections::BTreeMap;

use axum::body::Bytes;

use super::build::Served;
use crate::routes;
use crate::search::{self, Part, Records};
use crate::{Error, Site};

/// A part as last indexed: the fingerprints of its records and of its
/// word list, and its files.
struct Indexed {
    records: u64,
    words: u64,
    files: Served,
}

/// At most this many parts of a save are indexed at normal priority
/// (a save of one municipality changes one).
const URGENT_PARTS: usize = 2;

/// The index as last built, part by part.
pub struct Index {
    parts: BTreeMap<usize, Indexed>,
    records: Records,
    /// Threads at the priority of the thread that made the index, for the
    /// parts of a save; `None` where it could not be started.
    urgent: Option<rayon::ThreadPool>,
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
    /// An empty index. Its urgent pool takes the priority of the calling
    /// thread: call this before lowering it.
    pub fn new() -> Index {
        let urgent = rayon::ThreadPoolBuilder::new()
            .thread_name(|i| format!("vergelijk-index-{i}"))
            .build()
            .ok();
        Index {
            parts: BTreeMap::new(),
            records: Records::default(),
            urgent,
        }
    }

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
        // The first index of a session is no save's.
        let urgent = self.urgent.as_ref().filter(|_| !self.parts.is_empty());
        let records = &mut self.records;
        let parts: Vec<Part> = match urgent {
            Some(pool) => pool.install(|| records.parts(site)),
            None => records.parts(site),
        };
        let parts: Vec<Part> = parts.into_iter().filter(|p| !p.is_empty()).collect();
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
                    let indexed = match urgent.filter(|_| rebuilt <= URGENT_PARTS) {
                        Some(pool) => pool.install(|| index(site, part, records, words))?,
                        None => index(site, part, records, words)?,
                    };
                    self.parts.insert(indexed.0, indexed.1);
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
            let (number, indexed) = index(site, part, records, words)?;
            self.parts.insert(number, indexed);
        }
        publish(self.updated(&numbers, count, true));
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

/// Indexes `part`, whose fingerprints are `records` and `words`: its
/// number and what to keep of it.
fn index(site: &Site, part: Part, records: u64, words: u64) -> Result<(usize, Indexed), Error> {
    let number = part.number;
    let files = search::parts::index_part(site, part)?
        .into_iter()
        .map(|(k, v)| (k, Bytes::from(v)))
        .collect();
    Ok((
        number,
        Indexed {
            records,
            words,
            files,
        },
    ))
}
