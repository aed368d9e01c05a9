//! Press and proposals: messages between states, public or private, and the ties people propose,
//! answer and leave. Proposals to a seat the computer plays are answered at once by the computer
//! player, with its reason.

use entente_shared::protocol::{MAX_PRESS_CHARS, ServerMsg};
use entente_shared::scenario::StateId;

use crate::session::{Entry, Session, To};
use crate::turn::computer::TieChange;

impl Session {
    fn seat_of(&self, client: u64) -> Result<StateId, String> {
        self.clients[&client]
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
        if to == from {
            return Err("a state cannot ally with itself".into());
        }
        let against = against.map(|a| self.find_state(a)).transpose()?;
        if against.is_some_and(|a| a == from || a == to) {
            return Err("an alliance is against a third state".into());
        }
        let ties = self.computer.alignments();
        if ties.are_allied(from.index(), to.index()) {
            return Err(format!("{} is already your partner", self.state_name(to)));
        }
        if against.is_none() && ties.patron(from.index()).is_some() {
            return Err("you already follow a patron: leave that tie first".into());
        }
        let id = self.next_proposal;
        self.commit(Entry::Proposed {
            id,
            from: from.0,
            to: to.0,
            against: against.map(|a| a.0),
        });
        if self.seats[to.index()].computer {
            let (accept, reason) = self.computer.answer(&self.game, from, to, against);
            self.settle(id, accept, reason);
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
        let Some(p) = self.proposals.get(&id).copied() else {
            return Err(format!("there is no open proposal {id}"));
        };
        if p.to != me {
            return Err(format!("proposal {id} was not made to you"));
        }
        let reason: String = reason.trim().chars().take(MAX_PRESS_CHARS).collect();
        self.settle(id, accept, reason);
        Ok(())
    }

    /// Records an answer, and the tie it makes.
    fn settle(&mut self, id: u64, accept: bool, reason: String) {
        let Some(p) = self.proposals.get(&id).copied() else {
            return;
        };
        self.commit(Entry::Answered { id, accept, reason });
        if accept {
            let change = match p.against {
                Some(a) => TieChange::Ally {
                    a: p.from.0,
                    b: p.to.0,
                    against: a.0,
                },
                None => TieChange::Align {
                    junior: p.from.0,
                    patron: p.to.0,
                },
            };
            self.commit(Entry::Tie { change });
        }
    }

    pub(crate) fn leave_tie(&mut self, client: u64, partner: &str) -> Result<(), String> {
        let me = self.seat_of(client)?;
        let partner = self.find_state(partner)?;
        if !self
            .computer
            .alignments()
            .are_allied(me.index(), partner.index())
        {
            return Err(format!("you have no tie with {}", self.state_name(partner)));
        }
        self.commit(Entry::Tie {
            change: TieChange::Leave {
                a: me.0,
                b: partner.0,
            },
        });
        Ok(())
    }

    /// A tie made or left by people: the computer players learn of it, everyone is told.
    pub(crate) fn apply_tie(&mut self, change: TieChange) {
        self.computer.tie_changed(&self.game, change);
        let name = |s: u8| self.scenario.states[s as usize].name.clone();
        let text = match change {
            TieChange::Ally { a, b, against } => {
                format!("{} and {} ally against {}", name(a), name(b), name(against))
            }
            TieChange::Align { junior, patron } => {
                format!("{} aligns with {}", name(junior), name(patron))
            }
            TieChange::Leave { a, b } => format!("{} leaves its tie with {}", name(a), name(b)),
        };
        self.say(format!("   {text}"));
        self.send(To::All, ServerMsg::Tie { text });
    }
}
