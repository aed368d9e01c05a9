//! A game's record as `serve --resume` and `report` read it: the journal's lines read from a file
//! (as `Journal::read` does) and replayed through the session. Anything gives a session or an
//! error, never a panic; a replayed session's debrief is a consistent record.
#![no_main]

use entente_server::persist::Journal;
use entente_server::session::Session;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // One file for this process, in memory where the system has it.
    thread_local! {
        static PATH: std::path::PathBuf = {
            let dir = if std::path::Path::new("/dev/shm").is_dir() {
                std::path::PathBuf::from("/dev/shm")
            } else {
                std::env::temp_dir()
            };
            dir.join(format!("entente-fuzz-resume-{}.jsonl", std::process::id()))
        };
    }
    PATH.with(|path| {
        std::fs::write(path, data).expect("the fuzz record is written");
        let Ok(entries) = Journal::read(path) else {
            return;
        };
        if let Ok(session) = Session::replay(&entries) {
            let record = session.debrief();
            let problems = record.problems();
            assert!(problems.is_empty(), "a replayed game's debrief: {problems:?}");
        }
    });
});
