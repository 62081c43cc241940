//! Unit tests of `markdown`.

use super::*;

#[test]
fn the_cache_gives_what_render_gives_and_forgets_what_a_build_left_unused() {
    let cache = Cache::default();
    let at = |root| Placement {
        root,
        top_heading: 3,
        heading_ids: false,
        contact: None,
    };
    let text = "# Kop\n\n[naar Delft](/gemeenten/delft/)";
    assert_eq!(cache.render(text, at("../")), render(text, at("../")));
    assert_eq!(cache.render(text, at("../")), render(text, at("../")));
    assert_eq!(cache.render(text, at("")), render(text, at("")));
    assert_eq!(cache.len(), 2);
    cache.sweep();
    assert_eq!(cache.len(), 2);
    cache.render(text, at(""));
    cache.sweep();
    assert_eq!(cache.len(), 1);
}

fn comrak_only(markdown: &str) -> String {
    let arena = Arena::new();
    let options = options();
    let root = parse_document(&arena, markdown, &options);
    let mut html = String::new();
    let _ = format_html(root, &options, &mut html);
    html
}

proptest::proptest! {
    /// The shortcut for plain prose gives exactly what comrak gives,
    /// and takes every text of the synthetic sites.
    #[test]
    fn plain_paragraphs_render_as_comrak_does(
        text in "\n?[A-Za-zéÉ][A-Za-zé0-9 ,.;?()%/'-]{0,30}(\n\n[a-zA-Z][a-z ,.;?()%/'0-9-]{0,30}){0,3}\n? ?",
    ) {
        if let Some(html) = plain_paragraphs(&text) {
            proptest::prop_assert_eq!(html, comrak_only(&text));
        }
    }

    /// Whatever the text, the shortcut never gives other HTML than comrak.
    #[test]
    fn plain_paragraphs_never_differ_from_comrak(text in "[a-zA-Z0-9 .,:;?!()%/'\"*_#>+=|~`<>&@\\\n\t\\[\\]-]{0,40}") {
        if let Some(html) = plain_paragraphs(&text) {
            proptest::prop_assert_eq!(html, comrak_only(&text));
        }
    }
}

#[test]
fn plain_paragraphs_take_prose_and_leave_markup() {
    let prose = "Gemeente (2020) zet 5% in; ook bij 't dorpshuis?\n\nTweede alinea.";
    assert!(plain_paragraphs(prose).is_some());
    for markup in [
        "*vet*",
        "- lijst",
        "Zie www.delft.nl",
        "a  \nb",
        "a\nb",
        "1. een",
        "<b>x</b>",
        "# Kop",
        "a & b",
    ] {
        assert_eq!(plain_paragraphs(markup), None, "{markup:?}");
    }
}

const AT_ROOT: Placement<'static> = Placement {
    root: "",
    top_heading: 2,
    heading_ids: false,
    contact: None,
};

#[test]
fn plain_text_drops_markup_and_keeps_words() {
    let text = plain_text("## Kop\n\n**Vet** en [link](https://x.org).\n\n- een\n- twee");
    assert_eq!(text, "Kop Vet en link. een twee");
}

#[test]
fn raw_html_is_shown_as_text() {
    let html = render("<script>alert(1)</script> and <b>x</b>", AT_ROOT);
    assert!(!html.contains("<script"), "{html}");
    assert!(html.contains("&lt;script&gt;"), "{html}");
}

#[test]
fn dangerous_links_lose_their_target_but_keep_their_text() {
    for url in [
        "javascript:alert(1)",
        "JaVaScRiPt:x",
        "java\tscript:x",
        "data:text/html,x",
        "vbscript:x",
        "//evil.example/x",
    ] {
        let html = render(&format!("[klik]({url})"), AT_ROOT);
        assert!(!html.contains("<a"), "{url}: {html}");
        assert!(html.contains("klik"), "{url}: {html}");
    }
}

#[test]
fn safe_links_are_kept() {
    let html = render(
        "[a](https://example.org) [b](mailto:x@example.org) [c](../d/) [e](#f)",
        AT_ROOT,
    );
    assert_eq!(html.matches("<a href").count(), 4, "{html}");
}

#[test]
fn root_relative_links_follow_the_page_depth() {
    let html = render(
        "[Delft](/gemeenten/delft/)",
        Placement {
            root: "../../",
            top_heading: 2,
            heading_ids: false,
            contact: None,
        },
    );
    assert!(html.contains(r#"href="../../gemeenten/delft/""#), "{html}");
}

#[test]
fn remote_images_become_links_and_data_images_go() {
    let html = render(
        "![logo](https://example.org/x.png) ![x](data:image/png;base64,AAAA)",
        AT_ROOT,
    );
    assert!(!html.contains("<img"), "{html}");
    assert!(
        html.contains(r#"<a href="https://example.org/x.png">logo</a>"#),
        "{html}"
    );
}

#[test]
fn page_headings_get_unique_ids_that_heading_ids_predicts() {
    let text = "## Gedaan en gepland\n\nTekst\n\n## Gedaan en gepland\n\n### `code` kop";
    let html = render(
        text,
        Placement {
            root: "",
            top_heading: 2,
            heading_ids: true,
            contact: None,
        },
    );
    assert_eq!(
        heading_ids(text),
        vec!["gedaan-en-gepland", "gedaan-en-gepland-2", "code-kop"]
    );
    assert!(html.contains("<h2 id=\"gedaan-en-gepland\">"), "{html}");
    assert!(html.contains("<h2 id=\"gedaan-en-gepland-2\">"), "{html}");
    assert!(html.contains("<h3 id=\"code-kop\">"), "{html}");
    // Notes and descriptions get none.
    assert!(!render(text, AT_ROOT).contains(" id="));
}

#[test]
fn a_link_to_contact_mails_the_site_contact() {
    let at = |contact| Placement {
        root: "",
        top_heading: 2,
        heading_ids: false,
        contact,
    };
    let text = "Zie [mail de redactie](contact:).";
    let html = render(text, at(Some("redactie@example.org")));
    assert!(
        html.contains("<a href=\"mailto:redactie@example.org\">mail de redactie</a>"),
        "{html}"
    );
    // Without an address there is no link, only the words.
    let html = render(text, at(None));
    assert!(!html.contains("<a"), "{html}");
    assert!(html.contains("mail de redactie"), "{html}");
}

#[test]
fn headings_are_shifted_below_the_page_title() {
    let at = |top_heading| Placement {
        root: "",
        top_heading,
        heading_ids: false,
        contact: None,
    };
    let html = render("# A\n\n## B\n\n###### C", at(3));
    assert!(html.contains("<h3>A</h3>"), "{html}");
    assert!(html.contains("<h4>B</h4>"), "{html}");
    assert!(html.contains("<h6>C</h6>"), "{html}");
    // Already low enough: kept as written.
    let html = render("## A\n\n### B", at(2));
    assert!(
        html.contains("<h2>A</h2>") && html.contains("<h3>B</h3>"),
        "{html}"
    );
}
