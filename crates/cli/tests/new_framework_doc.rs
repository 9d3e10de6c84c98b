//! docs/new-framework.md is run: every ```sh block, in order, in a fresh folder where `examples/`
//! is the repository's, as a new user following the page would.

#![cfg(unix)]

use std::path::PathBuf;
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The page's shell blocks, each as one script.
fn shell_blocks(doc: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut current: Option<String> = None;
    for line in doc.lines() {
        match (&mut current, line.trim_end()) {
            (None, "```sh") => current = Some(String::new()),
            (Some(block), "```") => {
                blocks.push(std::mem::take(block));
                current = None;
            }
            (Some(block), line) => {
                block.push_str(line);
                block.push('\n');
            }
            (None, _) => {}
        }
    }
    blocks
}

#[test]
fn every_command_of_the_new_framework_guide_runs() {
    let doc = std::fs::read_to_string(root().join("docs/new-framework.md")).expect("docs/new-framework.md is readable");
    let blocks = shell_blocks(&doc);
    assert!(blocks.len() >= 6, "the page's shell blocks are found: {blocks:?}");
    let binary = PathBuf::from(env!("CARGO_BIN_EXE_crosswalk"));
    let bin_dir = binary.parent().expect("the binary's folder");
    let path = std::env::join_paths(
        std::iter::once(bin_dir.to_path_buf()).chain(std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default())),
    )
    .expect("PATH joins");
    let work = std::env::temp_dir().join(format!("crosswalk-new-framework-doc-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work).expect("a scratch folder");
    std::os::unix::fs::symlink(root().join("examples").canonicalize().expect("examples exist"), work.join("examples"))
        .expect("link examples");
    for block in &blocks {
        let output = Command::new("sh")
            .arg("-e")
            .arg("-c")
            .arg(block)
            .current_dir(&work)
            .env("PATH", &path)
            .env("NO_COLOR", "1")
            .output()
            .expect("sh runs");
        assert_eq!(
            output.status.code(),
            Some(0),
            "```sh\n{block}``` exits 0\nstdout: {}\nstderr: {}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let skeleton = std::fs::read_to_string(work.join("vendor-baseline.yaml")).expect("framework new wrote the skeleton");
    assert!(skeleton.contains("id: vendor-baseline") && skeleton.contains("applicability:"), "the skeleton names its id and semantics");
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(work.join("acme-iss.json")).expect("the report was written")).expect("JSON");
    let framework = &report["frameworks"][0];
    assert_eq!(framework["id"], "acme-iss");
    assert_eq!(framework["requirements"].as_array().map(Vec::len), Some(10), "every requirement of the example is judged");
    let decided: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(work.join("acme-decided.json")).expect("the decided report was written"))
            .expect("JSON");
    let governance = decided["frameworks"][0]["requirements"].as_array().and_then(|all| all.iter().find(|r| r["id"] == "ISS-GOV-3"));
    assert_eq!(
        governance.map(|r| r["baseline"].clone()),
        Some(serde_json::json!("alternative")),
        "the recorded decision settles ISS-GOV-3"
    );
    std::fs::remove_dir_all(&work).expect("the scratch folder is removed");
}
