//! The computer's orders: a state's ties turned into orders a watching person would call
//! sensible. Whom to fight and whom to help comes from the state's doctrine and ties (see
//! [`crate::play`]); the planner here decides how.

mod orders;

pub use orders::{OrderChoice, orders_for, orders_with_partners};

use rand::Rng;

use crate::play::Match;
use crate::rules::Order;
use crate::scenario::StateId;

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
