//! The rules of play: orders, their legality, adjudication of every phase, and the calendar.

pub mod game;
pub mod legality;
pub mod movement;
pub mod options;
pub mod order;
pub mod phase;
pub mod position;

pub use game::{Game, OrderId, OrderOutcome, Outcome, PhaseReport};
pub use movement::Failure;
pub use order::{Order, UnitKind};
pub use phase::{Phase, PhaseKind, Season};
pub use position::{Dislodged, Position, Unit};
