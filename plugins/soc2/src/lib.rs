//! SOC 2 Trust Services Criteria. The Security category (CC1-CC9) always applies; the other
//! four categories by scope. A Type 1 report looks at design and implementation as of its
//! report date (`scope.soc2.as_of`, default the run's date), so criteria demand `implemented`
//! on that date; a Type 2 report looks at operation over an observation period, so they demand
//! `operating` read at the period's end, with a record in every interval of each control's
//! cadence inside the period, judged by the evidence's effective date. The run's date only
//! bounds which evidence exists.

use chrono::NaiveDate;
use crosswalk_plugin_api::{
    dates_out_of_range, inventory, missing_scope_section, parse_catalog, parse_section, section_path, section_schema, BuiltinPlugin,
    CatalogError, Context, Demand, FrameworkCatalog, FrameworkPlugin, Judgement, Level, Prepared, Problem, Profile, Requirement, Schema,
    Span,
};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub const ID: &str = "soc2";
const SECURITY: &str = "security";
/// Longer than any real observation period: almost certainly a mistyped year.
const MAX_PERIOD_DAYS: i64 = 2 * 366;

/// `scope.soc2`: what the SOC 2 report covers.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Soc2Scope {
    #[serde(rename = "type")]
    pub report_type: Soc2Type,
    /// The observation period; required for Type 2.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<Span>,
    /// Type 1: the date the report speaks for; default: the run's "as of" date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_of: Option<NaiveDate>,
    /// Categories besides security, which is always in scope.
    #[serde(default)]
    pub categories: Vec<Soc2Category>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Soc2Type {
    /// Design and implementation at a point in time.
    Type1,
    /// Operating effectiveness over an observation period.
    Type2,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Soc2Category {
    Security,
    Availability,
    Confidentiality,
    ProcessingIntegrity,
    Privacy,
}

impl Soc2Category {
    /// The spelling used as a requirement group in the SOC 2 catalog.
    pub fn as_group(self) -> &'static str {
        match self {
            Soc2Category::Security => "security",
            Soc2Category::Availability => "availability",
            Soc2Category::Confidentiality => "confidentiality",
            Soc2Category::ProcessingIntegrity => "processing-integrity",
            Soc2Category::Privacy => "privacy",
        }
    }
}

/// The prepared scope: the section, or none.
type Scope = Option<Soc2Scope>;

#[derive(Debug)]
struct Soc2 {
    catalog: FrameworkCatalog,
}

/// Builds the plugin from its embedded catalog.
pub fn plugin() -> Result<Box<dyn FrameworkPlugin>, CatalogError> {
    let catalog = parse_catalog("frameworks/soc2.yaml", include_str!("../../../frameworks/soc2.yaml"))?;
    Ok(Box::new(Soc2 { catalog }))
}

inventory::submit! { BuiltinPlugin { id: ID, create: plugin } }

fn in_scope(scope: &Soc2Scope, group: &str) -> bool {
    group == SECURITY || scope.categories.iter().any(|category| category.as_group() == group)
}

impl Soc2 {
    /// The section's own rules, once it parsed.
    fn check_section(&self, scope: &Soc2Scope) -> Vec<Problem> {
        let path = section_path(ID);
        if scope.report_type == Soc2Type::Type2 && scope.as_of.is_some() {
            return vec![Problem::new(
                "soc2::as-of-on-type2",
                path.key("as_of"),
                "`as_of` is the date of a Type 1 report; a Type 2 report speaks for its observation period",
                "remove `as_of`, or set `type: type1`",
            )];
        }
        match (scope.report_type, scope.period) {
            (Soc2Type::Type2, None) => vec![Problem::new(
                "soc2::type2-without-period",
                path.key("type"),
                "a SOC 2 Type 2 report needs an observation period",
                "add `period: { start: YYYY-MM-DD, end: YYYY-MM-DD }` (typically 3 to 12 months)",
            )],
            (_, Some(period)) if (period.end - period.start).num_days() > MAX_PERIOD_DAYS => vec![Problem::new(
                "soc2::period-too-long",
                path.key("period").key("end"),
                format!("an observation period of {} days", (period.end - period.start).num_days() + 1),
                "SOC 2 Type 2 observation periods run 3 to 12 months; check the years of `start` and `end`",
            )],
            (_, Some(period)) if period.end < period.start => vec![Problem::new(
                "soc2::period-reversed",
                path.key("period").key("end"),
                format!("the observation period ends ({}) before it starts ({})", period.end, period.start),
                "swap `start` and `end`",
            )],
            _ => Vec::new(),
        }
    }
}

impl FrameworkPlugin for Soc2 {
    fn catalog(&self) -> &FrameworkCatalog {
        &self.catalog
    }

    fn scope_schema(&self) -> Option<Schema> {
        Some(section_schema::<Soc2Scope>())
    }

    fn prepare(&self, profile: &Profile) -> Result<Prepared, Vec<Problem>> {
        Ok(Box::new(parse_section::<Soc2Scope>(profile, ID)?))
    }

    fn check_scope(&self, _profile: &Profile, scope: &Prepared) -> Vec<Problem> {
        let Some(Some(scope)) = scope.downcast_ref::<Scope>() else {
            return vec![missing_scope_section(
                ID,
                "{ type: type2, period: { start: 2026-01-01, end: 2026-06-30 }, categories: [availability] }",
            )];
        };
        let path = section_path(ID);
        let mut problems = dates_out_of_range([
            (path.key("period").key("start"), scope.period.map(|period| period.start)),
            (path.key("period").key("end"), scope.period.map(|period| period.end)),
            (path.key("as_of"), scope.as_of),
        ]);
        problems.extend(self.check_section(scope));
        problems
    }

    fn describe_scope(&self, context: &Context) -> String {
        let Some(Some(scope)) = context.scope::<Scope>() else {
            return "no SOC 2 scope".to_owned();
        };
        let mut categories = vec![SECURITY];
        categories.extend(scope.categories.iter().map(|c| c.as_group()).filter(|c| *c != SECURITY));
        match (scope.report_type, scope.period, scope.as_of) {
            (Soc2Type::Type2, Some(period), _) => format!("Type 2 over {period}; categories: {}", categories.join(", ")),
            (_, _, Some(date)) => format!("Type 1 as of {date}; categories: {}", categories.join(", ")),
            _ => format!("Type 1 as of the run's date; categories: {}", categories.join(", ")),
        }
    }

    fn judge(&self, requirement: &Requirement, context: &Context) -> Judgement {
        let Some(Some(scope)) = context.scope::<Scope>() else {
            return Judgement::NotApplicable { reason: "no SOC 2 scope in the profile".to_owned() };
        };
        if !in_scope(scope, &requirement.group) {
            return Judgement::NotApplicable { reason: format!("the {} category is not in the report's scope", requirement.group) };
        }
        Judgement::Evaluate(match (scope.report_type, scope.period) {
            (Soc2Type::Type2, Some(period)) => Demand {
                level: Level::Operating,
                judged_on: Some(period.end),
                period: Some(period),
                basis: format!("SOC 2 Type 2: operating throughout {period}"),
            },
            _ => {
                let on = scope.as_of.unwrap_or(context.as_of);
                Demand {
                    level: Level::Implemented,
                    judged_on: Some(on),
                    period: None,
                    basis: format!("SOC 2 Type 1: designed and implemented as of {on}"),
                }
            }
        })
    }
}
