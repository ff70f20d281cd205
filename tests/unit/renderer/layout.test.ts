import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PeerInfo } from '../../../common/meetingInfo.ts';
import {
  HIGH_LAYER_MIN_WIDTH,
  buildTiles,
  computeGrid,
  initialOf,
  layerForWidth,
  orderPeers,
} from '../../../renderer/features/meeting/layout.ts';
import type { RemoteTrack } from '../../../renderer/features/meeting/sessionState.ts';

const peer = (id: string, role: PeerInfo['role'], extra: Partial<PeerInfo> = {}): PeerInfo => ({
  id,
  name: `Người ${id}`,
  role,
  connectionPoint: null,
  micOn: true,
  camOn: true,
  ...extra,
});

const fakeTrack = (id: string) => ({ id }) as unknown as MediaStreamTrack;

test('one tile fills the box at 16:9', () => {
  const grid = computeGrid({ count: 1, width: 1600, height: 900, gap: 12 });
  assert.deepEqual(grid, { columns: 1, rows: 1, tileWidth: 1600, tileHeight: 900, scrolls: false });
});

test('two tiles on a wide screen sit side by side', () => {
  const grid = computeGrid({ count: 2, width: 1600, height: 700, gap: 12 });
  assert.equal(grid.columns, 2);
  assert.equal(grid.rows, 1);
  assert.equal(grid.tileWidth, 794);
});

test('four tiles make a 2×2 grid on a 16:9 stage', () => {
  const grid = computeGrid({ count: 4, width: 1600, height: 900, gap: 12 });
  assert.equal(grid.columns, 2);
  assert.equal(grid.rows, 2);
});

test('tiles never overflow the box when they fit at the minimum size', () => {
  for (let count = 1; count <= 16; count++) {
    const grid = computeGrid({ count, width: 1400, height: 800, gap: 12 });
    assert.equal(grid.scrolls, false);
    assert.ok(grid.columns * grid.tileWidth + (grid.columns - 1) * 12 <= 1400);
    assert.ok(grid.rows * grid.tileHeight + (grid.rows - 1) * 12 <= 800);
  }
});

test('too many tiles for the box scroll at the minimum width', () => {
  const grid = computeGrid({ count: 60, width: 1000, height: 500, gap: 10, minTileWidth: 220 });
  assert.equal(grid.scrolls, true);
  assert.equal(grid.columns, 4);
  assert.ok(grid.tileWidth >= 220);
});

test('an empty or unmeasured stage yields no tiles', () => {
  assert.equal(computeGrid({ count: 0, width: 1000, height: 500, gap: 10 }).tileWidth, 0);
  assert.equal(computeGrid({ count: 3, width: 0, height: 0, gap: 10 }).tileWidth, 0);
});

test('large tiles ask for the high simulcast layer, small ones for the low', () => {
  assert.equal(layerForWidth(HIGH_LAYER_MIN_WIDTH), 'high');
  assert.equal(layerForWidth(HIGH_LAYER_MIN_WIDTH - 1), 'low');
});

test('tiles are ordered chair, secretary, delegates; self first within its role', () => {
  const self = peer('me', 'delegate');
  const ordered = orderPeers(self, [
    peer('d1', 'delegate'),
    peer('s', 'secretary'),
    peer('c', 'chair'),
    peer('d2', 'delegate'),
  ]);
  assert.deepEqual(
    ordered.map((p) => p.id),
    ['c', 's', 'me', 'd1', 'd2'],
  );
});

test('buildTiles joins peers with their tracks and local state', () => {
  const self = peer('me', 'delegate', { micOn: true, camOn: true });
  const remote: RemoteTrack[] = [
    {
      consumerId: 'c-a',
      producerId: 'p-a',
      peerId: 'chair',
      kind: 'audio',
      source: 'mic',
      track: fakeTrack('a'),
      paused: false,
    },
    {
      consumerId: 'c-v',
      producerId: 'p-v',
      peerId: 'chair',
      kind: 'video',
      source: 'cam',
      track: fakeTrack('v'),
      paused: false,
    },
    {
      consumerId: 'c-v2',
      producerId: 'p-v2',
      peerId: 'muted',
      kind: 'video',
      source: 'cam',
      track: fakeTrack('v2'),
      paused: true,
    },
  ];
  const tiles = buildTiles({
    self,
    peers: [peer('chair', 'chair'), peer('muted', 'delegate', { micOn: false })],
    remote,
    activeSpeakerId: 'chair',
    camTrack: fakeTrack('local'),
    camOn: false,
    micOn: false,
  });
  assert.deepEqual(
    tiles.map((t) => t.peerId),
    ['chair', 'me', 'muted'],
  );
  const [chair, me, muted] = tiles;
  assert.equal(chair?.speaking, true);
  assert.equal(chair?.videoConsumerId, 'c-v');
  assert.equal(chair?.audioTrack, remote[0]?.track);
  assert.equal(me?.isSelf, true);
  assert.equal(me?.micOn, false, 'self mic state comes from local state');
  assert.equal(me?.videoTrack, null, 'camera off hides the self view');
  assert.equal(muted?.videoTrack, null, 'a paused video shows the placeholder');
  assert.equal(muted?.videoConsumerId, 'c-v2', 'but still reports visibility');
  assert.equal(muted?.micOn, false);
});

test('a muted participant is never highlighted as the speaker', () => {
  const tiles = buildTiles({
    self: peer('me', 'delegate'),
    peers: [peer('chair', 'chair', { micOn: false })],
    remote: [],
    activeSpeakerId: 'chair',
    camTrack: null,
    camOn: false,
    micOn: true,
  });
  assert.equal(tiles[0]?.speaking, false);
});

test('the avatar initial is the given name, which comes last in Vietnamese', () => {
  assert.equal(initialOf('Nguyễn Văn An'), 'A');
  assert.equal(initialOf('  trần thị   ánh  '), 'Á');
  assert.equal(initialOf(''), '?');
});
