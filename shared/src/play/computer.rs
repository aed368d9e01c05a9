//! Computer players: hooks behind one trait, called only for the seats they play, in the manner
//! of Freeciv's AI table. What they decide reaches the match as the same commands people give,
//! through a [`Door`]: the session's door records each command before it is carried out, so a
//! replay reads the decisions and never asks a computer player again.

use std::sync::Arc;

use rand_chacha::ChaCha8Rng;

use super::{Command, Considered, GivenOrder, Match, Proposal};
use crate::ai::{OrderChoice, plan_orders};
use crate::alignment::{Action, Answer, Decision};
use crate::doctrine::View;
use crate::rules::options::random_orders;
use crate::scenario::StateId;

/// A computer player. Each hook is called at a fixed moment, in the same order every time, so
/// that a game played from the same seed plays the same.
pub trait ComputerPlayer: Send + Sync {
    /// Its name in settings and logs: `doctrine`, `hold`, `random`.
    fn name(&self) -> &'static str;

    /// Called when a movement phase begins, once for all the seats it plays, before anyone gives
    /// orders: how each of them reconsiders its ties.
    fn decide_ties(&self, table: &Match, seats: &[StateId]) -> Vec<Decision>;

    /// Called when a movement phase begins, after `decide_ties`: the partners its seats mean to
    /// stab this phase, with why (none by default).
    fn betrayals(&self, _table: &Match, _seats: &[StateId]) -> Vec<(StateId, usize, String)> {
        Vec::new()
    }

    /// Called when a proposal reaches a seat it plays: accept or refuse, with why.
    fn answer(&self, table: &Match, proposal: &Proposal) -> Answer;

    /// Called when seats it plays must give orders: at a phase's start, or when it takes a seat
    /// over in the middle of one. Orders come with the reason a person can read.
    fn orders(
        &self,
        table: &Match,
        seats: &[StateId],
        rng: &mut ChaCha8Rng,
    ) -> Vec<(StateId, OrderChoice)>;
}

/// Where commands go: a match on its own, or a session that writes each to its record first.
pub trait Door {
    fn table(&self) -> &Match;
    /// Carries out a command the match has checked (recording it first, where a record is kept).
    fn commit(&mut self, command: Command);
}

impl Door for Match {
    fn table(&self) -> &Match {
        self
    }
    fn commit(&mut self, command: Command) {
        let _ = self.apply(command);
    }
}

/// Which computer player plays which seats; seats not in it are played by people.
#[derive(Clone, Default)]
pub struct Seating {
    players: Vec<(Arc<dyn ComputerPlayer>, Vec<StateId>)>,
}

impl Seating {
    /// One player for the given seats.
    pub fn of(
        player: &Arc<dyn ComputerPlayer>,
        seats: impl IntoIterator<Item = StateId>,
    ) -> Seating {
        let mut s = Seating::default();
        for seat in seats {
            s.seat(player, seat);
        }
        s
    }

    /// `player` plays `seat` too.
    pub fn seat(&mut self, player: &Arc<dyn ComputerPlayer>, seat: StateId) {
        match self
            .players
            .iter_mut()
            .find(|(p, _)| Arc::ptr_eq(p, player))
        {
            Some((_, seats)) => seats.push(seat),
            None => self.players.push((player.clone(), vec![seat])),
        }
    }

    /// The computer player of a seat, if the computer plays it.
    pub fn player_of(&self, seat: StateId) -> Option<&Arc<dyn ComputerPlayer>> {
        self.players
            .iter()
            .find(|(_, seats)| seats.contains(&seat))
            .map(|(p, _)| p)
    }

    pub fn is_empty(&self) -> bool {
        self.players.iter().all(|(_, s)| s.is_empty())
    }
}

/// A phase begins: in movement phases the computer states reconsider their ties, then they give
/// their orders.
pub fn begin_phase(door: &mut impl Door, seating: &Seating, rng: &mut ChaCha8Rng) {
    if door.table().ties_open() {
        reconsider_ties(door, seating);
    }
    give_orders(door, seating, rng);
}

/// The computer states reconsider their ties, all on the same view of the world: their
/// reasoning is recorded, then exits take effect, then requests to align with a patron, then
/// proposals of alliances, each answered at once when the computer plays the receiver and left
/// waiting for its people otherwise.
pub fn reconsider_ties(door: &mut impl Door, seating: &Seating) {
    let mut decisions: Vec<Decision> = Vec::new();
    let mut stabs: Vec<(StateId, usize, String)> = Vec::new();
    for (player, seats) in &seating.players {
        decisions.extend(player.decide_ties(door.table(), seats));
        stabs.extend(player.betrayals(door.table(), seats));
    }
    decisions.sort_by_key(|d| d.state);
    for d in &decisions {
        let stab = stabs.iter().find(|(s, _, _)| s.index() == d.state);
        // A state that leaves its partner in good order does not also stab it.
        let leaving =
            matches!(d.action, Action::Leave { partner } if stab.is_some_and(|s| s.1 == partner));
        let stab = stab.filter(|_| !leaving);
        door.commit(Command::Considered(Considered {
            state: d.state as u8,
            doctrine: d.doctrine.to_string(),
            stance: d.stance,
            acted: d.action != Action::Stay || stab.is_some(),
            sentence: match stab {
                Some((_, _, why)) => format!("{} {why}.", d.sentence),
                None => d.sentence.clone(),
            },
            betray: stab.map(|(_, k, _)| *k as u8),
        }));
    }
    for d in &decisions {
        if let Action::Leave { partner } = d.action {
            let c = Command::Leave {
                state: d.state as u8,
                partner: partner as u8,
                reason: d.sentence.clone(),
            };
            if door.table().check(&c).is_ok() {
                door.commit(c);
            }
        }
    }
    for d in &decisions {
        if let Action::Bandwagon { with } = d.action {
            propose(door, seating, d.state, with, None, &d.sentence);
        }
    }
    for d in &decisions {
        if let Action::ProposeAlliance { to, against } = d.action {
            propose(door, seating, d.state, to, Some(against), &d.sentence);
        }
    }
}

fn propose(
    door: &mut impl Door,
    seating: &Seating,
    from: usize,
    to: usize,
    against: Option<usize>,
    reason: &str,
) {
    let p = Proposal {
        id: door.table().next_proposal_id(),
        from: from as u8,
        to: to as u8,
        against: against.map(|a| a as u8),
        reason: reason.to_string(),
    };
    let c = Command::Propose(p.clone());
    // Two states proposing to each other in one round make one alliance: the second finds them
    // partners already.
    if door.table().check(&c).is_err() {
        return;
    }
    door.commit(c);
    if let Some(player) = seating.player_of(StateId(p.to)) {
        let player = player.clone();
        answer(door, &*player, &p);
    }
}

fn answer(door: &mut impl Door, player: &dyn ComputerPlayer, p: &Proposal) {
    let a = player.answer(door.table(), p);
    door.commit(Command::Answer {
        id: p.id,
        accept: a.accept,
        reason: a.sentence,
    });
}

/// The computer answers the proposals waiting for seats it plays (a person's proposal to a
/// computer seat, or proposals to a seat the computer has just taken over).
pub fn answer_pending(door: &mut impl Door, seating: &Seating) {
    let waiting: Vec<Proposal> = door
        .table()
        .proposals()
        .filter(|p| seating.player_of(StateId(p.to)).is_some())
        .cloned()
        .collect();
    for p in waiting {
        if let Some(player) = seating.player_of(StateId(p.to)) {
            let player = player.clone();
            answer(door, &*player, &p);
        }
    }
}

/// The computer gives the orders of the seats it plays (each seat's replace any it had).
pub fn give_orders(door: &mut impl Door, seating: &Seating, rng: &mut ChaCha8Rng) {
    if door.table().game().is_over() {
        return;
    }
    for (player, seats) in &seating.players {
        let planned = player.orders(door.table(), seats, rng);
        for &s in seats {
            let orders = planned
                .iter()
                .filter(|(x, _)| *x == s)
                .map(|(_, c)| GivenOrder {
                    order: {
                        let mut text = String::new();
                        c.order
                            .push_canonical(&door.table().game().scenario().map, &mut text);
                        text
                    },
                    reason: Some(c.reason.clone()),
                })
                .collect();
            door.commit(Command::Orders { state: s.0, orders });
        }
    }
}

/// The world as the computer player of `me` sees it: the match's outlook and ties.
pub(super) fn view<'a>(table: &'a Match, me: usize) -> View<'a> {
    let o = table.outlook();
    View {
        system: &o.system,
        threats: &o.threats,
        alignments: table.ties(),
        doctrines: table.doctrines(),
        me,
    }
}

/// The computer player of the theory: each seat follows its state's doctrine (balance of threat
/// unless the scenario or the host says otherwise) and gives orders that follow its ties.
#[derive(Debug, Clone, Copy, Default)]
pub struct Doctrinal;

impl ComputerPlayer for Doctrinal {
    fn name(&self) -> &'static str {
        "doctrine"
    }

    fn decide_ties(&self, table: &Match, seats: &[StateId]) -> Vec<Decision> {
        seats
            .iter()
            .map(|s| table.doctrines()[s.index()].decide(&view(table, s.index())))
            .collect()
    }

    fn betrayals(&self, table: &Match, seats: &[StateId]) -> Vec<(StateId, usize, String)> {
        seats
            .iter()
            .filter_map(|s| {
                let (victim, why) =
                    table.doctrines()[s.index()].consider_betrayal(&view(table, s.index()))?;
                Some((*s, victim, why))
            })
            .collect()
    }

    fn answer(&self, table: &Match, p: &Proposal) -> Answer {
        let (from, to) = (p.from as usize, p.to as usize);
        let v = view(table, to);
        let doctrine = table.doctrines()[to];
        let Some(against) = p.against else {
            return doctrine.accept_junior(&v, from);
        };
        let mut answer = doctrine.answer(
            &v,
            crate::alignment::Proposal {
                from,
                to,
                against: against as usize,
            },
        );
        // Refusing, it says what it would accept: an alliance against what it fears most.
        if !answer.accept {
            let counter = (0..v.system.len())
                .filter(|&j| j != from && j != to)
                .map(|j| (j, doctrine.danger(&v, j)))
                .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)));
            if let Some((t, _)) = counter {
                answer.sentence.push_str(&format!(
                    " It would ally against {} instead.",
                    v.system.actors[t].name
                ));
            }
        }
        answer
    }

    fn orders(
        &self,
        table: &Match,
        seats: &[StateId],
        rng: &mut ChaCha8Rng,
    ) -> Vec<(StateId, OrderChoice)> {
        let mut planned = plan_orders(table, seats, rng);
        // A stance without a tie still shows on the board (Finlandization, soft balancing).
        for &s in seats {
            if let Some(posture) = super::posture::posture_of(table, s.index()) {
                let mut mine: Vec<OrderChoice> = planned
                    .iter()
                    .filter(|(x, _)| *x == s)
                    .map(|(_, c)| c.clone())
                    .collect();
                if super::posture::respect(table, s, posture, &mut mine) > 0 {
                    let mut kept = mine.into_iter();
                    for (x, c) in planned.iter_mut() {
                        if *x == s {
                            *c = kept.next().expect("the same orders, some now holds");
                        }
                    }
                }
            }
        }
        planned
    }
}

/// The stand-ins, for tests and comparisons: they make no ties, and their units hold
/// ([`StandIn::Hold`]) or take random legal orders ([`StandIn::Random`], a baseline).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StandIn {
    Hold,
    Random,
}

/// The answer of a player that makes no ties (the stand-ins, the no-press baselines): a refusal
/// naming who plays the seat, e.g. "a stand-in".
pub fn refuse_every_tie(table: &Match, p: &Proposal, player: &str) -> Answer {
    Answer {
        accept: false,
        sentence: format!(
            "{} is played by {player} that makes no ties.",
            table.game().scenario().states[p.to as usize].name
        ),
    }
}

impl ComputerPlayer for StandIn {
    fn name(&self) -> &'static str {
        match self {
            StandIn::Hold => "hold",
            StandIn::Random => "random",
        }
    }
    fn decide_ties(&self, _table: &Match, _seats: &[StateId]) -> Vec<Decision> {
        Vec::new()
    }
    fn answer(&self, table: &Match, p: &Proposal) -> Answer {
        refuse_every_tie(table, p, "a stand-in")
    }
    fn orders(
        &self,
        table: &Match,
        seats: &[StateId],
        rng: &mut ChaCha8Rng,
    ) -> Vec<(StateId, OrderChoice)> {
        if *self == StandIn::Hold {
            return Vec::new();
        }
        seats
            .iter()
            .flat_map(|&s| {
                random_orders(table.game(), s, rng)
                    .into_iter()
                    .map(move |order| {
                        (
                            s,
                            OrderChoice {
                                order,
                                reason: "a random legal order".into(),
                            },
                        )
                    })
            })
            .collect()
    }
}
