//! The full-text search index, built from the model with Pagefind.
//!
//! Search runs entirely in the reader's browser: Pagefind's chunked index
//! and its small WebAssembly search engine are written to `pagefind/` in the
//! output, and the theme's search page queries them. We feed Pagefind
//! custom records straight from the model rather than parsing our own HTML,
//! so that every effort is a result of its own (linking to its fragment on
//! the municipality page) with its municipality, status and topics as
//! metadata and filters. Topic names and synonyms are indexed with each
//! effort: Dutch compounds ("publiekscampagne") are not split by stemming,
//! so a reader searching "campagne" finds them through the synonyms.

use std::collections::BTreeMap;

use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;

use crate::Error;
use crate::model::{Site, Status};
use crate::render::Files;
use crate::render::markdown::plain_text;
use crate::render::views::{municipality_url, topic_url};

/// Where the index is written in the output.
pub const BUNDLE_DIR: &str = "pagefind";

/// One searchable item.
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

/// Builds every record of the site, in a fixed order.
fn records(site: &Site) -> Vec<Record> {
    let topics: BTreeMap<&str, &crate::model::Topic> =
        site.topics.iter().map(|t| (t.slug.as_str(), t)).collect();
    let mut out = Vec::new();
    for m in &site.municipalities {
        let url = municipality_url(&m.slug);
        let mut filters_m = BTreeMap::new();
        filters_m.insert("provincie".to_string(), vec![m.province.clone()]);
        if !m.target_groups.is_empty() {
            filters_m.insert("doelgroep".to_string(), m.target_groups.clone());
        }
        for status in [Status::Completed, Status::Planned] {
            for e in m.efforts(status) {
                let names: Vec<&str> = e
                    .topics
                    .iter()
                    .filter_map(|t| topics.get(t.as_str()).map(|t| t.name.as_str()))
                    .collect();
                let synonyms: Vec<&str> = e
                    .topics
                    .iter()
                    .filter_map(|t| topics.get(t.as_str()))
                    .flat_map(|t| t.synonyms.iter().map(String::as_str))
                    .collect();
                let content = sentences(&[
                    &e.title,
                    &plain_text(e.description.as_deref().unwrap_or("")),
                    &m.name,
                    &names.join(". "),
                    &synonyms.join(", "),
                ]);
                let mut filters = filters_m.clone();
                filters.insert("status".to_string(), vec![status.dutch().to_string()]);
                filters.insert(
                    "onderwerp".to_string(),
                    names.iter().map(|s| s.to_string()).collect(),
                );
                out.push(Record {
                    url: format!("{url}#{}", e.anchor),
                    content,
                    meta: meta(&[
                        ("title", &e.title),
                        ("soort", "Inzet"),
                        ("gemeente", &m.name),
                        ("status", status.dutch()),
                        ("onderwerpen", &names.join(", ")),
                        ("provincie", &m.province),
                    ]),
                    filters,
                });
            }
        }
        let content = sentences(&[
            &m.name,
            &m.province,
            &plain_text(m.notes.as_deref().unwrap_or("")),
            &m.target_groups.join(", "),
            &m.regional_partners.join(", "),
        ]);
        out.push(Record {
            url: url.clone(),
            content,
            meta: meta(&[
                ("title", &m.name),
                ("soort", "Gemeente"),
                ("gemeente", &m.name),
                ("provincie", &m.province),
            ]),
            filters: filters_m,
        });
    }
    for t in &site.topics {
        out.push(Record {
            url: topic_url(&t.slug),
            content: sentences(&[&t.name, &t.description, &t.synonyms.join(", ")]),
            meta: meta(&[("title", &t.name), ("soort", "Onderwerp")]),
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

fn search_error(e: impl std::fmt::Display) -> Error {
    Error::Search(e.to_string())
}

/// Builds the Pagefind bundle for the site: `pagefind/…` -> bytes.
pub fn index(site: &Site) -> Result<Files, Error> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(search_error)?;
    runtime.block_on(async {
        let config = PagefindServiceConfig::builder()
            .force_language(site.config.language.clone())
            .keep_index_url(false)
            .build();
        let mut index = PagefindIndex::new(Some(config)).map_err(search_error)?;
        for r in records(site) {
            index
                .add_custom_record(
                    r.url,
                    r.content,
                    site.config.language.clone(),
                    Some(r.meta),
                    Some(r.filters),
                    None,
                )
                .await
                .map_err(search_error)?;
        }
        let files = index.get_files().await.map_err(search_error)?;
        let mut out = Files::new();
        for f in files {
            let rel = f
                .filename
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            // We ship our own accessible search page, highlight on the
            // results page only, and force one language: Pagefind's bundled
            // UIs, its highlighter and the fallback engine are dead weight.
            let name = rel.rsplit('/').next().unwrap_or(&rel);
            if name.starts_with("pagefind-ui")
                || name.starts_with("pagefind-modular-ui")
                || name.starts_with("pagefind-component-ui")
                || name.starts_with("pagefind-highlight")
                || name == "wasm.unknown.pagefind"
            {
                continue;
            }
            out.insert(format!("{BUNDLE_DIR}/{rel}"), f.contents);
        }
        Ok(out)
    })
}
