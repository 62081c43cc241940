//! Problems found in an author's content, with enough context to fix them.
//!
//! Every content error is a [`Diagnostic`]: the file, the 1-based line and
//! column, a one-line message, the offending source line and, where we can
//! guess it, a suggestion. Loading collects *all* of them before giving up so
//! an author fixes a whole batch per run. The same value is rendered for the
//! terminal here and, later, for the dev server's error overlay.

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

/// A position in a file, resolved from a byte span.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Location {
    /// 1-based line number.
    pub line: usize,
    /// 1-based column, counted in characters (not bytes).
    pub column: usize,
    /// The text of the line, without its line ending.
    pub source_line: String,
    /// How many characters to underline, at least one.
    pub width: usize,
}

/// Whether a diagnostic stops the build.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Severity {
    /// The content is wrong; nothing is built.
    #[default]
    Error,
    /// Likely a mistake, but the site builds.
    Warning,
}

/// One problem in one content file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub file: PathBuf,
    /// `None` when the problem concerns the file as a whole and no position
    /// inside it makes sense (for example, a file that could not be read).
    pub location: Option<Location>,
    pub message: String,
    pub help: Option<String>,
}

impl Diagnostic {
    /// A diagnostic about a whole file.
    pub fn file(file: &Path, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: file.to_path_buf(),
            location: None,
            message: message.into(),
            help: None,
        }
    }

    /// A diagnostic about a file as a whole (its name, its emptiness), placed
    /// at 1:1 so editors and terminals can jump to it.
    pub fn file_start(file: &Path, message: impl Into<String>) -> Self {
        Diagnostic {
            location: Some(Location {
                line: 1,
                column: 1,
                source_line: String::new(),
                width: 1,
            }),
            ..Diagnostic::file(file, message)
        }
    }

    /// A diagnostic at a byte span of `text`, the contents of `file`.
    pub fn at(file: &Path, text: &str, span: Range<usize>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: file.to_path_buf(),
            location: Some(locate(text, span)),
            message: message.into(),
            help: None,
        }
    }

    /// Turns this into a warning.
    pub fn warning(mut self) -> Self {
        self.severity = Severity::Warning;
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// `file:line:column`, or just the file when there is no position.
    pub fn position(&self) -> String {
        match &self.location {
            Some(loc) => format!("{}:{}:{}", self.file.display(), loc.line, loc.column),
            None => self.file.display().to_string(),
        }
    }
}

/// Resolves a byte span of `text` to a line, column and underline width.
///
/// Spans past the end of the text (an "unexpected end of file") point just
/// after the last character; spans inside a multi-byte character are moved to
/// its start, so this never panics.
pub fn locate(text: &str, span: Range<usize>) -> Location {
    let mut start = span.start.min(text.len());
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let source_line = text[line_start..line_end].trim_end_matches('\r');
    let line = text[..start].matches('\n').count() + 1;
    let column = text[line_start..start].chars().count() + 1;
    let mut end = span.end.clamp(start, line_end);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let width = text[start..end].chars().count().max(1);
    Location {
        line,
        column,
        source_line: source_line.to_string(),
        width,
    }
}

impl fmt::Display for Diagnostic {
    /// Renders in the style of rustc and cargo:
    ///
    /// ```text
    /// error: unknown topic `publiekscampagn`
    ///   --> content/municipalities/delft.toml:7:12
    ///    |
    ///  7 | topics = ["publiekscampagn"]
    ///    |           ^^^^^^^^^^^^^^^^^
    ///    = help: did you mean `publiekscampagne`?
    /// ```
    ///
    /// The alternate form (`{:#}`) adds terminal colours; printing through
    /// `anstream` removes them again where colour is not wanted.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use anstyle::{AnsiColor, Style};
        let plain = Style::new();
        let pick = |s: Style| if f.alternate() { s } else { plain };
        let (label, color) = match self.severity {
            Severity::Error => ("error", AnsiColor::Red),
            Severity::Warning => ("warning", AnsiColor::Yellow),
        };
        let level = pick(Style::new().bold().fg_color(Some(color.into())));
        let bold = pick(Style::new().bold());
        let blue = pick(Style::new().bold().fg_color(Some(AnsiColor::Blue.into())));
        let help_style = pick(Style::new().bold().fg_color(Some(AnsiColor::Cyan.into())));
        writeln!(f, "{level}{label}{level:#}{bold}: {}{bold:#}", self.message)?;
        let gutter = match &self.location {
            Some(loc) => loc.line.to_string().len(),
            None => 1,
        };
        let pad = " ".repeat(gutter);
        writeln!(f, "{pad}{blue}-->{blue:#} {}", self.position())?;
        if let Some(loc) = self.location.as_ref().filter(|l| !l.source_line.is_empty()) {
            writeln!(f, "{pad} {blue}|{blue:#}")?;
            writeln!(f, "{blue}{} |{blue:#} {}", loc.line, loc.source_line)?;
            // Tabs in the line keep their width in the underline.
            let lead: String = loc
                .source_line
                .chars()
                .take(loc.column - 1)
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            writeln!(
                f,
                "{pad} {blue}|{blue:#} {lead}{level}{}{level:#}",
                "^".repeat(loc.width)
            )?;
        }
        if let Some(help) = &self.help {
            writeln!(
                f,
                "{pad} {blue}={blue:#} {help_style}help{help_style:#}: {help}"
            )?;
        }
        Ok(())
    }
}

/// All problems found in one run, in file order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter()
    }

    /// Sorts by file, then position, so output does not depend on the order
    /// in which checks ran.
    pub fn sort(&mut self) {
        self.0.sort_by(|a, b| {
            let ka = a.location.as_ref().map(|l| (l.line, l.column));
            let kb = b.location.as_ref().map(|l| (l.line, l.column));
            (&a.file, ka, &a.message).cmp(&(&b.file, kb, &b.message))
        });
    }
}

impl std::error::Error for Diagnostics {}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.0 {
            if f.alternate() {
                writeln!(f, "{d:#}")?;
            } else {
                writeln!(f, "{d}")?;
            }
        }
        let n = self.0.len();
        let warnings = self.0.iter().all(|d| d.severity == Severity::Warning);
        let noun = match (warnings, n == 1) {
            (true, true) => "warning",
            (true, false) => "warnings",
            (false, true) => "problem",
            (false, false) => "problems",
        };
        write!(f, "{n} {noun} in the content")
    }
}

/// The closest candidate to `wrong`, if one is close enough to be a typo.
pub fn did_you_mean<'a>(
    wrong: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(wrong, c), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locate_counts_characters_not_bytes() {
        let text = "a = 1\nnaam = \"Één\" x\n";
        let at = text.find('x').unwrap();
        let loc = locate(text, at..at + 1);
        assert_eq!((loc.line, loc.column), (2, 14));
        assert_eq!(loc.source_line, "naam = \"Één\" x");
    }

    #[test]
    fn locate_past_end_does_not_panic() {
        let loc = locate("abc", 10..20);
        assert_eq!((loc.line, loc.column, loc.width), (1, 4, 1));
        let loc = locate("é", 1..2);
        assert_eq!((loc.line, loc.column), (1, 1));
    }

    #[test]
    fn display_shows_position_line_and_help() {
        let text = "topics = [\"campagne\"]\n";
        let d = Diagnostic::at(Path::new("x.toml"), text, 11..19, "unknown topic")
            .with_help("did you mean `publiekscampagne`?");
        let shown = d.to_string();
        assert!(shown.contains("--> x.toml:1:12"), "{shown}");
        assert!(shown.contains("1 | topics = [\"campagne\"]"), "{shown}");
        assert!(shown.contains("  |            ^^^^^^^^"), "{shown}");
        assert!(shown.contains("= help: did you mean"), "{shown}");
    }

    #[test]
    fn did_you_mean_finds_typos_only() {
        let c = ["publiekscampagne", "training", "compaan"];
        assert_eq!(did_you_mean("publiekscampagn", c), Some("publiekscampagne"));
        assert_eq!(did_you_mean("trainingen", c), Some("training"));
        assert_eq!(did_you_mean("zzz", c), None);
    }
}
