//! From the model to the files of the site: HTML pages through the theme's
//! templates, plus static assets, open data, sitemap and robots.txt.
//!
//! [`views`] turns the model into what templates see (URLs, resolved topic
//! names, per-topic lists from the model's index); this module decides which
//! pages exist and at which paths, and renders each once.
//!
//! Every output is a [`Job`] with a [`Depends`]: what in the model it is
//! rendered from. [`render`] runs every job (the `build` command);
//! [`render_changed`] runs only the jobs that a [`Changes`] reaches, for the
//! dev server, which lays the result over the previous build. A job's
//! context is built only when the job runs, so skipping a page costs
//! nothing, and jobs run on every core: pages do not depend on each other.

pub mod map;
pub mod markdown;
pub mod progress;
pub mod templates;
pub mod views;

use std::collections::{BTreeMap, BTreeSet};
use std::io;
use std::sync::{Arc, OnceLock};

use minijinja::value::{Serde, Value};
use minijinja::{Environment, context};

use crate::Error;
use crate::export;
use crate::model::Site;
use crate::routes;
use templates::Theme;
use views::SiteView;

/// The rendered site: output path (with `/` separators) -> bytes.
pub type Files = BTreeMap<String, Vec<u8>>;

/// What an output is rendered from, beyond the site's settings, topics,
/// content pages and theme (a change to any of those renders everything).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Depends<'a> {
    /// Nothing else: the same as long as the site's settings, topic list,
    /// content pages, set of municipalities and theme stay the same.
    Fixed,
    /// Every municipality (tables, counts, the CSV export).
    AllMunicipalities,
    /// Everything in the model, content pages too (the JSON export).
    AnyChange,
    /// One municipality, by slug.
    Municipality(&'a str),
    /// The municipalities with efforts on one topic, by topic slug.
    Topic(&'a str),
    /// The municipalities in one province with efforts on one topic (a
    /// large site's topic page per province): topic slug, province name.
    TopicIn(&'a str, &'a str),
    /// One content page, by slug.
    Page(&'a str),
}

/// What differs between two versions of a site, when only municipalities
/// changed in place. See [`Changes::between`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changes {
    /// Slugs of municipalities whose data differs.
    pub municipalities: BTreeSet<String>,
    /// Topics whose pages list any of them, before or after the change.
    pub topics: BTreeSet<String>,
    /// Per topic of `topics`, the provinces of those municipalities, before
    /// and after the change: which topic pages per province list them.
    pub topic_provinces: BTreeMap<String, BTreeSet<String>>,
    /// Slugs of content pages whose text differs (title and order did not
    /// change: those are in the menu of every page).
    pub pages: BTreeSet<String>,
}

impl Changes {
    /// The changes from `old` to `new`, or `None` when the site must be
    /// rendered as a whole: settings or topics changed, a content page was
    /// added, removed, retitled or reordered (the menu is on every page), or
    /// a municipality was added, removed or moved to another file (which
    /// changes the set of pages and the counts on every topic page).
    pub fn between(old: &Site, new: &Site) -> Option<Changes> {
        if old.config != new.config
            || old.topics != new.topics
            || old.glossary != new.glossary
            || old.pages.len() != new.pages.len()
            || old.municipalities.len() != new.municipalities.len()
            // The pages about progress exist only with earlier states.
            || progress::has_history(old) != progress::has_history(new)
        {
            return None;
        }
        let mut changes = Changes::default();
        for (a, b) in old.pages.iter().zip(&new.pages) {
            if a.slug != b.slug || a.title != b.title {
                return None;
            }
            if a != b {
                changes.pages.insert(b.slug.clone());
            }
        }
        let before: BTreeMap<&str, &crate::model::Municipality> = old
            .municipalities
            .iter()
            .map(|m| (m.slug.as_str(), &**m))
            .collect();
        let mut moved = false;
        for m in &new.municipalities {
            let old_m = before.get(m.slug.as_str())?;
            // The dev server keeps unchanged files' municipalities: most
            // are the very same value.
            if !std::ptr::eq(*old_m, &**m) && *old_m != &**m {
                moved |= old_m.province != m.province;
                // Every topic's map shows every municipality, by name and
                // where it is.
                if new.config.map.is_some()
                    && (old_m.name != m.name
                        || old_m.location != m.location
                        || old_m.province != m.province)
                {
                    changes
                        .topics
                        .extend(new.topics.iter().map(|t| t.slug.clone()));
                }
                changes.municipalities.insert(m.slug.clone());
                for muni in [*old_m, &**m] {
                    for e in muni.completed.iter().chain(&muni.planned) {
                        for t in &e.topics {
                            changes.topics.insert(t.clone());
                            changes
                                .topic_provinces
                                .entry(t.clone())
                                .or_default()
                                .insert(muni.province.clone());
                        }
                    }
                }
            }
        }
        // Provinces are in every overview and, on a large site, in the
        // paths of the topic pages per province.
        let provinces = |site: &Site| -> BTreeSet<String> {
            site.municipalities
                .iter()
                .map(|m| m.province.clone())
                .collect()
        };
        if moved && provinces(old) != provinces(new) {
            return None;
        }
        Some(changes)
    }

    pub fn is_empty(&self) -> bool {
        self.municipalities.is_empty() && self.pages.is_empty()
    }

    /// Whether an output is the page (or data file) of a changed
    /// municipality or content page itself.
    pub fn own(&self, depends: &Depends) -> bool {
        match depends {
            Depends::Municipality(slug) => self.municipalities.contains(*slug),
            Depends::Page(slug) => self.pages.contains(*slug),
            _ => false,
        }
    }

    /// Whether an output with these dependencies must be rendered again.
    pub fn reach(&self, depends: &Depends) -> bool {
        match depends {
            Depends::Fixed => false,
            Depends::AllMunicipalities => !self.municipalities.is_empty(),
            Depends::AnyChange => !self.is_empty(),
            Depends::Municipality(slug) => self.municipalities.contains(*slug),
            Depends::Topic(slug) => self.topics.contains(*slug),
            Depends::TopicIn(slug, province) => self
                .topic_provinces
                .get(*slug)
                .is_some_and(|p| p.contains(*province)),
            Depends::Page(slug) => self.pages.contains(*slug),
        }
    }
}

/// Template values several jobs use, converted once per render, by the
/// first job that needs them.
struct Shared<'a> {
    view: &'a SiteView<'a>,
    municipalities: OnceLock<Value>,
    topics: OnceLock<Value>,
    map: OnceLock<Option<map::Base>>,
}

impl Shared<'_> {
    /// Every municipality as a table row; empty on a large site, whose
    /// overview pages show summaries instead.
    fn municipalities(&self) -> Value {
        self.municipalities
            .get_or_init(|| {
                if self.view.globals.large {
                    Value::from(Vec::<Value>::new())
                } else {
                    Value::from(Serde(&self.view.table_rows()))
                }
            })
            .clone()
    }

    /// The map of the home page and `/gemeenten/`: every municipality, or
    /// on a large site every province; none when the site has no map.
    fn overview_map(&self) -> Option<Value> {
        let base = self.map_base()?;
        Some(Value::from(Serde(&if self.view.globals.large {
            base.provinces(self.view)
        } else {
            base.municipalities(self.view.site)
        })))
    }

    /// The map of a topic's page.
    fn topic_map(&self, topic: &crate::model::Topic) -> Option<Value> {
        let base = self.map_base()?;
        Some(Value::from(Serde(&if self.view.globals.large {
            base.topic_provinces(self.view, topic)
        } else {
            base.topic(self.view.site, topic)
        })))
    }

    fn map_base(&self) -> Option<&map::Base> {
        self.map
            .get_or_init(|| map::Base::new(self.view.site))
            .as_ref()
    }

    /// Every topic with its counts.
    fn topics(&self) -> Value {
        self.topics
            .get_or_init(|| Value::from(Serde(&self.view.topic_summaries())))
            .clone()
    }
}

type MakeContext<'a> = Box<dyn Fn() -> Value + Send + Sync + 'a>;
type MakeBytes<'a> = Box<dyn Fn() -> Vec<u8> + Send + Sync + 'a>;
type MakeStream<'a> = Box<dyn Fn(&mut dyn io::Write) -> io::Result<()> + Send + Sync + 'a>;

enum Make<'a> {
    /// An HTML page: its template, directory (`gemeenten/delft/`, or ``
    /// for the home page) and the variables it adds to `site`, `root` and
    /// `path`.
    Page {
        template: &'static str,
        dir: String,
        context: MakeContext<'a>,
    },
    /// 404.html: served at any depth, so it links from the base path.
    NotFound,
    /// A file a template writes that is not a page (the feed, the
    /// sitemap): no glossary links, and links from the base URL.
    Template {
        template: &'static str,
        context: MakeContext<'a>,
    },
    /// A file that is not a template (sitemap, robots.txt, small data).
    Bytes(MakeBytes<'a>),
    /// A large file that is not a template (the data exports of the whole
    /// site, tens of megabytes at 10,000 municipalities), written piece by
    /// piece so that a build never holds it whole.
    Stream(MakeStream<'a>),
}

/// One output file of the site and how to make it.
pub struct Job<'a> {
    /// The output path, `gemeenten/delft/index.html`.
    pub path: String,
    pub depends: Depends<'a>,
    make: Make<'a>,
}

fn page<'a>(
    template: &'static str,
    dir: String,
    depends: Depends<'a>,
    context: impl Fn() -> Value + Send + Sync + 'a,
) -> Job<'a> {
    Job {
        path: routes::index_file(&dir),
        depends,
        make: Make::Page {
            template,
            dir,
            context: Box::new(context),
        },
    }
}

fn bytes<'a>(
    path: &str,
    depends: Depends<'a>,
    make: impl Fn() -> Vec<u8> + Send + Sync + 'a,
) -> Job<'a> {
    Job {
        path: path.to_string(),
        depends,
        make: Make::Bytes(Box::new(make)),
    }
}

fn stream<'a>(
    path: &str,
    depends: Depends<'a>,
    write: impl Fn(&mut dyn io::Write) -> io::Result<()> + Send + Sync + 'a,
) -> Job<'a> {
    Job {
        path: path.to_string(),
        depends,
        make: Make::Stream(Box::new(write)),
    }
}

/// The generated outputs of the site (all but the static files) that are
/// `wanted`, in a fixed order. Per-municipality outputs that are not wanted
/// cost a check, nothing more. The sitemap lists exactly the page jobs.
fn jobs<'a>(
    site: &'a Site,
    view: &'a SiteView<'a>,
    shared: &'a Shared<'a>,
    wanted: &dyn Fn(&Depends) -> bool,
) -> Vec<Job<'a>> {
    use Depends::*;
    // The sitemap changes only with a full render; only then are the
    // directories of all pages collected for it.
    let sitemap = wanted(&Fixed);
    let mut municipality_dirs: Vec<String> = Vec::new();
    let mut jobs = vec![
        page("index.html", String::new(), AllMunicipalities, move || {
            let provinces: Vec<&str> = view.provinces().map(|(name, _)| name).collect();
            context! {
                municipalities => shared.municipalities(),
                topics => shared.topics(),
                provinces => Serde(&provinces),
                province_summary => Serde(&view.province_summary()),
                target_groups => Serde(&view.target_groups()),
                notable => Serde(&view.notable_efforts()),
                map => shared.overview_map(),
            }
        }),
        page(
            "matrix.html",
            routes::MATRIX.into(),
            AllMunicipalities,
            move || {
                context! {
                    municipalities => shared.municipalities(),
                    topics => shared.topics(),
                    province_summary => Serde(&view.province_summary()),
                }
            },
        ),
        page(
            "compare.html",
            routes::COMPARE.into(),
            AllMunicipalities,
            move || {
                context! { municipalities => shared.municipalities(), topics => shared.topics() }
            },
        ),
        page(
            "search.html",
            routes::SEARCH.into(),
            AllMunicipalities,
            move || {
                let provinces: Vec<&str> = view.provinces().map(|(name, _)| name).collect();
                let target_groups = view.target_groups();
                let filters = search_filters(view, &provinces, &target_groups);
                // The search page matches a query with the topics' other
                // names itself: indexed with every effort they were a
                // quarter of the index (see `search`).
                let synonyms: Vec<(&str, &[String])> = site
                    .topics
                    .iter()
                    .filter(|t| !t.synonyms.is_empty())
                    .map(|t| (t.name.as_str(), t.synonyms.as_slice()))
                    .collect();
                context! { filters => Serde(&filters), synonyms => Serde(&synonyms) }
            },
        ),
        page(
            "data.html",
            routes::DATA.into(),
            AllMunicipalities,
            move || {
                let columns = export::csv_columns(&site.config);
                context! {
                    columns => Serde(&columns),
                    municipality_columns => Serde(export::MUNICIPALITY_COLUMNS),
                    json_fields => Serde(export::JSON_FIELDS),
                    json_path => routes::JSON,
                    csv_path => routes::CSV,
                    xlsx_path => routes::XLSX,
                    schema_path => routes::SCHEMA,
                    dcat_path => routes::DCAT,
                    dcat_json => export::dcat::jsonld_for_html(site),
                    code => Serde(&site.config.code),
                    map => site.config.map.as_ref().map(|m| context! {
                        source => m.source.clone(),
                        license => m.license.clone(),
                        url => m.url.clone(),
                        file => m.file.clone(),
                    }),
                    efforts_sheet => export::xlsx::EFFORTS_SHEET,
                    municipalities_sheet => export::xlsx::MUNICIPALITIES_SHEET,
                    license => site.config.license.clone(),
                    effort_count => site.municipalities.iter().map(|m| m.completed.len() + m.planned.len()).sum::<usize>(),
                    municipality_count => site.municipalities.len(),
                    history_csv_path => progress::has_history(site).then_some(routes::HISTORY_CSV),
                    history_columns => Serde(&export::history_csv_columns(&site.config)),
                    history_sheet => export::history::HISTORY_SHEET,
                }
            },
        ),
        page(
            "municipalities.html",
            routes::MUNICIPALITIES.into(),
            AllMunicipalities,
            move || context! { provinces => Serde(&view.by_province()), map => shared.overview_map() },
        ),
        // Every page of the site for a person to read (sitemap.xml is for
        // search engines); on a large site the municipalities by province.
        page(
            "sitemap.html",
            routes::SITEMAP.into(),
            AllMunicipalities,
            move || {
                context! {
                    provinces => Serde(&view.by_province()),
                    topics => shared.topics(),
                }
            },
        ),
    ];
    let before_municipalities = jobs.len();
    for m in &site.municipalities {
        if sitemap {
            municipality_dirs.push(routes::municipality(&m.slug));
        }
        if wanted(&Municipality(&m.slug)) {
            jobs.push(page(
                "municipality.html",
                routes::municipality(&m.slug),
                Municipality(&m.slug),
                move || {
                    context! {
                        municipality => Serde(&view.municipality(m)),
                        progress => Serde(&progress::municipality(view, m)),
                    }
                },
            ));
        }
    }
    let after_municipalities = jobs.len();
    jobs.push(page(
        "topics.html",
        routes::TOPICS.into(),
        AllMunicipalities,
        move || context! { topics => shared.topics() },
    ));
    for t in &site.topics {
        jobs.push(page(
            "topic.html",
            routes::topic(&t.slug),
            Topic(&t.slug),
            move || context! { topic => Serde(&view.topic(t)), map => shared.topic_map(t) },
        ));
        // A large site's topic page lists provinces; each has a page with
        // the municipalities there (a few hundred at 10,000, not all of
        // them on one page of megabytes).
        // (A province's page changes only with a municipality there: no
        // page of the topic is wanted when the topic page is not.)
        if view.globals.large && wanted(&Topic(&t.slug)) {
            for (i, (province, slug)) in view.provinces().enumerate() {
                jobs.push(page(
                    "topic-province.html",
                    routes::topic_in_province(&t.slug, slug),
                    TopicIn(&t.slug, province),
                    move || Value::from(Serde(&view.topic_in_province(t, i))),
                ));
            }
        }
    }

    for p in &view.pages {
        jobs.push(page("page.html", p.url.clone(), Page(p.slug), move || {
            context! { page => Serde(p) }
        }));
    }
    if progress::has_history(site) {
        jobs.push(page(
            "progress.html",
            routes::PROGRESS.into(),
            AllMunicipalities,
            move || context! { progress => Serde(&progress::page(view)) },
        ));
    }
    if !site.glossary.is_empty() {
        jobs.push(page(
            "glossary.html",
            routes::GLOSSARY.into(),
            Fixed,
            move || context! { terms => Serde(&view.glossary()) },
        ));
    }
    // In job order: the pages before the municipalities, the
    // municipalities, the pages after them.
    let mut page_dirs: Vec<String> = Vec::new();
    if sitemap {
        let dirs = |from: usize, to: usize| {
            jobs[from..to].iter().filter_map(|j| match &j.make {
                Make::Page { dir, .. } => Some(dir.clone()),
                _ => None,
            })
        };
        page_dirs.extend(dirs(0, before_municipalities));
        page_dirs.append(&mut municipality_dirs);
        page_dirs.extend(dirs(after_municipalities, jobs.len()));
    }
    jobs.push(Job {
        path: routes::NOT_FOUND.into(),
        depends: Fixed,
        make: Make::NotFound,
    });
    jobs.push(stream(routes::JSON, AnyChange, move |w| {
        export::write_json(site, w)
    }));
    for m in &site.municipalities {
        if wanted(&Municipality(&m.slug)) {
            jobs.push(bytes(
                &routes::municipality_json(&m.slug),
                Municipality(&m.slug),
                move || export::municipality_json(&site.config, m),
            ));
        }
    }
    if view.globals.large {
        jobs.push(bytes(routes::NAMES, AllMunicipalities, move || {
            export::names(site)
        }));
    }
    jobs.push(bytes(routes::SUGGESTIONS, AllMunicipalities, move || {
        crate::search::suggestions(site)
    }));
    jobs.push(Job {
        path: routes::FEED.into(),
        depends: AnyChange,
        make: Make::Template {
            template: "feed.xml",
            context: Box::new(move || context! { feed => Serde(&export::feed(site)) }),
        },
    });
    jobs.push(stream(routes::CSV, AllMunicipalities, move |w| {
        export::write_csv(site, w)
    }));
    jobs.push(stream(routes::XLSX, AllMunicipalities, move |w| {
        let bytes = export::xlsx::workbook(site).map_err(io::Error::other)?;
        w.write_all(&bytes)
    }));
    // The schema follows the program, not the content.
    jobs.push(bytes(routes::SCHEMA, Fixed, move || {
        let id = format!("{}{}", site.config.base_url, routes::SCHEMA);
        export::public::schema(&id).into_bytes()
    }));
    // The newest `updated` is in it: any municipality may change it.
    jobs.push(bytes(routes::DCAT, AllMunicipalities, move || {
        export::dcat::jsonld(site).into_bytes()
    }));
    if progress::has_history(site) {
        jobs.push(stream(routes::HISTORY_CSV, AllMunicipalities, move |w| {
            export::write_history_csv(site, w)
        }));
    }
    // The set of pages changes only with a full render.
    jobs.push(Job {
        path: routes::SITEMAP_XML.into(),
        depends: Fixed,
        make: Make::Template {
            template: "sitemap.xml",
            context: Box::new(move || {
                context! { urls => Serde(&export::sitemap_urls(&site.config, &page_dirs)) }
            }),
        },
    });
    jobs.push(bytes(routes::ROBOTS, Fixed, move || {
        export::robots(&site.config).into_bytes()
    }));
    jobs
}

/// Renders every page and asset of the site.
pub fn render(site: &Site, theme: &Theme) -> Result<Files, Error> {
    render_cached(site, theme, None)
}

/// Where rendered outputs go as soon as they are made. Called from every
/// core, in any order.
pub trait Sink: Sync {
    /// Takes one output: its path in the site (`gemeenten/delft/index.html`)
    /// and its bytes.
    fn put(&self, path: &str, bytes: Vec<u8>) -> Result<(), Error>;

    /// Takes one output that `write` produces piece by piece. By default
    /// the pieces are collected and handed to [`Sink::put`]; a sink that
    /// writes files writes them as they come.
    fn stream(
        &self,
        path: &str,
        write: &dyn Fn(&mut dyn io::Write) -> io::Result<()>,
    ) -> Result<(), Error> {
        let mut bytes = Vec::new();
        write(&mut bytes).map_err(Error::io(path))?;
        self.put(path, bytes)
    }
}

/// Collects outputs in memory (the dev server serves them from there).
struct Collect(std::sync::Mutex<Files>);

impl Sink for Collect {
    fn put(&self, path: &str, bytes: Vec<u8>) -> Result<(), Error> {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(path.to_string(), bytes);
        Ok(())
    }
}

/// [`render`], handing each output to `sink` as it is made instead of
/// collecting them: a build writes pages while it renders and never holds
/// the whole site. The first error in output order wins, as in [`render`].
pub fn render_into(site: &Site, theme: &Theme, sink: &dyn Sink) -> Result<(), Error> {
    for (path, bytes) in templates::static_files(theme)? {
        sink.put(&path, bytes)?;
    }
    run_into(site, theme, None, |_| true, sink)
}

/// [`render`], with Markdown from (and into) `cache` when given.
pub fn render_cached(
    site: &Site,
    theme: &Theme,
    cache: Option<&Arc<markdown::Cache>>,
) -> Result<Files, Error> {
    let mut files = templates::static_files(theme)?;
    files.extend(run(site, theme, cache, |_| true)?);
    Ok(files)
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

/// Renders only the outputs that `changes` reaches (`part` of them). Laid
/// over the files of a full render of the site before the change
/// (`Files::extend`), the result of [`Part::All`], or of [`Part::Own`] and
/// [`Part::Rest`] together, equals a full render of `site`, byte for byte;
/// `changes` must come from [`Changes::between`] that site and this one,
/// with the same theme. Markdown comes from (and goes into) `cache` when
/// given.
pub fn render_changed(
    site: &Site,
    theme: &Theme,
    changes: &Changes,
    cache: Option<&Arc<markdown::Cache>>,
    part: Part,
) -> Result<Files, Error> {
    if changes.is_empty() {
        return Ok(Files::new());
    }
    run(site, theme, cache, |depends| {
        let own = changes.own(depends);
        match part {
            Part::All => changes.reach(depends),
            Part::Own => own,
            Part::Rest => !own && changes.reach(depends),
        }
    })
}

fn run(
    site: &Site,
    theme: &Theme,
    cache: Option<&Arc<markdown::Cache>>,
    wanted: impl Fn(&Depends) -> bool,
) -> Result<Files, Error> {
    let files = Collect(std::sync::Mutex::new(Files::new()));
    run_into(site, theme, cache, wanted, &files)?;
    Ok(files.0.into_inner().unwrap_or_else(|e| e.into_inner()))
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

/// A filter of the search page: the index's filter name, its label and the
/// values it can take (as indexed by `search`).
#[derive(serde::Serialize)]
struct FilterGroup<'a> {
    name: &'static str,
    label: &'static str,
    values: Vec<&'a str>,
}

fn search_filters<'a>(
    view: &SiteView<'a>,
    provinces: &[&'a str],
    target_groups: &[&'a str],
) -> Vec<FilterGroup<'a>> {
    let mut groups = vec![
        FilterGroup {
            name: routes::filter::STATUS,
            label: "Status",
            values: vec!["gedaan", "gepland"],
        },
        FilterGroup {
            name: routes::filter::TOPIC,
            label: "Onderwerp",
            values: view.site.topics.iter().map(|t| t.name.as_str()).collect(),
        },
        FilterGroup {
            name: routes::filter::PROVINCE,
            label: "Provincie",
            values: provinces.to_vec(),
        },
    ];
    if !target_groups.is_empty() {
        groups.push(FilterGroup {
            name: routes::filter::TARGET_GROUP,
            label: "Doelgroep",
            values: target_groups.to_vec(),
        });
    }
    if view.site.municipalities.iter().any(|m| {
        m.completed
            .iter()
            .chain(&m.planned)
            .any(|e| e.notable.is_some())
    }) {
        groups.push(FilterGroup {
            name: routes::filter::NOTABLE,
            label: "Opvallend",
            values: vec![crate::search::NOTABLE_VALUE],
        });
    }
    groups
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
