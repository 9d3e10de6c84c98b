//! SOC 2 Trust Services Criteria. The Security category (CC1-CC9) always applies; the other
//! four categories by scope. A Type 1 report looks at design and implementation as of its
//! report date (`scope.soc2.as_of`, default the run's date), so criteria demand `implemented`
//! on that date; a Type 2 report looks at operation over an observation period, so they demand
//! `operating` read at the period's end, with a record in every interval of each control's
//! cadence inside the period, judged by the evidence's effective date. The run's date only
//! bounds which evidence exists.

use crosswalk_model::profile::{Soc2Scope, Soc2Type};
use crosswalk_model::FieldPath;
use crosswalk_plugin_api::{
    inventory, missing_scope_section, parse_catalog, BuiltinPlugin, CatalogError, Context, Demand, FrameworkCatalog, FrameworkPlugin,
    Judgement, Level, Problem, Profile, Requirement,
};

pub const ID: &str = "soc2";
const SECURITY: &str = "security";
/// Longer than any real observation period: almost certainly a mistyped year.
const MAX_PERIOD_DAYS: i64 = 2 * 366;

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

impl FrameworkPlugin for Soc2 {
    fn catalog(&self) -> &FrameworkCatalog {
        &self.catalog
    }

    fn check_scope(&self, profile: &Profile) -> Vec<Problem> {
        let Some(scope) = &profile.scope.soc2 else {
            return vec![missing_scope_section(
                ID,
                "{ type: type2, period: { start: 2026-01-01, end: 2026-06-30 }, categories: [availability] }",
            )];
        };
        let path = FieldPath::root().key("scope").key(ID);
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

    fn describe_scope(&self, profile: &Profile) -> String {
        let Some(scope) = &profile.scope.soc2 else {
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
        let profile = context.profile;
        let Some(scope) = &profile.scope.soc2 else {
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
