//! Large and hostile inputs: a profile of about 2 MB parses and is located exactly, and deep
//! nesting is refused at once wherever it stands. No timing here (timed tests are flaky); the
//! benchmark measures speed, and `yaml`'s unit tests count the work of locating positions.

use crosswalk_model::yaml::{self, Locations, MAX_DEPTH};
use crosswalk_model::{FieldPath, Profile};

/// A profile of `controls` controls (about 420 bytes each), and the line each control starts on.
fn big_profile(controls: usize) -> (String, Vec<usize>) {
    let mut text = String::from(
        "organization:\n  name: Large Clinic\nscope:\n  frameworks: [iso27001]\npeople:\n  - {id: ana, name: Ana Lima}\ncontrols:\n",
    );
    let mut starts = Vec::new();
    let mut lines = text.lines().count();
    for index in 0..controls {
        starts.push(lines + 1);
        lines += 11;
        text.push_str(&format!(
            "  - id: CTL-{index:05}\n    title: \"Contrôle n° {index}: sauvegardes chiffrées\"\n    owner: ana\n    objectives: [BCK-01, BCK-03]\n    evidence:\n      - kind: configuration\n        title: Backup schedule {index}\n        effective: 2026-10-10\n      - {{ kind: record, title: \"Job log\", effective: 2026-11-01, through: 2026-11-30 }}\n    metrics:\n      - {{ name: Jobs succeeding, unit: percent, at_least: 99, measured: 99.5, measured_on: 2026-11-30 }}\n"
        ));
    }
    (text, starts)
}

const CONTROLS: usize = 4_800;

#[test]
fn a_two_megabyte_profile_is_parsed_and_located_exactly() {
    let (text, starts) = big_profile(CONTROLS);
    assert!(text.len() > 2_000_000, "{} bytes", text.len());
    let profile: Profile = yaml::parse(&text).expect("valid");
    assert_eq!(profile.controls.len(), CONTROLS);

    let locations = Locations::index(&text);
    let last = CONTROLS - 1;
    let through = FieldPath::root().key("controls").index(last).key("evidence").index(1).key("through");
    let position = locations.find(&through).expect("indexed");
    assert_eq!(position.line, starts[last] + 8);
    assert_eq!(&text[position.offset..position.offset + position.length], "2026-11-30");
    let title = locations.find(&FieldPath::root().key("controls").index(last).key("title")).expect("indexed");
    assert_eq!((title.line, title.column), (starts[last] + 1, 12));
    assert_eq!(text[title.offset..].chars().nth(1), Some('C'), "the offset is in bytes, after multi-byte chars");
}

#[test]
fn one_error_near_the_end_of_a_two_megabyte_profile_is_located_exactly() {
    let (text, starts) = big_profile(CONTROLS);
    let last = CONTROLS - 1;
    let broken = text.replacen(&format!("  - id: CTL-{last:05}\n"), &format!("  - id: CTL-{last:05}\n    colour: red\n"), 1);
    let error = yaml::parse::<Profile>(&broken).expect_err("unknown field");
    assert_eq!(error.path.to_string(), format!("controls[{last}].colour"));
    let position = error.position.expect("located");
    assert_eq!((position.line, position.column), (starts[last] + 1, 5));
    assert_eq!(&broken[position.offset..position.offset + 6], "colour");
}

#[test]
fn deep_nesting_is_refused_even_after_an_earlier_error() {
    let (text, _) = big_profile(100);
    let depth = 100_000;
    let hostile = format!("{}    colour: red\nfunctions: {}{}\n", text, "[".repeat(depth), "]".repeat(depth));
    let error = yaml::parse::<Profile>(&hostile).expect_err("too deep");
    assert!(error.message.contains(&format!("more than {MAX_DEPTH} levels")), "{}", error.message);
    assert!(!error.hint.is_empty());
    let position = error.position.expect("located");
    assert_eq!(position.line, hostile.lines().count());
    assert_eq!(position.column, "functions: ".len() + MAX_DEPTH);
    // The index stops there too, keeping what came before.
    let locations = Locations::index(&hostile);
    assert_eq!(locations.find(&FieldPath::root().key("controls").index(99).key("owner")).map(|p| p.line), Some(text.lines().count() - 8));
}
