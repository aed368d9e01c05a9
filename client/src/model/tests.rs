use super::*;
use entente_shared::protocol::UnitView;

fn welcome(seat: Option<&str>) -> ServerMsg {
    ServerMsg::Welcome {
        client: 7,
        rejoin: [9; 16],
        role: if seat.is_some() {
            Role::Player
        } else {
            Role::Observer
        },
        seat: seat.map(str::to_string),
        scenario: "Classic".into(),
        scenario_source: "classic".into(),
        states: vec![
            StateView {
                code: "FRANCE".into(),
                name: "France".into(),
                colour: "#56B4E9".into(),
            },
            StateView {
                code: "GERMANY".into(),
                name: "Germany".into(),
                colour: "#E69F00".into(),
            },
        ],
    }
}

#[test]
fn welcome_keeps_the_rejoin_token_and_the_states() {
    let mut m = Model::default();
    m.apply(welcome(Some("FRANCE")), 0.0);
    assert!(m.joined());
    assert_eq!(m.rejoin, Some([9; 16]));
    assert_eq!(m.state_colour("FRANCE"), Some([0x56, 0xB4, 0xE9]));
    assert_eq!(m.state_name("GERMANY"), "Germany");
    assert_eq!(m.state_name("NOWHERE"), "NOWHERE");
    // A role change keeps the token.
    m.apply(
        ServerMsg::Role {
            role: Role::Observer,
            seat: None,
        },
        1.0,
    );
    assert_eq!(m.rejoin, Some([9; 16]));
    assert_eq!(m.seat, None);
}

#[test]
fn refusals_at_the_door_end_the_session_with_the_reason() {
    let mut m = Model::default();
    m.apply(
        ServerMsg::JoinRefused {
            reason: "wrong join code".into(),
        },
        0.0,
    );
    assert_eq!(m.ended, Some(Ended::Refused("wrong join code".into())));
    assert!(!m.joined());
    let mut m = Model::default();
    m.apply(
        ServerMsg::WrongVersion {
            server: 3,
            client: 2,
        },
        0.0,
    );
    assert!(matches!(&m.ended, Some(Ended::Refused(r)) if r.contains("version 3")));
    let mut m = Model::default();
    m.apply(welcome(None), 0.0);
    m.apply(
        ServerMsg::Closing {
            reason: "the host ended the game".into(),
        },
        0.0,
    );
    assert!(matches!(m.ended, Some(Ended::Closed(_))));
}

#[test]
fn phase_clock_orders_and_refusals() {
    let mut m = Model::default();
    m.apply(welcome(Some("FRANCE")), 0.0);
    m.apply(
        ServerMsg::Phase {
            phase: "S1901M".into(),
            session: SessionState::Playing,
            clock: Clock {
                millis_left: Some(300_000),
                ends_at_unix_ms: None,
            },
            board: Board {
                units: vec![UnitView {
                    state: "FRANCE".into(),
                    kind: 'A',
                    at: "PAR".into(),
                }],
                ..Board::default()
            },
            to_order: vec!["FRANCE".into()],
        },
        10.0,
    );
    assert!(m.must_order());
    assert_eq!(m.seconds_left(70.0), Some(240.0));
    assert_eq!(m.seconds_left(1000.0), Some(0.0));
    assert!(m.my_orders().is_none());
    m.apply(
        ServerMsg::Orders {
            phase: "S1901M".into(),
            state: "FRANCE".into(),
            by: "Ada".into(),
            accepted: vec!["A PAR - BUR".into()],
            refused: vec![("A MUN H".into(), "MUN is not your unit".into())],
        },
        11.0,
    );
    let o = m.my_orders().unwrap();
    assert_eq!(o.accepted, ["A PAR - BUR"]);
    assert_eq!(o.refused[0].1, "MUN is not your unit");
    m.apply(
        ServerMsg::Refused {
            reason: "the game is paused".into(),
        },
        12.0,
    );
    assert!(m.notices.last().unwrap().contains("paused"));
    // Results keep the board they were played on.
    m.apply(
        ServerMsg::PhaseResult {
            phase: "S1901M".into(),
            orders: vec![],
            next: "F1901M".into(),
            centres: vec![("FRANCE".into(), 3)],
        },
        13.0,
    );
    assert_eq!(m.results[0].board_before.units.len(), 1);
    // Orders of an earlier phase are not this phase's.
    m.apply(
        ServerMsg::Phase {
            phase: "F1901M".into(),
            session: SessionState::Paused,
            clock: Clock {
                millis_left: None,
                ends_at_unix_ms: None,
            },
            board: Board::default(),
            to_order: vec![],
        },
        14.0,
    );
    assert!(m.my_orders().is_none());
    assert_eq!(m.seconds_left(20.0), None);
}

#[test]
fn press_is_grouped_by_conversation_with_unread_counts() {
    let mut m = Model::default();
    m.apply(welcome(Some("FRANCE")), 0.0);
    let press = |from: &str, to: &[&str], text: &str| ServerMsg::Press {
        from: from.into(),
        to: to.iter().map(|s| s.to_string()).collect(),
        text: text.into(),
    };
    m.apply(press("GERMANY", &[], "peace to all"), 0.0);
    m.apply(press("GERMANY", &["FRANCE"], "just us"), 0.0);
    m.apply(press("GERMANY", &["FRANCE"], "again"), 0.0);
    // Our own press comes back to our team: filed under its addressee, not unread.
    m.apply(press("FRANCE", &["GERMANY"], "fine"), 0.0);
    assert_eq!(m.unread.get(PUBLIC), Some(&1));
    assert_eq!(m.unread.get("GERMANY"), Some(&2));
    assert_eq!(m.unread_total(), 3);
    assert_eq!(m.press["GERMANY"].len(), 3);
    m.read("GERMANY");
    assert_eq!(m.unread_total(), 1);
}

#[test]
fn proposals_in_and_out_and_their_answers() {
    let mut m = Model::default();
    m.apply(welcome(Some("FRANCE")), 0.0);
    m.apply(
        ServerMsg::Proposal {
            id: 4,
            from: "GERMANY".into(),
            kind: ProposalKind::Alliance {
                against: "RUSSIA".into(),
            },
            reason: "Russia threatens us both".into(),
        },
        0.0,
    );
    // Sent twice (as on a rejoin): kept once.
    m.apply(
        ServerMsg::Proposal {
            id: 4,
            from: "GERMANY".into(),
            kind: ProposalKind::Alignment,
            reason: String::new(),
        },
        0.0,
    );
    assert_eq!(m.waiting_proposals().count(), 1);
    assert_eq!(
        m.waiting_proposals().next().unwrap().reason,
        "Russia threatens us both"
    );
    m.apply(
        ServerMsg::ProposalAnswered {
            id: 4,
            by: "FRANCE".into(),
            accept: true,
            reason: "yes".into(),
        },
        0.0,
    );
    assert_eq!(m.waiting_proposals().count(), 0);
    m.sent_proposal("GERMANY".into(), ProposalKind::Alignment);
    m.apply(
        ServerMsg::ProposalAnswered {
            id: 5,
            by: "GERMANY".into(),
            accept: false,
            reason: "you are too weak".into(),
        },
        0.0,
    );
    let ours = m.proposals.last().unwrap();
    assert_eq!(ours.id, Some(5));
    assert_eq!(
        ours.status,
        ProposalStatus::Refused("you are too weak".into())
    );
    m.apply(
        ServerMsg::Tie {
            kind: entente_shared::protocol::TieEventKind::Allied,
            a: "FRANCE".into(),
            b: "GERMANY".into(),
            against: Some("RUSSIA".into()),
            text: "France and Germany allied".into(),
        },
        0.0,
    );
    assert_eq!(m.ties.len(), 1);
}

#[test]
fn lens_host_log_and_report_are_kept() {
    let mut m = Model::default();
    m.apply(welcome(None), 0.0);
    m.apply(
        ServerMsg::Lens {
            phase: "S1901M".into(),
            state: "FRANCE".into(),
            rows: vec![],
        },
        0.0,
    );
    assert!(m.lenses.contains_key("FRANCE"));
    m.apply(
        ServerMsg::HostLog {
            lines: vec!["GERMANY balances against FRANCE".into()],
        },
        0.0,
    );
    assert_eq!(m.host_log.len(), 1);
    m.apply(
        ServerMsg::Report {
            file: "saves/x.html".into(),
            html: "<html></html>".into(),
        },
        0.0,
    );
    assert_eq!(m.report.as_ref().unwrap().0, "saves/x.html");
    assert_eq!(parse_hex("#0072B2"), Some([0, 0x72, 0xB2]));
    assert_eq!(parse_hex("nope"), None);
}
