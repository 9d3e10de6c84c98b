//! For the tests that load this workspace's plugin libraries, the fixtures and nist-csf (included
//! with `#[path]` by `crates/host/tests/dynamic.rs` and `crates/cli/tests/plugin.rs`): each
//! library is built once per test run, into its own target dir so it never waits on the cargo
//! running the tests, and every test loads a private copy.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The library of workspace `package` built with `feature` ("" for none).
fn built(package: &str, feature: &str) -> PathBuf {
    static BUILT: Mutex<BTreeMap<(String, String), PathBuf>> = Mutex::new(BTreeMap::new());
    let mut built = BUILT.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let key = (package.to_owned(), feature.to_owned());
    if let Some(path) = built.get(&key) {
        return path.clone();
    }
    let target = workspace().join("target/plugin-fixtures");
    let mut command = std::process::Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()));
    command.current_dir(workspace()).args(["build", "-q", "-p", package, "--target-dir"]).arg(&target);
    if !feature.is_empty() {
        command.args(["--features", feature]);
    }
    let status = command.status().expect("cargo runs");
    assert!(status.success(), "building {package} with `{feature}` failed");
    let name = format!("{}{}{}", std::env::consts::DLL_PREFIX, package.replace('-', "_"), std::env::consts::DLL_SUFFIX);
    // Per test binary, package and feature: another test binary may be rebuilding the output.
    let kept = target.join("kept").join(format!("{}-{package}-{feature}", std::process::id()));
    std::fs::create_dir_all(&kept).expect("library folder");
    let path = kept.join(&name);
    std::fs::copy(target.join("debug").join(&name), &path).expect("library copied");
    built.insert(key, path.clone());
    path
}

/// A copy of the fixture built with `feature` ("" for the well-behaved one) in a private
/// temporary folder (mode 0700), as a user's plugin folder would be: each test loads its own
/// file, so no two share a library.
pub fn private_copy(feature: &str) -> (tempfile::TempDir, PathBuf) {
    private_library("crosswalk-plugin-fixtures", feature)
}

/// A private copy (as [`private_copy`]) of workspace `package`'s library built with `feature`.
pub fn private_library(package: &str, feature: &str) -> (tempfile::TempDir, PathBuf) {
    let folder = tempfile::tempdir().expect("temporary folder");
    let library = built(package, feature);
    let path = folder.path().join(library.file_name().expect("a file name"));
    std::fs::copy(&library, &path).expect("copied");
    // The copy keeps the build's mode, which a umask such as 002 leaves group-writable.
    #[cfg(unix)]
    std::fs::set_permissions(&path, <std::fs::Permissions as std::os::unix::fs::PermissionsExt>::from_mode(0o755)).expect("chmod");
    (folder, path)
}
