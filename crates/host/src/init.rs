//! `crosswalk init`: writes a starter profile into a folder, never over an existing file.

use crate::{Diagnostics, FileDiagnostic};
use std::io::{ErrorKind, Write};
use std::path::{Path, PathBuf};

/// The file `init` writes inside its folder.
pub const STARTER_FILE: &str = "profile.yaml";

/// Writes `text` to `dir/profile.yaml`, creating `dir` if missing. An existing file (or
/// anything else at that path) is refused and left as it is; returns the path written.
pub fn init_profile(dir: &Path, text: &str) -> Result<PathBuf, Diagnostics> {
    let path = dir.join(STARTER_FILE);
    let name = path.display().to_string();
    let failed = |error: std::io::Error| -> Diagnostics {
        FileDiagnostic::without_position("io::init", &name, format!("cannot write the starter profile: {error}"), "").into()
    };
    std::fs::create_dir_all(dir).map_err(failed)?;
    let mut file = match std::fs::OpenOptions::new().write(true).create_new(true).open(&path) {
        Err(error) if error.kind() == ErrorKind::AlreadyExists => {
            return Err(FileDiagnostic::without_position(
                "io::init-exists",
                &name,
                format!("`{name}` already exists: init never overwrites a file"),
                "move it away, or run `crosswalk init` with another folder",
            )
            .into())
        }
        Err(error) => return Err(failed(error)),
        Ok(file) => file,
    };
    file.write_all(text.as_bytes()).and_then(|()| file.sync_all()).map_err(failed)?;
    Ok(path)
}
