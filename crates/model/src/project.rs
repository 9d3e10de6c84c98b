//! The project file, `crosswalk.yaml`: where the frameworks a project uses besides the built-in
//! ones come from. It is found in the current folder or a parent, or named by `--config`.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The file name crosswalk looks for in the current folder and its parents.
pub const PROJECT_FILE: &str = "crosswalk.yaml";

/// `crosswalk.yaml`. Each kind of source is a list of its own (framework files here; compiled
/// plugin libraries get a list beside it), so every entry is read the same way.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProjectFile {
    /// Framework files (YAML with declared `semantics`), relative to this file's folder, loaded
    /// beside the built-in frameworks by every command.
    #[serde(default)]
    pub frameworks: Vec<String>,
    /// Compiled framework plugin libraries, loaded by every command after the trust checks of
    /// docs/plugins.md; a refused one is a warning and the run goes on without it.
    #[serde(default)]
    pub plugins: Vec<PluginEntry>,
}

/// One plugin library of `crosswalk.yaml`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PluginEntry {
    /// The library file (.so, .dylib, .dll), relative to this file's folder.
    pub path: String,
    /// The sha256 the file must have (64 hexadecimal digits, as `crosswalk plugin check` prints
    /// it); the library is refused when it differs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
}
