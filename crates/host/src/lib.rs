//! The host: discovers the framework plugins linked into the binary, loads the hub and the
//! organization profile from disk, checks them, and reports every problem as a diagnostic that
//! names the file, line, column and field.
//!
//! **Invariant:** this is where crosswalk touches the file system; the engine and the renderers
//! never do. An output file is never one of the run's inputs; a regular one is replaced
//! atomically (a failed run never leaves a partial file) and keeps its permission bits, a
//! symlink is followed to its target, and a FIFO or device is written through (`output`).

mod diagnostic;
mod output;
mod profile;

pub use diagnostic::{Diagnostics, FileDiagnostic, SourceFile};
pub use output::{refuse_input_as_output, write_output};
pub use profile::load_profile;

use crosswalk_model::validate::{check_framework, check_hub};
use crosswalk_model::yaml::{self, Locations};
use crosswalk_model::{FrameworkCatalog, Hub};
use crosswalk_plugin_api::{builtin_plugins, FrameworkPlugin};
use std::path::Path;

const HUB_NAME: &str = "frameworks/hub.yaml";
const HUB_TEXT: &str = include_str!("../../../frameworks/hub.yaml");

/// The hub and every framework plugin, checked and ready to evaluate.
pub struct Registry {
    pub hub: Hub,
    plugins: Vec<Box<dyn FrameworkPlugin>>,
}

impl std::fmt::Debug for Registry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Registry").field("hub", &self.hub.version).field("frameworks", &self.ids()).finish()
    }
}

impl Registry {
    /// Loads the built-in hub and every built-in plugin registered in this binary. A broken
    /// embedded catalog is a bug, but it is still reported as a located diagnostic.
    pub fn builtin() -> Result<Self, Diagnostics> {
        let hub_source = SourceFile::new(HUB_NAME, HUB_TEXT);
        let hub: Hub = yaml::parse(HUB_TEXT).map_err(|error| FileDiagnostic::from_parse("hub::parse", &hub_source, &error))?;
        located(&hub_source, check_hub(&hub))?;
        let mut plugins: Vec<Box<dyn FrameworkPlugin>> = Vec::new();
        let mut problems = Vec::new();
        for registration in builtin_plugins() {
            let file = format!("frameworks/{}.yaml", registration.id);
            match (registration.create)() {
                Ok(plugin) if plugin.catalog().framework.id != registration.id => problems.push(FileDiagnostic::without_position(
                    "plugin::id-mismatch",
                    &file,
                    format!("plugin `{}` carries a catalog with id `{}`", registration.id, plugin.catalog().framework.id),
                    "a plugin's registered id and its catalog's framework.id must agree",
                )),
                Ok(_) if plugins.iter().any(|p| p.catalog().framework.id == registration.id) => {
                    problems.push(FileDiagnostic::without_position(
                        "plugin::duplicate-id",
                        &file,
                        format!("two plugins register framework `{}`", registration.id),
                        "framework ids must be unique across plugins",
                    ))
                }
                Ok(plugin) => plugins.push(plugin),
                Err(error) => {
                    let source = SourceFile::new(error.source_name, error.source_text);
                    problems.push(FileDiagnostic::from_parse("framework::parse", &source, &error.error));
                }
            }
        }
        if !problems.is_empty() {
            return Err(Diagnostics(problems));
        }
        let registry = Self { hub, plugins };
        for plugin in &registry.plugins {
            // A catalog mapping onto objectives this hub lacks would silently lose coverage.
            let catalog = plugin.catalog();
            located(&SourceFile::new(format!("frameworks/{}.yaml", catalog.framework.id), ""), check_framework(catalog, &registry.hub))?;
        }
        Ok(registry)
    }

    pub fn ids(&self) -> Vec<&str> {
        self.plugins.iter().map(|plugin| plugin.catalog().framework.id.as_str()).collect()
    }

    pub fn plugins(&self) -> impl Iterator<Item = &dyn FrameworkPlugin> {
        self.plugins.iter().map(|plugin| plugin.as_ref())
    }

    /// The plugin for `id`, or a diagnostic listing the loaded ones.
    pub fn plugin(&self, id: &str) -> Result<&dyn FrameworkPlugin, Diagnostics> {
        self.plugins().find(|plugin| plugin.catalog().framework.id == id).ok_or_else(|| {
            FileDiagnostic::without_position(
                "cli::unknown-framework",
                "",
                format!("unknown framework `{id}`"),
                format!("loaded frameworks: {}; see `crosswalk frameworks`", self.ids().join(", ")),
            )
            .into()
        })
    }
}

/// Turns problems found in one file into located diagnostics; no problems is `Ok`.
pub(crate) fn located(source: &SourceFile, problems: Vec<crosswalk_model::Problem>) -> Result<(), Diagnostics> {
    if problems.is_empty() {
        return Ok(());
    }
    let locations = Locations::index(&source.text);
    Err(Diagnostics(problems.iter().map(|problem| FileDiagnostic::from_problem(source, &locations, problem, &problem.path)).collect()))
}

/// Reads a text file, or says which file could not be read and why.
pub fn read_text(path: &Path) -> Result<SourceFile, Diagnostics> {
    let name = path.display().to_string();
    std::fs::read_to_string(path).map(|text| SourceFile::new(name.clone(), text)).map_err(|error| {
        let help = match error.kind() {
            std::io::ErrorKind::NotFound => "check the path; profiles are a YAML file or a folder of them",
            std::io::ErrorKind::InvalidData => "the file must be UTF-8 text",
            _ => "check the file's permissions",
        };
        FileDiagnostic::without_position("io::read", &name, format!("cannot read: {error}"), help).into()
    })
}

/// What a single YAML file holds, judged by its top-level keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentKind {
    Framework,
    Hub,
    Profile,
}

/// Tells a framework catalog (`framework:`) and a hub (`objectives:`) from a profile.
pub fn document_kind(text: &str) -> DocumentKind {
    let top_level = |key: &str| text.lines().any(|line| line.starts_with(key) && line[key.len()..].trim_start().starts_with(':'));
    if top_level("framework") {
        DocumentKind::Framework
    } else if top_level("objectives") {
        DocumentKind::Hub
    } else {
        DocumentKind::Profile
    }
}

/// Checks a user's framework catalog file against the hub.
pub fn check_framework_file(source: &SourceFile, hub: &Hub) -> Result<FrameworkCatalog, Diagnostics> {
    let catalog: FrameworkCatalog =
        yaml::parse(&source.text).map_err(|error| FileDiagnostic::from_parse("framework::parse", source, &error))?;
    located(source, check_framework(&catalog, hub))?;
    Ok(catalog)
}

/// Checks a hub file.
pub fn check_hub_file(source: &SourceFile) -> Result<Hub, Diagnostics> {
    let hub: Hub = yaml::parse(&source.text).map_err(|error| FileDiagnostic::from_parse("hub::parse", source, &error))?;
    located(source, check_hub(&hub))?;
    Ok(hub)
}
