//! Writing the rendered site to disk, atomically.
//!
//! The whole site is written to a hidden sibling of the target
//! (`.public.tmp-<pid>`), then swapped in with two renames. A build that
//! fails, or is interrupted while writing, leaves the previous output as it
//! was; files from earlier builds never linger because every build starts
//! from an empty folder. [`Staging`] takes files as they are made (from
//! every core, in any order), so a build never holds the whole site in
//! memory.

use std::collections::HashSet;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::Error;

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
    committed: bool,
}

impl Staging {
    /// Starts an empty staging folder for `output`.
    pub fn new(output: &Path) -> Result<Staging, Error> {
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
        let dir = parent.join(format!(".{name}.tmp-{pid}"));
        if dir.exists() {
            remove_tree(&dir)?;
        }
        std::fs::create_dir_all(&dir).map_err(io_err(&dir))?;
        Ok(Staging {
            retired: parent.join(format!(".{name}.old-{pid}")),
            output: output.to_path_buf(),
            dir,
            folders: Mutex::new(HashSet::new()),
            committed: false,
        })
    }

    /// Writes one file (`rel`: a `/`-separated path inside the site),
    /// making its folder first if needed. Safe to call from many threads.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), Error> {
        let path = self.path(rel)?;
        std::fs::write(&path, bytes).map_err(io_err(&path))
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
            .map_err(io_err(&path))
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

    /// Puts the written site in place of the output, atomically.
    pub fn commit(mut self) -> Result<(), Error> {
        self.committed = true;
        let result = swap(&self.dir, &self.output, &self.retired);
        if result.is_err() {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
        result
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = remove_tree(&self.dir);
        }
    }
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
