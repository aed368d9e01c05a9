//! `entente-client`: the player's window on the game.
//!
//! Without flags it opens the connect screen (remembering the last address, name and code).
//! With `--host` and `--code` it joins at once. `--autotest DIR` runs the scripted check the
//! screenshot test uses: join, take the `--seat`, order by clicks and typing, submit, turn the
//! lens on, save numbered screenshots to DIR, exit.

use std::path::PathBuf;

use bevy::prelude::*;
use bevy::window::WindowResolution;
use bevy_egui::{EguiPlugin, EguiPrimaryContextPass};
use clap::Parser;
use entente_client::app::{Client, Net, network};
use entente_client::autotest::{Autotest, autotest};
use entente_client::folders::Folders;
use entente_client::map::{self, View};
use entente_client::net::ConnectSettings;
use entente_client::report::save_report;
use entente_client::ui::screens;

#[derive(Debug, Parser)]
#[command(
    name = "entente-client",
    about = "Entente's client: join a game on the LAN"
)]
struct Args {
    /// The server's address (joins at once when given with --code).
    #[arg(long)]
    host: Option<String>,
    /// The server's port.
    #[arg(long)]
    port: Option<u16>,
    /// Your name, as others see it.
    #[arg(long)]
    name: Option<String>,
    /// The join code the host gave.
    #[arg(long)]
    code: Option<String>,
    /// The host key (makes this client the host).
    #[arg(long)]
    host_key: Option<String>,
    /// Sit at this state once admitted (its code, e.g. FRANCE).
    #[arg(long)]
    seat: Option<String>,
    /// Scripted run for tests: join, order, lens on, save screenshots to DIR, exit.
    #[arg(long, value_name = "DIR")]
    autotest: Option<PathBuf>,
    /// In the scripted run, wait for a proposal to our seat and answer it.
    #[arg(long)]
    autotest_proposal: bool,
    /// In the scripted run as the host, photograph the lobby's ready states and stop.
    #[arg(long)]
    autotest_lobby: bool,
    /// Seconds the scripted run may take before it fails.
    #[arg(long, default_value_t = 120.0)]
    autotest_timeout: f64,
    /// Keep the settings and the debriefs in DIR instead of the system's folders for them.
    #[arg(long, value_name = "DIR")]
    data_dir: Option<PathBuf>,
    /// Window size, WIDTHxHEIGHT.
    #[arg(long, default_value = "1400x900")]
    size: String,
}

fn main() -> AppExit {
    let args = Args::parse();
    let folders = args.data_dir.clone().map(Folders::at).unwrap_or_default();
    let mut settings = ConnectSettings::load(&folders);
    if let Some(h) = &args.host {
        settings.host = h.clone();
    }
    if let Some(p) = args.port {
        settings.port = p;
    }
    if let Some(n) = &args.name {
        settings.name = n.clone();
    }
    if let Some(c) = &args.code {
        settings.code = c.clone();
    }
    if let Some(k) = &args.host_key {
        settings.host_key = k.clone();
    }
    let (w, h) = args
        .size
        .split_once('x')
        .and_then(|(w, h)| Some((w.parse::<u32>().ok()?, h.parse::<u32>().ok()?)))
        .unwrap_or((1400, 900));
    let mut client = Client {
        settings,
        want_seat: args.seat.clone(),
        folders,
        ..Client::default()
    };
    if args.host.is_some() && args.code.is_some() {
        // Joining from the command line: the host key only when given here, never a remembered one.
        client.settings.host_key = args.host_key.clone().unwrap_or_default();
        if client.settings.name.trim().is_empty() {
            client.settings.name = "player".into();
        }
        client.connect();
    }
    let mut app = App::new();
    app.add_plugins(DefaultPlugins.set(WindowPlugin {
        primary_window: Some(Window {
            title: "Entente".into(),
            resolution: WindowResolution::new(w, h),
            ..default()
        }),
        ..default()
    }))
    .add_plugins(EguiPlugin::default())
    .insert_resource(ClearColor(map::colour(map::BACKGROUND)))
    .insert_resource(client)
    .init_resource::<Net>()
    .init_resource::<View>()
    .add_systems(Startup, |mut commands: Commands| {
        commands.spawn(Camera2d);
    })
    .add_systems(
        Update,
        (
            network,
            save_report,
            map::build_map,
            map::paint_map,
            map::place_camera,
        )
            .chain(),
    )
    .add_systems(EguiPrimaryContextPass, screens);
    if let Some(dir) = args.autotest {
        app.world_mut().resource_mut::<Client>().open_reports = false;
        app.world_mut().resource_mut::<Client>().ui.scripted = true;
        let _ = std::fs::create_dir_all(&dir);
        let mut test = Autotest::new(dir, args.autotest_timeout);
        test.expect_proposal = args.autotest_proposal;
        test.lobby = args.autotest_lobby;
        app.insert_resource(test)
            .add_systems(Update, autotest.after(network));
    }
    app.run()
}
