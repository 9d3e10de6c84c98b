//! Developer tasks, run as `cargo xtask TASK`:
//! - `ci`: exactly what CI runs (format check, clippy with warnings denied, the tests);
//! - `codegen [--check]`: writes the JSON Schemas in `schemas/` (or checks they are current);
//! - `new-plugin ID`: scaffolds a framework plugin crate and its catalog;
//! - `new-plugin ID --dynamic [--dir DIR]`: scaffolds a plugin library crate (a `cdylib` on the
//!   plugin SDK, its own workspace, default `plugins/ID`) that builds and loads as it is;
//! - `gen-profile --controls N --seed S -o DIR`: writes a synthetic, deterministic organization
//!   profile folder of N controls (see `gen_profile`);
//! - `bench [--runs R] [--sizes 1000,10000,20000]`: times `crosswalk validate` and `report` on
//!   generated profiles and shows how time, peak memory and output grow (see `bench`; a developer
//!   task, never run by `ci`);
//! - `bench oscal [--runs R]`: only the OSCAL import part of `bench` (import vs bare parse);
//! - `measure -- CMD...`: internal to `bench`, runs CMD and prints its wall time and peak memory;
//! - `suggest-accuracy`: how often mapping suggestions rank a correct hub objective first and
//!   within the first three, on the built-in catalogs with their mappings hidden (see
//!   `suggest_accuracy`);
//! - `parse-baseline json|yaml FILE`: internal to `bench`, only parses FILE (serde_json/serde_yaml);
//! - `fuzz [--time SECONDS]`: runs the cargo-fuzz targets in `fuzz/` where a nightly toolchain and
//!   cargo-fuzz exist (never run by `ci`; the bounded property test runs there instead).

mod bench;
mod fuzz;
mod gen_profile;
mod rng;
mod suggest_accuracy;

use crosswalk_plugin_api::{PluginFactory, Schema};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};

fn main() -> ExitCode {
    let arguments: Vec<String> = std::env::args().skip(1).collect();
    let result = match arguments.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
        ["ci"] => ci(),
        ["codegen"] => codegen(false),
        ["codegen", "--check"] => codegen(true),
        ["new-plugin", id] => new_plugin(id),
        ["new-plugin", id, "--dynamic"] => new_dynamic_plugin(id, None),
        ["new-plugin", id, "--dynamic", "--dir", dir] => new_dynamic_plugin(id, Some(Path::new(dir))),
        ["gen-profile", rest @ ..] => gen_profile::run(rest),
        ["bench", "oscal", rest @ ..] => bench::oscal(rest),
        ["bench", rest @ ..] => bench::run(rest),
        ["parse-baseline", syntax, file] => bench::parse_baseline(syntax, file),
        ["measure", "--", command @ ..] => bench::measure(command),
        ["fuzz", rest @ ..] => fuzz::run(rest),
        ["suggest-accuracy"] => suggest_accuracy::run(),
        _ => Err("usage: cargo xtask ci | codegen [--check] | new-plugin ID [--dynamic [--dir DIR]]\n\
                  \x20      | gen-profile --controls N --seed S -o DIR | bench [--runs R] [--sizes 1000,10000,20000]\n\
                  \x20      | bench oscal [--runs R] | fuzz [--time SECONDS] | suggest-accuracy"
            .to_owned()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask: {message}");
            ExitCode::FAILURE
        }
    }
}

pub(crate) fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_default()
}

fn cargo_command(arguments: &[&str]) -> Command {
    eprintln!("xtask: cargo {}", arguments.join(" "));
    let mut command = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()));
    // Snapshots are never written on CI: a missing or changed one fails the run.
    command.args(arguments).current_dir(workspace()).env("INSTA_UPDATE", "no");
    command
}

fn finished(arguments: &[&str], status: std::process::ExitStatus) -> Result<(), String> {
    if status.success() {
        Ok(())
    } else {
        Err(format!("`cargo {}` failed", arguments.join(" ")))
    }
}

pub(crate) fn cargo(arguments: &[&str]) -> Result<(), String> {
    let status = cargo_command(arguments).status().map_err(|error| format!("cannot run cargo: {error}"))?;
    finished(arguments, status)
}

/// Runs the tests, passing their output through, and closes with one line totalling every
/// test binary (`N passed, N failed`), so a reader need not add up cargo's per-binary lines.
fn test_workspace() -> Result<(), String> {
    let arguments = ["test", "--workspace"];
    let mut child = cargo_command(&arguments).stdout(Stdio::piped()).spawn().map_err(|error| format!("cannot run cargo: {error}"))?;
    let (mut passed, mut failed) = (0u64, 0u64);
    if let Some(stdout) = child.stdout.take() {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            println!("{line}");
            if let Some(counts) = line.strip_prefix("test result: ") {
                let count = |label: &str| {
                    counts
                        .split(';')
                        .find_map(|part| part.trim().strip_suffix(label)?.split_whitespace().last()?.parse::<u64>().ok())
                        .unwrap_or(0)
                };
                passed += count(" passed");
                failed += count(" failed");
            }
        }
    }
    let status = child.wait().map_err(|error| format!("cannot wait for cargo: {error}"))?;
    println!("tests: {passed} passed, {failed} failed");
    finished(&arguments, status)
}

fn ci() -> Result<(), String> {
    cargo(&["fmt", "--all", "--check"])?;
    cargo(&["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"])?;
    test_workspace()
}

fn codegen(check: bool) -> Result<(), String> {
    let folder = workspace().join("schemas");
    std::fs::create_dir_all(&folder).map_err(|error| format!("cannot create {}: {error}", folder.display()))?;
    let mut stale = Vec::new();
    for (name, contents) in crosswalk_report::schemas::published(&builtin_scope_sections()?) {
        let path = folder.join(name);
        let current = std::fs::read_to_string(&path).unwrap_or_default();
        if current == contents {
            continue;
        }
        if check {
            stale.push(name);
        } else {
            std::fs::write(&path, contents).map_err(|error| format!("cannot write {}: {error}", path.display()))?;
            eprintln!("xtask: wrote schemas/{name}");
        }
    }
    if stale.is_empty() {
        Ok(())
    } else {
        Err(format!("stale schemas: {}; run `cargo xtask codegen`", stale.join(", ")))
    }
}

/// Every built-in plugin crate: codegen composes the profile's schema from their scope sections,
/// and `suggest-accuracy` measures on their catalogs.
pub(crate) const BUILTIN_PLUGINS: [PluginFactory; 3] = [crosswalk_iso27001::plugin, crosswalk_soc2::plugin, crosswalk_hipaa::plugin];

/// The built-in plugins' scope section schemas, by framework id, in id order (as the host's
/// registry lists them).
fn builtin_scope_sections() -> Result<Vec<(String, Schema)>, String> {
    let mut sections = Vec::new();
    for create in BUILTIN_PLUGINS {
        let plugin = create().map_err(|error| format!("{}: {}", error.source_name, error.error.message))?;
        if let Some(schema) = plugin.scope_schema() {
            sections.push((plugin.catalog().framework.id.clone(), schema));
        }
    }
    sections.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(sections)
}

fn check_id(id: &str) -> Result<(), String> {
    if id.is_empty() || !id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-') {
        return Err(format!("`{id}`: a framework id is lowercase letters, digits and '-'"));
    }
    Ok(())
}

/// Writes each template with its placeholders filled in, creating folders as needed.
fn write_templates(files: &[(PathBuf, &str)], values: &[(&str, &str)]) -> Result<(), String> {
    let root = workspace();
    for (path, template) in files {
        let text = values.iter().fold((*template).to_owned(), |text, (name, value)| text.replace(&format!("{{{{{name}}}}}"), value));
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|error| format!("cannot create {}: {error}", parent.display()))?;
        }
        std::fs::write(path, text).map_err(|error| format!("cannot write {}: {error}", path.display()))?;
        eprintln!("xtask: wrote {}", path.strip_prefix(&root).unwrap_or(path).display());
    }
    Ok(())
}

fn new_plugin(id: &str) -> Result<(), String> {
    check_id(id)?;
    let root = workspace();
    let crate_dir = root.join("plugins").join(id);
    let catalog = root.join("frameworks").join(format!("{id}.yaml"));
    if crate_dir.exists() || catalog.exists() {
        return Err(format!("plugins/{id} or frameworks/{id}.yaml already exists"));
    }
    let ident = id.replace('-', "_");
    let files = [
        (crate_dir.join("Cargo.toml"), include_str!("templates/Cargo.toml.txt")),
        (crate_dir.join("src/lib.rs"), include_str!("templates/lib.rs.txt")),
        (catalog, include_str!("templates/catalog.yaml.txt")),
    ];
    let catalog_path = format!("frameworks/{id}.yaml");
    write_templates(&files, &[("id", id), ("ident", &ident), ("catalog_path", &catalog_path)])?;
    eprintln!(
        "xtask: next: add \"plugins/{id}\" to the workspace members and crosswalk-{id} to [workspace.dependencies] in Cargo.toml,\n\
         \x20      depend on it from crates/cli and xtask and add crosswalk_{ident}::plugin to BUILTIN_PLUGINS in\n\
         \x20      crates/cli/src/main.rs and xtask/src/main.rs (then `cargo xtask codegen` adds its scope section to the schemas),\n\
         \x20      then write the catalog and run `crosswalk validate frameworks/{id}.yaml`."
    );
    Ok(())
}

/// Scaffolds a plugin library: a crate of its own (its own workspace, the workspace's Cargo.lock
/// so it builds with the versions crosswalk is tested with) exporting one `FrameworkPlugin`
/// through the SDK, in `dir` (default `plugins/ID`).
fn new_dynamic_plugin(id: &str, dir: Option<&Path>) -> Result<(), String> {
    check_id(id)?;
    let root = workspace();
    let crate_dir = match dir {
        Some(dir) => std::path::absolute(dir).map_err(|error| format!("{}: {error}", dir.display()))?,
        None => root.join("plugins").join(id),
    };
    if crate_dir.exists() {
        return Err(format!("{} already exists", crate_dir.display()));
    }
    // A path the crate can keep in git: relative inside this workspace, absolute outside it.
    let sdk_path = match crate_dir.strip_prefix(&root) {
        Ok(inside) => format!("{}crates/plugin-sdk", "../".repeat(inside.components().count())),
        Err(_) => root.join("crates/plugin-sdk").display().to_string(),
    };
    let ident = id.replace('-', "_");
    let files = [
        (crate_dir.join("Cargo.toml"), include_str!("templates/Cargo-dynamic.toml.txt")),
        (crate_dir.join("src/lib.rs"), include_str!("templates/lib-dynamic.rs.txt")),
        (crate_dir.join("catalog.yaml"), include_str!("templates/catalog.yaml.txt")),
    ];
    write_templates(&files, &[("id", id), ("ident", &ident), ("sdk_path", &sdk_path), ("catalog_path", "catalog.yaml")])?;
    std::fs::copy(root.join("Cargo.lock"), crate_dir.join("Cargo.lock")).map_err(|error| format!("cannot copy Cargo.lock: {error}"))?;
    let library = format!("{}crosswalk_{ident}{}", std::env::consts::DLL_PREFIX, std::env::consts::DLL_SUFFIX);
    eprintln!(
        "xtask: next: write catalog.yaml and the semantics in src/lib.rs, then\n\
         \x20      cd {} && cargo build --release\n\
         \x20      crosswalk plugin check target/release/{library}\n\
         \x20      and name it in crosswalk.yaml (plugins:, with the sha256 it prints) or pass --plugin PATH (docs/plugins.md).",
        crate_dir.display()
    );
    Ok(())
}
