//! Network messages as they arrive: datagrams decoded as a client's or the server's message, and
//! ticket-desk frames. Decoding gives a message or an error, never a panic; a decoded message
//! encodes to bytes that decode and encode to the same bytes (compared as bytes: a NaN read from
//! a datagram is not equal to itself).
#![no_main]

use entente_shared::protocol::ticket::{TicketReply, TicketRequest, read_frame};
use entente_shared::protocol::{
    Role, SessionState, decode_client, decode_server, encode_client, encode_server, legal,
};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(msg) = decode_client(data) {
        let bytes = encode_client(&msg);
        let again = decode_client(&bytes).expect("a client message re-decodes");
        assert_eq!(encode_client(&again), bytes);
        for state in [SessionState::Lobby, SessionState::Playing, SessionState::Paused] {
            for role in [Role::Player, Role::Host, Role::SeatedHost] {
                let _ = legal(state, role, &msg);
            }
        }
    }
    if let Ok(msg) = decode_server(data) {
        let bytes = encode_server(&msg);
        let again = decode_server(&bytes).expect("a server message re-decodes");
        assert_eq!(encode_server(&again), bytes);
    }
    let _ = read_frame::<TicketRequest>(&mut &data[..], 1024);
    let _ = read_frame::<TicketReply>(&mut &data[..], 64 * 1024);
});
