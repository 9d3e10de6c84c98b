//! Baseline verdicts read through mapping relationships, headings judged by their children, and
//! the cross-framework views: shared gaps, leverage, the governance agenda, and determinism.

mod common;

use common::{as_of, child, excluded_child, heading, hub, profile, requirement, requirement_result, TestFramework};
use crosswalk_engine::{evaluate, GapStatus, Report};
use crosswalk_model::{Hub, Level, Signal, Verdict};

/// Every relationship on its own, a heading with an inapplicable child, and a heading whose
/// children are all inapplicable.
fn alpha(hub: &Hub, level: Level) -> TestFramework {
    TestFramework::new(
        hub,
        "alpha",
        &[
            requirement("R-EQUAL", &[("GOV-01", "equal")]),
            requirement("R-SUBSET", &[("IAM-07", "subset")]),
            requirement("R-SUPERSET", &[("BCK-01", "superset")]),
            requirement("R-TWO-SUPERSETS", &[("BCK-01", "superset"), ("BCK-02", "superset")]),
            requirement("R-INTERSECTS", &[("LOG-04", "intersects")]),
            requirement("R-NOBODY", &[("INC-01", "equal")]),
            heading("H"),
            child("H.1", "H", &[("GOV-01", "equal")]),
            child("H.2", "H", &[("INC-01", "equal")]),
            excluded_child("H.3", "H", &[("LOG-04", "equal")]),
            heading("G"),
            excluded_child("G.1", "G", &[("GOV-01", "equal")]),
        ],
        level,
    )
}

/// A second framework sharing three of alpha's objectives.
fn beta(hub: &Hub) -> TestFramework {
    TestFramework::new(
        hub,
        "beta",
        &[
            requirement("B-POLICY", &[("GOV-01", "equal")]),
            requirement("B-MFA", &[("IAM-07", "subset")]),
            requirement("B-INCIDENT", &[("INC-01", "equal")]),
        ],
        Level::Implemented,
    )
}

/// A control implementing `objective`, with a recent configuration on file (level
/// `implemented`).
fn configured(id: &str, objective: &str, owner: &str) -> String {
    format!(
        "- {{ id: {id}, title: Control {id}, owner: {owner}, objectives: [{objective}], evidence: [{{ kind: configuration, title: In place, effective: 2026-11-25 }}] }}\n"
    )
}

/// A control implementing `objective` with only a policy on file (level `documented`).
fn documented(id: &str, objective: &str, owner: &str) -> String {
    format!(
        "- {{ id: {id}, title: Control {id}, owner: {owner}, objectives: [{objective}], evidence: [{{ kind: policy, title: Policy, effective: 2026-01-10 }}] }}\n"
    )
}

fn run_alpha(controls: &[String]) -> Report {
    let hub = hub();
    let framework = alpha(&hub, Level::Implemented);
    evaluate(&hub, &profile(&hub, &controls.concat()), &[&framework], as_of())
}

fn run_both(controls: &[String]) -> Report {
    let hub = hub();
    let (alpha, beta) = (alpha(&hub, Level::Implemented), beta(&hub));
    evaluate(&hub, &profile(&hub, &controls.concat()), &[&alpha, &beta], as_of())
}

fn verdict(report: &Report, id: &str) -> Verdict {
    requirement_result(report, "alpha", id).baseline
}

// ---------------------------------------------------------------- relationships

#[test]
fn one_satisfied_equal_objective_meets_the_requirement() {
    let report = run_alpha(&[configured("POLICIES", "GOV-01", "dana")]);
    assert_eq!(verdict(&report, "R-EQUAL"), Verdict::Met);
    assert_eq!(requirement_result(&report, "alpha", "R-EQUAL").controls, ["POLICIES"]);
}

#[test]
fn one_satisfied_subset_objective_meets_the_requirement() {
    assert_eq!(verdict(&run_alpha(&[configured("MFA", "IAM-07", "dana")]), "R-SUBSET"), Verdict::Met);
}

#[test]
fn a_single_satisfied_superset_objective_alone_is_only_partial() {
    let report = run_alpha(&[configured("BACKUPS", "BCK-01", "sam")]);
    let result = requirement_result(&report, "alpha", "R-SUPERSET");
    // The objective is satisfied: only the relationship keeps the requirement open.
    assert!(result.objectives.iter().all(|objective| objective.satisfied));
    assert_eq!(result.baseline, Verdict::Partial);
}

#[test]
fn two_satisfied_superset_objectives_together_meet_the_requirement() {
    let report = run_alpha(&[configured("BACKUPS", "BCK-01", "sam"), configured("RESTORES", "BCK-02", "sam")]);
    assert_eq!(verdict(&report, "R-TWO-SUPERSETS"), Verdict::Met);
    assert_eq!(requirement_result(&report, "alpha", "R-TWO-SUPERSETS").controls, ["BACKUPS", "RESTORES"]);
}

#[test]
fn two_superset_objectives_with_one_unsatisfied_are_partial() {
    let missing = run_alpha(&[configured("BACKUPS", "BCK-01", "sam")]);
    assert_eq!(verdict(&missing, "R-TWO-SUPERSETS"), Verdict::Partial);
    let weak = run_alpha(&[configured("BACKUPS", "BCK-01", "sam"), documented("RESTORES", "BCK-02", "sam")]);
    assert_eq!(verdict(&weak, "R-TWO-SUPERSETS"), Verdict::Partial);
}

#[test]
fn a_satisfied_intersects_objective_alone_is_only_partial() {
    let report = run_alpha(&[configured("LOG-REVIEW", "LOG-04", "dana")]);
    let result = requirement_result(&report, "alpha", "R-INTERSECTS");
    assert!(result.objectives.iter().all(|objective| objective.satisfied));
    assert_eq!(result.baseline, Verdict::Partial);
    assert!(result.reason.contains("LOG-04 only overlaps it"), "{}", result.reason);
}

#[test]
fn a_requirement_whose_objectives_no_control_implements_is_unmet() {
    let report = run_alpha(&[configured("POLICIES", "GOV-01", "dana")]);
    let result = requirement_result(&report, "alpha", "R-NOBODY");
    assert_eq!(result.baseline, Verdict::Unmet);
    assert!(result.controls.is_empty());
    assert!(result.reason.contains("INC-01"), "{}", result.reason);
}

#[test]
fn a_covering_control_below_the_demanded_level_leaves_the_requirement_partial() {
    let report = run_alpha(&[documented("POLICIES", "GOV-01", "dana")]);
    let result = requirement_result(&report, "alpha", "R-EQUAL");
    assert_eq!(result.baseline, Verdict::Partial);
    assert_eq!(result.demanded, Some(Level::Implemented));
    assert!(!result.objectives[0].satisfied);

    // The same implemented control meets a framework demanding `implemented` but not one
    // demanding `operating`.
    let hub = hub();
    let profile = profile(&hub, &configured("POLICIES", "GOV-01", "dana"));
    let demanding = alpha(&hub, Level::Operating);
    let strict = evaluate(&hub, &profile, &[&demanding], as_of());
    assert_eq!(verdict(&strict, "R-EQUAL"), Verdict::Partial);
    assert_eq!(requirement_result(&strict, "alpha", "R-EQUAL").demanded, Some(Level::Operating));
    let lenient = alpha(&hub, Level::Implemented);
    assert_eq!(verdict(&evaluate(&hub, &profile, &[&lenient], as_of()), "R-EQUAL"), Verdict::Met);
}

#[test]
fn one_implementer_reaching_the_demand_satisfies_an_objective_others_fall_short_of() {
    let report = run_alpha(&[documented("OLD-POLICIES", "GOV-01", "dana"), configured("POLICIES", "GOV-01", "dana")]);
    let result = requirement_result(&report, "alpha", "R-EQUAL");
    assert_eq!(result.baseline, Verdict::Met);
    assert_eq!(result.controls, ["OLD-POLICIES", "POLICIES"]);
}

/// A control for `objective` running monthly with a recent record, plus `extra` evidence.
fn operating(id: &str, objective: &str, extra: &str) -> String {
    format!(
        "- {{ id: {id}, title: Control {id}, owner: sam, objectives: [{objective}], operates: monthly, evidence: [\
         {{ kind: configuration, title: In place, effective: 2026-01-10 }}, {{ kind: record, title: Ran, effective: 2026-11-20 }}{extra}] }}\n"
    )
}

#[test]
fn a_recovery_objective_demanded_at_operating_needs_a_verified_control() {
    let hub = hub();
    let catalog = [requirement("R-RESTORE", &[("BCK-02", "equal")]), requirement("R-BACKUP", &[("BCK-01", "equal")])];
    let demanding = TestFramework::new(&hub, "alpha", &catalog, Level::Operating);
    let untested = profile(&hub, &[operating("RESTORES", "BCK-02", ""), operating("BACKUPS", "BCK-01", "")].concat());
    let report = evaluate(&hub, &untested, &[&demanding], as_of());
    // BCK-01 is not a recovery objective: operating is enough for it.
    assert_eq!(verdict(&report, "R-BACKUP"), Verdict::Met);
    let restore = requirement_result(&report, "alpha", "R-RESTORE");
    assert_eq!((restore.baseline, restore.objectives[0].demanded), (Verdict::Partial, Level::Verified));

    let drill = ", { kind: test, title: Restore drill, effective: 2026-10-01, outcome: pass }";
    let tested = profile(&hub, &operating("RESTORES", "BCK-02", drill));
    assert_eq!(verdict(&evaluate(&hub, &tested, &[&demanding], as_of()), "R-RESTORE"), Verdict::Met);
    // A framework demanding only `implemented` asks no test of it.
    let lenient = TestFramework::new(&hub, "alpha", &catalog, Level::Implemented);
    assert_eq!(verdict(&evaluate(&hub, &untested, &[&lenient], as_of()), "R-RESTORE"), Verdict::Met);
}

// ---------------------------------------------------------------- headings

#[test]
fn a_heading_is_met_when_every_applicable_child_is_met() {
    let report = run_alpha(&[configured("POLICIES", "GOV-01", "dana"), configured("INCIDENTS", "INC-01", "dana")]);
    // H.3 is not applicable, so it neither counts against H nor for it.
    assert_eq!(verdict(&report, "H.3"), Verdict::NotApplicable);
    assert_eq!(verdict(&report, "H"), Verdict::Met);
    assert_eq!(requirement_result(&report, "alpha", "H").controls, ["INCIDENTS", "POLICIES"]);
}

#[test]
fn a_heading_with_met_and_unmet_children_is_partial() {
    let report = run_alpha(&[configured("POLICIES", "GOV-01", "dana")]);
    assert_eq!((verdict(&report, "H.1"), verdict(&report, "H.2")), (Verdict::Met, Verdict::Unmet));
    assert_eq!(verdict(&report, "H"), Verdict::Partial);
}

#[test]
fn a_heading_whose_children_are_all_unmet_is_unmet() {
    assert_eq!(verdict(&run_alpha(&[]), "H"), Verdict::Unmet);
}

#[test]
fn a_heading_whose_children_are_all_inapplicable_is_inapplicable() {
    let report = run_alpha(&[configured("POLICIES", "GOV-01", "dana")]);
    assert_eq!(verdict(&report, "G"), Verdict::NotApplicable);
}

// ---------------------------------------------------------------- shared gaps

#[test]
fn shared_gaps_tell_missing_from_weak_objectives_and_count_requirements_per_framework() {
    let report = run_both(&[configured("POLICIES", "GOV-01", "dana"), documented("MFA", "IAM-07", "dana")]);
    let order: Vec<&str> = report.shared_gaps.iter().map(|gap| gap.objective.as_str()).collect();
    // Most frameworks first, then most requirements; the satisfied GOV-01 is no gap.
    assert_eq!(order, ["INC-01", "IAM-07", "BCK-01", "BCK-02", "LOG-04"]);

    let missing = &report.shared_gaps[0];
    assert_eq!(missing.status, GapStatus::Missing);
    assert_eq!((missing.framework_count, missing.requirement_count), (2, 3));
    let per_framework: Vec<(&str, Vec<&str>)> =
        missing.frameworks.iter().map(|f| (f.framework.as_str(), f.requirements.iter().map(String::as_str).collect())).collect();
    assert_eq!(per_framework, [("alpha", vec!["R-NOBODY", "H.2"]), ("beta", vec!["B-INCIDENT"])]);

    let weak = &report.shared_gaps[1];
    assert_eq!(weak.status, GapStatus::Weak);
    assert_eq!((weak.framework_count, weak.requirement_count), (2, 2));

    let single = &report.shared_gaps[2];
    assert_eq!((single.status, single.framework_count, single.requirement_count), (GapStatus::Missing, 1, 2));
}

#[test]
fn a_satisfied_objective_is_no_shared_gap_even_where_its_requirement_stays_open() {
    let report = run_both(&[configured("BACKUPS", "BCK-01", "sam")]);
    // R-TWO-SUPERSETS stays partial: BCK-02 leaves it open, the satisfied BCK-01 does not.
    assert_eq!(verdict(&report, "R-TWO-SUPERSETS"), Verdict::Partial);
    let objectives: Vec<&str> = report.shared_gaps.iter().map(|gap| gap.objective.as_str()).collect();
    assert!(objectives.contains(&"BCK-02") && !objectives.contains(&"BCK-01"), "{objectives:?}");
}

// ---------------------------------------------------------------- leverage

#[test]
fn leverage_counts_the_applicable_mapped_requirements_each_control_serves_per_framework() {
    let report = run_both(&[
        configured("POLICIES", "GOV-01", "dana"),
        configured("INCIDENTS", "INC-01", "dana"),
        configured("LOG-REVIEW", "LOG-04", "dana"),
    ]);
    let counts: Vec<String> = report
        .leverage
        .iter()
        .map(|l| {
            let per_framework: Vec<String> = l.frameworks.iter().map(|f| format!("{}={}", f.framework, f.requirements)).collect();
            format!("{} {} in {}: {}", l.control, l.requirement_count, l.framework_count, per_framework.join(" "))
        })
        .collect();
    // POLICIES serves R-EQUAL and H.1, not the heading H nor the inapplicable G.1; LOG-REVIEW
    // serves R-INTERSECTS, not the inapplicable H.3. Ties are broken by id.
    assert_eq!(counts, ["INCIDENTS 3 in 2: alpha=2 beta=1", "POLICIES 3 in 2: alpha=2 beta=1", "LOG-REVIEW 1 in 1: alpha=1"]);
}

// ---------------------------------------------------------------- agenda

#[test]
fn the_agenda_groups_decisions_by_decider_with_tier_one_first() {
    let report = run_alpha(&[
        // Protects the tier-1 clinical function through ehr-db; sam decides for BCK.
        "- { id: SNAPSHOTS, title: EHR snapshots, owner: sam, objectives: [BCK-01], systems: [ehr-db], evidence: [{ kind: configuration, title: Snapshot job, effective: 2026-10-10 }] }\n".to_owned(),
        documented("POLICIES", "GOV-01", "dana"),
        // lee has no authority: nobody decides for this one.
        configured("LOG-REVIEW", "LOG-04", "lee"),
    ]);
    let deciders: Vec<Option<&str>> = report.agenda.iter().map(|group| group.decider.as_deref()).collect();
    // dana sorts before sam, but sam owes tier-1 decisions. The tier-2 scope gap of billing-app
    // goes to nobody: its owner dana has no authority over backups (BCK). dana's own
    // organization-wide decisions come last.
    assert_eq!(deciders, [Some("sam"), None, Some("dana")]);
    let sam = &report.agenda[0];
    assert_eq!(sam.name.as_deref(), Some("Sam Patel"));
    assert_eq!(sam.items[0].tier, Some(1));
    assert!(sam.items.iter().any(|item| item.signal == Signal::NoResponse));

    // A marker touching several requirements is one agenda item listing them all.
    let unrehearsed: Vec<_> =
        sam.items.iter().filter(|item| item.signal == Signal::Unrehearsed && item.control.as_deref() == Some("SNAPSHOTS")).collect();
    assert_eq!(unrehearsed.len(), 1);
    assert_eq!(unrehearsed[0].requirements, ["alpha:R-SUPERSET", "alpha:R-TWO-SUPERSETS"]);

    let nobody = &report.agenda[1];
    let gap = nobody.items.iter().find(|item| item.signal == Signal::ScopeGap).expect("the scope gap has no decider");
    assert_eq!(gap.system.as_deref(), Some("billing-app"));
    assert!(gap.reason.contains("owner dana has no authority over BCK (who has: sam, zoe)"), "{}", gap.reason);
    assert!(nobody.items.iter().any(|item| item.signal == Signal::NoDecider));
}

#[test]
fn decisions_nobody_may_take_lead_their_tier() {
    let report = run_alpha(&[documented("POLICIES", "GOV-01", "dana"), configured("LOG-REVIEW", "LOG-04", "lee")]);
    let deciders: Vec<Option<&str>> = report.agenda.iter().map(|group| group.decider.as_deref()).collect();
    assert_eq!(deciders, [None, Some("dana")]);
}

// ---------------------------------------------------------------- determinism

#[test]
fn evaluating_the_same_inputs_twice_gives_identical_json() {
    let hub = hub();
    let (alpha, beta) = (alpha(&hub, Level::Implemented), beta(&hub));
    let profile = profile(
        &hub,
        &[
            "- { id: SNAPSHOTS, title: EHR snapshots, owner: sam, objectives: [BCK-01, BCK-02], systems: [ehr-db], evidence: [{ kind: configuration, title: Snapshot job, effective: 2026-01-10 }, { kind: test, title: Restore, effective: 2026-10-01, outcome: pass, recovery: { rto: 6h, rpo: 5m } }] }\n".to_owned(),
            configured("POLICIES", "GOV-01", "dana"),
            documented("MFA", "IAM-07", "zoe"),
            configured("LOG-REVIEW", "LOG-04", "lee"),
            "- { id: IDP, title: Identity provider, owner: dana, objectives: [IAM-07], inherited: { provider: Okta, attestations: [{ report: SOC 2, attested_on: 2025-06-01, covers: { start: 2024-04-01, end: 2025-03-31 } }] }, exceptions: [{ id: EXC-1, reason: Kiosk, opened: 2026-01-01 }] }\n".to_owned(),
        ]
        .concat(),
    );
    let first = evaluate(&hub, &profile, &[&alpha, &beta], as_of());
    let second = evaluate(&hub, &profile, &[&alpha, &beta], as_of());
    assert!(!first.agenda.is_empty() && !first.shared_gaps.is_empty(), "the fixture exercises every view");
    assert_eq!(
        serde_json::to_string_pretty(&first).expect("reports serialize"),
        serde_json::to_string_pretty(&second).expect("reports serialize")
    );
}

// ---------------------------------------------------------------- compare

fn pair(a: &[(&str, &str)], b: &[(&str, &str)]) -> crosswalk_engine::Pair {
    use crosswalk_plugin_api::FrameworkPlugin;
    let hub = hub();
    let (a, b) = (
        TestFramework::new(&hub, "alpha", &[requirement("A", a)], Level::Implemented),
        TestFramework::new(&hub, "beta", &[requirement("B", b)], Level::Implemented),
    );
    let comparison = crosswalk_engine::compare(a.catalog(), b.catalog());
    comparison.pairs.into_iter().next().expect("the two requirements pair")
}

#[test]
fn a_pair_is_strong_when_both_are_met_through_the_same_shared_objectives() {
    use crosswalk_engine::Strength;
    let whole = pair(&[("IAM-07", "equal")], &[("IAM-07", "subset")]);
    assert_eq!((whole.strength, whole.reason.as_str()), (Strength::Strong, "both are met through IAM-07"));
    let same_parts = pair(&[("BCK-01", "superset"), ("BCK-02", "superset")], &[("BCK-02", "superset"), ("BCK-01", "superset")]);
    assert_eq!(same_parts.strength, Strength::Strong);
    assert!(same_parts.reason.contains("common parts BCK-01 + BCK-02"), "{}", same_parts.reason);
}

#[test]
fn a_pair_is_partial_when_one_side_needs_more_or_rests_on_another_objective() {
    use crosswalk_engine::Strength;
    let one_part = pair(&[("BCK-01", "superset"), ("BCK-02", "superset")], &[("BCK-01", "equal")]);
    assert_eq!(one_part.strength, Strength::Partial);
    assert!(
        one_part.reason.contains("A also needs BCK-02 (superset)") && one_part.reason.contains("B is met through BCK-01"),
        "{}",
        one_part.reason
    );
    // Both share GOV-01 and LOG-04 but each is met through a different one: meeting A does not meet B.
    let crossed = pair(&[("GOV-01", "equal"), ("LOG-04", "intersects")], &[("LOG-04", "equal"), ("GOV-01", "intersects")]);
    assert_eq!(crossed.strength, Strength::Partial);
    assert!(crossed.reason.contains("A is met through GOV-01; B is met through LOG-04"), "{}", crossed.reason);
}
