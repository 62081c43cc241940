//! Content that must not pass silently: names that differ only in Unicode
//! form, base URLs that would leak into every page, folder entries that are
//! not plain files, dates that cannot be meant, Windows line endings and
//! runaway sizes. Each case runs the binary and checks the exit code, the
//! message and its position.

use std::path::Path;
use std::process::Output;

use crate::common::*;

/// Runs `vergelijk check` in `dir`, asserting the exit code; returns stderr.
fn check(dir: &Path, code: i32) -> String {
    let out = run(dir, &["check"]);
    assert_exit(&out, code);
    stderr(&out)
}

fn assert_exit(out: &Output, code: i32) {
    assert_eq!(
        out.status.code(),
        Some(code),
        "stdout: {}\nstderr: {}",
        stdout(out),
        stderr(out)
    );
}

fn replace_in(dir: &Path, rel: &str, from: &str, to: &str) {
    let path = dir.join("content").join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{from:?} not in {rel}");
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

const COMPOSED: &str = "S\u{fa}dwest-Frysl\u{e2}n";
const DECOMPOSED: &str = "Su\u{301}dwest-Frysla\u{302}n";

#[test]
fn municipality_names_in_other_unicode_forms_are_duplicates() {
    let dir = site_from("minimal");
    write(
        dir.path(),
        "municipalities/sudwest-fryslan-2.toml",
        format!("name = \"{COMPOSED}\"\nprovince = \"Frysl\u{e2}n\"\n"),
    );
    write(
        dir.path(),
        "municipalities/sudwest-fryslan.toml",
        format!(
            "name = \"{}\"\nprovince = \"Frysla\u{302}n\"\n",
            DECOMPOSED.to_uppercase()
        ),
    );
    let err = check(dir.path(), 1);
    // Reported at the later file in name order (`-` sorts before `.`),
    // its decomposed name printed in NFC.
    assert_diagnostics!(err);
}

#[test]
fn decomposed_names_are_stored_and_published_in_nfc() {
    let dir = site_from("minimal");
    write(
        dir.path(),
        "municipalities/sudwest-fryslan.toml",
        format!(
            "name = \"{DECOMPOSED}\"\nprovince = \"Frysla\u{302}n\"\n\n[[planned]]\ntitle = \"Caf\u{65}\u{301}\"\ntopics = [\"training\"]\n"
        ),
    );
    let public = build(dir.path());
    let page = parse(&public.join("gemeenten/sudwest-fryslan/index.html"));
    assert_eq!(texts(&page, "h1"), [COMPOSED]);
    let json = std::fs::read_to_string(public.join("data/gemeenten.json")).unwrap();
    assert!(
        json.contains(COMPOSED) && json.contains("Caf\u{e9}"),
        "{json}"
    );
    assert!(!json.contains('\u{301}') && !json.contains('\u{302}'));
}

#[test]
fn topic_names_in_other_unicode_forms_are_duplicates() {
    let dir = site_from("minimal");
    write(
        dir.path(),
        "topics.toml",
        "[[topics]]\nslug = \"campagne\"\nname = \"Caf\u{e9}\"\ndescription = \"a\"\n\n\
         [[topics]]\nslug = \"training\"\nname = \"CAFE\u{301}\"\ndescription = \"b\"\n",
    );
    let err = check(dir.path(), 1);
    assert_diagnostics!(err);
}

/// `check`'s messages for a site whose base_url is `url` (it must fail).
fn base_url_is_rejected(url: &str) -> String {
    let dir = site_from("minimal");
    replace_in(
        dir.path(),
        "site.toml",
        "base_url = \"https://example.org/\"",
        &format!("base_url = \"{url}\""),
    );
    check(dir.path(), 1)
}

#[test]
fn base_url_with_a_query_is_rejected() {
    assert_diagnostics!(base_url_is_rejected("https://example.org/?utm=1"));
}

#[test]
fn base_url_with_a_fragment_is_rejected() {
    assert_diagnostics!(base_url_is_rejected("https://example.org/sub/#x"));
}

#[test]
fn base_url_with_credentials_is_rejected() {
    assert_diagnostics!(base_url_is_rejected("https://user:pw@example.org/"));
}

#[test]
fn base_url_flag_with_a_query_is_rejected_by_name() {
    let dir = site_from("minimal");
    let out = run(
        dir.path(),
        &["build", "--base-url", "https://example.org/sub/?utm=1"],
    );
    assert_exit(&out, 1);
    assert_diagnostics!(stderr(&out));
    assert!(!dir.path().join("public").exists());
}

#[cfg(unix)]
mod odd_entries {
    use super::*;
    use std::os::unix::fs::symlink;

    fn municipalities(dir: &Path) -> std::path::PathBuf {
        dir.join("content/municipalities")
    }

    #[test]
    fn symbolic_link_to_a_file_inside_the_content_folder_is_followed() {
        let dir = site_from("minimal");
        write(
            dir.path(),
            "shared/gamma.toml",
            "name = \"Gamma\"\nprovince = \"Utrecht\"\n\n[[planned]]\ntitle = \"x\"\ntopics = [\"training\"]\n",
        );
        symlink(
            "../shared/gamma.toml",
            municipalities(dir.path()).join("gamma.toml"),
        )
        .unwrap();
        std::fs::create_dir_all(dir.path().join("content/shared/pages")).unwrap();
        std::fs::write(
            dir.path().join("content/shared/pages/extra.md"),
            "+++\ntitle = \"Extra\"\n+++\nTekst.\n",
        )
        .unwrap();
        symlink(
            dir.path().join("content/shared/pages/extra.md"),
            dir.path().join("content/pages/extra.md"),
        )
        .unwrap();
        let public = build(dir.path());
        assert_eq!(
            texts(&parse(&public.join("gemeenten/gamma/index.html")), "h1"),
            ["Gamma"]
        );
        assert_eq!(
            texts(&parse(&public.join("extra/index.html")), "h1"),
            ["Extra"]
        );
    }

    #[test]
    fn symbolic_link_out_of_the_content_folder_is_an_error() {
        let dir = site_from("minimal");
        let outside = dir.path().join("elders.toml");
        std::fs::write(&outside, "name = \"Gamma\"\nprovince = \"Utrecht\"\n").unwrap();
        symlink(&outside, municipalities(dir.path()).join("gamma.toml")).unwrap();
        let err = check(dir.path(), 1);
        assert_diagnostics!(err);
    }

    #[test]
    fn broken_symbolic_link_is_an_error() {
        let dir = site_from("minimal");
        symlink(
            "nergens.toml",
            municipalities(dir.path()).join("gamma.toml"),
        )
        .unwrap();
        let err = check(dir.path(), 1);
        assert_diagnostics!(err);
    }

    #[test]
    fn looping_symbolic_link_is_an_error() {
        let dir = site_from("minimal");
        let m = municipalities(dir.path());
        symlink("delta.toml", m.join("gamma.toml")).unwrap();
        symlink("gamma.toml", m.join("delta.toml")).unwrap();
        let err = check(dir.path(), 1);
        assert_diagnostics!(err);
    }

    #[test]
    fn folder_named_like_a_content_file_is_an_error() {
        let dir = site_from("minimal");
        std::fs::create_dir_all(municipalities(dir.path()).join("gamma.toml")).unwrap();
        std::fs::create_dir_all(dir.path().join("content/pages/extra.md")).unwrap();
        let err = check(dir.path(), 1);
        assert_diagnostics!(err);
    }

    fn mkfifo(path: &Path) {
        let ok = std::process::Command::new("mkfifo")
            .arg(path)
            .status()
            .unwrap()
            .success();
        assert!(ok, "mkfifo {}", path.display());
    }

    /// A named pipe is reported without being opened: opening one for
    /// reading waits for a writer, so the check would hang.
    #[test]
    fn named_pipe_is_an_error_and_never_opened() {
        let dir = site_from("minimal");
        mkfifo(&municipalities(dir.path()).join("gamma.toml"));
        mkfifo(&dir.path().join("content/pages/extra.md"));
        mkfifo(&dir.path().join("content/shared.toml"));
        symlink(
            "../shared.toml",
            municipalities(dir.path()).join("delta.toml"),
        )
        .unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        let cwd = dir.path().to_path_buf();
        std::thread::spawn(move || tx.send(run(&cwd, &["check"])).unwrap());
        let out = rx
            .recv_timeout(std::time::Duration::from_secs(60))
            .expect("check hangs on a named pipe");
        assert_exit(&out, 1);
        assert_diagnostics!(stderr(&out));
    }

    /// The dev server's loader, told which files changed, must keep
    /// reporting an odd entry after other saves, and see a change of a
    /// linked file (which is elsewhere in the content folder).
    #[test]
    fn cached_loading_sees_odd_entries_and_changes_behind_links() {
        let dir = site_from("minimal");
        let opts = options(dir.path());
        let content = std::path::absolute(&opts.content).unwrap();
        let m = content.join("municipalities");
        let (pipe, link, target) = (
            m.join("pijp.toml"),
            m.join("gamma.toml"),
            content.join("shared/gamma.toml"),
        );
        let alfa = m.join("alfa.toml");
        let outcome = |r: Result<vergelijk::model::Site, vergelijk::Error>| match r {
            Ok(site) => format!("{site:?}"),
            Err(e) => format!("{e}"),
        };
        let mut cache = vergelijk::content::Cache::default();
        outcome(vergelijk::check_cached(&opts, &mut cache, None));
        let gamma = |name: &str| {
            format!(
                "name = \"{name}\"\nprovince = \"U\"\n\n[[planned]]\ntitle = \"x\"\ntopics = [\"training\"]\n"
            )
        };
        let edit_alfa = |to: &str| {
            let t = std::fs::read_to_string(&alfa).unwrap();
            std::fs::write(&alfa, t.replacen("Werkt samen", to, 1)).unwrap();
        };
        type Change<'a> = (&'a str, Box<dyn Fn() + 'a>, Vec<std::path::PathBuf>);
        let steps: Vec<Change> = vec![
            (
                "a named pipe",
                Box::new(|| mkfifo(&pipe)),
                vec![pipe.clone()],
            ),
            (
                "a save beside it",
                Box::new(|| edit_alfa("Werkt nu samen")),
                vec![alfa.clone()],
            ),
            (
                "the pipe removed",
                Box::new(|| std::fs::remove_file(&pipe).unwrap()),
                vec![pipe.clone()],
            ),
            (
                "a link",
                Box::new(|| {
                    std::fs::create_dir_all(target.parent().unwrap()).unwrap();
                    std::fs::write(&target, gamma("Gamma")).unwrap();
                    symlink("../shared/gamma.toml", &link).unwrap();
                }),
                vec![target.clone(), link.clone()],
            ),
            (
                "its target saved",
                Box::new(|| std::fs::write(&target, gamma("Gamma Nieuw")).unwrap()),
                vec![target.clone()],
            ),
            (
                "its target removed",
                Box::new(|| std::fs::remove_file(&target).unwrap()),
                vec![target.clone()],
            ),
            (
                "a save beside it",
                Box::new(|| edit_alfa("Werkt weer samen")),
                vec![alfa.clone()],
            ),
            (
                "its target back",
                Box::new(|| std::fs::write(&target, gamma("Gamma Terug")).unwrap()),
                vec![target.clone()],
            ),
        ];
        for (name, change, paths) in steps {
            change();
            let cached = outcome(vergelijk::check_cached(&opts, &mut cache, Some(&paths)));
            assert_eq!(cached, outcome(vergelijk::check(&opts)), "after: {name}");
        }
        assert!(
            outcome(vergelijk::check(&opts)).contains("Gamma Terug"),
            "the link is not followed"
        );
    }

    #[test]
    fn site_toml_that_is_a_named_pipe_is_an_error_not_missing() {
        let dir = site_from("minimal");
        std::fs::remove_file(dir.path().join("content/site.toml")).unwrap();
        mkfifo(&dir.path().join("content/site.toml"));
        let err = check(dir.path(), 1);
        assert_diagnostics!(err);
    }
}

/// `vergelijk <command>` of the minimal site after one replacement in one
/// content file; the command succeeds (what it warns is for the caller).
fn run_after_replacing(command: &str, rel: &str, from: &str, to: &str) -> std::process::Output {
    let dir = site_from("minimal");
    replace_in(dir.path(), rel, from, to);
    let out = run(dir.path(), &[command]);
    assert_exit(&out, 0);
    out
}

const ALFA: &str = "municipalities/alfa.toml";
const PROVINCE: &str = "province = \"Utrecht\"\n";

#[test]
fn peildatum_in_the_future_is_a_warning_with_its_position() {
    let out = run_after_replacing("check", "site.toml", "2021-03-04", "2999-03-04");
    assert_diagnostics!(stderr(&out));
}

#[test]
fn updated_in_the_future_is_a_warning_with_its_position() {
    let to = format!("{PROVINCE}updated = 2999-01-01\n");
    let out = run_after_replacing("build", ALFA, PROVINCE, &to);
    assert_diagnostics!(stderr(&out));
}

#[test]
fn updated_before_the_peildatum_is_a_warning_with_its_position() {
    let to = format!("{PROVINCE}updated = 2012-03-04\n");
    let out = run_after_replacing("check", ALFA, PROVINCE, &to);
    assert_diagnostics!(stderr(&out));
}

/// The bundled site's dates are right (updated 2026-11-23, peildatum
/// 2020-01-15): no warning at all.
#[test]
fn the_bundled_site_has_no_warnings() {
    let dir = site_from("bundled");
    let out = run(dir.path(), &["check"]);
    assert_exit(&out, 0);
    assert_eq!(stderr(&out), "");
}

#[test]
fn warnings_point_at_the_value_they_are_about() {
    let dir = site_from("minimal");
    write(
        dir.path(),
        "topics.toml",
        "[[topics]]\nslug = \"campagne\"\nname = \"Campagne\"\ndescription = \"a\"\n\n\
         [[topics]]\nslug = \"training\"\nname = \"Training\"\ndescription = \"b\"\n\n\
         [[topics]]\nslug = \"ongebruikt\"\nname = \"Ongebruikt\"\ndescription = \"c\"\n",
    );
    write(
        dir.path(),
        "municipalities/gamma.toml",
        "name = \"Gamma\"\nprovince = \"Utrecht\"\nnotes = \"\"\"\nEerst dit.\n\nZonder onderwerp\n\"\"\"\n\n\
         [[planned]]\ntitle = \"Met\"\ntopics = [\"training\"]\n\n[[planned]]\ntitle = \"Zonder onderwerp\"\n",
    );
    write(
        dir.path(),
        "municipalities/delta.toml",
        "name = \"Delta\"\nprovince = \"Utrecht\"\n",
    );
    let out = run(dir.path(), &["check"]);
    assert_exit(&out, 0);
    assert_diagnostics!(stderr(&out));
}

/// A file saved with Windows line endings gives the same site, and no
/// `\r` in the data exports.
#[test]
fn crlf_line_endings_are_normalised_on_load() {
    let lf = site_from("minimal");
    let crlf = site_from("minimal");
    for rel in ["municipalities/alfa.toml", "pages/over.md", "site.toml"] {
        let text = std::fs::read_to_string(crlf.path().join("content").join(rel)).unwrap();
        write(crlf.path(), rel, text.replace('\n', "\r\n"));
    }
    let (a, b) = (build(lf.path()), build(crlf.path()));
    let listing = files(&a);
    assert_eq!(listing, files(&b));
    for f in &listing {
        let (x, y) = (
            std::fs::read(a.join(f)).unwrap(),
            std::fs::read(b.join(f)).unwrap(),
        );
        assert!(x == y, "{f} differs");
    }
    let json = std::fs::read_to_string(b.join("data/gemeenten.json")).unwrap();
    assert!(!json.contains("\\r"), "{json}");
}

#[test]
fn file_over_the_size_limit_is_an_error_and_not_read() {
    let dir = site_from("minimal");
    let notes = "x".repeat(50 << 20);
    write(
        dir.path(),
        "municipalities/alfa.toml",
        format!("name = \"Alfa\"\nprovince = \"U\"\nnotes = \"\"\"\n{notes}\n\"\"\"\n"),
    );
    let err = check(dir.path(), 1);
    assert_diagnostics!(err);
}

#[test]
fn text_over_the_size_limit_is_an_error_with_its_position() {
    let dir = site_from("minimal");
    let notes = "Lang verhaal. ".repeat(10_000);
    write(
        dir.path(),
        "municipalities/alfa.toml",
        format!("name = \"Alfa\"\nprovince = \"U\"\nnotes = \"\"\"\n{notes}\n\"\"\"\n"),
    );
    let err = check(dir.path(), 1);
    assert_diagnostics!(err);
}

#[test]
fn too_many_topics_is_an_error_at_the_first_one_too_many() {
    let dir = site_from("minimal");
    let mut topics = String::new();
    for i in 0..10_000 {
        topics.push_str(&format!(
            "[[topics]]\nslug = \"t{i}\"\nname = \"T{i}\"\ndescription = \"d\"\n\n"
        ));
    }
    write(dir.path(), "topics.toml", topics);
    let err = check(dir.path(), 1);
    assert_diagnostics!(err);
    assert_eq!(err.matches("error:").count(), 1, "{err}");
}

#[test]
fn too_many_efforts_is_an_error_at_the_first_one_too_many() {
    let dir = site_from("minimal");
    let mut text = String::from("name = \"Alfa\"\nprovince = \"U\"\n");
    for i in 0..1_001 {
        text.push_str(&format!(
            "\n[[planned]]\ntitle = \"p{i}\"\ntopics = [\"training\"]\n"
        ));
    }
    write(dir.path(), "municipalities/alfa.toml", text);
    let err = check(dir.path(), 1);
    assert_diagnostics!(err);
}

#[test]
fn glossary_words_in_other_unicode_forms_are_duplicates() {
    let dir = site_from("minimal");
    write(
        dir.path(),
        "glossary.toml",
        format!(
            "[[terms]]\nterm = \"{COMPOSED}\"\nexplanation = \"a\"\n\n\
             [[terms]]\nterm = \"x\"\nexplanation = \"b\"\nforms = [\"{DECOMPOSED}\"]\n"
        ),
    );
    let err = check(dir.path(), 1);
    assert_diagnostics!(err);
}

/// An optional file that is there but is no file is not "no glossary".
#[test]
fn glossary_that_is_a_folder_is_an_error_not_absent() {
    let dir = site_from("minimal");
    std::fs::create_dir_all(dir.path().join("content/glossary.toml")).unwrap();
    let err = check(dir.path(), 1);
    assert_diagnostics!(err);
}
