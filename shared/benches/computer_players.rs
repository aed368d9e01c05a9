//! How long the computer players take: all seven states' orders for one movement phase of the
//! classic map (target: at most 1 ms, median, on one core), including the threat assessment and
//! the alignment round that come before the orders.

use std::hint::black_box;
use std::sync::Arc;

use criterion::{Criterion, criterion_group, criterion_main};
use entente_shared::ai::{Diplomacy, orders_for};
use entente_shared::rules::{Game, PhaseKind};
use entente_shared::scenario::Scenario;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

/// Movement phases from seeded computer-only games, with their diplomacy.
fn positions() -> Vec<(Game, Diplomacy)> {
    let scenario = Arc::new(Scenario::classic());
    let mut out = Vec::new();
    let mut rng = ChaCha8Rng::seed_from_u64(5);
    for _ in 0..4 {
        let mut game = Game::new(scenario.clone());
        let mut diplomacy = Diplomacy::new(&game, None);
        while !game.is_over() {
            if game.phase().kind == PhaseKind::Movement {
                out.push((game.clone(), diplomacy.clone()));
            }
            let (_, threats) = diplomacy.before_phase(&game);
            for s in scenario.state_ids() {
                for c in orders_for(&game, s, &diplomacy, &threats, &mut rng) {
                    game.submit_order(s, &c.order).unwrap();
                }
            }
            let before = game.clone();
            let report = game.resolve();
            diplomacy.after_phase(&before, &report);
        }
    }
    out
}

fn bench(c: &mut Criterion) {
    let samples = positions();
    let mut rng = ChaCha8Rng::seed_from_u64(9);
    let mut k = 0;
    c.bench_function("seven_states_orders_one_movement_phase", |b| {
        b.iter(|| {
            let (game, diplomacy) = &samples[k % samples.len()];
            k += 1;
            let mut diplomacy = diplomacy.clone();
            let (_, threats) = diplomacy.before_phase(game);
            for s in game.scenario().state_ids() {
                black_box(orders_for(game, s, &diplomacy, &threats, &mut rng));
            }
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
