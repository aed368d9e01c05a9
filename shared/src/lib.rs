//! Entente's shared core: the map and scenarios, orders and the adjudicator, and (as the project
//! grows) the threat model, doctrines and computer players. No rendering, no networking.

// Indices here are the ids of states, provinces and units, and loops over them read as the
// rules and the theory's matrices are written.
#![allow(clippy::needless_range_loop)]

pub mod ai;
pub mod alignment;
pub mod doctrine;
pub mod map;
pub mod play;
pub mod protocol;
pub mod record;
pub mod rules;
pub mod scenario;
pub mod threat;
