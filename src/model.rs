//! The validated site: plain data with every cross-reference resolved.
//!
//! Loading produces a [`Site`]; everything after (pages, sitemap, search,
//! exports) reads only this. It knows nothing of files, spans or templates.
//! [`Index`] is built once, in a single pass over all efforts, so topic pages
//! and tables never rescan the municipalities.

use std::collections::BTreeMap;

use std::sync::Arc;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Site {
    pub config: SiteConfig,
    pub topics: Vec<Topic>,
    /// Sorted by name.
    /// Shared, so that the dev server keeps a municipality from one build
    /// to the next while its file stays the same.
    pub municipalities: Vec<Arc<Municipality>>,
    /// Sorted by weight, then title.
    pub pages: Vec<Page>,
    /// Words readers may not know, with what they mean; in file order.
    pub glossary: Vec<Term>,
    /// The target groups as a taxonomy, in file order; empty when the site
    /// keeps them as free text.
    pub target_groups: Vec<TargetGroup>,
    /// What loading found valid but probably not meant, with positions
    /// (see `content::warnings`); not part of the data.
    #[serde(skip)]
    pub warnings: crate::diagnostics::Diagnostics,
}

impl Site {
    /// A target group's name with the names of every broader group above
    /// it (`75-plussers`, `ouderen`): what filtering on a group matches.
    pub fn target_group_and_broader<'a>(&'a self, name: &'a str) -> Vec<&'a str> {
        let mut out = vec![name];
        let mut at = self.target_groups.iter().find(|g| g.name == name);
        while let Some(g) = at {
            let Some(b) = &g.broader else { break };
            at = self.target_groups.iter().find(|t| &t.slug == b);
            if let Some(t) = at {
                if out.contains(&t.name.as_str()) {
                    break;
                }
                out.push(&t.name);
            }
        }
        out
    }
}

/// A target group of the taxonomy.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct TargetGroup {
    pub slug: String,
    pub name: String,
    /// The slug of the broader group, if any.
    pub broader: Option<String>,
    pub synonyms: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct SiteConfig {
    pub title: String,
    pub description: String,
    pub language: String,
    /// Always ends with `/`.
    pub base_url: String,
    pub theme: String,
    pub peildatum: Date,
    pub sources: Vec<Source>,
    /// The licence of the published data (free text), for the data page.
    pub license: Option<String>,
    /// Where readers report mistakes, when there is no repository.
    pub contact: Option<String>,
    /// Prefix that makes an edit link from a path inside `content/`; ends
    /// with `/`.
    pub repository: Option<String>,
    /// Above this many municipalities, overview pages summarise per province.
    /// A matter of presentation, so not part of the data export.
    #[serde(skip, default = "default_table_limit")]
    pub table_limit: usize,
    /// Where the site explains a split between completed and planned that
    /// the editors made themselves: a path from the site root with a
    /// fragment (`over/#zelf-ingedeeld`), checked against the pages.
    pub reconstructed_info: Option<String>,
    /// Searches the search page offers as examples; empty: the first topics.
    pub search_examples: Vec<String>,
    /// The web address of the licence, for the dataset's metadata.
    pub license_url: Option<String>,
    /// Who publishes the data; the dataset's metadata falls back to the
    /// site's title.
    pub publisher: Option<String>,
    /// The names `province` may take, in the site's order; empty: any.
    pub provinces: Vec<String>,
    /// What municipality codes look like, when the site has them.
    pub code: Option<CodeRule>,
    /// The outline the map is drawn on, when the site has one.
    pub map: Option<MapOutline>,
}

/// `[code]` of site.toml, checked.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct CodeRule {
    /// The regular expression a whole code matches.
    pub pattern: String,
    /// What the code is, in words, for readers of the data.
    pub description: Option<String>,
}

/// A point on the earth in degrees (WGS 84), both finite and in range.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq)]
pub struct Location {
    pub latitude: f64,
    pub longitude: f64,
}

// Loading accepts finite numbers only, so equality is reflexive.
impl Eq for Location {}

/// The country outline of `[map]` in site.toml, read from its file.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct MapOutline {
    /// The file in content/ it was read from.
    pub file: String,
    /// Polygons, each an outer ring and its holes, each ring a list of
    /// `[longitude, latitude]` (GeoJSON order).
    pub polygons: Vec<Vec<Vec<[f64; 2]>>>,
    pub source: Option<String>,
    pub license: Option<String>,
    pub url: Option<String>,
}

// Loading accepts finite coordinates only.
impl Eq for MapOutline {}

impl MapOutline {
    /// West, south, east, north: the smallest box around every point.
    pub fn bounds(&self) -> [f64; 4] {
        let mut b = [
            f64::INFINITY,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NEG_INFINITY,
        ];
        for [x, y] in self.polygons.iter().flatten().flatten() {
            b = [b[0].min(*x), b[1].min(*y), b[2].max(*x), b[3].max(*y)];
        }
        b
    }

    /// Whether a point lies inside the outline (inside an outer ring and
    /// outside its holes; even-odd rule).
    pub fn contains(&self, longitude: f64, latitude: f64) -> bool {
        self.polygons.iter().any(|polygon| {
            let mut rings = polygon.iter();
            rings
                .next()
                .is_some_and(|outer| in_ring(outer, longitude, latitude))
                && !rings.any(|hole| in_ring(hole, longitude, latitude))
        })
    }
}

/// Ray casting: whether `(x, y)` is inside the closed ring.
fn in_ring(ring: &[[f64; 2]], x: f64, y: f64) -> bool {
    let mut inside = false;
    let n = ring.len();
    for i in 0..n {
        let [xi, yi] = ring[i];
        let [xj, yj] = ring[(i + n - 1) % n];
        if (yi > y) != (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi {
            inside = !inside;
        }
    }
    inside
}

fn default_table_limit() -> usize {
    TABLE_LIMIT
}

/// The default of `table_limit` in site.toml.
pub const TABLE_LIMIT: usize = 400;

impl SiteConfig {
    /// The path part of `base_url` (`/` or `/eenzaamheid/`), for pages such
    /// as 404.html that are served at any depth and cannot use relative links.
    pub fn base_path(&self) -> &str {
        let after_scheme = self
            .base_url
            .split_once("://")
            .map_or(self.base_url.as_str(), |(_, rest)| rest);
        after_scheme.find('/').map_or("/", |i| &after_scheme[i..])
    }
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

impl Date {
    /// A TOML date without a time or offset (`2020-01-15`); `None` for
    /// anything else.
    pub fn from_toml(value: &toml::value::Datetime) -> Option<Date> {
        match value {
            toml::value::Datetime {
                date: Some(d),
                time: None,
                offset: None,
            } => Some(Date {
                year: d.year,
                month: d.month,
                day: d.day,
            }),
            _ => None,
        }
    }

    /// `2020-01-15`
    pub fn iso(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    /// The date `days` days after 1970-01-01 (Howard Hinnant's algorithm).
    pub fn from_days(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        Date {
            year: u16::try_from(year).unwrap_or(0),
            month: month as u8,
            day: day as u8,
        }
    }

    /// The date `days` days after today in UTC, from the system clock.
    pub fn today_plus(days: i64) -> Date {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        Date::from_days(i64::try_from(secs / 86_400).unwrap_or(0) + days)
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Source {
    pub id: String,
    pub title: String,
    pub publisher: Option<String>,
    pub date: Option<String>,
    pub url: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Topic {
    pub slug: String,
    pub name: String,
    pub description: String,
    pub synonyms: Vec<String>,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Completed,
    Planned,
}

impl Status {
    /// The word readers see: `gedaan` or `gepland`.
    pub fn dutch(self) -> &'static str {
        match self {
            Status::Completed => "gedaan",
            Status::Planned => "gepland",
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Municipality {
    pub slug: String,
    /// The file it came from, relative to the content folder
    /// (`municipalities/delft.toml`), for edit links and warnings.
    pub source_file: String,
    /// When its file was last brought up to date.
    pub updated: Option<Date>,
    pub name: String,
    pub province: String,
    /// Ids into `SiteConfig::sources`; never empty (defaults to the first).
    pub sources: Vec<String>,
    pub target_groups: Vec<String>,
    pub regional_partners: Vec<String>,
    pub website: Option<String>,
    pub split_reconstructed: bool,
    /// Markdown.
    pub notes: Option<String>,
    pub completed: Vec<Effort>,
    pub planned: Vec<Effort>,
    /// Its official code (for the bundled site the CBS gemeentecode),
    /// matching the site's `code` rule; unique.
    pub code: Option<String>,
    /// Its centre or town hall, for the map.
    pub location: Option<Location>,
    /// Earlier states of its approach, in file order (`timeline` puts them
    /// in date order), all before the site's peildatum; the fields above
    /// are the current state.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub history: Vec<State>,
}

impl Municipality {
    pub fn efforts(&self, status: Status) -> &[Effort] {
        match status {
            Status::Completed => &self.completed,
            Status::Planned => &self.planned,
        }
    }
}

/// An earlier state of a municipality's approach: what it had done and
/// planned on a date, according to one source.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct State {
    pub peildatum: Date,
    /// An id of `SiteConfig::sources`.
    pub source: String,
    pub completed: Vec<Effort>,
    pub planned: Vec<Effort>,
}

impl State {
    pub fn efforts(&self, status: Status) -> &[Effort] {
        match status {
            Status::Completed => &self.completed,
            Status::Planned => &self.planned,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Effort {
    /// Fragment id on the municipality page, unique within it.
    pub anchor: String,
    pub title: String,
    /// Topic slugs, all known.
    pub topics: Vec<String>,
    /// Markdown.
    pub description: Option<String>,
    /// Why a source singles this effort out, in the editors' words; `None`
    /// for the many efforts no source highlights.
    pub notable: Option<String>,
    /// Follows the effort across the states of a municipality: efforts
    /// with the same id in different states are one effort.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Why the editors link it to the effort with the same id in an earlier
    /// state.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link_note: Option<String>,
    /// Its own source, when it is not its state's (earlier states only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// A word of the glossary: what it means, and the other forms in which it
/// is found in the text (plurals, inflections, synonyms).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Term {
    /// Its fragment id on the glossary page, unique.
    pub slug: String,
    pub term: String,
    /// Plain text, in the editors' own words.
    pub explanation: String,
    pub forms: Vec<String>,
    /// Where it is defined in `glossary.toml`, for warnings.
    pub defined_at: Option<crate::diagnostics::Location>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Page {
    pub slug: String,
    pub title: String,
    pub description: Option<String>,
    pub weight: i64,
    /// Markdown.
    pub body: String,
}

/// One effort, addressed by position in the model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EffortRef {
    pub municipality: usize,
    pub status: Status,
    pub effort: usize,
}

/// Lookups derived from the model in one pass.
#[derive(Debug, Default)]
pub struct Index {
    /// topic slug -> efforts tagged with it, in municipality order.
    pub by_topic: BTreeMap<String, Vec<EffortRef>>,
}

impl Index {
    pub fn build(site: &Site) -> Index {
        let mut by_topic: BTreeMap<String, Vec<EffortRef>> = site
            .topics
            .iter()
            .map(|t| (t.slug.clone(), Vec::new()))
            .collect();
        for (m, muni) in site.municipalities.iter().enumerate() {
            for status in [Status::Completed, Status::Planned] {
                for (e, effort) in muni.efforts(status).iter().enumerate() {
                    for topic in &effort.topics {
                        let r = EffortRef {
                            municipality: m,
                            status,
                            effort: e,
                        };
                        // Topics are known (checked on load): no key to make.
                        match by_topic.get_mut(topic.as_str()) {
                            Some(refs) => refs.push(r),
                            None => {
                                by_topic.insert(topic.clone(), vec![r]);
                            }
                        }
                    }
                }
            }
        }
        Index { by_topic }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(base_url: &str) -> SiteConfig {
        SiteConfig {
            title: String::new(),
            description: String::new(),
            language: "nl".into(),
            base_url: base_url.into(),
            theme: "default".into(),
            peildatum: Date {
                year: 2020,
                month: 1,
                day: 15,
            },
            sources: vec![],
            license: None,
            contact: None,
            repository: None,
            table_limit: TABLE_LIMIT,
            reconstructed_info: None,
            search_examples: Vec::new(),
            license_url: None,
            publisher: None,
            provinces: vec![],
            code: None,
            map: None,
        }
    }

    #[test]
    fn base_path_of_root_and_subpath() {
        assert_eq!(config("https://example.org/").base_path(), "/");
        assert_eq!(
            config("https://example.org/eenzaamheid/").base_path(),
            "/eenzaamheid/"
        );
    }
}
