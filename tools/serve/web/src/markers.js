// The marker of each asset domain, as the raster tiles draw assets: community orange
// circles, individual blue squares, structural green triangles, with a white outline.

import { domainColour, domainShape } from './palette.js';

/** Draws a domain's marker (white outline) on a 2D context, centred at (c, c), radius r. */
export function drawMarker(ctx, shape, fill, c, r, lineWidth) {
  ctx.beginPath();
  if (shape === 'square') {
    const s = r * 0.86;
    ctx.rect(c - s, c - s, 2 * s, 2 * s);
  } else if (shape === 'triangle') {
    ctx.moveTo(c, c - r * 1.05);
    ctx.lineTo(c + r * 1.05, c + r * 0.78);
    ctx.lineTo(c - r * 1.05, c + r * 0.78);
    ctx.closePath();
  } else {
    ctx.arc(c, c, r, 0, 2 * Math.PI);
  }
  ctx.fillStyle = fill;
  ctx.fill();
  ctx.lineWidth = lineWidth;
  ctx.strokeStyle = '#ffffff';
  ctx.lineJoin = 'round';
  ctx.stroke();
}

/** A small inline SVG of a domain's marker, for legends and lists. */
export function markerSvg(domain, size = 16) {
  const shape = domainShape(domain);
  const fill = domainColour(domain);
  const h = size / 2;
  let body;
  if (shape === 'square') body = `<rect x="${h - 5.5}" y="${h - 5.5}" width="11" height="11"/>`;
  else if (shape === 'triangle') body = `<path d="M${h} ${h - 6.6}L${h + 6.6} ${h + 4.9}H${h - 6.6}Z"/>`;
  else body = `<circle cx="${h}" cy="${h}" r="6"/>`;
  return `<svg class="marker" aria-hidden="true" width="${size}" height="${size}" viewBox="0 0 ${size} ${size}"><g fill="${fill}" stroke="#ffffff" stroke-width="1.5" stroke-linejoin="round">${body}</g></svg>`;
}
