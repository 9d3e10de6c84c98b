//! The `crosswalk` binary: argument parsing and glue. The work happens in the host (loading and
//! checking), the engine (evaluation) and the report crate (rendering).
//!
//! Exit codes: 0 success, 2 bad input or usage. An error is printed once, on stderr.

mod cli;

use clap::Parser;
use std::process::ExitCode;

/// Every built-in plugin crate, referenced so the linker keeps their `inventory` registrations.
const BUILTIN_PLUGINS: [crosswalk_cli_link::PluginFactory; 3] =
    [crosswalk_iso27001::plugin, crosswalk_soc2::plugin, crosswalk_hipaa::plugin];

mod crosswalk_cli_link {
    pub type PluginFactory = fn() -> Result<Box<dyn crosswalk_plugin_api::FrameworkPlugin>, crosswalk_plugin_api::CatalogError>;
}

fn main() -> ExitCode {
    std::hint::black_box(&BUILTIN_PLUGINS);
    let arguments = cli::Arguments::parse();
    cli::install_error_style(&arguments);
    match cli::run(arguments) {
        Ok(()) => ExitCode::SUCCESS,
        Err(cli::Failure::Reported) => ExitCode::from(2),
        Err(cli::Failure::Diagnostics(diagnostics)) => {
            eprintln!("{:?}", miette::Report::new(diagnostics));
            ExitCode::from(2)
        }
    }
}
