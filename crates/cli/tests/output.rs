//! End-to-end checks of the binary that a data file cannot express: the exact set of linked
//! plugins, atomic `--output`, and the JSON contract's required fields.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn crosswalk(arguments: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_crosswalk"))
        .args(arguments)
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cmd/fixtures"))
        .env("NO_COLOR", "1")
        .output()
        .expect("the binary runs")
}

fn json(output: &Output) -> serde_json::Value {
    serde_json::from_slice(&output.stdout).expect("stdout is JSON")
}

fn scratch(name: &str) -> PathBuf {
    let folder = std::env::temp_dir().join(format!("crosswalk-cli-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&folder);
    std::fs::create_dir_all(&folder).expect("scratch folder");
    folder
}

#[test]
fn the_binary_registers_exactly_the_three_built_in_frameworks() {
    let output = crosswalk(&["frameworks", "--format", "json"]);
    assert!(output.status.success());
    let ids: Vec<String> = json(&output).as_array().expect("a list").iter().map(|f| f["id"].as_str().expect("id").to_owned()).collect();
    assert_eq!(ids, ["hipaa", "iso27001", "soc2"]);
}

#[test]
fn output_is_written_whole_and_a_failed_run_leaves_the_previous_file_untouched() {
    let folder = scratch("atomic");
    let target = folder.join("report.json");
    let target_arg = target.to_str().expect("utf-8 path");
    let written = crosswalk(&["report", "minimal.yaml", "--as-of", "2026-11-30", "--format", "json", "--output", target_arg]);
    assert!(written.status.success(), "{}", String::from_utf8_lossy(&written.stderr));
    assert!(written.stdout.is_empty(), "nothing on stdout when --output is given");
    let first = std::fs::read_to_string(&target).expect("report written");
    serde_json::from_str::<serde_json::Value>(&first).expect("a whole JSON document");

    let failed = crosswalk(&["report", "unknown-objective.yaml", "--as-of", "2026-11-30", "--format", "json", "--output", target_arg]);
    assert_eq!(failed.status.code(), Some(2));
    assert_eq!(std::fs::read_to_string(&target).expect("still there"), first, "a failed run must not touch the output");
    let leftovers: Vec<_> = std::fs::read_dir(&folder).expect("folder").filter_map(Result::ok).map(|e| e.file_name()).collect();
    assert_eq!(leftovers.len(), 1, "no temporary file left behind: {leftovers:?}");

    let missing = folder.join("never.json");
    let failed = crosswalk(&["report", "unknown-objective.yaml", "--output", missing.to_str().expect("utf-8 path")]);
    assert_eq!(failed.status.code(), Some(2));
    assert!(!missing.exists(), "no partial output file");
    let _ = std::fs::remove_dir_all(&folder);
}

#[test]
fn report_json_carries_the_contract_fields() {
    let output = crosswalk(&["report", "minimal.yaml", "--as-of", "2026-11-30", "--format", "json"]);
    assert!(output.status.success());
    let report = json(&output);
    assert_eq!(report["as_of"], "2026-11-30");
    for key in ["frameworks", "shared_gaps", "leverage", "agenda"] {
        assert!(report[key].is_array(), "{key}");
    }
    let iso = &report["frameworks"][0];
    assert_eq!(iso["id"], "iso27001");
    for key in ["met", "partial", "unmet", "not_applicable", "alternative"] {
        assert!(iso["coverage"][key].is_number(), "coverage.{key}");
    }
    let backup = iso["requirements"].as_array().expect("requirements").iter().find(|r| r["id"] == "A.8.13").expect("A.8.13");
    assert_eq!(backup["baseline"], "partial");
    assert_eq!(backup["controls"], serde_json::json!(["BACKUPS", "RESTORES"]));
    // A control's signals live once, on the control; the requirement names which signals its
    // controls raise.
    assert!(backup["control_signals"].as_array().is_some_and(|signals| signals.iter().any(|s| s == "no-response")));
    let controls = report["controls"].as_array().expect("controls");
    let marker = &controls.iter().find(|c| c["id"] == "BACKUPS").expect("BACKUPS")["signals"][0];
    for key in ["signal", "control", "decider", "reason"] {
        assert!(marker.get(key).is_some(), "governance marker field {key}");
    }
    let excluded = iso["requirements"].as_array().expect("requirements").iter().find(|r| r["id"] == "A.8.30").expect("A.8.30");
    assert_eq!(excluded["baseline"], "not-applicable");
}

#[test]
fn catalog_and_compare_json_follow_the_contract() {
    let hipaa = json(&crosswalk(&["catalog", "hipaa", "--format", "json"]));
    assert_eq!(hipaa["id"], "hipaa");
    let backup_plan =
        hipaa["requirements"].as_array().expect("list").iter().find(|r| r["id"] == "164.308(a)(7)(ii)(A)").expect("backup plan");
    assert_eq!(backup_plan["implementation"], "required");
    assert!(backup_plan["mappings"][0]["objective"].is_string() && backup_plan["mappings"][0]["relationship"].is_string());

    let comparison = json(&crosswalk(&["compare", "hipaa", "iso27001", "--format", "json"]));
    assert_eq!((comparison["a"].as_str(), comparison["b"].as_str()), (Some("hipaa"), Some("iso27001")));
    let pairs = comparison["pairs"].as_array().expect("pairs");
    let pair =
        pairs.iter().find(|p| p["a"] == "164.308(a)(7)(ii)(A)" && p["b"] == "A.8.13").expect("backup plan pairs with information backup");
    assert!(pair["via"].as_array().expect("via").iter().any(|o| o == "BCK-01"));
    assert!(!pairs.iter().any(|p| p["a"] == "164.308(a)(7)(ii)(A)" && p["b"] == "A.7.4"), "backups do not pair with physical monitoring");
}

#[test]
fn usage_errors_exit_with_code_2() {
    assert_eq!(crosswalk(&["report"]).status.code(), Some(2));
    assert_eq!(crosswalk(&["no-such-command"]).status.code(), Some(2));
    assert_eq!(crosswalk(&["catalog", "nist"]).status.code(), Some(2));
}

#[test]
fn catalog_hub_lists_for_each_objective_the_requirements_mapping_onto_it() {
    let output = crosswalk(&["catalog", "hub", "--format", "json"]);
    assert!(output.status.success());
    let hub = json(&output);
    let objectives = hub["objectives"].as_array().expect("objectives");
    let restore = objectives.iter().find(|o| o["id"] == "BCK-02").expect("BCK-02");
    let mapped: Vec<String> = restore["mapped_by"]
        .as_array()
        .expect("mapped_by")
        .iter()
        .map(|m| {
            format!(
                "{}:{} {}",
                m["framework"].as_str().unwrap_or(""),
                m["requirement"].as_str().unwrap_or(""),
                m["relationship"].as_str().unwrap_or("")
            )
        })
        .collect();
    assert!(mapped.contains(&"hipaa:164.308(a)(7)(ii)(D) superset".to_owned()), "{mapped:?}");
    assert!(mapped.iter().any(|m| m.starts_with("iso27001:A.8.13")) && mapped.iter().any(|m| m.starts_with("soc2:A1.3")), "{mapped:?}");
    // The hub's own fields are all there, beside the reverse lookup.
    assert_eq!(restore["system_level"], true);
    assert!(restore["applies_to"].as_array().is_some_and(|kinds| kinds.iter().any(|k| k == "data-store")));
}
