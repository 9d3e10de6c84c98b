//! The report's first page: one line per framework, the tier-1 decisions owed by decider, and
//! what falls due in the 90 days after the as-of date.

use crate::index::Index;
use crate::output::{AgendaGroup, ControlAssessment, DeciderDecisions, DueItem, DueKind, FrameworkLine, FrameworkReport, Summary};
use chrono::NaiveDate;
use crosswalk_model::{Cadence, Profile};
use crosswalk_plugin_api::ScheduledReview;

/// How far ahead the due list looks, in days; the summary counts 30, 60 and 90.
pub const DUE_HORIZON_DAYS: i64 = 90;

/// How long a provider's attestation is relied on after the span it covers (as in `control`).
const ATTESTATION_VALIDITY: Cadence = Cadence::Annual;

/// The summary of a report's frameworks, agenda and due list. Pure, so a filtered report gets
/// the summary of what it kept.
pub fn summarize(frameworks: &[FrameworkReport], agenda: &[AgendaGroup], due: &[DueItem]) -> Summary {
    let frameworks = frameworks
        .iter()
        .map(|f| FrameworkLine {
            id: f.id.clone(),
            name: f.name.clone(),
            percent_met: f.coverage.percent_met,
            applicable: f.coverage.applicable,
            partial: f.coverage.partial,
            unmet: f.coverage.unmet,
            not_mapped: f.coverage.not_mapped,
        })
        .collect();
    let tier1_decisions = agenda
        .iter()
        .filter_map(|group| {
            let items: Vec<_> = group.items.iter().filter(|item| item.tier == Some(1)).collect();
            (!items.is_empty()).then(|| DeciderDecisions {
                decider: group.decider.clone(),
                name: group.name.clone(),
                count: items.len(),
                top: items.iter().take(3).map(|item| format!("{} {}", item.signal, item.subject)).collect(),
            })
        })
        .collect();
    let within = |days: i64| due.iter().filter(|item| item.days <= days).count();
    Summary { frameworks, tier1_decisions, due_within_30: within(30), due_within_60: within(60), due_within_90: within(90) }
}

/// Everything that falls due after `as_of` and at most `DUE_HORIZON_DAYS` later, soonest first.
/// Already overdue things are signals (`stale`, `lapsed`, `exceptions`), not listed here.
pub(crate) fn due(
    profile: &Profile,
    controls: &[ControlAssessment],
    index: &Index,
    reviews: &[ScheduledReview],
    as_of: NaiveDate,
) -> Vec<DueItem> {
    let mut items = Vec::new();
    let mut push = |kind: DueKind, subject: &str, due: NaiveDate, reason: String, about: About| {
        let days = (due - as_of).num_days();
        if (1..=DUE_HORIZON_DAYS).contains(&days) {
            items.push(DueItem {
                kind,
                subject: subject.to_owned(),
                control: about.control,
                system: about.system,
                due,
                days,
                owner: about.owner,
                decider: about.decider,
                tier: about.tier,
                reason,
            });
        }
    };
    for (control, assessment) in profile.controls.iter().zip(controls) {
        let about = || About {
            control: Some(assessment.id.clone()),
            system: None,
            owner: assessment.owner.clone(),
            decider: assessment.decider.clone(),
            tier: assessment.tier,
        };
        if let Some(last) = assessment.last_review {
            let due = assessment.review_cadence.window_end(last);
            push(DueKind::Review, &assessment.id, due, format!("{} review; the last was on {last}", assessment.review_cadence), about());
        }
        if let Some(last) = assessment.last_passing_test {
            let due = assessment.test_cadence.window_end(last);
            push(DueKind::Test, &assessment.id, due, format!("{} test; the last passed on {last}", assessment.test_cadence), about());
        }
        for exception in control.exceptions.iter().filter(|e| e.is_open_on(as_of)) {
            if let Some(expires) = exception.expires {
                let reason = format!("exception {} to {} expires: {}", exception.id, assessment.id, exception.reason);
                push(DueKind::ExceptionExpiry, &exception.id, expires, reason, about());
            }
        }
        if let Some(inherited) = &control.inherited {
            let latest = inherited.attestations.iter().filter(|a| a.attested_on <= as_of).max_by_key(|a| a.covers.end);
            if let Some(attestation) = latest {
                let due = ATTESTATION_VALIDITY.window_end(attestation.covers.end);
                let reason = format!(
                    "{}'s {} covers up to {}: obtain the next report before it is 12 months old",
                    inherited.provider, attestation.report, attestation.covers.end
                );
                push(DueKind::AttestationRenewal, &assessment.id, due, reason, about());
            }
        }
    }
    for system in &profile.systems {
        let tier = system.functions.iter().filter_map(|f| index.function(f)).map(|f| f.tier).min();
        for exemption in &system.exemptions {
            let reason = format!("exemption of {} from {} expires: {}", system.id, exemption.objectives.join(", "), exemption.reason);
            let about = About { control: None, system: Some(system.id.clone()), owner: Some(system.owner.clone()), decider: None, tier };
            push(DueKind::ExemptionExpiry, &system.id, exemption.expires, reason, about);
        }
    }
    for review in reviews {
        let about = About { control: None, system: None, owner: Some(review.decided_by.clone()), decider: None, tier: None };
        push(DueKind::DecisionReview, &review.subject, review.due, review.reason.clone(), about);
    }
    items.sort_by(|a, b| (a.due, a.kind, &a.subject).cmp(&(b.due, b.kind, &b.subject)));
    items
}

struct About {
    control: Option<String>,
    system: Option<String>,
    owner: Option<String>,
    decider: Option<String>,
    tier: Option<u8>,
}
