//! The C ABI between crosswalk and a plugin library loaded at run time: the `#[repr(C)]` table the
//! library's entry symbol returns, the byte buffers that cross it, and the JSON payloads they
//! carry. Host (`crosswalk-host`'s loader) and SDK (`crosswalk-plugin-sdk`'s export macro) both
//! use these definitions, so the two sides cannot drift apart.
//!
//! Only `#[repr(C)]` values, `extern "C"` functions and JSON bytes cross the boundary: the Rust
//! ABI differs between compilers and even between builds, so no Rust type, trait object or
//! `extern "Rust"` function ever does (see docs/plugins.md).

use crate::{Judgement, ScheduledReview};
use chrono::NaiveDate;
use crosswalk_model::validate::PathSegment;
use crosswalk_model::{FieldPath, Problem, Profile};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The version of the table below. A change to the table's layout or to a payload's meaning
/// is a new version with a new entry symbol; the field `abi_version` stays first in every version.
pub const ABI_VERSION: u32 = 1;

/// The symbol a plugin library exports: `extern "C" fn() -> *const PluginTable`.
pub const ENTRY_SYMBOL: &str = "crosswalk_plugin_v1";

/// The version of the wire types (the profile, catalog and judgement shapes) a plugin was built
/// against: this crate's. The host loads a plugin whose SDK version is semver-compatible with its
/// own (same major; for 0.x, same minor).
pub const SDK_VERSION: &str = env!("CARGO_PKG_VERSION");

/// Bytes a plugin hands to the host. The host reads `len` bytes from `ptr` and gives the buffer
/// back, once, to the same plugin's [`PluginTable::free`]; `cap` lets the plugin rebuild its
/// allocation. A null `ptr` never comes from the SDK and is refused as a malformed reply.
#[repr(C)]
#[derive(Debug)]
pub struct Buffer {
    pub ptr: *mut u8,
    pub len: usize,
    pub cap: usize,
}

impl Buffer {
    /// Hands a vector's allocation over to the other side; [`PluginTable::free`] takes it back.
    pub fn from_vec(bytes: Vec<u8>) -> Self {
        let mut bytes = std::mem::ManuallyDrop::new(bytes);
        Self { ptr: bytes.as_mut_ptr(), len: bytes.len(), cap: bytes.capacity() }
    }
}

/// What the entry symbol returns: the ABI version, then one function per question the host asks.
/// Every function returning a [`Buffer`] returns a JSON [`Reply`].
#[repr(C)]
#[derive(Debug)]
pub struct PluginTable {
    /// [`ABI_VERSION`] of the SDK that built the plugin; read before anything else.
    pub abi_version: u32,
    /// A [`Reply`] of [`Hello`].
    pub hello: extern "C" fn() -> Buffer,
    /// A [`Reply`] of the plugin's `FrameworkCatalog`.
    pub catalog: extern "C" fn() -> Buffer,
    /// A [`Reply`] of its scope section's JSON Schema, or `null` when it takes no section.
    pub scope_schema: extern "C" fn() -> Buffer,
    /// Reads `len` bytes at `input` (a JSON [`JudgeInput`]) and returns a [`Reply`] of [`Judged`].
    pub judge: unsafe extern "C" fn(input: *const u8, len: usize) -> Buffer,
    /// Releases a buffer this plugin returned.
    pub free: unsafe extern "C" fn(buffer: Buffer),
}

/// Every answer of a plugin: the value, or an error message (a panic caught inside the plugin is
/// one, `plugin panicked: ...`).
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "lowercase", deny_unknown_fields)]
pub enum Reply<T> {
    Ok(T),
    Error(String),
}

/// The handshake: who the plugin is and what it was built with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Hello {
    /// The framework id it provides; must equal its catalog's `framework.id`.
    pub id: String,
    /// The plugin crate's own version.
    pub plugin_version: String,
    /// The [`SDK_VERSION`] it was built against.
    pub sdk_version: String,
}

/// Whether a plugin built against SDK `plugin` can be used by a host built against `host`:
/// semver-compatible (the same major version; below 1.0, the same minor version too).
pub fn sdk_compatible(host: &str, plugin: &str) -> bool {
    let parts = |version: &str| -> Option<(u64, u64)> {
        let mut numbers = version.split('.').map(|part| part.parse::<u64>().ok());
        Some((numbers.next()??, numbers.next()??))
    };
    match (parts(host), parts(plugin)) {
        (Some((0, host_minor)), Some((0, plugin_minor))) => host_minor == plugin_minor,
        (Some((host_major, _)), Some((plugin_major, _))) => host_major == plugin_major,
        _ => false,
    }
}

/// The one judging call's input. Without `as_of` the plugin only reads and checks its scope
/// section (the host's profile checks); with it, it judges every requirement for that date.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JudgeInput<P> {
    pub as_of: Option<NaiveDate>,
    pub profile: P,
}

/// What the plugin sends back: the whole framework judged for one profile and date.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Judged {
    /// Its scope section's problems (parse errors or its checks), paths under `scope.<id>`.
    pub scope_problems: Vec<WireProblem>,
    /// `describe_scope`'s line; absent when no date was given.
    pub describe_scope: Option<String>,
    /// A judgement per requirement id of its catalog; empty when no date was given.
    pub judgements: BTreeMap<String, Judgement>,
    pub scheduled_reviews: Vec<ScheduledReview>,
}

/// A [`Problem`] on the wire: its code as text, its path as keys and indexes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WireProblem {
    pub code: String,
    pub path: Vec<WireSegment>,
    pub message: String,
    pub hint: String,
}

/// One step of a field path: a key (`"controls"`) or an index (`3`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum WireSegment {
    Key(String),
    Index(usize),
}

impl From<&Problem> for WireProblem {
    fn from(problem: &Problem) -> Self {
        let path = problem
            .path
            .segments()
            .iter()
            .map(|segment| match segment {
                PathSegment::Key(key) => WireSegment::Key(key.clone()),
                PathSegment::Index(index) => WireSegment::Index(*index),
            })
            .collect();
        Self { code: problem.code.to_owned(), path, message: problem.message.clone(), hint: problem.hint.clone() }
    }
}

impl WireProblem {
    /// The problem again, with `code` standing for the wire's code text (a `Problem`'s code is
    /// `'static`; the host maps the text onto one).
    pub fn into_problem(self, code: &'static str) -> Problem {
        let path = FieldPath::new(
            self.path
                .into_iter()
                .map(|segment| match segment {
                    WireSegment::Key(key) => PathSegment::Key(key),
                    WireSegment::Index(index) => PathSegment::Index(index),
                })
                .collect(),
        );
        Problem::new(code, path, self.message, self.hint)
    }
}

/// The input the host sends for a profile.
pub type HostJudgeInput<'a> = JudgeInput<&'a Profile>;

/// The input as the plugin reads it.
pub type PluginJudgeInput = JudgeInput<Profile>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sdk_versions_are_compatible_as_semver_carets_are() {
        assert!(sdk_compatible("0.1.0", "0.1.7"));
        assert!(!sdk_compatible("0.1.0", "0.2.0"), "below 1.0 a minor version breaks");
        assert!(sdk_compatible("1.2.0", "1.0.3"));
        assert!(!sdk_compatible("1.2.0", "2.0.0"));
        assert!(!sdk_compatible("0.1.0", "garbage"), "an unreadable version is not compatible");
    }

    #[test]
    fn a_problem_crosses_the_wire_unchanged() {
        let problem = Problem::new("x::y", FieldPath::root().key("scope").key("fw").index(2), "message", "hint");
        let wire: WireProblem =
            serde_json::from_str(&serde_json::to_string(&WireProblem::from(&problem)).expect("encodes")).expect("decodes");
        assert_eq!(wire.path, [WireSegment::Key("scope".into()), WireSegment::Key("fw".into()), WireSegment::Index(2)]);
        let back = wire.into_problem("x::y");
        assert_eq!((back.path, back.message, back.hint), (problem.path, problem.message, problem.hint));
    }
}
