//! Property-based fuzzing (proptest) of everything that reads input from outside: network
//! message decoding, order parsing (and the legality check behind it), and scenario loading.
//! Every input must give a value or an error that reads as a sentence, never a panic.
//!
//! Cases per property: `PROPTEST_CASES` (2,000 by default, 500 for scenarios, which are large);
//! `scripts/long-tests` runs a big number. `zz_report_counts` prints how many inputs ran (run
//! with `--test-threads=1` so that it runs last).

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use entente_shared::protocol::{
    self, Board, ClientMsg, Clock, HostCommand, OrderResult, PROTOCOL_VERSION, ServerMsg,
    SessionState, UnitView,
};
use entente_shared::rules::Game;
use entente_shared::scenario::Scenario;
use proptest::prelude::*;
use proptest::test_runner::Config;

fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn config(default: u32) -> Config {
    Config {
        cases: cases(default),
        failure_persistence: None,
        ..Config::default()
    }
}

/// A sentence: not empty, no panic text, no debug dump of bytes.
fn is_sentence(text: &str) -> bool {
    !text.trim().is_empty() && !text.contains("panicked") && text.len() < 4000
}

static DECODED: AtomicU64 = AtomicU64::new(0);
static ORDERS: AtomicU64 = AtomicU64::new(0);
static SCENARIOS: AtomicU64 = AtomicU64::new(0);

fn scenario_text(name: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/../assets/scenarios/{name}.ron",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

fn classic() -> Arc<Scenario> {
    static CLASSIC: std::sync::OnceLock<Arc<Scenario>> = std::sync::OnceLock::new();
    CLASSIC
        .get_or_init(|| Arc::new(Scenario::classic()))
        .clone()
}

fn valid_client_messages() -> Vec<Vec<u8>> {
    let msgs = [
        ClientMsg::Hello {
            version: PROTOCOL_VERSION,
            name: "Ada".into(),
            join_code: "ABCD".into(),
            rejoin: Some([7; 16]),
            host_key: Some("k".into()),
        },
        ClientMsg::TakeSeat {
            state: "FRANCE".into(),
        },
        ClientMsg::SubmitOrders {
            phase: "S1901M".into(),
            orders: vec!["A PAR - BUR".into(), "F BRE - MAO".into()],
        },
        ClientMsg::Press {
            to: vec!["ENGLAND".into()],
            text: "hello".into(),
        },
        ClientMsg::Answer {
            proposal: 3,
            accept: true,
            reason: "why not".into(),
        },
        ClientMsg::Host(HostCommand::ExtendClock { seconds: 60 }),
        ClientMsg::Host(HostCommand::Remove { client: 4 }),
        ClientMsg::Goodbye,
    ];
    msgs.iter().map(protocol::encode_client).collect()
}

fn valid_server_messages() -> Vec<Vec<u8>> {
    let msgs = [
        ServerMsg::Phase {
            phase: "S1901M".into(),
            session: SessionState::Playing,
            clock: Clock {
                millis_left: Some(1000),
                ends_at_unix_ms: Some(5),
            },
            board: Board {
                units: vec![UnitView {
                    state: "FRANCE".into(),
                    kind: 'A',
                    at: "PAR".into(),
                }],
                centres: vec![("PAR".into(), "FRANCE".into())],
                dislodged: vec![],
                adjustments: vec![("FRANCE".into(), 1)],
            },
            to_order: vec!["FRANCE".into()],
        },
        ServerMsg::PhaseResult {
            phase: "S1901M".into(),
            orders: vec![OrderResult {
                state: "FRANCE".into(),
                order: "A PAR - BUR".into(),
                outcome: entente_shared::rules::Outcome::Succeeded,
            }],
            next: "F1901M".into(),
            centres: vec![("FRANCE".into(), 3)],
        },
        ServerMsg::Refused {
            reason: "no".into(),
        },
    ];
    msgs.iter().map(protocol::encode_server).collect()
}

/// One edit of a byte string.
#[derive(Debug, Clone)]
enum Edit {
    Set(usize, u8),
    Insert(usize, u8),
    Remove(usize),
    Truncate(usize),
    Varint(usize, u64),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Edit::Set(i, b)),
        (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Edit::Insert(i, b)),
        any::<usize>().prop_map(Edit::Remove),
        any::<usize>().prop_map(Edit::Truncate),
        // A big length prefix written into the middle (bincode's varint markers).
        (any::<usize>(), any::<u64>()).prop_map(|(i, v)| Edit::Varint(i, v)),
    ]
}

fn apply(mut bytes: Vec<u8>, edits: &[Edit]) -> Vec<u8> {
    for e in edits {
        let n = bytes.len().max(1);
        match *e {
            Edit::Set(i, b) if !bytes.is_empty() => bytes[i % n] = b,
            Edit::Insert(i, b) => bytes.insert(i % (bytes.len() + 1), b),
            Edit::Remove(i) if !bytes.is_empty() => {
                bytes.remove(i % n);
            }
            Edit::Truncate(i) => bytes.truncate(i % (bytes.len() + 1)),
            Edit::Varint(i, v) => {
                let at = i % (bytes.len() + 1);
                let mut enc = vec![0xFD];
                enc.extend_from_slice(&v.to_le_bytes());
                bytes.splice(at..at, enc);
            }
            _ => {}
        }
    }
    bytes
}

fn check_client(bytes: &[u8]) {
    DECODED.fetch_add(1, Ordering::Relaxed);
    match protocol::decode_client(bytes) {
        Ok(msg) => {
            // What decodes encodes back to a message that decodes the same.
            let again = protocol::encode_client(&msg);
            assert_eq!(protocol::decode_client(&again).unwrap(), msg);
        }
        Err(e) => assert!(is_sentence(&e.to_string()), "{e}"),
    }
}

fn check_server(bytes: &[u8]) {
    DECODED.fetch_add(1, Ordering::Relaxed);
    match protocol::decode_server(bytes) {
        Ok(msg) => {
            let again = protocol::encode_server(&msg);
            assert_eq!(protocol::decode_server(&again).unwrap(), msg);
        }
        Err(e) => assert!(is_sentence(&e.to_string()), "{e}"),
    }
}

/// Words orders are made of, to build inputs near the grammar.
const WORDS: &[&str] = &[
    "A", "F", "PAR", "BUR", "MAR", "SPA", "SPA/NC", "SPA/SC", "STP/NC", "BUL/EC", "MAO", "ENG",
    "LON", "KIE", "BER", "MUN", "-", "->", "S", "C", "H", "VIA", "CONVOY", "BUILD", "DISBAND", "D",
    "R", "B", "WAIVE", "SUPPORTS", "HOLD", "FRANCE", "FRENCH", "/", "(", ")", "NC", "", "ÉCOLE",
    "A\u{0}", "🙂",
];

fn order_text() -> impl Strategy<Value = String> {
    prop_oneof![
        // Arbitrary text.
        ".{0,120}",
        // Sequences of the grammar's words.
        prop::collection::vec(prop::sample::select(WORDS), 0..10).prop_map(|w| w.join(" ")),
        // Words glued in odd ways.
        prop::collection::vec(prop::sample::select(WORDS), 0..10).prop_map(|w| w.concat()),
    ]
}

/// An edit of a scenario's text, by characters (so the text stays UTF-8).
#[derive(Debug, Clone)]
enum TextEdit {
    DeleteLine(usize),
    DuplicateLine(usize),
    SwapLines(usize, usize),
    SetChar(usize, char),
    DeleteSpan(usize, u8),
    Number(usize, i64),
}

fn text_edit() -> impl Strategy<Value = TextEdit> {
    prop_oneof![
        any::<usize>().prop_map(TextEdit::DeleteLine),
        any::<usize>().prop_map(TextEdit::DuplicateLine),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| TextEdit::SwapLines(a, b)),
        (
            any::<usize>(),
            prop::sample::select(vec!['(', ')', '[', ']', '"', ',', ':', 'X', '9', '\n', '-'])
        )
            .prop_map(|(i, c)| TextEdit::SetChar(i, c)),
        (any::<usize>(), any::<u8>()).prop_map(|(i, n)| TextEdit::DeleteSpan(i, n)),
        (any::<usize>(), any::<i64>()).prop_map(|(i, n)| TextEdit::Number(i, n)),
    ]
}

fn apply_text(text: &str, edits: &[TextEdit]) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    for e in edits {
        let n = lines.len().max(1);
        match *e {
            TextEdit::DeleteLine(i) if !lines.is_empty() => {
                lines.remove(i % n);
            }
            TextEdit::DuplicateLine(i) if !lines.is_empty() => {
                let l = lines[i % n].clone();
                lines.insert(i % n, l);
            }
            TextEdit::SwapLines(a, b) if !lines.is_empty() => lines.swap(a % n, b % n),
            TextEdit::SetChar(i, _) | TextEdit::DeleteSpan(i, _) | TextEdit::Number(i, _)
                if !lines.is_empty() =>
            {
                let line = &mut lines[i % n];
                let chars: Vec<char> = line.chars().collect();
                let at = (i / n) % (chars.len() + 1);
                let mut out: Vec<char> = chars[..at].to_vec();
                match *e {
                    TextEdit::SetChar(_, c) => {
                        out.push(c);
                        out.extend(chars.iter().skip(at + 1));
                    }
                    TextEdit::DeleteSpan(_, len) => {
                        out.extend(chars.iter().skip(at + len as usize));
                    }
                    TextEdit::Number(_, v) => {
                        out.extend(v.to_string().chars());
                        out.extend(chars.iter().skip(at).skip_while(|c| c.is_ascii_digit()));
                    }
                    _ => unreachable!(),
                }
                *line = out.into_iter().collect();
            }
            _ => {}
        }
    }
    lines.join("\n")
}

fn check_scenario(text: &str) {
    SCENARIOS.fetch_add(1, Ordering::Relaxed);
    match Scenario::from_ron("fuzzed.ron", text) {
        Ok(s) => assert!(!s.states.is_empty()),
        Err(e) => assert!(is_sentence(&e.to_string()), "{e}"),
    }
    for problem in Scenario::check("fuzzed.ron", text) {
        assert!(is_sentence(&problem.to_string()), "{problem}");
    }
}

proptest! {
    #![proptest_config(config(2000))]

    #[test]
    fn arbitrary_bytes_never_panic_the_decoders(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        check_client(&bytes);
        check_server(&bytes);
    }

    #[test]
    fn mutated_messages_never_panic_the_decoders(
        which in any::<usize>(),
        edits in prop::collection::vec(edit(), 1..8),
    ) {
        let client = valid_client_messages();
        check_client(&apply(client[which % client.len()].clone(), &edits));
        let server = valid_server_messages();
        check_server(&apply(server[which % server.len()].clone(), &edits));
    }

    #[test]
    fn any_order_text_is_read_or_refused_with_a_reason(text in order_text(), state in 0u8..7) {
        ORDERS.fetch_add(1, Ordering::Relaxed);
        let scenario = classic();
        if let Err(e) = scenario.parse_order(&text) {
            prop_assert!(is_sentence(&e.to_string()), "{}", e);
        }
        // The whole path a submitted order takes: parse, then the legality check.
        let mut game = Game::new(scenario.clone());
        let s = scenario.state_ids().nth(state as usize % scenario.states.len()).unwrap();
        if let Err(e) = game.submit(s, &text) {
            prop_assert!(is_sentence(&e.to_string()), "{}", e);
        }
    }
}

proptest! {
    #![proptest_config(config(500))]

    #[test]
    fn mutated_scenarios_load_or_are_refused_with_reasons(
        which in 0usize..3,
        edits in prop::collection::vec(text_edit(), 1..6),
    ) {
        let name = ["strait", "classic", "balkans-1912"][which];
        let text = scenario_text(name);
        check_scenario(&apply_text(&text, &edits));
    }

    #[test]
    fn arbitrary_text_as_a_scenario_is_refused_with_a_reason(text in ".{0,400}") {
        check_scenario(&text);
    }
}

/// Prints the counts (run last by name order is not guaranteed; each property also counts).
#[test]
fn zz_report_counts() {
    // Counts are per process; with the default harness the properties may run in parallel, so
    // this prints what has run by now. scripts/long-tests runs with --test-threads=1.
    println!(
        "fuzz executions so far: {} decodes, {} orders, {} scenarios",
        DECODED.load(Ordering::Relaxed),
        ORDERS.load(Ordering::Relaxed),
        SCENARIOS.load(Ordering::Relaxed)
    );
}

// Regressions found by the fuzzing are kept below as plain tests.
