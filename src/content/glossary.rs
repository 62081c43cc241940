//! `content/glossary.toml`: the words a reader may not know.
//!
//! The file is optional: a site without one gets no glossary page and no
//! links. Each word must be unique (compared as [`super::guard::name_key`]
//! does, without case or Unicode form, across the words and their other
//! forms, since one form can only lead to one explanation)
//! and have an explanation. Whether a word occurs anywhere on the site is a
//! warning, made by `lint` with the position kept here.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use toml::Spanned;

use super::files::GlossaryFile;
use crate::diagnostics::{Diagnostics, locate};
use crate::model::Term;

/// The file's name in the content folder.
pub const FILE: &str = "glossary.toml";

/// The glossary's words in file order, or `None` when the file has errors.
pub fn load(dir: &Path, diags: &mut Diagnostics) -> Option<Vec<Term>> {
    let Some((file, raw)) = super::checks::optional_toml::<GlossaryFile>(dir, FILE, diags)? else {
        return Some(Vec::new());
    };
    let before = diags.len();
    // A word or form (lower case) -> the line where it was first given.
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let mut slugs: BTreeSet<String> = BTreeSet::new();
    let mut terms = Vec::new();
    for t in raw.terms {
        super::checks::check_not_empty(&file, &t.term, "term", diags);
        super::checks::check_not_empty(&file, &t.explanation, "explanation", diags);
        for form in std::iter::once(&t.term).chain(&t.forms) {
            let key = super::guard::name_key(form.get_ref()).replace('\u{2019}', "'");
            if key.is_empty() {
                if !std::ptr::eq(form, &t.term) {
                    diags.push(
                        file.error(form.span(), "an empty form")
                            .with_help("remove it, or write the form between the quotes"),
                    );
                }
                continue;
            }
            let line = locate(&file.text, form.span()).line;
            match seen.get(&key) {
                Some(first) => diags.push(
                    file.error(
                        form.span(),
                        format!("`{}` is in the glossary twice", form.get_ref().trim()),
                    )
                    .with_help(format!(
                        "it is also on line {first}; a word can have one explanation only"
                    )),
                ),
                None => {
                    seen.insert(key, line);
                }
            }
        }
        let at = locate(&file.text, t.term.span());
        let term = t.term.get_ref().trim().to_string();
        let base = match super::slugify(&term) {
            s if s.is_empty() => "begrip".to_string(),
            s => s,
        };
        let slug = super::unique_slug(base, &mut slugs);
        terms.push(Term {
            slug,
            term,
            explanation: t.explanation.into_inner().trim().to_string(),
            forms: t
                .forms
                .into_iter()
                .map(Spanned::into_inner)
                .map(|f| f.trim().to_string())
                .filter(|f| !f.is_empty())
                .collect(),
            defined_at: Some(at),
        });
    }
    (diags.len() == before).then_some(terms)
}
