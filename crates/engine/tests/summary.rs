//! The report's summary and due list, the filters applied before rendering and the findings a
//! CI gate counts: each rule firing, and a near miss that must stay quiet.

mod common;

use common::{as_of, date, hub, profile, profile_from, requirement, Parts, TestFramework, SYSTEMS};
use crosswalk_engine::{domain_coverage, evaluate, filter, findings, DueKind, FailOn, Filter, Report};
use crosswalk_model::{Level, Signal};

/// Evaluates the standard organization with `controls` against a framework demanding
/// `operating` of one requirement per objective.
fn report_of(controls: &str) -> Report {
    let hub = hub();
    let requirements: Vec<String> = ["GOV-01", "IAM-07", "BCK-01", "BCK-02", "LOG-04", "INC-01"]
        .iter()
        .map(|objective| requirement(&format!("R-{objective}"), &[(objective, "equal")]))
        .collect();
    let framework = TestFramework::new(&hub, "alpha", &requirements, Level::Operating);
    evaluate(&hub, &profile(&hub, controls), &[&framework], as_of())
}

fn due_of(report: &Report, kind: DueKind) -> Vec<(String, i64)> {
    report.due.iter().filter(|d| d.kind == kind).map(|d| (d.subject.clone(), d.days)).collect()
}

// ---------------------------------------------------------------- due list

#[test]
fn a_review_falls_due_one_cadence_after_the_last_and_an_overdue_one_is_not_listed() {
    let report = report_of(
        "
        - id: SOON
          title: Backups reviewed in October
          owner: sam
          objectives: [BCK-01]
          systems: [ehr-db]
          evidence:
            - { kind: review, title: Backup review, effective: 2026-10-15 }
        - id: OVERDUE
          title: Backups reviewed in August
          owner: sam
          objectives: [BCK-01]
          systems: [ehr-db]
          evidence:
            - { kind: review, title: Backup review, effective: 2026-08-15 }
        - id: LATER
          title: Governance reviewed in June
          owner: dana
          objectives: [GOV-01]
          evidence:
            - { kind: review, title: Annual review, effective: 2026-06-01 }
        ",
    );
    // Quarterly: 92 days after 2026-10-15 is 2027-01-15, 46 days after the as-of date. The
    // August review lapsed on 2026-11-15 (a stale signal, not a due date); the annual one falls
    // due in 2027-06, past the 90-day horizon.
    assert_eq!(due_of(&report, DueKind::Review), vec![("SOON".to_owned(), 46)]);
    let item = report.due.iter().find(|d| d.kind == DueKind::Review).expect("listed");
    assert_eq!((item.due, item.owner.as_deref(), item.tier), (date("2027-01-15"), Some("sam"), Some(1)));
    assert_eq!((report.summary.due_within_30, report.summary.due_within_60, report.summary.due_within_90), (0, 1, 1));
}

#[test]
fn a_test_falls_due_after_the_last_passing_one_and_a_failed_one_sets_no_date() {
    let report = report_of(
        "
        - id: PASSED
          title: Restore drill
          owner: sam
          objectives: [BCK-02]
          systems: [ehr-db]
          evidence:
            - { kind: test, title: Drill, effective: 2026-10-01, outcome: pass }
        - id: FAILED
          title: Restore drill that failed
          owner: sam
          objectives: [BCK-02]
          systems: [ehr-db]
          evidence:
            - { kind: test, title: Drill, effective: 2026-10-01, outcome: fail }
        ",
    );
    assert_eq!(due_of(&report, DueKind::Test), vec![("PASSED".to_owned(), 32)]);
}

#[test]
fn open_exceptions_expiring_within_90_days_are_due_and_closed_ones_are_not() {
    let report = report_of(
        "
        - id: ACCESS
          title: Privileged access
          owner: dana
          objectives: [IAM-07]
          systems: [billing-app]
          exceptions:
            - { id: EXC-1, reason: Vendor break-glass account, approved_by: dana, opened: 2026-09-01, expires: 2026-12-20 }
            - { id: EXC-2, reason: Migration account, approved_by: dana, opened: 2026-09-01, expires: 2026-12-21, closed: 2026-11-01 }
            - { id: EXC-3, reason: Long-running project, approved_by: dana, opened: 2026-09-01, expires: 2027-06-30 }
        ",
    );
    assert_eq!(due_of(&report, DueKind::ExceptionExpiry), vec![("EXC-1".to_owned(), 20)]);
    assert_eq!(report.summary.due_within_30, 1);
}

#[test]
fn a_system_exemption_expiring_within_90_days_is_due_to_the_system_owner() {
    let hub = hub();
    let systems = format!(
        "{SYSTEMS}\n    - id: queue\n      name: Queue\n      owner: lee\n      functions: [billing]\n      exemptions:\n        - {{ objectives: [BCK-02], reason: Replayed from the outbox, approved_by: zoe, expires: 2027-02-01 }}\n        - {{ objectives: [BCK-01], reason: Nothing kept, approved_by: zoe, expires: 2027-03-30 }}\n"
    );
    let profile = profile_from(&hub, Parts { systems: &systems, ..Parts::default() });
    let report = evaluate(&hub, &profile, &[], as_of());
    assert_eq!(due_of(&report, DueKind::ExemptionExpiry), vec![("queue".to_owned(), 63)]);
    let item = &report.due[0];
    assert_eq!((item.owner.as_deref(), item.system.as_deref(), item.tier), (Some("lee"), Some("queue"), Some(2)));
}

#[test]
fn an_attestation_is_due_for_renewal_12_months_after_the_span_it_covers() {
    let inherited = |id: &str, end: &str, attested: &str| {
        format!(
            "- id: {id}\n  title: Hosting\n  owner: sam\n  objectives: [BCK-01]\n  systems: [ehr-db]\n  inherited:\n    provider: cloud\n    attestations:\n      - {{ report: SOC 2 Type 2, attested_on: {attested}, covers: {{ start: 2025-01-01, end: {end} }} }}\n"
        )
    };
    // Covered up to 2025-12-31: relied on until 366 days later, 2027-01-01. A report issued
    // after the as-of date is not known yet.
    let report = report_of(&(inherited("FRESH", "2025-12-31", "2026-02-01") + &inherited("UNKNOWN", "2025-12-31", "2026-12-15")));
    assert_eq!(due_of(&report, DueKind::AttestationRenewal), vec![("FRESH".to_owned(), 32)]);
}

#[test]
fn a_hipaa_decision_review_is_due_only_when_hipaa_is_evaluated() {
    let hub = hub();
    let scope = "
        frameworks: [hipaa]
        hipaa:
          role: covered-entity
          addressable:
            - specification: 164.312(a)(2)(iv)
              decision: not-reasonable
              rationale: Full-disk encryption is provided by the platform.
              decided_by: zoe
              decided_on: 2026-01-10
              review_by: 2027-01-10
            - specification: 164.312(e)(2)(ii)
              decision: not-reasonable
              rationale: No transmission outside the private network.
              decided_by: zoe
              decided_on: 2026-01-10
              review_by: 2027-06-10
    ";
    let profile = profile_from(&hub, Parts { scope, ..Parts::default() });
    let without = evaluate(&hub, &profile, &[], as_of());
    assert!(due_of(&without, DueKind::DecisionReview).is_empty());
    let plugin = crosswalk_hipaa::plugin().expect("the HIPAA plugin loads");
    let with = evaluate(&hub, &profile, &[plugin.as_ref()], as_of());
    assert_eq!(due_of(&with, DueKind::DecisionReview), vec![("164.312(a)(2)(iv)".to_owned(), 41)]);
    assert_eq!(with.due[0].owner.as_deref(), Some("zoe"));
}

// ---------------------------------------------------------------- summary

const TWO_OWNERS: &str = "
    - id: BACKUPS
      title: Backups
      owner: sam
      objectives: [BCK-01]
      systems: [ehr-db]
      failure_response: { runbook: runbooks/backup.md, decider: sam }
      evidence:
        - { kind: configuration, title: Backup plan, effective: 2026-09-01 }
        - { kind: record, title: Backup jobs, effective: 2026-11-20 }
        - { kind: review, title: Backup review, effective: 2026-10-15 }
    - id: MFA
      title: Multi-factor authentication
      owner: dana
      objectives: [IAM-07]
      systems: [billing-app]
      evidence:
        - { kind: policy, title: Access policy, effective: 2026-01-10 }
";

#[test]
fn the_summary_has_one_line_per_framework_and_the_tier1_decisions_by_decider() {
    let report = report_of(TWO_OWNERS);
    let line = &report.summary.frameworks[0];
    assert_eq!((line.id.as_str(), line.applicable), ("alpha", 6));
    assert_eq!(line.partial + line.unmet + report.frameworks[0].coverage.met + report.frameworks[0].coverage.alternative, 6);
    // BACKUPS protects tier-1 clinical records: its unrehearsed signal is a tier-1 decision of
    // sam's. MFA protects tier-2 billing: not in the tier-1 summary.
    let sam = report.summary.tier1_decisions.iter().find(|d| d.decider.as_deref() == Some("sam")).expect("sam owes tier-1 decisions");
    assert!(sam.top.iter().any(|t| t == "unrehearsed BACKUPS"), "{:?}", sam.top);
    assert!(report.summary.tier1_decisions.iter().flat_map(|d| &d.top).all(|t| !t.ends_with(" MFA")));
    let tier1_items = report.agenda.iter().flat_map(|g| &g.items).filter(|i| i.tier == Some(1)).count();
    assert_eq!(report.summary.tier1_decisions.iter().map(|d| d.count).sum::<usize>(), tier1_items);
}

// ---------------------------------------------------------------- heatmap

/// Two requirements in the GOV domain (one met by an operating policy control, one open) beside
/// TWO_OWNERS' backup and access controls.
const GOVERNED: &str = "
    - id: POLICY
      title: Security policy
      owner: dana
      objectives: [GOV-01]
      evidence:
        - { kind: policy, title: Security policy, effective: 2026-09-01 }
        - { kind: configuration, title: Policy portal, effective: 2026-09-01 }
        - { kind: record, title: Policy acknowledgements, effective: 2026-11-20 }
        - { kind: review, title: Policy review, effective: 2026-10-15 }
";

#[test]
fn the_heatmap_counts_each_requirement_in_the_domains_of_its_objectives() {
    let hub = hub();
    let report = report_of(&format!("{TWO_OWNERS}{GOVERNED}"));
    let rows = domain_coverage(&report, &hub);
    assert_eq!(rows.len(), hub.domains.len(), "every hub domain has a row");
    assert!(rows.iter().all(|row| row.cells.len() == 1 && row.cells[0].framework == "alpha"), "one cell per framework");
    let cell = |domain: &str| rows.iter().find(|row| row.domain == domain).expect("domain row").cells[0].coverage.clone();
    // POLICY operates for GOV-01: its one requirement is met.
    let governance = cell("GOV");
    assert_eq!((governance.applicable, governance.met, governance.percent_met), (1, 1, 100));
    // BACKUPS only partly covers BCK-01; nothing covers the recovery objective BCK-02.
    let backups = cell("BCK");
    assert_eq!((backups.applicable, backups.met, backups.partial, backups.unmet, backups.percent_met), (2, 0, 1, 1, 0));
    // No requirement maps onto a risk objective: an empty cell, not a 0% one.
    assert_eq!((cell("RSK").total, cell("RSK").applicable), (0, 0));
    assert_eq!(rows.iter().map(|row| row.cells[0].coverage.total).sum::<usize>(), 6, "each requirement counts in its one domain");
}

#[test]
fn the_heatmap_follows_a_filtered_report() {
    let hub = hub();
    let kept = filter(report_of(&format!("{TWO_OWNERS}{GOVERNED}")), &Filter { owner: Some("sam".into()), ..Filter::default() });
    let requirements = requirement_ids(&kept);
    assert!(requirements.len() < 6, "the filter dropped requirements: {requirements:?}");
    for row in domain_coverage(&kept, &hub) {
        let kept_here = requirements.iter().filter(|id| id.starts_with(&format!("R-{}-", row.domain))).count();
        assert_eq!(row.cells[0].coverage.total, kept_here, "{}", row.domain);
    }
}

// ---------------------------------------------------------------- filters

fn control_ids(report: &Report) -> Vec<&str> {
    report.controls.iter().map(|c| c.id.as_str()).collect()
}

fn requirement_ids(report: &Report) -> Vec<&str> {
    report.frameworks.iter().flat_map(|f| &f.requirements).map(|r| r.id.as_str()).collect()
}

#[test]
fn an_empty_filter_keeps_everything() {
    let report = report_of(TWO_OWNERS);
    let kept = filter(report.clone(), &Filter::default());
    assert_eq!(serde_json::to_string(&kept).expect("json"), serde_json::to_string(&report).expect("json"));
}

#[test]
fn the_owner_filter_keeps_the_persons_controls_and_what_concerns_them() {
    let report = report_of(TWO_OWNERS);
    let kept = filter(report.clone(), &Filter { owner: Some("sam".into()), ..Filter::default() });
    assert_eq!(control_ids(&kept), ["BACKUPS"]);
    // R-BCK-01 through the control sam owns; R-IAM-07 through the scope gap of ehr-db, sam's
    // system, which no MFA control covers.
    assert_eq!(requirement_ids(&kept), ["R-IAM-07", "R-BCK-01"]);
    assert_eq!(kept.frameworks[0].coverage.total, 2);
    assert_eq!(kept.summary.frameworks[0].applicable, 2);
    let items: Vec<_> = kept.agenda.iter().flat_map(|g| &g.items).collect();
    assert!(items.iter().all(|i| i.owner.as_deref() == Some("sam")));
    assert!(items.iter().any(|i| i.signal == Signal::ScopeGap && i.system.as_deref() == Some("ehr-db")), "{items:#?}");
    assert!(kept.due.iter().all(|d| d.owner.as_deref() == Some("sam")) && !kept.due.is_empty());
    assert!(kept.leverage.iter().all(|l| l.control == "BACKUPS"));
    // A scope gap is about a system: it is kept for the system's owner.
    let dana = filter(report.clone(), &Filter { owner: Some("dana".into()), ..Filter::default() });
    let items: Vec<_> = dana.agenda.iter().flat_map(|g| &g.items).collect();
    assert!(items.iter().any(|i| i.signal == Signal::ScopeGap && i.system.as_deref() == Some("billing-app")), "{items:#?}");
    assert!(items.iter().all(|i| i.owner.as_deref() == Some("dana")));
    let nobody = filter(report.clone(), &Filter { owner: Some("lee".into()), ..Filter::default() });
    assert!(control_ids(&nobody).is_empty() && requirement_ids(&nobody).is_empty() && nobody.agenda.is_empty());
}

#[test]
fn the_decider_filter_keeps_the_persons_agenda_group() {
    let report = report_of(TWO_OWNERS);
    let kept = filter(report.clone(), &Filter { decider: Some("sam".into()), ..Filter::default() });
    assert!(!kept.agenda.is_empty());
    assert!(kept.agenda.iter().all(|g| g.decider.as_deref() == Some("sam")));
    assert!(control_ids(&kept).iter().all(|c| *c == "BACKUPS"));
    assert!(!requirement_ids(&kept).contains(&"R-IAM-07"));
}

#[test]
fn the_signal_filter_keeps_what_raises_it() {
    let report = report_of(TWO_OWNERS);
    let kept = filter(report.clone(), &Filter { signal: Some(Signal::DocumentationOnly), ..Filter::default() });
    assert_eq!(control_ids(&kept), ["MFA"]);
    assert!(kept.agenda.iter().flat_map(|g| &g.items).all(|i| i.signal == Signal::DocumentationOnly));
    assert_eq!(requirement_ids(&kept), ["R-IAM-07"]);
    let none = filter(report.clone(), &Filter { signal: Some(Signal::Divergent), ..Filter::default() });
    assert!(none.controls.is_empty() && none.agenda.is_empty() && requirement_ids(&none).is_empty());
}

#[test]
fn the_tier_filter_keeps_what_concerns_functions_of_that_tier() {
    let report = report_of(TWO_OWNERS);
    let tier2 = filter(report.clone(), &Filter { tier: Some(2), ..Filter::default() });
    assert_eq!(control_ids(&tier2), ["MFA"]);
    assert!(tier2.agenda.iter().flat_map(|g| &g.items).all(|i| i.tier == Some(2)));
    assert!(tier2.summary.tier1_decisions.is_empty());
    let tier1 = filter(report.clone(), &Filter { tier: Some(1), ..Filter::default() });
    assert_eq!(control_ids(&tier1), ["BACKUPS"]);
}

#[test]
fn filters_combine_with_and() {
    let report = report_of(TWO_OWNERS);
    let kept = filter(report.clone(), &Filter { owner: Some("sam".into()), tier: Some(2), ..Filter::default() });
    assert!(kept.controls.is_empty() && kept.agenda.is_empty());
}

// ---------------------------------------------------------------- findings

#[test]
fn findings_count_unmet_partial_and_governance_by_tier() {
    let report = report_of(TWO_OWNERS);
    let requirements = || report.frameworks.iter().flat_map(|f| &f.requirements);
    let unmet = requirements().filter(|r| r.baseline == crosswalk_model::Verdict::Unmet).count();
    let partial = requirements().filter(|r| r.baseline == crosswalk_model::Verdict::Partial).count();
    assert_eq!(findings(&report, FailOn::Unmet), unmet);
    assert_eq!(findings(&report, FailOn::Partial), unmet + partial);
    let items: Vec<_> = report.agenda.iter().flat_map(|g| &g.items).collect();
    assert_eq!(findings(&report, FailOn::Governance(None)), items.len());
    assert_eq!(findings(&report, FailOn::Governance(Some(1))), items.iter().filter(|i| i.tier == Some(1)).count());
    assert!(findings(&report, FailOn::Governance(Some(1))) < findings(&report, FailOn::Governance(Some(2))));
    // A clean report: nothing evaluated, nothing owed.
    let empty = filter(report.clone(), &Filter { owner: Some("lee".into()), ..Filter::default() });
    for fail_on in [FailOn::Unmet, FailOn::Partial, FailOn::Governance(None)] {
        assert_eq!(findings(&empty, fail_on), 0);
    }
}

#[test]
fn the_framework_filter_keeps_its_requirements_and_the_controls_serving_them() {
    let hub = hub();
    let alpha = TestFramework::new(&hub, "alpha", &[requirement("A-1", &[("BCK-01", "equal")])], Level::Operating);
    let beta = TestFramework::new(
        &hub,
        "beta",
        &[requirement("B-1", &[("IAM-07", "equal")]), requirement("B-2", &[("LOG-04", "equal")])],
        Level::Operating,
    );
    let report = evaluate(&hub, &profile(&hub, TWO_OWNERS), &[&alpha, &beta], as_of());
    let kept = filter(report.clone(), &Filter { frameworks: vec!["beta".into()], ..Filter::default() });
    assert_eq!(kept.frameworks.iter().map(|f| f.id.as_str()).collect::<Vec<_>>(), ["beta"]);
    // B-2 has no control: an open requirement is kept all the same.
    assert_eq!(requirement_ids(&kept), ["B-1", "B-2"]);
    assert_eq!(control_ids(&kept), ["MFA"]);
    assert!(kept.due.iter().all(|d| d.control.as_deref() != Some("BACKUPS")));
    assert!(kept.agenda.iter().flat_map(|g| &g.items).all(|i| i.requirements.iter().any(|r| r.starts_with("beta:"))));
    assert_eq!(kept.summary.frameworks.len(), 1);
}
