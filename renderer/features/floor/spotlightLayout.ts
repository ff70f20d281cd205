// Geometry of the spotlight stage: the speaker (or the chair's spotlight) large, everyone else in a filmstrip
// below it. Pure, so that the sizes are tested without a browser.
import { TILE_ASPECT } from '../meeting/layout.ts';

export interface SpotlightGeometry {
  mainWidth: number;
  mainHeight: number;
  stripTileWidth: number;
  /** Height of the filmstrip row; 0 when nobody else is shown. */
  stripHeight: number;
}

export const STRIP_TILE_WIDTH = 208;

export function spotlightGeometry({
  width,
  height,
  others,
  gap,
}: {
  width: number;
  height: number;
  others: number;
  gap: number;
}): SpotlightGeometry {
  if (width <= 0 || height <= 0) return { mainWidth: 0, mainHeight: 0, stripTileWidth: 0, stripHeight: 0 };
  // A narrow stage keeps thumbnails legible by showing fewer of them (the strip scrolls) rather than shrinking them.
  const stripTileWidth = others > 0 ? Math.min(STRIP_TILE_WIDTH, Math.floor(width / 3)) : 0;
  const stripHeight = others > 0 ? Math.floor(stripTileWidth / TILE_ASPECT) : 0;
  const available = height - (others > 0 ? stripHeight + gap : 0);
  const mainWidth = Math.max(0, Math.floor(Math.min(width, available * TILE_ASPECT)));
  return { mainWidth, mainHeight: Math.floor(mainWidth / TILE_ASPECT), stripTileWidth, stripHeight };
}
