//! Property-based fuzzing on stable Rust: YAML-ish texts and mutations of a valid profile, a
//! framework catalog and the hub (byte flips, truncations, duplicated and deleted lines, deep
//! nesting, odd scalars) never make parsing, the position index or the profile checks panic, and
//! every error is located inside the text: on one of its lines, at a column and byte offset that
//! agree with each other.

use crosswalk_model::profile::ProfileFragment;
use crosswalk_model::validate::check_profile;
use crosswalk_model::yaml::{self, Locations, Position};
use crosswalk_model::{FrameworkCatalog, Hub, Profile};
use proptest::prelude::*;
use proptest::sample::{select, Index};
use std::sync::OnceLock;

const PROFILE: &str = r#"# A valid profile using most of the format.
organization:
  name: "Clínica Ünïcode — Lda"
  description: >-
    Folded text
    over two lines.
scope:
  frameworks: [iso27001, soc2, hipaa]
  iso27001:
    exclusions:
      - control: A.7.12
        justification: 'No cabling of its own.'
  soc2:
    type: type2
    period: { start: 2026-01-01, end: 2026-09-30 }
    categories: [availability]
  hipaa:
    role: business-associate
    addressable:
      - specification: "164.312(a)(2)(iii)"
        decision: alternative
        rationale: Sessions end at the proxy.
        alternative: Proxy timeout.
        controls: [IAM-SESSIONS]
        decided_by: ana
        decided_on: 2026-02-10
people:
  - id: ana
    name: Ana Lima
    decides: ["*"]
functions:
  - { id: records, name: Patient records, tier: 1, rto: 4h, rpo: 15m }
systems:
  - id: db
    name: Records database
    kind: data-store
    owner: ana
    functions: [records]
    exemptions:
      - { objectives: [BCK-02], reason: Replica only., approved_by: ana, expires: 2027-05-31 }
controls:
  - id: IAM-SESSIONS
    title: Session limits
    owner: ana
    objectives: [IAM-01]
    evidence:
      - { kind: configuration, title: Proxy config, effective: 2026-03-01 }
  - id: BACKUPS
    title: Nightly backups
    owner: ana
    objectives: [BCK-01, BCK-02]
    systems: [db]
    inherited:
      provider: Cloud Inc.
      attestations:
        - report: SOC 2 Type 2
          attested_on: 2026-05-15
          covers: { start: 2025-10-01, end: 2026-03-31 }
    operates: daily
    evidence:
      - kind: test
        title: Restore drill
        effective: 2026-08-14
        outcome: pass
        recovery: { rto: 3h, rpo: 10m }
    metrics:
      - { name: Jobs, unit: percent, at_least: 99, measured: 97.5, measured_on: 2026-11-01 }
    exceptions:
      - { id: EXC-1, reason: Legacy host., opened: 2026-03-01, closed: 2026-07-02 }
    failure_response: { runbook: runbooks/restore.md, decider: ana }
"#;

/// A catalog up to the `count`-th item of its last list, `list`: still a valid catalog.
fn prefix(text: &str, list: &str, count: usize) -> String {
    let start = text.find(list).expect("the list");
    let cut = text[start..].match_indices("\n  - id: ").nth(count).map_or(text.len(), |(at, _)| start + at);
    text[..cut].to_owned()
}

fn catalog() -> &'static str {
    static CATALOG: OnceLock<String> = OnceLock::new();
    CATALOG.get_or_init(|| prefix(include_str!("../../../frameworks/soc2.yaml"), "\nrequirements:", 3))
}

fn hub_seed() -> &'static str {
    static SEED: OnceLock<String> = OnceLock::new();
    SEED.get_or_init(|| prefix(include_str!("../../../frameworks/hub.yaml"), "\nobjectives:", 3))
}

fn hub() -> &'static Hub {
    static HUB: OnceLock<Hub> = OnceLock::new();
    HUB.get_or_init(|| yaml::parse(include_str!("../../../frameworks/hub.yaml")).expect("the hub parses"))
}

/// Asserts a position is inside `text`, on char boundaries, with line, column and offset in
/// agreement.
fn assert_inside(text: &str, position: Position, what: &str) {
    let lines = text.lines().count().max(1);
    assert!((1..=lines).contains(&position.line), "{what}: line {} of {lines}: {position:?}", position.line);
    let end = position.offset + position.length;
    assert!(end <= text.len(), "{what}: {position:?} past {} bytes", text.len());
    assert!(text.is_char_boundary(position.offset) && text.is_char_boundary(end), "{what}: {position:?} splits a char");
    let before = &text[..position.offset];
    let line_start = before.rfind('\n').map_or(0, |at| at + 1);
    assert_eq!(before.matches('\n').count() + 1, position.line, "{what}: offset and line disagree: {position:?}");
    assert_eq!(before[line_start..].chars().count() + 1, position.column, "{what}: offset and column disagree: {position:?}");
}

fn check_error(text: &str, error: Option<yaml::ParseError>, what: &str) {
    if let Some(error) = error {
        let position = error.position.unwrap_or_else(|| panic!("{what}: unlocated error {error:?}"));
        assert_inside(text, position, what);
        assert!(!error.message.is_empty(), "{what}: empty message");
    }
}

/// Everything a text goes through: typed parsing as each format, the position index, and the
/// profile checks when it is a profile.
fn check_text(text: &str) {
    match yaml::parse::<Profile>(text) {
        Ok(profile) => {
            let _ = check_profile(&profile, hub(), &["iso27001", "soc2", "hipaa"]);
        }
        Err(error) => check_error(text, Some(error), "profile"),
    }
    check_error(text, yaml::parse::<ProfileFragment>(text).err(), "fragment");
    check_error(text, yaml::parse::<FrameworkCatalog>(text).err(), "catalog");
    check_error(text, yaml::parse::<Hub>(text).err(), "hub");
    for position in Locations::index(text).positions() {
        assert_inside(text, position, "index");
    }
}

/// Values that parsers and checks find odd.
const ODD: [&str; 32] = [
    ".nan",
    ".inf",
    "-.inf",
    "~",
    "null",
    "",
    "0x1F",
    "1e400",
    "-0",
    "256",
    "-1",
    "99999999999999999999",
    "'",
    "\"",
    "\"\\xZZ\"",
    "!!binary aGk=",
    "&a x",
    "*a",
    "*missing",
    "<<: *a",
    "? x",
    "|",
    ">-",
    "[",
    "{",
    "]",
    "2026-02-30",
    "0000-01-01",
    "+10000-01-01",
    "é",
    "\u{feff}",
    "\t",
];

/// Tokens YAML-ish texts are made of.
const TOKENS: [&str; 34] = [
    "a",
    "organization",
    "scope",
    "controls",
    "id",
    "framework",
    "requirements",
    ":",
    ": ",
    "- ",
    "-",
    "[",
    "]",
    "{",
    "}",
    ",",
    " ",
    "  ",
    "\n",
    "\r\n",
    "\t",
    "#",
    "'",
    "\"",
    "&x",
    "*x",
    "!t",
    "? ",
    "|",
    ">",
    "---",
    "...",
    "1",
    "é",
];

#[derive(Debug, Clone)]
enum Mutation {
    /// Replace the char at a place by another.
    Flip(Index, char),
    Truncate(Index),
    DuplicateLine(Index),
    DeleteLine(Index),
    /// Open `depth` lists or mappings at a place, in flow (`[`, `{a: `) or block (`- `) style.
    Nest(Index, usize, &'static str),
    /// Replace the value of a line (after its `: `) by an odd scalar.
    Scalar(Index, &'static str),
    Insert(Index, &'static str),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<Index>(), any::<char>()).prop_map(|(at, c)| Mutation::Flip(at, c)),
        (any::<Index>(), select(vec![':', '-', '[', '{', '"', '\'', '\n', ' ', '\t', '#', '&', '*', '!', '|']))
            .prop_map(|(at, c)| Mutation::Flip(at, c)),
        any::<Index>().prop_map(Mutation::Truncate),
        any::<Index>().prop_map(Mutation::DuplicateLine),
        any::<Index>().prop_map(Mutation::DeleteLine),
        (any::<Index>(), 1usize..3000, select(vec!["[", "{a: ", "- ", "[{b: "]))
            .prop_map(|(at, depth, style)| Mutation::Nest(at, depth, style)),
        (any::<Index>(), select(ODD.to_vec())).prop_map(|(at, scalar)| Mutation::Scalar(at, scalar)),
        (any::<Index>(), select(TOKENS.to_vec())).prop_map(|(at, token)| Mutation::Insert(at, token)),
    ]
}

fn char_boundary(text: &str, at: &Index) -> usize {
    let boundaries: Vec<usize> = text.char_indices().map(|(at, _)| at).chain([text.len()]).collect();
    boundaries[at.index(boundaries.len())]
}

fn apply(text: &str, mutation: &Mutation) -> String {
    let mut lines: Vec<&str> = text.split_inclusive('\n').collect();
    match mutation {
        Mutation::Flip(at, c) => {
            let at = char_boundary(text, at);
            let next = text[at..].chars().next().map_or(0, char::len_utf8);
            format!("{}{c}{}", &text[..at], &text[at + next..])
        }
        Mutation::Truncate(at) => text[..char_boundary(text, at)].to_owned(),
        Mutation::DuplicateLine(at) if !lines.is_empty() => {
            let line = at.index(lines.len());
            lines.insert(line, lines[line]);
            lines.concat()
        }
        Mutation::DeleteLine(at) if !lines.is_empty() => {
            lines.remove(at.index(lines.len()));
            lines.concat()
        }
        Mutation::Nest(at, depth, style) => {
            let at = char_boundary(text, at);
            format!("{}{}x{}", &text[..at], style.repeat(*depth), &text[at..])
        }
        Mutation::Scalar(at, scalar) if !lines.is_empty() => {
            let line = at.index(lines.len());
            let replaced = match lines[line].split_once(": ") {
                Some((key, _)) => format!("{key}: {scalar}\n"),
                None => format!("{scalar}\n"),
            };
            lines[line] = &replaced;
            lines.concat()
        }
        Mutation::Insert(at, token) => {
            let at = char_boundary(text, at);
            format!("{}{token}{}", &text[..at], &text[at..])
        }
        _ => text.to_owned(),
    }
}

fn mutated(seed: &'static str) -> impl Strategy<Value = String> {
    prop::collection::vec(mutation(), 1..4).prop_map(move |mutations| mutations.iter().fold(seed.to_owned(), |text, m| apply(&text, m)))
}

#[test]
fn the_seeds_are_valid() {
    yaml::parse::<Profile>(PROFILE).expect("the profile seed parses");
    yaml::parse::<FrameworkCatalog>(catalog()).expect("the catalog seed parses");
    yaml::parse::<Hub>(hub_seed()).expect("the hub seed parses");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn yaml_ish_texts_are_parsed_or_refused_with_a_position(
        tokens in prop::collection::vec(prop_oneof![4 => select(TOKENS.to_vec()).prop_map(str::to_owned), 1 => any::<char>().prop_map(String::from)], 0..120)
    ) {
        check_text(&tokens.concat());
    }

    #[test]
    fn mutated_profiles_are_parsed_or_refused_with_a_position(text in mutated(PROFILE)) {
        check_text(&text);
    }

    #[test]
    fn mutated_catalogs_are_parsed_or_refused_with_a_position(text in prop_oneof![mutated(catalog()), mutated(hub_seed())]) {
        check_text(&text);
    }
}
