//! `entente-server analyze` from outside: text and JSON on the guide's example, a scenario, and
//! a broken file.

use std::process::Command;

fn analyze(args: &[&str]) -> (String, String, i32) {
    let out = Command::new(env!("CARGO_BIN_EXE_entente-server"))
        .arg("analyze")
        .args(args)
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
        .output()
        .expect("the server binary runs");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code().unwrap_or(-1),
    )
}

#[test]
fn the_worked_example_prints_camps_what_happened_comparisons_and_every_doctrine() {
    let (text, _, code) = analyze(&["assets/systems/four-states.ron"]);
    assert_eq!(code, 0);
    assert!(
        text.contains("1. Borvia, Cestria against Drakonia"),
        "{text}"
    );
    assert!(text.contains("threatens Borvia most ("), "{text}");
    assert!(
        text.contains("settled after 2 rounds: in the last, no state asked for anything"),
        "{text}"
    );
    // Each proposal is followed by what came of it; an acceptance that made no alliance says so.
    assert!(
        text.contains("Cestria accepts Borvia's alliance against Drakonia"),
        "{text}"
    );
    assert!(text.contains("no alliance is made"), "{text}");
    // The decisive comparison: the greatest threat against the next, and why.
    assert!(
        text.contains("Aurelia, staying out: its greatest threat is Drakonia at 0.16"),
        "{text}"
    );
    assert!(
        text.contains("Borvia, balancing: its greatest threat is Drakonia"),
        "{text}"
    );
    for doctrine in entente_shared::doctrine::DOCTRINES {
        assert!(text.contains(doctrine), "{doctrine} missing");
    }
}

/// A state allied against two threats stands in two camps, and the JSON says so; the camps carry
/// their target.
#[test]
fn a_state_in_two_camps_is_shown_in_both() {
    // Midland, attacked from both sides, allies with Far West against Westria and with Far
    // East against Eastria.
    let (text, _, code) = analyze(&["server/tests/fixtures/two-fronts.ron", "--json"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    assert_eq!(v["settled"], true);
    let camps = v["camps"].as_array().unwrap();
    assert!(camps.iter().any(|c| c["against"] == "WES"
        && ["MID", "FAW"].iter().all(|m| {
            c["members"]
                .as_array()
                .unwrap()
                .contains(&serde_json::json!(m))
        })));
    let two = v["choices"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["camps"].as_array().unwrap().len() >= 2)
        .expect("a state in two camps");
    for target in two["camps"].as_array().unwrap() {
        assert!(
            camps.iter().any(|c| c["against"] == *target
                && c["members"].as_array().unwrap().contains(&two["state"]))
        );
    }
    // Every choice carries its decisive comparison.
    for c in v["choices"].as_array().unwrap() {
        assert!(c["comparison"]["greatest"]["breakdown"].is_string(), "{c}");
    }
}

/// Imposed ties are kept, reported and counted apart from free choices.
#[test]
fn imposed_ties_are_reported_apart() {
    let (text, _, code) = analyze(&["assets/systems/middle-east-1967.ron"]);
    assert_eq!(code, 0);
    assert!(text.contains("Not free to choose"), "{text}");
    assert!(text.contains("Yemen (a satellite of Egypt)"), "{text}");
    assert!(text.contains("Yemen, not free to choose"), "{text}");
    let (json, _, _) = analyze(&["assets/systems/middle-east-1967.ron", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    assert_eq!(
        v["imposed"],
        serde_json::json!([{"state": "YAR", "by": "EGY", "kind": "Satellite", "note": v["imposed"][0]["note"]}])
    );
    let yemen = v["choices"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["state"] == "YAR")
        .unwrap();
    assert_eq!(yemen["free"], false);
    assert_eq!(yemen["stance"], "Imposed");
    assert_eq!(yemen["held_by"], "EGY");
}

#[test]
fn json_output_carries_choices_with_threat_parts() {
    let (text, _, code) = analyze(&["assets/systems/four-states.ron", "--json"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    assert_eq!(v["states"].as_array().unwrap().len(), 4);
    let choices = v["choices"].as_array().unwrap();
    let borvia = choices.iter().find(|c| c["state"] == "BOR").unwrap();
    assert_eq!(borvia["partners"], serde_json::json!(["CES"]));
    assert!(borvia["threat"]["parts"]["intentions"].as_f64().unwrap() > 0.0);
    assert_eq!(v["predictions"].as_object().unwrap().len(), 7);
}

#[test]
fn one_doctrine_for_all_and_scenarios_work() {
    let (text, _, code) = analyze(&[
        "assets/systems/four-states.ron",
        "--doctrine",
        "balance_of_power",
    ]);
    assert_eq!(code, 0);
    assert!(text.contains("against Aurelia"), "{text}");
    let (text, _, code) = analyze(&["classic"]);
    assert_eq!(code, 0);
    assert!(text.contains("Europe, 1901: 7 states"), "{text}");
    let (_, err, code) = analyze(&["classic", "--doctrine", "pacifism"]);
    assert_eq!(code, 2);
    assert!(err.contains("no doctrine `pacifism`"), "{err}");
}

#[test]
fn a_broken_file_is_named_with_its_line() {
    let dir = std::env::temp_dir().join(format!("entente-analyze-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("broken.ron");
    std::fs::write(
        &path,
        "StateSystemFile(format: 1, name: \"x\", year: 1900,\n states: [\n StateEntry(code: \"A\", name: \"A\", capabilities: CapabilitiesEntry()),\n StateEntry(code: \"B\", name: \"B\", capabilities: CapabilitiesEntry()),\n ],\n geography: Contiguity([(\"A\", \"Z\", Land)]))\n",
    )
    .unwrap();
    let (_, err, code) = analyze(&[path.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(
        err.contains("broken.ron:6:") && err.contains("`Z`"),
        "{err}"
    );
}

/// A scenario's remembered history shapes intentions from the start (docs/scenarios.md's
/// worked example).
#[test]
fn a_scenarios_history_is_remembered() {
    let (text, _, code) = analyze(&["strait"]);
    assert_eq!(code, 0);
    assert!(text.contains("1 acts on record"), "{text}");
    // Northland fears Eastmark most because of the claim; Southland, which only saw a claim on
    // its neighbour, does not fear Eastmark enough to ally (a threat below the threshold).
    assert!(
        text.contains("after the claim on Northland in 1899"),
        "{text}"
    );
    // Nobody allies; both fear Eastmark, the strongest, and balance softly against it.
    assert!(
        text.contains("Northland, balancing softly: its greatest threat is Eastmark"),
        "{text}"
    );
    assert!(
        text.contains("Alliances:\n  none"),
        "no alliance at the start: {text}"
    );
}
