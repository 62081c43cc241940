//! The search index in parts: which part a municipality's record goes to,
//! where each part is written and how each is built.
//!
//! One Pagefind index over 10,000 municipalities held every record's
//! words, fragments and index in memory at once (about 1 GB), and in
//! `serve` every save rebuilt all of it (seconds). So the municipalities
//! are spread over parts of about [`PART_SIZE`], each a Pagefind index of
//! its own, built one after another, and the search page merges them in
//! the browser (Pagefind's `mergeIndex`, listed in [`routes::SEARCH_PARTS`]).
//! A municipality's part follows from its slug alone (a hash), so adding
//! or changing one changes only its own part; `serve` re-indexes the parts
//! whose records changed ([`Part::fingerprint`]). Part 0 is written where
//! a single index always was (`pagefind/`), with Pagefind's scripts and
//! WebAssembly and the records of topics and pages; a site of at most
//! [`PART_SIZE`] municipalities has that one part only, and its index is
//! what it was before the split.

use std::collections::{BTreeMap, HashSet};
use std::hash::{Hash, Hasher};

use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;

use super::Record;
use crate::Error;
use crate::model::Site;
use crate::render::Files;
use crate::routes;

/// How many municipalities a part holds, about. Smaller parts bound a
/// build's memory more tightly and make `serve` re-index less after a save;
/// every part adds its own word list to the build and its own files to a
/// first search. At 500 a build of 10,000 stays under 300 MB (at 1,000 it
/// took 316 to 328 MB), and a comparison of all 342 Dutch municipalities
/// keeps one index. Measured in BENCHMARKS.md.
pub const PART_SIZE: usize = 500;

/// Pagefind's default size of a chunk of the word index, in word
/// locations, and the smallest a part's chunks get.
const CHUNK_SIZE: usize = 20_000;
const MIN_CHUNK_SIZE: usize = 500;

/// Overrides [`PART_SIZE`], for tests and benchmarks that compare a split
/// index with a whole one (a number of municipalities, at least 1).
pub const PART_SIZE_VAR: &str = "VERGELIJK_SEARCH_PART_SIZE";

/// How many parts a site of `municipalities` has.
pub fn part_count(municipalities: usize) -> usize {
    let size = std::env::var(PART_SIZE_VAR)
        .ok()
        .and_then(|s| s.parse::<usize>().ok())
        .filter(|&n| n > 0)
        .unwrap_or(PART_SIZE);
    municipalities.div_ceil(size).max(1)
}

/// The part of the municipality with `slug`, of `parts`: FNV-1a of the
/// slug, the same on every machine and in every build.
pub fn part_of(slug: &str, parts: usize) -> usize {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in slug.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    // `parts` is small: the cast back cannot truncate.
    (h % parts as u64) as usize
}

/// The folder of part `number` in the output, without its last `/`.
pub fn part_dir(number: usize) -> String {
    let dir = if number == 0 {
        routes::PAGEFIND.to_string()
    } else {
        format!("{}{}", routes::PAGEFIND, routes::search_part(number))
    };
    dir.trim_end_matches('/').to_string()
}

/// The one value of the word-list filter (`zoeken.js` leaves out the
/// records that have it).
const WORDS_VALUE: &str = "ja";

/// What one part indexes: municipality records as HTML (URL, document),
/// in part 0 the records of topics, glossary words and pages, and, when
/// there is more than one part, the word list of the whole index.
pub struct Part {
    pub number: usize,
    /// How many parts the index has: it sets the chunk size.
    pub(super) of: usize,
    pub(super) municipalities: Vec<(String, String)>,
    pub(super) pages: Vec<Record>,
    pub(super) words: Option<Record>,
}

impl Part {
    /// A hash of the part's own records (not the word list): equal
    /// fingerprints, equal records (within one run of the program).
    pub fn fingerprint(&self, language: &str) -> u64 {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        language.hash(&mut h);
        self.of.hash(&mut h);
        self.municipalities.hash(&mut h);
        self.pages.hash(&mut h);
        h.finish()
    }

    /// A hash of the word list the part carries.
    pub fn words_fingerprint(&self) -> u64 {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        self.words.hash(&mut h);
        h.finish()
    }

    /// The part's municipality records: (URL, HTML document) pairs.
    pub fn municipality_records(&self) -> &[(String, String)] {
        &self.municipalities
    }

    /// Whether the part has nothing to index (a part of a small site the
    /// hash left empty): it is not written.
    pub fn is_empty(&self) -> bool {
        self.municipalities.is_empty() && self.pages.is_empty()
    }
}

/// The manifest for these parts: the folders of the non-empty parts after
/// the first.
pub fn manifest(parts: &[usize]) -> Vec<u8> {
    let dirs: Vec<String> = parts
        .iter()
        .filter(|&&n| n > 0)
        .map(|&n| routes::search_part(n))
        .collect();
    // Plain strings: serializing cannot fail.
    serde_json::to_vec(&dirs).unwrap_or_default()
}

/// Pagefind leaves out a query word that is nowhere in an index, and
/// matches a shorter form of it instead ("aa" for "aalberg"): in a split
/// index each part would do so for the words of the other parts, and a
/// search would find more than one whole index finds. So every part also
/// indexes this record: every word of every record once, excluded from
/// every search by its filter ([`routes::filter::WORD_LIST`]). With it, each part knows
/// the words the whole index knows.
pub(super) fn word_list(words: HashSet<String>) -> Record {
    let mut filters = BTreeMap::new();
    filters.insert(
        routes::filter::WORD_LIST.to_string(),
        vec![WORDS_VALUE.to_string()],
    );
    Record {
        url: routes::SEARCH_WORD_LIST.to_string(),
        // Sorted: the same index from one build to the next.
        content: {
            let mut words: Vec<String> = words.into_iter().collect();
            words.sort_unstable();
            words.join(" ")
        },
        meta: BTreeMap::from([("title".to_string(), "Woordenlijst".to_string())]),
        filters,
    }
}

/// Adds the words of `text` (an HTML record or plain text) to `into`, as
/// Pagefind indexes them: the text outside tags and outside the record's
/// metadata and filters, and the metadata values but the efforts' JSON
/// ([`super::EFFORTS_META`], which Pagefind does not index either);
/// unescaped, split at spaces, lowercased, without punctuation at either
/// end. Pagefind splits and stems them further as it does in the records
/// themselves.
pub(super) fn add_words(text: &str, into: &mut HashSet<String>) {
    let (before, ignored, after) = match text.split_once(super::IGNORED_OPEN) {
        Some((before, rest)) => match rest.split_once(super::IGNORED_CLOSE) {
            Some((ignored, after)) => (before, ignored, after),
            None => (before, rest, ""),
        },
        None => (text, "", ""),
    };
    let mut plain = String::with_capacity(text.len());
    let mut in_tag = false;
    for c in before.chars().chain(" ".chars()).chain(after.chars()) {
        match c {
            '<' => {
                in_tag = true;
                plain.push(' ');
            }
            '>' => in_tag = false,
            c if !in_tag => plain.push(c),
            _ => {}
        }
    }
    for span in ignored.split(super::META_OPEN).skip(1) {
        let Some((name, rest)) = span.split_once(super::NAME_CLOSE) else {
            continue;
        };
        if name == super::EFFORTS_META {
            continue;
        }
        let value = rest.split_once(super::VALUE_CLOSE).map_or(rest, |(v, _)| v);
        plain.push(' ');
        plain.push_str(value);
    }
    let plain = plain
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&");
    for word in plain.split_whitespace() {
        let word = word.trim_matches(|c: char| !c.is_alphanumeric());
        if word.is_empty() || into.contains(word) {
            continue;
        }
        if word.chars().any(char::is_uppercase) {
            into.insert(word.to_lowercase());
        } else {
            into.insert(word.to_string());
        }
    }
}

fn search_error(e: impl Into<crate::error::Cause>) -> Error {
    Error::search(e)
}

/// Builds one part's Pagefind index: `pagefind/…` (or
/// `pagefind/deelN/…`) -> bytes. Parts after the first keep only their
/// index (entry, metadata, word, filter and fragment files): the search
/// page loads Pagefind's scripts and WebAssembly from the first.
pub fn index_part(site: &Site, part: Part) -> Result<Files, Error> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(search_error)?;
    let dir = part_dir(part.number);
    let first = part.number == 0;
    runtime.block_on(async {
        // Each part's word index in chunks of its share of Pagefind's
        // default size: a word's first search then loads about as many
        // bytes from all parts together as from one whole index.
        let parts = part.of;
        let config = PagefindServiceConfig::builder()
            .force_language(site.config.language.clone())
            .keep_index_url(false)
            .index_chunk_size((CHUNK_SIZE / parts).max(MIN_CHUNK_SIZE))
            // Pagefind 1.6 indexes the words of metadata too. Those of the
            // efforts' JSON (compounds such as `anetwerkmethuisartsent`)
            // were 11% of the index's bytes and 17% of a build's CPU time
            // at 10,000; the efforts' titles and topics are in the record's
            // text already.
            .unindexed_meta(vec![super::EFFORTS_META.to_string()])
            .build();
        let mut index = PagefindIndex::new(Some(config)).map_err(search_error)?;
        let records = part
            .municipalities
            .into_iter()
            .map(|(url, html)| (None, Some(url), html))
            .collect();
        index.add_html_files(records).await.map_err(search_error)?;
        for r in part.pages.into_iter().chain(part.words) {
            index
                .add_custom_record(
                    r.url,
                    r.content,
                    site.config.language.clone(),
                    Some(r.meta),
                    Some(r.filters),
                    None,
                )
                .await
                .map_err(search_error)?;
        }
        let files = index.take_files().await.map_err(search_error)?;
        let mut out = BTreeMap::new();
        for f in files {
            let rel = f
                .filename
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            let name = rel.rsplit('/').next().unwrap_or(&rel);
            let keep = if first {
                // We ship our own accessible search page, highlight on the
                // results page only, and force one language: Pagefind's
                // bundled UIs, its highlighter and the fallback engine are
                // dead weight.
                !(name.starts_with("pagefind-ui")
                    || name.starts_with("pagefind-modular-ui")
                    || name.starts_with("pagefind-component-ui")
                    || name.starts_with("pagefind-highlight")
                    || name == "wasm.unknown.pagefind")
            } else {
                name == "pagefind-entry.json"
                    || name.ends_with(".pf_meta")
                    || ["index/", "filter/", "fragment/"]
                        .iter()
                        .any(|d| rel.starts_with(d))
            };
            if keep {
                out.insert(format!("{dir}/{rel}"), f.contents);
            }
        }
        Ok(out)
    })
}
