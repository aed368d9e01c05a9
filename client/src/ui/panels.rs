//! The side panel: seats (lobby), orders, results, diplomacy, the lens table, and the host's view.

use bevy_egui::egui::{self, Color32, RichText};
use entente_shared::protocol::{ClientMsg, HostCommand, ProposalKind, SessionState};

use super::{phase_words, rgb};
use crate::app::{Client, Tab};
use crate::lens::{self, LensMode};
use crate::model::{PUBLIC, Proposal, ProposalStatus, Readiness};
use crate::orders::{self, Mode};

const RED: Color32 = Color32::from_rgb(190, 30, 30);
const GREEN: Color32 = Color32::from_rgb(20, 120, 40);
const ORANGE: Color32 = Color32::from_rgb(200, 110, 0);

pub fn side(ui: &mut egui::Ui, client: &mut Client) {
    let unread = client.model.unread_total() + client.model.waiting_proposals().count();
    ui.horizontal_wrapped(|ui| {
        let t = &mut client.ui.tab;
        ui.selectable_value(t, Tab::Seats, "Seats");
        ui.selectable_value(t, Tab::Orders, "Orders");
        ui.selectable_value(t, Tab::Results, "Results");
        let d = if unread > 0 {
            format!("Diplomacy ({unread})")
        } else {
            "Diplomacy".into()
        };
        ui.selectable_value(t, Tab::Diplomacy, d);
        ui.selectable_value(t, Tab::Lens, "Threat lens");
        if client.model.is_host() {
            ui.selectable_value(t, Tab::Host, "Host");
        }
    });
    ui.separator();
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| match client.ui.tab {
            Tab::Seats => seats(ui, client),
            Tab::Orders => orders(ui, client),
            Tab::Results => results(ui, client),
            Tab::Diplomacy => diplomacy(ui, client),
            Tab::Lens => {
                lens_panel(ui, client);
            }
            Tab::Host => {
                host(ui, client);
            }
        });
}

fn swatch(ui: &mut egui::Ui, c: [u8; 3]) {
    let (rect, _) = ui.allocate_exact_size(egui::vec2(14.0, 14.0), egui::Sense::hover());
    ui.painter().rect_filled(rect, 2.0, rgb(c));
}

fn seats(ui: &mut egui::Ui, client: &mut Client) {
    ui.label("Each state is a seat. Several people may share one as a team; the computer plays every seat nobody took.");
    ui.add_space(4.0);
    let seats = client.model.seats.clone();
    let lobby = client.model.session == Some(SessionState::Lobby);
    seat_requests(ui, client);
    let centres: std::collections::HashMap<String, usize> = {
        let mut m = std::collections::HashMap::new();
        for (_, owner) in &client.model.board.centres {
            *m.entry(owner.clone()).or_insert(0) += 1;
        }
        m
    };
    egui::Grid::new("seats")
        .num_columns(4)
        .striped(true)
        .show(ui, |ui| {
            ui.strong("State");
            ui.strong("Players");
            ui.strong("Centres");
            ui.strong("");
            ui.end_row();
            for s in &seats {
                ui.horizontal(|ui| {
                    swatch(
                        ui,
                        client
                            .model
                            .state_colour(&s.state)
                            .unwrap_or([128, 128, 128]),
                    );
                    ui.label(client.model.state_name(&s.state).to_string());
                });
                let mut who = s.players.join(", ");
                if s.computer {
                    who = if who.is_empty() {
                        "computer".into()
                    } else {
                        format!("{who} (computer plays)")
                    };
                }
                if s.submitted {
                    who += " ✔";
                }
                if lobby && Readiness::of(s) == Readiness::Ready {
                    who += " — ready";
                }
                ui.label(who);
                ui.label(centres.get(&s.state).copied().unwrap_or(0).to_string());
                let mine = client.model.seat.as_deref() == Some(s.state.as_str());
                if mine {
                    ui.label(RichText::new("you").strong());
                } else if client.model.session != Some(SessionState::Over)
                    && ui
                        .small_button(if s.players.is_empty() {
                            "Sit here"
                        } else {
                            "Join team"
                        })
                        .clicked()
                {
                    client.send(ClientMsg::TakeSeat {
                        state: s.state.clone(),
                    });
                }
                ui.end_row();
            }
        });
    ui.add_space(6.0);
    ui.horizontal(|ui| {
        if client.model.seat.is_some() && ui.button("Leave the seat and watch").clicked() {
            client.send(ClientMsg::Observe);
        }
        if client.model.session == Some(SessionState::Lobby) && client.model.seat.is_some() {
            if client.ui.ready_sent {
                ui.label("You said you are ready.");
            } else if ui.button("I am ready").clicked() {
                client.send(ClientMsg::Ready);
                client.ui.ready_sent = true;
            }
        }
    });
    ui.add_space(6.0);
    ui.label("✔ = orders in for this phase.");
}

/// Requests to join a team this client may answer (its own team's, or any for the host).
fn seat_requests(ui: &mut egui::Ui, client: &mut Client) {
    let waiting: Vec<_> = client.model.requests_to_answer().cloned().collect();
    for r in waiting {
        ui.horizontal_wrapped(|ui| {
            ui.label(
                RichText::new(format!(
                    "{} asks to join {}'s team.",
                    r.name,
                    client.model.state_name(&r.state)
                ))
                .color(ORANGE)
                .strong(),
            );
            for (label, accept) in [("Let in", true), ("Refuse", false)] {
                if ui.small_button(label).clicked()
                    && let Some(msg) = client.model.answer_seat_request(r.request, accept)
                {
                    client.send(msg);
                }
            }
        });
    }
}

fn orders(ui: &mut egui::Ui, client: &mut Client) {
    if client.scenario.is_none() {
        ui.label("The map is not loaded.");
        return;
    }
    if client.model.seat.is_none() {
        if client.model.is_host() {
            every_seats_orders(ui, client);
        } else {
            ui.label("Take a seat (Seats tab) to give orders.");
        }
        return;
    }
    if client.model.session == Some(SessionState::Lobby) {
        ui.label(RichText::new("The game has not started yet.").strong());
        ui.label(
            "Orders are given once the host starts the game (or every seated player is ready).",
        );
        if client.ui.ready_sent {
            ui.label("You said you are ready.");
        } else if ui.button("I am ready").clicked() {
            client.send(ClientMsg::Ready);
            client.ui.ready_sent = true;
        }
        return;
    }
    if !client.model.must_order() {
        ui.label("You have no orders to give this phase.");
    }
    ui.label(RichText::new(phase_words(&client.model.phase)).strong());
    ui.add_space(4.0);
    ui.label(
        "With the mouse: click one of your units, then a province. Right-click or Esc cancels.",
    );
    ui.horizontal(|ui| {
        for m in [Mode::Move, Mode::Support, Mode::Convoy] {
            if ui
                .selectable_label(client.builder.mode == m, m.label())
                .clicked()
            {
                client.builder.set_mode(m);
            }
        }
    });
    ui.checkbox(
        &mut client.builder.build_fleets,
        "In winter, build fleets (not armies)",
    );
    ui.add_space(4.0);
    ui.label("Or type an order (A PAR - BUR, F NTH C A LON - BEL, A MAR S A PAR - BUR, WAIVE):");
    let response = ui.add(
        egui::TextEdit::singleline(&mut client.ui.typed_order)
            .hint_text("A PAR - BUR")
            .desired_width(f32::INFINITY),
    );
    let enter = response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
    if (ui.button("Add order").clicked() || enter) && !client.ui.typed_order.trim().is_empty() {
        let text = client.ui.typed_order.clone();
        let r = client.type_order(&text);
        if r.is_ok() {
            client.ui.typed_order.clear();
        }
        client.ui.typed_feedback = Some(r);
    }
    match &client.ui.typed_feedback {
        Some(Ok(o)) => {
            ui.colored_label(GREEN, format!("Added {o}"));
        }
        Some(Err(e)) => {
            ui.colored_label(RED, format!("Not added: {e}"));
        }
        None => {}
    }
    ui.separator();
    ui.strong("Your orders (not sent until you submit)");
    let mut remove = None;
    for (i, o) in client.builder.pending.iter().enumerate() {
        ui.horizontal(|ui| {
            if ui.small_button("×").clicked() {
                remove = Some(i);
            }
            ui.monospace(o);
        });
    }
    if let Some(i) = remove {
        client.builder.remove(i);
    }
    if client.builder.pending.is_empty() {
        ui.weak("None yet. Units without an order hold.");
    }
    ui.horizontal(|ui| {
        let can = client.model.must_order();
        if ui
            .add_enabled(
                can,
                egui::Button::new(RichText::new("Submit orders").strong()),
            )
            .clicked()
        {
            client.send(ClientMsg::SubmitOrders {
                phase: client.model.phase.clone(),
                orders: client.builder.pending.clone(),
            });
            client.ui.submitted = Some(client.builder.pending.clone());
        }
        if ui.button("Clear").clicked() {
            client.builder.pending.clear();
            client.builder.cancel();
        }
    });
    ui.separator();
    ui.strong("What the server holds");
    match client.model.my_orders() {
        None => {
            ui.weak("Nothing submitted for this phase.");
        }
        Some(o) => {
            ui.label(format!("Submitted by {}", o.by));
            for a in &o.accepted {
                ui.horizontal(|ui| {
                    ui.colored_label(GREEN, "✔");
                    ui.monospace(a);
                });
            }
            for (r, why) in &o.refused {
                ui.horizontal_wrapped(|ui| {
                    ui.colored_label(RED, "×");
                    ui.monospace(r);
                    ui.colored_label(RED, format!("— {why}"));
                });
            }
        }
    }
    // The host sees every seat's orders.
    if client.model.is_host() {
        ui.separator();
        every_seats_orders(ui, client);
    }
}

/// The host's view of the orders every seat has given this phase (computer seats included),
/// and which seats have not given theirs yet.
fn every_seats_orders(ui: &mut egui::Ui, client: &mut Client) {
    let m = &client.model;
    ui.strong(format!("Every seat's orders: {}", phase_words(&m.phase)));
    if !m.under_way() {
        ui.weak("The game has not started: no orders yet.");
        return;
    }
    let rows = m.orders_by_seat();
    if rows.is_empty() {
        ui.weak("No seat has orders to give this phase.");
    }
    for (state, o) in rows {
        ui.horizontal(|ui| {
            swatch(ui, m.state_colour(&state).unwrap_or([128, 128, 128]));
            let by = match &o {
                Some(o) => format!("(by {})", o.by),
                None => "— not given yet".to_string(),
            };
            ui.strong(format!("{} {by}", m.state_name(&state)));
        });
        if let Some(o) = o {
            if o.accepted.is_empty() && o.refused.is_empty() {
                ui.weak("  no orders: every unit holds");
            }
            for a in &o.accepted {
                ui.monospace(format!("  {a}"));
            }
            for (r, why) in &o.refused {
                ui.colored_label(RED, format!("  {r} — {why}"));
            }
        }
    }
}

fn results(ui: &mut egui::Ui, client: &mut Client) {
    let n = client.model.results.len();
    if n == 0 {
        ui.label("No phase has been resolved yet.");
        client.ui.result_step = None;
        return;
    }
    ui.horizontal(|ui| {
        let cur = client.ui.result_step;
        if ui.button("< Earlier").clicked() {
            client.open_results(cur.unwrap_or(n).saturating_sub(1));
        }
        if ui
            .add_enabled(cur.is_some_and(|c| c + 1 < n), egui::Button::new("Later >"))
            .clicked()
            && let Some(c) = cur
        {
            client.open_results(c + 1);
        }
        if ui
            .add_enabled(cur.is_some(), egui::Button::new("Back to the game (Enter)"))
            .clicked()
        {
            client.close_results();
        }
    });
    let mut quiet = !client.ui.quiet_results;
    if ui
        .checkbox(&mut quiet, "Open the results after every phase")
        .changed()
    {
        client.ui.quiet_results = !quiet;
    }
    let Some(step) = client.ui.result_step else {
        ui.label(format!(
            "The map shows the running phase. {} played: press < Earlier to see the last one.",
            plural(n, "phase", "phases")
        ));
        return;
    };
    let Some(sum) = client.model.summary(step) else {
        return;
    };
    ui.add_space(4.0);
    ui.heading(format!("Results of {}", phase_words(&sum.phase)));
    ui.label(format!("Phase {} of {n}. On the map: green arrows done, orange dashed × failed, red ring dislodged.", step + 1));
    ui.add_space(4.0);
    for (state, orders) in &sum.by_state {
        ui.horizontal(|ui| {
            swatch(
                ui,
                client.model.state_colour(state).unwrap_or([128, 128, 128]),
            );
            let you = if client.model.seat.as_deref() == Some(state.as_str()) {
                " (you)"
            } else {
                ""
            };
            ui.strong(format!("{}{you}", client.model.state_name(state)));
        });
        egui::Grid::new(("results", state))
            .striped(true)
            .num_columns(2)
            .show(ui, |ui| {
                for o in orders {
                    let c = if o.outcome.succeeded() {
                        GREEN
                    } else if o.outcome.dislodged() {
                        RED
                    } else {
                        ORANGE
                    };
                    ui.monospace(&o.order);
                    ui.colored_label(c, orders::outcome_words(&o.order, &o.outcome));
                    ui.end_row();
                }
            });
    }
    if !sum.dislodged.is_empty() {
        ui.add_space(4.0);
        ui.strong("Dislodged");
        for o in &sum.dislodged {
            let unit = orders::order_unit(&o.order).unwrap_or_else(|| o.order.clone());
            ui.colored_label(
                RED,
                format!(
                    "{unit} of {} must retreat or disband",
                    client.model.state_name(&o.state)
                ),
            );
        }
    }
    if !sum.centres.is_empty() {
        ui.add_space(4.0);
        ui.strong("Supply centres that changed hands");
        for (p, was, now) in &sum.centres {
            let name = |s: &Option<String>| match s {
                Some(s) => client.model.state_name(s).to_string(),
                None => "nobody".to_string(),
            };
            ui.label(format!("{p}: {} → {}", name(was), name(now)));
        }
    }
    if !sum.ties.is_empty() {
        ui.add_space(4.0);
        ui.strong("Alliances and alignments");
        for t in &sum.ties {
            ui.label(format!("• {}", t.text));
        }
    }
    let r = &client.model.results[step];
    ui.add_space(4.0);
    ui.label("Centres after the phase:");
    for (s, n) in &r.centres {
        ui.horizontal(|ui| {
            swatch(ui, client.model.state_colour(s).unwrap_or([128, 128, 128]));
            ui.label(format!("{} {n}", client.model.state_name(s)));
        });
    }
}

/// `1 phase`, `2 phases`.
pub fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

fn diplomacy(ui: &mut egui::Ui, client: &mut Client) {
    let me = client.model.seat.clone();
    let others: Vec<String> = client
        .model
        .states
        .iter()
        .map(|s| s.code.clone())
        .filter(|c| Some(c) != me.as_ref())
        .collect();
    ui.strong("Alliances and alignments");
    if client.model.ties.is_empty() {
        ui.weak("No tie has been made, left or broken yet.");
    }
    for t in client.model.ties.iter().rev().take(12) {
        ui.label(format!("• {}", t.text));
    }
    ui.separator();
    ui.strong("Proposals to you");
    let waiting: Vec<_> = client.model.waiting_proposals().cloned().collect();
    if waiting.is_empty() {
        ui.weak("None waiting.");
    }
    for p in waiting {
        egui::Frame::group(ui.style()).show(ui, |ui| proposal_card(ui, client, &p, false));
    }
    let answered: Vec<_> = client
        .model
        .proposals
        .iter()
        .filter(|p| p.status != ProposalStatus::Waiting || p.id.is_none())
        .cloned()
        .collect();
    if !answered.is_empty() {
        ui.add_space(4.0);
        ui.strong("Proposals made and answered");
        for p in answered.iter().rev().take(10) {
            let status = match &p.status {
                ProposalStatus::Waiting => "waiting".to_string(),
                ProposalStatus::Answering(_) => "answer sent".to_string(),
                ProposalStatus::Accepted(r) => format!("accepted: {r}"),
                ProposalStatus::Refused(r) => format!("refused: {r}"),
            };
            ui.label(format!(
                "{} to {}: {status}",
                client.model.state_name(&p.from),
                client.model.state_name(&p.to)
            ));
        }
    }
    if me.is_some() {
        ui.separator();
        ui.strong("Propose");
        egui::ComboBox::from_id_salt("propose_to")
            .selected_text(format!(
                "to: {}",
                client.model.state_name(&client.ui.propose_to)
            ))
            .show_ui(ui, |ui| {
                for o in &others {
                    ui.selectable_value(
                        &mut client.ui.propose_to,
                        o.clone(),
                        client.model.state_name(o),
                    );
                }
            });
        egui::ComboBox::from_id_salt("propose_against")
            .selected_text(format!(
                "against: {}",
                client.model.state_name(&client.ui.propose_against)
            ))
            .show_ui(ui, |ui| {
                for o in &others {
                    ui.selectable_value(
                        &mut client.ui.propose_against,
                        o.clone(),
                        client.model.state_name(o),
                    );
                }
            });
        ui.horizontal(|ui| {
            let to = client.ui.propose_to.clone();
            let against = client.ui.propose_against.clone();
            if ui
                .add_enabled(
                    !to.is_empty() && !against.is_empty() && to != against,
                    egui::Button::new("Propose alliance"),
                )
                .clicked()
            {
                client.send(ClientMsg::ProposeAlliance {
                    to: to.clone(),
                    against: against.clone(),
                });
                client
                    .model
                    .sent_proposal(to.clone(), ProposalKind::Alliance { against });
            }
            if ui
                .add_enabled(!to.is_empty(), egui::Button::new("Align with them"))
                .clicked()
            {
                client.send(ClientMsg::ProposeAlignment { with: to.clone() });
                client
                    .model
                    .sent_proposal(to.clone(), ProposalKind::Alignment);
            }
            if ui
                .add_enabled(!to.is_empty(), egui::Button::new("Leave tie"))
                .clicked()
            {
                client.send(ClientMsg::LeaveTie { partner: to });
            }
        });
    }
    ui.separator();
    ui.strong("Press");
    let mut convs: Vec<String> = vec![PUBLIC.to_string()];
    convs.extend(others.iter().cloned());
    for k in client.model.press.keys() {
        if !convs.contains(k) {
            convs.push(k.clone());
        }
    }
    if client.ui.conversation.is_empty() {
        client.ui.conversation = PUBLIC.into();
    }
    ui.horizontal_wrapped(|ui| {
        for c in &convs {
            let n = client.model.unread.get(c).copied().unwrap_or(0);
            let name = if c == PUBLIC {
                "Everyone".to_string()
            } else {
                client.model.state_name(c).to_string()
            };
            let label = if n > 0 { format!("{name} ({n})") } else { name };
            if ui
                .selectable_label(&client.ui.conversation == c, label)
                .clicked()
            {
                client.ui.conversation = c.clone();
            }
        }
    });
    let conv = client.ui.conversation.clone();
    client.model.read(&conv);
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.set_min_height(120.0);
        ui.set_min_width(ui.available_width());
        let lines = client.model.press.get(&conv).cloned().unwrap_or_default();
        if lines.is_empty() {
            ui.weak("No messages yet.");
        }
        for l in lines.iter().rev().take(30).rev() {
            ui.label(format!("{}: {}", client.model.state_name(&l.from), l.text));
        }
    });
    if me.is_some() {
        ui.add(
            egui::TextEdit::multiline(&mut client.ui.press_text)
                .desired_rows(2)
                .desired_width(f32::INFINITY),
        );
        if ui.button("Send").clicked() && !client.ui.press_text.trim().is_empty() {
            let to = if conv == PUBLIC {
                vec![]
            } else {
                conv.split(',').map(str::to_string).collect()
            };
            let text: String = client
                .ui
                .press_text
                .trim()
                .chars()
                .take(entente_shared::protocol::MAX_PRESS_CHARS)
                .collect();
            client.send(ClientMsg::Press { to, text });
            client.ui.press_text.clear();
        }
    }
}

/// A proposal to us in words: who, what, against whom.
pub fn proposal_words(client: &Client, p: &Proposal) -> String {
    let m = &client.model;
    match &p.kind {
        ProposalKind::Alliance { against } => format!(
            "{} proposes an alliance against {}.",
            m.state_name(&p.from),
            m.state_name(against)
        ),
        ProposalKind::Alignment => format!(
            "{} asks to align with you: you would be its patron.",
            m.state_name(&p.from)
        ),
    }
}

/// One proposal to us: who asks what and why, when it lapses, an optional reason, and the two
/// answers; over the map (`floating`), also a button that puts it off to the Diplomacy tab.
pub fn proposal_card(ui: &mut egui::Ui, client: &mut Client, p: &Proposal, floating: bool) {
    let Some(id) = p.id else { return };
    ui.label(RichText::new(proposal_words(client, p)).strong().size(16.0));
    if !p.reason.trim().is_empty() {
        ui.label(format!("Their reason: {}", p.reason.trim()));
    }
    let left = client
        .model
        .seconds_left(client.now)
        .map(|s| format!(" (in {})", super::clock_words(s)))
        .unwrap_or_default();
    ui.colored_label(
        ORANGE,
        format!("Answer before this phase ends{left}: unanswered, it lapses as refused."),
    );
    let reason = client.ui.answer_reasons.entry(id).or_default();
    ui.horizontal(|ui| {
        ui.label("Your reason (optional):");
        ui.add(egui::TextEdit::singleline(reason).desired_width(f32::INFINITY));
    });
    let reason = reason.clone();
    ui.horizontal(|ui| {
        let big = egui::vec2(110.0, 30.0);
        let accept = ui.add(
            egui::Button::new(RichText::new("Accept").strong().color(Color32::WHITE))
                .fill(GREEN)
                .min_size(big),
        );
        let refuse = ui.add(
            egui::Button::new(RichText::new("Refuse").strong().color(Color32::WHITE))
                .fill(RED)
                .min_size(big),
        );
        let answer = if accept.clicked() {
            Some(true)
        } else if refuse.clicked() {
            Some(false)
        } else {
            None
        };
        if let Some(yes) = answer
            && let Some(msg) = client.model.answer(id, yes, &reason)
        {
            client.send(msg);
            client.ui.answer_reasons.remove(&id);
        }
        if floating
            && ui
                .button("Later")
                .on_hover_text("Answer it in the Diplomacy tab before the phase ends")
                .clicked()
        {
            client.ui.later.insert(id);
        }
    });
}

/// The lens tab; returns where its table was drawn, if it was.
fn lens_panel(ui: &mut egui::Ui, client: &mut Client) -> Option<egui::Rect> {
    ui.label("The threat lens colours every state by Walt's balance of threat: power, proximity, offensive capability and intentions (acts). Hover a state on the map for the four parts and the acts behind the intentions.");
    ui.horizontal(|ui| {
        for m in [
            LensMode::Off,
            LensMode::ThreatToUs,
            LensMode::OurThreatToThem,
        ] {
            ui.selectable_value(&mut client.ui.lens, m, m.label());
        }
    });
    if client.model.is_host() {
        let current = client.lens_state().unwrap_or_default();
        egui::ComboBox::from_id_salt("lens_state")
            .selected_text(format!("Lens of {}", client.model.state_name(&current)))
            .show_ui(ui, |ui| {
                for s in client.model.states.clone() {
                    ui.selectable_value(
                        &mut client.ui.lens_state,
                        Some(s.code.clone()),
                        s.name.clone(),
                    );
                }
            });
    }
    let Some(me) = client.lens_state() else {
        ui.label("Take a seat to see your lens.");
        return None;
    };
    let Some(l) = client.model.lenses.get(&me).cloned() else {
        ui.weak("The lens arrives when a movement phase begins.");
        return None;
    };
    let mode = if client.ui.lens == LensMode::Off {
        LensMode::ThreatToUs
    } else {
        client.ui.lens
    };
    ui.label(format!("{} — {}", phase_words(&l.phase), mode.label()));
    let mut rows = l.rows.clone();
    rows.sort_by(|a, b| {
        lens::view(b, mode)
            .total
            .total_cmp(&lens::view(a, mode).total)
    });
    let levels = lens::levels(&rows, mode);
    ui.label("Threat on the theory's scale: 0 none, 1 the most a state can pose. Pow: power, Near: proximity, Off: offensive capability, Int: intentions.");
    let table = lens_table(ui, client, &rows, &levels, mode);
    for r in &rows {
        let acts = lens::acts(r, mode);
        if !acts.is_empty() {
            ui.label(RichText::new(client.model.state_name(&r.state).to_string()).strong());
            for a in acts.iter().take(4) {
                ui.label(format!("  • {a}"));
            }
        }
    }
    Some(table)
}

/// What a swatch and the space after it take in a row, in points.
const SWATCH_ROOM: f32 = 14.0 + 8.0;

/// `text` cut (with "…") to fit `room` points, as `width` measures text.
fn cut_to(text: &str, room: f32, width: impl Fn(&str) -> f32) -> String {
    if width(text) <= room {
        return text.to_string();
    }
    let chars: Vec<char> = text.chars().collect();
    (1..chars.len())
        .rev()
        .map(|n| format!("{}…", chars[..n].iter().collect::<String>().trim_end()))
        .find(|t| width(t) <= room)
        .unwrap_or_else(|| "…".into())
}

/// The lens as a table: a row per state, its total and four parts. It fits the side panel
/// however many states there are (Balkans 1912 has 13, some with long names): short column
/// heads (their words on hover) and names cut to the room left.
fn lens_table(
    ui: &mut egui::Ui,
    client: &Client,
    rows: &[entente_shared::protocol::LensRow],
    levels: &std::collections::HashMap<String, f32>,
    mode: LensMode,
) -> egui::Rect {
    // Each number column is as wide as "0.00" or its head; the name takes what is left.
    let font = egui::TextStyle::Body.resolve(ui.style());
    let text_width = |ui: &egui::Ui, t: &str| {
        ui.fonts_mut(|f| f.layout_no_wrap(t.to_string(), font.clone(), Color32::WHITE))
            .size()
            .x
    };
    let heads = [
        ("Total", "total threat"),
        ("Pow", "power"),
        ("Near", "proximity"),
        ("Off", "offensive capability"),
        ("Int", "intentions (acts)"),
    ];
    let gap = 8.0;
    let number = heads
        .iter()
        .map(|(h, _)| text_width(ui, h))
        .fold(text_width(ui, "0.00"), f32::max);
    let name_width = (ui.available_width() - heads.len() as f32 * (number + gap) - gap).max(80.0);
    egui::Grid::new("lens")
        .striped(true)
        .num_columns(6)
        .spacing([gap, 3.0])
        .min_col_width(0.0)
        .show(ui, |ui| {
            ui.strong("State");
            for (h, words) in heads {
                ui.strong(h).on_hover_text(words);
            }
            ui.end_row();
            for r in rows {
                let v = lens::view(r, mode);
                ui.horizontal(|ui| {
                    swatch(ui, lens::ramp(levels.get(&r.state).copied().unwrap_or(0.0)));
                    let name = client.model.state_name(&r.state).to_string();
                    let room = name_width - SWATCH_ROOM;
                    ui.label(cut_to(&name, room, |t| text_width(ui, t)))
                        .on_hover_text(name);
                });
                for x in [v.total, v.power, v.proximity, v.offence, v.intentions] {
                    ui.label(format!("{x:.2}"));
                }
                ui.end_row();
            }
        })
        .response
        .rect
}

/// A host command's button, enabled only when the server would carry it out now.
fn host_button(ui: &mut egui::Ui, client: &mut Client, label: &str, cmd: HostCommand, small: bool) {
    let allowed = client.model.host_allows(&cmd);
    let button = if small {
        egui::Button::new(RichText::new(label).small())
    } else {
        egui::Button::new(label)
    };
    if ui.add_enabled(allowed, button).clicked() {
        client.model.host_sent(&cmd);
        client.send(ClientMsg::Host(cmd));
    }
}

/// The host's tab; returns where its table of seats was drawn.
fn host(ui: &mut egui::Ui, client: &mut Client) -> egui::Rect {
    ui.strong("Game");
    ui.horizontal_wrapped(|ui| {
        let cmds = [
            ("Start", HostCommand::Start),
            ("Pause", HostCommand::Pause),
            ("Resume", HostCommand::Resume),
            ("End phase now", HostCommand::ResolveNow),
            ("Roll back", HostCommand::RollBack),
        ];
        for (label, cmd) in cmds {
            host_button(ui, client, label, cmd, false);
        }
    });
    ui.horizontal(|ui| {
        if client.ui.extend_secs == 0 {
            client.ui.extend_secs = 60;
        }
        ui.add(
            egui::DragValue::new(&mut client.ui.extend_secs)
                .range(10..=3600)
                .suffix(" s"),
        );
        let seconds = client.ui.extend_secs;
        host_button(
            ui,
            client,
            "Extend clock",
            HostCommand::ExtendClock { seconds },
            false,
        );
        host_button(ui, client, "End game", HostCommand::EndGame, false);
    });
    ui.separator();
    ui.strong("Debrief");
    if ui.button("Write and open the debrief").clicked() {
        client.send(ClientMsg::Host(HostCommand::WriteReport));
    }
    if let Some(p) = &client.ui.report_path {
        ui.label(format!("Saved to {p}"));
    }
    ui.separator();
    ui.strong("Seats");
    seat_requests(ui, client);
    let lobby = client.model.session == Some(SessionState::Lobby);
    if lobby {
        let people: Vec<_> = client
            .model
            .seats
            .iter()
            .filter(|s| !s.players.is_empty())
            .collect();
        let ready = people
            .iter()
            .filter(|s| Readiness::of(s) == Readiness::Ready)
            .count();
        ui.label(format!(
            "{ready} of {} seats people hold are ready; the computer plays the seats nobody took.",
            people.len()
        ));
    }
    let seats_rect = host_seats(ui, client, lobby);
    ui.separator();
    ui.strong("Clients");
    for c in client.model.clients.clone() {
        ui.horizontal(|ui| {
            let seat = c.seat.clone().unwrap_or_else(|| "watching".into());
            let on = if c.connected { "" } else { " (gone)" };
            ui.label(format!("{} — {seat}{on}", c.name));
            if !c.host && c.connected && ui.small_button("Remove").clicked() {
                client.send(ClientMsg::Host(HostCommand::Remove { client: c.id }));
            }
        });
    }
    ui.separator();
    ui.strong("Computer players' reasons");
    for l in client.model.host_log.iter().rev().take(200) {
        ui.label(RichText::new(l).small());
    }
    seats_rect
}

/// Who holds a seat, in the host's words ("Ada, Bo", "Ada (computer plays)", "computer",
/// "nobody" in the lobby), and the mark for its orders being in.
fn seat_words(
    s: &entente_shared::protocol::SeatView,
    given: bool,
    lobby: bool,
) -> (String, &'static str) {
    let names = s.players.join(", ");
    let who = match (s.players.is_empty(), given, s.computer && !lobby) {
        (true, _, true) => "computer".to_string(),
        (true, _, false) => "nobody".to_string(),
        (false, true, _) => format!("{names} (given to the computer)"),
        (false, false, true) => format!("{names} (computer plays)"),
        (false, false, false) => names,
    };
    (who, if s.submitted { " ✔" } else { "" })
}

/// The colours of a seat's readiness in the host's lobby (the screenshot test finds them).
pub const READY: Color32 = GREEN;
pub const NOT_READY: Color32 = ORANGE;
const COMPUTER_SEAT: Color32 = Color32::from_rgb(150, 150, 150);

/// The host's table of seats: who sits where, given to the computer or not, orders in; in the
/// lobby each seat's readiness (a coloured mark and its word). It fits the side panel: players'
/// names are cut to the room left (in full on hover).
fn host_seats(ui: &mut egui::Ui, client: &mut Client, lobby: bool) -> egui::Rect {
    let font = egui::TextStyle::Body.resolve(ui.style());
    let small = egui::TextStyle::Small.resolve(ui.style());
    let width = |ui: &egui::Ui, t: &str, f: &egui::FontId| {
        ui.fonts_mut(|x| x.layout_no_wrap(t.to_string(), f.clone(), Color32::WHITE))
            .size()
            .x
    };
    let gap = 6.0;
    let names = client
        .model
        .seats
        .iter()
        .map(|s| width(ui, client.model.state_name(&s.state), &font))
        .fold(0.0, f32::max)
        + 18.0;
    let readiness = if lobby {
        [Readiness::Ready, Readiness::NotYet, Readiness::Computer]
            .iter()
            .map(|r| width(ui, r.short(), &font))
            .fold(0.0, f32::max)
            + 18.0
            + gap
    } else {
        0.0
    };
    let button = ["Back to people", "To computer"]
        .iter()
        .map(|b| width(ui, b, &small))
        .fold(0.0, f32::max)
        + 2.0 * ui.spacing().button_padding.x;
    let players = (ui.available_width() - names - readiness - button - 3.0 * gap - 4.0).max(40.0);
    egui::Grid::new("host-seats")
        .striped(true)
        .spacing([gap, 3.0])
        .min_col_width(0.0)
        .num_columns(if lobby { 4 } else { 3 })
        .show(ui, |ui| {
            for s in client.model.seats.clone() {
                ui.horizontal(|ui| {
                    swatch(
                        ui,
                        client
                            .model
                            .state_colour(&s.state)
                            .unwrap_or([128, 128, 128]),
                    );
                    ui.label(client.model.state_name(&s.state).to_string());
                });
                let given = client.model.given_to_computer.contains(&s.state);
                let (who, mark) = seat_words(&s, given, lobby);
                // The mark for orders in stays whole when the names are cut.
                let room = players - width(ui, mark, &font);
                ui.label(format!(
                    "{}{mark}",
                    cut_to(&who, room, |t| width(ui, t, &font))
                ))
                .on_hover_text(format!("{who}{mark}"));
                if lobby {
                    let r = Readiness::of(&s);
                    let colour = match r {
                        Readiness::Ready => READY,
                        Readiness::NotYet => NOT_READY,
                        Readiness::Computer => COMPUTER_SEAT,
                    };
                    ui.horizontal(|ui| {
                        swatch(ui, [colour.r(), colour.g(), colour.b()]);
                        ui.label(RichText::new(r.short()).color(colour))
                            .on_hover_text(r.words());
                    });
                }
                // One button: back to people for a seat given to the computer, else to the
                // computer (enabled only when the server would do it).
                let state = s.state.clone();
                let back = HostCommand::TakeSeatBack {
                    state: state.clone(),
                };
                if client.model.host_allows(&back) {
                    host_button(ui, client, "Back to people", back, true);
                } else {
                    host_button(
                        ui,
                        client,
                        "To computer",
                        HostCommand::GiveSeatToComputer { state },
                        true,
                    );
                }
                ui.end_row();
            }
        })
        .response
        .rect
}

#[cfg(test)]
mod tests {
    use super::*;
    use entente_shared::protocol::{LensRow, Role, SeatView, ServerMsg, StateView, ThreatView};
    use entente_shared::scenario::Scenario;

    /// Two frames of `draw` in the side panel of a 1400 x 900 window; returns what `draw`
    /// returned last and the panel's rectangle.
    fn in_side_panel<R>(
        client: &mut Client,
        mut draw: impl FnMut(&mut egui::Ui, &mut Client) -> R,
    ) -> (Option<R>, egui::Rect) {
        let ctx = egui::Context::default();
        let mut last = (None, egui::Rect::NOTHING);
        for _ in 0..2 {
            let input = egui::RawInput {
                screen_rect: Some(egui::Rect::from_min_size(
                    egui::Pos2::ZERO,
                    egui::vec2(1400.0, 900.0),
                )),
                ..Default::default()
            };
            let mut out = ctx.run_ui(input, |ui| {
                egui::Panel::left("side")
                    .exact_size(crate::ui::SIDE_WIDTH)
                    .resizable(false)
                    .show(ui, |ui| {
                        last = (Some(draw(ui, client)), ui.max_rect());
                    });
            });
            out.textures_delta.clear();
        }
        last
    }

    fn balkans_states(client: &mut Client) -> Scenario {
        let s = Scenario::load("balkans-1912").unwrap();
        client.model.states = s
            .state_ids()
            .map(|id| StateView {
                code: s.state(id).code.clone(),
                name: s.state(id).name.clone(),
                colour: s.state(id).colour.clone(),
            })
            .collect();
        s
    }

    #[test]
    fn the_hosts_lobby_shows_every_seats_readiness_within_the_side_panel() {
        let mut client = Client::default();
        balkans_states(&mut client);
        client.model.apply(
            ServerMsg::Role {
                role: Role::Host,
                seat: None,
            },
            0.0,
        );
        client.model.session = Some(SessionState::Lobby);
        // Long names, a team, a seat ready, one not, the rest for the computer.
        client.model.seats = client
            .model
            .states
            .iter()
            .enumerate()
            .map(|(i, st)| {
                let players: Vec<String> = match i {
                    0 => vec!["Maximiliane Habsburg-Lothringen".into(), "Bo".into()],
                    1 => vec!["Ada".into()],
                    _ => vec![],
                };
                SeatView {
                    state: st.code.clone(),
                    computer: players.is_empty(),
                    ready: i == 1,
                    players,
                    submitted: false,
                }
            })
            .collect();
        let (table, room) = in_side_panel(&mut client, host);
        let table = table.unwrap();
        println!("the host's seats span {table:?} in a panel spanning {room:?}");
        assert!(
            table.max.x <= room.max.x + 0.5,
            "the host's seats reach x = {} in a panel ending at {}: cut off",
            table.max.x,
            room.max.x
        );
        assert!(table.height() > 13.0 * 14.0, "a row per seat: {table:?}");
    }

    #[test]
    fn the_host_reads_who_holds_each_seat_in_few_words() {
        let seat = |players: &[&str], computer: bool, submitted: bool| SeatView {
            state: "FRANCE".into(),
            players: players.iter().map(|p| p.to_string()).collect(),
            computer,
            submitted,
            ready: false,
        };
        let w = |s: &SeatView, given: bool, lobby: bool| {
            let (who, mark) = seat_words(s, given, lobby);
            format!("{who}{mark}")
        };
        assert_eq!(w(&seat(&[], true, true), false, false), "computer ✔");
        assert_eq!(w(&seat(&[], true, false), false, true), "nobody");
        assert_eq!(
            w(&seat(&["Ada", "Bo"], false, true), false, false),
            "Ada, Bo ✔"
        );
        assert_eq!(
            w(&seat(&["Ada"], true, false), true, false),
            "Ada (given to the computer)"
        );
        assert_eq!(
            w(&seat(&["Ada"], true, true), false, false),
            "Ada (computer plays) ✔"
        );
    }

    #[test]
    fn long_words_are_cut_to_their_room() {
        let width = |t: &str| t.chars().count() as f32 * 7.0;
        assert_eq!(cut_to("Serbia", 70.0, width), "Serbia");
        assert_eq!(cut_to("Austria-Hungary", 70.0, width), "Austria-H…");
        assert_eq!(cut_to("Ottoman Empire", 56.0, width), "Ottoman…");
        assert_eq!(cut_to("Ottoman Empire", 3.0, width), "…");
    }

    #[test]
    fn the_lens_table_with_thirteen_states_fits_the_side_panel() {
        let mut client = Client::default();
        balkans_states(&mut client);
        assert_eq!(client.model.states.len(), 13);
        client.model.seat = Some("SERBIA".into());
        let t = |x: f32| ThreatView {
            total: x,
            power: x,
            proximity: x,
            offence: x,
            intentions: x,
        };
        let rows = client
            .model
            .states
            .iter()
            .filter(|st| st.code != "SERBIA")
            .enumerate()
            .map(|(i, st)| LensRow {
                state: st.code.clone(),
                threat_to_us: t(i as f32 / 12.0),
                acts_against_us: vec![],
                our_threat_to_them: t(0.1),
                our_acts_against_them: vec![],
            })
            .collect();
        client.model.lenses.insert(
            "SERBIA".into(),
            crate::model::Lens {
                phase: "S1912M".into(),
                rows,
            },
        );
        client.ui.lens = LensMode::ThreatToUs;
        let (table, room) = in_side_panel(&mut client, lens_panel);
        let table = table.flatten().expect("the table is drawn");
        println!("the lens table spans {table:?} in a panel spanning {room:?}");
        assert!(
            table.max.x <= room.max.x + 0.5,
            "the lens table reaches x = {} in a panel ending at {}: cut off",
            table.max.x,
            room.max.x
        );
    }
}
