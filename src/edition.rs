//! `vergelijk new-edition`: starting next year's edition of a site
//! without losing this year's.
//!
//! Every municipality's current state (its `[[completed]]` and
//! `[[planned]]` efforts) is copied into a new `[[history]]` state dated by
//! the old peildatum and citing the municipality's first source; the
//! current lists stay as they are (link notes and comments too), for the
//! editors to bring up to date;
//! `site.toml` gets the new peildatum. Each current effort without an `id`
//! gets one in both copies, so that the site follows it from this edition
//! to the next. Files are edited with `toml_edit`, so comments and layout
//! survive.
//!
//! It runs only on content that passes `check`, and it is all or nothing:
//! every new file is written beside its original first (a hidden
//! `.<name>.new-edition`), and only when all are written are they renamed
//! over the originals; if a rename fails, the files already renamed get
//! their old text back.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use toml_edit::{ArrayOfTables, DocumentMut, Item, Table, value};

use crate::model::{Date, Municipality};
use crate::{Error, Options};

/// What a new edition changed.
#[derive(Debug, Clone)]
pub struct Edition {
    pub old_peildatum: Date,
    pub new_peildatum: Date,
    /// The municipality files that got a new earlier state, relative to the
    /// content folder.
    pub municipalities: Vec<String>,
    /// Ids given to efforts that had none.
    pub ids_added: usize,
}

/// Starts a new edition dated `peildatum` (see the module documentation).
pub fn new_edition(options: &Options, peildatum: Date) -> Result<Edition, Error> {
    let site = crate::check(options)?;
    let old = site.config.peildatum;
    if peildatum <= old {
        return Err(Error::Refused(format!(
            "the new peildatum {} must be after the current one, {}",
            peildatum.iso(),
            old.iso()
        )));
    }
    let content = &options.content;
    let mut writes: Vec<(PathBuf, String, String)> = Vec::new();
    let mut municipalities = Vec::new();
    let mut ids_added = 0;
    for m in &site.municipalities {
        if m.completed.is_empty() && m.planned.is_empty() {
            continue;
        }
        let Some(source) = m.sources.first() else {
            return Err(Error::Refused(format!(
                "{} cites no source, and an earlier state needs one: add [[sources]] to site.toml",
                m.source_file
            )));
        };
        let path = content.join(&m.source_file);
        let text = read(&path)?;
        let (new_text, added) = archive(&text, m, old, source).map_err(|reason| Error::Edit {
            path: path.clone(),
            reason,
        })?;
        ids_added += added;
        municipalities.push(m.source_file.clone());
        writes.push((path, new_text, text));
    }
    let site_toml = content.join("site.toml");
    let text = read(&site_toml)?;
    let new_text = set_peildatum(&text, peildatum).map_err(|reason| Error::Edit {
        path: site_toml.clone(),
        reason,
    })?;
    writes.push((site_toml, new_text, text));
    write_all_or_nothing(&writes)?;
    Ok(Edition {
        old_peildatum: old,
        new_peildatum: peildatum,
        municipalities,
        ids_added,
    })
}

/// A date as the command line gives it, `2021-01-15`.
pub fn parse_date(text: &str) -> Option<Date> {
    Date::from_toml(&text.trim().parse::<toml::value::Datetime>().ok()?)
}

fn read(path: &Path) -> Result<String, Error> {
    std::fs::read_to_string(path).map_err(Error::io(path))
}

fn datetime(d: Date) -> toml_edit::Datetime {
    toml_edit::Datetime {
        date: Some(toml_edit::Date {
            year: d.year,
            month: d.month,
            day: d.day,
        }),
        time: None,
        offset: None,
    }
}

/// `site.toml` with `peildatum` set to `peildatum`, the rest as it was.
fn set_peildatum(text: &str, peildatum: Date) -> Result<String, String> {
    let mut doc: DocumentMut = text.parse().map_err(|e| format!("{e}"))?;
    let suffix = doc
        .get("peildatum")
        .and_then(Item::as_value)
        .and_then(|v| v.decor().suffix().cloned());
    let mut new = toml_edit::Value::from(datetime(peildatum));
    if let Some(suffix) = suffix {
        new.decor_mut().set_suffix(suffix);
    }
    new.decor_mut().set_prefix(" ");
    doc["peildatum"] = Item::Value(new);
    Ok(doc.to_string())
}

/// A municipality file with its current state copied into a new
/// `[[history]]` state dated `peildatum` from `source`, and an id given
/// to every current effort without one (in both copies). Returns the new
/// text and how many ids were added.
fn archive(
    text: &str,
    m: &Municipality,
    peildatum: Date,
    source: &str,
) -> Result<(String, usize), String> {
    let mut doc: DocumentMut = text.parse().map_err(|e| format!("{e}"))?;
    // Every id the file uses, in any state: a new one must not link an
    // effort to another by accident.
    let mut taken: BTreeSet<String> = m
        .completed
        .iter()
        .chain(&m.planned)
        .chain(
            m.history
                .iter()
                .flat_map(|s| s.completed.iter().chain(&s.planned)),
        )
        .filter_map(|e| e.id.clone())
        .collect();
    let mut added = 0;
    let mut state = Table::new();
    state.insert("peildatum", value(datetime(peildatum)));
    state.insert("source", value(source));
    for key in ["completed", "planned"] {
        let Some(efforts) = doc.get_mut(key).and_then(Item::as_array_of_tables_mut) else {
            continue;
        };
        let mut copies = ArrayOfTables::new();
        for effort in efforts.iter_mut() {
            if !effort.contains_key("id") {
                let title = effort.get("title").and_then(Item::as_str).unwrap_or("");
                let base = match crate::text::slugify(title) {
                    s if s.is_empty() => "inzet".to_string(),
                    s => s,
                };
                let id = crate::text::unique_slug(base, &mut taken);
                effort.insert("id", value(id));
                added += 1;
            }
            let mut copy = Table::new();
            for (k, item) in effort.iter() {
                // What an earlier state has no place for.
                if k != "notable" {
                    copy.insert(k, item.clone());
                }
            }
            copies.push(copy);
        }
        if !copies.is_empty() {
            state.insert(key, Item::ArrayOfTables(copies));
        }
    }
    // After everything in the file, in this order: the state, then its
    // efforts.
    let mut position = max_position(doc.as_table()) + 1;
    state.decor_mut().set_prefix(format!(
        "\n# De stand van {} (vergelijk new-edition).\n",
        peildatum.iso()
    ));
    state.set_position(Some(position));
    for key in ["completed", "planned"] {
        if let Some(copies) = state.get_mut(key).and_then(Item::as_array_of_tables_mut) {
            for t in copies.iter_mut() {
                position += 1;
                t.set_position(Some(position));
            }
        }
    }
    match doc.get_mut("history") {
        Some(Item::ArrayOfTables(history)) => history.push(state),
        Some(_) => return Err("`history` is not a list of [[history]] tables".into()),
        None => {
            let mut history = ArrayOfTables::new();
            history.push(state);
            doc.insert("history", Item::ArrayOfTables(history));
        }
    }
    Ok((doc.to_string(), added))
}

/// The highest position of any table in the document.
fn max_position(table: &Table) -> isize {
    let mut max = table.position().unwrap_or(0);
    for (_, item) in table.iter() {
        match item {
            Item::Table(t) => max = max.max(max_position(t)),
            Item::ArrayOfTables(a) => {
                for t in a.iter() {
                    max = max.max(max_position(t));
                }
            }
            _ => {}
        }
    }
    max
}

/// The hidden file beside `path` that its new text is written to first.
pub fn staging_path(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!(".{name}.new-edition"))
}

/// Writes every `(path, new, old)`: all new texts beside their files, then
/// all renamed over them. On any failure nothing has changed.
fn write_all_or_nothing(writes: &[(PathBuf, String, String)]) -> Result<(), Error> {
    let mut staged: Vec<PathBuf> = Vec::new();
    let clean = |staged: &[PathBuf]| {
        for p in staged {
            let _ = std::fs::remove_file(p);
        }
    };
    for (path, new, _) in writes {
        let tmp = staging_path(path);
        if let Err(source) = write_synced(&tmp, new) {
            clean(&staged);
            return Err(Error::Io { path: tmp, source });
        }
        staged.push(tmp);
    }
    for (i, (path, _, _)) in writes.iter().enumerate() {
        if let Err(source) = std::fs::rename(&staged[i], path) {
            // Put back what was renamed already, as well as we can.
            for (done, _, old) in &writes[..i] {
                let tmp = staging_path(done);
                if write_synced(&tmp, old).is_ok() {
                    let _ = std::fs::rename(&tmp, done);
                }
            }
            clean(&staged[i..]);
            return Err(Error::Io {
                path: path.clone(),
                source,
            });
        }
    }
    Ok(())
}

fn write_synced(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut f = std::fs::File::create(path)?;
    f.write_all(text.as_bytes())?;
    f.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_peildatum_changes_and_its_comment_stays() {
        let text = "title = \"x\"\n# De datum van de gegevens.\npeildatum = 2020-01-15 # half januari\nlanguage = \"nl\"\n";
        let new = set_peildatum(
            text,
            Date {
                year: 2021,
                month: 1,
                day: 15,
            },
        )
        .unwrap();
        assert_eq!(
            new,
            "title = \"x\"\n# De datum van de gegevens.\npeildatum = 2021-01-15 # half januari\nlanguage = \"nl\"\n"
        );
    }
}
