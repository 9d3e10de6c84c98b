//! Renderers: every command's output as text for a terminal (tables, colour when asked),
//! Markdown for a pull request or a wiki, and JSON for a pipeline.
//!
//! **Invariant:** pure. Values in, a `String` out; no file system, no clock, no terminal
//! detection (the caller says whether to colour). Text and Markdown share one layout and differ
//! only in their [`Style`], so the two never drift apart.

mod document;
pub mod schemas;
mod views;

pub use views::{CatalogView, FrameworkSummary, Validation, ValidationProblem};

use crosswalk_engine::{Comparison, Explanation, Report};
use crosswalk_model::Hub;
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

fn json<T: Serialize>(value: &T) -> String {
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
    if format == Format::Json {
        return json(&summaries);
    }
    let mut doc = document(format);
    doc.heading("Frameworks");
    doc.table(
        &["id", "name", "version", "source", "requirements"],
        summaries
            .iter()
            .map(|s| vec![s.id.clone(), s.name.clone(), s.version.clone(), s.source.clone(), s.requirements.to_string()])
            .collect(),
    );
    doc.finish()
}

/// `crosswalk catalog FRAMEWORK`.
pub fn catalog(view: &CatalogView, format: Format) -> String {
    if format == Format::Json {
        return json(view);
    }
    views::catalog(view, document(format))
}

/// `crosswalk catalog hub`.
pub fn hub(hub: &Hub, format: Format) -> String {
    if format == Format::Json {
        return json(hub);
    }
    views::hub(hub, document(format))
}

/// `crosswalk compare A B`.
pub fn comparison(comparison: &Comparison, format: Format) -> String {
    if format == Format::Json {
        return json(comparison);
    }
    views::comparison(comparison, document(format))
}

/// `crosswalk report PROFILE`.
pub fn report(report: &Report, format: Format) -> String {
    if format == Format::Json {
        return json(report);
    }
    views::report(report, document(format))
}

/// `crosswalk explain PROFILE FRAMEWORK:REQUIREMENT`.
pub fn explanation(explanation: &Explanation, format: Format) -> String {
    if format == Format::Json {
        return json(explanation);
    }
    views::explanation(explanation, document(format))
}

/// `crosswalk validate FILE` when the file is valid, or any format's problem list for JSON.
pub fn validation(validation: &Validation, format: Format) -> String {
    if format == Format::Json {
        return json(validation);
    }
    let mut doc = document(format);
    if validation.valid {
        doc.paragraph(&format!("ok: {} is a valid {}: {}", validation.file, validation.kind, validation.summary));
    } else {
        let items: Vec<(String, Vec<String>)> =
            validation.problems.iter().map(|p| (format!("{}: {}", p.code, p.message), vec![format!("hint: {}", p.hint)])).collect();
        doc.list(&items);
    }
    doc.finish()
}
