//! Reading the user's files so that nothing can hang or exhaust memory: only regular files
//! (symbolic links are followed and judged by what they lead to), at most [`MAX_FILE_MIB`] MiB,
//! as UTF-8. Every refusal names the file, says why, and gives the hint for that reason.

use crate::diagnostic::{Diagnostics, FileDiagnostic, SourceFile};
use crosswalk_model::yaml::Position;
use crosswalk_model::FieldPath;
use std::fs::{File, Metadata};
use std::io::{self, ErrorKind, Read};
use std::path::Path;

/// The most a file may hold, in MiB; a profile folder's files together are held to it as well.
pub const MAX_FILE_MIB: u64 = 64;
/// [`MAX_FILE_MIB`] in bytes.
pub const MAX_FILE_BYTES: u64 = MAX_FILE_MIB * 1024 * 1024;

/// Why a file was not read: what to say after "cannot read: ", and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Unreadable {
    pub message: String,
    pub help: String,
}

impl Unreadable {
    fn new(message: impl Into<String>, help: impl Into<String>) -> Self {
        Self { message: message.into(), help: help.into() }
    }

    pub(crate) fn diagnostic(&self, file: &str) -> FileDiagnostic {
        FileDiagnostic::without_position("io::read", file, format!("cannot read: {}", self.message), self.help.clone())
    }
}

/// What reading a file gave: its bytes, or, past the limit, its size when known (a file that
/// grows while it is read has none).
pub(crate) enum Contents {
    Bytes(Vec<u8>),
    TooLarge(Option<u64>),
}

/// Reads a text file (a profile, a framework catalog, a hub), or says which file could not be
/// read and why.
pub fn read_text(path: &Path) -> Result<SourceFile, Diagnostics> {
    let name = path.display().to_string();
    match read_bytes(path, MAX_FILE_BYTES) {
        Ok(Contents::Bytes(bytes)) => decode(name, bytes),
        Ok(Contents::TooLarge(size)) => Err(too_large(size).diagnostic(&name).into()),
        Err(unreadable) => Err(unreadable.diagnostic(&name).into()),
    }
}

pub(crate) fn too_large(size: Option<u64>) -> Unreadable {
    let size = match size {
        Some(size) => format!("the file is {}", mebibytes(size)),
        None => "the file grew while it was read".to_owned(),
    };
    Unreadable::new(
        format!("{size}, over the limit of {MAX_FILE_MIB} MiB"),
        format!(
            "crosswalk reads files of at most {MAX_FILE_MIB} MiB (see docs/profile.md); a profile that large is almost certainly \
             not the file you meant, or split it into a folder of files"
        ),
    )
}

/// `65.0 MiB`.
pub(crate) fn mebibytes(size: u64) -> String {
    let mib = size as f64 / (1024.0 * 1024.0);
    format!("{mib:.1} MiB")
}

/// The bytes of the regular file at `path`, at most `limit` of them. The file's kind is checked
/// after following symbolic links and before opening it (a FIFO would block the open, a device
/// never ends), and again on the opened file in case the path changed in between (the open does
/// not block, see [`open`]); the read is bounded, so a file that grows meanwhile cannot pass the
/// limit either.
pub(crate) fn read_bytes(path: &Path, limit: u64) -> Result<Contents, Unreadable> {
    let metadata = std::fs::metadata(path).map_err(|error| why_unreadable(path, &error))?;
    regular(&metadata)?;
    if metadata.len() > limit {
        return Ok(Contents::TooLarge(Some(metadata.len())));
    }
    let file = open(path).map_err(|error| why_unreadable(path, &error))?;
    regular(&file.metadata().map_err(|error| io_reason(&error))?)?;
    let capacity = usize::try_from(metadata.len()).unwrap_or(0);
    match read_bounded(file, limit, capacity).map_err(|error| io_reason(&error))? {
        Some(bytes) => Ok(Contents::Bytes(bytes)),
        None => Ok(Contents::TooLarge(None)),
    }
}

/// Opens for reading. On Unix without blocking: if the path became a FIFO after it was looked
/// at, the open returns at once (and the check of the opened file refuses it) instead of waiting
/// for a writer. Reading a regular file is unaffected.
fn open(path: &Path) -> io::Result<File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(&mut options, libc::O_NONBLOCK);
    options.open(path)
}

/// Reads at most `limit` bytes; `None` when there is more.
pub(crate) fn read_bounded(reader: impl Read, limit: u64, capacity: usize) -> io::Result<Option<Vec<u8>>> {
    let mut bytes = Vec::with_capacity(capacity.min(usize::try_from(limit).unwrap_or(usize::MAX)));
    reader.take(limit.saturating_add(1)).read_to_end(&mut bytes)?;
    Ok((bytes.len() as u64 <= limit).then_some(bytes))
}

/// Refuses whatever is not a regular file, naming what it is.
pub(crate) fn regular(metadata: &Metadata) -> Result<(), Unreadable> {
    let file_type = metadata.file_type();
    if file_type.is_file() {
        return Ok(());
    }
    if file_type.is_dir() {
        return Err(Unreadable::new(
            "a folder, not a file",
            "a profile folder is read one level deep: move the files of this folder up, or rename it so its name does not end in .yaml or .yml",
        ));
    }
    Err(Unreadable::new(
        format!("not a regular file ({})", special_kind(metadata)),
        "crosswalk reads regular files only, so it never waits on a pipe or reads a device without end: save the YAML to a file and pass that",
    ))
}

#[cfg(unix)]
fn special_kind(metadata: &Metadata) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    let file_type = metadata.file_type();
    if file_type.is_fifo() {
        "a FIFO, also called a named pipe"
    } else if file_type.is_char_device() {
        "a character device"
    } else if file_type.is_block_device() {
        "a block device"
    } else if file_type.is_socket() {
        "a socket"
    } else {
        "a special file"
    }
}

#[cfg(not(unix))]
fn special_kind(_: &Metadata) -> &'static str {
    "a special file"
}

/// Why `path` could not be looked at or opened: a dangling link and a loop of links are named as
/// such, everything else by its error kind.
pub(crate) fn why_unreadable(path: &Path, error: &io::Error) -> Unreadable {
    let is_link = std::fs::symlink_metadata(path).is_ok_and(|metadata| metadata.file_type().is_symlink());
    if is_link && is_link_loop(error) {
        return Unreadable::new("a loop of symbolic links", "the link leads back to itself: point it at the YAML file, or remove it");
    }
    if is_link && error.kind() == ErrorKind::NotFound {
        let target = std::fs::read_link(path).map(|target| target.display().to_string()).unwrap_or_default();
        return Unreadable::new(
            format!("a symbolic link to `{target}`, which does not exist"),
            "the link is dangling: point it at the YAML file, or remove it",
        );
    }
    io_reason(error)
}

/// The symbolic-link loop error (`ELOOP`), whose `ErrorKind` is not stable yet.
fn is_link_loop(error: &io::Error) -> bool {
    #[cfg(unix)]
    return error.raw_os_error() == Some(libc::ELOOP);
    #[cfg(not(unix))]
    return false;
}

/// The reason given for a path that does not exist.
pub(crate) const NOT_FOUND: &str = "no such file or folder";

/// A plain reason and the hint that fits it, by the error's kind.
pub(crate) fn io_reason(error: &io::Error) -> Unreadable {
    let (message, help) = match error.kind() {
        ErrorKind::NotFound => (NOT_FOUND.to_owned(), "check the path; a profile is a YAML file or a folder of them"),
        ErrorKind::PermissionDenied => {
            ("permission denied".to_owned(), "crosswalk needs read permission on the file and on the folders leading to it")
        }
        ErrorKind::OutOfMemory => (
            "out of memory".to_owned(),
            "there was not enough memory to read the file; close other programs or check the file is the one you meant",
        ),
        ErrorKind::IsADirectory => ("a folder, not a file".to_owned(), "pass the folder itself as a profile, or one YAML file in it"),
        ErrorKind::NotADirectory => ("a part of the path is a file, not a folder".to_owned(), "check the path"),
        ErrorKind::Interrupted | ErrorKind::WouldBlock | ErrorKind::TimedOut => {
            ("the read was interrupted".to_owned(), "run the command again; for a network drive, check the connection")
        }
        ErrorKind::InvalidInput => ("the path is not valid here".to_owned(), "check the path"),
        _ => (error.to_string(), "check that the path names a readable, regular YAML file"),
    };
    Unreadable::new(message, help)
}

/// The text of a file, or the line and column of its first byte that is not UTF-8.
pub(crate) fn decode(name: String, bytes: Vec<u8>) -> Result<SourceFile, Diagnostics> {
    let error = match String::from_utf8(bytes) {
        Ok(text) => return Ok(SourceFile::new(name, text)),
        Err(error) => error,
    };
    let valid = error.utf8_error().valid_up_to();
    let bytes = error.into_bytes();
    let prefix = String::from_utf8_lossy(&bytes[..valid]);
    let line_start = prefix.rfind('\n').map_or(0, |newline| newline + 1);
    let line = prefix.matches('\n').count() + 1;
    let column = prefix[line_start..].chars().count() + 1;
    let byte = bytes[valid];
    let utf16 = bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]);
    // The prefix is unchanged by the lossy conversion, so the offset still points at the byte.
    let source = SourceFile::new(name, String::from_utf8_lossy(&bytes).into_owned());
    let position = Position { line, column, offset: valid, length: char::REPLACEMENT_CHARACTER.len_utf8() };
    let help = if utf16 {
        "the file looks like UTF-16 (it starts with a byte order mark): save it as UTF-8"
    } else {
        "save the file as UTF-8; a byte like this usually comes from a Latin-1 or Windows-1252 text (`é` is 0xE9 there)"
    };
    Err(FileDiagnostic::at(
        "io::not-utf8",
        &source,
        Some(position),
        &FieldPath::root(),
        format!("not UTF-8 text: the byte 0x{byte:02X} here is not valid UTF-8"),
        help,
    )
    .into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reader_longer_than_the_limit_is_cut_off_at_the_limit() {
        assert_eq!(read_bounded(&b"12345"[..], 5, 0).expect("reads"), Some(b"12345".to_vec()));
        assert_eq!(read_bounded(&b"123456"[..], 5, 0).expect("reads"), None);
        // A source without end (a file that keeps growing) stops at the limit too.
        assert_eq!(read_bounded(io::repeat(b'a'), 1024, 0).expect("reads"), None);
    }

    #[test]
    fn every_error_kind_gets_its_own_reason_and_hint() {
        let reason = io_reason(&io::Error::from(ErrorKind::OutOfMemory));
        assert_eq!(reason.message, "out of memory");
        assert!(!reason.help.contains("permission"), "{}", reason.help);
        let reason = io_reason(&io::Error::from(ErrorKind::PermissionDenied));
        assert!(reason.help.contains("permission"), "{}", reason.help);
        let reason = io_reason(&io::Error::from(ErrorKind::NotFound));
        assert!(reason.help.contains("check the path"), "{}", reason.help);
        let reason = io_reason(&io::Error::from(ErrorKind::Interrupted));
        assert!(reason.help.contains("again"), "{}", reason.help);
    }

    #[test]
    fn invalid_utf8_is_located_at_its_first_bad_byte() {
        let diagnostic = decode("f.yaml".to_owned(), b"a: 1\nname: Caf\xE9 au lait\n".to_vec()).expect_err("not UTF-8");
        let [only] = diagnostic.0.as_slice() else { panic!("one problem") };
        assert_eq!((only.line, only.column), (Some(2), Some(10)));
        assert_eq!(only.code, "io::not-utf8");
        assert!(only.message.contains("0xE9"), "{}", only.message);
        // Columns count characters, as the YAML positions do.
        let diagnostic = decode("f.yaml".to_owned(), "é: \u{2014}".bytes().chain([0xFF]).collect()).expect_err("not UTF-8");
        assert_eq!((diagnostic.0[0].line, diagnostic.0[0].column), (Some(1), Some(5)));
    }

    #[test]
    fn sizes_are_shown_in_mebibytes() {
        assert_eq!(mebibytes(65 * 1024 * 1024), "65.0 MiB");
        assert!(too_large(Some(MAX_FILE_BYTES + 1)).help.contains("64 MiB"));
    }
}
