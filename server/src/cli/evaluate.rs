//! `entente-server evaluate`: the ladder of computer players (the planner against random,
//! holding, DumbBot and previous-planner seats, one against six and six against one, at every
//! position, with 95% intervals) and the planner's order statistics over computer-only games,
//! checked against issue 17's figures.

use std::collections::BTreeMap;
use std::process::ExitCode;
use std::sync::Arc;

use clap::Args;
use entente_shared::ai::ladder::{Measured, OrderStats, distinct_openings, play_measured};
use entente_shared::doctrine::Doctrine;
use entente_shared::play::{Player, TieEventKind, scenario_doctrines};
use entente_shared::scenario::Scenario;

use crate::batch::stats::wilson;

#[derive(Debug, Args)]
pub struct EvaluateArgs {
    /// Scenario name (a file in assets/scenarios) or path to a scenario file.
    #[arg(long, default_value = "classic")]
    scenario: String,
    /// Games per position and pairing in the ladder (0 leaves the ladder out).
    #[arg(long, default_value_t = 50)]
    per_position: u64,
    /// Computer-only games for the order statistics.
    #[arg(long, default_value_t = 100)]
    games: u64,
    /// First seed; game k uses seed + k.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Make every computer state follow this doctrine.
    #[arg(long)]
    doctrine: Option<String>,
    /// The baselines of the ladder, comma-separated: random, hold, dumbbot, previous.
    #[arg(
        long,
        default_value = "random,hold,dumbbot,previous",
        value_delimiter = ','
    )]
    baselines: Vec<String>,
    /// Only these positions in the ladder, comma-separated state names or codes (default: all).
    #[arg(long, value_delimiter = ',')]
    positions: Vec<String>,
    /// Leave out the six-planners-against-one pairing of the ladder (quicker while exploring).
    #[arg(long)]
    one_only: bool,
    /// Worker threads (default: every core). Results do not depend on it.
    #[arg(long)]
    jobs: Option<usize>,
    /// Also print each one-planner game of the ladder: its seed, the planner's centres after each
    /// autumn, and every state's centres at the end (to see how a position's games are lost).
    #[arg(long)]
    per_game: bool,
}

fn baseline(name: &str) -> Result<Player, String> {
    match name {
        "random" => Ok(Player::Random),
        "hold" => Ok(Player::Hold),
        "dumbbot" => Ok(Player::DumbBot),
        "previous" => Ok(Player::Previous),
        _ => Err(format!(
            "no baseline `{name}`; known: random, hold, dumbbot, previous"
        )),
    }
}

fn label(p: Player) -> &'static str {
    match p {
        Player::Computer => "planner",
        Player::Random => "random",
        Player::Hold => "hold",
        Player::DumbBot => "dumbbot",
        Player::Previous => "previous",
    }
}

/// One game to play: who sits where, whose orders are counted, the seed.
struct Job {
    players: Vec<Player>,
    measured: Vec<bool>,
    seed: u64,
}

/// Plays the jobs on `workers` threads, each game by itself, so results do not depend on the
/// split. A game that panics gives `Err(seed)`.
fn play_all(
    scenario: &Arc<Scenario>,
    doctrine: Option<&'static dyn Doctrine>,
    jobs: &[Job],
    workers: usize,
) -> Vec<Result<Measured, u64>> {
    let chunk = jobs.len().div_ceil(workers.max(1)).max(1);
    std::thread::scope(|scope| {
        let handles: Vec<_> = jobs
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    part.iter()
                        .map(|job| {
                            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                                play_measured(
                                    scenario,
                                    &job.players,
                                    scenario_doctrines(scenario, doctrine),
                                    job.seed,
                                    &job.measured,
                                )
                            }))
                            .map_err(|_| job.seed)
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("worker"))
            .collect()
    })
}

/// `hits` of `n` as a percentage with its Wilson 95% interval.
fn share(hits: u64, n: u64) -> String {
    let (lo, hi) = wilson(hits, n);
    format!(
        "{:5.1}% ({:4.1}–{:5.1})",
        100.0 * hits as f64 / n.max(1) as f64,
        100.0 * lo,
        100.0 * hi
    )
}

/// A figure checked against the target.
struct Check {
    what: String,
    ok: bool,
}

pub fn run(args: EvaluateArgs) -> Result<ExitCode, String> {
    let scenario = Arc::new(Scenario::load(&args.scenario).map_err(|e| e.to_string())?);
    let doctrine = super::doctrine_arg(args.doctrine.as_deref())?;
    let baselines: Vec<Player> = args
        .baselines
        .iter()
        .map(|b| baseline(b.trim()))
        .collect::<Result<_, _>>()?;
    let workers = args
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let n = scenario.states.len();
    let mut positions = Vec::new();
    for s in scenario.state_ids() {
        let st = scenario.state(s);
        if args.positions.is_empty()
            || args.positions.iter().any(|p| {
                let p = p.trim();
                p.eq_ignore_ascii_case(&st.name) || p.eq_ignore_ascii_case(&st.code)
            })
        {
            positions.push(s);
        }
    }
    if positions.is_empty() {
        return Err(format!(
            "no position matches {}; known: {}",
            args.positions.join(","),
            scenario
                .state_ids()
                .map(|s| scenario.state(s).name.clone())
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    let started = std::time::Instant::now();
    let mut checks: Vec<Check> = Vec::new();
    let mut clean = true;
    println!(
        "Evaluating the order planner on {} (seeds from {}, {} games per position and pairing).",
        scenario.name, args.seed, args.per_position
    );
    if args.per_position > 0 {
        for &base in &baselines {
            let b = label(base);
            println!(
                "\n1. The planner against `{b}` seats. Share of games in which a seat has the most centres \
                 (alone), with 95% intervals, and solos."
            );
            println!(
                "   {:<10} {:>32} {:>6}   {:>32} {:>6}",
                "position",
                "one planner vs six: planner leads",
                "solos",
                format!("six planners vs one: {b} leads"),
                "solos"
            );
            let mut one_total = 0;
            let mut six_total = 0;
            let mut games_total = 0;
            for me in positions.iter().copied() {
                let seeds = args.seed..args.seed + args.per_position;
                let mut one = vec![base; n];
                one[me.index()] = Player::Computer;
                let mut measured_one = vec![false; n];
                measured_one[me.index()] = true;
                let mut six = vec![Player::Computer; n];
                six[me.index()] = base;
                let measured_six: Vec<bool> = (0..n).map(|s| s != me.index()).collect();
                let mut jobs: Vec<Job> = seeds
                    .clone()
                    .map(|seed| Job {
                        players: one.clone(),
                        measured: measured_one.clone(),
                        seed,
                    })
                    .collect();
                if !args.one_only {
                    jobs.extend(seeds.map(|seed| Job {
                        players: six.clone(),
                        measured: measured_six.clone(),
                        seed,
                    }));
                }
                let results = play_all(&scenario, doctrine, &jobs, workers);
                let failed = results.iter().filter(|r| r.is_err()).count();
                let refused: usize = results.iter().flatten().map(|g| g.refused).sum();
                if failed > 0 || refused > 0 {
                    clean = false;
                    println!(
                        "   {}: {failed} games panicked, {refused} orders refused",
                        scenario.state(me).name
                    );
                }
                let (first, second) = results.split_at(args.per_position as usize);
                if args.per_game {
                    for g in first.iter().flatten() {
                        let mine: Vec<String> = g
                            .centres_by_year
                            .iter()
                            .map(|y| y[me.index()].to_string())
                            .collect();
                        let end: Vec<String> = scenario
                            .state_ids()
                            .map(|s| format!("{} {}", scenario.state(s).code, g.centres[s.index()]))
                            .collect();
                        println!(
                            "     seed {} to {}{}: {} by year [{}]; at the end {}",
                            g.seed,
                            g.last_year,
                            if g.leader() == Some(me) {
                                " (leads)"
                            } else {
                                ""
                            },
                            scenario.state(me).code,
                            mine.join(" "),
                            end.join(", ")
                        );
                    }
                }
                let led = |games: &[Result<Measured, u64>]| {
                    games
                        .iter()
                        .flatten()
                        .filter(|g| g.leader() == Some(me))
                        .count() as u64
                };
                let solo = |games: &[Result<Measured, u64>]| {
                    games
                        .iter()
                        .flatten()
                        .filter(|g| g.winner == Some(me))
                        .count()
                };
                let (one_led, six_led) = (led(first), led(second));
                one_total += one_led;
                six_total += six_led;
                games_total += args.per_position;
                println!(
                    "   {:<10} {:>32} {:>6}   {:>32} {:>6}",
                    scenario.state(me).name,
                    share(one_led, args.per_position),
                    solo(first),
                    if args.one_only {
                        "-".to_string()
                    } else {
                        share(six_led, args.per_position)
                    },
                    solo(second)
                );
                if base == Player::DumbBot {
                    checks.push(Check {
                        what: format!(
                            "one planner seat as {} leads six DumbBot seats in >= 40% of games: {:.0}%",
                            scenario.state(me).name,
                            100.0 * one_led as f64 / args.per_position as f64
                        ),
                        ok: one_led * 100 >= 40 * args.per_position,
                    });
                }
            }
            println!(
                "   {:<10} {:>32} {:>6}   {:>32}",
                "all",
                share(one_total, games_total),
                "",
                if args.one_only {
                    "-".to_string()
                } else {
                    share(six_total, games_total)
                }
            );
            if base == Player::DumbBot && !args.one_only {
                checks.push(Check {
                    what: format!(
                        "six planner seats against one DumbBot seat: DumbBot leads in <= 5% of games: {:.1}%",
                        100.0 * six_total as f64 / games_total as f64
                    ),
                    ok: six_total * 100 <= 5 * games_total,
                });
            }
        }
    }
    if args.games > 0 {
        println!(
            "\n2. {} computer-only games: the planner's orders and the games.",
            args.games
        );
        let jobs: Vec<Job> = (args.seed..args.seed + args.games)
            .map(|seed| Job {
                players: vec![Player::Computer; n],
                measured: vec![true; n],
                seed,
            })
            .collect();
        let results = play_all(&scenario, doctrine, &jobs, workers);
        let panics: Vec<u64> = results
            .iter()
            .filter_map(|r| r.as_ref().err().copied())
            .collect();
        let games: Vec<Measured> = results.into_iter().flatten().collect();
        let g = games.len() as u64;
        let refused: usize = games.iter().map(|g| g.refused).sum();
        let betrayed: usize = games
            .iter()
            .flat_map(|g| &g.events)
            .filter(|e| e.kind == TieEventKind::Broken)
            .count();
        println!(
            "   panics: {}, refused orders: {refused}, ties broken by an attack on a partner: {betrayed}",
            panics.len()
        );
        if !panics.is_empty() || refused > 0 {
            clean = false;
        }
        let mut st = OrderStats::default();
        for x in &games {
            st.add(&x.stats);
        }
        println!(
            "   unit orders: {} in movement phases ({:.0} a game)",
            st.unit_orders,
            st.unit_orders as f64 / g.max(1) as f64
        );
        println!(
            "   supports:    {} of unit orders ({} of them for a partner's unit)",
            share(st.supports, st.unit_orders),
            st.partner_supports
        );
        let by_state: Vec<String> = scenario
            .state_ids()
            .filter(|s| st.convoys_by_state.get(s.index()).copied().unwrap_or(0) > 0)
            .map(|s| {
                format!(
                    "{} {}",
                    scenario.state(s).name,
                    st.convoys_by_state[s.index()]
                )
            })
            .collect();
        println!(
            "   convoys:     {} convoy orders ({}); {} armies sent by sea, {} arrived",
            st.convoys,
            if by_state.is_empty() {
                "none".to_string()
            } else {
                by_state.join(", ")
            },
            st.convoyed_moves,
            st.convoyed_arrived
        );
        println!(
            "   failed moves: {} of {} moves",
            share(st.failed_moves, st.moves),
            st.moves
        );
        let collisions = st.allied_collisions as f64 / g.max(1) as f64;
        println!(
            "   partners moving into the same province: {} ({collisions:.2} a game)",
            st.allied_collisions
        );
        let openings = distinct_openings(&games, n);
        let words: Vec<String> = scenario
            .state_ids()
            .map(|s| format!("{} {}", scenario.state(s).name, openings[s.index()]))
            .collect();
        println!("   distinct openings: {}", words.join(", "));
        let frozen = games.iter().filter(|x| x.frozen).count() as u64;
        println!(
            "   frozen games (no centre changed hands in the last five years): {}",
            share(frozen, g)
        );
        let mut winners: BTreeMap<String, usize> = BTreeMap::new();
        for x in &games {
            let key = match x.winner {
                Some(s) => scenario.state(s).name.clone(),
                None => "(no winner by the end year)".into(),
            };
            *winners.entry(key).or_default() += 1;
        }
        println!("   winners:");
        for (name, count) in &winners {
            println!(
                "     {name:<28} {count:>5} ({:.1}%)",
                100.0 * *count as f64 / g.max(1) as f64
            );
        }
        let mut mean = vec![0.0; n];
        for x in &games {
            for (m, c) in mean.iter_mut().zip(&x.centres) {
                *m += *c as f64 / g.max(1) as f64;
            }
        }
        let words: Vec<String> = scenario
            .state_ids()
            .map(|s| format!("{} {:.1}", scenario.state(s).name, mean[s.index()]))
            .collect();
        println!("   mean centres at the end: {}", words.join(", "));
        let mut years: Vec<u16> = games.iter().map(|x| x.last_year).collect();
        years.sort();
        if !years.is_empty() {
            let phases: usize = games.iter().map(|x| x.phases).sum();
            println!(
                "   game length: ends in {}–{} (median {}), {:.1} phases on average",
                years[0],
                years[years.len() - 1],
                years[years.len() / 2],
                phases as f64 / g.max(1) as f64
            );
        }
        let count = |kind: TieEventKind| {
            games
                .iter()
                .flat_map(|x| &x.events)
                .filter(|e| e.kind == kind)
                .count()
        };
        println!(
            "   ties: {} alliances made, {} alignments (bandwagoning), {} exits in good order, {} broken by an attack on a partner",
            count(TieEventKind::Allied),
            count(TieEventKind::Aligned),
            count(TieEventKind::Left),
            betrayed
        );
        let mut stances: BTreeMap<(&str, String), usize> = BTreeMap::new();
        for (doctrine, stance) in games.iter().flat_map(|x| &x.stances) {
            *stances
                .entry((doctrine, format!("{stance:?}")))
                .or_default() += 1;
        }
        println!("   decisions that changed something, by doctrine and stance:");
        for ((d, s), c) in &stances {
            println!("     {d:<20} {s:<13} {c}");
        }
        let pct = |a: u64, b: u64| 100.0 * a as f64 / b.max(1) as f64;
        checks.push(Check {
            what: format!(
                "supports >= 15% of unit orders: {:.1}%",
                pct(st.supports, st.unit_orders)
            ),
            ok: st.supports * 100 >= 15 * st.unit_orders,
        });
        let convoying = |code: &str| {
            scenario
                .state_ids()
                .find(|&s| scenario.state(s).code == code)
                .is_none_or(|s| st.convoys_by_state.get(s.index()).copied().unwrap_or(0) > 0)
        };
        checks.push(Check {
            what: format!(
                "convoys used (England and Turkey): {} convoy orders",
                st.convoys
            ),
            ok: st.convoys > 0 && convoying("ENGLAND") && convoying("TURKEY"),
        });
        checks.push(Check {
            what: format!(
                "failed moves <= 45%: {:.1}%",
                pct(st.failed_moves, st.moves)
            ),
            ok: st.failed_moves * 100 <= 45 * st.moves,
        });
        checks.push(Check {
            what: format!("partners' collisions <= 0.5 a game: {collisions:.2}"),
            ok: collisions <= 0.5,
        });
        let fewest = openings.iter().copied().min().unwrap_or(0);
        checks.push(Check {
            what: format!("at least 4 distinct openings per state: fewest {fewest}"),
            ok: fewest >= 4,
        });
        checks.push(Check {
            what: format!("frozen games <= 20%: {:.1}%", pct(frozen, g)),
            ok: frozen * 100 <= 20 * g,
        });
        if betrayed > 0 {
            clean = false;
        }
    }
    if !checks.is_empty() {
        println!("\n3. Issue 17's figures:");
        for c in &checks {
            println!("   [{}] {}", if c.ok { "ok" } else { "no" }, c.what);
        }
    }
    println!("\n   took {:.1} s", started.elapsed().as_secs_f64());
    Ok(if clean && checks.iter().all(|c| c.ok) {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
