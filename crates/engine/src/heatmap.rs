//! Coverage by hub domain and framework, the report's heatmap: for each domain of the hub and
//! each evaluated framework, how the requirements mapping onto the domain's objectives fare.
//! Computed from an evaluated (possibly filtered) report, so it speaks for what the report kept.

use crate::output::{Coverage, Report, RequirementResult};
use crate::requirement::coverage;
use crosswalk_model::Hub;
use std::collections::HashMap;

/// One hub domain across the report's frameworks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DomainCoverage {
    /// The domain code (`BCK`).
    pub domain: String,
    pub title: String,
    /// One cell per framework of the report, in the report's order.
    pub cells: Vec<DomainCell>,
}

/// The requirements of one framework that map onto at least one objective of one domain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DomainCell {
    pub framework: String,
    /// Counted like a framework's coverage; `applicable == 0` when no applicable requirement of
    /// the framework maps onto the domain.
    pub coverage: Coverage,
}

/// Every hub domain (hub order) × every framework of `report` (report order). A requirement
/// counts once in each domain its mapped objectives belong to; one mapped onto no objective (a
/// parent judged from its children, a settled decision, a requirement not mapped yet) counts in
/// none. Linear in the report's size.
pub fn domain_coverage(report: &Report, hub: &Hub) -> Vec<DomainCoverage> {
    let domain_index: HashMap<&str, usize> = hub.domains.iter().enumerate().map(|(index, d)| (d.id.as_str(), index)).collect();
    let objective_domain: HashMap<&str, usize> =
        hub.objectives.iter().filter_map(|o| Some((o.id.as_str(), *domain_index.get(o.domain.as_str())?))).collect();
    // Per framework, per domain: the requirements touching it.
    let per_framework: Vec<Vec<Vec<&RequirementResult>>> = report
        .frameworks
        .iter()
        .map(|framework| {
            let mut by_domain = vec![Vec::new(); hub.domains.len()];
            for requirement in &framework.requirements {
                let mut domains: Vec<usize> =
                    requirement.objectives.iter().filter_map(|o| objective_domain.get(o.objective.as_str()).copied()).collect();
                domains.sort_unstable();
                domains.dedup();
                for domain in domains {
                    by_domain[domain].push(requirement);
                }
            }
            by_domain
        })
        .collect();
    hub.domains
        .iter()
        .enumerate()
        .map(|(index, domain)| DomainCoverage {
            domain: domain.id.clone(),
            title: domain.title.clone(),
            cells: report
                .frameworks
                .iter()
                .zip(&per_framework)
                .map(|(framework, by_domain)| DomainCell {
                    framework: framework.id.clone(),
                    coverage: coverage(by_domain[index].iter().copied()),
                })
                .collect(),
        })
        .collect()
}
