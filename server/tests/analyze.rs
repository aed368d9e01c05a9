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
fn the_worked_example_prints_blocs_reasons_and_every_doctrine() {
    let (text, _, code) = analyze(&["assets/systems/four-states.ron"]);
    assert_eq!(code, 0);
    assert!(text.contains("Borvia, Cestria against Drakonia"), "{text}");
    assert!(text.contains("threatens Borvia most ("), "{text}");
    for doctrine in entente_shared::doctrine::DOCTRINES {
        assert!(text.contains(doctrine), "{doctrine} missing");
    }
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
    assert!(
        text.contains("Northland, Southland against Eastmark"),
        "{text}"
    );
    assert!(
        text.contains("after the claim on Northland in 1899"),
        "{text}"
    );
}
