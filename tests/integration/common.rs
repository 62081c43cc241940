//! Shared helpers for the integration tests: fixture sites copied into temp
//! dirs, builds through the library and the binary, the builds that tests
//! only read (made once per run), parsed HTML, and diagnostics compared with
//! snapshots.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::{Mutex, OnceLock};

use scraper::{Html, Selector};
use tempfile::TempDir;

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A temp site folder whose `content/` is a copy of `tests/fixtures/<name>`
/// (or of the bundled `content/` for `"bundled"`).
pub fn site_from(name: &str) -> TempDir {
    let src = if name == "bundled" {
        repo().join("content")
    } else {
        repo().join("tests/fixtures").join(name)
    };
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&src, &dir.path().join("content"));
    dir
}

pub fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Build options for a site in `dir`, using this repository's themes. The
/// search index is left out (tests of it use [`build_with_search`]): it is
/// the slowest step in a debug build and most tests look at pages.
pub fn options(dir: &Path) -> vergelijk::Options {
    vergelijk::Options {
        themes: repo().join("themes"),
        search: false,
        ..vergelijk::Options::for_site(dir)
    }
}

/// Builds the site in `dir` into `dir/public` and panics on failure.
pub fn build(dir: &Path) -> PathBuf {
    build_opts(options(dir))
}

/// Like [`build`], with the search index.
pub fn build_with_search(dir: &Path) -> PathBuf {
    build_opts(vergelijk::Options {
        search: true,
        ..options(dir)
    })
}

/// A site checked and built once per test run, for the tests that only read
/// it: its folder (`content/`, `public/`), the checked site and the output.
pub struct Built {
    pub dir: PathBuf,
    pub site: vergelijk::Site,
    pub public: PathBuf,
}

/// The bundled site, checked and built (without the search index) once for
/// every test that only reads it. A test that changes the content or the
/// output builds its own copy with [`site_from`] and [`build`].
pub fn bundled() -> &'static Built {
    static BUILT: OnceLock<Built> = OnceLock::new();
    BUILT.get_or_init(|| build_shared("bundled"))
}

/// The history fixture (`tests/fixtures/history/`), built once like
/// [`bundled`].
pub fn history_fixture() -> &'static Built {
    static BUILT: OnceLock<Built> = OnceLock::new();
    BUILT.get_or_init(|| build_shared("history"))
}

fn build_shared(name: &str) -> Built {
    let dir = site_from(name);
    let site = vergelijk::check(&options(dir.path()))
        .unwrap_or_else(|e| panic!("{name} does not pass check:\n{e}"));
    let public = build(dir.path());
    // A static is never dropped, so its TempDir would never remove the
    // folder: it is removed when the test binary exits instead.
    let dir = dir.keep();
    remove_at_exit(dir.clone());
    Built { dir, site, public }
}

static AT_EXIT: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

fn remove_at_exit(dir: PathBuf) {
    let mut dirs = AT_EXIT.lock().unwrap();
    #[cfg(unix)]
    if dirs.is_empty() {
        extern "C" fn remove_all() {
            if let Ok(dirs) = AT_EXIT.lock() {
                for dir in dirs.iter() {
                    let _ = std::fs::remove_dir_all(dir);
                }
            }
        }
        // SAFETY: `remove_all` is an `extern "C" fn` without arguments that
        // does not unwind (it ignores every error), as atexit requires.
        unsafe { libc::atexit(remove_all) };
    }
    dirs.push(dir);
}

fn build_opts(opts: vergelijk::Options) -> PathBuf {
    if let Err(e) = vergelijk::build(&opts) {
        panic!("build failed:\n{e}");
    }
    opts.output
}

/// Runs the binary in `cwd`.
pub fn run(cwd: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_vergelijk"))
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn parse(path: &Path) -> Html {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    Html::parse_document(&text)
}

pub fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

/// Text of the first element matching `selector`, whitespace collapsed.
pub fn text_of(doc: &Html, selector: &str) -> String {
    let el = doc
        .select(&sel(selector))
        .next()
        .unwrap_or_else(|| panic!("no element matches {selector}"));
    collapse(&el.text().collect::<String>())
}

pub fn texts(doc: &Html, selector: &str) -> Vec<String> {
    doc.select(&sel(selector))
        .map(|e| collapse(&e.text().collect::<String>()))
        .collect()
}

pub fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Every file under `dir`, relative, with `/` separators, sorted.
pub fn files(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            e.path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect();
    v.sort();
    v
}

/// Every file under `dir` with its bytes, by relative path (as [`files`]).
pub fn contents(dir: &Path) -> Vec<(String, Vec<u8>)> {
    files(dir)
        .into_iter()
        .map(|f| {
            let bytes = std::fs::read(dir.join(&f)).unwrap();
            (f, bytes)
        })
        .collect()
}

/// Writes `text` to `content/<rel>` of the site in `dir`, making folders.
pub fn write(dir: &Path, rel: &str, text: impl AsRef<[u8]>) {
    let path = dir.join("content").join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// Settings for snapshots of diagnostics: the temp folders a test site
/// lives in and this repository's path are replaced by `[TEMP]` and
/// `[REPO]`, so a snapshot is the same on every machine and every run.
pub fn diagnostics_settings() -> insta::Settings {
    let mut settings = insta::Settings::clone_current();
    let tmp = std::env::temp_dir();
    let tmp = tmp.to_string_lossy();
    let tmp = regex::escape(tmp.trim_end_matches('/'));
    settings.add_filter(&format!(r"{tmp}/\.tmp[A-Za-z0-9]+"), "[TEMP]");
    settings.add_filter(&regex::escape(&repo().to_string_lossy()), "[REPO]");
    settings
}

/// Compares diagnostics (what `check` or `build` printed) with the
/// snapshot in `tests/integration/snapshots/` named after the test (and
/// the optional name given first), so that a changed, missing, extra or
/// repeated message fails the test. See the README on updating snapshots.
macro_rules! assert_diagnostics {
    ($($snapshot:tt)+) => {
        $crate::common::diagnostics_settings().bind(|| {
            insta::assert_snapshot!($($snapshot)+);
        })
    };
}
pub(crate) use assert_diagnostics;

/// What the dev server renders after `changes` (from `Changes::between`
/// the old site and `site`): the `part` of the outputs they reach.
pub fn render_changed(
    opts: &vergelijk::Options,
    site: &vergelijk::Site,
    changes: &vergelijk::render::Changes,
    part: vergelijk::render::Part,
) -> vergelijk::render::Files {
    use vergelijk::render;
    let theme = render::templates::Theme::resolve(&site.config.theme, &opts.themes, &opts.site_dir);
    let request = render::Request {
        changed: Some(render::Scope { changes, part }),
        cache: None,
    };
    render::render_files(site, &theme, &request).unwrap()
}

/// The provinces of `site`'s municipalities, each once, in order.
pub fn provinces(site: &vergelijk::Site) -> Vec<&str> {
    let mut provinces: Vec<&str> = site
        .municipalities
        .iter()
        .map(|m| m.province.as_str())
        .collect();
    provinces.sort_unstable();
    provinces.dedup();
    provinces
}
