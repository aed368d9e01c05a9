//! Computer players on a generated world of 200 states: the alignment round and every state's
//! orders for one movement phase (target: at most 50 ms on one core).

use std::hint::black_box;
use std::sync::Arc;

use criterion::{Criterion, criterion_group, criterion_main};
use entente_shared::ai::orders_for;
use entente_shared::play::{
    ComputerPlayer, Doctrinal, Match, Seating, reconsider_ties, scenario_doctrines,
};
use entente_shared::rules::Game;
use entente_shared::scenario::generate::generate;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

fn bench(c: &mut Criterion) {
    let scenario = Arc::new(generate(200, 1).expect("the world generates"));
    let table = Match::new(
        Game::new(scenario.clone()),
        scenario_doctrines(&scenario, None),
        false,
    );
    let player: Arc<dyn ComputerPlayer> = Arc::new(Doctrinal);
    let seating = Seating::of(&player, scenario.state_ids());
    let mut rng = ChaCha8Rng::seed_from_u64(1);
    let mut group = c.benchmark_group("generated_world_200_states");
    group.sample_size(20);
    group.bench_function("alignment_round_and_all_orders", |b| {
        b.iter(|| {
            let mut table = table.clone();
            reconsider_ties(&mut table, &seating);
            for s in scenario.state_ids() {
                black_box(orders_for(&table, s, &mut rng));
            }
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
