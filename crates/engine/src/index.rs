//! Lookups built once per evaluation so every later step is a hash probe: evaluation stays
//! linear in the size of the inputs.

use crosswalk_model::profile::{Function, Person, System};
use crosswalk_model::{Hub, Objective, Profile};
use std::collections::{BTreeSet, HashMap};

pub(crate) struct Index<'a> {
    objectives: HashMap<&'a str, &'a Objective>,
    people: HashMap<&'a str, &'a Person>,
    functions: HashMap<&'a str, &'a Function>,
    systems: HashMap<&'a str, &'a System>,
    all_systems: Vec<&'a str>,
    /// Positions in `profile.controls` of the controls implementing each objective.
    controls_by_objective: HashMap<&'a str, Vec<usize>>,
    control_positions: HashMap<&'a str, usize>,
    /// Ids of the people who may decide for each hub domain, sorted.
    deciders_by_domain: HashMap<&'a str, Vec<&'a str>>,
}

impl<'a> Index<'a> {
    pub(crate) fn new(hub: &'a Hub, profile: &'a Profile) -> Self {
        let mut controls_by_objective: HashMap<&str, Vec<usize>> = HashMap::new();
        for (position, control) in profile.controls.iter().enumerate() {
            for objective in &control.objectives {
                let implementers = controls_by_objective.entry(objective.as_str()).or_default();
                if implementers.last() != Some(&position) {
                    implementers.push(position);
                }
            }
        }
        Self {
            objectives: hub.objectives.iter().map(|o| (o.id.as_str(), o)).collect(),
            people: profile.people.iter().map(|p| (p.id.as_str(), p)).collect(),
            functions: profile.functions.iter().map(|f| (f.id.as_str(), f)).collect(),
            systems: profile.systems.iter().map(|s| (s.id.as_str(), s)).collect(),
            all_systems: profile.systems.iter().map(|s| s.id.as_str()).collect(),
            controls_by_objective,
            control_positions: profile.controls.iter().enumerate().map(|(position, c)| (c.id.as_str(), position)).collect(),
            deciders_by_domain: hub
                .domains
                .iter()
                .map(|domain| {
                    let mut ids: Vec<&str> =
                        profile.people.iter().filter(|p| p.may_decide_for(&domain.id)).map(|p| p.id.as_str()).collect();
                    ids.sort_unstable();
                    (domain.id.as_str(), ids)
                })
                .collect(),
        }
    }

    /// People who may decide for every one of `domains` (at least one), by id, sorted.
    pub(crate) fn people_deciding_all(&self, domains: &[&str]) -> Vec<String> {
        let Some((first, rest)) = domains.split_first() else { return Vec::new() };
        let candidates = self.deciders_by_domain.get(first).map(Vec::as_slice).unwrap_or_default();
        candidates
            .iter()
            .filter(|id| self.person(id).is_some_and(|person| rest.iter().all(|domain| person.may_decide_for(domain))))
            .map(|id| (*id).to_owned())
            .collect()
    }

    /// The position in `profile.controls` of the control with this id.
    pub(crate) fn control_position(&self, id: &str) -> Option<usize> {
        self.control_positions.get(id).copied()
    }

    pub(crate) fn objective(&self, id: &str) -> Option<&'a Objective> {
        self.objectives.get(id).copied()
    }

    pub(crate) fn person(&self, id: &str) -> Option<&'a Person> {
        self.people.get(id).copied()
    }

    pub(crate) fn function(&self, id: &str) -> Option<&'a Function> {
        self.functions.get(id).copied()
    }

    pub(crate) fn system(&self, id: &str) -> Option<&'a System> {
        self.systems.get(id).copied()
    }

    pub(crate) fn controls_for(&self, objective: &str) -> &[usize] {
        self.controls_by_objective.get(objective).map(Vec::as_slice).unwrap_or_default()
    }

    /// The systems a control covers: those it lists, or every system when it lists none.
    pub(crate) fn systems_covered<'s>(&'s self, listed: Option<&'s [String]>) -> Vec<&'s str> {
        match listed {
            Some(listed) => listed.iter().map(String::as_str).collect(),
            None => self.all_systems.clone(),
        }
    }

    /// Systems that must be covered for `objective`: they support an in-scope or a tier-1
    /// function, and the objective applies to their kind.
    pub(crate) fn systems_needing(&self, objective: &'a Objective) -> impl Iterator<Item = &'a System> + '_ {
        self.all_systems.iter().filter_map(|id| self.system(id)).filter(move |system| {
            objective.applies_to_kind(system.kind)
                && system.functions.iter().filter_map(|f| self.function(f)).any(|function| function.in_scope || function.tier == 1)
        })
    }

    /// The business functions supported by the given systems (every system when `None`), sorted.
    pub(crate) fn functions_of(&self, systems: Option<&[String]>) -> Vec<String> {
        let functions: BTreeSet<&str> = self
            .systems_covered(systems)
            .into_iter()
            .filter_map(|id| self.system(id))
            .flat_map(|system| system.functions.iter().map(String::as_str))
            .filter(|id| self.functions.contains_key(id))
            .collect();
        functions.into_iter().map(str::to_owned).collect()
    }
}
