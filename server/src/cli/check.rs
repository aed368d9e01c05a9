//! `entente-server check FILE`: validates a scenario or a state system and names every problem
//! with its line; `entente-server generate`: writes a generated world as a scenario file to edit.

use std::path::Path;
use std::process::ExitCode;

use clap::Args;
use entente_shared::scenario::generate::{fairness, generate_file};
use entente_shared::scenario::{FileKind, Scenario, assets_dir, bundled_names, files};
use entente_shared::threat::{StateSystem, file as system_file};

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// A scenario or state-system file, or the name of a bundled one (`classic`, `europe-1914`).
    file: String,
}

/// The file named: a path, else a bundled scenario, else a bundled state system.
fn find(name: &str) -> Result<String, String> {
    if files::is_path(name) {
        return Ok(name.to_string());
    }
    let bundled = |folder: &str| assets_dir().join(folder).join(format!("{name}.ron"));
    [bundled("scenarios"), bundled("systems")]
        .into_iter()
        .find(|p| p.is_file())
        .map(|p| p.display().to_string())
        .ok_or_else(|| {
            format!(
                "{name}: no such file, and no bundled scenario or state system of that name \
                 (bundled: {}; {})",
                bundled_names("scenarios").join(", "),
                bundled_names("systems").join(", ")
            )
        })
}

pub fn run(args: CheckArgs) -> Result<ExitCode, String> {
    let path = find(&args.file)?;
    let text = files::read_text(Path::new(&path), "file", files::MAX_SCENARIO_BYTES)
        .map_err(|e| format!("{path}: {e}"))?;
    let kind = FileKind::of(&text);
    let read_as = kind.unwrap_or(FileKind::Scenario);
    let problems: Vec<String> = match read_as {
        FileKind::Scenario => Scenario::check(&path, &text)
            .iter()
            .map(ToString::to_string)
            .collect(),
        FileKind::StateSystem => system_file::check(&path, &text)
            .iter()
            .map(ToString::to_string)
            .collect(),
    };
    if problems.is_empty() {
        println!(
            "{path}: {}: no problems. {}",
            read_as.words(),
            summary(read_as, &path, &text)?
        );
        return Ok(ExitCode::SUCCESS);
    }
    match kind {
        Some(kind) => println!("{path}: read as {}.", kind.words()),
        None => println!(
            "{path}: neither `ScenarioFile(...)` nor `StateSystemFile(...)`, and no `map` or `geography`; read as a scenario."
        ),
    }
    for p in &problems {
        println!("{p}");
    }
    println!(
        "{} problem{} found.",
        problems.len(),
        if problems.len() == 1 { "" } else { "s" }
    );
    Ok(ExitCode::from(1))
}

/// What a good file holds, in a sentence.
fn summary(kind: FileKind, path: &str, text: &str) -> Result<String, String> {
    Ok(match kind {
        FileKind::Scenario => {
            let s = Scenario::from_ron(path, text).map_err(|e| e.to_string())?;
            let centres = s
                .map
                .province_ids()
                .filter(|p| s.map.province(*p).supply_centre)
                .count();
            format!(
                "{} provinces, {centres} supply centres, {} states, {} units; victory at {} centres.",
                s.map.province_count(),
                s.states.len(),
                s.start.units().count(),
                s.victory_centres
            )
        }
        FileKind::StateSystem => {
            let s = StateSystem::from_ron(path, text).map_err(|e| e.to_string())?;
            format!(
                "\"{}\": {} states, {} acts, {} ties in force; seen from {}.",
                s.name,
                s.len(),
                s.ledger.len(),
                s.ties.len(),
                s.now
            )
        }
    })
}

#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// Number of states (`--generate N` says the same).
    #[arg(long, visible_alias = "generate")]
    states: usize,
    /// Seed: the same seed gives the same world.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Where to write the scenario (standard output when left out).
    #[arg(long)]
    out: Option<std::path::PathBuf>,
}

pub fn generate(args: GenerateArgs) -> Result<ExitCode, String> {
    let file = generate_file(args.states, args.seed).map_err(|e| e.to_string())?;
    let text =
        ron::ser::to_string_pretty(&file, ron::ser::PrettyConfig::default().struct_names(true))
            .map_err(|e| e.to_string())?;
    let scenario = Scenario::from_ron("generated", &text).map_err(|e| e.to_string())?;
    let reach = fairness(&scenario);
    eprintln!(
        "{} states on {} provinces; reach (own centres plus the neutral ones nearest to it) from {} to {}",
        args.states,
        scenario.map.province_count(),
        reach.iter().min().unwrap_or(&0),
        reach.iter().max().unwrap_or(&0)
    );
    match args.out {
        Some(path) => {
            std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))?
        }
        None => println!("{text}"),
    }
    Ok(ExitCode::SUCCESS)
}
