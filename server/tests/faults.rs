//! A save folder that cannot be written: the host is told, the game goes on in memory, and
//! once the folder can be written again everything that waited is written, so that the record
//! replays to the same game. Tests run as root here, where permissions do not stop writes, so
//! the faults are a save folder whose parent is a file, and a disk that is full (`/dev/full`).

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use bevy::app::App;
use entente_server::app::server_app;
use entente_server::net::bot::Bot;
use entente_server::persist::Journal;
use entente_server::session::{Session, Settings};
use entente_server::turn::computer::ComputerKind;
use entente_shared::protocol::{ClientMsg, HostCommand, ServerMsg};

const CODE: &str = "FAULT1";

fn settings() -> Settings {
    Settings {
        join_code: CODE.into(),
        host_key: "teacher".into(),
        computer: ComputerKind::Hold,
        movement_secs: 600,
        ..Settings::default()
    }
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("entente-faults-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::remove_file(&dir);
    dir
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

fn join(app: &mut App, bots: &mut Vec<Bot>, addr: SocketAddr, name: &str, key: Option<&str>) {
    let mut bot = Bot::connect(addr, CODE).unwrap();
    let end = Instant::now() + Duration::from_secs(5);
    while !bot.is_connected() {
        assert!(Instant::now() < end, "the bot could not connect");
        app.update();
        bot.update();
        std::thread::sleep(Duration::from_millis(1));
    }
    bot.hello(name, CODE, None, key);
    bots.push(bot);
}

fn warned(m: &ServerMsg, what: &str) -> bool {
    matches!(m, ServerMsg::HostLog { lines } if lines.iter().any(|l| l.contains(what)))
}

#[test]
fn an_unwritable_save_folder_is_reported_the_game_goes_on_and_nothing_is_lost_once_it_is_fixed() {
    let base = scratch("blocked");
    // The save folder's parent is a file: the folder cannot be made.
    std::fs::write(&base, b"in the way").unwrap();
    let dir = base.join("saves");
    let mut session = Session::new(settings()).unwrap();
    let first = session.take_unwritten();
    let (journal, trouble) = Journal::create_or_wait(&dir, 1, &first);
    let e = trouble.expect("the folder cannot be made");
    session.record_trouble(Some(format!(
        "WARNING: the game record cannot be written ({e})"
    )));
    let (mut app, addr) = server_app(
        session,
        Some(journal),
        "127.0.0.1:0".parse().unwrap(),
        false,
    )
    .unwrap();
    app.finish();
    app.cleanup();
    let mut bots = Vec::new();
    join(&mut app, &mut bots, addr, "teacher", Some("teacher"));
    assert!(
        until(&mut app, &mut bots, 0, Duration::from_secs(5), |m| warned(
            m,
            "cannot be written"
        ))
        .is_some(),
        "a host who joins is told"
    );
    join(&mut app, &mut bots, addr, "Ada", None);
    bots[1].send(&ClientMsg::TakeSeat {
        state: "FRANCE".into(),
    });
    until(&mut app, &mut bots, 1, Duration::from_secs(5), |m| {
        matches!(m, ServerMsg::Role { .. })
    })
    .expect("seated while the record cannot be written");
    bots[1].send(&ClientMsg::SubmitOrders {
        phase: "S1901M".into(),
        orders: vec!["A PAR - BUR".into()],
    });
    bots[0].send(&ClientMsg::Host(HostCommand::ResolveNow));
    until(&mut app, &mut bots, 1, Duration::from_secs(5), |m| {
        matches!(m, ServerMsg::PhaseResult { .. })
    })
    .expect("the game goes on in memory");
    // The folder is fixed: within the retry time, everything that waited is written.
    std::fs::remove_file(&base).unwrap();
    assert!(
        until(&mut app, &mut bots, 0, Duration::from_secs(10), |m| warned(
            m,
            "written again"
        ))
        .is_some(),
        "the host is told the record is written again"
    );
    let record = Journal::latest(&dir).expect("a record now");
    // Read while the server still holds the record (and its lock).
    let entries = Journal::read(&record).unwrap();
    let replayed = Session::replay(&entries).unwrap();
    let live = app.world().resource::<Session>();
    assert_eq!(replayed.phase_name(), live.phase_name());
    assert_eq!(replayed.phase_name(), "F1901M");
    let france = replayed.game().scenario().find_state("FRANCE").unwrap();
    assert_eq!(replayed.members(france), vec!["Ada".to_string()]);
    std::fs::remove_dir_all(&base).unwrap();
}

#[test]
fn a_full_disk_in_the_middle_of_a_game_is_reported_and_the_game_goes_on() {
    if !std::path::Path::new("/dev/full").exists() {
        println!("skipped: no /dev/full on this system");
        return;
    }
    let dir = scratch("full");
    let mut session = Session::new(settings()).unwrap();
    let first = session.take_unwritten();
    let journal = Journal::create(&dir, 1, &first).unwrap();
    let (mut app, addr) = server_app(
        session,
        Some(journal),
        "127.0.0.1:0".parse().unwrap(),
        false,
    )
    .unwrap();
    app.finish();
    app.cleanup();
    let mut bots = Vec::new();
    join(&mut app, &mut bots, addr, "teacher", Some("teacher"));
    until(&mut app, &mut bots, 0, Duration::from_secs(5), |m| {
        matches!(m, ServerMsg::Welcome { .. })
    })
    .expect("welcomed");
    // The disk fills up.
    app.world_mut()
        .resource_mut::<Journal>()
        .fail_writes_for_tests()
        .unwrap();
    join(&mut app, &mut bots, addr, "Ada", None);
    let w = until(&mut app, &mut bots, 0, Duration::from_secs(5), |m| {
        warned(m, "cannot be written")
    });
    assert!(
        matches!(&w, Some(ServerMsg::HostLog { lines }) if lines[0].contains("No space left")),
        "{w:?}"
    );
    bots[1].send(&ClientMsg::TakeSeat {
        state: "FRANCE".into(),
    });
    bots[0].send(&ClientMsg::Host(HostCommand::ResolveNow));
    for _ in 0..3 {
        bots[0].send(&ClientMsg::Host(HostCommand::ResolveNow));
        until(&mut app, &mut bots, 1, Duration::from_secs(5), |m| {
            matches!(m, ServerMsg::PhaseResult { .. })
        })
        .expect("phases go on while the disk is full");
    }
    assert!(app.world().resource::<Journal>().pending() > 0);
    std::fs::remove_dir_all(&dir).unwrap();
}
