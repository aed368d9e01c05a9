//! The host's debrief on this machine: the HTML the server sent, saved to a local file and
//! opened in the browser when one can be.

use std::path::{Path, PathBuf};

use bevy::prelude::*;

use crate::app::Client;
use crate::folders::Folders;

/// Where the debrief is saved: the client's debriefs folder, under the file name the server
/// used.
pub fn local_path(folders: &Folders, server_file: &str) -> PathBuf {
    let name = std::path::Path::new(server_file)
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .filter(|n| !n.is_empty())
        .map(|n| {
            if n.ends_with(".html") {
                n
            } else {
                format!("{n}.html")
            }
        })
        .unwrap_or_else(|| "debrief.html".into());
    folders.debriefs().join(name)
}

/// Saves a new debrief and opens it.
pub fn save_report(mut client: ResMut<Client>, mut seen: Local<Option<(String, usize)>>) {
    let Some((file, html)) = &client.model.report else {
        return;
    };
    let key = (file.clone(), html.len());
    if seen.as_ref() == Some(&key) {
        return;
    }
    *seen = Some(key);
    if html.is_empty() {
        let note = format!("The debrief is too large to send; it is on the server at {file}");
        client.ui.report_path = Some(file.clone());
        let now = client.now;
        client.model.say(note, now);
        return;
    }
    let path = local_path(&client.folders, file);
    let html = html.clone();
    let written = path
        .parent()
        .map(std::fs::create_dir_all)
        .unwrap_or(Ok(()))
        .and_then(|_| std::fs::write(&path, html));
    match written {
        Ok(()) => {
            let shown = std::fs::canonicalize(&path).unwrap_or(path.clone());
            let shown = shown.display().to_string();
            let opened = client.open_reports && crate::folders::open_file(Path::new(&shown));
            let how = if opened {
                "opened in the browser"
            } else {
                "open it in a browser"
            };
            let now = client.now;
            client
                .model
                .say(format!("Debrief saved to {shown} ({how})"), now);
            client.ui.report_path = Some(shown);
        }
        Err(e) => {
            let now = client.now;
            client.model.say(
                format!("Could not save the debrief to {}: {e}", path.display()),
                now,
            )
        }
    }
}
