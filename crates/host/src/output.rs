//! Where `--output` lands: never over an input; a regular file replaced atomically with its
//! permission bits kept (a new one follows the umask); a special file (FIFO, device) written
//! through; a symlink followed to its target, which is replaced while the link stays.

use crate::{Diagnostics, FileDiagnostic};
use std::fs::{File, OpenOptions, Permissions};
use std::io::{self, ErrorKind, Write};
use std::path::{Path, PathBuf};

const HELP_ELSEWHERE: &str = "write the output somewhere else (another --output path), or leave out --output to print on standard output";

/// Refuses an output that would write over one of the run's inputs: the same file under any
/// name (compared after following symlinks and canonicalizing), or any path inside an input
/// folder, whose files the next run would read. An input that cannot be resolved is left to the
/// reader to report.
pub fn refuse_input_as_output(output: &Path, inputs: &[&Path]) -> Result<(), Diagnostics> {
    let Ok(written) = destination(output) else { return Ok(()) };
    for input in inputs {
        let Ok(read) = std::fs::canonicalize(input) else { continue };
        let message = if read.is_dir() {
            if !written.starts_with(&read) {
                continue;
            }
            format!("--output is inside the input folder `{}`, whose files the next run would read", input.display())
        } else {
            if written != read {
                continue;
            }
            format!("--output is the input `{}`: writing there would replace it", input.display())
        };
        return Err(FileDiagnostic::without_position("io::output-is-input", &output.display().to_string(), message, HELP_ELSEWHERE).into());
    }
    Ok(())
}

/// Writes `contents` to a new file at `path` through [`write_output`], refusing anything already
/// there (a file, a link, a FIFO) and leaving it as it is: for files a person edits next
/// (`crosswalk framework new`).
pub fn write_new_output(path: &Path, contents: &[u8]) -> Result<(), Diagnostics> {
    if std::fs::symlink_metadata(path).is_ok() {
        let name = path.display().to_string();
        return Err(FileDiagnostic::without_position(
            "io::output-exists",
            &name,
            format!("`{name}` already exists: this command never overwrites a file"),
            "move it away, or name another file with --output FILE",
        )
        .into());
    }
    write_output(path, contents)
}

/// Writes `contents` to `path`. A regular file (or a new one) is replaced atomically through a
/// temporary file in the same folder and a rename, so readers see the old file or the whole new
/// one, never a part, and a failed run leaves no file behind; the replacement keeps the old
/// file's permission bits, and a new file gets 0666 less the umask. A symlink is followed and
/// its target replaced, the link kept. A FIFO or a device is written through, not atomically
/// (that is what writing to one means); a reader closing a FIFO early is a normal end, as a
/// closed pipe on standard output is.
pub fn write_output(path: &Path, contents: &[u8]) -> Result<(), Diagnostics> {
    let name = path.display().to_string();
    let fail = |error: io::Error, help: &str| -> Diagnostics {
        FileDiagnostic::without_position("io::write", &name, format!("cannot write: {error}"), help).into()
    };
    const HELP_FOLDER: &str = "check that the folder exists and is writable";
    let target = destination(path).map_err(|error| fail(error, HELP_FOLDER))?;
    match std::fs::metadata(&target) {
        Ok(metadata) if metadata.is_dir() => Err(FileDiagnostic::without_position(
            "io::write",
            &name,
            "cannot write: it is a folder",
            "name a file, e.g. --output FOLDER/report.md",
        )
        .into()),
        Ok(metadata) if metadata.is_file() => {
            replace_atomically(&target, contents, Some(metadata.permissions())).map_err(|error| fail(error, HELP_FOLDER))
        }
        Ok(_) => write_through(&target, contents)
            .map_err(|error| fail(error, "a FIFO or device is written through: check that it accepts writes")),
        Err(error) if error.kind() == ErrorKind::NotFound => {
            replace_atomically(&target, contents, None).map_err(|error| fail(error, HELP_FOLDER))
        }
        Err(error) => Err(fail(error, HELP_FOLDER)),
    }
}

/// The folder a path's last component lives in.
fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    }
}

/// The file a write to `path` lands in, canonical: symlinks followed to their final target,
/// which may not exist yet (then its folder must).
fn destination(path: &Path) -> io::Result<PathBuf> {
    let mut current = path.to_path_buf();
    // Linux's own limit on a chain of symlinks.
    for _ in 0..40 {
        match std::fs::symlink_metadata(&current) {
            Ok(metadata) if metadata.file_type().is_symlink() => {
                // A relative target is relative to the link's folder; an absolute one replaces it.
                current = folder_of(&current).join(std::fs::read_link(&current)?);
            }
            Ok(_) => return std::fs::canonicalize(&current),
            Err(error) if error.kind() == ErrorKind::NotFound => {
                let name = current.file_name().ok_or_else(|| io::Error::new(ErrorKind::InvalidInput, "not a file name"))?;
                return Ok(std::fs::canonicalize(folder_of(&current))?.join(name));
            }
            Err(error) => return Err(error),
        }
    }
    Err(io::Error::other("too many levels of symbolic links"))
}

/// Writes into an existing special file, as a shell's `>` does.
fn write_through(target: &Path, contents: &[u8]) -> io::Result<()> {
    let mut file = OpenOptions::new().write(true).open(target)?;
    match file.write_all(contents).and_then(|()| file.flush()) {
        Err(error) if error.kind() == ErrorKind::BrokenPipe => Ok(()),
        result => result,
    }
}

/// Replaces (or creates) the regular file `target` through a temporary file and a rename.
fn replace_atomically(target: &Path, contents: &[u8], permissions: Option<Permissions>) -> io::Result<()> {
    let (temporary, file) = create_temporary(folder_of(target))?;
    let result = fill(file, contents, permissions).and_then(|()| std::fs::rename(&temporary, target));
    if result.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    result
}

fn fill(mut file: File, contents: &[u8], permissions: Option<Permissions>) -> io::Result<()> {
    file.write_all(contents)?;
    if let Some(permissions) = permissions {
        file.set_permissions(permissions)?;
    }
    file.sync_all()
}

/// A new, empty file with a unique name in `folder`. std creates it with mode 0666 less the
/// umask, as any new file; `create_new` never opens an existing file or follows a symlink.
fn create_temporary(folder: &Path) -> io::Result<(PathBuf, File)> {
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |elapsed| elapsed.subsec_nanos());
    for attempt in 0..100u32 {
        let path = folder.join(format!(".crosswalk-output.{}.{nanos}.{attempt}.tmp", std::process::id()));
        match OpenOptions::new().write(true).create_new(true).open(&path) {
            Ok(file) => return Ok((path, file)),
            Err(error) if error.kind() == ErrorKind::AlreadyExists => continue,
            Err(error) => return Err(error),
        }
    }
    Err(io::Error::new(ErrorKind::AlreadyExists, "no free name for a temporary file"))
}
