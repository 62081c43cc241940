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
//! compared with it. The search index is built after the pages
//! ([`Builder::search_index`]), so pages reload without waiting for it.

use std::collections::BTreeMap;
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
}

/// Builds the site again and again, keeping the last good build.
pub struct Builder {
    options: Options,
    last: Option<(Site, Arc<Served>)>,
    /// Something outside `content/` changed since the last good build, so
    /// its files may be stale everywhere.
    theme_dirty: bool,
    /// Markdown rendered by the last build, reused by the next.
    markdown: Arc<markdown::Cache>,
    /// A build changed the site since the search index was last built.
    index_pending: bool,
}

impl Builder {
    pub fn new(options: Options) -> Builder {
        Builder {
            options,
            last: None,
            theme_dirty: true,
            markdown: Arc::default(),
            index_pending: false,
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
    /// files under `content/` changed since the previous call.
    pub fn build(&mut self, content_only: bool) -> Result<Built, Error> {
        let start = Instant::now();
        if !content_only {
            self.theme_dirty = true;
        }
        let site = crate::check(&self.options)?;
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
                let mut files: Served = all.into_iter().map(|(k, v)| (k, Bytes::from(v))).collect();
                // The previous search index stays until the new one is
                // built, so the search page keeps working meanwhile.
                if let Some((_, previous)) = &self.last {
                    files.extend(
                        previous
                            .range(index_prefix()..)
                            .take_while(|(k, _)| k.starts_with(&index_prefix()))
                            .map(|(k, v)| (k.clone(), v.clone())),
                    );
                }
                (files, rendered, true, true)
            }
        };
        self.index_pending |= self.options.search && changed;
        self.theme_dirty = false;
        self.markdown.sweep();
        let files = Arc::new(files);
        let built = Built {
            files: files.clone(),
            base_path: site.config.base_path().to_string(),
            rendered,
            full,
            municipalities: site.municipalities.len(),
            elapsed: start.elapsed(),
        };
        self.last = Some((site, files));
        Ok(built)
    }

    /// Builds the search index of the last good build, when a build since
    /// the last call changed the site and the options ask for an index, and
    /// returns that build's files with it. Separate from [`Builder::build`]
    /// because it takes long on a large site and only the search page needs
    /// it: pages reload first, the index follows.
    pub fn search_index(&mut self) -> Option<Result<(Arc<Served>, usize), Error>> {
        if !std::mem::take(&mut self.index_pending) {
            return None;
        }
        let (site, files) = self.last.as_mut()?;
        let index = match crate::search::index(site) {
            Ok(i) => i,
            Err(e) => return Some(Err(e)),
        };
        let count = index.len();
        // The index is one whole: its chunks are named by their contents,
        // so the old ones go before the new ones come in.
        let prefix = index_prefix();
        let mut with_index = Served::clone(files);
        with_index.retain(|k, _| !k.starts_with(&prefix));
        with_index.extend(index.into_iter().map(|(k, v)| (k, Bytes::from(v))));
        *files = Arc::new(with_index);
        Some(Ok((files.clone(), count)))
    }
}

fn index_prefix() -> String {
    format!("{}/", crate::search::BUNDLE_DIR)
}
