#!/usr/bin/env python3
"""The report of the default study (Newport), end to end.

Usage: check_report.py <assetmap> <artifact folder>   (ASSETMAP_DATA_DIR set by ctest)

1. `assetmap measure newport` writes the atlas; `assetmap report <atlas folder> --pdf` writes
   the report in English and Welsh (twice, into two folders: the same bytes, PDFs included).
2. Every page is valid HTML: html5lib's strict parser (python3-html5lib) raises on any parse
   error; each page's <html lang> is its language.
3. Every local link, image, style sheet and script resolves; every in-page anchor exists.
4. The index links every area; each area has a page per language with a link to the other.
5. The spider chart's plotted values, read back from its data attributes, equal the ratios
   computed here from the atlas GeoPackage with sqlite3 (area value over the comparator's, or
   the comparator's over the area's for distances) to 1e-9, and an axis is marked partial
   exactly when the atlas says `<category>_partial_data = 1`.
6. Headless Chromium: a screenshot of one area page (artifact area.png); each area page
   printed alone is one A4 portrait page (pdfinfo); the whole atlas's PDF has the index
   pages and then one page per area, each area on its own page in order (pdftotext).
"""
import filecmp
import os
import re
import sqlite3
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

import html5lib

am, artifacts = sys.argv[1], sys.argv[2]
os.makedirs(artifacts, exist_ok=True)
failures = []


def check(cond, msg):
    if not cond:
        failures.append(msg)
        print("FAIL:", msg)


def chromium_args(profile):
    return ["chromium", "--headless", "--no-sandbox", "--disable-gpu",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--no-first-run", "--user-data-dir=" + profile]


tmp = tempfile.mkdtemp(prefix="assetmap-report-check-")
atlas_dir = os.path.join(tmp, "newport")
os.makedirs(atlas_dir)
gpkg = os.path.join(atlas_dir, "newport.gpkg")
subprocess.run([am, "-q", "measure", "newport", "-o", gpkg], check=True, timeout=300)
rep = os.path.join(tmp, "report")
rep2 = os.path.join(tmp, "report2")
subprocess.run([am, "report", atlas_dir, "-o", rep, "--pdf"], check=True, timeout=600)
subprocess.run([am, "-q", "report", gpkg, "-o", rep2, "--pdf"], check=True, timeout=600)

# 1. Determinism.
cmp = filecmp.dircmp(rep, rep2)
def same_tree(c):
    ok = not c.left_only and not c.right_only and not c.diff_files and not c.funny_files
    return ok and all(same_tree(s) for s in c.subdirs.values())
check(same_tree(cmp), "two reports of one atlas differ")
# dircmp compares shallowly (size, mtime): compare bytes for real.
for root, _, files in os.walk(rep):
    for f in files:
        a = os.path.join(root, f)
        b = os.path.join(rep2, os.path.relpath(a, rep))
        check(open(a, "rb").read() == open(b, "rb").read(), "bytes differ: " + a)

con = sqlite3.connect(gpkg)
codes = [r[0] for r in con.execute("select code from areas order by code")]
check(len(codes) == 20, "Newport has 20 areas, got %d" % len(codes))

# 2.–4. Valid HTML, links, pages.
parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
pages = 0
for root, _, files in os.walk(rep):
    for f in files:
        if not f.endswith(".html"):
            continue
        path = os.path.join(root, f)
        text = open(path, encoding="utf-8").read()
        try:
            doc = parser.parse(text)
        except Exception as e:  # html5lib.html5parser.ParseError
            check(False, "%s: not valid HTML: %s" % (path, e))
            continue
        pages += 1
        lang = os.path.basename(root)
        if lang in ("en", "cy"):
            check(doc.get("lang") == lang, "%s: lang=%s" % (path, doc.get("lang")))
        ids = {e.get("id") for e in doc.iter() if e.get("id")}
        for e in doc.iter():
            for attr in ("href", "src"):
                url = e.get(attr)
                if url is None or url.startswith(("http:", "https:", "mailto:")):
                    continue
                target, _, anchor = url.partition("#")
                if target:
                    check(os.path.exists(os.path.normpath(os.path.join(root, target))),
                          "%s: %s=%s does not resolve" % (path, attr, url))
                elif anchor:
                    check(anchor in ids, "%s: anchor #%s missing" % (path, anchor))
check(pages == 1 + 2 * (20 + 2), "pages: %d" % pages)
# The study's title in each language (study.toml: title, title_cy; metadata title_cy).
titles = {"en": "Newport community assets", "cy": "Asedau cymunedol Casnewydd"}
check(con.execute("select value from metadata where key='title_cy'").fetchone()[0] == titles["cy"],
      "metadata title_cy")
for lang, other in (("en", "cy"), ("cy", "en")):
    index = open(os.path.join(rep, lang, "index.html"), encoding="utf-8").read()
    check("<h1>%s</h1>" % titles[lang] in index, "%s index: title %r missing" % (lang, titles[lang]))
    check(titles[other] not in index, "%s index shows the %s title" % (lang, other))
    for code in codes:
        check('href="%s.html"' % code in index, "%s index lacks %s" % (lang, code))
        page = open(os.path.join(rep, lang, code + ".html"), encoding="utf-8").read()
        check('href="../%s/%s.html"' % (other, code) in page, "%s/%s: no language link" % (lang, code))

# 5. Spider chart values against the atlas.
columns = con.execute("select value from metadata where key='indicators'").fetchone()[0].split(",")
category = {}
for col, cat in con.execute("select distinct indicator, category from indicators"):
    category[col] = cat
area_cols = [r[1] for r in con.execute("pragma table_info(areas)")]
cmp_cols = [r[1] for r in con.execute("pragma table_info(comparators)")]
cmp_rows = {}
for r in con.execute("select * from comparators"):
    d = dict(zip(cmp_cols, r))
    cmp_rows[d["comparator"]] = d
lower_is_better = re.compile(r"_(net_)?nearest_m$|_net_minutes$")
axis_re = re.compile(r'<g class="axis[^"]*" data-indicator="([^"]*)" data-domain="[^"]*" '
                     r'data-ratio="([^"]*)" data-partial="([01])">')
checked = 0
for code in codes:
    row = dict(zip(area_cols, con.execute("select * from areas where code=?", (code,)).fetchone()))
    for lang in ("en", "cy"):
        page = open(os.path.join(rep, lang, code + ".html"), encoding="utf-8").read()
        cmp_id = re.search(r'<svg class="spider"[^>]*data-comparator="([^"]*)"', page).group(1)
        crow = cmp_rows[cmp_id]
        axes = {m.group(1): (m.group(2), m.group(3)) for m in axis_re.finditer(page)}
        check(set(axes) == set(columns), "%s: axes %s" % (code, sorted(axes)))
        for col in columns:
            v, c = row[col], crow.get(col)
            if v is None or c is None:
                want = None
            elif lower_is_better.search(col):
                want = c / v if v != 0 else None
            else:
                want = v / c if c != 0 else None
            got, partial = axes[col]
            if want is None:
                check(got == "", "%s %s: plotted %s, want none" % (code, col, got))
            else:
                check(got != "" and abs(float(got) - want) <= 1e-9 * max(1.0, abs(want)),
                      "%s %s: plotted %s, want %r" % (code, col, got, want))
            flag = row.get(category[col] + "_partial_data") or 0
            check(partial == ("1" if flag else "0"), "%s %s: partial %s, atlas %s" % (code, col, partial, flag))
            checked += 1
check(checked == 20 * 2 * len(columns), "axes checked: %d" % checked)
print("spider chart values checked: %d axes" % checked)

# 6. Chromium: a screenshot, single pages on one A4 sheet, the atlas in page order.
def pdfinfo(path):
    out = subprocess.run(["pdfinfo", path], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", out, re.M).group(1))
    size = re.search(r"^Page size:\s+([\d.]+) x ([\d.]+) pts", out, re.M)
    return pages, float(size.group(1)), float(size.group(2))

profile = tempfile.mkdtemp(prefix="assetmap-chromium-")
busiest = con.execute("select area_code from assets where area_code != '' group by area_code "
                      "order by count(*) desc, area_code limit 1").fetchone()[0]
shot = os.path.join(artifacts, "area.png")
subprocess.run(chromium_args(profile) + ["--hide-scrollbars", "--window-size=1200,3000",
               "--screenshot=" + shot, "file://" + os.path.join(rep, "en", busiest + ".html")],
               check=True, capture_output=True, timeout=120)
check(os.path.getsize(shot) > 50000, "screenshot too small")
for lang in ("en", "cy"):
    for code in (busiest, codes[0], codes[-1]):
        pdf = os.path.join(artifacts, "%s_%s.pdf" % (lang, code))
        subprocess.run(chromium_args(profile) + ["--no-pdf-header-footer", "--print-to-pdf=" + pdf,
                       "file://" + os.path.join(rep, lang, code + ".html")],
                       check=True, capture_output=True, timeout=120)
        n, w, h = pdfinfo(pdf)
        check(n == 1, "%s/%s prints on %d pages, want 1" % (lang, code, n))
        check(abs(w - 595.3) < 1.5 and abs(h - 841.9) < 1.5, "%s/%s page size %sx%s pt, not A4" % (lang, code, w, h))
for lang in ("en", "cy"):
    pdf = os.path.join(rep, lang, "atlas.pdf")
    n, w, h = pdfinfo(pdf)
    index_pages = n - 20
    check(1 <= index_pages <= 3, "%s atlas.pdf: %d pages for 20 areas" % (lang, n))
    for i, code in enumerate(codes):
        page = index_pages + 1 + i
        text = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), pdf, "-"],
                              capture_output=True, text=True, check=True).stdout
        check(code in text, "%s atlas.pdf page %d does not hold %s" % (lang, page, code))
    print("%s atlas.pdf: %d pages (%d index + 20 areas)" % (lang, n, index_pages))
    subprocess.run(["cp", pdf, os.path.join(artifacts, "atlas_%s.pdf" % lang)], check=True)

subprocess.run(["rm", "-rf", tmp, profile])
print("%d failures" % len(failures))
sys.exit(1 if failures else 0)
