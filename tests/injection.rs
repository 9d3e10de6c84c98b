//! Hostile words in a profile (control titles, owners, reasons, system names, evidence titles,
//! runbooks, exclusion justifications) through every Markdown and CSV output built from it: the
//! report, the Statement of Applicability, what-if and the evidence requests. Markdown tables keep
//! their columns, no line break splits a row, item or heading, and nothing becomes a link, raw
//! HTML or a code span the view did not write; no CSV cell opens a formula and every row keeps
//! its columns.

mod example;

use crosswalk_engine::evidence_requests;
use crosswalk_host::Registry;
use crosswalk_model::Profile;
use crosswalk_report::{CsvTable, Format, ReportLayout};

/// Markdown that would break a table, a list or a heading, link, run script or open code.
const MARKDOWN: &str = "a | pipe `tick` [x](javascript:alert(1)) <script>alert(1)</script>\nnew line\r\n# heading \\";

/// Each of the CSV formula openers, before hostile Markdown.
fn hostile(opener: &str) -> String {
    format!("{opener}cmd|' /C calc'!A0 {MARKDOWN}")
}

use example::{evaluated, registry};

/// The example organization with hostile words wherever its own words reach an output.
fn hostile_profile(registry: &Registry) -> Profile {
    let mut profile = example::example_profile(registry);
    let renamed: Vec<(String, String)> =
        profile.systems.iter().enumerate().map(|(i, system)| (system.id.clone(), format!("{}{i}", hostile("@")))).collect();
    for (system, (_, new_id)) in profile.systems.iter_mut().zip(&renamed) {
        system.id = new_id.clone();
        system.name = hostile("=");
        for exemption in &mut system.exemptions {
            exemption.reason = hostile("-");
        }
    }
    for control in &mut profile.controls {
        control.title = hostile("=");
        control.owner = Some(hostile("+"));
        if let Some(systems) = &mut control.systems {
            for system in systems.iter_mut() {
                if let Some((_, new_id)) = renamed.iter().find(|(old, _)| old == system) {
                    *system = new_id.clone();
                }
            }
        }
        for evidence in &mut control.evidence {
            evidence.title = hostile("\t");
            evidence.reference = Some(hostile("\r"));
        }
        for exception in &mut control.exceptions {
            exception.reason = hostile("-");
        }
        if let Some(response) = &mut control.failure_response {
            response.runbook = hostile("@");
        }
    }
    let exclusions = profile.scope.sections.get_mut("iso27001").and_then(|s| s.get_mut("exclusions")).expect("exclusions");
    for exclusion in exclusions.as_array_mut().expect("a list") {
        exclusion["justification"] = hostile("=").into();
    }
    profile
}

/// The `|` of a Markdown line that separate cells: those not escaped by an odd run of `\`.
fn cell_separators(line: &str) -> usize {
    let mut backslashes = 0;
    let mut separators = 0;
    for c in line.chars() {
        match c {
            '\\' => backslashes += 1,
            '|' if backslashes % 2 == 0 => {
                separators += 1;
                backslashes = 0;
            }
            _ => backslashes = 0,
        }
    }
    separators
}

/// A Markdown line with its code spans (inert: shown as written) replaced by `CODE`, read as
/// CommonMark does: a backslash escapes the next character, and a run of backticks opens a span
/// closed by the next run of the same length.
fn outside_code(line: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::new();
    let mut at = 0;
    while at < chars.len() {
        match chars[at] {
            '\\' => {
                out.extend(chars.get(at..(at + 2).min(chars.len())).unwrap_or_default());
                at += 2;
            }
            '`' => {
                let run = chars[at..].iter().take_while(|c| **c == '`').count();
                let mut close = at + run;
                let closing = loop {
                    let Some(next) = chars[close..].iter().position(|c| *c == '`').map(|p| close + p) else { break None };
                    let length = chars[next..].iter().take_while(|c| **c == '`').count();
                    if length == run {
                        break Some(next + length);
                    }
                    close = next + length;
                };
                match closing {
                    Some(end) => {
                        out.push_str("CODE");
                        at = end;
                    }
                    None => {
                        out.extend(&chars[at..at + run]);
                        at += run;
                    }
                }
            }
            c => {
                out.push(c);
                at += 1;
            }
        }
    }
    out
}

/// Markdown output whose structure the hostile words did not change.
fn assert_markdown_holds(name: &str, markdown: &str) {
    assert!(markdown.contains("' /C calc'!A0"), "{name}: the hostile words are shown");
    let mut header: Option<usize> = None;
    for line in markdown.lines() {
        assert!(!line.starts_with("new line") && !line.starts_with("# heading"), "{name}: a line break split a line: {line:?}");
        let text = outside_code(line);
        assert!(!text.to_lowercase().contains("<script"), "{name}: raw HTML: {line:?}");
        assert!(!text.contains("](javascript:"), "{name}: a link: {line:?}");
        assert!(!text.contains("pipe CODE"), "{name}: a hostile backtick opened code: {line:?}");
        if line.starts_with('|') {
            let separators = cell_separators(line);
            let expected = *header.get_or_insert(separators);
            assert_eq!(separators, expected, "{name}: a row's columns moved: {line:?}");
        } else {
            header = None;
        }
    }
}

/// CSV output whose rows keep their columns and whose cells never open a formula.
fn assert_csv_holds(name: &str, csv_text: &str) {
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let columns = reader.headers().expect("a header row").len();
    let mut hostile_cells = 0;
    for record in reader.records() {
        let record = record.expect("a well-formed record");
        assert_eq!(record.len(), columns, "{name}: a row's columns moved");
        for cell in &record {
            assert!(!cell.starts_with(['=', '+', '-', '@', '\t', '\r']), "{name}: a cell opens a formula: {cell:?}");
            hostile_cells += usize::from(cell.contains("cmd|' /C calc'"));
        }
    }
    assert!(hostile_cells > 0, "{name}: the hostile words are kept");
}

#[test]
fn hostile_words_keep_markdown_structure_and_never_open_a_csv_formula() {
    let registry = registry();
    let profile = hostile_profile(&registry);
    let report = evaluated(&registry, &profile);

    let detail = ReportLayout { detail: true, summary_only: false };
    assert_markdown_holds("report", &crosswalk_report::report_with(&report, Format::Markdown, detail));
    assert_csv_holds("report csv", &crosswalk_report::report_csv(&report, CsvTable::Requirements).expect("CSV renders"));
    assert_csv_holds("agenda csv", &crosswalk_report::report_csv(&report, CsvTable::Agenda).expect("CSV renders"));

    let catalog = registry.plugin("iso27001").expect("iso27001").catalog();
    let soa = crosswalk_report::statement_of_applicability(&report, catalog, &profile).expect("iso27001 is evaluated");
    assert_markdown_holds("soa", &crosswalk_report::soa(&soa, Format::Markdown));
    assert_csv_holds("soa csv", &crosswalk_report::soa_csv(&soa).expect("CSV renders"));

    let plugins: Vec<_> = report.frameworks.iter().map(|f| registry.plugin(&f.id).expect("evaluated")).collect();
    let requests = evidence_requests(&report, &profile, &plugins);
    assert_markdown_holds("evidence", &crosswalk_report::evidence(&requests, Format::Markdown));
    assert_csv_holds("evidence csv", &crosswalk_report::evidence_csv(&requests).expect("CSV renders"));

    let failed = ["IAM-SSO-MFA".to_owned(), "BCK-AWS-BACKUP".to_owned()];
    let what_if = crosswalk_engine::what_if(&registry.hub, &profile, &plugins, report.as_of, &failed);
    assert!(!what_if.failed.is_empty(), "the failed controls exist");
    assert_markdown_holds("what-if", &crosswalk_report::what_if(&what_if, Format::Markdown));
    let all = crosswalk_engine::what_if_all(&registry.hub, &profile, &plugins, report.as_of).expect("the example is small enough");
    assert_markdown_holds("what-if --all", &crosswalk_report::what_if_all(&all, Format::Markdown));
}

#[test]
fn a_near_miss_plain_words_are_written_as_they_are() {
    // Words with nothing Markdown reads as structure are not escaped at all.
    let registry = registry();
    let mut profile = example::example_profile(&registry);
    profile.controls[0].title = "Access policy (v2) <-> standards, 100% [reviewed]".to_owned();
    let report = evaluated(&registry, &profile);
    let markdown = crosswalk_report::report_with(&report, Format::Markdown, ReportLayout { detail: true, summary_only: false });
    let plugins: Vec<_> = report.frameworks.iter().map(|f| registry.plugin(&f.id).expect("evaluated")).collect();
    let what_if = crosswalk_engine::what_if(&registry.hub, &profile, &plugins, report.as_of, &[profile.controls[0].id.clone()]);
    let what_if = crosswalk_report::what_if(&what_if, Format::Markdown);
    assert!(what_if.contains("Access policy (v2) <-> standards, 100% [reviewed]"), "{what_if}");
    assert_markdown_holds("plain report", &format!("{markdown}\n' /C calc'!A0"));
}
