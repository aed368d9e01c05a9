//! Letting every state choose its alignments, round after round, until nothing changes.
//!
//! Before the first round, every alliance read without a target is named against the state its
//! members together fear most. Each round: threats are assessed with the ties as they stand;
//! every state decides; exits take effect first, then alignments with patrons, then proposals,
//! each answered by the receiver's own doctrine. An answer says what happened: an acceptance
//! that the ties of the round no longer allow is reported as such, not as an alliance. The
//! process is *settled* when a round in which nobody asks for anything goes by; it has *stalled*
//! when the ties stop changing while some state still asks for what it does not get; it reports
//! a cycle when the ties come back to an earlier state, or stops at a bound.

use std::collections::HashMap;

use super::{Action, Alignments, Answer, Decision, Proposal, Stance};
use crate::doctrine::{Doctrine, View, by_name};
use crate::threat::{StateSystem, ThreatMatrix, report};

/// Rounds after which the process stops even if it has not settled.
pub const MAX_ROUNDS: usize = 50;

/// One round's decisions and answers.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Round {
    pub decisions: Vec<Decision>,
    /// Answers to proposals: (proposal, answer); `accept` is true only when the tie was made.
    pub answers: Vec<(Proposal, Answer)>,
}

/// How the process ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum Ending {
    /// A round went by in which no state asked for anything.
    Settled,
    /// The ties stopped changing, but `asking` states still ask, every round, for what they do
    /// not get.
    Stalled { asking: usize },
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

/// Why an accepted alliance cannot be made on the ties as they now stand, if it cannot.
fn blocked(
    system: &StateSystem,
    threats: &ThreatMatrix,
    alignments: &Alignments,
    doctrines: &[&'static dyn Doctrine],
    p: Proposal,
) -> Option<String> {
    let name = |i: usize| system.actors[i].name.as_str();
    let (a, b) = (p.from, p.to);
    if alignments.are_allied(a, b) {
        return Some(format!("{} and {} are tied already", name(a), name(b)));
    }
    for s in [a, b] {
        if !alignments.is_free(s) {
            return Some(format!("{} is not free to choose", name(s)));
        }
        if let Some(patron) = alignments.patron(s) {
            // A junior makes an alliance of its own only as its patron's protection leaves it
            // free to (against another threat, with nobody aimed at its patron).
            let view = View {
                system,
                threats,
                alignments,
                doctrines,
                me: s,
            };
            let other = if s == a { b } else { a };
            if !crate::doctrine::free_under_protector(
                doctrines[s],
                &view,
                patron,
                p.against,
                Some(other),
            ) {
                return Some(format!("{} now follows {}", name(s), name(patron)));
            }
        }
    }
    if alignments.is_enemy_camp(a, b) || alignments.is_enemy_camp(b, a) {
        return Some(format!(
            "{} and {} now stand in camps aimed at each other",
            name(a),
            name(b)
        ));
    }
    for s in [a, b] {
        if alignments.are_allied(s, p.against) {
            return Some(format!("{} is now tied to {}", name(s), name(p.against)));
        }
    }
    let view = View {
        system,
        threats,
        alignments,
        doctrines,
        me: a,
    };
    crate::doctrine::camp_conflict_after(&view, a, b, p.against).map(|c| c.words(&view))
}

/// Carries out a round's decisions; returns the answers to proposals, each saying what came
/// of it.
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
    let name = |i: usize| system.actors[i].name.as_str();
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
            let mut answer = doctrines[with].accept_junior(&view, d.state);
            if answer.accept {
                if alignments.patron(d.state).is_none() && alignments.is_free(d.state) {
                    alignments.align_with(d.state, with);
                } else {
                    answer = Answer {
                        accept: false,
                        sentence: format!(
                            "{} would take {} as a junior partner, but it is tied otherwise: no alignment is made.",
                            name(with),
                            name(d.state)
                        ),
                    };
                }
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
            let mut answer = doctrines[to].answer(&view, proposal);
            if answer.accept {
                // Ties made earlier this round count.
                match blocked(system, threats, alignments, doctrines, proposal) {
                    None => alignments.ally_against(d.state, to, against),
                    Some(why) => {
                        answer = Answer {
                            accept: false,
                            sentence: format!(
                                "{} would accept {}'s alliance against {}, but {why}: no alliance is made.",
                                name(to),
                                name(d.state),
                                name(against)
                            ),
                        };
                    }
                }
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
    {
        let threats = ThreatMatrix::compute(system, &alignments);
        alignments.name_targets(|i, j| threats.threat(i, j));
    }
    let mut seen: HashMap<Alignments, usize> = HashMap::new();
    seen.insert(alignments.clone(), 0);
    let mut rounds = Vec::new();
    let mut ending = Ending::Bound;
    let mut asking_before: Option<Vec<Decision>> = None;
    for round in 1..=MAX_ROUNDS {
        let threats = ThreatMatrix::compute(system, &alignments);
        let decisions = decide_round(system, &threats, &alignments, &doctrines);
        let before = alignments.clone();
        let answers = apply_round(system, &threats, &mut alignments, &doctrines, &decisions);
        let asking: Vec<Decision> = decisions
            .iter()
            .filter(|d| d.action != Action::Stay)
            .cloned()
            .collect();
        rounds.push(Round { decisions, answers });
        if alignments == before {
            if asking.is_empty() {
                ending = Ending::Settled;
                break;
            }
            // The same requests, refused again, on the same ties: they will be for ever.
            let same = asking_before.as_ref().is_some_and(|b| {
                b.len() == asking.len()
                    && b.iter()
                        .zip(&asking)
                        .all(|(x, y)| x.state == y.state && x.action == y.action)
            });
            if same {
                ending = Ending::Stalled {
                    asking: asking.len(),
                };
                break;
            }
            asking_before = Some(asking);
            continue;
        }
        asking_before = None;
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

/// One state's decisive comparison at the end: its greatest threat against the next, where it
/// stands, and why.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Comparison {
    pub state: usize,
    /// Its greatest threat, how much, and the breakdown.
    pub greatest: Option<(usize, f64, String)>,
    /// The next greatest.
    pub next: Option<(usize, f64, String)>,
    pub stance: Stance,
    /// The targets of the camps it stands in.
    pub camps_against: Vec<usize>,
    /// The state it follows, freely (bandwagoning), if any.
    pub patron: Option<usize>,
    /// The state that holds it, if it is not free.
    pub held_by: Option<usize>,
    /// Its last decision's sentence.
    pub why: String,
}

/// Each state's decisive comparison in a settlement.
pub fn comparisons(system: &StateSystem, s: &Settlement) -> Vec<Comparison> {
    let last = s.last_decisions();
    let camps = s.alignments.camps();
    (0..system.len())
        .map(|i| {
            let ranking = s.threats.ranking(i);
            let entry = |k: usize| {
                ranking
                    .get(k)
                    .map(|&(j, t)| (j, t, report(system, &s.alignments, i, j).breakdown()))
            };
            let decision = last.iter().find(|d| d.state == i);
            let mut camps_against: Vec<usize> = camps
                .iter()
                .filter(|(_, m)| m.contains(&i))
                .filter_map(|(t, _)| *t)
                .collect();
            camps_against.dedup();
            Comparison {
                state: i,
                greatest: entry(0),
                next: entry(1),
                stance: final_stance(&s.alignments, i, decision.map(|d| d.stance)),
                camps_against,
                patron: s.alignments.patron(i),
                held_by: s.alignments.imposed_by(i),
                why: decision.map_or(String::new(), |d| d.sentence.clone()),
            }
        })
        .collect()
}

/// Where a state stands at the end, by its ties first: held; aligned with a patron (bandwagoning,
/// or balancing when the patron protects it against another threat, as its last decision says);
/// allied (balancing); otherwise what its last decision said (Finlandization, neutral, ...).
pub fn final_stance(alignments: &Alignments, i: usize, last: Option<Stance>) -> Stance {
    if alignments.imposed_by(i).is_some() {
        Stance::Imposed
    } else if alignments.patron(i).is_some() {
        if last == Some(Stance::Balancing) {
            Stance::Balancing
        } else {
            Stance::Bandwagoning
        }
    } else if (0..alignments.len()).any(|k| alignments.in_alliance(i, k)) {
        Stance::Balancing
    } else {
        match last {
            Some(Stance::Finlandization) => Stance::Finlandization,
            Some(Stance::SoftBalancing) => Stance::SoftBalancing,
            Some(Stance::BuckPassing) => Stance::BuckPassing,
            _ => Stance::Neutral,
        }
    }
}
