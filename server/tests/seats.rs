//! Seats nobody can steal (issue 20): a kept seat is claimed with its code, not by the name;
//! names compared as people read them; joining a team people hold needs their or the host's
//! approval; in the lobby the host starts the game and sees who is ready; the record keeps the
//! host key and rejoin tokens as hashes (and old records with them in clear still resume);
//! removals and bars are replayed on resume; proposals re-sent on rejoin are not repeated.
//! In-process: connections are numbers, as they are to the session behind the transport.

use std::collections::HashMap;
use std::net::IpAddr;
use std::time::Duration;

use entente_server::session::{Entry, Session, Settings};
use entente_server::turn::computer::ComputerKind;
use entente_shared::protocol::{
    ClientMsg, HostCommand, PROTOCOL_VERSION, RejoinToken, Role, ServerMsg, SessionState,
};

const CODE: &str = "CLASS7";
const HOST_KEY: &str = "teacher-key";

fn settings() -> Settings {
    Settings {
        join_code: CODE.into(),
        host_key: HOST_KEY.into(),
        computer: ComputerKind::Hold,
        ..Settings::default()
    }
}

/// A session, what each connection received, and the record so far.
struct Table {
    session: Session,
    inbox: HashMap<u64, Vec<ServerMsg>>,
    entries: Vec<Entry>,
}

impl Table {
    fn new(settings: Settings) -> Table {
        Table::with(Session::new(settings).expect("a session"), Vec::new())
    }

    fn with(session: Session, entries: Vec<Entry>) -> Table {
        let mut t = Table {
            session,
            inbox: HashMap::new(),
            entries,
        };
        t.pump();
        t
    }

    /// The session rebuilt from its record, as `--resume` does.
    fn resumed(&self) -> Table {
        let session = Session::replay(&self.entries).expect("the record replays");
        Table::with(session, self.entries.clone())
    }

    fn pump(&mut self) {
        self.entries.extend(self.session.take_unwritten());
        for (to, msg) in self.session.take_outbox() {
            self.inbox.entry(to).or_default().push(msg);
        }
    }

    fn send(&mut self, conn: u64, msg: ClientMsg) {
        self.session.handle(conn, msg, Duration::ZERO);
        self.pump();
    }

    fn hello_full(
        &mut self,
        conn: u64,
        name: &str,
        code: &str,
        rejoin: Option<RejoinToken>,
        host_key: Option<&str>,
    ) -> Vec<ServerMsg> {
        self.session.connected(conn, Duration::ZERO);
        self.send(
            conn,
            ClientMsg::Hello {
                version: PROTOCOL_VERSION,
                name: name.into(),
                join_code: code.into(),
                rejoin,
                host_key: host_key.map(str::to_string),
            },
        );
        self.take(conn)
    }

    fn hello(&mut self, conn: u64, name: &str, code: &str) -> Vec<ServerMsg> {
        self.hello_full(conn, name, code, None, None)
    }

    fn take(&mut self, conn: u64) -> Vec<ServerMsg> {
        self.inbox.remove(&conn).unwrap_or_default()
    }

    fn sit(&mut self, conn: u64, state: &str) -> Vec<ServerMsg> {
        self.send(
            conn,
            ClientMsg::TakeSeat {
                state: state.into(),
            },
        );
        self.take(conn)
    }

    fn host(&mut self, conn: u64, command: HostCommand) -> Vec<ServerMsg> {
        self.send(conn, ClientMsg::Host(command));
        self.take(conn)
    }

    fn members(&self, state: &str) -> Vec<String> {
        let s = self.session.game().scenario().find_state(state).unwrap();
        self.session.members(s)
    }
}

fn refusal(msgs: &[ServerMsg]) -> Option<String> {
    msgs.iter().find_map(|m| match m {
        ServerMsg::JoinRefused { reason } | ServerMsg::Refused { reason } => Some(reason.clone()),
        _ => None,
    })
}

fn welcome(msgs: &[ServerMsg]) -> Option<(u64, RejoinToken, Role, Option<String>)> {
    msgs.iter().find_map(|m| match m {
        ServerMsg::Welcome {
            client,
            rejoin,
            role,
            seat,
            ..
        } => {
            let seat = msgs
                .iter()
                .rev()
                .find_map(|m| match m {
                    ServerMsg::Role { seat, .. } => Some(seat.clone()),
                    _ => None,
                })
                .unwrap_or(seat.clone());
            let role = msgs
                .iter()
                .rev()
                .find_map(|m| match m {
                    ServerMsg::Role { role, .. } => Some(*role),
                    _ => None,
                })
                .unwrap_or(*role);
            Some((*client, *rejoin, role, seat))
        }
        _ => None,
    })
}

/// The record as it is written to disk, one JSON line an entry.
fn record_text(entries: &[Entry]) -> String {
    entries
        .iter()
        .map(|e| serde_json::to_string(e).unwrap())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn a_kept_seat_is_claimed_with_its_code_and_not_by_the_name() {
    let mut t = Table::new(Settings {
        reserved: vec![("Ada".into(), "FRANCE".into())],
        ..settings()
    });
    let codes = t.session.seat_codes();
    assert_eq!(codes.len(), 1, "{codes:?}");
    let (name, state, code) = codes[0].clone();
    assert_eq!((name.as_str(), state.as_str()), ("Ada", "FRANCE"));
    assert_eq!(code.len(), 9, "XXXX-XXXX: {code}");

    // The name alone, however written, does not take Ada's seat, nor her name.
    for (conn, alike) in [(1, " aDa "), (2, "ADA"), (3, "Ａｄａ")] {
        let got = t.hello(conn, alike, CODE);
        let why = refusal(&got).unwrap_or_else(|| panic!("{alike:?} was let in: {got:?}"));
        assert!(why.contains("kept") && why.contains("seat code"), "{why}");
    }
    // Names nobody can read apart are refused with the reason.
    let why = refusal(&t.hello(4, "A\u{200B}da", CODE)).expect("refused");
    assert!(why.contains("invisible") && why.contains("U+200B"), "{why}");
    let why = refusal(&t.hello(5, "Bob\u{202E}", CODE)).expect("refused");
    assert!(why.contains("U+202E"), "{why}");
    // Another student cannot sit at the kept seat either.
    let got = t.hello(6, "Bob", CODE);
    assert!(welcome(&got).is_some(), "{got:?}");
    let why = refusal(&t.sit(6, "FRANCE")).expect("refused");
    assert!(why.contains("kept for Ada"), "{why}");
    assert!(t.members("FRANCE").is_empty());
    // A made-up seat code is a wrong join code.
    let why = refusal(&t.hello(7, "Ada", "ABCD-EFGH")).expect("refused");
    assert!(why.contains("wrong join code"), "{why}");

    // Ada's code (typed loosely) lets her in, under her name, at her seat.
    let loose = code.to_lowercase().replace('-', " ");
    let got = t.hello(8, "whatever", &loose);
    let (_, token, role, seat) = welcome(&got).unwrap_or_else(|| panic!("{got:?}"));
    assert_eq!((role, seat.as_deref()), (Role::Player, Some("FRANCE")));
    assert_eq!(t.members("FRANCE"), vec!["Ada".to_string()]);

    // The record holds neither the code nor the host key nor the token in clear.
    let text = record_text(&t.entries);
    assert!(!text.contains(&code), "the seat code is in the record");
    assert!(!text.contains(HOST_KEY), "the host key is in the record");
    let token_json = serde_json::to_string(&token).unwrap();
    assert!(
        !text.contains(&token_json),
        "the rejoin token is in the record"
    );

    // After a resume: Ada's token and the host key still work.
    let mut r = t.resumed();
    assert!(
        r.session.seat_codes().is_empty(),
        "no clear codes after a resume"
    );
    let got = r.hello_full(1, "", CODE, Some(token), None);
    let (_, _, role, seat) = welcome(&got).unwrap_or_else(|| panic!("{got:?}"));
    assert_eq!((role, seat.as_deref()), (Role::Player, Some("FRANCE")));
    let got = r.hello_full(2, "Teacher", CODE, None, Some(HOST_KEY));
    assert_eq!(welcome(&got).map(|w| w.2), Some(Role::Host), "{got:?}");
    let why = refusal(&r.hello_full(3, "T2", CODE, None, Some("teacher-kez"))).expect("refused");
    assert!(why.contains("wrong host key"), "{why}");
    let why = refusal(&r.hello_full(5, "", CODE, Some([9; 16]), None)).expect("refused");
    assert!(why.contains("token is not known"), "{why}");
    // Her code brings her back without her token too (never a second Ada): a new token, the
    // old one void, and that replays.
    let got = r.hello(4, "x", &code);
    let (_, new_token, _, seat) = welcome(&got).unwrap_or_else(|| panic!("{got:?}"));
    assert_eq!(seat.as_deref(), Some("FRANCE"));
    assert_ne!(new_token, token);
    assert_eq!(r.members("FRANCE"), vec!["Ada".to_string()]);
    assert!(
        r.take(1)
            .iter()
            .any(|m| matches!(m, ServerMsg::Closing { .. })),
        "the old connection is closed"
    );
    let why = refusal(&r.hello_full(6, "", CODE, Some(token), None)).expect("refused");
    assert!(why.contains("not known"), "{why}");
    let mut again = r.resumed();
    let got = again.hello_full(1, "", CODE, Some(new_token), None);
    assert_eq!(welcome(&got).and_then(|w| w.3), Some("FRANCE".into()));
}

/// Bob's outcome of a request to join, as Bob saw it.
fn settled(msgs: &[ServerMsg]) -> Option<(bool, String)> {
    msgs.iter().find_map(|m| match m {
        ServerMsg::SeatRequest {
            accepted: Some(a),
            by,
            ..
        } => Some((*a, by.clone())),
        _ => None,
    })
}

fn asked(msgs: &[ServerMsg]) -> Option<(u64, String, String)> {
    msgs.iter().find_map(|m| match m {
        ServerMsg::SeatRequest {
            request,
            name,
            state,
            accepted: None,
            ..
        } => Some((*request, name.clone(), state.clone())),
        _ => None,
    })
}

#[test]
fn joining_a_seat_people_hold_needs_the_teams_or_the_hosts_approval() {
    let mut t = Table::new(settings());
    let ada = welcome(&t.hello(1, "Ada", CODE)).unwrap().1;
    t.sit(1, "FRANCE");
    t.hello(2, "Bob", CODE);
    t.hello(3, "Cy", CODE);
    t.sit(3, "ENGLAND");
    t.hello_full(9, "Teacher", CODE, None, Some(HOST_KEY));
    for c in [1, 2, 3, 9] {
        t.take(c);
    }

    // Bob asks; he is not seated; Ada and the host see the request, Cy does not.
    let got = t.sit(2, "FRANCE");
    assert!(refusal(&got).is_none(), "{got:?}");
    assert_eq!(t.members("FRANCE"), vec!["Ada".to_string()]);
    let (request, name, state) = asked(&t.take(1)).expect("Ada sees the request");
    assert_eq!((name.as_str(), state.as_str()), ("Bob", "FRANCE"));
    assert!(asked(&t.take(9)).is_some(), "the host sees it");
    assert!(asked(&t.take(3)).is_none(), "England's player does not");
    // Asking twice is refused; someone else's team may not answer.
    let why = refusal(&t.sit(2, "FRANCE")).expect("refused");
    assert!(why.contains("asked to join France already"), "{why}");
    t.send(
        3,
        ClientMsg::AnswerSeatRequest {
            request,
            accept: true,
        },
    );
    let why = refusal(&t.take(3)).expect("refused");
    assert!(why.contains("only France's players"), "{why}");
    assert_eq!(t.members("FRANCE").len(), 1);
    // Ada refuses: Bob hears who decided.
    t.send(
        1,
        ClientMsg::AnswerSeatRequest {
            request,
            accept: false,
        },
    );
    assert_eq!(settled(&t.take(2)), Some((false, "Ada".to_string())));
    assert_eq!(t.members("FRANCE").len(), 1);

    // Bob asks again; the record is resumed before anyone answers: the request is still there,
    // Ada (back with her token) sees it and lets him in.
    t.sit(2, "FRANCE");
    let mut r = t.resumed();
    let got = r.hello_full(1, "", CODE, Some(ada), None);
    let (request, name, _) = asked(&got).expect("the request outlived the resume");
    assert_eq!(name, "Bob");
    r.send(
        1,
        ClientMsg::AnswerSeatRequest {
            request,
            accept: true,
        },
    );
    assert!(refusal(&r.take(1)).is_none());
    assert_eq!(r.members("FRANCE"), vec!["Ada".to_string(), "Bob".into()]);
    // ... and the approval replays.
    let again = r.resumed();
    assert_eq!(
        again.members("FRANCE"),
        vec!["Ada".to_string(), "Bob".into()]
    );

    // The host (a new host client after the resume: the key still works) lets someone in too.
    r.hello_full(9, "Teacher again", CODE, None, Some(HOST_KEY));
    r.hello(4, "Di", CODE);
    r.sit(4, "ENGLAND");
    let (request, ..) = asked(&r.take(9)).expect("the host sees Di's request");
    r.send(
        9,
        ClientMsg::AnswerSeatRequest {
            request,
            accept: true,
        },
    );
    assert_eq!(r.members("ENGLAND"), vec!["Cy".to_string(), "Di".into()]);

    // With open teams, anyone joins at once, as before.
    let mut open = Table::new(Settings {
        open_teams: true,
        ..settings()
    });
    open.hello(1, "Ada", CODE);
    open.sit(1, "FRANCE");
    open.hello(2, "Bob", CODE);
    open.sit(2, "FRANCE");
    assert_eq!(open.members("FRANCE").len(), 2);
}

fn seat_ready(msgs: &[ServerMsg], state: &str) -> Option<bool> {
    msgs.iter().rev().find_map(|m| match m {
        ServerMsg::Seats { seats } => seats.iter().find(|s| s.state == state).map(|s| s.ready),
        _ => None,
    })
}

#[test]
fn in_the_lobby_the_host_starts_the_game_and_sees_who_is_ready() {
    let mut t = Table::new(Settings {
        lobby: true,
        ..settings()
    });
    t.hello_full(9, "Teacher", CODE, None, Some(HOST_KEY));
    t.hello(1, "Ada", CODE);
    t.sit(1, "FRANCE");
    t.hello(2, "Bob", CODE);
    t.sit(2, "GERMANY");
    t.take(9);
    t.send(1, ClientMsg::Ready);
    let seen = t.take(9);
    assert_eq!(seat_ready(&seen, "FRANCE"), Some(true), "{seen:?}");
    assert_eq!(seat_ready(&seen, "GERMANY"), Some(false));
    t.send(2, ClientMsg::Ready);
    assert_eq!(seat_ready(&t.take(9), "GERMANY"), Some(true));
    // Everyone seated is ready, and still the game waits for the host.
    assert_eq!(t.session.stage(), SessionState::Lobby);
    t.host(9, HostCommand::Start);
    assert_eq!(t.session.stage(), SessionState::Playing);

    // With start_when_ready, the last ready player starts it.
    let mut t = Table::new(Settings {
        lobby: true,
        start_when_ready: true,
        ..settings()
    });
    t.hello(1, "Ada", CODE);
    t.sit(1, "FRANCE");
    t.hello(2, "Bob", CODE);
    t.sit(2, "GERMANY");
    t.send(1, ClientMsg::Ready);
    assert_eq!(t.session.stage(), SessionState::Lobby);
    t.send(2, ClientMsg::Ready);
    assert_eq!(t.session.stage(), SessionState::Playing);
}

#[test]
fn removals_and_bars_are_replayed_on_resume() {
    let mut t = Table::new(settings());
    t.hello_full(9, "Teacher", CODE, None, Some(HOST_KEY));
    let far: IpAddr = "10.1.2.3".parse().unwrap();
    let home: IpAddr = "127.0.0.1".parse().unwrap();
    t.session.connected(1, Duration::ZERO);
    t.session.set_address(1, far);
    let (eve, eve_token, ..) = welcome(&t.hello(1, "Eve", CODE)).unwrap();
    t.session.connected(2, Duration::ZERO);
    t.session.set_address(2, home);
    let (lo, ..) = welcome(&t.hello(2, "Lo", CODE)).unwrap();
    t.sit(1, "FRANCE");
    t.host(9, HostCommand::Remove { client: eve });
    t.host(9, HostCommand::Remove { client: lo });
    assert_eq!(
        t.session.take_barred(),
        vec![far],
        "loopback is never barred"
    );
    assert!(t.members("FRANCE").is_empty());

    let mut r = t.resumed();
    assert_eq!(r.session.barred_addresses(), vec![far]);
    assert_eq!(
        r.session.take_barred(),
        vec![far],
        "the transport is told again after a resume"
    );
    // Eve's address is turned away; her token is void; her name is free again elsewhere.
    r.session.connected(5, Duration::ZERO);
    r.session.set_address(5, far);
    let why = refusal(&r.hello(5, "Eve2", CODE)).expect("refused");
    assert!(why.contains("removed"), "{why}");
    let why = refusal(&r.hello_full(6, "", CODE, Some(eve_token), None)).expect("refused");
    assert!(why.contains("not known"), "{why}");
    r.session.connected(7, Duration::ZERO);
    r.session.set_address(7, "10.9.9.9".parse().unwrap());
    assert!(welcome(&r.hello(7, "Eve", CODE)).is_some());
}

#[test]
fn a_record_from_before_the_hashes_resumes_with_its_clear_key_and_tokens() {
    let mut t = Table::new(settings());
    let (_, token, ..) = welcome(&t.hello(1, "Ada", CODE)).unwrap();
    t.sit(1, "FRANCE");
    // Written as the previous server wrote it: the host key and the token in clear.
    let mut old = Vec::new();
    for e in &t.entries {
        let mut v = serde_json::to_value(e).unwrap();
        if let Some(s) = v.pointer_mut("/Began/settings") {
            let s = s.as_object_mut().unwrap();
            s.remove("sealed");
            s.insert("host_key".into(), "old-key".into());
            s.insert("join_code".into(), CODE.into());
        }
        if let Some(j) = v.pointer_mut("/Joined") {
            let j = j.as_object_mut().unwrap();
            j.remove("token_hash");
            j.insert("token".into(), serde_json::to_value(token).unwrap());
        }
        old.push(serde_json::from_value::<Entry>(v).unwrap());
    }
    assert!(record_text(&old).contains("old-key"));
    let mut r = Table::with(Session::replay(&old).expect("an old record resumes"), old);
    let why = refusal(&r.hello(9, "Guess", "CLASS8")).expect("refused");
    assert!(why.contains("wrong join code"), "{why}");
    let got = r.hello_full(1, "", CODE, Some(token), None);
    assert_eq!(welcome(&got).and_then(|w| w.3), Some("FRANCE".into()));
    let got = r.hello_full(2, "T", CODE, None, Some("old-key"));
    assert_eq!(welcome(&got).map(|w| w.2), Some(Role::Host), "{got:?}");
    let why = refusal(&r.hello_full(3, "U", CODE, None, Some(HOST_KEY))).expect("refused");
    assert!(why.contains("wrong host key"), "{why}");
    // A new client's token is kept as a hash even in the old record, and works after another
    // resume of it.
    let (_, bob, ..) = welcome(&r.hello(4, "Bob", CODE)).unwrap();
    let mut again = r.resumed();
    assert!(welcome(&again.hello_full(4, "", CODE, Some(bob), None)).is_some());
}

#[test]
fn the_record_keeps_the_join_code_as_a_hash_and_the_same_code_works_after_a_resume() {
    let mut t = Table::new(settings());
    assert_eq!(t.session.join_code(), Some(CODE), "printed for the host");
    assert!(welcome(&t.hello(1, "Ada", CODE)).is_some());
    let text = record_text(&t.entries);
    assert!(
        !text.contains(CODE),
        "the join code is in the record: {text}"
    );

    // Resumed: nobody can read the code back, and the class's code still works, typed as
    // people type it; anything else is a wrong code.
    let mut r = t.resumed();
    assert_eq!(r.session.join_code(), None);
    assert!(r.session.is_join_code(" class7 "));
    assert!(welcome(&r.hello(2, "Bob", "class7 ")).is_some());
    for wrong in ["CLASS8", "", "CLASS 7"] {
        let why = refusal(&r.hello(3, "Eve", wrong)).expect("refused");
        assert!(why.contains("wrong join code"), "{wrong:?}: {why}");
    }

    // A record written after the host key was hashed but before the join code was: the code in
    // clear in its settings, no hash of it. It resumes, with that code.
    let mut old = Vec::new();
    for e in &t.entries {
        let mut v = serde_json::to_value(e).unwrap();
        if let Some(s) = v.pointer_mut("/Began/settings") {
            let s = s.as_object_mut().unwrap();
            s["sealed"].as_object_mut().unwrap().remove("join_code");
            s.insert("join_code".into(), CODE.into());
        }
        old.push(serde_json::from_value::<Entry>(v).unwrap());
    }
    assert!(record_text(&old).contains(CODE));
    let mut r = Table::with(Session::replay(&old).expect("the record resumes"), old);
    assert!(welcome(&r.hello(4, "Cleo", CODE)).is_some());
    let why = refusal(&r.hello(5, "Eve", "CLASS8")).expect("refused");
    assert!(why.contains("wrong join code"), "{why}");
}

#[test]
fn proposals_waiting_for_a_seat_are_sent_once_on_rejoin() {
    let mut t = Table::new(settings());
    let (_, ada, ..) = welcome(&t.hello(1, "Ada", CODE)).unwrap();
    t.sit(1, "FRANCE");
    t.hello(2, "Bob", CODE);
    t.sit(2, "GERMANY");
    let propose = |t: &mut Table| {
        t.send(
            2,
            ClientMsg::ProposeAlliance {
                to: "FRANCE".into(),
                against: "RUSSIA".into(),
            },
        );
        t.take(2)
    };
    assert!(refusal(&propose(&mut t)).is_none());
    for _ in 0..20 {
        assert!(
            refusal(&propose(&mut t)).is_some(),
            "the same proposal twice"
        );
    }
    // Ada comes back twice, from new connections: each time the proposal comes once.
    for conn in [10, 11] {
        let got = t.hello_full(conn, "", CODE, Some(ada), None);
        let n = got
            .iter()
            .filter(|m| matches!(m, ServerMsg::Proposal { .. }))
            .count();
        assert_eq!(n, 1, "{got:?}");
    }
}
