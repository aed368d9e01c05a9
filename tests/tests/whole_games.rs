//! Whole seeded games through the engine: every generated order is legal, every game ends, and
//! the same seed replays the same game.

use std::sync::Arc;

use entente_shared::rules::options::random_orders;
use entente_shared::rules::{Game, PhaseKind, Position};
use entente_shared::scenario::Scenario;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

/// Plays a game of random legal orders; returns the final board and the number of phases.
fn play(scenario: &Arc<Scenario>, seed: u64) -> (Position, usize, Option<u8>) {
    let mut game = Game::new(scenario.clone());
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut phases = 0;
    while !game.is_over() {
        for s in scenario.state_ids() {
            for order in random_orders(&game, s, &mut rng) {
                if let Err(e) = game.submit_order(s, &order) {
                    panic!(
                        "seed {seed}, {}: generated order {} refused: {e}",
                        game.phase(),
                        order.display(&scenario.map)
                    );
                }
            }
        }
        let report = game.resolve();
        phases += 1;
        // Units never share a province, and nothing is left dislodged outside a retreat phase.
        if game.phase().kind != PhaseKind::Retreat {
            assert!(game.position().dislodged.is_empty());
        }
        assert!(report.next != report.phase || game.is_over());
        assert!(phases < 500, "seed {seed}: the game does not end");
    }
    (game.position().clone(), phases, game.winner().map(|w| w.0))
}

#[test]
fn seeded_random_games_end_and_replay_exactly() {
    let scenario = Arc::new(Scenario::classic());
    for seed in 0..20 {
        let (board, phases, winner) = play(&scenario, seed);
        assert!(phases >= 4, "seed {seed}: {phases} phases");
        let (again, phases_again, winner_again) = play(&scenario, seed);
        assert_eq!(board, again, "seed {seed} replays");
        assert_eq!((phases, winner), (phases_again, winner_again));
    }
}

#[test]
fn different_seeds_give_different_games() {
    let scenario = Arc::new(Scenario::classic());
    let (a, _, _) = play(&scenario, 1);
    let (b, _, _) = play(&scenario, 2);
    assert_ne!(a, b);
}
