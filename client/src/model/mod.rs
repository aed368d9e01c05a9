//! What the client knows, from the server's messages: pure and window-free, so that it can be
//! tested without a screen. [`Model::apply`] takes every [`ServerMsg`]; the screens only read.

use std::collections::{BTreeMap, HashMap};

use entente_shared::protocol::{
    Board, ClientMsg, ClientView, Clock, HostCommand, LensRow, OrderResult, ProposalKind,
    RejoinToken, Role, SeatView, ServerMsg, SessionState, StateView, ThreatView, TieEventKind,
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

/// What one resolved phase did, for the results view.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    pub phase: String,
    /// Every order with its outcome, by state (in the scenario's order of states).
    pub by_state: Vec<(String, Vec<OrderResult>)>,
    /// The orders whose unit was dislodged.
    pub dislodged: Vec<OrderResult>,
    /// Supply centres that changed hands: (province, owner before, owner after).
    pub centres: Vec<(String, Option<String>, Option<String>)>,
    /// Ties made, left or broken in the phase.
    pub ties: Vec<TieLine>,
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
    /// We answered (accept or not); the server has not confirmed yet.
    Answering(bool),
    Accepted(String),
    Refused(String),
}

/// Why a proposal to us lapsed when nobody answered it before its phase ended.
pub const LAPSED: &str = "no answer came before the phase ended";

/// A message for the footer: when it came and in which phase (it goes stale after
/// [`NOTICE_SECS`] or when the phase changes).
#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    pub text: String,
    pub at: f64,
    pub phase: String,
}

/// How long a notice stays in the footer, in seconds.
pub const NOTICE_SECS: f64 = 10.0;

/// A tie made, left or broken, as announced, with the phase it was announced in.
#[derive(Debug, Clone, PartialEq)]
pub struct TieLine {
    pub phase: String,
    pub kind: TieEventKind,
    pub a: String,
    pub b: String,
    pub against: Option<String>,
    pub text: String,
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
    /// The phase it was made in (it lapses when that phase ends).
    pub phase: String,
}

/// Someone asking to join a team that people already hold, as the server last told it.
#[derive(Debug, Clone, PartialEq)]
pub struct SeatRequest {
    pub request: u64,
    pub name: String,
    pub state: String,
    /// None while it waits.
    pub accepted: Option<bool>,
    /// Who settled it.
    pub by: String,
}

/// A request to join a team in words: waiting, let in, refused, or withdrawn by the one asking
/// (the server settles it with `by` empty then; a name that is gone is left out too).
fn seat_request_words(name: &str, team: &str, accepted: Option<bool>, by: &str) -> String {
    match (accepted, by.is_empty()) {
        (None, _) => format!("{name} asks to join {team}'s team"),
        (Some(true), false) => format!("{name} joins {team}'s team (let in by {by})"),
        (Some(true), true) => format!("{name} joins {team}'s team"),
        (Some(false), false) => format!("{name} was not let into {team}'s team (refused by {by})"),
        (Some(false), true) => format!("{name} no longer asks to join {team}'s team"),
    }
}

/// Where a seat stands in the lobby, as the host reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Readiness {
    /// Its players have all said Ready.
    Ready,
    /// People hold it, and not all have said Ready (or none is connected).
    NotYet,
    /// Nobody took it: the computer will play it.
    Computer,
}

impl Readiness {
    pub fn of(seat: &SeatView) -> Readiness {
        match (seat.players.is_empty(), seat.ready) {
            (true, _) => Readiness::Computer,
            (false, true) => Readiness::Ready,
            (false, false) => Readiness::NotYet,
        }
    }

    pub fn words(self) -> &'static str {
        match self {
            Readiness::Ready => "ready",
            Readiness::NotYet => "not ready yet",
            Readiness::Computer => "the computer will play it",
        }
    }

    /// The same in a word or two, for a table.
    pub fn short(self) -> &'static str {
        match self {
            Readiness::Ready => "ready",
            Readiness::NotYet => "not ready",
            Readiness::Computer => "computer",
        }
    }
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
    /// The colour each state is drawn in (as `states`): the scenario's, or nudged where it would
    /// be mistaken for another or for the sea or unowned land ([`crate::palette`]).
    pub palette: Vec<[u8; 3]>,
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
    /// Requests to join a team, oldest first.
    pub seat_requests: Vec<SeatRequest>,
    /// Ties made, left and broken, as announced.
    pub ties: Vec<TieLine>,
    /// Threat lenses by state (ours; every seat's for the host).
    pub lenses: HashMap<String, Lens>,
    /// The host's matrix of threats.
    pub threats: Option<(String, Vec<String>, Vec<Vec<ThreatView>>)>,
    pub host_log: Vec<String>,
    pub clients: Vec<ClientView>,
    /// The last debrief received: (file on the server, html).
    pub report: Option<(String, String)>,
    /// Messages a person should read (refusals, game over ...), newest last.
    pub notices: Vec<Notice>,
    pub game_over: Option<String>,
    pub ended: Option<Ended>,
    /// Seats this host gave to the computer (and has not taken back).
    pub given_to_computer: std::collections::BTreeSet<String>,
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

    /// The colour a state (by code) is drawn in, as `[r, g, b]`.
    pub fn state_colour(&self, code: &str) -> Option<[u8; 3]> {
        let i = self.states.iter().position(|s| s.code == code)?;
        self.palette
            .get(i)
            .copied()
            .or_else(|| parse_hex(&self.states[i].colour))
    }

    /// The full name of a state (by code); the code itself when unknown.
    pub fn state_name<'a>(&'a self, code: &'a str) -> &'a str {
        self.states
            .iter()
            .find(|s| s.code == code)
            .map(|s| s.name.as_str())
            .unwrap_or(code)
    }

    /// Seconds left on the phase clock at `now`: counting down while the game is played,
    /// standing still while the host has paused it.
    pub fn seconds_left(&self, now: f64) -> Option<f64> {
        let running = self.session == Some(SessionState::Playing);
        self.clock.map(|(left, at)| {
            if running {
                (left - (now - at)).max(0.0)
            } else {
                left.max(0.0)
            }
        })
    }

    /// Whether the game is under way (played or paused): not in the lobby, not over.
    pub fn under_way(&self) -> bool {
        matches!(
            self.session,
            Some(SessionState::Playing | SessionState::Paused)
        )
    }

    /// Whether our seat has orders to give this phase (never in the lobby or after the end).
    pub fn must_order(&self) -> bool {
        self.under_way()
            && self
                .seat
                .as_ref()
                .is_some_and(|s| self.to_order.iter().any(|t| t == s))
    }

    /// The notices still worth showing at `now`: of this phase and at most [`NOTICE_SECS`]
    /// old, newest last.
    pub fn fresh_notices(&self, now: f64) -> impl Iterator<Item = &Notice> {
        self.notices
            .iter()
            .filter(move |n| n.phase == self.phase && now - n.at <= NOTICE_SECS)
    }

    /// Our seat's orders as the server holds them.
    pub fn my_orders(&self) -> Option<&SeatOrders> {
        self.seat
            .as_ref()
            .and_then(|s| self.orders.get(s))
            .filter(|o| o.phase == self.phase)
    }

    /// Every seat's orders for this phase as the server reported them, in the scenario's order
    /// of states: the seats that must order (none yet for those that have not) and any other
    /// seat that sent orders.
    pub fn orders_by_seat(&self) -> Vec<(String, Option<SeatOrders>)> {
        self.states
            .iter()
            .map(|s| &s.code)
            .filter_map(|code| {
                let given = self
                    .orders
                    .get(code)
                    .filter(|o| o.phase == self.phase)
                    .cloned();
                let due = self.to_order.contains(code);
                (due || given.is_some()).then(|| (code.clone(), given))
            })
            .collect()
    }

    /// Whether the server would carry out a host command now (as its rules say: start in the
    /// lobby, pause a running game, resume a paused one ...). A seat can be given back to its
    /// people only when it was given to the computer: by us, or (after a reconnect, when we no
    /// longer know) a seat with players that the computer plays.
    pub fn host_allows(&self, cmd: &HostCommand) -> bool {
        use SessionState::*;
        if !self.is_host() {
            return false;
        }
        let seat = |state: &str| self.seats.iter().find(|s| s.state == state);
        match cmd {
            HostCommand::Start => self.session == Some(Lobby),
            HostCommand::Pause => self.session == Some(Playing),
            HostCommand::Resume => self.session == Some(Paused),
            HostCommand::ExtendClock { .. } | HostCommand::ResolveNow => self.under_way(),
            HostCommand::RollBack => {
                matches!(self.session, Some(Playing | Paused | Over)) && !self.results.is_empty()
            }
            HostCommand::EndGame => matches!(self.session, Some(Lobby | Playing | Paused)),
            HostCommand::GiveSeatToComputer { state } => {
                seat(state).is_some() && !self.given_to_computer.contains(state)
            }
            HostCommand::TakeSeatBack { state } => {
                self.given_to_computer.contains(state)
                    || seat(state).is_some_and(|s| s.computer && !s.players.is_empty())
            }
            HostCommand::Remove { client } => self
                .clients
                .iter()
                .any(|c| c.id == *client && !c.host && c.connected),
            HostCommand::SetGrace { .. } | HostCommand::WriteReport => true,
        }
    }

    /// Notes a host command we sent (the seats given to the computer).
    pub fn host_sent(&mut self, cmd: &HostCommand) {
        match cmd {
            HostCommand::GiveSeatToComputer { state } => {
                self.given_to_computer.insert(state.clone());
            }
            HostCommand::TakeSeatBack { state } => {
                self.given_to_computer.remove(state);
            }
            _ => {}
        }
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
            phase: self.phase.clone(),
        });
    }

    /// Answers proposal `id` to us: the message for the server, and the proposal marked as
    /// answered until the server confirms. None when there is no such proposal waiting.
    pub fn answer(&mut self, id: u64, accept: bool, reason: &str) -> Option<ClientMsg> {
        let seat = self.seat.clone();
        let p = self.proposals.iter_mut().find(|p| {
            p.id == Some(id) && p.status == ProposalStatus::Waiting && Some(&p.to) == seat.as_ref()
        })?;
        p.status = ProposalStatus::Answering(accept);
        Some(ClientMsg::Answer {
            proposal: id,
            accept,
            reason: reason.trim().to_string(),
        })
    }

    /// Text with every state's code (a whole word, as servers and refusals write them) put
    /// in the state's name: "RUSSIA" reads "Russia".
    pub fn with_names(&self, text: &str) -> String {
        let word = |c: char| c.is_alphanumeric() || c == '_';
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        while let Some(start) = rest.find(word) {
            out.push_str(&rest[..start]);
            let tail = &rest[start..];
            let len = tail.find(|c: char| !word(c)).unwrap_or(tail.len());
            let w = &tail[..len];
            match self.states.iter().find(|s| s.code == w) {
                Some(s) => out.push_str(&s.name),
                None => out.push_str(w),
            }
            rest = &tail[len..];
        }
        out.push_str(rest);
        out
    }

    /// Requests to join a team that this client may answer now: to our own seat's team, or
    /// any for the host.
    pub fn requests_to_answer(&self) -> impl Iterator<Item = &SeatRequest> {
        let host = self.is_host();
        self.seat_requests.iter().filter(move |r| {
            r.accepted.is_none() && (host || self.seat.as_deref() == Some(r.state.as_str()))
        })
    }

    /// Marks a request answered here (the server's word follows) and gives the message.
    pub fn answer_seat_request(&mut self, request: u64, accept: bool) -> Option<ClientMsg> {
        let r = self
            .seat_requests
            .iter_mut()
            .find(|r| r.request == request && r.accepted.is_none())?;
        r.accepted = Some(accept);
        r.by = "you".into();
        Some(ClientMsg::AnswerSeatRequest { request, accept })
    }

    /// Adds a notice for the footer (and the history), with states named.
    pub fn say(&mut self, text: String, now: f64) {
        let text = self.with_names(&text);
        self.notices.push(Notice {
            text,
            at: now,
            phase: self.phase.clone(),
        });
        if self.notices.len() > KEEP_LINES {
            self.notices.remove(0);
        }
    }

    /// The last notice's text (for tests and logs).
    pub fn last_notice(&self) -> Option<&str> {
        self.notices.last().map(|n| n.text.as_str())
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
                let given: Vec<[u8; 3]> = states
                    .iter()
                    .map(|s| parse_hex(&s.colour).unwrap_or([128, 128, 128]))
                    .collect();
                self.palette = crate::palette::drawing_palette(&given, &crate::map::GROUNDS);
                self.states = states;
                self.ended = None;
            }
            ServerMsg::JoinRefused { reason } => {
                self.say(format!("The server refused to let you in: {reason}"), now);
                self.ended = Some(Ended::Refused(reason));
                self.client_id = None;
            }
            ServerMsg::WrongVersion { server, client } => {
                let why = format!(
                    "The server speaks protocol version {server}, this client {client}: \
                     get the client that matches the server."
                );
                self.say(why.clone(), now);
                self.ended = Some(Ended::Refused(why));
                self.client_id = None;
            }
            ServerMsg::Refused { reason } => self.say(format!("Refused: {reason}"), now),
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
                if phase != self.phase {
                    self.lapse_proposals(&phase);
                }
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
                        phase: self.phase.clone(),
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
                let ours = self.seat.as_deref() == Some(by.as_str());
                let text = match (ours, accept) {
                    (true, true) => format!("We accepted the proposal: {reason}"),
                    (true, false) if reason == LAPSED => {
                        "A proposal to us lapsed: nobody answered it before the phase ended"
                            .to_string()
                    }
                    (true, false) => format!("We refused the proposal: {reason}"),
                    (false, true) => format!("{} accepted: {reason}", self.state_name(&by)),
                    (false, false) => format!("{} refused: {reason}", self.state_name(&by)),
                };
                self.say(text, now);
            }
            ServerMsg::Tie {
                kind,
                a,
                b,
                against,
                text,
            } => self.ties.push(TieLine {
                phase: self.phase.clone(),
                kind,
                a,
                b,
                against,
                text,
            }),
            ServerMsg::Notice { text } => self.say(text, now),
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
                    self.say("The server sent the debrief".into(), now);
                } else {
                    self.say(format!("The server wrote the debrief to {file}"), now);
                }
                self.report = Some((file, html));
            }
            ServerMsg::Clients { clients } => self.clients = clients,
            ServerMsg::SeatRequest {
                request,
                name,
                state,
                accepted,
                by,
            } => {
                let team = self.state_name(&state).to_string();
                let text = seat_request_words(&name, &team, accepted, &by);
                let r = SeatRequest {
                    request,
                    name,
                    state,
                    accepted,
                    by,
                };
                match self.seat_requests.iter_mut().find(|q| q.request == request) {
                    Some(q) => *q = r,
                    None => self.seat_requests.push(r),
                }
                self.say(text, now);
            }
            ServerMsg::GameOver { text } => {
                self.say(format!("Game over: {text}"), now);
                self.game_over = Some(text);
            }
            ServerMsg::Closing { reason } => {
                self.say(format!("The server closed the connection: {reason}"), now);
                self.ended = Some(Ended::Closed(reason));
            }
        }
    }

    /// What resolved phase `step` (an index into `results`) did: every order by state with its
    /// outcome, the units dislodged, the centres that changed hands and the ties made, left or
    /// broken in that phase.
    pub fn summary(&self, step: usize) -> Option<Summary> {
        let r = self.results.get(step)?;
        let after = match self.results.get(step + 1) {
            Some(next) => &next.board_before,
            None => &self.board,
        };
        let mut order: Vec<String> = self.states.iter().map(|s| s.code.clone()).collect();
        for o in &r.orders {
            if !order.contains(&o.state) {
                order.push(o.state.clone());
            }
        }
        let by_state = order
            .into_iter()
            .filter_map(|s| {
                let mine: Vec<OrderResult> =
                    r.orders.iter().filter(|o| o.state == s).cloned().collect();
                (!mine.is_empty()).then_some((s, mine))
            })
            .collect();
        let owner = |b: &Board, p: &str| {
            b.centres
                .iter()
                .find(|(q, _)| q == p)
                .map(|(_, o)| o.clone())
        };
        let mut provinces: Vec<&String> = r
            .board_before
            .centres
            .iter()
            .chain(after.centres.iter())
            .map(|(p, _)| p)
            .collect();
        provinces.sort();
        provinces.dedup();
        let centres = provinces
            .into_iter()
            .filter_map(|p| {
                let (was, now) = (owner(&r.board_before, p), owner(after, p));
                (was != now).then(|| (p.clone(), was, now))
            })
            .collect();
        Some(Summary {
            phase: r.phase.clone(),
            by_state,
            dislodged: r
                .orders
                .iter()
                .filter(|o| o.outcome.dislodged())
                .cloned()
                .collect(),
            centres,
            ties: self
                .ties
                .iter()
                .filter(|t| t.phase == r.phase)
                .cloned()
                .collect(),
        })
    }

    /// The phase ends: proposals to us that nobody answered lapse (the server says so too; this
    /// keeps the screen right if its word is late).
    fn lapse_proposals(&mut self, next: &str) {
        let seat = self.seat.clone();
        for p in &mut self.proposals {
            let to_us = Some(&p.to) == seat.as_ref() && p.id.is_some();
            let open = matches!(
                p.status,
                ProposalStatus::Waiting | ProposalStatus::Answering(_)
            );
            if to_us && open && !p.phase.is_empty() && p.phase != next {
                p.status = ProposalStatus::Refused(LAPSED.into());
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
