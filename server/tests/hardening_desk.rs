//! The ticket desk under a hostile student's attack over TCP on loopback: slow connections that
//! drip bytes or say nothing (a slowloris), from a few addresses or from many, while students get
//! their tickets; one address over its share hears that the server is busy; a request dripped a
//! byte at a time is cut at the deadline for the whole request; guessing the host key is limited
//! like guessing the join code.
//!
//! The attackers and the students speak from their own loopback addresses (127.0.0.x and
//! 127.0.1.x, all of them this machine's on Linux), so that the desk tells them apart as it
//! would tell apart the machines of a classroom.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

use bevy::app::App;
use entente_server::app::server_app;
use entente_server::net::bot::Bot;
use entente_server::net::desk::{
    MAX_OPEN, MAX_OPEN_PER_ADDRESS, MAX_WRONG_CODES, REQUEST_DEADLINE, Secrets, TOO_MANY_KEYS,
    TicketDesk,
};
use entente_server::session::{Session, Settings};
use entente_server::turn::computer::ComputerKind;
use entente_shared::protocol::ticket::{
    self, MAX_REPLY_BYTES, TicketError, TicketReply, TicketRequest, read_frame, write_frame,
};
use entente_shared::protocol::{PROTOCOL_VERSION, ServerMsg};

const CODE: &str = "DESK77";

/// A server's UDP transport and ticket desk on a free loopback port. The desk runs on its own
/// threads, so no server frame needs to run; the transport is kept so the port stays the server's.
fn open_desk() -> (
    SocketAddr,
    TicketDesk,
    (
        bevy_renet::RenetServer,
        bevy_renet::netcode::NetcodeServerTransport,
    ),
) {
    let (server, transport, desk) = entente_server::net::open(
        "127.0.0.1:0".parse().unwrap(),
        true,
        Secrets::seal(CODE, "hk", &[]).0,
    )
    .expect("listening");
    (transport.addresses()[0], desk, (server, transport))
}

/// A TCP connection to `to` from the loopback address `from` (Linux answers on all of
/// 127.0.0.0/8). The standard library cannot choose the source address, hence the system calls.
#[cfg(target_os = "linux")]
fn connect_from(from: [u8; 4], to: SocketAddr) -> std::io::Result<TcpStream> {
    use std::os::fd::FromRawFd;

    #[repr(C)]
    struct SockaddrIn {
        family: u16,
        port: u16,
        addr: [u8; 4],
        zero: [u8; 8],
    }
    unsafe extern "C" {
        fn socket(domain: i32, kind: i32, protocol: i32) -> i32;
        fn bind(fd: i32, addr: *const SockaddrIn, len: u32) -> i32;
        fn connect(fd: i32, addr: *const SockaddrIn, len: u32) -> i32;
        fn close(fd: i32) -> i32;
    }
    const AF_INET: i32 = 2;
    const SOCK_STREAM: i32 = 1;
    const SOCK_CLOEXEC: i32 = 0o2_000_000;
    let SocketAddr::V4(to) = to else {
        panic!("an IPv4 server address");
    };
    let at = |ip: [u8; 4], port: u16| SockaddrIn {
        family: AF_INET as u16,
        port: port.to_be(),
        addr: ip,
        zero: [0; 8],
    };
    let len = std::mem::size_of::<SockaddrIn>() as u32;
    // SAFETY: plain socket calls on a descriptor this function owns, with a sockaddr_in laid
    // out as Linux defines it; on failure the descriptor is closed, on success it is handed to a
    // TcpStream that owns it from then on.
    unsafe {
        let fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if fd < 0 {
            return Err(std::io::Error::last_os_error());
        }
        let source = at(from, 0);
        let server = at(to.ip().octets(), to.port());
        if bind(fd, &source, len) != 0 || connect(fd, &server, len) != 0 {
            let e = std::io::Error::last_os_error();
            close(fd);
            return Err(e);
        }
        Ok(TcpStream::from_raw_fd(fd))
    }
}

/// A student asks for a ticket from `from`: how long the answer took, and the answer.
#[cfg(target_os = "linux")]
fn student(from: [u8; 4], to: SocketAddr) -> (Duration, Result<TicketReply, String>) {
    let t0 = Instant::now();
    let answer = (|| {
        let mut s = connect_from(from, to).map_err(|e| format!("connect: {e}"))?;
        s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
        let request = TicketRequest {
            version: PROTOCOL_VERSION,
            join_code: CODE.into(),
        };
        write_frame(&mut s, &request).map_err(|e| format!("write: {e}"))?;
        read_frame::<TicketReply>(&mut s, MAX_REPLY_BYTES).map_err(|e| format!("read: {e}"))
    })();
    (t0.elapsed(), answer)
}

/// What the attackers did.
#[derive(Default)]
struct AttackCounts {
    /// Connections opened (each one the desk took or turned away).
    opened: AtomicU64,
    /// Connections the desk closed under them (deadline, no room, or a newcomer's place).
    cut: AtomicU64,
    /// Bytes dripped.
    dripped: AtomicU64,
}

/// A slowloris: `per_address` connections from each of `addresses`, held open, reopened as soon
/// as the desk closes them; every other one drips a byte every 100 ms (a request announced as
/// 1,000 bytes that never ends), the others say nothing.
#[cfg(target_os = "linux")]
fn slowloris(
    to: SocketAddr,
    addresses: Vec<[u8; 4]>,
    per_address: usize,
    stop: Arc<AtomicBool>,
    counts: Arc<AttackCounts>,
) -> std::thread::JoinHandle<()> {
    std::thread::spawn(move || {
        let mut lines: Vec<([u8; 4], bool, Option<TcpStream>, usize)> = addresses
            .iter()
            .flat_map(|a| (0..per_address).map(move |k| (*a, k % 2 == 0, None, 0)))
            .collect();
        let announced = 1000u32.to_le_bytes();
        while !stop.load(Ordering::Relaxed) {
            for (from, drips, line, sent) in lines.iter_mut() {
                if line.is_none()
                    && let Ok(s) = connect_from(*from, to)
                {
                    s.set_nonblocking(true).unwrap();
                    counts.opened.fetch_add(1, Ordering::Relaxed);
                    *line = Some(s);
                    *sent = 0;
                }
                let Some(s) = line else { continue };
                let mut buf = [0u8; 64];
                let closed = match s.read(&mut buf) {
                    Ok(_) => true,
                    Err(e) => e.kind() != std::io::ErrorKind::WouldBlock,
                };
                let closed = closed || {
                    *drips && {
                        let byte = if *sent < 4 { announced[*sent] } else { b'x' };
                        let wrote = s.write(&[byte]).is_ok();
                        if wrote {
                            *sent += 1;
                            counts.dripped.fetch_add(1, Ordering::Relaxed);
                        }
                        !wrote
                    }
                };
                if closed {
                    counts.cut.fetch_add(1, Ordering::Relaxed);
                    *line = None;
                }
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    })
}

/// `n` students from their own addresses (127.0.1.x from `first`), all at once: their times.
#[cfg(target_os = "linux")]
fn students_at_once(to: SocketAddr, first: u8, n: usize) -> Vec<Duration> {
    let start = Arc::new(Barrier::new(n));
    let threads: Vec<_> = (0..n)
        .map(|i| {
            let start = start.clone();
            std::thread::spawn(move || {
                start.wait();
                student([127, 0, 1, first + i as u8], to)
            })
        })
        .collect();
    threads
        .into_iter()
        .enumerate()
        .map(|(i, t)| {
            let (took, answer) = t.join().unwrap();
            assert!(
                matches!(answer, Ok(TicketReply::Secure { .. })),
                "student {i} got no ticket: {answer:?} after {took:?}"
            );
            took
        })
        .collect()
}

fn summary(times: &[Duration]) -> String {
    let mut ms: Vec<f64> = times.iter().map(|t| t.as_secs_f64() * 1000.0).collect();
    ms.sort_by(f64::total_cmp);
    format!(
        "{} tickets, median {:.1} ms, slowest {:.1} ms",
        ms.len(),
        ms[ms.len() / 2],
        ms[ms.len() - 1]
    )
}

#[cfg(target_os = "linux")]
#[test]
fn a_slowloris_of_64_connections_does_not_keep_20_students_from_their_tickets() {
    let (addr, desk, _keep) = open_desk();
    let stop = Arc::new(AtomicBool::new(false));
    let counts = Arc::new(AttackCounts::default());
    // 16 addresses, each holding its full share: half the connections drip, half are silent.
    let attackers: Vec<[u8; 4]> = (0..16).map(|i| [127, 0, 0, 10 + i]).collect();
    const { assert!(16 * MAX_OPEN_PER_ADDRESS == 64) };
    let attack = slowloris(
        addr,
        attackers,
        MAX_OPEN_PER_ADDRESS,
        stop.clone(),
        counts.clone(),
    );
    let end = Instant::now() + Duration::from_secs(3);
    while counts.opened.load(Ordering::Relaxed) < 64 {
        assert!(Instant::now() < end, "the attack never began");
        std::thread::sleep(Duration::from_millis(10));
    }
    std::thread::sleep(Duration::from_millis(200));
    let held = desk.open_connections();
    // Twenty students arrive at once ...
    let mut times = students_at_once(addr, 1, 20);
    // ... and twenty more one after another over the next three seconds, while the desk cuts
    // the attackers at their deadline and they come straight back.
    for i in 0..20u8 {
        let (took, answer) = student([127, 0, 1, 100 + i], addr);
        assert!(
            matches!(answer, Ok(TicketReply::Secure { .. })),
            "late student {i} got no ticket: {answer:?}"
        );
        times.push(took);
        std::thread::sleep(Duration::from_millis(150));
    }
    // The host's own client on this machine gets its ticket through the ordinary path.
    ticket::fetch(addr, CODE, Duration::from_secs(1)).expect("a ticket for 127.0.0.1");
    stop.store(true, Ordering::Relaxed);
    attack.join().unwrap();
    let c = desk.counts();
    println!(
        "slowloris of 64 (16 addresses x {MAX_OPEN_PER_ADDRESS}, {held} held by the desk): {}; \
         the attack opened {} connections, dripped {} bytes, was cut {} times ({} at the deadline)",
        summary(&times),
        counts.opened.load(Ordering::Relaxed),
        counts.dripped.load(Ordering::Relaxed),
        counts.cut.load(Ordering::Relaxed),
        c.late.load(Ordering::Relaxed),
    );
    for (i, t) in times.iter().enumerate() {
        assert!(*t < Duration::from_secs(1), "student {i} waited {t:?}");
    }
    assert!(
        c.late.load(Ordering::Relaxed) >= 32,
        "the dripping connections are cut at the deadline"
    );
}

#[cfg(target_os = "linux")]
#[test]
fn a_crowd_of_forty_addresses_and_one_greedy_one_cannot_fill_the_desk() {
    let (addr, desk, _keep) = open_desk();
    let stop = Arc::new(AtomicBool::new(false));
    let counts = Arc::new(AttackCounts::default());
    // More connections than the desk holds in all, from 40 addresses with a full share each ...
    let crowd: Vec<[u8; 4]> = (0..40).map(|i| [127, 0, 2, 10 + i]).collect();
    const { assert!(40 * MAX_OPEN_PER_ADDRESS > MAX_OPEN) };
    let a = slowloris(
        addr,
        crowd,
        MAX_OPEN_PER_ADDRESS,
        stop.clone(),
        counts.clone(),
    );
    // ... and 64 from one address, nearly all of them turned away at once.
    let b = slowloris(addr, vec![[127, 0, 3, 1]], 64, stop.clone(), counts.clone());
    let end = Instant::now() + Duration::from_secs(3);
    while counts.opened.load(Ordering::Relaxed) < 160 + 64 {
        assert!(Instant::now() < end, "the attack never began");
        std::thread::sleep(Duration::from_millis(10));
    }
    // The desk takes them in as fast as the machine lets it (slowly on a loaded CI machine).
    let end = Instant::now() + Duration::from_secs(10);
    while desk.open_connections() < MAX_OPEN && Instant::now() < end {
        std::thread::sleep(Duration::from_millis(10));
    }
    assert_eq!(desk.open_connections(), MAX_OPEN, "the desk is full");
    let times = students_at_once(addr, 1, 20);
    stop.store(true, Ordering::Relaxed);
    a.join().unwrap();
    b.join().unwrap();
    let c = desk.counts();
    println!(
        "a full desk ({MAX_OPEN} open, 40 addresses + 1 greedy): {}; {} turned away, {} made \
         room for a newcomer",
        summary(&times),
        c.busy.load(Ordering::Relaxed),
        c.evicted.load(Ordering::Relaxed),
    );
    for (i, t) in times.iter().enumerate() {
        assert!(*t < Duration::from_secs(1), "student {i} waited {t:?}");
    }
    assert!(c.evicted.load(Ordering::Relaxed) >= 20, "room was made");
}

#[test]
fn an_address_over_its_share_hears_that_the_server_is_busy() {
    let (addr, desk, _keep) = open_desk();
    let silent: Vec<TcpStream> = (0..MAX_OPEN_PER_ADDRESS)
        .map(|_| TcpStream::connect(addr).unwrap())
        .collect();
    let end = Instant::now() + Duration::from_secs(2);
    while desk.open_connections() < MAX_OPEN_PER_ADDRESS {
        assert!(Instant::now() < end, "the desk took the connections");
        std::thread::sleep(Duration::from_millis(5));
    }
    // The silent ones hold the address's share for the whole deadline; asking meanwhile, with
    // less patience than that, is told the server is busy (not that no server answers).
    let err = ticket::fetch(addr, CODE, Duration::from_millis(600)).unwrap_err();
    assert!(matches!(err, TicketError::Busy(_)), "{err:?}");
    assert_eq!(
        err.to_string(),
        format!("the server at {addr} is busy: try again in a moment")
    );
    // With the patience of a real client, the retries get through once the deadline frees
    // the share.
    let t0 = Instant::now();
    ticket::fetch(addr, CODE, Duration::from_secs(5)).expect("a ticket after the deadline");
    assert!(t0.elapsed() < REQUEST_DEADLINE + Duration::from_secs(1));
    drop(silent);
}

#[test]
fn a_request_dripped_a_byte_at_a_time_is_cut_at_the_deadline_for_the_whole_request() {
    let (addr, desk, _keep) = open_desk();
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_nonblocking(true).unwrap();
    let t0 = Instant::now();
    let mut bytes = 1000u32.to_le_bytes().to_vec();
    bytes.extend(std::iter::repeat_n(b'x', 1000));
    let mut cut = None;
    for b in bytes {
        // A byte every 200 ms: well within a per-read timeout, far beyond the deadline.
        let wrote = s.write(&[b]).is_ok();
        let mut buf = [0u8; 8];
        let closed = match s.read(&mut buf) {
            Ok(_) => true,
            Err(e) => e.kind() != std::io::ErrorKind::WouldBlock,
        };
        if !wrote || closed {
            cut = Some(t0.elapsed());
            break;
        }
        assert!(t0.elapsed() < Duration::from_secs(6), "never cut");
        std::thread::sleep(Duration::from_millis(200));
    }
    let cut = cut.expect("cut");
    println!("a dripped request was cut after {cut:?}");
    assert!(
        cut >= REQUEST_DEADLINE - Duration::from_millis(100),
        "{cut:?}"
    );
    assert!(
        cut < REQUEST_DEADLINE + Duration::from_millis(800),
        "{cut:?}"
    );
    assert_eq!(desk.counts().late.load(Ordering::Relaxed), 1);
}

fn pump_until(
    app: &mut App,
    bot: &mut Bot,
    timeout: Duration,
    want: impl Fn(&ServerMsg) -> bool,
) -> Option<ServerMsg> {
    let end = Instant::now() + timeout;
    while Instant::now() < end {
        app.update();
        bot.update();
        if let Some(i) = bot.inbox.iter().position(|(_, m)| want(m)) {
            return Some(bot.inbox.drain(..=i).next_back().unwrap().1);
        }
        std::thread::sleep(Duration::from_millis(1));
    }
    None
}

#[test]
fn guessing_the_host_key_is_limited_like_guessing_the_join_code() {
    let session = Session::new(Settings {
        join_code: CODE.into(),
        host_key: "teacher".into(),
        computer: ComputerKind::Hold,
        ..Settings::default()
    })
    .unwrap();
    let (mut app, addr) =
        server_app(session, None, "127.0.0.1:0".parse().unwrap(), false).expect("listening");
    app.finish();
    app.cleanup();
    for i in 0..MAX_WRONG_CODES {
        let mut bot = Bot::connect(addr, CODE).expect("a ticket while guessing");
        let end = Instant::now() + Duration::from_secs(5);
        while !bot.is_connected() {
            assert!(Instant::now() < end, "connected");
            app.update();
            bot.update();
            std::thread::sleep(Duration::from_millis(1));
        }
        bot.hello(&format!("guess{i}"), CODE, None, Some(&format!("key{i}")));
        let r = pump_until(&mut app, &mut bot, Duration::from_secs(5), |m| {
            matches!(m, ServerMsg::JoinRefused { .. })
        });
        assert!(
            matches!(&r, Some(ServerMsg::JoinRefused { reason }) if reason.contains("wrong host key")),
            "{r:?}"
        );
    }
    // The address gets no more tickets, not even to join without a key, for the window.
    let err = ticket::fetch(addr, CODE, Duration::from_secs(2)).unwrap_err();
    assert_eq!(err, TicketError::Refused(TOO_MANY_KEYS.into()));
}
