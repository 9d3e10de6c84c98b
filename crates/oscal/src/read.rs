//! Reading an OSCAL catalog or profile text, JSON or YAML, straight into the typed structs of
//! `oscal.rs` (no intermediate value tree), with every failure located: line, column, field and
//! a hint in OSCAL's terms.

use crate::oscal::{Catalog, CatalogDocument, Profile, ProfileDocument};
use crosswalk_model::yaml::{self, ParseError, Position};
use crosswalk_model::FieldPath;
use serde::de::DeserializeOwned;

/// How an OSCAL file is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    Json,
    Yaml,
}

impl Syntax {
    /// The syntax of the file `name` holding `text`: by its extension (`.json`; `.yaml`,
    /// `.yml`), or, for any other name, by its first character (`{` is JSON). OSCAL's third
    /// syntax, XML, is refused with the way to convert it.
    pub fn of(name: &str, text: &str) -> Result<Self, ParseError> {
        let extension = name.rsplit_once('.').map(|(_, extension)| extension.to_ascii_lowercase());
        let first = text.trim_start_matches('\u{feff}').trim_start().chars().next();
        match extension.as_deref() {
            Some("json") => Ok(Syntax::Json),
            Some("yaml" | "yml") => Ok(Syntax::Yaml),
            _ if extension.as_deref() == Some("xml") || first == Some('<') => Err(ParseError {
                message: "OSCAL XML is not read: give the catalog as JSON or YAML".to_owned(),
                path: FieldPath::root(),
                position: Some(position_at(text, start_of_content(text))),
                hint: "NIST publishes its OSCAL catalogs and profiles in JSON and YAML beside the XML; convert others with \
                       oscal-cli (`oscal-cli catalog convert --to json FILE OUT`)"
                    .to_owned(),
            }),
            _ if first == Some('{') => Ok(Syntax::Json),
            _ => Ok(Syntax::Yaml),
        }
    }
}

/// An OSCAL catalog, read and ready to import.
#[derive(Debug)]
pub struct OscalCatalog(pub(crate) Catalog);

/// An OSCAL profile's selection of controls.
#[derive(Debug)]
pub struct OscalProfile(pub(crate) Profile);

/// Reads an OSCAL catalog (a resolved profile catalog is a catalog too).
pub fn read_catalog(text: &str, syntax: Syntax) -> Result<OscalCatalog, ParseError> {
    let document: CatalogDocument = parse(text, syntax)?;
    let refusal = |message: &str, hint: &str| ParseError {
        message: message.to_owned(),
        path: FieldPath::root(),
        position: Some(position_at(text, start_of_content(text))),
        hint: hint.to_owned(),
    };
    match document {
        CatalogDocument { catalog: Some(catalog), .. } => Ok(OscalCatalog(catalog)),
        CatalogDocument { profile: Some(_), .. } => Err(refusal(
            "this is an OSCAL profile, not a catalog",
            "give the catalog the profile selects from as CATALOG, and this file with --profile",
        )),
        CatalogDocument { framework: Some(_), .. } => Err(refusal(
            "this is a crosswalk framework file, not an OSCAL catalog: it needs no import",
            "check it with `crosswalk validate FILE`",
        )),
        _ => Err(refusal("not an OSCAL catalog: the top level has no `catalog`", CATALOG_HINT)),
    }
}

/// Reads an OSCAL profile. Its imports' `href`s are not followed: the profile selects from the
/// catalog given beside it.
pub fn read_profile(text: &str, syntax: Syntax) -> Result<OscalProfile, ParseError> {
    let document: ProfileDocument = parse(text, syntax)?;
    let refusal = |message: &str, hint: &str| ParseError {
        message: message.to_owned(),
        path: FieldPath::root(),
        position: Some(position_at(text, start_of_content(text))),
        hint: hint.to_owned(),
    };
    let profile = match document {
        ProfileDocument { profile: Some(profile), .. } => profile,
        ProfileDocument { catalog: Some(_), .. } => {
            return Err(refusal("this is an OSCAL catalog, not a profile", "give it as CATALOG; --profile takes an OSCAL profile"))
        }
        _ => {
            return Err(refusal(
                "not an OSCAL profile: the top level has no `profile`",
                "an OSCAL profile in JSON or YAML starts with a `profile` key holding `imports`, each with \
                 `include-controls` listing `with-ids` (e.g. NIST's SP 800-53 baselines)",
            ))
        }
    };
    for (import_index, import) in profile.imports.iter().enumerate() {
        for (key, selections) in [("include-controls", &import.include_controls), ("exclude-controls", &import.exclude_controls)] {
            if let Some(index) = selections.iter().position(|selection| !selection.matching.is_empty()) {
                let path = FieldPath::root().key("profile").key("imports").index(import_index).key(key).index(index).key("matching");
                let position = yaml::Locations::index(text).find(&path);
                return Err(ParseError {
                    message: "selecting controls by pattern (`matching`) is not supported".to_owned(),
                    path,
                    position,
                    hint: "list the control ids with `with-ids`".to_owned(),
                });
            }
        }
    }
    Ok(OscalProfile(profile))
}

const CATALOG_HINT: &str = "an OSCAL catalog in JSON or YAML starts with a `catalog` key holding `metadata` (title, version) and \
                            `groups` or `controls` (OSCAL 1.0 or later, e.g. NIST's SP 800-53 catalog)";

fn parse<T: DeserializeOwned>(text: &str, syntax: Syntax) -> Result<T, ParseError> {
    let parsed = match syntax {
        // Catalogs are megabytes written by other tools: serde_yaml's pass alone bounds them.
        Syntax::Yaml => yaml::parse_in_one_pass(text),
        Syntax::Json => parse_json(text),
    };
    parsed.map_err(|mut error| {
        if error.hint.is_empty() {
            error.hint = hint(&error.message, syntax);
        }
        error
    })
}

/// JSON straight into `T`, with the failing field's path and position.
fn parse_json<T: DeserializeOwned>(text: &str) -> Result<T, ParseError> {
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let located = |error: serde_json::Error, path: FieldPath| {
        let position = position_at(text, offset_of(text, error.line(), error.column()));
        let (message, hint) = yaml::in_the_files_words::<T>(&error.to_string(), &path);
        ParseError { message, path, position: Some(position), hint }
    };
    let value = serde_path_to_error::deserialize(&mut deserializer).map_err(|error| {
        let path = yaml::convert_path(error.path());
        located(error.into_inner(), path)
    })?;
    deserializer.end().map_err(|error| located(error, FieldPath::root()))?;
    Ok(value)
}

/// How to fix what the message says, in OSCAL's terms.
fn hint(message: &str, syntax: Syntax) -> String {
    if message.starts_with("missing field") {
        format!("OSCAL requires this field here; {CATALOG_HINT}")
    } else if message.starts_with("invalid type") || message.starts_with("invalid value") {
        "OSCAL writes this field differently: check the file against the OSCAL model (a list of mappings for `controls`, \
         `parts`, `params` and `props`, text for `title` and `prose`)"
            .to_owned()
    } else if syntax == Syntax::Json {
        "the file must be valid JSON: check commas, brackets and quotes around this line".to_owned()
    } else {
        "the file must be valid YAML: check indentation, colons and quotes around this line".to_owned()
    }
}

/// The byte offset of serde_json's 1-based line and column (which counts bytes), kept inside
/// the text.
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let line_start = if line <= 1 { 0 } else { text.match_indices('\n').nth(line - 2).map_or(text.len(), |(at, _)| at + 1) };
    let line_end = text[line_start..].find('\n').map_or(text.len(), |end| line_start + end);
    (line_start + column.saturating_sub(1)).min(line_end)
}

/// Where the text's content starts (after a byte-order mark and blank space).
fn start_of_content(text: &str) -> usize {
    text.len() - text.trim_start_matches('\u{feff}').trim_start().len()
}

/// The position of byte `offset`: its line, its column in chars, and one char to underline.
fn position_at(text: &str, offset: usize) -> Position {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let line_start = text[..offset].rfind('\n').map_or(0, |at| at + 1);
    let line = text[..offset].matches('\n').count() + 1;
    let column = text[line_start..offset].chars().count() + 1;
    let length = text[offset..].chars().next().filter(|&c| c != '\n').map_or(0, char::len_utf8);
    Position { line, column, offset, length }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_syntax_follows_the_extension_then_the_first_character() {
        assert_eq!(Syntax::of("c.json", "catalog: {}").ok(), Some(Syntax::Json));
        assert_eq!(Syntax::of("c.YML", "{}").ok(), Some(Syntax::Yaml));
        assert_eq!(Syntax::of("catalog", "  {\"catalog\": {}}").ok(), Some(Syntax::Json));
        assert_eq!(Syntax::of("catalog", "catalog:\n").ok(), Some(Syntax::Yaml));
        let xml = Syntax::of("c.txt", "\n<?xml version=\"1.0\"?>").err().map(|error| (error.message, error.position.map(|p| p.line)));
        assert_eq!(xml, Some(("OSCAL XML is not read: give the catalog as JSON or YAML".to_owned(), Some(2))));
    }

    #[test]
    fn a_json_syntax_error_is_located_with_a_json_hint() {
        let text = "{\"catalog\": {\n  \"metadata\": {\"title\": \"T\" \"version\": \"1\"}}}";
        let error = read_catalog(text, Syntax::Json).expect_err("a syntax error");
        let position = error.position.expect("a position");
        assert_eq!((position.line, position.column), (2, 29));
        assert_eq!(&text[position.offset..position.offset + 1], "\"");
        assert!(error.hint.contains("valid JSON"), "{}", error.hint);
    }

    #[test]
    fn a_wrong_type_names_the_field_in_json_and_yaml() {
        let json =
            "{\"catalog\": {\"metadata\": {\"title\": \"T\", \"version\": \"1\"},\n \"controls\": [{\"id\": \"a-1\", \"title\": 7}]}}";
        let error = read_catalog(json, Syntax::Json).expect_err("a type error");
        assert_eq!(error.path.to_string(), "catalog.controls[0].title");
        assert_eq!(error.position.map(|p| p.line), Some(2));
        assert!(error.message.starts_with("invalid type: expected text, found 7"), "{}", error.message);
        let yaml = "catalog:\n  metadata: {title: T, version: '1'}\n  controls:\n    - id: a-1\n      title: [x]\n";
        let error = read_catalog(yaml, Syntax::Yaml).expect_err("a type error");
        assert_eq!(error.path.to_string(), "catalog.controls[0].title");
        assert_eq!(error.position.map(|p| p.line), Some(5));
        assert!(error.hint.contains("OSCAL"), "{}", error.hint);
    }

    #[test]
    fn what_is_not_a_catalog_is_named() {
        let not = |text: &str| read_catalog(text, Syntax::Yaml).err().map(|error| error.message);
        assert_eq!(not("profile:\n  imports: []\n").as_deref(), Some("this is an OSCAL profile, not a catalog"));
        assert!(not("framework: {}\nrequirements: []\n").is_some_and(|m| m.contains("crosswalk framework file")));
        assert_eq!(not("organization: acme\n").as_deref(), Some("not an OSCAL catalog: the top level has no `catalog`"));
        let error = read_profile("\n\n{\"catalog\": {}}", Syntax::Json).expect_err("a catalog is not a profile");
        assert_eq!((error.message.as_str(), error.position.map(|p| p.line)), ("this is an OSCAL catalog, not a profile", Some(3)));
    }

    #[test]
    fn fields_the_import_does_not_read_are_tolerated() {
        let text = "catalog:\n  uuid: x\n  metadata: {title: T, version: '1', oscal-version: 1.1.2, remarks: r}\n  back-matter: {}\n";
        assert!(read_catalog(text, Syntax::Yaml).is_ok());
    }

    #[test]
    fn a_pattern_selection_is_refused_where_it_is_written() {
        let text = "profile:\n  imports:\n    - href: x\n      include-controls:\n        - matching:\n            - pattern: ac-*\n";
        let error = read_profile(text, Syntax::Yaml).expect_err("matching is refused");
        assert_eq!(error.path.to_string(), "profile.imports[0].include-controls[0].matching");
        assert_eq!(error.position.map(|p| p.line), Some(5));
    }
}
