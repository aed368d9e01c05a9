//! `entente-server`'s library: the authoritative game server.
//!
//! A [`session::Session`] holds one game, its seats and its record; the modules named after what
//! they handle add its behaviour (`lobby`: joining and seats; `turn`: orders, the clock and
//! resolution, with the computer players behind one trait; `press`: press and proposals; `host`:
//! the host's controls); `persist` writes the record; `net` carries the protocol over UDP; `app`
//! puts them together in a headless Bevy app.

pub mod app;
mod host;
mod lobby;
pub mod net;
pub mod persist;
mod press;
pub mod report;
pub mod session;
pub mod turn;
