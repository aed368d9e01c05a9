//! The client app: one resource with everything the screens need ([`Client`]), the network
//! system that feeds the model and sends what the screens queued, and reconnecting after a drop.

use std::sync::Arc;

use bevy::prelude::*;
use entente_shared::protocol::{ClientMsg, Role, ServerMsg};
use entente_shared::scenario::Scenario;

use crate::folders::Folders;
use crate::lens::LensMode;
use crate::map::layout::Layout;
use crate::model::{Ended, Model};
use crate::net::{ConnectSettings, Connection, backoff, fetch_ticket};
use crate::orders::Builder;
use entente_shared::protocol::ticket::{Ticket, TicketError};
use std::sync::Mutex;
use std::sync::mpsc::{Receiver, TryRecvError};

/// Where the connection stands.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Link {
    /// Not connected; the connect screen shows.
    #[default]
    Idle,
    /// Opening the connection (the hello goes once it is up).
    Connecting { since: f64 },
    /// Connected and the hello sent.
    Connected,
    /// Lost; trying again at `next` (seconds on the app clock).
    Reconnecting { attempt: u32, next: f64 },
}

/// Which panel the left side shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tab {
    #[default]
    Seats,
    Orders,
    Results,
    Diplomacy,
    Lens,
    Host,
}

/// What the screens keep between frames.
#[derive(Debug, Default)]
pub struct UiState {
    pub tab: Tab,
    pub typed_order: String,
    /// What the parser said about the typed order.
    pub typed_feedback: Option<Result<String, String>>,
    /// The last hint from a click on the map.
    pub click_hint: Option<String>,
    pub lens: LensMode,
    /// Whose lens (the host may look at any state's).
    pub lens_state: Option<String>,
    /// The resolved phase shown on the map (index into `model.results`), when stepping.
    pub result_step: Option<usize>,
    pub press_to: String,
    pub press_text: String,
    pub conversation: String,
    pub propose_to: String,
    pub propose_against: String,
    pub extend_secs: u32,
    /// Where the last debrief was saved on this machine.
    pub report_path: Option<String>,
    /// A province to show as hovered (the autotest's stand-in for the mouse).
    pub hover_override: Option<u16>,
    /// The province under the mouse.
    pub hovered: Option<u16>,
    /// Zoom the map to our units and centres (the "Find me" button).
    pub zoom_to_me: bool,
    /// The order list the last submission sent (to tell the player the server has them).
    pub submitted: Option<Vec<String>>,
    /// Do not open the results view by itself after each phase.
    pub quiet_results: bool,
    /// The tab to go back to when the results view closes.
    pub return_tab: Option<Tab>,
    /// The text of the port field on the connect screen, as typed.
    pub port_text: Option<String>,
    /// The reason typed for the answer to a proposal, by proposal id.
    pub answer_reasons: std::collections::HashMap<u64, String>,
    /// The legend folded to its title (false) or open (true) by a click; none: open where it
    /// hides no province, folded otherwise.
    pub legend_open: Option<bool>,
    /// We told the server we are ready (in the lobby).
    pub ready_sent: bool,
    /// A scripted run: the mouse pointer (wherever the X server left it) hovers nothing.
    pub scripted: bool,
    /// Proposals put off to the Diplomacy tab (not shown over the map).
    pub later: std::collections::HashSet<u64>,
}

/// Everything the client knows and shows.
#[derive(Resource)]
pub struct Client {
    pub settings: ConnectSettings,
    pub model: Model,
    pub scenario: Option<Arc<Scenario>>,
    pub layout: Option<Arc<Layout>>,
    /// Bumped when the scenario (and so the drawn map) changes.
    pub map_generation: u64,
    pub builder: Builder,
    pub ui: UiState,
    pub link: Link,
    /// Messages the screens queued for the server.
    pub outbox: Vec<ClientMsg>,
    /// Why the last connection failed, for the connect screen.
    pub connect_error: Option<String>,
    /// The state to sit at once admitted (from `--seat`).
    pub want_seat: Option<String>,
    /// The app clock, in seconds.
    pub now: f64,
    /// The scenario source the map was loaded from.
    pub loaded_source: String,
    /// Failed reconnection attempts in a row.
    pub reconnect_attempts: u32,
    /// Open a received debrief in the browser (not in scripted runs).
    pub open_reports: bool,
    /// Where settings are remembered and debriefs saved.
    pub folders: Folders,
}

/// What the ticket desk answered (fetched on a thread of its own).
type TicketAnswer = Result<Ticket, TicketError>;

impl Default for Client {
    fn default() -> Self {
        Client {
            settings: ConnectSettings::default(),
            model: Model::default(),
            scenario: None,
            layout: None,
            map_generation: 0,
            builder: Builder::default(),
            ui: UiState::default(),
            link: Link::Idle,
            outbox: Vec::new(),
            connect_error: None,
            want_seat: None,
            now: 0.0,
            loaded_source: String::new(),
            reconnect_attempts: 0,
            open_reports: true,
            folders: Folders::default(),
        }
    }
}

/// The live connection (kept apart from [`Client`] so that the screens never touch sockets).
#[derive(Resource, Default)]
pub struct Net {
    pub conn: Option<Connection>,
    /// The ticket being fetched.
    ticket: Option<Mutex<Receiver<TicketAnswer>>>,
}

impl Client {
    /// Queues a message for the server.
    pub fn send(&mut self, msg: ClientMsg) {
        self.outbox.push(msg);
    }

    /// Starts connecting with the current settings (from the connect screen or the command line).
    pub fn connect(&mut self) {
        self.settings.save(&self.folders);
        self.connect_error = None;
        self.model = Model::default();
        self.link = Link::Connecting { since: self.now };
    }

    /// Our state, or the state whose lens the host chose.
    pub fn lens_state(&self) -> Option<String> {
        self.ui
            .lens_state
            .clone()
            .or_else(|| self.model.seat.clone())
    }

    /// Takes a message from the server, loading the scenario when the welcome names it.
    pub fn receive(&mut self, msg: ServerMsg) {
        let welcome_source = match &msg {
            ServerMsg::Welcome {
                scenario_source, ..
            } => Some(scenario_source.clone()),
            _ => None,
        };
        let sat_down = matches!(&msg, ServerMsg::Role { seat: Some(_), .. });
        let resolved = matches!(&msg, ServerMsg::PhaseResult { orders, .. } if !orders.is_empty());
        let new_phase = match &msg {
            ServerMsg::Phase { phase, .. } => phase != &self.model.phase,
            _ => false,
        };
        let now = self.now;
        self.model.apply(msg, now);
        if sat_down && self.ui.tab == Tab::Seats && self.model.under_way() {
            self.ui.tab = Tab::Orders;
        }
        if resolved && !self.ui.quiet_results && self.model.joined() {
            self.open_results(self.model.results.len() - 1);
        }
        if new_phase {
            // Orders drafted for the phase that ended are stale.
            self.builder.pending.clear();
            self.builder.cancel();
            self.ui.typed_feedback = None;
            self.ui.click_hint = None;
        }
        if let Some(source) = welcome_source {
            self.reconnect_attempts = 0;
            if self.loaded_source != source || self.layout.is_none() {
                self.loaded_source = source.clone();
                match Scenario::load(&source) {
                    Ok(s) => {
                        self.layout = Some(Arc::new(Layout::of(&s)));
                        self.scenario = Some(Arc::new(s));
                        self.map_generation += 1;
                    }
                    Err(e) => {
                        self.model.say(
                            format!(
                                "This client cannot load the server's scenario `{source}` ({e}); \
                                 the map cannot be drawn, the lists still work."
                            ),
                            now,
                        );
                    }
                }
            }
            if let Some(seat) = self.want_seat.take()
                && self.model.seat.as_deref() != Some(seat.as_str())
            {
                self.send(ClientMsg::TakeSeat { state: seat });
            }
            self.ui.tab = if self.model.seat.is_some() {
                Tab::Orders
            } else {
                Tab::Seats
            };
        }
    }

    /// Shows resolved phase `step` on the map and its list in the side panel.
    pub fn open_results(&mut self, step: usize) {
        if step >= self.model.results.len() {
            return;
        }
        if self.ui.result_step.is_none() && self.ui.tab != Tab::Results {
            self.ui.return_tab = Some(self.ui.tab);
        }
        self.ui.result_step = Some(step);
        self.ui.tab = Tab::Results;
    }

    /// Back to the running phase (Enter or Esc in the results view), and to the tab the player
    /// was on.
    pub fn close_results(&mut self) {
        self.ui.result_step = None;
        if self.ui.tab == Tab::Results
            && let Some(t) = self.ui.return_tab.take()
        {
            self.ui.tab = t;
        }
        self.ui.return_tab = None;
    }

    /// After the builder put `order` in the pending list (which was `before`): keeps it when the
    /// shared rules accept it on this board, else puts the list back and gives the reason the
    /// server would give.
    pub fn vet(&mut self, before: Vec<String>, order: &str) -> Result<(), String> {
        let (Some(scenario), Some(me)) = (&self.scenario, &self.model.seat) else {
            return Ok(());
        };
        let why = crate::orders::refusal(
            scenario,
            &self.model.board,
            &self.model.phase,
            me,
            &self.builder.pending,
            order,
        );
        match why {
            Some(why) => {
                self.builder.pending = before;
                Err(why)
            }
            None => Ok(()),
        }
    }

    /// Reads a typed order and adds it when the rules accept it (the reason when not).
    pub fn type_order(&mut self, text: &str) -> Result<String, String> {
        let Some(scenario) = self.scenario.clone() else {
            return Err("the map is not loaded".into());
        };
        let before = self.builder.pending.clone();
        let order = self.builder.type_order(text, &scenario)?;
        self.vet(before, &order)?;
        Ok(order)
    }

    /// Whether the player gives orders now.
    pub fn seated(&self) -> bool {
        matches!(self.model.role, Some(Role::Player | Role::SeatedHost))
    }
}

/// How long to wait for the transport before calling a connection attempt failed.
const CONNECT_TIMEOUT: f64 = 15.0;

/// Moves packets, feeds the model, sends the outbox, and reconnects after a drop.
pub fn network(mut client: ResMut<Client>, mut net: ResMut<Net>, time: Res<Time<Real>>) {
    client.now = time.elapsed_secs_f64();
    let now = client.now;
    let dt = time.delta();
    match client.link.clone() {
        Link::Idle => {
            if let Some(mut c) = net.conn.take() {
                c.disconnect();
            }
            net.ticket = None;
        }
        Link::Connecting { mut since } => {
            if net.conn.is_none() {
                let server = match client.settings.address() {
                    Ok(a) => a,
                    Err(e) => {
                        client.connect_error = Some(e);
                        client.link = Link::Idle;
                        return;
                    }
                };
                // First the ticket desk (TCP), on a thread so that the window stays alive.
                let Some(rx) = &net.ticket else {
                    let (tx, rx) = std::sync::mpsc::channel();
                    let code = client.settings.code.clone();
                    std::thread::spawn(move || {
                        let _ = tx.send(fetch_ticket(server, &code));
                    });
                    net.ticket = Some(Mutex::new(rx));
                    return;
                };
                let answer = match rx.lock().map(|r| r.try_recv()) {
                    Ok(Ok(a)) => a,
                    Ok(Err(TryRecvError::Empty)) => return,
                    _ => Err(TicketError::TimedOut(server)),
                };
                net.ticket = None;
                let opened = match answer {
                    Ok(ticket) => Connection::open(server, ticket),
                    Err(TicketError::Refused(why)) => {
                        // Wrong code, too many tries, another version: do not retry.
                        client.connect_error = Some(format!("The server refused: {why}"));
                        client.model.rejoin = None;
                        client.link = Link::Idle;
                        return;
                    }
                    Err(e) => Err(e.to_string()),
                };
                match opened {
                    Ok(c) => {
                        net.conn = Some(c);
                        // The clock starts with the socket (the first frames may be slow).
                        since = now;
                        client.link = Link::Connecting { since };
                    }
                    Err(e) => {
                        if client.model.rejoin.is_some() {
                            client.reconnect_attempts += 1;
                            let attempt = client.reconnect_attempts;
                            client.link = Link::Reconnecting {
                                attempt,
                                next: now + backoff(attempt).as_secs_f64(),
                            };
                        } else {
                            client.connect_error = Some(format!(
                                "Could not join at {}:{}: {e}",
                                client.settings.host, client.settings.port
                            ));
                            client.link = Link::Idle;
                        }
                        return;
                    }
                }
            }
            let conn = net.conn.as_mut().expect("opened");
            let _ = conn.update(dt);
            if conn.is_connected() {
                let hello = client.settings.hello(client.model.rejoin);
                conn.send(&hello);
                client.link = Link::Connected;
            } else if conn.is_disconnected() || now - since > CONNECT_TIMEOUT {
                let why = conn
                    .disconnect_reason()
                    .unwrap_or_else(|| "no answer".into());
                net.conn = None;
                if client.model.rejoin.is_some() {
                    client.reconnect_attempts += 1;
                    let attempt = client.reconnect_attempts;
                    client.link = Link::Reconnecting {
                        attempt,
                        next: now + backoff(attempt).as_secs_f64(),
                    };
                } else {
                    client.connect_error = Some(format!(
                        "Could not reach the server at {}:{} ({why}). Is it running, and is the \
                         address right?",
                        client.settings.host, client.settings.port
                    ));
                    client.link = Link::Idle;
                }
            }
        }
        Link::Connected => {
            let Some(conn) = net.conn.as_mut() else {
                client.link = Link::Idle;
                return;
            };
            for msg in std::mem::take(&mut client.outbox) {
                conn.send(&msg);
            }
            let msgs = conn.update(dt);
            let dropped = conn.is_disconnected();
            for msg in msgs {
                client.receive(msg);
            }
            if let Some(ended) = client.model.ended.clone() {
                // Refused or closed: do not come back by ourselves.
                if let Some(mut c) = net.conn.take() {
                    c.disconnect();
                }
                client.connect_error = Some(match ended {
                    Ended::Refused(r) => format!("The server refused: {r}"),
                    Ended::Closed(r) => format!("The server closed the game: {r}"),
                });
                client.model.rejoin = None;
                client.link = Link::Idle;
            } else if dropped {
                net.conn = None;
                client.model.say(
                    "The connection dropped; reconnecting to the same seat...".into(),
                    now,
                );
                client.link = Link::Reconnecting {
                    attempt: 0,
                    next: now + 0.5,
                };
            }
        }
        Link::Reconnecting { next, .. } => {
            if now >= next {
                // The model keeps the rejoin token: the hello takes the seat back.
                net.conn = None;
                client.link = Link::Connecting { since: now };
                client.ui.submitted = None;
            }
        }
    }
}
