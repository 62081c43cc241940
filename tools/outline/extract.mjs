// Extracts one country's outline from Natural Earth (as shipped in the npm
// package world-atlas, public domain data), keeps the polygons inside a
// bounding box (the European Netherlands, without the Caribbean islands),
// simplifies them (Douglas-Peucker) and writes GeoJSON for content/.
//
// Run once; the output is committed and the generator reads only that:
//   cd tools/outline && npm ci && node extract.mjs > ../../content/kaart/nederland.geojson
//
// Options (environment): COUNTRY (ISO 3166-1 numeric, default 528, the
// Netherlands), BBOX (west,south,east,north; default 3,50.5,7.5,54),
// TOLERANCE (degrees, default 0.004), MIN_AREA (square degrees below which
// an island is left out, default 0.0005), SCALE (10m or 50m, default 10m).

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { feature } from 'topojson-client';

const require = createRequire(import.meta.url);
const country = process.env.COUNTRY || '528';
const [west, south, east, north] = (process.env.BBOX || '3,50.5,7.5,54').split(',').map(Number);
const tolerance = Number(process.env.TOLERANCE || 0.004);
const minArea = Number(process.env.MIN_AREA || 0.0005);
const scale = process.env.SCALE || '10m';

const topology = JSON.parse(readFileSync(require.resolve(`world-atlas/countries-${scale}.json`), 'utf8'));
const countries = feature(topology, topology.objects.countries);
const found = countries.features.find((f) => String(f.id) === country);
if (!found) {
  console.error(`no country with id ${country}`);
  process.exit(1);
}

const polygons = found.geometry.type === 'Polygon' ? [found.geometry.coordinates] : found.geometry.coordinates;

const inside = ([x, y]) => x >= west && x <= east && y >= south && y <= north;

/** Shoelace area of a ring, in square degrees (absolute). */
function area(ring) {
  let a = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    a += (ring[j][0] + ring[i][0]) * (ring[j][1] - ring[i][1]);
  }
  return Math.abs(a / 2);
}

/** Distance of p from the segment a-b, in degrees (longitude scaled by cos(latitude)). */
function distance(p, a, b) {
  const k = Math.cos((a[1] * Math.PI) / 180);
  const [px, py, ax, ay, bx, by] = [p[0] * k, p[1], a[0] * k, a[1], b[0] * k, b[1]];
  const dx = bx - ax;
  const dy = by - ay;
  const len = dx * dx + dy * dy;
  const t = len === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

function simplify(points, tol) {
  if (points.length < 3) return points;
  let index = 0;
  let max = 0;
  for (let i = 1; i < points.length - 1; i++) {
    const d = distance(points[i], points[0], points[points.length - 1]);
    if (d > max) {
      max = d;
      index = i;
    }
  }
  if (max <= tol) return [points[0], points[points.length - 1]];
  const left = simplify(points.slice(0, index + 1), tol);
  const right = simplify(points.slice(index), tol);
  return left.slice(0, -1).concat(right);
}

/** A closed ring simplified: split at its farthest point so both halves keep their ends. */
function simplifyRing(ring) {
  const open = ring.slice(0, -1);
  let far = 0;
  let max = 0;
  for (let i = 1; i < open.length; i++) {
    const d = Math.hypot(open[i][0] - open[0][0], open[i][1] - open[0][1]);
    if (d > max) {
      max = d;
      far = i;
    }
  }
  const a = simplify(open.slice(0, far + 1), tolerance);
  const b = simplify(open.slice(far).concat([open[0]]), tolerance);
  return a.slice(0, -1).concat(b);
}

const round = (v) => Math.round(v * 1000) / 1000;
const kept = [];
for (const polygon of polygons) {
  const outer = polygon[0];
  if (!outer.every(inside) || area(outer) < minArea) continue;
  const rings = [];
  for (const ring of polygon) {
    if (ring !== outer && area(ring) < minArea) continue;
    const simple = simplifyRing(ring).map(([x, y]) => [round(x), round(y)]);
    if (simple.length < 3) continue;
    simple.push(simple[0]);
    rings.push(simple);
  }
  if (rings.length) kept.push(rings);
}
kept.sort((a, b) => area(b[0]) - area(a[0]));

const out = {
  type: 'Feature',
  properties: {
    name: found.properties.name,
    source: `Natural Earth ${scale} Admin 0 countries, version 4.1.0, via the npm package world-atlas 2.0.2`,
    license: 'public domain',
  },
  geometry: { type: 'MultiPolygon', coordinates: kept },
};
// One polygon per line: small diffs when the outline is extracted again.
const lines = kept.map((p) => '    ' + JSON.stringify(p));
process.stdout.write(
  '{"type":"Feature","properties":' + JSON.stringify(out.properties) +
  ',\n "geometry":{"type":"MultiPolygon","coordinates":[\n' + lines.join(',\n') + '\n]}}\n',
);
const points = kept.reduce((n, p) => n + p.reduce((m, r) => m + r.length, 0), 0);
console.error(`${found.properties.name}: ${kept.length} polygons, ${points} points`);
