//! The baseline verdict of one requirement: the framework's judgement, then the controls
//! covering its hub objectives, system by system, read through each mapping's relationship.

use crate::control::{missing_intervals, standing, unattested, Cadences, Standing};
use crate::index::Index;
use crate::output::{ControlAssessment, ControlLevel, Coverage, FrameworkReport, Marker, ObjectiveCoverage, RequirementResult};
use chrono::NaiveDate;
use crosswalk_model::framework::UnmappedReason;
use crosswalk_model::profile::System;
use crosswalk_model::{Level, Objective, Profile, Relationship, Requirement, Signal, Span, Verdict};
use crosswalk_plugin_api::{Context, Demand, FrameworkPlugin, Judgement, RecordedDecision, ScheduledReview};
use std::collections::{BTreeSet, HashMap, HashSet};

/// How many names a reason spells out before it says "and N more": the full lists live in the
/// structured fields.
pub(crate) const EXAMPLES: usize = 3;

/// `a, b, c and 4 more`.
pub(crate) fn examples<S: AsRef<str>>(items: &[S]) -> String {
    and_more_of(items, ", ")
}

/// The first few `items` joined by `separator`, and how many more there are.
pub(crate) fn and_more_of<S: AsRef<str>>(items: &[S], separator: &str) -> String {
    let shown: Vec<&str> = items.iter().take(EXAMPLES).map(AsRef::as_ref).collect();
    and_more(&shown, items.len(), separator)
}

/// The `shown` items of `total`, joined by `separator`, and how many more there are.
fn and_more<S: AsRef<str>>(shown: &[S], total: usize, separator: &str) -> String {
    let joined = shown.iter().map(AsRef::as_ref).collect::<Vec<_>>().join(separator);
    match total.saturating_sub(shown.len()) {
        0 => joined,
        more => format!("{joined} and {more} more"),
    }
}

/// What one objective's coverage is judged at: the objective, the level, the Type 2 period
/// and the date the ladder is read.
type CoverageKey = (String, Level, Option<Span>, NaiveDate);

pub(crate) struct Evaluator<'a> {
    profile: &'a Profile,
    index: &'a Index<'a>,
    controls: &'a [ControlAssessment],
    as_of: NaiveDate,
    /// The ladder read on other dates than `as_of` (a period's end, a report date), per control.
    standings: HashMap<NaiveDate, Vec<Standing>>,
    /// Type 2 gaps per (control position, period): computed once, used by every requirement.
    period_gaps: HashMap<(usize, Span), Option<String>>,
    coverage: HashMap<CoverageKey, ObjectiveCoverage>,
    /// Scope-gap and exemption markers per objective.
    scope_markers: HashMap<String, Vec<Marker>>,
}

impl<'a> Evaluator<'a> {
    pub(crate) fn new(profile: &'a Profile, index: &'a Index<'a>, controls: &'a [ControlAssessment], as_of: NaiveDate) -> Self {
        Self {
            profile,
            index,
            controls,
            as_of,
            standings: HashMap::new(),
            period_gaps: HashMap::new(),
            coverage: HashMap::new(),
            scope_markers: HashMap::new(),
        }
    }

    /// One framework's report, and the decisions in its scope that fall due for review.
    pub(crate) fn framework(&mut self, plugin: &dyn FrameworkPlugin) -> (FrameworkReport, Vec<ScheduledReview>) {
        let catalog = plugin.catalog();
        // The plugin reads its scope section once per run. The host refused a section that does
        // not parse before evaluation; were one to reach here, the plugin sees no section.
        let prepared = plugin.prepare(self.profile).unwrap_or_else(|_| Box::new(()));
        let context = Context { profile: self.profile, as_of: self.as_of, scope: prepared.as_ref() };
        let mut requirements: Vec<RequirementResult> =
            catalog.requirements.iter().map(|requirement| self.requirement(requirement, plugin.judge(requirement, &context))).collect();
        judge_parents(&catalog.requirements, &mut requirements);
        let report = FrameworkReport {
            id: catalog.framework.id.clone(),
            name: catalog.framework.name.clone(),
            version: catalog.framework.version.clone(),
            scope: plugin.describe_scope(&context),
            coverage: coverage(&requirements),
            requirements,
        };
        (report, plugin.scheduled_reviews(&context))
    }

    /// The date a demand reads the ladder on: its own, never after the run's "as of" date.
    fn judged_on(&self, demand: &Demand) -> NaiveDate {
        demand.judged_on.map_or(self.as_of, |date| date.min(self.as_of))
    }

    /// A control's level and what keeps it from the next one, on `date`.
    fn standing(&mut self, position: usize, date: NaiveDate) -> (Level, Option<String>) {
        if date == self.as_of {
            let assessment = &self.controls[position];
            return (assessment.level, assessment.short_of_next.clone());
        }
        let found = &self.standings_on(date)[position];
        (found.level, found.short_of_next.clone())
    }

    /// A control's level on `date`, without the explanation a verdict needs only for the best.
    fn level(&mut self, position: usize, date: NaiveDate) -> Level {
        if date == self.as_of {
            self.controls[position].level
        } else {
            self.standings_on(date)[position].level
        }
    }

    /// Every control's ladder read on `date`, computed once per date.
    fn standings_on(&mut self, date: NaiveDate) -> &[Standing] {
        let (profile, controls, as_of) = (self.profile, self.controls, self.as_of);
        self.standings.entry(date).or_insert_with(|| {
            profile
                .controls
                .iter()
                .zip(controls)
                .map(|(control, assessed)| standing(control, Cadences::of_assessed(assessed), date, as_of))
                .collect()
        })
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
            control_signals: Vec::new(),
        };
        let demand = match judgement {
            Judgement::NotApplicable { reason } => {
                result.baseline = Verdict::NotApplicable;
                result.reason = reason;
                return result;
            }
            Judgement::Decided(decision) => {
                self.decided(requirement, &decision, &mut result);
                return result;
            }
            Judgement::Evaluate(demand) => demand,
        };
        if let Some(unmapped) = &requirement.unmapped {
            result.reason = match unmapped.reason {
                UnmappedReason::Heading => format!("heading: {}", unmapped.note),
                UnmappedReason::Governance => {
                    result.governance.push(self.undecided(requirement));
                    format!("no operational control can cover it ({}): a governance decision must be recorded", unmapped.note)
                }
            };
            return result;
        }
        if requirement.mappings.is_empty() {
            // A framework still being mapped: judging no objectives would call it met.
            result.baseline = Verdict::NotMapped;
            // The demanded level has its own column; the reason says only what is missing.
            result.demanded = Some(demand.level);
            result.reason = "not mapped onto the hub yet".to_owned();
            return result;
        }

        let mut covering = BTreeSet::new();
        for mapping in &requirement.mappings {
            let needed = self.needed_level(&mapping.objective, demand.level);
            let mut judged = self.objective_coverage(&mapping.objective, needed, &demand).clone();
            judged.relationship = mapping.relationship;
            covering.extend(self.index.controls_for(&mapping.objective).iter().copied());
            result.objectives.push(judged);
            result.governance.extend(self.scope_markers(&mapping.objective).iter().cloned());
        }
        result.demanded = Some(demand.level);
        self.add_controls(&covering, &mut result);
        (result.baseline, result.reason) = verdict(&result.objectives, &demand);
        result
    }

    /// The marker of a governance requirement no recorded decision settles: it names who must
    /// decide, the first person of the profile with authority over every domain (`decides:
    /// ['*']`), or nobody, so the decision shows on the agenda.
    fn undecided(&self, requirement: &Requirement) -> Marker {
        let deciders: Vec<&str> =
            self.profile.people.iter().filter(|p| p.decides.iter().any(|d| d == "*")).map(|p| p.id.as_str()).collect();
        let reason = match deciders.first() {
            Some(decider) => format!(
                "{} is a governance act no operational control covers, and nothing in the profile records a decision on it: {decider} \
                 (authority over every domain) must take it; it stays unmet meanwhile",
                requirement.id
            ),
            None => format!(
                "{} is a governance act no operational control covers, and nothing in the profile records a decision on it; nobody in the profile has \
                 authority over every domain (`decides: ['*']`) to take it: name one",
                requirement.id
            ),
        };
        Marker {
            signal: Signal::Undecided,
            control: None,
            system: None,
            objective: None,
            decider: deciders.first().map(|id| (*id).to_owned()),
            reason,
            tier: None,
        }
    }

    /// The covering controls and the signals they raise; the requirement's own markers, most
    /// urgent first.
    fn add_controls(&self, covering: &BTreeSet<usize>, result: &mut RequirementResult) {
        result.controls = covering.iter().map(|&p| self.controls[p].id.clone()).collect();
        let signals: BTreeSet<Signal> = covering.iter().flat_map(|&p| self.controls[p].signals.iter().map(|m| m.signal)).collect();
        result.control_signals = signals.into_iter().collect();
        result.governance.sort_by(|a, b| a.rank().cmp(&b.rank()));
        result.governance.dedup();
    }

    /// A requirement settled by a recorded decision: documentation alone, or an equivalent
    /// alternative whose controls must reach the demanded level. Either way the decision must
    /// be current and taken by someone with authority over what it settles.
    fn decided(&mut self, requirement: &Requirement, decision: &RecordedDecision, result: &mut RequirementResult) {
        let decider = Some(decision.decided_by.clone());
        let on_requirement = |signal: Signal, reason: String| Marker {
            signal,
            control: None,
            system: None,
            objective: None,
            decider: decider.clone(),
            reason,
            tier: None,
        };
        result.baseline = Verdict::Alternative;
        result.reason = decision.summary.clone();
        if decision.alternative_controls.is_empty() {
            result.governance.push(on_requirement(
                Signal::DocumentationOnly,
                format!(
                    "{} is met by a decision {} recorded on {}, not by a capability: revisit it when risks or systems change",
                    requirement.id, decision.decided_by, decision.decided_on
                ),
            ));
        } else {
            let demand = &decision.demand;
            let date = self.judged_on(demand);
            let mut covering = BTreeSet::new();
            let mut short = Vec::new();
            for id in &decision.alternative_controls {
                let Some(position) = self.index.control_position(id) else { continue };
                covering.insert(position);
                let (level, why) = self.standing(position, date);
                if level < demand.level {
                    short.push(format!("{id} is at {level} ({})", why.unwrap_or_default()));
                } else if let Some(gap) = self.period_gap(position, demand) {
                    short.push(format!("{id} has {gap}"));
                }
            }
            result.demanded = Some(demand.level);
            self.add_controls(&covering, result);
            if short.is_empty() {
                result.reason = format!("{}; its controls reach {} ({})", decision.summary, demand.level, demand.basis);
            } else {
                result.baseline = Verdict::Partial;
                result.reason = format!(
                    "{}, but the alternative falls short: {} demanded and {} ({})",
                    decision.summary,
                    demand.level,
                    short.join("; "),
                    demand.basis
                );
            }
        }
        if decision.review_due < self.as_of {
            result.governance.push(on_requirement(
                Signal::Stale,
                format!(
                    "the decision on {} ({}) was due for review by {}: re-examine whether it is still reasonable and appropriate, and record it",
                    requirement.id, decision.decided_on, decision.review_due
                ),
            ));
        }
        let mut domains: Vec<&str> =
            requirement.mappings.iter().filter_map(|m| self.index.objective(&m.objective)).map(|o| o.domain.as_str()).collect();
        domains.sort_unstable();
        domains.dedup();
        // A governance requirement maps onto no objective, so no domain: as for one still
        // undecided, it takes authority over every domain (`decides: ['*']`).
        let governance = requirement.unmapped.as_ref().is_some_and(|u| u.reason == UnmappedReason::Governance);
        if governance {
            domains = vec!["every domain (`decides: ['*']`)"];
        }
        let entitled = self.index.person(&decision.decided_by).is_some_and(|p| {
            if governance {
                p.may_decide_for("*")
            } else {
                domains.iter().all(|d| p.may_decide_for(d))
            }
        });
        if !entitled {
            result.governance.push(Marker {
                decider: None,
                ..on_requirement(
                    Signal::NoDecider,
                    format!(
                        "the decision on {} was taken by {}, who has no authority over {}: have someone who has re-take it",
                        requirement.id,
                        decision.decided_by,
                        domains.join(", ")
                    ),
                )
            });
        }
        result.governance.sort_by(|a, b| a.rank().cmp(&b.rank()));
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

    /// What a Type 2 auditor would find missing for one control over the demand's period: an
    /// interval without an operation record, or for an inherited control, days no attestation
    /// covers.
    fn period_gap(&mut self, position: usize, demand: &Demand) -> Option<String> {
        let period = demand.period?;
        let control = &self.profile.controls[position];
        let operates = self.controls[position].operates;
        let as_of = self.as_of;
        self.period_gaps
            .entry((position, period))
            .or_insert_with(|| match &control.inherited {
                Some(inherited) => match unattested(inherited, period, as_of).as_slice() {
                    [] => None,
                    gaps => Some(format!(
                        "no attestation of {} covering {}: obtain a bridge letter or the next report",
                        inherited.provider,
                        gaps.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")
                    )),
                },
                None => match missing_intervals(control, operates, period, as_of).as_slice() {
                    [] => None,
                    [only] => Some(format!("no operation record for the {operates} interval {only}")),
                    [first, rest @ ..] => {
                        Some(format!("no operation record for {} {operates} intervals of the period, first {first}", rest.len() + 1))
                    }
                },
            })
            .clone()
    }

    /// Whether the controls implementing `objective_id` satisfy `needed` under `demand`, and on
    /// which systems they do not. Computed once per objective, level, period and date.
    fn objective_coverage(&mut self, objective_id: &str, needed: Level, demand: &Demand) -> &ObjectiveCoverage {
        let date = self.judged_on(demand);
        let key = (objective_id.to_owned(), needed, demand.period, date);
        if !self.coverage.contains_key(&key) {
            let judged = self.judge_objective(objective_id, needed, demand, date);
            self.coverage.insert(key.clone(), judged);
        }
        &self.coverage[&key]
    }

    fn judge_objective(&mut self, objective_id: &str, needed: Level, demand: &Demand, date: NaiveDate) -> ObjectiveCoverage {
        let implementers = self.index.controls_for(objective_id);
        let mut levels = Vec::with_capacity(implementers.len());
        let mut satisfying = Vec::new();
        let mut period_shortfalls = Vec::new();
        let mut best: Option<(Level, usize)> = None;
        for &position in implementers {
            let level = self.level(position, date);
            levels.push(ControlLevel { control: self.controls[position].id.clone(), level });
            if best.is_none_or(|(best_level, _)| level > best_level) {
                best = Some((level, position));
            }
            // A missing interval explains a shortfall better than the level read at the
            // period's end, so it is named for every control, whatever its level.
            match self.period_gap(position, demand) {
                None if level >= needed => satisfying.push(position),
                None => {}
                Some(gap) => period_shortfalls.push(format!("{} has {gap}", self.controls[position].id)),
            }
        }
        let mut judged = ObjectiveCoverage {
            objective: objective_id.to_owned(),
            relationship: Relationship::Equal,
            demanded: needed,
            satisfied: false,
            controls: levels,
            uncovered_systems: Vec::new(),
            shortfall: None,
        };
        if implementers.is_empty() {
            judged.shortfall = Some(format!("no control implements {objective_id}"));
        } else if satisfying.is_empty() {
            judged.shortfall = Some(if !period_shortfalls.is_empty() {
                period_shortfalls.join("; ")
            } else {
                let (_, position) = best.unwrap_or((Level::None, implementers[0]));
                let (level, why) = self.standing(position, date);
                let why = why.map(|why| format!(": {why}")).unwrap_or_default();
                format!("{needed} demanded; the best control, {}, is at {level}{why}", self.controls[position].id)
            });
        } else if let Some(objective) = self.index.objective(objective_id).filter(|o| o.system_level) {
            judged.uncovered_systems = self.uncovered_systems(objective, &satisfying);
            if !judged.uncovered_systems.is_empty() {
                judged.shortfall = Some(self.system_shortfall(objective, needed, &judged.uncovered_systems, date));
            }
        }
        judged.satisfied = judged.shortfall.is_none();
        judged
    }

    /// In-scope systems that need `objective` and that no satisfying control covers, leaving
    /// out those with an exemption that holds.
    fn uncovered_systems(&self, objective: &Objective, satisfying: &[usize]) -> Vec<String> {
        if satisfying.iter().any(|&p| self.profile.controls[p].systems.is_none()) {
            return Vec::new();
        }
        let covered: HashSet<&str> =
            satisfying.iter().flat_map(|&p| self.profile.controls[p].systems.iter().flatten().map(String::as_str)).collect();
        self.index
            .systems_needing(objective)
            .filter(|system| !covered.contains(system.id.as_str()) && !self.exempt(system, &objective.id))
            .map(|system| system.id.clone())
            .collect()
    }

    fn exempt(&self, system: &System, objective: &str) -> bool {
        system.exemptions.iter().any(|e| e.holds_on(self.as_of) && e.objectives.iter().any(|o| o == objective))
    }

    /// Names the first uncovered systems and what covers each of them, if anything.
    fn system_shortfall(&mut self, objective: &Objective, needed: Level, uncovered: &[String], date: NaiveDate) -> String {
        let mut shown = Vec::new();
        for system in uncovered.iter().take(EXAMPLES) {
            let covering = self
                .index
                .controls_for(&objective.id)
                .iter()
                .copied()
                .find(|&p| self.profile.controls[p].systems.as_ref().is_none_or(|listed| listed.iter().any(|s| s == system)));
            shown.push(match covering {
                None => format!("{system} (no control)"),
                Some(position) => {
                    let (level, why) = self.standing(position, date);
                    let why = why.map(|why| format!(": {why}")).unwrap_or_default();
                    format!("{system} ({} at {level}{why})", self.controls[position].id)
                }
            });
        }
        format!(
            "{} in-scope {} no control at {needed} for {}: {}",
            uncovered.len(),
            if uncovered.len() == 1 { "system has" } else { "systems have" },
            objective.id,
            and_more(&shown, uncovered.len(), "; ")
        )
    }

    /// Scope gaps (an in-scope system no control covers at all) and exemptions for one
    /// system-level objective, computed once and shared by every requirement mapping it.
    fn scope_markers(&mut self, objective_id: &str) -> &[Marker] {
        if !self.scope_markers.contains_key(objective_id) {
            let markers = self.find_scope_markers(objective_id);
            self.scope_markers.insert(objective_id.to_owned(), markers);
        }
        &self.scope_markers[objective_id]
    }

    fn find_scope_markers(&self, objective_id: &str) -> Vec<Marker> {
        let implementers = self.index.controls_for(objective_id);
        let Some(objective) = self.index.objective(objective_id).filter(|o| o.system_level && !implementers.is_empty()) else {
            return Vec::new();
        };
        let organization_wide = implementers.iter().any(|&p| self.profile.controls[p].systems.is_none());
        let listed: HashSet<&str> =
            implementers.iter().flat_map(|&p| self.profile.controls[p].systems.iter().flatten().map(String::as_str)).collect();
        let covering_others = examples(&implementers.iter().map(|&p| self.controls[p].id.as_str()).collect::<Vec<_>>());
        let mut markers = Vec::new();
        for system in self.index.systems_needing(objective) {
            let tier = system.functions.iter().filter_map(|f| self.index.function(f)).map(|f| f.tier).min();
            let owner_decides = self.index.person(&system.owner).is_some_and(|p| p.may_decide_for(&objective.domain));
            let owner = owner_decides.then(|| system.owner.clone());
            let marker = |signal: Signal, decider: Option<String>, reason: String| Marker {
                signal,
                control: None,
                system: Some(system.id.clone()),
                objective: Some(objective.id.clone()),
                decider,
                reason,
                tier,
            };
            let exemptions: Vec<_> = system.exemptions.iter().filter(|e| e.objectives.iter().any(|o| o == objective_id)).collect();
            if let Some(holding) = exemptions.iter().find(|e| e.holds_on(self.as_of)) {
                markers.push(marker(
                    Signal::Exempted,
                    holding.approved_by.clone(),
                    format!(
                        "{} is exempt from {} until {} ({}): revisit it before it expires, or when the system changes",
                        system.id, objective.id, holding.expires, holding.reason
                    ),
                ));
                continue;
            }
            if let Some(lapsed) = exemptions.first() {
                let why = match &lapsed.approved_by {
                    None => "has no approver".to_owned(),
                    Some(_) => format!("expired on {}", lapsed.expires),
                };
                markers.push(marker(
                    Signal::Exceptions,
                    owner.clone(),
                    format!(
                        "the exemption of {} from {} {why}, so it does not count: have it approved and dated, or cover the system",
                        system.id, objective.id
                    ),
                ));
            }
            if !organization_wide && !listed.contains(system.id.as_str()) {
                markers.push(marker(
                    Signal::ScopeGap,
                    owner,
                    format!(
                        "{} supports {} but no control implements {} ({}) for it; {} cover other systems: extend one to it or record an approved exemption",
                        system.id,
                        system.functions.join(", "),
                        objective.id,
                        objective.title,
                        covering_others
                    ),
                ));
            }
        }
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
            format!("{} ({}) is covered at {} or above by {}{basis}", whole.objective, whole.relationship, whole.demanded, examples(&by)),
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
        let why = if open.is_empty() {
            let mut limits = Vec::new();
            if let [only] = parts.as_slice() {
                limits.push(format!("{} covers only one part of it", only.objective));
            }
            let intersecting: Vec<&str> =
                objectives.iter().filter(|o| o.relationship == Relationship::Intersects).map(|o| o.objective.as_str()).collect();
            if !intersecting.is_empty() {
                limits.push(format!("{} only overlap{} it", intersecting.join(", "), if intersecting.len() == 1 { "s" } else { "" }));
            }
            format!("the satisfied objectives cover only part of it: {}", limits.join("; "))
        } else {
            open.join("; ")
        };
        (Verdict::Partial, format!("{why}{basis}"))
    } else {
        (Verdict::Unmet, format!("{}{basis}", open.join("; ")))
    }
}

/// A requirement with sub-requirements (an ISO heading, a HIPAA standard and its
/// implementation specifications) is met only when its applicable sub-requirements are. A
/// heading is judged by them alone; a mapped parent by its own objectives and them. Processed
/// last-first so nested parents see their children's verdicts.
fn judge_parents(catalog: &[Requirement], results: &mut [RequirementResult]) {
    let mut children: HashMap<&str, Vec<usize>> = HashMap::new();
    for (position, requirement) in catalog.iter().enumerate() {
        if let Some(parent) = &requirement.parent {
            children.entry(parent.as_str()).or_default().push(position);
        }
    }
    for position in (0..catalog.len()).rev() {
        let Some(children) = children.get(catalog[position].id.as_str()) else { continue };
        if results[position].baseline == Verdict::NotApplicable {
            continue;
        }
        let is_heading = catalog[position].unmapped.as_ref().is_some_and(|u| u.reason == UnmappedReason::Heading);
        let applicable: Vec<usize> = children.iter().copied().filter(|&c| results[c].baseline != Verdict::NotApplicable).collect();
        let met = applicable.iter().filter(|&&c| results[c].baseline.is_met()).count();
        let open: Vec<String> = applicable
            .iter()
            .filter(|&&c| !results[c].baseline.is_met())
            .map(|&c| format!("{} {}", results[c].id, results[c].baseline))
            .collect();
        if is_heading {
            let all = |verdict: Verdict| applicable.iter().all(|&c| results[c].baseline == verdict);
            let baseline = if applicable.is_empty() {
                Verdict::NotApplicable
            } else if met == applicable.len() {
                Verdict::Met
            } else if all(Verdict::Unmet) {
                Verdict::Unmet
            } else if all(Verdict::NotMapped) {
                Verdict::NotMapped
            } else {
                Verdict::Partial
            };
            let controls: BTreeSet<String> = children.iter().flat_map(|&c| results[c].controls.iter().cloned()).collect();
            let heading = &mut results[position];
            heading.baseline = baseline;
            heading.reason = format!(
                "{}; judged by its {} sub-requirements: {met} of {} applicable met{}",
                heading.reason,
                children.len(),
                applicable.len(),
                if open.is_empty() { String::new() } else { format!(" (open: {})", examples(&open)) }
            );
            heading.controls = controls.into_iter().collect();
        } else if results[position].baseline.is_met() && !open.is_empty() {
            let parent = &mut results[position];
            parent.baseline = Verdict::Partial;
            parent.reason = format!(
                "its own objectives are covered, but it is met only when its sub-requirements are: {met} of {} applicable met, open: {}",
                applicable.len(),
                examples(&open)
            );
        }
    }
}

pub(crate) fn coverage<'a>(requirements: impl IntoIterator<Item = &'a RequirementResult>) -> Coverage {
    let mut coverage = Coverage::default();
    for requirement in requirements {
        coverage.total += 1;
        match requirement.baseline {
            Verdict::Met => coverage.met += 1,
            Verdict::Alternative => coverage.alternative += 1,
            Verdict::Partial => coverage.partial += 1,
            Verdict::Unmet => coverage.unmet += 1,
            Verdict::NotMapped => coverage.not_mapped += 1,
            Verdict::NotApplicable => coverage.not_applicable += 1,
        }
        if requirement.baseline != Verdict::NotApplicable && !(requirement.governance.is_empty() && requirement.control_signals.is_empty())
        {
            coverage.with_governance_markers += 1;
        }
    }
    coverage.applicable = coverage.total - coverage.not_applicable;
    if coverage.applicable > 0 {
        coverage.percent_met = (((coverage.met + coverage.alternative) * 100) as f64 / coverage.applicable as f64).round() as u32;
    }
    coverage
}
