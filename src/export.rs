//! Machine-readable outputs of the model: `sitemap.xml` and `robots.txt`.
//!
//! They are derived from the same page list as the HTML, so a page cannot be
//! published without being in the sitemap. Absolute URLs come from
//! `base_url`; nothing here depends on the time of the build, so two builds
//! are byte-identical.

use crate::model::SiteConfig;

/// Escapes text for XML character data and attribute values.
pub fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

/// A sitemap (sitemaps.org 0.9) of the given page directories.
pub fn sitemap(config: &SiteConfig, page_dirs: &[String]) -> String {
    let mut dirs: Vec<&String> = page_dirs.iter().collect();
    dirs.sort();
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for dir in dirs {
        xml.push_str("  <url><loc>");
        xml.push_str(&xml_escape(&format!("{}{dir}", config.base_url)));
        xml.push_str("</loc></url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
}

/// Allows everything and points crawlers at the sitemap.
pub fn robots(config: &SiteConfig) -> String {
    format!(
        "User-agent: *\nAllow: /\n\nSitemap: {}sitemap.xml\n",
        config.base_url
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup() {
        assert_eq!(xml_escape("a<b>&\"'"), "a&lt;b&gt;&amp;&quot;&apos;");
    }
}
