//! The game record: what happened each phase and why, enough for a debrief.
//!
//! One [`PhaseRecord`] per phase: centres, the threat every state saw from every other (with the
//! four parts), the computer states' alignment decisions with their sentences, every order with
//! its reason and outcome, the ties made and broken, and at the moments when ties changed, what
//! balance of power and balance of threat would each have predicted beside what happened.

use serde::{Deserialize, Serialize};

use crate::alignment::{Alignments, Stance, settle};
use crate::doctrine::by_name;
use crate::play::TieEventKind;
use crate::rules::Outcome;
use crate::threat::{StateSystem, ThreatMatrix};

/// A whole game.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct GameRecord {
    pub scenario: String,
    pub scenario_name: String,
    pub seed: u64,
    pub states: Vec<StateInfo>,
    pub phases: Vec<PhaseRecord>,
    pub winner: Option<usize>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct StateInfo {
    pub code: String,
    pub name: String,
    pub colour: String,
    pub doctrine: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct PhaseRecord {
    pub phase: String,
    /// Centres of each state after the phase.
    pub centres: Vec<usize>,
    /// `threats[i][j]`: what `i` saw of `j` at the start of the phase (movement phases only).
    pub threats: Vec<Vec<ThreatCell>>,
    pub decisions: Vec<DecisionRecord>,
    pub orders: Vec<OrderRecord>,
    pub ties: Vec<TieRecord>,
    /// Ties standing after the phase: (a, b, "alliance" or "alignment").
    pub standing: Vec<(usize, usize, String)>,
    pub moment: Option<KeyMoment>,
}

#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize)]
pub struct ThreatCell {
    pub total: f64,
    pub power: f64,
    pub proximity: f64,
    pub offence: f64,
    pub intentions: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DecisionRecord {
    pub state: usize,
    pub doctrine: String,
    pub stance: Stance,
    pub changed: bool,
    pub sentence: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrderRecord {
    pub state: usize,
    pub order: String,
    pub reason: String,
    pub outcome: Outcome,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TieRecord {
    pub kind: TieEventKind,
    pub a: usize,
    pub b: usize,
    /// What the alliance is (or was) against.
    #[serde(default)]
    pub against: Option<usize>,
    pub reason: String,
}

/// What two theories predicted at a moment when ties changed, and what happened.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct KeyMoment {
    /// Camps (allies against a common threat) each theory predicts from the same situation.
    pub balance_of_power: Vec<Vec<usize>>,
    pub balance_of_threat: Vec<Vec<usize>>,
    /// The camps after the phase.
    pub happened: Vec<Vec<usize>>,
}

/// The threat cells of a matrix, observer by observer.
pub fn threat_cells(threats: &ThreatMatrix) -> Vec<Vec<ThreatCell>> {
    let n = threats.len();
    (0..n)
        .map(|i| {
            (0..n)
                .map(|j| {
                    let p = threats.parts(i, j);
                    ThreatCell {
                        total: threats.threat(i, j),
                        power: p.power,
                        proximity: p.proximity,
                        offence: p.offence,
                        intentions: p.intentions,
                    }
                })
                .collect()
        })
        .collect()
}

fn camps(a: &Alignments) -> Vec<Vec<usize>> {
    a.camps().into_iter().map(|(_, m)| m).collect()
}

/// What balance of power and balance of threat each predict from `start`, every state following
/// the one theory, beside the camps that actually stand.
pub fn key_moment(system: &StateSystem, start: &Alignments, after: &Alignments) -> KeyMoment {
    let predict = |name: &str| camps(&settle(system, start.clone(), by_name(name)).alignments);
    KeyMoment {
        balance_of_power: predict("balance_of_power"),
        balance_of_threat: predict("balance_of_threat"),
        happened: camps(after),
    }
}

/// The standing ties, for the record.
pub fn standing(a: &Alignments) -> Vec<(usize, usize, String)> {
    let mut out: Vec<(usize, usize, String)> = a
        .alliances()
        .into_iter()
        .map(|(x, y, _)| (x, y, "alliance".to_string()))
        .collect();
    for j in 0..a.len() {
        if let Some(p) = a.patron(j) {
            out.push((j, p, "alignment".to_string()));
        }
    }
    out
}

/// The computer states' alignment decisions of a phase, for the record.
pub fn decision_records(decisions: &[crate::alignment::Decision]) -> Vec<DecisionRecord> {
    decisions
        .iter()
        .map(|d| DecisionRecord {
            state: d.state,
            doctrine: d.doctrine.to_string(),
            stance: d.stance,
            changed: d.action != crate::alignment::Action::Stay,
            sentence: d.sentence.clone(),
        })
        .collect()
}

/// Ties made, left or broken, for the record.
pub fn tie_records(events: &[crate::play::TieEvent]) -> Vec<TieRecord> {
    events
        .iter()
        .map(|e| TieRecord {
            kind: e.kind,
            a: e.a,
            b: e.b,
            against: e.against,
            reason: e.reason.clone(),
        })
        .collect()
}

impl GameRecord {
    /// An empty record of a game of `scenario`, its states playing `doctrines`.
    pub fn begin(
        scenario: &crate::scenario::Scenario,
        doctrines: &[&'static dyn crate::doctrine::Doctrine],
        seed: u64,
    ) -> GameRecord {
        GameRecord {
            scenario: scenario.id.clone(),
            scenario_name: scenario.name.clone(),
            seed,
            states: scenario
                .states
                .iter()
                .zip(doctrines)
                .map(|(s, d)| StateInfo {
                    code: s.code.clone(),
                    name: s.name.clone(),
                    colour: s.colour.clone(),
                    doctrine: d.name().to_string(),
                })
                .collect(),
            ..Default::default()
        }
    }
}

/// The most states a record may name: a scenario has 255 at most.
pub const MAX_RECORD_STATES: usize = 255;

impl GameRecord {
    /// What is inconsistent in a record read from a file, each in a sentence (empty when it is
    /// consistent): every state index in range, every phase named as the game names phases and
    /// in the game's order, a centre count for every state in every phase, threats either absent
    /// or one finite cell for every pair, and colours of the form `#rrggbb` (they are written
    /// into the debrief's HTML as they are). A debrief is drawn only from a consistent record.
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        let n = self.states.len();
        if n == 0 {
            out.push("the record has no states".to_string());
        }
        if n > MAX_RECORD_STATES {
            out.push(format!(
                "the record has {n} states; a game has {MAX_RECORD_STATES} at most"
            ));
            return out;
        }
        for (i, s) in self.states.iter().enumerate() {
            let hex = s.colour.len() == 7
                && s.colour.starts_with('#')
                && s.colour[1..].chars().all(|c| c.is_ascii_hexdigit());
            if !hex {
                out.push(format!(
                    "state {i} (`{}`): colour `{}` is not of the form #rrggbb",
                    s.code, s.colour
                ));
            }
        }
        if let Some(w) = self.winner
            && w >= n
        {
            out.push(format!(
                "the winner is state {w}, but the record has {n} states"
            ));
        }
        let mut previous: Option<(usize, crate::rules::Phase)> = None;
        for (k, p) in self.phases.iter().enumerate() {
            // Enough problems to act on; the rest would only repeat them.
            if out.len() >= 20 {
                out.push("(further problems not listed)".to_string());
                break;
            }
            let at = format!("phase {} (`{}`)", k + 1, p.phase);
            match crate::rules::Phase::parse(&p.phase) {
                None => out.push(format!(
                    "{at}: not a phase name such as S1901M, F1901R or W1901A"
                )),
                Some(phase) => {
                    if let Some((j, before)) = previous
                        && phase_order(phase) <= phase_order(before)
                    {
                        out.push(format!(
                            "{at}: comes after phase {} (`{before}`), but is not later",
                            j + 1
                        ));
                    }
                    previous = Some((k, phase));
                }
            }
            if p.centres.len() != n {
                out.push(format!(
                    "{at}: {} centre counts for {n} states",
                    p.centres.len()
                ));
            }
            if !p.threats.is_empty() {
                let square = p.threats.len() == n && p.threats.iter().all(|row| row.len() == n);
                if !square {
                    out.push(format!(
                        "{at}: the threats are not one row of {n} for each of the {n} states"
                    ));
                } else if let Some((i, j)) = (0..n)
                    .flat_map(|i| (0..n).map(move |j| (i, j)))
                    .find(|&(i, j)| !cell_is_finite(&p.threats[i][j]))
                {
                    out.push(format!(
                        "{at}: the threat state {i} saw from state {j} is not a finite number"
                    ));
                }
            }
            let mut bad = |what: &str, index: usize| {
                if index >= n {
                    out.push(format!(
                        "{at}: {what} names state {index}, but the record has {n} states"
                    ));
                }
            };
            for d in &p.decisions {
                bad("a decision", d.state);
            }
            for o in &p.orders {
                bad("an order", o.state);
            }
            for t in &p.ties {
                bad("a tie", t.a);
                bad("a tie", t.b);
                if let Some(x) = t.against {
                    bad("a tie's target", x);
                }
            }
            for (a, b, _) in &p.standing {
                bad("a standing tie", *a);
                bad("a standing tie", *b);
            }
            if let Some(m) = &p.moment {
                for camp in m
                    .balance_of_power
                    .iter()
                    .chain(&m.balance_of_threat)
                    .chain(&m.happened)
                {
                    for &s in camp {
                        bad("a key moment's camp", s);
                    }
                }
            }
        }
        out
    }
}

/// A phase's place in the calendar: year, then season, then movement before retreats.
fn phase_order(p: crate::rules::Phase) -> (u16, crate::rules::Season, u8) {
    let kind = match p.kind {
        crate::rules::PhaseKind::Movement => 0,
        crate::rules::PhaseKind::Retreat => 1,
        crate::rules::PhaseKind::Adjustment => 2,
    };
    (p.year, p.season, kind)
}

fn cell_is_finite(c: &ThreatCell) -> bool {
    [c.total, c.power, c.proximity, c.offence, c.intentions]
        .iter()
        .all(|v| v.is_finite())
}
