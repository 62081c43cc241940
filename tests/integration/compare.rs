//! The comparison outputs: the matrix, the side-by-side page, the charts
//! and the open data files agree with the content.

use crate::common::*;
use vergelijk::model::Status;

#[test]
fn matrix_marks_match_the_content() {
    let Built { site, public, .. } = bundled();
    let doc = parse(&public.join("matrix/index.html"));
    let header: Vec<String> = texts(&doc, "table.matrix thead th");
    let topic_names: Vec<String> = site.topics.iter().map(|t| t.name.clone()).collect();
    assert_eq!(&header[1..=topic_names.len()], topic_names.as_slice());
    let rows: Vec<_> = doc.select(&sel("table.matrix tbody tr")).collect();
    assert_eq!(rows.len(), site.municipalities.len());
    for (row, m) in rows.iter().zip(&site.municipalities) {
        assert_eq!(
            collapse(
                &row.select(&sel("th > a:first-child"))
                    .next()
                    .unwrap()
                    .text()
                    .collect::<String>()
            ),
            m.name
        );
        let cells: Vec<String> = row
            .select(&sel("td .visually-hidden"))
            .map(|e| e.text().collect::<String>())
            .collect();
        assert_eq!(cells.len(), site.topics.len());
        for (cell, topic) in cells.iter().zip(&site.topics) {
            let has = |s: Status| m.efforts(s).iter().any(|e| e.topics.contains(&topic.slug));
            let expected = match (has(Status::Completed), has(Status::Planned)) {
                (true, true) => "gedaan en gepland",
                (true, false) => "gedaan",
                (false, true) => "gepland",
                (false, false) => "niet genoemd in de bron",
            };
            assert_eq!(cell, expected, "{} / {}", m.name, topic.slug);
        }
    }
    // Column totals: municipalities with a completed effort on the topic.
    let totals = texts(&doc, "table.matrix tfoot tr:first-child td");
    for (total, topic) in totals.iter().zip(&site.topics) {
        let n = site
            .municipalities
            .iter()
            .filter(|m| m.completed.iter().any(|e| e.topics.contains(&topic.slug)))
            .count();
        assert_eq!(total, &n.to_string(), "{}", topic.slug);
    }
}

#[test]
fn side_by_side_page_has_a_column_and_a_checkbox_per_municipality() {
    let public = &bundled().public;
    let doc = parse(&public.join("vergelijk/index.html"));
    let boxes: Vec<_> = doc
        .select(&sel(".compare-form input[type=checkbox][name=g]"))
        .collect();
    assert_eq!(boxes.len(), 16);
    for b in &boxes {
        let id = b.value().attr("id").unwrap();
        assert_eq!(
            doc.select(&sel(&format!("label[for={id}]"))).count(),
            1,
            "{id} has a label"
        );
        let slug = b.value().attr("value").unwrap();
        // The CSS that shows the column when ticked, without JavaScript.
        // (The print page's own <style media="print"> comes first.)
        let style = doc
            .select(&sel("style:not([media])"))
            .next()
            .unwrap()
            .text()
            .collect::<String>();
        assert!(
            style.contains(&format!("#g-{slug}:checked) .side-by-side .c-{slug}")),
            "{slug}"
        );
        assert_eq!(doc.select(&sel(&format!("thead th.c-{slug}"))).count(), 1);
    }
    // Compare links from each municipality page carry its slug.
    let delft = parse(&public.join("gemeenten/delft/index.html"));
    let a = delft.select(&sel(".compare-link a")).next().unwrap();
    assert_eq!(a.value().attr("href"), Some("../../vergelijk/?g=delft"));
}

#[test]
fn charts_have_text_alternatives_with_the_same_numbers() {
    let public = &bundled().public;
    let doc = parse(&public.join("index.html"));
    let svg = doc
        .select(&sel("figure.chart svg[role=img]"))
        .next()
        .expect("chart on home");
    assert!(svg.value().attr("aria-labelledby").is_some());
    let rows = texts(&doc, "figure.chart table tbody tr");
    assert_eq!(rows.len(), 17);
    let topic = parse(&public.join("onderwerpen/compaan/index.html"));
    let row = texts(&topic, "figure.chart table tbody tr td");
    let bars = texts(&topic, "figure.chart svg.chart-wide text.chart-value");
    let narrow = texts(&topic, "figure.chart svg.chart-narrow text.chart-value");
    assert_eq!(bars, narrow, "the phone drawing shows the same numbers");
    assert_eq!(bars, ["2 gedaan", "1 gepland"]);
    assert_eq!(row, ["2", "1"]);
}

#[test]
fn every_page_links_the_downloads() {
    let public = &bundled().public;
    for f in files(public)
        .into_iter()
        .filter(|f| f.ends_with("index.html"))
    {
        let doc = parse(&public.join(&f));
        let hrefs: Vec<&str> = doc
            .select(&sel("footer a"))
            .filter_map(|a| a.value().attr("href"))
            .collect();
        assert!(hrefs.iter().any(|h| h.ends_with("data/inzet.csv")), "{f}");
        assert!(
            hrefs.iter().any(|h| h.ends_with("data/gemeenten.json")),
            "{f}"
        );
        assert!(hrefs.iter().any(|h| h.ends_with("data/inzet.xlsx")), "{f}");
    }
    let data = parse(&public.join("data/index.html"));
    assert_eq!(texts(&data, "h1"), ["Open data"]);
    assert!(data.select(&sel("table.data-table tbody tr")).count() >= 5);
}

/// Above 400 municipalities the pages that list every municipality switch
/// to summaries, so they stay small for readers.
#[test]
fn large_sites_get_summaries_instead_of_megabyte_pages() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    vergelijk::synth::write_content(&repo().join("content"), &content, 500, 7).unwrap();
    let public = build(dir.path());
    let home = parse(&public.join("index.html"));
    assert_eq!(
        home.select(&sel("table.comparison")).count(),
        0,
        "no full table"
    );
    let provinces = texts(&home, "table.province-summary tbody th");
    assert!(provinces.len() >= 10, "{provinces:?}");
    let counted: usize = texts(&home, "table.province-summary tbody tr td:nth-of-type(1)")
        .iter()
        .map(|n| n.parse::<usize>().unwrap())
        .sum();
    assert_eq!(counted, 500);
    let size = std::fs::metadata(public.join("index.html")).unwrap().len();
    assert!(size < 100_000, "home page is {size} bytes");

    let matrix = parse(&public.join("matrix/index.html"));
    assert_eq!(
        matrix.select(&sel("table.matrix tbody tr")).count(),
        provinces.len()
    );

    let compare = parse(&public.join("vergelijk/index.html"));
    assert_eq!(
        compare
            .select(&sel("form.compare-large input#gemeente-naam"))
            .count(),
        1
    );
    assert_eq!(
        compare
            .select(&sel(".compare-form input[type=checkbox]"))
            .count(),
        0
    );

    // What the side-by-side script fetches: one municipality, in the
    // published shape.
    let site = vergelijk::check(&options(dir.path())).unwrap();
    let first = &site.municipalities[0];
    let text = std::fs::read_to_string(public.join(format!("data/gemeenten/{}.json", first.slug)))
        .unwrap();
    let back: vergelijk::export::public::MunicipalityData = serde_json::from_str(&text).unwrap();
    assert_eq!(
        back,
        vergelijk::export::public::municipality(&site.config.base_url, first)
    );
}

/// On a large site a topic page would list thousands of municipalities;
/// it shows a table of provinces instead, and each province has a page
/// with the municipalities there that did or plan something on the topic.
#[test]
fn large_sites_list_a_topic_per_province() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    vergelijk::synth::write_content(&repo().join("content"), &content, 500, 11).unwrap();
    let public = build(dir.path());
    let site = vergelijk::check(&options(dir.path())).unwrap();
    let sitemap = std::fs::read_to_string(public.join("sitemap.xml")).unwrap();
    let provinces = crate::common::provinces(&site);
    for topic in &site.topics {
        let page = format!("onderwerpen/{}/index.html", topic.slug);
        let doc = parse(&public.join(&page));
        assert_eq!(doc.select(&sel("ul.topic-entries")).count(), 0, "{page}");
        let rows = texts(&doc, "table.topic-provinces tbody th");
        assert_eq!(rows, provinces, "{page}: one row per province");
        let size = std::fs::metadata(public.join(&page)).unwrap().len();
        assert!(size < 50_000, "{page} is {size} bytes");
        let links: Vec<String> = doc
            .select(&sel("table.topic-provinces tbody th a"))
            .map(|a| a.value().attr("href").unwrap().to_string())
            .collect();
        let counts = texts(&doc, "table.topic-provinces tbody td:nth-of-type(1)");
        for ((province, href), count) in provinces.iter().zip(&links).zip(&counts) {
            // Relative to the topic page: `../../onderwerpen/<topic>/<p>/`.
            let path = href.trim_start_matches("../");
            assert!(sitemap.contains(path), "{path} not in the sitemap");
            let on_page = parse(&public.join(path).join("index.html"));
            for (status, section) in [(Status::Completed, "gedaan"), (Status::Planned, "gepland")] {
                let mut want: Vec<&str> = site
                    .municipalities
                    .iter()
                    .filter(|m| m.province == *province)
                    .filter(|m| {
                        m.efforts(status)
                            .iter()
                            .any(|e| e.topics.contains(&topic.slug))
                    })
                    .map(|m| m.name.as_str())
                    .collect();
                want.sort_unstable();
                let mut got = texts(
                    &on_page,
                    &format!("section[aria-labelledby={section}] ul.topic-entries > li > a"),
                );
                got.sort_unstable();
                assert_eq!(got, want, "{path} {section}");
            }
            let either = site
                .municipalities
                .iter()
                .filter(|m| m.province == *province)
                .filter(|m| {
                    m.completed
                        .iter()
                        .chain(&m.planned)
                        .any(|e| e.topics.contains(&topic.slug))
                })
                .count();
            assert_eq!(count.parse::<usize>().unwrap(), either, "{path}");
            assert_eq!(
                texts(&on_page, "h1"),
                [format!("{} in {province}", topic.name)]
            );
        }
    }
}

/// `table_limit` in site.toml moves the switch to summaries: the bundled 16
/// with a limit of 10 get the province summary, and their data does not
/// change (the limit is presentation, not data).
#[test]
fn table_limit_in_site_toml_switches_to_summaries() {
    let json_before = std::fs::read(bundled().public.join("data/gemeenten.json")).unwrap();
    let dir = site_from("bundled");
    let site_toml = dir.path().join("content/site.toml");
    let text = std::fs::read_to_string(&site_toml).unwrap();
    std::fs::write(&site_toml, format!("table_limit = 10\n{text}")).unwrap();
    let public = build(dir.path());
    let home = parse(&public.join("index.html"));
    assert_eq!(home.select(&sel("table.comparison")).count(), 0);
    assert!(!texts(&home, "table.province-summary tbody th").is_empty());
    assert_eq!(
        std::fs::read(public.join("data/gemeenten.json")).unwrap(),
        json_before
    );
}
