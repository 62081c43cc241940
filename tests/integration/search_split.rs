//! The search index in parts (`vergelijk::search::parts`): how a build lays
//! the parts out, that a split build is reproducible, that `serve`
//! re-indexes only the part of a saved municipality, and that the batch API
//! of the vendored Pagefind writes what upstream's per-file API writes.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::repo;
use crate::dev_server::Server;
use vergelijk::search::parts::{PART_SIZE_VAR, part_count, part_of};

/// A temp folder with a copy of the bundled content in `content/`.
fn bundled_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let from = repo().join("content");
    for entry in walkdir::WalkDir::new(&from) {
        let entry = entry.unwrap();
        let to = dir
            .path()
            .join("content")
            .join(entry.path().strip_prefix(&from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&to).unwrap();
        } else {
            std::fs::copy(entry.path(), &to).unwrap();
        }
    }
    dir
}

/// Builds the site in `dir` into `dir/<out>` with parts of `part_size`.
fn build(dir: &Path, out: &str, part_size: usize) -> PathBuf {
    let output = dir.join(out);
    let o = Command::new(env!("CARGO_BIN_EXE_vergelijk"))
        .args(["build", "--output"])
        .arg(&output)
        .current_dir(dir)
        .env(PART_SIZE_VAR, part_size.to_string())
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    output
}

/// A Pagefind file's contents: gzip, then Pagefind's signature.
fn unpack(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_end(&mut out)
        .unwrap();
    out.strip_prefix(b"pagefind_dcd")
        .map(<[u8]>::to_vec)
        .unwrap_or(out)
}

/// Every file under `dir`, relative, `/`-separated -> bytes.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap();
            let rel = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

/// The page URLs of a part's fragments.
fn fragment_urls(files: &BTreeMap<String, Vec<u8>>, dir: &str) -> Vec<String> {
    files
        .iter()
        .filter(|(k, _)| {
            k.strip_prefix(&format!("{dir}fragment/"))
                .is_some_and(|r| !r.contains('/'))
        })
        .map(|(_, v)| {
            let json: serde_json::Value = serde_json::from_slice(&unpack(v)).unwrap();
            json["url"].as_str().unwrap().to_string()
        })
        .collect()
}

#[test]
fn a_split_index_has_every_municipality_in_the_part_its_slug_names() {
    let site = bundled_site();
    let out = build(site.path(), "public", 4);
    let files = tree(&out.join("pagefind"));
    let listed: Vec<String> = serde_json::from_slice(&files["delen.json"]).unwrap();
    let slugs: Vec<String> = std::fs::read_dir(site.path().join("content/municipalities"))
        .unwrap()
        .map(|e| {
            let p = e.unwrap().path();
            p.file_stem().unwrap().to_string_lossy().into_owned()
        })
        .collect();
    // The test process has no VERGELIJK_SEARCH_PART_SIZE: as the build's.
    let parts = slugs.len().div_ceil(4);
    assert_eq!(parts, 4);
    assert_eq!(part_count(slugs.len()), 1, "one part at the default size");
    let mut wanted: BTreeMap<usize, BTreeSet<String>> = BTreeMap::new();
    for slug in &slugs {
        wanted
            .entry(part_of(slug, parts))
            .or_default()
            .insert(format!("gemeenten/{slug}/"));
    }
    let expected: Vec<String> = wanted
        .keys()
        .filter(|&&n| n > 0)
        .map(|n| format!("deel{n}/"))
        .collect();
    assert_eq!(listed, expected, "delen.json lists the non-empty parts");
    for (&n, urls) in &wanted {
        let dir = format!("deel{n}");
        let prefix = if n == 0 {
            String::new()
        } else {
            format!("{dir}/")
        };
        let found: BTreeSet<String> = fragment_urls(&files, &prefix)
            .into_iter()
            .filter(|u| u.starts_with("gemeenten/"))
            .collect();
        assert_eq!(&found, urls, "part {n}");
        if n > 0 {
            // Scripts and WebAssembly come from the first part only.
            assert!(files.contains_key(&format!("{dir}/pagefind-entry.json")));
            assert!(
                files
                    .keys()
                    .filter(|k| k.starts_with(&format!("{dir}/")))
                    .all(|k| !k.ends_with(".js") && !k.contains("wasm")),
                "part {n} has scripts"
            );
        }
    }
    // Topics, glossary words and pages are in the first part.
    assert!(
        fragment_urls(&files, "")
            .iter()
            .any(|u| u.starts_with("onderwerpen/"))
    );
}

#[test]
fn a_split_index_is_the_same_from_one_build_to_the_next() {
    let site = bundled_site();
    let a = tree(&build(site.path(), "a", 3).join("pagefind"));
    let b = tree(&build(site.path(), "b", 3).join("pagefind"));
    assert!(a.keys().any(|k| k.starts_with("deel")));
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (k, v) in &a {
        assert!(b[k] == *v, "{k} differs");
    }
}

#[test]
fn a_site_within_one_part_has_one_index_and_an_empty_list() {
    let site = bundled_site();
    let files = tree(&build(site.path(), "public", 1000).join("pagefind"));
    assert_eq!(files["delen.json"], b"[]");
    assert!(!files.keys().any(|k| k.starts_with("deel")));
    assert!(files.contains_key("pagefind-entry.json"));
}

/// Pagefind 1.6 indexes the words of every metadata field, and so it
/// indexed the efforts' JSON (`inzet`) too: its tokens, glued into
/// compounds such as `anetwerkmethuisartsent`, were 11% of the index, and
/// a broad query counted pages that matched only there, which the search
/// page then showed nothing for. The field is left out of the word index
/// (`unindexed_meta`, vendor/pagefind/PATCHED.md); the record's text, the
/// other metadata fields, and the JSON itself in each result stay.
#[test]
fn the_words_of_the_efforts_json_are_not_in_the_word_index() {
    let site = bundled_site();
    let files = tree(&build(site.path(), "public", 1000).join("pagefind"));
    let words: Vec<u8> = files
        .iter()
        .filter(|(k, _)| k.starts_with("index/"))
        .flat_map(|(_, v)| unpack(v))
        .collect();
    let has = |word: &str| words.windows(word.len()).any(|w| w == word.as_bytes());
    let mut checked = 0;
    for (k, v) in &files {
        if !k.starts_with("fragment/") {
            continue;
        }
        let json: serde_json::Value = serde_json::from_slice(&unpack(v)).unwrap();
        let Some(inzet) = json["meta"]["inzet"].as_str() else {
            continue;
        };
        // The JSON reaches the search page with the result.
        assert!(inzet.starts_with("[{\"a\":"), "{inzet}");
        // Its first token as Pagefind made a word of it: its letters and
        // digits, lowercased; the first 12 are no word of any text.
        let glued: String = inzet
            .split_whitespace()
            .next()
            .unwrap()
            .chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .take(12)
            .collect();
        assert_eq!(glued.len(), 12, "{inzet}");
        assert!(!has(&glued), "{glued} (from {inzet}) is in the word index");
        // The municipality's name, text and metadata both, is: the first
        // three letters of its longest word (the Dutch stemmer changes
        // nothing before the fourth, and "delft" is indexed as "delf").
        let name = json["meta"]["gemeente"].as_str().unwrap().to_lowercase();
        let longest = name
            .split(|c: char| !c.is_alphanumeric())
            .max_by_key(|w| w.len())
            .unwrap();
        let start: String = longest.chars().take(3).collect();
        assert!(has(&start), "{start} ({name}) is not in the word index");
        checked += 1;
    }
    assert!(checked >= 16, "{checked}");
}

/// The vendored Pagefind's `add_html_files` and `take_files` (many pages
/// parsed in parallel, and moved into the build rather than copied, see
/// vendor/pagefind/PATCHED.md) against upstream's `add_html_file`, one
/// page at a time, and `get_files`: the same pages in the same order give
/// the same files, byte for byte. The records are real ones (a build
/// of the bundled site) with a page added twice, which both must replace.
#[test]
fn the_batch_api_writes_what_the_per_file_api_writes() {
    use pagefind::api::PagefindIndex;
    use pagefind::options::PagefindServiceConfig;

    let site = vergelijk::content::load(
        &repo().join("content"),
        &vergelijk::content::LoadOptions {
            themes: vec!["default".into()],
            base_url: None,
        },
    )
    .unwrap();
    let mut pages: Vec<(Option<String>, Option<String>, String)> = vergelijk::search::parts(&site)
        .into_iter()
        .flat_map(|p| p.municipality_records().to_vec())
        .map(|(url, html)| (None, Some(url), html))
        .collect();
    assert!(pages.len() >= 16);
    let again = (pages[3].0.clone(), pages[3].1.clone(), pages[5].2.clone());
    pages.push(again);
    let config = || {
        PagefindServiceConfig::builder()
            .force_language("nl".into())
            .keep_index_url(false)
            .build()
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let files = |batch: bool| {
        runtime.block_on(async {
            let mut index = PagefindIndex::new(Some(config())).unwrap();
            let files = if batch {
                index.add_html_files(pages.clone()).await.unwrap();
                index.take_files().await.unwrap()
            } else {
                for (path, url, html) in pages.clone() {
                    index.add_html_file(path, url, html).await.unwrap();
                }
                index.get_files().await.unwrap()
            };
            files
                .into_iter()
                .map(|f| (f.filename, f.contents))
                .collect::<BTreeMap<_, _>>()
        })
    };
    let (batch, one_by_one) = (files(true), files(false));
    assert_eq!(
        batch.keys().collect::<Vec<_>>(),
        one_by_one.keys().collect::<Vec<_>>()
    );
    for (k, v) in &batch {
        assert!(one_by_one[k] == *v, "{} differs", k.display());
    }
}

// `serve`

impl Server {
    /// What the served index holds, part by part: its entry file and the
    /// text of every page (URL -> content), found through the part's
    /// metadata (the fragment names are strings in it).
    fn index(&self) -> BTreeMap<String, (Vec<u8>, BTreeMap<String, String>)> {
        let (_, list) = get_bytes(self, "/pagefind/delen.json");
        let mut dirs = vec!["/pagefind/".to_string()];
        let listed: Vec<String> = serde_json::from_slice(&list).unwrap();
        dirs.extend(listed.iter().map(|d| format!("/pagefind/{d}")));
        let mut out = BTreeMap::new();
        for dir in dirs {
            let (status, entry) = get_bytes(self, &format!("{dir}pagefind-entry.json"));
            assert_eq!(status, 200, "{dir}");
            let json: serde_json::Value = serde_json::from_slice(&entry).unwrap();
            let hash = json["languages"]["nl"]["hash"]
                .as_str()
                .unwrap()
                .to_string();
            let (_, meta) = get_bytes(self, &format!("{dir}pagefind.{hash}.pf_meta"));
            let meta = String::from_utf8_lossy(&unpack(&meta)).into_owned();
            let mut pages = BTreeMap::new();
            // Word and filter chunks have such names too: not fragments.
            for name in fragment_names(&meta) {
                let (status, bytes) = get_bytes(self, &format!("{dir}fragment/{name}.pf_fragment"));
                if status == 404 {
                    continue;
                }
                assert_eq!(status, 200, "{dir}{name}");
                let json: serde_json::Value = serde_json::from_slice(&unpack(&bytes)).unwrap();
                pages.insert(
                    json["url"].as_str().unwrap().to_string(),
                    json["content"].as_str().unwrap().to_string(),
                );
            }
            out.insert(dir, (entry, pages));
        }
        out
    }
}

fn get_bytes(server: &Server, path: &str) -> (u16, Vec<u8>) {
    let r = server.get(path);
    (r.status, r.bytes)
}

/// The names in a part's metadata that may be fragments: `nl_` and at
/// least 7 hex digits. CBOR puts the next item right after a string, and
/// its first byte may look like a hex digit, so every length is a
/// candidate (what is not served is skipped).
fn fragment_names(meta: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut rest = meta;
    while let Some(at) = rest.find("nl_") {
        let hex: String = rest[at + 3..]
            .chars()
            .take_while(char::is_ascii_hexdigit)
            .collect();
        for len in 7..=hex.len() {
            out.insert(format!("nl_{}", &hex[..len]));
        }
        rest = &rest[at + 3..];
    }
    out
}

#[test]
fn a_save_changes_what_search_finds_for_its_municipality_and_nothing_else() {
    let site = bundled_site();
    let server = Server::start_in(site.path(), &[], &[(PART_SIZE_VAR, "4".to_string())]);
    server.wait_for_line(|l| l.starts_with("Search index:"));
    let before = server.index();
    assert!(before.len() >= 2, "parts: {:?}", before.keys());

    let file = site.path().join("content/municipalities/heerlen.toml");
    let text = std::fs::read_to_string(&file).unwrap();
    let word = "Zoekproefwoord";
    std::fs::write(
        &file,
        text.replacen("notes = \"\"\"", &format!("notes = \"\"\"{word}. "), 1),
    )
    .unwrap();
    // First the part of the saved municipality alone, then the word lists
    // of the others (the word is new to the site).
    let line = server.wait_for_line(|l| l.starts_with("Search index:"));
    assert!(line.contains(" 1 of 4 parts indexed again,"), "{line}");
    let line = server.wait_for_line(|l| l.starts_with("Search index:"));
    assert!(
        line.contains(" 3 of 4 parts indexed again for their word lists"),
        "{line}"
    );
    let after = server.index();

    let part = part_of("heerlen", 16usize.div_ceil(4));
    let dir = if part == 0 {
        "/pagefind/".to_string()
    } else {
        format!("/pagefind/deel{part}/")
    };
    assert_eq!(
        after.keys().collect::<Vec<_>>(),
        before.keys().collect::<Vec<_>>()
    );
    assert!(after[&dir].1.contains_key("gemeenten/heerlen/"), "{dir}");
    for (d, (_, pages)) in &after {
        let old_pages = &before[d].1;
        assert_eq!(
            pages.keys().collect::<Vec<_>>(),
            old_pages.keys().collect::<Vec<_>>()
        );
        for (url, content) in pages {
            if url == "gemeenten/heerlen/" {
                assert_eq!(*d, dir);
                assert!(content.contains(word), "{content}");
                assert!(!old_pages[url].contains(word));
            } else if url.starts_with("pagefind/woorden") {
                // Every part's word list knows the new word.
                assert!(content.contains(&word.to_lowercase()), "{d}");
            } else {
                assert_eq!(content, &old_pages[url], "{url} changed");
                assert!(!content.contains(word), "{url}");
            }
        }
    }

    // And byte for byte what a build of the saved site writes: the records
    // serve kept and the word list it counted are a build's.
    let out = tempfile::tempdir().unwrap();
    let built = tree(&build(site.path(), out.path().to_str().unwrap(), 4).join("pagefind"));
    assert!(built.len() > 20, "{:?}", built.keys());
    for (path, bytes) in &built {
        let (status, served) = get_bytes(&server, &format!("/pagefind/{path}"));
        assert_eq!(status, 200, "{path}");
        assert!(served == *bytes, "{path}: served differs from built");
    }
}
