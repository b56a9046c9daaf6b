"""QGIS itself against `assetmap serve` (headless: QT_QPA_PLATFORM=offscreen).

Adds the `areas` OGC API - Features layer, an XYZ vector tile layer of the served tiles and
the atlas GeoPackage; checks that the OAPIF and GeoPackage layers have the same areas and the
same asset index for one area, and that the vector tiles are fetched, decoded and drawn.

usage: check_serve_qgis.py BASE_URL ATLAS_GPKG OUT_PNG
"""
import sys

from qgis.core import (QgsApplication, QgsCoordinateReferenceSystem, QgsCoordinateTransform,
                       QgsMapRendererSequentialJob, QgsMapSettings, QgsProject, QgsRectangle,
                       QgsVectorLayer, QgsVectorTileLayer)
from qgis.PyQt.QtCore import QSize, QVariant
from qgis.PyQt.QtGui import QColor

base, gpkg, out_png = sys.argv[1:4]
app = QgsApplication([], False)
app.initQgis()

oapif = QgsVectorLayer(f"url='{base}/ogcapi' typename='areas' pagingEnabled='true'",
                       "areas (OAPIF)", "OAPIF")
assert oapif.isValid(), "the OAPIF layer is not valid"
local = QgsVectorLayer(f"{gpkg}|layername=areas", "areas (GeoPackage)", "ogr")
assert local.isValid(), "the GeoPackage layer is not valid"
tiles = QgsVectorTileLayer(
    f"type=xyz&url={base}/tiles/newport_vector/{{z}}/{{x}}/{{y}}.mvt&zmin=6&zmax=15", "tiles")
assert tiles.isValid(), "the vector tile layer is not valid"
for layer in (oapif, local, tiles):
    QgsProject.instance().addMapLayer(layer)

assert oapif.featureCount() == local.featureCount() == 20, (oapif.featureCount(),
                                                            local.featureCount())
want = {f["code"]: f["asset_index"] for f in local.getFeatures()}
got = {f["code"]: f["asset_index"] for f in oapif.getFeatures()}
assert set(want) == set(got)
def number(v):
    """A QGIS attribute as a float, or None for NULL (a null QVariant)."""
    if v is None or isinstance(v, QVariant):
        return None
    return float(v)


ranked = sorted(c for c, v in want.items() if number(v) is not None)
assert ranked, "no area has an asset index"
code = ranked[0]
assert number(got[code]) is not None
assert abs(number(got[code]) - number(want[code])) < 1e-12, (code, got[code], want[code])
nulls_local = sorted(c for c, v in want.items() if number(v) is None)
nulls_oapif = sorted(c for c, v in got.items() if number(v) is None)
assert nulls_local == nulls_oapif, (nulls_local, nulls_oapif)

# Draw the vector tiles over central Newport: QGIS fetches, decodes and renders them.
settings = QgsMapSettings()
settings.setLayers([tiles])
settings.setOutputSize(QSize(256, 256))
settings.setBackgroundColor(QColor(255, 255, 255, 0))
settings.setDestinationCrs(QgsCoordinateReferenceSystem("EPSG:3857"))
to_3857 = QgsCoordinateTransform(QgsCoordinateReferenceSystem("EPSG:4326"),
                                 QgsCoordinateReferenceSystem("EPSG:3857"), QgsProject.instance())
settings.setExtent(to_3857.transformBoundingBox(QgsRectangle(-3.02, 51.57, -2.97, 51.60)))
job = QgsMapRendererSequentialJob(settings)
job.start()
job.waitForFinished()
image = job.renderedImage()
image.save(out_png)
painted = sum(1 for x in range(0, 256, 8) for y in range(0, 256, 8)
              if QColor(image.pixel(x, y)).alpha() > 0)
assert painted > 512, f"only {painted} of 1024 samples painted: tiles not drawn"
print(f"QGIS: OAPIF {oapif.featureCount()} areas, {code} asset_index {got[code]}; "
      f"vector tiles drawn ({painted}/1024 samples)")
app.exitQgis()
