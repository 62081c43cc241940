//! From the model to the files of the site: HTML pages through the theme's
//! templates, plus static assets, open data, sitemap and robots.txt.
//!
//! [`views`] turns the model into what templates see (URLs, resolved topic
//! names, per-topic lists from the model's index); this module decides which
//! pages exist and at which paths, and renders each once.
//!
//! Every output is a [`Job`] with a [`Depends`]: what in the model it is
//! rendered from. [`render`] is the one entry point: it runs every job (the
//! `build` command), or only the jobs that a [`Changes`] reaches, for the
//! dev server, which lays the result over the previous build. A job's
//! context is built only when the job runs, so skipping a page costs
//! nothing, and jobs run on every core: pages do not depend on each other.

pub mod map;
pub mod markdown;
pub mod progress;
pub mod templates;
pub mod views;

mod changes;
mod jobs;
mod sink;

use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};

use minijinja::value::{Serde, Value};
use minijinja::{Environment, context};

use crate::Error;
use crate::model::Site;
use crate::routes;
use templates::Theme;
use views::SiteView;

pub use changes::{Changes, Depends};
pub use jobs::Job;
use jobs::{Make, Shared, jobs};
pub use sink::{Collect, Sink};

/// The rendered site: output path (with `/` separators) -> bytes.
pub type Files = BTreeMap<String, Vec<u8>>;

/// What to render, and with which Markdown cache.
#[derive(Clone, Copy, Default)]
pub struct Request<'a> {
    /// `None`: every page and asset of the site (the `build` command).
    /// `Some`: only the outputs that a change reaches, for the dev server,
    /// which lays them over the previous build (see [`Scope`]).
    pub changed: Option<Scope<'a>>,
    /// Markdown is taken from, and put into, this cache when given.
    pub cache: Option<&'a Arc<markdown::Cache>>,
}

/// The outputs a change reaches, or the part of them to render. Laid over
/// the files of a full render of the site before the change, the result of
/// [`Part::All`], or of [`Part::Own`] and [`Part::Rest`] together, equals a
/// full render of the new site, byte for byte; `changes` must come from
/// [`Changes::between`] the two, with the same theme.
#[derive(Clone, Copy)]
pub struct Scope<'a> {
    pub changes: &'a Changes,
    pub part: Part,
}

/// Which of the outputs that a change reaches to render.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// All of them.
    All,
    /// The pages of the changed municipalities and content pages
    /// themselves: what an author looks at while editing. They are quick
    /// to render, so the dev server shows them first.
    Own,
    /// All but those: topic pages, overviews and data files, which gather
    /// many municipalities.
    Rest,
}

/// Renders what `request` asks for, handing each output to `sink` as it is
/// made (a build writes pages while it renders and never holds the whole
/// site; [`Collect`] keeps them in memory). The first error in output
/// order wins, so a failing build reports the same error every time.
pub fn render(site: &Site, theme: &Theme, request: &Request, sink: &dyn Sink) -> Result<(), Error> {
    let Some(Scope { changes, part }) = request.changed else {
        for (path, bytes) in templates::static_files(theme)? {
            sink.put(&path, bytes)?;
        }
        return run_into(site, theme, request.cache, |_| true, sink);
    };
    if changes.is_empty() {
        return Ok(());
    }
    run_into(
        site,
        theme,
        request.cache,
        |depends| {
            let own = changes.own(depends);
            match part {
                Part::All => changes.reach(depends),
                Part::Own => own,
                Part::Rest => !own && changes.reach(depends),
            }
        },
        sink,
    )
}

/// [`render`] into memory: output path -> bytes.
pub fn render_files(site: &Site, theme: &Theme, request: &Request) -> Result<Files, Error> {
    let files = Collect::default();
    render(site, theme, request, &files)?;
    Ok(files.into_files())
}

fn run_into(
    site: &Site,
    theme: &Theme,
    cache: Option<&Arc<markdown::Cache>>,
    wanted: impl Fn(&Depends) -> bool,
    sink: &dyn Sink,
) -> Result<(), Error> {
    let env = templates::environment_with(theme, cache.cloned());
    let view = SiteView::new(site);
    let site_value = Value::from(Serde(&view.globals));
    let shared = Shared {
        view: &view,
        municipalities: OnceLock::new(),
        topics: OnceLock::new(),
        map: OnceLock::new(),
    };
    // Words of the glossary are linked on every page but its own.
    let glossary = crate::glossary::Glossary::new(&site.glossary);
    let jobs: Vec<Job> = jobs(site, &view, &shared, &wanted)
        .into_iter()
        .filter(|j| wanted(&j.depends))
        .collect();
    parallel(&jobs, |job| {
        let bytes = match &job.make {
            Make::Page {
                template,
                dir,
                context,
            } => {
                let root = "../".repeat(dir.matches('/').count());
                let html = render_one(&env, template, &site_value, dir, &root, context())?;
                match &glossary {
                    Some(g) if dir != routes::GLOSSARY => Ok(g
                        .link_html(&html, &format!("{root}{}", routes::GLOSSARY))
                        .into_bytes()),
                    _ => Ok(html.into_bytes()),
                }
            }
            Make::NotFound => render_one(
                &env,
                "404.html",
                &site_value,
                "404.html",
                site.config.base_path(),
                context! {},
            )
            .map(String::into_bytes),
            Make::Template { template, context } => {
                render_one(&env, template, &site_value, &job.path, "", context())
                    .map(String::into_bytes)
            }
            Make::Bytes(make) => Ok(make()),
            Make::Stream(write) => return sink.stream(&job.path, write),
        }?;
        sink.put(&job.path, bytes)
    })?;
    drop(jobs);
    // Freeing a converted value of thousands of municipalities takes a
    // good part of a rebuild of one; nobody waits for it.
    let converted = (
        shared.municipalities.into_inner(),
        shared.topics.into_inner(),
    );
    let _ = std::thread::Builder::new()
        .name("vergelijk-free".into())
        .spawn(move || drop(converted));
    Ok(())
}

/// Runs `f` on every item on rayon's pool (one thread per core) and
/// returns the results in item order; the first error in item order wins,
/// so a failing build reports the same error every time.
fn parallel<T: Sync, R: Send>(
    items: &[T],
    f: impl Fn(&T) -> Result<R, Error> + Sync,
) -> Result<Vec<R>, Error> {
    use rayon::prelude::*;
    let results: Vec<Result<R, Error>> = items.par_iter().map(&f).collect();
    results.into_iter().collect()
}

fn render_one(
    env: &Environment<'static>,
    template: &str,
    site: &Value,
    path: &str,
    root: &str,
    page: Value,
) -> Result<String, Error> {
    let tmpl = env
        .get_template(template)
        .map_err(|e| Error::template(template, e))?;
    let ctx = context! { site => site.clone(), root => root, path => path, ..page };
    let mut html = tmpl.render(ctx).map_err(|e| Error::template(template, e))?;
    if !html.ends_with('\n') {
        html.push('\n');
    }
    Ok(html)
}
