//! The bundled content, built as a reader would get it: the comparison
//! table, municipality pages, topic groupings from the source article, and
//! the properties of the output (determinism, subpath links, no externals).

use std::collections::BTreeSet;

use crate::common::*;

fn municipalities_on_topic(
    public: &std::path::Path,
    topic: &str,
    section: &str,
) -> BTreeSet<String> {
    let doc = parse(&public.join(format!("onderwerpen/{topic}/index.html")));
    doc.select(&sel(&format!(
        "section[aria-labelledby={section}] ul.topic-entries > li > a"
    )))
    .map(|a| collapse(&a.text().collect::<String>()))
    .collect()
}

fn all_on_topic(public: &std::path::Path, topic: &str) -> BTreeSet<String> {
    let mut s = municipalities_on_topic(public, topic, "gedaan");
    s.extend(municipalities_on_topic(public, topic, "gepland"));
    s
}

fn set(names: &[&str]) -> BTreeSet<String> {
    names.iter().map(|s| s.to_string()).collect()
}

#[test]
fn home_table_lists_all_sixteen_municipalities() {
    let public = &bundled().public;
    let doc = parse(&public.join("index.html"));
    assert_eq!(doc.select(&sel("html[lang=nl]")).count(), 1);
    assert_eq!(doc.select(&sel("table.comparison caption")).count(), 1);
    let rows = texts(
        &doc,
        "table.comparison tbody tr th[scope=row] > a:first-child",
    );
    assert_eq!(
        rows,
        [
            "Amsterdam",
            "Baarn",
            "Delft",
            "Den Haag",
            "Dordrecht",
            "Gorinchem",
            "Haarlem",
            "Haarlemmermeer",
            "Heerlen",
            "Leeuwarden",
            "Lelystad",
            "Roermond",
            "Rotterdam",
            "Schiedam",
            "Terneuzen",
            "Westerveld"
        ]
    );
    assert_eq!(
        doc.select(&sel("table.comparison thead th[scope=col]"))
            .count(),
        7
    );
    // Baarn's row shows the source's split and its note.
    let baarn = doc.select(&sel("tr#baarn")).next().unwrap();
    let cell = |label: &str| {
        collapse(
            &baarn
                .select(&sel(&format!("td[data-label={label}]")))
                .next()
                .unwrap()
                .text()
                .collect::<String>(),
        )
    };
    assert!(cell("Gedaan").contains("Plan van aanpak en projectleider"));
    assert!(cell("Gepland").contains("Opzetten van een signaleringspunt"));
    assert!(cell("Bijzonderheden").contains("Soest"));
}

#[test]
fn every_municipality_page_lists_its_efforts_under_the_right_heading() {
    let Built { site, public, .. } = bundled();
    assert_eq!(site.municipalities.len(), 16);
    for m in &site.municipalities {
        let doc = parse(&public.join(format!("gemeenten/{}/index.html", m.slug)));
        assert_eq!(texts(&doc, "h1"), vec![m.name.clone()], "{}", m.slug);
        for (section, efforts) in [("gedaan", &m.completed), ("gepland", &m.planned)] {
            let heading = text_of(&doc, &format!("h2#{section}"));
            assert_eq!(heading.to_lowercase(), section);
            let shown = texts(
                &doc,
                &format!("section[aria-labelledby={section}] .efforts > li > h3"),
            );
            let expected: Vec<String> = efforts.iter().map(|e| collapse(&e.title)).collect();
            assert_eq!(shown, expected, "{} / {section}", m.slug);
        }
        // Every topic of every effort is a working link on the page.
        for e in m.completed.iter().chain(&m.planned) {
            let li = doc
                .select(&sel(&format!("li#{}", e.anchor)))
                .next()
                .unwrap();
            let links: Vec<String> = li
                .select(&sel(".tags a"))
                .map(|a| a.value().attr("href").unwrap().to_string())
                .collect();
            let expected: Vec<String> = e
                .topics
                .iter()
                .map(|t| format!("../../onderwerpen/{t}/"))
                .collect();
            assert_eq!(links, expected);
        }
    }
}

#[test]
fn amsterdam_carries_the_facts_of_its_own_sources() {
    let public = &bundled().public;
    let text = collapse(
        &parse(&public.join("gemeenten/amsterdam/index.html"))
            .root_element()
            .text()
            .collect::<String>(),
    );
    for fact in [
        "300",
        "65.000",
        "38",
        "600",
        "Ontwikkeltafel",
        "netwerkregisseur",
        "aandeelhouder",
    ] {
        assert!(text.contains(fact), "Amsterdam page lacks {fact}");
    }
}

#[test]
fn topic_groupings_match_the_source_article() {
    let public = &bundled().public;
    assert_eq!(
        all_on_topic(public, "publiekscampagne"),
        set(&[
            "Den Haag",
            "Dordrecht",
            "Heerlen",
            "Lelystad",
            "Leeuwarden",
            "Rotterdam",
            "Terneuzen",
            "Westerveld"
        ])
    );
    assert_eq!(
        all_on_topic(public, "compaan"),
        set(&["Delft", "Haarlemmermeer", "Westerveld"])
    );
    let training = all_on_topic(public, "training");
    for name in [
        "Dordrecht",
        "Heerlen",
        "Haarlemmermeer",
        "Roermond",
        "Rotterdam",
        "Haarlem",
    ] {
        assert!(
            training.contains(name),
            "training lacks {name}: {training:?}"
        );
    }
    // Haarlem's training is planned, not done.
    assert!(municipalities_on_topic(public, "training", "gepland").contains("Haarlem"));
}

#[test]
fn topics_index_counts_municipalities() {
    let public = &bundled().public;
    let doc = parse(&public.join("onderwerpen/index.html"));
    let items = doc.select(&sel(".topic-list > li")).count();
    assert_eq!(items, 17);
    let compaan = doc
        .select(&sel(".topic-list > li"))
        .find(|li| {
            li.select(&sel("a")).next().unwrap().value().attr("href")
                == Some("../onderwerpen/compaan/")
        })
        .unwrap();
    assert_eq!(
        collapse(
            &compaan
                .select(&sel(".count"))
                .next()
                .unwrap()
                .text()
                .collect::<String>()
        ),
        "3 gemeenten"
    );
}

#[test]
fn every_effort_has_one_to_three_known_topics() {
    let site = &bundled().site;
    let mut used = BTreeSet::new();
    for m in &site.municipalities {
        for e in m.completed.iter().chain(&m.planned) {
            assert!((1..=3).contains(&e.topics.len()), "{}: {}", m.name, e.title);
            used.extend(e.topics.iter().cloned());
        }
    }
    let all: BTreeSet<String> = site.topics.iter().map(|t| t.slug.clone()).collect();
    assert_eq!(used, all, "every topic is used");
}

#[test]
fn two_builds_are_byte_identical() {
    let dir = site_from("bundled");
    let public = build_with_search(dir.path());
    let first = contents(&public);
    build_with_search(dir.path());
    let second = contents(&public);
    assert_eq!(first.len(), second.len());
    assert!(first == second, "builds differ");
}

#[test]
fn expected_pages_exist() {
    let public = &bundled().public;
    for f in [
        "index.html",
        "404.html",
        "sitemap.xml",
        "robots.txt",
        "style.css",
        "gemeenten/index.html",
        "onderwerpen/index.html",
        "over/index.html",
        "cijfers/index.html",
    ] {
        assert!(public.join(f).is_file(), "{f} missing");
    }
    let sitemap = std::fs::read_to_string(public.join("sitemap.xml")).unwrap();
    assert!(sitemap.contains("<loc>https://example.org/gemeenten/den-haag/</loc>"));
    assert!(
        std::fs::read_to_string(public.join("robots.txt"))
            .unwrap()
            .contains("Sitemap: https://example.org/sitemap.xml")
    );
}

#[test]
fn every_page_has_one_h1_a_skip_link_and_landmarks() {
    let public = &bundled().public;
    for f in files(public).into_iter().filter(|f| f.ends_with(".html")) {
        let doc = parse(&public.join(&f));
        assert_eq!(doc.select(&sel("h1")).count(), 1, "{f}");
        let skip = doc
            .select(&sel("body > a.skip-link"))
            .next()
            .expect("skip link");
        assert_eq!(skip.value().attr("href"), Some("#inhoud"));
        assert_eq!(doc.select(&sel("main#inhoud")).count(), 1, "{f}");
        assert_eq!(doc.select(&sel("header")).count(), 1, "{f}");
        assert_eq!(doc.select(&sel("footer")).count(), 1, "{f}");
    }
}

/// The search page matches queries with the topics' synonyms itself (they
/// are not in the index): it must carry them, for every topic that has any.
#[test]
fn the_search_page_carries_the_topic_synonyms() {
    let Built { dir, public, .. } = bundled();
    let doc = parse(&public.join("zoeken/index.html"));
    let form = doc
        .select(&sel("form#zoekformulier[data-synoniemen]"))
        .next()
        .expect("the synonyms on the search form");
    let json = form.value().attr("data-synoniemen").unwrap();
    let synonyms: Vec<(String, Vec<String>)> = serde_json::from_str(json).unwrap();
    let campaign = synonyms
        .iter()
        .find(|(name, _)| name == "Publiekscampagne")
        .expect("Publiekscampagne has synonyms");
    assert!(
        campaign.1.iter().any(|s| s == "voorlichting"),
        "{campaign:?}"
    );
    let topics = std::fs::read_to_string(dir.join("content/topics.toml")).unwrap();
    assert_eq!(
        synonyms.len(),
        topics.matches("\nsynonyms = [\"").count(),
        "one entry per topic with synonyms"
    );
}
