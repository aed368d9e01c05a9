//! The threat model and the doctrines on canonical situations, each a small state system written
//! as a file, as a researcher would write it.

use entente_shared::alignment::{Action, Alignments, Stance, settle};
use entente_shared::doctrine::by_name;
use entente_shared::threat::{Act, ActKind, StateSystem, ThreatMatrix};

/// A state system from a few lines: `(code, power)` states, land borders, acts.
fn world(states: &[(&str, f64)], borders: &[(&str, &str)], acts: &str, year: f64) -> StateSystem {
    let borders_text: Vec<String> = borders
        .iter()
        .map(|(a, b)| format!(r#"("{a}", "{b}", Land)"#))
        .collect();
    system(
        states,
        &format!("Contiguity([{}])", borders_text.join(", ")),
        acts,
        year,
    )
}

/// The same with states placed on a line at the given positions (1 = neighbours).
fn world_on_line(states: &[(&str, f64, f64)], acts: &str, year: f64) -> StateSystem {
    let points: Vec<String> = states
        .iter()
        .map(|(c, _, x)| format!(r#"("{c}", {x:.1}, 0.0)"#))
        .collect();
    let powers: Vec<(&str, f64)> = states.iter().map(|(c, p, _)| (*c, *p)).collect();
    system(
        &powers,
        &format!("Coordinates([{}])", points.join(", ")),
        acts,
        year,
    )
}

fn system(states: &[(&str, f64)], geography: &str, acts: &str, year: f64) -> StateSystem {
    let states_text: Vec<String> = states
        .iter()
        .map(|(code, power)| {
            format!(
                r#"StateEntry(code: "{code}", name: "{code}", capabilities: CapabilitiesEntry(military_personnel: Some({power}), population: Some({power})))"#
            )
        })
        .collect();
    let text = format!(
        "StateSystemFile(format: 1, name: \"test\", year: {year}, states: [{}], geography: {geography}, acts: [{acts}])",
        states_text.join(", "),
    );
    StateSystem::from_ron("test.ron", &text).unwrap_or_else(|e| panic!("{e}"))
}

/// Every decision's sentence, round by round (to show why an assertion failed).
fn sentences(s: &entente_shared::alignment::Settlement) -> Vec<&String> {
    s.rounds
        .iter()
        .flat_map(|r| &r.decisions)
        .map(|d| &d.sentence)
        .collect()
}

fn index(system: &StateSystem, code: &str) -> usize {
    system.find(code).unwrap()
}

/// Alliances formed (by anybody) against `target` in the settled world.
fn balanced_against(system: &StateSystem, doctrine: &str, target: &str) -> bool {
    let s = settle(
        system,
        Alignments::new(system.len()),
        Some(by_name(doctrine).unwrap()),
    );
    let t = index(system, target);
    s.rounds
        .iter()
        .flat_map(|r| &r.decisions)
        .any(|d| matches!(d.action, Action::ProposeAlliance { against, .. } if against == t))
        && s.alignments
            .blocs()
            .iter()
            .any(|b| b.len() >= 2 && !b.contains(&t))
}

/// A strong state far away that has done nothing: balance of threat leaves it alone, balance of
/// power balances against it.
#[test]
fn a_strong_distant_peaceful_state_is_balanced_only_under_balance_of_power() {
    // A big power (GIANT) far from three middling states in a row.
    let w = world_on_line(
        &[
            ("GIANT", 500.0, 10.0),
            ("A", 100.0, 0.0),
            ("B", 100.0, 1.0),
            ("C", 100.0, 2.0),
        ],
        "",
        1900.0,
    );
    assert!(!balanced_against(&w, "balance_of_threat", "GIANT"));
    assert!(balanced_against(&w, "balance_of_power", "GIANT"));
}

/// A weak state beside an overwhelming aggressor bandwagons when nobody will stand with it, and
/// balances when a partner is to be had.
#[test]
fn a_weak_state_bandwagons_alone_and_balances_with_partners() {
    let attack = |target: &str| {
        format!(
            r#"ActEntry(year: 1899, actor: "BIG", target: "{target}", kind: Attack, note: "the invasion of {target}")"#
        )
    };
    // Alone: FAR is distant and unthreatened, so it refuses.
    let alone = world_on_line(
        &[
            ("BIG", 900.0, 0.0),
            ("SMALL", 50.0, 1.0),
            ("FAR", 50.0, 8.0),
        ],
        &attack("SMALL"),
        1900.0,
    );
    let s = settle(&alone, Alignments::new(alone.len()), None);
    let (small, big) = (index(&alone, "SMALL"), index(&alone, "BIG"));
    assert_eq!(
        s.alignments.patron(small),
        Some(big),
        "SMALL bandwagons with BIG"
    );
    let d = s.rounds[0]
        .decisions
        .iter()
        .find(|d| d.state == small)
        .unwrap();
    assert_eq!(d.stance, Stance::Bandwagoning);
    assert!(d.sentence.contains("aligns with BIG"), "{}", d.sentence);

    // With a partner: MID also borders BIG and was attacked too.
    let together = world(
        &[("BIG", 900.0), ("SMALL", 50.0), ("MID", 300.0)],
        &[("BIG", "SMALL"), ("BIG", "MID"), ("SMALL", "MID")],
        &format!("{}, {}", attack("SMALL"), attack("MID")),
        1900.0,
    );
    let s = settle(&together, Alignments::new(together.len()), None);
    let (small, mid) = (index(&together, "SMALL"), index(&together, "MID"));
    assert_eq!(s.alignments.patron(small), None);
    assert!(
        s.alignments.in_alliance(small, mid),
        "SMALL and MID balance together"
    );
}

/// Two middle states facing an aggressive neighbour ally with each other.
#[test]
fn two_middle_states_ally_against_an_aggressive_neighbour() {
    let w = world(
        &[("AGG", 300.0), ("M1", 150.0), ("M2", 150.0), ("FAR", 400.0)],
        &[("AGG", "M1"), ("AGG", "M2"), ("M1", "M2")],
        r#"ActEntry(year: 1899, actor: "AGG", target: "M1", kind: Attack)"#,
        1900.0,
    );
    let s = settle(&w, Alignments::new(w.len()), None);
    let (m1, m2, agg, far) = (
        index(&w, "M1"),
        index(&w, "M2"),
        index(&w, "AGG"),
        index(&w, "FAR"),
    );
    assert!(s.alignments.in_alliance(m1, m2));
    assert!(!s.alignments.are_allied(m1, agg) && !s.alignments.are_allied(m2, agg));
    // The sentence names the threat and the act behind it.
    let d = s.rounds[0]
        .decisions
        .iter()
        .find(|d| d.state == m1 && matches!(d.action, Action::ProposeAlliance { .. }))
        .expect("M1 proposes");
    assert!(
        d.sentence.contains("AGG threatens M1 most"),
        "{}",
        d.sentence
    );
    assert!(d.sentence.contains("attack on M1"), "{}", d.sentence);
    assert!(d.sentence.contains("= power"), "{}", d.sentence);
    // The distant strong state is nobody's target.
    assert!(
        !s.alignments
            .bloc_of(far)
            .iter()
            .any(|&k| k == m1 || k == agg)
    );
}

/// One act of aggression raises the aggressor's threat in every observer's eyes, most in the
/// victim's, and the memory fades with time, by the act's gravity: a war is remembered for
/// decades, an incident for a few years.
#[test]
fn aggression_raises_threat_for_every_observer_and_fades() {
    let states = [("A", 100.0), ("B", 100.0), ("C", 100.0), ("D", 100.0)];
    let borders = [("A", "B"), ("B", "C"), ("C", "D")];
    let calm = world(&states, &borders, "", 1900.0);
    let act = r#"ActEntry(year: 1900, actor: "A", target: "B", kind: Attack)"#;
    let angry = world(&states, &borders, act, 1900.0);
    let none = Alignments::new(4);
    let before = ThreatMatrix::compute(&calm, &none);
    let after = ThreatMatrix::compute(&angry, &none);
    let a = 0;
    let mut rises = Vec::new();
    for observer in 1..4 {
        let rise = after.threat(observer, a) - before.threat(observer, a);
        assert!(rise > 0.0, "observer {observer} sees A as more threatening");
        rises.push(rise);
    }
    assert!(
        rises[0] > rises[1] && rises[1] >= rises[2],
        "the victim most: {rises:?}"
    );
    // Others' threats do not change.
    assert_eq!(after.threat(1, 2), before.threat(1, 2));
    // Ten years on, the war is still remembered, though less.
    let later = world(&states, &borders, act, 1910.0);
    let faded = ThreatMatrix::compute(&later, &none);
    assert!(faded.threat(1, a) < after.threat(1, a));
    assert!(faded.parts(1, a).intentions > 0.7 * after.parts(1, a).intentions);
    // A border incident of the same year is nearly forgotten.
    let incident =
        r#"ActEntry(year: 1900, actor: "A", target: "B", kind: Attack, gravity: Some(0.2))"#;
    let fresh = ThreatMatrix::compute(&world(&states, &borders, incident, 1900.0), &none);
    let old = ThreatMatrix::compute(&world(&states, &borders, incident, 1910.0), &none);
    assert!(old.parts(1, a).intentions < 0.2 * fresh.parts(1, a).intentions);
}

/// A broken alliance is remembered by third parties: the breaker's intentions rise for all.
#[test]
fn a_broken_alliance_is_remembered_by_third_parties() {
    let states = [("A", 100.0), ("B", 100.0), ("C", 100.0)];
    let borders = [("A", "B"), ("B", "C")];
    let mut w = world(&states, &borders, "", 1900.0);
    let none = Alignments::new(3);
    let before = ThreatMatrix::compute(&w, &none).parts(2, 0).intentions;
    w.ledger.record(Act {
        time: 1900.0,
        actor: 0,
        target: 1,
        kind: ActKind::BrokenAlliance,
        gravity: ActKind::BrokenAlliance.usual_gravity(),
        note: "A's betrayal of B".into(),
    });
    let after = ThreatMatrix::compute(&w, &none);
    assert_eq!(before, 0.0);
    assert!(
        after.parts(2, 0).intentions > 0.3,
        "C remembers: {}",
        after.parts(2, 0).intentions
    );
    let report = entente_shared::threat::report(&w, &none, 2, 0);
    assert_eq!(report.acts[0].0.note, "A's betrayal of B");
}

/// Misperception: a state that over-rates a neighbour balances against it first.
#[test]
fn a_bias_changes_whom_a_state_fears() {
    let text = |bias: &str| {
        format!(
            r#"StateSystemFile(format: 1, name: "bias", year: 1900,
            states: [
                StateEntry(code: "ME", name: "Me", capabilities: CapabilitiesEntry(population: Some(100.0)) {bias}),
                StateEntry(code: "L", name: "Left", capabilities: CapabilitiesEntry(population: Some(100.0))),
                StateEntry(code: "R", name: "Right", capabilities: CapabilitiesEntry(population: Some(101.0))),
            ],
            geography: Contiguity([("ME", "L", Land), ("ME", "R", Land)]))"#
        )
    };
    let plain = StateSystem::from_ron("a.ron", &text("")).unwrap();
    let biased = StateSystem::from_ron(
        "b.ron",
        &text(r#", bias: [BiasEntry(towards: "L", factor: 1.5)]"#),
    )
    .unwrap();
    let none = Alignments::new(3);
    assert_eq!(
        ThreatMatrix::compute(&plain, &none).greatest(0).unwrap().0,
        2
    );
    assert_eq!(
        ThreatMatrix::compute(&biased, &none).greatest(0).unwrap().0,
        1
    );
}

/// Each doctrine decides by its own lights on the same world.
#[test]
fn doctrines_differ_on_the_same_world() {
    let w = world(
        &[("AGG", 300.0), ("M1", 150.0), ("M2", 150.0), ("FAR", 400.0)],
        &[("AGG", "M1"), ("AGG", "M2"), ("M1", "M2")],
        r#"ActEntry(year: 1899, actor: "AGG", target: "M1", kind: Attack)"#,
        1900.0,
    );
    let m1 = index(&w, "M1");
    let target_of = |doctrine: &str| {
        let s = settle(
            &w,
            Alignments::new(w.len()),
            Some(by_name(doctrine).unwrap()),
        );
        s.rounds[0].decisions[m1].clone()
    };
    // Balance of power aims at the strongest (FAR), balance of threat at the aggressor.
    let bop = target_of("balance_of_power");
    let bot = target_of("balance_of_threat");
    let far = index(&w, "FAR");
    let agg = index(&w, "AGG");
    assert!(
        matches!(bop.action, Action::ProposeAlliance { against, .. } if against == far),
        "{}",
        bop.sentence
    );
    assert!(
        matches!(bot.action, Action::ProposeAlliance { against, .. } if against == agg),
        "{}",
        bot.sentence
    );
    // Collective security answers the aggressor too; a bandwagoner follows it.
    let cs = target_of("collective_security");
    assert!(
        matches!(cs.action, Action::ProposeAlliance { against, .. } if against == agg),
        "{}",
        cs.sentence
    );
    let bw = target_of("bandwagoner");
    assert!(
        matches!(bw.action, Action::Bandwagon { with } if with == agg),
        "{}",
        bw.sentence
    );
    for name in entente_shared::doctrine::DOCTRINES {
        let d = target_of(name);
        assert!(!d.sentence.is_empty() && d.doctrine == name);
    }
}

/// The game's board is a state system too: an attack on Venice shows in Italy's view of Austria,
/// and the reason names it.
#[test]
fn a_game_phase_becomes_acts_and_threats() {
    use entente_shared::rules::Game;
    use entente_shared::scenario::Scenario;
    use entente_shared::threat::from_game::{acts_of_phase, from_game, phase_time};
    use entente_shared::threat::{Ledger, report};
    use std::sync::Arc;

    let scenario = Arc::new(Scenario::classic());
    let mut game = Game::new(scenario.clone());
    let austria = scenario.find_state("Austria").unwrap();
    let italy = scenario.find_state("Italy").unwrap();
    game.submit(austria, "F TRI - VEN").unwrap();
    game.submit(austria, "A VIE - TYR").unwrap();
    let before = game.clone();
    let phase = game.resolve();
    let acts = acts_of_phase(&before, &phase);
    assert_eq!(acts.len(), 1, "{acts:?}");
    assert_eq!(
        (acts[0].actor, acts[0].target),
        (austria.index(), italy.index())
    );
    assert_eq!(acts[0].kind, ActKind::Attack);
    assert!(acts[0].note.contains("Venice"));

    let mut ledger = Ledger::new(scenario.states.len());
    let quiet = from_game(&game, ledger.clone(), phase_time(game.phase()));
    for a in acts {
        ledger.record(a);
    }
    let system = from_game(&game, ledger, phase_time(game.phase()));
    let none = Alignments::new(system.len());
    let (a, i) = (austria.index(), italy.index());
    let calm = ThreatMatrix::compute(&quiet, &none).threat(i, a);
    let angry = ThreatMatrix::compute(&system, &none).threat(i, a);
    assert!(angry > calm + 0.05, "{calm} -> {angry}");
    let r = report(&system, &none, i, a);
    let clause = entente_shared::alignment::threat_clause(&system, &r, "most");
    assert!(
        clause.starts_with("Austria threatens Italy most ("),
        "{clause}"
    );
    assert!(
        clause.contains("after the attack on Venice in 1901"),
        "{clause}"
    );
}

/// The guide's worked example says what the theory predicts; the file must do what it says.
#[test]
fn the_guides_worked_example_behaves_as_described() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../assets/systems/four-states.ron"
    );
    let system = StateSystem::load(path).unwrap_or_else(|e| panic!("{e}"));
    let s = settle(&system, Alignments::new(system.len()), None);
    let (aur, bor, ces, drk) = (
        index(&system, "AUR"),
        index(&system, "BOR"),
        index(&system, "CES"),
        index(&system, "DRK"),
    );
    // Borvia and Cestria ally against Drakonia, the aggressor; nobody balances against Aurelia,
    // the strong, distant, status-quo power, and Aurelia stays out: Drakonia's attack on a
    // stranger across the sea makes it no threat worth an alliance to Aurelia.
    assert_eq!(s.ending, entente_shared::alignment::Ending::Settled);
    assert!(s.alignments.in_alliance(bor, ces));
    assert_eq!(s.alignments.camps(), vec![(Some(drk), vec![bor, ces])]);
    assert!(s.alignments.partners(aur).is_empty());
    // Balance of power turns the three continental states against Aurelia instead.
    let bop = settle(
        &system,
        Alignments::new(system.len()),
        by_name("balance_of_power"),
    );
    assert_eq!(
        bop.alignments.camps(),
        vec![(Some(aur), vec![bor, ces, drk])]
    );
}

/// Ties written in the file are where the states start from; a broken kind is named.
#[test]
fn ties_in_the_file_are_the_starting_point() {
    let text = |alliances: &str| {
        format!(
            r#"StateSystemFile(format: 1, name: "ties", year: 1900,
            states: [
                StateEntry(code: "A", name: "A", capabilities: CapabilitiesEntry(population: Some(100.0))),
                StateEntry(code: "B", name: "B", capabilities: CapabilitiesEntry(population: Some(100.0))),
            ],
            geography: Contiguity([("A", "B", Land)]),
            alliances: [{alliances}])"#
        )
    };
    let s = StateSystem::from_ron(
        "t.ron",
        &text(r#"AllianceEntry(members: ["A", "B"], kind: Some("Alliance"))"#),
    )
    .unwrap();
    assert!(s.initial_alignments().in_alliance(0, 1));
    let e = StateSystem::from_ron(
        "t.ron",
        &text(r#"AllianceEntry(members: ["A", "B"], kind: Some("Pact"))"#),
    )
    .unwrap_err();
    assert!(e.message.contains("Pact") && e.line > 0, "{e}");
    let e =
        StateSystem::from_ron("t.ron", &text(r#"AllianceEntry(members: ["A", "Q"])"#)).unwrap_err();
    assert!(e.message.contains("`Q`"), "{e}");
}

/// A bandwagoner threatened enough to follow somebody follows the strongest state that threatens
/// it, not the nearest bully: the side of the stronger.
#[test]
fn a_bandwagoner_follows_the_strongest_state_that_threatens_it() {
    // BULLY next door attacked SMALL; GIANT, two steps away, only pressed a claim on it.
    let w = world_on_line(
        &[
            ("BULLY", 200.0, 0.0),
            ("SMALL", 50.0, 1.0),
            ("GIANT", 800.0, 4.0),
        ],
        r#"ActEntry(year: 1899, actor: "BULLY", target: "SMALL", kind: Attack), ActEntry(year: 1899, actor: "GIANT", target: "SMALL", kind: PublicClaim)"#,
        1900.0,
    );
    let (small, bully, giant) = (index(&w, "SMALL"), index(&w, "BULLY"), index(&w, "GIANT"));
    let threats = ThreatMatrix::compute(&w, &Alignments::new(w.len()));
    assert!(
        threats.threat(small, bully) > threats.threat(small, giant),
        "BULLY threatens SMALL most ({:.2} against {:.2})",
        threats.threat(small, bully),
        threats.threat(small, giant)
    );
    let s = settle(
        &w,
        Alignments::new(w.len()),
        Some(by_name("bandwagoner").unwrap()),
    );
    assert_eq!(
        s.alignments.patron(small),
        Some(giant),
        "SMALL follows GIANT; rounds: {:?}",
        s.rounds[0]
            .decisions
            .iter()
            .map(|d| &d.sentence)
            .collect::<Vec<_>>()
    );
    let d = s.rounds[0]
        .decisions
        .iter()
        .find(|d| d.state == small)
        .unwrap();
    assert!(
        d.sentence.contains("the strongest state that threatens it"),
        "{}",
        d.sentence
    );
}

/// A balancer whose greatest threat bids for hegemony ends an alliance aimed at a lesser rival
/// that fears the hegemon too, so that both can stand against it.
#[test]
fn a_balancer_ends_a_side_quarrel_when_a_would_be_hegemon_threatens_it_most() {
    let w = world(
        &[("HEG", 400.0), ("A", 100.0), ("B", 100.0), ("C", 100.0)],
        &[
            ("HEG", "A"),
            ("HEG", "C"),
            ("A", "B"),
            ("A", "C"),
            ("B", "C"),
        ],
        r#"ActEntry(year: 1899, actor: "HEG", target: "A", kind: Attack), ActEntry(year: 1899, actor: "HEG", target: "C", kind: Attack), ActEntry(year: 1897, actor: "C", target: "A", kind: Attack)"#,
        1900.0,
    );
    let (heg, a, b, c) = (
        index(&w, "HEG"),
        index(&w, "A"),
        index(&w, "B"),
        index(&w, "C"),
    );
    let mut start = Alignments::new(w.len());
    start.ally_against(a, b, c);
    let s = settle(&w, start, Some(by_name("balance_of_threat").unwrap()));
    let d = s.rounds[0].decisions.iter().find(|d| d.state == a).unwrap();
    assert_eq!(d.action, Action::Leave { partner: b }, "{}", d.sentence);
    assert!(
        d.sentence.contains("HEG bids for hegemony"),
        "{}",
        d.sentence
    );
    assert!(
        !s.alignments.allied_against(a, c),
        "the quarrel with C is over"
    );
    assert!(
        !s.alignments.are_allied(a, heg),
        "and A does not join the hegemon"
    );
}

/// Walt's regional alliances of the superpowers' clients: a weak state that takes a distant
/// patron against the great power next door still balances its second serious threat, a
/// middling neighbour, with a regional partner of its own. Without the rule a junior made no
/// alliances at all, and Juniperia's neighbour Regalia stood alone.
#[test]
fn a_protected_junior_balances_its_next_threat_with_a_regional_partner() {
    let text = r#"StateSystemFile(
    format: 1,
    name: "A client's regional alliance",
    description: "A weak state between a great power and a middling one, a distant patron.",
    year: 1900.0,
    sources: ["Invented for this test."],
    states: [
        StateEntry(code: "PAT", name: "Patronia", adjective: "Patronian",
            capabilities: CapabilitiesEntry(military_spending: Some(900), iron_steel: Some(3000), population: Some(60000))),
        StateEntry(code: "EMP", name: "Imperia", adjective: "Imperial",
            capabilities: CapabilitiesEntry(military_spending: Some(800), iron_steel: Some(2500), population: Some(50000))),
        StateEntry(code: "OTT", name: "Osmania", adjective: "Osmanian",
            capabilities: CapabilitiesEntry(military_spending: Some(120), iron_steel: Some(60), population: Some(9000))),
        StateEntry(code: "JUN", name: "Juniperia", adjective: "Juniperian",
            capabilities: CapabilitiesEntry(military_spending: Some(40), iron_steel: Some(10), population: Some(3000))),
        StateEntry(code: "REG", name: "Regalia", adjective: "Regalian",
            capabilities: CapabilitiesEntry(military_spending: Some(50), iron_steel: Some(10), population: Some(4000))),
        StateEntry(code: "NOR", name: "Nordia", adjective: "Nordic",
            capabilities: CapabilitiesEntry(military_spending: Some(600), iron_steel: Some(1500), population: Some(40000))),
        StateEntry(code: "OCC", name: "Occidia", adjective: "Occidian",
            capabilities: CapabilitiesEntry(military_spending: Some(600), iron_steel: Some(1500), population: Some(40000))),
    ],
    geography: Contiguity([
        ("EMP", "JUN", Land), ("OTT", "JUN", Land), ("OTT", "REG", Land), ("JUN", "REG", Land),
        ("PAT", "REG", Sea), ("PAT", "NOR", Land), ("NOR", "OCC", Land),
    ]),
    acts: [
        ActEntry(year: 1899.0, actor: "EMP", target: "JUN", kind: PublicClaim, note: "Imperia annexes a province Juniperia claims"),
        ActEntry(year: 1899.0, actor: "OTT", target: "JUN", kind: Attack, note: "Osmania raids Juniperia's border"),
        ActEntry(year: 1899.0, actor: "OTT", target: "REG", kind: Attack, note: "Osmania raids Regalia's border"),
    ],
    alliances: [],
)"#;
    let system = StateSystem::from_ron("regional.ron", text).unwrap_or_else(|e| panic!("{e}"));
    let [pat, emp, ott, jun, reg] = ["PAT", "EMP", "OTT", "JUN", "REG"].map(|c| index(&system, c));
    // Two more great powers far away keep Imperia short of a bid for hegemony (with a would-be
    // hegemon at its door a client starts no side quarrel).
    assert!(entente_shared::threat::hegemony(&system, emp) < entente_shared::doctrine::HEGEMON);
    let s = settle(&system, system.initial_alignments(), None);
    let threats = &s.threats;
    assert_eq!(threats.greatest(jun).map(|g| g.0), Some(emp));
    assert!(threats.threat(jun, ott) >= entente_shared::doctrine::THREAT_THRESHOLD);
    assert_eq!(
        s.alignments.patron(jun),
        Some(pat),
        "Juniperia is too weak for Imperia and takes the distant Patronia as its patron"
    );
    assert!(
        s.alignments.in_alliance(jun, reg),
        "{:?}",
        s.alignments.alliances()
    );
    assert!(
        s.alignments
            .camps()
            .iter()
            .any(|(t, m)| *t == Some(ott) && m.contains(&jun) && m.contains(&reg)),
        "{:?}",
        s.alignments.camps()
    );
    // The junior's alliance is its own: its patron stands in no camp against Osmania.
    assert!(!s.alignments.allied_against(pat, ott));
}

/// Two small neighbours of an aggressor, each already backed by a great power far away: a
/// promise from afar does not hold the line at their borders, so they also ally with each other
/// (as the Balkan states did in 1912, whatever the great powers said).
#[test]
fn small_neighbours_of_a_threat_ally_with_each_other_though_a_distant_power_backs_them() {
    let w = world_on_line(
        &[
            ("AGG", 300.0, 0.0),
            ("S1", 60.0, 1.0),
            ("S2", 60.0, 1.5),
            ("FAR", 1200.0, 6.0),
        ],
        r#"ActEntry(year: 1899, actor: "AGG", target: "S1", kind: Attack), ActEntry(year: 1899, actor: "AGG", target: "S2", kind: Attack)"#,
        1900.0,
    );
    let (s1, s2, agg, far) = (
        index(&w, "S1"),
        index(&w, "S2"),
        index(&w, "AGG"),
        index(&w, "FAR"),
    );
    let mut backed = Alignments::new(w.len());
    backed.ally_against(s1, far, agg);
    backed.ally_against(s2, far, agg);
    let s = settle(&w, backed, None);
    let said = sentences(&s);
    assert!(s.alignments.are_allied(s1, s2), "{said:#?}");
    assert!(!s.alignments.are_allied(s1, agg) && !s.alignments.are_allied(s2, agg));
}

/// Balance of power follows the distribution of power: alliances made against a state that is no
/// longer the strongest end, and the states balance the one that is now (Waltz).
#[test]
fn under_balance_of_power_alliances_shift_to_the_new_strongest_state() {
    let w = world(
        &[
            ("OLD", 100.0),
            ("NEW", 400.0),
            ("A", 150.0),
            ("B", 150.0),
            ("C", 150.0),
        ],
        &[
            ("OLD", "A"),
            ("OLD", "B"),
            ("NEW", "A"),
            ("NEW", "B"),
            ("NEW", "C"),
            ("A", "B"),
            ("B", "C"),
        ],
        "",
        1900.0,
    );
    let [old, new, a, b, c] = ["OLD", "NEW", "A", "B", "C"].map(|code| index(&w, code));
    // The alliances of an earlier day, against OLD.
    let mut earlier = Alignments::new(w.len());
    earlier.ally_against(a, b, old);
    earlier.ally_against(b, c, old);
    let s = settle(&w, earlier, Some(by_name("balance_of_power").unwrap()));
    let said = sentences(&s);
    assert!(
        s.alignments
            .alliances()
            .iter()
            .all(|&(_, _, t)| t != Some(old)),
        "{said:#?}"
    );
    assert!(
        s.alignments
            .alliances()
            .iter()
            .any(|&(x, y, t)| t == Some(new) && [a, b, c].contains(&x) && [a, b, c].contains(&y)),
        "{said:#?}"
    );
    assert!(said.iter().any(|x| x.contains("no longer the strongest")));
}
