//! The map of municipalities, drawn at build time as inline SVG: the
//! site's outline (`[map]` in site.toml) and a mark per municipality with a
//! `location`, linked to its page. On a topic page each mark says by shape
//! and in words whether the municipality did, plans, both or is not named
//! on the topic. Above `table_limit` the map shows one mark per province
//! instead (at the mean of its municipalities' locations), so pages stay
//! light at any number of municipalities.
//!
//! This module only computes: the projection, the outline's path, the
//! marks and their accessible names. The theme's `map.html` draws them,
//! with a legend and the same marks as a list. No script, no tiles, no
//! request to another host.

use serde::Serialize;

use super::views::SiteView;
use crate::model::{Site, Status, Topic};

/// The width of the drawing in SVG units; the height follows the outline.
const WIDTH: f64 = 400.0;
/// Room around the outline, in SVG units.
const MARGIN: f64 = 8.0;

/// What a mark on a topic's map says about its municipality.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Standing {
    /// Did something on the topic.
    Gedaan,
    /// Plans something on it.
    Gepland,
    /// Did and plans something on it.
    Beide,
    /// The sources name nothing of it on the topic.
    NietGenoemd,
}

impl Standing {
    /// The words readers see and hear.
    pub fn words(self) -> &'static str {
        match self {
            Standing::Gedaan => "gedaan",
            Standing::Gepland => "gepland",
            Standing::Beide => "gedaan en gepland",
            Standing::NietGenoemd => "niet genoemd in de bron",
        }
    }
}

/// One mark: where, what it links to and what it is called.
#[derive(Debug, Clone, Serialize)]
pub struct Mark {
    pub name: String,
    /// Relative to the site root (`gemeenten/delft/`).
    pub url: String,
    pub x: f64,
    pub y: f64,
    /// The accessible name: the name, and on a topic map its standing.
    pub label: String,
    /// On a topic map, what the municipality does on the topic.
    pub standing: Option<Standing>,
    /// The words of `standing`, for the list beside the map.
    pub standing_words: Option<&'static str>,
    /// On a map per province: the number shown at the mark.
    pub count: Option<usize>,
    /// On a map per province: the mark's radius, larger for more
    /// municipalities.
    pub radius: Option<f64>,
    /// On a map per province: its municipalities in all, and for a topic
    /// how many did and plan something on it.
    pub municipalities: Option<usize>,
    pub completed: Option<usize>,
    pub planned: Option<usize>,
}

impl Mark {
    /// A mark with only a place, a link and a name; the rest is set by
    /// the kind of map.
    fn at(name: &str, url: String, (x, y): (f64, f64), label: String) -> Mark {
        Mark {
            name: name.to_string(),
            url,
            x,
            y,
            label,
            standing: None,
            standing_words: None,
            count: None,
            radius: None,
            municipalities: None,
            completed: None,
            planned: None,
        }
    }
}

/// Everything `map.html` draws.
#[derive(Debug, Clone, Serialize)]
pub struct MapView {
    pub width: f64,
    pub height: f64,
    /// The outline as an SVG path.
    pub outline: String,
    /// `municipalities`, `topic`, `provinces` or `topic-provinces`.
    pub kind: &'static str,
    /// The topic's name on a topic map.
    pub topic: Option<String>,
    pub marks: Vec<Mark>,
    /// Municipalities (or provinces) without a location: not on the map.
    pub missing: Vec<String>,
}

/// The projected outline and the projected location of every
/// municipality, made once per render.
#[derive(Debug)]
pub struct Base {
    width: f64,
    height: f64,
    outline: String,
    /// Per municipality, in model order.
    points: Vec<Option<(f64, f64)>>,
}

/// An equirectangular projection centred on the outline: longitude scaled
/// by the cosine of the middle latitude. North is up and east is right,
/// which is what the map must get right at this scale.
struct Projection {
    west: f64,
    north: f64,
    k: f64,
    scale: f64,
}

impl Projection {
    fn xy(&self, lon: f64, lat: f64) -> (f64, f64) {
        let round = |v: f64| (v * 10.0).round() / 10.0;
        (
            round(MARGIN + (lon - self.west) * self.k * self.scale),
            round(MARGIN + (self.north - lat) * self.scale),
        )
    }
}

impl Base {
    /// The base of the site's map; `None` when the site has no map.
    pub fn new(site: &Site) -> Option<Base> {
        let map = site.config.map.as_ref()?;
        let [west, south, east, north] = map.bounds();
        if !(west < east && south < north) {
            return None;
        }
        let k = ((south + north) / 2.0).to_radians().cos();
        let scale = (WIDTH - 2.0 * MARGIN) / ((east - west) * k);
        let p = Projection {
            west,
            north,
            k,
            scale,
        };
        let height = ((north - south) * scale + 2.0 * MARGIN).round();
        let mut outline = String::new();
        for ring in map.polygons.iter().flatten() {
            let mut last = None;
            for (i, [lon, lat]) in ring.iter().enumerate() {
                let xy = p.xy(*lon, *lat);
                if last == Some(xy) {
                    continue;
                }
                outline.push(if i == 0 { 'M' } else { 'L' });
                outline.push_str(&format!("{} {}", xy.0, xy.1));
                last = Some(xy);
            }
            outline.push('Z');
        }
        let points = site
            .municipalities
            .iter()
            .map(|m| m.location.map(|l| p.xy(l.longitude, l.latitude)))
            .collect();
        Some(Base {
            width: WIDTH,
            height,
            outline,
            points,
        })
    }

    fn view(&self, kind: &'static str, topic: Option<&Topic>) -> MapView {
        MapView {
            width: self.width,
            height: self.height,
            outline: self.outline.clone(),
            kind,
            topic: topic.map(|t| t.name.clone()),
            marks: Vec::new(),
            missing: Vec::new(),
        }
    }

    /// Every municipality with a location, linked to its page.
    pub fn municipalities(&self, site: &Site) -> MapView {
        let mut view = self.view("municipalities", None);
        for (m, point) in site.municipalities.iter().zip(&self.points) {
            match point {
                Some(at) => view.marks.push(Mark::at(
                    &m.name,
                    crate::routes::municipality(&m.slug),
                    *at,
                    m.name.clone(),
                )),
                None => view.missing.push(m.name.clone()),
            }
        }
        view
    }

    /// Every municipality with a location, with its standing on `topic`.
    pub fn topic(&self, site: &Site, topic: &Topic) -> MapView {
        let mut view = self.view("topic", Some(topic));
        for (m, point) in site.municipalities.iter().zip(&self.points) {
            let has = |s: Status| m.efforts(s).iter().any(|e| e.topics.contains(&topic.slug));
            let standing = match (has(Status::Completed), has(Status::Planned)) {
                (true, true) => Standing::Beide,
                (true, false) => Standing::Gedaan,
                (false, true) => Standing::Gepland,
                (false, false) => Standing::NietGenoemd,
            };
            match point {
                Some(at) => view.marks.push(Mark {
                    standing: Some(standing),
                    standing_words: Some(standing.words()),
                    ..Mark::at(
                        &m.name,
                        crate::routes::municipality(&m.slug),
                        *at,
                        format!("{}: {}", m.name, standing.words()),
                    )
                }),
                None => view.missing.push(m.name.clone()),
            }
        }
        // Municipalities that do something first in the list, as on the page.
        view
    }

    /// Where each province's municipalities are, on average: (name, slug,
    /// point, how many municipalities), provinces alphabetically.
    fn province_points<'a>(&self, view: &'a SiteView<'a>) -> Vec<ProvincePoint<'a>> {
        let provinces: Vec<(&str, &str)> = view.provinces().collect();
        let position: std::collections::BTreeMap<&str, usize> = provinces
            .iter()
            .enumerate()
            .map(|(i, (name, _))| (*name, i))
            .collect();
        let mut sums = vec![(0.0, 0.0, 0usize, 0usize); provinces.len()];
        for (m, point) in view.site.municipalities.iter().zip(&self.points) {
            if let Some(&i) = position.get(m.province.as_str()) {
                sums[i].3 += 1;
                if let Some((x, y)) = point {
                    sums[i].0 += x;
                    sums[i].1 += y;
                    sums[i].2 += 1;
                }
            }
        }
        provinces
            .into_iter()
            .zip(sums)
            .map(|((name, slug), (sx, sy, located, all))| ProvincePoint {
                name,
                slug: slug.to_string(),
                point: (located > 0).then(|| {
                    let round = |v: f64| (v * 10.0).round() / 10.0;
                    (round(sx / located as f64), round(sy / located as f64))
                }),
                municipalities: all,
            })
            .collect()
    }

    /// One mark per province, linked to its list of municipalities; its
    /// size and number say how many municipalities it has.
    pub fn provinces(&self, view: &SiteView) -> MapView {
        let mut out = self.view("provinces", None);
        let points = self.province_points(view);
        let most = points.iter().map(|p| p.municipalities).max().unwrap_or(1);
        for p in points {
            let Some(at) = p.point else {
                out.missing.push(p.name.to_string());
                continue;
            };
            out.marks.push(Mark {
                count: Some(p.municipalities),
                radius: Some(radius(p.municipalities, most)),
                municipalities: Some(p.municipalities),
                ..Mark::at(
                    p.name,
                    format!("{}#{}", crate::routes::MUNICIPALITIES, p.slug),
                    at,
                    format!("{}: {} gemeenten", p.name, p.municipalities),
                )
            });
        }
        out
    }

    /// One mark per province for `topic`, linked to the topic's page for
    /// that province; its size and number say how many municipalities
    /// there did or plan something on it.
    pub fn topic_provinces(&self, view: &SiteView, topic: &Topic) -> MapView {
        let mut out = self.view("topic-provinces", Some(topic));
        let points = self.province_points(view);
        let counts = view.topic_provinces(topic);
        let most = counts
            .iter()
            .map(|c| c.municipality_count)
            .max()
            .unwrap_or(1)
            .max(1);
        for (p, c) in points.into_iter().zip(counts) {
            let Some(at) = p.point else {
                out.missing.push(p.name.to_string());
                continue;
            };
            let label = format!(
                "{}: {} van {} gemeenten, {} gedaan, {} gepland",
                p.name, c.municipality_count, p.municipalities, c.completed_count, c.planned_count
            );
            out.marks.push(Mark {
                count: Some(c.municipality_count),
                radius: Some(radius(c.municipality_count, most)),
                municipalities: Some(p.municipalities),
                completed: Some(c.completed_count),
                planned: Some(c.planned_count),
                ..Mark::at(
                    p.name,
                    crate::routes::topic_in_province(&topic.slug, &p.slug),
                    at,
                    label,
                )
            });
        }
        out
    }
}

struct ProvincePoint<'a> {
    name: &'a str,
    slug: String,
    point: Option<(f64, f64)>,
    municipalities: usize,
}

/// A province mark's radius: its area grows with the count, from 8 to 22
/// units.
fn radius(count: usize, most: usize) -> f64 {
    let share = (count as f64 / most.max(1) as f64).sqrt();
    ((8.0 + 14.0 * share) * 10.0).round() / 10.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn radii_grow_with_the_count() {
        assert_eq!(radius(0, 10), 8.0);
        assert_eq!(radius(10, 10), 22.0);
        assert!(radius(5, 10) > radius(2, 10));
    }
}
