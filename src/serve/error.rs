//! What can stop the dev server, apart from the build errors it shows in
//! the page: the address, the watcher, the threads and the runtime it needs.
//! A failed build is not one of them; `serve` keeps running and shows it.

/// Why `vergelijk serve` could not start or keep serving.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The address (or none of the default ports) could be listened on.
    #[error("error: cannot listen on {addr}: {source}")]
    Listen {
        addr: String,
        #[source]
        source: std::io::Error,
    },
    /// The sources could not be watched for changes.
    #[error("error: cannot watch the sources: {source}")]
    Watch {
        #[source]
        source: notify::Error,
    },
    /// A thread or the HTTP runtime could not be started.
    #[error("error: cannot start the {what}: {source}")]
    Start {
        what: &'static str,
        #[source]
        source: std::io::Error,
    },
}
