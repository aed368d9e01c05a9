//! The summary of a batch, built game by game from the records so that memory stays flat and a
//! merged set of shards sums to exactly what one run would (every total is an integer).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use entente_shared::play::measure::{
    DETERRENCE_BUCKETS, LEADER_CENTRES, STRENGTH_CLASSES, TheoryCounts,
};
use entente_shared::rules::{Phase, Season};
use serde::{Deserialize, Serialize};

use super::record::GameRecord;
use super::stats::{two_proportion_z, wilson};

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    pub scenario: String,
    pub states: Vec<String>,
    pub games: u64,
    pub wins: Vec<u64>,
    pub leads: Vec<u64>,
    /// Games with no winner by the end year.
    pub draws: u64,
    pub final_centres: Vec<u64>,
    pub years: u64,
    pub phases: u64,
    pub first_end: Option<u16>,
    pub last_end: Option<u16>,
    /// year → (games that reached it, centres per state summed over those games).
    pub centres_by_year: BTreeMap<u16, (u64, Vec<u64>)>,
    pub alliances: u64,
    pub alignments: u64,
    pub exits: u64,
    pub broken: u64,
    /// Half-years that ties lasted (ties still standing at the end count up to the end).
    pub tie_half_years: u64,
    pub refused: u64,
    /// doctrine → stance → decisions.
    pub stances: BTreeMap<String, BTreeMap<String, u64>>,
    /// What the theory did on the board, over all games.
    #[serde(default)]
    pub theory: TheoryCounts,
}

fn half_years(phase: &str) -> Option<u64> {
    let p = Phase::parse(phase)?;
    Some(p.year as u64 * 2 + u64::from(p.season != Season::Spring))
}

impl Summary {
    pub fn new(scenario: &str, states: Vec<String>) -> Summary {
        let n = states.len();
        Summary {
            scenario: scenario.to_string(),
            states,
            wins: vec![0; n],
            leads: vec![0; n],
            final_centres: vec![0; n],
            ..Default::default()
        }
    }

    pub fn add(&mut self, r: &GameRecord) {
        let index = |code: &str| self.states.iter().position(|s| s == code);
        self.games += 1;
        match r.winner.as_deref().and_then(index) {
            Some(i) => self.wins[i] += 1,
            None => self.draws += 1,
        }
        if let Some(i) = r.leader.as_deref().and_then(index) {
            self.leads[i] += 1;
        }
        for (i, c) in r.centres.iter().enumerate().take(self.states.len()) {
            self.final_centres[i] += *c as u64;
        }
        self.years += r.last_year as u64;
        self.phases += r.phases as u64;
        self.first_end = Some(self.first_end.map_or(r.last_year, |y| y.min(r.last_year)));
        self.last_end = Some(self.last_end.map_or(r.last_year, |y| y.max(r.last_year)));
        for (year, centres) in &r.centres_by_year {
            let entry = self
                .centres_by_year
                .entry(*year)
                .or_insert_with(|| (0, vec![0; centres.len()]));
            entry.0 += 1;
            for (sum, c) in entry.1.iter_mut().zip(centres) {
                *sum += *c as u64;
            }
        }
        self.refused += r.refused as u64;
        let end = r.last_year as u64 * 2 + 2;
        let mut open: Vec<(String, String, u64)> = Vec::new();
        for t in &r.ties {
            let at = half_years(&t.phase).unwrap_or(end);
            let pair = |a: &str, b: &str| (a.min(b).to_string(), a.max(b).to_string());
            match t.kind.as_str() {
                "allied" | "aligned" => {
                    if t.kind == "allied" {
                        self.alliances += 1;
                    } else {
                        self.alignments += 1;
                    }
                    let (a, b) = pair(&t.a, &t.b);
                    open.push((a, b, at));
                }
                "left" | "broken" => {
                    if t.kind == "left" {
                        self.exits += 1;
                    } else {
                        self.broken += 1;
                    }
                    let (a, b) = pair(&t.a, &t.b);
                    if let Some(k) = open.iter().position(|o| o.0 == a && o.1 == b) {
                        let (_, _, since) = open.remove(k);
                        self.tie_half_years += at.saturating_sub(since);
                    }
                }
                _ => {}
            }
        }
        for (_, _, since) in open {
            self.tie_half_years += end.saturating_sub(since);
        }
        self.theory.merge(&r.theory);
        for (d, by) in &r.stances {
            for (s, c) in by {
                *self
                    .stances
                    .entry(d.clone())
                    .or_default()
                    .entry(s.clone())
                    .or_default() += c;
            }
        }
    }

    /// The summary for people.
    pub fn text(&self) -> String {
        let mut out = String::new();
        let n = self.games.max(1);
        let _ = writeln!(out, "Batch of {} games on `{}`.", self.games, self.scenario);
        let _ = writeln!(
            out,
            "{:<10} {:>24} {:>26} {:>14}",
            "state", "wins (95% interval)", "most centres (95% int.)", "mean centres"
        );
        for (i, s) in self.states.iter().enumerate() {
            let (wl, wh) = wilson(self.wins[i], self.games);
            let (ll, lh) = wilson(self.leads[i], self.games);
            let _ = writeln!(
                out,
                "{:<10} {:>5.1}% ({:>5.1}–{:>5.1}%) {:>7.1}% ({:>5.1}–{:>5.1}%) {:>14.2}",
                s,
                100.0 * self.wins[i] as f64 / n as f64,
                100.0 * wl,
                100.0 * wh,
                100.0 * self.leads[i] as f64 / n as f64,
                100.0 * ll,
                100.0 * lh,
                self.final_centres[i] as f64 / n as f64
            );
        }
        let (dl, dh) = wilson(self.draws, self.games);
        let _ = writeln!(
            out,
            "no winner: {:.1}% ({:.1}–{:.1}%)",
            100.0 * self.draws as f64 / n as f64,
            100.0 * dl,
            100.0 * dh
        );
        let _ = writeln!(
            out,
            "game length: ends {}–{}, mean year {:.1}, {:.1} phases on average",
            self.first_end.unwrap_or(0),
            self.last_end.unwrap_or(0),
            self.years as f64 / n as f64,
            self.phases as f64 / n as f64
        );
        let ties = self.alliances + self.alignments;
        let _ = writeln!(
            out,
            "ties: {:.2} alliances and {:.2} alignments a game, lasting {:.1} years on average; {} exits in good order, {} broken by an attack",
            self.alliances as f64 / n as f64,
            self.alignments as f64 / n as f64,
            if ties == 0 {
                0.0
            } else {
                self.tie_half_years as f64 / 2.0 / ties as f64
            },
            self.exits,
            self.broken
        );
        let _ = writeln!(out, "refused orders: {}", self.refused);
        let _ = writeln!(
            out,
            "centre shares after autumn (mean share of all centres):"
        );
        let _ = writeln!(out, "  {:<6} {}", "year", self.states.join(" "));
        for (year, (games, sums)) in &self.centres_by_year {
            let total: u64 = sums.iter().sum();
            let shares: Vec<String> = sums
                .iter()
                .zip(&self.states)
                .map(|(s, name)| {
                    format!(
                        "{:>width$.2}",
                        *s as f64 / total.max(1) as f64,
                        width = name.len()
                    )
                })
                .collect();
            let _ = writeln!(out, "  {year:<6} {}   ({games} games)", shares.join(" "));
        }
        let _ = writeln!(out, "decisions that changed something, by doctrine:");
        for (d, by) in &self.stances {
            let parts: Vec<String> = by.iter().map(|(s, c)| format!("{s} {c}")).collect();
            let _ = writeln!(out, "  {d}: {}", parts.join(", "));
        }
        out.push_str(&theory_text(&self.theory, self.games));
        out
    }
}

/// Two batches on the same seeds, side by side, with a two-proportion z-test per state on wins
/// and on ending with the most centres.
pub fn compare(a: &Summary, b: &Summary, label_a: &str, label_b: &str) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Comparison: A = {label_a}, B = {label_b} ({} and {} games).",
        a.games, b.games
    );
    let _ = writeln!(
        out,
        "{:<10} {:>8} {:>8} {:>7} {:>8} | {:>8} {:>8} {:>7} {:>8}",
        "state", "wins A", "wins B", "z", "p", "most A", "most B", "z", "p"
    );
    for (i, s) in a.states.iter().enumerate() {
        let Some(j) = b.states.iter().position(|x| x == s) else {
            continue;
        };
        let (zw, pw) = two_proportion_z(a.wins[i], a.games, b.wins[j], b.games);
        let (zl, pl) = two_proportion_z(a.leads[i], a.games, b.leads[j], b.games);
        let pct = |x: u64, n: u64| 100.0 * x as f64 / n.max(1) as f64;
        let _ = writeln!(
            out,
            "{:<10} {:>7.1}% {:>7.1}% {:>7.2} {:>8.4} | {:>7.1}% {:>7.1}% {:>7.2} {:>8.4}{}",
            s,
            pct(a.wins[i], a.games),
            pct(b.wins[j], b.games),
            zw,
            pw,
            pct(a.leads[i], a.games),
            pct(b.leads[j], b.games),
            zl,
            pl,
            if pw < 0.05 || pl < 0.05 { "  *" } else { "" }
        );
    }
    let _ = writeln!(
        out,
        "* a difference significant at the 5% level (two-sided, not corrected for the number of states)"
    );
    out
}

impl Summary {
    /// The summary as a page, with the debrief's charts for aggregate results. `colours` are the
    /// states' colours in the summary's order.
    pub fn html(&self, colours: &[String]) -> String {
        use entente_server::report::{
            STANCE_LEGEND, Series, bar_chart, esc, line_chart, stance_colour,
        };
        let n = self.games.max(1) as f64;
        let colour = |i: usize| colours.get(i).cloned().unwrap_or_else(|| "#777777".into());
        let years: Vec<String> = self.centres_by_year.keys().map(|y| y.to_string()).collect();
        let series: Vec<Series> = self
            .states
            .iter()
            .enumerate()
            .map(|(i, s)| Series {
                name: s.clone(),
                colour: colour(i),
                values: self
                    .centres_by_year
                    .values()
                    .map(|(_, sums)| sums[i] as f64 / sums.iter().sum::<u64>().max(1) as f64)
                    .collect(),
            })
            .collect();
        let max_share = series
            .iter()
            .flat_map(|s| s.values.iter().copied())
            .fold(0.0, f64::max);
        let leads: Vec<(String, f64, String)> = self
            .states
            .iter()
            .enumerate()
            .map(|(i, s)| (s.clone(), 100.0 * self.leads[i] as f64 / n, colour(i)))
            .collect();
        let lead_rows: Vec<(String, f64, &str)> = leads
            .iter()
            .map(|(s, v, c)| (s.clone(), *v, c.as_str()))
            .collect();
        let legend: Vec<(&str, &str)> = leads
            .iter()
            .map(|(s, _, c)| (s.as_str(), c.as_str()))
            .collect();
        let mut stance_rows = Vec::new();
        for (d, by) in &self.stances {
            for (st, c) in by {
                stance_rows.push((format!("{d} — {st}"), *c as f64, stance_colour(st)));
            }
        }
        format!(
            r#"<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Batch summary: {scenario}</title><style>
body {{ font-family: system-ui, sans-serif; margin: 24px auto; max-width: 980px; color: #222; }}
svg {{ width: 100%; height: auto; display: block; margin: 8px 0 16px; }}
.title {{ font-size: 15px; font-weight: 600; text-anchor: middle; }} .label {{ font-size: 12px; fill: #444; }}
.small {{ font-size: 11px; fill: #222; }} .axis {{ stroke: #444; }}
pre {{ background: #f6f6f6; padding: 8px; overflow-x: auto; }}
</style></head><body><h1>Batch summary: {scenario}, {games} games</h1>
{shares}{leads}{stances}<h2>The figures</h2><pre>{text}</pre></body></html>
"#,
            scenario = esc(&self.scenario),
            games = self.games,
            shares = line_chart(
                "Mean share of all supply centres, after each autumn",
                "year",
                "share of centres",
                &years,
                &series,
                (max_share * 10.0).ceil() / 10.0,
                0.05,
            ),
            leads = bar_chart(
                "Games ended with the most centres (%)",
                "percent of games",
                &lead_rows,
                &legend
            ),
            stances = bar_chart(
                "Decisions that changed a tie, by doctrine and stance",
                "number of decisions",
                &stance_rows,
                &STANCE_LEGEND
            ),
            text = esc(&self.text()),
        )
    }
}

/// The theory on the board, for people: does threat tell states apart, do they balance the
/// leader, do camps stay coherent, does alliance deter, do spirals happen.
fn theory_text(t: &TheoryCounts, games: u64) -> String {
    let mut out = String::new();
    let pct = |x: u64, n: u64| 100.0 * x as f64 / n.max(1) as f64;
    let c = t.ceiling_shares();
    let _ = writeln!(
        out,
        "threat from 1905 on ({} pairs): at the ceiling: power {:.0}%, proximity {:.0}%, offence {:.0}%, intentions {:.0}%; total threat 10th-90th percentile {:.2}-{:.2} (spread {:.2})",
        t.pairs,
        100.0 * c[0],
        100.0 * c[1],
        100.0 * c[2],
        100.0 * c[3],
        t.threat_quantile(0.1),
        t.threat_quantile(0.9),
        t.threat_quantile(0.9) - t.threat_quantile(0.1)
    );
    let _ = writeln!(
        out,
        "while one state held {LEADER_CENTRES}+ centres, by the doctrine of each other state: alliances it joined, and whom it feared most:"
    );
    for (d, l) in &t.leader {
        let _ = writeln!(
            out,
            "  {d}: {} joined, {:.0}% aimed at the leader, {:.0}% with the leader; {} alignments with the leader; feared the leader most in {:.0}% of {} state-phases",
            l.alliances,
            pct(l.aimed_at_leader, l.alliances),
            pct(l.including_leader, l.alliances),
            l.aligned_with_leader,
            pct(l.feared_leader_most, l.watching),
            l.watching
        );
    }
    let _ = writeln!(
        out,
        "contradictions (a state allied with two states whose alliances are aimed at each other): {}; stabs: {} ({:.2} a game); security-dilemma spirals: {} ({:.2} a game)",
        t.contradictions,
        t.stabs,
        t.stabs as f64 / games.max(1) as f64,
        t.spirals,
        t.spirals as f64 / games.max(1) as f64
    );
    let _ = writeln!(
        out,
        "postures without a tie (state-phases): Finlandized {} ({:.2} a game), balancing softly against the strongest {} ({:.2} a game)",
        t.finlandized,
        t.finlandized as f64 / games.max(1) as f64,
        t.soft_balancing,
        t.soft_balancing as f64 / games.max(1) as f64
    );
    let classes = ["1-3", "4-6", "7-9", "10+"];
    let rates: Vec<String> = classes
        .iter()
        .enumerate()
        .map(|(k, name)| {
            let (ua, ux) = t.exposure[0][k];
            let (aa, ax) = t.exposure[1][k];
            format!(
                "{name} centres: unallied {:.0}% of {ua}, allied {:.0}% of {aa}",
                pct(ux, ua),
                pct(ax, aa)
            )
        })
        .collect();
    let _ = writeln!(
        out,
        "deterrence (movement phases in which a state was attacked by a state it was not tied to): {}",
        rates.join("; ")
    );
    // The same at the moment of choice: of the states that could strike another (a unit one move
    // from it), how many did, by how the other stood.
    let buckets = [
        "alone",
        "allied, partners far",
        "allied, a partner's forces at hand",
        "the same, striker the alliance's target",
    ];
    let line = |table: &[[(u64, u64); STRENGTH_CLASSES]; DETERRENCE_BUCKETS], names: &[&str]| {
        names
            .iter()
            .enumerate()
            .map(|(b, name)| {
                let by_class: Vec<String> = classes
                    .iter()
                    .enumerate()
                    .map(|(k, class)| {
                        let (n, x) = table[b][k];
                        format!("{class} {:.0}% of {n}", pct(x, n))
                    })
                    .collect();
                let (n, x) = table[b].iter().fold((0, 0), |(n, x), c| (n + c.0, x + c.1));
                format!("{name}: {:.0}% of {n} ({})", pct(x, n), by_class.join(", "))
            })
            .collect::<Vec<String>>()
            .join("; ")
    };
    let _ = writeln!(
        out,
        "deterrence at the moment of choice (a state able to strike another did): {}",
        line(&t.chances, &buckets)
    );
    // Deterrence proper: the would-be attackers with no quarrel with the other state (not their
    // greatest threat, no alliance of either aimed at the other's camp).
    let _ = writeln!(
        out,
        "deterrence of states with no quarrel with the other (not their greatest threat, no alliance aimed at either's camp): {}",
        line(&t.uninvolved, &buckets[..3])
    );
    out
}
