//! Measures save-to-reload latency of `vergelijk serve`: the time from
//! writing one municipality file to the reload event reaching an open
//! page's event stream, which is sent once the new build is being served.
//!
//! ```sh
//! cargo build --release --bin vergelijk --example watch_latency
//! target/release/examples/watch_latency --content content        # the bundled 16
//! target/release/examples/watch_latency --count 10000 --seed 1   # synthetic
//! ```
//!
//! The site is copied (or generated) into a temp folder; the server runs
//! there on a free port of 127.0.0.1 and is killed at the end. Each run
//! appends a sentence to the notes of the same municipality, waits for the
//! reload event, checks the page shows the sentence, and pauses, so no two
//! saves share a rebuild. Prints the median, the spread and the server's
//! own rebuild times, as Markdown for BENCHMARKS.md.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use clap::Parser;

#[derive(Parser)]
#[command(about = "Measure save-to-reload latency of vergelijk serve")]
struct Args {
    /// Copy this content folder (e.g. the bundled `content`)
    #[arg(long, conflicts_with = "count")]
    content: Option<PathBuf>,
    /// Generate this many municipalities instead
    #[arg(long)]
    count: Option<usize>,
    /// Seed of the generated site
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// How many saves to time
    #[arg(long, default_value_t = 15)]
    runs: usize,
    /// How many full rebuilds to time (a change in templates/), for comparison
    #[arg(long, default_value_t = 3)]
    full_runs: usize,
    /// Pause between saves, in milliseconds
    #[arg(long, default_value_t = 400)]
    pause: u64,
    /// Look for changes by polling (serve --poll)
    #[arg(long)]
    poll: bool,
    /// Leave out the search index (serve --no-search)
    #[arg(long)]
    no_search: bool,
    /// After each save, also wait until the server has swapped in the
    /// search index with the save in it ("Search index: …"), and time that
    #[arg(long, conflicts_with = "no_search")]
    search_current: bool,
    /// The vergelijk binary [default: target/release/vergelijk beside this example]
    #[arg(long)]
    vergelijk: Option<PathBuf>,
}

struct Guard(Child);

impl Drop for Guard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn main() {
    let args = Args::parse();
    let exe = args.vergelijk.clone().unwrap_or_else(|| {
        let me = std::env::current_exe().expect("own path");
        me.parent()
            .and_then(Path::parent)
            .expect("target/<profile>/examples")
            .join(format!("vergelijk{}", std::env::consts::EXE_SUFFIX))
    });
    let site = tempfile::tempdir().expect("temp dir");
    let content = site.path().join("content");
    let label = match (&args.content, args.count) {
        (Some(from), _) => {
            copy_tree(from, &content);
            format!("{} (copied)", from.display())
        }
        (None, Some(n)) => {
            vergelijk::synth::write_content(Path::new("content"), &content, n, args.seed)
                .unwrap_or_else(|e| panic!("{e}"));
            format!("synthetic, seed {}", args.seed)
        }
        (None, None) => panic!("pass --content DIR or --count N"),
    };
    let mut files: Vec<PathBuf> = std::fs::read_dir(content.join("municipalities"))
        .expect("municipalities/")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    let municipalities = files.len();
    // One in the middle of the alphabet: not first or last in any list.
    let file = files[files.len() / 2].clone();
    let slug = file.file_stem().unwrap().to_string_lossy().into_owned();

    let mut command = Command::new(&exe);
    command
        .args(["serve", "--port", "0"])
        .current_dir(site.path())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit());
    if args.poll {
        command.arg("--poll");
    }
    if args.no_search {
        command.arg("--no-search");
    }
    let mut child = Guard(
        command
            .spawn()
            .unwrap_or_else(|e| panic!("{}: {e}", exe.display())),
    );
    let lines = read_lines(child.0.stdout.take().expect("stdout"));
    let started = Instant::now();
    let port = loop {
        let line = lines
            .recv_timeout(Duration::from_secs(600))
            .expect("the server to start");
        if let Some(rest) = line.split("http://127.0.0.1:").nth(1) {
            let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
            break digits.parse::<u16>().expect("port");
        }
    };
    let startup = started.elapsed();

    // Listen as the municipality's page does: it reloads when its file
    // changed (the pages that list it follow in a second publication).
    let mut events = open_events(port, &format!("gemeenten/{slug}/index.html"));
    next_build(&mut events);
    // The server's output lines read while waiting for the search index;
    // read again for the rebuild times at the end.
    let mut seen: Vec<String> = Vec::new();
    let wait_for_index = |seen: &mut Vec<String>| loop {
        let line = lines
            .recv_timeout(Duration::from_secs(600))
            .expect("a search index");
        // The saved part's index, not the word lists of the others after it.
        let done = line.starts_with("Search index: ") && !line.contains("word lists");
        seen.push(line);
        if done {
            break;
        }
    };
    if args.search_current {
        wait_for_index(&mut seen);
    }
    let original = std::fs::read_to_string(&file).expect("municipality file");
    let mut latencies = Vec::new();
    let mut searchable = Vec::new();
    for i in 0..args.runs {
        let marker = format!("Meting {i} van de vertraging.");
        let text = original.replacen("notes = \"\"\"\n", &format!("notes = \"\"\"\n{marker} "), 1);
        assert_ne!(text, original, "{} has no notes", file.display());
        let t0 = Instant::now();
        std::fs::write(&file, text).expect("write");
        next_build(&mut events);
        latencies.push(t0.elapsed());
        if args.search_current {
            wait_for_index(&mut seen);
            searchable.push(t0.elapsed());
        }
        let page = get(port, &format!("/gemeenten/{slug}/"));
        assert!(
            page.contains(&marker),
            "run {i}: the page does not show the edit"
        );
        std::thread::sleep(Duration::from_millis(args.pause));
    }
    std::fs::write(&file, original).expect("restore");
    next_build(&mut events);
    std::thread::sleep(Duration::from_millis(args.pause));

    // For comparison: a change outside content/ renders the whole site.
    let templates = site.path().join("templates");
    let mut full = Vec::new();
    for i in 0..args.full_runs {
        std::fs::create_dir_all(&templates).expect("templates/");
        let t0 = Instant::now();
        std::fs::write(templates.join("bench-unused.html"), format!("{i}")).expect("write");
        next_build(&mut events);
        full.push(t0.elapsed());
        std::thread::sleep(Duration::from_millis(args.pause));
    }
    drop(child);

    let mut rebuilds: Vec<u64> = Vec::new();
    let mut rests: Vec<u64> = Vec::new();
    let mut indexes: Vec<u64> = Vec::new();
    for line in seen.into_iter().chain(lines.try_iter()) {
        // "Search index: 2345 files in 812 ms"
        if let Some(ms) = line
            .strip_prefix("Search index: ")
            .and_then(|l| l.split(" in ").nth(1))
            .and_then(|l| l.strip_suffix(" ms"))
        {
            indexes.push(ms.parse().unwrap_or(0));
        }
        // "  and 23 more that list it in 140 ms"
        if let Some(ms) = line
            .trim_start()
            .strip_prefix("and ")
            .and_then(|l| l.split(" in ").nth(1))
            .and_then(|l| l.strip_suffix(" ms"))
        {
            rests.push(ms.parse().unwrap_or(0));
        }
        // "Rebuilt 12 of 10032 files in 812 ms"
        if let Some(ms) = line
            .strip_prefix("Rebuilt ")
            .and_then(|l| l.split(" in ").nth(1))
            .and_then(|l| l.strip_suffix(" ms"))
        {
            rebuilds.push(ms.parse().unwrap_or(0));
        }
    }
    let mut sorted = latencies.clone();
    sorted.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let each: Vec<String> = latencies.iter().map(|d| format!("{:.0}", ms(*d))).collect();
    eprintln!("each save, in order (ms): {}", each.join(" "));
    rebuilds.sort_unstable();
    rests.sort_unstable();
    indexes.sort_unstable();
    if let Some(m) = indexes.get(indexes.len() / 2) {
        eprintln!(
            "search index after each rebuild: median {m} ms of {}",
            indexes.len()
        );
    }
    if !searchable.is_empty() {
        let each: Vec<String> = searchable
            .iter()
            .map(|d| format!("{:.0}", ms(*d)))
            .collect();
        searchable.sort();
        eprintln!(
            "search current after each save (ms): {}; median {:.0} ms, min {:.0}, max {:.0}",
            each.join(" "),
            ms(searchable[searchable.len() / 2]),
            ms(searchable[0]),
            ms(searchable[searchable.len() - 1]),
        );
    }
    full.sort();
    println!(
        "| site | municipalities | saves | median | min | max | server rebuild of the page (median) | then the pages that list it (median) | full rebuild (median of {}) | first build and start |",
        full.len()
    );
    println!("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    println!(
        "| {label} | {municipalities} | {} | {:.0} ms | {:.0} ms | {:.0} ms | {} | {} | {} | {:.1} s |",
        sorted.len(),
        ms(sorted[sorted.len() / 2]),
        ms(sorted[0]),
        ms(sorted[sorted.len() - 1]),
        rebuilds
            .get(rebuilds.len() / 2)
            .map_or("-".into(), |m| format!("{m} ms")),
        rests
            .get(rests.len() / 2)
            .map_or("-".into(), |m| format!("{m} ms")),
        full.get(full.len() / 2)
            .map_or("-".into(), |d| format!("{:.0} ms", ms(*d))),
        startup.as_secs_f64(),
    );
}

fn read_lines(stream: impl Read + Send + 'static) -> Receiver<String> {
    let (tx, rx) = channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stream).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    rx
}

/// The reload events of the page served from `page` (a file key), as its
/// reload script listens to them.
fn open_events(port: u16, page: &str) -> BufReader<TcpStream> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(600)))
        .expect("timeout");
    write!(
        s,
        "GET /__vergelijk/events?page={page} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n"
    )
    .expect("request");
    let mut r = BufReader::new(s);
    let mut line = String::new();
    loop {
        line.clear();
        r.read_line(&mut line).expect("headers");
        if line.trim().is_empty() {
            break;
        }
    }
    r
}

fn next_build(events: &mut BufReader<TcpStream>) -> String {
    let mut line = String::new();
    let mut build = false;
    loop {
        line.clear();
        let n = events.read_line(&mut line).expect("event stream");
        assert!(n > 0, "the event stream ended");
        let l = line.trim_end();
        if l == "event: build" {
            build = true;
        } else if let Some(id) = l.strip_prefix("data: ")
            && build
        {
            return id.to_string();
        }
    }
}

fn get(port: u16, path: &str) -> String {
    let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .expect("request");
    let mut body = Vec::new();
    s.read_to_end(&mut body).expect("response");
    String::from_utf8_lossy(&body).into_owned()
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("walk");
        let target = to.join(entry.path().strip_prefix(from).expect("prefix"));
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("mkdir");
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}
