//! From the model to the files of the site: HTML pages through the theme's
//! templates, plus static assets, open data, sitemap and robots.txt.
//!
//! [`views`] turns the model into what templates see (URLs, resolved topic
//! names, per-topic lists from the model's index); this module decides which
//! pages exist and at which paths, and renders each once.

pub mod markdown;
pub mod templates;
pub mod views;

use std::collections::BTreeMap;

use minijinja::value::{Serde, Value};
use minijinja::{Environment, context};

use crate::Error;
use crate::export;
use crate::model::{Index, Site};
use templates::Theme;
use views::SiteView;

/// The rendered site: output path (with `/` separators) -> bytes.
pub type Files = BTreeMap<String, Vec<u8>>;

/// A page to render: where it goes and with which template.
struct PageJob {
    /// Directory of the page relative to the root (`gemeenten/delft/`), or ``.
    dir: String,
    template: &'static str,
    context: Value,
}

/// Renders every page and asset of the site.
pub fn render(site: &Site, theme: &Theme) -> Result<Files, Error> {
    let env = templates::environment(theme);
    let index = Index::build(site);
    let view = SiteView::new(site, &index);
    let site_value = Value::from(Serde(&view.globals));

    let provinces: Vec<&str> = view.by_province().iter().map(|p| p.name).collect();
    let target_groups = view.target_groups();
    let mut jobs = vec![PageJob {
        dir: String::new(),
        template: "index.html",
        context: context! {
            municipalities => Serde(&view.municipalities),
            topics => Serde(&view.topics),
            provinces => Serde(&provinces),
            target_groups => Serde(&target_groups),
        },
    }];
    jobs.push(PageJob {
        dir: "matrix/".into(),
        template: "matrix.html",
        context: context! { municipalities => Serde(&view.municipalities), topics => Serde(&view.topics) },
    });
    jobs.push(PageJob {
        dir: "vergelijk/".into(),
        template: "compare.html",
        context: context! { municipalities => Serde(&view.municipalities), topics => Serde(&view.topics) },
    });
    let filters = search_filters(&view, &provinces, &target_groups);
    jobs.push(PageJob {
        dir: "zoeken/".into(),
        template: "search.html",
        context: context! { filters => Serde(&filters) },
    });
    let columns: Vec<(&str, &str)> = export::CSV_COLUMNS.to_vec();
    jobs.push(PageJob {
        dir: "data/".into(),
        template: "data.html",
        context: context! {
            columns => Serde(&columns),
            json_path => export::JSON_PATH,
            csv_path => export::CSV_PATH,
            license => site.config.license.clone(),
            effort_count => site.municipalities.iter().map(|m| m.completed.len() + m.planned.len()).sum::<usize>(),
            municipality_count => site.municipalities.len(),
        },
    });
    jobs.push(PageJob {
        dir: "gemeenten/".into(),
        template: "municipalities.html",
        context: context! { provinces => Serde(&view.by_province()) },
    });
    for m in &view.municipalities {
        jobs.push(PageJob {
            dir: m.url.clone(),
            template: "municipality.html",
            context: context! { municipality => Serde(m) },
        });
    }
    jobs.push(PageJob {
        dir: "onderwerpen/".into(),
        template: "topics.html",
        context: context! { topics => Serde(&view.topics) },
    });
    for t in &view.topics {
        jobs.push(PageJob {
            dir: t.url.clone(),
            template: "topic.html",
            context: context! { topic => Serde(t) },
        });
    }
    for p in &view.pages {
        jobs.push(PageJob {
            dir: p.url.clone(),
            template: "page.html",
            context: context! { page => Serde(p) },
        });
    }

    let mut files = templates::static_files(theme)?;
    let mut page_dirs = Vec::new();
    for job in jobs {
        let root = "../".repeat(job.dir.matches('/').count());
        let html = render_one(
            &env,
            job.template,
            &site_value,
            &job.dir,
            &root,
            job.context,
        )?;
        files.insert(format!("{}index.html", job.dir), html.into_bytes());
        page_dirs.push(job.dir);
    }
    // Served at any depth, so it links from the base path, not relatively.
    let html = render_one(
        &env,
        "404.html",
        &site_value,
        "404.html",
        site.config.base_path(),
        context! {},
    )?;
    files.insert("404.html".into(), html.into_bytes());

    files.insert(export::JSON_PATH.into(), export::json(site).into_bytes());
    files.insert(export::FEED_PATH.into(), export::atom(site).into_bytes());
    files.insert(export::CSV_PATH.into(), export::csv(site));
    files.insert(
        "sitemap.xml".into(),
        export::sitemap(&site.config, &page_dirs).into_bytes(),
    );
    files.insert(
        "robots.txt".into(),
        export::robots(&site.config).into_bytes(),
    );
    Ok(files)
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
            name: "status",
            label: "Status",
            values: vec!["gedaan", "gepland"],
        },
        FilterGroup {
            name: "onderwerp",
            label: "Onderwerp",
            values: view.topics.iter().map(|t| t.name).collect(),
        },
        FilterGroup {
            name: "provincie",
            label: "Provincie",
            values: provinces.to_vec(),
        },
    ];
    if !target_groups.is_empty() {
        groups.push(FilterGroup {
            name: "doelgroep",
            label: "Doelgroep",
            values: target_groups.to_vec(),
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
        .map_err(|e| Error::template(template, &e))?;
    let ctx = context! { site => site.clone(), root => root, path => path, ..page };
    let mut html = tmpl
        .render(ctx)
        .map_err(|e| Error::template(template, &e))?;
    if !html.ends_with('\n') {
        html.push('\n');
    }
    Ok(html)
}
