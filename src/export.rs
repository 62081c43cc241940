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

mod columns;
mod feed;

pub use columns::{CSV_COLUMNS, JSON_FIELDS, MUNICIPALITY_COLUMNS, csv_columns};
pub use feed::{FEED_LIMIT, Feed, FeedEntry, feed, robots, sitemap_urls};

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
