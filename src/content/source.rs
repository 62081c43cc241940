//! Reading one content file and parsing its TOML, turning every failure into
//! a positioned [`Diagnostic`].
//!
//! This is the only place that touches raw bytes: invalid UTF-8, empty files,
//! TOML syntax errors (all of them, via toml's recoverable parser) and serde
//! errors (unknown keys, wrong types, missing fields) all come out as
//! diagnostics with a line, a column and a suggestion where one can be made.
//!
//! Text is made uniform as it is read: line endings become `\n` and the
//! text is put in Unicode NFC, so that a file saved on Windows or with
//! decomposed accents gives the same site, the same data and the same
//! duplicate checks. The limits ([`MAX_FILE_BYTES`], [`MAX_TEXT_BYTES`],
//! [`MAX_LIST_ITEMS`]) keep a runaway file from taking the build's time and
//! memory; they are far above what any real site needs.

use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use toml::de::DeValue;

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

/// The largest content file that is read: 1 MiB. The largest real one,
/// a municipality with a long history, is 5 KB.
pub const MAX_FILE_BYTES: u64 = 1 << 20;

/// The longest text value of a TOML file (notes, a description): 100 KiB,
/// about 15,000 words.
pub const MAX_TEXT_BYTES: usize = 100 << 10;

/// The most items of one list (topics in topics.toml, `[[completed]]` or
/// `[[planned]]` of a municipality, target groups, sources...).
pub const MAX_LIST_ITEMS: usize = 1000;

/// What a file system entry is, in words, when it is not a regular file.
pub fn kind_of(t: std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if t.is_socket() {
            return "a socket";
        }
        if t.is_block_device() || t.is_char_device() {
            return "a device";
        }
    }
    if t.is_dir() {
        "a folder"
    } else if t.is_symlink() {
        "a symbolic link"
    } else {
        "not a regular file"
    }
}

/// `1.5 MiB`, `300 KiB`, `12 bytes`.
fn size(bytes: u64) -> String {
    match bytes {
        b if b >= 1 << 20 => format!("{:.1} MiB", b as f64 / f64::from(1 << 20)),
        b if b >= 1 << 10 => format!("{:.0} KiB", b as f64 / f64::from(1 << 10)),
        b => format!("{b} bytes"),
    }
}

/// Reads `path`, reporting what is not a regular file (never opened, so a
/// named pipe cannot block the build), files over [`MAX_FILE_BYTES`],
/// unreadable files, invalid UTF-8 and empty files. The text comes back
/// with `\n` line endings, in NFC.
pub fn read(path: &Path, diags: &mut Diagnostics) -> Option<SourceFile> {
    use std::io::Read;
    let cannot_read =
        |e: std::io::Error| Diagnostic::file(path, format!("cannot read the file: {e}"));
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) => {
            diags.push(cannot_read(e));
            return None;
        }
    };
    if !meta.is_file() {
        diags.push(
            Diagnostic::file(
                path,
                format!("this is {}, not a file", kind_of(meta.file_type())),
            )
            .with_help("content files must be regular files; remove it or rename it"),
        );
        return None;
    }
    let too_big = |bytes: u64| {
        Diagnostic::file_start(
            path,
            format!(
                "the file is {}; a content file may be at most {}",
                size(bytes),
                size(MAX_FILE_BYTES)
            ),
        )
        .with_help("is this the right file? Long texts belong in several files or pages")
    };
    if meta.len() > MAX_FILE_BYTES {
        diags.push(too_big(meta.len()));
        return None;
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    let read =
        std::fs::File::open(path).and_then(|f| f.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes));
    if let Err(e) = read {
        diags.push(cannot_read(e));
        return None;
    }
    if bytes.len() as u64 > MAX_FILE_BYTES {
        // It grew while being read.
        diags.push(too_big(bytes.len() as u64));
        return None;
    }
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
        text: normalize_text(text),
    })
}

/// Line endings to `\n` (a CR of a CRLF is never part of the content) and
/// the text to Unicode NFC. Cheap when there is nothing to do.
pub fn normalize_text(text: String) -> String {
    use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};
    let text = if text.contains('\r') {
        text.replace("\r\n", "\n")
    } else {
        text
    };
    match is_nfc_quick(text.chars()) {
        IsNormalized::Yes => text,
        _ => text.nfc().collect(),
    }
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
        let (items, all) = take_array::<E>(file, range.start, table.get_mut(), key, diags);
        ok &= all;
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

/// Takes the array of tables `key` out of `table` (when it is one) and
/// deserializes its elements one by one, so that a mistake in one is
/// reported without hiding those in the others. Returns the elements that
/// are valid and whether all were. `offset`: where the TOML text starts in
/// the file.
pub(crate) fn take_array<'a, E: DeserializeOwned>(
    file: &SourceFile,
    offset: usize,
    table: &mut toml::de::DeTable<'a>,
    key: &str,
    diags: &mut Diagnostics,
) -> (Vec<E>, bool) {
    let mut items = Vec::new();
    let mut ok = true;
    let is_array = matches!(
        table.get(key).map(|v| v.get_ref()),
        Some(toml::de::DeValue::Array(_))
    );
    if is_array
        && let Some(value) = table.remove(key)
        && let toml::de::DeValue::Array(elements) = value.into_inner()
    {
        for element in elements {
            let de = toml::de::ValueDeserializer::from(element);
            match deserialize::<E>(file, offset, de, diags) {
                Some(e) => items.push(e),
                None => ok = false,
            }
        }
    }
    (items, ok)
}

pub(crate) fn parse_table<'a>(
    file: &'a SourceFile,
    range: Range<usize>,
    diags: &mut Diagnostics,
) -> Option<toml::Spanned<toml::de::DeTable<'a>>> {
    let offset = range.start;
    let (table, errors) = toml::de::DeTable::parse_recoverable(&file.text[range]);
    if errors.is_empty() {
        let before = diags.len();
        check_limits(file, offset, table.get_ref(), diags);
        return (diags.len() == before).then_some(table);
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

/// Reports every text longer than [`MAX_TEXT_BYTES`] and every list longer
/// than [`MAX_LIST_ITEMS`] in `table`, at its position.
fn check_limits(
    file: &SourceFile,
    offset: usize,
    table: &toml::de::DeTable<'_>,
    diags: &mut Diagnostics,
) {
    for (key, value) in table.iter() {
        check_value_limits(file, offset, key.get_ref(), value, diags);
    }
}

fn check_value_limits(
    file: &SourceFile,
    offset: usize,
    key: &str,
    value: &toml::Spanned<DeValue<'_>>,
    diags: &mut Diagnostics,
) {
    let at = |span: Range<usize>| span.start + offset..span.end + offset;
    match value.get_ref() {
        DeValue::String(text) if text.len() > MAX_TEXT_BYTES => diags.push(
            file.error(
                at(value.span()),
                format!(
                    "`{key}` is {} long; a text may be at most {}",
                    size(text.len() as u64),
                    size(MAX_TEXT_BYTES as u64)
                ),
            )
            .with_help("shorten it, or put the long text in a page of content/pages/"),
        ),
        DeValue::Array(items) => {
            if let Some(first_too_many) = items.get(MAX_LIST_ITEMS) {
                let tables = matches!(items[0].get_ref(), DeValue::Table(_));
                let what = if tables {
                    format!("[[{key}]] tables")
                } else {
                    format!("items in `{key}`")
                };
                let help = "is something repeated? The limit is far above what a real site needs";
                diags.push(
                    file.error(
                        at(first_too_many.span()),
                        format!(
                            "there are {} {what}; at most {MAX_LIST_ITEMS} are allowed, and this is number {}",
                            items.len(),
                            MAX_LIST_ITEMS + 1
                        ),
                    )
                    .with_help(help),
                );
            }
            for item in items.iter() {
                check_value_limits(file, offset, key, item, diags);
            }
        }
        DeValue::Table(t) => check_limits(file, offset, t, diags),
        _ => {}
    }
}

/// One step of the way to a value in a TOML document.
#[derive(Debug, Clone, Copy)]
pub enum Step<'a> {
    /// A key of a table.
    Key(&'a str),
    /// An element of an array (of an array of tables: the n-th table).
    Index(usize),
}

/// A TOML content file read again to find where its values are: warnings
/// are made from the model, which has no positions, and point into the file
/// with this. Only files with warnings are read again.
pub struct Spans<'a> {
    path: &'a Path,
    file: Option<&'a SourceFile>,
    table: Option<toml::Spanned<toml::de::DeTable<'a>>>,
}

impl Spans<'_> {
    /// Calls `f` with the spans of the TOML file at `path` (as it is now).
    pub fn of<R>(path: &Path, f: impl FnOnce(&Spans<'_>) -> R) -> R {
        let file = read(path, &mut Diagnostics::default());
        let table = file
            .as_ref()
            .map(|file| toml::de::DeTable::parse_recoverable(&file.text).0);
        f(&Spans {
            path,
            file: file.as_ref(),
            table,
        })
    }

    /// The byte span of the value at `steps`, if the file has it.
    pub fn span(&self, steps: &[Step<'_>]) -> Option<Range<usize>> {
        let (Step::Key(first), rest) = steps.split_first()? else {
            return None;
        };
        let mut value = self.table.as_ref()?.get_ref().get(*first)?;
        for step in rest {
            value = match (step, value.get_ref()) {
                (Step::Key(k), DeValue::Table(t)) => t.get(*k)?,
                (Step::Index(n), DeValue::Array(items)) => items.get(*n)?,
                _ => return None,
            };
        }
        Some(value.span())
    }

    /// A diagnostic at the value at `steps`, or about the whole file when
    /// the file has no such value (any more).
    pub fn at(&self, steps: &[Step<'_>], message: impl Into<String>) -> Diagnostic {
        match (self.file, self.span(steps)) {
            (Some(file), Some(span)) => file.error(span, message),
            _ => Diagnostic::file(self.path, message),
        }
    }

    /// Like [`Spans::at`], pointing at `needle` inside the value when it
    /// is there word for word (a paragraph of a long text).
    pub fn at_text(
        &self,
        steps: &[Step<'_>],
        needle: &str,
        message: impl Into<String>,
    ) -> Diagnostic {
        if let (Some(file), Some(span)) = (self.file, self.span(steps))
            && !needle.is_empty()
            && let Some(i) = file.text[span.clone()].find(needle)
        {
            let start = span.start + i;
            return file.error(start..start + needle.len(), message);
        }
        self.at(steps, message)
    }
}

pub(crate) fn deserialize<'de, T: DeserializeOwned>(
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
mod tests;
