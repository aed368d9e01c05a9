//! One match loop: the game, the ties between its states, the ledger of their acts and the rules
//! of alliances, in one [`Match`] driven by [`Command`]s that return [`Event`]s.
//!
//! Everything that plays a game drives this loop: the server's session, batches, `demo`,
//! `evaluate`, `report` and the bots. Who gives a command does not matter to it: a seat's people
//! and the computer players (hooks behind the [`ComputerPlayer`] trait, called only for the seats
//! they play) give the same commands, and a record of the commands is enough to replay a game
//! without asking any computer player again.
//!
//! The rules of alliances live here and nowhere else:
//! - the scenario's opening ties and remembered acts are where a match starts;
//! - a tie is made only by its members' own answers: a proposal to a seat waits for whoever plays
//!   that seat, and lapses, refused, when the phase ends unanswered;
//! - an attack on a partner (or the support of one) breaks the tie, and every state remembers it;
//! - an exit is announced, and remembered too;
//! - nobody allies with a state its alliances are aimed at, or with one tied to that state.

pub mod computer;
mod debrief;
pub mod measure;
pub mod posture;
pub mod views;
pub mod whole;

pub use computer::{
    ComputerPlayer, Doctrinal, Door, Seating, StandIn, answer_pending, begin_phase, give_orders,
    reconsider_ties,
};
pub use whole::{
    GameSummary, Player, betrayals, play_game, play_game_with, record_game, scenario_doctrines,
};

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::alignment::{Alignments, Stance};
use crate::doctrine::Doctrine;
use crate::record::GameRecord;
use crate::rules::{Game, Order, PhaseKind, PhaseReport};
use crate::scenario::StateId;
use crate::threat::from_game::{
    acts_of_phase_read, from_game, phase_time, scenario_alignments, scenario_ledger,
};
use crate::threat::{Act, ActKind, Ledger, StateSystem, ThreatMatrix};

/// The version of the engine, written at the head of every record.
pub const ENGINE: &str = concat!("entente ", env!("CARGO_PKG_VERSION"));

/// The shape of the commands in a record. A record of another shape is refused; a record of the
/// same shape from another engine version is replayed and checked phase by phase.
pub const RECORD_FORMAT: u32 = 3;

/// Most proposals one state may have waiting at once (a flood of proposals answers nothing).
pub const MAX_OPEN_PROPOSALS: usize = 8;

/// A proposal of a tie, waiting for the answer of whoever plays `to`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Proposal {
    pub id: u64,
    pub from: u8,
    pub to: u8,
    /// The state the alliance would be against; `None`: `from` asks to align with `to` as its
    /// patron (bandwagoning).
    pub against: Option<u8>,
    /// Why the proposer asks, in a sentence.
    pub reason: String,
}

/// What kind of tie.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum TieKind {
    /// Mutual defence against a common threat.
    Alliance,
    /// A junior follows a stronger patron (bandwagoning).
    Alignment,
}

/// A change of ties, for everyone to hear and the debrief to keep.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TieEvent {
    pub phase: String,
    pub kind: TieEventKind,
    pub a: usize,
    pub b: usize,
    /// What the tie was (or is) against, for an alliance.
    pub against: Option<usize>,
    /// The sentence that explains it.
    pub reason: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TieEventKind {
    /// `a` and `b` formed an alliance (proposed by `a`).
    Allied,
    /// `a` aligned with `b` as its patron.
    Aligned,
    /// `a` left its tie with `b` in good order.
    Left,
    /// `a` attacked its partner `b`, breaking the tie.
    Broken,
}

impl TieEventKind {
    /// The kind in one word: `allied`, `aligned`, `left`, `broken`.
    pub fn words(self) -> &'static str {
        match self {
            TieEventKind::Allied => "allied",
            TieEventKind::Aligned => "aligned",
            TieEventKind::Left => "left",
            TieEventKind::Broken => "broken",
        }
    }
}

/// One order as given, with the reason the giver had (none for people's orders).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GivenOrder {
    pub order: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// A computer state's reasoning about its ties in one phase, kept for the host and the debrief.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Considered {
    pub state: u8,
    pub doctrine: String,
    pub stance: Stance,
    /// Whether it acted on it (proposed, aligned or left).
    pub acted: bool,
    pub sentence: String,
    /// A partner it means to stab this phase (attack without leaving the tie first).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub betray: Option<u8>,
}

/// Everything that changes a match. Each is a line of the record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Command {
    /// A seat's orders for the phase, replacing the ones it gave before.
    Orders { state: u8, orders: Vec<GivenOrder> },
    /// A state's reasoning about its ties (changes nothing on the board).
    Considered(Considered),
    /// A state proposes a tie.
    Propose(Proposal),
    /// The proposal's receiver answers.
    Answer {
        id: u64,
        accept: bool,
        reason: String,
    },
    /// `state` leaves its tie with `partner`.
    Leave {
        state: u8,
        partner: u8,
        reason: String,
    },
    /// The phase is resolved.
    Resolve,
}

/// What a command did, for those who tell people about it.
#[derive(Debug, Clone)]
pub enum Event {
    /// A seat's orders are in: which stand and which were refused, and why.
    OrdersTaken {
        state: StateId,
        accepted: Vec<String>,
        refused: Vec<(String, String)>,
    },
    Considered(Considered),
    Proposed(Proposal),
    Answered {
        proposal: Proposal,
        accept: bool,
        reason: String,
    },
    Tie(TieEvent),
    /// The phase was resolved, with the acts it revealed.
    Resolved {
        report: Box<PhaseReport>,
        acts: Vec<Act>,
    },
}

/// Why a command cannot be carried out, in a sentence for the one who gave it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct Refusal(pub String);

/// The world as the theory sees it now: derived from the board and the ledger, kept until
/// something changes.
#[derive(Debug, Clone)]
pub struct Outlook {
    pub system: StateSystem,
    pub threats: ThreatMatrix,
}

/// One match.
#[derive(Clone)]
pub struct Match {
    game: Game,
    ties: Alignments,
    doctrines: Vec<&'static dyn Doctrine>,
    /// Every tie made, left or broken.
    events: Vec<TieEvent>,
    proposals: BTreeMap<u64, Proposal>,
    next_proposal: u64,
    /// The reasons of this phase's orders: (state, order as written, reason).
    reasons: Vec<(usize, String, String)>,
    /// The reasoning of this phase's computer states.
    considered: Vec<Considered>,
    /// This phase's orders taken by the rules, by their place in the phase's result, as read:
    /// the acts of the phase are found from them without reading their text again.
    read: Vec<Option<Order>>,
    outlook: Outlook,
    /// The debrief, kept as the match is played, when asked for.
    debrief: Option<Box<debrief::Debrief>>,
}

impl std::fmt::Debug for Match {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Match")
            .field("phase", &self.game.phase().to_string())
            .field("ties", &self.ties)
            .finish_non_exhaustive()
    }
}

impl std::fmt::Debug for dyn Doctrine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl Match {
    /// A match at the start of `game`'s scenario (or wherever `game` stands), with the scenario's
    /// opening ties and remembered acts, each state following the given doctrine. With
    /// `keep_debrief`, the match keeps the debrief's record as it is played.
    pub fn new(game: Game, doctrines: Vec<&'static dyn Doctrine>, keep_debrief: bool) -> Match {
        let scenario = game.scenario().clone();
        assert_eq!(
            doctrines.len(),
            scenario.states.len(),
            "one doctrine a state"
        );
        let ties = scenario_alignments(&scenario);
        let ledger = scenario_ledger(&scenario);
        let outlook = outlook(&game, ledger, &ties);
        let mut table = Match {
            game,
            ties,
            doctrines,
            events: Vec::new(),
            proposals: BTreeMap::new(),
            next_proposal: 1,
            reasons: Vec::new(),
            considered: Vec::new(),
            read: Vec::new(),
            outlook,
            debrief: None,
        };
        if keep_debrief {
            table.debrief = Some(Box::new(debrief::Debrief::begin(&table)));
        }
        table
    }

    pub fn game(&self) -> &Game {
        &self.game
    }
    /// The ties standing now.
    pub fn ties(&self) -> &Alignments {
        &self.ties
    }
    /// Every act on record. The outlook's system holds it (a match keeps one ledger, not a
    /// copy for each refresh of its outlook); acts recorded since the last refresh are in it too.
    pub fn ledger(&self) -> &Ledger {
        &self.outlook.system.ledger
    }
    /// Each state's doctrine, in the scenario's order.
    pub fn doctrines(&self) -> &[&'static dyn Doctrine] {
        &self.doctrines
    }
    /// Every tie made, left or broken so far.
    pub fn tie_events(&self) -> &[TieEvent] {
        &self.events
    }
    /// Proposals waiting for their answers.
    pub fn proposals(&self) -> impl Iterator<Item = &Proposal> {
        self.proposals.values()
    }
    pub fn proposal(&self, id: u64) -> Option<&Proposal> {
        self.proposals.get(&id)
    }
    /// The id the next proposal will get.
    pub fn next_proposal_id(&self) -> u64 {
        self.next_proposal
    }
    /// The world and every threat as they stand now.
    pub fn outlook(&self) -> &Outlook {
        &self.outlook
    }
    /// The computer states' reasoning of this phase.
    pub fn considered(&self) -> &[Considered] {
        &self.considered
    }

    /// The partner `state` means to stab this phase, if any.
    pub fn betrayal_planned(&self, state: usize) -> Option<usize> {
        self.considered
            .iter()
            .find(|c| c.state as usize == state)
            .and_then(|c| c.betray)
            .map(usize::from)
    }

    /// The ties as `state` plans by them: without the partner it means to stab.
    pub fn ties_seen_by(&self, state: usize) -> std::borrow::Cow<'_, Alignments> {
        match self.betrayal_planned(state) {
            Some(victim) => {
                let mut ties = self.ties.clone();
                ties.leave(state, victim);
                std::borrow::Cow::Owned(ties)
            }
            None => std::borrow::Cow::Borrowed(&self.ties),
        }
    }
    /// The debrief's record so far, when the match keeps one.
    pub fn debrief(&self) -> Option<&GameRecord> {
        self.debrief.as_ref().map(|d| &d.record)
    }
    /// Stops keeping the debrief (a world too large to keep one for).
    pub fn without_debrief(mut self) -> Match {
        self.debrief = None;
        self
    }

    fn name(&self, s: usize) -> &str {
        &self.game.scenario().states[s].name
    }

    /// Whether a command may be carried out now, and if not, why.
    pub fn check(&self, command: &Command) -> Result<(), Refusal> {
        let n = self.game.scenario().states.len();
        let state = |s: u8| {
            if (s as usize) < n {
                Ok(s as usize)
            } else {
                Err(Refusal(format!("there is no state number {s}")))
            }
        };
        let no = |why: String| Err(Refusal(why));
        match command {
            Command::Orders { state: s, .. } => state(*s).map(|_| ()),
            Command::Considered(c) => state(c.state).map(|_| ()),
            Command::Resolve => Ok(()),
            Command::Leave {
                state: s, partner, ..
            } => {
                let (s, p) = (state(*s)?, state(*partner)?);
                if !self.ties.are_allied(s, p) {
                    return no(format!("{} has no tie with {}", self.name(s), self.name(p)));
                }
                Ok(())
            }
            Command::Propose(p) => {
                let (from, to) = (state(p.from)?, state(p.to)?);
                if p.id != self.next_proposal {
                    return no(format!("proposal {} is out of turn", p.id));
                }
                if from == to {
                    return no("a state cannot ally with itself".into());
                }
                if self.ties.are_allied(from, to) {
                    return no(format!(
                        "{} is already a partner of {}",
                        self.name(to),
                        self.name(from)
                    ));
                }
                if self.proposals.values().filter(|q| q.from == p.from).count()
                    >= MAX_OPEN_PROPOSALS
                {
                    return no(format!(
                        "{} has {MAX_OPEN_PROPOSALS} proposals waiting: wait for their answers",
                        self.name(from)
                    ));
                }
                if self
                    .proposals
                    .values()
                    .any(|q| q.from == p.from && q.to == p.to && q.against == p.against)
                {
                    return no(format!(
                        "the same proposal to {} is waiting for its answer",
                        self.name(to)
                    ));
                }
                match p.against {
                    Some(a) => {
                        let a = state(a)?;
                        if a == from || a == to {
                            return no("an alliance is against a third state".into());
                        }
                        self.may_ally(from, to, Some(a))
                    }
                    None => {
                        if self.ties.patron(from).is_some() {
                            return no(format!(
                                "{} already follows a patron: leave that tie first",
                                self.name(from)
                            ));
                        }
                        if self.ties.patron(to) == Some(from) {
                            return no(format!(
                                "{} follows {}, not the other way round",
                                self.name(to),
                                self.name(from)
                            ));
                        }
                        Ok(())
                    }
                }
            }
            Command::Answer { id, .. } => match self.proposals.get(id) {
                Some(_) => Ok(()),
                None => no(format!("there is no open proposal {id}")),
            },
        }
    }

    /// The rules against crossed camps: `a` and `b` may ally against `against` unless one's
    /// alliances are aimed at the other (or at a state tied to it), either follows a patron whose
    /// side the alliance would be aimed at (or named nobody) or a state aimed at the patron, the
    /// target is tied to either of them, or the new alliance would leave some state allied with
    /// two states whose alliances are aimed at each other.
    fn may_ally(&self, a: usize, b: usize, against: Option<usize>) -> Result<(), Refusal> {
        if self.ties.is_enemy_camp(a, b) || self.ties.is_enemy_camp(b, a) {
            return Err(Refusal(format!(
                "{} and {} stand in camps aimed at each other",
                self.name(a),
                self.name(b)
            )));
        }
        // A junior may ally against a third state of its own (a client's regional alliance),
        // never against its patron's side nor with a state whose camps are aimed at its patron.
        for (s, other) in [(a, b), (b, a)] {
            if let Some(p) = self.ties.patron(s) {
                let patrons_side = against.is_none_or(|t| {
                    t == p
                        || self.ties.are_allied(p, t)
                        || self.ties.camps_of(p).iter().any(|(_, m)| m.contains(&t))
                });
                if patrons_side
                    || self.ties.is_enemy_camp(other, p)
                    || self.ties.is_enemy_camp(p, other)
                {
                    return Err(Refusal(format!(
                        "{} follows {} and makes no alliance against its patron's side",
                        self.name(s),
                        self.name(p)
                    )));
                }
            }
        }
        let Some(t) = against else {
            return Ok(());
        };
        for s in [a, b] {
            if self.ties.are_allied(s, t) {
                return Err(Refusal(format!(
                    "{} is tied to {}: an alliance against its own partner",
                    self.name(s),
                    self.name(t)
                )));
            }
        }
        let mut after = self.ties.clone();
        after.ally_against(a, b, t);
        let before = crossed(&self.ties);
        if let Some(s) = crossed(&after).into_iter().find(|s| !before.contains(s)) {
            return Err(Refusal(format!(
                "{} would stand in alliances on both sides of one conflict",
                self.name(s)
            )));
        }
        Ok(())
    }

    /// Carries out a command (checked first) and says what it did.
    pub fn apply(&mut self, command: Command) -> Result<Vec<Event>, Refusal> {
        self.check(&command)?;
        let mut events = Vec::new();
        match command {
            Command::Orders { state, orders } => {
                let s = StateId(state);
                self.game.clear_orders(s);
                self.reasons.retain(|(x, _, _)| *x != s.index());
                let mut accepted = Vec::new();
                let mut refused = Vec::new();
                for given in orders {
                    match self.game.scenario().parse_order(&given.order) {
                        Ok(order) => match self.game.submit_order(s, &order) {
                            Ok(id) => {
                                if self.read.len() <= id.0 {
                                    self.read.resize(id.0 + 1, None);
                                }
                                self.read[id.0] = Some(order);
                                let mut text = String::new();
                                order.push_canonical(&self.game.scenario().map, &mut text);
                                if let Some(r) = given.reason {
                                    self.reasons.push((s.index(), text.clone(), r));
                                }
                                accepted.push(text);
                            }
                            Err(e) => refused.push((given.order, e.to_string())),
                        },
                        Err(_) => {
                            // The rules keep the refusal (with its reason) in the phase's result.
                            let e = self.game.submit(s, &given.order).expect_err("unreadable");
                            refused.push((given.order, e.to_string()));
                        }
                    }
                }
                events.push(Event::OrdersTaken {
                    state: s,
                    accepted,
                    refused,
                });
            }
            Command::Considered(c) => {
                self.considered.retain(|x| x.state != c.state);
                self.considered.push(c.clone());
                if let Some(d) = &mut self.debrief {
                    d.considered(&c);
                }
                events.push(Event::Considered(c));
            }
            Command::Propose(p) => {
                self.next_proposal = p.id + 1;
                self.proposals.insert(p.id, p.clone());
                events.push(Event::Proposed(p));
            }
            Command::Answer { id, accept, reason } => {
                let p = self.proposals.remove(&id).expect("checked");
                let (from, to) = (p.from as usize, p.to as usize);
                // The ties may have changed since it was made: an acceptance that the rules no
                // longer allow makes nothing.
                let allowed = !self.ties.are_allied(from, to)
                    && match p.against {
                        Some(a) => self.may_ally(from, to, Some(a as usize)).is_ok(),
                        None => self.ties.patron(from).is_none(),
                    };
                events.push(Event::Answered {
                    proposal: p.clone(),
                    accept,
                    reason: reason.clone(),
                });
                if accept && allowed {
                    let before = self.ties.clone();
                    let (kind, against) = match p.against {
                        Some(a) => {
                            self.ties.ally_against(from, to, a as usize);
                            (TieEventKind::Allied, Some(a as usize))
                        }
                        None => {
                            self.ties.align_with(from, to);
                            (TieEventKind::Aligned, None)
                        }
                    };
                    let reason = format!("{} {}", p.reason, reason).trim().to_string();
                    events.push(self.tie_event(kind, from, to, against, reason));
                    self.refresh_ties(&before);
                }
            }
            Command::Leave {
                state,
                partner,
                reason,
            } => {
                let (s, p) = (state as usize, partner as usize);
                let against = self.against(s, p);
                self.ties.leave(s, p);
                self.outlook.system.ledger.record(Act {
                    time: phase_time(self.game.phase()),
                    actor: s,
                    target: p,
                    kind: ActKind::LeftAlliance,
                    gravity: ActKind::LeftAlliance.usual_gravity(),
                    note: format!("the exit from the alliance with {}", self.name(p)),
                });
                events.push(self.tie_event(TieEventKind::Left, s, p, against, reason));
                self.refresh_ledger();
            }
            Command::Resolve => self.resolve(&mut events),
        }
        Ok(events)
    }

    fn against(&self, a: usize, b: usize) -> Option<usize> {
        self.ties
            .alliances()
            .into_iter()
            .find(|&(x, y, _)| (x, y) == (a.min(b), a.max(b)))
            .and_then(|(_, _, t)| t)
    }

    fn tie_event(
        &mut self,
        kind: TieEventKind,
        a: usize,
        b: usize,
        against: Option<usize>,
        reason: String,
    ) -> Event {
        let e = TieEvent {
            phase: self.game.phase().to_string(),
            kind,
            a,
            b,
            against,
            reason,
        };
        self.events.push(e.clone());
        Event::Tie(e)
    }

    fn resolve(&mut self, events: &mut Vec<Event>) {
        let before = self.game.clone();
        let report = self.game.resolve();
        let acts = acts_of_phase_read(&before, &report, &self.read);
        self.read.clear();
        for act in acts.iter().cloned() {
            if matches!(act.kind, ActKind::Attack | ActKind::SupportOfAttack)
                && self.ties.are_allied(act.actor, act.target)
            {
                let against = self.against(act.actor, act.target);
                self.ties.leave(act.actor, act.target);
                let planned = self
                    .considered
                    .iter()
                    .find(|c| c.state as usize == act.actor && c.betray == Some(act.target as u8));
                let note = match planned {
                    Some(c) => {
                        format!("the betrayal of its partner ({}): {}", act.note, c.sentence)
                    }
                    None => format!("the betrayal of its partner ({})", act.note),
                };
                let e = TieEvent {
                    phase: report.phase.to_string(),
                    kind: TieEventKind::Broken,
                    a: act.actor,
                    b: act.target,
                    against,
                    reason: note.clone(),
                };
                self.events.push(e.clone());
                events.push(Event::Tie(e));
                self.outlook.system.ledger.record(Act {
                    kind: ActKind::BrokenAlliance,
                    gravity: ActKind::BrokenAlliance.usual_gravity(),
                    note,
                    ..act.clone()
                });
            }
            self.outlook.system.ledger.record(act);
        }
        // Unanswered proposals lapse with their phase: silence is a refusal.
        for (_, p) in std::mem::take(&mut self.proposals) {
            events.push(Event::Answered {
                proposal: p,
                accept: false,
                reason: "no answer came before the phase ended".into(),
            });
        }
        if let Some(mut d) = self.debrief.take() {
            d.phase_resolved(self, &report);
            self.debrief = Some(d);
        }
        self.reasons.clear();
        self.considered.clear();
        self.refresh();
        if let Some(mut d) = self.debrief.take() {
            d.phase_begins(self);
            self.debrief = Some(d);
        }
        events.push(Event::Resolved {
            report: Box::new(report),
            acts,
        });
    }

    /// Recomputes the theory's view after a change of board, ties or ledger.
    fn refresh(&mut self) {
        let ledger = std::mem::take(&mut self.outlook.system.ledger);
        self.outlook = outlook(&self.game, ledger, &self.ties);
    }

    /// Recomputes the threats after an act recorded outside a resolution (the board and the time
    /// are those the outlook's system was derived from, and the system holds the ledger): the
    /// system stays, only the matrix is worked out again.
    fn refresh_ledger(&mut self) {
        self.outlook.threats = ThreatMatrix::compute(&self.outlook.system, &self.ties);
    }

    /// Recomputes the threats after a change of ties alone. The board, the ledger and the time
    /// are those the outlook's system was derived from (every change of board or ledger
    /// refreshes it), so the system stays and only observers whose partners changed see anew.
    fn refresh_ties(&mut self, before: &Alignments) {
        self.outlook.threats = ThreatMatrix::after_ties(
            &self.outlook.system,
            &self.ties,
            before,
            &self.outlook.threats,
        );
    }

    /// Whether the phase is one in which states reconsider their ties.
    pub fn ties_open(&self) -> bool {
        self.game.phase().kind == PhaseKind::Movement && !self.game.is_over()
    }

    /// A short fingerprint of the board (units, centres, phase), to check that a replayed record
    /// reaches the same board as when it was played.
    pub fn fingerprint(&self) -> u64 {
        let scenario = self.game.scenario();
        let map = &scenario.map;
        let p = self.game.position();
        let mut text = self.game.phase().to_string();
        for (prov, u) in p.units() {
            text.push_str(&format!(
                "|{}{}{}",
                scenario.states[u.state.index()].code,
                u.kind.letter(),
                map.province(prov).name
            ));
        }
        for prov in map.province_ids() {
            if let Some(o) = p.owners[prov.index()] {
                text.push_str(&format!("|{}={}", map.province(prov).name, o.index()));
            }
        }
        for (a, b, _) in self.ties.alliances() {
            text.push_str(&format!("|{a}+{b}"));
        }
        // FNV-1a: stable on every machine and every version, unlike the standard hasher.
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for b in text.bytes() {
            h ^= b as u64;
            h = h.wrapping_mul(0x100_0000_01b3);
        }
        h
    }

    /// The reason recorded with an order of this phase.
    fn reason_of(&self, state: usize, order: &str) -> Option<&str> {
        self.reasons
            .iter()
            .find(|(s, o, _)| *s == state && o == order)
            .map(|(_, _, r)| r.as_str())
    }
}

/// The states allied with two states whose alliances are aimed at each other: in alliances on
/// both sides of one conflict.
pub fn crossed(ties: &Alignments) -> Vec<usize> {
    let n = ties.len();
    (0..n)
        .filter(|&s| {
            let partners: Vec<usize> = (0..n).filter(|&x| ties.in_alliance(s, x)).collect();
            partners.iter().any(|&x| {
                partners
                    .iter()
                    .any(|&y| x != y && ties.targets_of(x).contains(&y))
            })
        })
        .collect()
}

fn outlook(game: &Game, ledger: Ledger, ties: &Alignments) -> Outlook {
    let system = from_game(game, ledger, phase_time(game.phase()));
    let threats = ThreatMatrix::compute(&system, ties);
    Outlook { system, threats }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::play::{ComputerPlayer, Doctrinal, Door, Seating, begin_phase, scenario_doctrines};
    use crate::threat::from_game::acts_of_phase;
    use rand::SeedableRng;
    use std::sync::Arc;

    /// The acts a phase reveals are the same whether found from the orders as the match read
    /// them or from the phase's result read again, phase after phase of a computer-only game.
    #[test]
    fn the_acts_of_a_phase_from_the_orders_read_are_those_from_their_text() {
        let scenario = Arc::new(crate::scenario::Scenario::classic());
        let doctrines = scenario_doctrines(&scenario, None);
        let player: Arc<dyn ComputerPlayer> = Arc::new(Doctrinal);
        let seating = Seating::of(&player, scenario.state_ids());
        let mut table = Match::new(Game::new(scenario.clone()), doctrines, false);
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(3);
        let (mut acts, mut read) = (0, 0);
        for _ in 0..40 {
            if table.game().is_over() {
                break;
            }
            begin_phase(&mut table, &seating, &mut rng);
            let before = table.game().clone();
            let report = before.clone().resolve();
            let found = acts_of_phase_read(&before, &report, &table.read);
            assert_eq!(found, acts_of_phase(&before, &report), "{}", report.phase);
            acts += found.len();
            read += table.read.iter().flatten().count();
            table.commit(Command::Resolve);
        }
        assert!(acts > 40 && read > 200, "{acts} acts, {read} orders read");
    }
}
