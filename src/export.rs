//! Machine-readable outputs of the model: open data (`data/gemeenten.json`,
//! `data/inzet.csv`), `sitemap.xml` and `robots.txt`.
//!
//! The sitemap is derived from the same page list as the HTML, so a page
//! cannot be published without being in it. The data files are the
//! validated model itself, so what readers download is what the pages show.
//! Nothing here depends on the time of the build: two builds are
//! byte-identical.

use std::io::{self, Write};

use crate::model::{Site, SiteConfig, Status};

/// Output path of the full model as JSON.
pub const JSON_PATH: &str = "data/gemeenten.json";
/// Output path of the one-row-per-effort CSV.
pub const CSV_PATH: &str = "data/inzet.csv";

/// The columns of [`CSV_PATH`], in order, with what each holds (Dutch, for
/// the data page).
pub const CSV_COLUMNS: &[(&str, &str)] = &[
    ("gemeente", "De naam van de gemeente."),
    (
        "gemeente_id",
        "De korte naam van de gemeente in adressen van deze site, zoals den-haag.",
    ),
    ("provincie", "De provincie van de gemeente."),
    (
        "status",
        "gedaan (al uitgevoerd) of gepland (nog van plan).",
    ),
    ("titel", "De inzet, in de woorden van de bron."),
    (
        "onderwerpen",
        "De onderwerpen van de inzet, gescheiden door een puntkomma (;).",
    ),
    (
        "onderwerp_ids",
        "De korte namen van die onderwerpen, gescheiden door een puntkomma (;).",
    ),
    (
        "doelgroepen",
        "Op wie de gemeente zich richt, gescheiden door een puntkomma (;); leeg als de bron niets zegt.",
    ),
    (
        "peildatum",
        "De datum waarop de gegevens betrekking hebben (JJJJ-MM-DD).",
    ),
];

/// A cell that a spreadsheet would run as a formula (it starts with `=`,
/// `+`, `-`, `@`, a tab or a carriage return) gets a leading `'`, which
/// spreadsheets show as text (OWASP, "CSV injection"). Other cells are kept.
pub fn spreadsheet_safe(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

/// Output path of one municipality as JSON (what the side-by-side page of a
/// large site fetches for each municipality a reader picks).
pub fn municipality_json_path(slug: &str) -> String {
    format!("data/gemeenten/{slug}.json")
}

/// One municipality of the model as compact JSON.
pub fn municipality_json(m: &crate::model::Municipality) -> Vec<u8> {
    // Plain data with string keys: serializing cannot fail.
    serde_json::to_vec(m).unwrap_or_default()
}

/// Writes the whole validated model as pretty-printed JSON to `out`.
pub fn write_json(site: &Site, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, site)?;
    out.write_all(b"\n")
}

/// Writes one row per effort to `out`: RFC 4180 (CRLF line ends, quotes
/// where needed), UTF-8.
pub fn write_csv(site: &Site, out: &mut dyn Write) -> io::Result<()> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(out);
    let names: std::collections::BTreeMap<&str, &str> = site
        .topics
        .iter()
        .map(|t| (t.slug.as_str(), t.name.as_str()))
        .collect();
    let peildatum = site.config.peildatum.iso();
    w.write_record(CSV_COLUMNS.iter().map(|(c, _)| *c))?;
    for m in &site.municipalities {
        for status in [Status::Completed, Status::Planned] {
            for e in m.efforts(status) {
                let topic_names: Vec<&str> = e
                    .topics
                    .iter()
                    .map(|t| names.get(t.as_str()).copied().unwrap_or(t))
                    .collect();
                w.write_record(
                    [
                        m.name.as_str(),
                        m.slug.as_str(),
                        m.province.as_str(),
                        status.dutch(),
                        e.title.as_str(),
                        &topic_names.join("; "),
                        &e.topics.join("; "),
                        &m.target_groups.join("; "),
                        &peildatum,
                    ]
                    .map(|cell| spreadsheet_safe(cell).into_owned()),
                )?;
            }
        }
    }
    w.flush()
}

/// Escapes text for XML character data and attribute values.
pub fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 does not allow at all are left out.
            c if (c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
                || c == '\u{fffe}'
                || c == '\u{ffff}' => {}
            c => out.push(c),
        }
    }
    out
}

/// Output path of the Atom feed.
pub const FEED_PATH: &str = "feed.xml";

/// The feed holds the most recently updated municipalities, this many: a
/// feed reader wants what changed, and at 10,000 municipalities a feed of
/// all would be megabytes fetched again on every poll (Zola and Hugo cap
/// their feeds the same way).
pub const FEED_LIMIT: usize = 50;

/// An Atom feed (RFC 4287) of the municipalities, most recently updated
/// first. A municipality without `updated` counts as updated on the
/// peildatum. Dates carry no time of day, so entries are stamped midnight
/// UTC; nothing depends on when the build ran.
pub fn atom(site: &Site) -> String {
    let base = &site.config.base_url;
    let stamp = |d: crate::model::Date| format!("{}T00:00:00Z", d.iso());
    let mut entries: Vec<&crate::model::Municipality> =
        site.municipalities.iter().map(|m| &**m).collect();
    let updated = |m: &crate::model::Municipality| m.updated.unwrap_or(site.config.peildatum);
    entries.sort_by(|a, b| {
        updated(b)
            .cmp(&updated(a))
            .then_with(|| a.name.cmp(&b.name))
    });
    let newest = entries
        .first()
        .map_or(site.config.peildatum, |m| updated(m));
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"",
    );
    xml.push_str(&xml_escape(&site.config.language));
    xml.push_str("\">\n");
    xml.push_str(&format!(
        "  <title>{}</title>\n",
        xml_escape(&site.config.title)
    ));
    xml.push_str(&format!(
        "  <subtitle>{}</subtitle>\n",
        xml_escape(&site.config.description)
    ));
    xml.push_str(&format!("  <id>{}</id>\n", xml_escape(base)));
    xml.push_str(&format!(
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
        xml_escape(base)
    ));
    xml.push_str(&format!(
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}{FEED_PATH}\"/>\n",
        xml_escape(base)
    ));
    xml.push_str(&format!("  <updated>{}</updated>\n", stamp(newest)));
    xml.push_str(&format!(
        "  <author><name>{}</name></author>\n",
        xml_escape(&site.config.title)
    ));
    for m in entries.into_iter().take(FEED_LIMIT) {
        let url = format!("{base}gemeenten/{}/", m.slug);
        let summary = format!(
            "{}: {} keer gedaan, {} keer gepland. Gedaan: {}. Gepland: {}.",
            m.province,
            m.completed.len(),
            m.planned.len(),
            list_or_dash(m.completed.iter().map(|e| e.title.as_str())),
            list_or_dash(m.planned.iter().map(|e| e.title.as_str())),
        );
        xml.push_str("  <entry>\n");
        xml.push_str(&format!("    <title>{}</title>\n", xml_escape(&m.name)));
        xml.push_str(&format!("    <id>{}</id>\n", xml_escape(&url)));
        xml.push_str(&format!(
            "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
            xml_escape(&url)
        ));
        xml.push_str(&format!("    <updated>{}</updated>\n", stamp(updated(m))));
        xml.push_str(&format!(
            "    <summary>{}</summary>\n",
            xml_escape(&summary)
        ));
        xml.push_str("  </entry>\n");
    }
    xml.push_str("</feed>\n");
    xml
}

fn list_or_dash<'a>(items: impl Iterator<Item = &'a str>) -> String {
    let v: Vec<&str> = items.collect();
    if v.is_empty() {
        "–".to_string()
    } else {
        v.join("; ")
    }
}

/// A sitemap (sitemaps.org 0.9) of the given page directories.
pub fn sitemap(config: &SiteConfig, page_dirs: &[String]) -> String {
    let mut dirs: Vec<&String> = page_dirs.iter().collect();
    dirs.sort();
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for dir in dirs {
        xml.push_str("  <url><loc>");
        xml.push_str(&xml_escape(&format!("{}{dir}", config.base_url)));
        xml.push_str("</loc></url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
}

/// Allows everything and points crawlers at the sitemap.
pub fn robots(config: &SiteConfig) -> String {
    format!(
        "User-agent: *\nAllow: /\n\nSitemap: {}sitemap.xml\n",
        config.base_url
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_become_text() {
        assert_eq!(spreadsheet_safe("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(spreadsheet_safe("@SUM(1)"), "'@SUM(1)");
        assert_eq!(spreadsheet_safe("Delft"), "Delft");
    }

    #[test]
    fn escapes_markup() {
        assert_eq!(xml_escape("a<b>&\"'"), "a&lt;b&gt;&amp;&quot;&apos;");
    }
}
