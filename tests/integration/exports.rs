//! The downloads: the CSV (with a byte-order mark for Excel), the workbook,
//! the JSON in its published shape with its schema, and the DCAT metadata,
//! all agreeing with the content and with each other.

use crate::common::*;
use vergelijk::model::Status;

/// What every export must hold per effort: municipality, code, status,
/// title, topic ids.
fn expected_rows(site: &vergelijk::Site) -> Vec<[String; 5]> {
    let mut out = Vec::new();
    for m in &site.municipalities {
        for (status, word) in [(Status::Completed, "gedaan"), (Status::Planned, "gepland")] {
            for e in m.efforts(status) {
                out.push([
                    m.name.clone(),
                    m.code.clone().unwrap_or_default(),
                    word.to_string(),
                    e.title.clone(),
                    e.topics.join("; "),
                ]);
            }
        }
    }
    out
}

fn column(headers: &[String], name: &str) -> usize {
    headers
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("no column {name} in {headers:?}"))
}

/// Where the columns the row checks compare are (gemeente, gemeentecode,
/// status, titel, onderwerp_ids), in `headers`.
fn compared_columns(headers: &[String]) -> [usize; 5] {
    [
        "gemeente",
        "gemeentecode",
        "status",
        "titel",
        "onderwerp_ids",
    ]
    .map(|c| column(headers, c))
}

#[test]
fn csv_starts_with_a_byte_order_mark_and_has_a_row_per_effort_with_codes() {
    let Built { site, public, .. } = bundled();
    let bytes = std::fs::read(public.join("data/inzet.csv")).unwrap();
    assert!(
        bytes.starts_with(b"\xEF\xBB\xBF"),
        "Excel needs the BOM for UTF-8"
    );
    assert!(bytes.windows(2).any(|w| w == b"\r\n"), "RFC 4180 line ends");
    let mut reader = csv::Reader::from_reader(&bytes[3..]);
    let headers: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    for name in [
        "gemeente",
        "gemeentecode",
        "provincie",
        "status",
        "titel",
        "onderwerp_ids",
        "regionale_partners",
        "indeling_door_redactie",
        "bron_ids",
        "peildatum",
    ] {
        column(&headers, name);
    }
    let [name, code, status, title, topics] = compared_columns(&headers);
    let records: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    let got: Vec<[String; 5]> = records
        .iter()
        .map(|r| [name, code, status, title, topics].map(|i| r[i].to_string()))
        .collect();
    assert_eq!(got, expected_rows(site));
    assert_eq!(got.len(), 86);
    let delft = records
        .iter()
        .find(|r| &r[name] == "Delft")
        .expect("a row of Delft");
    assert_eq!(&delft[code], "GM0503");
    assert_eq!(&delft[column(&headers, "peildatum")], "2020-01-15");
    assert_eq!(&delft[column(&headers, "bron_ids")], "movisie-2020");
    // Efforts a source singles out say so, with the editors' reason.
    let notable: Vec<(String, String)> = site
        .municipalities
        .iter()
        .flat_map(|m| m.completed.iter().chain(&m.planned))
        .filter_map(|e| e.notable.clone().map(|n| (e.title.clone(), n)))
        .collect();
    assert!(!notable.is_empty());
    let (flag, why) = (
        column(&headers, "uitgelicht"),
        column(&headers, "uitgelicht_waarom"),
    );
    for r in &records {
        match notable.iter().find(|(t, _)| t == &r[title]) {
            Some((_, reason)) => assert_eq!((&r[flag], &r[why]), ("ja", reason.as_str())),
            None => assert_eq!((&r[flag], &r[why]), ("nee", "")),
        }
    }
    // Accents survive: the file is UTF-8.
    let text = String::from_utf8(bytes).unwrap();
    assert!(text.contains("Fryslân"));
}

#[test]
fn workbook_opens_with_the_same_rows_and_a_sheet_of_municipalities() {
    use calamine::{Data, DataType, Reader, Xlsx};
    let Built { site, public, .. } = bundled();
    let mut book: Xlsx<_> = calamine::open_workbook(public.join("data/inzet.xlsx")).unwrap();
    // The bundled site has earlier states (Amsterdam): a sheet of every
    // state comes after these two (tests/history.rs).
    assert_eq!(
        book.sheet_names(),
        ["Inzet", "Gemeenten", "Inzet per stand"]
    );

    let efforts = book.worksheet_range("Inzet").unwrap();
    let mut rows = efforts.rows();
    let headers: Vec<String> = rows.next().unwrap().iter().map(|c| c.to_string()).collect();
    let csv_headers: Vec<&str> = vergelijk::export::CSV_COLUMNS
        .iter()
        .map(|(n, _)| *n)
        .collect();
    assert_eq!(headers, csv_headers, "the CSV's columns");
    let idx = compared_columns(&headers);
    let rows: Vec<&[Data]> = rows.collect();
    let got: Vec<[String; 5]> = rows.iter().map(|r| idx.map(|i| r[i].to_string())).collect();
    assert_eq!(got, expected_rows(site));
    // The peildatum is a date, not text.
    let peildatum = &rows[0][column(&headers, "peildatum")];
    assert!(
        matches!(peildatum, Data::DateTime(_)),
        "peildatum is {peildatum:?}"
    );
    if let Data::DateTime(d) = peildatum {
        // Excel's serial day number of 15 January 2020.
        assert_eq!(d.as_f64(), 43845.0, "the peildatum");
    }

    let municipalities = book.worksheet_range("Gemeenten").unwrap();
    let mut rows = municipalities.rows();
    let headers: Vec<String> = rows.next().unwrap().iter().map(|c| c.to_string()).collect();
    let rows: Vec<&[Data]> = rows.collect();
    assert_eq!(rows.len(), site.municipalities.len());
    let name = column(&headers, "gemeente");
    let code = column(&headers, "gemeentecode");
    let done = column(&headers, "keer_gedaan");
    for (row, m) in rows.iter().zip(&site.municipalities) {
        assert_eq!(row[name].to_string(), m.name);
        assert_eq!(row[code].to_string(), m.code.clone().unwrap_or_default());
        assert_eq!(row[done].as_f64(), Some(m.completed.len() as f64));
    }
}

#[test]
fn workbook_has_frozen_headers_and_autofilters() {
    let public = &bundled().public;
    let file = std::fs::File::open(public.join("data/inzet.xlsx")).unwrap();
    let mut zip = zip_entries(file);
    for sheet in ["xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"] {
        let xml = zip.remove(sheet).unwrap_or_else(|| panic!("no {sheet}"));
        assert!(xml.contains("state=\"frozen\""), "{sheet}: frozen header");
        assert!(xml.contains("<autoFilter"), "{sheet}: autofilter");
        assert!(xml.contains("<col "), "{sheet}: column widths");
    }
}

/// The XML parts of a workbook, by name (an xlsx file is a zip archive).
fn zip_entries(file: std::fs::File) -> std::collections::BTreeMap<String, String> {
    use std::io::Read;
    let mut archive = zip::ZipArchive::new(file).unwrap();
    let mut out = std::collections::BTreeMap::new();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        let mut text = String::new();
        if entry.read_to_string(&mut text).is_ok() {
            out.insert(entry.name().to_string(), text);
        }
    }
    out
}

#[test]
fn json_validates_against_its_published_schema_and_round_trips() {
    let Built { site, public, .. } = bundled();
    let text = std::fs::read_to_string(public.join("data/gemeenten.json")).unwrap();
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(public.join("data/gemeenten.schema.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(
        schema["$id"], "https://example.org/data/gemeenten.schema.json",
        "the schema names its address"
    );
    let validator = jsonschema::validator_for(&schema).unwrap();
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&value)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");

    // Round trip: read into the published types and write the same text.
    let back: vergelijk::export::public::Dataset = serde_json::from_str(&text).unwrap();
    let mut again = serde_json::to_string_pretty(&back).unwrap();
    again.push('\n');
    assert_eq!(again, text);
    assert_eq!(back, vergelijk::export::public::dataset(site));

    // No internal fields; dates as ISO text.
    assert!(!text.contains("source_file"));
    assert!(!text.contains("\"theme\""));
    assert_eq!(value["peildatum"], "2020-01-15");
    let den_haag = value["municipalities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["slug"] == "den-haag")
        .unwrap();
    assert_eq!(den_haag["code"], "GM0518");
    assert_eq!(den_haag["updated"], "2026-11-23");
    assert_eq!(den_haag["url"], "https://example.org/gemeenten/den-haag/");
    assert!(den_haag["location"]["latitude"].as_f64().unwrap() > 52.0);

    // A broken file fails the schema: it is not a schema that takes anything.
    let mut broken = value.clone();
    broken["municipalities"][0]["updated"] = serde_json::json!({ "year": 2026 });
    assert!(!validator.is_valid(&broken));
}

#[test]
fn per_municipality_json_has_the_published_shape() {
    let public = &bundled().public;
    let text = std::fs::read_to_string(public.join("data/gemeenten/delft.json")).unwrap();
    let m: vergelijk::export::public::MunicipalityData = serde_json::from_str(&text).unwrap();
    assert_eq!(m.code.as_deref(), Some("GM0503"));
    assert!(!text.contains("source_file"));
}

#[test]
fn the_data_page_documents_every_json_field() {
    let documented: Vec<&str> = vergelijk::export::JSON_FIELDS
        .iter()
        .map(|(p, _)| *p)
        .collect();
    let published: Vec<String> = vergelijk::export::public::fields()
        .into_iter()
        .map(|(p, _)| p)
        .collect();
    let mut a: Vec<&str> = documented.clone();
    let mut b: Vec<&str> = published.iter().map(String::as_str).collect();
    a.sort_unstable();
    b.sort_unstable();
    assert_eq!(a, b, "JSON_FIELDS and the schema differ");

    let public = &bundled().public;
    let page = parse(&public.join("data/index.html"));
    let rows = texts(&page, "table.data-table tbody th code");
    for field in documented {
        assert!(rows.iter().any(|r| r == field), "{field} not on /data/");
    }
    for (column, _) in vergelijk::export::CSV_COLUMNS {
        assert!(rows.iter().any(|r| r == column), "{column} not on /data/");
    }
    let hrefs: Vec<&str> = page
        .select(&sel("main a"))
        .filter_map(|a| a.value().attr("href"))
        .collect();
    for file in [
        "data/inzet.csv",
        "data/inzet.xlsx",
        "data/gemeenten.json",
        "data/gemeenten.schema.json",
        "data/dataset.jsonld",
    ] {
        assert!(
            hrefs.iter().any(|h| h.ends_with(file)),
            "/data/ links {file}"
        );
    }
    let text = collapse(&page.root_element().text().collect::<String>());
    assert!(text.contains("Natural Earth"), "the map's source");
    assert!(text.contains("Publiek domein"), "the map's licence");
}

#[test]
fn dcat_metadata_has_the_required_properties_and_a_distribution_per_file() {
    let Built { site, public, .. } = bundled();
    let text = std::fs::read_to_string(public.join("data/dataset.jsonld")).unwrap();
    let d: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(d["@context"]["dcat"], "http://www.w3.org/ns/dcat#");
    assert_eq!(d["@context"]["dct"], "http://purl.org/dc/terms/");
    assert_eq!(d["@type"], "dcat:Dataset");
    assert_eq!(d["dct:title"]["@value"], site.config.title.as_str());
    assert!(d["dct:description"]["@value"].as_str().unwrap().len() > 20);
    assert!(d["dct:publisher"]["foaf:name"].is_string());
    assert_eq!(
        d["dcat:contactPoint"]["vcard:hasEmail"]["@id"],
        "mailto:redactie@example.org"
    );
    assert_eq!(
        d["dct:license"]["@id"],
        "https://creativecommons.org/licenses/by/4.0/deed.nl"
    );
    assert_eq!(d["dct:temporal"]["dcat:startDate"]["@value"], "2020-01-15");
    assert_eq!(
        d["dct:language"]["@id"],
        "http://publications.europa.eu/resource/authority/language/NLD"
    );
    let distributions = d["dcat:distribution"].as_array().unwrap();
    let mut files: Vec<(&str, &str)> = distributions
        .iter()
        .map(|x| {
            (
                x["dcat:downloadURL"]["@id"].as_str().unwrap(),
                x["dcat:mediaType"]["@id"].as_str().unwrap(),
            )
        })
        .collect();
    files.sort_unstable();
    assert_eq!(
        files,
        [
            (
                "https://example.org/data/gemeenten.json",
                "https://www.iana.org/assignments/media-types/application/json"
            ),
            (
                "https://example.org/data/inzet-per-stand.csv",
                "https://www.iana.org/assignments/media-types/text/csv"
            ),
            (
                "https://example.org/data/inzet.csv",
                "https://www.iana.org/assignments/media-types/text/csv"
            ),
            (
                "https://example.org/data/inzet.xlsx",
                "https://www.iana.org/assignments/media-types/application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            ),
        ]
    );
    for (url, _) in files {
        let path = url.strip_prefix("https://example.org/").unwrap();
        assert!(public.join(path).is_file(), "{path} is published");
    }
    // The same metadata is in the data page.
    let page = std::fs::read_to_string(public.join("data/index.html")).unwrap();
    let doc = scraper::Html::parse_document(&page);
    let embedded = doc
        .select(&sel("script[type=\"application/ld+json\"]"))
        .next()
        .expect("JSON-LD in the data page")
        .text()
        .collect::<String>();
    let embedded: serde_json::Value = serde_json::from_str(&embedded).unwrap();
    assert_eq!(embedded, d);
}

#[test]
fn bundled_codes_are_unique_and_match_the_pattern() {
    let site = &bundled().site;
    let rule = site
        .config
        .code
        .as_ref()
        .expect("the bundled site has codes");
    let re = regex::Regex::new(&format!("^(?:{})$", rule.pattern)).unwrap();
    let mut seen = std::collections::BTreeSet::new();
    for m in &site.municipalities {
        let code = m
            .code
            .as_deref()
            .unwrap_or_else(|| panic!("{} has no code", m.name));
        assert!(re.is_match(code), "{}: {code}", m.name);
        assert!(seen.insert(code), "{code} twice");
        assert!(m.location.is_some(), "{} has no location", m.name);
        assert!(
            site.config.provinces.contains(&m.province),
            "{}: {}",
            m.name,
            m.province
        );
    }
    assert_eq!(seen.len(), 16);
}
