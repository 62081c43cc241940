//! What the pages about progress show, from [`crate::timeline`]: the
//! "Voortgang" section of a municipality page with earlier states, and the
//! page across municipalities ("Van plan naar uitvoering", `voortgang/`),
//! which lists per date the efforts that went from planned to done, the
//! new ones and those no longer mentioned.
//!
//! Both exist only on a site where some municipality has earlier states.
//! The comparison views keep showing the current state; templates see
//! `site.progress_url` to say so and to link here.

use std::collections::BTreeMap;

use serde::Serialize;

use super::views::{SiteView, TopicLink};
use crate::model::{Date, Municipality, Site, Source, Status};
use crate::timeline::{Change, Mark, Thread, Timeline, timeline};

/// Whether any municipality has an earlier state: only then do the pages
/// about progress exist.
pub fn has_history(site: &Site) -> bool {
    site.municipalities.iter().any(|m| !m.history.is_empty())
}

/// A state of a municipality as the pages cite it.
#[derive(Debug, Serialize)]
pub struct StateView<'a> {
    pub peildatum: Date,
    /// Its id on the municipality page, `stand-2019-04-09`.
    pub anchor: String,
    pub source: Option<&'a Source>,
    pub current: bool,
    pub completed: usize,
    pub planned: usize,
}

/// A followed effort at one date.
#[derive(Debug, Serialize)]
pub struct StepView<'a> {
    pub anchor: String,
    pub peildatum: Date,
    pub mark: Mark,
    /// `gepland`, `gedaan` or `niet meer genoemd`.
    pub mark_nl: &'static str,
    pub new: bool,
    /// The effort as this state names it (as the last one named it, when
    /// no longer mentioned).
    pub title: &'a str,
    /// This state names it otherwise than the heading does.
    pub renamed: bool,
    /// Only for an earlier state: the current one's is under Gedaan or
    /// Gepland.
    pub description: Option<&'a str>,
    /// The effort's own source, or its state's.
    pub source: Option<&'a Source>,
    /// The effort has a source of its own, not its state's.
    pub own_source: bool,
    /// Its state in the list of states, where the source is cited in full.
    pub state_anchor: String,
    /// Why the editors link it to the same effort in an earlier state.
    pub link_note: Option<&'a str>,
    /// Its anchor under Gedaan or Gepland, for a step of the current state
    /// that names it.
    pub current_anchor: Option<&'a str>,
}

/// One effort followed across the states.
#[derive(Debug, Serialize)]
pub struct ThreadView<'a> {
    pub anchor: String,
    /// As the last state that names it calls it.
    pub title: &'a str,
    /// More than one state names it: the editors linked efforts.
    pub linked: bool,
    pub steps: Vec<StepView<'a>>,
}

/// The "Voortgang" section of a municipality page.
#[derive(Debug, Serialize)]
pub struct MunicipalityProgress<'a> {
    /// The page across municipalities.
    pub page_url: &'static str,
    /// Oldest first; the last is the current state.
    pub states: Vec<StateView<'a>>,
    /// The efforts more than one state names (the editors linked them),
    /// in the order they were first named.
    pub linked: Vec<ThreadView<'a>>,
    /// The efforts one state names, in the same order.
    pub single: Vec<ThreadView<'a>>,
}

fn source<'a>(site: &'a Site, id: Option<&str>) -> Option<&'a Source> {
    id.and_then(|id| site.config.sources.iter().find(|s| s.id == id))
}

fn states<'a>(site: &'a Site, tl: &Timeline<'a>) -> Vec<StateView<'a>> {
    tl.points
        .iter()
        .map(|p| StateView {
            peildatum: p.peildatum,
            anchor: p.anchor(),
            source: source(site, p.source),
            current: p.current,
            completed: p.completed.len(),
            planned: p.planned.len(),
        })
        .collect()
}

fn thread_view<'a>(site: &'a Site, tl: &Timeline<'a>, t: &Thread<'a>) -> ThreadView<'a> {
    let title = t.latest().title.as_str();
    // A note the step before gave already (an edition copied word for
    // word) is shown once.
    let mut last_note: Option<&str> = None;
    let steps = t
        .steps
        .iter()
        .map(|s| {
            let point = &tl.points[s.point];
            let named = s.mark != Mark::NoLongerMentioned;
            StepView {
                anchor: s.anchor.clone(),
                peildatum: point.peildatum,
                mark: s.mark,
                mark_nl: s.mark.dutch(),
                new: s.new,
                title: &s.effort.title,
                renamed: s.effort.title != title,
                description: s
                    .effort
                    .description
                    .as_deref()
                    .filter(|_| named && !point.current),
                source: source(
                    site,
                    s.effort
                        .source
                        .as_deref()
                        .filter(|_| named)
                        .or(point.source),
                ),
                own_source: named && s.effort.source.is_some(),
                state_anchor: point.anchor(),
                link_note: {
                    let note = s.effort.link_note.as_deref().filter(|_| named);
                    let repeated = note.is_some() && note == last_note;
                    if named {
                        last_note = note;
                    }
                    note.filter(|_| !repeated)
                },
                current_anchor: (point.current && named).then_some(s.effort.anchor.as_str()),
            }
        })
        .collect();
    ThreadView {
        anchor: t.anchor.clone(),
        title,
        linked: t.linked(),
        steps,
    }
}

/// The "Voortgang" of `m`, or `None` when it has no earlier state.
pub fn municipality<'a>(
    view: &SiteView<'a>,
    m: &'a Municipality,
) -> Option<MunicipalityProgress<'a>> {
    if m.history.is_empty() {
        return None;
    }
    let site = view.site;
    let tl = timeline(m, site.config.peildatum);
    let (linked, single) = tl
        .threads
        .iter()
        .map(|t| thread_view(site, &tl, t))
        .partition(|t| t.linked);
    Some(MunicipalityProgress {
        page_url: crate::routes::PROGRESS,
        states: states(site, &tl),
        linked,
        single,
    })
}

/// A change of one effort, as the page across municipalities lists it.
#[derive(Debug, Serialize)]
pub struct EventView<'a> {
    pub municipality: &'a str,
    pub province: &'a str,
    /// The effort's step on the municipality page.
    pub url: String,
    pub title: &'a str,
    /// How the state before named it, when otherwise.
    pub before_title: Option<&'a str>,
    /// When it was planned (from planned to done) or last named (no
    /// longer mentioned).
    pub before: Option<Date>,
    /// For a new effort: planned or done.
    pub mark_nl: &'static str,
    pub topics: Vec<TopicLink<'a>>,
    /// The effort's own source, when it is not its state's.
    pub source: Option<&'a Source>,
    /// Classes the filters use: `t-<topic>` and `p-<province>`.
    pub filter_class: String,
}

/// One kind of change at one date.
#[derive(Debug, Serialize)]
pub struct GroupView<'a> {
    pub slug: &'static str,
    pub title: &'static str,
    pub events: Vec<EventView<'a>>,
}

/// The changes at one date.
#[derive(Debug, Serialize)]
pub struct DateView<'a> {
    pub peildatum: Date,
    pub anchor: String,
    /// The municipalities with a state on this date, with its source.
    pub municipalities: Vec<(&'a str, Option<&'a Source>)>,
    /// Every kind of change, in [`Change::ALL`] order, empty ones too.
    pub groups: Vec<GroupView<'a>>,
}

/// A municipality with earlier states, and its states.
#[derive(Debug, Serialize)]
pub struct HistoryOf<'a> {
    pub name: &'a str,
    /// Its page's "Voortgang".
    pub url: String,
    pub states: Vec<StateView<'a>>,
}

/// A value of a filter: its part of class names and ids, and its name.
#[derive(Debug, Serialize)]
pub struct FilterValue<'a> {
    pub slug: &'a str,
    pub name: &'a str,
}

/// The page across municipalities.
#[derive(Debug, Serialize)]
pub struct ProgressPage<'a> {
    pub municipalities: Vec<HistoryOf<'a>>,
    /// How many municipalities have only their current state.
    pub without_history: usize,
    /// Oldest first; only dates with changes.
    pub dates: Vec<DateView<'a>>,
    /// The topics and provinces of the listed changes, in site order.
    pub topics: Vec<FilterValue<'a>>,
    pub provinces: Vec<FilterValue<'a>>,
    pub event_count: usize,
}

/// The page across municipalities.
pub fn page<'a>(view: &'a SiteView<'a>) -> ProgressPage<'a> {
    let site = view.site;
    let province_slugs: BTreeMap<&str, &str> = view.provinces().collect();
    let mut municipalities = Vec::new();
    type AtDate<'a> = (Vec<(&'a str, Option<&'a Source>)>, [Vec<EventView<'a>>; 3]);
    let mut by_date: BTreeMap<Date, AtDate<'a>> = BTreeMap::new();
    let mut topics_used = std::collections::BTreeSet::new();
    let mut provinces_used = std::collections::BTreeSet::new();
    for m in site.municipalities.iter().filter(|m| !m.history.is_empty()) {
        let tl = timeline(m, site.config.peildatum);
        let url = crate::routes::municipality(&m.slug);
        municipalities.push(HistoryOf {
            name: &m.name,
            url: format!("{url}#voortgang"),
            states: states(site, &tl),
        });
        let province_slug = province_slugs
            .get(m.province.as_str())
            .copied()
            .unwrap_or("");
        for p in tl.points.iter().skip(1) {
            by_date
                .entry(p.peildatum)
                .or_default()
                .0
                .push((&m.name, source(site, p.source)));
        }
        for t in &tl.threads {
            for s in &t.steps {
                let Some(change) = s.change else { continue };
                let before = s.before.map(|b| &t.steps[b]);
                let mut topic_slugs: Vec<&'a str> =
                    s.effort.topics.iter().map(String::as_str).collect();
                if let Some(b) = before {
                    for topic in &b.effort.topics {
                        if !topic_slugs.contains(&topic.as_str()) {
                            topic_slugs.push(topic);
                        }
                    }
                }
                let mut filter_class = String::new();
                for t in &topic_slugs {
                    topics_used.insert(*t);
                    filter_class.push_str(&format!("t-{t} "));
                }
                provinces_used.insert(m.province.as_str());
                filter_class.push_str(&format!("p-{province_slug}"));
                let point = &tl.points[s.point];
                let event = EventView {
                    municipality: &m.name,
                    province: &m.province,
                    url: format!("{url}#{}", s.anchor),
                    title: &s.effort.title,
                    before_title: before
                        .map(|b| b.effort.title.as_str())
                        .filter(|b| change == Change::PlannedToCompleted && *b != s.effort.title),
                    before: before.map(|b| tl.points[b.point].peildatum),
                    mark_nl: s.mark.dutch(),
                    topics: topic_slugs.iter().map(|t| view.topic_link(t)).collect(),
                    source: source(
                        site,
                        s.effort
                            .source
                            .as_deref()
                            .filter(|_| change != Change::NoLongerMentioned),
                    ),
                    filter_class,
                };
                let i = Change::ALL.iter().position(|c| *c == change).unwrap_or(0);
                by_date.entry(point.peildatum).or_default().1[i].push(event);
            }
        }
    }
    let mut event_count = 0;
    let dates = by_date
        .into_iter()
        .filter(|(_, (_, groups))| groups.iter().any(|g| !g.is_empty()))
        .map(|(peildatum, (municipalities, groups))| {
            event_count += groups.iter().map(Vec::len).sum::<usize>();
            DateView {
                peildatum,
                anchor: format!("stand-{}", peildatum.iso()),
                municipalities,
                groups: Change::ALL
                    .into_iter()
                    .zip(groups)
                    .map(|(c, events)| GroupView {
                        slug: c.slug(),
                        title: c.dutch(),
                        events,
                    })
                    .collect(),
            }
        })
        .collect();
    ProgressPage {
        without_history: site.municipalities.len() - municipalities.len(),
        municipalities,
        dates,
        topics: site
            .topics
            .iter()
            .filter(|t| topics_used.contains(t.slug.as_str()))
            .map(|t| FilterValue {
                slug: &t.slug,
                name: &t.name,
            })
            .collect(),
        provinces: view
            .provinces()
            .filter(|(name, _)| provinces_used.contains(name))
            .map(|(name, slug)| FilterValue { slug, name })
            .collect(),
        event_count,
    }
}

/// A change in words, for the feed and other plain-text outputs: what
/// went from planned to done, what is new and what is no longer mentioned
/// at the `i`th state of `tl`, or what it named when it is the first.
pub fn summary(tl: &Timeline, i: usize) -> String {
    let mut parts = Vec::new();
    let point = &tl.points[i];
    if i == 0 {
        for status in [Status::Completed, Status::Planned] {
            let titles: Vec<&str> = point
                .efforts(status)
                .iter()
                .map(|e| e.title.as_str())
                .collect();
            if !titles.is_empty() {
                let label = match status {
                    Status::Completed => "Gedaan",
                    Status::Planned => "Gepland",
                };
                parts.push(format!("{label}: {}.", titles.join("; ")));
            }
        }
    } else {
        for change in Change::ALL {
            let titles: Vec<&str> = tl
                .threads
                .iter()
                .flat_map(|t| t.steps.iter())
                .filter(|s| s.point == i && s.change == Some(change))
                .map(|s| s.effort.title.as_str())
                .collect();
            if !titles.is_empty() {
                parts.push(format!("{}: {}.", change.dutch(), titles.join("; ")));
            }
        }
    }
    if parts.is_empty() {
        parts.push("Geen veranderingen.".into());
    }
    parts.join(" ")
}
