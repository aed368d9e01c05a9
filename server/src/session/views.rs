//! What clients are shown: the seats, the board, the clock, a phase's results. Each view holds
//! only what its audience may see; private things (orders before resolution, private press) are
//! sent to their seats and the host by the modules that handle them.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use entente_shared::protocol::{
    Board, ClientView, Clock, DislodgedView, OrderResult, SeatView, ServerMsg, SessionState,
    StateView, UnitView,
};
use entente_shared::rules::{Outcome, PhaseKind, PhaseReport, Unit};
use entente_shared::scenario::StateId;

use super::Session;

impl Session {
    pub(crate) fn state_views(&self) -> Vec<StateView> {
        self.scenario
            .states
            .iter()
            .map(|s| StateView {
                code: s.code.clone(),
                name: s.name.clone(),
                colour: s.colour.clone(),
            })
            .collect()
    }

    pub(crate) fn seat_views(&self) -> Vec<SeatView> {
        self.scenario
            .state_ids()
            .map(|s| {
                let seat = &self.lobby.seats[s.index()];
                let connected: Vec<bool> = seat
                    .members
                    .iter()
                    .filter_map(|m| self.lobby.clients.get(m))
                    .filter(|c| c.transport.is_some())
                    .map(|c| c.ready)
                    .collect();
                SeatView {
                    state: self.state_code(s),
                    players: self.members(s),
                    computer: seat.computer,
                    submitted: seat.submitted,
                    ready: !connected.is_empty() && connected.iter().all(|r| *r),
                }
            })
            .collect()
    }

    pub(crate) fn client_views(&self) -> Vec<ClientView> {
        self.lobby
            .clients
            .iter()
            .filter(|(_, c)| !c.gone)
            .map(|(id, c)| ClientView {
                id: *id,
                name: c.name.clone(),
                seat: c.seat.map(|s| self.state_code(s)),
                host: c.host,
                connected: c.transport.is_some(),
            })
            .collect()
    }

    fn unit_view(&self, u: &Unit) -> UnitView {
        UnitView {
            state: self.state_code(u.state),
            kind: u.kind.letter(),
            at: self.scenario.map.loc_name(u.loc),
        }
    }

    pub(crate) fn board(&self) -> Board {
        let map = &self.scenario.map;
        let p = self.game().position();
        Board {
            units: p.units().map(|(_, u)| self.unit_view(&u)).collect(),
            centres: map
                .province_ids()
                .filter_map(|id| {
                    p.owners[id.index()].map(|o| (map.code(id).to_string(), self.state_code(o)))
                })
                .collect(),
            dislodged: p
                .dislodged
                .iter()
                .map(|d| DislodgedView {
                    unit: self.unit_view(&d.unit),
                    retreats: d.retreats.iter().map(|l| map.loc_name(*l)).collect(),
                })
                .collect(),
            adjustments: if self.game().phase().kind == PhaseKind::Adjustment {
                self.scenario
                    .state_ids()
                    .map(|s| (self.state_code(s), self.game().adjustment_count(s)))
                    .filter(|(_, n)| *n != 0)
                    .collect()
            } else {
                Vec::new()
            },
        }
    }

    pub(crate) fn clock(&self) -> Clock {
        let left = match self.turn.stage {
            SessionState::Playing => self.turn.deadline.map(|d| d.saturating_sub(self.turn.now)),
            SessionState::Paused => self.turn.paused_left,
            _ => None,
        };
        let running = self.turn.stage == SessionState::Playing;
        Clock {
            millis_left: left.map(|l| l.as_millis() as u64),
            ends_at_unix_ms: left
                .filter(|_| running)
                .map(|l| unix_ms(SystemTime::now()) + l.as_millis() as u64),
        }
    }

    pub(crate) fn phase_view(&self) -> ServerMsg {
        ServerMsg::Phase {
            phase: self.phase_name(),
            session: self.turn.stage,
            clock: self.clock(),
            board: self.board(),
            to_order: self
                .scenario
                .state_ids()
                .filter(|s| self.needs_orders(*s))
                .map(|s| self.state_code(s))
                .collect(),
        }
    }

    pub(crate) fn result_view(&self, report: &PhaseReport) -> ServerMsg {
        let orders = report
            .orders
            .iter()
            // Replaced orders were never the seat's last word; refused ones were told to the
            // seat when given.
            .filter(|o| !matches!(o.outcome, Outcome::Replaced | Outcome::Illegal(_)))
            .map(|o| OrderResult {
                state: self.state_code(o.state),
                order: o.order.clone(),
                outcome: o.outcome.clone(),
            })
            .collect();
        ServerMsg::PhaseResult {
            phase: report.phase.to_string(),
            orders,
            next: report.next.to_string(),
            centres: self
                .scenario
                .state_ids()
                .map(|s| (self.state_code(s), self.game().position().centre_count(s)))
                .collect(),
        }
    }

    /// Whether `state` has any orders to give this phase.
    pub(crate) fn needs_orders(&self, state: StateId) -> bool {
        let p = self.game().position();
        match self.game().phase().kind {
            PhaseKind::Movement => p.unit_count(state) > 0,
            PhaseKind::Retreat => p.dislodged.iter().any(|d| d.unit.state == state),
            PhaseKind::Adjustment => {
                let count = self.game().adjustment_count(state);
                count < 0
                    || (count > 0
                        && self
                            .scenario
                            .state(state)
                            .home_centres
                            .iter()
                            .any(|&h| p.owners[h.index()] == Some(state) && p.unit_in(h).is_none()))
            }
        }
    }
}

pub(crate) fn unix_ms(t: SystemTime) -> u64 {
    t.duration_since(UNIX_EPOCH)
        .unwrap_or(Duration::ZERO)
        .as_millis() as u64
}
