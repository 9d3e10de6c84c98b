//! NIST Cybersecurity Framework 2.0. CSF asks an organization to choose its own target: a
//! target profile of the subcategories it commits to, at an implementation tier describing how
//! rigorous its practice is. Only the target is in scope; every other subcategory is not
//! applicable. The tier sets the assurance each committed subcategory demands: Tier 1 (Partial,
//! ad hoc) `documented`, Tier 2 (Risk Informed, approved and in place) `implemented`, Tier 3
//! (Repeatable, consistent practice kept current) `operating`, Tier 4 (Adaptive, improved from
//! tests and lessons learned) `verified`. Functions and categories are headings judged by their
//! subcategories.
//!
//! This crate has no `inventory` registration: its `cdylib` is loaded as a run-time plugin
//! (`export_plugin!` below; crosswalk.yaml `plugins:` or `--plugin`), and tests build it directly
//! with [`plugin`].

use crosswalk_model::framework::UnmappedReason;
use crosswalk_plugin_api::{
    missing_scope_section, parse_catalog, parse_section, section_path, section_schema, CatalogError, Context, Demand, FrameworkCatalog,
    FrameworkPlugin, Judgement, Level, Prepared, Problem, Profile, Requirement, Schema,
};
use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;

pub const ID: &str = "nist-csf";

/// `scope.nist-csf`: the organization's target profile.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CsfScope {
    /// Target implementation tier per function (1 Partial, 2 Risk Informed, 3 Repeatable, 4
    /// Adaptive). Without `subcategories`, every subcategory of a function named here is in the
    /// target; with them, this is the tier of the listed subcategories that name none.
    #[serde(default)]
    pub tiers: BTreeMap<Function, Tier>,
    /// The subcategories the organization commits to (`GV.OC-01`, or `{ id: PR.DS-11, tier: 4 }`
    /// for a tier of its own); only these are in scope.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subcategories: Option<Vec<TargetSubcategory>>,
}

/// A CSF 2.0 function, written as its two-letter id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema)]
pub enum Function {
    #[serde(rename = "GV")]
    Govern,
    #[serde(rename = "ID")]
    Identify,
    #[serde(rename = "PR")]
    Protect,
    #[serde(rename = "DE")]
    Detect,
    #[serde(rename = "RS")]
    Respond,
    #[serde(rename = "RC")]
    Recover,
}

impl Function {
    /// The function's id, which is also the catalog group of its requirements.
    pub fn id(self) -> &'static str {
        match self {
            Function::Govern => "GV",
            Function::Identify => "ID",
            Function::Protect => "PR",
            Function::Detect => "DE",
            Function::Respond => "RS",
            Function::Recover => "RC",
        }
    }

    fn of_group(group: &str) -> Option<Function> {
        [Function::Govern, Function::Identify, Function::Protect, Function::Detect, Function::Respond, Function::Recover]
            .into_iter()
            .find(|function| function.id() == group)
    }
}

/// One subcategory of the target profile: its id alone, or with a tier of its own.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum TargetSubcategory {
    /// A subcategory id (`GV.OC-01`), at its function's tier from `tiers`.
    Id(String),
    /// A subcategory at a tier of its own.
    WithTier(SubcategoryTier),
}

#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SubcategoryTier {
    /// A subcategory id (`PR.DS-11`).
    pub id: String,
    /// Its own target tier, in place of its function's.
    pub tier: Tier,
}

/// A CSF implementation tier as written: 1 Partial, 2 Risk Informed, 3 Repeatable, 4 Adaptive.
/// Any number reads, so one outside 1 to 4 is reported where it is written (`check_scope`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(transparent)]
pub struct Tier(#[schemars(range(min = 1, max = 4))] pub u8);

impl TargetSubcategory {
    pub fn id(&self) -> &str {
        match self {
            TargetSubcategory::Id(id) | TargetSubcategory::WithTier(SubcategoryTier { id, .. }) => id,
        }
    }

    fn tier(&self) -> Option<u8> {
        match self {
            TargetSubcategory::Id(_) => None,
            TargetSubcategory::WithTier(entry) => Some(entry.tier.0),
        }
    }
}

/// Read by hand rather than `untagged`, so an entry of the wrong shape says which shapes fit and
/// a typo inside `{ id, tier }` is located at its field.
impl<'de> Deserialize<'de> for TargetSubcategory {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct EntryVisitor;
        impl<'de> serde::de::Visitor<'de> for EntryVisitor {
            type Value = TargetSubcategory;
            fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
                formatter.write_str("a subcategory id such as `GV.OC-01`, or `{ id: GV.OC-01, tier: 3 }`")
            }
            fn visit_str<E: serde::de::Error>(self, id: &str) -> Result<Self::Value, E> {
                Ok(TargetSubcategory::Id(id.to_owned()))
            }
            fn visit_map<M: serde::de::MapAccess<'de>>(self, map: M) -> Result<Self::Value, M::Error> {
                SubcategoryTier::deserialize(serde::de::value::MapAccessDeserializer::new(map)).map(TargetSubcategory::WithTier)
            }
        }
        deserializer.deserialize_any(EntryVisitor)
    }
}

/// A CSF implementation tier's name and the assurance it demands of a committed subcategory.
fn tier(tier: u8) -> Option<(&'static str, Level)> {
    match tier {
        1 => Some(("Partial", Level::Documented)),
        2 => Some(("Risk Informed", Level::Implemented)),
        3 => Some(("Repeatable", Level::Operating)),
        4 => Some(("Adaptive", Level::Verified)),
        _ => None,
    }
}

const TIER_HINT: &str = "CSF tiers are 1 (Partial), 2 (Risk Informed), 3 (Repeatable) and 4 (Adaptive)";

/// The prepared scope: the section as written and the target it resolves to.
#[derive(Debug, Default)]
struct Target {
    section: Option<CsfScope>,
    /// Each subcategory in the target profile with its tier; what `check_scope` refuses is left out.
    subcategories: HashMap<String, u8>,
}

#[derive(Debug)]
struct NistCsf {
    catalog: FrameworkCatalog,
}

/// Builds the plugin from its embedded catalog.
pub fn plugin() -> Result<Box<dyn FrameworkPlugin>, CatalogError> {
    let catalog = parse_catalog("frameworks/nist-csf.yaml", include_str!("../../../frameworks/nist-csf.yaml"))?;
    Ok(Box::new(NistCsf { catalog }))
}

// The crate's cdylib is this plugin as a library crosswalk loads at run time.
crosswalk_plugin_sdk::export_plugin!(plugin);

fn is_heading(requirement: &Requirement) -> bool {
    requirement.unmapped.as_ref().is_some_and(|unmapped| unmapped.reason == UnmappedReason::Heading)
}

impl NistCsf {
    fn subcategory(&self, id: &str) -> Option<&Requirement> {
        self.catalog.requirement(id).filter(|requirement| !is_heading(requirement))
    }

    /// The tier a listed subcategory is held to: its own, else its function's.
    fn tier_of(&self, scope: &CsfScope, entry: &TargetSubcategory) -> Option<u8> {
        let function = Function::of_group(&self.subcategory(entry.id())?.group)?;
        entry.tier().or_else(|| scope.tiers.get(&function).map(|tier| tier.0))
    }

    fn resolve(&self, scope: &CsfScope) -> HashMap<String, u8> {
        match &scope.subcategories {
            Some(entries) => entries
                .iter()
                .filter_map(|entry| Some((entry.id().to_owned(), self.tier_of(scope, entry).filter(|&t| tier(t).is_some())?)))
                .collect(),
            None => self
                .catalog
                .requirements
                .iter()
                .filter(|requirement| !is_heading(requirement))
                .filter_map(|requirement| {
                    let tier_number = scope.tiers.get(&Function::of_group(&requirement.group)?)?.0;
                    tier(tier_number).map(|_| (requirement.id.clone(), tier_number))
                })
                .collect(),
        }
    }

    fn check_entries(&self, scope: &CsfScope, entries: &[TargetSubcategory]) -> Vec<Problem> {
        let path = section_path(ID).key("subcategories");
        if entries.is_empty() {
            return vec![Problem::new(
                "nist-csf::empty-target",
                path,
                "the target profile lists no subcategory, so nothing of NIST CSF would be in scope",
                "list the subcategories the organization commits to, or remove `subcategories` and set `tiers` per function",
            )];
        }
        let mut problems = Vec::new();
        let mut seen = HashSet::new();
        for (index, entry) in entries.iter().enumerate() {
            let entry_path = match entry {
                TargetSubcategory::Id(_) => path.index(index),
                TargetSubcategory::WithTier(_) => path.index(index).key("id"),
            };
            let id = entry.id();
            if self.subcategory(id).is_none() {
                problems.push(match self.catalog.requirement(id) {
                    Some(heading) => Problem::new(
                        "nist-csf::heading-in-target",
                        entry_path,
                        format!("{id} is a CSF {} ({}), not a subcategory", if heading.parent.is_some() { "category" } else { "function" }, heading.title),
                        format!("list the subcategories of {id} you commit to (`crosswalk catalog nist-csf`), or set a tier for the whole function under `tiers`"),
                    ),
                    None => Problem::new(
                        "nist-csf::unknown-subcategory",
                        entry_path,
                        format!("`{id}` is not a NIST CSF 2.0 subcategory"),
                        "CSF 2.0 subcategory ids look like `GV.OC-01`; CSF 1.1 ids (`PR.AC-01`, `ID.BE-02`, ...) were withdrawn or moved: list the 2.0 ones with `crosswalk catalog nist-csf`",
                    ),
                });
                continue;
            }
            if !seen.insert(id) {
                problems.push(Problem::new(
                    "nist-csf::duplicate-subcategory",
                    entry_path.clone(),
                    format!("{id} is in the target profile twice"),
                    "keep one entry per subcategory",
                ));
            }
            match entry.tier() {
                Some(number) if tier(number).is_none() => problems.push(Problem::new(
                    "nist-csf::unknown-tier",
                    path.index(index).key("tier"),
                    format!("tier {number} is not a CSF implementation tier"),
                    TIER_HINT,
                )),
                Some(_) => {}
                None if self.tier_of(scope, entry).is_none() => problems.push(Problem::new(
                    "nist-csf::no-tier",
                    entry_path,
                    format!(
                        "{id} has no target tier: it names none and `tiers` sets none for its function {}",
                        self.catalog.requirement(id).map_or("", |r| r.group.as_str())
                    ),
                    format!("write `{{ id: {id}, tier: 3 }}`, or set the function's tier under `tiers`"),
                )),
                None => {}
            }
        }
        let listed: HashSet<Function> =
            entries.iter().filter_map(|entry| Function::of_group(&self.subcategory(entry.id())?.group)).collect();
        for function in scope.tiers.keys().filter(|function| !listed.contains(function)) {
            problems.push(Problem::new(
                "nist-csf::tier-unused",
                section_path(ID).key("tiers").key(function.id()),
                format!("a tier is set for {} but none of its subcategories is in the target list", function.id()),
                format!("add the {} subcategories you commit to under `subcategories`, or remove this tier", function.id()),
            ));
        }
        problems
    }
}

impl FrameworkPlugin for NistCsf {
    fn catalog(&self) -> &FrameworkCatalog {
        &self.catalog
    }

    fn scope_schema(&self) -> Option<Schema> {
        Some(section_schema::<CsfScope>())
    }

    fn prepare(&self, profile: &Profile) -> Result<Prepared, Vec<Problem>> {
        let section = parse_section::<CsfScope>(profile, ID)?;
        let subcategories = section.as_ref().map(|scope| self.resolve(scope)).unwrap_or_default();
        Ok(Box::new(Target { section, subcategories }))
    }

    fn check_scope(&self, _profile: &Profile, scope: &Prepared) -> Vec<Problem> {
        let Some(Target { section: Some(scope), .. }) = scope.downcast_ref::<Target>() else {
            return vec![missing_scope_section(ID, "{ tiers: { GV: 3, ID: 3, PR: 3, DE: 2, RS: 2, RC: 2 } }")];
        };
        let mut problems: Vec<Problem> = scope
            .tiers
            .iter()
            .filter(|(_, number)| tier(number.0).is_none())
            .map(|(function, number)| {
                Problem::new(
                    "nist-csf::unknown-tier",
                    section_path(ID).key("tiers").key(function.id()),
                    format!("tier {} is not a CSF implementation tier", number.0),
                    TIER_HINT,
                )
            })
            .collect();
        match &scope.subcategories {
            Some(entries) => problems.extend(self.check_entries(scope, entries)),
            None if scope.tiers.is_empty() => problems.push(Problem::new(
                "nist-csf::no-target",
                section_path(ID),
                "the NIST CSF section names no target profile",
                "set target tiers per function (`tiers: { GV: 3, PR: 3 }`) or list the subcategories you commit to (`subcategories: [GV.OC-01, ...]`)",
            )),
            None => {}
        }
        problems
    }

    fn describe_scope(&self, context: &Context) -> String {
        let Some(Target { section: Some(scope), subcategories }) = context.scope::<Target>() else {
            return "no NIST CSF target profile".to_owned();
        };
        let total = self.catalog.requirements.iter().filter(|requirement| !is_heading(requirement)).count();
        let tiers: Vec<String> = scope.tiers.iter().map(|(function, number)| format!("{} {}", function.id(), number.0)).collect();
        match (&scope.subcategories, tiers.is_empty()) {
            (Some(_), true) => format!("target profile: {} of {total} subcategories, tiers set per subcategory", subcategories.len()),
            (Some(_), false) => format!("target profile: {} of {total} subcategories; tiers {}", subcategories.len(), tiers.join(", ")),
            (None, _) => format!("target profile: tiers {} ({} of {total} subcategories)", tiers.join(", "), subcategories.len()),
        }
    }

    fn judge(&self, requirement: &Requirement, context: &Context) -> Judgement {
        let Some(Target { section: Some(scope), subcategories }) = context.scope::<Target>() else {
            return Judgement::NotApplicable { reason: "no NIST CSF target profile in the profile".to_owned() };
        };
        if is_heading(requirement) {
            // A function's subcategories start with `GV.`, a category's with `GV.OC-`.
            let under = |id: &String| id.strip_prefix(requirement.id.as_str()).is_some_and(|rest| rest.starts_with(['.', '-']));
            return if subcategories.keys().any(under) {
                Judgement::Evaluate(Demand {
                    level: Level::Documented,
                    judged_on: None,
                    period: None,
                    basis: "NIST CSF heading: judged by the subcategories of the target profile under it".to_owned(),
                })
            } else {
                Judgement::NotApplicable { reason: format!("no subcategory of {} is in the target profile", requirement.id) }
            };
        }
        match subcategories.get(&requirement.id).and_then(|&number| Some((number, tier(number)?))) {
            Some((number, (name, level))) => Judgement::Evaluate(Demand {
                level,
                judged_on: None,
                period: None,
                basis: format!("NIST CSF target profile: Tier {number} ({name}) demands {level}"),
            }),
            None if scope.subcategories.is_some() => {
                Judgement::NotApplicable { reason: "not among the subcategories the target profile commits to".to_owned() }
            }
            None => Judgement::NotApplicable { reason: format!("the target profile sets no tier for the {} function", requirement.group) },
        }
    }
}
