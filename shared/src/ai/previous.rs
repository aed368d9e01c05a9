//! The previous planner, kept as a baseline ([`Previous`]): a state's alignment turned into
//! orders greedily, unit by unit.
//!
//! Every province gets a value for the state: centres to take (more from the state it fears
//! most, nothing from partners), its own centres to defend where an enemy stands next to them,
//! and a pull towards those targets from a distance. Units are given the best moves greedily,
//! one unit to a province; units with nothing better to do support a move into a contested
//! province, a threatened centre, or a partner's threatened unit. Partners are never attacked.

use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::OrderChoice;
use crate::alignment::{Answer, Decision};
use crate::map::{LocId, Map, ProvinceId};
use crate::play::{ComputerPlayer, Doctrinal, Match, Proposal};
use crate::rules::legality::{can_reach, check_movement};
use crate::rules::order::{Order, Place, UnitRef};
use crate::rules::{Game, PhaseKind, Unit, UnitKind};
use crate::scenario::StateId;
use crate::threat::ThreatMatrix;

/// The previous planner as a computer player: it makes and answers ties by its states'
/// doctrines (as [`Doctrinal`] does) and gives the orders the planner before this one gave.
#[derive(Debug, Clone, Copy, Default)]
pub struct Previous;

impl ComputerPlayer for Previous {
    fn name(&self) -> &'static str {
        "previous"
    }
    fn decide_ties(&self, table: &Match, seats: &[StateId]) -> Vec<Decision> {
        Doctrinal.decide_ties(table, seats)
    }
    fn answer(&self, table: &Match, proposal: &Proposal) -> Answer {
        Doctrinal.answer(table, proposal)
    }
    fn orders(
        &self,
        table: &Match,
        seats: &[StateId],
        rng: &mut ChaCha8Rng,
    ) -> Vec<(StateId, OrderChoice)> {
        plan_orders(table, seats, rng)
    }
}

/// The orders of `seats` for the phase, partners planning in turn so that later ones can support
/// the moves of earlier ones.
pub fn plan_orders(
    table: &Match,
    seats: &[StateId],
    rng: &mut impl Rng,
) -> Vec<(StateId, OrderChoice)> {
    let mut out: Vec<(StateId, OrderChoice)> = Vec::new();
    let mut seats = seats.to_vec();
    seats.sort();
    for state in seats {
        let partner_moves: Vec<(StateId, Order)> = out
            .iter()
            .filter(|(s, _)| table.ties().are_allied(s.index(), state.index()))
            .map(|(s, c)| (*s, c.order))
            .collect();
        for choice in orders_with_partners(table, state, &partner_moves, rng) {
            out.push((state, choice));
        }
    }
    out
}

/// What the state makes of the board this phase.
struct Plan<'a> {
    game: &'a Game,
    map: &'a Map,
    me: StateId,
    /// Per state: 0 for partners and itself, otherwise how much it is feared (0..1.3).
    hostility: Vec<f64>,
    partner: Vec<bool>,
    /// Per province: what it is worth to take or hold it now.
    value: Vec<f64>,
    /// Per province: the pull of valuable provinces nearby.
    pull: Vec<f64>,
    /// Per province: why it is worth something, for reasons.
    why: Vec<String>,
}

fn place_of(map: &Map, loc: LocId) -> Place {
    Place::at(map, loc)
}

fn unit_ref(map: &Map, unit: Unit) -> UnitRef {
    UnitRef::of(map, unit)
}

impl<'a> Plan<'a> {
    fn new(game: &'a Game, me: StateId, table: &Match, threats: &ThreatMatrix) -> Plan<'a> {
        let scenario = game.scenario();
        let map = &scenario.map;
        let position = game.position();
        let n = scenario.states.len();
        let style = table.doctrines()[me.index()].board_style();
        let greatest = threats.greatest(me.index()).map(|(j, _)| j);
        let partner: Vec<bool> = (0..n)
            .map(|s| s == me.index() || table.ties().are_allied(me.index(), s))
            .collect();
        // A junior partner follows its patron's lead: the patron's enemies are its enemies.
        let patron = table.ties().patron(me.index());
        let hostility: Vec<f64> = (0..n)
            .map(|s| {
                if partner[s] {
                    return 0.0;
                }
                let mine =
                    threats.threat(me.index(), s) + if Some(s) == greatest { 0.3 } else { 0.0 };
                match patron {
                    Some(p) => mine + 0.5 * threats.threat(p, s),
                    None => mine,
                }
            })
            .collect();
        let np = map.province_count();
        let mut value = vec![0.0; np];
        let mut why = vec![String::new(); np];
        for p in map.province_ids() {
            let province = map.province(p);
            if !province.supply_centre {
                continue;
            }
            match position.owners[p.index()] {
                Some(o) if o == me => {
                    // Defend a centre an enemy could enter next.
                    let danger = position
                        .units()
                        .filter(|(_, u)| !partner[u.state.index()])
                        .filter(|(q, u)| *q != p && can_reach(map, *u, p))
                        .map(|(_, u)| hostility[u.state.index()])
                        .fold(0.0, f64::max);
                    if danger > 0.0 {
                        value[p.index()] = style.defend * (4.0 + 3.0 * danger);
                        why[p.index()] = format!("defends its centre {}", province.name);
                    }
                }
                Some(o) if partner[o.index()] => {}
                Some(o) => {
                    value[p.index()] = style.attack * (5.0 + 5.0 * hostility[o.index()]);
                    why[p.index()] = format!(
                        "takes {}, a centre of {}{}",
                        province.name,
                        scenario.state(o).name,
                        if Some(o.index()) == greatest {
                            ", the state it fears most"
                        } else {
                            ""
                        }
                    );
                }
                None => {
                    value[p.index()] = style.attack * 7.0;
                    why[p.index()] = format!("takes {}, a neutral centre", province.name);
                }
            }
        }
        // The pull of targets, only where this state's units could go (computing it for every
        // province would cost the square of the map's size, every phase, for every state).
        let targets: Vec<(ProvinceId, f64)> = map
            .province_ids()
            .filter(|t| value[t.index()] > 0.0)
            .map(|t| (t, value[t.index()]))
            .collect();
        let mut relevant: Vec<ProvinceId> = Vec::new();
        for (p, _) in position.units().filter(|(_, u)| u.state == me) {
            relevant.push(p);
            relevant.extend(map.any_neighbours()[p.index()].iter().copied());
        }
        for d in position.dislodged.iter().filter(|d| d.unit.state == me) {
            relevant.extend(d.retreats.iter().map(|&l| map.province_of(l)));
        }
        for &h in &scenario.state(me).home_centres {
            relevant.push(h);
            relevant.extend(map.any_neighbours()[h.index()].iter().copied());
        }
        let mut pull = vec![0.0; np];
        for q in relevant {
            if pull[q.index()] > 0.0 {
                continue;
            }
            let mut best: f64 = 0.0;
            for &(t, v) in &targets {
                if t == q {
                    continue;
                }
                let d = map.hops(q, t);
                if d <= 4 {
                    best = best.max(v * 0.5f64.powi(d as i32));
                }
            }
            pull[q.index()] = best;
        }
        Plan {
            game,
            map,
            me,
            hostility,
            partner,
            value,
            pull,
            why,
        }
    }

    /// Whether moving into `p` would attack a partner (its unit or its centre).
    fn hits_partner(&self, p: ProvinceId) -> bool {
        let position = self.game.position();
        let of_partner = |s: StateId| s != self.me && self.partner[s.index()];
        position.unit_in(p).is_some_and(|u| of_partner(u.state))
            || position.owners[p.index()].is_some_and(of_partner)
    }

    fn score(&self, p: ProvinceId) -> f64 {
        self.value[p.index()] + 0.8 * self.pull[p.index()]
    }

    fn reason_for(&self, p: ProvinceId) -> String {
        if !self.why[p.index()].is_empty() {
            return self.why[p.index()].clone();
        }
        format!(
            "moves through {} towards its targets",
            self.map.province(p).name
        )
    }
}

/// The state's orders for the current phase, knowing the moves its partners have already planned this phase (computer partners
/// tell each other), so that idle units can support them.
fn orders_with_partners(
    table: &Match,
    state: StateId,
    partner_moves: &[(StateId, Order)],
    rng: &mut impl Rng,
) -> Vec<OrderChoice> {
    let game = table.game();
    let plan = Plan::new(game, state, table, &table.outlook().threats);
    let mut out = match game.phase().kind {
        PhaseKind::Movement => movement(&plan, partner_moves, rng),
        PhaseKind::Retreat => retreats(&plan),
        PhaseKind::Adjustment => adjustments(&plan, table),
    };
    // Keep only what the rules accept: a plan is never worth an illegal order.
    if game.phase().kind == PhaseKind::Movement {
        out.retain(|c| check_movement(game.scenario(), game.position(), state, &c.order).is_ok());
    }
    out
}

fn movement(
    plan: &Plan,
    partner_moves: &[(StateId, Order)],
    rng: &mut impl Rng,
) -> Vec<OrderChoice> {
    let map = plan.map;
    let position = plan.game.position();
    let mine: Vec<(ProvinceId, Unit)> = position
        .units()
        .filter(|(_, u)| u.state == plan.me)
        .collect();
    // Every (unit, destination) with its score; `None` is holding.
    let mut options: Vec<(usize, Option<LocId>, f64)> = Vec::new();
    for (k, &(p, unit)) in mine.iter().enumerate() {
        let hold = plan.value[p.index()] + 0.4 * plan.pull[p.index()];
        options.push((k, None, hold + rng.random_range(0.0..0.2)));
        let targets: Vec<LocId> = match unit.kind {
            UnitKind::Army => map.army_neighbours(p).iter().map(|q| q.loc()).collect(),
            UnitKind::Fleet => map.fleet_neighbours(unit.loc).to_vec(),
        };
        for l in targets {
            let q = map.province_of(l);
            if plan.hits_partner(q) || position.unit_in(q).is_some_and(|u| u.state == plan.me) {
                continue;
            }
            let mut s = plan.score(q) + rng.random_range(0.0..0.3);
            // An enemy unit there must be beaten, not merely met.
            if position.unit_in(q).is_some() {
                s -= 1.0;
            }
            options.push((k, Some(l), s));
        }
    }
    options.sort_by(|a, b| b.2.total_cmp(&a.2));
    let mut chosen: Vec<Option<Option<LocId>>> = vec![None; mine.len()];
    let mut claimed: Vec<ProvinceId> = Vec::new();
    for (k, dest, _) in options {
        if chosen[k].is_some() {
            continue;
        }
        if let Some(l) = dest {
            let q = map.province_of(l);
            if claimed.contains(&q) {
                continue;
            }
            claimed.push(q);
        }
        chosen[k] = Some(dest);
    }
    let mut out = Vec::new();
    // Units with nothing pressing to do, with what they would otherwise do: they may support
    // an attack instead.
    let mut idle: Vec<(usize, Option<OrderChoice>)> = Vec::new();
    let mut moves: Vec<(usize, ProvinceId)> = Vec::new();
    for (k, choice) in chosen.iter().enumerate() {
        let (p, unit) = mine[k];
        match choice.flatten() {
            Some(l) => {
                let q = map.province_of(l);
                let mut reason = plan.reason_for(q);
                if let Some(v) = position.unit_in(q) {
                    reason = format!(
                        "attacks the {} unit in {} ({reason})",
                        plan.game.scenario().state(v.state).adjective_or_name(),
                        map.province(q).name
                    );
                }
                let order = OrderChoice {
                    order: Order::Move {
                        unit: unit_ref(map, unit),
                        to: place_of(map, l),
                        via_convoy: false,
                    },
                    reason,
                };
                // A move that only draws nearer to targets can wait if an attack needs support.
                if plan.value[q.index()] <= 0.0 && position.unit_in(q).is_none() {
                    idle.push((k, Some(order)));
                } else {
                    moves.push((k, q));
                    out.push(order);
                }
            }
            None => {
                if plan.value[p.index()] > 0.0 {
                    out.push(OrderChoice {
                        order: Order::Hold {
                            unit: unit_ref(map, unit),
                        },
                        reason: plan.reason_for(p),
                    });
                } else {
                    idle.push((k, None));
                }
            }
        }
    }
    // Idle units support: first a move into an enemy-held or contested province, then a
    // threatened partner, else they hold.
    for (k, fallback) in idle {
        let (p, unit) = mine[k];
        let me = unit_ref(map, unit);
        let contested = moves.iter().copied().find(|&(m, q)| {
            can_reach(map, unit, q)
                && q != p
                && (position.unit_in(q).is_some()
                    || position.units().any(|(r, u)| {
                        r != q && plan.hostility[u.state.index()] > 0.0 && can_reach(map, u, q)
                    }))
                && m != k
        });
        if let Some((m, q)) = contested {
            let (mp, munit) = mine[m];
            out.push(OrderChoice {
                order: Order::SupportMove {
                    unit: me,
                    supported: UnitRef {
                        kind: Some(munit.kind),
                        place: Place {
                            province: mp,
                            coast: None,
                        },
                    },
                    to: Place {
                        province: q,
                        coast: None,
                    },
                },
                reason: format!("supports its own move into {}", map.province(q).name),
            });
            continue;
        }
        // A partner's planned attack on a province an enemy holds or contests, within reach.
        let partner_attack = partner_moves.iter().find_map(|(s, o)| match *o {
            Order::Move {
                unit: mover, to, ..
            } if *s != plan.me
                && plan.partner[s.index()]
                && to.province != p
                && can_reach(map, unit, to.province)
                // Never a hand in an attack on another partner.
                && !plan.hits_partner(to.province)
                && position.units().any(|(r, v)| {
                    // An enemy holds it, or could move in and bounce the partner.
                    plan.hostility[v.state.index()] > 0.0
                        && (r == to.province || can_reach(map, v, to.province))
                }) =>
            {
                Some((*s, mover, to.province))
            }
            _ => None,
        });
        if let Some((s, mover, q)) = partner_attack {
            out.push(OrderChoice {
                order: Order::SupportMove {
                    unit: me,
                    supported: UnitRef {
                        kind: mover.kind,
                        place: Place {
                            province: mover.place.province,
                            coast: None,
                        },
                    },
                    to: Place {
                        province: q,
                        coast: None,
                    },
                },
                reason: format!(
                    "supports its partner {}'s attack on {}",
                    plan.game.scenario().state(s).name,
                    map.province(q).name
                ),
            });
            continue;
        }
        if let Some(order) = fallback {
            out.push(order);
            continue;
        }
        let partner_in_danger = position.units().find(|(r, u)| {
            u.state != plan.me
                && plan.partner[u.state.index()]
                && *r != p
                && can_reach(map, unit, *r)
                && position.units().any(|(e, eu)| {
                    e != *r && plan.hostility[eu.state.index()] > 0.0 && can_reach(map, eu, *r)
                })
        });
        if let Some((r, u)) = partner_in_danger {
            out.push(OrderChoice {
                order: Order::SupportHold {
                    unit: me,
                    supported: UnitRef {
                        kind: Some(u.kind),
                        place: Place {
                            province: r,
                            coast: None,
                        },
                    },
                },
                reason: format!(
                    "supports its partner {} in {}",
                    plan.game.scenario().state(u.state).name,
                    map.province(r).name
                ),
            });
            continue;
        }
        out.push(OrderChoice {
            order: Order::Hold { unit: me },
            reason: "holds: nothing better within reach".into(),
        });
    }
    out
}

fn retreats(plan: &Plan) -> Vec<OrderChoice> {
    let map = plan.map;
    let mut taken: Vec<ProvinceId> = Vec::new();
    let mut out = Vec::new();
    for d in plan
        .game
        .position()
        .dislodged
        .iter()
        .filter(|d| d.unit.state == plan.me)
    {
        let unit = unit_ref(map, d.unit);
        let best = d
            .retreats
            .iter()
            .copied()
            .filter(|&l| !taken.contains(&map.province_of(l)))
            .max_by(|&a, &b| {
                plan.score(map.province_of(a))
                    .total_cmp(&plan.score(map.province_of(b)))
                    .then(b.cmp(&a))
            });
        match best {
            Some(l) => {
                taken.push(map.province_of(l));
                out.push(OrderChoice {
                    order: Order::Retreat {
                        unit,
                        to: place_of(map, l),
                    },
                    reason: format!("retreats to {}", map.province(map.province_of(l)).name),
                });
            }
            None => out.push(OrderChoice {
                order: Order::Disband { unit },
                reason: "disbands: nowhere to retreat".into(),
            }),
        }
    }
    out
}

/// Sum of the pull of the provinces a unit of `kind` at `loc` could enter.
fn reach_value(plan: &Plan, kind: UnitKind, loc: LocId) -> f64 {
    let map = plan.map;
    let p = map.province_of(loc);
    let next: Vec<ProvinceId> = match kind {
        UnitKind::Army => map.army_neighbours(p).to_vec(),
        UnitKind::Fleet => map
            .fleet_neighbours(loc)
            .iter()
            .map(|&l| map.province_of(l))
            .collect(),
    };
    next.iter().map(|&q| plan.score(q)).sum()
}

fn adjustments(plan: &Plan, table: &Match) -> Vec<OrderChoice> {
    let game = plan.game;
    let map = plan.map;
    let position = game.position();
    let count = game.adjustment_count(plan.me);
    let sea = table.doctrines()[plan.me.index()].board_style().sea;
    let mut out = Vec::new();
    if count > 0 {
        // Build where the pull is strongest (towards targets and threats), of the kind that
        // reaches more.
        let mut sites: Vec<(f64, Unit, String)> = Vec::new();
        for &h in &game.scenario().state(plan.me).home_centres {
            if position.owners[h.index()] != Some(plan.me) || position.unit_in(h).is_some() {
                continue;
            }
            let mut best: Option<(f64, Unit)> = None;
            if map.army_can_stand(h) {
                let u = Unit {
                    state: plan.me,
                    kind: UnitKind::Army,
                    loc: h.loc(),
                };
                best = Some((reach_value(plan, UnitKind::Army, h.loc()), u));
            }
            for l in map.fleet_locations(h) {
                let v = reach_value(plan, UnitKind::Fleet, l) * (1.0 + sea);
                if best.is_none_or(|(b, _)| v > b) {
                    best = Some((
                        v,
                        Unit {
                            state: plan.me,
                            kind: UnitKind::Fleet,
                            loc: l,
                        },
                    ));
                }
            }
            if let Some((v, u)) = best {
                let why = format!(
                    "builds {} {} in {}: it reaches the most of what it wants",
                    if u.kind == UnitKind::Army {
                        "an army"
                    } else {
                        "a fleet"
                    },
                    map.loc_name(u.loc),
                    map.province(h).name
                );
                sites.push((v + plan.pull[h.index()], u, why));
            }
        }
        sites.sort_by(|a, b| b.0.total_cmp(&a.0));
        for (_, u, why) in sites.into_iter().take(count as usize) {
            out.push(OrderChoice {
                order: Order::Build {
                    kind: Some(u.kind),
                    place: place_of(map, u.loc),
                },
                reason: why,
            });
        }
    } else if count < 0 {
        // Remove the units that matter least where they stand.
        let mut units: Vec<(f64, ProvinceId, Unit)> = position
            .units()
            .filter(|(_, u)| u.state == plan.me)
            .map(|(p, u)| (plan.score(p) + reach_value(plan, u.kind, u.loc) * 0.1, p, u))
            .collect();
        units.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        for (_, p, u) in units.into_iter().take((-count) as usize) {
            out.push(OrderChoice {
                order: Order::Disband {
                    unit: unit_ref(map, u),
                },
                reason: format!(
                    "removes the unit in {}: it matters least there",
                    map.province(p).name
                ),
            });
        }
    }
    out
}
