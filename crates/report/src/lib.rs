//! Renderers: every command's output as text for a terminal (tables, colour when asked),
//! Markdown for a pull request or a wiki, and JSON for a pipeline; the report also as CSV and
//! XLSX tables for a spreadsheet (`tables`) and as one self-contained HTML page (`html`).
//!
//! **Invariant:** pure. Values in, a `String` (or an XLSX's bytes) out; no file system, no
//! clock, no terminal detection (the caller says whether to colour). Text and Markdown share one layout and differ
//! only in their [`Style`], so the two never drift apart.

mod document;
mod html;
pub mod schemas;
mod soa;
mod tables;
mod views;

pub use html::{escape_html, report_html};
pub use soa::{
    statement_of_applicability, Applicability, ImplementingControl, NotEvaluated, SoaEntry, StatementOfApplicability, SOA_FRAMEWORK,
};
pub use tables::{evidence_csv, evidence_xlsx, neutralised, report_csv, report_xlsx, soa_csv, soa_xlsx, CsvTable, TableError};

pub use views::{
    CatalogView, FrameworkSummary, HubObjective, HubView, ImportSummary, MappedBy, PluginCheck, Validation, ValidationProblem,
};

use crosswalk_engine::{Comparison, Drift, EvidenceRequests, Explanation, Report, WhatIf, WhatIfAll};
use document::Document;
use serde::Serialize;

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Terminal text; `color` adds ANSI colours.
    Text {
        color: bool,
    },
    Markdown,
    Json,
}

fn json<T: Serialize + ?Sized>(value: &T) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_else(|error| format!("{{\"error\": \"{error}\"}}"));
    text.push('\n');
    text
}

fn document(format: Format) -> Document {
    match format {
        Format::Text { color } => Document::text(color),
        _ => Document::markdown(),
    }
}

/// `crosswalk frameworks`.
pub fn frameworks(summaries: &[FrameworkSummary], format: Format) -> String {
    render(summaries, format, views::frameworks)
}

/// JSON of `value`, or its view laid out as text or Markdown.
fn render<T: Serialize + ?Sized>(value: &T, format: Format, view: fn(&T, Document) -> String) -> String {
    match format {
        Format::Json => json(value),
        _ => view(value, document(format)),
    }
}

/// `crosswalk catalog FRAMEWORK`.
pub fn catalog(view: &CatalogView, format: Format) -> String {
    render(view, format, views::catalog)
}

/// `crosswalk catalog hub`.
pub fn hub(hub: &HubView, format: Format) -> String {
    render(hub, format, views::hub)
}

/// `crosswalk compare A B`.
pub fn comparison(comparison: &Comparison, format: Format) -> String {
    render(comparison, format, views::comparison)
}

/// How much of a report the text and Markdown views show; JSON is always the whole value.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReportLayout {
    /// Every requirement row, met and not applicable ones included (`--detail`).
    pub detail: bool,
    /// The summary and the tier-1 agenda only, short enough for a pull-request comment
    /// (`--summary`).
    pub summary_only: bool,
}

/// `crosswalk report PROFILE`: summary first, then the requirement tables with only the rows
/// that are not met.
pub fn report(report: &Report, format: Format) -> String {
    report_with(report, format, ReportLayout::default())
}

/// `crosswalk report PROFILE` laid out as asked.
pub fn report_with(report: &Report, format: Format, layout: ReportLayout) -> String {
    match format {
        Format::Json => json(report),
        _ => views::report(report, layout, document(format)),
    }
}

/// `crosswalk explain PROFILE FRAMEWORK:REQUIREMENT`.
pub fn explanation(explanation: &Explanation, format: Format) -> String {
    render(explanation, format, views::explanation)
}

/// `crosswalk plugin check PATH`: what a plugin library declares, having passed every check.
pub fn plugin_check(check: &PluginCheck, format: Format) -> String {
    render(check, format, views::plugin_check)
}

/// `crosswalk validate FILE`: the verdict, or the problem list (JSON callers get both forms).
pub fn validation(validation: &Validation, format: Format) -> String {
    render(validation, format, views::validation)
}

/// `crosswalk soa PROFILE`: the ISO/IEC 27001 Statement of Applicability.
pub fn soa(soa: &StatementOfApplicability, format: Format) -> String {
    render(soa, format, views::soa)
}

/// `crosswalk what-if PROFILE --fail CONTROL...`.
pub fn what_if(what_if: &WhatIf, format: Format) -> String {
    render(what_if, format, views::what_if)
}

/// `crosswalk what-if PROFILE --all`.
pub fn what_if_all(all: &WhatIfAll, format: Format) -> String {
    render(all, format, views::what_if_all)
}

/// How many changes each list of `crosswalk drift --format markdown` shows, so it fits a
/// pull-request comment; text and JSON list them all.
pub const DRIFT_MARKDOWN_ITEMS: usize = 20;

/// `crosswalk drift OLD NEW`.
pub fn drift(drift: &Drift, format: Format) -> String {
    match format {
        Format::Json => json(drift),
        Format::Markdown => views::drift(drift, Some(DRIFT_MARKDOWN_ITEMS), document(format)),
        Format::Text { .. } => views::drift(drift, None, document(format)),
    }
}

/// `crosswalk evidence PROFILE`: the evidence requests (the auditor's list).
pub fn evidence(requests: &EvidenceRequests, format: Format) -> String {
    render(requests, format, views::evidence)
}

/// `crosswalk import oscal CATALOG --id ID --output FILE`: what was read, written and skipped.
pub fn import_summary(summary: &ImportSummary, format: Format) -> String {
    render(summary, format, views::import_summary)
}
