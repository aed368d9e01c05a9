//! Entente's client: the map a player reads and plays on, with the threat lens.
//!
//! - `model`: what the client knows from the server's messages (pure, tested without a window)
//! - `orders`: orders from clicks and typing, in standard notation (pure)
//! - `lens`: the threat lens's colours and legend (pure)
//! - `map`: the province meshes, the layout of cells, the camera's view
//! - `net`: the renet connection, the protocol, remembered connect settings
//! - `ui`: the screens (egui): connect, status and clock, seats, orders, results, diplomacy,
//!   lens, host
//! - `palette`: colours kept apart under protanopia and deuteranopia (pure)
//! - `app`: the resource the screens share, the network system, reconnecting
//! - `autotest`: the scripted run the screenshot test uses
//! - `folders`: where settings and debriefs are kept on each platform, and opening a debrief

pub mod app;
pub mod autotest;
pub mod folders;
pub mod lens;
pub mod map;
pub mod model;
pub mod net;
pub mod orders;
pub mod palette;
pub mod report;
pub mod ui;
