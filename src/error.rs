//! The library's errors: what can go wrong while checking, building or
//! authoring a site, each with the cause it came from.
//!
//! Every variant keeps its cause as a [`std::error::Error::source`], so a
//! caller can walk the chain ([`report`] does). By convention the message of
//! a variant already ends with its immediate cause (`path: Permission
//! denied`), as `std::io::Error`'s callers expect; [`report`] adds the deeper
//! causes, one per line. Exit codes are the binary's business (`main.rs`);
//! the dev server wraps these in its own [`crate::serve::Error`].

use std::path::PathBuf;

use crate::diagnostics::Diagnostics;

/// A boxed cause from a library that has no error type of its own to name.
pub type Cause = Box<dyn std::error::Error + Send + Sync>;

/// What can go wrong, by who can fix it.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The author's content has problems; `{:#}` adds terminal colours.
    #[error(transparent)]
    Content(Diagnostics),
    /// A template of the theme or of the site's overrides failed.
    #[error("error in template {name}: {source}")]
    Template {
        name: String,
        #[source]
        source: minijinja::Error,
    },
    /// Building the search index failed.
    #[error("error while building the search index: {source}")]
    Search {
        #[source]
        source: Cause,
    },
    /// Reading or writing a file failed.
    #[error("error: {}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// A content file could not be rewritten (`new-edition`): its TOML did
    /// not have the shape the edit needs.
    #[error("error: {}: {reason}", path.display())]
    Edit { path: PathBuf, reason: String },
    /// A request the library will not carry out because it would do harm
    /// or cannot be done as asked: an output folder that holds the
    /// sources, a file that exists, a date before the current one.
    #[error("error: {0}")]
    Refused(String),
}

impl Error {
    /// A template error, named after the template that failed (which may
    /// be one the named one includes).
    pub(crate) fn template(name: &str, source: minijinja::Error) -> Error {
        Error::Template {
            name: source.name().unwrap_or(name).to_string(),
            source,
        }
    }

    /// For `map_err`: an I/O error on `path`.
    pub(crate) fn io(path: impl Into<PathBuf>) -> impl FnOnce(std::io::Error) -> Error {
        let path = path.into();
        move |source| Error::Io { path, source }
    }

    /// For `map_err`: a failure of the search indexer.
    pub(crate) fn search(source: impl Into<Cause>) -> Error {
        Error::Search {
            source: source.into(),
        }
    }
}

/// The whole message of `error`: its own (which ends with its immediate
/// cause), then each deeper cause on a line of its own.
pub fn report(error: &dyn std::error::Error) -> String {
    error.to_string() + &causes(error.source().and_then(|s| s.source()))
}

/// `cause` and the causes behind it, a line `caused by: …` each.
pub fn causes(mut cause: Option<&dyn std::error::Error>) -> String {
    let mut lines = String::new();
    while let Some(c) = cause {
        lines.push_str(&format!("\ncaused by: {c}"));
        cause = c.source();
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_template_error_keeps_its_cause_and_reports_the_chain_once() {
        let mut env = minijinja::Environment::new();
        env.add_template("page.html", "{{ 1 + }}").unwrap_err();
        let e = env
            .template_from_named_str("page.html", "{% include 'missing.html' %}")
            .unwrap()
            .render(())
            .unwrap_err();
        let error = Error::template("page.html", e);
        assert!(std::error::Error::source(&error).is_some());
        let text = report(&error);
        assert!(text.starts_with("error in template page.html: "), "{text}");
        assert!(text.contains("missing.html"), "{text}");
        let first = text.lines().next().unwrap();
        assert!(
            !text[first.len()..].contains(first),
            "the first cause appears once: {text}"
        );
    }

    #[test]
    fn an_io_error_names_the_path_then_the_reason() {
        let e = Error::io("public/index.html")(std::io::Error::from(
            std::io::ErrorKind::PermissionDenied,
        ));
        assert_eq!(report(&e), "error: public/index.html: permission denied");
    }
}
