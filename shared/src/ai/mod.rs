//! The computer's orders: a state's ties turned into orders a watching person would call
//! sensible. Whom to fight and whom to help comes from the state's doctrine and ties (see
//! [`crate::play`]); the planner here decides how.
//!
//! - [`plan_orders`] is the planner the doctrines' computer players use: province values from
//!   centres, threats and the plan; supported attacks and defences weighed against what the other
//!   states' units are likely to do; convoys; partners planned together so that no two of them
//!   bounce each other; an opening book; retreats and builds that serve the plan.
//! - The baselines it is measured against, each a [`crate::play::ComputerPlayer`]:
//!   [`DumbBot`] (David Norman's published no-press algorithm, written from its description) and
//!   [`Previous`] (the planner this one replaced); random and holding players are
//!   [`crate::play::StandIn`]s.
//! - [`ladder`] plays whole games with any mix of them and counts what the orders did.

mod board;
mod dumbbot;
pub mod ladder;
mod openings;
mod planner;
mod previous;

#[doc(hidden)]
pub use board::guess;
pub use dumbbot::DumbBot;
pub use previous::Previous;

use rand::Rng;

use crate::play::Match;
use crate::rules::Order;
use crate::scenario::StateId;

/// An order with the reason it was chosen.
#[derive(Debug, Clone)]
pub struct OrderChoice {
    pub order: Order,
    pub reason: String,
}

/// The state's orders for the current phase, each with its reason, planned on its own.
pub fn orders_for(table: &Match, state: StateId, rng: &mut impl Rng) -> Vec<OrderChoice> {
    orders_with_partners(table, state, &[], rng)
}

/// The same, knowing the orders its partners have already planned this phase (computer partners
/// tell each other): it leaves the provinces they move to alone and may support their moves.
pub fn orders_with_partners(
    table: &Match,
    state: StateId,
    partner_orders: &[(StateId, Order)],
    rng: &mut impl Rng,
) -> Vec<OrderChoice> {
    let board = board::Board::new(table);
    planner::plan(&board, table, state, partner_orders, &[], &[], rng).0
}

/// The orders of `seats` for the phase. Partners are planned together: each in turn knows what
/// the partners before it ordered, so none of them moves where a partner goes (no two partners
/// bounce each other) and its free units support the partners' attacks; and it may count on
/// the units of partners planning after it to support an attack, asking them to (they weigh
/// the request against their own plans).
pub fn plan_orders(
    table: &Match,
    seats: &[StateId],
    rng: &mut impl Rng,
) -> Vec<(StateId, OrderChoice)> {
    let board = board::Board::new(table);
    let mut out: Vec<(StateId, OrderChoice)> = Vec::new();
    let mut requests: Vec<planner::Request> = Vec::new();
    let mut seats = seats.to_vec();
    seats.sort();
    let mut later = vec![false; board.n_states];
    for &s in &seats {
        later[s.index()] = true;
    }
    for state in seats {
        later[state.index()] = false;
        let partner_orders: Vec<(StateId, Order)> = out
            .iter()
            .filter(|(s, _)| table.ties().are_allied(s.index(), state.index()))
            .map(|(s, c)| (*s, c.order))
            .collect();
        let (choices, asked) = planner::plan(
            &board,
            table,
            state,
            &partner_orders,
            &requests,
            &later,
            rng,
        );
        for choice in choices {
            out.push((state, choice));
        }
        requests.extend(asked);
    }
    out
}

/// A tuning knob: the default, except in builds made with `RUSTFLAGS="--cfg entente_tuning"`,
/// where `K_<NAME>` in the environment overrides it (for tuning runs only: ordinary builds never
/// read the environment, so games stay determined by their seeds).
#[allow(unexpected_cfgs)]
pub(crate) fn knob(name: &str, default: f64) -> f64 {
    #[cfg(entente_tuning)]
    {
        use std::collections::BTreeMap;
        use std::sync::OnceLock;
        static KNOBS: OnceLock<BTreeMap<String, f64>> = OnceLock::new();
        let knobs = KNOBS.get_or_init(|| {
            std::env::vars()
                .filter_map(|(k, v)| Some((k.strip_prefix("K_")?.to_string(), v.parse().ok()?)))
                .collect()
        });
        knobs.get(name).copied().unwrap_or(default)
    }
    #[cfg(not(entente_tuning))]
    {
        let _ = name;
        default
    }
}
