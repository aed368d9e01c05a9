//! The server process killed with `kill -9` in the middle of a phase, then started again with
//! `--resume`: the orders already acknowledged are still there, and players take their seats back
//! with their rejoin tokens.

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use entente_server::net::bot::Bot;
use entente_shared::protocol::{ClientMsg, RejoinToken, ServerMsg};

const WAIT: Duration = Duration::from_secs(10);

struct Server {
    child: Child,
    addr: SocketAddr,
    /// What the server printed before listening.
    banner: Vec<String>,
    /// What it prints after; kept open so that the server can go on printing.
    lines: mpsc::Receiver<String>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn serve(dir: &Path, resume: bool) -> Server {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_entente-server"));
    cmd.args(["serve", "--bind", "127.0.0.1", "--port", "0", "--save-dir"])
        .arg(dir)
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/.."));
    if resume {
        cmd.arg("--resume");
    } else {
        cmd.args([
            "--code",
            "K9",
            "--host-key",
            "hk",
            "--movement-secs",
            "600",
            "--computer",
            "hold",
        ]);
    }
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("the server starts");
    let out = child.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(out).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let mut banner = Vec::new();
    let addr = loop {
        let line = rx
            .recv_timeout(WAIT)
            .expect("the server prints its address");
        if let Some(a) = line.strip_prefix("Entente server listening on ") {
            break a.trim().parse().unwrap();
        }
        banner.push(line);
    };
    Server {
        child,
        addr,
        banner,
        lines: rx,
    }
}

fn join(addr: SocketAddr, name: &str, rejoin: Option<RejoinToken>) -> (Bot, ServerMsg) {
    let mut bot = Bot::connect(addr, "K9").unwrap();
    assert!(bot.wait_connected(WAIT), "{name} connects");
    bot.hello(name, "K9", rejoin, None);
    let welcome = bot
        .wait_for(WAIT, |m| matches!(m, ServerMsg::Welcome { .. }))
        .unwrap_or_else(|| panic!("{name} is welcomed"));
    (bot, welcome)
}

fn token(welcome: &ServerMsg) -> RejoinToken {
    match welcome {
        ServerMsg::Welcome { rejoin, .. } => *rejoin,
        _ => unreachable!(),
    }
}

fn kill_9(mut server: Server) {
    // `Child::kill` sends SIGKILL: no chance to save anything on the way out.
    server.child.kill().unwrap();
    server.child.wait().unwrap();
}

#[test]
fn after_kill_9_the_game_resumes_with_the_orders_already_given() {
    let dir = std::env::temp_dir().join(format!("entente-resume-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);

    let server = serve(&dir, false);
    let (mut ada, w) = join(server.addr, "Ada", None);
    let ada_token = token(&w);
    ada.send(&ClientMsg::TakeSeat {
        state: "FRANCE".into(),
    });
    let (mut bob, w) = join(server.addr, "Bob", None);
    let bob_token = token(&w);
    bob.send(&ClientMsg::TakeSeat {
        state: "GERMANY".into(),
    });
    bob.wait_for(WAIT, |m| matches!(m, ServerMsg::Role { seat: Some(_), .. }))
        .expect("Bob is seated");
    ada.send(&ClientMsg::SubmitOrders {
        phase: "S1901M".into(),
        orders: vec!["A PAR - BUR".into(), "F BRE - MAO".into()],
    });
    let ack = ada
        .wait_for(WAIT, |m| matches!(m, ServerMsg::Orders { .. }))
        .expect("Ada's orders are acknowledged");
    let ServerMsg::Orders { accepted, .. } = ack else {
        unreachable!()
    };
    assert_eq!(accepted, vec!["A PAR - BUR", "F BRE - MAO"]);
    // A message and a proposal, delivered before the kill.
    ada.send(&ClientMsg::Press {
        to: vec!["GERMANY".into()],
        text: "hold the Rhine with me".into(),
    });
    ada.send(&ClientMsg::ProposeAlliance {
        to: "GERMANY".into(),
        against: "ENGLAND".into(),
    });
    // Ada's client sends as it updates: run both until Bob has both.
    let end = std::time::Instant::now() + WAIT;
    while !(bob
        .inbox
        .iter()
        .any(|(_, m)| matches!(m, ServerMsg::Press { .. }))
        && bob
            .inbox
            .iter()
            .any(|(_, m)| matches!(m, ServerMsg::Proposal { .. })))
    {
        assert!(std::time::Instant::now() < end, "Bob hears Ada");
        ada.update();
        bob.update();
        std::thread::sleep(Duration::from_millis(2));
    }
    let Some(ServerMsg::Proposal { id: proposal, .. }) =
        bob.wait_for(WAIT, |m| matches!(m, ServerMsg::Proposal { .. }))
    else {
        panic!("Bob gets the proposal");
    };
    kill_9(server);

    let server = serve(&dir, true);
    assert!(
        server
            .banner
            .iter()
            .any(|l| l.starts_with("Resuming") && l.contains("S1901M")),
        "{:?}",
        server.banner
    );
    let (mut ada, w) = join(server.addr, "", Some(ada_token));
    assert!(
        matches!(&w, ServerMsg::Welcome { seat: Some(s), .. } if s == "FRANCE"),
        "Ada has her seat back: {w:?}"
    );
    let phase = ada
        .wait_for(WAIT, |m| matches!(m, ServerMsg::Phase { .. }))
        .expect("the board");
    assert!(matches!(&phase, ServerMsg::Phase { phase, .. } if phase == "S1901M"));
    let orders = ada
        .wait_for(WAIT, |m| matches!(m, ServerMsg::Orders { .. }))
        .expect("her orders are still there");
    assert!(
        matches!(&orders, ServerMsg::Orders { accepted, by, .. }
            if accepted == &vec!["A PAR - BUR".to_string(), "F BRE - MAO".to_string()] && by == "Ada"),
        "{orders:?}"
    );

    // Play on: Bob comes back and gives his orders; the phase resolves with Ada's.
    let (mut bob, w) = join(server.addr, "", Some(bob_token));
    assert!(matches!(&w, ServerMsg::Welcome { seat: Some(s), .. } if s == "GERMANY"));
    // The proposal still waits for his answer; he accepts, and Ada is told.
    let p = bob
        .wait_for(WAIT, |m| matches!(m, ServerMsg::Proposal { .. }))
        .expect("the proposal survived the kill");
    assert!(matches!(p, ServerMsg::Proposal { id, .. } if id == proposal));
    bob.send(&ClientMsg::Answer {
        proposal,
        accept: true,
        reason: "England worries us both".into(),
    });
    let end = std::time::Instant::now() + WAIT;
    while !ada
        .inbox
        .iter()
        .any(|(_, m)| matches!(m, ServerMsg::ProposalAnswered { .. }))
    {
        assert!(std::time::Instant::now() < end, "Ada hears the answer");
        ada.update();
        bob.update();
        std::thread::sleep(Duration::from_millis(2));
    }
    bob.send(&ClientMsg::SubmitOrders {
        phase: "S1901M".into(),
        orders: vec!["A MUN H".into()],
    });
    let result = ada
        .wait_for(WAIT, |m| matches!(m, ServerMsg::PhaseResult { .. }))
        .expect("the phase resolves");
    let ServerMsg::PhaseResult { orders, next, .. } = result else {
        unreachable!()
    };
    assert_eq!(next, "F1901M");
    assert!(
        orders
            .iter()
            .any(|o| o.order == "A PAR - BUR" && o.outcome.succeeded()),
        "{orders:?}"
    );
    bob.update();
    kill_9(server);

    // And once more: the resolved phase is kept, the game is at F1901M.
    let server = serve(&dir, true);
    let (mut ada, _) = join(server.addr, "", Some(ada_token));
    let phase = ada
        .wait_for(WAIT, |m| matches!(m, ServerMsg::Phase { .. }))
        .expect("the board");
    let ServerMsg::Phase { phase, board, .. } = phase else {
        unreachable!()
    };
    assert_eq!(phase, "F1901M");
    assert!(
        board
            .units
            .iter()
            .any(|u| u.state == "FRANCE" && u.at == "BUR"),
        "the army that moved is in Burgundy"
    );
    // The message and the decision are in the record the server resumed from.
    let record = entente_server::persist::Journal::latest(&dir).unwrap();
    let text = std::fs::read_to_string(record).unwrap();
    assert!(text.contains("hold the Rhine with me"), "the press is kept");
    assert!(
        text.contains("England worries us both"),
        "the answer is kept"
    );
    drop(server);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn sigterm_tells_the_clients_why_and_stops_cleanly() {
    let dir = std::env::temp_dir().join(format!("entente-sigterm-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let mut server = serve(&dir, false);
    let (mut ada, _) = join(server.addr, "Ada", None);
    let status = Command::new("kill")
        .args(["-TERM", &server.child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(status.success());
    let closing = ada
        .wait_for(WAIT, |m| matches!(m, ServerMsg::Closing { .. }))
        .expect("the client is told");
    assert!(
        matches!(&closing, ServerMsg::Closing { reason } if reason.contains("shutting down") && reason.contains("saved")),
        "{closing:?}"
    );
    let exit = server.child.wait().expect("the server stops");
    assert!(exit.success(), "a clean stop: {exit:?}");
    let said: Vec<String> = server.lines.iter().collect();
    assert!(
        said.iter().any(|l| l.contains("--resume")),
        "the server says how to continue: {said:?}"
    );
    drop(server);
    let _ = std::fs::remove_dir_all(&dir);
}
