//! The debrief from a recorded game: the HTML has its charts with titles, axes and legends, the
//! CSV tables agree with the record, and headless Chromium renders a page that is not blank.

use std::path::{Path, PathBuf};
use std::process::Command;

fn server(args: &[&str]) {
    let out = Command::new(env!("CARGO_BIN_EXE_entente-server"))
        .args(args)
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
        .output()
        .expect("the server binary runs");
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn scratch() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("entente-report-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn recorded_report(dir: &Path) -> (PathBuf, String) {
    let record = dir.join("game.json");
    let html = dir.join("game.html");
    server(&["record", "--seed", "3", "--out", record.to_str().unwrap()]);
    server(&[
        "report",
        record.to_str().unwrap(),
        "--out",
        html.to_str().unwrap(),
        "--csv",
        dir.join("csv").to_str().unwrap(),
    ]);
    let text = std::fs::read_to_string(&html).unwrap();
    (html, text)
}

#[test]
fn the_debrief_has_titled_charts_with_axes_legends_and_reasons() {
    let dir = scratch();
    let (_, html) = recorded_report(&dir);
    assert!(
        !html.contains("http://") && !html.contains("https://"),
        "self-contained: no network"
    );
    for title in [
        "Supply centres of each state, year by year",
        "Alliances and alignments: when made, by whose proposal, and how they ended",
        "Decisions that changed a tie, by doctrine and stance",
        "How France saw the others: threat by phase",
        "Key moments: what the theories predicted, and what happened",
    ] {
        assert!(html.contains(title), "missing chart: {title}");
    }
    // Axes and legends.
    assert!(
        html.contains(">year<") && html.contains(">supply centres<") && html.contains(">phase<")
    );
    for state in [
        "Austria", "England", "France", "Germany", "Italy", "Russia", "Turkey",
    ] {
        assert!(
            html.contains(&format!(">{state}</text>")),
            "legend names {state}"
        );
    }
    assert!(html.contains(">(bandwagoning)<") && html.contains(">threat<"));
    // Hover texts carry the four parts and the reasons.
    assert!(html.contains("(power ") && html.contains("intentions "));
    assert!(html.contains("threatens") && html.contains("Made: "));
    // Each state's game can be followed on its own, in words.
    assert!(html.contains("Each state's game"));
    for state in ["Austria", "France", "Turkey"] {
        assert!(
            html.contains(&format!("<summary>{state} (balance of threat): ")),
            "{state}'s story"
        );
    }
    assert!(html.contains("<li>Feared most: "), "who each state feared");
    let csv = dir.join("csv");
    let centres = std::fs::read_to_string(csv.join("centres.csv")).unwrap();
    assert!(
        centres.starts_with("phase,AUSTRIA,ENGLAND,FRANCE,GERMANY,ITALY,RUSSIA,TURKEY\nS1901M,")
    );
    let ties = std::fs::read_to_string(csv.join("ties.csv")).unwrap();
    let record: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("game.json")).unwrap()).unwrap();
    let tie_count: usize = record["phases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["ties"].as_array().unwrap().len())
        .sum();
    assert_eq!(ties.lines().count(), tie_count + 1, "a row a tie event");
    assert!(tie_count > 0);
    // Stances without a tie are counted state by state, as the record has them.
    let mut any = false;
    for (stance, words) in [
        ("Finlandization", "Finlandized"),
        (
            "SoftBalancing",
            "balanced softly against the strongest state",
        ),
    ] {
        for (i, state) in record["states"].as_array().unwrap().iter().enumerate() {
            let phases = record["phases"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|p| {
                    p["decisions"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .any(|d| d["state"].as_u64() == Some(i as u64) && d["stance"] == stance)
                })
                .count();
            if phases > 0 {
                any = true;
                let name = state["name"].as_str().unwrap();
                let line = format!("{name} {words} in {phases} phase");
                assert!(html.contains(&line), "the debrief says: {line}");
            }
        }
    }
    assert_eq!(
        html.contains("Postures without a tie (Finlandization, soft balancing): none."),
        !any
    );
}

/// Renders the debrief in headless Chromium (Debian's `chromium`, which `.ci/run` installs) and
/// checks the screenshot: not blank, and showing the states' colours.
#[test]
fn the_debrief_renders_in_a_browser() {
    let chromium = ["chromium", "chromium-browser"].into_iter().find(|c| {
        Command::new(c)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    });
    let Some(chromium) = chromium else {
        // In CI a missing browser is a failure, not a silent "ok".
        assert_ne!(
            std::env::var("CI").as_deref(),
            Ok("true"),
            "no chromium on this machine (apt-get install chromium), and CI=true"
        );
        eprintln!(
            "SKIPPED: no chromium on this machine (apt-get install chromium); the HTML itself is checked by the other test"
        );
        return;
    };
    let dir = scratch();
    let (html, _) = recorded_report(&dir);
    let shot = dir.join("debrief.png");
    let profile = dir.join("chromium-profile");
    let out = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            &format!("--user-data-dir={}", profile.display()),
            "--window-size=1000,1600",
            &format!("--screenshot={}", shot.display()),
            &format!("file://{}", html.display()),
        ])
        .output()
        .unwrap();
    assert!(
        shot.exists(),
        "no screenshot: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(&shot).unwrap()));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    let bytes = &buf[..info.buffer_size()];
    let step = info.color_type.samples();
    let pixels: Vec<[u8; 3]> = bytes.chunks(step).map(|p| [p[0], p[1], p[2]]).collect();
    let non_white = pixels
        .iter()
        .filter(|p| p[0] < 240 || p[1] < 240 || p[2] < 240)
        .count();
    assert!(
        non_white * 50 > pixels.len(),
        "the page is nearly blank: {non_white} of {} pixels",
        pixels.len()
    );
    // Each state's colour appears (the centre lines and the legend).
    for colour in [
        "#D55E00", "#0072B2", "#56B4E9", "#E69F00", "#009E73", "#CC79A7", "#F0E442",
    ] {
        let rgb = [
            u8::from_str_radix(&colour[1..3], 16).unwrap(),
            u8::from_str_radix(&colour[3..5], 16).unwrap(),
            u8::from_str_radix(&colour[5..7], 16).unwrap(),
        ];
        let near = pixels
            .iter()
            .filter(|p| (0..3).all(|k| (p[k] as i32 - rgb[k] as i32).abs() <= 6))
            .count();
        assert!(near >= 20, "colour {colour} shows in {near} pixels");
    }
    std::fs::copy(&shot, std::env::temp_dir().join("entente-debrief.png")).ok();
}
