//! The plugin for a framework written as data: its catalog's `semantics` block says what an
//! applicable requirement demands (per framework, per group, per requirement) and how the
//! profile's `scope.<id>` section chooses what applies (`all`, `exclusions` with justifications,
//! or `groups`). One [`DeclaredPlugin`] serves every such file; nothing here is specific to a
//! framework.

use crosswalk_model::validate::near_miss;
use crosswalk_model::{Applicability, DemandSource, Semantics};
use crosswalk_plugin_api::{
    missing_scope_section, parse_section, section_path, Context, Demand, FieldPath, FrameworkCatalog, FrameworkPlugin, Judgement, Prepared,
    Problem, Profile, Requirement, Schema,
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
        let Some(semantics) = catalog.semantics.clone() else {
            return Err(Problem::new(
                "framework::no-semantics",
                FieldPath::root().key("framework"),
                format!("framework `{}` declares no `semantics`, so crosswalk cannot tell what it demands", catalog.framework.id),
                "add a `semantics:` block beside `framework:`, e.g. `semantics: { demand: operating, applicability: all }` \
                 (`crosswalk framework new ID` writes one with every option explained)",
            ));
        };
        Ok(Self { catalog, semantics, source: source.into() })
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

/// `scope.<id>` of a framework whose requirements apply unless excluded.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ExclusionsScope {
    #[serde(default)]
    exclusions: Vec<Exclusion>,
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
}

/// The prepared scope, by the framework's applicability.
#[derive(Debug)]
enum DeclaredScope {
    /// `all`, or a section the profile does not have.
    Everything,
    Exclusions(ExclusionsScope),
    Groups(GroupsScope),
}

impl DeclaredScope {
    fn exclusion_of(&self, requirement: &Requirement) -> Option<&Exclusion> {
        match self {
            DeclaredScope::Exclusions(scope) => scope.exclusions.iter().find(|exclusion| exclusion.requirement == requirement.id),
            DeclaredScope::Everything | DeclaredScope::Groups(_) => None,
        }
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
    /// groups so an editor completes them.
    fn scope_schema(&self) -> Option<Schema> {
        let section = match self.semantics.applicability {
            Applicability::All => return None,
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
        Schema::try_from(section).ok()
    }

    fn prepare(&self, profile: &Profile) -> Result<Prepared, Vec<Problem>> {
        let scope = match self.semantics.applicability {
            Applicability::All => match profile.scope.sections.get(self.id()).filter(|value| !value.is_null()) {
                None => DeclaredScope::Everything,
                Some(_) => {
                    return Err(vec![Problem::new(
                        "declared::section-not-taken",
                        section_path(self.id()),
                        format!("{} takes no `scope.{}` section: every one of its requirements applies", self.id(), self.id()),
                        "remove the section; the framework file's `semantics.applicability` is `all`",
                    )])
                }
            },
            Applicability::Exclusions => {
                DeclaredScope::Exclusions(parse_section::<ExclusionsScope>(profile, self.id())?.unwrap_or_default())
            }
            Applicability::Groups => match parse_section::<GroupsScope>(profile, self.id())? {
                Some(scope) => DeclaredScope::Groups(scope),
                None => DeclaredScope::Everything,
            },
        };
        Ok(Box::new(scope))
    }

    fn check_scope(&self, _profile: &Profile, scope: &Prepared) -> Vec<Problem> {
        match scope.downcast_ref::<DeclaredScope>() {
            Some(DeclaredScope::Exclusions(scope)) => self.check_exclusions(scope),
            Some(DeclaredScope::Groups(scope)) => self.check_groups(scope),
            // The host checks a scope when the framework is selected or its section is there: a
            // framework chosen by groups needs the choice.
            Some(DeclaredScope::Everything) if self.semantics.applicability == Applicability::Groups => {
                let example = self.catalog.groups().first().map_or_else(String::new, |group| (*group).to_owned());
                vec![missing_scope_section(self.id(), &format!("{{ groups: [{example}] }}"))]
            }
            Some(DeclaredScope::Everything) | None => Vec::new(),
        }
    }

    fn describe_scope(&self, context: &Context) -> String {
        let total = self.catalog.requirements.len();
        let Some(scope) = context.scope::<DeclaredScope>() else {
            return String::new();
        };
        let applicable = self.applicable(scope);
        match scope {
            DeclaredScope::Everything => format!("all {total} requirements apply"),
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
        }
    }

    fn judge(&self, requirement: &Requirement, context: &Context) -> Judgement {
        let Some(scope) = context.scope::<DeclaredScope>() else {
            return Judgement::NotApplicable { reason: format!("the scope of {} was not read", self.id()) };
        };
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
        Judgement::Evaluate(Demand {
            level,
            judged_on: None,
            period: None,
            basis: format!("{}: {level}, as its file declares for {declared_for}", self.catalog.framework.name),
        })
    }
}
