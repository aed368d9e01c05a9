//! `entente-server measure`: a server under a class's load, over loopback only.
//!
//! Starts this same program as a server (`serve`) on 127.0.0.1 with short phase clocks, connects
//! the given number of bot clients (teams at most seats, one team that never submits so that
//! every phase runs to its deadline, and a few seats left to the computer players, whose planning
//! is part of the time measured), and reports for each phase the time from the deadline to the
//! last client holding the result, the bytes each client received, and the server's memory.

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::process::{Child, Command, ExitCode, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use clap::Args;
use entente_server::net::bot::Bot;
use entente_shared::protocol::{ClientMsg, ServerMsg};

#[derive(Debug, Args)]
pub struct MeasureArgs {
    /// Clients to connect (at most 120).
    #[arg(long, default_value_t = 40)]
    clients: usize,
    /// Phases ended by the clock to measure.
    #[arg(long, default_value_t = 10)]
    phases: usize,
    /// Seconds on each phase's clock.
    #[arg(long, default_value_t = 2)]
    phase_secs: u32,
    /// Seats left to the computer players (they plan their orders as each phase begins).
    #[arg(long, default_value_t = 2)]
    computer_seats: usize,
    /// Observers to connect besides the clients (they watch; every one must get every result).
    #[arg(long, default_value_t = 0)]
    observers: usize,
    /// Play the whole game (until it is over) instead of a number of phases.
    #[arg(long)]
    whole_game: bool,
    /// Print one line per phase.
    #[arg(long)]
    verbose: bool,
}

/// The server child process, stopped when dropped.
struct ServerProcess(Child);

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn unix_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default()
        .as_millis() as u64
}

/// `VmRSS` and `VmHWM` of a process, in KiB.
fn memory_kib(pid: u32) -> Option<(u64, u64)> {
    let text = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let field = |name: &str| {
        text.lines()
            .find(|l| l.starts_with(name))?
            .split_whitespace()
            .nth(1)?
            .parse()
            .ok()
    };
    Some((field("VmRSS:")?, field("VmHWM:")?))
}

/// Hold orders for every unit of `state` (or disbands in a retreat phase).
fn hold_orders(msg: &ServerMsg, state: &str) -> Vec<String> {
    let ServerMsg::Phase { phase, board, .. } = msg else {
        return Vec::new();
    };
    if phase.ends_with('M') {
        board
            .units
            .iter()
            .filter(|u| u.state == state)
            .map(|u| format!("{} {} H", u.kind, u.at))
            .collect()
    } else if phase.ends_with('R') {
        board
            .dislodged
            .iter()
            .filter(|d| d.unit.state == state)
            .map(|d| format!("{} {} D", d.unit.kind, d.unit.at))
            .collect()
    } else {
        Vec::new()
    }
}

struct Seated {
    bot: Bot,
    state: String,
    /// Gives orders (one team never does, so that phases run to the deadline).
    submits: bool,
}

pub fn run(args: MeasureArgs) -> Result<ExitCode, String> {
    if args.clients == 0 || args.clients + args.observers > 120 {
        return Err("measure with 1 to 120 clients and observers in all".into());
    }
    if args.phases == 0 && !args.whole_game {
        return Err("--phases 0 measures nothing: give 1 or more (or --whole-game)".into());
    }
    let dir = std::env::temp_dir().join(format!("entente-measure-{}", std::process::id()));
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let secs = args.phase_secs.max(1).to_string();
    let mut child = Command::new(exe)
        .args([
            "serve",
            "--bind",
            "127.0.0.1",
            "--port",
            "0",
            "--code",
            "MEASURE",
            "--host-key",
            "measure-host",
            "--team-size",
            "120",
            "--movement-secs",
            &secs,
            "--retreat-secs",
            &secs,
            "--adjustment-secs",
            &secs,
            "--save-dir",
        ])
        .arg(&dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .map_err(|e| format!("cannot start the server: {e}"))?;
    let stdout = child.stdout.take().expect("piped");
    let server = ServerProcess(child);
    let pid = server.0.id();
    let mut lines = BufReader::new(stdout).lines();
    let addr: SocketAddr = loop {
        let line = lines
            .next()
            .ok_or("the server stopped before listening")?
            .map_err(|e| e.to_string())?;
        if let Some(rest) = line.strip_prefix("Entente server listening on ") {
            break rest.trim().parse().map_err(|e| format!("{rest}: {e}"))?;
        }
    };
    // Keep reading the server's log so that it never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    let (_, idle_hwm) = memory_kib(pid).unwrap_or_default();

    // Connect and seat everyone, a team at every seat.
    let mut bots: Vec<Seated> = Vec::new();
    let mut states: Vec<String> = Vec::new();
    for i in 0..args.clients {
        let mut bot = Bot::connect(addr, "MEASURE").map_err(|e| e.to_string())?;
        if !bot.wait_connected(Duration::from_secs(5)) {
            return Err(format!("client {i} could not connect"));
        }
        bot.hello(&format!("bot{i}"), "MEASURE", None, None);
        let welcome = bot
            .wait_for(Duration::from_secs(5), |m| {
                matches!(m, ServerMsg::Welcome { .. } | ServerMsg::JoinRefused { .. })
            })
            .ok_or(format!("client {i} was not welcomed"))?;
        if states.is_empty()
            && let ServerMsg::Welcome { states: s, .. } = &welcome
        {
            states = s.iter().map(|s| s.code.clone()).collect();
        }
        if states.is_empty() {
            return Err(format!("client {i}: {welcome:?}"));
        }
        let people = states.len().saturating_sub(args.computer_seats).max(1);
        let state = states[i % people].clone();
        bot.send(&ClientMsg::TakeSeat {
            state: state.clone(),
        });
        bots.push(Seated {
            bot,
            state,
            submits: i % people != people - 1,
        });
    }
    for i in 0..args.observers {
        let mut bot = Bot::connect(addr, "MEASURE").map_err(|e| e.to_string())?;
        if !bot.wait_connected(Duration::from_secs(5)) {
            return Err(format!("observer {i} could not connect"));
        }
        bot.hello(&format!("watcher{i}"), "MEASURE", None, None);
        bot.wait_for(Duration::from_secs(5), |m| {
            matches!(m, ServerMsg::Welcome { .. })
        })
        .ok_or(format!("observer {i} was not welcomed"))?;
        bots.push(Seated {
            bot,
            state: String::new(),
            submits: false,
        });
    }
    let mut pumped = Instant::now();
    for s in bots.iter_mut() {
        s.bot.inbox.clear();
    }

    // Play phases: each bot that submits gives hold orders when a phase begins; everyone notes
    // when the result arrives.
    // When each phase's clock runs out, by phase name (from the first bot's view).
    let mut ends_at: std::collections::HashMap<String, u64> = Default::default();
    let mut phase_name = String::new();
    let mut received: Vec<Option<u64>> = vec![None; bots.len()];
    let mut bytes_at_start: Vec<u64> = bots.iter().map(|b| b.bot.received_bytes).collect();
    let mut latencies: Vec<f64> = Vec::new();
    let mut bytes_per_client: Vec<f64> = Vec::new();
    let mut measured = 0;
    let mut ended_early = 0;
    let mut skipped_first = false;
    let phases = if args.whole_game { 400 } else { args.phases };
    let deadline = Instant::now()
        + Duration::from_secs((phases as u64 + 3) * (args.phase_secs as u64 + 2) + 30);
    let mut peak_rss = 0u64;
    // Results each client received, and whether the game is over (for --whole-game).
    let mut results: Vec<std::collections::BTreeSet<String>> = vec![Default::default(); bots.len()];
    let mut over = false;
    while if args.whole_game {
        !over || received.iter().any(Option::is_some)
    } else {
        measured < args.phases
    } {
        if Instant::now() > deadline {
            return Err(format!("gave up after {measured} phases"));
        }
        for (i, s) in bots.iter_mut().enumerate() {
            s.bot.update();
            let inbox = std::mem::take(&mut s.bot.inbox);
            for (_, msg) in inbox {
                match &msg {
                    ServerMsg::Phase { phase, clock, .. } => {
                        if i == 0
                            && let Some(e) = clock.ends_at_unix_ms
                        {
                            ends_at.insert(phase.clone(), e);
                        }
                        if s.submits {
                            let orders = hold_orders(&msg, &s.state);
                            s.bot.send(&ClientMsg::SubmitOrders {
                                phase: phase.clone(),
                                orders,
                            });
                        }
                    }
                    ServerMsg::GameOver { .. } if i == 0 => over = true,
                    ServerMsg::PhaseResult { phase, .. } => {
                        results[i].insert(phase.clone());
                        received[i] = Some(unix_ms());
                        if i == 0 {
                            phase_name = phase.clone();
                        }
                    }
                    _ => {}
                }
            }
        }
        if received.iter().all(Option::is_some) {
            let last = received.iter().flatten().max().copied().unwrap_or(0);
            let bytes: u64 = bots
                .iter()
                .zip(&bytes_at_start)
                .map(|(b, s)| b.bot.received_bytes - s)
                .sum();
            let per_client = bytes as f64 / bots.len() as f64;
            if skipped_first {
                let latency = ends_at
                    .get(&phase_name)
                    .map(|e| last as f64 - *e as f64)
                    .ok_or(format!("no deadline was announced for {phase_name}"))?;
                // A phase whose orders were all in before the clock ran out ended early: it
                // counts for the bytes, not for the time from the deadline.
                let early = latency < 0.0;
                if args.verbose {
                    if early {
                        println!(
                            "{phase_name}: every order in before the deadline; {per_client:.0} bytes a client"
                        );
                    } else {
                        println!(
                            "{phase_name}: last client had the result {latency:.0} ms after the deadline; {per_client:.0} bytes a client"
                        );
                    }
                }
                if early {
                    ended_early += 1;
                } else {
                    latencies.push(latency);
                    measured += 1;
                }
                bytes_per_client.push(per_client);
            } else {
                // The first phase began while clients were still joining.
                skipped_first = true;
            }
            if let Some((rss, _)) = memory_kib(pid) {
                peak_rss = peak_rss.max(rss);
            }
            received = vec![None; bots.len()];
            bytes_at_start = bots.iter().map(|b| b.bot.received_bytes).collect();
        }
        let spent = pumped.elapsed();
        if spent < Duration::from_millis(1) {
            std::thread::sleep(Duration::from_millis(1) - spent);
        }
        pumped = Instant::now();
    }
    let (rss, hwm) = memory_kib(pid).unwrap_or_default();
    for s in bots.iter_mut() {
        s.bot.disconnect();
    }
    drop(server);
    let _ = std::fs::remove_dir_all(&dir);

    let mut sorted = latencies.clone();
    sorted.sort_by(f64::total_cmp);
    println!(
        "{} clients on loopback, {} phases of {} s ended by the clock ({} more ended early), {} seats played by the computer:",
        args.clients, measured, args.phase_secs, ended_early, args.computer_seats
    );
    // A whole game may end before any phase runs out its clock: nothing to time then.
    match (sorted.first(), sorted.last()) {
        (Some(_), Some(max)) => println!(
            "  deadline to every client holding the result: median {:.0} ms, max {max:.0} ms (wall clock, 1 ms resolution)",
            sorted[sorted.len() / 2]
        ),
        _ => println!("  deadline to every client holding the result: no phase ended by the clock"),
    }
    if !bytes_per_client.is_empty() {
        let mean_bytes = bytes_per_client.iter().sum::<f64>() / bytes_per_client.len() as f64;
        println!("  message bytes received per client per phase: {mean_bytes:.0} (mean)");
    }
    println!(
        "  server memory: {} KiB resident now, {} KiB peak (idle before clients: {} KiB peak)",
        rss.max(peak_rss),
        hwm,
        idle_hwm
    );
    if args.observers > 0 || args.whole_game {
        // The last to join saw the fewest phases; every client must have every one of those.
        let last = results.last().cloned().unwrap_or_default();
        let missed = results
            .iter()
            .filter(|r| !last.iter().all(|p| r.contains(p)))
            .count();
        println!(
            "  {} observers; {} phases{}; {}",
            args.observers,
            last.len(),
            if args.whole_game {
                " (the whole game)"
            } else {
                ""
            },
            if missed == 0 {
                "every client got every phase's result".to_string()
            } else {
                format!("{missed} CLIENTS MISSED A PHASE'S RESULT")
            }
        );
        if missed > 0 {
            return Err("some client missed a phase's result".into());
        }
    }
    Ok(ExitCode::SUCCESS)
}
