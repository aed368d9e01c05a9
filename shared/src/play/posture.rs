//! Postures on the board: what a state that neither allies nor aligns does with its orders.
//!
//! Two of the theory's stances take no tie and would change nothing if they stayed words:
//! - **Finlandization**: a weak state accommodates a neighbouring power it cannot resist. It does
//!   not attack that power's units or centres and does not support others' attacks on them; it
//!   keeps its independence and stays out of every camp.
//! - **Soft balancing**: a state that fears the strongest state but cannot yet ally against it
//!   gives it no support and denies it passage: a unit standing on one of the state's centres
//!   next to the leader's forces stays there instead of leaving the door open.
//!
//! The posture is read from the state's reasoning this phase ([`super::Considered`]) and its
//! object is what the state fears most, so a posture lasts exactly as long as the stance.

use super::Match;
use crate::ai::OrderChoice;
use crate::alignment::Stance;
use crate::rules::Order;
use crate::scenario::StateId;

/// What a state's orders must respect this phase.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Posture {
    /// Finlandized towards this state: no attack on it, no support of an attack on it.
    Accommodates(usize),
    /// Balancing softly against this state: no support for it, its way into our centres kept shut.
    SoftBalances(usize),
}

/// The posture of `me` this phase, if its stance has one.
pub fn posture_of(table: &Match, me: usize) -> Option<Posture> {
    let considered = table.considered().iter().find(|c| c.state as usize == me)?;
    let view = super::computer::view(table, me);
    let (feared, _) = table.doctrines()[me].greatest_danger(&view)?;
    match considered.stance {
        Stance::Finlandization => Some(Posture::Accommodates(feared)),
        Stance::SoftBalancing => Some(Posture::SoftBalances(feared)),
        _ => None,
    }
}

/// Holds, with the posture's reason, the orders of `me` that its posture forbids. Returns how
/// many orders it changed.
pub fn respect(table: &Match, me: StateId, posture: Posture, orders: &mut [OrderChoice]) -> usize {
    let game = table.game();
    let scenario = game.scenario();
    let map = &scenario.map;
    let position = game.position();
    let names = |s: usize| scenario.states[s].name.clone();
    // Whose a province is, as an attack on it would be read: the unit there, else the owner.
    let holder = |p: crate::map::ProvinceId| {
        position
            .unit_in(p)
            .map(|u| u.state.index())
            .or(position.owners[p.index()].map(|s| s.index()))
    };
    let mut changed = 0;
    for choice in orders.iter_mut() {
        let Some(unit) = choice.order.unit() else {
            continue;
        };
        let reason = match (posture, choice.order) {
            (Posture::Accommodates(t), Order::Move { to, .. })
            | (Posture::Accommodates(t), Order::SupportMove { to, .. })
            | (Posture::Accommodates(t), Order::Convoy { to, .. })
                if holder(to.province) == Some(t) =>
            {
                format!(
                    "holds: {} accommodates {} and does not attack it",
                    names(me.index()),
                    names(t)
                )
            }
            (Posture::SoftBalances(t), Order::SupportHold { supported, .. })
            | (Posture::SoftBalances(t), Order::SupportMove { supported, .. })
                if position
                    .unit_in(supported.place.province)
                    .map(|u| u.state.index())
                    == Some(t) =>
            {
                format!(
                    "holds: {} balances softly against {} and gives it no support",
                    names(me.index()),
                    names(t)
                )
            }
            // An attack on the leader itself is hard balancing on the board: left alone.
            (Posture::SoftBalances(t), Order::Move { to, .. })
                if holder(to.province) != Some(t) =>
            {
                let here = unit.place.province;
                let ours =
                    position.owners[here.index()] == Some(me) && map.province(here).supply_centre;
                let at_door = map.any_neighbours()[here.index()]
                    .iter()
                    .any(|&q| position.unit_in(q).is_some_and(|u| u.state.index() == t));
                if !(ours && at_door) {
                    continue;
                }
                format!(
                    "holds: {} balances softly against {} and denies it passage into {}",
                    names(me.index()),
                    names(t),
                    map.province(here).name
                )
            }
            _ => continue,
        };
        choice.order = Order::Hold { unit };
        choice.reason = reason;
        changed += 1;
    }
    changed
}
