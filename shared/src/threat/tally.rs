//! The ledger's memory kept as running sums, so that reading it costs the same in a game's
//! fortieth year as in its first.
//!
//! An act's [`memory`](super::memory) is its gravity halved every half-life, and the half-life
//! depends on the gravity alone: the acts of one actor against one target, of one class and one
//! gravity, decay together. The tally keeps one sum per such group, standing at the time of the
//! latest act: when a later act comes, every sum is multiplied by its decay over the time passed
//! (one `powf` per gravity), then the act's gravity is added. Read at a later time, each sum is
//! multiplied once more. The sums are a function of the acts in the order they were recorded
//! (plain f64 operations in a fixed order), not of when or how often they are read; they differ
//! from summing every act's memory afresh only in rounding.

use super::system::{Act, ActKind, Ledger};
use super::{half_life, memory};

/// A hostile act: weighed by the relevance of its victim.
pub(crate) const HOSTILE: u8 = 0;
/// Broken faith (an alliance broken or left): weighed as broken faith, against the own circle.
pub(crate) const BROKEN: u8 = 1;
/// A friendly act (aid, guarantee, concession).
pub(crate) const FRIENDLY: u8 = 2;

/// The class of an act's kind, as the threat model weighs them apart.
pub(crate) fn class_of(kind: ActKind) -> u8 {
    if kind.is_friendly() {
        FRIENDLY
    } else if matches!(kind, ActKind::BrokenAlliance | ActKind::LeftAlliance) {
        BROKEN
    } else {
        HOSTILE
    }
}

/// How much of an act's memory is left after `years`: `0.5^(years / half-life)`.
pub(crate) fn decay(gravity: f64, years: f64) -> f64 {
    0.5f64.powf(years / half_life(gravity))
}

/// One group's running sum: the remembered gravity of an actor's acts against one target, of
/// one class and one gravity, at the tally's time.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Sum {
    pub target: usize,
    pub class: u8,
    pub gravity: f64,
    pub value: f64,
}

/// Every actor's running sums (see the module's text).
#[derive(Debug, Clone, Default)]
pub(crate) struct Tally {
    /// The time the sums stand at: the latest act's time (minus infinity before any act).
    at: Option<f64>,
    /// `sums[actor]`, in the order the groups first appeared.
    sums: Vec<Vec<Sum>>,
}

impl Tally {
    pub fn new(states: usize) -> Tally {
        Tally {
            at: None,
            sums: vec![Vec::new(); states],
        }
    }

    /// The time the sums stand at, if any act was recorded.
    pub fn at(&self) -> Option<f64> {
        self.at
    }

    /// The running sums of `actor` (none for an actor the ledger is not kept for).
    pub fn sums_of(&self, actor: usize) -> &[Sum] {
        self.sums.get(actor).map_or(&[], Vec::as_slice)
    }

    /// Adds an act: a later one first moves every sum on to its time; an earlier one (an old
    /// act recorded late, as a file may list them) adds its memory at the tally's time.
    pub fn record(&mut self, act: &Act) {
        let remembered = match self.at {
            Some(at) if act.time > at => {
                self.move_to(act.time - at);
                self.at = Some(act.time);
                act.gravity
            }
            Some(at) if act.time < at => memory(act, at),
            Some(_) => act.gravity,
            None => {
                self.at = Some(act.time);
                act.gravity
            }
        };
        self.add(act, remembered);
    }

    /// The sums of a ledger's acts at `now`, each act's memory worked out on its own (acts
    /// after `now` count in full, as [`memory`] has them), in the ledger's order.
    pub fn afresh(ledger: &Ledger, now: f64) -> Tally {
        let mut tally = Tally::new(ledger.states());
        tally.at = Some(now);
        for actor in 0..ledger.states() {
            for act in ledger.acts_of(actor) {
                tally.add(act, memory(act, now));
            }
        }
        tally
    }

    /// Adds `remembered` to the act's group.
    fn add(&mut self, act: &Act, remembered: f64) {
        if self.sums.len() <= act.actor {
            self.sums.resize(act.actor + 1, Vec::new());
        }
        let class = class_of(act.kind);
        let sums = &mut self.sums[act.actor];
        let found = sums.iter_mut().find(|s| {
            s.target == act.target
                && s.class == class
                && s.gravity.to_bits() == act.gravity.to_bits()
        });
        match found {
            Some(s) => s.value += remembered,
            None => sums.push(Sum {
                target: act.target,
                class,
                gravity: act.gravity,
                value: remembered,
            }),
        }
    }

    /// Every sum decayed over `years`: one decay worked out per gravity.
    fn move_to(&mut self, years: f64) {
        let mut decays: Vec<(u64, f64)> = Vec::new();
        for s in self.sums.iter_mut().flatten() {
            let bits = s.gravity.to_bits();
            let d = match decays.iter().find(|(g, _)| *g == bits) {
                Some(&(_, d)) => d,
                None => {
                    let d = decay(s.gravity, years);
                    decays.push((bits, d));
                    d
                }
            };
            s.value *= d;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn act(time: f64, actor: usize, target: usize, kind: ActKind, gravity: f64) -> Act {
        Act {
            time,
            actor,
            target,
            kind,
            gravity,
            note: String::new(),
        }
    }

    /// The running sums hold what summing each act's memory afresh gives, to rounding.
    #[test]
    fn running_sums_remember_as_each_act_does() {
        let acts = [
            act(1901.0, 0, 1, ActKind::Attack, 0.25),
            act(1901.0, 0, 1, ActKind::Attack, 0.25),
            act(1901.5, 0, 1, ActKind::Attack, 0.45),
            act(1902.75, 0, 2, ActKind::Aid, 0.5),
            act(1899.0, 0, 1, ActKind::Attack, 0.25),
            act(1910.0, 1, 0, ActKind::BrokenAlliance, 0.8),
            act(1925.5, 0, 1, ActKind::Attack, 0.25),
        ];
        let mut tally = Tally::new(2);
        for a in &acts {
            tally.record(a);
        }
        let at = tally.at().expect("acts were recorded");
        assert_eq!(at, 1925.5);
        let mut seen = 0;
        for actor in 0..2 {
            for s in tally.sums_of(actor) {
                let want: f64 = acts
                    .iter()
                    .filter(|a| {
                        a.actor == actor
                            && a.target == s.target
                            && class_of(a.kind) == s.class
                            && a.gravity == s.gravity
                    })
                    .map(|a| memory(a, at))
                    .sum();
                assert!(
                    (s.value - want).abs() <= 1e-12 * want.max(1e-300),
                    "{actor}: {s:?} against {want}"
                );
                seen += 1;
            }
        }
        // Attacks of 0.25 and 0.45 on state 1, aid to 2, and state 1's broken faith.
        assert_eq!(seen, 4);
        assert_eq!(tally.sums_of(5).len(), 0);
    }
}
