//! The client's network system without a window, against an in-process server over loopback:
//! a wrong join code is refused with the desk's reason, and after a drop the client reconnects
//! by itself and gets the same seat back with its rejoin token.

use std::time::{Duration, Instant};

use bevy::app::App;
use bevy::prelude::*;
use entente_client::app::{Client, Link, Net, network};
use entente_client::net::ConnectSettings;
use entente_server::app::server_app;
use entente_server::session::{Session, Settings};
use entente_shared::protocol::Role;

const CODE: &str = "AGAIN";

fn server() -> (App, u16) {
    let settings = Settings {
        join_code: CODE.into(),
        host_key: "teacher".into(),
        lobby: true,
        ..Settings::default()
    };
    let session = Session::new(settings).expect("a session");
    let (mut app, addr) =
        server_app(session, None, "127.0.0.1:0".parse().unwrap(), false).expect("listening");
    app.finish();
    app.cleanup();
    (app, addr.port())
}

fn client(port: u16, code: &str, seat: Option<&str>) -> App {
    let mut c = Client {
        settings: ConnectSettings {
            host: "127.0.0.1".into(),
            port,
            name: "Ada".into(),
            code: code.into(),
            host_key: String::new(),
        },
        want_seat: seat.map(str::to_string),
        ..Client::default()
    };
    // Not `connect()`: it would write the settings file of whoever runs the tests.
    c.link = Link::Connecting { since: 0.0 };
    let mut app = App::new();
    app.add_plugins(MinimalPlugins)
        .insert_resource(c)
        .init_resource::<Net>()
        .add_systems(Update, network);
    app
}

fn run_until(
    server: &mut App,
    client: &mut App,
    secs: u64,
    done: impl Fn(&Client) -> bool,
) -> bool {
    let end = Instant::now() + Duration::from_secs(secs);
    while Instant::now() < end {
        server.update();
        client.update();
        if done(client.world().resource::<Client>()) {
            return true;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    false
}

#[test]
fn a_wrong_join_code_is_refused_with_the_reason() {
    let (mut s, port) = server();
    let mut c = client(port, "NOPE", None);
    assert!(run_until(&mut s, &mut c, 20, |c| c.connect_error.is_some()));
    let client = c.world().resource::<Client>();
    let err = client.connect_error.clone().unwrap();
    assert!(err.contains("wrong join code"), "{err}");
    assert_eq!(client.link, Link::Idle);
}

#[test]
fn after_a_drop_the_client_comes_back_to_the_same_seat() {
    let (mut s, port) = server();
    let mut c = client(port, CODE, Some("FRANCE"));
    assert!(
        run_until(&mut s, &mut c, 20, |c| c.model.seat.as_deref()
            == Some("FRANCE")),
        "the client did not sit at France"
    );
    let token = c.world().resource::<Client>().model.rejoin;
    assert!(token.is_some());
    // The connection drops (as when the Wi-Fi goes): the transport is cut under the client.
    c.world_mut()
        .resource_mut::<Net>()
        .conn
        .as_mut()
        .unwrap()
        .disconnect();
    assert!(
        run_until(&mut s, &mut c, 10, |c| matches!(
            c.link,
            Link::Reconnecting { .. }
        )),
        "the client did not notice the drop"
    );
    // It comes back by itself, and the token gives back the seat.
    assert!(
        run_until(&mut s, &mut c, 30, |c| c.link == Link::Connected
            && c.model.joined()
            && c.model.seat.as_deref() == Some("FRANCE")
            && c.model.role == Some(Role::Player)
            && c.reconnect_attempts == 0
            && c.model
                .notices
                .iter()
                .any(|n| n.text.contains("reconnecting"))),
        "the client did not come back to France: {:?}",
        c.world().resource::<Client>().model.notices
    );
    assert_eq!(c.world().resource::<Client>().model.rejoin, token);
}
