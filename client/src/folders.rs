//! Where the client keeps what it remembers (the connect settings) and what it saves (the
//! debriefs): the folders each platform gives an application (through `directories`: the XDG
//! folders on Linux, Application Support on a Mac, AppData on Windows), or one folder named on
//! the command line (`--data-dir`), which tests use to keep their files apart.

use std::path::{Path, PathBuf};

/// The client's folders.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Folders {
    /// Everything in this one folder instead of the platform's.
    pub only: Option<PathBuf>,
}

impl Folders {
    /// Everything in `dir`.
    pub fn at(dir: impl Into<PathBuf>) -> Folders {
        Folders {
            only: Some(dir.into()),
        }
    }

    fn platform() -> Option<directories::ProjectDirs> {
        directories::ProjectDirs::from("org", "Entente", "entente")
    }

    /// Where settings are remembered (`~/.config/entente` on Linux).
    pub fn config(&self) -> Option<PathBuf> {
        match &self.only {
            Some(d) => Some(d.clone()),
            None => Self::platform().map(|p| p.config_dir().to_path_buf()),
        }
    }

    /// Where debriefs are saved (`~/.local/share/entente/debriefs` on Linux).
    pub fn debriefs(&self) -> PathBuf {
        let base = match &self.only {
            Some(d) => Some(d.clone()),
            None => Self::platform().map(|p| p.data_dir().to_path_buf()),
        };
        base.unwrap_or_else(|| PathBuf::from(".")).join("debriefs")
    }
}

/// Opens a file in the program the system uses for it (the browser for a debrief), without
/// waiting for it; whether one could be started.
pub fn open_file(path: &Path) -> bool {
    open::that_detached(path).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_folder_holds_everything_when_named() {
        let f = Folders::at("/tmp/entente-x");
        assert_eq!(f.config(), Some(PathBuf::from("/tmp/entente-x")));
        assert_eq!(f.debriefs(), PathBuf::from("/tmp/entente-x/debriefs"));
        // The platform's folders are named after the game, and apart from each other.
        let p = Folders::default();
        if let Some(c) = p.config() {
            assert!(
                c.to_string_lossy().to_lowercase().contains("entente"),
                "{c:?}"
            );
            assert_ne!(c.join("debriefs"), p.debriefs().join("x"));
        }
    }
}
