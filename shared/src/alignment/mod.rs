//! Alignment: who stands with whom.
//!
//! Two kinds of tie, as in the theory: an **alliance** (mutual defence between partners, made by
//! proposal and acceptance, left by announcement, broken by an attack on a partner) and an
//! **alignment** with a stronger state (bandwagoning: the junior partner follows its patron and is
//! spared). Every decision carries its reasons and a sentence a student can read.

pub mod settle;

pub use settle::{Ending, Round, Settlement, settle};

use crate::threat::{StateSystem, ThreatReport};

/// The ties between states.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Alignments {
    n: usize,
    /// `allied[i * n + j]`: `i` and `j` are allies (symmetric).
    allied: Vec<bool>,
    /// What each alliance is against, when it was made against someone (symmetric).
    against: Vec<Option<usize>>,
    /// The state each state bandwagons with, if any.
    patron: Vec<Option<usize>>,
}

impl Alignments {
    pub fn new(n: usize) -> Alignments {
        Alignments {
            n,
            allied: vec![false; n * n],
            against: vec![None; n * n],
            patron: vec![None; n],
        }
    }

    pub fn len(&self) -> usize {
        self.n
    }

    pub fn is_empty(&self) -> bool {
        self.n == 0
    }

    /// Allies, or junior and patron: partners who must not attack each other.
    pub fn are_allied(&self, i: usize, j: usize) -> bool {
        i != j
            && (self.allied[i * self.n + j]
                || self.patron[i] == Some(j)
                || self.patron[j] == Some(i))
    }

    /// Only the mutual-defence tie.
    pub fn in_alliance(&self, i: usize, j: usize) -> bool {
        self.allied[i * self.n + j]
    }

    pub fn patron(&self, i: usize) -> Option<usize> {
        self.patron[i]
    }

    /// Everyone `i` is tied to.
    pub fn partners(&self, i: usize) -> Vec<usize> {
        (0..self.n).filter(|&j| self.are_allied(i, j)).collect()
    }

    pub fn ally(&mut self, i: usize, j: usize) {
        if i != j {
            self.allied[i * self.n + j] = true;
            self.allied[j * self.n + i] = true;
        }
    }

    /// An alliance made against a common threat.
    pub fn ally_against(&mut self, i: usize, j: usize, target: usize) {
        if i != j {
            self.ally(i, j);
            self.against[i * self.n + j] = Some(target);
            self.against[j * self.n + i] = Some(target);
        }
    }

    /// Every alliance once, as (a, b, what it is against).
    pub fn alliances(&self) -> Vec<(usize, usize, Option<usize>)> {
        let mut out = Vec::new();
        for a in 0..self.n {
            for b in a + 1..self.n {
                if self.allied[a * self.n + b] {
                    out.push((a, b, self.against[a * self.n + b]));
                }
            }
        }
        out
    }

    /// Camps: states joined by alliances against the same target, with that target (`None` for
    /// alliances made against nobody in particular). A state may stand in several camps when its
    /// alliances face different threats, as Balkan states did; juniors join their patron's camps.
    pub fn camps(&self) -> Vec<(Option<usize>, Vec<usize>)> {
        let mut targets: Vec<Option<usize>> = self.alliances().iter().map(|a| a.2).collect();
        targets.sort();
        targets.dedup();
        let mut out = Vec::new();
        for t in targets {
            let mut seen = vec![false; self.n];
            for start in 0..self.n {
                if seen[start] {
                    continue;
                }
                let mut members = vec![start];
                seen[start] = true;
                let mut k = 0;
                while k < members.len() {
                    let m = members[k];
                    for o in 0..self.n {
                        if !seen[o]
                            && self.allied[m * self.n + o]
                            && self.against[m * self.n + o] == t
                        {
                            seen[o] = true;
                            members.push(o);
                        }
                    }
                    k += 1;
                }
                if members.len() > 1 {
                    for j in 0..self.n {
                        if self.patron[j].is_some_and(|p| members.contains(&p))
                            && !members.contains(&j)
                            && t != Some(j)
                        {
                            members.push(j);
                        }
                    }
                    members.sort();
                    out.push((t, members));
                }
            }
        }
        out
    }

    /// Whether `a` and `b` stand in a camp together.
    pub fn same_camp(&self, a: usize, b: usize) -> bool {
        self.camps()
            .iter()
            .any(|(_, m)| m.contains(&a) && m.contains(&b))
    }

    /// The states `i`'s alliances are aimed at.
    pub fn targets_of(&self, i: usize) -> Vec<usize> {
        let mut out: Vec<usize> = (0..self.n)
            .filter(|&j| self.allied[i * self.n + j])
            .filter_map(|j| self.against[i * self.n + j])
            .collect();
        out.sort();
        out.dedup();
        out
    }

    /// Whether `k` is an enemy of `i`'s alliances: their target, or tied to their target.
    pub fn is_enemy_camp(&self, i: usize, k: usize) -> bool {
        self.targets_of(i)
            .into_iter()
            .any(|t| t == k || self.are_allied(t, k))
    }

    /// Whether one of `i`'s alliances is aimed at `target`.
    pub fn allied_against(&self, i: usize, target: usize) -> bool {
        (0..self.n)
            .any(|j| self.allied[i * self.n + j] && self.against[i * self.n + j] == Some(target))
    }

    pub fn leave(&mut self, i: usize, j: usize) {
        self.allied[i * self.n + j] = false;
        self.allied[j * self.n + i] = false;
        self.against[i * self.n + j] = None;
        self.against[j * self.n + i] = None;
        if self.patron[i] == Some(j) {
            self.patron[i] = None;
        }
        if self.patron[j] == Some(i) {
            self.patron[j] = None;
        }
    }

    pub fn align_with(&mut self, junior: usize, patron: usize) {
        if junior != patron {
            self.patron[junior] = Some(patron);
        }
    }

    /// Blocs: groups joined by alliances and alignments (a state with no ties is its own bloc),
    /// each sorted, ordered by their first member.
    pub fn blocs(&self) -> Vec<Vec<usize>> {
        let mut bloc_of = vec![usize::MAX; self.n];
        let mut blocs = Vec::new();
        for s in 0..self.n {
            if bloc_of[s] != usize::MAX {
                continue;
            }
            let id = blocs.len();
            let mut members = vec![s];
            bloc_of[s] = id;
            let mut k = 0;
            while k < members.len() {
                let m = members[k];
                for o in 0..self.n {
                    if bloc_of[o] == usize::MAX && self.are_allied(m, o) {
                        bloc_of[o] = id;
                        members.push(o);
                    }
                }
                k += 1;
            }
            members.sort();
            blocs.push(members);
        }
        blocs
    }

    /// The bloc `i` belongs to.
    pub fn bloc_of(&self, i: usize) -> Vec<usize> {
        self.blocs()
            .into_iter()
            .find(|b| b.contains(&i))
            .unwrap_or_else(|| vec![i])
    }
}

/// What a state does about its alignments this round.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum Action {
    /// No change.
    Stay,
    /// Ask `to` for an alliance against `against`.
    ProposeAlliance { to: usize, against: usize },
    /// Align with `with`, the stronger state it cannot resist.
    Bandwagon { with: usize },
    /// Leave the alliance (or alignment) with `partner`.
    Leave { partner: usize },
}

/// The theory's name for what a decision does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Stance {
    /// Allying against a threat.
    Balancing,
    /// Aligning with the threat.
    Bandwagoning,
    /// Letting others bear the cost of balancing.
    BuckPassing,
    /// Staying out: no threat worth an alliance, or none to be had.
    Neutral,
    /// Leaving a tie.
    Leaving,
}

/// Why a decision was taken: the threat behind it and the words for it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Decision {
    pub state: usize,
    pub doctrine: &'static str,
    pub action: Action,
    pub stance: Stance,
    /// The threat that drove it, with its parts and the acts behind its intentions.
    pub threat: Option<ThreatReport>,
    /// One sentence a student can read.
    pub sentence: String,
}

/// A proposal as the receiver sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Proposal {
    pub from: usize,
    pub to: usize,
    pub against: usize,
}

/// An answer to a proposal, with its reason.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Answer {
    pub accept: bool,
    pub sentence: String,
}

/// What an alliance obliges its members to, in words, for players and for the computer players.
pub fn obligations() -> &'static [&'static str] {
    &[
        "do not attack a partner: an attack breaks the alliance and every state remembers it",
        "defend a partner that is attacked: support its holds and its moves against the common threat",
        "announce an exit before acting against a former partner",
    ]
}

/// Explains a threat in one clause: "Austria threatens Italy most (0.71 = power 0.22 + ...,
/// after the attack on Venice in 1902)".
pub fn threat_clause(system: &StateSystem, report: &ThreatReport, how: &str) -> String {
    let of = &system.actors[report.of].name;
    let me = &system.actors[report.observer].name;
    let mut text = format!("{of} threatens {me} {how} ({}", report.breakdown());
    if let Some((act, _)) = report.acts.first() {
        let target = &system.actors[act.target].name;
        let when = year_words(act.time);
        if act.note.is_empty() {
            text.push_str(&format!(
                ", after the {} {target} in {when}",
                act.kind.words()
            ));
        } else {
            text.push_str(&format!(", after {} in {when}", act.note));
        }
    }
    if report.bias != 1.0 {
        text.push_str(&format!(", seen through a bias of {:.2}", report.bias));
    }
    text.push(')');
    text
}

/// 1902.0 → "1902", 1902.5 → "autumn 1902".
pub fn year_words(time: f64) -> String {
    let year = time.floor();
    if time - year >= 0.5 {
        format!("autumn {year}")
    } else {
        format!("{year}")
    }
}
