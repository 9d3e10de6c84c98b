//! End-to-end checks of the binary that a data file cannot express: the exact set of linked
//! plugins, `--output` (atomic, never over an input, through special files and symlinks, modes
//! kept), errors on streams that cannot be written, and the JSON contract's required fields.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn crosswalk(arguments: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_crosswalk"))
        .args(arguments)
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cmd/fixtures"))
        .env("NO_COLOR", "1")
        .output()
        .expect("the binary runs")
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cmd/fixtures")
}

/// Runs the binary in `folder` with the given standard output and error.
fn crosswalk_in(folder: &Path, arguments: &[&str], stdout: Stdio, stderr: Stdio) -> Output {
    Command::new(env!("CARGO_BIN_EXE_crosswalk"))
        .args(arguments)
        .current_dir(folder)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(stdout)
        .stderr(stderr)
        .output()
        .expect("the binary runs")
}

fn text(path: &Path) -> &str {
    path.to_str().expect("utf-8 path")
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
fn an_xlsx_workbook_goes_through_the_same_writer_and_never_over_an_input() {
    let folder = scratch("xlsx");
    let target = folder.join("report.xlsx");
    std::fs::write(&target, "previous").expect("a previous file");
    let written = crosswalk(&["report", "minimal.yaml", "--as-of", "2026-11-30", "--format", "xlsx", "--output", text(&target)]);
    assert!(written.status.success(), "{}", String::from_utf8_lossy(&written.stderr));
    assert!(written.stdout.is_empty(), "nothing on stdout when --output is given");
    let first = std::fs::read(&target).expect("workbook written");
    assert!(first.starts_with(b"PK\x03\x04"), "an XLSX is a zip archive");
    let again = crosswalk(&["report", "minimal.yaml", "--as-of", "2026-11-30", "--format", "xlsx", "--output", text(&target)]);
    assert!(again.status.success());
    assert_eq!(std::fs::read(&target).expect("workbook written"), first, "the same report, the same bytes");
    let leftovers: Vec<_> = std::fs::read_dir(&folder).expect("folder").filter_map(Result::ok).map(|e| e.file_name()).collect();
    assert_eq!(leftovers.len(), 1, "no temporary file left behind: {leftovers:?}");

    let input = fixtures().join("minimal.yaml");
    let before = std::fs::read(&input).expect("the fixture");
    let refused = crosswalk(&["report", "minimal.yaml", "--format", "xlsx", "--output", "minimal.yaml"]);
    assert_eq!(refused.status.code(), Some(2));
    assert_eq!(std::fs::read(&input).expect("the fixture"), before, "an input is never overwritten");
    let _ = std::fs::remove_dir_all(&folder);
}

#[test]
fn an_html_page_goes_through_the_same_writer_never_over_an_input_and_follows_the_filters() {
    let folder = scratch("html");
    let target = folder.join("report.html");
    let written = crosswalk(&["report", "minimal.yaml", "--as-of", "2026-11-30", "--format", "html", "--output", text(&target)]);
    assert!(written.status.success(), "{}", String::from_utf8_lossy(&written.stderr));
    assert!(written.stdout.is_empty(), "nothing on stdout when --output is given");
    let page = std::fs::read_to_string(&target).expect("page written");
    assert!(page.starts_with("<!DOCTYPE html>") && page.ends_with("</html>\n"), "a whole page");

    let failed = crosswalk(&["report", "unknown-objective.yaml", "--format", "html", "--output", text(&target)]);
    assert_eq!(failed.status.code(), Some(2));
    assert_eq!(std::fs::read_to_string(&target).expect("still there"), page, "a failed run must not touch the output");
    let leftovers: Vec<_> = std::fs::read_dir(&folder).expect("folder").filter_map(Result::ok).map(|e| e.file_name()).collect();
    assert_eq!(leftovers.len(), 1, "no temporary file left behind: {leftovers:?}");

    let input = fixtures().join("minimal.yaml");
    let before = std::fs::read(&input).expect("the fixture");
    let refused = crosswalk(&["report", "minimal.yaml", "--format", "html", "--output", "minimal.yaml"]);
    assert_eq!(refused.status.code(), Some(2));
    assert_eq!(std::fs::read(&input).expect("the fixture"), before, "an input is never overwritten");

    let agenda_rows = |arguments: &[&str]| {
        let output = crosswalk(arguments);
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
        String::from_utf8(output.stdout).expect("UTF-8").matches("<tr class=\"agenda-item\">").count()
    };
    let all = agenda_rows(&["report", "minimal.yaml", "--as-of", "2026-11-30", "--format", "html"]);
    let json = json(&crosswalk(&["report", "minimal.yaml", "--as-of", "2026-11-30", "--format", "json", "--signal", "stale"]));
    let stale: usize = json["agenda"].as_array().expect("agenda").iter().map(|g| g["items"].as_array().expect("items").len()).sum();
    let filtered = agenda_rows(&["report", "minimal.yaml", "--as-of", "2026-11-30", "--format", "html", "--signal", "stale"]);
    assert_eq!(filtered, stale, "the HTML page keeps what the JSON keeps");
    assert!(filtered < all, "the filter narrows the agenda: {filtered} of {all}");
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

/// A scratch folder holding a copy of the minimal profile, as `profile.yaml`.
fn scratch_with_profile(name: &str) -> PathBuf {
    let folder = scratch(name);
    std::fs::copy(fixtures().join("minimal.yaml"), folder.join("profile.yaml")).expect("profile copied");
    folder
}

fn names_in(folder: &Path) -> Vec<String> {
    let mut names: Vec<String> =
        std::fs::read_dir(folder).expect("folder").filter_map(Result::ok).map(|e| e.file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    names
}

fn assert_refused(output: &Output, names: &str) {
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "refused with exit 2: {stderr}");
    assert!(output.stdout.is_empty(), "nothing on stdout");
    assert!(stderr.contains(names), "the error names `{names}`: {stderr}");
    assert!(stderr.contains("--output"), "the error hints at --output: {stderr}");
}

#[test]
fn output_never_overwrites_an_input() {
    let folder = scratch_with_profile("output-is-input");
    let profile = std::fs::read(folder.join("profile.yaml")).expect("profile");
    let run = |arguments: &[&str]| crosswalk_in(&folder, arguments, Stdio::piped(), Stdio::piped());
    let roundabout = format!("../{}/profile.yaml", folder.file_name().expect("a name").to_string_lossy());
    for arguments in [
        &["report", "profile.yaml", "--as-of", "2026-11-30", "--output", "profile.yaml"][..],
        &["report", "profile.yaml", "--as-of", "2026-11-30", "--output", "./profile.yaml"],
        &["validate", "profile.yaml", "--output", "profile.yaml"],
        &["validate", "profile.yaml", "--format", "json", "--output", &roundabout],
        &["explain", "profile.yaml", "iso27001:A.8.13", "--as-of", "2026-11-30", "-o", "profile.yaml"],
    ] {
        assert_refused(&run(arguments), "profile.yaml");
        assert_eq!(std::fs::read(folder.join("profile.yaml")).expect("profile"), profile, "{arguments:?} left the profile untouched");
    }
    // The same file through another name is still the input.
    let absolute = folder.join("profile.yaml");
    assert_refused(&run(&["report", "profile.yaml", "--output", text(&absolute)]), "profile.yaml");
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink("profile.yaml", folder.join("alias.yaml")).expect("symlink");
        assert_refused(&run(&["report", "profile.yaml", "--output", "alias.yaml"]), "alias.yaml");
        assert_refused(&run(&["report", "alias.yaml", "--output", "profile.yaml"]), "profile.yaml");
        std::fs::remove_file(folder.join("alias.yaml")).expect("symlink removed");
    }
    assert_eq!(std::fs::read(folder.join("profile.yaml")).expect("profile"), profile);
    assert_eq!(names_in(&folder), ["profile.yaml"], "nothing written");

    // A folder profile: nothing may be written inside it, at any depth.
    let profile_folder = folder.join("org");
    std::fs::create_dir_all(profile_folder.join("more")).expect("profile folder");
    std::fs::rename(folder.join("profile.yaml"), profile_folder.join("profile.yaml")).expect("moved into the folder");
    for output in ["org/report.md", "org/more/report.md", "org/more/../report.md", "org", "./org/"] {
        assert_refused(&run(&["report", "org", "--as-of", "2026-11-30", "--output", output]), output);
        assert_refused(&run(&["validate", "org", "--format", "json", "--output", output]), output);
    }
    assert_eq!(names_in(&profile_folder), ["more", "profile.yaml"], "nothing written into the profile folder");
    assert!(names_in(&profile_folder.join("more")).is_empty());

    // Beside the folder is fine, and so is a file that merely shares the profile's name elsewhere.
    let beside = run(&["report", "org", "--as-of", "2026-11-30", "--output", "org.md"]);
    assert!(beside.status.success(), "{}", String::from_utf8_lossy(&beside.stderr));
    let same_name = run(&["validate", "org/profile.yaml", "--output", "profile.yaml"]);
    assert!(same_name.status.success(), "{}", String::from_utf8_lossy(&same_name.stderr));
    let _ = std::fs::remove_dir_all(&folder);
}

#[test]
fn output_dash_is_standard_output() {
    let folder = scratch_with_profile("dash");
    let output = crosswalk_in(
        &folder,
        &["report", "profile.yaml", "--as-of", "2026-11-30", "--format", "json", "--output", "-"],
        Stdio::piped(),
        Stdio::piped(),
    );
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert_eq!(json(&output)["as_of"], "2026-11-30", "the report is on standard output");
    assert_eq!(names_in(&folder), ["profile.yaml"], "no file named `-`");
    let _ = std::fs::remove_dir_all(&folder);
}

/// The write end of a pipe whose read end is already closed.
#[cfg(unix)]
fn closed_pipe() -> Stdio {
    let mut reader = Command::new("true").stdin(Stdio::piped()).spawn().expect("`true` runs");
    let write_end = reader.stdin.take().expect("a pipe");
    reader.wait().expect("`true` ends");
    Stdio::from(write_end)
}

#[cfg(target_os = "linux")]
fn full() -> Stdio {
    Stdio::from(std::fs::File::create("/dev/full").expect("/dev/full"))
}

#[cfg(target_os = "linux")]
#[test]
fn an_error_on_an_unwritable_stderr_exits_2_without_panicking() {
    let folder = fixtures();
    for arguments in [&["report", "missing.yaml"][..], &["report", "unknown-objective.yaml"], &["report"], &["catalog", "nist"]] {
        for (stream, stderr) in [("/dev/full", full()), ("a closed pipe", closed_pipe())] {
            let output = crosswalk_in(&folder, arguments, Stdio::null(), stderr);
            assert_eq!(output.status.code(), Some(2), "{arguments:?} with stderr on {stream}");
        }
    }
}

#[cfg(target_os = "linux")]
#[test]
fn a_failed_write_to_stdout_exits_2_and_a_closed_pipe_is_a_normal_end() {
    let folder = fixtures();
    for arguments in [&["frameworks"][..], &["report", "minimal.yaml", "--as-of", "2026-11-30"], &["--help"], &["--version"]] {
        let output = crosswalk_in(&folder, arguments, full(), Stdio::piped());
        assert_eq!(output.status.code(), Some(2), "{arguments:?} on a full stdout");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains("standard output") && stderr.contains("cannot write"), "{arguments:?}: {stderr}");
        let output = crosswalk_in(&folder, arguments, full(), full());
        assert_eq!(output.status.code(), Some(2), "{arguments:?} on a full stdout and stderr");
        let output = crosswalk_in(&folder, arguments, closed_pipe(), Stdio::piped());
        assert_eq!(output.status.code(), Some(0), "{arguments:?} into a closed pipe: {}", String::from_utf8_lossy(&output.stderr));
        assert!(output.stderr.is_empty(), "a closed pipe is not an error: {}", String::from_utf8_lossy(&output.stderr));
    }
}

/// Runs the binary under a shell that sets the umask first.
#[cfg(unix)]
fn crosswalk_with_umask(folder: &Path, umask: &str, arguments: &[&str]) -> Output {
    Command::new("sh")
        .arg("-c")
        .arg(format!("umask {umask} && exec \"$0\" \"$@\""))
        .arg(env!("CARGO_BIN_EXE_crosswalk"))
        .args(arguments)
        .current_dir(folder)
        .env("NO_COLOR", "1")
        .output()
        .expect("the binary runs")
}

#[cfg(unix)]
#[test]
fn a_new_output_follows_the_umask_and_a_replaced_one_keeps_its_mode() {
    use std::os::unix::fs::PermissionsExt;
    let folder = scratch_with_profile("modes");
    let mode = |name: &str| std::fs::metadata(folder.join(name)).expect("written").permissions().mode() & 0o7777;

    let created = crosswalk_with_umask(&folder, "027", &["report", "profile.yaml", "--as-of", "2026-11-30", "--output", "new.txt"]);
    assert!(created.status.success(), "{}", String::from_utf8_lossy(&created.stderr));
    assert_eq!(mode("new.txt"), 0o640, "0666 less the umask 027");

    std::fs::write(folder.join("shared.txt"), "old").expect("existing file");
    std::fs::set_permissions(folder.join("shared.txt"), std::fs::Permissions::from_mode(0o664)).expect("chmod");
    let replaced = crosswalk_with_umask(&folder, "077", &["report", "profile.yaml", "--as-of", "2026-11-30", "--output", "shared.txt"]);
    assert!(replaced.status.success(), "{}", String::from_utf8_lossy(&replaced.stderr));
    assert_ne!(std::fs::read_to_string(folder.join("shared.txt")).expect("replaced"), "old");
    assert_eq!(mode("shared.txt"), 0o664, "the existing file's mode, not the umask's");
    assert_eq!(names_in(&folder), ["new.txt", "profile.yaml", "shared.txt"], "no temporary file left behind");
    let _ = std::fs::remove_dir_all(&folder);
}

#[cfg(unix)]
#[test]
fn output_through_a_symlink_replaces_the_target_and_keeps_the_link() {
    use std::os::unix::fs::{symlink, PermissionsExt};
    let folder = scratch_with_profile("symlink");
    let elsewhere = folder.join("elsewhere");
    std::fs::create_dir(&elsewhere).expect("folder");
    std::fs::write(elsewhere.join("report.json"), "old").expect("target");
    std::fs::set_permissions(elsewhere.join("report.json"), std::fs::Permissions::from_mode(0o644)).expect("chmod");
    symlink("elsewhere/report.json", folder.join("latest.json")).expect("symlink");
    symlink("elsewhere/missing.json", folder.join("dangling.json")).expect("symlink");

    for link in ["latest.json", "dangling.json"] {
        let output = crosswalk_in(
            &folder,
            &["report", "profile.yaml", "--as-of", "2026-11-30", "--format", "json", "--output", link],
            Stdio::piped(),
            Stdio::piped(),
        );
        assert!(output.status.success(), "{link}: {}", String::from_utf8_lossy(&output.stderr));
        assert!(std::fs::symlink_metadata(folder.join(link)).expect("still there").file_type().is_symlink(), "{link} is still a link");
    }
    for target in ["report.json", "missing.json"] {
        let written = std::fs::read_to_string(elsewhere.join(target)).expect("target written");
        serde_json::from_str::<serde_json::Value>(&written).expect("the whole report in the target");
    }
    assert_eq!(std::fs::metadata(elsewhere.join("report.json")).expect("target").permissions().mode() & 0o7777, 0o644);
    assert_eq!(names_in(&elsewhere), ["missing.json", "report.json"], "no temporary file left behind");
    let _ = std::fs::remove_dir_all(&folder);
}

#[cfg(unix)]
#[test]
fn output_onto_a_fifo_writes_through_it() {
    use std::os::unix::fs::FileTypeExt;
    let folder = scratch_with_profile("fifo");
    let fifo = folder.join("pipe");
    assert!(Command::new("mkfifo").arg(&fifo).status().expect("mkfifo runs").success());
    let (sender, receiver) = std::sync::mpsc::channel();
    let reader_path = fifo.clone();
    std::thread::spawn(move || {
        let _ = sender.send(std::fs::read_to_string(reader_path));
    });
    let output = crosswalk_in(
        &folder,
        &["report", "profile.yaml", "--as-of", "2026-11-30", "--format", "json", "--output", "pipe"],
        Stdio::piped(),
        Stdio::piped(),
    );
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(std::fs::symlink_metadata(&fifo).expect("still there").file_type().is_fifo(), "the FIFO was replaced by a file");
    let read = receiver.recv_timeout(std::time::Duration::from_secs(20)).expect("the reader got the report").expect("read");
    serde_json::from_str::<serde_json::Value>(&read).expect("the whole report came through the FIFO");
    assert_eq!(names_in(&folder), ["pipe", "profile.yaml"], "no temporary file left behind");
    let _ = std::fs::remove_dir_all(&folder);
}

/// A device node to write to that nothing in a test can damage: a fresh one in `folder` when
/// this user may create devices (root), else the system's own, which this user cannot replace.
#[cfg(target_os = "linux")]
fn device(folder: &Path, name: &str, minor: &str) -> PathBuf {
    let node = folder.join(name);
    if Command::new("mknod").arg(&node).args(["c", "1", minor]).stderr(Stdio::null()).status().is_ok_and(|s| s.success()) {
        return node;
    }
    let root = Command::new("id").arg("-u").output().is_ok_and(|o| o.stdout.trim_ascii() == b"0");
    assert!(!root, "root without mknod: refusing to test against the system's /dev/{name}");
    PathBuf::from(format!("/dev/{name}"))
}

#[cfg(target_os = "linux")]
#[test]
fn output_onto_a_device_writes_through_it() {
    use std::os::unix::fs::{symlink, FileTypeExt};
    let folder = scratch_with_profile("device");
    let null = device(&folder, "null", "3");
    let full = device(&folder, "full", "7");
    symlink(&null, folder.join("to-null")).expect("symlink");
    let is_device = |path: &Path| std::fs::symlink_metadata(path).expect("still there").file_type().is_char_device();
    for output in [text(&null), "to-null"] {
        let run =
            crosswalk_in(&folder, &["report", "profile.yaml", "--as-of", "2026-11-30", "--output", output], Stdio::piped(), Stdio::piped());
        assert!(run.status.success(), "{output}: {}", String::from_utf8_lossy(&run.stderr));
        assert!(run.stdout.is_empty());
    }
    assert!(is_device(&null), "the null device is still a device");
    assert!(std::fs::symlink_metadata(folder.join("to-null")).expect("link").file_type().is_symlink());
    // Written through, a device's own error is the run's error.
    let run = crosswalk_in(
        &folder,
        &["report", "profile.yaml", "--as-of", "2026-11-30", "--output", text(&full)],
        Stdio::piped(),
        Stdio::piped(),
    );
    assert_eq!(run.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&run.stderr).contains("No space left on device"), "{}", String::from_utf8_lossy(&run.stderr));
    assert!(is_device(&full), "the full device is still a device");
    let leftovers: Vec<String> = names_in(&folder).into_iter().filter(|name| name.ends_with(".tmp")).collect();
    assert!(leftovers.is_empty(), "no temporary file left behind: {leftovers:?}");
    let _ = std::fs::remove_dir_all(&folder);
}

#[test]
fn schema_profile_prints_the_committed_schema_composed_from_the_linked_plugins() {
    let schemas = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../schemas");
    for (file, name) in [("profile", "profile.schema.json"), ("profile-fragment", "profile-fragment.schema.json")] {
        let output = crosswalk(&["schema", file]);
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
        let committed = std::fs::read_to_string(schemas.join(name)).expect("committed schema");
        assert_eq!(String::from_utf8_lossy(&output.stdout), committed, "`crosswalk schema {file}` differs from schemas/{name}");
    }
}

#[test]
fn an_import_that_could_not_load_writes_nothing() {
    let folder = scratch("import-refused");
    let catalog = fixtures().join("oscal-duplicate-id.json");
    let target = folder.join("imported.yaml");
    // Repeated requirement ids, then a built-in framework's id on a catalog that imports well.
    let well_formed = fixtures().join("../import-oscal.in/catalog.json");
    for (catalog, id, code) in [(&catalog, "repeated", "oscal::duplicate-id"), (&well_formed, "iso27001", "cli::framework-id-taken")] {
        let output = crosswalk(&["import", "oscal", text(catalog), "--id", id, "-o", text(&target)]);
        assert_eq!(output.status.code(), Some(2), "{}", String::from_utf8_lossy(&output.stderr));
        assert!(String::from_utf8_lossy(&output.stderr).contains(code), "{}", String::from_utf8_lossy(&output.stderr));
        assert!(!target.exists(), "{id}: nothing is written");
    }
    // The same catalog under a free id imports.
    let output = crosswalk(&["import", "oscal", text(&well_formed), "--id", "example", "-o", text(&target)]);
    assert!(output.status.success() && target.exists(), "{}", String::from_utf8_lossy(&output.stderr));
    let _ = std::fs::remove_dir_all(&folder);
}
