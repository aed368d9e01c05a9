//! `entente-server demo`: a game in the terminal with every seat played by a computer player,
//! logging each phase in a line or two: centres per state, alliances made and left, and why.

use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use clap::Args;
use entente_shared::play::views::tie_words;
use entente_shared::play::{
    Command, ComputerPlayer, Doctrinal, Door, Event, Match, Seating, begin_phase,
    scenario_doctrines,
};
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

/// The demo's door to the match: every event is printed as it happens.
struct Terminal {
    table: Match,
    explain: bool,
    refused: Vec<String>,
}

impl Door for Terminal {
    fn table(&self) -> &Match {
        &self.table
    }
    fn commit(&mut self, command: Command) {
        let explained = match (&command, self.explain) {
            (Command::Orders { state, orders }, true) => orders
                .iter()
                .map(|o| {
                    format!(
                        "   {} {}: {}",
                        self.table.game().scenario().states[*state as usize].name,
                        o.order,
                        o.reason.as_deref().unwrap_or("")
                    )
                })
                .collect(),
            _ => Vec::new(),
        };
        let Ok(events) = self.table.apply(command) else {
            return;
        };
        for line in explained {
            println!("{line}");
        }
        let scenario = self.table.game().scenario().clone();
        for e in events {
            match e {
                Event::Considered(c) if self.explain => {
                    println!(
                        "   [{}] {}",
                        scenario.states[c.state as usize].name, c.sentence
                    );
                }
                Event::OrdersTaken { refused, .. } => {
                    self.refused
                        .extend(refused.into_iter().map(|(o, why)| format!("{o}: {why}")));
                }
                Event::Resolved { report, .. } if report.phase.kind != PhaseKind::Retreat => {
                    let game = self.table.game();
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
                Event::Tie(t) => println!("   {}", tie_words(&scenario, &t)),
                _ => {}
            }
        }
    }
}

pub fn run(args: DemoArgs) -> Result<ExitCode, String> {
    let scenario = Arc::new(Scenario::load(&args.scenario).map_err(|e| e.to_string())?);
    let doctrine = super::doctrine_arg(args.doctrine.as_deref())?;
    let mut rng = ChaCha8Rng::seed_from_u64(args.seed);
    let table = Match::new(
        Game::new(scenario.clone()),
        scenario_doctrines(&scenario, doctrine),
        false,
    );
    let player: Arc<dyn ComputerPlayer> = Arc::new(Doctrinal);
    let seating = Seating::of(&player, scenario.state_ids());
    let mut door = Terminal {
        table,
        explain: args.explain,
        refused: Vec::new(),
    };
    println!(
        "Entente: {} ({} states), seed {}; every seat is played by a computer player.",
        scenario.name,
        scenario.states.len(),
        args.seed
    );
    while !door.table.game().is_over() {
        begin_phase(&mut door, &seating, &mut rng);
        if let Some(refused) = door.refused.first() {
            return Err(format!("a computer player's order was refused: {refused}"));
        }
        door.commit(Command::Resolve);
        if args.pace_ms > 0 {
            std::thread::sleep(Duration::from_millis(args.pace_ms));
        }
    }
    let game = door.table.game();
    match game.winner() {
        Some(s) => println!("{} wins in {}.", scenario.state(s).name, game.phase().year),
        None => println!("The game ends in {} without a winner.", game.phase().year),
    }
    Ok(ExitCode::SUCCESS)
}
