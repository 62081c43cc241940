//! The output under faults: builds killed at chosen moments (through the
//! binary's `VERGELIJK_PAUSE_AT` hook, then SIGKILL), leftovers of dead and
//! of live builds, an old output that cannot be removed, and a reader
//! polling `public/index.html` while builds replace it.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use crate::common::*;

/// The hidden folders beside the output (`.public.tmp-…`, `.public.old-…`).
fn hidden(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".public"))
        .collect();
    v.sort();
    v
}

/// Makes the next build's site differ from the current one.
fn change_content(dir: &Path) {
    let path = dir.join("content/municipalities/alfa.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replace("name = \"Alfa\"", "name = \"Alfa Nieuw\""),
    )
    .unwrap();
}

/// Runs `vergelijk build` with `VERGELIJK_PAUSE_AT=moment` (and `env`),
/// waits until it says it paused, kills it with SIGKILL and reaps it.
/// Returns its id.
fn build_killed_at(dir: &Path, moment: &str, env: &[(&str, &str)]) -> u32 {
    let mut child = Command::new(env!("CARGO_BIN_EXE_vergelijk"))
        .args(["build", "--no-search"])
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("VERGELIJK_PAUSE_AT", moment)
        .envs(env.iter().copied())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let pid = child.id();
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines() {
            let Ok(line) = line else { break };
            let paused = line.contains("paused at");
            let _ = tx.send(line);
            if paused {
                break;
            }
        }
    });
    let mut seen = Vec::new();
    loop {
        match rx.recv_timeout(Duration::from_secs(120)) {
            Ok(line) if line.contains(&format!("paused at {moment}")) => break,
            Ok(line) => seen.push(line),
            Err(_) => {
                let _ = child.kill();
                panic!("the build did not pause at {moment}: {seen:?}");
            }
        }
    }
    child.kill().unwrap(); // SIGKILL on Unix
    child.wait().unwrap(); // reaped: its id is no longer a running process
    pid
}

/// A build killed at `moment` (with `env`) leaves `public/` as one whole
/// site, the previous one unless `new_allowed`; the next build succeeds,
/// says under `--verbose` what it removed and leaves no hidden folder.
fn killed_build_leaves_a_whole_site(moment: &str, env: &[(&str, &str)], new_allowed: bool) {
    let dir = site_from("minimal");
    let public = build(dir.path());
    let before = contents(&public);
    change_content(dir.path());
    let pid = build_killed_at(dir.path(), moment, env);
    let left = hidden(dir.path());
    assert!(
        left.iter().any(|n| n.ends_with(&format!("-{pid}"))),
        "the killed build left nothing behind at {moment}: {left:?}"
    );
    if public.exists() {
        let now = contents(&public);
        if now != before {
            assert!(new_allowed, "public/ changed although killed at {moment}");
            let index =
                String::from_utf8_lossy(&now.iter().find(|f| f.0 == "index.html").unwrap().1)
                    .into_owned();
            assert!(
                index.contains("Alfa Nieuw"),
                "neither the old nor the new site"
            );
            assert_eq!(now.len(), before.len(), "a partial site");
        }
    } else {
        assert_eq!(moment, "swap", "public/ is gone after a kill at {moment}");
    }

    let out = run(dir.path(), &["build", "--verbose", "--no-search"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("which is no longer running"),
        "--verbose does not say what it removed:\n{}",
        stdout(&out)
    );
    assert!(
        stdout(&out).contains(&format!("-{pid}")),
        "{}",
        stdout(&out)
    );
    assert_eq!(hidden(dir.path()), Vec::<String>::new());
    let home = parse(&public.join("index.html"));
    assert!(texts(&home, "a").iter().any(|t| t == "Alfa Nieuw"));
}

#[test]
fn build_killed_before_writing_leaves_the_previous_output_and_no_staging_folder() {
    killed_build_leaves_a_whole_site("before-write", &[], false);
}

#[test]
fn build_killed_while_writing_leaves_the_previous_output_and_no_staging_folder() {
    killed_build_leaves_a_whole_site("writing", &[], false);
}

/// With the exchange (Linux) the new site is whole in `public/` and the old
/// one is beside it, still to be removed.
#[test]
fn build_killed_during_the_swap_leaves_a_whole_site_and_no_old_folder() {
    killed_build_leaves_a_whole_site("swap", &[], true);
}

/// The fallback swap (two renames) killed between them leaves no
/// `public/`; the next build, even one that fails, puts the old site back.
#[test]
fn build_killed_between_the_two_renames_gets_the_previous_output_back() {
    let dir = site_from("minimal");
    let public = build(dir.path());
    let before = contents(&public);
    change_content(dir.path());
    let pid = build_killed_at(dir.path(), "swap", &[("VERGELIJK_SWAP", "two-step")]);
    assert!(!public.exists());
    assert!(hidden(dir.path()).contains(&format!(".public.old-{pid}")));
    // Broken content: this build fails, but first restores the old site.
    let alfa = dir.path().join("content/municipalities/alfa.toml");
    let good = std::fs::read(&alfa).unwrap();
    std::fs::write(&alfa, "name = \n").unwrap();
    let out = run(dir.path(), &["build", "--no-search"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(contents(&public), before);
    assert_eq!(hidden(dir.path()), Vec::<String>::new());
    std::fs::write(&alfa, good).unwrap();
    killed_build_leaves_a_whole_site("swap", &[("VERGELIJK_SWAP", "two-step")], true);
}

#[test]
fn stale_staging_folder_of_dead_build_is_removed() {
    let dir = site_from("minimal");
    build(dir.path());
    // A process that ran and ended: its id is free (until reused).
    let mut gone = Command::new("true").spawn().unwrap();
    let pid = gone.id();
    gone.wait().unwrap();
    for kind in ["tmp", "old"] {
        let stale = dir.path().join(format!(".public.{kind}-{pid}"));
        std::fs::create_dir_all(stale.join("gemeenten/alfa")).unwrap();
        std::fs::write(stale.join("gemeenten/alfa/index.html"), vec![b'x'; 1 << 20]).unwrap();
    }
    let out = run(dir.path(), &["build", "--verbose", "--no-search"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let said = stdout(&out);
    for kind in ["tmp", "old"] {
        assert!(
            said.contains(&format!(
                ".public.{kind}-{pid} of build {pid}, which is no longer running"
            )),
            "{said}"
        );
    }
    assert_eq!(hidden(dir.path()), Vec::<String>::new());
    // Without --verbose, nothing is said about it.
    std::fs::create_dir_all(dir.path().join(format!(".public.tmp-{pid}"))).unwrap();
    let out = run(dir.path(), &["build", "--no-search"]);
    assert!(
        !stdout(&out).contains("no longer running"),
        "{}",
        stdout(&out)
    );
    assert_eq!(hidden(dir.path()), Vec::<String>::new());
}

#[test]
fn staging_folder_of_a_live_build_is_kept() {
    let dir = site_from("minimal");
    build(dir.path());
    let mut live = Command::new("sleep").arg("600").spawn().unwrap();
    let staging = dir.path().join(format!(".public.tmp-{}", live.id()));
    let old = dir.path().join(format!(".public.old-{}", live.id()));
    for d in [&staging, &old] {
        std::fs::create_dir_all(d).unwrap();
        std::fs::write(d.join("index.html"), "being written").unwrap();
    }
    let out = run(dir.path(), &["build", "--verbose", "--no-search"]);
    live.kill().unwrap();
    live.wait().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(staging.join("index.html").is_file());
    assert!(old.join("index.html").is_file());
    assert!(
        !stdout(&out).contains("no longer running"),
        "{}",
        stdout(&out)
    );
}

/// Builds running at the same time into one output all succeed, and leave
/// one whole site and nothing beside it.
#[test]
fn concurrent_builds_leave_one_whole_site_and_no_leftovers() {
    let dir = site_from("minimal");
    let expected = files(&build(dir.path()));
    let children: Vec<std::process::Child> = (0..4)
        .map(|_| {
            Command::new(env!("CARGO_BIN_EXE_vergelijk"))
                .args(["build", "--quiet", "--no-search"])
                .current_dir(dir.path())
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert_exit_ok(&out);
    }
    assert_eq!(files(&dir.path().join("public")), expected);
    assert_eq!(hidden(dir.path()), Vec::<String>::new());
}

fn assert_exit_ok(out: &std::process::Output) {
    assert_eq!(out.status.code(), Some(0), "{}", stderr(out));
    assert_eq!(stderr(out), "", "a build warned");
}

/// Sets or clears the immutable attribute, which stops even root from
/// removing what is inside a folder. `false` when the file system or the
/// process cannot.
fn immutable(path: &Path, on: bool) -> bool {
    Command::new("chattr")
        .arg(if on { "+i" } else { "-i" })
        .arg(path)
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Clears the immutable attribute everywhere under `dir`, so the temp dir
/// can be removed.
fn clear_immutable(dir: &Path) {
    let _ = Command::new("chattr")
        .args(["-R", "-i"])
        .arg(dir)
        .stderr(Stdio::null())
        .status();
}

/// Exit 0, the new site in place, and a warning naming the old copy that
/// could not be removed; a later build tries again and still succeeds.
#[test]
fn old_output_that_cannot_be_removed_is_a_warning_after_the_new_site_is_in_place() {
    let dir = site_from("minimal");
    let public = build(dir.path());
    let locked = public.join("gemeenten");
    if !immutable(&locked, true) {
        eprintln!(
            "skipped: `chattr +i` is not possible here (no chattr, no CAP_LINUX_IMMUTABLE or a file system without attributes), and nothing else stops root from removing a folder"
        );
        return;
    }
    change_content(dir.path());
    let out = run(dir.path(), &["build", "--no-search"]);
    let err = stderr(&out);
    let left = hidden(dir.path());
    clear_immutable(dir.path());
    assert_eq!(out.status.code(), Some(0), "{err}");
    let home = parse(&public.join("index.html"));
    assert!(
        texts(&home, "a").iter().any(|t| t == "Alfa Nieuw"),
        "old site in place"
    );
    assert_eq!(left.len(), 1, "{left:?}");
    assert!(left[0].starts_with(".public.old-"), "{left:?}");
    assert!(
        err.contains(
            "warning: the new site is in public, but the previous one could not be removed entirely"
        ) && err.contains(&format!("what is left of it is in ./{}", left[0])),
        "{err}"
    );
    // Once it can be removed, the next build does.
    let out = run(dir.path(), &["build", "--verbose", "--no-search"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("removed the old output"),
        "{}",
        stdout(&out)
    );
    assert_eq!(hidden(dir.path()), Vec::<String>::new());
}

/// The other outcome: when the output cannot be replaced at all, exit 1
/// and the previous site exactly as it was, with nothing beside it.
#[test]
fn output_that_cannot_be_replaced_fails_and_stays_as_it_was() {
    let dir = site_from("minimal");
    let public = build(dir.path());
    let before = contents(&public);
    if !immutable(&public, true) {
        eprintln!("skipped: `chattr +i` is not possible here");
        return;
    }
    change_content(dir.path());
    let out = run(dir.path(), &["build", "--no-search"]);
    let now = contents(&public);
    let left = hidden(dir.path());
    clear_immutable(dir.path());
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    assert!(
        stderr(&out).contains("error: public: Operation not permitted"),
        "{}",
        stderr(&out)
    );
    assert_eq!(now, before);
    assert_eq!(left, Vec::<String>::new());
}

/// A web server serving `public/` during builds never gets a 404: with the
/// exchange, `public/index.html` exists at every moment, and is whole.
#[cfg(target_os = "linux")]
#[test]
fn reader_polling_index_html_during_builds_never_misses_it() {
    let dir = site_from("minimal");
    let public = build(dir.path());
    let index = public.join("index.html");
    let done = AtomicBool::new(false);
    let (reads, misses) = (AtomicUsize::new(0), AtomicUsize::new(0));
    const BUILDS: usize = 30;
    std::thread::scope(|s| {
        s.spawn(|| {
            while !done.load(Ordering::Relaxed) {
                match std::fs::read(&index) {
                    Ok(bytes) if bytes.ends_with(b"</html>\n") => {}
                    _ => {
                        misses.fetch_add(1, Ordering::Relaxed);
                    }
                }
                reads.fetch_add(1, Ordering::Relaxed);
            }
        });
        for i in 0..BUILDS {
            let out = run(dir.path(), &["build", "--no-search"]);
            // Stop the reader before any assertion can fail.
            if out.status.code() != Some(0) || i + 1 == BUILDS {
                done.store(true, Ordering::Relaxed);
            }
            assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        }
    });
    let (reads, misses) = (reads.into_inner(), misses.into_inner());
    eprintln!("{reads} reads during {BUILDS} builds, {misses} missed index.html");
    assert!(reads > 1000, "only {reads} reads");
    assert_eq!(misses, 0, "{misses} of {reads} reads missed index.html");
}
