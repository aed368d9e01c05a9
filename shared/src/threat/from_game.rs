//! The state system of a game in progress, derived from the board every phase.

use crate::map::ProvinceId;
use crate::rules::Game;
use crate::threat::file::CapabilitiesEntry;
use crate::threat::system::{Actor, Ledger, StateSystem, power_index};

/// Provinces a state holds: owned centres and where its units stand.
fn territory(game: &Game, state: usize) -> Vec<ProvinceId> {
    let position = game.position();
    let map = &game.scenario().map;
    let mut out: Vec<ProvinceId> = map
        .province_ids()
        .filter(|p| position.owners[p.index()].is_some_and(|o| o.index() == state))
        .collect();
    for (p, u) in position.units() {
        if u.state.index() == state && !out.contains(&p) {
            out.push(p);
        }
    }
    out
}

/// Builds the theory's view of a game: power from centres, units and the scenario's latent
/// power; distances between territories on the map; offensive capability from units within one
/// or two moves of another state's territory; the ledger as given.
pub fn from_game(game: &Game, ledger: Ledger, now: f64) -> StateSystem {
    let scenario = game.scenario();
    let map = &scenario.map;
    let n = scenario.states.len();
    let position = game.position();
    let caps: Vec<CapabilitiesEntry> = scenario
        .state_ids()
        .map(|s| {
            let latent = scenario.file.states[s.index()]
                .latent_power
                .clone()
                .unwrap_or_default();
            CapabilitiesEntry {
                centres: Some(position.centre_count(s) as f64),
                units: Some(position.unit_count(s) as f64),
                population: latent.population,
                iron_steel: latent.industry,
                military_spending: latent.military_spending,
                ..Default::default()
            }
        })
        .collect();
    let power = power_index(&caps);
    let territories: Vec<Vec<ProvinceId>> = (0..n).map(|s| territory(game, s)).collect();
    // Distance from every state's territory to every province.
    let reach: Vec<Vec<u32>> = territories.iter().map(|t| map.distances_from(t)).collect();
    let mut raw = vec![0.0; n * n];
    for i in 0..n {
        for j in 0..n {
            if i != j {
                let d = territories[j]
                    .iter()
                    .map(|p| reach[i][p.index()])
                    .min()
                    .unwrap_or(u32::MAX);
                // Sharing a province or bordering both count as neighbours.
                raw[i * n + j] = if d == u32::MAX {
                    f64::INFINITY
                } else {
                    (d as f64).max(1.0)
                };
            }
        }
    }
    // On a map, one border crossed is already the neighbour unit.
    let distance = raw;
    // Offence: units of j one move from i's territory count fully, two moves half.
    let mut offence = vec![0.0; n * n];
    let units_of: Vec<usize> = (0..n)
        .map(|s| {
            position
                .units()
                .filter(|(_, u)| u.state.index() == s)
                .count()
        })
        .collect();
    for i in 0..n {
        for j in 0..n {
            if i == j {
                continue;
            }
            let strike: f64 = position
                .units()
                .filter(|(_, u)| u.state.index() == j)
                .map(|(p, _)| match reach[i][p.index()] {
                    0 | 1 => 1.0,
                    2 => 0.5,
                    _ => 0.0,
                })
                .sum();
            let defence = units_of[i].max(1) as f64;
            offence[j * n + i] = strike / (strike + defence);
        }
    }
    let actors = scenario
        .states
        .iter()
        .zip(&scenario.file.states)
        .map(|(s, f)| Actor {
            code: s.code.clone(),
            name: s.name.clone(),
            adjective: s.adjective.clone(),
            doctrine: f
                .doctrine
                .clone()
                .unwrap_or_else(|| crate::doctrine::DEFAULT.to_string()),
            weights: f
                .threat_weights
                .as_ref()
                .and_then(|w| {
                    super::Weights::new(w.power, w.proximity, w.offence, w.intentions).ok()
                })
                .unwrap_or_default(),
            bias: Vec::new(),
        })
        .collect();
    StateSystem {
        name: scenario.name.clone(),
        now,
        actors,
        power,
        distance,
        offence,
        ledger,
    }
}
