//! `--autotest DIR`: joins, takes the seat, answers a proposal to it (with
//! `--autotest-proposal`), gives orders by clicks and by typing, submits, reads the results view
//! that opens by itself, turns the lens on, saves numbered screenshots to DIR and exits (0 when
//! every step was done). As the host: another state's lens, the debrief, every seat's orders
//! without a seat, and the clock while paused; or (`--autotest-lobby`) the lobby's ready states. Next to each screenshot a JSON file says where
//! things are on it (every province's label point, the results' arrows) for the test to check
//! the pixels. The screenshot test (`tests/screens.rs`) runs the client this way under
//! `xvfb-run`.

use std::path::PathBuf;

use bevy::prelude::*;
use bevy::render::view::screenshot::{Screenshot, save_to_disk};
use bevy::window::PrimaryWindow;
use entente_shared::protocol::{ClientMsg, HostCommand, SessionState};
use serde::Serialize;

use crate::app::{Client, Tab};
use crate::lens::{self, LensMode};
use crate::map::View;
use crate::model::{ProposalStatus, Readiness};
use crate::orders::{Mode, province_of};
use crate::ui::overlay_click;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    Join,
    Orders,
    WaitAccepted,
    ShotMap,
    Submit,
    ShotResults1,
    ShotLens,
    ShotLensShoot,
    ShotLensThem,
    ShotResults,
    Done,
    Refused,
    Diplomacy,
    DiplomacyWait,
    DiplomacyShoot,
    HostWait,
    HostLensShoot,
    HostReport,
    HostReportShoot,
    WaitProposal,
    ShotProposal,
    WaitAnswered,
    ShotAnswered,
    HostOrders,
    HostOrdersShoot,
    HostPause,
    HostPausedShoot,
    HostPausedLater,
    HostPausedLaterShoot,
    HostLobby,
    HostLobbyShoot,
}

/// Where things are on a screenshot, in the screenshot's pixels.
#[derive(Debug, Default, Serialize)]
pub struct Geometry {
    /// Every drawn province's label point (its unit and name are drawn there), by code.
    pub anchors: Vec<(String, [f32; 2])>,
    /// The results' orders on the map: (order, succeeded, from, to) for moves.
    pub moves: Vec<(String, bool, [f32; 2], [f32; 2])>,
    /// The map area.
    pub area: [f32; 4],
    /// Where the map's grid of cells is drawn (min x, min y, max x, max y).
    pub map: [f32; 4],
    /// The colours the states are drawn in, by code.
    pub colours: Vec<(String, [u8; 3])>,
}

#[derive(Resource)]
pub struct Autotest {
    pub dir: PathBuf,
    pub timeout: f64,
    step: Step,
    /// Frames to wait before the next action.
    wait: u32,
    /// The screenshot being written, if any.
    pending: Option<PathBuf>,
    ready_sent: bool,
    report_asked: bool,
    pub started: Option<f64>,
    /// Wait for a proposal to our seat and answer it (the test has a bot propose one).
    pub expect_proposal: bool,
    /// As the host: photograph the lobby's ready states (once a seat is ready and another is
    /// not) and stop, without starting the game.
    pub lobby: bool,
    /// When a step began waiting (app seconds).
    since: f64,
    pause_sent: bool,
}

impl Autotest {
    pub fn new(dir: PathBuf, timeout: f64) -> Autotest {
        Autotest {
            dir,
            timeout,
            step: Step::Join,
            wait: 0,
            pending: None,
            ready_sent: false,
            report_asked: false,
            started: None,
            expect_proposal: false,
            lobby: false,
            since: 0.0,
            pause_sent: false,
        }
    }
}

/// Where the provinces and the results' arrows are on screen now.
fn geometry(client: &Client, view: &View, scale: f32) -> Geometry {
    let (Some(layout), Some(scenario)) = (&client.layout, &client.scenario) else {
        return Geometry::default();
    };
    let map = &scenario.map;
    let at = |code: &str| -> Option<[f32; 2]> {
        let p = map.find(province_of(code))?;
        (layout.area[p.index()] > 0).then(|| {
            let a = layout.anchors[p.index()];
            let v = view.cell_to_screen(Vec2::new(a[0], a[1])) * scale;
            [v.x, v.y]
        })
    };
    let anchors = map
        .province_ids()
        .filter_map(|p| at(map.code(p)).map(|a| (map.code(p).to_string(), a)))
        .collect();
    let mut moves = Vec::new();
    if let Some(r) = client
        .ui
        .result_step
        .and_then(|i| client.model.results.get(i))
    {
        for o in &r.orders {
            if let Some(crate::orders::Arrow::Move { from, to }) = crate::orders::arrow(&o.order)
                && let (Some(a), Some(b)) = (at(&from), at(&to))
            {
                moves.push((o.order.clone(), o.outcome.succeeded(), a, b));
            }
        }
    }
    Geometry {
        anchors,
        moves,
        map: {
            let lo = view.cell_to_screen(Vec2::ZERO) * scale;
            let hi =
                view.cell_to_screen(Vec2::new(layout.width as f32, layout.height as f32)) * scale;
            [lo.x, lo.y, hi.x, hi.y]
        },
        area: [
            view.area_min.x * scale,
            view.area_min.y * scale,
            view.area_max.x * scale,
            view.area_max.y * scale,
        ],
        colours: client
            .model
            .states
            .iter()
            .filter_map(|s| Some((s.code.clone(), client.model.state_colour(&s.code)?)))
            .collect(),
    }
}

fn shoot(commands: &mut Commands, test: &mut Autotest, name: &str, geometry: Geometry) {
    let path = test.dir.join(name);
    let _ = std::fs::remove_file(&path);
    if let Ok(text) = serde_json::to_string_pretty(&geometry) {
        let _ = std::fs::write(path.with_extension("json"), text);
    }
    commands
        .spawn(Screenshot::primary_window())
        .observe(save_to_disk(path.clone()));
    test.pending = Some(path);
}

pub fn autotest(
    mut commands: Commands,
    mut test: ResMut<Autotest>,
    mut client: ResMut<Client>,
    view: Res<View>,
    window: Query<&Window, With<PrimaryWindow>>,
    mut exit: MessageWriter<AppExit>,
) {
    let scale = window.single().map(|w| w.scale_factor()).unwrap_or(1.0);
    let geo = |c: &Client| geometry(c, &view, scale);
    let now = client.now;
    let started = *test.started.get_or_insert(now);
    if now - started > test.timeout {
        eprintln!(
            "autotest: gave up after {:.0} s at step {:?}; notices: {:?}; error: {:?}",
            test.timeout, test.step, client.model.notices, client.connect_error
        );
        exit.write(AppExit::from_code(2));
        return;
    }
    if test.wait > 0 {
        test.wait -= 1;
        return;
    }
    if let Some(err) = client.connect_error.clone() {
        // Refused or unreachable: a picture of the connect screen with the reason, then fail.
        if test.step != Step::Refused {
            eprintln!("autotest: {err}");
            test.step = Step::Refused;
            test.wait = 10;
            return;
        }
        if test.pending.is_none() && !test.dir.join("00-refused.png").exists() {
            shoot(
                &mut commands,
                &mut test,
                "00-refused.png",
                Geometry::default(),
            );
            return;
        }
        if test
            .pending
            .as_ref()
            .is_some_and(|p| std::fs::metadata(p).is_ok_and(|m| m.len() > 0))
        {
            println!("autotest: saved the refusal");
            exit.write(AppExit::from_code(3));
        }
        return;
    }
    if let Some(p) = test.pending.clone() {
        if std::fs::metadata(&p).is_ok_and(|m| m.len() > 0) {
            println!("autotest: saved {}", p.display());
            test.pending = None;
            test.wait = 3;
        }
        return;
    }
    let client = &mut *client;
    match test.step {
        Step::Join if client.model.is_host() && client.model.seat.is_none() => {
            if client.scenario.is_some() && client.model.session.is_some() {
                test.step = if test.lobby {
                    Step::HostLobby
                } else {
                    Step::HostWait
                };
            }
        }
        Step::HostLobby => {
            // The Host tab in the lobby: each seat's readiness, once the test's bots have sat
            // down, one of them ready.
            let has = |r: Readiness| client.model.seats.iter().any(|s| Readiness::of(s) == r);
            if client.model.session == Some(SessionState::Lobby)
                && has(Readiness::Ready)
                && has(Readiness::NotYet)
            {
                client.ui.tab = Tab::Host;
                test.wait = 20;
                test.step = Step::HostLobbyShoot;
            }
        }
        Step::HostLobbyShoot => {
            let g = geo(client);
            shoot(&mut commands, &mut test, "08-host-lobby.png", g);
            test.step = Step::Done;
        }
        Step::HostWait => {
            // The host gets every seat's lens when a movement phase begins.
            if client.model.session == Some(SessionState::Lobby) && !test.ready_sent {
                client.send(ClientMsg::Host(HostCommand::Start));
                test.ready_sent = true;
            } else if client.model.lenses.is_empty()
                && client.model.under_way()
                && now - test.since > 5.0
            {
                // Until a movement phase begins (a winter may come first), every 5 s.
                client.send(ClientMsg::Host(HostCommand::ResolveNow));
                test.since = now;
            }
            let mut states: Vec<String> = client.model.lenses.keys().cloned().collect();
            states.sort();
            if let Some(s) = states.into_iter().find(|s| s != "FRANCE") {
                client.close_results();
                client.ui.lens_state = Some(s);
                client.ui.lens = LensMode::ThreatToUs;
                client.ui.tab = Tab::Lens;
                test.wait = 20;
                test.step = Step::HostLensShoot;
            }
        }
        Step::HostLensShoot => {
            let g = geo(client);
            shoot(
                &mut commands,
                &mut test,
                "05-host-lens-of-another-state.png",
                g,
            );
            test.step = Step::HostReport;
        }
        Step::HostReport => {
            if client.model.report.is_none() && !test.report_asked {
                client.send(ClientMsg::Host(HostCommand::WriteReport));
                test.report_asked = true;
            }
            if client.ui.report_path.is_some() {
                client.close_results();
                client.ui.tab = Tab::Host;
                client.ui.lens = LensMode::Off;
                test.wait = 20;
                test.step = Step::HostReportShoot;
            }
        }
        Step::HostReportShoot => {
            println!(
                "autotest: debrief at {}",
                client.ui.report_path.clone().unwrap_or_default()
            );
            let g = geo(client);
            shoot(&mut commands, &mut test, "06-host-panel-and-debrief.png", g);
            test.step = Step::HostOrders;
            test.since = now;
        }
        Step::HostOrders => {
            // Every seat's orders, without a seat: wait for a few seats' orders to come in.
            client.close_results();
            client.ui.tab = Tab::Orders;
            let given = client
                .model
                .orders_by_seat()
                .iter()
                .filter(|(_, o)| o.is_some())
                .count();
            if given >= 3 || now - test.since > 15.0 {
                println!("autotest: the host sees {given} seats' orders");
                test.wait = 20;
                test.step = Step::HostOrdersShoot;
            }
        }
        Step::HostOrdersShoot => {
            let g = geo(client);
            shoot(
                &mut commands,
                &mut test,
                "05b-host-orders-without-a-seat.png",
                g,
            );
            test.step = Step::HostPause;
        }
        Step::HostPause => {
            if client.model.session == Some(SessionState::Playing) && !test.pause_sent {
                client.send(ClientMsg::Host(HostCommand::Pause));
                test.pause_sent = true;
            }
            if client.model.session == Some(SessionState::Paused) {
                client.close_results();
                client.ui.tab = Tab::Host;
                test.wait = 30;
                test.step = Step::HostPausedShoot;
            }
        }
        Step::HostPausedShoot => {
            let g = geo(client);
            shoot(&mut commands, &mut test, "07a-paused.png", g);
            test.step = Step::HostPausedLater;
            test.since = now;
        }
        Step::HostPausedLater => {
            // Three seconds later the paused clock must show the same time.
            if now - test.since >= 3.0 {
                test.step = Step::HostPausedLaterShoot;
            }
        }
        Step::HostPausedLaterShoot => {
            let g = geo(client);
            shoot(&mut commands, &mut test, "07b-paused-3s-later.png", g);
            client.send(ClientMsg::Host(HostCommand::Resume));
            test.step = Step::Done;
        }
        Step::Refused => {}
        Step::Join => {
            let seated = client.model.seat.is_some();
            if client.model.joined() && seated && client.scenario.is_some() {
                if client.model.session == Some(SessionState::Lobby) && !test.ready_sent {
                    client.send(ClientMsg::Ready);
                    test.ready_sent = true;
                }
                if client.model.session == Some(SessionState::Playing) && client.model.must_order()
                {
                    if test.expect_proposal {
                        test.step = Step::WaitProposal;
                        test.since = now;
                    } else {
                        client.ui.tab = Tab::Orders;
                        test.step = Step::Orders;
                        test.wait = 10;
                    }
                }
            }
        }
        Step::WaitProposal => {
            // The test's bot proposes an alliance to our seat: it shows over the map at once.
            if let Some(p) = client.model.waiting_proposals().next().cloned() {
                if let Some(id) = p.id {
                    client
                        .ui
                        .answer_reasons
                        .insert(id, "Yes: we watch Russia too.".into());
                }
                client.ui.tab = Tab::Diplomacy;
                test.wait = 20;
                test.step = Step::ShotProposal;
            } else if now - test.since > 60.0 {
                eprintln!("autotest: no proposal to our seat came in 60 s");
                exit.write(AppExit::from_code(5));
            }
        }
        Step::ShotProposal => {
            let g = geo(client);
            shoot(&mut commands, &mut test, "01a-proposal.png", g);
            test.step = Step::WaitAnswered;
            test.since = now;
        }
        Step::WaitAnswered => {
            let first = client.model.waiting_proposals().next().and_then(|p| p.id);
            if let Some(id) = first {
                let reason = client.ui.answer_reasons.remove(&id).unwrap_or_default();
                if let Some(msg) = client.model.answer(id, true, &reason) {
                    client.send(msg);
                }
            }
            let accepted = client
                .model
                .proposals
                .iter()
                .any(|p| p.id.is_some() && matches!(p.status, ProposalStatus::Accepted(_)));
            if accepted {
                test.wait = 30;
                test.step = Step::ShotAnswered;
                client.ui.tab = Tab::Diplomacy;
            } else if now - test.since > 30.0 {
                eprintln!("autotest: our answer was not confirmed in 30 s");
                exit.write(AppExit::from_code(5));
            }
        }
        Step::ShotAnswered => {
            let g = geo(client);
            shoot(&mut commands, &mut test, "01b-proposal-accepted.png", g);
            test.step = Step::Orders;
        }
        Step::Orders => {
            client.ui.tab = Tab::Orders;
            let scenario = client.scenario.clone().expect("loaded");
            let map = &scenario.map;
            let me = client.model.seat.clone().unwrap_or_default();
            let mine: Vec<_> = client
                .model
                .board
                .units
                .iter()
                .filter(|u| u.state == me)
                .cloned()
                .collect();
            // An army moves by two clicks (the unit, then an empty neighbour), another unit
            // supports the move by three clicks in support mode, a third holds by typing.
            let mut mine = mine;
            mine.sort_by_key(|u| u.kind != 'A');
            let reaches = |u: &entente_shared::protocol::UnitView,
                           q: entente_shared::map::ProvinceId| {
                let Some(p) = map.find(province_of(&u.at)) else {
                    return false;
                };
                if u.kind == 'A' {
                    map.army_borders(p, q)
                } else {
                    map.fleet_reaches(p.loc(), q)
                }
            };
            let occupied = |q: entente_shared::map::ProvinceId| {
                client
                    .model
                    .board
                    .units
                    .iter()
                    .any(|o| province_of(&o.at) == map.code(q))
            };
            let mut used = Vec::new();
            if let Some(u) = mine.first()
                && let Some(p) = map.find(province_of(&u.at))
            {
                let candidates: Vec<_> = map.any_neighbours()[p.index()]
                    .iter()
                    .copied()
                    .filter(|&q| reaches(u, q) && !occupied(q))
                    .collect();
                let helper = |q| mine.iter().skip(1).position(|v| reaches(v, q));
                let target = candidates
                    .iter()
                    .copied()
                    .find(|&q| helper(q).is_some())
                    .or_else(|| candidates.first().copied());
                client.builder.set_mode(Mode::Move);
                overlay_click(client, p.0);
                if let Some(t) = target {
                    overlay_click(client, t.0);
                    used.push(0);
                    if let Some(i) = helper(t) {
                        let v = mine[i + 1].clone();
                        let vp = map.find(province_of(&v.at)).expect("on the map");
                        client.builder.set_mode(Mode::Support);
                        overlay_click(client, vp.0);
                        overlay_click(client, p.0);
                        overlay_click(client, t.0);
                        client.builder.set_mode(Mode::Move);
                        used.push(i + 1);
                    }
                }
            }
            // One more by typing a hold; and one order the server will refuse (a unit of
            // another state), to show the refusal next to it.
            if let Some(u) = (0..mine.len())
                .find(|i| !used.contains(i))
                .map(|i| &mine[i])
            {
                let _ = client.type_order(&format!("{} {} H", u.kind, u.at));
            }
            if let Some(other) = client.model.board.units.iter().find(|u| u.state != me) {
                let text = format!("{} {} H", other.kind, other.at);
                // Refused here, with the reason the server would give, and not added.
                client.ui.typed_order = text.clone();
                client.ui.typed_feedback = Some(client.type_order(&text));
            }
            println!("autotest: orders {:?}", client.builder.pending);
            // Hover another state's centre for the tooltip (away from our arrows).
            if let (Some(s), Some(seat)) = (&client.scenario, &client.model.seat) {
                client.ui.hover_override = client
                    .model
                    .board
                    .centres
                    .iter()
                    .filter(|(_, owner)| owner != seat)
                    .max_by_key(|(p, _)| p == "EDI")
                    .and_then(|(p, _)| s.map.find(p))
                    .map(|p| p.0);
            }
            test.step = Step::ShotMap;
            test.wait = 20;
        }
        Step::ShotMap => {
            let g = geo(client);
            shoot(&mut commands, &mut test, "01-map-orders.png", g);
            test.step = Step::Submit;
        }
        Step::Submit => {
            client.ui.hover_override = None;
            client.send(ClientMsg::SubmitOrders {
                phase: client.model.phase.clone(),
                orders: client.builder.pending.clone(),
            });
            test.step = Step::WaitAccepted;
        }
        Step::WaitAccepted => {
            // Our seat is the only one people play: the phase resolves as soon as our orders
            // are in, so wait for the answer and the results.
            let me = client.model.seat.clone().unwrap_or_default();
            if let Some(o) = client.model.orders.get(&me)
                && !client.model.results.is_empty()
            {
                println!(
                    "autotest: accepted {:?}, refused {:?}",
                    o.accepted, o.refused
                );
                if client.ui.result_step.is_none() || client.ui.tab != Tab::Results {
                    eprintln!("autotest: the results view did not open by itself");
                    exit.write(AppExit::from_code(4));
                    return;
                }
                test.step = Step::ShotResults1;
                test.wait = 20;
            }
        }
        Step::ShotResults1 => {
            let g = geo(client);
            shoot(&mut commands, &mut test, "02-results.png", g);
            test.step = Step::ShotLens;
        }
        Step::ShotLens => {
            let me = client.model.seat.clone().unwrap_or_default();
            let Some(l) = client.model.lenses.get(&me).cloned() else {
                return; // waits (within the timeout) for the lens
            };
            // Enter closes the results view.
            client.close_results();
            client.ui.lens = LensMode::ThreatToUs;
            client.ui.tab = Tab::Lens;
            // Hover the greatest threat.
            let top = l
                .rows
                .iter()
                .max_by(|a, b| {
                    lens::view(a, LensMode::ThreatToUs)
                        .total
                        .total_cmp(&lens::view(b, LensMode::ThreatToUs).total)
                })
                .map(|r| r.state.clone());
            if let (Some(top), Some(s)) = (top, &client.scenario) {
                client.ui.hover_override = client
                    .model
                    .board
                    .centres
                    .iter()
                    .find(|(_, owner)| *owner == top)
                    .and_then(|(p, _)| s.map.find(p))
                    .map(|p| p.0);
            }
            test.wait = 20;
            test.step = Step::ShotLensShoot;
        }
        Step::ShotLensShoot => {
            let g = geo(client);
            shoot(&mut commands, &mut test, "03-lens-threat-to-us.png", g);
            test.step = Step::ShotLensThem;
        }
        Step::ShotLensThem => {
            client.ui.lens = LensMode::OurThreatToThem;
            test.wait = 20;
            test.step = Step::ShotResults;
        }
        Step::ShotResults => {
            let g = geo(client);
            shoot(&mut commands, &mut test, "04-lens-how-they-see-us.png", g);
            test.step = Step::Diplomacy;
        }
        Step::Diplomacy => {
            // Press to everyone and a proposal to a computer state, which answers at once.
            client.ui.lens = LensMode::Off;
            client.ui.hover_override = None;
            // And the map zoomed to us ("Find me").
            client.ui.zoom_to_me = true;
            client.ui.tab = Tab::Diplomacy;
            let me = client.model.seat.clone().unwrap_or_default();
            client.send(ClientMsg::Press {
                to: vec![],
                text: format!("{} wants peace.", client.model.state_name(&me)),
            });
            // To a state the computer plays (it answers at once), against another state of
            // this scenario.
            let to = client
                .model
                .seats
                .iter()
                .find(|s| s.computer && s.state != me)
                .map(|s| s.state.clone());
            let against = client
                .model
                .states
                .iter()
                .map(|s| s.code.clone())
                .find(|c| *c != me && Some(c) != to.as_ref());
            if let (Some(to), Some(against)) = (to, against) {
                client.send(ClientMsg::ProposeAlliance {
                    to: to.clone(),
                    against: against.clone(),
                });
                client.model.sent_proposal(
                    to.clone(),
                    entente_shared::protocol::ProposalKind::Alliance {
                        against: against.clone(),
                    },
                );
                client.ui.propose_to = to;
                client.ui.propose_against = against;
            }
            test.step = Step::DiplomacyWait;
        }
        Step::DiplomacyWait => {
            let answered = client.model.proposals.iter().any(|p| {
                p.id.is_some()
                    && p.from == client.model.seat.clone().unwrap_or_default()
                    && matches!(
                        p.status,
                        ProposalStatus::Accepted(_) | ProposalStatus::Refused(_)
                    )
            });
            let pressed = client.model.press.values().any(|v| !v.is_empty());
            if answered && pressed {
                test.wait = 20;
                test.step = Step::DiplomacyShoot;
            }
        }
        Step::DiplomacyShoot => {
            let g = geo(client);
            shoot(&mut commands, &mut test, "04b-diplomacy.png", g);
            test.step = Step::Done;
        }
        Step::Done => {
            println!("autotest: done");
            exit.write(AppExit::Success);
        }
    }
}
