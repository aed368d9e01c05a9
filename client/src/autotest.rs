//! `--autotest DIR`: joins, takes the seat, gives orders by clicks and by typing, submits, turns
//! the lens on, saves numbered screenshots to DIR and exits (0 when every step was done). The
//! screenshot test (`tests/screens.rs`) runs the client this way under `xvfb-run`.

use std::path::PathBuf;

use bevy::prelude::*;
use bevy::render::view::screenshot::{Screenshot, save_to_disk};
use entente_shared::protocol::{ClientMsg, HostCommand, SessionState};

use crate::app::{Client, Tab};
use crate::lens::{self, LensMode};
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
        }
    }
}

fn shoot(commands: &mut Commands, test: &mut Autotest, name: &str) {
    let path = test.dir.join(name);
    let _ = std::fs::remove_file(&path);
    commands
        .spawn(Screenshot::primary_window())
        .observe(save_to_disk(path.clone()));
    test.pending = Some(path);
}

pub fn autotest(
    mut commands: Commands,
    mut test: ResMut<Autotest>,
    mut client: ResMut<Client>,
    mut exit: MessageWriter<AppExit>,
) {
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
            shoot(&mut commands, &mut test, "00-refused.png");
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
                test.step = Step::HostWait;
            }
        }
        Step::HostWait => {
            // The host gets every seat's lens when a movement phase begins.
            if client.model.session == Some(SessionState::Lobby) && !test.ready_sent {
                client.send(ClientMsg::Host(HostCommand::Start));
                test.ready_sent = true;
            } else if client.model.lenses.is_empty() && !test.ready_sent {
                client.send(ClientMsg::Host(HostCommand::ResolveNow));
                test.ready_sent = true;
            }
            let mut states: Vec<String> = client.model.lenses.keys().cloned().collect();
            states.sort();
            if let Some(s) = states.into_iter().find(|s| s != "FRANCE") {
                client.ui.lens_state = Some(s);
                client.ui.lens = LensMode::ThreatToUs;
                client.ui.tab = Tab::Lens;
                test.wait = 20;
                test.step = Step::HostLensShoot;
            }
        }
        Step::HostLensShoot => {
            shoot(
                &mut commands,
                &mut test,
                "05-host-lens-of-another-state.png",
            );
            test.step = Step::HostReport;
        }
        Step::HostReport => {
            if client.model.report.is_none() && !test.report_asked {
                client.send(ClientMsg::Host(HostCommand::WriteReport));
                test.report_asked = true;
            }
            if client.ui.report_path.is_some() {
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
            shoot(&mut commands, &mut test, "06-host-panel-and-debrief.png");
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
                    client.ui.tab = Tab::Orders;
                    test.step = Step::Orders;
                    test.wait = 10;
                }
            }
        }
        Step::Orders => {
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
                let _ = client
                    .builder
                    .type_order(&format!("{} {} H", u.kind, u.at), &scenario);
            }
            if let Some(other) = client.model.board.units.iter().find(|u| u.state != me) {
                let text = format!("{} {} H", other.kind, other.at);
                client.ui.typed_feedback = Some(client.builder.type_order(&text, &scenario));
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
            shoot(&mut commands, &mut test, "01-map-orders.png");
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
                client.ui.result_step = Some(client.model.results.len() - 1);
                client.ui.tab = Tab::Orders;
                test.step = Step::ShotResults1;
                test.wait = 20;
            }
        }
        Step::ShotResults1 => {
            shoot(&mut commands, &mut test, "02-results-and-refusal.png");
            test.step = Step::ShotLens;
        }
        Step::ShotLens => {
            let me = client.model.seat.clone().unwrap_or_default();
            let Some(l) = client.model.lenses.get(&me).cloned() else {
                return; // waits (within the timeout) for the lens
            };
            client.ui.lens = LensMode::ThreatToUs;
            client.ui.tab = Tab::Lens;
            client.ui.result_step = None;
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
            shoot(&mut commands, &mut test, "03-lens-threat-to-us.png");
            test.step = Step::ShotLensThem;
        }
        Step::ShotLensThem => {
            client.ui.lens = LensMode::OurThreatToThem;
            test.wait = 20;
            test.step = Step::ShotResults;
        }
        Step::ShotResults => {
            shoot(&mut commands, &mut test, "04-lens-how-they-see-us.png");
            test.step = Step::Diplomacy;
        }
        Step::Diplomacy => {
            // Press to everyone and a proposal to a computer state, which answers at once.
            client.ui.lens = LensMode::Off;
            client.ui.hover_override = None;
            // And the map zoomed to us ("Find me").
            client.ui.zoom_to_me = true;
            client.ui.tab = Tab::Diplomacy;
            client.send(ClientMsg::Press {
                to: vec![],
                text: "France wants peace in the west.".into(),
            });
            client.send(ClientMsg::ProposeAlliance {
                to: "GERMANY".into(),
                against: "ENGLAND".into(),
            });
            client.model.sent_proposal(
                "GERMANY".into(),
                entente_shared::protocol::ProposalKind::Alliance {
                    against: "ENGLAND".into(),
                },
            );
            client.ui.propose_to = "GERMANY".into();
            client.ui.propose_against = "ENGLAND".into();
            test.step = Step::DiplomacyWait;
        }
        Step::DiplomacyWait => {
            let answered = client
                .model
                .proposals
                .iter()
                .any(|p| p.status != crate::model::ProposalStatus::Waiting);
            let pressed = client.model.press.values().any(|v| !v.is_empty());
            if answered && pressed {
                test.wait = 20;
                test.step = Step::DiplomacyShoot;
            }
        }
        Step::DiplomacyShoot => {
            shoot(&mut commands, &mut test, "04b-diplomacy.png");
            test.step = Step::Done;
        }
        Step::Done => {
            println!("autotest: done");
            exit.write(AppExit::Success);
        }
    }
}
