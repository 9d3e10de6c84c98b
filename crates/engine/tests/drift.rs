//! Drift between two evaluated snapshots: each kind of change fires on a hand-modified profile,
//! in the right direction, and an unchanged profile shows no drift at all.

mod common;

use common::{date, hub, hub_of, profile, profile_from, requirement, Parts, TestFramework};
use crosswalk_engine::{drift, evaluate, Change, ChangeKind, Drift, Report};
use crosswalk_model::{Hub, Level, Profile, Signal};

const POLICY: &str = "{ kind: policy, title: Access policy, effective: 2026-01-10 }";
/// Keeps a quarterly-reviewed control implemented until two review cadences after it.
const CONFIGURATION: &str = "{ kind: configuration, title: MFA enforced, effective: 2026-08-01 }";
const EXCEPTION_A: &str = "{ id: EXC-A, reason: Legacy host, approved_by: dana, opened: 2026-03-01 }";
const EXCEPTION_B: &str = "{ id: EXC-B, reason: Kiosk, approved_by: dana, opened: 2026-04-01 }";

fn alpha(hub: &Hub) -> TestFramework {
    TestFramework::new(
        hub,
        "alpha",
        &[requirement("R-MFA", &[("IAM-07", "subset")]), requirement("R-BACKUP", &[("BCK-01", "equal")])],
        Level::Implemented,
    )
}

/// The organization with an MFA control (its evidence and exceptions as given) and backups of
/// the two in-scope systems.
fn organization(hub: &Hub, mfa_evidence: &[&str], exceptions: &[&str]) -> Profile {
    let controls = format!(
        "- {{ id: MFA, title: MFA, owner: dana, objectives: [IAM-07], evidence: [{}], exceptions: [{}] }}\n\
         - {{ id: BACKUPS, title: Backups, owner: sam, objectives: [BCK-01], systems: [ehr-db, billing-app], evidence: [{CONFIGURATION}] }}\n",
        mfa_evidence.join(", "),
        exceptions.join(", ")
    );
    profile(hub, &controls)
}

fn report(hub: &Hub, profile: &Profile, on: &str) -> Report {
    evaluate(hub, profile, &[&alpha(hub)], date(on))
}

fn compared(old: &Report, new: &Report) -> Drift {
    drift(old, "old", new, "new")
}

fn of_kind(changes: &[Change], kind: ChangeKind) -> Vec<&Change> {
    changes.iter().filter(|change| change.kind == kind).collect()
}

#[test]
fn an_unchanged_profile_shows_no_drift() {
    let hub = hub();
    let profile = organization(&hub, &[POLICY, CONFIGURATION], &[EXCEPTION_A]);
    let result = compared(&report(&hub, &profile, "2026-11-30"), &report(&hub, &profile, "2026-11-30"));
    assert!(result.worse.is_empty(), "{:#?}", result.worse);
    assert!(result.better.is_empty(), "{:#?}", result.better);
    assert!(result.agenda_new.is_empty() && result.agenda_resolved.is_empty());
    assert!(!result.regressed());
    assert!(result.counts.iter().all(|count| count.worse == 0 && count.better == 0));
}

#[test]
fn a_requirement_losing_its_control_got_worse_and_regaining_it_got_better() {
    let hub = hub();
    let configured = report(&hub, &organization(&hub, &[POLICY, CONFIGURATION], &[]), "2026-11-30");
    let policy_only = report(&hub, &organization(&hub, &[POLICY], &[]), "2026-11-30");

    let worse = compared(&configured, &policy_only);
    let verdicts = of_kind(&worse.worse, ChangeKind::Verdict);
    assert_eq!(verdicts.len(), 1, "{verdicts:#?}");
    assert_eq!((verdicts[0].framework.as_deref(), verdicts[0].subject.as_str()), (Some("alpha"), "R-MFA"));
    assert_eq!(verdicts[0].before.as_deref(), Some("met"));
    assert!(matches!(verdicts[0].after.as_deref(), Some("partial" | "unmet")), "{:?}", verdicts[0].after);
    // Same date: the control's lower level is an edit, not evidence ageing.
    let levels = of_kind(&worse.worse, ChangeKind::Level);
    assert_eq!(levels.len(), 1);
    assert_eq!(
        (levels[0].subject.as_str(), levels[0].before.as_deref(), levels[0].after.as_deref()),
        ("MFA", Some("implemented"), Some("documented"))
    );
    assert!(of_kind(&worse.worse, ChangeKind::EvidenceStale).is_empty());
    assert!(worse.regressed());
    let alpha_count = worse.counts.iter().find(|c| c.framework.as_deref() == Some("alpha")).expect("alpha is counted");
    assert_eq!((alpha_count.worse, alpha_count.better), (1, 0));
    assert_eq!((alpha_count.percent_met_old, alpha_count.percent_met_new), (Some(100), Some(50)));

    let better = compared(&policy_only, &configured);
    assert_eq!(of_kind(&better.better, ChangeKind::Verdict).len(), 1);
    assert_eq!(of_kind(&better.better, ChangeKind::Level).len(), 1);
    assert!(of_kind(&better.worse, ChangeKind::Verdict).is_empty());
}

#[test]
fn more_or_older_open_exceptions_got_worse() {
    let hub = hub();
    let one = organization(&hub, &[POLICY, CONFIGURATION], &[EXCEPTION_A]);
    let two = organization(&hub, &[POLICY, CONFIGURATION], &[EXCEPTION_A, EXCEPTION_B]);
    let more = compared(&report(&hub, &one, "2026-11-30"), &report(&hub, &two, "2026-11-30"));
    let exceptions = of_kind(&more.worse, ChangeKind::Exceptions);
    assert_eq!(exceptions.len(), 1);
    assert_eq!(exceptions[0].subject, "MFA");
    assert_eq!(exceptions[0].before.as_deref(), Some("1, oldest 274 days"));
    assert_eq!(exceptions[0].after.as_deref(), Some("2, oldest 274 days"));
    let fewer = compared(&report(&hub, &two, "2026-11-30"), &report(&hub, &one, "2026-11-30"));
    assert_eq!(of_kind(&fewer.better, ChangeKind::Exceptions).len(), 1);

    // The same exception a month later is older.
    let older = compared(&report(&hub, &one, "2026-10-31"), &report(&hub, &one, "2026-11-30"));
    let aged = of_kind(&older.worse, ChangeKind::Exceptions);
    assert_eq!(aged.len(), 1);
    assert_eq!((aged[0].before.as_deref(), aged[0].after.as_deref()), (Some("1, oldest 244 days"), Some("1, oldest 274 days")));
    // Near miss: none open on either side is no change.
    let none = organization(&hub, &[POLICY, CONFIGURATION], &[]);
    let quiet = compared(&report(&hub, &none, "2026-10-31"), &report(&hub, &none, "2026-11-30"));
    assert!(of_kind(&quiet.worse, ChangeKind::Exceptions).is_empty());
}

#[test]
fn a_level_lost_as_the_evidence_aged_is_evidence_gone_stale() {
    let hub = hub();
    let profile = organization(&hub, &[POLICY, CONFIGURATION], &[]);
    // The configuration of 2026-08-01 keeps MFA implemented for two quarterly review cadences.
    let later = compared(&report(&hub, &profile, "2026-11-30"), &report(&hub, &profile, "2027-03-15"));
    let stale: Vec<_> = of_kind(&later.worse, ChangeKind::EvidenceStale).into_iter().filter(|c| c.subject == "MFA").collect();
    assert_eq!(stale.len(), 1, "{:#?}", later.worse);
    assert_eq!((stale[0].before.as_deref(), stale[0].after.as_deref()), (Some("implemented"), Some("documented")));
    assert!(stale[0].detail.contains("older than"), "{}", stale[0].detail);
    // Near miss: a newer review keeps it alive, so nothing went stale.
    let reviewed = organization(&hub, &[POLICY, CONFIGURATION, "{ kind: review, title: MFA review, effective: 2027-03-01 }"], &[]);
    let kept = compared(&report(&hub, &profile, "2026-11-30"), &report(&hub, &reviewed, "2027-03-15"));
    assert!(of_kind(&kept.worse, ChangeKind::EvidenceStale).iter().all(|c| c.subject != "MFA"), "{:#?}", kept.worse);
}

#[test]
fn a_system_added_without_coverage_is_a_new_scope_gap() {
    let hub = hub();
    let before = organization(&hub, &[POLICY, CONFIGURATION], &[]);
    let systems = format!("{}    - {{ id: lab-db, name: Lab results, owner: sam, functions: [clinical] }}\n", common::SYSTEMS);
    let controls = "- { id: MFA, title: MFA, owner: dana, objectives: [IAM-07], evidence: [{ kind: configuration, title: MFA enforced, effective: 2026-08-01 }] }\n\
                    - { id: BACKUPS, title: Backups, owner: sam, objectives: [BCK-01], systems: [ehr-db, billing-app], evidence: [{ kind: configuration, title: MFA enforced, effective: 2026-08-01 }] }\n";
    let after = profile_from(&hub, Parts { systems: &systems, controls, ..Parts::default() });
    let result = compared(&report(&hub, &before, "2026-11-30"), &report(&hub, &after, "2026-11-30"));
    let gaps = of_kind(&result.worse, ChangeKind::ScopeGap);
    assert_eq!(gaps.len(), 1, "{:#?}", result.worse);
    assert_eq!((gaps[0].subject.as_str(), gaps[0].tier), ("lab-db", Some(1)));
    assert_eq!((gaps[0].before.as_deref(), gaps[0].after.as_deref()), (Some("0"), Some("1")));
    assert!(gaps[0].detail.contains("BCK-01"), "{}", gaps[0].detail);
    assert!(
        result.agenda_new.iter().any(|item| item.signal == Signal::ScopeGap && item.subject.contains("lab-db")),
        "{:#?}",
        result.agenda_new
    );
    // Covering it again closes the gap.
    let back = compared(&report(&hub, &after, "2026-11-30"), &report(&hub, &before, "2026-11-30"));
    let closed = of_kind(&back.better, ChangeKind::ScopeGap);
    assert_eq!(closed.len(), 1);
    assert_eq!((closed[0].before.as_deref(), closed[0].after.as_deref()), (Some("1"), Some("0")), "uncovered objectives before and after");
    assert!(of_kind(&back.worse, ChangeKind::ScopeGap).is_empty());
}

#[test]
fn a_control_signal_raised_is_worse_and_its_decision_newly_owed() {
    let hub = hub();
    let reviewed = organization(&hub, &[POLICY, CONFIGURATION, "{ kind: review, title: MFA review, effective: 2026-11-01 }"], &[]);
    let unreviewed = organization(&hub, &[POLICY, CONFIGURATION], &[]);
    let result = compared(&report(&hub, &reviewed, "2026-11-30"), &report(&hub, &unreviewed, "2026-11-30"));
    let signals = of_kind(&result.worse, ChangeKind::ControlSignal);
    assert!(signals.iter().any(|c| c.subject == "MFA" && c.signal == Some(Signal::Stale)), "{signals:#?}");
    assert!(result.agenda_new.iter().any(|item| item.signal == Signal::Stale && item.subject == "MFA"), "{:#?}", result.agenda_new);
    let cleared = compared(&report(&hub, &unreviewed, "2026-11-30"), &report(&hub, &reviewed, "2026-11-30"));
    assert!(of_kind(&cleared.better, ChangeKind::ControlSignal).iter().any(|c| c.subject == "MFA" && c.signal == Some(Signal::Stale)));
    assert!(cleared.agenda_resolved.iter().any(|item| item.signal == Signal::Stale && item.subject == "MFA"));
}

/// A HIPAA profile whose addressable automatic-logoff specification is settled by a decision
/// to be re-examined by `review_by` (none: no decision recorded).
fn hipaa_profile(hub: &Hub, review_by: Option<&str>) -> Profile {
    let addressable = match review_by {
        Some(review_by) => format!(
            "  addressable:\n    - {{ specification: \"164.312(a)(2)(iii)\", decision: not-reasonable, rationale: Kiosks lock by policy., alternative: Screens lock after 2 minutes., decided_by: dana, decided_on: 2026-02-10, review_by: {review_by} }}\n"
        ),
        None => String::new(),
    };
    let scope = format!("frameworks: [hipaa]\nhipaa:\n  role: business-associate\n{addressable}");
    profile_from(hub, Parts { scope: &scope, controls: "[]", ..Parts::default() })
}

#[test]
fn a_decision_past_its_review_expired_and_a_new_decision_raises_its_marker() {
    let hub = hub_of(&[("IAM-09", "annual", "annual", true, false)]);
    let hipaa = crosswalk_hipaa::plugin().expect("the HIPAA catalog parses");
    let evaluated = |profile: &Profile, on: &str| evaluate(&hub, profile, &[hipaa.as_ref()], date(on));
    let decided = hipaa_profile(&hub, Some("2026-12-31"));

    let expired = compared(&evaluated(&decided, "2026-11-30"), &evaluated(&decided, "2027-01-15"));
    let decisions = of_kind(&expired.worse, ChangeKind::DecisionExpired);
    assert_eq!(decisions.len(), 1, "{:#?}", expired.worse);
    assert_eq!((decisions[0].framework.as_deref(), decisions[0].subject.as_str()), (Some("hipaa"), "164.312(a)(2)(iii)"));
    assert!(decisions[0].detail.contains("2026-12-31"), "{}", decisions[0].detail);
    // Near miss: still within its review date.
    let within = compared(&evaluated(&decided, "2026-11-30"), &evaluated(&decided, "2026-12-31"));
    assert!(of_kind(&within.worse, ChangeKind::DecisionExpired).is_empty());

    // Recording the decision settles the verdict (better) and raises documentation-only (worse).
    let undecided = hipaa_profile(&hub, None);
    let recorded = compared(&evaluated(&undecided, "2026-11-30"), &evaluated(&decided, "2026-11-30"));
    assert!(of_kind(&recorded.better, ChangeKind::Verdict).iter().any(|c| c.subject == "164.312(a)(2)(iii)"), "{:#?}", recorded.better);
    assert!(
        of_kind(&recorded.worse, ChangeKind::RequirementMarker)
            .iter()
            .any(|c| c.subject == "164.312(a)(2)(iii)" && c.signal == Some(Signal::DocumentationOnly)),
        "{:#?}",
        recorded.worse
    );
}

#[test]
fn changes_are_listed_by_kind_in_a_stable_order() {
    let hub = hub();
    let old = report(&hub, &organization(&hub, &[POLICY, CONFIGURATION], &[EXCEPTION_A]), "2026-11-30");
    let new = report(&hub, &organization(&hub, &[POLICY], &[EXCEPTION_A, EXCEPTION_B]), "2026-11-30");
    let result = compared(&old, &new);
    let kinds: Vec<ChangeKind> = result.worse.iter().map(|c| c.kind).collect();
    let mut sorted = kinds.clone();
    sorted.sort();
    assert_eq!(kinds, sorted);
    assert_eq!(serde_json::to_string(&result).ok(), serde_json::to_string(&compared(&old, &new)).ok());
}

#[test]
fn a_system_exemption_past_its_expiry_is_a_decision_expired_and_reopens_the_gap() {
    let hub = hub();
    let systems = common::SYSTEMS.replace(
        "{ id: billing-app, name: Billing application, owner: dana, functions: [billing] }",
        "{ id: billing-app, name: Billing application, owner: dana, functions: [billing], exemptions: [{ objectives: [BCK-01], reason: Stateless, approved_by: sam, expires: 2026-12-31 }] }",
    );
    let controls =
        format!("- {{ id: BACKUPS, title: Backups, owner: sam, objectives: [BCK-01], systems: [ehr-db], evidence: [{CONFIGURATION}] }}\n");
    let exempted = profile_from(&hub, Parts { systems: &systems, controls: &controls, ..Parts::default() });
    let lapsed = compared(&report(&hub, &exempted, "2026-11-30"), &report(&hub, &exempted, "2027-01-15"));
    let decisions = of_kind(&lapsed.worse, ChangeKind::DecisionExpired);
    assert_eq!(decisions.len(), 1, "once per system and objective, not per requirement: {:#?}", lapsed.worse);
    assert_eq!((decisions[0].framework.as_deref(), decisions[0].subject.as_str()), (None, "billing-app"));
    assert!(decisions[0].detail.contains("expired on 2026-12-31"), "{}", decisions[0].detail);
    assert!(of_kind(&lapsed.worse, ChangeKind::ScopeGap).iter().any(|c| c.subject == "billing-app"));
    assert!(of_kind(&lapsed.worse, ChangeKind::Verdict).iter().any(|c| c.subject == "R-BACKUP"));
    // Near miss: on its last day the exemption still holds.
    let holding = compared(&report(&hub, &exempted, "2026-11-30"), &report(&hub, &exempted, "2026-12-31"));
    assert!(of_kind(&holding.worse, ChangeKind::DecisionExpired).is_empty(), "{:#?}", holding.worse);
}
