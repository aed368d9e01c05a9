//! The ticket desk: netcode connect tokens for clients that know the join code, over TCP on the
//! same port number as the game's UDP port (see `entente_shared::protocol::ticket`).
//!
//! It runs on its own threads, so that a slow or hostile peer never holds up the game: one thread
//! accepts, and each connection is answered on a short-lived thread. A connection has
//! [`REQUEST_DEADLINE`] in all to send its request: the time is for the whole request, not for
//! each read, so that dripping a byte at a time buys nothing. The desk holds at most
//! [`MAX_OPEN_PER_ADDRESS`] connections from one address and [`MAX_OPEN`] in all; when it is
//! full, a newcomer takes the place of the oldest connection of the address that holds the most,
//! so that a handful of addresses cannot shut the others out. A connection turned away is closed
//! without an answer, which a client reads as "the server is busy" (and tries again).
//!
//! An address that gives [`MAX_WRONG_CODES`] wrong join codes (or as many wrong host keys) within
//! [`WRONG_CODE_WINDOW`] gets no more tickets until the window has passed; the same count (the
//! [`Guard`]) covers wrong codes and keys given in hello over UDP, so that guessing is limited
//! with or without encryption. The address of a client the host removed gets no more tickets.

use std::collections::{HashMap, HashSet, VecDeque};
use std::io::{ErrorKind, Read};
use std::net::{IpAddr, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
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

/// What the desk checks codes against (hashes only), for those who start one.
pub use crate::lobby::secrets::Secrets;

/// Connections the desk holds open at once, in all. Each costs a small thread; an honest request
/// takes a few milliseconds, so these are nearly all someone's slow (or hostile) connections.
pub const MAX_OPEN: usize = 128;
/// Connections one address may hold open at once: a student's client needs one.
pub const MAX_OPEN_PER_ADDRESS: usize = 4;
/// How long a connection has to send its whole request (an honest client needs milliseconds).
pub const REQUEST_DEADLINE: Duration = Duration::from_secs(2);
/// How long writing the reply (a couple of kilobytes, which fit the socket's buffer) may take.
const REPLY_TIMEOUT: Duration = Duration::from_secs(1);
/// Wrong join codes (or wrong host keys) an address may give within [`WRONG_CODE_WINDOW`].
pub const MAX_WRONG_CODES: usize = 5;
pub const WRONG_CODE_WINDOW: Duration = Duration::from_secs(60);
/// The reason given to an address that has tried too many wrong host keys.
pub const TOO_MANY_KEYS: &str = "too many wrong host keys from your address: wait a minute";
/// How long a ticket may wait before it is used.
const TOKEN_EXPIRE_SECS: u64 = 300;
/// Netcode's timeout of a connection made with a ticket (silence longer than this drops it).
const TOKEN_TIMEOUT_SECS: i32 = 15;
/// Addresses remembered for their wrong codes (and, apart, for their wrong keys), at most.
pub const MAX_REMEMBERED: usize = 4096;
/// A ticket thread's stack: it reads a kilobyte and writes a token, nothing deep.
const TICKET_STACK: usize = 256 * 1024;

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
    /// Connections turned away at once: their address held its share, or the desk was full.
    pub busy: AtomicU64,
    /// Connections closed to make room for a newcomer from a less crowded address.
    pub evicted: AtomicU64,
    /// Connections closed because their request was not complete by [`REQUEST_DEADLINE`].
    pub late: AtomicU64,
}

/// The address a connection is counted under: an IPv4 address itself (an IPv4 address written
/// as IPv6 included), an IPv6 address by its /64 network, which one machine usually holds whole.
pub fn neighbourhood(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V4(_) => ip,
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => {
                let s = v6.segments();
                IpAddr::V6(std::net::Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0))
            }
        },
    }
}

/// Wrong tries by address within [`WRONG_CODE_WINDOW`], for at most [`MAX_REMEMBERED`]
/// addresses. When the table is full, the address whose latest try is the oldest is forgotten to
/// make room, so that filling the table with many addresses does not lift the limit for new ones.
#[derive(Debug, Default)]
struct Tally(HashMap<IpAddr, VecDeque<Instant>>);

impl Tally {
    fn forget_old(&mut self, now: Instant) {
        self.0.retain(|_, tries| {
            while tries
                .front()
                .is_some_and(|t| now.duration_since(*t) > WRONG_CODE_WINDOW)
            {
                tries.pop_front();
            }
            !tries.is_empty()
        });
    }

    fn over(&self, ip: IpAddr) -> bool {
        self.0.get(&ip).is_some_and(|t| t.len() >= MAX_WRONG_CODES)
    }

    fn add(&mut self, ip: IpAddr, now: Instant) {
        if !self.0.contains_key(&ip) && self.0.len() >= MAX_REMEMBERED {
            self.forget_old(now);
            if self.0.len() >= MAX_REMEMBERED
                && let Some(stalest) = self
                    .0
                    .iter()
                    .min_by_key(|(_, tries)| tries.back().copied())
                    .map(|(ip, _)| *ip)
            {
                self.0.remove(&stalest);
            }
        }
        let tries = self.0.entry(ip).or_default();
        tries.push_back(now);
        // The latest few decide whether the address is over the limit; older ones need no room.
        while tries.len() > MAX_WRONG_CODES {
            tries.pop_front();
        }
    }
}

/// Wrong join codes and wrong host keys by address, and addresses barred by the host: shared by
/// the ticket desk and the game's transport.
#[derive(Debug, Default)]
pub struct Guard {
    codes: Mutex<Tally>,
    keys: Mutex<Tally>,
    barred: Mutex<HashSet<IpAddr>>,
}

/// The reason given to the address of a removed client.
pub const BARRED: &str = "the host removed you from this game";

impl Guard {
    /// Why `ip` may not join now, if it may not.
    pub fn refusal(&self, ip: IpAddr, now: Instant) -> Option<&'static str> {
        let ip = neighbourhood(ip);
        if self
            .barred
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .contains(&ip)
        {
            return Some(BARRED);
        }
        let mut codes = self.codes.lock().unwrap_or_else(|p| p.into_inner());
        codes.forget_old(now);
        if codes.over(ip) {
            return Some(TOO_MANY_TRIES);
        }
        drop(codes);
        let mut keys = self.keys.lock().unwrap_or_else(|p| p.into_inner());
        keys.forget_old(now);
        keys.over(ip).then_some(TOO_MANY_KEYS)
    }

    /// `ip` gave a wrong join code.
    pub fn wrong_code(&self, ip: IpAddr, now: Instant) {
        self.codes
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .add(neighbourhood(ip), now);
    }

    /// `ip` gave the right join code with a wrong host key: guessing the key is limited like
    /// guessing the code.
    pub fn wrong_host_key(&self, ip: IpAddr, now: Instant) {
        self.keys
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .add(neighbourhood(ip), now);
    }

    /// The host removed a client at `ip`: no more tickets or hellos from there. The loopback
    /// address is never barred (it is the host's own machine, and every local test client).
    pub fn bar(&self, ip: IpAddr) {
        let ip = neighbourhood(ip);
        if !ip.is_loopback() {
            self.barred
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .insert(ip);
        }
    }
}

/// One connection at the desk.
struct Visitor {
    from: IpAddr,
    since: Instant,
    /// A handle on the connection, to close it when a newcomer takes its place.
    line: Option<TcpStream>,
}

/// The connections the desk is answering, by number.
#[derive(Default)]
struct Queue {
    next: u64,
    open: HashMap<u64, Visitor>,
}

/// Whether a newcomer is answered.
enum Admission {
    /// Answered, as this number; perhaps in the place of another connection, to be closed.
    Admitted(u64, Option<Visitor>),
    /// Its address holds its share already, or the desk is full of connections from addresses
    /// that hold no more than it does.
    Busy,
}

impl Queue {
    fn admit(&mut self, from: IpAddr, now: Instant, line: Option<TcpStream>) -> Admission {
        let from = neighbourhood(from);
        let mut held: HashMap<IpAddr, usize> = HashMap::new();
        for v in self.open.values() {
            *held.entry(v.from).or_default() += 1;
        }
        let mine = held.get(&from).copied().unwrap_or(0);
        if mine >= MAX_OPEN_PER_ADDRESS {
            return Admission::Busy;
        }
        let mut evicted = None;
        if self.open.len() >= MAX_OPEN {
            let most = held.values().copied().max().unwrap_or(0);
            if most <= mine {
                return Admission::Busy;
            }
            let oldest = self
                .open
                .iter()
                .filter(|(_, v)| held[&v.from] == most)
                .min_by_key(|(id, v)| (v.since, **id))
                .map(|(id, _)| *id);
            evicted = oldest.and_then(|id| self.open.remove(&id));
        }
        self.next += 1;
        let id = self.next;
        self.open.insert(
            id,
            Visitor {
                from,
                since: now,
                line,
            },
        );
        Admission::Admitted(id, evicted)
    }

    fn leave(&mut self, id: u64) {
        self.open.remove(&id);
    }
}

struct Shared {
    /// The join code and the kept seats' codes, as hashes: the desk never holds them in clear
    /// (a resumed server does not know them, and the same codes still get tickets).
    secrets: Secrets,
    /// The private key of secure connections; none when the host turned encryption off.
    key: Option<[u8; NETCODE_KEY_BYTES]>,
    /// The addresses the game's transport answers to (a token must name one of them).
    public: Vec<SocketAddr>,
    guard: Arc<Guard>,
    queue: Mutex<Queue>,
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
    /// Starts answering on `listener`, with a ticket for whoever gives the join code or a kept
    /// seat's code of `secrets`. `key` is the netcode private key (none: tell clients to connect
    /// unsecured); `public` the addresses the UDP transport lists as its own.
    pub fn start(
        listener: TcpListener,
        secrets: Secrets,
        key: Option<[u8; NETCODE_KEY_BYTES]>,
        public: Vec<SocketAddr>,
    ) -> std::io::Result<TicketDesk> {
        listener.set_nonblocking(true)?;
        let addr = listener.local_addr()?;
        let shared = Arc::new(Shared {
            secrets,
            key,
            public,
            guard: Arc::new(Guard::default()),
            queue: Mutex::new(Queue::default()),
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

    /// Connections being answered now.
    pub fn open_connections(&self) -> usize {
        self.shared
            .queue
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .open
            .len()
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
        // Connections still open are closed, so that their threads end now.
        let mut queue = self.shared.queue.lock().unwrap_or_else(|p| p.into_inner());
        for (_, v) in queue.open.drain() {
            if let Some(line) = v.line {
                let _ = line.shutdown(std::net::Shutdown::Both);
            }
        }
    }
}

fn accept_loop(listener: TcpListener, shared: Arc<Shared>) {
    while !shared.stop.load(Ordering::Relaxed) {
        match listener.accept() {
            Ok((stream, peer)) => welcome(stream, peer, &shared),
            Err(e) if e.kind() == ErrorKind::WouldBlock => {
                std::thread::sleep(Duration::from_millis(5));
            }
            Err(_) => std::thread::sleep(Duration::from_millis(10)),
        }
    }
}

/// Admits a new connection (on its own thread) or turns it away at once.
fn welcome(stream: TcpStream, peer: SocketAddr, shared: &Arc<Shared>) {
    let handle = stream.try_clone().ok();
    let admission = shared
        .queue
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .admit(peer.ip(), Instant::now(), handle);
    let id = match admission {
        Admission::Busy => {
            // Closed without an answer: the client says the server is busy, and tries again.
            shared.counts.busy.fetch_add(1, Ordering::Relaxed);
            return;
        }
        Admission::Admitted(id, evicted) => {
            if let Some(line) = evicted.and_then(|v| v.line) {
                // Its thread's read ends at once, and the thread with it.
                let _ = line.shutdown(std::net::Shutdown::Both);
                shared.counts.evicted.fetch_add(1, Ordering::Relaxed);
            }
            id
        }
    };
    let s = shared.clone();
    let spawned = std::thread::Builder::new()
        .name("ticket".into())
        .stack_size(TICKET_STACK)
        .spawn(move || {
            answer(stream, peer, &s);
            s.queue.lock().unwrap_or_else(|p| p.into_inner()).leave(id);
        });
    if spawned.is_err() {
        shared
            .queue
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .leave(id);
        shared.counts.busy.fetch_add(1, Ordering::Relaxed);
    }
}

/// A connection read against one deadline for the whole request: each read may wait only for
/// the time left.
struct Deadline<'a> {
    stream: &'a TcpStream,
    by: Instant,
}

impl Read for Deadline<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let left = self.by.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(std::io::Error::new(
                ErrorKind::TimedOut,
                "the request was not complete in time",
            ));
        }
        self.stream.set_read_timeout(Some(left))?;
        let mut stream = self.stream;
        stream.read(buf)
    }
}

fn answer(stream: TcpStream, peer: SocketAddr, shared: &Shared) {
    let _ = stream.set_nonblocking(false);
    let _ = stream.set_nodelay(true);
    let mut line = Deadline {
        stream: &stream,
        by: Instant::now() + REQUEST_DEADLINE,
    };
    let request = match read_frame::<TicketRequest>(&mut line, MAX_REQUEST_BYTES) {
        Ok(r) => r,
        Err(e) => {
            if matches!(e.kind(), ErrorKind::TimedOut | ErrorKind::WouldBlock) {
                shared.counts.late.fetch_add(1, Ordering::Relaxed);
            }
            return;
        }
    };
    let reply = decide(&request, peer.ip(), stream.local_addr().ok(), shared);
    let _ = stream.set_write_timeout(Some(REPLY_TIMEOUT));
    let _ = write_frame(&mut &stream, &reply);
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
    if !shared.secrets.admits(&request.join_code) {
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

    #[test]
    fn a_full_table_of_guessers_still_limits_a_new_guesser() {
        let g = Guard::default();
        let t0 = Instant::now();
        // Every place in the table is taken by someone's single wrong code ...
        for n in 0..MAX_REMEMBERED as u32 {
            g.wrong_code(IpAddr::from((0x0a00_0000u32 + n).to_be_bytes()), t0);
        }
        // ... and a newcomer guessing is still counted, and limited.
        let guesser: IpAddr = "192.168.7.7".parse().unwrap();
        let later = t0 + Duration::from_secs(1);
        for _ in 0..MAX_WRONG_CODES {
            assert_eq!(g.refusal(guesser, later), None);
            g.wrong_code(guesser, later);
        }
        assert_eq!(g.refusal(guesser, later), Some(TOO_MANY_TRIES));
        assert!(g.codes.lock().unwrap().0.len() <= MAX_REMEMBERED);
    }

    #[test]
    fn wrong_host_keys_are_limited_like_wrong_codes() {
        let g = Guard::default();
        let ip: IpAddr = "10.0.0.9".parse().unwrap();
        let t0 = Instant::now();
        for _ in 0..MAX_WRONG_CODES {
            assert_eq!(g.refusal(ip, t0), None);
            g.wrong_host_key(ip, t0);
        }
        assert_eq!(g.refusal(ip, t0), Some(TOO_MANY_KEYS));
    }

    fn v4(a: u8, b: u8) -> IpAddr {
        IpAddr::from([10, 0, a, b])
    }

    #[test]
    fn one_address_gets_its_share_of_the_desk_and_no_more() {
        let mut q = Queue::default();
        let t0 = Instant::now();
        for _ in 0..MAX_OPEN_PER_ADDRESS {
            assert!(matches!(
                q.admit(v4(0, 1), t0, None),
                Admission::Admitted(_, None)
            ));
        }
        assert!(matches!(q.admit(v4(0, 1), t0, None), Admission::Busy));
        assert!(matches!(
            q.admit(v4(0, 2), t0, None),
            Admission::Admitted(_, None)
        ));
    }

    #[test]
    fn a_full_desk_makes_room_for_a_newcomer_at_the_expense_of_the_most_crowded_address() {
        let mut q = Queue::default();
        let t0 = Instant::now();
        // A few addresses fill the desk, each with its full share ...
        let crowd = MAX_OPEN / MAX_OPEN_PER_ADDRESS;
        for k in 0..MAX_OPEN_PER_ADDRESS {
            for a in 0..crowd {
                let at = t0 + Duration::from_millis((k * crowd + a) as u64);
                assert!(matches!(
                    q.admit(v4(1, a as u8), at, None),
                    Admission::Admitted(_, None)
                ));
            }
        }
        assert_eq!(q.open.len(), MAX_OPEN);
        // ... and a student still gets in, in the place of the oldest connection of a full share.
        let later = t0 + Duration::from_secs(1);
        match q.admit(v4(2, 1), later, None) {
            Admission::Admitted(_, Some(out)) => {
                assert_eq!(out.from, v4(1, 0));
                assert_eq!(out.since, t0);
            }
            _ => panic!("the student is turned away from a desk full of a few addresses"),
        }
        assert_eq!(q.open.len(), MAX_OPEN);
        // The crowd's next connection takes a place from the crowd, not from the student.
        for a in 0..crowd {
            if let Admission::Admitted(_, Some(out)) = q.admit(v4(1, a as u8), later, None) {
                assert_ne!(out.from, v4(2, 1), "the student's connection was taken");
            }
        }
        assert!(q.open.values().any(|v| v.from == v4(2, 1)));
        // When every address holds one, a newcomer with none takes the oldest place, and one
        // that holds one already waits its turn.
        let mut q = Queue::default();
        for a in 0..MAX_OPEN {
            let at = t0 + Duration::from_millis(a as u64);
            q.admit(IpAddr::from([10, 1, (a / 256) as u8, a as u8]), at, None);
        }
        assert!(matches!(
            q.admit(IpAddr::from([10, 1, 0, 5]), later, None),
            Admission::Busy
        ));
        assert!(matches!(
            q.admit(v4(9, 9), later, None),
            Admission::Admitted(_, Some(_))
        ));
    }

    #[test]
    fn an_ipv6_machine_is_counted_by_its_network_and_a_mapped_ipv4_as_itself() {
        let a: IpAddr = "2001:db8:1:2:aaaa::1".parse().unwrap();
        let b: IpAddr = "2001:db8:1:2:bbbb::2".parse().unwrap();
        assert_eq!(neighbourhood(a), neighbourhood(b));
        let mapped: IpAddr = "::ffff:127.0.0.1".parse().unwrap();
        assert_eq!(neighbourhood(mapped), IpAddr::from([127, 0, 0, 1]));
        let g = Guard::default();
        g.bar(mapped);
        assert_eq!(
            g.refusal(mapped, Instant::now()),
            None,
            "loopback is never barred"
        );
    }
}
