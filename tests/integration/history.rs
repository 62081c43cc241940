//! Earlier states and what became of them: the `[[history]]` of a
//! municipality file and its checks, the "Voortgang" section of a
//! municipality page, the page across municipalities, what the comparison
//! views say, the feed, the open data, and `vergelijk new-edition`.
//!
//! `tests/fixtures/history/` is a made-up site (Zandwijk with one earlier
//! state, Beekdal without); the bundled site's Amsterdam has three states.

use std::collections::BTreeSet;
use std::path::Path;

use crate::common::*;
use scraper::Html;

/// The history fixture, built once for the read-only tests.
fn fixture() -> &'static Path {
    &history_fixture().public
}

fn page(public: &Path, path: &str) -> Html {
    parse(&public.join(path).join("index.html"))
}

/// Each step of a followed effort: its date and its text.
fn steps(doc: &Html, thread: &str) -> Vec<(String, String)> {
    doc.select(&sel(&format!("li#{thread} li.step")))
        .map(|step| {
            let time = step
                .select(&sel("time"))
                .next()
                .and_then(|t| t.value().attr("datetime"))
                .unwrap_or_default()
                .to_string();
            (time, collapse(&step.text().collect::<String>()))
        })
        .collect()
}

fn ids(doc: &Html) -> BTreeSet<String> {
    doc.select(&sel("[id]"))
        .filter_map(|e| e.value().attr("id").map(str::to_string))
        .collect()
}

#[test]
fn a_municipality_page_follows_each_effort_from_date_to_date() {
    let doc = page(fixture(), "gemeenten/zandwijk/");
    // The current Gedaan and Gepland first, then Voortgang.
    let sections: Vec<String> = doc
        .select(&sel("main section > h2"))
        .filter_map(|h| h.value().attr("id").map(str::to_string))
        .collect();
    assert_eq!(
        sections,
        ["gedaan", "gepland", "voortgang", "bijzonderheden", "bron"]
    );
    let voortgang = text_of(&doc, "section.progress");
    assert!(voortgang.contains("lezing van de redactie"), "{voortgang}");
    assert!(voortgang.contains("Niet meer genoemd"), "{voortgang}");
    // The states, each dated and with its source.
    assert_eq!(
        texts(&doc, "ol.states > li time"),
        ["1 februari 2020", "4 maart 2021"]
    );
    let states = texts(&doc, "ol.states > li");
    assert!(states[0].contains("Plan voor 2020"), "{states:?}");
    assert!(
        states[1].contains("Overzicht 2021") && states[1].contains("huidige stand"),
        "{states:?}"
    );

    // Linked by the editors across a new name: planned, then done, with
    // their note.
    assert_eq!(
        text_of(&doc, "li#voortgang-training h4"),
        "Vrijwilligers getraind"
    );
    let training = steps(&doc, "voortgang-training");
    assert_eq!(training.len(), 2, "{training:?}");
    assert_eq!(training[0].0, "2020-02-01");
    assert!(training[0].1.contains("gepland"), "{training:?}");
    assert!(
        training[0].1.contains("‘Vrijwilligers trainen’"),
        "{training:?}"
    );
    assert!(
        training[0].1.contains("Bron: Plan voor 2020"),
        "{training:?}"
    );
    assert_eq!(training[1].0, "2021-03-04");
    assert!(training[1].1.contains("gedaan"), "{training:?}");
    assert!(
        training[1]
            .1
            .contains("Waarom gekoppeld: Het plan noemde deze training"),
        "{training:?}"
    );
    // The current step links to the effort under Gedaan.
    assert_eq!(
        doc.select(&sel(
            "li#voortgang-training-2021-03-04 a[href='#inzet-vrijwilligers-getraind']"
        ))
        .count(),
        1
    );

    // Planned once, then no longer mentioned.
    let folder = steps(&doc, "voortgang-folder-maken");
    assert_eq!(folder.len(), 2);
    assert!(folder[0].1.contains("gepland"));
    assert!(folder[1].1.contains("niet meer genoemd"), "{folder:?}");
    // New in the current state: seen once, appears once.
    let koffie = steps(&doc, "voortgang-buurtkoffie-elke-week");
    assert_eq!(koffie.len(), 1);
    assert!(koffie[0].1.contains("nieuw genoemd"), "{koffie:?}");
    assert_eq!(
        doc.select(&sel("li[id^=voortgang-buurtkoffie]")).count(),
        2,
        "the thread and its one step"
    );
    // An effort with a source of its own cites it.
    let krant = steps(&doc, "voortgang-campagne-in-de-krant");
    assert!(
        krant[0].1.contains("Bron: Verslag van een adviesbureau"),
        "{krant:?}"
    );
    // Every date is machine-readable.
    for t in doc.select(&sel("section.progress time")) {
        let iso = t.value().attr("datetime").unwrap_or_default();
        assert_eq!(iso.len(), 10, "{iso}");
    }
    // A municipality without history has no such section.
    let beekdal = page(fixture(), "gemeenten/beekdal/");
    assert_eq!(beekdal.select(&sel("#voortgang")).count(), 0);
}

#[test]
fn the_page_across_municipalities_lists_the_changes_per_date() {
    let public = fixture();
    let doc = page(public, "voortgang/");
    assert_eq!(texts(&doc, "main h1"), ["Van plan naar uitvoering"]);
    let group = |slug: &str| texts(&doc, &format!("#stand-2021-03-04 .pg-{slug} .ev > p > a"));
    assert_eq!(
        group("van-gepland-naar-gedaan"),
        ["Zandwijk: Vrijwilligers getraind"]
    );
    assert_eq!(group("nieuw"), ["Zandwijk: Buurtkoffie elke week"]);
    assert_eq!(
        group("niet-meer-genoemd"),
        ["Zandwijk: Campagne in de krant", "Zandwijk: Folder maken"]
    );
    // The first state is nobody's change: no section for its date.
    assert_eq!(doc.select(&sel("#stand-2020-02-01")).count(), 0);
    assert!(text_of(&doc, "main").contains("Van de andere gemeente"));
    // Every change links to its step on the municipality page.
    let zandwijk = ids(&page(public, "gemeenten/zandwijk/"));
    let links: Vec<String> = doc
        .select(&sel(".ev > p > a"))
        .filter_map(|a| a.value().attr("href").map(str::to_string))
        .collect();
    assert_eq!(links.len(), 4);
    for href in links {
        let (path, fragment) = href.split_once('#').unwrap();
        assert_eq!(path, "../gemeenten/zandwijk/");
        assert!(
            zandwijk.contains(fragment),
            "no #{fragment} on Zandwijk's page"
        );
    }
    // Filters by topic and province, one choice each, "all" checked; the
    // changes carry what the filters match on.
    let radios = |name: &str| -> Vec<String> {
        doc.select(&sel(&format!("input[type=radio][name={name}]")))
            .filter_map(|i| i.value().attr("value").map(str::to_string))
            .collect()
    };
    assert_eq!(
        radios("onderwerp"),
        ["", "campagne", "training", "ontmoeting"]
    );
    assert_eq!(radios("provincie"), ["", "utrecht"]);
    assert_eq!(doc.select(&sel("input[type=radio][checked]")).count(), 2);
    let classes: Vec<String> = doc
        .select(&sel(".ev"))
        .map(|e| e.value().attr("class").unwrap_or_default().to_string())
        .collect();
    assert_eq!(classes[0], "ev t-training p-utrecht");
    let styles = texts(&doc, "head style");
    assert!(
        styles
            .iter()
            .any(|s| s.contains("body:has(#fo-training:checked) .ev:not(.t-training)")),
        "{styles:?}"
    );
    // In the sitemap, and named in the site's reserved page names.
    let sitemap = std::fs::read_to_string(public.join("sitemap.xml")).unwrap();
    assert!(sitemap.contains("https://example.org/voortgang/"));
    assert!(vergelijk::routes::reserved_page_names().contains(&"voortgang"));
}

#[test]
fn the_comparison_views_say_they_show_the_current_state() {
    for path in ["", "matrix/", "vergelijk/", "onderwerpen/training/"] {
        let doc = page(fixture(), path);
        let note = text_of(&doc, "p.current-state");
        assert!(note.contains("huidige stand"), "{path}: {note}");
        let link = doc
            .select(&sel("p.current-state a"))
            .next()
            .and_then(|a| a.value().attr("href"))
            .unwrap();
        assert!(link.ends_with("voortgang/"), "{path}: {link}");
    }
    // A site without earlier states has none of it.
    let dir = site_from("minimal");
    let public = build(dir.path());
    let home = page(&public, "");
    assert_eq!(home.select(&sel("p.current-state")).count(), 0);
    assert!(!public.join("voortgang").exists());
    assert!(!public.join("data/inzet-per-stand.csv").exists());
    let sitemap = std::fs::read_to_string(public.join("sitemap.xml")).unwrap();
    assert!(!sitemap.contains("voortgang"));
}

#[test]
fn the_feed_has_an_entry_per_state() {
    let text = std::fs::read_to_string(fixture().join("feed.xml")).unwrap();
    let doc = roxmltree::Document::parse(&text).unwrap();
    let entries: Vec<(String, String, String)> = doc
        .descendants()
        .filter(|n| n.has_tag_name("entry"))
        .map(|e| {
            let child = |name: &str| {
                e.children()
                    .find(|c| c.has_tag_name(name))
                    .and_then(|c| c.text())
                    .unwrap_or_default()
                    .to_string()
            };
            (child("title"), child("id"), child("summary"))
        })
        .collect();
    let titles: Vec<&str> = entries.iter().map(|e| e.0.as_str()).collect();
    assert_eq!(
        titles,
        ["Beekdal", "Zandwijk", "Zandwijk: stand van 1 februari 2020"]
    );
    let ids: BTreeSet<&str> = entries.iter().map(|e| e.1.as_str()).collect();
    assert_eq!(ids.len(), 3, "ids are unique");
    assert_eq!(
        entries[2].1,
        "https://example.org/gemeenten/zandwijk/#stand-2020-02-01"
    );
    assert!(
        entries[2]
            .2
            .contains("Gepland: Vrijwilligers trainen; Folder maken"),
        "{}",
        entries[2].2
    );
    assert!(
        entries[1]
            .2
            .contains("Van gepland naar gedaan: Vrijwilligers getraind."),
        "{}",
        entries[1].2
    );
}

#[test]
fn the_open_data_holds_every_state() {
    let public = fixture();
    let mut reader = csv::Reader::from_path(public.join("data/inzet-per-stand.csv")).unwrap();
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let zandwijk: Vec<(String, String, String, String, String)> = rows
        .iter()
        .filter(|r| &r[col("gemeente_id")] == "zandwijk")
        .map(|r| {
            (
                r[col("peildatum")].to_string(),
                r[col("stand")].to_string(),
                r[col("bron_id")].to_string(),
                r[col("status")].to_string(),
                r[col("titel")].to_string(),
            )
        })
        .collect();
    let s = |a: &str, b: &str, c: &str, d: &str, e: &str| {
        (a.into(), b.into(), c.into(), d.into(), e.into())
    };
    assert_eq!(
        zandwijk,
        [
            s(
                "2020-02-01",
                "eerder",
                "verslag",
                "gedaan",
                "Campagne in de krant"
            ),
            s(
                "2020-02-01",
                "eerder",
                "plan",
                "gepland",
                "Vrijwilligers trainen"
            ),
            s("2020-02-01", "eerder", "plan", "gepland", "Folder maken"),
            s(
                "2021-03-04",
                "huidig",
                "overzicht",
                "gedaan",
                "Vrijwilligers getraind"
            ),
            s(
                "2021-03-04",
                "huidig",
                "overzicht",
                "gepland",
                "Buurtkoffie elke week"
            ),
        ]
    );
    let linked = rows
        .iter()
        .find(|r| &r[col("titel")] == "Vrijwilligers getraind")
        .unwrap();
    assert_eq!(&linked[col("inzet_id")], "training");
    assert!(linked[col("koppeling")].starts_with("Het plan noemde"));
    assert_eq!(rows.len(), 6, "Beekdal's one current effort too");
    // The JSON export has the history in the model.
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(public.join("data/gemeenten.json")).unwrap())
            .unwrap();
    let zandwijk = json["municipalities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["slug"] == "zandwijk")
        .unwrap();
    assert_eq!(zandwijk["history"][0]["source"], "plan");
    assert_eq!(zandwijk["history"][0]["peildatum"], "2020-02-01");
    // Each earlier effort's anchor is its step on the page.
    assert_eq!(
        zandwijk["history"][0]["planned"][0]["anchor"],
        "voortgang-training-2020-02-01"
    );
    assert_eq!(zandwijk["history"][0]["completed"][0]["source"], "verslag");
    assert_eq!(zandwijk["completed"][0]["id"], "training");
    // And the workbook has a sheet with the same rows.
    use calamine::Reader;
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook(public.join("data/inzet.xlsx")).unwrap();
    assert_eq!(
        book.sheet_names(),
        ["Inzet", "Gemeenten", "Inzet per stand"]
    );
    let sheet = book.worksheet_range("Inzet per stand").unwrap();
    let sheet_rows: Vec<Vec<String>> = sheet
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    assert_eq!(sheet_rows[0], header);
    assert_eq!(sheet_rows.len(), rows.len() + 1);
    let sheet_titles: Vec<&str> = sheet_rows[1..]
        .iter()
        .map(|r| r[col("titel")].as_str())
        .collect();
    let csv_titles: Vec<&str> = rows.iter().map(|r| &r[col("titel")]).collect();
    assert_eq!(sheet_titles, csv_titles);
    // The data page explains the file.
    let data = text_of(&page(public, "data/"), "main");
    assert!(data.contains("Inzet per stand (CSV)"), "{data}");
    assert!(data.contains("koppeling"), "{data}");
}

#[test]
fn amsterdam_can_be_followed_from_its_2018_plan_to_its_result() {
    let doc = page(&bundled().public, "gemeenten/amsterdam/");
    let trainings = steps(&doc, "voortgang-tools-en-trainingen");
    let dates: Vec<&str> = trainings.iter().map(|s| s.0.as_str()).collect();
    assert_eq!(dates, ["2018-03-21", "2019-04-09", "2020-01-15"]);
    assert!(trainings[0].1.contains("gepland") && trainings[0].1.contains("tools en trainingen"));
    assert!(trainings[1].1.contains("gedaan") && trainings[1].1.contains("600"));
    assert!(trainings[1].1.contains("Waarom gekoppeld"));
    assert!(trainings[2].1.contains("niet meer genoemd"));
    // The instruments of 2018 and the checklist and tool of 2020.
    let tools = steps(&doc, "voortgang-hulpmiddelen-beleid");
    assert_eq!(tools.len(), 2);
    assert!(
        tools[0]
            .1
            .contains("Twee instrumenten voor beleidsmedewerkers")
    );
    assert!(tools[1].1.contains("Waarom gekoppeld"), "{tools:?}");
    assert_eq!(
        text_of(&doc, "li#voortgang-hulpmiddelen-beleid h4"),
        "Checklist subsidieaanvragen en Tool ‘Wegwijs in de aanpak van eenzaamheid’"
    );
    // Three states, each before or on the site's peildatum, with sources.
    assert_eq!(
        texts(&doc, "ol.states > li time"),
        ["21 maart 2018", "9 april 2019", "15 januari 2020"]
    );
    let states = texts(&doc, "ol.states > li");
    assert!(states[0].contains("Wat doet de gemeente Amsterdam in 2018"));
    assert!(states[1].contains("Jaarverantwoording Aanpak Eenzaamheid 2018"));
    // The 38 experiments are cited from their own source.
    let experiments = steps(&doc, "voortgang-experimenten");
    assert!(experiments[0].1.contains("38"), "{experiments:?}");
    assert!(
        experiments[0].1.contains("BMC ondersteunt"),
        "{experiments:?}"
    );

    let across = page(&bundled().public, "voortgang/");
    let done = texts(
        &across,
        "#stand-2019-04-09 .pg-van-gepland-naar-gedaan .ev > p > a",
    );
    assert_eq!(
        done,
        [
            "Amsterdam: Trainingen voor 600 professionals en vrijwilligers om eenzaamheid beter te signaleren",
            "Amsterdam: Het aandeelhouderschap van het netwerk verder concreet gemaakt"
        ]
    );
}

#[test]
fn no_personal_names_are_published() {
    // Named in the sources (seeds 002 and 004), never on the site.
    for f in files(&bundled().public) {
        if f.ends_with(".html")
            || f.ends_with(".csv")
            || f.ends_with(".json")
            || f.ends_with(".xml")
        {
            let text = std::fs::read_to_string(bundled().public.join(&f)).unwrap();
            for name in ["Andeweg", "Roosen"] {
                assert!(!text.contains(name), "{f} names {name}");
            }
        }
    }
}

// ---------- Checks ----------

/// Writes `text` as Zandwijk's file in a copy of the history fixture and
/// runs `check`: exit code and stderr.
fn check_zandwijk(text: &str) -> (Option<i32>, String) {
    let dir = site_from("history");
    std::fs::write(
        dir.path().join("content/municipalities/zandwijk.toml"),
        text,
    )
    .unwrap();
    let out = run(dir.path(), &["check"]);
    (out.status.code(), stderr(&out))
}

fn zandwijk() -> String {
    std::fs::read_to_string(repo().join("tests/fixtures/history/municipalities/zandwijk.toml"))
        .unwrap()
}

#[test]
fn an_id_given_twice_in_one_state_is_an_error() {
    let text = zandwijk().replace(
        "title = \"Folder maken\"",
        "title = \"Folder maken\"\nid = \"training\"",
    );
    let (code, err) = check_zandwijk(&text);
    assert_eq!(code, Some(1), "{err}");
    assert_diagnostics!(err);
}

#[test]
fn two_earlier_states_on_one_date_are_an_error() {
    let text = format!(
        "{}\n[[history]]\npeildatum = 2020-02-01\nsource = \"verslag\"\n",
        zandwijk()
    );
    let (code, err) = check_zandwijk(&text);
    assert_eq!(code, Some(1), "{err}");
    assert_diagnostics!(err);
}

#[test]
fn an_earlier_state_on_or_after_the_sites_peildatum_is_an_error() {
    let text = zandwijk().replace("peildatum = 2020-02-01", "peildatum = 2021-03-04");
    let (code, err) = check_zandwijk(&text);
    assert_eq!(code, Some(1), "{err}");
    assert_diagnostics!(err);
}

#[test]
fn an_unknown_source_of_a_state_or_an_effort_is_an_error() {
    let text = zandwijk()
        .replace("source = \"plan\"", "source = \"plna\"")
        .replace("source = \"verslag\"", "source = \"verslg\"");
    let (code, err) = check_zandwijk(&text);
    assert_eq!(code, Some(1), "{err}");
    assert_diagnostics!(err);
}

#[test]
fn an_id_that_links_to_nothing_is_a_warning() {
    let text = zandwijk().replace(
        "title = \"Folder maken\"",
        "title = \"Folder maken\"\nid = \"folder\"",
    );
    let (code, err) = check_zandwijk(&text);
    assert_eq!(code, Some(0), "{err}");
    assert_diagnostics!(err);
}

#[test]
fn mistakes_in_ids_and_link_notes_are_errors_with_their_position() {
    let text = zandwijk()
        .replace("id = \"training\"\n# The", "id = \"Training\"\n# The")
        .replace(
            "title = \"Buurtkoffie elke week\"",
            "title = \"Buurtkoffie elke week\"\nlink_note = \"Zonder id.\"",
        );
    let (code, err) = check_zandwijk(&text);
    assert_eq!(code, Some(1), "{err}");
    assert_diagnostics!(err);
}

#[test]
fn every_mistake_in_the_history_is_reported_in_one_run() {
    // An unknown key in one earlier effort, a wrong type in another, and
    // `notable`, which only the current state has.
    let text = zandwijk()
        .replace("title = \"Folder maken\"", "titel = \"Folder maken\"")
        .replace(
            "description = \"Twee avonden.\"",
            "description = 2\nnotable = \"x\"",
        );
    let (code, err) = check_zandwijk(&text);
    assert_eq!(code, Some(1), "{err}");
    assert_diagnostics!(err);
    assert!(
        err.matches("error:").count() >= 2,
        "both efforts are reported:\n{err}"
    );
}

#[test]
fn notable_is_for_the_current_state_only() {
    let text = zandwijk().replace(
        "description = \"Twee avonden.\"",
        "description = \"Twee avonden.\"\nnotable = \"Apart genoemd.\"",
    );
    let (code, err) = check_zandwijk(&text);
    assert_eq!(code, Some(1), "{err}");
    assert_diagnostics!(err);
}

#[test]
fn a_page_cannot_take_the_name_of_the_progress_page() {
    let dir = site_from("history");
    std::fs::create_dir_all(dir.path().join("content/pages")).unwrap();
    std::fs::write(
        dir.path().join("content/pages/voortgang.md"),
        "+++\ntitle = \"Voortgang\"\n+++\nTekst.\n",
    )
    .unwrap();
    let out = run(dir.path(), &["check"]);
    assert_eq!(out.status.code(), Some(1));
    assert_diagnostics!(stderr(&out));
}

// ---------- new-edition ----------

#[test]
fn new_edition_moves_the_current_state_into_the_history() {
    let dir = site_from("history");
    let content = dir.path().join("content");
    let out = run(dir.path(), &["new-edition", "--peildatum", "2022-01-15"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("2022-01-15"), "{}", stdout(&out));
    // Valid, without warnings: every id it gave links the two copies.
    let check = run(dir.path(), &["check"]);
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
    assert_eq!(stderr(&check), "", "no warnings");
    // Comments and layout survive.
    let site = std::fs::read_to_string(content.join("site.toml")).unwrap();
    assert!(
        site.contains("# De datum van de huidige stand.\npeildatum = 2022-01-15\n"),
        "{site}"
    );
    assert!(site.starts_with("# A made-up site with earlier states"));
    let text = std::fs::read_to_string(content.join("municipalities/zandwijk.toml")).unwrap();
    // Every line of the file is still there, in its order; what is new is
    // the ids and the state after them.
    let mut new_lines = text.lines();
    for line in zandwijk().lines() {
        assert!(
            new_lines.any(|l| l == line),
            "{line:?} is gone or moved:\n{text}"
        );
    }
    assert!(
        text.contains("\n[[history]]\npeildatum = 2021-03-04\nsource = \"overzicht\"\n"),
        "{text}"
    );
    // The model: the old current state is the newest earlier state.
    let model = vergelijk::check(&options(dir.path())).unwrap();
    assert_eq!(model.config.peildatum.iso(), "2022-01-15");
    let z = model
        .municipalities
        .iter()
        .find(|m| m.slug == "zandwijk")
        .unwrap();
    assert_eq!(z.history.len(), 2);
    let last = &z.history[1];
    assert_eq!(last.peildatum.iso(), "2021-03-04");
    assert_eq!(last.source, "overzicht");
    let titles = |e: &[vergelijk::model::Effort]| -> Vec<String> {
        e.iter().map(|e| e.title.clone()).collect()
    };
    assert_eq!(titles(&last.completed), titles(&z.completed));
    assert_eq!(titles(&last.planned), titles(&z.planned));
    assert_eq!(z.planned[0].id.as_deref(), Some("buurtkoffie-elke-week"));
    assert_eq!(last.planned[0].id, z.planned[0].id);
    // The current lists are kept as they were, link notes too.
    assert_eq!(last.completed[0].link_note, z.completed[0].link_note);
    let b = model
        .municipalities
        .iter()
        .find(|m| m.slug == "beekdal")
        .unwrap();
    assert_eq!(b.history.len(), 1);
    // The site follows the effort into the new edition.
    let public = build(dir.path());
    let doc = page(&public, "gemeenten/zandwijk/");
    let training = steps(&doc, "voortgang-training");
    let dates: Vec<&str> = training.iter().map(|s| s.0.as_str()).collect();
    assert_eq!(dates, ["2020-02-01", "2021-03-04", "2022-01-15"]);
    // A note the next state repeats is shown once.
    assert_eq!(
        doc.select(&sel("li#voortgang-training .link-note")).count(),
        1
    );
    // Nothing is left beside the files.
    assert!(
        files(&content).iter().all(|f| !f.contains(".new-edition")),
        "{:?}",
        files(&content)
    );
}

#[test]
fn new_edition_changes_nothing_when_a_file_cannot_be_written() {
    let dir = site_from("history");
    let content = dir.path().join("content");
    // A folder where the new text of a file would be written first: the
    // write fails, for root too.
    let blocker = vergelijk::edition::staging_path(&content.join("municipalities/zandwijk.toml"));
    std::fs::create_dir(&blocker).unwrap();
    std::fs::write(blocker.join("x"), "x").unwrap();
    let before = contents(&content);
    let out = run(dir.path(), &["new-edition", "--peildatum", "2022-01-15"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_diagnostics!(stderr(&out));
    assert_eq!(contents(&content), before, "every file as it was");
}

#[test]
fn new_edition_refuses_content_that_does_not_pass_check() {
    let dir = site_from("history");
    let content = dir.path().join("content");
    let beekdal = content.join("municipalities/beekdal.toml");
    let text = std::fs::read_to_string(&beekdal).unwrap();
    std::fs::write(&beekdal, text.replace("[\"campagne\"]", "[\"campagn\"]")).unwrap();
    let before = contents(&content);
    let out = run(dir.path(), &["new-edition", "--peildatum", "2022-01-15"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert_diagnostics!(err);
    assert_eq!(contents(&content), before);
}

#[test]
fn new_edition_needs_a_later_date() {
    let dir = site_from("history");
    let content = dir.path().join("content");
    let before = contents(&content);
    for date in ["2021-03-04", "2020-12-31", "volgend jaar"] {
        let out = run(dir.path(), &["new-edition", "--peildatum", date]);
        assert_eq!(out.status.code(), Some(2), "{date}");
        assert_diagnostics!(stderr(&out));
    }
    assert_eq!(contents(&content), before);
}

// ---------- Serve ----------

#[test]
fn the_first_earlier_state_renders_the_whole_site() {
    // The pages about progress exist only once some municipality has an
    // earlier state: adding the first one is not a change of one page.
    let dir = site_from("minimal");
    let opts = options(dir.path());
    let old = vergelijk::check(&opts).unwrap();
    let alfa = dir.path().join("content/municipalities/alfa.toml");
    let text = std::fs::read_to_string(&alfa).unwrap();
    std::fs::write(
        &alfa,
        format!("{text}\n[[history]]\npeildatum = 2020-01-01\nsource = \"bron\"\n\n[[history.planned]]\ntitle = \"Trainen\"\n"),
    )
    .unwrap();
    let new = vergelijk::check(&opts).unwrap();
    assert!(vergelijk::render::Changes::between(&old, &new).is_none());
    // A change to an existing history renders incrementally, the page
    // across municipalities with it.
    let text = std::fs::read_to_string(&alfa).unwrap();
    std::fs::write(
        &alfa,
        text.replace(
            "title = \"Trainen\"",
            "title = \"Trainen van vrijwilligers\"",
        ),
    )
    .unwrap();
    let newer = vergelijk::check(&opts).unwrap();
    let changes = vergelijk::render::Changes::between(&new, &newer).expect("incremental");
    let rendered =
        crate::common::render_changed(&opts, &newer, &changes, vergelijk::render::Part::All);
    for f in [
        "voortgang/index.html",
        "gemeenten/alfa/index.html",
        "data/inzet-per-stand.csv",
        "feed.xml",
    ] {
        assert!(rendered.contains_key(f), "{f} is rendered again");
    }
    let mut files = vergelijk::render_site(&opts, &new).unwrap();
    files.extend(rendered);
    assert_eq!(files, vergelijk::render_site(&opts, &newer).unwrap());
}
