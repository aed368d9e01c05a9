//! One game session: the game, its seats and clients, the clock, and the record.
//!
//! Everything that changes the game goes through one door, [`Session::commit`]: an [`Entry`] is
//! appended to the record (written to disk before anyone hears of it) and then applied. Replaying
//! the record through [`Session::apply`] rebuilds the same session, which is what `--resume`, the
//! host's roll-back and determinism rest on: nothing that changes the game is decided anywhere
//! else, and time enters only as entries (a phase resolved because its clock ran out is an entry,
//! not a reading of the clock).
//!
//! The handlers of client messages live in the modules named after what they handle (`lobby`,
//! `turn`, `press`, `host`); this module holds the state they share and the views sent to
//! clients.

pub mod views;

use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

use entente_shared::doctrine::{DOCTRINES, Doctrine, by_name};
use entente_shared::play::{Command, ComputerPlayer, ENGINE, Match, RECORD_FORMAT, Seating};
use entente_shared::protocol::{ClientMsg, RejoinToken, Role, ServerMsg, SessionState, legal};
use entente_shared::rules::Game;
use entente_shared::scenario::{Scenario, StateId};
use serde::{Deserialize, Serialize};

use crate::host::HostDesk;
use crate::lobby::secrets::{Sealed, Secrets};
use crate::lobby::{Client, Lobby};
use crate::turn::Turn;
use crate::turn::computer::ComputerKind;

/// How a session is set up: everything the record needs to replay it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Settings {
    /// Scenario name (a file in assets/scenarios) or path.
    pub scenario: String,
    /// Seed of the computer players.
    pub seed: u64,
    /// What a client must give to join, in clear as the host gave it; never written to the
    /// record (which keeps its hash, in `sealed`), so empty in a resumed session, where the
    /// same code still works. Records written before the hash kept it here, and still resume
    /// with it.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub join_code: String,
    /// What makes a client the host, in clear as the host gave it; never written to the record
    /// (which keeps its hash, in `sealed`), so empty in a resumed session. Records written
    /// before the hash kept it here, and still resume with it.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub host_key: String,
    /// Seconds on the clock for movement, retreat and adjustment phases while people play.
    pub movement_secs: u32,
    pub retreat_secs: u32,
    pub adjustment_secs: u32,
    /// Milliseconds a phase lasts while no person plays (so a watcher can follow).
    pub pace_ms: u64,
    /// Seconds a seat whose players have all left waits before the computer plays it.
    pub grace_secs: u32,
    /// Seconds a seat's players have to answer a proposal (0: until the phase ends).
    #[serde(default)]
    pub answer_secs: u32,
    /// Wait in the lobby until the host starts the game (or every seated player is ready).
    pub lobby: bool,
    pub computer: ComputerKind,
    /// Doctrine by state code, or `*` for every state.
    pub doctrines: Vec<(String, String)>,
    /// Seats kept for named players: (name, state). Each is claimed with its seat code, given
    /// instead of the join code.
    pub reserved: Vec<(String, String)>,
    /// The code of each kept seat, in the order of `reserved`, in clear as the host gave it (a
    /// random one is made for each missing); never written to the record, like the host key.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub seat_codes: Vec<String>,
    /// Most players at one seat.
    pub team_size: usize,
    /// Anyone may join a seat people already hold (otherwise its players or the host approve).
    #[serde(default)]
    pub open_teams: bool,
    /// In the lobby, the game starts once every seated player is ready (otherwise when the host
    /// starts it).
    #[serde(default)]
    pub start_when_ready: bool,
    /// The hashes of the host key and the seat codes: what the record keeps of them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sealed: Option<Sealed>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            scenario: "classic".into(),
            seed: 1,
            join_code: "ENTENTE".into(),
            host_key: "host".into(),
            movement_secs: 300,
            retreat_secs: 60,
            adjustment_secs: 60,
            pace_ms: 1000,
            grace_secs: 60,
            answer_secs: 0,
            lobby: false,
            computer: ComputerKind::Doctrine,
            doctrines: Vec::new(),
            reserved: Vec::new(),
            seat_codes: Vec::new(),
            team_size: 8,
            open_teams: false,
            start_when_ready: false,
            sealed: None,
        }
    }
}

/// One line of the record: something that changed the session.
// The first line (with the settings) is the large one; entries are handled one at a time, so
// boxing it would only add a pointer chase.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Entry {
    /// The first line: which engine played the game, how the session was set up, and the
    /// scenario's full text, so that the record replays without the scenario's file.
    Began {
        engine: String,
        format: u32,
        settings: Settings,
        scenario: String,
    },
    /// A client was admitted. The record keeps the hash of its rejoin token; records written
    /// before that kept the token itself, and still resume with it.
    Joined {
        client: u64,
        name: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        token: Option<RejoinToken>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        token_hash: Option<String>,
        host: bool,
    },
    /// A client left for good (said goodbye); its token is void.
    Left { client: u64 },
    /// A client came back with its seat code instead of its token: a new token (its hash), the
    /// old one void.
    NewToken { client: u64, token_hash: String },
    /// The host removed a client (or the server did, for abuse): its token is void, and its
    /// address (but loopback) may not join again, also after a resume.
    Removed {
        client: u64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        address: Option<IpAddr>,
    },
    /// A client asked to join a seat people hold; its players or the host decide.
    SeatAsked {
        request: u64,
        client: u64,
        state: u8,
    },
    /// A request to join a seat was settled: answered by `by`, or withdrawn (`by` none) when
    /// the client asked for another seat.
    SeatAnswered {
        request: u64,
        accept: bool,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        by: Option<u64>,
    },
    /// A client sat down at a seat (or, with `None`, left it to watch).
    Seated { client: u64, state: Option<u8> },
    /// Who plays a seat: the computer or its people; `forced` when the host decided it.
    Control {
        state: u8,
        computer: bool,
        forced: bool,
    },
    /// A command to the match: orders, proposals, answers, exits, reasoning, the resolution of
    /// a phase; given by the client `by`, or by the computer (`None`).
    Play {
        command: Command,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        by: Option<u64>,
    },
    /// The board a resolved phase reached, by its fingerprint: a replay that reaches another
    /// board stops there and says so.
    Reached { phase: String, fingerprint: u64 },
    /// The host undid the last resolved phase.
    RolledBack,
    /// The game started, paused, resumed or ended.
    Stage { stage: SessionState },
    /// Press between states (`to` empty: public).
    Press { from: u8, to: Vec<u8>, text: String },
    /// The host set the grace period.
    Grace { secs: u32 },
    /// The host added time to the running phase's clock.
    Extended { secs: u32 },
}

/// Who a message goes to.
#[derive(Debug, Clone, Copy)]
pub(crate) enum To {
    /// Every admitted, connected client.
    All,
    /// The members of a seat, and the hosts.
    Seat(StateId),
    /// The hosts.
    Hosts,
    /// One client.
    Client(u64),
    /// A transport connection not (yet) admitted.
    Transport(u64),
}

/// A running session.
#[derive(bevy::prelude::Resource)]
pub struct Session {
    pub(crate) settings: Settings,
    /// The join code, the host key and seat codes as hashes (from the settings' `sealed`, or
    /// from a record written before them).
    pub(crate) secrets: Secrets,
    /// The seat codes of a new session in clear, to print for the host (empty after a resume).
    pub(crate) shown_codes: Vec<String>,
    /// The join code of a new session in clear, to print for the host (none after a resume).
    pub(crate) shown_join_code: Option<String>,
    pub(crate) scenario: Arc<Scenario>,
    /// The game, its ties and its rules: changed only by the record's entries.
    pub(crate) table: Match,
    /// The computer player of the seats nobody plays (called only while not replaying).
    pub(crate) player: Arc<dyn ComputerPlayer>,
    /// Seats, clients and connections: the lobby's.
    pub(crate) lobby: Lobby,
    /// The stage, the clock and the phases played: the turn's.
    pub(crate) turn: Turn,
    /// What the hosts asked for and must hear: the host's.
    pub(crate) host: HostDesk,
    // Not in the record: what waits to be written and sent.
    /// Whether entries are being replayed from a record (nothing is sent or written then).
    pub(crate) replaying: bool,
    /// Entries committed but not yet written to disk.
    pub(crate) unwritten: Vec<Entry>,
    /// Messages waiting to be sent, by transport connection.
    pub(crate) outbox: Vec<(u64, ServerMsg)>,
    /// Connections to close once their last messages are sent.
    pub(crate) to_disconnect: Vec<u64>,
    /// Lines for the server's console.
    pub(crate) console: Vec<String>,
    /// Connections that gave a wrong join code, for the transport to count by address.
    pub(crate) wrong_codes: Vec<u64>,
    /// Addresses of removed clients, for the transport to bar (replayed ones included).
    pub(crate) to_bar: Vec<IpAddr>,
    /// Why the record being replayed cannot be replayed exactly, once that is found.
    pub(crate) replay_trouble: Option<String>,
}

/// Why a session could not be set up or resumed.
#[derive(Debug, thiserror::Error)]
pub enum SetupError {
    #[error("{0}")]
    Scenario(String),
    #[error("no doctrine `{0}`; known: {known}", known = DOCTRINES.join(", "))]
    Doctrine(String),
    #[error("no state `{0}` in this scenario")]
    State(String),
    #[error("the record is empty or does not start with the game's settings")]
    NoHeader,
    #[error(
        "the record was written by {engine} in record format {format}; this server ({ENGINE}) \
         reads format {RECORD_FORMAT} and cannot replay it: resume it with {engine}, or start a new game"
    )]
    Format { engine: String, format: u32 },
    #[error("the record's secrets cannot be read: {0}")]
    Secrets(String),
    #[error(
        "a seat code is given for {codes} of the {kept} kept seats: give one for each, or none"
    )]
    SeatCodes { codes: usize, kept: usize },
    #[error("the record's entry {line} cannot be replayed: {why}")]
    Replay { line: usize, why: String },
}

impl Session {
    /// A new session, its first entry committed (and waiting to be written); the seats nobody
    /// plays are played by the computer player the settings name.
    pub fn new(settings: Settings) -> Result<Session, SetupError> {
        let player = settings.computer.player();
        Session::with_player(settings, player)
    }

    /// A new session whose empty seats are played by `player` (tests and measurements bring
    /// computer players of their own).
    pub fn with_player(
        mut settings: Settings,
        player: Arc<dyn ComputerPlayer>,
    ) -> Result<Session, SetupError> {
        let scenario =
            Scenario::load(&settings.scenario).map_err(|e| SetupError::Scenario(e.to_string()))?;
        let text = ron::to_string(&scenario.file)
            .map_err(|e| SetupError::Scenario(format!("the scenario cannot be written: {e}")))?;
        // The clear secrets stay in memory; the record gets their hashes only.
        let kept = settings.reserved.len();
        if !settings.seat_codes.is_empty() && settings.seat_codes.len() != kept {
            return Err(SetupError::SeatCodes {
                codes: settings.seat_codes.len(),
                kept,
            });
        }
        let codes: Vec<String> = if settings.seat_codes.is_empty() {
            (0..kept)
                .map(|_| crate::lobby::secrets::random_seat_code())
                .collect()
        } else {
            std::mem::take(&mut settings.seat_codes)
        };
        let (_, sealed) = Secrets::seal(&settings.join_code, &settings.host_key, &codes);
        let join_code = std::mem::take(&mut settings.join_code);
        settings.host_key.clear();
        settings.seat_codes.clear();
        settings.sealed = Some(sealed);
        let mut session = Session::blank(&settings, Arc::new(scenario), player)?;
        session.shown_codes = codes;
        session.shown_join_code = Some(join_code);
        session.commit(Entry::Began {
            engine: ENGINE.to_string(),
            format: RECORD_FORMAT,
            settings,
            scenario: text,
        });
        Ok(session)
    }

    /// A session rebuilt from its record: every entry applied again, nothing sent or written,
    /// no computer player asked (their decisions are entries of the record).
    pub fn replay(entries: &[Entry]) -> Result<Session, SetupError> {
        Session::replay_with(entries, None)
    }

    /// The same, the seats nobody plays then going to `player` rather than to the one the
    /// settings name (tests bring computer players of their own).
    pub fn replay_with(
        entries: &[Entry],
        player: Option<Arc<dyn ComputerPlayer>>,
    ) -> Result<Session, SetupError> {
        let Some(Entry::Began {
            engine,
            format,
            settings,
            scenario,
        }) = entries.first()
        else {
            return Err(SetupError::NoHeader);
        };
        if *format != RECORD_FORMAT {
            return Err(SetupError::Format {
                engine: engine.clone(),
                format: *format,
            });
        }
        let scenario = Scenario::from_ron("the record's scenario", scenario)
            .map_err(|e| SetupError::Scenario(e.to_string()))?;
        let player = player.unwrap_or_else(|| settings.computer.player());
        let mut session = Session::blank(settings, Arc::new(scenario), player)?;
        session.replaying = true;
        for (i, entry) in entries.iter().enumerate() {
            if i > 0 && matches!(entry, Entry::Began { .. }) {
                return Err(SetupError::Replay {
                    line: i + 1,
                    why: "a second beginning".into(),
                });
            }
            session
                .check_replayable(entry)
                .map_err(|why| SetupError::Replay { line: i + 1, why })?;
            session.apply(entry.clone());
            if let Some(why) = session.replay_trouble.take() {
                let why = if engine.as_str() == ENGINE {
                    why
                } else {
                    format!("{why} (the record was played by {engine}, this is {ENGINE})")
                };
                return Err(SetupError::Replay { line: i + 1, why });
            }
        }
        session.replaying = false;
        session.recall_soft_groups();
        session.outbox.clear();
        session.console.clear();
        for client in session.lobby.clients.values_mut() {
            client.transport = None;
        }
        for seat in session.lobby.seats.iter_mut() {
            if !seat.members.is_empty() {
                seat.empty_since = Some(Duration::ZERO);
            }
        }
        Ok(session)
    }

    fn blank(
        settings: &Settings,
        scenario: Arc<Scenario>,
        player: Arc<dyn ComputerPlayer>,
    ) -> Result<Session, SetupError> {
        let game = Game::new(scenario.clone());
        let doctrines = doctrines(&scenario, &settings.doctrines)?;
        for (_, state) in &settings.reserved {
            scenario
                .find_state(state)
                .ok_or_else(|| SetupError::State(state.clone()))?;
        }
        let n = scenario.states.len();
        let kept = settings.reserved.len();
        let secrets = match &settings.sealed {
            Some(sealed) => {
                Secrets::unseal(sealed, kept, &settings.join_code).map_err(SetupError::Secrets)?
            }
            None => Secrets::legacy(&settings.host_key, &settings.join_code, settings.seed, kept),
        };
        Ok(Session {
            settings: settings.clone(),
            secrets,
            shown_codes: Vec::new(),
            shown_join_code: None,
            scenario,
            table: Match::new(game, doctrines, true),
            player,
            lobby: Lobby::new(n),
            turn: Turn::default(),
            host: HostDesk::default(),
            replaying: false,
            unwritten: Vec::new(),
            outbox: Vec::new(),
            to_disconnect: Vec::new(),
            console: Vec::new(),
            wrong_codes: Vec::new(),
            to_bar: Vec::new(),
            replay_trouble: None,
        })
    }

    /// Who plays which seat now: the computer player, for every seat it plays.
    pub(crate) fn seating(&self) -> Seating {
        Seating::of(
            &self.player,
            self.scenario
                .state_ids()
                .filter(|s| self.lobby.seats[s.index()].computer),
        )
    }

    /// The match: the game, its ties, the debrief so far.
    pub fn table(&self) -> &Match {
        &self.table
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }
    pub fn game(&self) -> &Game {
        self.table.game()
    }
    pub fn stage(&self) -> SessionState {
        self.turn.stage
    }
    /// The phase being played, as `S1901M`.
    pub fn phase_name(&self) -> String {
        self.game().phase().to_string()
    }
    /// Phases resolved so far.
    pub fn phases_resolved(&self) -> u64 {
        self.turn.resolved
    }
    /// When the running phase ends (session time).
    pub fn deadline(&self) -> Option<Duration> {
        self.turn.deadline
    }
    /// Whether the computer plays `state`'s seat now.
    pub fn computer_plays(&self, state: StateId) -> bool {
        self.lobby.seats[state.index()].computer
    }
    /// Names seated at `state`.
    pub fn members(&self, state: StateId) -> Vec<String> {
        self.lobby.seats[state.index()]
            .members
            .iter()
            .map(|c| self.lobby.clients[c].name.clone())
            .collect()
    }

    /// Entries committed since the last call, to be written to disk before anything is sent.
    pub fn take_unwritten(&mut self) -> Vec<Entry> {
        std::mem::take(&mut self.unwritten)
    }
    /// Messages to send, by transport connection.
    pub fn take_outbox(&mut self) -> Vec<(u64, ServerMsg)> {
        std::mem::take(&mut self.outbox)
    }
    /// Connections to close after their last messages.
    pub fn take_disconnects(&mut self) -> Vec<u64> {
        std::mem::take(&mut self.to_disconnect)
    }
    /// Lines for the console.
    pub fn take_console(&mut self) -> Vec<String> {
        std::mem::take(&mut self.console)
    }
    /// Connections that gave a wrong join code since the last call.
    pub fn take_wrong_codes(&mut self) -> Vec<u64> {
        std::mem::take(&mut self.wrong_codes)
    }
    /// Addresses to bar since the last call: those of removed clients, and after a resume
    /// those the record says were barred.
    pub fn take_barred(&mut self) -> Vec<IpAddr> {
        std::mem::take(&mut self.to_bar)
    }

    /// The address a transport connection comes from (told by the transport, so that a removal
    /// can bar it and the bar be recorded).
    pub fn set_address(&mut self, transport: u64, ip: IpAddr) {
        self.lobby.addresses.insert(transport, ip);
    }

    /// Addresses barred in this game (loopback never is).
    pub fn barred_addresses(&self) -> Vec<IpAddr> {
        self.lobby.barred.iter().copied().collect()
    }

    /// Whether `key` is this game's host key (compared by its hash).
    pub fn is_host_key(&self, key: &str) -> bool {
        self.secrets.is_host_key(key)
    }

    /// Whether `code` lets a client in: the join code, or a kept seat's code.
    pub fn admits_code(&self, code: &str) -> bool {
        self.secrets.admits(code)
    }

    /// Whether `code` is this game's join code (compared by its hash).
    pub fn is_join_code(&self, code: &str) -> bool {
        self.secrets.is_join_code(code)
    }

    /// The join code of a new session in clear, to print for the host; `None` after a resume,
    /// where the record keeps only its hash (and the same code still works).
    pub fn join_code(&self) -> Option<&str> {
        self.shown_join_code.as_deref()
    }

    /// The kept seats of a new session with their codes in clear, to print for the host:
    /// (name, state, code). Empty after a resume: the record keeps only their hashes.
    pub fn seat_codes(&self) -> Vec<(String, String, String)> {
        self.settings
            .reserved
            .iter()
            .zip(&self.shown_codes)
            .map(|((name, state), code)| (name.clone(), state.clone(), code.clone()))
            .collect()
    }

    /// The record cannot be written (`Some`, with what to tell the hosts) or can again (`None`):
    /// every host is told, on the console and in its log, and so is a host who joins later.
    pub fn record_trouble(&mut self, trouble: Option<String>) {
        let line = match (&trouble, &self.host.record_trouble) {
            (Some(t), _) => t.clone(),
            (None, Some(_)) => "The game record is written again: nothing was lost.".to_string(),
            (None, None) => return,
        };
        self.host.record_trouble = trouble;
        self.say(line.clone());
        self.send(To::Hosts, ServerMsg::HostLog { lines: vec![line] });
    }

    /// Why the record cannot be written now, if it cannot.
    pub fn record_trouble_now(&self) -> Option<&str> {
        self.host.record_trouble.as_deref()
    }

    /// Removes the client on a connection that abused the server (unreadable messages, floods):
    /// it is told why and disconnected, its seat is left as by a goodbye, and its token no
    /// longer works.
    pub fn remove_for_abuse(&mut self, transport: u64, why: &str, now: Duration) {
        self.turn.now = now;
        self.send(
            To::Transport(transport),
            ServerMsg::Closing {
                reason: format!("removed: {why}"),
            },
        );
        self.to_disconnect.push(transport);
        self.lobby.strangers.remove(&transport);
        if let Some(client) = self.lobby.transports.remove(&transport) {
            let name = self.lobby.clients[&client].name.clone();
            let address = self.lobby.addresses.get(&transport).copied();
            self.commit(Entry::Removed { client, address });
            self.say(format!("{name} was removed: {why}"));
            self.update_control();
        }
    }

    /// Records an entry and applies it.
    pub(crate) fn commit(&mut self, entry: Entry) {
        if !self.replaying {
            self.unwritten.push(entry.clone());
        }
        self.apply(entry);
    }

    /// Queues a message.
    pub(crate) fn send(&mut self, to: To, msg: ServerMsg) {
        if self.replaying {
            return;
        }
        let transports: Vec<u64> = match to {
            To::Transport(t) => vec![t],
            To::Client(c) => self
                .lobby
                .clients
                .get(&c)
                .and_then(|c| c.transport)
                .into_iter()
                .collect(),
            To::All => self
                .lobby
                .clients
                .values()
                .filter_map(|c| c.transport)
                .collect(),
            To::Hosts => self
                .lobby
                .clients
                .values()
                .filter(|c| c.host)
                .filter_map(|c| c.transport)
                .collect(),
            To::Seat(state) => self
                .lobby
                .clients
                .values()
                .filter(|c| c.host || c.seat == Some(state))
                .filter_map(|c| c.transport)
                .collect(),
        };
        for t in transports {
            self.outbox.push((t, msg.clone()));
        }
    }

    pub(crate) fn say(&mut self, line: String) {
        if !self.replaying {
            self.console.push(line);
        }
    }

    pub(crate) fn state_name(&self, s: StateId) -> &str {
        &self.scenario.state(s).name
    }
    pub(crate) fn state_code(&self, s: StateId) -> String {
        self.scenario.state(s).code.clone()
    }

    /// Reads a state named by a client.
    pub(crate) fn find_state(&self, name: &str) -> Result<StateId, String> {
        self.scenario.find_state(name).ok_or_else(|| {
            let known: Vec<&str> = self
                .scenario
                .states
                .iter()
                .map(|s| s.code.as_str())
                .collect();
            format!(
                "there is no state `{name}`; the states are {}",
                known.join(", ")
            )
        })
    }

    /// The server is closing: everyone is told why, and that the game is saved.
    pub fn close(&mut self, why: &str) {
        let reason = format!("{why}; the game is saved and continues when the server is back");
        self.send(To::All, ServerMsg::Closing { reason });
        let strangers: Vec<u64> = self.lobby.strangers.keys().copied().collect();
        for t in strangers {
            self.send(
                To::Transport(t),
                ServerMsg::Closing {
                    reason: why.to_string(),
                },
            );
        }
        self.say(format!("{why}: the game is saved at {}", self.phase_name()));
    }

    /// A transport connection opened.
    pub fn connected(&mut self, transport: u64, now: Duration) {
        self.turn.now = now;
        self.lobby.strangers.insert(transport, now);
    }

    /// A transport connection closed (or timed out).
    pub fn disconnected(&mut self, transport: u64, now: Duration) {
        self.turn.now = now;
        self.lobby.strangers.remove(&transport);
        self.lobby.addresses.remove(&transport);
        if let Some(client) = self.lobby.transports.remove(&transport) {
            self.client_dropped(client);
        }
    }

    /// A message from a transport connection: checked against the legality table and the sender,
    /// then handled; anything refused is answered with the reason.
    pub fn handle(&mut self, transport: u64, msg: ClientMsg, now: Duration) {
        self.turn.now = now;
        let client = self.lobby.transports.get(&transport).copied();
        let role = match client {
            Some(c) => self.lobby.clients[&c].role(),
            None => Role::Stranger,
        };
        if let Err(why) = legal(self.turn.stage, role, &msg) {
            let reply = ServerMsg::Refused { reason: why.0 };
            match client {
                Some(c) => self.send(To::Client(c), reply),
                None => self.send(To::Transport(transport), reply),
            }
            return;
        }
        let result = match (client, msg) {
            (
                _,
                ClientMsg::Hello {
                    version,
                    name,
                    join_code,
                    rejoin,
                    host_key,
                },
            ) => {
                self.hello(transport, version, name, join_code, rejoin, host_key);
                Ok(())
            }
            (None, ClientMsg::Goodbye) => {
                self.lobby.strangers.remove(&transport);
                self.to_disconnect.push(transport);
                Ok(())
            }
            (None, _) => Err("say hello with the join code first".to_string()),
            (Some(c), msg) => self.handle_client(c, msg),
        };
        if let Err(reason) = result {
            let reply = ServerMsg::Refused { reason };
            match client {
                Some(c) => self.send(To::Client(c), reply),
                None => self.send(To::Transport(transport), reply),
            }
        }
    }

    fn handle_client(&mut self, c: u64, msg: ClientMsg) -> Result<(), String> {
        match msg {
            ClientMsg::Hello { .. } => Err("you have already joined".into()),
            ClientMsg::TakeSeat { state } => self.take_seat(c, &state),
            ClientMsg::Observe => self.observe(c),
            ClientMsg::Ready => self.ready(c),
            ClientMsg::SubmitOrders { phase, orders } => self.submit_orders(c, &phase, orders),
            ClientMsg::Press { to, text } => self.press(c, to, text),
            ClientMsg::ProposeAlliance { to, against } => self.propose(c, &to, Some(&against)),
            ClientMsg::ProposeAlignment { with } => self.propose(c, &with, None),
            ClientMsg::Answer {
                proposal,
                accept,
                reason,
            } => self.answer(c, proposal, accept, reason),
            ClientMsg::LeaveTie { partner } => self.leave_tie(c, &partner),
            ClientMsg::Host(command) => self.host_command(c, command),
            ClientMsg::Goodbye => {
                self.goodbye(c);
                Ok(())
            }
            ClientMsg::AnswerSeatRequest { request, accept } => {
                self.answer_seat_request(c, request, accept)
            }
        }
    }

    /// Checks an entry read from disk before replaying it, so that a damaged record is reported
    /// instead of making the server panic.
    fn check_replayable(&self, entry: &Entry) -> Result<(), String> {
        let n = self.scenario.states.len() as u8;
        let state_ok = |s: u8| {
            if s < n {
                Ok(())
            } else {
                Err(format!("state {s} does not exist"))
            }
        };
        let client_ok = |c: u64| {
            if self.lobby.clients.contains_key(&c) {
                Ok(())
            } else {
                Err(format!("client {c} never joined"))
            }
        };
        match entry {
            Entry::Began { .. }
            | Entry::RolledBack
            | Entry::Grace { .. }
            | Entry::Extended { .. }
            | Entry::Reached { .. } => Ok(()),
            Entry::Stage { .. } => Ok(()),
            Entry::Joined { client, .. } if self.lobby.clients.contains_key(client) => {
                Err(format!("client {client} joined twice"))
            }
            Entry::Joined { .. } => Ok(()),
            Entry::Left { client }
            | Entry::Removed { client, .. }
            | Entry::NewToken { client, .. } => client_ok(*client),
            Entry::SeatAsked { client, state, .. } => {
                client_ok(*client)?;
                state_ok(*state)
            }
            Entry::SeatAnswered { request, by, .. } => {
                by.map_or(Ok(()), client_ok)?;
                if self.lobby.requests.contains_key(request) {
                    Ok(())
                } else {
                    Err(format!(
                        "request {request} was never made, or settled already"
                    ))
                }
            }
            Entry::Seated { client, state } => {
                client_ok(*client)?;
                state.map_or(Ok(()), state_ok)
            }
            Entry::Control { state, .. } => state_ok(*state),
            Entry::Press { from, to, .. } => {
                state_ok(*from)?;
                to.iter().try_for_each(|s| state_ok(*s))
            }
            Entry::Play { command, by } => {
                by.map_or(Ok(()), client_ok)?;
                self.table.check(command).map_err(|r| r.0)
            }
        }
    }

    /// Applies an entry: the only place where the game, the seats and the ties change.
    pub(crate) fn apply(&mut self, entry: Entry) {
        match entry {
            Entry::Began { settings, .. } => {
                self.say(format!(
                    "Entente: {} ({} states), seed {}; the computer plays every seat nobody takes.",
                    self.scenario.name,
                    self.scenario.states.len(),
                    settings.seed
                ));
                if settings.lobby {
                    self.turn.stage = SessionState::Lobby;
                } else {
                    self.turn.stage = SessionState::Playing;
                    self.begin_phase();
                }
            }
            Entry::Joined {
                client,
                name,
                token,
                token_hash,
                host,
            } => {
                self.lobby.next_client = self.lobby.next_client.max(client + 1);
                // Records before the hash kept the token itself.
                let token_hash = token_hash
                    .or_else(|| token.map(|t| self.secrets.token_hash(&t)))
                    .unwrap_or_default();
                self.lobby.clients.insert(
                    client,
                    Client {
                        name,
                        token_hash,
                        host,
                        seat: None,
                        gone: false,
                        transport: None,
                        ready: false,
                    },
                );
            }
            Entry::NewToken { client, token_hash } => {
                if let Some(c) = self.lobby.clients.get_mut(&client) {
                    c.token_hash = token_hash;
                }
            }
            Entry::Removed { client, address } => {
                self.apply(Entry::Left { client });
                if let Some(ip) = address.filter(|ip| !ip.is_loopback())
                    && self.lobby.barred.insert(ip)
                {
                    self.to_bar.push(ip);
                }
            }
            Entry::SeatAsked {
                request,
                client,
                state,
            } => {
                self.lobby.next_request = self.lobby.next_request.max(request + 1);
                self.lobby
                    .requests
                    .insert(request, (client, StateId(state)));
                self.seat_request_news(request, client, StateId(state), None, None);
            }
            Entry::SeatAnswered {
                request,
                accept,
                by,
            } => {
                if let Some((client, state)) = self.lobby.requests.remove(&request) {
                    self.seat_request_news(request, client, state, Some(accept), by);
                }
            }
            Entry::Left { client } => {
                self.lobby.requests.retain(|_, (c, _)| *c != client);
                self.unseat(client);
                if let Some(c) = self.lobby.clients.get_mut(&client) {
                    c.gone = true;
                    if let Some(t) = c.transport.take() {
                        self.lobby.transports.remove(&t);
                    }
                }
                self.seats_changed();
            }
            Entry::Seated { client, state } => {
                self.unseat(client);
                if let Some(s) = state {
                    let s = StateId(s);
                    self.lobby.seats[s.index()].members.push(client);
                    if let Some(c) = self.lobby.clients.get_mut(&client) {
                        c.seat = Some(s);
                    }
                }
                self.role_changed(client);
                self.seats_changed();
            }
            Entry::Control {
                state,
                computer,
                forced,
            } => self.apply_control(StateId(state), computer, forced),
            Entry::Play { command, by } => self.play(command, by),
            Entry::Reached { phase, fingerprint } => {
                if self.replaying && self.table.fingerprint() != fingerprint {
                    self.replay_trouble = Some(format!(
                        "after {phase} this version's rules reach another board than the one \
                         the game reached when it was played"
                    ));
                }
            }
            Entry::RolledBack => self.roll_back(),
            Entry::Stage { stage } => self.apply_stage(stage),
            Entry::Press { from, to, text } => {
                let to: Vec<StateId> = to.into_iter().map(StateId).collect();
                self.deliver_press(StateId(from), &to, text);
            }
            Entry::Grace { secs } => self.settings.grace_secs = secs,
            Entry::Extended { secs } => self.extend_clock(secs),
        }
    }

    fn unseat(&mut self, client: u64) {
        if let Some(c) = self.lobby.clients.get_mut(&client)
            && let Some(s) = c.seat.take()
        {
            self.lobby.seats[s.index()].members.retain(|m| *m != client);
        }
    }

    /// After seats change: tell everyone, and the hosts who is connected.
    pub(crate) fn seats_changed(&mut self) {
        let seats = self.seat_views();
        self.send(To::All, ServerMsg::Seats { seats });
        let clients = self.client_views();
        self.send(To::Hosts, ServerMsg::Clients { clients });
    }

    /// Tells a client its role and seat.
    pub(crate) fn role_changed(&mut self, client: u64) {
        if let Some(c) = self.lobby.clients.get(&client) {
            let msg = ServerMsg::Role {
                role: c.role(),
                seat: c.seat.map(|s| self.state_code(s)),
            };
            self.send(To::Client(client), msg);
        }
    }
}

/// The doctrine of every state: the scenario's, unless the settings say otherwise.
fn doctrines(
    scenario: &Arc<Scenario>,
    chosen: &[(String, String)],
) -> Result<Vec<&'static dyn Doctrine>, SetupError> {
    let all = chosen
        .iter()
        .find(|(s, _)| s == "*")
        .map(|(_, d)| by_name(d).ok_or_else(|| SetupError::Doctrine(d.clone())))
        .transpose()?;
    let mut doctrines = entente_shared::play::scenario_doctrines(scenario, all);
    for (state, name) in chosen.iter().filter(|(s, _)| s != "*") {
        let s = scenario
            .find_state(state)
            .ok_or_else(|| SetupError::State(state.clone()))?;
        doctrines[s.index()] = by_name(name).ok_or_else(|| SetupError::Doctrine(name.clone()))?;
    }
    Ok(doctrines)
}
