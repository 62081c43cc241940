//! What became of each effort: a municipality's states side by side in
//! time, and every effort followed from one state to the next.
//!
//! A municipality has its earlier states (`history`, each dated) and its
//! current state (dated by the site's peildatum). Efforts with the same
//! `id` in different states are one followed effort (a [`Thread`]); an
//! effort without an id is followed on its own, so it is seen once. At
//! each date a followed effort is planned, completed, or no longer
//! mentioned (named in the state before, not in this one), and new when a
//! later state is the first to name it. Nothing here guesses a link: only
//! ids written by the editors join efforts.
//!
//! The municipality page's "Voortgang", the page across municipalities,
//! the feed, the history export and search all read this, so they agree.

use std::collections::{BTreeSet, HashMap};

use serde::Serialize;

use crate::model::{Date, Effort, Municipality, Status};

/// One state of a municipality, earlier or current.
#[derive(Debug, Clone)]
pub struct Point<'a> {
    pub peildatum: Date,
    /// The id of its source: an earlier state's own, or for the current
    /// state the municipality's first source (`None` when it has none).
    pub source: Option<&'a str>,
    /// The current state (dated by the site's peildatum).
    pub current: bool,
    pub completed: &'a [Effort],
    pub planned: &'a [Effort],
}

impl<'a> Point<'a> {
    pub fn efforts(&self, status: Status) -> &'a [Effort] {
        match status {
            Status::Completed => self.completed,
            Status::Planned => self.planned,
        }
    }

    /// The id of the state on the municipality page, `stand-2019-04-09`.
    pub fn anchor(&self) -> String {
        format!("stand-{}", self.peildatum.iso())
    }
}

/// Where a followed effort stands at one date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Mark {
    Planned,
    Completed,
    /// Named in the state before, not in this one. That the source does
    /// not name it says nothing about whether it stopped.
    NoLongerMentioned,
}

impl Mark {
    /// The words readers see.
    pub fn dutch(self) -> &'static str {
        match self {
            Mark::Planned => "gepland",
            Mark::Completed => "gedaan",
            Mark::NoLongerMentioned => "niet meer genoemd",
        }
    }
}

impl From<Status> for Mark {
    fn from(s: Status) -> Mark {
        match s {
            Status::Completed => Mark::Completed,
            Status::Planned => Mark::Planned,
        }
    }
}

/// The changes the page across municipalities lists per date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Change {
    /// Planned when last named, completed now.
    PlannedToCompleted,
    /// Named for the first time, in a state after the municipality's first.
    New,
    /// Named in the state before, not in this one.
    NoLongerMentioned,
}

impl Change {
    pub const ALL: [Change; 3] = [
        Change::PlannedToCompleted,
        Change::New,
        Change::NoLongerMentioned,
    ];

    /// A heading of the page across municipalities.
    pub fn dutch(self) -> &'static str {
        match self {
            Change::PlannedToCompleted => "Van gepland naar gedaan",
            Change::New => "Nieuw genoemd",
            Change::NoLongerMentioned => "Niet meer genoemd",
        }
    }

    /// Its part of ids and class names.
    pub fn slug(self) -> &'static str {
        match self {
            Change::PlannedToCompleted => "van-gepland-naar-gedaan",
            Change::New => "nieuw",
            Change::NoLongerMentioned => "niet-meer-genoemd",
        }
    }
}

/// A followed effort at one date.
#[derive(Debug, Clone)]
pub struct Step<'a> {
    /// The state, as a position in [`Timeline::points`].
    pub point: usize,
    pub mark: Mark,
    /// The first state to name it, and not the municipality's first state.
    pub new: bool,
    /// The effort as this state names it; when no longer mentioned, as the
    /// last state that named it did.
    pub effort: &'a Effort,
    /// The change since the last state that named it, if the page across
    /// municipalities lists it.
    pub change: Option<Change>,
    /// For a step that is no longer mentioned or went from planned to
    /// done: the step before it that named the effort.
    pub before: Option<usize>,
    /// Its id on the municipality page: the thread's anchor and the date.
    pub anchor: String,
}

/// One effort followed across the states.
#[derive(Debug, Clone)]
pub struct Thread<'a> {
    /// The editors' id, when they gave one.
    pub id: Option<&'a str>,
    /// Its id on the municipality page, `voortgang-<id>`, unique there.
    pub anchor: String,
    /// In date order; a state before its first mention, or after it was no
    /// longer mentioned, has no step.
    pub steps: Vec<Step<'a>>,
}

impl<'a> Thread<'a> {
    /// The effort as the last state that named it calls it.
    pub fn latest(&self) -> &'a Effort {
        self.steps
            .iter()
            .rev()
            .find(|s| s.mark != Mark::NoLongerMentioned)
            .or(self.steps.last())
            .map(|s| s.effort)
            .unwrap_or_else(|| unreachable!("a thread has a step"))
    }

    /// More than one state names it.
    pub fn linked(&self) -> bool {
        self.steps
            .iter()
            .filter(|s| s.mark != Mark::NoLongerMentioned)
            .count()
            > 1
    }
}

/// A municipality's states and its followed efforts.
#[derive(Debug, Clone)]
pub struct Timeline<'a> {
    /// Oldest first; the last is the current state.
    pub points: Vec<Point<'a>>,
    /// In the order they were first named (completed before planned within
    /// a state, each in file order).
    pub threads: Vec<Thread<'a>>,
}

/// The timeline of `m`, whose current state is dated `peildatum`.
pub fn timeline(m: &Municipality, peildatum: Date) -> Timeline<'_> {
    let mut points: Vec<Point> = m
        .history
        .iter()
        .map(|s| Point {
            peildatum: s.peildatum,
            source: Some(s.source.as_str()),
            current: false,
            completed: &s.completed,
            planned: &s.planned,
        })
        .collect();
    points.sort_by_key(|p| p.peildatum);
    points.push(Point {
        peildatum,
        source: m.sources.first().map(String::as_str),
        current: true,
        completed: &m.completed,
        planned: &m.planned,
    });
    let threads = threads(&points);
    Timeline { points, threads }
}

type Presence<'a> = Vec<Option<(Status, &'a Effort)>>;

fn threads<'a>(points: &[Point<'a>]) -> Vec<Thread<'a>> {
    let n = points.len();
    let mut presence: Vec<(Option<&'a str>, Presence<'a>)> = Vec::new();
    let mut by_id: HashMap<&'a str, usize> = HashMap::new();
    for (i, p) in points.iter().enumerate() {
        for status in [Status::Completed, Status::Planned] {
            for e in p.efforts(status) {
                let id = e.id.as_deref();
                // An id twice in one state is an error on load; were it
                // there, the second is followed on its own.
                let known = id
                    .and_then(|id| by_id.get(id).copied())
                    .filter(|&t| presence[t].1[i].is_none());
                let t = known.unwrap_or_else(|| {
                    presence.push((id, vec![None; n]));
                    let t = presence.len() - 1;
                    if let Some(id) = id {
                        by_id.entry(id).or_insert(t);
                    }
                    t
                });
                presence[t].1[i] = Some((status, e));
            }
        }
    }
    let anchors = anchors(&presence);
    presence
        .into_iter()
        .zip(anchors)
        .map(|((id, seen), anchor)| Thread {
            id,
            steps: steps(&seen, points, &anchor),
            anchor,
        })
        .collect()
}

/// Ids on the page: `voortgang-<id>`, or the title's slug for an effort
/// without an id; ids first, so an editor's id keeps its anchor.
fn anchors(threads: &[(Option<&str>, Presence)]) -> Vec<String> {
    let mut taken = BTreeSet::new();
    let mut out = vec![String::new(); threads.len()];
    for pass in [true, false] {
        for (t, (id, seen)) in threads.iter().enumerate() {
            if id.is_some() != pass {
                continue;
            }
            let base = match id {
                Some(id) => (*id).to_string(),
                None => seen
                    .iter()
                    .flatten()
                    .next()
                    .map(|(_, e)| crate::text::slugify(&e.title))
                    .unwrap_or_default(),
            };
            let base = if base.is_empty() {
                "voortgang".to_string()
            } else {
                format!("voortgang-{base}")
            };
            out[t] = crate::text::unique_slug(base, &mut taken);
        }
    }
    out
}

fn steps<'a>(seen: &Presence<'a>, points: &[Point<'a>], anchor: &str) -> Vec<Step<'a>> {
    let mut out: Vec<Step<'a>> = Vec::new();
    // The last step that named the effort, by position in `out`.
    let mut last: Option<usize> = None;
    let mut named_before = false;
    for (i, here) in seen.iter().enumerate() {
        let step_anchor = format!("{anchor}-{}", points[i].peildatum.iso());
        match here {
            Some((status, effort)) => {
                let new = !named_before && i > 0;
                let planned_before = last.is_some_and(|l| out[l].mark == Mark::Planned);
                let change = if new {
                    Some(Change::New)
                } else if planned_before && *status == Status::Completed {
                    Some(Change::PlannedToCompleted)
                } else {
                    None
                };
                out.push(Step {
                    point: i,
                    mark: Mark::from(*status),
                    new,
                    effort,
                    change,
                    before: if change == Some(Change::PlannedToCompleted) {
                        last
                    } else {
                        None
                    },
                    anchor: step_anchor,
                });
                last = Some(out.len() - 1);
                named_before = true;
            }
            None => {
                let named_just_before = i > 0 && seen[i - 1].is_some();
                if let (true, Some(l)) = (named_just_before, last) {
                    out.push(Step {
                        point: i,
                        mark: Mark::NoLongerMentioned,
                        new: false,
                        effort: out[l].effort,
                        change: Some(Change::NoLongerMentioned),
                        before: Some(l),
                        anchor: step_anchor,
                    });
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests;
