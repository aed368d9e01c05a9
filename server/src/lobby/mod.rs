//! Joining and seats: hello with the join code (or a kept seat's code, a rejoin token, the host
//! key), seats and teams (joining a team people hold needs their or the host's approval),
//! observers, leaving, and who plays a seat whose people have all gone.

pub mod names;
pub mod secrets;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::net::IpAddr;
use std::time::Duration;

use entente_shared::protocol::{PROTOCOL_VERSION, RejoinToken, Role, ServerMsg, SessionState};
use entente_shared::scenario::StateId;

use crate::net::desk::BARRED;
use crate::session::{Entry, Session, To};
use names::{name_key, normal_name};

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
    /// Where each connection comes from, as the transport says.
    pub addresses: HashMap<u64, IpAddr>,
    // In the record:
    /// Addresses of removed clients, which may not join again.
    pub barred: BTreeSet<IpAddr>,
    /// Requests to join a seat people hold, waiting for an answer: (client, seat). One a client
    /// at most (a new one withdraws the old), so there are never more than clients.
    pub requests: BTreeMap<u64, (u64, StateId)>,
    pub next_request: u64,
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
            addresses: HashMap::new(),
            barred: BTreeSet::new(),
            requests: BTreeMap::new(),
            next_request: 1,
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
    /// What the record keeps of its rejoin token.
    pub token_hash: String,
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
        let refuse_why = |s: &mut Session, reason: String| {
            refuse(s, ServerMsg::JoinRefused { reason });
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
        if let Some(ip) = self.lobby.addresses.get(&transport)
            && self.lobby.barred.contains(ip)
        {
            return refuse_why(self, BARRED.into());
        }
        // A kept seat's code lets its student in instead of the join code.
        let kept = self.secrets.seat_of_code(&join_code);
        if kept.is_none() && !self.secrets.is_join_code(&join_code) {
            self.wrong_codes.push(transport);
            return refuse_why(
                self,
                "wrong join code: ask the host for the code of this game".into(),
            );
        }
        if let Some(key) = &host_key
            && !self.secrets.is_host_key(key)
        {
            return refuse_why(
                self,
                "wrong host key: join without one to play or watch".into(),
            );
        }
        if let Some(token) = rejoin {
            let hash = self.secrets.token_hash(&token);
            let found = self
                .lobby
                .clients
                .iter()
                .find(|(_, c)| !c.gone && c.token_hash == hash)
                .map(|(id, _)| *id);
            let Some(client) = found else {
                return refuse_why(
                    self,
                    "this rejoin token is not known here (removed, or another game): join \
                     without it"
                        .into(),
                );
            };
            return self.come_back(transport, client, token);
        }
        // A kept seat's student who joined before and lost the token: the code is proof enough.
        // The client gets a new token, and the old one no longer works.
        if let Some(i) = kept {
            let key = name_key(&self.settings.reserved[i].0);
            let before = self
                .lobby
                .clients
                .iter()
                .find(|(_, c)| !c.gone && name_key(&c.name) == key)
                .map(|(id, _)| *id);
            if let Some(client) = before {
                let token: RejoinToken = secrets::random_bytes();
                let token_hash = self.secrets.token_hash(&token);
                self.commit(Entry::NewToken { client, token_hash });
                return self.come_back(transport, client, token);
            }
        }
        self.join_new(transport, name, kept, host_key.is_some());
    }

    /// An admitted client comes back on a new connection, with its token.
    fn come_back(&mut self, transport: u64, client: u64, token: RejoinToken) {
        {
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
            self.welcome(client, token);
            self.update_control();
            self.seats_changed();
        }
    }

    /// A new client: its name checked, then admitted, and seated if a seat is kept for it.
    fn join_new(&mut self, transport: u64, name: String, kept: Option<usize>, host: bool) {
        let refuse_why = |s: &mut Session, reason: String| {
            s.send(To::Transport(transport), ServerMsg::JoinRefused { reason });
            s.lobby.strangers.remove(&transport);
            s.to_disconnect.push(transport);
        };
        // With a seat code the name is the one the seat is kept for.
        let given = match kept {
            Some(i) => self.settings.reserved[i].0.clone(),
            None => name,
        };
        let name = match normal_name(&given) {
            Ok(name) => name,
            Err(why) => return refuse_why(self, why),
        };
        let key = name_key(&name);
        // A name kept for a seat with a code is that student's: not to be taken by typing it.
        if kept.is_none()
            && let Some(i) = self
                .settings
                .reserved
                .iter()
                .position(|(n, _)| name_key(n) == key)
            && self.secrets.seat_has_code(i)
        {
            return refuse_why(
                self,
                format!(
                    "the name {name} is kept for a student with a seat code: if it is yours, \
                     give your seat code instead of the join code; otherwise choose another name"
                ),
            );
        }
        if key == name_key("computer")
            || self
                .lobby
                .clients
                .values()
                .any(|c| !c.gone && name_key(&c.name) == key)
        {
            return refuse_why(
                self,
                format!("the name {name} is taken: choose another, or rejoin with your token"),
            );
        }
        let client = self.lobby.next_client;
        let token: RejoinToken = secrets::random_bytes();
        let token_hash = Some(self.secrets.token_hash(&token));
        self.commit(Entry::Joined {
            client,
            name: name.clone(),
            token: None,
            token_hash,
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
        // The seat kept for this student: claimed by the code, or (records from before seat
        // codes) by the name.
        let reserved = match kept {
            Some(i) => Some(i),
            None => self
                .settings
                .reserved
                .iter()
                .position(|(n, _)| name_key(n) == key),
        }
        .and_then(|i| self.scenario.find_state(&self.settings.reserved[i].1));
        self.welcome(client, token);
        if let Some(state) = reserved {
            self.withdraw_request(client);
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
    fn welcome(&mut self, client: u64, token: RejoinToken) {
        let c = &self.lobby.clients[&client];
        let welcome = ServerMsg::Welcome {
            client,
            rejoin: token,
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
        // Requests to join this seat (or any, for the host) still waiting, and its own.
        let requests: Vec<(u64, u64, StateId)> = self
            .lobby
            .requests
            .iter()
            .filter(|(_, (asker, s))| host || seat == Some(*s) || *asker == client)
            .map(|(r, (asker, s))| (*r, *asker, *s))
            .collect();
        for (request, asker, state) in requests {
            let msg = self.seat_request_msg(request, asker, state, None, None);
            self.send(To::Client(client), msg);
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
        self.can_sit(client, s)?;
        let c = &self.lobby.clients[&client];
        let (name, host) = (c.name.clone(), c.host);
        let key = name_key(&name);
        let kept_for_me = self
            .settings
            .reserved
            .iter()
            .any(|(n, st)| name_key(n) == key && self.scenario.find_state(st) == Some(s));
        let held = !self.lobby.seats[s.index()].members.is_empty();
        if held && !self.settings.open_teams && !host && !kept_for_me {
            if self
                .lobby
                .requests
                .values()
                .any(|(asker, st)| *asker == client && *st == s)
            {
                return Err(format!(
                    "you have asked to join {} already: its players or the host decide",
                    self.state_name(s)
                ));
            }
            self.withdraw_request(client);
            let request = self.lobby.next_request;
            self.commit(Entry::SeatAsked {
                request,
                client,
                state: s.0,
            });
            return Ok(());
        }
        self.withdraw_request(client);
        self.sit(client, s);
        Ok(())
    }

    /// Why `client` may not sit at `s` now, if it may not (approval aside).
    fn can_sit(&self, client: u64, s: StateId) -> Result<(), String> {
        let c = &self.lobby.clients[&client];
        if c.gone {
            return Err(format!("{} has left the game", c.name));
        }
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
        let key = name_key(&c.name);
        if let Some((holder, _)) = self
            .settings
            .reserved
            .iter()
            .find(|(n, st)| name_key(n) != key && self.scenario.find_state(st) == Some(s))
        {
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
        Ok(())
    }

    fn sit(&mut self, client: u64, s: StateId) {
        let name = self.lobby.clients[&client].name.clone();
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
    }

    /// Withdraws the client's waiting request to join a seat, if it has one.
    fn withdraw_request(&mut self, client: u64) {
        let open: Vec<u64> = self
            .lobby
            .requests
            .iter()
            .filter(|(_, (asker, _))| *asker == client)
            .map(|(r, _)| *r)
            .collect();
        for request in open {
            self.commit(Entry::SeatAnswered {
                request,
                accept: false,
                by: None,
            });
        }
    }

    /// A seat's player or the host lets someone join the seat, or not.
    pub(crate) fn answer_seat_request(
        &mut self,
        client: u64,
        request: u64,
        accept: bool,
    ) -> Result<(), String> {
        let Some(&(asker, s)) = self.lobby.requests.get(&request) else {
            return Err(format!(
                "there is no request {request} waiting: it was answered or withdrawn"
            ));
        };
        let me = &self.lobby.clients[&client];
        if !me.host && me.seat != Some(s) {
            return Err(format!(
                "only {}'s players or the host answer this request",
                self.state_name(s)
            ));
        }
        if accept && let Err(why) = self.can_sit(asker, s) {
            // It can no longer be granted: it is closed, and the one who answered told why.
            self.commit(Entry::SeatAnswered {
                request,
                accept: false,
                by: Some(client),
            });
            return Err(format!("the request cannot be granted: {why}"));
        }
        self.commit(Entry::SeatAnswered {
            request,
            accept,
            by: Some(client),
        });
        if accept {
            self.sit(asker, s);
        }
        Ok(())
    }

    /// A request to join a seat as its players, the hosts and the one asking see it.
    pub(crate) fn seat_request_msg(
        &self,
        request: u64,
        asker: u64,
        s: StateId,
        accepted: Option<bool>,
        by: Option<u64>,
    ) -> ServerMsg {
        let name_of = |c: u64| {
            self.lobby
                .clients
                .get(&c)
                .map_or_else(String::new, |c| c.name.clone())
        };
        ServerMsg::SeatRequest {
            request,
            name: name_of(asker),
            state: self.state_code(s),
            accepted,
            by: by.map(name_of).unwrap_or_default(),
        }
    }

    /// Tells the seat's players, the hosts and the one asking that a request was made or settled.
    pub(crate) fn seat_request_news(
        &mut self,
        request: u64,
        asker: u64,
        s: StateId,
        accepted: Option<bool>,
        by: Option<u64>,
    ) {
        let msg = self.seat_request_msg(request, asker, s, accepted, by);
        let ServerMsg::SeatRequest { name, by, .. } = &msg else {
            unreachable!("a seat request");
        };
        let seat = self.state_name(s).to_string();
        let line = match (accepted, by.is_empty()) {
            (None, _) => {
                format!("{name} asks to join {seat}'s team: its players or the host decide")
            }
            (Some(true), _) => format!("{by} let {name} join {seat}'s team"),
            (Some(false), false) => format!("{by} did not let {name} join {seat}'s team"),
            (Some(false), true) => format!("{name} no longer asks to join {seat}'s team"),
        };
        self.say(line);
        self.send(To::Seat(s), msg.clone());
        let asker_sees = self
            .lobby
            .clients
            .get(&asker)
            .is_some_and(|c| !c.host && c.seat != Some(s));
        if asker_sees {
            self.send(To::Client(asker), msg);
        }
    }

    pub(crate) fn observe(&mut self, client: u64) -> Result<(), String> {
        let Some(s) = self.lobby.clients[&client].seat else {
            // A watcher who asked to join a team takes the request back.
            if self
                .lobby
                .requests
                .values()
                .any(|(asker, _)| *asker == client)
            {
                self.withdraw_request(client);
                return Ok(());
            }
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

    /// A seated player is ready: the host sees it on the seats; the game starts when the host
    /// says so, or (with `start_when_ready`) once every connected seated player is ready.
    pub(crate) fn ready(&mut self, client: u64) -> Result<(), String> {
        let c = self.lobby.clients.get_mut(&client).expect("admitted");
        if c.ready {
            return Err("you have said you are ready already".into());
        }
        c.ready = true;
        let name = c.name.clone();
        self.say(format!("{name} is ready"));
        self.seats_changed();
        if !self.settings.start_when_ready {
            return Ok(());
        }
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
