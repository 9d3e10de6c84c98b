//! Why one requirement got its verdict: its mappings with their rationale, the controls behind
//! each objective with their evidence, and the governance markers.

use crate::output::{ControlAssessment, Report, RequirementResult};
use crosswalk_model::profile::{Control, Evidence};
use crosswalk_model::{FrameworkCatalog, Profile, Requirement};
use schemars::JsonSchema;
use serde::Serialize;
use std::collections::HashMap;

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Explanation {
    pub as_of: chrono::NaiveDate,
    pub framework: String,
    /// The catalog entry: description, mappings and their rationale.
    pub requirement: Requirement,
    /// The evaluated result: verdict, reason, coverage per objective, markers.
    pub result: RequirementResult,
    /// Every control behind the result, with the evidence on file.
    pub controls: Vec<ControlEvidence>,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct ControlEvidence {
    pub assessment: ControlAssessment,
    pub evidence: Vec<Evidence>,
}

/// Explains `requirement_id` of `catalog` from an evaluated `report`; `None` when either is unknown.
pub fn explain(report: &Report, catalog: &FrameworkCatalog, profile: &Profile, requirement_id: &str) -> Option<Explanation> {
    let framework = report.frameworks.iter().find(|f| f.id == catalog.framework.id)?;
    let result = framework.requirements.iter().find(|r| r.id == requirement_id)?.clone();
    let requirement = catalog.requirement(requirement_id)?.clone();
    let assessed: HashMap<&str, &ControlAssessment> = report.controls.iter().map(|c| (c.id.as_str(), c)).collect();
    let written: HashMap<&str, &Control> = profile.controls.iter().map(|c| (c.id.as_str(), c)).collect();
    let controls = result
        .controls
        .iter()
        .filter_map(|id| {
            let assessment = (*assessed.get(id.as_str())?).clone();
            let mut evidence = written.get(id.as_str())?.evidence.clone();
            evidence.sort_by_key(|e| std::cmp::Reverse(e.effective));
            Some(ControlEvidence { assessment, evidence })
        })
        .collect();
    Some(Explanation { as_of: report.as_of, framework: framework.id.clone(), requirement, result, controls })
}
