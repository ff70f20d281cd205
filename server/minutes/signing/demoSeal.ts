// The demo agency's seal image, drawn here rather than copied from any real seal: a plain red round seal — an outer
// ring, a thin inner ring, a five-pointed star in the middle and the word DEMO under it — on a transparent background,
// as Decree 30/2020 Appendix I wants the seal image (red, PNG with transparency, shown at the seal's real size). A
// demo server uploads it as the agency's seal (server/demo/seedAgencySignature.ts); nothing real looks like it.
import { encodePng } from '../pdf/png.ts';

/** The demo seal's real diameter (most agency seals are 30–42 mm, Decree 99/2016). */
export const DEMO_SEAL_DIAMETER_MM = 36;

/** Pixels across: about 280 dpi at 36 mm, sharp when the page is printed. */
const SIZE = 400;
const RED: readonly [number, number, number] = [218, 37, 42];

type Point = readonly [number, number];

/** DEMO in strokes on a 4 × 6 grid per letter (x right, y down), each letter a list of polylines. */
const LETTERS: Point[][][] = [
  [[[0, 0], [0, 6], [2.4, 6], [4, 4.4], [4, 1.6], [2.4, 0], [0, 0]]], // D
  [[[4, 0], [0, 0], [0, 6], [4, 6]], [[0, 3], [3, 3]]], // E
  [[[0, 6], [0, 0], [2, 3.4], [4, 0], [4, 6]]], // M
  [[[1.4, 0], [2.6, 0], [4, 1.4], [4, 4.6], [2.6, 6], [1.4, 6], [0, 4.6], [0, 1.4], [1.4, 0]]], // O
];

/** Distance from p to the segment a–b. */
function toSegment([px, py]: Point, [ax, ay]: Point, [bx, by]: Point): number {
  const [dx, dy] = [bx - ax, by - ay];
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy || 1)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

/** The star's outline: five outer and five inner points around (cx, cy), the first pointing up. */
function starPolygon(cx: number, cy: number, outer: number): Point[] {
  const inner = outer * 0.382; // a regular star's ratio
  return Array.from({ length: 10 }, (_, i) => {
    const r = i % 2 === 0 ? outer : inner;
    const angle = -Math.PI / 2 + (i * Math.PI) / 5;
    return [cx + r * Math.cos(angle), cy + r * Math.sin(angle)] as const;
  });
}

/** Whether p lies inside the polygon (even–odd rule). */
function inside([px, py]: Point, polygon: Point[]): boolean {
  let odd = false;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const [xi, yi] = polygon[i]!;
    const [xj, yj] = polygon[j]!;
    if (yi > py !== yj > py && px < ((xj - xi) * (py - yi)) / (yj - yi) + xi) odd = !odd;
  }
  return odd;
}

/** The strokes of DEMO, centred on (cx, cy) with letters `height` pixels high. */
function wordSegments(cx: number, cy: number, height: number): [Point, Point][] {
  const unit = height / 6;
  const advance = 5.4; // a letter's width (4) and the gap after it
  const left = cx - ((LETTERS.length * advance - (advance - 4)) * unit) / 2;
  const top = cy - height / 2;
  return LETTERS.flatMap((letter, i) =>
    letter.flatMap((line) =>
      line.slice(1).map((to, k) => {
        const at = (p: Point): Point => [left + (i * advance + p[0]) * unit, top + p[1] * unit];
        return [at(line[k]!), at(to)] as [Point, Point];
      }),
    ),
  );
}

/** The demo seal as a PNG with alpha, `SIZE` pixels across. */
export function demoSealPng(): Buffer {
  const c = SIZE / 2;
  const star = starPolygon(c, c - 22, 78);
  const word = wordSegments(c, c + 96, 44);
  const rgba = Buffer.alloc(SIZE * SIZE * 4);
  for (let y = 0; y < SIZE; y++) {
    for (let x = 0; x < SIZE; x++) {
      const p: Point = [x + 0.5, y + 0.5];
      const r = Math.hypot(p[0] - c, p[1] - c);
      const ink =
        (r > 180 && r < 197) || // outer ring
        (r > 160 && r < 166) || // inner ring
        inside(p, star) ||
        word.some(([a, b]) => toSegment(p, a, b) < 4.5);
      if (ink) rgba.set([...RED, 255], (y * SIZE + x) * 4);
    }
  }
  return encodePng(SIZE, SIZE, rgba);
}
