//! The example organization evaluated as of 2026-11-30, and a copy of its report full of
//! hostile words, for the test files that share them (`mod example;`).

// Each test file compiles this module on its own and uses part of it.
#![allow(dead_code)]

use chrono::NaiveDate;
use crosswalk_engine::{evaluate, Report};
use crosswalk_host::{load_profile, Registry};
use crosswalk_model::Profile;
use crosswalk_plugin_api::FrameworkPlugin;
use std::path::PathBuf;

/// The date every example evaluation speaks for.
pub fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 30).expect("date")
}

pub fn registry() -> Registry {
    // Referencing the plugin crates keeps their registrations in this test binary.
    std::hint::black_box([crosswalk_iso27001::plugin, crosswalk_soc2::plugin, crosswalk_hipaa::plugin]);
    Registry::builtin().expect("built-in catalogs load")
}

/// `examples/acme-health`, loaded and checked.
pub fn example_profile(registry: &Registry) -> Profile {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../examples/acme-health");
    load_profile(&path, registry, &[]).expect("the example profile is valid")
}

/// The plugins of the frameworks `profile` selects.
pub fn selected_plugins<'r>(registry: &'r Registry, profile: &Profile) -> Vec<&'r dyn FrameworkPlugin> {
    profile.scope.frameworks.iter().map(|id| registry.plugin(id).expect("selected framework")).collect()
}

/// `profile` evaluated for the frameworks it selects, as of [`as_of`].
pub fn evaluated(registry: &Registry, profile: &Profile) -> Report {
    evaluate(&registry.hub, profile, &selected_plugins(registry, profile), as_of())
}

pub fn example_report(registry: &Registry) -> Report {
    evaluated(registry, &example_profile(registry))
}

/// Words that would run a script, add an element, end the style sheet or make a link if they
/// reached the page unescaped. Each would mark the page with `data-pwned` if it ran.
pub const HOSTILE: [&str; 6] = [
    "<script>document.documentElement.setAttribute('data-pwned','script')</script>",
    "\"><img src=x onerror=\"document.documentElement.setAttribute('data-pwned','img')\">",
    "</style><style>body{display:none}</style>",
    "javascript:document.documentElement.setAttribute('data-pwned','url')",
    "'><svg onload=\"document.documentElement.setAttribute('data-pwned','svg')\">",
    "</title></textarea><!-- <a href=\"javascript:alert(1)\">x</a>",
];

/// The example report with a hostile string wherever a profile's or a person's words reach the
/// page: the organization, control titles and owners, deciders and their names, system names,
/// reasons, requirement titles, due items, shared gaps and the frameworks' scope.
pub fn hostile_report(mut report: Report) -> Report {
    let word = |index: usize| HOSTILE[index % HOSTILE.len()].to_owned();
    report.organization = word(0);
    for control in &mut report.controls {
        control.title = word(1);
        control.owner = Some(word(2));
        for marker in &mut control.signals {
            marker.reason = word(3);
            marker.decider = Some(word(4));
        }
    }
    for group in &mut report.agenda {
        group.name = Some(word(5));
        for item in &mut group.items {
            item.reason = word(0);
            item.subject = word(1);
            item.system = Some(word(2));
        }
    }
    for decisions in &mut report.summary.tier1_decisions {
        decisions.name = Some(word(3));
        decisions.top = vec![word(4)];
    }
    for framework in &mut report.frameworks {
        framework.scope = word(5);
        for requirement in &mut framework.requirements {
            requirement.title = word(0);
            requirement.reason = word(1);
            for marker in &mut requirement.governance {
                marker.system = Some(word(2));
                marker.reason = word(3);
            }
            for objective in &mut requirement.objectives {
                objective.uncovered_systems = vec![word(4)];
                objective.shortfall = Some(word(5));
            }
        }
    }
    for item in &mut report.due {
        item.subject = word(2);
        item.owner = Some(word(3));
        item.reason = word(4);
    }
    for gap in &mut report.shared_gaps {
        gap.title = word(5);
    }
    for control in &mut report.leverage {
        control.title = word(0);
    }
    report
}
