//! Property tests standing in for a fuzzer: loading arbitrary or mangled
//! municipality files and rendering arbitrary Markdown never panics, never
//! hangs, and every reported problem has a position inside the file.
//!
//! CI runs the default number of cases. For a long local run:
//! `PROPTEST_CASES=200000 cargo test --release --test integration fuzz::`.

use crate::common;

use std::path::Path;

use proptest::prelude::*;
use vergelijk::render::markdown::{Placement, render};

const VALID: &str = r#"name = "Alfa"
province = "Utrecht"
sources = ["bron"]
target_groups = ["ouderen"]
notes = """
Werkt samen met **Beta**. [x](/gemeenten/beta-dorp/)
"""

[[completed]]
title = "Publiekscampagne"
topics = ["campagne"]
description = "Twee *avonden*."

[[planned]]
title = "Training"
topics = ["training", "campagne"]
"#;

/// Pieces of TOML and Markdown that make inputs reach deeper code paths.
fn token() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("[[completed]]\n".to_string()),
        Just("[[planned]]\n".to_string()),
        Just("title = ".to_string()),
        Just("topics = [".to_string()),
        Just("\"\"\"".to_string()),
        Just("name".to_string()),
        Just("\n".to_string()),
        Just("\u{feff}".to_string()),
        Just("é".to_string()),
        Just("\u{202e}".to_string()),
        Just("\r\n".to_string()),
        Just("[x](javascript:y)".to_string()),
        Just("<script>".to_string()),
        "[ -~]{0,12}",
        any::<char>().prop_map(|c| c.to_string()),
    ]
}

fn check_file(dir: &Path, bytes: &[u8]) {
    let file = dir.join("content/municipalities/alfa.toml");
    std::fs::write(&file, bytes).unwrap();
    let opts = common::options(dir);
    match vergelijk::check(&opts) {
        Ok(site) => {
            // A valid file renders too.
            vergelijk::render_site(&opts, &site).unwrap();
        }
        Err(vergelijk::Error::Content(diags)) => {
            assert!(!diags.is_empty());
            let text = String::from_utf8_lossy(bytes);
            let lines = text.split('\n').count().max(1);
            for d in diags.iter() {
                if let Some(loc) = &d.location {
                    assert!(
                        loc.line >= 1 && loc.line <= lines,
                        "line {} of {lines}: {d}",
                        loc.line
                    );
                    assert!(loc.column >= 1);
                }
                let _ = d.to_string();
            }
        }
        Err(e) => panic!("unexpected error kind: {e}"),
    }
}

proptest! {

    #[test]
    fn loading_arbitrary_bytes_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let dir = common::site_from("minimal");
        check_file(dir.path(), &bytes);
    }

    #[test]
    fn loading_tokens_never_panics(tokens in proptest::collection::vec(token(), 0..60)) {
        let dir = common::site_from("minimal");
        check_file(dir.path(), tokens.concat().as_bytes());
    }

    #[test]
    fn loading_a_mangled_valid_file_never_panics(
        at in 0..VALID.len(),
        cut in 0usize..20,
        insert in token(),
    ) {
        let mut at = at;
        while !VALID.is_char_boundary(at) { at -= 1; }
        let mut end = (at + cut).min(VALID.len());
        while !VALID.is_char_boundary(end) { end -= 1; }
        let text = format!("{}{}{}", &VALID[..at], insert, &VALID[end..]);
        let dir = common::site_from("minimal");
        check_file(dir.path(), text.as_bytes());
    }

    #[test]
    fn markdown_never_panics_and_never_emits_raw_html(
        tokens in proptest::collection::vec(prop_oneof![
            Just("# ".to_string()), Just("\n\n".to_string()), Just("[a](".to_string()), Just(")".to_string()),
            Just("![i](".to_string()), Just("<script>".to_string()), Just("<img src=x onerror=alert(1)>".to_string()),
            Just("javascript:".to_string()), Just("data:text/html,".to_string()), Just("|a|b|\n|-|-|\n".to_string()),
            Just("> ".to_string()), Just("* ".to_string()), Just("`".to_string()), Just("&#x3C;".to_string()),
            "[ -~]{0,10}",
        ], 0..80),
        top in 1u8..7,
    ) {
        let md = tokens.concat();
        let html = render(&md, Placement { root: "../", top_heading: top, heading_ids: false, contact: None });
        let doc = scraper::Html::parse_fragment(&html);
        for el in doc.root_element().descendants().filter_map(scraper::ElementRef::wrap) {
            let name = el.value().name();
            prop_assert!(!matches!(name, "script" | "iframe" | "object" | "embed" | "style"), "{name} in {html}");
            for (attr, value) in el.value().attrs() {
                prop_assert!(!attr.starts_with("on"), "{attr} in {html}");
                let v = value.trim().to_ascii_lowercase();
                prop_assert!(!v.starts_with("javascript:") && !v.starts_with("data:"), "{attr}={value} in {html}");
            }
            if name == "img" {
                // Local only: no scheme before the first `/`, `?` or `#`, and
                // not protocol-relative.
                let src = el.value().attr("src").unwrap_or("");
                let first = &src[..src.find(['/', '?', '#']).unwrap_or(src.len())];
                prop_assert!(!first.contains(':') && !src.starts_with("//"), "remote image {src}");
            }
        }
    }
}

#[test]
fn the_valid_seed_file_is_valid() {
    let dir = common::site_from("minimal");
    std::fs::write(dir.path().join("content/municipalities/alfa.toml"), VALID).unwrap();
    vergelijk::check(&common::options(dir.path())).unwrap();
}
