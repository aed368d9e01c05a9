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
