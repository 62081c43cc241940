//! The data of the Atom feed and the sitemap (the templates `feed.xml`
//! and `sitemap.xml` write them) and `robots.txt`.

use crate::model::{Site, SiteConfig};

/// The feed holds the most recently updated municipalities, this many: a
/// feed reader wants what changed, and at 10,000 municipalities a feed of
/// all would be megabytes fetched again on every poll (Zola and Hugo cap
/// their feeds the same way).
pub const FEED_LIMIT: usize = 50;

/// One entry of the feed.
#[derive(serde::Serialize)]
pub struct FeedEntry {
    pub title: String,
    /// Also its id: a municipality's page, or a state on it.
    pub url: String,
    /// RFC 3339, as Atom wants it.
    pub updated: String,
    pub summary: String,
    /// Ties are broken by name.
    #[serde(skip)]
    name: String,
    #[serde(skip)]
    date: crate::model::Date,
}

/// What the feed template (`feed.xml`) gets as `feed`.
#[derive(serde::Serialize)]
pub struct Feed {
    /// When the newest entry was updated (RFC 3339).
    pub updated: String,
    pub entries: Vec<FeedEntry>,
}

/// The entries of the Atom feed (RFC 4287; the template `feed.xml` writes
/// it) of the municipalities, most recently updated
/// first. A municipality without `updated` counts as updated on the
/// peildatum. A municipality with earlier states has an entry for each of
/// them too, dated by its peildatum, saying what changed since the one
/// before. Dates carry no time of day, so entries are stamped midnight
/// UTC; nothing depends on when the build ran.
pub fn feed(site: &Site) -> Feed {
    let base = &site.config.base_url;
    let stamp = |d: crate::model::Date| format!("{}T00:00:00Z", d.iso());
    let mut entries: Vec<FeedEntry> = Vec::with_capacity(site.municipalities.len());
    for m in &site.municipalities {
        let url = format!("{base}gemeenten/{}/", m.slug);
        let mut summary = format!(
            "{}: {} keer gedaan, {} keer gepland. Gedaan: {}. Gepland: {}.",
            m.province,
            m.completed.len(),
            m.planned.len(),
            list_or_dash(m.completed.iter().map(|e| e.title.as_str())),
            list_or_dash(m.planned.iter().map(|e| e.title.as_str())),
        );
        if !m.history.is_empty() {
            let tl = crate::timeline::timeline(m, site.config.peildatum);
            for (i, p) in tl.points.iter().enumerate().filter(|(_, p)| !p.current) {
                let source = p
                    .source
                    .and_then(|id| site.config.sources.iter().find(|s| s.id == id))
                    .map_or(String::new(), |s| format!(" Bron: {}.", s.title));
                entries.push(FeedEntry {
                    title: format!(
                        "{}: stand van {}",
                        m.name,
                        crate::render::templates::format_date_nl(p.peildatum)
                    ),
                    url: format!("{url}#{}", p.anchor()),
                    updated: stamp(p.peildatum),
                    date: p.peildatum,
                    summary: format!(
                        "{}.{source} {}",
                        m.province,
                        crate::render::progress::summary(&tl, i)
                    ),
                    name: m.name.clone(),
                });
            }
            let last = tl.points.len() - 1;
            summary.push_str(&format!(
                " Sinds {}: {}",
                crate::render::templates::format_date_nl(tl.points[last - 1].peildatum),
                crate::render::progress::summary(&tl, last)
            ));
        }
        entries.push(FeedEntry {
            title: m.name.clone(),
            url,
            updated: stamp(m.updated.unwrap_or(site.config.peildatum)),
            date: m.updated.unwrap_or(site.config.peildatum),
            summary,
            name: m.name.clone(),
        });
    }
    entries.sort_by(|a, b| {
        b.date
            .cmp(&a.date)
            .then_with(|| a.name.cmp(&b.name))
            .then_with(|| a.url.cmp(&b.url))
    });
    let newest = entries.first().map_or(site.config.peildatum, |e| e.date);
    entries.truncate(FEED_LIMIT);
    Feed {
        updated: stamp(newest),
        entries,
    }
}

fn list_or_dash<'a>(items: impl Iterator<Item = &'a str>) -> String {
    let v: Vec<&str> = items.collect();
    if v.is_empty() {
        "–".to_string()
    } else {
        v.join("; ")
    }
}

/// The addresses of the given page directories in the order of a sitemap
/// (sitemaps.org 0.9; the template `sitemap.xml` writes it).
pub fn sitemap_urls(config: &SiteConfig, page_dirs: &[String]) -> Vec<String> {
    let mut dirs: Vec<&String> = page_dirs.iter().collect();
    dirs.sort();
    dirs.into_iter()
        .map(|dir| format!("{}{dir}", config.base_url))
        .collect()
}

/// Allows everything and points crawlers at the sitemap.
pub fn robots(config: &SiteConfig) -> String {
    format!(
        "User-agent: *\nAllow: /\n\nSitemap: {}sitemap.xml\n",
        config.base_url
    )
}
