//! The turn: a phase begins (the computer gives its seats' orders), people give theirs, and the
//! phase ends when every seat with orders to give has given them or the clock runs out (seats
//! without orders hold); then the phase is resolved and the next begins.

pub mod computer;

use std::time::Duration;

use bevy::prelude::{App, IntoScheduleConfigs, Real, Res, ResMut, Time, Update};
use entente_shared::protocol::{
    MAX_ORDER_CHARS, MAX_ORDERS, MAX_SERVER_MESSAGE_BYTES, ServerMsg, SessionState,
};
use entente_shared::rules::PhaseKind;
use entente_shared::scenario::StateId;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use crate::app::ServerSet;
use crate::session::{Entry, Session, Snapshot, To};

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
        Duration::from_secs(match self.game.phase().kind {
            PhaseKind::Movement => s.movement_secs,
            PhaseKind::Retreat => s.retreat_secs,
            PhaseKind::Adjustment => s.adjustment_secs,
        } as u64)
    }

    /// Whether any seat is played by people now.
    pub(crate) fn people_play(&self) -> bool {
        self.seats.iter().any(|s| !s.computer)
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
        rng.set_stream(self.plans);
        self.plans += 1;
        rng
    }

    /// Starts the phase the game is at: a snapshot to roll back to, the computer's ties and
    /// orders, the clock, and the news to everyone.
    pub(crate) fn begin_phase(&mut self) {
        self.history.push(Snapshot {
            game: self.game.clone(),
            computer: self.computer.snapshot(),
        });
        if self.history.len() > MAX_SNAPSHOTS {
            self.history.remove(0);
        }
        for seat in self.seats.iter_mut() {
            seat.submitted = false;
            seat.orders = None;
        }
        let flags: Vec<bool> = self.seats.iter().map(|s| s.computer).collect();
        let news = self.computer.phase_begins(&self.game, &flags);
        for line in &news.public {
            self.say(format!("   {line}"));
            self.send(To::All, ServerMsg::Tie { text: line.clone() });
        }
        if !news.host.is_empty() {
            self.send(To::Hosts, ServerMsg::HostLog { lines: news.host });
        }
        // The whole matrix for the host, while it stays a reasonable size.
        if let Some(cells) = self.computer.threats()
            && cells.len() <= MAX_THREAT_STATES
            && self.game.phase().kind == PhaseKind::Movement
        {
            let msg = ServerMsg::Threats {
                phase: self.phase_name(),
                states: self
                    .scenario
                    .state_ids()
                    .map(|s| self.state_code(s))
                    .collect(),
                cells,
            };
            self.send(To::Hosts, msg);
            // Each seat's lens to its members (the hosts get every seat's).
            for state in self.scenario.state_ids() {
                if let Some(rows) = self.computer.lens(&self.game, state) {
                    let msg = ServerMsg::Lens {
                        phase: self.phase_name(),
                        state: self.state_code(state),
                        rows,
                    };
                    self.send(To::Seat(state), msg);
                }
            }
        }
        let computer: Vec<StateId> = self
            .scenario
            .state_ids()
            .filter(|s| self.seats[s.index()].computer)
            .collect();
        self.computer_orders(&computer);
        for s in self.scenario.state_ids() {
            if !self.needs_orders(s) {
                self.seats[s.index()].submitted = true;
            }
        }
        if self.stage == SessionState::Paused {
            self.paused_left = Some(self.phase_length());
            self.deadline = None;
        } else {
            self.deadline = Some(self.now + self.phase_length());
        }
        let view = self.phase_view();
        self.send(To::All, view);
        let seats = self.seat_views();
        self.send(To::All, ServerMsg::Seats { seats });
    }

    /// The computer gives the orders of `states` (replacing any they had).
    fn computer_orders(&mut self, states: &[StateId]) {
        if states.is_empty() {
            return;
        }
        let mut rng = self.plan_rng();
        let planned = self.computer.orders(&self.game, states, &mut rng);
        let mut lines = Vec::new();
        for &s in states {
            self.game.clear_orders(s);
            let mut accepted = Vec::new();
            let mut refused = Vec::new();
            for o in planned.iter().filter(|o| o.state == s) {
                let text = o.order.display(&self.scenario.map).to_string();
                match self.game.submit_order(s, &o.order) {
                    Ok(_) => {
                        lines.push(format!("{} {text}: {}", self.state_name(s), o.reason));
                        accepted.push(text);
                    }
                    Err(e) => refused.push((text, e.to_string())),
                }
            }
            let msg = ServerMsg::Orders {
                phase: self.phase_name(),
                state: self.state_code(s),
                by: "computer".into(),
                accepted,
                refused,
            };
            let seat = &mut self.seats[s.index()];
            seat.submitted = true;
            seat.orders = Some(msg.clone());
            self.send(To::Hosts, msg);
        }
        if !lines.is_empty() {
            self.send(To::Hosts, ServerMsg::HostLog { lines });
        }
    }

    /// The computer took a seat over, or gave it back, in the middle of a phase.
    pub(crate) fn control_changed_mid_phase(
        &mut self,
        s: StateId,
        computer: bool,
        people_before: bool,
    ) {
        let seat = &self.seats[s.index()];
        if computer {
            if !seat.submitted || seat.orders.is_none() {
                self.computer_orders(&[s]);
            }
        } else if self.needs_orders(s) {
            // Its people give the orders now; until they do, its units hold.
            self.game.clear_orders(s);
            let seat = &mut self.seats[s.index()];
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
        let length = self.phase_length();
        match self.stage {
            SessionState::Playing => {
                let end = self.now + length;
                self.deadline = Some(match self.deadline {
                    Some(d) if people_now => d.max(end),
                    Some(d) => d.min(end),
                    None => end,
                });
            }
            SessionState::Paused => {
                let left = self.paused_left.unwrap_or(length);
                self.paused_left = Some(if people_now {
                    left.max(length)
                } else {
                    left.min(length)
                });
            }
            _ => return,
        }
        let (session, clock) = (self.stage, self.clock());
        self.send(To::All, ServerMsg::Clock { session, clock });
    }

    pub(crate) fn submit_orders(
        &mut self,
        client: u64,
        phase: &str,
        orders: Vec<String>,
    ) -> Result<(), String> {
        let s = self.clients[&client].seat.ok_or("take a seat first")?;
        let now = self.phase_name();
        if !phase.trim().eq_ignore_ascii_case(&now) {
            return Err(format!(
                "these orders are for {phase}, but the game is at {now}: give orders for {now}"
            ));
        }
        if self.seats[s.index()].computer {
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
        self.commit(Entry::Orders {
            state: s.0,
            by: client,
            orders,
        });
        Ok(())
    }

    /// A seat's orders replace its earlier ones; each is checked by the rules, and the seat's
    /// team (and the host) hear which stand and which were refused, and why.
    pub(crate) fn apply_orders(&mut self, s: StateId, by: u64, orders: Vec<String>) {
        self.game.clear_orders(s);
        let mut accepted = Vec::new();
        let mut refused = Vec::new();
        for text in orders {
            match self.game.submit(s, &text) {
                Ok(_) => accepted.push(match self.scenario.parse_order(&text) {
                    Ok(o) => o.display(&self.scenario.map).to_string(),
                    Err(_) => text,
                }),
                Err(e) => refused.push((text, e.to_string())),
            }
        }
        let by = self
            .clients
            .get(&by)
            .map(|c| c.name.clone())
            .unwrap_or_default();
        let msg = ServerMsg::Orders {
            phase: self.phase_name(),
            state: self.state_code(s),
            by: by.clone(),
            accepted,
            refused,
        };
        let seat = &mut self.seats[s.index()];
        let first = !seat.submitted;
        seat.submitted = true;
        seat.orders = Some(msg.clone());
        self.send(To::Seat(s), msg);
        // Everyone sees which seats have submitted; a seat's later changes are its own business.
        if first {
            let seats = self.seat_views();
            self.send(To::All, ServerMsg::Seats { seats });
        }
    }

    /// Resolves the phase and begins the next.
    pub(crate) fn resolve(&mut self) {
        let before = self.game.clone();
        let report = self.game.resolve();
        self.resolved += 1;
        let news = self.computer.phase_resolved(&before, &self.game, &report);
        let result = self.result_view(&report);
        self.send(To::All, result);
        let centres: Vec<String> = self
            .scenario
            .state_ids()
            .map(|s| {
                let mark = if self.seats[s.index()].computer {
                    ""
                } else {
                    "*"
                };
                format!(
                    "{}{mark} {}",
                    self.state_name(s),
                    self.game.position().centre_count(s)
                )
            })
            .collect();
        self.say(format!("{}: {}", report.phase, centres.join(", ")));
        for line in news.public {
            self.say(format!("   {line}"));
            self.send(To::All, ServerMsg::Tie { text: line });
        }
        if self.game.is_over() {
            self.stage = SessionState::Over;
            self.deadline = None;
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
            self.reports_wanted.push(host);
        }
    }

    /// Writes the debriefs asked for beside the game's record (`game-….html` next to
    /// `game-….jsonl`, when the game is saved) and sends them to the hosts. A report that cannot
    /// be written is still sent; the host is told why.
    pub fn write_reports(&mut self, record: Option<&std::path::Path>) {
        for host in std::mem::take(&mut self.reports_wanted) {
            let to = host.map_or(To::Hosts, To::Client);
            let Some(html) = self.report_html() else {
                // Unasked (at the game's end), there is nothing to say.
                if host.is_some() {
                    let reason = "the debrief needs the doctrine computer players, which keep \
                                  the record of threats and decisions (serve with --computer \
                                  doctrine)"
                        .to_string();
                    self.send(to, ServerMsg::Refused { reason });
                }
                continue;
            };
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

    /// The debrief of the game so far, as one HTML file; none when the computer players keep
    /// no record (the hold and random stand-ins).
    pub(crate) fn report_html(&self) -> Option<String> {
        let mut record = self.computer.record()?.clone();
        record.seed = self.settings.seed;
        Some(crate::report::html(&record))
    }

    /// Goes back to the start of the previous phase and plays it again.
    pub(crate) fn roll_back(&mut self) {
        if self.history.len() < 2 {
            return;
        }
        self.history.pop();
        let back = self.history.pop().expect("two snapshots");
        self.game = back.game;
        self.computer = back.computer;
        if self.stage == SessionState::Over {
            self.stage = SessionState::Playing;
        }
        self.say(format!(
            "The host rolled the game back to {}",
            self.phase_name()
        ));
        let text = format!("the host rolled the game back to {}", self.phase_name());
        self.send(To::All, ServerMsg::Tie { text });
        self.begin_phase();
    }

    pub(crate) fn apply_stage(&mut self, stage: SessionState) {
        let was = self.stage;
        self.stage = stage;
        match (was, stage) {
            (SessionState::Lobby, SessionState::Playing) => {
                self.say("The game starts".into());
                self.begin_phase();
            }
            (SessionState::Playing, SessionState::Paused) => {
                self.paused_left = self.deadline.map(|d| d.saturating_sub(self.now));
                self.deadline = None;
                self.say("The host paused the game".into());
            }
            (SessionState::Paused, SessionState::Playing) => {
                let left = self
                    .paused_left
                    .take()
                    .unwrap_or_else(|| self.phase_length());
                self.deadline = Some(self.now + left);
                self.say("The host resumed the game".into());
            }
            (_, SessionState::Over) => {
                self.deadline = None;
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
        self.now = now;
        // A connection that never says hello does not keep a place for long.
        let silent: Vec<u64> = self
            .strangers
            .iter()
            .filter(|(_, since)| now >= **since + STRANGER_TIMEOUT)
            .map(|(t, _)| *t)
            .collect();
        for t in silent {
            self.strangers.remove(&t);
            self.send(
                To::Transport(t),
                ServerMsg::Closing {
                    reason: "no hello with the join code came in time".into(),
                },
            );
            self.to_disconnect.push(t);
        }
        self.update_control();
        if self.stage != SessionState::Playing {
            return;
        }
        let all_in = self.seats.iter().all(|s| s.submitted);
        // While only the computer plays, phases keep the watching pace even when all is in.
        let early = all_in && self.people_play();
        let late = self.deadline.is_some_and(|d| now >= d);
        if early || late {
            self.commit(Entry::Resolved);
        }
    }
}
