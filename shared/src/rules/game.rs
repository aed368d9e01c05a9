//! A game in progress: the phase machine, the order book, and resolution of every phase.
//!
//! Orders are checked when submitted (an illegal order is refused with its reason and the unit
//! holds). In movement and retreat phases a unit's later order replaces its earlier one, as a
//! server's "last submission stands"; winter orders are taken one by one in the order given, the
//! first legal ones counting (DATC 4.D.4 to 4.D.6).

use std::cell::RefCell;
use std::sync::Arc;

use crate::map::{LocId, ProvinceId};
use crate::rules::legality::{
    Checked, CheckedAdjustment, OrderError, check_adjustment, check_movement, check_retreat,
    province_name,
};
use crate::rules::movement::{Adjudicator, Failure, Resolution};
use crate::rules::order::{Order, UnitKind, read_canonical};
use crate::rules::phase::{Phase, PhaseKind, Season};
use crate::rules::position::{Dislodged, Position, Unit};
use crate::scenario::{Scenario, StateId};

/// What adjudicating a movement phase takes, kept by each thread from one phase to the next so
/// that a phase allocates little beyond its report.
#[derive(Default)]
struct Scratch {
    orders: Vec<Option<Checked>>,
    units: Vec<Option<Unit>>,
    adjudicator: Adjudicator,
}

/// Index of a submission within its phase, in the order submitted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct OrderId(pub usize);

/// What became of one submitted order.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Outcome {
    Succeeded,
    Failed(Failure),
    /// Refused on submission; the reason says why.
    Illegal(String),
    /// A later order to the same unit replaced it.
    Replaced,
}

impl Outcome {
    pub fn succeeded(&self) -> bool {
        *self == Outcome::Succeeded
    }

    /// The outcome in the words the record, the debrief and the clients show: `succeeded`,
    /// `bounced`, `dislodged` ..., `illegal: reason`, `replaced`.
    pub fn words(&self) -> String {
        match self {
            Outcome::Succeeded => "succeeded".into(),
            Outcome::Failed(f) => format!("{f:?}").to_lowercase(),
            Outcome::Illegal(why) => format!("illegal: {why}"),
            Outcome::Replaced => "replaced".into(),
        }
    }

    /// Whether the order's own unit was dislodged.
    pub fn dislodged(&self) -> bool {
        matches!(self, Outcome::Failed(Failure::Dislodged))
    }
}

/// One line of a phase's result.
#[derive(Debug, Clone)]
pub struct OrderOutcome {
    pub state: StateId,
    /// The order in canonical notation (or as typed, when it could not be read).
    pub order: String,
    pub outcome: Outcome,
    /// Made by the rules rather than by a player: a removal in civil disorder.
    pub automatic: bool,
}

/// Everything a resolved phase produced.
#[derive(Debug, Clone)]
pub struct PhaseReport {
    pub phase: Phase,
    /// By [`OrderId`], then any automatic orders.
    pub orders: Vec<OrderOutcome>,
    /// Units dislodged in this (movement) phase, with where each may retreat.
    pub dislodged: Vec<Dislodged>,
    pub next: Phase,
}

#[derive(Debug, Clone)]
enum Entry {
    Movement { checked: Checked },
    Retreat { to: Option<LocId> },
    Adjustment(CheckedAdjustment),
    Illegal(String),
    Replaced,
}

#[derive(Debug, Clone)]
struct Submission {
    state: StateId,
    text: String,
    entry: Entry,
}

/// A game: scenario, phase, board and the orders given so far this phase.
#[derive(Debug, Clone)]
pub struct Game {
    scenario: Arc<Scenario>,
    phase: Phase,
    position: Position,
    submissions: Vec<Submission>,
    /// Latest order of each unit this phase (movement: by province; retreat: by dislodged index).
    latest: Vec<Option<OrderId>>,
    winner: Option<StateId>,
    over: bool,
}

impl Game {
    /// A new game at the scenario's start.
    pub fn new(scenario: Arc<Scenario>) -> Game {
        let phase = Phase::new(scenario.start_year, Season::Spring, PhaseKind::Movement);
        let position = scenario.start.clone();
        Game::from_position(scenario, phase, position)
    }

    /// A game set up at any phase with any board (for tests, scripts and replays).
    pub fn from_position(scenario: Arc<Scenario>, phase: Phase, position: Position) -> Game {
        let mut game = Game {
            scenario,
            phase,
            position,
            submissions: Vec::new(),
            latest: Vec::new(),
            winner: None,
            over: false,
        };
        game.clear_book();
        game
    }

    pub fn scenario(&self) -> &Arc<Scenario> {
        &self.scenario
    }
    pub fn phase(&self) -> Phase {
        self.phase
    }
    pub fn position(&self) -> &Position {
        &self.position
    }
    /// Changes the board between phases (tests and scripted set-ups).
    pub fn position_mut(&mut self) -> &mut Position {
        &mut self.position
    }
    pub fn winner(&self) -> Option<StateId> {
        self.winner
    }
    /// Whether the game has ended (a winner, or the scenario's last year played).
    pub fn is_over(&self) -> bool {
        self.over
    }

    fn clear_book(&mut self) {
        self.submissions.clear();
        let slots = match self.phase.kind {
            PhaseKind::Movement => self.scenario.map.province_count(),
            PhaseKind::Retreat => self.position.dislodged.len(),
            PhaseKind::Adjustment => 0,
        };
        self.latest.clear();
        self.latest.resize(slots, None);
    }

    /// How many units `state` may build (positive) or must remove (negative) this winter.
    pub fn adjustment_count(&self, state: StateId) -> i32 {
        self.position.centre_count(state) as i32 - self.position.unit_count(state) as i32
    }

    /// Reads, checks and records an order of `state` for the current phase.
    pub fn submit(&mut self, state: StateId, text: &str) -> Result<OrderId, OrderError> {
        let sc = &*self.scenario;
        if let Some(order) = read_canonical(&sc.map, sc.state_words(), text) {
            // The text is the order's canonical text: kept as it is rather than written again.
            debug_assert_eq!(order.display(&sc.map).to_string(), text);
            return self.record(state, &order, text.to_string());
        }
        match self.scenario.parse_order(text) {
            Ok(order) => self.submit_order(state, &order),
            Err(e) => {
                let err = OrderError::Parse(e);
                self.submissions.push(Submission {
                    state,
                    text: text.trim().to_string(),
                    entry: Entry::Illegal(err.to_string()),
                });
                Err(err)
            }
        }
    }

    /// Checks and records an order already read.
    pub fn submit_order(&mut self, state: StateId, order: &Order) -> Result<OrderId, OrderError> {
        // Most orders fit; one allocation instead of several as the text grows.
        let mut text = String::with_capacity(32);
        order.push_canonical(&self.scenario.map, &mut text);
        self.record(state, order, text)
    }

    /// Checks and records an order whose canonical text is `text`.
    fn record(
        &mut self,
        state: StateId,
        order: &Order,
        text: String,
    ) -> Result<OrderId, OrderError> {
        if self.submissions.capacity() == 0 {
            // About one order a unit: room for them at once rather than growing four times.
            let units = self.position.units.iter().flatten().count();
            self.submissions.reserve(units.max(4));
        }
        let id = OrderId(self.submissions.len());
        let checked = if self.over {
            Err(OrderError::Illegal("the game is over".into()))
        } else {
            self.check(state, order)
        };
        let (entry, slot) = match checked {
            Ok(v) => v,
            Err(e) => {
                self.submissions.push(Submission {
                    state,
                    text,
                    entry: Entry::Illegal(e.to_string()),
                });
                return Err(e);
            }
        };
        if let Some(slot) = slot {
            if let Some(old) = self.latest[slot] {
                self.submissions[old.0].entry = Entry::Replaced;
            }
            self.latest[slot] = Some(id);
        }
        self.submissions.push(Submission { state, text, entry });
        Ok(id)
    }

    /// Withdraws every order `state` has given this phase (a player starting over).
    pub fn clear_orders(&mut self, state: StateId) {
        for (i, s) in self.submissions.iter_mut().enumerate() {
            if s.state == state && !matches!(s.entry, Entry::Illegal(_)) {
                s.entry = Entry::Replaced;
                for l in self.latest.iter_mut() {
                    if *l == Some(OrderId(i)) {
                        *l = None;
                    }
                }
            }
        }
    }

    fn check(&self, state: StateId, order: &Order) -> Result<(Entry, Option<usize>), OrderError> {
        let sc = &*self.scenario;
        match self.phase.kind {
            PhaseKind::Movement => {
                let checked = check_movement(sc, &self.position, state, order)?;
                let unit = order
                    .unit()
                    .expect("movement orders name a unit")
                    .place
                    .province;
                Ok((Entry::Movement { checked }, Some(unit.index())))
            }
            PhaseKind::Retreat => {
                let (index, to) = check_retreat(sc, &self.position, state, order)?;
                Ok((Entry::Retreat { to }, Some(index)))
            }
            PhaseKind::Adjustment => {
                let checked = check_adjustment(sc, &self.position, state, order)?;
                self.check_adjustment_count(state, checked)?;
                Ok((Entry::Adjustment(checked), None))
            }
        }
    }

    fn accepted_adjustments(&self, state: StateId) -> impl Iterator<Item = CheckedAdjustment> + '_ {
        self.submissions.iter().filter_map(move |s| match s.entry {
            Entry::Adjustment(a) if s.state == state => Some(a),
            _ => None,
        })
    }

    fn check_adjustment_count(
        &self,
        state: StateId,
        order: CheckedAdjustment,
    ) -> Result<(), OrderError> {
        let count = self.adjustment_count(state);
        let name = &self.scenario.state(state).name;
        let map = &self.scenario.map;
        let given: Vec<CheckedAdjustment> = self.accepted_adjustments(state).collect();
        let illegal = |s: String| Err(OrderError::Illegal(s));
        match order {
            CheckedAdjustment::Build(_) | CheckedAdjustment::Waive if count <= 0 => {
                illegal(format!("{name} has no builds this winter"))
            }
            CheckedAdjustment::Build(_) | CheckedAdjustment::Waive
                if given.len() as i32 >= count =>
            {
                illegal(format!(
                    "{name} may build only {count} unit{} this winter",
                    if count == 1 { "" } else { "s" }
                ))
            }
            CheckedAdjustment::Build(unit) => {
                let p = map.province_of(unit.loc);
                if given.iter().any(
                    |g| matches!(g, CheckedAdjustment::Build(u) if map.province_of(u.loc) == p),
                ) {
                    return illegal(format!(
                        "a unit is already being built in {}",
                        province_name(map, p)
                    ));
                }
                Ok(())
            }
            CheckedAdjustment::Waive => Ok(()),
            CheckedAdjustment::Remove(_) if count >= 0 => {
                illegal(format!("{name} has no units to remove this winter"))
            }
            CheckedAdjustment::Remove(p) => {
                if given.contains(&CheckedAdjustment::Remove(p)) {
                    return illegal(format!(
                        "the unit in {} is already being removed",
                        province_name(map, p)
                    ));
                }
                if given.len() as i32 >= -count {
                    return illegal(format!(
                        "{name} must remove only {} unit{}",
                        -count,
                        if count == -1 { "" } else { "s" }
                    ));
                }
                Ok(())
            }
        }
    }

    /// Every state's orders are in: adjudicate the phase and move to the next.
    pub fn resolve(&mut self) -> PhaseReport {
        let phase = self.phase;
        // The book is cleared below: the texts move into the report.
        let mut outcomes: Vec<OrderOutcome> = self
            .submissions
            .iter_mut()
            .map(|s| OrderOutcome {
                state: s.state,
                order: std::mem::take(&mut s.text),
                outcome: match &s.entry {
                    Entry::Illegal(why) => Outcome::Illegal(why.clone()),
                    Entry::Replaced => Outcome::Replaced,
                    _ => Outcome::Succeeded,
                },
                automatic: false,
            })
            .collect();
        let mut dislodged = Vec::new();
        if !self.over {
            match phase.kind {
                PhaseKind::Movement => {
                    dislodged = self.resolve_movement(&mut outcomes);
                }
                PhaseKind::Retreat => self.resolve_retreats(&mut outcomes),
                PhaseKind::Adjustment => self.resolve_adjustments(&mut outcomes),
            }
            self.advance();
        }
        self.clear_book();
        PhaseReport {
            phase,
            orders: outcomes,
            dislodged,
            next: self.phase,
        }
    }

    fn resolve_movement(&mut self, outcomes: &mut [OrderOutcome]) -> Vec<Dislodged> {
        thread_local! {
            static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
        }
        SCRATCH.with(|cell| match cell.try_borrow_mut() {
            Ok(mut scratch) => self.resolve_movement_with(&mut scratch, outcomes),
            Err(_) => self.resolve_movement_with(&mut Scratch::default(), outcomes),
        })
    }

    fn resolve_movement_with(
        &mut self,
        scratch: &mut Scratch,
        outcomes: &mut [OrderOutcome],
    ) -> Vec<Dislodged> {
        let map = &self.scenario.map;
        let orders = &mut scratch.orders;
        orders.clear();
        orders.resize(map.province_count(), None);
        for (p, id) in self.latest.iter().enumerate() {
            if let Some(id) = id
                && let Entry::Movement { checked, .. } = self.submissions[id.0].entry
            {
                orders[p] = Some(checked);
            }
        }
        let result = scratch.adjudicator.adjudicate(map, &self.position, orders);
        let units = &mut scratch.units;
        units.clear();
        units.resize(map.province_count(), None);
        for u in result.units() {
            if let Some(id) = self.latest[u.province.index()] {
                outcomes[id.0].outcome = match u.resolution {
                    Resolution::Succeeded => Outcome::Succeeded,
                    Resolution::Failed(f) => Outcome::Failed(f),
                };
            }
            if let Some(loc) = u.end {
                units[map.province_of(loc).index()] = Some(Unit { loc, ..u.unit });
            }
        }
        // The old board's list becomes the next phase's scratch.
        std::mem::swap(&mut self.position.units, units);
        if result.dislodged().len() == 0 {
            self.position.dislodged.clear();
            return Vec::new();
        }
        self.position.dislodged = result.dislodged_units();
        self.position.dislodged.clone()
    }

    fn resolve_retreats(&mut self, outcomes: &mut [OrderOutcome]) {
        let map = &self.scenario.map;
        let mut targets: Vec<(Option<OrderId>, Option<LocId>)> =
            vec![(None, None); self.position.dislodged.len()];
        for (index, id) in self.latest.iter().enumerate() {
            if let Some(id) = id
                && let Entry::Retreat { to, .. } = self.submissions[id.0].entry
            {
                targets[index] = (Some(*id), to);
            }
        }
        for (index, &(id, to)) in targets.iter().enumerate() {
            let Some(loc) = to else { continue };
            let province = map.province_of(loc);
            let collided = targets.iter().enumerate().any(|(j, &(_, t))| {
                j != index && t.is_some_and(|l| map.province_of(l) == province)
            });
            if collided {
                if let Some(id) = id {
                    outcomes[id.0].outcome = Outcome::Failed(Failure::Bounced);
                }
            } else {
                let unit = self.position.dislodged[index].unit;
                self.position.units[province.index()] = Some(Unit { loc, ..unit });
            }
        }
        self.position.dislodged.clear();
    }

    fn resolve_adjustments(&mut self, outcomes: &mut Vec<OrderOutcome>) {
        let scenario = Arc::clone(&self.scenario);
        let map = &scenario.map;
        for state in scenario.state_ids() {
            let count = self.adjustment_count(state);
            let orders: Vec<CheckedAdjustment> = self.accepted_adjustments(state).collect();
            let mut removed = 0;
            for order in orders {
                match order {
                    CheckedAdjustment::Build(unit) => {
                        self.position.units[map.province_of(unit.loc).index()] = Some(unit);
                    }
                    CheckedAdjustment::Remove(p) => {
                        self.position.units[p.index()] = None;
                        removed += 1;
                    }
                    CheckedAdjustment::Waive => {}
                }
            }
            if count < 0 {
                for _ in removed..(-count) {
                    let Some(p) = self.civil_disorder_removal(state) else {
                        break;
                    };
                    let unit = self.position.units[p.index()]
                        .take()
                        .expect("chosen unit exists");
                    outcomes.push(OrderOutcome {
                        state,
                        order: format!("{} {} D", unit.kind.letter(), map.loc_name(unit.loc)),
                        outcome: Outcome::Succeeded,
                        automatic: true,
                    });
                }
            }
        }
    }

    /// The unit the 2023 rules remove when a state does not order a removal it owes: not one on a
    /// supply centre if it can be helped; the farthest from an owned centre (counting every
    /// border); fleets before armies; then by the province's name.
    pub fn civil_disorder_removal(&self, state: StateId) -> Option<ProvinceId> {
        let map = &self.scenario.map;
        let owned: Vec<ProvinceId> = map
            .province_ids()
            .filter(|p| self.position.owners[p.index()] == Some(state))
            .collect();
        let distance = map.distances_from(&owned);
        self.position
            .units()
            .filter(|(_, u)| u.state == state)
            .min_by(|(p, u), (q, v)| {
                let on_centre = |p: &ProvinceId| map.province(*p).supply_centre;
                on_centre(p)
                    .cmp(&on_centre(q))
                    .then(distance[q.index()].cmp(&distance[p.index()]))
                    .then((u.kind == UnitKind::Army).cmp(&(v.kind == UnitKind::Army)))
                    .then(map.province(*p).name.cmp(&map.province(*q).name))
            })
            .map(|(p, _)| p)
    }

    /// Moves the calendar on after a phase has been resolved.
    fn advance(&mut self) {
        let year = self.phase.year;
        self.phase = match (self.phase.season, self.phase.kind) {
            (season, PhaseKind::Movement) if !self.position.dislodged.is_empty() => {
                Phase::new(year, season, PhaseKind::Retreat)
            }
            (Season::Spring, _) => Phase::new(year, Season::Autumn, PhaseKind::Movement),
            (Season::Autumn, _) => {
                self.take_centres();
                if self.over {
                    return;
                }
                if self.adjustments_needed() {
                    Phase::new(year, Season::Winter, PhaseKind::Adjustment)
                } else {
                    self.next_year()
                }
            }
            (Season::Winter, _) => self.next_year(),
        };
    }

    fn next_year(&mut self) -> Phase {
        if self
            .scenario
            .end_year
            .is_some_and(|end| self.phase.year >= end)
        {
            self.over = true;
            return self.phase;
        }
        Phase::new(self.phase.year + 1, Season::Spring, PhaseKind::Movement)
    }

    /// After autumn, each occupied supply centre passes to the occupier; a state with enough
    /// centres wins.
    fn take_centres(&mut self) {
        let map = &self.scenario.map;
        let taken: Vec<(ProvinceId, StateId)> = self
            .position
            .units()
            .filter(|(p, _)| map.province(*p).supply_centre)
            .map(|(p, u)| (p, u.state))
            .collect();
        for (p, state) in taken {
            self.position.owners[p.index()] = Some(state);
        }
        let target = self.scenario.victory_centres as usize;
        let mut best: Option<(StateId, usize)> = None;
        let mut tied = false;
        for s in self.scenario.state_ids() {
            let c = self.position.centre_count(s);
            match best {
                Some((_, b)) if c == b => tied = true,
                Some((_, b)) if c < b => {}
                _ => {
                    best = Some((s, c));
                    tied = false;
                }
            }
        }
        if let Some((s, c)) = best
            && c >= target
            && !tied
        {
            self.winner = Some(s);
            self.over = true;
        }
    }

    fn adjustments_needed(&self) -> bool {
        self.scenario.state_ids().any(|s| {
            let count = self.adjustment_count(s);
            count < 0
                || (count > 0
                    && self.scenario.state(s).home_centres.iter().any(|&h| {
                        self.position.owners[h.index()] == Some(s)
                            && self.position.unit_in(h).is_none()
                    }))
        })
    }
}

impl crate::scenario::State {
    /// `French`, or the name where no adjective is given.
    pub fn adjective_or_name(&self) -> &str {
        if self.adjective.is_empty() {
            &self.name
        } else {
            &self.adjective
        }
    }
}
