//! Who plays the seats no person plays: one of the computer players of `entente_shared::play`,
//! chosen by the host. The session calls it only for those seats, and records what it decides,
//! so that a saved game replays without calling it again.

use std::sync::Arc;

use entente_shared::play::{ComputerPlayer, Doctrinal, StandIn};
use serde::{Deserialize, Serialize};

/// Which computer player fills the empty seats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
pub enum ComputerKind {
    /// Chooses alliances by its doctrine (balance of threat unless the scenario or the host says
    /// otherwise) and orders that follow them.
    Doctrine,
    /// Every unit holds; makes no alliances.
    Hold,
    /// Random legal orders; makes no alliances.
    Random,
}

impl ComputerKind {
    /// The computer player of this kind.
    pub fn player(self) -> Arc<dyn ComputerPlayer> {
        match self {
            ComputerKind::Doctrine => Arc::new(Doctrinal),
            ComputerKind::Hold => Arc::new(StandIn::Hold),
            ComputerKind::Random => Arc::new(StandIn::Random),
        }
    }
}
