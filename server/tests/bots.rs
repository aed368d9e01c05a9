//! `entente-server bots`: computer players join a live server over loopback UDP, take every seat
//! and play through the protocol.

use std::process::{Command, Stdio};
use std::time::Duration;

#[test]
fn bots_fill_every_seat_of_a_live_server_and_play() {
    let port = std::net::UdpSocket::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let saves = std::env::temp_dir().join(format!("entente-bots-{}", std::process::id()));
    let log = saves.with_extension("log");
    std::fs::create_dir_all(&saves).unwrap();
    let mut server = Command::new(env!("CARGO_BIN_EXE_entente-server"))
        .args([
            "serve",
            "--bind",
            "127.0.0.1",
            "--port",
            &port.to_string(),
            "--code",
            "BOTS7",
        ])
        .args([
            "--pace-ms",
            "100",
            "--movement-secs",
            "5",
            "--retreat-secs",
            "3",
            "--adjustment-secs",
            "3",
        ])
        .arg("--save-dir")
        .arg(&saves)
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
        .stdout(Stdio::from(std::fs::File::create(&log).unwrap()))
        .stderr(Stdio::null())
        .spawn()
        .expect("the server starts");
    std::thread::sleep(Duration::from_millis(1500));
    let out = Command::new(env!("CARGO_BIN_EXE_entente-server"))
        .args([
            "bots",
            "--connect",
            &format!("127.0.0.1:{port}"),
            "--code",
            "BOTS7",
            "--count",
            "7",
            "--phases",
            "3",
        ])
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
        .output()
        .expect("the bots run");
    let _ = server.kill();
    let _ = server.wait();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{text}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(text.contains("7 bots seated; 3 phases played"), "{text}");
    let served = std::fs::read_to_string(&log).unwrap();
    // After the bots sat down, every state is marked as played by people.
    assert!(
        served.lines().any(|l| l.matches('*').count() == 7),
        "every seat taken by a bot: {served}"
    );
}
