//! The connection to the server: renet over UDP with netcode, messages through the shared
//! protocol (decoded with its size limit), and the connect settings remembered between runs.
//! Reconnecting is driven by the app (`app.rs`), which keeps the rejoin token from `Welcome`.

use std::net::{SocketAddr, ToSocketAddrs, UdpSocket};
use std::path::PathBuf;
use std::time::{Duration, SystemTime};

use bevy_renet::netcode::{ClientAuthentication, ConnectToken, NetcodeClientTransport};
use bevy_renet::renet::{ChannelConfig, ConnectionConfig, RenetClient, SendType};
use entente_shared::protocol::ticket::{self, Ticket, TicketError};
use entente_shared::protocol::{
    self, CLIENT_CHANNELS, ChannelSpec, ClientMsg, GAME_CHANNEL, PROTOCOL_ID, PROTOCOL_VERSION,
    RejoinToken, SERVER_CHANNELS, ServerMsg,
};
use rand::TryRngCore;
use serde::{Deserialize, Serialize};

use crate::folders::Folders;

/// What the connect screen asks for; remembered in the config folder.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ConnectSettings {
    pub host: String,
    pub port: u16,
    pub name: String,
    pub code: String,
    /// Empty unless this client hosts.
    pub host_key: String,
}

impl Default for ConnectSettings {
    fn default() -> Self {
        ConnectSettings {
            host: "127.0.0.1".into(),
            port: 5151,
            name: String::new(),
            code: String::new(),
            host_key: String::new(),
        }
    }
}

impl ConnectSettings {
    /// `client.json` in the client's config folder.
    pub fn path(folders: &Folders) -> Option<PathBuf> {
        folders.config().map(|d| d.join("client.json"))
    }

    /// The last settings used, or the defaults.
    pub fn load(folders: &Folders) -> ConnectSettings {
        Self::path(folders)
            .and_then(|p| std::fs::read_to_string(p).ok())
            .and_then(|t| serde_json::from_str(&t).ok())
            .unwrap_or_default()
    }

    /// Remembers these settings (best effort: a read-only home is no reason to fail).
    pub fn save(&self, folders: &Folders) {
        if let Some(p) = Self::path(folders) {
            if let Some(dir) = p.parent() {
                let _ = std::fs::create_dir_all(dir);
            }
            if let Ok(text) = serde_json::to_string_pretty(self) {
                let _ = std::fs::write(p, text);
            }
        }
    }

    /// The server's address.
    pub fn address(&self) -> Result<SocketAddr, String> {
        let host = self.host.trim();
        if host.is_empty() {
            return Err("give the server's address".into());
        }
        (host, self.port)
            .to_socket_addrs()
            .map_err(|e| format!("cannot find {host}: {e}"))?
            .next()
            .ok_or_else(|| format!("cannot find {host}"))
    }

    /// The first message: who we are, with the code, and the token to take our seat back.
    pub fn hello(&self, rejoin: Option<RejoinToken>) -> ClientMsg {
        let name: String = self
            .name
            .trim()
            .chars()
            .take(protocol::MAX_NAME_CHARS)
            .collect();
        ClientMsg::Hello {
            version: PROTOCOL_VERSION,
            name: if name.is_empty() {
                "player".into()
            } else {
                name
            },
            join_code: self.code.trim().to_string(),
            rejoin,
            host_key: Some(self.host_key.trim().to_string()).filter(|k| !k.is_empty()),
        }
    }
}

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

/// The transport configuration, built from the shared channel table like the server's.
pub fn connection_config() -> ConnectionConfig {
    ConnectionConfig {
        available_bytes_per_tick: 256 * 1024,
        server_channels_config: SERVER_CHANNELS.iter().map(channel).collect(),
        client_channels_config: CLIENT_CHANNELS.iter().map(channel).collect(),
    }
}

/// One connection to a server.
pub struct Connection {
    client: RenetClient,
    transport: NetcodeClientTransport,
    pub server: SocketAddr,
}

/// How long the ticket desk may take to answer.
pub const TICKET_TIMEOUT: Duration = Duration::from_secs(5);

/// Asks the server's ticket desk (TCP, same port) for a connect token with the join code. It
/// blocks for up to [`TICKET_TIMEOUT`]: the app calls it on a thread of its own.
pub fn fetch_ticket(server: SocketAddr, join_code: &str) -> Result<Ticket, TicketError> {
    ticket::fetch(server, join_code.trim(), TICKET_TIMEOUT)
}

/// How the client proves it may connect: the desk's connect token, or (when the host turned
/// encryption off) unsecure netcode with a random client id.
fn authentication(server: SocketAddr, ticket: Ticket) -> Result<ClientAuthentication, String> {
    if let Ticket::Secure(bytes) = ticket {
        let connect_token = ConnectToken::read(&mut bytes.as_slice())
            .map_err(|e| format!("the server's ticket cannot be read: {e}"))?;
        return Ok(ClientAuthentication::Secure { connect_token });
    }
    let mut id = [0u8; 8];
    rand::rngs::OsRng
        .try_fill_bytes(&mut id)
        .map_err(|e| format!("no random bytes: {e}"))?;
    Ok(ClientAuthentication::Unsecure {
        protocol_id: PROTOCOL_ID,
        client_id: u64::from_le_bytes(id),
        server_addr: server,
        user_data: None,
    })
}

impl Connection {
    /// Opens a socket and starts connecting to `server` with the desk's ticket.
    pub fn open(server: SocketAddr, ticket: Ticket) -> Result<Connection, String> {
        let bind: SocketAddr = if server.ip().is_loopback() {
            "127.0.0.1:0".parse().expect("an address")
        } else if server.is_ipv6() {
            "[::]:0".parse().expect("an address")
        } else {
            "0.0.0.0:0".parse().expect("an address")
        };
        let socket = UdpSocket::bind(bind).map_err(|e| format!("cannot open a socket: {e}"))?;
        let auth = authentication(server, ticket)?;
        let now = SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .unwrap_or_default();
        let transport =
            NetcodeClientTransport::new(now, auth, socket).map_err(|e| e.to_string())?;
        Ok(Connection {
            client: RenetClient::new(connection_config()),
            transport,
            server,
        })
    }

    /// Moves packets both ways; returns what arrived (undecodable messages are dropped).
    pub fn update(&mut self, dt: Duration) -> Vec<ServerMsg> {
        self.client.update(dt);
        let _ = self.transport.update(dt, &mut self.client);
        let mut out = Vec::new();
        while let Some(bytes) = self.client.receive_message(GAME_CHANNEL) {
            match protocol::decode_server(&bytes) {
                Ok(msg) => out.push(msg),
                Err(e) => bevy::log::warn!("dropped a message from the server: {e}"),
            }
        }
        let _ = self.transport.send_packets(&mut self.client);
        out
    }

    pub fn is_connected(&self) -> bool {
        self.client.is_connected()
    }

    pub fn is_disconnected(&self) -> bool {
        self.client.is_disconnected()
    }

    /// Why the transport gave up, in words.
    pub fn disconnect_reason(&self) -> Option<String> {
        self.client
            .disconnect_reason()
            .map(|r| format!("{r:?}"))
            .or_else(|| self.transport.disconnect_reason().map(|r| format!("{r:?}")))
    }

    pub fn send(&mut self, msg: &ClientMsg) {
        self.client
            .send_message(GAME_CHANNEL, protocol::encode_client(msg));
    }

    /// Says goodbye-free disconnect (the seat stays held for the rejoin token).
    pub fn disconnect(&mut self) {
        self.transport.disconnect();
    }
}

/// The wait before reconnect attempt `n` (1, 2, 4 ... up to 15 seconds).
pub fn backoff(attempt: u32) -> Duration {
    Duration::from_secs(1u64 << attempt.min(4)).min(Duration::from_secs(15))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hello_carries_the_token_and_trims_what_was_typed() {
        let s = ConnectSettings {
            name: "  Ada ".into(),
            code: " ABC ".into(),
            ..Default::default()
        };
        match s.hello(Some([3; 16])) {
            ClientMsg::Hello {
                name,
                join_code,
                rejoin,
                host_key,
                version,
            } => {
                assert_eq!(name, "Ada");
                assert_eq!(join_code, "ABC");
                assert_eq!(rejoin, Some([3; 16]));
                assert_eq!(host_key, None);
                assert_eq!(version, PROTOCOL_VERSION);
            }
            other => panic!("{other:?}"),
        }
        assert!(backoff(1) < backoff(3));
        assert_eq!(backoff(30), Duration::from_secs(15));
    }

    #[test]
    fn settings_round_trip_through_json() {
        let s = ConnectSettings {
            host: "10.0.0.2".into(),
            port: 6000,
            name: "Bo".into(),
            code: "XYZ".into(),
            host_key: String::new(),
        };
        let text = serde_json::to_string(&s).unwrap();
        assert_eq!(serde_json::from_str::<ConnectSettings>(&text).unwrap(), s);
        // Saved to and loaded from a folder of its own.
        let dir = std::env::temp_dir().join(format!("entente-settings-{}", std::process::id()));
        let folders = Folders::at(&dir);
        s.save(&folders);
        assert_eq!(ConnectSettings::load(&folders), s);
        let _ = std::fs::remove_dir_all(&dir);
        // Old or partial files still load.
        let partial: ConnectSettings = serde_json::from_str(r#"{"name":"Cy"}"#).unwrap();
        assert_eq!(partial.port, 5151);
        assert_eq!(
            ConnectSettings {
                host: "127.0.0.1".into(),
                port: 7,
                ..Default::default()
            }
            .address()
            .unwrap()
            .port(),
            7
        );
    }
}
