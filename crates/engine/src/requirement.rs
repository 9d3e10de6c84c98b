//! The baseline verdict of one requirement: the framework's judgement, then the union of the
//! controls covering its hub objectives, read through each mapping's relationship.

use crate::control::missing_intervals;
use crate::index::Index;
use crate::output::{ControlAssessment, ControlLevel, Coverage, FrameworkReport, Marker, ObjectiveCoverage, RequirementResult};
use chrono::NaiveDate;
use crosswalk_model::framework::UnmappedReason;
use crosswalk_model::{Level, Profile, Relationship, Requirement, Signal, Span, Verdict};
use crosswalk_plugin_api::{Context, Demand, FrameworkPlugin, Judgement};
use std::collections::{BTreeSet, HashMap};

pub(crate) struct Evaluator<'a> {
    profile: &'a Profile,
    index: &'a Index<'a>,
    controls: &'a [ControlAssessment],
    as_of: NaiveDate,
    /// Type 2 gaps per (control position, period): computed once, used by every requirement.
    period_gaps: HashMap<(usize, Span), Vec<Span>>,
    /// Scope-gap markers per objective.
    scope_gaps: HashMap<String, Vec<Marker>>,
}

impl<'a> Evaluator<'a> {
    pub(crate) fn new(profile: &'a Profile, index: &'a Index<'a>, controls: &'a [ControlAssessment], as_of: NaiveDate) -> Self {
        Self { profile, index, controls, as_of, period_gaps: HashMap::new(), scope_gaps: HashMap::new() }
    }

    pub(crate) fn framework(&mut self, plugin: &dyn FrameworkPlugin) -> FrameworkReport {
        let catalog = plugin.catalog();
        let mut requirements: Vec<RequirementResult> = catalog
            .requirements
            .iter()
            .map(|requirement| {
                self.requirement(requirement, plugin.judge(requirement, &Context { profile: self.profile, as_of: self.as_of }))
            })
            .collect();
        judge_headings(&catalog.requirements, &mut requirements);
        FrameworkReport {
            id: catalog.framework.id.clone(),
            name: catalog.framework.name.clone(),
            version: catalog.framework.version.clone(),
            scope: plugin.describe_scope(self.profile),
            coverage: coverage(&requirements),
            requirements,
        }
    }

    fn requirement(&mut self, requirement: &Requirement, judgement: Judgement) -> RequirementResult {
        let mut result = RequirementResult {
            id: requirement.id.clone(),
            title: requirement.title.clone(),
            baseline: Verdict::Unmet,
            reason: String::new(),
            demanded: None,
            controls: Vec::new(),
            objectives: Vec::new(),
            governance: Vec::new(),
        };
        let demand = match judgement {
            Judgement::NotApplicable { reason } => {
                result.baseline = Verdict::NotApplicable;
                result.reason = reason;
                return result;
            }
            Judgement::Decided(decision) => {
                result.baseline = Verdict::Alternative;
                result.reason = decision.summary.clone();
                result.governance.push(Marker {
                    signal: Signal::DocumentationOnly,
                    control: None,
                    system: None,
                    objective: None,
                    decider: Some(decision.decided_by.clone()),
                    reason: format!(
                        "{} is met by a decision {} recorded on {}, not by a capability: revisit it when risks or systems change",
                        requirement.id, decision.decided_by, decision.decided_on
                    ),
                    tier: None,
                });
                Demand { level: Level::Implemented, period: None, basis: String::new() }
            }
            Judgement::Evaluate(demand) => demand,
        };
        if let Some(unmapped) = &requirement.unmapped {
            if result.baseline == Verdict::Alternative {
                return result;
            }
            result.reason = match unmapped.reason {
                UnmappedReason::Heading => format!("heading: {}", unmapped.note),
                UnmappedReason::Governance => {
                    format!("no operational control can cover it ({}): a governance decision must be recorded", unmapped.note)
                }
            };
            return result;
        }

        let mut covering = BTreeSet::new();
        for mapping in &requirement.mappings {
            let implementers = self.index.controls_for(&mapping.objective);
            let needed = self.needed_level(&mapping.objective, demand.level);
            let mut satisfying = Vec::new();
            let mut period_shortfalls = Vec::new();
            for &position in implementers {
                let assessment = &self.controls[position];
                covering.insert(position);
                if assessment.level < needed {
                    continue;
                }
                match self.period_gap(position, &demand) {
                    None => satisfying.push(position),
                    Some(gap) => period_shortfalls.push(format!("{} has no operation record for {gap}", assessment.id)),
                }
            }
            let shortfall = if !satisfying.is_empty() {
                None
            } else if implementers.is_empty() {
                Some(format!("no control implements {}", mapping.objective))
            } else if !period_shortfalls.is_empty() {
                Some(period_shortfalls.join("; "))
            } else {
                let best =
                    implementers.iter().map(|&p| &self.controls[p]).max_by_key(|c| c.level).map(|c| format!("{} at {}", c.id, c.level));
                Some(format!("{needed} demanded; best is {}", best.unwrap_or_default()))
            };
            result.objectives.push(ObjectiveCoverage {
                objective: mapping.objective.clone(),
                relationship: mapping.relationship,
                demanded: needed,
                satisfied: shortfall.is_none(),
                controls: implementers
                    .iter()
                    .map(|&p| ControlLevel { control: self.controls[p].id.clone(), level: self.controls[p].level })
                    .collect(),
                shortfall,
            });
            result.governance.extend(self.scope_gap(&mapping.objective));
        }
        result.demanded = Some(demand.level);
        result.controls = covering.iter().map(|&p| self.controls[p].id.clone()).collect();
        for &position in &covering {
            result.governance.extend(self.controls[position].signals.iter().cloned());
        }
        result.governance.sort_by(|a, b| a.rank().cmp(&b.rank()));
        result.governance.dedup();
        if result.baseline != Verdict::Alternative {
            (result.baseline, result.reason) = verdict(&result.objectives, &demand);
        }
        result
    }

    /// What a control must reach for one objective: a recovery objective (restore or DR
    /// testing) is operated by testing, so where a framework demands operation it demands a
    /// passing test within cadence.
    fn needed_level(&self, objective: &str, demanded: Level) -> Level {
        let tested_by_nature = self.index.objective(objective).is_some_and(|o| o.recovery);
        if tested_by_nature && demanded >= Level::Operating {
            Level::Verified
        } else {
            demanded
        }
    }

    /// The first Type 2 interval without an operation record, for a control the organization
    /// performs; inherited controls rest on the provider's own report.
    fn period_gap(&mut self, position: usize, demand: &Demand) -> Option<String> {
        let period = demand.period?;
        let control = &self.profile.controls[position];
        if control.inherited.is_some() {
            return None;
        }
        let operates = self.controls[position].operates;
        let as_of = self.as_of;
        let gaps = self.period_gaps.entry((position, period)).or_insert_with(|| missing_intervals(control, operates, period, as_of));
        match gaps.as_slice() {
            [] => None,
            [only] => Some(format!("the {operates} interval {only}")),
            [first, rest @ ..] => Some(format!("{} {operates} intervals of the period, first {first}", rest.len() + 1)),
        }
    }

    /// Systems that need a system-level objective but are covered by none of its controls.
    fn scope_gap(&mut self, objective_id: &str) -> Vec<Marker> {
        if let Some(markers) = self.scope_gaps.get(objective_id) {
            return markers.clone();
        }
        let mut markers = Vec::new();
        let implementers = self.index.controls_for(objective_id);
        if let Some(objective) = self.index.objective(objective_id).filter(|o| o.system_level && !implementers.is_empty()) {
            let covered: BTreeSet<&str> =
                implementers.iter().flat_map(|&p| self.index.systems_covered(self.profile.controls[p].systems.as_deref())).collect();
            for system in self.index.systems_needing_cover().filter(|system| !covered.contains(system.id.as_str())) {
                let tier = system.functions.iter().filter_map(|f| self.index.function(f)).map(|f| f.tier).min();
                let controls: Vec<&str> = implementers.iter().map(|&p| self.controls[p].id.as_str()).collect();
                markers.push(Marker {
                    signal: Signal::ScopeGap,
                    control: None,
                    system: Some(system.id.clone()),
                    objective: Some(objective.id.clone()),
                    decider: Some(system.owner.clone()),
                    reason: format!(
                        "{} supports {} but no control implements {} ({}) for it; {} cover other systems: extend a control or record why it is exempt",
                        system.id,
                        system.functions.join(", "),
                        objective.id,
                        objective.title,
                        controls.join(", ")
                    ),
                    tier,
                });
            }
        }
        self.scope_gaps.insert(objective_id.to_owned(), markers.clone());
        markers
    }
}

/// Relationship-aware coverage: one satisfied `equal`/`subset` objective covers the whole
/// requirement; `superset` objectives are its parts and cover it only together (two or more,
/// all satisfied); `intersects` never suffices alone.
fn verdict(objectives: &[ObjectiveCoverage], demand: &Demand) -> (Verdict, String) {
    let basis = if demand.basis.is_empty() { String::new() } else { format!(" ({})", demand.basis) };
    if let Some(whole) = objectives.iter().find(|o| o.satisfied && o.relationship.covers_whole()) {
        let by: Vec<&str> = whole.controls.iter().filter(|c| c.level >= whole.demanded).map(|c| c.control.as_str()).collect();
        return (
            Verdict::Met,
            format!("{} ({}) is covered at {} or above by {}{basis}", whole.objective, whole.relationship, whole.demanded, by.join(", ")),
        );
    }
    let parts: Vec<&ObjectiveCoverage> = objectives.iter().filter(|o| o.relationship == Relationship::Superset).collect();
    if parts.len() >= 2 && parts.iter().all(|o| o.satisfied) {
        return (Verdict::Met, format!("all {} parts are covered at {} or above{basis}", parts.len(), demand.level));
    }
    let open: Vec<String> = objectives
        .iter()
        .filter(|o| !o.satisfied)
        .map(|o| format!("{} ({}): {}", o.objective, o.relationship, o.shortfall.as_deref().unwrap_or("not satisfied")))
        .collect();
    // A control with no evidence at all covers nothing yet.
    if objectives.iter().any(|o| o.controls.iter().any(|c| c.level > Level::None)) {
        let why = if open.is_empty() { "the satisfied objectives cover only part of it".to_owned() } else { open.join("; ") };
        (Verdict::Partial, format!("{why}{basis}"))
    } else {
        (Verdict::Unmet, format!("{}{basis}", open.join("; ")))
    }
}

/// A heading is judged by the requirements under it; processed last-first so nested headings
/// see their children's verdicts.
fn judge_headings(catalog: &[Requirement], results: &mut [RequirementResult]) {
    let mut children: HashMap<&str, Vec<usize>> = HashMap::new();
    for (position, requirement) in catalog.iter().enumerate() {
        if let Some(parent) = &requirement.parent {
            children.entry(parent.as_str()).or_default().push(position);
        }
    }
    for position in (0..catalog.len()).rev() {
        let is_heading = catalog[position].unmapped.as_ref().is_some_and(|u| u.reason == UnmappedReason::Heading);
        if !is_heading || results[position].baseline == Verdict::NotApplicable {
            continue;
        }
        let children = children.get(catalog[position].id.as_str()).map(Vec::as_slice).unwrap_or_default();
        let verdicts: Vec<Verdict> = children.iter().map(|&c| results[c].baseline).filter(|v| *v != Verdict::NotApplicable).collect();
        let met = verdicts.iter().filter(|v| v.is_met()).count();
        let unmet = verdicts.iter().filter(|v| **v == Verdict::Unmet).count();
        let baseline = if verdicts.is_empty() {
            Verdict::NotApplicable
        } else if met == verdicts.len() {
            Verdict::Met
        } else if unmet == verdicts.len() {
            Verdict::Unmet
        } else {
            Verdict::Partial
        };
        let controls: BTreeSet<String> = children.iter().flat_map(|&c| results[c].controls.iter().cloned()).collect();
        let heading = &mut results[position];
        heading.baseline = baseline;
        heading.reason =
            format!("{}; judged by its {} sub-requirements: {met} of {} applicable met", heading.reason, children.len(), verdicts.len());
        heading.controls = controls.into_iter().collect();
    }
}

fn coverage(requirements: &[RequirementResult]) -> Coverage {
    let mut coverage = Coverage { total: requirements.len(), ..Coverage::default() };
    for requirement in requirements {
        match requirement.baseline {
            Verdict::Met => coverage.met += 1,
            Verdict::Alternative => coverage.alternative += 1,
            Verdict::Partial => coverage.partial += 1,
            Verdict::Unmet => coverage.unmet += 1,
            Verdict::NotApplicable => coverage.not_applicable += 1,
        }
        if requirement.baseline != Verdict::NotApplicable && !requirement.governance.is_empty() {
            coverage.with_governance_markers += 1;
        }
    }
    coverage.applicable = coverage.total - coverage.not_applicable;
    if coverage.applicable > 0 {
        coverage.percent_met = (((coverage.met + coverage.alternative) * 100) as f64 / coverage.applicable as f64).round() as u32;
    }
    coverage
}
