//! The contract between crosswalk and a framework: the [`FrameworkPlugin`] trait, what its
//! judgements look like, and static registration of built-in plugins with `inventory`.
//!
//! **API boundary:** a plugin receives the catalog requirement and the organization profile
//! and answers with plain data ([`Judgement`], [`Problem`]s). It never sees controls' evaluation,
//! the file system or the clock, so the same answers can later cross a C ABI as serialized bytes
//! for plugins loaded at run time.

use chrono::NaiveDate;
pub use crosswalk_model::{FrameworkCatalog, Level, Problem, Profile, Requirement, Span};
pub use inventory;

/// A framework: its catalog (data) and its semantics (code).
pub trait FrameworkPlugin: Send + Sync {
    /// The requirements and their hub mappings.
    fn catalog(&self) -> &FrameworkCatalog;

    /// Where the plugin comes from, shown by `crosswalk frameworks`.
    fn source(&self) -> &str {
        "built-in"
    }

    /// Framework-specific checks of the profile's scope (an exclusion without justification, a
    /// decision on a requirement that is not addressable). Paths are profile field paths.
    fn check_scope(&self, profile: &Profile) -> Vec<Problem>;

    /// One line saying how the profile scopes this framework (type, period, categories, role).
    fn describe_scope(&self, profile: &Profile) -> String;

    /// How one requirement applies to this organization and what it demands.
    fn judge(&self, requirement: &Requirement, context: &Context) -> Judgement;
}

/// What a plugin may consult when judging a requirement.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    pub profile: &'a Profile,
    /// The date the evaluation speaks for: decisions recorded after it do not count yet.
    pub as_of: NaiveDate,
}

/// A plugin's answer for one requirement.
#[derive(Debug, Clone, PartialEq, Eq)]
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
#[derive(Debug, Clone, PartialEq, Eq)]
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

#[derive(Debug, Clone, PartialEq, Eq)]
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
    pub create: fn() -> Result<Box<dyn FrameworkPlugin>, CatalogError>,
}

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
