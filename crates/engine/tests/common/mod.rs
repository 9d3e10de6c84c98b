//! Fixtures shared by the engine's integration tests: a tiny hub, a small organization written as
//! YAML, a test framework plugin with a fixed demand, and lookups into a report.

// Each test binary uses a different subset of these helpers.
#![allow(dead_code)]

use chrono::NaiveDate;
use crosswalk_engine::{ControlAssessment, Marker, Report, RequirementResult};
use crosswalk_model::validate::{check_framework, check_hub, check_profile};
use crosswalk_model::{FrameworkCatalog, Hub, Level, Profile, Requirement, Signal};
use crosswalk_plugin_api::{Context, Demand, FrameworkPlugin, Judgement, Prepared, Problem};

/// The date every test evaluates as of unless it says otherwise.
pub const AS_OF: &str = "2026-11-30";

pub fn date(text: &str) -> NaiveDate {
    text.parse().expect("test dates are written YYYY-MM-DD")
}

pub fn as_of() -> NaiveDate {
    date(AS_OF)
}

/// Removes the indentation common to every non-blank line, so fixtures can be indented like code.
pub fn dedent(text: &str) -> String {
    let indent = text.lines().filter(|line| !line.trim().is_empty()).map(|line| line.len() - line.trim_start().len()).min().unwrap_or(0);
    text.lines().map(|line| line.get(indent..).unwrap_or("").trim_end()).collect::<Vec<_>>().join("\n") + "\n"
}

fn indent(text: &str, by: usize) -> String {
    let pad = " ".repeat(by);
    dedent(text).lines().map(|line| if line.is_empty() { String::new() } else { format!("{pad}{line}") }).collect::<Vec<_>>().join("\n")
}

/// A hub objective: id, review cadence, test cadence, system-level, recovery.
pub type ObjectiveSpec = (&'static str, &'static str, &'static str, bool, bool);

/// The default hub: two organization-level and four system-level objectives, one of them a
/// recovery objective.
pub const OBJECTIVES: [ObjectiveSpec; 6] = [
    ("GOV-01", "annual", "annual", false, false),
    ("IAM-07", "quarterly", "quarterly", true, false),
    ("BCK-01", "quarterly", "quarterly", true, false),
    ("BCK-02", "quarterly", "quarterly", true, true),
    ("LOG-04", "weekly", "annual", false, false),
    ("INC-01", "annual", "quarterly", false, false),
];

const DOMAINS: [&str; 19] =
    ["GOV", "RSK", "AST", "DAT", "IAM", "CRY", "OPS", "NET", "LOG", "VUL", "CHG", "BCK", "BCM", "INC", "SUP", "PPL", "PHY", "PRV", "CMP"];

pub fn hub() -> Hub {
    hub_of(&OBJECTIVES)
}

/// A hub holding exactly `objectives`, with every hub domain so people may decide for any.
pub fn hub_of(objectives: &[ObjectiveSpec]) -> Hub {
    let mut text = String::from("version: test\ndomains:\n");
    for domain in DOMAINS {
        text += &format!("  - {{ id: {domain}, title: {domain}, description: Test domain. }}\n");
    }
    text += "objectives:\n";
    for (id, review, test, system_level, recovery) in objectives {
        let domain = id.split('-').next().expect("objective ids start with their domain");
        text += &format!(
            "  - {{ id: {id}, domain: {domain}, title: Objective {id}, description: Test objective., verified_when: A test passes., \
             review_cadence: {review}, test_cadence: {test}, system_level: {system_level}, recovery: {recovery} }}\n"
        );
    }
    let hub: Hub = crosswalk_model::yaml::parse(&text).expect("test hub parses");
    assert_eq!(check_hub(&hub), Vec::<Problem>::new(), "the test hub is valid");
    hub
}

/// People with authority over different domains, three functions of tiers 1 to 3 (the tier-3
/// one out of scope) and one system for each function.
pub const PEOPLE: &str = r#"
    - { id: dana, name: Dana Cho, decides: [GOV, IAM, INC, RSK] }
    - { id: sam, name: Sam Patel, decides: [BCK] }
    - { id: lee, name: Lee Park }
    - { id: zoe, name: Zoe Adler, decides: ["*"] }
"#;

pub const FUNCTIONS: &str = r#"
    - { id: clinical, name: Clinical records, tier: 1, rto: 4h, rpo: 15m }
    - { id: billing, name: Billing, tier: 2 }
    - { id: marketing, name: Marketing site, tier: 3, in_scope: false }
"#;

pub const SYSTEMS: &str = r#"
    - { id: ehr-db, name: EHR database, owner: sam, functions: [clinical] }
    - { id: billing-app, name: Billing application, owner: dana, functions: [billing] }
    - { id: website, name: Public website, owner: lee, functions: [marketing] }
"#;

/// The sections of a profile, each written as the YAML under its key.
#[derive(Debug, Clone, Copy)]
pub struct Parts<'a> {
    pub scope: &'a str,
    pub people: &'a str,
    pub functions: &'a str,
    pub systems: &'a str,
    pub controls: &'a str,
}

impl Default for Parts<'_> {
    fn default() -> Self {
        Self { scope: "frameworks: []", people: PEOPLE, functions: FUNCTIONS, systems: SYSTEMS, controls: "[]" }
    }
}

/// Parses a profile from its parts and checks it against `hub`, so a fixture typo fails loudly
/// instead of silently evaluating something else.
pub fn profile_from(hub: &Hub, parts: Parts) -> Profile {
    let section = |name: &str, body: &str| {
        if body.trim_start().starts_with('[') {
            format!("{name}: {}\n", body.trim())
        } else {
            format!("{name}:\n{}\n", indent(body, 2))
        }
    };
    let text = String::from("organization: { name: Test Org }\n")
        + &section("scope", parts.scope)
        + &section("people", parts.people)
        + &section("functions", parts.functions)
        + &section("systems", parts.systems)
        + &section("controls", parts.controls);
    let profile: Profile = crosswalk_model::yaml::parse(&text).unwrap_or_else(|error| panic!("test profile parses: {error:?}\n{text}"));
    let problems = check_profile(&profile, hub, &["alpha", "beta", "internal", "iso27001", "soc2", "hipaa", "nist-csf"]);
    assert!(problems.is_empty(), "the test profile is valid: {problems:#?}");
    profile
}

/// The standard organization with `controls` (the YAML list under `controls:`).
pub fn profile(hub: &Hub, controls: &str) -> Profile {
    profile_from(hub, Parts { controls, ..Parts::default() })
}

/// A framework whose applicable requirements all demand one level; requirements of the group
/// `excluded` are not applicable.
#[derive(Debug)]
pub struct TestFramework {
    catalog: FrameworkCatalog,
    level: Level,
}

pub const EXCLUDED: &str = "excluded";

impl TestFramework {
    pub fn new(hub: &Hub, id: &str, requirements: &[String], level: Level) -> Self {
        let text = format!(
            "framework: {{ id: {id}, name: Framework {id}, version: \"1\", publisher: crosswalk tests }}\nrequirements:\n{}",
            requirements.concat()
        );
        let catalog: FrameworkCatalog =
            crosswalk_model::yaml::parse(&text).unwrap_or_else(|error| panic!("test catalog parses: {error:?}\n{text}"));
        assert_eq!(check_framework(&catalog, hub), Vec::<Problem>::new(), "the test catalog is valid");
        Self { catalog, level }
    }
}

impl FrameworkPlugin for TestFramework {
    fn catalog(&self) -> &FrameworkCatalog {
        &self.catalog
    }

    fn prepare(&self, _: &Profile) -> Result<Prepared, Vec<Problem>> {
        Ok(Box::new(()))
    }

    fn check_scope(&self, _: &Profile, _: &Prepared) -> Vec<Problem> {
        Vec::new()
    }

    fn describe_scope(&self, _: &Context) -> String {
        format!("everything demands {}", self.level)
    }

    fn judge(&self, requirement: &Requirement, _: &Context) -> Judgement {
        if requirement.group == EXCLUDED {
            return Judgement::NotApplicable { reason: "excluded by the test framework".to_owned() };
        }
        Judgement::Evaluate(Demand { level: self.level, judged_on: None, period: None, basis: format!("test: {}", self.level) })
    }
}

/// A catalog requirement mapping onto `(objective, relationship)` pairs.
pub fn requirement(id: &str, mappings: &[(&str, &str)]) -> String {
    entry(id, "core", None, mappings)
}

/// A requirement under the heading `parent`.
pub fn child(id: &str, parent: &str, mappings: &[(&str, &str)]) -> String {
    entry(id, "core", Some(parent), mappings)
}

/// A requirement under `parent` that the test framework declares not applicable.
pub fn excluded_child(id: &str, parent: &str, mappings: &[(&str, &str)]) -> String {
    entry(id, EXCLUDED, Some(parent), mappings)
}

/// A heading: judged by the requirements whose `parent` it is.
pub fn heading(id: &str) -> String {
    format!(
        "  - id: {id}\n    title: Heading {id}\n    group: core\n    description: Test heading.\n    unmapped: {{ reason: heading, note: test heading }}\n"
    )
}

fn entry(id: &str, group: &str, parent: Option<&str>, mappings: &[(&str, &str)]) -> String {
    let mut text = format!("  - id: {id}\n    title: Requirement {id}\n    group: {group}\n    description: Test requirement.\n");
    if let Some(parent) = parent {
        text += &format!("    parent: {parent}\n");
    }
    text += "    mappings:\n";
    for (objective, relationship) in mappings {
        text += &format!("      - {{ objective: {objective}, relationship: {relationship}, rationale: test mapping }}\n");
    }
    text
}

pub fn control<'r>(report: &'r Report, id: &str) -> &'r ControlAssessment {
    report.controls.iter().find(|control| control.id == id).unwrap_or_else(|| panic!("control {id} is assessed"))
}

pub fn requirement_result<'r>(report: &'r Report, framework: &str, id: &str) -> &'r RequirementResult {
    report
        .frameworks
        .iter()
        .find(|f| f.id == framework)
        .unwrap_or_else(|| panic!("framework {framework} is evaluated"))
        .requirements
        .iter()
        .find(|r| r.id == id)
        .unwrap_or_else(|| panic!("requirement {framework}:{id} is evaluated"))
}

pub fn signals(control: &ControlAssessment) -> Vec<Signal> {
    control.signals.iter().map(|marker| marker.signal).collect()
}

pub fn marker(control: &ControlAssessment, signal: Signal) -> Option<&Marker> {
    control.signals.iter().find(|marker| marker.signal == signal)
}

pub fn has(control: &ControlAssessment, signal: Signal) -> bool {
    marker(control, signal).is_some()
}

/// Evaluates the standard organization with `controls` against no framework, as of [`AS_OF`]:
/// enough for everything judged per control.
pub fn assess(controls: &str) -> Report {
    let hub = hub();
    crosswalk_engine::evaluate(&hub, &profile(&hub, controls), &[], as_of())
}

/// The one control of `controls`, assessed as of [`AS_OF`].
pub fn assess_one(controls: &str) -> ControlAssessment {
    let report = assess(controls);
    assert_eq!(report.controls.len(), 1, "the fixture holds one control");
    report.controls.into_iter().next().expect("one control")
}
