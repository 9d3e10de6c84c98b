//! The review file: what `map suggest` writes (each unmapped requirement with its ranked
//! candidates and an empty `accept` list) and what `map apply` reads back once a person has
//! filled in the mappings they accept. Suggestions never become mappings without that step.

use crate::rank::Suggester;
use crosswalk_model::{FieldPath, FrameworkCatalog, Hub, Mapping, Problem, Requirement};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, HashSet};

/// A review file.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Review {
    /// The framework file the suggestions are for, as it was named to `map suggest`; `map apply`
    /// reads it from there (relative to the folder it runs in).
    pub framework_file: String,
    /// That file's `framework.id`; `map apply` checks the file still carries it.
    pub framework: String,
    /// Every requirement that had neither mappings nor an `unmapped` reason, in catalog order.
    pub requirements: Vec<ReviewEntry>,
}

/// One unmapped requirement to review.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReviewEntry {
    /// The requirement's id in the framework file.
    pub id: String,
    /// Its title, for the reviewer; not read back.
    #[serde(default)]
    pub title: String,
    /// The ranked hub objectives, best first; not read back.
    #[serde(default)]
    pub candidates: Vec<Candidate>,
    /// The mappings the reviewer accepts (objective, relationship, rationale), any hub objective,
    /// a candidate or not; empty leaves the requirement unmapped.
    #[serde(default)]
    pub accept: Vec<Mapping>,
}

/// One suggested hub objective.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Candidate {
    /// A hub objective id.
    pub objective: String,
    /// Its title.
    pub title: String,
    /// How well it matched (BM25F, two decimals): comparable within one requirement only.
    pub score: f64,
    /// The requirement's words that matched, strongest first; `vendor → supplier` is a synonym
    /// match.
    pub matched: Vec<String>,
}

/// The requirements still to be mapped: no mappings and no `unmapped` reason.
pub fn unmapped(catalog: &FrameworkCatalog) -> impl Iterator<Item = &Requirement> {
    catalog.requirements.iter().filter(|requirement| requirement.mappings.is_empty() && requirement.unmapped.is_none())
}

/// The review of `catalog` (read from `framework_file`): the `top` candidates of every unmapped
/// requirement.
pub fn review(catalog: &FrameworkCatalog, suggester: &Suggester, framework_file: &str, top: usize) -> Review {
    let requirements = unmapped(catalog)
        .map(|requirement| ReviewEntry {
            id: requirement.id.clone(),
            title: requirement.title.clone(),
            candidates: suggester
                .rank(catalog, requirement, top)
                .into_iter()
                .map(|ranked| Candidate {
                    objective: ranked.objective,
                    title: ranked.title,
                    score: (ranked.score * 100.0).round() / 100.0,
                    matched: ranked.matched,
                })
                .collect(),
            accept: Vec::new(),
        })
        .collect();
    Review { framework_file: framework_file.to_owned(), framework: catalog.framework.id.clone(), requirements }
}

/// What applying a review did.
#[derive(Debug, Clone)]
pub struct Applied {
    /// The framework with the accepted mappings added.
    pub catalog: FrameworkCatalog,
    pub mappings_added: usize,
    pub requirements_mapped: usize,
    /// Requirements that are still without mappings or reason.
    pub still_unmapped: usize,
}

/// Adds the accepted mappings of `review` to `catalog`. Every entry is checked first (the
/// requirement exists and is still unmapped, each objective is in the hub and accepted once, each
/// rationale says something); any problem, located in the review file, refuses the whole review.
pub fn apply(review: &Review, catalog: &FrameworkCatalog, hub: &Hub) -> Result<Applied, Vec<Problem>> {
    let mut problems = Vec::new();
    if review.framework != catalog.framework.id {
        problems.push(Problem::new(
            "review::other-framework",
            FieldPath::root().key("framework"),
            format!("the review is for `{}`, but {} is framework `{}`", review.framework, review.framework_file, catalog.framework.id),
            "apply a review to the framework file it was suggested for, or run `crosswalk map suggest` again",
        ));
    }
    let objectives: HashSet<&str> = hub.objectives.iter().map(|objective| objective.id.as_str()).collect();
    let still_open: HashSet<&str> = unmapped(catalog).map(|requirement| requirement.id.as_str()).collect();
    let mut seen = BTreeSet::new();
    let root = FieldPath::root().key("requirements");
    for (index, entry) in review.requirements.iter().enumerate() {
        let path = root.index(index);
        if !seen.insert(entry.id.as_str()) {
            problems.push(Problem::new(
                "review::duplicate-requirement",
                path.key("id"),
                format!("requirement `{}` is reviewed twice", entry.id),
                "keep one entry per requirement and put every accepted mapping in its `accept` list",
            ));
        }
        if entry.accept.is_empty() {
            continue;
        }
        match catalog.requirement(&entry.id) {
            None => problems.push(Problem::new(
                "review::unknown-requirement",
                path.key("id"),
                format!("`{}` is not a requirement of {}", entry.id, review.framework_file),
                "the id must be one of the framework file's requirement ids; run `crosswalk map suggest` again if the file changed",
            )),
            Some(_) if !still_open.contains(entry.id.as_str()) => problems.push(Problem::new(
                "review::already-mapped",
                path.key("id"),
                format!("requirement `{}` already has mappings or an `unmapped` reason in {}", entry.id, review.framework_file),
                "edit its mappings in the framework file itself, or empty this entry's `accept` list",
            )),
            Some(_) => {}
        }
        let mut accepted = HashSet::new();
        for (mapping_index, mapping) in entry.accept.iter().enumerate() {
            let mapping_path = path.key("accept").index(mapping_index);
            if !objectives.contains(mapping.objective.as_str()) {
                problems.push(Problem::new(
                    "review::unknown-objective",
                    mapping_path.key("objective"),
                    format!("`{}` is not a hub objective", mapping.objective),
                    objective_hint(&mapping.objective, &objectives, entry),
                ));
            } else if !accepted.insert(mapping.objective.as_str()) {
                problems.push(Problem::new(
                    "review::duplicate-mapping",
                    mapping_path.key("objective"),
                    format!("`{}` is accepted twice for requirement `{}`", mapping.objective, entry.id),
                    "accept each objective once, with the one relationship that fits",
                ));
            }
            if mapping.rationale.trim().is_empty() {
                problems.push(Problem::new(
                    "review::empty-rationale",
                    mapping_path.key("rationale"),
                    "an accepted mapping needs a one-line rationale",
                    "say in your own words why this objective answers (part of) the requirement",
                ));
            }
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut catalog = catalog.clone();
    let mut mappings_added = 0;
    let mut requirements_mapped = 0;
    for entry in review.requirements.iter().filter(|entry| !entry.accept.is_empty()) {
        if let Some(requirement) = catalog.requirements.iter_mut().find(|requirement| requirement.id == entry.id) {
            requirement.mappings =
                entry.accept.iter().map(|mapping| Mapping { rationale: mapping.rationale.trim().to_owned(), ..mapping.clone() }).collect();
            mappings_added += entry.accept.len();
            requirements_mapped += 1;
        }
    }
    let still_unmapped = unmapped(&catalog).count();
    Ok(Applied { catalog, mappings_added, requirements_mapped, still_unmapped })
}

/// What heads a review file written as YAML: how to fill it in.
const REVIEW_HEADER: &str = "\
# Mapping suggestions from `crosswalk map suggest`: ranked hub objectives for each requirement
# that has no mapping yet. Nothing here is a mapping until you accept it. For each requirement,
# read the candidates (the words that matched say why each is there), then list under `accept`
# the objectives that answer it, each with its relationship and a rationale in your own words:
#
#   accept:
#     - objective: BCK-02
#       relationship: subset      # equal | subset | superset | intersects
#       rationale: Restores are rehearsed on the schedule this requirement asks for.
#
# Leave `accept: []` to keep a requirement unmapped. Then run
# `crosswalk map apply THIS_FILE -o NEW_FRAMEWORK_FILE` and review the framework file it writes.
";

/// How `map suggest` and `map apply` write their files: YAML for a person (the default), JSON
/// for a pipeline; both are read back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileFormat {
    Yaml,
    Json,
}

/// The review file's text, a YAML one headed by how to fill it in.
pub fn review_text(review: &Review, format: FileFormat) -> Result<String, String> {
    match format {
        FileFormat::Yaml => Ok(format!("{REVIEW_HEADER}{}", crosswalk_model::yaml::to_string(review)?)),
        FileFormat::Json => json(review),
    }
}

/// The framework file `map apply` writes, a YAML one headed by where it came from and what to do
/// with it.
pub fn framework_text(catalog: &FrameworkCatalog, review_file: &str, format: FileFormat) -> Result<String, String> {
    match format {
        FileFormat::Yaml => Ok(format!(
            "# Written by `crosswalk map apply` from {review_file}: review the added mappings before using it.\n\
             # Comments and layout of the original framework file are not kept.\n{}",
            crosswalk_model::yaml::to_string(catalog)?
        )),
        FileFormat::Json => json(catalog),
    }
}

fn json<T: Serialize>(value: &T) -> Result<String, String> {
    serde_json::to_string_pretty(value).map(|text| text + "\n").map_err(|error| error.to_string())
}

/// How many hub objective ids an unknown objective suggests.
const SUGGESTED_OBJECTIVES: usize = 3;

/// For an accepted objective the hub lacks: the hub objective ids closest to it (fewest edits,
/// ignoring case, within a third of its length), then the entry's own candidates.
fn objective_hint(written: &str, objectives: &HashSet<&str>, entry: &ReviewEntry) -> String {
    let written_lower = written.to_lowercase();
    let mut ranked: Vec<(usize, &str)> = objectives
        .iter()
        .map(|id| (crosswalk_model::validate::edit_distance(&written_lower, &id.to_lowercase()), *id))
        .filter(|(distance, _)| *distance <= (written.chars().count() / 3).max(1))
        .collect();
    ranked.sort_unstable();
    let closest: Vec<&str> = ranked.into_iter().take(SUGGESTED_OBJECTIVES).map(|(_, id)| id).collect();
    let mut hint = String::new();
    if !closest.is_empty() {
        hint.push_str(&format!("did you mean {}? ", closest.join(", ")));
    }
    let candidates: Vec<&str> = entry.candidates.iter().map(|candidate| candidate.objective.as_str()).collect();
    if !candidates.is_empty() {
        hint.push_str(&format!("this requirement's candidates are {}; ", candidates.join(", ")));
    }
    hint.push_str("list every hub objective with `crosswalk catalog hub`");
    hint
}
