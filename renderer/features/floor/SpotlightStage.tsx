// The stage when someone has the floor or the chair spotlights a connection point: that participant large for
// everyone, with the speaking timer, and the others in a filmstrip underneath.
import type { FloorState } from '../../../common/meeting.ts';
import type { TileModel } from '../meeting/layout.ts';
import { Tile, type VisibilityReport } from '../meeting/Tile.tsx';
import { FloorTag } from './FloorTag.tsx';
import { spotlightGeometry } from './spotlightLayout.ts';

const GAP = 12;

export function SpotlightStage({
  tiles,
  focusId,
  floor,
  timeUp,
  width,
  height,
  scrollRoot,
  onVisibility,
}: {
  tiles: TileModel[];
  focusId: string;
  floor: FloorState | null;
  timeUp: boolean;
  width: number;
  height: number;
  scrollRoot: Element | null;
  onVisibility: VisibilityReport;
}) {
  const main = tiles.find((tile) => tile.peerId === focusId);
  const others = tiles.filter((tile) => tile.peerId !== focusId);
  const geometry = spotlightGeometry({ width, height, others: others.length, gap: GAP });
  if (!main) return null;
  const byFloor = floor?.peerId === focusId;
  return (
    <div
      className="spotlight"
      data-testid="spotlight"
      data-peer-id={focusId}
      data-reason={byFloor ? 'floor' : 'spotlight'}
      style={{ gap: GAP }}
    >
      <div className={`spotlight-main${byFloor ? ' spotlight-main--floor' : ''}`} style={{ width: geometry.mainWidth }}>
        <Tile tile={main} width={geometry.mainWidth} scrollRoot={scrollRoot} onVisibility={onVisibility} />
        <FloorTag floor={byFloor ? floor : null} timeUp={timeUp} spotlit={!byFloor} />
      </div>
      {others.length > 0 && (
        <div className="filmstrip" style={{ gap: GAP, height: geometry.stripHeight }}>
          {others.map((tile) => (
            <Tile
              key={tile.peerId}
              tile={tile}
              width={geometry.stripTileWidth}
              scrollRoot={scrollRoot}
              onVisibility={onVisibility}
            />
          ))}
        </div>
      )}
    </div>
  );
}
