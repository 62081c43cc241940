//! Reading one content file and parsing its TOML, turning every failure into
//! a positioned [`Diagnostic`].
//!
//! This is the only place that touches raw bytes: invalid UTF-8, empty files,
//! TOML syntax errors (all of them, via toml's recoverable parser) and serde
//! errors (unknown keys, wrong types, missing fields) all come out as
//! diagnostics with a line, a column and a suggestion where one can be made.

use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;

use crate::diagnostics::{Diagnostic, Diagnostics, did_you_mean};

/// A content file that was read and is valid UTF-8.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path as shown to the author (as given on the command line, joined
    /// with the file's name).
    pub path: PathBuf,
    pub text: String,
}

impl SourceFile {
    /// A diagnostic at a byte span of this file.
    pub fn error(&self, span: Range<usize>, message: impl Into<String>) -> Diagnostic {
        Diagnostic::at(&self.path, &self.text, span, message)
    }
}

/// Reads `path`, reporting unreadable files, invalid UTF-8 and empty files.
pub fn read(path: &Path, diags: &mut Diagnostics) -> Option<SourceFile> {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            diags.push(Diagnostic::file(path, format!("cannot read the file: {e}")));
            return None;
        }
    };
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            // Show the line up to the bad byte; everything before it is text.
            let good = String::from_utf8_lossy(&bytes).into_owned();
            let lossy_offset = String::from_utf8_lossy(&bytes[..valid]).len();
            diags.push(
                Diagnostic::at(
                    path,
                    &good,
                    lossy_offset..lossy_offset + 1,
                    "the file is not valid UTF-8 text",
                )
                .with_help(
                    "save the file as UTF-8 (in most editors: \"Save with encoding\" → UTF-8)",
                ),
            );
            return None;
        }
    };
    if text.trim().is_empty() {
        diags.push(
            Diagnostic::file_start(path, "the file is empty")
                .with_help("fill it in; `vergelijk check` names the fields that are required"),
        );
        return None;
    }
    Some(SourceFile {
        path: path.to_path_buf(),
        text,
    })
}

/// Parses `file.text[range]` as TOML into `T`. Spans in diagnostics are
/// positions in the whole file, so front matter reports the right line.
pub fn parse_toml<T: DeserializeOwned>(
    file: &SourceFile,
    range: Range<usize>,
    diags: &mut Diagnostics,
) -> Option<T> {
    let table = parse_table(file, range.clone(), diags)?;
    deserialize(
        file,
        range.start,
        toml::de::Deserializer::from(table),
        diags,
    )
}

/// Like [`parse_toml`], but first takes each array of tables named in
/// `arrays` out of the document and deserializes its elements one by one
/// into `E`. A mistake in one element is reported without hiding mistakes in
/// the others or in the rest of the file. `T` sees those keys as absent.
pub fn parse_toml_with_arrays<T: DeserializeOwned, E: DeserializeOwned>(
    file: &SourceFile,
    range: Range<usize>,
    arrays: &[&'static str],
    diags: &mut Diagnostics,
) -> Option<(T, Vec<Vec<E>>)> {
    let mut table = parse_table(file, range.clone(), diags)?;
    let mut taken = Vec::new();
    let mut ok = true;
    for key in arrays {
        let mut items = Vec::new();
        let is_array = matches!(
            table.get_ref().get(*key).map(|v| v.get_ref()),
            Some(toml::de::DeValue::Array(_))
        );
        if is_array
            && let Some(value) = table.get_mut().remove(*key)
            && let toml::de::DeValue::Array(elements) = value.into_inner()
        {
            for element in elements {
                let de = toml::de::ValueDeserializer::from(element);
                match deserialize::<E>(file, range.start, de, diags) {
                    Some(e) => items.push(e),
                    None => ok = false,
                }
            }
        }
        taken.push(items);
    }
    let head = deserialize(
        file,
        range.start,
        toml::de::Deserializer::from(table),
        diags,
    );
    match head {
        Some(head) if ok => Some((head, taken)),
        _ => None,
    }
}

fn parse_table<'a>(
    file: &'a SourceFile,
    range: Range<usize>,
    diags: &mut Diagnostics,
) -> Option<toml::Spanned<toml::de::DeTable<'a>>> {
    let offset = range.start;
    let (table, errors) = toml::de::DeTable::parse_recoverable(&file.text[range]);
    if errors.is_empty() {
        return Some(table);
    }
    for e in errors {
        let span = e.span().unwrap_or(0..0);
        diags.push(file.error(
            span.start + offset..span.end + offset,
            format!("TOML syntax: {}", e.message().trim_end()),
        ));
    }
    None
}

fn deserialize<'de, T: DeserializeOwned>(
    file: &SourceFile,
    offset: usize,
    de: impl serde::Deserializer<'de, Error = toml::de::Error>,
    diags: &mut Diagnostics,
) -> Option<T> {
    match T::deserialize(de) {
        Ok(v) => Some(v),
        Err(e) => {
            let span = e.span().unwrap_or(0..0);
            let (message, help) = explain(e.message().trim_end());
            let mut d = file.error(span.start + offset..span.end + offset, message);
            d.help = help;
            diags.push(d);
            None
        }
    }
}

/// Rewrites serde's messages into what an author can act on.
fn explain(message: &str) -> (String, Option<String>) {
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let (field, expected) = rest.split_once('`').unwrap_or((rest, ""));
        let allowed: Vec<&str> = expected
            .split('`')
            .skip(1)
            .step_by(2)
            .filter(|s| !s.is_empty())
            .collect();
        let help = match did_you_mean(field, allowed.iter().copied()) {
            Some(m) => format!("did you mean `{m}`?"),
            None if allowed.is_empty() => "remove this key".to_string(),
            None => format!("the keys allowed here are: {}", allowed.join(", ")),
        };
        return (format!("unknown key `{field}`"), Some(help));
    }
    if let Some(rest) = message.strip_prefix("missing field `") {
        let field = rest.split('`').next().unwrap_or(rest);
        return (
            format!("required key `{field}` is missing"),
            Some(format!("add `{field} = …` to this table")),
        );
    }
    if let Some(rest) = message.strip_prefix("invalid type: ") {
        let help = if rest.ends_with("expected a string") {
            Some("put the text between double quotes: \"…\"".to_string())
        } else if rest.contains("expected a sequence") {
            Some("write a list between square brackets: [\"…\", \"…\"]".to_string())
        } else if rest.ends_with("expected a boolean") {
            Some("write true or false, without quotes".to_string())
        } else {
            None
        };
        return (format!("wrong type: {rest}"), help);
    }
    (message.to_string(), None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn explain_suggests_the_closest_key() {
        let (m, h) =
            explain("unknown field `provincie`, expected one of `name`, `province`, `notes`");
        assert_eq!(m, "unknown key `provincie`");
        assert_eq!(h.as_deref(), Some("did you mean `province`?"));
    }

    #[test]
    fn explain_missing_field() {
        let (m, h) = explain("missing field `name`");
        assert_eq!(m, "required key `name` is missing");
        assert_eq!(h.as_deref(), Some("add `name = …` to this table"));
    }
}
