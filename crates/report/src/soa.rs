//! The ISO/IEC 27001 Statement of Applicability (clause 6.1.3 d), built from an evaluated report,
//! the ISO catalog and the profile: every Annex A control, included or excluded, why, how far it
//! is implemented and by which of the organization's controls, with their evidence.
//!
//! **Invariant:** pure: no file system, no clock. The same inputs give the same statement.

use chrono::NaiveDate;
use crosswalk_engine::{ControlAssessment, Report, RequirementResult};
use crosswalk_model::{FrameworkCatalog, Level, Profile, Verdict};
use schemars::JsonSchema;
use serde::Serialize;
use std::collections::{BTreeSet, HashMap};

/// The framework id whose catalog and evaluation the statement reads.
pub const SOA_FRAMEWORK: &str = "iso27001";

/// The catalog group of ISO/IEC 27001's clauses, which always apply and are not in the statement.
const CLAUSES: &str = "clauses";

/// How many evidence references are listed per implementing control, most recent first.
const EVIDENCE_PER_CONTROL: usize = 3;
/// How many systems or functions a justification names before counting the rest.
const NAMED: usize = 4;

/// `crosswalk soa --format json`: the Statement of Applicability.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct StatementOfApplicability {
    pub organization: String,
    /// The date the implementation status speaks for.
    pub as_of: NaiveDate,
    /// The framework and its version (`ISO/IEC 27001:2022`).
    pub framework: String,
    pub version: String,
    /// Annex A controls listed (all of them).
    pub total: usize,
    pub included: usize,
    pub excluded: usize,
    /// Every Annex A control, in catalog order.
    pub controls: Vec<SoaEntry>,
}

/// One Annex A control in the statement.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct SoaEntry {
    /// The Annex A control id (`A.8.13`).
    pub id: String,
    pub title: String,
    /// The Annex A theme: organizational, people, physical, technological.
    pub theme: String,
    pub applicability: Applicability,
    /// Why it is included (drafted from the profile) or excluded (the recorded justification).
    pub justification: String,
    /// The hub objectives it maps onto.
    pub objectives: Vec<String>,
    /// The evaluated baseline verdict (`not-applicable` when excluded).
    pub status: Verdict,
    /// The level its controls reach: on the weakest mapped objective, the best implementing
    /// control's level (absent when excluded).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub level: Option<Level>,
    /// The level the statement demands of its controls (absent when excluded).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub demanded: Option<Level>,
    /// Why the verdict, in one sentence.
    pub reason: String,
    /// The organization's controls implementing it.
    pub implementation: Vec<ImplementingControl>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Applicability {
    Included,
    Excluded,
}

impl std::fmt::Display for Applicability {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Applicability::Included => "included",
            Applicability::Excluded => "excluded",
        })
    }
}

/// One of the organization's controls implementing an Annex A control.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct ImplementingControl {
    pub id: String,
    pub title: String,
    pub level: Level,
    /// The `reference` of its evidence dated on or before the as-of date, most recent first (a
    /// few).
    pub evidence: Vec<String>,
}

/// The framework the statement needs is not in the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotEvaluated;

/// `count` things named by `names`: the first few, then how many more.
fn few(names: &[String]) -> String {
    let shown: Vec<&str> = names.iter().take(NAMED).map(String::as_str).collect();
    match names.len().saturating_sub(NAMED) {
        0 => shown.join(", "),
        rest => format!("{} and {rest} more", shown.join(", ")),
    }
}

/// The Statement of Applicability of `report`'s ISO/IEC 27001 evaluation: `catalog` is the ISO
/// catalog, `profile` the evaluated profile (its controls' evidence). An Annex A control the
/// plugin judged not applicable is excluded, and the plugin's reason is the exclusion's recorded
/// justification, so the statement reads the scope section through the plugin only. Fails when
/// the report has no ISO/IEC 27001 results.
pub fn statement_of_applicability(
    report: &Report,
    catalog: &FrameworkCatalog,
    profile: &Profile,
) -> Result<StatementOfApplicability, NotEvaluated> {
    let framework = report.frameworks.iter().find(|f| f.id == catalog.framework.id).ok_or(NotEvaluated)?;
    let results: HashMap<&str, &RequirementResult> = framework.requirements.iter().map(|r| (r.id.as_str(), r)).collect();
    let assessed: HashMap<&str, &ControlAssessment> = report.controls.iter().map(|c| (c.id.as_str(), c)).collect();
    let evidence: HashMap<&str, Vec<String>> = profile
        .controls
        .iter()
        .map(|control| {
            let mut dated: Vec<(NaiveDate, &str)> = control
                .evidence
                .iter()
                .filter(|e| e.effective <= report.as_of)
                .filter_map(|e| e.reference.as_deref().map(|reference| (e.effective, reference)))
                .collect();
            dated.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(b.1)));
            let mut seen = BTreeSet::new();
            let references =
                dated.into_iter().filter(|(_, r)| seen.insert(*r)).take(EVIDENCE_PER_CONTROL).map(|(_, r)| r.to_owned()).collect();
            (control.id.as_str(), references)
        })
        .collect();

    let controls: Vec<SoaEntry> = catalog
        .requirements
        .iter()
        .filter(|r| r.group != CLAUSES)
        .map(|requirement| {
            let result = results.get(requirement.id.as_str()).copied();
            let objectives: Vec<String> = requirement.mappings.iter().map(|m| m.objective.clone()).collect();
            let implementation: Vec<ImplementingControl> = result
                .map(|r| r.controls.as_slice())
                .unwrap_or_default()
                .iter()
                .map(|id| {
                    let control = assessed.get(id.as_str());
                    ImplementingControl {
                        id: id.clone(),
                        title: control.map(|c| c.title.clone()).unwrap_or_default(),
                        level: control.map_or(Level::None, |c| c.level),
                        evidence: evidence.get(id.as_str()).cloned().unwrap_or_default(),
                    }
                })
                .collect();
            let reason = result.map(|r| r.reason.clone()).unwrap_or_default();
            match result.filter(|r| r.baseline == Verdict::NotApplicable) {
                Some(_) => SoaEntry {
                    id: requirement.id.clone(),
                    title: requirement.title.clone(),
                    theme: requirement.group.clone(),
                    applicability: Applicability::Excluded,
                    reason: format!("excluded in the Statement of Applicability: {reason}"),
                    justification: reason,
                    objectives,
                    status: Verdict::NotApplicable,
                    level: None,
                    demanded: None,
                    implementation: Vec::new(),
                },
                None => {
                    let level = result.map(|r| {
                        r.objectives
                            .iter()
                            .map(|o| o.controls.iter().map(|c| c.level).max().unwrap_or(Level::None))
                            .min()
                            .unwrap_or(Level::None)
                    });
                    let justification = inclusion(&objectives, &implementation, &assessed);
                    SoaEntry {
                        id: requirement.id.clone(),
                        title: requirement.title.clone(),
                        theme: requirement.group.clone(),
                        applicability: Applicability::Included,
                        justification,
                        objectives,
                        status: result.map_or(Verdict::Unmet, |r| r.baseline),
                        level,
                        demanded: result.and_then(|r| r.demanded),
                        reason,
                        implementation,
                    }
                }
            }
        })
        .collect();
    let excluded = controls.iter().filter(|c| c.applicability == Applicability::Excluded).count();
    Ok(StatementOfApplicability {
        organization: report.organization.clone(),
        as_of: report.as_of,
        framework: framework.name.clone(),
        version: framework.version.clone(),
        total: controls.len(),
        included: controls.len() - excluded,
        excluded,
        controls,
    })
}

/// Why an included control is included, drafted from the profile: the objectives it maps onto,
/// the controls implementing them and the systems and functions they concern.
fn inclusion(objectives: &[String], implementation: &[ImplementingControl], assessed: &HashMap<&str, &ControlAssessment>) -> String {
    let mut parts = vec!["included by default: no exclusion recorded".to_owned()];
    if !objectives.is_empty() {
        parts.push(format!("addresses hub objectives {}", objectives.join(", ")));
    }
    if implementation.is_empty() {
        parts.push("no control of the organization implements it yet".to_owned());
    } else {
        let ids: Vec<String> = implementation.iter().map(|c| c.id.clone()).collect();
        parts.push(format!("implemented by {}", few(&ids)));
        let concerned: Vec<&&ControlAssessment> = implementation.iter().filter_map(|c| assessed.get(c.id.as_str())).collect();
        let systems: BTreeSet<String> = concerned.iter().flat_map(|c| c.systems.iter().flatten().cloned()).collect();
        if !systems.is_empty() {
            parts.push(format!("systems {}", few(&systems.into_iter().collect::<Vec<_>>())));
        }
        if concerned.iter().any(|c| c.protects_all) {
            parts.push("protects every business function".to_owned());
        } else {
            let functions: BTreeSet<String> = concerned.iter().flat_map(|c| c.protects.iter().cloned()).collect();
            if !functions.is_empty() {
                parts.push(format!("functions {}", few(&functions.into_iter().collect::<Vec<_>>())));
            }
        }
    }
    parts.join("; ")
}
