//! Game records that are never destroyed: continuing a record checks it before changing it, keeps
//! a torn last line aside in a `.torn` file before cutting it, refuses a file without a whole
//! line and leaves it as it is, and refuses a record another server holds; records are created
//! readable by their owner only.
//!
//! No test here starts a process: a child holds copies of the parent's open files (and so of a
//! record's lock) between its start and its `exec`, which would make a record just closed here
//! look locked for a moment. `hardening_resume` does it with real server processes.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use entente_server::persist::{Journal, RecordError};
use entente_server::session::Entry;

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("entente-hardening-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

/// A record of three whole lines, closed.
fn record(dir: &Path) -> PathBuf {
    let mut j = Journal::create(dir, 1, &[Entry::RolledBack]).unwrap();
    j.append(&[Entry::RolledBack, Entry::RolledBack]).unwrap();
    j.path().to_path_buf()
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

const TORN: &[u8] = b"{\"Orders\":{\"state\":2,\"by\"";

#[test]
fn a_torn_last_line_is_kept_aside_in_a_torn_file_said_and_only_then_cut() {
    let dir = scratch("torn");
    let path = record(&dir);
    // A crash in the middle of a write: the last line has no line end.
    fs::OpenOptions::new()
        .append(true)
        .open(&path)
        .unwrap()
        .write_all(TORN)
        .unwrap();
    let original = fs::read(&path).unwrap();
    let (mut j, entries) = Journal::open(&path).unwrap();
    assert_eq!(entries.len(), 3, "the whole lines are kept");
    let aside = with_suffix(&path, ".torn");
    let note = j.torn().expect("the torn line is reported").to_string();
    assert!(note.contains("no line end"), "{note}");
    assert!(note.contains(&aside.display().to_string()), "{note}");
    // Nothing of the original is lost: the record's bytes and the torn file's are the original.
    assert_eq!(fs::read(&aside).unwrap(), TORN);
    let mut rejoined = fs::read(&path).unwrap();
    rejoined.extend(fs::read(&aside).unwrap());
    assert_eq!(rejoined, original);
    // The record goes on in clean lines.
    j.append(&[Entry::RolledBack]).unwrap();
    drop(j);
    assert_eq!(Journal::read(&path).unwrap().len(), 4);
    // A second tear later does not overwrite the first one's file.
    fs::OpenOptions::new()
        .append(true)
        .open(&path)
        .unwrap()
        .write_all(b"{\"Pre")
        .unwrap();
    let (j, entries) = Journal::open(&path).unwrap();
    assert_eq!(entries.len(), 4);
    assert!(j.torn().unwrap().contains(".torn-2"));
    assert_eq!(fs::read(&aside).unwrap(), TORN);
    assert_eq!(fs::read(with_suffix(&path, ".torn-2")).unwrap(), b"{\"Pre");
    drop(j);
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_file_without_a_single_line_end_is_refused_and_left_byte_identical() {
    let dir = scratch("no-line-end");
    let path = dir.join("game-1-seed1.jsonl");
    // One whole entry, but no final line end (written by hand, or by another tool).
    let bytes = b"\"RolledBack\"".to_vec();
    fs::write(&path, &bytes).unwrap();
    let err = Journal::open(&path).err().expect("refused");
    assert!(
        matches!(err, RecordError::NoWholeLine { bytes: 12, .. }),
        "{err:?}"
    );
    let said = err.to_string();
    assert!(said.contains("holds no whole line"), "{said}");
    assert!(said.contains("left as it is"), "{said}");
    assert_eq!(fs::read(&path).unwrap(), bytes, "the file is unchanged");
    assert!(!with_suffix(&path, ".torn").exists());
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_damaged_line_is_named_before_anything_is_changed() {
    let dir = scratch("damaged");
    let path = record(&dir);
    fs::OpenOptions::new()
        .append(true)
        .open(&path)
        .unwrap()
        .write_all(b"not json\n\"RolledBack\"\n{\"torn")
        .unwrap();
    let before = fs::read(&path).unwrap();
    let err = Journal::open(&path).err().expect("refused").to_string();
    assert!(
        err.contains(":4: this line of the record cannot be read"),
        "{err}"
    );
    assert_eq!(fs::read(&path).unwrap(), before, "the file is unchanged");
    assert!(!with_suffix(&path, ".torn").exists(), "nothing set aside");
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_second_journal_on_a_record_in_use_is_refused_with_a_sentence() {
    let dir = scratch("locked");
    let first = Journal::create(&dir, 1, &[Entry::RolledBack]).unwrap();
    let path = first.path().to_path_buf();
    let before = fs::read(&path).unwrap();
    let err = Journal::open(&path).err().expect("refused while in use");
    assert!(matches!(err, RecordError::Locked { .. }), "{err:?}");
    assert_eq!(
        err.to_string(),
        format!(
            "{} is being written by another Entente server (it holds the record's lock): stop \
             that server first, or start a new game without --resume",
            path.display()
        )
    );
    assert_eq!(fs::read(&path).unwrap(), before);
    // Reading without writing is allowed meanwhile.
    assert_eq!(Journal::read(&path).unwrap(), vec![Entry::RolledBack]);
    drop(first);
    // Once the first lets go, the record can be continued, and is then held again.
    let (second, _) = Journal::open(&path).unwrap();
    assert!(matches!(
        Journal::open(&path),
        Err(RecordError::Locked { .. })
    ));
    drop(second);
    fs::remove_dir_all(&dir).unwrap();
}

#[cfg(unix)]
#[test]
fn records_and_torn_lines_are_readable_by_their_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let dir = scratch("private");
    let path = record(&dir);
    let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&path), 0o600, "the record holds the codes and tokens");
    fs::OpenOptions::new()
        .append(true)
        .open(&path)
        .unwrap()
        .write_all(TORN)
        .unwrap();
    let _ = Journal::open(&path).unwrap();
    assert_eq!(mode(&with_suffix(&path, ".torn")), 0o600);
    fs::remove_dir_all(&dir).unwrap();
}
