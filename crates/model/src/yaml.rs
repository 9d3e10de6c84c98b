//! The one module that knows YAML: typed parsing with the failing field's path and position,
//! and a position index so later checks (an unknown person, a missing objective) can point at
//! the value in the user's file.
//!
//! Both read a text in one pass and refuse, before serde sees them, the two shapes no crosswalk
//! file has: nesting deeper than [`MAX_DEPTH`] and a second YAML document. Positions come from
//! a table of line starts built once, so locating a value never rescans the text. serde's
//! messages are rewritten in the files' words ("expected a list", not "expected a sequence").

use crate::validate::{FieldPath, PathSegment};
use serde::de::{self, DeserializeOwned, Deserializer, MapAccess, SeqAccess, Visitor};
use std::collections::HashMap;
use std::fmt;
use yaml_rust2::parser::{Event, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

/// The deepest nesting of mappings and lists a file may have, counting the top-level mapping as
/// level 1. A profile needs 6 (`controls` → a control → `evidence` → an item → `recovery`); the
/// limit leaves room and refuses, at once, texts whose nesting would make parsing slow.
pub const MAX_DEPTH: usize = 64;

/// Why a YAML text could not become the expected type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    pub message: String,
    /// The field that failed, when the text was valid YAML.
    pub path: FieldPath,
    /// Where it failed: always set, and inside the text (a text that ends too early is reported
    /// at the last char of its last line).
    pub position: Option<Position>,
    /// How to fix it, when this module knows better than a generic hint; empty otherwise.
    pub hint: String,
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
    // Refuse what would make serde slow (deep nesting) or lose the position (a second document).
    // A syntax error stops this walk early; serde then reports it in its own words.
    let refusal = match walk(text, |_, _| {}) {
        Err(Stop::TooDeep(mark)) => Some(too_deep(mark)),
        Err(Stop::SecondDocument(mark)) => Some(second_document(mark)),
        Ok(()) | Err(Stop::Syntax | Stop::FlowLimit(_)) => None,
    };
    if let Some((refusal, mark)) = refusal {
        let index = TextIndex::new(text);
        let at = index.char_of_mark(mark);
        let length = if text[index.byte_of_char(at)..].starts_with("---") { 3 } else { 1 };
        return Err(ParseError { position: Some(index.at_char(at, length)), ..refusal });
    }
    let deserializer = serde_yaml::Deserializer::from_str(text);
    serde_path_to_error::deserialize(deserializer).map_err(|error| {
        let path = convert_path(error.path());
        let inner = error.into_inner();
        let index = TextIndex::new(text);
        let position = match inner.location() {
            // libyaml's index is a byte offset into the whole text.
            Some(location) => index.at_byte(location.index(), 1),
            None => Locations::index(text).find(&path).unwrap_or_else(|| index.at_byte(0, 1)),
        };
        let (message, hint) = in_the_files_words::<T>(&inner.to_string(), &path);
        ParseError { message, path, position: Some(position), hint }
    })
}

/// Writes `value` as YAML: a file crosswalk writes for a person to read and edit (a review
/// file, a framework file with accepted mappings). The error is serde's message.
pub fn to_string<T: serde::Serialize>(value: &T) -> Result<String, String> {
    serde_yaml::to_string(value).map_err(|error| error.to_string())
}

/// A serde message about the value at `path` of a `T` in the files' words, with a hint when the
/// message says how to fix it (empty otherwise). Framework plugins reading their scope sections
/// use it, so their messages read like the rest of the file's.
pub fn in_the_files_words<T: DeserializeOwned>(message: &str, path: &FieldPath) -> (String, String) {
    let message = rewrite::<T>(&strip_location(message), path);
    let hint = match message.strip_prefix("invalid value: expected ") {
        _ if message == nesting() => NESTING_HINT.to_owned(),
        Some(wanted) => format!("write {}", wanted.split(", found ").next().unwrap_or(wanted)),
        None => String::new(),
    };
    (message, hint)
}

fn nesting() -> String {
    format!("lists and mappings nest more than {MAX_DEPTH} levels deep here")
}

const NESTING_HINT: &str =
    "crosswalk files need a handful of levels (a profile 6): look for a stray `[`, `{` or `- `, or indentation that runs away";

fn too_deep(mark: Marker) -> (ParseError, Marker) {
    (ParseError { message: nesting(), path: FieldPath::root(), position: None, hint: NESTING_HINT.to_owned() }, mark)
}

fn second_document(mark: Marker) -> (ParseError, Marker) {
    let error = ParseError {
        message: "a second YAML document starts here, but a file holds one YAML document".to_owned(),
        path: FieldPath::root(),
        position: None,
        hint: "remove this `---` and what follows, or move it into a file of its own (a profile folder merges its files)".to_owned(),
    };
    (error, mark)
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

// ---------------------------------------------------------------------------------------------
// serde's messages in the files' words

/// Rewrites serde's and serde_yaml's messages that name Rust types or serde's terms. Messages it
/// does not recognise (the scanner's, a custom deserializer's) pass unchanged. "invalid type" and
/// "invalid value" stay at the front: they say what kind of mistake it is.
fn rewrite<T: DeserializeOwned>(message: &str, path: &FieldPath) -> String {
    match message {
        // serde_yaml's own limit (128 levels), reached only when yaml-rust2 stopped early.
        "recursion limit exceeded" => return nesting(),
        "repetition limit exceeded" => {
            return "aliases (`*name`) repeat too much content: write the values out instead".to_owned();
        }
        "unknown anchor" => return "unknown anchor: an alias (`*name`) must name an anchor (`&name`) written before it".to_owned(),
        "EOF while parsing a value" => return "the text ends where a value was expected".to_owned(),
        // serde's words for a tag (`!name`) on a value it buffers (a flattened mapping's entries).
        "untagged and internally tagged enums do not support enum input" => {
            return "invalid type: a tagged value (`!tag`) is not read here: remove the tag".to_owned();
        }
        "deserializing from YAML containing more than one document is not supported" => {
            return "a file holds one YAML document, and this one has more".to_owned();
        }
        _ => {}
    }
    let mismatch = message.strip_prefix("invalid type: ").or_else(|| message.strip_prefix("invalid value: ")).and_then(split_unexpected);
    let Some((found, expected)) = mismatch else {
        return message.to_owned();
    };
    let numeric = |text: &str| text.starts_with("integer `") || text.starts_with("floating point `");
    let wanted = expectation::<T>(expected, path);
    let kind = if message.starts_with("invalid value") || (numeric(found) && wanted.contains("number")) {
        "invalid value"
    } else {
        "invalid type"
    };
    format!("{kind}: expected {wanted}, found {}", unexpected(found))
}

/// Splits `<unexpected>, expected <expectation>`, reading the unexpected value by its grammar so a
/// quoted string holding ", expected" cannot confuse it.
fn split_unexpected(rest: &str) -> Option<(&str, &str)> {
    let end = if let Some(quoted) = rest.strip_prefix("string \"") {
        let mut escaped = false;
        let close = quoted.char_indices().find_map(|(at, c)| {
            let closes = c == '"' && !escaped;
            escaped = c == '\\' && !escaped;
            closes.then_some(at)
        })?;
        "string \"".len() + close + 1
    } else if let Some(tick) = rest.find('`') {
        tick + 1 + rest[tick + 1..].find('`')? + 1
    } else {
        rest.find(", expected ")?
    };
    let (found, tail) = rest.split_at(end);
    tail.strip_prefix(", expected ").map(|expected| (found, expected))
}

/// serde's `Unexpected` in the files' words: the value itself, or what kind of thing it is.
fn unexpected(found: &str) -> String {
    let between = |prefix: &str, open: char, close: char| {
        found.strip_prefix(prefix).and_then(|rest| rest.strip_prefix(open)).and_then(|rest| rest.strip_suffix(close))
    };
    if let Some(text) = between("string ", '"', '"') {
        return format!("`{text}`");
    }
    for number in ["integer ", "floating point "] {
        if let Some(value) = between(number, '`', '`') {
            return value.to_owned();
        }
    }
    for literal in ["boolean ", "character "] {
        if let Some(value) = between(literal, '`', '`') {
            return format!("`{value}`");
        }
    }
    match found {
        "sequence" => "a list",
        "map" => "a mapping",
        "unit value" | "unit" => "an empty value",
        "enum" => "a tagged value (`!tag`)",
        other => other,
    }
    .to_owned()
}

/// Field-specific expectations, by the field's name, where the type says less than the format.
const FIELD_EXPECTATIONS: [(&str, &str); 1] = [("tier", "a whole number from 1 to 3")];

/// serde's expectation in the files' words.
fn expectation<T: DeserializeOwned>(expected: &str, path: &FieldPath) -> String {
    let integer = matches!(expected, "u8" | "u16" | "u32" | "u64" | "u128" | "usize" | "i8" | "i16" | "i32" | "i64" | "i128" | "isize");
    if integer {
        if let Some(PathSegment::Key(field)) = path.segments().last() {
            if let Some((_, wanted)) = FIELD_EXPECTATIONS.iter().find(|(name, _)| name == field) {
                return (*wanted).to_owned();
            }
        }
    }
    let plain = match expected {
        "u8" => "a whole number from 0 to 255",
        "u16" => "a whole number from 0 to 65535",
        "u32" | "u64" | "u128" | "usize" => "a whole number, 0 or more",
        "i8" | "i16" | "i32" | "i64" | "i128" | "isize" => "a whole number",
        "f32" | "f64" => "a number",
        "a string" | "a borrowed string" | "a string or bytes" => "text",
        "a boolean" => "true or false",
        "a sequence" => "a list",
        "a map" => "a mapping",
        "a character" => "a single character",
        "unit" => "an empty value",
        "a formatted date string" => "a date written YYYY-MM-DD",
        _ => "",
    };
    if !plain.is_empty() {
        return plain.to_owned();
    }
    match shape_at::<T>(path.segments()) {
        Some(Shape::Struct { name, fields }) => {
            let list = fields.join(", ");
            if path.segments().is_empty() {
                let what = words(name);
                format!("a mapping of {} sections ({list})", what.strip_suffix(" fragment").unwrap_or(&what))
            } else {
                format!("a mapping of {} fields ({list})", words(name))
            }
        }
        Some(Shape::Enum { variants }) => {
            format!("one of {}", variants.iter().map(|variant| format!("`{variant}`")).collect::<Vec<_>>().join(", "))
        }
        // A struct with a flattened part (`Scope`) is read as a mapping: its fields are open.
        None => match expected.strip_prefix("struct ") {
            Some(name) => format!("a mapping of {} fields", words(name)),
            None => expected.to_owned(),
        },
    }
}

/// `FrameworkInfo` → "framework info".
fn words(name: &str) -> String {
    let mut words = String::new();
    for (at, c) in name.char_indices() {
        if c.is_ascii_uppercase() && at > 0 {
            words.push(' ');
        }
        words.push(c.to_ascii_lowercase());
    }
    words
}

/// What `T` expects at a field path, read from its `Deserialize` implementation: the struct
/// there and its fields in declaration order, or the enum and its variants.
enum Shape {
    Struct { name: &'static str, fields: &'static [&'static str] },
    Enum { variants: &'static [&'static str] },
}

fn shape_at<T: DeserializeOwned>(path: &[PathSegment]) -> Option<Shape> {
    let mut found = None;
    // The probe always ends in an error: it stops once it has seen the shape.
    let _ = T::deserialize(Probe { path, found: &mut found });
    found
}

/// A deserializer with no data that follows one field path into a type and notes what it finds
/// at its end.
struct Probe<'p> {
    path: &'p [PathSegment],
    found: &'p mut Option<Shape>,
}

#[derive(Debug)]
struct Stopped;

impl fmt::Display for Stopped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("stopped")
    }
}

impl std::error::Error for Stopped {}

impl de::Error for Stopped {
    fn custom<M: fmt::Display>(_: M) -> Self {
        Stopped
    }
}

impl<'de> Deserializer<'de> for Probe<'_> {
    type Error = Stopped;

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Stopped> {
        Err(Stopped)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Stopped> {
        match self.path.split_first() {
            None => {
                *self.found = Some(Shape::Struct { name, fields });
                Err(Stopped)
            }
            Some((PathSegment::Key(key), rest)) => {
                visitor.visit_map(ProbeEntry { key: Some(key), value: Some(Probe { path: rest, found: self.found }) })
            }
            Some((PathSegment::Index(_), _)) => Err(Stopped),
        }
    }

    fn deserialize_enum<V: Visitor<'de>>(self, _: &'static str, variants: &'static [&'static str], _: V) -> Result<V::Value, Stopped> {
        if self.path.is_empty() {
            *self.found = Some(Shape::Enum { variants });
        }
        Err(Stopped)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Stopped> {
        match self.path.split_first() {
            Some((PathSegment::Index(_), rest)) => visitor.visit_seq(ProbeElement(Some(Probe { path: rest, found: self.found }))),
            _ => Err(Stopped),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Stopped> {
        visitor.visit_some(self)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(self, _: &'static str, visitor: V) -> Result<V::Value, Stopped> {
        visitor.visit_newtype_struct(self)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf unit
        unit_struct tuple tuple_struct map identifier ignored_any
    }
}

/// The one entry of a mapping the probe walks through.
struct ProbeEntry<'p> {
    key: Option<&'p str>,
    value: Option<Probe<'p>>,
}

impl<'de> MapAccess<'de> for ProbeEntry<'_> {
    type Error = Stopped;

    fn next_key_seed<K: de::DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, Stopped> {
        match self.key.take() {
            Some(key) => seed.deserialize(de::value::StrDeserializer::<Stopped>::new(key)).map(Some),
            None => Ok(None),
        }
    }

    fn next_value_seed<V: de::DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Stopped> {
        seed.deserialize(self.value.take().ok_or(Stopped)?)
    }
}

/// The one element of a list the probe walks through.
struct ProbeElement<'p>(Option<Probe<'p>>);

impl<'de> SeqAccess<'de> for ProbeElement<'_> {
    type Error = Stopped;

    fn next_element_seed<E: de::DeserializeSeed<'de>>(&mut self, seed: E) -> Result<Option<E::Value>, Stopped> {
        self.0.take().map(|probe| seed.deserialize(probe)).transpose()
    }
}

// ---------------------------------------------------------------------------------------------
// Positions

/// Counts the steps spent converting positions, so a test can check they stay linear in the
/// text's size without timing anything.
#[cfg(test)]
mod work {
    thread_local! {
        pub static STEPS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
    }
}

fn count_work(_steps: usize) {
    #[cfg(test)]
    work::STEPS.with(|steps| steps.set(steps.get() + _steps));
}

/// One char in this many has its byte offset noted, so a char index becomes a byte offset in at
/// most this many steps.
const STRIDE: usize = 16;

/// Lines and offsets of a text, computed in one pass: converting a position then costs a binary
/// search over line starts and at most [`STRIDE`] steps, never a rescan of the text.
struct TextIndex<'a> {
    text: &'a str,
    /// Byte offset and char index where each line starts (after each `\n`).
    line_bytes: Vec<usize>,
    line_chars: Vec<usize>,
    /// Byte offset of every `STRIDE`-th char; empty for an ASCII text, where they are equal.
    checkpoints: Vec<usize>,
}

impl<'a> TextIndex<'a> {
    fn new(text: &'a str) -> Self {
        count_work(text.len());
        let ascii = text.is_ascii();
        let (mut line_bytes, mut line_chars, mut checkpoints) = (vec![0], vec![0], Vec::new());
        for (chars, (byte, c)) in text.char_indices().enumerate() {
            if !ascii && chars % STRIDE == 0 {
                checkpoints.push(byte);
            }
            if c == '\n' {
                line_bytes.push(byte + 1);
                line_chars.push(chars + 1);
            }
        }
        Self { text, line_bytes, line_chars, checkpoints }
    }

    /// The length of a leading byte-order mark: the marks of [`walk`], which strips it, count
    /// from after it.
    fn bom_bytes(&self) -> usize {
        if self.text.starts_with('\u{feff}') {
            '\u{feff}'.len_utf8()
        } else {
            0
        }
    }

    /// The char index in this text of a yaml-rust2 mark (which counts from after a BOM).
    fn char_of_mark(&self, mark: Marker) -> usize {
        mark.index() + usize::from(self.bom_bytes() > 0)
    }

    /// Lines as an editor counts them: a final newline ends the last line and starts none.
    fn line_count(&self) -> usize {
        let starts = self.line_bytes.len();
        let phantom = self.text.ends_with('\n');
        (if phantom { starts - 1 } else { starts }).max(1)
    }

    fn byte_of_char(&self, index: usize) -> usize {
        if self.checkpoints.is_empty() {
            return index.min(self.text.len());
        }
        let Some(&start) = self.checkpoints.get(index / STRIDE) else {
            return self.text.len();
        };
        let rest = index % STRIDE;
        count_work(rest);
        self.text[start..].char_indices().nth(rest).map_or(self.text.len(), |(at, _)| start + at)
    }

    /// The end of line `line` (1-based), before its `\r\n` or `\n`.
    fn line_end(&self, line: usize) -> usize {
        let end = self.line_bytes.get(line).map_or(self.text.len(), |next| next - 1);
        let start = self.line_bytes[line - 1];
        if end > start && self.text.as_bytes()[end - 1] == b'\r' {
            end - 1
        } else {
            end
        }
    }

    /// The 1-based line holding `offset`. The end of the text (where a truncated text fails),
    /// even past a final newline, is moved to the last char of the last line, so every position
    /// is on a line the user sees and has something to underline.
    fn line_and_offset(&self, offset: usize) -> (usize, usize) {
        let line = self.line_bytes.partition_point(|&start| start <= offset).max(1);
        if line > self.line_count() || offset >= self.text.len() {
            let last = self.line_count();
            let (start, end) = (self.line_bytes[last - 1], self.line_end(last));
            return (last, if end > start { self.floor(end - 1) } else { end });
        }
        (line, offset)
    }

    /// The position at byte `offset`, kept inside the text and on char boundaries.
    fn at_byte(&self, offset: usize, length: usize) -> Position {
        let offset = self.floor(offset.min(self.text.len()));
        let (line, offset) = self.line_and_offset(offset);
        let start = self.line_bytes[line - 1].min(offset);
        count_work(offset - start);
        let column = self.text[start..offset].chars().count() + 1;
        self.position(line, column, offset, length)
    }

    /// The position of the char at `index`: O(log lines), with no scan of the line.
    fn at_char(&self, index: usize, length: usize) -> Position {
        let byte = self.byte_of_char(index);
        let (line, offset) = self.line_and_offset(byte);
        let column = if offset == byte {
            index.saturating_sub(self.line_chars[line - 1]) + 1
        } else {
            // Moved to the end of the last line.
            count_work(offset - self.line_bytes[line - 1]);
            self.text[self.line_bytes[line - 1]..offset].chars().count() + 1
        };
        self.position(line, column, offset, length)
    }

    fn position(&self, line: usize, column: usize, offset: usize, length: usize) -> Position {
        // Underline within the line, on char boundaries; nothing at the end of a line.
        let end = self.floor((offset + length).min(self.line_end(line).max(offset)));
        Position { line, column, offset, length: end - offset }
    }

    fn floor(&self, mut offset: usize) -> usize {
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        offset
    }
}

// ---------------------------------------------------------------------------------------------
// The event walk

/// Why a walk stopped before the end of the text.
enum Stop {
    /// A mapping or list at this mark is nested deeper than [`MAX_DEPTH`].
    TooDeep(Marker),
    /// A second document starts at this mark.
    SecondDocument(Marker),
    /// The text is not YAML from some point on.
    Syntax,
    /// yaml-rust2's scanner refused flow nesting past 255 levels at this mark.
    FlowLimit(Marker),
}

/// Reads the events of the text's first document in one pass, iteratively (no recursion, so no
/// stack to overflow), stopping at the first mapping or list deeper than [`MAX_DEPTH`] or at a
/// second document. yaml-rust2's scanner does work proportional to the flow nesting (`[[[`)
/// for each token and refuses more than 255 levels of it; stopping at the limit keeps the walk
/// linear.
fn walk(text: &str, mut visit: impl FnMut(Event, Marker)) -> Result<(), Stop> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    match walk_events(text, &mut visit) {
        // The scanner looks ahead over a flow collection before the parser sees its start, so
        // past 255 levels it fails before the 65th level reaches us: find that level in the text
        // before the failure, which holds fewer than 256.
        Err(Stop::FlowLimit(mark)) => {
            let end = text.char_indices().nth(mark.index()).map_or(text.len(), |(at, _)| at);
            match walk_events(&text[..end], &mut |_, _| {}) {
                Err(Stop::TooDeep(deeper)) => Err(Stop::TooDeep(deeper)),
                _ => Err(Stop::TooDeep(mark)),
            }
        }
        other => other,
    }
}

fn walk_events(text: &str, visit: &mut dyn FnMut(Event, Marker)) -> Result<(), Stop> {
    let mut parser = Parser::new_from_str(text);
    let (mut depth, mut documents) = (0usize, 0usize);
    loop {
        let (event, mark) = parser.next_token().map_err(|error| {
            if error.info() == "recursion limit exceeded" {
                Stop::FlowLimit(*error.marker())
            } else {
                Stop::Syntax
            }
        })?;
        match event {
            Event::StreamEnd => return Ok(()),
            Event::DocumentStart => {
                documents += 1;
                if documents > 1 {
                    return Err(Stop::SecondDocument(mark));
                }
            }
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Err(Stop::TooDeep(mark));
                }
            }
            Event::MappingEnd | Event::SequenceEnd => depth = depth.saturating_sub(1),
            _ => {}
        }
        visit(event, mark);
    }
}

// ---------------------------------------------------------------------------------------------
// The position index

/// Where each value of a YAML text stands, by field path (`controls[3].owner`).
///
/// Values are nodes of a tree keyed by (parent, segment), so recording one costs its own key,
/// never its whole path.
#[derive(Debug, Default, Clone)]
pub struct Locations {
    children: HashMap<(usize, PathSegment), usize>,
    /// By node; node 0 is the document's top value.
    positions: Vec<Position>,
}

impl Locations {
    /// Indexes every value of the first document of `text`, in one pass. A text that is not
    /// YAML from some point on, or nests deeper than [`MAX_DEPTH`], is indexed up to there: its
    /// parse error is reported elsewhere.
    pub fn index(text: &str) -> Self {
        let lines = TextIndex::new(text);
        let mut indexer = Indexer { lines: &lines, stack: Vec::new(), locations: Locations::default() };
        let _ = walk(text, |event, mark| indexer.on_event(event, mark));
        indexer.locations
    }

    /// The position of the value at `path`, or of its nearest ancestor that has one.
    pub fn find(&self, path: &FieldPath) -> Option<Position> {
        let mut node = 0;
        let mut found = *self.positions.first()?;
        for segment in path.segments() {
            match self.children.get(&(node, segment.clone())) {
                Some(&child) => {
                    node = child;
                    found = self.positions[child];
                }
                None => break,
            }
        }
        Some(found)
    }

    /// Every indexed position, in the order the values appear.
    pub fn positions(&self) -> impl Iterator<Item = Position> + '_ {
        self.positions.iter().copied()
    }
}

/// What a mapping waits for next.
enum Pending {
    Key,
    /// The value of this key, which stands at this mark.
    Value(String, Marker),
    /// The value of a key that is itself a mapping, list or alias: not indexed.
    Skipped,
}

enum Frame {
    Mapping {
        node: usize,
        pending: Pending,
    },
    Sequence {
        node: usize,
        next: usize,
    },
    /// A mapping or list used as a key, and everything inside it.
    Ignored,
}

/// Where a node that starts now goes.
enum Slot {
    /// The document's top value.
    Top,
    /// A value under `parent`; the key's mark, for a mapping value.
    Child(usize, PathSegment, Option<Marker>),
    /// A mapping key, or something inside a key.
    Ignored,
}

struct Indexer<'a> {
    lines: &'a TextIndex<'a>,
    stack: Vec<Frame>,
    locations: Locations,
}

impl Indexer<'_> {
    /// Places the node that starts now. `key` is the node's text when it is a scalar.
    fn enter(&mut self, key: Option<&str>, mark: Marker) -> Slot {
        match self.stack.last_mut() {
            None if self.locations.positions.is_empty() => Slot::Top,
            None | Some(Frame::Ignored) => Slot::Ignored,
            Some(Frame::Sequence { node, next }) => {
                *next += 1;
                Slot::Child(*node, PathSegment::Index(*next - 1), None)
            }
            Some(Frame::Mapping { node, pending }) => match std::mem::replace(pending, Pending::Key) {
                Pending::Key => {
                    *pending = key.map_or(Pending::Skipped, |key| Pending::Value(key.to_owned(), mark));
                    Slot::Ignored
                }
                Pending::Skipped => Slot::Ignored,
                Pending::Value(name, key_mark) => Slot::Child(*node, PathSegment::Key(name), Some(key_mark)),
            },
        }
    }

    /// Records the node of `slot` at `mark` (or at its key's mark, for a collection), the first
    /// time only: a repeated key keeps its first place. Returns the node.
    fn record(&mut self, slot: Slot, mark: Marker, length: usize, at_key: bool) -> Option<usize> {
        let at = |key_mark: Option<Marker>| if at_key { key_mark.unwrap_or(mark) } else { mark };
        let (parent, segment, key_mark) = match slot {
            Slot::Ignored => return None,
            Slot::Top => (None, None, None),
            Slot::Child(parent, segment, key_mark) => (Some(parent), Some(segment), key_mark),
        };
        let lines = self.lines;
        let position = lines.at_char(lines.char_of_mark(at(key_mark)), if at_key { 1 } else { length.max(1) });
        let next = self.locations.positions.len();
        let node = match (parent, segment) {
            (Some(parent), Some(segment)) => *self.locations.children.entry((parent, segment)).or_insert(next),
            _ => next,
        };
        if node == next {
            self.locations.positions.push(position);
        }
        Some(node)
    }

    fn on_event(&mut self, event: Event, mark: Marker) {
        match event {
            Event::Scalar(value, style, ..) => {
                let slot = self.enter(Some(&value), mark);
                let quotes = if matches!(style, TScalarStyle::SingleQuoted | TScalarStyle::DoubleQuoted) { 2 } else { 0 };
                self.record(slot, mark, value.lines().next().unwrap_or("").len() + quotes, false);
            }
            Event::Alias(_) => {
                let slot = self.enter(None, mark);
                self.record(slot, mark, 1, false);
            }
            // A collection is pointed at by its key (`scope:`), where the user reads its start.
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                let slot = self.enter(None, mark);
                let frame = match self.record(slot, mark, 1, true) {
                    Some(node) if matches!(event, Event::MappingStart(..)) => Frame::Mapping { node, pending: Pending::Key },
                    Some(node) => Frame::Sequence { node, next: 0 },
                    None => Frame::Ignored,
                };
                self.stack.push(frame);
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

#[cfg(test)]
mod limits {
    use super::*;
    use crate::{FrameworkCatalog, Hub, Profile};

    /// A profile of `controls` controls, each on 6 lines.
    fn profile_text(controls: usize) -> String {
        let mut text = String::from("organization:\n  name: Big\nscope:\n  frameworks: [one]\ncontrols:\n");
        for index in 0..controls {
            text.push_str(&format!(
                "  - id: C-{index}\n    title: Control {index} — décrit\n    objectives: [BCK-01]\n    evidence:\n      - {{ kind: policy, title: Policy {index}, effective: 2026-01-01 }}\n      - {{ kind: review, title: Review, effective: 2026-02-01 }}\n"
            ));
        }
        text
    }

    #[test]
    fn indexing_a_text_converts_positions_in_linear_work() {
        let text = profile_text(300);
        work::STEPS.with(|steps| steps.set(0));
        let locations = Locations::index(&text);
        let work = work::STEPS.with(|steps| steps.get());
        assert!(work <= 4 * text.len(), "{work} steps to index {} bytes", text.len());
        let last =
            locations.find(&FieldPath::root().key("controls").index(299).key("evidence").index(1).key("effective")).expect("indexed");
        assert_eq!(position_line(&text, last.offset), last.line);
        assert_eq!(&text[last.offset..last.offset + last.length], "2026-02-01");
    }

    fn position_line(text: &str, offset: usize) -> usize {
        text[..offset].matches('\n').count() + 1
    }

    #[test]
    fn nesting_deeper_than_the_limit_is_refused_at_the_first_too_deep_node() {
        let depth = 100_000;
        let text = format!("organization:\n  name: x\n  colour: red\npeople: {}{}\n", "[".repeat(depth), "]".repeat(depth));
        let error = parse::<Profile>(&text).expect_err("too deep");
        assert!(error.message.contains("nest"), "{}", error.message);
        let position = error.position.expect("located");
        // `people:` is the root mapping (level 1), its list is level 2: the 64th `[` is level 65.
        assert_eq!((position.line, position.column), (4, 9 + 63));
        assert_eq!(&text[position.offset..position.offset + 1], "[");
        let block = format!("people:\n{}x\n", "- ".repeat(depth));
        let error = parse::<Profile>(&block).expect_err("too deep");
        assert_eq!(error.position.map(|position| position.line), Some(2));
        assert!(error.message.contains("nest"), "{}", error.message);
    }

    #[test]
    fn indexing_a_too_deep_text_stops_without_overflowing_the_stack() {
        let depth = 100_000;
        let texts = [
            format!("a: 1\npeople:\n{}x\n", "- ".repeat(depth)),
            format!("a: 1\npeople: {}1{}\n", "{a: ".repeat(depth), "}".repeat(depth)),
        ];
        for text in texts {
            let locations = Locations::index(&text);
            assert_eq!(locations.find(&FieldPath::root().key("a")).map(|position| position.line), Some(1));
        }
    }

    #[test]
    fn a_second_document_is_reported_at_its_marker() {
        let text = "organization: {name: x}\nscope: {frameworks: []}\n---\norganization: {name: y}\n";
        let error = parse::<Profile>(text).expect_err("two documents");
        assert!(error.message.contains("one YAML document"), "{}", error.message);
        let position = error.position.expect("located");
        assert_eq!((position.line, position.column), (3, 1));
        assert_eq!(&text[position.offset..position.offset + position.length], "---");
    }

    #[test]
    fn an_error_at_the_end_of_a_truncated_text_is_on_its_last_line() {
        for text in
            ["organization:\n  name: \"Acme\n", "organization:\n  name: \"Acme", "scope:\n  frameworks: [a,\n", "organization: {name: x"]
        {
            let error = parse::<Profile>(text).expect_err("truncated");
            let position = error.position.expect("located");
            let lines = text.lines().count();
            let last = text.lines().last().unwrap_or("");
            assert_eq!(position.line, lines, "{text:?}: {error:?}");
            assert!(position.column <= last.chars().count() + 1, "{text:?}: {error:?}");
            assert!(position.offset + position.length <= text.len(), "{text:?}: {error:?}");
            assert_eq!(position.length, 1, "the last char is underlined: {text:?}: {error:?}");
        }
    }

    #[test]
    fn a_byte_order_mark_does_not_shift_positions() {
        let text = "\u{feff}organization:\n  name: Acme\n  colour: red\n";
        let name = Locations::index(text).find(&FieldPath::root().key("organization").key("name")).expect("indexed");
        assert_eq!(&text[name.offset..name.offset + name.length], "Acme");
        let error = parse::<Profile>(text).expect_err("unknown field");
        let position = error.position.expect("located");
        assert_eq!((position.line, &text[position.offset..position.offset + 6]), (3, "colour"));
    }

    /// (text, field path, message) for the common shapes of serde's messages.
    const MESSAGES: [(&str, &str, &str); 16] = [
        ("- a\n", "", "invalid type: expected a mapping of profile sections (organization, scope, people, functions, systems, controls), found a list"),
        ("hello\n", "", "invalid type: expected a mapping of profile sections (organization, scope, people, functions, systems, controls), found `hello`"),
        ("organization: [x]\n", "organization", "invalid type: expected a mapping of organization fields (name, description), found a list"),
        ("organization: {name: x}\nscope: {frameworks: []}\npeople: {a: 1}\n", "people", "invalid type: expected a list, found a mapping"),
        ("organization: {name: x}\nscope: {frameworks: []}\npeople: bob\n", "people", "invalid type: expected a list, found `bob`"),
        ("organization: {name: [a]}\n", "organization.name", "invalid type: expected text, found a list"),
        ("organization: {name: x}\nscope: {frameworks: []}\nfunctions:\n  - {id: a, name: b, tier: 256}\n", "functions[0].tier", "invalid value: expected a whole number from 1 to 3, found 256"),
        ("organization: {name: x}\nscope: {frameworks: []}\nfunctions:\n  - {id: a, name: b, tier: -1}\n", "functions[0].tier", "invalid value: expected a whole number from 1 to 3, found -1"),
        ("organization: {name: x}\nscope: {frameworks: []}\nfunctions:\n  - {id: a, name: b, tier: 1.5}\n", "functions[0].tier", "invalid value: expected a whole number from 1 to 3, found 1.5"),
        ("organization: {name: x}\nscope: {frameworks: []}\nfunctions:\n  - {id: a, name: b, tier: 1, in_scope: maybe}\n", "functions[0].in_scope", "invalid type: expected true or false, found `maybe`"),
        ("organization: {name: x}\nscope: {frameworks: []}\ncontrols:\n  - {id: a, title: b, objectives: [], exception_limit: -3}\n", "controls[0].exception_limit", "invalid value: expected a whole number, 0 or more, found -3"),
        ("organization: {name: x}\nscope: {frameworks: []}\ncontrols:\n  - {id: a, title: b, objectives: [], metrics: [{name: m, measured: lots, measured_on: 2026-01-01}]}\n", "controls[0].metrics[0].measured", "invalid type: expected a number, found `lots`"),
        ("organization: {name: x}\nscope: 3\n", "scope", "invalid type: expected a mapping of scope fields, found 3"),
        ("organization: {name: x}\nscope: {frameworks: [], one: !tag {a: 1}}\n", "scope.one", "invalid type: a tagged value (`!tag`) is not read here: remove the tag"),
        ("organization: {name: x}\nscope: {frameworks: []}\ncontrols:\n  - {id: a, title: b, objectives: [], evidence: [{kind: {a: 1}, title: t, effective: 2026-01-01}]}\n", "controls[0].evidence[0].kind", "invalid type: expected one of `policy`, `configuration`, `record`, `test`, `review`, found a mapping"),
        ("organization: {name: x}\nscope: {frameworks: []}\ncontrols:\n  - {id: a, title: b, objectives: [], inherited: {provider: p, attestations: [{report: r, attested_on: 2026-01-01, covers: [a]}]}}\n", "controls[0].inherited.attestations[0].covers", "invalid type: expected a mapping of span fields (start, end), found a list"),
    ];

    #[test]
    fn serde_messages_are_rewritten_in_the_files_words() {
        for (text, path, message) in MESSAGES {
            let error = parse::<Profile>(text).expect_err(text);
            assert_eq!((error.path.to_string().as_str(), error.message.as_str()), (path, message), "{text}");
            assert!(error.position.is_some(), "{text}");
        }
        let hub = parse::<Hub>("[]").expect_err("a list");
        assert_eq!(hub.message, "invalid type: expected a mapping of hub sections (version, domains, objectives), found a list");
        let catalog = parse::<FrameworkCatalog>("framework: 3\n").expect_err("a number");
        assert_eq!(catalog.message, "invalid type: expected a mapping of framework info fields (id, name, version, publisher), found 3");
        let tier = parse::<Profile>(MESSAGES[6].0).expect_err("tier 256");
        assert_eq!(tier.hint, "write a whole number from 1 to 3");
        let deep = parse::<Profile>(&format!("people: {}\n", "[".repeat(200))).expect_err("deep");
        assert!(!deep.message.contains("recursion"), "{}", deep.message);
    }
}
