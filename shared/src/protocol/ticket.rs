//! The ticket desk: how a client that knows the join code gets a netcode connect token.
//!
//! The server listens on TCP on the same port number as its UDP game port. A client opens a TCP
//! connection, sends one [`TicketRequest`] and reads one [`TicketReply`]: a connect token (bytes
//! of renet_netcode's `ConnectToken`, made with the server's private key for a fresh client id and
//! the address the client reached), `Unsecure` when the host has turned encryption off, or a
//! refusal with a reason a person can read. Each side frames its message as a 4-byte little-endian
//! length and the bincode body, and reads with a size limit and a timeout, so that a hostile peer
//! can neither make the other allocate without bound nor hold it forever.
//!
//! With the token the client builds `ClientAuthentication::Secure { connect_token:
//! ConnectToken::read(&mut bytes.as_slice())? }`; with `Unsecure` it connects as before. Either
//! way it still says hello with the join code: the ticket only opens the encrypted channel.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use super::PROTOCOL_VERSION;

/// The largest request the desk reads, in bytes.
pub const MAX_REQUEST_BYTES: usize = 1024;
/// The largest reply a client reads, in bytes (a connect token is 2048).
pub const MAX_REPLY_BYTES: usize = 8 * 1024;

/// What a client asks the desk for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TicketRequest {
    /// The client's [`PROTOCOL_VERSION`].
    pub version: u32,
    pub join_code: String,
}

/// What the desk answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum TicketReply {
    /// A connect token, as `ConnectToken::write` wrote it.
    Secure { connect_token: Vec<u8> },
    /// The host has turned encryption off: connect with unsecure authentication.
    Unsecure,
    /// No ticket, with the reason (wrong code, too many tries, another version).
    Refused { reason: String },
}

/// What a client gets from [`fetch`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ticket {
    /// The bytes of a netcode `ConnectToken`.
    Secure(Vec<u8>),
    /// Connect without a token (the host turned encryption off).
    Unsecure,
}

/// Why a client got no ticket, in words a student can read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TicketError {
    #[error("no Entente server answers at {0}")]
    NoServer(SocketAddr),
    #[error("the server at {0} did not answer in time")]
    TimedOut(SocketAddr),
    /// The desk closed the connection without an answer: it is serving too many connections
    /// (from this address, or in all). [`fetch`] tries again until its time is up.
    #[error("the server at {0} is busy: try again in a moment")]
    Busy(SocketAddr),
    /// The server's reason, as it gave it ("wrong join code", "too many wrong join codes from
    /// your address: wait a minute").
    #[error("{0}")]
    Refused(String),
    #[error("the server at {addr} answered with something that is not an Entente ticket ({why})")]
    Garbled { addr: SocketAddr, why: String },
}

/// The reason given for a wrong join code.
pub const WRONG_CODE: &str = "wrong join code: ask the host for the code of this game";
/// The reason given to an address that has tried too many wrong codes.
pub const TOO_MANY_TRIES: &str = "too many wrong join codes from your address: wait a minute";

fn config() -> impl bincode::config::Config {
    bincode::config::standard().with_limit::<MAX_REPLY_BYTES>()
}

/// Writes one framed message.
pub fn write_frame<T: Serialize>(stream: &mut impl Write, msg: &T) -> std::io::Result<()> {
    let body = bincode::serde::encode_to_vec(msg, config()).map_err(std::io::Error::other)?;
    let mut out = (body.len() as u32).to_le_bytes().to_vec();
    out.extend_from_slice(&body);
    stream.write_all(&out)?;
    stream.flush()
}

/// Reads one framed message of at most `limit` bytes.
pub fn read_frame<T: serde::de::DeserializeOwned>(
    stream: &mut impl Read,
    limit: usize,
) -> std::io::Result<T> {
    let bad = |why: String| std::io::Error::new(std::io::ErrorKind::InvalidData, why);
    let mut len = [0u8; 4];
    stream.read_exact(&mut len)?;
    let len = u32::from_le_bytes(len) as usize;
    if len > limit {
        return Err(bad(format!("a message of {len} bytes, more than {limit}")));
    }
    let mut body = vec![0u8; len];
    stream.read_exact(&mut body)?;
    let (msg, used) =
        bincode::serde::decode_from_slice(&body, config()).map_err(|e| bad(e.to_string()))?;
    if used != len {
        return Err(bad(format!("{} bytes left over", len - used)));
    }
    Ok(msg)
}

/// Asks the server at `addr` (its game address: the desk listens on TCP on the same port) for a
/// ticket with the join code, waiting at most about `timeout`. While the desk is busy, it asks
/// again after a short pause, until the time is up.
pub fn fetch(addr: SocketAddr, join_code: &str, timeout: Duration) -> Result<Ticket, TicketError> {
    let timeout = timeout.max(Duration::from_millis(10));
    let end = Instant::now() + timeout;
    let mut pause = Duration::from_millis(25);
    loop {
        let left = end.saturating_duration_since(Instant::now());
        match fetch_once(addr, join_code, left.max(Duration::from_millis(10))) {
            Err(TicketError::Busy(_)) if Instant::now() + pause < end => {
                std::thread::sleep(pause);
                pause = (pause * 2).min(Duration::from_millis(400));
            }
            answer => return answer,
        }
    }
}

fn fetch_once(addr: SocketAddr, join_code: &str, timeout: Duration) -> Result<Ticket, TicketError> {
    let mut stream = TcpStream::connect_timeout(&addr, timeout).map_err(|e| match e.kind() {
        std::io::ErrorKind::TimedOut => TicketError::TimedOut(addr),
        _ => TicketError::NoServer(addr),
    })?;
    let _ = stream.set_read_timeout(Some(timeout));
    let _ = stream.set_write_timeout(Some(timeout));
    let _ = stream.set_nodelay(true);
    let request = TicketRequest {
        version: PROTOCOL_VERSION,
        join_code: join_code.to_string(),
    };
    // Something accepted the connection, so a server is there: a connection it closes without
    // an answer means it is busy.
    let io = |e: std::io::Error| match e.kind() {
        std::io::ErrorKind::TimedOut | std::io::ErrorKind::WouldBlock => {
            TicketError::TimedOut(addr)
        }
        std::io::ErrorKind::InvalidData => TicketError::Garbled {
            addr,
            why: e.to_string(),
        },
        std::io::ErrorKind::UnexpectedEof
        | std::io::ErrorKind::ConnectionReset
        | std::io::ErrorKind::ConnectionAborted
        | std::io::ErrorKind::BrokenPipe => TicketError::Busy(addr),
        _ => TicketError::NoServer(addr),
    };
    write_frame(&mut stream, &request).map_err(io)?;
    match read_frame::<TicketReply>(&mut stream, MAX_REPLY_BYTES).map_err(io)? {
        TicketReply::Secure { connect_token } => Ok(Ticket::Secure(connect_token)),
        TicketReply::Unsecure => Ok(Ticket::Unsecure),
        TicketReply::Refused { reason } => Err(TicketError::Refused(reason)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_round_trip_and_oversized_or_garbled_frames_are_refused() {
        let mut buf = Vec::new();
        let reply = TicketReply::Secure {
            connect_token: vec![7; 2048],
        };
        write_frame(&mut buf, &reply).unwrap();
        let back: TicketReply = read_frame(&mut buf.as_slice(), MAX_REPLY_BYTES).unwrap();
        assert_eq!(back, reply);
        assert!(read_frame::<TicketReply>(&mut buf.as_slice(), 100).is_err());
        let garbled = [3u8, 0, 0, 0, 0xFF, 0xFF, 0xFF];
        assert!(read_frame::<TicketRequest>(&mut garbled.as_slice(), 1024).is_err());
        let short = [200u8, 0, 0, 0, 1];
        assert!(read_frame::<TicketRequest>(&mut short.as_slice(), 1024).is_err());
    }

    #[test]
    fn nobody_listening_is_said_in_words() {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap();
        // The listener is dropped: nothing answers there now.
        let err = fetch(port, "CODE", Duration::from_millis(500)).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!("no Entente server answers at {port}")
        );
    }
}
