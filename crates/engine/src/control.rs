//! Judging one control as of a date: its place on the assurance ladder, whom it protects, who
//! decides when it fails, and the governance signals it raises wherever it is used.

use crate::index::Index;
use crate::output::{ControlAssessment, Marker, OpenExceptions};
use crate::requirement::{and_more_of, examples};
use chrono::NaiveDate;
use crosswalk_model::profile::Function;
use crosswalk_model::profile::{Attestation, Control, Evidence, EvidenceKind, Inheritance, Metric, Outcome, DEFAULT_EXCEPTION_LIMIT};
use crosswalk_model::{Cadence, Level, Profile, Signal, Span};

/// How long a provider's attestation is relied on before it counts as out of date.
const ATTESTATION_VALIDITY: Cadence = Cadence::Annual;

/// The cadences a control is judged by: its own, or the shortest of its objectives'.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Cadences {
    pub(crate) review: Cadence,
    pub(crate) test: Cadence,
    pub(crate) operates: Cadence,
}

impl Cadences {
    pub(crate) fn of(control: &Control, index: &Index) -> Self {
        let objectives = || control.objectives.iter().filter_map(|id| index.objective(id));
        let review = control.review_cadence.or_else(|| objectives().map(|o| o.review_cadence).min()).unwrap_or(Cadence::Annual);
        let test = control.test_cadence.or_else(|| objectives().map(|o| o.test_cadence).min()).unwrap_or(Cadence::Annual);
        Self { review, test, operates: control.operates.unwrap_or(review) }
    }

    /// The cadences `assess` already worked out for a control.
    pub(crate) fn of_assessed(assessment: &ControlAssessment) -> Self {
        Self { review: assessment.review_cadence, test: assessment.test_cadence, operates: assessment.operates }
    }
}

/// Where a control stands on the ladder on one date, and what keeps it from the next rung.
#[derive(Debug, Clone)]
pub(crate) struct Standing {
    pub(crate) level: Level,
    pub(crate) short_of_next: Option<String>,
}

/// The latest test on or before a date: by effective date, and for tests on the same day the
/// one listed last (a retest is written after the test it repeats).
pub(crate) fn latest_test(control: &Control, date: NaiveDate) -> Option<&Evidence> {
    control
        .evidence
        .iter()
        .enumerate()
        .filter(|(_, e)| e.kind == EvidenceKind::Test && e.effective <= date)
        .max_by_key(|(position, e)| (e.effective, *position))
        .map(|(_, e)| e)
}

/// Whether a mechanism's evidence is still fresh on `date`: a configuration or record, or a
/// review after one, at most two review cadences old (the cadence plus one grace interval).
fn mechanism_alive(known: &[&Evidence], review: Cadence, date: NaiveDate) -> Result<(), String> {
    let mechanism =
        known.iter().filter(|e| matches!(e.kind, EvidenceKind::Configuration | EvidenceKind::Record)).map(|e| e.span().end.min(date)).max();
    let Some(mechanism) = mechanism else {
        return Err("no configuration or record shows the mechanism".to_owned());
    };
    let review_after = known.iter().filter(|e| e.kind == EvidenceKind::Review).map(|e| e.effective).max();
    let confirmed = review_after.map_or(mechanism, |review| review.max(mechanism));
    let keep_alive = review.tolerance_days() * 2;
    if (date - confirmed).num_days() <= keep_alive as i64 {
        Ok(())
    } else {
        Err(format!(
            "its newest configuration, record or review ({confirmed}) is older than two {review} review cadences ({keep_alive} days)"
        ))
    }
}

/// The rungs of the ladder a control reaches on `date`, judged by the evidence effective by
/// then. A provider's attestation speaks for the span it covers, so it counts for `date` when
/// it was issued by `as_of`, even if that was after `date` (a report always follows its period).
pub(crate) fn standing(control: &Control, cadences: Cadences, date: NaiveDate, as_of: NaiveDate) -> Standing {
    let known: Vec<&Evidence> = control.evidence.iter().filter(|evidence| evidence.effective <= date).collect();
    let documented = known.iter().any(|e| e.kind == EvidenceKind::Policy);
    let (implemented, operating) = match &control.inherited {
        Some(inherited) => attested(inherited, date, as_of),
        None => {
            let recent = Span { start: cadences.operates.window_start(date), end: date };
            let operating = if known.iter().any(|e| is_operation_record(e) && e.span().overlaps(&recent)) {
                Ok(())
            } else {
                let last = known.iter().filter(|e| is_operation_record(e)).map(|e| e.span().end.min(date)).max();
                let last = last.map(|d| format!("; the latest is from {d}")).unwrap_or_else(|| "; none is on file".to_owned());
                Err(format!("no record or review in its last {} interval (since {}){last}", cadences.operates, recent.start))
            };
            (mechanism_alive(&known, cadences.review, date), operating)
        }
    };
    let tested = match latest_test(control, date) {
        None => Err("it has never been tested".to_owned()),
        Some(test) if test.outcome != Some(Outcome::Pass) => Err(format!("its latest test ({}, {}) failed", test.title, test.effective)),
        Some(test) if !cadences.test.is_within(test.effective, date) => {
            Err(format!("no test within its {} test cadence (the latest passed on {})", cadences.test, test.effective))
        }
        Some(_) => Ok(()),
    };
    let (level, short_of_next) = match (implemented, operating, tested) {
        (Ok(()), Ok(()), Ok(())) => (Level::Verified, None),
        (Ok(()), Ok(()), Err(why)) => (Level::Operating, Some(why)),
        (Ok(()), Err(why), _) => (Level::Implemented, Some(why)),
        (Err(why), ..) if documented => (Level::Documented, Some(why)),
        (Err(why), ..) => (Level::None, Some(format!("no policy on file, and {why}"))),
    };
    Standing { level, short_of_next }
}

pub(crate) fn assess(control: &Control, index: &Index, as_of: NaiveDate) -> ControlAssessment {
    let objectives: Vec<_> = control.objectives.iter().filter_map(|id| index.objective(id)).collect();
    let cadences = Cadences::of(control, index);
    let known: Vec<&Evidence> = control.evidence.iter().filter(|evidence| evidence.effective <= as_of).collect();
    let latest = |wanted: &dyn Fn(&Evidence) -> bool| known.iter().filter(|e| wanted(e)).map(|e| e.effective).max();
    let last_review = latest(&|e| e.kind == EvidenceKind::Review);
    let last_passing_test = latest(&|e| e.kind == EvidenceKind::Test && e.outcome == Some(Outcome::Pass));
    let Standing { level, short_of_next } = standing(control, cadences, as_of, as_of);

    let mut domains: Vec<&str> = objectives.iter().map(|o| o.domain.as_str()).collect();
    domains.sort_unstable();
    domains.dedup();
    let decider = [control.failure_response.as_ref().map(|r| r.decider.as_str()), control.owner.as_deref()]
        .into_iter()
        .flatten()
        .find(|candidate| index.person(candidate).is_some_and(|person| domains.iter().any(|domain| person.may_decide_for(domain))))
        .map(str::to_owned);
    // An organization-wide control protects every supported function; that list is the
    // index's, shared, never copied per control.
    let system_level = objectives.iter().any(|o| o.system_level);
    let listed = match (&control.systems, system_level) {
        (Some(systems), true) => index.functions_of(systems),
        _ => Vec::new(),
    };
    let protects_all = system_level && control.systems.is_none();
    let protected: &[&Function] = if protects_all { index.supported_functions() } else { &listed };
    let tier = if protects_all { index.supported_best_tier() } else { listed.iter().map(|f| f.tier).min() };

    let mut assessment = ControlAssessment {
        id: control.id.clone(),
        title: control.title.clone(),
        owner: control.owner.clone(),
        decider,
        level,
        short_of_next,
        target: (tier == Some(1)).then_some(Level::Verified),
        tier,
        protects: listed.iter().map(|f| f.id.clone()).collect(),
        protects_all,
        objectives: control.objectives.clone(),
        systems: control.systems.clone(),
        inherited_from: control.inherited.as_ref().map(|inherited| inherited.provider.clone()),
        review_cadence: cadences.review,
        test_cadence: cadences.test,
        operates: cadences.operates,
        last_review,
        last_passing_test,
        open_exceptions: OpenExceptions::of(control, as_of),
        signals: Vec::new(),
    };
    assessment.signals = signals(control, &assessment, index, &Facts { known, domains, protected }, as_of);
    assessment
}

/// Whether a provider's attestations make an inherited control implemented and operating on
/// `date`: one issued by `as_of` must cover a span that started by `date` (implemented) and
/// ended at most 12 months before it (operating).
fn attested(inherited: &Inheritance, date: NaiveDate, as_of: NaiveDate) -> (Result<(), String>, Result<(), String>) {
    match relied_on(inherited, date, as_of) {
        None => {
            let why = format!("no attestation of {} issued by {as_of} covers {date} or earlier", inherited.provider);
            (Err(why.clone()), Err(why))
        }
        Some(attestation) if ATTESTATION_VALIDITY.is_within(attestation.covers.end.min(date), date) => (Ok(()), Ok(())),
        Some(attestation) => (
            Ok(()),
            Err(format!(
                "its latest attestation ({}) covers up to {}, more than 12 months before {date}",
                attestation.report, attestation.covers.end
            )),
        ),
    }
}

/// The attestation an inherited control rests on for `date`: of those issued by `as_of` whose
/// span started by `date`, the one whose span reaches furthest.
fn relied_on(inherited: &Inheritance, date: NaiveDate, as_of: NaiveDate) -> Option<&Attestation> {
    inherited.attestations.iter().filter(|a| a.attested_on <= as_of && a.covers.start <= date).max_by_key(|a| a.covers.end)
}

/// What `assess` already worked out and the signals reuse.
struct Facts<'a> {
    /// Evidence effective on or before the date.
    known: Vec<&'a Evidence>,
    /// The hub domains of the control's objectives, sorted, once each.
    domains: Vec<&'a str>,
    /// The functions it protects.
    protected: &'a [&'a Function],
}

fn is_operation_record(evidence: &Evidence) -> bool {
    matches!(evidence.kind, EvidenceKind::Record | EvidenceKind::Review)
}

/// The cadence intervals of `period` (up to `as_of`) in which the control has no operation
/// record: what a SOC 2 Type 2 auditor would find missing. Judged by effective dates only.
pub(crate) fn missing_intervals(control: &Control, operates: Cadence, period: Span, as_of: NaiveDate) -> Vec<Span> {
    if period.start > as_of {
        return Vec::new();
    }
    let observed = Span { start: period.start, end: period.end.min(as_of) };
    operates
        .intervals_within(observed)
        .into_iter()
        .filter(|interval| !control.evidence.iter().any(|e| e.effective <= as_of && is_operation_record(e) && e.span().overlaps(interval)))
        .collect()
}

/// The parts of `period` (up to `as_of`) that no attestation issued by `as_of` covers: what a
/// SOC 2 Type 2 auditor relying on the provider's report would find unattested.
pub(crate) fn unattested(inherited: &Inheritance, period: Span, as_of: NaiveDate) -> Vec<Span> {
    if period.start > as_of {
        return Vec::new();
    }
    let mut covers: Vec<Span> = inherited.attestations.iter().filter(|a| a.attested_on <= as_of).map(|a| a.covers).collect();
    covers.sort();
    let mut gaps = Vec::new();
    let mut cursor = Some(period.start);
    let end = period.end.min(as_of);
    for cover in covers {
        let Some(from) = cursor.filter(|from| *from <= end) else { break };
        if cover.end < from {
            continue;
        }
        if cover.start > from {
            gaps.push(Span { start: from, end: cover.start.pred_opt().unwrap_or(from).min(end) });
        }
        cursor = cover.end.succ_opt();
    }
    if let Some(from) = cursor.filter(|from| *from <= end) {
        gaps.push(Span { start: from, end });
    }
    gaps
}

/// The operates interval before the one containing `as_of`: the latest that is over for
/// certain, so a running control must have a record in it (records of the current interval
/// may still be on their way).
fn latest_complete_interval(operates: Cadence, as_of: NaiveDate) -> Span {
    let current = operates.interval_containing(as_of);
    operates.interval_containing(current.start.pred_opt().unwrap_or(current.start))
}

fn signals(control: &Control, assessment: &ControlAssessment, index: &Index, facts: &Facts, as_of: NaiveDate) -> Vec<Marker> {
    let mut markers = Vec::new();
    let mut raise = |signal: Signal, decider: Option<String>, reason: String| {
        markers.push(Marker {
            signal,
            control: Some(control.id.clone()),
            system: None,
            objective: None,
            decider,
            reason,
            tier: assessment.tier,
        });
    };
    let decider = || assessment.decider.clone();
    let test_cadence = assessment.test_cadence;
    let latest_test = latest_test(control, as_of);
    let failed_test = latest_test.filter(|test| test.outcome != Some(Outcome::Pass));

    if let Some(test) = failed_test {
        let before = assessment.last_passing_test.map(|date| format!(" (it last passed on {date})")).unwrap_or_default();
        raise(
            Signal::Failing,
            decider(),
            format!(
                "its latest test, \"{}\" on {}, failed and no later test passed{before}: fix it and retest, or decide to accept the risk until then",
                test.title, test.effective
            ),
        );
    } else if control.inherited.is_none() && assessment.level >= Level::Implemented && assessment.level < Level::Verified {
        let tested_in_cadence = latest_test.is_some_and(|test| test_cadence.is_within(test.effective, as_of));
        if !tested_in_cadence {
            let history = match latest_test {
                None => "never tested".to_owned(),
                Some(test) => format!("last passing test on {}", test.effective),
            };
            raise(
                Signal::Unrehearsed,
                decider(),
                format!("{history}; no passing test within its {test_cadence} test cadence, so nobody has shown it works: schedule the test and record its outcome"),
            );
        }
    }

    if control.objectives.iter().filter_map(|id| index.objective(id)).any(|o| o.recovery) {
        // Only a passing test within the test cadence speaks for today's recovery capability.
        let proof = match latest_test {
            None => Err("no recovery test is on record".to_owned()),
            Some(test) if test.outcome != Some(Outcome::Pass) => Err(format!("the latest recovery test on {} failed", test.effective)),
            Some(test) if !test_cadence.is_within(test.effective, as_of) => {
                Err(format!("the latest recovery test ({}) is outside its {test_cadence} test cadence", test.effective))
            }
            Some(test) => Ok(test),
        };
        let shortfalls: Vec<String> = facts
            .protected
            .iter()
            .filter(|function| function.rto.is_some() || function.rpo.is_some())
            .filter_map(|function| {
                let needs = format!(
                    "{} (tier {}) needs RTO {} / RPO {}",
                    function.id,
                    function.tier,
                    function.rto.map(|d| d.to_string()).unwrap_or_else(|| "-".into()),
                    function.rpo.map(|d| d.to_string()).unwrap_or_else(|| "-".into())
                );
                let shown = match &proof {
                    Err(why) => Some(why.clone()),
                    Ok(test) => match &test.recovery {
                        None => Some(format!("the latest test on {} recorded no recovery time or point", test.effective)),
                        Some(achieved) => {
                            let too_slow = matches!((function.rto, achieved.rto), (Some(goal), Some(got)) if got > goal)
                                || (function.rto.is_some() && achieved.rto.is_none());
                            let too_lossy = matches!((function.rpo, achieved.rpo), (Some(goal), Some(got)) if got > goal)
                                || (function.rpo.is_some() && achieved.rpo.is_none());
                            (too_slow || too_lossy).then(|| {
                                format!(
                                    "the latest test on {} achieved RTO {} / RPO {}",
                                    test.effective,
                                    achieved.rto.map(|d| d.to_string()).unwrap_or_else(|| "unmeasured".into()),
                                    achieved.rpo.map(|d| d.to_string()).unwrap_or_else(|| "unmeasured".into())
                                )
                            })
                        }
                    },
                };
                shown.map(|shown| format!("{needs}; {shown}"))
            })
            .collect();
        if !shortfalls.is_empty() {
            raise(
                Signal::RecoveryUnproven,
                decider(),
                format!("{}: decide whether to re-engineer recovery or accept a longer outage", and_more_of(&shortfalls, "; ")),
            );
        }
    }

    if control.inherited.is_none() {
        let interval = latest_complete_interval(assessment.operates, as_of);
        let ran_before = facts.known.iter().any(|e| is_operation_record(e) && e.span().start < interval.start);
        let ran_then = facts.known.iter().any(|e| is_operation_record(e) && e.span().overlaps(&interval));
        if ran_before && !ran_then {
            let last =
                facts.known.iter().filter(|e| is_operation_record(e)).map(|e| e.span().end).filter(|end| *end < interval.start).max();
            raise(
                Signal::Lapsed,
                decider(),
                format!(
                    "it ran before (last record {}) but has no record for its latest {} interval {interval}: find out why it stopped and restart it, or retire it",
                    last.map(|d| d.to_string()).unwrap_or_default(),
                    assessment.operates
                ),
            );
        }
    }

    // A metric may be listed once per measurement: the latest one as of the date counts.
    let mut latest_metrics: Vec<&Metric> = Vec::new();
    for metric in control.metrics.iter().filter(|metric| metric.measured_on <= as_of) {
        match latest_metrics.iter_mut().find(|kept| kept.name == metric.name) {
            Some(kept) if kept.measured_on < metric.measured_on => *kept = metric,
            Some(_) => {}
            None => latest_metrics.push(metric),
        }
    }
    let missed: Vec<String> = latest_metrics
        .iter()
        .filter(|metric| metric.misses_target())
        .map(|metric| {
            format!("{} was {} on {} against a target of {}", metric.name, metric.measured_text(), metric.measured_on, metric.target_text())
        })
        .collect();
    if !missed.is_empty() {
        raise(Signal::Divergent, decider(), format!("{}: behaviour diverges from the policy", missed.join("; ")));
    }

    let open: Vec<_> = control.exceptions.iter().filter(|exception| exception.is_open_on(as_of)).collect();
    let limit = control.exception_limit.unwrap_or(DEFAULT_EXCEPTION_LIMIT);
    let mut findings = Vec::new();
    if open.len() as u32 > limit {
        findings.push(format!("{} open exceptions against a limit of {limit}", open.len()));
    }
    let expired: Vec<String> = open
        .iter()
        .filter(|e| e.expires.is_some_and(|expiry| expiry < as_of))
        .map(|e| format!("{} expired {}", e.id, e.expires.unwrap_or(as_of)))
        .collect();
    if !expired.is_empty() {
        findings.push(format!("still open after expiry: {}", expired.join(", ")));
    }
    let unapproved: Vec<&str> = open.iter().filter(|e| e.approved_by.is_none()).map(|e| e.id.as_str()).collect();
    if !unapproved.is_empty() {
        findings.push(format!("open without an approver: {}", unapproved.join(", ")));
    }
    if !findings.is_empty() {
        raise(Signal::Exceptions, decider(), format!("{}: close, renew or approve them", findings.join("; ")));
    }

    if !assessment.last_review.is_some_and(|date| assessment.review_cadence.is_within(date, as_of)) {
        let when = assessment.last_review.map(|date| format!("last reviewed {date}")).unwrap_or_else(|| "never reviewed".to_owned());
        raise(
            Signal::Stale,
            decider(),
            format!(
                "{when}, outside its {} review cadence: review whether it still fits how systems are used, and record it",
                assessment.review_cadence
            ),
        );
    }

    if assessment.decider.is_none() {
        let domains = &facts.domains;
        let named = match (&control.failure_response, &control.owner) {
            (Some(response), _) => format!("the named decider {} has no authority over {}", response.decider, domains.join(", ")),
            (None, Some(owner)) => {
                format!("the owner {owner} has no authority over {} and no failure decider is named", domains.join(", "))
            }
            (None, None) => "it has no owner and no failure decider".to_owned(),
        };
        raise(Signal::NoDecider, None, format!("{named}: nobody can decide what happens when it fails; name a decider"));
    }

    if assessment.tier == Some(1) && control.failure_response.is_none() {
        let tier_one: Vec<&str> = if assessment.protects_all {
            index.supported_tier_one().to_vec()
        } else {
            facts.protected.iter().filter(|f| f.tier == 1).map(|f| f.id.as_str()).collect()
        };
        raise(
            Signal::NoResponse,
            decider().or_else(|| control.owner.clone()),
            format!("protects tier-1 {} but has no failure response: write a runbook and name who decides", examples(&tier_one)),
        );
    }

    if let Some(inherited) = &control.inherited {
        let reason = match relied_on(inherited, as_of, as_of) {
            None => format!("rests on {}'s attestation, but none is dated by {as_of}: obtain the provider's report", inherited.provider),
            Some(attestation) => {
                let age = match attested(inherited, as_of, as_of).1 {
                    Ok(()) => "review it and the exceptions it reports".to_owned(),
                    Err(why) => format!("{why}: obtain the current report or a bridge letter"),
                };
                format!(
                    "rests on {}'s attestation ({}, issued {}, covering {}); {age}",
                    inherited.provider, attestation.report, attestation.attested_on, attestation.covers
                )
            }
        };
        raise(Signal::Inherited, decider().or_else(|| control.owner.clone()), reason);
    }

    if assessment.level == Level::Documented {
        let why = assessment.short_of_next.as_deref().unwrap_or("no evidence shows the mechanism");
        raise(
            Signal::DocumentationOnly,
            decider(),
            format!("only its policy counts: {why}; show the mechanism is in place, or stop relying on it"),
        );
    }
    markers
}

/// Appends to each inherited control's marker the complementary user entity controls the
/// organization has not put in place: the provider's report holds only if they run.
pub(crate) fn note_complementary_controls(controls: &mut [ControlAssessment], profile: &Profile, index: &Index) {
    for (position, control) in profile.controls.iter().enumerate() {
        let Some(inherited) = &control.inherited else { continue };
        let missing: Vec<String> = inherited
            .complementary_controls
            .iter()
            .filter_map(|complementary| {
                let weak: Vec<String> = complementary
                    .controls
                    .iter()
                    .filter_map(|id| index.control_position(id))
                    .filter(|&p| controls[p].level < Level::Implemented)
                    .map(|p| format!("{} at {}", controls[p].id, controls[p].level))
                    .collect();
                (!weak.is_empty()).then(|| format!("\"{}\" ({})", complementary.description, weak.join(", ")))
            })
            .collect();
        if missing.is_empty() {
            continue;
        }
        if let Some(marker) = controls[position].signals.iter_mut().find(|m| m.signal == Signal::Inherited) {
            marker.reason += &format!(
                "; its report holds only if the organization does its part, and these complementary controls are not in place: {}",
                missing.join("; ")
            );
        }
    }
}
