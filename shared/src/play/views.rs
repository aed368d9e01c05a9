//! What a match shows people: threats with their four parts as the protocol carries them, each
//! seat's threat lens, and ties in words.

use super::{Match, TieEvent, TieEventKind};
use crate::alignment::year_words;
use crate::protocol::{LensRow, ThreatView};
use crate::scenario::{Scenario, StateId};
use crate::threat::{ThreatReport, report};

/// A threat report as the protocol carries it: the parts weighted, so that they add up.
pub fn threat_view(report: &ThreatReport) -> ThreatView {
    let c = report.contributions();
    ThreatView {
        total: report.total as f32,
        power: c.power as f32,
        proximity: c.proximity as f32,
        offence: c.offence as f32,
        intentions: c.intentions as f32,
    }
}

/// The acts behind a report's intention term, in words: "the attack on Venice (VEN) in 1902".
pub fn act_words(report: &ThreatReport) -> Vec<String> {
    report
        .acts
        .iter()
        .take(5)
        .map(|(act, _)| format!("{} in {}", act.note, year_words(act.time)))
        .collect()
}

/// Every threat (`[i][j]`: what `i` sees of `j`), for the host.
pub fn threat_views(table: &Match) -> Vec<Vec<ThreatView>> {
    let system = &table.outlook().system;
    let n = system.len();
    (0..n)
        .map(|i| {
            (0..n)
                .map(|j| {
                    if i == j {
                        ThreatView::default()
                    } else {
                        threat_view(&report(system, table.ties(), i, j))
                    }
                })
                .collect()
        })
        .collect()
}

/// `state`'s threat lens: every other state's threat to it, and its threat to each of them in
/// their eyes.
pub fn lens(table: &Match, state: StateId) -> Vec<LensRow> {
    let system = &table.outlook().system;
    let ties = table.ties();
    let us = state.index();
    let scenario = table.game().scenario();
    (0..system.len())
        .filter(|&j| j != us)
        .map(|j| {
            let (to_us, to_them) = (report(system, ties, us, j), report(system, ties, j, us));
            LensRow {
                state: scenario.states[j].code.clone(),
                threat_to_us: threat_view(&to_us),
                acts_against_us: act_words(&to_us),
                our_threat_to_them: threat_view(&to_them),
                our_acts_against_them: act_words(&to_them),
            }
        })
        .collect()
}

/// A change of ties in a sentence: "France and Russia ally against Germany: ...".
pub fn tie_words(scenario: &Scenario, e: &TieEvent) -> String {
    let name = |i: usize| scenario.states[i].name.as_str();
    let against = e
        .against
        .map(|t| format!(" against {}", name(t)))
        .unwrap_or_default();
    let what = match e.kind {
        TieEventKind::Allied => format!("{} and {} ally{against}", name(e.a), name(e.b)),
        TieEventKind::Aligned => format!("{} aligns with {}", name(e.a), name(e.b)),
        TieEventKind::Left => format!("{} leaves its tie with {}", name(e.a), name(e.b)),
        TieEventKind::Broken => format!("{} breaks its tie with {}", name(e.a), name(e.b)),
    };
    if e.reason.is_empty() {
        what
    } else {
        format!("{what}: {}", e.reason)
    }
}
