//! The one module that knows YAML: typed parsing with the failing field's path and position,
//! and a position index so later checks (an unknown person, a missing objective) can point at
//! the value in the user's file.

use crate::validate::{FieldPath, PathSegment};
use serde::de::DeserializeOwned;
use std::collections::HashMap;
use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

/// Why a YAML text could not become the expected type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    pub message: String,
    /// The field that failed, when the text was valid YAML.
    pub path: FieldPath,
    pub position: Option<Position>,
}

/// A place in a text: 1-based line and column, and the byte range to underline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    pub line: usize,
    pub column: usize,
    pub offset: usize,
    pub length: usize,
}

/// Parses `text` as a `T`, rejecting what `T` does not describe.
pub fn parse<T: DeserializeOwned>(text: &str) -> Result<T, ParseError> {
    let deserializer = serde_yaml::Deserializer::from_str(text);
    serde_path_to_error::deserialize(deserializer).map_err(|error| {
        let path = convert_path(error.path());
        let inner = error.into_inner();
        let position = inner.location().map(|location| {
            let line = location.line();
            let column = location.column();
            Position { line, column, offset: byte_offset(text, line, column), length: 1 }
        });
        ParseError { message: strip_location(&inner.to_string()), path, position }
    })
}

/// serde_yaml puts the field path before its messages and " at line L column C" after them;
/// we show both ourselves, once.
fn strip_location(message: &str) -> String {
    let message = match message.find(" at line ") {
        Some(cut) => &message[..cut],
        None => message,
    };
    let is_path = |token: &str| !token.is_empty() && token.chars().all(|c| c.is_ascii_alphanumeric() || "_-.[]".contains(c));
    match message.split_once(": ") {
        Some((token, rest)) if is_path(token) && !rest.is_empty() => rest.to_owned(),
        _ => message.to_owned(),
    }
}

fn convert_path(path: &serde_path_to_error::Path) -> FieldPath {
    let mut segments = Vec::new();
    for segment in path.iter() {
        match segment {
            serde_path_to_error::Segment::Seq { index } => segments.push(PathSegment::Index(*index)),
            serde_path_to_error::Segment::Map { key } => segments.push(PathSegment::Key(key.clone())),
            serde_path_to_error::Segment::Enum { variant } => segments.push(PathSegment::Key(variant.clone())),
            serde_path_to_error::Segment::Unknown => {}
        }
    }
    FieldPath::new(segments)
}

fn byte_offset(text: &str, line: usize, column: usize) -> usize {
    let line_start: usize = text.split_inclusive('\n').take(line.saturating_sub(1)).map(str::len).sum();
    let line_text = text[line_start.min(text.len())..].lines().next().unwrap_or("");
    let column_bytes: usize = line_text.chars().take(column.saturating_sub(1)).map(char::len_utf8).sum();
    (line_start + column_bytes).min(text.len())
}

/// Where each value of a YAML text stands, by field path (`controls[3].owner`).
#[derive(Debug, Default, Clone)]
pub struct Locations {
    by_path: HashMap<String, Position>,
}

impl Locations {
    /// Indexes every value of the first document of `text`. An unparsable text gives an empty
    /// index: its parse error is reported elsewhere.
    pub fn index(text: &str) -> Self {
        let mut indexer = Indexer { text, stack: Vec::new(), by_path: HashMap::new() };
        let mut parser = Parser::new_from_str(text);
        if parser.load(&mut indexer, false).is_err() {
            return Self::default();
        }
        Self { by_path: indexer.by_path }
    }

    /// The position of the value at `path`, or of its nearest ancestor that has one.
    pub fn find(&self, path: &FieldPath) -> Option<Position> {
        let mut segments = path.segments().to_vec();
        loop {
            if let Some(position) = self.by_path.get(&FieldPath::new(segments.clone()).to_string()) {
                return Some(*position);
            }
            segments.pop()?;
        }
    }
}

enum Frame {
    /// `key` holds the pending key's text and position until its value arrives.
    Mapping {
        path: Vec<PathSegment>,
        key: Option<(String, Marker)>,
    },
    Sequence {
        path: Vec<PathSegment>,
        next: usize,
    },
}

struct Indexer<'a> {
    text: &'a str,
    stack: Vec<Frame>,
    by_path: HashMap<String, Position>,
}

impl Indexer<'_> {
    /// The path of the node that starts now and, for a mapping value, its key's position; `None`
    /// when the event is itself a mapping key.
    fn enter_node(&mut self, key_text: Option<&str>, mark: Marker) -> Option<(Vec<PathSegment>, Option<Marker>)> {
        match self.stack.last_mut() {
            None => Some((Vec::new(), None)),
            Some(Frame::Sequence { path, next }) => {
                let mut child = path.clone();
                child.push(PathSegment::Index(*next));
                *next += 1;
                Some((child, None))
            }
            Some(Frame::Mapping { path, key }) => match key.take() {
                Some((name, key_mark)) => {
                    let mut child = path.clone();
                    child.push(PathSegment::Key(name));
                    Some((child, Some(key_mark)))
                }
                None => {
                    *key = Some((key_text.unwrap_or_default().to_owned(), mark));
                    None
                }
            },
        }
    }

    fn record(&mut self, path: &[PathSegment], mark: Marker, length: usize) {
        let line = mark.line();
        let column = mark.col() + 1;
        let offset = byte_offset(self.text, line, column);
        let position = Position { line, column, offset, length: length.max(1) };
        self.by_path.entry(FieldPath::new(path.to_vec()).to_string()).or_insert(position);
    }
}

impl MarkedEventReceiver for Indexer<'_> {
    fn on_event(&mut self, event: Event, mark: Marker) {
        match event {
            Event::Scalar(value, style, ..) => {
                if let Some((path, _)) = self.enter_node(Some(&value), mark) {
                    let quotes = if matches!(style, TScalarStyle::SingleQuoted | TScalarStyle::DoubleQuoted) { 2 } else { 0 };
                    self.record(&path, mark, value.lines().next().unwrap_or("").len() + quotes);
                }
            }
            Event::Alias(_) => {
                if let Some((path, _)) = self.enter_node(None, mark) {
                    self.record(&path, mark, 1);
                }
            }
            // A collection is pointed at by its key (`scope:`), where the user reads its start.
            Event::MappingStart(..) => {
                if let Some((path, key_mark)) = self.enter_node(None, mark) {
                    self.record(&path, key_mark.unwrap_or(mark), 1);
                    self.stack.push(Frame::Mapping { path, key: None });
                }
            }
            Event::SequenceStart(..) => {
                if let Some((path, key_mark)) = self.enter_node(None, mark) {
                    self.record(&path, key_mark.unwrap_or(mark), 1);
                    self.stack.push(Frame::Sequence { path, next: 0 });
                }
            }
            Event::MappingEnd | Event::SequenceEnd => {
                self.stack.pop();
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Item {
        id: String,
        tags: Vec<String>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Doc {
        items: Vec<Item>,
    }

    const TEXT: &str = "items:\n  - id: a\n    tags: [x, y]\n  - id: b\n    tags:\n      - z\n";

    #[test]
    fn locations_point_at_values_in_sequences_and_mappings() {
        let locations = Locations::index(TEXT);
        let path = FieldPath::root().key("items").index(1).key("tags").index(0);
        let position = locations.find(&path).expect("indexed");
        assert_eq!((position.line, position.column), (6, 9));
        assert_eq!(&TEXT[position.offset..position.offset + position.length], "z");
        let flow = locations.find(&FieldPath::root().key("items").index(0).key("tags").index(1)).expect("indexed");
        assert_eq!((flow.line, flow.column), (3, 15));
        let block = locations.find(&FieldPath::root().key("items").index(1).key("tags")).expect("indexed");
        assert_eq!((block.line, block.column), (5, 5), "a collection is located at its key");
    }

    #[test]
    fn unknown_fields_are_rejected_with_their_path_and_line() {
        let error = parse::<Doc>("items:\n  - id: a\n    tags: []\n    colour: red\n").expect_err("unknown field");
        assert!(error.message.contains("unknown field `colour`"), "{}", error.message);
        assert_eq!(error.path.to_string(), "items[0].colour");
        assert_eq!(error.position.map(|position| position.line), Some(4));
    }
}
