//! Where municipalities are and how others know them: the site's list of
//! provinces, its pattern of municipality codes and its map outline, and the
//! checks of each municipality's `province`, `code` and `location` against
//! them.
//!
//! The site declares all three in its content (site.toml and a GeoJSON file
//! beside it), so another country brings its own regions, codes and outline;
//! nothing here knows one country. Codes must be unique across files: that
//! check is in the parent module, where all files come together.

use std::path::Path;

use toml::Spanned;

use super::files::{CodeEntry, LocationEntry, MapEntry};
use super::source::{self, SourceFile};
use crate::diagnostics::{Diagnostic, Diagnostics, did_you_mean};
use crate::model::{CodeRule, Location, MapOutline};
use crate::text::Text;

/// What a municipality file is checked against, from site.toml.
#[derive(Debug, Clone, Default)]
pub struct Places {
    /// Allowed province names; empty: any.
    pub provinces: Vec<String>,
    /// The code rule, compiled (anchored: the whole code must match).
    pub code: Option<(String, regex::Regex)>,
    /// West, south, east, north of the map outline, when the site has one.
    pub bounds: Option<[f64; 4]>,
}

impl PartialEq for Places {
    /// Equal when every check gives the same answers (for the dev server's
    /// cache of checked files).
    fn eq(&self, other: &Places) -> bool {
        let bits = |b: &Option<[f64; 4]>| b.map(|b| b.map(f64::to_bits));
        self.provinces == other.provinces
            && self.code.as_ref().map(|c| &c.0) == other.code.as_ref().map(|c| &c.0)
            && bits(&self.bounds) == bits(&other.bounds)
    }
}

impl Places {
    pub fn new(provinces: &[String], code: Option<&CodeRule>, map: Option<&MapOutline>) -> Places {
        Places {
            provinces: provinces.to_vec(),
            code: code.and_then(|c| compile(&c.pattern).ok().map(|r| (c.pattern.clone(), r))),
            bounds: map.map(MapOutline::bounds),
        }
    }
}

/// A code pattern as a regular expression that must match the whole code.
fn compile(pattern: &str) -> Result<regex::Regex, regex::Error> {
    regex::Regex::new(&format!("^(?:{pattern})$"))
}

/// Checks `provinces` of site.toml: no name empty or twice.
pub fn check_provinces(
    file: &SourceFile,
    provinces: &[Spanned<String>],
    diags: &mut Diagnostics,
) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for p in provinces {
        let name = p.get_ref().trim();
        if name.is_empty() {
            diags.push(file.error(p.span(), "a province name is empty"));
        } else if out.iter().any(|o| o == name) {
            diags.push(
                file.error(p.span(), format!("the province `{name}` is listed twice"))
                    .with_help("list every province once"),
            );
        } else {
            out.push(name.to_string());
        }
    }
    out
}

/// Checks `[code]` of site.toml: the pattern must be a regular expression.
pub fn check_code_rule(
    file: &SourceFile,
    code: Option<CodeEntry>,
    diags: &mut Diagnostics,
) -> Option<CodeRule> {
    let code = code?;
    let pattern = code.pattern.get_ref();
    if let Err(e) = compile(pattern) {
        let reason = e.to_string();
        let last = reason.lines().last().unwrap_or("").trim().to_string();
        diags.push(
            file.error(
                code.pattern.span(),
                format!("the code pattern is not a regular expression: {last}"),
            )
            .with_help("for example pattern = \"GM[0-9]{4}\": GM and four digits"),
        );
        return None;
    }
    Some(CodeRule {
        pattern: code.pattern.into_inner(),
        description: code
            .description
            .map(String::from)
            .filter(|d| !d.trim().is_empty()),
    })
}

/// Reads the outline that `[map]` of site.toml names, relative to the
/// content folder `dir`.
pub fn load_map(
    dir: &Path,
    file: &SourceFile,
    map: Option<MapEntry>,
    diags: &mut Diagnostics,
) -> Option<MapOutline> {
    let map = map?;
    let name = map.outline.get_ref();
    let relative = Path::new(name);
    if name.is_empty()
        || relative.is_absolute()
        || relative
            .components()
            .any(|c| !matches!(c, std::path::Component::Normal(_)))
    {
        diags.push(
            file.error(
                map.outline.span(),
                "outline must be a file inside the content folder",
            )
            .with_help("for example outline = \"kaart/land.geojson\""),
        );
        return None;
    }
    let path = dir.join(relative);
    if !path.is_file() {
        diags.push(
            file.error(
                map.outline.span(),
                format!("the outline file `{name}` does not exist"),
            )
            .with_help(format!("put a GeoJSON file at {}", path.display())),
        );
        return None;
    }
    if let Some(url) = &map.url
        && !super::site::is_http_url(url.get_ref())
    {
        diags.push(file.error(url.span(), "a map url must start with https:// or http://"));
    }
    let outline = source::read(&path, diags)?;
    let polygons = parse_geojson(&outline, diags)?;
    Some(MapOutline {
        file: name.replace('\\', "/"),
        polygons,
        source: map.source.map(String::from),
        license: map.license.map(String::from),
        url: map.url.map(Spanned::into_inner),
    })
}

/// The polygons of a GeoJSON text: a Polygon, a MultiPolygon, or a Feature
/// or FeatureCollection of them. Every ring needs three points or more;
/// every point is `[longitude, latitude]` in range.
/// The polygons of a GeoJSON text (as [`load_map`] reads it), or what is
/// wrong with it; for tools that need no positions (the synthetic content).
pub fn outline_polygons(text: &str) -> Result<Vec<Vec<Vec<[f64; 2]>>>, String> {
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
    let mut polygons = Vec::new();
    collect(&value, &mut polygons)?;
    Ok(polygons)
}

fn parse_geojson(file: &SourceFile, diags: &mut Diagnostics) -> Option<Vec<Vec<Vec<[f64; 2]>>>> {
    let value: serde_json::Value = match serde_json::from_str(&file.text) {
        Ok(v) => v,
        Err(e) => {
            let at = offset(&file.text, e.line(), e.column());
            let message = e.to_string();
            let message = message.split(" at line").next().unwrap_or(&message);
            diags.push(file.error(at..at, format!("the outline is not valid JSON: {message}")));
            return None;
        }
    };
    let mut polygons = Vec::new();
    let problem = |what: &str| {
        Diagnostic::file_start(&file.path, format!("the outline is not usable GeoJSON: {what}"))
            .with_help("give a Polygon or MultiPolygon (or a Feature or FeatureCollection of them) with [longitude, latitude] points")
    };
    if let Err(what) = collect(&value, &mut polygons) {
        diags.push(problem(&what));
        return None;
    }
    if polygons.is_empty() {
        diags.push(problem("it has no polygon"));
        return None;
    }
    Some(polygons)
}

fn collect(value: &serde_json::Value, out: &mut Vec<Vec<Vec<[f64; 2]>>>) -> Result<(), String> {
    let kind = value.get("type").and_then(|t| t.as_str()).unwrap_or("");
    match kind {
        "FeatureCollection" => {
            let features = value
                .get("features")
                .and_then(|f| f.as_array())
                .ok_or("a FeatureCollection without features")?;
            features.iter().try_for_each(|f| collect(f, out))
        }
        "Feature" => match value.get("geometry") {
            Some(g) if !g.is_null() => collect(g, out),
            _ => Ok(()),
        },
        "Polygon" => {
            out.push(polygon(value.get("coordinates"))?);
            Ok(())
        }
        "MultiPolygon" => {
            let polygons = value
                .get("coordinates")
                .and_then(|c| c.as_array())
                .ok_or("a MultiPolygon without coordinates")?;
            for p in polygons {
                out.push(polygon(Some(p))?);
            }
            Ok(())
        }
        "" => Err("an object without a type".into()),
        other => Err(format!("a {other}, not a polygon")),
    }
}

fn polygon(value: Option<&serde_json::Value>) -> Result<Vec<Vec<[f64; 2]>>, String> {
    let rings = value
        .and_then(|v| v.as_array())
        .ok_or("a polygon without coordinates")?;
    rings
        .iter()
        .map(|ring| {
            let points = ring.as_array().ok_or("a ring that is not a list")?;
            if points.len() < 3 {
                return Err("a ring with fewer than three points".to_string());
            }
            points
                .iter()
                .map(|p| {
                    let xy = p.as_array().map(|a| {
                        (
                            a.first().and_then(serde_json::Value::as_f64),
                            a.get(1).and_then(serde_json::Value::as_f64),
                        )
                    });
                    match xy {
                        Some((Some(x), Some(y)))
                            if (-180.0..=180.0).contains(&x) && (-90.0..=90.0).contains(&y) =>
                        {
                            Ok([x, y])
                        }
                        _ => Err(format!(
                            "the point {p} is not [longitude, latitude] in degrees"
                        )),
                    }
                })
                .collect()
        })
        .collect()
}

/// The byte offset of a 1-based line and column (as serde_json counts).
fn offset(text: &str, line: usize, column: usize) -> usize {
    let start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    let rest = &text[start.min(text.len())..];
    let col = rest
        .char_indices()
        .nth(column.saturating_sub(1))
        .map_or(rest.len(), |(i, _)| i);
    (start + col).min(text.len())
}

/// Checks a municipality's province against the site's list.
pub fn check_province(
    file: &SourceFile,
    province: &Spanned<Text>,
    places: &Places,
    diags: &mut Diagnostics,
) {
    let name = province.get_ref().trim();
    if places.provinces.is_empty() || name.is_empty() || places.provinces.iter().any(|p| p == name)
    {
        return;
    }
    let help = match did_you_mean(name, places.provinces.iter().map(String::as_str)) {
        Some(m) => format!("did you mean `{m}`?"),
        None => format!(
            "the provinces are listed in site.toml: {}",
            places.provinces.join(", ")
        ),
    };
    diags.push(
        file.error(province.span(), format!("unknown province `{name}`"))
            .with_help(help),
    );
}

/// Checks a municipality's code against the site's pattern; the code, trimmed.
pub fn check_code(
    file: &SourceFile,
    code: Option<&Spanned<String>>,
    places: &Places,
    diags: &mut Diagnostics,
) -> Option<String> {
    let code = code?;
    let value = code.get_ref().trim();
    if value.is_empty() {
        diags.push(
            file.error(code.span(), "code is empty")
                .with_help("write the code between the quotes, or leave the line out"),
        );
        return None;
    }
    match &places.code {
        None => {
            diags.push(
                file.error(code.span(), "this site has no municipality codes")
                    .with_help("declare what codes look like in site.toml: [code] pattern = \"…\""),
            );
            None
        }
        Some((pattern, re)) if !re.is_match(value) => {
            // A lowercase or spaced code is the usual slip: suggest the fix
            // when it matches.
            let fixed: String = value
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect::<String>()
                .to_uppercase();
            let help = if re.is_match(&fixed) {
                format!("did you mean `{fixed}`?")
            } else {
                format!("codes must match the pattern {pattern} of site.toml")
            };
            diags.push(
                file.error(
                    code.span(),
                    format!("the code `{value}` does not match the site's pattern"),
                )
                .with_help(help),
            );
            None
        }
        Some(_) => Some(value.to_string()),
    }
}

/// Checks a location: finite, in range, and on the map when the site has
/// one (a point off the map is usually latitude and longitude swapped).
pub fn check_location(
    file: &SourceFile,
    location: Option<&Spanned<LocationEntry>>,
    places: &Places,
    diags: &mut Diagnostics,
) -> Option<Location> {
    let location = location?;
    let LocationEntry {
        latitude,
        longitude,
    } = *location.get_ref();
    let span = location.span();
    if !latitude.is_finite() || !(-90.0..=90.0).contains(&latitude) {
        diags.push(
            file.error(
                span,
                format!("latitude {latitude} is not between -90 and 90"),
            )
            .with_help("latitude is degrees north, e.g. 52.01 for Delft"),
        );
        return None;
    }
    if !longitude.is_finite() || !(-180.0..=180.0).contains(&longitude) {
        diags.push(
            file.error(
                span,
                format!("longitude {longitude} is not between -180 and 180"),
            )
            .with_help("longitude is degrees east, e.g. 4.36 for Delft"),
        );
        return None;
    }
    if let Some([west, south, east, north]) = places.bounds {
        let inside =
            |lat: f64, lon: f64| (south..=north).contains(&lat) && (west..=east).contains(&lon);
        if !inside(latitude, longitude) {
            let help = if inside(longitude, latitude) {
                format!(
                    "did you swap them? latitude = {longitude}, longitude = {latitude} is on the map"
                )
            } else {
                format!(
                    "the map covers latitude {south:.2} to {north:.2} and longitude {west:.2} to {east:.2}"
                )
            };
            diags.push(
                file.error(span, "the location is outside the site's map")
                    .with_help(help),
            );
            return None;
        }
    }
    Some(Location {
        latitude,
        longitude,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_of_lines_and_columns() {
        assert_eq!(offset("ab\ncd", 2, 2), 4);
        assert_eq!(offset("ab\ncd", 1, 1), 0);
        assert_eq!(offset("ab", 9, 9), 2);
    }

    #[test]
    fn patterns_match_whole_codes() {
        let re = compile("GM[0-9]{4}").unwrap();
        assert!(re.is_match("GM0363"));
        assert!(!re.is_match("XGM0363"));
        assert!(!re.is_match("GM03634"));
        assert!(compile("GM[0-9").is_err());
    }
}
