// Which video a recording shows: the share first, then the floor, the spotlight and the active speaker; a silence
// keeps the last choice; a focused participant without a camera is shown as such (black), not swapped for another.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { chooseShownVideo, ShownLog, type PeerVideo } from '../../../server/recording/shownVideo.ts';

const peers: PeerVideo[] = [
  { peerId: 'chair', cam: 'cam-chair', screen: null },
  { peerId: 'd1', cam: 'cam-d1', screen: 'screen-d1' },
  { peerId: 'd2', cam: null, screen: null },
];
const none = { sharerId: null, floorId: null, spotlightId: null, activeSpeakerId: null };

test('a screen share wins over the floor', () => {
  const shown = chooseShownVideo({ ...none, sharerId: 'd1', floorId: 'chair' }, peers, null);
  assert.deepEqual(shown, { peerId: 'd1', producerId: 'screen-d1', source: 'screen' });
});

test('the floor, then the spotlight, then the active speaker', () => {
  assert.equal(
    chooseShownVideo({ ...none, floorId: 'd1', activeSpeakerId: 'chair' }, peers, null)?.producerId,
    'cam-d1',
  );
  assert.equal(
    chooseShownVideo({ ...none, spotlightId: 'chair', activeSpeakerId: 'd1' }, peers, null)?.peerId,
    'chair',
  );
  assert.equal(chooseShownVideo({ ...none, activeSpeakerId: 'd1' }, peers, null)?.peerId, 'd1');
});

test('a focused participant with the camera off is shown without video', () => {
  assert.deepEqual(chooseShownVideo({ ...none, floorId: 'd2' }, peers, null), {
    peerId: 'd2',
    producerId: null,
    source: 'cam',
  });
});

test('nobody in focus: the last choice stays, else the first camera', () => {
  const previous = { peerId: 'd1', producerId: 'cam-d1', source: 'cam' as const };
  assert.equal(chooseShownVideo(none, peers, previous)?.peerId, 'd1');
  assert.equal(chooseShownVideo(none, peers, null)?.peerId, 'chair');
  assert.equal(chooseShownVideo(none, [], null), null);
});

test('the log keeps one open interval and ignores a switch to what is shown', () => {
  const log = new ShownLog();
  log.switchTo('a', 1000);
  log.switchTo('a', 1500);
  log.switchTo(null, 2000);
  log.switchTo('b', 3000);
  log.close(4000);
  assert.deepEqual(log.intervals, [
    { producerId: 'a', from: 1000, to: 2000 },
    { producerId: null, from: 2000, to: 3000 },
    { producerId: 'b', from: 3000, to: 4000 },
  ]);
  assert.equal(log.current, null);
});
