//! The full-text search index, built from the model with Pagefind.
//!
//! Search runs entirely in the reader's browser: Pagefind's chunked index
//! and its small WebAssembly search engine are written to `pagefind/` in the
//! output, and the theme's search page queries them. We feed Pagefind
//! records made from the model rather than our own pages: one per
//! municipality, a small HTML document in which every effort is a section
//! under a heading with the effort's anchor, so that Pagefind returns the
//! matching efforts as sub-results that link to their fragment on the
//! municipality page. Each effort's status and topics travel in the
//! record's metadata (`inzet`, JSON, whose words are not indexed), so the
//! search page shows efforts and narrows them to the chosen status and
//! topics; province, target group, status and topic are page filters.
//! Topic names are indexed with each effort. Their synonyms are not: Dutch compounds ("publiekscampagne") are
//! not split by stemming, so the search page itself matches the query with
//! the topics' synonyms (it gets them from the page) and adds the efforts
//! on those topics, through the topic filter. Indexed with every effort the
//! synonyms were a quarter of the index's words and of its build time.
//! Topic records keep theirs. One record per municipality, not per effort:
//! at 10,000 municipalities one record per effort meant 95,000 fragment
//! files, a minute and 3.5 GB. The records are parsed on every core
//! (`add_html_files`, see vendor/pagefind/PATCHED.md). The index is
//! built in parts of about [`parts::PART_SIZE`] municipalities, one after
//! another, which the search page merges ([`parts`]).

use std::collections::BTreeMap;

pub mod parts;
mod records;

use crate::Error;
use crate::model::{Municipality, Site, Status};
use crate::render::Files;
use crate::render::markdown::plain_text;
use crate::routes;

pub use parts::Part;
pub use records::Records;

/// Every name a reader may have meant to type, sorted and once each:
/// topics and their synonyms, municipalities, provinces and the words of
/// the glossary with their forms. A JSON array of strings.
pub fn suggestions(site: &Site) -> Vec<u8> {
    let mut names: Vec<&str> = Vec::new();
    for t in &site.topics {
        names.push(&t.name);
        names.extend(t.synonyms.iter().map(String::as_str));
    }
    for m in &site.municipalities {
        names.push(&m.name);
        names.push(&m.province);
    }
    for g in &site.target_groups {
        names.push(&g.name);
        names.extend(g.synonyms.iter().map(String::as_str));
    }
    for t in &site.glossary {
        names.push(&t.term);
        names.extend(t.forms.iter().map(String::as_str));
    }
    names.sort_unstable();
    names.dedup();
    // Plain strings: serializing cannot fail.
    serde_json::to_vec(&names).unwrap_or_default()
}

pub const NOTABLE_VALUE: &str = "Opvallende inzet";

/// The metadata field with a municipality record's efforts, as JSON
/// ([`EffortMeta`]; `zoeken.js` reads it). Data for the search page, not
/// text: Pagefind indexes the words of every other metadata field, but
/// not of this one ([`parts::index_part`]).
const EFFORTS_META: &str = "inzet";

/// One searchable item.
#[derive(Clone, Hash)]
struct Record {
    url: String,
    content: String,
    meta: BTreeMap<String, String>,
    filters: BTreeMap<String, Vec<String>>,
}

/// Joins the non-empty parts into sentences.
fn sentences(parts: &[&str]) -> String {
    parts
        .iter()
        .map(|p| p.trim())
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(". ")
}

fn meta(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// An effort as the search page reads it from a municipality's `inzet`
/// metadata: anchor, title, status and topic names.
#[derive(serde::Serialize)]
struct EffortMeta<'a> {
    a: &'a str,
    t: &'a str,
    s: &'a str,
    o: Vec<&'a str>,
    /// 1 when a source singles the effort out; left out otherwise.
    #[serde(skip_serializing_if = "is_zero")]
    n: u8,
}

fn is_zero(n: &u8) -> bool {
    *n == 0
}

/// Where a municipality record's metadata and filters begin and end:
/// Pagefind does not index the text between them as the page's text. It
/// does index the words of the metadata values (but [`EFFORTS_META`]'s),
/// and so does the word list of a split index ([`parts::add_words`]).
/// Escaped values cannot contain the closing tag.
const IGNORED_OPEN: &str = "<div data-pagefind-ignore>";
const IGNORED_CLOSE: &str = "</div>\n";

/// How a metadata value and a filter value begin in a record:
/// `<span data-pagefind-meta="name">value</span>`.
const META_OPEN: &str = "<span data-pagefind-meta=\"";
const FILTER_OPEN: &str = "<span data-pagefind-filter=\"";
/// How a value's name ends, and the value itself.
const NAME_CLOSE: &str = "\">";
const VALUE_CLOSE: &str = "</span>";

/// The record of one municipality: a small HTML document for Pagefind.
fn municipality_html(
    site: &Site,
    m: &Municipality,
    topics: &BTreeMap<&str, &crate::model::Topic>,
    language: &str,
    peildatum: crate::model::Date,
) -> String {
    let esc = crate::text::escape_xml;
    let mut html = format!("<html lang=\"{}\"><body>\n", esc(language));
    let mut efforts = Vec::new();
    let mut statuses = Vec::new();
    let mut all_topics: Vec<&str> = Vec::new();
    for status in [Status::Completed, Status::Planned] {
        if !m.efforts(status).is_empty() {
            statuses.push(status.dutch());
        }
        for e in m.efforts(status) {
            let names: Vec<&str> = e
                .topics
                .iter()
                .filter_map(|t| topics.get(t.as_str()).map(|t| t.name.as_str()))
                .collect();
            all_topics.extend(&names);
            efforts.push(EffortMeta {
                a: &e.anchor,
                t: &e.title,
                s: status.dutch(),
                o: names,
                n: u8::from(e.notable.is_some()),
            });
        }
    }
    all_topics.sort_unstable();
    all_topics.dedup();
    let earlier = earlier_efforts(m, topics, peildatum);
    efforts.extend(earlier.iter().map(|e| EffortMeta {
        a: &e.anchor,
        t: e.title,
        s: &e.status,
        o: e.topics.clone(),
        n: 0,
    }));
    // Metadata and filters: not the page's text. Pagefind indexes the
    // words of the metadata values, but not those of the efforts' JSON.
    html.push_str(IGNORED_OPEN);
    let mut tag = |open: &str, name: &str, value: &str| {
        html.push_str(&format!(
            "{open}{name}{NAME_CLOSE}{}{VALUE_CLOSE}",
            esc(value)
        ));
    };
    tag(META_OPEN, "soort", "Gemeente");
    tag(META_OPEN, "gemeente", &m.name);
    tag(META_OPEN, routes::filter::PROVINCE, &m.province);
    if m.split_reconstructed {
        tag(META_OPEN, "verdeling", "redactie");
    }
    // Plain data with string keys: serializing cannot fail.
    tag(
        META_OPEN,
        EFFORTS_META,
        &serde_json::to_string(&efforts).unwrap_or_default(),
    );
    tag(FILTER_OPEN, routes::filter::PROVINCE, &m.province);
    // A group and the broader ones above it: `ouderen` finds `75-plussers`.
    let mut groups: Vec<&str> = Vec::new();
    for g in &m.target_groups {
        for name in site.target_group_and_broader(g) {
            if !groups.contains(&name) {
                groups.push(name);
            }
        }
    }
    for g in &groups {
        tag(FILTER_OPEN, routes::filter::TARGET_GROUP, g);
    }
    for s in &statuses {
        tag(FILTER_OPEN, routes::filter::STATUS, s);
    }
    for t in &all_topics {
        tag(FILTER_OPEN, routes::filter::TOPIC, t);
    }
    if efforts.iter().any(|e| e.n == 1) {
        tag(FILTER_OPEN, routes::filter::NOTABLE, NOTABLE_VALUE);
    }
    html.push_str(IGNORED_CLOSE);
    html.push_str(&format!("<h1>{}</h1>\n", esc(&m.name)));
    let about = sentences(&[
        &m.province,
        &plain_text(m.notes.as_deref().unwrap_or("")),
        &m.target_groups.join(", "),
        &m.regional_partners.join(", "),
    ]);
    html.push_str(&format!("<p>{}</p>\n", esc(&about)));
    // The same efforts in the same order as their metadata.
    let all_efforts = [Status::Completed, Status::Planned]
        .into_iter()
        .flat_map(|status| m.efforts(status));
    for (e, meta) in all_efforts.zip(&efforts) {
        let text = sentences(&[
            &plain_text(e.description.as_deref().unwrap_or("")),
            &meta.o.join(". "),
        ]);
        html.push_str(&format!(
            "<h2 id=\"{}\">{}</h2>\n<p>{}</p>\n",
            esc(&e.anchor),
            esc(&e.title),
            esc(&text)
        ));
    }
    for e in &earlier {
        html.push_str(&format!(
            "<h2 id=\"{}\">{}</h2>\n<p>{}</p>\n",
            esc(&e.anchor),
            esc(e.title),
            esc(&e.text)
        ));
    }
    html.push_str("</body></html>\n");
    html
}

/// An effort of an earlier state, as search finds it: a section of its
/// municipality's record, linked to its date in the municipality page's
/// "Voortgang", its status marked with the date.
struct Earlier<'a> {
    anchor: String,
    title: &'a str,
    /// `gepland op 21 maart 2018`: not a value of the status filter, so
    /// filtering on a status finds the current state only.
    status: String,
    topics: Vec<&'a str>,
    text: String,
}

fn earlier_efforts<'a>(
    m: &'a Municipality,
    topics: &BTreeMap<&str, &'a crate::model::Topic>,
    peildatum: crate::model::Date,
) -> Vec<Earlier<'a>> {
    if m.history.is_empty() {
        return Vec::new();
    }
    let tl = crate::timeline::timeline(m, peildatum);
    let mut out = Vec::new();
    for t in &tl.threads {
        for s in &t.steps {
            let point = &tl.points[s.point];
            if point.current || s.mark == crate::timeline::Mark::NoLongerMentioned {
                continue;
            }
            let date = crate::render::templates::format_date_nl(point.peildatum);
            let names: Vec<&str> = s
                .effort
                .topics
                .iter()
                .filter_map(|t| topics.get(t.as_str()).map(|t| t.name.as_str()))
                .collect();
            out.push(Earlier {
                anchor: s.anchor.clone(),
                title: &s.effort.title,
                status: format!("eerder: {} op {date}", s.mark.dutch()),
                text: sentences(&[
                    &format!("Stand van {date}"),
                    &plain_text(s.effort.description.as_deref().unwrap_or("")),
                    &names.join(". "),
                ]),
                topics: names,
            });
        }
    }
    out
}

/// The records of topics and content pages, in a fixed order.
fn page_records(site: &Site) -> Vec<Record> {
    let mut out = Vec::new();
    for t in &site.topics {
        out.push(Record {
            url: routes::topic(&t.slug),
            content: sentences(&[&t.name, &t.description, &t.synonyms.join(", ")]),
            meta: meta(&[("title", &t.name), ("soort", "Onderwerp")]),
            filters: BTreeMap::new(),
        });
    }
    for t in &site.glossary {
        out.push(Record {
            url: format!("{}#{}", routes::GLOSSARY, t.slug),
            content: sentences(&[&t.term, &t.forms.join(", "), &t.explanation]),
            meta: meta(&[("title", &t.term), ("soort", "Begrip")]),
            filters: BTreeMap::new(),
        });
    }
    for p in &site.pages {
        out.push(Record {
            url: format!("{}/", p.slug),
            content: sentences(&[&p.title, &plain_text(&p.body)]),
            meta: meta(&[("title", &p.title), ("soort", "Pagina")]),
            filters: BTreeMap::new(),
        });
    }
    out
}

/// A municipality's record: its URL and HTML document.
fn record(
    site: &Site,
    topics: &BTreeMap<&str, &crate::model::Topic>,
    m: &Municipality,
) -> (String, String) {
    let html = municipality_html(
        site,
        m,
        topics,
        &site.config.language,
        site.config.peildatum,
    );
    (routes::municipality(&m.slug), html)
}

fn topic_map(site: &Site) -> BTreeMap<&str, &crate::model::Topic> {
    site.topics.iter().map(|t| (t.slug.as_str(), t)).collect()
}

/// An empty part `number` of `count`; part 0 with the records of topics,
/// glossary words and pages.
fn empty_part(site: &Site, number: usize, count: usize) -> Part {
    Part {
        number,
        of: count,
        municipalities: Vec::new(),
        pages: if number == 0 {
            page_records(site)
        } else {
            Vec::new()
        },
        words: None,
    }
}

/// Every word of the site's municipality records, topics and pages, for
/// the word list of a split index ([`parts::word_list`]); `None` for an
/// index in one part. The records are made here and dropped again.
fn words(site: &Site) -> Option<Record> {
    use rayon::prelude::*;
    use std::collections::HashSet;
    if parts::part_count(site.municipalities.len()) == 1 {
        return None;
    }
    let topics = topic_map(site);
    let words = site
        .municipalities
        .par_iter()
        .fold(HashSet::new, |mut set, m| {
            parts::add_words(&record(site, &topics, m).1, &mut set);
            set
        })
        .reduce(HashSet::new, |mut a, b| {
            a.extend(b);
            a
        });
    Some(site_word_list(site, words))
}

/// The word list of a split index: `words`, those of the municipality
/// records, with the words of the topics and pages.
fn site_word_list(site: &Site, mut words: std::collections::HashSet<String>) -> Record {
    for r in page_records(site) {
        parts::add_words(&r.content, &mut words);
    }
    parts::word_list(words)
}

/// The parts of the index for `site`, each with its records, in order:
/// what [`parts::index_part`] builds (`serve` keeps its [`Records`]
/// between models instead).
pub fn parts(site: &Site) -> Vec<Part> {
    Records::default().parts(site)
}

/// The part `number` of the index for `site` alone: a build makes its
/// records one part at a time, so that only one part is in memory.
fn part(site: &Site, number: usize, words: Option<&Record>) -> Part {
    use rayon::prelude::*;
    let count = parts::part_count(site.municipalities.len());
    let topics = topic_map(site);
    let mut part = empty_part(site, number, count);
    part.words = words.cloned();
    // On every core: the index of the part before waits for it.
    part.municipalities = site
        .municipalities
        .par_iter()
        .filter(|m| parts::part_of(&m.slug, count) == number)
        .map(|m| record(site, &topics, m))
        .collect();
    part
}

/// Builds the Pagefind index for the site part by part, handing each
/// file to `put` as soon as its part is built: `pagefind/…` -> bytes.
pub fn index_each(
    site: &Site,
    mut put: impl FnMut(String, Vec<u8>) -> Result<(), Error>,
) -> Result<(), Error> {
    let count = parts::part_count(site.municipalities.len());
    let mut written = Vec::new();
    let words = words(site);
    for number in 0..count {
        let part = part(site, number, words.as_ref());
        if part.is_empty() {
            continue;
        }
        written.push(number);
        for (path, bytes) in parts::index_part(site, part)? {
            put(path, bytes)?;
        }
    }
    put(routes::SEARCH_PARTS.to_string(), parts::manifest(&written))
}

/// Builds the Pagefind bundle for the site: `pagefind/…` -> bytes.
pub fn index(site: &Site) -> Result<Files, Error> {
    let mut out = Files::new();
    index_each(site, |path, bytes| {
        out.insert(path, bytes);
        Ok(())
    })?;
    Ok(out)
}

#[cfg(test)]
mod tests;
