//! The network protocol between clients and the server: every message, grouped by direction,
//! one table of which client messages are legal in which session state, and the one way to
//! encode and decode them (bincode 2, with a size limit on every decode so that a hostile client
//! cannot make the server allocate without bound).
//!
//! The server never trusts a client: a message that decodes is still checked against the table
//! below and against who sent it before anything happens.

use serde::{Deserialize, Serialize};

/// Bumped whenever a message changes; a client of another version is told so and refused.
pub const PROTOCOL_VERSION: u32 = 1;

/// Identifies Entente traffic at the transport level (netcode's protocol id).
pub const PROTOCOL_ID: u64 = 0x454e_5445_4e54_4501; // "ENTENTE" + 1

/// The largest message either side accepts, in bytes.
pub const MAX_MESSAGE_BYTES: usize = 256 * 1024;

/// Secret that lets a client take its seat back after a drop: random, never shown to others.
pub type RejoinToken = [u8; 16];

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
    /// Not yet admitted.
    Stranger,
    /// Seated as (part of the team of) a state.
    Player,
    /// Watching only.
    Observer,
    /// The host: sees everything and controls the game.
    Host,
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
    /// Sit at a state's seat (alone or joining its team).
    TakeSeat { state: String },
    /// Watch without a seat.
    Observe,
    /// Ready to start (players in the lobby).
    Ready,
    /// The seat's orders for the named phase, in standard notation; replaces earlier ones.
    SubmitOrders { phase: String, orders: Vec<String> },
    /// Press: to one state, or public when `to` is `None`.
    Press { to: Option<String>, text: String },
    /// Propose an alliance to `to` against `against`.
    ProposeAlliance { to: String, against: String },
    /// Ask to align with a stronger state.
    ProposeAlignment { with: String },
    /// Answer a proposal received.
    Answer { proposal: u64, accept: bool },
    /// Leave an alliance or alignment, announced to all.
    LeaveTie { partner: String },
    /// A host's command (refused to anyone but the host).
    Host(HostCommand),
    /// Leaving the session.
    Goodbye,
}

/// What the host can do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum HostCommand {
    Start,
    Pause,
    Resume,
    ExtendClock {
        seconds: u32,
    },
    ResolveNow,
    RollBack,
    GiveSeatToComputer {
        state: String,
    },
    TakeSeatBack {
        state: String,
    },
    Remove {
        client: u64,
    },
    EndGame,
    /// Write the debrief now.
    Report,
}

/// Messages from the server to a client.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum ServerMsg {
    /// Admitted: your id, your secret rejoin token, and your role.
    Welcome {
        client: u64,
        rejoin: RejoinToken,
        role: Role,
        scenario: String,
    },
    /// Not admitted, with the reason (wrong code, full, too many tries ...).
    Refused {
        reason: String,
    },
    /// The client speaks another protocol version.
    WrongVersion {
        server: u32,
        client: u32,
    },
    /// A message was not acted on, with the reason; play goes on.
    Error {
        reason: String,
    },
    /// The seats: state code, who sits there (names), whether the computer plays it.
    Seats {
        seats: Vec<SeatView>,
    },
    /// A phase has begun: its name, the seconds on the clock (none when paused or untimed).
    PhaseStarted {
        phase: String,
        seconds_left: Option<u32>,
    },
    /// Your seat's orders as they stand (sent to every member of the team).
    Orders {
        phase: String,
        accepted: Vec<String>,
        refused: Vec<(String, String)>,
    },
    /// A phase's results, as the rules reveal them to all.
    PhaseResult {
        phase: String,
        lines: Vec<String>,
        next: String,
    },
    Press {
        from: String,
        to: Option<String>,
        text: String,
    },
    Proposal {
        id: u64,
        from: String,
        kind: String,
        against: Option<String>,
    },
    /// An answer to a proposal, with its reason when the computer answered.
    ProposalAnswered {
        id: u64,
        accept: bool,
        reason: String,
    },
    /// A tie made, left or broken, announced to all.
    Tie {
        text: String,
    },
    /// The host's view: each computer decision with its reason.
    HostLog {
        lines: Vec<String>,
    },
    Paused,
    Resumed,
    GameOver {
        text: String,
    },
}

/// One seat as clients see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeatView {
    pub state: String,
    pub players: Vec<String>,
    pub computer: bool,
}

/// Why a client message may not be acted on now.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct NotNow(pub String);

/// The one table of which client messages are legal for whom in which session state.
pub fn legal(state: SessionState, role: Role, msg: &ClientMsg) -> Result<(), NotNow> {
    use ClientMsg::{
        Answer, Goodbye, Hello, LeaveTie, Observe, Press, ProposeAlignment, ProposeAlliance, Ready,
        SubmitOrders, TakeSeat,
    };
    use Role::{Player, Stranger};
    use SessionState::*;
    let no = |why: &str| Err(NotNow(why.to_string()));
    match (msg, role) {
        (Hello { .. }, Stranger) => Ok(()),
        (Hello { .. }, _) => no("you have already joined"),
        (Goodbye, _) => Ok(()),
        (_, Stranger) => no("say hello with the join code first"),
        (ClientMsg::Host(_), Role::Host) => Ok(()),
        (ClientMsg::Host(_), _) => no("only the host can do that"),
        (TakeSeat { .. } | Observe, _) if state == Over => no("the game is over"),
        (TakeSeat { .. } | Observe, _) => Ok(()),
        (Ready, Player) if state == Lobby => Ok(()),
        (Ready, _) => no("only seated players get ready, in the lobby"),
        (SubmitOrders { .. }, Player) if state == Playing => Ok(()),
        (SubmitOrders { .. }, Player) if state == Paused => no("the game is paused"),
        (SubmitOrders { .. }, Player) => no("orders are given while the game is being played"),
        (SubmitOrders { .. }, _) => no("only a seated player gives orders"),
        (
            Press { .. }
            | ProposeAlliance { .. }
            | ProposeAlignment { .. }
            | Answer { .. }
            | LeaveTie { .. },
            Player,
        ) if state != Over => Ok(()),
        (
            Press { .. }
            | ProposeAlliance { .. }
            | ProposeAlignment { .. }
            | Answer { .. }
            | LeaveTie { .. },
            Player,
        ) => no("the game is over"),
        (
            Press { .. }
            | ProposeAlliance { .. }
            | ProposeAlignment { .. }
            | Answer { .. }
            | LeaveTie { .. },
            _,
        ) => no("only a seated player speaks for a state"),
    }
}

fn config() -> impl bincode::config::Config {
    bincode::config::standard().with_limit::<MAX_MESSAGE_BYTES>()
}

/// Why bytes could not be read as a message.
#[derive(Debug, thiserror::Error)]
pub enum DecodeError {
    #[error("the message is {0} bytes, more than the {MAX_MESSAGE_BYTES} allowed")]
    TooLarge(usize),
    #[error("the message could not be read: {0}")]
    Malformed(String),
    #[error("{0} bytes were left over after the message")]
    Trailing(usize),
}

/// Encodes a message.
pub fn encode<T: Serialize>(msg: &T) -> Vec<u8> {
    bincode::serde::encode_to_vec(msg, config()).expect("messages always encode")
}

/// Decodes a message, refusing anything too large, malformed, or with bytes left over.
pub fn decode<T: for<'de> Deserialize<'de>>(bytes: &[u8]) -> Result<T, DecodeError> {
    if bytes.len() > MAX_MESSAGE_BYTES {
        return Err(DecodeError::TooLarge(bytes.len()));
    }
    let (msg, used) = bincode::serde::decode_from_slice(bytes, config())
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
            let back: ClientMsg = decode(&encode(&m)).unwrap();
            assert_eq!(back, m);
        }
    }

    #[test]
    fn hostile_bytes_are_refused_without_panicking() {
        assert!(matches!(
            decode::<ClientMsg>(&[]),
            Err(DecodeError::Malformed(_))
        ));
        assert!(matches!(
            decode::<ClientMsg>(&[250, 1, 2, 3]),
            Err(DecodeError::Malformed(_))
        ));
        // A length prefix claiming a huge string must not allocate it.
        let mut huge = encode(&ClientMsg::Press {
            to: None,
            text: String::new(),
        });
        huge.truncate(2);
        huge.extend_from_slice(&[0xFC, 0xFF, 0xFF, 0xFF, 0x7F]);
        assert!(decode::<ClientMsg>(&huge).is_err());
        let big = vec![0u8; MAX_MESSAGE_BYTES + 1];
        assert!(matches!(
            decode::<ClientMsg>(&big),
            Err(DecodeError::TooLarge(_))
        ));
        let mut extra = encode(&ClientMsg::Goodbye);
        extra.push(0);
        assert!(matches!(
            decode::<ClientMsg>(&extra),
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
            let _ = decode::<ClientMsg>(&bytes);
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
        assert!(legal(Lobby, Player, &orders).is_err());
        assert!(
            legal(Paused, Player, &orders)
                .unwrap_err()
                .0
                .contains("paused")
        );
        assert!(legal(Playing, Observer, &orders).is_err());
        assert!(
            legal(Playing, Stranger, &orders)
                .unwrap_err()
                .0
                .contains("join code")
        );
        let pause = ClientMsg::Host(HostCommand::Pause);
        assert!(legal(Playing, Host, &pause).is_ok());
        assert!(
            legal(Playing, Player, &pause)
                .unwrap_err()
                .0
                .contains("only the host")
        );
        assert!(
            legal(
                Over,
                Player,
                &ClientMsg::Press {
                    to: None,
                    text: "hi".into()
                }
            )
            .is_err()
        );
        assert!(legal(Lobby, Player, &ClientMsg::Ready).is_ok());
    }
}
