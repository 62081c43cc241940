use std::collections::HashSet;

use super::{parts, record, topic_map};

/// The site in `dir` of the repository (`content`, `tests/fixtures/…`).
pub(super) fn load(dir: &str) -> crate::Site {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let options = crate::content::LoadOptions {
        themes: vec!["default".into()],
        base_url: None,
    };
    crate::content::load(&dir, &options).unwrap()
}

/// The record of Zandwijk in the fixture with earlier states.
fn zandwijk_record() -> String {
    let site = load("tests/fixtures/history");
    let m = site
        .municipalities
        .iter()
        .find(|m| m.slug == "zandwijk")
        .unwrap();
    record(&site, &topic_map(&site), m).1
}

#[test]
fn earlier_efforts_are_sections_marked_with_their_date() {
    let html = zandwijk_record();
    // Linked to its date in the page's "Voortgang".
    assert!(
        html.contains("<h2 id=\"voortgang-training-2020-02-01\">Vrijwilligers trainen</h2>"),
        "{html}"
    );
    assert!(html.contains("Stand van 1 februari 2020"), "{html}");
    // Its status says when; it is no value of the status filter.
    assert!(
        html.contains("&quot;s&quot;:&quot;eerder: gepland op 1 februari 2020&quot;"),
        "{html}"
    );
    assert!(!html.contains("data-pagefind-filter=\"status\">eerder"));
    // What was no longer mentioned is not found again.
    assert_eq!(html.matches("Folder maken").count(), 2, "{html}");
}

/// The word list of a split index once held every token of the records'
/// metadata too (the effort JSON: `a":"netwerk-met-huisartsen","t":"netwerk`),
/// which Pagefind does not index: at 10,000 municipalities 1.6 MB of words
/// that every part indexed again, instead of 0.1 MB. The other metadata
/// values Pagefind does index (`soort`, `verdeling`): a part without them
/// would shorten a query word the whole index has.
#[test]
fn the_word_list_has_the_words_pagefind_indexes_and_not_the_efforts_json() {
    let html = zandwijk_record();
    let mut words = HashSet::new();
    parts::add_words(&html, &mut words);
    // The name, the efforts' titles and texts, and the metadata values.
    for w in ["zandwijk", "vrijwilligers", "trainen", "stand", "gemeente"] {
        assert!(words.contains(w), "{w} missing from {words:?}");
    }
    // Nothing of the efforts' JSON, and no filter that is no text.
    assert!(
        words.iter().all(|w| !w.contains('"') && !w.contains(':')),
        "{words:?}"
    );
    for w in ["eerder", "gedaan"] {
        assert!(!words.contains(w), "{w} in {words:?}");
    }
}

/// The editors' mark of a reconstructed split is metadata that Pagefind
/// indexes, and so is in the word list.
#[test]
fn the_word_list_has_the_mark_of_a_reconstructed_split() {
    let site = load("content");
    let m = site
        .municipalities
        .iter()
        .find(|m| m.split_reconstructed)
        .unwrap();
    let html = record(&site, &topic_map(&site), m).1;
    let mut words = HashSet::new();
    parts::add_words(&html, &mut words);
    assert!(words.contains("redactie"), "{words:?}");
}
