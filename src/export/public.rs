//! The published shape of `data/gemeenten.json` and of the per-municipality
//! files: what a researcher reads, documented by a JSON Schema generated
//! from these types (`data/gemeenten.schema.json`), so the two cannot drift.
//!
//! It is not the model: nothing internal (source files, the theme, table
//! limits), dates as ISO strings, every key always present (`null` when a
//! value is not known), keys in a fixed order. A change here is a change of
//! a public format: add keys, never rename or drop them.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::model::{self, Municipality, Site, Status};

/// The open data of one comparison: its municipalities, what each did and
/// plans, the topics, the sources, and the date it describes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Dataset {
    /// The comparison's title.
    pub title: String,
    /// One sentence about it.
    pub description: String,
    /// The language of the texts, e.g. "nl".
    pub language: String,
    /// The address of the site that publishes it.
    pub url: String,
    /// The date the data describes (YYYY-MM-DD).
    #[schemars(extend("format" = "date"))]
    pub peildatum: String,
    /// The licence of the data, in words; null when none is given.
    pub license: Option<String>,
    /// The web address of the licence; null when none is given.
    pub license_url: Option<String>,
    /// What the municipalities' `code` is; null when the data has no codes.
    pub code: Option<CodeInfo>,
    /// The source documents; the first is the main one.
    pub sources: Vec<SourceInfo>,
    /// The topics efforts are tagged with.
    pub topics: Vec<TopicInfo>,
    /// Every municipality, sorted by name.
    pub municipalities: Vec<MunicipalityData>,
}

/// What municipality codes are.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CodeInfo {
    /// A regular expression every code matches as a whole.
    pub pattern: String,
    /// What the code is, in words; null when not given.
    pub description: Option<String>,
}

/// A source document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SourceInfo {
    /// Its short name, as in a municipality's `sources`.
    pub id: String,
    pub title: String,
    /// Who published it; null when not known.
    pub publisher: Option<String>,
    /// When, in words (e.g. "januari 2020"); null when not known.
    pub date: Option<String>,
    /// Where it can be read; null when not known.
    pub url: Option<String>,
}

/// A topic.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TopicInfo {
    /// Its short name, as in an effort's `topics`.
    pub slug: String,
    pub name: String,
    /// What counts as this topic.
    pub description: String,
    /// Other words for it.
    pub synonyms: Vec<String>,
}

/// One municipality: what it did and what it plans.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MunicipalityData {
    /// Its short name in the site's addresses, e.g. "den-haag".
    pub slug: String,
    /// Its official code (see the dataset's `code`); null when not known.
    pub code: Option<String>,
    pub name: String,
    pub province: String,
    /// Its page on the site.
    pub url: String,
    /// When its data was last brought up to date (YYYY-MM-DD); null when
    /// not since the peildatum.
    #[schemars(extend("format" = "date"))]
    pub updated: Option<String>,
    /// Its centre or town hall; null when not given.
    pub location: Option<Point>,
    /// Ids of the sources its data comes from.
    pub sources: Vec<String>,
    /// Whom its approach aims at; empty when the sources do not say.
    pub target_groups: Vec<String>,
    /// Municipalities it works with; empty when the sources name none.
    pub regional_partners: Vec<String>,
    /// Its own page on the subject; null when not known.
    pub website: Option<String>,
    /// True when the editors, not the source, split its efforts into
    /// completed and planned.
    pub split_reconstructed: bool,
    /// Remarks, in Markdown; null when there are none.
    pub notes: Option<String>,
    /// Efforts it completed, in the source's order.
    pub completed: Vec<EffortData>,
    /// Efforts it plans, in the source's order.
    pub planned: Vec<EffortData>,
    /// Earlier states of its approach, oldest first; empty when the site
    /// knows only the current one.
    pub history: Vec<StateData>,
}

/// An earlier state of a municipality's approach: what it had done and
/// planned on a date, according to one source.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StateData {
    /// The date the state describes (YYYY-MM-DD), before the dataset's
    /// peildatum.
    #[schemars(extend("format" = "date"))]
    pub peildatum: String,
    /// The id of its source.
    pub source: String,
    /// Efforts completed then; each `anchor` is its step in the
    /// municipality page's "Voortgang".
    pub completed: Vec<EffortData>,
    /// Efforts planned then.
    pub planned: Vec<EffortData>,
}

/// A point on the earth (WGS 84).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Point {
    /// Degrees north.
    #[schemars(range(min = -90.0, max = 90.0))]
    pub latitude: f64,
    /// Degrees east.
    #[schemars(range(min = -180.0, max = 180.0))]
    pub longitude: f64,
}

/// One effort of a municipality.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EffortData {
    /// Its fragment on the municipality's page (`url` + "#" + anchor).
    pub anchor: String,
    /// The effort in the source's words.
    pub title: String,
    /// Slugs of its topics.
    pub topics: Vec<String>,
    /// More about it, in Markdown; null when there is nothing more.
    pub description: Option<String>,
    /// Why a source singles it out, in the editors' words; null for the
    /// efforts no source highlights.
    pub notable: Option<String>,
    /// The editors' id that follows it across the states: efforts with the
    /// same id are one effort; null when it has none.
    pub id: Option<String>,
    /// Why the editors link it to the effort with the same id in an
    /// earlier state; null when they give no reason.
    pub link_note: Option<String>,
    /// Its own source, when not its state's (earlier states only); null
    /// otherwise.
    pub source: Option<String>,
}

/// The open data of `site`.
pub fn dataset(site: &Site) -> Dataset {
    let c = &site.config;
    Dataset {
        title: c.title.clone(),
        description: c.description.clone(),
        language: c.language.clone(),
        url: c.base_url.clone(),
        peildatum: c.peildatum.iso(),
        license: c.license.clone(),
        license_url: c.license_url.clone(),
        code: c.code.as_ref().map(|r| CodeInfo {
            pattern: r.pattern.clone(),
            description: r.description.clone(),
        }),
        sources: c
            .sources
            .iter()
            .map(|s| SourceInfo {
                id: s.id.clone(),
                title: s.title.clone(),
                publisher: s.publisher.clone(),
                date: s.date.clone(),
                url: s.url.clone(),
            })
            .collect(),
        topics: site
            .topics
            .iter()
            .map(|t| TopicInfo {
                slug: t.slug.clone(),
                name: t.name.clone(),
                description: t.description.clone(),
                synonyms: t.synonyms.clone(),
            })
            .collect(),
        municipalities: site
            .municipalities
            .iter()
            .map(|m| municipality(&c.base_url, m))
            .collect(),
    }
}

fn effort(e: &model::Effort, anchor: &str) -> EffortData {
    EffortData {
        anchor: anchor.to_string(),
        title: e.title.clone(),
        topics: e.topics.clone(),
        description: e.description.clone(),
        notable: e.notable.clone(),
        id: e.id.clone(),
        link_note: e.link_note.clone(),
        source: e.source.clone(),
    }
}

/// The earlier states of `m`, oldest first, each effort's anchor its step
/// in the page's "Voortgang".
fn history(m: &Municipality) -> Vec<StateData> {
    if m.history.is_empty() {
        return Vec::new();
    }
    // The dates are not needed: every earlier state is before the current.
    let tl = crate::timeline::timeline(
        m,
        model::Date {
            year: u16::MAX,
            month: 12,
            day: 31,
        },
    );
    let anchors: std::collections::HashMap<*const model::Effort, &str> = tl
        .threads
        .iter()
        .flat_map(|t| t.steps.iter())
        .filter(|s| s.mark != crate::timeline::Mark::NoLongerMentioned)
        .map(|s| (s.effort as *const model::Effort, s.anchor.as_str()))
        .collect();
    let anchor = |e: &model::Effort| -> String {
        anchors
            .get(&(e as *const model::Effort))
            .map_or_else(|| e.anchor.clone(), |a| a.to_string())
    };
    tl.points
        .iter()
        .filter(|p| !p.current)
        .map(|p| StateData {
            peildatum: p.peildatum.iso(),
            source: p.source.unwrap_or_default().to_string(),
            completed: p.completed.iter().map(|e| effort(e, &anchor(e))).collect(),
            planned: p.planned.iter().map(|e| effort(e, &anchor(e))).collect(),
        })
        .collect()
}

/// One municipality as published; `base_url` makes its page's address.
pub fn municipality(base_url: &str, m: &Municipality) -> MunicipalityData {
    let efforts = |status: Status| {
        m.efforts(status)
            .iter()
            .map(|e| effort(e, &e.anchor))
            .collect()
    };
    MunicipalityData {
        slug: m.slug.clone(),
        code: m.code.clone(),
        name: m.name.clone(),
        province: m.province.clone(),
        url: format!("{base_url}{}", crate::routes::municipality(&m.slug)),
        updated: m.updated.map(|d: model::Date| d.iso()),
        location: m.location.map(|l| Point {
            latitude: l.latitude,
            longitude: l.longitude,
        }),
        sources: m.sources.clone(),
        target_groups: m.target_groups.clone(),
        regional_partners: m.regional_partners.clone(),
        website: m.website.clone(),
        split_reconstructed: m.split_reconstructed,
        notes: m.notes.clone(),
        completed: efforts(Status::Completed),
        planned: efforts(Status::Planned),
        history: history(m),
    }
}

/// The JSON Schema of [`Dataset`], pretty-printed; `id` is its address.
pub fn schema(id: &str) -> String {
    let mut schema = schemars::schema_for!(Dataset);
    schema.insert("$id".into(), serde_json::Value::String(id.to_string()));
    // A schema is plain JSON data; serializing it cannot fail.
    let mut s = serde_json::to_string_pretty(&schema).unwrap_or_default();
    s.push('\n');
    s
}

/// Every field of the published JSON, as a dotted path
/// (`municipalities[].completed[].title`), with its description from the
/// schema: the data page lists them, and a test checks that it lists all.
pub fn fields() -> Vec<(String, String)> {
    let schema = serde_json::to_value(schemars::schema_for!(Dataset)).unwrap_or_default();
    let mut out = Vec::new();
    walk(&schema, &schema, "", &mut out);
    out
}

fn walk(
    root: &serde_json::Value,
    node: &serde_json::Value,
    prefix: &str,
    out: &mut Vec<(String, String)>,
) {
    let node = resolve(root, node);
    let Some(props) = node.get("properties").and_then(|p| p.as_object()) else {
        return;
    };
    for (key, value) in props {
        let path = if prefix.is_empty() {
            key.clone()
        } else {
            format!("{prefix}.{key}")
        };
        let description = value
            .get("description")
            .and_then(|d| d.as_str())
            .unwrap_or_default()
            .to_string();
        out.push((path.clone(), description));
        // Objects, arrays of objects and nullable objects.
        let inner = resolve(root, value);
        if let Some(items) = inner.get("items") {
            walk(root, items, &format!("{path}[]"), out);
        } else {
            walk(root, inner, &path, out);
            for alt in ["anyOf", "oneOf"] {
                for v in inner
                    .get(alt)
                    .and_then(|a| a.as_array())
                    .into_iter()
                    .flatten()
                {
                    walk(root, v, &path, out);
                }
            }
        }
    }
}

/// Follows a local `$ref` (`#/$defs/Name`).
fn resolve<'a>(root: &'a serde_json::Value, node: &'a serde_json::Value) -> &'a serde_json::Value {
    match node.get("$ref").and_then(|r| r.as_str()) {
        Some(r) => r
            .strip_prefix("#/")
            .map(|p| p.split('/').fold(root, |v, part| v.get(part).unwrap_or(v)))
            .unwrap_or(node),
        None => node,
    }
}
