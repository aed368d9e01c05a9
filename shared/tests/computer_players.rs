//! Computer players on the classic map: legal orders, whole games, and a clear edge over
//! random play.

use std::sync::Arc;

use entente_shared::play::{GameSummary, Player, TieEventKind, play_game};

/// Ties broken by an attack that no doctrine decided on: a computer player should make none (a
/// stab is a decision, recorded with its reason before the attack).
fn unplanned_betrayals(g: &GameSummary) -> usize {
    g.events
        .iter()
        .filter(|e| e.kind == TieEventKind::Broken)
        .filter(|e| {
            !e.reason.contains("turns on its partner")
                && !e.reason.contains("takes over its junior")
        })
        .count()
}
use entente_shared::scenario::Scenario;

#[test]
fn computer_players_play_whole_games_without_refused_orders_or_unplanned_betrayals() {
    let scenario = Arc::new(Scenario::classic());
    let players = vec![Player::Computer; scenario.states.len()];
    for seed in 0..6 {
        let g = play_game(&scenario, &players, None, seed);
        assert_eq!(g.refused, 0, "seed {seed}: refused orders");
        assert_eq!(g.stalled, 0);
        assert_eq!(
            unplanned_betrayals(&g),
            0,
            "seed {seed}: partners attacked while allied without a decision to: {:?}",
            g.events
        );
        assert!(g.phases > 4);
        let again = play_game(&scenario, &players, None, seed);
        assert_eq!(
            (g.centres.clone(), g.phases),
            (again.centres, again.phases),
            "seed {seed} replays"
        );
    }
}

#[test]
fn a_computer_player_beats_six_random_players() {
    let scenario = Arc::new(Scenario::classic());
    let n = scenario.states.len();
    let mut led = 0;
    let mut games = 0;
    for me in 0..n {
        for seed in 0..4 {
            let mut players = vec![Player::Random; n];
            players[me] = Player::Computer;
            let g = play_game(&scenario, &players, None, 1000 + seed);
            games += 1;
            if g.leader().map(|s| s.index()) == Some(me) {
                led += 1;
            }
        }
    }
    assert!(led * 10 >= games * 9, "led {led} of {games}");
}

/// Every order a computer player gives comes with its reason, and a proposal from a person gets
/// an answer by the computer's doctrine, with a counter-proposal when it refuses.
#[test]
fn orders_and_answers_carry_reasons() {
    use entente_shared::ai::orders_for;
    use entente_shared::play::{ComputerPlayer, Doctrinal, Match, Proposal, scenario_doctrines};
    use entente_shared::rules::Game;
    use rand::SeedableRng;

    let scenario = Arc::new(Scenario::classic());
    let table = Match::new(
        Game::new(scenario.clone()),
        scenario_doctrines(&scenario, None),
        false,
    );
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(3);
    for s in scenario.state_ids() {
        let orders = orders_for(&table, s, &mut rng);
        assert_eq!(
            orders.len(),
            table.game().position().unit_count(s),
            "one order a unit"
        );
        assert!(orders.iter().all(|o| !o.reason.is_empty()));
    }
    let france = scenario.find_state("France").unwrap();
    let (germany, england) = (
        scenario.find_state("Germany").unwrap(),
        scenario.find_state("England").unwrap(),
    );
    // At the start nobody threatens anybody enough: England's proposal against Germany is refused,
    // with the reason and a counter-proposal against what France fears most.
    let proposal = Proposal {
        id: 1,
        from: england.0,
        to: france.0,
        against: Some(germany.0),
        reason: String::new(),
    };
    let answer = Doctrinal.answer(&table, &proposal);
    assert!(!answer.accept);
    assert!(
        answer
            .sentence
            .contains("France refuses England's alliance"),
        "{}",
        answer.sentence
    );
    assert!(
        answer.sentence.contains("It would ally against"),
        "{}",
        answer.sentence
    );
}

/// Computer-only games on every bundled scenario and on generated worlds run to the end without
/// refused orders or stalled phases, under every doctrine.
#[test]
fn every_map_and_doctrine_plays_to_the_end() {
    let dir = entente_shared::scenario::assets_dir().join("scenarios");
    let mut scenarios: Vec<Arc<Scenario>> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| Arc::new(Scenario::load(e.unwrap().path().to_str().unwrap()).unwrap()))
        .collect();
    for (states, seed) in [(5, 1), (12, 2), (24, 3)] {
        scenarios.push(Arc::new(
            entente_shared::scenario::generate::generate(states, seed).unwrap(),
        ));
    }
    for scenario in &scenarios {
        let players = vec![Player::Computer; scenario.states.len()];
        let g = play_game(scenario, &players, None, 7);
        assert_eq!((g.refused, g.stalled), (0, 0), "{}", scenario.name);
        assert!(g.phases >= 4, "{}", scenario.name);
    }
    let classic = Arc::new(Scenario::classic());
    let players = vec![Player::Computer; classic.states.len()];
    for name in entente_shared::doctrine::DOCTRINES {
        let doctrine = entente_shared::doctrine::by_name(name);
        let g = play_game(&classic, &players, doctrine, 3);
        assert_eq!(
            (g.refused, g.stalled, unplanned_betrayals(&g)),
            (0, 0, 0),
            "{name}"
        );
    }
}

/// Partners coordinate: over a few games, computer states support their partners' attacks and
/// threatened units, never attack them, and say so in their reasons.
#[test]
fn partners_support_each_other() {
    use entente_shared::ai::plan_orders;
    use entente_shared::play::{
        Command, ComputerPlayer, Doctrinal, Door, GivenOrder, Match, Seating, reconsider_ties,
        scenario_doctrines,
    };
    use entente_shared::rules::{Game, Order};
    use rand::SeedableRng;

    let scenario = Arc::new(Scenario::classic());
    let player: Arc<dyn ComputerPlayer> = Arc::new(Doctrinal);
    let seats: Vec<_> = scenario.state_ids().collect();
    let seating = Seating::of(&player, seats.iter().copied());
    let (mut attacks_backed, mut holds_backed) = (0, 0);
    for seed in 0..4 {
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
            let planned = plan_orders(&table, &seats, &mut rng);
            for &state in &seats {
                let mut orders = Vec::new();
                for (_, choice) in planned.iter().filter(|(s, _)| *s == state) {
                    if choice.reason.contains("supports its partner") {
                        if let Order::SupportMove { .. } = choice.order {
                            attacks_backed += 1;
                        } else {
                            holds_backed += 1;
                        }
                    }
                    orders.push(GivenOrder {
                        order: choice.order.display(&scenario.map).to_string(),
                        reason: Some(choice.reason.clone()),
                    });
                }
                table.commit(Command::Orders {
                    state: state.0,
                    orders,
                });
            }
            table.commit(Command::Resolve);
        }
        let unplanned = table
            .tie_events()
            .iter()
            .filter(|e| e.kind == TieEventKind::Broken)
            .filter(|e| !e.reason.contains("takes over its junior"))
            .count();
        assert_eq!(unplanned, 0);
    }
    assert!(
        attacks_backed > 0 && holds_backed > 0,
        "attacks {attacks_backed}, holds {holds_backed}"
    );
}
