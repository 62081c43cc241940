//! Checks every content file shares: a value that must not be empty, a
//! slug, an optional file, a readable file, the files of a folder and the
//! slug a file's name gives.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use toml::Spanned;

use super::source::SourceFile;
use super::{guard, source};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::text::{is_slug, slugify};

pub(super) fn check_not_empty(
    file: &SourceFile,
    value: &Spanned<impl AsRef<str>>,
    what: &str,
    diags: &mut Diagnostics,
) {
    if value.get_ref().as_ref().trim().is_empty() {
        diags.push(
            file.error(value.span(), format!("{what} is empty"))
                .with_help(format!("write the {what} between the quotes")),
        );
    }
}

pub(super) fn check_slug(
    file: &SourceFile,
    value: &Spanned<String>,
    what: &str,
    diags: &mut Diagnostics,
) {
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

/// An optional file of the content folder (`glossary.toml`), read and
/// parsed: `Some(None)` when it is not there, `None` when it has problems
/// (reported). There but a folder, a named pipe or a broken link is a
/// problem, not "no file".
pub(super) fn optional_toml<T: serde::de::DeserializeOwned>(
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

/// A file the content folder must have (`site.toml`), read and parsed;
/// `None` when it has problems or is not there (`missing`), reported.
pub(super) fn required_toml<T: serde::de::DeserializeOwned>(
    path: &Path,
    root: &Path,
    missing: Diagnostic,
    diags: &mut Diagnostics,
) -> Option<(SourceFile, T)> {
    if !readable(path, root, missing, diags) {
        return None;
    }
    let file = source::read(path, diags)?;
    let raw: T = source::parse_toml(&file, 0..file.text.len(), diags)?;
    Some((file, raw))
}

/// Whether the content file `path` is there and can be read: a file, or a
/// link to one inside the content folder `root`. Reports `missing` when
/// there is nothing, and what is wrong with what is there otherwise.
pub(super) fn readable(
    path: &Path,
    root: &Path,
    missing: Diagnostic,
    diags: &mut Diagnostics,
) -> bool {
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
pub(super) fn files_with_extension(
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
pub(super) fn slug_from_file_name(path: &Path, diags: &mut Diagnostics) -> Option<String> {
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
