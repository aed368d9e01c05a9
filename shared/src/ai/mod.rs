//! Computer players: states nobody steers, choosing alliances by their doctrine and turning those
//! alliances into orders a watching person would call sensible.
//!
//! The server (or a batch) keeps one [`Diplomacy`] per game: the ties between states and the
//! ledger of acts. Each phase it calls, in this order:
//! 1. [`Diplomacy::before_phase`]: the computer states reconsider their ties (movement phases);
//! 2. [`orders_for`]: each computer state's orders, with a reason for each;
//! 3. [`Diplomacy::after_phase`]: the resolved phase's acts go into the ledger, and an attack on a
//!    partner breaks the alliance in everyone's memory.

mod orders;
pub mod play;

pub use orders::{OrderChoice, orders_for, orders_with_partners};

use crate::alignment::settle::{apply_round, decide_round, doctrines_for};
use crate::alignment::{Action, Alignments, Answer, Decision, Proposal};
use crate::doctrine::{Doctrine, View};
use crate::rules::{Game, PhaseKind, PhaseReport};
use crate::scenario::StateId;
use crate::threat::from_game::{acts_of_phase, from_game, phase_time};
use crate::threat::{Act, ActKind, Ledger, StateSystem, ThreatMatrix};

/// A change of ties, for the record and the debrief.
#[derive(Debug, Clone, serde::Serialize)]
pub struct TieEvent {
    pub phase: String,
    pub kind: TieEventKind,
    pub a: usize,
    pub b: usize,
    /// The sentence that explains it.
    pub reason: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum TieEventKind {
    /// `a` and `b` formed an alliance (proposed by `a`).
    Allied,
    /// `a` aligned with `b` as its patron.
    Aligned,
    /// `a` left its tie with `b` in good order.
    Left,
    /// `a` attacked its partner `b`, breaking the tie.
    Broken,
}

/// The diplomacy of one game: ties, the ledger, and who is played by the computer.
#[derive(Debug, Clone)]
pub struct Diplomacy {
    pub alignments: Alignments,
    pub ledger: Ledger,
    /// Which states the computer plays.
    pub computer: Vec<bool>,
    /// Doctrine of each state.
    pub doctrines: Vec<&'static dyn Doctrine>,
    /// Every tie made, left or broken.
    pub events: Vec<TieEvent>,
    /// The decisions of the last phase (computer states only), for the host and the debrief.
    pub last_decisions: Vec<Decision>,
}

impl std::fmt::Debug for dyn Doctrine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl Diplomacy {
    /// Every state's doctrine from the scenario (or `all` for every state); every state played by
    /// the computer until seats are taken.
    pub fn new(game: &Game, all: Option<&'static dyn Doctrine>) -> Diplomacy {
        let n = game.scenario().states.len();
        let system = from_game(game, Ledger::new(n), phase_time(game.phase()));
        Diplomacy::with_doctrines(game, doctrines_for(&system, all))
    }

    /// With one doctrine for each state, in the scenario's order.
    pub fn with_doctrines(game: &Game, doctrines: Vec<&'static dyn Doctrine>) -> Diplomacy {
        let n = game.scenario().states.len();
        assert_eq!(doctrines.len(), n, "one doctrine a state");
        let _ = n;
        Diplomacy {
            // The scenario's remembered history and standing alliances are where diplomacy starts.
            alignments: crate::threat::from_game::scenario_alignments(game.scenario()),
            ledger: crate::threat::from_game::scenario_ledger(game.scenario()),
            computer: vec![true; n],
            doctrines,
            events: Vec::new(),
            last_decisions: Vec::new(),
        }
    }

    /// The doctrine of every state of a scenario: its own unless `all` says otherwise.
    pub fn scenario_doctrines(
        game: &Game,
        all: Option<&'static dyn Doctrine>,
    ) -> Vec<&'static dyn Doctrine> {
        let n = game.scenario().states.len();
        let system = from_game(game, Ledger::new(n), phase_time(game.phase()));
        doctrines_for(&system, all)
    }

    /// The theory's view of the game now.
    pub fn system(&self, game: &Game) -> StateSystem {
        from_game(game, self.ledger.clone(), phase_time(game.phase()))
    }

    /// Computer states reconsider their ties at the start of each movement phase.
    pub fn before_phase(&mut self, game: &Game) -> (StateSystem, ThreatMatrix) {
        let system = self.system(game);
        let threats = ThreatMatrix::compute(&system, &self.alignments);
        if game.phase().kind != PhaseKind::Movement || game.is_over() {
            return (system, threats);
        }
        let mut decisions = decide_round(&system, &threats, &self.alignments, &self.doctrines);
        // People decide for themselves, through the protocol.
        for d in decisions.iter_mut() {
            if !self.computer[d.state] {
                d.action = Action::Stay;
            }
        }
        let before = self.alignments.clone();
        let answers = apply_round(
            &system,
            &threats,
            &mut self.alignments,
            &self.doctrines,
            &decisions,
        );
        let phase = game.phase().to_string();
        let time = phase_time(game.phase());
        for d in &decisions {
            match d.action {
                Action::Leave { partner } if before.are_allied(d.state, partner) => {
                    self.ledger.record(Act {
                        time,
                        actor: d.state,
                        target: partner,
                        kind: ActKind::LeftAlliance,
                        gravity: ActKind::LeftAlliance.usual_gravity(),
                        note: format!(
                            "the exit from the alliance with {}",
                            system.actors[partner].name
                        ),
                    });
                    self.events.push(TieEvent {
                        phase: phase.clone(),
                        kind: TieEventKind::Left,
                        a: d.state,
                        b: partner,
                        reason: d.sentence.clone(),
                    });
                }
                Action::Bandwagon { with } if self.alignments.patron(d.state) == Some(with) => {
                    self.events.push(TieEvent {
                        phase: phase.clone(),
                        kind: TieEventKind::Aligned,
                        a: d.state,
                        b: with,
                        reason: d.sentence.clone(),
                    });
                }
                _ => {}
            }
        }
        // Two states proposing to each other in one round make one alliance, recorded once.
        let mut recorded: Vec<(usize, usize)> = Vec::new();
        for (p, answer) in &answers {
            let pair = (p.from.min(p.to), p.from.max(p.to));
            if answer.accept
                && p.against != p.to
                && !before.in_alliance(p.from, p.to)
                && self.alignments.in_alliance(p.from, p.to)
                && !recorded.contains(&pair)
            {
                recorded.push(pair);
                let proposer = decisions.iter().find(|d| d.state == p.from);
                self.events.push(TieEvent {
                    phase: phase.clone(),
                    kind: TieEventKind::Allied,
                    a: p.from,
                    b: p.to,
                    reason: format!(
                        "{} {}",
                        proposer.map(|d| d.sentence.as_str()).unwrap_or_default(),
                        answer.sentence
                    ),
                });
            }
        }
        self.last_decisions = decisions
            .into_iter()
            .filter(|d| self.computer[d.state])
            .collect();
        let threats = ThreatMatrix::compute(&system, &self.alignments);
        (system, threats)
    }

    /// Records what a resolved phase revealed; an attack on a partner breaks the tie.
    pub fn after_phase(&mut self, before: &Game, report: &PhaseReport) {
        let phase = report.phase.to_string();
        for act in acts_of_phase(before, report) {
            if matches!(act.kind, ActKind::Attack | ActKind::SupportOfAttack)
                && self.alignments.are_allied(act.actor, act.target)
            {
                self.alignments.leave(act.actor, act.target);
                let note = format!("the betrayal of its partner ({})", act.note);
                self.events.push(TieEvent {
                    phase: phase.clone(),
                    kind: TieEventKind::Broken,
                    a: act.actor,
                    b: act.target,
                    reason: note.clone(),
                });
                self.ledger.record(Act {
                    kind: ActKind::BrokenAlliance,
                    gravity: ActKind::BrokenAlliance.usual_gravity(),
                    note,
                    ..act.clone()
                });
            }
            self.ledger.record(act);
        }
    }

    /// A computer state's answer to a person's proposal of an alliance against `against`.
    pub fn answer_proposal(
        &self,
        game: &Game,
        from: StateId,
        to: StateId,
        against: StateId,
    ) -> (Answer, Option<Proposal>) {
        let system = self.system(game);
        let threats = ThreatMatrix::compute(&system, &self.alignments);
        let view = View {
            system: &system,
            threats: &threats,
            alignments: &self.alignments,
            doctrines: &self.doctrines,
            me: to.index(),
        };
        let proposal = Proposal {
            from: from.index(),
            to: to.index(),
            against: against.index(),
        };
        let answer = self.doctrines[to.index()].answer(&view, proposal);
        // Refusing, it counters with what it would accept: an alliance against what it fears most.
        let counter = if answer.accept {
            None
        } else {
            let doctrine = self.doctrines[to.index()];
            (0..system.len())
                .filter(|&j| j != from.index() && j != to.index())
                .map(|j| (j, doctrine.danger(&view, j)))
                .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)))
                .map(|(t, _)| Proposal {
                    from: to.index(),
                    to: from.index(),
                    against: t,
                })
        };
        (answer, counter)
    }
}

/// Every computer state's orders for the phase, partners planning in turn so that later ones can
/// support the moves of earlier ones; `computer` says which states to plan for.
pub fn plan_phase(
    game: &Game,
    diplomacy: &Diplomacy,
    threats: &ThreatMatrix,
    rng: &mut impl rand::Rng,
) -> Vec<(StateId, OrderChoice)> {
    let mut out: Vec<(StateId, OrderChoice)> = Vec::new();
    for state in game.scenario().state_ids() {
        if !diplomacy.computer[state.index()] {
            continue;
        }
        let partner_moves: Vec<(StateId, crate::rules::Order)> = out
            .iter()
            .filter(|(s, _)| diplomacy.alignments.are_allied(s.index(), state.index()))
            .map(|(s, c)| (*s, c.order))
            .collect();
        for choice in orders_with_partners(game, state, diplomacy, threats, &partner_moves, rng) {
            out.push((state, choice));
        }
    }
    out
}
