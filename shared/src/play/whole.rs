//! Whole games without people, through the one match loop: for batches, `evaluate`, `demo` and
//! the debrief of a computer-only game.

use std::sync::Arc;

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use super::computer::{ComputerPlayer, Doctrinal, Seating, StandIn, begin_phase};
use super::measure::{TheoryCounts, Watcher};
use super::{Command, Door, Event, Match, TieEvent, TieEventKind};
use crate::alignment::Stance;
use crate::alignment::settle::doctrines_for;
use crate::doctrine::Doctrine;
use crate::record::GameRecord;
use crate::rules::{Game, PhaseReport, Season};
use crate::scenario::{Scenario, StateId};
use crate::threat::Ledger;
use crate::threat::from_game::{from_game, phase_time};

/// Who plays a seat in a game without people.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Player {
    /// A computer player following its doctrine.
    Computer,
    /// Random legal orders (a baseline).
    Random,
    /// Every unit holds; builds and removals left to the rules (a baseline).
    Hold,
    /// A port of David Norman's DumbBot, a published no-press bot (a baseline).
    DumbBot,
    /// The doctrines with the order planner this one replaced (a baseline).
    Previous,
}

impl Player {
    /// Every kind of player.
    pub const ALL: [Player; 5] = [
        Player::Computer,
        Player::Random,
        Player::Hold,
        Player::DumbBot,
        Player::Previous,
    ];

    /// The computer player behind the name.
    pub fn computer_player(self) -> Arc<dyn ComputerPlayer> {
        match self {
            Player::Computer => Arc::new(Doctrinal),
            Player::Random => Arc::new(StandIn::Random),
            Player::Hold => Arc::new(StandIn::Hold),
            Player::DumbBot => Arc::new(crate::ai::DumbBot),
            Player::Previous => Arc::new(crate::ai::Previous),
        }
    }
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
    pub stances: Vec<(String, Stance)>,
    /// Centres of each state after each year's autumn, year by year.
    pub centres_by_year: Vec<(u16, Vec<usize>)>,
    /// What the theory did on the board.
    pub theory: TheoryCounts,
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

/// The doctrine of every state of a scenario: its own unless `all` says otherwise.
pub fn scenario_doctrines(
    scenario: &Arc<Scenario>,
    all: Option<&'static dyn Doctrine>,
) -> Vec<&'static dyn Doctrine> {
    let game = Game::new(scenario.clone());
    let n = scenario.states.len();
    let system = from_game(&game, Ledger::new(n), phase_time(game.phase()));
    doctrines_for(&system, all)
}

/// A match's door that counts what a whole game needs to report: refusals, reasoning, and what
/// the theory did on the board.
struct Counting {
    table: Match,
    refused: usize,
    stances: Vec<(String, Stance)>,
    last: Option<PhaseReport>,
    watcher: Watcher,
}

impl Door for Counting {
    fn table(&self) -> &Match {
        &self.table
    }
    fn commit(&mut self, command: Command) {
        let Ok(events) = self.table.apply(command) else {
            return;
        };
        self.watcher.events(&self.table, &events);
        for e in events {
            match e {
                Event::OrdersTaken { refused, .. } => self.refused += refused.len(),
                Event::Considered(c) if c.acted => self.stances.push((c.doctrine, c.stance)),
                Event::Resolved { report, .. } => self.last = Some(*report),
                _ => {}
            }
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
    play_game_with(
        scenario,
        players,
        scenario_doctrines(scenario, doctrine),
        seed,
    )
}

/// Plays one game to its end with one doctrine for each state.
pub fn play_game_with(
    scenario: &Arc<Scenario>,
    players: &[Player],
    doctrines: Vec<&'static dyn Doctrine>,
    seed: u64,
) -> GameSummary {
    let table = Match::new(Game::new(scenario.clone()), doctrines, false);
    let (door, phases, stalled, centres_by_year) = play_out(table, players, seed);
    let game = door.table.game();
    GameSummary {
        seed,
        winner: game.winner(),
        centres: scenario
            .state_ids()
            .map(|s| game.position().centre_count(s))
            .collect(),
        phases,
        last_year: game.phase().year,
        refused: door.refused,
        stalled,
        events: door.table.tie_events().to_vec(),
        stances: door.stances,
        centres_by_year,
        theory: door.watcher.counts,
    }
}

type Played = (Counting, usize, usize, Vec<(u16, Vec<usize>)>);

/// The loop of a game without people: each phase begins (the computer players reconsider their
/// ties and give orders) and is resolved, until the game is over.
fn play_out(table: Match, players: &[Player], seed: u64) -> Played {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let scenario = table.game().scenario().clone();
    let mut seating = Seating::default();
    let kinds: Vec<(Player, Arc<dyn ComputerPlayer>)> = Player::ALL
        .into_iter()
        .map(|p| (p, p.computer_player()))
        .collect();
    for s in scenario.state_ids() {
        let kind = players.get(s.index()).copied().unwrap_or(Player::Computer);
        if let Some((_, player)) = kinds.iter().find(|(k, _)| *k == kind) {
            seating.seat(player, s);
        }
    }
    let mut door = Counting {
        table,
        refused: 0,
        stances: Vec::new(),
        last: None,
        watcher: Watcher::default(),
    };
    let mut phases = 0;
    let mut stalled = 0;
    let mut centres_by_year = Vec::new();
    while !door.table.game().is_over() {
        door.watcher.phase_begins(&door.table);
        begin_phase(&mut door, &seating, &mut rng);
        door.commit(Command::Resolve);
        phases += 1;
        let Some(report) = door.last.take() else {
            break;
        };
        if report.next == report.phase && !door.table.game().is_over() {
            stalled += 1;
            break;
        }
        // Centres change hands after autumn: note them once the autumn is over.
        let game = door.table.game();
        let autumn_over = report.next.season != Season::Autumn || game.is_over();
        if report.phase.season == Season::Autumn && autumn_over {
            centres_by_year.push((
                report.phase.year,
                scenario
                    .state_ids()
                    .map(|s| game.position().centre_count(s))
                    .collect(),
            ));
        }
    }
    (door, phases, stalled, centres_by_year)
}

/// How many ties were broken by an attack while they stood.
pub fn betrayals(summary: &GameSummary) -> usize {
    summary
        .events
        .iter()
        .filter(|e| e.kind == TieEventKind::Broken)
        .count()
}

/// Plays one computer-only game and keeps its debrief: threats, decisions, orders with reasons
/// and outcomes, ties, and the key moments' predictions.
pub fn record_game(
    scenario: &Arc<Scenario>,
    doctrines: Vec<&'static dyn Doctrine>,
    seed: u64,
) -> GameRecord {
    let table = Match::new(Game::new(scenario.clone()), doctrines, true);
    let players = vec![Player::Computer; scenario.states.len()];
    let (door, ..) = play_out(table, &players, seed);
    let mut record = door.table.debrief().cloned().unwrap_or_default();
    record.seed = seed;
    record
}
