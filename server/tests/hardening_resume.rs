//! Continuing games with real server processes: a second server told to resume a game another
//! server is playing is refused (the record's lock) and starts nothing; once the first is killed
//! in the middle of a write, a server resuming the torn record says what it did, keeps the torn
//! line in a `.torn` file and plays on. A named pipe given as a record is refused at once.

use std::fs;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use entente_server::persist::{Journal, RecordError};

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("entente-hardening-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

const TORN: &[u8] = b"{\"Orders\":{\"state\":2,\"by\"";

#[cfg(target_os = "linux")]
#[test]
fn a_named_pipe_is_refused_at_once_instead_of_read_for_ever() {
    let dir = scratch("pipe");
    let path = dir.join("game-1-seed1.jsonl");
    let made = Command::new("mkfifo").arg(&path).status();
    if !made.is_ok_and(|s| s.success()) {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "mkfifo is missing"
        );
        println!("SKIPPED: no mkfifo on this machine");
        return;
    }
    let t0 = Instant::now();
    let err = Journal::open(&path).err().expect("refused");
    assert!(matches!(err, RecordError::NotAFile { .. }), "{err:?}");
    assert!(t0.elapsed() < Duration::from_secs(2));
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_record_too_big_to_be_one_is_refused_unread_and_left_as_it_is() {
    let dir = scratch("too-big");
    let path = dir.join("game-1-seed1.jsonl");
    let line = b"\"RolledBack\"\n";
    fs::write(&path, line).unwrap();
    // Sparse: one byte over the limit costs no disk.
    let len = entente_server::persist::MAX_RECORD_BYTES + 1;
    fs::OpenOptions::new()
        .write(true)
        .open(&path)
        .unwrap()
        .set_len(len)
        .unwrap();
    let t0 = Instant::now();
    for err in [
        Journal::open(&path).err().expect("refused"),
        Journal::read(&path).expect_err("refused"),
    ] {
        assert!(
            matches!(err, RecordError::TooBig { bytes, .. } if bytes == len),
            "{err:?}"
        );
        let told = err.to_string();
        assert!(told.contains(&format!("{len} bytes")), "{told}");
        assert!(told.contains("left as it is"), "{told}");
    }
    assert!(
        t0.elapsed() < Duration::from_secs(2),
        "refused before reading"
    );
    assert_eq!(fs::metadata(&path).unwrap().len(), len);
    let mut start = [0u8; 13];
    std::io::Read::read_exact(&mut fs::File::open(&path).unwrap(), &mut start).unwrap();
    assert_eq!(&start, line);
    assert!(!with_suffix(&path, ".torn").exists());
    // Cut back to its one line, the same file is read: the size alone was refused.
    fs::OpenOptions::new()
        .write(true)
        .open(&path)
        .unwrap()
        .set_len(line.len() as u64)
        .unwrap();
    assert_eq!(Journal::read(&path).unwrap().len(), 1);
    fs::remove_dir_all(&dir).unwrap();
}

/// A server process and the lines it prints (both streams).
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

fn serve(dir: &Path, resume: bool) -> Server {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_entente-server"));
    cmd.args(["serve", "--bind", "127.0.0.1", "--port", "0", "--save-dir"])
        .arg(dir)
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/.."));
    if resume {
        cmd.arg("--resume");
    } else {
        cmd.args(["--code", "K9", "--host-key", "hk", "--computer", "hold"]);
    }
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the server starts");
    let (tx, rx) = mpsc::channel();
    let out = child.stdout.take().unwrap();
    let err = child.stderr.take().unwrap();
    let tx2 = tx.clone();
    std::thread::spawn(move || {
        for line in BufReader::new(out).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    std::thread::spawn(move || {
        for line in BufReader::new(err).lines().map_while(Result::ok) {
            let _ = tx2.send(line);
        }
    });
    Server { child, lines: rx }
}

/// The lines a server prints until one contains `want` (which is among them), or panics.
fn until_line(server: &Server, want: &str) -> Vec<String> {
    let end = Instant::now() + Duration::from_secs(20);
    let mut seen = Vec::new();
    while Instant::now() < end {
        if let Ok(line) = server.lines.recv_timeout(Duration::from_millis(100)) {
            let found = line.contains(want);
            seen.push(line);
            if found {
                return seen;
            }
        }
    }
    panic!("no line with {want:?} in {seen:#?}");
}

#[test]
fn a_second_server_resuming_a_game_in_progress_is_refused_and_a_torn_record_is_resumed_safely() {
    let dir = scratch("two-servers");
    let first = serve(&dir, false);
    until_line(&first, "Entente server listening on");
    let path = Journal::latest(&dir).expect("a record");
    // The second server, told to continue the latest game, is the one refused.
    let mut second = serve(&dir, true);
    let said = until_line(&second, "another Entente server");
    println!("the second server: {said:#?}");
    let status = second.child.wait().unwrap();
    assert!(!status.success(), "{said:?}");
    assert!(
        said.iter().all(|l| !l.contains("listening on")),
        "the second server did not start: {said:?}"
    );
    // The first is killed in the middle of a write: its lock goes with it.
    drop(first);
    fs::OpenOptions::new()
        .append(true)
        .open(&path)
        .unwrap()
        .write_all(TORN)
        .unwrap();
    let original = fs::read(&path).unwrap();
    let third = serve(&dir, true);
    let said = until_line(&third, "Entente server listening on");
    println!("the third server: {said:#?}");
    assert!(
        said.iter()
            .any(|l| l.contains("no line end") && l.contains(".torn")),
        "the resumed server says what it did with the torn line: {said:#?}"
    );
    assert_eq!(
        fs::read(with_suffix(&path, ".torn")).unwrap(),
        TORN,
        "the torn line is kept"
    );
    let whole = original.len() - TORN.len();
    assert_eq!(
        fs::read(&path).unwrap()[..whole],
        original[..whole],
        "the whole lines are as they were"
    );
    drop(third);
    fs::remove_dir_all(&dir).unwrap();
}
