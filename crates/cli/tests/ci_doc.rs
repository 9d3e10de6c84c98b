//! docs/ci.md is run: every `crosswalk` command line of its workflow, against the example
//! organization, with the exit code the document promises. The workflow runs in a clone of the
//! profile's repository; here that is a temporary git repository holding a copy of the example,
//! whose `origin/main` is the example and whose working tree is a pull request adding a system
//! no control covers (so the drift gate has something to find).

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The `crosswalk ...` command lines of the document's workflow (`run: crosswalk ...`).
fn command_lines(doc: &str) -> Vec<String> {
    doc.lines()
        .filter_map(|line| line.trim().strip_prefix("run: "))
        .filter(|line| line.starts_with("crosswalk "))
        .map(str::to_owned)
        .collect()
}

#[test]
fn every_command_of_the_ci_workflow_runs_on_the_example() {
    let doc = std::fs::read_to_string(root().join("docs/ci.md")).expect("docs/ci.md is readable");
    let lines = command_lines(&doc);
    assert!(lines.len() >= 5, "the workflow's commands are found: {lines:?}");
    let binary = PathBuf::from(env!("CARGO_BIN_EXE_crosswalk"));
    let bin_dir = binary.parent().expect("the binary's folder");
    let path = std::env::join_paths(
        std::iter::once(bin_dir.to_path_buf()).chain(std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default())),
    )
    .expect("PATH joins");
    let work = std::env::temp_dir().join(format!("crosswalk-ci-doc-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work).expect("a scratch folder");
    let profile = pull_request_clone(&work);
    for line in &lines {
        let output = Command::new("sh")
            .arg("-c")
            .arg(line)
            .current_dir(&work)
            .env("PATH", &path)
            .env("PROFILE", profile)
            .env("NO_COLOR", "1")
            .output()
            .expect("sh runs");
        let gate = line.split_whitespace().any(|word| word == "--fail-on" || word == "--fail-on-regression");
        let expected = if gate { 1 } else { 0 };
        assert_eq!(
            output.status.code(),
            Some(expected),
            "`{line}` exits {expected}\nstdout: {}\nstderr: {}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        if let Some(file) = line.split_whitespace().skip_while(|word| *word != "--output").nth(1) {
            let written = std::fs::metadata(Path::new(&work).join(file)).map(|m| m.len()).unwrap_or(0);
            assert!(written > 0, "`{line}` writes {file}");
        }
    }
    let summary = std::fs::read_to_string(work.join("summary.md")).expect("the summary was written");
    assert!(summary.lines().count() < 120, "the pull-request summary is short ({} lines)", summary.lines().count());
    std::fs::remove_dir_all(&work).expect("the scratch folder is removed");
}

/// `work` as a clone of a profile repository: the example committed as `origin/main` under
/// `profile/`, and a working tree that adds a data store no control covers. Returns `profile`,
/// the path the workflow's `PROFILE` names.
fn pull_request_clone(work: &Path) -> &'static str {
    let git = |args: &[&str]| common::git(work, args);
    let profile = work.join("profile");
    std::fs::create_dir_all(&profile).expect("the profile folder");
    for entry in std::fs::read_dir(root().join("examples/acme-health")).expect("the example exists") {
        let entry = entry.expect("an entry");
        std::fs::copy(entry.path(), profile.join(entry.file_name())).expect("the example is copied");
    }
    git(&["init", "-q"]);
    git(&["add", "profile"]);
    git(&["commit", "-q", "-m", "the example"]);
    git(&["update-ref", "refs/remotes/origin/main", "HEAD"]);
    let systems = profile.join("systems.yaml");
    let mut text = std::fs::read_to_string(&systems).expect("systems.yaml");
    text.push_str(
        "  - { id: lab-results-db, name: Lab results store, kind: data-store, owner: sam-patel, functions: [clinical-records] }\n",
    );
    std::fs::write(&systems, text).expect("the pull request adds a system");
    "profile"
}

#[test]
fn init_writes_a_starter_profile_that_validates_and_reports_and_is_never_overwritten() {
    let work = std::env::temp_dir().join(format!("crosswalk-init-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&work);
    let run =
        |args: &[&str]| Command::new(env!("CARGO_BIN_EXE_crosswalk")).args(args).env("NO_COLOR", "1").output().expect("crosswalk runs");
    let dir = work.join("new-org");
    let dir_arg = dir.to_str().expect("a UTF-8 path");
    let init = run(&["init", dir_arg]);
    assert_eq!(init.status.code(), Some(0), "{}", String::from_utf8_lossy(&init.stderr));
    let file = dir.join("profile.yaml");
    let written = std::fs::read_to_string(&file).expect("profile.yaml is written");
    assert!(written.starts_with("# A starter crosswalk profile"), "it is commented");
    for kind in ["policy", "configuration", "record", "test", "review"] {
        assert!(written.contains(&format!("kind: {kind}")), "one piece of evidence of kind {kind}");
    }
    let validate = run(&["validate", file.to_str().expect("UTF-8")]);
    assert_eq!(validate.status.code(), Some(0), "{}", String::from_utf8_lossy(&validate.stderr));
    let report = run(&["report", dir_arg, "--as-of", "2026-11-30", "--format", "json"]);
    assert_eq!(report.status.code(), Some(0), "{}", String::from_utf8_lossy(&report.stderr));
    let json: serde_json::Value = serde_json::from_slice(&report.stdout).expect("JSON");
    assert_eq!(json["controls"].as_array().map(Vec::len), Some(3));
    // A second init refuses, and leaves the edited file as it is.
    std::fs::write(&file, "# edited\n").expect("edit");
    let again = run(&["init", dir_arg]);
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("already exists"));
    assert_eq!(std::fs::read_to_string(&file).expect("still there"), "# edited\n");
    std::fs::remove_dir_all(&work).expect("the scratch folder is removed");
}
