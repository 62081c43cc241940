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

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use toml::Spanned;

use crate::diagnostics::{Diagnostic, Diagnostics, did_you_mean};
use crate::model::{Date, Effort, Municipality, Page, Site, SiteConfig, Source, Topic};
use crate::text::{
    close_direction_controls as close_direction_controls_text, is_slug, slugify, unique_slug,
};
use files::{EffortEntry, PageFront, SiteFile, TopicsFile};
use source::SourceFile;

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
            close_direction_controls(&mut site);
            // Warnings never stop a build; they come with the site, so
            // every caller (check, build, serve) has the same ones.
            site.warnings = warnings::lint(&site, dir);
            Ok(site)
        }
        _ => Err(diags),
    }
}

/// Applies [`close_direction_controls_text`] to every text of a municipality
/// (done as each file is loaded).
fn close_direction_controls_text_municipality(m: &mut Municipality) {
    let fix = close_direction_controls_text;
    fix(&mut m.name);
    fix(&mut m.province);
    m.target_groups.iter_mut().for_each(fix);
    m.regional_partners.iter_mut().for_each(fix);
    if let Some(n) = &mut m.notes {
        fix(n);
    }
    let earlier = m
        .history
        .iter_mut()
        .flat_map(|s| s.completed.iter_mut().chain(s.planned.iter_mut()));
    for e in m
        .completed
        .iter_mut()
        .chain(m.planned.iter_mut())
        .chain(earlier)
    {
        fix(&mut e.title);
        for t in [&mut e.description, &mut e.notable, &mut e.link_note]
            .into_iter()
            .flatten()
        {
            fix(t);
        }
    }
}

/// Applies [`close_direction_controls_text`] to every text of the site but
/// the municipalities (see [`close_direction_controls_text_municipality`]).
fn close_direction_controls(site: &mut Site) {
    let fix = close_direction_controls_text;
    let c = &mut site.config;
    for t in [&mut c.title, &mut c.description] {
        fix(t);
    }
    for t in [&mut c.license, &mut c.contact].into_iter().flatten() {
        fix(t);
    }
    for s in &mut c.sources {
        fix(&mut s.title);
        for t in [&mut s.publisher, &mut s.date].into_iter().flatten() {
            fix(t);
        }
    }
    for t in &mut site.topics {
        fix(&mut t.name);
        fix(&mut t.description);
        t.synonyms.iter_mut().for_each(fix);
    }
    for g in &mut site.target_groups {
        fix(&mut g.name);
        g.synonyms.iter_mut().for_each(fix);
    }
    for t in &mut site.glossary {
        fix(&mut t.term);
        fix(&mut t.explanation);
        t.forms.iter_mut().for_each(fix);
    }
    for p in &mut site.pages {
        fix(&mut p.title);
        fix(&mut p.body);
        if let Some(d) = &mut p.description {
            fix(d);
        }
    }
}

fn check_not_empty(
    file: &SourceFile,
    value: &Spanned<String>,
    what: &str,
    diags: &mut Diagnostics,
) {
    if value.get_ref().trim().is_empty() {
        diags.push(
            file.error(value.span(), format!("{what} is empty"))
                .with_help(format!("write the {what} between the quotes")),
        );
    }
}

fn check_slug(file: &SourceFile, value: &Spanned<String>, what: &str, diags: &mut Diagnostics) {
    let v = value.get_ref();
    if !is_slug(v) {
        let suggestion = slugify(v);
        let help = if suggestion.is_empty() {
            "use lowercase letters, digits and hyphens".to_string()
        } else {
            format!("use lowercase letters, digits and hyphens, for example `{suggestion}`")
        };
        diags.push(
            file.error(
                value.span(),
                format!("{what} `{v}` is not a lowercase slug"),
            )
            .with_help(help),
        );
    }
}

fn load_site(
    path: &Path,
    root: &Path,
    options: &LoadOptions,
    diags: &mut Diagnostics,
) -> Option<SiteConfig> {
    let missing = Diagnostic::file(path, "site.toml is missing").with_help(
        "every content directory needs a site.toml with title, description, language, base_url and peildatum",
    );
    if !readable(path, root, missing, diags) {
        return None;
    }
    let file = source::read(path, diags)?;
    let raw: SiteFile = source::parse_toml(&file, 0..file.text.len(), diags)?;
    let before = diags.len();

    check_not_empty(&file, &raw.title, "title", diags);
    check_not_empty(&file, &raw.language, "language", diags);

    let base_url = match &options.base_url {
        Some(url) => match guard::address_problem(url, "--base-url") {
            Some((message, help)) if is_http_url(url) => {
                let help = help.replace("--base-url = \"", "--base-url \"");
                diags.push(Diagnostic::file(Path::new("--base-url"), message).with_help(help));
                String::new()
            }
            _ => normalize_base_url(url).unwrap_or_else(|| {
                diags.push(
                    Diagnostic::file(
                        Path::new("--base-url"),
                        format!("`{url}` is not an http(s) URL"),
                    )
                    .with_help("for example --base-url https://example.org/eenzaamheid/"),
                );
                String::new()
            }),
        },
        None => {
            let url = raw.base_url.get_ref();
            match guard::address_problem(url, "base_url") {
                Some((message, help)) if is_http_url(url) => {
                    diags.push(file.error(raw.base_url.span(), message).with_help(help));
                    String::new()
                }
                _ => normalize_base_url(url).unwrap_or_else(|| {
                    diags.push(
                        file.error(
                            raw.base_url.span(),
                            "base_url must be an absolute http(s) URL",
                        )
                        .with_help("for example base_url = \"https://example.org/\""),
                    );
                    String::new()
                }),
            }
        }
    };

    let theme = raw
        .theme
        .as_ref()
        .map_or("default".to_string(), |t| t.get_ref().clone());
    if !options.themes.contains(&theme) {
        let span = raw.theme.as_ref().map_or(0..0, |t| t.span());
        let mut d = file.error(span, format!("theme `{theme}` not found"));
        d.help = Some(
            match did_you_mean(&theme, options.themes.iter().map(String::as_str)) {
                Some(m) => format!("did you mean `{m}`?"),
                None => format!(
                    "themes are folders in themes/; available: {}",
                    options.themes.join(", ")
                ),
            },
        );
        diags.push(d);
    }

    let peildatum = date(&file, &raw.peildatum, "peildatum", diags);

    let mut sources = Vec::new();
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for s in raw.sources {
        check_slug(&file, &s.id, "source id", diags);
        check_not_empty(&file, &s.title, "source title", diags);
        if let Some(line) = seen.get(s.id.get_ref()) {
            diags.push(
                file.error(
                    s.id.span(),
                    format!("source id `{}` is used twice", s.id.get_ref()),
                )
                .with_help(format!(
                    "the first is on line {line}; give each source its own id"
                )),
            );
        } else {
            let line = crate::diagnostics::locate(&file.text, s.id.span()).line;
            seen.insert(s.id.get_ref().clone(), line);
        }
        if let Some(url) = &s.url
            && !is_http_url(url.get_ref())
        {
            diags.push(file.error(
                url.span(),
                "a source url must start with https:// or http://",
            ));
        }
        sources.push(Source {
            id: s.id.into_inner(),
            title: s.title.into_inner(),
            publisher: s.publisher,
            date: s.date,
            url: s.url.map(Spanned::into_inner),
        });
    }

    if let Some(c) = &raw.contact
        && !is_email(c.get_ref())
    {
        diags.push(
            file.error(c.span(), "contact must be an e-mail address")
                .with_help("for example contact = \"redactie@example.org\""),
        );
    }
    if let Some(url) = &raw.license_url
        && !is_http_url(url.get_ref())
    {
        diags.push(file.error(
            url.span(),
            "license_url must start with https:// or http://",
        ));
    }
    let provinces = places::check_provinces(&file, &raw.provinces, diags);
    let code = places::check_code_rule(&file, raw.code, diags);
    let content_dir = path.parent().unwrap_or(Path::new("."));
    let map = places::load_map(content_dir, &file, raw.map, diags);
    let repository = raw.repository.as_ref().and_then(|r| {
        if is_http_url(r.get_ref())
            && let Some((message, help)) = guard::address_problem(r.get_ref(), "repository")
        {
            diags.push(file.error(r.span(), message).with_help(help));
            return None;
        }
        let url = normalize_base_url(r.get_ref());
        if url.is_none() {
            diags.push(
                file.error(r.span(), "repository must be an http(s) address")
                    .with_help("the address that edits content/, e.g. \"https://github.com/org/site/edit/main/content/\""),
            );
        }
        url
    });

    for e in &raw.search_examples {
        check_not_empty(&file, e, "search example", diags);
    }
    if let Some(seventh) = raw.search_examples.get(6) {
        diags.push(
            file.error(seventh.span(), "at most six search examples")
                .with_help("keep the few searches a new reader would try first"),
        );
    }

    if diags.len() > before {
        return None;
    }
    Some(SiteConfig {
        title: raw.title.into_inner(),
        description: raw.description.into_inner(),
        language: raw.language.into_inner(),
        base_url,
        theme,
        peildatum: peildatum?,
        sources,
        license: raw.license,
        contact: raw.contact.map(Spanned::into_inner),
        repository,
        table_limit: raw.table_limit.unwrap_or(crate::model::TABLE_LIMIT),
        search_examples: raw
            .search_examples
            .into_iter()
            .map(|e| e.into_inner().trim().to_string())
            .collect(),
        reconstructed_info: raw.reconstructed_info.map(|r| {
            let (page, fragment) = r.get_ref().split_once('#').unwrap_or((r.get_ref(), ""));
            format!("{}/#{fragment}", page.trim_matches('/'))
        }),
        license_url: raw.license_url.map(Spanned::into_inner),
        publisher: raw.publisher.filter(|p| !p.trim().is_empty()),
        provinces,
        code,
        map,
    })
}

/// `reconstructed_info = "page#heading"` in site.toml must name a content
/// page and a heading on it, since every mark of a reconstructed split
/// links there. Pages are loaded after the settings, so the file is read
/// again for the position (only when the key is set).
fn check_reconstructed_info(
    dir: &Path,
    config: &SiteConfig,
    pages: &[Page],
    diags: &mut Diagnostics,
) {
    if config.reconstructed_info.is_none() {
        return;
    }
    let path = dir.join("site.toml");
    let mut ignored = Diagnostics::default();
    let Some(file) = source::read(&path, &mut ignored) else {
        return;
    };
    let Some(raw) = source::parse_toml::<SiteFile>(&file, 0..file.text.len(), &mut ignored) else {
        return;
    };
    let Some(value) = raw.reconstructed_info else {
        return;
    };
    let text = value.get_ref();
    let Some((slug, fragment)) = text.split_once('#') else {
        diags.push(
            file.error(
                value.span(),
                "reconstructed_info must name a page and a heading",
            )
            .with_help(
                "write the page's file name and the heading's id, e.g. \"over#zelf-ingedeeld\"",
            ),
        );
        return;
    };
    let slug = slug.trim_matches('/');
    let Some(page) = pages.iter().find(|p| p.slug == slug) else {
        let help = match did_you_mean(slug, pages.iter().map(|p| p.slug.as_str())) {
            Some(m) => format!("did you mean `{m}`?"),
            None => "name a file of content/pages/ without .md".to_string(),
        };
        diags.push(
            file.error(value.span(), format!("there is no page `{slug}`"))
                .with_help(help),
        );
        return;
    };
    let ids = crate::render::markdown::heading_ids(&page.body);
    if !ids.iter().any(|id| id == fragment) {
        let help = match did_you_mean(fragment, ids.iter().map(String::as_str)) {
            Some(m) => format!("did you mean `{m}`?"),
            None if ids.is_empty() => format!("pages/{slug}.md has no headings (## …)"),
            None => format!("the headings of pages/{slug}.md are: {}", ids.join(", ")),
        };
        diags.push(
            file.error(
                value.span(),
                format!("pages/{slug}.md has no heading `{fragment}`"),
            )
            .with_help(help),
        );
    }
}

/// A TOML date without a time, as a model [`Date`].
fn date(
    file: &SourceFile,
    value: &Spanned<toml::value::Datetime>,
    key: &str,
    diags: &mut Diagnostics,
) -> Option<Date> {
    match Date::from_toml(value.get_ref()) {
        Some(d) => Some(d),
        None => {
            diags.push(
                file.error(value.span(), format!("{key} must be a date without a time"))
                    .with_help(format!("for example {key} = 2020-01-15")),
            );
            None
        }
    }
}

fn is_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && s.matches('@').count() == 1
        // Nothing that would end the address inside a mailto: link or add
        // to its query (a second subject, a cc).
        && !s.chars().any(|c| {
            c.is_whitespace()
                || c.is_control()
                || matches!(c, '<' | '>' | '"' | '\'' | ',' | ';' | '?' | '&' | '=' | '#' | '%' | '\\')
        })
}

fn is_http_url(s: &str) -> bool {
    let lower = s.to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://"))
        && s.len() > "https://".len()
        && !s
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == '"' || c == '<' || c == '>')
}

/// `https://example.org/sub` -> `https://example.org/sub/`; `None` if not http(s).
fn normalize_base_url(url: &str) -> Option<String> {
    if !is_http_url(url) {
        return None;
    }
    let mut url = url.to_string();
    if !url.ends_with('/') {
        url.push('/');
    }
    Some(url)
}

fn load_topics(path: &Path, root: &Path, diags: &mut Diagnostics) -> Option<Vec<Topic>> {
    let missing = Diagnostic::file(path, "topics.toml is missing").with_help(
        "add a topics.toml with one [[topics]] table (slug, name, description) per topic",
    );
    if !readable(path, root, missing, diags) {
        return None;
    }
    let file = source::read(path, diags)?;
    let raw: TopicsFile = source::parse_toml(&file, 0..file.text.len(), diags)?;
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
            name: t.name.into_inner(),
            description: t.description.into_inner(),
            synonyms: t.synonyms,
        });
    }
    (diags.len() == before).then_some(topics)
}

/// Whether the content file `path` is there and can be read: a file, or a
/// link to one inside the content folder `root`. Reports `missing` when
/// there is nothing, and what is wrong with what is there otherwise.
/// An optional file of the content folder (`glossary.toml`), read and
/// parsed: `Some(None)` when it is not there, `None` when it has problems
/// (reported). There but a folder, a named pipe or a broken link is a
/// problem, not "no file".
fn optional_toml<T: serde::de::DeserializeOwned>(
    dir: &Path,
    name: &str,
    diags: &mut Diagnostics,
) -> Option<Option<(SourceFile, T)>> {
    let path = dir.join(name);
    let Ok(meta) = std::fs::symlink_metadata(&path) else {
        return Some(None);
    };
    if let Some(d) = guard::entry_problem(&path, meta.file_type(), dir) {
        diags.push(d);
        return None;
    }
    let file = source::read(&path, diags)?;
    let raw: T = source::parse_toml(&file, 0..file.text.len(), diags)?;
    Some(Some((file, raw)))
}

fn readable(path: &Path, root: &Path, missing: Diagnostic, diags: &mut Diagnostics) -> bool {
    let problem = match std::fs::symlink_metadata(path) {
        Ok(meta) => guard::entry_problem(path, meta.file_type(), root),
        Err(_) => Some(missing),
    };
    match problem {
        Some(d) => {
            diags.push(d);
            false
        }
        None => true,
    }
}

/// The `.toml` (or `.md`) files of a folder, sorted by name, and which of
/// them are symbolic links. Editor leftovers
/// (hidden files, `~` backups, swap files) do not match the extension. What
/// has the extension but is not a regular file is never skipped silently:
/// a symbolic link to a file inside the content folder `root` is followed,
/// anything else is reported (see [`guard::entry_problem`]).
fn files_with_extension(
    dir: &Path,
    ext: &str,
    root: &Path,
    diags: &mut Diagnostics,
) -> (Vec<PathBuf>, BTreeSet<PathBuf>) {
    let mut out = Vec::new();
    let mut links = BTreeSet::new();
    for entry in walkdir::WalkDir::new(dir)
        .min_depth(1)
        .max_depth(1)
        .sort_by_file_name()
    {
        match entry {
            Ok(e) => {
                let p = e.path();
                let name = e.file_name().to_string_lossy();
                if name.starts_with('.') || p.extension().is_none_or(|x| x != ext) {
                    continue;
                }
                match guard::entry_problem(p, e.file_type(), root) {
                    None if e.path_is_symlink() => {
                        links.insert(p.to_path_buf());
                        out.push(p.to_path_buf());
                    }
                    None => out.push(p.to_path_buf()),
                    Some(d) => diags.push(d),
                }
            }
            Err(e) => diags.push(Diagnostic::file(
                dir,
                format!("cannot list the folder: {e}"),
            )),
        }
    }
    (out, links)
}

/// The file's stem must be a slug; it becomes the page's URL.
fn slug_from_file_name(path: &Path, diags: &mut Diagnostics) -> Option<String> {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    if is_slug(&stem) {
        return Some(stem);
    }
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().into_owned())
        .unwrap_or_default();
    let suggestion = slugify(&stem);
    diags.push(
        Diagnostic::file_start(
            path,
            format!("the file name `{stem}.{ext}` is not a lowercase slug"),
        )
        .with_help(if suggestion.is_empty() {
            "use lowercase letters, digits and hyphens in file names".to_string()
        } else {
            format!("rename it to `{suggestion}.{ext}`; the name becomes the page's address")
        }),
    );
    None
}

/// What municipality files refer to, from the other files: topics, the
/// sources of site.toml and the target groups (slug -> name), each `None`
/// when its file could not be read or the site has none.
struct Known<'a> {
    topics: Option<&'a [Topic]>,
    source_ids: Option<&'a [String]>,
    groups: Option<&'a BTreeMap<String, String>>,
    /// Provinces, the code pattern and the map of site.toml.
    places: &'a places::Places,
}

fn load_municipalities(
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

fn parse_municipality(
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
                ) && let Some(name) = names.get(g.get_ref())
                    && !target_groups.contains(name)
                {
                    target_groups.push(name.clone());
                }
            }
            None => target_groups.push(g.get_ref().clone()),
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
    let mut m = Municipality {
        slug,
        source_file,
        updated,
        name: raw.name.into_inner().trim().to_string(),
        province: raw.province.into_inner().trim().to_string(),
        sources,
        target_groups,
        regional_partners: raw.regional_partners,
        website: raw.website.map(Spanned::into_inner),
        split_reconstructed: raw.split_reconstructed,
        notes: raw.notes.filter(|n| !n.trim().is_empty()),
        completed,
        planned,
        code,
        location,
        history,
    };
    close_direction_controls_text_municipality(&mut m);
    Some(Arc::new(m))
}

/// The site's municipalities from the files' results, given in file name
/// order: problems of every file, a duplicate name reported at the later
/// file, the valid municipalities sorted by name.
fn assemble_municipalities<'a>(
    loaded: impl IntoIterator<Item = (&'a LoadedMunicipality, &'a PathBuf)>,
    diags: &mut Diagnostics,
) -> Vec<Arc<Municipality>> {
    let mut names: std::collections::HashMap<&str, &Path> = std::collections::HashMap::new();
    let mut codes: std::collections::HashMap<&str, &Path> = std::collections::HashMap::new();
    // Sorted by the lower-cased name the duplicate check uses (names are
    // trimmed), then by slug: no string is made per comparison.
    let mut out: Vec<(&str, &Arc<Municipality>)> = Vec::new();
    for (file, path) in loaded {
        diags.0.extend(file.diagnostics.0.iter().cloned());
        let key = file.duplicate.as_ref().map_or("", |(key, _)| key.as_str());
        if let Some((key, error)) = &file.duplicate {
            if let Some(first) = names.get(key.as_str()) {
                diags.push(error.clone().with_help(format!(
                    "it is also in {}; keep one file per municipality",
                    first.display()
                )));
            } else {
                names.insert(key, path);
            }
        }
        if let Some((code, error)) = &file.code {
            if let Some(first) = codes.get(code.as_str()) {
                diags.push(error.clone().with_help(format!(
                    "{} has it too; every municipality has its own code",
                    first.display()
                )));
            } else {
                codes.insert(code, path);
            }
        }
        if let Some(m) = &file.municipality {
            out.push((key, m));
        }
    }
    out.sort_unstable_by(|a, b| a.0.cmp(b.0).then_with(|| a.1.slug.cmp(&b.1.slug)));
    out.into_iter().map(|(_, m)| m.clone()).collect()
}

/// Reports a reference that is not among `known`, with a did-you-mean.
fn check_known<'a>(
    file: &SourceFile,
    value: &Spanned<String>,
    known: impl Iterator<Item = &'a str> + Clone,
    what: &str,
    defined_in: &str,
    diags: &mut Diagnostics,
) -> bool {
    let v = value.get_ref();
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

fn efforts(
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
                description: e.description.filter(|d| !d.trim().is_empty()),
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
fn unique_anchor(title: &str, taken: &mut BTreeSet<String>) -> String {
    // Prefixed, so no title can take an id the theme uses (`inhoud`, `gedaan`).
    let base = match slugify(title) {
        s if s.is_empty() => "inzet".to_string(),
        s => format!("inzet-{s}"),
    };
    unique_slug(base, taken)
}

/// How a Markdown link to the contact address reads in a page.
const CONTACT_TARGET: &str = "](contact:)";

fn load_pages(dir: &Path, root: &Path, has_contact: bool, diags: &mut Diagnostics) -> Vec<Page> {
    if !dir.is_dir() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for path in files_with_extension(dir, "md", root, diags).0 {
        let slug = slug_from_file_name(&path, diags);
        if let Some(s) = &slug
            && crate::routes::reserved_page_names().contains(&s.as_str())
        {
            diags.push(
                Diagnostic::file_start(
                    &path,
                    format!("the page name `{s}` is used by the site itself"),
                )
                .with_help(
                    "rename the file; reserved names: ".to_string()
                        + &crate::routes::reserved_page_names().join(", "),
                ),
            );
        }
        let Some(file) = source::read(&path, diags) else {
            continue;
        };
        let Some((front, body)) = split_front_matter(&file, diags) else {
            continue;
        };
        let Some(raw) = source::parse_toml::<PageFront>(&file, front, diags) else {
            continue;
        };
        check_not_empty(&file, &raw.title, "title", diags);
        if !has_contact && let Some(at) = file.text[body.clone()].find(CONTACT_TARGET) {
            let start = body.start + at + 2;
            diags.push(
                file.error(
                    start..start + crate::render::markdown::CONTACT_LINK.len(),
                    "a link to contact: needs the site's contact address",
                )
                .with_help("set contact = \"…@…\" in site.toml, or link to another address"),
            );
        }
        let Some(slug) = slug else { continue };
        out.push(Page {
            slug,
            title: raw.title.into_inner().trim().to_string(),
            description: raw.description,
            weight: raw.weight.unwrap_or(0),
            body: file.text[body].to_string(),
        });
    }
    out.sort_by(|a, b| (a.weight, &a.title, &a.slug).cmp(&(b.weight, &b.title, &b.slug)));
    out
}

/// Finds `+++ … +++` at the start of a page; returns the byte ranges of the
/// front matter and of the body.
fn split_front_matter(
    file: &SourceFile,
    diags: &mut Diagnostics,
) -> Option<(std::ops::Range<usize>, std::ops::Range<usize>)> {
    let text = &file.text;
    let start = text.strip_prefix('\u{feff}').map_or(0, |_| 3);
    let first_line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    if text[start..first_line_end].trim_end() != "+++" {
        diags.push(
            file.error(
                start..first_line_end,
                "a page must start with front matter between +++ lines",
            )
            .with_help("begin the file with:\n+++\ntitle = \"…\"\n+++"),
        );
        return None;
    }
    let front_start = (first_line_end + 1).min(text.len());
    let mut pos = front_start;
    while pos < text.len() {
        let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i);
        if text[pos..end].trim_end() == "+++" {
            let body_start = (end + 1).min(text.len());
            return Some((front_start..pos, body_start..text.len()));
        }
        pos = end + 1;
    }
    diags.push(
        file.error(start..first_line_end, "the front matter is not closed")
            .with_help("add a line with +++ after the last key of the front matter"),
    );
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert!(is_slug("den-haag"));
        assert!(is_slug("a1"));
        assert!(!is_slug("Den-Haag"));
        assert!(!is_slug("den_haag"));
        assert!(!is_slug("-x"));
        assert!(!is_slug("x--y"));
        assert!(!is_slug(""));
        assert_eq!(slugify("Den Haag"), "den-haag");
        assert_eq!(
            slugify("Cursussen ‘Grip en Glans’"),
            "cursussen-grip-en-glans"
        );
    }

    #[test]
    fn open_direction_controls_are_closed_at_the_end() {
        let mut t = "abc\u{202E}def".to_string();
        close_direction_controls_text(&mut t);
        assert_eq!(t, "abc\u{202E}def\u{202C}");
        let mut t = "\u{2067}x\u{2069} \u{202B}y".to_string();
        close_direction_controls_text(&mut t);
        assert_eq!(t, "\u{2067}x\u{2069} \u{202B}y\u{202C}");
        let mut t = "gewoon".to_string();
        close_direction_controls_text(&mut t);
        assert_eq!(t, "gewoon");
    }

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
