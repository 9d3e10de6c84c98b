//! `cargo xtask new-plugin ID --dynamic` scaffolds a plugin library that builds and passes every
//! loader check as it is. The test runs docs/plugins.md's own first commands (the `cargo xtask
//! new-plugin` line, then `cd DIR && cargo build`) in a temporary folder and loads the library
//! as `crosswalk plugin check` does (crates/cli/tests/plugin.rs runs the page's `crosswalk` lines).

use std::path::Path;
use std::process::Command;

#[test]
fn the_documented_scaffold_builds_and_loads() {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let doc = std::fs::read_to_string(workspace.join("docs/plugins.md")).expect("docs/plugins.md is readable");
    let scaffold_line = doc.lines().find_map(|line| line.strip_prefix("cargo xtask ")).expect("the page scaffolds with cargo xtask");
    let (crate_dir, build_line) = doc
        .lines()
        .find_map(|line| line.strip_prefix("cd ")?.split_once(" && cargo "))
        .expect("the page builds with `cd DIR && cargo ...`");

    let folder = tempfile::tempdir().expect("temporary folder");
    let xtask = || {
        Command::new(env!("CARGO_BIN_EXE_xtask"))
            .args(scaffold_line.split_whitespace())
            .current_dir(folder.path())
            .output()
            .expect("xtask runs")
    };
    let scaffold = xtask();
    assert!(scaffold.status.success(), "{}", String::from_utf8_lossy(&scaffold.stderr));
    assert!(!xtask().status.success(), "an existing folder is never overwritten");

    // Built into the fixtures' target dir: it never waits on the cargo running this test, and
    // the dependencies compiled there are shared between runs.
    let target = workspace.join("target/plugin-fixtures");
    let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()))
        .args(build_line.split_whitespace())
        .args(["-q", "--target-dir"])
        .arg(&target)
        .current_dir(folder.path().join(crate_dir))
        .status()
        .expect("cargo runs");
    assert!(status.success(), "the scaffold builds as it is");

    let id = crate_dir;
    let name = format!("{}crosswalk_{}{}", std::env::consts::DLL_PREFIX, id.replace('-', "_"), std::env::consts::DLL_SUFFIX);
    assert!(doc.contains(&format!("PLUGIN=target/debug/libcrosswalk_{}", id.replace('-', "_"))), "the page names the built library");
    let library = folder.path().join(&name);
    std::fs::copy(target.join("debug").join(&name), &library).expect("copied");
    // The copy keeps the build's mode, which a umask such as 002 leaves group-writable.
    #[cfg(unix)]
    std::fs::set_permissions(&library, <std::fs::Permissions as std::os::unix::fs::PermissionsExt>::from_mode(0o755)).expect("chmod");
    let registry = crosswalk_host::Registry::builtin().expect("registry");
    let plugin = crosswalk_host::load_plugin(&library, None, &registry.hub, &registry.ids()).expect("passes every check");
    assert_eq!(plugin.hello().id, id);
    assert!(crosswalk_plugin_api::FrameworkPlugin::scope_schema(&plugin).is_some(), "the scaffold declares its scope section");
}
