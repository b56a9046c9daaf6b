// Colours of the asset domains, as the raster tiles draw assets (tiles::domain_colour,
// Okabe–Ito: community orange, individual blue, structural green) and as the report uses them:
// a darker shade of each for text (contrast ≥ 4.5:1 on white) and a light tint for backgrounds.

export const DOMAINS = ['individual', 'community', 'structural'];

const MARKER = { community: '#E69F00', individual: '#0072B2', structural: '#009E73' };
const TEXT = { community: '#8a5300', individual: '#005a8c', structural: '#00694d' };
const TINT = { community: '#fdf1dc', individual: '#e1eef7', structural: '#dcf1e9' };

/** The marker colour of a domain's assets ("#666666" for another domain). */
export const domainColour = (d) => MARKER[d] || '#666666';
/** A darker shade for text on white. */
export const domainTextColour = (d) => TEXT[d] || '#4d4d4d';
/** A light tint for backgrounds behind dark text. */
export const domainTint = (d) => TINT[d] || '#eeeeee';
/** The marker shape of a domain: community circles, individual squares, structural triangles. */
export const domainShape = (d) => ({ community: 'circle', individual: 'square', structural: 'triangle' })[d] || 'circle';
