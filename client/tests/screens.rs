//! The client drawn for real: in-process servers on loopback, the client under `xvfb-run`
//! (software Vulkan through Mesa's llvmpipe) in its scripted mode, saving screenshots with a JSON
//! file beside each that says where the provinces and the results' arrows are. The test then
//! reads the pixels:
//!
//! - a student (France, classic map): a proposal from a bot seated as Germany shows over the map
//!   and goes once answered; orders by clicks and by typing; the results view opens by itself
//!   after the phase, with a green arrow where a move succeeded; the lens repaints the map on
//!   its absolute scale;
//! - the host (no seat): another state's lens, the debrief, every seat's orders, and a paused
//!   clock that shows the same time three seconds later; and, in a lobby where one student is
//!   ready and another not, each seat's readiness;
//! - a wrong join code, refused on the connect screen;
//! - a student on the Balkans 1912 map (Serbia);
//! - on every map: every state's drawn colour is on it, and the legend covers no province's
//!   label point and no pixel of a land province.
//!
//! Needs the Debian packages `xvfb`, `mesa-vulkan-drivers` and `libvulkan1` (`.ci/run` installs
//! them); without `xvfb-run` the test says so and skips (and fails under `CI=true`). The
//! screenshots stay in `$CARGO_TARGET_TMPDIR/screens/` for people to look at.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use entente_client::lens;
use entente_client::ui::{DONE, LEGEND_EDGE, NOT_READY, PROPOSAL_EDGE, READY, RESULTS_BANNER};
use entente_server::app::server_app;
use entente_server::net::bot::Bot;
use entente_server::session::{Session, Settings};
use entente_shared::protocol::{ClientMsg, ServerMsg, SessionState};

const CODE: &str = "SCREENS";

fn have(program: &str) -> bool {
    Command::new("sh")
        .arg("-c")
        .arg(format!("command -v {program}"))
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Runs a server of `scenario` on a thread until `stop` is set; returns its port. With
/// `start_when_ready` the game starts once every seated person is ready, else when the host
/// starts it.
fn serve(
    stop: Arc<AtomicBool>,
    scenario: &str,
    start_when_ready: bool,
) -> (u16, std::thread::JoinHandle<()>) {
    let (tx, rx) = std::sync::mpsc::channel();
    let scenario = scenario.to_string();
    let handle = std::thread::spawn(move || {
        let settings = Settings {
            scenario,
            join_code: CODE.into(),
            host_key: "teacher".into(),
            lobby: true,
            start_when_ready,
            ..Settings::default()
        };
        let session = Session::new(settings).expect("a session");
        let (mut app, addr) =
            server_app(session, None, "127.0.0.1:0".parse().unwrap(), false).expect("listening");
        app.finish();
        app.cleanup();
        tx.send(addr.port()).unwrap();
        while !stop.load(Ordering::Relaxed) {
            app.update();
            std::thread::sleep(Duration::from_millis(2));
        }
    });
    let port = rx
        .recv_timeout(Duration::from_secs(30))
        .expect("the server started");
    (port, handle)
}

/// A bot that, once a person sits at France and the game runs, takes Germany, proposes an
/// alliance to France, and then holds with every unit each phase (so that the game does not
/// wait for it). Returns whether it proposed.
fn proposer(port: u16, stop: Arc<AtomicBool>) -> std::thread::JoinHandle<bool> {
    std::thread::spawn(move || {
        let addr = SocketAddr::from(([127, 0, 0, 1], port));
        let mut bot = Bot::connect(addr, CODE).expect("a ticket for the bot");
        assert!(
            bot.wait_connected(Duration::from_secs(10)),
            "the bot connects"
        );
        bot.hello("Bismarck", CODE, None, None);
        let (mut france, mut playing, mut asked, mut seated, mut proposed) =
            (false, false, false, false, false);
        let mut phase = String::new();
        let mut due = false;
        while !stop.load(Ordering::Relaxed) {
            bot.update();
            for (_, m) in std::mem::take(&mut bot.inbox) {
                match m {
                    ServerMsg::Seats { seats } => {
                        france = seats
                            .iter()
                            .any(|s| s.state == "FRANCE" && !s.players.is_empty());
                    }
                    ServerMsg::Phase {
                        phase: p,
                        session,
                        to_order,
                        ..
                    } => {
                        playing = session == SessionState::Playing;
                        phase = p;
                        due = to_order.iter().any(|s| s == "GERMANY");
                    }
                    ServerMsg::Clock { session, .. } => {
                        playing = session == SessionState::Playing;
                    }
                    ServerMsg::Role { seat, .. } => {
                        seated = seat.as_deref() == Some("GERMANY");
                    }
                    _ => {}
                }
            }
            if france && playing && !asked {
                bot.send(&ClientMsg::TakeSeat {
                    state: "GERMANY".into(),
                });
                asked = true;
            }
            if seated && !proposed {
                bot.send(&ClientMsg::ProposeAlliance {
                    to: "FRANCE".into(),
                    against: "RUSSIA".into(),
                });
                proposed = true;
            }
            if seated && due {
                bot.send(&ClientMsg::SubmitOrders {
                    phase: phase.clone(),
                    orders: vec![],
                });
                due = false;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        bot.disconnect();
        proposed
    })
}

/// A bot that takes `state`'s seat in the lobby and, with `ready`, says it is ready; then waits
/// until `stop` is set.
fn sitter(
    port: u16,
    stop: Arc<AtomicBool>,
    name: &'static str,
    state: &'static str,
    ready: bool,
) -> std::thread::JoinHandle<()> {
    std::thread::spawn(move || {
        let addr = SocketAddr::from(([127, 0, 0, 1], port));
        let mut bot = Bot::connect(addr, CODE).expect("a ticket for the bot");
        assert!(
            bot.wait_connected(Duration::from_secs(10)),
            "the bot connects"
        );
        bot.hello(name, CODE, None, None);
        let (mut asked, mut said) = (false, false);
        while !stop.load(Ordering::Relaxed) {
            bot.update();
            for (_, m) in std::mem::take(&mut bot.inbox) {
                match m {
                    ServerMsg::Seats { .. } if !asked => {
                        bot.send(&ClientMsg::TakeSeat {
                            state: state.into(),
                        });
                        asked = true;
                    }
                    ServerMsg::Role { seat, .. }
                        if ready && !said && seat.as_deref() == Some(state) =>
                    {
                        bot.send(&ClientMsg::Ready);
                        said = true;
                    }
                    _ => {}
                }
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        bot.disconnect();
    })
}

struct Image {
    width: usize,
    height: usize,
    /// RGB.
    pixels: Vec<[u8; 3]>,
}

impl Image {
    fn at(&self, x: f32, y: f32) -> Option<[u8; 3]> {
        if x < 0.0 || y < 0.0 || x as usize >= self.width || y as usize >= self.height {
            return None;
        }
        Some(self.pixels[y as usize * self.width + x as usize])
    }

    /// Pixels near colour `c` within `r` pixels of (x, y).
    fn around(&self, x: f32, y: f32, r: i32, c: [u8; 3], tolerance: u8) -> usize {
        let mut n = 0;
        for dy in -r..=r {
            for dx in -r..=r {
                if let Some(p) = self.at(x + dx as f32, y + dy as f32)
                    && close(p, c, tolerance)
                {
                    n += 1;
                }
            }
        }
        n
    }

    /// The bounding box of the pixels of colour `c`: (min x, min y, max x, max y, count).
    fn bbox(&self, c: [u8; 3]) -> Option<(usize, usize, usize, usize, usize)> {
        let mut b: Option<(usize, usize, usize, usize, usize)> = None;
        for (i, p) in self.pixels.iter().enumerate() {
            if close(*p, c, 2) {
                let (x, y) = (i % self.width, i / self.width);
                b = Some(match b {
                    None => (x, y, x, y, 1),
                    Some((x0, y0, x1, y1, n)) => {
                        (x0.min(x), y0.min(y), x1.max(x), y1.max(y), n + 1)
                    }
                });
            }
        }
        b
    }
}

fn read_png(path: &Path) -> Image {
    let decoder = png::Decoder::new(std::io::BufReader::new(
        std::fs::File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display())),
    ));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    let channels = info.color_type.samples();
    assert_eq!(info.bit_depth, png::BitDepth::Eight);
    let pixels = buf[..info.buffer_size()]
        .chunks(channels)
        .map(|c| [c[0], c[1], c[2]])
        .collect();
    Image {
        width: info.width as usize,
        height: info.height as usize,
        pixels,
    }
}

/// What the scripted client wrote beside a screenshot.
#[derive(Debug, serde::Deserialize)]
struct Geometry {
    anchors: Vec<(String, [f32; 2])>,
    moves: Vec<(String, bool, [f32; 2], [f32; 2])>,
    area: [f32; 4],
    map: [f32; 4],
    colours: Vec<(String, [u8; 3])>,
}

fn read_geometry(png: &Path) -> Geometry {
    let path = png.with_extension("json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn close(a: [u8; 3], b: [u8; 3], tolerance: u8) -> bool {
    a.iter().zip(b).all(|(x, y)| x.abs_diff(y) <= tolerance)
}

fn count(img: &Image, c: [u8; 3]) -> usize {
    img.pixels.iter().filter(|p| close(**p, c, 3)).count()
}

fn distinct(img: &Image) -> usize {
    let mut set: Vec<[u8; 3]> = img.pixels.clone();
    set.sort_unstable();
    set.dedup();
    set.len()
}

/// An egui colour (the client's constants) as RGB.
macro_rules! rgb {
    ($c:expr) => {{
        let c = $c;
        [c.r(), c.g(), c.b()]
    }};
}

/// Every state's drawn colour is on the map, and the legend hides no province's label point
/// and no pixel of a land province as the map draws it (`scenario`'s shapes, placed where the
/// client says it drew the map).
fn check_map(name: &str, scenario: &str, png: &Path, least: usize) {
    let img = read_png(png);
    let g = read_geometry(png);
    assert!(
        !g.anchors.is_empty(),
        "{name}: no provinces in the geometry"
    );
    for (state, c) in &g.colours {
        let n = count(&img, *c);
        println!("{name}: {state}: {n} pixels of {c:?}");
        assert!(
            n >= least,
            "{name}: {state}'s colour {c:?} in only {n} pixels"
        );
    }
    let edge = rgb!(LEGEND_EDGE);
    let (x0, y0, x1, y1, n) = img
        .bbox(edge)
        .unwrap_or_else(|| panic!("{name}: no legend drawn"));
    assert!(n >= 60, "{name}: the legend's edge has only {n} pixels");
    println!("{name}: legend at ({x0}, {y0})-({x1}, {y1})");
    for (code, [x, y]) in &g.anchors {
        let inside = *x >= x0 as f32 && *x <= x1 as f32 && *y >= y0 as f32 && *y <= y1 as f32;
        assert!(
            !inside,
            "{name}: the legend ({x0}, {y0})-({x1}, {y1}) covers {code}'s point ({x}, {y})"
        );
    }
    // Under the legend's box: no land province drawn, pixel by pixel.
    let s = entente_shared::scenario::Scenario::load(scenario).unwrap();
    let layout = entente_client::map::layout::Layout::of(&s);
    let [mx0, my0, mx1, my1] = g.map;
    let cell = |x: usize, y: usize| {
        (
            (x as f32 + 0.5 - mx0) / (mx1 - mx0) * layout.width as f32,
            (y as f32 + 0.5 - my0) / (my1 - my0) * layout.height as f32,
        )
    };
    let mut land = Vec::new();
    for y in y0..=y1 {
        for x in x0..=x1 {
            let (cx, cy) = cell(x, y);
            if let Some(p) = layout.province_at(cx, cy)
                && !s.map.is_sea(entente_shared::map::ProvinceId(p))
            {
                land.push((
                    x,
                    y,
                    s.map.code(entente_shared::map::ProvinceId(p)).to_string(),
                ));
            }
        }
    }
    println!(
        "{name}: {} pixels of land provinces under the legend",
        land.len()
    );
    assert!(
        land.is_empty(),
        "{name}: the legend covers {} pixels of land provinces, e.g. {:?}",
        land.len(),
        &land[..land.len().min(5)]
    );
    // The map is whole: the slate around it shows nowhere inside its grid (less a few pixels
    // at the edge) within the map area; off-map cells inside the seas used to show it.
    let [mx0, my0, mx1, my1] = g.map;
    let [ax0, ay0, ax1, ay1] = g.area;
    let lo = [mx0.max(ax0) + 3.0, my0.max(ay0) + 3.0];
    let hi = [mx1.min(ax1) - 3.0, my1.min(ay1) - 3.0];
    assert!(
        hi[0] > lo[0] + 100.0 && hi[1] > lo[1] + 100.0,
        "{name}: map at {:?}",
        g.map
    );
    let slate = entente_client::map::BACKGROUND;
    let mut holes = 0;
    for y in lo[1] as usize..=hi[1] as usize {
        for x in lo[0] as usize..=hi[0] as usize {
            if img
                .at(x as f32, y as f32)
                .is_some_and(|p| close(p, slate, 3))
            {
                holes += 1;
            }
        }
    }
    println!("{name}: {holes} pixels of the slate around the map inside it");
    assert!(holes < 20, "{name}: {holes} pixels of slate inside the map");
    assert!(
        ax1 > ax0 + 100.0 && ay1 > ay0 + 100.0,
        "{name}: map area {:?}",
        g.area
    );
}

#[test]
fn the_client_joins_orders_and_shows_the_lens_under_xvfb() {
    // In CI a missing prerequisite is a failure, not a silent "ok".
    let ci = std::env::var("CI").as_deref() == Ok("true");
    if !have("xvfb-run") {
        assert!(!ci, "xvfb-run is missing, and CI=true");
        println!(
            "SKIPPED: xvfb-run is missing (apt-get install -y xvfb mesa-vulkan-drivers libvulkan1)"
        );
        return;
    }
    let icds = std::fs::read_dir("/usr/share/vulkan/icd.d")
        .map(|d| d.count())
        .unwrap_or(0);
    if icds == 0 {
        assert!(!ci, "no Vulkan driver, and CI=true");
        println!("SKIPPED: no Vulkan driver (apt-get install -y mesa-vulkan-drivers libvulkan1)");
        return;
    }
    let tmp = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    let dir = tmp.join("screens");
    let balkans_dir = dir.join("balkans");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&balkans_dir).unwrap();
    // The clients' settings and debriefs, in a folder of this test's own.
    let data = tmp.join("screens-data");
    let _ = std::fs::remove_dir_all(&data);
    let stop = Arc::new(AtomicBool::new(false));
    let (port, server) = serve(stop.clone(), "classic", true);
    let (balkans_port, balkans) = serve(stop.clone(), "balkans-1912", true);
    let bot = proposer(port, stop.clone());
    // A lobby the host starts: one student ready, one not yet.
    let (lobby_port, lobby) = serve(stop.clone(), "classic", false);
    let sitters = [
        sitter(lobby_port, stop.clone(), "Ada", "ENGLAND", true),
        sitter(lobby_port, stop.clone(), "Bo", "ITALY", false),
    ];

    let run = |port: u16, dir: &Path, extra: &[&str], code: &str| -> ExitStatus {
        let started = Instant::now();
        let mut child = Command::new("xvfb-run")
            .args(["-a", "-s", "-screen 0 1400x900x24"])
            .arg(env!("CARGO_BIN_EXE_entente-client"))
            .args(["--host", "127.0.0.1", "--port", &port.to_string()])
            .args(["--code", code])
            .args(extra)
            .args(["--size", "1400x900", "--autotest-timeout", "170"])
            .arg("--autotest")
            .arg(dir)
            .arg("--data-dir")
            .arg(&data)
            .env("RUST_LOG", "warn")
            .spawn()
            .expect("xvfb-run starts");
        let status = loop {
            if let Some(s) = child.try_wait().unwrap() {
                break s;
            }
            if started.elapsed() > Duration::from_secs(240) {
                let _ = child.kill();
                panic!("the client did not finish in 240 s");
            }
            std::thread::sleep(Duration::from_millis(100));
        };
        println!(
            "client {extra:?} finished in {:.1} s: {status}",
            started.elapsed().as_secs_f64()
        );
        status
    };
    // A student: France, with a proposal from the bot at Germany.
    let player = run(
        port,
        &dir,
        &[
            "--name",
            "Tester",
            "--seat",
            "FRANCE",
            "--autotest-proposal",
        ],
        CODE,
    );
    // The host: another state's lens, the debrief, every seat's orders, the paused clock.
    let host = run(
        port,
        &dir,
        &["--name", "Teacher", "--host-key", "teacher"],
        CODE,
    );
    // The host in a lobby: each seat's readiness.
    let host_lobby = run(
        lobby_port,
        &dir,
        &[
            "--name",
            "Teacher",
            "--host-key",
            "teacher",
            "--autotest-lobby",
        ],
        CODE,
    );
    // A wrong code: refused on the connect screen.
    let refused = run(port, &dir, &["--name", "Mallory"], "WRONG");
    // A student on the Balkans map.
    let serbia = run(
        balkans_port,
        &balkans_dir,
        &["--name", "Pasic", "--seat", "SERBIA"],
        CODE,
    );
    stop.store(true, Ordering::Relaxed);
    server.join().unwrap();
    balkans.join().unwrap();
    lobby.join().unwrap();
    for s in sitters {
        s.join().unwrap();
    }
    let proposed = bot.join().unwrap();
    assert!(proposed, "the bot never got to propose");
    assert!(player.success(), "the scripted player failed: {player}");
    assert!(host.success(), "the scripted host failed: {host}");
    assert!(
        host_lobby.success(),
        "the scripted host in the lobby failed: {host_lobby}"
    );
    assert!(
        serbia.success(),
        "the scripted Balkans player failed: {serbia}"
    );
    assert_eq!(refused.code(), Some(3), "a wrong code must fail: {refused}");
    assert!(dir.join("00-refused.png").exists());
    let debriefs = data.join("debriefs");
    let html: Vec<_> = std::fs::read_dir(&debriefs)
        .unwrap_or_else(|e| panic!("{}: {e}", debriefs.display()))
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .collect();
    assert!(
        !html.is_empty(),
        "no debrief saved in {}",
        debriefs.display()
    );
    // Written mid-game, it says the game goes on rather than that nobody won.
    let text = std::fs::read_to_string(html[0].path()).unwrap();
    assert!(
        text.contains("No winner yet") && !text.contains("Nobody won"),
        "a mid-game debrief reads as the end of the game"
    );

    let shots = [
        "01a-proposal.png",
        "01b-proposal-accepted.png",
        "01-map-orders.png",
        "02-results.png",
        "03-lens-threat-to-us.png",
        "04-lens-how-they-see-us.png",
        "04b-diplomacy.png",
        "05-host-lens-of-another-state.png",
        "05b-host-orders-without-a-seat.png",
        "06-host-panel-and-debrief.png",
        "07a-paused.png",
        "07b-paused-3s-later.png",
        "08-host-lobby.png",
    ];
    for name in shots {
        let img = read_png(&dir.join(name));
        assert!(
            img.width >= 800 && img.height >= 600,
            "{name}: {}x{}",
            img.width,
            img.height
        );
        let d = distinct(&img);
        assert!(d > 200, "{name} looks blank: {d} colours");
    }
    for name in [
        "01-map-orders.png",
        "02-results.png",
        "03-lens-threat-to-us.png",
    ] {
        let img = read_png(&balkans_dir.join(name));
        assert!(distinct(&img) > 200, "balkans {name} looks blank");
    }
    // The connect screen is mostly plain, but it has the form and the reason on it.
    assert!(
        distinct(&read_png(&dir.join("00-refused.png"))) > 20,
        "the refusal screen looks blank"
    );

    // Every state on the map in its colour; the legend hides no province.
    check_map("classic", "classic", &dir.join("01-map-orders.png"), 400);
    check_map(
        "balkans",
        "balkans-1912",
        &balkans_dir.join("01-map-orders.png"),
        150,
    );

    // The proposal shows over the map at once, and goes once answered.
    let edge = rgb!(PROPOSAL_EDGE);
    let before = count(&read_png(&dir.join("01a-proposal.png")), edge);
    let after = count(&read_png(&dir.join("01b-proposal-accepted.png")), edge);
    println!("proposal window edge: {before} pixels, then {after}");
    assert!(
        before >= 400,
        "no proposal window: {before} pixels of its edge"
    );
    assert!(
        after < 50,
        "the proposal window stayed after the answer: {after}"
    );

    // The results view opened by itself: its banner, and each successful move's arrow in green
    // along the way from its unit to its target.
    let png = dir.join("02-results.png");
    let img = read_png(&png);
    let g = read_geometry(&png);
    let banner = count(&img, rgb!(RESULTS_BANNER));
    assert!(banner >= 2000, "no results banner: {banner} pixels");
    let done = rgb!(DONE);
    let mut checked = 0;
    for (order, succeeded, a, b) in &g.moves {
        let along = |t: f32| (a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t);
        let green: usize = [0.4f32, 0.5, 0.6]
            .iter()
            .map(|t| {
                let (x, y) = along(*t);
                img.around(x, y, 3, done, 12)
            })
            .sum();
        println!("{order}: succeeded {succeeded}, {green} green pixels along it");
        if *succeeded {
            assert!(green >= 6, "{order} succeeded but its arrow is not green");
            checked += 1;
        }
    }
    assert!(
        checked > 0,
        "no successful move in the results: {:?}",
        g.moves
    );

    // The lens repaints the map on its absolute scale: ramp colours and our own blue.
    let map = read_png(&dir.join("01-map-orders.png"));
    let lens_img = read_png(&dir.join("03-lens-threat-to-us.png"));
    let changed = map
        .pixels
        .iter()
        .zip(&lens_img.pixels)
        .filter(|(a, b)| !close(**a, **b, 3))
        .count();
    assert!(
        changed > map.pixels.len() / 20,
        "the lens changed only {changed} pixels"
    );
    let ramp: usize = (0..=100)
        .map(|i| lens::ramp(i as f32 / 100.0))
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .map(|c| count(&lens_img, c))
        .sum();
    assert!(ramp >= 3000, "the lens's colours cover only {ramp} pixels");
    assert!(
        count(&lens_img, lens::SELF_COLOUR) >= 400,
        "no 'us' on the lens"
    );

    // Paused: the clock in the status bar shows the same time three seconds later. Only the
    // bar's own 22 rows are compared: the server's notices at the bottom expire after a few
    // seconds, and the map's frame just below the bar moves when their panel shrinks.
    let a = read_png(&dir.join("07a-paused.png"));
    let b = read_png(&dir.join("07b-paused-3s-later.png"));
    let strip = a.width * 22;
    let differ = a.pixels[..strip]
        .iter()
        .zip(&b.pixels[..strip])
        .filter(|(p, q)| p != q)
        .count();
    assert_eq!(
        differ, 0,
        "the status bar changed while paused ({differ} pixels)"
    );
    // The host's lobby: a ready mark for England's seat and a not-ready one for Italy's, in the
    // side panel (a 14-point square each, in colours no state has).
    let img = read_png(&dir.join("08-host-lobby.png"));
    let side = |c: [u8; 3]| {
        let mut n = 0;
        for y in 30..img.height {
            for x in 0..(entente_client::ui::SIDE_WIDTH as usize).min(img.width) {
                if close(img.pixels[y * img.width + x], c, 4) {
                    n += 1;
                }
            }
        }
        n
    };
    let (ready, not_ready) = (side(rgb!(READY)), side(rgb!(NOT_READY)));
    println!("host lobby: {ready} pixels of the ready mark, {not_ready} of the not-ready one");
    assert!(ready >= 150, "no seat shown ready in the host's lobby");
    assert!(
        not_ready >= 150,
        "no seat shown not ready in the host's lobby"
    );
    println!("screenshots: {}", dir.display());
}
