//! The HTTP side of `vergelijk serve`: which file a request gets, decided
//! without touching the disk, and the axum handlers that answer from the
//! current snapshot and stream reload events.
//!
//! The served site is the in-memory map a build produced, so a request can
//! only ever reach a key of that map: there is no file system path to
//! escape from and no symlink to follow. Requests are still checked
//! strictly, so that what works here also works on a real web server:
//! after percent-decoding, a path with `.` or `..` segments, empty segments
//! (`//etc/passwd`), backslashes or NUL is refused with 400.

use std::convert::Infallible;
use std::io::Write;
use std::net::TcpListener;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Query, State};
use axum::http::{HeaderValue, Method, StatusCode, Uri, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use futures_util::stream::{self, Stream, StreamExt};

use super::overlay::{self, EVENTS_PATH};
use super::state::{App, Snapshot};

/// What to answer to a `GET`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    /// The file with this key of the site.
    File(String),
    /// A permanent redirect to this location (a folder without its `/`,
    /// or the server root when the site lives under a subpath).
    Redirect(String),
    /// No such file: answer with `404.html` and status 404.
    NotFound,
    /// A path that is not a plain path into the site: status 400.
    BadRequest,
}

/// Routes the path of a request (still percent-encoded, without the
/// query) for a site under `base_path` (`/` or `/sub/`) whose files are
/// those for which `exists` is true.
pub fn route(
    raw: &str,
    query: Option<&str>,
    base_path: &str,
    exists: impl Fn(&str) -> bool,
) -> Route {
    if !raw.starts_with('/') {
        return Route::BadRequest;
    }
    let Some(path) = crate::text::percent_decode(raw) else {
        return Route::BadRequest;
    };
    if path.contains(['\\', '\0']) {
        return Route::BadRequest;
    }
    let segments: Vec<&str> = path[1..].split('/').collect();
    let last = segments.len() - 1;
    for (i, s) in segments.iter().enumerate() {
        if *s == "." || *s == ".." || (s.is_empty() && i != last) {
            return Route::BadRequest;
        }
    }
    let with_query = |p: String| match query {
        Some(q) if !q.is_empty() => format!("{p}?{q}"),
        _ => p,
    };
    let Some(rest) = path.strip_prefix(base_path) else {
        if path == base_path.trim_end_matches('/') || path == "/" {
            return Route::Redirect(with_query(base_path.to_string()));
        }
        return Route::NotFound;
    };
    let key = if rest.is_empty() || rest.ends_with('/') {
        crate::routes::index_file(rest)
    } else {
        rest.to_string()
    };
    if exists(&key) {
        return Route::File(key);
    }
    if !rest.is_empty()
        && !rest.ends_with('/')
        && exists(&crate::routes::index_file(&format!("{rest}/")))
    {
        // The raw path is already encoded; it is checked above, so it
        // starts with a single `/` and cannot point to another host.
        return Route::Redirect(with_query(format!("{raw}/")));
    }
    Route::NotFound
}

/// The `Content-Type` for a file, by its extension.
pub fn content_type(key: &str) -> String {
    let mime = mime_guess::from_path(key).first_or_octet_stream();
    // Text is served as UTF-8, which is what the build writes.
    let text =
        mime.type_() == mime_guess::mime::TEXT || mime.essence_str() == "application/javascript";
    if text {
        format!("{}; charset=utf-8", mime.essence_str())
    } else {
        mime.essence_str().to_string()
    }
}

pub(super) async fn run_server(listener: TcpListener, app: Arc<App>) -> std::io::Result<()> {
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
    match route(uri.path(), uri.query(), &snap.base_path, |k| {
        lookup(k).is_some()
    }) {
        Route::File(key) => {
            let bytes = lookup(&key).cloned().unwrap_or_default();
            file(&snap, StatusCode::OK, &key, bytes)
        }
        Route::Redirect(location) => {
            let mut r = StatusCode::PERMANENT_REDIRECT.into_response();
            if let Ok(v) = HeaderValue::from_str(&location) {
                r.headers_mut().insert(header::LOCATION, v);
            }
            r
        }
        Route::NotFound => match snap.files.get("404.html") {
            Some(bytes) => file(&snap, StatusCode::NOT_FOUND, "404.html", bytes.clone()),
            None => plain(StatusCode::NOT_FOUND, "Not found\n"),
        },
        Route::BadRequest => plain(StatusCode::BAD_REQUEST, "Bad request\n"),
    }
}

fn plain(status: StatusCode, text: &'static str) -> Response {
    let mut r = (status, text).into_response();
    r.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

fn file(snap: &Snapshot, status: StatusCode, key: &str, bytes: Bytes) -> Response {
    let content_type = content_type(key);
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

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> impl Fn(&str) -> bool {
        let keys: std::collections::BTreeSet<String> = [
            "index.html",
            "404.html",
            "style.css",
            "gemeenten/delft/index.html",
            "data/inzet.csv",
        ]
        .into_iter()
        .map(String::from)
        .collect();
        move |k: &str| keys.contains(k)
    }

    #[test]
    fn files_folders_and_redirects() {
        let s = site();
        assert_eq!(route("/", None, "/", &s), Route::File("index.html".into()));
        assert_eq!(
            route("/style.css", None, "/", &s),
            Route::File("style.css".into())
        );
        assert_eq!(
            route("/gemeenten/delft/", None, "/", &s),
            Route::File("gemeenten/delft/index.html".into())
        );
        assert_eq!(
            route("/gemeenten/delft", Some("a=1"), "/", &s),
            Route::Redirect("/gemeenten/delft/?a=1".into())
        );
        assert_eq!(route("/gemeenten/x/", None, "/", &s), Route::NotFound);
        assert_eq!(
            route("/%73tyle.css", None, "/", &s),
            Route::File("style.css".into())
        );
    }

    #[test]
    fn traversal_is_refused() {
        let s = site();
        for bad in [
            "/../Cargo.toml",
            "/%2e%2e/Cargo.toml",
            "/%2E%2E%2fCargo.toml",
            "/..%2fCargo.toml",
            "//etc/passwd",
            "/gemeenten//delft/",
            "/./style.css",
            "/gemeenten/..",
            "/a%5c..%5cb",
            "/%00",
            "/%zz",
            "/%ff",
            "relative",
        ] {
            assert_eq!(route(bad, None, "/", &s), Route::BadRequest, "{bad}");
        }
    }

    #[test]
    fn subpath() {
        let s = site();
        assert_eq!(
            route("/sub/", None, "/sub/", &s),
            Route::File("index.html".into())
        );
        assert_eq!(
            route("/sub", None, "/sub/", &s),
            Route::Redirect("/sub/".into())
        );
        assert_eq!(
            route("/", None, "/sub/", &s),
            Route::Redirect("/sub/".into())
        );
        assert_eq!(route("/style.css", None, "/sub/", &s), Route::NotFound);
        assert_eq!(
            route("/sub/style.css", None, "/sub/", &s),
            Route::File("style.css".into())
        );
    }

    #[test]
    fn content_types() {
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("data/inzet.csv"), "text/csv; charset=utf-8");
        assert_eq!(content_type("sitemap.xml"), "text/xml; charset=utf-8");
        assert_eq!(
            content_type("vergelijk.js"),
            "text/javascript; charset=utf-8"
        );
        assert_eq!(content_type("data/dataset.jsonld"), "application/ld+json");
        assert_eq!(
            content_type("data/inzet.xlsx"),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        );
        assert_eq!(content_type("x.SVG"), "image/svg+xml");
        assert_eq!(content_type("noext"), "application/octet-stream");
    }
}
