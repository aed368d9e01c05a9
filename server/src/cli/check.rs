//! `entente-server check FILE`: validates a scenario and names every problem with its line;
//! `entente-server generate`: writes a generated world as a scenario file to edit.

use std::process::ExitCode;

use clap::Args;
use entente_shared::scenario::Scenario;
use entente_shared::scenario::generate::{fairness, generate_file};

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// A scenario file, or a bundled scenario's name.
    file: String,
}

pub fn run(args: CheckArgs) -> Result<ExitCode, String> {
    let path = if std::path::Path::new(&args.file).exists() {
        args.file.clone()
    } else {
        entente_shared::scenario::assets_dir()
            .join("scenarios")
            .join(format!("{}.ron", args.file))
            .display()
            .to_string()
    };
    let text =
        std::fs::read_to_string(&path).map_err(|e| format!("{path}: cannot read the file: {e}"))?;
    let problems = Scenario::check(&path, &text);
    if problems.is_empty() {
        let s = Scenario::from_ron(&path, &text).map_err(|e| e.to_string())?;
        let centres = s
            .map
            .province_ids()
            .filter(|p| s.map.province(*p).supply_centre)
            .count();
        println!(
            "{path}: no problems. {} provinces, {centres} supply centres, {} states, {} units; victory at {} centres.",
            s.map.province_count(),
            s.states.len(),
            s.start.units().count(),
            s.victory_centres
        );
        return Ok(ExitCode::SUCCESS);
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
