//! The shapes templates get: plain serializable structs, one per thing a
//! page shows (a municipality, a table row, a topic, a province, …).

use serde::Serialize;

use crate::model::{Date, Source, Status};

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
