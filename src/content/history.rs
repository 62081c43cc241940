//! Earlier states of a municipality's approach (`[[history]]` in its file)
//! and the ids that follow an effort from one state to the next.
//!
//! A municipality file holds its current state at the top (`[[completed]]`,
//! `[[planned]]`, dated by the site's peildatum) and, optionally, earlier
//! states, each with its own peildatum, source and efforts. Existing files
//! without history stay valid. Parsing takes every array of tables out of
//! the document and reads its elements one by one (the states' own
//! `[[history.completed]]` and `[[history.planned]]` too), so a mistake in
//! one effort does not hide those in the others.
//!
//! Checked here, with the position in the file: a state's date, its source
//! and the efforts' sources, ids that are not slugs or are given twice in
//! one state, two states on the same date, a `link_note` without an id.
//! Checked once the site's settings are known ([`check_dates`]): a state
//! dated on or after the site's peildatum. An id that links to nothing in
//! another state is a warning (`lint`).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use toml::Spanned;

use super::files::{EffortEntry, HistoryEffortEntry, HistoryEntry, MunicipalityFile};
use super::source::{self, SourceFile};
use crate::diagnostics::{Diagnostics, locate};
use crate::model::{Date, Effort, Municipality, State};
use crate::text::Text;

/// Parses a municipality file: the head, the current efforts and the
/// earlier states with theirs, each element of each array on its own.
pub(super) fn parse(file: &SourceFile, diags: &mut Diagnostics) -> Option<MunicipalityFile> {
    let mut table = source::parse_table(file, 0..file.text.len(), diags)?;
    let (completed, ok_completed) =
        source::take_array::<EffortEntry>(file, 0, table.get_mut(), "completed", diags);
    let (planned, ok_planned) =
        source::take_array::<EffortEntry>(file, 0, table.get_mut(), "planned", diags);
    let mut ok = ok_completed && ok_planned;
    let mut history = Vec::new();
    let is_array = matches!(
        table.get_ref().get("history").map(|v| v.get_ref()),
        Some(toml::de::DeValue::Array(_))
    );
    if is_array
        && let Some(value) = table.get_mut().remove("history")
        && let toml::de::DeValue::Array(states) = value.into_inner()
    {
        for mut state in states {
            let mut efforts = (Vec::new(), Vec::new());
            if let toml::de::DeValue::Table(t) = state.get_mut() {
                let (c, ok_c) =
                    source::take_array::<HistoryEffortEntry>(file, 0, t, "completed", diags);
                let (p, ok_p) =
                    source::take_array::<HistoryEffortEntry>(file, 0, t, "planned", diags);
                ok &= ok_c && ok_p;
                efforts = (c, p);
            }
            let de = toml::de::ValueDeserializer::from(state);
            match source::deserialize::<HistoryEntry>(file, 0, de, diags) {
                Some(mut entry) => {
                    (entry.completed, entry.planned) = efforts;
                    history.push(entry);
                }
                None => ok = false,
            }
        }
    }
    let head = source::deserialize::<MunicipalityFile>(
        file,
        0,
        toml::de::Deserializer::from(table),
        diags,
    );
    match head {
        Some(mut head) if ok => {
            head.completed = completed;
            head.planned = planned;
            head.history = history;
            Some(head)
        }
        _ => None,
    }
}

/// What an effort says about the efforts it is linked with: its id (a
/// slug) and the editors' note on the link, checked.
pub(super) struct Link {
    pub id: Option<String>,
    pub link_note: Option<String>,
}

pub(super) fn link(
    file: &SourceFile,
    id: Option<Spanned<String>>,
    link_note: Option<Spanned<Text>>,
    diags: &mut Diagnostics,
) -> Link {
    if let Some(id) = &id {
        super::checks::check_slug(file, id, "id", diags);
    }
    if let Some(note) = &link_note {
        if note.get_ref().trim().is_empty() {
            diags.push(file.error(note.span(), "link_note is empty").with_help(
                "write why this effort continues the one with the same id, or remove the line",
            ));
        } else if id.is_none() {
            diags.push(
                file.error(note.span(), "link_note without an id links nothing")
                    .with_help("give this effort and the one it continues the same `id = \"…\"`, or remove the note"),
            );
        }
    }
    Link {
        id: id.map(|i| i.into_inner().trim().to_string()),
        link_note: link_note
            .map(|n| n.into_inner().trim().to_string())
            .filter(|n| !n.is_empty()),
    }
}

/// The earlier states of a file as model states, in file order, with
/// every problem reported.
pub(super) fn states(
    file: &SourceFile,
    raw: Vec<HistoryEntry>,
    topic_slugs: Option<&BTreeSet<&str>>,
    source_ids: Option<&[String]>,
    diags: &mut Diagnostics,
) -> Vec<State> {
    let known_source = |value: &Spanned<String>, diags: &mut Diagnostics| {
        if let Some(ids) = source_ids {
            super::municipalities::check_known(
                file,
                value,
                ids.iter().map(String::as_str),
                "source",
                "[[sources]] in site.toml",
                diags,
            );
        }
    };
    // Date -> the line of the first state with it.
    let mut dates: BTreeMap<Date, usize> = BTreeMap::new();
    let mut out = Vec::new();
    for entry in raw {
        known_source(&entry.source, diags);
        let peildatum = super::site::date(file, &entry.peildatum, "peildatum", diags);
        if let Some(d) = peildatum {
            if let Some(line) = dates.get(&d) {
                diags.push(
                    file.error(
                        entry.peildatum.span(),
                        format!("two earlier states have the peildatum {}", d.iso()),
                    )
                    .with_help(format!(
                        "the first is on line {line}; put their efforts in one [[history]], or correct the date"
                    )),
                );
            } else {
                dates.insert(d, locate(&file.text, entry.peildatum.span()).line);
            }
        }
        let mut anchors = BTreeSet::new();
        let mut efforts = |raw: Vec<HistoryEffortEntry>, diags: &mut Diagnostics| -> Vec<Effort> {
            raw.into_iter()
                .filter_map(|e| {
                    if let Some(s) = &e.source {
                        known_source(s, diags);
                    }
                    let current = EffortEntry {
                        title: e.title,
                        topics: e.topics,
                        description: e.description,
                        notable: None,
                        id: e.id,
                        link_note: e.link_note,
                    };
                    let mut effort = super::municipalities::efforts(
                        file,
                        vec![current],
                        topic_slugs,
                        &mut anchors,
                        diags,
                    )
                    .pop();
                    if let Some(effort) = &mut effort {
                        effort.source = e.source.map(Spanned::into_inner);
                    }
                    effort
                })
                .collect()
        };
        let completed = efforts(entry.completed, diags);
        let planned = efforts(entry.planned, diags);
        out.push(State {
            peildatum: peildatum.unwrap_or(Date {
                year: 0,
                month: 0,
                day: 0,
            }),
            source: entry.source.into_inner(),
            completed,
            planned,
        });
    }
    out
}

/// Reports an id given to two efforts of one state (the current state, or
/// one of the earlier ones): in a state an id names one effort.
pub(super) fn check_unique_ids(file: &SourceFile, raw: &MunicipalityFile, diags: &mut Diagnostics) {
    let current: Vec<&Spanned<String>> = raw
        .completed
        .iter()
        .chain(&raw.planned)
        .filter_map(|e| e.id.as_ref())
        .collect();
    let earlier = raw.history.iter().map(|s| {
        s.completed
            .iter()
            .chain(&s.planned)
            .filter_map(|e| e.id.as_ref())
            .collect::<Vec<_>>()
    });
    for ids in std::iter::once(current).chain(earlier) {
        let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
        for id in ids {
            let v = id.get_ref().trim();
            match seen.get(v) {
                Some(line) => diags.push(
                    file.error(
                        id.span(),
                        format!("the id `{v}` is used twice in one state"),
                    )
                    .with_help(format!(
                        "the first is on line {line}; in one state an id names one effort"
                    )),
                ),
                None => {
                    seen.insert(v, locate(&file.text, id.span()).line);
                }
            }
        }
    }
}

/// Reports every earlier state dated on or after the site's peildatum,
/// which is the date of the current state. The file is read again for the
/// position, only when there is such a state.
pub fn check_dates(
    content: &Path,
    peildatum: Date,
    municipalities: &[std::sync::Arc<Municipality>],
    diags: &mut Diagnostics,
) {
    use super::source::Step;
    for m in municipalities {
        let late: Vec<(usize, Date)> = m
            .history
            .iter()
            .enumerate()
            .filter(|(_, s)| s.peildatum >= peildatum)
            .map(|(i, s)| (i, s.peildatum))
            .collect();
        if late.is_empty() {
            continue;
        }
        source::Spans::of(&content.join(&m.source_file), |spans| {
            for (i, date) in late {
                let at = [Step::Key("history"), Step::Index(i), Step::Key("peildatum")];
                let message = format!(
                    "an earlier state dated {}, not before the site's peildatum {}",
                    date.iso(),
                    peildatum.iso()
                );
                diags.push(spans.at(&at, message).with_help(
                    "the current state is at the top of the file, dated by the peildatum in site.toml; a [[history]] state must be older",
                ));
            }
        });
    }
}
