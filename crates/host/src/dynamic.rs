//! Plugin libraries loaded at run time: trust decided before loading, then the C ABI's checks,
//! then a `FrameworkPlugin` that calls the library's table ([`crosswalk_plugin_api::abi`]).
//!
//! Order of checks, each refusal naming the file and the check (`plugin::<check>`):
//! 1. trust, before a byte of the library runs (loading runs its initialisers): the file is a
//!    regular file; it and every folder above it (as named and as resolved) belong to you or
//!    root and are not writable by group or others — except a folder that is sticky and owned
//!    by root (`/tmp`: others may add entries there but cannot rename or replace yours); the
//!    file's sha256 matches its pin when one is given;
//! 2. the entry symbol exists and its table's ABI version is this host's;
//! 3. the hello handshake: a compatible SDK version, an id equal to its catalog's and not
//!    colliding with a loaded framework; the catalog checked like any framework file.
//!
//! A loaded library is never unloaded (it is leaked on purpose): its table, and any code it
//! handed out, must stay valid for the whole process, and unloading a Rust library whose thread
//! locals or allocations may still be referenced is undefined behaviour. A refused library that
//! was already opened is leaked the same way, its initialisers having run.
//!
//! This module and the SDK's export macro are the only places allowed `unsafe`; each block says
//! why it holds.
#![allow(unsafe_code)]

use crate::diagnostic::{Diagnostics, FileDiagnostic};
use crosswalk_model::validate::check_framework;
use crosswalk_model::{FrameworkCatalog, Hub, Level, Problem, Profile, Requirement};
use crosswalk_plugin_api::abi::{
    sdk_compatible, Buffer, Hello, HostJudgeInput, JudgeInput, Judged, PluginTable, Reply, ABI_VERSION, ENTRY_SYMBOL, SDK_VERSION,
};
use crosswalk_plugin_api::{section_path, Context, Demand, FrameworkPlugin, Judgement, Prepared, ScheduledReview, Schema};
use serde::de::DeserializeOwned;
use sha2::{Digest, Sha256};
use std::collections::BTreeSet;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// The checks `load_plugin` runs, in order, as `crosswalk plugin check` lists them.
pub const PLUGIN_CHECKS: [&str; 7] = [
    "trust (file, owner, permissions)",
    "sha256 pin (when given)",
    "entry symbol",
    "ABI version",
    "handshake (SDK version, id)",
    "duplicate id",
    "catalog",
];

/// A framework plugin living in a library loaded at run time.
pub struct DynamicPlugin {
    table: &'static PluginTable,
    hello: Hello,
    catalog: FrameworkCatalog,
    scope_schema: Option<Schema>,
    path: PathBuf,
    sha256: String,
    source: String,
}

impl std::fmt::Debug for DynamicPlugin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DynamicPlugin").field("hello", &self.hello).field("path", &self.path).field("sha256", &self.sha256).finish()
    }
}

impl DynamicPlugin {
    /// Who the plugin said it is.
    pub fn hello(&self) -> &Hello {
        &self.hello
    }

    /// The library file, resolved.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The library file's sha256, lowercase hex: what a pin in `crosswalk.yaml` says.
    pub fn sha256(&self) -> &str {
        &self.sha256
    }
}

/// Runs every check on the library at `path` (its sha256 against `pinned` when given), loads it
/// and returns the plugin; `loaded_ids` are the frameworks it must not collide with.
pub fn load_plugin(path: &Path, pinned: Option<&str>, hub: &Hub, loaded_ids: &[&str]) -> Result<DynamicPlugin, Diagnostics> {
    let refuse = |code: &str, message: String, hint: &str| refusal(path, code, message, hint);
    let resolved = trusted_file(path)?;
    let sha256 = sha256_of(&resolved).map_err(|error| refuse("plugin::unreadable", format!("cannot read it: {error}"), READ_HINT))?;
    if let Some(pinned) = pinned {
        if pinned.len() != 64 || !pinned.chars().all(|c| c.is_ascii_hexdigit()) {
            return Err(refuse(
                "plugin::sha256-pin",
                format!("sha256 check: the pin `{pinned}` is not 64 hexadecimal digits"),
                "write the pin `crosswalk plugin check` prints for the file",
            ));
        }
        if !pinned.eq_ignore_ascii_case(&sha256) {
            return Err(refuse(
                "plugin::sha256-mismatch",
                format!("sha256 check: the file's sha256 is {sha256}, its pin says {}", pinned.to_ascii_lowercase()),
                "the file changed since it was pinned: rebuild or fetch the plugin you trust, or, having checked the new file, update the pin",
            ));
        }
    }
    let table = open(path, &resolved)?;
    let hello: Hello = reply(path, table, (table.hello)())?;
    if !sdk_compatible(SDK_VERSION, &hello.sdk_version) {
        return Err(refuse(
            "plugin::sdk-version",
            format!("handshake: built with plugin SDK {}, which this crosswalk (SDK {SDK_VERSION}) cannot read", hello.sdk_version),
            "rebuild the plugin against the crosswalk-plugin-sdk of this crosswalk version",
        ));
    }
    let catalog: FrameworkCatalog = reply(path, table, (table.catalog)())?;
    if catalog.framework.id != hello.id {
        return Err(refuse(
            "plugin::id-mismatch",
            format!("handshake: it says it is `{}` but its catalog is `{}`", hello.id, catalog.framework.id),
            "a plugin's id and its catalog's framework.id must agree",
        ));
    }
    if loaded_ids.contains(&hello.id.as_str()) {
        return Err(refuse(
            "plugin::duplicate-id",
            format!("duplicate id: framework `{}` is already loaded", hello.id),
            "framework ids are unique: give the plugin's catalog another framework.id, or load only one of the two",
        ));
    }
    let problems = check_framework(&catalog, hub);
    if let Some(first) = problems.first() {
        return Err(refuse(
            "plugin::catalog",
            format!(
                "catalog check: {} problem(s) in its catalog, first at `{}`: {} ({})",
                problems.len(),
                first.path,
                first.message,
                first.code
            ),
            "fix the plugin's catalog: `crosswalk validate` on its YAML lists every problem with its line",
        ));
    }
    let scope_schema: Option<Schema> = reply(path, table, (table.scope_schema)())?;
    let source = format!("library {} (sha256 {sha256})", resolved.display());
    Ok(DynamicPlugin { table, hello, catalog, scope_schema, path: resolved, sha256, source })
}

const READ_HINT: &str = "check the path and that you may read the file";

fn refusal(path: &Path, code: &str, message: String, hint: &str) -> Diagnostics {
    FileDiagnostic::without_position(code, &path.display().to_string(), format!("plugin refused: {message}"), hint).into()
}

/// Checks the library may be trusted before it is opened; returns its resolved path.
fn trusted_file(path: &Path) -> Result<PathBuf, Diagnostics> {
    let resolved =
        std::fs::canonicalize(path).map_err(|error| refusal(path, "plugin::unreadable", format!("cannot find it: {error}"), READ_HINT))?;
    let metadata =
        std::fs::metadata(&resolved).map_err(|error| refusal(path, "plugin::unreadable", format!("cannot read it: {error}"), READ_HINT))?;
    if !metadata.is_file() {
        return Err(refusal(
            path,
            "plugin::not-a-file",
            "it is not a regular file".to_owned(),
            "name the built library (.so, .dylib, .dll)",
        ));
    }
    permissions::check(path, &resolved)?;
    Ok(resolved)
}

#[cfg(unix)]
mod permissions {
    use super::{refusal, Diagnostics};
    use std::os::unix::fs::MetadataExt;
    use std::path::Path;

    const GROUP_OR_OTHERS_WRITE: u32 = 0o022;
    const STICKY: u32 = 0o1000;

    /// The file and every folder above it, as named (where a symlink on the way lives) and as
    /// resolved: owned by you or root, and not writable by group or others unless a sticky
    /// folder owned by root.
    pub(super) fn check(named: &Path, resolved: &Path) -> Result<(), Diagnostics> {
        // SAFETY: geteuid has no preconditions, cannot fail and touches no memory of ours.
        let me = unsafe { libc::geteuid() };
        let absolute = std::path::absolute(named).unwrap_or_else(|_| named.to_path_buf());
        let folders = resolved.ancestors().skip(1).chain(absolute.ancestors().skip(1));
        for (entry, is_folder) in std::iter::once((resolved, false)).chain(folders.map(|folder| (folder, true))) {
            let Ok(metadata) = std::fs::metadata(entry) else { continue };
            let what = if is_folder { "the folder" } else { "the file" };
            let owner = metadata.uid();
            if owner != me && owner != 0 {
                return Err(refusal(
                    named,
                    "plugin::untrusted-owner",
                    format!("ownership check: {what} {} belongs to user {owner}, neither you nor root", entry.display()),
                    "keep plugin libraries in folders only you (or root) own",
                ));
            }
            let mode = metadata.mode();
            let sticky_root_folder = is_folder && mode & STICKY != 0 && owner == 0;
            if mode & GROUP_OR_OTHERS_WRITE != 0 && !sticky_root_folder {
                return Err(refusal(
                    named,
                    "plugin::writable",
                    format!("permission check: {what} {} is writable by group or others (mode {:o})", entry.display(), mode & 0o7777),
                    "anyone who can write it could swap the code crosswalk runs: `chmod go-w` it, or move the plugin to a folder only you can write",
                ));
            }
        }
        Ok(())
    }
}

#[cfg(not(unix))]
mod permissions {
    use super::Diagnostics;
    use std::path::Path;

    /// Permission bits are a Unix notion; elsewhere only the path rules and the pin apply.
    pub(super) fn check(_named: &Path, _resolved: &Path) -> Result<(), Diagnostics> {
        Ok(())
    }
}

fn sha256_of(path: &Path) -> std::io::Result<String> {
    let mut file = std::fs::File::open(path)?;
    let mut hasher = Sha256::new();
    let mut chunk = vec![0u8; 64 * 1024];
    loop {
        let read = file.read(&mut chunk)?;
        if read == 0 {
            break;
        }
        hasher.update(&chunk[..read]);
    }
    Ok(hasher.finalize().iter().map(|byte| format!("{byte:02x}")).collect())
}

/// Opens the trusted library, finds the entry symbol and checks the table's ABI version.
fn open(named: &Path, resolved: &Path) -> Result<&'static PluginTable, Diagnostics> {
    // SAFETY: opening a library runs its initialisers, which is running its code: the file passed
    // every trust check above, which is the decision to run it.
    let library = unsafe { libloading::Library::new(resolved) }.map_err(|error| {
        refusal(named, "plugin::load", format!("the system cannot load it: {error}"), "build the plugin as a cdylib for this platform")
    })?;
    // Never unloaded: see the module's documentation.
    let library: &'static libloading::Library = Box::leak(Box::new(library));
    type Entry = extern "C" fn() -> *const PluginTable;
    // SAFETY: the symbol is declared by the ABI as `extern "C" fn() -> *const PluginTable`; the
    // type is only used to call it that way below.
    let entry = unsafe { library.get::<Entry>(ENTRY_SYMBOL.as_bytes()) }.map_err(|_| {
        refusal(
            named,
            "plugin::entry-symbol",
            format!("entry symbol check: it exports no `{ENTRY_SYMBOL}`"),
            "it is not a crosswalk plugin of this ABI: export one with `crosswalk_plugin_sdk::export_plugin!`",
        )
    })?;
    let table = entry();
    if table.is_null() {
        return Err(refusal(
            named,
            "plugin::entry-symbol",
            format!("entry symbol check: `{ENTRY_SYMBOL}` returned no table"),
            REBUILD_HINT,
        ));
    }
    // SAFETY: every version of the ABI puts `abi_version: u32` first in a `#[repr(C)]` table, so
    // a table of any version can be read this far; the library stays loaded for the process.
    let declared = unsafe { table.cast::<u32>().read() };
    if declared != ABI_VERSION {
        return Err(refusal(
            named,
            "plugin::abi-version",
            format!("ABI version check: it speaks ABI version {declared}, this crosswalk speaks {ABI_VERSION}"),
            REBUILD_HINT,
        ));
    }
    // SAFETY: the version matched, so the table has this version's layout; it is a static of the
    // library, which is never unloaded.
    Ok(unsafe { &*table })
}

const REBUILD_HINT: &str = "rebuild the plugin against the crosswalk-plugin-sdk of this crosswalk version";

/// Reads a buffer the plugin returned and gives it back to the plugin's `free`.
fn take(table: &PluginTable, buffer: Buffer) -> Result<Vec<u8>, String> {
    if buffer.ptr.is_null() {
        return Err("it returned a null buffer".to_owned());
    }
    // SAFETY: a non-null buffer from the plugin holds `len` initialised bytes that stay valid
    // until it is freed, which happens just below, after they are copied.
    let bytes = unsafe { std::slice::from_raw_parts(buffer.ptr, buffer.len) }.to_vec();
    // SAFETY: the buffer came from this plugin and is given back once, unchanged.
    unsafe { (table.free)(buffer) };
    Ok(bytes)
}

/// Why a call across the boundary gave no value.
enum CallFailure {
    /// The bytes were not a JSON reply of the expected shape.
    Malformed(String),
    /// The plugin answered with an error (a panic it caught is one).
    Plugin(String),
}

impl std::fmt::Display for CallFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CallFailure::Malformed(detail) => write!(f, "malformed reply: {detail}"),
            CallFailure::Plugin(message) => write!(f, "the plugin reported an error: {message}"),
        }
    }
}

fn decode<T: DeserializeOwned>(table: &PluginTable, buffer: Buffer) -> Result<T, CallFailure> {
    let bytes = take(table, buffer).map_err(CallFailure::Malformed)?;
    match serde_json::from_slice::<Reply<T>>(&bytes) {
        Ok(Reply::Ok(value)) => Ok(value),
        Ok(Reply::Error(message)) => Err(CallFailure::Plugin(message)),
        Err(error) => Err(CallFailure::Malformed(format!("not the JSON reply expected ({error})"))),
    }
}

/// A loading-time call's value, or the refusal naming what went wrong.
fn reply<T: DeserializeOwned>(named: &Path, table: &PluginTable, buffer: Buffer) -> Result<T, Diagnostics> {
    decode(table, buffer).map_err(|failure| {
        let code = match failure {
            CallFailure::Malformed(_) => "plugin::malformed-reply",
            CallFailure::Plugin(_) => "plugin::error",
        };
        refusal(named, code, format!("handshake: {failure}"), "the plugin is broken: report it to its author, with this message")
    })
}

/// A problem code from a plugin as the `'static` text a `Problem` carries. Codes are a small
/// vocabulary per plugin, so each distinct one is kept once; past a bound (a plugin minting
/// codes) they fold into one.
fn problem_code(code: &str) -> &'static str {
    const MOST_CODES: usize = 256;
    static CODES: Mutex<BTreeSet<&'static str>> = Mutex::new(BTreeSet::new());
    let mut codes = CODES.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some(known) = codes.get(code) {
        return known;
    }
    if codes.len() >= MOST_CODES {
        return "plugin::problem";
    }
    let kept: &'static str = Box::leak(code.to_owned().into_boxed_str());
    codes.insert(kept);
    kept
}

/// The prepared scope of a run-time plugin: its section's problems, and the one judging call's
/// answer for the run's date, made on the first requirement and reused by the rest.
struct DynamicScope {
    problems: Vec<Problem>,
    judged: Mutex<Option<(chrono::NaiveDate, Judging)>>,
}

/// The judging call's answer, or why the plugin gave none.
type Judging = Arc<Result<Judged, String>>;

impl DynamicPlugin {
    fn call(&self, profile: &Profile, as_of: Option<chrono::NaiveDate>) -> Result<Judged, String> {
        let input: HostJudgeInput = JudgeInput { as_of, profile };
        let bytes = serde_json::to_vec(&input).map_err(|error| format!("cannot encode the profile: {error}"))?;
        // SAFETY: `bytes` stays alive and untouched for the call; the plugin only reads it.
        let buffer = unsafe { (self.table.judge)(bytes.as_ptr(), bytes.len()) };
        decode(self.table, buffer).map_err(|failure| failure.to_string())
    }

    fn judged(&self, context: &Context) -> Judging {
        let Some(scope) = context.scope::<DynamicScope>() else {
            return Arc::new(self.call(context.profile, Some(context.as_of)));
        };
        let mut cached = scope.judged.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        match cached.as_ref() {
            Some((as_of, judged)) if *as_of == context.as_of => judged.clone(),
            _ => {
                let judged = Arc::new(self.call(context.profile, Some(context.as_of)));
                *cached = Some((context.as_of, judged.clone()));
                judged
            }
        }
    }

    /// What a requirement demands when the plugin could not judge it: the top of the ladder, so
    /// a broken plugin never reads as coverage, with the failure in the basis.
    fn unjudged(&self, why: &str) -> Judgement {
        Judgement::Evaluate(Demand {
            level: Level::Verified,
            judged_on: None,
            period: None,
            basis: format!("plugin `{}` could not judge it ({why}); held to `verified` until the plugin is fixed", self.hello.id),
        })
    }
}

impl FrameworkPlugin for DynamicPlugin {
    fn catalog(&self) -> &FrameworkCatalog {
        &self.catalog
    }

    fn source(&self) -> &str {
        &self.source
    }

    fn scope_schema(&self) -> Option<Schema> {
        self.scope_schema.clone()
    }

    fn prepare(&self, profile: &Profile) -> Result<Prepared, Vec<Problem>> {
        let problems = match self.call(profile, None) {
            Ok(judged) => judged
                .scope_problems
                .into_iter()
                .map(|problem| {
                    let code = problem_code(&problem.code);
                    problem.into_problem(code)
                })
                .collect(),
            Err(failure) => vec![Problem::new(
                "plugin::failed",
                section_path(&self.hello.id),
                format!("plugin `{}` ({}) could not check its scope section: {failure}", self.hello.id, self.path.display()),
                "the plugin is broken: report it to its author, or remove it from crosswalk.yaml",
            )],
        };
        Ok(Box::new(DynamicScope { problems, judged: Mutex::new(None) }))
    }

    fn check_scope(&self, _profile: &Profile, scope: &Prepared) -> Vec<Problem> {
        scope.downcast_ref::<DynamicScope>().map(|scope| scope.problems.clone()).unwrap_or_default()
    }

    fn describe_scope(&self, context: &Context) -> String {
        match self.judged(context).as_ref() {
            Ok(judged) => judged.describe_scope.clone().unwrap_or_default(),
            Err(failure) => format!("plugin `{}` could not judge: {failure}", self.hello.id),
        }
    }

    fn judge(&self, requirement: &Requirement, context: &Context) -> Judgement {
        match self.judged(context).as_ref() {
            Ok(judged) => judged
                .judgements
                .get(&requirement.id)
                .cloned()
                .unwrap_or_else(|| self.unjudged("it returned no judgement for this requirement")),
            Err(failure) => self.unjudged(failure),
        }
    }

    fn scheduled_reviews(&self, context: &Context) -> Vec<ScheduledReview> {
        match self.judged(context).as_ref() {
            Ok(judged) => judged.scheduled_reviews.clone(),
            Err(_) => Vec::new(),
        }
    }
}
