//! `pages/<slug>.md`: the site's own pages, TOML front matter between
//! `+++` lines and then Markdown.

use std::path::Path;

use super::checks::{check_not_empty, files_with_extension, slug_from_file_name};
use super::files::PageFront;
use super::source;
use super::source::SourceFile;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::Page;

/// How a Markdown link to the contact address reads in a page.
pub(super) const CONTACT_TARGET: &str = "](contact:)";

pub(super) fn load_pages(
    dir: &Path,
    root: &Path,
    has_contact: bool,
    diags: &mut Diagnostics,
) -> Vec<Page> {
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
            description: raw.description.map(String::from),
            weight: raw.weight.unwrap_or(0),
            // The body is no field of the front matter, so not a `Text`
            // by type: closed here.
            body: crate::text::Text::new(&file.text[body]).into(),
        });
    }
    out.sort_by(|a, b| (a.weight, &a.title, &a.slug).cmp(&(b.weight, &b.title, &b.slug)));
    out
}

/// Finds `+++ … +++` at the start of a page; returns the byte ranges of the
/// front matter and of the body.
pub(super) fn split_front_matter(
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
