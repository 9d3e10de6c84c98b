//! The host: discovers the framework plugins linked into the binary, loads the hub and the
//! organization profile from disk, checks them, and reports every problem as a diagnostic that
//! names the file, line, column and field.
//!
//! **Invariant:** this is where crosswalk touches the file system; the engine and the renderers
//! never do. An output file is never one of the run's inputs; a regular one is replaced
//! atomically (a failed run never leaves a partial file) and keeps its permission bits, a
//! symlink is followed to its target, and a FIFO or device is written through (`output`).

mod diagnostic;
mod drift_side;
mod dynamic;
mod init;
mod kind;
mod mapping;
mod output;
mod profile;
mod read;
mod sources;

pub use diagnostic::{Diagnostics, FileDiagnostic, SourceFile};
pub use drift_side::{load_side, side_path, Side};
pub use dynamic::{load_plugin, DynamicPlugin, PLUGIN_CHECKS};
pub use init::{init_profile, STARTER_FILE};
pub use kind::{document_kind, edit_distance, guess_kind, DocumentKind, KindGuess, TopLevel};
pub use mapping::{load_framework_to_map, read_review, review_problems, reviewed_framework_file};
pub use output::{refuse_input_as_output, write_new_output, write_output};
pub use profile::{load_profile, load_profile_details, LoadedProfile, NotRead};
pub use read::{read_text, MAX_FILE_BYTES, MAX_FILE_MIB};
pub use sources::{PluginSource, Sources};

use crosswalk_declared::DeclaredPlugin;
use crosswalk_model::validate::{check_framework, check_hub, framework_findings};
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
    /// Plugin libraries refused at loading, each a diagnostic naming the file and the check.
    refused: Vec<FileDiagnostic>,
    /// Where this run's frameworks come from (`Sources::origin_hint`), for an unknown id's hint.
    origin: String,
}

impl std::fmt::Debug for Registry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Registry").field("hub", &self.hub.version).field("frameworks", &self.ids()).finish()
    }
}

impl Registry {
    /// The built-in hub and plugins only, as a run with no project file and no framework file.
    pub fn builtin() -> Result<Self, Diagnostics> {
        Self::load(&Sources::default())
    }

    /// Loads the built-in hub, every built-in plugin registered in this binary, then each
    /// framework file of `sources` as a plugin with declared semantics. A broken embedded catalog
    /// is a bug, but it is still reported as a located diagnostic; a framework file that cannot be
    /// read, does not parse or check, declares no semantics, or takes an id already loaded is an
    /// error located in that file. Every file is tried, so one run reports all of them.
    pub fn load(sources: &Sources) -> Result<Self, Diagnostics> {
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
        for plugin in &plugins {
            // A catalog mapping onto objectives this hub lacks would silently lose coverage.
            let catalog = plugin.catalog();
            // A built-in catalog is complete: a requirement not mapped yet is a bug there.
            let mut problems = check_framework(catalog, &hub);
            problems.extend(framework_findings(catalog));
            located(&SourceFile::new(format!("frameworks/{}.yaml", catalog.framework.id), ""), problems)?;
        }
        // The ids the project file's framework files loaded, which a command-line file may replace.
        let mut replaceable: Vec<String> = Vec::new();
        for (index, path) in sources.framework_files.iter().enumerate() {
            let from_project = index < sources.project_framework_files;
            match load_framework_file(path, &hub, &plugins, if from_project { &[] } else { &replaceable }) {
                Ok(plugin) => {
                    let id = plugin.catalog().framework.id.clone();
                    match plugins.iter().position(|loaded| loaded.catalog().framework.id == id) {
                        // A command-line file takes precedence over the project file's, in its place.
                        Some(position) => {
                            plugins[position] = Box::new(plugin);
                            replaceable.retain(|replaced| *replaced != id);
                        }
                        None => {
                            if from_project {
                                replaceable.push(id);
                            }
                            plugins.push(Box::new(plugin));
                        }
                    }
                }
                Err(diagnostics) => problems.extend(diagnostics.0),
            }
        }
        if !problems.is_empty() {
            return Err(Diagnostics(problems));
        }
        let mut registry = Self { hub, plugins, refused: sources.unreadable_plugins.clone(), origin: sources.origin_hint() };
        for library in &sources.plugins {
            // A refusal is kept in `refused` for the caller to warn about; the run goes on without it.
            let _refused = registry.load_library(&library.path, library.sha256.as_deref());
        }
        Ok(registry)
    }

    /// Loads the plugin library at `path` (named on the command line or in `crosswalk.yaml`, its
    /// sha256 checked against `pinned` when given) after every check of `load_plugin`. A refusal
    /// is returned for the caller to warn about and kept, so a command that needs the framework
    /// can say why it is not loaded; the registry goes on without the library.
    pub fn load_library(&mut self, path: &Path, pinned: Option<&str>) -> Result<(), Diagnostics> {
        match load_plugin(path, pinned, &self.hub, &self.ids()) {
            Ok(plugin) => {
                self.plugins.push(Box::new(plugin));
                Ok(())
            }
            Err(refusal) => {
                self.refused.extend(refusal.0.iter().cloned());
                Err(refusal)
            }
        }
    }

    /// Where this run's frameworks come from, a sentence for a hint (`Sources::origin_hint`).
    pub fn origin_hint(&self) -> &str {
        &self.origin
    }

    /// The plugin libraries refused so far.
    pub fn refused(&self) -> &[FileDiagnostic] {
        &self.refused
    }

    pub fn ids(&self) -> Vec<&str> {
        self.plugins.iter().map(|plugin| plugin.catalog().framework.id.as_str()).collect()
    }

    pub fn plugins(&self) -> impl Iterator<Item = &dyn FrameworkPlugin> {
        self.plugins.iter().map(|plugin| plugin.as_ref())
    }

    /// Each loaded framework's scope section schema, by framework id, in id order: what the
    /// profile's schema is composed of.
    pub fn scope_sections(&self) -> Vec<(String, crosswalk_plugin_api::Schema)> {
        self.plugins().filter_map(|plugin| Some((plugin.catalog().framework.id.clone(), plugin.scope_schema()?))).collect()
    }

    /// The plugin for `id`, or a diagnostic listing the loaded ones.
    pub fn plugin(&self, id: &str) -> Result<&dyn FrameworkPlugin, Diagnostics> {
        self.plugins().find(|plugin| plugin.catalog().framework.id == id).ok_or_else(|| {
            // A refused library may be the one meant to provide `id`: say what was refused and why.
            let refused: String = self.refused.iter().map(|refusal| format!("; not loaded: {}", refusal.headline())).collect();
            FileDiagnostic::without_position(
                "cli::unknown-framework",
                "",
                format!("unknown framework `{id}`"),
                format!("loaded frameworks: {}; see `crosswalk frameworks`; {}{refused}", self.ids().join(", "), self.origin),
            )
            .into()
        })
    }
}

/// A framework file as a plugin with declared semantics, refused when its id is taken, unless
/// the id is one of `replaceable` (a project file's framework, which a command-line file replaces).
fn load_framework_file(
    path: &Path,
    hub: &Hub,
    loaded: &[Box<dyn FrameworkPlugin>],
    replaceable: &[String],
) -> Result<DeclaredPlugin, Diagnostics> {
    let source = read_text(path).map_err(|diagnostics| {
        sources::with_missing_file_help(
            diagnostics,
            "check the path: --framework-file is relative to the current folder, an entry of crosswalk.yaml to that file's folder",
        )
    })?;
    let catalog = check_framework_file(&source, hub)?;
    let others = loaded.iter().map(|plugin| plugin.as_ref()).filter(|plugin| !replaceable.contains(&plugin.catalog().framework.id));
    refuse_taken_id(&source, None, &catalog, others)?;
    DeclaredPlugin::new(catalog, source.name.clone()).map_err(|problem| diagnostics_in(&source, &[problem]))
}

/// Refuses a catalog whose id a loaded framework already has, unless that framework was loaded
/// from `itself` (`validate` of a file that `crosswalk.yaml` lists; loading never passes one, so
/// a file listed twice is refused).
fn refuse_taken_id<'a>(
    source: &SourceFile,
    itself: Option<&Path>,
    catalog: &FrameworkCatalog,
    loaded: impl IntoIterator<Item = &'a dyn FrameworkPlugin>,
) -> Result<(), Diagnostics> {
    let id = &catalog.framework.id;
    let itself = itself.and_then(|path| std::fs::canonicalize(path).ok());
    let same_file = |other: &str| itself.is_some() && std::fs::canonicalize(other).ok() == itself;
    let Some(taken) = loaded.into_iter().find(|plugin| plugin.catalog().framework.id == *id && !same_file(plugin.source())) else {
        return Ok(());
    };
    let problem = crosswalk_model::Problem::new(
        "framework::id-taken",
        crosswalk_model::FieldPath::root().key("framework").key("id"),
        format!("framework id `{id}` is already loaded ({})", source_label(taken.source())),
        "framework ids are unique across every source: rename this framework's `id`, or load only one of the two files",
    );
    Err(diagnostics_in(source, &[problem]))
}

/// How a plugin's source reads in a sentence: `built-in`, or `from PATH`.
fn source_label(source: &str) -> String {
    if source == crosswalk_plugin_api::BUILT_IN {
        source.to_owned()
    } else {
        format!("from {source}")
    }
}

/// Turns problems found in one file into located diagnostics; no problems is `Ok`.
pub(crate) fn located(source: &SourceFile, problems: Vec<crosswalk_model::Problem>) -> Result<(), Diagnostics> {
    if problems.is_empty() {
        return Ok(());
    }
    Err(diagnostics_in(source, &problems))
}

/// Problems found in one file, each located to its line and column.
fn diagnostics_in(source: &SourceFile, problems: &[crosswalk_model::Problem]) -> Diagnostics {
    let locations = Locations::index(&source.text);
    Diagnostics(problems.iter().map(|problem| FileDiagnostic::from_problem(source, &locations, problem, &problem.path)).collect())
}

/// What `validate` found a file or folder to be, checked.
#[derive(Debug)]
pub enum Checked {
    Profile(Box<LoadedProfile>),
    /// A framework catalog, and its findings that do not stop it loading (requirements not
    /// mapped yet; no `semantics`, which only loading it as a framework file needs).
    Framework(Box<FrameworkCatalog>, Diagnostics),
    Hub(Box<Hub>),
    /// A project file, with the `(id, source)` of each framework its files load.
    Project(Vec<(String, String)>),
}

/// Checks whatever `path` holds: a folder is a profile; a file is a profile, a framework catalog
/// or a hub, by its top-level keys. Returns the kind it was read as (a profile when the file
/// could not be read) with the outcome, so every failure can be reported as a problem list.
pub fn check_path(path: &Path, registry: &Registry) -> (DocumentKind, Result<Checked, Diagnostics>) {
    if std::fs::metadata(path).is_ok_and(|metadata| metadata.is_dir()) {
        return (DocumentKind::Profile, load_profile_details(path, registry, &[]).map(|loaded| Checked::Profile(Box::new(loaded))));
    }
    let source = match read_text(path) {
        Ok(source) => source,
        Err(diagnostics) => return (DocumentKind::Profile, Err(diagnostics)),
    };
    let kind = guess_kind(&source.text).kind;
    let checked = match kind {
        DocumentKind::Framework => check_framework_file(&source, &registry.hub).and_then(|catalog| {
            refuse_taken_id(&source, Some(path), &catalog, registry.plugins())?;
            let mut findings = framework_findings(&catalog);
            if catalog.semantics.is_none() {
                findings.insert(0, crosswalk_declared::no_semantics(&catalog));
            }
            Ok(Checked::Framework(Box::new(catalog), diagnostics_in(&source, &findings)))
        }),
        DocumentKind::Hub => check_hub_file(&source).map(|hub| Checked::Hub(Box::new(hub))),
        // Loaded as a run naming it with --config would: the file, then every framework it lists.
        // A plugin library the file lists that is refused fails the check, where a run would go
        // on without it.
        DocumentKind::Project => Sources::discover(Some(path), &[], &[], Path::new("")).and_then(|sources| {
            let loaded = Registry::load(&sources)?;
            if !loaded.refused().is_empty() {
                return Err(Diagnostics(loaded.refused().to_vec()));
            }
            let files = loaded.plugins().filter(|plugin| plugin.source() != crosswalk_plugin_api::BUILT_IN);
            Ok(Checked::Project(files.map(|plugin| (plugin.catalog().framework.id.clone(), plugin.source().to_owned())).collect()))
        }),
        DocumentKind::Profile => profile::check_profile_source(source, registry).map(|loaded| Checked::Profile(Box::new(loaded))),
    };
    (kind, checked)
}

/// The kind evidence of a catalog file, after checking its top level is a mapping; its errors
/// say which kind the file was read as when its keys left room for doubt.
fn shape_checked(source: &SourceFile) -> Result<KindGuess, Diagnostics> {
    let guess = guess_kind(&source.text);
    match guess.shape_problem(source) {
        Some(problem) => Err(problem.into()),
        None => Ok(guess),
    }
}

/// Checks a user's framework catalog file against the hub.
pub fn check_framework_file(source: &SourceFile, hub: &Hub) -> Result<FrameworkCatalog, Diagnostics> {
    let guess = shape_checked(source)?;
    let catalog: FrameworkCatalog = yaml::parse(&source.text)
        .map_err(|error| guess.annotate(&source.name, FileDiagnostic::from_parse("framework::parse", source, &error).into()))?;
    located(source, check_framework(&catalog, hub))?;
    Ok(catalog)
}

/// Checks a hub file.
pub fn check_hub_file(source: &SourceFile) -> Result<Hub, Diagnostics> {
    let guess = shape_checked(source)?;
    let hub: Hub = yaml::parse(&source.text)
        .map_err(|error| guess.annotate(&source.name, FileDiagnostic::from_parse("hub::parse", source, &error).into()))?;
    located(source, check_hub(&hub))?;
    Ok(hub)
}
