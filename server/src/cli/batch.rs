//! `entente-server batch`: thousands of seeded computer-only games without networking, with
//! statistics; `batch merge` joins shards; `--compare-*` sets two variants side by side.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Args, Subcommand};
use entente_shared::doctrine::{DOCTRINES, Doctrine, by_name};
use entente_shared::scenario::Scenario;

use crate::batch::summary::compare;
use crate::batch::{Batch, Outputs, merge, shard};

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct BatchArgs {
    #[command(subcommand)]
    command: Option<BatchCommand>,
    /// Scenario name (a file in assets/scenarios) or path to a scenario file.
    #[arg(long, default_value = "classic")]
    scenario: String,
    /// Number of games.
    #[arg(long, default_value_t = 100)]
    games: u64,
    /// First seed; game k is played with seed + k.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// A state's doctrine, as STATE=NAME (repeatable), or NAME alone for every state.
    #[arg(long = "doctrine", value_name = "STATE=NAME")]
    doctrines: Vec<String>,
    /// Worker threads (default: every core). Results do not depend on it.
    #[arg(long)]
    jobs: Option<usize>,
    /// Folder for games.jsonl, games.csv, summary.txt and summary.json.
    #[arg(long)]
    out: Option<PathBuf>,
    /// Play only part I of N of the seed range (1-based), for a cluster's job array.
    #[arg(long, value_name = "I/N")]
    shard: Option<String>,
    /// Compare with the same games on another scenario.
    #[arg(long)]
    compare_scenario: Option<String>,
    /// Compare with these doctrines changed (STATE=NAME, repeatable).
    #[arg(long = "compare-doctrine", value_name = "STATE=NAME")]
    compare_doctrines: Vec<String>,
    /// No progress bar.
    #[arg(long)]
    quiet: bool,
}

#[derive(Debug, Subcommand)]
enum BatchCommand {
    /// Join the output folders of shards into one.
    Merge {
        /// The shards' output folders.
        #[arg(required = true)]
        shards: Vec<PathBuf>,
        /// Folder for the merged outputs.
        #[arg(long)]
        out: Option<PathBuf>,
    },
}

/// Each state's doctrine: the scenario's, changed by `STATE=NAME` or `NAME` settings.
fn doctrines(
    scenario: &Arc<Scenario>,
    settings: &[String],
) -> Result<Vec<&'static dyn Doctrine>, String> {
    let mut out = entente_shared::play::scenario_doctrines(scenario, None);
    for setting in settings {
        let (state, name) = match setting.split_once('=') {
            Some((s, n)) => (Some(s), n),
            None => (None, setting.as_str()),
        };
        let doctrine = by_name(name)
            .ok_or_else(|| format!("no doctrine `{name}`; known: {}", DOCTRINES.join(", ")))?;
        match state {
            Some(s) => {
                let id = scenario
                    .find_state(s)
                    .ok_or_else(|| format!("`{s}` is not a state of scenario `{}`", scenario.id))?;
                out[id.index()] = doctrine;
            }
            None => out.iter_mut().for_each(|d| *d = doctrine),
        }
    }
    Ok(out)
}

fn parse_shard(text: &str) -> Result<(u64, u64), String> {
    let bad = || format!("--shard takes I/N with 1 <= I <= N, e.g. 3/10; not `{text}`");
    let (i, n) = text.split_once('/').ok_or_else(bad)?;
    let (i, n): (u64, u64) = (
        i.trim().parse().map_err(|_| bad())?,
        n.trim().parse().map_err(|_| bad())?,
    );
    if i == 0 || n == 0 || i > n {
        return Err(bad());
    }
    Ok((i, n))
}

pub fn run(args: BatchArgs) -> Result<ExitCode, String> {
    if let Some(BatchCommand::Merge { shards, out }) = &args.command {
        let text = merge(shards, out.as_deref())?;
        print!("{text}");
        return Ok(ExitCode::SUCCESS);
    }
    let scenario = Arc::new(Scenario::load(&args.scenario).map_err(|e| e.to_string())?);
    let mut seeds = args.seed..args.seed + args.games;
    if let Some(s) = &args.shard {
        let (i, n) = parse_shard(s)?;
        seeds = shard(seeds, i, n);
    }
    let jobs = args
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let play = |scenario: Arc<Scenario>,
                settings: &[String],
                out: Option<PathBuf>|
     -> Result<Outputs, String> {
        let batch = Batch {
            doctrines: doctrines(&scenario, settings)?,
            scenario: scenario.clone(),
            seeds: seeds.clone(),
            jobs,
        };
        let states = scenario.states.iter().map(|s| s.code.clone()).collect();
        let colours = scenario.states.iter().map(|s| s.colour.clone()).collect();
        let mut outputs = Outputs::new(out.as_deref(), &scenario.id, states, colours)
            .map_err(|e| e.to_string())?;
        let started = std::time::Instant::now();
        batch
            .run(!args.quiet, |r| outputs.add(r))
            .map_err(|e| format!("writing the batch's files: {e}"))?;
        let secs = started.elapsed().as_secs_f64();
        eprintln!(
            "{} games in {secs:.1} s on {jobs} job{} ({:.0} games a minute)",
            seeds.end - seeds.start,
            if jobs == 1 { "" } else { "s" },
            (seeds.end - seeds.start) as f64 * 60.0 / secs.max(1e-9)
        );
        Ok(outputs)
    };
    let a = play(scenario.clone(), &args.doctrines, args.out.clone())?;
    let summary_a = a.summary.clone();
    print!("{}", a.finish().map_err(|e| e.to_string())?);
    if args.compare_scenario.is_some() || !args.compare_doctrines.is_empty() {
        let other = match &args.compare_scenario {
            Some(s) => Arc::new(Scenario::load(s).map_err(|e| e.to_string())?),
            None => scenario.clone(),
        };
        let mut settings = args.doctrines.clone();
        settings.extend(args.compare_doctrines.iter().cloned());
        let out_b = args.out.as_ref().map(|d| d.join("variant-b"));
        let b = play(other.clone(), &settings, out_b)?;
        let summary_b = b.summary.clone();
        println!("\nVariant B:");
        print!("{}", b.finish().map_err(|e| e.to_string())?);
        let label_b = match &args.compare_scenario {
            Some(s) => format!("scenario {s}"),
            None => format!("doctrines {}", args.compare_doctrines.join(" ")),
        };
        let text = compare(
            &summary_a,
            &summary_b,
            &format!("scenario {}", scenario.id),
            &label_b,
        );
        println!("\n{text}");
        if let Some(d) = &args.out {
            std::fs::write(d.join("compare.txt"), &text).map_err(|e| e.to_string())?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
