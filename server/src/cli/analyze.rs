//! `entente-server analyze FILE [--doctrine NAME] [--json]`: asks the theory which camps a world
//! would form, with what happened round by round, each state's decisive comparison, and what each
//! doctrine would predict.

use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;

use clap::Args;
use entente_shared::alignment::{
    Action, Comparison, Ending, Proposal, Settlement, Stance, comparisons, final_stance, settle,
};
use entente_shared::doctrine::{DOCTRINES, by_name};
use entente_shared::rules::Game;
use entente_shared::scenario::{FileKind, Scenario, files};
use entente_shared::threat::from_game::{from_game, scenario_alignments, scenario_ledger};
use entente_shared::threat::{Imposition, StateSystem, Tie, TieKind};
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
    // A path is read here (with the scenario's limit, the larger); a bare name is a bundled
    // scenario's.
    if files::is_path(file) {
        let text = files::read_text(Path::new(file), "file", files::MAX_SCENARIO_BYTES)
            .map_err(|e| format!("{file}: {e}"))?;
        if FileKind::of(&text) != Some(FileKind::Scenario) {
            let limit = files::MAX_SYSTEM_BYTES;
            if text.len() as u64 > limit {
                return Err(format!(
                    "{file}: a state system of {} bytes, more than the {limit} bytes one may have",
                    text.len()
                ));
            }
            let system = StateSystem::from_ron(file, &text).map_err(|e| e.to_string())?;
            return within_reach(file, system);
        }
        let scenario = Scenario::from_ron(file, &text).map_err(|e| e.to_string())?;
        return within_reach(file, from_scenario(Arc::new(scenario)));
    }
    let scenario = Arc::new(Scenario::load(file).map_err(|e| e.to_string())?);
    within_reach(file, from_scenario(scenario))
}

/// The most states the analysis takes: every round weighs every pair, and a few hundred states
/// already take seconds.
pub const MAX_ANALYSED_STATES: usize = 300;

/// Refuses what the analysis cannot take: too many states, or juniors following each other's
/// lead round in a circle (each a patron of the next, so that nobody leads).
fn within_reach(file: &str, system: StateSystem) -> Result<StateSystem, String> {
    let n = system.len();
    if n > MAX_ANALYSED_STATES {
        return Err(format!(
            "{file}: {n} states; the analysis takes {MAX_ANALYSED_STATES} at most"
        ));
    }
    let mut patron = vec![None; n];
    for t in &system.ties {
        if matches!(t.kind, TieKind::Alignment | TieKind::Imposed(_)) && t.a < n && t.b < n {
            patron[t.a] = Some(t.b);
        }
    }
    let name = |i: usize| system.actors[i].name.clone();
    for start in 0..n {
        // A walk of more than n steps has come round.
        let mut at = start;
        for _ in 0..=n {
            match patron[at] {
                Some(next) if next == start => {
                    let mut circle = vec![name(start)];
                    let mut k = patron[start].unwrap_or(start);
                    while k != start {
                        circle.push(name(k));
                        k = patron[k].unwrap_or(start);
                    }
                    circle.push(name(start));
                    return Err(format!(
                        "{file}: the alignments go round in a circle ({}): a junior's patron cannot follow it",
                        circle.join(" follows ")
                    ));
                }
                Some(next) => at = next,
                None => break,
            }
        }
    }
    Ok(system)
}

/// The state system of a scenario's starting position.
fn from_scenario(scenario: Arc<Scenario>) -> StateSystem {
    let game = Game::new(scenario.clone());
    let mut system = from_game(
        &game,
        scenario_ledger(&scenario),
        scenario.start_year as f64,
    );
    let start = scenario_alignments(&scenario);
    let tie = |a: usize, b: usize, kind: TieKind| Tie {
        a,
        b,
        kind,
        note: String::new(),
    };
    system.ties = start
        .alliances()
        .into_iter()
        .map(|(a, b, against)| tie(a, b, TieKind::Alliance { against }))
        .chain(
            (0..system.len())
                .filter_map(|j| start.patron(j).map(|p| tie(j, p, TieKind::Alignment))),
        )
        .collect();
    system
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

fn ending_words(e: Ending, rounds: usize) -> String {
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    match e {
        Ending::Settled => format!(
            "settled after {rounds} round{}: in the last, no state asked for anything",
            plural(rounds)
        ),
        Ending::Stalled { asking } => format!(
            "stalled after {rounds} round{}: the ties stopped changing, but {asking} state{} still ask{} every round for what {} not get",
            plural(rounds),
            plural(asking),
            if asking == 1 { "s" } else { "" },
            if asking == 1 { "it does" } else { "they do" }
        ),
        Ending::Cycle { from } => format!(
            "did not settle: after round {rounds} the ties came back to those after round {from}, so the states would go round for ever"
        ),
        Ending::Bound => format!("did not settle within {rounds} rounds"),
    }
}

/// Each state's stance at the end (see [`final_stance`]).
fn stances(s: &Settlement, n: usize) -> Vec<Stance> {
    let last = s.last_decisions();
    (0..n)
        .map(|i| {
            final_stance(
                &s.alignments,
                i,
                last.iter().find(|d| d.state == i).map(|d| d.stance),
            )
        })
        .collect()
}

/// How many free states end balancing, bandwagoning, Finlandized (held states are counted
/// apart).
fn stance_counts(s: &Settlement, n: usize) -> (usize, usize, usize) {
    let all = stances(s, n);
    let count = |want: Stance| {
        (0..n)
            .filter(|&i| s.alignments.is_free(i) && all[i] == want)
            .count()
    };
    (
        count(Stance::Balancing),
        count(Stance::Bandwagoning),
        count(Stance::Finlandization),
    )
}

fn stance_words(stance: Stance) -> &'static str {
    match stance {
        Stance::Balancing => "balancing",
        Stance::Bandwagoning => "bandwagoning",
        Stance::BuckPassing => "passing the buck",
        Stance::Neutral => "staying out",
        Stance::Leaving => "leaving a tie",
        Stance::Finlandization => "Finlandized",
        Stance::SoftBalancing => "balancing softly",
        Stance::Imposed => "not free to choose",
    }
}

fn camp_lines(system: &StateSystem, s: &Settlement) -> Vec<String> {
    s.alignments
        .camps()
        .into_iter()
        .map(|(target, members)| {
            let names: Vec<&str> = members
                .iter()
                .map(|&i| system.actors[i].name.as_str())
                .collect();
            match target {
                Some(t) => format!("{} against {}", names.join(", "), system.actors[t].name),
                None => format!("{} (against nobody named)", names.join(", ")),
            }
        })
        .collect()
}

fn print_text(
    system: &StateSystem,
    main: &Settlement,
    predictions: &[(&str, Settlement)],
    doctrine: Option<&str>,
) {
    let name = |i: usize| system.actors[i].name.as_str();
    let n = system.len();
    println!(
        "{}: {} states, {} acts on record, seen from {}.",
        system.name,
        n,
        system.ledger.len(),
        system.now
    );
    println!(
        "Doctrine: {}. The process {}.\n",
        doctrine.unwrap_or("each state's own (balance of threat by default)"),
        ending_words(main.ending, main.rounds.len())
    );

    println!(
        "Camps (allies against a common threat; a state allied against two threats stands in two):"
    );
    let camps = camp_lines(system, main);
    if camps.is_empty() {
        println!("  none");
    }
    for (k, line) in camps.iter().enumerate() {
        println!("  {}. {line}", k + 1);
    }
    let all = stances(main, n);
    let followers: Vec<String> = (0..n)
        .filter_map(|i| {
            main.alignments.patron(i).map(|p| {
                let how = if all[i] == Stance::Balancing {
                    "its patron against another threat"
                } else {
                    "bandwagoning with it"
                };
                format!("{} follows {} ({how})", name(i), name(p))
            })
        })
        .collect();
    if !followers.is_empty() {
        println!("\nFollowers (alignments with a patron):");
        for f in followers {
            println!("  {f}");
        }
    }
    let held: Vec<usize> = (0..n)
        .filter(|&i| main.alignments.imposed_by(i).is_some())
        .collect();
    if !held.is_empty() {
        println!("\nNot free to choose (imposed ties, kept as they are and counted apart):");
        for &i in &held {
            let tie = system.imposed_on(i);
            let how = match tie.map(|t| t.kind) {
                Some(TieKind::Imposed(Imposition::Occupation)) => "occupied by",
                Some(TieKind::Imposed(Imposition::Satellite)) => "a satellite of",
                _ => "held by",
            };
            let by = main.alignments.imposed_by(i).map_or("?", name);
            let note = tie
                .filter(|t| !t.note.is_empty())
                .map_or(String::new(), |t| format!(": {}", t.note));
            println!("  {} ({how} {by}){note}", name(i));
        }
    }
    let outside: Vec<String> = (0..n)
        .filter(|&i| main.alignments.partners(i).is_empty())
        .map(|i| format!("{} ({})", name(i), stance_words(all[i])))
        .collect();
    if !outside.is_empty() {
        println!("\nIn no camp: {}.", outside.join(", "));
    }

    println!("\nAlliances:");
    let alliances = main.alignments.alliances();
    if alliances.is_empty() {
        println!("  none");
    }
    for (a, b, against) in alliances {
        let against = against.map_or(String::new(), |t| format!(" against {}", name(t)));
        println!("  {} and {}{against}", name(a), name(b));
    }

    println!("\nWhat happened, round by round:");
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
            let asked = match d.action {
                Action::ProposeAlliance { to, against } => Some(Proposal {
                    from: d.state,
                    to,
                    against,
                }),
                Action::Bandwagon { with } => Some(Proposal {
                    from: d.state,
                    to: with,
                    against: with,
                }),
                _ => None,
            };
            if let Some(p) = asked
                && let Some((_, answer)) = round.answers.iter().find(|(q, _)| *q == p)
            {
                println!("      {}", answer.sentence);
            }
        }
    }
    if main
        .rounds
        .iter()
        .all(|r| r.decisions.iter().all(|d| d.action == Action::Stay))
    {
        println!("  nothing: no state asked for anything");
    }

    println!("\nEach state's decisive comparison (its greatest threat against the next, and why):");
    for c in comparisons(system, main) {
        println!("  {}", comparison_words(system, &c));
    }

    println!("\nWhat each doctrine predicts (every state following it):");
    for (doctrine, s) in predictions {
        let camps = camp_lines(system, s);
        let (balancing, bandwagoning, finland) = stance_counts(s, n);
        println!(
            "  {:<20} {} | balancing {balancing}, bandwagoning {bandwagoning}, Finlandization {finland}",
            doctrine,
            if camps.is_empty() {
                "no alliances".to_string()
            } else {
                camps
                    .iter()
                    .map(|c| format!("{{{c}}}"))
                    .collect::<Vec<_>>()
                    .join(" ")
            }
        );
    }
}

fn comparison_words(system: &StateSystem, c: &Comparison) -> String {
    let name = |i: usize| system.actors[i].name.as_str();
    let mut text = format!("{}, {}: ", name(c.state), stance_words(c.stance));
    match (&c.greatest, &c.next) {
        (Some((g, t, b)), Some((k, u, _))) => text.push_str(&format!(
            "its greatest threat is {} at {t:.2} ({b}), against {} at {u:.2} next",
            name(*g),
            name(*k)
        )),
        (Some((g, _, b)), None) => {
            text.push_str(&format!("its greatest threat is {} ({b})", name(*g)))
        }
        _ => text.push_str("no other state"),
    }
    if !c.why.is_empty() {
        text.push_str(&format!(". {}", c.why));
    }
    text
}

fn to_json(
    system: &StateSystem,
    main: &Settlement,
    predictions: &[(&str, Settlement)],
) -> serde_json::Value {
    let n = system.len();
    let code = |i: usize| system.actors[i].code.clone();
    let camps = |s: &Settlement| -> Vec<serde_json::Value> {
        s.alignments
            .camps()
            .into_iter()
            .map(|(t, m)| json!({"against": t.map(code), "members": m.into_iter().map(code).collect::<Vec<_>>()}))
            .collect()
    };
    let camp_members = |s: &Settlement| -> Vec<Vec<String>> {
        s.alignments
            .camps()
            .into_iter()
            .map(|(_, m)| m.into_iter().map(code).collect())
            .collect()
    };
    let threat_of = |x: &Option<(usize, f64, String)>| {
        x.as_ref()
            .map(|(j, t, b)| json!({"state": code(*j), "threat": t, "breakdown": b}))
    };
    let all = stances(main, n);
    let last = main.last_decisions();
    let choices: Vec<serde_json::Value> = comparisons(system, main)
        .iter()
        .map(|c| {
            let d = last.iter().find(|d| d.state == c.state);
            json!({
                "state": code(c.state),
                "doctrine": d.map(|d| d.doctrine),
                "stance": all[c.state],
                "free": main.alignments.is_free(c.state),
                "patron": c.patron.map(code),
                "held_by": c.held_by.map(code),
                "camps": c.camps_against.iter().map(|&t| code(t)).collect::<Vec<_>>(),
                "partners": main.alignments.partners(c.state).into_iter().map(code).collect::<Vec<_>>(),
                "sentence": c.why,
                "threat": d.and_then(|d| d.threat.clone()),
                "comparison": {"greatest": threat_of(&c.greatest), "next": threat_of(&c.next)},
            })
        })
        .collect();
    let imposed: Vec<serde_json::Value> = system
        .ties
        .iter()
        .filter_map(|t| match t.kind {
            TieKind::Imposed(kind) => {
                Some(json!({"state": code(t.a), "by": code(t.b), "kind": kind, "note": t.note}))
            }
            _ => None,
        })
        .collect();
    let predicted: serde_json::Map<String, serde_json::Value> = predictions
        .iter()
        .map(|(name, s)| {
            let (balancing, bandwagoning, finlandization) = stance_counts(s, n);
            (
                name.to_string(),
                json!({
                    "camps": camps(s),
                    "blocs": camp_members(s),
                    "ending": s.ending,
                    "balancing": balancing,
                    "bandwagoning": bandwagoning,
                    "finlandization": finlandization,
                }),
            )
        })
        .collect();
    let (balancing, bandwagoning, finlandization) = stance_counts(main, n);
    json!({
        "system": system.name,
        "states": system.actors.iter().map(|a| &a.code).collect::<Vec<_>>(),
        "power": system.power,
        "ending": main.ending,
        "settled": main.ending == Ending::Settled,
        "rounds": main.rounds,
        "camps": camps(main),
        "blocs": camp_members(main),
        "imposed": imposed,
        "counts": {"balancing": balancing, "bandwagoning": bandwagoning, "finlandization": finlandization},
        "choices": choices,
        "predictions": predicted,
    })
}
