//! Identity in the session (in-process, connections are numbers): a client acts only for the
//! seat it holds, whatever ids or seat numbers it knows; orders for another state's units and
//! messages out of phase are refused with reasons; rejoin tokens are random and a guessed one
//! is refused.

use std::collections::HashMap;
use std::time::Duration;

use entente_server::session::{Session, Settings};
use entente_server::turn::computer::ComputerKind;
use entente_shared::protocol::{ClientMsg, HostCommand, PROTOCOL_VERSION, RejoinToken, ServerMsg};

const CODE: &str = "IDENT1";

struct Table {
    s: Session,
    inbox: HashMap<u64, Vec<ServerMsg>>,
}

impl Table {
    fn new() -> Table {
        let settings = Settings {
            join_code: CODE.into(),
            host_key: "hk".into(),
            computer: ComputerKind::Hold,
            movement_secs: 60,
            ..Settings::default()
        };
        Table {
            s: Session::new(settings).unwrap(),
            inbox: HashMap::new(),
        }
    }
    fn send(&mut self, conn: u64, msg: ClientMsg) -> Vec<ServerMsg> {
        self.s.handle(conn, msg, Duration::ZERO);
        self.s.take_unwritten();
        for (to, m) in self.s.take_outbox() {
            self.inbox.entry(to).or_default().push(m);
        }
        self.inbox.remove(&conn).unwrap_or_default()
    }
    fn hello(&mut self, conn: u64, name: &str, rejoin: Option<RejoinToken>) -> Vec<ServerMsg> {
        self.s.connected(conn, Duration::ZERO);
        self.send(
            conn,
            ClientMsg::Hello {
                version: PROTOCOL_VERSION,
                name: name.into(),
                join_code: CODE.into(),
                rejoin,
                host_key: None,
            },
        )
    }
    /// Joins and sits; returns (client id, token).
    fn seat(&mut self, conn: u64, name: &str, state: &str) -> (u64, RejoinToken) {
        let w = self.hello(conn, name, None);
        let (id, token) = w
            .iter()
            .find_map(|m| match m {
                ServerMsg::Welcome { client, rejoin, .. } => Some((*client, *rejoin)),
                _ => None,
            })
            .expect("welcomed");
        let r = refusals(&self.send(
            conn,
            ClientMsg::TakeSeat {
                state: state.into(),
            },
        ));
        assert!(r.is_empty(), "{r:?}");
        (id, token)
    }
}

fn refusals(msgs: &[ServerMsg]) -> Vec<String> {
    msgs.iter()
        .filter_map(|m| match m {
            ServerMsg::Refused { reason } | ServerMsg::JoinRefused { reason } => {
                Some(reason.clone())
            }
            _ => None,
        })
        .collect()
}

fn orders_reply(msgs: &[ServerMsg]) -> (Vec<String>, Vec<(String, String)>) {
    msgs.iter()
        .find_map(|m| match m {
            ServerMsg::Orders {
                accepted, refused, ..
            } => Some((accepted.clone(), refused.clone())),
            _ => None,
        })
        .expect("an orders reply")
}

#[test]
fn orders_for_another_states_units_are_refused_with_reasons() {
    let mut t = Table::new();
    t.seat(1, "Ada", "FRANCE");
    t.seat(2, "Bob", "GERMANY");
    let reply = t.send(
        1,
        ClientMsg::SubmitOrders {
            phase: "S1901M".into(),
            orders: vec![
                "A BER - KIE".into(),
                "F KIE - DEN".into(),
                "A MUN - BUR".into(),
                "A PAR - BUR".into(),
            ],
        },
    );
    let (accepted, refused) = orders_reply(&reply);
    assert_eq!(accepted, vec!["A PAR - BUR".to_string()]);
    assert_eq!(refused.len(), 3, "{refused:?}");
    for (order, why) in &refused {
        assert!(!why.trim().is_empty(), "{order} refused without a reason");
    }
    // Germany's orders are untouched: it has given none.
    let r = t.send(
        2,
        ClientMsg::SubmitOrders {
            phase: "S1901M".into(),
            orders: vec!["A BER H".into()],
        },
    );
    assert_eq!(orders_reply(&r).0, vec!["A BER H".to_string()]);
}

#[test]
fn knowing_another_clients_id_or_seat_gives_no_power_over_it() {
    let mut t = Table::new();
    let (ada, _) = t.seat(1, "Ada", "FRANCE");
    t.seat(2, "Mallory", "ENGLAND");
    // Host commands naming Ada's id are refused to a player.
    let r = refusals(&t.send(2, ClientMsg::Host(HostCommand::Remove { client: ada })));
    assert!(r[0].contains("only the host"), "{r:?}");
    let r = refusals(&t.send(
        2,
        ClientMsg::Host(HostCommand::GiveSeatToComputer {
            state: "FRANCE".into(),
        }),
    ));
    assert!(r[0].contains("only the host"), "{r:?}");
    // Seats change only in the lobby, so Mallory cannot move to France mid-game.
    let r = refusals(&t.send(
        2,
        ClientMsg::TakeSeat {
            state: "FRANCE".into(),
        },
    ));
    assert_eq!(r.len(), 1, "{r:?}");
    // A proposal to France cannot be answered by England.
    t.send(
        1,
        ClientMsg::ProposeAlliance {
            to: "GERMANY".into(),
            against: "ENGLAND".into(),
        },
    );
    let r = refusals(&t.send(
        2,
        ClientMsg::Answer {
            proposal: 1,
            accept: true,
            reason: "forged".into(),
        },
    ));
    assert_eq!(r.len(), 1, "answering another seat's proposal: {r:?}");
    // A stranger connection (never said hello) can do nothing, whatever it names.
    t.s.connected(9, Duration::ZERO);
    for msg in [
        ClientMsg::SubmitOrders {
            phase: "S1901M".into(),
            orders: vec!["A PAR H".into()],
        },
        ClientMsg::Press {
            to: vec![],
            text: "I am Ada".into(),
        },
        ClientMsg::Host(HostCommand::EndGame),
    ] {
        let r = refusals(&t.send(9, msg));
        assert!(r[0].contains("join code"), "{r:?}");
    }
    // A guessed rejoin token is refused; the real ones are random and differ.
    let r = refusals(&t.hello(10, "", Some([0; 16])));
    assert!(r[0].contains("not known"), "{r:?}");
}

#[test]
fn messages_out_of_phase_are_refused_with_reasons() {
    let mut t = Table::new();
    t.seat(1, "Ada", "FRANCE");
    // Orders for a phase that is not being played.
    let r = refusals(&t.send(
        1,
        ClientMsg::SubmitOrders {
            phase: "S1905M".into(),
            orders: vec!["A PAR H".into()],
        },
    ));
    assert!(r[0].contains("S1901M"), "{r:?}");
    // Ready after the game has started; hello twice.
    let r = refusals(&t.send(1, ClientMsg::Ready));
    assert!(r[0].contains("already started"), "{r:?}");
    let r = refusals(&t.hello(1, "Ada again", None));
    assert!(r[0].contains("already joined"), "{r:?}");
    // Build orders in a movement phase.
    let r = t.send(
        1,
        ClientMsg::SubmitOrders {
            phase: "S1901M".into(),
            orders: vec!["BUILD A PAR".into()],
        },
    );
    let (_, refused) = orders_reply(&r);
    assert_eq!(refused.len(), 1);
}

#[test]
fn rejoin_tokens_are_random_and_secret() {
    let mut t = Table::new();
    let mut tokens = Vec::new();
    for i in 0..20 {
        let w = t.hello(100 + i, &format!("p{i}"), None);
        let token = w
            .iter()
            .find_map(|m| match m {
                ServerMsg::Welcome { rejoin, .. } => Some(*rejoin),
                _ => None,
            })
            .expect("welcomed");
        tokens.push(token);
    }
    let mut unique = tokens.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), tokens.len(), "no two tokens alike");
    assert!(tokens.iter().all(|t| t.iter().any(|&b| b != 0)));
    // Another client's welcome never carries my token: each token goes to its own connection.
    t.hello(200, "Eve", None);
    for msgs in t.inbox.values() {
        for m in msgs {
            if let ServerMsg::Welcome { rejoin, .. } = m {
                assert!(!tokens.contains(rejoin));
            }
        }
    }
}
