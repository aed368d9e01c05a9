//! The session in-process, without sockets: joining, seats and teams, orders and their refusals,
//! the clock, the host's controls, press and proposals, the grace period, and replaying the
//! record. Connections are numbers here, as they are to the session behind the transport.

use std::collections::HashMap;
use std::time::Duration;

use entente_server::session::{Entry, Session, Settings};
use entente_server::turn::computer::ComputerKind;
use entente_shared::protocol::{
    ClientMsg, HostCommand, LensRow, PROTOCOL_VERSION, ProposalKind, RejoinToken, Role, ServerMsg,
    SessionState, TieEventKind,
};

const CODE: &str = "ABC123";
const HOST_KEY: &str = "secret-key";

fn settings() -> Settings {
    Settings {
        join_code: CODE.into(),
        host_key: HOST_KEY.into(),
        computer: ComputerKind::Hold,
        movement_secs: 60,
        retreat_secs: 30,
        adjustment_secs: 30,
        grace_secs: 20,
        ..Settings::default()
    }
}

/// A session and the messages each connection has received.
struct Table {
    session: Session,
    now: Duration,
    inbox: HashMap<u64, Vec<ServerMsg>>,
    entries: Vec<Entry>,
    /// The session's id of the client on each connection.
    ids: HashMap<u64, u64>,
}

impl Table {
    fn new(settings: Settings) -> Table {
        Table::with(Session::new(settings).expect("a session"))
    }

    fn with(session: Session) -> Table {
        let mut t = Table {
            session,
            now: Duration::ZERO,
            inbox: HashMap::new(),
            entries: Vec::new(),
            ids: HashMap::new(),
        };
        t.pump();
        t
    }

    fn pump(&mut self) {
        self.entries.extend(self.session.take_unwritten());
        self.session.write_reports(None);
        for (to, msg) in self.session.take_outbox() {
            self.inbox.entry(to).or_default().push(msg);
        }
    }

    fn send(&mut self, conn: u64, msg: ClientMsg) {
        self.session.handle(conn, msg, self.now);
        self.pump();
    }

    fn hello(&mut self, conn: u64, name: &str, code: &str, host_key: Option<&str>) {
        self.session.connected(conn, self.now);
        self.send(
            conn,
            ClientMsg::Hello {
                version: PROTOCOL_VERSION,
                name: name.into(),
                join_code: code.into(),
                rejoin: None,
                host_key: host_key.map(str::to_string),
            },
        );
    }

    /// Joins and returns the rejoin token.
    fn join(&mut self, conn: u64, name: &str) -> RejoinToken {
        self.hello(conn, name, CODE, None);
        self.token(conn)
    }

    fn token(&mut self, conn: u64) -> RejoinToken {
        let (id, token) = self
            .take(conn)
            .into_iter()
            .find_map(|m| match m {
                ServerMsg::Welcome { client, rejoin, .. } => Some((client, rejoin)),
                _ => None,
            })
            .expect("welcomed");
        self.ids.insert(conn, id);
        token
    }

    fn seat(&mut self, conn: u64, name: &str, state: &str) -> RejoinToken {
        let token = self.join(conn, name);
        self.send(
            conn,
            ClientMsg::TakeSeat {
                state: state.into(),
            },
        );
        assert!(
            self.refusals(conn).is_empty(),
            "{name} could not sit at {state}"
        );
        token
    }

    fn take(&mut self, conn: u64) -> Vec<ServerMsg> {
        self.inbox.remove(&conn).unwrap_or_default()
    }

    fn refusals(&mut self, conn: u64) -> Vec<String> {
        self.take(conn)
            .into_iter()
            .filter_map(|m| match m {
                ServerMsg::Refused { reason } | ServerMsg::JoinRefused { reason } => Some(reason),
                _ => None,
            })
            .collect()
    }

    fn refused(&mut self, conn: u64, msg: ClientMsg) -> String {
        self.send(conn, msg);
        let r = self.refusals(conn);
        assert_eq!(r.len(), 1, "one refusal expected, got {r:?}");
        r[0].clone()
    }

    fn orders(&mut self, conn: u64, orders: &[&str]) {
        let phase = self.session.phase_name();
        self.send(
            conn,
            ClientMsg::SubmitOrders {
                phase,
                orders: orders.iter().map(|s| s.to_string()).collect(),
            },
        );
    }

    fn host(&mut self, conn: u64, command: HostCommand) {
        self.send(conn, ClientMsg::Host(command));
        let r = self.refusals(conn);
        assert!(r.is_empty(), "host command refused: {r:?}");
    }

    fn advance(&mut self, d: Duration) {
        self.now += d;
        self.session.tick(self.now);
        self.pump();
    }

    fn results(&mut self, conn: u64) -> Vec<ServerMsg> {
        self.take(conn)
            .into_iter()
            .filter(|m| matches!(m, ServerMsg::PhaseResult { .. }))
            .collect()
    }
}

fn result_orders(msg: &ServerMsg) -> Vec<(String, String)> {
    match msg {
        ServerMsg::PhaseResult { orders, .. } => orders
            .iter()
            .map(|o| (o.order.clone(), o.outcome.words()))
            .collect(),
        _ => Vec::new(),
    }
}

#[test]
fn joining_needs_the_right_code_version_name_and_host_key() {
    let mut t = Table::new(settings());
    // Anything before hello is refused.
    t.session.connected(1, t.now);
    let r = t.refused(
        1,
        ClientMsg::TakeSeat {
            state: "FRANCE".into(),
        },
    );
    assert!(r.contains("join code"), "{r}");

    t.hello(1, "Ada", "WRONG", None);
    let r = t.refusals(1);
    assert!(r[0].contains("wrong join code"), "{r:?}");
    assert!(t.session.take_disconnects().contains(&1));

    t.session.connected(2, t.now);
    t.send(
        2,
        ClientMsg::Hello {
            version: PROTOCOL_VERSION + 1,
            name: "Bob".into(),
            join_code: CODE.into(),
            rejoin: None,
            host_key: None,
        },
    );
    assert!(t.take(2).iter().any(|m| matches!(
        m,
        ServerMsg::WrongVersion { server, client } if *server == PROTOCOL_VERSION && *client == PROTOCOL_VERSION + 1
    )));

    // The code is read without regard to case or spaces around it.
    t.hello(3, "Ada", " abc123 ", None);
    let msgs = t.take(3);
    assert!(msgs.iter().any(|m| matches!(
        m,
        ServerMsg::Welcome {
            role: Role::Observer,
            seat: None,
            ..
        }
    )));
    assert!(
        msgs.iter().any(|m| matches!(m, ServerMsg::Phase { .. })),
        "the board on joining"
    );
    t.hello(4, "ada", CODE, None);
    assert!(t.refusals(4)[0].contains("taken"));
    t.hello(5, "", CODE, None);
    assert!(t.refusals(5)[0].contains("name"));

    t.hello(6, "Teacher", CODE, Some("guess"));
    assert!(t.refusals(6)[0].contains("wrong host key"));
    t.hello(7, "Teacher", CODE, Some(HOST_KEY));
    assert!(t.take(7).iter().any(|m| matches!(
        m,
        ServerMsg::Welcome {
            role: Role::Host,
            ..
        }
    )));
    // Hello twice is refused by the legality table.
    let r = t.refused(
        7,
        ClientMsg::Hello {
            version: PROTOCOL_VERSION,
            name: "x".into(),
            join_code: CODE.into(),
            rejoin: None,
            host_key: None,
        },
    );
    assert!(r.contains("already joined"));
}

#[test]
fn seat_conflicts_are_refused_with_reasons() {
    let mut s = settings();
    s.reserved = vec![("Ada".into(), "FRANCE".into())];
    s.seat_codes = vec!["ADAS-CODE".into()];
    s.team_size = 2;
    s.open_teams = true;
    let mut t = Table::new(s);
    t.join(1, "Bob");
    let r = t.refused(
        1,
        ClientMsg::TakeSeat {
            state: "FRANCE".into(),
        },
    );
    assert!(r.contains("kept for Ada"), "{r}");
    let r = t.refused(
        1,
        ClientMsg::TakeSeat {
            state: "Atlantis".into(),
        },
    );
    assert!(r.contains("no state") && r.contains("GERMANY"), "{r}");

    // Ada gets her seat on joining with her seat code.
    t.hello(2, "Ada", "ADAS-CODE", None);
    assert!(t.take(2).iter().any(|m| matches!(
        m,
        ServerMsg::Role { role: Role::Player, seat: Some(s) } if s == "FRANCE"
    )));

    t.send(
        1,
        ClientMsg::TakeSeat {
            state: "germany".into(),
        },
    );
    assert!(t.refusals(1).is_empty());
    let r = t.refused(
        1,
        ClientMsg::TakeSeat {
            state: "GERMANY".into(),
        },
    );
    assert!(r.contains("already sit"), "{r}");
    // Once the game runs, a player keeps the state it plays.
    let r = t.refused(
        1,
        ClientMsg::TakeSeat {
            state: "ITALY".into(),
        },
    );
    assert!(r.contains("seats change only in the lobby"), "{r}");

    // A team has at most team_size players.
    t.seat(3, "Cy", "ITALY");
    t.seat(4, "Di", "ITALY");
    t.join(5, "Ed");
    let r = t.refused(
        5,
        ClientMsg::TakeSeat {
            state: "ITALY".into(),
        },
    );
    assert!(r.contains("full"), "{r}");

    // A seat the host gave to the computer cannot be taken.
    t.hello(9, "Teacher", CODE, Some(HOST_KEY));
    t.host(
        9,
        HostCommand::GiveSeatToComputer {
            state: "TURKEY".into(),
        },
    );
    let r = t.refused(
        5,
        ClientMsg::TakeSeat {
            state: "TURKEY".into(),
        },
    );
    assert!(
        r.contains("given TURKEY to the computer") || r.contains("to the computer"),
        "{r}"
    );
}

#[test]
fn a_team_of_two_shares_a_seat_and_the_last_submission_stands() {
    let mut t = Table::new(Settings {
        open_teams: true,
        ..settings()
    });
    t.seat(1, "Ada", "FRANCE");
    t.seat(2, "Bob", "FRANCE");
    t.join(3, "Watcher");
    t.hello(4, "Teacher", CODE, Some(HOST_KEY));
    for c in 1..=4 {
        t.take(c);
    }
    t.orders(1, &["A PAR - BUR", "A MAR H", "F BRE H"]);
    for c in [1, 2, 4] {
        let got = t.take(c);
        assert!(
            got.iter().any(|m| matches!(
                m,
                ServerMsg::Orders { state, by, accepted, .. }
                    if state == "FRANCE" && by == "Ada" && accepted.contains(&"A PAR - BUR".to_string())
            )),
            "client {c} sees Ada's orders: {got:?}"
        );
    }
    assert!(
        !t.take(3)
            .iter()
            .any(|m| matches!(m, ServerMsg::Orders { .. })),
        "an observer does not see a seat's orders before resolution"
    );
    // Every other seat is the computer's: the phase ends as soon as France has submitted.
    t.advance(Duration::from_millis(1));
    let results = t.results(1);
    assert_eq!(
        results.len(),
        1,
        "France was the only seat with people; it submitted"
    );
    assert!(result_orders(&results[0]).contains(&("A PAR - BUR".into(), "succeeded".into())));

    // Now in F1901M: Ada submits, Bob changes the orders before the phase ends; Bob's stand.
    t.host(4, HostCommand::Pause);
    t.host(4, HostCommand::Resume);
    t.seat(5, "Cy", "ENGLAND"); // a second seat with people keeps the phase open
    t.orders(1, &["A BUR - MUN"]);
    t.orders(2, &["A BUR - BEL"]);
    let msgs = t.take(1);
    assert!(msgs.iter().any(|m| matches!(
        m,
        ServerMsg::Orders { by, accepted, .. } if by == "Bob" && accepted == &vec!["A BUR - BEL".to_string()]
    )), "Ada sees Bob's replacement: {msgs:?}");
    t.orders(5, &[]);
    t.advance(Duration::from_millis(1));
    let results = t.results(3);
    assert_eq!(results.len(), 2, "the observer sees both phases' results");
    let lines = result_orders(&results[1]);
    assert!(lines.iter().any(|(o, _)| o == "A BUR - BEL"), "{lines:?}");
    assert!(!lines.iter().any(|(o, _)| o == "A BUR - MUN"), "{lines:?}");
}

#[test]
fn orders_are_refused_with_reasons_and_play_goes_on() {
    let mut t = Table::new(settings());
    t.seat(1, "Ada", "FRANCE");
    t.seat(2, "Cy", "ENGLAND");
    t.join(3, "Watcher");
    t.take(1);
    let r = t.refused(
        1,
        ClientMsg::SubmitOrders {
            phase: "F1901M".into(),
            orders: vec!["A PAR - BUR".into()],
        },
    );
    assert!(r.contains("S1901M") && r.contains("F1901M"), "{r}");
    let r = t.refused(
        3,
        ClientMsg::SubmitOrders {
            phase: "S1901M".into(),
            orders: vec![],
        },
    );
    assert!(r.contains("only a seated player"), "{r}");

    t.orders(1, &["A BER - KIE", "A PAR TO THE MOON", "A PAR - BUR"]);
    let (accepted, refused) = t
        .take(1)
        .into_iter()
        .find_map(|m| match m {
            ServerMsg::Orders {
                accepted, refused, ..
            } => Some((accepted, refused)),
            _ => None,
        })
        .expect("the seat hears its orders");
    assert_eq!(accepted, vec!["A PAR - BUR".to_string()]);
    assert_eq!(refused.len(), 2);
    assert_eq!(refused[0].0, "A BER - KIE");
    assert!(!refused[0].1.is_empty(), "a wrong unit has a reason");
    assert_eq!(refused[1].0, "A PAR TO THE MOON");
    assert!(!refused[1].1.is_empty(), "an unreadable order has a reason");
    let too_many: Vec<String> = (0..200).map(|_| "A PAR H".to_string()).collect();
    let r = t.refused(
        1,
        ClientMsg::SubmitOrders {
            phase: "S1901M".into(),
            orders: too_many,
        },
    );
    assert!(r.contains("at most"), "{r}");
    // The game goes on.
    t.orders(2, &["F LON - NTH"]);
    t.advance(Duration::from_millis(1));
    assert_eq!(t.session.phase_name(), "F1901M");
}

#[test]
fn a_phase_ends_when_every_seat_has_submitted_or_when_the_clock_runs_out() {
    let mut t = Table::new(settings());
    t.seat(1, "Ada", "FRANCE");
    t.seat(2, "Bob", "GERMANY");
    t.orders(1, &["A PAR - BUR"]);
    t.advance(Duration::from_secs(1));
    assert_eq!(
        t.session.phase_name(),
        "S1901M",
        "Germany has not submitted"
    );
    t.orders(2, &["A MUN H"]);
    t.advance(Duration::from_millis(1));
    assert_eq!(
        t.session.phase_name(),
        "F1901M",
        "all in: the phase ends at once"
    );

    // Nobody submits: the clock (60 s for movement) decides, and the units hold.
    t.advance(Duration::from_secs(59));
    assert_eq!(t.session.phase_name(), "F1901M");
    t.take(1);
    t.advance(Duration::from_secs(2));
    assert_ne!(t.session.phase_name(), "F1901M");
    let results = t.results(1);
    assert_eq!(results.len(), 1);
    assert!(
        !result_orders(&results[0])
            .iter()
            .any(|(o, _)| o.starts_with("A BUR")),
        "a seat without orders holds"
    );
}

#[test]
fn with_nobody_seated_phases_pass_at_the_watching_pace() {
    let mut s = settings();
    s.pace_ms = 1000;
    s.computer = ComputerKind::Doctrine;
    let mut t = Table::new(s);
    t.advance(Duration::from_millis(999));
    assert_eq!(t.session.phases_resolved(), 0);
    t.advance(Duration::from_millis(2));
    assert_eq!(t.session.phases_resolved(), 1);
    for _ in 0..5 {
        t.advance(Duration::from_millis(1000));
    }
    assert_eq!(t.session.phases_resolved(), 6);
    // A person sitting down in a movement phase gets the phase's clock, not a second. (In a
    // phase where nobody has orders to give, the phase would rightly end at once.)
    while !t.session.phase_name().ends_with('M') {
        t.advance(Duration::from_millis(1000));
    }
    t.seat(1, "Ada", "FRANCE");
    let before = t.session.phases_resolved();
    let phase = t.session.phase_name();
    t.advance(Duration::from_secs(5));
    assert_eq!(
        t.session.phases_resolved(),
        before,
        "{phase} -> {}",
        t.session.phase_name()
    );
}

#[test]
fn the_host_pauses_extends_resolves_rolls_back_and_ends() {
    let mut t = Table::new(settings());
    t.seat(1, "Ada", "FRANCE");
    t.hello(9, "Teacher", CODE, Some(HOST_KEY));
    let r = t.refused(1, ClientMsg::Host(HostCommand::Pause));
    assert!(r.contains("only the host"), "{r}");

    t.host(9, HostCommand::Pause);
    assert_eq!(t.session.stage(), SessionState::Paused);
    let r = t.refused(
        1,
        ClientMsg::SubmitOrders {
            phase: "S1901M".into(),
            orders: vec![],
        },
    );
    assert!(r.contains("paused"), "{r}");
    t.advance(Duration::from_secs(600));
    assert_eq!(
        t.session.phase_name(),
        "S1901M",
        "the clock stops while paused"
    );
    t.host(9, HostCommand::Resume);
    t.host(9, HostCommand::ExtendClock { seconds: 100 });
    t.advance(Duration::from_secs(150));
    assert_eq!(t.session.phase_name(), "S1901M", "60 s + 100 s");
    t.advance(Duration::from_secs(20));
    assert_eq!(t.session.phase_name(), "F1901M");

    t.orders(1, &["A PAR - PIC"]);
    t.host(9, HostCommand::Pause);
    t.host(9, HostCommand::ResolveNow);
    let after_autumn = t.session.phase_name();
    assert_ne!(after_autumn, "F1901M");
    t.host(9, HostCommand::Resume);
    let board_autumn_start = {
        t.host(9, HostCommand::RollBack);
        t.session.game().position().clone()
    };
    assert_eq!(
        t.session.phase_name(),
        "F1901M",
        "back to the start of autumn"
    );
    assert!(
        t.session.game().position().units.iter().flatten().all(|u| t
            .session
            .game()
            .scenario()
            .map
            .loc_name(u.loc)
            != "PIC"),
        "the rolled-back move is undone"
    );
    assert_eq!(&board_autumn_start, t.session.game().position());

    // The host gives France to the computer, and takes it back.
    t.host(
        9,
        HostCommand::GiveSeatToComputer {
            state: "FRANCE".into(),
        },
    );
    assert!(
        t.session
            .computer_plays(entente_shared::scenario::StateId(2))
    );
    let phase = t.session.phase_name();
    let r = t.refused(
        1,
        ClientMsg::SubmitOrders {
            phase,
            orders: vec![],
        },
    );
    assert!(r.contains("computer plays"), "{r}");
    t.host(
        9,
        HostCommand::TakeSeatBack {
            state: "FRANCE".into(),
        },
    );
    assert!(
        !t.session
            .computer_plays(entente_shared::scenario::StateId(2))
    );

    // The host removes a player: the player is told, and its token no longer works.
    let token = t.seat(2, "Bob", "GERMANY");
    t.take(2);
    let bob = t.ids[&2];
    t.host(9, HostCommand::Remove { client: bob });
    assert!(
        t.take(2)
            .iter()
            .any(|m| matches!(m, ServerMsg::Closing { .. }))
    );
    t.session.disconnected(2, t.now);
    t.session.connected(12, t.now);
    t.send(
        12,
        ClientMsg::Hello {
            version: PROTOCOL_VERSION,
            name: "Bob".into(),
            join_code: CODE.into(),
            rejoin: Some(token),
            host_key: None,
        },
    );
    assert!(t.refusals(12)[0].contains("token"));

    t.host(9, HostCommand::EndGame);
    assert_eq!(t.session.stage(), SessionState::Over);
    assert!(
        t.take(1)
            .iter()
            .any(|m| matches!(m, ServerMsg::GameOver { .. }))
    );
}

#[test]
fn private_press_reaches_only_its_states_and_the_host() {
    let mut t = Table::new(settings());
    t.seat(1, "Ada", "FRANCE");
    t.seat(2, "Bob", "GERMANY");
    t.seat(3, "Cy", "ITALY");
    t.join(4, "Watcher");
    t.hello(9, "Teacher", CODE, Some(HOST_KEY));
    for c in [1, 2, 3, 4, 9] {
        t.take(c);
    }
    t.send(
        1,
        ClientMsg::Press {
            to: vec!["Germany".into()],
            text: "Burgundy stays empty?".into(),
        },
    );
    let got = |t: &mut Table, c| {
        t.take(c)
            .iter()
            .any(|m| matches!(m, ServerMsg::Press { text, .. } if text == "Burgundy stays empty?"))
    };
    assert!(got(&mut t, 1) && got(&mut t, 2) && got(&mut t, 9));
    assert!(!got(&mut t, 3) && !got(&mut t, 4));
    t.send(
        3,
        ClientMsg::Press {
            to: vec![],
            text: "Burgundy stays empty?".into(),
        },
    );
    assert!(got(&mut t, 1) && got(&mut t, 2) && got(&mut t, 4) && got(&mut t, 9));
    let r = t.refused(
        4,
        ClientMsg::Press {
            to: vec![],
            text: "hi".into(),
        },
    );
    assert!(r.contains("seated"), "{r}");
}

/// The Balkans 1912 played by computer players at the watching pace (seed 30001: soft
/// balancers speak within its first phases).
fn balkans_computer_game() -> Settings {
    let mut s = settings();
    s.scenario = "balkans-1912".into();
    s.computer = ComputerKind::Doctrine;
    s.seed = 30001;
    s.pace_ms = 10;
    s
}

/// Computer states balancing softly against the same state say so together in public press,
/// once when their group forms (not every phase), and the text names them and the state.
#[test]
fn soft_balancers_speak_together_in_public() {
    let mut t = Table::new(balkans_computer_game());
    t.join(4, "Watcher");
    let mut heard: Vec<(String, String)> = Vec::new();
    let mut phases = 0;
    while phases < 60 && heard.len() < 2 {
        t.advance(Duration::from_millis(10));
        phases = t.session.phases_resolved();
        for m in t.take(4) {
            if let ServerMsg::Press { from, to, text } = m {
                assert!(to.is_empty(), "said in public");
                heard.push((from, text));
            }
        }
    }
    let (from, text) = heard
        .first()
        .expect("soft balancers spoke within 60 phases");
    assert!(
        text.contains(" and ") && text.contains("no support and no passage"),
        "{text}"
    );
    let first_name = text.split([',', ' ']).next().unwrap().to_uppercase();
    assert!(
        first_name.starts_with(&from[..3]),
        "the first named speaks: {from} / {text}"
    );
    // The same group is not heard again while it stands.
    if let [(_, a), (_, b)] = heard.as_slice() {
        assert_ne!(a, b, "a group speaks once");
    }
}

/// A game resumed from its record remembers which soft-balancing groups have spoken: the group
/// heard just before the server stopped is not heard again while it stands.
#[test]
fn a_resumed_game_does_not_repeat_the_soft_balancers_press() {
    let mut t = Table::new(balkans_computer_game());
    let spoken = |entries: &[Entry]| -> Vec<(usize, u8, String)> {
        entries
            .iter()
            .enumerate()
            .filter_map(|(i, e)| match e {
                Entry::Press { from, to, text } if to.is_empty() => Some((i, *from, text.clone())),
                _ => None,
            })
            .collect()
    };
    while spoken(&t.entries).is_empty() && t.session.phases_resolved() < 60 {
        t.advance(Duration::from_millis(10));
    }
    let (at, from, text) = spoken(&t.entries)
        .into_iter()
        .next()
        .expect("soft balancers spoke within 60 phases");
    // The server stops right after the press is written, and is resumed from its record.
    let resumed = Session::replay(&t.entries[..=at]).expect("the record replays");
    let start = resumed.phases_resolved();
    let first = resumed.phase_name();
    let mut r = Table::with(resumed);
    // On to the next movement phase, where stances are taken again and groups speak.
    while (r.session.phase_name() == first || !r.session.phase_name().ends_with('M'))
        && r.session.phases_resolved() < start + 4
    {
        r.advance(Duration::from_millis(10));
    }
    let still =
        r.session.table().considered().iter().any(|c| {
            c.state == from && c.stance == entente_shared::alignment::Stance::SoftBalancing
        });
    assert!(
        still,
        "the speaker still balances softly (else this test shows nothing)"
    );
    let again: Vec<_> = spoken(&r.entries)
        .into_iter()
        .filter(|(_, _, x)| *x == text)
        .collect();
    assert!(again.is_empty(), "said again after the resume: {again:?}");
}

#[test]
fn proposals_are_answered_by_people_or_by_the_computer_with_reasons() {
    let mut s = settings();
    s.computer = ComputerKind::Doctrine;
    let mut t = Table::new(s);
    t.seat(1, "Ada", "FRANCE");
    t.seat(2, "Bob", "GERMANY");
    t.join(4, "Watcher");
    for c in [1, 2, 4] {
        t.take(c);
    }
    // To a computer seat: answered at once, with the doctrine's reason.
    t.send(
        1,
        ClientMsg::ProposeAlliance {
            to: "ITALY".into(),
            against: "AUSTRIA".into(),
        },
    );
    let answer = t
        .take(1)
        .into_iter()
        .find_map(|m| match m {
            ServerMsg::ProposalAnswered { by, reason, .. } => Some((by, reason)),
            _ => None,
        })
        .expect("the computer answers");
    assert_eq!(answer.0, "ITALY");
    assert!(answer.1.len() > 10, "with a reason: {}", answer.1);

    // To a person: the proposal waits for the answer.
    t.send(
        1,
        ClientMsg::ProposeAlliance {
            to: "GERMANY".into(),
            against: "ENGLAND".into(),
        },
    );
    let id = t
        .take(2)
        .into_iter()
        .find_map(|m| match m {
            ServerMsg::Proposal { id, from, kind, .. } => {
                assert_eq!(from, "FRANCE");
                assert_eq!(
                    kind,
                    ProposalKind::Alliance {
                        against: "ENGLAND".into()
                    }
                );
                Some(id)
            }
            _ => None,
        })
        .expect("Germany hears the proposal");
    let r = t.refused(
        1,
        ClientMsg::Answer {
            proposal: id,
            accept: true,
            reason: String::new(),
        },
    );
    assert!(r.contains("not made to you"), "{r}");
    t.send(
        2,
        ClientMsg::Answer {
            proposal: id,
            accept: true,
            reason: "England is the danger".into(),
        },
    );
    assert!(t.take(4).iter().any(|m| matches!(
        m,
        ServerMsg::Tie { text, .. } if text.contains("France and Germany ally against England")
    )));
    let r = t.refused(
        1,
        ClientMsg::ProposeAlliance {
            to: "GERMANY".into(),
            against: "RUSSIA".into(),
        },
    );
    assert!(r.contains("already a partner"), "{r}");
    t.send(
        1,
        ClientMsg::LeaveTie {
            partner: "GERMANY".into(),
        },
    );
    assert!(t.take(4).iter().any(|m| matches!(
        m,
        ServerMsg::Tie { text, .. } if text.contains("France leaves its tie with Germany")
    )));
}

#[test]
fn a_seat_left_empty_goes_to_the_computer_after_the_grace_period_and_comes_back() {
    let mut t = Table::new(settings());
    let token = t.seat(1, "Ada", "FRANCE");
    t.seat(2, "Bob", "GERMANY");
    let france = entente_shared::scenario::StateId(2);
    t.session.disconnected(1, t.now);
    t.advance(Duration::from_secs(19));
    assert!(!t.session.computer_plays(france), "within the grace period");
    t.advance(Duration::from_secs(2));
    assert!(t.session.computer_plays(france), "after the grace period");
    // Ada comes back with her token, on a new connection.
    t.session.connected(11, t.now);
    t.send(
        11,
        ClientMsg::Hello {
            version: PROTOCOL_VERSION,
            name: String::new(),
            join_code: CODE.into(),
            rejoin: Some(token),
            host_key: None,
        },
    );
    assert!(t.take(11).iter().any(|m| matches!(
        m,
        ServerMsg::Welcome { seat: Some(s), role: Role::Player, .. } if s == "FRANCE"
    )));
    assert!(!t.session.computer_plays(france), "her seat is hers again");
    t.orders(11, &["A PAR - BUR"]);
    assert!(t.refusals(11).is_empty());
}

#[test]
fn replaying_the_record_rebuilds_the_same_session() {
    let mut s = settings();
    s.computer = ComputerKind::Doctrine;
    let mut t = Table::new(s);
    t.seat(1, "Ada", "FRANCE");
    t.seat(2, "Bob", "GERMANY");
    t.hello(9, "Teacher", CODE, Some(HOST_KEY));
    t.orders(1, &["A PAR - BUR"]);
    t.orders(2, &["A MUN - RUH"]);
    t.advance(Duration::from_millis(1));
    t.orders(1, &["A BUR - BEL"]);
    t.host(
        9,
        HostCommand::GiveSeatToComputer {
            state: "GERMANY".into(),
        },
    );
    t.advance(Duration::from_millis(1));
    t.host(9, HostCommand::RollBack);
    t.orders(1, &["A BUR - MUN", "F BRE - MAO"]);
    t.host(
        9,
        HostCommand::TakeSeatBack {
            state: "GERMANY".into(),
        },
    );
    t.send(
        1,
        ClientMsg::Press {
            to: vec![],
            text: "hello".into(),
        },
    );
    let replayed = Session::replay(&t.entries).expect("the record replays");
    assert_eq!(replayed.phase_name(), t.session.phase_name());
    assert_eq!(replayed.game().position(), t.session.game().position());
    assert_eq!(replayed.phases_resolved(), t.session.phases_resolved());
    for s in t.session.game().scenario().state_ids() {
        assert_eq!(replayed.members(s), t.session.members(s));
        assert_eq!(replayed.computer_plays(s), t.session.computer_plays(s));
    }
    // The orders given since the phase began are there too: resolving both gives one board.
    let mut a = t.session.game().clone();
    let mut b = replayed.game().clone();
    a.resolve();
    b.resolve();
    assert_eq!(a.position(), b.position());
}

#[test]
fn the_same_seed_plays_the_same_game() {
    let play = |seed| {
        let mut s = settings();
        s.computer = ComputerKind::Doctrine;
        s.seed = seed;
        s.pace_ms = 10;
        let mut t = Table::new(s);
        for _ in 0..30 {
            t.advance(Duration::from_millis(10));
        }
        (t.session.phase_name(), t.session.game().position().clone())
    };
    let (p1, b1) = play(5);
    let (p2, b2) = play(5);
    assert_eq!(p1, p2);
    assert_eq!(b1, b2);
    assert!(p1 != "S1901M", "the game moved on");
}

/// The doctrines' computer players, a host (9), Ada at France (1) and a watcher (2); the host has
/// started the game and nothing has been read yet.
fn a_class_with_computer_players() -> Table {
    let mut s = settings();
    s.computer = ComputerKind::Doctrine;
    s.lobby = true;
    let mut t = Table::new(s);
    t.hello(9, "Teacher", CODE, Some(HOST_KEY));
    t.seat(1, "Ada", "FRANCE");
    t.join(2, "Watcher");
    t.take(9);
    t.take(2);
    t.send(9, ClientMsg::Host(HostCommand::Start));
    t
}

#[test]
fn the_host_sees_computer_decisions_threats_and_every_order() {
    let mut t = a_class_with_computer_players();
    let host: Vec<ServerMsg> = t.take(9);
    let lines: Vec<String> = host
        .iter()
        .filter_map(|m| match m {
            ServerMsg::HostLog { lines } => Some(lines.clone()),
            _ => None,
        })
        .flatten()
        .collect();
    assert!(
        lines.iter().any(|l| l.starts_with("threat to France from")),
        "threat reports: {lines:?}"
    );
    assert!(
        lines.iter().any(|l| l.starts_with("[Germany, ")),
        "computer decisions with their doctrine: {lines:?}"
    );
    assert!(
        lines.iter().any(|l| l.starts_with("Germany A MUN")),
        "computer orders with reasons: {lines:?}"
    );
    assert!(
        host.iter()
            .any(|m| matches!(m, ServerMsg::Orders { state, by, .. } if state == "GERMANY" && by == "computer")),
        "the host sees every seat's orders"
    );
    let threats = host
        .iter()
        .find_map(|m| match m {
            ServerMsg::Threats { states, cells, .. } => Some((states.clone(), cells.clone())),
            _ => None,
        })
        .expect("the host gets the threat matrix");
    assert_eq!(threats.0.len(), 7);
    let (f, g) = (
        threats.0.iter().position(|s| s == "FRANCE").unwrap(),
        threats.0.iter().position(|s| s == "GERMANY").unwrap(),
    );
    let cell = threats.1[f][g];
    assert!(cell.total > 0.0 && cell.proximity > 0.0, "{cell:?}");
    let watcher = t.take(2);
    assert!(
        !watcher.iter().any(|m| matches!(
            m,
            ServerMsg::HostLog { .. } | ServerMsg::Orders { .. } | ServerMsg::Threats { .. }
        )),
        "an observer sees neither"
    );
    assert!(
        watcher
            .iter()
            .any(|m| matches!(m, ServerMsg::Phase { phase, session: SessionState::Playing, .. } if phase == "S1901M")),
        "but sees the phase begin"
    );
}

#[test]
fn an_alignment_is_asked_of_a_stronger_state() {
    let mut s = settings();
    s.computer = ComputerKind::Doctrine;
    let mut t = Table::new(s);
    t.seat(1, "Ada", "AUSTRIA");
    t.take(1);
    // Russia (4 centres) is stronger than Austria (3): it takes a follower.
    t.send(
        1,
        ClientMsg::ProposeAlignment {
            with: "RUSSIA".into(),
        },
    );
    let answer = t.take(1).into_iter().find_map(|m| match m {
        ServerMsg::ProposalAnswered { accept, reason, .. } => Some((accept, reason)),
        _ => None,
    });
    let (accept, reason) = answer.expect("answered");
    assert!(accept, "{reason}");
    assert!(reason.contains("Russia"), "{reason}");
    let r = t.refused(
        1,
        ClientMsg::ProposeAlignment {
            with: "TURKEY".into(),
        },
    );
    assert!(r.contains("partner") || r.contains("patron"), "{r}");
}

/// A proposal of alliance to `to` against `against`.
fn alliance(to: &str, against: &str) -> ClientMsg {
    ClientMsg::ProposeAlliance {
        to: to.into(),
        against: against.into(),
    }
}

/// A junior makes alliances of its own against a third state (a client's regional alliance),
/// but none against its patron's side: the rules refuse that with the reason.
#[test]
fn a_junior_allies_against_a_third_state_but_never_against_its_patron() {
    let mut s = settings();
    s.computer = ComputerKind::Doctrine;
    let mut t = Table::new(s);
    t.seat(1, "Ada", "AUSTRIA");
    t.seat(2, "Bob", "ITALY");
    t.take(1);
    t.take(2);
    t.send(
        1,
        ClientMsg::ProposeAlignment {
            with: "RUSSIA".into(),
        },
    );
    let accepted = t
        .take(1)
        .into_iter()
        .any(|m| matches!(m, ServerMsg::ProposalAnswered { accept: true, .. }));
    assert!(accepted, "Russia takes Austria as its junior");
    let r = t.refused(1, alliance("ITALY", "RUSSIA"));
    assert!(r.contains("patron"), "{r}");
    t.send(1, alliance("ITALY", "TURKEY"));
    assert!(
        t.refusals(1).is_empty(),
        "an alliance against a third state may be asked"
    );
    let id = t
        .take(2)
        .into_iter()
        .find_map(|m| match m {
            ServerMsg::Proposal { id, .. } => Some(id),
            _ => None,
        })
        .expect("Italy hears the proposal");
    t.send(
        2,
        ClientMsg::Answer {
            proposal: id,
            accept: true,
            reason: String::new(),
        },
    );
    let made = t.take(2).into_iter().any(|m| {
        matches!(m, ServerMsg::Tie { kind: TieEventKind::Allied, a, b, against: Some(x), .. }
            if a == "AUSTRIA" && b == "ITALY" && x == "TURKEY")
    });
    assert!(made, "Austria and Italy allied against Turkey");
}

#[test]
fn only_the_first_person_to_sit_down_sets_the_clock() {
    let mut t = Table::new(settings());
    t.advance(Duration::from_millis(500));
    t.seat(1, "Ada", "FRANCE");
    let first = t.session.deadline().expect("a clock");
    assert_eq!(first, Duration::from_millis(500) + Duration::from_secs(60));
    t.advance(Duration::from_secs(30));
    t.seat(2, "Bob", "GERMANY");
    assert_eq!(
        t.session.deadline(),
        Some(first),
        "a later player does not add time"
    );
}

#[test]
fn a_seat_sees_its_threat_lens_and_the_host_gets_the_debrief() {
    let mut t = a_class_with_computer_players();
    let lens = |msgs: &[ServerMsg]| -> Vec<(String, Vec<LensRow>)> {
        msgs.iter()
            .filter_map(|m| match m {
                ServerMsg::Lens { state, rows, .. } => Some((state.clone(), rows.clone())),
                _ => None,
            })
            .collect()
    };
    let ada = lens(&t.take(1));
    assert_eq!(ada.len(), 1, "Ada sees France's lens only");
    let (state, rows) = &ada[0];
    assert_eq!(state, "FRANCE");
    assert_eq!(rows.len(), 6, "every other state");
    let germany = rows.iter().find(|r| r.state == "GERMANY").unwrap();
    let v = germany.threat_to_us;
    let sum = v.power + v.proximity + v.offence + v.intentions;
    assert!(
        v.total > 0.0 && (sum - v.total).abs() < 0.01,
        "parts add up: {v:?}"
    );
    assert!(germany.our_threat_to_them.total > 0.0);
    assert_eq!(lens(&t.take(9)).len(), 7, "the host gets every seat's lens");
    assert!(lens(&t.take(2)).is_empty(), "an observer sees none");

    // A phase with an attack on France: the lens names it behind the intention term.
    t.orders(1, &["A PAR H", "A MAR H", "F BRE H"]);
    t.advance(Duration::from_secs(61));
    t.orders(1, &["A PAR H", "A MAR H", "F BRE H"]);
    t.advance(Duration::from_secs(61));
    for _ in 0..3 {
        t.advance(Duration::from_secs(61));
    }

    // The host asks for the debrief: it comes whole, with the phases played so far.
    t.take(9);
    t.send(9, ClientMsg::Host(HostCommand::WriteReport));
    let report = t
        .take(9)
        .into_iter()
        .find_map(|m| match m {
            ServerMsg::Report { html, .. } => Some(html),
            _ => None,
        })
        .expect("the host gets the report");
    assert!(report.starts_with("<!doctype html>"), "{}", &report[..40]);
    assert!(report.contains("<svg") && report.contains("France"));
    assert!(
        t.refused(1, ClientMsg::Host(HostCommand::WriteReport))
            .contains("only the host")
    );

    // At the game's end every host gets it unasked.
    t.send(9, ClientMsg::Host(HostCommand::EndGame));
    assert!(
        t.take(9)
            .iter()
            .any(|m| matches!(m, ServerMsg::Report { html, .. } if html.contains("<svg"))),
        "the debrief at the end"
    );
}

// ---- One match loop: consent, the record as the only truth, the rules of ties ----

use std::sync::Arc;

use entente_shared::alignment::{Action, Answer, Decision, Stance};
use entente_shared::play::{ComputerPlayer, Match, Proposal};
use entente_shared::scenario::StateId;

/// A test computer player: Italy asks France for an alliance against Germany in every movement
/// phase, answers nothing with yes, and lets its units hold.
struct ItalyCourtsFrance;

impl ComputerPlayer for ItalyCourtsFrance {
    fn name(&self) -> &'static str {
        "test"
    }
    fn decide_ties(&self, table: &Match, seats: &[StateId]) -> Vec<Decision> {
        let s = table.game().scenario();
        let (italy, france, germany) = (
            s.find_state("ITALY").unwrap(),
            s.find_state("FRANCE").unwrap(),
            s.find_state("GERMANY").unwrap(),
        );
        seats
            .iter()
            .filter(|&&x| x == italy && !table.ties().are_allied(italy.index(), france.index()))
            .map(|_| Decision {
                state: italy.index(),
                doctrine: "test",
                action: Action::ProposeAlliance {
                    to: france.index(),
                    against: germany.index(),
                },
                stance: Stance::Balancing,
                threat: None,
                sentence: "Italy fears Germany.".into(),
            })
            .collect()
    }
    fn answer(&self, _table: &Match, _p: &Proposal) -> Answer {
        Answer {
            accept: false,
            sentence: "no".into(),
        }
    }
    fn orders(
        &self,
        _table: &Match,
        _seats: &[StateId],
        _rng: &mut rand_chacha::ChaCha8Rng,
    ) -> Vec<(StateId, entente_shared::ai::OrderChoice)> {
        Vec::new()
    }
}

/// A computer player that must never be asked: a replay reads decisions from the record.
struct NeverAsked;

impl ComputerPlayer for NeverAsked {
    fn name(&self) -> &'static str {
        "never"
    }
    fn decide_ties(&self, _: &Match, _: &[StateId]) -> Vec<Decision> {
        panic!("a replay asked a computer player to decide ties")
    }
    fn answer(&self, _: &Match, _: &Proposal) -> Answer {
        panic!("a replay asked a computer player to answer")
    }
    fn orders(
        &self,
        _: &Match,
        _: &[StateId],
        _: &mut rand_chacha::ChaCha8Rng,
    ) -> Vec<(StateId, entente_shared::ai::OrderChoice)> {
        panic!("a replay asked a computer player for orders")
    }
}

/// A lobby with the host (9) and Ada at France (1), computer players of the given kind.
fn class_with(player: Arc<dyn ComputerPlayer>) -> Table {
    class_with_settings(player, settings())
}

fn class_with_settings(player: Arc<dyn ComputerPlayer>, mut s: Settings) -> Table {
    s.lobby = true;
    let mut t = Table::with(Session::with_player(s, player).expect("a session"));
    t.hello(9, "Teacher", CODE, Some(HOST_KEY));
    t.seat(1, "Ada", "FRANCE");
    t.take(1);
    t.take(9);
    t.host(9, HostCommand::Start);
    t
}

fn allied(t: &Table, a: &str, b: &str) -> bool {
    let s = t.session.game().scenario();
    let (a, b) = (s.find_state(a).unwrap(), s.find_state(b).unwrap());
    t.session.table().ties().are_allied(a.index(), b.index())
}

#[test]
fn a_persons_seat_is_allied_only_when_one_of_its_players_accepts() {
    let mut t = class_with(Arc::new(ItalyCourtsFrance));
    let id = t
        .take(1)
        .into_iter()
        .find_map(|m| match m {
            ServerMsg::Proposal { id, from, .. } if from == "ITALY" => Some(id),
            _ => None,
        })
        .expect("Ada hears Italy's proposal");
    assert!(!allied(&t, "ITALY", "FRANCE"), "nobody has answered yet");
    t.send(
        1,
        ClientMsg::Answer {
            proposal: id,
            accept: true,
            reason: "Germany it is".into(),
        },
    );
    assert!(allied(&t, "ITALY", "FRANCE"), "Ada accepted");
    assert!(t.entries.iter().any(|e| matches!(
        e,
        Entry::Play {
            command: entente_shared::play::Command::Answer { accept: true, .. },
            by: Some(_)
        }
    )));
}

#[test]
fn a_proposal_nobody_answers_lapses_with_its_phase() {
    let mut t = class_with(Arc::new(ItalyCourtsFrance));
    assert!(
        t.take(1)
            .iter()
            .any(|m| matches!(m, ServerMsg::Proposal { from, .. } if from == "ITALY"))
    );
    // Ada gives orders but never answers; the phase ends.
    t.orders(1, &["A PAR H"]);
    t.advance(Duration::from_millis(10));
    assert!(t.session.phases_resolved() >= 1);
    assert!(!allied(&t, "ITALY", "FRANCE"), "silence is a refusal");
    assert!(t.take(1).iter().any(|m| matches!(
        m,
        ServerMsg::ProposalAnswered { accept: false, reason, .. } if reason.contains("no answer")
    )));
}

#[test]
fn when_everyone_has_left_the_game_waits_for_them_until_the_host_lets_it_run() {
    let mut t = Table::new(settings());
    t.seat(1, "Ada", "FRANCE");
    t.hello(9, "Teacher", CODE, Some(HOST_KEY));
    t.session.disconnected(1, t.now);
    t.advance(Duration::from_secs(21));
    assert!(
        t.session.computer_plays(StateId(2)),
        "after the grace period"
    );
    assert_eq!(t.session.stage(), SessionState::Paused, "the game waits");
    let resolved = t.session.phases_resolved();
    for _ in 0..30 {
        t.advance(Duration::from_secs(20));
    }
    assert_eq!(t.session.phases_resolved(), resolved, "no phase passes");
    t.host(9, HostCommand::Resume);
    assert_eq!(t.session.stage(), SessionState::Playing);
    for _ in 0..60 {
        t.advance(Duration::from_secs(2));
    }
    assert!(
        t.session.phases_resolved() > resolved + 10,
        "the host let it run at the watching pace"
    );
}

#[test]
fn a_proposal_lapses_at_the_hosts_answer_deadline() {
    let mut s = settings();
    s.answer_secs = 20;
    let mut t = class_with_settings(Arc::new(ItalyCourtsFrance), s);
    assert!(
        t.take(1)
            .iter()
            .any(|m| matches!(m, ServerMsg::Proposal { from, .. } if from == "ITALY"))
    );
    t.advance(Duration::from_secs(19));
    assert!(t.session.table().proposals().next().is_some(), "still open");
    t.advance(Duration::from_secs(2));
    assert_eq!(t.session.phases_resolved(), 0, "the phase goes on");
    assert!(t.session.table().proposals().next().is_none(), "lapsed");
    assert!(!allied(&t, "ITALY", "FRANCE"));
    assert!(t.take(1).iter().any(|m| matches!(
        m,
        ServerMsg::ProposalAnswered { accept: false, reason, .. } if reason.contains("within 20 s")
    )));
}

#[test]
fn a_replay_reads_the_computers_decisions_and_never_asks_a_computer_player() {
    let mut s = settings();
    s.computer = ComputerKind::Doctrine;
    s.pace_ms = 10;
    let mut t = Table::new(s);
    t.seat(1, "Ada", "FRANCE");
    for _ in 0..40 {
        t.orders(1, &["A PAR H"]);
        t.advance(Duration::from_secs(61));
    }
    assert!(t.session.phases_resolved() >= 20);
    assert!(
        !t.session.table().tie_events().is_empty(),
        "the computer states made ties"
    );
    // The computer player behind the record is gone (as after a change of its constants): the
    // record alone replays the same game, ties and debrief.
    let replayed =
        Session::replay_with(&t.entries, Some(Arc::new(NeverAsked))).expect("the record replays");
    assert_eq!(replayed.game().position(), t.session.game().position());
    assert_eq!(replayed.table().ties(), t.session.table().ties());
    assert_eq!(
        replayed.table().tie_events(),
        t.session.table().tie_events()
    );
    assert_eq!(
        serde_json::to_string(&replayed.debrief()).unwrap(),
        serde_json::to_string(&t.session.debrief()).unwrap()
    );
}

#[test]
fn a_record_from_another_engine_replays_exactly_or_is_refused_with_a_reason() {
    let mut t = Table::new(settings());
    t.seat(1, "Ada", "FRANCE");
    for _ in 0..6 {
        t.orders(1, &["A PAR - BUR"]);
        t.advance(Duration::from_secs(61));
    }
    // Another version of the same record format: replayed, and checked board by board.
    let mut other = t.entries.clone();
    if let Entry::Began { engine, .. } = &mut other[0] {
        *engine = "entente 0.0.9".into();
    }
    let replayed = Session::replay(&other).expect("the same format replays");
    assert_eq!(replayed.game().position(), t.session.game().position());
    // Another record format: refused with a sentence.
    let mut older = t.entries.clone();
    if let Entry::Began { format, .. } = &mut older[0] {
        *format -= 1;
    }
    let why = Session::replay(&older).err().expect("refused").to_string();
    assert!(
        why.contains("cannot replay it") && why.contains("entente"),
        "{why}"
    );
    // Rules that reach another board: refused where they part ways.
    let mut moved = other.clone();
    let reached = moved
        .iter_mut()
        .find_map(|e| match e {
            Entry::Reached { fingerprint, .. } => Some(fingerprint),
            _ => None,
        })
        .expect("resolved boards are fingerprinted");
    *reached ^= 1;
    let why = Session::replay(&moved).err().expect("refused").to_string();
    assert!(
        why.contains("another board") && why.contains("entente 0.0.9"),
        "{why}"
    );
}

#[test]
fn with_stand_in_computer_players_the_scenarios_ties_stand_and_break_on_an_attack() {
    // The classic map with Austria and Italy allied at the start.
    let dir = std::env::temp_dir().join(format!("entente-ties-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("allied.ron");
    let classic = std::fs::read_to_string(
        entente_shared::scenario::assets_dir().join("scenarios/classic.ron"),
    )
    .unwrap();
    let text = classic.replacen(
        "    calendar:",
        "    alliances: [AllianceFile(members: [\"AUSTRIA\", \"ITALY\"])],\n    calendar:",
        1,
    );
    std::fs::write(&path, text).unwrap();
    let mut s = settings();
    s.scenario = path.display().to_string();
    s.computer = ComputerKind::Hold;
    s.lobby = true;
    let mut t = Table::new(s);
    t.hello(9, "Teacher", CODE, Some(HOST_KEY));
    t.seat(1, "Ada", "AUSTRIA");
    t.host(9, HostCommand::Start);
    assert!(allied(&t, "AUSTRIA", "ITALY"), "the opening tie stands");
    t.take(1);
    t.orders(1, &["F TRI - VEN", "A VIE H", "A BUD H"]);
    t.advance(Duration::from_millis(10));
    assert!(t.session.phases_resolved() >= 1);
    assert!(!allied(&t, "AUSTRIA", "ITALY"), "the attack broke the tie");
    assert!(t.take(1).iter().any(|m| matches!(
        m,
        ServerMsg::Tie { kind: entente_shared::play::TieEventKind::Broken, a, b, text, .. }
            if a == "AUSTRIA" && b == "ITALY" && text.contains("Austria breaks its tie with Italy")
    )));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn report_on_a_served_games_journal_writes_the_servers_debrief() {
    let mut s = settings();
    s.computer = ComputerKind::Doctrine;
    let mut t = Table::new(s);
    t.seat(1, "Ada", "FRANCE");
    for _ in 0..12 {
        t.orders(1, &["A PAR H"]);
        t.advance(Duration::from_secs(61));
    }
    let dir = std::env::temp_dir().join(format!("entente-journal-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let journal = dir.join("game.jsonl");
    let mut text = String::new();
    for e in &t.entries {
        text.push_str(&serde_json::to_string(e).unwrap());
        text.push('\n');
    }
    std::fs::write(&journal, text).unwrap();
    let out = dir.join("debrief.html");
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_entente-server"))
        .args([
            "report",
            journal.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ])
        .output()
        .expect("the server binary runs");
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    let written = std::fs::read_to_string(&out).unwrap();
    let served = entente_server::report::html(&t.session.debrief());
    assert!(written.len() > 10_000, "a whole debrief");
    assert_eq!(written, served, "the same debrief as the server's");
    std::fs::remove_dir_all(&dir).unwrap();
}
