//! The command line: one subcommand a module.

mod adjudicate;
mod analyze;
mod batch;
mod bots;
mod check;
mod demo;
mod evaluate;
mod measure;
mod report;
mod serve;
mod soak;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "entente-server",
    version,
    about = "Entente's server and headless tools",
    long_about = "Entente's server and headless tools. With no subcommand it serves a game on \
                  the LAN (the flags below are `serve`'s).",
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    serve: serve::ServeArgs,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Host a game on the LAN (the default): join code, seats, teams, observers, the host's
    /// controls, computer players for empty seats, and a record to resume from.
    Serve(serve::ServeArgs),
    /// Measure a server under load: clients on loopback, the time from a phase's deadline to
    /// every client holding the result, bytes per client, the server's memory.
    Measure(measure::MeasureArgs),
    /// Computer players that join a live server as clients: to fill a class or load-test.
    Bots(bots::BotsArgs),
    /// Play computer-only games back to back in one server process and print its memory, to
    /// show that a long-running server does not grow.
    Soak(soak::SoakArgs),
    /// Play a game in the terminal with every seat played by a computer player, without
    /// networking.
    Demo(demo::DemoArgs),
    /// Read a game script (one JSON line per phase) on standard input and write each phase's
    /// outcome as one JSON line.
    Adjudicate(adjudicate::AdjudicateArgs),
    /// Ask the theory which blocs a world forms: load a state system (or a scenario), let every
    /// state choose its alignments until nothing changes, and print the blocs with the reasons.
    Analyze(analyze::AnalyzeArgs),
    /// Play seeded games of computer players against each other and against simple baselines,
    /// and print how well they play.
    Evaluate(evaluate::EvaluateArgs),
    /// Play seeded computer-only games without networking, on every core, and summarise them.
    Batch(batch::BatchArgs),
    /// Check a scenario file and name every problem with its line.
    Check(check::CheckArgs),
    /// Write a seeded generated world as a scenario file (or use `--scenario generated:N:SEED`).
    Generate(check::GenerateArgs),
    /// Play a computer-only game and keep its full record (for `report`).
    Record(report::RecordArgs),
    /// Turn a game record into a debrief: one HTML file with charts, and CSV tables.
    Report(report::ReportArgs),
}

pub fn run(cli: Cli) -> Result<ExitCode, String> {
    let command = cli.command.unwrap_or(Command::Serve(cli.serve));
    // The tools that print for a reader (`demo | head`) stop quietly when the reader goes away,
    // as command-line tools do; the server and its network tools keep the default, so that a
    // client closing its connection never ends them.
    if matches!(
        command,
        Command::Demo(_)
            | Command::Adjudicate(_)
            | Command::Analyze(_)
            | Command::Evaluate(_)
            | Command::Batch(_)
            | Command::Check(_)
            | Command::Generate(_)
            | Command::Record(_)
            | Command::Report(_)
    ) {
        stop_quietly_on_a_closed_pipe();
    }
    match command {
        Command::Serve(args) => serve::run(args),
        Command::Measure(args) => measure::run(args),
        Command::Bots(args) => bots::run(args),
        Command::Soak(args) => soak::run(args),
        Command::Demo(args) => demo::run(args),
        Command::Adjudicate(args) => adjudicate::run(args),
        Command::Analyze(args) => analyze::run(args),
        Command::Evaluate(args) => evaluate::run(args),
        Command::Batch(args) => batch::run(args),
        Command::Check(args) => check::run(args),
        Command::Generate(args) => check::generate(args),
        Command::Record(args) => report::record(args),
        Command::Report(args) => report::report(args),
    }
}

#[cfg(unix)]
fn stop_quietly_on_a_closed_pipe() {
    // SAFETY: setting a signal's disposition to the default at start-up, before any thread is
    // spawned, has no memory-safety conditions.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

#[cfg(not(unix))]
fn stop_quietly_on_a_closed_pipe() {}

/// Reads a `--doctrine NAME` argument.
pub(crate) fn doctrine_arg(
    name: Option<&str>,
) -> Result<Option<&'static dyn entente_shared::doctrine::Doctrine>, String> {
    use entente_shared::doctrine::{DOCTRINES, by_name};
    name.map(|n| {
        by_name(n).ok_or_else(|| format!("no doctrine `{n}`; known: {}", DOCTRINES.join(", ")))
    })
    .transpose()
}
