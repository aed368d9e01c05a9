//! `entente-server evaluate`: seeded games of computer players against each other and against
//! simple baselines, with the figures that say whether they play well.

use std::collections::BTreeMap;
use std::process::ExitCode;
use std::sync::Arc;

use clap::Args;
use entente_shared::doctrine::Doctrine;
use entente_shared::play::{GameSummary, Player, TieEventKind, betrayals, play_game};
use entente_shared::scenario::Scenario;

#[derive(Debug, Args)]
pub struct EvaluateArgs {
    /// Scenario name (a file in assets/scenarios) or path to a scenario file.
    #[arg(long, default_value = "classic")]
    scenario: String,
    /// Games per starting position for one computer state against the baselines.
    #[arg(long, default_value_t = 200)]
    per_position: u64,
    /// Computer-only games.
    #[arg(long, default_value_t = 1000)]
    games: u64,
    /// First seed; game k uses seed + k.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Make every computer state follow this doctrine.
    #[arg(long)]
    doctrine: Option<String>,
}

/// Plays `seeds` on every core, each game by itself, so results do not depend on the split.
fn play_all(
    scenario: &Arc<Scenario>,
    players: &[Player],
    doctrine: Option<&'static dyn Doctrine>,
    seeds: std::ops::Range<u64>,
) -> Vec<Result<GameSummary, u64>> {
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
    let seeds: Vec<u64> = seeds.collect();
    let chunk = seeds.len().div_ceil(workers).max(1);
    std::thread::scope(|scope| {
        let handles: Vec<_> = seeds
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    part.iter()
                        .map(|&seed| {
                            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                                play_game(scenario, players, doctrine, seed)
                            }))
                            .map_err(|_| seed)
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("worker"))
            .collect()
    })
}

pub fn run(args: EvaluateArgs) -> Result<ExitCode, String> {
    let scenario = Arc::new(Scenario::load(&args.scenario).map_err(|e| e.to_string())?);
    let doctrine = super::doctrine_arg(args.doctrine.as_deref())?;
    let n = scenario.states.len();
    let started = std::time::Instant::now();
    println!(
        "Evaluating computer players on {} (seeds from {}).",
        scenario.name, args.seed
    );
    println!(
        "\n1. One computer state against {} baseline states, {} games per position:",
        n - 1,
        args.per_position
    );
    println!(
        "   {:<10} {:>22} {:>22}",
        "state", "vs random: most / won", "vs holding: most / won"
    );
    let mut all_ok = true;
    for me in scenario.state_ids() {
        let mut line = format!("   {:<10}", scenario.state(me).name);
        for baseline in [Player::Random, Player::Hold] {
            let mut players = vec![baseline; n];
            players[me.index()] = Player::Computer;
            let results = play_all(
                &scenario,
                &players,
                doctrine,
                args.seed..args.seed + args.per_position,
            );
            let games: Vec<&GameSummary> = results.iter().filter_map(|r| r.as_ref().ok()).collect();
            let most = games.iter().filter(|g| g.leader() == Some(me)).count();
            let won = games.iter().filter(|g| g.winner == Some(me)).count();
            let share = 100.0 * most as f64 / args.per_position as f64;
            if baseline == Player::Random && share < 90.0 {
                all_ok = false;
            }
            line.push_str(&format!(" {:>13.1}% / {:>5}", share, won));
        }
        println!("{line}");
    }
    println!("\n2. {} computer-only games:", args.games);
    let players = vec![Player::Computer; n];
    let results = play_all(
        &scenario,
        &players,
        doctrine,
        args.seed..args.seed + args.games,
    );
    let panics: Vec<u64> = results
        .iter()
        .filter_map(|r| r.as_ref().err().copied())
        .collect();
    let games: Vec<&GameSummary> = results.iter().filter_map(|r| r.as_ref().ok()).collect();
    let refused: usize = games.iter().map(|g| g.refused).sum();
    let stalled: usize = games.iter().map(|g| g.stalled).sum();
    println!(
        "   panics: {}, refused orders: {refused}, stalled phases: {stalled}",
        panics.len()
    );
    let mut winners: BTreeMap<String, usize> = BTreeMap::new();
    for g in &games {
        let key = match g.winner {
            Some(s) => scenario.state(s).name.clone(),
            None => "(no winner by the end year)".into(),
        };
        *winners.entry(key).or_default() += 1;
    }
    println!("   winners:");
    for (name, count) in &winners {
        println!(
            "     {name:<28} {count:>5} ({:.1}%)",
            100.0 * *count as f64 / games.len().max(1) as f64
        );
    }
    let mut years: Vec<u16> = games.iter().map(|g| g.last_year).collect();
    years.sort();
    if !years.is_empty() {
        let phases: usize = games.iter().map(|g| g.phases).sum();
        println!(
            "   game length: ends in {}–{} (median {}), {:.1} phases on average",
            years[0],
            years[years.len() - 1],
            years[years.len() / 2],
            phases as f64 / games.len() as f64
        );
        let mut by_year: BTreeMap<u16, usize> = BTreeMap::new();
        for y in &years {
            *by_year.entry(*y).or_default() += 1;
        }
        let spread: Vec<String> = by_year.iter().map(|(y, c)| format!("{y}: {c}")).collect();
        println!("   ending year: {}", spread.join(", "));
    }
    let count = |kind: TieEventKind| {
        games
            .iter()
            .flat_map(|g| &g.events)
            .filter(|e| e.kind == kind)
            .count()
    };
    let betrayed: usize = games.iter().map(|g| betrayals(g)).sum();
    println!(
        "   ties: {} alliances made, {} alignments (bandwagoning), {} exits in good order, {} broken by an attack on a partner",
        count(TieEventKind::Allied),
        count(TieEventKind::Aligned),
        count(TieEventKind::Left),
        betrayed
    );
    let mut exit_reasons: BTreeMap<&str, usize> = BTreeMap::new();
    for e in games
        .iter()
        .flat_map(|g| &g.events)
        .filter(|e| e.kind == TieEventKind::Left)
    {
        let kind = if e.reason.contains("would now stand with it") {
            "a junior leaves its patron: partners against the patron appeared"
        } else if e.reason.contains("partner or not") {
            "the partner became the state it fears most"
        } else {
            "other"
        };
        *exit_reasons.entry(kind).or_default() += 1;
    }
    for (why, c) in &exit_reasons {
        println!("     exits because {why}: {c}");
    }
    if let Some(example) = games
        .iter()
        .flat_map(|g| &g.events)
        .find(|e| e.kind == TieEventKind::Left)
    {
        println!("     e.g. {}: {}", example.phase, example.reason);
    }
    let mut stances: BTreeMap<(&str, String), usize> = BTreeMap::new();
    for (doctrine, stance) in games.iter().flat_map(|g| &g.stances) {
        *stances
            .entry((doctrine, format!("{stance:?}")))
            .or_default() += 1;
    }
    println!("   decisions that changed something, by doctrine and stance:");
    for ((d, s), c) in &stances {
        println!("     {d:<20} {s:<13} {c}");
    }
    println!("\n   took {:.1} s", started.elapsed().as_secs_f64());
    let clean = panics.is_empty() && refused == 0 && stalled == 0 && betrayed == 0;
    Ok(if all_ok && clean {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
