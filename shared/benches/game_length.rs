//! A whole computer-only game's cost per phase, by how long the game runs: whether a phase costs
//! the same in a game's fortieth year as in its first (issue 18: flat within 20% between games
//! ending by 1910 and games running to 1940).
//!
//! `cargo bench -p entente-shared --bench game_length -- [--games N] [--seed S] [--end YEAR]
//! [--long K]` plays two things on the classic map with its last year moved to `--end` (1940):
//! - `games`: N seeded games through `play_game_with` (what `batch` plays), each timed whole;
//!   its cost per phase, grouped by the year the game ended in (a win ends it early);
//! - `phases`: K long games phase by phase through the match loop (ties, orders, resolution),
//!   each phase timed, grouped by the decade it falls in, with the ledger's size (acts on record)
//!   at each decade's end.
//!
//! Times are the thread's CPU time (not the clock on the wall), so that other work on a loaded
//! machine does not count; it still slows this work down through shared caches.

use std::sync::Arc;

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

use entente_shared::play::{
    Command, ComputerPlayer, Doctrinal, Door, Match, Player, Seating, begin_phase, play_game_with,
    scenario_doctrines,
};
use entente_shared::rules::Game;
use entente_shared::scenario::Scenario;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let value = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let games: u64 = value("--games").map_or(60, |v| v.parse().expect("--games N"));
    let seed: u64 = value("--seed").map_or(1, |v| v.parse().expect("--seed S"));
    let end: u16 = value("--end").map_or(1940, |v| v.parse().expect("--end YEAR"));
    let long: u64 = value("--long").map_or(4, |v| v.parse().expect("--long K"));

    let mut scenario = Scenario::classic();
    scenario.end_year = Some(end);
    let scenario = Arc::new(scenario);
    let players = vec![Player::Computer; scenario.states.len()];
    let doctrines = scenario_doctrines(&scenario, None);

    // Whole games, as a batch plays them.
    let bands: [(u16, u16); 5] = [
        (0, 1910),
        (1911, 1920),
        (1921, 1930),
        (1931, end.saturating_sub(1)),
        (end, end),
    ];
    let mut by_band: Vec<Vec<f64>> = vec![Vec::new(); bands.len()];
    let (mut all_time, mut all_phases) = (0.0, 0usize);
    for s in seed..seed + games {
        let t = cpu();
        let g = play_game_with(&scenario, &players, doctrines.clone(), s);
        let secs = cpu() - t;
        all_time += secs;
        all_phases += g.phases;
        let per_phase = secs * 1e6 / g.phases.max(1) as f64;
        if let Some(b) = bands
            .iter()
            .position(|&(lo, hi)| (lo..=hi).contains(&g.last_year))
        {
            by_band[b].push(per_phase);
        }
    }
    println!(
        "games: {games} classic games (seeds {seed}..{}), last year {end}: {:.1} ms a game, {:.0} us a phase",
        seed + games,
        all_time * 1e3 / games.max(1) as f64,
        all_time * 1e6 / all_phases.max(1) as f64
    );
    let mut first_band = None;
    for (k, &(lo, hi)) in bands.iter().enumerate() {
        let v = &mut by_band[k];
        if v.is_empty() || lo > hi {
            continue;
        }
        v.sort_by(f64::total_cmp);
        let mean = v.iter().sum::<f64>() / v.len() as f64;
        let median = v[v.len() / 2];
        let base = *first_band.get_or_insert(median);
        let label = if lo == 0 {
            format!("ending by {hi}")
        } else if lo == hi {
            format!("running to {hi}")
        } else {
            format!("ending {lo}-{hi}")
        };
        println!(
            "games {label:<20} {:>4} games: median {median:>6.0} us a phase, mean {mean:>6.0} ({:+.0}% against the first band's median)",
            v.len(),
            (median / base - 1.0) * 100.0
        );
    }

    // Long games phase by phase: a phase's cost by the decade it falls in.
    let player: Arc<dyn ComputerPlayer> = Arc::new(Doctrinal);
    let seating = Seating::of(&player, scenario.state_ids());
    let decades: Vec<u16> = (1901..=end).step_by(10).collect();
    let mut per_decade: Vec<(f64, usize, usize)> = vec![(0.0, 0, 0); decades.len()];
    for s in seed..seed + long {
        let mut table = Match::new(Game::new(scenario.clone()), doctrines.clone(), false);
        let mut rng = ChaCha8Rng::seed_from_u64(s);
        while !table.game().is_over() {
            let year = table.game().phase().year;
            let d = decades.iter().rposition(|&y| y <= year).unwrap_or(0);
            let t = cpu();
            begin_phase(&mut table, &seating, &mut rng);
            table.commit(Command::Resolve);
            let e = &mut per_decade[d];
            e.0 += cpu() - t;
            e.1 += 1;
            e.2 = e.2.max(
                (0..scenario.states.len())
                    .map(|a| table.ledger().acts_of(a).len())
                    .sum(),
            );
        }
    }
    let mut base = None;
    for (k, &from) in decades.iter().enumerate() {
        let (secs, phases, acts) = per_decade[k];
        if phases == 0 {
            continue;
        }
        let us = secs * 1e6 / phases as f64;
        let b = *base.get_or_insert(us);
        println!(
            "phases {from}-{:<4} {phases:>5} phases of {long} games: {us:>6.0} us a phase ({:+.0}%), ledger {acts} acts at the end",
            (from + 9).min(end),
            (us / b - 1.0) * 100.0
        );
    }
}
