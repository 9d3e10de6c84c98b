//! Reading an organization profile: one YAML file, or a folder whose files are merged. Every
//! problem is reported against the file and position it came from.

use crate::diagnostic::{Diagnostics, FileDiagnostic, SourceFile};
use crate::{read_text, Registry};
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

/// Reads, merges and checks the profile at `path` (a file or a folder of `*.yaml`/`*.yml`).
/// The scope is checked for the frameworks the profile selects and for `also_evaluated`.
pub fn load_profile(path: &Path, registry: &Registry, also_evaluated: &[String]) -> Result<Profile, Diagnostics> {
    let sources = profile_sources(path)?;
    let mut fragments = Vec::new();
    let mut errors = Vec::new();
    for source in &sources {
        let kind = crate::document_kind(&source.text);
        if kind != crate::DocumentKind::Profile {
            let what = if kind == crate::DocumentKind::Framework { "a framework catalog" } else { "the hub catalog" };
            errors.push(FileDiagnostic::without_position(
                "profile::not-a-profile",
                &source.name,
                format!("this is {what}, not an organization profile"),
                "pass a profile (a YAML file or folder with `organization` and `scope`); check catalogs with `crosswalk validate`",
            ));
            continue;
        }
        match yaml::parse::<ProfileFragment>(&source.text) {
            Ok(fragment) => fragments.push(fragment),
            Err(error) => errors.push(FileDiagnostic::from_parse("profile::parse", source, &error)),
        }
    }
    if !errors.is_empty() {
        return Err(Diagnostics(errors));
    }
    let (profile, origins) = merge(fragments, &sources)?;

    let mut problems = check_profile(&profile, &registry.hub, &registry.ids());
    for plugin in registry.plugins() {
        let id = plugin.catalog().framework.id.as_str();
        if profile.scope.frameworks.iter().chain(also_evaluated).any(|selected| selected == id) {
            problems.extend(plugin.check_scope(&profile));
        }
    }
    if problems.is_empty() {
        return Ok(profile);
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

fn profile_sources(path: &Path) -> Result<Vec<SourceFile>, Diagnostics> {
    if !path.is_dir() {
        return Ok(vec![read_text(path)?]);
    }
    let name = path.display().to_string();
    let entries = std::fs::read_dir(path).map_err(|error| {
        Diagnostics::from(FileDiagnostic::without_position(
            "io::read",
            &name,
            format!("cannot read folder: {error}"),
            "check the path and permissions",
        ))
    })?;
    let mut files: Vec<_> = entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|file| file.is_file() && file.extension().is_some_and(|ext| ext == "yaml" || ext == "yml"))
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(FileDiagnostic::without_position(
            "profile::empty-folder",
            &name,
            "the folder holds no .yaml or .yml file",
            "a profile is one YAML file or a folder of them",
        )
        .into());
    }
    files.iter().map(|file| read_text(file)).collect()
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

/// Appends `items` from `file` to `list`, remembering where each came from.
fn append<T>(list: &mut Vec<T>, origins: &mut Vec<(usize, usize)>, items: Vec<T>, file: usize) {
    for (local, item) in items.into_iter().enumerate() {
        origins.push((file, local));
        list.push(item);
    }
}

fn merge(fragments: Vec<ProfileFragment>, sources: &[SourceFile]) -> Result<(Profile, Origins), Diagnostics> {
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
        if !present {
            errors.push(FileDiagnostic::at(
                "profile::missing-section",
                &sources[0],
                None,
                &FieldPath::root(),
                format!("missing field `{key}`"),
                format!("every profile needs the `{key}` section (see docs/profile.md)"),
            ));
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
