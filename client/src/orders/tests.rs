use super::*;
use entente_shared::protocol::{DislodgedView, UnitView};

fn unit(state: &str, kind: char, at: &str) -> UnitView {
    UnitView {
        state: state.into(),
        kind,
        at: at.into(),
    }
}

fn board() -> Board {
    Board {
        units: vec![
            unit("FRANCE", 'A', "PAR"),
            unit("FRANCE", 'A', "MAR"),
            unit("FRANCE", 'F', "BRE"),
            unit("ENGLAND", 'F', "NTH"),
            unit("ENGLAND", 'A', "LON"),
            unit("GERMANY", 'A', "MUN"),
            unit("RUSSIA", 'F', "BOT"),
        ],
        ..Board::default()
    }
}

fn clicks(me: &str, phase: &str, board: &Board, mode: Mode, seq: &[&str]) -> (Builder, Vec<Click>) {
    let s = Scenario::load("classic").unwrap();
    let ctx = Context {
        scenario: &s,
        board,
        phase,
        me,
    };
    let mut b = Builder::default();
    b.set_mode(mode);
    let out = seq.iter().map(|p| b.click(p, &ctx)).collect();
    (b, out)
}

fn parses(order: &str) {
    let s = Scenario::load("classic").unwrap();
    s.parse_order(order)
        .unwrap_or_else(|e| panic!("`{order}` does not parse: {e}"));
}

#[test]
fn a_unit_then_a_province_is_a_move_and_the_unit_itself_a_hold() {
    let b = board();
    let (builder, out) = clicks("FRANCE", "S1901M", &b, Mode::Move, &["PAR", "BUR"]);
    assert_eq!(out[0], Click::Chosen("A PAR".into()));
    assert_eq!(out[1], Click::Order("A PAR - BUR".into()));
    assert_eq!(builder.pending, ["A PAR - BUR"]);
    let (_, out) = clicks("FRANCE", "S1901M", &b, Mode::Move, &["MAR", "MAR"]);
    assert_eq!(out[1], Click::Order("A MAR H".into()));
    for o in ["A PAR - BUR", "A MAR H"] {
        parses(o);
    }
}

#[test]
fn foreign_units_and_empty_provinces_give_hints_not_orders() {
    let b = board();
    let (builder, out) = clicks("FRANCE", "S1901M", &b, Mode::Move, &["MUN", "BUR"]);
    assert!(matches!(&out[0], Click::Hint(h) if h.contains("GERMANY")));
    assert!(matches!(&out[1], Click::Hint(h) if h.contains("no unit")));
    assert!(builder.pending.is_empty());
}

#[test]
fn support_mode_gives_support_of_a_move_or_of_a_hold() {
    let b = board();
    let (_, out) = clicks(
        "FRANCE",
        "S1901M",
        &b,
        Mode::Support,
        &["MAR", "PAR", "BUR"],
    );
    assert_eq!(out[2], Click::Order("A MAR S A PAR - BUR".into()));
    let (_, out) = clicks(
        "FRANCE",
        "S1901M",
        &b,
        Mode::Support,
        &["MAR", "PAR", "PAR"],
    );
    assert_eq!(out[2], Click::Order("A MAR S A PAR".into()));
    // Support of another state's unit.
    let (_, out) = clicks(
        "FRANCE",
        "S1901M",
        &b,
        Mode::Support,
        &["PAR", "MUN", "BUR"],
    );
    assert_eq!(out[2], Click::Order("A PAR S A MUN - BUR".into()));
    for o in [
        "A MAR S A PAR - BUR",
        "A MAR S A PAR",
        "A PAR S A MUN - BUR",
    ] {
        parses(o);
    }
}

#[test]
fn convoy_mode_needs_a_fleet_and_an_army() {
    let b = board();
    let (_, out) = clicks(
        "ENGLAND",
        "S1901M",
        &b,
        Mode::Convoy,
        &["NTH", "LON", "BEL"],
    );
    assert_eq!(out[2], Click::Order("F NTH C A LON - BEL".into()));
    parses("F NTH C A LON - BEL");
    let (_, out) = clicks("ENGLAND", "S1901M", &b, Mode::Convoy, &["LON"]);
    assert!(matches!(&out[0], Click::Hint(h) if h.contains("fleet")));
    let (_, out) = clicks("FRANCE", "S1901M", &b, Mode::Convoy, &["BRE", "NTH"]);
    assert!(matches!(&out[1], Click::Hint(h) if h.contains("armies")));
}

#[test]
fn fleets_entering_a_province_with_coasts_name_the_coast() {
    let b = board();
    let (_, out) = clicks("RUSSIA", "S1901M", &b, Mode::Move, &["BOT", "STP"]);
    assert_eq!(out[1], Click::Order("F BOT - STP/SC".into()));
    parses("F BOT - STP/SC");
}

#[test]
fn a_new_order_for_a_unit_replaces_its_old_one_and_typing_is_checked() {
    let s = Scenario::load("classic").unwrap();
    let mut b = Builder::default();
    b.put("A PAR - BUR".into());
    b.put("A MAR H".into());
    b.put("A PAR - PIC".into());
    assert_eq!(b.pending, ["A PAR - PIC", "A MAR H"]);
    let typed = b.type_order("a par s a mar", &s).unwrap();
    assert_eq!(b.pending.len(), 2);
    assert!(typed.starts_with("A PAR S"), "{typed}");
    assert!(b.type_order("A XYZ - BUR", &s).is_err());
    assert!(b.type_order("", &s).is_err());
    b.type_order("WAIVE", &s).unwrap();
    b.type_order("WAIVE", &s).unwrap();
    assert_eq!(b.pending.len(), 4, "waives do not replace each other");
    b.remove(0);
    b.remove(99);
    assert_eq!(b.pending.len(), 3);
}

#[test]
fn retreats_and_winter_orders_from_clicks() {
    let mut b = board();
    b.dislodged = vec![DislodgedView {
        unit: unit("FRANCE", 'A', "BUR"),
        retreats: vec!["GAS".into()],
    }];
    let (_, out) = clicks("FRANCE", "F1901R", &b, Mode::Move, &["BUR", "GAS"]);
    assert_eq!(out[1], Click::Order("A BUR R GAS".into()));
    let (_, out) = clicks("FRANCE", "F1901R", &b, Mode::Move, &["BUR", "BUR"]);
    assert_eq!(out[1], Click::Order("A BUR D".into()));
    parses("A BUR R GAS");
    let mut w = board();
    w.units.retain(|u| u.at != "PAR");
    w.adjustments = vec![("FRANCE".into(), 1), ("ENGLAND".into(), -1)];
    let (_, out) = clicks("FRANCE", "W1901A", &w, Mode::Move, &["PAR"]);
    assert_eq!(out[0], Click::Order("A PAR B".into()));
    let (_, out) = clicks("FRANCE", "W1901A", &w, Mode::Move, &["MAR"]);
    assert!(matches!(&out[0], Click::Hint(_)));
    let (_, out) = clicks("ENGLAND", "W1901A", &w, Mode::Move, &["LON"]);
    assert_eq!(out[0], Click::Order("A LON D".into()));
    parses("A PAR B");
}

#[test]
fn orders_read_back_into_arrows() {
    assert_eq!(
        arrow("A PAR - BUR"),
        Some(Arrow::Move {
            from: "PAR".into(),
            to: "BUR".into()
        })
    );
    assert_eq!(
        arrow("F BOT - STP/SC"),
        Some(Arrow::Move {
            from: "BOT".into(),
            to: "STP".into()
        })
    );
    assert_eq!(
        arrow("A MAR S A PAR - BUR"),
        Some(Arrow::SupportMove {
            from: "MAR".into(),
            of: "PAR".into(),
            to: "BUR".into()
        })
    );
    assert_eq!(
        arrow("A MAR S A PAR"),
        Some(Arrow::SupportHold {
            from: "MAR".into(),
            of: "PAR".into()
        })
    );
    assert_eq!(
        arrow("F NTH C A LON - BEL"),
        Some(Arrow::Convoy {
            from: "NTH".into(),
            of: "LON".into(),
            to: "BEL".into()
        })
    );
    assert_eq!(arrow("A PAR H"), Some(Arrow::Hold { at: "PAR".into() }));
    assert_eq!(arrow("A PAR B"), Some(Arrow::Build { at: "PAR".into() }));
    assert_eq!(arrow("WAIVE"), None);
    assert_eq!(order_key("F STP/SC - BOT"), Some("STP".into()));
    assert_eq!(order_key("WAIVE"), None);
}

/// The board as the server shows it for a game of the shared rules.
fn board_of(game: &Game) -> Board {
    let s = game.scenario();
    let map = &s.map;
    let p = game.position();
    let view = |u: &Unit| UnitView {
        state: s.states[u.state.index()].code.clone(),
        kind: u.kind.letter(),
        at: map.loc_name(u.loc),
    };
    Board {
        units: p.units().map(|(_, u)| view(&u)).collect(),
        centres: map
            .province_ids()
            .filter_map(|q| {
                p.owners[q.index()]
                    .map(|o| (map.code(q).to_string(), s.states[o.index()].code.clone()))
            })
            .collect(),
        dislodged: p
            .dislodged
            .iter()
            .map(|d| DislodgedView {
                unit: view(&d.unit),
                retreats: d.retreats.iter().map(|l| map.loc_name(*l)).collect(),
            })
            .collect(),
        adjustments: vec![],
    }
}

#[test]
fn orders_are_checked_locally_with_the_reason_the_rules_give_the_server() {
    let s = Arc::new(Scenario::load("classic").unwrap());
    let game = Game::new(s.clone());
    let board = board_of(&game);
    let germany = s.find_state("GERMANY").unwrap();
    let orders: Vec<String> = [
        "A BER - PAR", // too far
        "A BER - KIE", // fine
        "A PAR - BUR", // not Germany's unit
        "F KIE - MUN", // a fleet inland
        "A MUN S A BER - KIE",
        "A MUN - BOH",
        "F KIE - BER", // Berlin is being left: legal to order
    ]
    .iter()
    .map(|o| o.to_string())
    .collect();
    let local = check_orders(&s, &board, "S1901M", "GERMANY", &orders);
    // The server's game: the same rules on its own copy, order by order.
    let mut real = Game::new(s.clone());
    for (text, got) in orders.iter().zip(&local) {
        let want = match s.parse_order(text) {
            Ok(o) => real
                .submit_order(germany, &o)
                .map(|_| o.display(&s.map).to_string())
                .map_err(|e| e.to_string()),
            Err(e) => Err(e.to_string()),
        };
        assert_eq!(got, &want, "{text}");
    }
    assert!(local[0].is_err(), "A BER - PAR must be refused");
    assert!(local[1].is_ok());
    assert!(local[2].as_ref().unwrap_err().len() > 5);
    // The refusal of one order in a list, as the order panel asks it.
    let pending = vec!["A BER - KIE".to_string(), "A BER - PAR".to_string()];
    assert!(refusal(&s, &board, "S1901M", "GERMANY", &pending, "A BER - KIE").is_none());
    assert_eq!(
        refusal(&s, &board, "S1901M", "GERMANY", &pending, "A BER - PAR"),
        local[0].clone().err()
    );
    // Outside a phase, nothing is accepted.
    assert!(check_orders(&s, &board, "", "GERMANY", &orders)[1].is_err());
}

#[test]
fn outcomes_are_told_in_a_students_words_from_their_kind() {
    use entente_shared::rules::Failure;
    assert_eq!(outcome_words("A PAR - BUR", &Outcome::Succeeded), "moved");
    assert_eq!(outcome_words("A PAR H", &Outcome::Succeeded), "held");
    assert_eq!(
        outcome_words("A MAR S A PAR - BUR", &Outcome::Succeeded),
        "supported"
    );
    assert_eq!(
        outcome_words("A PAR - BUR", &Outcome::Failed(Failure::Bounced)),
        "bounced"
    );
    assert_eq!(
        outcome_words("A MAR S A PAR", &Outcome::Failed(Failure::Cut)),
        "support cut"
    );
    assert!(
        outcome_words("A X - Y", &Outcome::Illegal("no such unit".into())).contains("no such unit")
    );
    assert_eq!(order_unit("F STP/SC - BOT"), Some("F STP/SC".into()));
}
