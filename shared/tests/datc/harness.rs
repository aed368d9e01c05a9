//! A small language for writing DATC cases: set up a board on the classic map, give orders in
//! the standard notation, resolve, and assert on outcomes and positions.
//!
//! ```ignore
//! let mut c = Case::movement();
//! c.order("England", "F NTH - PIC");
//! c.resolve();
//! c.assert_illegal("England", "F NTH - PIC");
//! c.assert_unit("England", "F NTH");
//! ```
#![allow(dead_code)]

use std::sync::{Arc, OnceLock};

use entente_shared::map::LocId;
use entente_shared::rules::order::Order;
use entente_shared::rules::{
    Dislodged, Game, Outcome, Phase, PhaseKind, PhaseReport, Position, Season, Unit, UnitKind,
};
use entente_shared::scenario::{Scenario, StateId};

fn classic() -> Arc<Scenario> {
    static CLASSIC: OnceLock<Arc<Scenario>> = OnceLock::new();
    CLASSIC
        .get_or_init(|| Arc::new(Scenario::classic()))
        .clone()
}

/// Marks an order given while the board is still being set up.
const PENDING: &str = "(not yet submitted)";

/// One submitted order and what the engine said when it was given.
struct Given {
    state: StateId,
    text: String,
    /// Index among the phase's submissions, or the refusal.
    result: Result<usize, String>,
    /// Which resolution (index into `reports`) the order belongs to.
    round: usize,
}

/// One test situation: a game on the classic map, built up by hand.
pub struct Case {
    game: Game,
    given: Vec<Given>,
    reports: Vec<PhaseReport>,
    /// The dislodged units of the last movement phase, kept after the retreats are resolved.
    last_dislodged: Vec<Dislodged>,
}

impl Case {
    fn at(phase: Phase, position: Position) -> Case {
        Case {
            game: Game::from_position(classic(), phase, position),
            given: Vec::new(),
            reports: Vec::new(),
            last_dislodged: Vec::new(),
        }
    }

    /// A spring movement phase (S1901M) on the classic map with an empty board and no supply
    /// centres owned by anyone.
    pub fn movement() -> Case {
        let s = classic();
        Case::at(
            Phase::new(1901, Season::Spring, PhaseKind::Movement),
            Position::empty(&s.map),
        )
    }

    /// An autumn movement phase (F1901M), otherwise like [`Case::movement`]; after it resolves,
    /// centres change hands and the winter adjustments follow.
    pub fn autumn() -> Case {
        let s = classic();
        Case::at(
            Phase::new(1901, Season::Autumn, PhaseKind::Movement),
            Position::empty(&s.map),
        )
    }

    /// A winter adjustment phase (W1901A) with no units on the board and every home centre owned
    /// by its home state, as at the start of the game. Change ownership with [`Case::owns`] and
    /// place units with [`Case::unit`]; builds and disbands follow from the difference.
    pub fn adjustment() -> Case {
        let s = classic();
        let mut position = Position::empty(&s.map);
        position.owners = s.start.owners.clone();
        Case::at(
            Phase::new(1901, Season::Winter, PhaseKind::Adjustment),
            position,
        )
    }

    fn scenario(&self) -> Arc<Scenario> {
        self.game.scenario().clone()
    }

    fn state(&self, name: &str) -> StateId {
        self.scenario()
            .find_state(name)
            .unwrap_or_else(|| panic!("no state called {name}"))
    }

    /// Reads `"F STP/SC"` into a unit of `state` at an exact location.
    fn read_unit(&self, state: StateId, text: &str) -> Unit {
        let s = self.scenario();
        let order = s
            .parse_order(text)
            .unwrap_or_else(|e| panic!("cannot read unit `{text}`: {e}"));
        let unit = order
            .unit()
            .unwrap_or_else(|| panic!("`{text}` is not a unit"));
        self.locate(state, unit.kind.unwrap_or(UnitKind::Army), unit.place, text)
    }

    fn locate(
        &self,
        state: StateId,
        kind: UnitKind,
        place: entente_shared::rules::order::Place,
        text: &str,
    ) -> Unit {
        let map = &self.scenario().map;
        let p = place.province;
        let loc = match kind {
            UnitKind::Army => p.loc(),
            UnitKind::Fleet => {
                let locs = map.fleet_locations(p);
                match place.coast {
                    Some(c) => map
                        .coast(p, c.as_str())
                        .unwrap_or_else(|| panic!("no coast in `{text}`")),
                    None if locs.len() == 1 => locs[0],
                    None if locs.is_empty() => panic!("a fleet cannot stand in `{text}`"),
                    None => panic!("name the coast in `{text}`"),
                }
            }
        };
        Unit { state, kind, loc }
    }

    /// Puts a unit of `state` on the board without an order: `c.unit("Russia", "F STP/SC")`.
    /// Only before the first `resolve`.
    pub fn unit(&mut self, state: &str, unit: &str) -> &mut Self {
        let state = self.state(state);
        let unit = self.read_unit(state, unit);
        let p = self.scenario().map.province_of(unit.loc);
        let slot = &mut self.game.position_mut().units[p.index()];
        assert!(slot.is_none(), "a unit already stands in {}", p.0);
        *slot = Some(unit);
        self
    }

    /// Gives `state` the supply centres `provinces` (taking them from whoever owned them).
    pub fn owns(&mut self, state: &str, provinces: &[&str]) -> &mut Self {
        let state = self.state(state);
        for name in provinces {
            let p = self.province(name);
            self.game.position_mut().owners[p.index()] = Some(state);
        }
        self
    }

    /// Makes `provinces` owned by nobody.
    pub fn unowned(&mut self, provinces: &[&str]) -> &mut Self {
        for name in provinces {
            let p = self.province(name);
            self.game.position_mut().owners[p.index()] = None;
        }
        self
    }

    fn province(&self, name: &str) -> entente_shared::map::ProvinceId {
        self.scenario()
            .map
            .find(name.split('/').next().unwrap_or(name))
            .unwrap_or_else(|| panic!("no province called {name}"))
    }

    /// Submits an order for `state` in the current phase, in standard notation. In a movement
    /// phase before the first `resolve`, a unit of `state` of the kind written in the order is
    /// placed first when the ordered province is empty. An order the engine refuses as illegal
    /// is remembered for [`Case::assert_illegal`]; the unit then holds.
    pub fn order(&mut self, state_name: &str, text: &str) -> &mut Self {
        let state = self.state(state_name);
        let s = self.scenario();
        if self.reports.is_empty()
            && self.game.phase().kind == PhaseKind::Movement
            && let Ok(order) = s.parse_order(text)
            && let Some(unit) = order.unit()
            && let Some(kind) = unit.kind
            && self.game.position().unit_in(unit.place.province).is_none()
            && !matches!(order, Order::Build { .. })
        {
            let placed = self.locate(state, kind, unit.place, text);
            self.game.position_mut().units[unit.place.province.index()] = Some(placed);
        }
        // Before the first resolution, orders wait until every unit is placed: the DATC lists a
        // support before the move it supports, and legality is judged on the whole board.
        let setting_up = self.reports.is_empty() && self.game.phase().kind == PhaseKind::Movement;
        let result = if setting_up {
            Err(PENDING.to_string())
        } else {
            self.game
                .submit(state, text)
                .map(|id| id.0)
                .map_err(|e| e.to_string())
        };
        self.given.push(Given {
            state,
            text: text.to_string(),
            result,
            round: self.reports.len(),
        });
        self
    }

    fn submit_pending(&mut self) {
        for k in 0..self.given.len() {
            if self.given[k].result.as_ref().err().map(String::as_str) == Some(PENDING) {
                let (state, text) = (self.given[k].state, self.given[k].text.clone());
                self.given[k].result = self
                    .game
                    .submit(state, &text)
                    .map(|id| id.0)
                    .map_err(|e| e.to_string());
            }
        }
    }

    /// Adjudicates the current phase and moves on to the next one (retreats if anyone was
    /// dislodged, winter adjustments after autumn, and so on).
    pub fn resolve(&mut self) -> &mut Self {
        self.submit_pending();
        let report = self.game.resolve();
        if report.phase.kind == PhaseKind::Movement {
            self.last_dislodged = report.dislodged.clone();
        }
        self.reports.push(report);
        self
    }

    /// The current phase's short name, e.g. `"S1901R"`.
    pub fn phase(&self) -> String {
        self.game.phase().to_string()
    }

    fn find_given(&self, state: &str, order: &str) -> &Given {
        let state = self.state(state);
        self.given
            .iter()
            .rev()
            .find(|g| g.state == state && g.text == order)
            .unwrap_or_else(|| panic!("no order `{order}` was given for that state"))
    }

    fn outcome(&self, state: &str, order: &str) -> Outcome {
        let g = self.find_given(state, order);
        match &g.result {
            Err(p) if p == PENDING => panic!("`{order}` has not been resolved yet"),
            Err(why) => Outcome::Illegal(why.clone()),
            Ok(id) => {
                let report = self
                    .reports
                    .get(g.round)
                    .unwrap_or_else(|| panic!("`{order}` has not been resolved yet"));
                report.orders[*id].outcome.clone()
            }
        }
    }

    /// The order (same text as given to `order`) was refused as illegal when submitted.
    pub fn assert_illegal(&self, state: &str, order: &str) {
        let outcome = self.outcome(state, order);
        assert!(
            matches!(outcome, Outcome::Illegal(_)),
            "`{order}` should be illegal, but was {outcome:?}"
        );
    }

    /// The order was accepted and, once resolved, succeeded.
    pub fn assert_succeeds(&self, state: &str, order: &str) {
        let outcome = self.outcome(state, order);
        assert_eq!(outcome, Outcome::Succeeded, "`{order}` should succeed");
    }

    /// The order did not succeed: illegal, void, cut, bounced, disrupted ...
    pub fn assert_fails(&self, state: &str, order: &str) {
        let outcome = self.outcome(state, order);
        assert!(!outcome.succeeded(), "`{order}` should fail, but succeeded");
    }

    fn describe(&self) -> String {
        let s = self.scenario();
        let mut out: Vec<String> = self
            .game
            .position()
            .units()
            .map(|(_, u)| {
                format!(
                    "{} {} {}",
                    s.state(u.state).name,
                    u.kind.letter(),
                    s.map.loc_name(u.loc)
                )
            })
            .collect();
        for d in &self.game.position().dislodged {
            out.push(format!(
                "(dislodged) {} {} {}",
                s.state(d.unit.state).name,
                d.unit.kind.letter(),
                s.map.loc_name(d.unit.loc)
            ));
        }
        out.join(", ")
    }

    fn exact_unit(&self, state: &str, unit: &str) -> (Unit, bool) {
        let state_id = self.state(state);
        let s = self.scenario();
        let order = s.parse_order(unit).expect("unit text reads");
        let u = order.unit().expect("a unit");
        let coast_given = u.place.coast.is_some();
        let kind = u.kind.expect("say A or F");
        let loc = if coast_given {
            self.locate(state_id, kind, u.place, unit).loc
        } else {
            u.place.province.loc()
        };
        (
            Unit {
                state: state_id,
                kind,
                loc,
            },
            coast_given,
        )
    }

    fn same(&self, a: &Unit, b: &Unit, coast_given: bool) -> bool {
        let map = &self.scenario().map;
        a.state == b.state
            && a.kind == b.kind
            && if coast_given {
                a.loc == b.loc
            } else {
                map.province_of(a.loc) == map.province_of(b.loc)
            }
    }

    /// A unit of `state` of that kind now stands there (not dislodged).
    pub fn assert_unit(&self, state: &str, unit: &str) {
        let (want, coast) = self.exact_unit(state, unit);
        let map = &self.scenario().map;
        let here = self.game.position().unit_in(map.province_of(want.loc));
        assert!(
            here.is_some_and(|u| self.same(&u, &want, coast)),
            "expected {state} {unit} on the board; the board has: {}",
            self.describe()
        );
    }

    /// No unit (and no dislodged unit) stands in `province` now.
    pub fn assert_no_unit(&self, province: &str) {
        let p = self.province(province);
        let map = &self.scenario().map;
        assert!(
            self.game.position().unit_in(p).is_none()
                && !self
                    .game
                    .position()
                    .dislodged
                    .iter()
                    .any(|d| map.province_of(d.unit.loc) == p),
            "expected {province} to be empty; the board has: {}",
            self.describe()
        );
    }

    /// That unit was dislodged by the last movement phase.
    pub fn assert_dislodged(&self, state: &str, unit: &str) {
        let (want, coast) = self.exact_unit(state, unit);
        assert!(
            self.last_dislodged
                .iter()
                .any(|d| self.same(&d.unit, &want, coast)),
            "expected {state} {unit} to be dislodged; the board has: {}",
            self.describe()
        );
    }

    /// That unit was not dislodged: it still stands where it stood.
    pub fn assert_not_dislodged(&self, state: &str, unit: &str) {
        let (want, coast) = self.exact_unit(state, unit);
        assert!(
            !self
                .last_dislodged
                .iter()
                .any(|d| self.same(&d.unit, &want, coast)),
            "{state} {unit} should not be dislodged"
        );
        self.assert_unit(state, unit);
    }

    /// The dislodged unit in `province` may retreat to exactly these provinces.
    pub fn assert_retreats(&self, province: &str, options: &[&str]) {
        let s = self.scenario();
        let p = self.province(province);
        let d = self
            .last_dislodged
            .iter()
            .find(|d| s.map.province_of(d.unit.loc) == p)
            .unwrap_or_else(|| panic!("no unit was dislodged from {province}"));
        let mut have: Vec<String> = d
            .retreats
            .iter()
            .map(|&l: &LocId| s.map.loc_name(l))
            .collect();
        let mut want: Vec<String> = options.iter().map(|o| o.to_uppercase()).collect();
        have.sort();
        want.sort();
        assert_eq!(
            have, want,
            "retreat options of the unit dislodged from {province}"
        );
    }

    /// `state` has exactly `n` units on the board now.
    pub fn assert_unit_count(&self, state: &str, n: usize) {
        let id = self.state(state);
        assert_eq!(
            self.game.position().unit_count(id),
            n,
            "{state}'s units; the board has: {}",
            self.describe()
        );
    }
}
