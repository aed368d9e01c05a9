//! The long tests, ignored by a plain `cargo test` (they take minutes); `scripts/long-tests`
//! runs them with `--ignored` and prints their figures:
//! - load: 40 bot clients seated in teams and 5 observers on loopback through a whole game with
//!   1-second phases; every client gets every phase's result, and the time from each deadline to
//!   the last client holding the result is reported;
//! - soak: 500 computer-only games back to back in one server process, its memory flat.

use std::process::Command;

fn server(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_entente-server"))
        .args(args)
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
        .output()
        .expect("the server binary runs");
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(
        out.status.success(),
        "{text}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    println!("{text}");
    text
}

fn number_after(text: &str, key: &str) -> f64 {
    let rest = &text[text.find(key).unwrap_or_else(|| panic!("{key} in {text}")) + key.len()..];
    let n: String = rest
        .trim_start()
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '-' || *c == '+' || *c == '.')
        .collect();
    n.parse()
        .unwrap_or_else(|_| panic!("a number after {key}: {text}"))
}

#[test]
#[ignore = "minutes: run by scripts/long-tests"]
fn load_40_clients_and_5_observers_through_a_whole_game() {
    let text = server(&[
        "measure",
        "--clients",
        "40",
        "--observers",
        "5",
        "--whole-game",
        "--phase-secs",
        "1",
    ]);
    assert!(
        text.contains("every client got every phase's result"),
        "{text}"
    );
    assert!(text.contains("(the whole game)"), "{text}");
    let max = number_after(&text, "ms, max");
    assert!(
        max < 3000.0,
        "every client has the result within 3 s: {text}"
    );
}

#[test]
#[ignore = "minutes: run by scripts/long-tests"]
fn soak_500_games_in_one_server_without_memory_growth() {
    let games = std::env::var("SOAK_GAMES").unwrap_or_else(|_| "500".into());
    let text = server(&["soak", "--games", &games]);
    let growth = number_after(&text, "growth");
    assert!(growth < 10.0, "memory stays flat: {growth}%\n{text}");
}
