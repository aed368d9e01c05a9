//! What the client knows, from the server's messages: pure and window-free, so that it can be
//! tested without a screen. [`Model::apply`] takes every [`ServerMsg`]; the screens only read.

use std::collections::{BTreeMap, HashMap};

use entente_shared::protocol::{
    Board, ClientView, Clock, LensRow, OrderResult, ProposalKind, RejoinToken, Role, SeatView,
    ServerMsg, SessionState, StateView, ThreatView,
};

#[cfg(test)]
mod tests;

/// The key of a press conversation: everyone, or one other state.
pub const PUBLIC: &str = "(everyone)";

/// A seat's orders as the server last reported them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SeatOrders {
    pub phase: String,
    pub by: String,
    pub accepted: Vec<String>,
    pub refused: Vec<(String, String)>,
}

/// One resolved phase, kept so that the player can step through the game's results.
#[derive(Debug, Clone, PartialEq)]
pub struct PhaseResults {
    pub phase: String,
    pub orders: Vec<OrderResult>,
    pub next: String,
    pub centres: Vec<(String, usize)>,
    /// The board as it stood when the phase was played (the arrows start from it).
    pub board_before: Board,
}

/// A press message, in or out.
#[derive(Debug, Clone, PartialEq)]
pub struct PressLine {
    pub from: String,
    pub to: Vec<String>,
    pub text: String,
}

/// Where a proposal stands.
#[derive(Debug, Clone, PartialEq)]
pub enum ProposalStatus {
    Waiting,
    Accepted(String),
    Refused(String),
}

/// A proposal this seat received, or one it made.
#[derive(Debug, Clone, PartialEq)]
pub struct Proposal {
    pub id: Option<u64>,
    pub from: String,
    pub to: String,
    pub kind: ProposalKind,
    /// Why the proposer asks (empty for our own).
    pub reason: String,
    pub status: ProposalStatus,
}

/// A seat's threat lens for one phase.
#[derive(Debug, Clone, PartialEq)]
pub struct Lens {
    pub phase: String,
    pub rows: Vec<LensRow>,
}

/// Why the session ended for this client, when it did.
#[derive(Debug, Clone, PartialEq)]
pub enum Ended {
    /// Refused at the door (wrong code, version, full ...): do not try again by ourselves.
    Refused(String),
    /// The server closed or removed us.
    Closed(String),
}

/// Everything the client knows.
#[derive(Debug, Clone, Default)]
pub struct Model {
    pub client_id: Option<u64>,
    pub rejoin: Option<RejoinToken>,
    pub role: Option<Role>,
    pub seat: Option<String>,
    pub scenario: String,
    pub scenario_source: String,
    pub states: Vec<StateView>,
    pub seats: Vec<SeatView>,
    pub phase: String,
    pub session: Option<SessionState>,
    /// Seconds left on the clock when it was last set, and the time (`now` given to `apply`) it
    /// was set at.
    pub clock: Option<(f64, f64)>,
    pub board: Board,
    pub to_order: Vec<String>,
    /// Orders by state, as the server last reported them (ours, our team's, all for the host).
    pub orders: HashMap<String, SeatOrders>,
    /// Resolved phases, oldest first.
    pub results: Vec<PhaseResults>,
    /// Press by conversation ([`PUBLIC`] or the other state's code), oldest first.
    pub press: BTreeMap<String, Vec<PressLine>>,
    /// Unread press by conversation.
    pub unread: BTreeMap<String, usize>,
    pub proposals: Vec<Proposal>,
    /// Ties made, left and broken, as announced.
    pub ties: Vec<String>,
    /// Threat lenses by state (ours; every seat's for the host).
    pub lenses: HashMap<String, Lens>,
    /// The host's matrix of threats.
    pub threats: Option<(String, Vec<String>, Vec<Vec<ThreatView>>)>,
    pub host_log: Vec<String>,
    pub clients: Vec<ClientView>,
    /// The last debrief received: (file on the server, html).
    pub report: Option<(String, String)>,
    /// Messages a person should read (refusals, game over ...), newest last.
    pub notices: Vec<String>,
    pub game_over: Option<String>,
    pub ended: Option<Ended>,
    /// Incremented on every message, so that screens know when to redraw.
    pub generation: u64,
}

/// Most host log lines and notices kept.
const KEEP_LINES: usize = 2000;

impl Model {
    /// Whether the server has admitted us.
    pub fn joined(&self) -> bool {
        self.client_id.is_some() && self.ended.is_none()
    }

    pub fn is_host(&self) -> bool {
        matches!(self.role, Some(Role::Host | Role::SeatedHost))
    }

    /// The scenario colour of a state (by code), as `[r, g, b]`.
    pub fn state_colour(&self, code: &str) -> Option<[u8; 3]> {
        self.states
            .iter()
            .find(|s| s.code == code)
            .and_then(|s| parse_hex(&s.colour))
    }

    /// The full name of a state (by code); the code itself when unknown.
    pub fn state_name<'a>(&'a self, code: &'a str) -> &'a str {
        self.states
            .iter()
            .find(|s| s.code == code)
            .map(|s| s.name.as_str())
            .unwrap_or(code)
    }

    /// Seconds left on the phase clock at `now`.
    pub fn seconds_left(&self, now: f64) -> Option<f64> {
        self.clock.map(|(left, at)| (left - (now - at)).max(0.0))
    }

    /// Whether our seat has orders to give this phase.
    pub fn must_order(&self) -> bool {
        self.seat
            .as_ref()
            .is_some_and(|s| self.to_order.iter().any(|t| t == s))
    }

    /// Our seat's orders as the server holds them.
    pub fn my_orders(&self) -> Option<&SeatOrders> {
        self.seat
            .as_ref()
            .and_then(|s| self.orders.get(s))
            .filter(|o| o.phase == self.phase)
    }

    /// Total unread press.
    pub fn unread_total(&self) -> usize {
        self.unread.values().sum()
    }

    /// Marks a conversation as read.
    pub fn read(&mut self, conversation: &str) {
        self.unread.remove(conversation);
    }

    /// Proposals to us still waiting for an answer.
    pub fn waiting_proposals(&self) -> impl Iterator<Item = &Proposal> {
        self.proposals
            .iter()
            .filter(|p| p.status == ProposalStatus::Waiting && p.id.is_some())
            .filter(move |p| Some(&p.to) == self.seat.as_ref())
    }

    /// Notes a proposal we made.
    pub fn sent_proposal(&mut self, to: String, kind: ProposalKind) {
        let from = self.seat.clone().unwrap_or_default();
        self.proposals.push(Proposal {
            id: None,
            from,
            to,
            kind,
            reason: String::new(),
            status: ProposalStatus::Waiting,
        });
    }

    fn notice(&mut self, text: String) {
        self.notices.push(text);
        if self.notices.len() > KEEP_LINES {
            self.notices.remove(0);
        }
    }

    /// Takes one message from the server. `now` is the client's clock in seconds (for the
    /// phase countdown).
    pub fn apply(&mut self, msg: ServerMsg, now: f64) {
        self.generation += 1;
        match msg {
            ServerMsg::Welcome {
                client,
                rejoin,
                role,
                seat,
                scenario,
                scenario_source,
                states,
            } => {
                self.client_id = Some(client);
                self.rejoin = Some(rejoin);
                self.role = Some(role);
                self.seat = seat;
                self.scenario = scenario;
                self.scenario_source = scenario_source;
                self.states = states;
                self.ended = None;
            }
            ServerMsg::JoinRefused { reason } => {
                self.notice(format!("The server refused to let you in: {reason}"));
                self.ended = Some(Ended::Refused(reason));
                self.client_id = None;
            }
            ServerMsg::WrongVersion { server, client } => {
                let why = format!(
                    "The server speaks protocol version {server}, this client {client}: \
                     get the client that matches the server."
                );
                self.notice(why.clone());
                self.ended = Some(Ended::Refused(why));
                self.client_id = None;
            }
            ServerMsg::Refused { reason } => self.notice(format!("Refused: {reason}")),
            ServerMsg::Role { role, seat } => {
                self.role = Some(role);
                self.seat = seat;
            }
            ServerMsg::Seats { seats } => self.seats = seats,
            ServerMsg::Phase {
                phase,
                session,
                clock,
                board,
                to_order,
            } => {
                self.phase = phase;
                self.session = Some(session);
                self.set_clock(clock, now);
                self.board = board;
                self.to_order = to_order;
            }
            ServerMsg::Clock { session, clock } => {
                self.session = Some(session);
                self.set_clock(clock, now);
            }
            ServerMsg::Orders {
                phase,
                state,
                by,
                accepted,
                refused,
            } => {
                self.orders.insert(
                    state,
                    SeatOrders {
                        phase,
                        by,
                        accepted,
                        refused,
                    },
                );
            }
            ServerMsg::PhaseResult {
                phase,
                orders,
                next,
                centres,
            } => {
                let board_before = self.board.clone();
                self.results.push(PhaseResults {
                    phase,
                    orders,
                    next,
                    centres,
                    board_before,
                });
            }
            ServerMsg::Press { from, to, text } => {
                // The server echoes our own press back to our team.
                let mine = self.seat.as_deref() == Some(from.as_str());
                let key = if mine {
                    conversation_key(&to, None)
                } else {
                    conversation_key(&to, Some(&from))
                };
                self.press
                    .entry(key.clone())
                    .or_default()
                    .push(PressLine { from, to, text });
                if !mine {
                    *self.unread.entry(key).or_default() += 1;
                }
            }
            ServerMsg::Proposal {
                id,
                from,
                kind,
                reason,
            } => {
                if !self.proposals.iter().any(|p| p.id == Some(id)) {
                    let to = self.seat.clone().unwrap_or_default();
                    self.proposals.push(Proposal {
                        id: Some(id),
                        from,
                        to,
                        kind,
                        reason,
                        status: ProposalStatus::Waiting,
                    });
                }
            }
            ServerMsg::ProposalAnswered {
                id,
                by,
                accept,
                reason,
            } => {
                let status = if accept {
                    ProposalStatus::Accepted(reason.clone())
                } else {
                    ProposalStatus::Refused(reason.clone())
                };
                // Ours (no id known: the latest waiting one to `by`) or one we answered.
                if let Some(p) = self.proposals.iter_mut().find(|p| p.id == Some(id)) {
                    p.status = status;
                } else if let Some(p) =
                    self.proposals.iter_mut().rev().find(|p| {
                        p.id.is_none() && p.to == by && p.status == ProposalStatus::Waiting
                    })
                {
                    p.id = Some(id);
                    p.status = status;
                }
                let verdict = if accept { "accepted" } else { "refused" };
                self.notice(format!("{by} {verdict} proposal {id}: {reason}"));
            }
            ServerMsg::Tie { text, .. } => self.ties.push(text),
            ServerMsg::Notice { text } => self.notice(text),
            ServerMsg::HostLog { lines } => {
                self.host_log.extend(lines);
                let over = self.host_log.len().saturating_sub(KEEP_LINES);
                self.host_log.drain(..over);
            }
            ServerMsg::Threats {
                phase,
                states,
                cells,
            } => self.threats = Some((phase, states, cells)),
            ServerMsg::Lens { phase, state, rows } => {
                self.lenses.insert(state, Lens { phase, rows });
            }
            ServerMsg::Report { file, html } => {
                if file.is_empty() {
                    self.notice("The server sent the debrief".into());
                } else {
                    self.notice(format!("The server wrote the debrief to {file}"));
                }
                self.report = Some((file, html));
            }
            ServerMsg::Clients { clients } => self.clients = clients,
            ServerMsg::GameOver { text } => {
                self.notice(format!("Game over: {text}"));
                self.game_over = Some(text);
            }
            ServerMsg::Closing { reason } => {
                self.notice(format!("The server closed the connection: {reason}"));
                self.ended = Some(Ended::Closed(reason));
            }
        }
    }

    fn set_clock(&mut self, clock: Clock, now: f64) {
        self.clock = clock.millis_left.map(|ms| (ms as f64 / 1000.0, now));
    }
}

/// The conversation a press message belongs to: public when sent to everyone; otherwise the
/// other party (the first addressee when we sent it, the sender when we received it).
pub fn conversation_key(to: &[String], from: Option<&str>) -> String {
    if to.is_empty() {
        return PUBLIC.into();
    }
    match from {
        Some(f) => f.to_string(),
        None => to.join(","),
    }
}

/// Reads `#rrggbb`.
pub fn parse_hex(text: &str) -> Option<[u8; 3]> {
    let t = text.trim().trim_start_matches('#');
    if t.len() != 6 || !t.is_ascii() {
        return None;
    }
    let byte = |i: usize| u8::from_str_radix(&t[i..i + 2], 16).ok();
    Some([byte(0)?, byte(2)?, byte(4)?])
}
