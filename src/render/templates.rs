//! Finding templates and static assets: site overrides, the theme on disk,
//! and the default theme embedded in the binary.
//!
//! A template named `municipality.html` is looked up, in order, in
//! `templates/` of the site (to override one template without copying the
//! theme), in `themes/<theme>/templates/`, and in the embedded default theme,
//! so a site without a `themes/` folder still builds and a theme only needs
//! the templates it changes. Static files come from the theme's `static/`
//! (or the embedded copy), then the site's `static/`, which wins.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use minijinja::value::Value;
use minijinja::{Environment, Error as TemplateError, ErrorKind, State};

use super::markdown::{self, Placement};
use crate::Error;
use crate::model::Date;

macro_rules! embed {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../../themes/default/templates/", $name)))),*]
    };
}
macro_rules! embed_bytes {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_bytes!(concat!("../../themes/default/static/", $name)))),*]
    };
}

/// The default theme's templates, compiled into the binary.
pub const DEFAULT_TEMPLATES: &[(&str, &str)] = embed!(
    "base.html",
    "index.html",
    "municipality.html",
    "municipalities.html",
    "topic.html",
    "topic-province.html",
    "topics.html",
    "page.html",
    "matrix.html",
    "compare.html",
    "glossary.html",
    "sitemap.html",
    "data.html",
    "search.html",
    "404.html",
    "macros.html",
    "map.html",
    "map-section.html",
    "selection-download.html",
    "progress.html",
    "progress-section.html",
    "data-history.html",
    "feed.xml",
    "sitemap.xml",
);

/// The default theme's static files, compiled into the binary.
pub const DEFAULT_STATIC: &[(&str, &[u8])] = embed_bytes!(
    "favicon.svg",
    "style.css",
    "vergelijk.js",
    "zoeken.js",
    "voortgang.css"
);

pub const DEFAULT_THEME: &str = "default";

/// Where a site's templates and assets come from.
#[derive(Debug, Clone)]
pub struct Theme {
    pub name: String,
    /// `themes/<name>` when it exists on disk.
    pub dir: Option<PathBuf>,
    /// The site's own `templates/` folder, when it exists.
    pub overrides: Option<PathBuf>,
    /// The site's own `static/` folder, when it exists.
    pub site_static: Option<PathBuf>,
}

impl Theme {
    /// Resolves `name` against `themes_dir`; `site_dir` holds the optional
    /// `templates/` and `static/` overrides.
    pub fn resolve(name: &str, themes_dir: &Path, site_dir: &Path) -> Theme {
        let existing = |p: PathBuf| p.is_dir().then_some(p);
        Theme {
            name: name.to_string(),
            dir: existing(themes_dir.join(name)),
            overrides: existing(site_dir.join("templates")),
            site_static: existing(site_dir.join("static")),
        }
    }
}

/// The themes a site may name: folders in `themes_dir`, plus the embedded one.
pub fn available_themes(themes_dir: &Path) -> Vec<String> {
    let mut names = vec![DEFAULT_THEME.to_string()];
    if let Ok(entries) = std::fs::read_dir(themes_dir) {
        for e in entries.flatten() {
            if e.path().is_dir()
                && let Some(n) = e.file_name().to_str()
                && !n.starts_with('.')
                && !names.iter().any(|x| x == n)
            {
                names.push(n.to_string());
            }
        }
    }
    names.sort();
    names
}

/// Builds the template environment for a theme, with the filters templates use.
pub fn environment(theme: &Theme) -> Environment<'static> {
    environment_with(theme, None)
}

/// [`environment`], rendering Markdown through `cache` when given.
pub fn environment_with(
    theme: &Theme,
    cache: Option<Arc<markdown::Cache>>,
) -> Environment<'static> {
    let mut env = Environment::new();
    env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
    env.set_formatter(html_formatter);
    // XML templates (the feed, the sitemap) escape as XML: `&apos;`, and no
    // character XML 1.0 forbids.
    env.set_auto_escape_callback(|name| {
        if name.ends_with(".xml") {
            minijinja::AutoEscape::Custom("xml".into())
        } else {
            minijinja::default_auto_escape_callback(name)
        }
    });
    // Every address and filter name, so templates do not spell them.
    env.add_global(
        "routes",
        Value::from(minijinja::value::Serde(&crate::routes::ROUTES)),
    );
    if let Ok(syntax) = minijinja::syntax::SyntaxConfig::builder()
        .trim_blocks(true)
        .lstrip_blocks(true)
        .build()
    {
        env.set_syntax(syntax);
    }
    let search: Vec<PathBuf> = theme
        .overrides
        .iter()
        .cloned()
        .chain(theme.dir.as_ref().map(|d| d.join("templates")))
        .collect();
    env.set_loader(move |name: &str| {
        if name
            .split(['/', '\\'])
            .any(|part| part == ".." || part.is_empty())
        {
            return Ok(None);
        }
        for dir in &search {
            let path = dir.join(name);
            match std::fs::read_to_string(&path) {
                Ok(text) => return Ok(Some(text)),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => {
                    return Err(TemplateError::new(
                        ErrorKind::InvalidOperation,
                        format!("cannot read {}: {e}", path.display()),
                    ));
                }
            }
        }
        Ok(DEFAULT_TEMPLATES
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, text)| text.to_string()))
    });
    env.add_filter(
        "markdown",
        move |state: &State, text: Option<String>, top: Option<u8>, ids: Option<bool>| {
            markdown_filter(cache.as_deref(), state, text, top, ids.unwrap_or(false))
        },
    );
    env.add_filter("date_nl", date_nl);
    env.add_filter("date_iso", date_iso);
    env.add_filter("css_string", |s: String| {
        Value::from_safe_string(css_string(&s))
    });
    env.add_filter("slug", |s: String| crate::text::slugify(&s));
    // `{{ list | selectattr("topics_completed", "containing", slug) }}`
    env.add_test("containing", |seq: &Value, item: &Value| {
        seq.try_iter().is_ok_and(|mut it| it.any(|v| &v == item))
    });
    env
}

/// Writes a value into a template's output. Strings in HTML templates are
/// escaped as Jinja2 (MarkupSafe) and Askama do: `&`, `<`, `>`, `"` and
/// `'`, which is what text and quoted attribute values need. minijinja's
/// default escapes `/` as well (`&#x2f;`), which made every link several
/// times longer (`..&#x2f;..&#x2f;gemeenten&#x2f;delft&#x2f;`). Everything
/// else (safe strings, numbers, other formats) goes to minijinja's default.
fn html_formatter(
    out: &mut minijinja::Output,
    state: &mut State,
    value: &Value,
) -> Result<(), TemplateError> {
    if matches!(state.auto_escape(), minijinja::AutoEscape::Custom(name) if name == "xml") {
        let text = value.to_string();
        let text = if value.is_safe() {
            text
        } else {
            crate::text::escape_xml(&text)
        };
        return out.write_str(&text).map_err(|e| {
            TemplateError::new(ErrorKind::WriteFailure, "cannot write the file").with_source(e)
        });
    }
    let html = matches!(state.auto_escape(), minijinja::AutoEscape::Html);
    match value.as_str() {
        Some(text) if html && !value.is_safe() => write_html_escaped(out, text).map_err(|e| {
            TemplateError::new(ErrorKind::WriteFailure, "cannot write the page").with_source(e)
        }),
        _ => minijinja::escape_formatter(out, state, value),
    }
}

fn write_html_escaped(out: &mut impl std::fmt::Write, text: &str) -> std::fmt::Result {
    let mut start = 0;
    for (i, b) in text.bytes().enumerate() {
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#x27;",
            _ => continue,
        };
        out.write_str(&text[start..i])?;
        out.write_str(entity)?;
        start = i + 1;
    }
    out.write_str(&text[start..])
}

/// `{{ text | css_string }}`: a quoted CSS string that means `text`, for a
/// `<style>` element (raw text, where HTML escapes mean nothing): every
/// character but letters, digits, spaces and plain punctuation becomes a
/// CSS escape (`\22 ` for `"`), so no text can end the string, the rule
/// or the element.
pub fn css_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        if c.is_alphanumeric() || " .,:;?!()-–·'’".contains(c) {
            out.push(c);
        } else {
            out.push_str(&format!("\\{:x} ", c as u32));
        }
    }
    out.push('"');
    out
}

/// `{{ text | markdown(3) }}`: Markdown to safe HTML; the argument is the
/// heading level `#` becomes (default 2). Root-relative links use `root`.
/// `markdown(2, true)` gives the headings ids, for a page's body.
fn markdown_filter(
    cache: Option<&markdown::Cache>,
    state: &State,
    text: Option<String>,
    top: Option<u8>,
    heading_ids: bool,
) -> Result<Value, TemplateError> {
    let root = state
        .lookup("root")
        .map(|v| v.to_string())
        .unwrap_or_default();
    let contact = state
        .lookup("site")
        .and_then(|s| s.get_attr("contact").ok())
        .and_then(|c| c.as_str().map(str::to_string));
    let text = text.as_deref().unwrap_or("");
    let placement = Placement {
        root: &root,
        top_heading: top.unwrap_or(2).clamp(1, 6),
        heading_ids,
        contact: contact.as_deref(),
    };
    let html = match cache {
        Some(c) => c.render(text, placement),
        None => markdown::render(text, placement),
    };
    Ok(Value::from_safe_string(html))
}

const MONTHS_NL: [&str; 12] = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
];

/// Formats a date the Dutch way: `15 januari 2020`.
pub fn format_date_nl(d: Date) -> String {
    let month = MONTHS_NL
        .get(usize::from(d.month).saturating_sub(1))
        .unwrap_or(&"");
    format!("{} {} {}", d.day, month, d.year)
}

/// `{{ site.peildatum | date_nl }}`
fn date_nl(value: Value) -> Result<String, TemplateError> {
    Ok(format_date_nl(date_from_value(&value)?))
}

/// `{{ municipality.updated | date_iso }}`: `2020-01-15`, for `<time datetime>`.
fn date_iso(value: Value) -> Result<String, TemplateError> {
    Ok(date_from_value(&value)?.iso())
}

fn date_from_value(value: &Value) -> Result<Date, TemplateError> {
    let field = |name: &str| -> Result<u64, TemplateError> {
        value
            .get_attr(name)
            .ok()
            .and_then(|v| u64::try_from(v).ok())
            .ok_or_else(|| {
                TemplateError::new(ErrorKind::InvalidOperation, "date_nl expects a date")
            })
    };
    Ok(Date {
        year: u16::try_from(field("year")?).unwrap_or(0),
        month: u8::try_from(field("month")?).unwrap_or(0),
        day: u8::try_from(field("day")?).unwrap_or(0),
    })
}

/// The theme's static files and the site's own, keyed by output path.
pub fn static_files(theme: &Theme) -> Result<BTreeMap<String, Vec<u8>>, Error> {
    let mut files = BTreeMap::new();
    match &theme.dir {
        Some(dir) => read_tree(&dir.join("static"), &mut files)?,
        None => {
            for (name, bytes) in DEFAULT_STATIC {
                files.insert((*name).to_string(), bytes.to_vec());
            }
        }
    }
    if let Some(dir) = &theme.site_static {
        read_tree(dir, &mut files)?;
    }
    Ok(files)
}

fn read_tree(dir: &Path, files: &mut BTreeMap<String, Vec<u8>>) -> Result<(), Error> {
    if !dir.is_dir() {
        return Ok(());
    }
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.map_err(|e| Error::io(dir)(e.into()))?;
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(dir)
            .unwrap_or(entry.path())
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/");
        let bytes = std::fs::read(entry.path()).map_err(Error::io(entry.path()))?;
        files.insert(rel, bytes);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Text and attribute values are escaped as in Jinja2; `/` is not (it
    /// needs no escaping, and links are full of it); safe strings, numbers
    /// and non-HTML templates are left to minijinja.
    #[test]
    fn html_output_escapes_what_html_needs() {
        let mut env = Environment::new();
        env.set_formatter(html_formatter);
        env.add_template(
            "t.html",
            "<a title=\"{{ s }}\" href='{{ s }}'>{{ s }}</a>{{ n }}{{ h }}",
        )
        .unwrap();
        env.add_template("t.txt", "{{ s }}").unwrap();
        let ctx = minijinja::context! {
            s => "<script>\"x\" & 'y'</script> a/b",
            n => 42,
            h => Value::from_safe_string("<b>/</b>".into()),
        };
        let esc = "&lt;script&gt;&quot;x&quot; &amp; &#x27;y&#x27;&lt;/script&gt; a/b";
        assert_eq!(
            env.get_template("t.html").unwrap().render(&ctx).unwrap(),
            format!("<a title=\"{esc}\" href='{esc}'>{esc}</a>42<b>/</b>")
        );
        assert_eq!(
            env.get_template("t.txt").unwrap().render(&ctx).unwrap(),
            "<script>\"x\" & 'y'</script> a/b"
        );
    }

    /// A template added to themes/default but not to the embed list would
    /// silently be missing from sites without a themes/ folder.
    #[test]
    fn every_default_theme_file_is_embedded() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
        let on_disk = |sub: &str| -> Vec<String> {
            let mut v: Vec<String> = std::fs::read_dir(root.join(sub))
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect();
            v.sort();
            v
        };
        let mut embedded: Vec<String> = DEFAULT_TEMPLATES
            .iter()
            .map(|(n, _)| n.to_string())
            .collect();
        embedded.sort();
        assert_eq!(on_disk("templates"), embedded);
        let mut embedded: Vec<String> = DEFAULT_STATIC.iter().map(|(n, _)| n.to_string()).collect();
        embedded.sort();
        assert_eq!(on_disk("static"), embedded);
    }

    #[test]
    fn css_strings_cannot_end_the_string_the_rule_or_the_style_element() {
        assert_eq!(
            css_string("Eenzaamheid: wat? (2020)"),
            "\"Eenzaamheid: wat? (2020)\""
        );
        let hostile = css_string("a\" } </style><script>x</script> \\ \n");
        assert!(
            !hostile[1..hostile.len() - 1].contains(['"', '<', '>', '{', '}', '\n']),
            "{hostile}"
        );
        assert!(hostile.contains("\\22 "), "{hostile}");
    }

    #[test]
    fn dutch_dates() {
        assert_eq!(
            format_date_nl(Date {
                year: 2020,
                month: 1,
                day: 15
            }),
            "15 januari 2020"
        );
    }
}
