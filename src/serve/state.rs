//! What the build thread publishes and the HTTP handlers read: the
//! current [`Snapshot`] of the site, swapped whole, and the publication
//! numbers that tell each page whether its own file changed.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};
use std::time::{SystemTime, UNIX_EPOCH};

use tokio::sync::watch as tokio_watch;

use super::build::Served;
use super::overlay::Problem;

/// One published state of the site.
#[derive(Debug)]
pub struct Snapshot {
    /// Changes with every publication; pages compare it to reload.
    pub id: String,
    pub files: Arc<Served>,
    /// The search index (`pagefind/…`), built after the pages on a thread
    /// of its own; the previous one until the new one is ready.
    pub index: Arc<Served>,
    pub base_path: String,
    /// The problems of the last build, if it failed.
    pub problems: Vec<Problem>,
    /// The warnings of the last build that worked, shown in a notice
    /// while there are no problems.
    pub warnings: Vec<Problem>,
    /// Whether any build has worked yet (`files` is empty otherwise).
    pub built: bool,
    /// Which publication last changed each file: a page reloads only when
    /// its own file changed (or everything did).
    pub versions: Arc<Versions>,
}

/// Publication numbers: the last one that may have changed every file,
/// and, for files changed since, the one that changed each.
#[derive(Debug, Default, Clone)]
pub struct Versions {
    all: u64,
    files: std::collections::HashMap<String, u64>,
}

impl Versions {
    /// The publication that last changed `key`.
    pub fn of(&self, key: &str) -> u64 {
        self.files
            .get(key)
            .copied()
            .unwrap_or(self.all)
            .max(self.all)
    }

    /// The versions after publication `n`, which changed `changed` (`None`:
    /// anything).
    fn after(&self, n: u64, changed: Option<&[String]>) -> Versions {
        match changed {
            None => Versions {
                all: n,
                files: Default::default(),
            },
            Some(keys) => {
                let mut v = self.clone();
                v.files.extend(keys.iter().map(|k| (k.clone(), n)));
                v
            }
        }
    }
}

/// State shared by the build thread and the HTTP handlers.
pub(super) struct App {
    pub(super) current: RwLock<Arc<Snapshot>>,
    /// The id of the current snapshot, for the event streams.
    pub(super) ids: tokio_watch::Sender<String>,
    /// Set once on shutdown: ends the event streams.
    pub(super) stop: tokio_watch::Sender<bool>,
    /// Differs between runs of the server, so a restart reloads pages too.
    pub(super) run: String,
    pub(super) generation: AtomicU64,
}

impl App {
    pub(super) fn new() -> App {
        let run = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let run = format!("{run:x}");
        let id = format!("{run}-0");
        App {
            current: RwLock::new(Arc::new(Snapshot {
                id: id.clone(),
                files: Arc::default(),
                index: Arc::default(),
                base_path: "/".into(),
                problems: Vec::new(),
                warnings: Vec::new(),
                built: false,
                versions: Arc::default(),
            })),
            ids: tokio_watch::Sender::new(id),
            stop: tokio_watch::Sender::new(false),
            run,
            generation: AtomicU64::new(0),
        }
    }

    pub(super) fn snapshot(&self) -> Arc<Snapshot> {
        match self.current.read() {
            Ok(s) => s.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    /// Swaps in a new snapshot, then tells every page: a page whose file
    /// is among `changed` (`None`: all of them) reloads and gets the new
    /// files. Problems, and their going away, reach every page.
    pub(super) fn publish(
        &self,
        files: Arc<Served>,
        changed: Option<&[String]>,
        base_path: String,
        problems: Vec<Problem>,
        warnings: Vec<Problem>,
        built: bool,
    ) {
        let n = self.generation.fetch_add(1, Ordering::SeqCst) + 1;
        let id = format!("{}-{n}", self.run);
        {
            let mut current = match self.current.write() {
                Ok(s) => s,
                Err(poisoned) => poisoned.into_inner(),
            };
            // The dialog and the notice are on every page: a change in
            // either reloads them all.
            let everything = !problems.is_empty()
                || !current.problems.is_empty()
                || warnings != current.warnings;
            let versions = current
                .versions
                .after(n, if everything { None } else { changed });
            *current = Arc::new(Snapshot {
                id: id.clone(),
                files,
                index: current.index.clone(),
                base_path,
                problems,
                warnings,
                built,
                versions: Arc::new(versions),
            });
        }
        self.ids.send_replace(id);
    }

    /// The build id a page served from `key` has now; without a key,
    /// the id of the snapshot, which changes with every publication.
    pub(super) fn page_id(&self, snap: &Snapshot, key: &str) -> String {
        if key.is_empty() {
            return snap.id.clone();
        }
        format!("{}-{}", self.run, snap.versions.of(key))
    }

    /// Swaps in a new search index. Pages need not reload for it: only
    /// the search page reads it, when someone searches.
    pub(super) fn set_index(&self, index: Arc<Served>) {
        let mut current = match self.current.write() {
            Ok(s) => s,
            Err(poisoned) => poisoned.into_inner(),
        };
        let s = &**current;
        *current = Arc::new(Snapshot {
            id: s.id.clone(),
            files: s.files.clone(),
            index,
            base_path: s.base_path.clone(),
            problems: s.problems.clone(),
            warnings: s.warnings.clone(),
            built: s.built,
            versions: s.versions.clone(),
        });
    }
}
