//! `vergelijk serve` end to end: the binary on a free port of 127.0.0.1, in
//! a temp copy of a fixture site, talked to with a plain TCP client.
//!
//! Every wait has a generous deadline and nothing asserts how fast a
//! rebuild is; the server is killed when its guard drops, even when a test
//! fails.

use crate::common;

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use crate::common::site_from;
use crate::dev_server::{Reply, Server, WAIT};

impl Server {
    fn builds(&self) -> usize {
        self.lines()
            .iter()
            .filter(|l| l.starts_with("Built ") || l.starts_with("Rebuilt "))
            .count()
    }

    /// Waits for reload events until `path` satisfies `ok`.
    fn wait_for(
        &self,
        events: &mut Events,
        path: &str,
        what: &str,
        ok: impl Fn(&Reply) -> bool,
    ) -> Reply {
        let deadline = Instant::now() + WAIT;
        loop {
            let reply = self.get(path);
            if ok(&reply) {
                return reply;
            }
            if Instant::now() > deadline || events.next_build(deadline).is_none() {
                panic!(
                    "{path} never showed {what}; last reply:\n{}\nserver:\n{}",
                    reply.body,
                    self.log()
                );
            }
        }
    }
}

impl Server {
    /// The search index is built after the pages, on a thread of its own.
    fn wait_for_search_index(&self) -> Reply {
        let deadline = Instant::now() + WAIT;
        loop {
            let r = self.get("/pagefind/pagefind-entry.json");
            if r.status == 200 {
                return r;
            }
            assert!(
                Instant::now() < deadline,
                "no search index:\n{}",
                self.log()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

/// The reload channel, read as a browser's EventSource would.
struct Events {
    reader: BufReader<TcpStream>,
}

impl Events {
    /// Every publication.
    fn open(port: u16) -> Events {
        Events::open_at(port, "/__vergelijk/events")
    }

    /// What the reload script of the page served from `page` (a file key)
    /// listens to: publications that changed that file.
    fn for_page(port: u16, page: &str) -> Events {
        Events::open_at(port, &format!("/__vergelijk/events?page={page}"))
    }

    fn open_at(port: u16, target: &str) -> Events {
        let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
        // HTTP/1.0: the stream comes unchunked, until the server closes it.
        write!(
            s,
            "GET {target} HTTP/1.0\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n"
        )
        .unwrap();
        let mut reader = BufReader::new(s);
        let mut status = String::new();
        reader.read_line(&mut status).unwrap();
        assert!(status.contains(" 200 "), "{status}");
        let mut line = String::new();
        loop {
            line.clear();
            reader.read_line(&mut line).unwrap();
            if line.trim().is_empty() {
                break;
            }
            if let Some((k, v)) = line.split_once(':')
                && k.eq_ignore_ascii_case("content-type")
            {
                assert!(v.contains("text/event-stream"), "{v}");
            }
        }
        Events { reader }
    }

    /// The id of the next `build` event, or `None` at the deadline.
    fn next_build(&mut self, deadline: Instant) -> Option<String> {
        let mut event = String::new();
        let mut line = String::new();
        loop {
            let left = deadline.checked_duration_since(Instant::now())?;
            self.reader
                .get_ref()
                .set_read_timeout(Some(left.max(Duration::from_millis(1))))
                .ok()?;
            line.clear();
            match self.reader.read_line(&mut line) {
                Ok(0) | Err(_) => return None,
                Ok(_) => {}
            }
            let l = line.trim_end();
            if let Some(e) = l.strip_prefix("event:") {
                event = e.trim().to_string();
            } else if let Some(d) = l.strip_prefix("data:")
                && event == "build"
            {
                return Some(d.trim().to_string());
            }
        }
    }
}

/// Writes `text` to `path` through a temp file renamed over it, as many
/// editors do.
fn write_by_rename(path: &Path, text: &str) {
    let tmp = path.with_extension("toml.tmp");
    std::fs::write(&tmp, text).unwrap();
    std::fs::rename(&tmp, path).unwrap();
}

/// `file:line:col` of the first `needle` in `text`, 1-based.
fn position(file: &str, text: &str, needle: &str) -> String {
    let at = text.find(needle).unwrap();
    let line = text[..at].matches('\n').count() + 1;
    let col = at - text[..at].rfind('\n').map_or(0, |i| i + 1) + 1;
    format!("{file}:{line}:{col}")
}

#[test]
fn edits_reload_pages_and_problems_show_in_an_overlay() {
    let server = Server::start(site_from("minimal"), &[]);
    let mut events = Events::open(server.port);
    let first = events.next_build(Instant::now() + WAIT).unwrap();
    assert!(!first.is_empty());

    let page = server.get("/gemeenten/alfa/");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Werkt samen met"));
    assert!(page.body.contains("data-vergelijk-serve"), "{}", page.body);
    assert!(page.body.contains(&format!("var build = \"{first}\"")));
    assert!(!page.body.contains("id=\"vergelijk-problems\""));

    let search_entry = server.wait_for_search_index();

    // A plain write.
    let file = server.content().join("municipalities/alfa.toml");
    let original = std::fs::read_to_string(&file).unwrap();
    std::fs::write(
        &file,
        original.replace("Werkt samen met", "Werkt graag samen met"),
    )
    .unwrap();
    let id = events
        .next_build(Instant::now() + WAIT)
        .expect("a reload event");
    assert_ne!(id, first);
    server.wait_for(&mut events, "/gemeenten/alfa/", "the plain write", |r| {
        r.body.contains("Werkt graag samen met")
    });
    // The search index follows the pages, without a reload of its own.
    let deadline = Instant::now() + WAIT;
    while server.get("/pagefind/pagefind-entry.json").body == search_entry.body {
        assert!(
            Instant::now() < deadline,
            "the search index was not rebuilt"
        );
        std::thread::sleep(Duration::from_millis(50));
    }

    // Write a temp file, rename it over the original.
    write_by_rename(
        &file,
        &original.replace("Werkt samen met", "Werkt hecht samen met"),
    );
    server.wait_for(&mut events, "/gemeenten/alfa/", "the renamed file", |r| {
        r.body.contains("Werkt hecht samen met") && r.status == 200
    });

    // A broken edit: the last good site stays, with the problem on top.
    let broken = original.replace(
        "topics = [\"training\", \"campagne\"]",
        "topics = [\"training\", \"campagn\"]",
    );
    assert_ne!(broken, original);
    std::fs::write(&file, &broken).unwrap();
    let where_ = position("content/municipalities/alfa.toml", &broken, "\"campagn\"");
    let home = server.wait_for(&mut events, "/", "the problem overlay", |r| {
        r.body.contains("id=\"vergelijk-problems\"")
    });
    assert_eq!(home.status, 200);
    assert!(home.body.contains(&where_), "no {where_} in\n{}", home.body);
    assert!(home.body.contains("unknown topic `campagn`"));
    assert!(home.body.contains("role=\"alertdialog\""));
    let alfa = server.get("/gemeenten/alfa/");
    assert!(
        alfa.body.contains("Werkt hecht samen met"),
        "the last good build is served"
    );
    assert!(alfa.body.contains(&where_));

    // The fix removes it.
    std::fs::write(&file, &original).unwrap();
    server.wait_for(&mut events, "/", "no overlay", |r| {
        !r.body.contains("id=\"vergelijk-problems\"")
    });
    server.wait_for(&mut events, "/gemeenten/alfa/", "the fixed page", |r| {
        r.body.contains("Werkt samen met")
    });
    // The threads reading the terminal can lag behind the pages on a
    // loaded machine (the problem went to stderr, the fix to stdout).
    let deadline = Instant::now() + WAIT;
    while !server.log().contains("unknown topic `campagn`") && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    let log = server.log();
    assert!(
        log.contains("unknown topic `campagn`"),
        "the terminal shows the problem:\n{log}"
    );
}

#[test]
fn bursts_new_folders_and_editor_files() {
    let server = Server::start(site_from("minimal"), &[]);
    let mut events = Events::open(server.port);
    events.next_build(Instant::now() + WAIT).unwrap();
    let file = server.content().join("municipalities/alfa.toml");
    let original = std::fs::read_to_string(&file).unwrap();

    // Fifty saves in a row, with a vim-style swap and backup file each time.
    let before = server.builds();
    let dir = server.content().join("municipalities");
    // A rebuild may start wherever the writer itself stalled for longer
    // than the server's quiet period (20 ms; a loaded machine does that),
    // so each such stall allows one more rebuild.
    let mut stalls = 0;
    let mut last = Instant::now();
    for i in 0..50 {
        if last.elapsed() > Duration::from_millis(10) {
            stalls += 1;
        }
        last = Instant::now();
        std::fs::write(dir.join(".alfa.toml.swp"), format!("swap {i}")).unwrap();
        std::fs::write(dir.join("alfa.toml~"), &original).unwrap();
        std::fs::write(dir.join("4913"), "").unwrap();
        std::fs::remove_file(dir.join("4913")).unwrap();
        std::fs::write(
            &file,
            original.replace("Werkt samen met", &format!("Save {i} werkt samen met")),
        )
        .unwrap();
    }
    server.wait_for(&mut events, "/gemeenten/alfa/", "the last save", |r| {
        r.body.contains("Save 49 werkt")
    });
    // Let a late batch show up in the count if there is one.
    let _ = events.next_build(Instant::now() + Duration::from_secs(1));
    let rebuilds = server.builds() - before;
    assert!(
        (1..=3 + stalls).contains(&rebuilds),
        "{rebuilds} rebuilds for a burst of 50 saves ({stalls} stalls of the writer):\n{}",
        server.log()
    );

    // A new folder: a site template override appears.
    let templates = server.dir().join("templates");
    std::fs::create_dir(&templates).unwrap();
    let page =
        std::fs::read_to_string(common::repo().join("themes/default/templates/page.html")).unwrap();
    std::fs::write(
        templates.join("page.html"),
        page.replacen(
            "{% block content %}",
            "{% block content %}<p>OVERRIDE-MARKER</p>",
            1,
        ),
    )
    .unwrap();
    server.wait_for(&mut events, "/over/", "the template override", |r| {
        r.body.contains("OVERRIDE-MARKER")
    });

    // A new municipality, then its deletion.
    std::fs::write(
        dir.join("gamma.toml"),
        "name = \"Gamma\"\nprovince = \"Utrecht\"\n",
    )
    .unwrap();
    server.wait_for(
        &mut events,
        "/gemeenten/gamma/",
        "the new municipality",
        |r| r.status == 200,
    );
    std::fs::remove_file(dir.join("gamma.toml")).unwrap();
    server.wait_for(&mut events, "/gemeenten/gamma/", "the deletion", |r| {
        r.status == 404
    });
}

#[test]
fn only_files_of_the_site_are_served() {
    let server = Server::start(site_from("minimal"), &[]);
    server.wait_for_search_index();
    for path in [
        "/../Cargo.toml",
        "/%2e%2e/Cargo.toml",
        "/%2E%2E%2F%2E%2E%2Fetc/passwd",
        "//etc/passwd",
        "/..%2fCargo.toml",
        "/gemeenten/..%2f..%2fcontent/site.toml",
        "/%5c..%5cCargo.toml",
        "/content/site.toml",
    ] {
        let r = server.get(path);
        assert!(r.status == 400 || r.status == 404, "{path}: {}", r.status);
        assert!(
            !r.body.contains("[package]")
                && !r.body.contains("root:")
                && !r.body.contains("base_url"),
            "{path}"
        );
    }

    let missing = server.get("/gemeenten/onbekend/");
    assert_eq!(missing.status, 404);
    assert!(
        missing
            .header("content-type")
            .unwrap()
            .starts_with("text/html")
    );
    assert!(missing.body.contains("data-vergelijk-serve"));

    let folder = server.get("/gemeenten/alfa");
    assert_eq!(folder.status, 308);
    assert_eq!(
        folder.header("location").as_deref(),
        Some("/gemeenten/alfa/")
    );

    for (path, ty) in [
        ("/", "text/html"),
        ("/style.css", "text/css"),
        ("/vergelijk.js", "text/javascript"),
        ("/data/gemeenten.json", "application/json"),
        ("/data/inzet.csv", "text/csv"),
        ("/sitemap.xml", "text/xml"),
        ("/robots.txt", "text/plain"),
        ("/pagefind/pagefind.js", "text/javascript"),
    ] {
        let r = server.get(path);
        assert_eq!(r.status, 200, "{path}");
        let got = r.header("content-type").unwrap();
        assert!(got.starts_with(ty), "{path}: {got}");
    }
    assert!(
        !server
            .get("/style.css")
            .body
            .contains("data-vergelijk-serve")
    );
}

#[test]
fn the_subpath_of_base_url_is_honoured() {
    let server = Server::start(
        site_from("minimal"),
        &["--base-url", "https://example.org/sub/"],
    );
    assert_eq!(server.get("/sub/").status, 200);
    assert_eq!(server.get("/sub/style.css").status, 200);
    let root = server.get("/");
    assert_eq!(root.status, 308);
    assert_eq!(root.header("location").as_deref(), Some("/sub/"));
    assert_eq!(server.get("/style.css").status, 404);
    assert_eq!(
        server.get("/sub").header("location").as_deref(),
        Some("/sub/")
    );
}

#[test]
fn build_output_has_no_reload_script() {
    let dir = site_from("minimal");
    let out = common::run(dir.path(), &["build"]);
    assert!(out.status.success(), "{}", common::stderr(&out));
    for f in common::files(&dir.path().join("public")) {
        let bytes = std::fs::read(dir.path().join("public").join(&f)).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains("__vergelijk") && !text.contains("vergelijk-problems"),
            "{f}"
        );
    }
}

#[cfg(unix)]
#[test]
fn interrupt_stops_cleanly_and_leaves_nothing_behind() {
    let mut server = Server::start(site_from("minimal"), &[]);
    let mut events = Events::open(server.port);
    events.next_build(Instant::now() + WAIT).unwrap();
    let status = Command::new("kill")
        .args(["-INT", &server.child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let deadline = Instant::now() + WAIT;
    let exit = loop {
        if let Some(s) = server.child.try_wait().unwrap() {
            break s;
        }
        assert!(
            Instant::now() < deadline,
            "still running:\n{}",
            server.log()
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(exit.success(), "{exit:?}\n{}", server.log());
    // The event stream was ended by the server, not left hanging.
    assert!(
        events
            .next_build(Instant::now() + Duration::from_secs(5))
            .is_none()
    );
    let left: Vec<String> = std::fs::read_dir(server.dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(left, vec!["content".to_string()]);
}

#[test]
fn a_broken_site_at_start_is_served_as_its_problems() {
    let dir = site_from("minimal");
    let file = dir.path().join("content/municipalities/alfa.toml");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replace("province = ", "provincie = ")).unwrap();
    let server = Server::start(dir, &[]);
    let r = server.get("/");
    assert_eq!(r.status, 503);
    assert!(r.body.contains("id=\"vergelijk-problems\""), "{}", r.body);
    assert!(
        r.body.contains("content/municipalities/alfa.toml:"),
        "{}",
        r.body
    );
    let mut events = Events::open(server.port);
    events.next_build(Instant::now() + WAIT).unwrap();
    std::fs::write(&file, text).unwrap();
    server.wait_for(&mut events, "/", "the repaired site", |r| r.status == 200);
}

#[test]
fn polling_sees_saves_within_the_same_second() {
    let server = Server::start(site_from("minimal"), &["--poll"]);
    let mut events = Events::open(server.port);
    events.next_build(Instant::now() + WAIT).unwrap();
    let file = server.content().join("municipalities/alfa.toml");
    let original = std::fs::read_to_string(&file).unwrap();
    std::fs::write(
        &file,
        original.replace("Werkt samen met", "Eerst samen met"),
    )
    .unwrap();
    server.wait_for(&mut events, "/gemeenten/alfa/", "the first save", |r| {
        r.body.contains("Eerst samen met")
    });
    // Most likely within the same second as the first: same whole-second
    // modification time, different contents.
    std::fs::write(&file, original.replace("Werkt samen met", "Dan samen met")).unwrap();
    server.wait_for(&mut events, "/gemeenten/alfa/", "the second save", |r| {
        r.body.contains("Dan samen met")
    });
}

/// A save reloads the pages it changed (the municipality's own page at
/// once, the pages that list it right after), not every open page.
#[test]
fn a_save_reloads_only_the_pages_it_changed() {
    let server = Server::start(site_from("minimal"), &["--no-search"]);
    let mut alfa = Events::for_page(server.port, "gemeenten/alfa/index.html");
    let mut beta = Events::for_page(server.port, "gemeenten/beta-dorp/index.html");
    let mut home = Events::for_page(server.port, "index.html");
    let deadline = || Instant::now() + WAIT;
    let alfa_id = alfa.next_build(deadline()).unwrap();
    let beta_id = beta.next_build(deadline()).unwrap();
    home.next_build(deadline()).unwrap();
    // The id a page is served with is the one its listener starts from.
    let page = server.get("/gemeenten/alfa/");
    assert!(page.body.contains(&format!("var build = \"{alfa_id}\"")));
    assert!(
        page.body
            .contains("/__vergelijk/events?page=gemeenten/alfa/index.html")
    );

    let file = server.content().join("municipalities/alfa.toml");
    let original = std::fs::read_to_string(&file).unwrap();
    std::fs::write(
        &file,
        original.replace("Werkt samen met", "Werkt nu samen met"),
    )
    .unwrap();
    let new_id = alfa.next_build(deadline()).expect("alfa's page reloads");
    assert_ne!(new_id, alfa_id);
    assert!(
        server
            .get("/gemeenten/alfa/")
            .body
            .contains("Werkt nu samen met")
    );
    home.next_build(deadline())
        .expect("the home page lists alfa: it reloads");
    assert_eq!(
        beta.next_build(Instant::now() + Duration::from_millis(500)),
        None,
        "beta's page did not change"
    );
    assert!(
        server
            .get("/gemeenten/beta-dorp/")
            .body
            .contains(&format!("var build = \"{beta_id}\"")),
        "beta's page is served with the id it had"
    );
}

#[test]
fn warnings_show_in_the_terminal_and_in_a_notice_that_is_not_an_error() {
    let server = Server::start(site_from("minimal"), &[]);
    let mut events = Events::open(server.port);
    events.next_build(Instant::now() + WAIT).unwrap();
    let page = server.get("/gemeenten/alfa/");
    assert!(
        !page.body.contains("id=\"vergelijk-warnings\""),
        "no warnings yet"
    );

    // Valid, but probably not meant: an effort on no topic.
    let file = server.content().join("municipalities/alfa.toml");
    let original = std::fs::read_to_string(&file).unwrap();
    let changed = original.replacen("topics = [\"training\", \"campagne\"]", "topics = []", 1);
    assert_ne!(changed, original);
    std::fs::write(&file, &changed).unwrap();
    let page = server.wait_for(&mut events, "/", "the notice", |r| {
        r.body.contains("id=\"vergelijk-warnings\"")
    });
    assert!(
        !page.body.contains("id=\"vergelijk-problems\""),
        "a warning is not an error"
    );
    assert!(
        page.body.contains("1 warning about the content"),
        "{}",
        page.body
    );
    assert!(
        page.body.contains("content/municipalities/alfa.toml:"),
        "the notice names the file and position: {}",
        page.body
    );
    assert!(page.body.contains("Dismiss"));
    // The terminal shows it with its position. Printed before the page
    // has it, but read from the server's pipe by a thread of this test:
    // wait for it (the test once lost that race).
    // (`wait_for_line` fails when no more lines come.)
    let shown = |log: &str| log.contains("warning") && log.contains("alfa.toml:");
    while !shown(&server.log()) {
        server.wait_for_line(|_| true);
    }

    // Fixed: the notice goes.
    std::fs::write(&file, &original).unwrap();
    server.wait_for(&mut events, "/", "the notice gone", |r| {
        !r.body.contains("id=\"vergelijk-warnings\"")
    });
}
