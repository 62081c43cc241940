//! What templates see: the model with URLs filled in and references resolved.
//!
//! URLs here are relative to the site root and end in `/` (`gemeenten/delft/`);
//! templates put `{{ root }}` in front, which makes every link relative to
//! the page and therefore correct under any subpath.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::model::{Date, EffortRef, Index, Site, Source, Status};

#[derive(Debug, Serialize)]
pub struct Globals<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub language: &'a str,
    pub base_url: &'a str,
    pub peildatum: Date,
    pub peildatum_iso: String,
    pub sources: &'a [Source],
    pub municipality_count: usize,
    /// The content pages, for menus and footers.
    pub pages: Vec<Link>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Link {
    pub title: String,
    pub url: String,
}

#[derive(Debug, Serialize)]
pub struct TopicLink<'a> {
    pub slug: &'a str,
    pub name: &'a str,
    pub url: String,
}

#[derive(Debug, Serialize)]
pub struct EffortView<'a> {
    pub anchor: &'a str,
    pub title: &'a str,
    pub description: Option<&'a str>,
    pub status: Status,
    pub topics: Vec<TopicLink<'a>>,
}

#[derive(Debug, Serialize)]
pub struct MunicipalityView<'a> {
    pub slug: &'a str,
    pub updated: Option<Date>,
    /// Where a reader reports a mistake: an edit link to the content file
    /// when the site names a repository, else a `mailto:` to its contact.
    pub correction_url: Option<String>,
    pub name: &'a str,
    pub province: &'a str,
    pub url: String,
    pub target_groups: &'a [String],
    pub regional_partners: &'a [String],
    pub website: Option<&'a str>,
    pub split_reconstructed: bool,
    pub notes: Option<&'a str>,
    /// The first paragraph of the notes, for tables; `notes_truncated` says
    /// whether there is more on the municipality's page.
    pub notes_summary: Option<&'a str>,
    pub notes_truncated: bool,
    pub sources: Vec<&'a Source>,
    pub completed: Vec<EffortView<'a>>,
    pub planned: Vec<EffortView<'a>>,
    /// Slugs of the topics of its completed efforts, sorted, once each.
    pub topics_completed: Vec<&'a str>,
    /// Slugs of the topics of its planned efforts, sorted, once each.
    pub topics_planned: Vec<&'a str>,
    /// One cell per topic of the site, in topic order, for matrix views.
    pub matrix: Vec<MatrixCell<'a>>,
}

/// Where a municipality stands on one topic.
#[derive(Debug, Serialize)]
pub struct MatrixCell<'a> {
    pub topic: &'a str,
    pub completed: bool,
    pub planned: bool,
    /// Titles and links of its efforts on this topic, completed first.
    pub efforts: Vec<Link>,
}

/// A municipality as listed on a topic page, with its efforts on that topic.
#[derive(Debug, Serialize)]
pub struct TopicEntry<'a> {
    pub name: &'a str,
    pub province: &'a str,
    pub url: String,
    pub efforts: Vec<Link>,
}

#[derive(Debug, Serialize)]
pub struct TopicView<'a> {
    pub slug: &'a str,
    pub name: &'a str,
    pub description: &'a str,
    pub synonyms: &'a [String],
    pub url: String,
    pub completed: Vec<TopicEntry<'a>>,
    pub planned: Vec<TopicEntry<'a>>,
    /// Municipalities with at least one effort on this topic, either status.
    pub municipality_count: usize,
    /// Municipalities with a completed effort on it (`completed.len()`).
    pub completed_count: usize,
    /// Municipalities with a planned effort on it (`planned.len()`).
    pub planned_count: usize,
}

#[derive(Debug, Serialize)]
pub struct PageView<'a> {
    pub slug: &'a str,
    pub title: &'a str,
    pub description: Option<&'a str>,
    pub url: String,
    pub body: &'a str,
}

/// A province's totals; `topics` follows the site's topic order.
#[derive(Debug, Serialize)]
pub struct ProvinceSummary<'a> {
    pub name: &'a str,
    pub municipalities: usize,
    /// Completed efforts, counted one by one.
    pub completed: usize,
    /// Planned efforts, counted one by one.
    pub planned: usize,
    pub topics: Vec<TopicCount>,
}

/// How many municipalities completed or plan something on one topic.
#[derive(Debug, Default, Serialize)]
pub struct TopicCount {
    pub completed: usize,
    pub planned: usize,
}

#[derive(Debug, Serialize)]
pub struct Province<'a> {
    pub name: &'a str,
    pub municipalities: Vec<Link>,
}

pub struct SiteView<'a> {
    pub globals: Globals<'a>,
    pub municipalities: Vec<MunicipalityView<'a>>,
    pub topics: Vec<TopicView<'a>>,
    pub pages: Vec<PageView<'a>>,
}

pub fn municipality_url(slug: &str) -> String {
    format!("gemeenten/{slug}/")
}

pub fn topic_url(slug: &str) -> String {
    format!("onderwerpen/{slug}/")
}

impl<'a> SiteView<'a> {
    pub fn new(site: &'a Site, index: &Index) -> SiteView<'a> {
        let topic_names: BTreeMap<&str, &str> = site
            .topics
            .iter()
            .map(|t| (t.slug.as_str(), t.name.as_str()))
            .collect();
        let topic_link = |slug: &'a str| TopicLink {
            slug,
            name: topic_names.get(slug).copied().unwrap_or(slug),
            url: topic_url(slug),
        };

        let municipalities = site
            .municipalities
            .iter()
            .map(|m| {
                let efforts = |status: Status| {
                    m.efforts(status)
                        .iter()
                        .map(|e| EffortView {
                            anchor: &e.anchor,
                            title: &e.title,
                            description: e.description.as_deref(),
                            status,
                            topics: e.topics.iter().map(|t| topic_link(t)).collect(),
                        })
                        .collect()
                };
                let topic_set = |status: Status| {
                    let mut v: Vec<&'a str> = m
                        .efforts(status)
                        .iter()
                        .flat_map(|e| e.topics.iter().map(String::as_str))
                        .collect();
                    v.sort_unstable();
                    v.dedup();
                    v
                };
                let url = municipality_url(&m.slug);
                let matrix = site
                    .topics
                    .iter()
                    .map(|t| {
                        let mut cell = MatrixCell {
                            topic: &t.slug,
                            completed: false,
                            planned: false,
                            efforts: Vec::new(),
                        };
                        for status in [Status::Completed, Status::Planned] {
                            for e in m
                                .efforts(status)
                                .iter()
                                .filter(|e| e.topics.contains(&t.slug))
                            {
                                match status {
                                    Status::Completed => cell.completed = true,
                                    Status::Planned => cell.planned = true,
                                }
                                cell.efforts.push(Link {
                                    title: e.title.clone(),
                                    url: format!("{url}#{}", e.anchor),
                                });
                            }
                        }
                        cell
                    })
                    .collect();
                let notes = m.notes.as_deref().map(str::trim);
                let notes_summary = notes.map(first_paragraph);
                let correction_url = match (&site.config.repository, &site.config.contact) {
                    (Some(repo), _) => Some(format!("{repo}{}", m.source_file)),
                    (None, Some(mail)) => Some(format!(
                        "mailto:{mail}?subject={}",
                        percent_encode(&format!("Correctie: {}", m.name))
                    )),
                    (None, None) => None,
                };
                MunicipalityView {
                    updated: m.updated,
                    correction_url,
                    notes_truncated: notes.map(str::len) != notes_summary.map(str::len),
                    notes_summary,
                    slug: &m.slug,
                    name: &m.name,
                    province: &m.province,
                    url: municipality_url(&m.slug),
                    target_groups: &m.target_groups,
                    regional_partners: &m.regional_partners,
                    website: m.website.as_deref(),
                    split_reconstructed: m.split_reconstructed,
                    notes,
                    sources: m
                        .sources
                        .iter()
                        .filter_map(|id| site.config.sources.iter().find(|s| s.id == *id))
                        .collect(),
                    completed: efforts(Status::Completed),
                    planned: efforts(Status::Planned),
                    topics_completed: topic_set(Status::Completed),
                    topics_planned: topic_set(Status::Planned),
                    matrix,
                }
            })
            .collect();

        let topics = site
            .topics
            .iter()
            .map(|t| {
                let refs = index.by_topic.get(&t.slug).map_or(&[][..], Vec::as_slice);
                let completed = entries(site, refs, Status::Completed);
                let planned = entries(site, refs, Status::Planned);
                let mut all: Vec<usize> = refs.iter().map(|r| r.municipality).collect();
                all.dedup();
                TopicView {
                    completed_count: completed.len(),
                    planned_count: planned.len(),
                    slug: &t.slug,
                    name: &t.name,
                    description: &t.description,
                    synonyms: &t.synonyms,
                    url: topic_url(&t.slug),
                    completed,
                    planned,
                    municipality_count: all.len(),
                }
            })
            .collect();

        let pages: Vec<PageView> = site
            .pages
            .iter()
            .map(|p| PageView {
                slug: &p.slug,
                title: &p.title,
                description: p.description.as_deref(),
                url: format!("{}/", p.slug),
                body: &p.body,
            })
            .collect();

        let c = &site.config;
        SiteView {
            globals: Globals {
                title: &c.title,
                description: &c.description,
                language: &c.language,
                base_url: &c.base_url,
                peildatum: c.peildatum,
                peildatum_iso: c.peildatum.iso(),
                sources: &c.sources,
                municipality_count: site.municipalities.len(),
                pages: pages
                    .iter()
                    .map(|p| Link {
                        title: p.title.to_string(),
                        url: p.url.clone(),
                    })
                    .collect(),
            },
            municipalities,
            topics,
            pages,
        }
    }

    /// Every target group named by any municipality, sorted, once each.
    pub fn target_groups(&self) -> Vec<&'a str> {
        let mut v: Vec<&'a str> = self
            .municipalities
            .iter()
            .flat_map(|m| m.target_groups.iter().map(String::as_str))
            .collect();
        v.sort_unstable();
        v.dedup();
        v
    }

    /// Counts per province, provinces in alphabetical order: what the home
    /// page and the matrix show when a site is too large to list everyone.
    pub fn province_summary(&self) -> Vec<ProvinceSummary<'a>> {
        let mut map: BTreeMap<&'a str, ProvinceSummary<'a>> = BTreeMap::new();
        for m in &self.municipalities {
            let p = map.entry(m.province).or_insert_with(|| ProvinceSummary {
                name: m.province,
                municipalities: 0,
                completed: 0,
                planned: 0,
                topics: m.matrix.iter().map(|_| TopicCount::default()).collect(),
            });
            p.municipalities += 1;
            p.completed += m.completed.len();
            p.planned += m.planned.len();
            for (count, cell) in p.topics.iter_mut().zip(&m.matrix) {
                count.completed += usize::from(cell.completed);
                count.planned += usize::from(cell.planned);
            }
        }
        map.into_values().collect()
    }

    /// Municipalities grouped by province, provinces in alphabetical order.
    pub fn by_province(&self) -> Vec<Province<'a>> {
        let mut map: BTreeMap<&'a str, Vec<Link>> = BTreeMap::new();
        for m in &self.municipalities {
            map.entry(m.province).or_default().push(Link {
                title: m.name.to_string(),
                url: m.url.clone(),
            });
        }
        map.into_iter()
            .map(|(name, municipalities)| Province {
                name,
                municipalities,
            })
            .collect()
    }
}

/// Percent-encodes everything but unreserved characters (RFC 3986).
fn percent_encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Markdown up to the first blank line.
fn first_paragraph(markdown: &str) -> &str {
    let mut end = 0;
    for line in markdown.split_inclusive('\n') {
        if line.trim().is_empty() {
            break;
        }
        end += line.len();
    }
    markdown[..end].trim_end()
}

/// Groups index entries of one status by municipality, keeping model order
/// (refs are already in municipality order: the index is built in one pass).
fn entries<'a>(site: &'a Site, refs: &[EffortRef], status: Status) -> Vec<TopicEntry<'a>> {
    let mut out: Vec<TopicEntry<'a>> = Vec::new();
    let mut last: Option<usize> = None;
    for r in refs.iter().filter(|r| r.status == status) {
        let m = &site.municipalities[r.municipality];
        let effort = &m.efforts(status)[r.effort];
        let url = municipality_url(&m.slug);
        let link = Link {
            title: effort.title.clone(),
            url: format!("{url}#{}", effort.anchor),
        };
        match out.last_mut() {
            Some(entry) if last == Some(r.municipality) => entry.efforts.push(link),
            _ => out.push(TopicEntry {
                name: &m.name,
                province: &m.province,
                url,
                efforts: vec![link],
            }),
        }
        last = Some(r.municipality);
    }
    out
}
