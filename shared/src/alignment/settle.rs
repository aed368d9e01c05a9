//! Letting every state choose its alignments, round after round, until nothing changes.
//!
//! Each round: threats are assessed with the ties as they stand; every state decides; exits take
//! effect first, then alignments with patrons, then proposals, each answered by the receiver's
//! own doctrine. The process stops when a round changes nothing, or reports a cycle when the ties
//! come back to an earlier state, or stops at a bound.

use std::collections::HashMap;

use super::{Action, Alignments, Answer, Decision, Proposal};
use crate::doctrine::{Doctrine, View, by_name};
use crate::threat::{StateSystem, ThreatMatrix};

/// Rounds after which the process stops even if it has not settled.
pub const MAX_ROUNDS: usize = 50;

/// One round's decisions and answers.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Round {
    pub decisions: Vec<Decision>,
    /// Answers to proposals: (proposal, answer).
    pub answers: Vec<(Proposal, Answer)>,
}

/// How the process ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum Ending {
    /// A round changed nothing.
    Settled,
    /// The ties came back to those after round `from`: the states would go round for ever.
    Cycle { from: usize },
    /// The bound was reached.
    Bound,
}

#[derive(Debug, Clone)]
pub struct Settlement {
    pub rounds: Vec<Round>,
    pub alignments: Alignments,
    pub ending: Ending,
    /// The threats as they stand at the end.
    pub threats: ThreatMatrix,
}

impl Settlement {
    /// Each state's last decision.
    pub fn last_decisions(&self) -> Vec<&Decision> {
        match self.rounds.last() {
            Some(r) => r.decisions.iter().collect(),
            None => Vec::new(),
        }
    }
}

/// The doctrine of each state: its own, or `all` for every state.
pub fn doctrines_for(
    system: &StateSystem,
    all: Option<&'static dyn Doctrine>,
) -> Vec<&'static dyn Doctrine> {
    system
        .actors
        .iter()
        .map(|a| {
            all.unwrap_or_else(|| by_name(&a.doctrine).unwrap_or(&crate::doctrine::BalanceOfThreat))
        })
        .collect()
}

/// One round of decisions on the ties as they stand (what the computer players do each phase).
pub fn decide_round(
    system: &StateSystem,
    threats: &ThreatMatrix,
    alignments: &Alignments,
    doctrines: &[&'static dyn Doctrine],
) -> Vec<Decision> {
    (0..system.len())
        .map(|me| {
            let view = View {
                system,
                threats,
                alignments,
                doctrines,
                me,
            };
            doctrines[me].decide(&view)
        })
        .collect()
}

/// Carries out a round's decisions; returns the answers to proposals.
pub fn apply_round(
    system: &StateSystem,
    threats: &ThreatMatrix,
    alignments: &mut Alignments,
    doctrines: &[&'static dyn Doctrine],
    decisions: &[Decision],
) -> Vec<(Proposal, Answer)> {
    let before = alignments.clone();
    for d in decisions {
        if let Action::Leave { partner } = d.action {
            alignments.leave(d.state, partner);
        }
    }
    let mut answers = Vec::new();
    for d in decisions {
        if let Action::Bandwagon { with } = d.action {
            let view = View {
                system,
                threats,
                alignments: &before,
                doctrines,
                me: with,
            };
            let answer = doctrines[with].accept_junior(&view, d.state);
            if answer.accept {
                alignments.align_with(d.state, with);
            }
            answers.push((
                Proposal {
                    from: d.state,
                    to: with,
                    against: with,
                },
                answer,
            ));
        }
    }
    for d in decisions {
        if let Action::ProposeAlliance { to, against } = d.action {
            let proposal = Proposal {
                from: d.state,
                to,
                against,
            };
            let view = View {
                system,
                threats,
                alignments: &before,
                doctrines,
                me: to,
            };
            let answer = doctrines[to].answer(&view, proposal);
            // Ties made earlier this round count: nobody allies with the camp its alliances
            // are against.
            let crossed =
                alignments.is_enemy_camp(d.state, to) || alignments.is_enemy_camp(to, d.state);
            if answer.accept
                && !crossed
                && alignments.patron(d.state).is_none()
                && alignments.patron(to).is_none()
            {
                alignments.ally_against(d.state, to, against);
            }
            answers.push((proposal, answer));
        }
    }
    answers
}

/// Lets every state choose until nothing changes. `all` overrides every state's doctrine.
pub fn settle(
    system: &StateSystem,
    start: Alignments,
    all: Option<&'static dyn Doctrine>,
) -> Settlement {
    let doctrines = doctrines_for(system, all);
    let mut alignments = start;
    let mut seen: HashMap<Alignments, usize> = HashMap::new();
    seen.insert(alignments.clone(), 0);
    let mut rounds = Vec::new();
    let mut ending = Ending::Bound;
    for round in 1..=MAX_ROUNDS {
        let threats = ThreatMatrix::compute(system, &alignments);
        let decisions = decide_round(system, &threats, &alignments, &doctrines);
        let before = alignments.clone();
        let answers = apply_round(system, &threats, &mut alignments, &doctrines, &decisions);
        rounds.push(Round { decisions, answers });
        if alignments == before {
            ending = Ending::Settled;
            break;
        }
        if let Some(&from) = seen.get(&alignments) {
            ending = Ending::Cycle { from };
            break;
        }
        seen.insert(alignments.clone(), round);
    }
    let threats = ThreatMatrix::compute(system, &alignments);
    Settlement {
        rounds,
        alignments,
        ending,
        threats,
    }
}
