//! Mapping suggestions for a framework being mapped onto the hub: ranks hub objectives for each
//! requirement that has no mappings yet ([`Suggester`]), writes them as a [`Review`] a person
//! fills in, applies the mappings they accepted ([`apply`]) and measures how often the right
//! objective comes first ([`accuracy`]).
//!
//! **Invariant:** pure and deterministic. No file system, no clock; the same hub, catalogs and
//! framework give the same ranking (ties go to the lower objective id), and nothing becomes a
//! mapping unless a person accepted it in the review.

pub mod accuracy;
pub mod rank;
pub mod review;
pub mod text;

pub use accuracy::Accuracy;
pub use rank::{Ranked, Suggester};
pub use review::{apply, framework_text, review, review_text, unmapped, Applied, Candidate, FileFormat, Review, ReviewEntry};
