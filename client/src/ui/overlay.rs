//! The map area: zoom and pan, clicks that build orders, hover, and what is painted over the
//! province fills in screen space (labels, centres, units, arrows, results, legends).

use bevy::math::Vec2;
use bevy_egui::egui::{self, Align2, Color32, FontId, Pos2, Shape, Stroke};
use entente_shared::map::ProvinceId;
use entente_shared::scenario::format::ProvinceKind;

use super::{rgb, shown_board};
use crate::app::Client;
use crate::lens::{self, LensMode};
use crate::map::View;
use crate::map::layout::Layout;
use crate::map::place::{Spot, best_spot};
use crate::orders::{self, Arrow, Click, Context};

fn pos(v: Vec2) -> Pos2 {
    Pos2::new(v.x, v.y)
}

/// Where a province's label point is on screen.
fn anchor(layout: &Layout, view: &View, province: usize) -> Pos2 {
    let a = layout.anchors[province];
    pos(view.cell_to_screen(Vec2::new(a[0], a[1])))
}

fn contrast(c: [u8; 3]) -> Color32 {
    let lum = 0.299 * c[0] as f32 + 0.587 * c[1] as f32 + 0.114 * c[2] as f32;
    if lum > 140.0 {
        Color32::BLACK
    } else {
        Color32::WHITE
    }
}

/// The map area of the window.
pub fn map_area(ui: &mut egui::Ui, client: &mut Client, view: &mut View) {
    let rect = ui.max_rect();
    let response = ui.allocate_rect(rect, egui::Sense::click_and_drag());
    let (Some(layout), Some(scenario)) = (client.layout.clone(), client.scenario.clone()) else {
        ui.painter().text(
            rect.center(),
            Align2::CENTER_CENTER,
            "Waiting for the map...",
            FontId::proportional(18.0),
            Color32::WHITE,
        );
        return;
    };
    // Zoom and pan.
    if response.hovered() {
        let (scroll, zoom) = ui.input(|i| (i.smooth_scroll_delta.y, i.zoom_delta()));
        let at = ui
            .input(|i| i.pointer.hover_pos())
            .map(|p| Vec2::new(p.x, p.y))
            .unwrap_or(Vec2::new(rect.center().x, rect.center().y));
        if scroll != 0.0 {
            view.zoom((scroll / 300.0).exp(), at);
        }
        if zoom != 1.0 {
            view.zoom(zoom, at);
        }
    }
    if response.dragged() {
        let d = response.drag_delta();
        view.pan(Vec2::new(d.x, d.y));
    }
    let keys = ui.input(|i| {
        (
            i.key_down(egui::Key::ArrowLeft),
            i.key_down(egui::Key::ArrowRight),
            i.key_down(egui::Key::ArrowUp),
            i.key_down(egui::Key::ArrowDown),
            i.key_pressed(egui::Key::Plus) || i.key_pressed(egui::Key::Equals),
            i.key_pressed(egui::Key::Minus),
            i.key_pressed(egui::Key::Escape),
            i.key_pressed(egui::Key::Home),
        )
    });
    if !ui.ctx().egui_wants_keyboard_input() {
        let step = 8.0;
        if keys.0 {
            view.pan(Vec2::new(step, 0.0));
        }
        if keys.1 {
            view.pan(Vec2::new(-step, 0.0));
        }
        if keys.2 {
            view.pan(Vec2::new(0.0, step));
        }
        if keys.3 {
            view.pan(Vec2::new(0.0, -step));
        }
        let c = Vec2::new(rect.center().x, rect.center().y);
        if keys.4 {
            view.zoom(1.25, c);
        }
        if keys.5 {
            view.zoom(0.8, c);
        }
        if keys.6 {
            client.builder.cancel();
        }
        if keys.7 {
            view.fit(&layout);
        }
    }
    if std::mem::take(&mut client.ui.zoom_to_me)
        && let Some(me) = client.model.seat.clone()
    {
        let board = &client.model.board;
        let places: Vec<&str> = board
            .units
            .iter()
            .filter(|u| u.state == me)
            .map(|u| orders::province_of(&u.at))
            .chain(
                board
                    .centres
                    .iter()
                    .filter(|(_, o)| *o == me)
                    .map(|(p, _)| p.as_str()),
            )
            .collect();
        let pts: Vec<[f32; 2]> = places
            .iter()
            .filter_map(|c| scenario.map.find(c))
            .map(|p| layout.anchors[p.index()])
            .collect();
        if !pts.is_empty() {
            let (mut lo, mut hi) = (Vec2::splat(f32::MAX), Vec2::splat(f32::MIN));
            for p in &pts {
                lo = lo.min(Vec2::new(p[0], p[1]));
                hi = hi.max(Vec2::new(p[0], p[1]));
            }
            let size = ((hi - lo) * 1.4 + Vec2::splat(28.0)).max(Vec2::splat(36.0));
            let area = Vec2::new(rect.width(), rect.height()).max(Vec2::splat(50.0));
            view.scale = (size.x / area.x).max(size.y / area.y);
            let mid = (lo + hi) / 2.0;
            view.centre = Vec2::new(mid.x, -mid.y);
        }
    }
    let cell_at = |p: Pos2| {
        let c = view.screen_to_cell(Vec2::new(p.x, p.y));
        layout.province_at(c.x, c.y)
    };
    // Clicks build orders.
    if response.clicked()
        && let Some(p) = response.interact_pointer_pos().and_then(cell_at)
    {
        click_province(client, p);
    }
    if response.secondary_clicked() {
        client.builder.cancel();
        client.ui.click_hint = Some("Cancelled.".into());
    }
    let hovered = client.ui.hover_override.or_else(|| {
        response
            .hover_pos()
            .filter(|_| response.hovered() && !client.ui.scripted)
            .and_then(cell_at)
    });
    client.ui.hovered = hovered;

    let painter = ui.painter_at(rect);
    let ppc = 1.0 / view.scale; // points per cell
    let map = &scenario.map;
    let board = shown_board(client).clone();

    // Supply centres: a ring beside the label point, inside the province.
    let unit_r = (ppc * 0.75).clamp(8.0, 16.0);
    let ring_r = (unit_r * 0.45).max(3.5);
    for p in map.province_ids() {
        let i = p.index();
        if layout.area[i] == 0 || !map.province(p).supply_centre {
            continue;
        }
        let c = layout.ring_point(i, unit_r * 1.6 / ppc, ring_r / ppc);
        let c = pos(view.cell_to_screen(Vec2::new(c[0], c[1])));
        painter.circle_filled(c, ring_r, Color32::WHITE);
        painter.circle_stroke(c, ring_r, Stroke::new(1.5, Color32::BLACK));
        painter.circle_filled(c, ring_r * 0.4, Color32::BLACK);
    }
    // Labels: readable at the fitted view (10 points at least), names once there is room.
    let font = FontId::proportional((ppc * 0.6).clamp(10.0, 15.0));
    let show_labels = ppc >= 6.0;
    for p in map.province_ids() {
        let i = p.index();
        if layout.area[i] == 0 || (!show_labels && hovered != Some(p.0)) {
            continue;
        }
        // Codes far away, names up close.
        let code = if ppc >= 16.0 {
            map.province(p).name.clone()
        } else {
            map.code(p).to_string()
        };
        let a = anchor(&layout, view, i) + egui::vec2(0.0, unit_r + font.size * 0.6);
        // Seas in blue on their pale fill; land on a light tab that reads on any state's
        // colour.
        let sea = map.province(p).kind == ProvinceKind::Sea;
        let ink = if sea {
            Color32::from_rgb(25, 60, 110)
        } else {
            Color32::BLACK
        };
        let galley = painter.layout_no_wrap(code, font.clone(), ink);
        let r = Align2::CENTER_CENTER.anchor_size(a, galley.size());
        if !sea {
            painter.rect_filled(
                r.expand(1.5),
                3.0,
                Color32::from_rgba_unmultiplied(255, 255, 255, 190),
            );
        }
        painter.galley(r.min, galley, ink);
    }
    // Units.
    for u in &board.units {
        if let Some(p) = map.find(orders::province_of(&u.at)) {
            let a = anchor(&layout, view, p.index());
            let colour = client
                .model
                .state_colour(&u.state)
                .unwrap_or([128, 128, 128]);
            draw_unit(&painter, a, unit_r, u.kind, colour, Color32::BLACK);
        }
    }
    for d in &board.dislodged {
        if let Some(p) = map.find(orders::province_of(&d.unit.at)) {
            let a = anchor(&layout, view, p.index()) + egui::vec2(unit_r * 1.2, unit_r * 0.8);
            let colour = client
                .model
                .state_colour(&d.unit.state)
                .unwrap_or([128, 128, 128]);
            draw_unit(&painter, a, unit_r * 0.8, d.unit.kind, colour, Color32::RED);
        }
    }
    // The chosen units.
    for u in &client.builder.chosen {
        if let Some(p) = map.find(orders::province_of(&u.at)) {
            let a = anchor(&layout, view, p.index());
            painter.circle_stroke(
                a,
                unit_r + 4.0,
                Stroke::new(3.0, Color32::from_rgb(255, 215, 0)),
            );
        }
    }
    let at = |code: &str| {
        map.find(code)
            .filter(|p| layout.area[p.index()] > 0)
            .map(|p| anchor(&layout, view, p.index()))
    };
    // Results of the phase being stepped through, or our orders.
    if let Some(step) = client.ui.result_step
        && let Some(r) = client.model.results.get(step)
    {
        for o in &r.orders {
            let colour = if o.outcome.succeeded() {
                DONE
            } else if o.outcome.dislodged() {
                DISLODGED
            } else {
                FAILED
            };
            let failed = !o.outcome.succeeded();
            if let Some(a) = orders::arrow(&o.order) {
                draw_arrow(&painter, &a, &at, colour, failed, unit_r);
            }
            if o.outcome.dislodged()
                && let Some(a) = orders::arrow(&o.order)
            {
                let place = match a {
                    Arrow::Move { from, .. }
                    | Arrow::SupportMove { from, .. }
                    | Arrow::SupportHold { from, .. }
                    | Arrow::Convoy { from, .. } => from,
                    Arrow::Hold { at } | Arrow::Build { at } | Arrow::Disband { at } => at,
                };
                if let Some(p) = at(&place) {
                    painter.circle_stroke(p, unit_r + 5.0, Stroke::new(3.0, Color32::RED));
                }
            }
        }
    } else if client.model.is_host() && client.model.seat.is_none() {
        // The host sees every seat's orders as given.
        for (_, o) in client.model.orders_by_seat() {
            for order in o.map(|o| o.accepted).unwrap_or_default() {
                if let Some(a) = orders::arrow(&order) {
                    draw_arrow(&painter, &a, &at, MINE, false, unit_r);
                }
            }
        }
    } else {
        let mine: Vec<String> = if !client.builder.pending.is_empty() {
            client.builder.pending.clone()
        } else {
            client
                .model
                .my_orders()
                .map(|o| o.accepted.clone())
                .unwrap_or_default()
        };
        for o in &mine {
            if let Some(a) = orders::arrow(o) {
                draw_arrow(&painter, &a, &at, MINE, false, unit_r);
            }
        }
    }
    // Legends, where they hide no province (or folded to their title).
    let is_sea = |p: u16| map.is_sea(ProvinceId(p));
    if client.ui.lens != LensMode::Off {
        let items = lens::legend(client.ui.lens);
        let width = legend_width(items.iter().map(|(l, _)| l.as_str()));
        let spot = legend_spot(&layout, &is_sea, view, items.len(), width);
        let open = legend_toggle(ui, client, &spot, &layout, &is_sea, view);
        if let Some(spot) = open {
            lens_legend(
                &painter,
                &spot,
                client.ui.lens,
                client.lens_state().as_deref(),
                client,
            );
        }
    } else if !client.model.states.is_empty() {
        let width = legend_width(client.model.states.iter().map(|s| s.name.as_str()));
        let spot = legend_spot(&layout, &is_sea, view, client.model.states.len() + 3, width);
        let open = legend_toggle(ui, client, &spot, &layout, &is_sea, view);
        if let Some(spot) = open {
            owner_legend(&painter, &spot, client, &board);
        }
    }
    // Hover.
    if let Some(p) = hovered {
        let text = hover_text(client, p);
        let where_ = response
            .hover_pos()
            .filter(|_| client.ui.hover_override.is_none())
            .unwrap_or_else(|| anchor(&layout, view, p as usize))
            + egui::vec2(18.0, 18.0);
        egui::Area::new(egui::Id::new("hover"))
            .fixed_pos(where_)
            .order(egui::Order::Tooltip)
            .interactable(false)
            .show(ui.ctx(), |ui| {
                egui::Frame::popup(ui.style()).show(ui, |ui| {
                    ui.set_max_width(340.0);
                    for (i, line) in text.lines().enumerate() {
                        if i == 0 {
                            ui.strong(line);
                        } else {
                            ui.label(line);
                        }
                    }
                });
            });
    }
    // Which phase's results the map shows.
    if let Some(step) = client.ui.result_step
        && let Some(r) = client.model.results.get(step)
    {
        let text = format!(
            "Results of {}: green arrows done, orange dashed × failed, red ring dislodged.\n\
             Press Enter or Esc to go back to the game.",
            super::phase_words(&r.phase)
        );
        let galley = painter.layout(text, FontId::proportional(15.0), Color32::BLACK, 600.0);
        let r = egui::Rect::from_min_size(rect.left_top() + egui::vec2(10.0, 10.0), galley.size());
        painter.rect_filled(r.expand(6.0), 4.0, RESULTS_BANNER);
        painter.rect_stroke(
            r.expand(6.0),
            4.0,
            Stroke::new(1.5, Color32::from_rgb(120, 90, 0)),
            egui::StrokeKind::Outside,
        );
        painter.galley(r.min, galley, Color32::BLACK);
    }
    // The prompt for the next click.
    if client.seated() && client.model.must_order() && client.ui.result_step.is_none() {
        let ctx = Context {
            scenario: &scenario,
            board: &client.model.board,
            phase: &client.model.phase,
            me: client.model.seat.as_deref().unwrap_or(""),
        };
        let prompt = client.builder.prompt(&ctx);
        let hint = client.ui.click_hint.clone().unwrap_or_default();
        let text = if hint.is_empty() {
            prompt
        } else {
            format!("{prompt}\n{hint}")
        };
        let galley = painter.layout(text, FontId::proportional(14.0), Color32::WHITE, 500.0);
        let r = egui::Rect::from_min_size(rect.left_top() + egui::vec2(10.0, 10.0), galley.size());
        painter.rect_filled(
            r.expand(6.0),
            4.0,
            Color32::from_rgba_unmultiplied(0, 0, 0, 200),
        );
        painter.galley(r.min, galley, Color32::WHITE);
    }
}

/// A click on a province: the order builder takes it when we have orders to give.
pub fn click_province(client: &mut Client, province: u16) {
    let Some(scenario) = client.scenario.clone() else {
        return;
    };
    if client.ui.result_step.is_some() {
        client.ui.click_hint = Some("Go back to the running phase to give orders.".into());
        return;
    }
    if !client.model.must_order() {
        client.ui.click_hint = Some("You have no orders to give now.".into());
        return;
    }
    let code = scenario.map.code(ProvinceId(province)).to_string();
    let me = client.model.seat.clone().unwrap_or_default();
    let ctx = Context {
        scenario: &scenario,
        board: &client.model.board,
        phase: &client.model.phase,
        me: &me,
    };
    let before = client.builder.pending.clone();
    let click = client.builder.click(&code, &ctx);
    client.ui.click_hint = match click {
        Click::Chosen(_) => None,
        Click::Order(o) => match client.vet(before, &o) {
            Ok(()) => Some(format!("Added: {o} (submit to send)")),
            Err(why) => Some(format!("Not added: {o}: {why}")),
        },
        Click::Hint(h) => Some(h),
    };
}

fn draw_unit(painter: &egui::Painter, c: Pos2, r: f32, kind: char, colour: [u8; 3], edge: Color32) {
    let fill = rgb(colour);
    let stroke = Stroke::new(2.0, edge);
    if kind == 'F' {
        // A boat: a hull wider at the deck, with a mast.
        let pts = vec![
            c + egui::vec2(-r * 1.25, -r * 0.35),
            c + egui::vec2(r * 1.25, -r * 0.35),
            c + egui::vec2(r * 0.75, r * 0.75),
            c + egui::vec2(-r * 0.75, r * 0.75),
        ];
        painter.line_segment(
            [
                c + egui::vec2(0.0, -r * 0.35),
                c + egui::vec2(0.0, -r * 1.2),
            ],
            Stroke::new(2.0, edge),
        );
        painter.add(Shape::convex_polygon(pts, fill, stroke));
        painter.text(
            c + egui::vec2(0.0, r * 0.2),
            Align2::CENTER_CENTER,
            "F",
            FontId::proportional(r * 1.1),
            contrast(colour),
        );
    } else {
        painter.circle_filled(c, r, fill);
        painter.circle_stroke(c, r, stroke);
        painter.text(
            c,
            Align2::CENTER_CENTER,
            "A",
            FontId::proportional(r * 1.2),
            contrast(colour),
        );
    }
}

/// The banner over the map while it shows a phase's results.
pub const RESULTS_BANNER: Color32 = Color32::from_rgb(255, 236, 150);

/// Our orders' arrows, and results' by outcome.
pub const MINE: Color32 = Color32::from_rgb(25, 25, 25);
pub const DONE: Color32 = Color32::from_rgb(0, 150, 50);
pub const FAILED: Color32 = Color32::from_rgb(235, 120, 0);
pub const DISLODGED: Color32 = Color32::from_rgb(210, 0, 0);
const SUPPORTED: Color32 = Color32::from_rgb(0, 110, 0);
const CONVOYED: Color32 = Color32::from_rgb(20, 60, 200);
/// Width of a move's arrow and of a support's line, in points.
const MOVE_WIDTH: f32 = 7.0;
const SUPPORT_WIDTH: f32 = 4.0;

fn head(painter: &egui::Painter, from: Pos2, to: Pos2, colour: Color32, width: f32) {
    let d = (to - from).normalized();
    let n = egui::vec2(-d.y, d.x);
    let size = (8.0 + width * 2.2).min((to - from).length() * 0.6).max(8.0);
    let pts = vec![
        to,
        to - d * size + n * size * 0.55,
        to - d * size - n * size * 0.55,
    ];
    painter.add(Shape::convex_polygon(
        pts,
        colour,
        Stroke::new(1.5, Color32::from_rgba_unmultiplied(255, 255, 255, 200)),
    ));
}

fn line(painter: &egui::Painter, a: Pos2, b: Pos2, colour: Color32, width: f32, dashed: bool) {
    // A halo so that arrows read on any fill and over the counters.
    let halo = Stroke::new(
        width + 3.0,
        Color32::from_rgba_unmultiplied(255, 255, 255, 190),
    );
    if dashed {
        painter.extend(Shape::dashed_line(&[a, b], halo, 10.0, 5.0));
        painter.extend(Shape::dashed_line(
            &[a, b],
            Stroke::new(width, colour),
            10.0,
            5.0,
        ));
    } else {
        painter.line_segment([a, b], halo);
        painter.line_segment([a, b], Stroke::new(width, colour));
    }
}

/// Shortens a segment: `from` points at its start (off the unit there), `to` at its end.
fn trim(a: Pos2, b: Pos2, from: f32, to: f32) -> (Pos2, Pos2) {
    let d = b - a;
    let len = d.length();
    if len < (from + to) * 1.4 || len < 1.0 {
        return (a, b);
    }
    let (from, to) = (from.min(len * 0.4), to.min(len * 0.4));
    let u = d / len;
    (a + u * from, b - u * to)
}

fn cross(painter: &egui::Painter, m: Pos2, s: f32, colour: Color32) {
    for (p, q) in [
        (egui::vec2(-s, -s), egui::vec2(s, s)),
        (egui::vec2(-s, s), egui::vec2(s, -s)),
    ] {
        painter.line_segment([m + p, m + q], Stroke::new(6.0, Color32::WHITE));
        painter.line_segment([m + p, m + q], Stroke::new(3.5, colour));
    }
}

fn draw_arrow(
    painter: &egui::Painter,
    arrow: &Arrow,
    at: &dyn Fn(&str) -> Option<Pos2>,
    colour: Color32,
    failed: bool,
    unit_r: f32,
) {
    let pick = |ok: Color32| if failed || colour != MINE { colour } else { ok };
    match arrow {
        Arrow::Move { from, to } => {
            if let (Some(a), Some(b)) = (at(from), at(to)) {
                // From the unit's edge (less when the provinces are close) to the target's
                // point, where the head ends.
                let len = (b - a).length();
                let start = if len < unit_r * 3.0 {
                    0.0
                } else {
                    unit_r * 0.8
                };
                let (a, b) = trim(a, b, start, 0.0);
                line(painter, a, b, colour, MOVE_WIDTH, failed);
                head(painter, a, b, colour, MOVE_WIDTH);
                if failed {
                    cross(painter, a + (b - a) * 0.6, 7.0, colour);
                }
            }
        }
        Arrow::SupportMove { from, of, to } => {
            if let (Some(a), Some(o), Some(t)) = (at(from), at(of), at(to)) {
                let mid = o + (t - o) * 0.6;
                let (a, b) = trim(a, mid, unit_r * 0.8, 2.0);
                let c = pick(SUPPORTED);
                line(painter, a, b, c, SUPPORT_WIDTH, true);
                painter.circle_filled(b, 5.0, c);
            }
        }
        Arrow::SupportHold { from, of } => {
            if let (Some(a), Some(o)) = (at(from), at(of)) {
                let (a, b) = trim(a, o, unit_r * 0.8, unit_r + 4.0);
                let c = pick(SUPPORTED);
                line(painter, a, b, c, SUPPORT_WIDTH, true);
                painter.circle_stroke(o, unit_r + 4.0, Stroke::new(3.0, c));
            }
        }
        Arrow::Convoy { from, of, to } => {
            if let (Some(a), Some(o), Some(t)) = (at(from), at(of), at(to)) {
                let c = pick(CONVOYED);
                let mid = o + (t - o) * 0.5;
                let (a, b) = trim(a, mid, unit_r * 0.8, 2.0);
                line(painter, a, b, c, SUPPORT_WIDTH, true);
                painter.circle_stroke(b, 6.0, Stroke::new(3.0, c));
            }
        }
        Arrow::Hold { at: p } => {
            if let Some(a) = at(p) {
                let side = unit_r * 2.0 + 10.0;
                let r = egui::Rect::from_center_size(a, egui::vec2(side, side));
                painter.rect_stroke(r, 3.0, Stroke::new(3.5, colour), egui::StrokeKind::Middle);
            }
        }
        Arrow::Build { at: p } => {
            if let Some(a) = at(p) {
                let c = pick(Color32::from_rgb(0, 140, 0));
                painter.circle_stroke(a, unit_r + 5.0, Stroke::new(3.5, c));
                painter.text(a, Align2::CENTER_CENTER, "+", FontId::proportional(22.0), c);
            }
        }
        Arrow::Disband { at: p } => {
            if let Some(a) = at(p) {
                cross(painter, a, unit_r, pick(DISLODGED));
            }
        }
    }
}

/// The legend's rows, in points.
const LEGEND_ROW: f32 = 17.0;
const LEGEND_HEAD: f32 = 28.0;
const LEGEND_COLUMN: f32 = 175.0;
/// The colour of the legend's edge (the screenshot test finds the legend by it).
pub const LEGEND_EDGE: Color32 = Color32::from_rgb(1, 70, 140);

/// The size of the folded legend (its title only).
pub const LEGEND_FOLDED: Vec2 = Vec2::new(170.0, 26.0);

/// The columns of a legend drawn in `spot`: how many, and how wide.
fn legend_columns(spot: &Spot, rows: usize) -> (usize, f32) {
    let per = ((spot.size.y - LEGEND_HEAD - 6.0) / LEGEND_ROW)
        .round()
        .max(1.0) as usize;
    let columns = rows.div_ceil(per).max(1);
    (columns, spot.size.x / columns as f32)
}

/// The size of a legend of `rows` rows in `columns` columns of `width` points.
fn legend_size(rows: usize, columns: usize, width: f32) -> Vec2 {
    let per = rows.div_ceil(columns.max(1));
    Vec2::new(
        width * columns as f32,
        LEGEND_HEAD + per as f32 * LEGEND_ROW + 6.0,
    )
}

/// A column wide enough for the longest of `labels` (about 7 points a letter, and the swatch).
pub fn legend_width<'a>(labels: impl Iterator<Item = &'a str>) -> f32 {
    let longest = labels.map(|l| l.chars().count()).max().unwrap_or(10);
    (longest as f32 * 7.0 + 50.0).max(LEGEND_COLUMN)
}

/// Where a legend of `rows` rows of columns `width` points wide goes: in one column or more
/// (shorter, for many states, as many as the map area is wide enough for), wherever it hides
/// no land province and no province's label point and least of the rest of the map
/// (`hides_province` says when no spot can, and the legend folds).
pub fn legend_spot(
    layout: &Layout,
    is_sea: &dyn Fn(u16) -> bool,
    view: &View,
    rows: usize,
    width: f32,
) -> Spot {
    let mut best: Option<(f32, Spot)> = None;
    // As many columns as the map area is wide enough for (a strip under a wide map).
    let room = ((view.area_max.x - view.area_min.x - 20.0) / width).floor() as usize;
    for columns in 1..=room.clamp(1, rows.div_ceil(2)) {
        if columns > 1 && rows < 6 {
            break;
        }
        let spot = best_spot(
            layout,
            is_sea,
            view,
            legend_size(rows, columns, width),
            10.0,
        );
        // Fewer columns read better: a little preference for them, less than hiding a few
        // cells of sea or ground.
        let cost = spot.cost + columns as f32 * 2.0;
        if best.is_none_or(|(c, _)| cost < c) {
            best = Some((cost, spot));
        }
    }
    best.expect("one column at least").1
}

/// The legend's title bar: a click folds or unfolds it. A legend that would hide a province
/// starts folded. Returns where to draw the open legend, if it is open.
fn legend_toggle(
    ui: &mut egui::Ui,
    client: &mut Client,
    spot: &Spot,
    layout: &Layout,
    is_sea: &dyn Fn(u16) -> bool,
    view: &View,
) -> Option<Spot> {
    let open = client.ui.legend_open.unwrap_or(!spot.hides_province);
    let shown = if open {
        *spot
    } else {
        best_spot(layout, is_sea, view, LEGEND_FOLDED, 10.0)
    };
    let title = egui::Rect::from_min_size(
        pos(shown.min),
        egui::vec2(shown.size.x, if open { LEGEND_HEAD } else { shown.size.y }),
    );
    let response = ui.interact(title, egui::Id::new("legend-title"), egui::Sense::click());
    if response.clicked() {
        client.ui.legend_open = Some(!open);
    }
    if !open {
        let painter = ui.painter();
        painter.rect_filled(
            title,
            4.0,
            Color32::from_rgba_unmultiplied(255, 255, 255, 225),
        );
        painter.rect_stroke(
            title,
            4.0,
            Stroke::new(2.0, LEGEND_EDGE),
            egui::StrokeKind::Inside,
        );
        painter.text(
            title.left_center() + egui::vec2(8.0, 0.0),
            Align2::LEFT_CENTER,
            "Legend (click to open)",
            FontId::proportional(14.0),
            Color32::BLACK,
        );
        return None;
    }
    Some(shown)
}

/// The legend's frame and title; returns where its rows begin.
fn legend_frame(painter: &egui::Painter, spot: &Spot, title: String) -> egui::Rect {
    let r = egui::Rect::from_min_size(pos(spot.min), egui::vec2(spot.size.x, spot.size.y));
    painter.rect_filled(r, 4.0, Color32::from_rgba_unmultiplied(255, 255, 255, 230));
    painter.rect_stroke(
        r,
        4.0,
        Stroke::new(2.0, LEGEND_EDGE),
        egui::StrokeKind::Inside,
    );
    painter.text(
        r.min + egui::vec2(8.0, 6.0),
        Align2::LEFT_TOP,
        format!("{title}  (click to fold)"),
        FontId::proportional(14.0),
        Color32::BLACK,
    );
    r
}

/// One row of a legend: a swatch and its words; `(i, per, width)`: row `i`, `per` rows in a
/// column of `width` points.
fn legend_row(
    painter: &egui::Painter,
    r: egui::Rect,
    (i, per, width): (usize, usize, f32),
    c: [u8; 3],
    label: &str,
    text: Color32,
) {
    let col = (i / per.max(1)) as f32;
    let y = r.min.y + LEGEND_HEAD + (i % per.max(1)) as f32 * LEGEND_ROW;
    let x = r.min.x + 8.0 + col * width;
    let sw = egui::Rect::from_min_size(Pos2::new(x, y), egui::vec2(22.0, 13.0));
    painter.rect_filled(sw, 2.0, rgb(c));
    painter.rect_stroke(
        sw,
        2.0,
        Stroke::new(1.0, Color32::DARK_GRAY),
        egui::StrokeKind::Inside,
    );
    painter.text(
        Pos2::new(sw.max.x + 8.0, y),
        Align2::LEFT_TOP,
        label,
        FontId::proportional(13.0),
        text,
    );
}

/// Who is who: each state's colour, name and supply centres; ours marked.
fn owner_legend(
    painter: &egui::Painter,
    spot: &Spot,
    client: &Client,
    board: &entente_shared::protocol::Board,
) {
    let states = &client.model.states;
    let r = legend_frame(painter, spot, "States (centres)".into());
    let mut rows: Vec<(String, [u8; 3], bool)> = states
        .iter()
        .map(|s| {
            let n = board.centres.iter().filter(|(_, o)| o == &s.code).count();
            let mine = client.model.seat.as_deref() == Some(s.code.as_str());
            let you = if mine { " (you)" } else { "" };
            (
                format!("{} {n}{you}", s.name),
                client
                    .model
                    .state_colour(&s.code)
                    .unwrap_or([128, 128, 128]),
                mine,
            )
        })
        .collect();
    rows.push(("unowned land".into(), crate::map::NEUTRAL, false));
    rows.push(("sea".into(), crate::map::SEA, false));
    rows.push(("no province".into(), crate::map::IMPASSABLE, false));
    let (columns, width) = legend_columns(spot, rows.len());
    let per = rows.len().div_ceil(columns);
    for (i, (label, c, mine)) in rows.iter().enumerate() {
        let colour = if *mine {
            Color32::from_rgb(0, 60, 160)
        } else {
            Color32::BLACK
        };
        legend_row(painter, r, (i, per, width), *c, label, colour);
    }
}

fn lens_legend(
    painter: &egui::Painter,
    spot: &Spot,
    mode: LensMode,
    me: Option<&str>,
    client: &Client,
) {
    let items = lens::legend(mode);
    let title = match (mode, me) {
        (LensMode::OurThreatToThem, Some(s)) => {
            format!("How others see {}", client.model.state_name(s))
        }
        (_, Some(s)) => format!("Threat to {}", client.model.state_name(s)),
        _ => "Threat lens".into(),
    };
    let r = legend_frame(painter, spot, title);
    let (columns, width) = legend_columns(spot, items.len());
    let per = items.len().div_ceil(columns);
    for (i, (label, c)) in items.iter().enumerate() {
        legend_row(painter, r, (i, per, width), *c, label, Color32::BLACK);
    }
    let has = me.is_some_and(|s| client.model.lenses.contains_key(s));
    if !has {
        painter.text(
            Pos2::new(r.min.x + 8.0, r.max.y + 4.0),
            Align2::LEFT_TOP,
            "(the lens arrives when a movement phase begins)",
            FontId::proportional(11.0),
            Color32::WHITE,
        );
    }
}

/// What hovering a province shows: its name, kind, owner and units; with the lens on, the
/// owner's threat in four parts and the acts behind the intention term.
pub fn hover_text(client: &Client, province: u16) -> String {
    let Some(scenario) = &client.scenario else {
        return String::new();
    };
    let map = &scenario.map;
    let p = ProvinceId(province);
    let prov = map.province(p);
    let kind = match prov.kind {
        ProvinceKind::Land => "land",
        ProvinceKind::Sea => "sea",
        ProvinceKind::Coast => "coast",
    };
    let centre = if prov.supply_centre {
        ", supply centre"
    } else {
        ""
    };
    let mut out = format!("{} ({}) — {kind}{centre}", prov.name, prov.code);
    let board = shown_board(client);
    let holders = crate::map::holders(scenario, board);
    let holder = holders[p.index()].clone();
    if prov.kind != ProvinceKind::Sea {
        match (&holder, prov.supply_centre) {
            (Some(s), true) => out += &format!("\nOwner: {}", client.model.state_name(s)),
            (Some(s), false) => out += &format!("\nHeld by: {}", client.model.state_name(s)),
            (None, true) => out += "\nOwner: nobody (a neutral centre)",
            (None, false) => out += "\nOwner: nobody",
        }
    }
    let units: Vec<String> = board
        .units
        .iter()
        .filter(|u| orders::province_of(&u.at) == prov.code)
        .map(|u| {
            let k = if u.kind == 'F' { "Fleet" } else { "Army" };
            format!(
                "{k} of {} ({} {})",
                client.model.state_name(&u.state),
                u.kind,
                u.at
            )
        })
        .collect();
    if units.is_empty() {
        out += "\nNo unit";
    } else {
        out += &format!("\n{}", units.join("\n"));
    }
    for d in board
        .dislodged
        .iter()
        .filter(|d| orders::province_of(&d.unit.at) == prov.code)
    {
        out += &format!(
            "\nDislodged: {} {} of {} (may retreat to {})",
            d.unit.kind,
            d.unit.at,
            client.model.state_name(&d.unit.state),
            if d.retreats.is_empty() {
                "nowhere".into()
            } else {
                d.retreats.join(", ")
            }
        );
    }
    if client.ui.lens != LensMode::Off
        && let (Some(s), Some(me)) = (&holder, client.lens_state())
        && s != &me
        && let Some(l) = client.model.lenses.get(&me)
        && let Some(row) = l.rows.iter().find(|r| &r.state == s)
    {
        let v = lens::view(row, client.ui.lens);
        let head = match client.ui.lens {
            LensMode::OurThreatToThem => format!(
                "How {} sees {}: threat {:.2}",
                client.model.state_name(s),
                client.model.state_name(&me),
                v.total
            ),
            _ => format!(
                "Threat of {} to {}: {:.2}",
                client.model.state_name(s),
                client.model.state_name(&me),
                v.total
            ),
        };
        out += &format!("\n\n{head}");
        for (name, value) in lens::parts(&v) {
            out += &format!("\n  {name}: {value:.2}");
        }
        let acts = lens::acts(row, client.ui.lens);
        if acts.is_empty() {
            out += "\n  acts behind the intentions: none yet";
        } else {
            out += "\n  acts behind the intentions:";
            for a in acts.iter().take(5) {
                out += &format!("\n   • {a}");
            }
        }
    }
    out
}
