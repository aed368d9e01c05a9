//! Whether an order can be given at all, checked when it is submitted.
//!
//! The DATC (4.E.1) calls an order *legal* when, not knowing the other orders yet, it could be
//! valid. An illegal order is refused with a reason a person can read, and the unit holds. What
//! depends on other orders (a support nobody moves for, a convoy nobody takes) is decided later,
//! by the adjudicator, and the order is then *void*.

use crate::map::{LocId, Map, ProvinceId, ProvinceKind};
use crate::rules::order::{Order, ParseError, Place, UnitKind, UnitRef};
use crate::rules::phase::PhaseKind;
use crate::rules::position::{Position, Unit};
use crate::scenario::{Scenario, StateId};

/// An order refused on submission, with the reason.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OrderError {
    #[error("cannot read the order: {0}")]
    Parse(#[from] ParseError),
    #[error("{0}")]
    Illegal(String),
}

fn illegal(text: impl Into<String>) -> OrderError {
    OrderError::Illegal(text.into())
}

/// A movement-phase order checked against the board: names resolved to exact locations.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Checked {
    Hold,
    Move {
        to: LocId,
        /// The army goes by sea: the destination is not adjacent, or `VIA CONVOY` was written.
        /// (A convoy to an adjacent province by an own fleet is found by the adjudicator.)
        by_convoy: bool,
        via_convoy_written: bool,
    },
    SupportHold {
        supported: ProvinceId,
    },
    SupportMove {
        from: ProvinceId,
        to: ProvinceId,
        /// The coast the support names, if any: then the move must go to that coast.
        coast: Option<LocId>,
    },
    Convoy {
        from: ProvinceId,
        to: ProvinceId,
    },
}

/// Finds the unit an order names, owned by `state`. The coast and the unit letter written in the
/// order are not needed to find it and are ignored (DATC 4.B.5, 4.C.1, 4.C.2).
pub fn own_unit(
    scenario: &Scenario,
    position: &Position,
    state: StateId,
    unit: UnitRef,
) -> Result<Unit, OrderError> {
    let map = &scenario.map;
    let p = unit.place.province;
    match position.unit_in(p) {
        None => Err(illegal(format!(
            "there is no unit in {}",
            province_name(map, p)
        ))),
        Some(u) if u.state != state => Err(illegal(format!(
            "the unit in {} is {}, not {}'s",
            province_name(map, p),
            scenario.state(u.state).adjective_or_name(),
            scenario.state(state).name
        ))),
        Some(u) => Ok(u),
    }
}

pub(crate) fn province_name(map: &Map, p: ProvinceId) -> String {
    let pr = map.province(p);
    format!("{} ({})", pr.name, pr.code)
}

/// The movement-phase check.
pub fn check_movement(
    scenario: &Scenario,
    position: &Position,
    state: StateId,
    order: &Order,
) -> Result<Checked, OrderError> {
    let map = &scenario.map;
    let Some(unit_ref) = order.unit() else {
        return Err(illegal(
            "builds and waives are given in winter, not in a movement phase",
        ));
    };
    let unit = own_unit(scenario, position, state, unit_ref)?;
    let from = map.province_of(unit.loc);
    match *order {
        Order::Hold { .. } => Ok(Checked::Hold),
        Order::Move { to, via_convoy, .. } => check_move(map, position, unit, to, via_convoy),
        Order::SupportHold { supported, .. } => {
            let target = supported.place.province;
            if target == from {
                return Err(illegal("a unit cannot support itself"));
            }
            if position.unit_in(target).is_none() {
                return Err(illegal(format!(
                    "there is no unit in {} to support",
                    province_name(map, target)
                )));
            }
            if !can_reach(map, unit, target) {
                return Err(illegal(format!(
                    "{} cannot support in {}: it could not move there",
                    unit_name(map, unit),
                    province_name(map, target)
                )));
            }
            Ok(Checked::SupportHold { supported: target })
        }
        Order::SupportMove { supported, to, .. } => {
            let src = supported.place.province;
            let dest = to.province;
            if src == from {
                return Err(illegal("a unit cannot support its own move"));
            }
            if dest == from {
                return Err(illegal(
                    "a unit cannot support a move into its own province (it would support an attack on itself)",
                ));
            }
            let Some(mover) = position.unit_in(src) else {
                return Err(illegal(format!(
                    "there is no unit in {} to support",
                    province_name(map, src)
                )));
            };
            if !can_reach(map, unit, dest) {
                return Err(illegal(format!(
                    "{} cannot support a move to {}: it could not move there itself",
                    unit_name(map, unit),
                    province_name(map, dest)
                )));
            }
            if src == dest || !mover_could_reach(map, position, mover, dest, from) {
                return Err(illegal(format!(
                    "the unit in {} cannot move to {}",
                    province_name(map, src),
                    province_name(map, dest)
                )));
            }
            let coast = to.coast.and_then(|c| map.coast(dest, c.as_str()));
            Ok(Checked::SupportMove {
                from: src,
                to: dest,
                coast,
            })
        }
        Order::Convoy { army, to, .. } => {
            if unit.kind != UnitKind::Fleet || !map.is_sea(from) {
                return Err(illegal(
                    "only a fleet at sea can convoy (not an army, not a fleet on a coast)",
                ));
            }
            let src = army.place.province;
            let dest = to.province;
            match position.unit_in(src) {
                Some(u) if u.kind == UnitKind::Army => {}
                Some(_) => return Err(illegal("only armies can be convoyed")),
                None => {
                    return Err(illegal(format!(
                        "there is no army in {} to convoy",
                        province_name(map, src)
                    )));
                }
            }
            if src == dest || map.province(dest).kind != ProvinceKind::Coast {
                return Err(illegal(format!(
                    "an army cannot be convoyed to {}",
                    province_name(map, dest)
                )));
            }
            if !convoy_route_through(map, position, src, dest, Some(from)) {
                return Err(illegal(format!(
                    "no chain of fleets through {} leads from {} to {}",
                    province_name(map, from),
                    province_name(map, src),
                    province_name(map, dest)
                )));
            }
            Ok(Checked::Convoy {
                from: src,
                to: dest,
            })
        }
        Order::Retreat { .. } => Err(illegal("retreats are ordered in a retreat phase")),
        Order::Disband { .. } => Err(illegal(
            "units are disbanded in a retreat or winter phase, not in a movement phase",
        )),
        Order::Build { .. } | Order::Waive => unreachable!("handled above"),
    }
}

pub(crate) fn unit_name(map: &Map, unit: Unit) -> String {
    format!("{} {}", unit.kind.letter(), map.loc_name(unit.loc))
}

/// Where a fleet at `from` ends up when ordered to `to`, by the DATC's coast rules: a named coast
/// must be reachable (4.B.3), an omitted one is taken when only one is reachable (4.B.2) and
/// refused when two are (4.B.1).
pub fn fleet_destination(map: &Map, from: LocId, to: Place) -> Result<LocId, OrderError> {
    let dest = to.province;
    let mut targets = map.fleet_targets(from, dest);
    match to.coast {
        Some(c) => {
            let loc = map.coast(dest, c.as_str());
            match loc {
                Some(l) if map.fleet_places(dest).contains(&l) && map.fleet_borders(from, l) => {
                    Ok(l)
                }
                _ => Err(illegal(format!(
                    "a fleet in {} cannot reach {}",
                    map.loc_name(from),
                    map.loc_name(loc.unwrap_or(dest.loc()))
                ))),
            }
        }
        None => match (targets.next(), targets.next()) {
            (Some(one), None) => Ok(one),
            (None, _) => Err(illegal(format!(
                "a fleet in {} cannot reach {}",
                map.loc_name(from),
                province_name(map, dest)
            ))),
            (Some(first), Some(_)) => Err(illegal(format!(
                "say which coast of {} the fleet goes to (e.g. {}/{})",
                province_name(map, dest),
                map.code(dest),
                map.locations[first.index()]
                    .coast
                    .as_deref()
                    .unwrap_or("NC")
            ))),
        },
    }
}

fn check_move(
    map: &Map,
    position: &Position,
    unit: Unit,
    to: Place,
    via_convoy: bool,
) -> Result<Checked, OrderError> {
    let from = map.province_of(unit.loc);
    let dest = to.province;
    if dest == from {
        return Err(illegal("a unit cannot move to the province it is in"));
    }
    match unit.kind {
        UnitKind::Army => {
            if map.is_sea(dest) {
                return Err(illegal(format!(
                    "an army cannot move to a sea ({})",
                    province_name(map, dest)
                )));
            }
            let adjacent = map.army_borders(from, dest);
            if adjacent && !via_convoy {
                return Ok(Checked::Move {
                    to: dest.loc(),
                    by_convoy: false,
                    via_convoy_written: false,
                });
            }
            if convoy_route_through(map, position, from, dest, None) || (adjacent && via_convoy) {
                return Ok(Checked::Move {
                    to: dest.loc(),
                    by_convoy: true,
                    via_convoy_written: via_convoy,
                });
            }
            Err(illegal(format!(
                "A {} cannot reach {}: not adjacent, and no chain of fleets could convoy it",
                map.code(from),
                province_name(map, dest)
            )))
        }
        UnitKind::Fleet => {
            if map.province(dest).kind == ProvinceKind::Land {
                return Err(illegal(format!(
                    "a fleet cannot move inland ({})",
                    province_name(map, dest)
                )));
            }
            let loc = fleet_destination(map, unit.loc, to)?;
            Ok(Checked::Move {
                to: loc,
                by_convoy: false,
                via_convoy_written: false,
            })
        }
    }
}

/// Whether `unit` could move to some part of `province` (what supporting there needs).
pub fn can_reach(map: &Map, unit: Unit, province: ProvinceId) -> bool {
    match unit.kind {
        UnitKind::Army => map.army_borders(map.province_of(unit.loc), province),
        UnitKind::Fleet => map.fleet_reaches(unit.loc, province),
    }
}

/// Whether the unit could move to `dest` this phase, by land, by sea, or by convoy through fleets
/// other than the supporter's (a fleet cannot convoy and support at once: DATC 6.D.31).
fn mover_could_reach(
    map: &Map,
    position: &Position,
    unit: Unit,
    dest: ProvinceId,
    supporter: ProvinceId,
) -> bool {
    match unit.kind {
        UnitKind::Fleet => map.fleet_reaches(unit.loc, dest),
        UnitKind::Army => {
            let from = map.province_of(unit.loc);
            if map.army_borders(from, dest) {
                return true;
            }
            if map.province(from).kind != ProvinceKind::Coast
                || map.province(dest).kind != ProvinceKind::Coast
            {
                return false;
            }
            let has_fleet = |p: ProvinceId| {
                p != supporter
                    && map.is_sea(p)
                    && position
                        .unit_in(p)
                        .is_some_and(|u| u.kind == UnitKind::Fleet)
            };
            sea_chain(map, &has_fleet, map.seas_touching(from), |s| {
                map.seas_touching(dest).contains(&s)
            })
        }
    }
}

/// Whether a chain of seas, each holding a fleet, leads from coastal province `from` to coastal
/// province `to` (through `via`, when given).
pub fn convoy_route_through(
    map: &Map,
    position: &Position,
    from: ProvinceId,
    to: ProvinceId,
    via: Option<ProvinceId>,
) -> bool {
    if map.province(from).kind != ProvinceKind::Coast
        || map.province(to).kind != ProvinceKind::Coast
    {
        return false;
    }
    let has_fleet = |p: ProvinceId| {
        map.is_sea(p)
            && position
                .unit_in(p)
                .is_some_and(|u| u.kind == UnitKind::Fleet)
    };
    match via {
        None => sea_chain(map, &has_fleet, map.seas_touching(from), |s| {
            map.seas_touching(to).contains(&s)
        }),
        // The fleet at `via` must be needed by some route (DATC 6.G.19): reach it without
        // passing a sea that already touches the destination, and leave it without passing one
        // that touches the start.
        Some(v) => {
            let before =
                |s: ProvinceId| has_fleet(s) && (s == v || !map.seas_touching(to).contains(&s));
            let after =
                |s: ProvinceId| has_fleet(s) && (s == v || !map.seas_touching(from).contains(&s));
            has_fleet(v)
                && sea_chain(map, &before, map.seas_touching(from), |s| s == v)
                && sea_chain(map, &after, &[v], |s| map.seas_touching(to).contains(&s))
        }
    }
}

/// Search over seas that pass `usable`, from `starts`, until `goal`. Marks and the list of seas
/// to visit live on the stack for maps of up to 256 provinces (every bundled one).
pub(crate) fn sea_chain(
    map: &Map,
    usable: &dyn Fn(ProvinceId) -> bool,
    starts: &[ProvinceId],
    goal: impl Fn(ProvinceId) -> bool,
) -> bool {
    const SMALL: usize = 256;
    let n = map.province_count();
    if n <= SMALL {
        let mut seen = [0u64; SMALL / 64];
        let mut stack = [ProvinceId(0); SMALL];
        sea_search(map, usable, starts, goal, &mut seen, &mut stack)
    } else {
        let mut seen = vec![0u64; n.div_ceil(64)];
        let mut stack = vec![ProvinceId(0); n];
        sea_search(map, usable, starts, goal, &mut seen, &mut stack)
    }
}

/// [`sea_chain`] on given buffers: `seen` has a bit per province, `stack` room for every one
/// (each is put there at most once).
fn sea_search(
    map: &Map,
    usable: &dyn Fn(ProvinceId) -> bool,
    starts: &[ProvinceId],
    goal: impl Fn(ProvinceId) -> bool,
    seen: &mut [u64],
    stack: &mut [ProvinceId],
) -> bool {
    let mut mark = |p: ProvinceId| {
        let (w, b) = (p.index() / 64, 1u64 << (p.index() % 64));
        let fresh = seen[w] & b == 0;
        seen[w] |= b;
        fresh
    };
    let mut len = 0;
    for &s in starts {
        if usable(s) && mark(s) {
            stack[len] = s;
            len += 1;
        }
    }
    while len > 0 {
        len -= 1;
        let s = stack[len];
        if goal(s) {
            return true;
        }
        for &next in map.seas_touching(s) {
            if usable(next) && mark(next) {
                stack[len] = next;
                len += 1;
            }
        }
    }
    false
}

/// The retreat-phase check: returns the unit's index among the dislodged, and where it goes
/// (`None` for a disband).
pub fn check_retreat(
    scenario: &Scenario,
    position: &Position,
    state: StateId,
    order: &Order,
) -> Result<(usize, Option<LocId>), OrderError> {
    let map = &scenario.map;
    let (unit, to) = match *order {
        Order::Retreat { unit, to } => (unit, Some(to)),
        Order::Move { unit, to, .. } => (unit, Some(to)),
        Order::Disband { unit } => (unit, None),
        _ => {
            return Err(illegal(
                "in a retreat phase a dislodged unit may only retreat (R) or disband (D)",
            ));
        }
    };
    let p = unit.place.province;
    let Some(index) = position
        .dislodged
        .iter()
        .position(|d| map.province_of(d.unit.loc) == p)
    else {
        return Err(illegal(format!(
            "no unit was dislodged from {}; only dislodged units take orders now",
            province_name(map, p)
        )));
    };
    let dislodged = &position.dislodged[index];
    if dislodged.unit.state != state {
        return Err(illegal(format!(
            "the dislodged unit in {} is not {}'s",
            province_name(map, p),
            scenario.state(state).name
        )));
    }
    let Some(to) = to else {
        return Ok((index, None));
    };
    let options: Vec<LocId> = dislodged
        .retreats
        .iter()
        .copied()
        .filter(|&l| map.province_of(l) == to.province)
        .collect();
    let chosen = match (to.coast, options.as_slice()) {
        (_, []) => None,
        (Some(c), _) => options
            .iter()
            .copied()
            .find(|&l| map.locations[l.index()].coast.as_deref() == Some(c.as_str())),
        (None, [one]) => Some(*one),
        (None, _) => None,
    };
    match chosen {
        Some(l) => Ok((index, Some(l))),
        None => Err(illegal(format!(
            "{} cannot retreat to {}; it may go to: {}",
            unit_name(map, dislodged.unit),
            province_name(map, to.province),
            if dislodged.retreats.is_empty() {
                "nowhere (it must disband)".to_string()
            } else {
                dislodged
                    .retreats
                    .iter()
                    .map(|&l| map.loc_name(l))
                    .collect::<Vec<_>>()
                    .join(", ")
            }
        ))),
    }
}

/// A winter order checked against the board (the count of builds and removals is checked by
/// the order book, in the order the orders came).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckedAdjustment {
    Build(Unit),
    Remove(ProvinceId),
    Waive,
}

pub fn check_adjustment(
    scenario: &Scenario,
    position: &Position,
    state: StateId,
    order: &Order,
) -> Result<CheckedAdjustment, OrderError> {
    let map = &scenario.map;
    match *order {
        Order::Waive => Ok(CheckedAdjustment::Waive),
        Order::Disband { unit } => {
            own_unit(scenario, position, state, unit)?;
            Ok(CheckedAdjustment::Remove(unit.place.province))
        }
        Order::Build { kind, place } => {
            let p = place.province;
            let name = province_name(map, p);
            if !scenario.is_home_centre(state, p) {
                return Err(illegal(format!(
                    "{name} is not a home centre of {}",
                    scenario.state(state).name
                )));
            }
            if position.owners[p.index()] != Some(state) {
                return Err(illegal(format!(
                    "{} does not own {name} now, so cannot build there",
                    scenario.state(state).name
                )));
            }
            if position.unit_in(p).is_some() {
                return Err(illegal(format!("{name} is occupied")));
            }
            let province = map.province(p);
            // With no unit letter, build what the place allows (DATC 4.C.3).
            let kind = match (kind, province.kind, place.coast) {
                (Some(k), _, _) => k,
                (None, ProvinceKind::Land, _) => UnitKind::Army,
                (None, _, Some(_)) => UnitKind::Fleet,
                (None, ProvinceKind::Coast, None) => {
                    return Err(illegal(format!(
                        "say whether to build an army or a fleet in {name}"
                    )));
                }
                (None, ProvinceKind::Sea, None) => UnitKind::Fleet,
            };
            let loc = match kind {
                UnitKind::Army if map.army_can_stand(p) => p.loc(),
                UnitKind::Army => {
                    return Err(illegal(format!("an army cannot be built at sea ({name})")));
                }
                UnitKind::Fleet => {
                    let locs = map.fleet_locations(p);
                    match (place.coast, locs.as_slice()) {
                        (_, []) => {
                            return Err(illegal(format!(
                                "a fleet cannot be built inland ({name})"
                            )));
                        }
                        (None, [one]) => *one,
                        (None, _) => {
                            return Err(illegal(format!(
                                "say on which coast of {name} to build the fleet (e.g. {}/{})",
                                map.code(p),
                                map.locations[locs[0].index()]
                                    .coast
                                    .as_deref()
                                    .unwrap_or("NC")
                            )));
                        }
                        (Some(c), _) => map.coast(p, c.as_str()).ok_or_else(|| {
                            illegal(format!("{name} has no coast {}", c.as_str()))
                        })?,
                    }
                }
            };
            Ok(CheckedAdjustment::Build(Unit { state, kind, loc }))
        }
        _ => Err(illegal(
            "in winter a state may only build (B), remove (D) or waive",
        )),
    }
}

/// What kind of orders a phase takes, in words, for refusals.
pub fn phase_orders(kind: PhaseKind) -> &'static str {
    match kind {
        PhaseKind::Movement => "hold, move, support or convoy",
        PhaseKind::Retreat => "retreat or disband",
        PhaseKind::Adjustment => "build, remove or waive",
    }
}
