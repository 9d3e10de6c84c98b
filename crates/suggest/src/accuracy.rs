//! How good the suggestions are, measured on the built-in catalogs with their mappings hidden:
//! for each mapped requirement (headings and governance-only ones have no answer to find), is an
//! objective the catalog maps it onto ranked first, or within the first three?
//!
//! Leave one framework out: the framework under test lends nothing; the others lend their
//! requirements' titles and rationales, as they would to a new framework.

use crate::rank::Suggester;
use crosswalk_model::{FrameworkCatalog, Hub};

/// The figures for one framework, or for all of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Accuracy {
    /// Requirements measured: those the catalog maps onto at least one objective.
    pub requirements: usize,
    /// How often a correct objective was ranked first.
    pub top1: usize,
    /// How often a correct objective was within the first three.
    pub top3: usize,
}

impl Accuracy {
    pub fn top1_percent(&self) -> f64 {
        percent(self.top1, self.requirements)
    }

    pub fn top3_percent(&self) -> f64 {
        percent(self.top3, self.requirements)
    }

    fn add(&mut self, other: Accuracy) {
        self.requirements += other.requirements;
        self.top1 += other.top1;
        self.top3 += other.top3;
    }
}

fn percent(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        100.0 * part as f64 / whole as f64
    }
}

/// Each catalog's accuracy, by framework id in the catalogs' order, then the total over all.
pub fn measure(hub: &Hub, catalogs: &[&FrameworkCatalog]) -> (Vec<(String, Accuracy)>, Accuracy) {
    let mut total = Accuracy::default();
    let per_framework = catalogs
        .iter()
        .map(|catalog| {
            let lenders: Vec<&FrameworkCatalog> =
                catalogs.iter().copied().filter(|other| other.framework.id != catalog.framework.id).collect();
            let accuracy = measure_one(&Suggester::new(hub, &lenders), catalog);
            total.add(accuracy);
            (catalog.framework.id.clone(), accuracy)
        })
        .collect();
    (per_framework, total)
}

/// The accuracy of `suggester` on `catalog`, whose own mappings are only read as the answers.
pub fn measure_one(suggester: &Suggester, catalog: &FrameworkCatalog) -> Accuracy {
    let mut accuracy = Accuracy::default();
    for requirement in catalog.requirements.iter().filter(|requirement| !requirement.mappings.is_empty()) {
        let ranked = suggester.rank(catalog, requirement, 3);
        let correct = |rank: &crate::rank::Ranked| requirement.mappings.iter().any(|mapping| mapping.objective == rank.objective);
        accuracy.requirements += 1;
        if ranked.first().is_some_and(correct) {
            accuracy.top1 += 1;
        }
        if ranked.iter().any(correct) {
            accuracy.top3 += 1;
        }
    }
    accuracy
}
