//! Text helpers every step shares: slugs, escaping for HTML and XML,
//! percent-encoding, TOML strings, and closing the direction controls an
//! author's text may leave open ([`Text`], the type of every free-text
//! field of the content files).
//!
//! They live here, below everything else, so that content, render, export,
//! search and serve depend on one place instead of on each other.

use std::collections::BTreeSet;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC};
use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize};

/// `^[a-z0-9]+(-[a-z0-9]+)*$`: what file names, topic slugs and ids must be.
pub fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.split('-').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// Turns a title into a slug: `Den Haag` -> `den-haag`, `Één` -> `een`.
pub fn slugify(s: &str) -> String {
    slug::slugify(s)
}

/// `base`, or `base-2`, `base-3`… when `taken` has it already; the result
/// is added to `taken`. Ids of anchors, headings and glossary entries.
pub fn unique_slug(base: String, taken: &mut BTreeSet<String>) -> String {
    let mut candidate = base.clone();
    let mut n = 1;
    while !taken.insert(candidate.clone()) {
        n += 1;
        candidate = format!("{base}-{n}");
    }
    candidate
}

/// Escapes text for XML character data and attribute values, which is
/// valid HTML as well (the dev server's problem page uses it); characters
/// XML 1.0 does not allow at all are left out.
pub fn escape_xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if (c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
                || c == '\u{fffe}'
                || c == '\u{ffff}' => {}
            c => out.push(c),
        }
    }
    out
}

/// Everything but RFC 3986's unreserved characters.
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// [`COMPONENT`], but keeping `/`: a path inside a query value.
const QUERY_PATH: &AsciiSet = &COMPONENT.remove(b'/');

/// Percent-encodes a URL component (a query value, a `mailto:` subject).
pub fn percent_encode(s: &str) -> String {
    percent_encoding::utf8_percent_encode(s, COMPONENT).to_string()
}

/// Percent-encodes a path given as a query value, keeping its slashes.
pub fn percent_encode_path(s: &str) -> String {
    percent_encoding::utf8_percent_encode(s, QUERY_PATH).to_string()
}

/// Decodes `%XX` escapes; `None` for a malformed escape (which the crate
/// would pass through as it is) or bytes that are not UTF-8.
pub fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let malformed = bytes.iter().enumerate().any(|(i, &b)| {
        b == b'%'
            && !bytes
                .get(i + 1..i + 3)
                .is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit))
    });
    if malformed {
        return None;
    }
    percent_encoding::percent_decode_str(s)
        .decode_utf8()
        .ok()
        .map(|c| c.into_owned())
}

/// A TOML basic string with its quotes.
pub fn toml_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Closes Unicode direction embeddings, overrides and isolates (U+202A–E,
/// U+2066–9) left open at the end of a text, so that an author's
/// right-to-left override cannot reverse the text a template puts after the
/// field (the page title, a link, the rest of a sentence).
pub fn close_direction_controls(text: &mut String) {
    // Embeddings and overrides close with PDF, isolates with PDI.
    let mut open: Vec<char> = Vec::new();
    for c in text.chars() {
        match c {
            '\u{202A}' | '\u{202B}' | '\u{202D}' | '\u{202E}' => open.push('\u{202C}'),
            '\u{2066}' | '\u{2067}' | '\u{2068}' => open.push('\u{2069}'),
            '\u{202C}' | '\u{2069}' => {
                if let Some(pos) = open.iter().rposition(|&o| o == c) {
                    open.truncate(pos);
                }
            }
            _ => {}
        }
    }
    while let Some(closer) = open.pop() {
        text.push(closer);
    }
}

/// A text an author wrote in a content file (a title, a description, a
/// note), with the direction controls it left open closed at its end (see
/// [`close_direction_controls`]). Every free-text field of the content
/// files has this type instead of `String`, so the closing happens as the
/// file is read and a new field cannot miss it.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct Text(String);

impl Text {
    /// `s` with its open direction controls closed.
    pub fn new(s: impl Into<String>) -> Text {
        let mut s = s.into();
        close_direction_controls(&mut s);
        Text(s)
    }
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Text, D::Error> {
        String::deserialize(d).map(Text::new)
    }
}

/// In the JSON Schemas a `Text` is what it is in the file: a string.
impl JsonSchema for Text {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> std::borrow::Cow<'static, str> {
        String::schema_name()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        String::json_schema(generator)
    }
}

impl std::ops::Deref for Text {
    type Target = String;
    fn deref(&self) -> &String {
        &self.0
    }
}

impl AsRef<str> for Text {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl From<Text> for String {
    fn from(t: Text) -> String {
        t.0
    }
}

impl std::fmt::Display for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
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
    fn a_text_read_from_a_file_has_its_open_direction_controls_closed() {
        #[derive(serde::Deserialize)]
        struct F {
            a: Text,
            b: Text,
            c: toml::Spanned<Text>,
        }
        let f: F = toml::from_str(
            "a = \"abc\\u202Edef\"\nb = \"\\u2067x\\u2069 \\u202By\"\nc = \"gewoon\"\n",
        )
        .unwrap();
        assert_eq!(f.a.as_str(), "abc\u{202E}def\u{202C}");
        assert_eq!(f.b.as_str(), "\u{2067}x\u{2069} \u{202B}y\u{202C}");
        assert_eq!(f.c.get_ref().as_str(), "gewoon");
        assert_eq!(String::from(Text::new("\u{2066}x")), "\u{2066}x\u{2069}");
    }

    #[test]
    fn percent_codecs_round_trip_and_refuse_malformed_escapes() {
        let s = "Correctie: 's-Gravenhage & Súdwest-Fryslân/kaart";
        assert_eq!(percent_decode(&percent_encode(s)).as_deref(), Some(s));
        assert_eq!(percent_encode("a b/c~"), "a%20b%2Fc~");
        assert_eq!(percent_encode_path("a b/c"), "a%20b/c");
        assert_eq!(percent_decode("%zz"), None);
        assert_eq!(percent_decode("%4"), None);
        assert_eq!(percent_decode("%FF"), None, "not UTF-8");
        assert_eq!(percent_decode("%C3%A9").as_deref(), Some("é"));
    }

    #[test]
    fn escapes_markup() {
        assert_eq!(escape_xml("a<b>&\"'"), "a&lt;b&gt;&amp;&quot;&apos;");
        assert_eq!(escape_xml("a\u{1}b"), "ab", "no character XML forbids");
    }

    #[test]
    fn toml_strings_read_back_as_written() {
        for s in ["Den Haag", "a \"b\" \\ c", "regel\nregel", "\u{7}"] {
            let doc = format!("x = {}", toml_string(s));
            let v: toml::Table = toml::from_str(&doc).unwrap();
            assert_eq!(v["x"].as_str(), Some(s), "{doc}");
        }
    }

    #[test]
    fn unique_slugs_count_up() {
        let mut taken = BTreeSet::new();
        let got: Vec<_> = ["a", "a", "a", "b"]
            .iter()
            .map(|s| unique_slug(s.to_string(), &mut taken))
            .collect();
        assert_eq!(got, ["a", "a-2", "a-3", "b"]);
    }
}
