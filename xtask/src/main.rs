//! Developer tasks, run as `cargo xtask TASK`:
//! - `ci`: exactly what CI runs (format check, clippy with warnings denied, the tests);
//! - `codegen [--check]`: writes the JSON Schemas in `schemas/` (or checks they are current);
//! - `new-plugin ID`: scaffolds a framework plugin crate and its catalog.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

fn main() -> ExitCode {
    let arguments: Vec<String> = std::env::args().skip(1).collect();
    let result = match arguments.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
        ["ci"] => ci(),
        ["codegen"] => codegen(false),
        ["codegen", "--check"] => codegen(true),
        ["new-plugin", id] => new_plugin(id),
        _ => Err("usage: cargo xtask ci | codegen [--check] | new-plugin ID".to_owned()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask: {message}");
            ExitCode::FAILURE
        }
    }
}

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_default()
}

fn cargo(arguments: &[&str]) -> Result<(), String> {
    eprintln!("xtask: cargo {}", arguments.join(" "));
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let status = Command::new(cargo)
        .args(arguments)
        .current_dir(workspace())
        // Snapshots are never written on CI: a missing or changed one fails the run.
        .env("INSTA_UPDATE", "no")
        .status()
        .map_err(|error| format!("cannot run cargo: {error}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`cargo {}` failed", arguments.join(" ")))
    }
}

fn ci() -> Result<(), String> {
    cargo(&["fmt", "--all", "--check"])?;
    cargo(&["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"])?;
    cargo(&["test", "--workspace"])
}

fn codegen(check: bool) -> Result<(), String> {
    let folder = workspace().join("schemas");
    std::fs::create_dir_all(&folder).map_err(|error| format!("cannot create {}: {error}", folder.display()))?;
    let mut stale = Vec::new();
    for (name, contents) in crosswalk_report::schemas::published() {
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

fn new_plugin(id: &str) -> Result<(), String> {
    if id.is_empty() || !id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-') {
        return Err(format!("`{id}`: a framework id is lowercase letters, digits and '-'"));
    }
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
    for (path, template) in files {
        let text = template.replace("{{id}}", id).replace("{{ident}}", &ident);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|error| format!("cannot create {}: {error}", parent.display()))?;
        }
        std::fs::write(&path, text).map_err(|error| format!("cannot write {}: {error}", path.display()))?;
        eprintln!("xtask: wrote {}", path.strip_prefix(&root).unwrap_or(&path).display());
    }
    eprintln!(
        "xtask: next: add \"plugins/{id}\" to the workspace members and crosswalk-{id} to [workspace.dependencies] in Cargo.toml,\n\
         \x20      depend on it from crates/cli and add crosswalk_{ident}::plugin to BUILTIN_PLUGINS in crates/cli/src/main.rs,\n\
         \x20      then write the catalog and run `crosswalk validate frameworks/{id}.yaml`."
    );
    Ok(())
}
