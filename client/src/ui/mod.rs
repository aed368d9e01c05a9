//! The screens (egui): the connect form, the status bar with the phase clock, the side panel
//! (seats, orders, results, diplomacy, lens, host) and the map area with its overlay.

mod overlay;
mod panels;

use bevy::prelude::*;
use bevy::window::PrimaryWindow;
use bevy_egui::{EguiContexts, egui};
use entente_shared::protocol::{Board, Role, SessionState};
use entente_shared::rules::phase::{Phase, PhaseKind, Season};

use crate::app::{Client, Link};
use crate::map::View;

pub use overlay::{click_province as overlay_click, hover_text};

/// Width of the side panel, in points.
pub const SIDE_WIDTH: f32 = 360.0;

/// The board the map shows: the running phase's, or the one a results step was played on.
pub fn shown_board(client: &Client) -> &Board {
    match client.ui.result_step {
        Some(i) if i < client.model.results.len() => &client.model.results[i].board_before,
        _ => &client.model.board,
    }
}

/// `S1901M` in words: "Spring 1901, movement".
pub fn phase_words(phase: &str) -> String {
    match Phase::parse(phase) {
        Some(p) => {
            let season = match p.season {
                Season::Spring => "Spring",
                Season::Autumn => "Autumn",
                Season::Winter => "Winter",
            };
            let kind = match p.kind {
                PhaseKind::Movement => "orders",
                PhaseKind::Retreat => "retreats",
                PhaseKind::Adjustment => "builds and removals",
            };
            format!("{season} {}, {kind}", p.year)
        }
        None => phase.to_string(),
    }
}

/// `m:ss`.
pub fn clock_words(secs: f64) -> String {
    let s = secs.ceil().max(0.0) as u64;
    format!("{}:{:02}", s / 60, s % 60)
}

pub fn rgb(c: [u8; 3]) -> egui::Color32 {
    egui::Color32::from_rgb(c[0], c[1], c[2])
}

/// Draws every screen.
pub fn screens(
    mut contexts: EguiContexts,
    mut client: ResMut<Client>,
    mut view: ResMut<View>,
    window: Query<&Window, With<PrimaryWindow>>,
) -> Result {
    let ctx = contexts.ctx_mut()?.clone();
    if let Ok(w) = window.single() {
        view.window = Vec2::new(w.width(), w.height());
    }
    let client = &mut *client;
    if !client.model.joined() && client.link == Link::Idle {
        connect_screen(&ctx, client);
        return Ok(());
    }
    let mut root = egui::Ui::new(
        ctx.clone(),
        "root".into(),
        egui::UiBuilder::new()
            .layer_id(egui::LayerId::background())
            .max_rect(ctx.viewport_rect()),
    );
    egui::Panel::top("status").show(&mut root, |ui| status_bar(ui, client));
    egui::Panel::bottom("notices").show(&mut root, |ui| {
        let last: Vec<&String> = client.model.notices.iter().rev().take(2).collect();
        if last.is_empty() {
            ui.weak("Messages from the server appear here.");
        }
        for n in last.into_iter().rev() {
            ui.label(n);
        }
    });
    egui::Panel::left("side")
        .exact_size(SIDE_WIDTH)
        .resizable(false)
        .show(&mut root, |ui| panels::side(ui, client));
    egui::CentralPanel::no_frame().show(&mut root, |ui| {
        let rect = ui.max_rect();
        view.area_min = Vec2::new(rect.min.x, rect.min.y);
        view.area_max = Vec2::new(rect.max.x, rect.max.y);
        overlay::map_area(ui, client, &mut view);
    });
    Ok(())
}

fn connect_screen(ctx: &egui::Context, client: &mut Client) {
    egui::Window::new("Join a game of Entente")
        .anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0])
        .collapsible(false)
        .resizable(false)
        .show(ctx, |ui| {
            ui.label("Ask your teacher or host for the address and the join code.");
            ui.add_space(6.0);
            let s = &mut client.settings;
            let mut port = s.port.to_string();
            egui::Grid::new("connect").num_columns(2).show(ui, |ui| {
                ui.label("Server address");
                ui.text_edit_singleline(&mut s.host);
                ui.end_row();
                ui.label("Port");
                ui.text_edit_singleline(&mut port);
                ui.end_row();
                ui.label("Your name");
                ui.text_edit_singleline(&mut s.name);
                ui.end_row();
                ui.label("Join code");
                ui.text_edit_singleline(&mut s.code);
                ui.end_row();
                ui.label("Host key (hosts only)");
                ui.add(egui::TextEdit::singleline(&mut s.host_key).password(true));
                ui.end_row();
            });
            if let Ok(p) = port.trim().parse() {
                s.port = p;
            }
            ui.add_space(6.0);
            let ready = !s.host.trim().is_empty() && !s.name.trim().is_empty();
            if ui.add_enabled(ready, egui::Button::new("Join")).clicked()
                || (ready && ui.input(|i| i.key_pressed(egui::Key::Enter)))
            {
                client.connect();
            }
            if !ready {
                ui.weak("Fill in the address and your name.");
            }
            if let Some(e) = &client.connect_error {
                ui.add_space(6.0);
                ui.colored_label(egui::Color32::from_rgb(200, 40, 40), e);
            }
        });
}

fn status_bar(ui: &mut egui::Ui, client: &mut Client) {
    let m = &client.model;
    ui.horizontal_wrapped(|ui| {
        match &client.link {
            Link::Connected => {}
            Link::Connecting { .. } => {
                ui.colored_label(egui::Color32::from_rgb(200, 140, 0), "Connecting...");
            }
            Link::Reconnecting { attempt, next } => {
                ui.colored_label(
                    egui::Color32::from_rgb(200, 40, 40),
                    format!(
                        "Connection lost: trying again in {:.0} s (attempt {})",
                        (next - client.now).max(0.0),
                        attempt + 1
                    ),
                );
            }
            Link::Idle => {
                ui.colored_label(egui::Color32::from_rgb(200, 40, 40), "Not connected");
            }
        }
        ui.strong(&m.scenario);
        ui.separator();
        ui.label(egui::RichText::new(phase_words(&m.phase)).strong());
        match m.session {
            Some(SessionState::Lobby) => {
                ui.label("— in the lobby: take a seat, then say you are ready");
            }
            Some(SessionState::Paused) => {
                ui.colored_label(egui::Color32::from_rgb(200, 140, 0), "— PAUSED by the host");
            }
            Some(SessionState::Over) => {
                ui.label("— the game is over");
            }
            _ => {}
        }
        if let Some(left) = m.seconds_left(client.now) {
            let urgent = left < 30.0;
            let text = egui::RichText::new(format!("⏱ {}", clock_words(left))).monospace();
            ui.label(if urgent {
                text.color(egui::Color32::from_rgb(200, 40, 40)).strong()
            } else {
                text
            });
        }
        ui.separator();
        match (&m.seat, m.role) {
            (Some(seat), Some(role)) => {
                let colour = m.state_colour(seat).unwrap_or([128, 128, 128]);
                let (rect, _) =
                    ui.allocate_exact_size(egui::vec2(14.0, 14.0), egui::Sense::hover());
                ui.painter().rect_filled(rect, 2.0, rgb(colour));
                let host = if role == Role::SeatedHost {
                    " (host)"
                } else {
                    ""
                };
                ui.strong(format!("You play {}{host}", m.state_name(seat)));
                if ui
                    .small_button("Find me")
                    .on_hover_text("Zoom to your units and centres (Home shows the whole map)")
                    .clicked()
                {
                    client.ui.zoom_to_me = true;
                }
                if m.must_order() {
                    let done = m.my_orders().is_some();
                    if done {
                        ui.label("— orders in");
                    } else {
                        ui.colored_label(
                            egui::Color32::from_rgb(200, 100, 0),
                            "— your orders are due",
                        );
                    }
                }
            }
            (None, Some(Role::Host)) => {
                ui.strong("You are the host (watching every state)");
            }
            (None, Some(_)) => {
                ui.label("You are watching");
            }
            _ => {}
        }
        let unread = m.unread_total();
        if unread > 0 {
            ui.separator();
            ui.colored_label(
                egui::Color32::from_rgb(30, 90, 200),
                format!("{unread} unread message(s)"),
            );
        }
    });
}
