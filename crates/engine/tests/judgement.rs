//! The judgement rules an auditor would sign, each shown firing and in a near miss: time read
//! as the framework reads it, attestations over the span they cover, the latest test, evidence
//! that expires, lapsed controls, coverage per system with kinds and exemptions, HIPAA decisions
//! and standards, and the agenda's severity. Rules are those of docs/profile.md.

mod common;

use common::{
    as_of, assess_one, date, has, hub, hub_of, marker, profile, profile_from, requirement, requirement_result, ObjectiveSpec, Parts,
    TestFramework, SYSTEMS,
};
use crosswalk_engine::{evaluate, Rating, Report};
use crosswalk_model::{Hub, Level, Signal, Verdict};
use crosswalk_plugin_api::FrameworkPlugin;

fn run(plugin: &dyn FrameworkPlugin, hub: &Hub, scope: &str, controls: &str, on: &str) -> Report {
    let profile = profile_from(hub, Parts { scope, controls, ..Parts::default() });
    evaluate(hub, &profile, &[plugin], date(on))
}

/// The coverage of `objective` within a requirement's result.
fn objective<'r>(report: &'r Report, framework: &str, requirement: &str, objective: &str) -> &'r crosswalk_engine::ObjectiveCoverage {
    let result = requirement_result(report, framework, requirement);
    result.objectives.iter().find(|o| o.objective == objective).unwrap_or_else(|| panic!("{requirement} maps {objective}"))
}

// ---------------------------------------------------------------- SOC 2 time

const SOC2_OBJECTIVES: [ObjectiveSpec; 1] = [("IAM-05", "quarterly", "annual", false, false)];

fn soc2() -> Box<dyn FrameworkPlugin> {
    crosswalk_soc2::plugin().expect("the SOC 2 catalog parses")
}

/// A quarterly access review with a record in each of `quarters` (effective dates).
fn access_review(records: &[&str]) -> String {
    let mut text = String::from(
        "- id: ACCESS-REVIEW\n  title: Quarterly access review\n  owner: dana\n  objectives: [IAM-05]\n  operates: quarterly\n  evidence:\n    \
         - { kind: configuration, title: Review procedure in the IAM tool, effective: 2026-01-05 }\n",
    );
    for record in records {
        text += &format!("    - {{ kind: record, title: Access review, effective: {record} }}\n");
    }
    text
}

#[test]
fn a_soc2_type2_period_is_judged_at_its_end_not_at_the_run_date() {
    let (hub, soc2) = (hub_of(&SOC2_OBJECTIVES), soc2());
    let first_half = "frameworks: [soc2]\nsoc2: { type: type2, period: { start: 2026-01-01, end: 2026-06-30 } }";
    // Reviews in both quarters of the period; the report runs in November, when the control no
    // longer operates, and the criterion is still met: the period is what counts.
    let report = run(soc2.as_ref(), &hub, first_half, &access_review(&["2026-02-10", "2026-05-12"]), "2026-11-30");
    assert!(common::control(&report, "ACCESS-REVIEW").level < Level::Operating, "not operating in November");
    assert!(objective(&report, "soc2", "CC6.3", "IAM-05").satisfied);
    // Near miss: no record in Q2 leaves the period short, naming the quarter.
    let short = run(soc2.as_ref(), &hub, first_half, &access_review(&["2026-02-10"]), "2026-11-30");
    let reviews = objective(&short, "soc2", "CC6.3", "IAM-05");
    assert!(!reviews.satisfied);
    assert!(reviews.shortfall.as_deref().unwrap_or_default().contains("2026-04-01..2026-06-30"), "{:?}", reviews.shortfall);
}

#[test]
fn a_soc2_type1_report_speaks_for_its_own_date() {
    let (hub, soc2) = (hub_of(&SOC2_OBJECTIVES), soc2());
    let configured_in_july = "- { id: ACCESS-REVIEW, title: Access review, owner: dana, objectives: [IAM-05], evidence: [{ kind: configuration, title: Procedure, effective: 2026-07-01 }] }";
    let june = "frameworks: [soc2]\nsoc2: { type: type1, as_of: 2026-06-30 }";
    let report = run(soc2.as_ref(), &hub, june, configured_in_july, "2026-11-30");
    assert!(report.frameworks[0].scope.contains("Type 1 as of 2026-06-30"), "{}", report.frameworks[0].scope);
    assert!(!objective(&report, "soc2", "CC6.3", "IAM-05").satisfied, "nothing was in place on the report date");
    let september = "frameworks: [soc2]\nsoc2: { type: type1, as_of: 2026-09-30 }";
    let report = run(soc2.as_ref(), &hub, september, configured_in_july, "2026-11-30");
    assert!(objective(&report, "soc2", "CC6.3", "IAM-05").satisfied);
}

// ---------------------------------------------------------------- attestations

fn inherited_review(attestations: &str, complementary: &str) -> String {
    format!(
        "- id: IDP-REVIEW\n  title: Access reviews run by the provider\n  owner: dana\n  objectives: [IAM-05]\n  inherited:\n    provider: Okta\n    attestations: {attestations}\n{complementary}"
    )
}

#[test]
fn a_soc2_type2_period_the_providers_attestations_do_not_cover_is_a_named_gap() {
    let (hub, soc2) = (hub_of(&SOC2_OBJECTIVES), soc2());
    let type2 = "frameworks: [soc2]\nsoc2: { type: type2, period: { start: 2026-01-01, end: 2026-09-30 } }";
    let report_only = "[{ report: SOC 2 Type 2, attested_on: 2026-08-01, covers: { start: 2025-07-01, end: 2026-06-30 } }]";
    let report = run(soc2.as_ref(), &hub, type2, &inherited_review(report_only, ""), "2026-11-30");
    let reviews = objective(&report, "soc2", "CC6.3", "IAM-05");
    assert!(!reviews.satisfied);
    let shortfall = reviews.shortfall.as_deref().unwrap_or_default();
    assert!(shortfall.contains("2026-07-01..2026-09-30") && shortfall.contains("bridge letter"), "{shortfall}");

    let with_bridge = "[{ report: SOC 2 Type 2, attested_on: 2026-08-01, covers: { start: 2025-07-01, end: 2026-06-30 } }, \
                       { report: Bridge letter, attested_on: 2026-10-05, covers: { start: 2026-07-01, end: 2026-09-30 } }]";
    let report = run(soc2.as_ref(), &hub, type2, &inherited_review(with_bridge, ""), "2026-11-30");
    assert!(objective(&report, "soc2", "CC6.3", "IAM-05").satisfied);
}

#[test]
fn complementary_controls_not_in_place_are_named_on_the_inherited_marker() {
    let attestation = "[{ report: SOC 2 Type 2, attested_on: 2026-08-01, covers: { start: 2025-07-01, end: 2026-06-30 } }]";
    let cuec = "- { id: ADMINS, title: Admin restriction, owner: dana, objectives: [GOV-01], evidence: [EVIDENCE] }\n";
    let with = |evidence: &str| {
        inherited_review(
            attestation,
            "    complementary_controls:\n      - { description: Customers restrict administrators., controls: [ADMINS] }\n",
        ) + &cuec.replace("EVIDENCE", evidence)
    };
    let hub = hub_of(&[("IAM-05", "quarterly", "annual", false, false), ("GOV-01", "annual", "annual", false, false)]);
    let weak = evaluate(&hub, &profile(&hub, &with("{ kind: policy, title: Admin policy, effective: 2026-01-10 }")), &[], as_of());
    let reason = &marker(common::control(&weak, "IDP-REVIEW"), Signal::Inherited).expect("inherited fires").reason;
    assert!(reason.contains("Customers restrict administrators.") && reason.contains("ADMINS at documented"), "{reason}");
    let strong = evaluate(&hub, &profile(&hub, &with("{ kind: configuration, title: Admin group, effective: 2026-11-01 }")), &[], as_of());
    let reason = &marker(common::control(&strong, "IDP-REVIEW"), Signal::Inherited).expect("inherited fires").reason;
    assert!(!reason.contains("complementary"), "{reason}");
}

// ---------------------------------------------------------------- tests, freshness, lapses

/// An MFA control for billing-app, monthly, quarterly tests, recent records, with `tests`.
fn mfa_with_tests(tests: &[(&str, &str)]) -> String {
    let mut text = String::from(
        "- id: MFA\n  title: MFA\n  owner: dana\n  objectives: [IAM-07]\n  systems: [billing-app]\n  operates: monthly\n  evidence:\n    \
         - { kind: configuration, title: MFA enforced, effective: 2026-09-01 }\n    \
         - { kind: record, title: Sign-in report, effective: 2026-10-15 }\n    \
         - { kind: record, title: Sign-in report, effective: 2026-11-15 }\n",
    );
    for (effective, outcome) in tests {
        text += &format!("    - {{ kind: test, title: Bypass attempt, effective: {effective}, outcome: {outcome} }}\n");
    }
    text
}

#[test]
fn a_failed_test_after_a_pass_revokes_verified_until_a_later_pass() {
    let failed_after_pass = assess_one(&mfa_with_tests(&[("2026-09-15", "pass"), ("2026-10-20", "fail")]));
    assert_eq!(failed_after_pass.level, Level::Operating);
    let failing = marker(&failed_after_pass, Signal::Failing).expect("failing fires");
    assert!(failing.reason.contains("2026-10-20") && failing.reason.contains("last passed on 2026-09-15"), "{}", failing.reason);

    let passed_after_fail = assess_one(&mfa_with_tests(&[("2026-09-15", "fail"), ("2026-10-20", "pass")]));
    assert_eq!(passed_after_fail.level, Level::Verified);
    assert!(!has(&passed_after_fail, Signal::Failing));
}

#[test]
fn a_retest_on_the_same_day_listed_after_the_failure_counts() {
    let retested = assess_one(&mfa_with_tests(&[("2026-10-20", "fail"), ("2026-10-20", "pass")]));
    assert_eq!(retested.level, Level::Verified);
    assert!(!has(&assess_one(&mfa_with_tests(&[("2026-10-20", "fail"), ("2026-10-20", "pass")])), Signal::Failing));
    assert!(has(&assess_one(&mfa_with_tests(&[("2026-10-20", "pass"), ("2026-10-20", "fail")])), Signal::Failing));
}

/// A restore drill for ehr-db (tier 1, RTO 4h, RPO 15m) that met both objectives on `tested`.
fn restore_drill(tested: &str) -> String {
    format!(
        "- id: RESTORES\n  title: Restore drill\n  owner: sam\n  objectives: [BCK-02]\n  systems: [ehr-db]\n  failure_response: {{ runbook: r.md, decider: sam }}\n  evidence:\n    \
         - {{ kind: configuration, title: Drill runbook, effective: 2026-09-01 }}\n    \
         - {{ kind: record, title: Drill log, effective: 2026-11-10 }}\n    \
         - {{ kind: test, title: Restore of ehr-db, effective: {tested}, outcome: pass, recovery: {{ rto: 2h, rpo: 5m }} }}\n"
    )
}

#[test]
fn recovery_figures_prove_recovery_only_from_a_test_within_the_test_cadence() {
    let outdated = assess_one(&restore_drill("2026-05-01"));
    let unproven = marker(&outdated, Signal::RecoveryUnproven).expect("an old test proves nothing today");
    assert!(unproven.reason.contains("outside its quarterly test cadence"), "{}", unproven.reason);
    assert!(!has(&assess_one(&restore_drill("2026-10-01")), Signal::RecoveryUnproven));
}

#[test]
fn implemented_lapses_when_its_evidence_is_older_than_two_review_cadences_without_a_later_review() {
    // IAM-07 is reviewed quarterly: 2 x 92 days keep a configuration alive.
    let control = |evidence: &str| {
        format!("- {{ id: MFA, title: MFA, owner: dana, objectives: [IAM-07], evidence: [{{ kind: policy, title: Policy, effective: 2025-01-10 }}, {evidence}] }}")
    };
    let old = assess_one(&control("{ kind: configuration, title: MFA enforced, effective: 2026-05-01 }"));
    assert_eq!(old.level, Level::Documented);
    assert!(
        old.short_of_next.as_deref().unwrap_or_default().contains("older than two quarterly review cadences"),
        "{:?}",
        old.short_of_next
    );
    let fresh = assess_one(&control("{ kind: configuration, title: MFA enforced, effective: 2026-06-01 }"));
    assert_eq!(fresh.level, Level::Implemented);
    let reviewed = assess_one(&control(
        "{ kind: configuration, title: MFA enforced, effective: 2025-02-01 }, { kind: review, title: MFA settings review, effective: 2026-10-01 }",
    ));
    assert!(reviewed.level >= Level::Implemented, "a later review keeps it alive");
}

/// A quarterly vulnerability scan of ehr-db with records on `records`.
fn quarterly_scan(records: &[&str]) -> String {
    let mut text = String::from(
        "- id: SCANS\n  title: Vulnerability scans\n  owner: dana\n  objectives: [IAM-07]\n  systems: [ehr-db]\n  operates: quarterly\n  evidence:\n    \
         - { kind: configuration, title: Scanner, effective: 2026-08-01 }\n",
    );
    for record in records {
        text += &format!("    - {{ kind: record, title: Scan, effective: {record} }}\n");
    }
    text
}

#[test]
fn a_control_that_ran_before_but_skipped_its_latest_complete_interval_has_lapsed() {
    // As of 2026-11-30 the latest complete quarter is Q3.
    let skipped = assess_one(&quarterly_scan(&["2026-03-10", "2026-06-10"]));
    let lapsed = marker(&skipped, Signal::Lapsed).expect("lapsed fires");
    assert!(lapsed.reason.contains("2026-07-01..2026-09-30") && lapsed.reason.contains("2026-06-10"), "{}", lapsed.reason);
    assert_eq!((lapsed.decider.as_deref(), lapsed.tier), (Some("dana"), Some(1)));
    assert!(!has(&assess_one(&quarterly_scan(&["2026-03-10", "2026-06-10", "2026-09-10"])), Signal::Lapsed));
    // A control that never ran has not stopped running: other signals speak for it.
    assert!(!has(&assess_one(&quarterly_scan(&[])), Signal::Lapsed));
}

// ---------------------------------------------------------------- coverage per system

const BACKUP_HUB: [ObjectiveSpec; 1] = [("BCK-01", "quarterly", "quarterly", true, false)];

fn backups(systems: &str, config_date: &str) -> String {
    format!(
        "- {{ id: BACKUPS-{systems}, title: Backups, owner: sam, objectives: [BCK-01], systems: [{systems}], evidence: [{{ kind: configuration, title: Backup plan, effective: {config_date} }}] }}\n"
    )
}

fn backup_framework(hub: &Hub) -> TestFramework {
    TestFramework::new(hub, "alpha", &[requirement("R-BACKUP", &[("BCK-01", "equal")])], Level::Implemented)
}

#[test]
fn a_system_level_objective_is_met_only_when_every_in_scope_system_that_needs_it_is_covered() {
    let hub = hub_of(&BACKUP_HUB);
    let framework = backup_framework(&hub);
    let one_covered = backups("ehr-db", "2026-10-01") + &backups("billing-app", "2025-01-01");
    let report = evaluate(&hub, &profile(&hub, &one_covered), &[&framework], as_of());
    let result = requirement_result(&report, "alpha", "R-BACKUP");
    assert_eq!(result.baseline, Verdict::Partial, "another system's control does not hide billing-app");
    assert_eq!(result.objectives[0].uncovered_systems, ["billing-app"]);
    assert!(result.reason.contains("billing-app (BACKUPS-billing-app at none"), "{}", result.reason);

    let both = backups("ehr-db", "2026-10-01") + &backups("billing-app", "2026-10-01");
    let report = evaluate(&hub, &profile(&hub, &both), &[&framework], as_of());
    assert_eq!(requirement_result(&report, "alpha", "R-BACKUP").baseline, Verdict::Met);
}

#[test]
fn a_system_needs_only_the_objectives_that_apply_to_its_kind() {
    let hub: Hub = crosswalk_model::yaml::parse(
        "version: test\ndomains: [{ id: BCK, title: BCK, description: d }, { id: GOV, title: GOV, description: d }, { id: IAM, title: IAM, description: d }, \
         { id: INC, title: INC, description: d }, { id: RSK, title: RSK, description: d }]\nobjectives:\n  \
         - { id: BCK-01, domain: BCK, title: Backups, description: d, verified_when: d, review_cadence: quarterly, test_cadence: quarterly, system_level: true, recovery: false, applies_to: [data-store] }\n",
    )
    .expect("test hub parses");
    let framework = backup_framework(&hub);
    let kinds = |billing_kind: &str| {
        let systems = SYSTEMS.replace("owner: dana, functions: [billing]", &format!("owner: dana, functions: [billing]{billing_kind}"));
        let systems = systems.replace("{ id: ehr-db, name: EHR database,", "{ id: ehr-db, name: EHR database, kind: data-store,");
        profile_from(
            &hub,
            Parts {
                systems: Box::leak(systems.into_boxed_str()),
                controls: Box::leak(backups("ehr-db", "2026-10-01").into_boxed_str()),
                ..Parts::default()
            },
        )
    };
    let endpoint = evaluate(&hub, &kinds(", kind: endpoint"), &[&framework], as_of());
    assert_eq!(requirement_result(&endpoint, "alpha", "R-BACKUP").baseline, Verdict::Met, "an endpoint needs no database backup");
    // A system without a kind needs every system-level objective: the safe default.
    let unknown = evaluate(&hub, &kinds(""), &[&framework], as_of());
    assert_eq!(requirement_result(&unknown, "alpha", "R-BACKUP").baseline, Verdict::Partial);
}

fn exempt_billing(exemption: &str) -> Parts<'static> {
    let systems = SYSTEMS.replace(
        "{ id: billing-app, name: Billing application, owner: dana, functions: [billing] }",
        &format!("{{ id: billing-app, name: Billing application, owner: dana, functions: [billing], exemptions: [{exemption}] }}"),
    );
    Parts {
        systems: Box::leak(systems.into_boxed_str()),
        controls: Box::leak(backups("ehr-db", "2026-10-01").into_boxed_str()),
        ..Parts::default()
    }
}

#[test]
fn an_approved_unexpired_exemption_ends_the_gap_and_is_owned_by_its_approver() {
    let hub = hub_of(&BACKUP_HUB);
    let framework = backup_framework(&hub);
    let approved = "{ objectives: [BCK-01], reason: 'Stateless, rebuilt from code', approved_by: sam, expires: 2027-03-31 }";
    let report = evaluate(&hub, &profile_from(&hub, exempt_billing(approved)), &[&framework], as_of());
    let result = requirement_result(&report, "alpha", "R-BACKUP");
    assert_eq!(result.baseline, Verdict::Met);
    let exempted = result.governance.iter().find(|m| m.signal == Signal::Exempted).expect("the exemption shows");
    assert_eq!((exempted.decider.as_deref(), exempted.system.as_deref()), (Some("sam"), Some("billing-app")));
    assert!(exempted.reason.contains("2027-03-31") && exempted.reason.contains("Stateless"), "{}", exempted.reason);
    assert!(!result.governance.iter().any(|m| m.signal == Signal::ScopeGap));
}

#[test]
fn an_expired_or_unapproved_exemption_leaves_the_gap_and_raises_exceptions() {
    let hub = hub_of(&BACKUP_HUB);
    let framework = backup_framework(&hub);
    for (exemption, why) in [
        ("{ objectives: [BCK-01], reason: Stateless, approved_by: sam, expires: 2026-10-31 }", "expired on 2026-10-31"),
        ("{ objectives: [BCK-01], reason: Stateless, expires: 2027-03-31 }", "has no approver"),
    ] {
        let report = evaluate(&hub, &profile_from(&hub, exempt_billing(exemption)), &[&framework], as_of());
        let result = requirement_result(&report, "alpha", "R-BACKUP");
        assert_eq!(result.baseline, Verdict::Partial, "{why}");
        let exceptions = result.governance.iter().find(|m| m.signal == Signal::Exceptions).expect("exceptions fires");
        assert!(exceptions.reason.contains(why), "{}", exceptions.reason);
        assert!(result.governance.iter().any(|m| m.signal == Signal::ScopeGap));
    }
}

#[test]
fn a_systems_scope_gaps_are_one_agenda_item_routed_to_an_owner_with_authority() {
    let hub = hub_of(&[("BCK-01", "quarterly", "quarterly", true, false), ("BCK-03", "quarterly", "quarterly", true, false)]);
    let framework = TestFramework::new(
        &hub,
        "alpha",
        &[requirement("R-BACKUP", &[("BCK-01", "equal")]), requirement("R-COPIES", &[("BCK-03", "equal")])],
        Level::Implemented,
    );
    let controls = "- { id: BACKUPS, title: Backups, owner: sam, objectives: [BCK-01, BCK-03], systems: [billing-app], evidence: [{ kind: configuration, title: Plan, effective: 2026-10-01 }] }";
    // ehr-db's owner sam decides for BCK: the item is his.
    let report = evaluate(&hub, &profile(&hub, controls), &[&framework], as_of());
    let gaps: Vec<_> = report
        .agenda
        .iter()
        .flat_map(|g| g.items.iter().map(move |i| (g.decider.clone(), i)))
        .filter(|(_, i)| i.signal == Signal::ScopeGap)
        .collect();
    assert_eq!(gaps.len(), 1, "one item per system");
    let (decider, item) = &gaps[0];
    assert_eq!((decider.as_deref(), item.system.as_deref()), (Some("sam"), Some("ehr-db")));
    assert_eq!(item.objectives, ["BCK-01", "BCK-03"]);
    assert_eq!(item.requirements, ["alpha:R-BACKUP", "alpha:R-COPIES"]);
    assert_eq!(item.severity.open_requirements, 2);
    // Near miss: an owner without authority over BCK leaves the item without a decider.
    let lee_owns = Parts { systems: "- { id: ehr-db, name: EHR database, owner: lee, functions: [clinical] }\n- { id: billing-app, name: Billing application, owner: dana, functions: [billing] }", controls, ..Parts::default() };
    let report = evaluate(&hub, &profile_from(&hub, lee_owns), &[&framework], as_of());
    let nobody = report.agenda.iter().find(|g| g.decider.is_none()).expect("a no-decider group");
    let item = nobody.items.iter().find(|i| i.signal == Signal::ScopeGap).expect("the scope gap is there");
    assert!(item.reason.contains("owner lee has no authority over BCK (who has: sam, zoe)"), "{}", item.reason);
}

// ---------------------------------------------------------------- HIPAA

const HIPAA_OBJECTIVES: [ObjectiveSpec; 4] = [
    ("IAM-09", "annual", "annual", true, false),
    ("BCK-01", "quarterly", "quarterly", true, false),
    ("RSK-01", "annual", "annual", false, false),
    ("RSK-02", "annual", "annual", false, false),
];

fn hipaa() -> Box<dyn FrameworkPlugin> {
    crosswalk_hipaa::plugin().expect("the HIPAA catalog parses")
}

const AUTOMATIC_LOGOFF: &str = "164.312(a)(2)(iii)";

fn alternative(decided_by: &str, extra: &str) -> String {
    format!(
        "frameworks: [hipaa]\nhipaa:\n  role: business-associate\n  addressable:\n    \
         - {{ specification: \"{AUTOMATIC_LOGOFF}\", decision: alternative, rationale: Shared kiosks., alternative: PIN re-prompt., \
         controls: [PIN-LOCK], decided_by: {decided_by}, decided_on: 2026-02-10{extra} }}\n"
    )
}

fn pin_lock(effective: &str) -> String {
    format!(
        "- {{ id: PIN-LOCK, title: PIN re-prompt, owner: dana, objectives: [IAM-09], systems: [billing-app], evidence: [{{ kind: configuration, title: PIN lock, effective: {effective} }}] }}"
    )
}

#[test]
fn a_hipaa_alternative_is_met_only_when_its_controls_reach_the_demanded_level() {
    let (hub, hipaa) = (hub_of(&HIPAA_OBJECTIVES), hipaa());
    let report = run(hipaa.as_ref(), &hub, &alternative("dana", ""), &pin_lock("2026-03-01"), common::AS_OF);
    let result = requirement_result(&report, "hipaa", AUTOMATIC_LOGOFF);
    assert_eq!(result.baseline, Verdict::Alternative);
    assert_eq!(result.controls, ["PIN-LOCK"]);
    assert!(!result.governance.iter().any(|m| m.signal == Signal::DocumentationOnly), "a capability, not a document");

    let nothing_in_place = "- { id: PIN-LOCK, title: PIN re-prompt, owner: dana, objectives: [IAM-09], evidence: [{ kind: policy, title: Lock policy, effective: 2026-03-01 }] }";
    let report = run(hipaa.as_ref(), &hub, &alternative("dana", ""), nothing_in_place, common::AS_OF);
    let result = requirement_result(&report, "hipaa", AUTOMATIC_LOGOFF);
    assert_eq!(result.baseline, Verdict::Partial);
    assert!(result.reason.contains("PIN-LOCK is at documented"), "{}", result.reason);
}

#[test]
fn a_hipaa_decision_past_its_review_goes_stale_with_its_decider() {
    let (hub, hipaa) = (hub_of(&HIPAA_OBJECTIVES), hipaa());
    let overdue = run(hipaa.as_ref(), &hub, &alternative("dana", ", review_by: 2026-10-01"), &pin_lock("2026-03-01"), common::AS_OF);
    let on_decision = |report: &Report, signal: Signal| {
        requirement_result(report, "hipaa", AUTOMATIC_LOGOFF).governance.iter().find(|m| m.signal == signal && m.control.is_none()).cloned()
    };
    let stale = on_decision(&overdue, Signal::Stale);
    let stale = stale.expect("stale fires");
    assert_eq!(stale.decider.as_deref(), Some("dana"));
    assert!(stale.reason.contains("2026-10-01"), "{}", stale.reason);
    // Near miss: the default annual cadence from 2026-02-10 is not yet over.
    let current = run(hipaa.as_ref(), &hub, &alternative("dana", ""), &pin_lock("2026-03-01"), common::AS_OF);
    assert_eq!(on_decision(&current, Signal::Stale), None);
}

#[test]
fn a_hipaa_decision_taken_without_authority_over_its_domains_has_no_decider() {
    let (hub, hipaa) = (hub_of(&HIPAA_OBJECTIVES), hipaa());
    let by_sam = run(hipaa.as_ref(), &hub, &alternative("sam", ""), &pin_lock("2026-03-01"), common::AS_OF);
    let governance = &requirement_result(&by_sam, "hipaa", AUTOMATIC_LOGOFF).governance;
    let no_decider = governance.iter().find(|m| m.signal == Signal::NoDecider).expect("no-decider fires");
    assert!(no_decider.reason.contains("sam, who has no authority over IAM"), "{}", no_decider.reason);
    let by_dana = run(hipaa.as_ref(), &hub, &alternative("dana", ""), &pin_lock("2026-03-01"), common::AS_OF);
    assert!(!requirement_result(&by_dana, "hipaa", AUTOMATIC_LOGOFF).governance.iter().any(|m| m.signal == Signal::NoDecider));
}

#[test]
fn a_requirement_with_its_own_objectives_is_met_only_when_its_sub_requirements_are() {
    // The shape of a HIPAA standard and its implementation specifications.
    let hub = hub();
    let framework = TestFramework::new(
        &hub,
        "alpha",
        &[requirement("STANDARD", &[("GOV-01", "equal")]), common::child("SPEC", "STANDARD", &[("INC-01", "equal")])],
        Level::Implemented,
    );
    let control = |id: &str, objective: &str| {
        format!("- {{ id: {id}, title: {id}, owner: dana, objectives: [{objective}], evidence: [{{ kind: configuration, title: C, effective: 2026-11-01 }}] }}\n")
    };
    let standard_only = evaluate(&hub, &profile(&hub, &control("POLICIES", "GOV-01")), &[&framework], as_of());
    let standard = requirement_result(&standard_only, "alpha", "STANDARD");
    assert_eq!(standard.baseline, Verdict::Partial);
    assert!(standard.reason.contains("SPEC unmet"), "{}", standard.reason);
    let both = control("POLICIES", "GOV-01") + &control("INCIDENTS", "INC-01");
    let report = evaluate(&hub, &profile(&hub, &both), &[&framework], as_of());
    assert_eq!(requirement_result(&report, "alpha", "STANDARD").baseline, Verdict::Met);
}

#[test]
fn hipaa_risk_analysis_demands_operating_and_other_arrangements_apply_only_to_government_entities() {
    let (hub, hipaa) = (hub_of(&HIPAA_OBJECTIVES), hipaa());
    let scope = "frameworks: [hipaa]\nhipaa: { role: business-associate }";
    let report = run(hipaa.as_ref(), &hub, scope, "[]", common::AS_OF);
    assert_eq!(requirement_result(&report, "hipaa", "164.308(a)(1)(ii)(A)").demanded, Some(Level::Operating));
    assert_eq!(requirement_result(&report, "hipaa", "164.308(a)(1)(ii)(C)").demanded, Some(Level::Implemented));
    assert_eq!(requirement_result(&report, "hipaa", "164.314(a)(2)(ii)").baseline, Verdict::NotApplicable);
    let government =
        run(hipaa.as_ref(), &hub, "frameworks: [hipaa]\nhipaa: { role: business-associate, government_entity: true }", "[]", common::AS_OF);
    assert_ne!(requirement_result(&government, "hipaa", "164.314(a)(2)(ii)").baseline, Verdict::NotApplicable);
}

// ---------------------------------------------------------------- agenda and leverage

#[test]
fn agenda_items_carry_a_severity_and_are_ordered_by_it_within_each_decider() {
    let hub = hub();
    let controls = mfa_with_tests(&[("2026-10-20", "fail")]).replace("systems: [billing-app]", "systems: [ehr-db]")
        + "- { id: POLICIES, title: Policies, owner: dana, objectives: [GOV-01], evidence: [{ kind: policy, title: P, effective: 2026-01-10 }] }\n";
    let report = evaluate(&hub, &profile(&hub, &controls), &[], as_of());
    let dana = report.agenda.iter().find(|g| g.decider.as_deref() == Some("dana"));
    // No framework, no requirements: the agenda is built from requirement markers only.
    assert!(dana.is_none());
    let framework = TestFramework::new(
        &hub,
        "alpha",
        &[requirement("R-MFA", &[("IAM-07", "equal")]), requirement("R-POLICY", &[("GOV-01", "equal")])],
        Level::Implemented,
    );
    let report = evaluate(&hub, &profile(&hub, &controls), &[&framework], as_of());
    let dana = report.agenda.iter().find(|g| g.decider.as_deref() == Some("dana")).expect("dana decides");
    let scores: Vec<u32> = dana.items.iter().map(|i| i.severity.score).collect();
    let mut sorted = scores.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(scores, sorted, "most severe first");
    let failing = dana.items.iter().find(|i| i.signal == Signal::Failing).expect("failing is on the agenda");
    // Tier 1 (40) + failing (30) + one open requirement (2).
    assert_eq!((failing.tier, failing.severity.score, failing.severity.rating), (Some(1), 72, Rating::Critical));
    assert_eq!(dana.items[0].signal, Signal::Failing);
    let stale_policy = dana.items.iter().find(|i| i.subject == "POLICIES" && i.signal == Signal::Stale).expect("stale policies");
    // Organization-wide (15) + stale (10) + one open requirement (2).
    assert_eq!((stale_policy.severity.score, stale_policy.severity.rating), (27, Rating::Low));
}

#[test]
fn leverage_lists_the_controls_the_organization_runs_before_inherited_ones() {
    let hub = hub();
    let framework = TestFramework::new(
        &hub,
        "alpha",
        &[requirement("R-1", &[("IAM-07", "equal")]), requirement("R-2", &[("GOV-01", "equal"), ("IAM-07", "intersects")])],
        Level::Implemented,
    );
    let controls = "- { id: A-OWN, title: Own policy, owner: dana, objectives: [GOV-01], evidence: [{ kind: configuration, title: C, effective: 2026-11-01 }] }\n\
                    - { id: B-PROVIDER, title: Provider MFA, owner: dana, objectives: [IAM-07, GOV-01], inherited: { provider: Okta, attestations: [{ report: SOC 2, attested_on: 2026-08-01, covers: { start: 2025-07-01, end: 2026-06-30 } }] } }\n";
    let report = evaluate(&hub, &profile(&hub, controls), &[&framework], as_of());
    let order: Vec<(&str, usize, bool)> = report.leverage.iter().map(|l| (l.control.as_str(), l.requirement_count, l.inherited)).collect();
    assert_eq!(order, [("A-OWN", 1, false), ("B-PROVIDER", 2, true)]);
}

#[test]
fn a_missed_metric_reads_as_a_sentence() {
    let control = "- { id: MFA, title: MFA, owner: dana, objectives: [IAM-07], metrics: [{ name: MFA enrolment, unit: percent, at_least: 100, measured: 93, measured_on: 2026-11-01 }] }";
    let divergent = marker(&assess_one(control), Signal::Divergent).cloned().expect("divergent fires");
    assert!(divergent.reason.contains("MFA enrolment was 93 % on 2026-11-01 against a target of at least 100 %"), "{}", divergent.reason);
}

#[test]
fn an_exemption_weighs_no_open_requirements_on_the_agenda() {
    let hub = hub_of(&BACKUP_HUB);
    let framework = TestFramework::new(
        &hub,
        "alpha",
        &[requirement("R-BACKUP", &[("BCK-01", "equal")]), requirement("R-ALSO", &[("BCK-01", "superset")])],
        Level::Implemented,
    );
    let approved = "{ objectives: [BCK-01], reason: Stateless, approved_by: sam, expires: 2027-03-31 }";
    let report = evaluate(&hub, &profile_from(&hub, exempt_billing(approved)), &[&framework], as_of());
    let exempted = report.agenda.iter().flat_map(|g| &g.items).find(|i| i.signal == Signal::Exempted).expect("exempted item");
    // R-ALSO stays partial (a lone superset), but the exemption is not why: tier 2 (25) alone.
    assert_eq!(exempted.severity.open_requirements, 1);
    assert_eq!((exempted.severity.score, exempted.severity.rating), (25, Rating::Low));
}
