//! Warnings: content that is valid but probably not what the author meant.
//!
//! These run on the validated model at the end of loading, come with the
//! [`Site`] (`site.warnings`) and never fail a build: an effort
//! without a topic (it appears on no topic page), a topic no effort uses, a
//! municipality with no efforts at all, notes that repeat an effort (a line
//! of the source table copied into the wrong field), a glossary word that
//! no text uses, dates that cannot be meant (a peildatum or an `updated`
//! date after today, or an `updated` date before the peildatum of the
//! sources the file draws on), and an effort's id that no other state of
//! its municipality uses.
//!
//! The model has no positions; a file with warnings is read again to point
//! at the value each one is about ([`source::Spans`]), so files without
//! warnings cost nothing.

use std::collections::BTreeSet;
use std::path::Path;

use crate::content::source::{self, Step};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{Date, Municipality, Site, Status};
use crate::render::markdown::plain_text;

fn normalize(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .trim_end_matches('.')
        .to_lowercase()
}

/// A warning about the value at `at` in a file (or, with `needle`, about
/// that text inside the value).
struct Finding {
    at: Vec<Step<'static>>,
    needle: Option<String>,
    message: String,
    help: String,
}

impl Finding {
    fn new(at: Vec<Step<'static>>, message: String, help: impl Into<String>) -> Finding {
        Finding {
            at,
            needle: None,
            message,
            help: help.into(),
        }
    }
}

/// The findings about the file at `path` as warnings with positions.
fn place(path: &Path, findings: Vec<Finding>) -> Vec<Diagnostic> {
    if findings.is_empty() {
        return Vec::new();
    }
    source::Spans::of(path, |spans| {
        findings
            .into_iter()
            .map(|f| {
                let d = match &f.needle {
                    Some(needle) => spans.at_text(&f.at, needle, f.message),
                    None => spans.at(&f.at, f.message),
                };
                d.with_help(f.help).warning()
            })
            .collect()
    })
}

/// The last day that is not in the future anywhere: tomorrow in UTC (some
/// time zones are a day ahead of it).
fn latest_possible_today() -> Date {
    Date::today_plus(1)
}

/// Every warning for the site; `content` is the content folder, to name files.
pub fn lint(site: &Site, content: &Path) -> Diagnostics {
    lint_as_of(site, content, latest_possible_today())
}

/// [`lint`], with `today` as the last date that is not in the future.
pub fn lint_as_of(site: &Site, content: &Path, today: Date) -> Diagnostics {
    use rayon::prelude::*;
    let mut out = Diagnostics::default();
    let peildatum = site.config.peildatum;
    if peildatum > today {
        out.0.extend(place(
            &content.join("site.toml"),
            vec![Finding::new(
                vec![Step::Key("peildatum")],
                format!("the peildatum {} is in the future", peildatum.iso()),
                "the peildatum is the date the data describe; check the year",
            )],
        ));
    }
    // Municipalities are checked on every core, their warnings kept in
    // model order.
    let per_municipality: Vec<Vec<Diagnostic>> = site
        .municipalities
        .par_iter()
        .map(|m| lint_municipality(m, peildatum, today, content))
        .collect();
    out.0.extend(per_municipality.into_iter().flatten());
    out.0.extend(unused_terms(site, content));
    let used: BTreeSet<&str> = site
        .municipalities
        .iter()
        .flat_map(|m| m.completed.iter().chain(&m.planned))
        .flat_map(|e| e.topics.iter().map(String::as_str))
        .collect();
    let unused: Vec<Finding> = site
        .topics
        .iter()
        .enumerate()
        .filter(|(_, t)| !used.contains(t.slug.as_str()))
        .map(|(i, t)| {
            Finding::new(
                vec![Step::Key("topics"), Step::Index(i), Step::Key("slug")],
                format!("no effort uses the topic `{}`", t.slug),
                "tag an effort with it, or remove it: its page would be empty",
            )
        })
        .collect();
    out.0.extend(place(&content.join("topics.toml"), unused));
    out
}

/// Glossary words that no text of the site uses: their entry is linked
/// from nowhere. The texts are the ones pages link words in.
fn unused_terms(site: &Site, content: &Path) -> Vec<Diagnostic> {
    let Some(glossary) = crate::glossary::Glossary::new(&site.glossary) else {
        return Vec::new();
    };
    let mut used = vec![false; site.glossary.len()];
    let mut see = |text: &str| {
        for (_, _, term) in glossary.find(text) {
            used[term] = true;
        }
    };
    see(&site.config.description);
    for t in &site.topics {
        see(&t.name);
        see(&t.description);
    }
    for m in &site.municipalities {
        see(m.notes.as_deref().unwrap_or(""));
        // Earlier states are on the page too, under "Voortgang".
        let earlier = m
            .history
            .iter()
            .flat_map(|s| s.completed.iter().chain(&s.planned));
        for e in m.completed.iter().chain(&m.planned).chain(earlier) {
            see(&e.title);
            for text in [&e.description, &e.notable, &e.link_note]
                .into_iter()
                .flatten()
            {
                see(text);
            }
        }
    }
    for p in &site.pages {
        see(&p.body);
    }
    let file = content.join(crate::content::glossary::FILE);
    site.glossary
        .iter()
        .zip(used)
        .filter(|(_, used)| !used)
        .map(|(t, _)| {
            let mut d = Diagnostic::file(
                &file,
                format!("no text of the site uses the glossary word `{}`", t.term),
            )
            .with_help("add the form the texts use to `forms`, or remove the word")
            .warning();
            d.location = t.defined_at.clone();
            d
        })
        .collect()
}

/// Ids that no other state of the municipality uses: they follow the
/// effort nowhere (a typo, or a link the editors meant to make).
fn unlinked_ids(m: &Municipality) -> Vec<Finding> {
    // Each state's efforts with the steps to them in the file: the current
    // state first, then the earlier ones in file order.
    let mut states: Vec<Vec<(Vec<Step<'static>>, &crate::model::Effort)>> = Vec::new();
    let current = [("completed", &m.completed), ("planned", &m.planned)];
    states.push(
        current
            .iter()
            .flat_map(|(key, efforts)| {
                efforts
                    .iter()
                    .enumerate()
                    .map(|(i, e)| (vec![Step::Key(key), Step::Index(i), Step::Key("id")], e))
            })
            .collect(),
    );
    for (s, state) in m.history.iter().enumerate() {
        let lists = [("completed", &state.completed), ("planned", &state.planned)];
        states.push(
            lists
                .iter()
                .flat_map(|(key, efforts)| {
                    efforts.iter().enumerate().map(move |(i, e)| {
                        let at = vec![
                            Step::Key("history"),
                            Step::Index(s),
                            Step::Key(key),
                            Step::Index(i),
                            Step::Key("id"),
                        ];
                        (at, e)
                    })
                })
                .collect(),
        );
    }
    let mut states_with: std::collections::BTreeMap<&str, usize> = Default::default();
    for state in &states {
        let ids: BTreeSet<&str> = state.iter().filter_map(|(_, e)| e.id.as_deref()).collect();
        for id in ids {
            *states_with.entry(id).or_default() += 1;
        }
    }
    states
        .into_iter()
        .flatten()
        .filter_map(|(at, e)| {
            let id = e.id.as_deref()?;
            (states_with[id] < 2).then(|| {
                Finding::new(
                    at,
                    format!("the id `{id}` links to nothing in another state"),
                    "give the effort it continues (in [[history]] or the current lists) the same id, or remove it",
                )
            })
        })
        .collect()
}

fn lint_municipality(
    m: &Municipality,
    peildatum: Date,
    today: Date,
    content: &Path,
) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    if let Some(updated) = m.updated {
        if updated > today {
            found.push(Finding::new(
                vec![Step::Key("updated")],
                format!("`updated` {} is in the future", updated.iso()),
                "write the date the file was last brought up to date",
            ));
        } else if updated < peildatum {
            found.push(Finding::new(
                vec![Step::Key("updated")],
                format!(
                    "`updated` {} is before the peildatum {} of the sources",
                    updated.iso(),
                    peildatum.iso()
                ),
                "the file draws on sources of that date, so it cannot have been brought up to date before it; check the year",
            ));
        }
    }
    if m.completed.is_empty() && m.planned.is_empty() {
        found.push(Finding::new(
            vec![Step::Key("name")],
            format!("{} has no completed and no planned efforts", m.name),
            "add [[completed]] or [[planned]] tables, or remove the file",
        ));
    }
    let titles: BTreeSet<String> = m
        .completed
        .iter()
        .chain(&m.planned)
        .map(|e| normalize(&e.title))
        .collect();
    for status in [Status::Completed, Status::Planned] {
        let key = match status {
            Status::Completed => "completed",
            Status::Planned => "planned",
        };
        for (i, e) in m.efforts(status).iter().enumerate() {
            if e.topics.is_empty() {
                found.push(Finding::new(
                    vec![Step::Key(key), Step::Index(i), Step::Key("title")],
                    format!("the effort `{}` has no topic", e.title),
                    "add topics = [\"…\"]; without one it is on no topic page",
                ));
            }
        }
    }
    found.extend(unlinked_ids(m));
    if let Some(notes) = &m.notes {
        for paragraph in notes.split("\n\n") {
            let text = normalize(&plain_text(paragraph));
            if !text.is_empty() && titles.contains(&text) {
                found.push(Finding {
                    needle: paragraph
                        .lines()
                        .map(str::trim)
                        .find(|l| !l.is_empty())
                        .map(str::to_string),
                    ..Finding::new(
                        vec![Step::Key("notes")],
                        format!("the notes repeat the effort `{}`", plain_text(paragraph)),
                        "keep it in one place: as an effort, or as a note",
                    )
                });
            }
        }
    }
    place(&content.join(&m.source_file), found)
}
