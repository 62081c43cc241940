//! Writing the rendered site to disk, atomically.
//!
//! The whole site is written to a hidden sibling of the target
//! (`.public.tmp-<pid>`), then swapped in with two renames. A build that
//! fails, or is interrupted while writing, leaves the previous output as it
//! was; files from earlier builds never linger because every build starts
//! from an empty folder. Files are written in sorted order.

use std::io;
use std::path::{Path, PathBuf};

use crate::Error;
use crate::render::Files;

fn io_err(path: &Path) -> impl FnOnce(io::Error) -> Error + '_ {
    move |source| Error::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Refuses output folders that would destroy the site's sources.
pub fn check_target(output: &Path, protected: &[&Path]) -> Result<(), Error> {
    let out = absolute(output);
    for p in protected {
        let p = absolute(p);
        if p.starts_with(&out) {
            return Err(Error::Usage(format!(
                "refusing to write the site to {}: it contains {}, which would be deleted",
                output.display(),
                p.display()
            )));
        }
    }
    if output.exists() && !output.is_dir() {
        return Err(Error::Usage(format!(
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

/// Writes `files` into `output`, replacing its previous contents atomically.
pub fn write(files: &Files, output: &Path) -> Result<(), Error> {
    let parent = match output.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent).map_err(io_err(&parent))?;
    let name = output
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    let pid = std::process::id();
    let staging = parent.join(format!(".{name}.tmp-{pid}"));
    let retired = parent.join(format!(".{name}.old-{pid}"));

    let result = write_tree(files, &staging).and_then(|()| swap(&staging, output, &retired));
    if result.is_err() {
        let _ = std::fs::remove_dir_all(&staging);
    }
    result
}

fn write_tree(files: &Files, dir: &Path) -> Result<(), Error> {
    use rayon::prelude::*;
    if dir.exists() {
        remove_tree(dir)?;
    }
    std::fs::create_dir_all(dir).map_err(io_err(dir))?;
    // Folders first, each once (files come sorted, so a folder's files are
    // consecutive), then the files on every core: on a fast disk or tmpfs
    // writing is system calls and copying, which parallelise.
    let mut last: Option<&str> = None;
    for rel in files.keys() {
        let parent = rel.rsplit_once('/').map(|(p, _)| p);
        if parent.is_some() && parent != last {
            let path = dir.join(parent.unwrap_or_default());
            std::fs::create_dir_all(&path).map_err(io_err(&path))?;
            last = parent;
        }
    }
    let written: Vec<Result<(), Error>> = files
        .par_iter()
        .map(|(rel, bytes)| {
            let path = dir.join(rel);
            std::fs::write(&path, bytes).map_err(io_err(&path))
        })
        .collect();
    written.into_iter().collect()
}

/// Removes a folder and everything in it, subfolders on every core.
fn remove_tree(dir: &Path) -> Result<(), Error> {
    use rayon::prelude::*;
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

fn swap(staging: &Path, output: &Path, retired: &Path) -> Result<(), Error> {
    if output.exists() {
        std::fs::rename(output, retired).map_err(io_err(output))?;
        if let Err(e) = std::fs::rename(staging, output) {
            // Put the old site back rather than leave nothing.
            let _ = std::fs::rename(retired, output);
            return Err(io_err(output)(e));
        }
        remove_tree(retired)?;
    } else {
        std::fs::rename(staging, output).map_err(io_err(output))?;
    }
    Ok(())
}
