//! `site.toml`: the site's title, address, peildatum, sources, licence,
//! contact and the optional sections (code pattern, provinces, map), each
//! checked with its position.

use std::collections::BTreeMap;
use std::path::Path;

use toml::Spanned;

use super::checks::{check_not_empty, check_slug, required_toml};
use super::files::SiteFile;
use super::source::SourceFile;
use super::{LoadOptions, guard, places, source};
use crate::diagnostics::{Diagnostic, Diagnostics, did_you_mean};
use crate::model::{Date, Page, SiteConfig, Source};

pub(super) fn load_site(
    path: &Path,
    root: &Path,
    options: &LoadOptions,
    diags: &mut Diagnostics,
) -> Option<SiteConfig> {
    let missing = Diagnostic::file(path, "site.toml is missing").with_help(
        "every content directory needs a site.toml with title, description, language, base_url and peildatum",
    );
    let (file, raw) = required_toml::<SiteFile>(path, root, missing, diags)?;
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
            title: s.title.into_inner().into(),
            publisher: s.publisher.map(String::from),
            date: s.date.map(String::from),
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
        title: raw.title.into_inner().into(),
        description: raw.description.into_inner().into(),
        language: raw.language.into_inner(),
        base_url,
        theme,
        peildatum: peildatum?,
        sources,
        license: raw.license.map(String::from),
        contact: raw.contact.map(|c| c.into_inner().into()),
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
        publisher: raw
            .publisher
            .map(String::from)
            .filter(|p| !p.trim().is_empty()),
        provinces,
        code,
        map,
    })
}

/// `reconstructed_info = "page#heading"` in site.toml must name a content
/// page and a heading on it, since every mark of a reconstructed split
/// links there. Pages are loaded after the settings, so the file is read
/// again for the position (only when the key is set).
pub(super) fn check_reconstructed_info(
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
pub(super) fn date(
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

pub(super) fn is_email(s: &str) -> bool {
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

pub(super) fn is_http_url(s: &str) -> bool {
    let lower = s.to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://"))
        && s.len() > "https://".len()
        && !s
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == '"' || c == '<' || c == '>')
}

/// `https://example.org/sub` -> `https://example.org/sub/`; `None` if not http(s).
pub(super) fn normalize_base_url(url: &str) -> Option<String> {
    if !is_http_url(url) {
        return None;
    }
    let mut url = url.to_string();
    if !url.ends_with('/') {
        url.push('/');
    }
    Some(url)
}
