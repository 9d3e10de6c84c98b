//! The layout of each command's output, written once for text and Markdown.

use crate::document::Document;
use crate::ReportLayout;
use crosswalk_engine::{Comparison, Explanation, Marker, Report, RequirementResult, Strength};
use crosswalk_model::{Domain, FrameworkCatalog, Hub, Objective, Relationship, Requirement, Signal, Verdict};
use schemars::JsonSchema;
use serde::Serialize;
use std::collections::HashMap;

/// One loaded framework, as `crosswalk frameworks` lists it.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct FrameworkSummary {
    pub id: String,
    pub name: String,
    pub version: String,
    pub publisher: String,
    /// Where the plugin comes from: `built-in`, or the path of the framework file it was loaded
    /// from (from `crosswalk.yaml` or `--framework-file`).
    pub source: String,
    /// Number of requirements in its catalog.
    pub requirements: usize,
}

/// What `crosswalk plugin check` found a plugin library to declare, every check having passed.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct PluginCheck {
    /// The library file, resolved.
    pub file: String,
    /// Its sha256 (lowercase hex): the pin to write in `crosswalk.yaml`.
    pub sha256: String,
    /// Whether a pin was given (and matched).
    pub pinned: bool,
    pub abi_version: u32,
    /// The framework id it provides.
    pub id: String,
    /// Its catalog's framework name and version.
    pub name: String,
    pub framework_version: String,
    /// The plugin crate's version, and the plugin SDK version it was built with.
    pub plugin_version: String,
    pub sdk_version: String,
    /// Number of requirements in its catalog.
    pub requirements: usize,
    /// Whether it declares a `scope.<id>` section schema.
    pub scope_schema: bool,
    /// The checks it passed, in the order they ran.
    pub checks: Vec<String>,
}

/// A framework's catalog, as `crosswalk catalog FRAMEWORK` shows it.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct CatalogView {
    pub id: String,
    pub name: String,
    pub version: String,
    pub publisher: String,
    pub requirements: Vec<Requirement>,
}

impl CatalogView {
    pub fn new(catalog: &FrameworkCatalog) -> Self {
        Self {
            id: catalog.framework.id.clone(),
            name: catalog.framework.name.clone(),
            version: catalog.framework.version.clone(),
            publisher: catalog.framework.publisher.clone(),
            requirements: catalog.requirements.clone(),
        }
    }
}

/// The hub, as `crosswalk catalog hub` shows it: every objective with the requirements of the
/// loaded frameworks that map onto it.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct HubView {
    pub version: String,
    pub domains: Vec<Domain>,
    pub objectives: Vec<HubObjective>,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct HubObjective {
    #[serde(flatten)]
    pub objective: Objective,
    /// Requirements of the loaded frameworks that map onto this objective, in framework and
    /// catalog order.
    pub mapped_by: Vec<MappedBy>,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct MappedBy {
    pub framework: String,
    pub requirement: String,
    pub relationship: Relationship,
}

impl HubView {
    pub fn new(hub: &Hub, catalogs: &[&FrameworkCatalog]) -> Self {
        let mut mapped_by: HashMap<&str, Vec<MappedBy>> = HashMap::new();
        for catalog in catalogs {
            for requirement in &catalog.requirements {
                for mapping in &requirement.mappings {
                    mapped_by.entry(mapping.objective.as_str()).or_default().push(MappedBy {
                        framework: catalog.framework.id.clone(),
                        requirement: requirement.id.clone(),
                        relationship: mapping.relationship,
                    });
                }
            }
        }
        Self {
            version: hub.version.clone(),
            domains: hub.domains.clone(),
            objectives: hub
                .objectives
                .iter()
                .map(|objective| HubObjective {
                    objective: objective.clone(),
                    mapped_by: mapped_by.remove(objective.id.as_str()).unwrap_or_default(),
                })
                .collect(),
        }
    }
}

pub(crate) fn frameworks(summaries: &[FrameworkSummary], mut doc: Document) -> String {
    doc.heading("Frameworks");
    doc.table(
        &["id", "name", "version", "source", "requirements"],
        summaries
            .iter()
            .map(|s| vec![s.id.clone(), s.name.clone(), s.version.clone(), s.source.clone(), s.requirements.to_string()])
            .collect(),
    );
    doc.finish()
}

pub(crate) fn plugin_check(check: &PluginCheck, mut doc: Document) -> String {
    doc.title(&format!("ok: plugin `{}` ({}, version {}) passed every check", check.id, check.name, check.framework_version));
    let pin = if check.pinned { "matches the pin" } else { "no pin given" };
    let scope = if check.scope_schema { format!("declares `scope.{}`", check.id) } else { "takes no scope section".to_owned() };
    let rows = [
        ("file", check.file.clone()),
        ("sha256", format!("{} ({pin})", check.sha256)),
        ("plugin version", check.plugin_version.clone()),
        ("SDK version", check.sdk_version.clone()),
        ("ABI version", check.abi_version.to_string()),
        ("requirements", check.requirements.to_string()),
        ("scope section", scope),
        ("checks passed", check.checks.join(", ")),
    ];
    doc.table(&["field", "value"], rows.into_iter().map(|(field, value)| vec![field.to_owned(), value]).collect());
    doc.finish()
}

pub(crate) fn validation(validation: &Validation, mut doc: Document) -> String {
    if validation.valid {
        doc.paragraph(&format!("ok: {} is a valid {}: {}", validation.file, validation.kind, validation.summary));
        if !validation.findings.is_empty() {
            doc.paragraph(&format!("{} to finish (they do not stop it loading):", count(validation.findings.len(), "finding")));
            finding_list(&validation.findings, &mut doc);
        }
    } else {
        doc.paragraph(&format!("{} is not a valid {}: {}", validation.file, validation.kind, count(validation.problems.len(), "problem")));
        problem_list(&validation.problems, &mut doc);
    }
    doc.finish()
}

/// The code of a requirement not mapped yet: on a large imported framework there are hundreds.
const NOT_MAPPED_YET: &str = "framework::not-mapped-yet";

/// Above this many requirements not mapped yet, text and Markdown show them as one finding.
const NOT_MAPPED_LISTED: usize = 3;

/// How many requirement ids a grouped not-mapped finding names.
const NOT_MAPPED_NAMED: usize = 10;

/// A valid file's findings: each located with its hint, except requirements not mapped yet, which
/// above [`NOT_MAPPED_LISTED`] become one finding naming the count, the first ids and one hint
/// (JSON keeps one entry per requirement).
fn finding_list(findings: &[ValidationProblem], doc: &mut Document) {
    let (not_mapped, others): (Vec<&ValidationProblem>, Vec<&ValidationProblem>) =
        findings.iter().partition(|finding| finding.code == NOT_MAPPED_YET);
    if not_mapped.len() <= NOT_MAPPED_LISTED {
        return problem_list(findings, doc);
    }
    let others: Vec<ValidationProblem> = others.into_iter().cloned().collect();
    // The message names the requirement between backticks (`framework_findings` in the model).
    let ids: Vec<String> = not_mapped
        .iter()
        .take(NOT_MAPPED_NAMED)
        .map(|finding| doc.code(finding.message.split('`').nth(1).unwrap_or(&finding.field)))
        .collect();
    let more = match not_mapped.len() - ids.len() {
        0 => String::new(),
        more => format!(" and {more} more"),
    };
    let first = not_mapped[0];
    let at = match (first.line, first.column) {
        (Some(line), Some(column)) => format!("{}:{line}:{column}", first.file),
        _ => first.file.clone(),
    };
    let grouped = format!(
        "{at}: {} requirements are not mapped yet: {}{more}; reports show them as not-mapped, never met ({NOT_MAPPED_YET})",
        not_mapped.len(),
        ids.join(", ")
    );
    doc.list(&[(grouped, vec![format!("hint: {}", doc.quoted(&first.hint))])]);
    if !others.is_empty() {
        problem_list(&others, doc);
    }
}

/// Located problems, each with its hint.
fn problem_list(problems: &[ValidationProblem], doc: &mut Document) {
    let items: Vec<(String, Vec<String>)> = problems
        .iter()
        .map(|p| {
            let at = match (p.line, p.column) {
                (Some(line), Some(column)) => format!("{}:{line}:{column}", p.file),
                _ => p.file.clone(),
            };
            let field = if p.field.is_empty() { String::new() } else { format!(" {}", doc.code(&p.field)) };
            (format!("{at}{field}: {} ({})", doc.quoted(&p.message), p.code), vec![format!("hint: {}", doc.quoted(&p.hint))])
        })
        .collect();
    doc.list(&items);
}

pub(crate) fn catalog(view: &CatalogView, mut doc: Document) -> String {
    doc.title(&format!("{} ({}) - {} requirements", view.name, view.version, view.requirements.len()));
    let rows = view
        .requirements
        .iter()
        .map(|r| {
            let mappings = match &r.unmapped {
                Some(unmapped) => format!("unmapped: {}", serde_plain(&unmapped.reason)),
                None if r.mappings.is_empty() => "not mapped yet".to_owned(),
                None => r.mappings.iter().map(|m| format!("{} ({})", m.objective, m.relationship)).collect::<Vec<_>>().join(", "),
            };
            let implementation = r.implementation.map(|i| serde_plain(&i)).unwrap_or_default();
            vec![r.id.clone(), r.group.clone(), implementation, r.title.clone(), mappings]
        })
        .collect();
    doc.table(&["id", "group", "implementation", "title", "hub objectives"], rows);
    doc.finish()
}

pub(crate) fn hub(hub: &HubView, mut doc: Document) -> String {
    doc.title(&format!("crosswalk hub {} - {} objectives in {} domains", hub.version, hub.objectives.len(), hub.domains.len()));
    doc.paragraph(
        "Each objective with the requirements of the loaded frameworks that map onto it (relationship from the requirement's side).",
    );
    for domain in &hub.domains {
        doc.heading(&format!("{} {}", domain.id, domain.title));
        doc.paragraph(&domain.description);
        let rows = hub
            .objectives
            .iter()
            .filter(|o| o.objective.domain == domain.id)
            .map(|o| {
                let objective = &o.objective;
                let scope = match (objective.system_level, objective.applies_to.is_empty()) {
                    (false, _) => "organization".to_owned(),
                    (true, true) => "per system".to_owned(),
                    (true, false) => {
                        format!("per system: {}", objective.applies_to.iter().map(ToString::to_string).collect::<Vec<_>>().join(", "))
                    }
                };
                let mapped =
                    o.mapped_by.iter().map(|m| format!("{}:{} ({})", m.framework, m.requirement, m.relationship)).collect::<Vec<_>>();
                vec![
                    objective.id.clone(),
                    objective.title.clone(),
                    scope,
                    objective.review_cadence.to_string(),
                    objective.test_cadence.to_string(),
                    if mapped.is_empty() { "none".to_owned() } else { mapped.join(", ") },
                ]
            })
            .collect();
        doc.table(&["id", "title", "applies", "review", "test", "mapped by"], rows);
    }
    doc.finish()
}

pub(crate) fn comparison(comparison: &Comparison, mut doc: Document) -> String {
    doc.title(&format!("{} <-> {}: {} pairs through the hub", comparison.a, comparison.b, comparison.pairs.len()));
    let rows = comparison
        .pairs
        .iter()
        .map(|pair| {
            let via = pair.links.iter().map(|l| format!("{} ({}/{})", l.objective, l.a, l.b)).collect::<Vec<_>>().join(", ");
            let strength = match pair.strength {
                Strength::Strong => "strong",
                Strength::Partial => "partial",
            };
            vec![pair.a.clone(), pair.b.clone(), strength.to_owned(), via, pair.reason.clone()]
        })
        .collect();
    doc.table(&[comparison.a.as_str(), comparison.b.as_str(), "strength", "via (relationship a/b)", "why"], rows);
    for (framework, unpaired) in [(&comparison.a, &comparison.unpaired_a), (&comparison.b, &comparison.unpaired_b)] {
        if !unpaired.is_empty() {
            doc.paragraph(&format!("{framework} requirements with no counterpart: {}", unpaired.join(", ")));
        }
    }
    doc.finish()
}

/// Every signal a requirement shows, once each: its own markers' and its controls'.
pub(crate) fn signals(requirement: &RequirementResult) -> Vec<Signal> {
    let mut signals: Vec<_> = requirement.governance.iter().map(|m| m.signal).chain(requirement.control_signals.iter().copied()).collect();
    signals.sort();
    signals.dedup();
    signals
}

fn signals_of(doc: &Document, requirement: &RequirementResult) -> String {
    signals(requirement).into_iter().map(|s| doc.signal(s)).collect::<Vec<_>>().join(", ")
}

pub(crate) fn tier(tier: Option<u8>) -> String {
    tier.map(|t| format!("tier {t}")).unwrap_or_else(|| "organization".to_owned())
}

pub(crate) fn count(number: usize, noun: &str) -> String {
    if number == 1 {
        format!("1 {noun}")
    } else {
        format!("{number} {noun}s")
    }
}

/// What the rows a report leaves out are, by verdict: `N requirements not shown: 3 met, 1 not
/// applicable`. Only rows that are not open are left out (met, met by an alternative, not
/// applicable), and each kind is named with its own count, so the sentence never calls a row met
/// that is not.
pub(crate) fn not_shown(hidden: &[&RequirementResult]) -> String {
    let kinds = [(Verdict::Met, "met"), (Verdict::Alternative, "met by an alternative"), (Verdict::NotApplicable, "not applicable")];
    let parts: Vec<String> = kinds
        .iter()
        .filter_map(|(verdict, words)| {
            let number = hidden.iter().filter(|r| r.baseline == *verdict).count();
            (number > 0).then(|| format!("{number} {words}"))
        })
        .collect();
    format!("{} not shown: {}", count(hidden.len(), "requirement"), parts.join(", "))
}

/// Who decides, as a heading names them.
pub(crate) fn decider_name(name: &Option<String>, decider: &Option<String>) -> String {
    match (name, decider) {
        (Some(name), Some(id)) => format!("{name} ({id})"),
        (None, Some(id)) => id.clone(),
        _ => "No decider: nobody has the authority".to_owned(),
    }
}

fn summary(report: &Report, doc: &mut Document) {
    let s = &report.summary;
    doc.heading("Summary");
    let frameworks: Vec<(String, Vec<String>)> = s
        .frameworks
        .iter()
        .map(|f| {
            if f.applicable == 0 {
                return (format!("{} {}: no applicable requirement", doc.code(&f.id), f.name), Vec::new());
            }
            let open = if f.partial + f.unmet + f.not_mapped == 0 {
                "nothing open".to_owned()
            } else if f.not_mapped == 0 {
                format!("open: {} partial, {} unmet", f.partial, f.unmet)
            } else {
                format!("open: {} partial, {} unmet, {} not mapped yet", f.partial, f.unmet, f.not_mapped)
            };
            (format!("{} {}: {}% met of {} applicable; {open}", doc.code(&f.id), f.name, f.percent_met, f.applicable), Vec::new())
        })
        .collect();
    doc.list(&frameworks);
    let owed: usize = s.tier1_decisions.iter().map(|d| d.count).sum();
    if owed == 0 {
        doc.paragraph("Tier-1 decisions owed: none.");
    } else {
        doc.paragraph(&format!("Tier-1 decisions owed: {owed}, by decider:"));
        let items: Vec<(String, Vec<String>)> = s
            .tier1_decisions
            .iter()
            .map(|d| {
                let top = d.top.iter().map(|t| doc.code(t)).collect::<Vec<_>>().join(", ");
                let more = if d.count > d.top.len() { format!(" and {} more", d.count - d.top.len()) } else { String::new() };
                (format!("{}: {} ({top}{more})", decider_name(&d.name, &d.decider), d.count), Vec::new())
            })
            .collect();
        doc.list(&items);
    }
    doc.paragraph(&format!(
        "Falling due after {}: {} within 30 days, {} within 60, {} within 90 (reviews, tests, exception and exemption expiries, attestation renewals, decision reviews).",
        report.as_of, s.due_within_30, s.due_within_60, s.due_within_90
    ));
}

fn agenda_items(doc: &Document, items: &[&crosswalk_engine::AgendaItem]) -> Vec<(String, Vec<String>)> {
    items
        .iter()
        .map(|item| {
            (
                format!(
                    "[{}, {}] {} {}: {}",
                    item.severity.rating,
                    tier(item.tier),
                    doc.signal(item.signal),
                    doc.code(&item.subject),
                    item.reason
                ),
                vec![format!("affects {}: {}", count(item.requirements.len(), "requirement"), item.requirements.join(", "))],
            )
        })
        .collect()
}

pub(crate) fn report(report: &Report, layout: ReportLayout, mut doc: Document) -> String {
    doc.title(&format!("{}: cross-framework gap report as of {}", report.organization, report.as_of));
    doc.paragraph("Baseline: what each framework asks, judged by its own semantics. Governance: where coverage stops at the baseline and a named person must decide.");
    summary(report, &mut doc);
    if layout.summary_only {
        doc.heading("Tier-1 agenda");
        if report.summary.tier1_decisions.is_empty() {
            doc.paragraph("No tier-1 decision is owed.");
        }
        for group in &report.agenda {
            let items: Vec<_> = group.items.iter().filter(|item| item.tier == Some(1)).collect();
            if items.is_empty() {
                continue;
            }
            doc.subheading(&format!("{}: {}", decider_name(&group.name, &group.decider), count(items.len(), "decision")));
            doc.list(&agenda_items(&doc, &items));
        }
        return doc.finish();
    }

    doc.heading("Due in the next 90 days");
    let rows = report
        .due
        .iter()
        .map(|d| {
            vec![
                d.due.to_string(),
                d.days.to_string(),
                d.kind.to_string(),
                doc.code(&d.subject),
                d.owner.clone().unwrap_or_else(|| "nobody".to_owned()),
                tier(d.tier),
                d.reason.clone(),
            ]
        })
        .collect();
    doc.table(&["due", "days", "what", "subject", "owner", "tier", "why"], rows);

    doc.heading("Coverage");
    // The column appears when a framework still being mapped is in the report.
    let any_not_mapped = report.frameworks.iter().any(|f| f.coverage.not_mapped > 0);
    let rows = report
        .frameworks
        .iter()
        .map(|f| {
            let c = &f.coverage;
            let mut row = vec![f.id.clone(), c.met.to_string(), c.alternative.to_string(), c.partial.to_string(), c.unmet.to_string()];
            if any_not_mapped {
                row.push(c.not_mapped.to_string());
            }
            row.extend([c.not_applicable.to_string(), format!("{}%", c.percent_met), c.with_governance_markers.to_string()]);
            row
        })
        .collect();
    let mut headers = vec!["framework", "met", "alternative", "partial", "unmet"];
    if any_not_mapped {
        headers.push("not mapped");
    }
    headers.extend(["n/a", "met %", "with markers"]);
    doc.table(&headers, rows);

    for framework in &report.frameworks {
        doc.heading(&format!("{} ({})", framework.name, framework.version));
        doc.paragraph(&framework.scope);
        let (shown, hidden): (Vec<&RequirementResult>, Vec<&RequirementResult>) =
            framework.requirements.iter().partition(|r| layout.detail || r.baseline.is_open());
        if !hidden.is_empty() {
            doc.paragraph(&format!("{} (--detail shows every row).", not_shown(&hidden)));
        }
        let rows = shown
            .iter()
            .map(|r| {
                vec![
                    doc.code(&r.id),
                    doc.verdict(r.baseline),
                    r.demanded.map(|d| doc.level(d)).unwrap_or_default(),
                    r.controls.len().to_string(),
                    signals_of(&doc, r),
                    r.title.clone(),
                ]
            })
            .collect();
        doc.table(&["requirement", "baseline", "demanded", "controls", "governance", "title"], rows);
        let open: Vec<(String, Vec<String>)> = framework
            .requirements
            .iter()
            .filter(|r| r.baseline.is_open())
            .map(|r| (format!("{} {} ({}): {}", doc.code(&r.id), r.title, doc.verdict(r.baseline), r.reason), Vec::new()))
            .collect();
        if !open.is_empty() {
            doc.subheading("Why not met");
            doc.list(&open);
        }
    }

    doc.heading("Shared gaps");
    doc.paragraph("Hub objectives that are missing or too weak, and the requirements they leave open in each framework.");
    let rows = report
        .shared_gaps
        .iter()
        .map(|g| {
            let status = match g.status {
                crosswalk_engine::GapStatus::Missing => "missing",
                crosswalk_engine::GapStatus::Weak => "weak",
            };
            let open = g.frameworks.iter().map(|f| format!("{}: {}", f.framework, f.requirements.join(" "))).collect::<Vec<_>>().join("; ");
            vec![doc.code(&g.objective), g.title.clone(), status.to_owned(), g.framework_count.to_string(), open]
        })
        .collect();
    doc.table(&["objective", "title", "status", "frameworks", "requirements left open"], rows);

    doc.heading("Leverage");
    doc.paragraph("How many applicable requirements, in how many frameworks, each control helps cover.");
    let rows = report
        .leverage
        .iter()
        .map(|l| {
            let per = l.frameworks.iter().map(|f| format!("{} {}", f.framework, f.requirements)).collect::<Vec<_>>().join(", ");
            vec![
                doc.code(&l.control),
                doc.level(l.level),
                l.requirement_count.to_string(),
                l.framework_count.to_string(),
                per,
                l.title.clone(),
            ]
        })
        .collect();
    doc.table(&["control", "level", "requirements", "frameworks", "per framework", "title"], rows);

    doc.heading("Governance agenda");
    doc.paragraph("Decisions owed, grouped by who must take them; tier-1 first, and within each group the most severe first (severity weighs the tier, the signal and how many requirements it leaves open). A group without a decider lists what nobody has the authority to decide.");
    for group in &report.agenda {
        doc.subheading(&format!("{}: {}", decider_name(&group.name, &group.decider), count(group.items.len(), "decision")));
        let items: Vec<_> = group.items.iter().collect();
        doc.list(&agenda_items(&doc, &items));
    }
    doc.finish()
}

pub(crate) fn explanation(explanation: &Explanation, mut doc: Document) -> String {
    let requirement = &explanation.requirement;
    let result = &explanation.result;
    doc.title(&format!("{} {} {}", explanation.framework, requirement.id, requirement.title));
    doc.paragraph(&requirement.description);
    doc.heading("Baseline");
    let demanded = result.demanded.map(|d| format!(" (demanded: {})", doc.level(d))).unwrap_or_default();
    doc.paragraph(&format!("{}{demanded} as of {}: {}", doc.verdict(result.baseline), explanation.as_of, result.reason));
    if !requirement.mappings.is_empty() {
        doc.heading("Hub objectives");
        let rows = requirement
            .mappings
            .iter()
            .map(|mapping| {
                let coverage = result.objectives.iter().find(|o| o.objective == mapping.objective);
                let status = match coverage {
                    Some(o) if o.satisfied => "satisfied".to_owned(),
                    Some(o) => o.shortfall.clone().unwrap_or_else(|| "not satisfied".to_owned()),
                    None => "-".to_owned(),
                };
                let controls = coverage
                    .map(|o| o.controls.iter().map(|c| format!("{} ({})", c.control, doc.level(c.level))).collect::<Vec<_>>().join(", "))
                    .unwrap_or_default();
                vec![doc.code(&mapping.objective), mapping.relationship.to_string(), status, controls, mapping.rationale.clone()]
            })
            .collect();
        doc.table(&["objective", "relationship", "status", "controls", "rationale"], rows);
    }
    if !explanation.controls.is_empty() {
        doc.heading("Controls");
        for control in &explanation.controls {
            let a = &control.assessment;
            let target = a.target.map(|t| format!(", target {}", doc.level(t))).unwrap_or_default();
            let inherited = a.inherited_from.as_ref().map(|p| format!(", inherited from {p}")).unwrap_or_default();
            doc.subheading(&format!("{} {}", a.id, a.title));
            doc.paragraph(&format!(
                "level {}{target}, {}{inherited}; owner {}, decider {}; reviews {}, tests {}, operates {}",
                doc.level(a.level),
                tier(a.tier),
                a.owner.as_deref().unwrap_or("none"),
                a.decider.as_deref().unwrap_or("none"),
                a.review_cadence,
                a.test_cadence,
                a.operates
            ));
            let rows = control
                .evidence
                .iter()
                .map(|e| {
                    let span = e.through.map(|t| format!("{}..{t}", e.effective)).unwrap_or_else(|| e.effective.to_string());
                    let mut outcome = e.outcome.map(|o| serde_plain(&o)).unwrap_or_default();
                    if let Some(recovery) = &e.recovery {
                        let shown = |d: Option<crosswalk_model::profile::Duration>| d.map(|d| d.to_string()).unwrap_or_else(|| "-".into());
                        outcome = format!("{outcome} (RTO {}, RPO {})", shown(recovery.rto), shown(recovery.rpo));
                    }
                    vec![span, serde_plain(&e.kind), outcome, e.title.clone()]
                })
                .collect();
            doc.table(&["effective", "kind", "outcome", "evidence"], rows);
        }
    }
    doc.heading("Governance");
    // The requirement's own markers first, then each covering control's signals.
    let mut markers: Vec<&Marker> =
        result.governance.iter().chain(explanation.controls.iter().flat_map(|control| &control.assessment.signals)).collect();
    markers.sort_by_key(|m| (m.tier.unwrap_or(u8::MAX), m.signal));
    if markers.is_empty() {
        doc.paragraph("No governance marker: the baseline holds and nothing is owed a decision.");
    } else {
        let items: Vec<(String, Vec<String>)> = markers
            .iter()
            .map(|m| {
                let subject = m.control.as_deref().or(m.system.as_deref()).unwrap_or(&explanation.result.id);
                let decider = m.decider.as_deref().unwrap_or("nobody");
                (format!("{} {} ({}, decider {decider}): {}", doc.signal(m.signal), doc.code(subject), tier(m.tier), m.reason), Vec::new())
            })
            .collect();
        doc.list(&items);
    }
    doc.finish()
}

/// The serde spelling of a unit enum value (`addressable`, `not-applicable`).
fn serde_plain<T: Serialize>(value: &T) -> String {
    serde_json::to_value(value).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
}

/// What `crosswalk validate FILE` found.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Validation {
    pub file: String,
    /// `profile`, `framework`, `hub` or `project`.
    pub kind: String,
    pub valid: bool,
    /// One line on what the file holds, when valid.
    pub summary: String,
    pub problems: Vec<ValidationProblem>,
    /// What a valid file still needs but does not stop it loading (a framework's requirements
    /// not mapped yet); reported once the file has no problem.
    pub findings: Vec<ValidationProblem>,
}

/// One problem of a file, located.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct ValidationProblem {
    pub code: String,
    pub file: String,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub field: String,
    pub message: String,
    pub hint: String,
}

pub(crate) fn soa(soa: &crate::StatementOfApplicability, mut doc: Document) -> String {
    doc.title(&format!("{}: Statement of Applicability, {} as of {}", soa.organization, soa.framework, soa.as_of));
    doc.paragraph(&format!("{} Annex A controls: {} included, {} excluded with a justification.", soa.total, soa.included, soa.excluded));
    let rows = soa
        .controls
        .iter()
        .map(|entry| {
            let level = match (entry.level, entry.demanded) {
                (Some(level), Some(demanded)) => format!("{} / {}", doc.level(level), demanded),
                (Some(level), None) => doc.level(level),
                _ => String::new(),
            };
            vec![
                doc.code(&entry.id),
                entry.title.clone(),
                entry.applicability.to_string(),
                doc.verdict(entry.status),
                level,
                entry.implementation.iter().map(|c| c.id.as_str()).collect::<Vec<_>>().join(", "),
            ]
        })
        .collect();
    doc.table(&["control", "title", "applicability", "status", "reached / demanded", "implementing controls"], rows);
    doc.heading("Justifications and evidence");
    let items: Vec<(String, Vec<String>)> = soa
        .controls
        .iter()
        .map(|entry| {
            let mut details = vec![format!("why {}: {}", entry.applicability, entry.justification)];
            if !entry.reason.is_empty() && entry.applicability == crate::Applicability::Included {
                details.push(format!("status: {} ({})", entry.status, entry.reason));
            }
            for control in &entry.implementation {
                let evidence = if control.evidence.is_empty() { "no evidence reference".to_owned() } else { control.evidence.join(", ") };
                details.push(format!("{} {} ({}): {evidence}", doc.code(&control.id), control.title, control.level));
            }
            (format!("{} {}", doc.code(&entry.id), entry.title), details)
        })
        .collect();
    doc.list(&items);
    doc.finish()
}

/// One failed control's damage, as a list item with its details.
fn damage_item(doc: &Document, d: &crosswalk_engine::ControlDamage) -> (String, Vec<String>) {
    let exposure = match d.tier {
        Some(tier) => format!("tier-{tier} exposure"),
        None => "no function exposed".to_owned(),
    };
    let item = format!("{} {}: {}, {} lost", doc.code(&d.control), d.title, exposure, count(d.requirements_lost, "requirement"));
    let mut details = Vec::new();
    let functions = d
        .exposed
        .iter()
        .map(|f| format!("{} (tier {}{})", f.name, f.tier, f.rto.as_ref().map(|rto| format!(", RTO {rto}")).unwrap_or_default()))
        .collect::<Vec<_>>();
    details.push(format!("functions exposed: {}", if functions.is_empty() { "none".to_owned() } else { functions.join(", ") }));
    details.push(format!("decider: {}", d.decider.as_deref().unwrap_or("nobody has the authority")));
    details.push(match (&d.runbook, &d.response_decider) {
        (Some(runbook), Some(decider)) => format!("failure response: {runbook} (decided by {decider})"),
        (Some(runbook), None) => format!("failure response: {runbook}"),
        _ => "failure response: none written down".to_owned(),
    });
    for f in &d.frameworks {
        details.push(format!("{} loses {}", f.framework, f.requirements.join(" ")));
    }
    (item, details)
}

pub(crate) fn what_if(what_if: &crosswalk_engine::WhatIf, mut doc: Document) -> String {
    let names = what_if.failed.iter().map(|d| d.control.clone()).collect::<Vec<_>>().join(", ");
    doc.title(&format!("What if {names} failed: {}", what_if.organization));
    doc.paragraph(&format!(
        "As of {}, with the failed controls treated as providing no coverage: {} lost across {}.",
        what_if.as_of,
        count(what_if.requirements_lost, "requirement"),
        count(what_if.frameworks.iter().filter(|f| !f.lost.is_empty()).count(), "framework")
    ));
    doc.heading("Failed controls");
    doc.paragraph("Most critical exposure first, then the most requirements lost.");
    let items: Vec<_> = what_if.failed.iter().map(|d| damage_item(&doc, d)).collect();
    doc.list(&items);
    for framework in &what_if.frameworks {
        doc.heading(&format!("{} ({}): {} lost", framework.name, framework.framework, count(framework.lost.len(), "requirement")));
        let rows = framework
            .lost
            .iter()
            .map(|r| vec![doc.code(&r.id), doc.verdict(r.before), doc.verdict(r.after), r.failed_controls.join(", "), r.title.clone()])
            .collect();
        doc.table(&["requirement", "before", "after", "failed controls", "title"], rows);
    }
    doc.finish()
}

pub(crate) fn what_if_all(all: &crosswalk_engine::WhatIfAll, mut doc: Document) -> String {
    doc.title(&format!("Single points of failure: {}", all.organization));
    doc.paragraph(&format!(
        "As of {}, each control failed alone ({} a met requirement relies on); the controls whose failure loses a requirement, most critical exposure first, then the most requirements lost.",
        all.as_of,
        count(all.candidates, "control")
    ));
    let rows = all
        .ranking
        .iter()
        .map(|d| {
            let per = d.frameworks.iter().map(|f| format!("{} {}", f.framework, f.requirements.len())).collect::<Vec<_>>().join(", ");
            vec![
                doc.code(&d.control),
                tier(d.tier).replace("organization", "-"),
                d.requirements_lost.to_string(),
                per,
                d.decider.clone().unwrap_or_else(|| "nobody".to_owned()),
                if d.runbook.is_some() { "yes" } else { "no" }.to_owned(),
                d.title.clone(),
            ]
        })
        .collect();
    doc.table(&["control", "exposure", "requirements lost", "per framework", "decider", "runbook", "title"], rows);
    doc.finish()
}

/// `crosswalk drift`: the counts per framework, what got worse, what got better, and the
/// decisions owed that appeared or left. `limit` caps each list (Markdown, for a pull-request
/// comment), saying how many more there are.
pub(crate) fn drift(drift: &crosswalk_engine::Drift, limit: Option<usize>, mut doc: Document) -> String {
    let (old, new) = (&drift.old, &drift.new);
    doc.title(&format!("Drift: {}", new.organization));
    doc.paragraph(&format!(
        "{} (as of {}) → {} (as of {}): {} worse, {} better; {} newly owed, {} resolved.",
        doc.code(&old.source),
        old.as_of,
        doc.code(&new.source),
        new.as_of,
        count(drift.worse.len(), "change"),
        count(drift.better.len(), "change"),
        count(drift.agenda_new.len(), "decision"),
        count(drift.agenda_resolved.len(), "decision"),
    ));
    let percent = |value: Option<u32>| value.map_or_else(|| "-".to_owned(), |p| format!("{p}%"));
    let rows = drift
        .counts
        .iter()
        .map(|c| {
            let name = c.framework.as_ref().map_or_else(|| c.name.clone(), |id| format!("{} ({})", c.name, doc.code(id)));
            vec![name, percent(c.percent_met_old), percent(c.percent_met_new), c.worse.to_string(), c.better.to_string()]
        })
        .collect();
    doc.table(&["", "met before", "met after", "worse", "better"], rows);
    for (heading, changes) in [("Got worse", &drift.worse), ("Got better", &drift.better)] {
        doc.heading(&format!("{heading} ({})", changes.len()));
        let items: Vec<_> = changes.iter().map(|c| change_item(&doc, c)).collect();
        capped_list(&mut doc, items, limit);
    }
    for (heading, changes) in [("Decisions newly owed", &drift.agenda_new), ("Decisions no longer owed", &drift.agenda_resolved)] {
        doc.heading(&format!("{heading} ({})", changes.len()));
        let items: Vec<_> = changes
            .iter()
            .map(|a| {
                let decider = a.decider.as_deref().unwrap_or("nobody has the authority");
                let item = format!("{} {} ({}, {}, {decider})", doc.signal(a.signal), doc.code(&a.subject), a.rating, tier(a.tier));
                (item, vec![a.reason.clone()])
            })
            .collect();
        capped_list(&mut doc, items, limit);
    }
    doc.finish()
}

/// What the subject of an evidence request is: its control, its system (and objective) or its
/// objective, as text.
pub(crate) fn request_subject(request: &crosswalk_engine::EvidenceRequest) -> String {
    match (&request.control, &request.system, &request.objective) {
        (Some(control), _, _) => control.clone(),
        (None, Some(system), Some(objective)) => format!("{system} ({objective})"),
        (None, Some(system), None) => system.clone(),
        (None, None, Some(objective)) => objective.clone(),
        (None, None, None) => request.requirements.join(" "),
    }
}

/// The newest evidence on file for a request (its reference, or its title when it has none),
/// and how much more there is.
pub(crate) fn on_file(request: &crosswalk_engine::EvidenceRequest) -> String {
    let Some(newest) = request.evidence.first() else { return "nothing on file".to_owned() };
    let when = match newest.through {
        Some(through) if through != newest.effective => format!("{}..{through}", newest.effective),
        _ => newest.effective.to_string(),
    };
    let named = newest.reference.as_deref().unwrap_or(&newest.title);
    match request.on_file.saturating_sub(1) {
        0 => format!("{named} ({when})"),
        more => format!("{named} ({when}) and {more} more"),
    }
}

/// Why a request has its status, with the intervals nothing covers.
pub(crate) fn request_detail(request: &crosswalk_engine::EvidenceRequest) -> String {
    if request.missing_intervals.is_empty() {
        return request.detail.clone();
    }
    let intervals: Vec<String> = request.missing_intervals.iter().map(ToString::to_string).collect();
    format!("{} ({})", request.detail, intervals.join(", "))
}

pub(crate) fn evidence(requests: &crosswalk_engine::EvidenceRequests, mut doc: Document) -> String {
    doc.title(&format!("Evidence requests: {}", requests.organization));
    // Requirements not mapped yet get no request: the sentence says how many, not "each".
    let not_mapped = if requests.not_mapped == 0 {
        String::new()
    } else {
        let they = if requests.not_mapped == 1 { "it is" } else { "they are" };
        format!(
            "; none for {} not mapped yet (listed below by framework): nothing can be asked for until {they} mapped onto hub objectives",
            count(requests.not_mapped, "applicable requirement"),
        )
    };
    doc.paragraph(&format!(
        "As of {}, what an auditor would ask for to show each applicable requirement: {} ({} missing, {} stale, {} present){not_mapped}. Missing first; each request names the person to ask.",
        requests.as_of,
        count(requests.total, "request"),
        requests.missing,
        requests.stale,
        requests.present
    ));
    for framework in &requests.frameworks {
        doc.heading(&format!("{} ({}): {}", framework.name, framework.framework, count(framework.requests.len(), "request")));
        if !framework.not_mapped.is_empty() {
            let named: Vec<String> = framework.not_mapped.iter().take(NAMED_NOT_MAPPED).map(|id| doc.code(id)).collect();
            let more = framework.not_mapped.len().saturating_sub(NAMED_NOT_MAPPED);
            let more = if more > 0 { format!(" and {more} more") } else { String::new() };
            doc.paragraph(&format!(
                "No request for {} not mapped yet: {}{more}.",
                count(framework.not_mapped.len(), "applicable requirement"),
                named.join(", ")
            ));
        }
        let rows = framework
            .requests
            .iter()
            .map(|request| {
                let serves: Vec<String> = request.requirements.iter().take(NAMED_REQUIREMENTS).map(|id| doc.code(id)).collect();
                let more = request.requirements.len().saturating_sub(NAMED_REQUIREMENTS);
                let serves = if more > 0 { format!("{} and {more} more", serves.join(", ")) } else { serves.join(", ") };
                vec![
                    request.status.to_string(),
                    doc.code(&request_subject(request)),
                    request.kind.to_string(),
                    request.owner.clone().unwrap_or_else(|| "nobody named".to_owned()),
                    request_detail(request),
                    on_file(request),
                    serves,
                ]
            })
            .collect();
        doc.table(&["status", "subject", "kind", "owner to ask", "why", "newest on file", "for"], rows);
    }
    doc.finish()
}

fn change_item(doc: &Document, change: &crosswalk_engine::Change) -> (String, Vec<String>) {
    let subject = match &change.framework {
        Some(framework) => doc.code(&format!("{framework}:{}", change.subject)),
        None => doc.code(&change.subject),
    };
    let mut item = format!("{} {subject}", change.kind);
    if let Some(signal) = change.signal {
        item.push_str(&format!(" {}", doc.signal(signal)));
    }
    if let (Some(before), Some(after)) = (&change.before, &change.after) {
        item.push_str(&format!(": {before} → {after}"));
    }
    if let Some(tier) = change.tier {
        item.push_str(&format!(" (tier {tier})"));
    }
    (item, vec![change.detail.clone()])
}

/// The items, at most `limit` of them, then how many were left out; `(none)` for none.
fn capped_list(doc: &mut Document, mut items: Vec<(String, Vec<String>)>, limit: Option<usize>) {
    if items.is_empty() {
        doc.paragraph("(none)");
        return;
    }
    let left_out = limit.map_or(0, |limit| items.len().saturating_sub(limit));
    items.truncate(items.len() - left_out);
    doc.list(&items);
    if left_out > 0 {
        doc.paragraph(&format!("… and {left_out} more (the text and JSON forms list them all)."));
    }
}

/// How many requirements not mapped yet the evidence view names per framework.
const NAMED_NOT_MAPPED: usize = 10;

/// How many requirement ids a row of the evidence view names before counting the rest.
const NAMED_REQUIREMENTS: usize = 3;
/// What `crosswalk import oscal` read and wrote.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct ImportSummary {
    /// The OSCAL catalog read.
    pub catalog: String,
    /// The OSCAL profile that narrowed it, when one was given.
    pub profile: Option<String>,
    /// The framework file written.
    pub output: String,
    /// The written framework's id, name, version and publisher.
    pub framework: crosswalk_model::FrameworkInfo,
    pub statistics: crosswalk_oscal::Statistics,
}

pub(crate) fn import_summary(summary: &ImportSummary, mut doc: Document) -> String {
    let statistics = &summary.statistics;
    let framework = &summary.framework;
    doc.paragraph(&format!(
        "wrote {}: {} {} ({}), {} ({} and {}) in {}; {} skipped.",
        summary.output,
        framework.name,
        framework.version,
        doc.code(&framework.id),
        count(statistics.requirements, "requirement"),
        count(statistics.controls, "control"),
        count(statistics.enhancements, "enhancement"),
        count(statistics.groups, "group"),
        count(statistics.withdrawn, "withdrawn control"),
    ));
    if let (Some(file), Some(selection)) = (&summary.profile, &statistics.profile) {
        let missing = if selection.missing.is_empty() {
            "none".to_owned()
        } else {
            selection.missing.iter().map(|id| doc.code(id)).collect::<Vec<_>>().join(", ")
        };
        doc.paragraph(&format!(
            "profile {file}: {} selected by id, {} left out; missing from the catalog: {missing}.",
            count(selection.selected, "control"),
            count(selection.not_selected, "control"),
        ));
    }
    doc.paragraph(&format!(
        "Its requirements are not mapped yet: map each onto hub objectives, then check the file with {}.",
        doc.code(&format!("crosswalk validate {}", summary.output))
    ));
    doc.finish()
}
