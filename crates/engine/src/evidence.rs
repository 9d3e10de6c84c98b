//! Evidence requests: what an auditor asks the organization to provide (the "PBC", provided by
//! client, list) for every applicable requirement of an evaluated report, and which of it is on
//! file, stale or missing. Each requirement's demand (level, date, Type 2 period) comes from its
//! plugin's judgement, the controls covering it from the report; each request climbs the same
//! ladder `control::standing` reads (policy, configuration, operation records in every cadence
//! interval, a passing test; a provider's attestation for an inherited control), through the
//! same functions, so a rung the ladder does not reach is never reported present. The policy is
//! asked of every control the organization runs, as an auditor does, though the ladder counts
//! it only below `implemented`.

use crate::control::{
    attested, is_operation_record, latest_test, mechanism_alive, missing_intervals, operating, tested, unattested, Cadences,
};
use crate::output::{ControlAssessment, Report};
use chrono::NaiveDate;
use crosswalk_model::framework::UnmappedReason;
use crosswalk_model::profile::{Control, Evidence, EvidenceKind, Inheritance, Outcome};
use crosswalk_model::{Level, Profile, Span, Verdict};
use crosswalk_plugin_api::{Context, Demand, FrameworkPlugin, Judgement};
use schemars::JsonSchema;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// How many pieces of evidence on file a request lists, most recent first; `on_file` counts all.
const LISTED_ON_FILE: usize = 3;

/// `crosswalk evidence PROFILE --format json`: the evidence requests of every evaluated framework.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct EvidenceRequests {
    pub as_of: NaiveDate,
    pub organization: String,
    /// Requests listed (after `--missing-only`, only those not present).
    pub total: usize,
    pub present: usize,
    pub stale: usize,
    pub missing: usize,
    /// Applicable requirements not mapped onto the hub yet, in every framework: nothing can be
    /// asked for them until they are mapped, so they have no request (listed per framework).
    pub not_mapped: usize,
    /// Per framework, in evaluation order.
    pub frameworks: Vec<FrameworkRequests>,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct FrameworkRequests {
    pub framework: String,
    pub name: String,
    /// Missing first, then stale, then present; within each by subject and kind.
    pub requests: Vec<EvidenceRequest>,
    /// The applicable requirements (verdict `not-mapped`) that get no request because their
    /// framework does not map them onto the hub yet, in catalog order.
    pub not_mapped: Vec<String>,
}

/// One thing an auditor asks for, and what the profile has to show for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct EvidenceRequest {
    pub kind: RequestKind,
    /// What is asked for, in one sentence.
    pub asked: String,
    /// The control it is asked of, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub control: Option<String>,
    /// The system it is asked of (per-system coverage).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub system: Option<String>,
    /// The hub objective concerned (per-system coverage, an objective no control implements).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub objective: Option<String>,
    pub status: EvidenceStatus,
    /// Why that status, in one sentence.
    pub detail: String,
    /// Over a SOC 2 Type 2 period: the cadence intervals with no operation record, or for an
    /// attestation the days none covers.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub missing_intervals: Vec<Span>,
    /// Evidence on file of the kind asked for, most recent first (a few).
    pub evidence: Vec<EvidenceOnFile>,
    /// How much evidence of that kind is on file in all.
    pub on_file: usize,
    /// The person to ask: the control's or system's owner, the decision's decider.
    pub owner: Option<String>,
    /// The requirements of this framework the request serves.
    pub requirements: Vec<String>,
}

/// A piece of evidence the profile lists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct EvidenceOnFile {
    pub title: String,
    /// Where it is kept (a path, a ticket, a URL), when the profile says.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    pub effective: NaiveDate,
    /// The last day it covers, when it covers a span.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub through: Option<NaiveDate>,
}

/// What is asked for, in ladder order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum RequestKind {
    /// The policy or procedure document (documented).
    Policy,
    /// Configuration evidence that the mechanism is in place (implemented).
    Configuration,
    /// Records of the control running, one per cadence interval (operating).
    OperationRecords,
    /// The latest test or rehearsal, passing and within its cadence (verified).
    Test,
    /// The provider's attestation covering the date or period (an inherited control).
    Attestation,
    /// Evidence that a system needing the objective is covered.
    SystemCoverage,
    /// A control implementing an objective nothing implements.
    Control,
    /// The recorded decision that settles the requirement.
    Decision,
}

impl std::fmt::Display for RequestKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            RequestKind::Policy => "policy",
            RequestKind::Configuration => "configuration",
            RequestKind::OperationRecords => "operation records",
            RequestKind::Test => "test",
            RequestKind::Attestation => "attestation",
            RequestKind::SystemCoverage => "system coverage",
            RequestKind::Control => "control",
            RequestKind::Decision => "decision",
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum EvidenceStatus {
    /// Nothing on file that would show it.
    Missing,
    /// Something is on file, but too old, or a period is not fully covered.
    Stale,
    Present,
}

impl std::fmt::Display for EvidenceStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            EvidenceStatus::Missing => "missing",
            EvidenceStatus::Stale => "stale",
            EvidenceStatus::Present => "present",
        })
    }
}

impl EvidenceRequests {
    /// Only what is not present (missing or stale), recounted: `--missing-only`.
    pub fn missing_only(mut self) -> Self {
        for framework in &mut self.frameworks {
            framework.requests.retain(|request| request.status != EvidenceStatus::Present);
        }
        self.count();
        self
    }

    fn count(&mut self) {
        let statuses: Vec<EvidenceStatus> = self.frameworks.iter().flat_map(|f| f.requests.iter().map(|r| r.status)).collect();
        let of = |wanted: EvidenceStatus| statuses.iter().filter(|status| **status == wanted).count();
        (self.total, self.present, self.stale, self.missing) =
            (statuses.len(), of(EvidenceStatus::Present), of(EvidenceStatus::Stale), of(EvidenceStatus::Missing));
        self.not_mapped = self.frameworks.iter().map(|f| f.not_mapped.len()).sum();
    }
}

/// A rung of the ladder a control is asked to show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Rung {
    Policy,
    Configuration,
    OperationRecords,
    Test,
    Attestation,
}

impl Rung {
    fn kind(self) -> RequestKind {
        match self {
            Rung::Policy => RequestKind::Policy,
            Rung::Configuration => RequestKind::Configuration,
            Rung::OperationRecords => RequestKind::OperationRecords,
            Rung::Test => RequestKind::Test,
            Rung::Attestation => RequestKind::Attestation,
        }
    }
}

/// One rung judged: what is asked, its status and what is on file.
struct Judged {
    asked: String,
    status: EvidenceStatus,
    detail: String,
    evidence: Vec<EvidenceOnFile>,
    on_file: usize,
    missing_intervals: Vec<Span>,
}

/// The most recent few of `on_file` as listed evidence, and how many there are.
fn listed(mut on_file: Vec<&Evidence>) -> (Vec<EvidenceOnFile>, usize) {
    on_file.sort_by(|a, b| b.effective.cmp(&a.effective).then_with(|| a.title.cmp(&b.title)));
    let count = on_file.len();
    let shown = on_file
        .into_iter()
        .take(LISTED_ON_FILE)
        .map(|e| EvidenceOnFile { title: e.title.clone(), reference: e.reference.clone(), effective: e.effective, through: e.through })
        .collect();
    (shown, count)
}

/// What a request is about: requests of one framework with the same subject are one request,
/// serving every requirement that needs it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Subject {
    /// A control asked for the evidence of one rung, judged on a date, over a period or not.
    Rung {
        control: usize,
        rung: Rung,
        date: NaiveDate,
        period: Option<Span>,
    },
    System {
        objective: String,
        system: String,
    },
    Unimplemented {
        objective: String,
    },
    Decision {
        requirement: String,
    },
}

/// The evidence requests of `report` (evaluated from `profile` with `plugins`): for each
/// applicable requirement of each framework, what would show it, and whether it is on file.
pub fn evidence_requests(report: &Report, profile: &Profile, plugins: &[&dyn FrameworkPlugin]) -> EvidenceRequests {
    let positions: HashMap<&str, usize> = profile.controls.iter().enumerate().map(|(p, c)| (c.id.as_str(), p)).collect();
    let assessed: HashMap<&str, &ControlAssessment> = report.controls.iter().map(|c| (c.id.as_str(), c)).collect();
    let frameworks = report
        .frameworks
        .iter()
        .filter_map(|framework| {
            let plugin = plugins.iter().find(|plugin| plugin.catalog().framework.id == framework.id)?;
            let asker = Asker { profile, report, positions: &positions, assessed: &assessed };
            Some(FrameworkRequests {
                framework: framework.id.clone(),
                name: framework.name.clone(),
                requests: asker.framework(*plugin, framework),
                not_mapped: framework.requirements.iter().filter(|r| r.baseline == Verdict::NotMapped).map(|r| r.id.clone()).collect(),
            })
        })
        .collect();
    let mut requests = EvidenceRequests {
        as_of: report.as_of,
        organization: report.organization.clone(),
        total: 0,
        present: 0,
        stale: 0,
        missing: 0,
        not_mapped: 0,
        frameworks,
    };
    requests.count();
    requests
}

struct Asker<'a> {
    profile: &'a Profile,
    report: &'a Report,
    positions: &'a HashMap<&'a str, usize>,
    assessed: &'a HashMap<&'a str, &'a ControlAssessment>,
}

impl Asker<'_> {
    fn framework(&self, plugin: &dyn FrameworkPlugin, framework: &crate::FrameworkReport) -> Vec<EvidenceRequest> {
        // As in evaluation: a section that does not parse never reaches here; were one to, the
        // plugin sees no section.
        let prepared = plugin.prepare(self.profile).unwrap_or_else(|_| Box::new(()));
        let context = Context { profile: self.profile, as_of: self.report.as_of, scope: prepared.as_ref() };
        let catalog = plugin.catalog();
        let mut wanted: BTreeMap<Subject, Vec<String>> = BTreeMap::new();
        let mut ask = |subject: Subject, requirement: &str| {
            let serves = wanted.entry(subject).or_default();
            if serves.last().is_none_or(|last| last != requirement) {
                serves.push(requirement.to_owned());
            }
        };
        for result in framework.requirements.iter().filter(|r| r.baseline != Verdict::NotApplicable) {
            let Some(requirement) = catalog.requirement(&result.id) else { continue };
            match plugin.judge(requirement, &context) {
                Judgement::NotApplicable { .. } => {}
                Judgement::Decided(decision) => {
                    ask(Subject::Decision { requirement: result.id.clone() }, &result.id);
                    for control in decision.alternative_controls.iter().filter_map(|id| self.positions.get(id.as_str())) {
                        for subject in self.rungs(*control, decision.demand.level, &decision.demand) {
                            ask(subject, &result.id);
                        }
                    }
                }
                Judgement::Evaluate(demand) => match requirement.unmapped.as_ref().map(|u| u.reason) {
                    // A heading is shown by its sub-requirements.
                    Some(UnmappedReason::Heading) => {}
                    Some(UnmappedReason::Governance) => ask(Subject::Decision { requirement: result.id.clone() }, &result.id),
                    None => {
                        for objective in &result.objectives {
                            if objective.controls.is_empty() {
                                ask(Subject::Unimplemented { objective: objective.objective.clone() }, &result.id);
                            }
                            for control in objective.controls.iter().filter_map(|c| self.positions.get(c.control.as_str())) {
                                for subject in self.rungs(*control, objective.demanded, &demand) {
                                    ask(subject, &result.id);
                                }
                            }
                            for system in &objective.uncovered_systems {
                                ask(Subject::System { objective: objective.objective.clone(), system: system.clone() }, &result.id);
                            }
                        }
                    }
                },
            }
        }
        let mut requests: Vec<EvidenceRequest> =
            wanted.into_iter().filter_map(|(subject, requirements)| self.request(subject, requirements, plugin, &context)).collect();
        // Subjects are ordered by control position, then kind; the status leads.
        requests.sort_by_key(|request| request.status);
        requests
    }

    /// The rungs a control must show to reach `needed` under `demand`: its policy, then its
    /// mechanism, its operation and its test as the level asks; an inherited control shows its
    /// provider's attestation for the mechanism and its operation.
    fn rungs(&self, control: usize, needed: Level, demand: &Demand) -> Vec<Subject> {
        let date = demand.judged_on.map_or(self.report.as_of, |date| date.min(self.report.as_of));
        let inherited = self.profile.controls[control].inherited.is_some();
        let mut rungs = Vec::new();
        if inherited {
            if needed >= Level::Implemented {
                rungs.push(Rung::Attestation);
            }
        } else {
            rungs.push(Rung::Policy);
            if needed >= Level::Implemented {
                rungs.push(Rung::Configuration);
            }
            if needed >= Level::Operating {
                rungs.push(Rung::OperationRecords);
            }
        }
        if needed >= Level::Verified {
            rungs.push(Rung::Test);
        }
        rungs.into_iter().map(|rung| Subject::Rung { control, rung, date, period: demand.period }).collect()
    }

    /// The request for one subject; none for a control the report does not assess (a filtered
    /// report keeps only some: the others are outside what it speaks for).
    fn request(
        &self,
        subject: Subject,
        requirements: Vec<String>,
        plugin: &dyn FrameworkPlugin,
        context: &Context,
    ) -> Option<EvidenceRequest> {
        let blank = |kind: RequestKind, asked: String, status: EvidenceStatus, detail: String| EvidenceRequest {
            kind,
            asked,
            control: None,
            system: None,
            objective: None,
            status,
            detail,
            missing_intervals: Vec::new(),
            evidence: Vec::new(),
            on_file: 0,
            owner: None,
            requirements: requirements.clone(),
        };
        match subject {
            Subject::Rung { control, rung, date, period } => {
                let control = &self.profile.controls[control];
                let cadences = Cadences::of_assessed(self.assessed.get(control.id.as_str())?);
                let judged = self.rung(control, cadences, rung, date, period)?;
                Some(EvidenceRequest {
                    control: Some(control.id.clone()),
                    owner: control.owner.clone(),
                    missing_intervals: judged.missing_intervals,
                    evidence: judged.evidence,
                    on_file: judged.on_file,
                    ..blank(rung.kind(), judged.asked, judged.status, judged.detail)
                })
            }
            Subject::System { objective, system } => {
                let owner = self.profile.systems.iter().find(|s| s.id == system).map(|s| s.owner.clone());
                Some(EvidenceRequest {
                    owner,
                    system: Some(system.clone()),
                    objective: Some(objective.clone()),
                    ..blank(
                        RequestKind::SystemCoverage,
                        format!("evidence that {objective} covers {system}: a control extended to it, or an approved exemption"),
                        EvidenceStatus::Missing,
                        format!("no control covering {system} reaches the level {objective} demands, and no exemption holds"),
                    )
                })
            }
            Subject::Unimplemented { objective } => Some(EvidenceRequest {
                objective: Some(objective.clone()),
                ..blank(
                    RequestKind::Control,
                    format!("a control implementing {objective}, with its evidence"),
                    EvidenceStatus::Missing,
                    format!("no control of the profile implements {objective}"),
                )
            }),
            Subject::Decision { requirement } => Some(self.decision(&requirement, plugin, context, blank)),
        }
    }

    /// The recorded decision settling a requirement, current or due for review; a requirement no
    /// control can cover and no decision settles asks for one.
    fn decision(
        &self,
        requirement: &str,
        plugin: &dyn FrameworkPlugin,
        context: &Context,
        blank: impl Fn(RequestKind, String, EvidenceStatus, String) -> EvidenceRequest,
    ) -> EvidenceRequest {
        let judged = plugin.catalog().requirement(requirement).map(|r| plugin.judge(r, context));
        match judged {
            Some(Judgement::Decided(decision)) => {
                let (status, detail) = if decision.review_due < self.report.as_of {
                    (EvidenceStatus::Stale, format!("decided on {}, due for review by {}", decision.decided_on, decision.review_due))
                } else {
                    (EvidenceStatus::Present, format!("decided on {}, next review due by {}", decision.decided_on, decision.review_due))
                };
                EvidenceRequest {
                    owner: Some(decision.decided_by.clone()),
                    ..blank(RequestKind::Decision, format!("the recorded decision on {requirement}: {}", decision.summary), status, detail)
                }
            }
            _ => blank(
                RequestKind::Decision,
                format!("a recorded governance decision on {requirement}: no operational control can show it"),
                EvidenceStatus::Missing,
                "no decision is recorded".to_owned(),
            ),
        }
    }

    /// One rung of one control, judged on `date` (over `period` for operation and attestation)
    /// by the functions the ladder uses; none for an attestation of a control run in-house.
    fn rung(&self, control: &Control, cadences: Cadences, rung: Rung, date: NaiveDate, period: Option<Span>) -> Option<Judged> {
        let as_of = self.report.as_of;
        let known: Vec<&Evidence> = control.evidence.iter().filter(|e| e.effective <= date).collect();
        let of_kind = |wanted: &dyn Fn(&Evidence) -> bool| known.iter().copied().filter(|e| wanted(e)).collect::<Vec<_>>();
        let on = match period {
            Some(period) => format!("over {period}"),
            None => format!("on {date}"),
        };
        // Judged by the ladder's own verdict: present when it holds; otherwise stale when
        // something of the kind is on file, missing when nothing is.
        let judged = |asked: String, on_file: Vec<&Evidence>, verdict: Result<(), String>, present: String| {
            let status = match (&verdict, on_file.is_empty()) {
                (Ok(()), _) => EvidenceStatus::Present,
                (Err(_), true) => EvidenceStatus::Missing,
                (Err(_), false) => EvidenceStatus::Stale,
            };
            let (evidence, on_file) = listed(on_file);
            Judged { asked, status, detail: verdict.err().unwrap_or(present), evidence, on_file, missing_intervals: Vec::new() }
        };
        let judged = match rung {
            Rung::Policy => {
                let policies = of_kind(&|e| e.kind == EvidenceKind::Policy);
                let verdict = if policies.is_empty() { Err("no policy or procedure is on file".to_owned()) } else { Ok(()) };
                judged(format!("the policy or procedure of {}", control.id), policies, verdict, "a policy is on file".to_owned())
            }
            Rung::Configuration => judged(
                format!("configuration evidence that {} is in place {on}", control.id),
                of_kind(&|e| matches!(e.kind, EvidenceKind::Configuration | EvidenceKind::Record)),
                mechanism_alive(&known, cadences.review, date),
                format!("the mechanism is shown within two {} review cadences", cadences.review),
            ),
            Rung::OperationRecords => {
                let asked = format!("records of {} running, one per {} interval {on}", control.id, cadences.operates);
                let records = of_kind(&|e| is_operation_record(e));
                let Some(period) = period else {
                    let present = format!("a record in its latest {} interval", cadences.operates);
                    return Some(judged(asked, records, operating(&known, cadences.operates, date), present));
                };
                let gaps = missing_intervals(control, cadences.operates, period, as_of);
                let intervals = cadences.operates.intervals_within(Span { start: period.start, end: period.end.min(as_of) }).len();
                let (status, detail) = match gaps.len() {
                    0 => (EvidenceStatus::Present, format!("a record in each of the {intervals} {} intervals", cadences.operates)),
                    missing => {
                        (EvidenceStatus::Missing, format!("no record in {missing} of the {intervals} {} intervals", cadences.operates))
                    }
                };
                let (evidence, on_file) = listed(records);
                Judged { asked, status, detail, evidence, on_file, missing_intervals: gaps }
            }
            Rung::Test => {
                let asked = format!("the latest test or rehearsal of {}, passing, within its {} cadence", control.id, cadences.test);
                let present = format!("a passing test within its {} test cadence", cadences.test);
                let mut test = judged(asked, of_kind(&|e| e.kind == EvidenceKind::Test), tested(control, cadences.test, date), present);
                // A failed latest test shows no passing one: that is missing, not stale.
                if latest_test(control, date).is_some_and(|latest| latest.outcome != Some(Outcome::Pass)) {
                    test.status = EvidenceStatus::Missing;
                }
                test
            }
            Rung::Attestation => self.attestation(control.inherited.as_ref()?, control, date, period, &on),
        };
        Some(judged)
    }

    /// An inherited control's provider attestation for `date`, and over `period` every day
    /// covered.
    fn attestation(&self, inherited: &Inheritance, control: &Control, date: NaiveDate, period: Option<Span>, on: &str) -> Judged {
        let as_of = self.report.as_of;
        let asked = format!("{}'s attestation (its SOC report or equivalent) covering {} {on}", inherited.provider, control.id);
        let gaps = period.map(|period| unattested(inherited, period, as_of)).unwrap_or_default();
        let (status, detail) = match attested(inherited, date, as_of) {
            (Err(why), _) => (EvidenceStatus::Missing, why),
            (Ok(()), _) if !gaps.is_empty() => (
                EvidenceStatus::Stale,
                "the attestations on file leave part of the period uncovered: obtain a bridge letter or the next report".to_owned(),
            ),
            (Ok(()), Err(why)) => (EvidenceStatus::Stale, why),
            (Ok(()), Ok(())) => (EvidenceStatus::Present, format!("an attestation issued by {as_of} covers it")),
        };
        let mut attestations: Vec<EvidenceOnFile> = inherited
            .attestations
            .iter()
            .filter(|a| a.attested_on <= as_of)
            .map(|a| EvidenceOnFile {
                title: format!("{} (issued {})", a.report, a.attested_on),
                reference: None,
                effective: a.covers.start,
                through: Some(a.covers.end),
            })
            .collect();
        attestations.sort_by(|a, b| b.effective.cmp(&a.effective).then_with(|| a.title.cmp(&b.title)));
        let on_file = attestations.len();
        attestations.truncate(LISTED_ON_FILE);
        Judged { asked, status, detail, evidence: attestations, on_file, missing_intervals: gaps }
    }
}
