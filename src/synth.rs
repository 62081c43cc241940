//! Synthetic content for benchmarks and tests: any number of municipality
//! files in the real on-disk format, deterministic for a given seed.
//!
//! Real programmes compare a few dozen municipalities; the generator exists
//! to measure what happens at thousands (watch-mode latency, build time)
//! without shipping thousands of files. It reuses a real site's `site.toml`,
//! `topics.toml` and `pages/`, so every generated file refers to topics and
//! sources that exist, and the result passes `vergelijk check`.
//!
//! The random numbers come from a SplitMix64 generator written out here, not
//! from a crate, so the output for a seed never changes with a dependency
//! update: a benchmark at seed 1 today and next year measures the same site.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::Path;

use crate::Error;
use words::{
    EFFORT_TAIL, EFFORT_WORDS, NAME_END, NAME_EXTRA, NAME_MIDDLE, NAME_START, PROVINCES,
    TARGET_GROUPS, WORDS,
};

mod words;

/// SplitMix64 (Steele, Lea, Flood 2014): small, fast, and good enough to
/// make varied content.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `lo..=hi`.
    pub fn range(&mut self, lo: usize, hi: usize) -> usize {
        debug_assert!(lo <= hi);
        let span = (hi - lo + 1) as u64;
        lo + usize::try_from(self.next_u64() % span).unwrap_or(0)
    }

    /// True with probability `percent`/100.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next_u64() % 100 < percent
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.range(0, items.len() - 1)]
    }

    /// `n` distinct items, in the order of `items`.
    pub fn pick_distinct<'a, T>(&mut self, items: &'a [T], n: usize) -> Vec<&'a T> {
        let n = n.min(items.len());
        let mut chosen = BTreeSet::new();
        while chosen.len() < n {
            chosen.insert(self.range(0, items.len() - 1));
        }
        chosen.into_iter().map(|i| &items[i]).collect()
    }
}

/// `n` words of Dutch-looking prose in sentences of 6 to 14 words.
fn prose(rng: &mut Rng, n: usize) -> String {
    let mut out = String::new();
    let mut left = n;
    while left > 0 {
        let mut len = rng.range(6, 14).min(left);
        if left - len < 6 {
            // No sentence of one or two words at the end.
            len = left;
        }
        left -= len;
        for i in 0..len {
            let w = *rng.pick(WORDS);
            if i == 0 {
                if !out.is_empty() {
                    out.push(' ');
                }
                let mut c = w.chars();
                if let Some(first) = c.next() {
                    out.extend(first.to_uppercase());
                    out.push_str(c.as_str());
                }
            } else {
                out.push(' ');
                out.push_str(w);
            }
        }
        out.push('.');
    }
    out
}

fn string_array(items: &[&str]) -> String {
    let parts: Vec<String> = items.iter().map(|s| crate::text::toml_string(s)).collect();
    format!("[{}]", parts.join(", "))
}

/// A multi-line TOML string (`"""…"""`); the generated prose holds no
/// quotes or backslashes, and this keeps it that way.
fn multiline(s: &str) -> String {
    format!("\"\"\"\n{}\n\"\"\"", s.replace(['"', '\\'], ""))
}

/// One generated municipality file.
#[derive(Debug, Clone)]
pub struct SynthFile {
    pub slug: String,
    pub name: String,
    /// The file's text, in the format of `content/municipalities/*.toml`.
    pub toml: String,
}

/// What generated files may name beyond topics and sources: the site's
/// provinces (default: a built-in list) and its map, inside which every
/// municipality gets a location.
#[derive(Debug, Clone, Default)]
pub struct Places {
    pub provinces: Vec<String>,
    pub outline: Option<crate::model::MapOutline>,
}

/// Generates `count` municipality files. `topics` are the topic slugs and
/// `sources` the source ids they may refer to (the first is the default).
/// The same arguments always give the same files.
pub fn municipalities(
    count: usize,
    seed: u64,
    topics: &[String],
    sources: &[String],
) -> Vec<SynthFile> {
    municipalities_in(count, seed, topics, sources, &Places::default())
}

/// A point inside `outline`, near `near` when given (within about 40 km),
/// rounded to three decimals; `None` when none was found in a few tries.
fn point_inside(
    rng: &mut Rng,
    outline: &crate::model::MapOutline,
    near: Option<(f64, f64)>,
) -> Option<(f64, f64)> {
    let [west, south, east, north] = outline.bounds();
    // A uniform number in [0, 1).
    let unit = |rng: &mut Rng| (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
    for _ in 0..200 {
        let (lat, lon) = match near {
            Some((lat, lon)) => (lat + (unit(rng) - 0.5) * 0.7, lon + (unit(rng) - 0.5) * 1.0),
            None => (
                south + unit(rng) * (north - south),
                west + unit(rng) * (east - west),
            ),
        };
        let round = |v: f64| (v * 1000.0).round() / 1000.0;
        let (lat, lon) = (round(lat), round(lon));
        if outline.contains(lon, lat) {
            return Some((lat, lon));
        }
    }
    None
}

/// [`municipalities`] for a site with its own provinces and map.
pub fn municipalities_in(
    count: usize,
    seed: u64,
    topics: &[String],
    sources: &[String],
    places: &Places,
) -> Vec<SynthFile> {
    let provinces: Vec<&str> = if places.provinces.is_empty() {
        PROVINCES.to_vec()
    } else {
        places.provinces.iter().map(String::as_str).collect()
    };
    // Locations come from a generator of their own, so the rest of the
    // content for a seed is the same with a map and without.
    let mut where_rng = Rng::new(seed ^ 0x6b61_6172_7420_6d61);
    // Province centres apart from each other (half a degree, where the
    // outline has room), so a map per province shows each one.
    let mut centres: Vec<Option<(f64, f64)>> = Vec::new();
    for _ in &provinces {
        let mut best = None;
        if let Some(o) = &places.outline {
            for _ in 0..50 {
                let candidate = point_inside(&mut where_rng, o, None);
                best = candidate.or(best);
                let apart = |c: &(f64, f64)| {
                    centres
                        .iter()
                        .flatten()
                        .all(|(lat, lon): &(f64, f64)| (lat - c.0).hypot(lon - c.1) >= 0.5)
                };
                if candidate.as_ref().is_some_and(apart) {
                    break;
                }
            }
        }
        centres.push(best);
    }
    let mut rng = Rng::new(seed);
    let mut taken_slugs = BTreeSet::new();
    let mut names: Vec<String> = Vec::with_capacity(count);
    let mut out = Vec::with_capacity(count);
    for i in 0..count {
        let (name, slug) = unique_name(&mut rng, &mut taken_slugs, i);
        let mut t = String::new();
        let _ = writeln!(t, "name = {}", crate::text::toml_string(&name));
        let p = rng.range(0, provinces.len() - 1);
        let _ = writeln!(t, "province = {}", crate::text::toml_string(provinces[p]));
        if let Some(outline) = &places.outline
            && let Some((lat, lon)) =
                point_inside(&mut where_rng, outline, centres[p]).or(centres[p])
        {
            let _ = writeln!(t, "location = {{ latitude = {lat}, longitude = {lon} }}");
        }
        if sources.len() > 1 && rng.chance(20) {
            let n = rng.range(1, 2);
            let chosen = rng.pick_distinct(sources, n);
            let ids: Vec<&str> = chosen.iter().map(|s| s.as_str()).collect();
            let _ = writeln!(t, "sources = {}", string_array(&ids));
        }
        let n = rng.range(0, 3);
        let groups = rng.pick_distinct(TARGET_GROUPS, n);
        if !groups.is_empty() {
            let g: Vec<&str> = groups.into_iter().copied().collect();
            let _ = writeln!(t, "target_groups = {}", string_array(&g));
        }
        if !names.is_empty() && rng.chance(30) {
            let n = rng.range(1, 2.min(names.len()));
            let partners = rng.pick_distinct(&names, n);
            let p: Vec<&str> = partners.iter().map(|s| s.as_str()).collect();
            let _ = writeln!(t, "regional_partners = {}", string_array(&p));
        }
        if rng.chance(50) {
            let _ = writeln!(
                t,
                "website = {}",
                crate::text::toml_string(&format!("https://www.{slug}.nl/eenzaamheid"))
            );
        }
        if rng.chance(10) {
            let _ = writeln!(t, "split_reconstructed = true");
        }
        let words = rng.range(60, 100);
        let first = rng.range(20, words - 20);
        let notes = format!(
            "{}\n\n{}",
            prose(&mut rng, first),
            prose(&mut rng, words - first)
        );
        let _ = writeln!(t, "notes = {}", multiline(&notes));

        let efforts = rng.range(5, 10);
        let completed = rng.range(1, efforts - 1);
        let mut titles = BTreeSet::new();
        for e in 0..efforts {
            let status = if e < completed {
                "completed"
            } else {
                "planned"
            };
            let mut title = format!("{} {}", rng.pick(EFFORT_WORDS), rng.pick(EFFORT_TAIL));
            title = title.trim().to_string();
            while !titles.insert(title.clone()) {
                title = format!("{title} {}", rng.range(2, 9));
            }
            let n = rng.range(1, 3.min(topics.len()));
            let ts: Vec<&str> = rng
                .pick_distinct(topics, n)
                .iter()
                .map(|s| s.as_str())
                .collect();
            let _ = writeln!(t, "\n[[{status}]]");
            let _ = writeln!(t, "title = {}", crate::text::toml_string(&title));
            let _ = writeln!(t, "topics = {}", string_array(&ts));
            if rng.chance(50) {
                let n = rng.range(15, 40);
                let _ = writeln!(t, "description = {}", multiline(&prose(&mut rng, n)));
            }
        }
        names.push(name.clone());
        out.push(SynthFile {
            slug,
            name,
            toml: t,
        });
    }
    out
}

/// A name (and its slug) no earlier municipality has.
fn unique_name(rng: &mut Rng, taken: &mut BTreeSet<String>, i: usize) -> (String, String) {
    for attempt in 0..64 {
        let mut name = format!(
            "{}{}{}",
            rng.pick(NAME_START),
            rng.pick(NAME_MIDDLE),
            rng.pick(NAME_END)
        );
        if attempt >= 8 || rng.chance(5) {
            name = format!("{name} {}", rng.pick(NAME_EXTRA));
        }
        let slug = crate::text::slugify(&name);
        if taken.insert(slug.clone()) {
            return (name, slug);
        }
    }
    // Tens of thousands of names in: number them, which is always unique.
    let name = format!("{}{} {}", rng.pick(NAME_START), rng.pick(NAME_END), i + 1);
    let slug = crate::text::slugify(&name);
    taken.insert(slug.clone());
    (name, slug)
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> Error {
    Error::io(path)
}

/// The `slug`s of `topics.toml` and the `id`s of `[[sources]]` in `site.toml`
/// of a content folder, read leniently (the real checks are in `content`).
fn read_ids(template: &Path, file: &str, table: &str, key: &str) -> Result<Vec<String>, Error> {
    let path = template.join(file);
    let text = std::fs::read_to_string(&path).map_err(io(&path))?;
    let value: toml::Table = toml::from_str(&text).map_err(|e| Error::Io {
        path: path.clone(),
        source: std::io::Error::new(std::io::ErrorKind::InvalidData, e.to_string()),
    })?;
    Ok(value
        .get(table)
        .and_then(toml::Value::as_array)
        .map(|items| {
            items
                .iter()
                .filter_map(|t| t.get(key).and_then(toml::Value::as_str).map(String::from))
                .collect()
        })
        .unwrap_or_default())
}

/// The provinces and the map outline that `site.toml` of `template`
/// declares, read leniently; the outline file is copied to `out`.
fn read_places(template: &Path, out: &Path) -> Result<Places, Error> {
    let path = template.join("site.toml");
    let text = std::fs::read_to_string(&path).map_err(io(&path))?;
    let value: toml::Table = toml::from_str(&text).unwrap_or_default();
    let provinces = value
        .get("provinces")
        .and_then(toml::Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|p| p.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default();
    let outline = value
        .get("map")
        .and_then(|m| m.get("outline"))
        .and_then(toml::Value::as_str);
    let outline = match outline {
        Some(name) => {
            let from = template.join(name);
            let to = out.join(name);
            if let Some(parent) = to.parent() {
                std::fs::create_dir_all(parent).map_err(io(parent))?;
            }
            std::fs::copy(&from, &to).map_err(io(&from))?;
            let text = std::fs::read_to_string(&from).map_err(io(&from))?;
            crate::content::places::outline_polygons(&text)
                .ok()
                .map(|polygons| crate::model::MapOutline {
                    file: name.to_string(),
                    polygons,
                    source: None,
                    license: None,
                    url: None,
                })
        }
        None => None,
    };
    Ok(Places { provinces, outline })
}

/// Writes a content folder `out` with `count` generated municipalities and
/// the `site.toml`, `topics.toml` and `pages/` of the content folder
/// `template`. `out/municipalities/` is replaced as a whole; returns the
/// generated files.
pub fn write_content(
    template: &Path,
    out: &Path,
    count: usize,
    seed: u64,
) -> Result<Vec<SynthFile>, Error> {
    let topics = read_ids(template, "topics.toml", "topics", "slug")?;
    let sources = read_ids(template, "site.toml", "sources", "id")?;
    if topics.is_empty() {
        return Err(Error::Refused(format!(
            "{} has no topics to refer to",
            template.join("topics.toml").display()
        )));
    }
    std::fs::create_dir_all(out).map_err(io(out))?;
    for name in ["site.toml", "topics.toml"] {
        let to = out.join(name);
        std::fs::copy(template.join(name), &to).map_err(io(&to))?;
    }
    let places = read_places(template, out)?;
    let pages = template.join("pages");
    if pages.is_dir() {
        let to = out.join("pages");
        std::fs::create_dir_all(&to).map_err(io(&to))?;
        for entry in std::fs::read_dir(&pages).map_err(io(&pages))? {
            let entry = entry.map_err(io(&pages))?;
            if entry.path().is_file() {
                let target = to.join(entry.file_name());
                std::fs::copy(entry.path(), &target).map_err(io(&target))?;
            }
        }
    }
    let dir = out.join("municipalities");
    if dir.exists() {
        std::fs::remove_dir_all(&dir).map_err(io(&dir))?;
    }
    std::fs::create_dir_all(&dir).map_err(io(&dir))?;
    let files = municipalities_in(count, seed, &topics, &sources, &places);
    for f in &files {
        let path = dir.join(format!("{}.toml", f.slug));
        std::fs::write(&path, &f.toml).map_err(io(&path))?;
    }
    Ok(files)
}

#[cfg(test)]
mod tests;
