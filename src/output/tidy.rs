//! Tidying after builds that were killed: finding the staging and old
//! folders they left beside the output, removing those of processes that
//! are gone, and putting a previous site back when a build was stopped
//! during the fallback swap. Also the registry of this process's own
//! staging folders, which tidying must leave alone.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::{Report, parent_and_name, remove_tree};
use crate::Error;

/// Staging folders of builds running in this process, which [`tidy`] must
/// leave alone although their process (this one) is alive.
static LIVE: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

pub(super) fn live() -> std::sync::MutexGuard<'static, Vec<PathBuf>> {
    LIVE.lock().unwrap_or_else(|e| e.into_inner())
}

/// A leftover of an earlier build beside `output`: `.public.tmp-<pid>`
/// (`old: false`) or `.public.old-<pid>` (`old: true`), with `-2`, `-3`…
/// after the id when the plain name was taken.
struct Leftover {
    path: PathBuf,
    pid: u32,
    old: bool,
}

fn leftovers(parent: &Path, name: &str) -> Vec<Leftover> {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return Vec::new();
    };
    let tmp = format!(".{name}.tmp-");
    let old = format!(".{name}.old-");
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let mut found: Vec<Leftover> = entries
        .filter_map(Result::ok)
        .filter_map(|e| {
            let file_name = e.file_name().to_string_lossy().into_owned();
            let (is_old, rest) = if let Some(r) = file_name.strip_prefix(&tmp) {
                (false, r)
            } else if let Some(r) = file_name.strip_prefix(&old) {
                (true, r)
            } else {
                return None;
            };
            let (pid, n) = rest.split_once('-').unwrap_or((rest, "0"));
            if !digits(pid) || !digits(n) {
                return None;
            }
            Some(Leftover {
                path: e.path(),
                pid: pid.parse().ok()?,
                old: is_old,
            })
        })
        .collect();
    found.sort_by(|a, b| a.path.cmp(&b.path));
    found
}

/// `.public.<kind>-<pid>` beside the output, made free: a leftover of an
/// earlier build of this process (or of one with the same id) under that
/// name is removed; if it cannot be, or a build of this process is using
/// it, the name gets `-2`, `-3`… Registered as in use.
pub(super) fn claim(parent: &Path, name: &str, kind: &str) -> PathBuf {
    let pid = std::process::id();
    let mut live = live();
    for n in 1.. {
        let file_name = match n {
            1 => format!(".{name}.{kind}-{pid}"),
            n => format!(".{name}.{kind}-{pid}-{n}"),
        };
        let path = parent.join(file_name);
        if live.contains(&path) {
            continue;
        }
        if std::fs::symlink_metadata(&path).is_err() || remove_tree(&path).is_ok() {
            live.push(path.clone());
            return path;
        }
    }
    unreachable!("some name is free")
}

/// Whether a process with this id is running. Where that cannot be known,
/// it is taken to be running, so that its folders are kept.
fn alive(pid: u32) -> bool {
    if pid == std::process::id() {
        return true;
    }
    #[cfg(unix)]
    {
        let Ok(id) = libc::pid_t::try_from(pid) else {
            return true;
        };
        if id <= 0 {
            return true;
        }
        // SAFETY: signal 0 sends nothing; it only asks whether the process
        // exists (EPERM: it does, but belongs to someone else).
        let r = unsafe { libc::kill(id, 0) };
        r == 0 || io::Error::last_os_error().raw_os_error() != Some(libc::ESRCH)
    }
    #[cfg(not(unix))]
    {
        true
    }
}

/// Cleans up after earlier builds into `output` that were killed: removes
/// their staging (`.public.tmp-<pid>`) and old (`.public.old-<pid>`)
/// folders when their process is no longer running. A build killed between
/// the two renames of the fallback swap left no `public/` at all: its old
/// folder is put back first. Never fails; what it could not remove is a
/// warning.
pub fn tidy(output: &Path) -> Report {
    let (parent, name) = parent_and_name(output);
    let mut report = Report::default();
    let own = std::process::id();
    let running_here = live().clone();
    let mut stale: Vec<Leftover> = leftovers(&parent, &name)
        .into_iter()
        .filter(|l| {
            if l.pid == own {
                !running_here.contains(&l.path)
            } else {
                !alive(l.pid)
            }
        })
        .collect();
    if std::fs::symlink_metadata(output).is_err()
        && let Some(i) = stale.iter().position(|l| l.old)
    {
        let back = stale.remove(i);
        match std::fs::rename(&back.path, output) {
            Ok(()) => report.notes.push(format!(
                "put the previous site back from {} (left by build {}, which was stopped during the swap)",
                back.path.display(),
                back.pid
            )),
            Err(e) => {
                report.warnings.push(format!(
                    "{} is missing and the previous site in {} could not be put back: {e}",
                    output.display(),
                    back.path.display()
                ));
                stale.push(back);
            }
        }
    }
    for l in stale {
        let what = if l.old {
            "old output"
        } else {
            "staging folder"
        };
        match remove_tree(&l.path) {
            Ok(()) => report.notes.push(format!(
                "removed the {what} {} of build {}, which is no longer running",
                l.path.display(),
                l.pid
            )),
            // Another build tidying at the same time got there first.
            Err(_) if std::fs::symlink_metadata(&l.path).is_err() => {}
            Err(e) => report.warnings.push(format!(
                "could not remove the {what} {} of an earlier build: {}; remove it yourself",
                l.path.display(),
                cause(&e)
            )),
        }
    }
    report
}

/// The part of an I/O error worth showing after its path: `path: reason`.
pub(super) fn cause(e: &Error) -> String {
    match e {
        Error::Io { path, source } => format!("{}: {source}", path.display()),
        other => other.to_string(),
    }
}
