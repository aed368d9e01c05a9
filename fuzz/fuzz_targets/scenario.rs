//! Scenario and state-system files as `check`, `analyze` and `serve --scenario` read them: every
//! text is loaded or refused with lines and sentences, and `check` finds a problem exactly when
//! loading fails.
#![no_main]

use entente_shared::scenario::{FileKind, Scenario};
use entente_shared::threat::{StateSystem, file as system_file};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = FileKind::of(text);
    let problems = Scenario::check("fuzz.ron", text);
    match Scenario::from_ron("fuzz.ron", text) {
        Ok(s) => {
            assert!(problems.is_empty(), "loaded, yet check found {problems:?}");
            // A loaded scenario can be played.
            let _ = entente_shared::rules::Game::new(std::sync::Arc::new(s));
        }
        Err(e) => {
            assert!(!problems.is_empty(), "refused ({e}), yet check found nothing");
            assert!(!e.message.trim().is_empty());
        }
    }
    let problems = system_file::check("fuzz.ron", text);
    match StateSystem::from_ron("fuzz.ron", text) {
        Ok(_) => assert!(problems.is_empty(), "loaded, yet check found {problems:?}"),
        Err(e) => assert!(!e.to_string().trim().is_empty()),
    }
});
