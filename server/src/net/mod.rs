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
    self, CLIENT_CHANNELS, ChannelSpec, ClientMsg, GAME_CHANNEL, PROTOCOL_ID, SERVER_CHANNELS,
    ServerMsg,
};

use crate::app::ServerSet;
use crate::session::Session;
use desk::TicketDesk;

/// Most clients connected at once.
pub const MAX_CLIENTS: usize = 128;

/// Unreadable (malformed or oversized) messages a connection may send; the next one removes it.
pub const MAX_BAD_MESSAGES: u32 = 10;

/// Messages a flooding connection may have dropped, without pause, before it is removed.
pub const MAX_DROPPED_MESSAGES: u32 = 200;

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
    secrets: crate::lobby::secrets::Secrets,
) -> std::io::Result<(RenetServer, NetcodeServerTransport, TicketDesk)> {
    let (socket, listener) = bind_pair(bind, PORT_TRIES, UdpSocket::bind)?;
    let local = socket.local_addr()?;
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
    let desk = TicketDesk::start(listener, secrets, key, public)?;
    Ok((RenetServer::new(connection_config()), transport, desk))
}

/// How many ports [`open`] tries, when it picks the port, before it gives up finding one free for
/// both UDP and TCP.
const PORT_TRIES: usize = 16;

/// The game's UDP socket and the ticket desk's TCP listener, on one port. With port 0 the system
/// picks a free UDP port, which another program may hold on TCP: then both are let go and another
/// port is tried (at most `tries` in all). A port given by the host is tried once. `udp` binds the
/// UDP socket (a parameter so that a test can make the clash happen).
fn bind_pair(
    bind: SocketAddr,
    tries: usize,
    mut udp: impl FnMut(SocketAddr) -> std::io::Result<UdpSocket>,
) -> std::io::Result<(UdpSocket, std::net::TcpListener)> {
    let tries = if bind.port() == 0 { tries.max(1) } else { 1 };
    let mut clashes = Vec::new();
    for _ in 0..tries {
        let socket = udp(bind)?;
        let local = socket.local_addr()?;
        match std::net::TcpListener::bind(local) {
            Ok(listener) => return Ok((socket, listener)),
            Err(e) if e.kind() == std::io::ErrorKind::AddrInUse && bind.port() == 0 => {
                clashes.push(local.port());
            }
            Err(e) => {
                return Err(std::io::Error::new(
                    e.kind(),
                    format!("the ticket desk cannot listen on TCP {local}: {e}"),
                ));
            }
        }
    }
    Err(std::io::Error::new(
        std::io::ErrorKind::AddrInUse,
        format!(
            "no port was free for both UDP and TCP on {}: the system offered {clashes:?}, each \
             taken on TCP",
            bind.ip()
        ),
    ))
}

/// Counts of what was sent, for measurements.
#[derive(Resource, Debug, Default)]
pub struct Traffic {
    /// Message bytes (before the transport's headers) sent to each connection.
    pub bytes_to: std::collections::HashMap<u64, u64>,
    pub messages: u64,
    /// Bytes held back now, for all connections.
    pub held_bytes: usize,
    /// The most bytes ever held back for one connection.
    pub held_peak: usize,
    /// Connections dropped because they did not acknowledge what was sent, with the reason.
    pub dropped: Vec<(u64, String)>,
}

/// Connections to close a little later, once their last message (a refusal) has gone out.
#[derive(Resource, Default)]
struct Closing(Vec<(u64, Duration)>);

/// Bytes held back for one connection, beyond what its channel holds, at most: a client for
/// which more would pile up has stopped acknowledging (its channel of
/// [`protocol::SERVER_CHANNELS`] is full of unacknowledged messages already), and is dropped.
pub const MAX_HELD_BYTES: usize = 1024 * 1024;

/// Unacknowledged bytes in a connection's channel above which the connection is behind: an
/// honest client acknowledges within a round trip, so this much outstanding is a slow or dead
/// link, or a client that does not acknowledge on purpose.
pub const BEHIND_BYTES: usize = 256 * 1024;

/// How long a connection may stay behind (or have messages held back) before it is dropped:
/// meanwhile the transport resends what it has not acknowledged, at a cost to everyone.
pub const BEHIND_PATIENCE: Duration = Duration::from_secs(10);

/// Messages to one connection that did not fit in its channel, in order.
#[derive(Default)]
struct Held {
    messages: std::collections::VecDeque<Vec<u8>>,
    bytes: usize,
}

/// Messages held back per connection, to try again next frame; and since when each connection
/// that is behind has been so.
#[derive(Resource, Default)]
struct Backlog {
    held: std::collections::HashMap<u64, Held>,
    behind_since: std::collections::HashMap<u64, Duration>,
}

/// Malformed messages per connection.
#[derive(Resource, Default)]
struct BadMessages(std::collections::HashMap<u64, u32>);

/// Lines the session printed (the latest [`CONSOLE_LINES_KEPT`] or so, for tests).
#[derive(Resource, Default)]
pub struct ConsoleLines {
    pub print: bool,
    pub lines: Vec<String>,
}

/// How many messages a connection may have handled: a burst of this many, refilled at
/// [`MESSAGES_PER_SECOND`]. Beyond it its messages are dropped (with one warning), so that one
/// client cannot flood the record or starve the others; a client that goes on flooding
/// ([`MAX_DROPPED_MESSAGES`] dropped before its allowance refills) is removed.
pub const MESSAGE_BURST: f64 = 60.0;
pub const MESSAGES_PER_SECOND: f64 = 30.0;

/// One connection's message allowance.
struct Budget {
    left: f64,
    refilled: Duration,
    /// Messages dropped since the allowance was last full.
    dropped: u32,
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
    transport: Option<Res<NetcodeServerTransport>>,
    time: Res<Time<Real>>,
) {
    match **ev {
        ServerEvent::ClientConnected { client_id } => {
            session.connected(client_id, time.elapsed());
            // The session records a removed client's address, so that its bar outlives a resume.
            if let Some(addr) = transport.as_ref().and_then(|t| t.client_addr(client_id)) {
                session.set_address(client_id, addr.ip());
            }
        }
        ServerEvent::ClientDisconnected { client_id, .. } => {
            bad.0.remove(&client_id);
            session.disconnected(client_id, time.elapsed())
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn receive(
    mut server: ResMut<RenetServer>,
    mut session: ResMut<Session>,
    mut bad: ResMut<BadMessages>,
    mut allowance: ResMut<Allowance>,
    mut closing: ResMut<Closing>,
    transport: Option<Res<NetcodeServerTransport>>,
    desk: Option<Res<TicketDesk>>,
    time: Res<Time<Real>>,
) {
    let now = time.elapsed();
    let guard = desk.as_ref().map(|d| d.guard());
    let ip_of = |id: u64| {
        transport
            .as_ref()
            .and_then(|t| t.client_addr(id))
            .map(|a| a.ip())
    };
    let ids = server.clients_id();
    allowance.0.retain(|id, _| ids.contains(id));
    for id in ids {
        let b = allowance.0.entry(id).or_insert(Budget {
            left: MESSAGE_BURST,
            refilled: now,
            dropped: 0,
        });
        b.left =
            (b.left + (now - b.refilled).as_secs_f64() * MESSAGES_PER_SECOND).min(MESSAGE_BURST);
        b.refilled = now;
        if b.left >= MESSAGE_BURST {
            b.dropped = 0;
        }
        while let Some(bytes) = server.receive_message(id, GAME_CHANNEL) {
            if b.left < 1.0 {
                b.dropped += 1;
                if b.dropped == 1 {
                    let reply = protocol::encode_server(&ServerMsg::Refused {
                        reason: format!(
                            "you are sending messages too fast (more than {MESSAGES_PER_SECOND} \
                             a second): the server drops the excess, and removes a client that \
                             goes on"
                        ),
                    });
                    server.send_message(id, GAME_CHANNEL, reply);
                }
                if b.dropped > MAX_DROPPED_MESSAGES {
                    session.remove_for_abuse(id, "it flooded the server with messages", now);
                    break;
                }
                continue;
            }
            b.left -= 1.0;
            match protocol::decode_client(&bytes) {
                Ok(msg) => {
                    // An address that guessed too many codes, or whose client the host removed,
                    // is turned away at the door, whatever it says.
                    if let ClientMsg::Hello { .. } = msg
                        && let (Some(g), Some(ip)) = (&guard, ip_of(id))
                        && let Some(why) = g.refusal(ip, std::time::Instant::now())
                    {
                        let reply = protocol::encode_server(&ServerMsg::JoinRefused {
                            reason: why.to_string(),
                        });
                        server.send_message(id, GAME_CHANNEL, reply);
                        closing.0.push((id, now + Duration::from_millis(300)));
                        break;
                    }
                    // A wrong host key with the right code counts against the address like a
                    // wrong code, so that the key cannot be guessed at leisure. (The same test
                    // as the session's, which refuses the hello.)
                    if let ClientMsg::Hello {
                        version,
                        join_code,
                        host_key: Some(key),
                        ..
                    } = &msg
                        && let (Some(g), Some(ip)) = (&guard, ip_of(id))
                        && *version == protocol::PROTOCOL_VERSION
                        && session.admits_code(join_code)
                        && !session.is_host_key(key)
                    {
                        g.wrong_host_key(ip, std::time::Instant::now());
                    }
                    session.handle(id, msg, now)
                }
                Err(e) => {
                    let count = bad.0.entry(id).or_default();
                    *count += 1;
                    if *count > MAX_BAD_MESSAGES {
                        session.remove_for_abuse(
                            id,
                            "it sent too many messages the server could not read",
                            now,
                        );
                        break;
                    }
                    let reply = protocol::encode_server(&ServerMsg::Refused {
                        reason: format!(
                            "the server could not read your message: {e} ({} more and you are \
                             removed)",
                            MAX_BAD_MESSAGES + 1 - *count
                        ),
                    });
                    server.send_message(id, GAME_CHANNEL, reply);
                }
            }
        }
    }
    if let Some(g) = &guard {
        let at = std::time::Instant::now();
        for t in session.take_wrong_codes() {
            if let Some(ip) = ip_of(t) {
                g.wrong_code(ip, at);
            }
        }
        for ip in session.take_barred() {
            g.bar(ip);
        }
    } else {
        session.take_wrong_codes();
        session.take_barred();
    }
}

#[allow(clippy::too_many_arguments)]
fn send(
    mut server: ResMut<RenetServer>,
    mut session: ResMut<Session>,
    mut traffic: ResMut<Traffic>,
    mut closing: ResMut<Closing>,
    mut backlog: ResMut<Backlog>,
    mut console: ResMut<ConsoleLines>,
    transport: Option<Res<NetcodeServerTransport>>,
    time: Res<Time<Real>>,
) {
    let now = time.elapsed();
    let backlog = &mut *backlog;
    let traffic = &mut *traffic;
    // What waits from earlier frames goes first, in order, as far as each channel takes it.
    backlog.held.retain(|to, held| {
        if !server.is_connected(*to) {
            return false;
        }
        while let Some(bytes) = held.messages.front() {
            if !server.can_send_message(*to, GAME_CHANNEL, bytes.len()) {
                break;
            }
            let bytes = held.messages.pop_front().expect("a message");
            held.bytes -= bytes.len();
            *traffic.bytes_to.entry(*to).or_default() += bytes.len() as u64;
            traffic.messages += 1;
            server.send_message(*to, GAME_CHANNEL, bytes);
        }
        !held.messages.is_empty()
    });
    // Connections for which more waits than may be held: nothing more is kept for them.
    let mut overflowing = std::collections::HashSet::new();
    for (to, msg) in session.take_outbox() {
        if !server.is_connected(to) || overflowing.contains(&to) {
            continue;
        }
        let bytes = protocol::encode_server(&msg);
        // A later message to a connection must not overtake an earlier one held back.
        if backlog.held.contains_key(&to) || !server.can_send_message(to, GAME_CHANNEL, bytes.len())
        {
            let held = backlog.held.entry(to).or_default();
            if held.bytes + bytes.len() > MAX_HELD_BYTES {
                overflowing.insert(to);
            } else {
                held.bytes += bytes.len();
                held.messages.push_back(bytes);
            }
            continue;
        }
        *traffic.bytes_to.entry(to).or_default() += bytes.len() as u64;
        traffic.messages += 1;
        server.send_message(to, GAME_CHANNEL, bytes);
    }
    // A connection that does not acknowledge would have the server hold (and resend) ever more
    // for it: it is dropped once too much waits, or once it has been behind for too long.
    let capacity = SERVER_CHANNELS
        .iter()
        .find(|c| c.id == GAME_CHANNEL)
        .map_or(0, |c| c.max_memory_bytes);
    let mut drop_now = Vec::new();
    backlog
        .behind_since
        .retain(|to, _| server.is_connected(*to));
    for to in server.clients_id() {
        let held = backlog.held.get(&to).map_or(0, |h| h.bytes);
        let outstanding =
            capacity.saturating_sub(server.channel_available_memory(to, GAME_CHANNEL));
        if held == 0 && outstanding < BEHIND_BYTES {
            backlog.behind_since.remove(&to);
            continue;
        }
        let since = *backlog.behind_since.entry(to).or_insert(now);
        traffic.held_peak = traffic.held_peak.max(held);
        if overflowing.contains(&to) {
            drop_now.push((
                to,
                format!(
                    "it stopped acknowledging what the server sends ({} KB unacknowledged and \
                     {} KB more waiting)",
                    outstanding / 1024,
                    held / 1024
                ),
            ));
        } else if now.saturating_sub(since) > BEHIND_PATIENCE {
            drop_now.push((
                to,
                format!(
                    "it acknowledged too little for {} s ({} KB unacknowledged, {} KB more \
                     waiting)",
                    BEHIND_PATIENCE.as_secs(),
                    outstanding / 1024,
                    held / 1024
                ),
            ));
        }
    }
    for (to, why) in drop_now {
        // Not removed from the game: its seat waits as for any dropped connection, and the
        // client may come back with its rejoin token over a better link.
        backlog.held.remove(&to);
        backlog.behind_since.remove(&to);
        server.disconnect(to);
        let from = transport
            .as_ref()
            .and_then(|t| t.client_addr(to))
            .map_or_else(|| "?".to_string(), |a| a.to_string());
        let line = format!("Dropped the connection from {from}: {why}.");
        if console.print {
            tracing::info!("{line}");
        }
        console.lines.push(line);
        traffic.dropped.push((to, why));
    }
    traffic.held_bytes = backlog.held.values().map(|h| h.bytes).sum();
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

/// Console lines kept in memory (the latest), so that a long-running server does not grow.
pub const CONSOLE_LINES_KEPT: usize = 2000;

fn console(mut session: ResMut<Session>, mut lines: ResMut<ConsoleLines>) {
    for line in session.take_console() {
        if lines.print {
            tracing::info!("{line}");
        }
        lines.lines.push(line);
    }
    let n = lines.lines.len();
    if n > 2 * CONSOLE_LINES_KEPT {
        lines.lines.drain(..n - CONSOLE_LINES_KEPT);
    }
}

/// The IPv4 addresses of this machine's network interfaces other than loopback, for telling
/// students where to connect (on any system; empty when the system will not say).
pub fn lan_addresses() -> Vec<std::net::Ipv4Addr> {
    let Ok(interfaces) = if_addrs::get_if_addrs() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for interface in interfaces.iter().filter(|i| !i.is_loopback()) {
        if let std::net::IpAddr::V4(ip) = interface.ip()
            && !out.contains(&ip)
        {
            out.push(ip);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_port_picked_for_udp_but_taken_on_tcp_is_given_up_for_another() {
        // Another program holds a TCP port; the system offers that very port for UDP first.
        let squatter = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let taken = squatter.local_addr().unwrap();
        let mut offers = 0;
        let mut udp = |bind: SocketAddr| {
            offers += 1;
            UdpSocket::bind(if offers == 1 { taken } else { bind })
        };
        let any: SocketAddr = "127.0.0.1:0".parse().unwrap();
        let (socket, listener) = bind_pair(any, PORT_TRIES, &mut udp).expect("another port");
        let port = socket.local_addr().unwrap().port();
        assert_ne!(port, taken.port());
        assert_eq!(
            listener.local_addr().unwrap().port(),
            port,
            "one port for both"
        );
        assert_eq!(offers, 2);
        // Tried once only, the clash is an error that names the port.
        let err = bind_pair(any, 1, |_| UdpSocket::bind(taken)).unwrap_err();
        assert_eq!(err.kind(), std::io::ErrorKind::AddrInUse);
        assert!(err.to_string().contains(&taken.port().to_string()), "{err}");
        // A port the host gave is not exchanged for another.
        let err = bind_pair(taken, PORT_TRIES, UdpSocket::bind).unwrap_err();
        assert!(
            err.to_string()
                .starts_with(&format!("the ticket desk cannot listen on TCP {taken}")),
            "{err}"
        );
    }
}
