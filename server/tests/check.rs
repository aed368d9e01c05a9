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
