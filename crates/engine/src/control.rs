//! Judging one control as of a date: its place on the assurance ladder, whom it protects, who
//! decides when it fails, and the governance signals it raises wherever it is used.

use crate::index::Index;
use crate::output::{ControlAssessment, Marker};
use chrono::NaiveDate;
use crosswalk_model::profile::{Control, Evidence, EvidenceKind, Metric, Outcome, DEFAULT_EXCEPTION_LIMIT};
use crosswalk_model::{Cadence, Level, Signal, Span};

/// How long a provider's attestation is relied on before it counts as out of date.
const ATTESTATION_VALIDITY: Cadence = Cadence::Annual;

pub(crate) fn assess(control: &Control, index: &Index, as_of: NaiveDate) -> ControlAssessment {
    let objectives: Vec<_> = control.objectives.iter().filter_map(|id| index.objective(id)).collect();
    let review_cadence = control.review_cadence.or_else(|| objectives.iter().map(|o| o.review_cadence).min()).unwrap_or(Cadence::Annual);
    let test_cadence = control.test_cadence.or_else(|| objectives.iter().map(|o| o.test_cadence).min()).unwrap_or(Cadence::Annual);
    let operates = control.operates.unwrap_or(review_cadence);
    let known: Vec<&Evidence> = control.evidence.iter().filter(|evidence| evidence.effective <= as_of).collect();
    let latest = |wanted: &dyn Fn(&Evidence) -> bool| known.iter().filter(|e| wanted(e)).map(|e| e.effective).max();

    let last_review = latest(&|e| e.kind == EvidenceKind::Review);
    let last_passing_test = latest(&|e| e.kind == EvidenceKind::Test && e.outcome == Some(Outcome::Pass));
    let documented = known.iter().any(|e| e.kind == EvidenceKind::Policy);
    let attestation_current =
        control.inherited.as_ref().is_some_and(|inherited| ATTESTATION_VALIDITY.is_within(inherited.attested_on, as_of));
    let implemented = control.inherited.as_ref().is_some_and(|inherited| inherited.attested_on <= as_of)
        || known.iter().any(|e| matches!(e.kind, EvidenceKind::Configuration | EvidenceKind::Record));
    let recent = Span { start: operates.window_start(as_of), end: as_of };
    let operating = implemented && (attestation_current || known.iter().any(|e| is_operation_record(e) && e.span().overlaps(&recent)));
    let tested = last_passing_test.is_some_and(|date| test_cadence.is_within(date, as_of));
    let level = match (documented, implemented, operating, tested) {
        (_, true, true, true) => Level::Verified,
        (_, true, true, false) => Level::Operating,
        (_, true, false, _) => Level::Implemented,
        (true, false, ..) => Level::Documented,
        _ => Level::None,
    };

    let mut domains: Vec<&str> = objectives.iter().map(|o| o.domain.as_str()).collect();
    domains.sort_unstable();
    domains.dedup();
    let decider = [control.failure_response.as_ref().map(|r| r.decider.as_str()), control.owner.as_deref()]
        .into_iter()
        .flatten()
        .find(|candidate| index.person(candidate).is_some_and(|person| domains.iter().any(|domain| person.may_decide_for(domain))))
        .map(str::to_owned);
    let protects = if objectives.iter().any(|o| o.system_level) { index.functions_of(control.systems.as_deref()) } else { Vec::new() };
    let tier = protects.iter().filter_map(|id| index.function(id)).map(|f| f.tier).min();

    let mut assessment = ControlAssessment {
        id: control.id.clone(),
        title: control.title.clone(),
        owner: control.owner.clone(),
        decider,
        level,
        target: (tier == Some(1)).then_some(Level::Verified),
        tier,
        protects,
        objectives: control.objectives.clone(),
        systems: control.systems.clone(),
        inherited_from: control.inherited.as_ref().map(|inherited| inherited.provider.clone()),
        review_cadence,
        test_cadence,
        operates,
        last_review,
        last_passing_test,
        signals: Vec::new(),
    };
    assessment.signals = signals(control, &assessment, index, &Facts { known, domains, tested }, as_of);
    assessment
}

/// What `assess` already worked out and the signals reuse.
struct Facts<'a> {
    /// Evidence effective on or before the date.
    known: Vec<&'a Evidence>,
    /// The hub domains of the control's objectives, sorted, once each.
    domains: Vec<&'a str>,
    /// A passing test within the test cadence.
    tested: bool,
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
    let latest_test = facts.known.iter().filter(|e| e.kind == EvidenceKind::Test).max_by_key(|e| e.effective);

    if control.inherited.is_none() && assessment.level >= Level::Implemented && !facts.tested {
        let history = match latest_test {
            None => "never tested".to_owned(),
            Some(test) if test.outcome == Some(Outcome::Fail) => format!("its last test ({}, {}) failed", test.title, test.effective),
            Some(test) => format!("last passing test on {}", test.effective),
        };
        raise(
            Signal::Unrehearsed,
            decider(),
            format!(
                "{history}; no passing test within its {} test cadence, so nobody has shown it works: schedule the test and record its outcome",
                assessment.test_cadence
            ),
        );
    }

    if control.objectives.iter().filter_map(|id| index.objective(id)).any(|o| o.recovery) {
        let shortfalls: Vec<String> = assessment
            .protects
            .iter()
            .filter_map(|id| index.function(id))
            .filter(|function| function.rto.is_some() || function.rpo.is_some())
            .filter_map(|function| {
                let needs = format!(
                    "{} (tier {}) needs RTO {} / RPO {}",
                    function.id,
                    function.tier,
                    function.rto.map(|d| d.to_string()).unwrap_or_else(|| "-".into()),
                    function.rpo.map(|d| d.to_string()).unwrap_or_else(|| "-".into())
                );
                let shown = match latest_test {
                    None => Some("no recovery test is on record".to_owned()),
                    Some(test) if test.outcome != Some(Outcome::Pass) => {
                        Some(format!("the last recovery test on {} failed", test.effective))
                    }
                    Some(test) => match &test.recovery {
                        None => Some(format!("the last test on {} recorded no recovery time or point", test.effective)),
                        Some(achieved) => {
                            let too_slow = matches!((function.rto, achieved.rto), (Some(goal), Some(got)) if got > goal)
                                || (function.rto.is_some() && achieved.rto.is_none());
                            let too_lossy = matches!((function.rpo, achieved.rpo), (Some(goal), Some(got)) if got > goal)
                                || (function.rpo.is_some() && achieved.rpo.is_none());
                            (too_slow || too_lossy).then(|| {
                                format!(
                                    "the last test on {} achieved RTO {} / RPO {}",
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
                format!("{}: decide whether to re-engineer recovery or accept a longer outage", shortfalls.join("; ")),
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
            let unit = metric.unit.as_deref().map(|unit| format!(" {unit}")).unwrap_or_default();
            format!(
                "{} measured {}{unit} on {} against a target of {}",
                metric.name,
                metric.measured,
                metric.measured_on,
                metric.target_text()
            )
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
        raise(
            Signal::NoResponse,
            decider().or_else(|| control.owner.clone()),
            format!("protects tier-1 {} but has no failure response: write a runbook and name who decides", assessment.protects.join(", ")),
        );
    }

    if let Some(inherited) = &control.inherited {
        let age = if inherited.attested_on > as_of {
            "it is dated after the as-of date, so nothing is attested yet".to_owned()
        } else if ATTESTATION_VALIDITY.is_within(inherited.attested_on, as_of) {
            "review it and the exceptions it reports".to_owned()
        } else {
            "it is more than 12 months old: obtain the current report".to_owned()
        };
        raise(
            Signal::Inherited,
            decider().or_else(|| control.owner.clone()),
            format!("rests on {}'s attestation ({}, {}); {age}", inherited.provider, inherited.attestation, inherited.attested_on),
        );
    }

    if assessment.level == Level::Documented {
        raise(Signal::DocumentationOnly, decider(), "only a policy is on file: no evidence the mechanism exists or runs".to_owned());
    }
    markers
}
