//! Scenarios: the RON files in `assets/scenarios/`, their format and their loader.

pub mod format;
