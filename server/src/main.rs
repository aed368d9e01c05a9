//! `entente-server`: the game's server and its headless tools.
//!
//! With no subcommand it serves a game on the LAN (`serve`); the server itself is the library
//! (`lib.rs`), the command line is `cli`.

mod batch;
mod cli;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let args = cli::Cli::parse();
    match cli::run(args) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("entente-server: {e}");
            ExitCode::from(2)
        }
    }
}
