//! How fast movement phases are adjudicated on the classic map, with random legal orders.
//!
//! The positions come from seeded random games (so they are varied and realistic: armies and
//! fleets spread over the board, supports and convoys among the orders). Two figures:
//! `adjudicate` is the rules engine alone on orders already checked (one [`Adjudicator`] reused,
//! as a server keeps one); `submit_and_resolve` is what a server does per phase: read every
//! order's text, check it, adjudicate, update the board.
//!
//! `scripts/speed/side_by_side.sh` measures the same against the Python `diplomacy` engine.
//! Both run on the allocator the server runs on (mimalloc).

use std::hint::black_box;
use std::sync::Arc;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use entente_shared::rules::legality::{Checked, check_movement};
use entente_shared::rules::movement::Adjudicator;
use entente_shared::rules::options::random_orders;
use entente_shared::rules::{Game, PhaseKind};
use entente_shared::scenario::{Scenario, StateId};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// A movement phase ready to adjudicate: the game before it, and every state's orders.
struct Sample {
    game: Game,
    orders: Vec<(StateId, String)>,
    checked: Vec<Option<Checked>>,
}

fn samples(count: usize) -> Vec<Sample> {
    let scenario = Arc::new(Scenario::classic());
    let mut rng = ChaCha8Rng::seed_from_u64(2026);
    let mut out = Vec::new();
    while out.len() < count {
        let mut game = Game::new(scenario.clone());
        while !game.is_over() && out.len() < count {
            let mut orders = Vec::new();
            for s in scenario.state_ids() {
                for o in random_orders(&game, s, &mut rng) {
                    orders.push((s, o));
                }
            }
            if game.phase().kind == PhaseKind::Movement {
                let mut checked = vec![None; scenario.map.province_count()];
                for (s, o) in &orders {
                    let p = o.unit().unwrap().place.province;
                    checked[p.index()] =
                        Some(check_movement(&scenario, game.position(), *s, o).unwrap());
                }
                out.push(Sample {
                    game: game.clone(),
                    orders: orders
                        .iter()
                        .map(|(s, o)| (*s, o.display(&scenario.map).to_string()))
                        .collect(),
                    checked,
                });
            }
            for (s, o) in &orders {
                game.submit_order(*s, o).unwrap();
            }
            game.resolve();
        }
    }
    out
}

fn bench(c: &mut Criterion) {
    let samples = samples(1000);
    let mut group = c.benchmark_group("movement_phase");
    group.throughput(Throughput::Elements(samples.len() as u64));
    // One adjudicator for every phase, as a server or a batch keeps one.
    let mut adjudicator = Adjudicator::new();
    group.bench_function("adjudicate", |b| {
        b.iter(|| {
            for s in &samples {
                let map = &s.game.scenario().map;
                black_box(adjudicator.adjudicate(map, s.game.position(), &s.checked));
            }
        })
    });
    group.bench_function("submit_and_resolve", |b| {
        b.iter(|| {
            for s in &samples {
                let mut game = s.game.clone();
                for (state, text) in &s.orders {
                    game.submit(*state, text).unwrap();
                }
                black_box(game.resolve());
            }
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
