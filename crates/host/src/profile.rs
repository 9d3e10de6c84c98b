//! Reading an organization profile: one YAML file, or a folder whose files are merged. Every
//! problem is reported against the file and position it came from.

use crate::diagnostic::{Diagnostics, FileDiagnostic, SourceFile};
use crate::kind::{guess_kind, DocumentKind};
use crate::read::{decode, io_reason, read_bytes, read_text, too_large, Contents, MAX_FILE_BYTES, MAX_FILE_MIB};
use crate::Registry;
use crosswalk_model::profile::ProfileFragment;
use crosswalk_model::validate::{check_profile, PathSegment};
use crosswalk_model::yaml::{self, Locations};
use crosswalk_model::{FieldPath, Problem, Profile};
use std::path::Path;

/// Where each merged list item came from: (file, position in that file's list).
#[derive(Default)]
struct Origins {
    lists: Vec<(&'static str, Vec<(usize, usize)>)>,
    organization: Option<usize>,
    scope: Option<usize>,
}

impl Origins {
    /// Maps a path in the merged profile to the file and the path inside that file.
    fn locate(&self, path: &FieldPath) -> (usize, FieldPath) {
        let segments = path.segments();
        match segments {
            [PathSegment::Key(section), PathSegment::Index(index), rest @ ..] => {
                if let Some((_, origins)) = self.lists.iter().find(|(name, _)| name == section) {
                    if let Some(&(file, local)) = origins.get(*index) {
                        let mut local_path = vec![PathSegment::Key(section.clone()), PathSegment::Index(local)];
                        local_path.extend_from_slice(rest);
                        return (file, FieldPath::new(local_path));
                    }
                }
                (0, path.clone())
            }
            [PathSegment::Key(section), ..] if section == "organization" => (self.organization.unwrap_or(0), path.clone()),
            [PathSegment::Key(section), ..] if section == "scope" => (self.scope.unwrap_or(0), path.clone()),
            _ => (0, path.clone()),
        }
    }
}

/// A profile read, merged and checked, with what a run needs beside it.
#[derive(Debug, Clone)]
pub struct LoadedProfile {
    pub profile: Profile,
    /// The frameworks a report evaluates: those selected for the run, else `scope.frameworks`,
    /// each once. Never empty: a profile that selects none is an error.
    pub frameworks: Vec<String>,
    /// The entries of a profile folder that were not read.
    pub not_read: NotRead,
}

/// The entries of a profile folder that are not part of the profile: hidden ones (names starting
/// with `.`), subfolders, and files not named `*.yaml` or `*.yml`. Each list is sorted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NotRead {
    pub hidden: Vec<String>,
    pub subfolders: Vec<String>,
    pub other_files: Vec<String>,
}

impl NotRead {
    pub fn is_empty(&self) -> bool {
        self.hidden.is_empty() && self.subfolders.is_empty() && self.other_files.is_empty()
    }

    /// `not read: 2 hidden entries (.git, .draft.yaml); 1 subfolder (notes); ...`, or empty.
    pub fn summary(&self) -> String {
        if self.is_empty() {
            return String::new();
        }
        let part = |names: &[String], one: &str, many: &str| {
            let what = if names.len() == 1 { one } else { many };
            (!names.is_empty()).then(|| format!("{} {what} ({})", names.len(), names.join(", ")))
        };
        let parts: Vec<String> = [
            part(&self.hidden, "hidden entry", "hidden entries"),
            part(&self.subfolders, "subfolder", "subfolders"),
            part(&self.other_files, "file not named *.yaml or *.yml", "files not named *.yaml or *.yml"),
        ]
        .into_iter()
        .flatten()
        .collect();
        format!("not read: {}", parts.join("; "))
    }
}

/// The files of a profile, read but not yet parsed.
struct ProfileFiles {
    /// The folder's name, when the profile is a folder.
    folder: Option<String>,
    sources: Vec<SourceFile>,
    not_read: NotRead,
}

/// Reads, merges and checks the profile at `path` (a file or a folder of `*.yaml`/`*.yml`); the
/// profile alone, for callers that need nothing else. See [`load_profile_details`].
pub fn load_profile(path: &Path, registry: &Registry, selected: &[String]) -> Result<Profile, Diagnostics> {
    load_profile_details(path, registry, selected).map(|loaded| loaded.profile)
}

/// Reads, merges and checks the profile at `path` for a run that evaluates `selected` (empty:
/// the profile's `scope.frameworks`). This is every check a run makes of a profile, so
/// `validate` (which selects nothing) and `report` cannot disagree: the scope is checked for the
/// frameworks the profile selects and for `selected`, and there must be a framework to evaluate.
pub fn load_profile_details(path: &Path, registry: &Registry, selected: &[String]) -> Result<LoadedProfile, Diagnostics> {
    check_files(read_files(path)?, registry, selected)
}

/// Checks one already read file as a profile (what `validate` does with a file it read).
pub(crate) fn check_profile_source(source: SourceFile, registry: &Registry) -> Result<LoadedProfile, Diagnostics> {
    check_files(ProfileFiles { folder: None, sources: vec![source], not_read: NotRead::default() }, registry, &[])
}

/// Checks a profile whose files were read elsewhere (from git, for `crosswalk drift`); `folder`
/// names the folder they came from, if any.
pub(crate) fn check_profile_sources(
    folder: Option<String>,
    sources: Vec<SourceFile>,
    registry: &Registry,
) -> Result<LoadedProfile, Diagnostics> {
    check_files(ProfileFiles { folder, sources, not_read: NotRead::default() }, registry, &[])
}

/// Parses every file of a profile, spreading the files over the available cores (parsing is
/// most of a run's time), and returns the results in the files' order.
fn parse_fragments(sources: &[SourceFile]) -> Vec<Result<ProfileFragment, Vec<FileDiagnostic>>> {
    let workers = std::thread::available_parallelism().map_or(1, std::num::NonZero::get).min(sources.len());
    if workers <= 1 {
        return sources.iter().map(parse_fragment).collect();
    }
    let mut results: Vec<Option<Result<ProfileFragment, Vec<FileDiagnostic>>>> = (0..sources.len()).map(|_| None).collect();
    std::thread::scope(|scope| {
        // Worker k takes every k-th file, which balances a folder of similar files well.
        let handles: Vec<_> = (0..workers)
            .map(|worker| {
                scope.spawn(move || {
                    sources
                        .iter()
                        .enumerate()
                        .skip(worker)
                        .step_by(workers)
                        .map(|(position, source)| (position, parse_fragment(source)))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        for handle in handles {
            let parsed = handle.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            for (position, result) in parsed {
                results[position] = Some(result);
            }
        }
    });
    results.into_iter().flatten().collect()
}

/// One file of a profile: it must look like a profile, and parse as one.
fn parse_fragment(source: &SourceFile) -> Result<ProfileFragment, Vec<FileDiagnostic>> {
    let guess = guess_kind(&source.text);
    if guess.kind != DocumentKind::Profile {
        return Err(vec![FileDiagnostic::without_position(
            "profile::not-a-profile",
            &source.name,
            format!("this is {}, not an organization profile: {}", guess.kind.described(), guess.evidence().trim_start_matches("because ")),
            "pass a profile (a YAML file or folder with `organization` and `scope`); check catalogs with `crosswalk validate`",
        )]);
    }
    if let Some(problem) = guess.shape_problem(source) {
        return Err(vec![problem]);
    }
    yaml::parse::<ProfileFragment>(&source.text)
        .map_err(|error| guess.annotate(&source.name, FileDiagnostic::from_parse("profile::parse", source, &error).into()).0)
}

fn check_files(files: ProfileFiles, registry: &Registry, selected: &[String]) -> Result<LoadedProfile, Diagnostics> {
    let ProfileFiles { folder, sources, not_read } = files;
    let mut fragments = Vec::new();
    let mut errors = Vec::new();
    for parsed in parse_fragments(&sources) {
        match parsed {
            Ok(fragment) => fragments.push(fragment),
            Err(diagnostics) => errors.extend(diagnostics),
        }
    }
    if !errors.is_empty() {
        return Err(Diagnostics(errors));
    }
    let (profile, origins) = merge(fragments, &sources, folder.as_deref())?;

    let ids = registry.ids();
    let mut problems = check_profile(&profile, &registry.hub, &ids);
    // An id no loaded framework has may be one a project file or an option would load.
    for problem in &mut problems {
        if matches!(problem.code, "profile::unknown-framework" | "profile::unknown-scope-section") {
            problem.hint = format!("{}; {}", problem.hint, registry.origin_hint());
        }
    }
    // Each section of the scope belongs to a plugin, which reads and checks it: when its
    // framework is selected (a missing section is its problem), or whenever the section is there.
    for plugin in registry.plugins() {
        let id = plugin.catalog().framework.id.as_str();
        if profile.scope.sections.contains_key(id) || profile.scope.frameworks.iter().chain(selected).any(|chosen| chosen == id) {
            problems.extend(crosswalk_plugin_api::scope_problems(plugin, &profile));
        }
    }
    let mut frameworks: Vec<String> = Vec::new();
    for id in if selected.is_empty() { &profile.scope.frameworks } else { selected } {
        if !frameworks.contains(id) {
            frameworks.push(id.clone());
        }
    }
    if frameworks.is_empty() {
        problems.push(Problem::new(
            "profile::no-framework",
            FieldPath::root().key("scope").key("frameworks"),
            "no framework to evaluate: the list is empty",
            format!(
                "name at least one framework here, e.g. `frameworks: [iso27001]` (loaded: {}); `crosswalk report --framework ID` can also choose one for a run",
                ids.join(", ")
            ),
        ));
    }
    if problems.is_empty() {
        return Ok(LoadedProfile { profile, frameworks, not_read });
    }
    Err(locate_problems(&problems, &origins, &sources))
}

fn locate_problems(problems: &[Problem], origins: &Origins, sources: &[SourceFile]) -> Diagnostics {
    let locations: Vec<Locations> = sources.iter().map(|source| Locations::index(&source.text)).collect();
    Diagnostics(
        problems
            .iter()
            .map(|problem| {
                let (file, local_path) = origins.locate(&problem.path);
                FileDiagnostic::from_problem(&sources[file], &locations[file], problem, &local_path)
            })
            .collect(),
    )
}

/// The profile's files: `path` itself, or the entries of the folder at `path` that make up a
/// profile (see docs/profile.md, "A profile folder"). Every entry that should be read but cannot
/// be is an error naming it; the profile as a whole is held to the size limit.
fn read_files(path: &Path) -> Result<ProfileFiles, Diagnostics> {
    if !std::fs::metadata(path).is_ok_and(|metadata| metadata.is_dir()) {
        return Ok(ProfileFiles { folder: None, sources: vec![read_text(path)?], not_read: NotRead::default() });
    }
    let name = path.display().to_string();
    let cannot_list = |error: std::io::Error| {
        let reason = io_reason(&error);
        Diagnostics::from(FileDiagnostic::without_position(
            "io::read",
            &name,
            format!("cannot read folder: {}", reason.message),
            reason.help,
        ))
    };
    let mut not_read = NotRead::default();
    let mut files = Vec::new();
    for entry in std::fs::read_dir(path).map_err(cannot_list)? {
        let entry = entry.map_err(cannot_list)?;
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let entry_path = entry.path();
        if file_name.starts_with('.') {
            not_read.hidden.push(file_name);
        } else if is_yaml_name(&entry_path) {
            files.push(entry_path);
        } else if std::fs::metadata(&entry_path).is_ok_and(|metadata| metadata.is_dir()) {
            not_read.subfolders.push(file_name);
        } else {
            not_read.other_files.push(file_name);
        }
    }
    files.sort();
    for list in [&mut not_read.hidden, &mut not_read.subfolders, &mut not_read.other_files] {
        list.sort();
    }
    if files.is_empty() {
        let ignored = if not_read.is_empty() { String::new() } else { format!(" ({})", not_read.summary()) };
        return Err(FileDiagnostic::without_position(
            "profile::empty-folder",
            &name,
            format!("the folder holds no .yaml or .yml file{ignored}"),
            "a profile is one YAML file or a folder of them; hidden entries, subfolders and other files are not read",
        )
        .into());
    }
    let mut sources = Vec::new();
    let mut errors = Vec::new();
    let mut budget = MAX_FILE_BYTES;
    for file in &files {
        let file_name = file.display().to_string();
        match read_bytes(file, budget) {
            Ok(Contents::Bytes(bytes)) => {
                budget -= bytes.len() as u64;
                match decode(file_name, bytes) {
                    Ok(source) => sources.push(source),
                    Err(diagnostics) => errors.extend(diagnostics.0),
                }
            }
            Ok(Contents::TooLarge(size)) if budget == MAX_FILE_BYTES || size.is_some_and(|size| size > MAX_FILE_BYTES) => {
                errors.push(too_large(size).diagnostic(&file_name));
            }
            Ok(Contents::TooLarge(_)) => {
                errors.push(FileDiagnostic::without_position(
                    "io::read",
                    &name,
                    format!("cannot read: the folder's YAML files are over the limit of {MAX_FILE_MIB} MiB together (at {file_name})"),
                    format!("a profile, one file or a folder of them, holds at most {MAX_FILE_MIB} MiB (see docs/profile.md)"),
                ));
                break;
            }
            Err(unreadable) => errors.push(unreadable.diagnostic(&file_name)),
        }
    }
    if !errors.is_empty() {
        return Err(Diagnostics(errors));
    }
    Ok(ProfileFiles { folder: Some(name), sources, not_read })
}

/// `*.yaml` and `*.yml`, in any case.
pub(crate) fn is_yaml_name(path: &Path) -> bool {
    path.extension()
        .and_then(|extension| extension.to_str())
        .is_some_and(|extension| extension.eq_ignore_ascii_case("yaml") || extension.eq_ignore_ascii_case("yml"))
}

/// Keeps the first value of a section that may appear in one file only, reporting repeats.
fn keep_single<T>(
    value: Option<T>,
    slot: &mut Option<(T, usize)>,
    file: usize,
    key: &str,
    sources: &[SourceFile],
    errors: &mut Vec<FileDiagnostic>,
) {
    let Some(value) = value else { return };
    match slot {
        Some((_, first)) => {
            let path = FieldPath::root().key(key);
            errors.push(FileDiagnostic::at(
                "profile::duplicate-section",
                &sources[file],
                Locations::index(&sources[file].text).find(&path),
                &path,
                format!("`{key}` is also given in {}", sources[*first].name),
                format!("keep `{key}` in one file of the folder"),
            ));
        }
        None => *slot = Some((value, file)),
    }
}

/// The last part of a path as written (`folder/10-scope.yaml` gives `10-scope.yaml`).
fn file_name(path: &str) -> &str {
    Path::new(path).file_name().and_then(|name| name.to_str()).unwrap_or(path)
}

/// Appends `items` from `file` to `list`, remembering where each came from.
fn append<T>(list: &mut Vec<T>, origins: &mut Vec<(usize, usize)>, items: Vec<T>, file: usize) {
    for (local, item) in items.into_iter().enumerate() {
        origins.push((file, local));
        list.push(item);
    }
}

fn merge(fragments: Vec<ProfileFragment>, sources: &[SourceFile], folder: Option<&str>) -> Result<(Profile, Origins), Diagnostics> {
    let mut profile = Profile::default();
    let mut errors = Vec::new();
    let mut organization = None;
    let mut scope = None;
    let [mut people, mut functions, mut systems, mut controls] = [(); 4].map(|_| Vec::new());
    for (file, fragment) in fragments.into_iter().enumerate() {
        keep_single(fragment.organization, &mut organization, file, "organization", sources, &mut errors);
        keep_single(fragment.scope, &mut scope, file, "scope", sources, &mut errors);
        append(&mut profile.people, &mut people, fragment.people, file);
        append(&mut profile.functions, &mut functions, fragment.functions, file);
        append(&mut profile.systems, &mut systems, fragment.systems, file);
        append(&mut profile.controls, &mut controls, fragment.controls, file);
    }
    for (key, present) in [("organization", organization.is_some()), ("scope", scope.is_some())] {
        if present {
            continue;
        }
        let help = format!("every profile needs the `{key}` section (see docs/profile.md)");
        match folder {
            // Blaming the first file would send the user to the wrong place: say where we looked.
            Some(folder) => errors.push(FileDiagnostic::without_position(
                "profile::missing-section",
                folder,
                format!(
                    "no file of the folder has the `{key}` section (looked in {})",
                    sources.iter().map(|source| file_name(&source.name)).collect::<Vec<_>>().join(", ")
                ),
                format!("{help}: add `{key}:` to one of the files"),
            )),
            None => errors.push(FileDiagnostic::without_position(
                "profile::missing-section",
                &sources[0].name,
                format!("missing section `{key}`"),
                help,
            )),
        }
    }
    if !errors.is_empty() {
        return Err(Diagnostics(errors));
    }
    let origins = Origins {
        lists: vec![("people", people), ("functions", functions), ("systems", systems), ("controls", controls)],
        organization: organization.as_ref().map(|(_, file)| *file),
        scope: scope.as_ref().map(|(_, file)| *file),
    };
    profile.organization = organization.map(|(value, _)| value).unwrap_or_default();
    profile.scope = scope.map(|(value, _)| value).unwrap_or_default();
    Ok((profile, origins))
}
