//! `entente-server batch` from outside: the same games for any number of jobs, shards that merge
//! into exactly the single run, a summary that agrees with the game records, and comparisons.

use std::path::{Path, PathBuf};
use std::process::Command;

fn server(args: &[&str]) -> (String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_entente-server"))
        .args(args)
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
        .output()
        .expect("the server binary runs");
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    );
    assert!(out.status.success(), "{args:?} failed: {stderr}");
    (stdout, stderr)
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("entente-batch-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

fn read(dir: &Path, file: &str) -> String {
    std::fs::read_to_string(dir.join(file))
        .unwrap_or_else(|e| panic!("{}: {e}", dir.join(file).display()))
}

fn batch(games: &str, extra: &[&str], out: &Path) -> String {
    let mut args = vec![
        "batch",
        "--games",
        games,
        "--seed",
        "40",
        "--quiet",
        "--out",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    server(&args).0
}

#[test]
fn the_same_seeds_give_the_same_games_for_any_number_of_jobs() {
    let (one, two) = (scratch("jobs1"), scratch("jobs2"));
    batch("8", &["--jobs", "1"], &one);
    batch("8", &["--jobs", "2"], &two);
    assert_eq!(read(&one, "games.jsonl"), read(&two, "games.jsonl"));
    assert_eq!(read(&one, "summary.json"), read(&two, "summary.json"));
    assert_eq!(read(&one, "games.jsonl").lines().count(), 8);
}

#[test]
fn shards_merge_into_exactly_the_single_run() {
    let whole = scratch("whole");
    batch("9", &[], &whole);
    let mut shards = Vec::new();
    for i in 1..=3 {
        let dir = scratch(&format!("shard{i}"));
        batch("9", &["--shard", &format!("{i}/3")], &dir);
        assert_eq!(read(&dir, "games.jsonl").lines().count(), 3);
        shards.push(dir);
    }
    let merged = scratch("merged");
    let mut args = vec!["batch", "merge"];
    // Out of order on purpose: the merge sorts by seed.
    let names: Vec<String> = shards
        .iter()
        .rev()
        .map(|d| d.to_str().unwrap().to_string())
        .collect();
    args.extend(names.iter().map(String::as_str));
    args.extend(["--out", merged.to_str().unwrap()]);
    server(&args);
    assert_eq!(read(&merged, "games.jsonl"), read(&whole, "games.jsonl"));
    assert_eq!(read(&merged, "summary.json"), read(&whole, "summary.json"));
    assert_eq!(read(&merged, "games.csv"), read(&whole, "games.csv"));
}

#[test]
fn the_summary_agrees_with_the_records() {
    let dir = scratch("summary");
    batch("6", &[], &dir);
    let summary: serde_json::Value = serde_json::from_str(&read(&dir, "summary.json")).unwrap();
    let states: Vec<String> = summary["states"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_string())
        .collect();
    let mut leads = vec![0u64; states.len()];
    let mut draws = 0;
    let mut centres = vec![0u64; states.len()];
    for line in read(&dir, "games.jsonl").lines() {
        let r: serde_json::Value = serde_json::from_str(line).unwrap();
        if let Some(l) = r["leader"].as_str() {
            leads[states.iter().position(|s| s == l).unwrap()] += 1;
        }
        if r["winner"].is_null() {
            draws += 1;
        }
        for (i, c) in r["centres"].as_array().unwrap().iter().enumerate() {
            centres[i] += c.as_u64().unwrap();
        }
    }
    assert_eq!(summary["games"], 6);
    assert_eq!(summary["leads"], serde_json::json!(leads));
    assert_eq!(summary["draws"], draws);
    assert_eq!(summary["final_centres"], serde_json::json!(centres));
    let text = read(&dir, "summary.txt");
    assert!(
        text.contains("most centres (95% int.)") && text.contains("centre shares"),
        "{text}"
    );
    let html = read(&dir, "summary.html");
    for title in [
        "Mean share of all supply centres, after each autumn",
        "Games ended with the most centres (%)",
        "by doctrine and stance",
    ] {
        assert!(html.contains(title), "summary.html lacks {title}");
    }
    assert!(
        html.contains(">year<") && html.contains(">FRANCE</text>"),
        "axes and legend"
    );
    let csv = read(&dir, "games.csv");
    assert_eq!(csv.lines().count(), 7, "a header and a row a game");
}

#[test]
fn two_doctrine_sets_are_compared_state_by_state() {
    let dir = scratch("compare");
    let out = batch(
        "6",
        &["--compare-doctrine", "FRANCE=offensive_realism"],
        &dir,
    );
    assert!(
        out.contains("Comparison: A = scenario classic, B = doctrines FRANCE=offensive_realism"),
        "{out}"
    );
    assert!(out.contains("FRANCE") && out.contains(" z "), "{out}");
    assert!(dir.join("compare.txt").exists() && dir.join("variant-b/games.jsonl").exists());
    let b = read(&dir.join("variant-b"), "games.jsonl");
    assert!(
        b.contains("\"FRANCE\":\"offensive_realism\""),
        "the variant's records say its doctrines"
    );
}

#[test]
fn bad_settings_are_named() {
    let out = Command::new(env!("CARGO_BIN_EXE_entente-server"))
        .args(["batch", "--games", "2", "--shard", "4/3", "--quiet"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--shard takes I/N"));
    let out = Command::new(env!("CARGO_BIN_EXE_entente-server"))
        .args([
            "batch",
            "--games",
            "2",
            "--doctrine",
            "NARNIA=bandwagoner",
            "--quiet",
        ])
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("`NARNIA` is not a state"));
}
