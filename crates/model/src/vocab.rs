//! The shared vocabulary: cadences, mapping relationships, the assurance ladder, baseline
//! verdicts and governance signals. Their spellings are part of every file format and of the JSON
//! contract.

use chrono::{Datelike, Days, Months, NaiveDate};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::fmt;

/// The first year a date in a crosswalk file may fall in.
pub const EARLIEST_YEAR: i32 = 1900;
/// The last year a date in a crosswalk file may fall in.
pub const LATEST_YEAR: i32 = 2200;

/// The tiers a business function may have: 1 (critical), 2 (important), 3 (supporting).
pub const TIERS: std::ops::RangeInclusive<u8> = 1..=3;
/// What the tiers mean, for a hint.
pub const TIERS_HINT: &str = "tiers are 1 (critical), 2 (important) or 3 (supporting)";

/// The one rule for a framework id, wherever one is written (`framework new`, `import oscal
/// --id`, a framework file's `framework.id`): lowercase letters, digits and '-', starting with a
/// letter, e.g. `nist-800-53`. Every built-in id follows it. The error is a sentence for the user.
pub fn check_framework_id(id: &str) -> Result<(), String> {
    let valid =
        id.starts_with(|c: char| c.is_ascii_lowercase()) && id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if valid {
        Ok(())
    } else {
        Err(format!("`{id}` is not a framework id: {FRAMEWORK_ID_RULE}"))
    }
}

/// The framework id rule, for a hint.
pub const FRAMEWORK_ID_RULE: &str = "use lowercase letters, digits and '-', starting with a letter, e.g. nist-800-53";

/// Refuses a date outside the years 1900 to 2200. Such a date is a typo (`0026-01-01`,
/// `20260-01-01`), and the published JSON Schemas' `format: date` has no room for it. The error is
/// a sentence for the user, naming the date and the range: "`0000-01-01` is outside the dates
/// crosswalk reads, 1900-01-01 to 2200-12-31".
pub fn check_date_range(date: NaiveDate) -> Result<(), String> {
    if (EARLIEST_YEAR..=LATEST_YEAR).contains(&date.year()) {
        Ok(())
    } else {
        Err(format!("`{date}` is outside the dates crosswalk reads, {EARLIEST_YEAR}-01-01 to {LATEST_YEAR}-12-31"))
    }
}

/// How often something is done.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Cadence {
    Daily,
    Weekly,
    Monthly,
    Quarterly,
    Semiannual,
    Annual,
}

impl Cadence {
    /// The longest a cadence may stretch, in days: "within its cadence" means at most this old,
    /// so a monthly review on the 31st of one month and the 30th of the next is still on time.
    pub fn tolerance_days(self) -> u64 {
        match self {
            Cadence::Daily => 1,
            Cadence::Weekly => 7,
            Cadence::Monthly => 31,
            Cadence::Quarterly => 92,
            Cadence::Semiannual => 184,
            Cadence::Annual => 366,
        }
    }

    /// The earliest date still within one cadence of `as_of`.
    pub fn window_start(self, as_of: NaiveDate) -> NaiveDate {
        as_of.checked_sub_days(Days::new(self.tolerance_days())).unwrap_or(NaiveDate::MIN)
    }

    /// The last date still within one cadence after `date`.
    pub fn window_end(self, date: NaiveDate) -> NaiveDate {
        date.checked_add_days(Days::new(self.tolerance_days())).unwrap_or(NaiveDate::MAX)
    }

    /// True when `date` is at most one cadence before `as_of` (and not after it).
    pub fn is_within(self, date: NaiveDate, as_of: NaiveDate) -> bool {
        date <= as_of && (as_of - date).num_days() <= self.tolerance_days() as i64
    }

    /// The calendar interval (day, ISO week, month, quarter, half-year, year) containing `date`.
    pub fn interval_containing(self, date: NaiveDate) -> Span {
        let month_start = |months_per_interval: u32| {
            let first_month = (date.month0() / months_per_interval) * months_per_interval + 1;
            let start = NaiveDate::from_ymd_opt(date.year(), first_month, 1).unwrap_or(date);
            let end = start
                .checked_add_months(Months::new(months_per_interval))
                .and_then(|next| next.checked_sub_days(Days::new(1)))
                .unwrap_or(NaiveDate::MAX);
            Span { start, end }
        };
        match self {
            Cadence::Daily => Span { start: date, end: date },
            Cadence::Weekly => {
                let start = date.checked_sub_days(Days::new(date.weekday().num_days_from_monday().into())).unwrap_or(NaiveDate::MIN);
                Span { start, end: start.checked_add_days(Days::new(6)).unwrap_or(NaiveDate::MAX) }
            }
            Cadence::Monthly => month_start(1),
            Cadence::Quarterly => month_start(3),
            Cadence::Semiannual => month_start(6),
            Cadence::Annual => month_start(12),
        }
    }

    /// The calendar intervals that overlap `span`, in order, clipped to it.
    pub fn intervals_within(self, span: Span) -> Vec<Span> {
        let mut intervals = Vec::new();
        let mut cursor = span.start;
        while cursor <= span.end {
            let interval = self.interval_containing(cursor);
            intervals.push(Span { start: interval.start.max(span.start), end: interval.end.min(span.end) });
            match interval.end.succ_opt() {
                Some(next) => cursor = next,
                None => break,
            }
        }
        intervals
    }
}

impl fmt::Display for Cadence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Cadence::Daily => "daily",
            Cadence::Weekly => "weekly",
            Cadence::Monthly => "monthly",
            Cadence::Quarterly => "quarterly",
            Cadence::Semiannual => "semiannual",
            Cadence::Annual => "annual",
        })
    }
}

/// An inclusive range of dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Span {
    pub start: NaiveDate,
    pub end: NaiveDate,
}

impl Span {
    pub fn overlaps(&self, other: &Span) -> bool {
        self.start <= other.end && other.start <= self.end
    }
}

impl fmt::Display for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.start == self.end {
            write!(f, "{}", self.start)
        } else {
            write!(f, "{}..{}", self.start, self.end)
        }
    }
}

/// What sort of system something is: it decides which system-level hub objectives the system
/// needs (nobody restores a laptop from a database backup).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum SystemKind {
    /// Software the organization runs that serves users or other systems (an API, a web app).
    Application,
    /// Where data is kept: a database, an object store, a file share, a warehouse.
    DataStore,
    /// A host or platform the organization operates (a VM, a container cluster, a message broker).
    Server,
    /// A device people work on: a laptop, a desktop, a phone.
    Endpoint,
    /// A service bought and configured, not operated (an identity provider, a SIEM, source hosting).
    Saas,
    /// Network equipment or a network boundary (a VPC, a firewall, a VPN).
    Network,
    /// A physical site or room.
    Facility,
}

impl SystemKind {
    pub const ALL: [SystemKind; 7] = [
        SystemKind::Application,
        SystemKind::DataStore,
        SystemKind::Server,
        SystemKind::Endpoint,
        SystemKind::Saas,
        SystemKind::Network,
        SystemKind::Facility,
    ];
}

impl fmt::Display for SystemKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            SystemKind::Application => "application",
            SystemKind::DataStore => "data-store",
            SystemKind::Server => "server",
            SystemKind::Endpoint => "endpoint",
            SystemKind::Saas => "saas",
            SystemKind::Network => "network",
            SystemKind::Facility => "facility",
        })
    }
}

/// How a requirement relates to a hub objective, read from the requirement's side (NIST IR 8477).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Relationship {
    /// The objective and the requirement ask the same thing.
    Equal,
    /// The requirement is contained in the objective: the objective covers all of it.
    Subset,
    /// The requirement is broader: the objective covers only a part of it.
    Superset,
    /// Partial overlap: each has parts the other lacks.
    Intersects,
}

impl Relationship {
    /// Whether a satisfied objective alone covers the whole requirement.
    pub fn covers_whole(self) -> bool {
        matches!(self, Relationship::Equal | Relationship::Subset)
    }
}

impl fmt::Display for Relationship {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Relationship::Equal => "equal",
            Relationship::Subset => "subset",
            Relationship::Superset => "superset",
            Relationship::Intersects => "intersects",
        })
    }
}

/// The assurance ladder of a control, lowest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Level {
    /// No evidence at all.
    None,
    /// A policy exists.
    Documented,
    /// The mechanism is in place.
    Implemented,
    /// Records show it running within its cadence.
    Operating,
    /// A passing test or rehearsal within cadence shows it works.
    Verified,
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Level::None => "none",
            Level::Documented => "documented",
            Level::Implemented => "implemented",
            Level::Operating => "operating",
            Level::Verified => "verified",
        })
    }
}

/// The baseline (compliance) verdict of one requirement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    Met,
    Alternative,
    Partial,
    Unmet,
    /// Applicable, but its framework file maps it onto no hub objective yet and gives no reason
    /// (`unmapped`): crosswalk cannot judge it, so it is never met, and it is counted apart.
    NotMapped,
    NotApplicable,
}

impl Verdict {
    /// Whether the verdict satisfies the baseline.
    pub fn is_met(self) -> bool {
        matches!(self, Verdict::Met | Verdict::Alternative)
    }

    /// Whether the requirement applies and is not shown met: partial, unmet or not mapped yet.
    pub fn is_open(self) -> bool {
        matches!(self, Verdict::Partial | Verdict::Unmet | Verdict::NotMapped)
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Verdict::Met => "met",
            Verdict::Alternative => "alternative",
            Verdict::Partial => "partial",
            Verdict::Unmet => "unmet",
            Verdict::NotMapped => "not-mapped",
            Verdict::NotApplicable => "not-applicable",
        })
    }
}

/// The governance signals of DOMAIN.md: where the baseline stops and someone must decide.
/// Declared from the most to the least urgent, which is how lists of markers are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Signal {
    /// The latest test failed and no later test passed.
    Failing,
    RecoveryUnproven,
    /// A control that was operating has no operation record in its latest complete interval.
    Lapsed,
    ScopeGap,
    NoResponse,
    NoDecider,
    /// A governance requirement (`unmapped: {reason: governance}`) that no recorded decision
    /// settles: it stays unmet until someone with authority over every domain decides.
    Undecided,
    Unrehearsed,
    Divergent,
    Exceptions,
    Stale,
    DocumentationOnly,
    Inherited,
    /// A system is exempt from an objective by a recorded, approved, unexpired decision.
    Exempted,
}

impl Signal {
    pub const ALL: [Signal; 14] = [
        Signal::Failing,
        Signal::RecoveryUnproven,
        Signal::Lapsed,
        Signal::ScopeGap,
        Signal::NoResponse,
        Signal::NoDecider,
        Signal::Undecided,
        Signal::Unrehearsed,
        Signal::Divergent,
        Signal::Exceptions,
        Signal::Stale,
        Signal::DocumentationOnly,
        Signal::Inherited,
        Signal::Exempted,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Signal::Failing => "failing",
            Signal::RecoveryUnproven => "recovery-unproven",
            Signal::Lapsed => "lapsed",
            Signal::ScopeGap => "scope-gap",
            Signal::NoResponse => "no-response",
            Signal::NoDecider => "no-decider",
            Signal::Undecided => "undecided",
            Signal::Unrehearsed => "unrehearsed",
            Signal::Divergent => "divergent",
            Signal::Exceptions => "exceptions",
            Signal::Stale => "stale",
            Signal::DocumentationOnly => "documentation-only",
            Signal::Inherited => "inherited",
            Signal::Exempted => "exempted",
        }
    }
}

impl fmt::Display for Signal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> NaiveDate {
        s.parse().expect("test date")
    }

    #[test]
    fn quarterly_intervals_of_a_period_are_clipped_calendar_quarters() {
        let period = Span { start: date("2026-02-15"), end: date("2026-09-30") };
        let quarters = Cadence::Quarterly.intervals_within(period);
        let shown: Vec<String> = quarters.iter().map(ToString::to_string).collect();
        assert_eq!(shown, ["2026-02-15..2026-03-31", "2026-04-01..2026-06-30", "2026-07-01..2026-09-30"]);
    }

    #[test]
    fn dates_are_read_from_1900_to_2200() {
        assert_eq!(check_date_range(date("1900-01-01")), Ok(()));
        assert_eq!(check_date_range(date("2200-12-31")), Ok(()));
        for outside in ["1899-12-31", "2201-01-01", "0000-01-01", "+10000-01-01"] {
            let error = check_date_range(date(outside)).expect_err(outside);
            assert_eq!(error, format!("`{outside}` is outside the dates crosswalk reads, 1900-01-01 to 2200-12-31"));
        }
    }

    #[test]
    fn weekly_intervals_start_on_monday() {
        let week = Cadence::Weekly.interval_containing(date("2026-11-26"));
        assert_eq!(week, Span { start: date("2026-11-23"), end: date("2026-11-29") });
    }

    #[test]
    fn within_cadence_excludes_future_and_too_old_dates() {
        let as_of = date("2026-11-30");
        assert!(Cadence::Quarterly.is_within(date("2026-09-01"), as_of));
        assert!(!Cadence::Quarterly.is_within(date("2026-08-01"), as_of));
        assert!(!Cadence::Quarterly.is_within(date("2026-12-01"), as_of));
    }
}
