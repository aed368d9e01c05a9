//! One game of a batch as a JSON line: enough to replay it (scenario, seed and doctrines; games
//! are deterministic) and to recompute every figure of the summary.

use std::collections::BTreeMap;

use entente_shared::play::GameSummary;
use entente_shared::play::measure::TheoryCounts;
use entente_shared::scenario::Scenario;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GameRecord {
    pub scenario: String,
    pub seed: u64,
    /// Each state's doctrine, by state code.
    pub doctrines: BTreeMap<String, String>,
    pub winner: Option<String>,
    /// The state alone at the top of the centre count at the end.
    pub leader: Option<String>,
    pub last_year: u16,
    pub phases: usize,
    pub refused: usize,
    /// Final centres, in the scenario's order of states.
    pub centres: Vec<usize>,
    /// Centres after each autumn: (year, centres in the scenario's order).
    pub centres_by_year: Vec<(u16, Vec<usize>)>,
    pub ties: Vec<TieRecord>,
    /// Decisions that changed something: doctrine → stance → count.
    pub stances: BTreeMap<String, BTreeMap<String, u64>>,
    /// What the theory did on the board (threat spread, balancing the leader, contradictions,
    /// deterrence, spirals).
    #[serde(default)]
    pub theory: TheoryCounts,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TieRecord {
    pub phase: String,
    pub kind: String,
    pub a: String,
    pub b: String,
    /// What the alliance is against.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub against: Option<String>,
    pub reason: String,
}

impl GameRecord {
    pub fn from_summary(scenario: &Scenario, doctrines: &[&str], g: &GameSummary) -> GameRecord {
        let code = |i: usize| scenario.states[i].code.clone();
        let mut stances: BTreeMap<String, BTreeMap<String, u64>> = BTreeMap::new();
        for (d, s) in &g.stances {
            *stances
                .entry(d.to_string())
                .or_default()
                .entry(format!("{s:?}"))
                .or_default() += 1;
        }
        GameRecord {
            scenario: scenario.id.clone(),
            seed: g.seed,
            doctrines: doctrines
                .iter()
                .enumerate()
                .map(|(i, d)| (code(i), d.to_string()))
                .collect(),
            winner: g.winner.map(|w| code(w.index())),
            leader: g.leader().map(|w| code(w.index())),
            last_year: g.last_year,
            phases: g.phases,
            refused: g.refused,
            centres: g.centres.clone(),
            centres_by_year: g.centres_by_year.clone(),
            ties: g
                .events
                .iter()
                .map(|e| TieRecord {
                    phase: e.phase.clone(),
                    kind: e.kind.words().into(),
                    a: code(e.a),
                    b: code(e.b),
                    against: e.against.map(code),
                    reason: e.reason.clone(),
                })
                .collect(),
            stances,
            theory: g.theory.clone(),
        }
    }
}
