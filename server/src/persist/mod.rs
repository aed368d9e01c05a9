//! The game record on disk, written as it grows.
//!
//! One JSON line per [`Entry`], appended with a single write and flushed to the disk (`fsync`)
//! before any client hears of what it records: whatever a client has been told survives a crash
//! of the server. The file is created whole (written aside, then renamed into place), and a crash
//! in the middle of an append leaves at most a torn last line, which was never acknowledged and is
//! dropped when the record is read again.
//!
//! When the record cannot be written (the disk is full, the folder is gone or not writable), the
//! server does not stop: the hosts are told, the game goes on in memory, and the unwritten entries
//! wait and are written as soon as a retry (every [`RETRY`]) succeeds, when the hosts are told
//! again. Until then, what clients are told is not yet safe from a crash.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
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
        let written = (|| {
            let mut f = File::create(&aside)?;
            f.write_all(&bytes)?;
            f.sync_all()
        })();
        if let Err(e) = written {
            let _ = fs::remove_file(&aside);
            return Err(e);
        }
        fs::rename(&aside, &path)?;
        if let Ok(d) = File::open(dir) {
            let _ = d.sync_all();
        }
        let file = OpenOptions::new().append(true).open(&path)?;
        Ok(Journal {
            file: Some(file),
            path,
            dir: dir.to_path_buf(),
            seed,
            good_len: bytes.len() as u64,
            pending: Vec::new(),
            retry_at: None,
        })
    }

    /// Opens a record to continue it: its entries, with a torn last line (from a crash in the
    /// middle of a write) cut off.
    pub fn open(path: &Path) -> Result<(Journal, Vec<Entry>), RecordError> {
        let shown = path.display().to_string();
        let io_err = |source| RecordError::Io {
            path: shown.clone(),
            source,
        };
        let text = fs::read(path).map_err(io_err)?;
        let mut entries = Vec::new();
        let mut good = 0usize;
        let mut start = 0usize;
        let mut line = 0usize;
        while start < text.len() {
            line += 1;
            let end = text[start..].iter().position(|&b| b == b'\n');
            let Some(len) = end else {
                // No newline: the last write was cut short. It was never acknowledged.
                break;
            };
            let bytes = &text[start..start + len];
            match serde_json::from_slice::<Entry>(bytes) {
                Ok(e) => entries.push(e),
                Err(e) => {
                    return Err(RecordError::Line {
                        path: shown,
                        line,
                        why: e.to_string(),
                    });
                }
            }
            start += len + 1;
            good = start;
        }
        if good < text.len() {
            let f = OpenOptions::new().write(true).open(path).map_err(io_err)?;
            f.set_len(good as u64).map_err(io_err)?;
            f.sync_all().map_err(io_err)?;
        }
        let file = OpenOptions::new().append(true).open(path).map_err(io_err)?;
        Ok((
            Journal {
                file: Some(file),
                path: path.to_path_buf(),
                dir: path.parent().unwrap_or(Path::new(".")).to_path_buf(),
                seed: 0,
                good_len: good as u64,
                pending: Vec::new(),
                retry_at: None,
            },
            entries,
        ))
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
