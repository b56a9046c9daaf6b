// The sources of an asset, from its `source_ids` property.

/** Readable sources of an asset from its `source_ids` ("osm:n123;bods_bus:5310…"). */
export function parseSources(sourceIds) {
  return String(sourceIds || '')
    .split(';')
    .filter(Boolean)
    .map((s) => {
      const colon = s.indexOf(':');
      const source = colon < 0 ? s : s.slice(0, colon);
      const id = colon < 0 ? '' : s.slice(colon + 1);
      const osm = /^([nwr])(\d+)$/.exec(id);
      if (source.startsWith('osm') && osm)
        return { source, id, osm: { kind: { n: 'node', w: 'way', r: 'relation' }[osm[1]], number: osm[2] } };
      return { source, id };
    });
}
