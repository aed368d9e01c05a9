//! `report` on arbitrary records: a record is read, checked for consistency, and only a
//! consistent one is drawn, without a panic.
#![no_main]

use entente_shared::record::GameRecord;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(record) = serde_json::from_slice::<GameRecord>(data) else {
        return;
    };
    if record.problems().is_empty() {
        let _ = entente_server::report::html(&record);
        let _ = entente_server::report::csv(&record);
    }
});
