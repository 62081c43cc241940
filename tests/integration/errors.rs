//! Broken content, one kind of mistake per test: `vergelijk check` exits 1
//! and names the file, line and column, with the offending line and a hint.

use crate::common::*;

/// Writes `text` to `content/<rel>` of a copy of the minimal fixture and
/// returns the stderr of `vergelijk check`, asserting exit code 1.
fn check_with(rel: &str, text: &[u8]) -> String {
    let dir = site_from("minimal");
    let path = dir.path().join("content").join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, text).unwrap();
    let out = run(dir.path(), &["check"]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "stdout: {}\nstderr: {}",
        stdout(&out),
        stderr(&out)
    );
    stderr(&out)
}

const ALFA: &str = "name = \"Alfa\"\nprovince = \"Utrecht\"\n";

#[test]
fn toml_syntax_error() {
    let err = check_with(
        "municipalities/alfa.toml",
        b"name = \"Alfa\nprovince = \"Utrecht\"\n",
    );
    assert_diagnostics!(err);
}

#[test]
fn all_syntax_errors_of_a_file_are_reported() {
    let err = check_with(
        "municipalities/alfa.toml",
        b"name = \"Alfa\" x\nprovince = 3 3\n",
    );
    assert_diagnostics!(err);
}

#[test]
fn unknown_key_suggests_the_right_one() {
    let err = check_with(
        "municipalities/alfa.toml",
        b"name = \"Alfa\"\nprovincie = \"Utrecht\"\n",
    );
    assert_diagnostics!(err);
}

#[test]
fn unknown_keys_in_several_efforts_are_all_reported() {
    let text = format!(
        "{ALFA}\n[[completed]]\ntitel = \"a\"\n\n[[planned]]\ntitle = \"b\"\ntopic = [\"campagne\"]\n"
    );
    let err = check_with("municipalities/alfa.toml", text.as_bytes());
    assert_diagnostics!(err);
}

#[test]
fn wrong_type() {
    let err = check_with(
        "municipalities/alfa.toml",
        format!("{ALFA}[[completed]]\ntitle = 3\n").as_bytes(),
    );
    assert_diagnostics!(err);
}

#[test]
fn missing_required_field() {
    let err = check_with("municipalities/alfa.toml", b"name = \"Alfa\"\n");
    assert_diagnostics!(err);
}

#[test]
fn unknown_topic_suggests_a_known_one() {
    let text = format!("{ALFA}[[completed]]\ntitle = \"x\"\ntopics = [\"trainng\"]\n");
    let err = check_with("municipalities/alfa.toml", text.as_bytes());
    assert_diagnostics!(err);
}

#[test]
fn unknown_source_id() {
    let text = format!("{ALFA}sources = [\"bronn\"]\n");
    let err = check_with("municipalities/alfa.toml", text.as_bytes());
    assert_diagnostics!(err);
}

#[test]
fn duplicate_municipality_name() {
    let err = check_with("municipalities/alfa-2.toml", ALFA.as_bytes());
    assert_diagnostics!(err);
}

#[test]
fn file_name_that_is_not_a_slug() {
    let err = check_with(
        "municipalities/Den Haag.toml",
        b"name = \"Den Haag\"\nprovince = \"Zuid-Holland\"\n",
    );
    assert_diagnostics!(err);
}

#[test]
fn empty_title() {
    let text = format!("{ALFA}[[planned]]\ntitle = \"  \"\n");
    let err = check_with("municipalities/alfa.toml", text.as_bytes());
    assert_diagnostics!(err);
}

#[test]
fn invalid_utf8() {
    let err = check_with(
        "municipalities/alfa.toml",
        b"name = \"Alfa\"\nprovince = \"Utr\xffcht\"\n",
    );
    assert_diagnostics!(err);
}

#[test]
fn empty_file() {
    let err = check_with("municipalities/alfa.toml", b"\n  \n");
    assert_diagnostics!(err);
}

#[test]
fn page_without_front_matter() {
    let err = check_with("pages/over.md", b"# Over\n");
    assert_diagnostics!(err);
}

#[test]
fn page_front_matter_errors_point_into_the_file() {
    let err = check_with(
        "pages/over.md",
        b"+++\ntitle = \"Over\"\ntitel = \"x\"\n+++\nTekst\n",
    );
    assert_diagnostics!(err);
}

#[test]
fn page_name_taken_by_the_site() {
    let err = check_with("pages/pagefind.md", b"+++\ntitle = \"X\"\n+++\nTekst\n");
    assert_diagnostics!(err);
}

#[test]
fn unknown_theme() {
    let site = "title = \"T\"\ndescription = \"D\"\nlanguage = \"nl\"\nbase_url = \"https://example.org/\"\ntheme = \"defualt\"\npeildatum = 2021-01-01\n";
    let err = check_with("site.toml", site.as_bytes());
    assert_diagnostics!(err);
}

#[test]
fn contact_that_would_add_to_the_mailto_link() {
    let site = "title = \"T\"\ndescription = \"D\"\nlanguage = \"nl\"\nbase_url = \"https://example.org/\"\npeildatum = 2021-01-01\ncontact = \"x?subject=boos&cc=boos@example.org\"\n";
    let err = check_with("site.toml", site.as_bytes());
    assert_diagnostics!(err);
}

#[test]
fn duplicate_topic_slug() {
    let topics = "[[topics]]\nslug = \"campagne\"\nname = \"A\"\ndescription = \"\"\n\n[[topics]]\nslug = \"campagne\"\nname = \"B\"\ndescription = \"\"\n";
    let err = check_with("topics.toml", topics.as_bytes());
    assert_diagnostics!(err);
}

#[test]
fn every_problem_is_reported_in_one_run() {
    let dir = site_from("minimal");
    let m = dir.path().join("content/municipalities");
    std::fs::write(m.join("alfa.toml"), "name = \"Alfa\"\nprovincie = \"x\"\n").unwrap();
    std::fs::write(
        m.join("beta-dorp.toml"),
        "name = \"Beta\"\nprovince = \"x\"\n[[planned]]\ntitle = \"t\"\ntopics = [\"nope\"]\n",
    )
    .unwrap();
    std::fs::write(m.join("leeg.toml"), "").unwrap();
    let out = run(dir.path(), &["check"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert_diagnostics!(err);
}

#[test]
fn build_with_broken_content_keeps_the_previous_output() {
    let dir = site_from("minimal");
    let out = run(dir.path(), &["build"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let public = dir.path().join("public");
    let before = contents(&public);
    std::fs::write(
        dir.path().join("content/municipalities/alfa.toml"),
        "name = ",
    )
    .unwrap();
    let out = run(dir.path(), &["build"]);
    assert_eq!(out.status.code(), Some(1));
    let after = contents(&public);
    assert!(before == after, "output changed after a failed build");
    // No staging folders are left beside it.
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|n| n.to_string_lossy().starts_with(".public"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn usage_errors_exit_with_code_2() {
    let dir = site_from("minimal");
    assert_eq!(
        run(dir.path(), &["build", "--no-such-flag"]).status.code(),
        Some(2)
    );
    assert_eq!(run(dir.path(), &["frobnicate"]).status.code(), Some(2));
    let out = run(dir.path(), &["build", "--output", "."]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert_diagnostics!(stderr(&out));
    assert!(
        dir.path().join("content/site.toml").is_file(),
        "content survived"
    );
}

#[test]
fn missing_content_folder_is_reported_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(dir.path(), &["check"]);
    assert_eq!(out.status.code(), Some(1));
    assert_diagnostics!(stderr(&out));
}
