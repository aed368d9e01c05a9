//! The loader on small hand-written files, good and broken: every error names the line.

use super::*;

const SMALL: &str = r##"ScenarioFile(
    format: 1,
    id: "small",
    name: "Two islands",
    map: MapFile(
        provinces: [
            ProvinceFile(code: "NOR", name: "Norland", kind: Coast, supply_centre: true),
            ProvinceFile(code: "SOU", name: "Southland", kind: Coast, supply_centre: true, aliases: ["South"]),
            ProvinceFile(code: "MID", name: "Midland", kind: Land),
            ProvinceFile(code: "STR", name: "The Strait", kind: Sea),
            ProvinceFile(code: "BAY", name: "Twin Bay", kind: Coast, coasts: ["NC", "SC"]),
        ],
        army_borders: [("NOR", "MID"), ("MID", "SOU"), ("BAY", "MID")],
        fleet_borders: [("NOR", "STR"), ("STR", "SOU"), ("STR", "BAY/NC"), ("SOU", "BAY/SC")],
    ),
    states: [
        StateFile(code: "NORTH", name: "North", adjective: "Northern", colour: "#0072B2",
                  home_centres: ["NOR"], units: ["F NOR"]),
        StateFile(code: "SOUTH", name: "South", adjective: "Southern", colour: "#D55E00",
                  home_centres: ["SOU"], units: ["A SOU"]),
    ],
    calendar: CalendarFile(start_year: 1900, end_year: Some(1905)),
    victory: VictoryFile(centres: 2),
)
"##;

fn load(text: &str) -> Result<Scenario, ScenarioError> {
    Scenario::from_ron("small.ron", text)
}

#[test]
fn a_good_file_loads_with_its_map_and_units() {
    let s = load(SMALL).expect("loads");
    assert_eq!(s.map.province_count(), 5);
    let nor = s.map.find("norland").unwrap();
    let mid = s.map.find("MID").unwrap();
    assert!(s.map.army_borders(nor, mid) && s.map.army_borders(mid, nor));
    let bay = s.map.find("Twin Bay").unwrap();
    assert_eq!(s.map.province(bay).coasts.len(), 2);
    assert_eq!(s.start.units().count(), 2);
    assert_eq!(s.find_state("northern"), Some(StateId(0)));
    assert_eq!(s.start.centre_count(StateId(1)), 1);
}

fn expect_error(text: &str, line: usize, words: &str) {
    let err = load(text).expect_err("the file is broken");
    assert_eq!(err.file, "small.ron");
    assert_eq!(err.line, line, "line of: {err}");
    assert!(
        err.message.contains(words),
        "`{}` should say `{words}`",
        err.message
    );
    assert!(err.to_string().starts_with(&format!("small.ron:{line}:")));
}

#[test]
fn a_syntax_error_names_its_line() {
    expect_error(&SMALL.replace("kind: Land)", "kind: Land"), 10, "");
}

#[test]
fn an_unknown_field_is_named() {
    expect_error(
        &SMALL.replace("kind: Land)", "kind: Land, colour: 3)"),
        9,
        "colour",
    );
}

#[test]
fn an_unknown_kind_is_named() {
    expect_error(&SMALL.replace("kind: Land)", "kind: Swamp)"), 9, "Swamp");
}

#[test]
fn an_unknown_province_in_a_border_is_named() {
    expect_error(
        &SMALL.replace("(\"MID\", \"SOU\")", "(\"MID\", \"XXX\")"),
        13,
        "XXX",
    );
}

#[test]
fn an_army_border_into_a_sea_is_refused() {
    expect_error(
        &SMALL.replace("(\"MID\", \"SOU\")", "(\"MID\", \"STR\")"),
        13,
        "sea",
    );
}

#[test]
fn a_fleet_border_without_its_coast_is_refused() {
    expect_error(&SMALL.replace("\"BAY/NC\"", "\"BAY\""), 14, "named coasts");
}

#[test]
fn a_unit_that_cannot_stand_there_is_refused() {
    expect_error(
        &SMALL.replace("units: [\"A SOU\"]", "units: [\"F MID\"]"),
        20,
        "inland",
    );
}

#[test]
fn a_home_centre_that_is_not_a_centre_is_refused() {
    expect_error(
        &SMALL.replace("home_centres: [\"SOU\"]", "home_centres: [\"MID\"]"),
        20,
        "not a supply centre",
    );
}

#[test]
fn a_name_used_twice_is_refused() {
    expect_error(
        &SMALL.replace("aliases: [\"South\"]", "aliases: [\"Norland\"]"),
        8,
        "used by both",
    );
}

#[test]
fn a_newer_format_is_refused_with_the_version() {
    expect_error(&SMALL.replace("format: 1", "format: 7"), 2, "version 7");
    // `check` says so too (it said nothing: a fuzz run found loading and checking disagree).
    let problems = Scenario::check("small.ron", &SMALL.replace("format: 1", "format: 0"));
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].line, 2);
    assert!(problems[0].message.contains("version 0"), "{problems:?}");
}

#[test]
fn a_missing_file_is_reported() {
    let err = Scenario::load("/no/such/scenario.ron").unwrap_err();
    assert!(err.message.contains("cannot read"));
}

#[test]
fn generated_worlds_are_valid_seeded_and_fair() {
    for (states, seed) in [(7, 1), (20, 2), (60, 3)] {
        let s = generate::generate(states, seed).expect("a generated world loads");
        assert_eq!(s.states.len(), states);
        assert_eq!(s.start.units().count(), states * 3);
        let again = generate::generate(states, seed).unwrap();
        assert_eq!(s.start, again.start, "same seed, same world");
        let reach = generate::fairness(&s);
        let (min, max) = (reach.iter().min().unwrap(), reach.iter().max().unwrap());
        assert!(*min >= 3, "every state reaches its own centres: {reach:?}");
        assert!(max - min <= 2, "reach spread {min}..{max}: {reach:?}");
        let shapes = s.file.map.shapes.as_ref().unwrap();
        let codes: std::collections::HashSet<&str> =
            shapes.cells.iter().flat_map(|row| row.split(' ')).collect();
        assert_eq!(
            codes.len(),
            s.map.province_count(),
            "the shapes cover every province"
        );
    }
}

#[test]
fn check_names_every_problem_with_its_line() {
    let broken = SMALL
        .replace("(\"MID\", \"SOU\")", "(\"MID\", \"XXX\")")
        .replace("(\"STR\", \"SOU\")", "(\"STR\", \"MID\")")
        .replace("home_centres: [\"SOU\"]", "home_centres: [\"MID\"]")
        .replace("colour: \"#D55E00\"", "colour: \"red\"");
    let problems = Scenario::check("small.ron", &broken);
    let said: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
    for (line, words) in [
        (13, "`XXX`"),
        (14, "inland"),
        (19, "red"),
        (20, "not a supply centre"),
    ] {
        assert!(
            problems
                .iter()
                .any(|p| p.line == line && p.message.contains(words)),
            "no problem at line {line} about {words}: {said:#?}"
        );
    }
    assert!(problems.len() >= 3);
    assert!(Scenario::check("small.ron", SMALL).is_empty());
}

#[test]
fn the_bundled_scenarios_check_clean() {
    for entry in std::fs::read_dir(assets_dir().join("scenarios")).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let problems = Scenario::check(&path.display().to_string(), &text);
        assert!(problems.is_empty(), "{}: {problems:#?}", path.display());
    }
}

/// A scenario with everything the threat model and the computer players read: latent power,
/// doctrines, weights, a bias, an opening alliance and remembered acts.
const THEORY: &str = r##"ScenarioFile(
    format: 1,
    id: "theory",
    name: "Two islands, remembered",
    map: MapFile(
        provinces: [
            ProvinceFile(code: "NOR", name: "Norland", kind: Coast, supply_centre: true),
            ProvinceFile(code: "SOU", name: "Southland", kind: Coast, supply_centre: true),
            ProvinceFile(code: "STR", name: "The Strait", kind: Sea),
        ],
        army_borders: [("NOR", "SOU")],
        fleet_borders: [("NOR", "STR"), ("STR", "SOU")],
    ),
    states: [
        StateFile(code: "NORTH", name: "North", adjective: "Northern", colour: "#0072B2",
                  home_centres: ["NOR"], units: ["F NOR"],
                  latent_power: Some(LatentPowerFile(population: Some(3000.0), industry: Some(12.5))),
                  doctrine: Some("offensive_realism"),
                  threat_weights: Some(ThreatWeightsFile(power: 1, proximity: 1, offence: 1, intentions: 2)),
                  bias: [("SOUTH", 1.5)]),
        StateFile(code: "SOUTH", name: "South", adjective: "Southern", colour: "#D55E00",
                  home_centres: ["SOU"], units: ["A SOU"], doctrine: Some("Balance of power")),
    ],
    calendar: CalendarFile(start_year: 1900, end_year: Some(1905)),
    victory: VictoryFile(centres: 2),
    alliances: [AllianceFile(members: ["NORTH", "South"], kind: Some("Alliance"))],
    history: [
        ActFile(year: 1899, actor: "South", target: "NORTH", act: "PublicClaim", gravity: Some(0.6)),
        ActFile(year: 1898, actor: "northern", target: "SOUTH",
                act: "support_of_attack"),
    ],
)
"##;

/// `THEORY` with `from` replaced by `to` (which must be there).
fn theory_with(from: &str, to: &str) -> String {
    assert!(THEORY.contains(from), "`{from}` is not in the file");
    THEORY.replacen(from, to, 1)
}

#[test]
fn remembered_acts_are_resolved_at_load_and_all_reach_the_ledger() {
    let s = load(THEORY).expect("loads");
    use crate::threat::{Act, ActKind};
    assert_eq!(
        s.history,
        [
            Act {
                time: 1899.0,
                actor: 1,
                target: 0,
                kind: ActKind::PublicClaim,
                gravity: 0.6,
                note: "the claim on North".into(),
            },
            Act {
                time: 1898.0,
                actor: 0,
                target: 1,
                kind: ActKind::SupportOfAttack,
                gravity: ActKind::SupportOfAttack.usual_gravity(),
                note: "the support of an attack on South".into(),
            },
        ]
    );
    let ledger = crate::threat::from_game::scenario_ledger(&s);
    assert_eq!(ledger.len(), 2);
    assert_eq!(ledger.acts_of(1), &s.history[..1]);
    assert!(Scenario::check("small.ron", THEORY).is_empty());
}

#[test]
fn a_misspelt_doctrine_is_refused_with_the_known_ones() {
    let text = theory_with("Some(\"offensive_realism\")", "Some(\"ofensive_realism\")");
    expect_error(
        &text,
        18,
        "state `NORTH`: no doctrine `ofensive_realism`; known: ",
    );
    let err = load(&text).unwrap_err();
    for name in crate::doctrine::DOCTRINES {
        assert!(err.message.contains(name), "{err} should name {name}");
    }
    // Spelt as people write it is fine: `Balance of power` is `balance_of_power`.
    assert!(THEORY.contains("Some(\"Balance of power\")"));
}

#[test]
fn an_unknown_act_kind_is_refused_with_the_known_ones() {
    expect_error(
        &theory_with("act: \"support_of_attack\"", "act: \"Invasion\""),
        30,
        "history: no act `Invasion`; known: Attack, SupportOfAttack, BrokenAlliance, BuildUp, PublicClaim",
    );
}

#[test]
fn an_unknown_state_in_an_act_is_refused() {
    expect_error(
        &theory_with("actor: \"South\"", "actor: \"Sud\""),
        28,
        "history: actor `Sud` is not one of the states",
    );
    expect_error(
        &theory_with("target: \"SOUTH\"", "target: \"WEST\""),
        29,
        "history: target `WEST` is not one of the states",
    );
}

#[test]
fn every_number_and_name_the_engine_reads_later_is_checked() {
    let cases = [
        (
            "population: Some(3000.0)",
            "population: Some(-3000.0)",
            17,
            "state `NORTH`: latent power: population must be a number of 0 or more, not -3000",
        ),
        (
            "industry: Some(12.5)",
            "industry: Some(NaN)",
            17,
            "industry must be a number of 0 or more, not NaN",
        ),
        (
            "intentions: 2)",
            "intentions: -2)",
            19,
            "state `NORTH`: threat weights must be 0 or more",
        ),
        (
            "power: 1, proximity: 1, offence: 1, intentions: 2",
            "power: 0, proximity: 0, offence: 0, intentions: 0",
            19,
            "at least one threat weight must be above 0",
        ),
        (
            "(\"SOUTH\", 1.5)",
            "(\"SOUTH\", inf)",
            20,
            "bias towards `SOUTH`: the factor must be a number of 0 or more, not inf",
        ),
        (
            "(\"SOUTH\", 1.5)",
            "(\"EAST\", 1.5)",
            20,
            "bias towards `EAST`, which is not one of the states",
        ),
        (
            "(\"SOUTH\", 1.5)",
            "(\"Northern\", 1.5)",
            20,
            "a bias towards itself means nothing",
        ),
        (
            "start_year: 1900",
            "start_year: 0",
            24,
            "calendar: start_year 0 must be from 1 to 9999",
        ),
        (
            "end_year: Some(1905)",
            "end_year: Some(1899)",
            24,
            "calendar: end_year 1899 must be from start_year (1900) to 9999",
        ),
        (
            "centres: 2",
            "centres: 0",
            25,
            "victory: centres must be 1 or more",
        ),
        (
            "kind: Some(\"Alliance\")",
            "kind: Some(\"alignment\")",
            26,
            "alliances: kind `alignment` must be `Alliance` or `Alignment`",
        ),
        (
            "members: [\"NORTH\", \"South\"]",
            "members: [\"NORTH\", \"Sud\"]",
            26,
            "alliances: `Sud` is not one of the states",
        ),
        (
            "members: [\"NORTH\", \"South\"]",
            "members: [\"NORTH\", \"Northern\"]",
            26,
            "alliances: `Northern` is listed twice in one tie",
        ),
        (
            "members: [\"NORTH\", \"South\"]",
            "members: [\"NORTH\"]",
            26,
            "alliances: a tie needs two members or more",
        ),
        (
            "gravity: Some(0.6)",
            "gravity: Some(1.6)",
            28,
            "history: gravity 1.6 must be from 0 to 1",
        ),
        (
            "year: 1899",
            "year: 1901",
            28,
            "history: an act of 1901 is after the game's first year, 1900",
        ),
        (
            "target: \"NORTH\"",
            "target: \"Southern\"",
            28,
            "history: `South` acts on itself",
        ),
    ];
    for (from, to, line, words) in cases {
        expect_error(&theory_with(from, to), line, words);
    }
}

#[test]
fn an_alignment_is_a_junior_and_one_patron() {
    let one =
        "alliances: [AllianceFile(members: [\"NORTH\", \"South\"], kind: Some(\"Alliance\"))],";
    let s = load(&theory_with(
        one,
        "alliances: [AllianceFile(members: [\"NORTH\", \"South\"], kind: Some(\"Alignment\"))],",
    ))
    .expect("a junior and its patron load");
    assert_eq!(s.file.alliances.len(), 1);
    expect_error(
        &theory_with(
            one,
            "alliances: [AllianceFile(members: [\"NORTH\", \"South\"], kind: Some(\"Alignment\")),\n        AllianceFile(members: [\"NORTH\", \"South\"], kind: Some(\"Alignment\"))],",
        ),
        27,
        "alliances: `NORTH` is aligned twice; a junior follows one patron",
    );
}

#[test]
fn check_names_every_problem_of_the_theory_with_its_line() {
    let broken = THEORY
        .replace("Some(\"offensive_realism\")", "Some(\"realism\")")
        .replace("act: \"support_of_attack\"", "act: \"Insult\"")
        .replace("actor: \"South\"", "actor: \"Sud\"")
        .replace("gravity: Some(0.6)", "gravity: Some(2.0)");
    let problems = Scenario::check("small.ron", &broken);
    let said: Vec<(usize, &str)> = problems
        .iter()
        .map(|p| (p.line, p.message.as_str()))
        .collect();
    for (line, words) in [
        (18, "no doctrine `realism`"),
        (28, "actor `Sud`"),
        (28, "gravity 2 must be"),
        (30, "no act `Insult`"),
    ] {
        assert!(
            said.iter().any(|(l, m)| *l == line && m.contains(words)),
            "no problem at line {line} about {words}: {said:#?}"
        );
    }
    assert_eq!(problems.len(), 4, "{said:#?}");
}

#[test]
fn every_bundled_scenario_keeps_its_whole_history_and_valid_doctrines() {
    for entry in std::fs::read_dir(assets_dir().join("scenarios")).unwrap() {
        let path = entry.unwrap().path();
        let s = Scenario::load(path.to_str().unwrap()).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(s.history.len(), s.file.history.len(), "{}", path.display());
        for state in &s.file.states {
            if let Some(d) = &state.doctrine {
                assert!(crate::doctrine::by_name(d).is_some(), "{d}");
            }
        }
    }
}

#[test]
fn a_file_says_which_kind_it_is() {
    for (folder, kind) in [
        ("scenarios", FileKind::Scenario),
        ("systems", FileKind::StateSystem),
    ] {
        for entry in std::fs::read_dir(assets_dir().join(folder)).unwrap() {
            let path = entry.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            assert_eq!(FileKind::of(&text), Some(kind), "{}", path.display());
        }
    }
    // Without the struct's name, by a field only one kind has.
    assert_eq!(
        FileKind::of("// a scenario\n(format: 1, id: \"x\", map: (provinces: []))"),
        Some(FileKind::Scenario)
    );
    assert_eq!(
        FileKind::of("(format: 1, geography: Contiguity([]))"),
        Some(FileKind::StateSystem)
    );
    assert_eq!(FileKind::of("(format: 1)"), None);
    assert_eq!(FileKind::of(""), None);
}

/// A bundled scenario that carries a drawing: its name, the bordering province pairs whose cells
/// may be drawn apart, and the provinces that may be drawn in several pieces.
type Drawn = (
    &'static str,
    &'static [(&'static str, &'static str)],
    &'static [&'static str],
);

/// The bundled drawings. Every province is one piece, and every border is drawn but one.
const DRAWN: [Drawn; 2] = [
    ("classic", &[], &[]),
    (
        "balkans-1912",
        // The Strait of Messina is drawn as water joining the Tyrrhenian and the Ionian. Naples and
        // Sicily cannot share an edge as well: the land ring round the Ionian (Italy, the Balkans,
        // Anatolia, the Levant, Africa) closed by Naples-Sicily-Central Med-Tripolitania would cut
        // the Tyrrhenian off from the Ionian, and both borders are real.
        &[("NAP", "SIC")],
        &[],
    ),
];

/// The drawing as rows of provinces, `None` for a cell off the map.
fn painted(s: &Scenario) -> Vec<Vec<Option<ProvinceId>>> {
    let shapes = s.file.map.shapes.as_ref().expect("the scenario has shapes");
    shapes
        .cells
        .iter()
        .map(|row| {
            row.split_whitespace()
                .map(|c| (c != format::OFF_MAP).then(|| s.map.find(c).expect("a known code")))
                .collect()
        })
        .collect()
}

/// How many cell edges each pair of provinces shares (pairs in index order).
fn shared_edges(
    grid: &[Vec<Option<ProvinceId>>],
) -> std::collections::HashMap<(ProvinceId, ProvinceId), usize> {
    let mut edges = std::collections::HashMap::new();
    for (y, row) in grid.iter().enumerate() {
        for (x, &cell) in row.iter().enumerate() {
            let right = row.get(x + 1).copied().flatten();
            let below = grid.get(y + 1).and_then(|r| r[x]);
            for other in [right, below] {
                if let (Some(a), Some(b)) = (cell, other)
                    && a != b
                {
                    *edges.entry((a.min(b), a.max(b))).or_insert(0) += 1;
                }
            }
        }
    }
    edges
}

#[test]
fn every_drawn_province_is_one_piece() {
    for (name, _, pieces) in DRAWN {
        let s = Scenario::load(name).unwrap();
        let grid = painted(&s);
        let (h, w) = (grid.len(), grid[0].len());
        for p in s.map.province_ids() {
            let cells: Vec<(usize, usize)> = (0..h)
                .flat_map(|y| (0..w).map(move |x| (y, x)))
                .filter(|&(y, x)| grid[y][x] == Some(p))
                .collect();
            let mut seen = vec![cells[0]];
            let mut todo = vec![cells[0]];
            while let Some((y, x)) = todo.pop() {
                let near = [
                    (y.wrapping_sub(1), x),
                    (y + 1, x),
                    (y, x.wrapping_sub(1)),
                    (y, x + 1),
                ];
                for n in near {
                    if cells.contains(&n) && !seen.contains(&n) {
                        seen.push(n);
                        todo.push(n);
                    }
                }
            }
            let code = s.map.code(p);
            assert!(
                seen.len() == cells.len() || pieces.contains(&code),
                "{name}: `{code}` is drawn in several pieces ({} of {} cells joined)",
                seen.len(),
                cells.len()
            );
        }
    }
}

#[test]
fn drawn_neighbours_share_an_edge_and_strangers_barely_touch() {
    for (name, undrawn, _) in DRAWN {
        let s = Scenario::load(name).unwrap();
        let edges = shared_edges(&painted(&s));
        let ids: Vec<ProvinceId> = s.map.province_ids().collect();
        for &a in &ids {
            for &b in ids.iter().filter(|&&b| b > a) {
                let (ca, cb) = (s.map.code(a), s.map.code(b));
                let n = edges.get(&(a, b)).copied().unwrap_or(0);
                if s.map.borders_any(a, b) {
                    assert!(
                        n > 0 || undrawn.contains(&(ca, cb)) || undrawn.contains(&(cb, ca)),
                        "{name}: `{ca}` and `{cb}` border each other but their cells never touch"
                    );
                } else {
                    assert!(
                        n <= 2,
                        "{name}: `{ca}` and `{cb}` do not border each other but share {n} cell edges"
                    );
                }
            }
        }
    }
}

#[test]
fn small_drawn_provinces_still_get_room() {
    for (name, _, _) in DRAWN {
        let s = Scenario::load(name).unwrap();
        let grid = painted(&s);
        for p in s.map.province_ids() {
            let n = grid.iter().flatten().filter(|&&c| c == Some(p)).count();
            assert!(n >= 6, "{name}: `{}` has only {n} cells", s.map.code(p));
        }
    }
}

/// The loader builds the map once: names first, borders added to the same map. Its borders are
/// the file's, and connecting them again (as a second build would) changes nothing.
#[test]
fn the_map_is_built_once_with_the_files_borders() {
    for scenario in [
        load(SMALL).expect("the small file loads"),
        Scenario::classic(),
    ] {
        let map = &scenario.map;
        let mut army = Vec::new();
        let mut fleet = Vec::new();
        for p in map.province_ids() {
            army.extend(
                map.army_neighbours(p)
                    .iter()
                    .filter(|&&q| p < q)
                    .map(|&q| (p, q)),
            );
        }
        for l in 0..map.locations.len() {
            let l = LocId(l as u16);
            fleet.extend(
                map.fleet_neighbours(l)
                    .iter()
                    .filter(|&&m| l < m)
                    .map(|&m| (l, m)),
            );
        }
        let mut again = map.clone();
        again.connect(&army, &fleet);
        assert_eq!(format!("{again:?}"), format!("{map:?}"));
    }
    let small = load(SMALL).unwrap();
    let map = &small.map;
    let id = |name: &str| map.find(name).unwrap();
    let (nor, sou, mid, str_, bay) = (id("NOR"), id("SOU"), id("MID"), id("STR"), id("BAY"));
    assert_eq!(map.army_neighbours(mid), &[nor, sou, bay][..]);
    assert_eq!(map.army_neighbours(nor), &[mid][..]);
    assert_eq!(map.fleet_neighbours(str_.loc()).len(), 3);
    assert_eq!(map.hops(nor, sou), 2);
    assert_eq!(map.hops(nor, bay), 2);
    assert_eq!(map.hops(str_, mid), 2);
    assert_eq!(map.hops(bay, bay), 0);
}
