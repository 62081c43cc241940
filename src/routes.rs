//! Every address of the built site, and the names of the search filters.
//!
//! Output paths and URLs are relative to the site's root (`gemeenten/delft/`
//! is the folder, `gemeenten/delft/index.html` its file). The renderer, the
//! exports, the search index and the dev server take them from here; the
//! templates get them as the global `routes`, the scripts as `data-`
//! attributes the templates write. The page names an author may not use are
//! derived from the same list ([`reserved_page_names`]), so a new section
//! cannot be forgotten there.

use serde::Serialize;

/// The site's fixed sections (folders with an `index.html`).
pub const MATRIX: &str = "matrix/";
pub const COMPARE: &str = "vergelijk/";
pub const SEARCH: &str = "zoeken/";
pub const DATA: &str = "data/";
pub const MUNICIPALITIES: &str = "gemeenten/";
pub const TOPICS: &str = "onderwerpen/";
/// The list of every page, for people ("Sitemap").
pub const SITEMAP: &str = "sitemap/";
/// The glossary page ("Begrippen"), when the site has a glossary.
pub const GLOSSARY: &str = "begrippen/";
/// The page across municipalities about progress, when some municipality
/// has earlier states.
pub const PROGRESS: &str = "voortgang/";

/// Files at fixed places.
pub const NOT_FOUND: &str = "404.html";
pub const FEED: &str = "feed.xml";
pub const SITEMAP_XML: &str = "sitemap.xml";
pub const ROBOTS: &str = "robots.txt";
pub const JSON: &str = "data/gemeenten.json";
pub const CSV: &str = "data/inzet.csv";
pub const HISTORY_CSV: &str = "data/inzet-per-stand.csv";
pub const XLSX: &str = "data/inzet.xlsx";
pub const SCHEMA: &str = "data/gemeenten.schema.json";
pub const DCAT: &str = "data/dataset.jsonld";
/// Municipality name -> slug, for the large side-by-side page, which adds
/// municipalities by name.
pub const NAMES: &str = "data/namen.json";
/// The words the search page suggests for a misspelt query.
pub const SUGGESTIONS: &str = "zoeken/suggesties.json";
/// The search index (Pagefind's bundle, and the first part of a split
/// index).
pub const PAGEFIND: &str = "pagefind/";
/// The list of a split index's parts after the first (`["deel1/", …]`,
/// relative to [`PAGEFIND`]); `[]` when the index is whole.
pub const SEARCH_PARTS: &str = "pagefind/delen.json";
/// The address a split index's word list is indexed under; never shown.
pub const SEARCH_WORD_LIST: &str = "pagefind/woorden/";

/// A part of the search index after the first, relative to [`PAGEFIND`]
/// (`deel1/`).
pub fn search_part(number: usize) -> String {
    format!("deel{number}/")
}
/// The theme's and the site's static files are copied to the root; the
/// site's `static/` folder keeps its name in the output.
pub const STATIC: &str = "static/";

/// A municipality's page.
pub fn municipality(slug: &str) -> String {
    format!("{MUNICIPALITIES}{slug}/")
}

/// A municipality's data file (the large side-by-side page fetches it).
pub fn municipality_json(slug: &str) -> String {
    format!("data/gemeenten/{slug}.json")
}

/// A topic's page.
pub fn topic(slug: &str) -> String {
    format!("{TOPICS}{slug}/")
}

/// The page of a topic in one province, on a large site.
pub fn topic_in_province(topic: &str, province: &str) -> String {
    format!("{TOPICS}{topic}/{province}/")
}

/// A content page (`pages/<slug>.md`).
pub fn page(slug: &str) -> String {
    format!("{slug}/")
}

/// The file of the page at folder `dir` (`""` is the home page).
pub fn index_file(dir: &str) -> String {
    format!("{dir}index.html")
}

/// The first folder of everything the generator writes, and the name of
/// the not-found page: a content page (`<name>/`) with one of these names
/// would collide with it or read as it.
pub fn reserved_page_names() -> Vec<&'static str> {
    let folders = [
        MATRIX,
        COMPARE,
        SEARCH,
        DATA,
        MUNICIPALITIES,
        TOPICS,
        SITEMAP,
        GLOSSARY,
        PROGRESS,
        JSON,
        NAMES,
        SUGGESTIONS,
        PAGEFIND,
        STATIC,
    ];
    let mut names: Vec<&str> = folders
        .iter()
        .filter_map(|p| p.split_once('/').map(|(first, _)| first))
        .chain(NOT_FOUND.split_once('.').map(|(stem, _)| stem))
        .collect();
    names.sort_unstable();
    names.dedup();
    names
}

/// The search filters, by the names the addresses use
/// (`zoeken/?provincie=Limburg&onderwerp=…`). Every filter takes the
/// display name of its value (a topic's name, not its slug), on the search
/// page and on the home page alike.
pub mod filter {
    pub const STATUS: &str = "status";
    pub const TOPIC: &str = "onderwerp";
    pub const PROVINCE: &str = "provincie";
    pub const TARGET_GROUP: &str = "doelgroep";
    /// Efforts a source singles out (one value, see `search`).
    pub const NOTABLE: &str = "opvallend";
    /// Marks the record that carries a split index's word list, which every
    /// search leaves out (see `search::parts`); never shown.
    pub const WORD_LIST: &str = "woordenlijst";
}

/// What templates get as `routes`: the fixed addresses and the filter names.
#[derive(Debug, Serialize)]
pub struct Routes {
    pub matrix: &'static str,
    pub compare: &'static str,
    pub search: &'static str,
    pub data: &'static str,
    pub municipalities: &'static str,
    pub topics: &'static str,
    pub sitemap: &'static str,
    pub glossary: &'static str,
    pub progress: &'static str,
    pub feed: &'static str,
    pub json: &'static str,
    pub csv: &'static str,
    pub history_csv: &'static str,
    pub xlsx: &'static str,
    pub schema: &'static str,
    pub dcat: &'static str,
    pub names: &'static str,
    pub suggestions: &'static str,
    pub pagefind: &'static str,
    pub search_parts: &'static str,
    /// `data/gemeenten/`: where [`municipality_json`] puts its files.
    pub municipality_data: &'static str,
    pub filter: Filters,
}

#[derive(Debug, Serialize)]
pub struct Filters {
    pub status: &'static str,
    pub topic: &'static str,
    pub province: &'static str,
    pub target_group: &'static str,
    pub notable: &'static str,
    pub word_list: &'static str,
}

/// The addresses for the templates.
pub const ROUTES: Routes = Routes {
    matrix: MATRIX,
    compare: COMPARE,
    search: SEARCH,
    data: DATA,
    municipalities: MUNICIPALITIES,
    topics: TOPICS,
    sitemap: SITEMAP,
    glossary: GLOSSARY,
    progress: PROGRESS,
    feed: FEED,
    json: JSON,
    csv: CSV,
    history_csv: HISTORY_CSV,
    xlsx: XLSX,
    schema: SCHEMA,
    dcat: DCAT,
    names: NAMES,
    suggestions: SUGGESTIONS,
    pagefind: PAGEFIND,
    search_parts: SEARCH_PARTS,
    municipality_data: "data/gemeenten/",
    filter: Filters {
        status: filter::STATUS,
        topic: filter::TOPIC,
        province: filter::PROVINCE,
        target_group: filter::TARGET_GROUP,
        notable: filter::NOTABLE,
        word_list: filter::WORD_LIST,
    },
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_section_is_reserved_for_pages() {
        let names = reserved_page_names();
        for section in [
            "gemeenten",
            "onderwerpen",
            "zoeken",
            "vergelijk",
            "matrix",
            "data",
            "static",
            "404",
            "pagefind",
            "begrippen",
            "sitemap",
            "voortgang",
        ] {
            assert!(names.contains(&section), "{section}: {names:?}");
        }
        assert!(municipality_json("x").starts_with(ROUTES.municipality_data));
    }
}
