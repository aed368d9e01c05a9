//! The headless Bevy app that runs a session: Bevy's minimal plugins at a fixed frame rate, the
//! transport, and the session with its record as resources; and a clean stop on request (Ctrl-C
//! or SIGTERM), telling every client why.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use bevy::app::ScheduleRunnerPlugin;
use bevy::prelude::*;

use crate::net::ConsoleLines;
use crate::persist::Journal;
use crate::session::Session;

/// How often the server wakes when idle: the delay between a phase's deadline and its
/// resolution is at most this.
pub const FRAME: Duration = Duration::from_millis(5);

/// How long the server keeps running after telling clients it closes, so the news reaches them.
const CLOSING_TIME: Duration = Duration::from_millis(300);

/// The order of a server frame: receive and handle messages, let time pass, write what was
/// committed to disk, and only then send the replies (so nothing is told before it is saved).
#[derive(SystemSet, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ServerSet {
    Receive,
    Tick,
    Record,
    Send,
}

/// The server's plugins, one a module, in the order of a frame.
fn plugin(app: &mut App) {
    app.configure_sets(Update, (ServerSet::Receive, ServerSet::Tick).chain())
        .configure_sets(
            PostUpdate,
            (ServerSet::Record, ServerSet::Send)
                .chain()
                .before(bevy_renet::RenetSend),
        )
        .add_plugins((
            crate::net::plugin,
            crate::turn::plugin,
            crate::persist::plugin,
        ))
        .init_resource::<StopRequest>()
        .init_resource::<Stopping>()
        .add_systems(Update, stop_on_request.after(ServerSet::Tick));
}

/// Set (by a signal handler, or a test) to ask the server to stop.
#[derive(Resource, Clone, Default)]
pub struct StopRequest(pub Arc<AtomicBool>);

/// When the server began closing.
#[derive(Resource, Default)]
struct Stopping(Option<Duration>);

/// A server app ready to run (or to be updated by hand in tests), and the address it listens on
/// (UDP for the game, TCP on the same port for the ticket desk). Connections are secure: a
/// client fetches a ticket with the join code first (`entente_shared::protocol::ticket::fetch`).
pub fn server_app(
    session: Session,
    journal: Option<Journal>,
    bind: SocketAddr,
    print: bool,
) -> std::io::Result<(App, SocketAddr)> {
    server_app_with(session, journal, bind, print, true)
}

/// [`server_app`], choosing whether connections are secure (`false`: the host turned encryption
/// off, and the ticket desk tells clients to connect unsecured).
pub fn server_app_with(
    session: Session,
    journal: Option<Journal>,
    bind: SocketAddr,
    print: bool,
    secure: bool,
) -> std::io::Result<(App, SocketAddr)> {
    let (server, transport, desk) = crate::net::open(bind, secure, session.secrets.clone())?;
    let addr = transport.addresses()[0];
    let mut app = App::new();
    app.add_plugins(MinimalPlugins.set(ScheduleRunnerPlugin::run_loop(FRAME)))
        .add_plugins(plugin)
        .insert_resource(ConsoleLines {
            print,
            lines: Vec::new(),
        })
        .insert_resource(server)
        .insert_resource(transport)
        .insert_resource(desk)
        .insert_resource(session);
    if let Some(journal) = journal {
        app.insert_resource(journal);
    }
    Ok((app, addr))
}

/// On a stop request: tell everyone, keep running a moment so the news goes out, then exit
/// (the transport then disconnects everyone). The record needs no saving: it is on disk already.
fn stop_on_request(
    request: Res<StopRequest>,
    mut stopping: ResMut<Stopping>,
    mut session: ResMut<Session>,
    time: Res<Time<Real>>,
    mut exit: MessageWriter<AppExit>,
) {
    if !request.0.load(Ordering::Relaxed) {
        return;
    }
    let now = time.elapsed();
    match stopping.0 {
        None => {
            session.close("the server is shutting down");
            stopping.0 = Some(now);
        }
        Some(since) if now >= since + CLOSING_TIME => {
            exit.write(AppExit::Success);
        }
        Some(_) => {}
    }
}
