//! Which file a request gets, decided without touching the disk.
//!
//! The served site is the in-memory map a build produced, so a request can
//! only ever reach a key of that map: there is no file system path to
//! escape from and no symlink to follow. Requests are still checked
//! strictly, so that what works here also works on a real web server:
//! after percent-decoding, a path with `.` or `..` segments, empty segments
//! (`//etc/passwd`), backslashes or NUL is refused with 400.

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
