//! `crosswalk drift` on sides that need a setup a case file cannot hold: a report saved by an
//! earlier run, and `git:REV:PATH` read from a temporary git repository built here (never from
//! this repository's own history, which a shallow CI clone may lack).

mod common;

use common::{crosswalk_in as crosswalk, git};
use std::path::PathBuf;
use std::process::Output;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/cmd/fixtures").join(name)
}

fn scratch(name: &str) -> PathBuf {
    common::scratch("drift", name)
}

fn json(output: &Output) -> serde_json::Value {
    serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|error| panic!("JSON on stdout ({error}): {}", String::from_utf8_lossy(&output.stderr)))
}

/// The kinds and subjects of a drift's `worse` (or `better`) list.
fn changes(drift: &serde_json::Value, list: &str) -> Vec<(String, String)> {
    drift[list]
        .as_array()
        .expect("a list of changes")
        .iter()
        .map(|change| (change["kind"].as_str().unwrap_or_default().to_owned(), change["subject"].as_str().unwrap_or_default().to_owned()))
        .collect()
}

#[test]
fn a_saved_report_is_compared_as_of_its_own_date() {
    let work = scratch("saved");
    let saved = work.join("old.json");
    let minimal = fixture("minimal.yaml");
    let report = crosswalk(
        &work,
        &["report", minimal.to_str().expect("UTF-8"), "--as-of", "2026-11-30", "--format", "json", "--output", "old.json"],
    );
    assert_eq!(report.status.code(), Some(0), "{}", String::from_utf8_lossy(&report.stderr));
    let weaker = fixture("drift-weaker.yaml");
    let weaker = weaker.to_str().expect("UTF-8");

    let output = crosswalk(&work, &["drift", "old.json", weaker, "--as-of", "2026-12-15", "--format", "json"]);
    assert_eq!(output.status.code(), Some(0), "without --fail-on-regression: {}", String::from_utf8_lossy(&output.stderr));
    let drift = json(&output);
    assert_eq!((drift["old"]["as_of"].as_str(), drift["new"]["as_of"].as_str()), (Some("2026-11-30"), Some("2026-12-15")));
    assert_eq!(drift["old"]["source"].as_str(), Some("old.json"));
    let worse = changes(&drift, "worse");
    assert!(worse.contains(&("scope-gap".to_owned(), "files".to_owned())), "{worse:?}");
    assert!(worse.contains(&("exceptions".to_owned(), "BACKUPS".to_owned())), "{worse:?}");

    let text = crosswalk(&work, &["drift", "old.json", weaker, "--as-of", "2026-12-15", "--fail-on-regression"]);
    assert_eq!(text.status.code(), Some(1), "something got worse");
    let shown = String::from_utf8_lossy(&text.stdout);
    assert!(shown.contains("old.json (as of 2026-11-30)") && shown.contains("(as of 2026-12-15)"), "both dates are shown: {shown}");

    // The same report on both sides is no drift, whatever --as-of says.
    let same = crosswalk(&work, &["drift", "old.json", "old.json", "--as-of", "2027-06-01", "--format", "json", "--fail-on-regression"]);
    assert_eq!(same.status.code(), Some(0));
    assert!(changes(&json(&same), "worse").is_empty());

    let refused = crosswalk(&work, &["drift", "old.json", weaker, "--output", "old.json"]);
    assert_eq!(refused.status.code(), Some(2), "an input is never the output");
    assert!(std::fs::read_to_string(&saved).expect("still there").starts_with('{'), "the saved report is untouched");
    std::fs::remove_dir_all(&work).expect("the scratch folder is removed");
}

#[test]
fn a_git_side_reads_the_profile_as_it_was_at_a_revision() {
    let repository = scratch("git");
    git(&repository, &["init", "-q"]);
    let folder = repository.join("profile");
    std::fs::create_dir_all(&folder).expect("the profile folder");
    std::fs::copy(fixture("minimal.yaml"), folder.join("profile.yaml")).expect("the profile is copied");
    std::fs::write(folder.join("NOTES.md"), "not part of the profile\n").expect("a note");
    std::fs::copy(fixture("minimal.yaml"), repository.join("retired.yaml")).expect("a second profile");
    git(&repository, &["add", "."]);
    git(&repository, &["commit", "-q", "-m", "baseline"]);
    // The working tree weakens the profile and drops a file that HEAD still has.
    std::fs::copy(fixture("drift-weaker.yaml"), folder.join("profile.yaml")).expect("the profile changes");
    std::fs::remove_file(repository.join("retired.yaml")).expect("a file is removed");

    let folder_side = crosswalk(
        &repository,
        &["drift", "git:HEAD:profile", "profile", "--as-of", "2026-11-30", "--format", "json", "--fail-on-regression"],
    );
    assert_eq!(folder_side.status.code(), Some(1), "{}", String::from_utf8_lossy(&folder_side.stderr));
    let drift = json(&folder_side);
    assert_eq!(drift["old"]["source"].as_str(), Some("git:HEAD:profile"));
    let worse = changes(&drift, "worse");
    assert!(worse.contains(&("scope-gap".to_owned(), "files".to_owned())), "{worse:?}");

    // A file at the revision, asked from inside the repository, gives the same comparison.
    let file_side = crosswalk(&folder, &["drift", "git:HEAD:profile.yaml", "profile.yaml", "--as-of", "2026-11-30", "--format", "json"]);
    assert_eq!(file_side.status.code(), Some(0), "{}", String::from_utf8_lossy(&file_side.stderr));
    assert_eq!(changes(&json(&file_side), "worse"), worse);

    // A path gone from the working tree is still read at the revision.
    let removed = crosswalk(&repository, &["drift", "git:HEAD:retired.yaml", "profile", "--as-of", "2026-11-30", "--format", "json"]);
    assert_eq!(removed.status.code(), Some(0), "{}", String::from_utf8_lossy(&removed.stderr));
    assert_eq!(changes(&json(&removed), "worse"), worse);

    let unknown_revision = crosswalk(&repository, &["drift", "git:no-such-branch:profile", "profile"]);
    assert_eq!(unknown_revision.status.code(), Some(2));
    let said = String::from_utf8_lossy(&unknown_revision.stderr);
    assert!(said.contains("revision `no-such-branch` does not exist"), "{said}");

    let missing_path = crosswalk(&repository, &["drift", "git:HEAD:nowhere", "profile"]);
    assert_eq!(missing_path.status.code(), Some(2));
    let said = String::from_utf8_lossy(&missing_path.stderr);
    assert!(said.contains("`nowhere` does not exist at revision `HEAD`"), "{said}");

    let outside = scratch("not-a-repository");
    let not_a_repository = crosswalk(&outside, &["drift", "git:HEAD:profile.yaml", "profile.yaml"]);
    assert_eq!(not_a_repository.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&not_a_repository.stderr).contains("is not inside a git repository"));
    std::fs::remove_dir_all(&repository).expect("the repository is removed");
    std::fs::remove_dir_all(&outside).expect("the scratch folder is removed");
}
