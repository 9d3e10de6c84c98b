//! Command-line arguments and what each command does with them.

use chrono::NaiveDate;
use clap::{Parser, Subcommand, ValueEnum};
use crosswalk_host::{
    check_path, load_profile_details, refuse_input_as_output, write_output, Checked, Diagnostics, FileDiagnostic, LoadedProfile, Registry,
    Sources,
};
use crosswalk_report::{
    CatalogView, CsvTable, Format, FrameworkSummary, HubView, ImportSummary, PluginCheck, Validation, ValidationProblem,
};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

/// Shown under every command's `--help`.
const EXIT_CODES: &str =
    "Exit codes: 0 success (no finding `report --fail-on` asks about), 1 findings (the report is still written), 2 bad input or usage.";

/// Shown under `drift --help`.
const DRIFT_EXIT_CODES: &str =
    "Exit codes: 0 success (nothing got worse, when --fail-on-regression asks), 1 something got worse with --fail-on-regression (the comparison is still written), 2 bad input or usage.";

/// Map compliance frameworks onto what an organization really does, and mark where coverage
/// stops at the baseline and governance has to take over.
#[derive(Debug, Parser)]
#[command(name = "crosswalk", version, about = "Map compliance frameworks (ISO/IEC 27001, SOC 2, HIPAA) onto what your organization really does, and see where coverage stops at the baseline and who must decide.", long_about = None, propagate_version = true, after_help = EXIT_CODES)]
pub struct Arguments {
    #[command(subcommand)]
    command: Command,
    /// Output format: text for a terminal, markdown for a wiki or pull request, json for a pipeline;
    /// for `report` also csv (one row per requirement), csv-agenda (one row per decision owed),
    /// xlsx (a workbook, written with --output FILE) and html (one self-contained page); for `soa`
    /// and `evidence` also csv and xlsx.
    #[arg(long, global = true, value_enum, default_value_t = FormatArg::Text)]
    format: FormatArg,
    /// Write the output to FILE (`-` is standard output). Never over an input; a regular file is
    /// replaced atomically, keeping its mode; a symlink is followed; a FIFO or device is written
    /// through.
    #[arg(long, short, global = true, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Colour text output: auto (when standard output is a terminal and NO_COLOR is unset), always, never.
    #[arg(long, global = true, value_enum, default_value_t = ColorArg::Auto)]
    color: ColorArg,
    /// The project file listing the framework files and plugin libraries to load; default: the first crosswalk.yaml
    /// in the current folder or a parent.
    #[arg(long, global = true, value_name = "PATH")]
    config: Option<PathBuf>,
    /// Load this framework file (YAML with declared semantics) beside the built-in frameworks,
    /// for this run (repeatable).
    #[arg(long = "framework-file", global = true, value_name = "PATH")]
    framework_files: Vec<PathBuf>,
    /// Load the framework plugin library at PATH for this run (repeatable), after every trust
    /// check (docs/plugins.md); a refused library is a warning and the run goes on without it.
    #[arg(long = "plugin", global = true, value_name = "PATH")]
    plugins: Vec<PathBuf>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// List the loaded framework plugins.
    Frameworks,
    /// Show a framework's requirements and their hub mappings (`hub` shows the hub itself).
    Catalog {
        /// A framework id (see `crosswalk frameworks`) or `hub`.
        framework: String,
    },
    /// Pair the requirements of two frameworks that ask the same thing, through the hub.
    Compare { a: String, b: String },
    /// The cross-framework gap report for an organization profile.
    #[command(after_help = EXIT_CODES)]
    Report {
        /// The profile: a YAML file or a folder of them.
        profile: PathBuf,
        /// Evaluate only this framework (repeatable); default: the profile's scope.frameworks.
        #[arg(long = "framework", value_name = "ID")]
        frameworks: Vec<String>,
        /// Judge evidence as of this date (YYYY-MM-DD); default: today.
        #[arg(long, value_name = "DATE", value_parser = parse_date)]
        as_of: Option<NaiveDate>,
        /// Show every requirement row, met and not applicable ones included (text, Markdown, HTML;
        /// refused with the tables, which hold every row).
        #[arg(long)]
        detail: bool,
        /// Show only the summary and the tier-1 agenda (text, Markdown, HTML), e.g. for a
        /// pull-request comment; refused with the tables.
        #[arg(long, conflicts_with = "detail")]
        summary: bool,
        /// Keep only the controls PERSON owns and what concerns them (every format).
        #[arg(long, value_name = "PERSON")]
        owner: Option<String>,
        /// Keep only the decisions PERSON owes and what they concern (every format).
        #[arg(long, value_name = "PERSON")]
        decider: Option<String>,
        /// Keep only what raises SIGNAL, e.g. stale or scope-gap (every format).
        #[arg(long, value_name = "SIGNAL", value_parser = parse_signal)]
        signal: Option<crosswalk_model::Signal>,
        /// Keep only what concerns functions of tier N (every format).
        #[arg(long, value_name = "N", value_parser = parse_tier)]
        tier: Option<u8>,
        /// Exit 1 when the (filtered) report has such findings, still writing it: unmet
        /// requirements, partial or unmet ones, or governance decisions owed (of tier TIER or a
        /// more critical one).
        #[arg(long, value_name = "unmet|partial|governance[:TIER]", value_parser = parse_fail_on)]
        fail_on: Option<crosswalk_engine::FailOn>,
    },
    /// Write a small commented starter profile (DIR/profile.yaml) that validates and reports;
    /// never overwrites a file.
    Init {
        /// The folder to write it in (created if missing); default: the current folder.
        #[arg(default_value = ".")]
        dir: PathBuf,
    },
    /// Explain one requirement's verdict: mappings, controls, evidence and governance markers.
    Explain {
        /// The profile: a YAML file or a folder of them.
        profile: PathBuf,
        /// FRAMEWORK:REQUIREMENT, e.g. hipaa:164.308(a)(7)(ii)(B) or iso27001:A.8.13.
        target: String,
        /// Judge evidence as of this date (YYYY-MM-DD); default: today.
        #[arg(long, value_name = "DATE", value_parser = parse_date)]
        as_of: Option<NaiveDate>,
    },
    /// The ISO/IEC 27001 Statement of Applicability: every Annex A control, included or excluded
    /// and why, its implementation status, and the controls implementing it with their evidence
    /// (also --format csv, or xlsx with --output FILE).
    Soa {
        /// The profile: a YAML file or a folder of them; it must select iso27001.
        profile: PathBuf,
        /// Judge evidence as of this date (YYYY-MM-DD); default: today.
        #[arg(long, value_name = "DATE", value_parser = parse_date)]
        as_of: Option<NaiveDate>,
    },
    /// Evidence requests, the auditor's "provided by client" list: for each applicable requirement
    /// the evidence that would show it (policy, configuration, operation records per cadence
    /// interval, tests, provider attestations, per-system coverage, decisions), what is on file,
    /// whether it is present, stale or missing, and whom to ask (also --format csv, or xlsx with
    /// --output FILE).
    Evidence {
        /// The profile: a YAML file or a folder of them.
        profile: PathBuf,
        /// Evaluate only this framework (repeatable); default: the profile's scope.frameworks.
        #[arg(long = "framework", value_name = "ID")]
        frameworks: Vec<String>,
        /// Judge evidence as of this date (YYYY-MM-DD); default: today.
        #[arg(long, value_name = "DATE", value_parser = parse_date)]
        as_of: Option<NaiveDate>,
        /// List only what is not present: missing or stale evidence.
        #[arg(long)]
        missing_only: bool,
    },
    /// What if controls failed tomorrow: the requirements lost in each framework, the business
    /// functions exposed, who decides and whether a failure response exists; `--all` ranks every
    /// control by the damage its failure alone would do (the single points of failure).
    WhatIf {
        /// The profile: a YAML file or a folder of them.
        profile: PathBuf,
        /// A control assumed failed (repeatable): treated as providing no coverage on any date.
        #[arg(long = "fail", value_name = "CONTROL", required_unless_present = "all", conflicts_with = "all")]
        fail: Vec<String>,
        /// Rank every control by the damage its failure alone would do.
        #[arg(long)]
        all: bool,
        /// Judge evidence as of this date (YYYY-MM-DD); default: today.
        #[arg(long, value_name = "DATE", value_parser = parse_date)]
        as_of: Option<NaiveDate>,
    },
    /// What got worse and what got better between two snapshots of an organization: verdicts,
    /// markers and signals, exceptions, stale evidence, uncovered systems, expired decisions and
    /// the agenda. Each side is a profile (file or folder), a report saved with `crosswalk report
    /// --format json`, or git:REV:PATH (the profile at revision REV of the git repository PATH
    /// lives in, read through git without a checkout).
    #[command(after_help = DRIFT_EXIT_CODES)]
    Drift {
        /// The earlier side: PROFILE, REPORT.json or git:REV:PATH.
        old: String,
        /// The later side: PROFILE, REPORT.json or git:REV:PATH.
        new: String,
        /// Evaluate both profile sides as of this date (YYYY-MM-DD); default: today. A saved
        /// report keeps its own date.
        #[arg(long, value_name = "DATE", value_parser = parse_date)]
        as_of: Option<NaiveDate>,
        /// Exit 1 when anything got worse, still writing the comparison.
        #[arg(long)]
        fail_on_regression: bool,
    },
    /// Write and check frameworks written as data.
    Framework {
        #[command(subcommand)]
        action: FrameworkAction,
    },
    /// Check a profile (file or folder), a framework catalog, a hub file or a project file
    /// (crosswalk.yaml, with the frameworks it lists).
    Validate {
        /// The file or folder to check.
        file: PathBuf,
    },
    /// Compiled framework plugins loaded at run time (see docs/plugins.md).
    #[command(subcommand)]
    Plugin(PluginCommand),
    /// Map a framework file onto the hub: suggestions to review, then the mappings you accepted.
    #[command(subcommand)]
    Map(MapCommand),
    /// Turn a framework published in another format into a crosswalk framework file, written to
    /// --output; its requirements are not mapped yet. Prints what was read, written and skipped.
    Import {
        #[command(subcommand)]
        source: ImportSource,
    },
    /// Print the JSON Schema of a file you write, composed for the plugins loaded now (each
    /// framework's `scope.<id>` section is its plugin's). Always JSON.
    Schema {
        /// Which file: `profile` (a whole profile) or `profile-fragment` (one file of a folder).
        #[arg(value_enum)]
        file: SchemaArg,
    },
}

#[derive(Debug, Subcommand)]
enum PluginCommand {
    /// Run every check on a plugin library (trust, sha256 pin, entry symbol, ABI version,
    /// handshake, id, catalog) and show what it declares; exit 2 naming the check that refused it.
    Check {
        /// The built library (.so, .dylib, .dll).
        path: PathBuf,
        /// The sha256 the file must have (64 hexadecimal digits), as a pin in crosswalk.yaml says.
        #[arg(long, value_name = "HEX")]
        sha256: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
enum MapCommand {
    /// Rank hub objectives for every requirement that has neither mappings nor an `unmapped`
    /// reason, and write a review file (YAML by default, JSON with --format json): per requirement the candidates
    /// with their scores and the words that matched, and an empty `accept:` list for you to fill
    /// in. It never writes mappings.
    Suggest {
        /// The framework file (YAML) being mapped.
        framework_file: PathBuf,
        /// How many candidates to list per requirement.
        #[arg(long, value_name = "N", default_value_t = 5, value_parser = clap::value_parser!(u16).range(1..=50))]
        top: u16,
    },
    /// Add the mappings accepted in a review file to the framework file it names, and write the
    /// result as a new framework file (--output FILE; never over the review or the framework
    /// file). Review what it wrote: the original file's comments and layout are not kept.
    Apply {
        /// The review file `crosswalk map suggest` wrote, with `accept:` lists filled in.
        review_file: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
enum FrameworkAction {
    /// Write a commented skeleton framework file (ID.yaml, or --output FILE; `-` prints it) that
    /// validates and loads as it is; never overwrites a file.
    New {
        /// The new framework's id: lowercase letters, digits and '-', starting with a letter, e.g. acme-iss.
        #[arg(value_parser = parse_framework_id)]
        id: String,
    },
}

#[derive(Debug, Subcommand)]
enum ImportSource {
    /// An OSCAL catalog (JSON or YAML, e.g. NIST SP 800-53): groups become groups, controls and
    /// enhancements requirements (their labels as ids), statements descriptions; withdrawn
    /// controls are skipped.
    Oscal {
        /// The OSCAL catalog: a .json, .yaml or .yml file.
        catalog: PathBuf,
        /// The framework's id (lowercase letters, digits and '-'), e.g. nist-800-53.
        #[arg(long, value_parser = parse_framework_id)]
        id: String,
        /// An OSCAL profile (e.g. a baseline) whose selection narrows the catalog; the catalog
        /// its imports name is not fetched: CATALOG is read instead.
        #[arg(long, value_name = "OSCAL_PROFILE")]
        profile: Option<PathBuf>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum SchemaArg {
    Profile,
    ProfileFragment,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum FormatArg {
    Text,
    Markdown,
    Json,
    Csv,
    CsvAgenda,
    Xlsx,
    Html,
}

/// The report as tables for a spreadsheet (`report` only).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tables {
    Csv(CsvTable),
    Xlsx,
}

impl FormatArg {
    fn tables(self) -> Option<Tables> {
        match self {
            FormatArg::Csv => Some(Tables::Csv(CsvTable::Requirements)),
            FormatArg::CsvAgenda => Some(Tables::Csv(CsvTable::Agenda)),
            FormatArg::Xlsx => Some(Tables::Xlsx),
            FormatArg::Text | FormatArg::Markdown | FormatArg::Json | FormatArg::Html => None,
        }
    }
}

/// The formats a command other than `report` takes, for a hint.
fn formats_hint(command: &Command) -> &'static str {
    if matches!(command, Command::Soa { .. } | Command::Evidence { .. }) {
        "use text, markdown, json, csv or xlsx for this command"
    } else {
        "use text, markdown or json for this command"
    }
}

/// Tables are the report's formats; a workbook is binary and is only written to a file.
fn check_tables(tables: Tables, command: &Command, output: Option<&Path>) -> Result<(), Diagnostics> {
    let one_table = matches!(command, Command::Soa { .. } | Command::Evidence { .. }) && tables != Tables::Csv(CsvTable::Agenda);
    if !matches!(command, Command::Report { .. }) && !one_table {
        return Err(FileDiagnostic::without_position(
            "cli::table-format",
            "",
            "--format csv, csv-agenda and xlsx are formats of `crosswalk report` (csv and xlsx also of `crosswalk soa` and `crosswalk evidence`)",
            formats_hint(command),
        )
        .into());
    }
    // The tables hold every row; a layout flag they would ignore is refused, not silently dropped.
    if let Command::Report { detail, summary, .. } = command {
        if *detail || *summary {
            let flag = if *summary { "--summary" } else { "--detail" };
            return Err(FileDiagnostic::without_position(
                "cli::layout-with-tables",
                "",
                format!("{flag} shapes the text, Markdown and HTML report; --format csv, csv-agenda and xlsx always hold every row"),
                "drop the flag for the tables, or use --format text, markdown or html",
            )
            .into());
        }
    }
    if tables == Tables::Xlsx && output.is_none() {
        return Err(FileDiagnostic::without_position(
            "cli::xlsx-needs-output",
            "",
            "an XLSX workbook is binary and is not written to standard output",
            "name the file with --output FILE, e.g. --output report.xlsx",
        )
        .into());
    }
    Ok(())
}

/// The HTML page is a format of the report only.
fn check_html(command: &Command) -> Result<(), Diagnostics> {
    if matches!(command, Command::Report { .. }) {
        return Ok(());
    }
    Err(FileDiagnostic::without_position("cli::html-format", "", "--format html is a format of `crosswalk report`", formats_hint(command))
        .into())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ColorArg {
    Auto,
    Always,
    Never,
}

/// How a command failed.
#[derive(Debug)]
pub enum Failure {
    /// Problems to print on stderr.
    Diagnostics(Diagnostics),
    /// Already reported on the output (validate --format json); exit 2.
    Reported,
    /// The report was written and has findings `--fail-on` asked about; exit 1.
    Findings,
}

impl From<Diagnostics> for Failure {
    fn from(diagnostics: Diagnostics) -> Self {
        Failure::Diagnostics(diagnostics)
    }
}

fn parse_date(text: &str) -> Result<NaiveDate, String> {
    let date: NaiveDate = text.parse().map_err(|_| format!("`{text}` is not a date: write it YYYY-MM-DD, e.g. 2026-11-30"))?;
    crosswalk_model::vocab::check_date_range(date)?;
    Ok(date)
}

/// A framework id by the one rule (`crosswalk_model::vocab::check_framework_id`).
fn parse_framework_id(text: &str) -> Result<String, String> {
    crosswalk_model::vocab::check_framework_id(text).map(|()| text.to_owned())
}

/// A tier the model allows (`crosswalk_model::vocab::TIERS`): any other matches no function, and
/// a filter or `--fail-on` with it would pass silently.
fn parse_tier(text: &str) -> Result<u8, String> {
    let tiers = crosswalk_model::vocab::TIERS;
    match text.parse::<u8>() {
        Ok(tier) if tiers.contains(&tier) => Ok(tier),
        _ => Err(format!(
            "`{text}` is not a tier a function may have: write {} to {}; {}",
            tiers.start(),
            tiers.end(),
            crosswalk_model::vocab::TIERS_HINT
        )),
    }
}

fn parse_signal(text: &str) -> Result<crosswalk_model::Signal, String> {
    crosswalk_model::Signal::ALL.into_iter().find(|signal| signal.name() == text).ok_or_else(|| {
        let names: Vec<_> = crosswalk_model::Signal::ALL.iter().map(|signal| signal.name()).collect();
        format!("`{text}` is not a signal: use one of {}", names.join(", "))
    })
}

fn parse_fail_on(text: &str) -> Result<crosswalk_engine::FailOn, String> {
    use crosswalk_engine::FailOn;
    match text.split_once(':') {
        None if text == "unmet" => Ok(FailOn::Unmet),
        None if text == "partial" => Ok(FailOn::Partial),
        None if text == "governance" => Ok(FailOn::Governance(None)),
        Some(("governance", tier)) => parse_tier(tier).map(|tier| FailOn::Governance(Some(tier))),
        _ => Err(format!("`{text}` is not a finding kind: use unmet, partial, governance or governance:TIER")),
    }
}

fn no_color_requested() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|value| !value.is_empty())
}

fn wants_color(choice: ColorArg, is_terminal: bool) -> bool {
    match choice {
        ColorArg::Always => true,
        ColorArg::Never => false,
        ColorArg::Auto => is_terminal && !no_color_requested(),
    }
}

/// Errors are drawn with their source line; colour follows the same rules as the output (`auto`
/// before the arguments are known).
pub fn install_error_style(arguments: Option<&Arguments>) {
    let color = wants_color(arguments.map_or(ColorArg::Auto, |arguments| arguments.color), std::io::stderr().is_terminal());
    let _ = miette::set_hook(Box::new(move |_| {
        let theme = if color { miette::GraphicalTheme::unicode() } else { miette::GraphicalTheme::unicode_nocolor() };
        Box::new(miette::GraphicalReportHandler::new_themed(theme).with_width(100).with_links(false))
    }));
}

pub fn run(arguments: Arguments) -> Result<(), Failure> {
    // `-` is standard output, as for most command-line tools; `./-` names a file.
    let output = arguments.output.as_deref().filter(|path| *path != Path::new("-"));
    let format = match arguments.format {
        FormatArg::Text => Format::Text { color: output.is_none() && wants_color(arguments.color, std::io::stdout().is_terminal()) },
        FormatArg::Markdown => Format::Markdown,
        FormatArg::Json => Format::Json,
        // Only `report` renders tables and HTML (checked below); no other renderer sees these.
        FormatArg::Csv | FormatArg::CsvAgenda | FormatArg::Xlsx | FormatArg::Html => Format::Json,
    };
    let tables = arguments.format.tables();
    if let Some(tables) = tables {
        check_tables(tables, &arguments.command, output)?;
    }
    let html = arguments.format == FormatArg::Html;
    if html {
        check_html(&arguments.command)?;
    }
    let input = match &arguments.command {
        Command::Report { profile, .. }
        | Command::Explain { profile, .. }
        | Command::Soa { profile, .. }
        | Command::Evidence { profile, .. }
        | Command::WhatIf { profile, .. } => Some(profile.as_path()),
        Command::Validate { file } | Command::Plugin(PluginCommand::Check { path: file, .. }) => Some(file.as_path()),
        Command::Map(MapCommand::Suggest { framework_file, .. }) => Some(framework_file.as_path()),
        Command::Map(MapCommand::Apply { review_file }) => Some(review_file.as_path()),
        // Two inputs, refused where they are read.
        Command::Drift { .. } => None,
        Command::Init { .. } | Command::Framework { .. } => None,
        // An import has two inputs; it refuses them as its output itself.
        Command::Import { .. } => None,
        Command::Frameworks | Command::Catalog { .. } | Command::Compare { .. } | Command::Schema { .. } => None,
    };
    // Searched from the current folder, and shown relative to it.
    let sources = Sources::discover(arguments.config.as_deref(), &arguments.framework_files, &arguments.plugins, Path::new(""))?;
    if let Some(output) = output {
        let inputs: Vec<&Path> = input.into_iter().chain(sources.inputs()).collect();
        refuse_input_as_output(output, &inputs)?;
    }
    // An import reads neither the hub nor a framework: it runs without loading them, which is
    // a quarter of its time (see README, "Performance").
    if let Command::Import { source: ImportSource::Oscal { catalog, id, profile } } = arguments.command {
        return import_oscal(&catalog, &id, profile.as_deref(), output, format);
    }
    let registry = Registry::load(&sources)?;
    for refusal in registry.refused() {
        warn(refusal);
    }
    match arguments.command {
        Command::Frameworks => {
            let summaries: Vec<FrameworkSummary> = registry
                .plugins()
                .map(|plugin| {
                    let catalog = plugin.catalog();
                    FrameworkSummary {
                        id: catalog.framework.id.clone(),
                        name: catalog.framework.name.clone(),
                        version: catalog.framework.version.clone(),
                        publisher: catalog.framework.publisher.clone(),
                        source: plugin.source().to_owned(),
                        requirements: catalog.requirements.len(),
                    }
                })
                .collect();
            emit(output, &crosswalk_report::frameworks(&summaries, format))
        }
        Command::Catalog { framework } if framework == "hub" => {
            let catalogs: Vec<_> = registry.plugins().map(|plugin| plugin.catalog()).collect();
            emit(output, &crosswalk_report::hub(&HubView::new(&registry.hub, &catalogs), format))
        }
        Command::Catalog { framework } => {
            let view = CatalogView::new(registry.plugin(&framework)?.catalog());
            emit(output, &crosswalk_report::catalog(&view, format))
        }
        Command::Compare { a, b } => {
            let comparison = crosswalk_engine::compare(registry.plugin(&a)?.catalog(), registry.plugin(&b)?.catalog());
            emit(output, &crosswalk_report::comparison(&comparison, format))
        }
        Command::Report { profile: profile_path, frameworks, as_of, detail, summary, owner, decider, signal, tier, fail_on } => {
            let (report, profile) = evaluate(&registry, &profile_path, &frameworks, as_of)?;
            // A person the profile does not have matches nothing: the report would be empty and
            // a `--fail-on` gate would pass.
            for (argument, person) in [("--owner", &owner), ("--decider", &decider)] {
                if let Some(person) = person {
                    check_person(&profile, &profile_path, argument, person)?;
                }
            }
            // `--framework` already chose what was evaluated; the filter also narrows the controls,
            // leverage and due list to those frameworks.
            let report = crosswalk_engine::filter(
                report,
                &crosswalk_engine::Filter { frameworks: frameworks.clone(), owner, decider, signal, tier },
            );
            let layout = crosswalk_report::ReportLayout { detail, summary_only: summary };
            match tables {
                Some(Tables::Csv(table)) => {
                    emit_rendered(output, crosswalk_report::report_csv(&report, table).map(String::into_bytes), "report::table")?
                }
                // The workbook has the evidence requests' sheet (whose file `check_tables` made sure of).
                Some(Tables::Xlsx) => {
                    let evidence = evidence_requests(&registry, &report, &profile)?;
                    emit_rendered(output, crosswalk_report::report_xlsx(&report, &evidence), "report::table")?
                }
                None if html => emit(output, &crosswalk_report::report_html(&report, &registry.hub, layout))?,
                None => emit(output, &crosswalk_report::report_with(&report, format, layout))?,
            }
            match fail_on {
                Some(fail_on) if crosswalk_engine::findings(&report, fail_on) > 0 => Err(Failure::Findings),
                _ => Ok(()),
            }
        }
        Command::Init { dir } => {
            let written = crosswalk_host::init_profile(&dir, STARTER_PROFILE)?;
            emit(
                output,
                &format!("wrote {}: check it with `crosswalk validate {0}` and report with `crosswalk report {0}`\n", written.display()),
            )
        }
        Command::Explain { profile, target, as_of } => {
            let (framework, requirement) = target.split_once(':').ok_or_else(|| {
                Diagnostics::from(FileDiagnostic::without_position(
                    "cli::bad-target",
                    "",
                    format!("`{target}` does not name a requirement"),
                    "write FRAMEWORK:REQUIREMENT, e.g. iso27001:A.8.13 or hipaa:164.308(a)(7)(ii)(B)",
                ))
            })?;
            let catalog = registry.plugin(framework)?.catalog();
            if catalog.requirement(requirement).is_none() {
                return Err(Diagnostics::from(FileDiagnostic::without_position(
                    "cli::unknown-requirement",
                    "",
                    format!("`{requirement}` is not a requirement of {framework}"),
                    format!("list its requirements with `crosswalk catalog {framework}`"),
                ))
                .into());
            }
            let (report, profile) = evaluate(&registry, &profile, &[framework.to_owned()], as_of)?;
            let explanation = crosswalk_engine::explain(&report, catalog, &profile, requirement).ok_or_else(|| {
                Diagnostics::from(FileDiagnostic::without_position("cli::unknown-requirement", "", "no result for that requirement", ""))
            })?;
            emit(output, &crosswalk_report::explanation(&explanation, format))
        }
        Command::Soa { profile, as_of } => {
            let catalog = registry.plugin(crosswalk_report::SOA_FRAMEWORK)?.catalog();
            let (report, profile) = evaluate(&registry, &profile, &[], as_of)?;
            let soa = crosswalk_report::statement_of_applicability(&report, catalog, &profile).map_err(|_| {
                Diagnostics::from(FileDiagnostic::without_position(
                    "cli::soa-without-iso27001",
                    "",
                    "the profile does not select iso27001: a Statement of Applicability is ISO/IEC 27001's",
                    "add iso27001 to the profile's scope.frameworks (and record exclusions under scope.iso27001.exclusions)",
                ))
            })?;
            let rendered = match tables {
                Some(Tables::Xlsx) => crosswalk_report::soa_xlsx(&soa),
                Some(Tables::Csv(_)) => crosswalk_report::soa_csv(&soa).map(String::into_bytes),
                None => Ok(crosswalk_report::soa(&soa, format).into_bytes()),
            };
            emit_rendered(output, rendered, "soa::table")
        }
        Command::Evidence { profile, frameworks, as_of, missing_only } => {
            let (report, profile) = evaluate(&registry, &profile, &frameworks, as_of)?;
            let requests = evidence_requests(&registry, &report, &profile)?;
            let requests = if missing_only { requests.missing_only() } else { requests };
            let rendered = match tables {
                Some(Tables::Xlsx) => crosswalk_report::evidence_xlsx(&requests),
                Some(Tables::Csv(_)) => crosswalk_report::evidence_csv(&requests).map(String::into_bytes),
                None => Ok(crosswalk_report::evidence(&requests, format).into_bytes()),
            };
            emit_rendered(output, rendered, "evidence::table")
        }
        Command::WhatIf { profile: path, fail, all, as_of } => {
            let loaded = load_profile_details(&path, &registry, &[])?;
            let unknown = crosswalk_engine::unknown_controls(&loaded.profile, &fail);
            if let Some(first) = unknown.first() {
                return Err(Diagnostics::from(FileDiagnostic::without_position(
                    "cli::unknown-control",
                    &path.display().to_string(),
                    format!("--fail {first}: `{first}` is not a control of this profile"),
                    control_hint(&loaded.profile, first),
                ))
                .into());
            }
            let plugins = loaded.frameworks.iter().map(|id| registry.plugin(id)).collect::<Result<Vec<_>, _>>()?;
            let as_of = as_of.unwrap_or_else(|| chrono::Local::now().date_naive());
            if all {
                let ranking = crosswalk_engine::what_if_all(&registry.hub, &loaded.profile, &plugins, as_of).map_err(|candidates| {
                    Diagnostics::from(FileDiagnostic::without_position(
                        "cli::what-if-too-large",
                        &path.display().to_string(),
                        format!(
                            "--all fails {candidates} controls one at a time, more than the {} it evaluates",
                            crosswalk_engine::MAX_ALL_CANDIDATES
                        ),
                        "name the controls to fail with --fail CONTROL",
                    ))
                })?;
                emit(output, &crosswalk_report::what_if_all(&ranking, format))
            } else {
                let what_if = crosswalk_engine::what_if(&registry.hub, &loaded.profile, &plugins, as_of, &fail);
                emit(output, &crosswalk_report::what_if(&what_if, format))
            }
        }
        Command::Drift { old, new, as_of, fail_on_regression } => {
            if let Some(output) = output {
                refuse_input_as_output(output, &[crosswalk_host::side_path(&old), crosswalk_host::side_path(&new)])?;
            }
            let as_of = as_of.unwrap_or_else(today);
            let old_report = side_report(&registry, &old, as_of)?;
            let new_report = side_report(&registry, &new, as_of)?;
            let drift = crosswalk_engine::drift(&old_report, &old, &new_report, &new);
            emit(output, &crosswalk_report::drift(&drift, format))?;
            if fail_on_regression && drift.regressed() {
                return Err(Failure::Findings);
            }
            Ok(())
        }
        Command::Framework { action: FrameworkAction::New { id } } => new_framework(&registry, &id, arguments.output.as_deref()),
        Command::Validate { file } => validate(&registry, &file, format, output),
        Command::Plugin(PluginCommand::Check { path, sha256 }) => {
            let plugin = crosswalk_host::load_plugin(&path, sha256.as_deref(), &registry.hub, &registry.ids())?;
            let catalog = crosswalk_plugin_api::FrameworkPlugin::catalog(&plugin);
            let hello = plugin.hello();
            let check = PluginCheck {
                file: plugin.path().display().to_string(),
                sha256: plugin.sha256().to_owned(),
                pinned: sha256.is_some(),
                abi_version: crosswalk_plugin_api::abi::ABI_VERSION,
                id: hello.id.clone(),
                name: catalog.framework.name.clone(),
                framework_version: catalog.framework.version.clone(),
                plugin_version: hello.plugin_version.clone(),
                sdk_version: hello.sdk_version.clone(),
                requirements: catalog.requirements.len(),
                scope_schema: crosswalk_plugin_api::FrameworkPlugin::scope_schema(&plugin).is_some(),
                checks: crosswalk_host::PLUGIN_CHECKS.iter().map(|check| (*check).to_owned()).collect(),
            };
            emit(output, &crosswalk_report::plugin_check(&check, format))
        }
        Command::Map(command) => map(&registry, command, format, output),
        // Run above, before the registry is loaded.
        Command::Import { .. } => Ok(()),
        Command::Schema { file } => {
            let sections = registry.scope_sections();
            let text = match file {
                SchemaArg::Profile => crosswalk_report::schemas::render_profile(&sections),
                SchemaArg::ProfileFragment => crosswalk_report::schemas::render_profile_fragment(&sections),
            };
            emit(output, &text)
        }
    }
}

fn evaluate(
    registry: &Registry,
    profile_path: &Path,
    selected: &[String],
    as_of: Option<NaiveDate>,
) -> Result<(crosswalk_engine::Report, crosswalk_model::Profile), Failure> {
    for id in selected {
        registry.plugin(id)?;
    }
    // Every check of the profile, including that there is a framework to evaluate, is the
    // host's, shared with `validate`.
    let loaded = load_profile_details(profile_path, registry, selected)?;
    let report = evaluate_loaded(registry, &loaded, as_of.unwrap_or_else(today))?;
    Ok((report, loaded.profile))
}

/// The run's date when none is given.
fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

/// Evaluates a loaded profile's frameworks as of `as_of`.
fn evaluate_loaded(registry: &Registry, loaded: &LoadedProfile, as_of: NaiveDate) -> Result<crosswalk_engine::Report, Failure> {
    let plugins = loaded.frameworks.iter().map(|id| registry.plugin(id)).collect::<Result<Vec<_>, _>>()?;
    Ok(crosswalk_engine::evaluate(&registry.hub, &loaded.profile, &plugins, as_of))
}

/// One side of `drift` as a report: a saved one as it is, a profile evaluated as of `as_of`.
fn side_report(registry: &Registry, spec: &str, as_of: NaiveDate) -> Result<crosswalk_engine::Report, Failure> {
    match crosswalk_host::load_side(spec, registry)? {
        crosswalk_host::Side::Report(report) => Ok(*report),
        crosswalk_host::Side::Profile(loaded) => evaluate_loaded(registry, &loaded, as_of),
    }
}

fn validate(registry: &Registry, path: &Path, format: Format, output: Option<&Path>) -> Result<(), Failure> {
    let name = path.display().to_string();
    let (kind, checked) = check_path(path, registry);
    let mut findings = Vec::new();
    let checked = checked.map(|checked| match checked {
        Checked::Framework(catalog, found) => {
            findings = found.0.iter().map(validation_problem).collect();
            format!("{} ({}), {} requirements", catalog.framework.name, catalog.framework.id, catalog.requirements.len())
        }
        Checked::Hub(hub) => format!("{} objectives in {} domains", hub.objectives.len(), hub.domains.len()),
        Checked::Project(frameworks) => {
            let listed: Vec<String> = frameworks.iter().map(|(id, source)| format!("{id} ({source})")).collect();
            format!("{} loaded: {}", counted(frameworks.len(), "framework file", "framework files"), listed.join(", "))
        }
        Checked::Profile(loaded) => {
            let p = &loaded.profile;
            let mut summary = format!(
                "{}: {}, {}, {}, {}; frameworks {}",
                p.organization.name,
                counted(p.controls.len(), "control", "controls"),
                counted(p.systems.len(), "system", "systems"),
                counted(p.functions.len(), "function", "functions"),
                counted(p.people.len(), "person", "people"),
                p.scope.frameworks.join(", ")
            );
            if !loaded.not_read.is_empty() {
                summary.push_str(&format!("; {}", loaded.not_read.summary()));
            }
            summary
        }
    });
    let kind = kind.name().to_owned();
    match checked {
        Ok(summary) => emit(
            output,
            &crosswalk_report::validation(&Validation { file: name, kind, valid: true, summary, problems: Vec::new(), findings }, format),
        ),
        // Terminal text gets miette's drawing on stderr; Markdown and JSON get the problem list
        // as their output, for a pull-request comment or a pipeline.
        Err(diagnostics) if !matches!(format, Format::Text { .. }) => {
            let problems = diagnostics.0.iter().map(validation_problem).collect();
            let validation = Validation { file: name, kind, valid: false, summary: String::new(), problems, findings: Vec::new() };
            emit(output, &crosswalk_report::validation(&validation, format))?;
            Err(Failure::Reported)
        }
        Err(diagnostics) => Err(diagnostics.into()),
    }
}

/// `import oscal`: reads the catalog (and profile), writes the framework file to `output`, and
/// prints the summary on standard output.
fn import_oscal(catalog_path: &Path, id: &str, profile_path: Option<&Path>, output: Option<&Path>, format: Format) -> Result<(), Failure> {
    let output = output.ok_or_else(|| {
        Diagnostics::from(FileDiagnostic::without_position(
            "cli::import-needs-output",
            "",
            "an import writes a framework file, and standard output carries its summary",
            "name the file with --output FILE, e.g. --output nist-800-53.yaml",
        ))
    })?;
    let inputs: Vec<&Path> = std::iter::once(catalog_path).chain(profile_path).collect();
    refuse_input_as_output(output, &inputs).map_err(|mut refusal| {
        for diagnostic in &mut refusal.0 {
            diagnostic.help = "write the framework file somewhere else (another --output path)".to_owned();
        }
        refusal
    })?;
    // The registry is not loaded (speed): the built-in ids are known statically.
    if let Some(builtin) = crosswalk_plugin_api::builtin_plugins().into_iter().find(|plugin| plugin.id == id) {
        return Err(Diagnostics::from(FileDiagnostic::without_position(
            "cli::framework-id-taken",
            "",
            format!("framework id `{}` is a built-in framework's: the imported file could never be loaded beside it", builtin.id),
            "choose another id with --id, e.g. --id nist-800-53 (ids are unique across the built-in frameworks and every framework file)",
        ))
        .into());
    }
    let (catalog, catalog_source) = read_oscal(catalog_path, "oscal::catalog", crosswalk_oscal::read_catalog)?;
    let profile =
        profile_path.map(|path| read_oscal(path, "oscal::profile", crosswalk_oscal::read_profile)).transpose()?.map(|(profile, _)| profile);
    let import = crosswalk_oscal::import(&catalog, id, profile.as_ref());
    if !import.collisions.is_empty() {
        let locations = crosswalk_model::yaml::Locations::index(&catalog_source.text);
        let diagnostics: Vec<FileDiagnostic> = import
            .collisions
            .iter()
            .map(|collision| {
                let (first, first_path) = &collision.first;
                let (second, second_path) = &collision.second;
                let first_at = match locations.find(first_path) {
                    Some(position) => format!("{}:{}: {first_path}", position.line, position.column),
                    None => first_path.to_string(),
                };
                FileDiagnostic::at(
                    "oscal::duplicate-id",
                    &catalog_source,
                    locations.find(second_path),
                    second_path,
                    format!(
                        "controls `{first}` (at {first_at}) and `{second}` (here) both become requirement `{}`; nothing was written",
                        collision.id
                    ),
                    "a framework's requirement ids are unique: give one of the controls another id or `label` prop in the catalog, \
                     or narrow the import with --profile to one of them",
                )
            })
            .collect();
        return Err(Diagnostics(diagnostics).into());
    }
    let text = crosswalk_oscal::framework_file(&import.catalog)
        .map_err(|error| Diagnostics::from(FileDiagnostic::without_position("oscal::write", "", error, "report this as a bug")))?;
    write_output(output, text.as_bytes())?;
    let summary = ImportSummary {
        catalog: catalog_path.display().to_string(),
        profile: profile_path.map(|path| path.display().to_string()),
        output: output.display().to_string(),
        framework: import.catalog.framework,
        statistics: import.statistics,
    };
    emit(None, &crosswalk_report::import_summary(&summary, format))
}

/// Reads an OSCAL file and parses it with `parse`, any error located in the file.
fn read_oscal<T>(
    path: &Path,
    code: &str,
    parse: fn(&str, crosswalk_oscal::Syntax) -> Result<T, crosswalk_model::yaml::ParseError>,
) -> Result<(T, crosswalk_host::SourceFile), Diagnostics> {
    let source = crosswalk_host::read_text(path).map_err(|mut diagnostics| {
        // The reader's hint for a missing file speaks of profiles.
        for diagnostic in &mut diagnostics.0 {
            if diagnostic.code == "io::read" && diagnostic.message.ends_with("no such file or folder") {
                diagnostic.help = "check the path: an OSCAL catalog or profile is a .json, .yaml or .yml file".to_owned();
            }
        }
        diagnostics
    })?;
    match crosswalk_oscal::Syntax::of(&source.name, &source.text).and_then(|syntax| parse(&source.text, syntax)) {
        Ok(parsed) => Ok((parsed, source)),
        Err(error) => Err(FileDiagnostic::from_parse(code, &source, &error).into()),
    }
}

/// `map suggest` and `map apply`.
fn map(registry: &Registry, command: MapCommand, format: Format, output: Option<&Path>) -> Result<(), Failure> {
    let file_format = match format {
        Format::Text { .. } => crosswalk_suggest::FileFormat::Yaml,
        Format::Json => crosswalk_suggest::FileFormat::Json,
        Format::Markdown => {
            return Err(Diagnostics::from(FileDiagnostic::without_position(
                "cli::map-format",
                "",
                "`crosswalk map` writes files to read back: YAML (the default) or JSON",
                "leave out --format, or use --format json",
            ))
            .into())
        }
    };
    let written = |result: Result<String, String>| {
        result.map_err(|error| Diagnostics::from(FileDiagnostic::without_position("map::write", "", error, "report this as a bug")))
    };
    match command {
        MapCommand::Suggest { framework_file, top } => {
            let catalog = crosswalk_host::load_framework_to_map(&framework_file, &registry.hub)?;
            // The built-in frameworks lend their mappings' words; the framework being mapped never
            // lends to itself.
            let lenders: Vec<_> =
                registry.plugins().map(|plugin| plugin.catalog()).filter(|lender| lender.framework.id != catalog.framework.id).collect();
            let suggester = crosswalk_suggest::Suggester::new(&registry.hub, &lenders);
            let review = crosswalk_suggest::review(&catalog, &suggester, &framework_file.display().to_string(), usize::from(top));
            emit(output, &written(crosswalk_suggest::review_text(&review, file_format))?)?;
            note(&match review.requirements.len() {
                0 => format!("nothing to suggest: every requirement of {} has mappings or an `unmapped` reason", framework_file.display()),
                count => format!(
                    "{} to review: fill in `accept:` and run `crosswalk map apply {} -o NEW_FRAMEWORK_FILE`",
                    counted(count, "requirement", "requirements"),
                    output.map_or_else(|| "REVIEW_FILE".to_owned(), |file| file.display().to_string())
                ),
            });
            Ok(())
        }
        MapCommand::Apply { review_file } => {
            let (source, review) = crosswalk_host::read_review(&review_file)?;
            let framework_file = crosswalk_host::reviewed_framework_file(&source, &review)?;
            if let Some(output) = output {
                refuse_input_as_output(output, &[review_file.as_path(), framework_file.as_path()])?;
            }
            let catalog = crosswalk_host::load_framework_to_map(&framework_file, &registry.hub)?;
            let applied = crosswalk_suggest::apply(&review, &catalog, &registry.hub)
                .map_err(|problems| crosswalk_host::review_problems(&source, problems))?;
            let text = crosswalk_suggest::framework_text(&applied.catalog, &review_file.display().to_string(), file_format);
            emit(output, &written(text)?)?;
            note(&format!(
                "added {} to {}; {} still unmapped; review the new file, then `crosswalk validate` it",
                counted(applied.mappings_added, "mapping", "mappings"),
                counted(applied.requirements_mapped, "requirement", "requirements"),
                counted(applied.still_unmapped, "requirement", "requirements"),
            ));
            Ok(())
        }
    }
}

/// A line for the person on standard error, beside an output a pipeline may read; a standard
/// error that cannot be written is not a failure.
fn note(text: &str) {
    let _ = writeln!(std::io::stderr(), "{text}");
}

fn validation_problem(d: &FileDiagnostic) -> ValidationProblem {
    ValidationProblem {
        code: d.code.clone(),
        file: d.file.clone(),
        line: d.line,
        column: d.column,
        field: d.field.clone(),
        message: d.message.clone(),
        hint: d.help.clone(),
    }
}

/// The evidence requests of an evaluated report, asked of the plugins that evaluated it.
fn evidence_requests(
    registry: &Registry,
    report: &crosswalk_engine::Report,
    profile: &crosswalk_model::Profile,
) -> Result<crosswalk_engine::EvidenceRequests, Failure> {
    let plugins = report.frameworks.iter().map(|f| registry.plugin(&f.id)).collect::<Result<Vec<_>, _>>()?;
    Ok(crosswalk_engine::evidence_requests(report, profile, &plugins))
}

/// Writes a rendered table; one that could not be rendered (a workbook limit) is a bug reported
/// under `code`.
fn emit_rendered(output: Option<&Path>, rendered: Result<Vec<u8>, crosswalk_report::TableError>, code: &str) -> Result<(), Failure> {
    let bytes = rendered
        .map_err(|error| Diagnostics::from(FileDiagnostic::without_position(code, "", error.to_string(), "report this as a bug")))?;
    emit_bytes(output, &bytes)
}

/// `1 system`, `2 systems`.
fn counted(number: usize, one: &str, many: &str) -> String {
    format!("{number} {}", if number == 1 { one } else { many })
}

/// How many control ids an unknown `--fail` suggests.
const SUGGESTED_CONTROLS: usize = 3;

/// For a `--fail` that names no control: the profile's ids closest to what was written (fewest
/// edits, ignoring case, within a third of its length), or, when none is close, the first few.
fn control_hint(profile: &crosswalk_model::Profile, written: &str) -> String {
    let written_lower = written.to_lowercase();
    let mut ranked: Vec<(usize, &str)> = profile
        .controls
        .iter()
        .map(|c| (crosswalk_host::edit_distance(&written_lower, &c.id.to_lowercase()), c.id.as_str()))
        .filter(|(distance, _)| *distance <= (written.chars().count() / 3).max(1))
        .collect();
    ranked.sort_unstable();
    let closest: Vec<&str> = ranked.into_iter().take(SUGGESTED_CONTROLS).map(|(_, id)| id).collect();
    if !closest.is_empty() {
        return format!("did you mean {}? --fail takes a control id from the profile's `controls:` list", closest.join(", "));
    }
    let ids: Vec<&str> = profile.controls.iter().take(SUGGESTED_CONTROLS * 2).map(|c| c.id.as_str()).collect();
    let more = profile.controls.len().saturating_sub(ids.len());
    let more = if more > 0 { format!(" and {more} more") } else { String::new() };
    format!("--fail takes a control id from the profile's `controls:` list: {}{more}", ids.join(", "))
}

/// How many person ids an unknown `--owner` or `--decider` suggests.
const SUGGESTED_PEOPLE: usize = 3;

/// Refuses an `--owner` or `--decider` that is not a person of the profile, suggesting the
/// closest ids (fewest edits, ignoring case, within a third of its length, or starting with what
/// was written), or else the first few.
fn check_person(profile: &crosswalk_model::Profile, path: &Path, argument: &str, written: &str) -> Result<(), Diagnostics> {
    if profile.people.iter().any(|person| person.id == written) {
        return Ok(());
    }
    let written_lower = written.to_lowercase();
    let mut ranked: Vec<(usize, &str)> = profile
        .people
        .iter()
        .map(|p| {
            let id = p.id.to_lowercase();
            // A first name alone (`dana` for `dana-cho`) is as close as a typo.
            let distance = if id.starts_with(&written_lower) { 1 } else { crosswalk_host::edit_distance(&written_lower, &id) };
            (distance, p.id.as_str())
        })
        .filter(|(distance, _)| *distance <= (written.chars().count() / 3).max(1))
        .collect();
    ranked.sort_unstable();
    let closest: Vec<&str> = ranked.into_iter().take(SUGGESTED_PEOPLE).map(|(_, id)| id).collect();
    let hint = if !closest.is_empty() {
        format!("did you mean {}? {argument} takes a person id from the profile's `people:` list", closest.join(", "))
    } else if profile.people.is_empty() {
        format!("{argument} takes a person id from the profile's `people:` list, and this profile lists no one")
    } else {
        let ids: Vec<&str> = profile.people.iter().take(SUGGESTED_PEOPLE * 2).map(|p| p.id.as_str()).collect();
        let more = profile.people.len().saturating_sub(ids.len());
        let more = if more > 0 { format!(" and {more} more") } else { String::new() };
        format!("{argument} takes a person id from the profile's `people:` list: {}{more}", ids.join(", "))
    };
    Err(FileDiagnostic::without_position(
        "cli::unknown-person",
        &path.display().to_string(),
        format!("{argument} {written}: `{written}` is not a person of this profile"),
        hint,
    )
    .into())
}

/// `crosswalk framework new ID`: the skeleton, written to `ID.yaml`, to `--output FILE`, or to
/// standard output with `--output -`.
fn new_framework(registry: &Registry, id: &str, output: Option<&Path>) -> Result<(), Failure> {
    if let Ok(taken) = registry.plugin(id) {
        return Err(Diagnostics::from(FileDiagnostic::without_position(
            "cli::framework-id-taken",
            "",
            format!("framework id `{id}` is already loaded ({})", taken.source()),
            "choose another id: ids are unique across the built-in frameworks and every framework file",
        ))
        .into());
    }
    let default_file = PathBuf::from(format!("{id}.yaml"));
    let file = output.unwrap_or(&default_file);
    let to_stdout = file == Path::new("-");
    let shown = if to_stdout { default_file.display().to_string() } else { file.display().to_string() };
    let text = FRAMEWORK_SKELETON.replace("__FILE__", &shown).replace("__ID__", id);
    if to_stdout {
        return emit(None, &text);
    }
    crosswalk_host::write_new_output(file, text.as_bytes())?;
    emit(
        None,
        &format!(
            "wrote {shown}: check it with `crosswalk validate {shown}` and load it with `crosswalk --framework-file {shown} frameworks`\n"
        ),
    )
}

/// The skeleton `crosswalk framework new` writes: commented, valid, loadable.
const FRAMEWORK_SKELETON: &str = include_str!("framework-skeleton.yaml");

/// The profile `crosswalk init` writes: small, commented, valid.
const STARTER_PROFILE: &str = include_str!("starter.yaml");

/// Writes to the output file (see `crosswalk_host::write_output`), or to stdout; a closed pipe
/// is a normal end.
fn emit(output: Option<&Path>, text: &str) -> Result<(), Failure> {
    emit_bytes(output, text.as_bytes())
}

fn emit_bytes(output: Option<&Path>, bytes: &[u8]) -> Result<(), Failure> {
    if let Some(path) = output {
        return Ok(write_output(path, bytes)?);
    }
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(bytes).and_then(|()| stdout.flush()) {
        Err(error) if error.kind() != std::io::ErrorKind::BrokenPipe => Err(stdout_failure(&error).into()),
        _ => Ok(()),
    }
}

/// A problem that does not stop the run (a refused plugin library), on stderr if it can be written.
fn warn(diagnostic: &FileDiagnostic) {
    let _ = writeln!(std::io::stderr().lock(), "warning: {}\n  help: {}", diagnostic.headline(), diagnostic.help);
}

/// Standard output could not be written (a full disk, a device error).
pub fn stdout_failure(error: &std::io::Error) -> Diagnostics {
    FileDiagnostic::without_position("io::write", "standard output", format!("cannot write: {error}"), "").into()
}
