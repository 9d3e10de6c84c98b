//! The import on NIST's real OSCAL content (gzip copies in `tests/data/oscal/` of the files in the
//! project's shared set): the counts its README documents, and a few requirements checked word
//! for word.

use crosswalk_model::FrameworkCatalog;
use crosswalk_oscal::{import, read_catalog, read_profile, Import, SelectionStatistics, Syntax};
use std::io::Read;
use std::path::PathBuf;

const FULL_JSON: &str = "NIST_SP-800-53_rev5.0.1_catalog.json";
const FULL_YAML: &str = "NIST_SP-800-53_rev5.0.1_catalog.yaml";
const MODERATE_JSON: &str = "NIST_SP-800-53_rev5_MODERATE-baseline-resolved-profile_catalog.json";
const MODERATE_YAML: &str = "NIST_SP-800-53_rev5_MODERATE-baseline-resolved-profile_catalog.yaml";
const PROFILE_JSON: &str = "NIST_SP-800-53_rev5_MODERATE-baseline_profile.json";
const PROFILE_YAML: &str = "NIST_SP-800-53_rev5_MODERATE-baseline_profile.yaml";

/// A data file's text, from the repository's gzip copy of NIST's file (`tests/data/oscal/`), so
/// a clone alone runs these tests.
fn data(name: &str) -> String {
    let path = workspace().join("tests/data/oscal").join(format!("{name}.gz"));
    let compressed = std::fs::read(&path).unwrap_or_else(|error| panic!("cannot read {}: {error}", path.display()));
    let mut text = String::new();
    flate2::read::GzDecoder::new(compressed.as_slice())
        .read_to_string(&mut text)
        .unwrap_or_else(|error| panic!("{} does not decompress to UTF-8 text: {error}", path.display()));
    text
}

fn workspace() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

#[test]
fn the_copies_match_nists_files_in_the_shared_set_when_it_is_present() {
    let shared = workspace().join("../shared/data/oscal");
    if !shared.is_dir() {
        return;
    }
    for name in [FULL_JSON, FULL_YAML, MODERATE_JSON, MODERATE_YAML, PROFILE_JSON, PROFILE_YAML] {
        let original = std::fs::read_to_string(shared.join(name)).expect("the shared file reads");
        assert!(data(name) == original, "tests/data/oscal/{name}.gz drifted from the shared set: copy it again (gzip -9n)");
    }
}

fn syntax(name: &str) -> Syntax {
    if name.ends_with(".json") {
        Syntax::Json
    } else {
        Syntax::Yaml
    }
}

fn imported(catalog: &str, profile: Option<&str>) -> Import {
    let parsed = read_catalog(&data(catalog), syntax(catalog)).unwrap_or_else(|error| panic!("{catalog}: {error:?}"));
    let profile = profile.map(|name| read_profile(&data(name), syntax(name)).unwrap_or_else(|error| panic!("{name}: {error:?}")));
    import(&parsed, "nist-800-53", profile.as_ref())
}

fn json(catalog: &FrameworkCatalog) -> Option<serde_json::Value> {
    serde_json::to_value(catalog).ok()
}

#[test]
fn the_full_catalog_has_its_documented_counts() {
    let import = imported(FULL_JSON, None);
    let statistics = &import.statistics;
    // 1189 = 322 controls + 867 enhancements, 182 of them withdrawn.
    assert_eq!((statistics.requirements, statistics.withdrawn), (1007, 182));
    assert_eq!(statistics.requirements + statistics.withdrawn, 1189);
    assert_eq!((statistics.controls, statistics.enhancements, statistics.groups), (298, 709, 20));
    assert!(import.catalog.requirement("AC-2(10)").is_none(), "AC-2(10) is withdrawn");
    assert!(import.collisions.is_empty(), "every label is unique: {:?}", import.collisions);
    let info = &import.catalog.framework;
    assert_eq!(info.version, "5.0.1");
    assert_eq!(info.publisher, "Joint Task Force, Interagency Working Group");
    assert!(info.name.starts_with("NIST Special Publication 800-53 Revision 5"), "{}", info.name);
}

#[test]
fn account_management_reads_as_in_the_catalog() {
    let import = imported(FULL_JSON, None);
    let control = import.catalog.requirement("AC-2").expect("AC-2");
    assert_eq!((control.title.as_str(), control.group.as_str(), control.parent.as_deref()), ("Account Management", "ac", None));
    assert!(
        control.description.starts_with(
            "a. Define and document the types of accounts allowed and specifically prohibited for use within the system; \
             b. Assign account managers; c. Require [organization-defined prerequisites and criteria] for group and role \
             membership; d. Specify: 1. Authorized users of the system; 2. Group and role membership; and 3."
        ),
        "{}",
        control.description
    );
    let enhancement = import.catalog.requirement("AC-2(1)").expect("AC-2(1)");
    // An enhancement adds to its control: no parent (which would hold AC-2 unmet until every
    // enhancement is met), and the title names the control first, as NIST prints it.
    assert_eq!(
        (enhancement.title.as_str(), enhancement.parent.as_deref()),
        ("Account Management | Automated System Account Management", None)
    );
    assert_eq!(enhancement.description, "Support the management of system accounts using [organization-defined automated mechanisms].");
    let choices = import.catalog.requirement("AC-2(2)").expect("AC-2(2)");
    assert!(choices.description.contains("[one of: remove, disable]"), "{}", choices.description);
}

#[test]
fn the_yaml_catalog_imports_as_the_json_one() {
    assert_eq!(json(&imported(FULL_YAML, None).catalog), json(&imported(FULL_JSON, None).catalog));
}

#[test]
fn the_moderate_profile_selects_its_287_controls() {
    let import = imported(FULL_JSON, Some(PROFILE_JSON));
    let selection = SelectionStatistics { selected: 287, not_selected: 1007 - 287, missing: Vec::new() };
    assert_eq!(import.statistics.profile.as_ref(), Some(&selection));
    assert_eq!((import.statistics.requirements, import.statistics.withdrawn), (287, 0));
    assert_eq!((import.statistics.controls, import.statistics.enhancements), (177, 110));
    let from_yaml = imported(FULL_JSON, Some(PROFILE_YAML));
    assert_eq!(json(&from_yaml.catalog), json(&import.catalog));
    // The same controls NIST's own resolution of the profile holds.
    let resolved = imported(MODERATE_JSON, None);
    let ids = |import: &Import| import.catalog.requirements.iter().map(|r| r.id.clone()).collect::<Vec<_>>();
    assert_eq!(ids(&import), ids(&resolved));
}

#[test]
fn the_resolved_moderate_catalog_has_its_documented_counts() {
    let import = imported(MODERATE_YAML, None);
    assert_eq!((import.statistics.requirements, import.statistics.withdrawn), (287, 0));
    assert_eq!((import.statistics.controls, import.statistics.enhancements), (177, 110));
    let control = import.catalog.requirement("AC-2").expect("AC-2");
    // 5.1.1 labels parameters without "organization-defined".
    assert!(
        control.description.contains("c. Require [prerequisites and criteria] for group and role membership;"),
        "{}",
        control.description
    );
    assert_eq!(json(&import.catalog), json(&imported(MODERATE_JSON, None).catalog));
}
