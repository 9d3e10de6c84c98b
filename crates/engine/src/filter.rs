//! Narrowing a report to one person, signal or tier, and counting the findings a CI gate fails
//! on. Pure functions of a `Report`, applied before rendering, so every format agrees.

use crate::output::{Report, RequirementResult};
use crate::requirement::coverage;
use crate::summary::summarize;
use crosswalk_model::{Signal, Verdict};
use std::collections::HashSet;

/// What to keep of a report; every criterion given must hold (they combine with "and").
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// Only these frameworks (empty: every framework evaluated), and the controls serving them.
    pub frameworks: Vec<String>,
    /// Controls this person owns, and what concerns them.
    pub owner: Option<String>,
    /// Decisions this person owes, and what they concern.
    pub decider: Option<String>,
    /// What raises this governance signal.
    pub signal: Option<Signal>,
    /// What concerns functions of this tier.
    pub tier: Option<u8>,
}

impl Filter {
    pub fn is_empty(&self) -> bool {
        *self == Filter::default()
    }
}

/// One criterion at a time.
enum Criterion<'a> {
    Frameworks(&'a [String]),
    Owner(&'a str),
    Decider(&'a str),
    Signal(Signal),
    Tier(u8),
}

/// The report narrowed by `filter`. For each criterion it keeps:
/// - `frameworks`: those frameworks with every requirement, the controls covering one of them,
///   the agenda items touching them, the due items of those controls (and every system
///   exemption and decision review);
/// - controls: owned by the person (`owner`), decided by them (`decider`), raising the signal
///   (`signal`), of the tier (`tier`);
/// - agenda items: about a control or system the person owns (`owner`), in the person's
///   group (`decider`), of the signal (`signal`), of the tier (`tier`); empty groups go;
/// - requirements: covered by a kept control, touched by a kept agenda item, or carrying a
///   marker of the signal, decider or tier; coverage is recounted over the kept requirements;
/// - leverage: kept controls; shared gaps: their kept requirements (a gap left with none goes);
/// - due items: about a kept control, or whose owner (`owner`), decider (`decider`) or tier
///   (`tier`) matches;
/// - the summary is recomputed from what is kept.
pub fn filter(mut report: Report, filter: &Filter) -> Report {
    let criteria = [
        (!filter.frameworks.is_empty()).then_some(Criterion::Frameworks(&filter.frameworks)),
        filter.owner.as_deref().map(Criterion::Owner),
        filter.decider.as_deref().map(Criterion::Decider),
        filter.signal.map(Criterion::Signal),
        filter.tier.map(Criterion::Tier),
    ];
    for criterion in criteria.iter().flatten() {
        narrow(&mut report, criterion);
    }
    report
}

fn narrow(report: &mut Report, criterion: &Criterion) {
    if let Criterion::Frameworks(ids) = criterion {
        report.frameworks.retain(|f| ids.contains(&f.id));
    }
    let serving: HashSet<String> =
        report.frameworks.iter().flat_map(|f| &f.requirements).flat_map(|r| r.controls.iter().cloned()).collect();
    report.controls.retain(|c| match criterion {
        Criterion::Frameworks(_) => serving.contains(&c.id),
        Criterion::Owner(person) => c.owner.as_deref() == Some(*person),
        Criterion::Decider(person) => c.decider.as_deref() == Some(*person),
        Criterion::Signal(signal) => c.signals.iter().any(|m| m.signal == *signal),
        Criterion::Tier(tier) => c.tier == Some(*tier),
    });
    let kept: HashSet<String> = report.controls.iter().map(|c| c.id.clone()).collect();
    for group in &mut report.agenda {
        let in_group = match criterion {
            Criterion::Decider(person) => group.decider.as_deref() == Some(*person),
            _ => true,
        };
        group.items.retain(|item| {
            in_group
                && match criterion {
                    Criterion::Owner(person) => item.owner.as_deref() == Some(*person),
                    Criterion::Frameworks(ids) => {
                        item.requirements.iter().any(|r| r.split_once(':').is_some_and(|(f, _)| ids.iter().any(|id| id == f)))
                    }
                    Criterion::Decider(_) => true,
                    Criterion::Signal(signal) => item.signal == *signal,
                    Criterion::Tier(tier) => item.tier == Some(*tier),
                }
        });
    }
    report.agenda.retain(|group| !group.items.is_empty());
    let touched: HashSet<&str> = report.agenda.iter().flat_map(|g| &g.items).flat_map(|i| &i.requirements).map(String::as_str).collect();
    let touched: HashSet<String> = touched.into_iter().map(str::to_owned).collect();
    let marked = |r: &RequirementResult| {
        matches!(criterion, Criterion::Frameworks(_))
            || r.governance.iter().any(|m| match criterion {
                Criterion::Owner(_) | Criterion::Frameworks(_) => false,
                Criterion::Decider(person) => m.decider.as_deref() == Some(*person),
                Criterion::Signal(signal) => m.signal == *signal,
                Criterion::Tier(tier) => m.tier == Some(*tier),
            })
    };
    for framework in &mut report.frameworks {
        let id = framework.id.clone();
        framework
            .requirements
            .retain(|r| r.controls.iter().any(|c| kept.contains(c)) || touched.contains(&format!("{id}:{}", r.id)) || marked(r));
        framework.coverage = coverage(&framework.requirements);
    }
    let requirements: HashSet<(String, String)> =
        report.frameworks.iter().flat_map(|f| f.requirements.iter().map(|r| (f.id.clone(), r.id.clone()))).collect();
    for gap in &mut report.shared_gaps {
        for framework in &mut gap.frameworks {
            framework.requirements.retain(|r| requirements.contains(&(framework.framework.clone(), r.clone())));
        }
        gap.frameworks.retain(|f| !f.requirements.is_empty());
        gap.framework_count = gap.frameworks.len();
        gap.requirement_count = gap.frameworks.iter().map(|f| f.requirements.len()).sum();
    }
    report.shared_gaps.retain(|gap| !gap.frameworks.is_empty());
    report.leverage.retain(|l| kept.contains(&l.control));
    report.due.retain(|d| {
        d.control.as_ref().is_some_and(|c| kept.contains(c))
            || match criterion {
                Criterion::Owner(person) => d.owner.as_deref() == Some(*person),
                Criterion::Decider(person) => d.decider.as_deref() == Some(*person),
                Criterion::Signal(_) => false,
                Criterion::Frameworks(_) => d.control.is_none(),
                Criterion::Tier(tier) => d.tier == Some(*tier),
            }
    });
    report.summary = summarize(&report.frameworks, &report.agenda, &report.due);
}

/// What a CI gate fails on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailOn {
    /// Any applicable requirement whose baseline is unmet or not mapped yet.
    Unmet,
    /// Any requirement whose baseline is partial, unmet or not mapped yet.
    Partial,
    /// Any governance decision owed (an agenda item); with a tier, only items of that tier or a
    /// more critical one (organization-wide items have no tier and count only without one).
    Governance(Option<u8>),
}

/// How many findings of `fail_on` the report holds.
pub fn findings(report: &Report, fail_on: FailOn) -> usize {
    let requirements = || report.frameworks.iter().flat_map(|f| &f.requirements);
    match fail_on {
        // Not mapped yet is no evidence of being met, so a gate on unmet requirements counts it.
        FailOn::Unmet => requirements().filter(|r| matches!(r.baseline, Verdict::Unmet | Verdict::NotMapped)).count(),
        FailOn::Partial => requirements().filter(|r| r.baseline.is_open()).count(),
        FailOn::Governance(tier) => {
            report.agenda.iter().flat_map(|g| &g.items).filter(|item| tier.is_none_or(|tier| item.tier.is_some_and(|t| t <= tier))).count()
        }
    }
}
