//! Reading the files people name on the command line (scenarios, state systems, records) without
//! being fooled by them: only a regular file is opened (a named pipe would wait for ever, a
//! device such as `/dev/zero` never ends), its size is capped before it is read, and every
//! refusal says what the path really is.

use std::fs::{self, File};
use std::io::Read;
use std::path::Path;

/// The largest scenario file read: the bundled ones are under 100 KB; a drawn world of 255
/// states and 32,000 provinces stays well below this.
pub const MAX_SCENARIO_BYTES: u64 = 32 << 20;
/// The largest state-system file read (a state system has no map).
pub const MAX_SYSTEM_BYTES: u64 = 16 << 20;
/// The largest game record or journal read by `report` (a century of phases with every order
/// and threat cell is tens of megabytes).
pub const MAX_RECORD_BYTES: u64 = 1 << 30;

/// What a path is when it is not a regular file, in words; `None` for a regular file.
fn not_a_file(meta: &fs::Metadata) -> Option<&'static str> {
    let t = meta.file_type();
    if t.is_file() {
        return None;
    }
    if t.is_dir() {
        return Some("a folder, not a file");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return Some("a named pipe, not a file (reading it would wait for a writer)");
        }
        if t.is_char_device() || t.is_block_device() {
            return Some("a device, not a file (it may never end)");
        }
        if t.is_socket() {
            return Some("a socket, not a file");
        }
    }
    Some("not a regular file")
}

/// Why a path cannot be opened, in words: a missing file, a link that leads nowhere or back to
/// itself, a folder on the way that is not one.
fn cannot_open(path: &Path, e: &std::io::Error) -> String {
    let link = fs::symlink_metadata(path)
        .map(|m| m.file_type().is_symlink())
        .unwrap_or(false);
    match e.kind() {
        std::io::ErrorKind::NotFound if link => {
            "a symbolic link to a file that does not exist".to_string()
        }
        std::io::ErrorKind::NotFound => "no such file".to_string(),
        _ if link => format!("a symbolic link that cannot be followed: {e}"),
        _ => e.to_string(),
    }
}

/// The text of the file at `path`, a `what` (`"scenario"`, `"record"`) of at most `limit`
/// bytes. The error is a sentence without the path (the caller names the file).
pub fn read_text(path: &Path, what: &str, limit: u64) -> Result<String, String> {
    // The type is looked at before opening: opening a named pipe waits for a writer.
    let meta = fs::metadata(path)
        .map_err(|e| format!("cannot read the {what}: {}", cannot_open(path, &e)))?;
    if let Some(is) = not_a_file(&meta) {
        return Err(format!("cannot read the {what}: this is {is}"));
    }
    let too_big = |len: u64| {
        format!(
            "the {what} is {len} bytes, more than the {limit} bytes a {what} may have (is this the right file?)"
        )
    };
    if meta.len() > limit {
        return Err(too_big(meta.len()));
    }
    let file = File::open(path)
        .map_err(|e| format!("cannot read the {what}: {}", cannot_open(path, &e)))?;
    // Swapped for something else between the look and the opening: looked at again.
    let meta = file
        .metadata()
        .map_err(|e| format!("cannot read the {what}: {e}"))?;
    if let Some(is) = not_a_file(&meta) {
        return Err(format!("cannot read the {what}: this is {is}"));
    }
    let mut bytes = Vec::new();
    // One byte more than allowed, so that a file still growing is caught too.
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read the {what}: {e}"))?;
    if bytes.len() as u64 > limit {
        return Err(too_big(bytes.len() as u64));
    }
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "the {what} is not text: byte {} is not UTF-8",
            e.utf8_error().valid_up_to()
        )
    })
}

/// Whether `name` is meant as a path rather than a bundled file's name: it has a folder, an
/// extension, or something stands at that path (even a broken link, so that the link is what is
/// reported on).
pub fn is_path(name: &str) -> bool {
    let path = Path::new(name);
    name.contains(['/', '\\']) || path.extension().is_some() || fs::symlink_metadata(path).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dir() -> std::path::PathBuf {
        let d = std::env::temp_dir().join(format!(
            "entente-files-{}-{:?}",
            std::process::id(),
            std::thread::current().id()
        ));
        fs::create_dir_all(&d).unwrap();
        d
    }

    #[test]
    fn a_folder_a_missing_file_and_a_big_file_are_named_for_what_they_are() {
        let d = dir();
        let e = read_text(&d, "scenario", 100).unwrap_err();
        assert!(e.contains("a folder"), "{e}");
        let e = read_text(&d.join("nope.ron"), "scenario", 100).unwrap_err();
        assert!(e.contains("no such file"), "{e}");
        let big = d.join("big.ron");
        fs::write(&big, "x".repeat(101)).unwrap();
        let e = read_text(&big, "scenario", 100).unwrap_err();
        assert!(e.contains("101 bytes, more than the 100"), "{e}");
        assert_eq!(read_text(&big, "scenario", 101).unwrap().len(), 101);
        fs::write(&big, [b'a', 0xff, b'b']).unwrap();
        let e = read_text(&big, "scenario", 100).unwrap_err();
        assert!(e.contains("byte 1 is not UTF-8"), "{e}");
        fs::remove_dir_all(&d).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn devices_and_link_loops_are_refused_without_reading() {
        let e = read_text(Path::new("/dev/zero"), "record", 1 << 30).unwrap_err();
        assert!(e.contains("a device"), "{e}");
        let d = dir();
        let (a, b) = (d.join("a.ron"), d.join("b.ron"));
        std::os::unix::fs::symlink(&b, &a).unwrap();
        std::os::unix::fs::symlink(&a, &b).unwrap();
        let e = read_text(&a, "scenario", 100).unwrap_err();
        assert!(e.contains("symbolic link that cannot be followed"), "{e}");
        assert!(!is_path("a-name-with-no-file") && is_path("x.ron"));
        fs::remove_dir_all(&d).unwrap();
    }
}
