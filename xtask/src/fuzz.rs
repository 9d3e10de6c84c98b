//! `cargo xtask fuzz --time SECONDS`: runs the cargo-fuzz targets in `fuzz/` (profile,
//! framework, hub loaders) for the given total time, seeded with the project's own YAML files.
//! libFuzzer needs a nightly toolchain and cargo-fuzz, which not every machine has, so this is a
//! developer task that checks for both first; CI runs the bounded property test instead.

use crate::workspace;
use std::path::Path;
use std::process::Command;

const TARGETS: [&str; 3] = ["profile", "framework", "hub"];

pub(crate) fn run(arguments: &[&str]) -> Result<(), String> {
    let seconds: u64 = match arguments {
        [] => 60,
        ["--time", seconds] => seconds.parse().map_err(|_| format!("--time takes a whole number of seconds, not `{seconds}`"))?,
        _ => return Err("usage: cargo xtask fuzz [--time SECONDS]".to_owned()),
    };
    require(&["+nightly", "--version"], "a nightly toolchain: `rustup toolchain install nightly`")?;
    require(&["fuzz", "--version"], "cargo-fuzz: `cargo install cargo-fuzz`")?;
    let root = workspace();
    seed_corpora(&root)?;
    let per_target = (seconds / TARGETS.len() as u64).max(1);
    for target in TARGETS {
        eprintln!("xtask: fuzzing `{target}` for {per_target} s");
        let corpus = format!("fuzz/corpus/{target}");
        let status = Command::new("cargo")
            .args(["+nightly", "fuzz", "run", target, &corpus, "--", &format!("-max_total_time={per_target}"), "-max_len=262144"])
            .current_dir(&root)
            .status()
            .map_err(|error| format!("cannot run cargo fuzz: {error}"))?;
        if !status.success() {
            return Err(format!("the `{target}` target found a failure: the input that caused it is in fuzz/artifacts/{target}/"));
        }
    }
    eprintln!("xtask: no failure found in {seconds} s");
    Ok(())
}

fn require(arguments: &[&str], what: &str) -> Result<(), String> {
    let found = Command::new("cargo").args(arguments).output().is_ok_and(|output| output.status.success());
    if found {
        Ok(())
    } else {
        Err(format!("fuzzing needs {what}; it is not on this machine"))
    }
}

/// Starts each target from real files, so the fuzzer mutates valid input rather than noise.
fn seed_corpora(root: &Path) -> Result<(), String> {
    let seeds: [(&str, Vec<&str>); 3] = [
        ("profile", vec!["examples/acme-health", "crates/cli/tests/cmd/fixtures"]),
        ("framework", vec!["frameworks"]),
        ("hub", vec!["frameworks"]),
    ];
    for (target, folders) in seeds {
        let corpus = root.join("fuzz/corpus").join(target);
        std::fs::create_dir_all(&corpus).map_err(|error| format!("cannot create {}: {error}", corpus.display()))?;
        for folder in folders {
            let entries = std::fs::read_dir(root.join(folder)).map_err(|error| format!("cannot read {folder}: {error}"))?;
            for entry in entries.flatten() {
                let path = entry.path();
                let wanted = match target {
                    "hub" => path.file_name().is_some_and(|name| name == "hub.yaml"),
                    "framework" => path.extension().is_some_and(|e| e == "yaml") && !path.ends_with("hub.yaml"),
                    _ => path.extension().is_some_and(|e| e == "yaml"),
                };
                if wanted {
                    let copy = corpus.join(format!("{}-{}", folder.replace('/', "-"), entry.file_name().to_string_lossy()));
                    std::fs::copy(&path, &copy).map_err(|error| format!("cannot seed {}: {error}", copy.display()))?;
                }
            }
        }
    }
    Ok(())
}
