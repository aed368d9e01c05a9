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

    /// The state a move into `p` strikes: the one whose unit stands there, else its owner.
    pub fn held_by(&self, p: ProvinceId) -> Option<StateId> {
        self.unit_in(p).map(|u| u.state).or(self.owners[p.index()])
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

#[cfg(test)]
mod tests {
    use rand::{Rng, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    use super::*;

    /// The counts made in one pass are the counts made state by state, on boards with units and
    /// centres of states beyond the ones counted (which are left out).
    #[test]
    fn counts_in_one_pass_are_the_counts_state_by_state() {
        let mut rng = ChaCha8Rng::seed_from_u64(18);
        for _ in 0..200 {
            let provinces = rng.random_range(1..90);
            let owner = |rng: &mut ChaCha8Rng| {
                rng.random_bool(0.6)
                    .then(|| StateId(rng.random_range(0..9)))
            };
            let position = Position {
                units: (0..provinces)
                    .map(|p| {
                        owner(&mut rng).map(|state| Unit {
                            state,
                            kind: UnitKind::Army,
                            loc: LocId(p),
                        })
                    })
                    .collect(),
                owners: (0..provinces).map(|_| owner(&mut rng)).collect(),
                dislodged: Vec::new(),
            };
            let n = rng.random_range(0..8);
            let (centres, units) = (position.centre_counts(n), position.unit_counts(n));
            assert_eq!(centres.len(), n);
            assert_eq!(units.len(), n);
            for s in 0..n {
                assert_eq!(centres[s], position.centre_count(StateId(s as u8)));
                assert_eq!(units[s], position.unit_count(StateId(s as u8)));
            }
        }
    }
}
