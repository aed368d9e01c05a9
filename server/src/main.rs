//! `entente-server`: the game's server and its headless tools.
//!
//! Until the networked server lands, running it with no subcommand plays a demonstration game of
//! the default scenario in the terminal.

mod batch;
mod cli;
mod report;

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
