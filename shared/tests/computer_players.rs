//! Computer players on the classic map: legal orders, whole games, and a clear edge over
//! random play.

use std::sync::Arc;

use entente_shared::ai::play::{Player, betrayals, play_game};
use entente_shared::scenario::Scenario;

#[test]
fn computer_players_play_whole_games_without_refused_orders_or_betrayals() {
    let scenario = Arc::new(Scenario::classic());
    let players = vec![Player::Computer; scenario.states.len()];
    for seed in 0..6 {
        let g = play_game(&scenario, &players, None, seed);
        assert_eq!(g.refused, 0, "seed {seed}: refused orders");
        assert_eq!(g.stalled, 0);
        assert_eq!(
            betrayals(&g),
            0,
            "seed {seed}: partners attacked while allied: {:?}",
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
