//! `entente-server demo`: a game in the terminal with every seat played by a computer player,
//! logging each phase in a line or two: centres per state, alliances made and left, and why.

use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use clap::Args;
use entente_shared::ai::{Diplomacy, TieEventKind, plan_phase};
use entente_shared::rules::{Game, PhaseKind};
use entente_shared::scenario::Scenario;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Scenario name (a file in assets/scenarios) or path to a scenario file.
    #[arg(long, default_value = "classic")]
    scenario: String,
    /// Seed of the computer players: the same seed plays the same game.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Milliseconds to wait after each phase, so a person can follow.
    #[arg(long, default_value_t = 1000)]
    pace_ms: u64,
    /// Make every state follow this doctrine.
    #[arg(long)]
    doctrine: Option<String>,
    /// Also print every computer state's alignment decision and each order with its reason.
    #[arg(long)]
    explain: bool,
}

impl Default for DemoArgs {
    fn default() -> Self {
        DemoArgs {
            scenario: "classic".into(),
            seed: 1,
            pace_ms: 1000,
            doctrine: None,
            explain: false,
        }
    }
}

pub fn run(args: DemoArgs) -> Result<ExitCode, String> {
    let scenario = Arc::new(Scenario::load(&args.scenario).map_err(|e| e.to_string())?);
    let doctrine = super::doctrine_arg(args.doctrine.as_deref())?;
    let mut rng = ChaCha8Rng::seed_from_u64(args.seed);
    let mut game = Game::new(scenario.clone());
    let mut diplomacy = Diplomacy::new(&game, doctrine);
    println!(
        "Entente: {} ({} states), seed {}; every seat is played by a computer player.",
        scenario.name,
        scenario.states.len(),
        args.seed
    );
    let name = |i: usize| scenario.states[i].name.as_str();
    while !game.is_over() {
        let seen = diplomacy.events.len();
        let (_, threats) = diplomacy.before_phase(&game);
        if args.explain && game.phase().kind == PhaseKind::Movement {
            for d in &diplomacy.last_decisions {
                println!("   [{}] {}", name(d.state), d.sentence);
            }
        }
        for (state, choice) in plan_phase(&game, &diplomacy, &threats, &mut rng) {
            if args.explain {
                println!(
                    "   {} {}: {}",
                    scenario.state(state).name,
                    choice.order.display(&scenario.map),
                    choice.reason
                );
            }
            game.submit_order(state, &choice.order)
                .map_err(|e| format!("a computer player's order was refused: {e}"))?;
        }
        let before = game.clone();
        let report = game.resolve();
        diplomacy.after_phase(&before, &report);
        if report.phase.kind != PhaseKind::Retreat {
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
            println!("{}: {}", report.phase, centres.join(", "));
        }
        for e in &diplomacy.events[seen..] {
            let what = match e.kind {
                TieEventKind::Allied => format!("{} and {} ally", name(e.a), name(e.b)),
                TieEventKind::Aligned => format!("{} aligns with {}", name(e.a), name(e.b)),
                TieEventKind::Left => format!("{} leaves {}", name(e.a), name(e.b)),
                TieEventKind::Broken => format!("{} breaks with {}", name(e.a), name(e.b)),
            };
            println!("   {what}: {}", e.reason);
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
