//! Markdown from content files to safe HTML, with comrak.
//!
//! Authors are trusted with words, not with markup: raw HTML is escaped and
//! shown as text, link targets keep only `http`, `https`, `mailto` and
//! relative URLs, and images may only come from the site itself (a remote
//! image would be a request to a third party; it becomes a link). Links that
//! start with `/` are made relative to the page, so content links keep
//! working when the site is hosted under a subpath.

use comrak::nodes::{AstNode, NodeLink, NodeValue};
use comrak::{Arena, Options, format_html, parse_document};
use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

/// How a fragment of Markdown is placed in a page.
#[derive(Debug, Clone, Copy)]
pub struct Placement<'a> {
    /// Relative path from the page to the site root (`../../`, or `` at the
    /// root), prepended to root-relative links.
    pub root: &'a str,
    /// The highest heading level the fragment may use: a page body under
    /// the page's `h1` starts at 2; notes inside a section headed `h2` at 3.
    /// The fragment's own highest heading is moved there and the others
    /// follow, so its outline is kept and never jumps above the page's.
    pub top_heading: u8,
    /// Give every heading an `id` (see [`heading_ids`]), so other pages can
    /// link to a section: for the body of a content page, where the ids
    /// are unique on the page. Notes and descriptions, many to a page, get
    /// none.
    pub heading_ids: bool,
    /// The site's contact address: a link to `contact:` becomes a `mailto:`
    /// link to it, so pages name the address kept in site.toml.
    pub contact: Option<&'a str>,
}

/// The link target in Markdown that stands for the site's contact address.
pub const CONTACT_LINK: &str = "contact:";

/// Rendered fragments kept from one build to the next, for the dev server:
/// [`render`] depends only on the text and its placement, and the tables
/// that list every municipality render thousands of the same notes again
/// on every rebuild. [`Cache::sweep`] after a build forgets what that build
/// did not use, so the cache never holds more than one build's fragments.
#[derive(Debug, Default)]
pub struct Cache {
    entries: Mutex<HashMap<Key, Entry>>,
    generation: AtomicU64,
}

/// A fragment's placement (root, top heading, heading ids, contact) and
/// its text.
type Key = (String, u8, bool, String, String);

#[derive(Debug)]
struct Entry {
    html: String,
    used: u64,
}

impl Cache {
    /// [`render`], from the cache when the same fragment was rendered before.
    pub fn render(&self, markdown: &str, placement: Placement<'_>) -> String {
        let generation = self.generation.load(Ordering::Relaxed);
        let key = (
            placement.root.to_string(),
            placement.top_heading,
            placement.heading_ids,
            placement.contact.unwrap_or_default().to_string(),
            markdown.to_string(),
        );
        if let Ok(mut entries) = self.entries.lock()
            && let Some(e) = entries.get_mut(&key)
        {
            e.used = generation;
            return e.html.clone();
        }
        let html = render(markdown, placement);
        if let Ok(mut entries) = self.entries.lock() {
            entries.insert(
                key,
                Entry {
                    html: html.clone(),
                    used: generation,
                },
            );
        }
        html
    }

    /// Forgets the fragments not used since the last sweep.
    pub fn sweep(&self) {
        let generation = self.generation.fetch_add(1, Ordering::Relaxed);
        if let Ok(mut entries) = self.entries.lock() {
            entries.retain(|_, e| e.used == generation);
        }
    }

    pub fn len(&self) -> usize {
        self.entries.lock().map_or(0, |e| e.len())
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

fn options() -> Options<'static> {
    let mut o = Options::default();
    o.extension.table = true;
    o.extension.strikethrough = true;
    o.extension.autolink = true;
    o.render.r#unsafe = false;
    o.render.escape = true;
    o
}

/// Renders Markdown to HTML that is safe to embed in a page.
pub fn render(markdown: &str, placement: Placement<'_>) -> String {
    if let Some(html) = plain_paragraphs(markdown) {
        return html;
    }
    let arena = Arena::new();
    let options = options();
    let root = parse_document(&arena, markdown, &options);
    // Collect first: the tree is changed while we walk it.
    let nodes: Vec<&AstNode<'_>> = root.descendants().collect();
    let highest = nodes
        .iter()
        .filter_map(|n| match &n.data().value {
            NodeValue::Heading(h) => Some(h.level),
            _ => None,
        })
        .min()
        .unwrap_or(placement.top_heading);
    let shift = placement.top_heading.saturating_sub(highest);
    for node in nodes {
        let mut data = node.data_mut();
        match &mut data.value {
            NodeValue::Heading(h) => h.level = (h.level + shift).min(6),
            NodeValue::Link(link) if link.url.trim() == CONTACT_LINK => match placement.contact {
                Some(mail) => link.url = format!("mailto:{mail}"),
                None => {
                    drop(data);
                    unwrap_node(node);
                }
            },
            NodeValue::Link(link) => match classify(&link.url) {
                Target::Relative(rel) => link.url = rebase(&rel, placement.root),
                Target::Remote => {}
                Target::Refused => {
                    drop(data);
                    unwrap_node(node);
                }
            },
            NodeValue::Image(image) => match classify(&image.url) {
                Target::Relative(rel) => image.url = rebase(&rel, placement.root),
                Target::Remote => {
                    // Keep the reader's way to the picture without loading it.
                    let link = NodeLink {
                        url: image.url.clone(),
                        title: image.title.clone(),
                    };
                    data.value = NodeValue::Link(Box::new(link));
                }
                Target::Refused => {
                    drop(data);
                    unwrap_node(node);
                }
            },
            _ => {}
        }
    }
    let mut html = String::new();
    // Writing into a String cannot fail.
    let _ = format_html(root, &options, &mut html);
    if placement.heading_ids {
        html = with_heading_ids(&html, &unique_ids(&heading_texts(root)));
    }
    html
}

/// The `id` each heading of a content page gets, in document order: its
/// text as a slug (`## Gedaan en gepland` -> `gedaan-en-gepland`), made
/// unique with `-2`, `-3`. What a link to a section (`over#…`) is checked
/// against.
pub fn heading_ids(markdown: &str) -> Vec<String> {
    let arena = Arena::new();
    let root = parse_document(&arena, markdown, &options());
    unique_ids(&heading_texts(root))
}

fn heading_texts<'a>(root: &'a AstNode<'a>) -> Vec<String> {
    root.descendants()
        .filter(|n| matches!(n.data().value, NodeValue::Heading(_)))
        .map(|h| {
            h.descendants()
                .filter_map(|n| match &n.data().value {
                    NodeValue::Text(t) => Some(t.to_string()),
                    NodeValue::Code(c) => Some(c.literal.clone()),
                    _ => None,
                })
                .collect::<String>()
        })
        .collect()
}

fn unique_ids(texts: &[String]) -> Vec<String> {
    let mut taken = std::collections::BTreeSet::new();
    texts
        .iter()
        .map(|t| {
            let base = match crate::text::slugify(t) {
                s if s.is_empty() => "kop".to_string(),
                s => s,
            };
            crate::text::unique_slug(base, &mut taken)
        })
        .collect()
}

/// Puts `ids` on the headings of comrak's output, in order. Authors cannot
/// write raw HTML (it is escaped), so every `<h2>` in the output is a
/// heading comrak made.
fn with_heading_ids(html: &str, ids: &[String]) -> String {
    let mut out = String::with_capacity(html.len() + ids.len() * 24);
    let mut ids = ids.iter();
    let mut rest = html;
    while let Some(i) = rest.find("<h") {
        let tag = &rest[i..];
        let level = tag.as_bytes().get(2).copied().unwrap_or(0);
        if (b'1'..=b'6').contains(&level) && tag.as_bytes().get(3) == Some(&b'>') {
            out.push_str(&rest[..i + 3]);
            if let Some(id) = ids.next() {
                out.push_str(&format!(" id=\"{id}\""));
            }
            out.push('>');
            rest = &rest[i + 4..];
        } else {
            out.push_str(&rest[..i + 2]);
            rest = &rest[i + 2..];
        }
    }
    out.push_str(rest);
    out
}

/// Plain prose, paragraphs of one line each made of words, digits and
/// punctuation that Markdown gives no meaning, rendered as comrak renders
/// it (a `<p>` per paragraph), without a parse. Most descriptions and notes
/// are just that, and at thousands of municipalities parsing them is a good
/// part of a build. `None` for anything else; a property test holds this
/// to comrak's output.
fn plain_paragraphs(markdown: &str) -> Option<String> {
    fn ordinary(c: char) -> bool {
        c.is_alphanumeric() && (c.is_ascii() || !c.is_numeric())
            || matches!(
                c,
                ' ' | ',' | '.' | ';' | '?' | '(' | ')' | '%' | '/' | '\'' | '-'
            )
    }
    let text = markdown.trim_start_matches('\n').trim_end();
    if text.is_empty() || text.contains("www.") {
        return None;
    }
    let mut html = String::with_capacity(text.len() + 16);
    for paragraph in text.split("\n\n") {
        let starts_with_letter = paragraph.chars().next().is_some_and(char::is_alphabetic);
        if !starts_with_letter || paragraph.ends_with(' ') || !paragraph.chars().all(ordinary) {
            return None;
        }
        html.push_str("<p>");
        html.push_str(paragraph);
        html.push_str("</p>\n");
    }
    Some(html)
}

/// The words of a Markdown text without its markup, blocks separated by a
/// space: what a search index should hold.
pub fn plain_text(markdown: &str) -> String {
    let arena = Arena::new();
    let root = parse_document(&arena, markdown, &options());
    let mut out = String::new();
    for node in root.descendants() {
        match &node.data().value {
            NodeValue::Text(t) => out.push_str(t),
            NodeValue::Code(c) => out.push_str(&c.literal),
            NodeValue::CodeBlock(c) => out.push_str(&c.literal),
            NodeValue::SoftBreak | NodeValue::LineBreak => out.push(' '),
            NodeValue::Paragraph
            | NodeValue::Heading(_)
            | NodeValue::Item(_)
            | NodeValue::TableCell
                if !out.is_empty() && !out.ends_with(' ') =>
            {
                out.push(' ');
            }
            _ => {}
        }
    }
    out.trim().to_string()
}

/// Replaces a link or image with its children (its text).
fn unwrap_node<'a>(node: &'a AstNode<'a>) {
    while let Some(child) = node.first_child() {
        child.detach();
        node.insert_before(child);
    }
    node.detach();
}

enum Target {
    /// No scheme: a path, query or fragment on this site (normalized).
    Relative(String),
    /// `http`, `https` or `mailto`.
    Remote,
    /// Anything else: `javascript:`, `data:`, `vbscript:`, `file:`, …
    Refused,
}

fn classify(url: &str) -> Target {
    // Browsers ignore ASCII whitespace and control characters inside a
    // scheme (`java\tscript:`), so judge the URL without them.
    let cleaned: String = url
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_control())
        .collect();
    let first_special = cleaned.find(['/', '?', '#']).unwrap_or(cleaned.len());
    match cleaned[..first_special].find(':') {
        None => {
            if cleaned.starts_with("//") {
                // Protocol-relative: a remote host without saying which scheme.
                Target::Refused
            } else {
                Target::Relative(cleaned)
            }
        }
        Some(i) => {
            let scheme = cleaned[..i].to_ascii_lowercase();
            if matches!(scheme.as_str(), "http" | "https" | "mailto") {
                Target::Remote
            } else {
                Target::Refused
            }
        }
    }
}

/// `/gemeenten/delft/` on a page two levels deep becomes `../../gemeenten/delft/`.
fn rebase(url: &str, root: &str) -> String {
    match url.strip_prefix('/') {
        Some(rest) => format!("{root}{rest}"),
        None => url.to_string(),
    }
}

#[cfg(test)]
mod tests;
