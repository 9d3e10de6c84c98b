//! Pure evaluation. Given the hub, an organization profile, the selected framework plugins and
//! an "as of" date, it judges every requirement on two axes (the baseline verdict the framework's
//! semantics give, and the governance markers where the baseline stops) and aggregates across
//! frameworks: coverage, shared gaps, leverage and the governance agenda.
//!
//! **Invariant:** no file system, no clock, no environment. The same inputs give the same
//! report, byte for byte, so reports can be snapshot-tested and diffed.

mod aggregate;
mod compare;
mod control;
mod explain;
mod index;
pub mod output;
mod requirement;

pub use compare::{compare, Comparison, Link, Pair, Strength};
pub use explain::{explain, ControlEvidence, Explanation};
pub use output::*;

use chrono::NaiveDate;
use crosswalk_model::{Hub, Profile};
use crosswalk_plugin_api::FrameworkPlugin;
use index::Index;

/// Evaluates `frameworks` for `profile` as of `as_of`. The profile must have passed
/// `crosswalk_model::validate::check_profile`; unresolved references are skipped, not fatal.
pub fn evaluate(hub: &Hub, profile: &Profile, frameworks: &[&dyn FrameworkPlugin], as_of: NaiveDate) -> Report {
    let index = Index::new(hub, profile);
    let mut controls: Vec<ControlAssessment> = profile.controls.iter().map(|control| control::assess(control, &index, as_of)).collect();
    control::note_complementary_controls(&mut controls, profile, &index);
    let mut evaluator = requirement::Evaluator::new(profile, &index, &controls, as_of);
    let framework_reports: Vec<FrameworkReport> = frameworks.iter().map(|plugin| evaluator.framework(*plugin)).collect();
    Report {
        as_of,
        organization: profile.organization.name.clone(),
        shared_gaps: aggregate::shared_gaps(&framework_reports, &index, hub),
        leverage: aggregate::leverage(&framework_reports, &controls),
        agenda: aggregate::agenda(&framework_reports, &controls, &index),
        frameworks: framework_reports,
        controls,
    }
}
