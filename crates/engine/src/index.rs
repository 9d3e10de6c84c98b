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
    /// Functions some system supports, most critical first: what an organization-wide control
    /// protects, worked out once rather than per control.
    supported_functions: Vec<&'a Function>,
    supported_best_tier: Option<u8>,
    supported_tier_one: Vec<&'a str>,
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
        let functions: HashMap<&str, &Function> = profile.functions.iter().map(|f| (f.id.as_str(), f)).collect();
        let supported: BTreeSet<&str> = profile.systems.iter().flat_map(|s| s.functions.iter().map(String::as_str)).collect();
        let mut supported_functions: Vec<&Function> = supported.into_iter().filter_map(|id| functions.get(id).copied()).collect();
        supported_functions.sort_by_key(|f| (f.tier, f.id.as_str()));
        Self {
            objectives: hub.objectives.iter().map(|o| (o.id.as_str(), o)).collect(),
            people: profile.people.iter().map(|p| (p.id.as_str(), p)).collect(),
            functions,
            systems: profile.systems.iter().map(|s| (s.id.as_str(), s)).collect(),
            all_systems: profile.systems.iter().map(|s| s.id.as_str()).collect(),
            controls_by_objective,
            control_positions: profile.controls.iter().enumerate().map(|(position, c)| (c.id.as_str(), position)).collect(),
            supported_best_tier: supported_functions.iter().map(|f| f.tier).min(),
            supported_tier_one: supported_functions.iter().filter(|f| f.tier == 1).map(|f| f.id.as_str()).collect(),
            supported_functions,
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

    /// Systems that must be covered for `objective`: they support an in-scope or a tier-1
    /// function, and the objective applies to their kind.
    pub(crate) fn systems_needing(&self, objective: &'a Objective) -> impl Iterator<Item = &'a System> + '_ {
        self.all_systems.iter().filter_map(|id| self.system(id)).filter(move |system| {
            objective.applies_to_kind(system.kind)
                && system.functions.iter().filter_map(|f| self.function(f)).any(|function| function.in_scope || function.tier == 1)
        })
    }

    /// The business functions supported by the listed systems, most critical first.
    pub(crate) fn functions_of(&self, systems: &[String]) -> Vec<&'a Function> {
        let functions: BTreeSet<&str> =
            systems.iter().filter_map(|id| self.system(id)).flat_map(|system| system.functions.iter().map(String::as_str)).collect();
        let mut functions: Vec<&Function> = functions.into_iter().filter_map(|id| self.function(id)).collect();
        functions.sort_by_key(|f| (f.tier, f.id.as_str()));
        functions
    }

    /// Every function some system supports, most critical first: what an organization-wide
    /// control protects.
    pub(crate) fn supported_functions(&self) -> &[&'a Function] {
        &self.supported_functions
    }

    /// The tier-1 functions among the supported ones, by id.
    pub(crate) fn supported_tier_one(&self) -> &[&'a str] {
        &self.supported_tier_one
    }

    /// The most critical tier among the supported functions.
    pub(crate) fn supported_best_tier(&self) -> Option<u8> {
        self.supported_best_tier
    }
}
