//! vergelijk: a static-site generator for side-by-side comparisons of what
//! municipalities do.
//!
//! The pipeline, one module per step, each arrow one way:
//!
//! ```text
//! content/ --content::load--> model::Site --render::render--> output::Staging --> public/
//!                (validate: Diagnostics)    |   (templates, Markdown,       ^  (atomic swap)
//!                                           |    data, sitemap)             |
//!                                           +--search::index (own thread)---+
//!                                                (Pagefind bundle)
//! ```
//!
//! [`check`] stops after loading; [`build`] runs it all. The binary in
//! `main.rs` only parses arguments and reports what these return.

pub mod content;
pub mod diagnostics;
pub mod edition;
pub mod error;
pub mod export;
pub mod glossary;
pub mod model;
pub mod output;
pub mod render;
pub mod routes;
pub mod scaffold;
pub mod schema;
pub mod search;
pub mod serve;
pub mod text;
// Synthetic content for the tests, examples and benchmarks; not part of the
// library's API (hidden from its documentation, may change at any time).
#[doc(hidden)]
pub mod synth;
pub mod timeline;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

pub use diagnostics::{Diagnostic, Diagnostics};
pub use error::Error;
pub use model::Site;

/// Where the site's inputs are and where its output goes.
#[derive(Debug, Clone)]
pub struct Options {
    pub content: PathBuf,
    pub output: PathBuf,
    /// Folder holding `themes/<name>/`.
    pub themes: PathBuf,
    /// Folder holding the site's own `templates/` and `static/` overrides.
    pub site_dir: PathBuf,
    pub base_url: Option<String>,
    /// Build the search index (`pagefind/`); off makes builds faster.
    pub search: bool,
}

impl Options {
    /// The defaults for a site rooted at `dir`: `dir/content`, `dir/public`,
    /// `dir/themes`.
    pub fn for_site(dir: &Path) -> Options {
        Options {
            content: dir.join("content"),
            output: dir.join("public"),
            themes: dir.join("themes"),
            site_dir: dir.to_path_buf(),
            base_url: None,
            search: true,
        }
    }
}

/// What a build did, for the one-line summary.
#[derive(Debug, Clone)]
pub struct Summary {
    /// The site that was built (for warnings and counts).
    pub site: Site,
    pub pages: usize,
    pub files: usize,
    pub elapsed: Duration,
    /// How long each step took, in order.
    pub steps: Vec<(&'static str, Duration)>,
    /// What writing the output did besides (leftovers of killed builds
    /// removed, an old copy that could not be), for the user.
    pub output: output::Report,
}

/// Loads and validates the content, writing nothing.
pub fn check(options: &Options) -> Result<Site, Error> {
    check_cached(options, &mut content::Cache::default(), None)
}

/// [`check`], parsing again only the municipality files in `changed`
/// (absolute paths; `None`: all of them) and taking the others from
/// `cache`, which it updates.
pub fn check_cached(
    options: &Options,
    cache: &mut content::Cache,
    changed: Option<&[PathBuf]>,
) -> Result<Site, Error> {
    let load = content::LoadOptions {
        themes: render::templates::available_themes(&options.themes),
        base_url: options.base_url.clone(),
    };
    content::load_cached(&options.content, &load, cache, changed).map_err(Error::Content)
}

/// The theme `site` names, looked up as `options` say.
fn theme(options: &Options, site: &Site) -> render::templates::Theme {
    render::templates::Theme::resolve(&site.config.theme, &options.themes, &options.site_dir)
}

/// Renders the site in memory, without writing it.
pub fn render_site(options: &Options, site: &Site) -> Result<render::Files, Error> {
    render::render_files(site, &theme(options, site), &render::Request::default())
}

/// Loads, renders and writes the site. Pages are written as they are
/// rendered, on every core, and the search index is built alongside on its
/// own thread, so the site is never held in memory whole.
pub fn build(options: &Options) -> Result<Summary, Error> {
    use render::Sink;
    use std::sync::atomic::AtomicUsize;

    let start = Instant::now();
    let mut steps = Vec::new();
    let mut lap = Instant::now();
    // A step's own time: since the last step, unless given.
    let mut step = |name: &'static str, took: Option<Duration>| {
        steps.push((name, took.unwrap_or_else(|| lap.elapsed())));
        lap = Instant::now();
    };
    output::check_target(&options.output, &[&options.content, &options.themes])?;
    // Before loading, so that even a build of broken content cleans up
    // after killed builds and puts back a site one of them took away.
    let mut report = output::tidy(&options.output);
    let site = check(options)?;
    step("load", None);
    let theme = theme(options, &site);
    let staging = output::Staging::new(&options.output)?;
    let sink = Counted {
        staging: &staging,
        pages: AtomicUsize::new(0),
        files: AtomicUsize::new(0),
    };
    let (rendered, searched) = std::thread::scope(|scope| {
        let search = options.search.then(|| {
            scope.spawn(|| {
                let started = Instant::now();
                search::index_each(&site, |path, bytes| sink.put(&path, bytes))?;
                Ok::<_, Error>(started.elapsed())
            })
        });
        let started = Instant::now();
        let rendered = render::render(&site, &theme, &render::Request::default(), &sink)
            .map(|()| started.elapsed());
        let searched = search.map(|s| s.join().unwrap_or_else(|p| std::panic::resume_unwind(p)));
        (rendered, searched)
    });
    step("render", Some(rendered?));
    if let Some(searched) = searched {
        // Ran alongside the render: its own time, part of the render's.
        step("search", Some(searched?));
    }
    let (pages, files) = (sink.pages.into_inner(), sink.files.into_inner());
    report.extend(staging.commit()?);
    step("publish", None);
    Ok(Summary {
        pages,
        files,
        elapsed: start.elapsed(),
        steps,
        site,
        output: report,
    })
}

/// The build's sink: every output goes to the staging folder, counted for
/// the summary.
struct Counted<'a> {
    staging: &'a output::Staging,
    pages: std::sync::atomic::AtomicUsize,
    files: std::sync::atomic::AtomicUsize,
}

impl Counted<'_> {
    fn count(&self, path: &str) {
        use std::sync::atomic::Ordering;
        self.files.fetch_add(1, Ordering::Relaxed);
        if path.ends_with(".html") {
            self.pages.fetch_add(1, Ordering::Relaxed);
        }
    }
}

impl render::Sink for Counted<'_> {
    fn put(&self, path: &str, bytes: Vec<u8>) -> Result<(), Error> {
        self.count(path);
        self.staging.write(path, &bytes)
    }

    fn stream(
        &self,
        path: &str,
        write: &dyn Fn(&mut dyn std::io::Write) -> std::io::Result<()>,
    ) -> Result<(), Error> {
        self.count(path);
        self.staging.stream(path, write)
    }
}

/// Writes `content/municipalities/<slug>.toml` for a new municipality from
/// the commented template; refuses to overwrite. Returns its path.
pub fn new_municipality(
    options: &Options,
    name: &str,
    province: Option<&str>,
) -> Result<PathBuf, Error> {
    // The examples use a real topic when topics.toml can be read; the rest of
    // the content may be broken, and that must not stop a new file.
    let topic = std::fs::read_to_string(options.content.join("topics.toml"))
        .ok()
        .and_then(|t| toml::from_str::<content::files::TopicsFile>(&t).ok())
        .and_then(|f| f.topics.into_iter().next())
        .map_or_else(|| "onderwerp".to_string(), |t| t.slug.into_inner());
    scaffold::new_municipality(&options.content, name, province, &topic)
}

/// Writes the JSON Schemas of the content files into `dir`.
pub fn write_schemas(dir: &Path) -> Result<Vec<PathBuf>, Error> {
    std::fs::create_dir_all(dir).map_err(Error::io(dir))?;
    let mut written = Vec::new();
    for (name, text) in schema::schemas() {
        let path = dir.join(name);
        std::fs::write(&path, text).map_err(Error::io(&path))?;
        written.push(path);
    }
    Ok(written)
}
