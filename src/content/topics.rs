//! `topics.toml`: the topics efforts refer to, with their slugs, names,
//! descriptions and other names.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use super::checks::{check_not_empty, check_slug, required_toml};
use super::files::TopicsFile;
use super::guard;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::Topic;

pub(super) fn load_topics(path: &Path, root: &Path, diags: &mut Diagnostics) -> Option<Vec<Topic>> {
    let missing = Diagnostic::file(path, "topics.toml is missing").with_help(
        "add a topics.toml with one [[topics]] table (slug, name, description) per topic",
    );
    let (file, raw) = required_toml::<TopicsFile>(path, root, missing, diags)?;
    let before = diags.len();
    let mut topics = Vec::new();
    let mut seen = BTreeSet::new();
    let mut names: BTreeMap<String, usize> = BTreeMap::new();
    for t in raw.topics {
        check_slug(&file, &t.slug, "topic slug", diags);
        check_not_empty(&file, &t.name, "topic name", diags);
        let key = guard::name_key(t.name.get_ref());
        if let Some(line) = names.get(&key) {
            diags.push(
                file.error(
                    t.name.span(),
                    format!("the topic name `{}` is used twice", t.name.get_ref().trim()),
                )
                .with_help(format!(
                    "the first is on line {line}; readers could not tell the two apart"
                )),
            );
        } else if !key.is_empty() {
            let line = crate::diagnostics::locate(&file.text, t.name.span()).line;
            names.insert(key, line);
        }
        if !seen.insert(t.slug.get_ref().clone()) {
            diags.push(
                file.error(
                    t.slug.span(),
                    format!("topic `{}` is defined twice", t.slug.get_ref()),
                )
                .with_help("remove one of the two, or give it another slug"),
            );
        }
        topics.push(Topic {
            slug: t.slug.into_inner(),
            name: t.name.into_inner().into(),
            description: t.description.into_inner().into(),
            synonyms: t.synonyms.into_iter().map(String::from).collect(),
        });
    }
    (diags.len() == before).then_some(topics)
}
