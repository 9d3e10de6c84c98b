//! The hub: crosswalk's own catalog of operational control objectives. Frameworks map onto it
//! and organizations implement it, so N frameworks need N mappings, not N².

use crate::vocab::{Cadence, SystemKind};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Hub {
    /// Version of the hub catalog; framework mappings are written against it.
    pub version: String,
    pub domains: Vec<Domain>,
    pub objectives: Vec<Objective>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Domain {
    /// Short upper-case code, the prefix of its objectives' ids (`BCK`).
    pub id: String,
    pub title: String,
    pub description: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Objective {
    /// Stable id: domain code, dash, two digits (`BCK-02`).
    pub id: String,
    /// The domain code this objective belongs to.
    pub domain: String,
    pub title: String,
    pub description: String,
    /// What proves the objective works, not merely exists: the test or rehearsal.
    pub verified_when: String,
    pub review_cadence: Cadence,
    pub test_cadence: Cadence,
    /// True when every in-scope system of the kinds in `applies_to` needs a control for it
    /// (backups, logging, scanning).
    pub system_level: bool,
    /// For a system-level objective: the kinds of system that need it. Empty means every kind,
    /// and a system that declares no kind needs every system-level objective.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub applies_to: Vec<SystemKind>,
    /// True when its tests must show the recovery time and point objectives are achievable.
    pub recovery: bool,
}

impl Objective {
    /// Whether a system of `kind` (unknown: `None`) needs this objective.
    pub fn applies_to_kind(&self, kind: Option<SystemKind>) -> bool {
        self.system_level && (self.applies_to.is_empty() || kind.is_none_or(|kind| self.applies_to.contains(&kind)))
    }
}

impl Hub {
    pub fn objective(&self, id: &str) -> Option<&Objective> {
        self.objectives.iter().find(|objective| objective.id == id)
    }
}
