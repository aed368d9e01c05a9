//! `entente-server demo`: a game in the terminal with every seat played by random legal orders.
//! It shows the engine at work until the networked server and the computer players arrive.

use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use clap::Args;
use entente_shared::rules::options::random_orders;
use entente_shared::rules::{Game, PhaseKind};
use entente_shared::scenario::Scenario;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Scenario name (a file in assets/scenarios) or path to a scenario file.
    #[arg(long, default_value = "classic")]
    scenario: String,
    /// Seed of the random players: the same seed plays the same game.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Milliseconds to wait after each phase, so a person can follow.
    #[arg(long, default_value_t = 1000)]
    pace_ms: u64,
}

impl Default for DemoArgs {
    fn default() -> Self {
        DemoArgs {
            scenario: "classic".into(),
            seed: 1,
            pace_ms: 1000,
        }
    }
}

pub fn run(args: DemoArgs) -> Result<ExitCode, String> {
    let scenario = Arc::new(Scenario::load(&args.scenario).map_err(|e| e.to_string())?);
    let mut rng = ChaCha8Rng::seed_from_u64(args.seed);
    let mut game = Game::new(scenario.clone());
    println!(
        "Entente demo: {} ({} states), seed {}; every seat plays random legal orders.",
        scenario.name,
        scenario.states.len(),
        args.seed
    );
    while !game.is_over() {
        for state in scenario.state_ids() {
            for order in random_orders(&game, state, &mut rng) {
                game.submit_order(state, &order)
                    .map_err(|e| format!("a generated order was refused: {e}"))?;
            }
        }
        let report = game.resolve();
        if report.phase.kind == PhaseKind::Movement || report.phase.kind == PhaseKind::Adjustment {
            let centres: Vec<String> = scenario
                .state_ids()
                .map(|s| {
                    format!(
                        "{} {}",
                        scenario.state(s).name,
                        game.position().centre_count(s)
                    )
                })
                .collect();
            let moved = report
                .orders
                .iter()
                .filter(|o| o.outcome.succeeded())
                .count();
            println!(
                "{}: {} orders carried out, {} dislodged | centres: {}",
                report.phase,
                moved,
                report.dislodged.len(),
                centres.join(", ")
            );
        }
        if args.pace_ms > 0 {
            std::thread::sleep(Duration::from_millis(args.pace_ms));
        }
    }
    match game.winner() {
        Some(s) => println!("{} wins in {}.", scenario.state(s).name, game.phase().year),
        None => println!("The game ends in {} without a winner.", game.phase().year),
    }
    Ok(ExitCode::SUCCESS)
}
