//! Scenarios: the RON files in `assets/scenarios/`, their format and their loader.
//!
//! A loaded [`Scenario`] is the checked, indexed form the engine plays on: the [`Map`], the
//! states with their home centres, and the starting position. Every problem in a file is reported
//! with the file, the line and what is wrong.

pub mod files;
pub mod format;
pub mod generate;
pub(crate) mod lines;

use std::path::{Path, PathBuf};

use crate::doctrine::{DOCTRINES, by_name};
use crate::map::{LocId, Map, Province, ProvinceId, ProvinceKind, normalise_name};
use crate::rules::order::{Order, UnitKind, parse_order};
use crate::rules::position::{Position, Unit};
use crate::threat::{Act, Weights};
use format::{ACT_KINDS, FORMAT_VERSION, OFF_MAP, ScenarioFile, act_kind};
use lines::Lines;

/// Index of a state (power) in [`Scenario::states`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct StateId(pub u8);

impl StateId {
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// Colours for generated states (Okabe and Ito's palette, safe for the common forms of colour
/// blindness, then further distinct shades); labels on the map tell repeats apart.
pub const PALETTE: [&str; 12] = [
    "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000",
    "#999999", "#882255", "#44AA99", "#332288",
];

/// A state as the engine knows it.
#[derive(Debug, Clone)]
pub struct State {
    /// Upper-case identifier, e.g. `FRANCE`.
    pub code: String,
    pub name: String,
    pub adjective: String,
    pub colour: String,
    pub home_centres: Vec<ProvinceId>,
}

/// A checked scenario, ready to play.
#[derive(Debug, Clone)]
pub struct Scenario {
    pub id: String,
    pub name: String,
    pub description: String,
    pub map: Map,
    pub states: Vec<State>,
    /// Units and centre owners when the game starts.
    pub start: Position,
    pub start_year: u16,
    pub end_year: Option<u16>,
    /// Supply centres a state must own after an autumn to win.
    pub victory_centres: u16,
    /// The acts remembered from before the game (the file's `history`), checked, with their
    /// states and kinds resolved: the threat model's ledger starts from them.
    pub history: Vec<Act>,
    /// The file as written, for what later parts of the game read (latent power, doctrines ...).
    pub file: ScenarioFile,
    /// Normalised names and adjectives of the states, for reading orders.
    state_words: Vec<String>,
}

/// What is wrong with a scenario file, and where.
#[derive(Debug, Clone, PartialEq, Eq, Hash, thiserror::Error)]
#[error("{file}{}: {message}", at_line(*.line))]
pub struct ScenarioError {
    pub file: String,
    /// 1-based; 0 when the problem has no line (the file could not be read).
    pub line: usize,
    pub message: String,
}

/// `:12` after a file's name, or nothing when the problem has no line.
fn at_line(line: usize) -> String {
    if line == 0 {
        String::new()
    } else {
        format!(":{line}")
    }
}

/// The game's two kinds of RON file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// A board to play on: `ScenarioFile(...)`, as in `assets/scenarios/`.
    Scenario,
    /// A world without a map, for the threat model: `StateSystemFile(...)`, as in
    /// `assets/systems/`.
    StateSystem,
}

impl FileKind {
    /// Which kind a text is: by the name of its outermost struct, or when the name is left out
    /// (or misspelt), by a field only one kind has (`map` or `geography`). `None` when neither
    /// tells.
    pub fn of(text: &str) -> Option<FileKind> {
        let lines = Lines::of(text);
        match lines.root_name() {
            Some("ScenarioFile") => Some(FileKind::Scenario),
            Some("StateSystemFile") => Some(FileKind::StateSystem),
            _ if lines.has_field("map") => Some(FileKind::Scenario),
            _ if lines.has_field("geography") => Some(FileKind::StateSystem),
            _ => None,
        }
    }

    /// "a scenario", "a state system".
    pub fn words(self) -> &'static str {
        match self {
            FileKind::Scenario => "a scenario",
            FileKind::StateSystem => "a state system",
        }
    }
}

/// The folder of bundled scenarios, found from this crate's place in the workspace or from the
/// working directory.
pub fn assets_dir() -> PathBuf {
    if let Ok(dir) = std::env::var("ENTENTE_ASSETS") {
        return PathBuf::from(dir);
    }
    let here = Path::new(env!("CARGO_MANIFEST_DIR")).join("../assets");
    if here.is_dir() {
        return here;
    }
    PathBuf::from("assets")
}

/// The names of the bundled files in `assets/<folder>`, sorted.
pub fn bundled_names(folder: &str) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(assets_dir().join(folder))
        .into_iter()
        .flatten()
        .filter_map(|e| {
            let path = e.ok()?.path();
            (path.extension()? == "ron").then(|| path.file_stem()?.to_str().map(String::from))?
        })
        .collect();
    names.sort();
    names
}

impl Scenario {
    /// Loads a bundled scenario by name (`classic`), a file by path, or a generated world
    /// (`generated:STATES:SEED`, e.g. `generated:20:7`).
    pub fn load(name_or_path: &str) -> Result<Scenario, ScenarioError> {
        if let Some(spec) = name_or_path.strip_prefix("generated:") {
            let bad = || ScenarioError {
                file: name_or_path.to_string(),
                line: 0,
                message: "a generated world is written generated:STATES:SEED, e.g. generated:20:7"
                    .into(),
            };
            let (states, seed) = spec.split_once(':').ok_or_else(bad)?;
            let states: usize = states.parse().map_err(|_| bad())?;
            let seed: u64 = seed.parse().map_err(|_| bad())?;
            return generate::generate(states, seed);
        }
        let path = if files::is_path(name_or_path) {
            PathBuf::from(name_or_path)
        } else {
            let bundled = assets_dir()
                .join("scenarios")
                .join(format!("{name_or_path}.ron"));
            if !bundled.is_file() {
                return Err(ScenarioError {
                    file: name_or_path.to_string(),
                    line: 0,
                    message: format!(
                        "no such file, and no bundled scenario of that name (bundled: {})",
                        bundled_names("scenarios").join(", ")
                    ),
                });
            }
            bundled
        };
        let text =
            files::read_text(&path, "scenario", files::MAX_SCENARIO_BYTES).map_err(|message| {
                ScenarioError {
                    file: path.display().to_string(),
                    line: 0,
                    message,
                }
            })?;
        Scenario::from_ron(&path.display().to_string(), &text)
    }

    /// The classic 1901 Europe scenario bundled with the game.
    pub fn classic() -> Scenario {
        Scenario::load("classic").expect("the bundled classic scenario loads")
    }

    /// Reads a scenario from RON text; `file` names it in errors.
    pub fn from_ron(file: &str, text: &str) -> Result<Scenario, ScenarioError> {
        let parsed: ScenarioFile = ron::from_str(text).map_err(|e| ScenarioError {
            file: file.to_string(),
            line: e.span.start.line,
            message: e.code.to_string(),
        })?;
        Builder::new(file, text).build(parsed)
    }

    /// Every problem in a scenario file, each with its line (empty when the file is good).
    pub fn check(file: &str, text: &str) -> Vec<ScenarioError> {
        let parsed: ScenarioFile = match ron::from_str(text) {
            Ok(p) => p,
            Err(e) => {
                return vec![ScenarioError {
                    file: file.to_string(),
                    line: e.span.start.line,
                    message: e.code.to_string(),
                }];
            }
        };
        let builder = Builder::new(file, text);
        let built = builder.build(parsed);
        let mut problems = builder.problems.into_inner();
        // Refusals that stop loading at once (an unknown format version) are not noted as
        // they go: found by the fuzz target, `check` said nothing of them.
        if let Err(e) = built
            && !problems.contains(&e)
        {
            problems.push(e);
        }
        problems
    }

    /// Checks a scenario built in memory (a generated world); `file` names it in errors.
    pub fn from_parsed(file: &str, parsed: ScenarioFile) -> Result<Scenario, ScenarioError> {
        Builder::new(file, "").build(parsed)
    }

    pub fn state(&self, id: StateId) -> &State {
        &self.states[id.index()]
    }

    pub fn state_ids(&self) -> impl Iterator<Item = StateId> + use<> {
        (0..self.states.len() as u8).map(StateId)
    }

    /// Finds a state by code, name or adjective, in any case.
    pub fn find_state(&self, name: &str) -> Option<StateId> {
        let key = normalise_name(name);
        self.states
            .iter()
            .position(|s| {
                normalise_name(&s.code) == key
                    || normalise_name(&s.name) == key
                    || normalise_name(&s.adjective) == key
            })
            .map(|i| StateId(i as u8))
    }

    /// Reads an order in standard notation on this scenario's map.
    pub fn parse_order(&self, text: &str) -> Result<Order, crate::rules::order::ParseError> {
        parse_order(&self.map, &self.state_words, text)
    }

    /// The states' names and adjectives in normalised form, as orders may write them.
    pub fn state_words(&self) -> &[String] {
        &self.state_words
    }

    /// Whether `province` is a home centre of `state`.
    pub fn is_home_centre(&self, state: StateId, province: ProvinceId) -> bool {
        self.state(state).home_centres.contains(&province)
    }
}

struct Builder<'a> {
    file: &'a str,
    text: &'a str,
    /// Where each value stands in the text: indexed only when a problem needs its line, so
    /// that a good file is not read twice.
    lines: std::cell::OnceCell<Lines>,
    /// Every problem found: loading stops at the first, `check` shows them all.
    problems: std::cell::RefCell<Vec<ScenarioError>>,
    /// The problems already noted, so that each is told once (in time linear in their number).
    noted: std::cell::RefCell<std::collections::HashSet<ScenarioError>>,
    /// For each province of the map built, its index in the file's list of provinces.
    written: std::cell::RefCell<Vec<usize>>,
}

impl<'a> Builder<'a> {
    fn new(file: &'a str, text: &'a str) -> Builder<'a> {
        Builder {
            file,
            text,
            lines: std::cell::OnceCell::new(),
            problems: std::cell::RefCell::new(Vec::new()),
            noted: std::cell::RefCell::new(std::collections::HashSet::new()),
            written: std::cell::RefCell::new(Vec::new()),
        }
    }

    /// The line of the value at `path` (0 when the path is not found).
    fn line(&self, path: &str) -> usize {
        self.lines.get_or_init(|| Lines::of(self.text)).line(path)
    }

    fn note(&self, e: ScenarioError) {
        if self.noted.borrow_mut().insert(e.clone()) {
            self.problems.borrow_mut().push(e);
        }
    }

    fn build(&self, f: ScenarioFile) -> Result<Scenario, ScenarioError> {
        if f.format != FORMAT_VERSION {
            return Err(ScenarioError {
                file: self.file.into(),
                line: self.line("format"),
                message: format!(
                    "format version {} is not known; this build reads version {FORMAT_VERSION}",
                    f.format
                ),
            });
        }
        let map = self.map(&f);
        let mut states = Vec::new();
        let mut start = Position::empty(&map);
        let state_words: Vec<String> = f
            .states
            .iter()
            .flat_map(|s| [normalise_name(&s.name), normalise_name(&s.adjective)])
            .filter(|w| !w.is_empty())
            .collect();
        let mut codes = std::collections::HashSet::new();
        for (i, s) in f.states.iter().enumerate() {
            let id = StateId(i as u8);
            if !codes.insert(s.code.as_str()) {
                self.note(self.error_in(
                    &format!("states[{i}].code"),
                    format!("state `{}` is listed twice", s.code),
                ));
                continue;
            }
            if !is_colour(&s.colour) {
                {
                    self.note(self.error_in(
                        &format!("states[{i}].colour"),
                        format!(
                            "state `{}`: colour `{}` is not of the form #rrggbb",
                            s.code, s.colour
                        ),
                    ));
                }
            }
            let mut home_centres = Vec::new();
            let homes = s.home_centres.len();
            for (k, code) in s.home_centres.iter().chain(&s.extra_centres).enumerate() {
                let path = if k < homes {
                    format!("states[{i}].home_centres[{k}]")
                } else {
                    format!("states[{i}].extra_centres[{}]", k - homes)
                };
                let Some(p) = map.find(code) else {
                    self.note(self.error_in(
                        &path,
                        format!("state `{}`: unknown province `{code}`", s.code),
                    ));
                    continue;
                };
                if !map.province(p).supply_centre {
                    {
                        self.note(self.error_in(
                            &path,
                            format!("state `{}`: `{code}` is not a supply centre", s.code),
                        ));
                        continue;
                    }
                }
                if let Some(owner) = start.owners[p.index()] {
                    {
                        self.note(self.error_in(
                            &path,
                            format!(
                                "state `{}`: `{code}` already belongs to `{}`",
                                s.code,
                                f.states[owner.index()].code
                            ),
                        ));
                        continue;
                    }
                }
                start.owners[p.index()] = Some(id);
                if k < homes {
                    home_centres.push(p);
                }
            }
            for (k, text) in s.units.iter().enumerate() {
                let path = format!("states[{i}].units[{k}]");
                let unit = match self.unit(&map, &state_words, id, &s.code, text, &path) {
                    Ok(u) => u,
                    Err(e) => {
                        self.note(e);
                        continue;
                    }
                };
                let p = map.province_of(unit.loc);
                if start.units[p.index()].is_some() {
                    {
                        self.note(self.error_in(
                            &path,
                            format!(
                                "state `{}`: a unit already stands in `{}`",
                                s.code,
                                map.code(p)
                            ),
                        ));
                        continue;
                    }
                }
                start.units[p.index()] = Some(unit);
            }
            states.push(State {
                code: s.code.to_uppercase(),
                name: s.name.clone(),
                adjective: s.adjective.clone(),
                colour: s.colour.clone(),
                home_centres,
            });
        }
        if states.is_empty() || states.len() > u8::MAX as usize {
            return Err(ScenarioError {
                file: self.file.into(),
                line: 0,
                message: format!(
                    "a scenario needs 1 to 255 states, this one has {}",
                    states.len()
                ),
            });
        }
        if f.victory.centres as usize
            > map
                .province_ids()
                .filter(|p| map.province(*p).supply_centre)
                .count()
        {
            self.note(self.error_in(
                "victory.centres",
                format!(
                    "victory needs {} centres, but the map has only {}",
                    f.victory.centres,
                    map.province_ids().filter(|p| map.province(*p).supply_centre).count()
                ),
            ));
        }
        self.check_shapes(&f, &map);
        let history = self.check_theory(&f);
        if let Some(first) = self.problems.borrow().first() {
            return Err(first.clone());
        }
        Ok(Scenario {
            id: f.id.clone(),
            name: f.name.clone(),
            description: f.description.clone(),
            map,
            states,
            start,
            start_year: f.calendar.start_year,
            end_year: f.calendar.end_year,
            victory_centres: f.victory.centres,
            history,
            state_words,
            file: f,
        })
    }

    fn unit(
        &self,
        map: &Map,
        words: &[String],
        state: StateId,
        code: &str,
        text: &str,
        path: &str,
    ) -> Result<Unit, ScenarioError> {
        let bad =
            |why: String| self.error_in(path, format!("state `{code}`: unit `{text}`: {why}"));
        let order = parse_order(map, words, text).map_err(|e| bad(e.to_string()))?;
        let Order::Hold { unit } = order else {
            return Err(bad("write a unit as `A PAR` or `F STP/SC`".into()));
        };
        let kind = unit.kind.ok_or_else(|| bad("say `A` or `F`".into()))?;
        let p = unit.place.province;
        let loc = match kind {
            UnitKind::Army if map.army_can_stand(p) => p.loc(),
            UnitKind::Army => return Err(bad("an army cannot stand at sea".into())),
            UnitKind::Fleet => {
                let places = map.fleet_locations(p);
                match (unit.place.coast, places.as_slice()) {
                    (_, []) => return Err(bad("a fleet cannot stand inland".into())),
                    (Some(c), _) => map
                        .coast(p, c.as_str())
                        .ok_or_else(|| bad("no such coast".into()))?,
                    (None, [one]) => *one,
                    (None, _) => return Err(bad("name the coast, e.g. `F STP/SC`".into())),
                }
            }
        };
        Ok(Unit { state, kind, loc })
    }

    fn map(&self, f: &ScenarioFile) -> Map {
        let mut provinces = Vec::new();
        // Where each province kept is written: its index in the file's list.
        let mut written = Vec::new();
        let mut seen = std::collections::HashMap::new();
        for (i, p) in f.map.provinces.iter().enumerate() {
            let at = |part: &str| format!("map.provinces[{i}].{part}");
            let code = p.code.to_uppercase();
            if code.is_empty() || code.contains(['/', ' ', '(', ')', '-']) {
                {
                    self.note(self.error_in(
                        &at("code"),
                        format!(
                            "province code `{}` must be letters without spaces, `/` or brackets",
                            p.code
                        ),
                    ));
                    continue;
                }
            }
            let names = [(at("code"), &p.code), (at("name"), &p.name)]
                .into_iter()
                .chain(
                    p.aliases
                        .iter()
                        .enumerate()
                        .map(|(k, a)| (at(&format!("aliases[{k}]")), a)),
                );
            for (path, name) in names {
                if let Some(other) = seen.insert(normalise_name(name), code.clone())
                    && other != code
                {
                    {
                        self.note(self.error_in(
                            &path,
                            format!("the name `{name}` is used by both `{other}` and `{code}`"),
                        ));
                        continue;
                    }
                }
            }
            if !p.coasts.is_empty() && p.kind != ProvinceKind::Coast {
                {
                    self.note(self.error_in(
                        &at("kind"),
                        format!("province `{code}` has named coasts but is not of kind Coast"),
                    ));
                    continue;
                }
            }
            let mut coasts = Vec::new();
            for (k, c) in p.coasts.iter().enumerate() {
                let c = c.to_uppercase();
                if !["NC", "SC", "EC", "WC"].contains(&c.as_str()) {
                    {
                        self.note(self.error_in(
                            &at(&format!("coasts[{k}]")),
                            format!("province `{code}`: coast `{c}` must be one of NC, SC, EC, WC"),
                        ));
                        continue;
                    }
                }
                coasts.push(c);
            }
            provinces.push((
                Province {
                    code,
                    name: p.name.clone(),
                    kind: p.kind,
                    supply_centre: p.supply_centre,
                    coasts: Vec::new(),
                },
                coasts,
                p.aliases.clone(),
            ));
            written.push(i);
        }
        if provinces.len() > MAX_PROVINCES {
            self.note(self.error_in(
                "map.provinces",
                format!(
                    "{} provinces; a map may have {MAX_PROVINCES} at most",
                    provinces.len()
                ),
            ));
            provinces.truncate(MAX_PROVINCES);
            written.truncate(MAX_PROVINCES);
        }
        // The map without borders, to look names up while reading the borders; they are added
        // to it below (built once).
        let mut names = Map::unconnected(provinces);
        let mut army = Vec::new();
        let mut army_seen = std::collections::HashSet::new();
        for (k, (a, b)) in f.map.army_borders.iter().enumerate() {
            let find = |code: &str, end: usize| -> Result<ProvinceId, ScenarioError> {
                let path = format!("map.army_borders[{k}][{end}]");
                let p = names.find(code).ok_or_else(|| {
                    self.error_in(&path, format!("army_borders: unknown province `{code}`"))
                })?;
                if names.is_sea(p) {
                    return Err(self.error_in(
                        &path,
                        format!("army_borders: `{code}` is a sea; armies cannot enter it"),
                    ));
                }
                Ok(p)
            };
            let (pa, pb) = match (find(a, 0), find(b, 1)) {
                (Ok(pa), Ok(pb)) => (pa, pb),
                (Err(e), _) | (_, Err(e)) => {
                    self.note(e);
                    continue;
                }
            };
            let path = format!("map.army_borders[{k}]");
            if pa == pb {
                self.note(self.error_in(&path, format!("army_borders: `{a}` borders itself")));
                continue;
            }
            if !army_seen.insert((pa.min(pb), pa.max(pb))) {
                self.note(self.error_in(
                    &path,
                    format!("army_borders: `{a}`–`{b}` is listed twice (each border once, it works both ways)"),
                ));
                continue;
            }
            army.push((pa, pb));
        }
        let mut fleet = Vec::new();
        let mut fleet_seen = std::collections::HashSet::new();
        for (k, (a, b)) in f.map.fleet_borders.iter().enumerate() {
            let find = |text: &str, end: usize| -> Result<LocId, ScenarioError> {
                let path = format!("map.fleet_borders[{k}][{end}]");
                let (code, coast) = match text.split_once('/') {
                    Some((c, k)) => (c, Some(k.to_uppercase())),
                    None => (text, None),
                };
                let p = names.find(code).ok_or_else(|| {
                    self.error_in(&path, format!("fleet_borders: unknown province `{code}`"))
                })?;
                let province = names.province(p);
                match (coast, province.kind) {
                    (_, ProvinceKind::Land) => Err(self.error_in(
                        &path,
                        format!("fleet_borders: `{code}` is inland; fleets cannot enter it"),
                    )),
                    (None, _) if !province.coasts.is_empty() => Err(self.error_in(
                        &path,
                        format!(
                            "fleet_borders: `{code}` has named coasts; write e.g. `{code}/{}`",
                            names.locations[province.coasts[0].index()]
                                .coast
                                .as_deref()
                                .unwrap_or("NC")
                        ),
                    )),
                    (None, _) => Ok(p.loc()),
                    (Some(c), _) => names.coast(p, &c).ok_or_else(|| {
                        self.error_in(&path, format!("fleet_borders: `{code}` has no coast `{c}`"))
                    }),
                }
            };
            let (la, lb) = match (find(a, 0), find(b, 1)) {
                (Ok(la), Ok(lb)) => (la, lb),
                (Err(e), _) | (_, Err(e)) => {
                    self.note(e);
                    continue;
                }
            };
            let path = format!("map.fleet_borders[{k}]");
            if names.province_of(la) == names.province_of(lb) {
                self.note(self.error_in(
                    &path,
                    format!("fleet_borders: `{a}` borders its own province"),
                ));
                continue;
            }
            if !fleet_seen.insert((la.min(lb), la.max(lb))) {
                self.note(self.error_in(
                    &path,
                    format!("fleet_borders: `{a}`–`{b}` is listed twice (each border once, it works both ways)"),
                ));
                continue;
            }
            fleet.push((la, lb));
        }
        names.connect(&army, &fleet);
        let map = names;
        *self.written.borrow_mut() = written.clone();
        // Coasts must be consistent: every place a fleet can stand needs a way in.
        for l in 0..map.locations.len() {
            let loc = LocId(l as u16);
            let p = map.province_of(loc);
            let province = map.province(p);
            let fleet_place = match province.kind {
                ProvinceKind::Sea => true,
                ProvinceKind::Coast => {
                    map.locations[l].coast.is_some() || province.coasts.is_empty()
                }
                ProvinceKind::Land => false,
            };
            let at = format!("map.provinces[{}]", written[p.index()]);
            if fleet_place && map.fleet_neighbours(loc).is_empty() {
                self.note(self.error_in(
                    &at,
                    format!(
                        "`{}` has no fleet border: give it one in fleet_borders, or make it {}",
                        map.loc_name(loc),
                        if province.kind == ProvinceKind::Sea {
                            "part of another sea"
                        } else {
                            "kind Land"
                        }
                    ),
                ));
            }
            if province.kind != ProvinceKind::Sea
                && l < map.province_count()
                && map.army_neighbours(p).is_empty()
            {
                self.note(self.error_in(&at, format!("`{}` has no army border", province.code)));
            }
        }
        map
    }

    /// Shapes, when given, must paint every province and only known ones; a cell painted
    /// [`OFF_MAP`] is off the map (mountains nobody crosses, the edge of the world).
    fn check_shapes(&self, f: &ScenarioFile, map: &Map) {
        let Some(shapes) = &f.map.shapes else { return };
        let mut painted = vec![false; map.province_count()];
        let width = shapes
            .cells
            .first()
            .map_or(0, |r| r.split_whitespace().count());
        // A grid paints each province in many cells: each different text is looked up once.
        let mut found: std::collections::HashMap<&str, Option<ProvinceId>> =
            std::collections::HashMap::new();
        for (row, line) in shapes.cells.iter().enumerate() {
            // The row is read once; its unknown cells are told after its width, as they come.
            let mut cells = 0;
            let mut unknown = Vec::new();
            for cell in line.split_whitespace() {
                cells += 1;
                if cell == OFF_MAP {
                    continue;
                }
                match *found.entry(cell).or_insert_with(|| map.find(cell)) {
                    Some(p) => painted[p.index()] = true,
                    None => unknown.push(cell),
                }
            }
            let at = || self.line(&format!("map.shapes.cells[{row}]"));
            if cells != width {
                self.note(ScenarioError {
                    file: self.file.into(),
                    line: at(),
                    message: format!(
                        "shapes: row {} has {cells} cells, but the first row has {width}",
                        row + 1
                    ),
                });
            }
            for cell in unknown {
                self.note(ScenarioError {
                    file: self.file.into(),
                    line: at(),
                    message: format!(
                        "shapes: row {} paints `{cell}`, which is not a province",
                        row + 1
                    ),
                });
            }
        }
        for p in map.province_ids() {
            if !painted[p.index()] {
                self.note(self.error_in(
                    &format!("map.provinces[{}].code", self.written.borrow()[p.index()]),
                    format!("shapes: `{}` is not painted in any cell", map.code(p)),
                ));
            }
        }
    }
}

/// The most provinces a map may have: the map keeps the distance between every two provinces
/// (4,096 of them: 32 MB, built in a fraction of a second; 30,000 would take gigabytes).
pub const MAX_PROVINCES: usize = 4096;

/// The latest year a calendar may name: years are written with four digits at most.
pub const LAST_YEAR: u16 = 9999;

impl Builder<'_> {
    /// An error at the line of the value at `path` (as in `states[2].doctrine`).
    fn error_in(&self, path: &str, message: String) -> ScenarioError {
        ScenarioError {
            file: self.file.into(),
            line: self.line(path),
            message,
        }
    }

    /// The parts that the threat model and the computer players read later: the calendar and
    /// victory, each state's latent power, doctrine, threat weights and biases, the opening ties
    /// and the remembered acts. Every number must be finite and in its range, every name known.
    /// Returns the remembered acts, resolved (those without a problem).
    fn check_theory(&self, f: &ScenarioFile) -> Vec<Act> {
        let start = f.calendar.start_year;
        if !(1..=LAST_YEAR).contains(&start) {
            self.note(self.error_in(
                "calendar.start_year",
                format!("calendar: start_year {start} must be from 1 to {LAST_YEAR}"),
            ));
        }
        if let Some(end) = f.calendar.end_year
            && !(start..=LAST_YEAR).contains(&end)
        {
            self.note(self.error_in(
                "calendar.end_year",
                format!(
                    "calendar: end_year {end} must be from start_year ({start}) to {LAST_YEAR}"
                ),
            ));
        }
        if f.victory.centres == 0 {
            self.note(self.error_in(
                "victory.centres",
                "victory: centres must be 1 or more".into(),
            ));
        }
        for (i, s) in f.states.iter().enumerate() {
            self.check_state_theory(f, i, s);
        }
        self.check_alliances(f);
        self.check_history(f)
    }

    fn check_state_theory(&self, f: &ScenarioFile, i: usize, s: &format::StateFile) {
        let code = &s.code;
        if let Some(latent) = &s.latent_power {
            for (name, value) in [
                ("population", latent.population),
                ("industry", latent.industry),
                ("military_spending", latent.military_spending),
            ] {
                if let Some(v) = value
                    && !(v.is_finite() && v >= 0.0)
                {
                    self.note(self.error_in(
                        &format!("states[{i}].latent_power.{name}"),
                        format!(
                            "state `{code}`: latent power: {name} must be a number of 0 or more, not {v}"
                        ),
                    ));
                }
            }
        }
        if let Some(doctrine) = &s.doctrine
            && by_name(doctrine).is_none()
        {
            self.note(self.error_in(
                &format!("states[{i}].doctrine"),
                format!(
                    "state `{code}`: no doctrine `{doctrine}`; known: {}",
                    DOCTRINES.join(", ")
                ),
            ));
        }
        if let Some(w) = &s.threat_weights
            && let Err(why) = Weights::new(w.power, w.proximity, w.offence, w.intentions)
        {
            self.note(self.error_in(
                &format!("states[{i}].threat_weights"),
                format!("state `{code}`: {why}"),
            ));
        }
        for (k, (other, factor)) in s.bias.iter().enumerate() {
            let path = format!("states[{i}].bias[{k}]");
            match state_named(f, other) {
                None => self.note(self.error_in(
                    &path,
                    format!(
                        "state `{code}`: bias towards `{other}`, which is not one of the states"
                    ),
                )),
                Some(j) if j == i => self.note(self.error_in(
                    &path,
                    format!("state `{code}`: a bias towards itself means nothing"),
                )),
                Some(_) => {}
            }
            if !(factor.is_finite() && *factor >= 0.0) {
                self.note(self.error_in(
                    &path,
                    format!(
                        "state `{code}`: bias towards `{other}`: the factor must be a number of 0 or more, not {factor}"
                    ),
                ));
            }
        }
    }

    /// Opening ties: known, distinct members; `Alliance` of two or more, or `Alignment` of a
    /// junior and its one patron.
    fn check_alliances(&self, f: &ScenarioFile) {
        let mut aligned = vec![false; f.states.len()];
        for (k, tie) in f.alliances.iter().enumerate() {
            let kind = tie.kind.as_deref().unwrap_or("Alliance");
            if kind != "Alliance" && kind != "Alignment" {
                self.note(self.error_in(
                    &format!("alliances[{k}].kind"),
                    format!("alliances: kind `{kind}` must be `Alliance` or `Alignment`"),
                ));
            }
            let mut members = Vec::new();
            for (m, name) in tie.members.iter().enumerate() {
                let path = format!("alliances[{k}].members[{m}]");
                match state_named(f, name) {
                    None => self.note(self.error_in(
                        &path,
                        format!("alliances: `{name}` is not one of the states"),
                    )),
                    Some(s) if members.contains(&s) => self.note(self.error_in(
                        &path,
                        format!("alliances: `{name}` is listed twice in one tie"),
                    )),
                    Some(s) => members.push(s),
                }
            }
            let path = format!("alliances[{k}]");
            if tie.members.len() < 2 {
                self.note(
                    self.error_in(&path, "alliances: a tie needs two members or more".into()),
                );
            } else if kind == "Alignment" && tie.members.len() != 2 {
                self.note(
                    self.error_in(
                        &path,
                        "alliances: an `Alignment` has two members, the junior and then its patron"
                            .into(),
                    ),
                );
            } else if kind == "Alignment"
                && let Some(&junior) = members.first()
            {
                if aligned[junior] {
                    self.note(self.error_in(
                        &path,
                        format!(
                            "alliances: `{}` is aligned twice; a junior follows one patron",
                            tie.members[0]
                        ),
                    ));
                }
                aligned[junior] = true;
            }
        }
    }

    /// Remembered acts: known states, a known kind, a gravity from 0 to 1, not after the game's
    /// first year. Returns those without a problem, resolved.
    fn check_history(&self, f: &ScenarioFile) -> Vec<Act> {
        let start = f.calendar.start_year;
        let mut acts = Vec::new();
        for (k, h) in f.history.iter().enumerate() {
            let mut problems = Vec::new();
            let mut state = |field: &str, name: &str| {
                let found = state_named(f, name);
                if found.is_none() {
                    problems.push(self.error_in(
                        &format!("history[{k}].{field}"),
                        format!("history: {field} `{name}` is not one of the states"),
                    ));
                }
                found
            };
            let actor = state("actor", &h.actor);
            let target = state("target", &h.target);
            if actor.is_some() && actor == target {
                problems.push(self.error_in(
                    &format!("history[{k}]"),
                    format!("history: `{}` acts on itself", h.actor),
                ));
            }
            let kind = act_kind(&h.act);
            if kind.is_none() {
                problems.push(self.error_in(
                    &format!("history[{k}].act"),
                    format!(
                        "history: no act `{}`; known: {}",
                        h.act,
                        ACT_KINDS.join(", ")
                    ),
                ));
            }
            if let Some(g) = h.gravity
                && !(0.0..=1.0).contains(&g)
            {
                problems.push(self.error_in(
                    &format!("history[{k}].gravity"),
                    format!("history: gravity {g} must be from 0 to 1"),
                ));
            }
            if h.year > i32::from(start) {
                problems.push(self.error_in(
                    &format!("history[{k}].year"),
                    format!(
                        "history: an act of {} is after the game's first year, {start}",
                        h.year
                    ),
                ));
            }
            match (actor, target, kind) {
                (Some(actor), Some(target), Some(kind)) if problems.is_empty() => acts.push(Act {
                    time: f64::from(h.year),
                    actor,
                    target,
                    kind,
                    gravity: h.gravity.unwrap_or(kind.usual_gravity()),
                    note: format!("the {} {}", kind.words(), f.states[target].name),
                }),
                _ => problems.into_iter().for_each(|p| self.note(p)),
            }
        }
        acts
    }
}

/// The state a word names in the file (its code, name or adjective, in any case), as
/// [`Scenario::find_state`] will find it once the scenario is loaded.
fn state_named(f: &ScenarioFile, word: &str) -> Option<usize> {
    let key = normalise_name(word);
    if key.is_empty() {
        return None;
    }
    f.states.iter().position(|s| {
        [&s.code, &s.name, &s.adjective]
            .iter()
            .any(|w| normalise_name(w) == key)
    })
}

fn is_colour(s: &str) -> bool {
    s.len() == 7 && s.starts_with('#') && s[1..].chars().all(|c| c.is_ascii_hexdigit())
}

#[cfg(test)]
mod tests;
