//! The network: renet over UDP (netcode), between the [`Session`] and its clients.
//!
//! Each frame: messages are received and decoded with the protocol's size limit, then handed to
//! the session with the connection they came from (never with an identity the client claims);
//! the session's clock ticks; what the session committed is written to disk; only then are its
//! replies sent. Connections are identified by their netcode client id. By default the server
//! hands out netcode connect tokens at its ticket desk ([`desk`]) to clients that know the join
//! code, so that packets are encrypted and authenticated and the client id is the server's
//! choice; when the host turns that off (`--insecure`) the id is chosen by the client. Either
//! way it is only ever used as an address, and a client proves who it is with the join code, the
//! host key or its rejoin token.

pub mod bot;
pub mod desk;

use std::net::{SocketAddr, UdpSocket};
use std::time::{Duration, SystemTime};

use bevy::prelude::*;
use bevy_renet::netcode::{
    NetcodeServerPlugin, NetcodeServerTransport, ServerAuthentication, ServerConfig,
};
use bevy_renet::renet::{ChannelConfig, ConnectionConfig, SendType, ServerEvent};
use bevy_renet::{RenetServer, RenetServerEvent, RenetServerPlugin};
use entente_shared::protocol::{
    self, CLIENT_CHANNELS, ChannelSpec, GAME_CHANNEL, PROTOCOL_ID, SERVER_CHANNELS, ServerMsg,
};

use crate::app::ServerSet;
use crate::session::Session;
use desk::TicketDesk;

/// Most clients connected at once.
pub const MAX_CLIENTS: usize = 128;

/// Unreadable messages a connection may send before it is closed.
const MAX_BAD_MESSAGES: u32 = 20;

fn channel(spec: &ChannelSpec) -> ChannelConfig {
    ChannelConfig {
        channel_id: spec.id,
        max_memory_usage_bytes: spec.max_memory_bytes,
        send_type: if spec.reliable {
            SendType::ReliableOrdered {
                resend_time: Duration::from_millis(spec.resend_ms),
            }
        } else {
            SendType::Unreliable
        },
    }
}

/// The transport's configuration, built from the protocol's channel table.
pub fn connection_config() -> ConnectionConfig {
    ConnectionConfig {
        available_bytes_per_tick: 256 * 1024,
        server_channels_config: SERVER_CHANNELS.iter().map(channel).collect(),
        client_channels_config: CLIENT_CHANNELS.iter().map(channel).collect(),
    }
}

/// Opens the UDP socket and the transport on `bind` (port 0 picks a free one), and the ticket
/// desk on TCP at the same address and port. `secure`: connections need a connect token from the
/// desk (with a private key made for this run); otherwise the desk tells clients to connect
/// unsecured.
pub fn open(
    bind: SocketAddr,
    secure: bool,
    join_code: &str,
) -> std::io::Result<(RenetServer, NetcodeServerTransport, TicketDesk)> {
    let socket = UdpSocket::bind(bind)?;
    let local = socket.local_addr()?;
    let listener = std::net::TcpListener::bind(local).map_err(|e| {
        std::io::Error::new(
            e.kind(),
            format!("the ticket desk cannot listen on TCP {local}: {e}"),
        )
    })?;
    let mut public = vec![local];
    if local.ip().is_unspecified() {
        let port = local.port();
        public.push(SocketAddr::from(([127, 0, 0, 1], port)));
        public.extend(
            lan_addresses()
                .into_iter()
                .map(|ip| SocketAddr::from((ip, port))),
        );
        public.truncate(32);
    }
    let key = secure.then(desk::random_key);
    let config = ServerConfig {
        current_time: SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .unwrap_or_default(),
        max_clients: MAX_CLIENTS,
        protocol_id: PROTOCOL_ID,
        public_addresses: public.clone(),
        authentication: match key {
            Some(private_key) => ServerAuthentication::Secure { private_key },
            None => ServerAuthentication::Unsecure,
        },
    };
    let transport = NetcodeServerTransport::new(config, socket)?;
    let desk = TicketDesk::start(listener, join_code.to_string(), key, public)?;
    Ok((RenetServer::new(connection_config()), transport, desk))
}

/// Counts of what was sent, for measurements.
#[derive(Resource, Debug, Default)]
pub struct Traffic {
    /// Message bytes (before the transport's headers) sent to each connection.
    pub bytes_to: std::collections::HashMap<u64, u64>,
    pub messages: u64,
}

/// Connections to close a little later, once their last message (a refusal) has gone out.
#[derive(Resource, Default)]
struct Closing(Vec<(u64, Duration)>);

/// Messages that did not fit in a connection's channel, to try again next frame.
#[derive(Resource, Default)]
struct Backlog(Vec<(u64, Vec<u8>)>);

/// Malformed messages per connection.
#[derive(Resource, Default)]
struct BadMessages(std::collections::HashMap<u64, u32>);

/// Lines the session printed (kept for tests when the console is not wanted).
#[derive(Resource, Default)]
pub struct ConsoleLines {
    pub print: bool,
    pub lines: Vec<String>,
}

/// How many messages a connection may have handled: a burst of this many, refilled at
/// [`MESSAGES_PER_SECOND`]. Beyond it its messages wait in the transport for later frames, so
/// that one client cannot flood the record or starve the others; a client that keeps flooding
/// fills its channel's memory limit and the transport closes the connection.
const MESSAGE_BURST: f64 = 60.0;
const MESSAGES_PER_SECOND: f64 = 30.0;

/// One connection's message allowance.
struct Budget {
    left: f64,
    refilled: Duration,
}

#[derive(Resource, Default)]
struct Allowance(std::collections::HashMap<u64, Budget>);

/// The transport and the systems around the [`Session`] resource: renet's plugins, receiving
/// (with the size limit and the allowance), and sending once the record is written.
pub(crate) fn plugin(app: &mut App) {
    app.add_plugins((RenetServerPlugin, NetcodeServerPlugin))
        .init_resource::<Traffic>()
        .init_resource::<Closing>()
        .init_resource::<Backlog>()
        .init_resource::<BadMessages>()
        .init_resource::<Allowance>()
        .init_resource::<ConsoleLines>()
        .add_observer(on_server_event)
        .add_systems(Update, receive.in_set(ServerSet::Receive))
        .add_systems(PostUpdate, (send, console).chain().in_set(ServerSet::Send));
}

fn on_server_event(
    ev: On<RenetServerEvent>,
    mut session: ResMut<Session>,
    mut bad: ResMut<BadMessages>,
    time: Res<Time<Real>>,
) {
    match **ev {
        ServerEvent::ClientConnected { client_id } => session.connected(client_id, time.elapsed()),
        ServerEvent::ClientDisconnected { client_id, .. } => {
            bad.0.remove(&client_id);
            session.disconnected(client_id, time.elapsed())
        }
    }
}

fn receive(
    mut server: ResMut<RenetServer>,
    mut session: ResMut<Session>,
    mut bad: ResMut<BadMessages>,
    mut allowance: ResMut<Allowance>,
    time: Res<Time<Real>>,
) {
    let now = time.elapsed();
    let ids = server.clients_id();
    allowance.0.retain(|id, _| ids.contains(id));
    for id in ids {
        let b = allowance.0.entry(id).or_insert(Budget {
            left: MESSAGE_BURST,
            refilled: now,
        });
        b.left =
            (b.left + (now - b.refilled).as_secs_f64() * MESSAGES_PER_SECOND).min(MESSAGE_BURST);
        b.refilled = now;
        while b.left >= 1.0
            && let Some(bytes) = server.receive_message(id, GAME_CHANNEL)
        {
            b.left -= 1.0;
            match protocol::decode_client(&bytes) {
                Ok(msg) => session.handle(id, msg, now),
                Err(e) => {
                    let count = bad.0.entry(id).or_default();
                    *count += 1;
                    if *count > MAX_BAD_MESSAGES {
                        server.disconnect(id);
                        break;
                    }
                    let reply = protocol::encode_server(&ServerMsg::Refused {
                        reason: format!("the server could not read your message: {e}"),
                    });
                    server.send_message(id, GAME_CHANNEL, reply);
                }
            }
        }
    }
}

fn send(
    mut server: ResMut<RenetServer>,
    mut session: ResMut<Session>,
    mut traffic: ResMut<Traffic>,
    mut closing: ResMut<Closing>,
    mut backlog: ResMut<Backlog>,
    time: Res<Time<Real>>,
) {
    let now = time.elapsed();
    let mut waiting = std::mem::take(&mut backlog.0);
    waiting.extend(
        session
            .take_outbox()
            .into_iter()
            .map(|(to, msg)| (to, protocol::encode_server(&msg))),
    );
    for (to, bytes) in waiting {
        if !server.is_connected(to) {
            continue;
        }
        // A later message to a connection must not overtake an earlier one held back.
        let held = backlog.0.iter().any(|(t, _)| *t == to);
        if held || !server.can_send_message(to, GAME_CHANNEL, bytes.len()) {
            backlog.0.push((to, bytes));
            continue;
        }
        *traffic.bytes_to.entry(to).or_default() += bytes.len() as u64;
        traffic.messages += 1;
        server.send_message(to, GAME_CHANNEL, bytes);
    }
    for t in session.take_disconnects() {
        closing.0.push((t, now + Duration::from_millis(300)));
    }
    closing.0.retain(|(t, at)| {
        if now >= *at {
            server.disconnect(*t);
            false
        } else {
            true
        }
    });
}

fn console(mut session: ResMut<Session>, mut lines: ResMut<ConsoleLines>) {
    for line in session.take_console() {
        if lines.print {
            println!("{line}");
        }
        lines.lines.push(line);
    }
}

/// The IPv4 addresses of this machine's network interfaces other than loopback, for telling
/// students where to connect (read from the kernel's routing table on Linux; empty elsewhere).
pub fn lan_addresses() -> Vec<std::net::Ipv4Addr> {
    let Ok(text) = std::fs::read_to_string("/proc/net/fib_trie") else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut last: Option<std::net::Ipv4Addr> = None;
    for line in text.lines() {
        let t = line.trim_start_matches([' ', '|', '-', '+']).trim();
        if let Ok(ip) = t.parse::<std::net::Ipv4Addr>() {
            last = Some(ip);
        } else if t.starts_with("/32 host LOCAL")
            && let Some(ip) = last
            && !ip.is_loopback()
            && !out.contains(&ip)
        {
            out.push(ip);
        }
    }
    out
}
