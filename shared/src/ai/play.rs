//! Whole games without people: computer players, and the simple baselines they are measured
//! against. Used by `evaluate`, by batches and by the server's demo pace.

use std::sync::Arc;

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use super::{Diplomacy, TieEvent, TieEventKind, plan_phase};
use crate::alignment::{Action, Stance};
use crate::doctrine::Doctrine;
use crate::rules::options::random_orders;
use crate::rules::{Game, Order, PhaseKind};
use crate::scenario::{Scenario, StateId};

/// Who plays a seat in a game without people.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Player {
    /// A computer player following its doctrine.
    Computer,
    /// Random legal orders (a baseline).
    Random,
    /// Every unit holds; builds and removals left to the rules (a baseline).
    Hold,
}

/// What a finished game shows.
#[derive(Debug, Clone)]
pub struct GameSummary {
    pub seed: u64,
    pub winner: Option<StateId>,
    /// Supply centres of each state at the end.
    pub centres: Vec<usize>,
    pub phases: usize,
    /// The year the game ended in.
    pub last_year: u16,
    /// Orders the engine refused (a computer player should give none).
    pub refused: usize,
    /// Phases that did not move the game on (there should be none).
    pub stalled: usize,
    pub events: Vec<TieEvent>,
    /// Decisions that changed something, by stance and doctrine.
    pub stances: Vec<(&'static str, Stance)>,
    /// Centres of each state after each year's autumn, year by year.
    pub centres_by_year: Vec<(u16, Vec<usize>)>,
}

impl GameSummary {
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

/// Plays one game to its end. `doctrine` overrides every computer state's doctrine.
pub fn play_game(
    scenario: &Arc<Scenario>,
    players: &[Player],
    doctrine: Option<&'static dyn Doctrine>,
    seed: u64,
) -> GameSummary {
    let game = Game::new(scenario.clone());
    let doctrines = Diplomacy::scenario_doctrines(&game, doctrine);
    play_game_with(scenario, players, doctrines, seed)
}

/// Plays one game to its end with one doctrine for each state.
pub fn play_game_with(
    scenario: &Arc<Scenario>,
    players: &[Player],
    doctrines: Vec<&'static dyn Doctrine>,
    seed: u64,
) -> GameSummary {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut game = Game::new(scenario.clone());
    let mut diplomacy = Diplomacy::with_doctrines(&game, doctrines);
    let mut centres_by_year = Vec::new();
    for (s, p) in players.iter().enumerate() {
        diplomacy.computer[s] = *p == Player::Computer;
    }
    let mut refused = 0;
    let mut stalled = 0;
    let mut phases = 0;
    let mut stances = Vec::new();
    while !game.is_over() {
        let (_, threats) = diplomacy.before_phase(&game);
        if game.phase().kind == PhaseKind::Movement {
            for d in &diplomacy.last_decisions {
                if d.action != Action::Stay {
                    stances.push((d.doctrine, d.stance));
                }
            }
        }
        let planned = plan_phase(&game, &diplomacy, &threats, &mut rng);
        for state in scenario.state_ids() {
            let orders: Vec<Order> = match players[state.index()] {
                Player::Computer => planned
                    .iter()
                    .filter(|(s, _)| *s == state)
                    .map(|(_, c)| c.order)
                    .collect(),
                Player::Random => random_orders(&game, state, &mut rng),
                Player::Hold => Vec::new(),
            };
            for order in orders {
                if game.submit_order(state, &order).is_err() {
                    refused += 1;
                }
            }
        }
        let before = game.clone();
        let report = game.resolve();
        phases += 1;
        if report.next == report.phase && !game.is_over() {
            stalled += 1;
            break;
        }
        diplomacy.after_phase(&before, &report);
        // Centres change hands after autumn: note them once the autumn is over.
        let autumn_over = report.next.season != crate::rules::Season::Autumn || game.is_over();
        if report.phase.season == crate::rules::Season::Autumn && autumn_over {
            centres_by_year.push((
                report.phase.year,
                scenario
                    .state_ids()
                    .map(|s| game.position().centre_count(s))
                    .collect(),
            ));
        }
    }
    GameSummary {
        seed,
        winner: game.winner(),
        centres: scenario
            .state_ids()
            .map(|s| game.position().centre_count(s))
            .collect(),
        phases,
        last_year: game.phase().year,
        refused,
        stalled,
        events: diplomacy.events,
        stances,
        centres_by_year,
    }
}

/// How many ties were broken by an attack while they stood (computer players should never).
pub fn betrayals(summary: &GameSummary) -> usize {
    summary
        .events
        .iter()
        .filter(|e| e.kind == TieEventKind::Broken)
        .count()
}

/// Plays one computer-only game and keeps its full record for a debrief: threats, decisions,
/// orders with reasons and outcomes, ties, and the key moments' predictions.
pub fn record_game(
    scenario: &Arc<Scenario>,
    doctrines: Vec<&'static dyn Doctrine>,
    seed: u64,
) -> crate::record::GameRecord {
    use crate::record::{
        GameRecord, OrderRecord, PhaseRecord, decision_records, key_moment, outcome_words,
        standing, threat_cells, tie_records,
    };
    use crate::threat::ThreatMatrix;

    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut game = Game::new(scenario.clone());
    let mut diplomacy = Diplomacy::with_doctrines(&game, doctrines);
    let mut record = GameRecord::begin(scenario, &diplomacy.doctrines, seed);
    while !game.is_over() {
        let movement = game.phase().kind == PhaseKind::Movement;
        let start = diplomacy.alignments.clone();
        let seen = diplomacy.events.len();
        let (system, threats) = diplomacy.before_phase(&game);
        let threats_seen = if movement {
            threat_cells(&ThreatMatrix::compute(&system, &start))
        } else {
            Vec::new()
        };
        let decisions = if movement {
            decision_records(&diplomacy.last_decisions)
        } else {
            Vec::new()
        };
        let planned = plan_phase(&game, &diplomacy, &threats, &mut rng);
        let mut ids = Vec::new();
        for (state, choice) in &planned {
            ids.push(game.submit_order(*state, &choice.order).ok());
        }
        let before = game.clone();
        let report = game.resolve();
        diplomacy.after_phase(&before, &report);
        let orders = planned
            .iter()
            .zip(&ids)
            .map(|((state, choice), id)| OrderRecord {
                state: state.index(),
                order: choice.order.display(&scenario.map).to_string(),
                reason: choice.reason.clone(),
                outcome: id.map_or_else(
                    || "refused".into(),
                    |i| outcome_words(&report.orders[i.0].outcome),
                ),
            })
            .collect();
        let ties = tie_records(&diplomacy.events[seen..]);
        let moment = (movement && !ties.is_empty())
            .then(|| key_moment(&system, &start, &diplomacy.alignments));
        record.phases.push(PhaseRecord {
            phase: report.phase.to_string(),
            centres: scenario
                .state_ids()
                .map(|s| game.position().centre_count(s))
                .collect(),
            threats: threats_seen,
            decisions,
            orders,
            ties,
            standing: standing(&diplomacy.alignments),
            moment,
        });
    }
    record.winner = game.winner().map(|w| w.index());
    record
}
