//! Threat, by Walt's four criteria, compounding.
//!
//! Balance-of-threat theory (Stephen Walt, *The Origins of Alliances*, 1987) says states ally
//! against the state that threatens them most, and threat is more than power: it is
//! 1. **aggregate power**: resources, population, industry, military might;
//! 2. **geographic proximity**: power nearby threatens more than power far away;
//! 3. **offensive capability**: forces able to strike *you*, soon;
//! 4. **offensive intentions**: what a state has shown it means to do, by its acts.
//!
//! The criteria do not add up; they compound. Proximity is what makes power reach you, offence
//! is what lets it strike, and intentions decide whether the capability is aimed at you: a weak
//! or a peaceful neighbour is never a threat worth an alliance, an aggressive great power two
//! borders away is. For observer `i` and another state `j`, each criterion is a number from 0
//! to 1 (kept apart, so that it can be explained):
//!
//! - **power** `P = √(r · s)`: relative power `r = pⱼ / (pᵢ + pⱼ)` and standing
//!   `s = pⱼ / max p` (absolute power: the strongest state still sees a rising rival); both are
//!   needed to make `j` formidable, so that a middling neighbour stronger than the observer is
//!   not as formidable as the leading power;
//! - **proximity** `X = exp(−(d − 1) / L)`: how much of `j`'s power reaches `i` over `d`
//!   neighbour units, with a reach `L = 1.5 (1 + s)` that is longer for greater powers (the
//!   loss-of-strength gradient);
//! - **offence** `O`: the forces `j` can bring to bear on `i` (from the state system);
//! - **intentions** `I`: the acts on record, remembered by their gravity (see [`memory`]) and
//!   weighed by who the victim is to the observer (see [`relevance`]); friendly acts lower it.
//!
//! They combine as a weighted product, each factor raised to twice its weight (so with the
//! default weights of 0.25, the square root of the product):
//!
//! `threat = min(1, bias × P^2wP · X^2wX · (0.1 + 0.9·O)^2wO · (0.05 + 0.95·I)^2wI)`
//!
//! Offence and intentions have floors (0.1 and 0.05): forces not in place can be moved, and a
//! clean record is not a guarantee; but with no hostile act the threat stays below
//! `√0.05 ≈ 0.22`, under any alliance threshold.

pub mod file;
pub mod from_game;
pub mod generate;
pub mod system;
mod tally;

use tally::{BROKEN, FRIENDLY, HOSTILE, class_of, decay};

pub use system::{
    Act, ActKind, Actor, Imposition, Ledger, Outsider, StateSystem, SystemError, Tie, TieKind,
};

use crate::alignment::Alignments;

/// How far (in neighbour units) the power of a state of no standing reaches before it falls to
/// `1/e`; the strongest state's reaches twice as far (see [`reach`]).
pub const PROXIMITY_SCALE: f64 = 1.5;

/// How much a state's standing lengthens its reach: `L = PROXIMITY_SCALE × (1 + REACH_GAIN × s)`.
pub const REACH_GAIN: f64 = 1.0;

/// The half-life of the memory of an act of gravity 0 (an incident), in years.
pub const MEMORY_SHORT: f64 = 2.0;
/// The half-life of the memory of an act of gravity 1 (a war), in years.
pub const MEMORY_LONG: f64 = 20.0;

/// Years over which the memory of an act of middling gravity (0.5) halves: the geometric mean
/// of [`MEMORY_SHORT`] and [`MEMORY_LONG`].
pub const INTENTION_HALF_LIFE: f64 = 6.324_555_320_336_759;

/// How much an act against someone else tells an observer. In full when it is the target;
/// almost as much when the victim is its partner or a state it is bound to by friendly acts;
/// for a stranger, from [`RELEVANCE_NEAR`] next door down to [`RELEVANCE_FAR`] far away.
pub const RELEVANCE_SELF: f64 = 1.0;
pub const RELEVANCE_PARTNER: f64 = 0.8;
pub const RELEVANCE_NEAR: f64 = 0.3;
pub const RELEVANCE_FAR: f64 = 0.1;
/// A broken alliance worries everyone: who breaks faith with one may break it with anyone.
pub const RELEVANCE_BROKEN_FAITH: f64 = 0.7;
/// An act against the observer's own enemy tells it less: the relevance is cut by this share
/// of the enmity (`1 − ENEMY_DISCOUNT × enmity`).
pub const ENEMY_DISCOUNT: f64 = 0.7;
/// A friendly act towards the observer's enemy (arming it, guaranteeing it) counts as hostile
/// evidence, at this share of its weight times the enmity.
pub const ARMING_ENEMY: f64 = 0.5;
/// Acts against strangers show a state's general aggressiveness, which can make it at most this
/// hostile in an observer's eyes; acts against the observer, its partners and the states bound
/// to it by friendly acts can make it fully hostile.
pub const GENERAL_CAP: f64 = 0.5;

/// The floor of the offence factor: forces not in place today can be moved.
pub const OFFENCE_FLOOR: f64 = 0.1;
/// The floor of the intentions factor: a clean record is not a guarantee.
pub const AIM_FLOOR: f64 = 0.05;
/// Each factor is raised to this many times its weight.
pub const SHARPNESS: f64 = 2.0;

/// Proximity from a distance in neighbour units: 1 for neighbours, fading with distance (the
/// reach of a state of no standing).
pub fn proximity(distance: f64) -> f64 {
    projection(distance, 0.0)
}

/// How far the power of a state of this standing (0 to 1) reaches: the distance over which it
/// falls to `1/e` beyond the first border.
pub fn reach(standing: f64) -> f64 {
    PROXIMITY_SCALE * (1.0 + REACH_GAIN * standing.clamp(0.0, 1.0))
}

/// How much of a state's power reaches over `distance` neighbour units: 1 for neighbours,
/// `exp(−(d − 1) / reach)` beyond; 0 where no chain of borders leads.
pub fn projection(distance: f64, standing: f64) -> f64 {
    if !distance.is_finite() {
        return 0.0;
    }
    fade((distance.max(1.0) - 1.0) / reach(standing))
}

/// `e^−x`, exactly; 1 without working it out when `x` is 0, as it is for neighbours, for
/// pairs without acts and for states without friends.
#[inline]
fn fade(x: f64) -> f64 {
    if x == 0.0 { 1.0 } else { (-x).exp() }
}

/// The half-life of the memory of an act of this gravity, in years: from [`MEMORY_SHORT`] for
/// an incident to [`MEMORY_LONG`] for a war, geometrically between.
pub fn half_life(gravity: f64) -> f64 {
    MEMORY_SHORT * (MEMORY_LONG / MEMORY_SHORT).powf(gravity.clamp(0.0, 1.0))
}

/// How much an act weighs at `now`: its gravity, halved every [`half_life`] years since.
pub fn memory(act: &Act, now: f64) -> f64 {
    let age = (now - act.time).max(0.0);
    act.gravity * 0.5f64.powf(age / half_life(act.gravity))
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

    fn all(&self) -> [f64; 4] {
        [self.power, self.proximity, self.offence, self.intentions]
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

impl Parts {
    fn all(&self) -> [f64; 4] {
        [self.power, self.proximity, self.offence, self.intentions]
    }

    /// The factors that multiply: the parts, offence and intentions lifted by their floors.
    fn factors(&self) -> [f64; 4] {
        [
            self.power,
            self.proximity,
            OFFENCE_FLOOR + (1.0 - OFFENCE_FLOOR) * self.offence,
            AIM_FLOOR + (1.0 - AIM_FLOOR) * self.intentions,
        ]
    }
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
    /// The compounded threat times the bias, at most 1.
    pub total: f64,
    /// The acts behind the intention term, most telling first: (act, weight it carries now),
    /// at most [`REPORTED_ACTS`] of them. Then at most as many friendly acts that lower it, with
    /// a negative weight, the most reassuring last.
    pub acts: Vec<(Act, f64)>,
}

impl ThreatReport {
    /// Each criterion's share of the total, so that the four add up to it and none is more than
    /// its weight. The weighted parts `wₖ·xₖ` add up to their mean `M`; when the compounded total
    /// `T` is below it (the usual case: a product is below a mean), each share is `wₖ·xₖ·T/M`;
    /// when a bias lifts `T` above `M`, each share is `wₖ·xₖ` plus its part of the rest,
    /// `wₖ·(1 − xₖ)·(T − M)/(1 − M)`.
    pub fn contributions(&self) -> Parts {
        let c = contributions(&self.weights, &self.parts, self.total);
        Parts {
            power: c[0],
            proximity: c[1],
            offence: c[2],
            intentions: c[3],
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

fn contributions(weights: &Weights, parts: &Parts, total: f64) -> [f64; 4] {
    let w = weights.all();
    let x = parts.all();
    let mean: f64 = w.iter().zip(&x).map(|(w, x)| w * x).sum();
    let mut out = [0.0; 4];
    for k in 0..4 {
        out[k] = if total <= mean {
            if mean > 0.0 {
                w[k] * x[k] * total / mean
            } else {
                0.0
            }
        } else {
            let rest = (total - mean) / (1.0 - mean).max(f64::EPSILON);
            w[k] * x[k] + w[k] * (1.0 - x[k]) * rest
        };
    }
    out
}

/// Power: `√(relative · standing)`, where relative power is `pⱼ / (pᵢ + pⱼ)` and standing is
/// `pⱼ` against the strongest state's. Not faded here: proximity does that.
pub fn power_part(system: &StateSystem, i: usize, j: usize) -> f64 {
    power_with(system, i, j, top_power(system))
}

fn top_power(system: &StateSystem) -> f64 {
    system.power.iter().copied().fold(0.0, f64::max)
}

fn power_with(system: &StateSystem, i: usize, j: usize, top: f64) -> f64 {
    let (pi, pj) = (system.power[i], system.power[j]);
    let relative = if pi + pj > 0.0 { pj / (pi + pj) } else { 0.0 };
    let standing = if top > 0.0 { pj / top } else { 0.0 };
    (relative * standing).sqrt()
}

/// The distance from a state to an act's target, a state or an outsider (one step beyond the
/// states it lies near; 1 when the observer is one of them).
fn distance_to_target(system: &StateSystem, i: usize, target: usize) -> f64 {
    match system.ledger.outsider(target) {
        Some(o) if o.near.contains(&i) => 1.0,
        Some(o) => o
            .near
            .iter()
            .map(|&k| system.distance(i, k) + 1.0)
            .fold(f64::INFINITY, f64::min),
        None => system.distance(i, target),
    }
}

/// The ledger as remembered now, read once from its running sums (see [`tally`]): per actor,
/// the memory of its acts summed by target and class of act, and per pair of states the
/// remembered hostile and friendly acts of one against the other. Every threat of a phase reads
/// it; reading it costs the same however many acts are on record.
///
/// A phase reads the same ledger at the same time many times over (the threat matrix, then each
/// doctrine's reports), so each thread keeps the last recall and hands it out again while the
/// ledger (its stamp and its number of acts) and the time are the same (see [`Recall::of`]).
struct Recall {
    n: usize,
    /// The time it was read at, as bits.
    now: u64,
    /// The stamp of the ledger read (see [`Ledger`]: while its stamp and its number of acts are
    /// the same, so are its acts).
    stamp: u64,
    /// How many acts each actor had on record.
    counts: Vec<usize>,
    /// `marks[actor]`: the memory of its acts, summed by target and class, in the order the
    /// tally's groups first appeared.
    marks: Vec<Vec<Mark>>,
    /// `hostile[k * n + i]`: `k`'s hostile acts against `i`, remembered and summed.
    hostile: Vec<f64>,
    /// `friendly[from * n + to]`: friendly acts, remembered and summed.
    friendly: Vec<f64>,
    /// Each act's own memory by actor, worked out only when a report lists that actor's acts.
    memories: Vec<std::cell::OnceCell<Vec<f64>>>,
}

/// The remembered acts of one actor against one target, of one class.
#[derive(Debug, Clone, Copy)]
struct Mark {
    target: usize,
    /// How their weight is worked out: [`HOSTILE`], [`BROKEN`] or [`FRIENDLY`].
    class: u8,
    memory: f64,
}

/// A hasher for the memories' keys, two numbers' bits: each word mixed in with one multiply.
#[derive(Default)]
struct Mix(u64);

impl std::hash::Hasher for Mix {
    fn finish(&self) -> u64 {
        self.0 ^ (self.0 >> 29)
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(b as u64);
        }
    }
    fn write_u64(&mut self, word: u64) {
        self.0 = (self.0 ^ word)
            .rotate_left(23)
            .wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
}

/// Numbers already worked out from an age and a gravity (an act's memory, a sum's decay): acts
/// fall at a few times a year with a handful of gravities, so each pair is worked out once (two
/// `powf`) and then looked up, phase after phase.
#[derive(Default)]
struct Memories {
    known: std::collections::HashMap<(u64, u64), f64, std::hash::BuildHasherDefault<Mix>>,
}

/// More than this many pairs and the memories start again (a long world's odd times).
const MEMORIES_KEPT: usize = 1 << 16;

impl Memories {
    fn get_or(&mut self, age: f64, gravity: f64, work: impl FnOnce() -> f64) -> f64 {
        let key = (age.to_bits(), gravity.to_bits());
        if let Some(&m) = self.known.get(&key) {
            return m;
        }
        if self.known.len() >= MEMORIES_KEPT {
            self.known.clear();
        }
        let m = work();
        self.known.insert(key, m);
        m
    }

    /// [`memory`] of `act` at `now`, exactly.
    fn of(&mut self, act: &Act, now: f64) -> f64 {
        let age = (now - act.time).max(0.0);
        self.get_or(age, act.gravity, || memory(act, now))
    }
}

thread_local! {
    /// The last recall this thread made.
    static LAST_RECALL: std::cell::RefCell<Option<std::rc::Rc<Recall>>> =
        const { std::cell::RefCell::new(None) };
    /// The acts' memories this thread has worked out.
    static MEMORIES: std::cell::RefCell<Memories> = std::cell::RefCell::new(Memories::default());
    /// The sums' decays this thread has worked out.
    static DECAYS: std::cell::RefCell<Memories> = std::cell::RefCell::new(Memories::default());
}

/// Runs `f` with this thread's memories of `cache` (or fresh ones, if they are in use).
fn with_cache<T>(
    cache: &'static std::thread::LocalKey<std::cell::RefCell<Memories>>,
    f: impl FnOnce(&mut Memories) -> T,
) -> T {
    let mut f = Some(f);
    let kept = cache.with(|m| match m.try_borrow_mut() {
        Ok(mut memories) => f.take().map(|f| f(&mut memories)),
        Err(_) => None,
    });
    match (kept, f) {
        (Some(out), _) => out,
        (None, Some(f)) => f(&mut Memories::default()),
        (None, None) => unreachable!("the work ran or it is still here"),
    }
}

impl Recall {
    /// The ledger as remembered at the system's time: the last recall made on this thread when
    /// it was made at the same time from the same ledger with as many acts, so exactly the
    /// recall this ledger would give; otherwise a new one, which is then kept.
    fn of(system: &StateSystem) -> std::rc::Rc<Recall> {
        let last = LAST_RECALL.with(|l| l.borrow().clone());
        if let Some(r) = &last
            && r.reads(system)
        {
            return r.clone();
        }
        let r = std::rc::Rc::new(Recall::read(system));
        LAST_RECALL.with(|l| *l.borrow_mut() = Some(r.clone()));
        r
    }

    /// Whether this recall is the one `system`'s ledger gives now.
    fn reads(&self, system: &StateSystem) -> bool {
        let ledger = &system.ledger;
        self.n == system.len()
            && self.now == system.now.to_bits()
            && self.stamp == ledger.stamp()
            && ledger.states() >= self.n
            && (0..self.n).all(|k| self.counts[k] == ledger.acts_of(k).len())
    }

    /// Reads the ledger's running sums at the system's time.
    fn read(system: &StateSystem) -> Recall {
        let ledger = &system.ledger;
        let now = system.now;
        // The sums stand at the latest act's time and decay once more to now. Read before that
        // time (never in a game), acts still to come count in full, as [`memory`] has them: the
        // sums are then worked out afresh at `now`.
        match ledger.tally().at() {
            Some(at) if now < at => {
                Recall::read_from(system, &tally::Tally::afresh(ledger, now), 0.0)
            }
            Some(at) => Recall::read_from(system, ledger.tally(), now - at),
            None => Recall::read_from(system, ledger.tally(), 0.0),
        }
    }

    /// Reads these sums, decayed over `years`, as the recall of `system`'s ledger at its time.
    fn read_from(system: &StateSystem, tally: &tally::Tally, years: f64) -> Recall {
        let n = system.len();
        let ledger = &system.ledger;
        let now = system.now;
        let mut hostile = vec![0.0; n * n];
        let mut friendly = vec![0.0; n * n];
        let marks: Vec<Vec<Mark>> = with_cache(&DECAYS, |decays| {
            (0..n)
                .map(|k| {
                    let mut marks: Vec<Mark> = Vec::new();
                    for s in tally.sums_of(k) {
                        let m = if years == 0.0 {
                            s.value
                        } else {
                            s.value * decays.get_or(years, s.gravity, || decay(s.gravity, years))
                        };
                        match marks
                            .iter_mut()
                            .find(|x| x.target == s.target && x.class == s.class)
                        {
                            Some(x) => x.memory += m,
                            None => marks.push(Mark {
                                target: s.target,
                                class: s.class,
                                memory: m,
                            }),
                        }
                        if s.target < n {
                            let sums = if s.class == FRIENDLY {
                                &mut friendly
                            } else {
                                &mut hostile
                            };
                            sums[k * n + s.target] += m;
                        }
                    }
                    marks
                })
                .collect()
        });
        Recall {
            n,
            now: now.to_bits(),
            stamp: ledger.stamp(),
            counts: (0..n)
                .map(|k| {
                    if k < ledger.states() {
                        ledger.acts_of(k).len()
                    } else {
                        0
                    }
                })
                .collect(),
            marks,
            hostile,
            friendly,
            memories: (0..n).map(|_| std::cell::OnceCell::new()).collect(),
        }
    }

    /// Each act of `actor`'s own [`memory`] now, in the ledger's order.
    fn memories_of<'a>(&'a self, system: &StateSystem, actor: usize) -> &'a [f64] {
        self.memories[actor].get_or_init(|| {
            let now = f64::from_bits(self.now);
            with_cache(&MEMORIES, |memories| {
                system
                    .ledger
                    .acts_of(actor)
                    .iter()
                    .map(|a| memories.of(a, now))
                    .collect()
            })
        })
    }

    fn enmity(&self, i: usize, k: usize) -> f64 {
        if k >= self.n || i == k {
            return 0.0;
        }
        1.0 - fade(self.hostile[k * self.n + i])
    }

    fn bond(&self, i: usize, k: usize) -> f64 {
        if k >= self.n || i == k {
            return 0.0;
        }
        1.0 - fade(self.friendly[i * self.n + k] + self.friendly[k * self.n + i])
    }
}

/// What an act's victim means to one observer, worked out once per victim (a state or an
/// outsider) instead of once per act: the relevance of a hostile act against it (and of broken
/// faith with it), whether it is close to the observer, and its enmity to the observer (which
/// makes friendly acts towards it hostile evidence). The numbers are those of
/// [`relevance_with`], [`close_victim`] and [`Recall::enmity`], so an act's weight is the same.
struct Lens {
    i: usize,
    /// By victim and class of act (`victim * 3 + class`): how an act's weight is made of its
    /// memory, as [`Lens::weigh`] makes it.
    slots: Vec<Slot>,
}

/// An act's weight is `memory * factor`, or `memory * ARMING_ENEMY * factor` when `half`
/// (a friendly act towards an enemy), multiplied in that order; `own` says whether it is
/// evidence against the observer's own circle.
#[derive(Clone, Copy)]
struct Slot {
    factor: f64,
    half: bool,
    own: bool,
}

impl Lens {
    fn of(
        system: &StateSystem,
        recall: &Recall,
        partner: &dyn Fn(usize) -> bool,
        i: usize,
    ) -> Lens {
        let targets = system.len() + system.ledger.outsiders().len();
        let mut slots = Vec::with_capacity(targets * 3);
        for k in 0..targets {
            let attack = Act {
                time: 0.0,
                actor: i,
                target: k,
                kind: ActKind::Attack,
                gravity: 0.0,
                note: String::new(),
            };
            let relevance = relevance_with(system, recall, partner, i, &attack);
            // What `relevance_with` gives broken faith: the same, at least
            // RELEVANCE_BROKEN_FAITH, but RELEVANCE_SELF for the observer itself.
            let broken_faith = if k == i {
                RELEVANCE_SELF
            } else {
                relevance.max(RELEVANCE_BROKEN_FAITH)
            };
            let close = close_victim(system, recall, partner, i, k);
            let hostile = Slot {
                factor: relevance,
                half: false,
                own: close,
            };
            let broken = Slot {
                factor: broken_faith,
                half: false,
                own: true,
            };
            // A friendly act towards the observer weighs `-memory` (exactly `memory * -1`).
            let friendly = if k == i {
                Slot {
                    factor: -1.0,
                    half: false,
                    own: close,
                }
            } else {
                Slot {
                    factor: recall.enmity(i, k),
                    half: true,
                    own: close,
                }
            };
            let mut three = [hostile; 3];
            three[HOSTILE as usize] = hostile;
            three[BROKEN as usize] = broken;
            three[FRIENDLY as usize] = friendly;
            slots.extend(three);
        }
        Lens { i, slots }
    }

    /// The weight acts of this class against `target`, remembered at `remembered`, carry in
    /// the observer's eyes, as [`weight_with`] gives it, and whether they are evidence against
    /// the observer's own circle (see [`intentions_part`]).
    #[inline]
    fn weigh(
        &self,
        system: &StateSystem,
        recall: &Recall,
        partner: &dyn Fn(usize) -> bool,
        target: usize,
        class: u8,
        remembered: f64,
    ) -> (f64, bool) {
        match self.slots.get(target * 3 + class as usize) {
            Some(slot) => {
                let m = if slot.half {
                    remembered * ARMING_ENEMY
                } else {
                    remembered
                };
                (m * slot.factor, slot.own)
            }
            None => {
                // A target outside the system and its outsiders: worked out as it comes.
                let act = Act {
                    time: system.now,
                    actor: self.i,
                    target,
                    kind: match class {
                        FRIENDLY => ActKind::Aid,
                        BROKEN => ActKind::BrokenAlliance,
                        _ => ActKind::Attack,
                    },
                    gravity: 0.0,
                    note: String::new(),
                };
                let w = weight_with(system, recall, partner, self.i, &act, remembered);
                let own = close_victim(system, recall, partner, self.i, target) || class == BROKEN;
                (w, own)
            }
        }
    }
}

/// How much `k` is `i`'s enemy, from 0 to 1: by `k`'s own hostile acts against `i`.
pub fn enmity(system: &StateSystem, i: usize, k: usize) -> f64 {
    Recall::of(system).enmity(i, k)
}

/// How much `i` and `k` are bound by friendly acts (aid, guarantees, concessions) either way,
/// from 0 to 1.
pub fn bond(system: &StateSystem, i: usize, k: usize) -> f64 {
    Recall::of(system).bond(i, k)
}

/// How much a hostile act on its victim tells observer `i`, from 0 to 1: in full when `i` is the
/// victim; for another victim, by how near it lies to `i` (from [`RELEVANCE_NEAR`] for a
/// neighbour to [`RELEVANCE_FAR`] far away) or, if more, by how close it stands to `i`
/// ([`RELEVANCE_PARTNER`] for a partner, times the bond for a state bound to it by friendly
/// acts); cut when the victim is `i`'s own enemy; and never below [`RELEVANCE_BROKEN_FAITH`] for
/// a broken alliance.
pub fn relevance(system: &StateSystem, alignments: &Alignments, i: usize, act: &Act) -> f64 {
    relevance_with(
        system,
        &Recall::of(system),
        &|k| alignments.are_allied(i, k),
        i,
        act,
    )
}

/// [`relevance`], with `i`'s partners given by `partner`.
fn relevance_with(
    system: &StateSystem,
    recall: &Recall,
    partner: &dyn Fn(usize) -> bool,
    i: usize,
    act: &Act,
) -> f64 {
    let k = act.target;
    if k == i {
        return RELEVANCE_SELF;
    }
    let near = proximity(distance_to_target(system, i, k));
    let mut r = RELEVANCE_FAR + (RELEVANCE_NEAR - RELEVANCE_FAR) * near;
    if k < system.len() {
        let tie = if partner(k) { 1.0 } else { recall.bond(i, k) };
        r = r.max(RELEVANCE_PARTNER * tie);
        r *= 1.0 - ENEMY_DISCOUNT * recall.enmity(i, k);
    }
    if act.kind == ActKind::BrokenAlliance || act.kind == ActKind::LeftAlliance {
        r = r.max(RELEVANCE_BROKEN_FAITH);
    }
    r
}

/// The weight an act of `j` carries in `i`'s eyes now: positive as hostile evidence, negative
/// as reassurance. A friendly act reassures its target; towards the observer's enemy it is
/// hostile evidence ([`ARMING_ENEMY`] × enmity); towards anyone else it says nothing to `i`.
pub fn act_weight(system: &StateSystem, alignments: &Alignments, i: usize, act: &Act) -> f64 {
    weight_with(
        system,
        &Recall::of(system),
        &|k| alignments.are_allied(i, k),
        i,
        act,
        memory(act, system.now),
    )
}

/// [`act_weight`], with the ledger's recall, `i`'s partners given by `partner`, and the act's
/// memory as read from the recall.
fn weight_with(
    system: &StateSystem,
    recall: &Recall,
    partner: &dyn Fn(usize) -> bool,
    i: usize,
    act: &Act,
    remembered: f64,
) -> f64 {
    if act.kind.is_friendly() {
        if act.target == i {
            -remembered
        } else {
            remembered * ARMING_ENEMY * recall.enmity(i, act.target)
        }
    } else {
        remembered * relevance_with(system, recall, partner, i, act)
    }
}

/// Whether an act's victim is close to observer `i`: `i` itself, a partner, or a state bound to
/// it by friendly acts.
fn close_victim(
    system: &StateSystem,
    recall: &Recall,
    partner: &dyn Fn(usize) -> bool,
    i: usize,
    k: usize,
) -> bool {
    k == i || (k < system.len() && (partner(k) || recall.bond(i, k) >= 0.5))
}

/// How hostile `j`'s acts against strangers can make it: [`GENERAL_CAP`] for an ordinary state,
/// rising to 1 as `j` nears hegemony (half of all power). A state bidding for hegemony has no
/// strangers: what it does to others it is on its way to doing to everyone (Walt: the more
/// expansionist a state appears, the more likely an opposing coalition).
pub fn general_cap(system: &StateSystem, j: usize) -> f64 {
    GENERAL_CAP + (1.0 - GENERAL_CAP) * hegemony(system, j)
}

/// How near `j` stands to hegemony, from 0 to 1: its share of all power above an equal share,
/// against the way from an equal share to half of all power.
pub fn hegemony(system: &StateSystem, j: usize) -> f64 {
    let total: f64 = system.power.iter().sum();
    let n = system.len();
    if total <= 0.0 || n < 3 {
        return 0.0;
    }
    let equal = 1.0 / n as f64;
    ((system.power[j] / total - equal) / (0.5 - equal)).clamp(0.0, 1.0)
}

/// Intentions from the ledger: the acts' weights summed into hostile evidence against the
/// observer's own circle `D` (itself, its partners, states bound to it; and broken faith with
/// anyone, since who breaks faith with one may break it with anyone), hostile evidence against
/// everyone else `G`, and reassurance `F`;
/// `I = (1 − (1 − (1 − e^−D)) · (1 − cap · (1 − e^−G))) · e^−F`, the cap from [`general_cap`].
fn intentions_part(
    system: &StateSystem,
    recall: &Recall,
    lens: &Lens,
    partner: &dyn Fn(usize) -> bool,
    j: usize,
) -> f64 {
    let (mut direct, mut general, mut friendly) = (0.0, 0.0, 0.0);
    for mark in &recall.marks[j] {
        if mark.target == j {
            continue;
        }
        let (w, own_circle) = lens.weigh(
            system,
            recall,
            partner,
            mark.target,
            mark.class,
            mark.memory,
        );
        if w < 0.0 {
            friendly -= w;
        } else if own_circle {
            direct += w;
        } else {
            general += w;
        }
    }
    let d = 1.0 - fade(direct);
    let g = general_cap(system, j) * (1.0 - fade(general));
    (1.0 - (1.0 - d) * (1.0 - g)) * fade(friendly)
}

/// Whether each state is `i`'s partner, by [`Alignments::are_allied`]: the lens and the parts
/// ask it for every act's victim, and a list read is cheaper than the ties asked again.
fn partners_of(alignments: &Alignments, i: usize) -> Vec<bool> {
    (0..alignments.len())
        .map(|k| alignments.are_allied(i, k))
        .collect()
}

/// The four parts for observer `i` looking at `j`.
pub fn parts(system: &StateSystem, alignments: &Alignments, i: usize, j: usize) -> Parts {
    let recall = Recall::of(system);
    let partner = |k: usize| alignments.are_allied(i, k);
    let lens = Lens::of(system, &recall, &partner, i);
    parts_for(system, &recall, &lens, &partner, j, top_power(system))
}

/// The four parts for the lens's observer looking at `j`, its partners given by `partner`.
fn parts_for(
    system: &StateSystem,
    recall: &Recall,
    lens: &Lens,
    partner: &dyn Fn(usize) -> bool,
    j: usize,
    top: f64,
) -> Parts {
    let i = lens.i;
    let standing = if top > 0.0 {
        system.power[j] / top
    } else {
        0.0
    };
    Parts {
        power: power_with(system, i, j, top),
        proximity: projection(system.distance(i, j), standing),
        offence: system.offence(j, i).clamp(0.0, 1.0),
        intentions: intentions_part(system, recall, lens, partner, j),
    }
}

/// The state `i` would fear most if it were also allied with `partner` (acts against a partner
/// weigh more in its eyes): what a balancer checks before joining a camp, so that it does not
/// join one that would then hold its greatest threat. Only the threats of states that have acted
/// against `partner` change; the others are read from `threats`.
pub fn greatest_if_allied(
    system: &StateSystem,
    alignments: &Alignments,
    threats: &ThreatMatrix,
    i: usize,
    partner: usize,
) -> Option<(usize, f64)> {
    let top = top_power(system);
    let w = system.actors[i].weights;
    let allied = |k: usize| k == partner || alignments.are_allied(i, k);
    let already = alignments.are_allied(i, partner);
    let recall = Recall::of(system);
    let touched = |j: usize| !already && recall.marks[j].iter().any(|m| m.target == partner);
    if !(0..system.len()).any(|j| j != i && touched(j)) {
        // Nobody has acted against the partner: every threat stays as it is.
        return (0..system.len())
            .filter(|&j| j != i)
            .map(|j| (j, threats.threat(i, j)))
            .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)));
    }
    let lens = Lens::of(system, &recall, &allied, i);
    (0..system.len())
        .filter(|&j| j != i)
        .map(|j| {
            if touched(j) {
                let p = parts_for(system, &recall, &lens, &allied, j, top);
                (j, total(&w, &p, bias(system, i, j)))
            } else {
                (j, threats.threat(i, j))
            }
        })
        .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)))
}

fn bias(system: &StateSystem, i: usize, j: usize) -> f64 {
    system.actors[i]
        .bias
        .iter()
        .find(|(k, _)| *k == j)
        .map_or(1.0, |(_, f)| *f)
}

/// The compounded threat of these parts, before any bias: each factor raised to
/// [`SHARPNESS`] times its weight, multiplied.
pub fn compound(w: &Weights, p: &Parts) -> f64 {
    w.all()
        .iter()
        .zip(p.factors())
        .map(|(w, f)| raised(f.max(0.0), SHARPNESS * w))
        .product()
}

/// How many powers [`raised`] keeps (a power of two).
const POWERS_KEPT: usize = 1 << 10;

thread_local! {
    /// The powers this thread has worked out, one a slot chosen by the pair's bits: (base's
    /// bits, exponent's bits, power). A base's bits are never those of a NaN, which marks a free
    /// slot.
    static POWERS: std::cell::RefCell<Vec<(u64, u64, f64)>> =
        std::cell::RefCell::new(vec![(u64::MAX, 0, 0.0); POWERS_KEPT]);
}

/// `x.powf(y)` for a base `x` that is not NaN, exactly: 1 for a base of 1 (as `powf` gives for
/// every exponent), otherwise looked up when this thread worked it out before. A phase's matrix
/// and the reports after it raise the same parts to the same weights again and again (a pair's
/// power, proximity and offence change only with the board), and `powf` was a fifth of the
/// matrix's cost.
fn raised(x: f64, y: f64) -> f64 {
    if x == 1.0 {
        return 1.0;
    }
    let key = (x.to_bits(), y.to_bits());
    let slot = ((key.0 ^ key.1.rotate_left(29)).wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 54) as usize
        & (POWERS_KEPT - 1);
    POWERS.with(|powers| {
        let mut powers = powers.borrow_mut();
        let (bx, by, power) = powers[slot];
        if (bx, by) == key {
            return power;
        }
        let power = x.powf(y);
        powers[slot] = (key.0, key.1, power);
        power
    })
}

/// The capability `j` can bring against `i`, whatever its intentions: the compounded power,
/// proximity and offence factors, from 0 to 1 (the threat it would be if fully hostile).
pub fn capability(w: &Weights, p: &Parts) -> f64 {
    let full = Parts {
        intentions: 1.0,
        ..*p
    };
    compound(w, &full)
}

fn total(w: &Weights, p: &Parts, bias: f64) -> f64 {
    (compound(w, p) * bias).clamp(0.0, 1.0)
}

/// How many hostile acts a report lists at most, and as many friendly ones: what is shown of a
/// threat is its most telling acts (a clause names the first, a player's lens five), and copying
/// every act that still weighs made each report cost more as the game went on.
pub const REPORTED_ACTS: usize = 8;

/// The full report for observer `i` about `j`.
pub fn report(system: &StateSystem, alignments: &Alignments, i: usize, j: usize) -> ThreatReport {
    let recall = Recall::of(system);
    let partners = partners_of(alignments, i);
    let partner = |k: usize| partners.get(k).copied().unwrap_or(false);
    let lens = Lens::of(system, &recall, &partner, i);
    let parts = parts_for(system, &recall, &lens, &partner, j, top_power(system));
    let weights = system.actors[i].weights;
    let bias = bias(system, i, j);
    let ledger = system.ledger.acts_of(j);
    let memories = recall.memories_of(system, j);
    // Chosen and sorted by weight as (index, weight) pairs, then copied in that order.
    let weighed: Vec<(usize, f64)> = ledger
        .iter()
        .zip(memories)
        .enumerate()
        .filter(|(_, (a, _))| a.target != j)
        .map(|(k, (a, &m))| {
            let class = class_of(a.kind);
            (
                k,
                lens.weigh(system, &recall, &partner, a.target, class, m).0,
            )
        })
        .filter(|(_, w)| w.abs() > 0.01)
        .collect();
    // By weight, greatest first; equal weights in the ledger's order.
    let order = |a: &(usize, f64), b: &(usize, f64)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
    let (mut hostile, mut friendly): (Vec<_>, Vec<_>) =
        weighed.into_iter().partition(|&(_, w)| w > 0.0);
    if hostile.len() > REPORTED_ACTS {
        hostile.select_nth_unstable_by(REPORTED_ACTS - 1, order);
        hostile.truncate(REPORTED_ACTS);
    }
    hostile.sort_unstable_by(order);
    if friendly.len() > REPORTED_ACTS {
        // The most reassuring are the last in that order.
        let cut = friendly.len() - REPORTED_ACTS;
        friendly.select_nth_unstable_by(cut, order);
        friendly.drain(..cut);
    }
    friendly.sort_unstable_by(order);
    let acts: Vec<(Act, f64)> = hostile
        .iter()
        .chain(&friendly)
        .map(|&(k, w)| (ledger[k].clone(), w))
        .collect();
    ThreatReport {
        observer: i,
        of: j,
        parts,
        weights,
        bias,
        total: total(&weights, &parts, bias),
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
        ThreatMatrix::compute_keeping(system, alignments, None)
    }

    /// The matrix of the same system (board, ledger and time) after its ties changed from
    /// `before` to `alignments`, `previous` being the matrix before: exactly what
    /// [`ThreatMatrix::compute`] gives, but an observer whose partners are the same sees every
    /// state as before, so its row is taken from `previous` instead of worked out again.
    pub fn after_ties(
        system: &StateSystem,
        alignments: &Alignments,
        before: &Alignments,
        previous: &ThreatMatrix,
    ) -> ThreatMatrix {
        if previous.n != system.len() {
            return ThreatMatrix::compute(system, alignments);
        }
        ThreatMatrix::compute_keeping(system, alignments, Some((before, previous)))
    }

    fn compute_keeping(
        system: &StateSystem,
        alignments: &Alignments,
        keep: Option<(&Alignments, &ThreatMatrix)>,
    ) -> ThreatMatrix {
        let n = system.len();
        let top = top_power(system);
        let mut recall = None;
        let mut parts = vec![Parts::default(); n * n];
        let mut total = vec![0.0; n * n];
        for i in 0..n {
            // A row depends on the ties only through the observer's partners.
            if let Some((before, previous)) = keep
                && (0..n).all(|k| before.are_allied(i, k) == alignments.are_allied(i, k))
            {
                let row = i * n..(i + 1) * n;
                parts[row.clone()].copy_from_slice(&previous.parts[row.clone()]);
                total[row.clone()].copy_from_slice(&previous.total[row]);
                continue;
            }
            let recall = recall.get_or_insert_with(|| Recall::of(system));
            let w = system.actors[i].weights;
            let partners = partners_of(alignments, i);
            let partner = |k: usize| partners.get(k).copied().unwrap_or(false);
            let lens = Lens::of(system, recall, &partner, i);
            for j in 0..n {
                if i == j {
                    continue;
                }
                let p = parts_for(system, recall, &lens, &partner, j, top);
                total[i * n + j] = self::total(&w, &p, bias(system, i, j));
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contributions_add_up_and_stay_within_their_weights() {
        let w = Weights::default();
        let cases = [
            Parts {
                power: 1.0,
                proximity: 1.0,
                offence: 1.0,
                intentions: 0.0,
            },
            Parts {
                power: 0.3,
                proximity: 0.9,
                offence: 0.2,
                intentions: 0.7,
            },
            Parts::default(),
        ];
        for p in cases {
            for bias in [0.0, 0.5, 1.0, 1.5, 4.0, 50.0] {
                let t = total(&w, &p, bias);
                let c = contributions(&w, &p, t);
                let sum: f64 = c.iter().sum();
                assert!((sum - t).abs() < 1e-9, "{p:?} {bias}: {c:?} vs {t}");
                for (k, wk) in w.all().iter().enumerate() {
                    assert!(c[k] >= -1e-12 && c[k] <= wk + 1e-12, "{p:?} {bias}: {c:?}");
                }
            }
        }
    }

    #[test]
    fn without_hostile_acts_no_threat_reaches_the_peaceful_ceiling() {
        let full = Parts {
            power: 1.0,
            proximity: 1.0,
            offence: 1.0,
            intentions: 0.0,
        };
        let t = compound(&Weights::default(), &full);
        assert!((t - AIM_FLOOR.sqrt()).abs() < 1e-12, "{t}");
    }

    #[test]
    fn memory_lasts_by_gravity() {
        let act = |gravity: f64, time: f64| Act {
            time,
            actor: 0,
            target: 1,
            kind: ActKind::Attack,
            gravity,
            note: String::new(),
        };
        // A war twenty years back still weighs half; an incident four years back a quarter.
        assert!((memory(&act(1.0, 1980.0), 2000.0) - 0.5).abs() < 1e-9);
        assert!(memory(&act(0.0001, 1996.0), 2000.0) / 0.0001 < 0.26);
    }

    /// Intentions as they were summed before the recall and the lens: every act's memory and
    /// weight worked out afresh, act by act.
    fn intentions_act_by_act(
        system: &StateSystem,
        partner: &dyn Fn(usize) -> bool,
        i: usize,
        j: usize,
    ) -> f64 {
        // The ledger's sums worked out afresh, each act's memory on its own.
        let afresh = tally::Tally::afresh(&system.ledger, system.now);
        let recall = Recall::read_from(system, &afresh, 0.0);
        let (mut direct, mut general, mut friendly) = (0.0, 0.0, 0.0);
        for a in system.ledger.acts_of(j) {
            if a.target == j {
                continue;
            }
            let w = weight_with(system, &recall, partner, i, a, memory(a, system.now));
            if w < 0.0 {
                friendly -= w;
            } else if close_victim(system, &recall, partner, i, a.target)
                || matches!(a.kind, ActKind::BrokenAlliance | ActKind::LeftAlliance)
            {
                direct += w;
            } else {
                general += w;
            }
        }
        let d = 1.0 - (-direct).exp();
        let g = general_cap(system, j) * (1.0 - (-general).exp());
        (1.0 - (1.0 - d) * (1.0 - g)) * (-friendly).exp()
    }

    /// A generated world with acts of every kind, on states, on itself and on outsiders, over
    /// twenty years, and a few alliances.
    fn busy_world(n: usize, seed: u64) -> (StateSystem, Alignments) {
        use rand::{Rng, SeedableRng};
        let mut system = generate::generated_world(n, seed);
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
        for k in 0..3 {
            system.ledger.add_outsider(Outsider {
                code: format!("O{k}"),
                name: format!("Outsider {k}"),
                near: (0..k + 1).map(|_| rng.random_range(0..n)).collect(),
            });
        }
        let kinds = [
            ActKind::Attack,
            ActKind::SupportOfAttack,
            ActKind::BrokenAlliance,
            ActKind::BuildUp,
            ActKind::PublicClaim,
            ActKind::LeftAlliance,
            ActKind::Aid,
            ActKind::Guarantee,
            ActKind::Concession,
        ];
        for _ in 0..40 * n {
            let actor = rng.random_range(0..n);
            system.ledger.record(Act {
                time: 1980.0 + 0.25 * rng.random_range(0..80) as f64,
                actor,
                target: rng.random_range(0..n + 3),
                kind: kinds[rng.random_range(0..kinds.len())],
                gravity: [0.08, 0.15, 0.25, 0.45, 0.7, 1.0][rng.random_range(0..6)],
                note: String::new(),
            });
        }
        let mut alignments = Alignments::new(n);
        for _ in 0..n / 3 {
            let (a, b) = (rng.random_range(0..n), rng.random_range(0..n));
            if a != b {
                alignments.ally(a, b);
            }
        }
        (system, alignments)
    }

    /// Whether two intentions are the same but for rounding: the running sums add and decay in
    /// another order than act by act.
    fn same_but_rounding(got: f64, want: f64) -> bool {
        (got - want).abs() <= 1e-12
    }

    /// The recall, the lens and the running sums give every threat what summing act by act
    /// gives, but for rounding, also after the ledger grows and time moves on; the acts a
    /// report lists carry exactly (to the bit) their own weight.
    #[test]
    fn the_recall_and_the_lens_sum_as_act_by_act() {
        let (mut system, alignments) = busy_world(24, 5);
        for round in 0..3 {
            let n = system.len();
            let threats = ThreatMatrix::compute(&system, &alignments);
            for i in 0..n {
                let partner = |k: usize| alignments.are_allied(i, k);
                for j in (0..n).filter(|&j| j != i) {
                    let want = intentions_act_by_act(&system, &partner, i, j);
                    let got = threats.parts(i, j).intentions;
                    assert!(
                        same_but_rounding(got, want),
                        "round {round}: {i} of {j}: {got} against {want}"
                    );
                    assert_eq!(
                        parts(&system, &alignments, i, j).intentions.to_bits(),
                        got.to_bits()
                    );
                }
                // With one more partner, as a balancer looks at a camp.
                let other = (i + 1) % n;
                let allied = |k: usize| k == other || alignments.are_allied(i, k);
                let recall = Recall::of(&system);
                let lens = Lens::of(&system, &recall, &allied, i);
                for j in (0..n).filter(|&j| j != i) {
                    let p = parts_for(&system, &recall, &lens, &allied, j, top_power(&system));
                    let want = intentions_act_by_act(&system, &allied, i, j);
                    assert!(
                        same_but_rounding(p.intentions, want),
                        "{i} of {j}, allied: {} against {want}",
                        p.intentions
                    );
                }
            }
            // The report's acts carry each act's own weight.
            let (i, j) = (1, 2);
            let report = report(&system, &alignments, i, j);
            for (act, w) in &report.acts {
                let want = act_weight(&system, &alignments, i, act);
                assert_eq!(w.to_bits(), want.to_bits());
            }
            // The ledger grows and time moves on: nothing read before may be handed out again.
            system.now += 0.5;
            system.ledger.record(Act {
                time: system.now,
                actor: 3,
                target: 4,
                kind: ActKind::Attack,
                gravity: 0.45,
                note: String::new(),
            });
        }
    }

    /// A report lists the most telling hostile acts and the most reassuring friendly ones, at
    /// most [`REPORTED_ACTS`] of each, as the whole list sorted by weight would begin and end.
    #[test]
    fn a_report_lists_the_most_telling_acts() {
        let (system, alignments) = busy_world(12, 4);
        let mut cut = 0;
        for i in 0..system.len() {
            for j in (0..system.len()).filter(|&j| j != i) {
                let mut all: Vec<(Act, f64)> = system
                    .ledger
                    .acts_of(j)
                    .iter()
                    .filter(|a| a.target != j)
                    .map(|a| (a.clone(), act_weight(&system, &alignments, i, a)))
                    .filter(|(_, w)| w.abs() > 0.01)
                    .collect();
                all.sort_by(|a, b| b.1.total_cmp(&a.1));
                let hostile = all.iter().filter(|(_, w)| *w > 0.0).count();
                let friendly = all.len() - hostile;
                let mut want: Vec<(Act, f64)> = all[..hostile.min(REPORTED_ACTS)].to_vec();
                want.extend_from_slice(&all[all.len() - friendly.min(REPORTED_ACTS)..]);
                let got = report(&system, &alignments, i, j).acts;
                assert_eq!(got.len(), want.len(), "{i} of {j}");
                for ((a, w), (b, v)) in got.iter().zip(&want) {
                    assert_eq!(a, b, "{i} of {j}");
                    assert_eq!(w.to_bits(), v.to_bits(), "{i} of {j}");
                }
                cut += usize::from(hostile > REPORTED_ACTS) + usize::from(friendly > REPORTED_ACTS);
            }
        }
        assert!(cut > 10, "only {cut} lists were cut");
    }

    /// After a change of ties alone, the matrix that keeps the rows of observers whose partners
    /// are the same is the matrix worked out afresh, to the bit.
    #[test]
    fn a_change_of_ties_keeps_exactly_the_rows_it_does_not_touch() {
        let (system, mut alignments) = busy_world(12, 9);
        let mut threats = ThreatMatrix::compute(&system, &alignments);
        let n = system.len();
        for (a, b, c) in [(0, 1, 2), (3, 4, 5), (1, 6, 7), (8, 9, 10), (2, 11, 0)] {
            let before = alignments.clone();
            match a % 2 {
                0 => alignments.ally_against(a, b, c),
                _ => alignments.leave(a, b),
            }
            alignments.ally(c, b);
            let kept = ThreatMatrix::after_ties(&system, &alignments, &before, &threats);
            let fresh = ThreatMatrix::compute(&system, &alignments);
            for i in 0..n {
                for j in 0..n {
                    assert_eq!(kept.threat(i, j).to_bits(), fresh.threat(i, j).to_bits());
                    assert_eq!(kept.parts(i, j), fresh.parts(i, j), "{i} of {j}");
                }
                assert_eq!(kept.greatest(i), fresh.greatest(i));
            }
            threats = kept;
        }
    }

    /// Two copies of one ledger given different acts are told apart by the recall, though they
    /// hold as many acts each.
    #[test]
    fn copies_of_a_ledger_are_told_apart() {
        let (system, alignments) = busy_world(8, 3);
        let mut one = system.clone();
        let mut two = system.clone();
        for (s, target) in [(&mut one, 2), (&mut two, 3)] {
            s.ledger.record(Act {
                time: s.now,
                actor: 1,
                target,
                kind: ActKind::Attack,
                gravity: 1.0,
                note: String::new(),
            });
        }
        for s in [&one, &two, &one, &system, &two] {
            let threats = ThreatMatrix::compute(s, &alignments);
            let partner = |k: usize| alignments.are_allied(0, k);
            for j in 1..s.len() {
                let want = intentions_act_by_act(s, &partner, 0, j);
                assert!(same_but_rounding(threats.parts(0, j).intentions, want));
            }
        }
        // The attack on 2 or on 3 shows in one copy's intentions and not in the other's.
        let partner = |k: usize| alignments.are_allied(0, k);
        let seen = |s: &StateSystem| ThreatMatrix::compute(s, &alignments).parts(0, 1).intentions;
        assert_ne!(seen(&one).to_bits(), seen(&two).to_bits());
        assert!(same_but_rounding(
            seen(&one),
            intentions_act_by_act(&one, &partner, 0, 1)
        ));
    }

    /// The running sums are those of the acts recorded and their order, whenever and however
    /// often the ledger is read: a ledger read after every phase and one read only at the end
    /// give the same threats, to the bit.
    #[test]
    fn reading_the_ledger_does_not_change_what_it_remembers() {
        let (start, alignments) = busy_world(10, 7);
        let (mut read, mut unread) = (start.clone(), start);
        for phase in 0..12 {
            for s in [&mut read, &mut unread] {
                s.now += 0.25;
                s.ledger.record(Act {
                    time: s.now,
                    actor: phase % 10,
                    target: (phase * 3 + 1) % 10,
                    kind: ActKind::Attack,
                    gravity: 0.25 + 0.05 * (phase % 4) as f64,
                    note: String::new(),
                });
            }
            let _ = ThreatMatrix::compute(&read, &alignments);
            let _ = enmity(&read, 1, 2);
        }
        let a = ThreatMatrix::compute(&read, &alignments);
        let b = ThreatMatrix::compute(&unread, &alignments);
        for i in 0..10 {
            for j in 0..10 {
                assert_eq!(
                    a.threat(i, j).to_bits(),
                    b.threat(i, j).to_bits(),
                    "{i} of {j}"
                );
            }
        }
    }
}
