//! The turn: a phase begins (the computer gives its seats' orders), people give theirs, and the
//! phase ends when every seat with orders to give has given them or the clock runs out (seats
//! without orders hold); then the phase is resolved and the next begins.

pub mod computer;

use std::time::Duration;

use bevy::prelude::{App, IntoScheduleConfigs, Real, Res, ResMut, Time, Update};
use entente_shared::play::views::{lens, threat_views, tie_words};
use entente_shared::play::{
    Command, Door, Event, GivenOrder, Match, Seating, answer_pending, give_orders,
};
use entente_shared::protocol::{
    MAX_ORDER_CHARS, MAX_ORDERS, MAX_SERVER_MESSAGE_BYTES, ProposalKind, ServerMsg, SessionState,
};
use entente_shared::rules::{PhaseKind, PhaseReport};
use entente_shared::scenario::StateId;
use entente_shared::threat;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use crate::app::ServerSet;
use crate::session::{Entry, Session, To};

/// The match at the start of a phase, to roll back to.
pub(crate) struct Snapshot {
    pub table: Match,
}

/// The stage, the clock and the phases played: the turn's data.
pub(crate) struct Turn {
    pub stage: SessionState,
    /// The match at the start of each recent phase, for the host's roll-back.
    pub history: Vec<Snapshot>,
    /// How many times the computer has planned orders: each plan gets its own random stream.
    pub plans: u64,
    /// Phases resolved since the start (rolled-back ones included).
    pub resolved: u64,
    // Not in the record: the clock.
    pub now: Duration,
    /// When the running phase ends.
    pub deadline: Option<Duration>,
    /// Time left on the clock while paused.
    pub paused_left: Option<Duration>,
    /// When each proposal waiting for people was made, for the answer deadline.
    pub proposed_at: std::collections::BTreeMap<u64, Duration>,
    /// Paused because every person left; it goes on when one comes back.
    pub waiting_for_people: bool,
    /// The host resumed a game nobody plays any more: it runs at the watching pace.
    pub let_run: bool,
    /// The computer states last heard balancing softly together, by the state they balance
    /// against: they speak again only when the group changes.
    pub soft_spoken: std::collections::BTreeMap<usize, Vec<usize>>,
}

impl Default for Turn {
    fn default() -> Self {
        Turn {
            stage: SessionState::Lobby,
            history: Vec::new(),
            plans: 0,
            resolved: 0,
            now: Duration::ZERO,
            deadline: None,
            paused_left: None,
            proposed_at: std::collections::BTreeMap::new(),
            waiting_for_people: false,
            let_run: false,
            soft_spoken: std::collections::BTreeMap::new(),
        }
    }
}

/// The session is the match's door: every command is recorded before it is carried out.
impl Door for Session {
    fn table(&self) -> &Match {
        &self.table
    }
    fn commit(&mut self, command: Command) {
        Session::commit(self, Entry::Play { command, by: None });
    }
}

/// How many phases back the host can roll the game.
const MAX_SNAPSHOTS: usize = 40;

/// Largest world whose whole threat matrix is sent to the host each phase.
const MAX_THREAT_STATES: usize = 60;

/// How long a connection may stay without saying hello.
const STRANGER_TIMEOUT: Duration = Duration::from_secs(15);

/// The clock: each frame, time passes for the session.
pub(crate) fn plugin(app: &mut App) {
    app.add_systems(Update, tick.in_set(ServerSet::Tick));
}

fn tick(mut session: ResMut<Session>, time: Res<Time<Real>>) {
    session.tick(time.elapsed());
}

impl Session {
    /// Seconds on the clock for the running phase while people play.
    fn phase_clock(&self) -> Duration {
        let s = &self.settings;
        Duration::from_secs(match self.game().phase().kind {
            PhaseKind::Movement => s.movement_secs,
            PhaseKind::Retreat => s.retreat_secs,
            PhaseKind::Adjustment => s.adjustment_secs,
        } as u64)
    }

    /// Whether any seat is played by people now.
    pub(crate) fn people_play(&self) -> bool {
        self.lobby.seats.iter().any(|s| !s.computer)
    }

    /// How long the running phase lasts from now: the phase's clock while people play, the
    /// watching pace while only the computer does.
    fn phase_length(&self) -> Duration {
        if self.people_play() {
            self.phase_clock()
        } else {
            Duration::from_millis(self.settings.pace_ms)
        }
    }

    /// A random stream of its own for each time the computer plans, from the game's seed.
    fn plan_rng(&mut self) -> ChaCha8Rng {
        let mut rng = ChaCha8Rng::seed_from_u64(self.settings.seed);
        rng.set_stream(self.turn.plans);
        self.turn.plans += 1;
        rng
    }

    /// Starts the phase the game is at: a snapshot to roll back to, the computer's ties and
    /// orders (recorded, so that a replay reads them instead of asking again), the clock, and the
    /// news to everyone.
    pub(crate) fn begin_phase(&mut self) {
        self.turn.history.push(Snapshot {
            table: self.table.clone(),
        });
        if self.turn.history.len() > MAX_SNAPSHOTS {
            self.turn.history.remove(0);
        }
        for seat in self.lobby.seats.iter_mut() {
            seat.submitted = false;
            seat.orders = None;
        }
        // Drawn on a replay too, so that a resumed game's later plans use the streams they would
        // have used had the server never stopped.
        let mut rng = self.plan_rng();
        if !self.replaying {
            let seating = self.seating();
            entente_shared::play::begin_phase(self, &seating, &mut rng);
            self.soft_balancers_speak();
        }
        // The threat matrix for the host and each seat's lens, while the world stays a
        // reasonable size.
        let n = self.scenario.states.len();
        if !self.replaying
            && n <= MAX_THREAT_STATES
            && self.game().phase().kind == PhaseKind::Movement
        {
            let msg = ServerMsg::Threats {
                phase: self.phase_name(),
                states: self
                    .scenario
                    .state_ids()
                    .map(|s| self.state_code(s))
                    .collect(),
                cells: threat_views(&self.table),
            };
            self.send(To::Hosts, msg);
            // Each state's greatest threat in words, for the host's log.
            let outlook = self.table.outlook();
            let lines: Vec<String> = (0..n)
                .filter_map(|i| {
                    let (j, _) = outlook.threats.greatest(i)?;
                    let report = threat::report(&outlook.system, self.table.ties(), i, j);
                    Some(format!(
                        "threat to {} from {}: {}",
                        outlook.system.actors[i].name,
                        outlook.system.actors[j].name,
                        report.breakdown()
                    ))
                })
                .collect();
            self.send(To::Hosts, ServerMsg::HostLog { lines });
            for state in self.scenario.state_ids() {
                let msg = ServerMsg::Lens {
                    phase: self.phase_name(),
                    state: self.state_code(state),
                    rows: lens(&self.table, state),
                };
                self.send(To::Seat(state), msg);
            }
        }
        for s in self.scenario.state_ids() {
            if !self.needs_orders(s) {
                self.lobby.seats[s.index()].submitted = true;
            }
        }
        if self.turn.stage == SessionState::Paused {
            self.turn.paused_left = Some(self.phase_length());
            self.turn.deadline = None;
        } else {
            self.turn.deadline = Some(self.turn.now + self.phase_length());
        }
        let view = self.phase_view();
        self.send(To::All, view);
        let seats = self.seat_views();
        self.send(To::All, ServerMsg::Seats { seats });
    }

    /// A command to the match, recorded and carried out; what it did is told to whom it concerns.
    pub(crate) fn play(&mut self, command: Command, by: Option<u64>) {
        // The computer's reasons, for the host's log, before the command is consumed.
        let reasons: Vec<String> = match (&command, by) {
            (Command::Orders { state, orders }, None) => orders
                .iter()
                .map(|o| {
                    format!(
                        "{} {}: {}",
                        self.state_name(StateId(*state)),
                        o.order,
                        o.reason.as_deref().unwrap_or("")
                    )
                })
                .collect(),
            _ => Vec::new(),
        };
        let events = match self.table.apply(command) {
            Ok(events) => events,
            Err(refusal) => {
                // Checked before it was committed, so only a damaged record gets here.
                if self.replaying {
                    self.replay_trouble = Some(refusal.0);
                }
                return;
            }
        };
        if !reasons.is_empty() {
            self.send(To::Hosts, ServerMsg::HostLog { lines: reasons });
        }
        for event in events {
            self.tell(event, by);
        }
    }

    fn tell(&mut self, event: Event, by: Option<u64>) {
        match event {
            Event::OrdersTaken {
                state,
                accepted,
                refused,
            } => {
                let seat = &self.lobby.seats[state.index()];
                // The computer's orders (or a seat's orders withdrawn as its people come back)
                // are told to the hosts; people's to their team and the hosts.
                let people = by.is_some();
                if !people && !seat.computer {
                    return;
                }
                let name = match by {
                    Some(c) => self
                        .lobby
                        .clients
                        .get(&c)
                        .map(|c| c.name.clone())
                        .unwrap_or_default(),
                    None => "computer".into(),
                };
                let msg = ServerMsg::Orders {
                    phase: self.phase_name(),
                    state: self.state_code(state),
                    by: name,
                    accepted,
                    refused,
                };
                let seat = &mut self.lobby.seats[state.index()];
                let first = !seat.submitted;
                seat.submitted = true;
                seat.orders = Some(msg.clone());
                if people {
                    self.send(To::Seat(state), msg);
                    // Everyone sees which seats have submitted; later changes are the seat's own
                    // business.
                    if first {
                        let seats = self.seat_views();
                        self.send(To::All, ServerMsg::Seats { seats });
                    }
                } else {
                    self.send(To::Hosts, msg);
                }
            }
            Event::Considered(c) => {
                let line = format!(
                    "[{}, {}] {}",
                    self.state_name(StateId(c.state)),
                    c.doctrine,
                    c.sentence
                );
                self.send(To::Hosts, ServerMsg::HostLog { lines: vec![line] });
            }
            Event::Proposed(p) => {
                let kind = match p.against {
                    Some(a) => ProposalKind::Alliance {
                        against: self.state_code(StateId(a)),
                    },
                    None => ProposalKind::Alignment,
                };
                self.turn.proposed_at.insert(p.id, self.turn.now);
                let msg = ServerMsg::Proposal {
                    id: p.id,
                    from: self.state_code(StateId(p.from)),
                    kind,
                    reason: p.reason,
                };
                self.send(To::Seat(StateId(p.to)), msg);
            }
            Event::Answered {
                proposal,
                accept,
                reason,
            } => {
                let msg = ServerMsg::ProposalAnswered {
                    id: proposal.id,
                    by: self.state_code(StateId(proposal.to)),
                    accept,
                    reason,
                };
                self.send(To::Seat(StateId(proposal.from)), msg.clone());
                self.send(To::Seat(StateId(proposal.to)), msg);
            }
            Event::Tie(e) => {
                let text = tie_words(&self.scenario, &e);
                self.say(format!("   {text}"));
                let msg = ServerMsg::Tie {
                    kind: e.kind,
                    a: self.state_code(StateId(e.a as u8)),
                    b: self.state_code(StateId(e.b as u8)),
                    against: e.against.map(|t| self.state_code(StateId(t as u8))),
                    text,
                };
                self.send(To::All, msg);
            }
            Event::Resolved { report, .. } => self.phase_resolved(&report),
        }
    }

    /// The computer took a seat over, or gave it back, in the middle of a phase.
    pub(crate) fn control_changed_mid_phase(
        &mut self,
        s: StateId,
        computer: bool,
        people_before: bool,
    ) {
        let has_orders = {
            let seat = &self.lobby.seats[s.index()];
            seat.submitted && seat.orders.is_some()
        };
        if computer {
            // The computer answers what waits for the seat and gives its orders (recorded: a
            // replay reads them).
            let mut rng = self.plan_rng();
            if !self.replaying {
                let seating = Seating::of(&self.player, [s]);
                answer_pending(self, &seating);
                if !has_orders {
                    give_orders(self, &seating, &mut rng);
                }
            }
        } else if self.needs_orders(s) {
            // Its people give the orders now; until they do, its units hold.
            if !self.replaying {
                self.commit(Entry::Play {
                    command: Command::Orders {
                        state: s.0,
                        orders: Vec::new(),
                    },
                    by: None,
                });
            }
            let seat = &mut self.lobby.seats[s.index()];
            seat.submitted = false;
            seat.orders = None;
        }
        if self.replaying {
            return;
        }
        // The first person to sit down gets the phase's clock instead of the watching pace; when
        // the last one goes, the pace comes back. Others joining or leaving change nothing.
        let people_now = self.people_play();
        if people_now == people_before {
            return;
        }
        // When the last person leaves a game people were playing (not when the host hands a seat
        // to the computer), it waits for them (or for the host, who may resume it at the watching
        // pace) instead of racing on without them; when one of them comes back, it goes on.
        let left = !self.lobby.seats[s.index()].forced;
        if left && !people_now && self.turn.stage == SessionState::Playing && !self.turn.let_run {
            self.turn.waiting_for_people = true;
            self.say(format!(
                "Everyone has left: the game waits at {} for its players (the host can resume it)",
                self.phase_name()
            ));
            self.commit(Entry::Stage {
                stage: SessionState::Paused,
            });
            return;
        }
        if people_now && self.turn.waiting_for_people && self.turn.stage == SessionState::Paused {
            self.turn.waiting_for_people = false;
            self.commit(Entry::Stage {
                stage: SessionState::Playing,
            });
        }
        let length = self.phase_length();
        match self.turn.stage {
            SessionState::Playing => {
                let end = self.turn.now + length;
                self.turn.deadline = Some(match self.turn.deadline {
                    Some(d) if people_now => d.max(end),
                    Some(d) => d.min(end),
                    None => end,
                });
            }
            SessionState::Paused => {
                let left = self.turn.paused_left.unwrap_or(length);
                self.turn.paused_left = Some(if people_now {
                    left.max(length)
                } else {
                    left.min(length)
                });
            }
            _ => return,
        }
        let (session, clock) = (self.turn.stage, self.clock());
        self.send(To::All, ServerMsg::Clock { session, clock });
    }

    pub(crate) fn submit_orders(
        &mut self,
        client: u64,
        phase: &str,
        orders: Vec<String>,
    ) -> Result<(), String> {
        let s = self.lobby.clients[&client]
            .seat
            .ok_or("take a seat first")?;
        let now = self.phase_name();
        if !phase.trim().eq_ignore_ascii_case(&now) {
            return Err(format!(
                "these orders are for {phase}, but the game is at {now}: give orders for {now}"
            ));
        }
        if self.lobby.seats[s.index()].computer {
            return Err(format!(
                "the computer plays {} now; ask the host to give the seat back",
                self.state_name(s)
            ));
        }
        if orders.len() > MAX_ORDERS {
            return Err(format!("give at most {MAX_ORDERS} orders at once"));
        }
        if let Some(long) = orders.iter().find(|o| o.chars().count() > MAX_ORDER_CHARS) {
            return Err(format!(
                "an order is at most {MAX_ORDER_CHARS} letters long: `{}...`",
                long.chars().take(20).collect::<String>()
            ));
        }
        let orders = orders
            .into_iter()
            .map(|order| GivenOrder {
                order,
                reason: None,
            })
            .collect();
        self.commit(Entry::Play {
            command: Command::Orders { state: s.0, orders },
            by: Some(client),
        });
        Ok(())
    }

    /// A phase was resolved: everyone hears the results, the record keeps the board it reached,
    /// and the next phase begins (or the game ends).
    fn phase_resolved(&mut self, report: &PhaseReport) {
        self.turn.resolved += 1;
        if !self.replaying {
            let fingerprint = self.table.fingerprint();
            self.commit(Entry::Reached {
                phase: report.phase.to_string(),
                fingerprint,
            });
        }
        let result = self.result_view(report);
        self.send(To::All, result);
        let centres: Vec<String> = self
            .scenario
            .state_ids()
            .map(|s| {
                let mark = if self.lobby.seats[s.index()].computer {
                    ""
                } else {
                    "*"
                };
                format!(
                    "{}{mark} {}",
                    self.state_name(s),
                    self.game().position().centre_count(s)
                )
            })
            .collect();
        self.say(format!("{}: {}", report.phase, centres.join(", ")));
        if self.game().is_over() {
            self.turn.stage = SessionState::Over;
            self.turn.deadline = None;
            let text = self.over_text();
            self.say(text.clone());
            self.send(To::All, ServerMsg::GameOver { text });
            self.want_report(None);
        } else {
            self.begin_phase();
        }
    }

    /// Asks for the debrief to be written (by the record's writer, which knows where the game
    /// is saved): for `host`, or for every host. A replayed record asks for nothing.
    pub(crate) fn want_report(&mut self, host: Option<u64>) {
        if !self.replaying {
            self.host.reports_wanted.push(host);
        }
    }

    /// Writes the debriefs asked for beside the game's record (`game-….html` next to
    /// `game-….jsonl`, when the game is saved) and sends them to the hosts. A report that cannot
    /// be written is still sent; the host is told why.
    pub fn write_reports(&mut self, record: Option<&std::path::Path>) {
        for host in std::mem::take(&mut self.host.reports_wanted) {
            let to = host.map_or(To::Hosts, To::Client);
            let html = self.report_html();
            let mut file = String::new();
            if let Some(record) = record {
                let path = record.with_extension("html");
                match std::fs::write(&path, &html) {
                    Ok(()) => {
                        file = path.display().to_string();
                        self.say(format!("The debrief is written to {file}"));
                    }
                    Err(e) => {
                        let reason = format!(
                            "the debrief could not be written to {}: {e}",
                            path.display()
                        );
                        self.send(to, ServerMsg::Refused { reason });
                    }
                }
            }
            // Sent whole while it fits in one message; the file is there either way.
            let html = if html.len() + 4096 < MAX_SERVER_MESSAGE_BYTES {
                html
            } else {
                String::new()
            };
            self.send(to, ServerMsg::Report { file, html });
        }
    }

    /// The debrief's record of the game so far: a fold over the record's entries, whoever
    /// played the seats.
    pub fn debrief(&self) -> entente_shared::record::GameRecord {
        let mut record = self.table.debrief().cloned().unwrap_or_default();
        record.seed = self.settings.seed;
        record
    }

    /// The debrief of the game so far, as one HTML file.
    pub(crate) fn report_html(&self) -> String {
        crate::report::html(&self.debrief())
    }

    /// Proposals a seat's people have not answered within the host's deadline lapse as refused.
    fn lapse_proposals(&mut self) {
        let secs = self.settings.answer_secs;
        if secs == 0 {
            return;
        }
        let now = self.turn.now;
        let due: Vec<u64> = self
            .turn
            .proposed_at
            .iter()
            .filter(|(_, at)| now >= **at + Duration::from_secs(secs as u64))
            .map(|(id, _)| *id)
            .collect();
        for id in due {
            self.turn.proposed_at.remove(&id);
            if self.table.proposal(id).is_some() {
                self.commit(Entry::Play {
                    command: Command::Answer {
                        id,
                        accept: false,
                        reason: format!("no answer came within {secs} s"),
                    },
                    by: None,
                });
            }
        }
    }

    /// The host added `secs` to the running phase's clock.
    pub(crate) fn extend_clock(&mut self, secs: u32) {
        let more = Duration::from_secs(secs as u64);
        match self.turn.stage {
            SessionState::Playing => {
                self.turn.deadline = Some(self.turn.deadline.unwrap_or(self.turn.now) + more);
            }
            SessionState::Paused => {
                self.turn.paused_left = Some(self.turn.paused_left.unwrap_or_default() + more);
            }
            _ => return,
        }
        let (session, clock) = (self.turn.stage, self.clock());
        self.send(To::All, ServerMsg::Clock { session, clock });
        self.say(format!("The host added {secs} s to {}", self.phase_name()));
    }

    /// Goes back to the start of the previous phase and plays it again.
    pub(crate) fn roll_back(&mut self) {
        if self.turn.history.len() < 2 {
            return;
        }
        self.turn.history.pop();
        let back = self.turn.history.pop().expect("two snapshots");
        self.table = back.table;
        if self.turn.stage == SessionState::Over {
            self.turn.stage = SessionState::Playing;
        }
        self.say(format!(
            "The host rolled the game back to {}",
            self.phase_name()
        ));
        let text = format!("the host rolled the game back to {}", self.phase_name());
        self.send(To::All, ServerMsg::Notice { text });
        self.begin_phase();
    }

    pub(crate) fn apply_stage(&mut self, stage: SessionState) {
        let was = self.turn.stage;
        self.turn.stage = stage;
        match (was, stage) {
            (SessionState::Lobby, SessionState::Playing) => {
                self.say("The game starts".into());
                self.begin_phase();
            }
            (SessionState::Playing, SessionState::Paused) => {
                self.turn.paused_left = self.turn.deadline.map(|d| d.saturating_sub(self.turn.now));
                self.turn.deadline = None;
                self.say("The host paused the game".into());
            }
            (SessionState::Paused, SessionState::Playing) => {
                let left = self
                    .turn
                    .paused_left
                    .take()
                    .unwrap_or_else(|| self.phase_length());
                self.turn.deadline = Some(self.turn.now + left);
                self.say("The host resumed the game".into());
            }
            (_, SessionState::Over) => {
                self.turn.deadline = None;
                let text = format!("The host ended the game at {}.", self.phase_name());
                self.say(text.clone());
                self.send(To::All, ServerMsg::GameOver { text });
                self.want_report(None);
            }
            _ => {}
        }
        let clock = self.clock();
        self.send(
            To::All,
            ServerMsg::Clock {
                session: stage,
                clock,
            },
        );
    }

    /// Time passes: seats change hands after the grace period, and the phase ends when every
    /// seat has given its orders or the clock runs out.
    pub fn tick(&mut self, now: Duration) {
        self.turn.now = now;
        // A connection that never says hello does not keep a place for long.
        let silent: Vec<u64> = self
            .lobby
            .strangers
            .iter()
            .filter(|(_, since)| now >= **since + STRANGER_TIMEOUT)
            .map(|(t, _)| *t)
            .collect();
        for t in silent {
            self.lobby.strangers.remove(&t);
            self.send(
                To::Transport(t),
                ServerMsg::Closing {
                    reason: "no hello with the join code came in time".into(),
                },
            );
            self.to_disconnect.push(t);
        }
        self.update_control();
        if self.turn.stage != SessionState::Playing {
            return;
        }
        self.lapse_proposals();
        let all_in = self.lobby.seats.iter().all(|s| s.submitted);
        // While only the computer plays, phases keep the watching pace even when all is in.
        let early = all_in && self.people_play();
        let late = self.turn.deadline.is_some_and(|d| now >= d);
        if early || late {
            self.commit(Entry::Play {
                command: Command::Resolve,
                by: None,
            });
        }
    }
}
