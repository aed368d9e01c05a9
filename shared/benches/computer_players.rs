//! How long the computer players take: all seven states' orders for one movement phase of the
//! classic map (target: at most 1 ms, median, on one core), including the threat assessment and
//! the alignment round that come before the orders, the seats planned together on one board as
//! the game loop plans them (and, for comparison, each on a board of its own); and the order
//! planner alone (the ties already settled).

use std::hint::black_box;
use std::sync::Arc;

use criterion::{Criterion, criterion_group, criterion_main};
use entente_shared::ai::{orders_for, plan_orders};
use entente_shared::play::Command;
use entente_shared::play::Door;
use entente_shared::play::{
    ComputerPlayer, Doctrinal, Match, Seating, begin_phase, reconsider_ties, scenario_doctrines,
};
use entente_shared::rules::{Game, PhaseKind};
use entente_shared::scenario::Scenario;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

/// Movement phases from seeded computer-only games, each a match as the phase began.
fn positions(seating: &Seating) -> Vec<Match> {
    let scenario = Arc::new(Scenario::classic());
    let mut out = Vec::new();
    let mut rng = ChaCha8Rng::seed_from_u64(5);
    for _ in 0..4 {
        let mut table = Match::new(
            Game::new(scenario.clone()),
            scenario_doctrines(&scenario, None),
            false,
        );
        while !table.game().is_over() {
            if table.game().phase().kind == PhaseKind::Movement {
                out.push(table.clone());
            }
            begin_phase(&mut table, seating, &mut rng);
            table.commit(Command::Resolve);
        }
    }
    out
}

fn bench(c: &mut Criterion) {
    let player: Arc<dyn ComputerPlayer> = Arc::new(Doctrinal);
    let scenario = Arc::new(Scenario::classic());
    let seating = Seating::of(&player, scenario.state_ids());
    let samples = positions(&seating);
    let mut rng = ChaCha8Rng::seed_from_u64(9);
    let seats: Vec<_> = scenario.state_ids().collect();
    // As the game loop does it: the ties reconsidered, then the seven seats planned together on
    // one board (the guesses of every unit's moves made once for all of them).
    let mut k = 0;
    c.bench_function("seven_states_orders_one_movement_phase", |b| {
        b.iter(|| {
            let mut table = samples[k % samples.len()].clone();
            k += 1;
            reconsider_ties(&mut table, &seating);
            black_box(plan_orders(&table, &seats, &mut rng));
        })
    });
    // Each state planned on its own board, as a lone computer seat's orders are asked for
    // (`orders_for`): seven boards a phase.
    let mut k = 0;
    c.bench_function("seven_states_each_on_its_own_board", |b| {
        b.iter(|| {
            let mut table = samples[k % samples.len()].clone();
            k += 1;
            reconsider_ties(&mut table, &seating);
            for s in table.game().scenario().state_ids() {
                black_box(orders_for(&table, s, &mut rng));
            }
        })
    });
    // The planner alone: the phase's ties settled beforehand, as the game loop has them.
    let settled: Vec<Match> = samples
        .iter()
        .map(|t| {
            let mut t = t.clone();
            reconsider_ties(&mut t, &seating);
            t
        })
        .collect();
    let mut k = 0;
    c.bench_function("planner_seven_states_one_movement_phase", |b| {
        b.iter(|| {
            let table = &settled[k % settled.len()];
            k += 1;
            black_box(plan_orders(table, &seats, &mut rng));
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
