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
