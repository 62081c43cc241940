//! Authoring and publishing: `new`, the JSON Schemas, warnings, the feed,
//! correction links, colours and verbosity.

use std::path::Path;

use crate::common::*;

#[test]
fn new_writes_a_file_that_passes_check_and_prints_its_path() {
    let dir = site_from("minimal");
    let out = run(
        dir.path(),
        &["new", "Sint-Michielsgestel", "--province", "Noord-Brabant"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        stdout(&out).trim(),
        "content/municipalities/sint-michielsgestel.toml"
    );
    let text = std::fs::read_to_string(
        dir.path()
            .join("content/municipalities/sint-michielsgestel.toml"),
    )
    .unwrap();
    assert!(text.starts_with("#:schema ../../schemas/municipality.schema.json\n"));
    for key in [
        "sources",
        "target_groups",
        "regional_partners",
        "website",
        "notes",
        "[[completed]]",
        "[[planned]]",
        "topics",
        "id",
        "link_note",
        "[[history]]",
        "[[history.planned]]",
        "peildatum",
    ] {
        assert!(text.contains(key), "the template shows {key}");
    }
    let check = run(dir.path(), &["check"]);
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
    // Until efforts are filled in, check says so, without failing.
    assert_diagnostics!(stderr(&check));
    let public = build(dir.path());
    assert_eq!(
        texts(
            &parse(&public.join("gemeenten/sint-michielsgestel/index.html")),
            "h1"
        ),
        ["Sint-Michielsgestel"]
    );
}

#[test]
fn new_refuses_to_overwrite() {
    let dir = site_from("minimal");
    let path = dir.path().join("content/municipalities/alfa.toml");
    let before = std::fs::read(&path).unwrap();
    let out = run(dir.path(), &["new", "Alfa", "--province", "Utrecht"]);
    assert_ne!(out.status.code(), Some(0));
    assert_diagnostics!(stderr(&out));
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn new_without_a_province_is_caught_by_check() {
    let dir = site_from("minimal");
    let out = run(dir.path(), &["new", "Gamma"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let check = run(dir.path(), &["check"]);
    assert_eq!(check.status.code(), Some(1));
    assert_diagnostics!(stderr(&check));
}

/// TOML to JSON as Taplo sees it for validation: dates become strings.
fn toml_to_json(v: toml::Value) -> serde_json::Value {
    match v {
        toml::Value::String(s) => serde_json::Value::String(s),
        toml::Value::Integer(i) => serde_json::Value::from(i),
        toml::Value::Float(f) => serde_json::Value::from(f),
        toml::Value::Boolean(b) => serde_json::Value::Bool(b),
        toml::Value::Datetime(d) => serde_json::Value::String(d.to_string()),
        toml::Value::Array(a) => {
            serde_json::Value::Array(a.into_iter().map(toml_to_json).collect())
        }
        toml::Value::Table(t) => {
            serde_json::Value::Object(t.into_iter().map(|(k, v)| (k, toml_to_json(v))).collect())
        }
    }
}

fn validator(name: &str) -> jsonschema::Validator {
    let text = std::fs::read_to_string(repo().join("schemas").join(name)).unwrap();
    jsonschema::validator_for(&serde_json::from_str(&text).unwrap()).unwrap()
}

fn instance(path: &Path) -> serde_json::Value {
    toml_to_json(toml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap())
}

#[test]
fn committed_schemas_are_the_generated_ones() {
    for (name, text) in vergelijk::schema::schemas() {
        let committed = std::fs::read_to_string(repo().join("schemas").join(name)).unwrap();
        assert_eq!(
            committed, text,
            "schemas/{name} is stale: run `cargo run -- schema`"
        );
    }
}

#[test]
fn every_bundled_content_file_is_valid_against_its_schema() {
    let content = repo().join("content");
    let check = |schema: &str, file: &Path| {
        let v = validator(schema);
        let errors: Vec<String> = v
            .iter_errors(&instance(file))
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{}: {errors:?}", file.display());
        let first = std::fs::read_to_string(file)
            .unwrap()
            .lines()
            .next()
            .unwrap()
            .to_string();
        assert!(
            first.starts_with("#:schema ") && first.ends_with(schema),
            "{}: {first}",
            file.display()
        );
    };
    check("site.schema.json", &content.join("site.toml"));
    check("topics.schema.json", &content.join("topics.toml"));
    for f in files(&content.join("municipalities")) {
        check(
            "municipality.schema.json",
            &content.join("municipalities").join(f),
        );
    }
}

#[test]
fn the_schema_rejects_what_check_rejects() {
    let v = validator("municipality.schema.json");
    let ok = "name = \"A\"\nprovince = \"B\"\nupdated = 2026-01-02\n[[completed]]\ntitle = \"t\"\ntopics = [\"campagne\"]\n";
    assert!(v.is_valid(&toml_to_json(toml::from_str(ok).unwrap())));
    for bad in [
        "name = \"A\"\nprovincie = \"B\"\n",
        "name = \"A\"\nprovince = 3\n",
        "name = \"A\"\n",
        "name = \"A\"\nprovince = \"B\"\n[[completed]]\ntitel = \"t\"\n",
        "name = \"A\"\nprovince = \"B\"\nsplit_reconstructed = \"ja\"\n",
    ] {
        assert!(
            !v.is_valid(&toml_to_json(toml::from_str(bad).unwrap())),
            "schema accepts {bad:?}"
        );
        let dir = site_from("minimal");
        std::fs::write(dir.path().join("content/municipalities/alfa.toml"), bad).unwrap();
        assert_eq!(
            run(dir.path(), &["check"]).status.code(),
            Some(1),
            "check accepts {bad:?}"
        );
    }
}

#[test]
fn feed_is_atom_with_an_entry_per_municipality_newest_first() {
    let dir = site_from("minimal");
    std::fs::write(
        dir.path().join("content/municipalities/beta-dorp.toml"),
        "name = \"Beta Dorp\"\nprovince = \"Gelderland\"\nupdated = 2026-05-01\n[[planned]]\ntitle = \"Training\"\ntopics = [\"training\"]\n",
    )
    .unwrap();
    let public = build(dir.path());
    let text = std::fs::read_to_string(public.join("feed.xml")).unwrap();
    let doc = roxmltree::Document::parse(&text).unwrap();
    let atom = "http://www.w3.org/2005/Atom";
    let root = doc.root_element();
    assert_eq!(root.tag_name().namespace(), Some(atom));
    assert_eq!(root.tag_name().name(), "feed");
    let child = |n: roxmltree::Node<'_, '_>, name: &str| {
        n.children()
            .find(|c| c.tag_name().name() == name && c.tag_name().namespace() == Some(atom))
            .and_then(|c| c.text())
            .map(str::to_string)
    };
    for required in ["id", "title", "updated"] {
        assert!(child(root, required).is_some(), "feed lacks {required}");
    }
    let entries: Vec<_> = root
        .children()
        .filter(|c| c.tag_name().name() == "entry")
        .collect();
    assert_eq!(entries.len(), 2);
    assert_eq!(child(entries[0], "title").as_deref(), Some("Beta Dorp"));
    assert_eq!(
        child(entries[0], "updated").as_deref(),
        Some("2026-05-01T00:00:00Z")
    );
    // Alfa has no `updated`: the peildatum stands in.
    assert_eq!(
        child(entries[1], "updated").as_deref(),
        Some("2021-03-04T00:00:00Z")
    );
    assert_eq!(
        child(root, "updated").as_deref(),
        Some("2026-05-01T00:00:00Z")
    );
    let home = parse(&public.join("index.html"));
    let link = home
        .select(&sel("link[rel=alternate][type=\"application/atom+xml\"]"))
        .next()
        .unwrap();
    assert_eq!(link.value().attr("href"), Some("feed.xml"));
}

#[test]
fn warnings_are_shown_and_do_not_fail() {
    let dir = site_from("minimal");
    let c = dir.path().join("content");
    std::fs::write(
        c.join("municipalities/alfa.toml"),
        "name = \"Alfa\"\nprovince = \"U\"\nnotes = \"\"\"\nIets anders.\n\nTrainen van vrijwilligers\n\"\"\"\n[[completed]]\ntitle = \"Trainen van vrijwilligers\"\ntopics = [\"training\"]\n[[planned]]\ntitle = \"Zonder onderwerp\"\n",
    )
    .unwrap();
    std::fs::write(
        c.join("municipalities/beta-dorp.toml"),
        "name = \"Beta Dorp\"\nprovince = \"G\"\n",
    )
    .unwrap();
    let out = run(dir.path(), &["check"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let build = run(dir.path(), &["build"]);
    assert_eq!(build.status.code(), Some(0));
    // Every warning once, and `check` prints the same.
    assert_diagnostics!(stderr(&build));
    assert_eq!(stderr(&out), stderr(&build));
    let quiet = run(dir.path(), &["check", "--quiet"]);
    assert_eq!(quiet.status.code(), Some(0));
    assert_eq!(stderr(&quiet), "");
    assert_eq!(stdout(&quiet), "");
}

#[test]
fn output_in_a_pipe_has_no_colour_codes_and_verbose_lists_steps() {
    let dir = site_from("minimal");
    std::fs::write(
        dir.path().join("content/municipalities/alfa.toml"),
        "name = 3\n",
    )
    .unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_vergelijk"))
        .arg("check")
        .current_dir(dir.path())
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(!stderr(&out).contains('\u{1b}'), "escape codes in a pipe");
    let forced = std::process::Command::new(env!("CARGO_BIN_EXE_vergelijk"))
        .arg("check")
        .current_dir(dir.path())
        .env("CLICOLOR_FORCE", "1")
        .env_remove("NO_COLOR")
        .output()
        .unwrap();
    assert!(stderr(&forced).contains("\u{1b}["), "colours when forced");
    let dir = site_from("minimal");
    let out = run(dir.path(), &["build", "--verbose"]);
    for step in ["load", "render", "search", "publish"] {
        assert!(stdout(&out).contains(step), "{}", stdout(&out));
    }
}

#[test]
fn correction_link_is_an_edit_link_or_a_mailto() {
    let dir = site_from("minimal");
    let site_toml = dir.path().join("content/site.toml");
    let base = std::fs::read_to_string(&site_toml).unwrap();
    // Builds with `settings` added to site.toml; returns the link and heading.
    let correction = |settings: &str| {
        std::fs::write(
            &site_toml,
            base.replace("peildatum", &format!("{settings}\npeildatum")),
        )
        .unwrap();
        let public = build(dir.path());
        let doc = parse(&public.join("gemeenten/beta-dorp/index.html"));
        let a = doc.select(&sel(".correction a")).next().unwrap();
        (
            a.value().attr("href").unwrap().to_string(),
            text_of(&doc, ".correction h2"),
        )
    };
    let (href, heading) = correction("contact = \"redactie@example.org\"");
    assert_eq!(
        href,
        "mailto:redactie@example.org?subject=Correctie%3A%20Beta%20Dorp"
    );
    assert_eq!(heading, "Klopt dit niet?");
    let (href, _) = correction(
        "contact = \"redactie@example.org\"\nrepository = \"https://example.org/repo/edit/main/content\"",
    );
    assert_eq!(
        href,
        "https://example.org/repo/edit/main/content/municipalities/beta-dorp.toml"
    );
}

#[test]
fn accessibility_statement_and_privacy_line() {
    let public = &bundled().public;
    let doc = parse(&public.join("toegankelijkheid/index.html"));
    assert_eq!(texts(&doc, "h1"), ["Toegankelijkheid"]);
    let text = text_of(&doc, "main");
    for must in ["WCAG 2.2", "axe-core", "melden"] {
        assert!(text.contains(must), "statement lacks {must}");
    }
    for f in files(public).into_iter().filter(|f| f.ends_with(".html")) {
        let doc = parse(&public.join(&f));
        assert!(text_of(&doc, "footer").contains("geen cookies"), "{f}");
    }
}

/// A large site's feed holds the 50 most recently updated municipalities,
/// not thousands.
#[test]
fn feed_of_a_large_site_holds_the_fifty_newest() {
    let dir = tempfile::tempdir().unwrap();
    vergelijk::synth::write_content(&repo().join("content"), &dir.path().join("content"), 120, 3)
        .unwrap();
    let public = build(dir.path());
    let site = vergelijk::check(&options(dir.path())).unwrap();
    let text = std::fs::read_to_string(public.join("feed.xml")).unwrap();
    let doc = roxmltree::Document::parse(&text).unwrap();
    let updated: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("entry"))
        .map(|e| {
            e.children()
                .find(|c| c.has_tag_name("updated"))
                .and_then(|c| c.text())
                .unwrap()
        })
        .collect();
    assert_eq!(updated.len(), 50);
    assert!(updated.windows(2).all(|w| w[0] >= w[1]), "newest first");
    let mut all: Vec<String> = site
        .municipalities
        .iter()
        .map(|m| {
            format!(
                "{}T00:00:00Z",
                m.updated.unwrap_or(site.config.peildatum).iso()
            )
        })
        .collect();
    all.sort_unstable_by(|a, b| b.cmp(a));
    assert_eq!(
        updated,
        all[..50].iter().map(String::as_str).collect::<Vec<_>>()
    );
}
