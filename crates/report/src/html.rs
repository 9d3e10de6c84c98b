//! The report as one self-contained HTML page: inline CSS, a small inline script and inline SVG,
//! nothing fetched (its Content-Security-Policy forbids every fetch). It shows what the text and
//! Markdown views show, from the same `Report`, plus the coverage heatmap (hub domains ×
//! frameworks) and each requirement's explanation in a `<details>` that opens on demand and is
//! opened before printing.
//!
//! **Invariant:** every word that comes from a profile, a catalog or a person reaches the page
//! through [`Page::text`] or [`Page::attribute`], which escape it; markup is only ever a
//! `&'static str` ([`Page::markup`]), so no run-time string can become a tag or an attribute.
//! No attribute takes a URL from the data, so a `javascript:` title stays text.

use crate::views::{count, decider_name, not_shown, signals, tier};
use crate::ReportLayout;
use crosswalk_engine::{
    domain_coverage, AgendaGroup, AgendaItem, ControlAssessment, Coverage, DomainCoverage, FrameworkReport, GapStatus, Marker, Rating,
    Report, RequirementResult,
};
use crosswalk_model::{Hub, Level, Verdict};
use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt::Display;

/// `text` made safe inside an element or a double-quoted attribute value: the five characters
/// HTML gives a meaning there are written as character references; everything else is kept as
/// it is (the page is UTF-8).
pub fn escape_html(text: &str) -> Cow<'_, str> {
    if !text.contains(['&', '<', '>', '"', '\'']) {
        return Cow::Borrowed(text);
    }
    let mut escaped = String::with_capacity(text.len() + 16);
    for character in text.chars() {
        match character {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            other => escaped.push(other),
        }
    }
    Cow::Owned(escaped)
}

/// The page being written. Markup is static; words are escaped on the way in.
struct Page {
    out: String,
}

impl Page {
    fn markup(&mut self, markup: &'static str) -> &mut Self {
        self.out.push_str(markup);
        self
    }

    fn text(&mut self, text: &str) -> &mut Self {
        self.out.push_str(&escape_html(text));
        self
    }

    /// A number, a date or an enum's spelling: `Display` output escaped like any text.
    fn value(&mut self, value: impl Display) -> &mut Self {
        self.text(&value.to_string())
    }

    /// ` name="value"`, the value escaped.
    fn attribute(&mut self, name: &'static str, value: &str) -> &mut Self {
        self.markup(" ").markup(name).markup("=\"").text(value).markup("\"")
    }

    /// `<tag>text</tag>` for a tag without attributes.
    fn element(&mut self, open: &'static str, text: &str, close: &'static str) -> &mut Self {
        self.markup(open).text(text).markup(close)
    }

    fn code(&mut self, text: &str) -> &mut Self {
        self.element("<code>", text, "</code>")
    }

    fn table_head(&mut self, headers: &[&'static str]) {
        self.markup("<div class=\"table\"><table><thead><tr>");
        for header in headers {
            self.markup("<th scope=\"col\">").markup(header).markup("</th>");
        }
        self.markup("</tr></thead><tbody>");
    }

    fn table_end(&mut self) {
        self.markup("</tbody></table></div>\n");
    }

    fn cell(&mut self, text: &str) -> &mut Self {
        self.element("<td>", text, "</td>")
    }

    fn code_cell(&mut self, text: &str) -> &mut Self {
        self.markup("<td>").code(text).markup("</td>")
    }

    fn verdict(&mut self, verdict: Verdict) -> &mut Self {
        let class = match verdict {
            Verdict::Met => "badge met",
            Verdict::Alternative => "badge alternative",
            Verdict::Partial => "badge partial",
            Verdict::Unmet => "badge unmet",
            Verdict::NotApplicable => "badge not-applicable",
            Verdict::NotMapped => "badge not-mapped",
        };
        self.markup("<span class=\"").markup(class).markup("\">").value(verdict).markup("</span>")
    }

    fn level(&mut self, level: Level) -> &mut Self {
        let class = match level {
            Level::Verified => "level verified",
            Level::Operating => "level operating",
            Level::Implemented => "level implemented",
            Level::Documented | Level::None => "level low",
        };
        self.markup("<span class=\"").markup(class).markup("\">").value(level).markup("</span>")
    }

    fn rating(&mut self, rating: Rating) -> &mut Self {
        let class = match rating {
            Rating::Critical => "badge unmet",
            Rating::High => "badge high",
            Rating::Medium => "badge partial",
            Rating::Low => "badge not-applicable",
        };
        self.markup("<span class=\"").markup(class).markup("\">").value(rating).markup("</span>")
    }

    /// A section of its own (a printed page starts before each).
    fn section(&mut self, id: &'static str, title: &str) {
        self.markup("<section").attribute("id", id).markup(">\n");
        self.element("<h2>", title, "</h2>\n");
    }

    fn section_end(&mut self) {
        self.markup("</section>\n");
    }
}

const STYLE: &str = include_str!("html/report.css");
/// Records script errors in the page before anything else runs, so a browser test (and a reader)
/// sees them in `#script-errors`.
const ERROR_HOOK: &str = include_str!("html/errors.js");
const SCRIPT: &str = include_str!("html/report.js");

/// Nothing may be fetched: no network, no other file. Inline styles and scripts only.
const CONTENT_SECURITY_POLICY: &str =
    "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

/// `crosswalk report PROFILE --format html`: the whole page. `hub` names the heatmap's domains.
pub fn report_html(report: &Report, hub: &Hub, layout: ReportLayout) -> String {
    let mut page = Page { out: String::with_capacity(256 * 1024) };
    let title = format!("{}: cross-framework gap report as of {}", report.organization, report.as_of);
    page.markup("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    page.markup("<meta http-equiv=\"Content-Security-Policy\" content=\"").markup(CONTENT_SECURITY_POLICY).markup("\">\n");
    page.markup("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    page.markup("<meta name=\"generator\" content=\"crosswalk\">\n");
    page.element("<title>", &title, "</title>\n");
    page.markup("<style>\n").markup(STYLE).markup("</style>\n");
    page.markup("<script>\n").markup(ERROR_HOOK).markup("</script>\n");
    page.markup("</head>\n<body>\n<header>\n");
    page.element("<h1>", &report.organization, "</h1>\n");
    page.markup("<p class=\"subtitle\">Cross-framework gap report as of <time>").value(report.as_of).markup("</time></p>\n");
    page.markup("<p class=\"lead\">Baseline: what each framework asks, judged by its own semantics. Governance: where coverage stops at the baseline and a named person must decide.</p>\n");
    page.markup("<nav aria-label=\"Sections\"><a href=\"#summary\">Summary</a>");
    if !layout.summary_only {
        page.markup("<a href=\"#heatmap\">Heatmap</a><a href=\"#due\">Due</a><a href=\"#frameworks\">Frameworks</a><a href=\"#shared-gaps\">Shared gaps</a><a href=\"#leverage\">Leverage</a>");
    }
    page.markup("<a href=\"#agenda\">Agenda</a></nav>\n");
    page.markup("<ol id=\"script-errors\" hidden></ol>\n</header>\n<main>\n");

    summary(&mut page, report);
    if layout.summary_only {
        agenda(&mut page, report, "Tier-1 agenda", |item| item.tier == Some(1));
    } else {
        heatmap(&mut page, report, &domain_coverage(report, hub));
        due(&mut page, report);
        let controls: HashMap<&str, &ControlAssessment> = report.controls.iter().map(|c| (c.id.as_str(), c)).collect();
        page.markup("<div id=\"frameworks\">\n");
        for framework in &report.frameworks {
            framework_section(&mut page, framework, &controls, layout);
        }
        page.markup("</div>\n");
        shared_gaps(&mut page, report);
        leverage(&mut page, report);
        agenda(&mut page, report, "Governance agenda", |_| true);
    }
    page.markup("</main>\n<footer>Written by crosswalk as of <time>")
        .value(report.as_of)
        .markup("</time>. Self-contained: nothing on this page is fetched from a network.</footer>\n");
    page.markup("<script>\n").markup(SCRIPT).markup("</script>\n</body>\n</html>\n");
    page.out
}

/// A stacked bar of met (and alternative), partial, unmet and not-mapped-yet requirements, as
/// inline SVG.
fn coverage_bar(page: &mut Page, coverage: &Coverage) {
    const WIDTH: usize = 240;
    if coverage.applicable == 0 {
        return;
    }
    let parts = [
        ("met", coverage.met + coverage.alternative),
        ("partial", coverage.partial),
        ("unmet", coverage.unmet),
        ("not-mapped", coverage.not_mapped),
    ];
    let label = format!(
        "{} of {} applicable requirements met, {}",
        coverage.met + coverage.alternative,
        coverage.applicable,
        open_counts(coverage.partial, coverage.unmet, coverage.not_mapped)
    );
    page.markup("<svg class=\"bar\" viewBox=\"0 0 240 12\" preserveAspectRatio=\"none\" height=\"12\" role=\"img\"")
        .attribute("aria-label", &label)
        .markup(">");
    page.element("<title>", &label, "</title>");
    // Widths in whole pixels that add up to the bar: the last part with requirements takes the rest.
    let last = parts.iter().rposition(|(_, number)| *number > 0).unwrap_or(parts.len() - 1);
    let mut x = 0;
    for (index, (class, number)) in parts.iter().enumerate() {
        let width = match index.cmp(&last) {
            std::cmp::Ordering::Less => number * WIDTH / coverage.applicable,
            std::cmp::Ordering::Equal => WIDTH - x,
            std::cmp::Ordering::Greater => 0,
        };
        if width > 0 {
            page.markup("<rect class=\"")
                .markup(class)
                .markup("\" y=\"0\" height=\"12\" x=\"")
                .value(x)
                .markup("\" width=\"")
                .value(width)
                .markup("\"/>");
        }
        x += width;
    }
    page.markup("</svg>");
}

/// `P partial, U unmet`, and `, N not mapped yet` when some are: the open requirements.
fn open_counts(partial: usize, unmet: usize, not_mapped: usize) -> String {
    if not_mapped == 0 {
        format!("{partial} partial, {unmet} unmet")
    } else {
        format!("{partial} partial, {unmet} unmet, {not_mapped} not mapped yet")
    }
}

fn summary(page: &mut Page, report: &Report) {
    let s = &report.summary;
    page.section("summary", "Summary");
    page.markup("<div class=\"cards\">\n");
    for line in &s.frameworks {
        page.markup("<div class=\"card\">");
        page.markup("<div class=\"card-title\">").code(&line.id).markup(" ").text(&line.name).markup("</div>");
        if line.applicable == 0 {
            page.markup("<div class=\"card-figure\">–</div><p>no applicable requirement</p></div>\n");
            continue;
        }
        page.markup("<div class=\"card-figure\">").value(line.percent_met).markup("%<span> met</span></div>");
        if let Some(framework) = report.frameworks.iter().find(|f| f.id == line.id) {
            coverage_bar(page, &framework.coverage);
        }
        page.markup("<p>").value(line.applicable).markup(" applicable; ");
        if line.partial + line.unmet + line.not_mapped == 0 {
            page.markup("nothing open");
        } else {
            page.markup("open: ").text(&open_counts(line.partial, line.unmet, line.not_mapped));
        }
        page.markup("</p></div>\n");
    }
    page.markup("</div>\n");

    page.markup("<div class=\"due-tiles\">");
    for (days, number) in [(30, s.due_within_30), (60, s.due_within_60), (90, s.due_within_90)] {
        page.markup("<div class=\"tile\"><span class=\"tile-figure\">")
            .value(number)
            .markup("</span> due within ")
            .value(days)
            .markup(" days</div>");
    }
    page.markup("</div>\n<p class=\"note\">Falling due after ")
        .value(report.as_of)
        .markup(": reviews, tests, exception and exemption expiries, attestation renewals, decision reviews.</p>\n");

    let owed: usize = s.tier1_decisions.iter().map(|d| d.count).sum();
    page.markup("<h3>Tier-1 decisions owed: ").value(owed).markup("</h3>\n");
    if owed == 0 {
        page.markup("<p>None.</p>\n");
    } else {
        page.table_head(&["decider", "decisions", "most severe"]);
        for decisions in &s.tier1_decisions {
            page.markup("<tr>").cell(&decider_name(&decisions.name, &decisions.decider)).cell(&decisions.count.to_string()).markup("<td>");
            for (index, top) in decisions.top.iter().enumerate() {
                if index > 0 {
                    page.markup(", ");
                }
                page.code(top);
            }
            if decisions.count > decisions.top.len() {
                page.markup(" and ").value(decisions.count - decisions.top.len()).markup(" more");
            }
            page.markup("</td></tr>\n");
        }
        page.table_end();
    }
    page.section_end();
}

/// The share-met colour classes, one per ten percent (`share-0` … `share-10`).
const SHARE_CLASSES: [&str; 11] =
    ["share-0", "share-1", "share-2", "share-3", "share-4", "share-5", "share-6", "share-7", "share-8", "share-9", "share-10"];

fn heatmap(page: &mut Page, report: &Report, rows: &[DomainCoverage]) {
    page.section("heatmap", "Coverage by hub domain");
    page.markup("<p>Each cell: the applicable requirements of a framework that map onto the domain's objectives, and the share of them met (by an alternative included). Hover over or focus a cell for its partial and unmet counts.</p>\n");
    // A requirement not mapped yet maps onto no objective, so no cell counts it: say so.
    let not_mapped: Vec<&FrameworkReport> = report.frameworks.iter().filter(|f| f.coverage.not_mapped > 0).collect();
    if !not_mapped.is_empty() {
        page.markup("<p class=\"note\">Not in any cell: the applicable requirements not mapped yet, which map onto no objective (");
        for (index, framework) in not_mapped.iter().enumerate() {
            if index > 0 {
                page.markup(", ");
            }
            page.code(&framework.id).markup(" ").value(framework.coverage.not_mapped);
        }
        page.markup("). They count as open in each framework's figures.</p>\n");
    }
    page.markup("<div class=\"table\"><table class=\"heatmap\"><thead><tr><th scope=\"col\">domain</th>");
    for cell in rows.first().map(|row| row.cells.as_slice()).unwrap_or_default() {
        page.markup("<th scope=\"col\">").code(&cell.framework).markup("</th>");
    }
    page.markup("</tr></thead><tbody>\n");
    for row in rows {
        page.markup("<tr><th scope=\"row\">").code(&row.domain).markup(" ").text(&row.title).markup("</th>");
        for cell in &row.cells {
            let c = &cell.coverage;
            if c.applicable == 0 {
                let label = format!("{} {} in {}: no applicable requirement maps onto this domain", row.domain, row.title, cell.framework);
                page.markup("<td class=\"heat empty\" tabindex=\"0\"")
                    .attribute("title", &label)
                    .attribute("aria-label", &label)
                    .markup(">–</td>");
                continue;
            }
            let met = c.met + c.alternative;
            let label = format!(
                "{} {} in {}: {met} of {} applicable requirements met ({}%), {}",
                row.domain,
                row.title,
                cell.framework,
                c.applicable,
                c.percent_met,
                open_counts(c.partial, c.unmet, c.not_mapped)
            );
            let class = SHARE_CLASSES[(c.percent_met.min(100) / 10) as usize];
            page.markup("<td class=\"heat ")
                .markup(class)
                .markup("\" tabindex=\"0\"")
                .attribute("title", &label)
                .attribute("aria-label", &label);
            page.markup("><span class=\"heat-share\">")
                .value(c.percent_met)
                .markup("%</span><span class=\"heat-count\">")
                .value(met)
                .markup("/")
                .value(c.applicable)
                .markup("</span></td>");
        }
        page.markup("</tr>\n");
    }
    page.markup("</tbody></table></div>\n<p class=\"legend\" aria-hidden=\"true\"><span class=\"heat share-0\">0%</span><span class=\"heat share-3\">30%</span><span class=\"heat share-5\">50%</span><span class=\"heat share-7\">70%</span><span class=\"heat share-9\">90%</span><span class=\"heat share-10\">100%</span><span class=\"heat empty\">no requirement</span></p>\n");
    page.section_end();
}

fn due(page: &mut Page, report: &Report) {
    page.section("due", "Due in the next 90 days");
    if report.due.is_empty() {
        page.markup("<p>Nothing falls due.</p>\n");
    } else {
        page.table_head(&["due", "days", "what", "subject", "owner", "tier", "why"]);
        for item in &report.due {
            page.markup("<tr><td class=\"date\">")
                .value(item.due)
                .markup("</td><td class=\"number\">")
                .value(item.days)
                .markup("</td>")
                .cell(&item.kind.to_string())
                .code_cell(&item.subject);
            page.element("<td class=\"person\">", item.owner.as_deref().unwrap_or("nobody"), "</td>");
            page.element("<td class=\"tier\">", &tier(item.tier), "</td>").cell(&item.reason).markup("</tr>\n");
        }
        page.table_end();
    }
    page.section_end();
}

fn framework_section(page: &mut Page, framework: &FrameworkReport, controls: &HashMap<&str, &ControlAssessment>, layout: ReportLayout) {
    page.markup("<section class=\"framework\"").attribute("id", &format!("framework-{}", framework.id)).markup(">\n");
    page.markup("<h2>").text(&framework.name).markup(" <span class=\"version\">").text(&framework.version).markup("</span></h2>\n");
    page.element("<p class=\"scope\">", &framework.scope, "</p>\n");
    let c = &framework.coverage;
    page.markup("<p class=\"counts\"><strong>")
        .value(c.percent_met)
        .markup("% met</strong> of ")
        .value(c.applicable)
        .markup(" applicable: ");
    page.value(c.met).markup(" met, ").value(c.alternative).markup(" by an alternative, ").value(c.partial).markup(" partial, ");
    page.value(c.unmet).markup(" unmet, ");
    if c.not_mapped > 0 {
        page.value(c.not_mapped).markup(" not mapped yet, ");
    }
    page.value(c.not_applicable).markup(" not applicable; ").value(c.with_governance_markers).markup(" with governance markers.</p>\n");
    let (shown, hidden): (Vec<&RequirementResult>, Vec<&RequirementResult>) =
        framework.requirements.iter().partition(|r| layout.detail || r.baseline.is_open());
    if !hidden.is_empty() {
        page.markup("<p class=\"note\">").text(&not_shown(&hidden)).markup(" (<code>--detail</code> shows every row).</p>\n");
    }
    if shown.is_empty() {
        page.markup("<p>Nothing open.</p>\n");
    } else {
        page.markup("<p class=\"note screen-only\">Open a requirement for why it got its verdict.</p>\n");
        page.table_head(&["requirement", "baseline", "demanded", "controls", "governance", "requirement and why"]);
        for requirement in shown {
            page.markup("<tr class=\"requirement\">")
                .code_cell(&requirement.id)
                .markup("<td>")
                .verdict(requirement.baseline)
                .markup("</td><td>");
            if let Some(demanded) = requirement.demanded {
                page.level(demanded);
            }
            page.markup("</td>")
                .cell(&requirement.controls.len().to_string())
                .cell(&signals(requirement).iter().map(ToString::to_string).collect::<Vec<_>>().join(", "))
                .markup("<td>");
            explanation(page, requirement, controls);
            page.markup("</td></tr>\n");
        }
        page.table_end();
    }
    page.section_end();
}

/// Why a requirement got its verdict, from the report alone: the reason, each mapped
/// objective's coverage, and the markers (its own, then its controls'), most urgent first, as
/// `crosswalk explain` orders them.
fn explanation(page: &mut Page, requirement: &RequirementResult, controls: &HashMap<&str, &ControlAssessment>) {
    page.markup("<details class=\"explanation\"><summary>").text(&requirement.title).markup("</summary>\n");
    page.element("<p class=\"reason\">", &requirement.reason, "</p>\n");
    if !requirement.objectives.is_empty() {
        page.markup("<table class=\"inner\"><thead><tr><th scope=\"col\">objective</th><th scope=\"col\">relationship</th><th scope=\"col\">demanded</th><th scope=\"col\">status</th><th scope=\"col\">controls (level reached)</th></tr></thead><tbody>");
        for objective in &requirement.objectives {
            page.markup("<tr>")
                .code_cell(&objective.objective)
                .cell(&objective.relationship.to_string())
                .markup("<td>")
                .level(objective.demanded)
                .markup("</td><td>");
            if objective.satisfied {
                page.markup("satisfied");
            } else {
                page.text(objective.shortfall.as_deref().unwrap_or("not satisfied"));
            }
            if !objective.uncovered_systems.is_empty() {
                page.markup("; systems not covered: ").text(&objective.uncovered_systems.join(", "));
            }
            page.markup("</td><td>");
            if objective.controls.is_empty() {
                page.markup("none");
            }
            for (index, control) in objective.controls.iter().enumerate() {
                if index > 0 {
                    page.markup(", ");
                }
                page.code(&control.control).markup(" ").level(control.level);
            }
            page.markup("</td></tr>");
        }
        page.markup("</tbody></table>\n");
    }
    let mut markers: Vec<&Marker> = requirement
        .governance
        .iter()
        .chain(requirement.controls.iter().filter_map(|id| controls.get(id.as_str())).flat_map(|control| &control.signals))
        .collect();
    markers.sort_by_key(|m| (m.tier.unwrap_or(u8::MAX), m.signal));
    if markers.is_empty() {
        page.markup("<p>No governance marker: the baseline holds and nothing is owed a decision.</p>\n");
    } else {
        page.markup("<ul class=\"markers\">");
        for marker in markers {
            let subject = marker.control.as_deref().or(marker.system.as_deref()).unwrap_or(&requirement.id);
            page.markup("<li><span class=\"signal\">").value(marker.signal).markup("</span> ").code(subject);
            page.markup(" (")
                .text(&tier(marker.tier))
                .markup(", decider ")
                .text(marker.decider.as_deref().unwrap_or("nobody"))
                .markup("): ");
            page.text(&marker.reason).markup("</li>");
        }
        page.markup("</ul>\n");
    }
    page.markup("</details>");
}

fn shared_gaps(page: &mut Page, report: &Report) {
    page.section("shared-gaps", "Shared gaps");
    page.markup("<p>Hub objectives that are missing or too weak, and the requirements they leave open in each framework.</p>\n");
    if report.shared_gaps.is_empty() {
        page.markup("<p>None.</p>\n");
    } else {
        page.table_head(&["objective", "title", "status", "frameworks", "requirements left open"]);
        for gap in &report.shared_gaps {
            let status = match gap.status {
                GapStatus::Missing => "missing",
                GapStatus::Weak => "weak",
            };
            page.markup("<tr>")
                .code_cell(&gap.objective)
                .cell(&gap.title)
                .cell(status)
                .cell(&gap.framework_count.to_string())
                .markup("<td>");
            for framework in &gap.frameworks {
                page.markup("<div>").code(&framework.framework).markup(": ").text(&framework.requirements.join(" ")).markup("</div>");
            }
            page.markup("</td></tr>\n");
        }
        page.table_end();
    }
    page.section_end();
}

fn leverage(page: &mut Page, report: &Report) {
    page.section("leverage", "Leverage");
    page.markup("<p>How many applicable requirements, in how many frameworks, each control helps cover.</p>\n");
    if report.leverage.is_empty() {
        page.markup("<p>None.</p>\n");
    } else {
        page.table_head(&["control", "level", "requirements", "frameworks", "per framework", "title"]);
        for control in &report.leverage {
            let per = control.frameworks.iter().map(|f| format!("{} {}", f.framework, f.requirements)).collect::<Vec<_>>().join(", ");
            page.markup("<tr>").code_cell(&control.control).markup("<td>").level(control.level).markup("</td>");
            page.cell(&control.requirement_count.to_string()).cell(&control.framework_count.to_string()).cell(&per).cell(&control.title);
            page.markup("</tr>\n");
        }
        page.table_end();
    }
    page.section_end();
}

/// The agenda grouped by decider, the items `keep` keeps (every item, or tier 1 only).
fn agenda(page: &mut Page, report: &Report, title: &str, keep: fn(&AgendaItem) -> bool) {
    page.section("agenda", title);
    page.markup("<p>Decisions owed, grouped by who must take them; tier-1 first, and within each group the most severe first (severity weighs the tier, the signal and how many requirements it leaves open). A group without a decider lists what nobody has the authority to decide.</p>\n");
    let groups: Vec<(&AgendaGroup, Vec<&AgendaItem>)> = report
        .agenda
        .iter()
        .map(|group| (group, group.items.iter().filter(|item| keep(item)).collect::<Vec<_>>()))
        .filter(|(_, items)| !items.is_empty())
        .collect();
    if groups.is_empty() {
        page.markup("<p>No decision is owed.</p>\n");
    }
    for (group, items) in groups {
        let class = if group.decider.is_none() { "decider nobody" } else { "decider" };
        page.markup("<div class=\"").markup(class).markup("\"><h3>").text(&decider_name(&group.name, &group.decider));
        page.markup(" <span class=\"count\">").text(&count(items.len(), "decision")).markup("</span></h3>\n");
        page.table_head(&["severity", "tier", "signal", "subject", "why", "requirements"]);
        for item in items {
            page.markup("<tr class=\"agenda-item\"><td>").rating(item.severity.rating).markup("</td>").cell(&tier(item.tier));
            page.markup("<td><span class=\"signal\">")
                .value(item.signal)
                .markup("</span></td>")
                .code_cell(&item.subject)
                .cell(&item.reason);
            page.markup("<td class=\"requirements\">").text(&count(item.requirements.len(), "requirement")).markup(": ");
            page.text(&item.requirements.join(", ")).markup("</td></tr>\n");
        }
        page.table_end();
        page.markup("</div>\n");
    }
    page.section_end();
}

#[cfg(test)]
mod tests {
    use super::escape_html;

    #[test]
    fn the_escaper_writes_every_character_html_gives_a_meaning_as_a_reference() {
        assert_eq!(escape_html(r#"<a href="x" title='y'>&</a>"#), "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;");
        assert_eq!(escape_html("&amp;"), "&amp;amp;", "an entity in the data is shown, not interpreted");
    }

    #[test]
    fn the_escaper_keeps_other_text_as_it_is() {
        assert!(matches!(escape_html("Zoë: 50% — ok"), std::borrow::Cow::Borrowed("Zoë: 50% — ok")));
        assert_eq!(escape_html("javascript:alert(1)"), "javascript:alert(1)", "harmless as text: no attribute takes a URL from data");
    }
}
