//! Declared semantics (a framework written as data) through the real `DeclaredPlugin`: each way
//! of choosing what applies, the demand set per framework, group and requirement, and the
//! problems a profile's `scope.<id>` section can have.

mod common;

use common::{date, hub_of, profile_from, requirement_result, ObjectiveSpec, Parts};
use crosswalk_declared::DeclaredPlugin;
use crosswalk_engine::{evaluate, Report};
use crosswalk_model::validate::check_framework;
use crosswalk_model::{FrameworkCatalog, Hub, Level, Problem, Signal, Verdict};
use crosswalk_plugin_api::FrameworkPlugin;

const OBJECTIVES: [ObjectiveSpec; 2] = [("GOV-01", "annual", "annual", false, false), ("INC-01", "annual", "quarterly", false, false)];

/// Three requirements on one objective, so only the declared demand tells their verdicts apart:
/// two in group `policy`, one in group `response`.
fn internal(semantics: &str) -> DeclaredPlugin {
    let text = format!(
        "framework: {{ id: internal, name: Internal standard, version: \"1\", publisher: crosswalk tests }}\n\
         semantics:\n{}\n\
         requirements:\n\
         {}{}{}",
        common::dedent(semantics).lines().map(|line| format!("  {line}\n")).collect::<String>(),
        requirement("POL-1", "policy"),
        requirement("POL-2", "policy"),
        requirement("RSP-1", "response"),
    );
    let catalog: FrameworkCatalog = crosswalk_model::yaml::parse(&text).unwrap_or_else(|error| panic!("{error:?}\n{text}"));
    assert_eq!(check_framework(&catalog, &hub()), Vec::<Problem>::new(), "the test catalog is valid");
    DeclaredPlugin::new(catalog, "internal.yaml").expect("the catalog declares semantics")
}

/// `internal` with `extra` requirements (YAML list items) after the three of [`internal`].
fn internal_with(semantics: &str, extra: &str) -> DeclaredPlugin {
    let plugin = internal(semantics);
    let mut catalog = plugin.catalog().clone();
    let added: Vec<crosswalk_model::Requirement> = crosswalk_model::yaml::parse(extra).unwrap_or_else(|error| panic!("{error:?}\n{extra}"));
    catalog.requirements.extend(added);
    DeclaredPlugin::new(catalog, "internal.yaml").expect("the catalog declares semantics")
}

fn requirement(id: &str, group: &str) -> String {
    format!(
        "  - {{ id: {id}, title: Requirement {id}, group: {group}, description: Test., \
         mappings: [{{ objective: GOV-01, relationship: equal, rationale: Test. }}] }}\n"
    )
}

fn hub() -> Hub {
    hub_of(&OBJECTIVES)
}

/// A policy control that is published but has no operation record: `implemented`.
const IMPLEMENTED_POLICY: &str = "
    - id: POLICIES
      title: Policy set
      owner: dana
      objectives: [GOV-01]
      evidence:
        - { kind: policy, title: Security policy, effective: 2026-01-10 }
        - { kind: configuration, title: Published on the intranet, effective: 2026-01-12 }
";

fn run(plugin: &DeclaredPlugin, scope: &str) -> Report {
    let hub = hub();
    let profile = profile_from(&hub, Parts { scope, controls: IMPLEMENTED_POLICY, ..Parts::default() });
    evaluate(&hub, &profile, &[plugin as &dyn FrameworkPlugin], date(common::AS_OF))
}

fn outcome(report: &Report, id: &str) -> (Verdict, Option<Level>) {
    let result = requirement_result(report, "internal", id);
    (result.baseline, result.demanded)
}

fn problems(plugin: &DeclaredPlugin, scope: &str) -> Vec<(&'static str, String)> {
    let profile = profile_from(&hub(), Parts { scope, ..Parts::default() });
    crosswalk_plugin_api::scope_problems(plugin, &profile).into_iter().map(|problem| (problem.code, problem.path.to_string())).collect()
}

#[test]
fn with_applicability_all_every_requirement_applies_at_the_declared_demand() {
    let plugin = internal("demand: implemented\napplicability: all");
    let report = run(&plugin, "frameworks: [internal]");
    for id in ["POL-1", "POL-2", "RSP-1"] {
        assert_eq!(outcome(&report, id), (Verdict::Met, Some(Level::Implemented)), "{id}");
    }
    assert!(plugin.scope_schema().is_none(), "an `all` framework takes no scope section");
}

#[test]
fn a_requirement_demand_overrides_its_groups_which_overrides_the_frameworks() {
    let plugin = internal(
        "demand: documented\ngroup_demands: { policy: operating }\nrequirement_demands: { POL-2: implemented }\napplicability: all",
    );
    let report = run(&plugin, "frameworks: [internal]");
    // The control is implemented: operating is not reached, implemented and documented are.
    assert_eq!(outcome(&report, "POL-1"), (Verdict::Partial, Some(Level::Operating)));
    assert_eq!(outcome(&report, "POL-2"), (Verdict::Met, Some(Level::Implemented)));
    assert_eq!(outcome(&report, "RSP-1"), (Verdict::Met, Some(Level::Documented)));
    let basis = &requirement_result(&report, "internal", "POL-1").reason;
    assert!(basis.contains("declares for group `policy`"), "the reason says where the demand comes from: {basis}");
}

#[test]
fn an_all_framework_refuses_a_scope_section() {
    let plugin = internal("demand: implemented\napplicability: all");
    assert_eq!(
        problems(&plugin, "frameworks: [internal]\ninternal: { groups: [policy] }"),
        [("declared::section-not-taken", "scope.internal.groups".to_owned())]
    );
    assert_eq!(
        problems(&plugin, "frameworks: [internal]\ninternal: [policy]"),
        [("declared::section-not-taken", "scope.internal".to_owned())]
    );
}

#[test]
fn an_exclusion_with_a_justification_makes_the_requirement_not_applicable_for_that_reason() {
    let plugin = internal("demand: implemented\napplicability: exclusions");
    let scope = "frameworks: [internal]\ninternal:\n  exclusions:\n    - { requirement: RSP-1, justification: Incident response is run by our parent company. }";
    assert!(problems(&plugin, scope).is_empty());
    let report = run(&plugin, scope);
    let excluded = requirement_result(&report, "internal", "RSP-1");
    assert_eq!(excluded.baseline, Verdict::NotApplicable);
    assert!(excluded.reason.contains("run by our parent company"), "{}", excluded.reason);
    assert_eq!(outcome(&report, "POL-1"), (Verdict::Met, Some(Level::Implemented)), "what is not excluded applies");
    // No section at all: nothing is excluded.
    let report = run(&plugin, "frameworks: [internal]");
    assert_eq!(outcome(&report, "RSP-1"), (Verdict::Met, Some(Level::Implemented)));
}

#[test]
fn an_exclusion_without_justification_or_of_an_unknown_requirement_is_a_located_problem() {
    let plugin = internal("demand: implemented\napplicability: exclusions");
    let missing = "frameworks: [internal]\ninternal:\n  exclusions:\n    - { requirement: RSP-1 }\n    - { requirement: RSP-2, justification: Typo. }";
    assert_eq!(
        problems(&plugin, missing),
        [
            ("declared::exclusion-without-justification", "scope.internal.exclusions[0].requirement".to_owned()),
            ("declared::unknown-requirement", "scope.internal.exclusions[1].requirement".to_owned()),
        ]
    );
    let blank = "frameworks: [internal]\ninternal:\n  exclusions:\n    - { requirement: RSP-1, justification: \" \" }";
    assert_eq!(
        problems(&plugin, blank),
        [("declared::exclusion-without-justification", "scope.internal.exclusions[0].requirement".to_owned())]
    );
    let typo = "frameworks: [internal]\ninternal:\n  exclusion: []";
    assert_eq!(problems(&plugin, typo), [("profile::parse", "scope.internal.exclusion".to_owned())]);
}

#[test]
fn with_groups_the_chosen_and_the_always_applying_groups_apply_and_no_other() {
    let plugin = internal("demand: implemented\napplicability: groups\nalways_applies: [policy]");
    let none_chosen = run(&plugin, "frameworks: [internal]\ninternal: { groups: [] }");
    assert_eq!(outcome(&none_chosen, "POL-1"), (Verdict::Met, Some(Level::Implemented)), "policy always applies");
    let skipped = requirement_result(&none_chosen, "internal", "RSP-1");
    assert_eq!(skipped.baseline, Verdict::NotApplicable);
    assert!(skipped.reason.contains("group `response` is not chosen"), "{}", skipped.reason);
    let chosen = run(&plugin, "frameworks: [internal]\ninternal: { groups: [response] }");
    assert_eq!(outcome(&chosen, "RSP-1"), (Verdict::Met, Some(Level::Implemented)));
}

#[test]
fn a_groups_framework_needs_its_section_and_known_groups() {
    let plugin = internal("demand: implemented\napplicability: groups");
    assert_eq!(problems(&plugin, "frameworks: [internal]"), [("scope::missing-section", "scope".to_owned())]);
    assert_eq!(
        problems(&plugin, "frameworks: [internal]\ninternal: { groups: [respnse, policy, policy] }"),
        [
            ("declared::unknown-group", "scope.internal.groups[0]".to_owned()),
            ("declared::duplicate-group", "scope.internal.groups[2]".to_owned()),
        ]
    );
    let schema = plugin.scope_schema().expect("a groups framework takes a section").to_value();
    assert_eq!(schema["properties"]["groups"]["items"]["enum"], serde_json::json!(["policy", "response"]), "the schema names the groups");
}

#[test]
fn a_catalog_without_semantics_is_refused_at_its_framework_key() {
    let text = "framework: { id: internal, name: Internal, version: \"1\", publisher: Us }\nrequirements: []\n";
    let catalog: FrameworkCatalog = crosswalk_model::yaml::parse(text).expect("parses");
    let problem = DeclaredPlugin::new(catalog, "internal.yaml").expect_err("no semantics");
    assert_eq!((problem.code, problem.path.to_string()), ("framework::no-semantics", "framework".to_owned()));
}

#[test]
fn a_requirement_not_mapped_yet_is_never_met_and_counts_as_applicable_and_open() {
    let plugin = internal_with(
        "demand: implemented\napplicability: all",
        "- { id: HEAD, title: A heading, group: policy, description: Test., unmapped: { reason: heading, note: Test. } }\n\
         - { id: NEW-1, title: Still being mapped, group: policy, parent: HEAD, description: Test. }\n\
         - { id: NEW-2, title: Under a requirement not mapped yet, group: policy, parent: NEW-1, description: Test. }\n",
    );
    let report = run(&plugin, "frameworks: [internal]");
    // The control would meet any requirement of this framework: only the missing mapping keeps
    // these from being met.
    assert_eq!(outcome(&report, "POL-1"), (Verdict::Met, Some(Level::Implemented)));
    for id in ["NEW-1", "NEW-2"] {
        let result = requirement_result(&report, "internal", id);
        // The demanded level shows in its own column; the reason says only what is missing.
        assert_eq!((result.baseline, result.demanded), (Verdict::NotMapped, Some(Level::Implemented)), "{id}");
        assert_eq!(result.reason, "not mapped onto the hub yet");
    }
    // A heading whose every applicable child is not mapped yet is not mapped yet either.
    assert_eq!(requirement_result(&report, "internal", "HEAD").baseline, Verdict::NotMapped);
    let coverage = &report.frameworks[0].coverage;
    assert_eq!((coverage.applicable, coverage.met, coverage.not_mapped, coverage.unmet), (6, 3, 3, 0));
    assert_eq!(coverage.percent_met, 50, "not mapped yet lowers the share met");
    assert_eq!(report.summary.frameworks[0].not_mapped, 3);
    assert_eq!(crosswalk_engine::findings(&report, crosswalk_engine::FailOn::Unmet), 3, "a CI gate on unmet counts them");
    assert_eq!(crosswalk_engine::findings(&report, crosswalk_engine::FailOn::Partial), 3);
}

#[test]
fn an_excluded_requirement_not_mapped_yet_is_simply_not_applicable() {
    let plugin = internal_with(
        "demand: implemented\napplicability: exclusions",
        "- { id: NEW-1, title: Still being mapped, group: policy, description: Test. }\n",
    );
    let scope = "frameworks: [internal]\ninternal:\n  exclusions:\n    - { requirement: NEW-1, justification: Not ours. }";
    let report = run(&plugin, scope);
    assert_eq!(outcome(&report, "NEW-1"), (Verdict::NotApplicable, None));
    assert_eq!(report.frameworks[0].coverage.not_mapped, 0);
}

/// A governance requirement no decision settles: unmet, and on the agenda of whoever has
/// authority over every domain; without such a person, on the agenda of nobody ("no decider").
#[test]
fn an_undecided_governance_requirement_is_owed_a_decision_on_the_agenda() {
    let plugin = internal_with(
        "demand: implemented\napplicability: all",
        "- { id: GOV-X, title: Board approves the risk appetite, group: policy, description: Test., \
         unmapped: { reason: governance, note: the board decides } }\n",
    );
    let hub = hub();
    let undecided = |people: &str| {
        let profile =
            profile_from(&hub, Parts { scope: "frameworks: [internal]", people, controls: IMPLEMENTED_POLICY, ..Parts::default() });
        evaluate(&hub, &profile, &[&plugin as &dyn FrameworkPlugin], date(common::AS_OF))
    };
    let report = undecided(common::PEOPLE);
    let result = requirement_result(&report, "internal", "GOV-X");
    assert_eq!(result.baseline, Verdict::Unmet);
    let markers: Vec<(Signal, Option<&str>)> = result.governance.iter().map(|m| (m.signal, m.decider.as_deref())).collect();
    assert_eq!(markers, [(Signal::Undecided, Some("zoe"))], "zoe decides for every domain");
    let item = report
        .agenda
        .iter()
        .flat_map(|g| g.items.iter().map(move |i| (g.decider.as_deref(), i)))
        .find(|(_, i)| i.signal == Signal::Undecided);
    let (decider, item) = item.expect("the decision owed is on the agenda");
    assert_eq!(decider, Some("zoe"));
    assert!(item.requirements.iter().any(|r| r == "internal:GOV-X"), "{:?}", item.requirements);
    // Near miss: a requirement mapped onto the hub, or a heading, owes no decision.
    assert!(requirement_result(&report, "internal", "POL-1").governance.is_empty());
    // Nobody with authority over every domain: the item has no decider, and says so.
    let without_zoe: String = common::PEOPLE.lines().filter(|line| !line.contains("zoe")).map(|line| format!("{line}\n")).collect();
    let report = undecided(&without_zoe);
    let marker = &requirement_result(&report, "internal", "GOV-X").governance[0];
    assert_eq!((marker.signal, marker.decider.as_deref()), (Signal::Undecided, None));
    assert!(marker.reason.contains("nobody in the profile has authority over every domain"), "{}", marker.reason);
    assert!(report.agenda.iter().any(|g| g.decider.is_none() && g.items.iter().any(|i| i.signal == Signal::Undecided)));
}

/// `internal` (`applicability` as given) with a governance requirement GOV-X.
fn with_governance(applicability: &str) -> DeclaredPlugin {
    internal_with(
        &format!("demand: implemented\napplicability: {applicability}"),
        "- { id: GOV-X, title: Board approves the risk appetite, group: policy, description: Test., \
         unmapped: { reason: governance, note: the board decides } }\n",
    )
}

fn markers(report: &Report, id: &str) -> Vec<(Signal, Option<String>)> {
    requirement_result(report, "internal", id).governance.iter().map(|m| (m.signal, m.decider.clone())).collect()
}

/// A decision recorded in `scope.<id>.decisions` settles a governance requirement as the engine
/// settles any recorded decision: by documentation, with its review date on the due list.
#[test]
fn a_recorded_governance_decision_meets_the_requirement_by_documentation_in_every_mode() {
    let decision =
        "decisions:\n    - { requirement: GOV-X, decided_by: zoe, decided_on: 2026-03-02, summary: The board approved the risk appetite. }";
    for (applicability, section) in [("all", String::new()), ("exclusions", String::new()), ("groups", "groups: [policy]\n  ".to_owned())] {
        let plugin = with_governance(applicability);
        let scope = format!("frameworks: [internal]\ninternal:\n  {section}{decision}");
        assert_eq!(problems(&plugin, &scope), [], "{applicability}");
        let report = run(&plugin, &scope);
        let result = requirement_result(&report, "internal", "GOV-X");
        assert_eq!(result.baseline, Verdict::Alternative, "{applicability}");
        assert!(result.reason.contains("The board approved the risk appetite."), "{}", result.reason);
        assert_eq!(markers(&report, "GOV-X"), [(Signal::DocumentationOnly, Some("zoe".to_owned()))], "{applicability}");
        assert!(!report.agenda.iter().flat_map(|g| &g.items).any(|i| i.signal == Signal::Undecided), "nothing is owed any more");
        // Default review: one year after the decision, on the due list only when it comes near.
        let schema = plugin.scope_schema().expect("a framework with governance requirements takes decisions").to_value();
        assert_eq!(schema["properties"]["decisions"]["items"]["properties"]["requirement"]["enum"], serde_json::json!(["GOV-X"]));
    }
    let plugin = with_governance("all");
    let near = "frameworks: [internal]\ninternal:\n  decisions:\n    - { requirement: GOV-X, decided_by: zoe, decided_on: 2025-12-20, summary: Approved. }";
    let report = run(&plugin, near);
    let due: Vec<(&str, chrono::NaiveDate)> = report.due.iter().map(|d| (d.subject.as_str(), d.due)).collect();
    assert!(due.contains(&("GOV-X", date("2026-12-21"))), "reviewed one year (366 days) after it was taken: {due:?}");
    // A decision taken after the report's date does not count yet.
    let later = "frameworks: [internal]\ninternal:\n  decisions:\n    - { requirement: GOV-X, decided_by: zoe, decided_on: 2026-12-20, summary: Approved. }";
    assert_eq!(markers(&run(&plugin, later), "GOV-X"), [(Signal::Undecided, Some("zoe".to_owned()))]);
}

#[test]
fn a_governance_decision_past_its_review_date_is_stale_and_one_without_authority_is_flagged() {
    let plugin = with_governance("all");
    let stale = "frameworks: [internal]\ninternal:\n  decisions:\n    - { requirement: GOV-X, decided_by: zoe, decided_on: 2025-01-10, summary: Approved., review_due: 2026-06-30 }";
    let report = run(&plugin, stale);
    assert_eq!(requirement_result(&report, "internal", "GOV-X").baseline, Verdict::Alternative);
    let signals: Vec<Signal> = markers(&report, "GOV-X").into_iter().map(|(signal, _)| signal).collect();
    assert!(signals.contains(&Signal::Stale), "{signals:?}");
    // The default review date passed too: one year after 2025-01-10.
    let default = "frameworks: [internal]\ninternal:\n  decisions:\n    - { requirement: GOV-X, decided_by: zoe, decided_on: 2025-01-10, summary: Approved. }";
    assert!(markers(&run(&plugin, default), "GOV-X").iter().any(|(signal, _)| *signal == Signal::Stale));
    // Near miss: dana decides for some domains, not for every one, as a governance act needs.
    let dana = "frameworks: [internal]\ninternal:\n  decisions:\n    - { requirement: GOV-X, decided_by: dana, decided_on: 2026-03-02, summary: Approved. }";
    let report = run(&plugin, dana);
    let reasons: Vec<(Signal, String)> =
        requirement_result(&report, "internal", "GOV-X").governance.iter().map(|m| (m.signal, m.reason.clone())).collect();
    let no_decider = reasons.iter().find(|(signal, _)| *signal == Signal::NoDecider).expect("dana lacks the authority");
    assert!(no_decider.1.contains("every domain"), "{}", no_decider.1);
}

#[test]
fn governance_decisions_are_checked_each_a_located_problem() {
    let plugin = with_governance("exclusions");
    let scope = "frameworks: [internal]\ninternal:\n  decisions:\n\
        \x20   - { requirement: GOV-X, decided_by: zoee, decided_on: 2026-03-02, summary: Approved. }\n\
        \x20   - { requirement: POL-1, decided_by: zoe, decided_on: 2026-03-02, summary: Approved. }\n\
        \x20   - { requirement: GOV-Y, decided_by: zoe, decided_on: 2026-03-02, summary: Approved. }\n\
        \x20   - { requirement: GOV-X, decided_by: zoe, decided_on: 1870-03-02, summary: \" \", review_due: 1869-01-01 }";
    assert_eq!(
        problems(&plugin, scope),
        [
            ("profile::unknown-person", "scope.internal.decisions[0].decided_by".to_owned()),
            ("profile::date-out-of-range", "scope.internal.decisions[3].decided_on".to_owned()),
            ("profile::date-out-of-range", "scope.internal.decisions[3].review_due".to_owned()),
            ("declared::decision-on-mapped-requirement", "scope.internal.decisions[1].requirement".to_owned()),
            ("declared::unknown-requirement", "scope.internal.decisions[2].requirement".to_owned()),
            ("declared::decision-without-summary", "scope.internal.decisions[3].summary".to_owned()),
            ("declared::review-before-decision", "scope.internal.decisions[3].review_due".to_owned()),
            ("declared::duplicate-decision", "scope.internal.decisions[3].requirement".to_owned()),
        ]
    );
    // A decision never settles a mapped requirement, even when the check is not run: controls judge it.
    let mapped = "frameworks: [internal]\ninternal:\n  decisions:\n    - { requirement: POL-1, decided_by: zoe, decided_on: 2026-03-02, summary: Approved. }";
    assert_eq!(outcome(&run(&plugin, mapped), "POL-1"), (Verdict::Met, Some(Level::Implemented)));
    assert_eq!(markers(&run(&plugin, mapped), "GOV-X"), [(Signal::Undecided, Some("zoe".to_owned()))], "still undecided");
    // With `all`, a section holding anything but decisions is still refused, at the key.
    let all = with_governance("all");
    assert_eq!(
        problems(&all, "frameworks: [internal]\ninternal: { decisions: [], groups: [policy] }"),
        [("declared::section-not-taken", "scope.internal.groups".to_owned())]
    );
}
