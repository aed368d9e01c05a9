//! A state system written by hand, with no map: RON, format version 1.
//!
//! This is how a researcher or a teacher asks the theory about a world that is not a game board:
//! the states, what they have, where they are, and what they have done. `entente-server analyze`
//! reads it. See `docs/state-systems.md` for a guide and a worked example.

use serde::Deserialize;

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
    /// What each state has done to others: the evidence of intentions.
    #[serde(default)]
    pub acts: Vec<ActEntry>,
    /// Alliances and alignments already in force (empty to ask the theory from scratch).
    #[serde(default)]
    pub alliances: Vec<AllianceEntry>,
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
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AllianceEntry {
    pub members: Vec<String>,
    /// `Alliance` (mutual defence) or `Alignment` (the first member bandwagons with the second).
    #[serde(default)]
    pub kind: Option<String>,
    #[serde(default)]
    pub since: Option<f64>,
}
