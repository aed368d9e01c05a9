//! Press and proposals: messages between states, public or private, and the ties people propose,
//! answer and leave. A proposal to a seat the computer plays is answered at once by the computer
//! player, with its reason; one to a seat people play waits for one of them to answer it (and
//! lapses, refused, when the phase ends). The rules of ties are the match's.

use entente_shared::protocol::{MAX_PRESS_CHARS, ServerMsg};
use entente_shared::scenario::StateId;

use std::collections::BTreeMap;

use entente_shared::alignment::Stance;
use entente_shared::play::posture::{Posture, posture_of};
use entente_shared::play::{Command, Proposal, Seating, answer_pending};

use crate::session::{Entry, Session, To};

impl Session {
    fn seat_of(&self, client: u64) -> Result<StateId, String> {
        self.lobby.clients[&client]
            .seat
            .ok_or_else(|| "take a seat first".to_string())
    }

    pub(crate) fn press(
        &mut self,
        client: u64,
        to: Vec<String>,
        text: String,
    ) -> Result<(), String> {
        let from = self.seat_of(client)?;
        let text = text.trim().to_string();
        if text.is_empty() || text.chars().count() > MAX_PRESS_CHARS {
            return Err(format!("press is 1 to {MAX_PRESS_CHARS} letters long"));
        }
        let mut states = Vec::new();
        for name in &to {
            let s = self.find_state(name)?;
            if s == from {
                return Err("press goes to other states".into());
            }
            if !states.contains(&s.0) {
                states.push(s.0);
            }
        }
        self.commit(Entry::Press {
            from: from.0,
            to: states,
            text,
        });
        Ok(())
    }

    /// Computer states balancing softly against the same state say so together, in public, when
    /// their group forms or changes: the coordinated press of soft balancing (recorded, so that a
    /// replay delivers it again without asking).
    pub(crate) fn soft_balancers_speak(&mut self) {
        // Stances are taken in the phases where ties are reconsidered; the others keep the groups.
        if !self.table.ties_open() {
            return;
        }
        let groups = self.soft_groups();
        for (&leader, members) in &groups {
            if self.turn.soft_spoken.get(&leader) == Some(members) {
                continue;
            }
            let names: Vec<&str> = members
                .iter()
                .map(|&m| self.scenario.states[m].name.as_str())
                .collect();
            let (last, rest) = names.split_last().expect("two or more");
            let text = format!(
                "{} and {last}, together: {} shall have from us no support and no passage into our lands while it threatens its neighbours.",
                rest.join(", "),
                self.scenario.states[leader].name
            );
            self.commit(Entry::Press {
                from: members[0] as u8,
                to: Vec::new(),
                text,
            });
        }
        self.turn.soft_spoken = groups;
    }

    /// The groups of two or more computer states balancing softly against the same leader, by
    /// leader, from the stances last considered.
    fn soft_groups(&self) -> BTreeMap<usize, Vec<usize>> {
        let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for c in self.table.considered() {
            if c.stance != Stance::SoftBalancing {
                continue;
            }
            if let Some(Posture::SoftBalances(l)) = posture_of(&self.table, c.state as usize) {
                groups.entry(l).or_default().push(c.state as usize);
            }
        }
        groups.retain(|_, members| members.len() >= 2);
        groups
    }

    /// After a replay: the groups standing when the game stopped have spoken already (their
    /// press is in the record), so a resumed game does not say it again.
    pub(crate) fn recall_soft_groups(&mut self) {
        self.turn.soft_spoken = self.soft_groups();
    }

    /// Press reaches its states' teams, the sender's team and the host; public press reaches all.
    pub(crate) fn deliver_press(&mut self, from: StateId, to: &[StateId], text: String) {
        let msg = ServerMsg::Press {
            from: self.state_code(from),
            to: to.iter().map(|s| self.state_code(*s)).collect(),
            text,
        };
        if to.is_empty() {
            self.send(To::All, msg);
        } else {
            let mut recipients: Vec<u64> = self
                .lobby
                .clients
                .iter()
                .filter(|(_, c)| c.host || c.seat.is_some_and(|s| s == from || to.contains(&s)))
                .map(|(id, _)| *id)
                .collect();
            recipients.dedup();
            for c in recipients {
                self.send(To::Client(c), msg.clone());
            }
        }
    }

    pub(crate) fn propose(
        &mut self,
        client: u64,
        to: &str,
        against: Option<&str>,
    ) -> Result<(), String> {
        let from = self.seat_of(client)?;
        let to = self.find_state(to)?;
        let against = against.map(|a| self.find_state(a)).transpose()?;
        let command = Command::Propose(Proposal {
            id: self.table.next_proposal_id(),
            from: from.0,
            to: to.0,
            against: against.map(|a| a.0),
            reason: format!("proposed by {}", self.lobby.clients[&client].name),
        });
        self.table.check(&command).map_err(|r| r.0)?;
        self.commit(Entry::Play {
            command,
            by: Some(client),
        });
        if self.lobby.seats[to.index()].computer {
            let seating = Seating::of(&self.player, [to]);
            answer_pending(self, &seating);
        }
        Ok(())
    }

    pub(crate) fn answer(
        &mut self,
        client: u64,
        id: u64,
        accept: bool,
        reason: String,
    ) -> Result<(), String> {
        let me = self.seat_of(client)?;
        let Some(p) = self.table.proposal(id) else {
            return Err(format!("there is no open proposal {id}"));
        };
        if p.to != me.0 {
            return Err(format!("proposal {id} was not made to you"));
        }
        let reason: String = reason.trim().chars().take(MAX_PRESS_CHARS).collect();
        self.commit(Entry::Play {
            command: Command::Answer { id, accept, reason },
            by: Some(client),
        });
        Ok(())
    }

    pub(crate) fn leave_tie(&mut self, client: u64, partner: &str) -> Result<(), String> {
        let me = self.seat_of(client)?;
        let partner = self.find_state(partner)?;
        let command = Command::Leave {
            state: me.0,
            partner: partner.0,
            reason: format!("announced by {}", self.lobby.clients[&client].name),
        };
        self.table.check(&command).map_err(|r| r.0)?;
        self.commit(Entry::Play {
            command,
            by: Some(client),
        });
        Ok(())
    }
}
