//! Hostile input over real UDP on loopback: random datagrams at the port, unreadable messages,
//! floods, guessing the join code in hello, and a client killed without a goodbye that comes
//! back with its token. The server keeps serving the honest clients throughout.

use std::net::{SocketAddr, UdpSocket};
use std::time::{Duration, Instant};

use bevy::app::App;
use entente_server::app::{server_app, server_app_with};
use entente_server::net::bot::Bot;
use entente_server::net::{MAX_BAD_MESSAGES, MAX_DROPPED_MESSAGES, MESSAGE_BURST};
use entente_server::session::{Session, Settings};
use entente_server::turn::computer::ComputerKind;
use entente_shared::protocol::{ClientMsg, HostCommand, Role, ServerMsg};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

const CODE: &str = "ABUSE1";

fn settings() -> Settings {
    Settings {
        join_code: CODE.into(),
        host_key: "teacher".into(),
        computer: ComputerKind::Hold,
        movement_secs: 600,
        ..Settings::default()
    }
}

fn start_with(secure: bool) -> (App, SocketAddr) {
    let session = Session::new(settings()).expect("a session");
    let bind = "127.0.0.1:0".parse().unwrap();
    let (mut app, addr) = if secure {
        server_app(session, None, bind, false)
    } else {
        server_app_with(session, None, bind, false, false)
    }
    .expect("listening");
    app.finish();
    app.cleanup();
    (app, addr)
}

fn pump(app: &mut App, bots: &mut [Bot], d: Duration) {
    let end = Instant::now() + d;
    while Instant::now() < end {
        app.update();
        for b in bots.iter_mut() {
            b.update();
        }
        std::thread::sleep(Duration::from_millis(1));
    }
}

fn until(
    app: &mut App,
    bots: &mut [Bot],
    who: usize,
    timeout: Duration,
    want: impl Fn(&ServerMsg) -> bool,
) -> Option<ServerMsg> {
    let end = Instant::now() + timeout;
    while Instant::now() < end {
        app.update();
        for b in bots.iter_mut() {
            b.update();
        }
        if let Some(i) = bots[who].inbox.iter().position(|(_, m)| want(m)) {
            return Some(bots[who].inbox.drain(..=i).next_back().unwrap().1);
        }
        std::thread::sleep(Duration::from_millis(1));
    }
    None
}

fn connect(app: &mut App, addr: SocketAddr) -> Bot {
    let mut bot = Bot::connect(addr, CODE).unwrap();
    let end = Instant::now() + Duration::from_secs(5);
    while !bot.is_connected() {
        assert!(Instant::now() < end, "the bot could not connect");
        app.update();
        bot.update();
        std::thread::sleep(Duration::from_millis(1));
    }
    bot
}

/// Connects, says hello and returns the welcome's token.
fn join(app: &mut App, bots: &mut Vec<Bot>, addr: SocketAddr, name: &str) -> [u8; 16] {
    bots.push(connect(app, addr));
    let i = bots.len() - 1;
    bots[i].hello(name, CODE, None, None);
    match until(app, bots, i, Duration::from_secs(5), |m| {
        matches!(m, ServerMsg::Welcome { .. })
    }) {
        Some(ServerMsg::Welcome { rejoin, .. }) => rejoin,
        other => panic!("{name} not welcomed: {other:?}"),
    }
}

#[test]
fn random_datagrams_at_the_port_do_not_stop_the_server_serving_a_real_client() {
    let (mut app, addr) = start_with(true);
    let mut bots = Vec::new();
    join(&mut app, &mut bots, addr, "Ada");
    bots[0].send(&ClientMsg::TakeSeat {
        state: "FRANCE".into(),
    });
    let noise = UdpSocket::bind("127.0.0.1:0").unwrap();
    let mut rng = ChaCha8Rng::seed_from_u64(8);
    let mut sent = 0;
    for round in 0..20 {
        for _ in 0..250 {
            let len = rng.random_range(0..1500);
            let mut bytes: Vec<u8> = (0..len).map(|_| rng.random()).collect();
            // Some look like netcode packets (their first byte is a packet type).
            if round % 2 == 0 && !bytes.is_empty() {
                bytes[0] = rng.random_range(0..7);
            }
            let _ = noise.send_to(&bytes, addr);
            sent += 1;
        }
        pump(&mut app, &mut bots, Duration::from_millis(5));
    }
    bots[0].send(&ClientMsg::SubmitOrders {
        phase: "S1901M".into(),
        orders: vec!["A PAR - BUR".into()],
    });
    let o = until(&mut app, &mut bots, 0, Duration::from_secs(5), |m| {
        matches!(m, ServerMsg::Orders { .. })
    });
    assert!(
        matches!(&o, Some(ServerMsg::Orders { accepted, .. }) if accepted == &["A PAR - BUR"]),
        "after {sent} random datagrams the client is still served: {o:?}"
    );
    println!("{sent} random datagrams survived");
}

#[test]
fn unreadable_messages_are_answered_and_repeated_abuse_removes_the_client() {
    let (mut app, addr) = start_with(true);
    let mut bots = Vec::new();
    let token = join(&mut app, &mut bots, addr, "Mallory");
    join(&mut app, &mut bots, addr, "Honest");
    for i in 0..MAX_BAD_MESSAGES {
        // Malformed, and (every other one) larger than any client message may be.
        let bytes = if i % 2 == 0 {
            vec![0xFF, 0x13, 0x37]
        } else {
            vec![0u8; 20 * 1024]
        };
        bots[0].send_raw(bytes);
        let r = until(&mut app, &mut bots, 0, Duration::from_secs(5), |m| {
            matches!(m, ServerMsg::Refused { .. })
        });
        assert!(
            matches!(&r, Some(ServerMsg::Refused { reason }) if reason.contains("could not read")),
            "{r:?}"
        );
    }
    bots[0].send_raw(vec![0xFF]);
    let c = until(&mut app, &mut bots, 0, Duration::from_secs(5), |m| {
        matches!(m, ServerMsg::Closing { .. })
    });
    assert!(
        matches!(&c, Some(ServerMsg::Closing { reason }) if reason.starts_with("removed")),
        "{c:?}"
    );
    pump(&mut app, &mut bots, Duration::from_millis(500));
    assert!(bots[0].is_disconnected(), "the abuser is disconnected");
    // Its token no longer works.
    bots.push(connect(&mut app, addr));
    let i = bots.len() - 1;
    bots[i].hello("", CODE, Some(token), None);
    let r = until(&mut app, &mut bots, i, Duration::from_secs(5), |m| {
        matches!(m, ServerMsg::JoinRefused { .. })
    });
    assert!(r.is_some(), "a removed client's token is refused");
    // The honest client is still served.
    bots[1].send(&ClientMsg::TakeSeat {
        state: "ITALY".into(),
    });
    let r = until(&mut app, &mut bots, 1, Duration::from_secs(5), |m| {
        matches!(m, ServerMsg::Role { .. })
    });
    assert!(matches!(
        r,
        Some(ServerMsg::Role {
            role: Role::Player,
            ..
        })
    ));
}

#[test]
fn a_flooder_gets_one_warning_its_excess_dropped_and_then_is_removed() {
    let (mut app, addr) = start_with(true);
    let mut bots = Vec::new();
    join(&mut app, &mut bots, addr, "Flood");
    let flood = 60 + MAX_DROPPED_MESSAGES as usize + 100;
    for _ in 0..flood {
        bots[0].send(&ClientMsg::Observe);
    }
    join(&mut app, &mut bots, addr, "Patient");
    pump(&mut app, &mut bots, Duration::from_millis(800));
    let inbox: Vec<ServerMsg> = bots[0].inbox.drain(..).map(|(_, m)| m).collect();
    let warnings = inbox
        .iter()
        .filter(|m| matches!(m, ServerMsg::Refused { reason } if reason.contains("too fast")))
        .count();
    let handled = inbox
        .iter()
        .filter(|m| matches!(m, ServerMsg::Refused { reason } if reason.contains("watching")))
        .count();
    let removed = inbox
        .iter()
        .any(|m| matches!(m, ServerMsg::Closing { reason } if reason.contains("flooded")));
    assert_eq!(warnings, 1, "one warning: {inbox:?}");
    assert!(
        handled >= MESSAGE_BURST as usize - 2 && handled <= MESSAGE_BURST as usize + 30,
        "the burst is handled, the excess dropped: {handled}"
    );
    assert!(removed, "a persistent flooder is removed");
    // The other client is served.
    bots[1].send(&ClientMsg::TakeSeat {
        state: "ITALY".into(),
    });
    assert!(
        until(&mut app, &mut bots, 1, Duration::from_secs(5), |m| {
            matches!(m, ServerMsg::Role { .. })
        })
        .is_some()
    );
}

#[test]
fn guessing_the_join_code_in_hello_is_limited_by_address_even_without_encryption() {
    let (mut app, addr) = start_with(false);
    let mut bots = Vec::new();
    for i in 0..entente_server::net::desk::MAX_WRONG_CODES {
        bots.push(connect(&mut app, addr));
        bots[i].hello(&format!("guess{i}"), &format!("NOT{i}"), None, None);
        let r = until(&mut app, &mut bots, i, Duration::from_secs(5), |m| {
            matches!(m, ServerMsg::JoinRefused { .. })
        });
        assert!(
            matches!(&r, Some(ServerMsg::JoinRefused { reason }) if reason.contains("wrong join code")),
            "{r:?}"
        );
    }
    // The desk gives this address no more tickets, even for the right code ...
    let err = entente_shared::protocol::ticket::fetch(addr, CODE, Duration::from_secs(3))
        .unwrap_err()
        .to_string();
    assert!(err.contains("too many wrong join codes"), "{err}");
    // ... and a client that skips the desk is turned away at hello.
    let i = bots.len();
    let mut b = Bot::connect_without_ticket(addr).unwrap();
    let end = Instant::now() + Duration::from_secs(5);
    while !b.is_connected() {
        assert!(Instant::now() < end, "connected without encryption");
        app.update();
        b.update();
        std::thread::sleep(Duration::from_millis(1));
    }
    bots.push(b);
    bots[i].hello("right", CODE, None, None);
    let r = until(&mut app, &mut bots, i, Duration::from_secs(5), |m| {
        matches!(m, ServerMsg::JoinRefused { .. } | ServerMsg::Welcome { .. })
    });
    assert!(
        matches!(&r, Some(ServerMsg::JoinRefused { reason }) if reason.contains("too many wrong join codes")),
        "{r:?}"
    );
}

#[test]
fn a_client_killed_without_a_goodbye_comes_back_with_its_token() {
    let (mut app, addr) = start_with(true);
    let mut bots = Vec::new();
    let token = join(&mut app, &mut bots, addr, "Ada");
    bots[0].send(&ClientMsg::TakeSeat {
        state: "FRANCE".into(),
    });
    join(&mut app, &mut bots, addr, "Bob");
    bots[1].send(&ClientMsg::TakeSeat {
        state: "GERMANY".into(),
    });
    pump(&mut app, &mut bots, Duration::from_millis(100));
    bots[0].send(&ClientMsg::SubmitOrders {
        phase: "S1901M".into(),
        orders: vec!["A PAR - BUR".into()],
    });
    until(&mut app, &mut bots, 0, Duration::from_secs(5), |m| {
        matches!(m, ServerMsg::Orders { .. })
    })
    .expect("orders acknowledged");
    // Killed: the process (here the bot and its socket) is gone, no goodbye sent.
    let killed = bots.remove(0);
    drop(killed);
    pump(&mut app, &mut bots, Duration::from_millis(200));
    // Restarted: a new socket, a new ticket, the token kept.
    bots.push(connect(&mut app, addr));
    let i = bots.len() - 1;
    bots[i].hello("", CODE, Some(token), None);
    let w = until(&mut app, &mut bots, i, Duration::from_secs(5), |m| {
        matches!(m, ServerMsg::Welcome { .. })
    });
    assert!(
        matches!(&w, Some(ServerMsg::Welcome { seat: Some(s), .. }) if s == "FRANCE"),
        "{w:?}"
    );
    let o = until(&mut app, &mut bots, i, Duration::from_secs(5), |m| {
        matches!(m, ServerMsg::Orders { .. })
    });
    assert!(
        matches!(&o, Some(ServerMsg::Orders { accepted, .. }) if accepted == &["A PAR - BUR"]),
        "{o:?}"
    );
    // The host can still act on the game.
    bots.push(connect(&mut app, addr));
    let h = bots.len() - 1;
    bots[h].hello("teacher", CODE, None, Some("teacher"));
    bots[h].send(&ClientMsg::Host(HostCommand::ResolveNow));
    let r = until(&mut app, &mut bots, i, Duration::from_secs(5), |m| {
        matches!(m, ServerMsg::PhaseResult { .. })
    });
    assert!(r.is_some(), "the game goes on");
}
