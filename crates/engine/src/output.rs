//! What an evaluation produces. These types are the JSON contract of `crosswalk report` and
//! `crosswalk explain` (published as `schemas/report.schema.json`): add fields freely, never
//! rename or remove one without a major version.

use chrono::NaiveDate;
use crosswalk_model::{Cadence, Level, Relationship, Signal, Verdict};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Report {
    /// The date the evaluation speaks for; evidence after it is ignored.
    pub as_of: NaiveDate,
    pub organization: String,
    pub frameworks: Vec<FrameworkReport>,
    /// Weak or missing hub objectives and the requirements they leave open, per framework.
    pub shared_gaps: Vec<SharedGap>,
    /// How many requirements in how many frameworks each control serves.
    pub leverage: Vec<Leverage>,
    /// Decisions the governance body owes, grouped by decider, tier 1 first.
    pub agenda: Vec<AgendaGroup>,
    /// Every control with its assurance level and signals.
    pub controls: Vec<ControlAssessment>,
    /// What to read first: per framework one line, the tier-1 decisions owed by decider, and
    /// how much falls due in the next 30, 60 and 90 days. Computed from the fields above, so a
    /// filtered report's summary speaks for what it kept.
    pub summary: Summary,
    /// What falls due in the 90 days after `as_of`, soonest first: control reviews and tests by
    /// their cadence, exception and system-exemption expiries, provider attestations turning
    /// older than 12 months, reviews of recorded decisions (HIPAA addressable specifications,
    /// governance requirements of frameworks written as data).
    pub due: Vec<DueItem>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
pub struct Summary {
    pub frameworks: Vec<FrameworkLine>,
    /// Tier-1 agenda items per decider (null: nobody has the authority), in agenda order.
    pub tier1_decisions: Vec<DeciderDecisions>,
    /// How many `due` items fall due within 30, 60 and 90 days (each count includes the shorter
    /// windows).
    pub due_within_30: usize,
    pub due_within_60: usize,
    pub due_within_90: usize,
}

/// One framework in one line: how much is met and what is open.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct FrameworkLine {
    pub id: String,
    pub name: String,
    pub percent_met: u32,
    pub applicable: usize,
    pub partial: usize,
    pub unmet: usize,
    /// Applicable requirements not mapped onto the hub yet.
    pub not_mapped: usize,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct DeciderDecisions {
    pub decider: Option<String>,
    pub name: Option<String>,
    /// Tier-1 items this decider owes.
    pub count: usize,
    /// The most severe of them (at most three), as `signal subject`.
    pub top: Vec<String>,
}

/// Something that falls due after the as-of date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct DueItem {
    pub kind: DueKind,
    /// What falls due: a control, an exception, a system, a HIPAA specification or a decided
    /// governance requirement.
    pub subject: String,
    /// The control concerned, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub control: Option<String>,
    /// The system concerned (exemptions).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub system: Option<String>,
    /// The last day it still counts; it lapses after.
    pub due: NaiveDate,
    /// Days from `as_of` to `due` (1-90).
    pub days: i64,
    /// The person who must act: the control's or system's owner, the decision's decider.
    pub owner: Option<String>,
    /// The person who decides for the control (controls only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decider: Option<String>,
    /// The most critical tier concerned.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tier: Option<u8>,
    pub reason: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum DueKind {
    Review,
    Test,
    ExceptionExpiry,
    ExemptionExpiry,
    AttestationRenewal,
    DecisionReview,
}

impl std::fmt::Display for DueKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            DueKind::Review => "review",
            DueKind::Test => "test",
            DueKind::ExceptionExpiry => "exception expiry",
            DueKind::ExemptionExpiry => "exemption expiry",
            DueKind::AttestationRenewal => "attestation renewal",
            DueKind::DecisionReview => "decision review",
        })
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct FrameworkReport {
    pub id: String,
    pub name: String,
    pub version: String,
    /// How the profile scopes this framework.
    pub scope: String,
    pub coverage: Coverage,
    pub requirements: Vec<RequirementResult>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Coverage {
    pub total: usize,
    pub applicable: usize,
    pub met: usize,
    pub alternative: usize,
    pub partial: usize,
    pub unmet: usize,
    /// Applicable requirements their framework does not map onto the hub yet (verdict
    /// `not-mapped`): counted as applicable and not met.
    pub not_mapped: usize,
    pub not_applicable: usize,
    /// Share of applicable requirements met (including by a documented alternative), 0-100.
    pub percent_met: u32,
    /// Applicable requirements that carry at least one governance marker.
    pub with_governance_markers: usize,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct RequirementResult {
    pub id: String,
    pub title: String,
    pub baseline: Verdict,
    /// Why the verdict, in one sentence.
    pub reason: String,
    /// The assurance the framework demands of covering controls (absent when not evaluated by
    /// controls; for a requirement not mapped yet, what its controls will have to reach).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub demanded: Option<Level>,
    /// The union of controls that cover its objectives.
    pub controls: Vec<String>,
    /// Per mapped objective: who covers it and whether that satisfies the demand.
    pub objectives: Vec<ObjectiveCoverage>,
    /// Markers raised on this requirement itself: a recorded decision, the scope gaps and
    /// exemptions of the systems it needs. The signals of its controls live once, on each
    /// control in the report's `controls`; `control_signals` summarizes them.
    pub governance: Vec<Marker>,
    /// The distinct signals its covering controls raise, most urgent first.
    pub control_signals: Vec<Signal>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct ObjectiveCoverage {
    pub objective: String,
    pub relationship: Relationship,
    /// The level a control must reach for this objective (a recovery objective demands a test).
    pub demanded: Level,
    pub satisfied: bool,
    /// Controls implementing the objective, with the level each reached.
    pub controls: Vec<ControlLevel>,
    /// In-scope systems that need this objective and are not covered at the demanded level
    /// (system-level objectives only).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub uncovered_systems: Vec<String>,
    /// What falls short, when not satisfied.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shortfall: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct ControlLevel {
    pub control: String,
    pub level: Level,
}

/// A place where coverage stops at the baseline and a person must decide.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Marker {
    pub signal: Signal,
    /// The control the signal is about, if any.
    pub control: Option<String>,
    /// The system the signal is about (scope gaps).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub system: Option<String>,
    /// The hub objective the signal is about (scope gaps).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub objective: Option<String>,
    /// The person who must decide, or null when nobody has the authority.
    pub decider: Option<String>,
    /// What is wrong, in terms a person can act on.
    pub reason: String,
    /// The most critical tier of the functions concerned.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tier: Option<u8>,
}

impl Marker {
    /// Most urgent first: tier 1 before lower tiers before organization-wide, then by signal
    /// and subject, so every list of markers reads in the same order.
    pub(crate) fn rank(&self) -> (u8, Signal, &Option<String>, &Option<String>, &Option<String>) {
        (self.tier.unwrap_or(u8::MAX), self.signal, &self.control, &self.system, &self.objective)
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct ControlAssessment {
    pub id: String,
    pub title: String,
    pub owner: Option<String>,
    /// The person who decides when it fails, if one with authority is named.
    pub decider: Option<String>,
    pub level: Level,
    /// What keeps it from the next level of the ladder, when it is below `verified`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub short_of_next: Option<String>,
    /// The level its criticality asks for: verified when it protects a tier-1 function.
    pub target: Option<Level>,
    pub tier: Option<u8>,
    /// Business functions it protects through the systems it lists, most critical first.
    pub protects: Vec<String>,
    /// An organization-wide control implementing a system-level objective protects every
    /// function some system supports; they are not repeated in `protects`.
    pub protects_all: bool,
    pub objectives: Vec<String>,
    pub systems: Option<Vec<String>>,
    pub inherited_from: Option<String>,
    pub review_cadence: Cadence,
    pub test_cadence: Cadence,
    pub operates: Cadence,
    pub last_review: Option<NaiveDate>,
    pub last_passing_test: Option<NaiveDate>,
    /// Its exceptions open on `as_of` (absent when none is): how many, and since when the oldest
    /// has been open, so a later report can tell exceptions piling up or ageing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub open_exceptions: Option<OpenExceptions>,
    pub signals: Vec<Marker>,
}

/// A control's exceptions open on the report's date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct OpenExceptions {
    pub count: usize,
    /// The day the oldest of them was opened.
    pub oldest_opened: NaiveDate,
}

impl OpenExceptions {
    /// The control's exceptions open on `as_of`, or `None` when none is.
    pub(crate) fn of(control: &crosswalk_model::profile::Control, as_of: NaiveDate) -> Option<Self> {
        let open = control.exceptions.iter().filter(|exception| exception.is_open_on(as_of));
        let (count, oldest_opened) = open.fold((0, None::<NaiveDate>), |(count, oldest), exception| {
            (count + 1, Some(oldest.map_or(exception.opened, |oldest| oldest.min(exception.opened))))
        });
        oldest_opened.map(|oldest_opened| Self { count, oldest_opened })
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct SharedGap {
    pub objective: String,
    pub title: String,
    /// `missing`: no control implements it; `weak`: controls fall short of the demand.
    pub status: GapStatus,
    pub framework_count: usize,
    pub requirement_count: usize,
    pub frameworks: Vec<FrameworkRequirements>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum GapStatus {
    Missing,
    Weak,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct FrameworkRequirements {
    pub framework: String,
    pub requirements: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Leverage {
    pub control: String,
    pub title: String,
    pub level: Level,
    /// Performed by a provider and relied on through its attestation; listed after the
    /// controls the organization runs itself.
    pub inherited: bool,
    pub requirement_count: usize,
    pub framework_count: usize,
    pub frameworks: Vec<FrameworkCount>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct FrameworkCount {
    pub framework: String,
    pub requirements: usize,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct AgendaGroup {
    /// Person id, or null for decisions nobody has the authority to take.
    pub decider: Option<String>,
    pub name: Option<String>,
    pub items: Vec<AgendaItem>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct AgendaItem {
    pub signal: Signal,
    /// What the decision is about: a control, a system, or a requirement settled by a decision.
    pub subject: String,
    pub control: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub system: Option<String>,
    /// The hub objectives concerned (a system's uncovered objectives, for a scope gap).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub objectives: Vec<String>,
    pub tier: Option<u8>,
    /// The owner of the control or system concerned, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    pub severity: Severity,
    pub reason: String,
    /// The requirements it touches, as `framework:requirement`.
    pub requirements: Vec<String>,
}

/// How urgent a decision is: the criticality it touches, what the signal means, and how many
/// requirements it leaves open. Items are ordered by `score` within each decider.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Severity {
    pub rating: Rating,
    /// Tier points + signal points + 2 per open requirement (at most 20 counted); see
    /// docs/profile.md.
    pub score: u32,
    /// Requirements it touches whose baseline is partial or unmet.
    pub open_requirements: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Rating {
    Critical,
    High,
    Medium,
    Low,
}

impl std::fmt::Display for Rating {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Rating::Critical => "critical",
            Rating::High => "high",
            Rating::Medium => "medium",
            Rating::Low => "low",
        })
    }
}
