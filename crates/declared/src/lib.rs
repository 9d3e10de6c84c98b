//! The plugin for a framework written as data: its catalog's `semantics` block says what an
//! applicable requirement demands (per framework, per group, per requirement) and how the
//! profile's `scope.<id>` section chooses what applies (`all`, `exclusions` with justifications,
//! or `groups`). One [`DeclaredPlugin`] serves every such file; nothing here is specific to a
//! framework. In every mode the section may also record `decisions` on the framework's
//! governance requirements (`unmapped: { reason: governance }`), which no control can cover: the
//! engine judges a decided one as it judges any recorded decision (documentation only, stale after
//! its review date, taken by someone with authority).

use chrono::NaiveDate;
use crosswalk_model::framework::UnmappedReason;
use crosswalk_model::validate::{near_miss, unknown_person};
use crosswalk_model::{Applicability, Cadence, DemandSource, Semantics};
use crosswalk_plugin_api::{
    dates_out_of_range, missing_scope_section, parse_section, section_path, Context, Demand, FieldPath, FrameworkCatalog, FrameworkPlugin,
    Judgement, Prepared, Problem, Profile, RecordedDecision, Requirement, ScheduledReview, Schema,
};
use serde::Deserialize;
use serde_json::json;
use std::collections::HashSet;

/// A framework file with declared semantics, loaded as a plugin.
#[derive(Debug)]
pub struct DeclaredPlugin {
    catalog: FrameworkCatalog,
    semantics: Semantics,
    source: String,
}

impl DeclaredPlugin {
    /// The plugin for `catalog`, read from `source` (a path, shown by `crosswalk frameworks`).
    /// A catalog without `semantics` is refused with a problem at `framework`: guessing what a
    /// framework demands would put words in its authors' mouths.
    pub fn new(catalog: FrameworkCatalog, source: impl Into<String>) -> Result<Self, Problem> {
        match catalog.semantics.clone() {
            Some(semantics) => Ok(Self { catalog, semantics, source: source.into() }),
            None => Err(no_semantics(&catalog)),
        }
    }

    fn id(&self) -> &str {
        &self.catalog.framework.id
    }

    /// How many requirements apply under `scope`.
    fn applicable(&self, scope: &DeclaredScope) -> usize {
        self.catalog
            .requirements
            .iter()
            .filter(|requirement| scope.exclusion_of(requirement).is_none() && self.group_applies(requirement, scope))
            .count()
    }

    /// Whether the requirement's group applies: always with `all` and `exclusions`; with `groups`,
    /// when the file says it always applies or the profile chose it.
    fn group_applies(&self, requirement: &Requirement, scope: &DeclaredScope) -> bool {
        if self.semantics.applicability != Applicability::Groups || self.semantics.always_applies.contains(&requirement.group) {
            return true;
        }
        matches!(scope, DeclaredScope::Groups(chosen) if chosen.groups.contains(&requirement.group))
    }

    fn check_exclusions(&self, scope: &ExclusionsScope) -> Vec<Problem> {
        let path = section_path(self.id()).key("exclusions");
        let mut problems = Vec::new();
        let mut seen = HashSet::new();
        for (index, exclusion) in scope.exclusions.iter().enumerate() {
            let entry = path.index(index);
            if self.catalog.requirement(&exclusion.requirement).is_none() {
                let ids = self.catalog.requirements.iter().map(|requirement| requirement.id.as_str());
                problems.push(Problem::new(
                    "declared::unknown-requirement",
                    entry.key("requirement"),
                    format!("`{}` is not a requirement of {}{}", exclusion.requirement, self.id(), near_miss(&exclusion.requirement, ids)),
                    format!("list its requirements with `crosswalk catalog {}`", self.id()),
                ));
            }
            if exclusion.justification.as_deref().is_none_or(|text| text.trim().is_empty()) {
                problems.push(Problem::new(
                    "declared::exclusion-without-justification",
                    entry.key("requirement"),
                    format!("the exclusion of {} has no justification", exclusion.requirement),
                    "an excluded requirement needs the reason an auditor would accept: add `justification: ...`",
                ));
            }
            if !seen.insert(exclusion.requirement.as_str()) {
                problems.push(Problem::new(
                    "declared::duplicate-exclusion",
                    entry.key("requirement"),
                    format!("{} is excluded twice", exclusion.requirement),
                    "keep one exclusion per requirement",
                ));
            }
        }
        problems
    }

    /// The ids of the requirements only a governance decision settles.
    fn governance_ids(&self) -> Vec<&str> {
        self.catalog
            .requirements
            .iter()
            .filter(|requirement| is_governance(requirement))
            .map(|requirement| requirement.id.as_str())
            .collect()
    }

    fn check_decisions(&self, profile: &Profile, decisions: &[GovernanceDecision]) -> Vec<Problem> {
        let path = section_path(self.id()).key("decisions");
        let mut problems: Vec<Problem> = decisions
            .iter()
            .enumerate()
            .filter_map(|(index, decision)| unknown_person(profile, &decision.decided_by, path.index(index).key("decided_by")))
            .collect();
        problems.extend(dates_out_of_range(decisions.iter().enumerate().flat_map(|(index, decision)| {
            let entry = path.index(index);
            [(entry.key("decided_on"), Some(decision.decided_on)), (entry.key("review_due"), decision.review_due)]
        })));
        let governance = self.governance_ids();
        let mut seen = HashSet::new();
        for (index, decision) in decisions.iter().enumerate() {
            let entry = path.index(index);
            match self.catalog.requirement(&decision.requirement) {
                Some(requirement) if is_governance(requirement) => {}
                Some(_) => problems.push(Problem::new(
                    "declared::decision-on-mapped-requirement",
                    entry.key("requirement"),
                    format!(
                        "{} is not a governance requirement of {}: the controls covering it judge it, a decision cannot",
                        decision.requirement,
                        self.id()
                    ),
                    if governance.is_empty() {
                        format!("{} has no governance requirement (`unmapped: {{ reason: governance }}`): remove the decision", self.id())
                    } else {
                        format!("decisions are for its governance requirements: {}", governance.join(", "))
                    },
                )),
                None => problems.push(Problem::new(
                    "declared::unknown-requirement",
                    entry.key("requirement"),
                    format!(
                        "`{}` is not a requirement of {}{}",
                        decision.requirement,
                        self.id(),
                        near_miss(&decision.requirement, governance.iter().copied())
                    ),
                    format!("list its requirements with `crosswalk catalog {}`", self.id()),
                )),
            }
            if decision.summary.trim().is_empty() {
                problems.push(Problem::new(
                    "declared::decision-without-summary",
                    entry.key("summary"),
                    format!("the decision on {} has no summary", decision.requirement),
                    "write what was decided, as an auditor would read it in the minutes",
                ));
            }
            if decision.review_due.is_some_and(|due| due < decision.decided_on) {
                problems.push(Problem::new(
                    "declared::review-before-decision",
                    entry.key("review_due"),
                    format!("the decision on {} is due for review before it was taken", decision.requirement),
                    "`review_due` is on or after `decided_on`; leave it out for one year after `decided_on`",
                ));
            }
            if !seen.insert(decision.requirement.as_str()) {
                problems.push(Problem::new(
                    "declared::duplicate-decision",
                    entry.key("requirement"),
                    format!("{} is decided twice", decision.requirement),
                    "keep one decision per requirement: update its `decided_on` when it is re-taken",
                ));
            }
        }
        problems
    }

    fn check_groups(&self, scope: &GroupsScope) -> Vec<Problem> {
        let path = section_path(self.id()).key("groups");
        let groups = self.catalog.groups();
        let mut problems = Vec::new();
        let mut seen = HashSet::new();
        for (index, group) in scope.groups.iter().enumerate() {
            if !groups.contains(&group.as_str()) {
                problems.push(Problem::new(
                    "declared::unknown-group",
                    path.index(index),
                    format!("{} has no group `{group}`{}", self.id(), near_miss(group, groups.iter().copied())),
                    format!("choose among its groups: {}", groups.join(", ")),
                ));
            }
            if !seen.insert(group.as_str()) {
                problems.push(Problem::new(
                    "declared::duplicate-group",
                    path.index(index),
                    format!("group `{group}` is chosen twice"),
                    "list each group once",
                ));
            }
        }
        problems
    }
}

/// The problem of a catalog loaded as data without `semantics` (`validate` reports it too).
pub fn no_semantics(catalog: &FrameworkCatalog) -> Problem {
    Problem::new(
        "framework::no-semantics",
        FieldPath::root().key("framework"),
        format!("framework `{}` declares no `semantics`, so crosswalk cannot tell what it demands", catalog.framework.id),
        "add a `semantics:` block beside `framework:`, e.g. `semantics: { demand: operating, applicability: all }` \
         (`crosswalk framework new ID` writes one with every option explained)",
    )
}

/// Whether only a governance decision settles `requirement` (`unmapped: { reason: governance }`).
fn is_governance(requirement: &Requirement) -> bool {
    requirement.unmapped.as_ref().is_some_and(|unmapped| unmapped.reason == UnmappedReason::Governance)
}

/// A decision recorded on a governance requirement (`scope.<id>.decisions`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct GovernanceDecision {
    requirement: String,
    /// A person of the profile; the engine checks their authority.
    decided_by: String,
    decided_on: NaiveDate,
    /// What was decided.
    summary: String,
    /// When it must be re-examined; default one year (366 days, an annual cadence) after
    /// `decided_on`.
    #[serde(default)]
    review_due: Option<NaiveDate>,
}

impl GovernanceDecision {
    fn review_due(&self) -> NaiveDate {
        self.review_due.unwrap_or_else(|| Cadence::Annual.window_end(self.decided_on))
    }
}

/// `scope.<id>` of a framework whose every requirement applies: only decisions.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct AllScope {
    #[serde(default)]
    decisions: Vec<GovernanceDecision>,
}

/// `scope.<id>` of a framework whose requirements apply unless excluded.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ExclusionsScope {
    #[serde(default)]
    exclusions: Vec<Exclusion>,
    #[serde(default)]
    decisions: Vec<GovernanceDecision>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Exclusion {
    requirement: String,
    /// Required; read as optional so that its absence is a located problem with a hint rather
    /// than a parse error.
    #[serde(default)]
    justification: Option<String>,
}

/// `scope.<id>` of a framework whose groups the organization chooses.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct GroupsScope {
    groups: Vec<String>,
    #[serde(default)]
    decisions: Vec<GovernanceDecision>,
}

/// The prepared scope, by the framework's applicability.
#[derive(Debug)]
enum DeclaredScope {
    /// No section: with `all` or `exclusions` every requirement applies; with `groups` only the
    /// `always_applies` groups (and `check_scope` asks for the section).
    Unscoped,
    /// With `all`, a section recording decisions only.
    All(AllScope),
    Exclusions(ExclusionsScope),
    Groups(GroupsScope),
}

/// What a context without this plugin's prepared scope is read as.
static UNSCOPED: DeclaredScope = DeclaredScope::Unscoped;

impl DeclaredScope {
    fn exclusion_of(&self, requirement: &Requirement) -> Option<&Exclusion> {
        match self {
            DeclaredScope::Exclusions(scope) => scope.exclusions.iter().find(|exclusion| exclusion.requirement == requirement.id),
            DeclaredScope::Unscoped | DeclaredScope::All(_) | DeclaredScope::Groups(_) => None,
        }
    }

    fn decisions(&self) -> &[GovernanceDecision] {
        match self {
            DeclaredScope::Unscoped => &[],
            DeclaredScope::All(scope) => &scope.decisions,
            DeclaredScope::Exclusions(scope) => &scope.decisions,
            DeclaredScope::Groups(scope) => &scope.decisions,
        }
    }

    /// The decision recorded on `requirement`, if taken by `as_of`.
    fn decision_on(&self, requirement: &Requirement, as_of: NaiveDate) -> Option<&GovernanceDecision> {
        self.decisions().iter().find(|decision| decision.requirement == requirement.id && decision.decided_on <= as_of)
    }
}

impl FrameworkPlugin for DeclaredPlugin {
    fn catalog(&self) -> &FrameworkCatalog {
        &self.catalog
    }

    fn source(&self) -> &str {
        &self.source
    }

    /// Derived from the declared applicability, naming this catalog's own requirement ids and
    /// groups so an editor completes them; `decisions` when the catalog has governance
    /// requirements, naming them.
    fn scope_schema(&self) -> Option<Schema> {
        let governance = self.governance_ids();
        let mut section = match self.semantics.applicability {
            Applicability::All if governance.is_empty() => return None,
            Applicability::All => json!({
                "description": format!(
                    "{}: every requirement applies; the section records only decisions on its governance requirements.",
                    self.catalog.framework.name
                ),
                "type": "object",
                "additionalProperties": false,
                "properties": {},
            }),
            Applicability::Exclusions => json!({
                "description": format!("{}: the requirements the organization excludes, each with its justification.", self.catalog.framework.name),
                "type": "object",
                "additionalProperties": false,
                "properties": { "exclusions": { "type": "array", "items": {
                    "type": "object",
                    "additionalProperties": false,
                    "required": ["requirement", "justification"],
                    "properties": {
                        "requirement": { "enum": self.catalog.requirements.iter().map(|r| r.id.as_str()).collect::<Vec<_>>() },
                        "justification": { "type": "string", "minLength": 1 },
                    },
                } } },
            }),
            Applicability::Groups => json!({
                "description": format!(
                    "{}: the groups of requirements that apply to the organization{}.",
                    self.catalog.framework.name,
                    if self.semantics.always_applies.is_empty() {
                        String::new()
                    } else {
                        format!(" (besides {}, which always apply)", self.semantics.always_applies.join(", "))
                    }
                ),
                "type": "object",
                "additionalProperties": false,
                "required": ["groups"],
                "properties": { "groups": { "type": "array", "uniqueItems": true, "items": { "enum": self.catalog.groups() } } },
            }),
        };
        if !governance.is_empty() {
            section["properties"]["decisions"] = json!({
                "description": "Decisions recorded on governance requirements, which no control covers: each is met by documentation until its review date.",
                "type": "array",
                "items": {
                    "type": "object",
                    "additionalProperties": false,
                    "required": ["requirement", "decided_by", "decided_on", "summary"],
                    "properties": {
                        "requirement": { "enum": governance },
                        "decided_by": { "description": "A person of the profile (`people`) with authority to decide.", "type": "string" },
                        "decided_on": { "type": "string", "format": "date" },
                        "summary": { "description": "What was decided.", "type": "string", "minLength": 1 },
                        "review_due": {
                            "description": "When the decision must be re-examined; default one year (366 days, an annual cadence) after `decided_on`.",
                            "type": "string",
                            "format": "date",
                        },
                    },
                },
            });
        }
        Schema::try_from(section).ok()
    }

    fn prepare(&self, profile: &Profile) -> Result<Prepared, Vec<Problem>> {
        let scope = match self.semantics.applicability {
            Applicability::All => match profile.scope.sections.get(self.id()).filter(|value| !value.is_null()) {
                None => DeclaredScope::Unscoped,
                Some(value) => {
                    let other = match value.as_object() {
                        Some(keys) => keys.keys().find(|key| *key != "decisions").map(|key| section_path(self.id()).key(key)),
                        None => Some(section_path(self.id())),
                    };
                    if let Some(path) = other {
                        return Err(vec![Problem::new(
                            "declared::section-not-taken",
                            path,
                            format!(
                                "{} takes nothing in `scope.{}` but `decisions`: every one of its requirements applies",
                                self.id(),
                                self.id()
                            ),
                            "remove it; the framework file's `semantics.applicability` is `all`, and the section only records \
                             `decisions: [{ requirement, decided_by, decided_on, summary }]` on governance requirements",
                        )]);
                    }
                    DeclaredScope::All(parse_section::<AllScope>(profile, self.id())?.unwrap_or_default())
                }
            },
            Applicability::Exclusions => {
                DeclaredScope::Exclusions(parse_section::<ExclusionsScope>(profile, self.id())?.unwrap_or_default())
            }
            Applicability::Groups => match parse_section::<GroupsScope>(profile, self.id())? {
                Some(scope) => DeclaredScope::Groups(scope),
                None => DeclaredScope::Unscoped,
            },
        };
        Ok(Box::new(scope))
    }

    fn check_scope(&self, profile: &Profile, scope: &Prepared) -> Vec<Problem> {
        let decisions = scope.downcast_ref::<DeclaredScope>().map_or(&[][..], DeclaredScope::decisions);
        let mut problems = match scope.downcast_ref::<DeclaredScope>() {
            Some(DeclaredScope::Exclusions(scope)) => self.check_exclusions(scope),
            Some(DeclaredScope::Groups(scope)) => self.check_groups(scope),
            // The host checks a scope when the framework is selected or its section is there: a
            // framework chosen by groups needs the choice.
            Some(DeclaredScope::Unscoped) if self.semantics.applicability == Applicability::Groups => {
                let example = self.catalog.groups().first().map_or_else(String::new, |group| (*group).to_owned());
                vec![missing_scope_section(self.id(), &format!("{{ groups: [{example}] }}"))]
            }
            Some(DeclaredScope::Unscoped | DeclaredScope::All(_)) | None => Vec::new(),
        };
        problems.extend(self.check_decisions(profile, decisions));
        problems
    }

    fn scheduled_reviews(&self, context: &Context) -> Vec<ScheduledReview> {
        let scope = context.scope::<DeclaredScope>().unwrap_or(&UNSCOPED);
        scope
            .decisions()
            .iter()
            .map(|decision| ScheduledReview {
                subject: decision.requirement.clone(),
                decided_by: decision.decided_by.clone(),
                due: decision.review_due(),
                reason: format!(
                    "the governance decision on {} (taken on {}) must be re-examined",
                    decision.requirement, decision.decided_on
                ),
            })
            .collect()
    }

    fn describe_scope(&self, context: &Context) -> String {
        let total = self.catalog.requirements.len();
        let scope = context.scope::<DeclaredScope>().unwrap_or(&UNSCOPED);
        let applicable = self.applicable(scope);
        let decided = match scope.decisions().len() {
            0 => String::new(),
            1 => "; 1 governance decision recorded".to_owned(),
            n => format!("; {n} governance decisions recorded"),
        };
        let described = match scope {
            DeclaredScope::Unscoped | DeclaredScope::All(_) if applicable == total => format!("all {total} requirements apply"),
            DeclaredScope::Unscoped | DeclaredScope::All(_) => format!("{applicable} of {total} requirements apply"),
            DeclaredScope::Exclusions(exclusions) => {
                format!("{applicable} of {total} requirements apply, {} excluded with justification", exclusions.exclusions.len())
            }
            DeclaredScope::Groups(chosen) => {
                let mut groups: Vec<&str> = self.semantics.always_applies.iter().map(String::as_str).collect();
                groups.extend(
                    chosen.groups.iter().map(String::as_str).filter(|group| !self.semantics.always_applies.iter().any(|g| g == group)),
                );
                format!("groups {}: {applicable} of {total} requirements apply", groups.join(", "))
            }
        };
        described + &decided
    }

    fn judge(&self, requirement: &Requirement, context: &Context) -> Judgement {
        let scope = context.scope::<DeclaredScope>().unwrap_or(&UNSCOPED);
        if let Some(exclusion) = scope.exclusion_of(requirement) {
            return Judgement::NotApplicable {
                reason: format!("excluded in scope.{}: {}", self.id(), exclusion.justification.as_deref().unwrap_or("no justification")),
            };
        }
        if !self.group_applies(requirement, scope) {
            return Judgement::NotApplicable {
                reason: format!("group `{}` is not chosen in scope.{}.groups", requirement.group, self.id()),
            };
        }
        let (level, decided_by) = self.semantics.demand_of(requirement);
        let declared_for = match decided_by {
            DemandSource::Framework => "the framework".to_owned(),
            DemandSource::Group => format!("group `{}`", requirement.group),
            DemandSource::Requirement => "this requirement".to_owned(),
        };
        let demand = Demand {
            level,
            judged_on: None,
            period: None,
            basis: format!("{}: {level}, as its file declares for {declared_for}", self.catalog.framework.name),
        };
        match scope.decision_on(requirement, context.as_of).filter(|_| is_governance(requirement)) {
            Some(decision) => Judgement::Decided(RecordedDecision {
                summary: format!("governance: decided in scope.{}.decisions ({})", self.id(), decision.summary.trim()),
                decided_by: decision.decided_by.clone(),
                decided_on: decision.decided_on,
                review_due: decision.review_due(),
                alternative_controls: Vec::new(),
                demand,
            }),
            None => Judgement::Evaluate(demand),
        }
    }
}
