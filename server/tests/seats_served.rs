//! A kept seat with a real server process: `serve --seat Ada=FRANCE` prints Ada's code; the
//! ticket desk hands a ticket for it, and with it Ada sits at France over UDP, while a client
//! joining as " aDa " with the class's join code is refused. After `--resume` the server says
//! the codes printed at the start still hold, and Ada's code still brings her back.

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use entente_server::net::bot::Bot;
use entente_shared::protocol::{Role, ServerMsg};

struct Server {
    child: Child,
    lines: mpsc::Receiver<String>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    fn start(dir: &Path, resume: bool) -> Server {
        Server::start_with(dir, resume, &[])
    }

    fn start_with(dir: &Path, resume: bool, more: &[&str]) -> Server {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_entente-server"));
        cmd.args(["serve", "--bind", "127.0.0.1", "--port", "0", "--save-dir"])
            .arg(dir)
            .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/.."));
        cmd.args(more);
        if resume {
            cmd.arg("--resume");
        } else {
            cmd.args(["--code", "CLASS7", "--computer", "hold", "--lobby"])
                .args(["--seat", "Ada=FRANCE"]);
        }
        let mut child = cmd
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("the server starts");
        let (tx, lines) = mpsc::channel();
        let out = child.stdout.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(out).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        Server { child, lines }
    }

    /// The first printed line containing `what`.
    fn line(&self, what: &str) -> String {
        let end = Instant::now() + Duration::from_secs(60);
        while Instant::now() < end {
            if let Ok(line) = self.lines.recv_timeout(Duration::from_millis(100))
                && line.contains(what)
            {
                return line;
            }
        }
        panic!("the server never printed `{what}`");
    }

    fn addr(&self) -> SocketAddr {
        let line = self.line("listening on ");
        line.rsplit(' ')
            .next()
            .unwrap()
            .parse()
            .expect("an address")
    }
}

/// Joins with `code` and `name`; the welcome's role and seat, or the refusal.
fn join(addr: SocketAddr, code: &str, name: &str) -> Result<(Role, Option<String>), String> {
    let mut bot = Bot::connect(addr, code).map_err(|e| e.to_string())?;
    assert!(bot.wait_connected(Duration::from_secs(10)), "connected");
    bot.hello(name, code, None, None);
    let msg = bot
        .wait_for(Duration::from_secs(10), |m| {
            matches!(m, ServerMsg::Welcome { .. } | ServerMsg::JoinRefused { .. })
        })
        .expect("an answer");
    let out = match msg {
        ServerMsg::Welcome { role, seat, .. } => {
            // A kept seat is taken right after the welcome.
            match bot.wait_for(Duration::from_secs(3), |m| {
                matches!(m, ServerMsg::Role { .. })
            }) {
                Some(ServerMsg::Role { role, seat }) => Ok((role, seat)),
                _ => Ok((role, seat)),
            }
        }
        ServerMsg::JoinRefused { reason } => Err(reason),
        _ => unreachable!(),
    };
    bot.disconnect();
    for _ in 0..5 {
        bot.update();
        std::thread::sleep(Duration::from_millis(5));
    }
    out
}

#[test]
fn the_printed_seat_code_takes_the_seat_and_the_name_alone_does_not() {
    let dir = std::env::temp_dir().join(format!("entente-seats-served-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let code;
    {
        let server = Server::start(&dir, false);
        let addr = server.addr();
        let line = server.line("Ada: FRANCE, code ");
        code = line
            .split("code ")
            .nth(1)
            .and_then(|rest| rest.split_whitespace().next())
            .expect("a code")
            .to_string();
        assert_eq!(code.len(), 9, "{line}");
        // The name alone, with the class's code: refused.
        let why = join(addr, "CLASS7", " aDa ").unwrap_err();
        assert!(why.contains("kept"), "{why}");
        // A made-up code gets no ticket.
        assert!(join(addr, "ABCD-EFGH", "Ada").is_err());
        // Ada's code: a ticket, and France.
        let got = join(addr, &code, "Ada").expect("Ada is let in");
        assert_eq!(got, (Role::Player, Some("FRANCE".into())));
    }
    let record = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|x| x == "jsonl"))
        .expect("the record");
    let text = std::fs::read_to_string(&record).unwrap();
    assert!(!text.contains("CLASS7"), "the join code is in the record");
    let server = Server::start(&dir, true);
    let addr = server.addr();
    // The class keeps its code; the banner says so without printing it.
    let line = server.line("join code:");
    assert!(line.contains("the same as when the game began"), "{line}");
    assert!(!line.contains("CLASS7"), "{line}");
    let line = server.line("Ada: FRANCE");
    assert!(line.contains("printed when the game began"), "{line}");
    assert!(
        !line.contains(&code),
        "the resumed server cannot know the code: {line}"
    );
    // The class's code with her name is still refused; her code (checked by its hash) brings
    // her back to France.
    let why = join(addr, "CLASS7", "ADA").unwrap_err();
    assert!(why.contains("kept"), "{why}");
    let got = join(addr, &code, "Ada").expect("Ada is let in after the resume");
    assert_eq!(got, (Role::Player, Some("FRANCE".into())));
    // The class's code, checked by its hash at the desk and in the hello, lets a new student in.
    join(addr, "class7", "Bea").expect("the class's code works after the resume");
    assert!(join(addr, "CLASS8", "Eve").is_err());
    drop(server);
    // A host who gives another code when resuming is told, and nothing starts.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_entente-server"))
        .args([
            "serve",
            "--bind",
            "127.0.0.1",
            "--port",
            "0",
            "--resume",
            "--code",
        ])
        .arg("OTHER")
        .arg("--save-dir")
        .arg(&dir)
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
        .output()
        .expect("the server runs");
    assert!(!out.status.success());
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("not this game's join code"), "{said}");
    // The game's own code given again (as people type it) is accepted, and shown as given.
    let server = Server::start_with(&dir, true, &["--code", " class7"]);
    let line = server.line("join code:");
    assert!(line.ends_with("join code: class7"), "{line}");
    drop(server);
    let _ = std::fs::remove_dir_all(&dir);
}
