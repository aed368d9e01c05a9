//! The debrief's record, kept as a match is played: a fold over its commands, so that the same
//! commands (played live, or read back from a saved record) give the same debrief.

use crate::alignment::Alignments;
use crate::record::{
    DecisionRecord, GameRecord, OrderRecord, PhaseRecord, ThreatCell, key_moment, standing,
    threat_cells, tie_records,
};
use crate::rules::{Outcome, PhaseKind, PhaseReport};
use crate::threat::StateSystem;

use super::{Considered, Match};

/// Above this many states the record keeps no threat matrices: they would grow as the square.
const MAX_RECORDED_THREAT_STATES: usize = 40;

#[derive(Debug, Clone)]
pub(super) struct Debrief {
    pub record: GameRecord,
    draft: Draft,
}

/// The running phase as the record will keep it.
#[derive(Debug, Clone, Default)]
struct Draft {
    /// The ties and the world as the phase began, for what each theory would have predicted.
    start: Option<(Alignments, StateSystem)>,
    /// Tie events before this phase's.
    events_seen: usize,
    threats: Vec<Vec<ThreatCell>>,
    decisions: Vec<DecisionRecord>,
}

impl Debrief {
    pub fn begin(table: &Match) -> Debrief {
        let mut d = Debrief {
            record: GameRecord::begin(table.game.scenario(), &table.doctrines, 0),
            draft: Draft::default(),
        };
        d.phase_begins(table);
        d
    }

    /// A phase begins: the threats and ties as they stand before anyone reconsiders them.
    pub fn phase_begins(&mut self, table: &Match) {
        let movement = table.game.phase().kind == PhaseKind::Movement;
        let outlook = table.outlook();
        self.draft = Draft {
            start: movement.then(|| (table.ties.clone(), outlook.system.clone())),
            events_seen: table.events.len(),
            threats: if movement && outlook.system.len() <= MAX_RECORDED_THREAT_STATES {
                threat_cells(&outlook.threats)
            } else {
                Vec::new()
            },
            decisions: Vec::new(),
        };
    }

    pub fn considered(&mut self, c: &Considered) {
        self.draft.decisions.retain(|d| d.state != c.state as usize);
        self.draft.decisions.push(DecisionRecord {
            state: c.state as usize,
            doctrine: c.doctrine.clone(),
            stance: c.stance,
            changed: c.acted,
            sentence: c.sentence.clone(),
        });
    }

    /// The phase was resolved (`table` already holds the board and the ties after it): it becomes
    /// a phase of the record.
    pub fn phase_resolved(&mut self, table: &Match, report: &PhaseReport) {
        let draft = std::mem::take(&mut self.draft);
        let orders = report
            .orders
            .iter()
            .filter(|o| !matches!(o.outcome, Outcome::Replaced))
            .map(|o| OrderRecord {
                state: o.state.index(),
                reason: if o.automatic {
                    "made by the rules: a unit removed in civil disorder".into()
                } else {
                    table
                        .reason_of(o.state.index(), &o.order)
                        .unwrap_or("ordered by its players")
                        .to_string()
                },
                order: o.order.clone(),
                outcome: o.outcome.clone(),
            })
            .collect();
        let from = draft.events_seen.min(table.events.len());
        let ties = tie_records(&table.events[from..]);
        let moment = match &draft.start {
            Some((start, system)) if !ties.is_empty() => {
                Some(key_moment(system, start, &table.ties))
            }
            _ => None,
        };
        let game = &table.game;
        self.record.phases.push(PhaseRecord {
            phase: report.phase.to_string(),
            centres: game
                .scenario()
                .state_ids()
                .map(|s| game.position().centre_count(s))
                .collect(),
            threats: draft.threats,
            decisions: draft.decisions,
            orders,
            ties,
            standing: standing(&table.ties),
            moment,
        });
        self.record.winner = game.winner().map(|w| w.index());
    }
}
