//! Properties of the written site: content links under a subpath, no
//! references to other hosts, no stale files, the embedded theme, and
//! template overrides. (That every link and fragment of every page
//! resolves, at the root and under a subpath, the browser suite checks
//! over HTTP: `tests/browser/test/links.test.js`.)

use std::collections::BTreeMap;

use crate::common::*;

#[test]
fn content_links_starting_with_slash_follow_the_subpath() {
    let dir = site_from("minimal");
    let out = run(
        dir.path(),
        &["build", "--base-url", "https://example.org/sub/"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let doc = parse(&dir.path().join("public/over/index.html"));
    let a = doc.select(&sel(".prose a")).next().unwrap();
    assert_eq!(a.value().attr("href"), Some("../gemeenten/alfa/"));
    // The page body's `##` sits under the page's h1.
    assert_eq!(texts(&doc, ".prose h2"), ["Kop"]);
}

#[test]
fn no_reference_to_any_other_host() {
    let public = &bundled().public;
    for f in files(public).into_iter().filter(|f| f.ends_with(".html")) {
        let doc = parse(&public.join(&f));
        // Resources a browser would fetch by itself: only local ones.
        for el in doc.select(&sel(
            "script[src], link[href], img, iframe, source, video, audio, object, embed",
        )) {
            let v = el.value();
            if v.name() == "link" && v.attr("rel") == Some("canonical") {
                continue;
            }
            let url = v
                .attr("src")
                .or(v.attr("href"))
                .or(v.attr("data"))
                .unwrap_or("");
            assert!(
                !url.contains("//") && !url.contains(':'),
                "{f}: external resource {url}"
            );
        }
        for el in doc.select(&sel("style, [style]")) {
            let css = el.text().collect::<String>() + el.value().attr("style").unwrap_or("");
            assert!(!css.contains("url("), "{f}: inline CSS loads {css}");
        }
    }
    let css = std::fs::read_to_string(public.join("style.css")).unwrap();
    assert!(
        !css.contains("url(") && !css.contains("@import"),
        "style.css loads something"
    );
}

#[test]
fn a_new_build_removes_stale_files() {
    let dir = site_from("minimal");
    let public = build(dir.path());
    assert!(public.join("gemeenten/beta-dorp/index.html").is_file());
    std::fs::write(public.join("stale.html"), "old").unwrap();
    std::fs::remove_file(dir.path().join("content/municipalities/beta-dorp.toml")).unwrap();
    build(dir.path());
    assert!(!public.join("gemeenten/beta-dorp").exists());
    assert!(!public.join("stale.html").exists());
}

#[test]
fn a_site_without_a_themes_folder_uses_the_embedded_theme() {
    let dir = site_from("minimal");
    let out = run(dir.path(), &["build"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).starts_with("Built 2 municipalities, 2 topics"),
        "{}",
        stdout(&out)
    );
    let public = dir.path().join("public");
    assert_eq!(
        std::fs::read(public.join("style.css")).unwrap(),
        std::fs::read(repo().join("themes/default/static/style.css")).unwrap()
    );
    assert_eq!(
        texts(&parse(&public.join("gemeenten/alfa/index.html")), "h1"),
        ["Alfa"]
    );
}

#[test]
fn a_site_can_override_one_template() {
    let dir = site_from("minimal");
    std::fs::create_dir_all(dir.path().join("templates")).unwrap();
    std::fs::write(
        dir.path().join("templates/topic.html"),
        "{% extends \"base.html\" %}{% block content %}<h1 class=\"eigen\">{{ topic.name }}</h1>{% endblock %}",
    )
    .unwrap();
    let out = run(dir.path(), &["build"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let doc = parse(&dir.path().join("public/onderwerpen/campagne/index.html"));
    assert_eq!(texts(&doc, "h1.eigen"), ["Campagne"]);
    // The other templates still come from the theme.
    let home = parse(&dir.path().join("public/index.html"));
    assert_eq!(home.select(&sel("table.comparison")).count(), 1);
}

#[test]
fn a_site_can_override_the_feed_and_the_sitemap() {
    let dir = site_from("minimal");
    let templates = dir.path().join("templates");
    std::fs::create_dir_all(&templates).unwrap();
    // A feed of titles only, and a sitemap with a priority per page; text
    // is escaped as XML (`&apos;`), as the built-in ones escape it.
    std::fs::write(
        templates.join("feed.xml"),
        "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>{{ site.title ~ \"'s\" }}</title>{% for e in feed.entries %}<entry><title>{{ e.title }}</title></entry>{% endfor %}</feed>",
    )
    .unwrap();
    std::fs::write(
        templates.join("sitemap.xml"),
        "<urlset>{% for url in urls %}<url><loc>{{ url }}</loc><priority>0.5</priority></url>{% endfor %}</urlset>",
    )
    .unwrap();
    let out = run(dir.path(), &["build", "--no-search"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let feed = std::fs::read_to_string(dir.path().join("public/feed.xml")).unwrap();
    let doc = roxmltree::Document::parse(&feed).unwrap();
    let titles: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("title"))
        .filter_map(|n| n.text())
        .collect();
    assert!(titles.contains(&"Alfa"), "{feed}");
    assert!(feed.contains("&apos;s</title>"), "{feed}");
    let sitemap = std::fs::read_to_string(dir.path().join("public/sitemap.xml")).unwrap();
    let doc = roxmltree::Document::parse(&sitemap).unwrap();
    let priorities = doc
        .descendants()
        .filter(|n| n.has_tag_name("priority"))
        .count();
    let locs = doc.descendants().filter(|n| n.has_tag_name("loc")).count();
    assert!(locs > 5 && priorities == locs, "{sitemap}");
}

#[test]
fn a_broken_template_override_is_reported_with_its_name() {
    let dir = site_from("minimal");
    std::fs::create_dir_all(dir.path().join("templates")).unwrap();
    std::fs::write(dir.path().join("templates/topic.html"), "{% if %}").unwrap();
    let out = run(dir.path(), &["build"]);
    assert_eq!(out.status.code(), Some(1));
    assert_diagnostics!(stderr(&out));
}

/// Pages are written while others are still rendering: a page that fails
/// late must not leave a half-written site, in `public/` or next to it.
#[test]
fn a_build_that_fails_while_writing_keeps_the_previous_output() {
    let dir = site_from("minimal");
    let public = build(dir.path());
    let before = std::fs::read(public.join("onderwerpen/campagne/index.html")).unwrap();
    std::fs::create_dir_all(dir.path().join("templates")).unwrap();
    std::fs::write(
        dir.path().join("templates/topic.html"),
        "{{ topic.name | no_such_filter }}",
    )
    .unwrap();
    let out = run(dir.path(), &["build"]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    assert_diagnostics!(stderr(&out));
    assert_eq!(
        std::fs::read(public.join("onderwerpen/campagne/index.html")).unwrap(),
        before
    );
    let leftovers: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn raw_html_and_script_links_in_content_are_neutralised() {
    let dir = site_from("minimal");
    std::fs::write(
        dir.path().join("content/municipalities/alfa.toml"),
        "name = \"Alfa <script>alert(1)</script>\"\nprovince = \"U\"\nnotes = \"<img src=x onerror=alert(1)> [x](javascript:alert(1))\"\n",
    )
    .unwrap();
    let public = build(dir.path());
    let doc = parse(&public.join("gemeenten/alfa/index.html"));
    assert_eq!(doc.select(&sel("script, img")).count(), 0);
    assert_eq!(texts(&doc, "h1"), ["Alfa <script>alert(1)</script>"]);
    assert!(doc.select(&sel("a[href^=javascript]")).next().is_none());
    let notes = text_of(&doc, "section[aria-labelledby=bijzonderheden]");
    assert!(notes.contains("<img src=x onerror=alert(1)>"), "{notes}");
}

/// `build` writes the large data exports piece by piece straight into
/// their files; the dev server collects them in memory. Both must give the
/// same bytes, for every file.
#[test]
fn a_build_writes_what_the_dev_server_serves() {
    let Built { dir, site, public } = bundled();
    let rendered = vergelijk::render_site(&options(dir), site).unwrap();
    let written: BTreeMap<String, Vec<u8>> = contents(public).into_iter().collect();
    assert_eq!(
        written.keys().collect::<Vec<_>>(),
        rendered.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &rendered {
        assert!(written[path] == *bytes, "{path} differs");
    }
    let json = &written["data/gemeenten.json"];
    assert!(json.len() > 10_000 && json.ends_with(b"}\n"));
}
