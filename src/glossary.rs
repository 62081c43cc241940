//! Finding the glossary's words in the site's text, and linking them.
//!
//! One matcher serves both the checks and the pages, so a word that the
//! loader says is used somewhere is exactly a word that some page links.
//! A match is a whole word (no letter or digit on either side), ignores
//! ASCII case, and takes the longest form where forms overlap
//! ("Positieve Gezondheid" before "Gezondheid").
//!
//! [`Glossary::link_html`] works on a rendered page: inside `<main>` only,
//! it links the first occurrence of each word on the page to its entry on
//! the glossary page, in text that is not already part of a link, heading,
//! label, button, summary, script, SVG or visually hidden text (a link there
//! would break the markup or what a screen reader announces). It reads our
//! own templates' output, which is well formed and escaped; it never changes
//! a tag or an attribute, only text between tags.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use crate::model::Term;

/// The words of a site's glossary, ready to be found.
pub struct Glossary {
    matcher: AhoCorasick,
    /// Per pattern of `matcher`, the term it belongs to.
    term_of: Vec<usize>,
    /// Per term, its fragment id on the glossary page.
    slugs: Vec<String>,
}

/// Elements whose text is never linked (see the module doc).
const SKIP: &[&str] = &[
    "a", "h1", "h2", "h3", "h4", "h5", "h6", "script", "style", "svg", "button", "label",
    "summary", "textarea", "select", "option", "dfn", "code", "pre", "title",
];

impl Glossary {
    /// `None` for a site without a glossary: nothing to find or link.
    pub fn new(terms: &[Term]) -> Option<Glossary> {
        let mut patterns: Vec<String> = Vec::new();
        let mut term_of = Vec::new();
        for (i, t) in terms.iter().enumerate() {
            for form in std::iter::once(&t.term).chain(&t.forms) {
                let form = form.trim();
                if form.is_empty() {
                    continue;
                }
                // Texts write the apostrophe both ways (persona's, persona’s).
                let mut variants = vec![form.to_string()];
                if form.contains('\'') {
                    variants.push(form.replace('\'', "\u{2019}"));
                }
                if form.contains('\u{2019}') {
                    variants.push(form.replace('\u{2019}', "'"));
                }
                for v in variants {
                    patterns.push(v);
                    term_of.push(i);
                }
            }
        }
        if patterns.is_empty() {
            return None;
        }
        let matcher = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .build(&patterns)
            .ok()?;
        Some(Glossary {
            matcher,
            term_of,
            slugs: terms.iter().map(|t| t.slug.clone()).collect(),
        })
    }

    /// The whole-word occurrences in `text`: byte range and term index.
    pub fn find<'t>(&'t self, text: &'t str) -> impl Iterator<Item = (usize, usize, usize)> + 't {
        self.matcher.find_iter(text).filter_map(move |m| {
            let before = text[..m.start()].chars().next_back();
            let after = text[m.end()..].chars().next();
            let is_word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
            (!is_word(before) && !is_word(after)).then(|| {
                let term = self.term_of[m.pattern().as_usize()];
                (m.start(), m.end(), term)
            })
        })
    }

    /// Links the first occurrence of each term in the `<main>` of a page to
    /// `{prefix}#{slug}` (the prefix is the glossary page's address as seen
    /// from this page). Pages without `<main>` come back unchanged.
    pub fn link_html(&self, html: &str, prefix: &str) -> String {
        let Some(main_start) = html.find("<main") else {
            return html.to_string();
        };
        let main_end = html.rfind("</main>").unwrap_or(html.len());
        let mut out = String::with_capacity(html.len() + 256);
        out.push_str(&html[..main_start]);
        let mut linked = vec![false; self.slugs.len()];
        // Open elements that stop linking, and for every open <span> whether
        // it is visually hidden.
        let mut skipping = 0usize;
        let mut spans: Vec<bool> = Vec::new();
        let body = &html[main_start..main_end];
        let mut pos = 0;
        while pos < body.len() {
            let Some(lt) = body[pos..].find('<').map(|i| pos + i) else {
                self.link_text(&body[pos..], prefix, skipping > 0, &mut linked, &mut out);
                break;
            };
            self.link_text(&body[pos..lt], prefix, skipping > 0, &mut linked, &mut out);
            if body[lt..].starts_with("<!--") {
                let end = body[lt..].find("-->").map_or(body.len(), |i| lt + i + 3);
                out.push_str(&body[lt..end]);
                pos = end;
                continue;
            }
            let end = body[lt..].find('>').map_or(body.len(), |i| lt + i + 1);
            let tag = &body[lt..end];
            out.push_str(tag);
            pos = end;
            let closing = tag.starts_with("</");
            let name: String = tag[if closing { 2 } else { 1 }..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .map(|c| c.to_ascii_lowercase())
                .collect();
            let self_closing = tag.ends_with("/>");
            if SKIP.contains(&name.as_str()) {
                if closing {
                    skipping = skipping.saturating_sub(1);
                } else if !self_closing {
                    skipping += 1;
                    // Script and style hold text that is not HTML: copy it
                    // to their end tag untouched.
                    if name == "script" || name == "style" {
                        let close = format!("</{name}");
                        let stop = body[pos..].find(&close).map_or(body.len(), |i| pos + i);
                        out.push_str(&body[pos..stop]);
                        pos = stop;
                    }
                }
            } else if name == "span" {
                if closing {
                    if spans.pop() == Some(true) {
                        skipping = skipping.saturating_sub(1);
                    }
                } else {
                    let hidden = tag.contains("visually-hidden");
                    spans.push(hidden);
                    skipping += usize::from(hidden);
                }
            }
        }
        out.push_str(&html[main_end..]);
        out
    }

    /// Copies one run of text between tags, linking first occurrences.
    fn link_text(
        &self,
        raw: &str,
        prefix: &str,
        skip: bool,
        linked: &mut [bool],
        out: &mut String,
    ) {
        if skip || raw.trim().is_empty() || linked.iter().all(|l| *l) {
            out.push_str(raw);
            return;
        }
        // Match on the text as a reader sees it (entities decoded), and map
        // each match back to the escaped text.
        let (text, raw_at) = decode(raw);
        let mut copied = 0;
        for (start, end, term) in self.find(&text) {
            if linked[term] {
                continue;
            }
            linked[term] = true;
            let (s, e) = (raw_at[start], raw_at[end]);
            out.push_str(&raw[copied..s]);
            out.push_str(&format!(
                "<a class=\"term\" href=\"{prefix}#{}\">{}</a>",
                self.slugs[term],
                &raw[s..e]
            ));
            copied = e;
        }
        out.push_str(&raw[copied..]);
    }
}

/// HTML text with its character references decoded, and for every byte of
/// the decoded text (and its end) the offset in `raw` where it starts. A
/// reference that is not one we write is kept as it is.
fn decode(raw: &str) -> (String, Vec<usize>) {
    let mut text = String::with_capacity(raw.len());
    let mut raw_at = Vec::with_capacity(raw.len() + 1);
    let mut i = 0;
    while i < raw.len() {
        let rest = &raw[i..];
        let reference = rest
            .starts_with('&')
            .then(|| rest[..rest.len().min(12)].find(';'))
            .flatten()
            .and_then(|end| Some((char_of(&rest[1..end])?, end + 1)));
        let (c, len) = match reference {
            Some(r) => r,
            None => {
                let c = rest.chars().next().unwrap_or(' ');
                (c, c.len_utf8())
            }
        };
        for _ in 0..c.len_utf8() {
            raw_at.push(i);
        }
        text.push(c);
        i += len;
    }
    raw_at.push(raw.len());
    (text, raw_at)
}

/// The character of a reference's name (`amp`, `#39`, `#x27`).
fn char_of(name: &str) -> Option<char> {
    match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        "nbsp" => Some('\u{a0}'),
        _ => {
            let n = name.strip_prefix('#')?;
            let code = match n.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => n.parse().ok()?,
            };
            char::from_u32(code)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn term(slug: &str, term: &str, forms: &[&str]) -> Term {
        Term {
            slug: slug.into(),
            term: term.into(),
            explanation: "uitleg".into(),
            forms: forms.iter().map(|f| f.to_string()).collect(),
            defined_at: None,
        }
    }

    fn glossary() -> Glossary {
        Glossary::new(&[
            term("persona-s", "persona's", &["persona"]),
            term("voorspelmodel", "voorspelmodel", &[]),
            term("positieve-gezondheid", "Positieve Gezondheid", &[]),
        ])
        .unwrap()
    }

    #[test]
    fn whole_words_only_in_any_case() {
        let g = glossary();
        let found: Vec<usize> = g
            .find("Het Voorspelmodel, voorspelmodellen en persona’s")
            .map(|m| m.2)
            .collect();
        assert_eq!(found, vec![1, 0]);
    }

    #[test]
    fn links_the_first_occurrence_in_main_only() {
        let g = glossary();
        let html = "<header>voorspelmodel</header><main><p>Een voorspelmodel en nog een voorspelmodel.</p></main>";
        let out = g.link_html(html, "../begrippen/");
        assert_eq!(
            out,
            "<header>voorspelmodel</header><main><p>Een <a class=\"term\" href=\"../begrippen/#voorspelmodel\">voorspelmodel</a> en nog een voorspelmodel.</p></main>"
        );
    }

    #[test]
    fn skips_links_headings_and_hidden_text_but_links_later_text() {
        let g = glossary();
        let html = "<main><h2>Voorspelmodel</h2><a href=\"x\">voorspelmodel</a><span class=\"visually-hidden\">voorspelmodel</span><p>Het voorspelmodel</p></main>";
        let out = g.link_html(html, "b/");
        assert!(out.starts_with(
            "<main><h2>Voorspelmodel</h2><a href=\"x\">voorspelmodel</a><span class=\"visually-hidden\">voorspelmodel</span><p>Het <a class=\"term\""
        ));
    }

    #[test]
    fn escaped_text_is_matched_as_read_and_kept_escaped() {
        let g = glossary();
        let out = g.link_html("<main><p>De persona&#x27;s &amp; meer</p></main>", "b/");
        assert_eq!(
            out,
            "<main><p>De <a class=\"term\" href=\"b/#persona-s\">persona&#x27;s</a> &amp; meer</p></main>"
        );
    }

    #[test]
    fn longest_form_wins() {
        let g = Glossary::new(&[
            term("gezondheid", "Gezondheid", &[]),
            term("positieve-gezondheid", "Positieve Gezondheid", &[]),
        ])
        .unwrap();
        let found: Vec<usize> = g
            .find("werken met Positieve Gezondheid")
            .map(|m| m.2)
            .collect();
        assert_eq!(found, vec![1]);
    }
}
