//! A tiny document builder with two styles: terminal text and Markdown. Views describe
//! headings, paragraphs, tables and lists once; the style decides how they look.
//!
//! **Invariant:** a profile's words never become Markdown structure. Views mark code-like text
//! with [`Document::code`] and write everything else as plain text; the Markdown style writes
//! every line break as a space (a row, item or heading stays one line), escapes what could open
//! a code span, a link, an autolink or raw HTML (`` ` ``, `](`, `<`, `\`) outside code, and
//! fences code with more backticks than it holds, so a title such as
//! ``[x](javascript:alert(1))`` or `<script>` is shown, never run or linked.

use comfy_table::{presets, ContentArrangement, Table, TableComponent};
use crosswalk_model::{Level, Signal, Verdict};
use owo_colors::OwoColorize;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
    Text { color: bool },
    Markdown,
}

/// Where [`Document::code`] text starts and ends inside a string a view builds (private-use
/// characters, removed from the words themselves), so the Markdown style escapes the rest.
const CODE_OPEN: char = '\u{E000}';
const CODE_CLOSE: char = '\u{E001}';

/// Text outside code, escaped for Markdown: nothing in it opens a code span, a link, an
/// autolink or HTML, and no line break splits it.
fn escape_markdown(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => escaped.push_str("\\\\"),
            '`' => escaped.push_str("\\`"),
            // Only `<` before a letter, `/`, `!` or `?` opens a tag or an autolink; `<->` stays.
            '<' if chars.peek().is_some_and(|next| next.is_ascii_alphabetic() || matches!(next, '/' | '!' | '?')) => {
                escaped.push_str("&lt;")
            }
            ']' if chars.peek() == Some(&'(') => escaped.push_str("]\\"),
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' => escaped.push(' '),
            CODE_OPEN | CODE_CLOSE => {}
            c => escaped.push(c),
        }
    }
    escaped
}

/// Code as a Markdown code span: fenced by one backtick more than its longest run, padded when it
/// starts or ends with one, on one line.
fn code_span(code: &str) -> String {
    let code = code.replace("\r\n", " ").replace(['\n', '\r'], " ");
    let longest = code.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = if code.starts_with('`') || code.ends_with('`') { " " } else { "" };
    format!("{fence}{pad}{code}{pad}{fence}")
}

/// A line of a Markdown document: its code spans fenced, everything else escaped.
fn markdown_inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut rest = text;
    while let Some(open) = rest.find(CODE_OPEN) {
        out.push_str(&escape_markdown(&rest[..open]));
        let after = &rest[open + CODE_OPEN.len_utf8()..];
        let (code, next) = after.split_once(CODE_CLOSE).unwrap_or((after, ""));
        out.push_str(&code_span(code));
        rest = next;
    }
    out.push_str(&escape_markdown(rest));
    out
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
            self.out.push_str(&format!("{} {}\n", "#".repeat(depth), markdown_inline(text)));
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
        let text = self.inline(text);
        self.out.push_str(&text);
        self.out.push('\n');
    }

    /// One line of text as the style writes it: in Markdown escaped, its code fenced.
    fn inline(&self, text: &str) -> String {
        match self.style {
            Style::Markdown => markdown_inline(text),
            Style::Text { .. } => text.to_owned(),
        }
    }

    /// A bulleted list; `detail` lines sit indented under their item.
    pub(crate) fn list(&mut self, items: &[(String, Vec<String>)]) {
        self.gap();
        for (item, details) in items {
            let item = self.inline(item);
            self.out.push_str(&format!("- {item}\n"));
            for detail in details {
                let detail = self.inline(detail);
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
                let escape = |cell: &String| markdown_inline(cell).replace('|', "\\|");
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

    /// Text whose `backtick-quoted` parts are code (a problem's message and hint): those parts
    /// as [`Document::code`], the rest as plain text.
    pub(crate) fn quoted(&self, text: &str) -> String {
        let parts: Vec<&str> = text.split('`').collect();
        // An odd number of parts pairs every backtick; otherwise the text is plain. Terminal text
        // keeps its backticks.
        if parts.len() % 2 == 0 || self.style != Style::Markdown {
            return text.to_owned();
        }
        parts.iter().enumerate().map(|(i, part)| if i % 2 == 1 { self.code(part) } else { (*part).to_owned() }).collect()
    }

    /// Code-like text: ids in Markdown get backticks.
    pub(crate) fn code(&self, text: &str) -> String {
        match self.style {
            Style::Markdown => format!("{CODE_OPEN}{}{CODE_CLOSE}", text.replace([CODE_OPEN, CODE_CLOSE], "")),
            Style::Text { .. } => text.to_owned(),
        }
    }

    pub(crate) fn finish(self) -> String {
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_escapes_structure_outside_code_and_fences_code_longer_than_its_backticks() {
        let doc = Document::markdown();
        let line = format!("{} [x](javascript:1) <b> a`b \\ <-> 1\n2", doc.code("a``b"));
        assert_eq!(markdown_inline(&line), "```a``b``` [x]\\(javascript:1) &lt;b> a\\`b \\\\ <-> 1 2");
        assert_eq!(code_span("`x"), "`` `x ``");
        assert_eq!(markdown_inline("plain words (v2) [reviewed] 100%"), "plain words (v2) [reviewed] 100%");
    }

    #[test]
    fn quoted_parts_become_code_only_in_markdown_and_only_when_paired() {
        assert_eq!(markdown_inline(&Document::markdown().quoted("unknown `x` here")), "unknown `x` here");
        assert_eq!(markdown_inline(&Document::markdown().quoted("a lone ` tick")), "a lone \\` tick");
        assert_eq!(Document::text(false).quoted("unknown `x` here"), "unknown `x` here");
    }
}
