//! The open data of the states over time: one row per effort per state
//! (earlier states oldest first, then the current one), with each state's
//! peildatum and source, as `data/inzet-per-stand.csv` and as a sheet of
//! the workbook. Only on a site where some municipality has earlier
//! states; the JSON has them under each municipality's `history`.

use std::borrow::Cow;
use std::io::{self, Write};

use super::{Cell, UTF8_BOM};
use crate::model::{Site, SiteConfig, Status};

/// The name of the workbook's sheet with the same rows.
pub const HISTORY_SHEET: &str = "Inzet per stand";

/// The columns of [`crate::routes::HISTORY_CSV`], in order.
pub const HISTORY_CSV_NAMES: &[&str] = &[
    "gemeente",
    "gemeente_id",
    "gemeentecode",
    "provincie",
    "peildatum",
    "stand",
    "bron",
    "bron_id",
    "status",
    "titel",
    "inzet_id",
    "koppeling",
    "onderwerpen",
    "onderwerp_ids",
];

/// What the columns that `inzet.csv` lacks, or that mean something else
/// here, hold (Dutch, for the data page); the others mean what they mean in
/// `inzet.csv` and take their words from there.
const OWN_MEANINGS: &[(&str, &str)] = &[
    (
        "peildatum",
        "De datum van de stand waar de regel bij hoort (JJJJ-MM-DD).",
    ),
    (
        "stand",
        "huidig (de stand die de rest van de site laat zien) of eerder.",
    ),
    (
        "bron",
        "De titel van de bron van deze stand, of van de inzet zelf als die een eigen bron heeft.",
    ),
    ("bron_id", "De korte naam van die bron."),
    (
        "status",
        "gedaan of gepland, zoals de bron het op die datum noemt.",
    ),
    (
        "inzet_id",
        "De korte naam waarmee de redactie dezelfde inzet in verschillende standen aan elkaar koppelt; leeg als die er niet is.",
    ),
    (
        "koppeling",
        "Waarom de redactie de inzet koppelt aan een eerdere stand, in eigen woorden; leeg als dat er niet bij staat.",
    ),
];

/// The columns of [`crate::routes::HISTORY_CSV`] with what each holds.
pub fn history_csv_columns(config: &SiteConfig) -> Vec<(&'static str, Cow<'static, str>)> {
    let shared = super::csv_columns(config);
    HISTORY_CSV_NAMES
        .iter()
        .map(|name| {
            let meaning = OWN_MEANINGS
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, m)| Cow::Borrowed(*m))
                .or_else(|| {
                    shared
                        .iter()
                        .find(|(n, _)| n == name)
                        .map(|(_, m)| m.clone())
                })
                .unwrap_or_default();
            (*name, meaning)
        })
        .collect()
}

fn text(s: &str) -> Cell<'_> {
    if s.is_empty() {
        Cell::Empty
    } else {
        Cell::Text(Cow::Borrowed(s))
    }
}

/// One row per effort per state, in the columns of
/// [`HISTORY_CSV_NAMES`]: municipalities in model order, each's states
/// by date, in each the completed efforts, then the planned ones.
pub fn history_rows(site: &Site) -> Vec<Vec<Cell<'_>>> {
    let names: std::collections::BTreeMap<&str, &str> = site
        .topics
        .iter()
        .map(|t| (t.slug.as_str(), t.name.as_str()))
        .collect();
    let source_title = |id: &str| {
        site.config
            .sources
            .iter()
            .find(|s| s.id == id)
            .map_or("", |s| s.title.as_str())
    };
    let mut rows = Vec::new();
    for m in &site.municipalities {
        let tl = crate::timeline::timeline(m, site.config.peildatum);
        for p in &tl.points {
            for status in [Status::Completed, Status::Planned] {
                for e in p.efforts(status) {
                    let source = e.source.as_deref().or(p.source).unwrap_or("");
                    let topic_names: Vec<&str> = e
                        .topics
                        .iter()
                        .map(|t| names.get(t.as_str()).copied().unwrap_or(t))
                        .collect();
                    rows.push(vec![
                        text(&m.name),
                        text(&m.slug),
                        m.code.as_deref().map_or(Cell::Empty, text),
                        text(&m.province),
                        Cell::Date(p.peildatum),
                        text(if p.current { "huidig" } else { "eerder" }),
                        text(source_title(source)),
                        text(source),
                        text(status.dutch()),
                        text(&e.title),
                        e.id.as_deref().map_or(Cell::Empty, text),
                        e.link_note.as_deref().map_or(Cell::Empty, text),
                        Cell::Text(Cow::Owned(topic_names.join("; "))),
                        Cell::Text(Cow::Owned(e.topics.join("; "))),
                    ]);
                }
            }
        }
    }
    rows
}

/// Writes [`history_rows`] to `out` in the form of [`super::write_csv`]:
/// a byte-order mark, then RFC 4180.
pub fn write_history_csv(site: &Site, out: &mut dyn Write) -> io::Result<()> {
    out.write_all(UTF8_BOM)?;
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(out);
    w.write_record(HISTORY_CSV_NAMES)?;
    for row in history_rows(site) {
        w.write_record(row.iter().map(|c| c.csv().into_owned()))?;
    }
    w.flush()
}

#[cfg(test)]
mod column_tests {
    use super::*;

    #[test]
    fn every_history_column_has_a_meaning_of_its_own_or_that_of_inzet_csv() {
        for name in HISTORY_CSV_NAMES {
            let own = OWN_MEANINGS.iter().find(|(n, _)| n == name);
            let shared = super::super::CSV_COLUMNS.iter().find(|(n, _)| n == name);
            let meaning = own.or(shared).map(|(_, m)| *m).unwrap_or_default();
            assert!(!meaning.is_empty(), "the column `{name}` says nothing");
        }
    }
}
