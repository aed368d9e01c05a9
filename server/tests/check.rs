//! `entente-server check` and `generate` from outside.

use std::process::Command;

fn server(args: &[&str]) -> (String, i32) {
    let out = Command::new(env!("CARGO_BIN_EXE_entente-server"))
        .args(args)
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
        .output()
        .expect("the server binary runs");
    (
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr),
        out.status.code().unwrap_or(-1),
    )
}

#[test]
fn the_classic_scenario_checks_clean() {
    let (out, code) = server(&["check", "classic"]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("no problems. 75 provinces, 34 supply centres, 7 states, 22 units"),
        "{out}"
    );
}

#[test]
fn a_broken_copy_of_the_classic_map_gets_every_problem_named() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../assets/scenarios/classic.ron"
    ))
    .unwrap();
    let broken = text
        .replacen("(\"MUN\", \"BOH\")", "(\"MUN\", \"MNU\")", 1)
        .replacen(
            "home_centres: [\"BER\", \"KIE\", \"MUN\"]",
            "home_centres: [\"BER\", \"KIE\", \"RUH\"]",
            1,
        )
        .replacen("colour: \"#56B4E9\"", "colour: \"blue\"", 1);
    assert_ne!(broken, text, "the replacements apply");
    let path = std::env::temp_dir().join(format!("entente-broken-{}.ron", std::process::id()));
    std::fs::write(&path, &broken).unwrap();
    let (out, code) = server(&["check", path.to_str().unwrap()]);
    assert_eq!(code, 1, "{out}");
    for words in [
        "unknown province `MNU`",
        "`RUH` is not a supply centre",
        "colour `blue`",
    ] {
        let line = out
            .lines()
            .find(|l| l.contains(words))
            .unwrap_or_else(|| panic!("`{words}` not named: {out}"));
        // file:line: message, with a real line number.
        let number: usize = line.split(':').nth(1).unwrap().trim().parse().unwrap();
        assert!(number > 0, "{line}");
        assert_eq!(
            broken
                .lines()
                .nth(number - 1)
                .map(|l| l.contains(words.split('`').nth(1).unwrap())),
            Some(true),
            "{line}"
        );
    }
    assert!(out.contains("3 problems found."), "{out}");
}

#[test]
fn a_generated_world_is_written_and_checks_clean() {
    let path = std::env::temp_dir().join(format!("entente-generated-{}.ron", std::process::id()));
    let (out, code) = server(&[
        "generate",
        "--states",
        "14",
        "--seed",
        "5",
        "--out",
        path.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("14 states on"), "{out}");
    let (out, code) = server(&["check", path.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("14 states, 42 units"), "{out}");
}

/// Writes `text` to a file of its own in the temporary folder and checks it.
fn check_text(name: &str, text: &str) -> (String, i32) {
    let path = std::env::temp_dir().join(format!("entente-{name}-{}.ron", std::process::id()));
    std::fs::write(&path, text).unwrap();
    let result = server(&["check", path.to_str().unwrap()]);
    std::fs::remove_file(&path).ok();
    result
}

fn bundled(path: &str) -> String {
    std::fs::read_to_string(format!("{}/../assets/{path}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

/// `out` has a `file:line: message` line whose line is `line` and whose message says `words`.
fn assert_problem(out: &str, line: usize, words: &str) {
    assert!(
        out.lines()
            .any(|l| l.contains(&format!(".ron:{line}: ")) && l.contains(words)),
        "no problem at line {line} saying `{words}`:\n{out}"
    );
}

#[test]
fn every_bundled_scenario_and_state_system_checks_clean_and_says_which_it_is() {
    for (folder, kind) in [("scenarios", "a scenario"), ("systems", "a state system")] {
        let dir = format!("{}/../assets/{folder}", env!("CARGO_MANIFEST_DIR"));
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let (out, code) = server(&["check", path.to_str().unwrap()]);
            assert_eq!(code, 0, "{out}");
            assert!(out.contains(&format!(": {kind}: no problems.")), "{out}");
        }
    }
}

#[test]
fn the_1914_state_system_checks_clean_by_its_name() {
    let (out, code) = server(&["check", "europe-1914"]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains(
            "europe-1914.ron: a state system: no problems. \"Europe, July 1914\": 12 states, 40 acts"
        ),
        "{out}"
    );
}

#[test]
fn a_broken_state_system_gets_every_problem_named_at_its_line() {
    let text = bundled("systems/four-states.ron");
    let broken = text
        .replacen(
            "            adjective: \"Aurelian\",\n",
            "            adjective: \"Aurelian\",\n            doctrine: Some(\"balance_of_treat\"),\n",
            1,
        )
        .replacen("energy: Some(40000)", "energy: Some(-9)", 1)
        .replacen("target: \"CES\", kind: PublicClaim", "target: \"CST\", kind: PublicClaim", 1);
    assert_ne!(broken, text, "the replacements apply");
    let (out, code) = check_text("broken-system", &broken);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("read as a state system."), "{out}");
    // The doctrine's line was added after line 20, moving the rest one down.
    assert_problem(
        &out,
        21,
        "state `AUR`: no doctrine `balance_of_treat`; known: balance_of_threat, balance_of_power,",
    );
    assert_problem(
        &out,
        26,
        "state `AUR`: energy must be a number of 0 or more, not -9",
    );
    assert_problem(&out, 82, "act: `CST` is not one of the states' codes");
    assert!(out.contains("3 problems found."), "{out}");
}

#[test]
fn an_unknown_act_kind_in_a_state_system_is_named_at_its_line() {
    let broken =
        bundled("systems/four-states.ron").replacen("kind: PublicClaim", "kind: Ultimatum", 1);
    let (out, code) = check_text("act-kind", &broken);
    assert_eq!(code, 1, "{out}");
    assert_problem(&out, 81, "Ultimatum");
}

#[test]
fn a_broken_scenario_history_and_doctrine_are_named_at_their_lines() {
    let text = bundled("scenarios/strait.ron");
    let broken = text
        .replacen(
            "Some(\"offensive_realism\")",
            "Some(\"offensive realist\")",
            1,
        )
        .replacen("act: \"PublicClaim\"", "act: \"Insult\"", 1)
        .replacen("actor: \"EAST\"", "actor: \"WEST\"", 1)
        .replacen("population: Some(3000.0)", "population: Some(-1.0)", 1);
    assert_ne!(broken, text, "the replacements apply");
    let (out, code) = check_text("broken-strait", &broken);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("read as a scenario."), "{out}");
    assert_problem(
        &out,
        31,
        "state `EAST`: latent power: population must be a number of 0 or more, not -1",
    );
    assert_problem(
        &out,
        32,
        "state `EAST`: no doctrine `offensive realist`; known: balance_of_threat,",
    );
    assert_problem(&out, 37, "history: actor `WEST` is not one of the states");
    assert_problem(
        &out,
        37,
        "history: no act `Insult`; known: Attack, SupportOfAttack, BrokenAlliance, BuildUp, PublicClaim",
    );
    assert!(out.contains("4 problems found."), "{out}");
}

#[test]
fn a_state_system_without_its_struct_name_is_known_by_its_geography() {
    let text = bundled("systems/four-states.ron").replacen("StateSystemFile(", "(", 1);
    let (out, code) = check_text("nameless-system", &text);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("a state system: no problems."), "{out}");
}
