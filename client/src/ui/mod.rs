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

pub use overlay::{
    DISLODGED, DONE, FAILED, LEGEND_EDGE, LEGEND_FOLDED, RESULTS_BANNER,
    click_province as overlay_click, hover_text, legend_spot, legend_width,
};
pub use panels::{NOT_READY, READY};

/// The id of the port field on the connect screen.
pub const PORT_FIELD: &str = "connect-port";

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
        let last: Vec<&str> = client
            .model
            .fresh_notices(client.now)
            .map(|n| n.text.as_str())
            .collect();
        if last.is_empty() {
            ui.weak("Messages from the server appear here for a few seconds.");
        }
        for n in last.iter().rev().take(2).rev() {
            ui.label(*n);
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
    proposals_window(&ctx, client, &view);
    // Enter or Esc closes the results view (when no text field has the keyboard).
    if client.ui.result_step.is_some()
        && !ctx.egui_wants_keyboard_input()
        && ctx.input(|i| i.key_pressed(egui::Key::Enter) || i.key_pressed(egui::Key::Escape))
    {
        client.close_results();
    }
    Ok(())
}

/// Proposals to our seat, over the map where nobody misses them, until they are answered or
/// lapse with the phase.
fn proposals_window(ctx: &egui::Context, client: &mut Client, view: &View) {
    let waiting: Vec<_> = client
        .model
        .waiting_proposals()
        .filter(|p| p.id.is_some_and(|id| !client.ui.later.contains(&id)))
        .cloned()
        .collect();
    if waiting.is_empty() {
        return;
    }
    let title = if waiting.len() == 1 {
        "A proposal to you".to_string()
    } else {
        format!("{} proposals to you", waiting.len())
    };
    let top = egui::pos2(
        (view.area_min.x + view.area_max.x) / 2.0,
        view.area_min.y + 12.0,
    );
    egui::Window::new(egui::RichText::new(title).strong())
        .id(egui::Id::new("proposals"))
        .pivot(egui::Align2::CENTER_TOP)
        .fixed_pos(top)
        .collapsible(false)
        .resizable(false)
        .default_width(440.0)
        .frame(
            egui::Frame::window(&ctx.global_style()).stroke(egui::Stroke::new(4.0, PROPOSAL_EDGE)),
        )
        .show(ctx, |ui| {
            ui.set_width(440.0);
            for (i, p) in waiting.iter().enumerate() {
                if i > 0 {
                    ui.separator();
                }
                panels::proposal_card(ui, client, p, true);
            }
        });
}

/// The edge of the proposals window (the screenshot test looks for it).
pub const PROPOSAL_EDGE: egui::Color32 = egui::Color32::from_rgb(214, 120, 0);

fn connect_screen(ctx: &egui::Context, client: &mut Client) {
    egui::Window::new("Join a game of Entente")
        .anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0])
        .collapsible(false)
        .resizable(false)
        .show(ctx, |ui| {
            ui.label("Ask your teacher or host for the address and the join code.");
            ui.add_space(6.0);
            let s = &mut client.settings;
            // The port as typed: it may be empty or half-typed while the player edits it.
            let port = client
                .ui
                .port_text
                .get_or_insert_with(|| s.port.to_string());
            egui::Grid::new("connect").num_columns(2).show(ui, |ui| {
                ui.label("Server address");
                ui.text_edit_singleline(&mut s.host);
                ui.end_row();
                ui.label("Port");
                ui.add(egui::TextEdit::singleline(port).id(egui::Id::new(PORT_FIELD)));
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
            let port_ok = match port.trim().parse::<u16>() {
                Ok(p) if p > 0 => {
                    s.port = p;
                    true
                }
                _ => false,
            };
            ui.add_space(6.0);
            let ready = !s.host.trim().is_empty() && !s.name.trim().is_empty() && port_ok;
            if ui.add_enabled(ready, egui::Button::new("Join")).clicked()
                || (ready && ui.input(|i| i.key_pressed(egui::Key::Enter)))
            {
                client.connect();
            }
            if !port_ok {
                ui.weak("The port is a number from 1 to 65535 (the host says which).");
            } else if !ready {
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

#[cfg(test)]
mod tests {
    use super::*;

    /// One frame of the connect screen with the given input events.
    fn frame(ctx: &egui::Context, client: &mut Client, events: Vec<egui::Event>) {
        let input = egui::RawInput {
            screen_rect: Some(egui::Rect::from_min_size(
                egui::Pos2::ZERO,
                egui::vec2(1200.0, 800.0),
            )),
            events,
            ..Default::default()
        };
        let mut out = ctx.run_ui(input, |ui| connect_screen(ui.ctx(), client));
        out.textures_delta.clear();
    }

    fn key(k: egui::Key) -> egui::Event {
        egui::Event::Key {
            key: k,
            physical_key: None,
            pressed: true,
            repeat: false,
            modifiers: egui::Modifiers::NONE,
        }
    }

    #[test]
    fn the_port_field_can_be_emptied_and_retyped() {
        let ctx = egui::Context::default();
        let mut client = Client::default();
        client.settings.port = 5151;
        client.settings.name = "Ada".into();
        frame(&ctx, &mut client, vec![]);
        ctx.memory_mut(|m| m.request_focus(egui::Id::new(PORT_FIELD)));
        frame(&ctx, &mut client, vec![key(egui::Key::End)]);
        for _ in 0..4 {
            frame(&ctx, &mut client, vec![key(egui::Key::Backspace)]);
        }
        assert_eq!(
            client.ui.port_text.as_deref(),
            Some(""),
            "the field empties"
        );
        for c in ["6", "1", "7", "0"] {
            frame(&ctx, &mut client, vec![egui::Event::Text(c.into())]);
        }
        assert_eq!(client.ui.port_text.as_deref(), Some("6170"));
        assert_eq!(client.settings.port, 6170);
    }
}
