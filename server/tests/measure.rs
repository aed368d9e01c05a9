//! The load measurement runs end to end (small: 8 clients, 2 phases) and reports its figures.

use std::process::Command;

#[test]
fn measure_reports_latency_bytes_and_memory() {
    let out = Command::new(env!("CARGO_BIN_EXE_entente-server"))
        .args([
            "measure",
            "--clients",
            "8",
            "--phases",
            "2",
            "--phase-secs",
            "1",
        ])
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
        .output()
        .expect("the server binary runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{text}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let number_after = |key: &str| -> f64 {
        let rest = &text[text.find(key).unwrap_or_else(|| panic!("{key} in {text}")) + key.len()..];
        let n: String = rest
            .trim_start()
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == '-')
            .collect();
        n.parse()
            .unwrap_or_else(|_| panic!("a number after {key}: {text}"))
    };
    assert!(
        text.contains("8 clients on loopback, 2 phases of 1 s ended by the clock"),
        "{text}"
    );
    let median = number_after("holding the result: median");
    assert!((0.0..2000.0).contains(&median), "{text}");
    assert!(number_after("per client per phase:") > 500.0, "{text}");
    assert!(number_after("server memory:") > 1000.0, "{text}");
}
