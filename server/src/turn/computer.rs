//! Who plays a seat that no person plays: one small trait the session calls at fixed moments,
//! without knowing which player is behind it. [`Doctrinal`] is the real computer player (alliances
//! chosen by the seat's doctrine, orders that follow them); [`Holding`] and [`Random`] are simple
//! stand-ins for tests, measurements and comparisons.

use entente_shared::ai::{Diplomacy, TieEvent, TieEventKind, plan_phase};
use entente_shared::alignment::Alignments;
use entente_shared::alignment::year_words;
use entente_shared::doctrine::Doctrine;
use entente_shared::protocol::{LensRow, ThreatView};
use entente_shared::record::{
    DecisionRecord, GameRecord, OrderRecord, PhaseRecord, ThreatCell, TieRecord, decision_records,
    key_moment, outcome_words, standing, threat_cells, tie_records,
};
use entente_shared::rules::options::random_orders;
use entente_shared::rules::{Game, Order, Outcome, PhaseKind, PhaseReport};
use entente_shared::scenario::StateId;
use entente_shared::threat::from_game::phase_time;
use entente_shared::threat::{Act, ActKind, StateSystem, ThreatMatrix, ThreatReport};
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};

/// A change of ties made by people (through proposals and their answers, or an announced exit).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum TieChange {
    /// `a` and `b` ally against `against`.
    Ally { a: u8, b: u8, against: u8 },
    /// `junior` aligns with `patron`.
    Align { junior: u8, patron: u8 },
    /// `a` leaves its tie with `b`.
    Leave { a: u8, b: u8 },
}

/// What a computer player did at one of the session's calls, in sentences.
#[derive(Debug, Clone, Default)]
pub struct News {
    /// Ties made, left or broken, with their reasons: told to everyone.
    pub public: Vec<String>,
    /// Decisions with their reasons and the threats behind them: told to the host.
    pub host: Vec<String>,
}

/// One order of a computer seat, with the reason a person can read.
#[derive(Debug, Clone)]
pub struct ComputerOrder {
    pub state: StateId,
    pub order: Order,
    pub reason: String,
}

/// The computer players of one game. Each call is made at a fixed moment, in the same order on
/// a replay, so that a game replays to the same result.
pub trait ComputerPlayers: Send + Sync {
    /// Called when a phase begins, before anyone gives orders; `computer[i]` says which states
    /// the computer plays now. Computer states reconsider their ties here.
    fn phase_begins(&mut self, game: &Game, computer: &[bool]) -> News;

    /// Called when the computer must give orders for `states` (at a phase's start, or when it
    /// takes a seat over in the middle of one).
    fn orders(
        &mut self,
        game: &Game,
        states: &[StateId],
        rng: &mut ChaCha8Rng,
    ) -> Vec<ComputerOrder>;

    /// Called after a phase is resolved, with the game as it stood before and as it stands
    /// after: what the phase revealed goes into the players' memory and the record.
    fn phase_resolved(&mut self, before: &Game, after: &Game, report: &PhaseReport) -> News;

    /// Called when a person proposes a tie to computer state `to`: accept or refuse, with why.
    fn answer(
        &self,
        game: &Game,
        from: StateId,
        to: StateId,
        against: Option<StateId>,
    ) -> (bool, String);

    /// Called when people make or leave a tie, so that the computer players know of it.
    fn tie_changed(&mut self, game: &Game, change: TieChange);

    /// The ties standing now.
    fn alignments(&self) -> &Alignments;

    /// A copy to go back to (the host's roll-back).
    fn snapshot(&self) -> Box<dyn ComputerPlayers>;

    /// The threats every state saw as the phase began (`[i][j]`: what `i` sees of `j`), for
    /// the host; none from players that do not reckon threats.
    fn threats(&self) -> Option<Vec<Vec<ThreatView>>> {
        None
    }

    /// The game so far as the debrief reads it; none from players that do not reckon threats.
    fn record(&self) -> Option<&GameRecord> {
        None
    }

    /// `state`'s threat lens as the phase began: every other state's threat to it, and its
    /// threat to each of them in their eyes; none from players that do not reckon threats.
    fn lens(&self, _game: &Game, _state: StateId) -> Option<Vec<LensRow>> {
        None
    }
}

/// A threat report as the protocol carries it: the parts weighted, so that they add up.
fn threat_view(report: &ThreatReport) -> ThreatView {
    let c = report.contributions();
    ThreatView {
        total: report.total as f32,
        power: c.power as f32,
        proximity: c.proximity as f32,
        offence: c.offence as f32,
        intentions: c.intentions as f32,
    }
}

/// The acts behind a report's intention term, in words: "the attack on Venice (VEN) in 1902".
fn act_words(report: &ThreatReport) -> Vec<String> {
    report
        .acts
        .iter()
        .take(5)
        .map(|(act, _)| format!("{} in {}", act.note, year_words(act.time)))
        .collect()
}

/// Which computer player fills the empty seats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
pub enum ComputerKind {
    /// Chooses alliances by its doctrine (balance of threat unless the scenario or the host says
    /// otherwise) and orders that follow them.
    Doctrine,
    /// Every unit holds; makes no alliances.
    Hold,
    /// Random legal orders; makes no alliances.
    Random,
}

/// Builds the computer players of a game.
pub fn computer_players(
    kind: ComputerKind,
    game: &Game,
    doctrines: Vec<&'static dyn Doctrine>,
) -> Box<dyn ComputerPlayers> {
    let n = game.scenario().states.len();
    match kind {
        ComputerKind::Doctrine => Box::new(Doctrinal::new(game, doctrines)),
        ComputerKind::Hold => Box::new(Holding {
            alignments: Alignments::new(n),
            random: false,
        }),
        ComputerKind::Random => Box::new(Holding {
            alignments: Alignments::new(n),
            random: true,
        }),
    }
}

/// The computer players of `entente_shared::ai`: each state follows its doctrine.
#[derive(Clone)]
pub struct Doctrinal {
    diplomacy: Diplomacy,
    threats: Option<ThreatMatrix>,
    /// The world as the phase began, for the threat reports behind the host's view and lenses.
    system: Option<StateSystem>,
    /// The debrief's record, one phase more at each resolution.
    record: GameRecord,
    /// What the record keeps of the phase under way until it is resolved.
    draft: Draft,
}

/// The running phase as the record will keep it.
#[derive(Debug, Clone, Default)]
struct Draft {
    /// The ties as the phase began, for what each theory would have predicted from them.
    start: Option<Alignments>,
    /// Tie events before this phase's.
    events_seen: usize,
    threats: Vec<Vec<ThreatCell>>,
    decisions: Vec<DecisionRecord>,
    /// Ties people made or left this phase (the computer's are in its events).
    people_ties: Vec<TieRecord>,
    /// The reason of each computer order, by state and order as written.
    reasons: Vec<(usize, String, String)>,
}

/// Above this many states the record keeps no threat matrices: they would grow as the square.
const MAX_RECORDED_THREAT_STATES: usize = 40;

impl Doctrinal {
    pub fn new(game: &Game, doctrines: Vec<&'static dyn Doctrine>) -> Doctrinal {
        let diplomacy = Diplomacy::with_doctrines(game, doctrines);
        let record = GameRecord::begin(game.scenario(), &diplomacy.doctrines, 0);
        Doctrinal {
            diplomacy,
            threats: None,
            system: None,
            record,
            draft: Draft::default(),
        }
    }

    /// Adds the phase just resolved to the record.
    fn record_phase(&mut self, before: &Game, after: &Game, report: &PhaseReport) {
        let draft = std::mem::take(&mut self.draft);
        let movement = before.phase().kind == PhaseKind::Movement;
        let orders = report
            .orders
            .iter()
            .filter(|o| !matches!(o.outcome, Outcome::Replaced))
            .map(|o| OrderRecord {
                state: o.state.index(),
                reason: draft
                    .reasons
                    .iter()
                    .find(|(s, order, _)| *s == o.state.index() && *order == o.order)
                    .map_or_else(|| "ordered by its players".into(), |(_, _, r)| r.clone()),
                order: o.order.clone(),
                outcome: outcome_words(&o.outcome),
            })
            .collect();
        let mut ties = draft.people_ties;
        let from = draft.events_seen.min(self.diplomacy.events.len());
        ties.extend(tie_records(&self.diplomacy.events[from..]));
        let moment = match (&self.system, &draft.start) {
            (Some(system), Some(start)) if movement && !ties.is_empty() => {
                Some(key_moment(system, start, &self.diplomacy.alignments))
            }
            _ => None,
        };
        self.record.phases.push(PhaseRecord {
            phase: report.phase.to_string(),
            centres: after
                .scenario()
                .state_ids()
                .map(|s| after.position().centre_count(s))
                .collect(),
            threats: draft.threats,
            decisions: draft.decisions,
            orders,
            ties,
            standing: standing(&self.diplomacy.alignments),
            moment,
        });
        self.record.winner = after.winner().map(|w| w.index());
    }

    fn tie_news(&self, game: &Game, events: &[TieEvent]) -> Vec<String> {
        let name = |i: usize| game.scenario().states[i].name.clone();
        events
            .iter()
            .map(|e| {
                let what = match e.kind {
                    TieEventKind::Allied => format!("{} and {} ally", name(e.a), name(e.b)),
                    TieEventKind::Aligned => format!("{} aligns with {}", name(e.a), name(e.b)),
                    TieEventKind::Left => format!("{} leaves {}", name(e.a), name(e.b)),
                    TieEventKind::Broken => format!("{} breaks with {}", name(e.a), name(e.b)),
                };
                format!("{what}: {}", e.reason)
            })
            .collect()
    }
}

impl ComputerPlayers for Doctrinal {
    fn phase_begins(&mut self, game: &Game, computer: &[bool]) -> News {
        self.diplomacy.computer = computer.to_vec();
        let seen = self.diplomacy.events.len();
        let start = self.diplomacy.alignments.clone();
        let (system, threats) = self.diplomacy.before_phase(game);
        let movement = game.phase().kind == PhaseKind::Movement;
        self.draft = Draft {
            threats: if movement && system.len() <= MAX_RECORDED_THREAT_STATES {
                threat_cells(&ThreatMatrix::compute(&system, &start))
            } else {
                Vec::new()
            },
            decisions: if movement {
                decision_records(&self.diplomacy.last_decisions)
            } else {
                Vec::new()
            },
            start: Some(start),
            events_seen: seen,
            people_ties: Vec::new(),
            reasons: Vec::new(),
        };
        let mut news = News {
            public: self.tie_news(game, &self.diplomacy.events[seen..]),
            host: Vec::new(),
        };
        if game.phase().kind == PhaseKind::Movement {
            for d in &self.diplomacy.last_decisions {
                news.host.push(format!(
                    "[{}, {}] {}",
                    system.actors[d.state].name, d.doctrine, d.sentence
                ));
            }
            for i in 0..threats.len() {
                if let Some((j, _)) = threats.greatest(i) {
                    let report =
                        entente_shared::threat::report(&system, &self.diplomacy.alignments, i, j);
                    news.host.push(format!(
                        "threat to {} from {}: {}",
                        system.actors[i].name,
                        system.actors[j].name,
                        report.breakdown()
                    ));
                }
            }
        }
        self.threats = Some(threats);
        self.system = Some(system);
        news
    }

    fn orders(
        &mut self,
        game: &Game,
        states: &[StateId],
        rng: &mut ChaCha8Rng,
    ) -> Vec<ComputerOrder> {
        let threats = match &self.threats {
            Some(t) => t.clone(),
            None => ThreatMatrix::compute(&self.diplomacy.system(game), &self.diplomacy.alignments),
        };
        let keep = self.diplomacy.computer.clone();
        for (i, c) in self.diplomacy.computer.iter_mut().enumerate() {
            *c = states.iter().any(|s| s.index() == i);
        }
        let planned = plan_phase(game, &self.diplomacy, &threats, rng);
        self.diplomacy.computer = keep;
        let map = &game.scenario().map;
        self.draft
            .reasons
            .retain(|(s, _, _)| !states.iter().any(|x| x.index() == *s));
        self.draft.reasons.extend(planned.iter().map(|(state, c)| {
            (
                state.index(),
                c.order.display(map).to_string(),
                c.reason.clone(),
            )
        }));
        planned
            .into_iter()
            .map(|(state, c)| ComputerOrder {
                state,
                order: c.order,
                reason: c.reason,
            })
            .collect()
    }

    fn phase_resolved(&mut self, before: &Game, after: &Game, report: &PhaseReport) -> News {
        let seen = self.diplomacy.events.len();
        self.diplomacy.after_phase(before, report);
        self.record_phase(before, after, report);
        News {
            public: self.tie_news(before, &self.diplomacy.events[seen..]),
            host: Vec::new(),
        }
    }

    fn record(&self) -> Option<&GameRecord> {
        Some(&self.record)
    }

    fn answer(
        &self,
        game: &Game,
        from: StateId,
        to: StateId,
        against: Option<StateId>,
    ) -> (bool, String) {
        match against {
            Some(against) => {
                let (answer, counter) = self.diplomacy.answer_proposal(game, from, to, against);
                let mut reason = answer.sentence;
                if let Some(c) = counter {
                    reason.push_str(&format!(
                        " It would ally against {} instead.",
                        game.scenario().states[c.against].name
                    ));
                }
                (answer.accept, reason)
            }
            None => patron_answer(game, from, to),
        }
    }

    fn tie_changed(&mut self, game: &Game, change: TieChange) {
        let (kind, x, y) = match change {
            TieChange::Ally { a, b, .. } => ("allied", a, b),
            TieChange::Align { junior, patron } => ("aligned", junior, patron),
            TieChange::Leave { a, b } => ("left", a, b),
        };
        self.draft.people_ties.push(TieRecord {
            kind: kind.into(),
            a: x as usize,
            b: y as usize,
            reason: "made by its players".into(),
        });
        let a = &mut self.diplomacy.alignments;
        match change {
            TieChange::Ally { a: x, b, against } => {
                a.ally_against(x as usize, b as usize, against as usize)
            }
            TieChange::Align { junior, patron } => a.align_with(junior as usize, patron as usize),
            TieChange::Leave { a: x, b } => {
                a.leave(x as usize, b as usize);
                // An announced exit is an act others remember, as when a computer state leaves.
                let name = &game.scenario().states[b as usize].name;
                self.diplomacy.ledger.record(Act {
                    time: phase_time(game.phase()),
                    actor: x as usize,
                    target: b as usize,
                    kind: ActKind::LeftAlliance,
                    gravity: ActKind::LeftAlliance.usual_gravity(),
                    note: format!("the exit from the alliance with {name}"),
                });
            }
        }
    }

    fn alignments(&self) -> &Alignments {
        &self.diplomacy.alignments
    }

    fn snapshot(&self) -> Box<dyn ComputerPlayers> {
        Box::new(self.clone())
    }

    fn threats(&self) -> Option<Vec<Vec<ThreatView>>> {
        let system = self.system.as_ref()?;
        let ties = &self.diplomacy.alignments;
        let n = system.len();
        Some(
            (0..n)
                .map(|i| {
                    (0..n)
                        .map(|j| {
                            if i == j {
                                return ThreatView::default();
                            }
                            threat_view(&entente_shared::threat::report(system, ties, i, j))
                        })
                        .collect()
                })
                .collect(),
        )
    }

    fn lens(&self, game: &Game, state: StateId) -> Option<Vec<LensRow>> {
        let system = self.system.as_ref()?;
        let ties = &self.diplomacy.alignments;
        let us = state.index();
        let report = |i, j| entente_shared::threat::report(system, ties, i, j);
        Some(
            (0..system.len())
                .filter(|&j| j != us)
                .map(|j| {
                    let (to_us, to_them) = (report(us, j), report(j, us));
                    LensRow {
                        state: game.scenario().states[j].code.clone(),
                        threat_to_us: threat_view(&to_us),
                        acts_against_us: act_words(&to_us),
                        our_threat_to_them: threat_view(&to_them),
                        our_acts_against_them: act_words(&to_them),
                    }
                })
                .collect(),
        )
    }
}

/// A stronger state takes a follower; a weaker one has nothing to offer it.
fn patron_answer(game: &Game, junior: StateId, patron: StateId) -> (bool, String) {
    let p = game.position();
    let (j, c) = (p.centre_count(junior), p.centre_count(patron));
    let names = &game.scenario().states;
    if c > j {
        (
            true,
            format!(
                "{} ({c} centres) takes {} ({j}) under its protection.",
                names[patron.index()].name,
                names[junior.index()].name
            ),
        )
    } else {
        (
            false,
            format!(
                "{} ({c} centres) is no stronger than {} ({j}): bandwagoning is with the stronger.",
                names[patron.index()].name,
                names[junior.index()].name
            ),
        )
    }
}

/// A stand-in: holds (or gives random legal orders) and makes no alliances.
#[derive(Clone)]
pub struct Holding {
    alignments: Alignments,
    random: bool,
}

impl ComputerPlayers for Holding {
    fn phase_begins(&mut self, _game: &Game, _computer: &[bool]) -> News {
        News::default()
    }

    fn orders(
        &mut self,
        game: &Game,
        states: &[StateId],
        rng: &mut ChaCha8Rng,
    ) -> Vec<ComputerOrder> {
        if !self.random {
            return Vec::new();
        }
        states
            .iter()
            .flat_map(|&state| {
                random_orders(game, state, rng)
                    .into_iter()
                    .map(move |order| ComputerOrder {
                        state,
                        order,
                        reason: "a random legal order".into(),
                    })
            })
            .collect()
    }

    fn phase_resolved(&mut self, _before: &Game, _after: &Game, _report: &PhaseReport) -> News {
        News::default()
    }

    fn answer(
        &self,
        _game: &Game,
        _from: StateId,
        _to: StateId,
        _against: Option<StateId>,
    ) -> (bool, String) {
        (
            false,
            "this seat's stand-in computer player makes no alliances".into(),
        )
    }

    fn tie_changed(&mut self, _game: &Game, change: TieChange) {
        match change {
            TieChange::Ally { a, b, against } => {
                self.alignments
                    .ally_against(a as usize, b as usize, against as usize)
            }
            TieChange::Align { junior, patron } => {
                self.alignments.align_with(junior as usize, patron as usize)
            }
            TieChange::Leave { a, b } => self.alignments.leave(a as usize, b as usize),
        }
    }

    fn alignments(&self) -> &Alignments {
        &self.alignments
    }

    fn snapshot(&self) -> Box<dyn ComputerPlayers> {
        Box::new(self.clone())
    }
}
