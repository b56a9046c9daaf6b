#!/usr/bin/env python3
"""What QGIS and GeoPackage readers find in the atlas of `assetmap run` (issue 13, items 10
and 12), checked with the real clients: QGIS 3.22 through PyQGIS (Debian python3-qgis,
qgis-providers; headless with QT_QPA_PLATFORM=offscreen) and GDAL's GeoPackage validator
(osgeo_utils.samples.validate_gpkg, Debian python3-gdal).

Usage: check_qgis.py <path to assetmap> <study: tiny | newport>

  - the GeoPackage passes validate_gpkg (gpkg_data_columns and its extension rows included);
  - gpkg_data_columns gives every column of every layer a title and a description, with the
    unit for measure columns;
  - QGIS applies the default styles of layer_styles on opening: areas as the asset-index
    choropleth with the classes, labels and colours of the raster tiles' legend
    (<study>_asset_index_legend.svg) and the breaks of the MapLibre style
    (<study>_style.json, metadata assetmap:breaks), "No data" grey and hatched first;
    assets by the domain symbols; every field's alias is its title;
  - QGIS opens <study>_vector.mbtiles as a vector tile layer (it cannot read PMTiles).
"""
import os
import re
import sqlite3
import subprocess
import sys
import tempfile

os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ.setdefault("XDG_RUNTIME_DIR", tempfile.mkdtemp(prefix="qgis_runtime_"))

from qgis.core import (QgsApplication, QgsVectorLayer,  # noqa: E402
                       QgsVectorTileLayer)

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.environ.get("ASSETMAP_SOURCE_DIR", os.path.join(HERE, "..", ".."))


def fail(msg):
    raise AssertionError(msg)


def run_study(am, study, out):
    env = dict(os.environ)
    if study == "tiny":
        env.pop("ASSETMAP_DATA_DIR", None)  # the fixture names its own data_dir
        path = os.path.join(SOURCE, "datasets", "fixtures", "tiny", "study.toml")
    else:
        path = study
    p = subprocess.run([am, "-q", "run", path, "-o", out], capture_output=True, text=True,
                       env=env)
    if p.returncode != 0:
        fail(f"run {study}: exit {p.returncode}\n{p.stderr}")


def check_validator(gpkg):
    p = subprocess.run(["/usr/bin/python3", "-m", "osgeo_utils.samples.validate_gpkg", gpkg],
                       capture_output=True, text=True)
    if p.returncode != 0:
        fail(f"validate_gpkg: {p.stdout}{p.stderr}")


def data_columns(gpkg):
    con = sqlite3.connect(gpkg)
    rows = con.execute("select table_name, column_name, name, title, description "
                       "from gpkg_data_columns").fetchall()
    layers = [r[0] for r in con.execute(
        "select table_name from gpkg_contents where table_name != 'layer_styles'")]
    columns = {}
    for layer in layers:
        for r in con.execute(f'pragma table_info("{layer}")'):
            if r[1] not in ("fid", "geom"):
                columns.setdefault(layer, []).append(r[1])
    con.close()
    described = {(t, c): (n, title, d) for t, c, n, title, d in rows}
    for layer, cols in columns.items():
        for c in cols:
            if (layer, c) not in described:
                fail(f"gpkg_data_columns has no row for {layer}.{c}")
            name, title, desc = described[(layer, c)]
            if not title or title == c or not desc:
                fail(f"{layer}.{c}: title {title!r}, description {desc!r}")
    n = sum(len(c) for c in columns.values())
    if n < 200:
        fail(f"only {n} columns described")
    _, title, desc = described[("areas", "bus_stop_coverage_pct_400")]
    if title != "Bus stops: residents within 400 m (%)" or "Unit: % of residents." not in desc:
        fail(f"bus_stop_coverage_pct_400: {title!r} {desc!r}")
    return {k: v[1] for k, v in described.items()}


def legend_classes(svg_path):
    """(colour, label) of each class box of a legend SVG written by the raster tiles."""
    with open(svg_path, encoding="utf-8") as f:
        svg = f.read()
    return re.findall(r'<g class="class">\s*<rect[^>]*fill="(#[0-9a-fA-F]{6})"[^>]*/>\s*'
                      r'<text[^>]*>([^<]*)</text>', svg)


def style_breaks(style_json):
    import json
    with open(style_json, encoding="utf-8") as f:
        return json.load(f)["metadata"]["assetmap:breaks"]


def check_qgis(out, stem, titles):
    gpkg = os.path.join(out, stem + ".gpkg")
    areas = QgsVectorLayer(gpkg + "|layername=areas", "areas", "ogr")
    if not areas.isValid():
        fail("QGIS cannot open the areas layer")
    r = areas.renderer()
    if r.type() != "RuleRenderer":
        fail(f"areas: default style not applied (renderer {r.type()})")
    rules = r.rootRule().children()
    nodata = rules[0]
    if nodata.label() != "No data" or nodata.filterExpression() != '"asset_index" IS NULL':
        fail(f"first rule {nodata.label()!r} {nodata.filterExpression()!r}")
    if nodata.symbol().color().name() != "#bdbdbd" or \
            [s.layerType() for s in nodata.symbol().symbolLayers()] != ["SimpleFill",
                                                                       "LinePatternFill"]:
        fail("No data is not the hatched grey")
    # The same classes as the raster tiles: colours and labels of the legend, in order.
    legend = legend_classes(os.path.join(out, stem + "_asset_index_legend.svg"))
    got = [(rule.symbol().color().name(), rule.label()) for rule in rules[1:]]
    want = [(c.lower(), label) for c, label in legend]
    if got != want:
        fail(f"areas classes {got} != raster legend {want}")
    # And the breaks of the MapLibre style (the raster reads the values as 15-digit text,
    # QGIS compares the stored doubles: equal to 1e-12).
    breaks = style_breaks(os.path.join(out, stem + "_style.json"))
    upper = []
    for rule in rules[1:]:
        m = re.findall(r'<= (-?[0-9.e+-]+)', rule.filterExpression())
        if m:
            upper.append(float(m[-1]))
    if len(breaks) > 1 and (len(upper) != len(breaks) - 1 or any(
            abs(a - b) > 1e-12 * max(1.0, abs(b)) for a, b in zip(upper, breaks))):
        fail(f"rule breaks {upper} != style breaks {breaks}")
    # Every field's alias is its title (gpkg_data_columns).
    for layer in (areas, QgsVectorLayer(gpkg + "|layername=assets", "assets", "ogr")):
        name = layer.name()
        for f in layer.fields():
            if f.name() == "fid":
                continue
            if f.alias() != titles[(name, f.name())]:
                fail(f"{name}.{f.name()}: alias {f.alias()!r} != {titles[(name, f.name())]!r}")
    assets = QgsVectorLayer(gpkg + "|layername=assets", "assets", "ogr")
    ar = assets.renderer()
    if ar.type() != "RuleRenderer":
        fail(f"assets: default style not applied ({ar.type()})")
    got = {rule.label(): (rule.symbol().color().name(), rule.symbol().symbolLayer(0).shape())
           for rule in ar.rootRule().children()}
    # QgsSimpleMarkerSymbolLayerBase.Shape: 0 square, 4 triangle, 8 circle.
    want = {"Community": ("#e69f00", 8), "Individual": ("#0072b2", 0),
            "Structural": ("#009e73", 4), "Bus stops": ("#009e73", 4)}
    for label, sym in want.items():
        if got.get(label) != sym:
            fail(f"assets rule {label}: {got.get(label)} != {sym}")
    vt = QgsVectorTileLayer(
        "type=mbtiles&url=" + os.path.join(out, stem + "_vector.mbtiles"), "vector")
    if not vt.isValid() or (vt.sourceMinZoom(), vt.sourceMaxZoom()) != (6, 15):
        fail("QGIS cannot open the vector MBTiles")
    return len(rules) - 1


def main():
    am, study = sys.argv[1], sys.argv[2]
    app = QgsApplication([], False)
    app.initQgis()
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "out")
        run_study(am, study, out)
        stem = "tiny" if study == "tiny" else study
        gpkg = os.path.join(out, stem + ".gpkg")
        check_validator(gpkg)
        titles = data_columns(gpkg)
        classes = check_qgis(out, stem, titles)
    print(f"{study}: GeoPackage valid, {len(titles)} columns described, {classes} classes "
          f"in QGIS as in the raster legend")
    sys.stdout.flush()
    os._exit(0)  # skip QGIS's slow and noisy exit


if __name__ == "__main__":
    main()
