//! Where frameworks come from besides the built-in plugins: the project file `crosswalk.yaml`
//! (named by `--config`, or found in the current folder or a parent), `--framework-file` and
//! `--plugin`.

use crate::{located, read_text, Diagnostics, FileDiagnostic, SourceFile};
use crosswalk_model::yaml;
use crosswalk_model::{ProjectFile, PROJECT_FILE};
use std::path::{Path, PathBuf};

/// The framework sources of one run, in load order: the project file's, then the command line's.
#[derive(Debug, Clone, Default)]
pub struct Sources {
    /// The project file read, if any.
    pub project_file: Option<PathBuf>,
    /// Whether `--config` named the project file (else it was searched for).
    pub project_file_named: bool,
    /// Framework files with declared semantics: the project file's, then the command line's
    /// (each file once: a command-line file naming a file already listed is left out).
    pub framework_files: Vec<PathBuf>,
    /// How many of `framework_files`, at the start, the project file listed; a command-line file
    /// takes precedence over one of these with the same framework id.
    pub project_framework_files: usize,
    /// Plugin libraries, each with its sha256 pin when the project file gives one.
    pub plugins: Vec<PluginSource>,
    /// The project file's plugin entries naming no readable file, each located at its entry:
    /// refusals (warnings for a run), left out of `plugins`.
    pub unreadable_plugins: Vec<FileDiagnostic>,
}

/// A plugin library to load, and the sha256 it must have.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PluginSource {
    pub path: PathBuf,
    pub sha256: Option<String>,
}

impl Sources {
    /// The sources of a run: the project file `config` names, or else the first `crosswalk.yaml`
    /// in `start` (empty: the current folder) or a parent (none is fine), then `framework_files`
    /// and `plugins` (unpinned) from the command line.
    /// A project file's paths are relative to its folder. A project file that cannot be read or
    /// does not parse is a located error.
    pub fn discover(config: Option<&Path>, framework_files: &[PathBuf], plugins: &[PathBuf], start: &Path) -> Result<Self, Diagnostics> {
        let project_file = match config {
            Some(path) => Some(path.to_path_buf()),
            None => find_project_file(start),
        };
        let mut sources = Self { project_file: project_file.clone(), project_file_named: config.is_some(), ..Self::default() };
        if let Some(path) = &project_file {
            let source = read_text(path).map_err(|diagnostics| {
                with_missing_file_help(diagnostics, "check the path given to --config (a crosswalk.yaml listing `frameworks:`)")
            })?;
            let project = parse_project_file(&source)?;
            let folder = path.parent().unwrap_or(Path::new(""));
            sources.framework_files.extend(project.frameworks.iter().map(|framework| folder.join(framework)));
            // A listed file that cannot be read is reported at its entry, where the mistake is.
            let root = crosswalk_model::FieldPath::root();
            let unreadable_frameworks: Vec<_> = project
                .frameworks
                .iter()
                .enumerate()
                .filter_map(|(index, listed)| unreadable_entry(folder, listed, root.key("frameworks").index(index), "framework file"))
                .collect();
            located(&source, unreadable_frameworks)?;
            for (index, plugin) in project.plugins.iter().enumerate() {
                let field = root.key("plugins").index(index).key("path");
                match unreadable_entry(folder, &plugin.path, field, "plugin library") {
                    Some(problem) => sources.unreadable_plugins.extend(located(&source, vec![problem]).err().into_iter().flat_map(|d| d.0)),
                    None => sources.plugins.push(PluginSource { path: folder.join(&plugin.path), sha256: plugin.sha256.clone() }),
                }
            }
        }
        sources.project_framework_files = sources.framework_files.len();
        // The same file named twice (in crosswalk.yaml and by --framework-file) is loaded once.
        let canonical = |path: &Path| std::fs::canonicalize(path).ok();
        for path in framework_files {
            let same = canonical(path);
            if same.is_none() || !sources.framework_files.iter().any(|listed| canonical(listed) == same) {
                sources.framework_files.push(path.clone());
            }
        }
        sources.plugins.extend(plugins.iter().map(|path| PluginSource { path: path.clone(), sha256: None }));
        Ok(sources)
    }

    /// Where a run's frameworks come from, for the hint of an unknown framework id: the project
    /// file used (or that none was found from the current folder), and the options that add
    /// frameworks.
    pub fn origin_hint(&self) -> String {
        let project = match (&self.project_file, self.project_file_named) {
            (Some(path), true) => format!("the project file named by --config ({})", path.display()),
            (Some(path), false) => {
                format!("the {PROJECT_FILE} found from the current folder ({}; --config PATH names another)", path.display())
            }
            (None, _) => format!(
                "a {PROJECT_FILE} found from the current folder or a parent (none was: run from the project's folder, or name its file with --config PATH)"
            ),
        };
        format!("frameworks come from the built-in plugins, {project}, --framework-file PATH and --plugin PATH")
    }

    /// Every file these sources read, for the rule that an output is never an input.
    pub fn inputs(&self) -> impl Iterator<Item = &Path> {
        self.project_file.iter().chain(&self.framework_files).chain(self.plugins.iter().map(|plugin| &plugin.path)).map(PathBuf::as_path)
    }
}

/// The problem with an entry of a project file naming `listed` (relative to `folder`) when it is
/// not a readable file; a path with ` - ` inside is likely two entries, one mis-indented.
fn unreadable_entry(folder: &Path, listed: &str, field: crosswalk_model::FieldPath, what: &str) -> Option<crosswalk_model::Problem> {
    let path = folder.join(listed);
    let reason = match std::fs::metadata(&path) {
        Ok(metadata) if metadata.is_file() => return None,
        Ok(_) => "it is not a file".to_owned(),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => crate::read::NOT_FOUND.to_owned(),
        Err(error) => error.to_string(),
    };
    let hint = if listed.contains(" - ") {
        format!(
            "this entry reads as one path, `{listed}`: each entry of the list goes on its own line, starting with `- ` at the same indentation as the others"
        )
    } else {
        let shown = if folder.as_os_str().is_empty() { "the current folder".to_owned() } else { format!("{}", folder.display()) };
        format!("check the path: an entry of {PROJECT_FILE} is relative to that file's folder ({shown})")
    };
    Some(crosswalk_model::Problem::new(
        "project::unreadable-entry",
        field,
        format!("{what} `{}` cannot be read: {reason}", path.display()),
        hint,
    ))
}

/// A file that does not exist is a wrong path, not a wrong profile: replaces the reader's hint
/// with `help` for that case only.
pub(crate) fn with_missing_file_help(mut diagnostics: Diagnostics, help: &str) -> Diagnostics {
    for diagnostic in &mut diagnostics.0 {
        if diagnostic.code == "io::read" && diagnostic.message.ends_with(crate::read::NOT_FOUND) {
            diagnostic.help = help.to_owned();
        }
    }
    diagnostics
}

/// The nearest `crosswalk.yaml` in `start` or a parent, as `start` joined with a relative path
/// (`crosswalk.yaml`, `../crosswalk.yaml`): with `start` empty, the current folder, the paths shown
/// stay short.
fn find_project_file(start: &Path) -> Option<PathBuf> {
    let folder = if start.as_os_str().is_empty() { Path::new(".") } else { start };
    let absolute = std::fs::canonicalize(folder).ok()?;
    let mut relative = PathBuf::new();
    for ancestor in absolute.ancestors() {
        if ancestor.join(PROJECT_FILE).is_file() {
            return Some(start.join(relative).join(PROJECT_FILE));
        }
        relative.push("..");
    }
    None
}

fn parse_project_file(source: &SourceFile) -> Result<ProjectFile, Diagnostics> {
    let project: ProjectFile =
        yaml::parse(&source.text).map_err(|error| Diagnostics::from(FileDiagnostic::from_parse("project::parse", source, &error)))?;
    let frameworks =
        project.frameworks.iter().map(String::as_str).enumerate().map(|(index, path)| ("frameworks", index, path, "framework file"));
    let plugins = project.plugins.iter().enumerate().map(|(index, plugin)| ("plugins", index, plugin.path.as_str(), "plugin library"));
    let problems = frameworks
        .chain(plugins)
        .filter(|(_, _, path, _)| path.trim().is_empty())
        .map(|(list, index, _, what)| {
            let path = crosswalk_model::FieldPath::root().key(list).index(index);
            crosswalk_model::Problem::new(
                "project::empty-path",
                if list == "plugins" { path.key("path") } else { path },
                format!("an empty {what} path"),
                format!("write the path of a {what}, relative to this file's folder"),
            )
        })
        .collect();
    located(source, problems)?;
    Ok(project)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let folder = std::env::temp_dir().join(format!("crosswalk-sources-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&folder);
        std::fs::create_dir_all(folder.join("team/service")).expect("scratch folder");
        folder
    }

    #[test]
    fn the_nearest_project_file_is_found_and_its_paths_are_relative_to_it() {
        let root = scratch("nearest");
        let pin = "ab".repeat(32);
        let project = format!("frameworks: [standards/internal.yaml]\nplugins:\n  - path: lib/csf.so\n    sha256: {pin}\n");
        std::fs::write(root.join(PROJECT_FILE), project).expect("project file");
        for listed in ["standards/internal.yaml", "lib/csf.so"] {
            std::fs::create_dir_all(root.join(listed).parent().expect("a folder")).expect("listed folder");
            std::fs::write(root.join(listed), "").expect("listed file");
        }
        let start = root.join("team/service");
        let sources = Sources::discover(None, &[PathBuf::from("extra.yaml")], &[PathBuf::from("mine.so")], &start).expect("discovered");
        assert_eq!(sources.project_file, Some(start.join("../../crosswalk.yaml")));
        assert_eq!(sources.framework_files, vec![start.join("../../standards/internal.yaml"), PathBuf::from("extra.yaml")]);
        assert_eq!(
            sources.plugins,
            vec![
                PluginSource { path: start.join("../../lib/csf.so"), sha256: Some(pin) },
                PluginSource { path: PathBuf::from("mine.so"), sha256: None }
            ]
        );
        assert!(sources.inputs().any(|input| input == Path::new("mine.so")), "a plugin library is an input");
        let _ = std::fs::remove_dir_all(root);
    }

    #[test]
    fn a_command_line_file_already_listed_is_read_once() {
        let root = scratch("once");
        std::fs::write(root.join(PROJECT_FILE), "frameworks: [std.yaml]\n").expect("project file");
        std::fs::write(root.join("std.yaml"), "framework: {}\n").expect("framework file");
        std::fs::write(root.join("next.yaml"), "framework: {}\n").expect("framework file");
        let same = root.join("team/../std.yaml");
        let next = root.join("next.yaml");
        let sources = Sources::discover(None, &[same, next.clone(), next.clone()], &[], &root).expect("discovered");
        assert_eq!(sources.framework_files, vec![root.join("std.yaml"), next]);
        assert_eq!(sources.project_framework_files, 1);
        let _ = std::fs::remove_dir_all(root);
    }

    #[test]
    fn an_entry_naming_no_file_is_located_at_the_entry() {
        let root = scratch("entries");
        std::fs::write(root.join(PROJECT_FILE), "frameworks:\n  - a.yaml\n   - b.yaml\nplugins:\n  - path: lib.so\n")
            .expect("project file");
        let error = Sources::discover(None, &[], &[], &root).expect_err("a.yaml - b.yaml is not a file");
        let diagnostic = &error.0[0];
        assert_eq!((diagnostic.line, diagnostic.column, diagnostic.field.as_str()), (Some(2), Some(5), "frameworks[0]"));
        assert!(diagnostic.help.contains("own line"), "{}", diagnostic.help);
        std::fs::write(root.join(PROJECT_FILE), "plugins:\n  - path: lib.so\n").expect("project file");
        let sources = Sources::discover(None, &[], &[], &root).expect("a missing library is a warning");
        assert!(sources.plugins.is_empty());
        let warning = &sources.unreadable_plugins[0];
        assert_eq!((warning.line, warning.column, warning.field.as_str()), (Some(2), Some(11), "plugins[0].path"));
        let _ = std::fs::remove_dir_all(root);
    }

    #[test]
    fn a_named_config_wins_and_a_bad_one_is_located() {
        let root = scratch("named");
        std::fs::write(root.join(PROJECT_FILE), "frameworks: [a.yaml]\n").expect("project file");
        std::fs::write(root.join("other.yaml"), "frameworks: [b.yaml]\nplugin: [x]\n").expect("named file");
        let error = Sources::discover(Some(&root.join("other.yaml")), &[], &[], &root).expect_err("unknown key");
        let diagnostic = &error.0[0];
        assert_eq!((diagnostic.line, diagnostic.column, diagnostic.field.as_str()), (Some(2), Some(1), "plugin"));
        let _ = std::fs::remove_dir_all(root);
    }
}
