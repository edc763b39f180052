//! Stage 2: who holds each place on a given day, and what happened that day. Pure functions of
//! a checked [`Dataset`].
//!
//! A place starts with the side of places.geojson (status confirmed). Each control or handover
//! event moves it to the event's side with the event's status, from the event's day on; an area
//! event moves every place inside its area (the area's places come from [`crate::ground`]).
//! Events of one day apply in the order of events.csv.

use chrono::NaiveDate;

use crate::dataset::{Dataset, Event, Status};

/// Who holds a place on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Holding {
    /// Index into the dataset's sides.
    pub side: usize,
    pub status: Status,
    /// The day the place came to this side (`None`: held since before the first day).
    pub since: Option<NaiveDate>,
    /// Index into the dataset's events of the event behind this holding.
    pub event: Option<usize>,
}

/// The state of the map on one day.
#[derive(Debug, Clone)]
pub struct DayState {
    pub day: NaiveDate,
    /// One per place, in the dataset's order.
    pub holdings: Vec<Holding>,
    /// Places whose side differs from the day before (for the first day: from the start).
    pub changed: Vec<usize>,
    /// Indices of the events dated this day.
    pub events: Vec<usize>,
}

impl DayState {
    /// The state on `day` by place events alone (area events move no place).
    pub fn on(dataset: &Dataset, day: NaiveDate) -> DayState {
        DayState::with_areas(dataset, &[], day)
    }

    /// The state on `day`: every event up to and including that day applied. `places_in_area`
    /// lists, for each area of the dataset, the places inside it.
    pub fn with_areas(dataset: &Dataset, places_in_area: &[Vec<usize>], day: NaiveDate) -> DayState {
        let initial: Vec<Holding> = dataset
            .places
            .iter()
            .map(|place| Holding { side: place.side, status: Status::Confirmed, since: None, event: None })
            .collect();
        let mut holdings = initial.clone();
        let mut day_before = initial;
        let mut events = Vec::new();
        for (index, event) in dataset.events.iter().enumerate() {
            if event.day > day {
                break;
            }
            if event.day == day {
                events.push(index);
            }
            if event.day < day {
                apply(&mut day_before, places_in_area, index, event);
            }
            apply(&mut holdings, places_in_area, index, event);
        }
        let changed = (0..holdings.len()).filter(|&i| holdings[i].side != day_before[i].side).collect();
        DayState { day, holdings, changed, events }
    }

    /// The side holding a place.
    pub fn side_of(&self, place: usize) -> usize {
        self.holdings[place].side
    }
}

fn apply(holdings: &mut [Holding], places_in_area: &[Vec<usize>], index: usize, event: &Event) {
    if !event.sets_control() {
        return;
    }
    let Some(side) = event.side else { return };
    let single;
    let places: &[usize] = match (event.place, event.area) {
        (Some(place), _) => {
            single = [place];
            &single
        }
        (None, Some(area)) => places_in_area.get(area).map_or(&[], Vec::as_slice),
        (None, None) => &[],
    };
    for &place in places {
        holdings[place] = moved(holdings[place], side, event, index);
    }
}

/// A holding after an event gives the ground to `side`.
pub fn moved(current: Holding, side: usize, event: &Event, index: usize) -> Holding {
    let since = if current.side == side { current.since } else { Some(event.day) };
    let status = if event.keep_status && current.side == side { current.status } else { event.status };
    Holding { side, status, since, event: Some(index) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::{EventKind, Meta, Place, PlaceKind, SourceRef};
    use geo::MultiPolygon;
    use std::collections::BTreeMap;

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn dataset(events: Vec<(&str, EventKind, usize, usize, Status)>) -> Dataset {
        let meta: Meta = crate::dataset::test_meta();
        let place = |id: &str| Place {
            id: id.to_string(),
            names: BTreeMap::from([("en".to_string(), id.to_string())]),
            kind: PlaceKind::Village,
            district: None,
            population: None,
            side: 1,
            point: None,
            source: None,
        };
        let events = events
            .into_iter()
            .enumerate()
            .map(|(line, (date, kind, place, side, status))| Event {
                line: line as u64 + 2,
                day: day(date),
                kind,
                place: Some(place),
                point: None,
                area: None,
                side: Some(side),
                status,
                keep_status: false,
                title: "t".into(),
                sources: vec![SourceRef { publisher: "P".into(), date: day(date), url: "https://x".into() }],
                note: String::new(),
            })
            .collect();
        Dataset {
            translations: Default::default(),
            relief: None,
            folder: None,
            meta,
            places: vec![place("a"), place("b")],
            theatre: MultiPolygon(vec![]),
            reference_lines: vec![],
            layers: vec![],
            held: vec![],
            areas: vec![],
            events,
        }
    }

    #[test]
    fn a_claim_then_a_confirmation() {
        let data = dataset(vec![
            ("2020-10-01", EventKind::Control, 0, 0, Status::Claimed),
            ("2020-10-03", EventKind::Control, 0, 0, Status::Confirmed),
        ]);
        let before = DayState::on(&data, day("2020-09-30"));
        assert_eq!(before.side_of(0), 1);
        assert!(before.changed.is_empty());

        let claimed = DayState::on(&data, day("2020-10-01"));
        assert_eq!(claimed.holdings[0].side, 0);
        assert_eq!(claimed.holdings[0].status, Status::Claimed);
        assert_eq!(claimed.changed, vec![0]);
        assert_eq!(claimed.events, vec![0]);

        let confirmed = DayState::on(&data, day("2020-10-03"));
        assert_eq!(confirmed.holdings[0].status, Status::Confirmed);
        assert_eq!(confirmed.holdings[0].since, Some(day("2020-10-01")), "a confirmation keeps the day taken");
        assert!(confirmed.changed.is_empty(), "a confirmation is not a change of side");
        assert_eq!(confirmed.side_of(1), 1);
    }

    #[test]
    fn a_place_retaken_returns_to_its_side() {
        let data = dataset(vec![
            ("2020-10-01", EventKind::Control, 1, 0, Status::Claimed),
            ("2020-10-02", EventKind::Control, 1, 1, Status::Confirmed),
        ]);
        assert_eq!(DayState::on(&data, day("2020-10-02")).side_of(1), 1);
        assert_eq!(DayState::on(&data, day("2020-10-02")).changed, vec![1]);
    }

    #[test]
    fn strikes_do_not_move_places() {
        let data = dataset(vec![("2020-10-01", EventKind::Strike, 0, 0, Status::Confirmed)]);
        let state = DayState::on(&data, day("2020-10-05"));
        assert_eq!(state.side_of(0), 1);
        assert!(state.events.is_empty());
    }
}
