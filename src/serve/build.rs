//! Rebuilding the site in memory, incrementally when only content changed.
//!
//! The [`Builder`] keeps the last good build: its model and its files. When
//! a batch of changes touched only `content/`, the new model is compared
//! with that one ([`Changes::between`]) and only the outputs that depend on
//! what differs are rendered, in two parts: first the pages of what changed
//! (quick at any size: what the author is looking at), then, after those
//! are published, the topic pages, overviews and data files, laid over a copy of the previous files (a
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
use crate::render::{self, Changes, Part, Scope, markdown, templates::Theme};
use crate::{Error, Options};

/// A built site as the server holds it: output path -> shared bytes.
pub type Served = BTreeMap<String, Bytes>;

/// A successful build, or part of one.
#[derive(Debug, Clone)]
pub struct Built {
    pub files: Arc<Served>,
    /// Where the site lives: the path of its `base_url` (`/`, `/sub/`).
    pub base_path: String,
    /// How many files were rendered (all of them for a full build).
    pub rendered: usize,
    pub municipalities: usize,
    pub elapsed: Duration,
    /// The model it was built from.
    pub site: Arc<Site>,
    pub stage: Stage,
    /// The files rendered again (output paths), which pages compare with
    /// their own to decide whether to reload; `None` for a full build.
    pub changed_files: Option<Vec<String>>,
}

/// Which part of a build a [`Built`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Every file, rendered from scratch.
    Full,
    /// The pages of what changed. `rest`: the pages that list it are
    /// still to come from [`Builder::finish`]; without a rest, the model
    /// is the same as the previous build's.
    Own { rest: bool },
    /// The pages that list what changed, which complete the build.
    Rest,
}

impl Built {
    /// Whether this is the first part of a build of a model that differs
    /// from the previous one: what the search index is rebuilt for (the
    /// rest of such a build renders more pages of the same model).
    pub fn starts_a_new_site(&self) -> bool {
        matches!(self.stage, Stage::Full | Stage::Own { rest: true })
    }

    fn new(
        site: Arc<Site>,
        files: Arc<Served>,
        stage: Stage,
        changed_files: Option<Vec<String>>,
        start: Instant,
    ) -> Built {
        Built {
            rendered: changed_files.as_ref().map_or(files.len(), Vec::len),
            base_path: site.config.base_path().to_string(),
            municipalities: site.municipalities.len(),
            elapsed: start.elapsed(),
            files,
            site,
            stage,
            changed_files,
        }
    }
}

/// The second part of an incremental build, still to render.
struct Pending {
    site: Arc<Site>,
    theme: Theme,
    changes: Changes,
    /// The last good build's files with the first part laid over them.
    files: Arc<Served>,
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
    pending: Option<Pending>,
}

impl Builder {
    pub fn new(options: Options) -> Builder {
        Builder {
            options,
            last: None,
            theme_dirty: true,
            markdown: Arc::default(),
            content: crate::content::Cache::default(),
            pending: None,
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
    ///
    /// After a change to municipalities or content pages, only their own
    /// pages are rendered here; the rest follows from [`Builder::finish`],
    /// which the server calls right after publishing this part. A build
    /// left unfinished is finished first.
    pub fn build(
        &mut self,
        content_only: bool,
        changed: Option<&[PathBuf]>,
    ) -> Result<Built, Error> {
        // A failure of the rest leaves `last` as it was before that
        // change, which this build is then compared with: nothing is lost.
        let _ = self.finish();
        let start = Instant::now();
        if !content_only {
            self.theme_dirty = true;
        }
        let site = Arc::new(crate::check_cached(
            &self.options,
            &mut self.content,
            changed,
        )?);
        let theme = Theme::resolve(
            &site.config.theme,
            &self.options.themes,
            &self.options.site_dir,
        );
        let changes = match (&self.last, self.theme_dirty) {
            (Some((old, files)), false) => Changes::between(old, &site).map(|c| (c, files.clone())),
            _ => None,
        };
        let built = match changes {
            Some((changes, previous)) => {
                let update = self.render(
                    &site,
                    &theme,
                    Some(Scope {
                        changes: &changes,
                        part: Part::Own,
                    }),
                )?;
                let (files, changed_files) = lay_over(&previous, update);
                let complete = changes.is_empty();
                if complete {
                    self.last = Some((site.clone(), files.clone()));
                } else {
                    self.pending = Some(Pending {
                        site: site.clone(),
                        theme,
                        changes,
                        files: files.clone(),
                    });
                }
                let rest = !complete;
                Built::new(site, files, Stage::Own { rest }, Some(changed_files), start)
            }
            None => {
                let all = self.render(&site, &theme, None)?;
                let files: Arc<Served> =
                    Arc::new(all.into_iter().map(|(k, v)| (k, Bytes::from(v))).collect());
                self.markdown.sweep();
                self.last = Some((site.clone(), files.clone()));
                Built::new(site, files, Stage::Full, None, start)
            }
        };
        self.theme_dirty = false;
        Ok(built)
    }

    /// Renders all of `site`, or the part of it that a change reaches,
    /// with the Markdown of earlier builds.
    fn render(
        &self,
        site: &Site,
        theme: &Theme,
        changed: Option<Scope>,
    ) -> Result<render::Files, Error> {
        let request = render::Request {
            changed,
            cache: Some(&self.markdown),
        };
        render::render_files(site, theme, &request)
    }

    /// Renders the rest of an incremental build, when [`Builder::build`]
    /// left some. On failure the last good build stays the one from before
    /// the change.
    pub fn finish(&mut self) -> Option<Result<Built, Error>> {
        let pending = self.pending.take()?;
        let start = Instant::now();
        let update = match self.render(
            &pending.site,
            &pending.theme,
            Some(Scope {
                changes: &pending.changes,
                part: Part::Rest,
            }),
        ) {
            Ok(update) => update,
            Err(e) => return Some(Err(e)),
        };
        let (files, changed_files) = lay_over(&pending.files, update);
        self.markdown.sweep();
        let site = pending.site;
        self.last = Some((site.clone(), files.clone()));
        Some(Ok(Built::new(
            site,
            files,
            Stage::Rest,
            Some(changed_files),
            start,
        )))
    }
}

/// `update` laid over a copy of `files` (a cheap copy: bytes are shared),
/// and the paths it changed.
fn lay_over(files: &Served, update: render::Files) -> (Arc<Served>, Vec<String>) {
    let changed: Vec<String> = update.keys().cloned().collect();
    let mut files = files.clone();
    files.extend(update.into_iter().map(|(k, v)| (k, Bytes::from(v))));
    (Arc::new(files), changed)
}
