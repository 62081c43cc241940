//! JSON Schemas of the content files, generated from the Rust types that
//! read them (`content::files`), so editors (Taplo, Even Better TOML) check
//! and complete what the author types with the same rules as `check`.
//!
//! Content files point at them with a first line such as
//! `#:schema ../../schemas/municipality.schema.json`.

use schemars::{JsonSchema, schema_for};

use crate::content::files::{
    GlossaryFile, MunicipalityFile, PageFront, SiteFile, TargetGroupsFile, TopicsFile,
};

/// The folder, beside `content/`, that `vergelijk schema` writes by default.
pub const DEFAULT_DIR: &str = "schemas";

fn pretty<T: JsonSchema>() -> String {
    let schema = schema_for!(T);
    // A schema is plain JSON data; serializing it cannot fail.
    let mut s = serde_json::to_string_pretty(&schema).unwrap_or_default();
    s.push('\n');
    s
}

/// Every schema: file name and JSON text.
pub fn schemas() -> Vec<(&'static str, String)> {
    vec![
        ("site.schema.json", pretty::<SiteFile>()),
        ("topics.schema.json", pretty::<TopicsFile>()),
        ("municipality.schema.json", pretty::<MunicipalityFile>()),
        ("page.schema.json", pretty::<PageFront>()),
        ("glossary.schema.json", pretty::<GlossaryFile>()),
        ("target_groups.schema.json", pretty::<TargetGroupsFile>()),
    ]
}
