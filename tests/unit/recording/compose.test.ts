// Joining a recording's parts: each part placed by its wall-clock start, the shown video switching where the stage
// did (the previous picture kept until a newly shown part has one), every microphone mixed over silence, both
// streams as long as the recording.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { composeArgs, videoWindows, type ProbedPart } from '../../../server/recording/compose.ts';

const T0 = 1_800_000_000_000;
const part = (id: string, kind: 'audio' | 'video', startS: number): ProbedPart => ({
  id,
  file: `/r/${id}.mkv`,
  kind,
  source: kind === 'audio' ? 'mic' : 'cam',
  peerId: id,
  openedAt: T0,
  closedAt: null,
  pid: null,
  start: T0 / 1000 + startS,
});

test('a part whose first picture came late leaves the previous one on until it has one', () => {
  const shown = [
    { producerId: 'a', from: T0, to: T0 + 10_000 },
    { producerId: 'b', from: T0 + 10_000, to: T0 + 20_000 },
    { producerId: null, from: T0 + 20_000, to: null },
  ];
  const windows = videoWindows(
    shown,
    new Map([
      ['a', 0.4],
      ['b', 10.6],
    ]),
    T0,
    T0 + 30_000,
  );
  assert.deepEqual(windows.get('a'), [[0.4, 10.6]]);
  assert.deepEqual(windows.get('b'), [[10.6, 20]]);
});

test('the arguments place each part by its start and last as long as the recording', () => {
  const args = composeArgs({
    parts: [part('a', 'video', 0.5), part('m1', 'audio', 0.2), part('m2', 'audio', 12)],
    shown: [{ producerId: 'a', from: T0, to: null }],
    startedAt: T0,
    endedAt: T0 + 30_000,
    chaptersFile: '/r/chapters.txt',
    out: '/r/out.webm',
    settings: { width: 1280, height: 720, fps: 15, videoKbps: 1200 },
  });
  const joined = args.join(' ');
  assert.match(
    joined,
    /-itsoffset 0\.500 -i \/r\/a\.mkv -itsoffset 0\.200 -i \/r\/m1\.mkv -itsoffset 12\.000 -i \/r\/m2\.mkv/,
  );
  assert.match(joined, /color=c=black:s=1280x720:r=15:d=30\.000/);
  assert.match(joined, /enable='between\(t,0\.500,30\.000\)'/);
  assert.match(joined, /amix=inputs=3:duration=first:normalize=0/);
  assert.match(joined, /-map_chapters 5 /);
  assert.deepEqual(args.slice(-5), ['-t', '30.000', '-f', 'webm', '/r/out.webm']);
});

test('a recording with nothing in it is black and silent for its length', () => {
  const args = composeArgs({
    parts: [],
    shown: [],
    startedAt: T0,
    endedAt: T0 + 5000,
    chaptersFile: null,
    out: '/r/out.webm',
    settings: { width: 640, height: 360, fps: 10, videoKbps: 500 },
  });
  assert.equal(args.filter((a) => a === '-i').length, 2, 'only the black picture and the silence');
  assert.match(args.join(' '), /\[base0\]null\[vout\].*amix=inputs=1/);
});
