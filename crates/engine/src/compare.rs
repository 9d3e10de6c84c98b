//! Which requirements of two frameworks ask the same thing: pairs that map onto a common hub
//! objective, with the relationship on each side. Catalog-only, no profile.

use crosswalk_model::framework::UnmappedReason;
use crosswalk_model::{FrameworkCatalog, Mapping, Relationship, Requirement};
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
    /// Requirements of `a` that pair with nothing in `b`: mapped onto no objective `b` maps, or
    /// onto none at all (not mapped yet, a governance decision); headings left out.
    pub unpaired_a: Vec<String>,
    /// Requirements of `b` that pair with nothing in `a`, as for `unpaired_a`.
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
    /// `strong` when covering the objectives both share meets both requirements: through one
    /// shared objective each side is covered whole (equal or subset), or both are made of the
    /// same superset parts; `partial` otherwise.
    pub strength: Strength,
    /// Why the pair is strong or partial, in one sentence.
    pub reason: String,
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
            let (a_requirement, b_requirement) = (&a.requirements[a_position], &b.requirements[b_position]);
            let (strength, reason) = strength(a_requirement, b_requirement, &links);
            Pair {
                a: a_requirement.id.clone(),
                b: b_requirement.id.clone(),
                via: links.iter().map(|link| link.objective.clone()).collect(),
                strength,
                reason,
                links,
            }
        })
        .collect();
    let unpaired = |catalog: &FrameworkCatalog, paired: &[bool]| -> Vec<String> {
        catalog
            .requirements
            .iter()
            .zip(paired)
            // A requirement mapped onto nothing (not mapped yet, or settled by a governance
            // decision) has no counterpart either; only a heading is shown by its parts.
            .filter(|(r, paired)| !**paired && !r.unmapped.as_ref().is_some_and(|u| u.reason == UnmappedReason::Heading))
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

/// The ways the `shared` objectives alone meet `requirement`, each as the set of objectives it
/// rests on: a whole-covering (equal or subset) objective, or all its superset parts (two or
/// more), as the verdict rule reads them. Overlapping (`intersects`) objectives never count.
fn bases(requirement: &Requirement, shared: &[&str]) -> Vec<Vec<String>> {
    let is_shared = |mapping: &&Mapping| shared.contains(&mapping.objective.as_str());
    let mut bases: Vec<Vec<String>> = requirement
        .mappings
        .iter()
        .filter(|m| m.relationship.covers_whole())
        .filter(is_shared)
        .map(|m| vec![m.objective.clone()])
        .collect();
    let parts: Vec<&Mapping> = requirement.mappings.iter().filter(|m| m.relationship == Relationship::Superset).collect();
    if parts.len() >= 2 && parts.iter().all(is_shared) {
        let mut objectives: Vec<String> = parts.iter().map(|m| m.objective.clone()).collect();
        objectives.sort();
        bases.push(objectives);
    }
    bases
}

/// A pair is strong when both requirements are met by the same shared objectives, so meeting
/// one through them meets the other; partial otherwise, saying what else each side needs.
fn strength(a: &Requirement, b: &Requirement, links: &[Link]) -> (Strength, String) {
    let shared: Vec<&str> = links.iter().map(|link| link.objective.as_str()).collect();
    let (a_bases, b_bases) = (bases(a, &shared), bases(b, &shared));
    if let Some(common) = a_bases.iter().find(|basis| b_bases.contains(basis)) {
        let through = if common.len() == 1 { common[0].clone() } else { format!("their common parts {}", common.join(" + ")) };
        return (Strength::Strong, format!("both are met through {through}"));
    }
    let needs = |requirement: &Requirement, bases: &[Vec<String>]| -> String {
        if !bases.is_empty() {
            return format!("{} is met through {}", requirement.id, bases.iter().map(|b| b.join(" + ")).collect::<Vec<_>>().join(" or "));
        }
        let missing: Vec<String> = requirement
            .mappings
            .iter()
            .filter(|m| m.relationship != Relationship::Intersects && !shared.contains(&m.objective.as_str()))
            .map(|m| format!("{} ({})", m.objective, m.relationship))
            .collect();
        if missing.is_empty() {
            format!("{} needs more than one superset part", requirement.id)
        } else {
            format!("{} also needs {}", requirement.id, missing.join(", "))
        }
    };
    (Strength::Partial, format!("they overlap, but {}; {}", needs(a, &a_bases), needs(b, &b_bases)))
}

#[cfg(test)]
mod tests {
    use super::compare;
    use crosswalk_model::FrameworkCatalog;

    fn catalog(id: &str, requirements: &str) -> FrameworkCatalog {
        let text = format!("framework: {{ id: {id}, name: {id}, version: \"1\", publisher: tests }}\nrequirements:\n{requirements}");
        crosswalk_model::yaml::parse(&text).unwrap_or_else(|error| panic!("{error:?}\n{text}"))
    }

    #[test]
    fn requirements_mapped_onto_nothing_have_no_counterpart_on_either_side() {
        let a = catalog(
            "alpha",
            "  - { id: A-HEAD, title: Heading, group: g, description: T., unmapped: { reason: heading, note: T. } }\n\
             \x20 - { id: A-1, title: Paired, group: g, parent: A-HEAD, description: T., mappings: [{ objective: GOV-01, relationship: equal, rationale: T. }] }\n\
             \x20 - { id: A-2, title: Not mapped yet, group: g, parent: A-HEAD, description: T. }\n\
             \x20 - { id: A-3, title: Decided, group: g, description: T., unmapped: { reason: governance, note: T. } }\n",
        );
        let b = catalog(
            "beta",
            "  - { id: B-1, title: Paired, group: g, description: T., mappings: [{ objective: GOV-01, relationship: subset, rationale: T. }] }\n\
             \x20 - { id: B-2, title: Elsewhere, group: g, description: T., mappings: [{ objective: BCK-01, relationship: equal, rationale: T. }] }\n\
             \x20 - { id: B-3, title: Not mapped yet, group: g, description: T. }\n",
        );
        let comparison = compare(&a, &b);
        assert_eq!(comparison.pairs.len(), 1);
        assert_eq!(comparison.unpaired_a, ["A-2", "A-3"], "the heading is shown by its parts");
        assert_eq!(comparison.unpaired_b, ["B-2", "B-3"]);
    }
}
