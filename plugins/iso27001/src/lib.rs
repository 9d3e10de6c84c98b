//! ISO/IEC 27001:2022. Clauses 4 to 10 always apply: the management system must be running,
//! so they demand `operating`. Annex A controls apply through the Statement of Applicability
//! (clause 6.1.3 d): every control is included unless the profile excludes it with a
//! justification. A certification audit samples records of operation, so an included control
//! demands `operating` too (recovery objectives: a passing test, as everywhere).

use crosswalk_plugin_api::{
    inventory, parse_catalog, parse_section, section_path, section_schema, BuiltinPlugin, CatalogError, Context, Demand, FrameworkCatalog,
    FrameworkPlugin, Judgement, Level, Prepared, Problem, Profile, Requirement, Schema,
};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

pub const ID: &str = "iso27001";
const CLAUSES: &str = "clauses";

/// `scope.iso27001`: the Statement of Applicability choices.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IsoScope {
    #[serde(default)]
    pub exclusions: Vec<IsoExclusion>,
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IsoExclusion {
    /// An Annex A control id (`A.7.12`).
    pub control: String,
    /// Why the control does not apply; required by clause 6.1.3 d.
    #[serde(default)]
    pub justification: Option<String>,
}

#[derive(Debug)]
struct Iso27001 {
    catalog: FrameworkCatalog,
}

/// Builds the plugin from its embedded catalog.
pub fn plugin() -> Result<Box<dyn FrameworkPlugin>, CatalogError> {
    let catalog = parse_catalog("frameworks/iso27001.yaml", include_str!("../../../frameworks/iso27001.yaml"))?;
    Ok(Box::new(Iso27001 { catalog }))
}

inventory::submit! { BuiltinPlugin { id: ID, create: plugin } }

/// The prepared scope: the section, or none.
type Scope = Option<IsoScope>;

fn exclusion<'p>(scope: Option<&'p IsoScope>, control: &str) -> Option<&'p IsoExclusion> {
    scope?.exclusions.iter().find(|exclusion| exclusion.control == control)
}

impl FrameworkPlugin for Iso27001 {
    fn catalog(&self) -> &FrameworkCatalog {
        &self.catalog
    }

    fn scope_schema(&self) -> Option<Schema> {
        Some(section_schema::<IsoScope>())
    }

    fn prepare(&self, profile: &Profile) -> Result<Prepared, Vec<Problem>> {
        Ok(Box::new(parse_section::<IsoScope>(profile, ID)?))
    }

    fn check_scope(&self, _profile: &Profile, scope: &Prepared) -> Vec<Problem> {
        let mut problems = Vec::new();
        let Some(Some(scope)) = scope.downcast_ref::<Scope>() else {
            return problems;
        };
        let path = section_path(ID).key("exclusions");
        let mut seen = HashSet::new();
        for (index, exclusion) in scope.exclusions.iter().enumerate() {
            let entry = path.index(index);
            match self.catalog.requirement(&exclusion.control) {
                None => problems.push(Problem::new(
                    "iso27001::unknown-control",
                    entry.key("control"),
                    format!("`{}` is not an ISO/IEC 27001:2022 Annex A control", exclusion.control),
                    "Annex A controls run from A.5.1 to A.8.34; list them with `crosswalk catalog iso27001`",
                )),
                Some(requirement) if requirement.group == CLAUSES => problems.push(Problem::new(
                    "iso27001::clause-excluded",
                    entry.key("control"),
                    format!("clause {} cannot be excluded", exclusion.control),
                    "clauses 4 to 10 always apply; only Annex A controls can be excluded in the Statement of Applicability",
                )),
                Some(_) => {}
            }
            if exclusion.justification.as_deref().is_none_or(|text| text.trim().is_empty()) {
                problems.push(Problem::new(
                    "iso27001::exclusion-without-justification",
                    entry.key("control"),
                    format!("the exclusion of {} has no justification", exclusion.control),
                    "clause 6.1.3 d requires a justification for every excluded control: add `justification: ...`",
                ));
            }
            if !seen.insert(exclusion.control.as_str()) {
                problems.push(Problem::new(
                    "iso27001::duplicate-exclusion",
                    entry.key("control"),
                    format!("{} is excluded twice", exclusion.control),
                    "keep one exclusion per control",
                ));
            }
        }
        problems
    }

    fn describe_scope(&self, context: &Context) -> String {
        let annex_a = self.catalog.requirements.iter().filter(|r| r.group != CLAUSES).count();
        let excluded = context.scope::<Scope>().and_then(Option::as_ref).map_or(0, |scope| scope.exclusions.len());
        format!(
            "Statement of Applicability: {} of {annex_a} Annex A controls included, {excluded} excluded with justification",
            annex_a - excluded
        )
    }

    fn judge(&self, requirement: &Requirement, context: &Context) -> Judgement {
        if requirement.group == CLAUSES {
            return Judgement::Evaluate(Demand {
                level: Level::Operating,
                judged_on: None,
                period: None,
                basis: "ISO/IEC 27001 clause: always applies, the management system must be running".to_owned(),
            });
        }
        match exclusion(context.scope::<Scope>().and_then(Option::as_ref), &requirement.id) {
            // The reason is the justification as recorded: the Statement of Applicability
            // (crosswalk-report) quotes it from the judgement, never reading the section itself.
            Some(exclusion) => {
                Judgement::NotApplicable { reason: exclusion.justification.clone().unwrap_or_else(|| "no justification".to_owned()) }
            }
            None => Judgement::Evaluate(Demand {
                level: Level::Operating,
                judged_on: None,
                period: None,
                basis: "included in the Statement of Applicability: a certification audit looks for operation".to_owned(),
            }),
        }
    }
}
