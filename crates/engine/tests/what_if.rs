//! What if a control failed: the requirements it alone kept met are lost, one still covered by
//! another control is not, and `what_if_all` ranks the single points of failure.

mod common;

use common::{as_of, hub, profile, requirement, TestFramework};
use crosswalk_engine::{unknown_controls, what_if, what_if_all};
use crosswalk_model::{Level, Verdict};

fn configured(id: &str, objective: &str) -> String {
    format!(
        "- {{ id: {id}, title: Control {id}, owner: dana, objectives: [{objective}], evidence: [{{ kind: configuration, title: In place, effective: 2026-11-25 }}] }}\n"
    )
}

fn framework(hub: &crosswalk_model::Hub) -> TestFramework {
    TestFramework::new(
        hub,
        "alpha",
        &[requirement("R-POLICY", &[("GOV-01", "equal")]), requirement("R-MFA", &[("IAM-07", "subset")])],
        Level::Implemented,
    )
}

#[test]
fn failing_the_only_control_covering_a_requirement_loses_it() {
    let hub = hub();
    let alpha = framework(&hub);
    let profile = profile(&hub, &[configured("POLICIES", "GOV-01"), configured("MFA", "IAM-07")].concat());
    let result = what_if(&hub, &profile, &[&alpha], as_of(), &["MFA".to_owned()]);
    assert_eq!(result.requirements_lost, 1);
    let lost = &result.frameworks[0].lost;
    assert_eq!(lost.len(), 1);
    assert_eq!(lost[0].id, "R-MFA");
    assert_eq!(lost[0].before, Verdict::Met);
    assert!(matches!(lost[0].after, Verdict::Unmet | Verdict::Partial));
    assert_eq!(lost[0].failed_controls, vec!["MFA".to_owned()]);
    assert_eq!(result.failed.len(), 1);
    assert_eq!(result.failed[0].control, "MFA");
    assert_eq!(result.failed[0].requirements_lost, 1);
}

#[test]
fn a_near_miss_another_control_still_covers_loses_nothing() {
    let hub = hub();
    let alpha = framework(&hub);
    let profile = profile(&hub, &[configured("MFA", "IAM-07"), configured("MFA-BACKUP", "IAM-07")].concat());
    let result = what_if(&hub, &profile, &[&alpha], as_of(), &["MFA".to_owned()]);
    assert_eq!(result.requirements_lost, 0, "MFA-BACKUP still covers R-MFA");
    assert!(result.frameworks[0].lost.is_empty());
    // Failing both loses it.
    let both = what_if(&hub, &profile, &[&alpha], as_of(), &["MFA".to_owned(), "MFA-BACKUP".to_owned()]);
    assert_eq!(both.requirements_lost, 1);
}

#[test]
fn all_ranks_only_the_single_points_of_failure() {
    let hub = hub();
    let alpha = framework(&hub);
    let profile =
        profile(&hub, &[configured("POLICIES", "GOV-01"), configured("MFA", "IAM-07"), configured("MFA-BACKUP", "IAM-07")].concat());
    let all = what_if_all(&hub, &profile, &[&alpha], as_of()).expect("small profile");
    let ranked: Vec<_> = all.ranking.iter().map(|d| d.control.as_str()).collect();
    assert_eq!(ranked, ["POLICIES"]);
    assert_eq!(all.candidates, 3);
}

#[test]
fn unknown_control_ids_are_named() {
    let hub = hub();
    let profile = profile(&hub, &configured("MFA", "IAM-07"));
    assert_eq!(unknown_controls(&profile, &["MFA".to_owned(), "NOPE".to_owned()]), ["NOPE"]);
}
