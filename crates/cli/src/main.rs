//! The `crosswalk` binary: argument parsing and glue. The work happens in the host (loading and
//! checking), the engine (evaluation) and the report crate (rendering).
//!
//! Exit codes: 0 success, 1 findings (`report --fail-on`, the report still written), 2 bad input
//! or usage. An error is printed once, on stderr; a stderr
//! that cannot be written changes nothing but the message (no panic, the same exit code). A
//! closed pipe on stdout is a normal end; any other failure to write stdout is an error.

mod cli;

use clap::Parser;
use std::io::Write;
use std::process::ExitCode;

/// Every built-in plugin crate, referenced so the linker keeps their `inventory` registrations.
const BUILTIN_PLUGINS: [crosswalk_cli_link::PluginFactory; 3] =
    [crosswalk_iso27001::plugin, crosswalk_soc2::plugin, crosswalk_hipaa::plugin];

mod crosswalk_cli_link {
    pub type PluginFactory = fn() -> Result<Box<dyn crosswalk_plugin_api::FrameworkPlugin>, crosswalk_plugin_api::CatalogError>;
}

fn main() -> ExitCode {
    std::hint::black_box(&BUILTIN_PLUGINS);
    let arguments = match cli::Arguments::try_parse() {
        Ok(arguments) => arguments,
        // Help and version (exit 0) go to stdout, usage errors (exit 2) to stderr.
        Err(usage) => {
            return match usage.print() {
                Err(error) if !usage.use_stderr() && error.kind() != std::io::ErrorKind::BrokenPipe => {
                    cli::install_error_style(None);
                    print_error(cli::stdout_failure(&error));
                    ExitCode::from(2)
                }
                _ => ExitCode::from(u8::try_from(usage.exit_code()).unwrap_or(2)),
            };
        }
    };
    cli::install_error_style(Some(&arguments));
    match cli::run(arguments) {
        Ok(()) => ExitCode::SUCCESS,
        Err(cli::Failure::Reported) => ExitCode::from(2),
        Err(cli::Failure::Findings) => ExitCode::from(1),
        Err(cli::Failure::Diagnostics(diagnostics)) => {
            print_error(diagnostics);
            ExitCode::from(2)
        }
    }
}

/// Prints an error on stderr if stderr can be written; the exit code says the rest.
fn print_error(diagnostics: crosswalk_host::Diagnostics) {
    let _ = writeln!(std::io::stderr().lock(), "{:?}", miette::Report::new(diagnostics));
}
