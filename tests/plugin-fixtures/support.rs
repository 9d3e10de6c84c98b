//! For the tests that load the fixture libraries (included with `#[path]` by
//! `crates/host/tests/dynamic.rs` and `crates/cli/tests/plugin.rs`): each feature's library is
//! built once per test run, into its own target dir so it never waits on the cargo running the
//! tests, and every test loads a private copy.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The fixture library built with `feature` ("" for the well-behaved one).
fn built(feature: &str) -> PathBuf {
    static BUILT: Mutex<BTreeMap<String, PathBuf>> = Mutex::new(BTreeMap::new());
    let mut built = BUILT.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some(path) = built.get(feature) {
        return path.clone();
    }
    let target = workspace().join("target/plugin-fixtures");
    let mut command = std::process::Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()));
    command.current_dir(workspace()).args(["build", "-q", "-p", "crosswalk-plugin-fixtures", "--target-dir"]).arg(&target);
    if !feature.is_empty() {
        command.args(["--features", feature]);
    }
    let status = command.status().expect("cargo runs");
    assert!(status.success(), "building the fixture with `{feature}` failed");
    let name = format!("{}crosswalk_plugin_fixtures{}", std::env::consts::DLL_PREFIX, std::env::consts::DLL_SUFFIX);
    // Per test binary and feature: another test binary may be rebuilding the shared output.
    let kept = target.join("kept").join(format!("{}-{}", std::process::id(), if feature.is_empty() { "good" } else { feature }));
    std::fs::create_dir_all(&kept).expect("fixture folder");
    let path = kept.join(&name);
    std::fs::copy(target.join("debug").join(&name), &path).expect("fixture copied");
    built.insert(feature.to_owned(), path.clone());
    path
}

/// A copy of the fixture built with `feature` in a private temporary folder (mode 0700), as a
/// user's plugin folder would be: each test loads its own file, so no two share a library.
pub fn private_copy(feature: &str) -> (tempfile::TempDir, PathBuf) {
    let folder = tempfile::tempdir().expect("temporary folder");
    let library = built(feature);
    let path = folder.path().join(library.file_name().expect("a file name"));
    std::fs::copy(&library, &path).expect("copied");
    // The copy keeps the build's mode, which a umask such as 002 leaves group-writable.
    #[cfg(unix)]
    std::fs::set_permissions(&path, <std::fs::Permissions as std::os::unix::fs::PermissionsExt>::from_mode(0o755)).expect("chmod");
    (folder, path)
}
