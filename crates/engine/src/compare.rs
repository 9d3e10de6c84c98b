//! Which requirements of two frameworks ask the same thing: pairs that map onto a common hub
//! objective, with the relationship on each side. Catalog-only, no profile.

use crosswalk_model::{FrameworkCatalog, Relationship};
use schemars::JsonSchema;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Comparison {
    /// Framework id of the first catalog.
    pub a: String,
    /// Framework id of the second catalog.
    pub b: String,
    pub pairs: Vec<Pair>,
    /// Requirements of `a` that pair with nothing in `b` (headings left out).
    pub unpaired_a: Vec<String>,
    /// Requirements of `b` that pair with nothing in `a` (headings left out).
    pub unpaired_b: Vec<String>,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Pair {
    /// Requirement id in `a`.
    pub a: String,
    /// Requirement id in `b`.
    pub b: String,
    /// The hub objectives both map onto.
    pub via: Vec<String>,
    /// The relationship each side has to each shared objective.
    pub links: Vec<Link>,
    /// `strong` when, through some shared objective, each side is covered whole (equal or
    /// subset) or is that objective's equal; `partial` otherwise.
    pub strength: Strength,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Link {
    pub objective: String,
    pub a: Relationship,
    pub b: Relationship,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Strength {
    Strong,
    Partial,
}

/// Pairs the requirements of `a` and `b` through the hub, in `a`'s then `b`'s catalog order.
pub fn compare(a: &FrameworkCatalog, b: &FrameworkCatalog) -> Comparison {
    let mut b_by_objective: HashMap<&str, Vec<(usize, Relationship)>> = HashMap::new();
    for (position, requirement) in b.requirements.iter().enumerate() {
        for mapping in &requirement.mappings {
            b_by_objective.entry(mapping.objective.as_str()).or_default().push((position, mapping.relationship));
        }
    }
    let mut links: BTreeMap<(usize, usize), Vec<Link>> = BTreeMap::new();
    for (a_position, requirement) in a.requirements.iter().enumerate() {
        for mapping in &requirement.mappings {
            for &(b_position, b_relationship) in b_by_objective.get(mapping.objective.as_str()).into_iter().flatten() {
                links.entry((a_position, b_position)).or_default().push(Link {
                    objective: mapping.objective.clone(),
                    a: mapping.relationship,
                    b: b_relationship,
                });
            }
        }
    }
    let mut paired_a = vec![false; a.requirements.len()];
    let mut paired_b = vec![false; b.requirements.len()];
    let pairs = links
        .into_iter()
        .map(|((a_position, b_position), links)| {
            paired_a[a_position] = true;
            paired_b[b_position] = true;
            let strong = links.iter().any(|link| link.a.covers_whole() && link.b.covers_whole());
            Pair {
                a: a.requirements[a_position].id.clone(),
                b: b.requirements[b_position].id.clone(),
                via: links.iter().map(|link| link.objective.clone()).collect(),
                strength: if strong { Strength::Strong } else { Strength::Partial },
                links,
            }
        })
        .collect();
    let unpaired = |catalog: &FrameworkCatalog, paired: &[bool]| -> Vec<String> {
        catalog
            .requirements
            .iter()
            .zip(paired)
            .filter(|(r, paired)| !**paired && !r.mappings.is_empty())
            .map(|(r, _)| r.id.clone())
            .collect()
    };
    Comparison {
        a: a.framework.id.clone(),
        b: b.framework.id.clone(),
        unpaired_a: unpaired(a, &paired_a),
        unpaired_b: unpaired(b, &paired_b),
        pairs,
    }
}
