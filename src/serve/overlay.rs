//! What the dev server adds to every HTML page it serves: the script that
//! reloads the page after a rebuild, and, while the last rebuild failed,
//! a dialog listing each problem.
//!
//! Nothing here reaches `vergelijk build`: the server adds it to the page
//! as it sends it, and the rendered files stay as `build` writes them.
//!
//! The dialog is a native `<dialog>`, opened modally by the script, so the
//! browser moves focus into it, keeps it there, closes it on Escape and
//! gives focus back on close; its "Close" button is a `method="dialog"`
//! form, which works without the script too. `role="alertdialog"` with a
//! heading and a description tells screen readers what it is.

use std::fmt::Write as _;

use crate::Error;

/// The path of the server-sent events stream; the same under any base path.
pub const EVENTS_PATH: &str = "/__vergelijk/events";

/// One problem, ready to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// `content/municipalities/delft.toml:12:11`, a template name or a path.
    pub position: String,
    pub message: String,
    /// The offending line, when the problem has a position in a file.
    pub snippet: Option<Snippet>,
    pub help: Option<String>,
}

/// An offending line and the part of it to mark.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snippet {
    pub line: usize,
    pub text: String,
    /// 1-based, in characters.
    pub column: usize,
    pub width: usize,
}

/// One problem per diagnostic (errors, or the warnings of a build that
/// worked).
pub fn from_diagnostics(diags: &crate::Diagnostics) -> Vec<Problem> {
    diags
        .iter()
        .map(|d| Problem {
            position: d.position(),
            message: d.message.clone(),
            snippet: d
                .location
                .as_ref()
                .filter(|l| !l.source_line.is_empty())
                .map(|l| Snippet {
                    line: l.line,
                    text: l.source_line.clone(),
                    column: l.column,
                    width: l.width,
                }),
            help: d.help.clone(),
        })
        .collect()
}

/// The problems an error stands for, one per diagnostic.
pub fn problems(error: &Error) -> Vec<Problem> {
    match error {
        Error::Content(diags) => from_diagnostics(diags),
        Error::Template { name, source } => vec![Problem {
            position: format!("template {name}"),
            message: source.to_string() + &crate::error::causes(std::error::Error::source(source)),
            snippet: None,
            help: None,
        }],
        Error::Io { path, source } => vec![Problem {
            position: path.display().to_string(),
            message: source.to_string(),
            snippet: None,
            help: None,
        }],
        other => vec![Problem {
            position: String::new(),
            message: crate::error::report(other),
            snippet: None,
            help: None,
        }],
    }
}

/// The script that reloads the page when the server has a build other
/// than `build_id`, the one the page was served from. It compares on every
/// (re)connection too, so a rebuild that finished while the page loaded,
/// or a restarted server, still reloads it.
pub fn reload_script(build_id: &str, page: &str) -> String {
    // The id is hex digits and a dash; JSON-quote it all the same.
    let id = serde_json::to_string(build_id).unwrap_or_else(|_| "\"\"".into());
    // The events of this page's file only: it reloads when that changed.
    let url = format!(
        "{EVENTS_PATH}?page={}",
        crate::text::percent_encode_path(page)
    );
    let url = serde_json::to_string(&url).unwrap_or_else(|_| "\"\"".into());
    format!(
        r#"<script data-vergelijk-serve>
(function () {{
  if (!window.EventSource) return;
  var build = {id};
  var events = new EventSource({url});
  events.addEventListener("build", function (e) {{
    if (e.data !== build) {{ events.close(); location.reload(); }}
  }});
  var dialog = document.getElementById("vergelijk-problems");
  if (dialog && dialog.showModal) {{ dialog.close(); dialog.showModal(); }}
}})();
</script>
"#
    )
}

const STYLE: &str = r#"<style>
#vergelijk-problems { box-sizing: border-box; width: min(60rem, calc(100% - 2rem)); max-height: calc(100% - 2rem); overflow: auto; margin: 1rem auto; padding: 1.5rem; border: 4px solid #b00020; border-radius: 6px; background: #fff; color: #111; font: 1rem/1.5 system-ui, sans-serif; z-index: 2147483647; position: fixed; inset: 0; }
#vergelijk-problems::backdrop { background: rgba(0, 0, 0, 0.6); }
#vergelijk-problems h2 { margin: 0 0 0.5rem; font-size: 1.4rem; color: #8a0018; }
#vergelijk-problems ol, #vergelijk-warnings ol { padding-left: 1.5rem; }
#vergelijk-problems li, #vergelijk-warnings li { margin: 1rem 0; }
.vp-message { font-weight: bold; white-space: pre-wrap; margin: 0; }
#vergelijk-problems code, #vergelijk-problems pre, #vergelijk-warnings code, #vergelijk-warnings pre { font-family: ui-monospace, monospace; font-size: 0.95rem; }
#vergelijk-problems pre, #vergelijk-warnings pre { background: #f3f3f3; color: #111; padding: 0.5rem 0.75rem; overflow-x: auto; margin: 0.25rem 0; }
#vergelijk-problems .vp-mark { color: #b00020; }
#vergelijk-problems button, #vergelijk-warnings button { font: inherit; padding: 0.4rem 1rem; border: 2px solid #111; border-radius: 4px; background: #111; color: #fff; cursor: pointer; }
#vergelijk-problems button:focus-visible, #vergelijk-warnings button:focus-visible { outline: 3px solid #1a6cd6; outline-offset: 2px; }
</style>
"#;

/// The dialog listing `problems`.
pub fn overlay(problems: &[Problem]) -> String {
    let n = problems.len();
    let mut html = String::from(STYLE);
    let _ = write!(
        html,
        r#"<dialog id="vergelijk-problems" open role="alertdialog" aria-modal="true" aria-labelledby="vergelijk-problems-title" aria-describedby="vergelijk-problems-desc" lang="en">
<h2 id="vergelijk-problems-title">The site could not be rebuilt: {n} {}</h2>
<p id="vergelijk-problems-desc">This page is from the last build that worked. Fix the {} below and save: the page reloads by itself. The terminal shows the same.</p>
<ol>
"#,
        if n == 1 { "problem" } else { "problems" },
        if n == 1 { "problem" } else { "problems" },
    );
    items(&mut html, problems);
    html.push_str(
        "</ol>\n<form method=\"dialog\"><button type=\"submit\" autofocus>Close (Esc)</button></form>\n</dialog>\n",
    );
    html
}

/// The list items of `problems`, each with its position, message, line
/// and help.
fn items(html: &mut String, problems: &[Problem]) {
    for p in problems {
        html.push_str("<li>");
        if !p.position.is_empty() {
            let _ = write!(
                html,
                "<code>{}</code>",
                crate::text::escape_xml(&p.position)
            );
        }
        let _ = write!(
            html,
            "<p class=\"vp-message\">{}</p>",
            crate::text::escape_xml(&p.message)
        );
        if let Some(s) = &p.snippet {
            let number = s.line.to_string();
            let pad = " ".repeat(number.len());
            let lead: String = s
                .text
                .chars()
                .take(s.column.saturating_sub(1))
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            let _ = write!(
                html,
                "<pre>{number} | {}\n{pad} | {lead}<span class=\"vp-mark\" aria-hidden=\"true\">{}</span></pre>",
                crate::text::escape_xml(&s.text),
                "^".repeat(s.width.max(1)),
            );
        }
        if let Some(help) = &p.help {
            let _ = write!(html, "<p>help: {}</p>", crate::text::escape_xml(help));
        }
        html.push_str("</li>\n");
    }
}

/// The notice's own look; the list inside it is styled as the dialog's
/// ([`STYLE`], which the notice includes).
const NOTICE_STYLE: &str = r#"<style>
#vergelijk-warnings { box-sizing: border-box; position: fixed; inset: auto 1rem 1rem auto; width: min(40rem, calc(100% - 2rem)); max-height: 50vh; overflow: auto; margin: 0; padding: 1rem 1.25rem; border: 4px solid #8a5a00; border-radius: 6px; background: #fff; color: #111; font: 1rem/1.5 system-ui, sans-serif; z-index: 2147483646; }
#vergelijk-warnings h2 { margin: 0 0 0.5rem; font-size: 1.2rem; color: #6b4500; }
#vergelijk-warnings button { background: #fff; color: #111; }
</style>
"#;

/// The notice listing the warnings of a build that worked: not modal (the
/// page stays usable) and dismissed with its button, which is a
/// `method="dialog"` form and so works without the script.
pub fn notice(warnings: &[Problem]) -> String {
    let n = warnings.len();
    let mut html = format!("{STYLE}{NOTICE_STYLE}");
    let _ = write!(
        html,
        r#"<dialog id="vergelijk-warnings" open aria-labelledby="vergelijk-warnings-title" lang="en">
<h2 id="vergelijk-warnings-title">{n} {} about the content</h2>
<p>The site was built. These are probably not what you meant; the terminal shows the same.</p>
<ol>
"#,
        if n == 1 { "warning" } else { "warnings" },
    );
    items(&mut html, warnings);
    html.push_str(
        "</ol>\n<form method=\"dialog\"><button type=\"submit\">Dismiss</button></form>\n</dialog>\n",
    );
    html
}

/// `html` with the reload script, and the dialog when there are problems
/// (or else the notice when there are warnings), before its last
/// `</body>` (or at its end).
pub fn inject(
    html: &[u8],
    build_id: &str,
    page: &str,
    problems: &[Problem],
    warnings: &[Problem],
) -> Vec<u8> {
    let mut extra = String::new();
    if !problems.is_empty() {
        extra.push_str(&overlay(problems));
    } else if !warnings.is_empty() {
        extra.push_str(&notice(warnings));
    }
    extra.push_str(&reload_script(build_id, page));
    let at = rfind_ignore_case(html, b"</body>").unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + extra.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(extra.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

fn rfind_ignore_case(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.len() > haystack.len() {
        return None;
    }
    (0..=haystack.len() - needle.len())
        .rev()
        .find(|&i| haystack[i..i + needle.len()].eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::{Diagnostic, Diagnostics};
    use std::path::Path;

    fn error() -> Error {
        let text = "topics = [\"trainng\"]\n";
        Error::Content(Diagnostics(vec![
            Diagnostic::at(
                Path::new("content/municipalities/delft.toml"),
                text,
                10..19,
                "unknown topic `trainng`",
            )
            .with_help("did you mean `training`?"),
        ]))
    }

    #[test]
    fn overlay_shows_position_message_line_and_help_escaped() {
        let html = overlay(&problems(&error()));
        assert!(
            html.contains("content/municipalities/delft.toml:1:11"),
            "{html}"
        );
        assert!(html.contains("unknown topic `trainng`"));
        assert!(
            html.contains("1 | topics = [&quot;trainng&quot;]"),
            "{html}"
        );
        assert!(html.contains("role=\"alertdialog\""));
        assert!(html.contains("did you mean `training`?"));
    }

    #[test]
    fn injects_before_the_last_body_end() {
        let page = b"<html><body><p>x</p></BODY></html>\n";
        let out = String::from_utf8(inject(page, "1-2", "index.html", &[], &[])).unwrap();
        assert!(out.starts_with("<html><body><p>x</p><script"), "{out}");
        assert!(out.ends_with("</script>\n</BODY></html>\n"), "{out}");
        assert!(!out.contains("id=\"vergelijk-problems\""));
        let out = String::from_utf8(inject(
            b"plain",
            "1-2",
            "index.html",
            &problems(&error()),
            &[],
        ))
        .unwrap();
        assert!(out.starts_with("plain<style>"));
        assert!(out.contains("id=\"vergelijk-problems\""));
    }
}
