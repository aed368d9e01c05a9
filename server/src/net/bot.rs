//! A client without a screen, over real UDP: for tests, for the load measurement, and for bots
//! that play through the protocol like a person would.

use std::net::{SocketAddr, UdpSocket};
use std::time::{Duration, Instant, SystemTime};

use bevy_renet::netcode::{ClientAuthentication, ConnectToken, NetcodeClientTransport};
use bevy_renet::renet::RenetClient;
use entente_shared::protocol::ticket::{self, Ticket};
use entente_shared::protocol::{
    self, ClientMsg, GAME_CHANNEL, PROTOCOL_ID, PROTOCOL_VERSION, RejoinToken, ServerMsg,
};
use rand::TryRngCore;

use super::connection_config;

/// A connection to a server, with everything it has received.
pub struct Bot {
    client: RenetClient,
    transport: NetcodeClientTransport,
    last: Instant,
    /// Messages received and not yet taken, with when they arrived.
    pub inbox: Vec<(Instant, ServerMsg)>,
    /// Message bytes received.
    pub received_bytes: u64,
}

/// How long a bot waits for the ticket desk.
const TICKET_TIMEOUT: Duration = Duration::from_secs(5);

impl Bot {
    /// Fetches a ticket from the server's desk with the join code, then opens a connection to
    /// `server` with it (secure, or unsecured when the host turned encryption off).
    pub fn connect(server: SocketAddr, join_code: &str) -> std::io::Result<Bot> {
        let ticket = ticket::fetch(server, join_code, TICKET_TIMEOUT)
            .map_err(|e| std::io::Error::other(e.to_string()))?;
        Bot::connect_with(server, ticket)
    }

    /// Opens a connection without asking for a ticket (unsecured): what an old or hostile client
    /// does; a secure server does not let it in.
    pub fn connect_without_ticket(server: SocketAddr) -> std::io::Result<Bot> {
        Bot::connect_with(server, Ticket::Unsecure)
    }

    /// Opens a connection to `server` with `ticket`, from a fresh socket on loopback or any local
    /// address.
    pub fn connect_with(server: SocketAddr, ticket: Ticket) -> std::io::Result<Bot> {
        let bind: SocketAddr = if server.ip().is_loopback() {
            "127.0.0.1:0".parse().expect("an address")
        } else {
            "0.0.0.0:0".parse().expect("an address")
        };
        let socket = UdpSocket::bind(bind)?;
        let auth = match ticket {
            Ticket::Secure(bytes) => ClientAuthentication::Secure {
                connect_token: ConnectToken::read(&mut bytes.as_slice()).map_err(|e| {
                    std::io::Error::other(format!("the server's ticket cannot be read: {e}"))
                })?,
            },
            Ticket::Unsecure => {
                let mut id = [0u8; 8];
                rand::rngs::OsRng
                    .try_fill_bytes(&mut id)
                    .expect("the operating system gives random bytes");
                ClientAuthentication::Unsecure {
                    protocol_id: PROTOCOL_ID,
                    client_id: u64::from_le_bytes(id),
                    server_addr: server,
                    user_data: None,
                }
            }
        };
        let now = SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .unwrap_or_default();
        let transport = NetcodeClientTransport::new(now, auth, socket)
            .map_err(|e| std::io::Error::other(e.to_string()))?;
        Ok(Bot {
            client: RenetClient::new(connection_config()),
            transport,
            last: Instant::now(),
            inbox: Vec::new(),
            received_bytes: 0,
        })
    }

    /// Moves packets both ways and decodes what arrived.
    pub fn update(&mut self) {
        let now = Instant::now();
        let dt = now - self.last;
        self.last = now;
        self.client.update(dt);
        let _ = self.transport.update(dt, &mut self.client);
        while let Some(bytes) = self.client.receive_message(GAME_CHANNEL) {
            self.received_bytes += bytes.len() as u64;
            if let Ok(msg) = protocol::decode_server(&bytes) {
                self.inbox.push((now, msg));
            }
        }
        let _ = self.transport.send_packets(&mut self.client);
    }

    /// Receives, but sends nothing back but the transport's keep-alives: what a client does
    /// that stops acknowledging (on purpose, to make the server hold ever more for it). Its
    /// connection stays open, as keep-alives still arrive.
    pub fn update_without_acknowledging(&mut self) {
        let now = Instant::now();
        let dt = now - self.last;
        self.last = now;
        self.client.update(dt);
        let _ = self.transport.update(dt, &mut self.client);
        while let Some(bytes) = self.client.receive_message(GAME_CHANNEL) {
            self.received_bytes += bytes.len() as u64;
        }
    }

    pub fn is_connected(&self) -> bool {
        self.client.is_connected()
    }

    pub fn is_disconnected(&self) -> bool {
        self.client.is_disconnected()
    }

    /// Sends a message (it leaves at the next [`Bot::update`]).
    pub fn send(&mut self, msg: &ClientMsg) {
        self.client
            .send_message(GAME_CHANNEL, protocol::encode_client(msg));
    }

    /// Sends raw bytes, as a hostile or broken client might.
    pub fn send_raw(&mut self, bytes: Vec<u8>) {
        self.client.send_message(GAME_CHANNEL, bytes);
    }

    /// Says hello with a name and code (and perhaps a token or the host key).
    pub fn hello(
        &mut self,
        name: &str,
        code: &str,
        rejoin: Option<RejoinToken>,
        host_key: Option<&str>,
    ) {
        self.send(&ClientMsg::Hello {
            version: PROTOCOL_VERSION,
            name: name.into(),
            join_code: code.into(),
            rejoin,
            host_key: host_key.map(str::to_string),
        });
    }

    /// Updates until connected, or gives up after `timeout`.
    pub fn wait_connected(&mut self, timeout: Duration) -> bool {
        let end = Instant::now() + timeout;
        while Instant::now() < end {
            self.update();
            if self.is_connected() {
                return true;
            }
            std::thread::sleep(Duration::from_millis(2));
        }
        false
    }

    /// Updates until a message matching `want` arrives (taking it and everything before it out
    /// of the inbox), or gives up after `timeout`.
    pub fn wait_for(
        &mut self,
        timeout: Duration,
        want: impl Fn(&ServerMsg) -> bool,
    ) -> Option<ServerMsg> {
        let end = Instant::now() + timeout;
        loop {
            if let Some(i) = self.inbox.iter().position(|(_, m)| want(m)) {
                let (_, msg) = self.inbox.drain(..=i).next_back().expect("found");
                return Some(msg);
            }
            if Instant::now() >= end {
                return None;
            }
            self.update();
            std::thread::sleep(Duration::from_millis(1));
        }
    }

    /// Disconnects cleanly.
    pub fn disconnect(&mut self) {
        self.transport.disconnect();
    }
}
