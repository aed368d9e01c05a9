//! `entente-client`: the player's window on the game.
//!
//! The drawn map client (Bevy) comes with the client work; until then this binary prints the
//! default scenario's states and starting units, so that the workspace's shape is complete and
//! the client already reads scenarios through the shared crate.

use entente_shared::scenario::Scenario;

fn main() -> std::process::ExitCode {
    let name = std::env::args().nth(1).unwrap_or_else(|| "classic".into());
    let scenario = match Scenario::load(&name) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("entente-client: {e}");
            return std::process::ExitCode::from(2);
        }
    };
    println!(
        "{} — the graphical client is not built yet; here is the board.",
        scenario.name
    );
    for id in scenario.state_ids() {
        let state = scenario.state(id);
        let units: Vec<String> = scenario
            .start
            .units()
            .filter(|(_, u)| u.state == id)
            .map(|(_, u)| format!("{} {}", u.kind.letter(), scenario.map.loc_name(u.loc)))
            .collect();
        println!("  {:<10} {}", state.name, units.join(", "));
    }
    std::process::ExitCode::SUCCESS
}
