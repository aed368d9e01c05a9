//! The debrief: one self-contained HTML file (inline SVG, no network) that shows a class who
//! allied with whom, when and why, in the theory's terms, and CSV files of the same tables.

use entente_shared::play::TieEventKind;
use std::fmt::Write as _;

use entente_shared::record::GameRecord;

/// Escapes text for HTML and SVG.
pub fn esc(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The year of a phase name like `F1903M`.
fn year_of(phase: &str) -> u32 {
    phase.get(1..5).and_then(|y| y.parse().ok()).unwrap_or(0)
}

/// Index of each movement phase, for the time axes.
fn movement_phases(r: &GameRecord) -> Vec<(usize, &str)> {
    r.phases
        .iter()
        .enumerate()
        .filter(|(_, p)| p.phase.ends_with('M'))
        .map(|(i, p)| (i, p.phase.as_str()))
        .collect()
}

/// Centres after each year: the last phase of the year.
fn centres_by_year(r: &GameRecord) -> Vec<(u32, Vec<usize>)> {
    let mut out: Vec<(u32, Vec<usize>)> = Vec::new();
    for p in &r.phases {
        let y = year_of(&p.phase);
        match out.last_mut() {
            Some((last, c)) if *last == y => *c = p.centres.clone(),
            _ => out.push((y, p.centres.clone())),
        }
    }
    out
}

const W: f64 = 900.0;

fn axis_frame(out: &mut String, title: &str, x_label: &str, y_label: &str, h: f64, left: f64) {
    let _ = write!(
        out,
        r##"<text x="{x}" y="18" class="title">{title}</text><line x1="{left}" y1="{b}" x2="{r}" y2="{b}" class="axis"/><line x1="{left}" y1="30" x2="{left}" y2="{b}" class="axis"/><text x="{mx}" y="{xl}" class="label" text-anchor="middle">{x_label}</text><text x="14" y="{my}" class="label" text-anchor="middle" transform="rotate(-90 14 {my})">{y_label}</text>"##,
        x = W / 2.0,
        title = esc(title),
        left = left,
        b = h - 40.0,
        r = W - 150.0,
        mx = (left + W - 150.0) / 2.0,
        xl = h - 8.0,
        my = (h - 40.0 + 30.0) / 2.0,
        x_label = esc(x_label),
        y_label = esc(y_label),
    );
}

fn legend(out: &mut String, entries: &[(&str, &str)], top: f64) {
    for (i, (name, colour)) in entries.iter().enumerate() {
        let y = top + 18.0 * i as f64;
        let _ = write!(
            out,
            r##"<rect x="{x}" y="{y}" width="12" height="12" fill="{c}" stroke="#333"/><text x="{tx}" y="{ty}" class="small">{name}</text>"##,
            x = W - 140.0,
            y = y,
            c = esc(colour),
            tx = W - 122.0,
            ty = y + 10.0,
            name = esc(name)
        );
    }
}

/// One line of a line chart: name, colour, a value for each x.
pub struct Series {
    pub name: String,
    pub colour: String,
    pub values: Vec<f64>,
}

/// A line chart with a title, both axes labelled and a legend; `y_ticks` is the step between
/// labelled values on the y axis.
pub fn line_chart(
    title: &str,
    x_label: &str,
    y_label: &str,
    x_ticks: &[String],
    series: &[Series],
    y_max: f64,
    y_step: f64,
) -> String {
    let h = 340.0;
    let left = 50.0;
    let max = if y_max > 0.0 { y_max } else { 1.0 };
    let mut out = format!(
        r#"<svg viewBox="0 0 {W} {h}" role="img" aria-label="{}">"#,
        esc(title)
    );
    axis_frame(&mut out, title, x_label, y_label, h, left);
    let n = x_ticks.len().max(2) as f64 - 1.0;
    let x = |k: usize| left + (W - 150.0 - left) * k as f64 / n;
    let y = |v: f64| h - 40.0 - (h - 80.0) * v / max;
    let mut t = 0.0;
    while t <= max + 1e-9 {
        let label = if y_step < 1.0 {
            format!("{t:.2}")
        } else {
            format!("{t:.0}")
        };
        let _ = write!(
            out,
            r#"<text x="{}" y="{}" class="small" text-anchor="end">{label}</text>"#,
            left - 4.0,
            y(t) + 4.0
        );
        t += y_step;
    }
    for (k, tick) in x_ticks.iter().enumerate() {
        if x_ticks.len() <= 12 || k % 2 == 0 {
            let _ = write!(
                out,
                r#"<text x="{}" y="{}" class="small" text-anchor="middle">{}</text>"#,
                x(k),
                h - 26.0,
                esc(tick)
            );
        }
    }
    for line in series {
        let points: Vec<String> = line
            .values
            .iter()
            .enumerate()
            .map(|(k, v)| format!("{:.1},{:.1}", x(k), y(*v)))
            .collect();
        let _ = write!(
            out,
            r#"<polyline points="{}" fill="none" stroke="{}" stroke-width="2.5"><title>{}</title></polyline>"#,
            points.join(" "),
            esc(&line.colour),
            esc(&line.name)
        );
    }
    let names: Vec<(&str, &str)> = series
        .iter()
        .map(|l| (l.name.as_str(), l.colour.as_str()))
        .collect();
    legend(&mut out, &names, 40.0);
    out.push_str("</svg>");
    out
}

fn centres_chart(r: &GameRecord) -> String {
    let data = centres_by_year(r);
    let max = data
        .iter()
        .flat_map(|(_, c)| c.iter().copied())
        .max()
        .unwrap_or(1)
        .max(1) as f64;
    let ticks: Vec<String> = data.iter().map(|(y, _)| y.to_string()).collect();
    let series: Vec<Series> = r
        .states
        .iter()
        .enumerate()
        .map(|(s, state)| Series {
            name: state.name.clone(),
            colour: state.colour.clone(),
            values: data
                .iter()
                .map(|(_, c)| c.get(s).copied().unwrap_or(0) as f64)
                .collect(),
        })
        .collect();
    line_chart(
        "Supply centres of each state, year by year",
        "year",
        "supply centres",
        &ticks,
        &series,
        max,
        if max <= 10.0 { 1.0 } else { 2.0 },
    )
}

/// A tie from the phase it was made to the phase it ended.
struct TieSpan {
    a: usize,
    b: usize,
    kind: String,
    from: usize,
    /// Phase index and how it ended; `None` while still standing.
    end: Option<(usize, String)>,
    reason: String,
}

/// Ties as spans over the phases.
fn tie_spans(r: &GameRecord) -> Vec<TieSpan> {
    let mut open: Vec<(usize, usize, String, usize, String)> = Vec::new();
    let mut spans = Vec::new();
    for (i, p) in r.phases.iter().enumerate() {
        for t in &p.ties {
            let same = |o: &(usize, usize, String, usize, String)| {
                (o.0 == t.a && o.1 == t.b) || (o.0 == t.b && o.1 == t.a)
            };
            match t.kind {
                TieEventKind::Allied | TieEventKind::Aligned => {
                    open.push((t.a, t.b, t.kind.words().to_string(), i, t.reason.clone()))
                }
                TieEventKind::Left | TieEventKind::Broken => {
                    if let Some(k) = open.iter().position(same) {
                        let (a, b, kind, from, reason) = open.remove(k);
                        let how =
                            format!("{} by {}: {}", t.kind.words(), r.states[t.a].name, t.reason);
                        spans.push(TieSpan {
                            a,
                            b,
                            kind,
                            from,
                            end: Some((i, how)),
                            reason,
                        });
                    }
                }
            }
        }
    }
    for (a, b, kind, from, reason) in open {
        spans.push(TieSpan {
            a,
            b,
            kind,
            from,
            end: None,
            reason,
        });
    }
    spans.sort_by_key(|s| (s.from, s.a, s.b));
    spans
}

fn timeline_chart(r: &GameRecord) -> String {
    let spans = tie_spans(r);
    let rows = spans.len().max(1);
    let shown = rows.min(40);
    let h = 80.0 + 16.0 * shown as f64;
    let left = 190.0;
    let last = r.phases.len().max(2) - 1;
    let x = |i: usize| left + (W - 150.0 - left) * i as f64 / last as f64;
    let mut out =
        format!(r#"<svg viewBox="0 0 {W} {h}" role="img" aria-label="Alliance timeline">"#);
    axis_frame(
        &mut out,
        "Alliances and alignments: when made, by whose proposal, and how they ended",
        "year",
        "",
        h,
        left,
    );
    let mut last_year = 0;
    for (i, p) in r.phases.iter().enumerate() {
        let y = year_of(&p.phase);
        if y != last_year && (y % 2 == 1 || r.phases.len() < 40) {
            let _ = write!(
                out,
                r#"<text x="{:.1}" y="{}" class="small" text-anchor="middle">{y}</text>"#,
                x(i),
                h - 26.0
            );
        }
        last_year = y;
    }
    for (
        k,
        TieSpan {
            a,
            b,
            kind,
            from,
            end,
            reason,
        },
    ) in spans.iter().take(shown).enumerate()
    {
        let top = 34.0 + 16.0 * k as f64;
        let to = end.as_ref().map_or(last, |e| e.0);
        let (fill, what) = if kind == "aligned" {
            (
                "#E69F00",
                format!("{} aligns with {}", r.states[*a].name, r.states[*b].name),
            )
        } else {
            (
                "#0072B2",
                format!("{} (proposer) and {}", r.states[*a].name, r.states[*b].name),
            )
        };
        let ending = end
            .as_ref()
            .map_or("still standing at the end".to_string(), |e| e.1.clone());
        let _ = write!(
            out,
            r##"<text x="{lx}" y="{ty}" class="small" text-anchor="end">{label}</text><rect x="{x0:.1}" y="{top}" width="{w:.1}" height="11" fill="{fill}"><title>{title}</title></rect>"##,
            lx = left - 6.0,
            ty = top + 10.0,
            label = esc(&format!("{}–{}", r.states[*a].code, r.states[*b].code)),
            x0 = x(*from),
            w = (x(to) - x(*from)).max(3.0),
            title = esc(&format!("{what}. Made: {reason} Ended: {ending}")),
        );
        if let Some((i, how)) = end
            && how.starts_with("broken")
        {
            let _ = write!(
                out,
                r##"<text x="{:.1}" y="{}" class="small" fill="#D55E00">✕<title>{}</title></text>"##,
                x(*i) + 2.0,
                top + 10.0,
                esc(how)
            );
        }
    }
    let _ = write!(
        out,
        r##"<rect x="{x}" y="40" width="12" height="12" fill="#0072B2"/><text x="{tx}" y="50" class="small">alliance</text><rect x="{x}" y="58" width="12" height="12" fill="#E69F00"/><text x="{tx}" y="68" class="small">alignment</text><text x="{tx}" y="80" class="small">(bandwagoning)</text><text x="{x}" y="98" class="small" fill="#D55E00">✕ broken by an attack</text>"##,
        x = W - 140.0,
        tx = W - 122.0
    );
    if rows > shown {
        let _ = write!(
            out,
            r#"<text x="{left}" y="{}" class="small">… and {} more (see ties.csv)</text>"#,
            h - 44.0,
            rows - shown
        );
    }
    out.push_str("</svg>");
    out
}

fn heat_colour(v: f64) -> String {
    // White to dark red, readable by colour-blind viewers as light to dark.
    let v = v.clamp(0.0, 1.0);
    let r = 255.0 - 90.0 * v;
    let g = 255.0 - 235.0 * v;
    let b = 255.0 - 235.0 * v;
    format!("rgb({:.0},{:.0},{:.0})", r, g, b)
}

fn heat_maps(r: &GameRecord) -> String {
    let phases = movement_phases(r);
    let n = r.states.len();
    let mut out = String::new();
    for i in 0..n {
        let cols = phases.len().max(1);
        let cell = ((W - 150.0 - 120.0) / cols as f64).min(24.0);
        let h = 70.0 + 16.0 * (n - 1) as f64 + 30.0;
        let _ = write!(
            out,
            r#"<svg viewBox="0 0 {W} {h}" role="img" aria-label="Threat seen by {0}">"#,
            esc(&r.states[i].name)
        );
        let _ = write!(
            out,
            r#"<text x="{}" y="18" class="title">How {} saw the others: threat by phase (hover for the four parts)</text>"#,
            W / 2.0,
            esc(&r.states[i].name)
        );
        let mut row = 0;
        for j in 0..n {
            if i == j {
                continue;
            }
            let top = 30.0 + 16.0 * row as f64;
            let _ = write!(
                out,
                r#"<text x="114" y="{}" class="small" text-anchor="end">{}</text>"#,
                top + 11.0,
                esc(&r.states[j].name)
            );
            for (c, (k, name)) in phases.iter().enumerate() {
                let Some(t) = r.phases[*k].threats.get(i).and_then(|row| row.get(j)) else {
                    continue;
                };
                let _ = write!(
                    out,
                    r#"<rect x="{:.1}" y="{top}" width="{:.1}" height="14" fill="{}"><title>{name}: {} seen by {}: {:.2} (power {:.2}, proximity {:.2}, offence {:.2}, intentions {:.2}, before weights)</title></rect>"#,
                    120.0 + cell * c as f64,
                    cell - 1.0,
                    heat_colour(t.total),
                    esc(&r.states[j].name),
                    esc(&r.states[i].name),
                    t.total,
                    t.power,
                    t.proximity,
                    t.offence,
                    t.intentions
                );
            }
            row += 1;
        }
        // The phase axis and the colour scale.
        let base = 30.0 + 16.0 * (n - 1) as f64;
        for (c, (_, name)) in phases.iter().enumerate() {
            if c % 4 == 0 {
                let _ = write!(
                    out,
                    r#"<text x="{:.1}" y="{}" class="small">{name}</text>"#,
                    120.0 + cell * c as f64,
                    base + 14.0
                );
            }
        }
        let _ = write!(
            out,
            r#"<text x="{}" y="{}" class="label">phase</text>"#,
            120.0,
            base + 30.0
        );
        for k in 0..=4 {
            let v = k as f64 / 4.0;
            let _ = write!(
                out,
                r##"<rect x="{}" y="{}" width="20" height="12" fill="{}" stroke="#999"/><text x="{}" y="{}" class="small">{v:.2}</text>"##,
                W - 140.0,
                34.0 + 16.0 * k as f64,
                heat_colour(v),
                W - 114.0,
                44.0 + 16.0 * k as f64
            );
        }
        let _ = write!(
            out,
            r#"<text x="{}" y="28" class="small">threat</text>"#,
            W - 140.0
        );
        out.push_str("</svg>");
    }
    out
}

/// A horizontal bar chart: (label, value, colour) rows, with a title, the value axis labelled and
/// a legend of (name, colour).
pub fn bar_chart(
    title: &str,
    x_label: &str,
    rows: &[(String, f64, &str)],
    legend_entries: &[(&str, &str)],
) -> String {
    let h = 80.0
        + 22.0 * rows.len().max(1) as f64
        + 20.0 * legend_entries.len().saturating_sub(3) as f64;
    let left = 260.0;
    let max = rows.iter().map(|r| r.1).fold(0.0, f64::max).max(1e-9);
    let mut out = format!(
        r#"<svg viewBox="0 0 {W} {h}" role="img" aria-label="{}">"#,
        esc(title)
    );
    axis_frame(&mut out, title, x_label, "", h, left);
    for (k, (label, value, fill)) in rows.iter().enumerate() {
        let top = 36.0 + 22.0 * k as f64;
        let w = (W - 180.0 - left) * value / max;
        let shown = if value.fract() == 0.0 {
            format!("{value:.0}")
        } else {
            format!("{value:.2}")
        };
        let _ = write!(
            out,
            r#"<text x="{}" y="{}" class="small" text-anchor="end">{}</text><rect x="{left}" y="{top}" width="{w:.1}" height="16" fill="{fill}"/><text x="{:.1}" y="{}" class="small">{shown}</text>"#,
            left - 6.0,
            top + 12.0,
            esc(label),
            left + w + 4.0,
            top + 12.0
        );
    }
    legend(&mut out, legend_entries, 40.0);
    out.push_str("</svg>");
    out
}

/// The colour the debrief gives a stance.
pub fn stance_colour(stance: &str) -> &'static str {
    match stance {
        "Bandwagoning" => "#E69F00",
        "Leaving" => "#999999",
        "BuckPassing" => "#CC79A7",
        _ => "#0072B2",
    }
}

pub const STANCE_LEGEND: [(&str, &str); 4] = [
    ("balancing", "#0072B2"),
    ("bandwagoning", "#E69F00"),
    ("leaving", "#999999"),
    ("buck-passing", "#CC79A7"),
];

fn stance_chart(r: &GameRecord) -> String {
    let mut counts: Vec<(String, String, usize)> = Vec::new();
    for d in r
        .phases
        .iter()
        .flat_map(|p| &p.decisions)
        .filter(|d| d.changed)
    {
        match counts
            .iter_mut()
            .find(|(doc, st, _)| *doc == d.doctrine && *st == format!("{:?}", d.stance))
        {
            Some((_, _, c)) => *c += 1,
            None => counts.push((d.doctrine.clone(), format!("{:?}", d.stance), 1)),
        }
    }
    counts.sort();
    let rows: Vec<(String, f64, &str)> = counts
        .iter()
        .map(|(doc, st, c)| (format!("{doc} — {st}"), *c as f64, stance_colour(st)))
        .collect();
    bar_chart(
        "Decisions that changed a tie, by doctrine and stance",
        "number of decisions",
        &rows,
        &STANCE_LEGEND,
    )
}

/// A phase name for people: `F1903M` → "autumn 1903", `W1903A` → "winter 1903".
fn phase_words(phase: &str) -> String {
    let season = match phase.chars().next() {
        Some('S') => "spring",
        Some('F') => "autumn",
        _ => "winter",
    };
    format!("{season} {}", year_of(phase))
}

/// Each state's game in a few sentences: its centres, the state it feared most and when, and
/// the ties it made and left with their reasons, so a class can follow one state.
fn stories(r: &GameRecord) -> String {
    let mut out = String::new();
    let Some(last) = r.phases.last() else {
        return out;
    };
    for (i, state) in r.states.iter().enumerate() {
        let centres: Vec<usize> = r.phases.iter().map(|p| p.centres[i]).collect();
        let (peak_at, peak) = centres
            .iter()
            .enumerate()
            .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(&a.0)))
            .map(|(k, &c)| (k, c))
            .unwrap_or((0, 0));
        let _ = write!(
            out,
            "<details><summary>{} ({}): {} centres after {}, {} at the end</summary><ul>",
            esc(&state.name),
            esc(&state.doctrine.replace('_', " ")),
            centres[0],
            esc(&phase_words(&r.phases[0].phase)),
            last.centres[i]
        );
        if peak > last.centres[i] && peak > centres[0] {
            let _ = write!(
                out,
                "<li>At its height, {} centres in {}.</li>",
                peak,
                esc(&phase_words(&r.phases[peak_at].phase))
            );
        }
        // Who it feared most, in runs of phases.
        let mut runs: Vec<(usize, String, String)> = Vec::new();
        for p in r.phases.iter().filter(|p| !p.threats.is_empty()) {
            let greatest = p.threats[i]
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != i)
                .max_by(|a, b| a.1.total.total_cmp(&b.1.total))
                .map(|(j, _)| j);
            let Some(j) = greatest else { continue };
            match runs.last_mut() {
                Some((k, _, to)) if *k == j => *to = p.phase.clone(),
                _ => runs.push((j, p.phase.clone(), p.phase.clone())),
            }
        }
        if !runs.is_empty() {
            let feared: Vec<String> = runs
                .iter()
                .map(|(j, from, to)| {
                    let (from, to) = (phase_words(from), phase_words(to));
                    if from == to {
                        format!("{} ({from})", r.states[*j].name)
                    } else {
                        format!("{} ({from} to {to})", r.states[*j].name)
                    }
                })
                .collect();
            let _ = write!(
                out,
                "<li>Feared most: {}.</li>",
                esc(&feared.join(", then "))
            );
        }
        for p in &r.phases {
            for t in p.ties.iter().filter(|t| t.a == i || t.b == i) {
                let _ = write!(
                    out,
                    "<li>{}: {} {} {}. <i>{}</i></li>",
                    esc(&phase_words(&p.phase)),
                    esc(&r.states[t.a].name),
                    match t.kind {
                        TieEventKind::Allied => "allied with",
                        TieEventKind::Aligned => "aligned with",
                        TieEventKind::Left => "left its tie with",
                        TieEventKind::Broken => "broke its tie with",
                    },
                    esc(&r.states[t.b].name),
                    esc(&t.reason)
                );
            }
        }
        out.push_str("</ul></details>");
    }
    out
}

fn camps_text(r: &GameRecord, camps: &[Vec<usize>]) -> String {
    if camps.is_empty() {
        return "no alliances".into();
    }
    camps
        .iter()
        .map(|c| {
            c.iter()
                .map(|&s| r.states[s].name.as_str())
                .collect::<Vec<_>>()
                .join(" + ")
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// The ties of a phase in words: "France + Russia against Germany; Italy broke with Austria".
fn ties_text(r: &GameRecord, ties: &[entente_shared::record::TieRecord]) -> String {
    ties.iter()
        .map(|t| {
            let (a, b) = (&r.states[t.a].name, &r.states[t.b].name);
            match t.kind {
                TieEventKind::Allied => match t.against {
                    Some(x) => format!("{a} + {b} against {}", r.states[x].name),
                    None => format!("{a} + {b}"),
                },
                TieEventKind::Aligned => format!("{a} aligns with {b}"),
                TieEventKind::Left => format!("{a} leaves {b}"),
                TieEventKind::Broken => format!("{a} stabs {b}"),
            }
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// The theory at work over the game: balancing against a leader or bandwagoning with it, stabs,
/// and security-dilemma spirals (the offence two states see in each other rising together over
/// two movement phases running while neither's intentions grow), read from the threat cells.
fn theory_at_work(r: &GameRecord) -> String {
    const LEADER: usize = 12;
    let (mut against, mut with, mut other, mut aligned) = (0, 0, 0, 0);
    let mut stabs = Vec::new();
    let mut leader: Option<usize> = None;
    for p in &r.phases {
        for t in &p.ties {
            match (t.kind, leader) {
                (TieEventKind::Allied, Some(l)) if t.against == Some(l) => against += 1,
                (TieEventKind::Allied, Some(l)) if t.a == l || t.b == l => with += 1,
                (TieEventKind::Allied, Some(_)) => other += 1,
                (TieEventKind::Aligned, Some(l)) if t.b == l => aligned += 1,
                (TieEventKind::Broken, _) => stabs.push(format!(
                    "{} stabbed {} in {}",
                    r.states[t.a].name,
                    r.states[t.b].name,
                    phase_words(&p.phase)
                )),
                _ => {}
            }
        }
        let top = p.centres.iter().copied().max().unwrap_or(0);
        leader = (top >= LEADER && p.centres.iter().filter(|&&c| c == top).count() == 1)
            .then(|| p.centres.iter().position(|&c| c == top))
            .flatten();
    }
    // Spirals, from the offence each saw in the other at the start of movement phases.
    let cells: Vec<&Vec<Vec<entente_shared::record::ThreatCell>>> = r
        .phases
        .iter()
        .map(|p| &p.threats)
        .filter(|t| !t.is_empty())
        .collect();
    let mut spirals = 0;
    let n = r.states.len();
    for i in 0..n {
        for j in i + 1..n {
            let mut run = 0;
            for w in cells.windows(2) {
                let (a, b) = (w[0], w[1]);
                if a.len() <= i.max(j) || b.len() <= i.max(j) {
                    continue;
                }
                let up_ij = b[i][j].offence > a[i][j].offence + 0.02;
                let up_ji = b[j][i].offence > a[j][i].offence + 0.02;
                let calm = b[i][j].intentions <= a[i][j].intentions + 1e-9
                    && b[j][i].intentions <= a[j][i].intentions + 1e-9;
                run = if up_ij && up_ji && calm { run + 1 } else { 0 };
                if run == 2 {
                    spirals += 1;
                }
            }
        }
    }
    let mut out = String::from("<h2>The theory at work</h2><ul>");
    let _ = write!(
        out,
        "<li>While one state held {LEADER} or more centres, {against} alliance{} were made against it, {with} with it and {other} against others; {aligned} state{} aligned with it.</li>",
        if against == 1 { " was" } else { "s" },
        if aligned == 1 { "" } else { "s" }
    );
    let _ = write!(
        out,
        "<li>Stabs (a partner attacked without leaving the tie first): {}.</li>",
        if stabs.is_empty() {
            "none".to_string()
        } else {
            esc(&stabs.join("; "))
        }
    );
    let _ = write!(
        out,
        "<li>Security-dilemma spirals (two states each seeing the other's forces within reach grow, two movement phases running, with no new hostile act between them): {spirals}.</li>"
    );
    let _ = write!(out, "<li>{}</li></ul>", esc(&postures(r)));
    out
}

/// Who took a stance without a tie, for how many phases and from when: Finlandization
/// (accommodating a power it could not resist) and soft balancing (denying the strongest state
/// support and passage without allying against it).
fn postures(r: &GameRecord) -> String {
    use entente_shared::alignment::Stance;
    let mut lines = Vec::new();
    for (stance, words) in [
        (Stance::Finlandization, "Finlandized"),
        (
            Stance::SoftBalancing,
            "balanced softly against the strongest state",
        ),
    ] {
        for (i, st) in r.states.iter().enumerate() {
            let phases: Vec<&str> = r
                .phases
                .iter()
                .filter(|p| {
                    p.decisions
                        .iter()
                        .any(|d| d.state == i && d.stance == stance)
                })
                .map(|p| p.phase.as_str())
                .collect();
            if let Some(first) = phases.first() {
                lines.push(format!(
                    "{} {words} in {} phase{} from {}",
                    st.name,
                    phases.len(),
                    if phases.len() == 1 { "" } else { "s" },
                    phase_words(first)
                ));
            }
        }
    }
    if lines.is_empty() {
        "Postures without a tie (Finlandization, soft balancing): none.".to_string()
    } else {
        format!(
            "Postures without a tie (Finlandization, soft balancing): {}.",
            lines.join("; ")
        )
    }
}

/// The whole debrief as one HTML page.
pub fn html(r: &GameRecord) -> String {
    let mut out = String::new();
    let winner = match r.winner {
        Some(w) => format!("{} won.", r.states[w].name),
        None => {
            // A debrief written mid-game must not read as the end of the game: the scenario's
            // last year tells whether the record reaches it.
            let end = entente_shared::scenario::Scenario::load(&r.scenario)
                .ok()
                .and_then(|s| s.end_year)
                .map(u32::from);
            match (r.phases.last().map(|p| p.phase.as_str()), end) {
                (None, _) => "No winner yet: no phase has been played.".to_string(),
                (Some(p), Some(end))
                    if year_of(p) > end || (year_of(p) == end && p.starts_with('W')) =>
                {
                    format!("Nobody won by the last year ({end}).")
                }
                (Some(p), Some(end)) if year_of(p) == end => format!(
                    "No winner so far: the record goes up to {}, in the last year.",
                    phase_words(p)
                ),
                (Some(p), _) => format!("No winner yet: the game stands after {}.", phase_words(p)),
            }
        }
    };
    let doctrines: Vec<String> = r
        .states
        .iter()
        .map(|s| format!("{} ({})", s.name, s.doctrine.replace('_', " ")))
        .collect();
    let _ = write!(
        out,
        r#"<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Debrief: {name}</title><style>
body {{ font-family: system-ui, sans-serif; margin: 24px auto; max-width: 980px; color: #222; }}
h1 {{ font-size: 26px; }} h2 {{ font-size: 20px; margin-top: 32px; border-bottom: 1px solid #ccc; }}
svg {{ width: 100%; height: auto; display: block; margin: 8px 0 16px; }}
.title {{ font-size: 15px; font-weight: 600; text-anchor: middle; }}
.label {{ font-size: 12px; fill: #444; }} .small {{ font-size: 11px; fill: #222; }}
.axis {{ stroke: #444; stroke-width: 1; }}
table {{ border-collapse: collapse; width: 100%; font-size: 13px; }} td, th {{ border: 1px solid #ccc; padding: 4px 6px; vertical-align: top; }}
details {{ margin: 4px 0; }} summary {{ cursor: pointer; font-weight: 600; }} li {{ margin: 2px 0; }}
</style></head><body>
<h1>Debrief: {name}</h1>
<p>Seed {seed}, {phases} phases. {winner}</p>
<p>Doctrines: {doctrines}.</p>
<p>Balance-of-threat theory (Walt) says states ally against the state that threatens them most,
judged by four criteria: aggregate power, geographic proximity, offensive capability and
offensive intentions (what a state has shown by its acts). Weak states next to an overwhelming
threat, with no partner to be had, bandwagon instead: they align with it.</p>"#,
        name = esc(&r.scenario_name),
        seed = r.seed,
        phases = r.phases.len(),
        winner = esc(&winner),
        doctrines = esc(&doctrines.join(", ")),
    );
    out.push_str("<h2>Who held what</h2>");
    out.push_str(&centres_chart(r));
    out.push_str("<h2>Each state's game</h2><p>Open a state to follow it: its centres, the state it feared most and when, and every tie it made or left, with the reason given at the time.</p>");
    out.push_str(&stories(r));
    out.push_str("<h2>Who allied with whom, and when</h2><p>Hover a bar for the reasons it was made and how it ended.</p>");
    out.push_str(&timeline_chart(r));
    out.push_str("<h2>Balancing and bandwagoning</h2>");
    out.push_str(&stance_chart(r));
    out.push_str("<h2>Key moments: what the theories predicted, and what happened</h2><p>At each phase where ties changed, the alliances each theory predicts from the same situation (every state following that theory), beside the camps that formed (allies against a common threat).</p><p>Computer states follow their doctrines, so where they played, that balance of threat predicted what happened is partly built in: the players act on the theory. Where people played, the comparison tells something about them.</p><table><tr><th>phase</th><th>ties made or broken, against whom</th><th>balance of power predicts</th><th>balance of threat predicts</th><th>what happened</th></tr>");
    for p in &r.phases {
        if let Some(m) = &p.moment {
            let _ = write!(
                out,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                esc(&p.phase),
                esc(&ties_text(r, &p.ties)),
                esc(&camps_text(r, &m.balance_of_power)),
                esc(&camps_text(r, &m.balance_of_threat)),
                esc(&camps_text(r, &m.happened))
            );
        }
    }
    out.push_str("</table>");
    out.push_str(&theory_at_work(r));
    out.push_str("<h2>How each state saw the others</h2><p>One chart per state: a row for each other state, a column for each movement phase; the darker the cell, the more that state threatened it, in its own eyes. Hover a cell for the four parts (power, proximity, offensive capability, intentions). A row that darkens after an attack shows intentions at work; a row dark from the start shows power and proximity.</p>");
    out.push_str(&heat_maps(r));
    out.push_str("<h2>Every decision, with its reasons</h2>");
    for p in &r.phases {
        let changed: Vec<_> = p.decisions.iter().filter(|d| d.changed).collect();
        let _ = write!(
            out,
            "<details><summary>{} — {} tie decision{}, {} order{}</summary><ul>",
            esc(&p.phase),
            changed.len(),
            if changed.len() == 1 { "" } else { "s" },
            p.orders.len(),
            if p.orders.len() == 1 { "" } else { "s" }
        );
        for d in &p.decisions {
            let _ = write!(
                out,
                "<li><b>{}</b>: {}</li>",
                esc(&r.states[d.state].name),
                esc(&d.sentence)
            );
        }
        for t in &p.ties {
            let _ = write!(
                out,
                "<li><i>{} {} {}</i>: {}</li>",
                esc(&r.states[t.a].name),
                esc(t.kind.words()),
                esc(&r.states[t.b].name),
                esc(&t.reason)
            );
        }
        for o in &p.orders {
            let _ = write!(
                out,
                "<li>{} <code>{}</code> ({}): {}</li>",
                esc(&r.states[o.state].name),
                esc(&o.order),
                esc(&o.outcome.words()),
                esc(&o.reason)
            );
        }
        out.push_str("</ul></details>");
    }
    out.push_str("</body></html>\n");
    out
}

fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

/// The report's tables as CSV files: (file name, contents).
pub fn csv(r: &GameRecord) -> Vec<(&'static str, String)> {
    let code = |i: usize| r.states[i].code.clone();
    let mut centres = format!(
        "phase,{}\n",
        r.states
            .iter()
            .map(|s| s.code.clone())
            .collect::<Vec<_>>()
            .join(",")
    );
    let mut ties = String::from("phase,kind,a,b,reason\n");
    let mut threats = String::from("phase,observer,of,total,power,proximity,offence,intentions\n");
    let mut decisions = String::from("phase,state,doctrine,stance,changed,sentence\n");
    let mut orders = String::from("phase,state,order,outcome,reason\n");
    for p in &r.phases {
        let _ = writeln!(
            centres,
            "{},{}",
            p.phase,
            p.centres
                .iter()
                .map(|c| c.to_string())
                .collect::<Vec<_>>()
                .join(",")
        );
        for t in &p.ties {
            let _ = writeln!(
                ties,
                "{},{},{},{},{}",
                p.phase,
                t.kind.words(),
                code(t.a),
                code(t.b),
                csv_field(&t.reason)
            );
        }
        for (i, row) in p.threats.iter().enumerate() {
            for (j, t) in row.iter().enumerate() {
                if i != j {
                    let _ = writeln!(
                        threats,
                        "{},{},{},{:.4},{:.4},{:.4},{:.4},{:.4}",
                        p.phase,
                        code(i),
                        code(j),
                        t.total,
                        t.power,
                        t.proximity,
                        t.offence,
                        t.intentions
                    );
                }
            }
        }
        for d in &p.decisions {
            let _ = writeln!(
                decisions,
                "{},{},{},{:?},{},{}",
                p.phase,
                code(d.state),
                d.doctrine,
                d.stance,
                d.changed,
                csv_field(&d.sentence)
            );
        }
        for o in &p.orders {
            let _ = writeln!(
                orders,
                "{},{},{},{},{}",
                p.phase,
                code(o.state),
                csv_field(&o.order),
                csv_field(&o.outcome.words()),
                csv_field(&o.reason)
            );
        }
    }
    vec![
        ("centres.csv", centres),
        ("ties.csv", ties),
        ("threats.csv", threats),
        ("decisions.csv", decisions),
        ("orders.csv", orders),
    ]
}
