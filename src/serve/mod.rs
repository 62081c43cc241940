//! `vergelijk serve`: build the site, serve it from memory, rebuild when a
//! source changes and reload the open pages that changed.
//!
//! Three parts, each in its own thread of control:
//!
//! - the watcher ([`watch`]) turns file-system events into batches;
//! - the build thread rebuilds for every batch ([`build`]: incrementally
//!   when only content changed, the changed pages first and what lists
//!   them after) and publishes each result as a new [`Snapshot`]: the whole
//!   file map swapped at once, so a request sees one publication or the
//!   next, never a mix, and a reload can never find a page missing;
//! - the HTTP server (axum on a single-threaded tokio runtime) answers from
//!   the current snapshot ([`http`]) and tells each page, over server-sent
//!   events, when a publication changed its file ([`Versions`]); pages get
//!   the reload script, and the problem dialog while the last build
//!   failed, as they are sent ([`overlay`]).
//!
//! Nothing is written to disk: `public/` is neither needed nor touched, and
//! stopping the server (Ctrl-C) leaves nothing behind.

/// Prints a line on stdout; a closed stdout (the terminal went away, a
/// pipe was closed) is no reason to stop serving.
macro_rules! say {
    ($($arg:tt)*) => {{
        let _ = writeln!(std::io::stdout().lock(), $($arg)*);
    }};
}

/// [`say`] for stderr.
macro_rules! warn {
    ($($arg:tt)*) => {{
        let _ = writeln!(std::io::stderr().lock(), $($arg)*);
    }};
}

pub mod build;
pub mod error;
pub mod http;
mod index;
pub mod overlay;
mod state;
pub mod watch;

use std::io::Write;
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::sync::{Arc, mpsc};

pub use error::Error;
pub use state::{Snapshot, Versions};

use crate::{Options, Site};
use build::{Builder, Built, Stage};
use state::App;
use watch::{Debouncer, Filter, Message, SourceWatcher};

/// The port `serve` tries first; the next free one is used when it is taken.
pub const DEFAULT_PORT: u16 = 1111;
/// How many ports after [`DEFAULT_PORT`] are tried.
const PORT_TRIES: u16 = 100;

/// What `vergelijk serve` was asked to do.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub build: Options,
    /// `None`: [`DEFAULT_PORT`] or the next free one; `Some(0)`: any free port.
    pub port: Option<u16>,
    pub bind: IpAddr,
    /// Open the site in the default browser once it is served.
    pub open: bool,
    /// Look for changes by polling instead of file-system events.
    pub poll: bool,
}

/// Publishes the outcome of a build (or of a part of one) and reports
/// it in the terminal; returns the new model when the site changed (with
/// the first part of its build).
fn report(app: &App, result: Result<Built, crate::Error>) -> Option<Arc<Site>> {
    let mut changed = None;
    match result {
        Ok(b) => {
            if b.starts_a_new_site() {
                changed = Some(b.site.clone());
            }
            let total = b.files.len();
            match b.stage {
                Stage::Full => say!(
                    "Built {} municipalities: {total} files in {:.2} s",
                    b.municipalities,
                    b.elapsed.as_secs_f64()
                ),
                Stage::Rest => say!(
                    "  and {} more that list it in {} ms",
                    b.rendered,
                    b.elapsed.as_millis()
                ),
                Stage::Own { .. } => say!(
                    "Rebuilt {} of {total} files in {} ms",
                    b.rendered,
                    b.elapsed.as_millis()
                ),
            }
            let warnings = overlay::from_diagnostics(&b.site.warnings);
            if warnings != app.snapshot().warnings && !b.site.warnings.is_empty() {
                // Printed when they change, as `build` prints them.
                let _ = writeln!(anstream::stderr(), "{:#}", b.site.warnings);
            }
            app.publish(
                b.files,
                b.changed_files.as_deref(),
                b.base_path,
                Vec::new(),
                warnings,
                true,
            );
        }
        Err(e) => {
            // Coloured like `build` prints it, when the terminal can.
            let _ = writeln!(anstream::stderr(), "{e:#}");
            let last = app.snapshot();
            let problems = overlay::problems(&e);
            if last.built {
                warn!("Still serving the last build that worked.");
            }
            app.publish(
                last.files.clone(),
                Some(&[]),
                last.base_path.clone(),
                problems,
                last.warnings.clone(),
                last.built,
            );
        }
    }
    let _ = std::io::stdout().flush();
    changed
}

/// Builds the site, serves it and rebuilds on every change until Ctrl-C.
pub fn serve(options: ServeOptions) -> Result<(), Error> {
    let listener = bind(options.bind, options.port)?;
    let addr = listener.local_addr().map_err(|source| Error::Listen {
        addr: format!("{}", options.bind),
        source,
    })?;
    // Watch before the first build, so a save during it is not missed.
    let (tx, rx) = mpsc::channel();
    let watcher = SourceWatcher::start(&options.build, options.poll, tx.clone())?;
    let debouncer = Debouncer::new(rx, Filter::new(&options.build));

    if options.build.search {
        // Pagefind parses and compresses on rayon's global pool: its
        // threads, and the index thread, yield to the rebuilds (which have
        // a pool of their own, see below). Fails only if the pool exists.
        let _ = rayon::ThreadPoolBuilder::new()
            .start_handler(|_| lower_priority())
            .build_global();
    }
    let app = Arc::new(App::new());
    let mut builder = Builder::new(options.build.clone());
    let first = report(&app, builder.build(false, None));
    // The search index takes longer than the pages on a large site: it is
    // built on its own thread, the first one too, and the search page
    // works once it is there.
    let (index_tx, index_rx) = mpsc::channel::<Arc<Site>>();
    if options.build.search {
        if let Some(site) = first {
            let _ = index_tx.send(site);
        }
        let index_app = app.clone();
        std::thread::Builder::new()
            .name("vergelijk-index".into())
            .spawn(move || index_loop(&index_app, &index_rx))
            .map_err(|source| Error::Start {
                what: "search index thread",
                source,
            })?;
    }

    let url = local_url(addr, &app.snapshot().base_path);
    say!("Serving the site at {url} and rebuilding on every change (Ctrl-C to stop)");
    if addr.ip().is_unspecified() || !addr.ip().is_loopback() {
        say!("Listening on {addr}: other computers on the network can see the site too");
    }
    let _ = std::io::stdout().flush();

    let build_app = app.clone();
    std::thread::Builder::new()
        .name("vergelijk-build".into())
        .spawn(move || {
            // Rebuilds get a thread pool of their own: the search index is
            // parsed and compressed on rayon's global pool, which on a
            // large site stays busy for seconds after every save, and a
            // rebuild queued behind it would keep the author waiting.
            let pool = rayon::ThreadPoolBuilder::new()
                .thread_name(|i| format!("vergelijk-build-{i}"))
                .build();
            let run = move || build_loop(&build_app, builder, watcher, &debouncer, &index_tx);
            match pool {
                Ok(pool) => pool.install(run),
                Err(_) => run(),
            }
        })
        .map_err(|source| Error::Start {
            what: "build thread",
            source,
        })?;

    if options.open {
        open_browser(&url);
    }

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|source| Error::Start {
            what: "HTTP runtime",
            source,
        })?;
    let result = runtime.block_on(http::run_server(listener, app));
    // The build thread holds nothing on disk; tell it to stop and go.
    let _ = tx.send(Message::Stop);
    say!("Stopped.");
    result.map_err(|source| Error::Listen {
        addr: addr.to_string(),
        source,
    })
}

fn local_url(addr: SocketAddr, base_path: &str) -> String {
    let shown = if addr.ip().is_unspecified() {
        SocketAddr::new(IpAddr::from([127, 0, 0, 1]), addr.port())
    } else {
        addr
    };
    format!("http://{shown}{base_path}")
}

/// Binds `ip:port`; without a port, [`DEFAULT_PORT`] or the first free
/// port after it.
fn bind(ip: IpAddr, port: Option<u16>) -> Result<TcpListener, Error> {
    let candidates: Vec<u16> = match port {
        Some(p) => vec![p],
        None => (DEFAULT_PORT..DEFAULT_PORT + PORT_TRIES).collect(),
    };
    let mut last = None;
    for p in candidates {
        match TcpListener::bind((ip, p)) {
            Ok(l) => return Ok(l),
            Err(e) if port.is_none() && e.kind() == std::io::ErrorKind::AddrInUse => last = Some(e),
            Err(source) => {
                return Err(Error::Listen {
                    addr: SocketAddr::new(ip, p).to_string(),
                    source,
                });
            }
        }
    }
    Err(Error::Listen {
        addr: format!("{ip}:{DEFAULT_PORT}-{}", DEFAULT_PORT + PORT_TRIES - 1),
        source: last.unwrap_or_else(|| std::io::ErrorKind::AddrInUse.into()),
    })
}

fn build_loop(
    app: &App,
    mut builder: Builder,
    mut watcher: SourceWatcher,
    debouncer: &Debouncer,
    index_tx: &mpsc::Sender<Arc<Site>>,
) {
    loop {
        let batch = debouncer.next_batch();
        if batch.stop {
            return;
        }
        watcher.refresh(builder.options(), &batch);
        // Editors save through temp files that are gone by now: name a
        // path that is still there, if any.
        let cwd = std::env::current_dir().unwrap_or_default();
        let shown = batch
            .paths
            .iter()
            .rev()
            .find(|p| p.exists())
            .or(batch.paths.last());
        if let Some(path) = shown {
            let path = path.strip_prefix(&cwd).unwrap_or(path);
            match batch.paths.len() {
                1 => say!("Changed: {}", path.display()),
                n => say!("Changed: {} and {} more", path.display(), n - 1),
            }
        }
        let changed = (!batch.rescan).then_some(batch.paths.as_slice());
        let new_site = report(
            app,
            builder.build(batch.content_only && !batch.rescan, changed),
        );
        // The search index starts from the new model as soon as the saved
        // pages are shown, alongside the pages that list them (at a lower
        // priority: those go first on a busy machine). Without an index
        // thread (--no-search) nobody listens: fine.
        if let Some(site) = new_site {
            let _ = index_tx.send(site);
        }
        // The pages that list what changed, once its own pages are shown.
        if let Some(rest) = builder.finish() {
            report(app, rest);
        }
    }
}

/// Indexes every site the build thread sends, skipping to the newest when
/// several wait: an index for a site already replaced is wasted work. Only
/// the parts whose records changed are indexed again (`index`).
fn index_loop(app: &App, rx: &mpsc::Receiver<Arc<Site>>) {
    // Before lowering this thread's priority: the index's urgent pool
    // keeps the priority it starts with.
    let mut parts = index::Index::new();
    lower_priority();
    let newer = std::cell::RefCell::new(None);
    while let Some(mut site) = newer.take().or_else(|| rx.recv().ok()) {
        while let Ok(next) = rx.try_recv() {
            site = next;
        }
        let start = std::time::Instant::now();
        let publish = |updated: index::Updated| {
            let count = updated.files.len();
            app.set_index(Arc::new(updated.files));
            let what = if updated.words_only {
                " for their word lists"
            } else {
                ""
            };
            // "in N ms" last: examples/watch_latency reads it.
            say!(
                "Search index: {count} files, {} of {} parts indexed again{what}, in {} ms",
                updated.rebuilt,
                updated.parts,
                start.elapsed().as_millis()
            );
        };
        let stop = || {
            if let Ok(next) = rx.try_recv() {
                *newer.borrow_mut() = Some(next);
            }
            newer.borrow().is_some()
        };
        if let Err(e) = parts.update(&site, publish, stop) {
            warn!("{e}");
        }
    }
}

/// Lowers the calling thread's scheduling priority (nice 10), so that it
/// runs when the threads the author waits for do not. Threads it starts
/// inherit it. Best effort: where it fails, the thread keeps its priority.
fn lower_priority() {
    #[cfg(target_os = "linux")]
    // SAFETY: setpriority only reads its integer arguments; `who` 0 is
    // the calling thread on Linux.
    unsafe {
        libc::setpriority(libc::PRIO_PROCESS, 0, 10);
    }
}

fn open_browser(url: &str) {
    if let Err(e) = open::that_detached(url) {
        warn!("warning: could not open a browser ({e}); open {url} yourself");
    }
}
