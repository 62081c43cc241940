//! Unit tests of `timeline`.

use super::*;
use crate::model::State;

fn date(year: u16, month: u8, day: u8) -> Date {
    Date { year, month, day }
}

fn effort(title: &str, id: Option<&str>) -> Effort {
    Effort {
        anchor: format!("inzet-{}", crate::text::slugify(title)),
        title: title.into(),
        topics: vec![],
        description: None,
        notable: None,
        id: id.map(str::to_string),
        link_note: None,
        source: None,
    }
}

fn state(peildatum: Date, completed: Vec<Effort>, planned: Vec<Effort>) -> State {
    State {
        peildatum,
        source: "bron".into(),
        completed,
        planned,
    }
}

fn municipality(history: Vec<State>, completed: Vec<Effort>, planned: Vec<Effort>) -> Municipality {
    Municipality {
        slug: "x".into(),
        source_file: "municipalities/x.toml".into(),
        updated: None,
        name: "X".into(),
        province: "P".into(),
        sources: vec!["nu".into()],
        target_groups: vec![],
        regional_partners: vec![],
        website: None,
        split_reconstructed: false,
        notes: None,
        completed,
        planned,
        code: None,
        location: None,
        history,
    }
}

const NOW: Date = Date {
    year: 2020,
    month: 1,
    day: 15,
};

/// (date, mark, change) of each step.
fn marks(t: &Thread, tl: &Timeline) -> Vec<(String, Mark, Option<Change>)> {
    t.steps
        .iter()
        .map(|s| (tl.points[s.point].peildatum.iso(), s.mark, s.change))
        .collect()
}

#[test]
fn planned_then_completed_is_a_change_to_done() {
    let m = municipality(
        vec![state(
            date(2018, 3, 21),
            vec![],
            vec![effort("Trainen", Some("t"))],
        )],
        vec![effort("Trainen", Some("t"))],
        vec![],
    );
    let tl = timeline(&m, NOW);
    assert_eq!(tl.threads.len(), 1);
    assert_eq!(
        marks(&tl.threads[0], &tl),
        [
            ("2018-03-21".into(), Mark::Planned, None),
            (
                "2020-01-15".into(),
                Mark::Completed,
                Some(Change::PlannedToCompleted)
            ),
        ]
    );
    assert_eq!(tl.threads[0].steps[1].before, Some(0));
    assert!(tl.threads[0].linked());
    assert_eq!(tl.threads[0].anchor, "voortgang-t");
    assert_eq!(tl.threads[0].steps[0].anchor, "voortgang-t-2018-03-21");
    // The current state's source is the municipality's first.
    assert_eq!(tl.points[1].source, Some("nu"));
    assert!(tl.points[1].current && !tl.points[0].current);
}

#[test]
fn still_planned_and_still_done_are_no_change() {
    let m = municipality(
        vec![state(
            date(2019, 1, 1),
            vec![effort("A", Some("a"))],
            vec![effort("B", Some("b"))],
        )],
        vec![effort("A", Some("a"))],
        vec![effort("B", Some("b"))],
    );
    let tl = timeline(&m, NOW);
    let changes: Vec<Option<Change>> = tl
        .threads
        .iter()
        .flat_map(|t| t.steps.iter().map(|s| s.change))
        .collect();
    assert_eq!(changes, [None, None, None, None]);
    assert_eq!(tl.threads[1].steps[1].mark, Mark::Planned);
}

#[test]
fn an_effort_a_later_state_names_first_is_new() {
    let m = municipality(
        vec![state(date(2019, 1, 1), vec![effort("A", None)], vec![])],
        vec![effort("A", None)],
        vec![effort("Nieuw plan", None)],
    );
    let tl = timeline(&m, NOW);
    // Without ids nothing is joined, not even the same title.
    assert_eq!(tl.threads.len(), 3);
    let last = &tl.threads[2];
    assert_eq!(
        marks(last, &tl),
        [("2020-01-15".into(), Mark::Planned, Some(Change::New))]
    );
    assert!(last.steps[0].new);
    // Nothing in the first state is new: there is nothing before it.
    assert_eq!(tl.threads[0].steps[0].change, None);
    assert!(!tl.threads[0].steps[0].new);
    assert_eq!(last.anchor, "voortgang-nieuw-plan");
    // Two threads from the same title get distinct anchors.
    assert_eq!(tl.threads[0].anchor, "voortgang-a");
    assert_eq!(tl.threads[1].anchor, "voortgang-a-2");
}

#[test]
fn an_effort_left_out_is_no_longer_mentioned_once() {
    let m = municipality(
        vec![
            state(date(2018, 1, 1), vec![], vec![effort("Plan", Some("p"))]),
            state(date(2019, 1, 1), vec![], vec![]),
        ],
        vec![],
        vec![],
    );
    let tl = timeline(&m, NOW);
    let t = &tl.threads[0];
    assert_eq!(
        marks(t, &tl),
        [
            ("2018-01-01".into(), Mark::Planned, None),
            (
                "2019-01-01".into(),
                Mark::NoLongerMentioned,
                Some(Change::NoLongerMentioned)
            ),
        ]
    );
    // As the last state that named it called it.
    assert_eq!(t.steps[1].effort.title, "Plan");
    assert_eq!(t.latest().title, "Plan");
    assert!(!t.linked());
}

#[test]
fn an_effort_seen_once_is_one_thread_with_one_step() {
    let m = municipality(
        vec![state(date(2019, 6, 1), vec![], vec![])],
        vec![effort("Alleen nu", None)],
        vec![],
    );
    let tl = timeline(&m, NOW);
    assert_eq!(tl.threads.len(), 1);
    assert_eq!(tl.threads[0].steps.len(), 1);
    assert!(!tl.threads[0].linked());
}

#[test]
fn a_link_follows_an_effort_across_a_new_name() {
    let m = municipality(
        vec![
            state(
                date(2018, 3, 21),
                vec![],
                vec![effort("Hulpmiddelen maken", Some("hulp"))],
            ),
            state(
                date(2019, 4, 9),
                vec![effort("Twee hulpmiddelen gemaakt", Some("hulp"))],
                vec![],
            ),
        ],
        vec![effort("Checklist en tool", Some("hulp"))],
        vec![],
    );
    let tl = timeline(&m, NOW);
    assert_eq!(tl.threads.len(), 1);
    let t = &tl.threads[0];
    let titles: Vec<&str> = t.steps.iter().map(|s| s.effort.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "Hulpmiddelen maken",
            "Twee hulpmiddelen gemaakt",
            "Checklist en tool"
        ]
    );
    assert_eq!(t.latest().title, "Checklist en tool");
    assert_eq!(
        t.steps.iter().map(|s| s.change).collect::<Vec<_>>(),
        [None, Some(Change::PlannedToCompleted), None]
    );
}

#[test]
fn an_effort_named_again_after_a_gap_is_not_new() {
    let m = municipality(
        vec![
            state(date(2017, 1, 1), vec![], vec![effort("P", Some("p"))]),
            state(date(2018, 1, 1), vec![], vec![]),
        ],
        vec![effort("P", Some("p"))],
        vec![],
    );
    let tl = timeline(&m, NOW);
    assert_eq!(
        marks(&tl.threads[0], &tl),
        [
            ("2017-01-01".into(), Mark::Planned, None),
            (
                "2018-01-01".into(),
                Mark::NoLongerMentioned,
                Some(Change::NoLongerMentioned)
            ),
            (
                "2020-01-15".into(),
                Mark::Completed,
                Some(Change::PlannedToCompleted)
            ),
        ]
    );
}

#[test]
fn states_are_in_date_order_whatever_the_file_order() {
    let m = municipality(
        vec![
            state(date(2019, 1, 1), vec![effort("B", Some("x"))], vec![]),
            state(date(2018, 1, 1), vec![], vec![effort("A", Some("x"))]),
        ],
        vec![],
        vec![],
    );
    let tl = timeline(&m, NOW);
    let dates: Vec<String> = tl.points.iter().map(|p| p.peildatum.iso()).collect();
    assert_eq!(dates, ["2018-01-01", "2019-01-01", "2020-01-15"]);
    assert_eq!(
        tl.threads[0].steps[1].change,
        Some(Change::PlannedToCompleted)
    );
}
