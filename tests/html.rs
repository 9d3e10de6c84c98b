//! The HTML report: every word from a profile comes out as inert text, whatever it holds
//! (tags, attribute breakouts, a closing style tag, `javascript:` URLs), the page fetches
//! nothing, and it shows what the other formats show.

mod example;

use crosswalk_report::{escape_html, report_html, ReportLayout};

/// Every requirement row, so every hostile requirement title and reason is on the page.
const DETAIL: ReportLayout = ReportLayout { detail: true, summary_only: false };

#[test]
fn hostile_words_come_out_as_text() {
    let registry = example::registry();
    let report = example::hostile_report(example::example_report(&registry));
    let html = report_html(&report, &registry.hub, DETAIL);
    for hostile in example::HOSTILE {
        assert!(html.contains(escape_html(hostile).as_ref()), "{hostile:?} is shown, escaped");
    }
    assert_eq!(html.matches("<script").count(), 2, "only the page's own two scripts");
    assert_eq!(html.matches("</style>").count(), 1, "only the page's own style sheet ends");
    assert_eq!(html.matches("<style").count(), 1);
    for tag in ["<img", "<a href=\"javascript", "<textarea"] {
        assert!(!html.contains(tag), "{tag}");
    }
    let bars = report.frameworks.iter().filter(|f| f.coverage.applicable > 0).count();
    assert_eq!(html.matches("<svg").count(), bars, "only the coverage bars");
    assert_eq!(html.matches("</title>").count(), 1 + bars, "the page's title and the bars' titles only");
    assert!(!html.contains("onerror=\"") && !html.contains("onload=\""), "no event handler attribute");
    assert!(!html.contains("href=\"javascript") && !html.contains("<!--"), "no link or comment from the data");
}

#[test]
fn the_page_fetches_nothing() {
    let registry = example::registry();
    let html = report_html(&example::example_report(&registry), &registry.hub, DETAIL);
    assert!(html.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';"));
    for reference in ["http://", "https://", "//fonts", "url(", "@import", " src=", "<link", "<iframe", "<object"] {
        assert!(!html.contains(reference), "the page refers to {reference:?}");
    }
}

#[test]
fn the_page_shows_the_heatmap_every_open_requirement_and_the_agenda() {
    let registry = example::registry();
    let report = example::example_report(&registry);
    let html = report_html(&report, &registry.hub, ReportLayout::default());
    let cells = registry.hub.domains.len() * report.frameworks.len();
    assert_eq!(html.matches("<td class=\"heat ").count(), cells, "one cell per hub domain and framework");
    let open: usize = report.frameworks.iter().map(|f| f.coverage.partial + f.coverage.unmet).sum();
    assert_eq!(html.matches("<tr class=\"requirement\">").count(), open, "the open rows only, by default");
    assert_eq!(html.matches("<details class=\"explanation\">").count(), open, "each with its explanation");
    let items: usize = report.agenda.iter().map(|g| g.items.len()).sum();
    assert_eq!(html.matches("<tr class=\"agenda-item\">").count(), items);

    let detailed = report_html(&report, &registry.hub, DETAIL);
    let requirements: usize = report.frameworks.iter().map(|f| f.requirements.len()).sum();
    assert_eq!(detailed.matches("<tr class=\"requirement\">").count(), requirements, "--detail shows every row");
}

#[test]
fn the_summary_layout_keeps_the_summary_and_the_tier1_agenda() {
    let registry = example::registry();
    let report = example::example_report(&registry);
    let html = report_html(&report, &registry.hub, ReportLayout { detail: false, summary_only: true });
    let tier1: usize = report.agenda.iter().flat_map(|g| &g.items).filter(|item| item.tier == Some(1)).count();
    assert!(tier1 > 0 && tier1 < report.agenda.iter().map(|g| g.items.len()).sum::<usize>());
    assert_eq!(html.matches("<tr class=\"agenda-item\">").count(), tier1);
    assert!(!html.contains("id=\"heatmap\"") && !html.contains("<tr class=\"requirement\">"));
}

/// The minimal clinic judged against a framework still being mapped (the CLI's fixture): one
/// applicable requirement of three is not mapped yet.
fn not_mapped_report() -> (crosswalk_host::Registry, crosswalk_engine::Report) {
    let fixtures = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../crates/cli/tests/cmd/fixtures");
    let sources = crosswalk_host::Sources {
        framework_files: vec![fixtures.join("framework-findings/not-mapped.yaml")],
        ..crosswalk_host::Sources::default()
    };
    let registry = crosswalk_host::Registry::load(&sources).expect("the framework file loads");
    let profile = crosswalk_host::load_profile(&fixtures.join("declared/not-mapped-profile.yaml"), &registry, &[]).expect("valid profile");
    let plugins: Vec<_> = profile.scope.frameworks.iter().map(|id| registry.plugin(id).expect("selected framework")).collect();
    let as_of = chrono::NaiveDate::from_ymd_opt(2026, 11, 30).expect("date");
    let report = crosswalk_engine::evaluate(&registry.hub, &profile, &plugins, as_of);
    (registry, report)
}

#[test]
fn requirements_not_mapped_yet_are_shown_open_and_counted() {
    let (registry, report) = not_mapped_report();
    let coverage = &report.frameworks[0].coverage;
    assert_eq!((coverage.applicable, coverage.met, coverage.partial, coverage.unmet, coverage.not_mapped), (3, 2, 0, 0, 1));
    let html = report_html(&report, &registry.hub, ReportLayout::default());
    assert_eq!(html.matches("<tr class=\"requirement\">").count(), 1, "the not-mapped row is open, shown by default");
    assert!(
        html.contains(
            "<code>AS-3</code></td><td><span class=\"badge not-mapped\">not-mapped</span></td><td><span class=\"level operating\">operating</span></td>"
        ),
        "AS-3 is that row, with the level it would demand"
    );
    assert!(html.contains("3 applicable; open: 0 partial, 0 unmet, 1 not mapped yet</p>"), "the summary card counts it");
    assert!(!html.contains("nothing open"), "something is open");
    assert!(html.contains("0 unmet, 1 not mapped yet, 0 not applicable;"), "the framework's counts name it");
    assert!(
        html.contains("aria-label=\"2 of 3 applicable requirements met, 0 partial, 0 unmet, 1 not mapped yet\""),
        "the bar's label counts it"
    );
    assert!(html.contains("<rect class=\"not-mapped\" y=\"0\" height=\"12\" x=\"160\" width=\"80\"/>"), "a third of the bar");
    assert!(!html.contains("<rect class=\"unmet\""), "no unmet part: nothing is unmet");
    assert!(html.contains("Not in any cell: the applicable requirements not mapped yet"), "the heatmap says what it leaves out");
    assert!(
        html.contains("<p class=\"note\">2 requirements not shown: 2 met (<code>--detail</code> shows every row).</p>"),
        "the rows left out, by verdict"
    );
}
