//! What the site says about its own data: when it is from, which splits are
//! the editors' reading, what the source leaves empty, what a source singles
//! out, what a word means and where to look further. One build of the
//! bundled site serves the read-only checks; fixtures test the generic
//! behaviour and the content checks.

use std::collections::BTreeSet;
use std::path::Path;

use crate::common::*;
use scraper::{ElementRef, Html};

fn page(path: &str) -> Html {
    parse(&bundled().public.join(path))
}

/// Every HTML page of the bundled build: relative path and text.
fn html_pages() -> Vec<(String, String)> {
    let public = &bundled().public;
    files(public)
        .into_iter()
        .filter(|f| f.ends_with(".html"))
        .map(|f| {
            let text = std::fs::read_to_string(public.join(&f)).unwrap();
            (f, text)
        })
        .collect()
}

/// The element right after the page's `h1`.
fn after_h1(doc: &Html) -> ElementRef<'_> {
    let h1 = doc.select(&sel("main h1")).next().expect("an h1");
    h1.next_siblings()
        .find_map(ElementRef::wrap)
        .expect("something after the h1")
}

#[test]
fn every_overview_states_the_peildatum_right_below_its_h1() {
    let site = &bundled().site;
    let mut pages = vec![
        "index.html".to_string(),
        "matrix/index.html".into(),
        "vergelijk/index.html".into(),
        "gemeenten/index.html".into(),
        "onderwerpen/index.html".into(),
        "zoeken/index.html".into(),
    ];
    pages.extend(
        site.topics
            .iter()
            .map(|t| format!("onderwerpen/{}/index.html", t.slug)),
    );
    pages.extend(
        site.municipalities
            .iter()
            .map(|m| format!("gemeenten/{}/index.html", m.slug)),
    );
    for p in &pages {
        let doc = page(p);
        let next = after_h1(&doc);
        assert!(
            next.value().classes().any(|c| c == "peildatum"),
            "{p}: after the h1 comes {:?}",
            next.html()
        );
        let text = collapse(&next.text().collect::<String>());
        assert!(
            text.starts_with("Stand van zaken: 15 januari 2020.") && text.contains("veranderd"),
            "{p}: {text}"
        );
        let time = next.select(&sel("time")).next().unwrap();
        assert_eq!(time.value().attr("datetime"), Some("2020-01-15"), "{p}");
    }
}

#[test]
fn the_title_and_description_say_the_overview_is_of_january_2020() {
    let doc = page("index.html");
    assert!(text_of(&doc, "title").contains("januari 2020"));
    let description = doc
        .select(&sel("meta[name=description]"))
        .next()
        .unwrap()
        .value()
        .attr("content")
        .unwrap()
        .to_string();
    assert!(description.contains("januari 2020"), "{description}");
}

/// `updated` (23 november 2026 in the bundled files) is when the editors
/// last checked a file: no view may show it as the date of the information.
#[test]
fn the_updated_date_is_only_shown_as_when_the_editors_checked_the_page() {
    for (path, text) in html_pages() {
        assert!(!text.contains("Bijgewerkt"), "{path} says Bijgewerkt");
        if !text.contains("23 november 2026") {
            continue;
        }
        assert!(path.starts_with("gemeenten/"), "{path} shows the date");
        let doc = Html::parse_document(&text);
        let source = text_of(&doc, "section[aria-labelledby=bron]");
        assert!(
            source.contains(
                "De redactie heeft deze pagina voor het laatst met de bronnen vergeleken op 23 november 2026"
            ),
            "{path}: {source}"
        );
        let outside: String = doc
            .select(&sel("main > *:not(section[aria-labelledby=bron])"))
            .map(|e| e.text().collect::<String>())
            .collect();
        assert!(!outside.contains("23 november 2026"), "{path}");
    }
}

/// The municipalities whose split is the editors' reading.
fn reconstructed() -> BTreeSet<String> {
    bundled()
        .site
        .municipalities
        .iter()
        .filter(|m| m.split_reconstructed)
        .map(|m| m.name.clone())
        .collect()
}

/// The names in `doc` at `rows` (each row's first link) that carry the
/// reconstructed mark, checking that each mark links to the explanation.
fn marked(doc: &Html, rows: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for row in doc.select(&sel(rows)) {
        let Some(mark) = row.select(&sel(".label-reconstructed")).next() else {
            continue;
        };
        assert_eq!(
            collapse(&mark.text().collect::<String>()),
            "Indeling door de redactie"
        );
        let href = mark.value().attr("href").expect("the mark is a link");
        assert!(
            href.ends_with("over/#gedaan-en-gepland-soms-zelf-ingedeeld"),
            "{href}"
        );
        let name = row.select(&sel("a")).next().unwrap();
        out.insert(collapse(&name.text().collect::<String>()));
    }
    out
}

#[test]
fn reconstructed_splits_are_marked_in_every_view_and_no_other() {
    let want = reconstructed();
    assert!(
        !want.is_empty() && want.len() < bundled().site.municipalities.len(),
        "{want:?}"
    );
    // The explanation the marks link to exists.
    let over = page("over/index.html");
    assert_eq!(
        over.select(&sel("h2#gedaan-en-gepland-soms-zelf-ingedeeld"))
            .count(),
        1
    );
    assert_eq!(
        marked(&page("index.html"), "#vergelijkingstabel tbody th"),
        want,
        "home"
    );
    assert_eq!(
        marked(&page("matrix/index.html"), "table.matrix tbody th"),
        want,
        "matrix"
    );
    assert_eq!(
        marked(&page("vergelijk/index.html"), ".side-by-side thead th.c"),
        want,
        "side by side"
    );
    let site = &bundled().site;
    for t in &site.topics {
        let doc = page(&format!("onderwerpen/{}/index.html", t.slug));
        let listed: BTreeSet<String> = texts(&doc, "ul.topic-entries > li > a")
            .into_iter()
            .collect();
        let got = marked(&doc, "ul.topic-entries > li");
        assert_eq!(
            got,
            listed.intersection(&want).cloned().collect(),
            "topic {}",
            t.slug
        );
    }
    for m in &site.municipalities {
        let doc = page(&format!("gemeenten/{}/index.html", m.slug));
        assert_eq!(
            doc.select(&sel("main .notice .label-reconstructed"))
                .count(),
            usize::from(m.split_reconstructed),
            "{}",
            m.name
        );
    }
}

#[test]
fn empty_cells_say_the_source_names_nothing_never_nothing() {
    for (path, text) in html_pages() {
        for claim in [
            ">Niets<",
            ">niets<",
            "– niets",
            ">Geen<",
            "Geen bijzonderheden",
        ] {
            assert!(!text.contains(claim), "{path} claims {claim:?}");
        }
    }
    // Amsterdam planned nothing that the source names.
    let doc = page("index.html");
    let amsterdam = doc
        .select(&sel("#amsterdam td[data-label=Gepland]"))
        .next()
        .unwrap();
    assert_eq!(
        collapse(&amsterdam.text().collect::<String>()),
        "Niet genoemd in de bron"
    );
    // The matrix says it to screen readers too.
    let matrix = page("matrix/index.html");
    assert!(
        texts(&matrix, "table.matrix td .visually-hidden")
            .iter()
            .any(|t| t == "niet genoemd in de bron")
    );
}

#[test]
fn the_efforts_the_article_singles_out_are_marked_listed_and_filterable() {
    let site = &bundled().site;
    let notable: Vec<(String, String)> = site
        .municipalities
        .iter()
        .flat_map(|m| {
            m.completed
                .iter()
                .chain(&m.planned)
                .filter(|e| e.notable.is_some())
                .map(|e| (m.slug.clone(), e.anchor.clone()))
        })
        .collect();
    assert_eq!(
        notable.iter().map(|(m, _)| m.as_str()).collect::<Vec<_>>(),
        ["amsterdam", "delft", "haarlemmermeer"]
    );
    for (m, anchor) in &notable {
        let doc = page(&format!("gemeenten/{m}/index.html"));
        let label = text_of(&doc, &format!("#{anchor} .notable .label-notable"));
        assert_eq!(label, "Opvallend");
        // No other effort on the page carries the label.
        assert_eq!(doc.select(&sel(".efforts .label-notable")).count(), 1);
    }
    let home = page("index.html");
    let links: Vec<String> = home
        .select(&sel(
            "section[aria-labelledby=opvallend] li > a:first-child",
        ))
        .map(|a| a.value().attr("href").unwrap().to_string())
        .collect();
    let want: Vec<String> = notable
        .iter()
        .map(|(m, a)| format!("gemeenten/{m}/#{a}"))
        .collect();
    assert_eq!(links, want);
    assert_eq!(
        home.select(&sel("#vergelijkingstabel .label-notable"))
            .count(),
        3
    );
    let search = page("zoeken/index.html");
    assert!(
        texts(&search, ".search-filters legend")
            .iter()
            .any(|l| l == "Opvallend")
    );
    assert_eq!(
        search
            .select(&sel("input[name=opvallend][value='Opvallende inzet']"))
            .count(),
        1
    );
}

/// Elements whose text the glossary never links.
const NO_LINKS_IN: &str = "h1, h2, h3, h4, h5, h6, a, label, button, summary, .visually-hidden";

#[test]
fn glossary_links_resolve_once_per_page_and_skip_headings_and_links() {
    let Built { site, public, .. } = bundled();
    let glossary = page("begrippen/index.html");
    let ids: BTreeSet<String> = glossary
        .select(&sel("dl.glossary dt"))
        .map(|dt| dt.value().attr("id").unwrap().to_string())
        .collect();
    assert_eq!(ids.len(), site.glossary.len());
    for dd in texts(&glossary, "dl.glossary dd") {
        assert!(!dd.is_empty());
    }
    let mut linked_anywhere = BTreeSet::new();
    for (path, text) in html_pages() {
        let doc = Html::parse_document(&text);
        let mut on_page = BTreeSet::new();
        for a in doc.select(&sel("a.term")) {
            let href = a.value().attr("href").unwrap();
            let (to, id) = href.split_once('#').unwrap();
            let target = public
                .join(path.rsplit_once('/').map_or("", |(d, _)| d))
                .join(to);
            assert!(
                target.join("index.html").is_file() && target.ends_with("begrippen/"),
                "{path}: {href}"
            );
            assert!(ids.contains(id), "{path}: {href}");
            assert!(on_page.insert(id.to_string()), "{path} links {id} twice");
            linked_anywhere.insert(id.to_string());
            // Never inside an element whose text is not linked.
            let mut up = a.parent();
            while let Some(node) = up {
                if let Some(el) = ElementRef::wrap(node) {
                    assert!(
                        !sel(NO_LINKS_IN).matches(&el),
                        "{path}: a glossary link inside <{}>",
                        el.value().name()
                    );
                }
                up = node.parent();
            }
        }
        assert_eq!(
            doc.select(&sel("header a.term, footer a.term")).count(),
            0,
            "{path}"
        );
        if path == "begrippen/index.html" {
            assert!(on_page.is_empty(), "the glossary links itself");
        }
    }
    // Most words are linked in running text somewhere.
    assert!(linked_anywhere.len() >= 8, "{linked_anywhere:?}");
    // A word in an effort's title (a heading) is explained right below it.
    let heerlen = page("gemeenten/heerlen/index.html");
    assert!(
        texts(&heerlen, ".efforts .terms a")
            .iter()
            .any(|t| t == "social impact bond"),
        "{:?}",
        texts(&heerlen, ".efforts .terms")
    );
}

#[test]
fn every_municipality_links_its_own_website() {
    let site = &bundled().site;
    let compare = page("vergelijk/index.html");
    for m in &site.municipalities {
        let url = m
            .website
            .as_deref()
            .unwrap_or_else(|| panic!("{} has no website", m.name));
        assert!(
            url.starts_with("https://") && url.ends_with(".nl/"),
            "{url}"
        );
        let doc = page(&format!("gemeenten/{}/index.html", m.slug));
        let hrefs: Vec<&str> = doc
            .select(&sel(".facts dd a"))
            .filter_map(|a| a.value().attr("href"))
            .collect();
        assert!(hrefs.contains(&url), "{}: {hrefs:?}", m.name);
        assert_eq!(
            compare
                .select(&sel(&format!("td.c-{} a[href='{url}']", m.slug)))
                .count(),
            1,
            "{}",
            m.name
        );
    }
}

#[test]
fn the_about_page_mails_the_contact_address_of_site_toml() {
    let site = &bundled().site;
    let mail = format!("mailto:{}", site.config.contact.as_deref().unwrap());
    let over = page("over/index.html");
    assert!(
        over.select(&sel(&format!("main a[href='{mail}']"))).count() >= 1,
        "no link to {mail}"
    );
}

/// A source's `url` is linked where the source is cited; without one the
/// title stays plain text (the bundled sources have none, so a fixture).
#[test]
fn a_source_with_an_address_is_linked_where_it_is_cited() {
    let dir = site_from("minimal");
    let public = build(dir.path());
    let doc = parse(&public.join("gemeenten/alfa/index.html"));
    for where_ in ["section[aria-labelledby=bron]", "footer"] {
        assert_eq!(
            doc.select(&sel(&format!(
                "{where_} a[href='https://example.org/bron']"
            )))
            .count(),
            1,
            "{where_}"
        );
    }
    // The bundled sources have no address: their titles are plain text.
    let bundled_public = &bundled().public;
    let home = parse(&bundled_public.join("index.html"));
    assert_eq!(home.select(&sel("footer p a[href^=http]")).count(), 0);
}

// ---- Content checks ----

fn check(dir: &Path) -> (Option<i32>, String) {
    let out = run(dir, &["check"]);
    (out.status.code(), stderr(&out))
}

#[test]
fn a_glossary_word_given_twice_or_without_explanation_is_an_error_with_its_position() {
    let dir = site_from("minimal");
    write(
        dir.path(),
        "glossary.toml",
        "[[terms]]\nterm = \"campagne\"\nexplanation = \"Iets.\"\n\n[[terms]]\nterm = \"training\"\nexplanation = \" \"\nforms = [\"Campagne\"]\n",
    );
    let (code, err) = check(dir.path());
    assert_eq!(code, Some(1), "{err}");
    assert_diagnostics!(err);
}

#[test]
fn a_glossary_word_no_text_uses_is_a_warning_with_its_position() {
    let dir = site_from("minimal");
    write(
        dir.path(),
        "glossary.toml",
        "[[terms]]\nterm = \"vrijwilligers\"\nexplanation = \"Mensen die onbetaald helpen.\"\n\n[[terms]]\nterm = \"zeppelin\"\nexplanation = \"Een luchtschip.\"\n",
    );
    let (code, err) = check(dir.path());
    assert_eq!(code, Some(0), "{err}");
    assert_diagnostics!(err);
    // The word that is used is linked on the page that uses it, once.
    let public = build(dir.path());
    let doc = parse(&public.join("gemeenten/alfa/index.html"));
    assert!(
        doc.select(&sel("a.term[href='../../begrippen/#vrijwilligers']"))
            .count()
            <= 1
    );
    assert_eq!(
        texts(&doc, ".efforts .terms a"),
        ["vrijwilligers"],
        "the title 'Trainen van vrijwilligers' is explained below it"
    );
}

#[test]
fn reconstructed_info_must_name_a_page_and_a_heading_on_it() {
    let dir = site_from("minimal");
    let site_toml = dir.path().join("content/site.toml");
    let text = std::fs::read_to_string(&site_toml).unwrap();
    let with = |value: &str| {
        std::fs::write(
            &site_toml,
            format!("reconstructed_info = \"{value}\"\n{text}"),
        )
        .unwrap();
        check(dir.path())
    };
    let (code, err) = with("ovr#kop");
    assert_eq!(code, Some(1), "{err}");
    assert_diagnostics!(err);
    let (code, err) = with("over#kp");
    assert_eq!(code, Some(1), "{err}");
    assert_diagnostics!(err);
    let (code, err) = with("over");
    assert_eq!(code, Some(1), "{err}");
    assert_diagnostics!(err);
    let (code, err) = with("over#kop");
    assert_eq!(code, Some(0), "{err}");
    assert_diagnostics!(err);
}

#[test]
fn a_link_to_contact_needs_a_contact_address() {
    let dir = site_from("minimal");
    write(
        dir.path(),
        "pages/over.md",
        "+++\ntitle = \"Over\"\n+++\n\n[Mail ons](contact:).\n",
    );
    let (code, err) = check(dir.path());
    assert_eq!(code, Some(1), "{err}");
    assert_diagnostics!(err);
}

#[test]
fn an_empty_notable_reason_is_an_error() {
    let dir = site_from("minimal");
    let alfa = dir.path().join("content/municipalities/alfa.toml");
    let text = std::fs::read_to_string(&alfa).unwrap();
    std::fs::write(
        &alfa,
        text.replacen(
            "topics = [\"campagne\"]\n",
            "topics = [\"campagne\"]\nnotable = \"\"\n",
            1,
        ),
    )
    .unwrap();
    let (code, err) = check(dir.path());
    assert_eq!(code, Some(1), "{err}");
    assert_diagnostics!(err);
}

#[test]
fn filtering_on_a_broader_target_group_finds_the_narrower_ones() {
    let home = page("index.html");
    // Roermond aims at 75-plussers, which the taxonomy puts under ouderen.
    let roermond = home.select(&sel("#roermond")).next().unwrap();
    let groups: Vec<&str> = roermond
        .value()
        .attr("data-groups")
        .unwrap()
        .split('|')
        .collect();
    assert_eq!(groups, ["75-plussers", "ouderen"]);
    assert_eq!(
        text_of(&home, "#roermond td[data-label=Doelgroep]"),
        "75-plussers"
    );
    let filter: Vec<String> = home
        .select(&sel("input[name=doelgroep]"))
        .map(|i| i.value().attr("value").unwrap().to_string())
        .collect();
    assert_eq!(
        filter,
        [
            "alle leeftijden",
            "ouderen",
            "75-plussers",
            "middengeneratie",
            "jongeren"
        ]
    );
}

#[test]
fn an_unknown_target_group_is_an_error_with_a_suggestion() {
    let dir = site_from("minimal");
    write(
        dir.path(),
        "target_groups.toml",
        "[[target_groups]]\nslug = \"ouderen\"\nname = \"ouderen\"\n\n[[target_groups]]\nslug = \"75-plussers\"\nname = \"75-plussers\"\nbroader = \"oudren\"\n",
    );
    let (code, err) = check(dir.path());
    assert_eq!(code, Some(1), "{err}");
    assert_diagnostics!(err);
    // Fixed, the municipality file's free-text group is now checked too.
    write(
        dir.path(),
        "target_groups.toml",
        "[[target_groups]]\nslug = \"ouderen\"\nname = \"ouderen\"\n\n[[target_groups]]\nslug = \"75-plussers\"\nname = \"75-plussers\"\nbroader = \"ouderen\"\n",
    );
    let alfa = dir.path().join("content/municipalities/alfa.toml");
    let text = std::fs::read_to_string(&alfa).unwrap();
    std::fs::write(
        &alfa,
        text.replace(
            "target_groups = [\"ouderen\"]",
            "target_groups = [\"75-plusers\"]",
        ),
    )
    .unwrap();
    let (code, err) = check(dir.path());
    assert_eq!(code, Some(1), "{err}");
    assert_diagnostics!(err);
}

#[test]
fn broader_target_groups_may_not_loop() {
    let dir = site_from("minimal");
    write(
        dir.path(),
        "target_groups.toml",
        "[[target_groups]]\nslug = \"a\"\nname = \"A\"\nbroader = \"b\"\n\n[[target_groups]]\nslug = \"b\"\nname = \"B\"\nbroader = \"a\"\n",
    );
    let (code, err) = check(dir.path());
    assert_eq!(code, Some(1), "{err}");
    assert_diagnostics!(err);
}

/// The sitemap for people links every page the sitemap for search engines
/// lists (on a site of the bundled size, every municipality by name).
#[test]
fn the_readable_sitemap_links_every_page_of_sitemap_xml() {
    let Built { site, public, .. } = bundled();
    let xml = std::fs::read_to_string(public.join("sitemap.xml")).unwrap();
    let doc = page("sitemap/index.html");
    let hrefs: BTreeSet<String> = doc
        .select(&sel("main a"))
        .filter_map(|a| a.value().attr("href"))
        .map(|h| h.strip_prefix("../").unwrap_or(h).to_string())
        .collect();
    let mut checked = 0;
    for loc in xml.split("<loc>").skip(1) {
        let url = loc.split("</loc>").next().unwrap();
        let path = url.strip_prefix(&site.config.base_url).unwrap();
        if path == "sitemap/" {
            continue;
        }
        assert!(hrefs.contains(path), "/sitemap/ does not link {path}");
        checked += 1;
    }
    assert!(
        checked > site.municipalities.len() + site.topics.len(),
        "{checked} pages"
    );
}
