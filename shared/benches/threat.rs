//! The threat model at scale: the full threat matrix and one settling round (every state decides,
//! the decisions are carried out and answered) for a generated world of 200 states (target: under
//! 20 ms on one core).

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use entente_shared::alignment::Alignments;
use entente_shared::alignment::settle::{apply_round, decide_round, doctrines_for};
use entente_shared::threat::ThreatMatrix;
use entente_shared::threat::generate::generated_world;

fn bench(c: &mut Criterion) {
    let world = generated_world(200, 7);
    let alignments = Alignments::new(world.len());
    let doctrines = doctrines_for(&world, None);
    c.bench_function("threat_matrix_200", |b| {
        b.iter(|| black_box(ThreatMatrix::compute(&world, &alignments)))
    });
    c.bench_function("threat_matrix_and_settling_round_200", |b| {
        b.iter(|| {
            let threats = ThreatMatrix::compute(&world, &alignments);
            let decisions = decide_round(&world, &threats, &alignments, &doctrines);
            let mut after = alignments.clone();
            black_box(apply_round(
                &world, &threats, &mut after, &doctrines, &decisions,
            ))
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
