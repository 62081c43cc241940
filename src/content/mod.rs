//! Loading and validating `content/` into the [`Site`] model.
//!
//! Layout of a content directory:
//!
//! ```text
//! site.toml                    title, base_url, peildatum, sources, theme
//! topics.toml                  [[topics]] slug, name, description, synonyms
//! municipalities/<slug>.toml   one per municipality
//! pages/<slug>.md              +++ TOML front matter +++ then Markdown
//! ```
//!
//! Every check runs even after earlier ones failed, so one run reports all
//! problems: syntax and schema errors per file (from [`source`]), then the
//! cross-file checks (unknown topics and sources, duplicates, empty titles,
//! file names) here. Only a clean run yields a model.

pub mod files;
pub mod glossary;
pub mod guard;
pub mod history;
pub mod places;
pub mod source;
pub mod target_groups;
pub mod warnings;

mod checks;
mod municipalities;
mod pages;
mod site;
mod topics;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::Site;
use crate::text::{slugify, unique_slug};

use municipalities::{Known, LoadedMunicipality, load_municipalities};
use pages::load_pages;
use site::{check_reconstructed_info, load_site};
use topics::load_topics;

/// What loading needs to know about the world outside `content/`.
#[derive(Debug, Clone)]
pub struct LoadOptions {
    /// Names of the themes that can be used (on disk, plus the embedded one).
    pub themes: Vec<String>,
    /// Overrides `base_url` from `site.toml`.
    pub base_url: Option<String>,
}

/// Loads and validates a content directory.
pub fn load(dir: &Path, options: &LoadOptions) -> Result<Site, Diagnostics> {
    load_cached(dir, options, &mut Cache::default(), None)
}

type Context = (
    Vec<String>,
    Option<Vec<String>>,
    Option<BTreeMap<String, String>>,
    places::Places,
);

/// Municipality files as last loaded, kept by the dev server between
/// rebuilds so that a save parses one file, not all of them.
#[derive(Debug, Default)]
pub struct Cache {
    /// The topic slugs, source ids, target groups and places the files were
    /// checked against.
    context: Option<Context>,
    /// The municipalities folder the files are in, absolute.
    dir: PathBuf,
    /// Every municipality file with its result, in file name order.
    files: BTreeMap<PathBuf, Arc<LoadedMunicipality>>,
    /// The files among them that are symbolic links: their targets are
    /// elsewhere in the content folder.
    links: BTreeSet<PathBuf>,
    /// What was wrong with the folder's entries when it was last listed
    /// (broken links, folders, named pipes).
    listing: Diagnostics,
}

/// [`load`], reusing what `cache` holds from the previous call. `changed`
/// lists the files (absolute paths) that may have changed since; `None`
/// means anything may have, and every file is read again. The result is
/// the same as [`load`]'s for the same files.
pub fn load_cached(
    dir: &Path,
    options: &LoadOptions,
    cache: &mut Cache,
    changed: Option<&[PathBuf]>,
) -> Result<Site, Diagnostics> {
    let mut diags = Diagnostics::default();
    if !dir.is_dir() {
        diags.push(
            Diagnostic::file(dir, "the content directory does not exist")
                .with_help("run vergelijk in the site's folder, or pass --content DIR"),
        );
        return Err(diags);
    }

    let config = load_site(&dir.join("site.toml"), dir, options, &mut diags);
    let topics = load_topics(&dir.join("topics.toml"), dir, &mut diags);
    let source_ids: Option<Vec<String>> = config
        .as_ref()
        .map(|c| c.sources.iter().map(|s| s.id.clone()).collect());
    let groups = target_groups::load(dir, &mut diags);
    // Slug -> name, when the site has a taxonomy of target groups.
    let group_names: Option<BTreeMap<String, String>> = groups
        .as_ref()
        .filter(|g| !g.is_empty())
        .map(|g| g.iter().map(|t| (t.slug.clone(), t.name.clone())).collect());
    let places = config.as_ref().map_or_else(places::Places::default, |c| {
        places::Places::new(&c.provinces, c.code.as_ref(), c.map.as_ref())
    });
    let known = Known {
        topics: topics.as_deref(),
        source_ids: source_ids.as_deref(),
        groups: group_names.as_ref(),
        places: &places,
    };
    let municipalities = load_municipalities(
        &dir.join("municipalities"),
        dir,
        &known,
        cache,
        changed,
        &mut diags,
    );
    let has_contact = config.as_ref().is_none_or(|c| c.contact.is_some());
    let pages = load_pages(&dir.join("pages"), dir, has_contact, &mut diags);
    let glossary = glossary::load(dir, &mut diags);
    if let Some(c) = &config {
        check_reconstructed_info(dir, c, &pages, &mut diags);
        history::check_dates(dir, c.peildatum, &municipalities, &mut diags);
    }

    diags.sort();
    match (config, topics, glossary, groups) {
        (Some(config), Some(topics), Some(glossary), Some(target_groups)) if diags.is_empty() => {
            let mut site = Site {
                config,
                topics,
                municipalities,
                pages,
                glossary,
                target_groups,
                warnings: Diagnostics::default(),
            };
            // Warnings never stop a build; they come with the site, so
            // every caller (check, build, serve) has the same ones.
            site.warnings = warnings::lint(&site, dir);
            Ok(site)
        }
        _ => Err(diags),
    }
}

#[cfg(test)]
mod tests {
    use super::municipalities::unique_anchor;
    use super::site::is_email;
    use std::collections::BTreeSet;

    #[test]
    fn contact_addresses() {
        assert!(is_email("redactie@example.org"));
        assert!(!is_email("x'?subject=boos&cc=boos@example.org"));
        assert!(!is_email("a@b@example.org"));
        assert!(!is_email("geen-adres"));
    }

    #[test]
    fn anchors_are_unique() {
        let mut taken = BTreeSet::new();
        assert_eq!(
            unique_anchor("Week tegen eenzaamheid", &mut taken),
            "inzet-week-tegen-eenzaamheid"
        );
        assert_eq!(
            unique_anchor("Week tegen eenzaamheid", &mut taken),
            "inzet-week-tegen-eenzaamheid-2"
        );
        assert_eq!(unique_anchor("‘’", &mut taken), "inzet");
    }
}
