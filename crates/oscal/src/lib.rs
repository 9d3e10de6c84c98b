//! OSCAL catalog import: an OSCAL catalog (JSON or YAML), optionally narrowed by an OSCAL
//! profile's selection, becomes a crosswalk framework catalog whose requirements are not mapped
//! yet (`crosswalk import oscal`).
//!
//! Groups become requirement groups (by the group's id, as the built-in catalogs name theirs:
//! short and usable in a profile's scope); controls and their enhancements become requirements
//! with their label as id (`AC-2`, `AC-2(1)`); the statement, flattened with its parameters
//! rendered, is the description. An enhancement adds to its control, it is not a part of it: it
//! gets no `parent` (the engine would hold the control unmet until every enhancement is met) and
//! its title starts with its control's, as NIST prints it (`Account Management | Automated System
//! Account Management`). Withdrawn controls are skipped and counted.
//!
//! **Invariant:** pure. Text in, a catalog and statistics out; no file system, no clock.

mod oscal;
mod prose;
mod read;

pub use read::{read_catalog, read_profile, OscalCatalog, OscalProfile, Syntax};

use crate::oscal::{Control, Group};
use crosswalk_model::{Applicability, FieldPath, FrameworkCatalog, FrameworkInfo, Level, Requirement, Semantics};
use schemars::JsonSchema;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};

/// What an import wrote and skipped.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Statistics {
    /// Requirements written: controls and enhancements.
    pub requirements: usize,
    /// Of those, controls (top-level in their group).
    pub controls: usize,
    /// Of those, enhancements (controls nested in a control).
    pub enhancements: usize,
    /// Groups the written requirements fall in.
    pub groups: usize,
    /// Withdrawn controls and enhancements skipped (of the selection, with a profile).
    pub withdrawn: usize,
    /// The profile's selection, when a profile narrowed the catalog.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub profile: Option<SelectionStatistics>,
}

/// How a profile narrowed the catalog.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, JsonSchema)]
pub struct SelectionStatistics {
    /// Control ids the profile includes by name.
    pub selected: usize,
    /// Controls and enhancements of the catalog (not withdrawn) the profile leaves out.
    pub not_selected: usize,
    /// Ids the profile includes or excludes that the catalog does not have, in the profile's
    /// order.
    pub missing: Vec<String>,
}

/// A framework catalog made from an OSCAL catalog, and what making it counted.
#[derive(Debug, Clone)]
pub struct Import {
    pub catalog: FrameworkCatalog,
    pub statistics: Statistics,
    /// Written controls whose requirement ids collide, in the catalog's order: a framework file
    /// with them would not load (`framework::duplicate-id`), so the import must refuse it.
    pub collisions: Vec<Collision>,
}

/// Two controls of the catalog that become requirements with the same id (a repeated OSCAL id,
/// or a repeated `label`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Collision {
    /// The requirement id both would have.
    pub id: String,
    /// The control written first: its OSCAL id and where it is in the catalog.
    pub first: (String, FieldPath),
    /// The control that repeats the id.
    pub second: (String, FieldPath),
}

/// The group of controls written outside any group.
const UNGROUPED: &str = "ungrouped";

/// Turns `catalog` into a framework catalog with id `id`, keeping only what `profile` selects
/// when one is given.
pub fn import(catalog: &OscalCatalog, id: &str, profile: Option<&OscalProfile>) -> Import {
    let catalog = &catalog.0;
    let mut params = prose::Params::default();
    params.add(&catalog.params);
    add_params(&mut params, &catalog.groups, &catalog.controls);
    let mut walk = Walk {
        params,
        selection: profile.map(Selection::new),
        requirements: Vec::new(),
        groups: HashSet::new(),
        seen: HashSet::new(),
        written: HashMap::new(),
        collisions: Vec::new(),
        statistics: Statistics { profile: profile.map(|_| SelectionStatistics::default()), ..Statistics::default() },
    };
    let root = FieldPath::root().key("catalog");
    for (index, control) in catalog.controls.iter().enumerate() {
        walk.control(control, &root.key("controls").index(index), UNGROUPED, None, Inherited::Nothing);
    }
    for (index, group) in catalog.groups.iter().enumerate() {
        walk.group(group, &root.key("groups").index(index));
    }
    let mut statistics = walk.statistics;
    statistics.requirements = walk.requirements.len();
    statistics.groups = walk.groups.len();
    if let (Some(selection), Some(profile)) = (&walk.selection, statistics.profile.as_mut()) {
        profile.selected = selection.included.len();
        profile.missing = selection.named.iter().filter(|id| !walk.seen.contains(id.as_str())).cloned().collect();
    }
    let info = FrameworkInfo {
        id: id.to_owned(),
        name: catalog.metadata.title.split_whitespace().collect::<Vec<_>>().join(" "),
        version: catalog.metadata.version.clone(),
        publisher: publisher(&catalog.metadata),
    };
    Import {
        catalog: FrameworkCatalog { framework: info, semantics: Some(tailored_semantics()), requirements: walk.requirements },
        statistics,
        collisions: walk.collisions,
    }
}

/// What an imported catalog starts with: every control applies at `implemented` unless the
/// organization excludes it with a justification, which is how a control baseline is tailored
/// (and what an assessor asks to see). The file says so in comments; a person changes it there.
fn tailored_semantics() -> Semantics {
    Semantics {
        demand: Level::Implemented,
        group_demands: BTreeMap::new(),
        requirement_demands: BTreeMap::new(),
        applicability: Applicability::Exclusions,
        always_applies: Vec::new(),
    }
}

/// The framework file an import writes: a note on what to do next, then the catalog as YAML.
pub fn framework_file(catalog: &FrameworkCatalog) -> Result<String, String> {
    let body = crosswalk_model::yaml::to_string(catalog)?;
    Ok(format!(
        "# {} {}, imported from an OSCAL catalog by `crosswalk import oscal`.\n\
         # Its requirements are not mapped yet: map each onto hub objectives (`mappings`), or say why not (`unmapped`);\n\
         # `crosswalk map suggest` ranks candidates for review. `semantics` starts as a tailored baseline: every\n\
         # requirement applies at `implemented` unless the profile's `scope.<id>.exclusions` excludes it with a\n\
         # justification; raise `demand` (or per group, `group_demands`) where the organization commits to more.\n{body}",
        catalog.framework.name, catalog.framework.version
    ))
}

fn add_params<'c>(params: &mut prose::Params<'c>, groups: &'c [Group], controls: &'c [Control]) {
    for control in controls {
        params.add(&control.params);
        add_params(params, &[], &control.controls);
    }
    for group in groups {
        params.add(&group.params);
        add_params(params, &group.groups, &group.controls);
    }
}

/// The party the metadata names as publisher, else as creator, else the first party.
fn publisher(metadata: &oscal::Metadata) -> String {
    let named = |role: &str| {
        let uuids = metadata.responsible_parties.iter().find(|responsible| responsible.role_id == role)?;
        let names: Vec<&str> = uuids
            .party_uuids
            .iter()
            .filter_map(|uuid| metadata.parties.iter().find(|party| &party.uuid == uuid)?.name.as_deref())
            .collect();
        (!names.is_empty()).then(|| names.join(", "))
    };
    named("publisher")
        .or_else(|| named("creator"))
        .or_else(|| metadata.parties.iter().find_map(|party| party.name.clone()))
        .unwrap_or_else(|| "not stated in the catalog".to_owned())
}

/// What a control passes on to its enhancements through the profile's `with-child-controls`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Inherited {
    Nothing,
    Included,
    Excluded,
}

/// A profile's selection: ids included (or all), ids excluded, and those whose enhancements
/// follow them.
#[derive(Debug)]
struct Selection {
    all: bool,
    included: HashSet<String>,
    excluded: HashSet<String>,
    with_children: HashSet<String>,
    /// Every id the profile names, in its order, once.
    named: Vec<String>,
}

impl Selection {
    fn new(profile: &OscalProfile) -> Self {
        let mut selection =
            Selection { all: false, included: HashSet::new(), excluded: HashSet::new(), with_children: HashSet::new(), named: Vec::new() };
        let mut named = HashSet::new();
        for import in &profile.0.imports {
            // OSCAL 1.1 makes the includes optional: an import without any includes everything.
            selection.all |= import.include_all.is_some() || import.include_controls.is_empty();
            for (selections, included) in [(&import.include_controls, true), (&import.exclude_controls, false)] {
                for select in selections {
                    for id in &select.with_ids {
                        if named.insert(id.clone()) {
                            selection.named.push(id.clone());
                        }
                        if select.with_child_controls.as_deref() == Some("yes") {
                            selection.with_children.insert(id.clone());
                        }
                        if included {
                            selection.included.insert(id.clone());
                        } else {
                            selection.excluded.insert(id.clone());
                        }
                    }
                }
            }
        }
        selection
    }

    /// Whether the control `id` is selected, given what its parent passes on; and what it
    /// passes on to its own enhancements.
    fn judge(&self, id: &str, inherited: Inherited) -> (bool, Inherited) {
        let children = self.with_children.contains(id);
        if self.excluded.contains(id) {
            return (false, if children { Inherited::Excluded } else { inherited });
        }
        if inherited == Inherited::Excluded {
            return (false, Inherited::Excluded);
        }
        let selected = self.all || self.included.contains(id) || inherited == Inherited::Included;
        (selected, if children && selected { Inherited::Included } else { inherited })
    }
}

struct Walk<'c> {
    params: prose::Params<'c>,
    selection: Option<Selection>,
    requirements: Vec<Requirement>,
    groups: HashSet<String>,
    /// Every control id of the catalog, to report the profile's ids it lacks.
    seen: HashSet<&'c str>,
    /// Every requirement id written, with the control's OSCAL id and path.
    written: HashMap<String, (String, FieldPath)>,
    collisions: Vec<Collision>,
    statistics: Statistics,
}

impl<'c> Walk<'c> {
    fn group(&mut self, group: &'c Group, path: &FieldPath) {
        let name = group.id.clone().unwrap_or_else(|| slug(&group.title));
        for (index, control) in group.controls.iter().enumerate() {
            self.control(control, &path.key("controls").index(index), &name, None, Inherited::Nothing);
        }
        for (index, nested) in group.groups.iter().enumerate() {
            self.group(nested, &path.key("groups").index(index));
        }
    }

    /// Writes `control` unless it is withdrawn or not selected, then its enhancements. `base` is
    /// the title of the control an enhancement is nested in (itself prefixed by its own base),
    /// whether or not that control is written: the enhancement's title starts with it.
    fn control(&mut self, control: &'c Control, path: &FieldPath, group: &str, base: Option<&str>, inherited: Inherited) {
        self.seen.insert(&control.id);
        let (selected, passed_on) = match &self.selection {
            Some(selection) => selection.judge(&control.id, inherited),
            None => (true, Inherited::Nothing),
        };
        let withdrawn = control.props.iter().any(|prop| prop.name == "status" && prop.value.eq_ignore_ascii_case("withdrawn"));
        let own = control.title.split_whitespace().collect::<Vec<_>>().join(" ");
        let title = match base {
            Some(base) => format!("{base} | {own}"),
            None => own,
        };
        if selected && withdrawn {
            self.statistics.withdrawn += 1;
        } else if selected {
            let id = prose::label(&control.props).unwrap_or(&control.id).to_owned();
            if base.is_some() {
                self.statistics.enhancements += 1;
            } else {
                self.statistics.controls += 1;
            }
            self.groups.insert(group.to_owned());
            let here = (control.id.clone(), path.clone());
            match self.written.get(&id) {
                Some(first) => self.collisions.push(Collision { id: id.clone(), first: first.clone(), second: here }),
                None => {
                    self.written.insert(id.clone(), here);
                }
            }
            self.requirements.push(Requirement {
                id,
                title: title.clone(),
                group: group.to_owned(),
                // An enhancement adds to its control; it is not a sub-requirement of it.
                parent: None,
                implementation: None,
                description: self.params.statement(control),
                mappings: Vec::new(),
                unmapped: None,
            });
        } else if !withdrawn {
            if let Some(profile) = self.statistics.profile.as_mut() {
                profile.not_selected += 1;
            }
        }
        for (index, child) in control.controls.iter().enumerate() {
            self.control(child, &path.key("controls").index(index), group, Some(&title), passed_on);
        }
    }
}

/// A group id made from a title, for groups without one: `Access Control` → `access-control`.
fn slug(title: &str) -> String {
    let lower = title.to_lowercase();
    let words: Vec<&str> = lower.split(|c: char| !c.is_alphanumeric()).filter(|word| !word.is_empty()).collect();
    words.join("-")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn imported(catalog: &str, profile: Option<&str>) -> Import {
        let catalog = read_catalog(catalog, Syntax::Yaml).unwrap_or_else(|error| panic!("{error:?}"));
        let profile = profile.map(|text| read_profile(text, Syntax::Yaml).unwrap_or_else(|error| panic!("{error:?}")));
        import(&catalog, "test", profile.as_ref())
    }

    fn requirement<'i>(import: &'i Import, id: &str) -> &'i Requirement {
        import.catalog.requirement(id).unwrap_or_else(|| panic!("no requirement {id}"))
    }

    const CATALOG: &str = r##"
catalog:
  uuid: 0b0e9c5c
  metadata:
    title: "Example   Controls"
    version: 2.1
    parties:
      - {uuid: p1, type: organization, name: Example Board}
      - {uuid: p2, type: organization, name: Example Office}
    responsible-parties:
      - {role-id: contact, party-uuids: [p1]}
      - {role-id: creator, party-uuids: [p2]}
  groups:
    - id: ac
      class: family
      title: Access Control
      controls:
        - id: ac-1
          title: Policy
          params:
            - {id: ac-1_prm_1, label: organization-defined frequency}
            - id: ac-1_prm_2
              select: {how-many: one-or-more, choice: [organization-level, "system-level every {{ insert: param, ac-1_prm_1 }}"]}
            - {id: ac-1_prm_3, select: {choice: [remove, disable]}}
            - {id: ac-1_prm_4, values: [24 hours]}
            - {id: ac-1_prm_5, guidelines: [{prose: the people to tell}]}
          props:
            - {name: label, value: AC-01, class: zero-padded}
            - {name: label, value: AC-1}
          parts:
            - id: ac-1_smt
              name: statement
              prose: "The   organization:"
              parts:
                - id: ac-1_smt.a
                  name: item
                  props: [{name: label, value: a.}]
                  prose: "Reviews the policy {{ insert: param, ac-1_prm_1 }}  at the {{insert:param,ac-1_prm_2}} level;"
                  parts:
                    - {id: ac-1_smt.a.1, name: item, props: [{name: label, value: "1."}], prose: "Then {{ insert: param, ac-1_prm_3 }} stale accounts"}
                    - {id: ac-1_smt.a.2, name: item, props: [{name: label, value: "2."}], prose: "Within {{ insert: param, ac-1_prm_4 }}, tell {{ insert: param, ac-1_prm_5 }}; and"}
                    - {id: ac-1_smt.a.3, name: item, props: [{name: label, value: "3."}], prose: "Logs {{ insert: param, ac-1_prm_9 }}."}
                - {id: ac-1_smt.b, name: item, props: [{name: label, value: b.}], prose: "Keeps\nrecords"}
            - {id: ac-1_gdn, name: guidance, prose: Not part of the statement.}
          controls:
            - id: ac-1.1
              title: Automated Review
              props: [{name: label, value: AC-1(1)}]
              parts: [{id: ac-1.1_smt, name: statement, prose: Automate it.}]
              controls:
                - id: ac-1.1.1
                  title: Deeper
                  props: [{name: label, value: AC-1(1)(a)}]
            - id: ac-1.2
              title: Old Review
              props: [{name: label, value: AC-1(2)}, {name: status, value: withdrawn}]
              links: [{href: "#ac-1", rel: incorporated-into}]
        - id: ac-2
          title: Withdrawn Control
          props: [{name: label, value: AC-2}, {name: status, value: Withdrawn}]
          controls:
            - {id: ac-2.1, title: Orphan, props: [{name: label, value: AC-2(1)}]}
      groups:
        - title: Remote  Access
          controls:
            - {id: ac-17, title: Remote, props: [{name: label, value: AC-17}]}
  controls:
    - {id: top-1, title: Loose Control}
  back-matter: {resources: []}
"##;

    #[test]
    fn statements_are_flattened_with_parameters_rendered() {
        let import = imported(CATALOG, None);
        assert_eq!(
            requirement(&import, "AC-1").description,
            "The organization: a. Reviews the policy [organization-defined frequency] at the [one or more of: organization-level, \
             system-level every [organization-defined frequency]] level; 1. Then [one of: remove, disable] stale accounts; \
             2. Within [24 hours], tell [the people to tell]; and 3. Logs [ac-1_prm_9]. b. Keeps records"
        );
        assert_eq!(requirement(&import, "AC-1(1)").description, "Automate it.");
        assert_eq!(requirement(&import, "AC-17").description, "", "a control without a statement has an empty description");
    }

    #[test]
    fn controls_and_enhancements_become_requirements_under_their_group() {
        let import = imported(CATALOG, None);
        let rows: Vec<(&str, &str, &str)> =
            import.catalog.requirements.iter().map(|r| (r.id.as_str(), r.title.as_str(), r.group.as_str())).collect();
        assert_eq!(
            rows,
            [
                ("top-1", "Loose Control", "ungrouped"),
                ("AC-1", "Policy", "ac"),
                // An enhancement's title starts with its control's, as NIST prints it.
                ("AC-1(1)", "Policy | Automated Review", "ac"),
                ("AC-1(1)(a)", "Policy | Automated Review | Deeper", "ac"),
                // Its control is withdrawn, and still names what it enhances.
                ("AC-2(1)", "Withdrawn Control | Orphan", "ac"),
                ("AC-17", "Remote", "remote-access"),
            ]
        );
        // An enhancement adds to its control, it is not a part of it: a parent would hold the
        // control unmet until every enhancement is met.
        assert!(import.catalog.requirements.iter().all(|r| r.parent.is_none()), "no enhancement is written as a child");
        assert!(import.catalog.requirements.iter().all(|r| r.mappings.is_empty() && r.unmapped.is_none()), "not mapped yet");
        let statistics = Statistics { requirements: 6, controls: 3, enhancements: 3, groups: 3, withdrawn: 2, profile: None };
        assert_eq!(import.statistics, statistics);
    }

    #[test]
    fn controls_whose_requirement_ids_collide_are_reported() {
        assert!(imported(CATALOG, None).collisions.is_empty());
        // A repeated OSCAL id (no labels), then a repeated label on different ids.
        let repeated = r#"
catalog:
  metadata: {title: T, version: '1'}
  groups:
    - id: g
      title: G
      controls:
        - {id: a-1, title: A, controls: [{id: a-1.1, title: A1}]}
        - {id: a-1, title: Again}
        - {id: b-1, title: B, props: [{name: label, value: B-1}]}
    - id: h
      title: H
      controls:
        - {id: b-2, title: B2, props: [{name: label, value: B-1}]}
        - {id: b-3, title: Withdrawn, props: [{name: label, value: B-1}, {name: status, value: withdrawn}]}
"#;
        let found: Vec<(String, String, String, String, String)> = imported(repeated, None)
            .collisions
            .into_iter()
            .map(|c| (c.id, c.first.0, c.first.1.to_string(), c.second.0, c.second.1.to_string()))
            .collect();
        let row =
            |id: &str, a: &str, at: &str, b: &str, bt: &str| (id.to_owned(), a.to_owned(), at.to_owned(), b.to_owned(), bt.to_owned());
        assert_eq!(
            found,
            [
                row("a-1", "a-1", "catalog.groups[0].controls[0]", "a-1", "catalog.groups[0].controls[1]"),
                // A withdrawn control is not written, so it collides with nothing.
                row("B-1", "b-1", "catalog.groups[0].controls[2]", "b-2", "catalog.groups[1].controls[0]"),
            ]
        );
        // A profile selecting one of the two leaves no collision.
        let one = "profile:\n  imports:\n    - href: '#x'\n      include-controls: [{with-ids: [b-1]}]\n";
        assert!(imported(repeated, Some(one)).collisions.is_empty());
    }

    #[test]
    fn the_framework_is_described_by_the_metadata() {
        let info = imported(CATALOG, None).catalog.framework;
        assert_eq!((info.id.as_str(), info.name.as_str(), info.version.as_str()), ("test", "Example Controls", "2.1"));
        assert_eq!(info.publisher, "Example Office", "the creator, no publisher being named");
        let without_parties = "catalog:\n  metadata: {title: T, version: '1'}\n";
        assert_eq!(imported(without_parties, None).catalog.framework.publisher, "not stated in the catalog");
    }

    #[test]
    fn a_profile_narrows_the_catalog_and_reports_what_it_lacks() {
        let profile = r#"
profile:
  imports:
    - href: https://example.invalid/remote-catalog.json
      include-controls:
        - with-ids: [ac-1.1, ac-2, ac-17, zz-9]
"#;
        let import = imported(CATALOG, Some(profile));
        let ids: Vec<&str> = import.catalog.requirements.iter().map(|r| r.id.as_str()).collect();
        // AC-1 is not selected, so its selected enhancement stands alone.
        assert_eq!(ids, ["AC-1(1)", "AC-17"]);
        assert_eq!(requirement(&import, "AC-1(1)").title, "Policy | Automated Review", "its control is not selected, and still named");
        let selection = SelectionStatistics { selected: 4, not_selected: 4, missing: vec!["zz-9".to_owned()] };
        let statistics = Statistics { requirements: 2, controls: 1, enhancements: 1, groups: 2, withdrawn: 1, profile: Some(selection) };
        assert_eq!(import.statistics, statistics);
    }

    #[test]
    fn child_controls_follow_their_control_in_and_out() {
        let profile = r##"
profile:
  imports:
    - href: "#catalog"
      include-controls:
        - {with-ids: [ac-1], with-child-controls: "yes"}
      exclude-controls:
        - {with-ids: [ac-1.1], with-child-controls: "yes"}
"##;
        let import = imported(CATALOG, Some(profile));
        let ids: Vec<&str> = import.catalog.requirements.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, ["AC-1"], "AC-1(1) and its child are excluded, AC-1(2) is withdrawn");
        assert_eq!(import.statistics.withdrawn, 1);
        let include_all = "profile:\n  imports:\n    - href: '#x'\n      include-all: {}\n      exclude-controls: [{with-ids: [top-1]}]\n";
        let import = imported(CATALOG, Some(include_all));
        assert_eq!(import.statistics.requirements, 5);
        assert_eq!(import.statistics.profile.map(|p| (p.selected, p.not_selected)), Some((0, 1)));
    }

    #[test]
    fn the_framework_file_reads_back_as_the_same_catalog() {
        let import = imported(CATALOG, None);
        let text = framework_file(&import.catalog).unwrap_or_default();
        assert!(text.starts_with("# Example Controls 2.1, imported from an OSCAL catalog"), "{text}");
        let read: FrameworkCatalog = crosswalk_model::yaml::parse(&text).unwrap_or_else(|error| panic!("{error:?}"));
        assert_eq!(serde_json::to_value(&read).ok(), serde_json::to_value(&import.catalog).ok());
    }

    #[test]
    fn json_and_yaml_import_alike() {
        let json = r#"{"catalog": {"metadata": {"title": "T", "version": "1"}, "groups": [{"id": "g", "title": "G",
            "controls": [{"id": "c-1", "title": "C", "props": [{"name": "label", "value": "C-1"}],
            "parts": [{"name": "statement", "prose": "Do {{ insert: param, p }}."}], "params": [{"id": "p", "label": "x"}]}]}]}}"#;
        let yaml = "catalog:\n  metadata: {title: T, version: '1'}\n  groups:\n    - id: g\n      title: G\n      controls:\n        - id: c-1\n          title: C\n          props: [{name: label, value: C-1}]\n          parts: [{name: statement, prose: 'Do {{ insert: param, p }}.'}]\n          params: [{id: p, label: x}]\n";
        let from = |text: &str, syntax: Syntax| {
            let catalog = read_catalog(text, syntax).unwrap_or_else(|error| panic!("{error:?}"));
            serde_json::to_value(import(&catalog, "t", None).catalog).ok()
        };
        let json = from(json, Syntax::Json);
        assert_eq!(json.as_ref().and_then(|v| v.pointer("/requirements/0/description")).and_then(|v| v.as_str()), Some("Do [x]."));
        assert_eq!(json, from(yaml, Syntax::Yaml));
    }
}
