//! The on-disk format of every content file, exactly as an author writes it.
//!
//! These structs *are* the schema: `deny_unknown_fields` everywhere so a typo
//! in a key is an error, `Spanned` on every value that a later check may need
//! to point at, and the JSON Schema that editors use (`vergelijk schema`) is
//! derived from them, doc comments included, so it cannot drift. Validation
//! and the model live in the parent module.

use schemars::JsonSchema;
use serde::Deserialize;
use toml::Spanned;
use toml::value::Datetime;

use crate::text::Text;

/// The site as a whole: `content/site.toml`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SiteFile {
    /// The site's name, in the header and every page title.
    #[schemars(with = "String")]
    pub title: Spanned<Text>,
    /// One sentence about the site, for the home page and search engines.
    #[schemars(with = "String")]
    pub description: Spanned<Text>,
    /// The language of the pages, e.g. "nl".
    #[schemars(with = "String")]
    pub language: Spanned<String>,
    /// Where the site is hosted, e.g. "https://example.org/eenzaamheid/".
    #[schemars(with = "String", extend("format" = "uri"))]
    pub base_url: Spanned<String>,
    /// A folder in themes/; default "default".
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub theme: Option<Spanned<String>>,
    /// The date the data describes, e.g. 2020-01-15 (a TOML date, no quotes).
    #[schemars(with = "String", extend("format" = "date"))]
    pub peildatum: Spanned<Datetime>,
    /// The source documents; the first is the main one.
    #[serde(default)]
    pub sources: Vec<SourceEntry>,
    /// The licence of the published data, e.g. "CC BY 4.0".
    #[serde(default)]
    pub license: Option<Text>,
    /// Where readers report mistakes when there is no repository: an e-mail
    /// address of the organisation (not of a person).
    #[serde(default)]
    #[schemars(with = "Option<String>", extend("format" = "email"))]
    pub contact: Option<Spanned<Text>>,
    /// The web address that edits a file of content/ when the file's path is
    /// appended, e.g. "https://github.com/org/site/edit/main/content/".
    #[serde(default)]
    #[schemars(with = "Option<String>", extend("format" = "uri"))]
    pub repository: Option<Spanned<String>>,
    /// Up to this many municipalities, the home page, the matrix and the
    /// side-by-side page list every municipality; above it they show a
    /// summary per province and let search and filters do the rest.
    /// Default 400.
    #[serde(default)]
    pub table_limit: Option<usize>,
    /// The page and heading that explain a split between completed and
    /// planned made by the editors (`split_reconstructed`), as
    /// "page#heading-id", e.g. "over#zelf-ingedeeld"; every mark of such a
    /// split links there.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub reconstructed_info: Option<Spanned<String>>,
    /// Searches the search page offers as examples (links), e.g.
    /// ["training", "campagne"]; at most six. Default: the first three
    /// topic names.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub search_examples: Vec<Spanned<String>>,
    /// The web address of the licence, e.g.
    /// "https://creativecommons.org/licenses/by/4.0/deed.nl", for the
    /// dataset's metadata (DCAT) that open-data portals harvest.
    #[serde(default)]
    #[schemars(with = "Option<String>", extend("format" = "uri"))]
    pub license_url: Option<Spanned<String>>,
    /// Who publishes the data (an organisation), for the dataset's
    /// metadata; default: the site's title.
    #[serde(default)]
    pub publisher: Option<Text>,
    /// The regions municipalities may name as `province`, e.g. ["Drenthe",
    /// "Flevoland"]; when given, any other name is an error. Default: any.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub provinces: Vec<Spanned<String>>,
    /// What a municipality's `code` must look like.
    #[serde(default)]
    pub code: Option<CodeEntry>,
    /// The map of the municipalities: a country outline in content/.
    #[serde(default)]
    pub map: Option<MapEntry>,
}

/// `[code]` in site.toml: the pattern of municipality codes, such as the
/// national statistics office's (CBS) "GM" and four digits.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CodeEntry {
    /// A regular expression the whole code must match, e.g. "GM[0-9]{4}".
    #[schemars(with = "String")]
    pub pattern: Spanned<String>,
    /// What the code is, for readers of the data, e.g. "De gemeentecode
    /// van het CBS".
    #[serde(default)]
    pub description: Option<Text>,
}

/// `[map]` in site.toml: the outline the map of municipalities is drawn on.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MapEntry {
    /// A GeoJSON file in content/ (a Polygon or MultiPolygon, or a Feature
    /// or FeatureCollection of them), longitude and latitude in degrees,
    /// e.g. "kaart/nederland.geojson".
    #[schemars(with = "String")]
    pub outline: Spanned<String>,
    /// Where the outline comes from, named on the data page.
    #[serde(default)]
    pub source: Option<Text>,
    /// The outline's licence, named on the data page.
    #[serde(default)]
    pub license: Option<Text>,
    /// Where the outline's source can be found.
    #[serde(default)]
    #[schemars(with = "Option<String>", extend("format" = "uri"))]
    pub url: Option<Spanned<String>>,
}

/// A source document, `[[sources]]` in site.toml.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SourceEntry {
    /// A short lowercase name that municipality files refer to.
    #[schemars(with = "String", regex(pattern = r"^[a-z0-9]+(-[a-z0-9]+)*$"))]
    pub id: Spanned<String>,
    /// The document's title.
    #[schemars(with = "String")]
    pub title: Spanned<Text>,
    /// Who published it (an organisation).
    #[serde(default)]
    pub publisher: Option<Text>,
    /// When, in words: "januari 2020".
    #[serde(default)]
    pub date: Option<Text>,
    /// Where it can be read.
    #[serde(default)]
    #[schemars(with = "Option<String>", extend("format" = "uri"))]
    pub url: Option<Spanned<String>>,
}

/// The topics efforts are tagged with: `content/topics.toml`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TopicsFile {
    /// One table per topic.
    #[serde(default)]
    pub topics: Vec<TopicEntry>,
}

/// A topic, `[[topics]]` in topics.toml.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TopicEntry {
    /// A short lowercase name: the address /onderwerpen/<slug>/ and what efforts refer to.
    #[schemars(with = "String", regex(pattern = r"^[a-z0-9]+(-[a-z0-9]+)*$"))]
    pub slug: Spanned<String>,
    /// The name readers see.
    #[schemars(with = "String")]
    pub name: Spanned<Text>,
    /// One line: what counts as this topic.
    #[schemars(with = "String")]
    pub description: Spanned<Text>,
    /// Other words readers may search for, such as the parts of a compound.
    #[serde(default)]
    pub synonyms: Vec<Text>,
}

/// One municipality: `content/municipalities/<slug>.toml`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MunicipalityFile {
    /// The municipality's name, unique across files.
    #[schemars(with = "String")]
    pub name: Spanned<Text>,
    /// Its province.
    #[schemars(with = "String")]
    pub province: Spanned<Text>,
    /// When this file was last brought up to date, e.g. 2026-11-23 (a TOML date).
    #[serde(default)]
    #[schemars(with = "Option<String>", extend("format" = "date"))]
    pub updated: Option<Spanned<Datetime>>,
    /// Ids of the [[sources]] in site.toml this file draws on; default: the first.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub sources: Vec<Spanned<String>>,
    /// Whom the approach aims at, e.g. ["75-plussers"]: slugs from
    /// target_groups.toml when the site has one, else free text.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub target_groups: Vec<Spanned<Text>>,
    /// Municipalities it works with, e.g. ["Soest"].
    #[serde(default)]
    pub regional_partners: Vec<Text>,
    /// The municipality's own website: its home page (https://…), not a
    /// guessed page deep inside it.
    #[serde(default)]
    #[schemars(with = "Option<String>", extend("format" = "uri"))]
    pub website: Option<Spanned<String>>,
    /// true when the editors, not the source, split completed from planned.
    #[serde(default)]
    pub split_reconstructed: bool,
    /// Remarks (Markdown); the first paragraph is shown in the overview table.
    #[serde(default)]
    pub notes: Option<Text>,
    /// Efforts that were done ("Gedaan").
    #[serde(default)]
    pub completed: Vec<EffortEntry>,
    /// Efforts that are planned ("Gepland").
    #[serde(default)]
    pub planned: Vec<EffortEntry>,
    /// The municipality's official code, e.g. "GM0503" (the CBS
    /// gemeentecode), matching `[code] pattern` in site.toml; unique.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub code: Option<Spanned<String>>,
    /// Where its centre or town hall is, in degrees, e.g.
    /// { latitude = 52.012, longitude = 4.359 }; places it on the map.
    #[serde(default)]
    #[schemars(with = "Option<LocationEntry>")]
    pub location: Option<Spanned<LocationEntry>>,
    /// Earlier states of the approach, each with its own peildatum, source
    /// and efforts; the keys above are the current state.
    #[serde(default)]
    pub history: Vec<HistoryEntry>,
}

/// `location = { latitude = …, longitude = … }` in a municipality file.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LocationEntry {
    /// Degrees north of the equator (negative: south), -90 to 90.
    #[schemars(range(min = -90.0, max = 90.0))]
    pub latitude: f64,
    /// Degrees east of Greenwich (negative: west), -180 to 180.
    #[schemars(range(min = -180.0, max = 180.0))]
    pub longitude: f64,
}

/// An effort, `[[completed]]` or `[[planned]]` in a municipality file.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EffortEntry {
    /// The effort in the source's own words.
    #[schemars(with = "String")]
    pub title: Spanned<Text>,
    /// One to three topic slugs from topics.toml.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub topics: Vec<Spanned<String>>,
    /// More about the effort (Markdown).
    #[serde(default)]
    pub description: Option<Text>,
    /// Only for an effort a source singles out: why it is worth knowing, in
    /// your own words (one or two sentences). Shown as "Opvallend".
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub notable: Option<Spanned<Text>>,
    /// A short lowercase name that follows this effort across the states of
    /// [[history]]: efforts with the same id are one effort (or its
    /// continuation, where the editors judge it so).
    #[serde(default)]
    #[schemars(with = "Option<String>", regex(pattern = r"^[a-z0-9]+(-[a-z0-9]+)*$"))]
    pub id: Option<Spanned<String>>,
    /// Why the editors link this effort to the one with the same id in an
    /// earlier state (one sentence, in your own words).
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub link_note: Option<Spanned<Text>>,
}

/// An earlier state of a municipality's approach, `[[history]]` in a
/// municipality file.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HistoryEntry {
    /// The date this state describes, e.g. 2019-04-09 (a TOML date, before
    /// the site's peildatum).
    #[schemars(with = "String", extend("format" = "date"))]
    pub peildatum: Spanned<Datetime>,
    /// The id of the [[sources]] in site.toml this state comes from.
    #[schemars(with = "String")]
    pub source: Spanned<String>,
    /// Efforts that were done then ("Gedaan").
    #[serde(default)]
    pub completed: Vec<HistoryEffortEntry>,
    /// Efforts that were planned then ("Gepland").
    #[serde(default)]
    pub planned: Vec<HistoryEffortEntry>,
}

/// An effort of an earlier state, `[[history.completed]]` or
/// `[[history.planned]]`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HistoryEffortEntry {
    /// The effort in the source's own words.
    #[schemars(with = "String")]
    pub title: Spanned<Text>,
    /// One to three topic slugs from topics.toml.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub topics: Vec<Spanned<String>>,
    /// More about the effort (Markdown).
    #[serde(default)]
    pub description: Option<Text>,
    /// Follows this effort across states: the same id as the effort it was
    /// or became in another state.
    #[serde(default)]
    #[schemars(with = "Option<String>", regex(pattern = r"^[a-z0-9]+(-[a-z0-9]+)*$"))]
    pub id: Option<Spanned<String>>,
    /// Why the editors link this effort to the one with the same id in an
    /// earlier state.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub link_note: Option<Spanned<Text>>,
    /// The id of the [[sources]] this effort comes from, when it is not the
    /// state's own source.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub source: Option<Spanned<String>>,
}

/// The target groups: `content/target_groups.toml` (optional).
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TargetGroupsFile {
    /// One table per target group.
    #[serde(default)]
    pub target_groups: Vec<TargetGroupEntry>,
}

/// A target group, `[[target_groups]]` in target_groups.toml.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TargetGroupEntry {
    /// A short lowercase name that municipality files refer to, e.g. "75-plussers".
    #[schemars(with = "String", regex(pattern = r"^[a-z0-9]+(-[a-z0-9]+)*$"))]
    pub slug: Spanned<String>,
    /// The name readers see, e.g. "75-plussers".
    #[schemars(with = "String")]
    pub name: Spanned<Text>,
    /// The slug of a broader group this one belongs to, e.g. "ouderen":
    /// filtering on the broader group finds this one too.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub broader: Option<Spanned<String>>,
    /// Other words readers may search for.
    #[serde(default)]
    pub synonyms: Vec<Text>,
}

/// Words readers may not know: `content/glossary.toml` (optional).
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GlossaryFile {
    /// One table per word.
    #[serde(default)]
    pub terms: Vec<TermEntry>,
}

/// A word of the glossary, `[[terms]]` in glossary.toml.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TermEntry {
    /// The word as the glossary page lists it, e.g. "voorspelmodel".
    #[schemars(with = "String")]
    pub term: Spanned<Text>,
    /// What it means, in plain words (one to three sentences).
    #[schemars(with = "String")]
    pub explanation: Spanned<Text>,
    /// Other forms the word takes in the text (plural, inflections,
    /// synonyms), e.g. ["voorspelmodellen"]; each links to the same
    /// explanation.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub forms: Vec<Spanned<Text>>,
}

/// The front matter of `content/pages/<slug>.md`, between `+++` lines.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PageFront {
    /// The page's title: its only h1.
    #[schemars(with = "String")]
    pub title: Spanned<Text>,
    /// One sentence for search engines and previews.
    #[serde(default)]
    pub description: Option<Text>,
    /// Order in the menu, lowest first.
    #[serde(default)]
    pub weight: Option<i64>,
}
