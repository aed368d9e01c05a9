//! Entente's shared core: the map and scenarios, orders and the adjudicator, and (as the project
//! grows) the threat model, doctrines and computer players. No rendering, no networking.

pub mod ai;
pub mod alignment;
pub mod doctrine;
pub mod map;
pub mod rules;
pub mod scenario;
pub mod threat;
