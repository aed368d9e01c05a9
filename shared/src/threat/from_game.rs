//! The state system of a game in progress, derived from the board every phase.

use crate::map::ProvinceId;
use crate::rules::Game;
use crate::threat::file::CapabilitiesEntry;
use crate::threat::system::{Act, ActKind, Actor, Ledger, StateSystem, power_index};

/// Provinces each state holds: owned centres (in the map's order) and then where its units
/// stand (in the board's order) when it does not own the province; and how many of them it owns.
fn territories(game: &Game, n: usize) -> (Vec<Vec<ProvinceId>>, Vec<usize>) {
    let position = game.position();
    let map = &game.scenario().map;
    let mut out: Vec<Vec<ProvinceId>> = vec![Vec::new(); n];
    for p in map.province_ids() {
        if let Some(o) = position.owners[p.index()]
            && o.index() < n
        {
            out[o.index()].push(p);
        }
    }
    let owned: Vec<usize> = out.iter().map(Vec::len).collect();
    for (p, u) in position.units() {
        let s = u.state.index();
        // One unit a province: its province is already there only if the state owns it.
        if s < n && position.owners[p.index()] != Some(u.state) {
            out[s].push(p);
        }
    }
    (out, owned)
}

/// Builds the theory's view of a game: power from centres, units and the scenario's latent
/// power; distances between territories on the map; offensive capability from units within one
/// or two moves of another state's territory; the ledger as given.
pub fn from_game(game: &Game, ledger: Ledger, now: f64) -> StateSystem {
    let scenario = game.scenario();
    let map = &scenario.map;
    let n = scenario.states.len();
    let position = game.position();
    let (centres, units) = (position.centre_counts(n), position.unit_counts(n));
    let caps: Vec<CapabilitiesEntry> = scenario
        .state_ids()
        .map(|s| {
            let latent = scenario.file.states[s.index()]
                .latent_power
                .clone()
                .unwrap_or_default();
            CapabilitiesEntry {
                centres: Some(centres[s.index()] as f64),
                units: Some(units[s.index()] as f64),
                population: latent.population,
                iron_steel: latent.industry,
                military_spending: latent.military_spending,
                ..Default::default()
            }
        })
        .collect();
    let power = power_index(&caps);
    let (territories, owned) = territories(game, n);
    // Distance from every state's territory to every province.
    let reach: Vec<Vec<u32>> = territories.iter().map(|t| map.distances_from(t)).collect();
    // Distance in `i`'s eyes: how far `j`'s territory lies from `i`'s centres on average (from
    // its home centres when it holds none), less 0.8, at least one. A state that touches one
    // corner of `i` is farther than one pressing on all of it, so proximity keeps telling
    // neighbours apart as the map fills up (with "less one", a neighbour two steps from every
    // centre on average was already at the ceiling: 35% of pairs from 1905 on; now 26%).
    let mut raw = vec![0.0; n * n];
    for i in 0..n {
        let held: &[ProvinceId] = if owned[i] == 0 {
            &scenario.states[i].home_centres
        } else {
            &territories[i][..owned[i]]
        };
        for j in 0..n {
            if i == j {
                continue;
            }
            // The sum of whole distances, exact in an f64 as in the integers.
            let (mut sum, mut reached) = (0u64, 0usize);
            for p in held {
                let d = reach[j][p.index()];
                if d != u32::MAX {
                    sum += d as u64;
                    reached += 1;
                }
            }
            raw[i * n + j] = if reached == 0 || territories[j].is_empty() {
                f64::INFINITY
            } else {
                let mean = sum as f64 / reached as f64;
                (mean - 0.8).max(1.0)
            };
        }
    }
    let distance = raw;
    // Offence: units of j one move from i's territory count fully, two moves half.
    let mut strike = vec![0.0; n * n];
    let mut units_of = vec![0usize; n];
    for (p, u) in position.units() {
        let j = u.state.index();
        units_of[j] += 1;
        for i in 0..n {
            if i != j {
                strike[j * n + i] += match reach[i][p.index()] {
                    0 | 1 => 1.0,
                    2 => 0.5,
                    _ => 0.0,
                };
            }
        }
    }
    let mut offence = vec![0.0; n * n];
    for i in 0..n {
        let defence = units_of[i].max(1) as f64;
        for j in 0..n {
            let s = strike[j * n + i];
            if i != j && s > 0.0 {
                offence[j * n + i] = s / (s + defence);
            }
        }
    }
    let actors = scenario
        .states
        .iter()
        .zip(&scenario.file.states)
        .map(|(s, f)| Actor {
            code: s.code.clone(),
            name: s.name.clone(),
            adjective: s.adjective.clone(),
            doctrine: f
                .doctrine
                .clone()
                .unwrap_or_else(|| crate::doctrine::DEFAULT.to_string()),
            weights: f
                .threat_weights
                .as_ref()
                .and_then(|w| {
                    super::Weights::new(w.power, w.proximity, w.offence, w.intentions).ok()
                })
                .unwrap_or_default(),
            bias: f
                .bias
                .iter()
                .filter_map(|(code, factor)| {
                    scenario
                        .find_state(code)
                        .map(|s| (s.index(), factor.max(0.0)))
                })
                .collect(),
        })
        .collect();
    StateSystem {
        name: scenario.name.clone(),
        now,
        actors,
        power,
        distance,
        offence,
        ledger,
        ties: Vec::new(),
    }
}

/// The game's calendar in years: spring 1902 is 1902.0, autumn 1902.5, winter 1902.75.
pub fn phase_time(phase: crate::rules::Phase) -> f64 {
    use crate::rules::Season;
    phase.year as f64
        + match phase.season {
            Season::Spring => 0.0,
            Season::Autumn => 0.5,
            Season::Winter => 0.75,
        }
}

/// The acts a resolved phase reveals: moves into another state's unit or centre are attacks
/// (graver when they succeed), supports of such moves are supports of an attack, and builds next
/// to another state's territory are build-ups. `before` is the game as it stood before the phase.
pub fn acts_of_phase(before: &Game, report: &crate::rules::PhaseReport) -> Vec<Act> {
    acts_of_phase_read(before, report, &[])
}

/// [`acts_of_phase`], with the orders of the report's lines already read: `read[k]` is the
/// order of line `k` as it was given to the rules (whose canonical text the line holds), or
/// `None` to read the line's text again.
pub fn acts_of_phase_read(
    before: &Game,
    report: &crate::rules::PhaseReport,
    read: &[Option<crate::rules::Order>],
) -> Vec<Act> {
    use crate::rules::{Order, Outcome};
    let scenario = before.scenario();
    let map = &scenario.map;
    let position = before.position();
    let time = phase_time(report.phase);
    // Who a move into `p` is aimed at: the unit standing there, else the centre's owner.
    let victim = |p: ProvinceId| {
        position
            .unit_in(p)
            .map(|u| u.state)
            .or(position.owners[p.index()])
    };
    let mut acts = Vec::new();
    for (k, line) in report.orders.iter().enumerate() {
        if line.automatic || matches!(line.outcome, Outcome::Illegal(_) | Outcome::Replaced) {
            continue;
        }
        let order = match read.get(k).copied().flatten() {
            Some(order) => order,
            None => match scenario.parse_order(&line.order) {
                Ok(order) => order,
                Err(_) => continue,
            },
        };
        let actor = line.state;
        let (kind, target_province, gravity) = match order {
            Order::Move { to, .. } => (
                ActKind::Attack,
                to.province,
                if line.outcome.succeeded() {
                    BOARD_ATTACK_TAKEN
                } else {
                    BOARD_ATTACK_HELD
                },
            ),
            Order::SupportMove { to, .. } => (ActKind::SupportOfAttack, to.province, BOARD_SUPPORT),
            Order::Build { place, .. } => {
                // A build-up against every other state whose territory is within a move.
                for s in scenario.state_ids().filter(|&s| s != actor) {
                    let near = map.any_neighbours()[place.province.index()]
                        .iter()
                        .any(|&q| victim(q) == Some(s));
                    if near {
                        acts.push(Act {
                            time,
                            actor: actor.index(),
                            target: s.index(),
                            kind: ActKind::BuildUp,
                            gravity: BOARD_BUILD_UP,
                            note: format!("the build in {}", map.province(place.province).name),
                        });
                    }
                }
                continue;
            }
            _ => continue,
        };
        let Some(target) = victim(target_province) else {
            continue;
        };
        if target == actor {
            continue;
        }
        let name = &map.province(target_province).name;
        acts.push(Act {
            time,
            actor: actor.index(),
            target: target.index(),
            kind,
            gravity,
            note: match kind {
                ActKind::Attack => format!("the attack on {name}"),
                _ => format!("the support of an attack on {name}"),
            },
        });
    }
    one_act_a_pair(acts)
}

/// How grave a phase's acts on the board are: a move held off is an incident, one that takes the
/// province more; supporting someone else's attack and building next to a neighbour less.
pub const BOARD_ATTACK_HELD: f64 = 0.25;
pub const BOARD_ATTACK_TAKEN: f64 = 0.45;
pub const BOARD_SUPPORT: f64 = 0.15;
pub const BOARD_BUILD_UP: f64 = 0.08;
/// What each further act of the same kind against the same state in one phase adds.
pub const BOARD_MORE: f64 = 0.05;

/// One act of each kind a pair and phase: a phase's five moves against one neighbour are one
/// campaign, graver than one move but not five times as grave (otherwise every war drives the
/// intention term to its ceiling within a year and it stops telling states apart).
fn one_act_a_pair(acts: Vec<Act>) -> Vec<Act> {
    let mut out: Vec<(Act, usize, Vec<String>)> = Vec::new();
    for act in acts {
        match out
            .iter_mut()
            .find(|(a, _, _)| a.actor == act.actor && a.target == act.target && a.kind == act.kind)
        {
            Some((a, count, notes)) => {
                *count += 1;
                a.gravity = a.gravity.max(act.gravity);
                notes.push(act.note);
            }
            None => out.push((act, 1, Vec::new())),
        }
    }
    out.into_iter()
        .map(|(mut a, count, notes)| {
            a.gravity = (a.gravity + BOARD_MORE * (count - 1) as f64).min(1.0);
            if !notes.is_empty() {
                a.note = format!("{} and {} more", a.note, notes.len());
            }
            a
        })
        .collect()
}

/// The acts a scenario remembers from before the game (its `history`), as a ledger to start from.
/// The loader has checked and resolved every act, so each one is recorded.
pub fn scenario_ledger(scenario: &crate::scenario::Scenario) -> Ledger {
    let mut ledger = Ledger::new(scenario.states.len());
    for act in &scenario.history {
        ledger.record(act.clone());
    }
    ledger
}

/// The ties a scenario puts in force at the start (its `alliances`).
pub fn scenario_alignments(scenario: &crate::scenario::Scenario) -> crate::alignment::Alignments {
    let mut a = crate::alignment::Alignments::new(scenario.states.len());
    for tie in &scenario.file.alliances {
        let members: Vec<usize> = tie
            .members
            .iter()
            .filter_map(|m| scenario.find_state(m))
            .map(|s| s.index())
            .collect();
        if tie.kind.as_deref() == Some("Alignment") && members.len() == 2 {
            a.align_with(members[0], members[1]);
        } else {
            for (k, &x) in members.iter().enumerate() {
                for &y in &members[k + 1..] {
                    a.ally(x, y);
                }
            }
        }
    }
    a
}
