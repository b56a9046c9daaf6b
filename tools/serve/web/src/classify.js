// Choropleth classes as the raster tiles draw them (tiles/src/classify.cpp, choropleth.cpp):
// nearest-rank quantiles, classes that include their upper bound, ColorBrewer YlGnBu, and
// legend labels with the fewest decimals that keep the bounds apart. Pure functions.

/** ColorBrewer 2.0 YlGnBu (Cynthia Brewer, Mark Harrower, Penn State), 3–9 classes. */
const YLGNBU = [
  ['#edf8b1', '#7fcdbb', '#2c7fb8'],
  ['#ffffcc', '#a1dab4', '#41b6c4', '#225ea8'],
  ['#ffffcc', '#a1dab4', '#41b6c4', '#2c7fb8', '#253494'],
  ['#ffffcc', '#c7e9b4', '#7fcdbb', '#41b6c4', '#2c7fb8', '#253494'],
  ['#ffffcc', '#c7e9b4', '#7fcdbb', '#41b6c4', '#1d91c0', '#225ea8', '#0c2c84'],
  ['#ffffd9', '#edf8b1', '#c7e9b4', '#7fcdbb', '#41b6c4', '#1d91c0', '#225ea8', '#0c2c84'],
  ['#ffffd9', '#edf8b1', '#c7e9b4', '#7fcdbb', '#41b6c4', '#1d91c0', '#225ea8', '#253494', '#081d58'],
];

/** Fill of areas with no value or partial data (hatched on the map and in the legend). */
export const NO_DATA_FILL = '#bdbdbd';

/** `classes` colours from light (low) to dark (high); 1 and 2 take the 3-class scheme's ends. */
export function palette(classes) {
  if (classes < 1 || classes > 9) throw new RangeError(`YlGnBu has 1 to 9 classes, not ${classes}`);
  if (classes === 1) return [YLGNBU[0][1]];
  if (classes === 2) return [YLGNBU[0][0], YLGNBU[0][2]];
  return YLGNBU[classes - 3].slice();
}

/**
 * Quantile breaks of the finite `values` into at most `k` classes: class i ends at the value
 * of rank ⌈i·n/k⌉ (nearest rank); ties merge classes. Returns {min, upper} (upper strictly
 * increasing, its last the maximum), or null when there is no finite value.
 */
export function quantileBreaks(values, k = 5) {
  const v = values.filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return null;
  const distinct = new Set(v).size;
  const classes = Math.min(k, distinct);
  const n = v.length;
  const upper = [];
  for (let i = 1; i <= classes; ++i) {
    const rank = Math.floor((i * n + classes - 1) / classes);  // ⌈i·n/k⌉ in integers
    const b = v[rank - 1];
    if (upper.length === 0 || b !== upper[upper.length - 1]) upper.push(b);
  }
  return { min: v[0], upper };
}

/** The class of a value: the first i with v ≤ upper[i] (above the last: the last); −1 for none. */
export function classOf(value, breaks) {
  if (!breaks || typeof value !== 'number' || !Number.isFinite(value)) return -1;
  for (let i = 0; i < breaks.upper.length; ++i) if (value <= breaks.upper[i]) return i;
  return breaks.upper.length - 1;
}

function fixed(v, decimals) {
  const s = v.toFixed(decimals);
  return /^-0(\.0*)?$/.test(s) ? s.slice(1) : s;
}

/**
 * Labels "a – b" of the classes from the minimum to the maximum, with the fewest decimals
 * (0–6) that keep every bound distinct and within a tenth of the smallest gap of its value.
 */
export function classLabels(breaks) {
  const bounds = [breaks.min, ...breaks.upper];
  let minGap = Infinity;
  for (let i = 1; i < bounds.length; ++i) {
    const gap = bounds[i] - bounds[i - 1];
    if (gap > 0) minGap = Math.min(minGap, gap);
  }
  let decimals = 0;
  for (; decimals < 6; ++decimals) {
    const seen = new Set();
    let ok = true;
    bounds.forEach((b, i) => {
      const text = fixed(b, decimals);
      if (i > 0) {
        if (seen.has(text)) ok = false;
        seen.add(text);
      }
      if (Number.isFinite(minGap) && Math.abs(Number(text) - b) > 0.1 * minGap) ok = false;
    });
    if (ok) break;
  }
  return breaks.upper.map((u, i) => `${fixed(bounds[i], decimals)} – ${fixed(u, decimals)}`);
}
