//! `cargo xtask new-plugin ID --dynamic` scaffolds a plugin library that builds and passes every
//! loader check as it is: the test scaffolds into a temporary folder, builds the crate, and loads
//! it as `crosswalk plugin check` does.

use std::path::Path;
use std::process::Command;

#[test]
fn a_scaffolded_dynamic_plugin_builds_and_loads() {
    let folder = tempfile::tempdir().expect("temporary folder");
    let crate_dir = folder.path().join("demo-framework");
    let scaffold = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["new-plugin", "demo-framework", "--dynamic", "--dir"])
        .arg(&crate_dir)
        .output()
        .expect("xtask runs");
    assert!(scaffold.status.success(), "{}", String::from_utf8_lossy(&scaffold.stderr));
    let again = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["new-plugin", "demo-framework", "--dynamic", "--dir"])
        .arg(&crate_dir)
        .output()
        .expect("xtask runs");
    assert!(!again.status.success(), "an existing folder is never overwritten");

    // Built into the fixtures' target dir: it never waits on the cargo running this test, and
    // the dependencies compiled there are shared between runs.
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let target = workspace.join("target/plugin-fixtures");
    let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()))
        .args(["build", "-q", "--manifest-path"])
        .arg(crate_dir.join("Cargo.toml"))
        .arg("--target-dir")
        .arg(&target)
        .status()
        .expect("cargo runs");
    assert!(status.success(), "the scaffold builds as it is");

    let name = format!("{}crosswalk_demo_framework{}", std::env::consts::DLL_PREFIX, std::env::consts::DLL_SUFFIX);
    let library = folder.path().join(&name);
    std::fs::copy(target.join("debug").join(&name), &library).expect("copied");
    let registry = crosswalk_host::Registry::builtin().expect("registry");
    let plugin = crosswalk_host::load_plugin(&library, None, &registry.hub, &registry.ids()).expect("passes every check");
    assert_eq!(plugin.hello().id, "demo-framework");
    assert!(crosswalk_plugin_api::FrameworkPlugin::scope_schema(&plugin).is_some(), "the scaffold declares scope.demo-framework");
}
