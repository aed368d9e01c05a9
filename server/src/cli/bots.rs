//! `entente-server bots --connect HOST:PORT --code C --count N`: computer players that join a
//! live server as clients, like people would, to fill a class's empty seats or to load-test a
//! server. Each takes a free seat (or, when none is free, joins a team or watches), keeps its own
//! copy of the game from the results the server publishes, and plays by its doctrine.

use std::net::{SocketAddr, ToSocketAddrs};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};

use clap::Args;
use entente_server::net::bot::Bot;
use entente_shared::play::{
    Command, ComputerPlayer, Doctrinal, Door, GivenOrder, Match, scenario_doctrines,
};
use entente_shared::protocol::{ClientMsg, ServerMsg, SessionState};
use entente_shared::rules::Game;
use entente_shared::scenario::Scenario;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

#[derive(Debug, Args)]
pub struct BotsArgs {
    /// The server, as HOST:PORT.
    #[arg(long)]
    connect: String,
    /// The join code.
    #[arg(long)]
    code: String,
    /// How many bots.
    #[arg(long, default_value_t = 1)]
    count: usize,
    /// Stop after this many phases played with every bot seated (default: play to the end).
    #[arg(long)]
    phases: Option<usize>,
    /// Seed of the bots' own choices.
    #[arg(long, default_value_t = 1)]
    seed: u64,
}

/// One bot and what it knows.
struct Player {
    bot: Bot,
    name: String,
    seat: Option<String>,
    /// Whether the server lists it among a seat's players (asking for a seat is not sitting).
    sat: bool,
    /// The bot's own match, following the boards and results the server publishes.
    table: Option<Match>,
    rng: ChaCha8Rng,
}

pub fn run(args: BotsArgs) -> Result<ExitCode, String> {
    let server: SocketAddr = args
        .connect
        .to_socket_addrs()
        .map_err(|e| format!("{}: {e}", args.connect))?
        .next()
        .ok_or_else(|| format!("{}: no address", args.connect))?;
    let mut players = Vec::new();
    for k in 0..args.count {
        let (bot, name) = join(server, &args.code, k)?;
        players.push(Player {
            bot,
            name,
            seat: None,
            sat: false,
            table: None,
            rng: ChaCha8Rng::seed_from_u64(args.seed.wrapping_add(k as u64)),
        });
    }
    let mut scenario: Option<Arc<Scenario>> = None;
    let mut phases = 0;
    // Phases resolved before every bot sat (they do not count, up to a limit).
    let mut before_seated = 0;
    let mut idle_since = Instant::now();
    loop {
        let mut busy = false;
        for k in 0..players.len() {
            players[k].bot.update();
            let inbox = std::mem::take(&mut players[k].bot.inbox);
            for (_, msg) in inbox {
                busy = true;
                let everyone_sat = players.iter().all(|q| q.sat);
                let p = &mut players[k];
                match msg {
                    ServerMsg::Welcome {
                        scenario_source, ..
                    } if scenario.is_none() => {
                        let s = Scenario::load(&scenario_source).map_err(|e| e.to_string())?;
                        scenario = Some(Arc::new(s));
                    }
                    ServerMsg::JoinRefused { reason } | ServerMsg::Refused { reason } => {
                        eprintln!("{}: {reason}", p.name);
                    }
                    ServerMsg::Seats { seats } => {
                        p.sat = seats.iter().any(|s| s.players.contains(&p.name));
                        if p.seat.is_some() {
                            continue;
                        }
                        // Bots spread over the free seats (bot k takes the k-th free one); when
                        // there are more bots than free seats, the rest join teams.
                        let free: Vec<_> = seats.iter().filter(|s| s.players.is_empty()).collect();
                        let pick = if free.is_empty() {
                            seats.get(k % seats.len().max(1))
                        } else {
                            Some(free[k % free.len()])
                        };
                        if let Some(s) = pick {
                            p.bot.send(&ClientMsg::TakeSeat {
                                state: s.state.clone(),
                            });
                            p.seat = Some(s.state.clone());
                        }
                    }
                    ServerMsg::Phase {
                        phase,
                        session: SessionState::Playing,
                        to_order,
                        board,
                        ..
                    } => {
                        let (Some(sc), Some(seat)) = (&scenario, &p.seat) else {
                            continue;
                        };
                        // The board as the server shows it is the truth: the game may have been
                        // running long before the bot joined.
                        let Some(game) = game_from_board(sc, &phase, &board) else {
                            eprintln!("{}: could not read the board of {phase}", p.name);
                            continue;
                        };
                        let follows = p.table.as_ref().is_some_and(|t| {
                            t.game().phase() == game.phase()
                                && t.game().position() == game.position()
                        });
                        if !follows {
                            let doctrines = scenario_doctrines(sc, None);
                            p.table = Some(Match::new(game, doctrines, false));
                        }
                        if !to_order.contains(seat) {
                            continue;
                        }
                        let (Some(table), Some(state)) = (&p.table, sc.find_state(seat)) else {
                            continue;
                        };
                        let orders: Vec<String> = Doctrinal
                            .orders(table, &[state], &mut p.rng)
                            .iter()
                            .map(|(_, c)| c.order.display(&sc.map).to_string())
                            .collect();
                        p.bot.send(&ClientMsg::SubmitOrders { phase, orders });
                    }
                    ServerMsg::PhaseResult { orders, .. } => {
                        let (Some(sc), Some(table)) = (&scenario, &mut p.table) else {
                            continue;
                        };
                        // The phase's results go through the bot's own match loop, which keeps
                        // the acts they reveal.
                        for s in sc.state_ids() {
                            let given = orders
                                .iter()
                                .filter(|o| sc.find_state(&o.state) == Some(s))
                                .map(|o| GivenOrder {
                                    order: o.order.clone(),
                                    reason: None,
                                })
                                .collect();
                            table.commit(Command::Orders {
                                state: s.0,
                                orders: given,
                            });
                        }
                        let phase = table.game().phase();
                        table.commit(Command::Resolve);
                        if k == 0 {
                            // A server with nobody seated plays a phase a second, so several may
                            // pass while the bots sit down one by one: the phases counted are
                            // those every bot played, after a few at most (a seat refused must
                            // not hold the bots forever).
                            if everyone_sat || before_seated >= 5 {
                                phases += 1;
                            } else {
                                before_seated += 1;
                            }
                            println!("{phase}: {} orders", orders.len());
                        }
                    }
                    ServerMsg::GameOver { text } if k == 0 => {
                        println!("{text}");
                        return Ok(ExitCode::SUCCESS);
                    }
                    _ => {}
                }
            }
        }
        if args.phases.is_some_and(|n| phases >= n) {
            // A seat asked for just before the last phase ended may not be answered yet: the
            // answer is waited for (briefly), so that the count is of seats really given.
            let until = Instant::now() + Duration::from_secs(3);
            while players.iter().any(|p| p.seat.is_some() && !p.sat) && Instant::now() < until {
                for p in &mut players {
                    p.bot.update();
                    for (_, msg) in std::mem::take(&mut p.bot.inbox) {
                        if let ServerMsg::Seats { seats } = msg {
                            p.sat = seats.iter().any(|s| s.players.contains(&p.name));
                        }
                    }
                }
                std::thread::sleep(Duration::from_millis(2));
            }
            let seated = players.iter().filter(|p| p.sat).count();
            let asked = players
                .iter()
                .filter(|p| p.seat.is_some() && !p.sat)
                .count();
            print!("{seated} bots seated; {phases} phases played");
            if asked > 0 {
                print!(" ({asked} asked for a seat the server did not give)");
            }
            println!();
            for p in &mut players {
                p.bot.disconnect();
                p.bot.update();
            }
            return Ok(ExitCode::SUCCESS);
        }
        if busy {
            idle_since = Instant::now();
        } else if idle_since.elapsed() > Duration::from_secs(120) {
            return Err("no word from the server for two minutes".into());
        }
        if players.iter().all(|p| p.bot.is_disconnected()) {
            return Err("the server closed every connection".into());
        }
        std::thread::sleep(Duration::from_millis(2));
    }
}

/// Connects bot `k` and joins under a name nobody holds: `bot-3`, or `bot-3-2` ... when the
/// name is taken (by a bot of an earlier run the server still counts as there).
fn join(server: SocketAddr, code: &str, k: usize) -> Result<(Bot, String), String> {
    for attempt in 1..=20 {
        let name = match attempt {
            1 => format!("bot-{}", k + 1),
            n => format!("bot-{}-{n}", k + 1),
        };
        let mut bot = Bot::connect(server, code).map_err(|e| e.to_string())?;
        if !bot.wait_connected(Duration::from_secs(10)) {
            return Err(format!("bot {} could not connect to {server}", k + 1));
        }
        bot.hello(&name, code, None, None);
        let until = Instant::now() + Duration::from_secs(10);
        loop {
            bot.update();
            let refused = bot.inbox.iter().find_map(|(_, m)| match m {
                ServerMsg::JoinRefused { reason } => Some(reason.clone()),
                _ => None,
            });
            match refused {
                Some(reason) if reason.contains("is taken") => {
                    bot.disconnect();
                    bot.update();
                    break;
                }
                Some(reason) => return Err(format!("{name}: {reason}")),
                None => {}
            }
            // The welcome stays in the inbox for the main loop (it names the scenario).
            if bot
                .inbox
                .iter()
                .any(|(_, m)| matches!(m, ServerMsg::Welcome { .. }))
            {
                return Ok((bot, name));
            }
            if Instant::now() > until || bot.is_disconnected() {
                return Err(format!("{name}: the server did not answer its hello"));
            }
            std::thread::sleep(Duration::from_millis(2));
        }
    }
    Err(format!(
        "bot {}: twenty names tried, every one taken",
        k + 1
    ))
}

/// Rebuilds a game at `phase` from the board a server sent.
fn game_from_board(
    scenario: &Arc<Scenario>,
    phase: &str,
    board: &entente_shared::protocol::Board,
) -> Option<Game> {
    use entente_shared::rules::{Dislodged, Phase, Position, Unit, UnitKind};
    let map = &scenario.map;
    let phase = Phase::parse(phase)?;
    let place = |at: &str| -> Option<entente_shared::map::LocId> {
        match at.split_once('/') {
            Some((p, c)) => map.coast(map.find(p)?, c),
            None => map.find(at).map(|p| p.loc()),
        }
    };
    let unit = |v: &entente_shared::protocol::UnitView| -> Option<Unit> {
        let state = scenario.find_state(&v.state)?;
        let kind = if v.kind == 'F' {
            UnitKind::Fleet
        } else {
            UnitKind::Army
        };
        Some(Unit {
            state,
            kind,
            loc: place(&v.at)?,
        })
    };
    let mut position = Position::empty(map);
    for v in &board.units {
        let u = unit(v)?;
        position.units[map.province_of(u.loc).index()] = Some(u);
    }
    for (province, owner) in &board.centres {
        position.owners[map.find(province)?.index()] = Some(scenario.find_state(owner)?);
    }
    for d in &board.dislodged {
        let u = unit(&d.unit)?;
        position.dislodged.push(Dislodged {
            unit: u,
            attacker_from: map.province_of(u.loc),
            retreats: d.retreats.iter().filter_map(|r| place(r)).collect(),
        });
    }
    Some(Game::from_position(scenario.clone(), phase, position))
}
