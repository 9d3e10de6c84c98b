//! A framework catalog: its requirements and how each maps onto hub objectives. The semantics
//! (which requirements apply, what assurance they demand) are code in the framework's plugin.

use crate::vocab::Relationship;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FrameworkCatalog {
    pub framework: FrameworkInfo,
    pub requirements: Vec<Requirement>,
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
}
