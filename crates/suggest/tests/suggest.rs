//! Ranking and the review round trip on small, hand-written catalogs: what ranks first and why,
//! determinism, and every refusal of `apply`, each at its field.

use crosswalk_model::{yaml, FrameworkCatalog, Hub, Mapping, Relationship};
use crosswalk_suggest::{apply, review, Review, Suggester};

fn hub() -> Hub {
    yaml::parse(include_str!("../../../frameworks/hub.yaml")).unwrap_or_else(|error| panic!("{}", error.message))
}

fn catalog(requirements: &str) -> FrameworkCatalog {
    let text = format!("framework: {{id: new, name: New, version: '1', publisher: Us}}\nrequirements:\n{requirements}");
    yaml::parse(&text).unwrap_or_else(|error| panic!("{}", error.message))
}

const UNMAPPED: &str =
    "  - {id: R1, title: Restore tests, group: operations, description: Backups are restored on a schedule to prove the data comes back.}
  - {id: R2, title: Vendor due diligence, group: operations, description: Vendors are vetted before a contract is signed.}
  - {id: R3, title: Zebra, group: zzz, description: Qwerty.}
  - {id: R4, title: Governance only, group: operations, description: Board minutes., unmapped: {reason: governance, note: none}}
  - {id: R5, title: Mapped, group: operations, description: Malware., mappings: [{objective: OPS-02, relationship: equal, rationale: x}]}
";

#[test]
fn the_objective_sharing_the_requirements_words_ranks_first_and_says_why() {
    let hub = hub();
    let catalog = catalog(UNMAPPED);
    let suggester = Suggester::new(&hub, &[]);
    let restore = suggester.rank(&catalog, &catalog.requirements[0], 3);
    assert!(restore[0].objective.starts_with("BCK-"), "{restore:?}");
    assert!(restore[0].matched.iter().any(|word| word == "restore" || word == "backups"), "{restore:?}");
    assert!(restore.windows(2).all(|pair| pair[0].score >= pair[1].score));
    // `vendor` is not a hub word: the synonym finds the suppliers.
    let vendor = suggester.rank(&catalog, &catalog.requirements[1], 3);
    assert!(vendor[0].objective.starts_with("SUP-"), "{vendor:?}");
    assert!(vendor[0].matched.iter().any(|word| word.starts_with("vendor → ")), "{vendor:?}");
    // Near miss: nothing in common, nothing suggested.
    assert!(suggester.rank(&catalog, &catalog.requirements[2], 3).is_empty());
}

#[test]
fn a_review_lists_only_the_requirements_still_to_map_and_is_deterministic() {
    let hub = hub();
    let catalog = catalog(UNMAPPED);
    let suggester = Suggester::new(&hub, &[]);
    let first = review(&catalog, &suggester, "new.yaml", 2);
    let ids: Vec<&str> = first.requirements.iter().map(|entry| entry.id.as_str()).collect();
    assert_eq!(ids, ["R1", "R2", "R3"]);
    assert!(first.requirements.iter().all(|entry| entry.candidates.len() <= 2 && entry.accept.is_empty()));
    let again = review(&catalog, &Suggester::new(&hub, &[]), "new.yaml", 2);
    assert_eq!(format!("{first:?}"), format!("{again:?}"));
}

fn accepted(objective: &str, rationale: &str) -> Mapping {
    Mapping { objective: objective.to_owned(), relationship: Relationship::Subset, rationale: rationale.to_owned() }
}

fn reviewed(accepts: Vec<(usize, Mapping)>) -> (Review, FrameworkCatalog) {
    let catalog = catalog(UNMAPPED);
    let mut review = review(&catalog, &Suggester::new(&hub(), &[]), "new.yaml", 3);
    for (index, mapping) in accepts {
        review.requirements[index].accept.push(mapping);
    }
    (review, catalog)
}

#[test]
fn apply_adds_exactly_the_accepted_mappings() {
    let (review, catalog) = reviewed(vec![(0, accepted("BCK-02", "  Restores are rehearsed. ")), (1, accepted("SUP-01", "Vetting."))]);
    let applied = apply(&review, &catalog, &hub()).unwrap_or_else(|problems| panic!("{problems:?}"));
    assert_eq!((applied.mappings_added, applied.requirements_mapped, applied.still_unmapped), (2, 2, 1));
    let restore = &applied.catalog.requirements[0];
    assert_eq!((restore.mappings[0].objective.as_str(), restore.mappings[0].rationale.as_str()), ("BCK-02", "Restores are rehearsed."));
    assert!(applied.catalog.requirements[2].mappings.is_empty());
    assert_eq!(applied.catalog.requirements[4].mappings.len(), 1, "mapped requirements are left as they were");
}

fn refusals(review: &Review, catalog: &FrameworkCatalog) -> Vec<(String, &'static str)> {
    match apply(review, catalog, &hub()) {
        Ok(_) => Vec::new(),
        Err(problems) => problems.into_iter().map(|problem| (problem.path.to_string(), problem.code)).collect(),
    }
}

#[test]
fn apply_refuses_a_bad_entry_at_its_field() {
    let (review, catalog) = reviewed(vec![
        (0, accepted("BCK-99", "x")),
        (0, accepted("BCK-01", " ")),
        (1, accepted("SUP-01", "a")),
        (1, accepted("SUP-01", "b")),
    ]);
    assert_eq!(
        refusals(&review, &catalog),
        [
            ("requirements[0].accept[0].objective".to_owned(), "review::unknown-objective"),
            ("requirements[0].accept[1].rationale".to_owned(), "review::empty-rationale"),
            ("requirements[1].accept[1].objective".to_owned(), "review::duplicate-mapping"),
        ]
    );
}

#[test]
fn apply_refuses_a_requirement_that_is_unknown_mapped_meanwhile_or_reviewed_twice() {
    let (mut review, catalog) = reviewed(vec![(0, accepted("BCK-01", "x"))]);
    let mut extra = review.requirements[0].clone();
    review.requirements.push(extra.clone());
    extra.id = "R9".to_owned();
    review.requirements.push(extra.clone());
    extra.id = "R5".to_owned();
    review.requirements.push(extra);
    assert_eq!(
        refusals(&review, &catalog),
        [
            ("requirements[3].id".to_owned(), "review::duplicate-requirement"),
            ("requirements[4].id".to_owned(), "review::unknown-requirement"),
            ("requirements[5].id".to_owned(), "review::already-mapped"),
        ]
    );
    // An entry accepting nothing asks for nothing, wherever it points.
    let (mut review, catalog) = reviewed(vec![]);
    review.requirements[0].id = "R9".to_owned();
    assert!(refusals(&review, &catalog).is_empty());
    review.framework = "other".to_owned();
    assert_eq!(refusals(&review, &catalog), [("framework".to_owned(), "review::other-framework")]);
}

#[test]
fn a_written_review_reads_back_in_both_formats() {
    use crosswalk_suggest::{review_text, FileFormat};
    let (review, _) = reviewed(vec![(0, accepted("BCK-02", "Restores are rehearsed."))]);
    for format in [FileFormat::Yaml, FileFormat::Json] {
        let text = review_text(&review, format).unwrap_or_else(|error| panic!("{error}"));
        let back: Review = yaml::parse(&text).unwrap_or_else(|error| panic!("{format:?}: {}", error.message));
        assert_eq!(format!("{back:?}"), format!("{review:?}"), "{format:?}");
    }
}

#[test]
fn an_unknown_objective_suggests_the_closest_hub_ids_and_the_entrys_candidates() {
    let (review, catalog) = reviewed(vec![(0, accepted("BCK-22", "x"))]);
    let Err(problems) = apply(&review, &catalog, &hub()) else { panic!("BCK-22 is not a hub objective") };
    let hint = &problems[0].hint;
    assert!(hint.starts_with("did you mean BCK-02"), "{hint}");
    let candidates: Vec<&str> = review.requirements[0].candidates.iter().map(|c| c.objective.as_str()).collect();
    assert!(!candidates.is_empty());
    assert!(hint.contains(&format!("this requirement's candidates are {}", candidates.join(", "))), "{hint}");
    assert!(!hint.contains("IAM-03") || candidates.contains(&"IAM-03"), "no unrelated objective: {hint}");
}
