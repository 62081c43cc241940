//! Watching the site's sources and turning a stream of file-system events
//! into few rebuilds.
//!
//! Editors save in many ways: in place, through a temp file renamed over
//! the original, with swap, backup and probe files beside it (vim's
//! `.x.swp`, `x~` and `4913`, emacs's `#x#` and `.#x`, JetBrains'
//! `x___jb_tmp___`). Rebuilds read every source from disk, so the watcher
//! only has to know *that* something relevant changed, never what: events
//! are filtered ([`relevant`]), then gathered until the sources have been
//! quiet for a moment ([`Debouncer`]), so a burst of saves is one rebuild.
//! Events that arrive during a build wait in the channel and cause the next.
//!
//! The watched roots are `content/` and `themes/` recursively, the site's
//! `templates/` and `static/`, and the site folder itself without
//! recursion, which sees those folders appear or disappear; a root that is
//! deleted and created again is watched again.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use notify::event::{AccessKind, AccessMode, MetadataKind, ModifyKind};
use notify::{Event, EventKind, PollWatcher, RecommendedWatcher, RecursiveMode, Watcher};

use super::Error;
use crate::Options;

/// How long the sources must be quiet before a rebuild starts.
pub const QUIET: Duration = Duration::from_millis(20);
/// A rebuild starts at the latest this long after the first change, even
/// while changes keep coming.
pub const MAX_WAIT: Duration = Duration::from_secs(2);
/// How often `--poll` looks at the files.
pub const POLL_INTERVAL: Duration = Duration::from_millis(500);

/// What the watcher tells the build thread.
#[derive(Debug)]
pub enum Message {
    /// Something happened on disk.
    Fs(notify::Result<Event>),
    /// Stop watching and building.
    Stop,
}

/// What a batch of events means for the next build.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Batch {
    /// Relevant paths that changed, in arrival order, once each.
    pub paths: Vec<PathBuf>,
    /// Only files under `content/` changed, so the theme is as it was.
    pub content_only: bool,
    /// The watcher lost track (an overflow, an error): rebuild everything.
    pub rescan: bool,
    /// A [`Message::Stop`] arrived.
    pub stop: bool,
}

impl Batch {
    pub fn is_empty(&self) -> bool {
        self.paths.is_empty() && !self.rescan
    }
}

/// File names editors and tools write beside the real file. Never a
/// reason to rebuild, and never read by the loader either.
pub fn is_editor_junk(name: &str) -> bool {
    name.ends_with('~')
        || name.starts_with(".#")
        || (name.starts_with('#') && name.ends_with('#'))
        || name.starts_with(".goutputstream-")
        || name.starts_with(".~lock.")
        || name.ends_with("___jb_tmp___")
        || name.ends_with("___jb_old___")
        || name == ".DS_Store"
        || name.ends_with(".kate-swp")
        || name.ends_with(".tmp")
        // vim probes whether it may write a folder with `4913`, `5036`, …
        || (!name.is_empty() && name.bytes().all(|b| b.is_ascii_digit()))
        // vim swap files: .x.swp, .x.swo, … .x.swa
        || (name.starts_with('.')
            && name
                .len()
                .checked_sub(4)
                .and_then(|i| name.get(i..))
                .is_some_and(|ext| ext.starts_with(".sw")))
}

/// The folders to watch for a site: `(path, recursive)`.
pub fn roots(options: &Options) -> Vec<(PathBuf, bool)> {
    let abs = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    vec![
        (abs(&options.content), true),
        (abs(&options.themes), true),
        (abs(&options.site_dir.join("templates")), true),
        (abs(&options.site_dir.join("static")), true),
        (abs(&options.site_dir), false),
    ]
}

/// Sorts the events of the watched roots into what matters for a build.
pub struct Filter {
    content: PathBuf,
    recursive: Vec<PathBuf>,
    site_dir: PathBuf,
}

impl Filter {
    pub fn new(options: &Options) -> Filter {
        let roots = roots(options);
        Filter {
            content: roots[0].0.clone(),
            recursive: roots.iter().filter(|r| r.1).map(|r| r.0.clone()).collect(),
            site_dir: roots[4].0.clone(),
        }
    }

    /// Whether a change at `path` can change the site.
    pub fn relevant(&self, path: &Path) -> bool {
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
            return false;
        };
        if is_editor_junk(name) {
            return false;
        }
        if self.recursive.iter().any(|r| path.starts_with(r)) {
            return true;
        }
        // The site folder itself, watched without recursion: only the
        // appearance or disappearance of a watched root counts.
        path.parent() == Some(self.site_dir.as_path()) && self.recursive.iter().any(|r| r == path)
    }

    fn in_content(&self, path: &Path) -> bool {
        path.starts_with(&self.content)
    }
}

/// Whether an event kind can mean changed bytes. Opening and reading a
/// file (the build itself does that) and access times do not.
fn kind_matters(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        EventKind::Modify(ModifyKind::Metadata(MetadataKind::AccessTime)) => false,
        _ => true,
    }
}

/// Gathers events into batches: waits for the first relevant one, then
/// until the sources have been quiet for [`QUIET`] (or [`MAX_WAIT`] passed).
pub struct Debouncer {
    rx: Receiver<Message>,
    filter: Filter,
    quiet: Duration,
}

impl Debouncer {
    pub fn new(rx: Receiver<Message>, filter: Filter) -> Debouncer {
        Debouncer {
            rx,
            filter,
            quiet: QUIET,
        }
    }

    /// Blocks until a batch with relevant changes is complete, or stop.
    pub fn next_batch(&self) -> Batch {
        let mut batch = Batch {
            content_only: true,
            ..Batch::default()
        };
        // Wait for the first relevant event.
        while batch.is_empty() {
            match self.rx.recv() {
                Ok(m) => {
                    self.add(&mut batch, m);
                }
                Err(_) => batch.stop = true,
            }
            if batch.stop {
                return batch;
            }
        }
        let first = Instant::now();
        let mut last = first;
        loop {
            let now = Instant::now();
            let deadline = (last + self.quiet).min(first + MAX_WAIT);
            if now >= deadline {
                return batch;
            }
            match self.rx.recv_timeout(deadline - now) {
                Ok(m) => {
                    // Any relevant event restarts the quiet period, a
                    // repeated save of a file already in the batch too:
                    // otherwise a burst of saves of one file became a
                    // rebuild every QUIET (issue: four rebuilds for a
                    // burst of fifty saves on a loaded machine).
                    let relevant = self.add(&mut batch, m);
                    if batch.stop {
                        return batch;
                    }
                    if relevant {
                        last = Instant::now();
                    }
                }
                Err(RecvTimeoutError::Timeout) => return batch,
                Err(RecvTimeoutError::Disconnected) => {
                    batch.stop = true;
                    return batch;
                }
            }
        }
    }

    /// Adds `message` to `batch`; true if it said something relevant.
    fn add(&self, batch: &mut Batch, message: Message) -> bool {
        match message {
            Message::Stop => {
                batch.stop = true;
                true
            }
            Message::Fs(Err(_)) => {
                batch.rescan = true;
                batch.content_only = false;
                true
            }
            Message::Fs(Ok(event)) => {
                let mut relevant = false;
                if event.need_rescan() {
                    batch.rescan = true;
                    batch.content_only = false;
                    relevant = true;
                }
                if !kind_matters(&event.kind) {
                    return relevant;
                }
                for path in event.paths {
                    if self.filter.relevant(&path) {
                        relevant = true;
                        if !self.filter.in_content(&path) {
                            batch.content_only = false;
                        }
                        // A touched path is what we print; repeats are noise.
                        if !batch.paths.contains(&path) {
                            batch.paths.push(path);
                        }
                    }
                }
                relevant
            }
        }
    }
}

/// Either kind of watcher, behind one interface.
pub enum SourceWatcher {
    Native(RecommendedWatcher),
    Poll(PollWatcher),
}

impl SourceWatcher {
    /// Starts watching the roots of `options`, sending events to `tx`.
    pub fn start(
        options: &Options,
        poll: bool,
        tx: Sender<Message>,
    ) -> Result<SourceWatcher, Error> {
        let handler = move |e: notify::Result<Event>| {
            let _ = tx.send(Message::Fs(e));
        };
        let watch_error = |source: notify::Error| Error::Watch { source };
        let mut w = if poll {
            // Modification times are compared in whole seconds: without
            // the contents, a second save within a second would be missed.
            let config = notify::Config::default()
                .with_poll_interval(POLL_INTERVAL)
                .with_compare_contents(true);
            SourceWatcher::Poll(PollWatcher::new(handler, config).map_err(watch_error)?)
        } else {
            SourceWatcher::Native(
                RecommendedWatcher::new(handler, notify::Config::default()).map_err(watch_error)?,
            )
        };
        for (root, recursive) in roots(options) {
            w.watch(&root, recursive);
        }
        Ok(w)
    }

    fn inner(&mut self) -> &mut dyn Watcher {
        match self {
            SourceWatcher::Native(w) => w,
            SourceWatcher::Poll(w) => w,
        }
    }

    /// Watches `root` if it exists; a root that does not exist yet is seen
    /// appearing through the watch on the site folder.
    fn watch(&mut self, root: &Path, recursive: bool) {
        if root.is_dir() {
            let mode = if recursive {
                RecursiveMode::Recursive
            } else {
                RecursiveMode::NonRecursive
            };
            let _ = self.inner().watch(root, mode);
        }
    }

    /// After a batch: watch again every root the batch touched as a whole
    /// (created, deleted, renamed), so a replaced folder stays watched.
    pub fn refresh(&mut self, options: &Options, batch: &Batch) {
        for (root, recursive) in roots(options) {
            let touched = batch.rescan || batch.paths.iter().any(|p| root.starts_with(p));
            if touched && recursive {
                let _ = self.inner().unwatch(&root);
                self.watch(&root, recursive);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc::channel;

    #[test]
    fn editor_leftovers_are_junk() {
        for name in [
            ".delft.toml.swp",
            ".delft.toml.swx",
            "delft.toml~",
            "4913",
            "5036",
            "#delft.toml#",
            ".#delft.toml",
            "delft.toml___jb_tmp___",
            ".goutputstream-ABC123",
            "delft.toml.tmp",
            ".DS_Store",
        ] {
            assert!(is_editor_junk(name), "{name}");
        }
        for name in [
            "delft.toml",
            "over.md",
            "style.css",
            "2020.toml",
            ".well-known",
        ] {
            assert!(!is_editor_junk(name), "{name}");
        }
    }

    fn options(dir: &Path) -> Options {
        Options::for_site(dir)
    }

    #[test]
    fn filter_knows_roots_and_the_site_folder() {
        let dir = std::path::absolute(Path::new("/tmp/site")).unwrap();
        let f = Filter::new(&options(&dir));
        assert!(f.relevant(&dir.join("content/municipalities/delft.toml")));
        assert!(f.relevant(&dir.join("themes/x/templates/base.html")));
        assert!(f.relevant(&dir.join("templates")));
        assert!(!f.relevant(&dir.join("content/municipalities/.delft.toml.swp")));
        assert!(!f.relevant(&dir.join("public/index.html")));
        assert!(!f.relevant(&dir.join("Cargo.lock")));
    }

    fn event(kind: EventKind, path: PathBuf) -> Message {
        Message::Fs(Ok(Event::new(kind).add_path(path)))
    }

    #[test]
    fn a_burst_is_one_batch_and_reads_are_ignored() {
        let dir = std::path::absolute(Path::new("/tmp/site")).unwrap();
        let (tx, rx) = channel();
        let d = Debouncer::new(rx, Filter::new(&options(&dir)));
        let file = dir.join("content/municipalities/delft.toml");
        tx.send(event(
            EventKind::Access(AccessKind::Open(AccessMode::Any)),
            file.clone(),
        ))
        .unwrap();
        for _ in 0..50 {
            tx.send(event(EventKind::Modify(ModifyKind::Any), file.clone()))
                .unwrap();
            tx.send(event(
                EventKind::Modify(ModifyKind::Any),
                dir.join("content/municipalities/.delft.toml.swp"),
            ))
            .unwrap();
        }
        let batch = d.next_batch();
        assert_eq!(batch.paths, vec![file]);
        assert!(batch.content_only && !batch.stop);
        tx.send(event(
            EventKind::Modify(ModifyKind::Any),
            dir.join("templates/base.html"),
        ))
        .unwrap();
        tx.send(Message::Stop).unwrap();
        let batch = d.next_batch();
        assert!(batch.stop);
    }

    #[test]
    fn repeated_saves_of_one_file_extend_the_quiet_period() {
        // The bug: only a new path restarted the quiet period, so saves of
        // one file kept coming after its batch had been closed and made a
        // rebuild each. A long quiet period keeps this test clear of the
        // machine's timing.
        let dir = std::path::absolute(Path::new("/tmp/site")).unwrap();
        let (tx, rx) = channel();
        let mut d = Debouncer::new(rx, Filter::new(&options(&dir)));
        d.quiet = Duration::from_millis(300);
        let file = dir.join("content/municipalities/delft.toml");
        let sender = {
            let file = file.clone();
            std::thread::spawn(move || {
                for _ in 0..40 {
                    tx.send(event(EventKind::Modify(ModifyKind::Any), file.clone()))
                        .unwrap();
                    std::thread::sleep(Duration::from_millis(25));
                }
                tx
            })
        };
        let batch = d.next_batch();
        assert_eq!(batch.paths, vec![file]);
        assert!(
            sender.is_finished(),
            "the batch closed while saves were still coming"
        );
        let _tx = sender.join().unwrap();
    }
}
