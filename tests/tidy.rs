//! House rules checked as ordinary tests: every Rust file says what it is for in a `//!` line, and
//! the model crate names no framework.

use std::path::{Path, PathBuf};

fn rust_files(folder: &Path, found: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(folder) else { return };
    for entry in entries.filter_map(Result::ok) {
        let path = entry.path();
        if path.is_dir() && !path.ends_with("target") && !path.ends_with("fixtures") {
            rust_files(&path, found);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            found.push(path);
        }
    }
}

#[test]
fn every_rust_file_starts_with_a_module_comment() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut files = Vec::new();
    for folder in ["crates", "plugins", "tests", "xtask"] {
        rust_files(&root.join(folder), &mut files);
    }
    assert!(files.len() > 20, "found only {} Rust files", files.len());
    let missing: Vec<String> = files
        .iter()
        .filter(|file| !std::fs::read_to_string(file).unwrap_or_default().starts_with("//!"))
        .map(|file| file.strip_prefix(&root).unwrap_or(file).display().to_string())
        .collect();
    assert!(missing.is_empty(), "files without a leading `//!` line saying what they are for: {missing:?}");
}

/// Whether `word` names a built-in framework: its id (`soc2`) or a type named after it
/// (`Soc2Scope`, `HipaaRole`, `IsoExclusion`).
fn names_a_framework(word: &str) -> bool {
    ["iso27001", "soc2", "hipaa"].contains(&word)
        || ["Soc2", "Hipaa", "Iso"].iter().any(|prefix| {
            word.strip_prefix(prefix)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with(|c: char| c.is_ascii_uppercase() || c.is_ascii_digit()))
        })
}

#[test]
fn the_model_names_no_framework() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut files = Vec::new();
    rust_files(&root.join("crates/model/src"), &mut files);
    assert!(!files.is_empty(), "no Rust files in crates/model/src");
    let mut found = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap_or_default();
        for (number, line) in text.lines().enumerate() {
            let words = line.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'));
            if let Some(word) = words.into_iter().find(|word| names_a_framework(word)) {
                let name = file.strip_prefix(&root).unwrap_or(file).display().to_string();
                found.push(format!("{name}:{}: `{word}` in: {}", number + 1, line.trim()));
            }
        }
    }
    assert!(
        found.is_empty(),
        "the model names no framework: a framework's scope section and its types belong to its plugin crate \
         (see ARCHITECTURE.md)\n{}",
        found.join("\n")
    );
}

#[test]
fn the_framework_check_catches_what_it_should() {
    for word in ["soc2", "Soc2Scope", "HipaaRole", "IsoExclusion", "iso27001", "hipaa"] {
        assert!(names_a_framework(word), "{word}");
    }
    for word in ["Isolation", "isolated", "ISO", "Span", "Soc", "soc2x"] {
        assert!(!names_a_framework(word), "{word}");
    }
}
