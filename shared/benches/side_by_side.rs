//! The Rust half of `scripts/speed/side_by_side.sh`: random movement phases on the classic map,
//! written for the Python `diplomacy` engine to replay, and the rules engine timed on them.
//!
//! `cargo bench -p entente-shared --bench side_by_side -- [--phases N] [--write FILE]
//! [--passes K]` makes N phases: each of a few positions (the 1901 start and boards from seeded
//! random games a few years on) with many sets of random legal orders, every state ordering every
//! unit. With `--write`, each phase is one JSON line: the phase, units, centres and orders, and
//! what the adjudicator made of them (units after, dislodged units), so the other engine's
//! results can be compared. Then three figures, each the best of K passes over all the phases:
//! - `adjudicate`: the adjudicator alone on orders already checked (one [`Adjudicator`] reused);
//! - `parse`: reading every order's text (no checking);
//! - `round`: what a server does with a phase: read every order's text, check it, adjudicate,
//!   update the board and write the report (a [`Game`] from the phase's start, `submit` and
//!   `resolve`).
//!
//! Lines starting `rate` are for the script: `rate NAME PHASES_PER_SECOND`. Times are the
//! thread's CPU time, as the Python side's (`time.thread_time`), so that other work on a loaded
//! machine counts on neither side.

use std::alloc::{GlobalAlloc, Layout};
use std::fmt::Write as _;
use std::hint::black_box;
use std::io::Write as _;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use entente_shared::rules::legality::{Checked, check_movement};
use entente_shared::rules::movement::Adjudicator;
use entente_shared::rules::options::random_orders;
use entente_shared::rules::order::Order;
use entente_shared::rules::{Game, PhaseKind, Position};
use entente_shared::scenario::{Scenario, StateId};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

/// The allocator the server runs on (mimalloc), counting allocations, so that the bench can say
/// how many a phase takes. A round's report holds a string for every order: with the system's
/// allocator those cost a round about a tenth more instructions than with the server's.
struct Counting;

static ALLOCATIONS: AtomicU64 = AtomicU64::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        unsafe { mimalloc::MiMalloc.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { mimalloc::MiMalloc.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        unsafe { mimalloc::MiMalloc.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// This thread's CPU time so far, in seconds.
#[cfg(unix)]
fn cpu() -> f64 {
    let mut t = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `t` is a valid timespec to write into.
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut t) };
    t.tv_sec as f64 + t.tv_nsec as f64 * 1e-9
}

/// Elsewhere, the clock on the wall.
#[cfg(not(unix))]
fn cpu() -> f64 {
    use std::sync::OnceLock;
    use std::time::Instant;
    static START: OnceLock<Instant> = OnceLock::new();
    START.get_or_init(Instant::now).elapsed().as_secs_f64()
}

/// One movement phase: the game at its start, and every state's orders.
struct Sample {
    game: Game,
    orders: Vec<(StateId, Order)>,
    texts: Vec<(StateId, String)>,
    checked: Vec<Option<Checked>>,
}

/// Boards to give orders on: the start, then the first movement phase of each of these years in
/// seeded random games (each game played on with random orders for every phase).
const LATER_YEARS: [u16; 4] = [1903, 1905, 1907, 1910];

fn positions(scenario: &Arc<Scenario>, rng: &mut ChaCha8Rng) -> Vec<Game> {
    let mut out = vec![Game::new(scenario.clone())];
    for year in LATER_YEARS {
        let mut game = Game::new(scenario.clone());
        while !game.is_over() && game.phase().year < year {
            for s in scenario.state_ids() {
                for o in random_orders(&game, s, rng) {
                    let _ = game.submit_order(s, &o);
                }
            }
            game.resolve();
        }
        if !game.is_over() && game.phase().kind == PhaseKind::Movement {
            out.push(game);
        }
    }
    out
}

fn samples(count: usize) -> Vec<Sample> {
    let scenario = Arc::new(Scenario::classic());
    let map = &scenario.map;
    let mut rng = ChaCha8Rng::seed_from_u64(18);
    let boards = positions(&scenario, &mut rng);
    (0..count)
        .map(|k| {
            let game = boards[k % boards.len()].clone();
            let mut orders = Vec::new();
            for s in scenario.state_ids() {
                for o in random_orders(&game, s, &mut rng) {
                    orders.push((s, o));
                }
            }
            let mut checked = vec![None; map.province_count()];
            for (s, o) in &orders {
                let p = o
                    .unit()
                    .expect("movement orders name a unit")
                    .place
                    .province;
                checked[p.index()] = Some(
                    check_movement(&scenario, game.position(), *s, o)
                        .expect("random orders are legal"),
                );
            }
            let texts = orders
                .iter()
                .map(|(s, o)| (*s, o.display(map).to_string()))
                .collect();
            Sample {
                game,
                orders,
                texts,
                checked,
            }
        })
        .collect()
}

/// `"FRANCE":["A PAR","F SPA/NC"]` for each state with any, as a JSON object.
fn by_state(scenario: &Scenario, items: &[(StateId, String)]) -> String {
    let mut out = String::from("{");
    for s in scenario.state_ids() {
        let mine: Vec<&str> = items
            .iter()
            .filter(|(t, _)| *t == s)
            .map(|(_, x)| x.as_str())
            .collect();
        if out.len() > 1 {
            out.push(',');
        }
        let _ = write!(out, "\"{}\":[", scenario.state(s).code);
        for (i, x) in mine.iter().enumerate() {
            let sep = if i == 0 { "" } else { "," };
            let _ = write!(out, "{sep}\"{x}\"");
        }
        out.push(']');
    }
    out.push('}');
    out
}

fn units_of(scenario: &Scenario, position: &Position) -> Vec<(StateId, String)> {
    position
        .units()
        .map(|(_, u)| {
            let text = format!("{} {}", u.kind.letter(), scenario.map.loc_name(u.loc));
            (u.state, text)
        })
        .collect()
}

/// The phase as a JSON line: what the other engine needs, and this one's results.
fn json_line(sample: &Sample) -> String {
    let scenario = sample.game.scenario();
    let map = &scenario.map;
    let position = sample.game.position();
    let centres: Vec<(StateId, String)> = map
        .province_ids()
        .filter_map(|p| position.owners[p.index()].map(|s| (s, map.code(p).to_string())))
        .collect();
    let mut after = sample.game.clone();
    for (s, o) in &sample.orders {
        after.submit_order(*s, o).expect("random orders are legal");
    }
    let report = after.resolve();
    let dislodged: Vec<(StateId, String)> = report
        .dislodged
        .iter()
        .map(|d| {
            let text = format!("{} {}", d.unit.kind.letter(), map.loc_name(d.unit.loc));
            (d.unit.state, text)
        })
        .collect();
    format!(
        "{{\"phase\":\"{}\",\"units\":{},\"centers\":{},\"orders\":{},\"after\":{},\"dislodged\":{}}}",
        sample.game.phase(),
        by_state(scenario, &units_of(scenario, position)),
        by_state(scenario, &centres),
        by_state(scenario, &sample.texts),
        by_state(scenario, &units_of(scenario, after.position())),
        by_state(scenario, &dislodged),
    )
}

/// Phases a second: the best of `passes` runs of `pass` over `count` phases, and allocations a
/// phase (in the last run). `setup` makes what a pass works on, untimed.
fn rate<T>(
    passes: usize,
    count: usize,
    mut setup: impl FnMut() -> T,
    mut pass: impl FnMut(T),
) -> (f64, f64) {
    pass(setup()); // warm up: caches, the adjudicator's buffers
    let mut best = f64::INFINITY;
    let mut allocations = 0;
    for _ in 0..passes {
        let input = setup();
        let before = ALLOCATIONS.load(Ordering::Relaxed);
        let t = cpu();
        pass(input);
        best = best.min(cpu() - t);
        allocations = ALLOCATIONS.load(Ordering::Relaxed) - before;
    }
    (count as f64 / best, allocations as f64 / count as f64)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let value = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let count: usize = value("--phases").map_or(1000, |v| v.parse().expect("--phases N"));
    let passes: usize = value("--passes").map_or(5, |v| v.parse().expect("--passes K"));
    // `--only NAME` times one figure (for a profiler).
    let only = value("--only");
    let wanted = |name: &str| only.as_deref().is_none_or(|o| o == name);
    let samples = samples(count);
    let orders: usize = samples.iter().map(|s| s.orders.len()).sum();
    println!(
        "{} movement phases on the classic map ({} boards, {:.1} orders a phase)",
        samples.len(),
        1 + LATER_YEARS.len(),
        orders as f64 / samples.len() as f64
    );
    if let Some(path) = value("--write") {
        let mut file = std::io::BufWriter::new(std::fs::File::create(&path).expect("--write FILE"));
        for s in &samples {
            writeln!(file, "{}", json_line(s)).expect("write phases");
        }
        file.flush().expect("write phases");
        println!("phases written to {path}");
    }

    let mut adjudicator = Adjudicator::new();
    let adjudicate = wanted("adjudicate").then(|| {
        rate(
            passes,
            samples.len(),
            || (),
            |()| {
                for s in &samples {
                    let map = &s.game.scenario().map;
                    black_box(adjudicator.adjudicate(map, s.game.position(), &s.checked));
                }
            },
        )
    });
    let parse = wanted("parse").then(|| {
        rate(
            passes,
            samples.len(),
            || (),
            |()| {
                for s in &samples {
                    let scenario = s.game.scenario();
                    for (_, text) in &s.texts {
                        black_box(scenario.parse_order(text).expect("canonical text reads"));
                    }
                }
            },
        )
    });
    // Each phase on a game of its own, as a server holds one game from round to round; making
    // the copies is not timed.
    let round = wanted("round").then(|| {
        rate(
            passes,
            samples.len(),
            || samples.iter().map(|s| s.game.clone()).collect::<Vec<_>>(),
            |games| {
                for (s, mut game) in samples.iter().zip(games) {
                    for (state, text) in &s.texts {
                        game.submit(*state, text).expect("random orders are legal");
                    }
                    black_box(game.resolve());
                }
            },
        )
    });
    for (name, figure) in [
        ("adjudicate", adjudicate),
        ("parse", parse),
        ("round", round),
    ] {
        let Some((rate, allocations)) = figure else {
            continue;
        };
        println!("rate {name} {rate:.0} ({allocations:.1} allocations a phase)");
    }
}
