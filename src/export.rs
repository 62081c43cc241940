//! Machine-readable outputs of the model: open data (`data/gemeenten.json`
//! with its schema, `data/inzet.csv`, `data/inzet.xlsx`, DCAT metadata in
//! `data/dataset.jsonld`), the Atom feed, `sitemap.xml` and `robots.txt`.
//!
//! The sitemap is derived from the same page list as the HTML, so a page
//! cannot be published without being in it. The data files come from the
//! validated model, so what readers download is what the pages show; the
//! CSV, the workbook and the browser's "download this selection" share one
//! list of columns and one way of filling them ([`effort_rows`]). Nothing
//! here depends on the time of the build: two builds are byte-identical.

pub mod dcat;
pub mod public;
pub mod xlsx;

use std::borrow::Cow;
use std::io::{self, Write};

use crate::model::{Date, Site, SiteConfig, Status};

pub mod history;
pub use history::{HISTORY_CSV_NAMES, history_csv_columns, write_history_csv};

/// The columns of [`crate::routes::CSV`] (and of the workbook's sheet of efforts), in
/// order, with what each holds (Dutch, for the data page). The code
/// column's meaning comes from the site: see [`csv_columns`].
pub const CSV_COLUMNS: &[(&str, &str)] = &[
    ("gemeente", "De naam van de gemeente."),
    (
        "gemeente_id",
        "De korte naam van de gemeente in adressen van deze site, zoals den-haag.",
    ),
    (
        "gemeentecode",
        "De officiële code van de gemeente; leeg als die niet bekend is.",
    ),
    ("provincie", "De provincie van de gemeente."),
    (
        "status",
        "gedaan (al uitgevoerd) of gepland (nog van plan).",
    ),
    ("titel", "De inzet, in de woorden van de bron."),
    (
        "onderwerpen",
        "De onderwerpen van de inzet, gescheiden door een puntkomma (;).",
    ),
    (
        "onderwerp_ids",
        "De korte namen van die onderwerpen, gescheiden door een puntkomma (;).",
    ),
    (
        "doelgroepen",
        "Op wie de gemeente zich richt, gescheiden door een puntkomma (;); leeg als de bron niets zegt.",
    ),
    (
        "regionale_partners",
        "Gemeenten waarmee de gemeente samenwerkt, gescheiden door een puntkomma (;); leeg als de bron er geen noemt.",
    ),
    (
        "uitgelicht",
        "ja als de bron deze inzet apart noemt (als voorbeeld voor andere gemeenten); anders nee.",
    ),
    (
        "uitgelicht_waarom",
        "Waarom de bron de inzet apart noemt, in de woorden van de redactie; leeg als de bron dat niet doet.",
    ),
    (
        "indeling_door_redactie",
        "ja als de redactie, niet de bron, de inzet heeft verdeeld in gedaan en gepland; anders nee.",
    ),
    (
        "bron_ids",
        "De korte namen van de bronnen van de gegevens van deze gemeente, gescheiden door een puntkomma (;); zie de bronnen hieronder.",
    ),
    (
        "peildatum",
        "De datum waarop de gegevens betrekking hebben (JJJJ-MM-DD).",
    ),
];

/// [`CSV_COLUMNS`] with the meaning of the code column made specific to
/// the site (what its codes are, from `[code]` in site.toml).
pub fn csv_columns(config: &SiteConfig) -> Vec<(&'static str, Cow<'static, str>)> {
    CSV_COLUMNS
        .iter()
        .map(|(name, meaning)| {
            let meaning = match (
                *name,
                config.code.as_ref().and_then(|c| c.description.as_ref()),
            ) {
                ("gemeentecode", Some(d)) => {
                    Cow::Owned(format!("{d} Leeg als de code niet bekend is."))
                }
                _ => Cow::Borrowed(*meaning),
            };
            (*name, meaning)
        })
        .collect()
}

/// The columns of the workbook's sheet of municipalities, with what each
/// holds (Dutch, for the data page).
pub const MUNICIPALITY_COLUMNS: &[(&str, &str)] = &[
    (
        "gemeentecode",
        "De officiële code van de gemeente; leeg als die niet bekend is.",
    ),
    ("gemeente", "De naam van de gemeente."),
    (
        "gemeente_id",
        "De korte naam van de gemeente in adressen van deze site.",
    ),
    ("provincie", "De provincie van de gemeente."),
    (
        "keer_gedaan",
        "Hoeveel inzet de gemeente al heeft uitgevoerd.",
    ),
    ("keer_gepland", "Hoeveel inzet de gemeente nog van plan is."),
    (
        "doelgroepen",
        "Op wie de gemeente zich richt; leeg als de bron niets zegt.",
    ),
    (
        "regionale_partners",
        "Gemeenten waarmee de gemeente samenwerkt; leeg als de bron er geen noemt.",
    ),
    (
        "website",
        "De eigen pagina van de gemeente over het onderwerp; leeg als die niet bekend is.",
    ),
    (
        "indeling_door_redactie",
        "ja als de redactie de inzet heeft verdeeld in gedaan en gepland; anders nee.",
    ),
    (
        "bijgewerkt",
        "Wanneer de gegevens van de gemeente voor het laatst zijn bijgewerkt (een datum); leeg als dat niet na de peildatum was.",
    ),
    ("bron_ids", "De korte namen van de bronnen."),
    (
        "bijzonderheden",
        "Opmerkingen over de gemeente, als platte tekst; leeg als er geen zijn.",
    ),
    (
        "breedtegraad",
        "Waar het centrum of gemeentehuis ligt: graden noorderbreedte; leeg als niet bekend.",
    ),
    (
        "lengtegraad",
        "Waar het centrum of gemeentehuis ligt: graden oosterlengte; leeg als niet bekend.",
    ),
];

/// The fields of [`crate::routes::JSON`] (dotted paths, `[]` for the items of a
/// list), with what each holds (Dutch, for the data page). A test checks
/// that this names every field of the published schema, and no other.
pub const JSON_FIELDS: &[(&str, &str)] = &[
    ("title", "De titel van deze vergelijking."),
    ("description", "Eén zin over deze vergelijking."),
    ("language", "De taal van de teksten, zoals nl."),
    ("url", "Het adres van deze site."),
    (
        "peildatum",
        "De datum waarop de gegevens betrekking hebben (JJJJ-MM-DD).",
    ),
    (
        "license",
        "De licentie van de gegevens, in woorden; null als er geen is opgegeven.",
    ),
    (
        "license_url",
        "Het webadres van de licentie; null als er geen is opgegeven.",
    ),
    (
        "code",
        "Wat de gemeentecodes zijn; null als de gegevens geen codes hebben.",
    ),
    (
        "code.pattern",
        "Het patroon (een reguliere expressie) waar elke code aan voldoet.",
    ),
    ("code.description", "Wat de code is, in woorden."),
    ("sources", "De bronnen; de eerste is de belangrijkste."),
    ("sources[].id", "De korte naam van de bron."),
    ("sources[].title", "De titel van de bron."),
    (
        "sources[].publisher",
        "Wie de bron uitgaf; null als dat niet bekend is.",
    ),
    (
        "sources[].date",
        "Wanneer, in woorden; null als dat niet bekend is.",
    ),
    (
        "sources[].url",
        "Waar de bron te lezen is; null als dat niet bekend is.",
    ),
    ("topics", "De onderwerpen waarmee de inzet is ingedeeld."),
    ("topics[].slug", "De korte naam van het onderwerp."),
    ("topics[].name", "De naam van het onderwerp."),
    ("topics[].description", "Wat onder het onderwerp valt."),
    ("topics[].synonyms", "Andere woorden voor het onderwerp."),
    ("municipalities", "Alle gemeenten, op naam gesorteerd."),
    (
        "municipalities[].slug",
        "De korte naam van de gemeente in adressen van deze site.",
    ),
    (
        "municipalities[].code",
        "De officiële code van de gemeente; null als die niet bekend is.",
    ),
    ("municipalities[].name", "De naam van de gemeente."),
    ("municipalities[].province", "De provincie van de gemeente."),
    (
        "municipalities[].url",
        "De pagina van de gemeente op deze site.",
    ),
    (
        "municipalities[].updated",
        "Wanneer de gegevens voor het laatst zijn bijgewerkt (JJJJ-MM-DD); null als dat niet na de peildatum was.",
    ),
    (
        "municipalities[].location",
        "Waar het centrum of gemeentehuis ligt; null als dat niet is opgegeven.",
    ),
    (
        "municipalities[].location.latitude",
        "Graden noorderbreedte.",
    ),
    (
        "municipalities[].location.longitude",
        "Graden oosterlengte.",
    ),
    (
        "municipalities[].sources",
        "De korte namen van de bronnen van de gegevens.",
    ),
    (
        "municipalities[].target_groups",
        "Op wie de gemeente zich richt; leeg als de bron niets zegt.",
    ),
    (
        "municipalities[].regional_partners",
        "Gemeenten waarmee de gemeente samenwerkt; leeg als de bron er geen noemt.",
    ),
    (
        "municipalities[].website",
        "De eigen pagina van de gemeente over het onderwerp; null als die niet bekend is.",
    ),
    (
        "municipalities[].split_reconstructed",
        "true als de redactie, niet de bron, de inzet heeft verdeeld in gedaan en gepland.",
    ),
    (
        "municipalities[].notes",
        "Opmerkingen, in Markdown; null als er geen zijn.",
    ),
    (
        "municipalities[].completed",
        "De inzet die al is uitgevoerd, in de volgorde van de bron.",
    ),
    (
        "municipalities[].completed[].anchor",
        "Het anker van de inzet op de pagina van de gemeente (url + # + anker).",
    ),
    (
        "municipalities[].completed[].title",
        "De inzet, in de woorden van de bron.",
    ),
    (
        "municipalities[].completed[].topics",
        "De korte namen van de onderwerpen van de inzet.",
    ),
    (
        "municipalities[].completed[].description",
        "Meer over de inzet, in Markdown; null als er niet meer is.",
    ),
    (
        "municipalities[].completed[].notable",
        "Waarom de bron deze inzet apart noemt, in de woorden van de redactie; null als de bron dat niet doet.",
    ),
    (
        "municipalities[].planned",
        "De inzet die gepland is; elke inzet heeft dezelfde velden als bij completed.",
    ),
    ("municipalities[].planned[].anchor", "Zie completed."),
    ("municipalities[].planned[].title", "Zie completed."),
    ("municipalities[].planned[].topics", "Zie completed."),
    ("municipalities[].planned[].description", "Zie completed."),
    ("municipalities[].planned[].notable", "Zie completed."),
    (
        "municipalities[].completed[].id",
        "De korte naam waarmee de redactie dezelfde inzet in verschillende standen aan elkaar koppelt; null als die er niet is.",
    ),
    (
        "municipalities[].completed[].link_note",
        "Waarom de redactie de inzet koppelt aan die met dezelfde id in een eerdere stand, in eigen woorden; null als dat er niet bij staat.",
    ),
    (
        "municipalities[].completed[].source",
        "De eigen bron van de inzet, als die niet de bron van de stand is (alleen in eerdere standen); anders null.",
    ),
    ("municipalities[].planned[].id", "Zie completed."),
    ("municipalities[].planned[].link_note", "Zie completed."),
    ("municipalities[].planned[].source", "Zie completed."),
    (
        "municipalities[].history",
        "Eerdere standen van de aanpak, de oudste eerst; leeg als de site alleen de huidige stand kent.",
    ),
    (
        "municipalities[].history[].peildatum",
        "De datum van die stand (JJJJ-MM-DD), vóór de peildatum van de dataset.",
    ),
    (
        "municipalities[].history[].source",
        "De korte naam van de bron van die stand.",
    ),
    (
        "municipalities[].history[].completed",
        "De inzet die toen gedaan was; het anker wijst naar die datum onder ‘Voortgang’ op de pagina van de gemeente. Elke inzet heeft de velden van completed hierboven.",
    ),
    (
        "municipalities[].history[].planned",
        "De inzet die toen gepland was; zie history[].completed.",
    ),
    (
        "municipalities[].history[].completed[].anchor",
        "Zie completed.",
    ),
    (
        "municipalities[].history[].completed[].title",
        "Zie completed.",
    ),
    (
        "municipalities[].history[].completed[].topics",
        "Zie completed.",
    ),
    (
        "municipalities[].history[].completed[].description",
        "Zie completed.",
    ),
    (
        "municipalities[].history[].completed[].notable",
        "Zie completed.",
    ),
    (
        "municipalities[].history[].completed[].id",
        "Zie completed.",
    ),
    (
        "municipalities[].history[].completed[].link_note",
        "Zie completed.",
    ),
    (
        "municipalities[].history[].completed[].source",
        "Zie completed.",
    ),
    (
        "municipalities[].history[].planned[].anchor",
        "Zie completed.",
    ),
    (
        "municipalities[].history[].planned[].title",
        "Zie completed.",
    ),
    (
        "municipalities[].history[].planned[].topics",
        "Zie completed.",
    ),
    (
        "municipalities[].history[].planned[].description",
        "Zie completed.",
    ),
    (
        "municipalities[].history[].planned[].notable",
        "Zie completed.",
    ),
    ("municipalities[].history[].planned[].id", "Zie completed."),
    (
        "municipalities[].history[].planned[].link_note",
        "Zie completed.",
    ),
    (
        "municipalities[].history[].planned[].source",
        "Zie completed.",
    ),
];

/// One cell of the tabular downloads.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell<'a> {
    Text(Cow<'a, str>),
    Number(f64),
    Date(Date),
    Empty,
}

impl Cell<'_> {
    /// The cell as CSV text: dates as YYYY-MM-DD, text safe for
    /// spreadsheets ([`spreadsheet_safe`]).
    pub fn csv(&self) -> Cow<'_, str> {
        match self {
            Cell::Text(t) => spreadsheet_safe(t),
            Cell::Number(n) => Cow::Owned(n.to_string()),
            Cell::Date(d) => Cow::Owned(d.iso()),
            Cell::Empty => Cow::Borrowed(""),
        }
    }
}

fn text(s: &str) -> Cell<'_> {
    if s.is_empty() {
        Cell::Empty
    } else {
        Cell::Text(Cow::Borrowed(s))
    }
}

fn owned(s: String) -> Cell<'static> {
    if s.is_empty() {
        Cell::Empty
    } else {
        Cell::Text(Cow::Owned(s))
    }
}

fn yes_no(b: bool) -> Cell<'static> {
    Cell::Text(Cow::Borrowed(if b { "ja" } else { "nee" }))
}

/// One row per effort, in the columns of [`CSV_COLUMNS`]: municipalities in
/// model order, each's completed efforts, then its planned ones.
pub fn effort_rows(site: &Site) -> impl Iterator<Item = Vec<Cell<'_>>> {
    let names: std::collections::BTreeMap<&str, &str> = site
        .topics
        .iter()
        .map(|t| (t.slug.as_str(), t.name.as_str()))
        .collect();
    let peildatum = site.config.peildatum;
    site.municipalities.iter().flat_map(move |m| {
        let names = names.clone();
        [Status::Completed, Status::Planned]
            .into_iter()
            .flat_map(move |status| m.efforts(status).iter().map(move |e| (status, e)))
            .map(move |(status, e)| {
                let topic_names: Vec<&str> = e
                    .topics
                    .iter()
                    .map(|t| names.get(t.as_str()).copied().unwrap_or(t))
                    .collect();
                vec![
                    text(&m.name),
                    text(&m.slug),
                    m.code.as_deref().map_or(Cell::Empty, text),
                    text(&m.province),
                    text(status.dutch()),
                    text(&e.title),
                    owned(topic_names.join("; ")),
                    owned(e.topics.join("; ")),
                    owned(m.target_groups.join("; ")),
                    owned(m.regional_partners.join("; ")),
                    yes_no(e.notable.is_some()),
                    e.notable.as_deref().map_or(Cell::Empty, text),
                    yes_no(m.split_reconstructed),
                    owned(m.sources.join("; ")),
                    Cell::Date(peildatum),
                ]
            })
    })
}

/// One row per municipality, in the columns of [`MUNICIPALITY_COLUMNS`].
pub fn municipality_rows(site: &Site) -> impl Iterator<Item = Vec<Cell<'_>>> {
    site.municipalities.iter().map(|m| {
        let number = |n: usize| Cell::Number(n as f64);
        vec![
            m.code.as_deref().map_or(Cell::Empty, text),
            text(&m.name),
            text(&m.slug),
            text(&m.province),
            number(m.completed.len()),
            number(m.planned.len()),
            owned(m.target_groups.join("; ")),
            owned(m.regional_partners.join("; ")),
            m.website.as_deref().map_or(Cell::Empty, text),
            yes_no(m.split_reconstructed),
            m.updated.map_or(Cell::Empty, Cell::Date),
            owned(m.sources.join("; ")),
            m.notes.as_deref().map_or(Cell::Empty, |n| {
                owned(crate::render::markdown::plain_text(n))
            }),
            m.location.map_or(Cell::Empty, |l| Cell::Number(l.latitude)),
            m.location
                .map_or(Cell::Empty, |l| Cell::Number(l.longitude)),
        ]
    })
}

/// A cell that a spreadsheet would run as a formula (it starts with `=`,
/// `+`, `-`, `@`, a tab or a carriage return) gets a leading `'`, which
/// spreadsheets show as text (OWASP, "CSV injection"). Other cells are kept.
pub fn spreadsheet_safe(cell: &str) -> Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// One municipality in the published shape, as compact JSON.
pub fn municipality_json(config: &SiteConfig, m: &crate::model::Municipality) -> Vec<u8> {
    // Plain data with string keys: serializing cannot fail.
    serde_json::to_vec(&public::municipality(&config.base_url, m)).unwrap_or_default()
}

/// Writes the open data in its published shape ([`public::Dataset`]) as
/// pretty-printed JSON to `out`.
pub fn write_json(site: &Site, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &public::dataset(site))?;
    out.write_all(b"\n")
}

/// The byte-order mark that makes spreadsheets (Excel on Windows above
/// all) read the CSV as UTF-8 rather than in the local code page.
pub const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Writes one row per effort to `out`: a UTF-8 byte-order mark, then RFC
/// 4180 (CRLF line ends, quotes where needed).
pub fn write_csv(site: &Site, out: &mut dyn Write) -> io::Result<()> {
    out.write_all(UTF8_BOM)?;
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(out);
    w.write_record(CSV_COLUMNS.iter().map(|(c, _)| *c))?;
    for row in effort_rows(site) {
        w.write_record(row.iter().map(|c| c.csv().into_owned()))?;
    }
    w.flush()
}

/// Municipality name -> slug, in name order: the large side-by-side page
/// adds a municipality by the name a reader types.
pub fn names(site: &Site) -> Vec<u8> {
    let names: std::collections::BTreeMap<&str, &str> = site
        .municipalities
        .iter()
        .map(|m| (m.name.as_str(), m.slug.as_str()))
        .collect();
    // Plain strings: serializing cannot fail.
    serde_json::to_vec(&names).unwrap_or_default()
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_become_text() {
        assert_eq!(spreadsheet_safe("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(spreadsheet_safe("@SUM(1)"), "'@SUM(1)");
        assert_eq!(spreadsheet_safe("Delft"), "Delft");
    }
}
