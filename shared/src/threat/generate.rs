//! Generated worlds: many states scattered on a plane, for benchmarks and for trying doctrines on
//! systems larger than any map.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::system::{
    Act, ActKind, Actor, Ledger, StateSystem, neighbour_units, offence_from_forces,
};

/// `n` states on a square with room for each, powers spread like real ones (a few great powers,
/// many small states), and one act of aggression per ten states between near neighbours.
pub fn generated_world(n: usize, seed: u64) -> StateSystem {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let side = (n as f64).sqrt();
    let points: Vec<(f64, f64)> = (0..n)
        .map(|_| (rng.random_range(0.0..side), rng.random_range(0.0..side)))
        .collect();
    // A Pareto-like spread: power ~ 1 / u^1.2.
    let raw_power: Vec<f64> = (0..n)
        .map(|_| 1.0 / rng.random_range(0.02f64..1.0).powf(1.2))
        .collect();
    let total: f64 = raw_power.iter().sum();
    let power: Vec<f64> = raw_power.iter().map(|p| p / total).collect();
    let mut raw = vec![0.0; n * n];
    for i in 0..n {
        for j in 0..n {
            let (a, b) = (points[i], points[j]);
            raw[i * n + j] = ((a.0 - b.0).powi(2) + (a.1 - b.1).powi(2)).sqrt();
        }
    }
    let distance = neighbour_units(n, &raw);
    let offence = offence_from_forces(&power, &distance, &power);
    let mut ledger = Ledger::new(n);
    for _ in 0..(n / 10).max(1) {
        let actor = rng.random_range(0..n);
        let target = (0..n)
            .filter(|&t| t != actor)
            .min_by(|&a, &b| distance[actor * n + a].total_cmp(&distance[actor * n + b]))
            .unwrap_or(actor);
        ledger.record(Act {
            time: 2000.0 - rng.random_range(0.0..5.0),
            actor,
            target,
            kind: ActKind::Attack,
            gravity: 1.0,
            note: String::new(),
        });
    }
    let actors = (0..n)
        .map(|i| Actor {
            code: format!("S{i:03}"),
            name: format!("State {i}"),
            adjective: String::new(),
            doctrine: crate::doctrine::DEFAULT.to_string(),
            weights: super::Weights::default(),
            bias: Vec::new(),
        })
        .collect();
    StateSystem {
        name: format!("Generated world of {n} states (seed {seed})"),
        now: 2000.0,
        actors,
        power,
        distance,
        offence,
        ledger,
        ties: Vec::new(),
    }
}
