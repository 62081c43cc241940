//! Checks that keep odd input from passing silently: entries of the content
//! folder that are not plain files, names that differ only in Unicode form,
//! case or spacing, and addresses that would leak into every page.
//!
//! Each returns a [`Diagnostic`] for the loader to report; none of them
//! reads a file's contents (a named pipe is never opened).

use std::path::Path;

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

use super::source::kind_of;
use crate::diagnostics::Diagnostic;

/// Why the folder entry `path` (of type `file_type`, not followed), whose
/// name says it is a content file, cannot be read as one; `None` when it
/// can: a regular file, or a symbolic link to a regular file inside the
/// content folder `root`. Anything else (a broken or looping link, a link
/// out of the content folder or to a folder, a folder, a named pipe, a
/// device) is an error.
pub fn entry_problem(path: &Path, file_type: std::fs::FileType, root: &Path) -> Option<Diagnostic> {
    if file_type.is_file() {
        return None;
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if !file_type.is_symlink() {
        return Some(Diagnostic::file(
            path,
            format!("`{name}` is {}, not a file", kind_of(file_type)),
        )
        .with_help(format!(
            "content files must be regular files; remove it, or rename it so it does not end in .{}",
            path.extension()
                .map(|e| e.to_string_lossy().into_owned())
                .unwrap_or_default()
        )));
    }
    let target = std::fs::read_link(path)
        .map(|t| t.display().to_string())
        .unwrap_or_default();
    let link = format!("the symbolic link `{name}` -> `{target}`");
    let real = match std::fs::canonicalize(path) {
        Ok(real) => real,
        Err(e) if is_loop(&e) => {
            return Some(Diagnostic::file(path, format!("{link} loops")).with_help(
                "it leads back to itself; point it at a file, or replace it with the file",
            ));
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Some(
                Diagnostic::file(path, format!("{link} is broken: there is no such file"))
                    .with_help("point it at an existing file, or remove it"),
            );
        }
        Err(e) => {
            return Some(Diagnostic::file(path, format!("cannot follow {link}: {e}")));
        }
    };
    let root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    if !real.starts_with(&root) {
        return Some(
            Diagnostic::file(
                path,
                format!(
                    "{link} leads out of the content folder, to {}",
                    real.display()
                ),
            )
            .with_help("copy the file into the content folder, or link to a file inside it"),
        );
    }
    match std::fs::metadata(&real) {
        Ok(m) if m.is_file() => None,
        Ok(m) => Some(
            Diagnostic::file(
                path,
                format!("{link} leads to {}, not a file", kind_of(m.file_type())),
            )
            .with_help("point it at a regular file, or remove it"),
        ),
        Err(e) => Some(Diagnostic::file(path, format!("cannot follow {link}: {e}"))),
    }
}

fn is_loop(e: &std::io::Error) -> bool {
    #[cfg(unix)]
    {
        e.raw_os_error() == Some(libc::ELOOP)
    }
    #[cfg(not(unix))]
    {
        let _ = e;
        false
    }
}

/// A name as compared for duplicates: in NFC (a composed "â" and an "a"
/// with a combining circumflex are one letter), lower case, with runs of
/// white space as one space and none at the ends. The text of a content
/// file is in NFC already; lowering can undo that, so it is normalised
/// again.
pub fn name_key(name: &str) -> String {
    let lowered = name
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    match is_nfc_quick(lowered.chars()) {
        IsNormalized::Yes => lowered,
        _ => lowered.nfc().collect(),
    }
}

/// What is wrong with an http(s) address that pages are made from
/// (`base_url`, `repository`): a query or a fragment would end up inside
/// every address made from it (`https://example.org/?utm=1/gemeenten/…`),
/// and a user name or password would be published in every page. Returns
/// the message and a hint.
pub fn address_problem(url: &str, key: &str) -> Option<(String, String)> {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..authority_end];
    if let Some((credentials, _)) = authority.rsplit_once('@') {
        return Some((
            format!(
                "{key} contains a user name or password (`{credentials}@`), which every page would publish"
            ),
            format!(
                "remove `{credentials}@`; protect a preview with the web server's own login instead"
            ),
        ));
    }
    if authority.is_empty() {
        return Some((
            format!("{key} has no host name"),
            "write the whole address, e.g. https://example.org/".to_string(),
        ));
    }
    let path = &rest[authority_end..];
    for (mark, what) in [('?', "a query"), ('#', "a fragment")] {
        if let Some(i) = path.find(mark) {
            let part = &path[i..];
            let clean = format!(
                "{}{}",
                &url[..url.len() - rest.len()],
                &rest[..authority_end + i]
            );
            return Some((
                format!(
                    "{key} has {what} (`{part}`), which would end up inside every address made from it"
                ),
                format!("remove `{part}`: {key} = \"{clean}\""),
            ));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_in_any_unicode_form_or_case_are_one() {
        let composed = "Súdwest-Fryslân";
        let decomposed = "Su\u{301}dwest-Frysla\u{302}n";
        assert_ne!(composed, decomposed);
        assert_eq!(name_key(composed), name_key(decomposed));
        assert_eq!(name_key(" DEN  Haag "), name_key("den haag"));
        assert_ne!(name_key("Delft"), name_key("Delfzijl"));
    }

    #[test]
    fn addresses_with_a_query_fragment_or_credentials() {
        assert!(address_problem("https://example.org/sub/", "base_url").is_none());
        assert!(address_problem("https://example.org:8080/", "base_url").is_none());
        let (m, h) = address_problem("https://example.org/?utm=1", "base_url").unwrap();
        assert!(m.contains("a query (`?utm=1`)"), "{m}");
        assert!(h.contains("base_url = \"https://example.org/\""), "{h}");
        let (m, _) = address_problem("https://example.org/a#x", "base_url").unwrap();
        assert!(m.contains("a fragment (`#x`)"), "{m}");
        let (m, h) = address_problem("https://user:pw@example.org/", "base_url").unwrap();
        assert!(m.contains("`user:pw@`"), "{m}");
        assert!(h.contains("remove `user:pw@`"), "{h}");
        // An @ in the path is no credential.
        assert!(address_problem("https://example.org/@team/", "base_url").is_none());
        assert!(address_problem("https:///x", "base_url").is_some());
    }
}
