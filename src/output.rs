//! Writing the rendered site to disk, atomically.
//!
//! The whole site is written to a hidden sibling of the target
//! (`.public.tmp-<pid>`), then swapped in. On Linux the swap is one
//! `renameat2(RENAME_EXCHANGE)`: at every moment `public/` is either the
//! whole previous site or the whole new one, so a web server serving it
//! during a build never misses a file. Elsewhere (and on file systems that
//! cannot exchange) it is two renames, `public/` to `.public.old-<pid>` and
//! the staging folder to `public/`, with a moment in between without
//! `public/`. The previous site is removed only after the new one is in
//! place; if that fails the build still succeeds and says where the rest of
//! the old copy is.
//!
//! A build that fails, or is interrupted while writing, leaves the previous
//! output as it was; files from earlier builds never linger because every
//! build starts from an empty folder. A build that was killed leaves its
//! staging folder behind: [`tidy`], run at the start of every build,
//! removes the staging and old folders of processes that are no longer
//! running (never those of a live build), and puts a previous site back
//! when a build was killed between the two renames of the fallback swap.
//! [`Staging`] takes files as they are made (from every core, in any
//! order), so a build never holds the whole site in memory.
//!
//! Two environment variables exist for the tests of all this and are not
//! meant for users: `VERGELIJK_PAUSE_AT` (`before-write`, `writing` or
//! `swap`) makes the build stop at that moment and wait to be killed, and
//! `VERGELIJK_SWAP=two-step` forces the fallback swap.

use std::collections::HashSet;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::Error;
pub use tidy::tidy;
use tidy::{cause, claim, live};

mod tidy;

fn io_err(path: &Path) -> impl FnOnce(io::Error) -> Error {
    Error::io(path)
}

/// Refuses output folders that would destroy the site's sources.
pub fn check_target(output: &Path, protected: &[&Path]) -> Result<(), Error> {
    let out = absolute(output);
    for p in protected {
        let p = absolute(p);
        if p.starts_with(&out) {
            return Err(Error::Refused(format!(
                "refusing to write the site to {}: it contains {}, which would be deleted",
                output.display(),
                p.display()
            )));
        }
    }
    if output.exists() && !output.is_dir() {
        return Err(Error::Refused(format!(
            "{} exists and is not a folder",
            output.display()
        )));
    }
    Ok(())
}

fn absolute(p: &Path) -> PathBuf {
    std::fs::canonicalize(p)
        .or_else(|_| std::path::absolute(p))
        .unwrap_or_else(|_| p.to_path_buf())
}

/// What writing the output did besides writing it, for the user.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// What was done, worth a line under `--verbose`.
    pub notes: Vec<String>,
    /// What the user should look at; the build still succeeded.
    pub warnings: Vec<String>,
}

impl Report {
    /// Adds what `other` says.
    pub fn extend(&mut self, other: Report) {
        self.notes.extend(other.notes);
        self.warnings.extend(other.warnings);
    }
}

/// The folder the output lives in, and the output's own name.
fn parent_and_name(output: &Path) -> (PathBuf, String) {
    let parent = match output.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = output
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    (parent, name)
}

/// A moment at which the tests can make a build wait to be killed.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Moment {
    BeforeWrite,
    Writing,
    Swap,
}

/// Waits to be killed when `VERGELIJK_PAUSE_AT` names this moment (a hook
/// for the tests; see the module documentation).
fn pause_at(moment: Moment) {
    static AT: std::sync::OnceLock<Option<(Moment, &'static str)>> = std::sync::OnceLock::new();
    let at = AT.get_or_init(|| {
        let v = std::env::var("VERGELIJK_PAUSE_AT").ok()?;
        let m = match v.as_str() {
            "before-write" => (Moment::BeforeWrite, "before-write"),
            "writing" => (Moment::Writing, "writing"),
            "swap" => (Moment::Swap, "swap"),
            _ => return None,
        };
        Some(m)
    });
    if let Some((m, name)) = at
        && *m == moment
    {
        eprintln!("vergelijk: paused at {name} (VERGELIJK_PAUSE_AT)");
        loop {
            std::thread::sleep(std::time::Duration::from_secs(3600));
        }
    }
}

/// A site being written: files go into a hidden folder next to the output
/// as they come; [`Staging::commit`] swaps it in. Dropped without a commit
/// (a failed build), it removes what it wrote and the output stays as it
/// was.
pub struct Staging {
    dir: PathBuf,
    output: PathBuf,
    retired: PathBuf,
    /// Folders made so far, relative to `dir`, so each is made once.
    folders: Mutex<HashSet<String>>,
    /// Files written so far.
    written: AtomicUsize,
    committed: bool,
}

impl Staging {
    /// Starts an empty staging folder for `output`.
    pub fn new(output: &Path) -> Result<Staging, Error> {
        let (parent, name) = parent_and_name(output);
        std::fs::create_dir_all(&parent).map_err(io_err(&parent))?;
        let staging = Staging {
            dir: claim(&parent, &name, "tmp"),
            retired: claim(&parent, &name, "old"),
            output: output.to_path_buf(),
            folders: Mutex::new(HashSet::new()),
            written: AtomicUsize::new(0),
            committed: false,
        };
        std::fs::create_dir_all(&staging.dir).map_err(io_err(&staging.dir))?;
        pause_at(Moment::BeforeWrite);
        Ok(staging)
    }

    /// Writes one file (`rel`: a `/`-separated path inside the site),
    /// making its folder first if needed. Safe to call from many threads.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), Error> {
        let path = self.path(rel)?;
        std::fs::write(&path, bytes).map_err(io_err(&path))?;
        self.wrote();
        Ok(())
    }

    /// Writes one file that `write` produces piece by piece, through a
    /// buffer: the file is never whole in memory.
    pub fn stream(
        &self,
        rel: &str,
        write: &dyn Fn(&mut dyn io::Write) -> io::Result<()>,
    ) -> Result<(), Error> {
        use io::Write;
        let path = self.path(rel)?;
        let file = std::fs::File::create(&path).map_err(io_err(&path))?;
        let mut out = io::BufWriter::with_capacity(1 << 16, file);
        write(&mut out)
            .and_then(|()| out.flush())
            .map_err(io_err(&path))?;
        self.wrote();
        Ok(())
    }

    fn wrote(&self) {
        if self.written.fetch_add(1, Ordering::Relaxed) == 0 {
            pause_at(Moment::Writing);
        }
    }

    /// Where `rel` goes, after making its folder if needed.
    fn path(&self, rel: &str) -> Result<PathBuf, Error> {
        if let Some((folder, _)) = rel.rsplit_once('/') {
            // Made under the lock: another thread must not write into a
            // folder that is listed but not made yet.
            let mut made = self.folders.lock().unwrap_or_else(|e| e.into_inner());
            if !made.contains(folder) {
                let path = self.dir.join(folder);
                std::fs::create_dir_all(&path).map_err(io_err(&path))?;
                made.insert(folder.to_string());
            }
        }
        Ok(self.dir.join(rel))
    }

    /// Puts the written site in place of the output. Either the new site
    /// is in place (`Ok`, with a warning if the previous one could not be
    /// removed entirely) or the output is as it was (`Err`).
    pub fn commit(mut self) -> Result<Report, Error> {
        self.committed = true;
        match swap(&self.dir, &self.output, &self.retired) {
            Ok(old) => Ok(old.map_or_else(Report::default, |old| {
                retire(&old, &self.retired, &self.output)
            })),
            Err(e) => {
                let _ = remove_tree(&self.dir);
                Err(e)
            }
        }
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = remove_tree(&self.dir);
        }
        live().retain(|d| d != &self.dir && d != &self.retired);
    }
}

/// Removes a folder and everything in it, subfolders on every core.
fn remove_tree(dir: &Path) -> Result<(), Error> {
    use rayon::prelude::*;
    let meta = std::fs::symlink_metadata(dir).map_err(io_err(dir))?;
    if !meta.is_dir() {
        return std::fs::remove_file(dir).map_err(io_err(dir));
    }
    let entries: Vec<std::fs::DirEntry> = std::fs::read_dir(dir)
        .map_err(io_err(dir))?
        .collect::<Result<_, _>>()
        .map_err(io_err(dir))?;
    let removed: Vec<Result<(), Error>> = entries
        .par_iter()
        .map(|e| {
            let path = e.path();
            match e.file_type() {
                Ok(t) if t.is_dir() => remove_tree(&path),
                _ => std::fs::remove_file(&path).map_err(io_err(&path)),
            }
        })
        .collect();
    removed.into_iter().collect::<Result<(), Error>>()?;
    std::fs::remove_dir(dir).map_err(io_err(dir))
}

/// How the swap is made.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum SwapKind {
    /// One atomic exchange of the two folders (Linux).
    Exchange,
    /// Two renames, with a moment without output in between.
    TwoStep,
}

/// How this platform swaps a new site in (before a file system refuses an
/// exchange, which falls back to two renames).
pub fn swap_kind() -> SwapKind {
    if cfg!(target_os = "linux")
        && std::env::var_os("VERGELIJK_SWAP").is_none_or(|v| v != "two-step")
    {
        SwapKind::Exchange
    } else {
        SwapKind::TwoStep
    }
}

/// Puts `staging` in place of `output`. Returns where the previous output
/// now is, if there was one; on an error the output is as it was.
fn swap(staging: &Path, output: &Path, retired: &Path) -> Result<Option<PathBuf>, Error> {
    if std::fs::symlink_metadata(output).is_err() {
        std::fs::rename(staging, output).map_err(io_err(output))?;
        return Ok(None);
    }
    if swap_kind() == SwapKind::Exchange {
        match exchange(staging, output) {
            Ok(()) => {
                pause_at(Moment::Swap);
                return Ok(Some(staging.to_path_buf()));
            }
            Err(e) if !exchange_unsupported(&e) => return Err(io_err(output)(e)),
            Err(_) => {}
        }
    }
    std::fs::rename(output, retired).map_err(io_err(output))?;
    pause_at(Moment::Swap);
    if let Err(e) = std::fs::rename(staging, output) {
        // Put the old site back rather than leave nothing.
        let _ = std::fs::rename(retired, output);
        return Err(io_err(output)(e));
    }
    Ok(Some(retired.to_path_buf()))
}

/// Removes the previous output, now at `old`, after the new site is in
/// place. What cannot be removed stays, under the name of an old output so
/// that a later build tries again, and is a warning.
fn retire(old: &Path, retired: &Path, output: &Path) -> Report {
    let mut report = Report::default();
    let at = if old != retired && std::fs::rename(old, retired).is_ok() {
        retired
    } else {
        old
    };
    if let Err(e) = remove_tree(at) {
        report.warnings.push(format!(
            "the new site is in {}, but the previous one could not be removed entirely ({}); what is left of it is in {}: remove it yourself",
            output.display(),
            cause(&e),
            at.display()
        ));
    }
    report
}

/// Exchanges two folders in one step: `renameat2(RENAME_EXCHANGE)`.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let c = |p: &Path| {
        CString::new(p.as_os_str().as_bytes())
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidInput, e))
    };
    let (a, b) = (c(a)?, c(b)?);
    // SAFETY: both paths are NUL-terminated strings that outlive the call;
    // the system call only reads them. Called through `syscall` so that it
    // works with any C library.
    let r = unsafe {
        libc::syscall(
            libc::SYS_renameat2,
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if r == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> io::Result<()> {
    Err(io::Error::from(io::ErrorKind::Unsupported))
}

/// Whether an exchange failed because the kernel or the file system cannot
/// exchange (then two renames do), rather than because of the folders.
fn exchange_unsupported(e: &io::Error) -> bool {
    #[cfg(target_os = "linux")]
    if matches!(e.raw_os_error(), Some(libc::EINVAL | libc::ENOSYS)) {
        return true;
    }
    e.kind() == io::ErrorKind::Unsupported
}
