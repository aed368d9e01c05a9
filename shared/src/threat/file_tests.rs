//! The state-system loader on a small hand-written file, good and broken: every problem is named
//! with the line it is written on.

use super::check;
use crate::scenario::assets_dir;
use crate::threat::{ActKind, Imposition, StateSystem, SystemError, Tie, TieKind};

const THREE: &str = r##"StateSystemFile(
    format: 1,
    name: "Three",
    year: 1900.0,
    states: [
        StateEntry(code: "A", name: "Avia", capabilities: CapabilitiesEntry(population: Some(100), military_personnel: Some(10)),
                   doctrine: Some("defensive_realism"), weights: Some(WeightsEntry(power: 1, proximity: 1, offence: 1, intentions: 1)),
                   bias: [BiasEntry(towards: "B", factor: 1.5)]),
        StateEntry(code: "B", name: "Bela", capabilities: CapabilitiesEntry(population: Some(80))),
        StateEntry(code: "C", name: "Cara", capabilities: CapabilitiesEntry(population: Some(60)),
                   doctrine: Some("Offshore balancer")),
    ],
    geography: Contiguity([
        ("A", "B", Land),
        ("B", "C", Sea),
    ]),
    acts: [
        ActEntry(year: 1899.0, actor: "B", target: "C", kind: Attack),
        ActEntry(year: 1899.5, actor: "C", target: "A", kind: PublicClaim, gravity: Some(0.4)),
    ],
    alliances: [AllianceEntry(members: ["A", "C"], kind: Some("Alliance"), since: Some(1899.0))],
)
"##;

/// `THREE` with `from` replaced by `to` (which must be there).
fn with(from: &str, to: &str) -> String {
    assert!(THREE.contains(from), "`{from}` is not in the file");
    THREE.replacen(from, to, 1)
}

/// Loading `text` fails at `line` with a message that says `words`, and `check` says the same.
fn expect_error(text: &str, line: usize, words: &str) {
    let err = StateSystem::from_ron("three.ron", text).expect_err("the file is broken");
    assert_eq!((err.file.as_str(), err.line), ("three.ron", line), "{err}");
    assert!(err.message.contains(words), "`{err}` should say `{words}`");
    assert!(err.to_string().starts_with(&format!("three.ron:{line}: ")));
    assert!(check("three.ron", text).contains(&err), "{err}");
}

#[test]
fn a_good_file_loads_and_checks_clean() {
    let s = StateSystem::from_ron("three.ron", THREE).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(s.len(), 3);
    assert_eq!(s.ledger.len(), 2);
    assert_eq!(s.ledger.acts_of(1)[0].kind, ActKind::Attack);
    assert_eq!(
        s.ties,
        [Tie {
            a: 0,
            b: 2,
            kind: TieKind::Alliance { against: None },
            note: String::new(),
        }]
    );
    // A doctrine is kept by its machine name, however the file spells it.
    assert_eq!(s.actors[2].doctrine, "offshore_balancer");
    assert_eq!(s.actors[1].doctrine, crate::doctrine::DEFAULT);
    assert!(check("three.ron", THREE).is_empty());
}

#[test]
fn a_misspelt_doctrine_is_refused_with_the_known_ones() {
    let text = with("Some(\"defensive_realism\")", "Some(\"defensive_realsm\")");
    expect_error(
        &text,
        7,
        "state `A`: no doctrine `defensive_realsm`; known: ",
    );
    let err = StateSystem::from_ron("three.ron", &text).unwrap_err();
    for name in crate::doctrine::DOCTRINES {
        assert!(err.message.contains(name), "{err} should name {name}");
    }
}

#[test]
fn an_unknown_act_kind_is_refused_at_its_line() {
    let text = with("kind: Attack)", "kind: Invasion)");
    expect_error(&text, 18, "Invasion");
}

#[test]
fn an_unknown_state_is_refused_where_it_is_written() {
    // Each code also stands in `states`: the error is at the act, the border or the tie.
    for (from, to, line) in [
        (
            "actor: \"B\", target: \"C\"",
            "actor: \"B\", target: \"D\"",
            18,
        ),
        (
            "actor: \"C\", target: \"A\"",
            "actor: \"Q\", target: \"A\"",
            19,
        ),
        ("(\"B\", \"C\", Sea)", "(\"B\", \"c\", Sea)", 15),
        ("towards: \"B\"", "towards: \"Z\"", 8),
        ("members: [\"A\", \"C\"]", "members: [\"A\", \"X\"]", 21),
    ] {
        expect_error(&with(from, to), line, "is not one of the states' codes");
    }
}

#[test]
fn every_number_the_analysis_reads_is_checked() {
    let cases = [
        (
            "year: 1900.0",
            "year: NaN",
            4,
            "year must be a number, not NaN",
        ),
        (
            "population: Some(80)",
            "population: Some(-9)",
            9,
            "state `B`: population must be a number of 0 or more, not -9 (leave an unknown figure out)",
        ),
        (
            "military_personnel: Some(10)",
            "military_personnel: Some(inf)",
            6,
            "state `A`: military_personnel must be a number of 0 or more, not inf",
        ),
        (
            "power: 1, proximity: 1, offence: 1, intentions: 1",
            "power: 0, proximity: 0, offence: 0, intentions: 0",
            7,
            "state `A`: at least one threat weight must be above 0",
        ),
        (
            "factor: 1.5",
            "factor: -1.5",
            8,
            "state `A`: bias towards `B`: the factor must be a number of 0 or more, not -1.5",
        ),
        (
            "towards: \"B\"",
            "towards: \"A\"",
            8,
            "state `A`: a bias towards itself means nothing",
        ),
        (
            "(\"B\", \"C\", Sea)",
            "(\"B\", \"B\", Sea)",
            15,
            "geography: `B` borders itself",
        ),
        (
            "ActEntry(year: 1899.0",
            "ActEntry(year: 1901.0",
            18,
            "act by `B` in 1901 is after the system's year 1900",
        ),
        (
            "gravity: Some(0.4)",
            "gravity: Some(1.4)",
            19,
            "act by `C`: gravity 1.4 must be from 0 to 1",
        ),
        (
            "actor: \"C\", target: \"A\"",
            "actor: \"C\", target: \"C\"",
            19,
            "act by `C`: a state acts on itself",
        ),
        (
            "since: Some(1899.0)",
            "since: Some(1950.0)",
            21,
            "alliance of `A`: since 1950 must be a year not after the system's year 1900",
        ),
        (
            "kind: Some(\"Alliance\")",
            "kind: Some(\"Entente\")",
            21,
            "alliance of `A`: kind `Entente` must be `Alliance`, or `Alignment` with two members",
        ),
        (
            "members: [\"A\", \"C\"]",
            "members: [\"A\", \"A\"]",
            21,
            "alliance: `A` is listed twice in one tie",
        ),
        (
            "format: 1",
            "format: 2",
            2,
            "format version 2 is not known; this build reads version 1",
        ),
    ];
    for (from, to, line, words) in cases {
        expect_error(&with(from, to), line, words);
    }
}

#[test]
fn coordinates_and_distances_are_checked_where_written() {
    let contiguity =
        "Contiguity([\n        (\"A\", \"B\", Land),\n        (\"B\", \"C\", Sea),\n    ])";
    let geography = |g: &str| with(contiguity, g);
    let points = "Coordinates([\n        (\"A\", 0, 0),\n        (\"B\", 3, 4),\n        (\"C\", 6, 0),\n    ])";
    assert!(StateSystem::from_ron("three.ron", &geography(points)).is_ok());
    expect_error(
        &geography(&points.replace("(\"B\", 3, 4)", "(\"B\", 3, inf)")),
        15,
        "geography: the point of `B` must be two numbers, not (3, inf)",
    );
    expect_error(
        &geography(&points.replace("(\"C\", 6, 0)", "(\"A\", 6, 0)")),
        16,
        "geography: state `A` has two points",
    );
    let table = "Distances([\n        [0, 1, 2],\n        [1, 0, 1],\n        [2, 1, 0],\n    ])";
    assert!(StateSystem::from_ron("three.ron", &geography(table)).is_ok());
    expect_error(
        &geography(&table.replace("[2, 1, 0]", "[2, 3, 0]")),
        16,
        "the distance from `C` to `B` is 3, but from `B` to `C` it is 1",
    );
    expect_error(
        &geography(&table.replace("[1, 0, 1]", "[1, 0.5, 1]")),
        15,
        "the distance from `B` to itself must be 0",
    );
    expect_error(
        &geography(&table.replace("[0, 1, 2]", "[0, -1, 2]")),
        14,
        "the distance from `A` to `B` must be a number of 0 or more, not -1",
    );
    expect_error(
        &geography(&table.replace("[2, 1, 0]", "[2, 1]")),
        13,
        "the distance matrix must be 3 rows of 3 numbers",
    );
}

#[test]
fn check_names_every_problem_with_its_line() {
    let broken = THREE
        .replace("Some(\"defensive_realism\")", "Some(\"realism\")")
        .replace("target: \"C\", kind: Attack", "target: \"D\", kind: Attack")
        .replace("gravity: Some(0.4)", "gravity: Some(-0.4)");
    let problems = check("three.ron", &broken);
    let said: Vec<String> = problems.iter().map(SystemError::to_string).collect();
    assert_eq!(
        said,
        [
            "three.ron:7: state `A`: no doctrine `realism`; known: balance_of_threat, balance_of_power, offensive_realism, defensive_realism, bandwagoner, collective_security, offshore_balancer",
            "three.ron:18: act: `D` is not one of the states' codes",
            "three.ron:19: act by `C`: gravity -0.4 must be from 0 to 1",
        ]
    );
}

#[test]
fn the_bundled_state_systems_load_and_check_clean() {
    let mut seen = 0;
    for entry in std::fs::read_dir(assets_dir().join("systems")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.display().to_string();
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(check(&name, &text), [], "{name}");
        let s = StateSystem::load(&name).unwrap_or_else(|e| panic!("{e}"));
        assert!(s.len() >= 2 && !s.ledger.is_empty(), "{name}");
        seen += 1;
    }
    assert!(seen >= 2);
}

/// `THREE` with an outsider, a friendly act, an act on the outsider, an alliance against a named
/// state and a tie imposed on a fourth state.
fn with_new_parts() -> String {
    THREE
        .replace(
            "    ],\n    geography:",
            "        StateEntry(code: \"D\", name: \"Dora\", capabilities: CapabilitiesEntry(population: Some(10))),\n    ],\n    geography:",
        )
        .replace(
            "    acts: [",
            "    outsiders: [OutsiderEntry(code: \"X\", name: \"Xenia\", near: [\"B\"])],\n    acts: [\n        ActEntry(year: 1899.2, actor: \"A\", target: \"X\", kind: Attack),\n        ActEntry(year: 1899.3, actor: \"C\", target: \"B\", kind: Aid),",
        )
        .replace(
            "kind: Some(\"Alliance\"), since",
            "kind: Some(\"Alliance\"), against: Some(\"B\"), since",
        )
        .replace(
            "alliances: [",
            "imposed: [ImposedEntry(state: \"D\", by: \"B\", kind: Occupation, note: \"held\")],\n    alliances: [",
        )
}

#[test]
fn outsiders_friendly_acts_named_targets_and_imposed_ties_load() {
    let text = with_new_parts();
    assert_eq!(check("new.ron", &text), []);
    let s = StateSystem::from_ron("new.ron", &text).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(s.len(), 4);
    // The act on the outsider names it, beyond the states.
    let on_outsider = &s.ledger.acts_of(0)[0];
    assert_eq!(on_outsider.target, 4);
    assert_eq!(s.target_name(on_outsider.target), "Xenia");
    assert_eq!(s.ledger.outsider(4).unwrap().near, [1]);
    assert_eq!(s.ledger.acts_of(2)[0].kind, ActKind::Aid);
    assert!(ActKind::Aid.is_friendly() && !ActKind::Attack.is_friendly());
    assert!(s.ties.contains(&Tie {
        a: 0,
        b: 2,
        kind: TieKind::Alliance { against: Some(1) },
        note: String::new(),
    }));
    assert!(s.ties.contains(&Tie {
        a: 3,
        b: 1,
        kind: TieKind::Imposed(Imposition::Occupation),
        note: "held".into(),
    }));
    let start = s.initial_alignments();
    assert_eq!(start.imposed_by(3), Some(1));
    assert!(!start.is_free(3) && start.is_free(0));
    assert_eq!(start.target_of(0, 2), Some(1));
}

#[test]
fn outsiders_imposed_ties_and_targets_are_checked() {
    let good = with_new_parts();
    let cases = [
        (
            "OutsiderEntry(code: \"X\"",
            "OutsiderEntry(code: \"A\"",
            "outsider `A`: the code is one of the states'; an outsider is outside the system",
        ),
        (
            "near: [\"B\"]",
            "near: []",
            "outsider `X`: say which of the system's states it lies near (at least one)",
        ),
        (
            "near: [\"B\"]",
            "near: [\"Q\"]",
            "outsider `X`: near: `Q` is not one of the states' codes",
        ),
        (
            "state: \"D\", by: \"B\"",
            "state: \"D\", by: \"D\"",
            "imposed tie: `D` cannot be imposed on by itself",
        ),
        (
            "state: \"D\", by: \"B\"",
            "state: \"A\", by: \"B\"",
            "imposed tie: `A` is not free, so it cannot also be in a freely chosen alliance or alignment",
        ),
        (
            "against: Some(\"B\")",
            "against: Some(\"C\")",
            "alliance of `A`: a member cannot be what it is against",
        ),
        (
            "target: \"X\", kind: Attack",
            "target: \"Y\", kind: Attack",
            "act: `Y` is not one of the states' codes",
        ),
    ];
    for (from, to, words) in cases {
        assert!(good.contains(from), "{from}");
        let text = good.replacen(from, to, 1);
        let problems = check("new.ron", &text);
        assert!(
            problems
                .iter()
                .any(|p| p.message.contains(words) && p.line > 0),
            "`{words}` not in {problems:?}"
        );
        assert!(StateSystem::from_ron("new.ron", &text).is_err());
    }
}
