//! Regression tests for the bugs the hostile fixture (`tests/fixtures/hostile/`)
//! showed, one test each, named after the bug. What needs a browser is in
//! `tests/browser/test/hostile.test.js`: that nothing runs, and that a
//! direction override leaks into no text around it (the `<title>` of every
//! page included: the bug `bidi_override_in_a_name_does_not_leak_into_the_title`).

use crate::common::*;

/// A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is
/// run as a formula when the CSV is opened in a spreadsheet (OWASP "CSV
/// injection"). The hostile fixture has effort titles
/// `=HYPERLINK("https://evil.example/","klik hier")` and `@SUM(1+1)*cmd|…`.
/// Every CSV file of the output is checked (the fixture has no history, so
/// today only data/inzet.csv), headers included.
#[test]
fn csv_injection_formulas_are_not_exported_as_formulas() {
    let dir = site_from("hostile");
    let public = build(dir.path());
    let csvs: Vec<String> = files(&public)
        .into_iter()
        .filter(|f| f.ends_with(".csv"))
        .collect();
    assert!(!csvs.is_empty(), "no CSV file to check");
    let mut formulas = Vec::new();
    for file in &csvs {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_path(public.join(file))
            .unwrap();
        for record in reader.records() {
            for cell in record.unwrap().iter() {
                let numeric = cell
                    .strip_prefix('-')
                    .unwrap_or(cell)
                    .starts_with(|c: char| c.is_ascii_digit());
                if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) && !numeric {
                    formulas.push(format!("{file}: {cell}"));
                }
            }
        }
    }
    assert!(
        formulas.is_empty(),
        "cells a spreadsheet runs as formulas: {formulas:#?}"
    );
}
