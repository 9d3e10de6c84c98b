//! The plugin SDK: one `impl FrameworkPlugin` becomes a library crosswalk loads at run time with
//! one line, `crosswalk_plugin_sdk::export_plugin!(my_crate::plugin);`, in a crate built as a
//! `cdylib`. The same `plugin` function can still register the framework as a built-in with
//! `inventory::submit!` (the macro does not use inventory: registrations inside a loaded
//! library are never collected by the host).
//!
//! The macro writes the C ABI's entry symbol and table ([`abi`]); everything behind it is the safe
//! code of this crate: each call runs inside `catch_unwind`, so a panic comes back to the host as
//! an error reply, never as an unwind across the boundary (build plugins with the default
//! `panic = "unwind"`: under `abort` a panic ends the host's process). Plugin authors write safe
//! Rust only; the macro's output is the one place with `unsafe` (reading the host's input,
//! freeing a returned buffer), each block stating why it holds.

pub use crosswalk_plugin_api::*;

use chrono::NaiveDate;
use crosswalk_plugin_api::abi::{Buffer, Hello, Judged, PluginJudgeInput, Reply, WireProblem, SDK_VERSION};
use serde::Serialize;
use std::panic::AssertUnwindSafe;

/// Judges a whole framework for a profile as the host asks a loaded plugin to: its scope
/// section's problems and, given a date, the scope line, a judgement for every requirement of its
/// catalog and the reviews that fall due. Call it in a plugin's tests to see what crosswalk sees.
pub fn judge_framework(plugin: &dyn FrameworkPlugin, profile: &Profile, as_of: Option<NaiveDate>) -> Judged {
    let prepared = plugin.prepare(profile);
    let problems = match &prepared {
        Ok(scope) => plugin.check_scope(profile, scope),
        Err(problems) => problems.clone(),
    };
    let mut judged = Judged { scope_problems: problems.iter().map(WireProblem::from).collect(), ..Judged::default() };
    let Some(as_of) = as_of else {
        return judged;
    };
    // As the engine does for a built-in: a section that does not parse is judged as absent.
    let scope: Prepared = prepared.unwrap_or_else(|_| Box::new(()));
    let context = Context { profile, as_of, scope: scope.as_ref() };
    judged.describe_scope = Some(plugin.describe_scope(&context));
    judged.judgements =
        plugin.catalog().requirements.iter().map(|requirement| (requirement.id.clone(), plugin.judge(requirement, &context))).collect();
    judged.scheduled_reviews = plugin.scheduled_reviews(&context);
    judged
}

/// What the export macro's functions call. Not an API: its shape follows the macro.
#[doc(hidden)]
pub mod __private {
    use super::*;

    /// The plugin the library was built around, made once by its factory, or why it could not be.
    pub type Loaded = Result<Box<dyn FrameworkPlugin>, String>;

    /// Runs the plugin's factory (inside a caught call: a factory may panic too).
    pub fn load(factory: PluginFactory) -> Loaded {
        factory().map_err(|error| {
            let at = error.error.position.map(|p| format!(":{}:{}", p.line, p.column)).unwrap_or_default();
            format!("its embedded catalog {}{at} does not parse: {}", error.source_name, error.error.message)
        })
    }

    fn instance(plugin: fn() -> &'static Loaded) -> Result<&'static dyn FrameworkPlugin, String> {
        plugin().as_ref().map(|plugin| plugin.as_ref()).map_err(Clone::clone)
    }

    /// Runs `work`, catching a panic, and encodes its outcome as a JSON [`Reply`].
    fn answer<T: Serialize>(work: impl FnOnce() -> Result<T, String>) -> Buffer {
        let encoded = std::panic::catch_unwind(AssertUnwindSafe(|| {
            let reply = match work() {
                Ok(value) => Reply::Ok(value),
                Err(message) => Reply::Error(message),
            };
            serde_json::to_vec(&reply).map_err(|error| format!("cannot encode the reply: {error}"))
        }));
        let failure = match encoded {
            Ok(Ok(bytes)) => return Buffer::from_vec(bytes),
            Ok(Err(message)) => message,
            Err(panic) => {
                let detail = panic.downcast_ref::<&str>().map(|s| s.to_string()).or_else(|| panic.downcast_ref::<String>().cloned());
                format!("plugin panicked: {}", detail.unwrap_or_else(|| "(no message)".to_owned()))
            }
        };
        // Encoding a string cannot fail; an empty buffer would still be a reply the host refuses.
        Buffer::from_vec(serde_json::to_vec(&Reply::<()>::Error(failure)).unwrap_or_default())
    }

    pub fn hello(plugin: fn() -> &'static Loaded, plugin_version: &str) -> Buffer {
        answer(|| {
            let id = instance(plugin)?.catalog().framework.id.clone();
            Ok(Hello { id, plugin_version: plugin_version.to_owned(), sdk_version: SDK_VERSION.to_owned() })
        })
    }

    pub fn catalog(plugin: fn() -> &'static Loaded) -> Buffer {
        answer(|| Ok(instance(plugin)?.catalog()))
    }

    pub fn scope_schema(plugin: fn() -> &'static Loaded) -> Buffer {
        answer(|| Ok(instance(plugin)?.scope_schema()))
    }

    pub fn judge(plugin: fn() -> &'static Loaded, input: &[u8]) -> Buffer {
        answer(|| {
            let input: PluginJudgeInput =
                serde_json::from_slice(input).map_err(|error| format!("cannot read the host's input: {error}"))?;
            Ok(judge_framework(instance(plugin)?, &input.profile, input.as_of))
        })
    }
}

/// Exports the plugin `factory` builds (a `fn() -> Result<Box<dyn FrameworkPlugin>, CatalogError>`,
/// the same function a built-in registers) as crosswalk's C ABI entry symbol. Use it once, in a
/// crate with `crate-type = ["cdylib"]`; the plugin is built on the first call, once.
#[macro_export]
macro_rules! export_plugin {
    ($factory:path) => {
        // Every item is named `__crosswalk_*` so none shadows the caller's `$factory` path.
        const _: () = {
            use $crate::__private::{self as __crosswalk_sdk, Loaded as __CrosswalkLoaded};
            use $crate::abi::{Buffer as __CrosswalkBuffer, PluginTable as __CrosswalkTable, ABI_VERSION as __CROSSWALK_ABI_VERSION};

            static __CROSSWALK_PLUGIN: ::std::sync::OnceLock<__CrosswalkLoaded> = ::std::sync::OnceLock::new();

            fn __crosswalk_plugin() -> &'static __CrosswalkLoaded {
                __CROSSWALK_PLUGIN.get_or_init(|| __crosswalk_sdk::load($factory))
            }

            extern "C" fn __crosswalk_hello() -> __CrosswalkBuffer {
                __crosswalk_sdk::hello(__crosswalk_plugin, env!("CARGO_PKG_VERSION"))
            }

            extern "C" fn __crosswalk_catalog() -> __CrosswalkBuffer {
                __crosswalk_sdk::catalog(__crosswalk_plugin)
            }

            extern "C" fn __crosswalk_scope_schema() -> __CrosswalkBuffer {
                __crosswalk_sdk::scope_schema(__crosswalk_plugin)
            }

            #[allow(unsafe_code)]
            unsafe extern "C" fn __crosswalk_judge(input: *const u8, len: usize) -> __CrosswalkBuffer {
                if input.is_null() {
                    return __crosswalk_sdk::judge(__crosswalk_plugin, &[]);
                }
                // SAFETY: the ABI's contract: the host passes `len` initialised bytes it owns and
                // does not touch until this call returns; they are only read, and copied out.
                let input = unsafe { ::std::slice::from_raw_parts(input, len) };
                __crosswalk_sdk::judge(__crosswalk_plugin, input)
            }

            #[allow(unsafe_code)]
            unsafe extern "C" fn __crosswalk_free(buffer: __CrosswalkBuffer) {
                if buffer.ptr.is_null() {
                    return;
                }
                // SAFETY: every buffer this library returns is `Buffer::from_vec` of a `Vec<u8>`
                // allocated here, and the host gives each back once, unchanged: rebuilding the
                // vector from its parts and dropping it releases exactly that allocation.
                drop(unsafe { ::std::vec::Vec::from_raw_parts(buffer.ptr, buffer.len, buffer.cap) });
            }

            static __CROSSWALK_TABLE: __CrosswalkTable = __CrosswalkTable {
                abi_version: __CROSSWALK_ABI_VERSION,
                hello: __crosswalk_hello,
                catalog: __crosswalk_catalog,
                scope_schema: __crosswalk_scope_schema,
                judge: __crosswalk_judge,
                free: __crosswalk_free,
            };

            // The entry symbol, named as `abi::ENTRY_SYMBOL`; `no_mangle` is what the unsafe_code
            // lint flags here: the symbol must be unique in the process's view of this library.
            #[allow(unsafe_code)]
            #[no_mangle]
            pub extern "C" fn crosswalk_plugin_v1() -> *const __CrosswalkTable {
                &__CROSSWALK_TABLE
            }
        };
    };
}
