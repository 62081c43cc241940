//! Regression tests for the bugs the hostile fixture (`tests/fixtures/hostile/`)
//! showed, one test each, named after the bug. The browser suite
//! (`tests/browser/test/hostile.test.js`) checks the same in Chromium.

use crate::common::*;

/// A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is
/// run as a formula when the CSV is opened in a spreadsheet (OWASP "CSV
/// injection"). The hostile fixture has effort titles
/// `=HYPERLINK("https://evil.example/","klik hier")` and `@SUM(1+1)*cmd|…`.
#[test]
fn csv_injection_formulas_are_not_exported_as_formulas() {
    let dir = site_from("hostile");
    let public = build(dir.path());
    let mut reader = csv::Reader::from_path(public.join("data/inzet.csv")).unwrap();
    let mut formulas = Vec::new();
    for record in reader.records() {
        for cell in record.unwrap().iter() {
            let numeric = cell
                .trim_start_matches('-')
                .starts_with(|c: char| c.is_ascii_digit());
            if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) && !numeric {
                formulas.push(cell.to_string());
            }
        }
    }
    assert!(
        formulas.is_empty(),
        "cells a spreadsheet runs as formulas: {formulas:#?}"
    );
}

/// An unclosed U+202E (RIGHT-TO-LEFT OVERRIDE) in a name reverses the text
/// the template puts after it: in `<title>` the site's name, in the footer
/// and in "Klopt dit niet?" the rest of the sentence. Direction controls
/// (U+202A–U+202E, U+2066–U+2069) should be refused by `check`, or closed
/// (U+202C / U+2069) where a field ends.
#[test]
fn bidi_override_in_a_name_does_not_leak_into_the_title() {
    let dir = site_from("hostile");
    let public = build(dir.path());
    let doc = parse(&public.join("gemeenten/hostiel/index.html"));
    let title = doc
        .select(&sel("title"))
        .next()
        .unwrap()
        .text()
        .collect::<String>();
    let mut open = 0usize;
    for c in title.chars() {
        match c {
            '\u{202A}'..='\u{202E}' if c != '\u{202C}' => open += 1,
            '\u{2066}'..='\u{2068}' => open += 1,
            '\u{202C}' | '\u{2069}' => open = open.saturating_sub(1),
            _ => {}
        }
    }
    assert_eq!(open, 0, "unclosed direction controls in <title>: {title:?}");
}
