//! The scenario file as written by hand: RON, format version 1.
//!
//! These types mirror the text a teacher edits, field for field; `scenario::load` checks them and
//! builds the [`crate::map::Map`] and starting position the engine plays on. Fields that later work
//! fills (shapes for drawing, latent power, doctrines, remembered history, alliances) are here
//! already, optional, so that files written today stay valid as the game grows.

use serde::{Deserialize, Serialize};

use crate::threat::ActKind;

/// The format version this build reads.
pub const FORMAT_VERSION: u32 = 1;

/// A whole scenario file.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ScenarioFile {
    /// Must be [`FORMAT_VERSION`].
    pub format: u32,
    /// Short machine name, e.g. `"classic"`.
    pub id: String,
    /// Title shown to people, e.g. `"Europe, 1901"`.
    pub name: String,
    #[serde(default)]
    pub description: String,
    pub map: MapFile,
    pub states: Vec<StateFile>,
    pub calendar: CalendarFile,
    pub victory: VictoryFile,
    /// Alliances in force when the game starts (filled by the threat-model work).
    #[serde(default)]
    pub alliances: Vec<AllianceFile>,
    /// Acts remembered from before the game starts: they shape intentions from the first phase.
    #[serde(default)]
    pub history: Vec<ActFile>,
}

/// The board: provinces and who borders whom.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct MapFile {
    pub provinces: Vec<ProvinceFile>,
    /// Borders an army can cross, as pairs of province codes; each pair is listed once and works
    /// both ways. Only land and coast provinces take part.
    pub army_borders: Vec<(String, String)>,
    /// Borders a fleet can cross, as pairs of fleet positions: a sea or coast province code, or for
    /// a province with named coasts, `"SPA/NC"`. Each pair is listed once and works both ways.
    pub fleet_borders: Vec<(String, String)>,
    /// How to draw the map (filled by the client work); absent means "not drawable yet".
    #[serde(default)]
    pub shapes: Option<ShapesFile>,
}

/// Whether a province is land, sea, or land touching sea.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
pub enum ProvinceKind {
    /// Armies only.
    Land,
    /// Fleets only.
    Sea,
    /// Armies and fleets.
    Coast,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ProvinceFile {
    /// The usual abbreviation, e.g. `"MAO"`; upper case.
    pub code: String,
    /// Full name, e.g. `"Mid-Atlantic Ocean"`.
    pub name: String,
    pub kind: ProvinceKind,
    /// Other abbreviations and names people write for it, e.g. `["MID", "Mid Atlantic"]`.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Named coasts, e.g. `["NC", "SC"]`, for coast provinces that fleets enter by one of several
    /// coasts. Empty for every other province.
    #[serde(default)]
    pub coasts: Vec<String>,
    /// Whether the province is a supply centre.
    #[serde(default)]
    pub supply_centre: bool,
}

/// How to draw the map: rows of square cells, each painted with a province's code (or any name
/// the province answers to), separated by spaces; [`OFF_MAP`] paints a cell that belongs to no
/// province. Every row should have the same number of cells; the client draws row 0 at the top.
#[derive(Debug, Clone, Deserialize, Serialize, Default)]
pub struct ShapesFile {
    #[serde(default)]
    pub cells: Vec<String>,
}

/// The cell that belongs to no province in [`ShapesFile::cells`].
pub const OFF_MAP: &str = ".";

/// A power (state) and what it starts with.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct StateFile {
    /// Upper-case identifier used in orders and scripts, e.g. `"FRANCE"`.
    pub code: String,
    pub name: String,
    #[serde(default)]
    pub adjective: String,
    /// `"#rrggbb"`, chosen so that colour-blind players can tell states apart.
    pub colour: String,
    pub home_centres: Vec<String>,
    /// Starting units in order notation, e.g. `"F BRE"`, `"F STP/SC"`.
    pub units: Vec<String>,
    /// Supply centres owned at the start besides the home centres.
    #[serde(default)]
    pub extra_centres: Vec<String>,
    /// Power that does not show on the board: population, industry, military spending ...
    #[serde(default)]
    pub latent_power: Option<LatentPowerFile>,
    /// Which theory steers this state when the computer plays it (filled by the doctrine work).
    #[serde(default)]
    pub doctrine: Option<String>,
    /// Per-state weights of the four threat criteria.
    #[serde(default)]
    pub threat_weights: Option<ThreatWeightsFile>,
    /// Misperception: `(state code, factor)`; this state sees that state's threat multiplied by
    /// the factor (above 1 over-rates it, below 1 under-rates it).
    #[serde(default)]
    pub bias: Vec<(String, f64)>,
}

#[derive(Debug, Clone, Deserialize, Serialize, Default)]
#[serde(deny_unknown_fields)]
pub struct LatentPowerFile {
    /// Thousands of people.
    #[serde(default)]
    pub population: Option<f64>,
    /// Iron and steel, thousands of tons.
    #[serde(default)]
    pub industry: Option<f64>,
    /// Military spending, in the source's unit.
    #[serde(default)]
    pub military_spending: Option<f64>,
    /// Where the figures come from.
    #[serde(default)]
    pub source: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ThreatWeightsFile {
    pub power: f64,
    pub proximity: f64,
    pub offence: f64,
    pub intentions: f64,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct AllianceFile {
    pub members: Vec<String>,
    #[serde(default)]
    pub kind: Option<String>,
}

/// An act remembered from before the game.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ActFile {
    /// The year it happened; not after the game's first year.
    pub year: i32,
    /// Who did it and to whom: a state's code, name or adjective.
    pub actor: String,
    pub target: String,
    /// One of [`ACT_KINDS`].
    pub act: String,
    /// How grave, from 0 to 1; the kind's usual gravity when left out.
    #[serde(default)]
    pub gravity: Option<f64>,
}

/// The kinds of act a scenario's history may name, as they are written.
pub const ACT_KINDS: [&str; 5] = [
    "Attack",
    "SupportOfAttack",
    "BrokenAlliance",
    "BuildUp",
    "PublicClaim",
];

/// The kind of act named `name`: one of [`ACT_KINDS`], in any case, with or without underscores
/// between the words (`support_of_attack`).
pub fn act_kind(name: &str) -> Option<ActKind> {
    let key = name.trim().to_ascii_lowercase().replace('_', "");
    Some(match key.as_str() {
        "attack" => ActKind::Attack,
        "supportofattack" => ActKind::SupportOfAttack,
        "brokenalliance" => ActKind::BrokenAlliance,
        "buildup" => ActKind::BuildUp,
        "publicclaim" => ActKind::PublicClaim,
        _ => return None,
    })
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CalendarFile {
    /// Year of the first spring.
    pub start_year: u16,
    /// The game ends after this year's winter if nobody has won.
    #[serde(default)]
    pub end_year: Option<u16>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct VictoryFile {
    /// A state owning this many supply centres after an autumn wins.
    pub centres: u16,
}
