//! A tiny document builder with two styles: terminal text and Markdown. Views describe
//! headings, paragraphs, tables and lists once; the style decides how they look.

use comfy_table::{presets, ContentArrangement, Table, TableComponent};
use crosswalk_model::{Level, Signal, Verdict};
use owo_colors::OwoColorize;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
    Text { color: bool },
    Markdown,
}

#[derive(Debug)]
pub(crate) struct Document {
    style: Style,
    out: String,
}

impl Document {
    pub(crate) fn text(color: bool) -> Self {
        Self { style: Style::Text { color }, out: String::new() }
    }

    pub(crate) fn markdown() -> Self {
        Self { style: Style::Markdown, out: String::new() }
    }

    fn colored(&self) -> bool {
        matches!(self.style, Style::Text { color: true })
    }

    fn gap(&mut self) {
        if !self.out.is_empty() && !self.out.ends_with("\n\n") {
            self.out.push('\n');
        }
    }

    pub(crate) fn title(&mut self, text: &str) {
        self.heading_at(1, text);
    }

    pub(crate) fn heading(&mut self, text: &str) {
        self.heading_at(2, text);
    }

    pub(crate) fn subheading(&mut self, text: &str) {
        self.heading_at(3, text);
    }

    /// Markdown `#`, `##`, `###`; in text, bold with `=` or `-` underlines, or bold alone.
    fn heading_at(&mut self, depth: usize, text: &str) {
        self.gap();
        if self.style == Style::Markdown {
            self.out.push_str(&format!("{} {text}\n", "#".repeat(depth)));
            return;
        }
        let shown = if self.colored() { text.bold().to_string() } else { text.to_owned() };
        self.out.push_str(&shown);
        self.out.push('\n');
        if let Some(rule) = [Some('='), Some('-')].get(depth - 1).copied().flatten() {
            self.out.push_str(&rule.to_string().repeat(text.chars().count()));
            self.out.push('\n');
        }
    }

    pub(crate) fn paragraph(&mut self, text: &str) {
        self.gap();
        self.out.push_str(text);
        self.out.push('\n');
    }

    /// A bulleted list; `detail` lines sit indented under their item.
    pub(crate) fn list(&mut self, items: &[(String, Vec<String>)]) {
        self.gap();
        for (item, details) in items {
            self.out.push_str(&format!("- {item}\n"));
            for detail in details {
                self.out.push_str(&format!("  {}{detail}\n", if self.style == Style::Markdown { "- " } else { "  " }));
            }
        }
    }

    pub(crate) fn table(&mut self, headers: &[&str], rows: Vec<Vec<String>>) {
        self.gap();
        if rows.is_empty() {
            self.out.push_str("(none)\n");
            return;
        }
        let mut table = Table::new();
        table.set_content_arrangement(ContentArrangement::Disabled);
        match self.style {
            Style::Markdown => {
                table.load_preset(presets::ASCII_MARKDOWN);
                let escape = |cell: &String| cell.replace('|', "\\|");
                table.set_header(headers.to_vec());
                for row in rows {
                    table.add_row(row.iter().map(escape).collect::<Vec<_>>());
                }
            }
            Style::Text { .. } => {
                table.load_preset(presets::NOTHING);
                table.set_style(TableComponent::HeaderLines, '─');
                table.set_style(TableComponent::MiddleHeaderIntersections, '─');
                table.set_style(TableComponent::LeftHeaderIntersection, '─');
                table.set_style(TableComponent::RightHeaderIntersection, '─');
                table.set_header(headers.to_vec());
                for row in rows {
                    table.add_row(row);
                }
            }
        }
        for line in table.to_string().lines() {
            self.out.push_str(line.trim_end());
            self.out.push('\n');
        }
    }

    pub(crate) fn verdict(&self, verdict: Verdict) -> String {
        let text = verdict.to_string();
        if !self.colored() {
            return text;
        }
        match verdict {
            Verdict::Met => text.green().to_string(),
            Verdict::Alternative => text.cyan().to_string(),
            Verdict::Partial => text.yellow().to_string(),
            Verdict::Unmet => text.red().bold().to_string(),
            Verdict::NotMapped => text.magenta().to_string(),
            Verdict::NotApplicable => text.dimmed().to_string(),
        }
    }

    pub(crate) fn level(&self, level: Level) -> String {
        let text = level.to_string();
        if !self.colored() {
            return text;
        }
        match level {
            Level::Verified => text.green().to_string(),
            Level::Operating => text.cyan().to_string(),
            Level::Implemented => text.yellow().to_string(),
            Level::Documented | Level::None => text.red().to_string(),
        }
    }

    pub(crate) fn signal(&self, signal: Signal) -> String {
        let text = signal.to_string();
        if self.colored() {
            text.magenta().to_string()
        } else {
            text
        }
    }

    /// Code-like text: ids in Markdown get backticks.
    pub(crate) fn code(&self, text: &str) -> String {
        match self.style {
            Style::Markdown => format!("`{text}`"),
            Style::Text { .. } => text.to_owned(),
        }
    }

    pub(crate) fn finish(self) -> String {
        self.out
    }
}
