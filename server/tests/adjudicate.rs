//! `entente-server adjudicate` driven from outside, as another tool would: a hand-written
//! opening with known results, a long seeded game checked against the engine in-process, and
//! malformed lines that must be answered with errors while the game goes on.

use std::io::Write;
use std::process::{Command, Stdio};
use std::sync::Arc;

use entente_shared::rules::Game;
use entente_shared::rules::options::random_orders;
use entente_shared::scenario::Scenario;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use serde_json::Value;

/// Runs the tool on `script`; returns its output lines as JSON and its exit code.
fn adjudicate(script: &str) -> (Vec<Value>, i32) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_entente-server"))
        .args(["adjudicate", "--scenario", "classic"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the server binary starts");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(script.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let text = String::from_utf8(out.stdout).expect("utf-8 output");
    let lines = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON: {l}: {e}")))
        .collect();
    (lines, out.status.code().unwrap_or(-1))
}

fn result_of(line: &Value, state: &str, order: &str) -> String {
    line["orders"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["state"] == state && o["order"] == order)
        .unwrap_or_else(|| panic!("no {state} order {order} in {line}"))["result"]
        .as_str()
        .unwrap()
        .to_string()
}

fn units_of(line: &Value, state: &str) -> Vec<String> {
    let mut v: Vec<String> = line["units"][state]
        .as_array()
        .map(|a| a.iter().map(|u| u.as_str().unwrap().to_string()).collect())
        .unwrap_or_default();
    v.sort();
    v
}

const OPENING: &str = r#"{"phase": "S1901M", "orders": {"ENGLAND": ["F LON - NTH", "F EDI - NWG", "A LVP - YOR"], "FRANCE": ["F BRE - MAO", "A PAR - BUR", "A MAR S A PAR - BUR"], "GERMANY": ["A MUN - BUR", "F KIE - DEN", "A BER - KIE"], "ITALY": ["A VEN H", "A ROM - APU", "F NAP - ION"], "AUSTRIA": ["A VIE - GAL", "A BUD - SER", "F TRI - ALB"], "RUSSIA": ["A WAR - GAL", "A MOS - UKR", "F SEV - BLA", "F STP/SC - BOT"], "TURKEY": ["F ANK - BLA", "A CON - BUL", "A SMY - CON"]}}
{"phase": "F1901M", "orders": {"ENGLAND": ["F NTH C A YOR - NWY", "A YOR - NWY", "F NWG - BAR"], "FRANCE": ["A BUR - BEL", "F MAO - POR", "A MAR - SPA"], "GERMANY": ["A KIE - HOL", "F DEN H", "A MUN - RUH"], "ITALY": ["F ION - TUN", "A APU H", "A VEN H"], "AUSTRIA": ["F ALB - GRE", "A SER S F ALB - GRE", "A VIE - GAL"], "RUSSIA": ["A WAR - GAL", "A UKR - RUM", "F SEV - RUM", "F BOT - SWE"], "TURKEY": ["F ANK - BLA", "A BUL H", "A CON S A BUL"]}}
{"phase": "W1901A", "orders": {"ENGLAND": ["F LON B"], "FRANCE": ["A PAR B", "BUILD F BRE", "F MAR B"], "GERMANY": ["A BER B", "F KIE B"], "ITALY": ["F NAP B"], "AUSTRIA": ["A VIE B", "A BUD B", "F TRI B"], "RUSSIA": ["A STP B", "A MOS B", "F SEV B"], "TURKEY": ["F SMY B", "WAIVE"]}}
{"phase": "S1902M", "orders": {"GERMANY": ["A RUH - BEL", "A HOL S A RUH - BEL"], "FRANCE": ["A BEL H"]}}
{"phase": "S1902R", "orders": {"FRANCE": ["A BEL R PIC"]}}
"#;

#[test]
fn an_opening_plays_by_the_rules() {
    let (lines, code) = adjudicate(OPENING);
    assert_eq!(code, 0, "no line refused: {lines:?}");
    assert_eq!(lines.len(), 5);
    let s1901 = &lines[0];
    assert_eq!(s1901["phase"], "S1901M");
    assert_eq!(s1901["next_phase"], "F1901M");
    assert_eq!(result_of(s1901, "FRANCE", "A PAR - BUR"), "succeeded");
    assert_eq!(result_of(s1901, "GERMANY", "A MUN - BUR"), "bounced");
    assert_eq!(result_of(s1901, "AUSTRIA", "A VIE - GAL"), "bounced");
    assert_eq!(result_of(s1901, "RUSSIA", "F SEV - BLA"), "bounced");
    assert_eq!(result_of(s1901, "TURKEY", "A SMY - CON"), "succeeded");
    assert!(units_of(s1901, "RUSSIA").contains(&"F BOT".to_string()));

    let f1901 = &lines[1];
    assert_eq!(result_of(f1901, "ENGLAND", "A YOR - NWY"), "succeeded");
    assert_eq!(
        result_of(f1901, "ENGLAND", "F NTH C A YOR - NWY"),
        "succeeded"
    );
    assert_eq!(result_of(f1901, "RUSSIA", "A UKR - RUM"), "bounced");
    assert_eq!(f1901["next_phase"], "W1901A");
    let centres = |state: &str| f1901["centres"][state].as_array().unwrap().len();
    assert_eq!(centres("ENGLAND"), 4);
    assert_eq!(centres("FRANCE"), 6);
    assert_eq!(centres("GERMANY"), 5);
    assert_eq!(centres("RUSSIA"), 5);
    assert_eq!(centres("AUSTRIA"), 5);
    assert_eq!(centres("TURKEY"), 4);
    assert_eq!(centres("ITALY"), 4);

    let w1901 = &lines[2];
    // France owns six centres with three units: three builds, each in a free home centre.
    assert_eq!(result_of(w1901, "FRANCE", "F MAR B"), "succeeded");
    assert_eq!(result_of(w1901, "FRANCE", "F BRE B"), "succeeded");
    // Russia may build one (five centres, four units): the second build is refused, and so is a
    // build in an occupied centre.
    assert_eq!(result_of(w1901, "RUSSIA", "A STP B"), "succeeded");
    assert_eq!(result_of(w1901, "RUSSIA", "A MOS B"), "illegal");
    assert_eq!(result_of(w1901, "AUSTRIA", "A VIE B"), "illegal");
    assert_eq!(result_of(w1901, "AUSTRIA", "F TRI B"), "succeeded");
    // Turkey owns four centres with three units: one build, then nothing left to waive.
    assert_eq!(result_of(w1901, "TURKEY", "WAIVE"), "illegal");
    assert_eq!(units_of(w1901, "FRANCE").len(), 6);
    assert_eq!(w1901["next_phase"], "S1902M");

    let s1902 = &lines[3];
    assert_eq!(result_of(s1902, "GERMANY", "A RUH - BEL"), "succeeded");
    assert_eq!(result_of(s1902, "FRANCE", "A BEL H"), "dislodged");
    let dislodged = s1902["dislodged"].as_array().unwrap();
    assert_eq!(dislodged.len(), 1);
    assert_eq!(dislodged[0]["unit"], "A BEL");
    let retreats: Vec<&str> = dislodged[0]["retreats"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r.as_str().unwrap())
        .collect();
    // Not back to Ruhr where the attacker came from, not into occupied Holland.
    let mut retreats = retreats;
    retreats.sort();
    assert_eq!(retreats, ["BUR", "PIC"]);
    assert_eq!(s1902["next_phase"], "S1902R");

    let s1902r = &lines[4];
    assert_eq!(result_of(s1902r, "FRANCE", "A BEL R PIC"), "succeeded");
    assert!(units_of(s1902r, "FRANCE").contains(&"A PIC".to_string()));
    assert_eq!(s1902r["next_phase"], "F1902M");
}

#[test]
fn malformed_lines_get_errors_naming_them_and_the_game_goes_on() {
    let script = [
        r#"{"phase": "S1901M", "orders": {"FRANCE": ["A PAR - BUR"]}}"#,
        r#"this is not json"#,
        r#"{"phase": "S1901M", "orders": {}}"#,
        r#"{"phase": "F1901M", "orders": {"NARNIA": ["A PAR H"]}}"#,
        r#"{"phase": "F1901M", "orders": {"FRANCE": "A BUR - BEL"}}"#,
        r#"{"phase": "F1901M", "ordres": {}}"#,
        r#"{"phase": "F1901M", "orders": {"FRANCE": ["A BUR - MOS", "A BUR -", "", "F BRE - ZZZ", "A BUR - BEL"]}}"#,
    ]
    .join("\n");
    let (lines, code) = adjudicate(&script);
    assert_eq!(code, 1, "refused lines make the exit code 1");
    assert_eq!(lines.len(), 7);
    for (i, want) in [
        (1, "not a valid script line"),
        (2, "game is at F1901M"),
        (3, "NARNIA"),
        (4, "not a valid"),
        (5, "ordres"),
    ] {
        assert_eq!(lines[i]["line"], i + 1);
        let error = lines[i]["error"]
            .as_str()
            .unwrap_or_else(|| panic!("line {} should be an error: {}", i + 1, lines[i]));
        assert!(
            error.contains(want),
            "line {}: `{error}` should mention `{want}`",
            i + 1
        );
    }
    let f1901 = &lines[6];
    assert_eq!(f1901["phase"], "F1901M");
    assert_eq!(result_of(f1901, "FRANCE", "A BUR - BEL"), "succeeded");
    let orders = f1901["orders"].as_array().unwrap();
    let illegal: Vec<&Value> = orders.iter().filter(|o| o["result"] == "illegal").collect();
    assert_eq!(illegal.len(), 4, "{orders:?}");
    assert!(
        illegal
            .iter()
            .all(|o| !o["reason"].as_str().unwrap().is_empty())
    );
    assert!(
        illegal[0]["reason"]
            .as_str()
            .unwrap()
            .contains("cannot reach")
    );
    assert!(illegal[3]["reason"].as_str().unwrap().contains("ZZZ"));
}

/// A long game of seeded random legal orders, written as a script: the tool's output must say
/// exactly what the engine says in-process, phase after phase, to the end of the game.
#[test]
fn a_whole_seeded_game_matches_the_engine() {
    let scenario = Arc::new(Scenario::classic());
    let mut game = Game::new(scenario.clone());
    let mut rng = ChaCha8Rng::seed_from_u64(11);
    let mut script = String::new();
    let mut expected = Vec::new();
    while !game.is_over() && expected.len() < 60 {
        let mut orders = serde_json::Map::new();
        for s in scenario.state_ids() {
            let list: Vec<String> = random_orders(&game, s, &mut rng)
                .iter()
                .map(|o| o.display(&scenario.map).to_string())
                .collect();
            for o in &list {
                game.submit(s, o).expect("generated orders are legal");
            }
            orders.insert(scenario.state(s).code.clone(), list.into());
        }
        let phase = game.phase().to_string();
        script.push_str(&serde_json::json!({"phase": phase, "orders": orders}).to_string());
        script.push('\n');
        let report = game.resolve();
        let mut units: Vec<String> = game
            .position()
            .units()
            .map(|(_, u)| {
                format!(
                    "{} {} {}",
                    scenario.state(u.state).code,
                    u.kind.letter(),
                    scenario.map.loc_name(u.loc)
                )
            })
            .collect();
        units.sort();
        expected.push((report.phase.to_string(), report.next.to_string(), units));
    }
    assert!(
        expected.len() >= 40,
        "a few dozen phases: {}",
        expected.len()
    );
    let (lines, code) = adjudicate(&script);
    assert_eq!(code, 0);
    assert_eq!(lines.len(), expected.len());
    for (line, (phase, next, units)) in lines.iter().zip(&expected) {
        assert_eq!(&line["phase"], phase);
        if !line["game_over"].as_bool().unwrap() {
            assert_eq!(&line["next_phase"], next);
        }
        let mut got = Vec::new();
        for (state, list) in line["units"].as_object().unwrap() {
            for u in list.as_array().unwrap() {
                got.push(format!("{state} {}", u.as_str().unwrap()));
            }
        }
        got.sort();
        assert_eq!(&got, units, "units after {phase}");
    }
}
