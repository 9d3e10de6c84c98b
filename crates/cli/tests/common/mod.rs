//! What several CLI test files share: running the binary in a folder, a fresh scratch folder, and
//! git with nobody's own configuration. Each test file compiles this module on its own and uses
//! part of it, hence the `dead_code` allowance.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Runs `crosswalk` in `folder`, without colour.
pub fn crosswalk_in(folder: &Path, arguments: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_crosswalk"))
        .args(arguments)
        .current_dir(folder)
        .env("NO_COLOR", "1")
        .output()
        .expect("the binary runs")
}

/// A fresh, empty folder for one test: `crosswalk-<suite>-<name>-<pid>` under the temp dir.
pub fn scratch(suite: &str, name: &str) -> PathBuf {
    let folder = std::env::temp_dir().join(format!("crosswalk-{suite}-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&folder);
    std::fs::create_dir_all(&folder).expect("a scratch folder");
    folder
}

/// Runs git in `repository` and asserts it succeeded. Nobody's own configuration (signing,
/// hooks, default branch) takes part, and commits have a fixed author.
pub fn git(repository: &Path, args: &[&str]) {
    let status = Command::new("git")
        .args(args)
        .current_dir(repository)
        .env("HOME", repository)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "Test")
        .env("GIT_AUTHOR_EMAIL", "test@example.invalid")
        .env("GIT_COMMITTER_NAME", "Test")
        .env("GIT_COMMITTER_EMAIL", "test@example.invalid")
        .status()
        .expect("git runs");
    assert!(status.success(), "git {args:?}");
}
