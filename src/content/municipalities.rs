//! `municipalities/<slug>.toml`: one file per municipality, parsed on
//! every core and kept between builds of the dev server while the file
//! stays the same; its efforts, checked against the topics, sources and
//! places the other files declare.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use toml::Spanned;

use super::checks::{check_not_empty, files_with_extension, slug_from_file_name};
use super::files::EffortEntry;
use super::site::{date, is_http_url};
use super::source::SourceFile;
use super::{Cache, guard, history, places, source};
use crate::diagnostics::{Diagnostic, Diagnostics, did_you_mean};
use crate::model::{Effort, Municipality, Topic};
use crate::text::{slugify, unique_slug};

/// What municipality files refer to, from the other files: topics, the
/// sources of site.toml and the target groups (slug -> name), each `None`
/// when its file could not be read or the site has none.
pub(super) struct Known<'a> {
    pub(super) topics: Option<&'a [Topic]>,
    pub(super) source_ids: Option<&'a [String]>,
    pub(super) groups: Option<&'a BTreeMap<String, String>>,
    /// Provinces, the code pattern and the map of site.toml.
    pub(super) places: &'a places::Places,
}

pub(super) fn load_municipalities(
    dir: &Path,
    root: &Path,
    known: &Known,
    cache: &mut Cache,
    changed: Option<&[PathBuf]>,
    diags: &mut Diagnostics,
) -> Vec<Arc<Municipality>> {
    use rayon::prelude::*;
    let Known {
        topics,
        source_ids,
        groups,
        places,
    } = *known;
    if !dir.is_dir() {
        diags.push(
            Diagnostic::file(dir, "the municipalities folder is missing")
                .with_help("add one <slug>.toml file per municipality in content/municipalities/"),
        );
        *cache = Cache::default();
        return Vec::new();
    }
    let context = (
        topics.map_or_else(Vec::new, |ts| ts.iter().map(|t| t.slug.clone()).collect()),
        source_ids.map(<[String]>::to_vec),
        groups.cloned(),
        places.clone(),
    );
    let abs_dir = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
    if cache.context.as_ref() != Some(&context) || cache.dir != abs_dir {
        *cache = Cache {
            context: Some(context),
            dir: abs_dir,
            ..Cache::default()
        };
    }
    // The changed files of this folder, as the loader names them.
    let is_municipality_file = |p: &Path| {
        let name = p
            .file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default();
        !name.starts_with('.') && p.extension().is_some_and(|x| x == "toml")
    };
    // A link may lead anywhere in the content folder: a change elsewhere
    // may be a change of a linked file, or mend a broken link.
    let outside = changed.is_some_and(|paths| {
        paths
            .iter()
            .any(|p| p.parent() != Some(cache.dir.as_path()))
    });
    let changed: Option<BTreeSet<PathBuf>> = changed.map(|paths| {
        let mut here: BTreeSet<PathBuf> = paths
            .iter()
            .filter(|p| p.parent() == Some(cache.dir.as_path()) && is_municipality_file(p))
            .filter_map(|p| p.file_name().map(|n| dir.join(n)))
            .collect();
        if outside {
            here.extend(cache.links.iter().cloned());
        }
        here
    });
    // The set of files stays as it was when every changed file is one we
    // know and is still there; otherwise list the folder again.
    let same_files = !cache.files.is_empty()
        && (!outside || cache.listing.is_empty())
        && changed
            .as_ref()
            .is_some_and(|c| c.iter().all(|p| cache.files.contains_key(p) && p.is_file()));
    // The files to parse: the changed ones, or, when the folder was
    // listed, those that are new or changed (all of them without a list of
    // changes).
    let (to_load, listed): (Vec<PathBuf>, Option<Vec<PathBuf>>) = match (same_files, &changed) {
        (true, Some(c)) => {
            diags.0.extend(cache.listing.iter().cloned());
            (c.iter().cloned().collect(), None)
        }
        _ => {
            let mut listing = Diagnostics::default();
            let (paths, links) = files_with_extension(dir, "toml", root, &mut listing);
            diags.0.extend(listing.iter().cloned());
            cache.listing = listing;
            cache.links = links;
            let stale = |p: &&PathBuf| {
                !cache.files.contains_key(*p) || changed.as_ref().is_none_or(|c| c.contains(*p))
            };
            (paths.iter().filter(stale).cloned().collect(), Some(paths))
        }
    };
    let topic_slugs: Option<BTreeSet<&str>> =
        topics.map(|ts| ts.iter().map(|t| t.slug.as_str()).collect());
    // Files do not depend on each other: parse and check them on every core.
    let fresh: Vec<(PathBuf, Arc<LoadedMunicipality>)> = to_load
        .par_iter()
        .map(|p| {
            let loaded = load_municipality(p, topic_slugs.as_ref(), source_ids, groups, places);
            (p.clone(), Arc::new(loaded))
        })
        .collect();
    if let Some(paths) = listed {
        let keep: BTreeSet<PathBuf> = paths.into_iter().collect();
        cache.files.retain(|p, _| keep.contains(p));
    }
    cache.files.extend(fresh);
    assemble_municipalities(cache.files.iter().map(|(p, l)| (&**l, p)), diags)
}

/// What one municipality file gives on its own: the municipality when the
/// file is valid, and the file's problems. It depends only on the file and
/// on the topics and source ids of the site.
#[derive(Debug, Clone)]
pub struct LoadedMunicipality {
    pub municipality: Option<Arc<Municipality>>,
    pub diagnostics: Diagnostics,
    /// The name as compared for duplicates ([`guard::name_key`]), with the
    /// error to report when an earlier file has the same name.
    duplicate: Option<(String, Diagnostic)>,
    /// The code, with the error to report when an earlier file has it too.
    code: Option<(String, Diagnostic)>,
}

/// Reads, parses and checks one municipality file.
pub fn load_municipality(
    path: &Path,
    topic_slugs: Option<&BTreeSet<&str>>,
    source_ids: Option<&[String]>,
    groups: Option<&BTreeMap<String, String>>,
    places: &places::Places,
) -> LoadedMunicipality {
    let mut diags = Diagnostics::default();
    let mut duplicate = None;
    let mut code = None;
    let municipality = parse_municipality(
        path,
        topic_slugs,
        source_ids,
        (groups, places),
        &mut diags,
        (&mut duplicate, &mut code),
    );
    LoadedMunicipality {
        municipality,
        diagnostics: diags,
        duplicate,
        code,
    }
}

/// What a file gives for the checks across files: its name and its code,
/// each with the error to report when an earlier file has the same.
type Duplicates<'a> = (
    &'a mut Option<(String, Diagnostic)>,
    &'a mut Option<(String, Diagnostic)>,
);

pub(super) fn parse_municipality(
    path: &Path,
    topic_slugs: Option<&BTreeSet<&str>>,
    source_ids: Option<&[String]>,
    (groups, places): (Option<&BTreeMap<String, String>>, &places::Places),
    diags: &mut Diagnostics,
    (duplicate, duplicate_code): Duplicates,
) -> Option<Arc<Municipality>> {
    let slug = slug_from_file_name(path, diags);
    let file = source::read(path, diags)?;
    let raw = history::parse(&file, diags)?;
    history::check_unique_ids(&file, &raw, diags);
    check_not_empty(&file, &raw.name, "name", diags);
    check_not_empty(&file, &raw.province, "province", diags);
    places::check_province(&file, &raw.province, places, diags);
    let code = places::check_code(&file, raw.code.as_ref(), places, diags);
    if let (Some(c), Some(span)) = (&code, raw.code.as_ref().map(Spanned::span)) {
        let error = file.error(span, format!("the code `{c}` is already taken"));
        *duplicate_code = Some((c.clone(), error));
    }
    let location = places::check_location(&file, raw.location.as_ref(), places, diags);
    let key = guard::name_key(raw.name.get_ref());
    if !key.is_empty() {
        let error = file.error(
            raw.name.span(),
            format!("the municipality `{}` already exists", raw.name.get_ref()),
        );
        *duplicate = Some((key, error));
    }
    if let Some(ids) = source_ids {
        for s in &raw.sources {
            check_known(
                &file,
                s,
                ids.iter().map(String::as_str),
                "source",
                "[[sources]] in site.toml",
                diags,
            );
        }
    }
    // With a taxonomy, target groups are its slugs; the model keeps names.
    let mut target_groups: Vec<String> = Vec::new();
    for g in &raw.target_groups {
        match groups {
            Some(names) => {
                if check_known(
                    &file,
                    g,
                    names.keys().map(String::as_str),
                    "target group",
                    "target_groups.toml",
                    diags,
                ) && let Some(name) = names.get(g.get_ref().as_str())
                    && !target_groups.contains(name)
                {
                    target_groups.push(name.clone());
                }
            }
            None => target_groups.push(g.get_ref().to_string()),
        }
    }
    if let Some(url) = &raw.website
        && !is_http_url(url.get_ref())
    {
        diags.push(file.error(url.span(), "website must start with https:// or http://"));
    }
    let updated = raw
        .updated
        .as_ref()
        .and_then(|u| date(&file, u, "updated", diags));
    let mut anchors = BTreeSet::new();
    let completed = efforts(&file, raw.completed, topic_slugs, &mut anchors, diags);
    let planned = efforts(&file, raw.planned, topic_slugs, &mut anchors, diags);
    let history = history::states(&file, raw.history, topic_slugs, source_ids, diags);
    let slug = slug?;
    let mut sources: Vec<String> = raw.sources.into_iter().map(Spanned::into_inner).collect();
    if sources.is_empty()
        && let Some(first) = source_ids.and_then(|ids| ids.first())
    {
        sources.push(first.clone());
    }
    let source_file = format!(
        "municipalities/{}",
        path.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    );
    let m = Municipality {
        slug,
        source_file,
        updated,
        name: raw.name.into_inner().trim().to_string(),
        province: raw.province.into_inner().trim().to_string(),
        sources,
        target_groups,
        regional_partners: raw
            .regional_partners
            .into_iter()
            .map(String::from)
            .collect(),
        website: raw.website.map(Spanned::into_inner),
        split_reconstructed: raw.split_reconstructed,
        notes: raw.notes.map(String::from).filter(|n| !n.trim().is_empty()),
        completed,
        planned,
        code,
        location,
        history,
    };
    Some(Arc::new(m))
}

/// The site's municipalities from the files' results, given in file name
/// order: problems of every file, a duplicate name reported at the later
/// file, the valid municipalities sorted by name.
pub(super) fn assemble_municipalities<'a>(
    loaded: impl IntoIterator<Item = (&'a LoadedMunicipality, &'a PathBuf)>,
    diags: &mut Diagnostics,
) -> Vec<Arc<Municipality>> {
    let mut names: HashMap<&str, &Path> = HashMap::new();
    let mut codes: HashMap<&str, &Path> = HashMap::new();
    // Sorted by the lower-cased name the duplicate check uses (names are
    // trimmed), then by slug: no string is made per comparison.
    let mut out: Vec<(&str, &Arc<Municipality>)> = Vec::new();
    for (file, path) in loaded {
        diags.0.extend(file.diagnostics.0.iter().cloned());
        let key = file.duplicate.as_ref().map_or("", |(key, _)| key.as_str());
        // What must be unique across files: the first file with a value
        // keeps it, every later one is reported with where it was first.
        let mut unique = |seen: &mut HashMap<&'a str, &'a Path>,
                          value: &'a Option<(String, Diagnostic)>,
                          help: fn(&Path) -> String| {
            if let Some((key, error)) = value {
                match seen.get(key.as_str()) {
                    Some(first) => diags.push(error.clone().with_help(help(first))),
                    None => {
                        seen.insert(key, path);
                    }
                }
            }
        };
        unique(&mut names, &file.duplicate, |first| {
            format!(
                "it is also in {}; keep one file per municipality",
                first.display()
            )
        });
        unique(&mut codes, &file.code, |first| {
            format!(
                "{} has it too; every municipality has its own code",
                first.display()
            )
        });
        if let Some(m) = &file.municipality {
            out.push((key, m));
        }
    }
    out.sort_unstable_by(|a, b| a.0.cmp(b.0).then_with(|| a.1.slug.cmp(&b.1.slug)));
    out.into_iter().map(|(_, m)| m.clone()).collect()
}

/// Reports a reference that is not among `known`, with a did-you-mean.
pub(super) fn check_known<'a>(
    file: &SourceFile,
    value: &Spanned<impl AsRef<str>>,
    known: impl Iterator<Item = &'a str> + Clone,
    what: &str,
    defined_in: &str,
    diags: &mut Diagnostics,
) -> bool {
    let v = value.get_ref().as_ref();
    if known.clone().any(|k| k == v) {
        return true;
    }
    let help = match did_you_mean(v, known) {
        Some(m) => format!("did you mean `{m}`?"),
        None => format!("{what}s are defined in {defined_in}"),
    };
    diags.push(
        file.error(value.span(), format!("unknown {what} `{v}`"))
            .with_help(help),
    );
    false
}

pub(super) fn efforts(
    file: &SourceFile,
    raw: Vec<EffortEntry>,
    topic_slugs: Option<&BTreeSet<&str>>,
    anchors: &mut BTreeSet<String>,
    diags: &mut Diagnostics,
) -> Vec<Effort> {
    raw.into_iter()
        .map(|e| {
            check_not_empty(file, &e.title, "title", diags);
            if let Some(n) = &e.notable
                && n.get_ref().trim().is_empty()
            {
                diags
                    .push(file.error(n.span(), "notable is empty").with_help(
                        "write why a source singles the effort out, or remove the line",
                    ));
            }
            let mut topics = Vec::new();
            for t in &e.topics {
                let known = match topic_slugs {
                    Some(slugs) => check_known(
                        file,
                        t,
                        slugs.iter().copied(),
                        "topic",
                        "topics.toml",
                        diags,
                    ),
                    None => true,
                };
                if known && !topics.contains(t.get_ref()) {
                    topics.push(t.get_ref().clone());
                }
            }
            let link = history::link(file, e.id, e.link_note, diags);
            let title = e.title.into_inner().trim().to_string();
            Effort {
                anchor: unique_anchor(&title, anchors),
                title,
                topics,
                description: e
                    .description
                    .map(String::from)
                    .filter(|d| !d.trim().is_empty()),
                notable: e
                    .notable
                    .map(|n| n.into_inner().trim().to_string())
                    .filter(|n| !n.is_empty()),
                id: link.id,
                link_note: link.link_note,
                source: None,
            }
        })
        .collect()
}

/// A fragment id from the title, made unique on its page with `-2`, `-3`…
pub(super) fn unique_anchor(title: &str, taken: &mut BTreeSet<String>) -> String {
    // Prefixed, so no title can take an id the theme uses (`inhoud`, `gedaan`).
    let base = match slugify(title) {
        s if s.is_empty() => "inzet".to_string(),
        s => format!("inzet-{s}"),
    };
    unique_slug(base, taken)
}
