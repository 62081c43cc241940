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

pub mod build;
pub mod error;
pub mod http;
mod index;
pub mod overlay;
pub mod watch;

use std::convert::Infallible;
use std::io::Write;
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock, mpsc};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Query, State};
use axum::http::{HeaderValue, Method, StatusCode, Uri, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use futures_util::stream::{self, Stream, StreamExt};
use tokio::sync::watch as tokio_watch;

pub use error::Error;

use crate::{Options, Site};
use build::{Builder, Built, Served};
use overlay::{EVENTS_PATH, Problem};
use watch::{Debouncer, Filter, Message, SourceWatcher};

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
struct App {
    current: RwLock<Arc<Snapshot>>,
    /// The id of the current snapshot, for the event streams.
    ids: tokio_watch::Sender<String>,
    /// Set once on shutdown: ends the event streams.
    stop: tokio_watch::Sender<bool>,
    /// Differs between runs of the server, so a restart reloads pages too.
    run: String,
    generation: AtomicU64,
}

impl App {
    fn new() -> App {
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

    fn snapshot(&self) -> Arc<Snapshot> {
        match self.current.read() {
            Ok(s) => s.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    /// Swaps in a new snapshot, then tells every page: a page whose file
    /// is among `changed` (`None`: all of them) reloads and gets the new
    /// files. Problems, and their going away, reach every page.
    fn publish(
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
    fn page_id(&self, snap: &Snapshot, key: &str) -> String {
        if key.is_empty() {
            return snap.id.clone();
        }
        format!("{}-{}", self.run, snap.versions.of(key))
    }

    /// Swaps in a new search index. Pages need not reload for it: only
    /// the search page reads it, when someone searches.
    fn set_index(&self, index: Arc<Served>) {
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

    /// Publishes the outcome of a build (or of a part of one) and reports
    /// it in the terminal; returns the new model when the site changed and
    /// the build is whole.
    fn report(&self, result: Result<Built, crate::Error>) -> Option<Arc<Site>> {
        let mut changed = None;
        match result {
            Ok(b) => {
                if b.changed && b.complete {
                    changed = Some(b.site.clone());
                }
                let total = b.files.len();
                if b.full {
                    say!(
                        "Built {} municipalities: {total} files in {:.2} s",
                        b.municipalities,
                        b.elapsed.as_secs_f64()
                    );
                } else if b.complete && b.changed {
                    say!(
                        "  and {} more that list it in {} ms",
                        b.rendered,
                        b.elapsed.as_millis()
                    );
                } else {
                    say!(
                        "Rebuilt {} of {total} files in {} ms",
                        b.rendered,
                        b.elapsed.as_millis()
                    );
                }
                let warnings = overlay::from_diagnostics(&b.site.warnings);
                if warnings != self.snapshot().warnings && !b.site.warnings.is_empty() {
                    // Printed when they change, as `build` prints them.
                    let _ = writeln!(anstream::stderr(), "{:#}", b.site.warnings);
                }
                self.publish(
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
                let last = self.snapshot();
                let problems = overlay::problems(&e);
                if last.built {
                    warn!("Still serving the last build that worked.");
                }
                self.publish(
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
    let first = app.report(builder.build(false, None));
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
    let result = runtime.block_on(run_server(listener, app));
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
        let mut done = app.report(builder.build(batch.content_only && !batch.rescan, changed));
        // The pages that list what changed, once its own pages are shown.
        if let Some(rest) = builder.finish() {
            done = app.report(rest);
        }
        if let Some(site) = done {
            // Without an index thread (--no-search) nobody listens: fine.
            let _ = index_tx.send(site);
        }
    }
}

/// Indexes every site the build thread sends, skipping to the newest when
/// several wait: an index for a site already replaced is wasted work. Only
/// the parts whose records changed are indexed again (`index`).
fn index_loop(app: &App, rx: &mpsc::Receiver<Arc<Site>>) {
    lower_priority();
    let mut parts = index::Index::default();
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

async fn run_server(listener: TcpListener, app: Arc<App>) -> std::io::Result<()> {
    listener.set_nonblocking(true)?;
    let listener = tokio::net::TcpListener::from_std(listener)?;
    let router = Router::new()
        .route(EVENTS_PATH, get(events))
        .fallback(page)
        .with_state(app.clone());
    let stopping = app.clone();
    let shutdown = async move {
        stop_signal().await;
        say!("\nStopping");
        stopping.stop.send_replace(true);
    };
    let mut stopped = app.stop.subscribe();
    // Open connections get a moment to finish; then the server stops anyway.
    let deadline = async move {
        let _ = stopped.wait_for(|s| *s).await;
        tokio::time::sleep(Duration::from_secs(3)).await;
    };
    tokio::select! {
        r = axum::serve(listener, router).with_graceful_shutdown(shutdown) => r,
        () = deadline => Ok(()),
    }
}

/// Ctrl-C, or SIGTERM where there is such a thing.
async fn stop_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

/// What a page's reload script asks for: the events of its own file.
#[derive(Debug, serde::Deserialize)]
struct EventsQuery {
    /// The key of the page's file (`gemeenten/delft/index.html`); without
    /// one, every publication is sent.
    #[serde(default)]
    page: String,
}

/// The reload channel of one page: the page's build id at once, then every
/// new one (a publication that changed its file, or every file), until
/// the server stops.
async fn events(
    State(app): State<Arc<App>>,
    Query(query): Query<EventsQuery>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let mut ids = app.ids.subscribe();
    let stop = app.stop.subscribe();
    ids.borrow_and_update();
    let key = query.page;
    let first = app.page_id(&app.snapshot(), &key);
    let hello = Event::default()
        .event("build")
        .data(first.clone())
        .retry(Duration::from_millis(500));
    let updates = stream::unfold(
        (ids, stop, app, key, first),
        |(mut ids, mut stop, app, key, mut last)| async move {
            loop {
                let changed = tokio::select! {
                    changed = ids.changed() => changed.is_ok(),
                    _ = stop.wait_for(|s| *s) => false,
                };
                if !changed {
                    return None;
                }
                ids.borrow_and_update();
                let id = app.page_id(&app.snapshot(), &key);
                if id != last {
                    last = id.clone();
                    let event = Event::default().event("build").data(id);
                    return Some((Ok(event), (ids, stop, app, key, last)));
                }
            }
        },
    );
    Sse::new(stream::once(async { Ok(hello) }).chain(updates)).keep_alive(KeepAlive::default())
}

/// Every other request: a file of the current snapshot.
async fn page(State(app): State<Arc<App>>, method: Method, uri: Uri) -> Response {
    if method != Method::GET && method != Method::HEAD {
        let mut r = plain(StatusCode::METHOD_NOT_ALLOWED, "Only GET and HEAD\n");
        r.headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return r;
    }
    let snap = app.snapshot();
    if !snap.built {
        let html = b"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Not built yet</title></head><body><h1>The site could not be built yet</h1></body></html>\n";
        return file(
            &snap,
            StatusCode::SERVICE_UNAVAILABLE,
            "index.html",
            Bytes::from_static(html),
        );
    }
    let lookup = |key: &str| snap.files.get(key).or_else(|| snap.index.get(key));
    match http::route(uri.path(), uri.query(), &snap.base_path, |k| {
        lookup(k).is_some()
    }) {
        http::Route::File(key) => {
            let bytes = lookup(&key).cloned().unwrap_or_default();
            file(&snap, StatusCode::OK, &key, bytes)
        }
        http::Route::Redirect(location) => {
            let mut r = StatusCode::PERMANENT_REDIRECT.into_response();
            if let Ok(v) = HeaderValue::from_str(&location) {
                r.headers_mut().insert(header::LOCATION, v);
            }
            r
        }
        http::Route::NotFound => match snap.files.get("404.html") {
            Some(bytes) => file(&snap, StatusCode::NOT_FOUND, "404.html", bytes.clone()),
            None => plain(StatusCode::NOT_FOUND, "Not found\n"),
        },
        http::Route::BadRequest => plain(StatusCode::BAD_REQUEST, "Bad request\n"),
    }
}

fn plain(status: StatusCode, text: &'static str) -> Response {
    let mut r = (status, text).into_response();
    r.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

fn file(snap: &Snapshot, status: StatusCode, key: &str, bytes: Bytes) -> Response {
    let content_type = http::content_type(key);
    let body = if content_type.starts_with("text/html") {
        let id = format!(
            "{}-{}",
            snap.id.rsplit_once('-').map_or("", |(run, _)| run),
            snap.versions.of(key)
        );
        Bytes::from(overlay::inject(
            &bytes,
            &id,
            key,
            &snap.problems,
            &snap.warnings,
        ))
    } else {
        bytes
    };
    let mut r = Response::new(Body::from(body));
    *r.status_mut() = status;
    let h = r.headers_mut();
    if let Ok(value) = HeaderValue::from_str(&content_type) {
        h.insert(header::CONTENT_TYPE, value);
    }
    // Never cached: a reload must show the new build.
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    r
}
