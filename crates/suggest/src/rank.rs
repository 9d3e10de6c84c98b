//! Ranking hub objectives for a requirement: BM25F (BM25 over weighted fields, each field's
//! length normalised on its own) with the requirement's words as the query, expanded with the
//! security vocabulary's synonyms.
//!
//! An objective's fields are its title, its description, what verifies it, its domain's title and
//! description, and, as knowledge borrowed from other frameworks, the titles of the requirements
//! that map onto it there and the rationales of those mappings. The caller chooses which
//! catalogs lend their mappings: never the framework being suggested for, or the measure of
//! accuracy would read the answers.

use crate::text::{words, Synonyms, Word};
use crosswalk_model::{FrameworkCatalog, Hub, Requirement};
use std::collections::BTreeMap;

/// BM25's term-frequency saturation.
const K1: f64 = 1.2;
/// BM25's length normalisation, the same for every field.
const B: f64 = 0.75;
/// How much a synonym counts against the word itself.
const SYNONYM_WEIGHT: f64 = 0.4;
/// How many matched words a candidate lists for the reviewer.
const MATCHED_SHOWN: usize = 6;

/// The fields of an objective, with how much a word found in each counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Field {
    Title,
    Description,
    VerifiedWhen,
    Domain,
    BorrowedTitles,
    BorrowedRationales,
}

impl Field {
    const ALL: [Field; 6] =
        [Field::Title, Field::Description, Field::VerifiedWhen, Field::Domain, Field::BorrowedTitles, Field::BorrowedRationales];

    fn weight(self) -> f64 {
        match self {
            Field::Title => 3.0,
            Field::Description => 1.0,
            Field::VerifiedWhen => 0.4,
            Field::Domain => 0.6,
            Field::BorrowedTitles => 0.6,
            Field::BorrowedRationales => 0.3,
        }
    }
}

/// The parts of a requirement that make its query, with how much a word in each counts.
const QUERY_TITLE: f64 = 2.0;
const QUERY_DESCRIPTION: f64 = 1.0;
const QUERY_PARENT: f64 = 0.6;
const QUERY_GROUP: f64 = 0.5;

/// One objective's words, counted per field while the index is built.
#[derive(Debug, Clone, Default)]
struct FieldCounts {
    counts: BTreeMap<Field, BTreeMap<String, f64>>,
    lengths: BTreeMap<Field, f64>,
}

/// One ranked objective.
#[derive(Debug, Clone, PartialEq)]
pub struct Ranked {
    pub objective: String,
    pub title: String,
    pub score: f64,
    /// The requirement's words that matched, strongest first; a synonym match reads
    /// `vendor → supplier`.
    pub matched: Vec<String>,
}

/// The hub, indexed for ranking.
#[derive(Debug, Clone)]
pub struct Suggester {
    objectives: Vec<(String, String)>,
    /// Per objective, each stem's BM25F frequency: the fields' weighted, length-normalised
    /// counts summed (saturated once, at scoring).
    frequencies: Vec<BTreeMap<String, f64>>,
    /// Inverse document frequency of each stem over the objectives.
    idf: BTreeMap<String, f64>,
    synonyms: Synonyms,
    /// The word as the hub (or a lent mapping) writes it, for showing a synonym match.
    surfaces: BTreeMap<String, String>,
}

impl Suggester {
    /// Indexes `hub`; `lenders` are the catalogs whose mappings add their requirements' titles
    /// and rationales to the objectives they map onto (never the catalog being suggested for).
    pub fn new(hub: &Hub, lenders: &[&FrameworkCatalog]) -> Self {
        let mut surfaces = BTreeMap::new();
        let mut documents = Vec::with_capacity(hub.objectives.len());
        for objective in &hub.objectives {
            let mut document = FieldCounts::default();
            let domain = hub.domains.iter().find(|domain| domain.id == objective.domain);
            let mut add = |field: Field, text: &str| {
                for word in words(text) {
                    surfaces.entry(word.stem.clone()).or_insert_with(|| word.surface.clone());
                    *document.counts.entry(field).or_default().entry(word.stem).or_default() += 1.0;
                    *document.lengths.entry(field).or_default() += 1.0;
                }
            };
            add(Field::Title, &objective.title);
            add(Field::Description, &objective.description);
            add(Field::VerifiedWhen, &objective.verified_when);
            if let Some(domain) = domain {
                add(Field::Domain, &domain.title);
                add(Field::Domain, &domain.description);
            }
            for catalog in lenders {
                for requirement in &catalog.requirements {
                    for mapping in requirement.mappings.iter().filter(|mapping| mapping.objective == objective.id) {
                        add(Field::BorrowedTitles, &requirement.title);
                        add(Field::BorrowedRationales, &mapping.rationale);
                    }
                }
            }
            documents.push(document);
        }
        let count = documents.len().max(1) as f64;
        let average_lengths: BTreeMap<Field, f64> = Field::ALL
            .into_iter()
            .map(|field| {
                let total: f64 = documents.iter().map(|document| document.lengths.get(&field).copied().unwrap_or(0.0)).sum();
                (field, (total / count).max(1.0))
            })
            .collect();
        let frequencies: Vec<BTreeMap<String, f64>> = documents
            .iter()
            .map(|document| {
                let mut frequencies: BTreeMap<String, f64> = BTreeMap::new();
                for (field, counts) in &document.counts {
                    let length = document.lengths.get(field).copied().unwrap_or(0.0);
                    let normaliser = 1.0 - B + B * length / average_lengths.get(field).copied().unwrap_or(1.0);
                    for (stem, number) in counts {
                        *frequencies.entry(stem.clone()).or_default() += field.weight() * number / normaliser;
                    }
                }
                frequencies
            })
            .collect();
        let mut document_frequencies: BTreeMap<&String, f64> = BTreeMap::new();
        for stem in frequencies.iter().flat_map(BTreeMap::keys) {
            *document_frequencies.entry(stem).or_default() += 1.0;
        }
        let idf = document_frequencies.into_iter().map(|(stem, df)| (stem.clone(), (1.0 + (count - df + 0.5) / (df + 0.5)).ln())).collect();
        let objectives = hub.objectives.iter().map(|objective| (objective.id.clone(), objective.title.clone())).collect();
        Self { objectives, frequencies, idf, synonyms: Synonyms::security(), surfaces }
    }

    /// The `top` best objectives for `requirement` of `catalog`, best first; ties go to the lower
    /// objective id, so the same inputs always give the same list. Objectives sharing no word
    /// with the requirement are not listed.
    pub fn rank(&self, catalog: &FrameworkCatalog, requirement: &Requirement, top: usize) -> Vec<Ranked> {
        let query = self.query(catalog, requirement);
        let mut ranked: Vec<Ranked> = self
            .frequencies
            .iter()
            .zip(&self.objectives)
            .filter_map(|(frequencies, (id, title))| {
                let mut contributions: Vec<(f64, String)> = Vec::new();
                let mut score = 0.0;
                for (stem, term) in &query {
                    let contribution = self.term_score(frequencies, stem) * term.weight;
                    if contribution > 0.0 {
                        score += contribution;
                        contributions.push((contribution, term.shown(stem, &self.surfaces)));
                    }
                }
                (score > 0.0).then(|| {
                    contributions.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
                    let mut matched: Vec<String> = Vec::new();
                    for (_, word) in contributions {
                        if !matched.contains(&word) && matched.len() < MATCHED_SHOWN {
                            matched.push(word);
                        }
                    }
                    Ranked { objective: id.clone(), title: title.clone(), score, matched }
                })
            })
            .collect();
        ranked.sort_by(|a, b| b.score.total_cmp(&a.score).then_with(|| a.objective.cmp(&b.objective)));
        ranked.truncate(top);
        ranked
    }

    /// BM25F for one stem in one objective: its frequency saturated, times its rarity.
    fn term_score(&self, frequencies: &BTreeMap<String, f64>, stem: &str) -> f64 {
        match (self.idf.get(stem), frequencies.get(stem)) {
            (Some(idf), Some(frequency)) => idf * frequency / (K1 + frequency),
            _ => 0.0,
        }
    }

    /// The requirement's words, weighted by where they stand (title, description, its parent's
    /// title, its group), each also looking for its synonyms at a lower weight.
    fn query(&self, catalog: &FrameworkCatalog, requirement: &Requirement) -> BTreeMap<String, QueryTerm> {
        let parent = requirement.parent.as_deref().and_then(|parent| catalog.requirement(parent));
        let mut parts: Vec<(f64, Vec<Word>)> = vec![
            (QUERY_TITLE, words(&requirement.title)),
            (QUERY_DESCRIPTION, words(&requirement.description)),
            (QUERY_GROUP, words(&requirement.group)),
        ];
        if let Some(parent) = parent {
            parts.push((QUERY_PARENT, words(&parent.title)));
        }
        let mut counts: BTreeMap<String, (f64, String)> = BTreeMap::new();
        for (weight, words) in parts {
            for word in words {
                let entry = counts.entry(word.stem).or_insert_with(|| (0.0, word.surface));
                entry.0 += weight;
            }
        }
        let mut query: BTreeMap<String, QueryTerm> = BTreeMap::new();
        for (stem, (count, surface)) in &counts {
            // A word repeated in a long description should not drown the others.
            let weight = count.sqrt();
            query.entry(stem.clone()).or_insert_with(|| QueryTerm { weight: 0.0, written: surface.clone(), synonym: false }).weight +=
                weight;
            for synonym in self.synonyms.of(stem) {
                if counts.contains_key(synonym) {
                    continue;
                }
                let term =
                    query.entry(synonym.clone()).or_insert_with(|| QueryTerm { weight: 0.0, written: surface.clone(), synonym: true });
                term.weight = term.weight.max(weight * SYNONYM_WEIGHT);
            }
        }
        query
    }
}

/// One stem of a requirement's query.
#[derive(Debug, Clone)]
struct QueryTerm {
    weight: f64,
    /// The requirement's word that brought it in.
    written: String,
    /// Brought in as a synonym of `written`.
    synonym: bool,
}

impl QueryTerm {
    fn shown(&self, stem: &str, surfaces: &BTreeMap<String, String>) -> String {
        match (self.synonym, surfaces.get(stem)) {
            (true, Some(hub_word)) => format!("{} → {hub_word}", self.written),
            _ => self.written.clone(),
        }
    }
}
