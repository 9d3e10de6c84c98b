//! Drift between two snapshots of an organization: two evaluated reports (of two profiles, or
//! saved earlier) compared requirement by requirement and control by control, split into what got
//! worse and what got better. A pull request that weakens compliance shows up here.

use crate::{AgendaItem, ControlAssessment, Marker, OpenExceptions, Rating, Report, RequirementResult};
use chrono::NaiveDate;
use crosswalk_model::{Signal, Verdict};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// `crosswalk drift OLD NEW`.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Drift {
    pub old: Snapshot,
    pub new: Snapshot,
    /// Per framework evaluated on both sides (in the new side's order), then the frameworks only
    /// one side evaluated, then one line (`framework` null) for the changes to controls and
    /// systems that belong to no single framework.
    pub counts: Vec<DriftCount>,
    /// Everything that got worse, by kind, then framework and requirement (catalog order) or
    /// control (profile order) or system (id order).
    pub worse: Vec<Change>,
    /// Everything that got better, in the same order.
    pub better: Vec<Change>,
    /// Decisions owed that the new side adds to the agenda, in its order. They restate the
    /// markers and signals above from the decider's side, so they are not counted again.
    pub agenda_new: Vec<AgendaChange>,
    /// Decisions owed on the old side that the new side no longer owes.
    pub agenda_resolved: Vec<AgendaChange>,
}

impl Drift {
    /// Whether anything got worse (`--fail-on-regression`).
    pub fn regressed(&self) -> bool {
        !self.worse.is_empty()
    }
}

/// One side of the comparison.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
pub struct Snapshot {
    /// Where it came from: a profile path, a saved report, `git:REV:PATH`.
    pub source: String,
    /// The date it was evaluated as of (a saved report carries its own).
    pub as_of: NaiveDate,
    pub organization: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct DriftCount {
    /// The framework id; null for controls and systems.
    pub framework: Option<String>,
    pub name: String,
    /// Share of applicable requirements met on each side; null where that side did not
    /// evaluate the framework.
    pub percent_met_old: Option<u32>,
    pub percent_met_new: Option<u32>,
    pub worse: usize,
    pub better: usize,
}

/// What changed, in the order changes are listed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ChangeKind {
    /// A requirement's baseline verdict.
    Verdict,
    /// A HIPAA decision past (or back within) its review date, or a system exemption lapsed
    /// (or approved again).
    DecisionExpired,
    /// A system needing an objective that no control covers (or that is now covered).
    ScopeGap,
    /// A governance marker raised on (or cleared from) a requirement itself.
    RequirementMarker,
    /// A control whose level dropped as its evidence aged: a later date, and no newer review or
    /// passing test.
    EvidenceStale,
    /// A control's assurance level, for any other reason.
    Level,
    /// A control's open exceptions: more or older is worse.
    Exceptions,
    /// A governance signal raised on (or cleared from) a control.
    ControlSignal,
}

impl std::fmt::Display for ChangeKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            ChangeKind::Verdict => "verdict",
            ChangeKind::DecisionExpired => "decision",
            ChangeKind::ScopeGap => "scope gap",
            ChangeKind::RequirementMarker => "marker",
            ChangeKind::EvidenceStale => "evidence stale",
            ChangeKind::Level => "level",
            ChangeKind::Exceptions => "exceptions",
            ChangeKind::ControlSignal => "signal",
        })
    }
}

/// One thing that got worse or better.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Change {
    pub kind: ChangeKind,
    /// The framework of a requirement's change; absent for controls and systems.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub framework: Option<String>,
    /// The requirement, control or system that changed.
    pub subject: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signal: Option<Signal>,
    /// How it stood before and after (a verdict, a level, open exceptions), where that is one word
    /// or number; absent for markers raised or cleared.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub before: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after: Option<String>,
    /// The most critical tier concerned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tier: Option<u8>,
    /// What happened, in words a person can act on.
    pub detail: String,
}

/// A decision owed that appeared on or left the agenda.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct AgendaChange {
    /// Who must decide; null when nobody has the authority.
    pub decider: Option<String>,
    pub signal: Signal,
    pub subject: String,
    pub tier: Option<u8>,
    pub rating: Rating,
    pub reason: String,
}

/// Compares `old` with `new`. Frameworks, requirements and controls present on one side only
/// are not compared one by one: a framework shows in the counts with one side's coverage, and a
/// control added or removed shows through the verdicts and agenda items it changes.
pub fn drift(old: &Report, old_source: &str, new: &Report, new_source: &str) -> Drift {
    let mut changes = Changes::default();
    for now in &new.frameworks {
        let Some(before) = old.frameworks.iter().find(|f| f.id == now.id) else { continue };
        let earlier: BTreeMap<&str, &RequirementResult> = before.requirements.iter().map(|r| (r.id.as_str(), r)).collect();
        for requirement in &now.requirements {
            if let Some(previous) = earlier.get(requirement.id.as_str()) {
                changes.requirement(&now.id, previous, requirement);
            }
        }
    }
    changes.exemptions(old, new);
    changes.scope_gaps(old, new);
    let earlier: BTreeMap<&str, &ControlAssessment> = old.controls.iter().map(|c| (c.id.as_str(), c)).collect();
    for control in &new.controls {
        if let Some(previous) = earlier.get(control.id.as_str()) {
            changes.control(previous, old.as_of, control, new.as_of);
        }
    }
    let Changes { mut worse, mut better } = changes;
    // Gathered framework by framework and control by control; a stable sort by kind keeps that
    // order inside each kind.
    worse.sort_by_key(|change| change.kind);
    better.sort_by_key(|change| change.kind);
    let (agenda_new, agenda_resolved) = agenda_changes(old, new);
    Drift {
        old: Snapshot { source: old_source.to_owned(), as_of: old.as_of, organization: old.organization.clone() },
        new: Snapshot { source: new_source.to_owned(), as_of: new.as_of, organization: new.organization.clone() },
        counts: counts(old, new, &worse, &better),
        worse,
        better,
        agenda_new,
        agenda_resolved,
    }
}

/// How good a verdict is for the organization: not applicable and met owe nothing; an
/// alternative rests on a documented decision; partial and unmet fall short.
fn standing(verdict: Verdict) -> u8 {
    match verdict {
        Verdict::Met | Verdict::NotApplicable => 3,
        Verdict::Alternative => 2,
        Verdict::Partial => 1,
        Verdict::Unmet => 0,
    }
}

/// What a requirement-level marker is about, so the same marker is recognised on both sides.
type MarkerKey<'a> = (Signal, Option<&'a str>, Option<&'a str>, Option<&'a str>);

fn marker_key(marker: &Marker) -> MarkerKey<'_> {
    (marker.signal, marker.control.as_deref(), marker.system.as_deref(), marker.objective.as_deref())
}

/// A recorded decision past its review date: a `stale` marker about no control or system.
fn is_decision_review(marker: &Marker) -> bool {
    marker.signal == Signal::Stale && marker.control.is_none() && marker.system.is_none()
}

/// A system's exemption that does not count (expired or unapproved).
fn is_lapsed_exemption(marker: &Marker) -> bool {
    marker.signal == Signal::Exceptions && marker.system.is_some()
}

/// Requirement markers compared one by one; scope gaps and lapsed exemptions are about a
/// system and are compared once per system instead.
fn per_requirement(marker: &Marker) -> bool {
    marker.signal != Signal::ScopeGap && !is_lapsed_exemption(marker)
}

#[derive(Default)]
struct Changes {
    worse: Vec<Change>,
    better: Vec<Change>,
}

impl Changes {
    fn push(&mut self, got_worse: bool, change: Change) {
        if got_worse {
            self.worse.push(change);
        } else {
            self.better.push(change);
        }
    }

    fn requirement<'r>(&mut self, framework: &str, old: &'r RequirementResult, new: &'r RequirementResult) {
        let (before, after) = (standing(old.baseline), standing(new.baseline));
        if before != after {
            self.push(
                after < before,
                Change {
                    kind: ChangeKind::Verdict,
                    framework: Some(framework.to_owned()),
                    subject: new.id.clone(),
                    signal: None,
                    before: Some(old.baseline.to_string()),
                    after: Some(new.baseline.to_string()),
                    tier: None,
                    detail: format!("{}: {}", new.title, new.reason),
                },
            );
        }
        let markers = |result: &'r RequirementResult| -> BTreeMap<MarkerKey<'r>, &'r Marker> {
            result.governance.iter().filter(|m| per_requirement(m)).map(|m| (marker_key(m), m)).collect()
        };
        let (raised, cleared) = raised_and_cleared(&markers(old), &markers(new));
        for marker in raised {
            self.push(true, requirement_marker(framework, &new.id, marker, marker.reason.clone()));
        }
        for marker in cleared {
            self.push(false, requirement_marker(framework, &new.id, marker, format!("cleared: {}", marker.reason)));
        }
    }

    /// Lapsed system exemptions, once per system and objective.
    fn exemptions(&mut self, old: &Report, new: &Report) {
        let (raised, cleared) = raised_and_cleared(&lapsed_exemptions(old), &lapsed_exemptions(new));
        for marker in raised {
            self.push(true, exemption_change(marker, marker.reason.clone()));
        }
        for marker in cleared {
            self.push(false, exemption_change(marker, format!("resolved: {}", marker.reason)));
        }
    }

    /// Systems needing objectives no control covers: a system added to the profile without
    /// coverage shows here, as does a control no longer covering a system.
    fn scope_gaps(&mut self, old: &Report, new: &Report) {
        let (before, after) = (gaps(old), gaps(new));
        let systems: BTreeSet<&String> = before.keys().chain(after.keys()).collect();
        let empty = Gaps::default();
        for system in systems {
            let (was, is) = (before.get(system).unwrap_or(&empty), after.get(system).unwrap_or(&empty));
            let opened: Vec<&str> = is.objectives.difference(&was.objectives).map(String::as_str).collect();
            let closed: Vec<&str> = was.objectives.difference(&is.objectives).map(String::as_str).collect();
            if !opened.is_empty() {
                let detail = format!("{system} is covered by no control for {}", opened.join(", "));
                self.push(true, scope_gap(system, was, is, detail));
            }
            if !closed.is_empty() {
                let detail = format!("{system} is now covered for {}", closed.join(", "));
                self.push(false, scope_gap(system, was, is, detail));
            }
        }
    }

    fn control(&mut self, old: &ControlAssessment, old_as_of: NaiveDate, new: &ControlAssessment, new_as_of: NaiveDate) {
        let old_signals: BTreeMap<Signal, &Marker> = old.signals.iter().map(|m| (m.signal, m)).collect();
        let new_signals: BTreeMap<Signal, &Marker> = new.signals.iter().map(|m| (m.signal, m)).collect();
        if old.level != new.level {
            let got_worse = new.level < old.level;
            // Nothing ages between two evaluations on the same date: there a lower level comes
            // from an edit. Later, with no newer review or passing test, it is the evidence ageing.
            let aged =
                got_worse && new_as_of > old_as_of && new.last_review <= old.last_review && new.last_passing_test <= old.last_passing_test;
            let detail = match new.short_of_next.as_deref().filter(|_| got_worse) {
                Some(why) => format!("{}: {why}", new.title),
                None => new.title.clone(),
            };
            self.push(
                got_worse,
                Change {
                    kind: if aged { ChangeKind::EvidenceStale } else { ChangeKind::Level },
                    before: Some(old.level.to_string()),
                    after: Some(new.level.to_string()),
                    ..on_control(new, None, detail)
                },
            );
        }
        let (before, after) = (exception_standing(old.open_exceptions, old_as_of), exception_standing(new.open_exceptions, new_as_of));
        if before != after {
            let got_worse = after > before;
            let detail = new.title.clone();
            self.push(
                got_worse,
                Change {
                    kind: ChangeKind::Exceptions,
                    before: Some(exceptions_text(before)),
                    after: Some(exceptions_text(after)),
                    ..on_control(new, None, detail)
                },
            );
        }
        let (raised, cleared) = raised_and_cleared(&old_signals, &new_signals);
        for marker in raised {
            self.push(true, on_control(new, Some(marker.signal), marker.reason.clone()));
        }
        for marker in cleared {
            self.push(false, on_control(new, Some(marker.signal), format!("cleared: {}", marker.reason)));
        }
    }
}

/// The values only `after` has (raised) and those only `before` has (cleared), in key order.
fn raised_and_cleared<K: Ord, V: Copy>(before: &BTreeMap<K, V>, after: &BTreeMap<K, V>) -> (Vec<V>, Vec<V>) {
    let only = |one: &BTreeMap<K, V>, other: &BTreeMap<K, V>| {
        one.iter().filter(|(key, _)| !other.contains_key(key)).map(|(_, value)| *value).collect()
    };
    (only(after, before), only(before, after))
}

/// Each system exemption that does not count, by system and objective: the same lapse is marked
/// on every requirement needing the objective, and is one change.
fn lapsed_exemptions(report: &Report) -> BTreeMap<(&str, Option<&str>), &Marker> {
    requirement_markers(report)
        .filter(|m| is_lapsed_exemption(m))
        .filter_map(|m| Some(((m.system.as_deref()?, m.objective.as_deref()), m)))
        .collect()
}

fn requirement_marker(framework: &str, requirement: &str, marker: &Marker, detail: String) -> Change {
    Change {
        kind: if is_decision_review(marker) { ChangeKind::DecisionExpired } else { ChangeKind::RequirementMarker },
        framework: Some(framework.to_owned()),
        subject: requirement.to_owned(),
        signal: Some(marker.signal),
        before: None,
        after: None,
        tier: marker.tier,
        detail,
    }
}

fn exemption_change(marker: &Marker, detail: String) -> Change {
    Change {
        kind: ChangeKind::DecisionExpired,
        framework: None,
        subject: marker.system.clone().unwrap_or_default(),
        signal: Some(marker.signal),
        before: None,
        after: None,
        tier: marker.tier,
        detail,
    }
}

fn on_control(control: &ControlAssessment, signal: Option<Signal>, detail: String) -> Change {
    Change {
        kind: ChangeKind::ControlSignal,
        framework: None,
        subject: control.id.clone(),
        signal,
        before: None,
        after: None,
        tier: control.tier,
        detail,
    }
}

/// A system's scope-gap change; `before` and `after` count its uncovered objectives.
fn scope_gap(system: &str, before: &Gaps, after: &Gaps, detail: String) -> Change {
    Change {
        kind: ChangeKind::ScopeGap,
        framework: None,
        subject: system.to_owned(),
        signal: None,
        before: Some(before.objectives.len().to_string()),
        after: Some(after.objectives.len().to_string()),
        tier: after.tier.or(before.tier),
        detail,
    }
}

/// A system's uncovered objectives on one side.
#[derive(Default)]
struct Gaps {
    objectives: BTreeSet<String>,
    tier: Option<u8>,
}

fn requirement_markers(report: &Report) -> impl Iterator<Item = &Marker> {
    report.frameworks.iter().flat_map(|f| &f.requirements).flat_map(|r| &r.governance)
}

fn gaps(report: &Report) -> BTreeMap<String, Gaps> {
    let mut gaps: BTreeMap<String, Gaps> = BTreeMap::new();
    for marker in requirement_markers(report).filter(|m| m.signal == Signal::ScopeGap) {
        let (Some(system), Some(objective)) = (&marker.system, &marker.objective) else { continue };
        let entry = gaps.entry(system.clone()).or_default();
        entry.objectives.insert(objective.clone());
        entry.tier = entry.tier.into_iter().chain(marker.tier).min();
    }
    gaps
}

/// How many exceptions are open and how many days the oldest has been: ordered so that more,
/// then older, is greater (worse).
fn exception_standing(open: Option<OpenExceptions>, as_of: NaiveDate) -> (usize, i64) {
    open.map_or((0, 0), |open| (open.count, (as_of - open.oldest_opened).num_days()))
}

fn exceptions_text((count, days): (usize, i64)) -> String {
    match count {
        0 => "none".to_owned(),
        _ => format!("{count}, oldest {days} days"),
    }
}

/// What identifies a decision owed on both sides.
type AgendaKey<'a> = (Signal, &'a str, Option<&'a str>, Option<&'a str>);

fn agenda_items(report: &Report) -> Vec<(AgendaKey<'_>, Option<&String>, &AgendaItem)> {
    report
        .agenda
        .iter()
        .flat_map(|group| group.items.iter().map(move |item| (group.decider.as_ref(), item)))
        .map(|(decider, item)| ((item.signal, item.subject.as_str(), item.control.as_deref(), item.system.as_deref()), decider, item))
        .collect()
}

fn agenda_changes(old: &Report, new: &Report) -> (Vec<AgendaChange>, Vec<AgendaChange>) {
    let (before, after) = (agenda_items(old), agenda_items(new));
    let had: BTreeSet<AgendaKey> = before.iter().map(|(key, ..)| *key).collect();
    let has: BTreeSet<AgendaKey> = after.iter().map(|(key, ..)| *key).collect();
    let change = |(_, decider, item): &(AgendaKey, Option<&String>, &AgendaItem)| AgendaChange {
        decider: decider.cloned(),
        signal: item.signal,
        subject: item.subject.clone(),
        tier: item.tier,
        rating: item.severity.rating,
        reason: item.reason.clone(),
    };
    let added = after.iter().filter(|(key, ..)| !had.contains(key)).map(change).collect();
    let resolved = before.iter().filter(|(key, ..)| !has.contains(key)).map(change).collect();
    (added, resolved)
}

fn counts(old: &Report, new: &Report, worse: &[Change], better: &[Change]) -> Vec<DriftCount> {
    let tally = |changes: &[Change], framework: Option<&str>| changes.iter().filter(|c| c.framework.as_deref() == framework).count();
    let percent = |report: &Report, id: &str| report.frameworks.iter().find(|f| f.id == id).map(|f| f.coverage.percent_met);
    let mut frameworks: Vec<(&str, &str)> = new.frameworks.iter().map(|f| (f.id.as_str(), f.name.as_str())).collect();
    let both = |id: &str| old.frameworks.iter().any(|f| f.id == id) && new.frameworks.iter().any(|f| f.id == id);
    frameworks.sort_by_key(|(id, _)| !both(id));
    frameworks
        .extend(old.frameworks.iter().filter(|f| !new.frameworks.iter().any(|n| n.id == f.id)).map(|f| (f.id.as_str(), f.name.as_str())));
    let mut counts: Vec<DriftCount> = frameworks
        .into_iter()
        .map(|(id, name)| DriftCount {
            framework: Some(id.to_owned()),
            name: name.to_owned(),
            percent_met_old: percent(old, id),
            percent_met_new: percent(new, id),
            worse: tally(worse, Some(id)),
            better: tally(better, Some(id)),
        })
        .collect();
    counts.push(DriftCount {
        framework: None,
        name: "controls and systems".to_owned(),
        percent_met_old: None,
        percent_met_new: None,
        worse: tally(worse, None),
        better: tally(better, None),
    });
    counts
}
