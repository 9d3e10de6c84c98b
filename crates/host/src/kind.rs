//! Telling an organization profile, a framework catalog, the hub and a project file apart by
//! their top-level keys, keeping the evidence so an error can say which kind was assumed and why.
//!
//! Each kind has top-level keys no other kind has: a profile `organization`, `scope`, `people`,
//! `functions`, `systems`, `controls`; a framework catalog `framework`, `requirements`; the hub
//! `version`, `domains`, `objectives`; a project file (`crosswalk.yaml`) `frameworks`. The kind with the most of them wins (ties go to the
//! profile, then the framework catalog); with none, near misses by edit distance (`framwork`)
//! decide; with nothing at all, the file is read as a profile. Unless one kind alone has
//! evidence, every parse error of the file says what it was read as and why.

use crate::diagnostic::{Diagnostics, FileDiagnostic, SourceFile};
use crosswalk_model::yaml::Position;
use crosswalk_model::FieldPath;

/// What a single YAML file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentKind {
    Framework,
    Hub,
    Profile,
    Project,
}

/// In order of preference when the evidence ties: profiles are what users write most.
const KINDS: [DocumentKind; 4] = [DocumentKind::Profile, DocumentKind::Framework, DocumentKind::Hub, DocumentKind::Project];

impl DocumentKind {
    /// `profile`, `framework` or `hub`, as `validate` reports it.
    pub fn name(self) -> &'static str {
        match self {
            DocumentKind::Profile => "profile",
            DocumentKind::Framework => "framework",
            DocumentKind::Hub => "hub",
            DocumentKind::Project => "project",
        }
    }

    /// The kind in a sentence: "an organization profile".
    pub fn described(self) -> &'static str {
        match self {
            DocumentKind::Profile => "an organization profile",
            DocumentKind::Framework => "a framework catalog",
            DocumentKind::Hub => "the hub catalog",
            DocumentKind::Project => "a project file (crosswalk.yaml)",
        }
    }

    /// The top-level keys only this kind has.
    pub fn keys(self) -> &'static [&'static str] {
        match self {
            DocumentKind::Profile => &["organization", "scope", "people", "functions", "systems", "controls"],
            DocumentKind::Framework => &["framework", "requirements"],
            DocumentKind::Hub => &["version", "domains", "objectives"],
            DocumentKind::Project => &["frameworks", "plugins"],
        }
    }
}

/// What the top level of a YAML text is, judged by its first line of content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TopLevel {
    /// Empty, or only comments.
    Nothing,
    Mapping,
    /// A list (`- item` or `[...]`) starting on this line.
    List(usize),
    /// A single value starting on this line.
    Scalar(usize),
}

/// One top-level key and the kind it speaks for.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Clue {
    written: String,
    line: usize,
    kind: DocumentKind,
    /// The key it is a misspelling of; `None` for an exact key.
    meant: Option<&'static str>,
}

/// A file's kind and the evidence it was decided on.
#[derive(Debug, Clone)]
pub struct KindGuess {
    pub kind: DocumentKind,
    pub top_level: TopLevel,
    clues: Vec<Clue>,
}

/// The kind of a YAML text; see [`guess_kind`] for the evidence.
pub fn document_kind(text: &str) -> DocumentKind {
    guess_kind(text).kind
}

/// Decides a text's kind from its top-level keys (see the module documentation).
pub fn guess_kind(text: &str) -> KindGuess {
    let mut clues = Vec::new();
    for (line, key) in top_level_keys(text) {
        if let Some(kind) = KINDS.into_iter().find(|kind| kind.keys().contains(&key.as_str())) {
            clues.push(Clue { written: key, line, kind, meant: None });
        } else if let Some((kind, meant)) = near_miss(&key) {
            clues.push(Clue { written: key, line, kind, meant: Some(meant) });
        }
    }
    let count = |kind: DocumentKind, exact: bool| clues.iter().filter(|clue| clue.kind == kind && clue.meant.is_none() == exact).count();
    // Highest (exact keys, near misses) wins; `max_by_key` keeps the last maximum, so the
    // preferred kinds go last. Without any evidence that is the profile.
    let kind = KINDS.into_iter().rev().max_by_key(|&kind| (count(kind, true), count(kind, false))).unwrap_or(DocumentKind::Profile);
    KindGuess { kind, top_level: top_level(text), clues }
}

impl KindGuess {
    /// Only one kind has evidence, and some of it is an exact key.
    pub fn is_clear(&self) -> bool {
        self.clues.iter().all(|clue| clue.kind == self.kind) && self.clues.iter().any(|clue| clue.meant.is_none())
    }

    /// Why the file was read as its kind, in a sentence: "read as a framework catalog because ...".
    pub fn reason(&self) -> String {
        format!("read as {} {}", self.kind.described(), self.evidence())
    }

    /// The evidence for the kind, to follow its name: "because its top-level keys `framework`,
    /// `requirements` are a framework catalog's", then any key that speaks for another kind.
    pub fn evidence(&self) -> String {
        let own: Vec<&Clue> = self.clues.iter().filter(|clue| clue.kind == self.kind).collect();
        let mut evidence = if own.is_empty() {
            let others: Vec<String> = KINDS
                .iter()
                .filter(|&&kind| kind != self.kind)
                .map(|kind| format!("{} ({})", kind.described(), backticked(kind.keys())))
                .collect();
            format!("since none of its top-level keys belongs to {}", others.join(" or "))
        } else {
            let exact: Vec<String> = own.iter().filter(|clue| clue.meant.is_none()).map(|clue| format!("`{}`", clue.written)).collect();
            let mut parts = Vec::new();
            if !exact.is_empty() {
                let (noun, verb) = if exact.len() == 1 { ("key", "is") } else { ("keys", "are") };
                parts.push(format!("its top-level {noun} {} {verb} {}'s", exact.join(", "), self.kind.described()));
            }
            for clue in own.iter().filter(|clue| clue.meant.is_some()) {
                parts.push(format!("`{}` (line {}) looks like `{}`", clue.written, clue.line, clue.meant.unwrap_or_default()));
            }
            format!("because {}", parts.join(" and "))
        };
        for clue in self.clues.iter().filter(|clue| clue.kind != self.kind) {
            let belongs = match clue.meant {
                None => format!("`{}` (line {}) is a top-level key of {}", clue.written, clue.line, clue.kind.described()),
                Some(meant) => format!("`{}` (line {}) looks like `{meant}` of {}", clue.written, clue.line, clue.kind.described()),
            };
            evidence.push_str(&format!("; {belongs}: is it indented correctly?"));
        }
        evidence
    }

    /// Adds [`reason`](Self::reason) to the hint of every parse error about `file` when the
    /// evidence was mixed or weak, so the user sees why the fields of that kind were expected.
    pub fn annotate(&self, file: &str, mut diagnostics: Diagnostics) -> Diagnostics {
        if self.is_clear() {
            return diagnostics;
        }
        for diagnostic in &mut diagnostics.0 {
            if diagnostic.file == file && diagnostic.code.ends_with("::parse") {
                diagnostic.help = format!("{}. Note: the file was {}", diagnostic.help, self.reason());
            }
        }
        diagnostics
    }

    /// A located error when the text's top level is not a mapping: every crosswalk file is a
    /// mapping of sections, and the types' own message would only name the Rust type expected.
    pub fn shape_problem(&self, source: &SourceFile) -> Option<FileDiagnostic> {
        let (line, what) = match self.top_level {
            TopLevel::List(line) => (line, "a list"),
            TopLevel::Scalar(line) => (line, "a single value"),
            TopLevel::Nothing | TopLevel::Mapping => return None,
        };
        let offset: usize = source.text.split_inclusive('\n').take(line - 1).map(str::len).sum();
        let position = Position { line, column: 1, offset, length: 1 };
        Some(FileDiagnostic::at(
            "yaml::not-a-mapping",
            source,
            Some(position),
            &FieldPath::root(),
            format!("the top level is {what}, but every crosswalk file is a mapping of sections"),
            format!(
                "start each section at the beginning of a line with its name and a colon: {} (see docs/profile.md)",
                KINDS.map(|kind| format!("{} has {}", kind.described(), backticked(kind.keys()))).join("; ")
            ),
        ))
    }
}

fn backticked(keys: &[&str]) -> String {
    keys.iter().map(|key| format!("`{key}`")).collect::<Vec<_>>().join(", ")
}

/// Lines that are neither content nor keys: blank, comments, document markers and directives.
fn is_content(line: &str) -> bool {
    let trimmed = line.trim();
    !(trimmed.is_empty() || trimmed.starts_with('#') || trimmed == "---" || trimmed == "..." || line.starts_with('%'))
}

/// Each key written at the start of a line (`key:` followed by a space or the line's end),
/// with its 1-based line. Keys in quotes count; flow mappings (`{a: 1}`) are not looked into.
fn top_level_keys(text: &str) -> Vec<(usize, String)> {
    let mut keys = Vec::new();
    for (index, line) in text.lines().enumerate() {
        if !is_content(line) || line.starts_with(char::is_whitespace) {
            continue;
        }
        if let Some(key) = key_of(line) {
            keys.push((index + 1, key));
        }
    }
    keys
}

fn key_of(line: &str) -> Option<String> {
    let (key, rest) = match line.chars().next()? {
        quote @ ('"' | '\'') => {
            let end = line[1..].find(quote)? + 1;
            (&line[1..end], line[end + 1..].trim_start())
        }
        '-' | '[' | '{' | '?' | '&' | '*' | '!' | '|' | '>' | '#' => return None,
        _ => {
            let colon =
                line.match_indices(':').find(|(at, _)| line[at + 1..].is_empty() || line[at + 1..].starts_with(char::is_whitespace))?.0;
            (line[..colon].trim_end(), &line[colon..])
        }
    };
    (rest.starts_with(':') && !key.is_empty()).then(|| key.to_owned())
}

fn top_level(text: &str) -> TopLevel {
    let Some((index, line)) = text.lines().enumerate().find(|(_, line)| is_content(line)) else {
        return TopLevel::Nothing;
    };
    let line_number = index + 1;
    let trimmed = line.trim_start();
    if trimmed == "-" || trimmed.starts_with("- ") || trimmed.starts_with('[') {
        TopLevel::List(line_number)
    } else if trimmed.starts_with('{') || trimmed.starts_with('?') || key_of(trimmed).is_some() || !top_level_keys(text).is_empty() {
        TopLevel::Mapping
    } else if trimmed.starts_with(['&', '!', '*', '|', '>']) {
        // Anchors, tags, aliases and block scalars: leave them to the YAML parser.
        TopLevel::Mapping
    } else {
        TopLevel::Scalar(line_number)
    }
}

/// The kind and key that `key` is most likely a misspelling of, if any: at most one edit for
/// keys of up to five letters, two for longer ones, ignoring case.
fn near_miss(key: &str) -> Option<(DocumentKind, &'static str)> {
    let written = key.to_lowercase();
    if written.chars().count() < 3 {
        return None;
    }
    KINDS
        .into_iter()
        .flat_map(|kind| kind.keys().iter().map(move |known| (kind, *known)))
        .map(|(kind, known)| (edit_distance(&written, known), kind, known))
        .filter(|(distance, _, known)| *distance <= if known.len() <= 5 { 1 } else { 2 })
        .min_by_key(|(distance, _, _)| *distance)
        .map(|(_, kind, known)| (kind, known))
}

pub use crosswalk_model::validate::edit_distance;

#[cfg(test)]
mod tests {
    use super::*;

    const PROFILE: &str = "organization:\n  name: A\nscope:\n  frameworks: [iso27001]\ncontrols:\n  - id: X\n    objectives: [BCK-01]\n";

    #[test]
    fn each_kind_is_told_by_its_own_keys() {
        assert_eq!(document_kind(PROFILE), DocumentKind::Profile);
        assert_eq!(document_kind("framework:\n  id: x\nrequirements: []\n"), DocumentKind::Framework);
        assert_eq!(document_kind("version: \"1\"\ndomains: []\nobjectives: []\n"), DocumentKind::Hub);
        assert_eq!(document_kind("frameworks: [internal.yaml]\n"), DocumentKind::Project);
        assert_eq!(document_kind("plugins:\n  - path: libcsf.so\n"), DocumentKind::Project, "a project file of plugins alone");
        // A catalog that misspells `framework` is still read as one.
        assert_eq!(document_kind("frameworks:\n  id: x\nrequirements: []\n"), DocumentKind::Framework);
        assert!(guess_kind(PROFILE).is_clear());
    }

    #[test]
    fn one_dedented_hub_key_does_not_make_a_profile_the_hub() {
        let dedented = PROFILE.replace("    objectives:", "objectives:");
        let guess = guess_kind(&dedented);
        assert_eq!(guess.kind, DocumentKind::Profile);
        assert!(!guess.is_clear());
        let reason = guess.reason();
        assert!(reason.contains("`objectives` (line 7) is a top-level key of the hub catalog"), "{reason}");
        assert!(
            reason.starts_with("read as an organization profile because its top-level keys `organization`, `scope`, `controls` are an organization profile's"),
            "{reason}"
        );
    }

    #[test]
    fn a_misspelt_key_counts_for_the_kind_it_resembles() {
        let guess = guess_kind("framwork:\n  id: x\nrequirements: []\n");
        assert_eq!(guess.kind, DocumentKind::Framework);
        let guess = guess_kind("framwork:\n  id: x\nrequirments: []\n");
        assert_eq!(guess.kind, DocumentKind::Framework);
        assert!(!guess.is_clear());
        assert!(guess.reason().contains("`framwork` (line 1) looks like `framework`"), "{}", guess.reason());
        assert_eq!(near_miss("Organisation"), Some((DocumentKind::Profile, "organization")));
        assert_eq!(near_miss("notes"), None);
    }

    #[test]
    fn a_file_without_evidence_is_read_as_a_profile_and_says_so() {
        let guess = guess_kind("# nothing here\n");
        assert_eq!((guess.kind, guess.top_level), (DocumentKind::Profile, TopLevel::Nothing));
        assert!(!guess.is_clear());
        assert!(guess.reason().starts_with("read as an organization profile since none of its top-level keys belongs to a framework catalog (`framework`, `requirements`) or the hub catalog"), "{}", guess.reason());
    }

    #[test]
    fn the_shape_of_the_top_level_is_read_from_its_first_content() {
        assert_eq!(top_level("# c\n- a\n"), TopLevel::List(2));
        assert_eq!(top_level("[a, b]\n"), TopLevel::List(1));
        assert_eq!(top_level("hello\n"), TopLevel::Scalar(1));
        assert_eq!(top_level("{organization: {name: x}}\n"), TopLevel::Mapping);
        assert_eq!(top_level("---\ncontrols:\n- id: x\n"), TopLevel::Mapping);
        assert_eq!(top_level("\"quoted key\": 1\n"), TopLevel::Mapping);
    }

    #[test]
    fn keys_are_found_at_the_start_of_lines_only() {
        let keys: Vec<String> = top_level_keys(PROFILE).into_iter().map(|(_, key)| key).collect();
        assert_eq!(keys, ["organization", "scope", "controls"]);
        assert_eq!(key_of("url: https://x"), Some("url".to_owned()));
        assert_eq!(key_of("'scope' : 1"), Some("scope".to_owned()));
        assert_eq!(key_of("- id: x"), None);
        assert_eq!(edit_distance("orgnaization", "organization"), 1);
    }
}
