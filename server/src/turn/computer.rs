//! Who plays a seat that no person plays: one small trait the session calls at fixed moments,
//! without knowing which player is behind it. [`Doctrinal`] is the real computer player (alliances
//! chosen by the seat's doctrine, orders that follow them); [`Holding`] and [`Random`] are simple
//! stand-ins for tests, measurements and comparisons.

use entente_shared::ai::{Diplomacy, TieEvent, TieEventKind, plan_phase};
use entente_shared::alignment::Alignments;
use entente_shared::doctrine::Doctrine;
use entente_shared::protocol::ThreatView;
use entente_shared::rules::options::random_orders;
use entente_shared::rules::{Game, Order, PhaseKind, PhaseReport};
use entente_shared::scenario::StateId;
use entente_shared::threat::from_game::phase_time;
use entente_shared::threat::{Act, ActKind, ThreatMatrix};
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

    /// Called after a phase is resolved, with the game as it stood before: what the phase
    /// revealed goes into the players' memory.
    fn phase_resolved(&mut self, before: &Game, report: &PhaseReport) -> News;

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
}

impl Doctrinal {
    pub fn new(game: &Game, doctrines: Vec<&'static dyn Doctrine>) -> Doctrinal {
        Doctrinal {
            diplomacy: Diplomacy::with_doctrines(game, doctrines),
            threats: None,
        }
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
        let (system, threats) = self.diplomacy.before_phase(game);
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
        planned
            .into_iter()
            .map(|(state, c)| ComputerOrder {
                state,
                order: c.order,
                reason: c.reason,
            })
            .collect()
    }

    fn phase_resolved(&mut self, before: &Game, report: &PhaseReport) -> News {
        let seen = self.diplomacy.events.len();
        self.diplomacy.after_phase(before, report);
        News {
            public: self.tie_news(before, &self.diplomacy.events[seen..]),
            host: Vec::new(),
        }
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
        let t = self.threats.as_ref()?;
        Some(
            (0..t.len())
                .map(|i| {
                    (0..t.len())
                        .map(|j| {
                            let p = t.parts(i, j);
                            ThreatView {
                                total: t.threat(i, j) as f32,
                                power: p.power as f32,
                                proximity: p.proximity as f32,
                                offence: p.offence as f32,
                                intentions: p.intentions as f32,
                            }
                        })
                        .collect()
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

    fn phase_resolved(&mut self, _before: &Game, _report: &PhaseReport) -> News {
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
