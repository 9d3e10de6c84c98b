//! Controls for `gen-profile`: which objectives and systems each control takes (planned for every
//! control first, so references between controls resolve), then each control's evidence, metrics,
//! exceptions, inheritance and failure response, with the planted failures.

use super::text::{duration, quote};
use super::{as_of, date, days_after, days_before, World};
use crate::rng::Rng;
use chrono::NaiveDate;
use crosswalk_model::{Cadence, Objective};
use std::fmt::Write as _;

/// What a control implements and where, decided before any control is written.
#[derive(Debug)]
pub(crate) struct Plan {
    pub id: String,
    /// Hub objective positions, the primary (which names the control) first.
    pub objectives: Vec<usize>,
    /// System positions; `None` for an organization-wide control.
    pub systems: Option<Vec<usize>>,
    pub inherited: bool,
}

/// Where the next per-system control of one objective starts, so its controls walk through the
/// systems that need it instead of piling onto random ones.
#[derive(Debug, Default)]
struct Cursor {
    order: Vec<usize>,
    position: usize,
    controls_left: usize,
}

/// Plans `count` controls: even positions organization-wide, odd ones per system. The first pass
/// of each walks the hub in order, so every objective is implemented at least once.
pub(crate) fn plan(world: &World, count: usize) -> Result<Vec<Plan>, String> {
    let objectives = &world.hub.objectives;
    let organization_level: Vec<usize> = (0..objectives.len()).filter(|&o| !objectives[o].system_level).collect();
    let system_level: Vec<usize> = (0..objectives.len()).filter(|&o| objectives[o].system_level).collect();
    // Two thirds of the system-level objectives also have an organization-wide control (central
    // logging, one MDM); the others rest on per-system controls alone, where a system left out is a
    // scope gap. Recovery is always per system: restores are drilled system by system.
    let shared_everywhere = |position: usize, o: usize| !objectives[o].recovery && position % 3 != 0;
    let everywhere: Vec<usize> =
        system_level.iter().enumerate().filter(|&(position, &o)| shared_everywhere(position, o)).map(|(_, &o)| o).collect();
    let per_system: Vec<usize> =
        system_level.iter().enumerate().filter(|&(position, &o)| !shared_everywhere(position, o)).map(|(_, &o)| o).collect();
    if organization_level.is_empty() || system_level.is_empty() {
        return Err("the hub needs both organization-wide and system-level objectives".to_owned());
    }
    let needed = 2 * organization_level.len().max(system_level.len());
    if count < needed {
        return Err(format!(
            "--controls must be at least {needed}, so that every one of the hub's {} objectives gets a control",
            objectives.len()
        ));
    }
    let siblings = |o: usize, pool: &[usize]| -> Vec<usize> {
        pool.iter().copied().filter(|&p| p != o && objectives[p].domain == objectives[o].domain).collect()
    };

    let mut drafts = Vec::with_capacity(count);
    for index in 0..count {
        let mut rng = Rng::stream(world.seed, "plan", index as u64);
        let round = index / 2;
        let organization_wide = index % 2 == 0;
        let mut chosen = Vec::new();
        let mut add = |o: usize| {
            if !chosen.contains(&o) {
                chosen.push(o);
            }
        };
        if organization_wide {
            let primary = if round < organization_level.len() { organization_level[round] } else { *rng.pick(&organization_level) };
            add(primary);
            let related = siblings(primary, &organization_level);
            if !related.is_empty() && rng.chance(0.5) {
                add(*rng.pick(&related));
            }
            if round < everywhere.len() {
                add(everywhere[round]);
            } else if !everywhere.is_empty() && rng.chance(0.04) {
                add(*rng.pick(&everywhere));
            }
        } else {
            let primary = if round < system_level.len() {
                system_level[round]
            } else if !per_system.is_empty() && rng.chance(0.85) {
                *rng.pick(&per_system)
            } else {
                *rng.pick(&system_level)
            };
            add(primary);
            let related = siblings(primary, &system_level);
            if !related.is_empty() && rng.chance(0.4) {
                add(*rng.pick(&related));
            }
        }
        drafts.push((chosen, organization_wide, rng.chance(0.05)));
    }

    let mut cursors: Vec<Cursor> = (0..objectives.len()).map(|_| Cursor::default()).collect();
    for (chosen, organization_wide, _) in &drafts {
        if !organization_wide {
            cursors[chosen[0]].controls_left += 1;
        }
    }
    for (o, cursor) in cursors.iter_mut().enumerate().filter(|(_, cursor)| cursor.controls_left > 0) {
        let objective = &objectives[o];
        let needs = |s: usize| objective.applies_to_kind(Some(world.systems[s].kind));
        let left_out = |s: usize| Rng::stream(world.seed, "left-out", (o * world.systems.len() + s) as u64).chance(0.015);
        cursor.order = (0..world.systems.len()).filter(|&s| needs(s) && !left_out(s)).collect();
        if cursor.order.is_empty() {
            cursor.order = (0..world.systems.len()).collect();
        }
    }

    let plans = drafts
        .into_iter()
        .enumerate()
        .map(|(index, (chosen, organization_wide, inherited))| {
            let systems = (!organization_wide).then(|| {
                let mut rng = Rng::stream(world.seed, "systems", index as u64);
                let cursor = &mut cursors[chosen[0]];
                let remaining = cursor.order.len().saturating_sub(cursor.position);
                // Enough systems per control that the objective's controls reach every system.
                let share = remaining.div_ceil(cursor.controls_left.max(1));
                let take = (1 + rng.below(5)).max(share).min(5).min(cursor.order.len());
                let mut picked: Vec<usize> = (0..take).map(|step| cursor.order[(cursor.position + step) % cursor.order.len()]).collect();
                cursor.position += take;
                cursor.controls_left = cursor.controls_left.saturating_sub(1);
                picked.sort_unstable();
                picked.dedup();
                picked
            });
            Plan { id: format!("{}-{:05}", objectives[chosen[0]].domain, index + 1), objectives: chosen, systems, inherited }
        })
        .collect();
    Ok(plans)
}

#[derive(Debug)]
struct Evidence {
    kind: &'static str,
    title: String,
    effective: NaiveDate,
    through: Option<NaiveDate>,
    collected: Option<NaiveDate>,
    /// Tests: passed or not.
    outcome: Option<bool>,
    /// Recovery tests: achieved RTO and RPO in minutes.
    recovery: Option<(Option<u64>, Option<u64>)>,
    reference: String,
}

impl Evidence {
    fn new(kind: &'static str, title: String, effective: NaiveDate, reference: String) -> Self {
        Evidence { kind, title, effective, through: None, collected: None, outcome: None, recovery: None, reference }
    }

    fn is_operation_record(&self) -> bool {
        self.kind == "record" || self.kind == "review"
    }
}

fn quarter(date: NaiveDate) -> String {
    use chrono::Datelike;
    format!("{}-Q{}", date.year(), date.month0() / 3 + 1)
}

/// The interval before the one containing the date: what `lapsed` looks at.
fn latest_complete_interval(operates: Cadence, date: NaiveDate) -> (NaiveDate, NaiveDate) {
    let current = operates.interval_containing(date);
    let previous = operates.interval_containing(current.start.pred_opt().unwrap_or(current.start));
    (previous.start, previous.end)
}

/// The failures planted in one control, drawn from its own stream.
#[derive(Debug)]
struct Faults {
    documentation_only: bool,
    failing: bool,
    unrehearsed: bool,
    lapsed: bool,
    stale: bool,
    no_response: bool,
    recovery_short: bool,
}

const PROVIDERS: &[&str] =
    &["Amazon Web Services", "Microsoft Azure", "Google Cloud", "Okta", "Datadog", "GitHub", "Cloudflare", "Iron Mountain"];

/// Writes control `index` (planned as `plan`) into `yaml`.
pub(crate) fn write(yaml: &mut String, world: &World, plans: &[Plan], index: usize, plan: &Plan) {
    let mut rng = Rng::stream(world.seed, "control", index as u64);
    let objectives: Vec<&Objective> = plan.objectives.iter().map(|&o| &world.hub.objectives[o]).collect();
    let primary = objectives[0];
    let mut domains: Vec<&str> = objectives.iter().map(|o| o.domain.as_str()).collect();
    domains.dedup();
    let system_level = objectives.iter().any(|o| o.system_level);
    let recovery = objectives.iter().any(|o| o.recovery);
    let covered: Vec<usize> = plan.systems.clone().unwrap_or_else(|| (0..world.systems.len()).collect());
    let mut protected: Vec<usize> =
        if system_level { covered.iter().flat_map(|&s| world.systems[s].functions.iter().copied()).collect() } else { Vec::new() };
    protected.sort_unstable();
    protected.dedup();
    let goal_rto = protected.iter().filter_map(|&f| world.functions[f].rto).min();
    let goal_rpo = protected.iter().filter_map(|&f| world.functions[f].rpo).min();

    let authorised: Vec<usize> = (0..world.people.len()).filter(|&p| domains.iter().all(|d| world.people[p].may_decide_for(d))).collect();
    let someone = |rng: &mut Rng, authority: f64| {
        if !authorised.is_empty() && rng.chance(authority) {
            *rng.pick(&authorised)
        } else {
            rng.below(world.people.len())
        }
    };
    let owner = someone(&mut rng, 0.5);
    let decider = someone(&mut rng, 0.92);

    let operates = match rng.below(100) {
        0..20 => Cadence::Daily,
        20..35 => Cadence::Weekly,
        35..60 => Cadence::Monthly,
        60..90 => Cadence::Quarterly,
        _ => Cadence::Annual,
    };
    let review_cadence = match (operates, rng.below(10)) {
        (Cadence::Annual, _) => Cadence::Annual,
        (_, 0..6) => Cadence::Quarterly,
        (_, 6) => Cadence::Semiannual,
        _ => Cadence::Annual,
    };
    let test_cadence = match rng.below(20) {
        0..8 => Cadence::Quarterly,
        8..13 => Cadence::Semiannual,
        _ => Cadence::Annual,
    };
    let failing = rng.chance(0.05);
    let faults = Faults {
        documentation_only: !plan.inherited && rng.chance(0.01),
        failing,
        unrehearsed: !failing && rng.chance(0.07),
        lapsed: operates != Cadence::Annual && rng.chance(0.05),
        stale: rng.chance(0.07),
        no_response: rng.chance(0.10),
        recovery_short: recovery && rng.chance(0.3),
    };

    let first_system = plan.systems.as_ref().and_then(|systems| systems.first()).map(|&s| &world.systems[s]);
    let title = match (first_system, plan.systems.as_ref().map_or(0, Vec::len)) {
        (Some(system), 1) => format!("{} on {}", primary.title, system.name),
        (Some(system), more) => format!("{} on {} and {} more", primary.title, system.name, more - 1),
        (None, _) => primary.title.clone(),
    };
    let description = primary.description.split_inclusive(". ").next().unwrap_or(&primary.description).trim();
    let slug = plan.id.to_lowercase();

    let _ = write!(
        yaml,
        "  - id: {}\n    title: {}\n    description: {}\n    owner: {}\n    objectives: [{}]\n",
        plan.id,
        quote(&title),
        quote(description),
        world.people[owner].id,
        objectives.iter().map(|o| o.id.as_str()).collect::<Vec<_>>().join(", ")
    );
    if let Some(systems) = &plan.systems {
        let ids: Vec<&str> = systems.iter().map(|&s| world.systems[s].id.as_str()).collect();
        let _ = writeln!(yaml, "    systems: [{}]", ids.join(", "));
    }
    if plan.inherited {
        write_inheritance(yaml, &mut rng, plans, index);
    }
    let _ = write!(yaml, "    operates: {operates}\n    review_cadence: {review_cadence}\n    test_cadence: {test_cadence}\n");

    let evidence = if plan.inherited {
        inherited_evidence(&mut rng, &slug, review_cadence, &faults)
    } else {
        own_evidence(&mut rng, &slug, &primary.title, (operates, review_cadence, test_cadence), &faults, recovery, (goal_rto, goal_rpo))
    };
    yaml.push_str("    evidence:\n");
    for item in &evidence {
        write_evidence(yaml, item);
    }
    write_metrics(yaml, &mut rng, &primary.title);
    write_exceptions(yaml, &mut rng, world, &plan.id);
    if !faults.no_response {
        let _ = writeln!(
            yaml,
            "    failure_response: {{runbook: {}, decider: {}}}",
            quote(&format!("runbooks/{}/{slug}.md", primary.domain.to_lowercase())),
            world.people[decider].id
        );
    }
}

/// A provider's attestations: current, current through a bridge letter, or out of date; and
/// sometimes complementary controls answered by the organization's own controls.
fn write_inheritance(yaml: &mut String, rng: &mut Rng, plans: &[Plan], index: usize) {
    let provider = *rng.pick(PROVIDERS);
    let _ = write!(yaml, "    inherited:\n      provider: {}\n      attestations:\n", quote(provider));
    let attestation = |yaml: &mut String, report: &str, attested_on: NaiveDate, start: NaiveDate, end: NaiveDate| {
        let _ = writeln!(
            yaml,
            "        - {{report: {}, attested_on: {attested_on}, covers: {{start: {start}, end: {end}}}}}",
            quote(&format!("{provider} {report}"))
        );
    };
    match rng.below(10) {
        0..6 => attestation(
            yaml,
            "SOC 2 Type 2 report, Oct 2025 - Sep 2026",
            date(2026, 11, 1 + rng.below(20) as u32),
            date(2025, 10, 1),
            date(2026, 9, 30),
        ),
        6..8 => {
            attestation(
                yaml,
                "SOC 2 Type 2 report, Jul 2025 - Jun 2026",
                date(2026, 8, 1 + rng.below(25) as u32),
                date(2025, 7, 1),
                date(2026, 6, 30),
            );
            attestation(
                yaml,
                "bridge letter, Jul - Sep 2026",
                date(2026, 10, 5 + rng.below(20) as u32),
                date(2026, 7, 1),
                date(2026, 9, 30),
            );
        }
        // Out of date: the span it covers ended more than 12 months ago.
        _ => attestation(
            yaml,
            "SOC 2 Type 2 report, Jul 2024 - Jun 2025",
            date(2025, 8, 1 + rng.below(25) as u32),
            date(2024, 7, 1),
            date(2025, 6, 30),
        ),
    }
    if rng.chance(0.5) {
        yaml.push_str("      complementary_controls:\n");
        for _ in 0..1 + rng.below(2) {
            let mut answered: Vec<&str> = (0..1 + rng.below(2))
                .filter_map(|_| {
                    let start = rng.below(plans.len());
                    (0..plans.len()).map(|step| &plans[(start + step) % plans.len()]).find(|p| !p.inherited && p.id != plans[index].id)
                })
                .map(|p| p.id.as_str())
                .collect();
            answered.sort_unstable();
            answered.dedup();
            let _ = write!(
                yaml,
                "        - description: {}\n          controls: [{}]\n",
                quote(&format!("Customers restrict and review who may administer their {provider} accounts.")),
                answered.join(", ")
            );
        }
    }
}

/// Reviews of the provider's reports are what the organization itself does for an inherited control.
fn inherited_evidence(rng: &mut Rng, slug: &str, review: Cadence, faults: &Faults) -> Vec<Evidence> {
    let mut evidence = vec![Evidence::new(
        "policy",
        "Supplier assurance standard: provider reports reviewed on receipt".to_owned(),
        days_after(date(2026, 1, 5), rng.between(0, 40)),
        format!("policies/supplier-assurance.md#{slug}"),
    )];
    let span = review.tolerance_days();
    let shift = if faults.stale { span + rng.between(15, 90) } else { 0 };
    let last = days_before(as_of(), shift + rng.between(3, span * 3 / 4));
    for step in 0..2 {
        let effective = days_before(last, step * (span - rng.between(0, 10)));
        evidence.push(Evidence::new(
            "review",
            format!("Review of the provider's attestation and its exceptions, {}", quarter(effective)),
            effective,
            format!("evidence/{}/{slug}-provider-review.md", quarter(effective).to_lowercase()),
        ));
    }
    evidence.sort_by_key(|e| e.effective);
    evidence
}

/// The organization's own evidence: policy, configuration, operation records, tests and reviews
/// on their cadences, then bent by the control's planted faults.
fn own_evidence(
    rng: &mut Rng,
    slug: &str,
    title: &str,
    (operates, review, test): (Cadence, Cadence, Cadence),
    faults: &Faults,
    recovery: bool,
    (goal_rto, goal_rpo): (Option<u64>, Option<u64>),
) -> Vec<Evidence> {
    let today = as_of();
    let policy = Evidence::new(
        "policy",
        format!("Standard: {title}"),
        days_after(date(2026, 1, 5), rng.between(0, 40)),
        format!("policies/{}.md", slug.split('-').next().unwrap_or(slug)),
    );
    if faults.documentation_only {
        return vec![policy];
    }
    let mut evidence = vec![
        policy,
        Evidence::new(
            "configuration",
            format!("Configuration baseline: {title}"),
            days_after(date(2026, 2, 1), rng.between(0, 60)),
            format!("infra/{slug}/baseline"),
        ),
    ];
    if rng.chance(0.6) {
        let effective = days_before(today, rng.between(20, 280));
        evidence.push(Evidence::new(
            "configuration",
            format!("Configuration change: {title}, {}", quarter(effective)),
            effective,
            format!("infra/{slug}/changes/{}", rng.between(100, 999)),
        ));
    }

    // Operation records: frequent operation exports a job history spanning the year (`through`),
    // quarterly operation leaves one record per quarter, annual one per year.
    match operates {
        Cadence::Daily | Cadence::Weekly | Cadence::Monthly => {
            let through = match operates {
                Cadence::Daily => days_before(today, 1),
                Cadence::Weekly => days_before(today, 1 + rng.between(0, 2)),
                _ => days_before(today, 1 + rng.between(0, 20)),
            };
            let mut history = Evidence::new(
                "record",
                format!(
                    "{} run history export",
                    if operates == Cadence::Monthly {
                        "Monthly"
                    } else if operates == Cadence::Weekly {
                        "Weekly"
                    } else {
                        "Daily"
                    }
                ),
                days_before(today, 360 + rng.between(0, 10)),
                format!("evidence/exports/{slug}-history.csv"),
            );
            history.through = Some(through);
            history.collected = Some(today);
            evidence.push(history);
            for _ in 0..3 + rng.below(2) {
                let effective = days_before(today, rng.between(10, 330));
                evidence.push(Evidence::new(
                    "record",
                    format!("Change ticket for {slug}, {}", quarter(effective)),
                    effective,
                    format!("https://tickets.example/{slug}/{}", rng.between(100, 9999)),
                ));
            }
        }
        Cadence::Quarterly => {
            for step in 0..4 {
                let effective = days_before(today, 15 + step * 91 + rng.between(0, 10));
                evidence.push(Evidence::new(
                    "record",
                    format!("Quarterly operation record {}", quarter(effective)),
                    effective,
                    format!("evidence/{}/{slug}-operation.md", quarter(effective).to_lowercase()),
                ));
            }
        }
        _ => {
            for step in 0..2 {
                let effective = days_before(today, 30 + step * 365 + rng.between(0, 150));
                evidence.push(Evidence::new(
                    "record",
                    format!("Annual operation record {}", quarter(effective)),
                    effective,
                    format!("evidence/{}/{slug}-operation.md", quarter(effective).to_lowercase()),
                ));
            }
        }
    }

    let test_span = test.tolerance_days();
    let tests = if faults.unrehearsed && rng.chance(0.5) {
        0
    } else if test == Cadence::Quarterly {
        3
    } else {
        2
    };
    let test_shift = if faults.unrehearsed { test_span + rng.between(20, 120) } else { 0 };
    let last_test = days_before(today, test_shift + rng.between(5, test_span * 3 / 4));
    for step in 0..tests {
        let effective = days_before(last_test, step * (test_span - rng.between(1, 10)));
        let mut item = Evidence::new(
            "test",
            format!("Test of {title}, {}", quarter(effective)),
            effective,
            format!("evidence/{}/{slug}-test.md", quarter(effective).to_lowercase()),
        );
        let latest = step == 0;
        item.outcome = Some(!(latest && faults.failing));
        if recovery {
            let achieved = |goal: Option<u64>, rng: &mut Rng, short: bool| {
                let goal = goal.unwrap_or(240);
                Some(if short { goal * rng.between(120, 200) / 100 } else { (goal * rng.between(40, 90) / 100).max(1) })
            };
            let short = latest && faults.recovery_short;
            // Half the shortfalls are slow restores, half are tests that measured nothing.
            item.recovery =
                if short && rng.chance(0.5) { None } else { Some((achieved(goal_rto, rng, short), achieved(goal_rpo, rng, false))) };
        }
        evidence.push(item);
    }

    let review_span = review.tolerance_days();
    let review_shift = if faults.stale { review_span + rng.between(15, 90) } else { 0 };
    let last_review = days_before(today, review_shift + rng.between(3, review_span * 3 / 4));
    for step in 0..if review == Cadence::Quarterly { 3 } else { 2 } {
        let effective = days_before(last_review, step * (review_span - rng.between(1, 10)));
        evidence.push(Evidence::new(
            "review",
            format!("Review of {title}, {}", quarter(effective)),
            effective,
            format!("evidence/{}/{slug}-review.md", quarter(effective).to_lowercase()),
        ));
    }

    if faults.lapsed {
        // Stopped running: nothing in the latest complete interval or after it, though it ran before.
        let (start, _) = latest_complete_interval(operates, today);
        evidence.retain(|e| !(e.is_operation_record() && e.effective >= start));
        for item in evidence.iter_mut().filter(|e| e.is_operation_record()) {
            if item.through.is_some_and(|through| through >= start) {
                item.through = Some(days_before(start, 1 + rng.between(0, 5)).max(item.effective));
            }
        }
    }
    evidence.sort_by_key(|e| e.effective);
    evidence
}

fn write_evidence(yaml: &mut String, item: &Evidence) {
    let _ = write!(yaml, "      - {{kind: {}, title: {}, effective: {}", item.kind, quote(&item.title), item.effective);
    if let Some(through) = item.through {
        let _ = write!(yaml, ", through: {through}");
    }
    if let Some(collected) = item.collected {
        let _ = write!(yaml, ", collected: {collected}");
    }
    if let Some(passed) = item.outcome {
        yaml.push_str(if passed { ", outcome: pass" } else { ", outcome: fail" });
    }
    if let Some((rto, rpo)) = item.recovery {
        let figures: Vec<String> =
            [("rto", rto), ("rpo", rpo)].iter().filter_map(|(name, value)| value.map(|v| format!("{name}: {}", duration(v)))).collect();
        let _ = write!(yaml, ", recovery: {{{}}}", figures.join(", "));
    }
    let _ = writeln!(yaml, ", reference: {}}}", quote(&item.reference));
}

/// Tenths as a YAML number (`97.5`, `99`).
fn tenths(value: u64) -> String {
    if value % 10 == 0 {
        (value / 10).to_string()
    } else {
        format!("{}.{}", value / 10, value % 10)
    }
}

/// Some controls measure themselves; a fifth of the latest measurements miss their target.
fn write_metrics(yaml: &mut String, rng: &mut Rng, title: &str) {
    if !rng.chance(0.4) {
        return;
    }
    yaml.push_str("    metrics:\n");
    for metric in 0..1 + rng.below(2) {
        let misses = rng.chance(0.2);
        let earlier = rng.chance(0.3);
        let measured_on = days_before(as_of(), rng.between(5, 40));
        if metric == 0 {
            // Higher is better, in tenths of a percent.
            let target = rng.between(950, 999) / 10 * 10;
            let value = |rng: &mut Rng, misses: bool| {
                if misses {
                    target - rng.between(5, 150)
                } else {
                    (target + rng.between(0, 1000 - target)).min(1000)
                }
            };
            let name = quote(&format!("{title}: coverage"));
            if earlier {
                let _ = writeln!(
                    yaml,
                    "      - {{name: {name}, unit: percent, at_least: {}, measured: {}, measured_on: {}}}",
                    tenths(target),
                    tenths(value(rng, !misses)),
                    days_before(measured_on, 30)
                );
            }
            let _ = writeln!(
                yaml,
                "      - {{name: {name}, unit: percent, at_least: {}, measured: {}, measured_on: {measured_on}}}",
                tenths(target),
                tenths(value(rng, misses))
            );
        } else {
            // Lower is better, in days.
            let target = rng.between(7, 30);
            let measured = if misses { target + rng.between(1, 30) } else { rng.between(1, target) };
            let _ = writeln!(
                yaml,
                "      - {{name: {}, unit: days, at_most: {target}, measured: {measured}, measured_on: {measured_on}}}",
                quote(&format!("{title}: median days to close findings"))
            );
        }
    }
}

/// Exceptions: mostly closed or within their terms; a few controls have too many open, one past
/// its expiry, or one nobody approved.
fn write_exceptions(yaml: &mut String, rng: &mut Rng, world: &World, id: &str) {
    let roll = rng.below(1000);
    if roll >= 135 {
        return;
    }
    let approver = world.people[rng.below(world.people.len())].id.clone();
    let mut entries = Vec::new();
    let mut open = |number: usize, approved: bool, expires: NaiveDate, rng: &mut Rng| {
        let mut entry = format!(
            "      - {{id: EXC-{id}-{number}, reason: {}, ",
            quote("A legacy component cannot meet the control yet; a replacement is planned.")
        );
        if approved {
            let _ = write!(entry, "approved_by: {approver}, ");
        }
        let _ = writeln!(entry, "opened: {}, expires: {expires}}}", days_before(as_of(), rng.between(30, 200)));
        entries.push(entry);
    };
    let later = |rng: &mut Rng| days_after(as_of(), rng.between(30, 240));
    let mut limit = None;
    match roll {
        0..60 => {
            let opened = days_before(as_of(), rng.between(150, 300));
            entries.push(format!(
                "      - {{id: EXC-{id}-1, reason: {}, approved_by: {approver}, opened: {opened}, expires: {}, closed: {}}}\n",
                quote("Agent rollout delayed on one host during a migration."),
                days_after(opened, 90),
                days_after(opened, 60 + rng.between(0, 25))
            ));
        }
        60..90 => open(1, true, later(rng), rng),
        90..105 => {
            limit = rng.chance(0.5).then_some(1);
            for number in 1..=if limit.is_some() { 2 } else { 4 } {
                open(number, true, later(rng), rng);
            }
        }
        105..120 => open(1, true, days_before(as_of(), rng.between(10, 120)), rng),
        _ => open(1, false, later(rng), rng),
    }
    if let Some(limit) = limit {
        let _ = writeln!(yaml, "    exception_limit: {limit}");
    }
    yaml.push_str("    exceptions:\n");
    for entry in entries {
        yaml.push_str(&entry);
    }
}
