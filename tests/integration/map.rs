//! The map of municipalities: every mark where its coordinates say, with a
//! name and a link; on topic pages the standing in shape and words; above
//! `table_limit` a light map per province.

use crate::common::*;
use vergelijk::model::Status;

/// The marks of the first map on a page: accessible name, link, x, y and
/// class.
fn marks(doc: &scraper::Html) -> Vec<(String, String, f64, f64, String)> {
    doc.select(&sel("figure.map svg a.map-mark"))
        .map(|a| {
            let v = a.value();
            let transform = v.attr("transform").expect("a mark has a position");
            let inner = transform
                .strip_prefix("translate(")
                .and_then(|t| t.strip_suffix(')'))
                .expect("translate(x y)");
            let mut xy = inner.split_whitespace().map(|n| n.parse::<f64>().unwrap());
            let (x, y) = (xy.next().unwrap(), xy.next().unwrap());
            let title = a
                .select(&sel("title"))
                .next()
                .map(|t| t.text().collect::<String>())
                .unwrap_or_default();
            assert_eq!(
                v.attr("aria-label"),
                Some(title.as_str()),
                "the tooltip is the name"
            );
            (
                title,
                v.attr("href").unwrap_or_default().to_string(),
                x,
                y,
                v.attr("class").unwrap_or_default().to_string(),
            )
        })
        .collect()
}

#[test]
fn every_mark_is_where_its_coordinates_say_with_a_name_and_a_link() {
    let Built { site, public, .. } = bundled();
    for page in ["index.html", "gemeenten/index.html"] {
        let doc = parse(&public.join(page));
        let marks = marks(&doc);
        assert_eq!(marks.len(), site.municipalities.len(), "{page}");
        let root = if page == "index.html" { "" } else { "../" };
        for ((name, href, ..), m) in marks.iter().zip(&site.municipalities) {
            assert_eq!(name, &m.name, "{page}");
            assert_eq!(href, &format!("{root}gemeenten/{}/", m.slug), "{page}");
            assert!(
                public
                    .join(format!("gemeenten/{}/index.html", m.slug))
                    .is_file()
            );
        }
        // North is up, east is right: every pair keeps its order.
        for (a, ma) in marks.iter().zip(&site.municipalities) {
            for (b, mb) in marks.iter().zip(&site.municipalities) {
                let (la, lb) = (ma.location.unwrap(), mb.location.unwrap());
                if la.latitude > lb.latitude {
                    assert!(a.3 <= b.3, "{} is north of {}", ma.name, mb.name);
                }
                if la.longitude > lb.longitude {
                    assert!(a.2 >= b.2, "{} is east of {}", ma.name, mb.name);
                }
            }
        }
        let by_name = |n: &str| marks.iter().find(|m| m.0 == n).unwrap().clone();
        let (leeuwarden, heerlen, terneuzen, westerveld) = (
            by_name("Leeuwarden"),
            by_name("Heerlen"),
            by_name("Terneuzen"),
            by_name("Westerveld"),
        );
        assert!(leeuwarden.3 < heerlen.3, "Leeuwarden north of Heerlen");
        assert!(terneuzen.2 < westerveld.2, "Terneuzen west of Westerveld");
        // Inside the drawing.
        let svg = doc.select(&sel("figure.map svg")).next().unwrap();
        let view_box: Vec<f64> = svg
            .value()
            .attr("viewBox")
            .unwrap()
            .split(' ')
            .map(|n| n.parse().unwrap())
            .collect();
        for (name, _, x, y, _) in &marks {
            assert!(
                (0.0..=view_box[2]).contains(x) && (0.0..=view_box[3]).contains(y),
                "{name} at {x},{y}"
            );
        }
        // The same marks as a list, for who cannot use the drawing.
        let listed = texts(&doc, "figure.map details li a");
        let names: Vec<&str> = site
            .municipalities
            .iter()
            .map(|m| m.name.as_str())
            .collect();
        assert_eq!(listed, names, "{page}");
        assert!(!texts(&doc, "figure.map .map-legend").is_empty());
    }
}

#[test]
fn topic_maps_say_done_planned_both_or_not_named_by_shape_and_words() {
    let Built { site, public, .. } = bundled();
    let mut seen = std::collections::BTreeSet::new();
    for topic in &site.topics {
        let doc = parse(&public.join(format!("onderwerpen/{}/index.html", topic.slug)));
        let marks = marks(&doc);
        assert_eq!(marks.len(), site.municipalities.len(), "{}", topic.slug);
        for m in &site.municipalities {
            let has = |s: Status| m.efforts(s).iter().any(|e| e.topics.contains(&topic.slug));
            let (words, class, shape) = match (has(Status::Completed), has(Status::Planned)) {
                (true, true) => ("gedaan en gepland", "map-beide", "rect"),
                (true, false) => ("gedaan", "map-gedaan", "circle"),
                (false, true) => ("gepland", "map-gepland", "path"),
                (false, false) => ("niet genoemd in de bron", "map-niet-genoemd", "circle"),
            };
            let mark = marks
                .iter()
                .find(|k| k.0.starts_with(&format!("{}: ", m.name)))
                .unwrap_or_else(|| panic!("no mark for {}", m.name));
            assert_eq!(mark.0, format!("{}: {words}", m.name));
            assert!(mark.4.split(' ').any(|c| c == class), "{}", mark.4);
            let a = doc
                .select(&sel("figure.map svg a.map-mark"))
                .find(|a| a.value().attr("aria-label") == Some(mark.0.as_str()))
                .unwrap();
            let drawn = a.select(&sel(".map-shape")).next().unwrap();
            assert_eq!(drawn.value().name(), shape, "{}", mark.0);
            seen.insert(class);
        }
        // The list says it in words too.
        let rows = texts(&doc, "figure.map details tbody tr");
        assert_eq!(rows.len(), site.municipalities.len());
        let legend = text_of(&doc, "figure.map .map-legend");
        for words in [
            "gedaan",
            "gepland",
            "gedaan en gepland",
            "niet genoemd in de bron",
        ] {
            assert!(legend.contains(words), "{legend}");
        }
    }
    assert_eq!(seen.len(), 4, "the bundled topics show all four: {seen:?}");
}

#[test]
fn a_site_without_a_map_shows_none() {
    let dir = site_from("minimal");
    let public = build(dir.path());
    let home = parse(&public.join("index.html"));
    assert_eq!(home.select(&sel("figure.map")).count(), 0);
}

/// Above `table_limit` the map has one mark per province, so the pages
/// that show it stay light however many municipalities there are.
#[test]
fn large_sites_map_provinces_not_municipalities() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    vergelijk::synth::write_content(&repo().join("content"), &content, 500, 5).unwrap();
    let site = vergelijk::check(&options(dir.path())).unwrap();
    assert!(
        site.municipalities.iter().all(|m| {
            let l = m.location.unwrap();
            site.config
                .map
                .as_ref()
                .unwrap()
                .contains(l.longitude, l.latitude)
        }),
        "the synthetic municipalities lie inside the outline"
    );
    let public = build(dir.path());
    let home = parse(&public.join("index.html"));
    let home_marks = marks(&home);
    let provinces = crate::common::provinces(&site);
    assert_eq!(home_marks.len(), provinces.len());
    for (mark, province) in home_marks.iter().zip(&provinces) {
        let count = site
            .municipalities
            .iter()
            .filter(|m| m.province == *province)
            .count();
        assert_eq!(mark.0, format!("{province}: {count} gemeenten"));
        assert!(mark.1.starts_with("gemeenten/#"), "{}", mark.1);
    }
    let topic = &site.topics[0];
    let doc = parse(&public.join(format!("onderwerpen/{}/index.html", topic.slug)));
    let topic_marks = marks(&doc);
    assert_eq!(topic_marks.len(), provinces.len());
    for mark in &topic_marks {
        let target = mark.1.trim_start_matches("../../");
        assert!(public.join(target).join("index.html").is_file(), "{target}");
    }
}
