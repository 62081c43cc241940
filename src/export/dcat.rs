//! Metadata of the dataset in DCAT (W3C Data Catalog Vocabulary), as
//! JSON-LD following the Dutch application profile DCAT-AP-NL, for open-data
//! portals to harvest: `data/dataset.jsonld`, also embedded in the data page.
//!
//! It says only what the site knows: title, description, publisher (the
//! site's `publisher`, else its title), contact, licence, the peildatum as
//! temporal coverage, the language, the topics as keywords, when the data
//! was last brought up to date (the newest `updated` of a municipality, left
//! out when none has one), and one distribution per download.

use serde_json::{Value, json};

use crate::model::Site;

/// A download of the dataset: its path in the site, title, media type
/// (IANA) and file type (the EU's file-type vocabulary).
pub struct Download {
    pub path: &'static str,
    pub title: &'static str,
    pub media_type: &'static str,
    pub file_type: &'static str,
}

/// Every download, in the order of the data page.
pub const DOWNLOADS: &[Download] = &[
    Download {
        path: crate::routes::CSV,
        title: "Inzet per gemeente (CSV)",
        media_type: "text/csv",
        file_type: "CSV",
    },
    Download {
        path: crate::routes::XLSX,
        title: "Inzet en gemeenten (Excel-werkmap)",
        media_type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        file_type: "XLSX",
    },
    Download {
        path: crate::routes::JSON,
        title: "Alle gegevens (JSON)",
        media_type: "application/json",
        file_type: "JSON",
    },
];

/// The download of every state (only on a site with earlier states).
pub const HISTORY_DOWNLOAD: Download = Download {
    path: crate::routes::HISTORY_CSV,
    title: "Inzet per stand (CSV)",
    media_type: "text/csv",
    file_type: "CSV",
};

/// The EU's language authority code of an ISO 639-1 language, for the
/// languages a site of this kind is likely written in.
fn language_uri(language: &str) -> Option<String> {
    let code = match language
        .split(['-', '_'])
        .next()?
        .to_ascii_lowercase()
        .as_str()
    {
        "nl" => "NLD",
        "en" => "ENG",
        "de" => "DEU",
        "fr" => "FRA",
        "fy" => "FRY",
        "es" => "SPA",
        "it" => "ITA",
        "da" => "DAN",
        "sv" => "SWE",
        "pl" => "POL",
        _ => return None,
    };
    Some(format!(
        "http://publications.europa.eu/resource/authority/language/{code}"
    ))
}

/// The dataset's metadata as a JSON-LD value.
pub fn metadata(site: &Site) -> Value {
    let c = &site.config;
    let base = &c.base_url;
    let lang = c.language.as_str();
    let text = |s: &str| json!({ "@value": s, "@language": lang });
    let license = c.license_url.as_ref().map(|u| json!({ "@id": u }));
    let peildatum = json!({ "@value": c.peildatum.iso(), "@type": "xsd:date" });
    let publisher_name = c.publisher.as_deref().unwrap_or(&c.title);

    let mut dataset = json!({
        "@id": format!("{base}data/#dataset"),
        "@type": "dcat:Dataset",
        "dct:identifier": format!("{base}data/"),
        "dct:title": text(&c.title),
        "dct:description": text(&c.description),
        "dct:publisher": {
            "@type": "foaf:Agent",
            "foaf:name": publisher_name,
        },
        "dct:temporal": {
            "@type": "dct:PeriodOfTime",
            "dcat:startDate": peildatum,
            "dcat:endDate": peildatum,
        },
        "dct:accessRights": { "@id": "http://publications.europa.eu/resource/authority/access-right/PUBLIC" },
        "dcat:landingPage": { "@id": format!("{base}data/") },
        "dcat:keyword": site.topics.iter().map(|t| text(&t.name)).collect::<Vec<_>>(),
    });
    let mut obj = match dataset.take() {
        Value::Object(o) => o,
        _ => serde_json::Map::new(),
    };
    if let Some(uri) = language_uri(lang) {
        obj.insert("dct:language".into(), json!({ "@id": uri }));
    }
    if let Some(l) = &license {
        obj.insert("dct:license".into(), l.clone());
    }
    if let Some(rights) = &c.license {
        obj.insert(
            "dct:rights".into(),
            json!({ "@type": "dct:RightsStatement", "rdfs:label": text(rights) }),
        );
    }
    let mut contact = json!({
        "@type": "vcard:Organization",
        "vcard:fn": publisher_name,
    });
    if let Some(mail) = &c.contact {
        contact["vcard:hasEmail"] = json!({ "@id": format!("mailto:{mail}") });
    } else if let Some(repo) = &c.repository {
        contact["vcard:hasURL"] = json!({ "@id": repo });
    }
    obj.insert("dcat:contactPoint".into(), contact);
    if let Some(newest) = site.municipalities.iter().filter_map(|m| m.updated).max() {
        obj.insert(
            "dct:modified".into(),
            json!({ "@value": newest.iso(), "@type": "xsd:date" }),
        );
    }
    let distribution = |d: &Download| {
        let url = format!("{base}{}", d.path);
        let mut dist = json!({
            "@id": url,
            "@type": "dcat:Distribution",
            "dct:title": text(d.title),
            "dcat:accessURL": { "@id": format!("{base}data/") },
            "dcat:downloadURL": { "@id": url },
            "dcat:mediaType": { "@id": format!("https://www.iana.org/assignments/media-types/{}", d.media_type) },
            "dct:format": { "@id": format!("http://publications.europa.eu/resource/authority/file-type/{}", d.file_type) },
        });
        if let Some(l) = &license {
            dist["dct:license"] = l.clone();
        }
        if d.path == crate::routes::JSON {
            dist["dct:conformsTo"] = json!({ "@id": format!("{base}{}", crate::routes::SCHEMA) });
        }
        dist
    };
    let mut distributions: Vec<Value> = DOWNLOADS.iter().map(distribution).collect();
    if crate::render::progress::has_history(site) {
        distributions.push(distribution(&HISTORY_DOWNLOAD));
    }
    obj.insert("dcat:distribution".into(), Value::Array(distributions));

    let mut out = json!({
        "@context": {
            "dcat": "http://www.w3.org/ns/dcat#",
            "dct": "http://purl.org/dc/terms/",
            "foaf": "http://xmlns.com/foaf/0.1/",
            "vcard": "http://www.w3.org/2006/vcard/ns#",
            "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
            "xsd": "http://www.w3.org/2001/XMLSchema#",
        }
    });
    if let Some(o) = out.as_object_mut() {
        o.extend(obj);
    }
    out
}

/// [`metadata`] as pretty-printed JSON.
pub fn jsonld(site: &Site) -> String {
    let mut s = serde_json::to_string_pretty(&metadata(site)).unwrap_or_default();
    s.push('\n');
    s
}

/// [`metadata`] for a `<script type="application/ld+json">` element: no
/// `</` that could end the element early.
pub fn jsonld_for_html(site: &Site) -> String {
    serde_json::to_string(&metadata(site))
        .unwrap_or_default()
        .replace("</", "<\\/")
}
