//! Incremental rendering: after any edit, the previous files with the
//! re-rendered ones laid over them equal a full render, byte for byte, and
//! an edit to one municipality renders only what depends on it.

use crate::common;
use crate::common::render_changed;

use std::path::Path;

use vergelijk::render::{self, Changes, Files};
use vergelijk::serve::build::{Builder, Stage};
use vergelijk::{Options, Site};

fn load(opts: &Options) -> Site {
    vergelijk::check(opts).unwrap_or_else(|e| panic!("{e}"))
}

fn full(opts: &Options, site: &Site) -> Files {
    vergelijk::render_site(opts, site).unwrap_or_else(|e| panic!("{e}"))
}

fn assert_same(got: &Files, want: &Files, what: &str) {
    let got_keys: Vec<&String> = got.keys().collect();
    let want_keys: Vec<&String> = want.keys().collect();
    assert_eq!(got_keys, want_keys, "{what}: other files");
    for (k, v) in want {
        if got[k] != *v {
            let (a, b) = (String::from_utf8_lossy(&got[k]), String::from_utf8_lossy(v));
            let line = a.lines().zip(b.lines()).position(|(x, y)| x != y);
            panic!(
                "{what}: {k} differs from a full render, first at line {line:?}: {:?} != {:?}",
                line.and_then(|l| a.lines().nth(l)),
                line.and_then(|l| b.lines().nth(l))
            );
        }
    }
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{} has no {from:?}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

/// Applies `change` to the site, renders incrementally when the model diff
/// allows it, and compares with a full render. Returns how many files the
/// incremental render produced (`None`: it had to render everything).
fn step(
    opts: &Options,
    files: &mut Files,
    site: &mut Site,
    what: &str,
    change: impl FnOnce(&Path),
) -> Option<usize> {
    change(&opts.content);
    let new = load(opts);
    let want = full(opts, &new);
    let rendered = match Changes::between(site, &new) {
        Some(changes) => {
            let part = |p| render_changed(opts, &new, &changes, p);
            let update = part(render::Part::All);
            let n = update.len();
            // What the dev server does: the changed pages first, the rest after.
            let (own, rest) = (part(render::Part::Own), part(render::Part::Rest));
            assert!(
                own.keys().all(|k| !rest.contains_key(k)),
                "{what}: parts overlap"
            );
            let mut in_two = files.clone();
            in_two.extend(own);
            in_two.extend(rest);
            assert_same(&in_two, &want, what);
            files.extend(update);
            assert_same(files, &want, what);
            Some(n)
        }
        None => None,
    };
    *files = want;
    *site = new;
    rendered
}

#[test]
fn every_kind_of_edit_matches_a_full_render() {
    edits_match_a_full_render(None);
}

/// The same on a large site (a table limit below the bundled 16): overview
/// pages show summaries and each topic has a page per province.
#[test]
fn every_kind_of_edit_of_a_large_site_matches_a_full_render() {
    edits_match_a_full_render(Some(10));
}

fn edits_match_a_full_render(table_limit: Option<usize>) {
    let dir = common::site_from("bundled");
    if let Some(limit) = table_limit {
        let site_toml = dir.path().join("content/site.toml");
        let text = std::fs::read_to_string(&site_toml).unwrap();
        std::fs::write(&site_toml, format!("table_limit = {limit}\n{text}")).unwrap();
    }
    let opts = common::options(dir.path());
    let mut site = load(&opts);
    let mut files = full(&opts, &site);
    let all = files.len();
    let m = |name: &str| format!("municipalities/{name}.toml");
    let c = |p: &Path, f: &str| p.join(f);

    let n = step(&opts, &mut files, &mut site, "notes", |p| {
        edit(
            &c(p, &m("delft")),
            "In Delft valt",
            "In Delft (gewijzigd) valt",
        )
    })
    .expect("a notes edit renders incrementally");
    assert!(n < all / 2, "{n} of {all} files for one municipality");
    assert!(step(&opts, &mut files, &mut site, "nothing changed", |_| {}) == Some(0));
    for (what, file, from, to) in [
        (
            "rename, which reorders",
            m("delft"),
            "name = \"Delft\"",
            "name = \"Zzz Delft\"",
        ),
        (
            "province",
            m("delft"),
            "province = \"Zuid-Holland\"",
            "province = \"Utrecht\"",
        ),
        (
            "a topic added",
            m("delft"),
            "topics = [\"cursussen\"]",
            "topics = [\"cursussen\", \"training\"]",
        ),
        (
            "a topic removed",
            m("delft"),
            "topics = [\"compaan\", \"projecten\"]",
            "topics = [\"compaan\"]",
        ),
        (
            "an effort moved",
            m("delft"),
            "[[planned]]\ntitle = \"Experimenteren",
            "[[completed]]\ntitle = \"Experimenteren",
        ),
        (
            "split note",
            m("delft"),
            "split_reconstructed = true",
            "split_reconstructed = false",
        ),
        (
            "a location moved, on every topic's map",
            m("delft"),
            "latitude = 52.012, longitude = 4.359",
            "latitude = 52.3, longitude = 4.9",
        ),
        (
            "a code",
            m("delft"),
            "code = \"GM0503\"",
            "code = \"GM0504\"",
        ),
        (
            "another municipality",
            m("baarn"),
            "name = \"Baarn\"",
            "name = \"Baarn\"\ntarget_groups = [\"middengeneratie\"]",
        ),
        (
            "an effort of an earlier state",
            m("amsterdam"),
            "title = \"38 experimenten begeleid\"",
            "title = \"38 experimenten begeleid door BMC\"",
        ),
        (
            "a link between states undone",
            m("amsterdam"),
            "id = \"hulpmiddelen-beleid\"",
            "id = \"hulpmiddelen\"",
        ),
        (
            "a page's text",
            "pages/over.md".to_string(),
            "\n+++\n",
            "\n+++\n\nEen nieuwe eerste alinea.\n",
        ),
    ] {
        let r = step(&opts, &mut files, &mut site, what, |p| {
            edit(&c(p, &file), from, to)
        });
        assert!(r.is_some(), "{what}: expected an incremental render");
    }
    for (what, file, from, to) in [
        (
            "site title",
            "site.toml".to_string(),
            "title = \"Eenzaamheid",
            "title = \"Over eenzaamheid",
        ),
        (
            "topic name",
            "topics.toml".to_string(),
            "name = \"Trainingen\"",
            "name = \"Training\"",
        ),
        (
            "page title",
            "pages/over.md".to_string(),
            "title = \"",
            "title = \"Nieuw: ",
        ),
        (
            "a province that was not there",
            m("baarn"),
            "province = \"Utrecht\"",
            "province = \"Gelderland\"",
        ),
    ] {
        let r = step(&opts, &mut files, &mut site, what, |p| {
            edit(&c(p, &file), from, to)
        });
        assert!(r.is_none(), "{what}: expected a full render");
    }
    let r = step(&opts, &mut files, &mut site, "a new municipality", |p| {
        std::fs::write(
            c(p, &m("zwolle")),
            "name = \"Zwolle\"\nprovince = \"Overijssel\"\n",
        )
        .unwrap()
    });
    assert!(r.is_none());
    let r = step(
        &opts,
        &mut files,
        &mut site,
        "a deleted municipality",
        |p| std::fs::remove_file(c(p, &m("zwolle"))).unwrap(),
    );
    assert!(r.is_none());
}

#[test]
fn one_municipality_of_hundreds_renders_only_its_dependents() {
    let dir = tempfile::tempdir().unwrap();
    let generated = vergelijk::synth::write_content(
        &common::repo().join("content"),
        &dir.path().join("content"),
        300,
        3,
    )
    .unwrap();
    let opts = common::options(dir.path());
    let mut site = load(&opts);
    assert_eq!(site.municipalities.len(), 300);
    let mut files = full(&opts, &site);
    let target = &generated[150];
    let path = dir
        .path()
        .join("content/municipalities")
        .join(format!("{}.toml", target.slug));
    let n = step(&opts, &mut files, &mut site, "synthetic notes", |_| {
        edit(&path, "notes = \"\"\"\n", "notes = \"\"\"\nGewijzigd. ")
    })
    .unwrap();
    // Its page, its topics' pages, the tables, lists (the sitemap page and
    // search suggestions among them) and data files (the JSON, CSV,
    // workbook and DCAT metadata among them): not the other 299
    // municipality pages.
    let topics = site.topics.len();
    assert!(
        n <= 1 + topics + 12,
        "{n} files rendered for one municipality"
    );
}

#[test]
fn the_dev_server_builder_matches_a_full_render() {
    let dir = common::site_from("bundled");
    let opts = common::options(dir.path());
    let mut builder = Builder::new(opts.clone());
    let first = builder.build(false, None).unwrap();
    assert_eq!(first.stage, Stage::Full);
    let delft = std::path::absolute(opts.content.join("municipalities/delft.toml")).unwrap();
    edit(&delft, "In Delft valt", "In Delft valt nu");
    let own = builder
        .build(true, Some(std::slice::from_ref(&delft)))
        .unwrap();
    // First Delft's own page and data, published at once; then the rest.
    assert_eq!(own.stage, Stage::Own { rest: true });
    assert!(own.starts_a_new_site());
    let own_files = ["data/gemeenten/delft.json", "gemeenten/delft/index.html"];
    assert_eq!(own.changed_files.unwrap(), own_files);
    let second = builder.finish().unwrap().unwrap();
    assert!(builder.finish().is_none());
    assert_eq!(second.stage, Stage::Rest);
    // The index started from the model with the first part.
    assert!(!second.starts_a_new_site());
    assert!(second.rendered < second.files.len() / 2);
    let want = full(&opts, &load(&opts));
    let got: Files = second
        .files
        .iter()
        .map(|(k, v)| (k.clone(), v.to_vec()))
        .collect();
    assert_same(&got, &want, "builder");

    // A broken edit fails and keeps the last good files; the fix after it
    // is again compared with them.
    edit(
        &opts.content.join("municipalities/delft.toml"),
        "topics = [\"cursussen\"]",
        "topics = [\"cursusen\"]",
    );
    assert!(
        builder
            .build(true, Some(std::slice::from_ref(&delft)))
            .is_err()
    );
    assert!(builder.last_files().is_some());
    edit(
        &opts.content.join("municipalities/delft.toml"),
        "topics = [\"cursusen\"]",
        "topics = [\"training\"]",
    );
    builder
        .build(true, Some(std::slice::from_ref(&delft)))
        .unwrap();
    let third = builder.finish().unwrap().unwrap();
    assert_eq!(third.stage, Stage::Rest);
    let want = full(&opts, &load(&opts));
    let got: Files = third
        .files
        .iter()
        .map(|(k, v)| (k.clone(), v.to_vec()))
        .collect();
    assert_same(&got, &want, "builder after a failure");
}

#[test]
fn synthetic_content_passes_the_checks() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    vergelijk::synth::write_content(&common::repo().join("content"), &content, 500, 1).unwrap();
    let site = load(&common::options(dir.path()));
    assert_eq!(site.municipalities.len(), 500);
    // The same seed writes the same files.
    let again = tempfile::tempdir().unwrap();
    vergelijk::synth::write_content(
        &common::repo().join("content"),
        &again.path().join("content"),
        500,
        1,
    )
    .unwrap();
    assert_eq!(
        common::files(&content.join("municipalities")),
        common::files(&again.path().join("content/municipalities"))
    );
    for f in common::files(&content.join("municipalities"))
        .iter()
        .take(50)
    {
        assert_eq!(
            std::fs::read(content.join("municipalities").join(f)).unwrap(),
            std::fs::read(again.path().join("content/municipalities").join(f)).unwrap()
        );
    }
}

/// The dev server's loader parses only the files it is told changed; after
/// every kind of change the site (or the problems) must be what a fresh
/// load gives.
#[test]
fn cached_loading_equals_a_fresh_load_after_every_kind_of_change() {
    let dir = common::site_from("bundled");
    let opts = common::options(dir.path());
    let munis = std::path::absolute(opts.content.join("municipalities")).unwrap();
    let mut cache = vergelijk::content::Cache::default();
    let outcome = |r: Result<vergelijk::model::Site, vergelijk::Error>| match r {
        Ok(site) => format!("{site:?}"),
        Err(e) => format!("{e}"),
    };
    let fresh = || outcome(vergelijk::check(&opts));
    assert_eq!(
        outcome(vergelijk::check_cached(&opts, &mut cache, None)),
        fresh()
    );

    let delft = munis.join("delft.toml");
    let copy = munis.join("delft-kopie.toml");
    let renamed = munis.join("nieuw-delft.toml");
    type Step<'a> = (&'a str, Box<dyn Fn() + 'a>, Vec<std::path::PathBuf>);
    let steps: Vec<Step> = vec![
        (
            "edit",
            Box::new(|| edit(&delft, "In Delft valt", "In Delft valt nu")),
            vec![delft.clone()],
        ),
        (
            "break",
            Box::new(|| {
                edit(
                    &delft,
                    "topics = [\"cursussen\"]",
                    "topics = [\"cursusen\"]",
                )
            }),
            vec![delft.clone()],
        ),
        (
            "fix",
            Box::new(|| {
                edit(
                    &delft,
                    "topics = [\"cursusen\"]",
                    "topics = [\"cursussen\"]",
                )
            }),
            vec![delft.clone()],
        ),
        (
            "add a duplicate",
            Box::new(|| {
                std::fs::copy(&delft, &copy).unwrap();
            }),
            vec![copy.clone()],
        ),
        (
            "remove it",
            Box::new(|| std::fs::remove_file(&copy).unwrap()),
            vec![copy.clone()],
        ),
        (
            "rename",
            Box::new(|| std::fs::rename(&delft, &renamed).unwrap()),
            vec![delft.clone(), renamed.clone()],
        ),
        (
            "an editor's backup beside it",
            Box::new(|| std::fs::write(munis.join(".nieuw-delft.toml.swp"), "x").unwrap()),
            vec![munis.join(".nieuw-delft.toml.swp")],
        ),
        (
            "site.toml",
            Box::new(|| {
                let p = opts.content.join("site.toml");
                let t = std::fs::read_to_string(&p).unwrap();
                std::fs::write(&p, t.replacen("title = \"", "title = \"Nieuw: ", 1)).unwrap();
            }),
            vec![std::path::absolute(opts.content.join("site.toml")).unwrap()],
        ),
    ];
    for (name, change, paths) in steps {
        change();
        assert_eq!(
            outcome(vergelijk::check_cached(&opts, &mut cache, Some(&paths))),
            fresh(),
            "after: {name}"
        );
    }
}

/// On a large site a topic has a page per province; a save renders those
/// of the municipality's own province only (before: every province's
/// page of each of its topics, a dozen times the work at 10,000).
#[test]
fn a_save_on_a_large_site_renders_the_topic_pages_of_its_province_only() {
    let dir = common::site_from("bundled");
    let site_toml = dir.path().join("content/site.toml");
    let text = std::fs::read_to_string(&site_toml).unwrap();
    std::fs::write(&site_toml, format!("table_limit = 10\n{text}")).unwrap();
    let opts = common::options(dir.path());
    let old = load(&opts);
    edit(
        &opts.content.join("municipalities/delft.toml"),
        "In Delft valt",
        "In Delft (gewijzigd) valt",
    );
    let new = load(&opts);
    let changes = Changes::between(&old, &new).expect("an incremental render");
    let rendered = render_changed(&opts, &new, &changes, render::Part::All);
    let delft = new
        .municipalities
        .iter()
        .find(|m| m.slug == "delft")
        .unwrap();
    let mut topics: Vec<&str> = delft
        .completed
        .iter()
        .chain(&delft.planned)
        .flat_map(|e| e.topics.iter().map(String::as_str))
        .collect();
    topics.sort_unstable();
    topics.dedup();
    let per_province: Vec<&String> = rendered
        .keys()
        .filter(|k| k.starts_with("onderwerpen/") && k.matches('/').count() == 3)
        .collect();
    let want: Vec<String> = topics
        .iter()
        .map(|t| format!("onderwerpen/{t}/zuid-holland/index.html"))
        .collect();
    assert_eq!(per_province, want.iter().collect::<Vec<_>>());
    // And the result is what a full render gives.
    let mut files = full(&opts, &old);
    files.extend(rendered);
    assert_same(&files, &full(&opts, &new), "a large site's save");
}
