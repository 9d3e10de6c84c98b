//! Evidence requests: each rung a requirement's demand reaches is asked of its controls, and is
//! present, stale or missing exactly as the ladder reads the evidence; a SOC 2 Type 2 period
//! names its missing intervals; inherited controls are asked for their provider's attestation;
//! uncovered systems and unimplemented objectives are asked for too.

mod common;

use common::{date, hub, hub_of, profile, profile_from, requirement, ObjectiveSpec, Parts, TestFramework};
use crosswalk_engine::{evaluate, evidence_requests, EvidenceRequest, EvidenceRequests, EvidenceStatus, RequestKind};
use crosswalk_model::{Hub, Level, Span};
use crosswalk_plugin_api::FrameworkPlugin;

fn requests_at(hub: &Hub, level: Level, mappings: &[(&str, &str)], controls: &str) -> EvidenceRequests {
    let alpha = TestFramework::new(hub, "alpha", &[requirement("R-1", mappings)], level);
    let profile = profile(hub, controls);
    let report = evaluate(hub, &profile, &[&alpha], common::as_of());
    evidence_requests(&report, &profile, &[&alpha])
}

fn find<'r>(requests: &'r EvidenceRequests, control: &str, kind: RequestKind) -> &'r EvidenceRequest {
    requests.frameworks[0]
        .requests
        .iter()
        .find(|r| r.control.as_deref() == Some(control) && r.kind == kind)
        .unwrap_or_else(|| panic!("a {kind} request of {control}: {:#?}", requests.frameworks[0].requests))
}

fn kinds(requests: &EvidenceRequests, control: &str) -> Vec<RequestKind> {
    let mut kinds: Vec<RequestKind> =
        requests.frameworks[0].requests.iter().filter(|r| r.control.as_deref() == Some(control)).map(|r| r.kind).collect();
    kinds.sort();
    kinds
}

const POLICY_AND_CONFIGURATION: &str = "- { id: POL, title: Policy set, owner: dana, objectives: [GOV-01], evidence: [\
    { kind: policy, title: Security policy, effective: 2026-01-10, reference: policies/security.md },\
    { kind: configuration, title: Published, effective: 2026-11-01 }] }";

#[test]
fn the_demanded_level_decides_which_rungs_are_asked_for() {
    let hub = hub();
    let implemented = requests_at(&hub, Level::Implemented, &[("GOV-01", "equal")], POLICY_AND_CONFIGURATION);
    assert_eq!(kinds(&implemented, "POL"), [RequestKind::Policy, RequestKind::Configuration]);
    let policy = find(&implemented, "POL", RequestKind::Policy);
    assert_eq!(policy.status, EvidenceStatus::Present);
    assert_eq!(policy.owner.as_deref(), Some("dana"), "the owner is the person to ask");
    assert_eq!(policy.evidence[0].reference.as_deref(), Some("policies/security.md"));
    assert_eq!(policy.evidence[0].effective, date("2026-01-10"));
    assert_eq!(policy.requirements, ["R-1"]);
    assert_eq!(find(&implemented, "POL", RequestKind::Configuration).status, EvidenceStatus::Present);

    let operating = requests_at(&hub, Level::Operating, &[("GOV-01", "equal")], POLICY_AND_CONFIGURATION);
    assert_eq!(kinds(&operating, "POL"), [RequestKind::Policy, RequestKind::Configuration, RequestKind::OperationRecords]);
    let records = find(&operating, "POL", RequestKind::OperationRecords);
    assert_eq!(records.status, EvidenceStatus::Missing, "no record is on file");
    assert_eq!(operating.missing, 1);
    assert_eq!(operating.present, 2);
}

#[test]
fn a_policy_missing_and_a_mechanism_too_old_are_missing_and_stale() {
    let hub = hub();
    let old = "- { id: POL, title: Policy set, owner: dana, objectives: [GOV-01], evidence: [\
        { kind: configuration, title: Published, effective: 2024-01-01 }] }";
    let requests = requests_at(&hub, Level::Implemented, &[("GOV-01", "equal")], old);
    assert_eq!(find(&requests, "POL", RequestKind::Policy).status, EvidenceStatus::Missing);
    let configuration = find(&requests, "POL", RequestKind::Configuration);
    assert_eq!(configuration.status, EvidenceStatus::Stale, "{}", configuration.detail);
    assert!(configuration.detail.contains("older than two"), "{}", configuration.detail);
    assert_eq!(configuration.on_file, 1);
}

#[test]
fn operation_records_are_stale_when_the_latest_interval_has_none_and_present_when_it_has() {
    let hub = hub();
    let with_record = |effective: &str| {
        format!(
            "- {{ id: LOGS, title: Log review, owner: dana, objectives: [LOG-04], operates: weekly, evidence: [\
             {{ kind: configuration, title: SIEM rules, effective: 2026-11-01 }},\
             {{ kind: record, title: Weekly review, effective: {effective} }}] }}"
        )
    };
    let stale = requests_at(&hub, Level::Operating, &[("LOG-04", "equal")], &with_record("2026-11-02"));
    let records = find(&stale, "LOGS", RequestKind::OperationRecords);
    assert_eq!(records.status, EvidenceStatus::Stale, "{}", records.detail);
    assert!(records.detail.contains("2026-11-02"), "names the latest record: {}", records.detail);

    let fresh = requests_at(&hub, Level::Operating, &[("LOG-04", "equal")], &with_record("2026-11-28"));
    assert_eq!(find(&fresh, "LOGS", RequestKind::OperationRecords).status, EvidenceStatus::Present);
}

fn restores(outcome: &str, effective: &str) -> String {
    format!(
        "- {{ id: RESTORE, title: Restore tests, owner: sam, objectives: [BCK-02], systems: [ehr-db, billing-app], operates: quarterly, evidence: [\
         {{ kind: policy, title: Backup policy, effective: 2026-01-10 }},\
         {{ kind: configuration, title: Restore runbook, effective: 2026-11-01 }},\
         {{ kind: record, title: Restore log, effective: 2026-11-15 }},\
         {{ kind: test, title: Quarterly restore, effective: {effective}, outcome: {outcome} }}] }}"
    )
}

#[test]
fn a_recovery_objective_asks_for_a_passing_test_within_cadence() {
    let hub = hub();
    let passed = requests_at(&hub, Level::Operating, &[("BCK-02", "equal")], &restores("pass", "2026-11-20"));
    assert_eq!(find(&passed, "RESTORE", RequestKind::Test).status, EvidenceStatus::Present);

    let failed = requests_at(&hub, Level::Operating, &[("BCK-02", "equal")], &restores("fail", "2026-11-20"));
    let test = find(&failed, "RESTORE", RequestKind::Test);
    assert_eq!(test.status, EvidenceStatus::Missing, "a failed test shows no passing one");
    assert!(test.detail.contains("failed"), "{}", test.detail);

    let old = requests_at(&hub, Level::Operating, &[("BCK-02", "equal")], &restores("pass", "2025-06-01"));
    assert_eq!(find(&old, "RESTORE", RequestKind::Test).status, EvidenceStatus::Stale);

    // Where the framework demands only implemented, no test is asked for.
    let implemented = requests_at(&hub, Level::Implemented, &[("BCK-02", "equal")], &restores("fail", "2026-11-20"));
    assert!(!kinds(&implemented, "RESTORE").contains(&RequestKind::Test));
}

#[test]
fn systems_without_coverage_and_objectives_without_controls_are_asked_for() {
    let hub = hub();
    let ehr_only = "- { id: MFA, title: MFA, owner: dana, objectives: [IAM-07], systems: [ehr-db], evidence: [\
        { kind: configuration, title: Enforced, effective: 2026-11-01 }] }";
    let requests = requests_at(&hub, Level::Implemented, &[("IAM-07", "equal"), ("GOV-01", "intersects")], ehr_only);
    let all = &requests.frameworks[0].requests;
    let systems: Vec<(&str, Option<&str>)> = all
        .iter()
        .filter(|r| r.kind == RequestKind::SystemCoverage)
        .map(|r| (r.system.as_deref().unwrap_or_default(), r.owner.as_deref()))
        .collect();
    assert_eq!(systems, [("billing-app", Some("dana"))], "the out-of-scope website is not asked for");
    let unimplemented: Vec<_> = all.iter().filter(|r| r.kind == RequestKind::Control).collect();
    assert_eq!(unimplemented.len(), 1);
    assert_eq!((unimplemented[0].objective.as_deref(), unimplemented[0].status), (Some("GOV-01"), EvidenceStatus::Missing));

    let everywhere = ehr_only.replace("systems: [ehr-db], ", "");
    let covered = requests_at(&hub, Level::Implemented, &[("IAM-07", "equal")], &everywhere);
    assert!(covered.frameworks[0].requests.iter().all(|r| r.kind != RequestKind::SystemCoverage));
}

#[test]
fn missing_only_keeps_what_is_not_present_and_recounts() {
    let hub = hub();
    let requests = requests_at(&hub, Level::Operating, &[("GOV-01", "equal")], POLICY_AND_CONFIGURATION);
    assert_eq!((requests.total, requests.present, requests.missing), (3, 2, 1));
    let missing = requests.missing_only();
    assert_eq!((missing.total, missing.present, missing.stale, missing.missing), (1, 0, 0, 1));
    assert!(missing.frameworks[0].requests.iter().all(|r| r.status != EvidenceStatus::Present));
}

const SOC2_OBJECTIVES: [ObjectiveSpec; 1] = [("RSK-04", "annual", "annual", false, false)];
const TYPE2: &str = "frameworks: [soc2]\nsoc2: { type: type2, period: { start: 2026-01-01, end: 2026-09-30 } }";

fn soc2_requests(controls: &str) -> EvidenceRequests {
    let hub = hub_of(&SOC2_OBJECTIVES);
    let soc2: Box<dyn FrameworkPlugin> = crosswalk_soc2::plugin().expect("the SOC 2 catalog parses");
    let profile = profile_from(&hub, Parts { scope: TYPE2, controls, ..Parts::default() });
    let report = evaluate(&hub, &profile, &[soc2.as_ref()], date("2026-10-15"));
    evidence_requests(&report, &profile, &[soc2.as_ref()])
}

fn quarterly_reviews(third: &str) -> String {
    format!(
        "- id: FRAUD\n  title: Fraud risk assessment\n  owner: dana\n  objectives: [RSK-04]\n  operates: quarterly\n  evidence:\n    \
         - {{ kind: policy, title: Fraud policy, effective: 2026-01-02 }}\n    \
         - {{ kind: configuration, title: Fraud risk method, effective: 2026-01-05 }}\n    \
         - {{ kind: record, title: Q1 fraud review, effective: 2026-02-10 }}\n    \
         - {{ kind: record, title: Q2 fraud review, effective: 2026-05-12 }}\n    \
         - {{ kind: record, title: Third review, effective: {third} }}\n"
    )
}

#[test]
fn a_soc2_type2_period_names_the_intervals_without_a_record() {
    let gap = soc2_requests(&quarterly_reviews("2026-10-01"));
    let records = find(&gap, "FRAUD", RequestKind::OperationRecords);
    assert_eq!(records.status, EvidenceStatus::Missing);
    let q3 = Span { start: date("2026-07-01"), end: date("2026-09-30") };
    assert_eq!(records.missing_intervals, [q3], "{}", records.detail);
    assert!(records.detail.contains("1 of the 3 quarterly intervals"), "{}", records.detail);
    assert!(records.requirements.contains(&"CC3.3".to_owned()));

    let whole = soc2_requests(&quarterly_reviews("2026-08-20"));
    let records = find(&whole, "FRAUD", RequestKind::OperationRecords);
    assert_eq!((records.status, records.missing_intervals.len()), (EvidenceStatus::Present, 0));
}

fn inherited(covers_end: &str) -> String {
    format!(
        "- id: HOSTING\n  title: Provider controls\n  owner: dana\n  objectives: [RSK-04]\n  inherited:\n    provider: CloudCo\n    attestations:\n      \
         - {{ report: CloudCo SOC 2, attested_on: 2026-10-10, covers: {{ start: 2025-10-01, end: {covers_end} }} }}\n"
    )
}

#[test]
fn an_inherited_control_is_asked_for_its_providers_attestation_over_the_period() {
    let covered = soc2_requests(&inherited("2026-09-30"));
    assert_eq!(kinds(&covered, "HOSTING"), [RequestKind::Attestation], "no policy or records of the provider's own");
    let attestation = find(&covered, "HOSTING", RequestKind::Attestation);
    assert_eq!(attestation.status, EvidenceStatus::Present, "{}", attestation.detail);
    assert_eq!(attestation.evidence[0].through, Some(date("2026-09-30")));

    let short = soc2_requests(&inherited("2026-06-30"));
    let attestation = find(&short, "HOSTING", RequestKind::Attestation);
    assert_eq!(attestation.status, EvidenceStatus::Stale, "{}", attestation.detail);
    assert_eq!(attestation.missing_intervals, [Span { start: date("2026-07-01"), end: date("2026-09-30") }]);
}
