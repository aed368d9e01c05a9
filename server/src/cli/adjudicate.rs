//! `entente-server adjudicate`: the engine's face to other tools.
//!
//! Input, one JSON object a line: `{"phase": "S1901M", "orders": {"FRANCE": ["A PAR - BUR"]}}`
//! (`phase` may be left out; when given it must be the game's current phase). Output, one JSON
//! object a line: every order's outcome, the units after the phase, dislodged units with their
//! retreats, centre owners and the next phase; or `{"line": N, "error": "..."}` for a line that
//! cannot be played, after which the game goes on from where it was.

use std::collections::BTreeMap;
use std::io::{BufRead, Write};
use std::process::ExitCode;
use std::sync::Arc;

use clap::Args;
use entente_shared::rules::{Failure, Game, Outcome, PhaseReport};
use entente_shared::scenario::Scenario;
use serde::{Deserialize, Serialize};
use serde_json::json;

#[derive(Debug, Args)]
pub struct AdjudicateArgs {
    /// Scenario name (a file in assets/scenarios) or path to a scenario file.
    #[arg(long, default_value = "classic")]
    scenario: String,
}

/// One line of the script.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ScriptLine {
    #[serde(default)]
    phase: Option<String>,
    #[serde(default)]
    orders: BTreeMap<String, Vec<String>>,
}

#[derive(Debug, Serialize)]
struct OrderLine {
    state: String,
    order: String,
    result: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<String>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    automatic: bool,
}

pub fn run(args: AdjudicateArgs) -> Result<ExitCode, String> {
    let scenario = Arc::new(Scenario::load(&args.scenario).map_err(|e| e.to_string())?);
    let stdin = std::io::stdin();
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let errors = adjudicate_script(scenario, stdin.lock(), &mut out).map_err(|e| e.to_string())?;
    Ok(if errors == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// Plays a script; returns how many lines were refused.
pub fn adjudicate_script(
    scenario: Arc<Scenario>,
    input: impl BufRead,
    out: &mut impl Write,
) -> std::io::Result<usize> {
    let mut game = Game::new(scenario);
    let mut errors = 0;
    for (n, line) in input.lines().enumerate() {
        let number = n + 1;
        let line = match line {
            Ok(l) => l,
            Err(e) => {
                errors += 1;
                writeln!(
                    out,
                    "{}",
                    json!({"line": number, "error": format!("cannot read the line: {e}")})
                )?;
                continue;
            }
        };
        if line.trim().is_empty() {
            continue;
        }
        match play_line(&mut game, &line) {
            Ok(report) => writeln!(out, "{}", report_json(&game, number, &report))?,
            Err(e) => {
                errors += 1;
                writeln!(out, "{}", json!({"line": number, "error": e}))?;
            }
        }
    }
    Ok(errors)
}

fn play_line(game: &mut Game, line: &str) -> Result<PhaseReport, String> {
    if game.is_over() {
        return Err("the game is over; no more phases can be played".into());
    }
    let script: ScriptLine =
        serde_json::from_str(line).map_err(|e| format!("not a valid script line: {e}"))?;
    if let Some(phase) = &script.phase {
        let current = game.phase().to_string();
        if !phase.eq_ignore_ascii_case(&current) {
            return Err(format!(
                "the line is for phase {phase}, but the game is at {current}"
            ));
        }
    }
    let scenario = game.scenario().clone();
    let mut orders = Vec::new();
    for (state, list) in &script.orders {
        let id = scenario
            .find_state(state)
            .ok_or_else(|| format!("`{state}` is not a state of scenario `{}`", scenario.id))?;
        orders.extend(list.iter().map(|o| (id, o)));
    }
    for (id, order) in orders {
        // Illegal orders are not errors of the script: they are reported with their reasons.
        let _ = game.submit(id, order);
    }
    Ok(game.resolve())
}

fn result_word(outcome: &Outcome) -> (&'static str, Option<String>) {
    match outcome {
        Outcome::Succeeded => ("succeeded", None),
        Outcome::Illegal(why) => ("illegal", Some(why.clone())),
        Outcome::Replaced => (
            "replaced",
            Some("a later order to the same unit replaced it".into()),
        ),
        Outcome::Failed(f) => (
            match f {
                Failure::Bounced => "bounced",
                Failure::NoConvoy => "no_convoy",
                Failure::Cut => "cut",
                Failure::Dislodged => "dislodged",
                Failure::Void => "void",
                Failure::Paradox => "paradox",
            },
            None,
        ),
    }
}

fn report_json(game: &Game, line: usize, report: &PhaseReport) -> serde_json::Value {
    let scenario = game.scenario();
    let map = &scenario.map;
    let code = |s: entente_shared::scenario::StateId| scenario.state(s).code.clone();
    let orders: Vec<OrderLine> = report
        .orders
        .iter()
        .map(|o| {
            let (result, reason) = result_word(&o.outcome);
            OrderLine {
                state: code(o.state),
                order: o.order.clone(),
                result,
                reason,
                automatic: o.automatic,
            }
        })
        .collect();
    let mut units: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (_, u) in game.position().units() {
        units.entry(code(u.state)).or_default().push(format!(
            "{} {}",
            u.kind.letter(),
            map.loc_name(u.loc)
        ));
    }
    let dislodged: Vec<serde_json::Value> = report
        .dislodged
        .iter()
        .map(|d| {
            json!({
                "state": code(d.unit.state),
                "unit": format!("{} {}", d.unit.kind.letter(), map.loc_name(d.unit.loc)),
                "retreats": d.retreats.iter().map(|&l| map.loc_name(l)).collect::<Vec<_>>(),
            })
        })
        .collect();
    let mut centres: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for p in map.province_ids() {
        if let Some(owner) = game.position().owners[p.index()] {
            centres
                .entry(code(owner))
                .or_default()
                .push(map.code(p).to_string());
        }
    }
    json!({
        "line": line,
        "phase": report.phase.to_string(),
        "orders": orders,
        "units": units,
        "dislodged": dislodged,
        "centres": centres,
        "next_phase": if game.is_over() { serde_json::Value::Null } else { json!(report.next.to_string()) },
        "winner": game.winner().map(code),
        "game_over": game.is_over(),
    })
}
