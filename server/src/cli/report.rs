//! `entente-server record` plays a computer-only game and keeps its full record;
//! `entente-server report RECORD` turns a record into the debrief (HTML, and CSV tables). The
//! record is either one from `record` or a served game's journal (`saves/game-….jsonl`), which
//! is replayed through the session, as `--resume` would, to give the debrief the server wrote.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use clap::Args;
use entente_server::session::{Entry, Session};
use entente_shared::play::{record_game, scenario_doctrines};
use entente_shared::record::GameRecord;
use entente_shared::scenario::{Scenario, files};

#[derive(Debug, Args)]
pub struct RecordArgs {
    /// Scenario name, file, or generated:STATES:SEED.
    #[arg(long, default_value = "classic")]
    scenario: String,
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Make every state follow this doctrine.
    #[arg(long)]
    doctrine: Option<String>,
    /// Where to write the record (JSON).
    #[arg(long)]
    out: PathBuf,
}

pub fn record(args: RecordArgs) -> Result<ExitCode, String> {
    let scenario = Arc::new(Scenario::load(&args.scenario).map_err(|e| e.to_string())?);
    let all = super::doctrine_arg(args.doctrine.as_deref())?;
    let doctrines = scenario_doctrines(&scenario, all);
    let record = record_game(&scenario, doctrines, args.seed);
    let text = serde_json::to_string(&record).map_err(|e| e.to_string())?;
    std::fs::write(&args.out, text).map_err(|e| format!("{}: {e}", args.out.display()))?;
    eprintln!(
        "{} phases recorded in {}",
        record.phases.len(),
        args.out.display()
    );
    Ok(ExitCode::SUCCESS)
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// A game record (from `entente-server record`) or a served game's journal
    /// (`saves/game-….jsonl`).
    record: PathBuf,
    /// Where to write the HTML debrief (default: the record's name with .html).
    #[arg(long)]
    out: Option<PathBuf>,
    /// Also write the tables as CSV files into this folder.
    #[arg(long)]
    csv: Option<PathBuf>,
}

pub fn report(args: ReportArgs) -> Result<ExitCode, String> {
    let text = files::read_text(&args.record, "record", files::MAX_RECORD_BYTES)
        .map_err(|e| format!("{}: {e}", args.record.display()))?;
    let record =
        match journal_entries(&text).map_err(|e| format!("{}: {e}", args.record.display()))? {
            Some(entries) => Session::replay(&entries)
                .map_err(|e| format!("{}: {e}", args.record.display()))?
                .debrief(),
            None => serde_json::from_str::<GameRecord>(&text)
                .map_err(|e| format!("{}: not a game record: {e}", args.record.display()))?,
        };
    // The debrief trusts what it draws (every state index in range, a centre count for every
    // state): a record that is not consistent is named for what is wrong instead.
    let problems = record.problems();
    if !problems.is_empty() {
        return Err(format!(
            "{}: the record is not consistent, so no debrief is written:\n  {}",
            args.record.display(),
            problems.join("\n  ")
        ));
    }
    let out = args
        .out
        .unwrap_or_else(|| args.record.with_extension("html"));
    std::fs::write(&out, entente_server::report::html(&record))
        .map_err(|e| format!("{}: {e}", out.display()))?;
    eprintln!("debrief written to {}", out.display());
    if let Some(dir) = args.csv {
        std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        for (name, contents) in entente_server::report::csv(&record) {
            std::fs::write(dir.join(name), contents).map_err(|e| format!("{name}: {e}"))?;
        }
        eprintln!("tables written to {}", dir.display());
    }
    Ok(ExitCode::SUCCESS)
}

/// A served game's journal, read line by line (a torn last line, from a crash in the middle of a
/// write, was never acknowledged and is left out); `None` when the text is not a journal.
fn journal_entries(text: &str) -> Result<Option<Vec<Entry>>, String> {
    let mut lines = text.split_inclusive('\n');
    let Some(first) = lines.next() else {
        return Ok(None);
    };
    let Ok(first @ Entry::Began { .. }) = serde_json::from_str::<Entry>(first.trim_end()) else {
        return Ok(None);
    };
    let mut entries = vec![first];
    for (k, line) in lines.enumerate() {
        if !line.ends_with('\n') {
            break;
        }
        let entry = serde_json::from_str(line.trim_end()).map_err(|e| {
            format!(
                "line {}: this line of the journal cannot be read ({e})",
                k + 2
            )
        })?;
        entries.push(entry);
    }
    Ok(Some(entries))
}
