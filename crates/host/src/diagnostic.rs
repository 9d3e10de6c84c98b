//! Problems as miette diagnostics: a stable code, the file, line and column, the field, a label
//! under the value and a help line saying how to fix it.

use crosswalk_model::yaml::{Locations, ParseError, Position};
use crosswalk_model::{FieldPath, Problem};
use miette::{Diagnostic, NamedSource, SourceSpan};
use std::fmt;
use std::sync::Arc;

/// A named text that diagnostics point into.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub name: String,
    pub text: Arc<str>,
}

impl SourceFile {
    pub fn new(name: impl Into<String>, text: impl Into<Arc<str>>) -> Self {
        Self { name: name.into(), text: text.into() }
    }
}

/// One problem in one file.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{}", self.headline())]
pub struct FileDiagnostic {
    pub code: String,
    /// The file the problem is in; empty for problems with no file (an unknown framework id).
    pub file: String,
    pub line: Option<usize>,
    pub column: Option<usize>,
    /// The field path (`controls[3].owner`); empty when the whole file is concerned.
    pub field: String,
    pub message: String,
    pub help: String,
    source_code: Option<NamedSource<String>>,
    span: Option<SourceSpan>,
}

impl Diagnostic for FileDiagnostic {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(&self.code))
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        (!self.help.is_empty()).then(|| Box::new(&self.help) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.source_code.as_ref().map(|source| source as &dyn miette::SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        let span = self.span?;
        let label = if self.field.is_empty() { "here".to_owned() } else { self.field.clone() };
        Some(Box::new(std::iter::once(miette::LabeledSpan::new_with_span(Some(label), span))))
    }
}

impl FileDiagnostic {
    /// `file:line:column: field: message`, with whatever parts are known.
    pub fn headline(&self) -> String {
        let mut headline = String::new();
        if !self.file.is_empty() {
            headline.push_str(&self.file);
            if let (Some(line), Some(column)) = (self.line, self.column) {
                headline.push_str(&format!(":{line}:{column}"));
            }
            headline.push_str(": ");
        }
        if !self.field.is_empty() {
            headline.push_str(&format!("{}: ", self.field));
        }
        headline.push_str(&self.message);
        headline
    }

    /// A problem with no position: a missing file, an unreadable folder.
    pub fn without_position(code: &str, file: &str, message: impl Into<String>, help: impl Into<String>) -> Self {
        Self {
            code: code.to_owned(),
            file: file.to_owned(),
            line: None,
            column: None,
            field: String::new(),
            message: message.into(),
            help: help.into(),
            source_code: None,
            span: None,
        }
    }

    /// A problem at a position of `source`, about `path`.
    pub fn at(
        code: &str,
        source: &SourceFile,
        position: Option<Position>,
        path: &FieldPath,
        message: impl Into<String>,
        help: impl Into<String>,
    ) -> Self {
        Self {
            code: code.to_owned(),
            file: source.name.clone(),
            line: position.map(|p| p.line),
            column: position.map(|p| p.column),
            field: path.to_string(),
            message: message.into(),
            help: help.into(),
            source_code: position.map(|_| NamedSource::new(source.name.clone(), source.text.to_string())),
            span: position.map(|position| SourceSpan::new(position.offset.into(), position.length)),
        }
    }

    /// A YAML text that did not parse into its type.
    pub fn from_parse(code: &str, source: &SourceFile, error: &ParseError) -> Self {
        // The parser's own hint knows the rule that was broken (depth, one document, a range);
        // the generic one only reads the message.
        let help = if error.hint.is_empty() { parse_hint(&error.message) } else { error.hint.clone() };
        let position = error.position.or_else(|| Locations::index(&source.text).find(&error.path));
        Self::at(code, source, position, &error.path, error.message.clone(), help)
    }

    /// A check's problem, located through the file's position index.
    /// A problem without a hint (a plugin's scope section that did not parse) gets the hint a
    /// parse error with its message would.
    pub fn from_problem(source: &SourceFile, locations: &Locations, problem: &Problem, path: &FieldPath) -> Self {
        let help = if problem.hint.is_empty() { parse_hint(&problem.message) } else { problem.hint.clone() };
        Self::at(problem.code, source, locations.find(path), path, problem.message.clone(), help)
    }
}

/// What chrono says about a date it cannot read.
const DATE_ERRORS: [&str; 5] = [
    "input is out of range",
    "input contains invalid characters",
    "premature end of input",
    "trailing input",
    "not enough for unique date",
];

fn parse_hint(message: &str) -> String {
    if message.starts_with("unknown field") {
        "check the spelling: unknown fields are rejected so a typo never passes silently (the message lists the fields expected here)"
            .to_owned()
    } else if message.starts_with("missing field") {
        "add the field; the JSON Schemas in schemas/ list every required field".to_owned()
    } else if message.contains("unknown variant") {
        "use one of the values the message lists".to_owned()
    } else if message.contains("invalid type") {
        "the value has the wrong type here (a list where a single value is expected, a number for a date, ...)".to_owned()
    } else if DATE_ERRORS.iter().any(|date_error| message.contains(date_error)) {
        "dates are written YYYY-MM-DD, e.g. 2026-11-30".to_owned()
    } else {
        "the file must be valid YAML: check indentation, colons and quotes around this line".to_owned()
    }
}

/// Every problem found in one pass, so a user fixes them all at once.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{}", summary(.0))]
pub struct Diagnostics(pub Vec<FileDiagnostic>);

fn summary(diagnostics: &[FileDiagnostic]) -> String {
    match diagnostics {
        [only] => only.to_string(),
        many => format!("{} problems found", many.len()),
    }
}

impl Diagnostic for Diagnostics {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        match self.0.as_slice() {
            [only] => only.code(),
            _ => None,
        }
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        match self.0.as_slice() {
            [only] => only.help(),
            _ => None,
        }
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        match self.0.as_slice() {
            [only] => only.source_code(),
            _ => None,
        }
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        match self.0.as_slice() {
            [only] => only.labels(),
            _ => None,
        }
    }

    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn Diagnostic> + 'a>> {
        match self.0.as_slice() {
            [_] => None,
            many => Some(Box::new(many.iter().map(|d| d as &dyn Diagnostic))),
        }
    }
}

impl From<FileDiagnostic> for Diagnostics {
    fn from(diagnostic: FileDiagnostic) -> Self {
        Diagnostics(vec![diagnostic])
    }
}
