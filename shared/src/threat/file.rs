//! A state system written by hand, with no map: RON, format version 1.
//!
//! This is how a researcher or a teacher asks the theory about a world that is not a game board:
//! the states, what they have, where they are, and what they have done. `entente-server analyze`
//! reads it. See `docs/state-systems.md` for a guide and a worked example.

use serde::Deserialize;

use crate::scenario::lines::Lines;
use crate::threat::{SystemError, Weights};

pub const FORMAT_VERSION: u32 = 1;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StateSystemFile {
    /// Must be [`FORMAT_VERSION`].
    pub format: u32,
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// The year the situation is seen from; acts fade with the years since.
    pub year: f64,
    /// Where the figures come from.
    #[serde(default)]
    pub sources: Vec<String>,
    pub states: Vec<StateEntry>,
    /// Geography, one of three forms (see [`Geography`]).
    pub geography: Geography,
    /// States outside the system that acts were done to (a colony conquered, a state annexed),
    /// each with the system's states it lies near.
    #[serde(default)]
    pub outsiders: Vec<OutsiderEntry>,
    /// What each state has done to others: the evidence of intentions.
    #[serde(default)]
    pub acts: Vec<ActEntry>,
    /// Alliances and alignments already in force, freely chosen (empty to ask the theory from
    /// scratch).
    #[serde(default)]
    pub alliances: Vec<AllianceEntry>,
    /// Ties not chosen: states occupied, or ruled by a regime another state installed or keeps.
    /// They are kept as they are, and reported and scored apart from free choices.
    #[serde(default)]
    pub imposed: Vec<ImposedEntry>,
}

/// A state outside the system, named so that acts on it can be recorded.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OutsiderEntry {
    /// Its code, used as an act's `target`; not one of the states' codes.
    pub code: String,
    pub name: String,
    /// The codes of the system's states it lies near (at least one).
    pub near: Vec<String>,
}

/// A tie imposed on a state.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImposedEntry {
    /// The state that is not free.
    pub state: String,
    /// The state that imposes the tie.
    pub by: String,
    pub kind: ImpositionEntry,
    #[serde(default)]
    pub since: Option<f64>,
    #[serde(default)]
    pub note: String,
}

/// How a tie is imposed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum ImpositionEntry {
    /// The state's territory is held by the other's forces.
    Occupation,
    /// The state's regime was installed, or is kept, by the other.
    Satellite,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StateEntry {
    /// Short identifier used elsewhere in the file, e.g. `"GMY"`.
    pub code: String,
    pub name: String,
    #[serde(default)]
    pub adjective: String,
    pub capabilities: CapabilitiesEntry,
    /// Which doctrine steers it (`balance_of_threat` by default).
    #[serde(default)]
    pub doctrine: Option<String>,
    /// Weights of the four criteria for this state, if not the defaults.
    #[serde(default)]
    pub weights: Option<WeightsEntry>,
    /// Misperception: this state sees the named state's threat multiplied by `factor`
    /// (above 1 over-rates it, below 1 under-rates it).
    #[serde(default)]
    pub bias: Vec<BiasEntry>,
}

/// Whatever measures of aggregate power a source gives; missing ones are left out of the index.
/// Units are the source's (Correlates of War: thousands).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CapabilitiesEntry {
    #[serde(default)]
    pub military_spending: Option<f64>,
    #[serde(default)]
    pub military_personnel: Option<f64>,
    #[serde(default)]
    pub iron_steel: Option<f64>,
    #[serde(default)]
    pub energy: Option<f64>,
    #[serde(default)]
    pub population: Option<f64>,
    #[serde(default)]
    pub urban_population: Option<f64>,
    /// On a game board: supply centres and units.
    #[serde(default)]
    pub centres: Option<f64>,
    #[serde(default)]
    pub units: Option<f64>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WeightsEntry {
    pub power: f64,
    pub proximity: f64,
    pub offence: f64,
    pub intentions: f64,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BiasEntry {
    pub towards: String,
    pub factor: f64,
}

/// Where the states are, in one of three forms.
#[derive(Debug, Clone, Deserialize)]
pub enum Geography {
    /// Who borders whom: `Land` borders (armies cross) and `Sea` links (across a narrow sea).
    /// Distances are the fewest borders crossed between two states.
    Contiguity(Vec<(String, String, Border)>),
    /// A point for each state (e.g. its capital, in km on any flat projection).
    Coordinates(Vec<(String, f64, f64)>),
    /// A full matrix of distances in the order of `states` (any unit; zero on the diagonal).
    Distances(Vec<Vec<f64>>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum Border {
    Land,
    Sea,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActEntry {
    pub year: f64,
    pub actor: String,
    pub target: String,
    pub kind: ActKindEntry,
    /// How grave, from 0 to 1; the kind's usual gravity when left out.
    #[serde(default)]
    pub gravity: Option<f64>,
    /// What happened, in words, for the reasons shown to people.
    #[serde(default)]
    pub note: String,
}

/// The kinds of act the ledger knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum ActKindEntry {
    /// An armed attack on the target's territory or forces.
    Attack,
    /// Support given to someone else's attack on the target.
    SupportOfAttack,
    /// Leaving or betraying an alliance with the target.
    BrokenAlliance,
    /// Forces massed or armaments raised against the target.
    BuildUp,
    /// A public claim on the target's territory, a threat, an ultimatum.
    PublicClaim,
    /// Economic or military aid given to the target (friendly).
    Aid,
    /// A public promise to defend the target, or to respect its territory (friendly).
    Guarantee,
    /// A public concession to the target: forces withdrawn, a claim renounced, sanctions lifted
    /// (friendly).
    Concession,
}

impl ActKindEntry {
    /// The ledger's kind of act.
    pub fn kind(self) -> crate::threat::ActKind {
        use crate::threat::ActKind;
        match self {
            ActKindEntry::Attack => ActKind::Attack,
            ActKindEntry::SupportOfAttack => ActKind::SupportOfAttack,
            ActKindEntry::BrokenAlliance => ActKind::BrokenAlliance,
            ActKindEntry::BuildUp => ActKind::BuildUp,
            ActKindEntry::PublicClaim => ActKind::PublicClaim,
            ActKindEntry::Aid => ActKind::Aid,
            ActKindEntry::Guarantee => ActKind::Guarantee,
            ActKindEntry::Concession => ActKind::Concession,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AllianceEntry {
    pub members: Vec<String>,
    /// `Alliance` (mutual defence) or `Alignment` (the first member bandwagons with the second).
    #[serde(default)]
    pub kind: Option<String>,
    /// The code of the state an alliance is against, when it is known; otherwise the analysis
    /// names the members' common greatest threat.
    #[serde(default)]
    pub against: Option<String>,
    #[serde(default)]
    pub since: Option<f64>,
}

/// Every problem in a state-system file, each with its line (empty when the file is good).
pub fn check(file: &str, text: &str) -> Vec<SystemError> {
    match ron::from_str::<StateSystemFile>(text) {
        Ok(parsed) => parsed.problems(file, text),
        Err(e) => vec![SystemError {
            file: file.to_string(),
            line: e.span.start.line,
            message: e.code.to_string(),
        }],
    }
}

impl StateSystemFile {
    /// Every problem the analysis would meet later, each with the line it is written on in
    /// `text` (`file` names it): the format version, the states' codes, figures, doctrines,
    /// weights and biases, the geography, the acts and the alliances. Every number must be finite
    /// and in its range, every code one of the states'.
    pub fn problems(&self, file: &str, text: &str) -> Vec<SystemError> {
        let mut check = Checker {
            file,
            lines: Lines::of(text),
            codes: self.states.iter().map(|s| s.code.as_str()).collect(),
            outsiders: self.outsiders.iter().map(|o| o.code.as_str()).collect(),
            problems: Vec::new(),
        };
        if self.format != FORMAT_VERSION {
            check.note(
                "format",
                format!(
                    "format version {} is not known; this build reads version {FORMAT_VERSION}",
                    self.format
                ),
            );
        }
        if self.states.len() < 2 {
            check.note("states", "a state system needs at least two states".into());
        }
        if !self.year.is_finite() {
            check.note("year", format!("year must be a number, not {}", self.year));
        }
        for (i, s) in self.states.iter().enumerate() {
            check.state(i, s);
        }
        check.geography(&self.geography);
        check.outsiders(&self.outsiders);
        for (k, act) in self.acts.iter().enumerate() {
            check.act(k, act, self.year);
        }
        check.alliances(&self.alliances, self.year);
        check.imposed(&self.imposed, &self.alliances, self.year);
        check.problems
    }
}

/// Gathers the problems of one file.
struct Checker<'a> {
    file: &'a str,
    lines: Lines,
    /// The states' codes, in order.
    codes: Vec<&'a str>,
    /// The outsiders' codes, in order.
    outsiders: Vec<&'a str>,
    problems: Vec<SystemError>,
}

impl Checker<'_> {
    /// A problem with the value at `path` (as in `states[2].doctrine`).
    fn note(&mut self, path: &str, message: String) {
        let problem = SystemError {
            file: self.file.to_string(),
            line: self.lines.line(path),
            message,
        };
        if !self.problems.contains(&problem) {
            self.problems.push(problem);
        }
    }

    /// The state with this code (codes are matched exactly); a problem at `path` when none.
    fn code(&mut self, path: &str, code: &str, what: &str) -> Option<usize> {
        let found = self.codes.iter().position(|c| *c == code);
        if found.is_none() {
            self.note(
                path,
                format!("{what}: `{code}` is not one of the states' codes"),
            );
        }
        found
    }

    fn state(&mut self, i: usize, s: &StateEntry) {
        let code = &s.code;
        if self.codes[..i].contains(&code.as_str()) {
            self.note(
                &format!("states[{i}].code"),
                format!("state `{code}` is listed twice"),
            );
        }
        let c = &s.capabilities;
        for (name, value) in [
            ("military_spending", c.military_spending),
            ("military_personnel", c.military_personnel),
            ("iron_steel", c.iron_steel),
            ("energy", c.energy),
            ("population", c.population),
            ("urban_population", c.urban_population),
            ("centres", c.centres),
            ("units", c.units),
        ] {
            if let Some(v) = value
                && !(v.is_finite() && v >= 0.0)
            {
                self.note(
                    &format!("states[{i}].capabilities.{name}"),
                    format!(
                        "state `{code}`: {name} must be a number of 0 or more, not {v} (leave an unknown figure out)"
                    ),
                );
            }
        }
        if let Some(doctrine) = &s.doctrine
            && crate::doctrine::by_name(doctrine).is_none()
        {
            self.note(
                &format!("states[{i}].doctrine"),
                format!(
                    "state `{code}`: no doctrine `{doctrine}`; known: {}",
                    crate::doctrine::DOCTRINES.join(", ")
                ),
            );
        }
        if let Some(w) = &s.weights
            && let Err(why) = Weights::new(w.power, w.proximity, w.offence, w.intentions)
        {
            self.note(
                &format!("states[{i}].weights"),
                format!("state `{code}`: {why}"),
            );
        }
        for (k, b) in s.bias.iter().enumerate() {
            let path = format!("states[{i}].bias[{k}]");
            let what = format!("state `{code}`: bias");
            match self.code(&format!("{path}.towards"), &b.towards, &what) {
                Some(j) if j == i => self.note(
                    &path,
                    format!("state `{code}`: a bias towards itself means nothing"),
                ),
                Some(_) if s.bias[..k].iter().any(|o| o.towards == b.towards) => self.note(
                    &path,
                    format!(
                        "state `{code}`: the bias towards `{}` is given twice",
                        b.towards
                    ),
                ),
                _ => {}
            }
            if !(b.factor.is_finite() && b.factor >= 0.0) {
                self.note(
                    &format!("{path}.factor"),
                    format!(
                        "state `{code}`: bias towards `{}`: the factor must be a number of 0 or more, not {}",
                        b.towards, b.factor
                    ),
                );
            }
        }
    }

    fn geography(&mut self, geography: &Geography) {
        let n = self.codes.len();
        match geography {
            Geography::Contiguity(borders) => {
                for (k, (a, b, _)) in borders.iter().enumerate() {
                    let path = format!("geography[{k}]");
                    let x = self.code(&format!("{path}[0]"), a, "geography");
                    let y = self.code(&format!("{path}[1]"), b, "geography");
                    if x.is_some() && x == y {
                        self.note(&path, format!("geography: `{a}` borders itself"));
                    }
                }
            }
            Geography::Coordinates(points) => {
                let mut given = vec![false; n];
                for (k, (code, x, y)) in points.iter().enumerate() {
                    let path = format!("geography[{k}]");
                    if let Some(i) = self.code(&format!("{path}[0]"), code, "geography") {
                        if given[i] {
                            self.note(&path, format!("geography: state `{code}` has two points"));
                        }
                        given[i] = true;
                    }
                    if !(x.is_finite() && y.is_finite()) {
                        self.note(
                            &path,
                            format!("geography: the point of `{code}` must be two numbers, not ({x}, {y})"),
                        );
                    }
                }
                if let Some(i) = given.iter().position(|g| !g) {
                    let code = self.codes[i];
                    self.note("geography", format!("state `{code}` has no coordinates"));
                }
            }
            Geography::Distances(rows) => {
                if rows.len() != n || rows.iter().any(|r| r.len() != n) {
                    self.note(
                        "geography",
                        format!(
                            "the distance matrix must be {n} rows of {n} numbers, in the order of `states`"
                        ),
                    );
                    return;
                }
                for (i, row) in rows.iter().enumerate() {
                    for (j, &d) in row.iter().enumerate() {
                        let path = format!("geography[{i}][{j}]");
                        let (a, b) = (self.codes[i], self.codes[j]);
                        if !(d.is_finite() && d >= 0.0) {
                            self.note(
                                &path,
                                format!("geography: the distance from `{a}` to `{b}` must be a number of 0 or more, not {d}"),
                            );
                        } else if i == j && d != 0.0 {
                            self.note(
                                &path,
                                format!("geography: the distance from `{a}` to itself must be 0, not {d}"),
                            );
                        } else if j < i && d != rows[j][i] {
                            self.note(
                                &path,
                                format!(
                                    "geography: the distance from `{a}` to `{b}` is {d}, but from `{b}` to `{a}` it is {}; a distance is the same both ways",
                                    rows[j][i]
                                ),
                            );
                        }
                    }
                }
            }
        }
    }

    fn outsiders(&mut self, outsiders: &[OutsiderEntry]) {
        for (k, o) in outsiders.iter().enumerate() {
            let path = format!("outsiders[{k}]");
            if self.codes.contains(&o.code.as_str()) {
                self.note(
                    &format!("{path}.code"),
                    format!(
                        "outsider `{}`: the code is one of the states'; an outsider is outside the system",
                        o.code
                    ),
                );
            }
            if self.outsiders[..k].contains(&o.code.as_str()) {
                self.note(
                    &format!("{path}.code"),
                    format!("outsider `{}` is listed twice", o.code),
                );
            }
            if o.near.is_empty() {
                self.note(
                    &format!("{path}.near"),
                    format!(
                        "outsider `{}`: say which of the system's states it lies near (at least one)",
                        o.code
                    ),
                );
            }
            for (m, code) in o.near.iter().enumerate() {
                let what = format!("outsider `{}`: near", o.code);
                self.code(&format!("{path}.near[{m}]"), code, &what);
            }
        }
    }

    fn act(&mut self, k: usize, act: &ActEntry, year: f64) {
        let path = format!("acts[{k}]");
        let actor = self.code(&format!("{path}.actor"), &act.actor, "act");
        let target = if self.outsiders.contains(&act.target.as_str()) {
            None
        } else {
            self.code(&format!("{path}.target"), &act.target, "act")
        };
        if actor.is_some() && actor == target {
            self.note(
                &path,
                format!("act by `{}`: a state acts on itself", act.actor),
            );
        }
        if let Some(g) = act.gravity
            && !(0.0..=1.0).contains(&g)
        {
            self.note(
                &format!("{path}.gravity"),
                format!("act by `{}`: gravity {g} must be from 0 to 1", act.actor),
            );
        }
        if !act.year.is_finite() {
            self.note(
                &format!("{path}.year"),
                format!(
                    "act by `{}`: year must be a number, not {}",
                    act.actor, act.year
                ),
            );
        } else if act.year > year {
            self.note(
                &format!("{path}.year"),
                format!(
                    "act by `{}` in {} is after the system's year {year}",
                    act.actor, act.year
                ),
            );
        }
    }

    fn alliances(&mut self, alliances: &[AllianceEntry], year: f64) {
        let mut aligned = vec![false; self.codes.len()];
        for (k, tie) in alliances.iter().enumerate() {
            let path = format!("alliances[{k}]");
            let mut members = Vec::new();
            for (m, code) in tie.members.iter().enumerate() {
                let at = format!("{path}.members[{m}]");
                match self.code(&at, code, "alliance") {
                    Some(s) if members.contains(&s) => self.note(
                        &at,
                        format!("alliance: `{code}` is listed twice in one tie"),
                    ),
                    Some(s) => members.push(s),
                    None => {}
                }
            }
            let first = tie.members.first().map_or("", String::as_str);
            let kind = tie.kind.as_deref().unwrap_or("Alliance");
            if tie.members.len() < 2 {
                self.note(&path, "alliance: a tie needs two members or more".into());
            } else if !(kind == "Alliance" || kind == "Alignment" && tie.members.len() == 2) {
                self.note(
                    &format!("{path}.kind"),
                    format!(
                        "alliance of `{first}`: kind `{kind}` must be `Alliance`, or `Alignment` with two members (junior, patron)"
                    ),
                );
            } else if kind == "Alignment"
                && let Some(&junior) = members.first()
            {
                if aligned[junior] {
                    self.note(
                        &path,
                        format!(
                            "alliance: `{first}` is aligned twice; a junior follows one patron"
                        ),
                    );
                }
                aligned[junior] = true;
            }
            if let Some(against) = &tie.against {
                let what = format!("alliance of `{first}`: against");
                if let Some(t) = self.code(&format!("{path}.against"), against, &what)
                    && members.contains(&t)
                {
                    self.note(
                        &format!("{path}.against"),
                        format!("alliance of `{first}`: a member cannot be what it is against"),
                    );
                }
                if kind == "Alignment" {
                    self.note(
                        &format!("{path}.against"),
                        format!(
                            "alliance of `{first}`: an alignment follows a patron and is against nobody; `against` is for alliances"
                        ),
                    );
                }
            }
            if let Some(since) = tie.since
                && !(since.is_finite() && since <= year)
            {
                self.note(
                    &format!("{path}.since"),
                    format!(
                        "alliance of `{first}`: since {since} must be a year not after the system's year {year}"
                    ),
                );
            }
        }
    }

    fn imposed(&mut self, imposed: &[ImposedEntry], alliances: &[AllianceEntry], year: f64) {
        let mut seen: Vec<usize> = Vec::new();
        for (k, tie) in imposed.iter().enumerate() {
            let path = format!("imposed[{k}]");
            let state = self.code(&format!("{path}.state"), &tie.state, "imposed tie");
            let by = self.code(&format!("{path}.by"), &tie.by, "imposed tie: by");
            if let Some(s) = state {
                if Some(s) == by {
                    self.note(
                        &path,
                        format!(
                            "imposed tie: `{}` cannot be imposed on by itself",
                            tie.state
                        ),
                    );
                }
                if seen.contains(&s) {
                    self.note(
                        &path,
                        format!(
                            "imposed tie: `{}` is not free twice; one state imposes on it",
                            tie.state
                        ),
                    );
                }
                seen.push(s);
                if alliances.iter().any(|a| a.members.contains(&tie.state)) {
                    self.note(
                        &path,
                        format!(
                            "imposed tie: `{}` is not free, so it cannot also be in a freely chosen alliance or alignment",
                            tie.state
                        ),
                    );
                }
            }
            if let Some(since) = tie.since
                && !(since.is_finite() && since <= year)
            {
                self.note(
                    &format!("{path}.since"),
                    format!(
                        "imposed tie on `{}`: since {since} must be a year not after the system's year {year}",
                        tie.state
                    ),
                );
            }
        }
    }
}

#[cfg(test)]
#[path = "file_tests.rs"]
mod tests;
