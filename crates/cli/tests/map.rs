//! `crosswalk map` end to end through files: suggest writes a review, a person's acceptance is
//! written into it, apply writes a new framework file that reads back with the mapping, and
//! neither the review nor the framework file can be the output.

mod common;

use common::crosswalk_in;
use std::path::{Path, PathBuf};

/// A fresh folder holding a copy of the fixture framework being mapped.
fn scratch(name: &str) -> PathBuf {
    let folder = common::scratch("map", name);
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cmd/fixtures/map/new-framework.yaml");
    std::fs::copy(fixture, folder.join("framework.yaml")).expect("copy the fixture");
    folder
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).expect("readable")
}

#[test]
fn a_suggested_review_once_accepted_applies_into_a_new_framework_file() {
    let folder = scratch("round-trip");
    let suggested = crosswalk_in(&folder, &["map", "suggest", "framework.yaml", "--top", "2", "-o", "review.yaml"]);
    assert!(suggested.status.success(), "{}", String::from_utf8_lossy(&suggested.stderr));
    let review = read(&folder.join("review.yaml"));
    assert_eq!(review.matches("\n  accept: []").count(), 4, "one empty accept list per unmapped requirement");
    // The reviewer accepts one objective for the first requirement (ACS-1, restore testing).
    let accepted = review.replacen(
        "\n  accept: []",
        "\n  accept:\n  - objective: BCK-02\n    relationship: equal\n    rationale: Scheduled restores prove the backups.",
        1,
    );
    std::fs::write(folder.join("review.yaml"), accepted).expect("write the review");
    let applied = crosswalk_in(&folder, &["map", "apply", "review.yaml", "-o", "mapped.yaml"]);
    assert!(applied.status.success(), "{}", String::from_utf8_lossy(&applied.stderr));
    assert!(String::from_utf8_lossy(&applied.stderr).contains("added 1 mapping to 1 requirement; 3 requirements still unmapped"));
    let mapped = read(&folder.join("mapped.yaml"));
    assert!(mapped.starts_with("# Written by `crosswalk map apply` from review.yaml"));
    assert!(mapped.contains("- objective: BCK-02\n    relationship: equal\n    rationale: Scheduled restores prove the backups."));
    // The written file is a framework file: suggesting on it again leaves out what was mapped.
    let again = crosswalk_in(&folder, &["map", "suggest", "mapped.yaml"]);
    assert!(again.status.success(), "{}", String::from_utf8_lossy(&again.stderr));
    let again = String::from_utf8_lossy(&again.stdout);
    assert!(!again.contains("id: ACS-1") && again.contains("id: ACS-2"), "{again}");
    let _ = std::fs::remove_dir_all(&folder);
}

#[test]
fn apply_never_writes_over_the_review_or_the_framework_file() {
    let folder = scratch("inputs");
    assert!(crosswalk_in(&folder, &["map", "suggest", "framework.yaml", "-o", "review.yaml"]).status.success());
    let before = (read(&folder.join("review.yaml")), read(&folder.join("framework.yaml")));
    for output in ["review.yaml", "framework.yaml", "./framework.yaml"] {
        let refused = crosswalk_in(&folder, &["map", "apply", "review.yaml", "-o", output]);
        assert_eq!(refused.status.code(), Some(2), "{output}");
        assert!(String::from_utf8_lossy(&refused.stderr).contains("io::output-is-input"), "{output}");
    }
    assert_eq!((read(&folder.join("review.yaml")), read(&folder.join("framework.yaml"))), before);
    let _ = std::fs::remove_dir_all(&folder);
}
