//! HIPAA Security Rule (45 CFR 164.308-164.316). Standards and required implementation
//! specifications are judged by controls, and a standard is met only when its applicable
//! specifications are. An addressable specification is met by implementing it, or by a
//! recorded decision (164.306(d)(3)): an equivalent alternative, whose named controls are
//! judged at the level the specification demands, or that neither it nor an alternative is
//! reasonable and appropriate, which meets the baseline by documentation, not capability.
//! Decisions are reviewed on a cadence. Provisions for group health plans, clearinghouses and
//! government entities apply only to them.

use chrono::NaiveDate;
use crosswalk_model::framework::Implementation;
use crosswalk_model::validate::unknown_person;
use crosswalk_model::Cadence;
use crosswalk_plugin_api::{
    dates_out_of_range, inventory, missing_scope_section, parse_catalog, parse_section, section_path, section_schema, BuiltinPlugin,
    CatalogError, Context, Demand, FrameworkCatalog, FrameworkPlugin, Judgement, Level, Prepared, Problem, Profile, RecordedDecision,
    Requirement, ScheduledReview, Schema,
};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

pub const ID: &str = "hipaa";
/// 164.314(b): requirements for group health plans.
const GROUP_HEALTH_PLAN: &str = "164.314(b)";
/// 164.308(a)(4)(ii)(A): isolating health care clearinghouse functions.
const CLEARINGHOUSE_ISOLATION: &str = "164.308(a)(4)(ii)(A)";
/// 164.314(a)(2)(ii): other arrangements, for when both parties are government entities.
const OTHER_ARRANGEMENTS: &str = "164.314(a)(2)(ii)";
/// Provisions whose text asks for something done periodically, regularly or kept current, so
/// records of it being done are the baseline, not just the mechanism. Risk analysis and risk
/// management are here because an outdated risk analysis is the finding HHS cites most.
const PERIODIC: [&str; 7] = [
    "164.308(a)(1)(ii)(A)",
    "164.308(a)(1)(ii)(B)",
    "164.308(a)(1)(ii)(D)",
    "164.308(a)(5)(ii)(A)",
    "164.308(a)(7)(ii)(D)",
    "164.308(a)(8)",
    "164.316(b)(2)(iii)",
];

/// `scope.hipaa`: the organization's role and its decisions on addressable specifications.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HipaaScope {
    pub role: HipaaRole,
    /// True only for a health care clearinghouse (164.308(a)(4)(ii)(A) applies).
    #[serde(default)]
    pub clearinghouse: bool,
    /// True only for a group health plan (164.314(b) applies).
    #[serde(default)]
    pub group_health_plan: bool,
    /// True only for a government entity (164.314(a)(2)(ii), other arrangements, applies).
    #[serde(default)]
    pub government_entity: bool,
    /// Decisions on addressable implementation specifications (164.306(d)(3)).
    #[serde(default)]
    pub addressable: Vec<AddressableDecision>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum HipaaRole {
    CoveredEntity,
    BusinessAssociate,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AddressableDecision {
    /// An addressable specification's citation (`164.312(a)(2)(iii)`).
    pub specification: String,
    pub decision: AddressableChoice,
    pub rationale: String,
    /// What is done instead; required when the decision is `alternative`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alternative: Option<String>,
    /// The controls implementing the alternative; required when the decision is `alternative`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub controls: Vec<String>,
    /// The person who decided; needs authority over the specification's domains.
    pub decided_by: String,
    pub decided_on: NaiveDate,
    /// When the decision was last re-examined (default: when it was taken).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reviewed_on: Option<NaiveDate>,
    /// How often it must be re-examined; default annual. Exclusive with `review_by`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review_cadence: Option<Cadence>,
    /// A fixed date by which it must be re-examined. Exclusive with `review_cadence`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review_by: Option<NaiveDate>,
}

impl AddressableDecision {
    /// The last day the decision counts as reviewed.
    pub fn review_due(&self) -> NaiveDate {
        self.review_by.unwrap_or_else(|| {
            let last = self.reviewed_on.unwrap_or(self.decided_on).max(self.decided_on);
            self.review_cadence.unwrap_or(Cadence::Annual).window_end(last)
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum AddressableChoice {
    /// Implement the specification as written: judged by controls.
    Implement,
    /// Implement an equivalent alternative measure instead.
    Alternative,
    /// Neither is reasonable and appropriate; documented why.
    NotReasonable,
}

/// The prepared scope: the section, or none.
type Scope = Option<HipaaScope>;

#[derive(Debug)]
struct Hipaa {
    catalog: FrameworkCatalog,
}

/// Builds the plugin from its embedded catalog.
pub fn plugin() -> Result<Box<dyn FrameworkPlugin>, CatalogError> {
    let catalog = parse_catalog("frameworks/hipaa.yaml", include_str!("../../../frameworks/hipaa.yaml"))?;
    Ok(Box::new(Hipaa { catalog }))
}

inventory::submit! { BuiltinPlugin { id: ID, create: plugin } }

fn decision<'p>(scope: &'p HipaaScope, specification: &str) -> Option<&'p AddressableDecision> {
    scope.addressable.iter().find(|decision| decision.specification == specification)
}

impl FrameworkPlugin for Hipaa {
    fn catalog(&self) -> &FrameworkCatalog {
        &self.catalog
    }

    fn scope_schema(&self) -> Option<Schema> {
        Some(section_schema::<HipaaScope>())
    }

    fn prepare(&self, profile: &Profile) -> Result<Prepared, Vec<Problem>> {
        Ok(Box::new(parse_section::<HipaaScope>(profile, ID)?))
    }

    fn check_scope(&self, profile: &Profile, scope: &Prepared) -> Vec<Problem> {
        let Some(Some(scope)) = scope.downcast_ref::<Scope>() else {
            return vec![missing_scope_section(ID, "{ role: business-associate }")];
        };
        let path = section_path(ID).key("addressable");
        // What the model checks of every other person and date in a profile.
        let mut problems: Vec<Problem> = scope
            .addressable
            .iter()
            .enumerate()
            .filter_map(|(index, decision)| unknown_person(profile, &decision.decided_by, path.index(index).key("decided_by")))
            .collect();
        problems.extend(dates_out_of_range(scope.addressable.iter().enumerate().flat_map(|(index, decision)| {
            let entry = path.index(index);
            [
                (entry.key("decided_on"), Some(decision.decided_on)),
                (entry.key("reviewed_on"), decision.reviewed_on),
                (entry.key("review_by"), decision.review_by),
            ]
        })));
        let mut seen = HashSet::new();
        for (index, decision) in scope.addressable.iter().enumerate() {
            let entry = path.index(index);
            match self.catalog.requirement(&decision.specification).map(|r| r.implementation) {
                Some(Some(Implementation::Addressable)) => {}
                Some(Some(Implementation::Required)) => problems.push(Problem::new(
                    "hipaa::required-not-addressable",
                    entry.key("specification"),
                    format!("{} is a required specification: it cannot be settled by a decision", decision.specification),
                    "only addressable specifications take a decision; implement required ones",
                )),
                Some(None) => problems.push(Problem::new(
                    "hipaa::standard-not-addressable",
                    entry.key("specification"),
                    format!("{} is a standard, not an addressable specification", decision.specification),
                    "standards must be met; decisions are for addressable implementation specifications",
                )),
                None => problems.push(Problem::new(
                    "hipaa::unknown-specification",
                    entry.key("specification"),
                    format!("`{}` is not a HIPAA Security Rule citation", decision.specification),
                    "write the citation as in the rule, e.g. \"164.312(a)(2)(iii)\"; list them with `crosswalk catalog hipaa`",
                )),
            }
            if decision.decision == AddressableChoice::Alternative
                && decision.alternative.as_deref().is_none_or(|text| text.trim().is_empty())
            {
                problems.push(Problem::new(
                    "hipaa::alternative-missing",
                    entry.key("decision"),
                    format!("the decision on {} names no alternative", decision.specification),
                    "add `alternative: ...` describing the equivalent measure",
                ));
            }
            if decision.decision == AddressableChoice::Alternative && decision.controls.is_empty() {
                problems.push(Problem::new(
                    "hipaa::alternative-without-controls",
                    entry.key("decision"),
                    format!("the alternative to {} names no control that implements it", decision.specification),
                    "add `controls: [CONTROL-ID, ...]`: an alternative is judged by the controls that carry it out",
                ));
            }
            if decision.decision != AddressableChoice::Alternative && !decision.controls.is_empty() {
                problems.push(Problem::new(
                    "hipaa::controls-without-alternative",
                    entry.key("controls"),
                    format!("the decision on {} lists controls but is not an alternative", decision.specification),
                    "`controls` name what implements an alternative; an implemented specification is judged by its hub objectives",
                ));
            }
            for (control_index, control) in decision.controls.iter().enumerate() {
                if !profile.controls.iter().any(|c| &c.id == control) {
                    problems.push(Problem::new(
                        "hipaa::unknown-control",
                        entry.key("controls").index(control_index),
                        format!("unknown control `{control}`"),
                        "name a control listed under `controls`",
                    ));
                }
            }
            if decision.review_by.is_some() && decision.review_cadence.is_some() {
                problems.push(Problem::new(
                    "hipaa::review-twice",
                    entry.key("review_by"),
                    format!("the decision on {} has both `review_by` and `review_cadence`", decision.specification),
                    "keep one: a fixed date, or a cadence counted from `reviewed_on` (or `decided_on`)",
                ));
            }
            if decision.rationale.trim().is_empty() {
                problems.push(Problem::new(
                    "hipaa::rationale-missing",
                    entry.key("rationale"),
                    format!("the decision on {} has no rationale", decision.specification),
                    "164.316 requires the reasons to be documented",
                ));
            }
            if !seen.insert(decision.specification.as_str()) {
                problems.push(Problem::new(
                    "hipaa::duplicate-decision",
                    entry.key("specification"),
                    format!("{} is decided twice", decision.specification),
                    "keep one decision per specification",
                ));
            }
        }
        problems
    }

    fn scheduled_reviews(&self, context: &Context) -> Vec<ScheduledReview> {
        let Some(Some(scope)) = context.scope::<Scope>() else { return Vec::new() };
        scope
            .addressable
            .iter()
            .map(|decision| ScheduledReview {
                subject: decision.specification.clone(),
                decided_by: decision.decided_by.clone(),
                due: decision.review_due(),
                reason: format!(
                    "the addressable decision on {} (taken on {}) must be re-examined",
                    decision.specification, decision.decided_on
                ),
            })
            .collect()
    }

    fn describe_scope(&self, context: &Context) -> String {
        let Some(Some(scope)) = context.scope::<Scope>() else {
            return "no HIPAA scope".to_owned();
        };
        let role = match scope.role {
            HipaaRole::CoveredEntity => "covered entity",
            HipaaRole::BusinessAssociate => "business associate",
        };
        let count = |choice: AddressableChoice| scope.addressable.iter().filter(|d| d.decision == choice).count();
        let government = if scope.government_entity { ", government entity" } else { "" };
        format!(
            "{role}{government}; {} addressable decisions recorded: {} implemented, {} by an equivalent alternative, {} documented as not reasonable",
            scope.addressable.len(),
            count(AddressableChoice::Implement),
            count(AddressableChoice::Alternative),
            count(AddressableChoice::NotReasonable)
        )
    }

    fn judge(&self, requirement: &Requirement, context: &Context) -> Judgement {
        let Some(Some(scope)) = context.scope::<Scope>() else {
            return Judgement::NotApplicable { reason: "no HIPAA scope in the profile".to_owned() };
        };
        let id = requirement.id.as_str();
        if id.starts_with(GROUP_HEALTH_PLAN) && !scope.group_health_plan {
            return Judgement::NotApplicable { reason: "applies to group health plans only".to_owned() };
        }
        if id == CLEARINGHOUSE_ISOLATION && !scope.clearinghouse {
            return Judgement::NotApplicable {
                reason: "applies only where a health care clearinghouse is part of a larger organization".to_owned(),
            };
        }
        if id == OTHER_ARRANGEMENTS && !scope.government_entity {
            return Judgement::NotApplicable {
                reason: "applies only where the covered entity and its business associate are both government entities".to_owned(),
            };
        }
        let periodic = PERIODIC.contains(&id);
        let demand = Demand {
            level: if periodic { Level::Operating } else { Level::Implemented },
            judged_on: None,
            period: None,
            basis: if periodic { "HIPAA: performed periodically".to_owned() } else { "HIPAA: implemented".to_owned() },
        };
        if requirement.implementation == Some(Implementation::Addressable) {
            let recorded = decision(scope, id).filter(|d| d.decision != AddressableChoice::Implement && d.decided_on <= context.as_of);
            if let Some(decision) = recorded {
                let (summary, alternative_controls) = match decision.decision {
                    AddressableChoice::Alternative => (
                        format!(
                            "addressable: an equivalent alternative is documented ({})",
                            decision.alternative.as_deref().unwrap_or_default()
                        ),
                        decision.controls.clone(),
                    ),
                    _ => (format!("addressable: documented as not reasonable and appropriate ({})", decision.rationale), Vec::new()),
                };
                return Judgement::Decided(RecordedDecision {
                    summary,
                    decided_by: decision.decided_by.clone(),
                    decided_on: decision.decided_on,
                    review_due: decision.review_due(),
                    alternative_controls,
                    demand,
                });
            }
        }
        Judgement::Evaluate(demand)
    }
}
