//! The on-disk format of every content file, exactly as an author writes it.
//!
//! These structs *are* the schema: `deny_unknown_fields` everywhere so a typo
//! in a key is an error, and `Spanned` on every value that a later check may
//! need to point at. Validation and the model live in the parent module.

use serde::Deserialize;
use toml::Spanned;
use toml::value::Datetime;

/// `content/site.toml`
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteFile {
    pub title: Spanned<String>,
    pub description: Spanned<String>,
    pub language: Spanned<String>,
    pub base_url: Spanned<String>,
    #[serde(default)]
    pub theme: Option<Spanned<String>>,
    /// The date the data describes.
    pub peildatum: Spanned<Datetime>,
    #[serde(default)]
    pub sources: Vec<SourceEntry>,
    /// The licence of the published data, e.g. "CC BY 4.0".
    #[serde(default)]
    pub license: Option<String>,
}

/// `[[sources]]` in `site.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceEntry {
    pub id: Spanned<String>,
    pub title: Spanned<String>,
    #[serde(default)]
    pub publisher: Option<String>,
    #[serde(default)]
    pub date: Option<String>,
    #[serde(default)]
    pub url: Option<Spanned<String>>,
}

/// `content/topics.toml`
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TopicsFile {
    #[serde(default)]
    pub topics: Vec<TopicEntry>,
}

/// `[[topics]]` in `topics.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TopicEntry {
    pub slug: Spanned<String>,
    pub name: Spanned<String>,
    pub description: Spanned<String>,
    #[serde(default)]
    pub synonyms: Vec<String>,
}

/// `content/municipalities/<slug>.toml`
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MunicipalityFile {
    pub name: Spanned<String>,
    pub province: Spanned<String>,
    #[serde(default)]
    pub sources: Vec<Spanned<String>>,
    #[serde(default)]
    pub target_groups: Vec<String>,
    #[serde(default)]
    pub regional_partners: Vec<String>,
    #[serde(default)]
    pub website: Option<Spanned<String>>,
    #[serde(default)]
    pub split_reconstructed: bool,
    #[serde(default)]
    pub notes: Option<String>,
    #[serde(default)]
    pub completed: Vec<EffortEntry>,
    #[serde(default)]
    pub planned: Vec<EffortEntry>,
}

/// `[[completed]]` or `[[planned]]` in a municipality file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EffortEntry {
    pub title: Spanned<String>,
    #[serde(default)]
    pub topics: Vec<Spanned<String>>,
    #[serde(default)]
    pub description: Option<String>,
}

/// The TOML front matter of `content/pages/<slug>.md`, between `+++` lines.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageFront {
    pub title: Spanned<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub weight: Option<i64>,
}
