//! Order text as people type it, on the classic map: read or refused with a sentence, then the
//! legality check a submitted order goes through, for each state in turn.
#![no_main]

use std::sync::{Arc, OnceLock};

use entente_shared::rules::Game;
use entente_shared::scenario::Scenario;
use libfuzzer_sys::fuzz_target;

fn classic() -> Arc<Scenario> {
    static CLASSIC: OnceLock<Arc<Scenario>> = OnceLock::new();
    CLASSIC.get_or_init(|| Arc::new(Scenario::classic())).clone()
}

fuzz_target!(|data: &[u8]| {
    let Some((&which, text)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(text) else {
        return;
    };
    let scenario = classic();
    match scenario.parse_order(text) {
        Ok(order) => {
            // What is read is written back in a form that reads the same.
            let shown = order.display(&scenario.map).to_string();
            let again = scenario.parse_order(&shown).expect("a displayed order reads back");
            assert_eq!(again.display(&scenario.map).to_string(), shown);
        }
        Err(e) => assert!(!e.to_string().trim().is_empty()),
    }
    let mut game = Game::new(scenario.clone());
    let state = scenario
        .state_ids()
        .nth(which as usize % scenario.states.len())
        .expect("a state");
    let _ = game.submit(state, text);
});
