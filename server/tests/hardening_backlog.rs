//! A client that stops acknowledging, over real UDP on loopback: the server holds back only so
//! much for it and then drops it, with the reason on the console, while an honest client at the
//! same game gets every message.
//!
//! The traffic is public press from a seated player, handed to the session directly (the
//! player's own sending is limited to a few messages a second, which would take minutes to fill
//! a connection's channel).

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use bevy::prelude::*;
use bevy_renet::RenetServer;
use entente_server::app::server_app;
use entente_server::net::bot::Bot;
use entente_server::net::{BEHIND_PATIENCE, ConsoleLines, MAX_HELD_BYTES, Traffic};
use entente_server::session::{Session, Settings};
use entente_server::turn::computer::ComputerKind;
use entente_shared::protocol::{ClientMsg, MAX_PRESS_CHARS, ServerMsg};

const CODE: &str = "HOLD99";

fn start() -> (App, SocketAddr) {
    let session = Session::new(Settings {
        join_code: CODE.into(),
        host_key: "teacher".into(),
        computer: ComputerKind::Hold,
        movement_secs: 600,
        ..Settings::default()
    })
    .expect("a session");
    let (mut app, addr) =
        server_app(session, None, "127.0.0.1:0".parse().unwrap(), false).expect("listening");
    app.finish();
    app.cleanup();
    (app, addr)
}

/// Connects a bot that says hello as `name` and waits for its welcome; returns it with its
/// connection's id on the server.
fn join(app: &mut App, addr: SocketAddr, name: &str) -> (Bot, u64) {
    let before = app.world().resource::<RenetServer>().clients_id();
    let mut bot = Bot::connect(addr, CODE).expect("a ticket");
    let end = Instant::now() + Duration::from_secs(5);
    while !bot.is_connected() {
        assert!(Instant::now() < end, "{name} could not connect");
        app.update();
        bot.update();
        std::thread::sleep(Duration::from_millis(1));
    }
    bot.hello(name, CODE, None, None);
    while !bot
        .inbox
        .iter()
        .any(|(_, m)| matches!(m, ServerMsg::Welcome { .. }))
    {
        assert!(Instant::now() < end, "{name} was not welcomed");
        app.update();
        bot.update();
        std::thread::sleep(Duration::from_millis(1));
    }
    let id = app
        .world()
        .resource::<RenetServer>()
        .clients_id()
        .into_iter()
        .find(|id| !before.contains(id))
        .expect("a new connection");
    (bot, id)
}

fn seat(app: &mut App, bot: &mut Bot, state: &str) {
    bot.send(&ClientMsg::TakeSeat {
        state: state.into(),
    });
    let end = Instant::now() + Duration::from_secs(5);
    while !bot
        .inbox
        .iter()
        .any(|(_, m)| matches!(m, ServerMsg::Role { .. }))
    {
        assert!(Instant::now() < end, "not seated");
        app.update();
        bot.update();
        std::thread::sleep(Duration::from_millis(1));
    }
}

/// Public press from the connection `from`, as if it had sent it.
fn press(app: &mut App, from: u64, n: usize, text: &str) {
    let now = app.world().resource::<Time<Real>>().elapsed();
    let mut session = app.world_mut().resource_mut::<Session>();
    for _ in 0..n {
        session.handle(
            from,
            ClientMsg::Press {
                to: Vec::new(),
                text: text.to_string(),
            },
            now,
        );
    }
}

fn press_count(bot: &Bot) -> usize {
    bot.inbox
        .iter()
        .filter(|(_, m)| matches!(m, ServerMsg::Press { .. }))
        .count()
}

/// The resident memory of this process, in MB (Linux; 0 elsewhere).
fn resident_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

/// Takes the press out of a bot's inbox, counting it (so that the bot's own memory stays flat).
fn take_press(bot: &mut Bot) -> usize {
    let n = press_count(bot);
    bot.inbox.clear();
    n
}

#[test]
fn a_client_that_stops_acknowledging_is_dropped_and_what_waits_for_it_stays_bounded() {
    let (mut app, addr) = start();
    let (mut ada, ada_id) = join(&mut app, addr, "Ada");
    seat(&mut app, &mut ada, "FRANCE");
    let (mut mallory, mallory_id) = join(&mut app, addr, "Mallory");
    let text = "x".repeat(MAX_PRESS_CHARS);
    let rss_before = resident_mb();
    let t0 = Instant::now();
    let (mut sent, mut ada_got) = (0, 0);
    let mut peak_held = 0;
    // About 100 KB a frame to everyone: Ada takes it all, Mallory acknowledges nothing.
    while app.world().resource::<Traffic>().dropped.is_empty() {
        assert!(
            t0.elapsed() < Duration::from_secs(60),
            "the client that acknowledges nothing is never dropped (held now: {} bytes)",
            app.world().resource::<Traffic>().held_bytes
        );
        press(&mut app, ada_id, 50, &text);
        sent += 50;
        app.update();
        ada.update();
        ada_got += take_press(&mut ada);
        mallory.update_without_acknowledging();
        peak_held = peak_held.max(app.world().resource::<Traffic>().held_bytes);
        std::thread::sleep(Duration::from_millis(1));
    }
    let took = t0.elapsed();
    let sent_by_drop = sent;
    let rss_at_drop = resident_mb();
    let traffic = app.world().resource::<Traffic>();
    let (dropped, why) = traffic.dropped[0].clone();
    let held_peak = traffic.held_peak;
    assert_eq!(dropped, mallory_id, "the client dropped is the silent one");
    assert!(why.contains("stopped acknowledging"), "{why}");
    // What was held for it never went beyond the bound, and came near it.
    assert!(held_peak <= MAX_HELD_BYTES, "{held_peak} bytes held");
    assert!(held_peak > MAX_HELD_BYTES / 2, "{held_peak} bytes held");
    assert!(peak_held <= held_peak);
    // The game goes on as before (as much again), and Ada, who acknowledges, gets every message.
    while sent < 2 * sent_by_drop {
        press(&mut app, ada_id, 50, &text);
        sent += 50;
        app.update();
        ada.update();
        ada_got += take_press(&mut ada);
        mallory.update_without_acknowledging();
        std::thread::sleep(Duration::from_millis(1));
    }
    let end = Instant::now() + Duration::from_secs(10);
    while ada_got < sent {
        assert!(Instant::now() < end, "Ada got {ada_got} of {sent} messages");
        app.update();
        ada.update();
        ada_got += take_press(&mut ada);
        std::thread::sleep(Duration::from_millis(1));
    }
    let rss_after = resident_mb();
    let server = app.world().resource::<RenetServer>();
    assert!(server.is_connected(ada_id));
    assert!(!server.is_connected(mallory_id));
    let traffic = app.world().resource::<Traffic>();
    assert_eq!(traffic.held_bytes, 0);
    assert_eq!(traffic.dropped.len(), 1, "only Mallory was dropped");
    let console = app.world().resource::<ConsoleLines>();
    assert!(
        console
            .lines
            .iter()
            .any(|l| l.starts_with("Dropped the connection from 127.0.0.1:")
                && l.contains("stopped acknowledging")),
        "the console says why: {:?}",
        console.lines.last()
    );
    println!(
        "non-acknowledging client dropped after {took:.2?} and {sent_by_drop} messages of {} \
         bytes to everyone: at most {} KB held back for it (bound {} KB); this process (server \
         and both clients) {rss_before:.0} MB before, {rss_at_drop:.0} MB at the drop, \
         {rss_after:.0} MB after as much traffic again; reason: {why}",
        text.len(),
        held_peak / 1024,
        MAX_HELD_BYTES / 1024,
    );
}

#[test]
fn a_client_that_falls_behind_and_stays_behind_is_dropped_after_the_patience() {
    let (mut app, addr) = start();
    let (mut ada, ada_id) = join(&mut app, addr, "Ada");
    seat(&mut app, &mut ada, "FRANCE");
    let (mut mallory, mallory_id) = join(&mut app, addr, "Mallory");
    // A little traffic, far less than the channel holds, that Mallory never acknowledges ...
    let text = "y".repeat(MAX_PRESS_CHARS);
    press(&mut app, ada_id, 200, &text);
    let t0 = Instant::now();
    while app.world().resource::<Traffic>().dropped.is_empty() {
        assert!(
            t0.elapsed() < BEHIND_PATIENCE + Duration::from_secs(10),
            "a client that stays behind is never dropped"
        );
        app.update();
        ada.update();
        mallory.update_without_acknowledging();
        std::thread::sleep(Duration::from_millis(2));
    }
    // ... is dropped once the patience has run out, never before.
    let took = t0.elapsed();
    let traffic = app.world().resource::<Traffic>();
    assert_eq!(traffic.held_peak, 0, "nothing was held back: {traffic:?}");
    let (dropped, why) = traffic.dropped[0].clone();
    assert_eq!(dropped, mallory_id);
    assert!(why.contains("acknowledged too little"), "{why}");
    assert!(took >= BEHIND_PATIENCE, "{took:?}");
    assert!(
        app.world().resource::<RenetServer>().is_connected(ada_id),
        "the honest client stays"
    );
    assert_eq!(press_count(&ada), 200);
    println!("a client behind by 400 KB was dropped after {took:.2?}: {why}");
}
