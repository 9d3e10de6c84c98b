//! Cross-framework views: the shared gaps, each control's leverage and the governance agenda.

use crate::index::Index;
use crate::output::{
    AgendaGroup, AgendaItem, ControlAssessment, FrameworkCount, FrameworkReport, FrameworkRequirements, GapStatus, Leverage, Marker,
    Rating, Severity, SharedGap,
};
use crate::requirement::examples;
use crosswalk_model::{Hub, Signal, Verdict};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Every objective that leaves requirements open, with those requirements per framework; the
/// objectives that open the most frameworks come first.
pub(crate) fn shared_gaps(frameworks: &[FrameworkReport], index: &Index, hub: &Hub) -> Vec<SharedGap> {
    let mut open: BTreeMap<&str, BTreeMap<&str, Vec<String>>> = BTreeMap::new();
    for framework in frameworks {
        for requirement in framework.requirements.iter().filter(|r| matches!(r.baseline, Verdict::Partial | Verdict::Unmet)) {
            for objective in requirement.objectives.iter().filter(|o| !o.satisfied) {
                open.entry(objective.objective.as_str())
                    .or_default()
                    .entry(framework.id.as_str())
                    .or_default()
                    .push(requirement.id.clone());
            }
        }
    }
    let mut gaps: Vec<SharedGap> = open
        .into_iter()
        .map(|(objective, by_framework)| SharedGap {
            objective: objective.to_owned(),
            title: hub.objective(objective).map(|o| o.title.clone()).unwrap_or_default(),
            status: if index.controls_for(objective).is_empty() { GapStatus::Missing } else { GapStatus::Weak },
            framework_count: by_framework.len(),
            requirement_count: by_framework.values().map(Vec::len).sum(),
            frameworks: frameworks
                .iter()
                .filter_map(|f| {
                    by_framework
                        .get(f.id.as_str())
                        .map(|requirements| FrameworkRequirements { framework: f.id.clone(), requirements: requirements.clone() })
                })
                .collect(),
        })
        .collect();
    gaps.sort_by(|a, b| {
        (b.framework_count, b.requirement_count).cmp(&(a.framework_count, a.requirement_count)).then_with(|| a.objective.cmp(&b.objective))
    });
    gaps
}

/// How many applicable requirements in how many frameworks each control helps cover. The
/// controls the organization runs itself come first: a provider's attestation names many
/// objectives, but it is not the organization's own leverage.
pub(crate) fn leverage(frameworks: &[FrameworkReport], controls: &[ControlAssessment]) -> Vec<Leverage> {
    let mut counts: HashMap<&str, Vec<usize>> = HashMap::new();
    for (position, framework) in frameworks.iter().enumerate() {
        for requirement in framework.requirements.iter().filter(|r| r.baseline != Verdict::NotApplicable && !r.objectives.is_empty()) {
            for control in &requirement.controls {
                counts.entry(control.as_str()).or_insert_with(|| vec![0; frameworks.len()])[position] += 1;
            }
        }
    }
    let mut leverage: Vec<Leverage> = controls
        .iter()
        .map(|control| {
            let per_framework: Vec<FrameworkCount> = counts
                .get(control.id.as_str())
                .map(|counts| {
                    frameworks
                        .iter()
                        .zip(counts)
                        .filter(|(_, count)| **count > 0)
                        .map(|(framework, count)| FrameworkCount { framework: framework.id.clone(), requirements: *count })
                        .collect()
                })
                .unwrap_or_default();
            Leverage {
                control: control.id.clone(),
                title: control.title.clone(),
                level: control.level,
                inherited: control.inherited_from.is_some(),
                requirement_count: per_framework.iter().map(|c| c.requirements).sum(),
                framework_count: per_framework.len(),
                frameworks: per_framework,
            }
        })
        .collect();
    leverage.sort_by(|a, b| {
        (a.inherited, b.requirement_count, b.framework_count)
            .cmp(&(b.inherited, a.requirement_count, a.framework_count))
            .then_with(|| a.control.cmp(&b.control))
    });
    leverage
}

/// Points for the criticality a decision touches.
fn tier_points(tier: Option<u8>) -> u32 {
    match tier {
        Some(1) => 40,
        Some(2) => 25,
        None => 15,
        Some(_) => 10,
    }
}

/// Points for what a signal means: a control that fails or stopped, or a system nobody
/// covers, weighs more than a review that is late.
fn signal_points(signal: Signal) -> u32 {
    match signal {
        Signal::Failing => 30,
        Signal::RecoveryUnproven | Signal::Lapsed => 25,
        Signal::ScopeGap | Signal::NoResponse | Signal::NoDecider | Signal::Undecided => 20,
        Signal::Unrehearsed | Signal::Divergent | Signal::Exceptions => 15,
        Signal::Stale | Signal::DocumentationOnly => 10,
        Signal::Inherited => 5,
        Signal::Exempted => 0,
    }
}

/// Open requirements count two points each, up to this many.
const OPEN_REQUIREMENTS_COUNTED: usize = 20;

pub(crate) fn severity(tier: Option<u8>, signal: Signal, open_requirements: usize) -> Severity {
    // An exemption is the decision that closes a gap: the requirements it touches are open for
    // other reasons, which their own items carry.
    let open_points = if signal == Signal::Exempted { 0 } else { 2 * open_requirements.min(OPEN_REQUIREMENTS_COUNTED) as u32 };
    let score = tier_points(tier) + signal_points(signal) + open_points;
    let rating = match score {
        70.. => Rating::Critical,
        55.. => Rating::High,
        35.. => Rating::Medium,
        _ => Rating::Low,
    };
    Severity { rating, score, open_requirements }
}

/// One agenda item being gathered: the markers it merges and the requirements they touch.
struct Gathered {
    marker: Marker,
    objectives: BTreeSet<String>,
    requirements: Vec<String>,
    /// How many of `requirements` are partial or unmet.
    open: usize,
}

impl Gathered {
    fn new(marker: &Marker) -> Self {
        Self { marker: marker.clone(), objectives: BTreeSet::new(), requirements: Vec::new(), open: 0 }
    }

    fn touch(&mut self, requirement: &str, open: bool) {
        if self.requirements.last().map(String::as_str) != Some(requirement) {
            self.requirements.push(requirement.to_owned());
            self.open += usize::from(open);
        }
    }
}

/// What a requirement-level marker is gathered under: a system's scope gaps all together;
/// other markers by who decides, what and about which control, system or objective, and, for a
/// marker about none of these (a recorded decision), by the requirement itself.
type Key = (Option<String>, Signal, Option<String>, Option<String>, Option<String>, Option<String>);

fn key(marker: &Marker, requirement: &str) -> Key {
    if marker.signal == Signal::ScopeGap {
        return (None, marker.signal, None, marker.system.clone(), None, None);
    }
    let about_nothing = marker.control.is_none() && marker.system.is_none() && marker.objective.is_none();
    (
        marker.decider.clone(),
        marker.signal,
        marker.control.clone(),
        marker.system.clone(),
        marker.objective.clone(),
        about_nothing.then(|| requirement.to_owned()),
    )
}

/// Every distinct marker once, with the requirements it touches, grouped by who must decide:
/// each control's signals once, listing the requirements it helps cover, and each marker raised
/// on requirements (decisions, scope gaps, exemptions), a system's scope gaps as one item
/// listing its uncovered objectives. Items are ordered by severity within each group; groups
/// holding tier-1 decisions come first, and decisions nobody may take lead their tier.
pub(crate) fn agenda(frameworks: &[FrameworkReport], controls: &[ControlAssessment], index: &Index) -> Vec<AgendaGroup> {
    let mut items: BTreeMap<Key, Gathered> = BTreeMap::new();
    // Requirements are named once each; controls refer to them by position.
    let mut names: Vec<(String, bool)> = Vec::new();
    let mut by_control: HashMap<&str, Vec<usize>> = HashMap::new();
    for framework in frameworks {
        for requirement in &framework.requirements {
            let touched = format!("{}:{}", framework.id, requirement.id);
            let open = matches!(requirement.baseline, Verdict::Partial | Verdict::Unmet);
            if !requirement.control_signals.is_empty() {
                for control in &requirement.controls {
                    by_control.entry(control.as_str()).or_default().push(names.len());
                }
            }
            for marker in &requirement.governance {
                let entry = items.entry(key(marker, &touched)).or_insert_with(|| Gathered::new(marker));
                entry.objectives.extend(marker.objective.clone());
                entry.touch(&touched, open);
            }
            names.push((touched, open));
        }
    }
    let mut gathered: Vec<Gathered> = items.into_values().collect();
    for control in controls {
        let Some(touched) = by_control.get(control.id.as_str()) else { continue };
        for marker in &control.signals {
            let mut item = Gathered::new(marker);
            for &position in touched {
                let (requirement, open) = &names[position];
                item.touch(requirement, *open);
            }
            gathered.push(item);
        }
    }
    let mut groups: BTreeMap<Option<String>, Vec<AgendaItem>> = BTreeMap::new();
    for item in gathered {
        let (decider, item) = agenda_item(item, index, controls);
        groups.entry(decider).or_default().push(item);
    }
    let mut agenda: Vec<AgendaGroup> = groups
        .into_iter()
        .map(|(decider, mut items)| {
            items.sort_by(|a, b| {
                b.severity.score.cmp(&a.severity.score).then_with(|| a.subject.cmp(&b.subject)).then(a.signal.cmp(&b.signal))
            });
            let name = decider.as_ref().and_then(|id| index.person(id)).map(|p| p.name.clone());
            AgendaGroup { decider, name, items }
        })
        .collect();
    agenda.sort_by_key(|group| {
        let best_tier = group.items.iter().map(|item| item.tier.unwrap_or(u8::MAX)).min().unwrap_or(u8::MAX);
        let top_score = group.items.iter().map(|item| item.severity.score).max().unwrap_or(0);
        (best_tier, group.decider.is_some(), std::cmp::Reverse(top_score), group.decider.clone())
    });
    agenda
}

/// Turns gathered markers into one agenda item and the person it is routed to. A system's
/// scope gaps go to its owner only when the owner may decide for every domain concerned.
fn agenda_item(gathered: Gathered, index: &Index, controls: &[ControlAssessment]) -> (Option<String>, AgendaItem) {
    let Gathered { marker, objectives, requirements, open } = gathered;
    let objectives: Vec<String> = objectives.into_iter().collect();
    let mut decider = marker.decider.clone();
    let mut reason = marker.reason.clone();
    if let (Signal::ScopeGap, Some(system)) = (marker.signal, marker.system.as_deref().and_then(|id| index.system(id))) {
        let mut domains: Vec<&str> = objectives.iter().filter_map(|id| index.objective(id)).map(|o| o.domain.as_str()).collect();
        domains.sort_unstable();
        domains.dedup();
        let owner = index.person(&system.owner);
        let lacking: Vec<&str> = domains.iter().copied().filter(|d| !owner.is_some_and(|p| p.may_decide_for(d))).collect();
        let named: Vec<String> = objectives
            .iter()
            .map(|id| match index.objective(id) {
                Some(objective) => format!("{id} ({})", objective.title),
                None => id.clone(),
            })
            .collect();
        reason = format!(
            "{} supports {} but no control covers it for {} {}: {}. Extend the controls that cover other systems to it, or record an approved exemption",
            system.id,
            system.functions.join(", "),
            objectives.len(),
            if objectives.len() == 1 { "objective" } else { "objectives" },
            named.join(", ")
        );
        if lacking.is_empty() {
            decider = Some(system.owner.clone());
        } else {
            decider = None;
            let entitled = index.people_deciding_all(&domains);
            let who = if entitled.is_empty() {
                // Nobody may decide for all of them: say who may decide for each.
                let per_domain: Vec<String> = lacking
                    .iter()
                    .map(|domain| match index.people_deciding_all(&[domain]).as_slice() {
                        [] => format!("{domain}: nobody"),
                        people => format!("{domain}: {}", examples(people)),
                    })
                    .collect();
                format!("nobody has all of them; who has each: {}", per_domain.join("; "))
            } else {
                format!("who has: {}", examples(&entitled))
            };
            reason += &format!(". Its owner {} has no authority over {} ({who})", system.owner, lacking.join(", "));
        }
    }
    let subject = marker
        .control
        .clone()
        .or_else(|| marker.system.clone())
        .or_else(|| requirements.first().cloned())
        .unwrap_or_else(|| "organization".to_owned());
    let owner = match (&marker.control, &marker.system) {
        (Some(control), _) => index.control_position(control).and_then(|position| controls.get(position)).and_then(|c| c.owner.clone()),
        (None, Some(system)) => index.system(system).map(|system| system.owner.clone()),
        (None, None) => None,
    };
    let item = AgendaItem {
        owner,
        signal: marker.signal,
        subject,
        control: marker.control,
        system: marker.system,
        objectives,
        tier: marker.tier,
        severity: severity(marker.tier, marker.signal, open),
        reason,
        requirements,
    };
    (decider, item)
}
