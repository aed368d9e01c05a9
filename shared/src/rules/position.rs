//! What stands on the board: units, dislodged units waiting to retreat, and centre owners.

use crate::map::{LocId, Map, ProvinceId};
use crate::rules::order::UnitKind;
use crate::scenario::StateId;

/// A unit on the board.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Unit {
    pub state: StateId,
    pub kind: UnitKind,
    /// Where it stands: a province, or for a fleet in a province with named coasts, the coast.
    pub loc: LocId,
}

/// A unit dislodged in the last movement phase, waiting to retreat or disband.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dislodged {
    pub unit: Unit,
    /// The province the dislodging unit came from: the unit may not retreat there unless the
    /// attacker came by convoy (DATC 4.A.5).
    pub attacker_from: ProvinceId,
    /// Where it may go; computed when it was dislodged.
    pub retreats: Vec<LocId>,
}

/// The board between phases.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Position {
    /// The unit in each province, by province index.
    pub units: Vec<Option<Unit>>,
    /// The owner of each supply centre, by province index (`None` elsewhere or unowned).
    pub owners: Vec<Option<StateId>>,
    /// Units dislodged in the last movement phase (empty outside retreat phases).
    pub dislodged: Vec<Dislodged>,
}

impl Position {
    pub fn empty(map: &Map) -> Position {
        Position {
            units: vec![None; map.province_count()],
            owners: vec![None; map.province_count()],
            dislodged: Vec::new(),
        }
    }

    pub fn unit_in(&self, province: ProvinceId) -> Option<Unit> {
        self.units[province.index()]
    }

    /// Every unit with its province, in province order.
    pub fn units(&self) -> impl Iterator<Item = (ProvinceId, Unit)> + '_ {
        self.units
            .iter()
            .enumerate()
            .filter_map(|(i, u)| u.map(|u| (ProvinceId(i as u16), u)))
    }

    pub fn unit_count(&self, state: StateId) -> usize {
        self.units
            .iter()
            .flatten()
            .filter(|u| u.state == state)
            .count()
    }

    pub fn centre_count(&self, state: StateId) -> usize {
        self.owners.iter().filter(|o| **o == Some(state)).count()
    }

    /// [`Position::centre_count`] of each of the first `n` states, in one pass over the board
    /// instead of one a state.
    pub fn centre_counts(&self, n: usize) -> Vec<usize> {
        let mut counts = vec![0; n];
        for s in self.owners.iter().flatten() {
            if let Some(c) = counts.get_mut(s.index()) {
                *c += 1;
            }
        }
        counts
    }

    /// [`Position::unit_count`] of each of the first `n` states, in one pass over the board.
    pub fn unit_counts(&self, n: usize) -> Vec<usize> {
        let mut counts = vec![0; n];
        for u in self.units.iter().flatten() {
            if let Some(c) = counts.get_mut(u.state.index()) {
                *c += 1;
            }
        }
        counts
    }
}
