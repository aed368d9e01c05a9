//! Which orders a state could give now: every legal order of each unit, and the random legal
//! orders that the simplest baseline player (and the adjudicator benchmark) uses.

use rand::Rng;
use rand::seq::IndexedRandom;

use crate::map::{LocId, ProvinceId};
use crate::rules::game::Game;
use crate::rules::legality::{can_reach, convoy_route_through};
use crate::rules::order::{Order, Place, UnitKind, UnitRef};
use crate::rules::phase::PhaseKind;
use crate::rules::position::Unit;
use crate::scenario::StateId;

fn place_of(game: &Game, loc: LocId) -> Place {
    Place::at(&game.scenario().map, loc)
}

fn unit_ref(game: &Game, unit: Unit) -> UnitRef {
    UnitRef::of(&game.scenario().map, unit)
}

/// Every legal movement-phase order of the unit in `province` (holds, moves, supports, convoys),
/// each one accepted by the legality check.
pub fn movement_options(game: &Game, province: ProvinceId) -> Vec<Order> {
    let map = &game.scenario().map;
    let position = game.position();
    let Some(unit) = position.unit_in(province) else {
        return Vec::new();
    };
    let me = unit_ref(game, unit);
    let mut out = vec![Order::Hold { unit: me }];
    // Moves, by land or sea, and by convoy for armies on a coast.
    let mut destinations: Vec<Place> = match unit.kind {
        UnitKind::Army => map
            .army_neighbours(province)
            .iter()
            .map(|&p| Place {
                province: p,
                coast: None,
            })
            .collect(),
        UnitKind::Fleet => map
            .fleet_neighbours(unit.loc)
            .iter()
            .map(|&l| place_of(game, l))
            .collect(),
    };
    if unit.kind == UnitKind::Army && !map.seas_touching(province).is_empty() {
        for p in map.province_ids() {
            if p != province
                && !map.army_borders(province, p)
                && convoy_route_through(map, position, province, p, None)
            {
                destinations.push(Place {
                    province: p,
                    coast: None,
                });
            }
        }
    }
    for to in destinations {
        out.push(Order::Move {
            unit: me,
            to,
            via_convoy: false,
        });
    }
    // Supports: of any unit into (or staying in) a province this unit could enter.
    for (q, other) in position.units() {
        if q == province {
            continue;
        }
        let them = UnitRef {
            kind: Some(other.kind),
            place: Place {
                province: q,
                coast: None,
            },
        };
        if can_reach(map, unit, q) {
            out.push(Order::SupportHold {
                unit: me,
                supported: them,
            });
        }
        let their_targets: Vec<ProvinceId> = match other.kind {
            UnitKind::Army => map.army_neighbours(q).to_vec(),
            UnitKind::Fleet => {
                let mut v: Vec<ProvinceId> = map
                    .fleet_neighbours(other.loc)
                    .iter()
                    .map(|&l| map.province_of(l))
                    .collect();
                v.dedup();
                v
            }
        };
        for t in their_targets {
            if t != province && can_reach(map, unit, t) {
                out.push(Order::SupportMove {
                    unit: me,
                    supported: them,
                    to: Place {
                        province: t,
                        coast: None,
                    },
                });
            }
        }
    }
    // Convoys: a fleet at sea carries a neighbouring army to a coast the fleet touches.
    if unit.kind == UnitKind::Fleet && map.is_sea(province) {
        for &from_sea_neighbour in map.fleet_neighbours(unit.loc) {
            let a = map.province_of(from_sea_neighbour);
            let Some(army) = position.unit_in(a) else {
                continue;
            };
            if army.kind != UnitKind::Army {
                continue;
            }
            for &l in map.fleet_neighbours(unit.loc) {
                let to = map.province_of(l);
                if to != a && !map.is_sea(to) {
                    out.push(Order::Convoy {
                        unit: me,
                        army: unit_ref(game, army),
                        to: Place {
                            province: to,
                            coast: None,
                        },
                    });
                }
            }
        }
    }
    out.dedup();
    out
}

/// Random legal orders for every unit (or build, removal, retreat) of `state` in the current
/// phase: the baseline "random player". The same generator state gives the same orders.
pub fn random_orders(game: &Game, state: StateId, rng: &mut impl Rng) -> Vec<Order> {
    let map = &game.scenario().map;
    let position = game.position();
    let mut out = Vec::new();
    match game.phase().kind {
        PhaseKind::Movement => {
            for (p, unit) in position.units() {
                if unit.state != state {
                    continue;
                }
                let options = movement_options(game, p);
                if let Some(order) = options.choose(rng) {
                    out.push(*order);
                }
            }
        }
        PhaseKind::Retreat => {
            for d in position.dislodged.iter().filter(|d| d.unit.state == state) {
                let unit = unit_ref(game, d.unit);
                let mut options = vec![Order::Disband { unit }];
                options.extend(d.retreats.iter().map(|&l| Order::Retreat {
                    unit,
                    to: place_of(game, l),
                }));
                out.push(*options.choose(rng).expect("never empty"));
            }
        }
        PhaseKind::Adjustment => {
            let count = game.adjustment_count(state);
            if count > 0 {
                let mut free: Vec<Order> = Vec::new();
                for &h in &game.scenario().state(state).home_centres {
                    if position.owners[h.index()] != Some(state) || position.unit_in(h).is_some() {
                        continue;
                    }
                    let mut here = Vec::new();
                    if map.army_can_stand(h) {
                        here.push(Order::Build {
                            kind: Some(UnitKind::Army),
                            place: place_of(game, h.loc()),
                        });
                    }
                    for l in map.fleet_locations(h) {
                        here.push(Order::Build {
                            kind: Some(UnitKind::Fleet),
                            place: place_of(game, l),
                        });
                    }
                    if let Some(o) = here.choose(rng) {
                        free.push(*o);
                    }
                }
                for o in free.into_iter().take(count as usize) {
                    out.push(o);
                }
            } else if count < 0 {
                let mut mine: Vec<Unit> = position
                    .units()
                    .filter(|(_, u)| u.state == state)
                    .map(|(_, u)| u)
                    .collect();
                for _ in 0..(-count) {
                    if mine.is_empty() {
                        break;
                    }
                    let i = rng.random_range(0..mine.len());
                    let unit = mine.swap_remove(i);
                    out.push(Order::Disband {
                        unit: unit_ref(game, unit),
                    });
                }
            }
        }
    }
    out
}
