//! What templates see: the model with URLs filled in and references resolved.
//!
//! URLs here are relative to the site root and end in `/` (`gemeenten/delft/`);
//! templates put `{{ root }}` in front, which makes every link relative to
//! the page and therefore correct under any subpath.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::model::{Date, EffortRef, Index, Municipality, Site, Source, Status, Topic};

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
    /// More municipalities than `table_limit` in site.toml: overview pages
    /// show a summary per province instead of every municipality.
    pub large: bool,
    /// The content pages, for menus and footers.
    pub pages: Vec<Link<'a>>,
    /// Where readers report mistakes (an e-mail address), if anywhere.
    pub contact: Option<&'a str>,
    /// Where the site explains a split the editors made themselves
    /// (`over/#zelf-ingedeeld`), for the marks of such splits.
    pub reconstructed_info: Option<&'a str>,
    /// The glossary page's address, when the site has a glossary.
    pub glossary_url: Option<&'static str>,
    /// Searches offered as examples on the search page.
    pub search_examples: Vec<&'a str>,
    /// The page across municipalities about progress ("Van plan naar
    /// uitvoering"), when some municipality has earlier states.
    pub progress_url: Option<&'static str>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Link<'a> {
    pub title: &'a str,
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
    /// Why a source singles it out, when one does.
    pub notable: Option<&'a str>,
    /// Glossary words in its title, once each: the title is a heading,
    /// where words are not linked, so the page lists them below it.
    pub terms: Vec<Link<'a>>,
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
    /// Its target groups with every broader group above them: what the
    /// target-group filter matches (`ouderen` finds `75-plussers`).
    pub target_group_filter: Vec<&'a str>,
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
}

/// A municipality as a row of the tables that list every municipality
/// (home, matrix, side by side): its view plus one cell per topic.
#[derive(Debug, Serialize)]
pub struct TableRow<'a> {
    #[serde(flatten)]
    pub municipality: MunicipalityView<'a>,
    /// One cell per topic of the site, in topic order.
    pub matrix: Vec<MatrixCell<'a>>,
}

/// Where a municipality stands on one topic.
#[derive(Debug, Serialize)]
pub struct MatrixCell<'a> {
    pub topic: &'a str,
    pub completed: bool,
    pub planned: bool,
    /// Titles and links of its efforts on this topic, completed first.
    pub efforts: Vec<Link<'a>>,
}

/// A municipality as listed on a topic page, with its efforts on that topic.
#[derive(Debug, Serialize)]
pub struct TopicEntry<'a> {
    pub name: &'a str,
    pub province: &'a str,
    pub url: String,
    /// Its split between completed and planned is the editors' reading.
    pub split_reconstructed: bool,
    pub efforts: Vec<Link<'a>>,
}

/// An effort a source singles out, with its municipality: the home page's
/// short list of notable efforts.
#[derive(Debug, Serialize)]
pub struct NotableEffort<'a> {
    pub municipality: &'a str,
    pub title: &'a str,
    pub status: Status,
    pub reason: &'a str,
    /// `gemeenten/delft/#inzet-…`
    pub url: String,
}

/// A word of the glossary as its page shows it.
#[derive(Debug, Serialize)]
pub struct TermView<'a> {
    pub slug: &'a str,
    pub term: &'a str,
    pub explanation: &'a str,
    pub forms: &'a [String],
}

/// A topic with its counts: what lists of topics show.
#[derive(Debug, Serialize)]
pub struct TopicSummary<'a> {
    pub slug: &'a str,
    pub name: &'a str,
    pub description: &'a str,
    pub synonyms: &'a [String],
    pub url: String,
    /// Municipalities with at least one effort on this topic, either status.
    pub municipality_count: usize,
    /// Municipalities with a completed effort on it.
    pub completed_count: usize,
    /// Municipalities with a planned effort on it.
    pub planned_count: usize,
}

/// What a topic is, without counts.
#[derive(Debug, Serialize)]
pub struct TopicInfo<'a> {
    pub slug: &'a str,
    pub name: &'a str,
    pub description: &'a str,
    pub url: String,
}

/// A topic's own page: its summary and who does what on it. On a large
/// site ([`Globals::large`]) the page lists provinces instead, each with a
/// page of its own ([`TopicInProvince`]); `completed` and `planned` are
/// then empty.
#[derive(Debug, Serialize)]
pub struct TopicView<'a> {
    #[serde(flatten)]
    pub summary: TopicSummary<'a>,
    pub completed: Vec<TopicEntry<'a>>,
    pub planned: Vec<TopicEntry<'a>>,
    /// Large sites only: every province, alphabetically, with its counts
    /// on this topic and its page.
    pub provinces: Vec<TopicProvince<'a>>,
}

/// A topic in one province: how many municipalities there did or plan
/// something on it, and the page that lists them.
#[derive(Debug, Clone, Serialize)]
pub struct TopicProvince<'a> {
    pub name: &'a str,
    /// `onderwerpen/<topic>/<province>/`
    pub url: String,
    pub municipality_count: usize,
    pub completed_count: usize,
    pub planned_count: usize,
}

/// The page of a topic in one province, on a large site (the variables of
/// `topic-province.html`): who there did or plans something on it. Nothing on it depends on other provinces (the
/// dev server renders it again only for changes in its province), so the
/// topic comes without its counts.
#[derive(Debug, Serialize)]
pub struct TopicInProvince<'a> {
    pub topic: TopicInfo<'a>,
    pub province: TopicProvince<'a>,
    pub completed: Vec<TopicEntry<'a>>,
    pub planned: Vec<TopicEntry<'a>>,
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
    /// Its part of URLs and ids, as in [`SiteView::provinces`].
    pub slug: String,
    pub municipalities: usize,
    /// Completed efforts, counted one by one.
    pub completed: usize,
    /// Planned efforts, counted one by one.
    pub planned: usize,
    pub topics: Vec<TopicCount>,
}

/// How many municipalities completed or plan something on one topic.
#[derive(Debug, Default, Clone, Serialize)]
pub struct TopicCount {
    pub completed: usize,
    pub planned: usize,
}

#[derive(Debug, Serialize)]
pub struct Province<'a> {
    pub name: &'a str,
    /// Its part of URLs and ids, as in [`SiteView::provinces`].
    pub slug: String,
    pub municipalities: Vec<Link<'a>>,
}

/// The model as templates see it. Views of single municipalities and
/// topics are made on demand, by the job that renders their page, so that
/// a build makes each once (on the core that renders it) and a rebuild of
/// one page makes only what that page shows.
pub struct SiteView<'a> {
    pub site: &'a Site,
    /// Built on first use: the pages of one municipality do not need it.
    index: std::sync::OnceLock<Index>,
    /// The glossary's matcher, built on first use; `None` without one.
    glossary: std::sync::OnceLock<Option<crate::glossary::Glossary>>,
    pub globals: Globals<'a>,
    pub pages: Vec<PageView<'a>>,
    /// Topic slug -> position in the site's topic list.
    topic_positions: BTreeMap<&'a str, usize>,
    /// Every province, alphabetically, as a municipality in it (its
    /// position in the model) and the province's part of URLs; built on
    /// first use. (Positions rather than names: a `&'a str` in a OnceLock
    /// would make `SiteView` invariant in `'a`.)
    provinces: std::sync::OnceLock<Vec<(usize, String)>>,
    /// Topic slug -> per province (in [`SiteView::provinces`] order) the
    /// topic's efforts there, in municipality order; built on first use.
    province_refs: std::sync::OnceLock<BTreeMap<String, Vec<Vec<EffortRef>>>>,
}

impl<'a> SiteView<'a> {
    pub fn new(site: &'a Site) -> SiteView<'a> {
        let topic_positions = site
            .topics
            .iter()
            .enumerate()
            .map(|(i, t)| (t.slug.as_str(), i))
            .collect();
        let pages: Vec<PageView> = site
            .pages
            .iter()
            .map(|p| PageView {
                slug: &p.slug,
                title: &p.title,
                description: p.description.as_deref(),
                url: crate::routes::page(&p.slug),
                body: &p.body,
            })
            .collect();
        let c = &site.config;
        SiteView {
            site,
            index: std::sync::OnceLock::new(),
            glossary: std::sync::OnceLock::new(),
            globals: Globals {
                title: &c.title,
                description: &c.description,
                language: &c.language,
                base_url: &c.base_url,
                peildatum: c.peildatum,
                peildatum_iso: c.peildatum.iso(),
                sources: &c.sources,
                municipality_count: site.municipalities.len(),
                large: site.municipalities.len() > c.table_limit,
                pages: pages
                    .iter()
                    .map(|p| Link {
                        title: p.title,
                        url: p.url.clone(),
                    })
                    .collect(),
                contact: c.contact.as_deref(),
                reconstructed_info: c.reconstructed_info.as_deref(),
                glossary_url: (!site.glossary.is_empty()).then_some(crate::routes::GLOSSARY),
                search_examples: if c.search_examples.is_empty() {
                    site.topics
                        .iter()
                        .take(3)
                        .map(|t| t.name.as_str())
                        .collect()
                } else {
                    c.search_examples.iter().map(String::as_str).collect()
                },
                progress_url: super::progress::has_history(site).then_some(crate::routes::PROGRESS),
            },
            pages,
            topic_positions,
            provinces: std::sync::OnceLock::new(),
            province_refs: std::sync::OnceLock::new(),
        }
    }

    pub(crate) fn topic_link(&self, slug: &'a str) -> TopicLink<'a> {
        let name = self
            .topic_positions
            .get(slug)
            .map_or(slug, |&i| self.site.topics[i].name.as_str());
        TopicLink {
            slug,
            name,
            url: crate::routes::topic(slug),
        }
    }

    /// The glossary words in `text`, once each, in order, as links to
    /// their entries.
    fn terms_in(&self, text: &str) -> Vec<Link<'a>> {
        let Some(g) = self
            .glossary
            .get_or_init(|| crate::glossary::Glossary::new(&self.site.glossary))
        else {
            return Vec::new();
        };
        let mut seen = Vec::new();
        for (_, _, i) in g.find(text) {
            if !seen.contains(&i) {
                seen.push(i);
            }
        }
        seen.into_iter()
            .map(|i| {
                let t = &self.site.glossary[i];
                Link {
                    title: &t.term,
                    url: format!("{}#{}", crate::routes::GLOSSARY, t.slug),
                }
            })
            .collect()
    }

    /// What a municipality's page (and a row of a table) shows of it.
    pub fn municipality(&self, m: &'a Municipality) -> MunicipalityView<'a> {
        let site = self.site;
        let efforts = |status: Status| {
            m.efforts(status)
                .iter()
                .map(|e| EffortView {
                    anchor: &e.anchor,
                    title: &e.title,
                    description: e.description.as_deref(),
                    notable: e.notable.as_deref(),
                    terms: self.terms_in(&e.title),
                    status,
                    topics: e.topics.iter().map(|t| self.topic_link(t)).collect(),
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
        let notes = m.notes.as_deref().map(str::trim);
        let notes_summary = notes.map(first_paragraph);
        let correction_url = match (&site.config.repository, &site.config.contact) {
            (Some(repo), _) => Some(format!("{repo}{}", m.source_file)),
            (None, Some(mail)) => Some(format!(
                "mailto:{mail}?subject={}",
                crate::text::percent_encode(&format!("Correctie: {}", m.name))
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
            url: crate::routes::municipality(&m.slug),
            target_groups: &m.target_groups,
            target_group_filter: self.target_group_filter(m),
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
        }
    }

    /// Every municipality as a table row, in model order. Only small sites
    /// (not [`Globals::large`]) list every municipality on one page.
    pub fn table_rows(&self) -> Vec<TableRow<'a>> {
        self.site
            .municipalities
            .iter()
            .map(|m| {
                let municipality = self.municipality(m);
                let matrix = self
                    .site
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
                                    title: &e.title,
                                    url: format!("{}#{}", municipality.url, e.anchor),
                                });
                            }
                        }
                        cell
                    })
                    .collect();
                TableRow {
                    municipality,
                    matrix,
                }
            })
            .collect()
    }

    /// The model's lookups, made once.
    pub fn index(&self) -> &Index {
        self.index.get_or_init(|| Index::build(self.site))
    }

    fn topic_refs(&self, slug: &str) -> &[EffortRef] {
        self.index()
            .by_topic
            .get(slug)
            .map_or(&[][..], Vec::as_slice)
    }

    fn topic_summary(&self, t: &'a Topic) -> TopicSummary<'a> {
        let refs = self.topic_refs(&t.slug);
        let distinct = |status| distinct_municipalities(refs, status);
        TopicSummary {
            slug: &t.slug,
            name: &t.name,
            description: &t.description,
            synonyms: &t.synonyms,
            url: crate::routes::topic(&t.slug),
            municipality_count: distinct(None),
            completed_count: distinct(Some(Status::Completed)),
            planned_count: distinct(Some(Status::Planned)),
        }
    }

    /// Every topic with its counts, in the site's topic order.
    pub fn topic_summaries(&self) -> Vec<TopicSummary<'a>> {
        self.site
            .topics
            .iter()
            .map(|t| self.topic_summary(t))
            .collect()
    }

    /// A topic's page: who completed and who plans something on it, or on
    /// a large site how many in each province.
    pub fn topic(&self, t: &'a Topic) -> TopicView<'a> {
        let refs = self.topic_refs(&t.slug);
        let (completed, planned, provinces) = if self.globals.large {
            (Vec::new(), Vec::new(), self.topic_provinces(t))
        } else {
            (
                entries(self.site, refs, Status::Completed),
                entries(self.site, refs, Status::Planned),
                Vec::new(),
            )
        };
        TopicView {
            summary: self.topic_summary(t),
            completed,
            planned,
            provinces,
        }
    }

    /// Every province of the site, alphabetically, with how many of its
    /// municipalities did or plan something on `t` (zero included: that
    /// nobody in a province does something is worth knowing too).
    pub fn topic_provinces(&self, t: &'a Topic) -> Vec<TopicProvince<'a>> {
        (0..self.provinces().count())
            .map(|i| self.topic_province(t, i))
            .collect()
    }

    /// Topic `t` in the `i`th of [`SiteView::provinces`].
    fn topic_province(&self, t: &'a Topic, i: usize) -> TopicProvince<'a> {
        let (name, slug) = self.provinces().nth(i).unwrap_or_default();
        let refs = self.province_refs(&t.slug, i);
        TopicProvince {
            name,
            url: crate::routes::topic_in_province(&t.slug, slug),
            municipality_count: distinct_municipalities(refs, None),
            completed_count: distinct_municipalities(refs, Some(Status::Completed)),
            planned_count: distinct_municipalities(refs, Some(Status::Planned)),
        }
    }

    /// The page of topic `t` in the `i`th of [`SiteView::provinces`].
    pub fn topic_in_province(&self, t: &'a Topic, i: usize) -> TopicInProvince<'a> {
        let refs = self.province_refs(&t.slug, i);
        TopicInProvince {
            topic: TopicInfo {
                slug: &t.slug,
                name: &t.name,
                description: &t.description,
                url: crate::routes::topic(&t.slug),
            },
            province: self.topic_province(t, i),
            completed: entries(self.site, refs, Status::Completed),
            planned: entries(self.site, refs, Status::Planned),
        }
    }

    /// The efforts on topic `topic` in the `i`th province, in municipality
    /// order: the index's refs split by province, in one pass for all
    /// topics, so no page scans the whole topic.
    fn province_refs(&self, topic: &str, i: usize) -> &[EffortRef] {
        let by_topic = self.province_refs.get_or_init(|| {
            let count = self.provinces().count();
            let position: BTreeMap<&str, usize> = self
                .provinces()
                .enumerate()
                .map(|(i, (name, _))| (name, i))
                .collect();
            let of_municipality: Vec<usize> = self
                .site
                .municipalities
                .iter()
                .map(|m| position.get(m.province.as_str()).copied().unwrap_or(0))
                .collect();
            self.index()
                .by_topic
                .iter()
                .map(|(slug, refs)| {
                    let mut split = vec![Vec::new(); count];
                    for r in refs {
                        split[of_municipality[r.municipality]].push(*r);
                    }
                    (slug.clone(), split)
                })
                .collect()
        });
        by_topic
            .get(topic)
            .and_then(|split| split.get(i))
            .map_or(&[][..], Vec::as_slice)
    }

    /// Every effort a source singles out, in municipality order, completed
    /// before planned.
    pub fn notable_efforts(&self) -> Vec<NotableEffort<'a>> {
        let mut out = Vec::new();
        for m in &self.site.municipalities {
            for status in [Status::Completed, Status::Planned] {
                for e in m.efforts(status) {
                    if let Some(reason) = &e.notable {
                        out.push(NotableEffort {
                            municipality: &m.name,
                            title: &e.title,
                            status,
                            reason,
                            url: format!("{}#{}", crate::routes::municipality(&m.slug), e.anchor),
                        });
                    }
                }
            }
        }
        out
    }

    /// The glossary, in file order.
    pub fn glossary(&self) -> Vec<TermView<'a>> {
        self.site
            .glossary
            .iter()
            .map(|t| TermView {
                slug: &t.slug,
                term: &t.term,
                explanation: &t.explanation,
                forms: &t.forms,
            })
            .collect()
    }

    /// A municipality's target groups and the broader groups above them.
    pub fn target_group_filter(&self, m: &'a Municipality) -> Vec<&'a str> {
        let mut out: Vec<&'a str> = Vec::new();
        for g in &m.target_groups {
            for name in self.site.target_group_and_broader(g) {
                if !out.contains(&name) {
                    out.push(name);
                }
            }
        }
        out
    }

    /// The target groups a reader can filter on: with a taxonomy, those
    /// used by a municipality or broader than one used, in the taxonomy's
    /// order; without one, every group named, sorted, once each.
    pub fn target_groups(&self) -> Vec<&'a str> {
        if !self.site.target_groups.is_empty() {
            let used: std::collections::BTreeSet<&str> = self
                .site
                .municipalities
                .iter()
                .flat_map(|m| self.target_group_filter(m))
                .collect();
            return self
                .site
                .target_groups
                .iter()
                .map(|g| g.name.as_str())
                .filter(|n| used.contains(n))
                .collect();
        }
        let mut v: Vec<&'a str> = self
            .site
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
        let topic_count = self.site.topics.len();
        let mut map: BTreeMap<&'a str, ProvinceSummary<'a>> = BTreeMap::new();
        let mut seen = vec![[false; 2]; topic_count];
        for m in &self.site.municipalities {
            let p = map
                .entry(m.province.as_str())
                .or_insert_with(|| ProvinceSummary {
                    name: &m.province,
                    slug: String::new(),
                    municipalities: 0,
                    completed: 0,
                    planned: 0,
                    topics: vec![TopicCount::default(); topic_count],
                });
            p.municipalities += 1;
            p.completed += m.completed.len();
            p.planned += m.planned.len();
            seen.iter_mut().for_each(|s| *s = [false; 2]);
            for (k, status) in [Status::Completed, Status::Planned].into_iter().enumerate() {
                for e in m.efforts(status) {
                    for t in &e.topics {
                        if let Some(&i) = self.topic_positions.get(t.as_str()) {
                            seen[i][k] = true;
                        }
                    }
                }
            }
            for (count, [completed, planned]) in p.topics.iter_mut().zip(&seen) {
                count.completed += usize::from(*completed);
                count.planned += usize::from(*planned);
            }
        }
        // Both in alphabetical order of the same names.
        map.into_values()
            .zip(self.provinces())
            .map(|(p, (_, slug))| ProvinceSummary {
                slug: slug.to_string(),
                ..p
            })
            .collect()
    }

    /// Municipalities grouped by province, provinces in alphabetical order.
    pub fn by_province(&self) -> Vec<Province<'a>> {
        let mut map: BTreeMap<&'a str, Vec<Link<'a>>> = BTreeMap::new();
        for m in &self.site.municipalities {
            map.entry(m.province.as_str()).or_default().push(Link {
                title: &m.name,
                url: crate::routes::municipality(&m.slug),
            });
        }
        // Both in alphabetical order of the same names.
        map.into_iter()
            .zip(self.provinces())
            .map(|((name, municipalities), (_, slug))| Province {
                name,
                slug: slug.to_string(),
                municipalities,
            })
            .collect()
    }

    /// Every province of the site, alphabetically, with its part of URLs:
    /// its slug, made unique (`-2`, `-3`) when two names give the same one.
    pub fn provinces(&self) -> impl Iterator<Item = (&'a str, &str)> {
        let site = self.site;
        self.provinces
            .get_or_init(|| {
                let mut first: BTreeMap<&str, usize> = BTreeMap::new();
                for (i, m) in site.municipalities.iter().enumerate() {
                    first.entry(m.province.as_str()).or_insert(i);
                }
                let mut taken = std::collections::BTreeSet::new();
                first
                    .into_iter()
                    .map(|(name, i)| {
                        let mut base = crate::text::slugify(name);
                        if base.is_empty() {
                            base = "provincie".into();
                        }
                        (i, crate::text::unique_slug(base, &mut taken))
                    })
                    .collect()
            })
            .iter()
            .map(move |(i, slug)| (site.municipalities[*i].province.as_str(), slug.as_str()))
    }
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

/// How many municipalities `refs` (in municipality order) name, with
/// `status` when given: a municipality's refs are consecutive, so count
/// changes of municipality.
fn distinct_municipalities(refs: &[EffortRef], status: Option<Status>) -> usize {
    let mut last = None;
    let mut n = 0;
    for r in refs.iter().filter(|r| status.is_none_or(|s| r.status == s)) {
        if last != Some(r.municipality) {
            n += 1;
            last = Some(r.municipality);
        }
    }
    n
}

/// Groups index entries of one status by municipality, keeping model order
/// (refs are already in municipality order: the index is built in one pass).
fn entries<'a>(site: &'a Site, refs: &[EffortRef], status: Status) -> Vec<TopicEntry<'a>> {
    let mut out: Vec<TopicEntry<'a>> = Vec::new();
    let mut last: Option<usize> = None;
    for r in refs.iter().filter(|r| r.status == status) {
        let m = &site.municipalities[r.municipality];
        let effort = &m.efforts(status)[r.effort];
        let url = crate::routes::municipality(&m.slug);
        let link = Link {
            title: &effort.title,
            url: format!("{url}#{}", effort.anchor),
        };
        match out.last_mut() {
            Some(entry) if last == Some(r.municipality) => entry.efforts.push(link),
            _ => out.push(TopicEntry {
                name: &m.name,
                province: &m.province,
                split_reconstructed: m.split_reconstructed,
                url,
                efforts: vec![link],
            }),
        }
        last = Some(r.municipality);
    }
    out
}
