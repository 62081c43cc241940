//! `content/target_groups.toml`: the target groups as a taxonomy.
//!
//! Optional: without the file a municipality's `target_groups` are free
//! text, as they always were. With it they are slugs of this list, checked
//! like topics (an unknown one is an error with a did-you-mean), and a group
//! may name a broader one (`75-plussers` under `ouderen`), so that filtering
//! on the broader group finds the narrower ones too. Broader groups must
//! exist and may not loop.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use super::files::TargetGroupsFile;
use crate::diagnostics::{Diagnostics, did_you_mean, locate};
use crate::model::TargetGroup;

/// The file's name in the content folder.
pub const FILE: &str = "target_groups.toml";

/// The groups in file order (empty without the file), or `None` when the
/// file has errors.
pub fn load(dir: &Path, diags: &mut Diagnostics) -> Option<Vec<TargetGroup>> {
    let Some((file, raw)) = super::checks::optional_toml::<TargetGroupsFile>(dir, FILE, diags)?
    else {
        return Some(Vec::new());
    };
    let before = diags.len();
    let mut lines: BTreeMap<String, usize> = BTreeMap::new();
    let mut names: BTreeMap<String, usize> = BTreeMap::new();
    for g in &raw.target_groups {
        super::checks::check_slug(&file, &g.slug, "target group slug", diags);
        super::checks::check_not_empty(&file, &g.name, "target group name", diags);
        let line = locate(&file.text, g.slug.span()).line;
        if let Some(first) = lines.get(g.slug.get_ref()) {
            diags.push(
                file.error(
                    g.slug.span(),
                    format!("target group `{}` is defined twice", g.slug.get_ref()),
                )
                .with_help(format!("the first is on line {first}")),
            );
        } else {
            lines.insert(g.slug.get_ref().clone(), line);
        }
        let key = super::guard::name_key(g.name.get_ref());
        if let Some(first) = names.get(&key) {
            diags.push(
                file.error(
                    g.name.span(),
                    format!(
                        "the target group name `{}` is used twice",
                        g.name.get_ref().trim()
                    ),
                )
                .with_help(format!("the first is on line {first}")),
            );
        } else if !key.is_empty() {
            names.insert(key, line);
        }
    }
    let slugs: Vec<&str> = raw
        .target_groups
        .iter()
        .map(|g| g.slug.get_ref().as_str())
        .collect();
    let broader_of: BTreeMap<&str, &str> = raw
        .target_groups
        .iter()
        .filter_map(|g| {
            Some((
                g.slug.get_ref().as_str(),
                g.broader.as_ref()?.get_ref().as_str(),
            ))
        })
        .collect();
    for g in &raw.target_groups {
        let Some(b) = &g.broader else { continue };
        if !slugs.contains(&b.get_ref().as_str()) {
            let help = match did_you_mean(b.get_ref(), slugs.iter().copied()) {
                Some(m) => format!("did you mean `{m}`?"),
                None => "a broader group is the slug of another [[target_groups]] table".into(),
            };
            diags.push(
                file.error(b.span(), format!("unknown target group `{}`", b.get_ref()))
                    .with_help(help),
            );
            continue;
        }
        // Follow the chain: it must end, not come back.
        let mut seen = BTreeSet::from([g.slug.get_ref().as_str()]);
        let mut at = b.get_ref().as_str();
        loop {
            if !seen.insert(at) {
                diags.push(
                    file.error(
                        b.span(),
                        format!("`{}` is broader than itself", g.slug.get_ref()),
                    )
                    .with_help("a chain of broader groups may not loop; remove one `broader`"),
                );
                break;
            }
            match broader_of.get(at) {
                Some(next) => at = next,
                None => break,
            }
        }
    }
    if diags.len() > before {
        return None;
    }
    Some(
        raw.target_groups
            .into_iter()
            .map(|g| TargetGroup {
                slug: g.slug.into_inner(),
                name: g.name.into_inner().trim().to_string(),
                broader: g.broader.map(|b| b.into_inner()),
                synonyms: g.synonyms.into_iter().map(String::from).collect(),
            })
            .collect(),
    )
}
