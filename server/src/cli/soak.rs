//! `entente-server soak --games N`: computer-only games played back to back in one server
//! process (the server's app, with its transport and ticket desk listening on loopback), each
//! phase resolved as fast as the computer players plan, printing the process's resident memory
//! as it goes, to show that a server that runs all day does not grow.

use std::process::ExitCode;
use std::time::Instant;

use clap::Args;
use entente_server::app::server_app;
use entente_server::session::{Session, Settings};
use entente_server::turn::computer::ComputerKind;
use entente_shared::protocol::SessionState;

#[derive(Debug, Args)]
pub struct SoakArgs {
    /// Games to play one after another.
    #[arg(long, default_value_t = 500)]
    games: u64,
    /// Who plays the seats.
    #[arg(long, value_enum, default_value_t = ComputerKind::Doctrine)]
    computer: ComputerKind,
    /// Scenario.
    #[arg(long, default_value = "classic")]
    scenario: String,
    /// Print the memory every this many games.
    #[arg(long, default_value_t = 50)]
    every: u64,
}

/// `VmRSS` of this process, in KiB.
pub fn rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|t| {
            t.lines()
                .find(|l| l.starts_with("VmRSS:"))?
                .split_whitespace()
                .nth(1)?
                .parse()
                .ok()
        })
        .unwrap_or(0)
}

pub fn run(args: SoakArgs) -> Result<ExitCode, String> {
    let settings = |seed: u64| Settings {
        scenario: args.scenario.clone(),
        seed,
        computer: args.computer,
        pace_ms: 0,
        ..Settings::default()
    };
    let first = Session::new(settings(1)).map_err(|e| e.to_string())?;
    let (mut app, addr) = server_app(
        first,
        None,
        "127.0.0.1:0".parse().expect("an address"),
        false,
    )
    .map_err(|e| e.to_string())?;
    app.finish();
    app.cleanup();
    println!(
        "soak: {} computer-only games of {} back to back in one server (listening on {addr})",
        args.games, args.scenario
    );
    let start = Instant::now();
    // The allocator settles in the first games: growth counts from a tenth of the way.
    let warm = (args.games / 10).max(1);
    let mut rss_warm = 0;
    let mut phases = 0u64;
    let mut peak = 0u64;
    for g in 1..=args.games {
        if g > 1 {
            let session = Session::new(settings(g)).map_err(|e| e.to_string())?;
            app.insert_resource(session);
        }
        let game_start = Instant::now();
        loop {
            app.update();
            let s = app.world().resource::<Session>();
            if s.stage() == SessionState::Over {
                phases += s.phases_resolved();
                break;
            }
            if game_start.elapsed().as_secs() > 600 {
                return Err(format!("game {g} did not end in 10 minutes"));
            }
        }
        let rss = rss_kib();
        peak = peak.max(rss);
        if g == warm {
            rss_warm = rss;
        }
        if g == 1 || g % args.every.max(1) == 0 || g == args.games {
            println!(
                "  after game {g:>4}: {phases} phases in {:.0} s, resident memory {rss} KiB",
                start.elapsed().as_secs_f64()
            );
        }
    }
    let end = rss_kib();
    println!(
        "soak: {} games, {phases} phases in {:.0} s; resident memory after game {warm} {rss_warm} KiB, at the end {end} KiB (peak {peak} KiB), growth {:+.1}%",
        args.games,
        start.elapsed().as_secs_f64(),
        (end as f64 - rss_warm as f64) * 100.0 / rss_warm.max(1) as f64
    );
    Ok(ExitCode::SUCCESS)
}
