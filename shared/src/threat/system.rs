//! The state system: the theory's view of a world.
//!
//! Whatever the source (a game board every phase, or a file about 1914), the threat model sees
//! the same things: states, their aggregate power, how far apart they are, what forces each can
//! bring against each other, and a ledger of what each has done to whom.

use crate::threat::file::{self, Border, Geography, StateSystemFile};

/// A state as the theory sees it.
#[derive(Debug, Clone)]
pub struct Actor {
    pub code: String,
    pub name: String,
    pub adjective: String,
    /// The doctrine that steers it (a name from [`crate::doctrine::DOCTRINES`]).
    pub doctrine: String,
    /// Its weights of the four criteria.
    pub weights: super::Weights,
    /// Misperception: `(other, factor)`: it sees `other`'s threat multiplied by `factor`.
    pub bias: Vec<(usize, f64)>,
}

/// The kinds of act that reveal intentions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum ActKind {
    Attack,
    SupportOfAttack,
    BrokenAlliance,
    BuildUp,
    PublicClaim,
    /// An orderly exit from an alliance, announced before any hostile act.
    LeftAlliance,
    /// Economic or military aid given to the target: friendly.
    Aid,
    /// A public promise to defend the target, or to respect its territory: friendly.
    Guarantee,
    /// A public concession to the target: forces withdrawn, a claim renounced, sanctions
    /// lifted, a dispute settled in its favour: friendly.
    Concession,
}

impl ActKind {
    /// How grave the act usually is, from 0 to 1.
    pub fn usual_gravity(self) -> f64 {
        match self {
            ActKind::Attack => 1.0,
            ActKind::SupportOfAttack => 0.6,
            ActKind::BrokenAlliance => 0.8,
            ActKind::BuildUp => 0.4,
            ActKind::PublicClaim => 0.5,
            ActKind::LeftAlliance => 0.2,
            ActKind::Aid => 0.5,
            ActKind::Guarantee => 0.7,
            ActKind::Concession => 0.4,
        }
    }

    /// Whether the act is friendly: it lowers the actor's intentions in the target's eyes
    /// (and raises them in the eyes of the target's enemies).
    pub fn is_friendly(self) -> bool {
        matches!(
            self,
            ActKind::Aid | ActKind::Guarantee | ActKind::Concession
        )
    }

    /// Words for explanations: "the attack on Venice".
    pub fn words(self) -> &'static str {
        match self {
            ActKind::Attack => "attack on",
            ActKind::SupportOfAttack => "support of an attack on",
            ActKind::BrokenAlliance => "broken alliance with",
            ActKind::BuildUp => "build-up against",
            ActKind::PublicClaim => "claim on",
            ActKind::LeftAlliance => "exit from the alliance with",
            ActKind::Aid => "aid to",
            ActKind::Guarantee => "guarantee of",
            ActKind::Concession => "concession to",
        }
    }
}

/// One act in the ledger.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Act {
    /// When, in years (a game's spring 1902 is 1902.0, its autumn 1902.5).
    pub time: f64,
    pub actor: usize,
    /// A state of the system (below its number of states), or an outsider: the ledger's
    /// outsider `target - states` (see [`Ledger::outsider`]).
    pub target: usize,
    pub kind: ActKind,
    pub gravity: f64,
    /// What happened, for people: "the attack on Venice (VEN)".
    pub note: String,
}

/// A state outside the system that acts were done to: a colony conquered, a state annexed or
/// no longer there. It takes no part in alignments; it only tells observers what an actor does.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Outsider {
    pub code: String,
    pub name: String,
    /// The system's states it lies near (an act on it is an act next door to them).
    pub near: Vec<usize>,
}

/// Who did what to whom, indexed by actor; and the outsiders acts were done to.
///
/// Acts are only ever added, so a ledger's stamp (unique to it: a copy gets a new one, since it
/// may then be given other acts) and the number of acts of each actor tell its acts exactly:
/// what the threat model read of a ledger it can reuse while both are the same.
///
/// It also keeps the acts' memory as running sums (see [`super::tally`]), updated as each act is
/// recorded, so that reading what the ledger holds does not cost more as it grows.
#[derive(Debug)]
pub struct Ledger {
    by_actor: Vec<Vec<Act>>,
    outsiders: Vec<Outsider>,
    stamp: u64,
    tally: super::tally::Tally,
}

/// A stamp no other ledger has.
fn new_stamp() -> u64 {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
    NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

impl Clone for Ledger {
    fn clone(&self) -> Ledger {
        Ledger {
            by_actor: self.by_actor.clone(),
            outsiders: self.outsiders.clone(),
            stamp: new_stamp(),
            tally: self.tally.clone(),
        }
    }
}

impl Default for Ledger {
    fn default() -> Ledger {
        Ledger::new(0)
    }
}

impl Ledger {
    pub fn new(states: usize) -> Ledger {
        Ledger {
            by_actor: vec![Vec::new(); states],
            outsiders: Vec::new(),
            stamp: new_stamp(),
            tally: super::tally::Tally::new(states),
        }
    }

    /// This ledger's stamp: no other ledger has it, and acts are only added to it.
    pub(crate) fn stamp(&self) -> u64 {
        self.stamp
    }

    /// How many states of the system the ledger is kept for.
    pub fn states(&self) -> usize {
        self.by_actor.len()
    }

    /// Adds an outsider; acts on it name the target returned.
    pub fn add_outsider(&mut self, outsider: Outsider) -> usize {
        self.outsiders.push(outsider);
        self.states() + self.outsiders.len() - 1
    }

    /// The outsider a target stands for, if it is not one of the system's states.
    pub fn outsider(&self, target: usize) -> Option<&Outsider> {
        target
            .checked_sub(self.states())
            .and_then(|k| self.outsiders.get(k))
    }

    pub fn outsiders(&self) -> &[Outsider] {
        &self.outsiders
    }

    pub fn record(&mut self, act: Act) {
        self.tally.record(&act);
        self.by_actor[act.actor].push(act);
    }

    /// The acts' memory as running sums.
    pub(crate) fn tally(&self) -> &super::tally::Tally {
        &self.tally
    }

    /// Every act of `actor`, oldest first.
    pub fn acts_of(&self, actor: usize) -> &[Act] {
        &self.by_actor[actor]
    }

    pub fn len(&self) -> usize {
        self.by_actor.iter().map(Vec::len).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The world as the threat model sees it.
#[derive(Debug, Clone)]
pub struct StateSystem {
    pub name: String,
    /// The present, in years.
    pub now: f64,
    pub actors: Vec<Actor>,
    /// Aggregate power: each state's share of the system's capabilities (sums to 1).
    pub power: Vec<f64>,
    /// Distances in neighbour units: 1 means bordering; n×n, row-major.
    pub distance: Vec<f64>,
    /// `offence[j * n + i]`: the forces `j` can bring against `i`, from 0 to 1.
    pub offence: Vec<f64>,
    pub ledger: Ledger,
    /// Ties in force when the system is read.
    pub ties: Vec<Tie>,
}

/// How a state came to be tied to another without choosing it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Imposition {
    /// Its territory is held by the other's forces.
    Occupation,
    /// Its regime was installed, or is kept, by the other.
    Satellite,
}

/// The kind of a tie in force.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum TieKind {
    /// Mutual defence, against `against` when it is named.
    Alliance { against: Option<usize> },
    /// `a` bandwagons with `b`, its patron: a free choice.
    Alignment,
    /// `a` is tied to `b` without choosing it: not free, and scored apart from free choices.
    Imposed(Imposition),
}

/// A tie in force when the system is read.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Tie {
    pub a: usize,
    pub b: usize,
    pub kind: TieKind,
    /// What it is, in words (may be empty).
    pub note: String,
}

/// A problem in a state-system file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}: {message}")]
pub struct SystemError {
    pub file: String,
    pub line: usize,
    pub message: String,
}

impl StateSystem {
    pub fn len(&self) -> usize {
        self.actors.len()
    }

    pub fn is_empty(&self) -> bool {
        self.actors.is_empty()
    }

    pub fn distance(&self, i: usize, j: usize) -> f64 {
        self.distance[i * self.len() + j]
    }

    pub fn offence(&self, from: usize, against: usize) -> f64 {
        self.offence[from * self.len() + against]
    }

    /// A state's standing: its power against the strongest state's (1 for the strongest).
    pub fn standing(&self, i: usize) -> f64 {
        let top = self.power.iter().copied().fold(0.0, f64::max);
        if top > 0.0 { self.power[i] / top } else { 0.0 }
    }

    /// The name of an act's target: a state's, or an outsider's.
    pub fn target_name(&self, target: usize) -> &str {
        match self.ledger.outsider(target) {
            Some(o) => &o.name,
            None => self.actors.get(target).map_or("?", |a| a.name.as_str()),
        }
    }

    /// The ties in force when the system was read, as alignments to start from.
    pub fn initial_alignments(&self) -> crate::alignment::Alignments {
        let mut a = crate::alignment::Alignments::new(self.len());
        for t in &self.ties {
            match t.kind {
                TieKind::Alliance { against: Some(x) } => a.ally_against(t.a, t.b, x),
                TieKind::Alliance { against: None } => a.ally(t.a, t.b),
                TieKind::Alignment => a.align_with(t.a, t.b),
                TieKind::Imposed(_) => a.impose(t.a, t.b),
            }
        }
        a
    }

    /// The tie imposed on `state`, if it is not free.
    pub fn imposed_on(&self, state: usize) -> Option<&Tie> {
        self.ties
            .iter()
            .find(|t| t.a == state && matches!(t.kind, TieKind::Imposed(_)))
    }

    pub fn find(&self, code: &str) -> Option<usize> {
        self.actors
            .iter()
            .position(|a| a.code.eq_ignore_ascii_case(code) || a.name.eq_ignore_ascii_case(code))
    }

    /// Reads a state system from RON text; `file` names it in errors.
    pub fn from_ron(file: &str, text: &str) -> Result<StateSystem, SystemError> {
        let parsed: StateSystemFile = ron::from_str(text).map_err(|e| SystemError {
            file: file.to_string(),
            line: e.span.start.line,
            message: e.code.to_string(),
        })?;
        from_file(file, text, parsed)
    }

    pub fn load(path: &str) -> Result<StateSystem, SystemError> {
        let text = std::fs::read_to_string(path).map_err(|e| SystemError {
            file: path.to_string(),
            line: 0,
            message: format!("cannot read the file: {e}"),
        })?;
        StateSystem::from_ron(path, &text)
    }
}

/// Aggregate power from whatever measures are given: as the Correlates of War's composite index,
/// the mean over measures of each state's share of the system total (measures nobody reports
/// are skipped; a state missing one measure is averaged over the rest).
pub fn power_index(capabilities: &[file::CapabilitiesEntry]) -> Vec<f64> {
    type Get = fn(&file::CapabilitiesEntry) -> Option<f64>;
    let measures: [Get; 8] = [
        |c| c.military_spending,
        |c| c.military_personnel,
        |c| c.iron_steel,
        |c| c.energy,
        |c| c.population,
        |c| c.urban_population,
        |c| c.centres,
        |c| c.units,
    ];
    let n = capabilities.len();
    let mut sum = vec![0.0; n];
    let mut count = vec![0usize; n];
    for get in measures {
        let values: Vec<Option<f64>> = capabilities
            .iter()
            .map(|c| get(c).filter(|v| v.is_finite() && *v >= 0.0))
            .collect();
        let total: f64 = values.iter().flatten().sum();
        if total <= 0.0 {
            continue;
        }
        for (i, v) in values.iter().enumerate() {
            if let Some(v) = v {
                sum[i] += v / total;
                count[i] += 1;
            }
        }
    }
    let raw: Vec<f64> = (0..n)
        .map(|i| {
            if count[i] == 0 {
                0.0
            } else {
                sum[i] / count[i] as f64
            }
        })
        .collect();
    let total: f64 = raw.iter().sum();
    if total <= 0.0 {
        return vec![1.0 / n.max(1) as f64; n];
    }
    raw.iter().map(|r| r / total).collect()
}

/// How many land borders a sea link counts for: water stops armies (Mearsheimer's "stopping
/// power of water"), so states across a narrow sea are near, but less near than land neighbours.
pub const SEA_LINK: f64 = 1.5;

/// Shortest paths over a contiguity list, each border weighing its length (1 for land).
pub fn border_distances(n: usize, borders: &[(usize, usize, f64)]) -> Vec<f64> {
    let mut neighbours = vec![Vec::new(); n];
    for &(a, b, w) in borders {
        neighbours[a].push((b, w));
        neighbours[b].push((a, w));
    }
    let mut out = vec![f64::INFINITY; n * n];
    for s in 0..n {
        // Dijkstra without a heap: small worlds, and it stays simple.
        let row = &mut out[s * n..(s + 1) * n];
        let mut done = vec![false; n];
        row[s] = 0.0;
        loop {
            let mut best = None;
            for v in 0..n {
                if !done[v] && row[v].is_finite() && best.is_none_or(|b: usize| row[v] < row[b]) {
                    best = Some(v);
                }
            }
            let Some(v) = best else { break };
            done[v] = true;
            for &(q, w) in &neighbours[v] {
                if row[v] + w < row[q] {
                    row[q] = row[v] + w;
                }
            }
        }
    }
    out
}

/// Rescales raw distances so that 1 is the typical distance between neighbours (the median, over
/// states, of the distance to the nearest other state), so that maps in hops and worlds in
/// kilometres read alike.
pub fn neighbour_units(n: usize, raw: &[f64]) -> Vec<f64> {
    let mut nearest: Vec<f64> = (0..n)
        .filter_map(|i| {
            (0..n)
                .filter(|&j| j != i)
                .map(|j| raw[i * n + j])
                .filter(|d| d.is_finite() && *d > 0.0)
                .min_by(f64::total_cmp)
        })
        .collect();
    if nearest.is_empty() {
        return raw.to_vec();
    }
    nearest.sort_by(f64::total_cmp);
    let unit = nearest[nearest.len() / 2];
    raw.iter().map(|d| d / unit).collect()
}

/// Offensive capability from forces and distance: the forces `j` can bring to bear on `i`
/// (projected over the distance, farther for greater powers: see [`super::projection`]), both
/// relative to what `i` has to meet them with and absolute, against the system's largest forces;
/// the two are joined as either making the forces dangerous: `1 − (1 − relative)(1 − absolute)`.
/// `power` gives each state's standing (its reach).
pub fn offence_from_forces(forces: &[f64], distance: &[f64], power: &[f64]) -> Vec<f64> {
    let n = forces.len();
    let top_force = forces.iter().copied().fold(0.0, f64::max);
    let top_power = power.iter().copied().fold(0.0, f64::max);
    let mut out = vec![0.0; n * n];
    for j in 0..n {
        let standing = if top_power > 0.0 {
            power[j] / top_power
        } else {
            0.0
        };
        for i in 0..n {
            if i == j {
                continue;
            }
            let reach = forces[j] * super::projection(distance[j * n + i], standing);
            let sum = reach + forces[i];
            let relative = if sum > 0.0 { reach / sum } else { 0.0 };
            let absolute = if top_force > 0.0 {
                reach / top_force
            } else {
                0.0
            };
            out[j * n + i] = 1.0 - (1.0 - relative) * (1.0 - absolute);
        }
    }
    out
}

/// Forces for offensive capability: military personnel where given; a state without the figure
/// gets its aggregate power times the personnel per unit of power of the states that give it (so
/// that it is on the same scale), or its power alone when nobody gives personnel.
pub fn forces_from(personnel: &[Option<f64>], power: &[f64]) -> Vec<f64> {
    let known: Vec<(f64, f64)> = personnel
        .iter()
        .zip(power)
        .filter_map(|(f, p)| f.filter(|v| v.is_finite() && *v >= 0.0).map(|f| (f, *p)))
        .collect();
    let (f_sum, p_sum) = known
        .iter()
        .fold((0.0, 0.0), |(a, b), (f, p)| (a + f, b + p));
    let per_power = if p_sum > 0.0 && f_sum > 0.0 {
        f_sum / p_sum
    } else {
        1.0
    };
    personnel
        .iter()
        .zip(power)
        .map(|(f, p)| {
            f.filter(|v| v.is_finite() && *v >= 0.0)
                .unwrap_or(p * per_power)
        })
        .collect()
}

fn from_file(name: &str, text: &str, f: StateSystemFile) -> Result<StateSystem, SystemError> {
    let line_of = |needle: &str| {
        let q = format!("\"{needle}\"");
        text.lines()
            .position(|l| l.contains(&q))
            .map_or(0, |i| i + 1)
    };
    let err = |needle: &str, message: String| SystemError {
        file: name.to_string(),
        line: line_of(needle),
        message,
    };
    // Every field is checked first, each problem with its line; what follows builds the system.
    if let Some(first) = f.problems(name, text).into_iter().next() {
        return Err(first);
    }
    let n = f.states.len();
    let find = |code: &str| -> Result<usize, SystemError> {
        f.states
            .iter()
            .position(|s| s.code == code)
            .ok_or_else(|| err(code, format!("`{code}` is not one of the states' codes")))
    };
    let mut actors = Vec::with_capacity(n);
    for s in &f.states {
        // By its machine name, however the file spells it.
        let doctrine = s
            .doctrine
            .as_deref()
            .and_then(crate::doctrine::by_name)
            .map_or(crate::doctrine::DEFAULT, |d| d.name())
            .to_string();
        let weights = match &s.weights {
            None => super::Weights::default(),
            Some(w) => super::Weights::new(w.power, w.proximity, w.offence, w.intentions)
                .map_err(|m| err(&s.code, format!("state `{}`: {m}", s.code)))?,
        };
        let mut bias = Vec::new();
        for b in &s.bias {
            bias.push((find(&b.towards)?, b.factor));
        }
        actors.push(Actor {
            code: s.code.clone(),
            name: s.name.clone(),
            adjective: s.adjective.clone(),
            doctrine,
            weights,
            bias,
        });
    }
    let caps: Vec<file::CapabilitiesEntry> =
        f.states.iter().map(|s| s.capabilities.clone()).collect();
    let power = power_index(&caps);
    let raw = match &f.geography {
        Geography::Contiguity(list) => {
            let mut borders = Vec::new();
            for (a, b, kind) in list {
                let length = if *kind == Border::Sea { SEA_LINK } else { 1.0 };
                borders.push((find(a)?, find(b)?, length));
            }
            border_distances(n, &borders)
        }
        Geography::Coordinates(points) => {
            let mut at = vec![None; n];
            for (code, x, y) in points {
                at[find(code)?] = Some((*x, *y));
            }
            let mut d = vec![0.0; n * n];
            for i in 0..n {
                for j in 0..n {
                    let (Some(a), Some(b)) = (at[i], at[j]) else {
                        let missing = if at[i].is_none() { i } else { j };
                        return Err(err(
                            &f.states[missing].code,
                            format!("state `{}` has no coordinates", f.states[missing].code),
                        ));
                    };
                    d[i * n + j] = ((a.0 - b.0).powi(2) + (a.1 - b.1).powi(2)).sqrt();
                }
            }
            d
        }
        Geography::Distances(rows) => {
            if rows.len() != n || rows.iter().any(|r| r.len() != n) {
                return Err(SystemError {
                    file: name.into(),
                    line: text
                        .lines()
                        .position(|l| l.contains("Distances"))
                        .map_or(0, |i| i + 1),
                    message: format!(
                        "the distance matrix must be {n} rows of {n} numbers, in the order of `states`"
                    ),
                });
            }
            rows.iter().flatten().copied().collect()
        }
    };
    let distance = neighbour_units(n, &raw);
    // Offensive forces: military personnel where given, otherwise estimated from power.
    let personnel: Vec<Option<f64>> = f
        .states
        .iter()
        .map(|s| s.capabilities.military_personnel)
        .collect();
    let forces = forces_from(&personnel, &power);
    let offence = offence_from_forces(&forces, &distance, &power);
    let mut ledger = Ledger::new(n);
    for o in &f.outsiders {
        let near = o
            .near
            .iter()
            .map(|c| find(c))
            .collect::<Result<Vec<_>, _>>()?;
        ledger.add_outsider(Outsider {
            code: o.code.clone(),
            name: o.name.clone(),
            near,
        });
    }
    let target_of = |code: &str| -> Result<usize, SystemError> {
        match f.outsiders.iter().position(|o| o.code == code) {
            Some(k) => Ok(n + k),
            None => find(code),
        }
    };
    for a in &f.acts {
        let kind = a.kind.kind();
        let gravity = a.gravity.unwrap_or(kind.usual_gravity());
        ledger.record(Act {
            time: a.year,
            actor: find(&a.actor)?,
            target: target_of(&a.target)?,
            kind,
            gravity,
            note: a.note.clone(),
        });
    }
    let mut ties = Vec::new();
    for a in &f.alliances {
        let members = a
            .members
            .iter()
            .map(|m| find(m))
            .collect::<Result<Vec<_>, _>>()?;
        let against = a.against.as_deref().map(find).transpose()?;
        let first = a.members.first().map_or("", |m| m.as_str());
        let tie = |x: usize, y: usize, kind: TieKind| Tie {
            a: x,
            b: y,
            kind,
            note: String::new(),
        };
        match a.kind.as_deref().unwrap_or("Alliance") {
            "Alliance" => {
                for (k, &x) in members.iter().enumerate() {
                    for &y in &members[k + 1..] {
                        ties.push(tie(x, y, TieKind::Alliance { against }));
                    }
                }
            }
            "Alignment" if members.len() == 2 => {
                ties.push(tie(members[0], members[1], TieKind::Alignment))
            }
            other => {
                return Err(err(
                    first,
                    format!(
                        "alliance of `{first}`: kind `{other}` must be `Alliance`, or `Alignment` with two members (junior, patron)"
                    ),
                ));
            }
        }
    }
    for t in &f.imposed {
        ties.push(Tie {
            a: find(&t.state)?,
            b: find(&t.by)?,
            kind: TieKind::Imposed(match t.kind {
                file::ImpositionEntry::Occupation => Imposition::Occupation,
                file::ImpositionEntry::Satellite => Imposition::Satellite,
            }),
            note: t.note.clone(),
        });
    }
    Ok(StateSystem {
        name: f.name.clone(),
        now: f.year,
        actors,
        power,
        distance,
        offence,
        ledger,
        ties,
    })
}
