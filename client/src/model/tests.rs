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
    assert!(m.last_notice().unwrap().contains("paused"));
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

fn phase(name: &str, session: SessionState, millis: Option<u64>, board: Board) -> ServerMsg {
    ServerMsg::Phase {
        phase: name.into(),
        session,
        clock: Clock {
            millis_left: millis,
            ends_at_unix_ms: None,
        },
        board,
        to_order: vec!["FRANCE".into(), "GERMANY".into()],
    }
}

#[test]
fn the_clock_stands_still_while_the_host_pauses_and_runs_again_on_resume() {
    let mut m = Model::default();
    m.apply(welcome(Some("FRANCE")), 0.0);
    m.apply(
        phase(
            "S1901M",
            SessionState::Playing,
            Some(300_000),
            Board::default(),
        ),
        0.0,
    );
    assert_eq!(m.seconds_left(29.0), Some(271.0));
    // Paused with 4:31 left: still 4:31 twenty seconds later.
    m.apply(
        ServerMsg::Clock {
            session: SessionState::Paused,
            clock: Clock {
                millis_left: Some(271_000),
                ends_at_unix_ms: None,
            },
        },
        29.0,
    );
    assert_eq!(m.seconds_left(50.0), Some(271.0));
    assert_eq!(m.seconds_left(500.0), Some(271.0));
    // Resumed (and extended by a minute) at 60 s: counts down from there.
    m.apply(
        ServerMsg::Clock {
            session: SessionState::Playing,
            clock: Clock {
                millis_left: Some(331_000),
                ends_at_unix_ms: None,
            },
        },
        60.0,
    );
    assert_eq!(m.seconds_left(70.0), Some(321.0));
    // In the lobby nobody gives orders, whatever the server lists.
    m.apply(
        phase("S1901M", SessionState::Lobby, None, Board::default()),
        80.0,
    );
    assert!(!m.must_order());
    assert_eq!(m.seconds_left(90.0), None);
}

#[test]
fn footer_notices_go_stale_after_ten_seconds_or_with_the_phase() {
    let mut m = Model::default();
    m.apply(welcome(Some("FRANCE")), 0.0);
    m.apply(
        phase(
            "S1901M",
            SessionState::Playing,
            Some(300_000),
            Board::default(),
        ),
        0.0,
    );
    m.apply(
        ServerMsg::Refused {
            reason: "the game has not started yet".into(),
        },
        1.0,
    );
    assert_eq!(m.fresh_notices(5.0).count(), 1);
    assert_eq!(m.fresh_notices(12.0).count(), 0, "ten seconds later");
    m.apply(
        ServerMsg::Notice {
            text: "The host rolled the game back".into(),
        },
        20.0,
    );
    assert_eq!(m.fresh_notices(21.0).count(), 1);
    m.apply(
        phase(
            "F1901M",
            SessionState::Playing,
            Some(300_000),
            Board::default(),
        ),
        22.0,
    );
    assert_eq!(m.fresh_notices(23.0).count(), 0, "a new phase");
    // The history keeps them all.
    assert_eq!(m.notices.len(), 2);
}

#[test]
fn notices_name_states_instead_of_giving_their_codes() {
    let mut m = Model::default();
    m.apply(welcome(Some("FRANCE")), 0.0);
    m.apply(
        ServerMsg::Refused {
            reason: "GERMANY is not at war with FRANCE; A PAR - BUR (FRANCES) stays".into(),
        },
        1.0,
    );
    assert_eq!(
        m.last_notice(),
        Some("Refused: Germany is not at war with France; A PAR - BUR (FRANCES) stays")
    );
    // Unknown codes and parts of longer words stay as they are.
    assert_eq!(m.with_names("RUSSIA_X, RUSSIA."), "RUSSIA_X, RUSSIA.");
}

#[test]
fn a_proposal_to_us_is_answered_once_and_lapses_with_its_phase() {
    let mut m = Model::default();
    m.apply(welcome(Some("FRANCE")), 0.0);
    m.apply(
        phase(
            "S1901M",
            SessionState::Playing,
            Some(300_000),
            Board::default(),
        ),
        0.0,
    );
    let proposal = |id| ServerMsg::Proposal {
        id,
        from: "GERMANY".into(),
        kind: ProposalKind::Alliance {
            against: "RUSSIA".into(),
        },
        reason: "Russia grows".into(),
    };
    m.apply(proposal(1), 1.0);
    m.apply(proposal(2), 1.0);
    assert_eq!(m.waiting_proposals().count(), 2);
    match m.answer(1, true, "  gladly ") {
        Some(ClientMsg::Answer {
            proposal,
            accept,
            reason,
        }) => assert_eq!((proposal, accept, reason.as_str()), (1, true, "gladly")),
        other => panic!("{other:?}"),
    }
    // Answered: off the list at once, and not answerable twice.
    assert_eq!(m.waiting_proposals().count(), 1);
    assert!(m.answer(1, false, "").is_none());
    assert!(m.answer(99, true, "").is_none());
    // The phase ends: the unanswered one lapses, refused.
    m.apply(
        phase(
            "F1901M",
            SessionState::Playing,
            Some(300_000),
            Board::default(),
        ),
        2.0,
    );
    assert_eq!(m.waiting_proposals().count(), 0);
    let p2 = m.proposals.iter().find(|p| p.id == Some(2)).unwrap();
    assert_eq!(p2.status, ProposalStatus::Refused(LAPSED.into()));
    // The server's own word of the lapse reads as such.
    m.apply(
        ServerMsg::ProposalAnswered {
            id: 2,
            by: "FRANCE".into(),
            accept: false,
            reason: LAPSED.into(),
        },
        3.0,
    );
    assert!(m.last_notice().unwrap().contains("lapsed"));
    // A proposal from another state's view names states, not codes.
    m.sent_proposal("GERMANY".into(), ProposalKind::Alignment);
    m.apply(
        ServerMsg::ProposalAnswered {
            id: 3,
            by: "GERMANY".into(),
            accept: true,
            reason: "fine".into(),
        },
        4.0,
    );
    assert_eq!(m.last_notice(), Some("Germany accepted: fine"));
}

#[test]
fn a_phase_summary_has_every_order_by_state_centres_that_changed_hands_and_ties() {
    use entente_shared::rules::{Failure, Outcome};
    let mut m = Model::default();
    m.apply(welcome(Some("FRANCE")), 0.0);
    let before = Board {
        centres: vec![
            ("PAR".into(), "FRANCE".into()),
            ("MUN".into(), "GERMANY".into()),
        ],
        ..Board::default()
    };
    m.apply(
        phase("F1901M", SessionState::Playing, Some(1000), before),
        0.0,
    );
    m.apply(
        ServerMsg::Tie {
            kind: TieEventKind::Broken,
            a: "GERMANY".into(),
            b: "FRANCE".into(),
            against: None,
            text: "Germany broke with France".into(),
        },
        1.0,
    );
    let r = |state: &str, order: &str, outcome| OrderResult {
        state: state.into(),
        order: order.into(),
        outcome,
    };
    m.apply(
        ServerMsg::PhaseResult {
            phase: "F1901M".into(),
            orders: vec![
                r("GERMANY", "A MUN - BUR", Outcome::Succeeded),
                r("FRANCE", "A BUR H", Outcome::Failed(Failure::Dislodged)),
                r("FRANCE", "A MAR - MUN", Outcome::Succeeded),
            ],
            next: "F1901R".into(),
            centres: vec![],
        },
        2.0,
    );
    let after = Board {
        centres: vec![
            ("PAR".into(), "FRANCE".into()),
            ("MUN".into(), "FRANCE".into()),
            ("BEL".into(), "GERMANY".into()),
        ],
        ..Board::default()
    };
    m.apply(
        phase("F1901R", SessionState::Playing, Some(1000), after),
        3.0,
    );
    let s = m.summary(0).unwrap();
    // France first (the scenario's order), each state's orders together.
    assert_eq!(s.by_state[0].0, "FRANCE");
    assert_eq!(s.by_state[0].1.len(), 2);
    assert_eq!(s.by_state[1].0, "GERMANY");
    assert_eq!(s.dislodged.len(), 1);
    assert_eq!(s.dislodged[0].order, "A BUR H");
    assert_eq!(
        s.centres,
        vec![
            ("BEL".to_string(), None, Some("GERMANY".to_string())),
            (
                "MUN".to_string(),
                Some("GERMANY".to_string()),
                Some("FRANCE".to_string())
            ),
        ]
    );
    assert_eq!(s.ties.len(), 1);
    assert!(m.summary(1).is_none());
}

#[test]
fn the_host_sees_every_seat_that_must_order_given_or_not() {
    let mut m = Model::default();
    m.apply(welcome(None), 0.0);
    m.apply(
        phase(
            "S1901M",
            SessionState::Playing,
            Some(1000),
            Board::default(),
        ),
        0.0,
    );
    m.apply(
        ServerMsg::Orders {
            phase: "S1901M".into(),
            state: "GERMANY".into(),
            by: "computer".into(),
            accepted: vec!["A MUN H".into()],
            refused: vec![],
        },
        1.0,
    );
    let rows = m.orders_by_seat();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0].0, "FRANCE");
    assert!(rows[0].1.is_none());
    assert_eq!(rows[1].1.as_ref().unwrap().accepted, ["A MUN H"]);
}

#[test]
fn host_buttons_are_allowed_only_when_the_server_would_act() {
    use entente_shared::protocol::HostCommand as H;
    let mut m = Model::default();
    m.apply(welcome(None), 0.0);
    m.apply(
        ServerMsg::Role {
            role: Role::Host,
            seat: None,
        },
        0.0,
    );
    let seat = |state: &str, players: &[&str], computer: bool| SeatView {
        state: state.into(),
        players: players.iter().map(|p| p.to_string()).collect(),
        computer,
        submitted: false,
        ready: false,
    };
    m.apply(
        ServerMsg::Seats {
            seats: vec![seat("FRANCE", &["Ada"], false), seat("GERMANY", &[], true)],
        },
        0.0,
    );
    m.apply(
        phase("S1901M", SessionState::Lobby, None, Board::default()),
        0.0,
    );
    assert!(m.host_allows(&H::Start));
    assert!(!m.host_allows(&H::Pause));
    assert!(!m.host_allows(&H::ResolveNow));
    assert!(!m.host_allows(&H::RollBack));
    m.apply(
        phase(
            "S1901M",
            SessionState::Playing,
            Some(1000),
            Board::default(),
        ),
        0.0,
    );
    assert!(!m.host_allows(&H::Start));
    assert!(m.host_allows(&H::Pause));
    assert!(!m.host_allows(&H::Resume));
    assert!(m.host_allows(&H::ExtendClock { seconds: 60 }));
    assert!(!m.host_allows(&H::RollBack), "nothing resolved yet");
    // A seat never taken cannot be given back to people; one people play can go to the
    // computer, and then back.
    let back = |s: &str| H::TakeSeatBack { state: s.into() };
    let give = |s: &str| H::GiveSeatToComputer { state: s.into() };
    assert!(!m.host_allows(&back("GERMANY")));
    assert!(!m.host_allows(&back("FRANCE")));
    assert!(m.host_allows(&give("FRANCE")));
    m.host_sent(&give("FRANCE"));
    assert!(m.host_allows(&back("FRANCE")));
    assert!(!m.host_allows(&give("FRANCE")));
    m.host_sent(&back("FRANCE"));
    assert!(!m.host_allows(&back("FRANCE")));
    // Paused: resume, not pause.
    m.apply(
        ServerMsg::Clock {
            session: SessionState::Paused,
            clock: Clock {
                millis_left: Some(900),
                ends_at_unix_ms: None,
            },
        },
        1.0,
    );
    assert!(m.host_allows(&H::Resume));
    assert!(!m.host_allows(&H::Pause));
    // A player is never allowed host commands.
    let mut p = Model::default();
    p.apply(welcome(Some("FRANCE")), 0.0);
    assert!(!p.host_allows(&H::Pause));
}

#[test]
fn requests_to_join_a_team_reach_its_players_and_the_host_and_are_answered_once() {
    let mut m = Model::default();
    m.apply(welcome(Some("FRANCE")), 0.0);
    let ask =
        |request: u64, state: &str, accepted: Option<bool>, by: &str| ServerMsg::SeatRequest {
            request,
            name: "Bo".into(),
            state: state.into(),
            accepted,
            by: by.into(),
        };
    m.apply(ask(1, "FRANCE", None, ""), 1.0);
    m.apply(ask(2, "GERMANY", None, ""), 1.0);
    assert_eq!(m.last_notice(), Some("Bo asks to join Germany's team"));
    // Only our own team's request is ours to answer.
    let ours: Vec<u64> = m.requests_to_answer().map(|r| r.request).collect();
    assert_eq!(ours, vec![1]);
    assert_eq!(
        m.answer_seat_request(1, true),
        Some(ClientMsg::AnswerSeatRequest {
            request: 1,
            accept: true
        })
    );
    assert_eq!(m.answer_seat_request(1, false), None, "answered once");
    assert_eq!(m.requests_to_answer().count(), 0);
    // The server's word replaces ours.
    m.apply(ask(1, "FRANCE", Some(true), "Ada"), 2.0);
    assert_eq!(m.seat_requests[0].by, "Ada");
    assert_eq!(
        m.last_notice(),
        Some("Bo joins France's team (let in by Ada)")
    );
    // The host answers any.
    m.apply(
        ServerMsg::Role {
            role: Role::Host,
            seat: None,
        },
        3.0,
    );
    let any: Vec<u64> = m.requests_to_answer().map(|r| r.request).collect();
    assert_eq!(any, vec![2]);
    // Bo takes the other request back: the server settles it with nobody named.
    m.apply(ask(2, "GERMANY", Some(false), ""), 4.0);
    assert_eq!(
        m.last_notice(),
        Some("Bo no longer asks to join Germany's team")
    );
    assert_eq!(m.requests_to_answer().count(), 0);
    m.apply(ask(3, "GERMANY", Some(false), "Cy"), 5.0);
    assert_eq!(
        m.last_notice(),
        Some("Bo was not let into Germany's team (refused by Cy)")
    );
    for n in &m.notices {
        assert!(!n.text.contains("(by )"), "{}", n.text);
    }
}

#[test]
fn the_host_reads_each_seats_readiness_in_the_lobby() {
    let seat = |players: &[&str], ready: bool| SeatView {
        state: "FRANCE".into(),
        players: players.iter().map(|p| p.to_string()).collect(),
        computer: players.is_empty(),
        submitted: false,
        ready,
    };
    assert_eq!(Readiness::of(&seat(&["Ada"], true)), Readiness::Ready);
    assert_eq!(
        Readiness::of(&seat(&["Ada", "Bo"], false)),
        Readiness::NotYet
    );
    // Nobody sits there: whatever the flag says, the computer will play it.
    assert_eq!(Readiness::of(&seat(&[], true)), Readiness::Computer);
    assert_eq!(Readiness::NotYet.words(), "not ready yet");
}

#[test]
fn in_winter_what_the_server_holds_is_winters_not_springs() {
    let mut m = Model::default();
    m.apply(welcome(Some("FRANCE")), 0.0);
    let orders = |phase: &str, state: &str, accepted: &[&str]| ServerMsg::Orders {
        phase: phase.into(),
        state: state.into(),
        by: "Ada".into(),
        accepted: accepted.iter().map(|o| o.to_string()).collect(),
        refused: vec![],
    };
    m.apply(
        phase(
            "S1901M",
            SessionState::Playing,
            Some(1000),
            Board::default(),
        ),
        1.0,
    );
    m.apply(orders("S1901M", "FRANCE", &["A PAR - BUR"]), 2.0);
    m.apply(orders("S1901M", "GERMANY", &["A MUN - RUH"]), 2.0);
    assert_eq!(m.my_orders().unwrap().accepted, ["A PAR - BUR"]);
    // Autumn passes without orders from us; winter's adjustments begin.
    m.apply(
        phase(
            "F1901M",
            SessionState::Playing,
            Some(1000),
            Board::default(),
        ),
        3.0,
    );
    m.apply(
        phase(
            "W1901A",
            SessionState::Playing,
            Some(1000),
            Board::default(),
        ),
        4.0,
    );
    assert!(m.my_orders().is_none(), "spring's orders shown in winter");
    let by_seat = m.orders_by_seat();
    assert!(
        by_seat.iter().all(|(_, o)| o.is_none()),
        "the host's view shows an earlier phase's orders in winter: {by_seat:?}"
    );
    // Winter's own orders are shown once given.
    m.apply(orders("W1901A", "FRANCE", &["A MAR B"]), 5.0);
    assert_eq!(m.my_orders().unwrap().accepted, ["A MAR B"]);
}
