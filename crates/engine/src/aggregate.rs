//! Cross-framework views: the shared gaps, each control's leverage and the governance agenda.

use crate::index::Index;
use crate::output::{
    AgendaGroup, AgendaItem, ControlAssessment, FrameworkCount, FrameworkReport, FrameworkRequirements, GapStatus, Leverage, Marker,
    SharedGap,
};
use crosswalk_model::{Hub, Profile, Signal, Verdict};
use std::collections::BTreeMap;

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

/// How many applicable requirements in how many frameworks each control helps cover.
pub(crate) fn leverage(frameworks: &[FrameworkReport], controls: &[ControlAssessment]) -> Vec<Leverage> {
    let mut leverage: Vec<Leverage> = controls
        .iter()
        .map(|control| {
            let counts: Vec<FrameworkCount> = frameworks
                .iter()
                .map(|framework| FrameworkCount {
                    framework: framework.id.clone(),
                    requirements: framework
                        .requirements
                        .iter()
                        .filter(|r| r.baseline != Verdict::NotApplicable && !r.objectives.is_empty() && r.controls.contains(&control.id))
                        .count(),
                })
                .filter(|count| count.requirements > 0)
                .collect();
            Leverage {
                control: control.id.clone(),
                title: control.title.clone(),
                level: control.level,
                requirement_count: counts.iter().map(|c| c.requirements).sum(),
                framework_count: counts.len(),
                frameworks: counts,
            }
        })
        .collect();
    leverage.sort_by(|a, b| {
        (b.requirement_count, b.framework_count).cmp(&(a.requirement_count, a.framework_count)).then_with(|| a.control.cmp(&b.control))
    });
    leverage
}

/// Every distinct marker once, with the requirements it touches, grouped by who must decide.
/// Groups holding tier-1 decisions come first; decisions nobody may take lead their tier.
pub(crate) fn agenda(frameworks: &[FrameworkReport], profile: &Profile) -> Vec<AgendaGroup> {
    type Key = (Option<String>, Signal, Option<String>, Option<String>, Option<String>, String);
    let mut items: BTreeMap<Key, (Marker, Vec<String>)> = BTreeMap::new();
    for framework in frameworks {
        for requirement in &framework.requirements {
            for marker in &requirement.governance {
                let key = (
                    marker.decider.clone(),
                    marker.signal,
                    marker.control.clone(),
                    marker.system.clone(),
                    marker.objective.clone(),
                    marker.reason.clone(),
                );
                let entry = items.entry(key).or_insert_with(|| (marker.clone(), Vec::new()));
                let touched = format!("{}:{}", framework.id, requirement.id);
                if entry.1.last() != Some(&touched) {
                    entry.1.push(touched);
                }
            }
        }
    }
    let mut groups: BTreeMap<Option<String>, Vec<(Marker, Vec<String>)>> = BTreeMap::new();
    for ((decider, ..), item) in items {
        groups.entry(decider).or_default().push(item);
    }
    let mut agenda: Vec<AgendaGroup> = groups
        .into_iter()
        .map(|(decider, mut items)| {
            items.sort_by(|(a, _), (b, _)| a.rank().cmp(&b.rank()));
            let items = items
                .into_iter()
                .map(|(marker, requirements)| AgendaItem {
                    signal: marker.signal,
                    control: marker.control,
                    system: marker.system,
                    objective: marker.objective,
                    tier: marker.tier,
                    reason: marker.reason,
                    requirements,
                })
                .collect();
            let name = decider.as_ref().and_then(|id| profile.people.iter().find(|p| &p.id == id)).map(|p| p.name.clone());
            AgendaGroup { decider, name, items }
        })
        .collect();
    agenda.sort_by_key(|group| {
        let best_tier = group.items.iter().map(|item| item.tier.unwrap_or(u8::MAX)).min().unwrap_or(u8::MAX);
        (best_tier, group.decider.is_some(), group.decider.clone())
    });
    agenda
}
