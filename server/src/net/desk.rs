//! The ticket desk: netcode connect tokens for clients that know the join code, over TCP on the
//! same port number as the game's UDP port (see `entente_shared::protocol::ticket`).
//!
//! It runs on its own threads, so that a slow or hostile peer never holds up the game: one thread
//! accepts, and each connection is answered on a short-lived thread with a timeout, at most
//! [`MAX_CONCURRENT`] at once. An address that gives [`MAX_WRONG_CODES`] wrong join codes within
//! [`WRONG_CODE_WINDOW`] gets no more tickets until the window has passed; the same count (the
//! [`Guard`]) covers wrong codes given in hello over UDP, so that guessing is limited with or
//! without encryption. The address of a client the host removed gets no more tickets.

use std::collections::{HashMap, HashSet, VecDeque};
use std::io::ErrorKind;
use std::net::{IpAddr, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant, SystemTime};

use bevy::prelude::Resource;
use bevy_renet::netcode::{ConnectToken, NETCODE_KEY_BYTES};
use entente_shared::protocol::ticket::{
    MAX_REQUEST_BYTES, TOO_MANY_TRIES, TicketReply, TicketRequest, WRONG_CODE, read_frame,
    write_frame,
};
use entente_shared::protocol::{PROTOCOL_ID, PROTOCOL_VERSION};
use rand::TryRngCore;

/// Connections answered at once; more wait in the kernel's queue or are dropped.
pub const MAX_CONCURRENT: usize = 32;
/// Wrong join codes an address may give within [`WRONG_CODE_WINDOW`].
pub const MAX_WRONG_CODES: usize = 5;
pub const WRONG_CODE_WINDOW: Duration = Duration::from_secs(60);
/// How long a connection may take to ask.
const IO_TIMEOUT: Duration = Duration::from_secs(3);
/// How long a ticket may wait before it is used.
const TOKEN_EXPIRE_SECS: u64 = 300;
/// Netcode's timeout of a connection made with a ticket (silence longer than this drops it).
const TOKEN_TIMEOUT_SECS: i32 = 15;
/// Addresses remembered for their wrong codes, at most.
const MAX_REMEMBERED: usize = 4096;

/// A fresh random secret from the operating system.
pub fn random_key() -> [u8; NETCODE_KEY_BYTES] {
    let mut key = [0u8; NETCODE_KEY_BYTES];
    rand::rngs::OsRng
        .try_fill_bytes(&mut key)
        .expect("the operating system gives random bytes");
    key
}

fn random_id() -> u64 {
    let mut id = [0u8; 8];
    rand::rngs::OsRng
        .try_fill_bytes(&mut id)
        .expect("the operating system gives random bytes");
    u64::from_le_bytes(id)
}

/// What the desk has done, for the console and the tests.
#[derive(Debug, Default)]
pub struct DeskCounts {
    pub tickets: AtomicU64,
    pub wrong_codes: AtomicU64,
    pub limited: AtomicU64,
    pub dropped: AtomicU64,
}

/// Wrong join codes by address, and addresses barred by the host: shared by the ticket desk
/// and the game's transport.
#[derive(Debug, Default)]
pub struct Guard {
    wrong: Mutex<HashMap<IpAddr, VecDeque<Instant>>>,
    barred: Mutex<HashSet<IpAddr>>,
}

/// The reason given to the address of a removed client.
pub const BARRED: &str = "the host removed you from this game";

impl Guard {
    /// Why `ip` may not join now, if it may not.
    pub fn refusal(&self, ip: IpAddr, now: Instant) -> Option<&'static str> {
        if self
            .barred
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .contains(&ip)
        {
            return Some(BARRED);
        }
        let mut wrong = self.wrong.lock().unwrap_or_else(|p| p.into_inner());
        wrong.retain(|_, tries| {
            while tries
                .front()
                .is_some_and(|t| now.duration_since(*t) > WRONG_CODE_WINDOW)
            {
                tries.pop_front();
            }
            !tries.is_empty()
        });
        wrong
            .get(&ip)
            .is_some_and(|t| t.len() >= MAX_WRONG_CODES)
            .then_some(TOO_MANY_TRIES)
    }

    /// `ip` gave a wrong join code.
    pub fn wrong_code(&self, ip: IpAddr, now: Instant) {
        let mut wrong = self.wrong.lock().unwrap_or_else(|p| p.into_inner());
        if wrong.len() < MAX_REMEMBERED || wrong.contains_key(&ip) {
            wrong.entry(ip).or_default().push_back(now);
        }
    }

    /// The host removed a client at `ip`: no more tickets or hellos from there. The loopback
    /// address is never barred (it is the host's own machine, and every local test client).
    pub fn bar(&self, ip: IpAddr) {
        if !ip.is_loopback() {
            self.barred
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .insert(ip);
        }
    }
}

struct Shared {
    join_code: String,
    /// The private key of secure connections; none when the host turned encryption off.
    key: Option<[u8; NETCODE_KEY_BYTES]>,
    /// The addresses the game's transport answers to (a token must name one of them).
    public: Vec<SocketAddr>,
    guard: Arc<Guard>,
    active: AtomicUsize,
    stop: AtomicBool,
    counts: DeskCounts,
}

/// The running desk; it stops when dropped (with the server app that holds it).
#[derive(Resource)]
pub struct TicketDesk {
    shared: Arc<Shared>,
    addr: SocketAddr,
    thread: Option<JoinHandle<()>>,
}

impl TicketDesk {
    /// Starts answering on `listener`. `key` is the netcode private key (none: tell clients to
    /// connect unsecured); `public` the addresses the UDP transport lists as its own.
    pub fn start(
        listener: TcpListener,
        join_code: String,
        key: Option<[u8; NETCODE_KEY_BYTES]>,
        public: Vec<SocketAddr>,
    ) -> std::io::Result<TicketDesk> {
        listener.set_nonblocking(true)?;
        let addr = listener.local_addr()?;
        let shared = Arc::new(Shared {
            join_code,
            key,
            public,
            guard: Arc::new(Guard::default()),
            active: AtomicUsize::new(0),
            stop: AtomicBool::new(false),
            counts: DeskCounts::default(),
        });
        let s = shared.clone();
        let thread = std::thread::Builder::new()
            .name("ticket-desk".into())
            .spawn(move || accept_loop(listener, s))?;
        Ok(TicketDesk {
            shared,
            addr,
            thread: Some(thread),
        })
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    pub fn secure(&self) -> bool {
        self.shared.key.is_some()
    }

    pub fn counts(&self) -> &DeskCounts {
        &self.shared.counts
    }

    /// The count of wrong codes and the barred addresses, shared with the transport.
    pub fn guard(&self) -> Arc<Guard> {
        self.shared.guard.clone()
    }
}

impl Drop for TicketDesk {
    fn drop(&mut self) {
        self.shared.stop.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn accept_loop(listener: TcpListener, shared: Arc<Shared>) {
    while !shared.stop.load(Ordering::Relaxed) {
        match listener.accept() {
            Ok((stream, peer)) => {
                if shared.active.load(Ordering::Relaxed) >= MAX_CONCURRENT {
                    shared.counts.dropped.fetch_add(1, Ordering::Relaxed);
                    continue;
                }
                shared.active.fetch_add(1, Ordering::Relaxed);
                let s = shared.clone();
                let spawned = std::thread::Builder::new()
                    .name("ticket".into())
                    .spawn(move || {
                        answer(stream, peer, &s);
                        s.active.fetch_sub(1, Ordering::Relaxed);
                    });
                if spawned.is_err() {
                    shared.active.fetch_sub(1, Ordering::Relaxed);
                }
            }
            Err(e) if e.kind() == ErrorKind::WouldBlock => {
                std::thread::sleep(Duration::from_millis(10));
            }
            Err(_) => std::thread::sleep(Duration::from_millis(10)),
        }
    }
}

fn answer(mut stream: TcpStream, peer: SocketAddr, shared: &Shared) {
    let _ = stream.set_nonblocking(false);
    let _ = stream.set_read_timeout(Some(IO_TIMEOUT));
    let _ = stream.set_write_timeout(Some(IO_TIMEOUT));
    let _ = stream.set_nodelay(true);
    let Ok(request) = read_frame::<TicketRequest>(&mut stream, MAX_REQUEST_BYTES) else {
        return;
    };
    let reply = decide(&request, peer.ip(), stream.local_addr().ok(), shared);
    let _ = write_frame(&mut stream, &reply);
}

fn refused(reason: &str) -> TicketReply {
    TicketReply::Refused {
        reason: reason.to_string(),
    }
}

fn decide(
    request: &TicketRequest,
    ip: IpAddr,
    reached: Option<SocketAddr>,
    shared: &Shared,
) -> TicketReply {
    let now = Instant::now();
    if let Some(why) = shared.guard.refusal(ip, now) {
        shared.counts.limited.fetch_add(1, Ordering::Relaxed);
        return refused(why);
    }
    if !request
        .join_code
        .trim()
        .eq_ignore_ascii_case(shared.join_code.trim())
    {
        shared.counts.wrong_codes.fetch_add(1, Ordering::Relaxed);
        shared.guard.wrong_code(ip, now);
        return refused(WRONG_CODE);
    }
    if request.version != PROTOCOL_VERSION {
        return refused(&format!(
            "this server speaks protocol version {PROTOCOL_VERSION} and your client version {}: \
             use the client that matches the server",
            request.version
        ));
    }
    let Some(key) = shared.key else {
        return TicketReply::Unsecure;
    };
    // The address the client reached first (it will send its game packets there), then the
    // addresses the transport knows itself by (one of which the token must name).
    let mut addresses: Vec<SocketAddr> = reached.into_iter().collect();
    for a in &shared.public {
        if !addresses.contains(a) {
            addresses.push(*a);
        }
    }
    addresses.truncate(32);
    let now = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .unwrap_or_default();
    let token = ConnectToken::generate(
        now,
        PROTOCOL_ID,
        TOKEN_EXPIRE_SECS,
        random_id(),
        TOKEN_TIMEOUT_SECS,
        addresses,
        None,
        &key,
    );
    let mut bytes = Vec::new();
    match token.map(|t| t.write(&mut bytes)) {
        Ok(Ok(())) => {
            shared.counts.tickets.fetch_add(1, Ordering::Relaxed);
            TicketReply::Secure {
                connect_token: bytes,
            }
        }
        _ => refused("the server could not make a ticket: try again"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_guard_limits_wrong_codes_and_bars_removed_addresses_but_not_loopback() {
        let g = Guard::default();
        let ip: IpAddr = "10.0.0.7".parse().unwrap();
        let other: IpAddr = "10.0.0.8".parse().unwrap();
        let t0 = Instant::now();
        for _ in 0..MAX_WRONG_CODES {
            assert_eq!(g.refusal(ip, t0), None);
            g.wrong_code(ip, t0);
        }
        assert_eq!(g.refusal(ip, t0), Some(TOO_MANY_TRIES));
        assert_eq!(
            g.refusal(other, t0),
            None,
            "other addresses are not affected"
        );
        let later = t0 + WRONG_CODE_WINDOW + Duration::from_secs(1);
        assert_eq!(
            g.refusal(ip, later),
            None,
            "the limit passes with the window"
        );
        g.bar(other);
        assert_eq!(g.refusal(other, later), Some(BARRED));
        g.bar("127.0.0.1".parse().unwrap());
        assert_eq!(g.refusal("127.0.0.1".parse().unwrap(), later), None);
    }
}
