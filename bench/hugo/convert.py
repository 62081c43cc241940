#!/usr/bin/env python3
"""Converts a vergelijk content folder into a Hugo site, for bench/compare.py.

Usage: python3 bench/hugo/convert.py [--minimal] [--hugo BIN] SRC DEST

SRC is a vergelijk content folder (site.toml, topics.toml,
municipalities/*.toml, pages/*.md). DEST is replaced as a whole and gets:

  hugo.toml                 site settings; the site's sources, topic names
                            and peildatum as params; the taxonomy
                            `onderwerpen`; extra output formats for the
                            open data (data/gemeenten.json, data/inzet.csv
                            and one JSON file per municipality)
  content/_index.md         the home page (title, description)
  content/gemeenten/*.md    one page per municipality: name, province,
                            target groups, partners, website, sources and
                            the efforts (completed and planned, each with
                            title, anchor, topics and Markdown description)
                            in the front matter; the Markdown notes as body
  content/onderwerpen/SLUG/_index.md
                            one term page per topic (name, description,
                            synonyms, weight = order in topics.toml)
  content/gedaan/_index.md, content/gepland/_index.md
                            the taxonomies `gedaan` and `gepland` (the
                            topics a municipality completed or planned),
                            used by the templates as lists and not
                            rendered as pages
  content/matrix/_index.md  the provinces x topics page
  content/*.md              the pages/ of the site, as they are (they
                            already have TOML front matter)
  layouts/                  a copy of bench/hugo/layouts/
  static/                   the default theme's static files (CSS, icon, JS)

A few keys changed between Hugo versions (`_build` became `build` in
0.123 and the old one is an error since 0.145; `languageCode` became
`locale` in 0.158): the site is written for the version of --hugo (default:
the `hugo` on PATH; without one, for the old keys).

With --minimal, the same content gets one-line layouts that print only
each page's title or its rendered Markdown, and no open data: a floor for
what Hugo itself costs on this content, not the same work as vergelijk.

Only per-record derivations are done here (the anchor of each effort, made
unique on its page as vergelijk does; the topics a municipality has
completed or planned; the default source); everything across
municipalities (topic pages, counts, province summaries, the matrix, the
data files) is left to Hugo. The output is deterministic: same input, same
bytes. Standard library only (Python 3.11+ for tomllib).
"""

import json
import os
import shutil
import sys
import tomllib
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
THEME_STATIC = os.path.join(REPO, "themes", "default", "static")

MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli",
          "augustus", "september", "oktober", "november", "december"]


def date_nl(d):
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def slugify(s):
    """Close to the `slug` crate vergelijk uses: ASCII, lowercase, runs of
    anything else become one hyphen."""
    for q in "‘’‚‛“”„'\"":
        s = s.replace(q, " ")
    s = unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode("ascii").lower()
    out, dash = [], False
    for c in s:
        if c.isascii() and c.isalnum():
            out.append(c)
            dash = False
        elif not dash:
            out.append("-")
            dash = True
    return "".join(out).strip("-")


def unique_anchor(title, taken):
    base = slugify(title)
    base = f"inzet-{base}" if base else "inzet"
    candidate, n = base, 2
    while candidate in taken:
        candidate = f"{base}-{n}"
        n += 1
    taken.add(candidate)
    return candidate


# A TOML writer for what the front matter needs. json.dumps of a str is a
# valid TOML basic string (same escapes), so strings go through it.
def toml_value(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=False)
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(toml_value(x) for x in v) + "]"
    raise TypeError(f"no TOML for {v!r}")


def toml_key(k):
    bare = all(c.isascii() and (c.isalnum() or c in "-_") for c in k) and k
    return k if bare else json.dumps(k, ensure_ascii=False)


def toml_table(name, table, out):
    """Writes [name] with its scalar keys, then its sub-tables."""
    scalars = {k: v for k, v in table.items() if not isinstance(v, dict)}
    subs = {k: v for k, v in table.items() if isinstance(v, dict)}
    if name is not None and (scalars or not subs):
        out.append(f"\n[{name}]")
    for k, v in scalars.items():
        out.append(f"{toml_key(k)} = {toml_value(v)}")
    for k, v in subs.items():
        toml_table(f"{name}.{toml_key(k)}" if name else toml_key(k), v, out)


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def load_toml(path):
    with open(path, "rb") as f:
        return tomllib.load(f)


# --minimal: the floor. Hugo still reads every page, renders the Markdown,
# builds the taxonomies and writes one file per page, RSS and sitemap.
MINIMAL_LAYOUTS = {
    "_default/baseof.html": '<!DOCTYPE html>\n<html lang="nl">\n<title>{{ .Title }}</title>\n<main>{{ block "main" . }}{{ end }}</main>\n</html>\n',
    "_default/single.html": '{{ define "main" }}<h1>{{ .Title }}</h1>\n{{ .Content }}{{ end }}\n',
    "_default/list.html": '{{ define "main" }}<h1>{{ .Title }}</h1>{{ end }}\n',
}


def hugo_version(binary):
    """(major, minor) of a Hugo binary, or None."""
    import re
    import subprocess
    try:
        out = subprocess.run([binary, "version"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                             text=True, timeout=30).stdout
    except (OSError, subprocess.TimeoutExpired):
        return None
    m = re.search(r"v(\d+)\.(\d+)", out)
    return (int(m.group(1)), int(m.group(2))) if m else None


def convert(src, dest, minimal=False, version=None):
    new_build_key = bool(version and version >= (0, 123))
    build_key = "build" if new_build_key else "_build"
    lang_key = "locale" if version and version >= (0, 158) else "languageCode"
    site = load_toml(os.path.join(src, "site.toml"))
    topics = load_toml(os.path.join(src, "topics.toml")).get("topics", [])
    sources = site.get("sources", [])
    first_source = sources[0]["id"] if sources else None
    peildatum = site.get("peildatum")

    if os.path.exists(dest):
        shutil.rmtree(dest)
    os.makedirs(dest)

    # hugo.toml
    out = [
        "# Written by bench/hugo/convert.py: the Hugo baseline of bench/compare.py.",
        f"baseURL = {toml_value(site.get('base_url', 'https://example.org/'))}",
        f"{lang_key} = {toml_value(site.get('language', 'nl'))}",
        f"defaultContentLanguage = {toml_value(site.get('language', 'nl'))}",
        f"title = {toml_value(site['title'])}",
        # vergelijk writes feed.xml, sitemap.xml and robots.txt: Hugo's own
        # RSS (home only, see [outputs]), sitemap and robots.txt stay on.
        "enableRobotsTXT = true",
        "disableKinds = []",
        "",
        "# One taxonomy with pages (the topic pages); two that are only lists",
        "# (which municipalities completed or planned a topic), not rendered:",
        "# see content/gedaan/_index.md.",
        "[taxonomies]",
        'onderwerp = "onderwerpen"',
        'gedaan = "gedaan"',
        'gepland = "gepland"',
        "",
        "[outputs]",
        'home = ["html", "rss"]' if minimal else 'home = ["html", "rss", "gemeentenjson", "inzetcsv"]',
        'section = ["html"]',
        'taxonomy = ["html"]',
        'term = ["html"]',
        'page = ["html"]',
        "",
        "# The open data, as vergelijk writes it: data/gemeenten.json,",
        "# data/inzet.csv and one JSON file per municipality.",
        "[outputFormats.gemeentenjson]",
        'mediaType = "application/json"',
        'baseName = "gemeenten"',
        'path = "data"',
        "isPlainText = true",
        "notAlternative = true",
        "",
        "[outputFormats.inzetcsv]",
        'mediaType = "text/csv"',
        'baseName = "inzet"',
        'path = "data"',
        "isPlainText = true",
        "notAlternative = true",
        "",
        "[outputFormats.gemeentejson]",
        'mediaType = "application/json"',
        'baseName = "index"',
        'path = "data"',
        "isPlainText = true",
        "notAlternative = true",
    ]
    params = {
        "description": site.get("description", ""),
        "contact": site.get("contact", ""),
        "license": site.get("license", ""),
        "peildatum": peildatum.isoformat() if peildatum else "",
        "peildatum_nl": date_nl(peildatum) if peildatum else "",
        # Above this many municipalities the home page is a summary per
        # province, as in themes/default/templates/index.html.
        "table_limit": site.get("table_limit", 400),
    }
    if sources:
        params["mainsource"] = {k: v for k, v in sources[0].items() if isinstance(v, str)}
    params["sources"] = {
        s["id"]: {k: v for k, v in s.items() if k != "id" and isinstance(v, str)} for s in sources
    }
    params["topicnames"] = {t["slug"]: t["name"] for t in topics}
    toml_table("params", params, out)
    write(os.path.join(dest, "hugo.toml"), "\n".join(out) + "\n")

    content = os.path.join(dest, "content")
    write(os.path.join(content, "_index.md"),
          f"+++\ntitle = {toml_value(site['title'])}\n"
          f"description = {toml_value(site.get('description', ''))}\n+++\n")
    write(os.path.join(content, "gemeenten", "_index.md"),
          '+++\ntitle = "Gemeenten"\ndescription = "Alle gemeenten in deze vergelijking, per provincie."\n+++\n')
    write(os.path.join(content, "onderwerpen", "_index.md"),
          '+++\ntitle = "Onderwerpen"\n'
          'description = "Alle onderwerpen: per onderwerp ziet u welke gemeenten er iets mee doen."\n+++\n')
    write(os.path.join(content, "matrix", "_index.md"),
          '+++\ntitle = "Wie doet wat"\n'
          'description = "Per provincie en onderwerp: hoeveel gemeenten iets gedaan of gepland hebben."\n+++\n')
    # Not rendered, but listed: with list = "never" Hugo 0.168 leaves the
    # terms out of site.Taxonomies.
    for tax in ("gedaan", "gepland"):
        write(os.path.join(content, tax, "_index.md"),
              f'+++\ntitle = "{tax}"\n[{build_key}]\nrender = "never"\n'
              f'[cascade.{build_key}]\nrender = "never"\n+++\n')
    for i, t in enumerate(topics, 1):
        fm = [
            f"title = {toml_value(t['name'])}",
            f"description = {toml_value(t.get('description', ''))}",
            f"synonyms = {toml_value(t.get('synonyms', []))}",
            f"weight = {i}",
        ]
        write(os.path.join(content, "onderwerpen", t["slug"], "_index.md"),
              "+++\n" + "\n".join(fm) + "\n+++\n")

    mdir = os.path.join(src, "municipalities")
    for name in sorted(os.listdir(mdir)):
        if not name.endswith(".toml"):
            continue
        slug = name[:-5]
        m = load_toml(os.path.join(mdir, name))
        taken = set()
        efforts = {}
        for status in ("completed", "planned"):
            efforts[status] = []
            for e in m.get(status, []):
                title = e["title"].strip()
                desc = e.get("description", "")
                item = {"title": title, "anchor": unique_anchor(title, taken), "topics": e.get("topics", [])}
                if desc.strip():
                    item["description"] = desc
                efforts[status].append(item)

        def topic_set(status):
            seen = []
            for e in efforts[status]:
                for t in e["topics"]:
                    if t not in seen:
                        seen.append(t)
            return seen

        done, planned = topic_set("completed"), topic_set("planned")
        fm = [
            f"title = {toml_value(m['name'])}",
            f"slug = {toml_value(slug)}",
            f"province = {toml_value(m.get('province', ''))}",
            f"target_groups = {toml_value(m.get('target_groups', []))}",
            f"regional_partners = {toml_value(m.get('regional_partners', []))}",
        ]
        if m.get("website"):
            fm.append(f"website = {toml_value(m['website'])}")
        srcs = m.get("sources") or ([first_source] if first_source else [])
        fm.append(f"sources = {toml_value(srcs)}")
        if m.get("split_reconstructed"):
            fm.append("split_reconstructed = true")
        if m.get("updated"):
            fm.append(f"updated = {toml_value(m['updated'].isoformat())}")
            fm.append(f"updated_nl = {toml_value(date_nl(m['updated']))}")
        fm += [
            f"onderwerpen = {toml_value(list(dict.fromkeys(done + planned)))}",
            f"gedaan = {toml_value(done)}",
            f"gepland = {toml_value(planned)}",
        ]
        if not minimal:
            fm.append('outputs = ["html", "gemeentejson"]')
        for status in ("completed", "planned"):
            if not efforts[status]:
                fm.append(f"{status} = []")
        for status in ("completed", "planned"):
            for e in efforts[status]:
                fm.append(f"\n[[{status}]]")
                for k, v in e.items():
                    fm.append(f"{k} = {toml_value(v)}")
        notes = m.get("notes", "").strip()
        write(os.path.join(content, "gemeenten", slug + ".md"),
              "+++\n" + "\n".join(fm) + "\n+++\n\n" + (notes + "\n" if notes else ""))

    pdir = os.path.join(src, "pages")
    if os.path.isdir(pdir):
        for name in sorted(os.listdir(pdir)):
            if name.endswith(".md"):
                shutil.copyfile(os.path.join(pdir, name), os.path.join(content, name))

    if minimal:
        for rel, text in MINIMAL_LAYOUTS.items():
            write(os.path.join(dest, "layouts", rel), text)
    else:
        shutil.copytree(os.path.join(HERE, "layouts"), os.path.join(dest, "layouts"))
    if os.path.isdir(THEME_STATIC):
        shutil.copytree(THEME_STATIC, os.path.join(dest, "static"))


def main():
    args = sys.argv[1:]
    minimal = "--minimal" in args
    args = [a for a in args if a != "--minimal"]
    hugo = shutil.which("hugo")
    if "--hugo" in args:
        i = args.index("--hugo")
        if i + 1 >= len(args):
            sys.exit(__doc__.strip().split("\n\n")[1])
        hugo = args[i + 1]
        del args[i:i + 2]
    if len(args) != 2:
        sys.exit(__doc__.strip().split("\n\n")[1])
    convert(args[0], args[1], minimal, hugo_version(hugo) if hugo else None)


if __name__ == "__main__":
    main()
