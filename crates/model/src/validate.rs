//! Checks a parsed file cannot express in its types: unique ids and references that resolve.
//! Problems carry the field path; the host turns paths into file, line and column.

use crate::framework::{Applicability, FrameworkCatalog, Semantics};
use crate::hub::Hub;
use crate::profile::{EvidenceKind, Profile};
use crate::vocab::{check_date_range, Level, Span, EARLIEST_YEAR, LATEST_YEAR};
use chrono::NaiveDate;
use std::collections::{HashMap, HashSet};
use std::fmt;

/// A segment of a field path.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum PathSegment {
    Key(String),
    Index(usize),
}

/// Where a value sits in a document: `controls[3].objectives[1]`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct FieldPath(Vec<PathSegment>);

impl FieldPath {
    pub fn new(segments: Vec<PathSegment>) -> Self {
        Self(segments)
    }

    pub fn root() -> Self {
        Self::default()
    }

    pub fn key(&self, key: &str) -> Self {
        let mut segments = self.0.clone();
        segments.push(PathSegment::Key(key.to_owned()));
        Self(segments)
    }

    pub fn index(&self, index: usize) -> Self {
        let mut segments = self.0.clone();
        segments.push(PathSegment::Index(index));
        Self(segments)
    }

    pub fn segments(&self) -> &[PathSegment] {
        &self.0
    }
}

impl fmt::Display for FieldPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (position, segment) in self.0.iter().enumerate() {
            match segment {
                PathSegment::Key(key) if position == 0 => write!(f, "{key}")?,
                PathSegment::Key(key) => write!(f, ".{key}")?,
                PathSegment::Index(index) => write!(f, "[{index}]")?,
            }
        }
        Ok(())
    }
}

/// One thing wrong with a document, at a field, with a hint saying how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Stable code, e.g. `profile::unknown-person`.
    pub code: &'static str,
    pub path: FieldPath,
    pub message: String,
    pub hint: String,
}

impl Problem {
    pub fn new(code: &'static str, path: FieldPath, message: impl Into<String>, hint: impl Into<String>) -> Self {
        Self { code, path, message: message.into(), hint: hint.into() }
    }
}

/// Reports every id that appears twice in `ids`, at its second place.
fn duplicates<'a>(
    problems: &mut Vec<Problem>,
    code: &'static str,
    what: &str,
    ids: impl Iterator<Item = (&'a str, FieldPath)>,
) -> HashSet<&'a str> {
    let mut seen: HashMap<&str, FieldPath> = HashMap::new();
    for (id, path) in ids {
        if id.is_empty() || !id.chars().all(|c| c.is_ascii_alphanumeric() || "-_.()".contains(c)) {
            problems.push(Problem::new(
                "id::malformed",
                path.clone(),
                format!("`{id}` is not a usable {what} id"),
                "ids are letters, digits, '-', '_', '.' and parentheses, with no spaces (e.g. clinical-records, BCK-DB-SNAPSHOTS)",
            ));
        }
        if let Some(first) = seen.get(id) {
            problems.push(Problem::new(
                code,
                path,
                format!("duplicate {what} id `{id}`"),
                format!("ids must be unique; the first `{id}` is at {first}: rename or merge one of them"),
            ));
        } else {
            seen.insert(id, path);
        }
    }
    seen.into_keys().collect()
}

/// ` (did you mean `a`, `b`?)` when some of `known` look like `wanted`, else nothing.
pub fn near_miss<'a>(wanted: &str, known: impl Iterator<Item = &'a str>) -> String {
    let wanted_lower = wanted.to_ascii_lowercase();
    let mut candidates: Vec<&str> = known
        .filter(|candidate| {
            let candidate = candidate.to_ascii_lowercase();
            candidate.contains(&wanted_lower) || wanted_lower.contains(&candidate) || common_prefix(&candidate, &wanted_lower) >= 3
        })
        .collect();
    candidates.sort_unstable();
    candidates.truncate(5);
    if candidates.is_empty() {
        String::new()
    } else {
        format!(" (did you mean {}?)", candidates.iter().map(|c| format!("`{c}`")).collect::<Vec<_>>().join(", "))
    }
}

/// Edits (insert, delete, substitute, swap two neighbours) turning `a` into `b`.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut rows = vec![vec![0; b.len() + 1]; a.len() + 1];
    for (i, row) in rows.iter_mut().enumerate() {
        row[0] = i;
    }
    rows[0] = (0..=b.len()).collect();
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (rows[i - 1][j] + 1).min(rows[i][j - 1] + 1).min(rows[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(rows[i - 2][j - 2] + 1);
            }
            rows[i][j] = best;
        }
    }
    rows[a.len()][b.len()]
}

fn common_prefix(a: &str, b: &str) -> usize {
    a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count()
}

/// Checks the hub: unique ids, objectives in known domains named after them.
pub fn check_hub(hub: &Hub) -> Vec<Problem> {
    let mut problems = Vec::new();
    let root = FieldPath::root();
    let domains = duplicates(
        &mut problems,
        "hub::duplicate-id",
        "domain",
        hub.domains.iter().enumerate().map(|(i, d)| (d.id.as_str(), root.key("domains").index(i).key("id"))),
    );
    duplicates(
        &mut problems,
        "hub::duplicate-id",
        "objective",
        hub.objectives.iter().enumerate().map(|(i, o)| (o.id.as_str(), root.key("objectives").index(i).key("id"))),
    );
    for (index, objective) in hub.objectives.iter().enumerate() {
        let path = root.key("objectives").index(index);
        if !domains.contains(objective.domain.as_str()) {
            problems.push(Problem::new(
                "hub::unknown-domain",
                path.key("domain"),
                format!("objective `{}` names unknown domain `{}`", objective.id, objective.domain),
                "use one of the ids listed under `domains`",
            ));
        } else if !objective.id.starts_with(&format!("{}-", objective.domain)) {
            problems.push(Problem::new(
                "hub::id-domain-mismatch",
                path.key("id"),
                format!("objective `{}` does not start with its domain `{}-`", objective.id, objective.domain),
                "an objective id is its domain code, a dash and a number (BCK-02)",
            ));
        }
        if !objective.system_level && !objective.applies_to.is_empty() {
            problems.push(Problem::new(
                "hub::kinds-on-organization-objective",
                path.key("applies_to"),
                format!("objective `{}` is not system-level but names the kinds of system it applies to", objective.id),
                "set `system_level: true`, or remove `applies_to`",
            ));
        }
    }
    problems
}

/// Checks a framework catalog against the hub it maps onto.
pub fn check_framework(catalog: &FrameworkCatalog, hub: &Hub) -> Vec<Problem> {
    let mut problems = Vec::new();
    if let Err(message) = crate::vocab::check_framework_id(&catalog.framework.id) {
        problems.push(Problem::new(
            "framework::bad-id",
            FieldPath::root().key("framework").key("id"),
            message,
            "a framework id is what profiles, --framework and FRAMEWORK:REQUIREMENT name: rename it; lowercase letters, digits and '-', starting with a letter",
        ));
    }
    let root = FieldPath::root().key("requirements");
    let ids = duplicates(
        &mut problems,
        "framework::duplicate-id",
        "requirement",
        catalog.requirements.iter().enumerate().map(|(i, r)| (r.id.as_str(), root.index(i).key("id"))),
    );
    let objectives: HashSet<&str> = hub.objectives.iter().map(|o| o.id.as_str()).collect();
    for (index, requirement) in catalog.requirements.iter().enumerate() {
        let path = root.index(index);
        if !requirement.mappings.is_empty() && requirement.unmapped.is_some() {
            problems.push(Problem::new(
                "framework::mapped-and-unmapped",
                path.key("unmapped"),
                format!("requirement `{}` has both `mappings` and `unmapped`", requirement.id),
                "keep one of the two",
            ));
        }
        if let Some(parent) = &requirement.parent {
            if !ids.contains(parent.as_str()) || parent == &requirement.id {
                problems.push(Problem::new(
                    "framework::unknown-parent",
                    path.key("parent"),
                    format!("requirement `{}` names unknown parent `{parent}`", requirement.id),
                    "a parent is the id of another requirement of the same catalog",
                ));
            }
        }
        let mut mapped = HashSet::new();
        for (mapping_index, mapping) in requirement.mappings.iter().enumerate() {
            let mapping_path = path.key("mappings").index(mapping_index);
            if !objectives.contains(mapping.objective.as_str()) {
                problems.push(Problem::new(
                    "framework::unknown-objective",
                    mapping_path.key("objective"),
                    format!("unknown hub objective `{}`{}", mapping.objective, near_miss(&mapping.objective, objectives.iter().copied())),
                    "list the hub's objectives with `crosswalk catalog hub`",
                ));
            }
            if !mapped.insert(mapping.objective.as_str()) {
                problems.push(Problem::new(
                    "framework::duplicate-mapping",
                    mapping_path.key("objective"),
                    format!("requirement `{}` maps onto `{}` twice", requirement.id, mapping.objective),
                    "keep one mapping per objective",
                ));
            }
            if mapping.rationale.trim().is_empty() {
                problems.push(Problem::new(
                    "framework::empty-rationale",
                    mapping_path.key("rationale"),
                    "a mapping needs a one-line rationale",
                    "say why this objective answers (part of) the requirement",
                ));
            }
        }
    }
    problems.extend(parent_loops(catalog));
    if let Some(semantics) = &catalog.semantics {
        problems.extend(check_semantics(catalog, semantics));
    }
    problems
}

/// What does not stop a framework file from loading but a person must finish: requirements with
/// neither `mappings` nor an `unmapped` reason, which reports show as `not-mapped` (never met)
/// until they are mapped. A built-in catalog has none (the host refuses it).
pub fn framework_findings(catalog: &FrameworkCatalog) -> Vec<Problem> {
    catalog
        .requirements
        .iter()
        .enumerate()
        .filter(|(_, requirement)| requirement.mappings.is_empty() && requirement.unmapped.is_none())
        .map(|(index, requirement)| {
            Problem::new(
                "framework::not-mapped-yet",
                FieldPath::root().key("requirements").index(index).key("id"),
                format!("requirement `{}` is not mapped yet: reports show it as not-mapped, never met", requirement.id),
                "add `mappings` onto hub objectives (`crosswalk catalog hub` lists them), or say why there are none: \
                 `unmapped: {reason: heading|governance, note: ...}`",
            )
        })
        .collect()
}

/// Every requirement whose chain of parents comes back to it (A under B under A), reported once
/// per loop at the `parent` of its first member in catalog order.
fn parent_loops(catalog: &FrameworkCatalog) -> Vec<Problem> {
    let parents: HashMap<&str, &str> = catalog.requirements.iter().filter_map(|r| Some((r.id.as_str(), r.parent.as_deref()?))).collect();
    let mut reported: HashSet<&str> = HashSet::new();
    let mut problems = Vec::new();
    for (index, requirement) in catalog.requirements.iter().enumerate() {
        let start = requirement.id.as_str();
        if reported.contains(start) {
            continue;
        }
        let mut chain = vec![start];
        let mut current = start;
        while let Some(&parent) = parents.get(current) {
            // A requirement naming itself is an unknown parent, reported as such.
            if parent == current || chain.len() > parents.len() {
                break;
            }
            if parent == start {
                reported.extend(chain.iter().copied());
                chain.push(start);
                problems.push(Problem::new(
                    "framework::parent-loop",
                    FieldPath::root().key("requirements").index(index).key("parent"),
                    format!("requirement `{start}` is its own ancestor: {}", chain.join(" → ")),
                    "a parent is a heading above the requirement: break the loop by removing or changing one `parent`",
                ));
                break;
            }
            chain.push(parent);
            current = parent;
        }
    }
    problems
}

/// What a framework's declared semantics name must exist: its groups and requirements; a demand
/// of `none` would call every requirement met without a control.
fn check_semantics(catalog: &FrameworkCatalog, semantics: &Semantics) -> Vec<Problem> {
    let mut problems = Vec::new();
    let path = FieldPath::root().key("semantics");
    let groups = catalog.groups();
    let unknown_group = |field: FieldPath, group: &str| {
        Problem::new(
            "framework::unknown-group",
            field,
            format!("no requirement is in group `{group}`{}", near_miss(group, groups.iter().copied())),
            format!("a group is the `group` of some requirement; this catalog's groups: {}", groups.join(", ")),
        )
    };
    let levels = [(path.key("demand"), semantics.demand)]
        .into_iter()
        .chain(semantics.group_demands.iter().map(|(group, level)| (path.key("group_demands").key(group), *level)))
        .chain(semantics.requirement_demands.iter().map(|(id, level)| (path.key("requirement_demands").key(id), *level)));
    for (field, level) in levels {
        if level == Level::None {
            problems.push(Problem::new(
                "framework::demand-none",
                field,
                "a requirement cannot demand `none`: it would be met with no control at all",
                "demand documented, implemented, operating or verified",
            ));
        }
    }
    for group in semantics.group_demands.keys() {
        if !groups.contains(&group.as_str()) {
            problems.push(unknown_group(path.key("group_demands").key(group), group));
        }
    }
    for id in semantics.requirement_demands.keys() {
        if catalog.requirement(id).is_none() {
            problems.push(Problem::new(
                "framework::unknown-requirement",
                path.key("requirement_demands").key(id),
                format!("`{id}` is not a requirement of this catalog{}", near_miss(id, catalog.requirements.iter().map(|r| r.id.as_str()))),
                "name a requirement by its `id`",
            ));
        }
    }
    for (index, group) in semantics.always_applies.iter().enumerate() {
        let field = path.key("always_applies").index(index);
        if semantics.applicability != Applicability::Groups {
            problems.push(Problem::new(
                "framework::always-applies-without-groups",
                field,
                format!("`always_applies` names groups, but applicability is `{}`", semantics.applicability.name()),
                "`always_applies` only means something with `applicability: groups`: set that, or remove `always_applies`",
            ));
            break;
        }
        if !groups.contains(&group.as_str()) {
            problems.push(unknown_group(field, group));
        }
    }
    problems
}

/// Every date a profile writes, with its field. A test checks this list against the profile's
/// JSON Schema, so a new date field cannot escape the range check.
pub fn profile_dates(profile: &Profile) -> Vec<(FieldPath, NaiveDate)> {
    let mut dates = Vec::new();
    let mut add = |path: FieldPath, date: Option<NaiveDate>| dates.extend(date.map(|date| (path, date)));
    let span = |add: &mut dyn FnMut(FieldPath, Option<NaiveDate>), path: FieldPath, span: Option<Span>| {
        add(path.key("start"), span.map(|span| span.start));
        add(path.key("end"), span.map(|span| span.end));
    };
    for (index, system) in profile.systems.iter().enumerate() {
        for (exemption_index, exemption) in system.exemptions.iter().enumerate() {
            add(
                FieldPath::root().key("systems").index(index).key("exemptions").index(exemption_index).key("expires"),
                Some(exemption.expires),
            );
        }
    }
    for (index, control) in profile.controls.iter().enumerate() {
        let path = FieldPath::root().key("controls").index(index);
        for (attestation_index, attestation) in control.inherited.iter().flat_map(|inherited| &inherited.attestations).enumerate() {
            let attestation_path = path.key("inherited").key("attestations").index(attestation_index);
            add(attestation_path.key("attested_on"), Some(attestation.attested_on));
            span(&mut add, attestation_path.key("covers"), Some(attestation.covers));
        }
        for (evidence_index, evidence) in control.evidence.iter().enumerate() {
            let evidence_path = path.key("evidence").index(evidence_index);
            add(evidence_path.key("effective"), Some(evidence.effective));
            add(evidence_path.key("through"), evidence.through);
            add(evidence_path.key("collected"), evidence.collected);
        }
        for (metric_index, metric) in control.metrics.iter().enumerate() {
            add(path.key("metrics").index(metric_index).key("measured_on"), Some(metric.measured_on));
        }
        for (exception_index, exception) in control.exceptions.iter().enumerate() {
            let exception_path = path.key("exceptions").index(exception_index);
            add(exception_path.key("opened"), Some(exception.opened));
            add(exception_path.key("expires"), exception.expires);
            add(exception_path.key("closed"), exception.closed);
        }
    }
    dates
}

/// How a number that is not finite is written in YAML.
fn yaml_spelling(value: f64) -> &'static str {
    if value.is_nan() {
        ".nan"
    } else if value > 0.0 {
        ".inf"
    } else {
        "-.inf"
    }
}

/// Checks a profile's ids and references against the hub and the loaded frameworks.
pub fn check_profile(profile: &Profile, hub: &Hub, frameworks: &[&str]) -> Vec<Problem> {
    let mut problems = Vec::new();
    let root = FieldPath::root();
    let people = duplicates(
        &mut problems,
        "profile::duplicate-id",
        "person",
        profile.people.iter().enumerate().map(|(i, p)| (p.id.as_str(), root.key("people").index(i).key("id"))),
    );
    let functions = duplicates(
        &mut problems,
        "profile::duplicate-id",
        "function",
        profile.functions.iter().enumerate().map(|(i, f)| (f.id.as_str(), root.key("functions").index(i).key("id"))),
    );
    let systems = duplicates(
        &mut problems,
        "profile::duplicate-id",
        "system",
        profile.systems.iter().enumerate().map(|(i, s)| (s.id.as_str(), root.key("systems").index(i).key("id"))),
    );
    let controls = duplicates(
        &mut problems,
        "profile::duplicate-id",
        "control",
        profile.controls.iter().enumerate().map(|(i, c)| (c.id.as_str(), root.key("controls").index(i).key("id"))),
    );
    let objectives: HashSet<&str> = hub.objectives.iter().map(|o| o.id.as_str()).collect();
    let domains: HashSet<&str> = hub.domains.iter().map(|d| d.id.as_str()).collect();
    let known_control = |problems: &mut Vec<Problem>, id: &str, path: FieldPath| {
        if !controls.contains(id) {
            problems.push(Problem::new(
                "profile::unknown-control",
                path,
                format!("unknown control `{id}`{}", near_miss(id, controls.iter().copied())),
                "name a control listed under `controls`",
            ));
        }
    };

    let person = |problems: &mut Vec<Problem>, id: &str, path: FieldPath| {
        if !people.contains(id) {
            problems.push(Problem::new(
                "profile::unknown-person",
                path,
                format!("unknown person `{id}`{}", near_miss(id, people.iter().copied())),
                "add them under `people`, or name a person listed there",
            ));
        }
    };

    for (index, framework) in profile.scope.frameworks.iter().enumerate() {
        if !frameworks.contains(&framework.as_str()) {
            problems.push(Problem::new(
                "profile::unknown-framework",
                root.key("scope").key("frameworks").index(index),
                format!("unknown framework `{framework}`{}", near_miss(framework, frameworks.iter().copied())),
                format!("loaded frameworks: {}", frameworks.join(", ")),
            ));
        }
    }
    for id in profile.scope.sections.keys().filter(|id| !frameworks.contains(&id.as_str())) {
        problems.push(Problem::new(
            "profile::unknown-scope-section",
            root.key("scope").key(id),
            format!("`scope.{id}` is the section of a framework no loaded plugin provides{}", near_miss(id, frameworks.iter().copied())),
            format!("a framework's scope section belongs to its plugin (loaded: {}); see `crosswalk frameworks`", frameworks.join(", ")),
        ));
    }
    for (index, someone) in profile.people.iter().enumerate() {
        for (grant_index, domain) in someone.decides.iter().enumerate() {
            if domain != "*" && !domains.contains(domain.as_str()) {
                problems.push(Problem::new(
                    "profile::unknown-domain",
                    root.key("people").index(index).key("decides").index(grant_index),
                    format!("unknown hub domain `{domain}`{}", near_miss(domain, domains.iter().copied())),
                    "use hub domain codes (GOV, IAM, BCK, ...) or `*` for all",
                ));
            }
        }
    }
    for (index, function) in profile.functions.iter().enumerate() {
        if !crate::vocab::TIERS.contains(&function.tier) {
            problems.push(Problem::new(
                "profile::bad-tier",
                root.key("functions").index(index).key("tier"),
                format!("function `{}` has tier {}", function.id, function.tier),
                crate::vocab::TIERS_HINT,
            ));
        }
    }
    for (index, system) in profile.systems.iter().enumerate() {
        let path = root.key("systems").index(index);
        person(&mut problems, &system.owner, path.key("owner"));
        for (function_index, function) in system.functions.iter().enumerate() {
            if !functions.contains(function.as_str()) {
                problems.push(Problem::new(
                    "profile::unknown-function",
                    path.key("functions").index(function_index),
                    format!("unknown function `{function}`{}", near_miss(function, functions.iter().copied())),
                    "add it under `functions`, or name a function listed there",
                ));
            }
        }
        for (exemption_index, exemption) in system.exemptions.iter().enumerate() {
            let exemption_path = path.key("exemptions").index(exemption_index);
            if let Some(approver) = &exemption.approved_by {
                person(&mut problems, approver, exemption_path.key("approved_by"));
            }
            if exemption.reason.trim().is_empty() {
                problems.push(Problem::new(
                    "profile::exemption-without-reason",
                    exemption_path.key("reason"),
                    format!("an exemption of `{}` gives no reason", system.id),
                    "say why the system needs no control for these objectives; an auditor will ask",
                ));
            }
            if exemption.objectives.is_empty() {
                problems.push(Problem::new(
                    "profile::exemption-without-objectives",
                    exemption_path.key("objectives"),
                    format!("an exemption of `{}` names no objective", system.id),
                    "list the system-level hub objectives it is exempt from, e.g. objectives: [BCK-01]",
                ));
            }
            for (objective_index, objective) in exemption.objectives.iter().enumerate() {
                let objective_path = exemption_path.key("objectives").index(objective_index);
                match hub.objective(objective) {
                    None => problems.push(Problem::new(
                        "profile::unknown-objective",
                        objective_path,
                        format!("unknown hub objective `{objective}`{}", near_miss(objective, objectives.iter().copied())),
                        "list the hub's objectives with `crosswalk catalog hub`",
                    )),
                    Some(found) if !found.system_level => problems.push(Problem::new(
                        "profile::exemption-not-system-level",
                        objective_path,
                        format!("`{objective}` is an organization-wide objective: a system cannot be exempt from it"),
                        "exemptions are for system-level objectives (`crosswalk catalog hub` marks them `per system`)",
                    )),
                    Some(_) => {}
                }
            }
        }
    }
    for (index, control) in profile.controls.iter().enumerate() {
        let path = root.key("controls").index(index);
        if let Some(owner) = &control.owner {
            person(&mut problems, owner, path.key("owner"));
        }
        if control.objectives.is_empty() {
            problems.push(Problem::new(
                "profile::no-objectives",
                path.key("objectives"),
                format!("control `{}` implements no hub objective", control.id),
                "list the hub objectives it implements, e.g. objectives: [BCK-01]",
            ));
        }
        for (objective_index, objective) in control.objectives.iter().enumerate() {
            if !objectives.contains(objective.as_str()) {
                problems.push(Problem::new(
                    "profile::unknown-objective",
                    path.key("objectives").index(objective_index),
                    format!("unknown hub objective `{objective}`{}", near_miss(objective, objectives.iter().copied())),
                    "list the hub's objectives with `crosswalk catalog hub`",
                ));
            }
        }
        for (system_index, system) in control.systems.iter().flatten().enumerate() {
            if !systems.contains(system.as_str()) {
                problems.push(Problem::new(
                    "profile::unknown-system",
                    path.key("systems").index(system_index),
                    format!("unknown system `{system}`{}", near_miss(system, systems.iter().copied())),
                    "add it under `systems`, or name a system listed there; omit `systems` for an organization-wide control",
                ));
            }
        }
        for (evidence_index, evidence) in control.evidence.iter().enumerate() {
            let evidence_path = path.key("evidence").index(evidence_index);
            if evidence.kind == EvidenceKind::Test && evidence.outcome.is_none() {
                problems.push(Problem::new(
                    "profile::test-without-outcome",
                    evidence_path.key("kind"),
                    format!("test `{}` has no outcome", evidence.title),
                    "add `outcome: pass` or `outcome: fail`",
                ));
            }
            if evidence.through.is_some_and(|through| through < evidence.effective) {
                problems.push(Problem::new(
                    "profile::through-before-effective",
                    evidence_path.key("through"),
                    format!("evidence `{}` ends before it starts", evidence.title),
                    "`through` is the last date a record covers, on or after `effective`",
                ));
            }
        }
        for (metric_index, metric) in control.metrics.iter().enumerate() {
            let metric_path = path.key("metrics").index(metric_index);
            for (field, value) in [("at_least", metric.at_least), ("at_most", metric.at_most), ("measured", Some(metric.measured))] {
                if let Some(value) = value.filter(|value| !value.is_finite()) {
                    problems.push(Problem::new(
                        "profile::non-finite-number",
                        metric_path.key(field),
                        format!(
                            "metric `{}`: `{field}` is {}, which is not a number crosswalk can compare",
                            metric.name,
                            yaml_spelling(value)
                        ),
                        "write a finite number (97.5, 0, -3); .nan and .inf are not measurements or targets",
                    ));
                }
            }
            if metric.at_least.is_some() == metric.at_most.is_some() {
                problems.push(Problem::new(
                    "profile::metric-target",
                    path.key("metrics").index(metric_index).key("name"),
                    format!("metric `{}` needs exactly one target", metric.name),
                    "give either `at_least` (higher is better) or `at_most` (lower is better)",
                ));
            }
        }
        for (exception_index, exception) in control.exceptions.iter().enumerate() {
            if let Some(approver) = &exception.approved_by {
                person(&mut problems, approver, path.key("exceptions").index(exception_index).key("approved_by"));
            }
        }
        if let Some(response) = &control.failure_response {
            person(&mut problems, &response.decider, path.key("failure_response").key("decider"));
        }
        if let Some(inherited) = &control.inherited {
            let inherited_path = path.key("inherited");
            if inherited.attestations.is_empty() {
                problems.push(Problem::new(
                    "profile::inherited-without-attestation",
                    inherited_path.key("attestations"),
                    format!("control `{}` is inherited from {} but lists no attestation", control.id, inherited.provider),
                    "add the provider's report: attestations: [{ report: ..., attested_on: YYYY-MM-DD, covers: { start: ..., end: ... } }]",
                ));
            }
            for (attestation_index, attestation) in inherited.attestations.iter().enumerate() {
                if attestation.covers.end < attestation.covers.start {
                    problems.push(Problem::new(
                        "profile::covers-reversed",
                        inherited_path.key("attestations").index(attestation_index).key("covers").key("end"),
                        format!("`{}` covers a period that ends before it starts", attestation.report),
                        "swap `start` and `end`",
                    ));
                }
            }
            for (cuec_index, complementary) in inherited.complementary_controls.iter().enumerate() {
                let cuec_path = inherited_path.key("complementary_controls").index(cuec_index);
                if complementary.controls.is_empty() {
                    problems.push(Problem::new(
                        "profile::complementary-control-unanswered",
                        cuec_path.key("controls"),
                        format!("the complementary control \"{}\" is answered by no control", complementary.description),
                        "name the organization's controls that do what the provider expects; the provider's report holds only if they run",
                    ));
                }
                for (control_index, id) in complementary.controls.iter().enumerate() {
                    known_control(&mut problems, id, cuec_path.key("controls").index(control_index));
                }
            }
        }
    }
    problems.extend(profile_dates(profile).into_iter().filter_map(|(path, date)| date_out_of_range(path, date)));
    problems
}

/// The problem of a reference to a person the profile does not list, or none. Framework plugins
/// use it for the people their scope sections name.
pub fn unknown_person(profile: &Profile, id: &str, path: FieldPath) -> Option<Problem> {
    if profile.people.iter().any(|person| person.id == id) {
        return None;
    }
    Some(Problem::new(
        "profile::unknown-person",
        path,
        format!("unknown person `{id}`{}", near_miss(id, profile.people.iter().map(|person| person.id.as_str()))),
        "add them under `people`, or name a person listed there",
    ))
}

/// The problem of a date outside the years crosswalk reads, or none. Framework plugins use it
/// for the dates of their scope sections.
pub fn date_out_of_range(path: FieldPath, date: NaiveDate) -> Option<Problem> {
    check_date_range(date).err().map(|message| {
        Problem::new(
            "profile::date-out-of-range",
            path,
            message,
            format!("write the date as YYYY-MM-DD with a year from {EARLIEST_YEAR} to {LATEST_YEAR}; a date outside them is a typo (a missing or extra digit)"),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml;

    const HUB: &str = "version: '1'\ndomains:\n  - {id: BCK, title: Backup, description: d}\nobjectives:\n  - {id: BCK-01, domain: BCK, title: t, description: d, verified_when: v, review_cadence: annual, test_cadence: annual, system_level: true, recovery: false}\n";

    /// A profile that writes every date field there is, each set to `DATE`.
    const EVERY_DATE: &str = "
organization: {name: Dates}
scope:
  frameworks: []
people: [{id: p, name: P}]
systems:
  - {id: s, name: S, owner: p, exemptions: [{objectives: [BCK-01], reason: r, approved_by: p, expires: DATE}]}
controls:
  - id: C
    title: T
    objectives: [BCK-01]
    inherited:
      provider: P
      attestations: [{report: r, attested_on: DATE, covers: {start: DATE, end: DATE}}]
    evidence: [{kind: record, title: t, effective: DATE, through: DATE, collected: DATE}]
    metrics: [{name: m, at_least: 1, measured: 1, measured_on: DATE}]
    exceptions: [{id: E, reason: r, approved_by: p, opened: DATE, expires: DATE, closed: DATE}]
";

    fn check(text: &str) -> Vec<Problem> {
        let hub: Hub = yaml::parse(HUB).expect("test hub");
        let profile: Profile = yaml::parse(text).unwrap_or_else(|error| panic!("{error:?}"));
        check_profile(&profile, &hub, &[])
    }

    fn problems_with_code(problems: &[Problem], code: &str) -> Vec<String> {
        problems.iter().filter(|problem| problem.code == code).map(|problem| problem.path.to_string()).collect()
    }

    #[test]
    fn dates_outside_the_readable_years_are_refused_wherever_they_are_written() {
        assert!(problems_with_code(&check(&EVERY_DATE.replace("DATE", "2026-01-01")), "profile::date-out-of-range").is_empty());
        for date in ["0000-01-01", "1899-12-31", "2201-01-01", "+10000-01-01"] {
            let problems = check(&EVERY_DATE.replace("DATE", date));
            let paths = problems_with_code(&problems, "profile::date-out-of-range");
            assert_eq!(paths.len(), EVERY_DATE.matches("DATE").count(), "{date}: {paths:?}");
            assert!(paths.contains(&"controls[0].evidence[0].effective".to_owned()), "{paths:?}");
            assert!(paths.contains(&"systems[0].exemptions[0].expires".to_owned()), "{paths:?}");
            let problem = problems.iter().find(|problem| problem.code == "profile::date-out-of-range").expect("found");
            assert!(problem.message.contains(date) && problem.hint.contains("1900"), "{problem:?}");
        }
    }

    #[test]
    fn every_date_the_profile_schema_holds_is_range_checked() {
        let schema = serde_json_value(schemars::schema_for!(Profile));
        let mut in_schema = Vec::new();
        date_fields(&schema, &schema, String::new(), &mut in_schema, 0);
        in_schema.sort();
        let profile: Profile = yaml::parse(&EVERY_DATE.replace("DATE", "2026-01-01")).expect("parses");
        let mut checked: Vec<String> = profile_dates(&profile).into_iter().map(|(path, _)| without_indices(&path)).collect();
        checked.sort();
        assert_eq!(checked, in_schema, "every date field of the profile must be in `profile_dates` (and in EVERY_DATE)");
        for catalog in [serde_json_value(schemars::schema_for!(Hub)), serde_json_value(schemars::schema_for!(FrameworkCatalog))] {
            let mut dates = Vec::new();
            date_fields(&catalog, &catalog, String::new(), &mut dates, 0);
            assert!(dates.is_empty(), "catalogs hold no dates yet; range-check these in check_hub/check_framework: {dates:?}");
        }
    }

    fn serde_json_value(schema: schemars::Schema) -> serde_json::Value {
        schema.to_value()
    }

    fn without_indices(path: &FieldPath) -> String {
        path.segments()
            .iter()
            .map(|segment| match segment {
                PathSegment::Key(key) => format!(".{key}"),
                PathSegment::Index(_) => "[]".to_owned(),
            })
            .collect::<String>()
            .trim_start_matches('.')
            .to_owned()
    }

    /// Collects the paths (`controls[].evidence[].effective`) of every `format: date` in a schema.
    fn date_fields(root: &serde_json::Value, node: &serde_json::Value, path: String, found: &mut Vec<String>, depth: usize) {
        assert!(depth < 32, "schema too deep at {path}");
        if node.get("format").and_then(|format| format.as_str()) == Some("date") {
            found.push(path.clone());
        }
        if let Some(reference) = node.get("$ref").and_then(|reference| reference.as_str()) {
            let name = reference.trim_start_matches("#/$defs/");
            date_fields(root, &root["$defs"][name], path.clone(), found, depth + 1);
        }
        for combinator in ["anyOf", "oneOf", "allOf"] {
            for branch in node.get(combinator).and_then(|branches| branches.as_array()).into_iter().flatten() {
                date_fields(root, branch, path.clone(), found, depth + 1);
            }
        }
        if let Some(items) = node.get("items") {
            date_fields(root, items, format!("{path}[]"), found, depth + 1);
        }
        for (key, property) in node.get("properties").and_then(|properties| properties.as_object()).into_iter().flatten() {
            let child = if path.is_empty() { key.clone() } else { format!("{path}.{key}") };
            date_fields(root, property, child, found, depth + 1);
        }
    }

    #[test]
    fn non_finite_metric_numbers_are_refused_with_their_field() {
        let text = EVERY_DATE.replace("DATE", "2026-01-01").replace(
            "metrics: [{name: m, at_least: 1, measured: 1, measured_on: 2026-01-01}]",
            "metrics: [{name: m, at_least: .inf, measured: 1, measured_on: 2026-01-01}, {name: n, at_most: 3, measured: .nan, measured_on: 2026-01-01}, {name: o, at_most: -.inf, measured: 2, measured_on: 2026-01-01}]",
        );
        let problems = check(&text);
        let paths = problems_with_code(&problems, "profile::non-finite-number");
        assert_eq!(paths, ["controls[0].metrics[0].at_least", "controls[0].metrics[1].measured", "controls[0].metrics[2].at_most"]);
        let nan = problems.iter().find(|problem| problem.path.to_string() == "controls[0].metrics[1].measured").expect("found");
        assert!(nan.message.contains(".nan") && !nan.hint.is_empty(), "{nan:?}");
    }
}
