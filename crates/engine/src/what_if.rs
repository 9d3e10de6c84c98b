//! "What if a control failed tomorrow": the profile evaluated as it is and again with the named
//! controls failed (no evidence, no inheritance: level `none` on every date), and what that
//! costs: the requirements that lose coverage, the business functions exposed, who decides and
//! whether a failure response exists. `what_if_all` ranks every control by that damage.

use crate::{evaluate, ControlAssessment, Report};
use chrono::NaiveDate;
use crosswalk_model::{Hub, Profile, Verdict};
use crosswalk_plugin_api::FrameworkPlugin;
use schemars::JsonSchema;
use serde::Serialize;
use std::collections::BTreeSet;

/// `crosswalk what-if PROFILE --fail CONTROL...`.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct WhatIf {
    pub as_of: NaiveDate,
    pub organization: String,
    /// The controls assumed failed, most damaging first (tier-1 exposure, then requirements lost).
    pub failed: Vec<ControlDamage>,
    /// Requirements lost in all frameworks together.
    pub requirements_lost: usize,
    /// Per framework, in evaluation order, the requirements that lose coverage.
    pub frameworks: Vec<FrameworkLoss>,
}

/// `crosswalk what-if PROFILE --all`: every control whose failure loses a requirement, most
/// damaging first (the single points of failure).
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct WhatIfAll {
    pub as_of: NaiveDate,
    pub organization: String,
    /// Controls whose failure alone loses at least one requirement or exposes a function, most
    /// damaging first.
    pub ranking: Vec<ControlDamage>,
    /// Controls considered (those a met requirement relies on); the others cannot lose one.
    pub candidates: usize,
}

/// What one failed control costs.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct ControlDamage {
    pub control: String,
    pub title: String,
    pub owner: Option<String>,
    /// Who decides for the control (its domain's decider), or nobody.
    pub decider: Option<String>,
    /// The failure response's runbook, or none: nobody wrote down what to do.
    pub runbook: Option<String>,
    /// Who decides what happens next under the failure response.
    pub response_decider: Option<String>,
    /// The most critical tier among the functions exposed.
    pub tier: Option<u8>,
    /// The business functions it protects, most critical first.
    pub exposed: Vec<ExposedFunction>,
    /// Requirements lost (all frameworks) that relied on this control.
    pub requirements_lost: usize,
    /// Per framework: the requirements lost that relied on this control.
    pub frameworks: Vec<crate::FrameworkRequirements>,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct ExposedFunction {
    pub id: String,
    pub name: String,
    pub tier: u8,
    /// Recovery time objective (`4h`), when set.
    pub rto: Option<String>,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct FrameworkLoss {
    pub framework: String,
    pub name: String,
    pub lost: Vec<LostRequirement>,
}

/// A requirement met (or met by an alternative) before and partial or unmet after.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct LostRequirement {
    pub id: String,
    pub title: String,
    pub before: Verdict,
    pub after: Verdict,
    /// Why it falls short after the failure.
    pub reason: String,
    /// The failed controls it relied on.
    pub failed_controls: Vec<String>,
}

/// The profile with `failed` controls failed: no evidence and no inheritance, so level `none`
/// on every date.
fn with_failed(profile: &Profile, failed: &BTreeSet<&str>) -> Profile {
    let mut copy = profile.clone();
    for control in copy.controls.iter_mut().filter(|c| failed.contains(c.id.as_str())) {
        control.evidence.clear();
        control.inherited = None;
    }
    copy
}

/// Ids in `failed` that name no control of the profile.
pub fn unknown_controls<'a>(profile: &Profile, failed: &'a [String]) -> Vec<&'a str> {
    failed.iter().filter(|id| !profile.controls.iter().any(|c| &c.id == *id)).map(String::as_str).collect()
}

/// Evaluates the profile as it is and with `failed` controls failed, and reports what is lost.
/// Ids naming no control are ignored (check them with [`unknown_controls`]).
pub fn what_if(hub: &Hub, profile: &Profile, frameworks: &[&dyn FrameworkPlugin], as_of: NaiveDate, failed: &[String]) -> WhatIf {
    let baseline = evaluate(hub, profile, frameworks, as_of);
    let set: BTreeSet<&str> = failed.iter().map(String::as_str).collect();
    let after = evaluate(hub, &with_failed(profile, &set), frameworks, as_of);
    let losses = losses(&baseline, &after, &set);
    let mut damages: Vec<ControlDamage> =
        baseline.controls.iter().filter(|c| set.contains(c.id.as_str())).map(|c| damage(c, profile, &losses)).collect();
    rank(&mut damages);
    WhatIf {
        as_of,
        organization: profile.organization.name.clone(),
        failed: damages,
        requirements_lost: losses.iter().map(|f| f.lost.len()).sum(),
        frameworks: losses,
    }
}

/// Profiles with more candidate controls than this are refused by `what_if_all`: it evaluates
/// the profile once per candidate, which is quadratic.
pub const MAX_ALL_CANDIDATES: usize = 500;

/// Ranks every control by the damage its failure alone would do. Only controls a met
/// requirement relies on (listed in one of its objectives' coverage) can lose one, so only those
/// are failed, one at a time: exact, and at most [`MAX_ALL_CANDIDATES`] evaluations (`Err` with
/// the candidate count beyond that).
pub fn what_if_all(hub: &Hub, profile: &Profile, frameworks: &[&dyn FrameworkPlugin], as_of: NaiveDate) -> Result<WhatIfAll, usize> {
    let baseline = evaluate(hub, profile, frameworks, as_of);
    let relied: BTreeSet<&str> = baseline
        .frameworks
        .iter()
        .flat_map(|f| &f.requirements)
        .filter(|r| r.baseline.is_met())
        .flat_map(|r| r.objectives.iter().flat_map(|o| o.controls.iter().map(|c| c.control.as_str())))
        .collect();
    if relied.len() > MAX_ALL_CANDIDATES {
        return Err(relied.len());
    }
    let mut ranking = Vec::new();
    for control in baseline.controls.iter().filter(|c| relied.contains(c.id.as_str())) {
        let set = BTreeSet::from([control.id.as_str()]);
        let after = evaluate(hub, &with_failed(profile, &set), frameworks, as_of);
        let losses = losses(&baseline, &after, &set);
        let damage = damage(control, profile, &losses);
        if damage.requirements_lost > 0 {
            ranking.push(damage);
        }
    }
    rank(&mut ranking);
    Ok(WhatIfAll { as_of, organization: profile.organization.name.clone(), ranking, candidates: relied.len() })
}

/// Tier-1 exposure first (no exposure last), then the most requirements lost, then the id.
fn rank(damages: &mut [ControlDamage]) {
    damages.sort_by(|a, b| {
        (a.tier.unwrap_or(u8::MAX), std::cmp::Reverse(a.requirements_lost), &a.control).cmp(&(
            b.tier.unwrap_or(u8::MAX),
            std::cmp::Reverse(b.requirements_lost),
            &b.control,
        ))
    });
}

fn losses(baseline: &Report, after: &Report, failed: &BTreeSet<&str>) -> Vec<FrameworkLoss> {
    baseline
        .frameworks
        .iter()
        .zip(&after.frameworks)
        .map(|(before, now)| FrameworkLoss {
            framework: before.id.clone(),
            name: before.name.clone(),
            lost: before
                .requirements
                .iter()
                .zip(&now.requirements)
                .filter(|(b, a)| b.baseline.is_met() && matches!(a.baseline, Verdict::Partial | Verdict::Unmet))
                .map(|(b, a)| LostRequirement {
                    id: b.id.clone(),
                    title: b.title.clone(),
                    before: b.baseline,
                    after: a.baseline,
                    reason: a.reason.clone(),
                    failed_controls: relied_on(b, failed),
                })
                .collect(),
        })
        .collect()
}

/// The failed controls a requirement's coverage listed before the failure; a requirement judged
/// from its children (an ISO heading, a HIPAA standard) lists none itself, and is put down to
/// every failed control.
fn relied_on(requirement: &crate::RequirementResult, failed: &BTreeSet<&str>) -> Vec<String> {
    let ids: BTreeSet<&str> = requirement
        .controls
        .iter()
        .map(String::as_str)
        .chain(requirement.objectives.iter().flat_map(|o| o.controls.iter().map(|c| c.control.as_str())))
        .filter(|id| failed.contains(id))
        .collect();
    let ids = if ids.is_empty() { failed } else { &ids };
    ids.iter().map(|id| (*id).to_owned()).collect()
}

fn damage(control: &ControlAssessment, profile: &Profile, losses: &[FrameworkLoss]) -> ControlDamage {
    let source = profile.controls.iter().find(|c| c.id == control.id);
    let mut exposed: Vec<ExposedFunction> = profile
        .functions
        .iter()
        .filter(|f| if control.protects_all { f.in_scope } else { control.protects.contains(&f.id) })
        .map(|f| ExposedFunction { id: f.id.clone(), name: f.name.clone(), tier: f.tier, rto: f.rto.map(|d| d.to_string()) })
        .collect();
    exposed.sort_by(|a, b| (a.tier, &a.id).cmp(&(b.tier, &b.id)));
    let frameworks: Vec<crate::FrameworkRequirements> = losses
        .iter()
        .map(|f| crate::FrameworkRequirements {
            framework: f.framework.clone(),
            requirements: f.lost.iter().filter(|r| r.failed_controls.contains(&control.id)).map(|r| r.id.clone()).collect(),
        })
        .filter(|f| !f.requirements.is_empty())
        .collect();
    ControlDamage {
        control: control.id.clone(),
        title: control.title.clone(),
        owner: control.owner.clone(),
        decider: control.decider.clone(),
        runbook: source.and_then(|c| c.failure_response.as_ref()).map(|r| r.runbook.clone()),
        response_decider: source.and_then(|c| c.failure_response.as_ref()).map(|r| r.decider.clone()),
        tier: exposed.first().map(|f| f.tier),
        exposed,
        requirements_lost: frameworks.iter().map(|f| f.requirements.len()).sum(),
        frameworks,
    }
}
