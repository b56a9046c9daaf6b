// The MapLibre map: the server's own vector tiles (TileJSON at /tiles/{tileset}.json) on a
// plain background — no basemap, no glyphs, no sprites, nothing from the internet. The
// modules add their layers (areas, assets, "near here", and later the editing layers).

import maplibregl from 'maplibre-gl';

/** The id of the vector source the modules draw from. */
export const SOURCE = 'assetmap';
export const BACKGROUND = '#eef0ee';

/**
 * A map in `container` over the vector tile set whose TileJSON is at `tilejsonUrl`, fitted to
 * `bounds` ([w, s, e, n] degrees). Resolves once the style has loaded.
 */
export function createMap(container, { tilejsonUrl, bounds, i18n, attribution }) {
  const map = new maplibregl.Map({
    container,
    style: {
      version: 8,
      sources: {
        [SOURCE]: { type: 'vector', url: tilejsonUrl },
      },
      layers: [{ id: 'background', type: 'background', paint: { 'background-color': BACKGROUND } }],
    },
    bounds: bounds || undefined,
    fitBoundsOptions: { padding: 24 },
    minZoom: 5,
    maxZoom: 18,
    attributionControl: false,
    dragRotate: false,
    pitchWithRotate: false,
    touchPitch: false,
    cooperativeGestures: false,
    locale: mapLocale(i18n),
  });
  map.touchZoomRotate.disableRotation();
  map.keyboard.disableRotation();
  map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
  map.addControl(new maplibregl.ScaleControl({ unit: 'metric' }), 'bottom-right');
  // The sources' licences ask for their attribution (OGL, ODbL): the atlas's line, open at
  // first and folded behind MapLibre's (i) button (compact: the Wales-wide sources make it
  // long enough to cover the map otherwise).
  map.addControl(new maplibregl.AttributionControl({ compact: true, customAttribution: attribution || undefined }), 'bottom-right');
  return new Promise((resolve, reject) => {
    map.once('load', () => resolve(map));
    map.once('error', (e) => {
      if (!map.loaded()) reject(e.error || e);
    });
  });
}

/** MapLibre's own control strings in the page's language. */
export function mapLocale(i18n) {
  return {
    'NavigationControl.ZoomIn': i18n.t('web.map.zoom_in'),
    'NavigationControl.ZoomOut': i18n.t('web.map.zoom_out'),
    'ScaleControl.Meters': 'm',
    'ScaleControl.Kilometers': 'km',
    'AttributionControl.ToggleAttribution': i18n.t('web.map.attribution'),
    'AttributionControl.MapFeedback': i18n.t('web.map.attribution'),
    'Popup.Close': i18n.t('web.popup.close'),
    'Map.Title': i18n.t('web.map.label'),
  };
}

/** Relabels the map's controls after a language change (MapLibre reads its locale once). */
export function relabelMap(map, i18n) {
  const set = (selector, text) => {
    for (const el of map.getContainer().querySelectorAll(selector)) {
      el.setAttribute('aria-label', text);
      el.setAttribute('title', text);
    }
  };
  set('.maplibregl-ctrl-zoom-in', i18n.t('web.map.zoom_in'));
  set('.maplibregl-ctrl-zoom-out', i18n.t('web.map.zoom_out'));
  set('.maplibregl-ctrl-attrib-button', i18n.t('web.map.attribution'));
  set('.maplibregl-popup-close-button', i18n.t('web.popup.close'));
  const canvas = map.getCanvas();
  canvas.setAttribute('aria-label', i18n.t('web.map.label'));
  canvas.setAttribute('role', 'region');
  canvas.setAttribute('aria-roledescription', i18n.t('web.map.roledescription'));
}

export { maplibregl };
