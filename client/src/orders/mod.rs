//! Building orders from clicks and from typing: pure, so that click sequences are tested
//! without a window. Every order comes out in the standard notation that the server (and the
//! shared parser) reads: `A PAR - BUR`, `A MAR S A PAR - BUR`, `F NTH C A LON - BEL`.

use std::sync::Arc;

use entente_shared::map::LocId;
use entente_shared::protocol::{Board, UnitView};
use entente_shared::rules::movement::Failure;
use entente_shared::rules::phase::{Phase, PhaseKind};
use entente_shared::rules::{Dislodged, Game, Outcome, Position, Unit, UnitKind};
use entente_shared::scenario::Scenario;

#[cfg(test)]
mod tests;

/// What a click on a province means while a unit is chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    /// Click a target to move there; the unit's own province to hold.
    #[default]
    Move,
    /// Click the unit to support, then where it goes (or itself again to support it holding).
    Support,
    /// Click the army to convoy, then where it goes (fleets only).
    Convoy,
}

impl Mode {
    pub fn label(self) -> &'static str {
        match self {
            Mode::Move => "Move / hold",
            Mode::Support => "Support",
            Mode::Convoy => "Convoy",
        }
    }
}

/// What a click did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Click {
    /// A unit (or a second unit) is chosen; more clicks are needed.
    Chosen(String),
    /// An order is complete (and was put in the pending list).
    Order(String),
    /// Nothing happened; the text says why.
    Hint(String),
}

/// Where the board stands for the builder: the phase, our state, and the units.
pub struct Context<'a> {
    pub scenario: &'a Scenario,
    pub board: &'a Board,
    pub phase: &'a str,
    /// Our state's code.
    pub me: &'a str,
}

impl Context<'_> {
    fn kind(&self) -> PhaseKind {
        Phase::parse(self.phase)
            .map(|p| p.kind)
            .unwrap_or(PhaseKind::Movement)
    }

    fn unit_at(&self, province: &str) -> Option<&UnitView> {
        self.board
            .units
            .iter()
            .find(|u| province_of(&u.at) == province)
    }

    fn dislodged_at(&self, province: &str) -> Option<&UnitView> {
        self.board
            .dislodged
            .iter()
            .map(|d| &d.unit)
            .find(|u| province_of(&u.at) == province && u.state == self.me)
    }

    fn adjustment(&self) -> i32 {
        self.board
            .adjustments
            .iter()
            .find(|(s, _)| s == self.me)
            .map(|(_, n)| *n)
            .unwrap_or(0)
    }

    /// Where a unit moving to `to` goes: the province, or for a fleet entering a province with
    /// named coasts, the coast it can reach.
    fn target(&self, unit: &UnitView, to: &str) -> String {
        let map = &self.scenario.map;
        if unit.kind != 'F' {
            return to.to_string();
        }
        let (Some(to_p), Some(from_p)) = (map.find(to), map.find(province_of(&unit.at))) else {
            return to.to_string();
        };
        if map.province(to_p).coasts.is_empty() {
            return to.to_string();
        }
        let from_loc = match unit.at.split_once('/') {
            Some((_, coast)) => map.coast(from_p, coast).unwrap_or(from_p.loc()),
            None => from_p.loc(),
        };
        map.fleet_targets(from_loc, to_p)
            .next()
            .map(|l| map.loc_name(l))
            .unwrap_or_else(|| to.to_string())
    }
}

/// The province part of a place (`STP/SC` → `STP`).
pub fn province_of(place: &str) -> &str {
    place.split('/').next().unwrap_or(place)
}

/// How an order names a unit: `A PAR`, `F STP/SC`.
pub fn unit_words(u: &UnitView) -> String {
    format!("{} {}", u.kind, u.at)
}

/// The order builder: the mode, what has been clicked so far, and the orders waiting to be
/// submitted (one per unit; a new order for a unit replaces its old one).
#[derive(Debug, Clone, Default)]
pub struct Builder {
    pub mode: Mode,
    /// In winter, build fleets instead of armies.
    pub build_fleets: bool,
    /// The unit chosen (`A PAR`), and in support and convoy modes the second unit.
    pub chosen: Vec<UnitView>,
    pub pending: Vec<String>,
}

impl Builder {
    /// Forgets the clicks so far (not the pending orders).
    pub fn cancel(&mut self) {
        self.chosen.clear();
    }

    pub fn set_mode(&mut self, mode: Mode) {
        self.mode = mode;
        self.chosen.truncate(1);
    }

    /// What the next click does, in words.
    pub fn prompt(&self, ctx: &Context) -> String {
        match ctx.kind() {
            PhaseKind::Retreat => match self.chosen.first() {
                None => "Click one of your dislodged units.".into(),
                Some(u) => format!(
                    "Click where {} retreats (or the unit again to disband it).",
                    unit_words(u)
                ),
            },
            PhaseKind::Adjustment => {
                let n = ctx.adjustment();
                if n > 0 {
                    let what = if self.build_fleets { "fleet" } else { "army" };
                    format!("You may build {n}: click an empty home centre to build an {what}.")
                } else if n < 0 {
                    format!("You must remove {}: click a unit to disband it.", -n)
                } else {
                    "No builds or removals for you this winter.".into()
                }
            }
            PhaseKind::Movement => match (self.mode, self.chosen.as_slice()) {
                (_, []) => "Click one of your units.".into(),
                (Mode::Move, [u, ..]) => format!(
                    "Click where {} moves (or the unit itself to hold).",
                    unit_words(u)
                ),
                (Mode::Support, [u]) => {
                    format!("Click the unit that {} supports.", unit_words(u))
                }
                (Mode::Support, [_, s, ..]) => format!(
                    "Click where {} goes (or the unit again to support it holding).",
                    unit_words(s)
                ),
                (Mode::Convoy, [u]) => format!("Click the army that {} convoys.", unit_words(u)),
                (Mode::Convoy, [_, a, ..]) => {
                    format!("Click where {} is convoyed to.", unit_words(a))
                }
            },
        }
    }

    /// Takes a click on `province` (a province code).
    pub fn click(&mut self, province: &str, ctx: &Context) -> Click {
        match ctx.kind() {
            PhaseKind::Retreat => self.click_retreat(province, ctx),
            PhaseKind::Adjustment => self.click_adjust(province, ctx),
            PhaseKind::Movement => self.click_move(province, ctx),
        }
    }

    fn click_move(&mut self, province: &str, ctx: &Context) -> Click {
        let clicked = ctx.unit_at(province).cloned();
        let Some(first) = self.chosen.first().cloned() else {
            return match clicked {
                Some(u) if u.state == ctx.me => {
                    if self.mode == Mode::Convoy && u.kind != 'F' {
                        return Click::Hint(
                            "Only a fleet convoys: click one of your fleets.".into(),
                        );
                    }
                    let words = unit_words(&u);
                    self.chosen.push(u);
                    Click::Chosen(words)
                }
                Some(u) => Click::Hint(format!(
                    "{} belongs to {}: click one of your own units.",
                    unit_words(&u),
                    u.state
                )),
                None => Click::Hint(format!("There is no unit in {province}.")),
            };
        };
        match (self.mode, self.chosen.len()) {
            (Mode::Move, _) => {
                let order = if province_of(&first.at) == province {
                    format!("{} H", unit_words(&first))
                } else {
                    format!("{} - {}", unit_words(&first), ctx.target(&first, province))
                };
                self.finish(order)
            }
            (Mode::Support | Mode::Convoy, 1) => match clicked {
                Some(u) if province_of(&u.at) == province_of(&first.at) => {
                    Click::Hint("A unit cannot support or convoy itself.".into())
                }
                Some(u) if self.mode == Mode::Convoy && u.kind != 'A' => {
                    Click::Hint("A fleet convoys armies only: click an army.".into())
                }
                Some(u) => {
                    let words = unit_words(&u);
                    self.chosen.push(u);
                    Click::Chosen(words)
                }
                None => Click::Hint(format!(
                    "There is no unit in {province} to support or convoy."
                )),
            },
            (Mode::Support, _) => {
                let s = self.chosen[1].clone();
                let order = if province_of(&s.at) == province {
                    format!("{} S {}", unit_words(&first), unit_words(&s))
                } else {
                    format!("{} S {} - {}", unit_words(&first), unit_words(&s), province)
                };
                self.finish(order)
            }
            (Mode::Convoy, _) => {
                let a = self.chosen[1].clone();
                if province_of(&a.at) == province {
                    return Click::Hint("Click where the army goes, not the army.".into());
                }
                let order = format!("{} C {} - {}", unit_words(&first), unit_words(&a), province);
                self.finish(order)
            }
        }
    }

    fn click_retreat(&mut self, province: &str, ctx: &Context) -> Click {
        match self.chosen.first().cloned() {
            None => match ctx.dislodged_at(province) {
                Some(u) => {
                    let words = unit_words(u);
                    self.chosen.push(u.clone());
                    Click::Chosen(words)
                }
                None => Click::Hint("Only your dislodged units move now.".into()),
            },
            Some(u) if province_of(&u.at) == province => {
                self.finish(format!("{} D", unit_words(&u)))
            }
            Some(u) => {
                let to = ctx.target(&u, province);
                self.finish(format!("{} R {}", unit_words(&u), to))
            }
        }
    }

    fn click_adjust(&mut self, province: &str, ctx: &Context) -> Click {
        let n = ctx.adjustment();
        if n < 0 {
            return match ctx.unit_at(province) {
                Some(u) if u.state == ctx.me => {
                    let order = format!("{} D", unit_words(u));
                    self.finish(order)
                }
                _ => Click::Hint("Click one of your units to remove it.".into()),
            };
        }
        if n == 0 {
            return Click::Hint("You have nothing to build or remove.".into());
        }
        if ctx.unit_at(province).is_some() {
            return Click::Hint(format!(
                "{province} is occupied: build in an empty home centre."
            ));
        }
        let kind = if self.build_fleets { 'F' } else { 'A' };
        let place = if kind == 'F' {
            let map = &ctx.scenario.map;
            map.find(province)
                .and_then(|p| map.province(p).coasts.first().copied())
                .map(|l| map.loc_name(l))
                .unwrap_or_else(|| province.to_string())
        } else {
            province.to_string()
        };
        self.finish(format!("{kind} {place} B"))
    }

    fn finish(&mut self, order: String) -> Click {
        self.chosen.clear();
        self.put(order.clone());
        Click::Order(order)
    }

    /// Puts an order in the pending list, replacing an earlier order for the same unit.
    pub fn put(&mut self, order: String) {
        let key = order_key(&order);
        if let Some(k) = &key
            && let Some(i) = self
                .pending
                .iter()
                .position(|o| order_key(o).as_ref() == Some(k))
        {
            self.pending[i] = order;
            return;
        }
        self.pending.push(order);
    }

    /// Reads a typed order with the shared parser and puts it, written the standard way, in the
    /// pending list; or says why it cannot be read.
    pub fn type_order(&mut self, text: &str, scenario: &Scenario) -> Result<String, String> {
        let order = scenario.parse_order(text).map_err(|e| e.to_string())?;
        let canonical = order.display(&scenario.map).to_string();
        self.put(canonical.clone());
        Ok(canonical)
    }

    /// Removes pending order `i`.
    pub fn remove(&mut self, i: usize) {
        if i < self.pending.len() {
            self.pending.remove(i);
        }
    }
}

/// The unit an order is for (`A PAR` from `A PAR - BUR`, `PAR` when the kind is left out), so
/// that a new order replaces the old one; none for `WAIVE`.
pub fn order_key(order: &str) -> Option<String> {
    let mut words = order.split_whitespace();
    let first = words.next()?.to_ascii_uppercase();
    if first == "WAIVE" {
        return None;
    }
    let place = if first == "A" || first == "F" {
        words.next()?.to_ascii_uppercase()
    } else {
        first
    };
    Some(province_of(&place).to_string())
}

/// An order's arrow for the map: from, to, and what kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Arrow {
    Move {
        from: String,
        to: String,
    },
    /// Support of a move (from the supporter to the middle of the supported move).
    SupportMove {
        from: String,
        of: String,
        to: String,
    },
    SupportHold {
        from: String,
        of: String,
    },
    Convoy {
        from: String,
        of: String,
        to: String,
    },
    Hold {
        at: String,
    },
    Build {
        at: String,
    },
    Disband {
        at: String,
    },
}

/// Reads an order in standard notation into the arrow to draw (provinces without coasts).
pub fn arrow(order: &str) -> Option<Arrow> {
    let w: Vec<String> = order
        .split_whitespace()
        .map(|s| province_of(&s.to_ascii_uppercase()).to_string())
        .collect();
    let unit_at = |i: usize| -> Option<(usize, String)> {
        // `A PAR` or `PAR`.
        let first = w.get(i)?;
        if (first == "A" || first == "F") && w.len() > i + 1 {
            Some((i + 2, w[i + 1].clone()))
        } else {
            Some((i + 1, first.clone()))
        }
    };
    if w.first().is_some_and(|x| x == "WAIVE") {
        return None;
    }
    let (i, from) = unit_at(0)?;
    match w.get(i).map(String::as_str) {
        Some("-") | Some("R") => Some(Arrow::Move {
            from,
            to: w.get(i + 1)?.clone(),
        }),
        Some("H") | None => Some(Arrow::Hold { at: from }),
        Some("B") => Some(Arrow::Build { at: from }),
        Some("D") => Some(Arrow::Disband { at: from }),
        Some("S") => {
            let (j, of) = unit_at(i + 1)?;
            match w.get(j).map(String::as_str) {
                Some("-") => Some(Arrow::SupportMove {
                    from,
                    of,
                    to: w.get(j + 1)?.clone(),
                }),
                _ => Some(Arrow::SupportHold { from, of }),
            }
        }
        Some("C") => {
            let (j, of) = unit_at(i + 1)?;
            Some(Arrow::Convoy {
                from,
                of,
                to: w.get(j + 1)?.clone(),
            })
        }
        _ => None,
    }
}

/// The unit an order is for, as it names it (`A PAR` from `A PAR - BUR`).
pub fn order_unit(order: &str) -> Option<String> {
    let mut words = order.split_whitespace();
    let first = words.next()?;
    if first == "A" || first == "F" {
        Some(format!("{first} {}", words.next()?))
    } else {
        None
    }
}

/// What became of an order, in the words a student reads: `moved`, `held`, `supported`,
/// `bounced`, `support cut`, `dislodged` ... (from the typed outcome, never from its words).
pub fn outcome_words(order: &str, outcome: &Outcome) -> String {
    match outcome {
        Outcome::Succeeded => match arrow(order) {
            Some(Arrow::Move { .. }) if order.contains(" R ") => "retreated".into(),
            Some(Arrow::Move { .. }) => "moved".into(),
            Some(Arrow::Hold { .. }) => "held".into(),
            Some(Arrow::SupportMove { .. } | Arrow::SupportHold { .. }) => "supported".into(),
            Some(Arrow::Convoy { .. }) => "convoyed".into(),
            Some(Arrow::Build { .. }) => "built".into(),
            Some(Arrow::Disband { .. }) => "disbanded".into(),
            None => "done".into(),
        },
        Outcome::Failed(f) => match f {
            Failure::Bounced => "bounced",
            Failure::NoConvoy => "failed: no convoy",
            Failure::Cut => "support cut",
            Failure::Dislodged => "dislodged",
            Failure::Void => "void: nothing to support or convoy",
            Failure::Paradox => "failed: convoy paradox",
        }
        .into(),
        Outcome::Illegal(why) => format!("refused: {why}"),
        Outcome::Replaced => "replaced by a later order".into(),
    }
}

/// Where a unit stands, by its name on the board (`PAR`, `STP/SC`).
fn loc_of(map: &entente_shared::map::Map, at: &str) -> Option<LocId> {
    let p = map.find(province_of(at))?;
    Some(match at.split_once('/') {
        Some((_, coast)) => map.coast(p, coast).unwrap_or(p.loc()),
        None => p.loc(),
    })
}

fn unit_of(scenario: &Scenario, u: &UnitView) -> Option<Unit> {
    let kind = match u.kind {
        'A' => UnitKind::Army,
        'F' => UnitKind::Fleet,
        _ => return None,
    };
    Some(Unit {
        state: scenario.find_state(&u.state)?,
        kind,
        loc: loc_of(&scenario.map, &u.at)?,
    })
}

/// The board as the rules see it, rebuilt from what the server shows (units, centre owners,
/// dislodged units with their retreats).
pub fn position_of(scenario: &Scenario, board: &Board) -> Position {
    let map = &scenario.map;
    let mut p = Position::empty(map);
    for u in &board.units {
        if let Some(unit) = unit_of(scenario, u) {
            p.units[map.province_of(unit.loc).index()] = Some(unit);
        }
    }
    for (province, owner) in &board.centres {
        if let (Some(q), Some(s)) = (map.find(province), scenario.find_state(owner)) {
            p.owners[q.index()] = Some(s);
        }
    }
    for d in &board.dislodged {
        if let Some(unit) = unit_of(scenario, &d.unit) {
            let at = map.province_of(unit.loc);
            p.dislodged.push(Dislodged {
                unit,
                // Not shown to clients; the retreats below already leave it out.
                attacker_from: at,
                retreats: d.retreats.iter().filter_map(|r| loc_of(map, r)).collect(),
            });
        }
    }
    p
}

/// Checks orders as the server will, with the shared rules on a copy of the game at this
/// phase and board: each order in turn (a later one for the same unit replaces the earlier),
/// written the standard way, or the reason the server would give for refusing it.
pub fn check_orders(
    scenario: &Arc<Scenario>,
    board: &Board,
    phase: &str,
    me: &str,
    orders: &[String],
) -> Vec<Result<String, String>> {
    let (Some(phase), Some(state)) = (Phase::parse(phase), scenario.find_state(me)) else {
        return orders
            .iter()
            .map(|_| Err("there is no phase to give orders in now".to_string()))
            .collect();
    };
    let mut game = Game::from_position(scenario.clone(), phase, position_of(scenario, board));
    orders
        .iter()
        .map(|text| {
            let order = scenario.parse_order(text).map_err(|e| e.to_string())?;
            game.submit_order(state, &order)
                .map(|_| order.display(&scenario.map).to_string())
                .map_err(|e| e.to_string())
        })
        .collect()
}

/// Why the server would refuse `order`, now in `pending` (with the orders before it), if it
/// would.
pub fn refusal(
    scenario: &Arc<Scenario>,
    board: &Board,
    phase: &str,
    me: &str,
    pending: &[String],
    order: &str,
) -> Option<String> {
    let i = pending.iter().position(|o| o == order)?;
    check_orders(scenario, board, phase, me, &pending[..=i])
        .pop()
        .and_then(Result::err)
}
