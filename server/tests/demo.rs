//! The README's first command plays a whole game with computer players and logs it; `--explain`
//! shows every decision and order with its reason.

use std::process::Command;

#[test]
fn a_demo_game_plays_to_the_end_and_explains_itself() {
    let out = Command::new(env!("CARGO_BIN_EXE_entente-server"))
        .args(["demo", "--pace-ms", "0", "--seed", "2", "--explain"])
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
        .output()
        .expect("the server binary runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(text.contains("S1901M: Austria 3, England 3"), "{text}");
    assert!(text.contains("F1901M:"), "a line per phase");
    assert!(
        text.contains("   [France] France "),
        "alignment decisions with reasons"
    );
    assert!(
        text.contains("France A PAR - ") || text.contains("France A PAR H"),
        "orders are shown"
    );
    assert!(
        text.contains(": takes ") || text.contains(": defends "),
        "orders carry reasons"
    );
    assert!(
        text.contains(" ally against ") && text.contains(" accepts "),
        "alliances are announced with their target and reasons"
    );
    let last = text.lines().last().unwrap_or_default();
    assert!(
        last.contains("wins in") || last.contains("ends in"),
        "{last}"
    );
}
