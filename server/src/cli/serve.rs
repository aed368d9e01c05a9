//! `entente-server serve` (the default): hosts one game on the LAN.

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use entente_server::app::{StopRequest, server_app_with};
use entente_server::net::lan_addresses;
use entente_server::persist::Journal;
use entente_server::session::{Entry, Session, Settings};
use entente_server::turn::computer::ComputerKind;
use rand::TryRngCore;

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Scenario name (a file in assets/scenarios) or path to a scenario file.
    #[arg(long, default_value = "classic")]
    scenario: String,
    /// Seed of the computer players: the same seed and the same orders give the same game.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// UDP port to listen on.
    #[arg(long, default_value_t = 5151)]
    port: u16,
    /// Address to listen on (all interfaces by default, so the LAN can join).
    #[arg(long, default_value = "0.0.0.0")]
    bind: IpAddr,
    /// Join code students must give (a random one if not given).
    #[arg(long)]
    code: Option<String>,
    /// Key that makes a client the host (a random one if not given).
    #[arg(long)]
    host_key: Option<String>,
    /// Seconds on the clock for a movement phase while people play.
    #[arg(long, default_value_t = 300)]
    movement_secs: u32,
    /// Seconds for a retreat phase while people play.
    #[arg(long, default_value_t = 60)]
    retreat_secs: u32,
    /// Seconds for a winter (builds and removals) phase while people play.
    #[arg(long, default_value_t = 60)]
    adjustment_secs: u32,
    /// Milliseconds a phase lasts while nobody is seated, so a watcher can follow.
    #[arg(long, default_value_t = 1000)]
    pace_ms: u64,
    /// Seconds a seat whose players have all left waits before the computer plays it.
    #[arg(long, default_value_t = 60)]
    grace_secs: u32,
    /// Seconds a seat's players have to answer a proposal before it lapses as refused (0: until
    /// the phase ends).
    #[arg(long, default_value_t = 0)]
    answer_secs: u32,
    /// Wait in the lobby until the host starts the game (seated players say Ready, and the host
    /// sees who is).
    #[arg(long)]
    lobby: bool,
    /// With --lobby: start the game by itself once every seated player is ready.
    #[arg(long)]
    start_when_ready: bool,
    /// Let anyone join a seat people already hold (by default its players or the host approve).
    #[arg(long)]
    open_teams: bool,
    /// Who plays the seats nobody takes.
    #[arg(long, value_enum, default_value_t = ComputerKind::Doctrine)]
    computer: ComputerKind,
    /// Doctrine of a computer state, `STATE=NAME`, or `NAME` for every state (repeatable).
    #[arg(long)]
    doctrine: Vec<String>,
    /// Keep a seat for a named player, `NAME=STATE` (repeatable): the server prints a code for
    /// each, which the student gives instead of the join code to take the seat.
    #[arg(long)]
    seat: Vec<String>,
    /// Most players at one seat.
    #[arg(long, default_value_t = 8)]
    team_size: usize,
    /// Folder where game records are written.
    #[arg(long, default_value = "saves")]
    save_dir: PathBuf,
    /// Continue a saved game: the given record, or the latest in the save folder.
    #[arg(long, num_args = 0..=1, default_missing_value = "latest")]
    resume: Option<String>,
    /// Stop the server when the game is over.
    #[arg(long)]
    exit_when_over: bool,
    /// Turn off encryption: clients connect without a ticket and packets travel in clear (only
    /// on a network you trust, or for old clients). By default the server hands out connect
    /// tokens over TCP on the same port to clients that know the join code.
    #[arg(long)]
    insecure: bool,
}

/// A code people can read aloud and type: no 0/O or 1/I.
fn random_code(len: usize) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut bytes = vec![0u8; len];
    rand::rngs::OsRng
        .try_fill_bytes(&mut bytes)
        .expect("the operating system gives random bytes");
    bytes
        .iter()
        .map(|b| ALPHABET[*b as usize % ALPHABET.len()] as char)
        .collect()
}

fn pair(text: &str, what: &str) -> Result<(String, String), String> {
    text.split_once('=')
        .map(|(a, b)| (a.trim().to_string(), b.trim().to_string()))
        .ok_or_else(|| format!("`{text}`: write {what}"))
}

/// The served game's log, through `tracing`: what happens in the game as plain lines on standard
/// output (what the host reads, and what a class's projector shows), warnings marked `WARN` on
/// standard error.
fn start_log() {
    use tracing_subscriber::filter::{LevelFilter, filter_fn};
    use tracing_subscriber::prelude::*;
    let game = tracing_subscriber::fmt::layer()
        .with_writer(std::io::stdout)
        .without_time()
        .with_target(false)
        .with_level(false)
        .with_ansi(false)
        .with_filter(filter_fn(|m| *m.level() == tracing::Level::INFO));
    let warnings = tracing_subscriber::fmt::layer()
        .with_writer(std::io::stderr)
        .without_time()
        .with_target(false)
        .with_ansi(false)
        .with_filter(LevelFilter::WARN);
    // Already set (a second server in one process): the first one's log serves.
    let _ = tracing_subscriber::registry()
        .with(game)
        .with(warnings)
        .try_init();
}

pub fn run(args: ServeArgs) -> Result<ExitCode, String> {
    start_log();
    // Known in clear only here: the record keeps its hash.
    let host_key = match (&args.resume, &args.host_key) {
        (None, Some(k)) => Some(k.clone()),
        (None, None) => Some(random_code(10)),
        (Some(_), _) => None,
    };
    let (session, journal) = match &args.resume {
        Some(which) => {
            let path = if which == "latest" {
                Journal::latest(&args.save_dir).map_err(|e| e.to_string())?
            } else {
                PathBuf::from(which)
            };
            let (journal, entries) = Journal::open(&path).map_err(|e| e.to_string())?;
            let session = Session::replay(&entries).map_err(|e| e.to_string())?;
            // A resumed game keeps the code it began with: a different one would only shut out
            // the class that has it.
            if let Some(code) = &args.code
                && !session.is_join_code(code)
            {
                return Err(format!(
                    "--code {code} is not this game's join code: a resumed game keeps the code \
                     it began with (leave --code out to resume it)"
                ));
            }
            println!(
                "Resuming {} ({} entries): {} at {}",
                path.display(),
                entries.len(),
                session.game().scenario().name,
                session.phase_name()
            );
            (session, journal)
        }
        None => {
            let doctrines = args
                .doctrine
                .iter()
                .map(|d| match d.split_once('=') {
                    Some(_) => pair(d, "STATE=DOCTRINE"),
                    None => Ok(("*".to_string(), d.clone())),
                })
                .collect::<Result<Vec<_>, _>>()?;
            let reserved = args
                .seat
                .iter()
                .map(|s| pair(s, "NAME=STATE"))
                .collect::<Result<Vec<_>, _>>()?;
            let settings = Settings {
                scenario: args.scenario.clone(),
                seed: args.seed,
                join_code: args.code.clone().unwrap_or_else(|| random_code(6)),
                host_key: host_key.clone().unwrap_or_default(),
                movement_secs: args.movement_secs,
                retreat_secs: args.retreat_secs,
                adjustment_secs: args.adjustment_secs,
                pace_ms: args.pace_ms,
                grace_secs: args.grace_secs,
                answer_secs: args.answer_secs,
                lobby: args.lobby,
                computer: args.computer,
                doctrines,
                reserved,
                team_size: args.team_size.max(1),
                open_teams: args.open_teams,
                start_when_ready: args.start_when_ready,
                ..Settings::default()
            };
            let mut session = Session::new(settings).map_err(|e| e.to_string())?;
            let first: Vec<Entry> = session.take_unwritten();
            let (journal, trouble) = Journal::create_or_wait(&args.save_dir, args.seed, &first);
            if let Some(e) = trouble {
                let line = format!(
                    "WARNING: the game record cannot be written in {} ({e}); the game goes on \
                     in memory, and the server tries again every {} s. Free some space or fix \
                     the save folder: until then a crash of the server would lose the game.",
                    args.save_dir.display(),
                    entente_server::persist::RETRY.as_secs()
                );
                session.record_trouble(Some(line));
            }
            (session, journal)
        }
    };
    let settings = session.settings().clone();
    let session_codes = session.seat_codes();
    // After a resume only a --code that matched the record's hash is known in clear.
    let join_code = session
        .join_code()
        .map(str::to_string)
        .or_else(|| args.code.as_deref().map(|c| c.trim().to_string()));
    let record = journal.path().display().to_string();
    let bind = SocketAddr::new(args.bind, args.port);
    let (mut app, addr) = server_app_with(session, Some(journal), bind, true, !args.insecure)
        .map_err(|e| format!("cannot listen on {bind}: {e}"))?;
    let lan: Vec<String> = if args.bind.is_unspecified() {
        lan_addresses()
            .into_iter()
            .map(|ip| format!("{ip}:{}", addr.port()))
            .collect()
    } else {
        vec![addr.to_string()]
    };
    println!("Entente server listening on {addr}");
    if lan.is_empty() {
        println!(
            "  students connect to this machine's address, port {}",
            addr.port()
        );
    } else {
        println!("  students connect to {}", lan.join(" or "));
    }
    match &join_code {
        Some(code) => println!("  join code: {code}"),
        None => println!(
            "  join code: the same as when the game began (the record keeps only its hash, so \
             it is not shown)"
        ),
    }
    if args.insecure {
        println!("  security:  off (--insecure): packets travel unencrypted");
    } else {
        println!(
            "  security:  encrypted; tickets on TCP port {}",
            addr.port()
        );
    }
    match &host_key {
        Some(key) => println!("  host key:  {key} (keep it to yourself)"),
        None => println!(
            "  host key:  the one printed when the game began (the record keeps only its hash)"
        ),
    }
    let codes = session_codes;
    for (name, state, code) in &codes {
        println!(
            "  seat:      {name}: {state}, code {code} (for {name} only, instead of the join code)"
        );
    }
    if codes.is_empty() && !settings.reserved.is_empty() {
        for (name, state) in &settings.reserved {
            println!("  seat:      {name}: {state}, with the code printed when the game began");
        }
    }
    if settings.open_teams {
        println!("  teams:     open (anyone may join a seat people hold)");
    } else {
        println!(
            "  teams:     joining a seat people hold needs its players' or the host's approval"
        );
    }
    println!("  record:    {record} (continue it with --resume)");
    // Ctrl-C or SIGTERM: tell the clients and stop cleanly (the record is already on disk).
    let stop = StopRequest::default();
    let flag = stop.0.clone();
    ctrlc::set_handler(move || flag.store(true, std::sync::atomic::Ordering::Relaxed))
        .map_err(|e| format!("cannot handle Ctrl-C: {e}"))?;
    app.insert_resource(stop);
    if args.exit_when_over {
        app.add_systems(
            bevy::prelude::Last,
            |session: bevy::prelude::Res<Session>,
             mut exit: bevy::prelude::MessageWriter<bevy::prelude::AppExit>| {
                if session.stage() == entente_shared::protocol::SessionState::Over {
                    exit.write(bevy::prelude::AppExit::Success);
                }
            },
        );
    }
    app.run();
    println!("Stopped. The record is {record}; continue with --resume.");
    Ok(ExitCode::SUCCESS)
}
