//! `data/inzet.xlsx`: the open data as a workbook, for readers who live in
//! a spreadsheet. One sheet of efforts (the CSV's columns, one row per
//! effort) and one of municipalities (and, on a site with earlier states,
//! one of every effort per state: [`super::history`]), each with a frozen
//! header row, an autofilter, column widths that fit, and dates as dates.
//!
//! Written with `rust_xlsxwriter`; the document's creation time is the
//! peildatum, not the time of the build, so two builds are byte-identical.

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, Worksheet, XlsxError};

use super::{Cell, effort_rows, municipality_rows};
use crate::model::{Date, Site};

/// The sheets' names, as readers see them in the tabs.
pub const EFFORTS_SHEET: &str = "Inzet";
pub const MUNICIPALITIES_SHEET: &str = "Gemeenten";

fn excel_date(d: Date) -> Result<ExcelDateTime, XlsxError> {
    ExcelDateTime::from_ymd(d.year, d.month, d.day)
}

/// The workbook of `site`, as bytes.
pub fn workbook(site: &Site) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    // Rows are written in order and go to a temporary file each (see
    // Cargo.toml); naming the folder here turns a missing or unwritable one
    // into an error instead of a panic inside the crate.
    book.set_tempdir(std::env::temp_dir())?;
    let created = excel_date(site.config.peildatum)?.and_hms(0, 0, 0)?;
    let properties = DocProperties::new()
        .set_title(&site.config.title)
        .set_author(
            site.config
                .publisher
                .as_deref()
                .unwrap_or(&site.config.title),
        )
        .set_creation_datetime(&created);
    book.set_properties(&properties);
    let header = Format::new().set_bold();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let wrap = Format::new().set_text_wrap();

    let columns = super::csv_columns(&site.config);
    let names: Vec<&str> = columns.iter().map(|(n, _)| *n).collect();
    let sheet = book.add_worksheet_with_low_memory();
    sheet.set_name(EFFORTS_SHEET)?;
    fill(sheet, &names, effort_rows(site), &header, &date, &wrap)?;

    let names: Vec<&str> = super::MUNICIPALITY_COLUMNS
        .iter()
        .map(|(n, _)| *n)
        .collect();
    let sheet = book.add_worksheet_with_low_memory();
    sheet.set_name(MUNICIPALITIES_SHEET)?;
    fill(
        sheet,
        &names,
        municipality_rows(site),
        &header,
        &date,
        &wrap,
    )?;

    if crate::render::progress::has_history(site) {
        let names: Vec<&str> = super::HISTORY_CSV_NAMES.to_vec();
        let sheet = book.add_worksheet_with_low_memory();
        sheet.set_name(super::history::HISTORY_SHEET)?;
        let rows = super::history::history_rows(site);
        fill(sheet, &names, rows.into_iter(), &header, &date, &wrap)?;
    }

    book.save_to_buffer()
}

/// Writes a header row and `rows`, freezes the header, adds an autofilter
/// and sets each column's width to its longest cell (within limits).
fn fill<'a>(
    sheet: &mut Worksheet,
    names: &[&str],
    rows: impl Iterator<Item = Vec<Cell<'a>>>,
    header: &Format,
    date: &Format,
    wrap: &Format,
) -> Result<(), XlsxError> {
    let mut widths: Vec<usize> = names.iter().map(|n| n.chars().count()).collect();
    for (col, name) in names.iter().enumerate() {
        sheet.write_string_with_format(0, col as u16, *name, header)?;
    }
    let mut last = 0u32;
    for (i, row) in rows.enumerate() {
        let r = i as u32 + 1;
        last = r;
        for (col, cell) in row.iter().enumerate() {
            let c = col as u16;
            let len = match cell {
                Cell::Text(t) => {
                    // Long texts wrap inside their (capped) column.
                    if t.chars().count() > 60 {
                        sheet.write_string_with_format(r, c, t.as_ref(), wrap)?;
                    } else {
                        sheet.write_string(r, c, t.as_ref())?;
                    }
                    t.chars().count()
                }
                Cell::Number(n) => {
                    sheet.write_number(r, c, *n)?;
                    6
                }
                Cell::Date(d) => {
                    sheet.write_datetime_with_format(r, c, excel_date(*d)?, date)?;
                    10
                }
                Cell::Empty => 0,
            };
            if let Some(w) = widths.get_mut(col) {
                *w = (*w).max(len);
            }
        }
    }
    for (col, w) in widths.iter().enumerate() {
        sheet.set_column_width(col as u16, (*w).clamp(8, 60) as f64 + 2.0)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    let last_col = names.len().saturating_sub(1) as u16;
    sheet.autofilter(0, 0, last.max(1), last_col)?;
    Ok(())
}
