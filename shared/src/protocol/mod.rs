//! The network protocol between clients and the server: every message, grouped by direction,
//! the channels they travel on, one table of which client messages are legal in which session
//! state, and the one way to encode and decode them (bincode 2, with a size limit on every decode
//! so that a hostile peer cannot make the other side allocate without bound).
//!
//! The server never trusts a client: a message that decodes is still checked against the table
//! below and against who sent it before anything happens. States, provinces and orders travel as
//! the words people use (`FRANCE`, `A PAR - BUR`), so that a client needs no ids of the server's.

use serde::{Deserialize, Serialize};

pub use crate::play::TieEventKind;
pub use crate::rules::Outcome;

pub mod ticket;

/// Bumped whenever a message changes; a client of another version is told so and refused.
pub const PROTOCOL_VERSION: u32 = 4;

/// Identifies Entente traffic at the transport level (netcode's protocol id). It does not change
/// with [`PROTOCOL_VERSION`], so that a client of another version still reaches the server and is
/// told which version to get, instead of timing out in silence.
pub const PROTOCOL_ID: u64 = 0x454e_5445_4e54_4501; // "ENTENTE" + 1

/// The largest message a client may send, in bytes (the server decodes with this limit).
pub const MAX_CLIENT_MESSAGE_BYTES: usize = 16 * 1024;

/// The largest message the server sends, in bytes (clients decode with this limit).
pub const MAX_SERVER_MESSAGE_BYTES: usize = 1024 * 1024;

/// Longest player name, in characters.
pub const MAX_NAME_CHARS: usize = 40;
/// Longest press message, in characters.
pub const MAX_PRESS_CHARS: usize = 2000;
/// Most orders in one submission.
pub const MAX_ORDERS: usize = 100;
/// Longest single order, in characters.
pub const MAX_ORDER_CHARS: usize = 100;

/// Secret that lets a client take its seat back after a drop: random, never shown to others.
pub type RejoinToken = [u8; 16];

/// One transport channel. Both directions use the same table; the server and every client build
/// their transport's configuration from it, so they cannot disagree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChannelSpec {
    pub id: u8,
    /// Reliable and ordered; otherwise unreliable.
    pub reliable: bool,
    /// Bytes that may wait unacknowledged before the channel counts as full.
    pub max_memory_bytes: usize,
    /// How long before an unacknowledged reliable message is sent again.
    pub resend_ms: u64,
}

/// Everything travels on one reliable, ordered channel each way: a turn-based game sends little,
/// and every message matters (orders, their acknowledgements, results).
pub const GAME_CHANNEL: u8 = 0;

/// Channels the server sends on, in priority order. Results and boards for a whole class may
/// wait unacknowledged for a moment, hence the room.
pub const SERVER_CHANNELS: &[ChannelSpec] = &[ChannelSpec {
    id: GAME_CHANNEL,
    reliable: true,
    max_memory_bytes: 8 * 1024 * 1024,
    resend_ms: 200,
}];

/// Channels clients send on, in priority order. A client that floods the server past this
/// limit is disconnected by the transport.
pub const CLIENT_CHANNELS: &[ChannelSpec] = &[ChannelSpec {
    id: GAME_CHANNEL,
    reliable: true,
    max_memory_bytes: 1024 * 1024,
    resend_ms: 200,
}];

/// Where a game session stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum SessionState {
    /// Seats are being taken; the game has not started.
    Lobby,
    /// Phases are being played.
    Playing,
    /// The host has stopped the clock.
    Paused,
    /// The game has ended.
    Over,
}

/// What a client may do, as the session sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Role {
    /// Connected, but not yet admitted with the join code.
    Stranger,
    /// Watching only.
    Observer,
    /// Seated as (part of the team of) a state.
    Player,
    /// The host, watching: sees everything and controls the game.
    Host,
    /// The host, also seated at a state (a LAN host playing with friends).
    SeatedHost,
}

impl Role {
    fn seated(self) -> bool {
        matches!(self, Role::Player | Role::SeatedHost)
    }
    fn host(self) -> bool {
        matches!(self, Role::Host | Role::SeatedHost)
    }
}

/// Messages from a client to the server.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum ClientMsg {
    /// First message: who I am and the join code. A rejoin token takes a held seat back; the
    /// host key makes the client the host.
    Hello {
        version: u32,
        name: String,
        join_code: String,
        rejoin: Option<RejoinToken>,
        host_key: Option<String>,
    },
    /// Sit at a state's seat (alone, or joining its team).
    TakeSeat { state: String },
    /// Leave the seat and watch.
    Observe,
    /// Ready to start (seated players, in the lobby).
    Ready,
    /// The seat's orders for the named phase, in standard notation; replaces the seat's earlier
    /// orders for that phase (the last submission before the deadline stands).
    SubmitOrders { phase: String, orders: Vec<String> },
    /// Press to the named states, or to everyone when `to` is empty.
    Press { to: Vec<String>, text: String },
    /// Propose an alliance to `to` against `against`.
    ProposeAlliance { to: String, against: String },
    /// Ask to align with a stronger state (to bandwagon with it).
    ProposeAlignment { with: String },
    /// Answer a proposal this seat received.
    Answer {
        proposal: u64,
        accept: bool,
        reason: String,
    },
    /// Leave an alliance or alignment, announced to all.
    LeaveTie { partner: String },
    /// A host's command (refused to anyone but the host).
    Host(HostCommand),
    /// Leaving the session for good (the seat stays with the team, or goes to the computer).
    Goodbye,
    /// Let someone join a seat people already hold, or not (its players and the host answer
    /// the requests of [`ServerMsg::SeatRequest`]).
    AnswerSeatRequest { request: u64, accept: bool },
}

/// What the host can do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum HostCommand {
    /// Start the game (from the lobby).
    Start,
    Pause,
    Resume,
    /// Add time to the running phase.
    ExtendClock {
        seconds: u32,
    },
    /// End the phase now; seats without orders hold.
    ResolveNow,
    /// Undo the last resolved phase: the game returns to its start, its orders gone.
    RollBack,
    /// The computer plays this seat until the host takes it back.
    GiveSeatToComputer {
        state: String,
    },
    /// The seat's people play it again.
    TakeSeatBack {
        state: String,
    },
    /// Disconnect a client (by the id in [`ServerMsg::Clients`]); its token no longer works.
    Remove {
        client: u64,
    },
    /// How long a seat whose players have all left waits before the computer plays it.
    SetGrace {
        seconds: u32,
    },
    EndGame,
    /// Write the debrief of the game so far (an HTML file in the save folder) and send it to
    /// the host.
    WriteReport,
}

/// Messages from the server to a client.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum ServerMsg {
    /// Admitted: your id, your secret rejoin token, what you are, and the game.
    Welcome {
        client: u64,
        rejoin: RejoinToken,
        role: Role,
        seat: Option<String>,
        /// The scenario's name, for people.
        scenario: String,
        /// How the server loaded it (`classic`, `generated:20:7`, a file name), so that a client
        /// can load the same map with `Scenario::load`.
        scenario_source: String,
        states: Vec<StateView>,
    },
    /// Not admitted, with the reason (wrong code, removed, unknown token ...); the server then
    /// disconnects.
    JoinRefused {
        reason: String,
    },
    /// The client speaks another protocol version.
    WrongVersion {
        server: u32,
        client: u32,
    },
    /// A message was not acted on, with the reason a person can read; play goes on.
    Refused {
        reason: String,
    },
    /// Your role or seat changed.
    Role {
        role: Role,
        seat: Option<String>,
    },
    /// The seats: who sits where, who the computer plays, who has submitted.
    Seats {
        seats: Vec<SeatView>,
    },
    /// A phase has begun (or you just joined): the board and the clock.
    Phase {
        phase: String,
        session: SessionState,
        clock: Clock,
        board: Board,
        /// States that have orders to give this phase.
        to_order: Vec<String>,
    },
    /// The clock changed (paused, resumed, extended).
    Clock {
        session: SessionState,
        clock: Clock,
    },
    /// A seat's orders as they stand (sent to every member of the team, and to the host).
    Orders {
        phase: String,
        state: String,
        /// The name of the player who submitted them ("computer" for the computer).
        by: String,
        accepted: Vec<String>,
        /// Each refused order with the reason.
        refused: Vec<(String, String)>,
    },
    /// A phase's results, as the rules reveal them to all.
    PhaseResult {
        phase: String,
        orders: Vec<OrderResult>,
        next: String,
        centres: Vec<(String, usize)>,
    },
    Press {
        from: String,
        to: Vec<String>,
        text: String,
    },
    /// A proposal to your state, with the proposer's reason. It waits for one of your team's
    /// answers until the phase ends (silence is a refusal).
    Proposal {
        id: u64,
        from: String,
        kind: ProposalKind,
        reason: String,
    },
    /// An answer to a proposal, with its reason.
    ProposalAnswered {
        id: u64,
        by: String,
        accept: bool,
        reason: String,
    },
    /// A tie made, left or broken, announced to all: who (`a` made it with, left or broke with
    /// `b`), against whom, and the sentence with its reason.
    Tie {
        kind: TieEventKind,
        a: String,
        b: String,
        against: Option<String>,
        text: String,
    },
    /// A notice to all that is not a tie (the host rolled the game back ...).
    Notice {
        text: String,
    },
    /// The host's view: computer decisions with their reasons, threat reports, every order.
    HostLog {
        lines: Vec<String>,
    },
    /// The host's view: the threat each state sees from each other as the phase begins, by
    /// Walt's four criteria (`cells[i][j]`: what `states[i]` sees of `states[j]`).
    Threats {
        phase: String,
        states: Vec<String>,
        cells: Vec<Vec<ThreatView>>,
    },
    /// A seat's threat lens as the phase begins (movement phases): how every other state
    /// threatens the seat's state, and how the seat's state threatens each of them in their
    /// eyes, by Walt's four criteria, with the acts behind the intention terms. Sent to the
    /// seat's members; the host gets every seat's.
    Lens {
        phase: String,
        state: String,
        rows: Vec<LensRow>,
    },
    /// The debrief (the host asked for it, or the game ended): the file the server wrote and
    /// the self-contained HTML itself, for a host on another machine. `html` is empty when the
    /// report is too large to send; the file is still written.
    Report {
        file: String,
        html: String,
    },
    /// The host's view of the connected and departed clients.
    Clients {
        clients: Vec<ClientView>,
    },
    GameOver {
        text: String,
    },
    /// The server is closing (or removed you), with the reason.
    Closing {
        reason: String,
    },
    /// `name` asks to join `state`'s team, which people already hold (sent to its players, the
    /// hosts and the one asking); then, with `accepted` set, how it was settled and by whom
    /// (`by` empty while it waits, and when the one asking withdrew it). Answered with
    /// [`ClientMsg::AnswerSeatRequest`].
    SeatRequest {
        request: u64,
        name: String,
        state: String,
        accepted: Option<bool>,
        by: String,
    },
}

/// A state of the scenario.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StateView {
    pub code: String,
    pub name: String,
    pub colour: String,
}

/// One seat as clients see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeatView {
    pub state: String,
    pub players: Vec<String>,
    /// Whether the computer plays it now.
    pub computer: bool,
    /// Whether its orders for this phase are in.
    pub submitted: bool,
    /// Whether its connected players have all said Ready (in the lobby; none connected: no).
    #[serde(default)]
    pub ready: bool,
}

/// The clock of the running phase.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Clock {
    /// Milliseconds until the phase ends (none when paused, in the lobby, or over).
    pub millis_left: Option<u64>,
    /// When it ends, in milliseconds since 1970 by the server's wall clock (for logs and for
    /// measuring on one machine; clients count down with `millis_left`).
    pub ends_at_unix_ms: Option<u64>,
}

/// What stands on the board.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Board {
    pub units: Vec<UnitView>,
    /// (province, owner) of every owned supply centre.
    pub centres: Vec<(String, String)>,
    pub dislodged: Vec<DislodgedView>,
    /// Builds (positive) or removals (negative) owed this winter, by state.
    pub adjustments: Vec<(String, i32)>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitView {
    pub state: String,
    /// `A` or `F`.
    pub kind: char,
    /// Province (with coast, `STP/SC`).
    pub at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DislodgedView {
    pub unit: UnitView,
    pub retreats: Vec<String>,
}

/// One order of a resolved phase and what became of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderResult {
    pub state: String,
    pub order: String,
    /// What became of it; `outcome.words()` says it: `succeeded`, `bounced`, `dislodged` ...
    pub outcome: Outcome,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ProposalKind {
    /// An alliance (mutual defence) against `against`.
    Alliance { against: String },
    /// The proposer asks to align with you as its patron.
    Alignment,
}

/// One state's threat to another, in its four parts (each already weighted, so that they add
/// up to the total before any misperception) and in all.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct ThreatView {
    pub total: f32,
    pub power: f32,
    pub proximity: f32,
    pub offence: f32,
    pub intentions: f32,
}

/// One other state in a seat's threat lens.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LensRow {
    pub state: String,
    /// How much `state` threatens the seat's state, in the seat's eyes.
    pub threat_to_us: ThreatView,
    /// The acts of `state` behind that intention term, most telling first ("the attack on
    /// Venice (VEN) in autumn 1902").
    pub acts_against_us: Vec<String>,
    /// How much the seat's state threatens `state`, in `state`'s eyes.
    pub our_threat_to_them: ThreatView,
    /// The seat's own acts behind that intention term, most telling first.
    pub our_acts_against_them: Vec<String>,
}

/// A client as the host sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientView {
    pub id: u64,
    pub name: String,
    pub seat: Option<String>,
    pub host: bool,
    pub connected: bool,
}

/// Why a client message may not be acted on now.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct NotNow(pub String);

/// The one table of which client messages are legal for whom in which session state. The
/// handlers behind it check only what depends on the message's content (is the seat free, is the
/// order legal).
pub fn legal(state: SessionState, role: Role, msg: &ClientMsg) -> Result<(), NotNow> {
    use ClientMsg::*;
    use SessionState::{Lobby, Over, Paused, Playing};
    let no = |why: &str| Err(NotNow(why.to_string()));
    let diplomacy = matches!(
        msg,
        Press { .. }
            | ProposeAlliance { .. }
            | ProposeAlignment { .. }
            | Answer { .. }
            | LeaveTie { .. }
    );
    match msg {
        Hello { .. } if role == Role::Stranger => Ok(()),
        Hello { .. } => no("you have already joined"),
        Goodbye => Ok(()),
        _ if role == Role::Stranger => no("say hello with the join code first"),
        Host(_) if role.host() => Ok(()),
        Host(_) => no("only the host can do that"),
        TakeSeat { .. } | Observe | AnswerSeatRequest { .. } if state == Over => {
            no("the game is over")
        }
        AnswerSeatRequest { .. } if !role.seated() && !role.host() => {
            no("only the seat's players or the host answer a request to join it")
        }
        TakeSeat { .. } | Observe | AnswerSeatRequest { .. } => Ok(()),
        Ready if role.seated() && state == Lobby => Ok(()),
        Ready if state != Lobby => no("the game has already started"),
        Ready => no("take a seat first"),
        SubmitOrders { .. } if !role.seated() => no("only a seated player gives orders"),
        SubmitOrders { .. } => match state {
            Playing => Ok(()),
            Paused => no("the game is paused; orders are taken again when the host resumes"),
            Lobby => no("the game has not started yet"),
            Over => no("the game is over"),
        },
        _ if diplomacy && !role.seated() => no("only a seated player speaks for a state"),
        _ if diplomacy && state == Over => no("the game is over"),
        _ => Ok(()),
    }
}

fn client_config() -> impl bincode::config::Config {
    bincode::config::standard().with_limit::<MAX_CLIENT_MESSAGE_BYTES>()
}

fn server_config() -> impl bincode::config::Config {
    bincode::config::standard().with_limit::<MAX_SERVER_MESSAGE_BYTES>()
}

/// Why bytes could not be read as a message.
#[derive(Debug, thiserror::Error)]
pub enum DecodeError {
    #[error("the message is {0} bytes, more than the {1} allowed")]
    TooLarge(usize, usize),
    #[error("the message could not be read: {0}")]
    Malformed(String),
    #[error("{0} bytes were left over after the message")]
    Trailing(usize),
}

/// Encodes a client's message.
pub fn encode_client(msg: &ClientMsg) -> Vec<u8> {
    bincode::serde::encode_to_vec(msg, client_config()).expect("client messages encode")
}

/// Encodes a server's message.
pub fn encode_server(msg: &ServerMsg) -> Vec<u8> {
    bincode::serde::encode_to_vec(msg, server_config()).expect("server messages encode")
}

/// Decodes a client's message (on the server), refusing anything larger than
/// [`MAX_CLIENT_MESSAGE_BYTES`], malformed, or with bytes left over.
pub fn decode_client(bytes: &[u8]) -> Result<ClientMsg, DecodeError> {
    if bytes.len() > MAX_CLIENT_MESSAGE_BYTES {
        return Err(DecodeError::TooLarge(bytes.len(), MAX_CLIENT_MESSAGE_BYTES));
    }
    let (msg, used) = bincode::serde::decode_from_slice(bytes, client_config())
        .map_err(|e| DecodeError::Malformed(e.to_string()))?;
    if used != bytes.len() {
        return Err(DecodeError::Trailing(bytes.len() - used));
    }
    Ok(msg)
}

/// Decodes a server's message (on a client), with [`MAX_SERVER_MESSAGE_BYTES`] as the limit.
pub fn decode_server(bytes: &[u8]) -> Result<ServerMsg, DecodeError> {
    if bytes.len() > MAX_SERVER_MESSAGE_BYTES {
        return Err(DecodeError::TooLarge(bytes.len(), MAX_SERVER_MESSAGE_BYTES));
    }
    let (msg, used) = bincode::serde::decode_from_slice(bytes, server_config())
        .map_err(|e| DecodeError::Malformed(e.to_string()))?;
    if used != bytes.len() {
        return Err(DecodeError::Trailing(bytes.len() - used));
    }
    Ok(msg)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_round_trip() {
        let msgs = vec![
            ClientMsg::Hello {
                version: PROTOCOL_VERSION,
                name: "Ada".into(),
                join_code: "ABCD".into(),
                rejoin: Some([7; 16]),
                host_key: None,
            },
            ClientMsg::SubmitOrders {
                phase: "S1901M".into(),
                orders: vec!["A PAR - BUR".into()],
            },
            ClientMsg::Host(HostCommand::ExtendClock { seconds: 60 }),
        ];
        for m in msgs {
            assert_eq!(decode_client(&encode_client(&m)).unwrap(), m);
        }
        let result = ServerMsg::PhaseResult {
            phase: "S1901M".into(),
            orders: vec![OrderResult {
                state: "FRANCE".into(),
                order: "A PAR - BUR".into(),
                outcome: Outcome::Succeeded,
            }],
            next: "F1901M".into(),
            centres: vec![("FRANCE".into(), 3)],
        };
        assert_eq!(decode_server(&encode_server(&result)).unwrap(), result);
    }

    #[test]
    fn hostile_bytes_are_refused_without_panicking() {
        assert!(matches!(decode_client(&[]), Err(DecodeError::Malformed(_))));
        assert!(matches!(
            decode_client(&[250, 1, 2, 3]),
            Err(DecodeError::Malformed(_))
        ));
        // A length prefix claiming a huge string must not allocate it.
        let mut huge = encode_client(&ClientMsg::Press {
            to: vec![],
            text: String::new(),
        });
        huge.truncate(2);
        huge.extend_from_slice(&[0xFC, 0xFF, 0xFF, 0xFF, 0x7F]);
        assert!(decode_client(&huge).is_err());
        // A string longer than the limit, even when every byte is there, is refused.
        let long = encode_client(&ClientMsg::Press {
            to: vec![],
            text: "x".repeat(MAX_CLIENT_MESSAGE_BYTES),
        });
        assert!(matches!(
            decode_client(&long),
            Err(DecodeError::TooLarge(..))
        ));
        let mut extra = encode_client(&ClientMsg::Goodbye);
        extra.push(0);
        assert!(matches!(
            decode_client(&extra),
            Err(DecodeError::Trailing(1))
        ));
        // Random bytes never panic.
        let mut x: u32 = 12345;
        for len in 0..400 {
            let bytes: Vec<u8> = (0..len % 64)
                .map(|_| {
                    x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
                    (x >> 16) as u8
                })
                .collect();
            let _ = decode_client(&bytes);
            let _ = decode_server(&bytes);
        }
    }

    #[test]
    fn the_legality_table_checks_state_and_role() {
        use Role::*;
        use SessionState::*;
        let orders = ClientMsg::SubmitOrders {
            phase: "S1901M".into(),
            orders: vec![],
        };
        assert!(legal(Playing, Player, &orders).is_ok());
        assert!(legal(Playing, SeatedHost, &orders).is_ok());
        assert!(legal(Lobby, Player, &orders).is_err());
        assert!(
            legal(Paused, Player, &orders)
                .unwrap_err()
                .0
                .contains("paused")
        );
        assert!(legal(Playing, Observer, &orders).is_err());
        assert!(legal(Playing, Host, &orders).is_err());
        assert!(
            legal(Playing, Stranger, &orders)
                .unwrap_err()
                .0
                .contains("join code")
        );
        let pause = ClientMsg::Host(HostCommand::Pause);
        assert!(legal(Playing, Host, &pause).is_ok());
        assert!(legal(Playing, SeatedHost, &pause).is_ok());
        assert!(
            legal(Playing, Player, &pause)
                .unwrap_err()
                .0
                .contains("only the host")
        );
        let press = ClientMsg::Press {
            to: vec![],
            text: "hi".into(),
        };
        assert!(legal(Playing, Player, &press).is_ok());
        assert!(legal(Over, Player, &press).is_err());
        assert!(legal(Playing, Observer, &press).is_err());
        assert!(legal(Lobby, Player, &ClientMsg::Ready).is_ok());
        let answer = ClientMsg::AnswerSeatRequest {
            request: 1,
            accept: true,
        };
        assert!(legal(Playing, Player, &answer).is_ok());
        assert!(legal(Lobby, Host, &answer).is_ok());
        assert!(legal(Playing, Observer, &answer).is_err());
        assert!(legal(Over, Player, &answer).is_err());
        assert!(legal(Playing, Player, &ClientMsg::Ready).is_err());
        let hello = ClientMsg::Hello {
            version: 1,
            name: "x".into(),
            join_code: "y".into(),
            rejoin: None,
            host_key: None,
        };
        assert!(legal(Playing, Stranger, &hello).is_ok());
        assert!(legal(Playing, Player, &hello).is_err());
    }
}
