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
}
