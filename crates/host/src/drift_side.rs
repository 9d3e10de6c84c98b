//! One side of `crosswalk drift`: a profile (file or folder), a report saved with
//! `crosswalk report --format json` (told apart by its content), or `git:REV:PATH`, the profile
//! as it was at revision REV of the git repository PATH lives in, read through git itself
//! (`rev-parse`, `ls-tree`, `cat-file`): no checkout, no temporary worktree.

use crate::diagnostic::{Diagnostics, FileDiagnostic, SourceFile};
use crate::profile::{check_profile_sources, is_yaml_name, LoadedProfile, NotRead};
use crate::read::{decode, mebibytes, read_text, MAX_FILE_BYTES, MAX_FILE_MIB};
use crate::Registry;
use crosswalk_engine::Report;
use crosswalk_model::yaml::Position;
use crosswalk_model::FieldPath;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The prefix of a side read from git.
const GIT_PREFIX: &str = "git:";

/// A side of a drift comparison, loaded and checked.
#[derive(Debug)]
pub enum Side {
    /// A profile, still to be evaluated as of the run's date.
    Profile(Box<LoadedProfile>),
    /// A saved report, evaluated as of its own date.
    Report(Box<Report>),
}

/// The local path a side names (the PATH of `git:REV:PATH`), so `--output` never replaces it.
pub fn side_path(spec: &str) -> &Path {
    Path::new(spec.strip_prefix(GIT_PREFIX).and_then(|rest| rest.split_once(':')).map_or(spec, |(_, path)| path))
}

/// Loads the side `spec` names: `git:REV:PATH`, or a path to a profile or a saved JSON report.
pub fn load_side(spec: &str, registry: &Registry) -> Result<Side, Diagnostics> {
    if let Some(rest) = spec.strip_prefix(GIT_PREFIX) {
        let (revision, path) =
            rest.split_once(':').filter(|(revision, path)| !revision.is_empty() && !path.is_empty()).ok_or_else(|| {
                Diagnostics::from(FileDiagnostic::without_position(
                    "drift::bad-git-side",
                    spec,
                    "a git side names a revision and a path",
                    "write git:REV:PATH, e.g. git:origin/main:profile or git:HEAD~1:profile.yaml",
                ))
            })?;
        let (folder, sources) = GitTree::open(revision, Path::new(path))?.profile_sources(spec)?;
        return check_profile_sources(folder, sources, registry).map(|loaded| Side::Profile(Box::new(loaded)));
    }
    let path = Path::new(spec);
    if !std::fs::metadata(path).is_ok_and(|metadata| metadata.is_dir()) {
        let source = read_text(path)?;
        if let Some(report) = saved_report(&source)? {
            return Ok(Side::Report(Box::new(report)));
        }
    }
    crate::load_profile_details(path, registry, &[]).map(|loaded| Side::Profile(Box::new(loaded)))
}

/// A JSON object with an `as_of` key is crosswalk's own JSON output, and must be a whole report;
/// anything else is left to the profile loader (whose YAML also reads a JSON profile).
fn saved_report(source: &SourceFile) -> Result<Option<Report>, Diagnostics> {
    let Ok(serde_json::Value::Object(top)) = serde_json::from_str::<serde_json::Value>(&source.text) else { return Ok(None) };
    if !top.contains_key("as_of") {
        return Ok(None);
    }
    let mut reader = serde_json::Deserializer::from_str(&source.text);
    serde_path_to_error::deserialize(&mut reader).map(Some).map_err(|error| {
        let field = field_path(error.path());
        let inner = error.inner();
        let position = position_of(&source.text, inner.line(), inner.column());
        // serde_json ends its message with the position, which the diagnostic already names.
        let message = inner.to_string();
        let message = message.strip_suffix(&format!(" at line {} column {}", inner.line(), inner.column())).unwrap_or(&message);
        FileDiagnostic::at(
            "drift::not-a-report",
            source,
            position,
            &field,
            format!("this JSON is not a saved crosswalk report: {message}"),
            "save a report with `crosswalk report PROFILE --format json --output FILE` (the output of other commands cannot be compared)",
        )
        .into()
    })
}

/// serde_path_to_error's path in the model's field-path terms.
fn field_path(path: &serde_path_to_error::Path) -> FieldPath {
    path.iter().fold(FieldPath::root(), |field, segment| match segment {
        serde_path_to_error::Segment::Seq { index } => field.index(*index),
        serde_path_to_error::Segment::Map { key } => field.key(key),
        serde_path_to_error::Segment::Enum { variant } => field.key(variant),
        serde_path_to_error::Segment::Unknown => field,
    })
}

/// serde_json's 1-based line and column as a position in `text`.
fn position_of(text: &str, line: usize, column: usize) -> Option<Position> {
    let line_start: usize = text.split_inclusive('\n').take(line.checked_sub(1)?).map(str::len).sum();
    let offset = (line_start + column.saturating_sub(1)).min(text.len());
    let offset = (0..=offset).rev().find(|&at| text.is_char_boundary(at)).unwrap_or(0);
    Some(Position { line, column: column.max(1), offset, length: 0 })
}

/// A revision of the repository a path lives in.
struct GitTree {
    /// The repository's top level, where every git command runs.
    top: PathBuf,
    revision: String,
    commit: String,
    /// The path from the top level, `/`-separated; empty for the top level itself.
    relative: String,
}

/// One entry of `git ls-tree -l`.
struct Entry {
    kind: String,
    object: String,
    size: Option<u64>,
    name: String,
}

impl GitTree {
    fn open(revision: &str, path: &Path) -> Result<Self, Diagnostics> {
        let side = format!("{GIT_PREFIX}{revision}:{}", path.display());
        if revision.starts_with('-') {
            return Err(FileDiagnostic::without_position(
                "drift::bad-revision",
                &side,
                format!("`{revision}` is not a revision"),
                "name a commit, branch or tag, e.g. origin/main or HEAD~1",
            )
            .into());
        }
        // PATH may be gone from the working tree now; git is asked from its nearest existing
        // ancestor, and the missing part is looked up at the revision.
        let mut existing = path.to_path_buf();
        let mut missing = Vec::new();
        while !existing.as_os_str().is_empty() && std::fs::symlink_metadata(&existing).is_err() {
            missing.extend(existing.file_name().map(|name| name.to_string_lossy().into_owned()));
            existing.pop();
        }
        if existing.as_os_str().is_empty() {
            existing = PathBuf::from(".");
        }
        let canonical = existing.canonicalize().map_err(|error| {
            Diagnostics::from(FileDiagnostic::without_position(
                "drift::git-path",
                &side,
                format!("cannot resolve {}: {error}", existing.display()),
                "",
            ))
        })?;
        let folder =
            if canonical.is_dir() { canonical.clone() } else { canonical.parent().map_or_else(|| canonical.clone(), Path::to_path_buf) };
        let top = git(&folder, &["rev-parse", "--show-toplevel"]).map_err(|error| {
            Diagnostics::from(FileDiagnostic::without_position(
                "drift::not-a-repository",
                &side,
                format!("{} is not inside a git repository: {error}", path.display()),
                "a git side reads the profile from the repository its PATH lives in; run it inside a clone",
            ))
        })?;
        let top = PathBuf::from(String::from_utf8_lossy(&top).trim_end_matches('\n')).canonicalize().map_err(|error| {
            Diagnostics::from(FileDiagnostic::without_position(
                "drift::git-path",
                &side,
                format!("cannot resolve the repository: {error}"),
                "",
            ))
        })?;
        let mut relative: Vec<String> = canonical
            .strip_prefix(&top)
            .unwrap_or(Path::new(""))
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        relative.extend(missing.into_iter().rev());
        let commit = git(&top, &["rev-parse", "--verify", "--quiet", "--end-of-options", &format!("{revision}^{{commit}}")]).map_err(|_| {
            Diagnostics::from(FileDiagnostic::without_position(
                "drift::unknown-revision",
                &side,
                format!("revision `{revision}` does not exist in the repository at {}", top.display()),
                "name a commit, branch or tag of that repository (`git log --oneline`); a CI clone may need `fetch-depth: 0` or `git fetch origin main`",
            ))
        })?;
        let commit = String::from_utf8_lossy(&commit).trim().to_owned();
        Ok(Self { top, revision: revision.to_owned(), commit, relative: relative.join("/") })
    }

    /// The profile's files at the revision: the file PATH names, or the `*.yaml`/`*.yml`
    /// entries of the folder it names (the folder rules of a profile on disk), in name order.
    fn profile_sources(&self, side: &str) -> Result<(Option<String>, Vec<SourceFile>), Diagnostics> {
        let missing = || {
            Diagnostics::from(FileDiagnostic::without_position(
                "drift::not-at-revision",
                side,
                format!("`{}` does not exist at revision `{}` of {}", self.relative_shown(), self.revision, self.top.display()),
                format!("list what the revision holds with `git ls-tree --name-only {} -- {}`", self.revision, self.parent_shown()),
            ))
        };
        let target = if self.relative.is_empty() {
            Entry { kind: "tree".to_owned(), object: format!("{}^{{tree}}", self.commit), size: None, name: String::new() }
        } else {
            self.list(&[&self.commit, "--", &self.relative], side)?
                .into_iter()
                .find(|entry| entry.name == self.relative)
                .ok_or_else(missing)?
        };
        match target.kind.as_str() {
            "blob" => Ok((None, vec![self.read_blob(&target, side.to_owned(), side)?])),
            "tree" => {
                let mut not_read = NotRead::default();
                let mut files = Vec::new();
                for entry in self.list(&[&target.object], side)? {
                    if entry.name.starts_with('.') {
                        not_read.hidden.push(entry.name);
                    } else if entry.kind == "tree" || entry.kind == "commit" {
                        not_read.subfolders.push(entry.name);
                    } else if entry.kind == "blob" && is_yaml_name(Path::new(&entry.name)) {
                        files.push(entry);
                    } else {
                        not_read.other_files.push(entry.name);
                    }
                }
                if files.is_empty() {
                    let ignored = if not_read.is_empty() { String::new() } else { format!(" ({})", not_read.summary()) };
                    return Err(FileDiagnostic::without_position(
                        "profile::empty-folder",
                        side,
                        format!("the folder holds no .yaml or .yml file at revision `{}`{ignored}", self.revision),
                        "a profile is one YAML file or a folder of them; hidden entries, subfolders and other files are not read",
                    )
                    .into());
                }
                let total: u64 = files.iter().filter_map(|entry| entry.size).sum();
                if total > MAX_FILE_BYTES {
                    return Err(FileDiagnostic::without_position(
                        "io::read",
                        side,
                        format!("cannot read: the folder's YAML files are {}, over the limit of {MAX_FILE_MIB} MiB", mebibytes(total)),
                        format!("a profile, one file or a folder of them, holds at most {MAX_FILE_MIB} MiB (see docs/profile.md)"),
                    )
                    .into());
                }
                files.sort_by(|a, b| a.name.cmp(&b.name));
                let sources = files
                    .iter()
                    .map(|entry| self.read_blob(entry, format!("{}/{}", side.trim_end_matches('/'), entry.name), side))
                    .collect::<Result<Vec<_>, _>>()?;
                Ok((Some(side.to_owned()), sources))
            }
            _ => Err(missing()),
        }
    }

    fn relative_shown(&self) -> &str {
        if self.relative.is_empty() {
            "."
        } else {
            &self.relative
        }
    }

    fn parent_shown(&self) -> String {
        match self.relative.rsplit_once('/') {
            Some((parent, _)) => format!("{parent}/"),
            None => ".".to_owned(),
        }
    }

    /// `git ls-tree -l -z` of `arguments`.
    fn list(&self, arguments: &[&str], side: &str) -> Result<Vec<Entry>, Diagnostics> {
        let mut command = vec!["ls-tree", "-l", "-z"];
        command.extend_from_slice(arguments);
        let listing = git(&self.top, &command).map_err(|error| self.failed(side, &error))?;
        Ok(listing
            .split(|byte| *byte == 0)
            .filter(|record| !record.is_empty())
            .filter_map(|record| {
                let record = String::from_utf8_lossy(record);
                let (meta, name) = record.split_once('\t')?;
                let mut fields = meta.split_whitespace().skip(1);
                let (kind, object, size) = (fields.next()?, fields.next()?, fields.next()?);
                Some(Entry { kind: kind.to_owned(), object: object.to_owned(), size: size.parse().ok(), name: name.to_owned() })
            })
            .collect())
    }

    fn read_blob(&self, entry: &Entry, name: String, side: &str) -> Result<SourceFile, Diagnostics> {
        if entry.size.is_some_and(|size| size > MAX_FILE_BYTES) {
            return Err(FileDiagnostic::without_position(
                "io::read",
                &name,
                format!("cannot read: the file is {}, over the limit of {MAX_FILE_MIB} MiB", mebibytes(entry.size.unwrap_or_default())),
                format!("crosswalk reads files of at most {MAX_FILE_MIB} MiB (see docs/profile.md)"),
            )
            .into());
        }
        let bytes = git(&self.top, &["cat-file", "blob", &entry.object]).map_err(|error| self.failed(side, &error))?;
        decode(name, bytes)
    }

    fn failed(&self, side: &str, error: &str) -> Diagnostics {
        FileDiagnostic::without_position(
            "drift::git",
            side,
            format!("git could not read revision `{}` of {}: {error}", self.revision, self.top.display()),
            "check the repository with `git status` and `git log`",
        )
        .into()
    }
}

/// Runs git in `folder`, returning its standard output, or what it said on failure.
fn git(folder: &Path, arguments: &[&str]) -> Result<Vec<u8>, String> {
    let output = Command::new("git").arg("-C").arg(folder).args(arguments).output().map_err(|error| match error.kind() {
        std::io::ErrorKind::NotFound => "git is not installed (a git side needs it on the PATH)".to_owned(),
        _ => format!("cannot run git: {error}"),
    })?;
    if output.status.success() {
        Ok(output.stdout)
    } else {
        let said = String::from_utf8_lossy(&output.stderr).trim().to_owned();
        Err(if said.is_empty() { format!("git exited with {}", output.status) } else { said })
    }
}
