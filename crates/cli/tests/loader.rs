//! The profile loader against what a data file in git cannot hold: FIFOs, symbolic links
//! (dangling, looping, onto devices), device files and oversized files. Each must end quickly
//! with a located error and exit code 2, never hang, exhaust memory or be skipped silently.
//! Every run has a time limit (and, for devices, a memory limit), so a regression fails the test
//! instead of hanging it.
#![cfg(unix)]

use std::fs;
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const MINIMAL: &str = include_str!("cmd/fixtures/minimal.yaml");

/// What a run printed, and how it ended.
struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

impl Run {
    fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|error| panic!("stdout is JSON ({error}): {}", self.stdout))
    }
}

/// A temporary folder, removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Self {
        let folder = std::env::temp_dir().join(format!("crosswalk-loader-test-{}-{name}", std::process::id()));
        let _ = fs::remove_dir_all(&folder);
        fs::create_dir_all(&folder).expect("scratch folder");
        Self(folder)
    }

    fn path(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }

    fn fifo(&self, name: &str) -> PathBuf {
        let path = self.path(name);
        let status = Command::new("mkfifo").arg(&path).status().expect("mkfifo runs");
        assert!(status.success(), "mkfifo {}", path.display());
        path
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

/// Runs the binary in `folder` with a 10-second limit and about 1 GiB of address space, through
/// `sh` so the memory limit applies to the binary only. A run past the time limit is killed and
/// fails the test.
fn crosswalk_in(folder: &Path, arguments: &[&str]) -> Run {
    let stdout_path = folder.join(".stdout");
    let stderr_path = folder.join(".stderr");
    let mut child = Command::new("sh")
        .arg("-c")
        .arg("ulimit -v 1048576 2>/dev/null; exec \"$0\" \"$@\"")
        .arg(env!("CARGO_BIN_EXE_crosswalk"))
        .args(arguments)
        .current_dir(folder)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(fs::File::create(&stdout_path).expect("stdout file"))
        .stderr(fs::File::create(&stderr_path).expect("stderr file"))
        .spawn()
        .expect("the binary starts");
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if started.elapsed() > Duration::from_secs(10) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("`crosswalk {}` still running after 10 s: the loader blocked", arguments.join(" "));
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let read = |path: &Path| String::from_utf8_lossy(&fs::read(path).unwrap_or_default()).into_owned();
    Run { code: status.code(), stdout: read(&stdout_path), stderr: read(&stderr_path) }
}

fn assert_refused(run: &Run, expected: &[&str]) {
    assert_eq!(run.code, Some(2), "exit code 2 expected; stderr:\n{}", run.stderr);
    for text in expected {
        assert!(run.stderr.contains(text), "stderr should contain {text:?}:\n{}", run.stderr);
    }
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
}

#[test]
fn a_fifo_given_as_the_profile_is_refused_without_blocking() {
    let scratch = Scratch::new("fifo");
    scratch.fifo("profile.yaml");
    for command in [&["validate", "profile.yaml"][..], &["report", "profile.yaml", "--as-of", "2026-11-30"]] {
        let run = crosswalk_in(&scratch.0, command);
        assert_refused(&run, &["profile.yaml: cannot read: not a regular file (a FIFO", "help:"]);
    }
}

#[test]
fn devices_are_refused_directly_and_through_a_symlink() {
    let scratch = Scratch::new("devices");
    symlink("/dev/zero", scratch.path("zero.yaml")).expect("symlink");
    symlink("/dev/urandom", scratch.path("random.yaml")).expect("symlink");
    for target in ["/dev/zero", "/dev/urandom", "zero.yaml", "random.yaml"] {
        let run = crosswalk_in(&scratch.0, &["validate", target]);
        assert_refused(&run, &[&format!("{target}: cannot read: not a regular file (a character device")]);
        assert!(!run.stderr.contains("out of memory"), "{}", run.stderr);
    }
}

#[test]
fn a_file_over_the_size_limit_is_refused_with_the_limit_named() {
    let scratch = Scratch::new("size");
    // A sparse file: 65 MiB long without using the disk space.
    let file = fs::File::create(scratch.path("huge.yaml")).expect("file");
    file.set_len(65 * 1024 * 1024).expect("set_len");
    let run = crosswalk_in(&scratch.0, &["validate", "huge.yaml"]);
    assert_refused(&run, &["huge.yaml: cannot read: the file is 65.0 MiB", "64 MiB"]);
}

#[test]
fn a_folder_over_the_size_limit_together_is_refused_on_the_folder() {
    let scratch = Scratch::new("folder-size");
    let profile = scratch.path("profile");
    fs::create_dir(&profile).expect("folder");
    // Two sparse files of 40 MiB: each under the limit, together over it.
    for name in ["a.yaml", "b.yaml"] {
        fs::File::create(profile.join(name)).expect("file").set_len(40 * 1024 * 1024).expect("set_len");
    }
    let run = crosswalk_in(&scratch.0, &["validate", "profile"]);
    assert_refused(&run, &["profile: cannot read: the folder's YAML files are over the limit of 64 MiB together"]);
}

#[test]
fn a_dangling_or_looping_symlink_given_as_the_profile_says_so() {
    let scratch = Scratch::new("links");
    symlink("nowhere.yaml", scratch.path("dangling.yaml")).expect("symlink");
    symlink("loop.yaml", scratch.path("loop.yaml")).expect("symlink");
    let run = crosswalk_in(&scratch.0, &["validate", "dangling.yaml"]);
    assert_refused(&run, &["dangling.yaml: cannot read: a symbolic link to `nowhere.yaml`, which does not exist"]);
    let run = crosswalk_in(&scratch.0, &["validate", "loop.yaml"]);
    assert_refused(&run, &["loop.yaml: cannot read: a loop of symbolic links"]);
}

#[test]
fn every_unreadable_entry_of_a_profile_folder_is_an_error_naming_it() {
    let scratch = Scratch::new("folder");
    let profile = scratch.path("profile");
    fs::create_dir(&profile).expect("folder");
    fs::write(profile.join("10-profile.yaml"), MINIMAL).expect("profile");
    symlink("nowhere.yaml", profile.join("20-dangling.yaml")).expect("symlink");
    symlink("30-loop.yaml", profile.join("30-loop.yaml")).expect("symlink");
    scratch.fifo("profile/40-pipe.yaml");
    symlink("/dev/null", profile.join("50-null.yaml")).expect("symlink");
    fs::create_dir(profile.join("60-folder.yaml")).expect("folder named like a file");

    let run = crosswalk_in(&scratch.0, &["validate", "profile"]);
    assert_eq!(run.code, Some(2), "{}", run.stderr);
    for (file, why) in [
        ("profile/20-dangling.yaml", "a symbolic link to `nowhere.yaml`, which does not exist"),
        ("profile/30-loop.yaml", "a loop of symbolic links"),
        ("profile/40-pipe.yaml", "not a regular file (a FIFO"),
        ("profile/50-null.yaml", "not a regular file (a character device"),
        ("profile/60-folder.yaml", "a folder"),
    ] {
        assert!(run.stderr.contains(&format!("{file}: cannot read: {why}")), "{file}: {why}\n{}", run.stderr);
    }

    // The same problems, as the JSON problem list a pipeline reads.
    let run = crosswalk_in(&scratch.0, &["validate", "profile", "--format", "json"]);
    assert_eq!(run.code, Some(2), "{}", run.stderr);
    let validation = run.json();
    assert_eq!(validation["valid"], false);
    let files: Vec<&str> = validation["problems"].as_array().expect("problems").iter().map(|p| p["file"].as_str().unwrap_or("")).collect();
    assert_eq!(
        files,
        ["profile/20-dangling.yaml", "profile/30-loop.yaml", "profile/40-pipe.yaml", "profile/50-null.yaml", "profile/60-folder.yaml"]
    );
    assert!(validation["problems"].as_array().expect("problems").iter().all(|p| !p["hint"].as_str().unwrap_or("").is_empty()));
}

#[test]
fn a_folder_of_only_broken_links_is_not_reported_as_empty_or_valid() {
    let scratch = Scratch::new("only-broken");
    let profile = scratch.path("profile");
    fs::create_dir(&profile).expect("folder");
    symlink("nowhere.yaml", profile.join("controls.yaml")).expect("symlink");
    let run = crosswalk_in(&scratch.0, &["validate", "profile"]);
    assert_refused(&run, &["profile/controls.yaml: cannot read: a symbolic link to `nowhere.yaml`, which does not exist"]);
}

#[test]
fn hidden_entries_of_a_folder_are_not_read_and_validate_counts_them() {
    let scratch = Scratch::new("hidden");
    let profile = scratch.path("profile");
    fs::create_dir(&profile).expect("folder");
    fs::write(profile.join("profile.yaml"), MINIMAL).expect("profile");
    // What editors and tools leave behind: an Emacs lock (a dangling link), a Vim swap file,
    // a folder of their own.
    symlink("user@host.1234:1700000000", profile.join(".#profile.yaml")).expect("symlink");
    fs::write(profile.join(".profile.yaml.swp"), [0xff, 0xfe, 0x00]).expect("swap file");
    fs::create_dir(profile.join(".git")).expect("hidden folder");
    let run = crosswalk_in(&scratch.0, &["validate", "profile"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(run.stdout.contains("not read: 3 hidden entries (.#profile.yaml, .git, .profile.yaml.swp)"), "{}", run.stdout);
}

#[test]
fn an_unreadable_single_file_still_gives_a_json_problem_list() {
    let scratch = Scratch::new("json");
    scratch.fifo("profile.yaml");
    let run = crosswalk_in(&scratch.0, &["validate", "profile.yaml", "--format", "json"]);
    assert_eq!(run.code, Some(2), "{}", run.stderr);
    let validation = run.json();
    assert_eq!(validation["valid"], false);
    assert_eq!(validation["problems"][0]["file"], "profile.yaml");
    assert_eq!(validation["problems"][0]["code"], "io::read");
}
