//! `cargo xtask bench [--runs R] [--sizes 1000,10000,20000]`: how crosswalk's time, peak memory
//! and output grow with the size of a profile, then how `crosswalk import oscal` compares with a
//! bare parse of the same catalog (`cargo xtask bench oscal [--runs R]` runs only that part).
//!
//! It builds the release binary, generates profiles of each size with `gen-profile` (fixed seed)
//! into `target/bench/`, and times whole `crosswalk validate` and `crosswalk report` processes,
//! reporting medians. A developer task: CI does not run it, and no test depends on its numbers,
//! which belong to whatever machine it ran on.
//!
//! Peak memory is read by `xtask measure -- CMD...`, this binary re-run as a wrapper: it spawns
//! the command, waits, and reads its own `RUSAGE_CHILDREN` maximum resident set size, which after
//! the wait is exactly the child's. That needs no `/usr/bin/time` and no racy polling of `/proc`.

use crate::gen_profile;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

const SEED: u64 = 7;
const OSCAL_USAGE: &str = "usage: cargo xtask bench oscal [--runs R]";
const USAGE: &str = "usage: cargo xtask bench [--runs R] [--sizes 1000,10000,20000]";

/// One run of a measured command.
#[derive(Debug, Clone, Copy)]
struct Sample {
    seconds: f64,
    /// Kibibytes; `None` where the platform cannot tell.
    peak_kib: Option<u64>,
}

/// Medians over the runs of one size.
#[derive(Debug)]
struct Row {
    size: usize,
    input_bytes: u64,
    validate: Sample,
    report: Sample,
    json_bytes: u64,
}

pub fn run(arguments: &[&str]) -> Result<(), String> {
    let mut runs = 5usize;
    let mut sizes = vec![1000usize, 10_000, 20_000];
    let mut rest = arguments.iter();
    while let Some(flag) = rest.next() {
        let value = rest.next().ok_or_else(|| format!("`{flag}` needs a value; {USAGE}"))?;
        match *flag {
            "--runs" => {
                runs = value.parse().ok().filter(|&r: &usize| r > 0).ok_or_else(|| format!("--runs `{value}`: a positive number"))?
            }
            "--sizes" => {
                sizes = value
                    .split(',')
                    .map(|size| size.trim().parse::<usize>().map_err(|_| format!("--sizes `{value}`: comma-separated numbers")))
                    .collect::<Result<_, _>>()?
            }
            _ => return Err(format!("unknown argument `{flag}`; {USAGE}")),
        }
    }
    let binary = build_release()?;
    let folder = target_dir().join("bench");
    let mut rows = Vec::new();
    for &size in &sizes {
        let profile = folder.join(format!("profile-{size}"));
        let started = Instant::now();
        let written = gen_profile::generate(size, SEED, &profile)?;
        eprintln!(
            "xtask: bench: generated {} controls ({:.1} MB) in {:.1} s",
            size,
            written.bytes as f64 / 1e6,
            started.elapsed().as_secs_f64()
        );
        let output = folder.join(format!("report-{size}.json"));
        let (mut validates, mut reports) = (Vec::new(), Vec::new());
        for run in 1..=runs {
            let validate = measure_command(&binary, &["validate", path_arg(&profile)?])?;
            let report = measure_command(
                &binary,
                &["report", path_arg(&profile)?, "--as-of", "2026-11-30", "--format", "json", "--output", path_arg(&output)?],
            )?;
            eprintln!(
                "xtask: bench: {size} controls, run {run}/{runs}: validate {:.2} s, report {:.2} s",
                validate.seconds, report.seconds
            );
            validates.push(validate);
            reports.push(report);
        }
        let json_bytes = std::fs::metadata(&output).map_err(|error| format!("cannot read {}: {error}", output.display()))?.len();
        rows.push(Row { size, input_bytes: written.bytes, validate: median(&validates), report: median(&reports), json_bytes });
    }
    print_table(&rows);
    oscal_section(runs, &binary)?;
    print_machine();
    Ok(())
}

/// Builds the release `crosswalk` and the release xtask (whose `parse-baseline` is the bare
/// parse the OSCAL import is compared with, built alike); returns the `crosswalk` binary.
fn build_release() -> Result<PathBuf, String> {
    crate::cargo(&["build", "--release", "-p", "crosswalk-cli", "-p", "xtask"])?;
    Ok(release_binary("crosswalk"))
}

fn release_binary(name: &str) -> PathBuf {
    target_dir().join("release").join(format!("{name}{}", std::env::consts::EXE_SUFFIX))
}

/// `cargo xtask bench oscal [--runs R]`: the OSCAL import part alone.
pub fn oscal(arguments: &[&str]) -> Result<(), String> {
    let runs = match arguments {
        [] => 5,
        ["--runs", value] => value.parse().ok().filter(|&r: &usize| r > 0).ok_or_else(|| format!("--runs `{value}`: a positive number"))?,
        _ => return Err(OSCAL_USAGE.to_owned()),
    };
    let binary = build_release()?;
    oscal_section(runs, &binary)?;
    print_machine();
    Ok(())
}

/// The NIST SP 800-53 catalog in each syntax, and the most the whole import process may take
/// over the bare parse of the same file (issue 7: parsing bounds the import).
const OSCAL_CASES: [(&str, &str, f64); 2] =
    [("json", "NIST_SP-800-53_rev5.0.1_catalog.json", 2.0), ("yaml", "NIST_SP-800-53_rev5.0.1_catalog.yaml", 1.5)];

/// The folder holding NIST's OSCAL files: the project's shared set beside the repository when it is
/// there, else the repository's gzip copies (`tests/data/oscal`) decompressed under `target/bench`.
fn oscal_data() -> Result<PathBuf, String> {
    let shared = crate::workspace().join("../shared/data/oscal");
    if shared.is_dir() {
        return Ok(shared);
    }
    let folder = target_dir().join("bench").join("oscal-data");
    std::fs::create_dir_all(&folder).map_err(|error| format!("cannot create {}: {error}", folder.display()))?;
    for (_, name, _) in OSCAL_CASES {
        let copy = crate::workspace().join("tests/data/oscal").join(format!("{name}.gz"));
        let compressed = std::fs::read(&copy).map_err(|error| format!("cannot read {}: {error}", copy.display()))?;
        let mut text = Vec::new();
        std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(compressed.as_slice()), &mut text)
            .map_err(|error| format!("{} does not decompress: {error}", copy.display()))?;
        let path = folder.join(name);
        std::fs::write(&path, text).map_err(|error| format!("cannot write {}: {error}", path.display()))?;
    }
    Ok(folder)
}

/// Times whole `crosswalk import oscal` processes on the 800-53 catalog, JSON and YAML, beside
/// whole processes doing only the bare parse of the same file (`xtask parse-baseline`), and
/// prints the medians, their ratio and the target.
fn oscal_section(runs: usize, binary: &Path) -> Result<(), String> {
    let data = oscal_data()?;
    let baseline = release_binary("xtask");
    let output = target_dir().join("bench").join("oscal-import.yaml");
    if let Some(folder) = output.parent() {
        std::fs::create_dir_all(folder).map_err(|error| format!("cannot create {}: {error}", folder.display()))?;
    }
    println!();
    println!("crosswalk import oscal on NIST SP 800-53 rev5.0.1 (1189 controls), median of {runs} runs (whole processes):");
    println!("{:>6} {:>9} {:>10} {:>12} {:>7} {:>8}", "syntax", "input MB", "import s", "bare parse s", "ratio", "target");
    for (syntax, name, target) in OSCAL_CASES {
        let catalog = data.join(name);
        let bytes = std::fs::metadata(&catalog).map_err(|error| format!("cannot read {}: {error}", catalog.display()))?.len();
        let (mut imports, mut parses) = (Vec::new(), Vec::new());
        for run in 1..=runs {
            let import =
                measure_command(binary, &["import", "oscal", path_arg(&catalog)?, "--id", "nist-800-53", "--output", path_arg(&output)?])?;
            let parse = measure_command(&baseline, &["parse-baseline", syntax, path_arg(&catalog)?])?;
            eprintln!("xtask: bench: oscal {syntax}, run {run}/{runs}: import {:.3} s, bare parse {:.3} s", import.seconds, parse.seconds);
            imports.push(import);
            parses.push(parse);
        }
        let (import, parse) = (median(&imports).seconds, median(&parses).seconds);
        let ratio = import / parse;
        println!(
            "{:>6} {:>9.1} {:>10.3} {:>12.3} {:>7.2} {:>8}{}",
            syntax,
            megabytes(bytes),
            import,
            parse,
            ratio,
            format!("{target:.1}x"),
            if ratio > target { "  <- over target" } else { "" }
        );
    }
    Ok(())
}

/// `xtask parse-baseline json|yaml FILE`: reads FILE and parses it into serde_json's or
/// serde_yaml's generic value, and nothing else: the floor `bench` compares the OSCAL import with.
pub fn parse_baseline(syntax: &str, file: &str) -> Result<(), String> {
    let text = std::fs::read_to_string(file).map_err(|error| format!("cannot read {file}: {error}"))?;
    let parsed = match syntax {
        "json" => serde_json::from_str::<serde_json::Value>(&text).map(drop).map_err(|error| error.to_string()),
        "yaml" => serde_yaml::from_str::<serde_yaml::Value>(&text).map(drop).map_err(|error| error.to_string()),
        other => return Err(format!("`{other}`: parse-baseline takes json or yaml")),
    };
    parsed.map_err(|error| format!("{file}: {error}"))
}

fn path_arg(path: &Path) -> Result<&str, String> {
    path.to_str().ok_or_else(|| format!("{}: not UTF-8", path.display()))
}

fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| crate::workspace().join("target"))
}

/// Runs `binary arguments` under `xtask measure`.
fn measure_command(binary: &Path, arguments: &[&str]) -> Result<Sample, String> {
    let me = std::env::current_exe().map_err(|error| format!("cannot find the xtask binary: {error}"))?;
    let output = Command::new(me)
        .arg("measure")
        .arg("--")
        .arg(binary)
        .args(arguments)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .output()
        .map_err(|error| format!("cannot run xtask measure: {error}"))?;
    if !output.status.success() {
        return Err(format!("`crosswalk {}` failed", arguments.join(" ")));
    }
    let text = String::from_utf8_lossy(&output.stdout);
    let mut fields = text.split_whitespace();
    let seconds = fields.next().and_then(|s| s.parse::<f64>().ok()).ok_or_else(|| format!("xtask measure printed `{}`", text.trim()))?;
    let peak_kib = fields.next().and_then(|s| s.parse::<u64>().ok());
    Ok(Sample { seconds, peak_kib })
}

/// `xtask measure -- CMD ARGS...`: runs the command (its stdout discarded, its stderr shown) and
/// prints `SECONDS PEAK_KIB` (`-` when unknown), the wall time from spawn to exit and the peak
/// resident memory. Fails when the command does.
pub fn measure(command: &[&str]) -> Result<(), String> {
    let [program, arguments @ ..] = command else { return Err("usage: xtask measure -- COMMAND [ARGUMENTS...]".to_owned()) };
    let started = Instant::now();
    let status = Command::new(program)
        .args(arguments)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .status()
        .map_err(|error| format!("cannot run {program}: {error}"))?;
    let seconds = started.elapsed().as_secs_f64();
    let peak = peak_child_kib().map_or_else(|| "-".to_owned(), |kib| kib.to_string());
    println!("{seconds:.6} {peak}");
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{}` exited with {status}", command.join(" ")))
    }
}

/// The largest resident set of any waited-for child, in KiB.
#[cfg(unix)]
fn peak_child_kib() -> Option<u64> {
    use nix::sys::resource::{getrusage, UsageWho};
    let usage = getrusage(UsageWho::RUSAGE_CHILDREN).ok()?;
    let max_rss = u64::try_from(usage.max_rss()).ok()?;
    // Linux and the BSDs count ru_maxrss in kibibytes, macOS in bytes.
    Some(if cfg!(target_os = "macos") { max_rss / 1024 } else { max_rss })
}

#[cfg(not(unix))]
fn peak_child_kib() -> Option<u64> {
    None
}

/// The median time and the median peak (each on its own: runs differ little in memory).
fn median(samples: &[Sample]) -> Sample {
    let middle = |mut values: Vec<f64>| {
        values.sort_by(f64::total_cmp);
        let n = values.len();
        if n % 2 == 1 {
            values[n / 2]
        } else {
            (values[n / 2 - 1] + values[n / 2]) / 2.0
        }
    };
    let seconds = middle(samples.iter().map(|s| s.seconds).collect());
    let peaks: Option<Vec<f64>> = samples.iter().map(|s| s.peak_kib.map(|kib| kib as f64)).collect();
    Sample { seconds, peak_kib: peaks.map(|peaks| middle(peaks) as u64) }
}

fn megabytes(bytes: u64) -> f64 {
    bytes as f64 / 1e6
}

fn peak_mb(sample: Sample) -> String {
    sample.peak_kib.map_or_else(|| "-".to_owned(), |kib| format!("{:.1}", kib as f64 * 1024.0 / 1e6))
}

fn print_table(rows: &[Row]) {
    println!();
    println!(
        "{:>8} {:>9} {:>11} {:>10} {:>8} {:>11} {:>11} {:>8} {:>10}",
        "controls", "input MB", "validate s", "report s", "rep/val", "val peak MB", "rep peak MB", "JSON MB", "JSON/input"
    );
    for row in rows {
        println!(
            "{:>8} {:>9.1} {:>11.3} {:>10.3} {:>8.2} {:>11} {:>11} {:>8.1} {:>10.2}",
            row.size,
            megabytes(row.input_bytes),
            row.validate.seconds,
            row.report.seconds,
            row.report.seconds / row.validate.seconds,
            peak_mb(row.validate),
            peak_mb(row.report),
            megabytes(row.json_bytes),
            row.json_bytes as f64 / row.input_bytes as f64
        );
    }
    if rows.len() > 1 {
        // Linear work grows like the size; above about 1.1 times the size ratio it is superlinear.
        println!();
        println!("growth between consecutive sizes (linear would match the size ratio):");
        println!("{:>15} {:>6} {:>10} {:>10} {:>12} {:>6}", "sizes", "size", "validate", "report", "report peak", "JSON");
        for pair in rows.windows(2) {
            let (small, large) = (&pair[0], &pair[1]);
            let size = large.size as f64 / small.size as f64;
            let ratio = |a: f64, b: f64| if a > 0.0 { format!("{:.2}x", b / a) } else { "-".to_owned() };
            let peak = match (small.report.peak_kib, large.report.peak_kib) {
                (Some(a), Some(b)) => ratio(a as f64, b as f64),
                _ => "-".to_owned(),
            };
            let report_growth = large.report.seconds / small.report.seconds;
            println!(
                "{:>15} {:>6} {:>10} {:>10} {:>12} {:>6}{}",
                format!("{}->{}", small.size, large.size),
                format!("{size:.1}x"),
                ratio(small.validate.seconds, large.validate.seconds),
                ratio(small.report.seconds, large.report.seconds),
                peak,
                ratio(small.json_bytes as f64, large.json_bytes as f64),
                if report_growth > size * 1.1 { "  <- report time superlinear" } else { "" }
            );
        }
    }
}

fn print_machine() {
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines().find_map(|line| line.strip_prefix("model name").map(|rest| rest.trim_start_matches([' ', '\t', ':']).to_owned()))
        })
        .unwrap_or_else(|| "unknown CPU".to_owned());
    let rustc = Command::new(std::env::var("RUSTC").unwrap_or_else(|_| "rustc".to_owned()))
        .arg("--version")
        .output()
        .ok()
        .map(|output| String::from_utf8_lossy(&output.stdout).trim().to_owned())
        .unwrap_or_else(|| "rustc unknown".to_owned());
    println!();
    println!("machine: {cores} cores, {cpu}; {rustc}; seed {SEED}, as of {}", gen_profile::as_of());
}
