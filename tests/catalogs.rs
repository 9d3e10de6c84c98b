//! Catalog completeness: every built-in framework carries exactly the identifiers of the checked
//! reference lists, every requirement is mapped or says why, and every mapping is well-formed.

use crosswalk_model::framework::{Implementation, UnmappedReason};
use crosswalk_model::validate::{check_framework, check_hub};
use crosswalk_model::{FrameworkCatalog, Hub};
use std::collections::BTreeSet;
use std::path::PathBuf;

fn workspace() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).parent().expect("tests/ sits in the workspace").to_path_buf()
}

/// Rows of a reference TSV as maps from column name to value.
fn reference(name: &str) -> Vec<std::collections::HashMap<String, String>> {
    let text = std::fs::read_to_string(workspace().join("tests/reference").join(name)).expect("reference list");
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().expect("header row").split('\t').collect();
    lines
        .filter(|line| !line.is_empty())
        .map(|line| {
            header.iter().map(|h| h.to_string()).zip(line.split('\t').map(str::to_owned).chain(std::iter::repeat(String::new()))).collect()
        })
        .collect()
}

fn catalog(id: &str) -> FrameworkCatalog {
    let plugin = match id {
        "iso27001" => crosswalk_iso27001::plugin(),
        "soc2" => crosswalk_soc2::plugin(),
        "nist-csf" => crosswalk_nist_csf::plugin(),
        _ => crosswalk_hipaa::plugin(),
    };
    plugin.expect("embedded catalog parses").catalog().clone()
}

fn hub() -> Hub {
    crosswalk_model::yaml::parse(&std::fs::read_to_string(workspace().join("frameworks/hub.yaml")).expect("hub file")).expect("hub parses")
}

fn ids(catalog: &FrameworkCatalog) -> Vec<String> {
    catalog.requirements.iter().map(|r| r.id.clone()).collect()
}

/// Where the shared reference list paraphrases a title, the catalog carries the standard's own
/// short title (a fact); every other title must match the list.
const ISO_TITLE_CORRECTIONS: [(&str, &str); 2] =
    [("6.3", "Planning of changes"), ("A.5.36", "Compliance with policies, rules and standards for information security")];

#[test]
fn iso27001_has_exactly_the_34_clauses_and_93_annex_a_controls_in_reference_order() {
    let rows = reference("iso27001-2022.tsv");
    let catalog = catalog("iso27001");
    assert_eq!(ids(&catalog), rows.iter().map(|r| r["id"].clone()).collect::<Vec<_>>());
    assert_eq!(catalog.requirements.iter().filter(|r| r.group == "clauses").count(), 34);
    assert_eq!(catalog.requirements.iter().filter(|r| r.group != "clauses").count(), 93);
    for (requirement, row) in catalog.requirements.iter().zip(&rows) {
        let corrected = ISO_TITLE_CORRECTIONS.iter().find(|(id, _)| *id == requirement.id).map(|(_, title)| *title);
        assert_eq!(requirement.title, corrected.unwrap_or(&row["short_title"]), "title of {}", requirement.id);
        let expected_group = if row["kind"] == "clause" { "clauses" } else { row["theme"].as_str() };
        assert_eq!(requirement.group, expected_group, "group of {}", requirement.id);
    }
}

#[test]
fn iso27001_parent_headings_are_judged_by_their_sub_clauses() {
    let catalog = catalog("iso27001");
    for heading in ["6.1", "7.5", "9.2", "9.3"] {
        let requirement = catalog.requirement(heading).expect("heading present");
        assert_eq!(requirement.unmapped.as_ref().map(|u| u.reason), Some(UnmappedReason::Heading), "{heading}");
        let children: Vec<&str> =
            catalog.requirements.iter().filter(|r| r.parent.as_deref() == Some(heading)).map(|r| r.id.as_str()).collect();
        assert!(!children.is_empty(), "{heading} has sub-clauses");
        assert!(children.iter().all(|child| child.starts_with(&format!("{heading}."))), "{heading}: {children:?}");
    }
}

#[test]
fn soc2_has_exactly_the_61_criteria_with_their_categories() {
    let rows = reference("soc2-tsc.tsv");
    let catalog = catalog("soc2");
    assert_eq!(ids(&catalog), rows.iter().map(|r| r["id"].clone()).collect::<Vec<_>>());
    assert_eq!(catalog.requirements.len(), 61);
    for (requirement, row) in catalog.requirements.iter().zip(&rows) {
        assert_eq!(requirement.group, row["category"], "category of {}", requirement.id);
    }
    assert_eq!(catalog.requirements.iter().filter(|r| r.group == "security").count(), 33);
    assert_eq!(catalog.requirements.iter().filter(|r| r.group == "privacy").count(), 18);
}

#[test]
fn hipaa_has_the_22_standards_and_46_specifications_with_their_required_or_addressable_status() {
    let rows = reference("hipaa-security.tsv");
    let catalog = catalog("hipaa");
    assert_eq!(ids(&catalog), rows.iter().map(|r| r["citation"].clone()).collect::<Vec<_>>());
    for (requirement, row) in catalog.requirements.iter().zip(&rows) {
        let expected = match row["req"].as_str() {
            "R" => Some(Implementation::Required),
            "A" => Some(Implementation::Addressable),
            _ => None,
        };
        assert_eq!(requirement.implementation, expected, "implementation of {}", requirement.id);
        assert_eq!(requirement.group, row["safeguard"], "safeguard of {}", requirement.id);
        let title = if row["req"] == "standard" { &row["standard"] } else { &row["implementation_specification"] };
        assert_eq!(&requirement.title, title, "title of {}", requirement.id);
        if expected.is_some() {
            let parent =
                requirement.parent.as_deref().and_then(|p| catalog.requirement(p)).expect("a specification sits under its standard");
            assert!(parent.implementation.is_none(), "{}'s parent {} is a standard", requirement.id, parent.id);
            assert_eq!(parent.title, row["standard"], "{}'s parent", requirement.id);
        }
    }
    let count = |wanted: Option<Implementation>| catalog.requirements.iter().filter(|r| r.implementation == wanted).count();
    assert_eq!((count(None), count(Some(Implementation::Required)), count(Some(Implementation::Addressable))), (22, 24, 22));
    let within_308_to_312 = |wanted| {
        catalog
            .requirements
            .iter()
            .filter(|r| r.implementation == Some(wanted) && !r.id.starts_with("164.314") && !r.id.starts_with("164.316"))
            .count()
    };
    assert_eq!((within_308_to_312(Implementation::Required), within_308_to_312(Implementation::Addressable)), (14, 22));
}

/// Where the shared reference list shortens a subcategory's outcome statement, the catalog
/// carries NIST's own wording, checked against the CSF 2.0 OSCAL catalog
/// (`shared/data/oscal/NIST_CSF_v2.0_catalog.xml`); every other title must match the list.
const CSF_TITLE_CORRECTIONS: [(&str, &str); 5] = [
    ("GV.OC-04", "Critical objectives, capabilities, and services that external stakeholders depend on or expect from the organization are understood and communicated"),
    ("GV.SC-05", "Requirements to address cybersecurity risks in supply chains are established, prioritized, and integrated into contracts and other types of agreements with suppliers and other relevant third parties"),
    ("GV.SC-07", "The risks posed by a supplier, their products and services, and other third parties are understood, recorded, prioritized, assessed, responded to, and monitored over the course of the relationship"),
    ("GV.SC-09", "Supply chain security practices are integrated into cybersecurity and enterprise risk management programs, and their performance is monitored throughout the technology product and service life cycle"),
    ("PR.AT-02", "Individuals in specialized roles are provided with awareness and training so that they possess the knowledge and skills to perform relevant tasks with cybersecurity risks in mind"),
];

#[test]
fn nist_csf_has_the_6_functions_22_categories_and_106_subcategories_in_reference_order() {
    let rows = reference("nist-csf-2.0.tsv");
    let catalog = catalog("nist-csf");
    assert_eq!(ids(&catalog), rows.iter().map(|r| r["id"].clone()).collect::<Vec<_>>());
    for (requirement, row) in catalog.requirements.iter().zip(&rows) {
        let corrected = CSF_TITLE_CORRECTIONS.iter().find(|(id, _)| *id == requirement.id).map(|(_, title)| *title);
        assert_eq!(requirement.title, corrected.unwrap_or(&row["title"]), "title of {}", requirement.id);
        assert_eq!(requirement.parent.as_deref().unwrap_or(""), row["parent"], "parent of {}", requirement.id);
        let function = requirement.id.split('.').next().unwrap_or_default();
        assert_eq!(requirement.group, function, "group of {}", requirement.id);
        let heading = requirement.unmapped.as_ref().is_some_and(|u| u.reason == UnmappedReason::Heading);
        assert_eq!(heading, row["level"] != "subcategory", "{} is a heading exactly when it is a function or category", requirement.id);
    }
    let count = |level: &str| rows.iter().filter(|r| r["level"] == level).count();
    assert_eq!((count("function"), count("category"), count("subcategory")), (6, 22, 106));
    assert_eq!(catalog.requirements.len(), 134);
}

#[test]
fn every_catalog_maps_only_onto_known_hub_objectives_and_explains_every_unmapped_requirement() {
    let hub = hub();
    assert_eq!(check_hub(&hub), Vec::new());
    for id in ["iso27001", "soc2", "hipaa", "nist-csf"] {
        let catalog = catalog(id);
        assert_eq!(check_framework(&catalog, &hub), Vec::new(), "{id}");
        for requirement in &catalog.requirements {
            assert!(!requirement.description.trim().is_empty(), "{id} {} has a description", requirement.id);
            assert!(
                requirement.mappings.len() <= 6,
                "{id} {} maps onto {} objectives: too broad",
                requirement.id,
                requirement.mappings.len()
            );
        }
    }
}

#[test]
fn every_mapped_requirement_can_be_fully_covered() {
    for id in ["iso27001", "soc2", "hipaa", "nist-csf"] {
        for requirement in catalog(id).requirements.iter().filter(|r| !r.mappings.is_empty()) {
            let whole = requirement.mappings.iter().any(|m| m.relationship.covers_whole());
            let parts = requirement.mappings.iter().filter(|m| m.relationship == crosswalk_model::Relationship::Superset).count();
            assert!(whole || parts >= 2, "{id} {}: no mapping set can ever cover it", requirement.id);
        }
    }
}

#[test]
fn the_hub_has_between_100_and_150_objectives_in_its_domains() {
    let hub = hub();
    assert!((100..=150).contains(&hub.objectives.len()), "{} objectives", hub.objectives.len());
    let domains: BTreeSet<&str> = hub.domains.iter().map(|d| d.id.as_str()).collect();
    for required in ["GOV", "RSK", "AST", "IAM", "CRY", "OPS", "LOG", "VUL", "CHG", "BCK", "BCM", "INC", "SUP", "PPL", "PHY", "PRV", "CMP"]
    {
        assert!(domains.contains(required), "domain {required}");
    }
    let restore = hub.objective("BCK-02").expect("restore testing");
    let configuration = hub.objective("BCK-01").expect("backup configuration");
    assert!(restore.recovery && !configuration.recovery, "restore testing and backup configuration are distinct objectives");
}

#[test]
fn reference_copies_match_the_shared_reference_set_when_it_is_present() {
    let shared = workspace().join("../shared/reference");
    if !shared.is_dir() {
        return;
    }
    for name in ["iso27001-2022.tsv", "soc2-tsc.tsv", "hipaa-security.tsv", "nist-csf-2.0.tsv"] {
        let copy = std::fs::read_to_string(workspace().join("tests/reference").join(name)).expect("copy");
        let original = std::fs::read_to_string(shared.join(name)).expect("shared");
        assert_eq!(copy, original, "tests/reference/{name} drifted from the shared set: copy it again");
    }
}
