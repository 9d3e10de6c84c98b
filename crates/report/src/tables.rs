//! The report as tables for a spreadsheet: CSV (requirements, or the agenda) and an XLSX
//! workbook (a sheet per framework, the agenda, the shared gaps, the evidence requests); the
//! Statement of Applicability and the evidence requests as CSV or a one-sheet workbook.
//!
//! **Invariant:** pure, like every renderer: a report in, a string or bytes out. The workbook's
//! creation date is the report's as-of date, so the same report gives the same bytes.
//! **Invariant:** every CSV text cell starting with `=`, `+`, `-`, `@`, a tab or a carriage
//! return is prefixed with `'`, so a spreadsheet never runs a profile's words as a formula;
//! XLSX cells are typed strings, never formulas.

use crate::soa::StatementOfApplicability;
use crosswalk_engine::{
    AgendaGroup, AgendaItem, ControlAssessment, EvidenceRequests, FrameworkReport, GapStatus, Report, RequirementResult,
};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format as CellFormat, Workbook, XlsxError};
use std::collections::{BTreeSet, HashMap};

/// Which table `crosswalk report --format csv` (requirements) or `csv-agenda` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CsvTable {
    /// One row per requirement of every evaluated framework.
    Requirements,
    /// One row per decision owed, decider by decider, most severe first.
    Agenda,
}

/// A table could not be rendered (a workbook limit was exceeded).
#[derive(Debug)]
pub struct TableError(String);

impl std::fmt::Display for TableError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for TableError {}

impl From<XlsxError> for TableError {
    fn from(error: XlsxError) -> Self {
        TableError(format!("cannot build the workbook: {error}"))
    }
}

impl From<csv::Error> for TableError {
    fn from(error: csv::Error) -> Self {
        TableError(format!("cannot write CSV: {error}"))
    }
}

/// One cell: text, or a number a spreadsheet can sort and sum.
#[derive(Debug, Clone, PartialEq)]
enum Cell {
    Text(String),
    Number(u32),
}

impl From<String> for Cell {
    fn from(text: String) -> Self {
        Cell::Text(text)
    }
}

impl From<&str> for Cell {
    fn from(text: &str) -> Self {
        Cell::Text(text.to_owned())
    }
}

impl From<usize> for Cell {
    fn from(number: usize) -> Self {
        Cell::Number(u32::try_from(number).unwrap_or(u32::MAX))
    }
}

impl From<u32> for Cell {
    fn from(number: u32) -> Self {
        Cell::Number(number)
    }
}

#[derive(Debug)]
struct Table {
    headers: &'static [&'static str],
    rows: Vec<Vec<Cell>>,
}

/// The separator of a list inside one cell.
const LIST: &str = "; ";

/// Who decides, in a cell: the person's id, or `nobody` when no one has the authority.
fn decider(decider: Option<&str>) -> String {
    decider.unwrap_or("nobody").to_owned()
}

/// A tier as a number to sort on; organization-wide items (no tier) sort after every tier.
fn tier(tier: Option<u8>) -> Cell {
    match tier {
        Some(tier) => Cell::Number(u32::from(tier)),
        None => "organization".into(),
    }
}

const REQUIREMENT_HEADERS: &[&str] =
    &["framework", "requirement", "title", "baseline", "demanded", "reason", "controls", "signals", "markers", "deciders"];

/// One row per requirement of `frameworks`: its verdict, its controls, every signal on it (its
/// own markers' and its controls'), its own markers and everyone who must decide something
/// about it.
fn requirements(frameworks: &[FrameworkReport], controls: &HashMap<&str, &ControlAssessment>) -> Table {
    let rows = frameworks
        .iter()
        .flat_map(|framework| framework.requirements.iter().map(move |requirement| (framework, requirement)))
        .map(|(framework, r)| requirement_row(&framework.id, r, controls))
        .collect();
    Table { headers: REQUIREMENT_HEADERS, rows }
}

fn requirement_row(framework: &str, r: &RequirementResult, controls: &HashMap<&str, &ControlAssessment>) -> Vec<Cell> {
    let covering: Vec<&ControlAssessment> = r.controls.iter().filter_map(|id| controls.get(id.as_str()).copied()).collect();
    let signals: BTreeSet<_> = r.governance.iter().map(|m| m.signal).chain(r.control_signals.iter().copied()).collect();
    let markers: Vec<String> = r
        .governance
        .iter()
        .map(|m| {
            let subject: Vec<&str> = [&m.control, &m.system, &m.objective].into_iter().flatten().map(String::as_str).collect();
            if subject.is_empty() {
                m.signal.to_string()
            } else {
                format!("{} {}", m.signal, subject.join(" "))
            }
        })
        .collect();
    let deciders: BTreeSet<String> =
        r.governance.iter().chain(covering.iter().flat_map(|control| &control.signals)).map(|m| decider(m.decider.as_deref())).collect();
    vec![
        framework.into(),
        r.id.as_str().into(),
        r.title.as_str().into(),
        r.baseline.to_string().into(),
        r.demanded.map(|level| level.to_string()).unwrap_or_default().into(),
        r.reason.as_str().into(),
        r.controls.join(LIST).into(),
        signals.iter().map(ToString::to_string).collect::<Vec<_>>().join(LIST).into(),
        markers.join(LIST).into(),
        deciders.into_iter().collect::<Vec<_>>().join(LIST).into(),
    ]
}

const AGENDA_HEADERS: &[&str] = &[
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
    "requirements",
];

/// One row per decision owed, in the agenda's order (decider by decider, most severe first).
fn agenda(groups: &[AgendaGroup], controls: &HashMap<&str, &ControlAssessment>) -> Table {
    let rows = groups.iter().flat_map(|group| group.items.iter().map(move |item| agenda_row(group, item, controls))).collect();
    Table { headers: AGENDA_HEADERS, rows }
}

fn agenda_row(group: &AgendaGroup, item: &AgendaItem, controls: &HashMap<&str, &ControlAssessment>) -> Vec<Cell> {
    let control = item.control.as_deref().and_then(|id| controls.get(id).copied());
    vec![
        decider(group.decider.as_deref()).into(),
        group.name.clone().unwrap_or_default().into(),
        item.severity.rating.to_string().into(),
        item.severity.score.into(),
        tier(item.tier),
        item.signal.to_string().into(),
        item.subject.as_str().into(),
        control.map(|c| c.title.clone()).unwrap_or_default().into(),
        control.and_then(|c| c.owner.clone()).unwrap_or_default().into(),
        item.reason.as_str().into(),
        item.severity.open_requirements.into(),
        item.requirements.join(LIST).into(),
    ]
}

const SHARED_GAP_HEADERS: &[&str] = &["objective", "title", "status", "frameworks", "requirements", "requirements left open"];

fn shared_gaps(report: &Report) -> Table {
    let rows = report
        .shared_gaps
        .iter()
        .map(|gap| {
            let status = match gap.status {
                GapStatus::Missing => "missing",
                GapStatus::Weak => "weak",
            };
            let open = gap.frameworks.iter().map(|f| format!("{}: {}", f.framework, f.requirements.join(" "))).collect::<Vec<_>>();
            vec![
                gap.objective.as_str().into(),
                gap.title.as_str().into(),
                status.into(),
                gap.framework_count.into(),
                gap.requirement_count.into(),
                open.join(LIST).into(),
            ]
        })
        .collect();
    Table { headers: SHARED_GAP_HEADERS, rows }
}

fn controls_by_id(report: &Report) -> HashMap<&str, &ControlAssessment> {
    report.controls.iter().map(|control| (control.id.as_str(), control)).collect()
}

/// A text cell a spreadsheet will not read as a formula: `'` before a leading `=`, `+`, `-`,
/// `@`, tab or carriage return.
pub fn neutralised(text: &str) -> std::borrow::Cow<'_, str> {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}").into()
    } else {
        text.into()
    }
}

/// `crosswalk report --format csv` (requirements) or `--format csv-agenda`: a header row, then
/// one row per requirement or per decision; lists inside a cell are separated by `; `.
pub fn report_csv(report: &Report, table: CsvTable) -> Result<String, TableError> {
    let controls = controls_by_id(report);
    let table = match table {
        CsvTable::Requirements => requirements(&report.frameworks, &controls),
        CsvTable::Agenda => agenda(&report.agenda, &controls),
    };
    write_csv(&table)
}

/// A table as CSV: a header row, then its rows, text cells neutralised.
fn write_csv(table: &Table) -> Result<String, TableError> {
    let mut writer = csv::WriterBuilder::new().terminator(csv::Terminator::Any(b'\n')).from_writer(Vec::new());
    writer.write_record(table.headers)?;
    for row in &table.rows {
        writer.write_record(row.iter().map(|cell| match cell {
            Cell::Text(text) => neutralised(text).into_owned(),
            Cell::Number(number) => number.to_string(),
        }))?;
    }
    let bytes = writer.into_inner().map_err(|error| TableError(format!("cannot write CSV: {}", error.error())))?;
    String::from_utf8(bytes).map_err(|error| TableError(format!("cannot write CSV: {error}")))
}

const SOA_HEADERS: &[&str] = &[
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

/// One row per Annex A control of the Statement of Applicability.
fn soa_table(soa: &StatementOfApplicability) -> Table {
    let rows = soa
        .controls
        .iter()
        .map(|entry| {
            let evidence: Vec<String> = entry
                .implementation
                .iter()
                .filter(|c| !c.evidence.is_empty())
                .map(|c| format!("{}: {}", c.id, c.evidence.join(", ")))
                .collect();
            vec![
                entry.id.as_str().into(),
                entry.title.as_str().into(),
                entry.theme.as_str().into(),
                entry.applicability.to_string().into(),
                entry.justification.as_str().into(),
                entry.status.to_string().into(),
                entry.level.map(|level| level.to_string()).unwrap_or_default().into(),
                entry.demanded.map(|level| level.to_string()).unwrap_or_default().into(),
                entry.objectives.join(LIST).into(),
                entry.implementation.iter().map(|c| format!("{} {}", c.id, c.title)).collect::<Vec<_>>().join(LIST).into(),
                evidence.join(LIST).into(),
            ]
        })
        .collect();
    Table { headers: SOA_HEADERS, rows }
}

const EVIDENCE_HEADERS: &[&str] = &[
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

/// One row per evidence request, framework by framework, missing first.
fn evidence_table(requests: &EvidenceRequests) -> Table {
    let rows = requests
        .frameworks
        .iter()
        .flat_map(|framework| framework.requests.iter().map(move |request| (framework, request)))
        .map(|(framework, request)| {
            vec![
                framework.framework.as_str().into(),
                request.status.to_string().into(),
                request.kind.to_string().into(),
                request.control.clone().unwrap_or_default().into(),
                request.system.clone().unwrap_or_default().into(),
                request.objective.clone().unwrap_or_default().into(),
                request.asked.as_str().into(),
                request.detail.as_str().into(),
                request.missing_intervals.iter().map(ToString::to_string).collect::<Vec<_>>().join(LIST).into(),
                request.on_file.into(),
                if request.evidence.is_empty() { String::new() } else { crate::views::on_file(request) }.into(),
                request.owner.clone().unwrap_or_default().into(),
                request.requirements.join(LIST).into(),
            ]
        })
        .collect();
    Table { headers: EVIDENCE_HEADERS, rows }
}

/// `crosswalk evidence --format csv`: a header row, then one row per evidence request.
pub fn evidence_csv(requests: &EvidenceRequests) -> Result<String, TableError> {
    write_csv(&evidence_table(requests))
}

/// `crosswalk evidence --format xlsx`: one sheet of evidence requests, as the report's workbook
/// has it.
pub fn evidence_xlsx(requests: &EvidenceRequests) -> Result<Vec<u8>, TableError> {
    let title = format!("{}: evidence requests as of {}", requests.organization, requests.as_of);
    one_sheet_workbook(&title, requests.as_of, EVIDENCE_SHEET, &evidence_table(requests))
}

/// A workbook of one sheet, its header row frozen, filtered and its columns fitted, created on
/// `as_of` so the same table gives the same bytes.
fn one_sheet_workbook(title: &str, as_of: chrono::NaiveDate, sheet: &str, table: &Table) -> Result<Vec<u8>, TableError> {
    let mut workbook = Workbook::new();
    let properties = DocProperties::new().set_title(title).set_creation_datetime(&workbook_date(as_of)?);
    workbook.set_properties(&properties);
    add_sheet(&mut workbook, sheet, table)?;
    Ok(workbook.save_to_buffer()?)
}

/// `crosswalk soa --format csv`: a header row, then one row per Annex A control.
pub fn soa_csv(soa: &StatementOfApplicability) -> Result<String, TableError> {
    write_csv(&soa_table(soa))
}

/// The sheet of the Statement of Applicability's workbook.
const SOA_SHEET: &str = "statement of applicability";

/// `crosswalk soa --format xlsx`: one sheet, a row per Annex A control, its header row frozen,
/// filtered and its columns fitted. The document's creation date is the statement's as-of date.
pub fn soa_xlsx(soa: &StatementOfApplicability) -> Result<Vec<u8>, TableError> {
    let title = format!("{}: Statement of Applicability as of {}", soa.organization, soa.as_of);
    one_sheet_workbook(&title, soa.as_of, SOA_SHEET, &soa_table(soa))
}

/// A date as a workbook's creation date.
fn workbook_date(date: chrono::NaiveDate) -> Result<ExcelDateTime, TableError> {
    use chrono::Datelike;
    match (u16::try_from(date.year()), u8::try_from(date.month()), u8::try_from(date.day())) {
        (Ok(year), Ok(month), Ok(day)) => Ok(ExcelDateTime::from_ymd(year, month, day)?),
        _ => Err(TableError(format!("{date} cannot be a workbook date"))),
    }
}

/// Sheet names the workbook always has; framework sheets never take them.
const AGENDA_SHEET: &str = "agenda";
const SHARED_GAPS_SHEET: &str = "shared gaps";
const EVIDENCE_SHEET: &str = "evidence requests";

/// The most characters a cell holds in Excel.
const MAX_CELL: usize = 32_767;
/// Columns are fitted to their content up to this width, in pixels.
const MAX_COLUMN_WIDTH: u32 = 420;

/// `crosswalk report --format xlsx`: a workbook with a sheet per framework (its requirements,
/// as in CSV), the agenda, the shared gaps and the evidence requests (`evidence`, computed from
/// the same report); each sheet's header row is frozen, filtered and its columns fitted. The
/// same report gives the same bytes: the document's creation date is the report's as-of date.
pub fn report_xlsx(report: &Report, evidence: &EvidenceRequests) -> Result<Vec<u8>, TableError> {
    let controls = controls_by_id(report);
    let mut workbook = Workbook::new();
    let as_of = report.as_of;
    let created = workbook_date(as_of)?;
    let properties = DocProperties::new()
        .set_title(format!("{}: cross-framework gap report as of {as_of}", report.organization))
        .set_creation_datetime(&created);
    workbook.set_properties(&properties);

    let mut used = vec![AGENDA_SHEET.to_owned(), SHARED_GAPS_SHEET.to_owned(), EVIDENCE_SHEET.to_owned()];
    for framework in &report.frameworks {
        let name = sheet_name(&framework.id, &mut used);
        add_sheet(&mut workbook, &name, &requirements(std::slice::from_ref(framework), &controls))?;
    }
    add_sheet(&mut workbook, AGENDA_SHEET, &agenda(&report.agenda, &controls))?;
    add_sheet(&mut workbook, SHARED_GAPS_SHEET, &shared_gaps(report))?;
    add_sheet(&mut workbook, EVIDENCE_SHEET, &evidence_table(evidence))?;
    Ok(workbook.save_to_buffer()?)
}

/// A valid sheet name for `wanted` not yet in `used` (Excel compares them ignoring case):
/// without `[]:*?/\`, not quoted, at most 31 characters, numbered when taken.
fn sheet_name(wanted: &str, used: &mut Vec<String>) -> String {
    let cleaned: String = wanted.chars().map(|c| if "[]:*?/\\".contains(c) { '_' } else { c }).collect();
    let cleaned = cleaned.trim_matches('\'');
    let base = if cleaned.is_empty() { "framework" } else { cleaned };
    let taken =
        |name: &str, used: &[String]| name.eq_ignore_ascii_case("history") || used.iter().any(|u| u.to_lowercase() == name.to_lowercase());
    let mut number = 1;
    loop {
        let suffix = if number == 1 { String::new() } else { format!(" {number}") };
        let kept: String = base.chars().take(31 - suffix.chars().count()).collect();
        let name = format!("{}{suffix}", kept.trim_end_matches('\''));
        if !taken(&name, used) {
            used.push(name.clone());
            return name;
        }
        number += 1;
    }
}

/// Text that fits a cell: cut, with an ellipsis, past Excel's limit.
fn fitted(text: &str) -> std::borrow::Cow<'_, str> {
    if text.chars().count() <= MAX_CELL {
        text.into()
    } else {
        let mut cut: String = text.chars().take(MAX_CELL - 1).collect();
        cut.push('…');
        cut.into()
    }
}

fn add_sheet(workbook: &mut Workbook, name: &str, table: &Table) -> Result<(), TableError> {
    let bold = CellFormat::new().set_bold();
    let sheet = workbook.add_worksheet();
    sheet.set_name(name)?;
    for (column, header) in (0u16..).zip(table.headers) {
        sheet.write_string_with_format(0, column, *header, &bold)?;
    }
    for (row, cells) in (1u32..).zip(&table.rows) {
        for (column, cell) in (0u16..).zip(cells) {
            match cell {
                Cell::Text(text) if text.is_empty() => {}
                Cell::Text(text) => {
                    sheet.write_string(row, column, fitted(text))?;
                }
                Cell::Number(number) => {
                    sheet.write_number(row, column, f64::from(*number))?;
                }
            }
        }
    }
    let last_row = u32::try_from(table.rows.len()).map_err(|_| TableError(format!("sheet {name} has too many rows")))?;
    let last_column = u16::try_from(table.headers.len().saturating_sub(1)).unwrap_or(0);
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofilter(0, 0, last_row, last_column)?;
    sheet.set_autofit_max_width(MAX_COLUMN_WIDTH);
    sheet.autofit();
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_openers_are_neutralised_and_nothing_else() {
        for hostile in ["=HYPERLINK(\"http://x\")", "+1+1", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd"] {
            assert_eq!(neutralised(hostile), format!("'{hostile}"));
        }
        for plain in ["BCK-01", "a=b", " =x", "", "'quoted"] {
            assert_eq!(neutralised(plain), plain);
        }
    }

    #[test]
    fn sheet_names_are_valid_and_unique() {
        let mut used = vec![AGENDA_SHEET.to_owned(), SHARED_GAPS_SHEET.to_owned()];
        assert_eq!(sheet_name("iso27001", &mut used), "iso27001");
        assert_eq!(sheet_name("Agenda", &mut used), "Agenda 2");
        assert_eq!(sheet_name("a/b:c", &mut used), "a_b_c");
        assert_eq!(sheet_name("history", &mut used), "history 2");
        let long = "x".repeat(40);
        assert_eq!(sheet_name(&long, &mut used), "x".repeat(31));
        assert_eq!(sheet_name(&long, &mut used), format!("{} 2", "x".repeat(29)));
    }
}
