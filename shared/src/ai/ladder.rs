//! Whole games with any mix of computer players, and what their orders did: the share of
//! supports, convoys, failed moves, partners moving into the same province, the openings, and
//! whether the game froze. The games are the same as [`crate::play::play_game_with`] plays
//! (same seating, same seed, same loop); only the counting is added.

use std::collections::BTreeSet;
use std::sync::Arc;

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use crate::alignment::Stance;
use crate::doctrine::Doctrine;
use crate::play::{
    Command, ComputerPlayer, Door, Event, Match, Player, Seating, TieEvent, begin_phase,
};
use crate::rules::{Game, Order, Outcome, PhaseKind, PhaseReport, Season};
use crate::scenario::{Scenario, StateId};

/// Counts of the orders of the seats measured, over one game or many.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OrderStats {
    /// Movement-phase orders to units.
    pub unit_orders: u64,
    /// Supports (of holds and of moves).
    pub supports: u64,
    /// Supports of a partner's unit.
    pub partner_supports: u64,
    /// Convoy orders of fleets.
    pub convoys: u64,
    /// Armies moved by sea (ordered to a province they could not walk to), and how many arrived.
    pub convoyed_moves: u64,
    pub convoyed_arrived: u64,
    /// Moves, and those that failed.
    pub moves: u64,
    pub failed_moves: u64,
    /// Pairs of partners (different states, both measured) moving into the same province in the
    /// same phase.
    pub allied_collisions: u64,
    /// Convoy orders by state.
    pub convoys_by_state: Vec<u64>,
}

impl OrderStats {
    pub fn add(&mut self, o: &OrderStats) {
        self.unit_orders += o.unit_orders;
        self.supports += o.supports;
        self.partner_supports += o.partner_supports;
        self.convoys += o.convoys;
        self.convoyed_moves += o.convoyed_moves;
        self.convoyed_arrived += o.convoyed_arrived;
        self.moves += o.moves;
        self.failed_moves += o.failed_moves;
        self.allied_collisions += o.allied_collisions;
        if self.convoys_by_state.len() < o.convoys_by_state.len() {
            self.convoys_by_state.resize(o.convoys_by_state.len(), 0);
        }
        for (a, b) in self.convoys_by_state.iter_mut().zip(&o.convoys_by_state) {
            *a += b;
        }
    }
}

/// One game, measured.
#[derive(Debug, Clone)]
pub struct Measured {
    pub seed: u64,
    pub winner: Option<StateId>,
    /// Centres of each state at the end.
    pub centres: Vec<usize>,
    pub last_year: u16,
    pub phases: usize,
    /// Orders the rules refused (a computer player should give none).
    pub refused: usize,
    /// Whether no centre changed hands in the game's last five years (and nobody won).
    pub frozen: bool,
    /// Each state's first spring orders, sorted and joined (its opening).
    pub openings: Vec<String>,
    /// The orders of the measured seats.
    pub stats: OrderStats,
    /// Centres of each state after each autumn.
    pub centres_by_year: Vec<Vec<usize>>,
    /// Every tie made, left or broken.
    pub events: Vec<TieEvent>,
    /// The computer states' decisions that changed something: doctrine and stance.
    pub stances: Vec<(String, Stance)>,
}

impl Measured {
    /// The state alone at the top of the centre count, if any.
    pub fn leader(&self) -> Option<StateId> {
        let max = *self.centres.iter().max()?;
        let mut top = self.centres.iter().enumerate().filter(|(_, c)| **c == max);
        let first = top.next()?;
        if top.next().is_some() {
            None
        } else {
            Some(StateId(first.0 as u8))
        }
    }
}

struct Watch {
    table: Match,
    refused: usize,
    last: Option<PhaseReport>,
    stances: Vec<(String, Stance)>,
}

impl Door for Watch {
    fn table(&self) -> &Match {
        &self.table
    }
    fn commit(&mut self, command: Command) {
        let Ok(events) = self.table.apply(command) else {
            return;
        };
        for e in events {
            match e {
                Event::OrdersTaken { refused, state, .. } => {
                    if !refused.is_empty() && super::knob("DEBUG", 0.0) > 0.0 {
                        eprintln!(
                            "{} {state:?} refused {refused:?}",
                            self.table.game().phase()
                        );
                    }
                    self.refused += refused.len()
                }
                Event::Considered(c) if c.acted => self.stances.push((c.doctrine, c.stance)),
                Event::Resolved { report, .. } => self.last = Some(*report),
                _ => {}
            }
        }
    }
}

/// Plays one game to its end and measures the orders of the seats for which `measured` is true.
pub fn play_measured(
    scenario: &Arc<Scenario>,
    players: &[Player],
    doctrines: Vec<&'static dyn Doctrine>,
    seed: u64,
    measured: &[bool],
) -> Measured {
    let n = scenario.states.len();
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let kinds: Vec<(Player, Arc<dyn ComputerPlayer>)> = Player::ALL
        .into_iter()
        .map(|p| (p, p.computer_player()))
        .collect();
    let mut seating = Seating::default();
    for s in scenario.state_ids() {
        let kind = players.get(s.index()).copied().unwrap_or(Player::Computer);
        if let Some((_, player)) = kinds.iter().find(|(k, _)| *k == kind) {
            seating.seat(player, s);
        }
    }
    let mut door = Watch {
        table: Match::new(Game::new(scenario.clone()), doctrines, false),
        refused: 0,
        last: None,
        stances: Vec::new(),
    };
    let mut stats = OrderStats {
        convoys_by_state: vec![0; n],
        ..OrderStats::default()
    };
    let mut openings = vec![String::new(); n];
    let mut owners_by_year: Vec<Vec<Option<StateId>>> = Vec::new();
    let mut centres_by_year: Vec<Vec<usize>> = Vec::new();
    let mut phases = 0;
    while !door.table.game().is_over() {
        begin_phase(&mut door, &seating, &mut rng);
        let ties: Vec<bool> = (0..n * n)
            .map(|k| door.table.ties().are_allied(k / n, k % n))
            .collect();
        door.commit(Command::Resolve);
        phases += 1;
        let Some(report) = door.last.take() else {
            break;
        };
        if report.phase.kind == PhaseKind::Movement {
            count(scenario, &report, &ties, measured, &mut stats);
            if phases == 1 {
                for (s, opening) in openings.iter_mut().enumerate() {
                    let mut mine: Vec<&str> = report
                        .orders
                        .iter()
                        .filter(|o| o.state.index() == s && !o.automatic)
                        .map(|o| o.order.as_str())
                        .collect();
                    mine.sort();
                    *opening = mine.join(", ");
                }
            }
        }
        if report.next == report.phase && !door.table.game().is_over() {
            break;
        }
        let game = door.table.game();
        let autumn_over = report.next.season != Season::Autumn || game.is_over();
        if report.phase.season == Season::Autumn && autumn_over {
            owners_by_year.push(game.position().owners.clone());
            centres_by_year.push(
                scenario
                    .state_ids()
                    .map(|s| game.position().centre_count(s))
                    .collect(),
            );
        }
    }
    let game = door.table.game();
    let winner = game.winner();
    let frozen = winner.is_none()
        && owners_by_year.len() >= 6
        && owners_by_year[owners_by_year.len() - 6..]
            .windows(2)
            .all(|w| w[0] == w[1]);
    Measured {
        seed,
        winner,
        centres: scenario
            .state_ids()
            .map(|s| game.position().centre_count(s))
            .collect(),
        last_year: game.phase().year,
        phases,
        refused: door.refused,
        frozen,
        openings,
        stats,
        centres_by_year,
        events: door.table.tie_events().to_vec(),
        stances: door.stances,
    }
}

/// Counts a movement phase's orders.
fn count(
    scenario: &Scenario,
    report: &PhaseReport,
    ties: &[bool],
    measured: &[bool],
    stats: &mut OrderStats,
) {
    let map = &scenario.map;
    let n = scenario.states.len();
    let is_measured = |s: StateId| measured.get(s.index()).copied().unwrap_or(false);
    // (state, destination) of every move, for collisions between partners.
    let mut moves: Vec<(usize, usize)> = Vec::new();
    for line in &report.orders {
        if line.automatic || matches!(line.outcome, Outcome::Illegal(_) | Outcome::Replaced) {
            continue;
        }
        let Ok(order) = scenario.parse_order(&line.order) else {
            continue;
        };
        if let Order::Move { to, .. } = order {
            moves.push((line.state.index(), to.province.index()));
        }
        if !is_measured(line.state) {
            continue;
        }
        stats.unit_orders += 1;
        match order {
            Order::SupportHold { supported, .. } | Order::SupportMove { supported, .. } => {
                stats.supports += 1;
                let at = report
                    .orders
                    .iter()
                    .find(|o| {
                        scenario.parse_order(&o.order).is_ok_and(|x| {
                            x.unit().map(|u| u.place.province) == Some(supported.place.province)
                        })
                    })
                    .map(|o| o.state);
                if at.is_some_and(|s| s != line.state && ties[line.state.index() * n + s.index()]) {
                    stats.partner_supports += 1;
                }
            }
            Order::Convoy { .. } => {
                stats.convoys += 1;
                stats.convoys_by_state[line.state.index()] += 1;
            }
            Order::Move { unit, to, .. } => {
                stats.moves += 1;
                if !line.outcome.succeeded() {
                    stats.failed_moves += 1;
                }
                let from = unit.place.province;
                if unit.kind == Some(crate::rules::UnitKind::Army)
                    && !map.army_borders(from, to.province)
                {
                    stats.convoyed_moves += 1;
                    if line.outcome.succeeded() {
                        stats.convoyed_arrived += 1;
                    }
                }
            }
            _ => {}
        }
    }
    for (i, &(a, p)) in moves.iter().enumerate() {
        for &(b, q) in &moves[i + 1..] {
            if p == q
                && a != b
                && ties[a * n + b]
                && measured.get(a).copied().unwrap_or(false)
                && measured.get(b).copied().unwrap_or(false)
            {
                stats.allied_collisions += 1;
            }
        }
    }
}

/// How many distinct openings each state played over the games.
pub fn distinct_openings(games: &[Measured], states: usize) -> Vec<usize> {
    (0..states)
        .map(|s| {
            games
                .iter()
                .filter_map(|g| g.openings.get(s))
                .collect::<BTreeSet<_>>()
                .len()
        })
        .collect()
}
