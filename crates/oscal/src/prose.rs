//! A control's statement as one readable paragraph: nested items flattened in order with their
//! labels ("a. …; b. …: 1. …"), and parameter insertions (`{{ insert: param, ac-2_prm_1 }}`)
//! replaced by what the parameter asks for ("[organization-defined frequency]",
//! "[one of: remove, disable]").

use crate::oscal::{Control, Param, Part, Prop};
use std::collections::HashMap;

/// Insertions nest (a choice may insert another parameter); past this depth a parameter is shown
/// by its id, so a parameter inserting itself cannot loop.
const MAX_INSERT_DEPTH: usize = 4;

/// Every parameter of a catalog, by id (OSCAL ids are unique in a document).
#[derive(Debug, Default)]
pub(crate) struct Params<'c> {
    by_id: HashMap<&'c str, &'c Param>,
}

impl<'c> Params<'c> {
    pub fn add(&mut self, params: &'c [Param]) {
        self.by_id.extend(params.iter().map(|param| (param.id.as_str(), param)));
    }

    /// The control's statement part, flattened; empty when it has none.
    pub fn statement(&self, control: &Control) -> String {
        let mut text = String::new();
        if let Some(statement) = control.parts.iter().find(|part| part.name == "statement") {
            self.append_part(&mut text, statement);
        }
        text
    }

    fn append_part(&self, text: &mut String, part: &Part) {
        let label = label(&part.props);
        if let Some(label) = label {
            separate(text);
            text.push_str(label);
        }
        let prose = part.prose.as_deref().map(|prose| self.render(prose, 0)).unwrap_or_default();
        if !prose.is_empty() {
            if label.is_some() {
                text.push(' ');
            } else {
                separate(text);
            }
            text.push_str(&prose);
        }
        for child in &part.parts {
            self.append_part(text, child);
        }
    }

    /// `prose` with its insertions rendered and its white space (markup line breaks) collapsed.
    fn render(&self, prose: &str, depth: usize) -> String {
        let mut rendered = String::with_capacity(prose.len());
        let mut rest = prose;
        while let Some(open) = rest.find("{{") {
            let Some(close) = rest[open..].find("}}").map(|close| open + close) else { break };
            rendered.push_str(&rest[..open]);
            let insertion = &rest[open + 2..close];
            match parameter_id(insertion) {
                Some(id) => rendered.push_str(&self.parameter(id, depth)),
                None => rendered.push_str(&rest[open..close + 2]),
            }
            rest = &rest[close + 2..];
        }
        rendered.push_str(rest);
        rendered.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    /// What the parameter asks for, in brackets: its assigned values, its choices, its label,
    /// its guideline, or (unknown, or nested too deep) its id.
    fn parameter(&self, id: &str, depth: usize) -> String {
        let Some(param) = self.by_id.get(id).filter(|_| depth < MAX_INSERT_DEPTH) else {
            return format!("[{id}]");
        };
        let inner = |text: &str| self.render(text, depth + 1);
        if !param.values.is_empty() {
            return format!("[{}]", param.values.iter().map(|value| inner(value)).collect::<Vec<_>>().join(", "));
        }
        if let Some(select) = &param.select {
            let how_many = if select.how_many.as_deref() == Some("one-or-more") { "one or more of" } else { "one of" };
            return format!("[{how_many}: {}]", select.choice.iter().map(|choice| inner(choice)).collect::<Vec<_>>().join(", "));
        }
        match (&param.label, param.guidelines.first()) {
            (Some(label), _) => format!("[{}]", inner(label)),
            (None, Some(guideline)) => format!("[{}]", inner(&guideline.prose)),
            (None, None) => format!("[{id}]"),
        }
    }
}

/// The id in `insert: param, ID` (spaces optional); `None` for any other insertion.
fn parameter_id(insertion: &str) -> Option<&str> {
    let (kind, rest) = insertion.split_once(':')?;
    let (what, id) = rest.split_once(',')?;
    (kind.trim() == "insert" && what.trim() == "param").then(|| id.trim())
}

/// The `label` prop meant for people: the one without a class (800-53 5.1 adds zero-padded and
/// assessment labels with a class), else the first.
pub(crate) fn label(props: &[Prop]) -> Option<&str> {
    let mut labels = props.iter().filter(|prop| prop.name == "label");
    let first = labels.clone().next();
    labels.find(|prop| prop.class.is_none()).or(first).map(|prop| prop.value.as_str())
}

/// Ends what was written so far so the next piece can follow: items already end in `;`, `:`,
/// `.`, `,`, "and" or "or"; others get a `;`.
fn separate(text: &mut String) {
    let trimmed = text.trim_end();
    if trimmed.is_empty() {
        text.clear();
        return;
    }
    let ended = trimmed.ends_with([';', ':', '.', ',']) || trimmed.ends_with(" and") || trimmed.ends_with(" or");
    text.truncate(trimmed.len());
    text.push_str(if ended { " " } else { "; " });
}
