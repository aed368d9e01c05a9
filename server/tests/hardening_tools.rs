//! Issue 20, the command-line tools: `report` checks a record's consistency first and names what
//! is wrong instead of panicking; `measure --phases 0` says why it measures nothing; `bots` run a
//! second time against the same server still join and count only the seats they were given.

use std::process::{Command, Stdio};
use std::time::Duration;

use serde_json::{Value, json};

fn server() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_entente-server"));
    c.current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
        .stdin(Stdio::null());
    c
}

/// A folder of this test's own (tests run in parallel threads of one process).
fn folder(name: &str) -> std::path::PathBuf {
    static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let d = std::env::temp_dir().join(format!("entente-tools-{name}-{}-{n}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// (stdout and stderr together, exit code).
fn output(c: &mut Command) -> (String, i32) {
    let out = c.output().expect("the server runs");
    (
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr),
        out.status.code().unwrap_or(-1),
    )
}

/// A consistent record of a short game.
fn good_record(dir: &std::path::Path) -> Value {
    let path = dir.join("good.json");
    let (text, code) = output(
        server()
            .args(["record", "--scenario", "strait", "--seed", "3", "--out"])
            .arg(&path),
    );
    assert_eq!(code, 0, "{text}");
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
}

#[test]
fn report_names_what_is_wrong_with_an_inconsistent_record() {
    let dir = folder("report");
    let good = good_record(&dir);
    let phases = good["phases"].as_array().unwrap().len();
    assert!(phases >= 4, "a game of {phases} phases");
    type Break = fn(&mut Value);
    let cases: Vec<(&str, Break, &str)> = vec![
        (
            "order by a state that does not exist",
            |r| r["phases"][1]["orders"][0]["state"] = json!(99),
            "an order names state 99",
        ),
        (
            "a phase short of a centre count",
            |r| {
                r["phases"][2]["centres"].as_array_mut().unwrap().pop();
            },
            "centre counts for 3 states",
        ),
        (
            "phases out of order",
            |r| r["phases"].as_array_mut().unwrap().swap(0, 1),
            "is not later",
        ),
        (
            "a phase repeated",
            |r| {
                let first = r["phases"][0].clone();
                r["phases"].as_array_mut().unwrap().insert(1, first)
            },
            "is not later",
        ),
        (
            "a phase name that is none",
            |r| r["phases"][0]["phase"] = json!("Q1901Z"),
            "not a phase name",
        ),
        (
            "a short row of threats",
            |r| {
                r["phases"][0]["threats"][1].as_array_mut().unwrap().pop();
            },
            "threats are not one row",
        ),
        (
            "a winner that is not a state",
            |r| r["winner"] = json!(9),
            "the winner is state 9",
        ),
        (
            "a tie against nobody there",
            |r| {
                r["phases"][1]["ties"] =
                    json!([{"kind": "allied", "a": 0, "b": 1, "against": 42, "reason": "x"}])
            },
            "a tie's target names state 42",
        ),
        (
            "a standing tie with a stranger",
            |r| r["phases"][1]["standing"] = json!([[0, 77, "alliance"]]),
            "a standing tie names state 77",
        ),
        (
            "a camp with a stranger",
            |r| {
                r["phases"][1]["moment"] =
                    json!({"balance_of_power": [[0, 50]], "balance_of_threat": [], "happened": []})
            },
            "a key moment's camp names state 50",
        ),
        (
            "a decision by a stranger",
            |r| r["phases"][0]["decisions"][0]["state"] = json!(12),
            "a decision names state 12",
        ),
        (
            "a colour that is markup",
            |r| r["states"][0]["colour"] = json!("red\"><script>alert(1)</script>"),
            "is not of the form #rrggbb",
        ),
        ("no states", |r| r["states"] = json!([]), "no states"),
        (
            "a state taken away",
            |r| {
                r["states"].as_array_mut().unwrap().pop();
            },
            "centre counts for 2 states",
        ),
    ];
    let good_path = dir.join("good.json");
    let (text, code) = output(
        server()
            .arg("report")
            .arg(&good_path)
            .arg("--out")
            .arg(dir.join("good.html")),
    );
    assert_eq!(code, 0, "the consistent record is drawn: {text}");
    for (k, (what, spoil, words)) in cases.into_iter().enumerate() {
        let mut record = good.clone();
        spoil(&mut record);
        let path = dir.join(format!("bad-{k}.json"));
        std::fs::write(&path, serde_json::to_string(&record).unwrap()).unwrap();
        let html = dir.join(format!("bad-{k}.html"));
        let (text, code) = output(server().arg("report").arg(&path).arg("--out").arg(&html));
        assert_ne!(code, 0, "{what}: accepted: {text}");
        assert!(!text.contains("panicked"), "{what}: {text}");
        assert!(text.contains("not consistent"), "{what}: {text}");
        assert!(text.contains(words), "{what}: should say `{words}`: {text}");
        assert!(!html.exists(), "{what}: a debrief was written");
    }
    // Cut short, as a copy interrupted: not read at all.
    let whole = serde_json::to_string(&good).unwrap();
    let path = dir.join("cut.json");
    std::fs::write(&path, &whole[..whole.len() / 2]).unwrap();
    let (text, code) = output(server().arg("report").arg(&path));
    assert_ne!(code, 0);
    assert!(
        !text.contains("panicked") && text.contains("not a game record"),
        "{text}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn measure_with_no_phases_says_so_instead_of_panicking() {
    let (text, code) = output(server().args(["measure", "--phases", "0", "--clients", "1"]));
    assert_ne!(code, 0, "{text}");
    assert!(!text.contains("panicked"), "{text}");
    assert!(text.contains("--phases 0 measures nothing"), "{text}");
}

#[test]
fn bots_run_twice_against_one_server_each_sit_and_say_so() {
    let saves = folder("bots");
    let log = saves.join("server.log");
    let port = std::net::UdpSocket::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut served = server()
        .args(["serve", "--bind", "127.0.0.1", "--port", &port.to_string()])
        .args([
            "--code",
            "TWICE",
            "--pace-ms",
            "100",
            "--movement-secs",
            "3",
        ])
        .args([
            "--retreat-secs",
            "2",
            "--adjustment-secs",
            "2",
            "--save-dir",
        ])
        .arg(&saves)
        .stdout(Stdio::from(std::fs::File::create(&log).unwrap()))
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(1500));
    let bots = || {
        output(
            server()
                .args(["bots", "--connect", &format!("127.0.0.1:{port}")])
                .args(["--code", "TWICE", "--count", "2", "--phases", "1"]),
        )
    };
    let first = bots();
    let second = bots();
    let _ = served.kill();
    let _ = served.wait();
    for (run, (text, code)) in [("first", first), ("second", second)] {
        assert_eq!(code, 0, "{run} run: {text}");
        assert!(
            text.contains("2 bots seated; 1 phases played"),
            "{run} run: {text}"
        );
        assert!(!text.contains("did not give"), "{run} run: {text}");
    }
    let _ = std::fs::remove_dir_all(&saves);
}
