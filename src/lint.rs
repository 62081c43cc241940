//! Warnings: content that is valid but probably not what the author meant.
//!
//! These run on the validated model and never fail a build: an effort
//! without a topic (it appears on no topic page), a topic no effort uses, a
//! municipality with no efforts at all, and notes that repeat an effort (a
//! line of the source table copied into the wrong field).

use std::collections::BTreeSet;
use std::path::Path;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{Site, Status};
use crate::render::markdown::plain_text;

fn normalize(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .trim_end_matches('.')
        .to_lowercase()
}

/// Every warning for the site; `content` is the content folder, to name files.
pub fn lint(site: &Site, content: &Path) -> Diagnostics {
    let mut out = Diagnostics::default();
    let mut used = BTreeSet::new();
    for m in &site.municipalities {
        let file = content.join(&m.source_file);
        if m.completed.is_empty() && m.planned.is_empty() {
            out.push(
                Diagnostic::file(
                    &file,
                    format!("{} has no completed and no planned efforts", m.name),
                )
                .with_help("add [[completed]] or [[planned]] tables, or remove the file")
                .warning(),
            );
        }
        let titles: BTreeSet<String> = m
            .completed
            .iter()
            .chain(&m.planned)
            .map(|e| normalize(&e.title))
            .collect();
        for status in [Status::Completed, Status::Planned] {
            for e in m.efforts(status) {
                used.extend(e.topics.iter().cloned());
                if e.topics.is_empty() {
                    out.push(
                        Diagnostic::file(&file, format!("the effort `{}` has no topic", e.title))
                            .with_help("add topics = [\"…\"]; without one it is on no topic page")
                            .warning(),
                    );
                }
            }
        }
        if let Some(notes) = &m.notes {
            for paragraph in notes.split("\n\n") {
                let text = normalize(&plain_text(paragraph));
                if !text.is_empty() && titles.contains(&text) {
                    out.push(
                        Diagnostic::file(
                            &file,
                            format!("the notes repeat the effort `{}`", plain_text(paragraph)),
                        )
                        .with_help("keep it in one place: as an effort, or as a note")
                        .warning(),
                    );
                }
            }
        }
    }
    let topics_file = content.join("topics.toml");
    for t in &site.topics {
        if !used.contains(&t.slug) {
            out.push(
                Diagnostic::file(
                    &topics_file,
                    format!("no effort uses the topic `{}`", t.slug),
                )
                .with_help("tag an effort with it, or remove it: its page would be empty")
                .warning(),
            );
        }
    }
    out
}
