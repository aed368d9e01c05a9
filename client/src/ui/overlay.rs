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
            .filter(|_| response.hovered())
            .and_then(cell_at)
    });
    client.ui.hovered = hovered;

    let painter = ui.painter_at(rect);
    let ppc = 1.0 / view.scale; // points per cell
    let map = &scenario.map;
    let board = shown_board(client).clone();

    // Supply centres: a ring a little above the label point.
    let unit_r = (ppc * 0.75).clamp(8.0, 16.0);
    for p in map.province_ids() {
        let i = p.index();
        if layout.area[i] == 0 {
            continue;
        }
        let a = anchor(&layout, view, i);
        if map.province(p).supply_centre {
            let c = a + egui::vec2(unit_r * 1.5, -unit_r * 0.9);
            let r = (unit_r * 0.45).max(3.5);
            painter.circle_filled(c, r, Color32::WHITE);
            painter.circle_stroke(c, r, Stroke::new(1.5, Color32::BLACK));
            painter.circle_filled(c, r * 0.4, Color32::BLACK);
        }
    }
    // Labels.
    let font = FontId::proportional((ppc * 0.55).clamp(9.0, 15.0));
    let show_labels = ppc >= 7.0;
    for p in map.province_ids() {
        let i = p.index();
        if layout.area[i] == 0 || (!show_labels && hovered != Some(p.0)) {
            continue;
        }
        let code = map.code(p).to_string();
        let a = anchor(&layout, view, i) + egui::vec2(0.0, unit_r + font.size * 0.6);
        let galley = painter.layout_no_wrap(code, font.clone(), Color32::BLACK);
        let r = Align2::CENTER_CENTER.anchor_size(a, galley.size());
        painter.rect_filled(
            r.expand(1.5),
            3.0,
            Color32::from_rgba_unmultiplied(255, 255, 255, 190),
        );
        painter.galley(r.min, galley, Color32::BLACK);
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
                Color32::from_rgb(0, 130, 40)
            } else if o.outcome.dislodged() {
                Color32::from_rgb(200, 0, 0)
            } else {
                Color32::from_rgb(230, 120, 0)
            };
            let failed = colour != Color32::from_rgb(0, 130, 40);
            if let Some(a) = orders::arrow(&o.order) {
                draw_arrow(&painter, &a, &at, colour, failed);
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
                draw_arrow(&painter, &a, &at, Color32::from_rgb(20, 20, 20), false);
            }
        }
    }
    // Legends.
    if client.ui.lens != LensMode::Off {
        lens_legend(
            &painter,
            rect,
            client.ui.lens,
            client.lens_state().as_deref(),
            client,
        );
    } else {
        owner_legend(&painter, rect, client, &board);
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
            "Showing the results of {} (green: done, orange ×: failed, red ring: dislodged). \
             Results tab: < Earlier, Later > to step, Now to return.",
            super::phase_words(&r.phase)
        );
        let galley = painter.layout(text, FontId::proportional(14.0), Color32::BLACK, 560.0);
        let r = egui::Rect::from_min_size(rect.left_top() + egui::vec2(10.0, 10.0), galley.size());
        painter.rect_filled(r.expand(6.0), 4.0, Color32::from_rgb(255, 236, 150));
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
    client.ui.click_hint = match client.builder.click(&code, &ctx) {
        Click::Chosen(_) => None,
        Click::Order(o) => Some(format!("Added: {o} (submit to send)")),
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

fn head(painter: &egui::Painter, from: Pos2, to: Pos2, colour: Color32, width: f32) {
    let d = (to - from).normalized();
    let n = egui::vec2(-d.y, d.x);
    let size = 6.0 + width * 2.0;
    let pts = vec![
        to,
        to - d * size + n * size * 0.5,
        to - d * size - n * size * 0.5,
    ];
    painter.add(Shape::convex_polygon(pts, colour, Stroke::NONE));
}

fn line(painter: &egui::Painter, a: Pos2, b: Pos2, colour: Color32, width: f32, dashed: bool) {
    // A light halo so that arrows read on any fill.
    painter.line_segment(
        [a, b],
        Stroke::new(
            width + 2.5,
            Color32::from_rgba_unmultiplied(255, 255, 255, 170),
        ),
    );
    if dashed {
        painter.extend(Shape::dashed_line(
            &[a, b],
            Stroke::new(width, colour),
            8.0,
            5.0,
        ));
    } else {
        painter.line_segment([a, b], Stroke::new(width, colour));
    }
}

/// Shortens a segment at both ends so that it does not cover the units.
fn trim(a: Pos2, b: Pos2, by: f32) -> (Pos2, Pos2) {
    let d = b - a;
    let len = d.length();
    if len < by * 2.5 {
        return (a, b);
    }
    let u = d / len;
    (a + u * by, b - u * by)
}

fn draw_arrow(
    painter: &egui::Painter,
    arrow: &Arrow,
    at: &dyn Fn(&str) -> Option<Pos2>,
    colour: Color32,
    failed: bool,
) {
    match arrow {
        Arrow::Move { from, to } => {
            if let (Some(a), Some(b)) = (at(from), at(to)) {
                let (a, b) = trim(a, b, 10.0);
                line(painter, a, b, colour, 3.0, failed);
                head(painter, a, b, colour, 3.0);
                if failed {
                    let m = b;
                    let s = 6.0;
                    painter.line_segment(
                        [m + egui::vec2(-s, -s), m + egui::vec2(s, s)],
                        Stroke::new(3.0, colour),
                    );
                    painter.line_segment(
                        [m + egui::vec2(-s, s), m + egui::vec2(s, -s)],
                        Stroke::new(3.0, colour),
                    );
                }
            }
        }
        Arrow::SupportMove { from, of, to } => {
            if let (Some(a), Some(o), Some(t)) = (at(from), at(of), at(to)) {
                let mid = o + (t - o) * 0.6;
                let (a, b) = trim(a, mid, 8.0);
                let c = if failed {
                    colour
                } else {
                    Color32::from_rgb(0, 110, 0)
                };
                line(painter, a, b, c, 2.0, true);
                painter.circle_filled(b, 4.0, c);
            }
        }
        Arrow::SupportHold { from, of } => {
            if let (Some(a), Some(o)) = (at(from), at(of)) {
                let (a, b) = trim(a, o, 12.0);
                let c = if failed {
                    colour
                } else {
                    Color32::from_rgb(0, 110, 0)
                };
                line(painter, a, b, c, 2.0, true);
                painter.circle_stroke(o, 16.0, Stroke::new(2.0, c));
            }
        }
        Arrow::Convoy { from, of, to } => {
            if let (Some(a), Some(o), Some(t)) = (at(from), at(of), at(to)) {
                let c = if failed {
                    colour
                } else {
                    Color32::from_rgb(20, 60, 200)
                };
                let mid = o + (t - o) * 0.5;
                let (a, b) = trim(a, mid, 8.0);
                line(painter, a, b, c, 2.0, true);
                painter.circle_stroke(b, 5.0, Stroke::new(2.0, c));
            }
        }
        Arrow::Hold { at: p } => {
            if let Some(a) = at(p) {
                let r = egui::Rect::from_center_size(a, egui::vec2(30.0, 30.0));
                painter.rect_stroke(r, 3.0, Stroke::new(2.5, colour), egui::StrokeKind::Middle);
            }
        }
        Arrow::Build { at: p } => {
            if let Some(a) = at(p) {
                painter.circle_stroke(a, 15.0, Stroke::new(3.0, Color32::from_rgb(0, 140, 0)));
                painter.text(
                    a,
                    Align2::CENTER_CENTER,
                    "+",
                    FontId::proportional(20.0),
                    Color32::from_rgb(0, 140, 0),
                );
            }
        }
        Arrow::Disband { at: p } => {
            if let Some(a) = at(p) {
                let s = 12.0;
                let c = Color32::from_rgb(200, 0, 0);
                painter.line_segment(
                    [a + egui::vec2(-s, -s), a + egui::vec2(s, s)],
                    Stroke::new(3.0, c),
                );
                painter.line_segment(
                    [a + egui::vec2(-s, s), a + egui::vec2(s, -s)],
                    Stroke::new(3.0, c),
                );
            }
        }
    }
}

/// Who is who: each state's colour, name and supply centres; ours marked.
fn owner_legend(
    painter: &egui::Painter,
    rect: egui::Rect,
    client: &Client,
    board: &entente_shared::protocol::Board,
) {
    let states = &client.model.states;
    if states.is_empty() {
        return;
    }
    let w = 190.0;
    let h = 28.0 + (states.len() as f32 + 2.0) * 18.0;
    let r = egui::Rect::from_min_size(
        rect.right_bottom() - egui::vec2(w + 10.0, h + 10.0),
        egui::vec2(w, h),
    );
    painter.rect_filled(r, 4.0, Color32::from_rgba_unmultiplied(255, 255, 255, 225));
    painter.text(
        r.min + egui::vec2(8.0, 6.0),
        Align2::LEFT_TOP,
        "States (centres)",
        FontId::proportional(14.0),
        Color32::BLACK,
    );
    let mut rows: Vec<(String, [u8; 3], String)> = states
        .iter()
        .map(|s| {
            let n = board.centres.iter().filter(|(_, o)| o == &s.code).count();
            let you = if client.model.seat.as_deref() == Some(s.code.as_str()) {
                " (you)"
            } else {
                ""
            };
            (
                format!("{} {n}{you}", s.name),
                crate::model::parse_hex(&s.colour).unwrap_or([128, 128, 128]),
                s.code.clone(),
            )
        })
        .collect();
    rows.push(("unowned land".into(), crate::map::NEUTRAL, String::new()));
    rows.push(("sea".into(), crate::map::SEA, String::new()));
    for (i, (label, c, code)) in rows.iter().enumerate() {
        let y = r.min.y + 28.0 + i as f32 * 18.0;
        let sw = egui::Rect::from_min_size(Pos2::new(r.min.x + 8.0, y), egui::vec2(22.0, 13.0));
        painter.rect_filled(sw, 2.0, rgb(*c));
        painter.rect_stroke(
            sw,
            2.0,
            Stroke::new(1.0, Color32::DARK_GRAY),
            egui::StrokeKind::Inside,
        );
        let mine = !code.is_empty() && client.model.seat.as_deref() == Some(code.as_str());
        let font = FontId::proportional(13.0);
        let colour = if mine {
            Color32::from_rgb(0, 60, 160)
        } else {
            Color32::BLACK
        };
        painter.text(
            Pos2::new(sw.max.x + 8.0, y),
            Align2::LEFT_TOP,
            label,
            font,
            colour,
        );
    }
}

fn lens_legend(
    painter: &egui::Painter,
    rect: egui::Rect,
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
    let has = me.is_some_and(|s| client.model.lenses.contains_key(s));
    let w = 230.0;
    let h = 30.0 + items.len() as f32 * 20.0 + if has { 0.0 } else { 20.0 };
    let r = egui::Rect::from_min_size(
        rect.right_bottom() - egui::vec2(w + 10.0, h + 10.0),
        egui::vec2(w, h),
    );
    painter.rect_filled(r, 4.0, Color32::from_rgba_unmultiplied(255, 255, 255, 230));
    painter.text(
        r.min + egui::vec2(8.0, 6.0),
        Align2::LEFT_TOP,
        title,
        FontId::proportional(14.0),
        Color32::BLACK,
    );
    for (i, (label, c)) in items.iter().enumerate() {
        let y = r.min.y + 30.0 + i as f32 * 20.0;
        let sw = egui::Rect::from_min_size(Pos2::new(r.min.x + 8.0, y), egui::vec2(28.0, 14.0));
        painter.rect_filled(sw, 2.0, rgb(*c));
        painter.text(
            Pos2::new(sw.max.x + 8.0, y),
            Align2::LEFT_TOP,
            label,
            FontId::proportional(13.0),
            Color32::BLACK,
        );
    }
    if !has {
        painter.text(
            Pos2::new(r.min.x + 8.0, r.max.y - 20.0),
            Align2::LEFT_TOP,
            "(the lens arrives when a movement phase begins)",
            FontId::proportional(11.0),
            Color32::DARK_GRAY,
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
