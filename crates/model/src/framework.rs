//! A framework catalog: its requirements and how each maps onto hub objectives. The semantics
//! (which requirements apply, what assurance they demand) are code in a built-in framework's
//! plugin, or declared in the file itself (`semantics`) for a framework written as data.

use crate::vocab::{Level, Relationship};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FrameworkCatalog {
    pub framework: FrameworkInfo,
    /// How the framework applies and what it demands, for a framework written as data (loaded
    /// with `--framework-file` or `crosswalk.yaml`). Built-in frameworks have none: their
    /// semantics are code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub semantics: Option<Semantics>,
    pub requirements: Vec<Requirement>,
}

/// Declared semantics: what an applicable requirement demands of the controls covering it, and
/// how the organization's profile chooses which requirements apply.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Semantics {
    /// The assurance level every applicable requirement demands, unless its group or the
    /// requirement itself says otherwise (`implemented`: the mechanism is in place; `operating`:
    /// records show it running within its cadence; `verified`: tested within its cadence).
    pub demand: Level,
    /// Demand per group (a requirement's `group`), overriding `demand`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub group_demands: BTreeMap<String, Level>,
    /// Demand per requirement id, overriding its group's and the framework's.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub requirement_demands: BTreeMap<String, Level>,
    /// How the profile's `scope.<id>` section chooses what applies.
    pub applicability: Applicability,
    /// With `applicability: groups`, the groups that apply whatever the profile chooses.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub always_applies: Vec<String>,
}

/// How a framework written as data is scoped by an organization.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Applicability {
    /// Every requirement applies; the framework takes no `scope.<id>` section.
    All,
    /// Every requirement applies unless `scope.<id>.exclusions` excludes it with a justification,
    /// as a Statement of Applicability does.
    Exclusions,
    /// The requirements of the groups listed in `scope.<id>.groups` apply (and those of
    /// `always_applies`).
    Groups,
}

impl Applicability {
    /// The spelling in a framework file.
    pub fn name(self) -> &'static str {
        match self {
            Applicability::All => "all",
            Applicability::Exclusions => "exclusions",
            Applicability::Groups => "groups",
        }
    }
}

impl Semantics {
    /// What `requirement` demands, and which declaration decided it.
    pub fn demand_of(&self, requirement: &Requirement) -> (Level, DemandSource) {
        if let Some(level) = self.requirement_demands.get(&requirement.id) {
            (*level, DemandSource::Requirement)
        } else if let Some(level) = self.group_demands.get(&requirement.group) {
            (*level, DemandSource::Group)
        } else {
            (self.demand, DemandSource::Framework)
        }
    }
}

/// Which declaration of [`Semantics`] set a requirement's demand.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DemandSource {
    Framework,
    Group,
    Requirement,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FrameworkInfo {
    /// Stable id used on the command line and in profiles (`scope.frameworks`, `scope.<id>`).
    pub id: String,
    pub name: String,
    pub version: String,
    pub publisher: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Requirement {
    /// The framework's own identifier (`A.8.13`, `CC6.1`, `164.308(a)(7)(ii)(A)`).
    pub id: String,
    /// Short title; identifiers, structure and short titles are facts.
    pub title: String,
    /// The framework's grouping: ISO `clauses` or an Annex A theme, a SOC 2 category, a HIPAA
    /// safeguard. The plugin gives it meaning.
    pub group: String,
    /// The requirement this one sits under (an ISO sub-clause's heading, a HIPAA standard).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    /// HIPAA implementation specifications: required or addressable.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub implementation: Option<Implementation>,
    /// What the requirement asks, in crosswalk's own words.
    pub description: String,
    #[serde(default)]
    pub mappings: Vec<Mapping>,
    /// Why the requirement maps onto no objective; exclusive with `mappings`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unmapped: Option<Unmapped>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Implementation {
    Required,
    Addressable,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Mapping {
    /// A hub objective id.
    pub objective: String,
    pub relationship: Relationship,
    /// One line saying why the objective answers (part of) the requirement.
    pub rationale: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Unmapped {
    pub reason: UnmappedReason,
    pub note: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum UnmappedReason {
    /// A heading: judged by the requirements whose `parent` it is.
    Heading,
    /// Inherently a governance act no operational control can cover.
    Governance,
}

impl FrameworkCatalog {
    pub fn requirement(&self, id: &str) -> Option<&Requirement> {
        self.requirements.iter().find(|requirement| requirement.id == id)
    }

    /// The catalog's groups, each once, in the order they first appear.
    pub fn groups(&self) -> Vec<&str> {
        let mut groups: Vec<&str> = Vec::new();
        for requirement in &self.requirements {
            if !groups.contains(&requirement.group.as_str()) {
                groups.push(&requirement.group);
            }
        }
        groups
    }
}
