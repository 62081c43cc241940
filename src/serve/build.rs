//! Rebuilding the site in memory, incrementally when only content changed.
//!
//! The [`Builder`] keeps the last good build: its model and its files. When
//! a batch of changes touched only `content/`, the new model is compared
//! with that one ([`Changes::between`]) and only the outputs that depend on
//! what differs are rendered, laid over a copy of the previous files (a
//! cheap copy: the bytes are shared), with the Markdown fragments of the
//! previous build reused. Anything else (a template, a static
//! file, `site.toml`, a new municipality) renders the whole site. A failed
//! build leaves the last good one as it was, and the next build is still
//! compared with it. The search index is not built here: the server builds
//! it on a thread of its own, so pages never wait for it.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Bytes;

use crate::model::Site;
use crate::render::{self, Changes, markdown, templates::Theme};
use crate::{Error, Options};

/// A built site as the server holds it: output path -> shared bytes.
pub type Served = BTreeMap<String, Bytes>;

/// A successful build.
#[derive(Debug, Clone)]
pub struct Built {
    pub files: Arc<Served>,
    /// Where the site lives: the path of its `base_url` (`/`, `/sub/`).
    pub base_path: String,
    /// How many files were rendered (all of them for a full build).
    pub rendered: usize,
    pub full: bool,
    pub municipalities: usize,
    pub elapsed: Duration,
    /// The model it was built from.
    pub site: Arc<Site>,
    /// Whether the site differs from the previous build's.
    pub changed: bool,
}

/// Builds the site again and again, keeping the last good build.
pub struct Builder {
    options: Options,
    last: Option<(Arc<Site>, Arc<Served>)>,
    /// Something outside `content/` changed since the last good build, so
    /// its files may be stale everywhere.
    theme_dirty: bool,
    /// Markdown rendered by the last build, reused by the next.
    markdown: Arc<markdown::Cache>,
    /// Municipality files as last loaded: a save parses only that file.
    content: crate::content::Cache,
}

impl Builder {
    pub fn new(options: Options) -> Builder {
        Builder {
            options,
            last: None,
            theme_dirty: true,
            markdown: Arc::default(),
            content: crate::content::Cache::default(),
        }
    }

    pub fn options(&self) -> &Options {
        &self.options
    }

    /// The files of the last good build, if there was one.
    pub fn last_files(&self) -> Option<Arc<Served>> {
        self.last.as_ref().map(|(_, f)| f.clone())
    }

    /// Loads and renders the site. `content_only` says that nothing but
    /// files under `content/` changed since the previous call; `changed`
    /// lists the files that changed (absolute paths), or is `None` when
    /// anything may have.
    pub fn build(
        &mut self,
        content_only: bool,
        changed: Option<&[PathBuf]>,
    ) -> Result<Built, Error> {
        let start = Instant::now();
        if !content_only {
            self.theme_dirty = true;
        }
        let site = crate::check_cached(&self.options, &mut self.content, changed)?;
        let theme = Theme::resolve(
            &site.config.theme,
            &self.options.themes,
            &self.options.site_dir,
        );
        let changes = match (&self.last, self.theme_dirty) {
            (Some((old, files)), false) => Changes::between(old, &site).map(|c| (c, files)),
            _ => None,
        };
        let (files, rendered, full, changed) = match changes {
            Some((changes, previous)) => {
                let update = render::render_changed(&site, &theme, &changes, Some(&self.markdown))?;
                let rendered = update.len();
                let mut files = Served::clone(previous);
                files.extend(update.into_iter().map(|(k, v)| (k, Bytes::from(v))));
                (files, rendered, false, !changes.is_empty())
            }
            None => {
                let all = render::render_cached(&site, &theme, Some(&self.markdown))?;
                let rendered = all.len();
                let files: Served = all.into_iter().map(|(k, v)| (k, Bytes::from(v))).collect();
                (files, rendered, true, true)
            }
        };
        self.theme_dirty = false;
        self.markdown.sweep();
        let files = Arc::new(files);
        let site = Arc::new(site);
        let built = Built {
            files: files.clone(),
            base_path: site.config.base_path().to_string(),
            rendered,
            full,
            municipalities: site.municipalities.len(),
            elapsed: start.elapsed(),
            site: site.clone(),
            changed,
        };
        self.last = Some((site, files));
        Ok(built)
    }
}
