//! Framework semantics through the built-in plugins: the ISO/IEC 27001 Statement of
//! Applicability, SOC 2 categories and report types, and HIPAA addressable decisions.

mod common;

use common::{date, hub_of, profile_from, requirement_result, ObjectiveSpec, Parts};
use crosswalk_engine::{evaluate, Report};
use crosswalk_model::{Hub, Level, Signal, Verdict};
use crosswalk_plugin_api::FrameworkPlugin;

/// Evaluates `plugin` for the standard organization with `scope` and `controls`.
fn run(plugin: &dyn FrameworkPlugin, hub: &Hub, scope: &str, controls: &str, on: &str) -> Report {
    let profile = profile_from(hub, Parts { scope, controls, ..Parts::default() });
    evaluate(hub, &profile, &[plugin], date(on))
}

fn verdict(report: &Report, framework: &str, id: &str) -> Verdict {
    requirement_result(report, framework, id).baseline
}

fn problem_codes(plugin: &dyn FrameworkPlugin, hub: &Hub, scope: &str) -> Vec<&'static str> {
    let profile = profile_from(hub, Parts { scope, ..Parts::default() });
    crosswalk_plugin_api::scope_problems(plugin, &profile).iter().map(|problem| problem.code).collect()
}

// ---------------------------------------------------------------- ISO/IEC 27001

const ISO_OBJECTIVES: [ObjectiveSpec; 4] = [
    ("GOV-01", "annual", "annual", false, false),
    ("GOV-05", "annual", "quarterly", false, false),
    ("PHY-08", "annual", "semiannual", false, false),
    ("RSK-03", "quarterly", "annual", false, false),
];

fn iso() -> Box<dyn FrameworkPlugin> {
    crosswalk_iso27001::plugin().expect("the ISO/IEC 27001 catalog parses")
}

/// A policy-set control (GOV-01, mapped by clause 5.2 and by A.5.1) with `extra` evidence.
fn policy_set(extra: &str) -> String {
    format!(
        "- id: POLICIES\n  title: Policy set\n  owner: dana\n  objectives: [GOV-01]\n  evidence:\n    - {{ kind: policy, title: Information security policy, effective: 2026-01-10 }}\n    - {{ kind: configuration, title: Published on the intranet, effective: 2026-01-12 }}\n{extra}"
    )
}

#[test]
fn iso_clauses_and_included_annex_a_controls_both_demand_operating() {
    let (hub, iso) = (hub_of(&ISO_OBJECTIVES), iso());
    let implemented = run(iso.as_ref(), &hub, "frameworks: [iso27001]", &policy_set(""), common::AS_OF);
    let clause = requirement_result(&implemented, "iso27001", "5.2");
    assert_eq!((clause.baseline, clause.demanded), (Verdict::Partial, Some(Level::Operating)));
    let annex = requirement_result(&implemented, "iso27001", "A.5.1");
    assert_eq!((annex.baseline, annex.demanded), (Verdict::Partial, Some(Level::Operating)));

    let reviewed = policy_set("    - { kind: review, title: Annual policy review, effective: 2026-06-01 }\n");
    let operating = run(iso.as_ref(), &hub, "frameworks: [iso27001]", &reviewed, common::AS_OF);
    assert_eq!(verdict(&operating, "iso27001", "5.2"), Verdict::Met);
    assert_eq!(verdict(&operating, "iso27001", "A.5.1"), Verdict::Met);
}

#[test]
fn an_annex_a_control_excluded_with_a_justification_is_not_applicable_for_that_reason() {
    let (hub, iso) = (hub_of(&ISO_OBJECTIVES), iso());
    let scope = "frameworks: [iso27001]\niso27001:\n  exclusions:\n    - { control: A.7.12, justification: No premises of our own since all hosting is in the cloud. }";
    let report = run(iso.as_ref(), &hub, scope, "[]", common::AS_OF);
    let excluded = requirement_result(&report, "iso27001", "A.7.12");
    assert_eq!(excluded.baseline, Verdict::NotApplicable);
    assert!(excluded.reason.contains("No premises of our own"), "{}", excluded.reason);
    // A.7.11 maps onto the same objective but is not excluded.
    assert_eq!(verdict(&report, "iso27001", "A.7.11"), Verdict::Unmet);
}

#[test]
fn iso_scope_check_accepts_a_justified_exclusion_of_an_annex_a_control() {
    let (hub, iso) = (hub_of(&ISO_OBJECTIVES), iso());
    let scope = "frameworks: [iso27001]\niso27001:\n  exclusions:\n    - { control: A.7.12, justification: No premises of our own. }";
    assert!(problem_codes(iso.as_ref(), &hub, scope).is_empty());
}

#[test]
fn iso_scope_check_rejects_an_exclusion_without_justification() {
    let (hub, iso) = (hub_of(&ISO_OBJECTIVES), iso());
    let profile = profile_from(
        &hub,
        Parts { scope: "frameworks: [iso27001]\niso27001:\n  exclusions:\n    - { control: A.7.12 }", ..Parts::default() },
    );
    let problems = crosswalk_plugin_api::scope_problems(iso.as_ref(), &profile);
    assert_eq!(problems.iter().map(|p| p.code).collect::<Vec<_>>(), ["iso27001::exclusion-without-justification"]);
    assert_eq!(problems[0].path.to_string(), "scope.iso27001.exclusions[0].control");
    let blank = "frameworks: [iso27001]\niso27001:\n  exclusions:\n    - { control: A.7.12, justification: \"  \" }";
    assert_eq!(problem_codes(iso.as_ref(), &hub, blank), ["iso27001::exclusion-without-justification"]);
}

#[test]
fn iso_scope_check_rejects_excluding_a_clause_and_the_clause_still_applies() {
    let (hub, iso) = (hub_of(&ISO_OBJECTIVES), iso());
    let scope = "frameworks: [iso27001]\niso27001:\n  exclusions:\n    - { control: \"6.2\", justification: We set no objectives. }";
    assert_eq!(problem_codes(iso.as_ref(), &hub, scope), ["iso27001::clause-excluded"]);
    let report = run(iso.as_ref(), &hub, scope, "[]", common::AS_OF);
    let clause = requirement_result(&report, "iso27001", "6.2");
    assert_eq!((clause.baseline, clause.demanded), (Verdict::Unmet, Some(Level::Operating)));
}

#[test]
fn iso_scope_check_rejects_an_unknown_control() {
    let (hub, iso) = (hub_of(&ISO_OBJECTIVES), iso());
    let scope = "frameworks: [iso27001]\niso27001:\n  exclusions:\n    - { control: A.9.1, justification: Gone in 2022. }";
    assert_eq!(problem_codes(iso.as_ref(), &hub, scope), ["iso27001::unknown-control"]);
}

// ---------------------------------------------------------------- SOC 2

const SOC2_OBJECTIVES: [ObjectiveSpec; 3] = [
    ("RSK-04", "annual", "annual", false, false),
    ("OPS-01", "monthly", "annual", true, false),
    ("PRV-01", "annual", "annual", false, false),
];

fn soc2() -> Box<dyn FrameworkPlugin> {
    crosswalk_soc2::plugin().expect("the SOC 2 catalog parses")
}

const TYPE2: &str = "frameworks: [soc2]\nsoc2: { type: type2, period: { start: 2026-01-01, end: 2026-09-30 } }";

#[test]
fn soc2_security_always_applies_and_other_categories_only_by_scope() {
    let (hub, soc2) = (hub_of(&SOC2_OBJECTIVES), soc2());
    let security_only = run(soc2.as_ref(), &hub, "frameworks: [soc2]\nsoc2: { type: type1 }", "[]", common::AS_OF);
    assert_ne!(verdict(&security_only, "soc2", "CC3.3"), Verdict::NotApplicable);
    assert_eq!(verdict(&security_only, "soc2", "A1.1"), Verdict::NotApplicable);
    assert_eq!(verdict(&security_only, "soc2", "P1.1"), Verdict::NotApplicable);

    let with_availability =
        run(soc2.as_ref(), &hub, "frameworks: [soc2]\nsoc2: { type: type1, categories: [availability] }", "[]", common::AS_OF);
    assert_eq!(verdict(&with_availability, "soc2", "A1.1"), Verdict::Unmet);
    assert_eq!(verdict(&with_availability, "soc2", "P1.1"), Verdict::NotApplicable);
}

const FRAUD_CONFIGURED: &str = "- { id: FRAUD, title: Fraud risk assessment, owner: dana, objectives: [RSK-04], evidence: [{ kind: configuration, title: Fraud risk method, effective: 2026-01-05 }] }";

#[test]
fn a_soc2_type1_report_demands_implemented_and_a_type2_report_demands_operating() {
    let (hub, soc2) = (hub_of(&SOC2_OBJECTIVES), soc2());
    let type1 = run(soc2.as_ref(), &hub, "frameworks: [soc2]\nsoc2: { type: type1 }", FRAUD_CONFIGURED, common::AS_OF);
    let criterion = requirement_result(&type1, "soc2", "CC3.3");
    assert_eq!((criterion.baseline, criterion.demanded), (Verdict::Met, Some(Level::Implemented)));

    let type2 = run(soc2.as_ref(), &hub, TYPE2, FRAUD_CONFIGURED, common::AS_OF);
    let criterion = requirement_result(&type2, "soc2", "CC3.3");
    assert_eq!((criterion.baseline, criterion.demanded), (Verdict::Partial, Some(Level::Operating)));
}

/// A quarterly fraud review with records effective in Q1, Q2 and October, plus one record
/// uploaded in Q3 whose effective date is `uploaded_effective`.
fn quarterly_reviews(uploaded_effective: &str) -> String {
    format!(
        "- id: FRAUD\n  title: Fraud risk assessment\n  owner: dana\n  objectives: [RSK-04]\n  operates: quarterly\n  evidence:\n    \
         - {{ kind: configuration, title: Fraud risk method, effective: 2026-01-05 }}\n    \
         - {{ kind: record, title: Q1 fraud review, effective: 2026-02-10 }}\n    \
         - {{ kind: record, title: Q2 fraud review, effective: 2026-05-12 }}\n    \
         - {{ kind: record, title: Uploaded fraud review, effective: {uploaded_effective}, collected: 2026-08-20 }}\n    \
         - {{ kind: record, title: October fraud review, effective: 2026-10-01 }}\n"
    )
}

#[test]
fn a_soc2_type2_interval_is_judged_by_the_effective_date_not_the_collection_date() {
    let (hub, soc2) = (hub_of(&SOC2_OBJECTIVES), soc2());
    let collected_in_q3 = run(soc2.as_ref(), &hub, TYPE2, &quarterly_reviews("2026-03-20"), "2026-10-15");
    assert_eq!(common::control(&collected_in_q3, "FRAUD").level, Level::Operating);
    let criterion = requirement_result(&collected_in_q3, "soc2", "CC3.3");
    assert_eq!(criterion.baseline, Verdict::Partial);
    let shortfall = criterion.objectives[0].shortfall.as_deref().expect("the objective falls short");
    assert!(shortfall.contains("2026-07-01..2026-09-30"), "{shortfall}");

    let effective_in_q3 = run(soc2.as_ref(), &hub, TYPE2, &quarterly_reviews("2026-08-20"), "2026-10-15");
    assert_eq!(verdict(&effective_in_q3, "soc2", "CC3.3"), Verdict::Met);
}

/// A monthly job whose exported history covers 2026-01-01 through `through`.
fn job_history(through: &str) -> String {
    format!(
        "- id: FRAUD\n  title: Fraud monitoring job\n  owner: dana\n  objectives: [RSK-04]\n  operates: monthly\n  evidence:\n    \
         - {{ kind: configuration, title: Job configured, effective: 2026-01-01 }}\n    \
         - {{ kind: record, title: Exported job history, effective: 2026-01-01, through: {through} }}\n"
    )
}

#[test]
fn a_soc2_type2_record_spanning_intervals_with_through_counts_for_each_of_them() {
    let (hub, soc2) = (hub_of(&SOC2_OBJECTIVES), soc2());
    let whole_period = run(soc2.as_ref(), &hub, TYPE2, &job_history("2026-09-30"), "2026-09-30");
    assert_eq!(verdict(&whole_period, "soc2", "CC3.3"), Verdict::Met);

    let short = run(soc2.as_ref(), &hub, TYPE2, &job_history("2026-08-31"), "2026-09-30");
    // Still operating as of the date: only the uncovered September interval is missing.
    assert_eq!(common::control(&short, "FRAUD").level, Level::Operating);
    let criterion = requirement_result(&short, "soc2", "CC3.3");
    assert_eq!(criterion.baseline, Verdict::Partial);
    let shortfall = criterion.objectives[0].shortfall.as_deref().expect("the objective falls short");
    assert!(shortfall.contains("2026-09-01..2026-09-30"), "{shortfall}");
}

#[test]
fn a_soc2_type2_report_relies_on_the_providers_report_for_an_inherited_control() {
    let (hub, soc2) = (hub_of(&SOC2_OBJECTIVES), soc2());
    let inherited = "- { id: FRAUD, title: Fraud screening by the processor, owner: dana, objectives: [RSK-04], inherited: { provider: Stripe, attestations: [{ report: SOC 2 Type 2, attested_on: 2026-10-20, covers: { start: 2025-10-01, end: 2026-09-30 } }] } }";
    assert_eq!(verdict(&run(soc2.as_ref(), &hub, TYPE2, inherited, common::AS_OF), "soc2", "CC3.3"), Verdict::Met);
}

#[test]
fn soc2_scope_check_requires_a_period_for_type2_only() {
    let (hub, soc2) = (hub_of(&SOC2_OBJECTIVES), soc2());
    assert_eq!(problem_codes(soc2.as_ref(), &hub, "frameworks: [soc2]\nsoc2: { type: type2 }"), ["soc2::type2-without-period"]);
    assert!(problem_codes(soc2.as_ref(), &hub, TYPE2).is_empty());
    assert!(problem_codes(soc2.as_ref(), &hub, "frameworks: [soc2]\nsoc2: { type: type1 }").is_empty());
}

// ---------------------------------------------------------------- HIPAA

const HIPAA_OBJECTIVES: [ObjectiveSpec; 3] = [
    ("IAM-09", "annual", "annual", true, false),
    ("BCK-01", "quarterly", "quarterly", true, false),
    ("SUP-03", "annual", "annual", false, false),
];

fn hipaa() -> Box<dyn FrameworkPlugin> {
    crosswalk_hipaa::plugin().expect("the HIPAA catalog parses")
}

/// A business associate's HIPAA scope with one addressable decision by dana.
fn decided(specification: &str, decision: &str) -> String {
    format!(
        "frameworks: [hipaa]\nhipaa:\n  role: business-associate\n  addressable:\n    \
         - {{ specification: \"{specification}\", decision: {decision}, rationale: Shared kiosks are supervised at all times., \
         alternative: Screens lock after two minutes., decided_by: dana, decided_on: 2026-02-10 }}\n"
    )
}

const AUTOMATIC_LOGOFF: &str = "164.312(a)(2)(iii)";

#[test]
fn a_hipaa_addressable_specification_judged_not_reasonable_is_met_by_documentation_alone() {
    let (hub, hipaa) = (hub_of(&HIPAA_OBJECTIVES), hipaa());
    let report = run(hipaa.as_ref(), &hub, &decided(AUTOMATIC_LOGOFF, "not-reasonable"), "[]", common::AS_OF);
    let result = requirement_result(&report, "hipaa", AUTOMATIC_LOGOFF);
    assert_eq!(result.baseline, Verdict::Alternative);
    assert!(result.reason.contains("Shared kiosks are supervised"), "{}", result.reason);
    let marker = result.governance.iter().find(|m| m.signal == Signal::DocumentationOnly).expect("documentation-only marker");
    assert_eq!((marker.control.as_deref(), marker.decider.as_deref()), (None, Some("dana")));
    assert!(marker.reason.contains("dana"), "{}", marker.reason);
    assert_eq!(report.frameworks[0].coverage.alternative, 1);
}

#[test]
fn hipaa_scope_check_wants_an_alternatives_controls() {
    let (hub, hipaa) = (hub_of(&HIPAA_OBJECTIVES), hipaa());
    assert_eq!(problem_codes(hipaa.as_ref(), &hub, &decided(AUTOMATIC_LOGOFF, "alternative")), ["hipaa::alternative-without-controls"]);
    assert!(problem_codes(hipaa.as_ref(), &hub, &decided(AUTOMATIC_LOGOFF, "not-reasonable")).is_empty());
}

#[test]
fn a_hipaa_decision_recorded_after_the_as_of_date_does_not_count_yet() {
    let (hub, hipaa) = (hub_of(&HIPAA_OBJECTIVES), hipaa());
    let later = decided(AUTOMATIC_LOGOFF, "not-reasonable").replace("decided_on: 2026-02-10", "decided_on: 2027-02-10");
    let report = run(hipaa.as_ref(), &hub, &later, "[]", common::AS_OF);
    assert_eq!(verdict(&report, "hipaa", AUTOMATIC_LOGOFF), Verdict::Unmet);
}

#[test]
fn a_hipaa_addressable_specification_decided_for_implementation_is_judged_by_its_controls() {
    let (hub, hipaa) = (hub_of(&HIPAA_OBJECTIVES), hipaa());
    let scope = decided(AUTOMATIC_LOGOFF, "implement");
    let without_control = run(hipaa.as_ref(), &hub, &scope, "[]", common::AS_OF);
    assert_eq!(verdict(&without_control, "hipaa", AUTOMATIC_LOGOFF), Verdict::Unmet);

    let timeout = "- { id: LOGOFF, title: Session timeout, owner: dana, objectives: [IAM-09], evidence: [{ kind: configuration, title: Timeout set, effective: 2026-01-05 }] }";
    let with_control = run(hipaa.as_ref(), &hub, &scope, timeout, common::AS_OF);
    let result = requirement_result(&with_control, "hipaa", AUTOMATIC_LOGOFF);
    assert_eq!(result.baseline, Verdict::Met);
    assert!(result.governance.iter().all(|m| m.signal != Signal::DocumentationOnly), "{:?}", result.governance);
}

#[test]
fn hipaa_scope_check_rejects_a_decision_on_a_required_specification() {
    let (hub, hipaa) = (hub_of(&HIPAA_OBJECTIVES), hipaa());
    assert_eq!(
        problem_codes(hipaa.as_ref(), &hub, &decided("164.308(a)(7)(ii)(A)", "not-reasonable")),
        ["hipaa::required-not-addressable"]
    );
    assert!(problem_codes(hipaa.as_ref(), &hub, &decided(AUTOMATIC_LOGOFF, "not-reasonable")).is_empty());
}

#[test]
fn group_health_plan_and_clearinghouse_rows_do_not_apply_to_a_plain_business_associate() {
    let (hub, hipaa) = (hub_of(&HIPAA_OBJECTIVES), hipaa());
    let special = ["164.314(b)(1)", "164.314(b)(2)(i)", "164.308(a)(4)(ii)(A)"];
    let associate = run(hipaa.as_ref(), &hub, "frameworks: [hipaa]\nhipaa: { role: business-associate }", "[]", common::AS_OF);
    for id in special {
        assert_eq!(verdict(&associate, "hipaa", id), Verdict::NotApplicable, "{id}");
    }
    // Business associate contracts apply to every business associate.
    assert_eq!(verdict(&associate, "hipaa", "164.314(a)(1)"), Verdict::Unmet);

    let both = run(
        hipaa.as_ref(),
        &hub,
        "frameworks: [hipaa]\nhipaa: { role: covered-entity, group_health_plan: true, clearinghouse: true }",
        "[]",
        common::AS_OF,
    );
    for id in special {
        assert_ne!(verdict(&both, "hipaa", id), Verdict::NotApplicable, "{id}");
    }
}

// ---------------------------------------------------------------- scope sections

/// (path, message) of the problems a plugin finds in its scope section.
fn scope_problems(plugin: &dyn FrameworkPlugin, hub: &Hub, scope: &str) -> Vec<(String, String)> {
    let profile = profile_from(hub, Parts { scope, ..Parts::default() });
    crosswalk_plugin_api::scope_problems(plugin, &profile).into_iter().map(|problem| (problem.path.to_string(), problem.message)).collect()
}

#[test]
fn a_plugin_reads_its_scope_section_and_locates_what_does_not_fit_its_type() {
    let hub = hub_of(&SOC2_OBJECTIVES);
    let typo = "frameworks: [soc2]\nsoc2:\n  type: type2\n  period: { start: 2026-01-01, end: 2026-06-30 }\n  catgories: [availability]";
    assert_eq!(
        scope_problems(soc2().as_ref(), &hub, typo),
        [(
            "scope.soc2.catgories".to_owned(),
            "unknown field `catgories`, expected one of `type`, `period`, `as_of`, `categories`".to_owned()
        )]
    );
    let wrong_type = "frameworks: [soc2]\nsoc2:\n  type: type1\n  categories: availability";
    assert_eq!(
        scope_problems(soc2().as_ref(), &hub, wrong_type),
        [("scope.soc2.categories".to_owned(), "invalid type: expected a list, found `availability`".to_owned())]
    );
    let hub = hub_of(&HIPAA_OBJECTIVES);
    let nested = "frameworks: [hipaa]\nhipaa:\n  role: covered-entity\n  addressable:\n    - { specification: \"164.312(a)(2)(iii)\", decision: maybe, rationale: r, decided_by: ana, decided_on: 2026-01-01 }";
    let problems = scope_problems(hipaa().as_ref(), &hub, nested);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].0, "scope.hipaa.addressable[0].decision");
    assert!(problems[0].1.contains("`maybe`") && problems[0].1.contains("not-reasonable"), "{problems:?}");
}

#[test]
fn an_empty_scope_section_is_no_section() {
    let hub = hub_of(&SOC2_OBJECTIVES);
    let problems = scope_problems(soc2().as_ref(), &hub, "frameworks: [soc2]\nsoc2:");
    assert_eq!(problems, [("scope".to_owned(), "`soc2` is selected but `scope.soc2` is missing".to_owned())]);
}
