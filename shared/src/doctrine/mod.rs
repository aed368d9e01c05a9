//! Doctrines: the theories a computer state can follow, behind one trait.
//!
//! The game's point is that students can put theories side by side on the same map. Each
//! doctrine says what a state fears (its *danger*), what it does about it (*decide*) and how it
//! answers others' proposals (*answer*). Balance of threat is the default; the others are the
//! rival theories of the field, each kept to its core claim.

mod balancing;
pub mod betrayal;
mod doctrines;

pub use doctrines::*;

use crate::alignment::{Alignments, Answer, Decision, Proposal};
use crate::threat::{StateSystem, ThreatMatrix};

/// What a state sees when it decides: the world, every threat, the ties, and which doctrine each
/// state follows (to judge who would accept a proposal).
pub struct View<'a> {
    pub system: &'a StateSystem,
    pub threats: &'a ThreatMatrix,
    pub alignments: &'a Alignments,
    pub doctrines: &'a [&'static dyn Doctrine],
    pub me: usize,
}

impl<'a> View<'a> {
    /// The same world seen by another state.
    pub fn as_state(&self, other: usize) -> View<'a> {
        View {
            me: other,
            system: self.system,
            threats: self.threats,
            alignments: self.alignments,
            doctrines: self.doctrines,
        }
    }

    pub fn name(&self, i: usize) -> &'a str {
        &self.system.actors[i].name
    }

    /// Aggregate power of a group.
    pub fn power_of(&self, members: &[usize]) -> f64 {
        members.iter().map(|&m| self.system.power[m]).sum()
    }
}

/// How a doctrine plays the board: its appetite for centres not yet its own, the weight it gives
/// to defending its own, its preference for fleets when building, and how hard it turns on a
/// rising leader.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BoardStyle {
    pub attack: f64,
    pub defend: f64,
    pub sea: f64,
    /// Hostility added, in the order planner, to other states holding at least
    /// [`RISING_LEADER_SHARE`] of the map's centres (in full for a leader that can reach the
    /// state and is well ahead of it, or whenever the state is itself strong; see the planner).
    pub leader: f64,
}

/// A state holding this share of all centres (a fifth: seven of the classic map's 34) is a
/// rising leader on the board.
pub const RISING_LEADER_SHARE: f64 = 0.2;

/// How hard a balancing doctrine's planner turns on the strong: more than on any local quarrel
/// (ordinary hostility is 0.7 to 1.5). Balancing is what stops hegemony, and on the board it
/// means fighting the strong rather than feeding on the weak, which is how a hegemon grows.
/// Measured (200 classic games, seeds 30000-30199, everyone balance of threat): solos 73% with
/// no such weight, 27% at 3, 20% at 4, 14% at 5; the cost is a planner seat that grows more
/// slowly among weak opponents (it also fights the strongest of them).
pub const LEADER_HOSTILITY: f64 = 4.0;

impl Default for BoardStyle {
    fn default() -> Self {
        BoardStyle {
            attack: 1.0,
            defend: 1.0,
            sea: 0.0,
            leader: LEADER_HOSTILITY,
        }
    }
}

/// A theory of alignment, as a computer state follows it.
pub trait Doctrine: Sync {
    /// Machine name, e.g. `balance_of_threat`.
    fn name(&self) -> &'static str;
    /// Name for people, e.g. "Balance of threat (Walt)".
    fn title(&self) -> &'static str;
    /// How much the state fears `j`, in this doctrine's terms, from 0 to 1.
    fn danger(&self, view: &View, j: usize) -> f64;
    /// The state it fears most, and how much (by default, the greatest `danger`).
    fn greatest_danger(&self, view: &View) -> Option<(usize, f64)> {
        (0..view.system.len())
            .filter(|&j| j != view.me)
            .map(|j| (j, self.danger(view, j)))
            .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)))
    }
    /// Called once a round for each state this doctrine steers: what it does about its ties.
    fn decide(&self, view: &View) -> Decision;
    /// Called when another state proposes an alliance to this one.
    fn answer(&self, view: &View, proposal: Proposal) -> Answer;
    /// How a state of this doctrine plays the board (the order planner reads it).
    fn board_style(&self) -> BoardStyle {
        BoardStyle::default()
    }
    /// Called once a movement phase for each state this doctrine steers: a partner to stab
    /// (attack without leaving the tie first), with the reason, when the doctrine's theory sees
    /// an opportunity. By default only a patron that has far outgrown a junior within its reach
    /// takes it over: the risk a bandwagoner runs (partners between equals keep faith).
    fn consider_betrayal(&self, view: &View) -> Option<(usize, String)> {
        betrayal::outgrown_junior(view)
    }
    /// Called when a weaker state asks to align with this one.
    fn accept_junior(&self, view: &View, junior: usize) -> Answer {
        Answer {
            accept: true,
            sentence: format!(
                "{} takes {} as a junior partner: it gains a follower at no cost.",
                view.name(view.me),
                view.name(junior)
            ),
        }
    }
}

/// The doctrine every state follows unless told otherwise.
pub const DEFAULT: &str = "balance_of_threat";

/// Every doctrine's machine name.
pub const DOCTRINES: [&str; 7] = [
    "balance_of_threat",
    "balance_of_power",
    "offensive_realism",
    "defensive_realism",
    "bandwagoner",
    "collective_security",
    "offshore_balancer",
];

/// A doctrine by machine name (also accepts spaces or hyphens and any case).
pub fn by_name(name: &str) -> Option<&'static dyn Doctrine> {
    let key = name.trim().to_ascii_lowercase().replace([' ', '-'], "_");
    let d: &'static dyn Doctrine = match key.as_str() {
        "balance_of_threat" => &BalanceOfThreat,
        "balance_of_power" => &BalanceOfPower,
        "offensive_realism" => &OffensiveRealism,
        "defensive_realism" => &DefensiveRealism,
        "bandwagoner" => &Bandwagoner,
        "collective_security" => &CollectiveSecurity,
        "offshore_balancer" => &OffshoreBalancer,
        _ => return None,
    };
    Some(d)
}
