//! The server over real UDP on loopback: the Bevy app with renet and netcode, and bot clients
//! with their own sockets. Joining, hostile bytes, reconnecting with a token, and a whole game
//! played by bots that check every board the server sends against their own copy of the rules.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use bevy::app::App;
use entente_server::app::server_app;
use entente_server::net::bot::Bot;
use entente_server::session::{Session, Settings};
use entente_server::turn::computer::ComputerKind;
use entente_shared::protocol::{ClientMsg, Role, ServerMsg, SessionState};
use entente_shared::rules::Game;
use entente_shared::rules::options::random_orders;
use entente_shared::scenario::Scenario;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

const CODE: &str = "LOOP42";

fn start(settings: Settings) -> (App, SocketAddr) {
    let session = Session::new(settings).expect("a session");
    let (mut app, addr) =
        server_app(session, None, "127.0.0.1:0".parse().unwrap(), false).expect("listening");
    app.finish();
    app.cleanup();
    (app, addr)
}

fn settings() -> Settings {
    Settings {
        join_code: CODE.into(),
        host_key: "teacher".into(),
        computer: ComputerKind::Hold,
        ..Settings::default()
    }
}

/// Runs the server and the bots until bot `who` has a message matching `want`.
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

#[test]
fn joining_over_udp_with_wrong_and_right_codes_and_hostile_bytes() {
    let (mut app, addr) = start(settings());
    let mut bots = vec![connect(&mut app, addr), connect(&mut app, addr)];
    bots[0].hello("Mallory", "NOPE", None, None);
    let refused = until(&mut app, &mut bots, 0, Duration::from_secs(5), |m| {
        matches!(m, ServerMsg::JoinRefused { .. })
    });
    assert!(
        matches!(refused, Some(ServerMsg::JoinRefused { reason }) if reason.contains("wrong join code"))
    );
    // The refused connection is closed.
    let end = Instant::now() + Duration::from_secs(5);
    while !bots[0].is_disconnected() {
        assert!(Instant::now() < end, "a refused client is disconnected");
        app.update();
        bots[0].update();
        std::thread::sleep(Duration::from_millis(1));
    }

    // Bytes that are not a message are refused with a reason, and the connection stays.
    bots[1].send_raw(vec![0xFF, 0x00, 0x13, 0x37]);
    let r = until(&mut app, &mut bots, 1, Duration::from_secs(5), |m| {
        matches!(m, ServerMsg::Refused { .. })
    });
    assert!(matches!(r, Some(ServerMsg::Refused { reason }) if reason.contains("could not read")));
    bots[1].hello("Ada", CODE, None, None);
    let w = until(&mut app, &mut bots, 1, Duration::from_secs(5), |m| {
        matches!(m, ServerMsg::Welcome { .. })
    });
    assert!(matches!(
        w,
        Some(ServerMsg::Welcome {
            role: Role::Observer,
            ..
        })
    ));
}

#[test]
fn a_player_who_drops_reconnects_with_the_token_and_finds_its_seat_and_orders() {
    let mut s = settings();
    s.movement_secs = 600;
    let (mut app, addr) = start(s);
    let mut bots = vec![connect(&mut app, addr)];
    bots[0].hello("Ada", CODE, None, None);
    let Some(ServerMsg::Welcome { rejoin, .. }) =
        until(&mut app, &mut bots, 0, Duration::from_secs(5), |m| {
            matches!(m, ServerMsg::Welcome { .. })
        })
    else {
        panic!("no welcome");
    };
    bots[0].send(&ClientMsg::TakeSeat {
        state: "FRANCE".into(),
    });
    // Germany's player keeps the phase open: it gives no orders.
    let mut germany = connect(&mut app, addr);
    germany.hello("Bob", CODE, None, None);
    germany.send(&ClientMsg::TakeSeat {
        state: "GERMANY".into(),
    });
    for _ in 0..50 {
        app.update();
        germany.update();
        bots[0].update();
        std::thread::sleep(Duration::from_millis(1));
    }
    bots[0].send(&ClientMsg::SubmitOrders {
        phase: "S1901M".into(),
        orders: vec!["A PAR - BUR".into(), "A MAR - SPA".into()],
    });
    until(&mut app, &mut bots, 0, Duration::from_secs(5), |m| {
        matches!(m, ServerMsg::Orders { .. })
    })
    .expect("orders acknowledged");
    bots[0].disconnect();
    for _ in 0..20 {
        app.update();
        std::thread::sleep(Duration::from_millis(1));
    }
    // A new connection (a new socket and client id) with the token.
    bots.push(connect(&mut app, addr));
    bots[1].hello("", CODE, Some(rejoin), None);
    let w = until(&mut app, &mut bots, 1, Duration::from_secs(5), |m| {
        matches!(m, ServerMsg::Welcome { .. })
    });
    assert!(
        matches!(&w, Some(ServerMsg::Welcome { seat: Some(s), role: Role::Player, .. }) if s == "FRANCE"),
        "{w:?}"
    );
    let o = until(&mut app, &mut bots, 1, Duration::from_secs(5), |m| {
        matches!(m, ServerMsg::Orders { .. })
    });
    assert!(
        matches!(&o, Some(ServerMsg::Orders { accepted, .. }) if accepted == &vec!["A PAR - BUR".to_string(), "A MAR - SPA".to_string()]),
        "{o:?}"
    );
}

/// The units on a board, as (state, kind, place), sorted.
fn units_of(board: &entente_shared::protocol::Board) -> Vec<(String, char, String)> {
    let mut v: Vec<_> = board
        .units
        .iter()
        .map(|u| (u.state.clone(), u.kind, u.at.clone()))
        .collect();
    v.sort();
    v
}

fn units_of_game(game: &Game) -> Vec<(String, char, String)> {
    let sc = game.scenario();
    let mut v: Vec<_> = game
        .position()
        .units()
        .map(|(_, u)| {
            (
                sc.state(u.state).code.clone(),
                u.kind.letter(),
                sc.map.loc_name(u.loc),
            )
        })
        .collect();
    v.sort();
    v
}

#[test]
fn a_whole_game_with_bot_clients_at_every_seat() {
    let mut s = settings();
    s.lobby = true;
    let (mut app, addr) = start(s);
    let scenario = std::sync::Arc::new(Scenario::load("classic").unwrap());
    let codes: Vec<String> = scenario.states.iter().map(|s| s.code.clone()).collect();
    let mut bots: Vec<Bot> = Vec::new();
    for (i, code) in codes.iter().enumerate() {
        bots.push(connect(&mut app, addr));
        bots[i].hello(&format!("bot-{code}"), CODE, None, None);
        bots[i].send(&ClientMsg::TakeSeat {
            state: code.clone(),
        });
    }
    let watcher = bots.len();
    bots.push(connect(&mut app, addr));
    bots[watcher].hello("teacher", CODE, None, Some("teacher"));
    // The host starts the game once every seat is taken.
    until(
        &mut app,
        &mut bots,
        watcher,
        Duration::from_secs(10),
        |m| matches!(m, ServerMsg::Seats { seats } if seats.iter().all(|s| !s.players.is_empty())),
    )
    .expect("every seat taken");
    bots[watcher].send(&ClientMsg::Host(
        entente_shared::protocol::HostCommand::Start,
    ));

    // Each bot keeps its own copy of the game, from the results the server publishes.
    let mut copies: Vec<Game> = codes.iter().map(|_| Game::new(scenario.clone())).collect();
    let mut rngs: Vec<ChaCha8Rng> = (0..codes.len())
        .map(|i| ChaCha8Rng::seed_from_u64(i as u64))
        .collect();
    let mut phases = 0;
    let mut checked = 0;
    let mut over = None;
    let end = Instant::now() + Duration::from_secs(240);
    while over.is_none() {
        assert!(
            Instant::now() < end,
            "the game did not end in time ({phases} phases)"
        );
        app.update();
        for (i, bot) in bots.iter_mut().enumerate() {
            bot.update();
            for (_, msg) in std::mem::take(&mut bot.inbox) {
                if i == watcher {
                    if let ServerMsg::GameOver { text } = &msg {
                        over = Some(text.clone());
                    }
                    continue;
                }
                match msg {
                    ServerMsg::Phase {
                        phase,
                        board,
                        session: SessionState::Playing,
                        ..
                    } => {
                        let copy = &copies[i];
                        assert_eq!(phase, copy.phase().to_string(), "bot {i} is in step");
                        assert_eq!(units_of(&board), units_of_game(copy), "{phase}");
                        checked += 1;
                        let state = scenario.find_state(&codes[i]).unwrap();
                        let orders: Vec<String> = random_orders(copy, state, &mut rngs[i])
                            .iter()
                            .map(|o| o.display(&scenario.map).to_string())
                            .collect();
                        bot.send(&ClientMsg::SubmitOrders { phase, orders });
                    }
                    ServerMsg::Orders { refused, .. } => {
                        assert!(refused.is_empty(), "legal orders refused: {refused:?}");
                    }
                    ServerMsg::PhaseResult { orders, next, .. } => {
                        let copy = &mut copies[i];
                        for o in &orders {
                            let s = scenario.find_state(&o.state).unwrap();
                            let _ = copy.submit(s, &o.order);
                        }
                        copy.resolve();
                        if i == 0 {
                            phases += 1;
                        }
                        if !copy.is_over() {
                            assert_eq!(copy.phase().to_string(), next);
                        }
                    }
                    _ => {}
                }
            }
        }
        std::thread::sleep(Duration::from_micros(500));
    }
    println!("a whole game over UDP: {phases} phases, {checked} boards checked: {over:?}");
    assert!(phases > 20, "a whole game: {phases} phases");
    assert!(checked >= phases * codes.len(), "every board was checked");
    let text = over.unwrap();
    assert!(text.contains("wins") || text.contains("ends"), "{text}");
}

#[test]
fn a_client_without_a_ticket_cannot_connect_to_a_secure_server() {
    let (mut app, addr) = start(settings());
    let mut intruder = Bot::connect_without_ticket(addr).unwrap();
    let end = Instant::now() + Duration::from_secs(3);
    while Instant::now() < end && !intruder.is_disconnected() {
        app.update();
        intruder.update();
        std::thread::sleep(Duration::from_millis(2));
    }
    assert!(
        !intruder.is_connected(),
        "an unsecured connection is not let in"
    );
    // A client with a ticket gets in meanwhile.
    let mut bots = vec![connect(&mut app, addr)];
    bots[0].hello("Ada", CODE, None, None);
    until(&mut app, &mut bots, 0, Duration::from_secs(5), |m| {
        matches!(m, ServerMsg::Welcome { .. })
    })
    .expect("a client with a ticket is welcomed");
}

#[test]
fn a_wrong_join_code_gets_no_ticket_and_guessing_is_limited() {
    use entente_server::net::desk::MAX_WRONG_CODES;
    use entente_shared::protocol::ticket::{Ticket, TicketError, fetch};
    let (mut app, addr) = start(settings());
    app.update();
    let wait = Duration::from_secs(3);
    for i in 0..MAX_WRONG_CODES {
        let err = fetch(addr, &format!("GUESS{i}"), wait).unwrap_err();
        assert!(
            matches!(&err, TicketError::Refused(r) if r.starts_with("wrong join code")),
            "{err}"
        );
    }
    // Now even the right code is refused from this address, for a while.
    let err = fetch(addr, CODE, wait).unwrap_err();
    assert_eq!(
        err.to_string(),
        "too many wrong join codes from your address: wait a minute"
    );
    // Another server (another desk) is not affected, and gives a ticket for the right code.
    let (mut other, addr2) = start(settings());
    other.update();
    let Ok(Ticket::Secure(bytes)) = fetch(addr2, CODE, wait) else {
        panic!("a ticket for the right code");
    };
    let token = bevy_renet::netcode::ConnectToken::read(&mut bytes.as_slice()).unwrap();
    assert_eq!(token.protocol_id, entente_shared::protocol::PROTOCOL_ID);
    assert_eq!(
        token.server_addresses[0],
        Some(addr2),
        "the address the client reached"
    );
    // Where nothing listens, the error says so.
    let nobody: SocketAddr = "127.0.0.1:9".parse().unwrap();
    assert_eq!(
        fetch(nobody, CODE, wait).unwrap_err().to_string(),
        "no Entente server answers at 127.0.0.1:9"
    );
}

#[test]
fn with_security_off_the_desk_says_so_and_clients_connect_unsecured() {
    use entente_server::app::server_app_with;
    use entente_shared::protocol::ticket::{Ticket, fetch};
    let session = Session::new(settings()).expect("a session");
    let (mut app, addr) =
        server_app_with(session, None, "127.0.0.1:0".parse().unwrap(), false, false)
            .expect("listening");
    app.finish();
    app.cleanup();
    assert_eq!(
        fetch(addr, CODE, Duration::from_secs(3)).unwrap(),
        Ticket::Unsecure
    );
    let mut bots = vec![connect(&mut app, addr)];
    bots[0].hello("Ada", CODE, None, None);
    until(&mut app, &mut bots, 0, Duration::from_secs(5), |m| {
        matches!(m, ServerMsg::Welcome { .. })
    })
    .expect("welcomed without encryption");
}
