//! Stances without a tie that still show on the board: Finlandization (no attack on the power a
//! state accommodates) and soft balancing (no support for the strongest state, no way left open
//! into one's centres), and when a balancer balances softly.

use std::sync::Arc;

use entente_shared::ai::OrderChoice;
use entente_shared::alignment::{Action, Alignments, Stance, settle};
use entente_shared::doctrine::by_name;
use entente_shared::play::posture::{Posture, posture_of, respect};
use entente_shared::play::{Command, Considered, Match, scenario_doctrines};
use entente_shared::rules::order::{Place, UnitRef};
use entente_shared::rules::{Game, Order};
use entente_shared::scenario::{Scenario, StateId};
use entente_shared::threat::{StateSystem, ThreatMatrix};

fn classic_match() -> (Arc<Scenario>, Match) {
    let scenario = Arc::new(Scenario::classic());
    let table = Match::new(
        Game::new(scenario.clone()),
        scenario_doctrines(&scenario, None),
        false,
    );
    (scenario, table)
}

/// Records that `state` took `stance` this phase, as the computer player's reasoning would.
fn consider(table: &mut Match, state: StateId, stance: Stance) {
    table
        .apply(Command::Considered(Considered {
            state: state.0,
            doctrine: "balance_of_threat".into(),
            stance,
            acted: false,
            sentence: "test".into(),
            betray: None,
        }))
        .expect("a computer state's reasoning is accepted");
}

fn unit_at(p: entente_shared::map::ProvinceId) -> UnitRef {
    UnitRef {
        kind: None,
        place: Place {
            province: p,
            coast: None,
        },
    }
}

/// The order to move the unit in `from` to `to`, with a reason.
fn move_order(
    from: entente_shared::map::ProvinceId,
    to: entente_shared::map::ProvinceId,
    reason: &str,
) -> OrderChoice {
    OrderChoice {
        order: Order::Move {
            unit: unit_at(from),
            to: Place {
                province: to,
                coast: None,
            },
            via_convoy: false,
        },
        reason: reason.into(),
    }
}

/// A Finlandized state's move into the accommodated power's centre, and its support of someone
/// else's, become holds with the reason; its other orders stand.
#[test]
fn a_finlandized_state_does_not_attack_the_power_it_accommodates() {
    let (scenario, mut table) = classic_match();
    let map = &scenario.map;
    let position = table.game().position().clone();
    // Find a state with a unit next to a home centre of the state it fears most.
    let mut found = None;
    for s in scenario.state_ids() {
        consider(&mut table, s, Stance::Finlandization);
        let Some(Posture::Accommodates(t)) = posture_of(&table, s.index()) else {
            panic!("a Finlandized state has a power it accommodates");
        };
        for (p, u) in position.units() {
            if u.state != s {
                continue;
            }
            if let Some(&q) = map.any_neighbours()[p.index()]
                .iter()
                .find(|q| position.owners[q.index()].map(|o| o.index()) == Some(t))
            {
                found = Some((s, t, p, q));
            }
        }
    }
    let (s, t, from, into) = found.expect("on the classic map some state borders what it fears");
    let free = map.any_neighbours()[from.index()]
        .iter()
        .copied()
        .find(|q| position.owners[q.index()].is_none() && position.unit_in(*q).is_none());
    let mut orders = vec![move_order(from, into, "attacks")];
    if let Some(q) = free {
        orders.push(move_order(from, q, "moves on"));
    }
    let changed = respect(&table, s, Posture::Accommodates(t), &mut orders);
    assert_eq!(changed, 1, "only the attack is held: {orders:?}");
    assert!(matches!(orders[0].order, Order::Hold { .. }));
    assert!(
        orders[0].reason.contains("accommodates") && orders[0].reason.contains("does not attack"),
        "{}",
        orders[0].reason
    );
    if free.is_some() {
        assert!(
            matches!(orders[1].order, Order::Move { .. }),
            "a move elsewhere stands"
        );
    }
}

/// A state balancing softly keeps a unit on its own centre when the strongest state's forces
/// stand next to it, unless the unit attacks the strongest state itself.
#[test]
fn a_soft_balancer_denies_the_leader_passage_into_its_centres() {
    let (scenario, table) = classic_match();
    let map = &scenario.map;
    let position = table.game().position().clone();
    // Two states whose units face each other across a border, one of them on a home centre.
    let pair = scenario
        .state_ids()
        .flat_map(|s| position.units().map(move |(p, u)| (s, p, u)))
        .filter(|(s, _, u)| u.state == *s)
        .find_map(|(s, p, _)| {
            if position.owners[p.index()] != Some(s) || !map.province(p).supply_centre {
                return None;
            }
            let q = map.any_neighbours()[p.index()]
                .iter()
                .copied()
                .find(|&q| position.unit_in(q).is_some_and(|v| v.state != s))?;
            Some((s, p, q, position.unit_in(q).unwrap().state.index()))
        })
        .expect("on the classic map two home centres' units stand side by side");
    let (s, p, q, leader) = pair;
    let away = map.any_neighbours()[p.index()]
        .iter()
        .copied()
        .find(|&r| r != q && position.unit_in(r).is_none() && position.owners[r.index()].is_none())
        .expect("somewhere else to go");
    let mut orders = vec![
        move_order(p, away, "moves away"),
        move_order(p, q, "attacks the leader"),
    ];
    let changed = respect(&table, s, Posture::SoftBalances(leader), &mut orders);
    assert_eq!(changed, 1, "{orders:?}");
    assert!(matches!(orders[0].order, Order::Hold { .. }));
    assert!(
        orders[0].reason.contains("denies it passage"),
        "{}",
        orders[0].reason
    );
    assert!(
        matches!(orders[1].order, Order::Move { .. }),
        "an attack on the leader is left alone"
    );
}

fn world(states: &[(&str, f64, f64)], acts: &str) -> StateSystem {
    let states_text: Vec<String> = states
        .iter()
        .map(|(code, power, _)| {
            format!(
                r#"StateEntry(code: "{code}", name: "{code}", capabilities: CapabilitiesEntry(military_personnel: Some({power}), population: Some({power})))"#
            )
        })
        .collect();
    let points: Vec<String> = states
        .iter()
        .map(|(c, _, x)| format!(r#"("{c}", {x:.1}, 0.0)"#))
        .collect();
    let text = format!(
        "StateSystemFile(format: 1, name: \"test\", year: 1900, states: [{}], geography: Coordinates([{}]), acts: [{acts}])",
        states_text.join(", "),
        points.join(", ")
    );
    StateSystem::from_ron("test.ron", &text).unwrap_or_else(|e| panic!("{e}"))
}

/// A state whose greatest threat is the strongest state, serious but under the alliance
/// threshold, balances softly; the same threat from a state that is not the strongest leaves it
/// neutral.
#[test]
fn a_balancer_balances_softly_against_a_leader_it_cannot_yet_ally_against() {
    let acts = r#"ActEntry(year: 1885, actor: "LEAD", target: "ME", kind: PublicClaim)"#;
    let lead_strongest = world(
        &[
            ("LEAD", 400.0, 0.0),
            ("ME", 100.0, 4.0),
            ("FAR", 150.0, 6.0),
        ],
        acts,
    );
    let lead_second = world(
        &[
            ("LEAD", 400.0, 0.0),
            ("ME", 100.0, 4.0),
            ("FAR", 900.0, 9.0),
        ],
        acts,
    );
    for (w, soft) in [(&lead_strongest, true), (&lead_second, false)] {
        let me = w.find("ME").unwrap();
        let lead = w.find("LEAD").unwrap();
        let threats = ThreatMatrix::compute(w, &Alignments::new(w.len()));
        let (feared, level) = threats.greatest(me).unwrap();
        assert_eq!(feared, lead, "LEAD threatens ME most");
        assert!(
            (0.2..0.35).contains(&level),
            "serious but under the threshold: {level:.3}"
        );
        let s = settle(
            w,
            Alignments::new(w.len()),
            Some(by_name("balance_of_threat").unwrap()),
        );
        let d = s.rounds[0]
            .decisions
            .iter()
            .find(|d| d.state == me)
            .unwrap();
        assert_eq!(d.action, Action::Stay, "{}", d.sentence);
        if soft {
            assert_eq!(d.stance, Stance::SoftBalancing, "{}", d.sentence);
            assert!(
                d.sentence.contains("balances softly against LEAD"),
                "{}",
                d.sentence
            );
        } else {
            assert_ne!(d.stance, Stance::SoftBalancing, "{}", d.sentence);
        }
    }
}
