//! Headless batches of computer-only games: played on every core, written as they finish, in
//! seed order, so that the same seed range gives the same files for any number of jobs and any
//! split into shards.

pub mod record;
pub mod stats;
pub mod summary;

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc;

use entente_shared::doctrine::Doctrine;
use entente_shared::play::{Player, play_game_with};
use entente_shared::scenario::Scenario;

use record::GameRecord;
use summary::Summary;

/// What a batch plays.
pub struct Batch {
    pub scenario: Arc<Scenario>,
    pub doctrines: Vec<&'static dyn Doctrine>,
    pub seeds: Range<u64>,
    pub jobs: usize,
}

impl Batch {
    /// Plays every game; `sink` receives the records in seed order.
    pub fn run(
        &self,
        progress: bool,
        mut sink: impl FnMut(GameRecord) -> std::io::Result<()>,
    ) -> std::io::Result<()> {
        let total = self.seeds.end.saturating_sub(self.seeds.start);
        let bar = if progress {
            indicatif::ProgressBar::new(total)
        } else {
            indicatif::ProgressBar::hidden()
        };
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "{bar:40} {pos}/{len} games, {per_sec}, {eta} left",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        let jobs = self.jobs.max(1);
        let names: Vec<&str> = self.doctrines.iter().map(|d| d.name()).collect();
        let players = vec![Player::Computer; self.scenario.states.len()];
        let (tx, rx) = mpsc::sync_channel::<GameRecord>(jobs * 4);
        let start = self.seeds.start;
        // The next seed to play. Each worker takes the next one when it is free, so the workers
        // stay close in seed order and all stay busy until no seed is left, however long each
        // game runs (with every jobs-th seed fixed in advance, a worker whose games ran short
        // finished its share early and stood idle while the others played theirs).
        let next_seed = AtomicU64::new(start);
        std::thread::scope(|scope| -> std::io::Result<()> {
            for _ in 0..jobs {
                let tx = tx.clone();
                let (scenario, doctrines, players, names, next_seed) = (
                    &self.scenario,
                    &self.doctrines,
                    &players,
                    &names,
                    &next_seed,
                );
                let end = self.seeds.end;
                scope.spawn(move || {
                    loop {
                        let seed = next_seed.fetch_add(1, Ordering::Relaxed);
                        if seed >= end {
                            return;
                        }
                        let g = play_game_with(scenario, players, doctrines.clone(), seed);
                        if tx
                            .send(GameRecord::from_summary(scenario, names, &g))
                            .is_err()
                        {
                            return;
                        }
                    }
                });
            }
            drop(tx);
            // Put records back in seed order; the buffer holds at most a few per worker.
            let mut waiting: BTreeMap<u64, GameRecord> = BTreeMap::new();
            let mut next = start;
            for record in rx {
                waiting.insert(record.seed, record);
                while let Some(r) = waiting.remove(&next) {
                    sink(r)?;
                    bar.inc(1);
                    next += 1;
                }
            }
            bar.finish_and_clear();
            Ok(())
        })
    }
}

/// The files a batch writes: `games.jsonl` (one record a game), `games.csv` (one row a game),
/// `summary.txt`, `summary.json` and `summary.html` (the debrief's charts for the aggregate).
pub struct Outputs {
    dir: Option<PathBuf>,
    jsonl: Option<BufWriter<File>>,
    csv: Option<BufWriter<File>>,
    /// The states' colours, for the summary's charts.
    colours: Vec<String>,
    pub summary: Summary,
}

impl Outputs {
    pub fn new(
        dir: Option<&Path>,
        scenario: &str,
        states: Vec<String>,
        colours: Vec<String>,
    ) -> std::io::Result<Outputs> {
        let (jsonl, csv) = match dir {
            Some(d) => {
                std::fs::create_dir_all(d)?;
                let mut csv = BufWriter::new(File::create(d.join("games.csv"))?);
                writeln!(
                    csv,
                    "seed,winner,leader,last_year,phases,alliances,alignments,exits,broken,{}",
                    states
                        .iter()
                        .map(|s| format!("centres_{s}"))
                        .collect::<Vec<_>>()
                        .join(",")
                )?;
                (
                    Some(BufWriter::new(File::create(d.join("games.jsonl"))?)),
                    Some(csv),
                )
            }
            None => (None, None),
        };
        Ok(Outputs {
            dir: dir.map(Path::to_path_buf),
            jsonl,
            csv,
            colours,
            summary: Summary::new(scenario, states),
        })
    }

    pub fn add(&mut self, r: GameRecord) -> std::io::Result<()> {
        if let Some(w) = &mut self.jsonl {
            serde_json::to_writer(&mut *w, &r)?;
            writeln!(w)?;
        }
        if let Some(w) = &mut self.csv {
            let count = |k: &str| r.ties.iter().filter(|t| t.kind == k).count();
            writeln!(
                w,
                "{},{},{},{},{},{},{},{},{},{}",
                r.seed,
                r.winner.as_deref().unwrap_or(""),
                r.leader.as_deref().unwrap_or(""),
                r.last_year,
                r.phases,
                count("allied"),
                count("aligned"),
                count("left"),
                count("broken"),
                r.centres
                    .iter()
                    .map(|c| c.to_string())
                    .collect::<Vec<_>>()
                    .join(",")
            )?;
        }
        self.summary.add(&r);
        Ok(())
    }

    /// Writes the summaries and returns the text one.
    pub fn finish(mut self) -> std::io::Result<String> {
        let text = self.summary.text();
        if let Some(w) = &mut self.jsonl {
            w.flush()?;
        }
        if let Some(w) = &mut self.csv {
            w.flush()?;
        }
        if let Some(d) = &self.dir {
            std::fs::write(d.join("summary.txt"), &text)?;
            std::fs::write(
                d.join("summary.json"),
                serde_json::to_string_pretty(&self.summary)?,
            )?;
            std::fs::write(d.join("summary.html"), self.summary.html(&self.colours))?;
        }
        Ok(text)
    }
}

/// Joins shard folders into one: records sorted by seed, then the same outputs as one run.
pub fn merge(shards: &[PathBuf], out: Option<&Path>) -> Result<String, String> {
    let mut records: Vec<GameRecord> = Vec::new();
    for dir in shards {
        let path = dir.join("games.jsonl");
        let file = File::open(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        for (i, line) in BufReader::new(file).lines().enumerate() {
            let line = line.map_err(|e| format!("{}:{}: {e}", path.display(), i + 1))?;
            if line.trim().is_empty() {
                continue;
            }
            let r: GameRecord = serde_json::from_str(&line)
                .map_err(|e| format!("{}:{}: not a game record: {e}", path.display(), i + 1))?;
            records.push(r);
        }
    }
    records.sort_by_key(|r| r.seed);
    if let Some(w) = records.windows(2).find(|w| w[0].seed == w[1].seed) {
        return Err(format!(
            "seed {} appears in two shards: were shards run with overlapping ranges?",
            w[0].seed
        ));
    }
    let Some(first) = records.first() else {
        return Err("the shards hold no games".into());
    };
    if let Some(other) = records.iter().find(|r| r.scenario != first.scenario) {
        return Err(format!(
            "the shards mix scenarios `{}` and `{}`",
            first.scenario, other.scenario
        ));
    }
    let states: Vec<String> = first.doctrines.keys().cloned().collect();
    let scenario = Scenario::load(&first.scenario).map_err(|e| e.to_string())?;
    let order: Vec<String> = scenario.states.iter().map(|s| s.code.clone()).collect();
    let states = if order.iter().all(|s| states.contains(s)) {
        order
    } else {
        states
    };
    let colours = states
        .iter()
        .map(|c| {
            scenario
                .find_state(c)
                .map_or("#777777".to_string(), |s| scenario.state(s).colour.clone())
        })
        .collect();
    let mut outputs =
        Outputs::new(out, &first.scenario, states, colours).map_err(|e| e.to_string())?;
    for r in records {
        outputs.add(r).map_err(|e| e.to_string())?;
    }
    outputs.finish().map_err(|e| e.to_string())
}

/// Seeds of shard `index` (1-based) of `count` in `seeds`, as contiguous ranges.
pub fn shard(seeds: Range<u64>, index: u64, count: u64) -> Range<u64> {
    let len = seeds.end - seeds.start;
    let from = seeds.start + len * (index - 1) / count;
    let to = seeds.start + len * index / count;
    from..to
}
