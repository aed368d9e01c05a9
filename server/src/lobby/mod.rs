//! Joining and seats: hello with the join code (or a rejoin token, or the host key), seats and
//! teams, observers, leaving, and who plays a seat whose people have all gone.

use std::collections::{BTreeMap, HashMap};
use std::time::Duration;

use entente_shared::protocol::{
    MAX_NAME_CHARS, PROTOCOL_VERSION, RejoinToken, Role, ServerMsg, SessionState,
};
use entente_shared::scenario::StateId;
use rand::TryRngCore;

use crate::session::{Entry, Session, To};

/// A fresh secret from the operating system.
fn new_token() -> RejoinToken {
    let mut token = [0u8; 16];
    rand::rngs::OsRng
        .try_fill_bytes(&mut token)
        .expect("the operating system gives random bytes");
    token
}

/// Seats, clients and connections: the lobby's data.
pub(crate) struct Lobby {
    /// One seat a state.
    pub seats: Vec<Seat>,
    pub clients: BTreeMap<u64, Client>,
    pub next_client: u64,
    // Not in the record: the connections.
    /// Transport connection → admitted client.
    pub transports: HashMap<u64, u64>,
    /// Connections not yet admitted, with when they opened.
    pub strangers: BTreeMap<u64, Duration>,
}

impl Lobby {
    /// Every seat played by the computer until people take it.
    pub fn new(states: usize) -> Lobby {
        Lobby {
            seats: vec![
                Seat {
                    computer: true,
                    ..Seat::default()
                };
                states
            ],
            clients: BTreeMap::new(),
            next_client: 1,
            transports: HashMap::new(),
            strangers: BTreeMap::new(),
        }
    }
}

/// A seat: one state, played by a team of people or by the computer.
#[derive(Debug, Clone, Default)]
pub(crate) struct Seat {
    /// Clients seated here.
    pub members: Vec<u64>,
    /// Whether the computer plays it now.
    pub computer: bool,
    /// The host gave it to the computer.
    pub forced: bool,
    /// Its orders for this phase are in.
    pub submitted: bool,
    /// The seat's orders as they stand this phase (for rejoining players).
    pub orders: Option<ServerMsg>,
    /// When its last connected member left (for the grace period).
    pub empty_since: Option<Duration>,
}

/// A client admitted to the session.
#[derive(Debug, Clone)]
pub(crate) struct Client {
    pub name: String,
    pub token: RejoinToken,
    pub host: bool,
    pub seat: Option<StateId>,
    /// Said goodbye or removed: the token no longer works.
    pub gone: bool,
    /// The transport connection it is on, if connected.
    pub transport: Option<u64>,
    /// Ready to start (lobby).
    pub ready: bool,
}

impl Client {
    pub fn role(&self) -> Role {
        match (self.host, self.seat.is_some()) {
            (true, true) => Role::SeatedHost,
            (true, false) => Role::Host,
            (false, true) => Role::Player,
            (false, false) => Role::Observer,
        }
    }
}

impl Session {
    pub(crate) fn hello(
        &mut self,
        transport: u64,
        version: u32,
        name: String,
        join_code: String,
        rejoin: Option<RejoinToken>,
        host_key: Option<String>,
    ) {
        let refuse = |s: &mut Session, msg: ServerMsg| {
            s.send(crate::session::To::Transport(transport), msg);
            s.lobby.strangers.remove(&transport);
            s.to_disconnect.push(transport);
        };
        if version != PROTOCOL_VERSION {
            return refuse(
                self,
                ServerMsg::WrongVersion {
                    server: PROTOCOL_VERSION,
                    client: version,
                },
            );
        }
        if !join_code
            .trim()
            .eq_ignore_ascii_case(self.settings.join_code.trim())
        {
            self.wrong_codes.push(transport);
            return refuse(
                self,
                ServerMsg::JoinRefused {
                    reason: "wrong join code: ask the host for the code of this game".into(),
                },
            );
        }
        if let Some(key) = &host_key
            && key.trim() != self.settings.host_key
        {
            return refuse(
                self,
                ServerMsg::JoinRefused {
                    reason: "wrong host key: join without one to play or watch".into(),
                },
            );
        }
        if let Some(token) = rejoin {
            let found = self
                .lobby
                .clients
                .iter()
                .find(|(_, c)| !c.gone && c.token == token)
                .map(|(id, _)| *id);
            let Some(client) = found else {
                return refuse(
                    self,
                    ServerMsg::JoinRefused {
                        reason: "this rejoin token is not known here (removed, or another game): \
                                 join without it"
                            .into(),
                    },
                );
            };
            // A new connection with the token takes over from an old one still open.
            if let Some(old) = self.lobby.clients[&client].transport
                && old != transport
            {
                self.send(
                    To::Transport(old),
                    ServerMsg::Closing {
                        reason: "you joined again from another connection".into(),
                    },
                );
                self.lobby.transports.remove(&old);
                self.to_disconnect.push(old);
            }
            self.lobby.strangers.remove(&transport);
            self.lobby.transports.insert(transport, client);
            self.lobby
                .clients
                .get_mut(&client)
                .expect("found")
                .transport = Some(transport);
            let name = self.lobby.clients[&client].name.clone();
            self.say(format!("{name} is back"));
            self.welcome(client);
            self.update_control();
            self.seats_changed();
            return;
        }
        let name = name.trim().to_string();
        if name.is_empty()
            || name.chars().count() > MAX_NAME_CHARS
            || name.chars().any(char::is_control)
        {
            return refuse(
                self,
                ServerMsg::JoinRefused {
                    reason: format!("give a name of 1 to {MAX_NAME_CHARS} letters"),
                },
            );
        }
        if name.eq_ignore_ascii_case("computer")
            || self
                .lobby
                .clients
                .values()
                .any(|c| !c.gone && c.name.eq_ignore_ascii_case(&name))
        {
            return refuse(
                self,
                ServerMsg::JoinRefused {
                    reason: format!(
                        "the name {name} is taken: choose another, or rejoin with your token"
                    ),
                },
            );
        }
        let client = self.lobby.next_client;
        let host = host_key.is_some();
        self.commit(Entry::Joined {
            client,
            name: name.clone(),
            token: new_token(),
            host,
        });
        self.lobby.strangers.remove(&transport);
        self.lobby.transports.insert(transport, client);
        self.lobby
            .clients
            .get_mut(&client)
            .expect("joined")
            .transport = Some(transport);
        self.say(format!(
            "{name} joined{}",
            if host { " as the host" } else { "" }
        ));
        let reserved = self
            .settings
            .reserved
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(&name))
            .and_then(|(_, s)| self.scenario.find_state(s));
        self.welcome(client);
        if let Some(state) = reserved {
            self.commit(Entry::Seated {
                client,
                state: Some(state.0),
            });
            self.update_control();
        } else {
            self.seats_changed();
        }
    }

    /// Everything a client needs on joining or rejoining: who it is, the seats, the board, the
    /// clock, its seat's orders, and for the host the clients and every seat's orders.
    fn welcome(&mut self, client: u64) {
        let c = &self.lobby.clients[&client];
        let welcome = ServerMsg::Welcome {
            client,
            rejoin: c.token,
            role: c.role(),
            seat: c.seat.map(|s| self.state_code(s)),
            scenario: self.scenario.name.clone(),
            scenario_source: self.settings.scenario.clone(),
            states: self.state_views(),
        };
        let host = c.host;
        let seat = c.seat;
        self.send(To::Client(client), welcome);
        let seats = self.seat_views();
        self.send(To::Client(client), ServerMsg::Seats { seats });
        let phase = self.phase_view();
        self.send(To::Client(client), phase);
        let visible: Vec<ServerMsg> = self
            .lobby
            .seats
            .iter()
            .enumerate()
            .filter(|(i, _)| host || seat.map(|s| s.index()) == Some(*i))
            .filter_map(|(_, s)| s.orders.clone())
            .collect();
        for msg in visible {
            self.send(To::Client(client), msg);
        }
        // Proposals still waiting for this seat's answer.
        if let Some(s) = seat {
            let waiting: Vec<ServerMsg> = self
                .table
                .proposals()
                .filter(|p| p.to == s.0)
                .map(|p| ServerMsg::Proposal {
                    id: p.id,
                    from: self.state_code(StateId(p.from)),
                    kind: match p.against {
                        Some(a) => entente_shared::protocol::ProposalKind::Alliance {
                            against: self.state_code(StateId(a)),
                        },
                        None => entente_shared::protocol::ProposalKind::Alignment,
                    },
                    reason: p.reason.clone(),
                })
                .collect();
            for msg in waiting {
                self.send(To::Client(client), msg);
            }
        }
        if host && let Some(trouble) = self.host.record_trouble.clone() {
            self.send(
                To::Client(client),
                ServerMsg::HostLog {
                    lines: vec![trouble],
                },
            );
        }
        if self.turn.stage == SessionState::Over {
            let text = self.over_text();
            self.send(To::Client(client), ServerMsg::GameOver { text });
        }
    }

    pub(crate) fn take_seat(&mut self, client: u64, state: &str) -> Result<(), String> {
        let s = self.find_state(state)?;
        let c = &self.lobby.clients[&client];
        let name = c.name.clone();
        if c.seat == Some(s) {
            return Err(format!("you already sit at {}", self.state_name(s)));
        }
        if let Some(current) = c.seat
            && self.turn.stage != SessionState::Lobby
        {
            return Err(format!(
                "you play {} in this game; seats change only in the lobby",
                self.state_name(current)
            ));
        }
        if let Some((holder, _)) = self.settings.reserved.iter().find(|(n, st)| {
            !n.eq_ignore_ascii_case(&name) && self.scenario.find_state(st) == Some(s)
        }) {
            return Err(format!("{} is kept for {holder}", self.state_name(s)));
        }
        let seat = &self.lobby.seats[s.index()];
        if seat.forced {
            return Err(format!(
                "the host has given {} to the computer",
                self.state_name(s)
            ));
        }
        if seat.members.len() >= self.settings.team_size {
            return Err(format!(
                "{}'s team is full ({} players)",
                self.state_name(s),
                self.settings.team_size
            ));
        }
        self.commit(Entry::Seated {
            client,
            state: Some(s.0),
        });
        self.say(format!("{name} sits at {}", self.state_name(s)));
        self.update_control();
        // The seat's orders so far, for a player joining a team mid-phase.
        if let Some(msg) = self.lobby.seats[s.index()].orders.clone() {
            self.send(To::Client(client), msg);
        }
        Ok(())
    }

    pub(crate) fn observe(&mut self, client: u64) -> Result<(), String> {
        let Some(s) = self.lobby.clients[&client].seat else {
            return Err("you are already watching".into());
        };
        if self.turn.stage != SessionState::Lobby {
            return Err(format!(
                "you play {} in this game; seats change only in the lobby",
                self.state_name(s)
            ));
        }
        self.commit(Entry::Seated {
            client,
            state: None,
        });
        self.update_control();
        Ok(())
    }

    pub(crate) fn ready(&mut self, client: u64) -> Result<(), String> {
        self.lobby.clients.get_mut(&client).expect("admitted").ready = true;
        let seated: Vec<&Client> = self
            .lobby
            .clients
            .values()
            .filter(|c| c.seat.is_some() && c.transport.is_some())
            .collect();
        if !seated.is_empty() && seated.iter().all(|c| c.ready) {
            self.commit(Entry::Stage {
                stage: SessionState::Playing,
            });
        }
        Ok(())
    }

    pub(crate) fn goodbye(&mut self, client: u64) {
        let name = self.lobby.clients[&client].name.clone();
        let transport = self.lobby.clients[&client].transport;
        self.commit(Entry::Left { client });
        if let Some(t) = transport {
            self.to_disconnect.push(t);
        }
        self.say(format!("{name} left the game"));
        self.update_control();
    }

    /// A client's connection dropped: its seat waits for it (the grace period), then the
    /// computer plays it until someone comes back.
    pub(crate) fn client_dropped(&mut self, client: u64) {
        if let Some(c) = self.lobby.clients.get_mut(&client) {
            c.transport = None;
            c.ready = false;
            let name = c.name.clone();
            self.say(format!("{name} dropped out"));
        }
        self.update_control();
        self.seats_changed();
    }

    /// Decides who plays each seat: the host's choice first; then its people while any of them
    /// is connected or within the grace period after the last one left; else the computer.
    pub(crate) fn update_control(&mut self) {
        let now = self.turn.now;
        let grace = Duration::from_secs(self.settings.grace_secs as u64);
        let mut changes = Vec::new();
        for (i, seat) in self.lobby.seats.iter_mut().enumerate() {
            let connected = seat.members.iter().any(|m| {
                self.lobby
                    .clients
                    .get(m)
                    .is_some_and(|c| c.transport.is_some())
            });
            if connected || seat.members.is_empty() {
                seat.empty_since = None;
            } else if seat.empty_since.is_none() {
                seat.empty_since = Some(now);
            }
            let waiting = seat.empty_since.is_some_and(|since| now < since + grace);
            let people = !seat.forced && !seat.members.is_empty() && (connected || waiting);
            if people == seat.computer {
                changes.push((i as u8, !people));
            }
        }
        for (state, computer) in changes {
            let forced = self.lobby.seats[state as usize].forced;
            self.commit(Entry::Control {
                state,
                computer,
                forced,
            });
        }
    }

    /// Applies a change of who plays a seat.
    pub(crate) fn apply_control(&mut self, s: StateId, computer: bool, forced: bool) {
        let was = self.lobby.seats[s.index()].computer;
        let people_before = self.people_play();
        {
            let seat = &mut self.lobby.seats[s.index()];
            seat.forced = forced;
            seat.computer = computer;
        }
        if was != computer {
            let who = if computer {
                "the computer"
            } else {
                "its players"
            };
            let line = format!("{} is now played by {who}", self.state_name(s));
            self.say(line);
            if self.turn.stage == SessionState::Playing || self.turn.stage == SessionState::Paused {
                self.control_changed_mid_phase(s, computer, people_before);
            }
        }
        self.seats_changed();
    }

    /// The line that says how the game ended.
    pub(crate) fn over_text(&self) -> String {
        match self.game().winner() {
            Some(w) => format!(
                "{} wins in {}.",
                self.state_name(w),
                self.game().phase().year
            ),
            None => format!(
                "The game ends in {} without a winner.",
                self.game().phase().year
            ),
        }
    }
}
