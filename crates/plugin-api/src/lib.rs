//! The contract between crosswalk and a framework: the [`FrameworkPlugin`] trait, what its
//! judgements look like, and static registration of built-in plugins with `inventory`.
//!
//! Each plugin owns its section of the profile's scope (`scope.<id>`): it declares the section's
//! schema, reads it once per run ([`FrameworkPlugin::prepare`], with [`parse_section`]) and
//! checks it; the model keeps sections as plain data and names no framework.
//!
//! **API boundary:** a plugin receives the catalog requirement and the organization profile
//! and answers with plain data ([`Judgement`], [`Problem`]s). It never sees controls' evaluation,
//! the file system or the clock, so the same answers can later cross a C ABI as serialized bytes
//! for plugins loaded at run time ([`abi`]).

use chrono::NaiveDate;
pub use crosswalk_model::{FieldPath, FrameworkCatalog, Level, Problem, Profile, Requirement, Span};
pub use inventory;
pub use schemars::{self, Schema};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::any::Any;

pub mod abi;

/// A framework: its catalog (data) and its semantics (code), and its section of the profile's
/// scope (`scope.<id>`), which it declares, reads and checks itself.
pub trait FrameworkPlugin: Send + Sync {
    /// The requirements and their hub mappings.
    fn catalog(&self) -> &FrameworkCatalog;

    /// Where the plugin comes from, shown by `crosswalk frameworks`: [`BUILT_IN`], or the path
    /// of the file it was loaded from.
    fn source(&self) -> &str {
        BUILT_IN
    }

    /// The JSON Schema of the plugin's `scope.<id>` section, composed into the profile's schema;
    /// `None` when the framework takes no section.
    fn scope_schema(&self) -> Option<Schema> {
        None
    }

    /// Reads the plugin's `scope.<id>` section (absent or not) into what `check_scope`,
    /// `describe_scope` and `judge` consult, once per run. A section that does not have the
    /// declared shape gives located problems (paths under `scope.<id>`); see [`parse_section`].
    fn prepare(&self, profile: &Profile) -> Result<Prepared, Vec<Problem>>;

    /// Framework-specific checks of the prepared scope (an exclusion without justification, a
    /// decision on a requirement that is not addressable, a selected framework without its
    /// section). Paths are profile field paths.
    fn check_scope(&self, profile: &Profile, scope: &Prepared) -> Vec<Problem>;

    /// One line saying how the profile scopes this framework (type, period, categories, role).
    fn describe_scope(&self, context: &Context) -> String;

    /// How one requirement applies to this organization and what it demands.
    fn judge(&self, requirement: &Requirement, context: &Context) -> Judgement;

    /// Recorded decisions of this framework's scope that must be re-examined by a date (a HIPAA
    /// addressable decision), for the report's list of what falls due.
    fn scheduled_reviews(&self, _context: &Context) -> Vec<ScheduledReview> {
        Vec::new()
    }
}

/// The source of a plugin compiled into the binary.
pub const BUILT_IN: &str = "built-in";

/// A decision in a framework's scope that its decider must re-examine by `due`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScheduledReview {
    /// What was decided on (a specification's citation).
    pub subject: String,
    /// The person id who decided.
    pub decided_by: String,
    pub due: NaiveDate,
    /// What falls due, in one sentence.
    pub reason: String,
}

/// A plugin's reading of its scope section, made once per run by [`FrameworkPlugin::prepare`]
/// and handed back to the same plugin: opaque to everyone else, as a handle across a C ABI
/// would be.
pub type Prepared = Box<dyn Any + Send + Sync>;

/// What a plugin may consult when judging a requirement.
#[derive(Clone, Copy)]
pub struct Context<'a> {
    pub profile: &'a Profile,
    /// The date the evaluation speaks for: decisions recorded after it do not count yet.
    pub as_of: NaiveDate,
    /// What this plugin's [`FrameworkPlugin::prepare`] returned for the profile.
    pub scope: &'a (dyn Any + Send + Sync),
}

impl std::fmt::Debug for Context<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Context").field("organization", &self.profile.organization.name).field("as_of", &self.as_of).finish()
    }
}

impl<'a> Context<'a> {
    /// The prepared scope as the plugin's own type, when it is one.
    pub fn scope<T: 'static>(&self) -> Option<&'a T> {
        self.scope.downcast_ref::<T>()
    }
}

/// A plugin's answer for one requirement (on the wire of run-time plugins: tagged by `kind`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Judgement {
    /// Out of scope, with the reason a reader or auditor would accept.
    NotApplicable { reason: String },
    /// Settled by a recorded decision rather than by controls (a HIPAA addressable
    /// specification met by an alternative or judged not reasonable): baseline met by
    /// documentation, which is exactly where governance must own the decision.
    Decided(RecordedDecision),
    /// Judged by the controls that cover its hub objectives.
    Evaluate(Demand),
}

/// The assurance a requirement demands of the controls that cover it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Demand {
    /// The lowest level a covering control must reach.
    pub level: Level,
    /// The date the controls' ladder is read, when the framework speaks for another date than
    /// the run's (the end of a SOC 2 Type 2 period, a Type 1 report date). Evidence after the
    /// run's "as of" date never counts, so a later date is read as the run's.
    pub judged_on: Option<NaiveDate>,
    /// When set, the control must show operation records in every interval of its cadence
    /// inside this period (SOC 2 Type 2).
    pub period: Option<Span>,
    /// Why this demand, in one phrase ("SOC 2 Type 2: operating over 2026-04-01..2026-09-30").
    pub basis: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordedDecision {
    /// What was decided, in one sentence.
    pub summary: String,
    /// The person id who decided.
    pub decided_by: String,
    pub decided_on: NaiveDate,
    /// The last day the decision counts as reviewed; after it the decision is stale.
    pub review_due: NaiveDate,
    /// Control ids implementing an equivalent alternative, judged at `demand`; empty when the
    /// decision alone settles the requirement (documentation, not capability).
    pub alternative_controls: Vec<String>,
    /// What the alternative's controls must reach.
    pub demand: Demand,
}

/// A built-in plugin, registered with `inventory::submit!` by its crate.
#[derive(Debug)]
pub struct BuiltinPlugin {
    /// The framework id the plugin provides; must equal its catalog's id.
    pub id: &'static str,
    /// Builds the plugin, parsing its embedded catalog.
    pub create: PluginFactory,
}

/// What builds a built-in plugin: each plugin crate's `plugin` function.
pub type PluginFactory = fn() -> Result<Box<dyn FrameworkPlugin>, CatalogError>;

inventory::collect!(BuiltinPlugin);

/// Every built-in plugin linked into this binary, sorted by id.
pub fn builtin_plugins() -> Vec<&'static BuiltinPlugin> {
    let mut plugins: Vec<&'static BuiltinPlugin> = inventory::iter::<BuiltinPlugin>.into_iter().collect();
    plugins.sort_by_key(|plugin| plugin.id);
    plugins
}

/// An embedded catalog that does not parse: a bug in the plugin, reported with its position.
#[derive(Debug, Clone)]
pub struct CatalogError {
    pub source_name: &'static str,
    pub source_text: &'static str,
    pub error: Box<crosswalk_model::yaml::ParseError>,
}

/// Parses a catalog a plugin embeds with `include_str!`.
pub fn parse_catalog(source_name: &'static str, source_text: &'static str) -> Result<FrameworkCatalog, CatalogError> {
    crosswalk_model::yaml::parse(source_text).map_err(|error| CatalogError { source_name, source_text, error: Box::new(error) })
}

/// The problem to report when a framework is selected but its `scope.<id>` section is missing.
pub fn missing_scope_section(framework_id: &str, example: &str) -> Problem {
    Problem::new(
        "scope::missing-section",
        crosswalk_model::FieldPath::root().key("scope"),
        format!("`{framework_id}` is selected but `scope.{framework_id}` is missing"),
        format!("add a `scope.{framework_id}` section, for example: {example}"),
    )
}

/// Every problem of a plugin's scope section: that it does not parse, or what `check_scope` finds.
pub fn scope_problems(plugin: &dyn FrameworkPlugin, profile: &Profile) -> Vec<Problem> {
    match plugin.prepare(profile) {
        Ok(prepared) => plugin.check_scope(profile, &prepared),
        Err(problems) => problems,
    }
}

/// The field path of a framework's scope section: `scope.<id>`.
pub fn section_path(framework_id: &str) -> FieldPath {
    FieldPath::root().key("scope").key(framework_id)
}

/// Reads a framework's `scope.<id>` section into its type: `Ok(None)` when the profile has no such
/// section (or an empty one). Every way the section can miss its type (an unknown field, a
/// missing one, a value of the wrong type) is a problem whose path leads to the value under
/// `scope.<id>` and whose message reads like the rest of the file's, so the host locates it to
/// file, line and column.
pub fn parse_section<T: DeserializeOwned>(profile: &Profile, framework_id: &str) -> Result<Option<T>, Vec<Problem>> {
    // `soc2:` with nothing under it is no section, as an absent one is.
    let Some(value) = profile.scope.sections.get(framework_id).filter(|value| !value.is_null()) else {
        return Ok(None);
    };
    serde_path_to_error::deserialize(value).map(Some).map_err(|error| {
        let mut path = section_path(framework_id);
        let mut inner = FieldPath::root();
        for segment in error.path().iter() {
            match segment {
                serde_path_to_error::Segment::Seq { index } => {
                    path = path.index(*index);
                    inner = inner.index(*index);
                }
                serde_path_to_error::Segment::Map { key } | serde_path_to_error::Segment::Enum { variant: key } => {
                    path = path.key(key);
                    inner = inner.key(key);
                }
                serde_path_to_error::Segment::Unknown => {}
            }
        }
        let (message, hint) = crosswalk_model::yaml::in_the_files_words::<T>(&error.into_inner().to_string(), &inner);
        vec![Problem::new("profile::parse", path, message, hint)]
    })
}

/// The problems of the dates a scope section writes that fall outside the years crosswalk reads
/// (the model checks every other date of a profile the same way).
pub fn dates_out_of_range(dates: impl IntoIterator<Item = (FieldPath, Option<NaiveDate>)>) -> Vec<Problem> {
    dates.into_iter().filter_map(|(path, date)| date.and_then(|date| crosswalk_model::validate::date_out_of_range(path, date))).collect()
}

/// The schema of a scope section type, ready for [`FrameworkPlugin::scope_schema`].
pub fn section_schema<T: schemars::JsonSchema>() -> Schema {
    schemars::schema_for!(T)
}
