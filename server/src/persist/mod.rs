//! The game record on disk, written as it grows.
//!
//! One JSON line per [`Entry`], appended with a single write and flushed to the disk (`fsync`)
//! before any client hears of what it records: whatever a client has been told survives a crash
//! of the server. The file is created whole (written aside, then renamed into place), and a crash
//! in the middle of an append leaves at most a torn last line, which was never acknowledged. When
//! the record is continued ([`Journal::open`]), every line is checked before anything is changed;
//! a torn last line is then reported, copied aside into a `.torn` file next to the record, and
//! only then cut.
//!
//! A server holds an exclusive lock on its record for as long as it writes it, so that a second
//! server (`--resume` while the first still runs) is refused instead of writing into the same
//! file. On unix the record is readable by its owner only: it holds the hashes of the join code,
//! the host key, the seat codes and the players' rejoin tokens (records from older servers hold
//! some of them in clear).
//!
//! When the record cannot be written (the disk is full, the folder is gone or not writable), the
//! server does not stop: the hosts are told, the game goes on in memory, and the unwritten entries
//! wait and are written as soon as a retry (every [`RETRY`]) succeeds, when the hosts are told
//! again. Until then, what clients are told is not yet safe from a crash.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use bevy::prelude::{App, IntoScheduleConfigs, PostUpdate, Res, ResMut};

use crate::app::ServerSet;
use crate::session::{Entry, Session};

/// Writing the record: what the session committed in a frame goes to disk (one write, one flush)
/// before any of the frame's replies are sent.
pub(crate) fn plugin(app: &mut App) {
    app.add_systems(
        PostUpdate,
        (write_record, write_reports)
            .chain()
            .in_set(ServerSet::Record),
    );
}

/// Writes the debriefs the session asked for beside the game's record.
fn write_reports(mut session: ResMut<Session>, journal: Option<Res<Journal>>) {
    session.write_reports(journal.as_ref().map(|j| j.path()));
}

fn write_record(mut session: ResMut<Session>, journal: Option<ResMut<Journal>>) {
    let entries = session.take_unwritten();
    if let Some(mut journal) = journal {
        match journal.record(entries, std::time::Instant::now()) {
            Written::Yes | Written::StillFailing => {}
            Written::Failed(why) => session.record_trouble(Some(format!(
                "WARNING: the game record cannot be written ({why}); the game goes on in \
                 memory, and the server tries again every {} s. Free some space or fix the save \
                 folder: until then a crash of the server would lose what happened since.",
                RETRY.as_secs()
            ))),
            Written::Recovered => session.record_trouble(None),
        }
    }
}

/// How often writing the record is tried again while it fails.
pub const RETRY: std::time::Duration = std::time::Duration::from_secs(2);

/// What became of entries handed to [`Journal::record`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Written {
    /// On disk (or nothing to write).
    Yes,
    /// Writing has just begun to fail, for this reason; the entries wait in memory.
    Failed(String),
    /// Still failing (or waiting to try again); the entries wait in memory.
    StillFailing,
    /// Writing works again: everything waiting is on disk.
    Recovered,
}

/// A game's record file, open for appending.
#[derive(bevy::prelude::Resource)]
pub struct Journal {
    /// None while the record could not even be created.
    file: Option<File>,
    path: PathBuf,
    /// Where (and for which seed) to create the record if it could not be created at first.
    dir: PathBuf,
    seed: u64,
    /// Bytes of whole lines on disk: a failed write is cut back to this.
    good_len: u64,
    /// Entries not yet on disk, in order.
    pending: Vec<Entry>,
    /// Since writing failed: when to try again.
    retry_at: Option<std::time::Instant>,
    /// What was done about a torn last line when the record was opened, if there was one.
    torn: Option<String>,
}

/// Why a record could not be read.
#[derive(Debug, thiserror::Error)]
pub enum RecordError {
    #[error("cannot read {path}: {source}")]
    Io { path: String, source: io::Error },
    #[error("{path}:{line}: this line of the record cannot be read ({why})")]
    Line {
        path: String,
        line: usize,
        why: String,
    },
    #[error("no saved game in {0}: start a new one without --resume")]
    NoneSaved(String),
    #[error(
        "{path} is being written by another Entente server (it holds the record's lock): stop \
         that server first, or start a new game without --resume"
    )]
    Locked { path: String },
    #[error(
        "{path} holds no whole line ({bytes} bytes without a line end): it is not a game record, \
         or it was cut before its first entry was written; it was left as it is"
    )]
    NoWholeLine { path: String, bytes: usize },
    #[error("{path} is not a regular file: a game record is a file in the save folder")]
    NotAFile { path: String },
    #[error(
        "{path} is {bytes} bytes, more than the {limit} bytes a game record may have: it is not \
         a game record (is this the right file?); it was left as it is"
    )]
    TooBig {
        path: String,
        bytes: u64,
        limit: u64,
    },
}

/// The largest record read (by `--resume` as by `report`): a long game with every order and
/// refusal counted is tens of megabytes; a bigger file is not one of ours, and reading it whole
/// would take the memory of the machine.
pub const MAX_RECORD_BYTES: u64 = entente_shared::scenario::files::MAX_RECORD_BYTES;

/// Creates a file that only its owner may read and write (on unix), failing if it exists.
fn create_private(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.read(true).append(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)
}

/// Takes the record's exclusive lock, or says that another server holds it. A file system that
/// cannot lock at all (some network shares) is written without the lock, with a warning.
fn lock(file: &File, shown: &str) -> Result<(), RecordError> {
    match file.try_lock() {
        Ok(()) => Ok(()),
        Err(fs::TryLockError::WouldBlock) => Err(RecordError::Locked {
            path: shown.to_string(),
        }),
        Err(fs::TryLockError::Error(e)) if e.kind() == io::ErrorKind::Unsupported => {
            tracing::warn!(
                "{shown} cannot be locked on this file system ({e}): make sure no other server \
                 continues it"
            );
            Ok(())
        }
        Err(fs::TryLockError::Error(source)) => Err(RecordError::Io {
            path: shown.to_string(),
            source,
        }),
    }
}

/// The entries of a record's whole lines, and the length of those lines: nothing is changed.
fn whole_lines(text: &[u8], shown: &str) -> Result<(Vec<Entry>, usize), RecordError> {
    let mut entries = Vec::new();
    let mut good = 0usize;
    let mut line = 0usize;
    while good < text.len() {
        line += 1;
        let Some(len) = text[good..].iter().position(|&b| b == b'\n') else {
            // No line end: the last write was cut short (or the file is not a record).
            break;
        };
        let bytes = &text[good..good + len];
        match serde_json::from_slice::<Entry>(bytes) {
            Ok(e) => entries.push(e),
            Err(e) => {
                return Err(RecordError::Line {
                    path: shown.to_string(),
                    line,
                    why: e.to_string(),
                });
            }
        }
        good += len + 1;
    }
    Ok((entries, good))
}

/// Refuses anything but a regular file: reading a named pipe would wait for ever, and a device
/// might never end.
fn regular(file: &File, shown: &str) -> Result<(), RecordError> {
    let meta = file.metadata().map_err(|source| RecordError::Io {
        path: shown.to_string(),
        source,
    })?;
    if meta.is_file() {
        Ok(())
    } else {
        Err(RecordError::NotAFile {
            path: shown.to_string(),
        })
    }
}

/// Reads a whole record file, of at most [`MAX_RECORD_BYTES`].
fn read_record(file: &mut File, shown: &str) -> Result<Vec<u8>, RecordError> {
    let io_err = |source| RecordError::Io {
        path: shown.to_string(),
        source,
    };
    let too_big = |bytes| RecordError::TooBig {
        path: shown.to_string(),
        bytes,
        limit: MAX_RECORD_BYTES,
    };
    let len = file.metadata().map_err(io_err)?.len();
    if len > MAX_RECORD_BYTES {
        return Err(too_big(len));
    }
    let mut text = Vec::new();
    // One byte more than allowed, so that a file growing while it is read is caught too.
    file.take(MAX_RECORD_BYTES + 1)
        .read_to_end(&mut text)
        .map_err(io_err)?;
    if text.len() as u64 > MAX_RECORD_BYTES {
        return Err(too_big(text.len() as u64));
    }
    Ok(text)
}

/// Copies a torn tail into a new file beside the record (`<record>.torn`, or `.torn-2` ... when
/// one is there already), on the disk before the record is cut.
fn keep_aside(path: &Path, tail: &[u8]) -> io::Result<PathBuf> {
    let mut name = path.as_os_str().to_owned();
    name.push(".torn");
    let mut aside = PathBuf::from(&name);
    let mut n = 1;
    let mut file = loop {
        match create_private(&aside) {
            Ok(f) => break f,
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists && n < 1000 => {
                n += 1;
                let mut next = name.clone();
                next.push(format!("-{n}"));
                aside = PathBuf::from(next);
            }
            Err(e) => return Err(e),
        }
    };
    file.write_all(tail)?;
    file.sync_all()?;
    if let Some(dir) = aside.parent().and_then(|d| File::open(d).ok()) {
        let _ = dir.sync_all();
    }
    Ok(aside)
}

impl Journal {
    /// Creates a new record in `dir` holding `first`; or, when that fails, a journal that keeps
    /// the entries in memory and tries to create the record again later, with the error.
    pub fn create_or_wait(dir: &Path, seed: u64, first: &[Entry]) -> (Journal, Option<io::Error>) {
        match Journal::create(dir, seed, first) {
            Ok(j) => (j, None),
            Err(e) => (
                Journal {
                    file: None,
                    path: dir.join(format!("game-{}-seed{seed}.jsonl", stamp())),
                    dir: dir.to_path_buf(),
                    seed,
                    good_len: 0,
                    pending: first.to_vec(),
                    retry_at: Some(std::time::Instant::now() + RETRY),
                    torn: None,
                },
                Some(e),
            ),
        }
    }

    /// Creates a new record in `dir` holding `first`, named after the time and the seed.
    pub fn create(dir: &Path, seed: u64, first: &[Entry]) -> io::Result<Journal> {
        fs::create_dir_all(dir)?;
        let stamp = stamp();
        let mut path = dir.join(format!("game-{stamp}-seed{seed}.jsonl"));
        let mut n = 1;
        while path.exists() {
            n += 1;
            path = dir.join(format!("game-{stamp}-seed{seed}-{n}.jsonl"));
        }
        let aside = path.with_extension("jsonl.new");
        let bytes = lines(first);
        // Left over from a crash in the middle of an earlier creation: never acknowledged.
        let _ = fs::remove_file(&aside);
        // Locked before it is renamed into place (the lock stays with the file), so that no
        // other server can take the new record even for a moment.
        let written = (|| {
            let mut f = create_private(&aside)?;
            lock(&f, &aside.display().to_string()).map_err(io::Error::other)?;
            f.write_all(&bytes)?;
            f.sync_all()?;
            Ok::<File, io::Error>(f)
        })();
        let file = match written {
            Ok(f) => f,
            Err(e) => {
                let _ = fs::remove_file(&aside);
                return Err(e);
            }
        };
        fs::rename(&aside, &path)?;
        if let Ok(d) = File::open(dir) {
            let _ = d.sync_all();
        }
        Ok(Journal {
            file: Some(file),
            path,
            dir: dir.to_path_buf(),
            seed,
            good_len: bytes.len() as u64,
            pending: Vec::new(),
            retry_at: None,
            torn: None,
        })
    }

    /// Opens a record to continue it, and its entries. The record is locked first (a record
    /// another server holds is refused) and every line is checked before anything is changed. A
    /// torn last line (no line end: a crash in the middle of a write, never acknowledged) is
    /// reported on the standard error and by [`Journal::torn`], copied aside into a `.torn` file
    /// beside the record, and only then cut off. A file without a single whole line is refused
    /// and left as it is.
    pub fn open(path: &Path) -> Result<(Journal, Vec<Entry>), RecordError> {
        let shown = path.display().to_string();
        let io_err = |source| RecordError::Io {
            path: shown.clone(),
            source,
        };
        // For appending: opening never truncates, and nothing is written before the checks.
        let mut file = OpenOptions::new()
            .read(true)
            .append(true)
            .open(path)
            .map_err(io_err)?;
        regular(&file, &shown)?;
        lock(&file, &shown)?;
        let text = read_record(&mut file, &shown)?;
        let (entries, good) = whole_lines(&text, &shown)?;
        if good == 0 && !text.is_empty() {
            return Err(RecordError::NoWholeLine {
                path: shown,
                bytes: text.len(),
            });
        }
        let mut torn = None;
        if good < text.len() {
            let aside = keep_aside(path, &text[good..]).map_err(io_err)?;
            let note = format!(
                "{shown}: its last {} bytes had no line end (a write cut short by a crash, never \
                 acknowledged to anyone); they are kept in {} and cut from the record",
                text.len() - good,
                aside.display()
            );
            tracing::warn!("{note}");
            file.set_len(good as u64).map_err(io_err)?;
            file.sync_all().map_err(io_err)?;
            torn = Some(note);
        }
        Ok((
            Journal {
                file: Some(file),
                path: path.to_path_buf(),
                dir: path.parent().unwrap_or(Path::new(".")).to_path_buf(),
                seed: 0,
                good_len: good as u64,
                pending: Vec::new(),
                retry_at: None,
                torn,
            },
            entries,
        ))
    }

    /// The entries of a record's whole lines, without locking or changing it (a torn last line
    /// is left out): for reading a record a server may be writing.
    pub fn read(path: &Path) -> Result<Vec<Entry>, RecordError> {
        let shown = path.display().to_string();
        let mut file = File::open(path).map_err(|source| RecordError::Io {
            path: shown.clone(),
            source,
        })?;
        regular(&file, &shown)?;
        let text = read_record(&mut file, &shown)?;
        whole_lines(&text, &shown).map(|(entries, _)| entries)
    }

    /// What was done about a torn last line when the record was opened, if it had one.
    pub fn torn(&self) -> Option<&str> {
        self.torn.as_deref()
    }

    /// The most recently written record in `dir`.
    pub fn latest(dir: &Path) -> Result<PathBuf, RecordError> {
        let none = || RecordError::NoneSaved(dir.display().to_string());
        let read = fs::read_dir(dir).map_err(|_| none())?;
        read.filter_map(|e| e.ok())
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
            .filter_map(|p| Some((fs::metadata(&p).ok()?.modified().ok()?, p)))
            .max()
            .map(|(_, p)| p)
            .ok_or_else(none)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Appends entries in one write and waits until they are on the disk. A write that fails
    /// is cut back, so that the record keeps only whole lines.
    pub fn append(&mut self, entries: &[Entry]) -> io::Result<()> {
        if entries.is_empty() {
            return Ok(());
        }
        let Some(file) = self.file.as_mut() else {
            return Err(io::Error::other("the record has not been created"));
        };
        let bytes = lines(entries);
        let done = file.write_all(&bytes).and_then(|()| file.sync_data());
        match done {
            Ok(()) => {
                self.good_len += bytes.len() as u64;
                Ok(())
            }
            Err(e) => {
                let _ = file.set_len(self.good_len);
                Err(e)
            }
        }
    }

    /// Records entries: they are written now, or, while writing fails, kept in memory and
    /// written (before any later entry) when a retry succeeds.
    pub fn record(&mut self, entries: Vec<Entry>, now: std::time::Instant) -> Written {
        self.pending.extend(entries);
        let failing = self.retry_at.is_some();
        if self.pending.is_empty() {
            return Written::Yes;
        }
        if self.retry_at.is_some_and(|at| now < at) {
            return Written::StillFailing;
        }
        let result = if self.file.is_some() {
            let pending = std::mem::take(&mut self.pending);
            let r = self.append(&pending);
            if r.is_err() {
                self.pending = pending;
            }
            r
        } else {
            Journal::create(&self.dir, self.seed, &self.pending).map(|j| {
                *self = j;
            })
        };
        match result {
            Ok(()) => {
                self.pending.clear();
                self.retry_at = None;
                if failing {
                    Written::Recovered
                } else {
                    Written::Yes
                }
            }
            Err(e) => {
                self.retry_at = Some(now + RETRY);
                if failing {
                    Written::StillFailing
                } else {
                    Written::Failed(format!("{}: {e}", self.path.display()))
                }
            }
        }
    }

    /// Entries waiting in memory because writing failed.
    pub fn pending(&self) -> usize {
        self.pending.len()
    }

    /// Makes every later write fail as on a full disk (writes go to `/dev/full`), for tests.
    #[doc(hidden)]
    pub fn fail_writes_for_tests(&mut self) -> io::Result<()> {
        self.file = Some(OpenOptions::new().write(true).open("/dev/full")?);
        Ok(())
    }
}

fn stamp() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

fn lines(entries: &[Entry]) -> Vec<u8> {
    let mut out = Vec::new();
    for e in entries {
        serde_json::to_writer(&mut out, e).expect("entries serialise");
        out.push(b'\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::Settings;

    fn temp_dir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("entente-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        dir
    }

    #[test]
    fn a_torn_last_line_is_dropped_and_the_rest_kept() {
        let dir = temp_dir("torn");
        let first = vec![Entry::Began {
            engine: "test".into(),
            format: entente_shared::play::RECORD_FORMAT,
            settings: Settings::default(),
            scenario: String::new(),
        }];
        let mut j = Journal::create(&dir, 1, &first).unwrap();
        j.append(&[Entry::Grace { secs: 5 }, Entry::Grace { secs: 5 }])
            .unwrap();
        let path = j.path().to_path_buf();
        drop(j);
        // A crash in the middle of a write.
        let mut f = OpenOptions::new().append(true).open(&path).unwrap();
        f.write_all(b"{\"Orders\":{\"state\":2,\"by\"").unwrap();
        drop(f);
        let (mut j, entries) = Journal::open(&path).unwrap();
        assert_eq!(entries.len(), 3);
        assert_eq!(entries[2], Entry::Grace { secs: 5 });
        j.append(&[Entry::RolledBack]).unwrap();
        // The record is locked while a journal has it.
        drop(j);
        let (_, entries) = Journal::open(&path).unwrap();
        assert_eq!(
            entries.len(),
            4,
            "appending after the cut gives clean lines"
        );
        assert_eq!(entries[3], Entry::RolledBack);
        assert_eq!(Journal::latest(&dir).unwrap(), path);
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_damaged_line_in_the_middle_is_named() {
        let dir = temp_dir("damaged");
        fs::create_dir_all(&dir).unwrap();
        let path = dir.join("game.jsonl");
        fs::write(&path, "\"RolledBack\"\nnot json\n\"RolledBack\"\n").unwrap();
        let err = Journal::open(&path).err().unwrap().to_string();
        assert!(err.contains("game.jsonl:2:"), "{err}");
        fs::remove_dir_all(&dir).unwrap();
    }
}
