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
mod drift;
mod explain;
mod filter;
mod heatmap;
mod index;
pub mod output;
mod requirement;
mod summary;
mod what_if;

pub use compare::{compare, Comparison, Link, Pair, Strength};
pub use drift::{drift, AgendaChange, Change, ChangeKind, Drift, DriftCount, Snapshot};
pub use explain::{explain, ControlEvidence, Explanation};
pub use filter::{filter, findings, FailOn, Filter};
pub use heatmap::{domain_coverage, DomainCell, DomainCoverage};
pub use output::*;
pub use summary::{summarize, DUE_HORIZON_DAYS};
pub use what_if::{
    unknown_controls, what_if, what_if_all, ControlDamage, ExposedFunction, FrameworkLoss, LostRequirement, WhatIf, WhatIfAll,
    MAX_ALL_CANDIDATES,
};

use chrono::NaiveDate;
use crosswalk_model::{Hub, Profile};
use crosswalk_plugin_api::{FrameworkPlugin, ScheduledReview};
use index::Index;

/// Evaluates `frameworks` for `profile` as of `as_of`. The profile must have passed
/// `crosswalk_model::validate::check_profile`; unresolved references are skipped, not fatal.
pub fn evaluate(hub: &Hub, profile: &Profile, frameworks: &[&dyn FrameworkPlugin], as_of: NaiveDate) -> Report {
    let index = Index::new(hub, profile);
    let mut controls = assess_all(profile, &index, as_of);
    control::note_complementary_controls(&mut controls, profile, &index);
    // Frameworks are judged independently of each other, and the cross-framework views and the
    // due list only read what they produced: each runs on a thread of its own, and the results
    // are gathered in a fixed order, so the output stays byte-identical.
    let (framework_reports, reviews): (Vec<FrameworkReport>, Vec<Vec<ScheduledReview>>) = std::thread::scope(|scope| {
        let (index, controls) = (&index, controls.as_slice());
        let running: Vec<_> = frameworks
            .iter()
            .map(|plugin| scope.spawn(move || requirement::Evaluator::new(profile, index, controls, as_of).framework(*plugin)))
            .collect();
        running.into_iter().map(joined).unzip()
    });
    let reviews = reviews.concat();
    let (shared_gaps, leverage, due, agenda) = std::thread::scope(|scope| {
        let (reports, index, controls) = (framework_reports.as_slice(), &index, controls.as_slice());
        let shared_gaps = scope.spawn(move || aggregate::shared_gaps(reports, index, hub));
        let leverage = scope.spawn(move || aggregate::leverage(reports, controls));
        let due = scope.spawn(|| summary::due(profile, controls, index, &reviews, as_of));
        let agenda = aggregate::agenda(reports, controls, index);
        (joined(shared_gaps), joined(leverage), joined(due), agenda)
    });
    let summary = summary::summarize(&framework_reports, &agenda, &due);
    Report {
        summary,
        due,
        as_of,
        organization: profile.organization.name.clone(),
        shared_gaps,
        leverage,
        agenda,
        frameworks: framework_reports,
        controls,
    }
}

/// Controls per thread when assessing: enough that a thread earns its start-up, few enough that
/// a large profile keeps every core busy.
const CONTROLS_PER_THREAD: usize = 4096;

/// Every control on the ladder as of the date, in profile order; large profiles are split into
/// chunks assessed side by side.
fn assess_all(profile: &Profile, index: &Index, as_of: NaiveDate) -> Vec<ControlAssessment> {
    let assess_chunk = |chunk: &[crosswalk_model::profile::Control]| -> Vec<ControlAssessment> {
        chunk.iter().map(|control| control::assess(control, index, as_of)).collect()
    };
    if profile.controls.len() <= CONTROLS_PER_THREAD {
        return assess_chunk(&profile.controls);
    }
    std::thread::scope(|scope| {
        let running: Vec<_> = profile.controls.chunks(CONTROLS_PER_THREAD).map(|chunk| scope.spawn(move || assess_chunk(chunk))).collect();
        running.into_iter().flat_map(joined).collect()
    })
}

/// A scoped thread's result; a panic inside it is the caller's panic.
fn joined<T>(handle: std::thread::ScopedJoinHandle<'_, T>) -> T {
    handle.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))
}
