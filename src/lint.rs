//! Warnings: content that is valid but probably not what the author meant.
//!
//! These run on the validated model and never fail a build: an effort
//! without a topic (it appears on no topic page), a topic no effort uses, a
//! municipality with no efforts at all, and notes that repeat an effort (a
//! line of the source table copied into the wrong field), and a glossary
//! word that no text uses.

use std::collections::BTreeSet;
use std::path::Path;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{Municipality, Site, Status};
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
    use rayon::prelude::*;
    // Municipalities are checked on every core, their warnings kept in
    // model order.
    let per_municipality: Vec<Vec<Diagnostic>> = site
        .municipalities
        .par_iter()
        .map(|m| lint_municipality(m, content))
        .collect();
    let mut out = Diagnostics::default();
    out.0.extend(per_municipality.into_iter().flatten());
    let used: BTreeSet<&str> = site
        .municipalities
        .iter()
        .flat_map(|m| m.completed.iter().chain(&m.planned))
        .flat_map(|e| e.topics.iter().map(String::as_str))
        .collect();
    out.0.extend(unused_terms(site, content));
    let topics_file = content.join("topics.toml");
    for t in &site.topics {
        if !used.contains(t.slug.as_str()) {
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
        for e in m.completed.iter().chain(&m.planned) {
            see(&e.title);
            for text in [&e.description, &e.notable].into_iter().flatten() {
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

fn lint_municipality(m: &Municipality, content: &Path) -> Vec<Diagnostic> {
    let mut out = Vec::new();
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
    out
}
