//! A port of David Norman's DumbBot (2003), the classic no-press baseline of the DAIDE project,
//! written from the public description of its algorithm ("DumbBot Algorithm", daide.org.uk); no
//! code was copied. Where the description leaves a detail open, the choice made here is said in a
//! comment.
//!
//! It works in two stages. First a value for every place a unit can stand:
//! - a supply centre of its own is worth the size of the largest power with a unit next to it
//!   (defence); any other centre the size of its owner (attack); other provinces nothing;
//! - `proximity[0]` of a place is that value times a weight (attack and defence weighted by
//!   season); `proximity[n]` is the sum of `proximity[n - 1]` over the place and its neighbours,
//!   divided by five, so value spreads out from the centres;
//! - the *strength* of a province is how many of its units are next to it, the *competition* the
//!   most units any one other power has next to it;
//! - a place's value is a weighted sum of its proximities, plus its strength, minus its
//!   competition.
//!
//! Then an order for every unit, in random order: the best place within reach, with a random
//! chance of taking the next best instead (greater the closer the two are); a unit whose best
//! place is already another of its units' destination supports that move when the province is
//! contested, and otherwise looks further down its list. Retreats, builds and removals use the
//! same values. It makes no ties and convoys nobody.

use rand::Rng;
use rand::seq::SliceRandom;
use rand_chacha::ChaCha8Rng;

use super::OrderChoice;
use crate::alignment::{Answer, Decision};
use crate::map::{LocId, Map, ProvinceId};
use crate::play::{ComputerPlayer, Match, Proposal};
use crate::rules::legality::{can_reach, check_movement};
use crate::rules::order::{Place, UnitRef};
use crate::rules::{Game, Order, PhaseKind, Season, Unit, UnitKind};
use crate::scenario::StateId;

/// The DumbBot baseline as a computer player.
#[derive(Debug, Clone, Copy, Default)]
pub struct DumbBot;

impl ComputerPlayer for DumbBot {
    fn name(&self) -> &'static str {
        "dumbbot"
    }
    fn decide_ties(&self, _table: &Match, _seats: &[StateId]) -> Vec<Decision> {
        Vec::new()
    }
    fn answer(&self, table: &Match, p: &Proposal) -> Answer {
        crate::play::computer::refuse_every_tie(table, p, "DumbBot, a no-press bot")
    }
    fn orders(
        &self,
        table: &Match,
        seats: &[StateId],
        rng: &mut ChaCha8Rng,
    ) -> Vec<(StateId, OrderChoice)> {
        let mut out = Vec::new();
        for &s in seats {
            for c in dumbbot_orders(table.game(), s, rng) {
                out.push((s, c));
            }
        }
        out
    }
}

/// The weights of one kind of phase.
struct Weights {
    attack: f64,
    defence: f64,
    proximity: [f64; 10],
    strength: f64,
    competition: f64,
}

const SPRING: Weights = Weights {
    attack: 700.0,
    defence: 300.0,
    proximity: [100.0, 1000.0, 30.0, 10.0, 6.0, 5.0, 4.0, 3.0, 2.0, 1.0],
    strength: 1000.0,
    competition: 1000.0,
};

const AUTUMN: Weights = Weights {
    attack: 600.0,
    defence: 400.0,
    proximity: [1000.0, 100.0, 30.0, 10.0, 6.0, 5.0, 4.0, 3.0, 2.0, 1.0],
    strength: 1000.0,
    competition: 1000.0,
};

const WINTER: Weights = Weights {
    attack: 700.0,
    defence: 300.0,
    proximity: [1000.0, 100.0, 30.0, 10.0, 6.0, 5.0, 4.0, 3.0, 2.0, 1.0],
    strength: 0.0,
    competition: 0.0,
};

/// The chance of looking past the best place to the next, when the two are of equal value.
const PLAY_ALTERNATIVE: f64 = 0.5;
/// How fast that chance falls as the next place is worth less than the best (relative to the
/// best): at a gap of a fifth of the best's value it is nil.
const ALTERNATIVE_DIFFERENCE: f64 = 5.0;

/// A power's size by its centres: `A x² + B x + C`.
fn power_size(centres: usize) -> f64 {
    let x = centres as f64;
    x * x + 4.0 * x + 16.0
}

/// The values of every place for one state in one phase.
struct Values {
    /// By location: the value of an army standing there (locations of provinces armies can
    /// stand in) and of a fleet (locations fleets can stand in).
    army: Vec<f64>,
    fleet: Vec<f64>,
}

impl Values {
    fn of(&self, kind: UnitKind, loc: LocId) -> f64 {
        match kind {
            UnitKind::Army => self.army[loc.index()],
            UnitKind::Fleet => self.fleet[loc.index()],
        }
    }
}

fn values(game: &Game, me: StateId, w: &Weights) -> Values {
    values_to(game, me, w, w.proximity.len())
}

fn values_to(game: &Game, me: StateId, w: &Weights, levels: usize) -> Values {
    let scenario = game.scenario();
    let map = &scenario.map;
    let position = game.position();
    let np = map.province_count();
    let nl = map.locations.len();
    let n = scenario.states.len();
    let sizes: Vec<f64> = scenario
        .state_ids()
        .map(|s| power_size(position.centre_count(s)))
        .collect();
    // The description gives no value for a centre nobody owns; here it is worth the size of the
    // smallest power still owning centres (an easy centre is worth at least a weak power's).
    let neutral = scenario
        .state_ids()
        .filter(|&s| position.centre_count(s) > 0)
        .map(|s| sizes[s.index()])
        .fold(f64::INFINITY, f64::min);
    let neutral = if neutral.is_finite() {
        neutral
    } else {
        power_size(0)
    };
    // Units next to each province, per state (strength and competition).
    let mut adjacent = vec![0u16; n * np];
    for (_, u) in position.units() {
        for q in reach_of(map, u) {
            adjacent[u.state.index() * np + q.index()] += 1;
        }
    }
    let mut base = vec![0.0; np];
    for p in map.province_ids() {
        if !map.province(p).supply_centre {
            continue;
        }
        base[p.index()] = match position.owners[p.index()] {
            Some(o) if o == me => {
                let largest = (0..n)
                    .filter(|&s| s != me.index() && adjacent[s * np + p.index()] > 0)
                    .map(|s| sizes[s])
                    .fold(0.0, f64::max);
                largest * w.defence
            }
            Some(o) => sizes[o.index()] * w.attack,
            None => neutral * w.attack,
        };
    }
    let strength = |p: ProvinceId| adjacent[me.index() * np + p.index()] as f64;
    let competition = |p: ProvinceId| {
        (0..n)
            .filter(|&s| s != me.index())
            .map(|s| adjacent[s * np + p.index()])
            .max()
            .unwrap_or(0) as f64
    };
    let mut out = Values {
        army: vec![0.0; nl],
        fleet: vec![0.0; nl],
    };
    for kind in [UnitKind::Army, UnitKind::Fleet] {
        let nodes: Vec<LocId> = match kind {
            UnitKind::Army => map
                .province_ids()
                .filter(|&p| map.army_can_stand(p))
                .map(|p| p.loc())
                .collect(),
            UnitKind::Fleet => map
                .province_ids()
                .flat_map(|p| map.fleet_locations(p))
                .collect(),
        };
        let neighbours = |l: LocId| -> Vec<LocId> {
            match kind {
                UnitKind::Army => map
                    .army_neighbours(map.province_of(l))
                    .iter()
                    .map(|q| q.loc())
                    .collect(),
                UnitKind::Fleet => map.fleet_neighbours(l).to_vec(),
            }
        };
        let adjacency: Vec<Vec<LocId>> = nodes.iter().map(|&l| neighbours(l)).collect();
        let mut prox = vec![0.0; nl];
        for &l in &nodes {
            prox[l.index()] = base[map.province_of(l).index()];
        }
        let total = match kind {
            UnitKind::Army => &mut out.army,
            UnitKind::Fleet => &mut out.fleet,
        };
        for (level, weight) in w.proximity.iter().enumerate().take(levels) {
            if level > 0 {
                let mut next = vec![0.0; nl];
                for (i, &l) in nodes.iter().enumerate() {
                    let sum: f64 = adjacency[i].iter().map(|a| prox[a.index()]).sum();
                    next[l.index()] = (sum + prox[l.index()]) / 5.0;
                }
                prox = next;
            }
            for &l in &nodes {
                total[l.index()] += weight * prox[l.index()];
            }
        }
        for &l in &nodes {
            let p = map.province_of(l);
            total[l.index()] += w.strength * strength(p) - w.competition * competition(p);
        }
    }
    out
}

/// The provinces a unit could move to (without a convoy).
fn reach_of(map: &Map, u: Unit) -> Vec<ProvinceId> {
    match u.kind {
        UnitKind::Army => map.army_neighbours(map.province_of(u.loc)).to_vec(),
        UnitKind::Fleet => {
            let mut v: Vec<ProvinceId> = map
                .fleet_neighbours(u.loc)
                .iter()
                .map(|&l| map.province_of(l))
                .collect();
            v.sort();
            v.dedup();
            v
        }
    }
}

/// Picks from candidates sorted best first: the best, or with a chance that grows the closer
/// they are to it, one further down.
fn pick<T>(sorted: &[(f64, T)], rng: &mut impl Rng) -> usize {
    let Some(&(best, _)) = sorted.first() else {
        return 0;
    };
    let scale = best.abs().max(1.0);
    let mut chosen = 0;
    for (j, &(v, _)) in sorted.iter().enumerate().skip(1) {
        let chance = PLAY_ALTERNATIVE * (1.0 - ALTERNATIVE_DIFFERENCE * (best - v) / scale);
        if chance > 0.0 && rng.random_bool(chance.min(1.0)) {
            chosen = j;
        } else {
            break;
        }
    }
    chosen
}

fn sort_desc<T>(v: &mut [(f64, T)]) {
    v.sort_by(|a, b| b.0.total_cmp(&a.0));
}

/// DumbBot's orders for one state in the current phase.
pub(crate) fn dumbbot_orders(game: &Game, me: StateId, rng: &mut impl Rng) -> Vec<OrderChoice> {
    let season = game.phase().season;
    match game.phase().kind {
        PhaseKind::Movement => {
            let w = if season == Season::Spring {
                &SPRING
            } else {
                &AUTUMN
            };
            movement(game, me, &values(game, me, w), rng)
        }
        PhaseKind::Retreat => {
            let w = if season == Season::Spring {
                &SPRING
            } else {
                &AUTUMN
            };
            retreats(game, me, &values(game, me, w), rng)
        }
        PhaseKind::Adjustment => adjustments(game, me, &values(game, me, &WINTER), rng),
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Plan {
    None,
    Hold,
    Move(LocId),
    SupportMove(usize, ProvinceId),
    SupportHold(usize),
}

fn movement(game: &Game, me: StateId, values: &Values, rng: &mut impl Rng) -> Vec<OrderChoice> {
    let scenario = game.scenario();
    let map = &scenario.map;
    let position = game.position();
    let mine: Vec<(ProvinceId, Unit)> = position.units().filter(|(_, u)| u.state == me).collect();
    let mut order: Vec<usize> = (0..mine.len()).collect();
    order.shuffle(rng);
    let mut plans = vec![Plan::None; mine.len()];
    let index_of = |p: ProvinceId| mine.iter().position(|(q, _)| *q == p);
    for &k in &order {
        let (p, unit) = mine[k];
        let mut candidates: Vec<(f64, LocId)> = vec![(values.of(unit.kind, unit.loc), unit.loc)];
        let targets: Vec<LocId> = match unit.kind {
            UnitKind::Army => map.army_neighbours(p).iter().map(|q| q.loc()).collect(),
            UnitKind::Fleet => map.fleet_neighbours(unit.loc).to_vec(),
        };
        candidates.extend(targets.into_iter().map(|l| (values.of(unit.kind, l), l)));
        sort_desc(&mut candidates);
        loop {
            if candidates.is_empty() {
                plans[k] = Plan::Hold;
                break;
            }
            let i = pick(&candidates, rng);
            let l = candidates[i].1;
            let d = map.province_of(l);
            if d == p {
                plans[k] = Plan::Hold;
                break;
            }
            // Another of its units already goes there: support it where the province is
            // contested (a foreign unit stands in it or next to it), else look further.
            let mover = (0..mine.len()).find(|&m| match plans[m] {
                Plan::Move(to) => map.province_of(to) == d,
                _ => false,
            });
            if let Some(m) = mover {
                let contested = position.unit_in(d).is_some_and(|u| u.state != me)
                    || position
                        .units()
                        .any(|(q, u)| u.state != me && q != d && can_reach(map, u, d));
                if contested {
                    plans[k] = Plan::SupportMove(m, d);
                    break;
                }
                candidates.remove(i);
                continue;
            }
            // One of its units that stays stands there: look further.
            if let Some(j) = index_of(d)
                && matches!(
                    plans[j],
                    Plan::Hold | Plan::SupportHold(_) | Plan::SupportMove(..)
                )
            {
                candidates.remove(i);
                continue;
            }
            plans[k] = Plan::Move(l);
            break;
        }
    }
    // A move into a province where its own unit stays would bounce: support that unit instead.
    // (Repeated, since a changed order may leave another unit standing.)
    loop {
        let mut changed = false;
        for k in 0..mine.len() {
            let Plan::Move(l) = plans[k] else { continue };
            let d = map.province_of(l);
            if let Some(j) = index_of(d)
                && !matches!(plans[j], Plan::Move(_))
            {
                plans[k] = Plan::SupportHold(j);
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    // Supports whose supported unit does something else hold instead.
    for k in 0..mine.len() {
        match plans[k] {
            Plan::SupportMove(m, d) if !matches!(plans[m], Plan::Move(l) if map.province_of(l) == d) => {
                plans[k] = Plan::Hold
            }
            Plan::SupportHold(j) if matches!(plans[j], Plan::Move(_)) => plans[k] = Plan::Hold,
            _ => {}
        }
    }
    // Units that hold support a neighbouring move of theirs into a contested province.
    for k in 0..mine.len() {
        if plans[k] != Plan::Hold {
            continue;
        }
        let unit = mine[k].1;
        let backed = (0..mine.len()).find_map(|m| match plans[m] {
            Plan::Move(l) => {
                let d = map.province_of(l);
                (d != mine[k].0
                    && can_reach(map, unit, d)
                    && position.unit_in(d).is_some_and(|u| u.state != me))
                .then_some((m, d))
            }
            _ => None,
        });
        if let Some((m, d)) = backed {
            plans[k] = Plan::SupportMove(m, d);
        }
    }
    let mut out = Vec::new();
    for (k, &(p, unit)) in mine.iter().enumerate() {
        let me_ref = UnitRef::of(map, unit);
        let choice = match plans[k] {
            Plan::Move(l) => OrderChoice {
                order: Order::Move {
                    unit: me_ref,
                    to: Place::at(map, l),
                    via_convoy: false,
                },
                reason: format!(
                    "DumbBot: moves to {}, the best place within reach",
                    map.loc_name(l)
                ),
            },
            Plan::SupportMove(m, d) => OrderChoice {
                order: Order::SupportMove {
                    unit: me_ref,
                    supported: UnitRef::of(map, mine[m].1),
                    to: Place {
                        province: d,
                        coast: None,
                    },
                },
                reason: format!("DumbBot: supports its move into {}", map.province(d).name),
            },
            Plan::SupportHold(j) => OrderChoice {
                order: Order::SupportHold {
                    unit: me_ref,
                    supported: UnitRef::of(map, mine[j].1),
                },
                reason: format!(
                    "DumbBot: supports its unit in {}",
                    map.province(mine[j].0).name
                ),
            },
            Plan::Hold | Plan::None => OrderChoice {
                order: Order::Hold { unit: me_ref },
                reason: format!("DumbBot: holds {}", map.province(p).name),
            },
        };
        if check_movement(scenario, position, me, &choice.order).is_ok() {
            out.push(choice);
        }
    }
    out
}

fn retreats(game: &Game, me: StateId, values: &Values, rng: &mut impl Rng) -> Vec<OrderChoice> {
    let map = &game.scenario().map;
    let mut taken: Vec<ProvinceId> = Vec::new();
    let mut out = Vec::new();
    let mut dislodged: Vec<_> = game
        .position()
        .dislodged
        .iter()
        .filter(|d| d.unit.state == me)
        .collect();
    dislodged.shuffle(rng);
    for d in dislodged {
        let unit = UnitRef::of(map, d.unit);
        let mut candidates: Vec<(f64, LocId)> = d
            .retreats
            .iter()
            .filter(|&&l| !taken.contains(&map.province_of(l)))
            .map(|&l| (values.of(d.unit.kind, l), l))
            .collect();
        sort_desc(&mut candidates);
        if candidates.is_empty() {
            out.push(OrderChoice {
                order: Order::Disband { unit },
                reason: "DumbBot: disbands, nowhere to retreat".into(),
            });
            continue;
        }
        let l = candidates[pick(&candidates, rng)].1;
        taken.push(map.province_of(l));
        out.push(OrderChoice {
            order: Order::Retreat {
                unit,
                to: Place::at(map, l),
            },
            reason: format!("DumbBot: retreats to {}", map.loc_name(l)),
        });
    }
    out
}

fn adjustments(game: &Game, me: StateId, values: &Values, rng: &mut impl Rng) -> Vec<OrderChoice> {
    let scenario = game.scenario();
    let map = &scenario.map;
    let position = game.position();
    let count = game.adjustment_count(me);
    let mut out = Vec::new();
    if count > 0 {
        let mut candidates: Vec<(f64, (UnitKind, LocId))> = Vec::new();
        for &h in &scenario.state(me).home_centres {
            if position.owners[h.index()] != Some(me) || position.unit_in(h).is_some() {
                continue;
            }
            if map.army_can_stand(h) {
                candidates.push((values.army[h.index()], (UnitKind::Army, h.loc())));
            }
            for l in map.fleet_locations(h) {
                candidates.push((values.fleet[l.index()], (UnitKind::Fleet, l)));
            }
        }
        sort_desc(&mut candidates);
        for _ in 0..count {
            if candidates.is_empty() {
                break;
            }
            let (kind, l) = candidates[pick(&candidates, rng)].1;
            let p = map.province_of(l);
            candidates.retain(|(_, (_, x))| map.province_of(*x) != p);
            out.push(OrderChoice {
                order: Order::Build {
                    kind: Some(kind),
                    place: Place::at(map, l),
                },
                reason: format!(
                    "DumbBot: builds {} in {}",
                    if kind == UnitKind::Army {
                        "an army"
                    } else {
                        "a fleet"
                    },
                    map.loc_name(l)
                ),
            });
        }
    } else if count < 0 {
        // The least valuable first: sorted by value, lowest first, with the same chance of
        // looking past the first as in moves (on the values turned round).
        let mut candidates: Vec<(f64, Unit)> = position
            .units()
            .filter(|(_, u)| u.state == me)
            .map(|(_, u)| (-values.of(u.kind, u.loc), u))
            .collect();
        sort_desc(&mut candidates);
        for _ in 0..(-count) {
            if candidates.is_empty() {
                break;
            }
            let i = pick(&candidates, rng);
            let u = candidates.remove(i).1;
            out.push(OrderChoice {
                order: Order::Disband {
                    unit: UnitRef::of(map, u),
                },
                reason: format!(
                    "DumbBot: removes the unit in {}, worth the least",
                    map.loc_name(u.loc)
                ),
            });
        }
    }
    out
}
