//! `cargo xtask gen-profile --controls N --seed S -o DIR`: writes a synthetic organization profile
//! folder in the exact profile format (`docs/profile.md`), for benchmarks and for trying crosswalk
//! on something bigger than the example.
//!
//! The profile is valid, deterministic (the same N and seed give byte-identical files), implements
//! every hub objective with at least one control (the hub is read from `frameworks/hub.yaml`, so new
//! objectives are picked up), and plants a realistic share of what the governance signals look for,
//! dated against a fixed "as of" of 2026-11-30. YAML is written as text: it is fast, and the files
//! read like a hand-written profile.

mod controls;
mod text;

use crate::rng::Rng;
use chrono::{Days, NaiveDate};
use crosswalk_model::{FrameworkCatalog, Hub, Implementation, SystemKind};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use text::{duration, quote};

/// Marks a folder as made by gen-profile: only such a folder may be overwritten.
pub const MARKER: &str = ".gen-profile";
/// Controls per `controls-NNN.yaml` file, so no file grows unwieldy in an editor.
const CONTROLS_PER_FILE: usize = 2000;

/// The date every generated profile is written against (run the report `--as-of 2026-11-30`).
pub fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 30).expect("a valid date")
}

fn days_before(date: NaiveDate, days: u64) -> NaiveDate {
    date.checked_sub_days(Days::new(days)).unwrap_or(date)
}

fn days_after(date: NaiveDate, days: u64) -> NaiveDate {
    date.checked_add_days(Days::new(days)).unwrap_or(date)
}

fn date(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).expect("a valid date")
}

/// `gen-profile` with its arguments.
pub fn run(arguments: &[&str]) -> Result<(), String> {
    let usage = "usage: cargo xtask gen-profile --controls N --seed S -o DIR";
    let (mut controls, mut seed, mut output) = (None, None, None);
    let mut rest = arguments.iter();
    while let Some(flag) = rest.next() {
        let value = rest.next().ok_or_else(|| format!("`{flag}` needs a value; {usage}"))?;
        match *flag {
            "--controls" => controls = Some(value.parse::<usize>().map_err(|_| format!("--controls `{value}`: not a number"))?),
            "--seed" => seed = Some(value.parse::<u64>().map_err(|_| format!("--seed `{value}`: not a number"))?),
            "-o" | "--output" => output = Some(PathBuf::from(value)),
            _ => return Err(format!("unknown argument `{flag}`; {usage}")),
        }
    }
    let (Some(controls), Some(seed), Some(output)) = (controls, seed, output) else { return Err(usage.to_owned()) };
    let started = std::time::Instant::now();
    let written = generate(controls, seed, &output)?;
    eprintln!(
        "xtask: wrote {} ({} controls, {} files, {:.1} MB) in {:.2} s; run `crosswalk report {} --as-of {}`",
        output.display(),
        controls,
        written.files,
        written.bytes as f64 / 1e6,
        started.elapsed().as_secs_f64(),
        output.display(),
        as_of()
    );
    Ok(())
}

/// What `generate` wrote.
#[derive(Debug, Clone, Copy)]
pub struct Written {
    pub files: usize,
    pub bytes: u64,
}

/// Writes the profile of `controls` controls drawn from `seed` into `folder`.
pub fn generate(controls: usize, seed: u64, folder: &Path) -> Result<Written, String> {
    let root = crate::workspace();
    let hub: Hub = read_yaml(&root.join("frameworks/hub.yaml"))?;
    let hipaa: FrameworkCatalog = read_yaml(&root.join("frameworks/hipaa.yaml"))?;
    let iso: FrameworkCatalog = read_yaml(&root.join("frameworks/iso27001.yaml"))?;
    let world = World::new(&hub, controls, seed);
    let plans = controls::plan(&world, controls)?;
    let mut files = vec![
        ("organization.yaml".to_owned(), organization(&world, &plans, &hipaa, &iso)),
        ("people.yaml".to_owned(), people(&world)),
        ("functions.yaml".to_owned(), functions(&world)),
        ("systems.yaml".to_owned(), systems(&world)),
    ];
    for (number, chunk) in plans.chunks(CONTROLS_PER_FILE).enumerate() {
        let first = number * CONTROLS_PER_FILE;
        let mut yaml = header(&world);
        yaml.push_str("\ncontrols:\n");
        for (offset, plan) in chunk.iter().enumerate() {
            controls::write(&mut yaml, &world, &plans, first + offset, plan);
        }
        files.push((format!("controls-{:03}.yaml", number + 1), yaml));
    }
    prepare(folder)?;
    let mut bytes = 0;
    for (name, contents) in &files {
        let path = folder.join(name);
        std::fs::write(&path, contents).map_err(|error| format!("cannot write {}: {error}", path.display()))?;
        bytes += contents.len() as u64;
    }
    Ok(Written { files: files.len(), bytes })
}

fn read_yaml<T: serde::de::DeserializeOwned>(path: &Path) -> Result<T, String> {
    let text = std::fs::read_to_string(path).map_err(|error| format!("cannot read {}: {error}", path.display()))?;
    crosswalk_model::yaml::parse(&text).map_err(|error| format!("{}: {} at {}", path.display(), error.message, error.path))
}

/// Makes `folder` ready to receive a profile, refusing to touch one gen-profile did not make:
/// a mistyped `-o` must never wipe someone's real profile.
fn prepare(folder: &Path) -> Result<(), String> {
    let marker = folder.join(MARKER);
    if folder.exists() {
        let entries: Vec<PathBuf> = std::fs::read_dir(folder)
            .map_err(|error| format!("cannot read {}: {error}", folder.display()))?
            .filter_map(|entry| entry.ok().map(|entry| entry.path()))
            .collect();
        if !entries.is_empty() && !marker.is_file() {
            return Err(format!(
                "{} exists and was not made by gen-profile (no {MARKER} file): choose an empty or new folder",
                folder.display()
            ));
        }
        // Old control files would otherwise be merged into a smaller profile written over them.
        for path in entries.iter().filter(|path| path.extension().is_some_and(|ext| ext == "yaml" || ext == "yml")) {
            std::fs::remove_file(path).map_err(|error| format!("cannot remove {}: {error}", path.display()))?;
        }
    } else {
        std::fs::create_dir_all(folder).map_err(|error| format!("cannot create {}: {error}", folder.display()))?;
    }
    std::fs::write(&marker, "This folder was written by `cargo xtask gen-profile`, which may overwrite it.\n")
        .map_err(|error| format!("cannot write {}: {error}", marker.display()))
}

/// A person of the synthetic organization.
#[derive(Debug)]
pub(crate) struct Person {
    pub id: String,
    pub name: String,
    pub title: String,
    /// Hub domain codes, or `*`.
    pub decides: Vec<String>,
}

impl Person {
    pub fn may_decide_for(&self, domain: &str) -> bool {
        self.decides.iter().any(|granted| granted == "*" || granted == domain)
    }
}

#[derive(Debug)]
pub(crate) struct Function {
    pub id: String,
    pub name: String,
    pub tier: u8,
    /// Minutes.
    pub rto: Option<u64>,
    pub rpo: Option<u64>,
    pub in_scope: bool,
}

#[derive(Debug)]
pub(crate) struct System {
    pub id: String,
    pub name: String,
    pub kind: SystemKind,
    pub owner: usize,
    pub functions: Vec<usize>,
    pub exemption: Option<Exemption>,
}

#[derive(Debug)]
pub(crate) struct Exemption {
    pub objectives: Vec<String>,
    pub approved_by: Option<usize>,
    pub expires: NaiveDate,
}

/// Everything controls are drawn against: the hub, and the people, functions and systems.
#[derive(Debug)]
pub(crate) struct World<'hub> {
    pub hub: &'hub Hub,
    pub seed: u64,
    pub controls: usize,
    pub people: Vec<Person>,
    pub functions: Vec<Function>,
    pub systems: Vec<System>,
}

const FIRST_NAMES: &[&str] = &[
    "Dana", "Sam", "Raj", "Maria", "Tom", "Lena", "Grace", "Omar", "Nina", "Jules", "Aiko", "Bruno", "Chidi", "Elif", "Farah", "Goran",
    "Hana", "Ines", "Jonas", "Kofi", "Leila", "Mateo", "Noor", "Oskar", "Priya", "Quinn", "Rosa", "Sven", "Tariq", "Uma", "Viktor", "Wen",
    "Yara", "Zoe",
];
const LAST_NAMES: &[&str] = &[
    "Cho", "Patel", "Iyer", "Okafor", "Becker", "Fischer", "Kim", "Haddad", "Alvarez", "Moreau", "Tanaka", "Silva", "Eze", "Demir",
    "Rahman", "Petrov", "Novak", "Costa", "Berg", "Mensah", "Karimi", "Rossi", "Nguyen", "Larsen", "Sharma", "O'Neill", "Garcia", "Lund",
    "Aziz", "Bose",
];
const TITLES: &[&str] = &[
    "Security Engineer",
    "Site Reliability Engineer",
    "Platform Engineering Lead",
    "IT Manager",
    "Engineering Manager",
    "Compliance Analyst",
    "Data Protection Lead",
    "Head of People Operations",
    "Facilities Coordinator",
    "Application Owner",
    "Database Administrator",
    "Network Engineer",
    "Vendor Risk Manager",
    "Product Manager",
];
const FUNCTION_NAMES: &[&str] = &[
    "Clinical record storage",
    "E-prescribing",
    "Patient scheduling",
    "Billing exports",
    "Claims processing",
    "Lab results intake",
    "Patient portal",
    "Telehealth visits",
    "Care coordination",
    "Analytics and reporting",
    "Workforce IT",
    "Customer support",
    "Payments",
    "Document management",
    "Notifications",
];
const REGIONS: &[&str] = &["north", "south", "east", "west", "central", "coastal", "metro", "rural"];
const SYSTEM_WORDS: &[&str] = &[
    "Scheduling",
    "Records",
    "Billing",
    "Claims",
    "Portal",
    "Messaging",
    "Imaging",
    "Pharmacy",
    "Lab",
    "Identity",
    "Reporting",
    "Search",
    "Payments",
    "Audit",
    "Intake",
    "Referral",
    "Inventory",
    "Telehealth",
];

fn kind_noun(kind: SystemKind) -> (&'static str, &'static str) {
    match kind {
        SystemKind::Application => ("app", "service"),
        SystemKind::DataStore => ("db", "database"),
        SystemKind::Server => ("srv", "server cluster"),
        SystemKind::Endpoint => ("ep", "laptop fleet"),
        SystemKind::Saas => ("saas", "SaaS tenant"),
        SystemKind::Network => ("net", "network segment"),
        SystemKind::Facility => ("site", "site"),
    }
}

/// Durations in minutes that functions ask for, by tier: (RTOs, RPOs).
const RECOVERY_GOALS: [(&[u64], &[u64]); 3] =
    [(&[60, 120, 240, 480], &[5, 15, 30, 60]), (&[480, 720, 1440, 2880], &[60, 240, 1440]), (&[2880, 4320, 7200], &[1440])];

impl<'hub> World<'hub> {
    fn new(hub: &'hub Hub, controls: usize, seed: u64) -> Self {
        let domains: Vec<&str> = hub.domains.iter().map(|d| d.id.as_str()).collect();
        let people: Vec<Person> = (0..(controls / 20).max(domains.len() + 2))
            .map(|index| {
                let mut rng = Rng::stream(seed, "person", index as u64);
                let (first, last) = (*rng.pick(FIRST_NAMES), *rng.pick(LAST_NAMES));
                let slug: String =
                    format!("{first}-{last}").to_lowercase().chars().filter(|c| c.is_ascii_alphanumeric() || *c == '-').collect();
                // The first person (the CISO) decides everything and the second nothing, a few more
                // decide everything; every domain also has one named decider, so authority exists
                // wherever it is asked for.
                let decides: Vec<String> = match index {
                    0 => vec!["*".to_owned()],
                    1 => Vec::new(),
                    _ if index % 17 == 5 => vec!["*".to_owned()],
                    _ if rng.chance(0.12) => Vec::new(),
                    _ => {
                        let count = 1 + rng.below(4);
                        let mut granted = rng.distinct(domains.len(), count);
                        if index - 2 < domains.len() && !granted.contains(&(index - 2)) {
                            granted.push(index - 2);
                            granted.sort_unstable();
                        }
                        granted.into_iter().map(|d| domains[d].to_owned()).collect()
                    }
                };
                let title = match index {
                    0 => "Chief Information Security Officer",
                    1 => "Head of Customer Support",
                    _ => rng.pick(TITLES),
                };
                Person { id: format!("{slug}-{}", index + 1), name: format!("{first} {last}"), title: title.to_owned(), decides }
            })
            .collect();
        let people_count = people.len();
        let functions: Vec<Function> = (0..(controls / 50).max(3))
            .map(|index| {
                let mut rng = Rng::stream(seed, "function", index as u64);
                // The first function is always tier 1: a profile with none would never ask for `verified`.
                let tier = if index == 0 || rng.chance(0.2) {
                    1
                } else if rng.chance(0.5) {
                    2
                } else {
                    3
                };
                let (rtos, rpos) = RECOVERY_GOALS[usize::from(tier - 1)];
                let with_goals = match tier {
                    1 => true,
                    2 => rng.chance(0.6),
                    _ => rng.chance(0.15),
                };
                let (rto, rpo) = if with_goals { (Some(*rng.pick(rtos)), rng.chance(0.9).then(|| *rng.pick(rpos))) } else { (None, None) };
                Function {
                    id: format!("fn-{:04}", index + 1),
                    name: format!("{} ({} region)", rng.pick(FUNCTION_NAMES), rng.pick(REGIONS)),
                    tier,
                    rto,
                    rpo,
                    in_scope: !(tier == 3 && rng.chance(0.25)),
                }
            })
            .collect();
        let system_level: Vec<&crosswalk_model::Objective> = hub.objectives.iter().filter(|o| o.system_level).collect();
        let systems = (0..(controls / 10).max(5))
            .map(|index| {
                let mut rng = Rng::stream(seed, "system", index as u64);
                let roll = rng.below(100);
                let kind = match roll {
                    0..30 => SystemKind::Application,
                    30..50 => SystemKind::DataStore,
                    50..68 => SystemKind::Server,
                    68..83 => SystemKind::Saas,
                    83..91 => SystemKind::Endpoint,
                    91..97 => SystemKind::Network,
                    _ => SystemKind::Facility,
                };
                let (prefix, noun) = kind_noun(kind);
                let count = 1 + rng.below(3);
                let picked = rng.distinct(functions.len(), count);
                // A few systems carry an exemption: approved and current (`exempted`), or expired or
                // unapproved (`exceptions`); the index rule guarantees each case in small profiles.
                let applicable: Vec<&str> = system_level.iter().filter(|o| o.applies_to_kind(Some(kind))).map(|o| o.id.as_str()).collect();
                let variant = match index % 31 {
                    3 => Some(0),
                    10 => Some(1),
                    17 => Some(2),
                    _ => None,
                };
                let exemption = variant.filter(|_| !applicable.is_empty()).map(|variant| {
                    let count = 1 + rng.below(2);
                    let objectives = rng.distinct(applicable.len(), count).into_iter().map(|o| applicable[o].to_owned()).collect();
                    let approver = rng.below(people_count);
                    match variant {
                        0 => Exemption { objectives, approved_by: Some(approver), expires: days_after(as_of(), 60 + rng.between(0, 300)) },
                        1 => Exemption { objectives, approved_by: Some(approver), expires: days_before(as_of(), 30 + rng.between(0, 150)) },
                        _ => Exemption { objectives, approved_by: None, expires: days_after(as_of(), 120 + rng.between(0, 200)) },
                    }
                });
                System {
                    id: format!("{prefix}-{:05}", index + 1),
                    name: format!("{} {noun} {}", rng.pick(SYSTEM_WORDS), index + 1),
                    kind,
                    owner: rng.below(people_count),
                    functions: picked,
                    exemption,
                }
            })
            .collect();
        World { hub, seed, controls, people, functions, systems }
    }
}

fn header(world: &World) -> String {
    format!(
        "# Synthetic organization profile written by `cargo xtask gen-profile --controls {} --seed {}`.\n\
         # Evidence is dated for a report as of {}; failures are planted on purpose.\n",
        world.controls,
        world.seed,
        as_of()
    )
}

fn organization(world: &World, plans: &[controls::Plan], hipaa: &FrameworkCatalog, iso: &FrameworkCatalog) -> String {
    let mut yaml = header(world);
    let _ = write!(
        yaml,
        "\norganization:\n  name: {}\n  description: {}\n",
        quote(&format!("Synthetic Health {}", world.seed)),
        quote(&format!(
            "A generated organization of {} people, {} business functions, {} systems and {} controls, used to benchmark crosswalk.",
            world.people.len(),
            world.functions.len(),
            world.systems.len(),
            world.controls
        ))
    );
    yaml.push_str("\nscope:\n  frameworks: [iso27001, soc2, hipaa]\n");
    // Exclusions only for Annex A controls the catalog has, so a renumbered catalog cannot break validity.
    let exclusions: Vec<&str> = ["A.7.12", "A.8.30"].into_iter().filter(|id| iso.requirements.iter().any(|r| r.id == *id)).collect();
    if !exclusions.is_empty() {
        yaml.push_str("  iso27001:\n    exclusions:\n");
        for id in exclusions {
            let _ = writeln!(
                yaml,
                "      - control: {id}\n        justification: {}",
                quote("Nothing in scope needs it: the work is done by the cloud provider, covered by its inherited attestation.")
            );
        }
    }
    yaml.push_str(
        "  soc2:\n    type: type2\n    period: { start: 2026-04-01, end: 2026-09-30 }\n    categories: [availability, confidentiality]\n",
    );
    yaml.push_str("  hipaa:\n    role: business-associate\n    clearinghouse: false\n    group_health_plan: false\n    addressable:\n");
    let addressable: Vec<&crosswalk_model::Requirement> =
        hipaa.requirements.iter().filter(|r| r.implementation == Some(Implementation::Addressable)).collect();
    let mut rng = Rng::stream(world.seed, "hipaa", 0);
    let picked = rng.distinct(addressable.len(), 6);
    let ciso = &world.people[0].id;
    let nobody = &world.people[1].id;
    for (decision_index, &spec_index) in picked.iter().enumerate() {
        let spec = addressable[spec_index];
        let decided_on = date(2026, 2, 10);
        let _ = writeln!(yaml, "      - specification: {}", quote(&spec.id));
        // One of each: implemented twice, an alternative, not reasonable (`documentation-only`), a
        // decision by someone without authority (`no-decider`) and one past its review (`stale`).
        match decision_index {
            2 => {
                let objectives: Vec<&str> = spec.mappings.iter().map(|m| m.objective.as_str()).collect();
                let mut carriers: Vec<&str> = plans
                    .iter()
                    .filter(|plan| {
                        !plan.inherited && plan.objectives.iter().any(|&o| objectives.contains(&world.hub.objectives[o].id.as_str()))
                    })
                    .map(|plan| plan.id.as_str())
                    .take(2)
                    .collect();
                if carriers.is_empty() {
                    carriers.push(&plans[0].id);
                }
                let _ = write!(
                    yaml,
                    "        decision: alternative\n        rationale: {}\n        alternative: {}\n        controls: [{}]\n        decided_by: {ciso}\n        decided_on: {decided_on}\n        reviewed_on: 2026-08-01\n",
                    quote("The specification as written does not fit how the platform is used; an equivalent measure is in place."),
                    quote("Compensating controls carry the same protection; see the controls listed."),
                    carriers.join(", ")
                );
            }
            3 => {
                let _ = write!(
                    yaml,
                    "        decision: not-reasonable\n        rationale: {}\n        decided_by: {ciso}\n        decided_on: {decided_on}\n",
                    quote("No system in scope is exposed to the risk this specification addresses; documented instead.")
                );
            }
            4 => {
                let _ = write!(
                    yaml,
                    "        decision: implement\n        rationale: {}\n        decided_by: {nobody}\n        decided_on: {decided_on}\n",
                    quote("Implemented as written (decided by someone without authority over its domains).")
                );
            }
            5 => {
                let _ = write!(
                    yaml,
                    "        decision: implement\n        rationale: {}\n        decided_by: {ciso}\n        decided_on: 2025-03-10\n        review_cadence: annual\n",
                    quote("Implemented as written; the annual re-examination is overdue.")
                );
            }
            _ => {
                let _ = write!(
                    yaml,
                    "        decision: implement\n        rationale: {}\n        decided_by: {ciso}\n        decided_on: {decided_on}\n",
                    quote("Reasonable and appropriate: implemented as written.")
                );
            }
        }
    }
    yaml
}

fn people(world: &World) -> String {
    let mut yaml = header(world);
    yaml.push_str("\npeople:\n");
    for person in &world.people {
        let decides: Vec<String> = person.decides.iter().map(|d| if d == "*" { quote(d) } else { d.clone() }).collect();
        let _ = write!(
            yaml,
            "  - id: {}\n    name: {}\n    title: {}\n    decides: [{}]\n",
            person.id,
            quote(&person.name),
            quote(&person.title),
            decides.join(", ")
        );
    }
    yaml
}

fn functions(world: &World) -> String {
    let mut yaml = header(world);
    yaml.push_str("\nfunctions:\n");
    for function in &world.functions {
        let _ = write!(yaml, "  - id: {}\n    name: {}\n    tier: {}\n", function.id, quote(&function.name), function.tier);
        if let Some(rto) = function.rto {
            let _ = writeln!(yaml, "    rto: {}", duration(rto));
        }
        if let Some(rpo) = function.rpo {
            let _ = writeln!(yaml, "    rpo: {}", duration(rpo));
        }
        if !function.in_scope {
            yaml.push_str("    in_scope: false\n");
        }
    }
    yaml
}

fn systems(world: &World) -> String {
    let mut yaml = header(world);
    yaml.push_str("\nsystems:\n");
    for system in &world.systems {
        let functions: Vec<&str> = system.functions.iter().map(|&f| world.functions[f].id.as_str()).collect();
        let _ = write!(
            yaml,
            "  - id: {}\n    name: {}\n    kind: {}\n    owner: {}\n    functions: [{}]\n",
            system.id,
            quote(&system.name),
            system.kind,
            world.people[system.owner].id,
            functions.join(", ")
        );
        if let Some(exemption) = &system.exemption {
            let _ = write!(
                yaml,
                "    exemptions:\n      - objectives: [{}]\n        reason: {}\n",
                exemption.objectives.join(", "),
                quote("The system keeps no data of its own and is rebuilt from code; the risk is accepted until it is replaced.")
            );
            if let Some(approver) = exemption.approved_by {
                let _ = writeln!(yaml, "        approved_by: {}", world.people[approver].id);
            }
            let _ = writeln!(yaml, "        expires: {}", exemption.expires);
        }
    }
    yaml
}
