//! Issue 20, files: the command-line tools refuse special files by type before reading them,
//! cap every file's size, name missing files and link loops for what they are, check a large
//! scenario in time linear in its size with each problem at its own line, and `analyze` refuses
//! worlds it cannot weigh.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// A folder of this test's own (tests run in parallel threads of one process).
fn folder(name: &str) -> PathBuf {
    static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let d = std::env::temp_dir().join(format!("entente-files-{name}-{}-{n}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// Runs the server with `args`, killed after `limit` (a tool that hangs on a file fails the
/// test instead of hanging it): (stdout and stderr together, exit code, time taken).
fn run(args: &[&str], limit: Duration) -> (String, i32, Duration) {
    let dir = folder("run");
    let (out, err) = (dir.join("out"), dir.join("err"));
    let started = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_entente-server"))
        .args(args)
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&out).unwrap())
        .stderr(std::fs::File::create(&err).unwrap())
        .spawn()
        .unwrap();
    let code = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status.code().unwrap_or(-1);
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("`{}` still running after {limit:?}", args.join(" "));
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let took = started.elapsed();
    let text = std::fs::read_to_string(&out).unwrap() + &std::fs::read_to_string(&err).unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    (text, code, took)
}

fn refused(args: &[&str], words: &str) {
    let (text, code, _) = run(args, Duration::from_secs(30));
    assert_ne!(code, 0, "`{}` accepted: {text}", args.join(" "));
    assert!(!text.contains("panicked"), "{text}");
    assert!(
        text.contains(words),
        "`{}` should say `{words}`: {text}",
        args.join(" ")
    );
}

/// Every tool that reads a file named on the command line.
fn readers(path: &str) -> Vec<Vec<String>> {
    let save = folder("saves").display().to_string();
    let serve = |flag: &str| {
        vec![
            "serve".into(),
            "--bind".into(),
            "127.0.0.1".into(),
            "--port".into(),
            "0".into(),
            "--save-dir".into(),
            save.clone(),
            flag.into(),
            path.into(),
        ]
    };
    vec![
        vec!["check".into(), path.into()],
        vec!["analyze".into(), path.into()],
        vec!["report".into(), path.into()],
        serve("--scenario"),
        serve("--resume"),
    ]
}

#[cfg(unix)]
#[test]
fn named_pipes_devices_and_folders_are_refused_by_type_without_reading() {
    let dir = folder("special");
    let pipe = dir.join("pipe.ron");
    let made = Command::new("mkfifo").arg(&pipe).status().unwrap();
    assert!(made.success());
    let pipe = pipe.display().to_string();
    let folder_path = dir.display().to_string();
    for (path, words) in [
        (pipe.as_str(), "named pipe"),
        ("/dev/zero", "device"),
        (folder_path.as_str(), "folder"),
    ] {
        for args in readers(path) {
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            // `--resume` has its own reader (the record's journal), which names no type.
            let words = if args.contains(&"--resume") {
                "not a regular file"
            } else {
                words
            };
            let (text, code, took) = run(&args, Duration::from_secs(30));
            assert_ne!(code, 0, "`{}` accepted: {text}", args.join(" "));
            assert!(!text.contains("panicked"), "{text}");
            let words = if args.contains(&"--resume") && path == folder_path {
                // Opening a folder for writing fails before its type is looked at.
                "directory"
            } else {
                words
            };
            assert!(
                text.to_lowercase().contains(words),
                "`{}` should say `{words}`: {text}",
                args.join(" ")
            );
            assert!(took < Duration::from_secs(20), "{took:?}");
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn files_over_the_limit_are_refused_with_their_size() {
    let dir = folder("size");
    // Sparse: as large as it says, without taking the disk.
    let big = |name: &str, len: u64, head: &str| {
        let path = dir.join(name);
        let f = std::fs::File::create(&path).unwrap();
        std::io::Write::write_all(&mut &f, head.as_bytes()).unwrap();
        f.set_len(len).unwrap();
        path.display().to_string()
    };
    let scenario = big("big.ron", (32 << 20) + 1, "ScenarioFile(");
    refused(&["check", &scenario], "more than the 33554432 bytes");
    refused(&["analyze", &scenario], "more than the 33554432 bytes");
    let system = big("system.ron", (16 << 20) + 1, "StateSystemFile(");
    refused(&["analyze", &system], "more than the 16777216 bytes");
    let record = big("record.json", (1 << 30) + 1, "{");
    refused(&["report", &record], "more than the 1073741824 bytes");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn missing_files_and_link_loops_are_named_for_what_they_are() {
    for tool in ["check", "analyze"] {
        let (text, code, _) = run(&[tool, "/nonexistent/x.ron"], Duration::from_secs(30));
        assert_ne!(code, 0);
        assert!(
            text.contains("/nonexistent/x.ron: ") && text.contains("no such file"),
            "{text}"
        );
        assert!(!text.contains(".ron.ron"), "{text}");
    }
    refused(&["check", "no-such-scenario"], "no bundled scenario");
    #[cfg(unix)]
    {
        let dir = folder("loop");
        let (a, b) = (dir.join("a"), dir.join("b"));
        std::os::unix::fs::symlink(&b, &a).unwrap();
        std::os::unix::fs::symlink(&a, &b).unwrap();
        let a = a.display().to_string();
        for tool in ["check", "analyze", "report"] {
            refused(&[tool, &a], "symbolic link");
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}

/// The classic scenario with `extra` more land provinces in a chain, `rows` more rows of drawn
/// cells painting them, and `bad` army borders to a province that does not exist, all alike,
/// spread through the list. Returns the text and the lines of the bad borders.
fn big_scenario(extra: usize, rows: usize, bad: usize) -> (String, Vec<usize>) {
    let classic = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../assets/scenarios/classic.ron"
    ))
    .unwrap();
    let mut provinces = String::new();
    for i in 0..extra {
        provinces.push_str(&format!(
            "            ProvinceFile(code: \"Q{i}\", name: \"Quarter {i} of the great plain\", kind: Land),\n"
        ));
    }
    let mut borders = String::new();
    for i in 1..extra {
        borders.push_str(&format!("            (\"Q{}\", \"Q{i}\"),\n", i - 1));
        // `bad` of them, spread evenly.
        if (i * (bad + 1) / extra) != ((i - 1) * (bad + 1) / extra) {
            borders.push_str("            (\"Q1\", \"NOWHERE\"),\n");
        }
    }
    borders.push_str("            (\"Q0\", \"PAR\"),\n");
    // More rows of cells as wide as the drawn map's, painting the new provinces in turn.
    let cells = "        shapes: Some(ShapesFile(cells: [\n";
    let first = &classic[classic.find(cells).unwrap() + cells.len()..];
    let width = first[..first.find('\n').unwrap()]
        .trim()
        .trim_matches([',', '"'])
        .split_whitespace()
        .count();
    let mut painted = String::new();
    let mut next = 0;
    for _ in 0..rows {
        let row: Vec<String> = (0..width)
            .map(|_| {
                next = (next + 1) % extra;
                format!("Q{next}")
            })
            .collect();
        painted.push_str(&format!("            \"{}\",\n", row.join(" ")));
    }
    let text = classic
        .replacen(cells, &format!("{cells}{painted}"), 1)
        .replacen(
            "        provinces: [\n",
            &format!("        provinces: [\n{provinces}"),
            1,
        )
        .replacen(
            "        army_borders: [\n",
            &format!("        army_borders: [\n{borders}"),
            1,
        );
    let lines = text
        .lines()
        .enumerate()
        .filter(|(_, l)| l.contains("NOWHERE"))
        .map(|(i, _)| i + 1)
        .collect();
    (text, lines)
}

#[test]
fn a_repeated_bad_value_is_named_at_each_of_its_lines() {
    let dir = folder("repeat");
    let (text, lines) = big_scenario(200, 3, 4);
    assert_eq!(lines.len(), 4);
    let path = dir.join("repeat.ron");
    std::fs::write(&path, text).unwrap();
    let path = path.display().to_string();
    let (out, code, _) = run(&["check", &path], Duration::from_secs(60));
    assert_eq!(code, 1, "{out}");
    for line in &lines {
        assert!(
            out.contains(&format!(
                "{path}:{line}: army_borders: unknown province `NOWHERE`"
            )),
            "line {line} not named: {out}"
        );
    }
    assert!(out.contains("4 problems found."), "{out}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// `check` on a scenario of 5 MB or more (4,000 more provinces, 12,000 more rows of cells), with
/// 1,000 problems: linear, it takes seconds (a 5.6 MB file took 107 s before, quadratic in the
/// number of problems and of lines).
#[test]
fn checking_a_five_megabyte_scenario_takes_seconds() {
    let dir = folder("five");
    let (text, lines) = big_scenario(4_000, 12_000, 1_000);
    assert!(text.len() >= 5 << 20, "{} bytes", text.len());
    let path = dir.join("five.ron");
    std::fs::write(&path, &text).unwrap();
    let path = path.display().to_string();
    let (out, code, took) = run(&["check", &path], Duration::from_secs(120));
    assert_eq!(code, 1);
    assert!(
        out.contains(&format!("{} problems found.", lines.len())),
        "{}",
        &out[out.len().saturating_sub(300)..]
    );
    let last = lines.last().unwrap();
    assert!(out.contains(&format!("{path}:{last}: army_borders")));
    eprintln!("check on {} bytes: {took:?}", text.len());
    assert!(took < Duration::from_secs(60), "{took:?}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// A state system of `states` states in a ring, with `change` applied to its text.
fn system(states: usize, extra: &str) -> String {
    let mut text = String::from(
        "StateSystemFile(\n    format: 1,\n    name: \"Test\",\n    year: 1900.0,\n    states: [\n",
    );
    for i in 0..states {
        text.push_str(&format!(
            "        StateEntry(code: \"S{i}\", name: \"State {i}\", adjective: \"State {i}'s\", capabilities: CapabilitiesEntry(military_spending: Some({}), population: Some(100))),\n",
            100 + i * 7 % 50
        ));
    }
    text.push_str("    ],\n    geography: Contiguity([\n");
    for i in 0..states {
        text.push_str(&format!(
            "        (\"S{i}\", \"S{}\", Land),\n",
            (i + 1) % states
        ));
    }
    text.push_str("    ]),\n");
    text.push_str(extra);
    text.push_str(")\n");
    text
}

#[test]
fn analyze_refuses_what_it_cannot_weigh() {
    let dir = folder("analyze");
    let write = |name: &str, text: String| {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        path.display().to_string()
    };
    let good = write("good.ron", system(4, ""));
    let (out, code, _) = run(&["analyze", &good], Duration::from_secs(60));
    assert_eq!(code, 0, "a good system is analysed: {out}");
    let cases = [
        (
            "nan-year.ron",
            system(4, "").replace("year: 1900.0", "year: NaN"),
            "year must be a number",
        ),
        (
            "self-tie.ron",
            system(4, "    alliances: [AllianceEntry(members: [\"S1\", \"S1\"])],\n"),
            "listed twice in one tie",
        ),
        (
            "self-border.ron",
            system(4, "").replace("(\"S0\", \"S1\", Land)", "(\"S0\", \"S0\", Land)"),
            "borders itself",
        ),
        (
            "nan-point.ron",
            system(4, "").replace(
                "geography: Contiguity([\n        (\"S0\", \"S1\", Land),\n        (\"S1\", \"S2\", Land),\n        (\"S2\", \"S3\", Land),\n        (\"S3\", \"S0\", Land),\n    ]),",
                "geography: Coordinates([(\"S0\", 0.0, 0.0), (\"S1\", NaN, 1.0), (\"S2\", 2.0, 0.0), (\"S3\", 3.0, 0.0)]),",
            ),
            "",
        ),
        (
            "circle.ron",
            system(
                4,
                "    alliances: [\n        AllianceEntry(members: [\"S1\", \"S2\"], kind: Some(\"Alignment\")),\n        AllianceEntry(members: [\"S2\", \"S3\"], kind: Some(\"Alignment\")),\n        AllianceEntry(members: [\"S3\", \"S1\"], kind: Some(\"Alignment\")),\n    ],\n",
            ),
            "go round in a circle",
        ),
        ("many.ron", system(301, ""), "301 states; the analysis takes 300 at most"),
    ];
    for (name, text, words) in cases {
        let path = write(name, text);
        let (out, code, took) = run(&["analyze", &path], Duration::from_secs(60));
        assert_ne!(code, 0, "{name} accepted: {out}");
        assert!(!out.contains("panicked"), "{out}");
        assert!(out.contains(words), "{name}: {out}");
        assert!(took < Duration::from_secs(30), "{name}: {took:?}");
        if name == "nan-point.ron" {
            assert!(out.contains("NaN") || out.contains("number"), "{out}");
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_bundled_files_still_load_by_name() {
    for args in [
        &["check", "classic"][..],
        &["check", "europe-1914"],
        &["analyze", "strait"],
    ] {
        let (out, code, _) = run(args, Duration::from_secs(120));
        assert_eq!(code, 0, "{args:?}: {out}");
    }
    assert!(Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../assets")).is_dir());
}

#[test]
fn a_map_of_too_many_provinces_is_refused_in_a_sentence() {
    let dir = folder("provinces");
    let (text, _) = big_scenario(4_100, 0, 0);
    let path = dir.join("many.ron");
    std::fs::write(&path, text).unwrap();
    let path = path.display().to_string();
    refused(
        &["check", &path],
        "4175 provinces; a map may have 4096 at most",
    );
    let _ = std::fs::remove_dir_all(&dir);
}
