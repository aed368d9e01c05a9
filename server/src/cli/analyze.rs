//! `entente-server analyze FILE [--doctrine NAME] [--json]`: asks the theory what blocs a world
//! would form, with every state's choice and reasons, and what each doctrine would predict.

use std::process::ExitCode;
use std::sync::Arc;

use clap::Args;
use entente_shared::alignment::{Action, Ending, Settlement, Stance, settle};
use entente_shared::doctrine::{DOCTRINES, by_name};
use entente_shared::rules::Game;
use entente_shared::scenario::Scenario;
use entente_shared::threat::from_game::{from_game, scenario_alignments, scenario_ledger};
use entente_shared::threat::{StateSystem, report};
use serde_json::json;

#[derive(Debug, Args)]
pub struct AnalyzeArgs {
    /// A state-system file (see docs/state-systems.md), a scenario file, or a bundled scenario's
    /// name such as `classic`.
    file: String,
    /// Make every state follow this doctrine (otherwise each follows its own, balance of threat
    /// by default).
    #[arg(long)]
    doctrine: Option<String>,
    /// Print JSON instead of text.
    #[arg(long)]
    json: bool,
}

/// Loads a state system from a file, or derives one from a scenario's starting position.
pub fn load_system(file: &str) -> Result<StateSystem, String> {
    let text = std::fs::read_to_string(file).ok();
    let is_scenario = match &text {
        Some(t) => t.contains("ScenarioFile("),
        None => true,
    };
    if !is_scenario {
        return StateSystem::from_ron(file, text.as_deref().unwrap_or_default())
            .map_err(|e| e.to_string());
    }
    let scenario = Arc::new(Scenario::load(file).map_err(|e| e.to_string())?);
    let game = Game::new(scenario.clone());
    let mut system = from_game(
        &game,
        scenario_ledger(&scenario),
        scenario.start_year as f64,
    );
    let start = scenario_alignments(&scenario);
    system.ties = start
        .alliances()
        .into_iter()
        .map(|(a, b, _)| (a, b, false))
        .chain((0..system.len()).filter_map(|j| start.patron(j).map(|p| (j, p, true))))
        .collect();
    Ok(system)
}

pub fn run(args: AnalyzeArgs) -> Result<ExitCode, String> {
    let system = load_system(&args.file)?;
    let chosen = super::doctrine_arg(args.doctrine.as_deref())?;
    // Ties given in the file are where the states start from.
    let start = system.initial_alignments();
    let main = settle(&system, start.clone(), chosen);
    let predictions: Vec<(&str, Settlement)> = DOCTRINES
        .iter()
        .map(|&d| (d, settle(&system, start.clone(), by_name(d))))
        .collect();
    if args.json {
        println!("{}", to_json(&system, &main, &predictions));
    } else {
        print_text(&system, &main, &predictions, args.doctrine.as_deref());
    }
    Ok(ExitCode::SUCCESS)
}

fn bloc_names(system: &StateSystem, s: &Settlement) -> Vec<Vec<String>> {
    s.alignments
        .blocs()
        .iter()
        .map(|b| b.iter().map(|&i| system.actors[i].name.clone()).collect())
        .collect()
}

fn ending_words(e: Ending, rounds: usize) -> String {
    match e {
        Ending::Settled => format!(
            "settled after {rounds} round{}",
            if rounds == 1 { "" } else { "s" }
        ),
        Ending::Cycle { from } => format!(
            "did not settle: after round {rounds} the ties came back to those after round {from}, so the states would go round for ever"
        ),
        Ending::Bound => format!("did not settle within {rounds} rounds"),
    }
}

fn print_text(
    system: &StateSystem,
    main: &Settlement,
    predictions: &[(&str, Settlement)],
    doctrine: Option<&str>,
) {
    println!(
        "{}: {} states, {} acts on record, seen from {}.",
        system.name,
        system.len(),
        system.ledger.len(),
        system.now
    );
    println!(
        "Doctrine: {}. The process {}.\n",
        doctrine.unwrap_or("each state's own (balance of threat by default)"),
        ending_words(main.ending, main.rounds.len())
    );
    println!("Blocs (everyone tied together, directly or through others):");
    for (k, bloc) in main.alignments.blocs().iter().enumerate() {
        let names: Vec<String> = bloc
            .iter()
            .map(|&i| match main.alignments.patron(i) {
                Some(p) => format!(
                    "{} (aligned with {})",
                    system.actors[i].name, system.actors[p].name
                ),
                None => system.actors[i].name.clone(),
            })
            .collect();
        let alone = if bloc.len() == 1 { " (alone)" } else { "" };
        println!("  {}. {}{alone}", k + 1, names.join(", "));
    }
    println!("\nCamps (allies against a common threat):");
    for (target, members) in main.alignments.camps() {
        let names: Vec<&str> = members
            .iter()
            .map(|&i| system.actors[i].name.as_str())
            .collect();
        match target {
            Some(t) => println!("  {} against {}", names.join(", "), system.actors[t].name),
            None => println!("  {}", names.join(", ")),
        }
    }
    println!("\nAlliances:");
    for (a, b, against) in main.alignments.alliances() {
        let against = against.map_or(String::new(), |t| {
            format!(" against {}", system.actors[t].name)
        });
        println!(
            "  {} and {}{against}",
            system.actors[a].name, system.actors[b].name
        );
    }
    println!("\nEach state's choice, and why:");
    for (r, round) in main.rounds.iter().enumerate() {
        let acted: Vec<_> = round
            .decisions
            .iter()
            .filter(|d| d.action != Action::Stay)
            .collect();
        if acted.is_empty() {
            continue;
        }
        println!("  Round {}:", r + 1);
        for d in acted {
            println!("    - {}", d.sentence);
        }
        for (_, answer) in &round.answers {
            println!("      {}", answer.sentence);
        }
    }
    println!("  At the end:");
    for d in main.last_decisions() {
        println!("    - {}", d.sentence);
    }
    println!("\nGreatest threats (observer: threat, breakdown):");
    for i in 0..system.len() {
        if let Some((j, _)) = main.threats.greatest(i) {
            let r = report(system, &main.alignments, i, j);
            println!(
                "  {}: {}, {}",
                system.actors[i].name,
                system.actors[j].name,
                r.breakdown()
            );
        }
    }
    println!("\nWhat each doctrine predicts (every state following it):");
    for (name, s) in predictions {
        let blocs: Vec<String> = bloc_names(system, s)
            .into_iter()
            .filter(|b| b.len() > 1)
            .map(|b| format!("{{{}}}", b.join(", ")))
            .collect();
        let (balancing, bandwagoning) = stance_counts(s);
        println!(
            "  {:<20} {} | balancing {balancing}, bandwagoning {bandwagoning}",
            name,
            if blocs.is_empty() {
                "no alliances".to_string()
            } else {
                blocs.join(" ")
            }
        );
    }
}

fn stance_counts(s: &Settlement) -> (usize, usize) {
    let all = s.rounds.iter().flat_map(|r| &r.decisions);
    let mut balancing = 0;
    let mut bandwagoning = 0;
    for d in all.filter(|d| d.action != Action::Stay) {
        match d.stance {
            Stance::Balancing => balancing += 1,
            Stance::Bandwagoning => bandwagoning += 1,
            _ => {}
        }
    }
    (balancing, bandwagoning)
}

fn to_json(
    system: &StateSystem,
    main: &Settlement,
    predictions: &[(&str, Settlement)],
) -> serde_json::Value {
    let code = |i: usize| system.actors[i].code.clone();
    let blocs = |s: &Settlement| -> Vec<Vec<String>> {
        s.alignments
            .blocs()
            .iter()
            .map(|b| b.iter().map(|&i| code(i)).collect())
            .collect()
    };
    let choices: Vec<serde_json::Value> = main
        .last_decisions()
        .iter()
        .map(|d| {
            json!({
                "state": code(d.state),
                "doctrine": d.doctrine,
                "stance": d.stance,
                "patron": main.alignments.patron(d.state).map(code),
                "partners": main.alignments.partners(d.state).into_iter().map(code).collect::<Vec<_>>(),
                "sentence": d.sentence,
                "threat": d.threat,
            })
        })
        .collect();
    let predicted: serde_json::Map<String, serde_json::Value> = predictions
        .iter()
        .map(|(name, s)| {
            let (balancing, bandwagoning) = stance_counts(s);
            (
                name.to_string(),
                json!({"blocs": blocs(s), "ending": s.ending, "balancing": balancing, "bandwagoning": bandwagoning}),
            )
        })
        .collect();
    json!({
        "system": system.name,
        "states": system.actors.iter().map(|a| &a.code).collect::<Vec<_>>(),
        "power": system.power,
        "ending": main.ending,
        "rounds": main.rounds,
        "blocs": blocs(main),
        "choices": choices,
        "predictions": predicted,
    })
}
