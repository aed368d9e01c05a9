//! The host's controls: start, pause and resume, extend the clock, resolve now, roll back a phase,
//! give a seat to the computer and take it back, remove a player, set the grace period, end the
//! game. The legality table has already checked that the sender is the host.

use entente_shared::play::Command;
use entente_shared::protocol::{HostCommand, ServerMsg, SessionState};

use crate::session::{Entry, Session, To};

/// What the hosts asked for and must hear: the host's data.
#[derive(Default)]
pub(crate) struct HostDesk {
    /// Debriefs to write: for the host who asked (`Some`), or for every host at the game's end.
    pub reports_wanted: Vec<Option<u64>>,
    /// Why the record cannot be written now (told to every host, and to hosts as they join).
    pub record_trouble: Option<String>,
}

impl Session {
    pub(crate) fn host_command(&mut self, client: u64, command: HostCommand) -> Result<(), String> {
        use SessionState::{Lobby, Over, Paused, Playing};
        match command {
            HostCommand::Start => match self.turn.stage {
                Lobby => {
                    self.commit(Entry::Stage { stage: Playing });
                    Ok(())
                }
                _ => Err("the game has already started".into()),
            },
            HostCommand::Pause => match self.turn.stage {
                Playing => {
                    self.commit(Entry::Stage { stage: Paused });
                    Ok(())
                }
                Paused => Err("the game is already paused".into()),
                _ => Err("only a running game can be paused".into()),
            },
            HostCommand::Resume => match self.turn.stage {
                Paused => {
                    // A game that waited for its players runs on at the watching pace.
                    if self.turn.waiting_for_people {
                        self.turn.waiting_for_people = false;
                        self.turn.let_run = true;
                    }
                    self.commit(Entry::Stage { stage: Playing });
                    Ok(())
                }
                _ => Err("the game is not paused".into()),
            },
            HostCommand::ExtendClock { seconds } => match self.turn.stage {
                Playing | Paused => {
                    self.commit(Entry::Extended {
                        secs: seconds.min(24 * 3600),
                    });
                    Ok(())
                }
                _ => Err("there is no clock running".into()),
            },
            HostCommand::ResolveNow => match self.turn.stage {
                Playing | Paused => {
                    self.say(format!("The host ends {} now", self.phase_name()));
                    self.commit(Entry::Play {
                        command: Command::Resolve,
                        by: Some(client),
                    });
                    Ok(())
                }
                _ => Err("no phase is being played".into()),
            },
            HostCommand::RollBack => {
                if self.turn.stage == Lobby {
                    return Err("the game has not started".into());
                }
                if self.turn.history.len() < 2 {
                    return Err("no phase has been resolved yet".into());
                }
                self.commit(Entry::RolledBack);
                Ok(())
            }
            HostCommand::GiveSeatToComputer { state } => {
                let s = self.find_state(&state)?;
                if self.lobby.seats[s.index()].forced {
                    return Err(format!("the computer already plays {}", self.state_name(s)));
                }
                self.commit(Entry::Control {
                    state: s.0,
                    computer: true,
                    forced: true,
                });
                Ok(())
            }
            HostCommand::TakeSeatBack { state } => {
                let s = self.find_state(&state)?;
                if !self.lobby.seats[s.index()].forced {
                    return Err(format!(
                        "{} was not given to the computer",
                        self.state_name(s)
                    ));
                }
                // Back to its people if any are there; else the computer goes on playing it.
                let computer = self.lobby.seats[s.index()].members.is_empty();
                self.commit(Entry::Control {
                    state: s.0,
                    computer,
                    forced: false,
                });
                self.update_control();
                Ok(())
            }
            HostCommand::Remove { client: removed } => {
                if removed == client {
                    return Err("the host cannot remove itself".into());
                }
                let Some(c) = self.lobby.clients.get(&removed).filter(|c| !c.gone) else {
                    return Err(format!("there is no client {removed}"));
                };
                let (name, transport) = (c.name.clone(), c.transport);
                let mut address = None;
                if let Some(t) = transport {
                    self.send(
                        To::Transport(t),
                        ServerMsg::Closing {
                            reason: "the host removed you from the game".into(),
                        },
                    );
                    self.to_disconnect.push(t);
                    address = self.lobby.addresses.get(&t).copied();
                }
                // Recorded with the address, so that the bar holds after a resume too.
                self.commit(Entry::Removed {
                    client: removed,
                    address,
                });
                self.say(format!("The host removed {name}"));
                self.update_control();
                Ok(())
            }
            HostCommand::SetGrace { seconds } => {
                self.commit(Entry::Grace {
                    secs: seconds.min(24 * 3600),
                });
                self.update_control();
                Ok(())
            }
            HostCommand::WriteReport => {
                self.want_report(Some(client));
                Ok(())
            }
            HostCommand::EndGame => match self.turn.stage {
                Over => Err("the game is already over".into()),
                _ => {
                    self.commit(Entry::Stage { stage: Over });
                    Ok(())
                }
            },
        }
    }
}
