//! Threat, by Walt's four criteria.
//!
//! Balance-of-threat theory (Stephen Walt, *The Origins of Alliances*, 1987) says states ally
//! against the state that threatens them most, and threat is more than power: it is
//! 1. **aggregate power**: resources, population, industry, military might;
//! 2. **geographic proximity**: power nearby threatens more than power far away;
//! 3. **offensive capability**: forces able to strike *you*, soon;
//! 4. **offensive intentions**: what a state has shown it means to do, by its acts.
//!
//! Each part is put on a scale from 0 to 1 and kept separately, so that every number can be
//! explained; a state's weights combine them. Power fades with distance; intentions fade with
//! time unless renewed.

pub mod file;
pub mod from_game;
pub mod generate;
pub mod system;

pub use system::{Act, ActKind, Actor, Ledger, StateSystem, SystemError};

use crate::alignment::Alignments;

/// How far (in neighbour units) proximity halves, roughly: 1 is bordering (proximity 1), 2 is
/// one state between (0.51), 3 is 0.26.
pub const PROXIMITY_SCALE: f64 = 1.5;

/// Years over which the memory of an act halves.
pub const INTENTION_HALF_LIFE: f64 = 3.0;

/// How much an act against someone else tells an observer: an attack on a partner almost as much
/// as one on oneself; one on a stranger less, and less the farther away it happened.
pub const RELEVANCE_SELF: f64 = 1.0;
pub const RELEVANCE_PARTNER: f64 = 0.7;
pub const RELEVANCE_OTHER: f64 = 0.4;

/// Proximity from a distance in neighbour units: 1 for neighbours, fading with distance.
pub fn proximity(distance: f64) -> f64 {
    if !distance.is_finite() {
        return 0.0;
    }
    (-(distance.max(1.0) - 1.0) / PROXIMITY_SCALE).exp()
}

/// The weights of the four criteria; they sum to 1.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Weights {
    pub power: f64,
    pub proximity: f64,
    pub offence: f64,
    pub intentions: f64,
}

impl Default for Weights {
    /// One set of defaults for every world: the four criteria count alike, as Walt presents them.
    fn default() -> Self {
        Weights {
            power: 0.25,
            proximity: 0.25,
            offence: 0.25,
            intentions: 0.25,
        }
    }
}

impl Weights {
    /// Weights from any non-negative numbers, scaled to sum to 1.
    pub fn new(
        power: f64,
        proximity: f64,
        offence: f64,
        intentions: f64,
    ) -> Result<Weights, String> {
        let all = [power, proximity, offence, intentions];
        if all.iter().any(|w| !w.is_finite() || *w < 0.0) {
            return Err("threat weights must be 0 or more".into());
        }
        let sum: f64 = all.iter().sum();
        if sum <= 0.0 {
            return Err("at least one threat weight must be above 0".into());
        }
        Ok(Weights {
            power: power / sum,
            proximity: proximity / sum,
            offence: offence / sum,
            intentions: intentions / sum,
        })
    }
}

/// The four criteria for one observer and one other state, each from 0 to 1.
#[derive(Debug, Clone, Copy, Default, PartialEq, serde::Serialize)]
pub struct Parts {
    pub power: f64,
    pub proximity: f64,
    pub offence: f64,
    pub intentions: f64,
}

/// How much `of` threatens `observer`, with everything needed to explain it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ThreatReport {
    pub observer: usize,
    pub of: usize,
    /// Each criterion, from 0 to 1.
    pub parts: Parts,
    pub weights: Weights,
    /// The observer's misperception of this state (1 when it sees straight).
    pub bias: f64,
    /// The weighted sum times the bias.
    pub total: f64,
    /// The acts behind the intention term, most telling first: (act, weight it carries now).
    pub acts: Vec<(Act, f64)>,
}

impl ThreatReport {
    /// Each criterion's share of the total: weight × part × bias.
    pub fn contributions(&self) -> Parts {
        let b = self.bias;
        Parts {
            power: self.weights.power * self.parts.power * b,
            proximity: self.weights.proximity * self.parts.proximity * b,
            offence: self.weights.offence * self.parts.offence * b,
            intentions: self.weights.intentions * self.parts.intentions * b,
        }
    }

    /// "0.71 = power 0.22 + proximity 0.25 + offence 0.14 + intentions 0.10".
    pub fn breakdown(&self) -> String {
        let c = self.contributions();
        format!(
            "{:.2} = power {:.2} + proximity {:.2} + offence {:.2} + intentions {:.2}",
            self.total, c.power, c.proximity, c.offence, c.intentions
        )
    }
}

/// Relative power: `j`'s aggregate power against `i`'s, from 0 (none) to 1 (overwhelming), faded
/// by distance (the loss-of-strength gradient: power projects less far the farther it must go).
pub fn power_part(system: &StateSystem, i: usize, j: usize) -> f64 {
    let (pi, pj) = (system.power[i], system.power[j]);
    let relative = if pi + pj > 0.0 { pj / (pi + pj) } else { 0.0 };
    relative * proximity(system.distance(i, j)).sqrt()
}

/// How much an act weighs now for an observer: gravity, faded with time, times its relevance.
fn act_weight(system: &StateSystem, alignments: &Alignments, observer: usize, act: &Act) -> f64 {
    let age = (system.now - act.time).max(0.0);
    let fade = 0.5f64.powf(age / INTENTION_HALF_LIFE);
    let relevance = if act.target == observer {
        RELEVANCE_SELF
    } else if alignments.are_allied(observer, act.target) {
        RELEVANCE_PARTNER
    } else if act.kind == ActKind::BrokenAlliance || act.kind == ActKind::LeftAlliance {
        // Whoever breaks faith with one may break it with anyone: every state remembers.
        RELEVANCE_PARTNER
    } else {
        RELEVANCE_OTHER * (0.5 + 0.5 * proximity(system.distance(observer, act.target)))
    };
    act.gravity * fade * relevance
}

/// Intentions from the ledger: the acts' weights added up and squashed to 0..1.
fn intentions_part(system: &StateSystem, alignments: &Alignments, i: usize, j: usize) -> f64 {
    let evidence: f64 = system
        .ledger
        .acts_of(j)
        .iter()
        .filter(|a| a.target != j)
        .map(|a| act_weight(system, alignments, i, a))
        .sum();
    1.0 - (-evidence).exp()
}

/// The four parts for observer `i` looking at `j`.
pub fn parts(system: &StateSystem, alignments: &Alignments, i: usize, j: usize) -> Parts {
    Parts {
        power: power_part(system, i, j),
        proximity: proximity(system.distance(i, j)),
        offence: system.offence(j, i),
        intentions: intentions_part(system, alignments, i, j),
    }
}

fn bias(system: &StateSystem, i: usize, j: usize) -> f64 {
    system.actors[i]
        .bias
        .iter()
        .find(|(k, _)| *k == j)
        .map_or(1.0, |(_, f)| *f)
}

fn combine(w: &Weights, p: &Parts) -> f64 {
    w.power * p.power
        + w.proximity * p.proximity
        + w.offence * p.offence
        + w.intentions * p.intentions
}

/// The full report for observer `i` about `j`.
pub fn report(system: &StateSystem, alignments: &Alignments, i: usize, j: usize) -> ThreatReport {
    let parts = parts(system, alignments, i, j);
    let weights = system.actors[i].weights;
    let bias = bias(system, i, j);
    let mut acts: Vec<(Act, f64)> = system
        .ledger
        .acts_of(j)
        .iter()
        .filter(|a| a.target != j)
        .map(|a| (a.clone(), act_weight(system, alignments, i, a)))
        .filter(|(_, w)| *w > 0.01)
        .collect();
    acts.sort_by(|a, b| b.1.total_cmp(&a.1));
    ThreatReport {
        observer: i,
        of: j,
        parts,
        weights,
        bias,
        total: combine(&weights, &parts) * bias,
        acts,
    }
}

/// Every observer's threat from every other state, as numbers (reports on demand).
#[derive(Debug, Clone)]
pub struct ThreatMatrix {
    n: usize,
    /// `parts[i * n + j]`: what `i` sees of `j`.
    parts: Vec<Parts>,
    total: Vec<f64>,
    /// Each observer's greatest threat, found once: doctrines ask for it often.
    greatest: Vec<Option<(usize, f64)>>,
}

impl ThreatMatrix {
    pub fn compute(system: &StateSystem, alignments: &Alignments) -> ThreatMatrix {
        let n = system.len();
        let mut parts = vec![Parts::default(); n * n];
        let mut total = vec![0.0; n * n];
        // Acts are few; evidence is summed per (observer, actor) below.
        for i in 0..n {
            let w = system.actors[i].weights;
            for j in 0..n {
                if i == j {
                    continue;
                }
                let p = self::parts(system, alignments, i, j);
                total[i * n + j] = combine(&w, &p) * bias(system, i, j);
                parts[i * n + j] = p;
            }
        }
        let greatest = (0..n)
            .map(|i| {
                (0..n)
                    .filter(|&j| j != i)
                    .map(|j| (j, total[i * n + j]))
                    .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)))
            })
            .collect();
        ThreatMatrix {
            n,
            parts,
            total,
            greatest,
        }
    }

    pub fn len(&self) -> usize {
        self.n
    }

    pub fn is_empty(&self) -> bool {
        self.n == 0
    }

    /// How much `j` threatens `i`, in `i`'s eyes.
    pub fn threat(&self, i: usize, j: usize) -> f64 {
        self.total[i * self.n + j]
    }

    pub fn parts(&self, i: usize, j: usize) -> Parts {
        self.parts[i * self.n + j]
    }

    /// The state that threatens `i` most, and how much.
    pub fn greatest(&self, i: usize) -> Option<(usize, f64)> {
        self.greatest[i]
    }

    /// Other states by how much they threaten `i`, greatest first.
    pub fn ranking(&self, i: usize) -> Vec<(usize, f64)> {
        let mut v: Vec<(usize, f64)> = (0..self.n)
            .filter(|&j| j != i)
            .map(|j| (j, self.threat(i, j)))
            .collect();
        v.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        v
    }
}
