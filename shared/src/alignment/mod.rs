//! Alignment: who stands with whom.
//!
//! Two kinds of tie, as in the theory: an **alliance** (mutual defence between partners, made by
//! proposal and acceptance against a named threat, left by announcement, broken by an attack on a
//! partner) and an **alignment** with a stronger state (bandwagoning: the junior partner follows
//! its patron and is spared). A third kind is not chosen: a tie **imposed** on a state (occupied,
//! or ruled by a regime another installed), kept as it is and scored apart from free choices.
//!
//! States allied against the same threat form a **camp**; a state allied against two threats
//! stands in two camps. Every decision carries its reasons and a sentence a student can read.

pub mod settle;

pub use settle::{Comparison, Ending, Round, Settlement, comparisons, final_stance, settle};

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
    /// The state that holds each state not free to choose (occupation, satellite regime).
    imposed: Vec<Option<usize>>,
    /// How many ties of any kind each state has (alliances, patron, juniors, held or holding):
    /// lets the common case of a state without ties skip a scan.
    ties: Vec<u32>,
}

impl Alignments {
    pub fn new(n: usize) -> Alignments {
        Alignments {
            n,
            allied: vec![false; n * n],
            against: vec![None; n * n],
            patron: vec![None; n],
            imposed: vec![None; n],
            ties: vec![0; n],
        }
    }

    /// Whether `i` has any tie at all.
    pub fn is_tied(&self, i: usize) -> bool {
        self.ties[i] > 0
    }

    pub fn len(&self) -> usize {
        self.n
    }

    pub fn is_empty(&self) -> bool {
        self.n == 0
    }

    /// Allies, junior and patron, or a state and the one that holds it: partners who must not
    /// attack each other.
    pub fn are_allied(&self, i: usize, j: usize) -> bool {
        i != j
            && i < self.n
            && j < self.n
            && (self.allied[i * self.n + j]
                || self.patron[i] == Some(j)
                || self.patron[j] == Some(i)
                || self.imposed[i] == Some(j)
                || self.imposed[j] == Some(i))
    }

    /// A tie imposed on `state` by `by`: it is not free to choose, and follows `by`.
    pub fn impose(&mut self, state: usize, by: usize) {
        if state != by {
            if let Some(old) = self.imposed[state] {
                self.ties[state] -= 1;
                self.ties[old] -= 1;
            }
            self.imposed[state] = Some(by);
            self.ties[state] += 1;
            self.ties[by] += 1;
        }
    }

    /// The state that holds `i`, when `i` is not free to choose.
    pub fn imposed_by(&self, i: usize) -> Option<usize> {
        self.imposed[i]
    }

    /// Whether `i` chooses its own ties.
    pub fn is_free(&self, i: usize) -> bool {
        self.imposed[i].is_none()
    }

    /// What the alliance between `i` and `j` is against.
    pub fn target_of(&self, i: usize, j: usize) -> Option<usize> {
        self.against[i * self.n + j]
    }

    /// The camp against `target` that `i` stands in: `i` and every state joined to it by
    /// alliances against `target` (just `i` when it has none), sorted.
    pub fn camp_against(&self, i: usize, target: usize) -> Vec<usize> {
        let mut members = vec![i];
        if !self.is_tied(i) {
            return members;
        }
        let mut k = 0;
        while k < members.len() {
            let m = members[k];
            for o in 0..self.n {
                if self.allied[m * self.n + o]
                    && self.against[m * self.n + o] == Some(target)
                    && !members.contains(&o)
                {
                    members.push(o);
                }
            }
            k += 1;
        }
        members.sort();
        members
    }

    /// The camps `i` stands in, each with its target (a junior or a held state stands in its
    /// patron's).
    pub fn camps_of(&self, i: usize) -> Vec<(Option<usize>, Vec<usize>)> {
        // A state without ties stands in no camp.
        if !self.is_tied(i) {
            return Vec::new();
        }
        self.camps()
            .into_iter()
            .filter(|(_, m)| m.contains(&i))
            .collect()
    }

    /// Names the target of every alliance made against nobody in particular (ties read from a
    /// file or a scenario): the state the two members together fear most, by `threat(i, j)`,
    /// that is tied to neither.
    pub fn name_targets(&mut self, threat: impl Fn(usize, usize) -> f64) {
        for (a, b, against) in self.alliances() {
            if against.is_some() {
                continue;
            }
            let target = (0..self.n)
                .filter(|&t| t != a && t != b && !self.are_allied(a, t) && !self.are_allied(b, t))
                .map(|t| (t, threat(a, t) + threat(b, t)))
                .max_by(|x, y| x.1.total_cmp(&y.1).then(y.0.cmp(&x.0)));
            if let Some((t, _)) = target {
                self.ally_against(a, b, t);
            }
        }
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
        if !self.is_tied(i) {
            return Vec::new();
        }
        (0..self.n).filter(|&j| self.are_allied(i, j)).collect()
    }

    pub fn ally(&mut self, i: usize, j: usize) {
        if i != j && !self.allied[i * self.n + j] {
            self.ties[i] += 1;
            self.ties[j] += 1;
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
    /// alliances face different threats, as Balkan states did; juniors and held states join
    /// their patron's camps (unless the camp is against them).
    pub fn camps(&self) -> Vec<(Option<usize>, Vec<usize>)> {
        let mut targets: Vec<Option<usize>> = self.alliances().iter().map(|a| a.2).collect();
        targets.sort();
        targets.dedup();
        let mut out = Vec::new();
        // One list of members and one of states seen, cleared for each camp instead of made anew.
        let mut seen = vec![false; self.n];
        let mut members: Vec<usize> = Vec::with_capacity(self.n);
        for t in targets {
            seen.fill(false);
            for start in 0..self.n {
                // A state without ties heads no camp, and no search from another reaches it.
                if seen[start] || !self.is_tied(start) {
                    continue;
                }
                members.clear();
                members.push(start);
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
                        let follows = self.patron[j].or(self.imposed[j]);
                        if follows.is_some_and(|p| members.contains(&p))
                            && !members.contains(&j)
                            && t != Some(j)
                        {
                            members.push(j);
                        }
                    }
                    members.sort();
                    out.push((t, members.clone()));
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
        if !self.is_tied(i) {
            return Vec::new();
        }
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
        if self.allied[i * self.n + j] {
            self.ties[i] -= 1;
            self.ties[j] -= 1;
        }
        self.allied[i * self.n + j] = false;
        self.allied[j * self.n + i] = false;
        self.against[i * self.n + j] = None;
        self.against[j * self.n + i] = None;
        if self.patron[i] == Some(j) {
            self.patron[i] = None;
            self.ties[i] -= 1;
            self.ties[j] -= 1;
        }
        if self.patron[j] == Some(i) {
            self.patron[j] = None;
            self.ties[i] -= 1;
            self.ties[j] -= 1;
        }
    }

    pub fn align_with(&mut self, junior: usize, patron: usize) {
        if junior != patron {
            if let Some(old) = self.patron[junior] {
                self.ties[junior] -= 1;
                self.ties[old] -= 1;
            }
            self.ties[junior] += 1;
            self.ties[patron] += 1;
            self.patron[junior] = Some(patron);
        }
    }

    /// Blocs: groups joined by any ties, whatever they are against (a state with no ties is its
    /// own bloc), each sorted, ordered by their first member. Chains of alliances against
    /// different threats join here; [`Alignments::camps`] is the theory's answer.
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

/// What a state does about its alignments this round. (Finlandization is a stance, not an
/// action: the state stays out of every camp.)
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum Action {
    /// No change.
    Stay,
    /// Ask `to` for an alliance against `against`.
    ProposeAlliance { to: usize, against: usize },
    /// Align with `with` as its junior partner: bandwagoning when `with` is the threat it cannot
    /// resist, balancing when `with` is a distant patron against another threat (the stance says
    /// which).
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
    /// Accommodating a neighbouring great power it cannot resist, while staying out of its camp
    /// (and of every camp against it).
    Finlandization,
    /// Fearing the strongest state without allying against it (not yet, or no partner is to be
    /// had): no support for it, and its way into the state's centres kept shut.
    SoftBalancing,
    /// Not free to choose: occupied, or ruled by a regime another state installed.
    Imposed,
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
    if let Some((act, _)) = report.acts.first().filter(|(_, w)| *w > 0.0) {
        let target = system.target_name(act.target);
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

#[cfg(test)]
mod tests {
    use rand::{Rng, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    use super::*;

    /// Camps as first written: a search from every state, each with lists of its own.
    fn camps_from_every_state(a: &Alignments) -> Vec<(Option<usize>, Vec<usize>)> {
        let n = a.len();
        let mut targets: Vec<Option<usize>> = a.alliances().iter().map(|x| x.2).collect();
        targets.sort();
        targets.dedup();
        let mut out = Vec::new();
        for t in targets {
            let mut seen = vec![false; n];
            for start in 0..n {
                if seen[start] {
                    continue;
                }
                let mut members = vec![start];
                seen[start] = true;
                let mut k = 0;
                while k < members.len() {
                    let m = members[k];
                    for o in 0..n {
                        if !seen[o] && a.allied[m * n + o] && a.against[m * n + o] == t {
                            seen[o] = true;
                            members.push(o);
                        }
                    }
                    k += 1;
                }
                if members.len() > 1 {
                    for j in 0..n {
                        let follows = a.patron[j].or(a.imposed[j]);
                        if follows.is_some_and(|p| members.contains(&p))
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

    /// Through random alliances, alignments, impositions and exits, the camps are those a search
    /// from every state finds, and a state's camps are the camps it stands in (none for a state
    /// without ties).
    #[test]
    fn camps_are_found_as_by_a_search_from_every_state() {
        let mut rng = ChaCha8Rng::seed_from_u64(18);
        for _ in 0..300 {
            let n = rng.random_range(2..10);
            let mut a = Alignments::new(n);
            for _ in 0..rng.random_range(0..12) {
                let (i, j, t) = (
                    rng.random_range(0..n),
                    rng.random_range(0..n),
                    rng.random_range(0..n),
                );
                match rng.random_range(0..8) {
                    0..=3 => a.ally_against(i, j, t),
                    4 => a.ally(i, j),
                    5 => a.align_with(i, j),
                    6 => a.impose(i, j),
                    _ => a.leave(i, j),
                }
                let camps = a.camps();
                assert_eq!(camps, camps_from_every_state(&a));
                for s in 0..n {
                    let standing: Vec<_> = camps
                        .iter()
                        .filter(|(_, m)| m.contains(&s))
                        .cloned()
                        .collect();
                    assert_eq!(a.camps_of(s), standing);
                }
            }
        }
    }
}
