//! The list of every output of the site (pages, data, feed, sitemap),
//! each with the template or function that makes it and what it depends
//! on, and the template values several outputs share.

use std::io;
use std::sync::OnceLock;

use minijinja::context;
use minijinja::value::{Serde, Value};

use super::views::SiteView;
use super::{Depends, map, progress};
use crate::export;
use crate::model::Site;
use crate::routes;

/// Template values several jobs use, converted once per render, by the
/// first job that needs them.
pub(super) struct Shared<'a> {
    pub(super) view: &'a SiteView<'a>,
    pub(super) municipalities: OnceLock<Value>,
    pub(super) topics: OnceLock<Value>,
    pub(super) map: OnceLock<Option<map::Base>>,
}

impl Shared<'_> {
    /// Every municipality as a table row; empty on a large site, whose
    /// overview pages show summaries instead.
    pub(super) fn municipalities(&self) -> Value {
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
    pub(super) fn overview_map(&self) -> Option<Value> {
        let base = self.map_base()?;
        Some(Value::from(Serde(&if self.view.globals.large {
            base.provinces(self.view)
        } else {
            base.municipalities(self.view.site)
        })))
    }

    /// The map of a topic's page.
    pub(super) fn topic_map(&self, topic: &crate::model::Topic) -> Option<Value> {
        let base = self.map_base()?;
        Some(Value::from(Serde(&if self.view.globals.large {
            base.topic_provinces(self.view, topic)
        } else {
            base.topic(self.view.site, topic)
        })))
    }

    pub(super) fn map_base(&self) -> Option<&map::Base> {
        self.map
            .get_or_init(|| map::Base::new(self.view.site))
            .as_ref()
    }

    /// Every topic with its counts.
    pub(super) fn topics(&self) -> Value {
        self.topics
            .get_or_init(|| Value::from(Serde(&self.view.topic_summaries())))
            .clone()
    }
}

pub(super) type MakeContext<'a> = Box<dyn Fn() -> Value + Send + Sync + 'a>;

pub(super) type MakeBytes<'a> = Box<dyn Fn() -> Vec<u8> + Send + Sync + 'a>;

pub(super) type MakeStream<'a> =
    Box<dyn Fn(&mut dyn io::Write) -> io::Result<()> + Send + Sync + 'a>;

pub(super) enum Make<'a> {
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
    pub(super) make: Make<'a>,
}

pub(super) fn page<'a>(
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

pub(super) fn bytes<'a>(
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

pub(super) fn stream<'a>(
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
pub(super) fn jobs<'a>(
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

/// A filter of the search page: the index's filter name, its label and the
/// values it can take (as indexed by `search`).
#[derive(serde::Serialize)]
pub(super) struct FilterGroup<'a> {
    name: &'static str,
    label: &'static str,
    values: Vec<&'a str>,
}

pub(super) fn search_filters<'a>(
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
