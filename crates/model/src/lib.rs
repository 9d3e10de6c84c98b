//! crosswalk's published file formats: the hub catalog, framework catalogs and organization
//! profiles, as serde + schemars types, plus the shared vocabulary (cadences, assurance levels,
//! verdicts, signals).
//!
//! **Invariant:** this is the only crate that knows the YAML library; everything else parses
//! through [`yaml::parse`] and locates values through [`yaml::Locations`].

pub mod framework;
pub mod hub;
pub mod profile;
pub mod project;
pub mod validate;
pub mod vocab;
pub mod yaml;

pub use framework::{
    Applicability, DemandSource, FrameworkCatalog, FrameworkInfo, Implementation, Mapping, Requirement, Semantics, Unmapped, UnmappedReason,
};
pub use hub::{Domain, Hub, Objective};
pub use profile::Profile;
pub use project::{PluginEntry, ProjectFile, PROJECT_FILE};
pub use validate::{FieldPath, Problem};
pub use vocab::{Cadence, Level, Relationship, Signal, Span, SystemKind, Verdict};
