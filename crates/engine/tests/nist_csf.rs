//! NIST CSF 2.0 semantics through its plugin: only the target profile is in scope (tiers per
//! function, or a list of subcategories), each tier demands its rung of the assurance ladder,
//! headings follow their subcategories, and the scope section's every mistake is located.

mod common;

use common::{date, hub_of, profile_from, requirement_result, ObjectiveSpec, Parts};
use crosswalk_engine::{evaluate, Report};
use crosswalk_model::{Hub, Level, Verdict};
use crosswalk_plugin_api::FrameworkPlugin;

const OBJECTIVES: [ObjectiveSpec; 2] = [("GOV-01", "annual", "annual", false, false), ("INC-04", "annual", "annual", false, false)];

fn csf() -> Box<dyn FrameworkPlugin> {
    crosswalk_nist_csf::plugin().expect("the NIST CSF catalog parses")
}

fn run(scope: &str, controls: &str) -> Report {
    let hub = hub_of(&OBJECTIVES);
    let profile = profile_from(&hub, Parts { scope, controls, ..Parts::default() });
    evaluate(&hub, &profile, &[csf().as_ref()], date(common::AS_OF))
}

fn result(report: &Report, id: &str) -> (Verdict, Option<Level>) {
    let requirement = requirement_result(report, "nist-csf", id);
    (requirement.baseline, requirement.demanded)
}

fn reason<'r>(report: &'r Report, id: &str) -> &'r str {
    &requirement_result(report, "nist-csf", id).reason
}

/// The policy set (GOV-01, which GV.PO-01 and GV.PO-02 map onto) with `extra` evidence: a
/// policy and its publication make it `implemented`.
fn policy_set(extra: &str) -> String {
    format!(
        "- id: POLICIES\n  title: Policy set\n  owner: dana\n  objectives: [GOV-01]\n  evidence:\n    \
         - {{ kind: policy, title: Cybersecurity policy, effective: 2026-01-10 }}\n{extra}"
    )
}

const PUBLISHED: &str = "    - { kind: configuration, title: Published on the intranet, effective: 2026-01-12 }\n";
const REVIEWED: &str = "    - { kind: review, title: Annual policy review, effective: 2026-06-01 }\n";
const TESTED: &str = "    - { kind: test, title: Policy awareness check, effective: 2026-09-01, outcome: pass }\n";

fn tiers(govern: u8) -> String {
    format!("frameworks: [nist-csf]\nnist-csf: {{ tiers: {{ GV: {govern} }} }}")
}

#[test]
fn each_tier_demands_its_rung_of_the_ladder_and_one_rung_short_is_not_met() {
    let documented = policy_set("");
    let implemented = policy_set(PUBLISHED);
    let operating = policy_set(&format!("{PUBLISHED}{REVIEWED}"));
    let verified = policy_set(&format!("{PUBLISHED}{REVIEWED}{TESTED}"));
    let cases = [
        (1, Level::Documented, &documented, None),
        (2, Level::Implemented, &implemented, Some(&documented)),
        (3, Level::Operating, &operating, Some(&implemented)),
        (4, Level::Verified, &verified, Some(&operating)),
    ];
    for (tier, level, enough, short) in cases {
        let report = run(&tiers(tier), enough);
        assert_eq!(result(&report, "GV.PO-01"), (Verdict::Met, Some(level)), "tier {tier}");
        assert!(reason(&report, "GV.PO-01").contains(&format!("Tier {tier}")), "{}", reason(&report, "GV.PO-01"));
        if let Some(short) = short {
            assert_eq!(result(&run(&tiers(tier), short), "GV.PO-01"), (Verdict::Partial, Some(level)), "tier {tier}, one rung short");
        }
    }
}

#[test]
fn with_tiers_only_the_named_functions_are_in_scope() {
    let report = run("frameworks: [nist-csf]\nnist-csf: { tiers: { GV: 2, RS: 3 } }", &policy_set(PUBLISHED));
    assert_eq!(result(&report, "GV.PO-01").0, Verdict::Met);
    assert_eq!(result(&report, "RS.MI-01"), (Verdict::Unmet, Some(Level::Operating)));
    assert_eq!(result(&report, "PR.AA-01").0, Verdict::NotApplicable);
    assert!(reason(&report, "PR.AA-01").contains("target profile sets no tier for the PR function"), "{}", reason(&report, "PR.AA-01"));
    // The headings follow: in-scope functions are judged by their subcategories, others are out.
    assert_eq!(result(&report, "GV.PO").0, Verdict::Met);
    // GV.PO is met, the other Govern categories have nothing covering them.
    assert_eq!(result(&report, "GV").0, Verdict::Partial);
    assert_eq!(result(&report, "PR").0, Verdict::NotApplicable);
    assert_eq!(result(&report, "PR.AA").0, Verdict::NotApplicable);
    let framework = &report.frameworks[0];
    assert_eq!(framework.scope, "target profile: tiers GV 2, RS 3 (44 of 106 subcategories)");
    assert_eq!(framework.coverage.applicable, 44 + 7 + 5);
}

const LISTED: &str = "frameworks: [nist-csf]\nnist-csf:\n  tiers: { GV: 2 }\n  subcategories: [GV.PO-01, { id: GV.PO-02, tier: 4 }]";

#[test]
fn with_a_list_only_the_listed_subcategories_are_in_scope_each_at_its_own_or_its_functions_tier() {
    let report = run(LISTED, &policy_set(&format!("{PUBLISHED}{REVIEWED}")));
    assert_eq!(result(&report, "GV.PO-01"), (Verdict::Met, Some(Level::Implemented)));
    // Same objective, same control, but its own tier 4 asks for a passing test.
    assert_eq!(result(&report, "GV.PO-02"), (Verdict::Partial, Some(Level::Verified)));
    // Unlisted, though its function has a tier.
    assert_eq!(result(&report, "GV.OC-01").0, Verdict::NotApplicable);
    assert!(reason(&report, "GV.OC-01").contains("not among the subcategories the target profile commits to"));
    assert_eq!(result(&report, "GV.OC").0, Verdict::NotApplicable);
    assert!(reason(&report, "GV.OC").contains("no subcategory of GV.OC is in the target profile"), "{}", reason(&report, "GV.OC"));
    assert_eq!(result(&report, "GV.PO").0, Verdict::Partial);
    assert_eq!(report.frameworks[0].scope, "target profile: 2 of 106 subcategories; tiers GV 2");
    assert_eq!(report.frameworks[0].coverage.applicable, 4);
}

#[test]
fn a_list_with_tiers_of_its_own_needs_no_function_tier() {
    let scope = "frameworks: [nist-csf]\nnist-csf:\n  subcategories: [{ id: RS.MI-01, tier: 2 }]";
    let report = run(scope, "[]");
    assert_eq!(result(&report, "RS.MI-01"), (Verdict::Unmet, Some(Level::Implemented)));
    assert_eq!(report.frameworks[0].scope, "target profile: 1 of 106 subcategories, tiers set per subcategory");
    assert!(scope_problems(scope).is_empty());
}

// ---------------------------------------------------------------- the scope section

/// (path, code) of the problems the plugin finds in `scope`.
fn scope_problems(scope: &str) -> Vec<(String, &'static str)> {
    problems(scope).into_iter().map(|(path, code, _)| (path, code)).collect()
}

fn problems(scope: &str) -> Vec<(String, &'static str, String)> {
    let hub: Hub = hub_of(&OBJECTIVES);
    let profile = profile_from(&hub, Parts { scope, ..Parts::default() });
    crosswalk_plugin_api::scope_problems(csf().as_ref(), &profile)
        .into_iter()
        .map(|problem| (problem.path.to_string(), problem.code, problem.message))
        .collect()
}

fn listed(entries: &str, tiers: &str) -> String {
    format!("frameworks: [nist-csf]\nnist-csf:\n  tiers: {{ {tiers} }}\n  subcategories: [{entries}]")
}

#[test]
fn a_valid_target_has_no_problems() {
    assert!(scope_problems(&tiers(3)).is_empty());
    assert!(scope_problems(LISTED).is_empty());
}

#[test]
fn unknown_withdrawn_and_heading_ids_are_located_in_the_list() {
    let found = problems(&listed("GV.PO-01, PR.AC-01, GV.OC, { id: GV.XX-99, tier: 2 }", "GV: 2"));
    let located: Vec<(&str, &str)> = found.iter().map(|(path, code, _)| (path.as_str(), *code)).collect();
    assert_eq!(
        located,
        [
            ("scope.nist-csf.subcategories[1]", "nist-csf::unknown-subcategory"),
            ("scope.nist-csf.subcategories[2]", "nist-csf::heading-in-target"),
            ("scope.nist-csf.subcategories[3].id", "nist-csf::unknown-subcategory"),
        ]
    );
    assert!(found[1].2.contains("GV.OC is a CSF category (Organizational Context)"), "{}", found[1].2);
}

#[test]
fn a_subcategory_listed_twice_is_a_problem_once_is_not() {
    assert_eq!(
        scope_problems(&listed("GV.PO-01, GV.PO-02, GV.PO-01", "GV: 2")),
        [("scope.nist-csf.subcategories[2]".to_owned(), "nist-csf::duplicate-subcategory")]
    );
}

#[test]
fn tiers_outside_1_to_4_are_located_where_they_are_written() {
    assert_eq!(
        scope_problems(&listed("GV.PO-01, { id: GV.PO-02, tier: 0 }, { id: GV.OV-01, tier: 4 }", "GV: 5")),
        [
            ("scope.nist-csf.tiers.GV".to_owned(), "nist-csf::unknown-tier"),
            ("scope.nist-csf.subcategories[1].tier".to_owned(), "nist-csf::unknown-tier"),
        ]
    );
}

#[test]
fn a_listed_subcategory_needs_a_tier_of_its_own_or_of_its_function() {
    assert_eq!(
        scope_problems(&listed("GV.PO-01, PR.AA-01", "GV: 2")),
        [("scope.nist-csf.subcategories[1]".to_owned(), "nist-csf::no-tier")]
    );
    assert!(scope_problems(&listed("GV.PO-01, PR.AA-01", "GV: 2, PR: 3")).is_empty());
}

#[test]
fn a_function_tier_that_no_listed_subcategory_uses_is_reported() {
    assert_eq!(scope_problems(&listed("GV.PO-01", "GV: 2, DE: 3")), [("scope.nist-csf.tiers.DE".to_owned(), "nist-csf::tier-unused")]);
}

#[test]
fn a_section_must_name_a_target_and_a_list_must_not_be_empty() {
    assert_eq!(scope_problems("frameworks: [nist-csf]\nnist-csf: {}"), [("scope.nist-csf".to_owned(), "nist-csf::no-target")]);
    assert_eq!(
        scope_problems("frameworks: [nist-csf]\nnist-csf: { subcategories: [] }"),
        [("scope.nist-csf.subcategories".to_owned(), "nist-csf::empty-target")]
    );
    assert_eq!(scope_problems("frameworks: [nist-csf]"), [("scope".to_owned(), "scope::missing-section")]);
}

#[test]
fn a_section_that_does_not_fit_its_type_is_located_in_the_files_words() {
    let unknown_function = problems("frameworks: [nist-csf]\nnist-csf: { tiers: { GV: 2, XX: 3 } }");
    assert_eq!(unknown_function.len(), 1, "{unknown_function:?}");
    assert!(unknown_function[0].0.starts_with("scope.nist-csf.tiers"), "{unknown_function:?}");
    assert!(unknown_function[0].2.contains("`XX`") && unknown_function[0].2.contains("`GV`"), "{unknown_function:?}");

    let typo = problems(&listed("{ id: GV.PO-01, teir: 2 }", "GV: 2"));
    assert_eq!(typo.len(), 1, "{typo:?}");
    assert_eq!(typo[0].0, "scope.nist-csf.subcategories[0].teir");

    let wrong_shape = problems(&listed("3", "GV: 2"));
    assert_eq!(wrong_shape.len(), 1, "{wrong_shape:?}");
    assert_eq!(wrong_shape[0].0, "scope.nist-csf.subcategories[0]");
    assert!(wrong_shape[0].2.contains("`{ id: GV.OC-01, tier: 3 }`"), "{wrong_shape:?}");
}
