//! The organization profile: scope, business functions, systems, people and the operational
//! controls with their evidence. Written by users, kept in git; see `docs/profile.md`.

use crate::vocab::{Cadence, Span, SystemKind};
use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    pub organization: Organization,
    pub scope: Scope,
    #[serde(default)]
    pub people: Vec<Person>,
    #[serde(default)]
    pub functions: Vec<Function>,
    #[serde(default)]
    pub systems: Vec<System>,
    #[serde(default)]
    pub controls: Vec<Control>,
}

/// One file of a profile folder: every section optional, merged by the host.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProfileFragment {
    #[serde(default)]
    pub organization: Option<Organization>,
    #[serde(default)]
    pub scope: Option<Scope>,
    #[serde(default)]
    pub people: Vec<Person>,
    #[serde(default)]
    pub functions: Vec<Function>,
    #[serde(default)]
    pub systems: Vec<System>,
    #[serde(default)]
    pub controls: Vec<Control>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Organization {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// What the organization evaluates: `frameworks`, and a section per framework that takes one
/// (`scope.<framework id>`). Each section belongs to the framework's plugin, which declares its
/// fields and checks them.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
pub struct Scope {
    /// Framework ids the report evaluates unless `--framework` narrows it.
    pub frameworks: Vec<String>,
    /// `scope.<framework id>`: each framework's own section, read by its plugin (the model keeps
    /// it as plain data and names no framework).
    #[serde(flatten)]
    pub sections: BTreeMap<String, SectionValue>,
}

/// A framework's scope section as written: plain data (mappings, lists, text, numbers,
/// booleans), whatever the file format.
pub type SectionValue = serde_json::Value;

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Person {
    pub id: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Hub domain codes this person may decide for; `*` for all.
    #[serde(default)]
    pub decides: Vec<String>,
}

impl Person {
    pub fn may_decide_for(&self, domain: &str) -> bool {
        self.decides.iter().any(|granted| granted == "*" || granted == domain)
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Function {
    pub id: String,
    pub name: String,
    /// Criticality: 1 critical, 2 important, 3 supporting.
    #[schemars(range(min = 1, max = 3))]
    pub tier: u8,
    /// Recovery time objective.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rto: Option<Duration>,
    /// Recovery point objective.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rpo: Option<Duration>,
    #[serde(default = "yes")]
    pub in_scope: bool,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct System {
    pub id: String,
    pub name: String,
    /// What sort of system it is; decides which system-level objectives it needs. Without a
    /// kind it needs every one of them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<SystemKind>,
    /// The person accountable for the system.
    pub owner: String,
    /// Business functions this system supports.
    #[serde(default)]
    pub functions: Vec<String>,
    /// Recorded decisions that this system needs no control for some system-level objectives.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exemptions: Vec<Exemption>,
}

/// A decision that a system needs no control for some objectives, until it expires.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Exemption {
    /// System-level hub objectives the system is exempt from.
    pub objectives: Vec<String>,
    pub reason: String,
    /// The person who accepted the risk; without one the exemption does not count.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approved_by: Option<String>,
    /// The last day it counts; revisit it before then.
    pub expires: NaiveDate,
}

impl Exemption {
    /// Approved and not yet expired on `date`.
    pub fn holds_on(&self, date: NaiveDate) -> bool {
        self.approved_by.is_some() && date <= self.expires
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Control {
    pub id: String,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The person accountable for the control.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// Hub objectives this control implements.
    pub objectives: Vec<String>,
    /// Systems it covers; absent means organization-wide.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub systems: Option<Vec<String>>,
    /// Set when a provider performs the control and attests to it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inherited: Option<Inheritance>,
    /// How often it produces operation records; default: its review cadence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operates: Option<Cadence>,
    /// Default: the shortest review cadence of its objectives.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review_cadence: Option<Cadence>,
    /// Default: the shortest test cadence of its objectives.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub test_cadence: Option<Cadence>,
    #[serde(default)]
    pub evidence: Vec<Evidence>,
    #[serde(default)]
    pub metrics: Vec<Metric>,
    /// More open exceptions than this is a governance signal; default 3.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exception_limit: Option<u32>,
    #[serde(default)]
    pub exceptions: Vec<ControlException>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failure_response: Option<FailureResponse>,
}

pub const DEFAULT_EXCEPTION_LIMIT: u32 = 3;

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Inheritance {
    pub provider: String,
    /// The provider's reports or certificates the organization relies on, each with the span it
    /// covers; a bridge letter is one more entry.
    pub attestations: Vec<Attestation>,
    /// What the provider's report expects the organization to do itself (complementary user
    /// entity controls), each answered by controls of this profile.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub complementary_controls: Vec<ComplementaryControl>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Attestation {
    /// The report, certificate or bridge letter (`SOC 2 Type 2 report, Oct 2025 - Sep 2026`).
    pub report: String,
    /// The date it was issued: it counts from this date on.
    pub attested_on: NaiveDate,
    /// The period the provider's auditor looked at (a certificate: its validity).
    pub covers: Span,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ComplementaryControl {
    /// What the provider's report expects the organization to do.
    pub description: String,
    /// The organization's controls that do it.
    pub controls: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Evidence {
    pub kind: EvidenceKind,
    pub title: String,
    /// When it was true or happened: the date that judges timing.
    pub effective: NaiveDate,
    /// End of the span a record covers (an exported job history).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub through: Option<NaiveDate>,
    /// When it was uploaded; recorded, never used to judge timing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collected: Option<NaiveDate>,
    /// Required for tests.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<Outcome>,
    /// What a recovery test achieved.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recovery: Option<RecoveryResult>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
}

impl Evidence {
    /// The dates this evidence speaks for.
    pub fn span(&self) -> Span {
        Span { start: self.effective, end: self.through.unwrap_or(self.effective).max(self.effective) }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum EvidenceKind {
    Policy,
    Configuration,
    Record,
    Test,
    Review,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    Pass,
    Fail,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RecoveryResult {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rto: Option<Duration>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rpo: Option<Duration>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Metric {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// Target when higher is better; exclusive with `at_most`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_least: Option<f64>,
    /// Target when lower is better; exclusive with `at_least`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_most: Option<f64>,
    pub measured: f64,
    pub measured_on: NaiveDate,
}

impl Metric {
    /// True when the measured value misses the target.
    pub fn misses_target(&self) -> bool {
        self.at_least.is_some_and(|floor| self.measured < floor) || self.at_most.is_some_and(|ceiling| self.measured > ceiling)
    }

    /// The target in words: "at least 100 %".
    pub fn target_text(&self) -> String {
        match (self.at_least, self.at_most) {
            (Some(floor), _) => format!("at least {}", self.with_unit(floor)),
            (_, Some(ceiling)) => format!("at most {}", self.with_unit(ceiling)),
            _ => "no target".to_owned(),
        }
    }

    /// The measured value with its unit: "93 %", "12 days".
    pub fn measured_text(&self) -> String {
        self.with_unit(self.measured)
    }

    fn with_unit(&self, value: f64) -> String {
        match self.unit.as_deref() {
            None => value.to_string(),
            Some("percent" | "%") => format!("{value} %"),
            Some(unit) => format!("{value} {unit}"),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ControlException {
    pub id: String,
    pub reason: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approved_by: Option<String>,
    pub opened: NaiveDate,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closed: Option<NaiveDate>,
}

impl ControlException {
    pub fn is_open_on(&self, date: NaiveDate) -> bool {
        self.opened <= date && self.closed.is_none_or(|closed| closed > date)
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FailureResponse {
    /// Where the runbook lives.
    pub runbook: String,
    /// Who decides what happens next when the control fails.
    pub decider: String,
}

/// A length of time written `30m`, `4h` or `2d`, held in minutes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Duration {
    minutes: u64,
}

impl Duration {
    pub fn from_minutes(minutes: u64) -> Self {
        Self { minutes }
    }

    pub fn minutes(self) -> u64 {
        self.minutes
    }
}

impl FromStr for Duration {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let text = text.trim();
        let split = text.find(|c: char| !c.is_ascii_digit()).unwrap_or(text.len());
        let (number, unit) = text.split_at(split);
        let hint = || format!("`{text}` is not a duration: write a whole number and a unit, m, h or d (30m, 4h, 2d)");
        let amount: u64 = number.parse().map_err(|_| hint())?;
        let per_unit = match unit.trim() {
            "m" | "min" => 1,
            "h" => 60,
            "d" => 24 * 60,
            _ => return Err(hint()),
        };
        amount.checked_mul(per_unit).map(Duration::from_minutes).ok_or_else(hint)
    }
}

impl fmt::Display for Duration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let minutes = self.minutes;
        if minutes != 0 && minutes % (24 * 60) == 0 {
            write!(f, "{}d", minutes / (24 * 60))
        } else if minutes != 0 && minutes % 60 == 0 {
            write!(f, "{}h", minutes / 60)
        } else {
            write!(f, "{minutes}m")
        }
    }
}

impl Serialize for Duration {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Duration {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

impl JsonSchema for Duration {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Duration".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "pattern": "^[0-9]+(m|min|h|d)$",
            "description": "A length of time: a whole number and a unit, m, h or d (30m, 4h, 2d)."
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_parse_and_print_in_their_largest_whole_unit() {
        let four_hours: Duration = "240m".parse().expect("valid");
        assert_eq!(four_hours, "4h".parse().expect("valid"));
        assert_eq!(four_hours.to_string(), "4h");
        assert_eq!("2d".parse::<Duration>().expect("valid").minutes(), 2880);
        assert!("4 hours".parse::<Duration>().is_err());
        assert!("h".parse::<Duration>().is_err());
    }
}
