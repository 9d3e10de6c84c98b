//! `crosswalk plugin check` and `--plugin PATH` through the binary, on the fixture libraries of
//! `tests/plugin-fixtures`: what a plugin declares, a refusal as an error or as a warning, and a
//! report judging a run-time plugin's framework beside the built-ins (the fixture through
//! `--plugin`, NIST CSF 2.0 through a pinned `crosswalk.yaml` entry); and the `crosswalk` lines of
//! docs/plugins.md, run as written.

#[path = "../../../tests/plugin-fixtures/support.rs"]
mod support;

mod common;

use common::crosswalk_in as crosswalk;
use std::path::Path;
use std::process::{Command, Output};
use support::{private_copy, private_library};

fn text(path: &Path) -> &str {
    path.to_str().expect("utf-8 path")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn plugin_check_prints_what_the_plugin_declares() {
    let (folder, library) = private_copy("");
    let output = crosswalk(folder.path(), &["plugin", "check", text(&library), "--format", "json"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let check: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(check["id"], "fixture");
    assert_eq!(check["requirements"], 2);
    assert_eq!(check["scope_schema"], false);
    assert_eq!(check["pinned"], false);
    assert_eq!(check["abi_version"], 1);
    let sha256 = check["sha256"].as_str().expect("sha256").to_owned();
    assert_eq!(sha256.len(), 64);

    let pinned = crosswalk(folder.path(), &["plugin", "check", text(&library), "--sha256", &sha256]);
    assert_eq!(pinned.status.code(), Some(0), "{}", stderr(&pinned));
    let shown = String::from_utf8_lossy(&pinned.stdout);
    assert!(shown.contains("ok: plugin `fixture`") && shown.contains(&format!("{sha256} (matches the pin)")), "{shown}");

    let mismatch = crosswalk(folder.path(), &["plugin", "check", text(&library), "--sha256", &"a".repeat(64)]);
    assert_eq!(mismatch.status.code(), Some(2));
    assert!(mismatch.stdout.is_empty());
    let error = stderr(&mismatch);
    assert!(error.contains("plugin::sha256-mismatch") && error.contains(text(&library)), "{error}");
}

#[cfg(unix)]
#[test]
fn a_refused_plugin_is_a_warning_and_the_run_goes_on_without_it() {
    use std::os::unix::fs::PermissionsExt;
    let (folder, library) = private_copy("");
    std::fs::set_permissions(&library, std::fs::Permissions::from_mode(0o666)).expect("chmod");
    let listed = crosswalk(folder.path(), &["--plugin", text(&library), "frameworks", "--format", "json"]);
    assert_eq!(listed.status.code(), Some(0), "{}", stderr(&listed));
    assert!(stderr(&listed).starts_with("warning: ") && stderr(&listed).contains("permission check"), "{}", stderr(&listed));
    let ids: Vec<serde_json::Value> = serde_json::from_slice::<Vec<serde_json::Value>>(&listed.stdout).expect("JSON");
    assert_eq!(ids.iter().map(|f| f["id"].as_str().unwrap_or_default()).collect::<Vec<_>>(), ["hipaa", "iso27001", "soc2"]);

    let needed = crosswalk(folder.path(), &["--plugin", text(&library), "catalog", "fixture"]);
    assert_eq!(needed.status.code(), Some(2));
    let error = stderr(&needed);
    assert!(error.contains("unknown framework `fixture`") && error.contains("not loaded") && error.contains("permission check"), "{error}");
}

#[test]
fn a_report_judges_a_run_time_plugin_beside_the_built_ins() {
    let (folder, library) = private_copy("");
    let listed = crosswalk(folder.path(), &["--plugin", text(&library), "frameworks"]);
    let shown = String::from_utf8_lossy(&listed.stdout);
    assert!(shown.contains("fixture") && shown.contains("library ") && shown.contains("(sha256 "), "{shown}");

    let init = crosswalk(folder.path(), &["init", "org"]);
    assert_eq!(init.status.code(), Some(0), "{}", stderr(&init));
    let profile = folder.path().join("org/profile.yaml");
    let starter = std::fs::read_to_string(&profile).expect("starter");
    std::fs::write(&profile, starter.replace("frameworks: [iso27001]", "frameworks: [iso27001, fixture]")).expect("edited");
    let output = crosswalk(folder.path(), &["--plugin", text(&library), "report", "org", "--as-of", "2026-11-30", "--format", "json"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let frameworks = report["frameworks"].as_array().expect("frameworks");
    let ids: Vec<&str> = frameworks.iter().filter_map(|f| f["id"].as_str()).collect();
    assert_eq!(ids, ["iso27001", "fixture"]);
    let fixture = &frameworks[1];
    assert_eq!(fixture["scope"], "every requirement applies, as of 2026-11-30");
    let f2 = fixture["requirements"].as_array().expect("requirements").iter().find(|r| r["id"] == "F-2").expect("F-2");
    assert_eq!(f2["baseline"], "not-applicable", "{f2}");
}

/// docs/plugins.md's walkthrough after the build (`PLUGIN=...` and the `crosswalk` lines), run as
/// one script in a folder holding the fixture library where the page says the build puts it.
#[test]
fn the_documented_commands_run() {
    let doc = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/plugins.md")).expect("readable");
    let lines: Vec<&str> = doc.lines().filter(|line| line.starts_with("PLUGIN=") || line.starts_with("crosswalk ")).collect();
    assert!(lines.len() >= 4 && lines[0].starts_with("PLUGIN="), "the walkthrough is found: {lines:?}");
    let (folder, library) = private_copy("");
    let documented = folder.path().join(lines[0].trim_start_matches("PLUGIN="));
    let target = documented.parent().expect("a folder");
    std::fs::create_dir_all(target).expect("folders");
    // As private as the temporary folder, whatever the umask.
    #[cfg(unix)]
    for folder in [target, target.parent().expect("a folder")] {
        std::fs::set_permissions(folder, <std::fs::Permissions as std::os::unix::fs::PermissionsExt>::from_mode(0o700)).expect("chmod");
    }
    std::fs::rename(&library, &documented).expect("placed");
    let binary = Path::new(env!("CARGO_BIN_EXE_crosswalk"));
    let path = std::env::join_paths(
        std::iter::once(binary.parent().expect("a folder").to_path_buf())
            .chain(std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default())),
    )
    .expect("PATH joins");
    let script = format!("set -e\n{}\n", lines.join("\n"));
    let output = Command::new("sh")
        .arg("-c")
        .arg(&script)
        .current_dir(folder.path())
        .env("PATH", path)
        .env("NO_COLOR", "1")
        .output()
        .expect("sh runs");
    assert_eq!(output.status.code(), Some(0), "{script}\nstderr: {}", stderr(&output));
    let shown = String::from_utf8_lossy(&output.stdout);
    assert!(shown.contains("ok: plugin `fixture`") && shown.contains("\"scope_schema\""), "{shown}");
}

/// The nist-csf crate built as a library, named with its sha256 in a crosswalk.yaml, judged in a
/// report beside ISO/IEC 27001 through the real dynamic path.
#[test]
fn nist_csf_loads_from_crosswalk_yaml_and_reports_beside_the_built_ins() {
    let (folder, library) = private_library("crosswalk-nist-csf", "");
    let check = crosswalk(folder.path(), &["plugin", "check", text(&library), "--format", "json"]);
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
    let check: serde_json::Value = serde_json::from_slice(&check.stdout).expect("JSON");
    assert_eq!((check["id"].as_str(), check["scope_schema"].as_bool()), (Some("nist-csf"), Some(true)));
    let sha256 = check["sha256"].as_str().expect("sha256");
    let file_name = library.file_name().and_then(|name| name.to_str()).expect("a file name");
    let config = folder.path().join("crosswalk.yaml");
    std::fs::write(&config, format!("plugins:\n  - path: {file_name}\n    sha256: {sha256}\n")).expect("crosswalk.yaml");

    let profile = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cmd/fixtures/nist-csf/profile.yaml");
    let arguments = ["--config", text(&config), "report", text(&profile), "--as-of", "2026-11-30", "--format", "json"];
    let output = crosswalk(folder.path(), &arguments);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(output.stderr.is_empty(), "no warning: {}", stderr(&output));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let frameworks = report["frameworks"].as_array().expect("frameworks");
    assert_eq!(frameworks.iter().filter_map(|f| f["id"].as_str()).collect::<Vec<_>>(), ["iso27001", "nist-csf"]);
    let csf = &frameworks[1];
    let requirements = csf["requirements"].as_array().expect("requirements");
    let baseline = |id: &str| requirements.iter().find(|r| r["id"] == id).map(|r| r["baseline"].clone()).expect(id);
    // Recover is outside the target (no RC tier); a Protect outcome is in it and judged.
    assert_eq!(baseline("RC.RP-01"), "not-applicable");
    assert_ne!(baseline("PR.DS-11"), "not-applicable");

    // A pin that no longer matches: the library is refused with a warning, and the profile that
    // selects nist-csf cannot be judged without it.
    std::fs::write(&config, format!("plugins:\n  - path: {file_name}\n    sha256: {}\n", "0".repeat(64))).expect("crosswalk.yaml");
    let refused = crosswalk(folder.path(), &arguments);
    assert_eq!(refused.status.code(), Some(2));
    let error = stderr(&refused);
    assert!(error.starts_with("warning: ") && error.contains("sha256 check") && error.contains("nist-csf"), "{error}");
}
