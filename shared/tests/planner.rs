//! The order planner and its baselines on the classic map.

use std::sync::Arc;

use entente_shared::ai::ladder::{Measured, OrderStats, distinct_openings, play_measured};
use entente_shared::ai::{orders_for, plan_orders};
use entente_shared::play::{
    Command, Door, Event, GivenOrder, Match, Player, Proposal, scenario_doctrines,
};
use entente_shared::rules::{Game, Order, Phase, Position, Unit, UnitKind};
use entente_shared::scenario::{Scenario, StateId};
use rand::SeedableRng;

fn classic() -> Arc<Scenario> {
    Arc::new(Scenario::classic())
}

/// Whole games, one a seed, on `JOBS` threads (default 1); the results in seed order.
fn games(players: &[Player], measured: &[bool], seeds: std::ops::Range<u64>) -> Vec<Measured> {
    let scenario = classic();
    let jobs: usize = std::env::var("JOBS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1);
    let seeds: Vec<u64> = seeds.collect();
    let chunk = seeds.len().div_ceil(jobs.max(1)).max(1);
    std::thread::scope(|scope| {
        let handles: Vec<_> = seeds
            .chunks(chunk)
            .map(|part| {
                let scenario = &scenario;
                scope.spawn(move || {
                    part.iter()
                        .map(|&seed| {
                            play_measured(
                                scenario,
                                players,
                                scenario_doctrines(scenario, None),
                                seed,
                                measured,
                            )
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

/// A board set up by hand: units as (state, "A"/"F", place), centres as (state, province);
/// centres not named keep nobody.
fn board(units: &[(&str, &str, &str)], centres: &[(&str, &str)], phase: &str) -> Match {
    let scenario = classic();
    let map = &scenario.map;
    let mut position = Position::empty(map);
    for &(state, kind, place) in units {
        let s = scenario.find_state(state).expect("state");
        let (province, coast) = match place.split_once('/') {
            Some((p, c)) => (p, Some(c)),
            None => (place, None),
        };
        let p = map.find(province).expect("province");
        let loc = match coast {
            Some(c) => map.coast(p, c).expect("coast"),
            None => p.loc(),
        };
        let kind = if kind == "A" {
            UnitKind::Army
        } else {
            UnitKind::Fleet
        };
        position.units[p.index()] = Some(Unit {
            state: s,
            kind,
            loc,
        });
    }
    for &(state, province) in centres {
        let p = map.find(province).expect("province");
        position.owners[p.index()] = Some(scenario.find_state(state).expect("state"));
    }
    let game = Game::from_position(scenario.clone(), Phase::parse(phase).unwrap(), position);
    Match::new(game, scenario_doctrines(&scenario, None), false)
}

fn orders_of(table: &Match, state: &str, seed: u64) -> Vec<String> {
    let s = table.game().scenario().find_state(state).unwrap();
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
    orders_for(table, s, &mut rng)
        .iter()
        .map(|c| c.order.display(&table.game().scenario().map).to_string())
        .collect()
}

/// Every baseline and the planner give only orders the rules accept, side by side in whole
/// games; the planner's partners never move into the same province.
#[test]
fn every_player_gives_legal_orders() {
    let players = [
        Player::Computer,
        Player::DumbBot,
        Player::Previous,
        Player::Random,
        Player::Computer,
        Player::DumbBot,
        Player::Hold,
    ];
    let measured = [true, false, false, false, true, false, false];
    for g in games(&players, &measured, 0..3) {
        assert_eq!(g.refused, 0, "seed {}", g.seed);
        assert_eq!(g.stats.allied_collisions, 0, "seed {}", g.seed);
    }
    for g in games(&[Player::DumbBot; 7], &[true; 7], 10..12) {
        assert_eq!(g.refused, 0, "seed {}", g.seed);
        assert!(g.stats.moves > 0 && g.stats.supports > 0, "seed {}", g.seed);
    }
}

/// Computer-only games: supports are common, England or Turkey convoys, partners never bounce
/// each other, and most moves get through.
#[test]
fn computer_only_games_support_convoy_and_coordinate() {
    let g = games(&[Player::Computer; 7], &[true; 7], 0..4);
    let mut st = OrderStats::default();
    for x in &g {
        assert_eq!(x.refused, 0);
        st.add(&x.stats);
    }
    assert_eq!(st.allied_collisions, 0, "{st:?}");
    assert!(st.supports * 100 >= 15 * st.unit_orders, "{st:?}");
    assert!(st.partner_supports > 0, "{st:?}");
    assert!(st.failed_moves * 100 <= 45 * st.moves, "{st:?}");
    let england = 1;
    let turkey = 6;
    assert!(
        st.convoys_by_state[england] + st.convoys_by_state[turkey] > 0,
        "{st:?}"
    );
    assert!(st.convoyed_arrived > 0, "{st:?}");
}

/// The first spring of the classic game opens from the book: every state has several openings,
/// drawn by the seed, each one order a unit and all accepted by the rules.
#[test]
fn openings_vary_by_seed() {
    let scenario = classic();
    let table = Match::new(
        Game::new(scenario.clone()),
        scenario_doctrines(&scenario, None),
        false,
    );
    for s in scenario.state_ids() {
        let mut seen = std::collections::BTreeSet::new();
        for seed in 0..60 {
            let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
            let orders = orders_for(&table, s, &mut rng);
            assert_eq!(orders.len(), table.game().position().unit_count(s));
            assert!(orders.iter().all(|o| o.reason.starts_with("opens with")));
            let mut t = table.clone();
            let given = orders
                .iter()
                .map(|c| GivenOrder {
                    order: c.order.display(&scenario.map).to_string(),
                    reason: None,
                })
                .collect();
            for e in t
                .apply(Command::Orders {
                    state: s.0,
                    orders: given,
                })
                .unwrap()
            {
                if let Event::OrdersTaken { refused, .. } = e {
                    assert!(refused.is_empty(), "{refused:?}");
                }
            }
            let mut texts: Vec<String> = orders
                .iter()
                .map(|c| c.order.display(&scenario.map).to_string())
                .collect();
            texts.sort();
            seen.insert(texts.join(", "));
        }
        assert!(seen.len() >= 4, "{}: {seen:?}", scenario.state(s).name);
    }
}

/// An army in Britain with a fleet in the North Sea takes Norway by convoy (or the fleet takes
/// it): the convoy is planned whole, fleet and army together.
#[test]
fn an_english_army_crosses_by_convoy() {
    let table = board(
        &[("England", "A", "YOR"), ("England", "F", "NTH")],
        &[
            ("England", "LON"),
            ("England", "EDI"),
            ("England", "LVP"),
            ("England", "HOL"),
            ("England", "BEL"),
            ("England", "DEN"),
        ],
        "F1901M",
    );
    let mut convoyed = 0;
    for seed in 0..12 {
        let orders = orders_of(&table, "England", seed);
        let army = orders.contains(&"A YOR - NWY".to_string());
        let convoy = orders.contains(&"F NTH C A YOR - NWY".to_string());
        let fleet = orders.contains(&"F NTH - NWY".to_string());
        assert_eq!(army, convoy, "{orders:?}");
        assert!(army || fleet, "{orders:?}");
        convoyed += usize::from(army);
    }
    assert!(convoyed > 0);
}

/// Two armies next to a centre an enemy holds: one attacks, the other supports.
#[test]
fn an_attack_on_a_held_centre_is_supported() {
    let table = board(
        &[
            ("Germany", "A", "RUH"),
            ("Germany", "A", "HOL"),
            ("France", "A", "BEL"),
            ("France", "A", "PAR"),
        ],
        &[
            ("Germany", "HOL"),
            ("Germany", "KIE"),
            ("Germany", "BER"),
            ("Germany", "MUN"),
            ("Germany", "DEN"),
            ("France", "BEL"),
            ("France", "PAR"),
            ("France", "BRE"),
            ("France", "MAR"),
        ],
        "F1902M",
    );
    let orders = orders_of(&table, "Germany", 2);
    let attack = orders.iter().any(|o| o.ends_with("- BEL"));
    let support = orders
        .iter()
        .any(|o| o.contains(" S ") && o.ends_with("- BEL"));
    assert!(attack && support, "{orders:?}");
}

/// In the autumn a unit on a home centre an enemy army stands next to stays, rather than walk
/// off to an empty province worth nothing.
#[test]
fn a_threatened_home_centre_is_held_in_the_autumn() {
    let table = board(
        &[
            ("Germany", "A", "BER"),
            ("Russia", "A", "PRU"),
            ("Russia", "A", "WAR"),
        ],
        &[
            ("Germany", "BER"),
            ("Germany", "KIE"),
            ("Germany", "MUN"),
            ("Russia", "WAR"),
        ],
        "F1902M",
    );
    for seed in 0..5 {
        let orders = orders_of(&table, "Germany", seed);
        assert!(
            orders.iter().all(|o| !o.starts_with("A BER -")),
            "{orders:?}"
        );
    }
}

/// Partners planned together: allies never move into the same province, and a free unit of
/// one supports the other's attack.
#[test]
fn partners_are_planned_together() {
    let mut table = board(
        &[
            ("France", "A", "BUR"),
            ("France", "A", "PIC"),
            ("Germany", "A", "RUH"),
            ("Germany", "A", "HOL"),
            ("England", "A", "BEL"),
        ],
        &[
            ("France", "PAR"),
            ("France", "BRE"),
            ("France", "MAR"),
            ("Germany", "HOL"),
            ("Germany", "KIE"),
            ("Germany", "MUN"),
            ("England", "BEL"),
            ("England", "LON"),
            ("England", "EDI"),
        ],
        "F1903M",
    );
    let scenario = table.game().scenario().clone();
    let (fr, ge, en) = (
        scenario.find_state("France").unwrap(),
        scenario.find_state("Germany").unwrap(),
        scenario.find_state("England").unwrap(),
    );
    table.commit(Command::Propose(Proposal {
        id: table.next_proposal_id(),
        from: fr.0,
        to: ge.0,
        against: Some(en.0),
        reason: String::new(),
    }));
    table.commit(Command::Answer {
        id: table.next_proposal_id() - 1,
        accept: true,
        reason: String::new(),
    });
    assert!(table.ties().are_allied(fr.index(), ge.index()));
    for seed in 0..6 {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
        let planned = plan_orders(&table, &[fr, ge], &mut rng);
        let mut into: Vec<(StateId, u16)> = Vec::new();
        for (s, c) in &planned {
            if let Order::Move { to, .. } = c.order {
                into.push((*s, to.province.0));
            }
        }
        for (i, a) in into.iter().enumerate() {
            for b in &into[i + 1..] {
                assert!(!(a.1 == b.1 && a.0 != b.0), "partners collide: {planned:?}");
            }
        }
        assert!(
            planned
                .iter()
                .any(|(_, c)| c.reason.contains("supports its partner")),
            "{planned:?}"
        );
    }
}

/// The port of DumbBot is a real baseline: one DumbBot seat leads six random seats.
#[test]
fn dumbbot_beats_random_players() {
    let mut led = 0;
    for me in [1, 2, 5] {
        let mut players = vec![Player::Random; 7];
        players[me] = Player::DumbBot;
        for g in games(&players, &[false; 7], 20..22) {
            led += usize::from(g.leader().map(|s| s.index()) == Some(me));
        }
    }
    assert!(led >= 5, "DumbBot led {led} of 6");
}

/// The planner leads six DumbBot seats from a strong position in most games.
#[test]
fn the_planner_beats_dumbbot_from_france() {
    let mut players = vec![Player::DumbBot; 7];
    players[2] = Player::Computer;
    let mut measured = [false; 7];
    measured[2] = true;
    let g = games(&players, &measured, 40..48);
    let led = g
        .iter()
        .filter(|x| x.leader().map(|s| s.index()) == Some(2))
        .count();
    assert!(led >= 5, "France led {led} of 8");
}

/// A quick ladder for tuning (release build): `cargo test --release -p entente-shared --test
/// planner -- --ignored --nocapture ladder`.
#[test]
#[ignore]
fn ladder() {
    let n = 7;
    let per: u64 = std::env::var("PER")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10);
    let base = match std::env::var("BASE").as_deref() {
        Ok("previous") => Player::Previous,
        Ok("random") => Player::Random,
        Ok("hold") => Player::Hold,
        _ => Player::DumbBot,
    };
    let started = std::time::Instant::now();
    let mut total = 0;
    let positions: Vec<usize> = std::env::var("POSITIONS")
        .ok()
        .map(|v| v.split(',').filter_map(|x| x.parse().ok()).collect())
        .unwrap_or_else(|| (0..n).collect());
    for me in (0..n).filter(|me| std::env::var("ONLY_ALL").is_err() && positions.contains(me)) {
        let mut players = vec![base; n];
        players[me] = Player::Computer;
        let mut measured = vec![false; n];
        measured[me] = true;
        let s0: u64 = std::env::var("SEED0")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(100);
        let g = games(&players, &measured, s0..s0 + per);
        let led = g
            .iter()
            .filter(|x| x.leader().map(|s| s.index()) == Some(me))
            .count();
        let won = g
            .iter()
            .filter(|x| x.winner.map(|s| s.index()) == Some(me))
            .count();
        let mean: f64 = g.iter().map(|x| x.centres[me] as f64).sum::<f64>() / per as f64;
        total += led;
        let mut others = [0usize; 8];
        for x in &g {
            others[x.leader().map_or(7, |s| s.index())] += 1;
        }
        if std::env::var("TRACE").is_ok() {
            for x in g.iter().take(12) {
                let mine: Vec<usize> = x.centres_by_year.iter().map(|c| c[me]).collect();
                let best: Vec<usize> = x
                    .centres_by_year
                    .iter()
                    .map(|c| {
                        c.iter()
                            .enumerate()
                            .filter(|(s, _)| *s != me)
                            .map(|(_, v)| *v)
                            .max()
                            .unwrap_or(0)
                    })
                    .collect();
                println!("  me   {mine:?}\n  best {best:?}");
            }
        }
        if std::env::var("BY_OPENING").is_ok() {
            let mut by: std::collections::BTreeMap<&str, (usize, usize)> = Default::default();
            for x in &g {
                let e = by.entry(x.openings[me].as_str()).or_default();
                e.0 += 1;
                e.1 += usize::from(x.leader().map(|s| s.index()) == Some(me));
            }
            for (o, (n, l)) in by {
                println!("    {o:<60} {l}/{n}");
            }
        }
        let mut hist = [0usize; 19];
        for x in &g {
            hist[x.centres[me].min(18)] += 1;
        }
        println!(
            "one planner as {me}: led {led}/{per}, won {won}, mean centres {mean:.1}, leaders {others:?}, centres {hist:?}"
        );
    }
    println!("total led {total}/{}", per * 7);
    if std::env::var("ONLY_ONE").is_ok() {
        return;
    }

    let mut port_led = 0;
    for me in (0..n).filter(|_| std::env::var("ONLY_ALL").is_err()) {
        let mut players = vec![Player::Computer; n];
        players[me] = base;
        let g = games(&players, &[true; 7], 200..200 + per / 2);
        port_led += g
            .iter()
            .filter(|x| x.leader().map(|s| s.index()) == Some(me))
            .count();
    }
    println!(
        "six planners vs one baseline: baseline led {port_led}/{}",
        7 * (per / 2)
    );
    let all = if std::env::var("ALL_BASE").is_ok() {
        base
    } else {
        Player::Computer
    };
    let g = games(&[all; 7], &[true; 7], 300..300 + per * 2);
    let mut st = OrderStats::default();
    for x in &g {
        st.add(&x.stats);
    }
    let frozen = g.iter().filter(|x| x.frozen).count();
    let solos = g.iter().filter(|x| x.winner.is_some()).count();
    println!(
        "computer-only {} games: supports {:.1}%, convoys {} ({:?}), convoyed {}/{}, failed moves {:.1}%, collisions {:.2}/game, frozen {}, solos {}, refused {}",
        g.len(),
        100.0 * st.supports as f64 / st.unit_orders as f64,
        st.convoys,
        st.convoys_by_state,
        st.convoyed_arrived,
        st.convoyed_moves,
        100.0 * st.failed_moves as f64 / st.moves as f64,
        st.allied_collisions as f64 / g.len() as f64,
        frozen,
        solos,
        g.iter().map(|x| x.refused).sum::<usize>()
    );
    println!("openings: {:?}", distinct_openings(&g, 7));
    let mut mean = vec![0.0; 7];
    for x in &g {
        for (m, c) in mean.iter_mut().zip(&x.centres) {
            *m += *c as f64 / g.len() as f64;
        }
    }
    println!("mean centres {mean:.1?}");
    println!("took {:.1} s", started.elapsed().as_secs_f64());
}

/// Time of computer-only games (release build), for profiling.
#[test]
#[ignore]
fn speed() {
    let per: u64 = std::env::var("PER")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20);
    let scenario = classic();
    let started = std::time::Instant::now();
    let mut phases = 0;
    let who = match std::env::var("WHO").as_deref() {
        Ok("previous") => Player::Previous,
        Ok("dumbbot") => Player::DumbBot,
        _ => Player::Computer,
    };
    for seed in 0..per {
        let g = entente_shared::play::play_game(&scenario, &[who; 7], None, seed);
        phases += g.phases;
    }
    let t = started.elapsed().as_secs_f64();
    println!(
        "{per} games, {phases} phases in {t:.2} s: {:.1} ms a game",
        1000.0 * t / per as f64
    );
}

/// Failure rates of the planner's moves by the kind of reason (release build), for tuning.
#[test]
#[ignore]
fn diagnose() {
    use entente_shared::ai::plan_orders;
    use entente_shared::play::{
        Command, ComputerPlayer, Doctrinal, Door, Event, GivenOrder, Match, Seating,
        reconsider_ties,
    };
    use entente_shared::rules::{Game, PhaseKind};
    use rand::SeedableRng;
    use std::collections::BTreeMap;

    let per: u64 = std::env::var("PER")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10);
    let scenario = classic();
    let player: Arc<dyn ComputerPlayer> = Arc::new(Doctrinal);
    let seats: Vec<_> = scenario.state_ids().collect();
    let seating = Seating::of(&player, seats.iter().copied());
    let mut by_kind: BTreeMap<String, (u64, u64)> = BTreeMap::new();
    for seed in 0..per {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
        let mut table = Match::new(
            Game::new(scenario.clone()),
            scenario_doctrines(&scenario, None),
            false,
        );
        while !table.game().is_over() {
            if table.ties_open() {
                reconsider_ties(&mut table, &seating);
            }
            let movement = table.game().phase().kind == PhaseKind::Movement;
            let planned = plan_orders(&table, &seats, &mut rng);
            let mut kinds: Vec<(String, String)> = Vec::new();
            for &state in &seats {
                let mut orders = Vec::new();
                for (_, c) in planned.iter().filter(|(s, _)| *s == state) {
                    let text = c.order.display(&scenario.map).to_string();
                    let kinds_known = [
                        "attacks",
                        "takes",
                        "moves into its centre",
                        "moves to",
                        "moves through",
                        "follows",
                        "goes by sea",
                        "convoys",
                        "supports its own",
                        "supports its unit",
                        "supports its partner",
                        "holds",
                        "stays",
                        "opens",
                    ];
                    let kind = kinds_known
                        .iter()
                        .find(|k| c.reason.starts_with(*k))
                        .map_or("other".to_string(), |k| k.to_string());
                    let kind = if c.reason.starts_with("takes") || c.reason.starts_with("attacks") {
                        let owned = if c.reason.contains("neutral") {
                            " neutral"
                        } else if c.reason.contains("a centre of") {
                            " centre"
                        } else {
                            ""
                        };
                        format!("{kind}{owned}")
                    } else {
                        kind
                    };
                    let kind = if c.reason.contains("supporting unit") {
                        format!("{kind} +sup")
                    } else {
                        kind
                    };
                    kinds.push((text.clone(), kind));
                    orders.push(GivenOrder {
                        order: text,
                        reason: Some(c.reason.clone()),
                    });
                }
                table.commit(Command::Orders {
                    state: state.0,
                    orders,
                });
            }
            let events = table.apply(Command::Resolve).unwrap();
            if !movement {
                continue;
            }
            for e in events {
                if let Event::Resolved { report, .. } = e {
                    for line in &report.orders {
                        if let Some((_, k)) = kinds.iter().find(|(t, _)| *t == line.order) {
                            let entry = by_kind.entry(k.clone()).or_default();
                            entry.0 += 1;
                            if !line.outcome.succeeded() {
                                entry.1 += 1;
                            }
                        }
                    }
                }
            }
        }
    }
    for (k, (n, f)) in &by_kind {
        println!(
            "{k:<40} {n:>6} failed {:>5.1}%",
            100.0 * *f as f64 / *n as f64
        );
    }
}

/// One game of a planner seat against DumbBots, phase by phase (release build), for tuning:
/// `ME=3 SEED=100`.
#[test]
#[ignore]
fn watch() {
    use entente_shared::ai::plan_orders;
    use entente_shared::play::{
        Command, Door, Event, GivenOrder, Match, Seating, begin_phase, reconsider_ties,
    };
    use entente_shared::rules::Game;
    use entente_shared::scenario::StateId;
    use rand::SeedableRng;

    let me: usize = std::env::var("ME")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3);
    let seed0: u64 = std::env::var("SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100);
    let games: u64 = std::env::var("GAMES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1);
    let print = games == 1;
    let mut calib = [(0.0f64, 0u64, 0u64); 10];
    let mut kinds: std::collections::BTreeMap<String, (f64, u64, u64)> = Default::default();
    let mut losses: std::collections::BTreeMap<&str, u64> = Default::default();
    let scenario = classic();
    for seed in seed0..seed0 + games {
        let bots = Player::DumbBot.computer_player();
        let planner = Player::Computer.computer_player();
        let mut seating = Seating::default();
        for s in scenario.state_ids() {
            if s.index() != me {
                seating.seat(&bots, s);
            }
        }
        let mine = Seating::of(&planner, [StateId(me as u8)]);
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
        let mut table = Match::new(
            Game::new(scenario.clone()),
            scenario_doctrines(&scenario, None),
            false,
        );
        while !table.game().is_over() {
            if table.ties_open() {
                reconsider_ties(&mut table, &mine);
            }
            begin_phase(&mut table, &seating, &mut rng);
            let planned = plan_orders(&table, &[StateId(me as u8)], &mut rng);
            let reasons: Vec<(String, String)> = planned
                .iter()
                .map(|(_, c)| (c.order.display(&scenario.map).to_string(), c.reason.clone()))
                .collect();
            table.commit(Command::Orders {
                state: me as u8,
                orders: reasons
                    .iter()
                    .map(|(o, r)| GivenOrder {
                        order: o.clone(),
                        reason: Some(r.clone()),
                    })
                    .collect(),
            });
            let before = table.game().clone();
            let autumn_moves = before.phase().season == entente_shared::rules::Season::Autumn
                && before.phase().kind == entente_shared::rules::PhaseKind::Movement;
            let events = table.apply(Command::Resolve).unwrap();
            for e in events {
                if let Event::Resolved { report, .. } = e {
                    if print {
                        println!("## {}", report.phase);
                    }
                    for line in report.orders.iter() {
                        if line.state.index() == me {
                            let why = reasons
                                .iter()
                                .find(|(o, _)| *o == line.order)
                                .map_or("", |(_, r)| r.as_str());
                            if let Some(i) = why.find("[p=") {
                                let p: f64 = why[i + 3..i + 7].parse().unwrap_or(0.0);
                                let b = ((p * 10.0) as usize).min(9);
                                calib[b].0 += p;
                                calib[b].1 += 1;
                                calib[b].2 += line.outcome.succeeded() as u64;
                                if (0.3..0.7).contains(&p) {
                                    let kind: String =
                                        why.split(' ').take(2).collect::<Vec<_>>().join(" ");
                                    let sup = if why.contains("supporting") {
                                        "+sup"
                                    } else {
                                        ""
                                    };
                                    let e =
                                        kinds.entry(format!("{kind}{sup}")).or_insert((0.0, 0, 0));
                                    e.0 += p;
                                    e.1 += 1;
                                    e.2 += line.outcome.succeeded() as u64;
                                }
                            }
                            if print {
                                println!(
                                    "   {:<28} {:<10} {}",
                                    line.order,
                                    line.outcome.words(),
                                    why
                                );
                            }
                        } else if print && std::env::var("ALL").is_ok() {
                            println!(
                                "      {} {:<28} {}",
                                scenario.state(line.state).code,
                                line.order,
                                line.outcome.words()
                            );
                        }
                    }
                }
            }
            if autumn_moves {
                let after = table.game().position();
                let bp = before.position();
                for p in scenario.map.province_ids() {
                    if bp.owners[p.index()] != Some(StateId(me as u8)) {
                        continue;
                    }
                    let lost_now = after.unit_in(p).is_some_and(|u| u.state.index() != me);
                    if !lost_now {
                        continue;
                    }
                    let held = bp.unit_in(p).is_some_and(|u| u.state.index() == me);
                    let moved_out = held
                        && after
                            .dislodged
                            .iter()
                            .all(|d| d.unit.loc.index() != p.index() || d.unit.state.index() != me);
                    let coverable = scenario.map.any_neighbours()[p.index()].iter().any(|&q| {
                        bp.unit_in(q).is_some_and(|u| {
                            u.state.index() == me
                                && entente_shared::rules::legality::can_reach(&scenario.map, u, p)
                        })
                    });
                    let kind = if bp.unit_in(p).is_some_and(|u| u.state.index() != me) {
                        "enemy there since spring"
                    } else if !held && coverable {
                        "empty at start, a unit of its own next to it"
                    } else if !held {
                        "empty at start"
                    } else if after.dislodged.iter().any(|d| {
                        d.unit.state.index() == me && scenario.map.province_of(d.unit.loc) == p
                    }) {
                        "dislodged"
                    } else if moved_out {
                        "left by its unit"
                    } else {
                        "other"
                    };
                    *losses.entry(kind).or_default() += 1;
                    if kind.contains("next to it") && std::env::var("WHY").is_ok() {
                        let mut words = Vec::new();
                        for &q in &scenario.map.any_neighbours()[p.index()] {
                            if let Some(u) = bp.unit_in(q) {
                                let line = reasons
                                    .iter()
                                    .find(|(o, _)| o.contains(scenario.map.code(q)))
                                    .map(|(o, r)| format!("{o} ({r})"));
                                words.push(format!(
                                    "{}:{}",
                                    scenario.state(u.state).code,
                                    line.unwrap_or_else(|| scenario.map.code(q).to_string())
                                ));
                            }
                        }
                        println!(
                            "LOST {} {}: {}",
                            before.phase(),
                            scenario.map.code(p),
                            words.join(" | ")
                        );
                    }
                }
            }
            let c: Vec<usize> = scenario
                .state_ids()
                .map(|s| table.game().position().centre_count(s))
                .collect();
            let owned: Vec<&str> = scenario
                .map
                .province_ids()
                .filter(|p| table.game().position().owners[p.index()] == Some(StateId(me as u8)))
                .map(|p| scenario.map.code(p))
                .collect();
            if print {
                println!("   centres {c:?} {owned:?}");
            }
        }
    }
    println!("autumn losses: {losses:?}");
    for (k, (sum, n, hit)) in &kinds {
        println!(
            "kind {k:<30}: predicted {:.3} observed {:.3} ({n})",
            sum / *n as f64,
            *hit as f64 / *n as f64
        );
    }
    for (b, (sum, n, hit)) in calib.iter().enumerate() {
        if *n > 0 {
            println!(
                "moves {b}: predicted {:.3} observed {:.3} ({n})",
                sum / *n as f64,
                *hit as f64 / *n as f64
            );
        }
    }
}

/// How well the board's guess of each unit's moves matches what units did (release build, for
/// tuning): predicted chance by bucket against the share that happened. `WHO=dumbbot`.
#[test]
#[ignore]
fn calibration() {
    use entente_shared::ai::guess;
    use entente_shared::play::{Command, Door, Event, Match, Seating, begin_phase};
    use entente_shared::rules::{Game, Order, PhaseKind};
    use rand::SeedableRng;

    let scenario = Arc::new(Scenario::classic());
    let who = match std::env::var("WHO").as_deref() {
        Ok("dumbbot") => Player::DumbBot,
        _ => Player::Computer,
    };
    let mut stay_buckets = [(0.0f64, 0u64, 0u64); 10];
    let mut move_buckets = [(0.0f64, 0u64, 0u64); 10];
    let kinds: Vec<_> = Player::ALL
        .iter()
        .map(|p| (*p, p.computer_player()))
        .collect();
    for seed in 0..20 {
        let mut seating = Seating::default();
        let (_, p) = kinds.iter().find(|(k, _)| *k == who).unwrap();
        for s in scenario.state_ids() {
            seating.seat(p, s);
        }
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
        let mut table = Match::new(
            Game::new(scenario.clone()),
            scenario_doctrines(&scenario, None),
            false,
        );
        while !table.game().is_over() {
            let movement = table.game().phase().kind == PhaseKind::Movement;
            let snapshot = table.clone();
            begin_phase(&mut table, &seating, &mut rng);
            let events = table.apply(Command::Resolve).unwrap();
            if !movement {
                continue;
            }
            let board = guess(&snapshot);
            for e in events {
                let Event::Resolved { report, .. } = e else {
                    continue;
                };
                for (p, ps, reach) in &board {
                    let p = *p;
                    let order = report.orders.iter().find_map(|line| {
                        let o = scenario.parse_order(&line.order).ok()?;
                        (o.unit()?.place.province == p).then_some(o)
                    });
                    let dest = match order {
                        Some(Order::Move { to, .. }) => Some(to.province),
                        _ => None,
                    };
                    let ps = *ps as f64;
                    let b = ((ps * 10.0) as usize).min(9);
                    stay_buckets[b].0 += ps;
                    stay_buckets[b].1 += 1;
                    stay_buckets[b].2 += dest.is_none() as u64;
                    for &(q, pm) in reach {
                        let b = ((pm as f64 * 10.0) as usize).min(9);
                        move_buckets[b].0 += pm as f64;
                        move_buckets[b].1 += 1;
                        move_buckets[b].2 += (dest == Some(q)) as u64;
                    }
                }
            }
        }
        let _ = table.table();
    }
    for (name, buckets) in [("stay", stay_buckets), ("move", move_buckets)] {
        for (b, (sum, n, hit)) in buckets.iter().enumerate() {
            if *n > 0 {
                println!(
                    "{name} {b}: predicted {:.3} observed {:.3} ({n})",
                    sum / *n as f64,
                    *hit as f64 / *n as f64
                );
            }
        }
    }
}

/// How long one adjudication of a mid-game movement phase takes (release build).
#[test]
#[ignore]
fn adjudication_cost() {
    use entente_shared::rules::legality::check_movement;
    use entente_shared::rules::movement::adjudicate;
    use entente_shared::rules::options::random_orders;
    use entente_shared::rules::{Game, PhaseKind};
    use rand::SeedableRng;
    let scenario = classic();
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(1);
    let mut game = Game::new(scenario.clone());
    let mut samples = Vec::new();
    while !game.is_over() && samples.len() < 20 {
        let mut orders = Vec::new();
        for s in scenario.state_ids() {
            for o in random_orders(&game, s, &mut rng) {
                orders.push((s, o));
            }
        }
        if game.phase().kind == PhaseKind::Movement {
            let mut checked = vec![None; scenario.map.province_count()];
            for (s, o) in &orders {
                let p = o.unit().unwrap().place.province;
                checked[p.index()] =
                    Some(check_movement(&scenario, game.position(), *s, o).unwrap());
            }
            samples.push((game.position().clone(), checked));
        }
        for (s, o) in &orders {
            game.submit_order(*s, o).unwrap();
        }
        game.resolve();
    }
    let started = std::time::Instant::now();
    let n = 20000;
    for k in 0..n {
        let (p, c) = &samples[k % samples.len()];
        std::hint::black_box(adjudicate(&scenario.map, p, c));
    }
    println!(
        "{:.2} µs an adjudication",
        started.elapsed().as_secs_f64() * 1e6 / n as f64
    );
}

/// The plain guess against what units did, by kind of player, with each state's attacks a unit
/// as the ledger records them (release build, for tuning the boldness read from the ledger):
/// `ME=3 GAMES=10`.
#[test]
#[ignore]
fn habits() {
    use entente_shared::ai::guess;
    use entente_shared::play::{Command, Event, Match, Seating, begin_phase};
    use entente_shared::rules::{Game, Order, PhaseKind};
    use entente_shared::threat::ActKind;

    let scenario = classic();
    let me: usize = std::env::var("ME")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3);
    let games: u64 = std::env::var("GAMES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10);
    // By kind (0 planner, 1 DumbBot): units, guessed moving, moved, attacks.
    let mut by = [(0u64, 0.0f64, 0u64, 0u64); 2];
    let mut danger = [[(0.0f64, 0u64, 0u64); 5]; 2];
    for seed in 0..games {
        let bots = Player::DumbBot.computer_player();
        let planner = Player::Computer.computer_player();
        let mut seating = Seating::default();
        for s in scenario.state_ids() {
            let all = std::env::var("ALLP").is_ok();
            seating.seat(
                if s.index() == me || all {
                    &planner
                } else {
                    &bots
                },
                s,
            );
        }
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
        let mut table = Match::new(
            Game::new(scenario.clone()),
            scenario_doctrines(&scenario, None),
            false,
        );
        while !table.game().is_over() {
            let movement = table.game().phase().kind == PhaseKind::Movement;
            let snapshot = table.clone();
            begin_phase(&mut table, &seating, &mut rng);
            let events = table.apply(Command::Resolve).unwrap();
            if !movement {
                continue;
            }
            let board = guess(&snapshot);
            let fall = snapshot.game().phase().season == entente_shared::rules::Season::Autumn;
            for e in events {
                let Event::Resolved { report, acts } = e else {
                    continue;
                };
                // Own empty centres: the guessed chance an enemy moves in, against what happened.
                let pos = snapshot.game().position();
                for p in scenario.map.province_ids() {
                    if pos.owners[p.index()].map(|s| s.index()) != Some(me)
                        || pos.unit_in(p).is_some()
                    {
                        continue;
                    }
                    let mut out = 1.0f64;
                    for (q, _, reach) in &board {
                        if pos.unit_in(*q).is_some_and(|u| u.state.index() != me) {
                            for &(r, pm) in reach {
                                if r == p {
                                    out *= 1.0 - pm as f64;
                                }
                            }
                        }
                    }
                    if out > 0.999 {
                        continue;
                    }
                    let entered = report.orders.iter().any(|line| {
                        line.state.index() != me
                            && scenario.parse_order(&line.order).is_ok_and(
                                |o| matches!(o, Order::Move { to, .. } if to.province == p),
                            )
                    });
                    let d = 1.0 - out;
                    let k = usize::from(fall);
                    danger[k][((d * 5.0) as usize).min(4)].0 += d;
                    danger[k][((d * 5.0) as usize).min(4)].1 += 1;
                    danger[k][((d * 5.0) as usize).min(4)].2 += entered as u64;
                }
                for (p, ps, _) in &board {
                    let u = snapshot.game().position().unit_in(*p).unwrap();
                    let k = usize::from(u.state.index() != me);
                    let moved = report.orders.iter().any(|line| {
                        scenario.parse_order(&line.order).is_ok_and(|o| {
                            o.unit().is_some_and(|x| x.place.province == *p)
                                && matches!(o, Order::Move { .. })
                        })
                    });
                    by[k].0 += 1;
                    by[k].1 += 1.0 - *ps as f64;
                    by[k].2 += moved as u64;
                }
                for a in &acts {
                    if a.kind == ActKind::Attack {
                        by[usize::from(a.actor != me)].3 += 1;
                    }
                }
            }
        }
    }
    for (k, season) in ["spring", "autumn"].iter().enumerate() {
        for (sum, n, hit) in danger[k].iter().filter(|d| d.1 > 0) {
            println!(
                "{season} own empty centre: guessed danger {:.2}, entered {:.2} ({n})",
                sum / *n as f64,
                *hit as f64 / *n as f64
            );
        }
    }
    for (k, name) in ["planner", "dumbbot"].iter().enumerate() {
        let (n, g, m, a) = by[k];
        println!(
            "{name}: {n} unit-phases, guessed moving {:.3}, moved {:.3}, attacks a unit {:.3}",
            g / n as f64,
            m as f64 / n as f64,
            a as f64 / n as f64
        );
    }
}

/// The whole turn's check in the autumn: an own centre left empty that an enemy could walk into
/// is covered by a unit of its own next to it that had less to do (a position from a game
/// against DumbBots: Munich empty, a French army in Burgundy next to it, a German army in Silesia
/// that would otherwise go on to Galicia).
#[test]
fn an_empty_threatened_centre_is_covered_in_the_autumn() {
    let units = [
        ("England", "A", "YOR"),
        ("France", "A", "BUR"),
        ("France", "A", "SPA"),
        ("Germany", "A", "KIE"),
        ("Germany", "A", "SIL"),
        ("Germany", "F", "DEN"),
        ("Italy", "A", "VEN"),
        ("Italy", "A", "ROM"),
        ("Austria", "A", "VIE"),
        ("Austria", "F", "TRI"),
        ("Austria", "A", "SER"),
        ("Turkey", "A", "BUL"),
        ("Russia", "A", "WAR"),
        ("Russia", "A", "UKR"),
        ("Russia", "F", "SEV"),
        ("Turkey", "F", "ANK"),
        ("Turkey", "A", "ARM"),
        ("England", "F", "NTH"),
        ("Russia", "F", "BOT"),
        ("England", "F", "ENG"),
        ("France", "F", "MAO"),
        ("Italy", "F", "ION"),
    ];
    let centres = [
        ("England", "EDI"),
        ("England", "LVP"),
        ("England", "LON"),
        ("France", "BRE"),
        ("France", "PAR"),
        ("France", "MAR"),
        ("Germany", "KIE"),
        ("Germany", "BER"),
        ("Germany", "MUN"),
        ("Italy", "VEN"),
        ("Italy", "ROM"),
        ("Italy", "NAP"),
        ("Austria", "VIE"),
        ("Austria", "BUD"),
        ("Austria", "TRI"),
        ("Russia", "STP"),
        ("Russia", "MOS"),
        ("Russia", "WAR"),
        ("Russia", "SEV"),
        ("Turkey", "CON"),
        ("Turkey", "ANK"),
        ("Turkey", "SMY"),
    ];
    let table = board(&units, &centres, "F1901M");
    for seed in 0..5 {
        let orders = orders_of(&table, "Germany", seed);
        assert!(orders.iter().any(|o| o.ends_with("- MUN")), "{orders:?}");
    }
}
