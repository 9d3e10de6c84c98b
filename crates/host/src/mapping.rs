//! Reading what `crosswalk map suggest` and `map apply` work on: a framework file still being
//! mapped, and a review file, each with located errors.

use crate::{located, read_text, shape_checked, Diagnostics, FileDiagnostic, SourceFile};
use crosswalk_model::validate::check_framework;
use crosswalk_model::{yaml, FieldPath, FrameworkCatalog, Hub, Problem};
use crosswalk_suggest::Review;
use std::path::{Path, PathBuf};

/// Reads and checks a framework file as `validate` does, except that requirements with neither
/// mappings nor an `unmapped` reason are accepted: they are what mapping suggestions are for.
pub fn load_framework_to_map(path: &Path, hub: &Hub) -> Result<FrameworkCatalog, Diagnostics> {
    let source = read_text(path)?;
    let guess = shape_checked(&source)?;
    let catalog: FrameworkCatalog = yaml::parse(&source.text)
        .map_err(|error| guess.annotate(&source.name, FileDiagnostic::from_parse("framework::parse", &source, &error).into()))?;
    let problems =
        check_framework(&catalog, hub).into_iter().filter(|problem| problem.code != "framework::unmapped-without-reason").collect();
    located(&source, problems)?;
    Ok(catalog)
}

/// Reads a review file (YAML, or JSON as `map suggest --format json` writes it). The source is
/// kept so `map apply` can locate the problems it finds in the entries.
pub fn read_review(path: &Path) -> Result<(SourceFile, Review), Diagnostics> {
    let source = read_text(path)?;
    let review =
        yaml::parse(&source.text).map_err(|error| Diagnostics::from(FileDiagnostic::from_parse("review::parse", &source, &error)))?;
    Ok((source, review))
}

/// The framework file a review names, when it is there: read from the folder crosswalk runs in,
/// as `map suggest` was given it. A missing one is reported at the review's `framework_file`.
pub fn reviewed_framework_file(source: &SourceFile, review: &Review) -> Result<PathBuf, Diagnostics> {
    let path = PathBuf::from(&review.framework_file);
    if path.exists() {
        return Ok(path);
    }
    let problem = Problem::new(
        "review::framework-file-missing",
        FieldPath::root().key("framework_file"),
        format!("the framework file `{}` this review is for is not there", review.framework_file),
        "run `crosswalk map apply` in the folder `map suggest` ran in, or write the framework file's path (from here) in `framework_file`",
    );
    Err(review_problems(source, vec![problem]))
}

/// Problems found in a review file's entries, located in it.
pub fn review_problems(source: &SourceFile, problems: Vec<crosswalk_model::Problem>) -> Diagnostics {
    located(source, problems).err().unwrap_or_else(|| Diagnostics(Vec::new()))
}
