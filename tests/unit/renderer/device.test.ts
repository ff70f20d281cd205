import assert from 'node:assert/strict';
import { test } from 'node:test';
import { detectDevice } from 'mediasoup-client';
import { chooseHandlerName } from '../../../renderer/features/meeting/device.ts';

const HEADLESS =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 Safari/537.36';
const ELECTRON =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) phonghop/0.1.0 Chrome/146.0.0.0 Electron/41.7.1 Safari/537.36';

test('headless Chromium, which mediasoup-client does not recognise, gets the Chrome111 handler', () => {
  assert.equal(chooseHandlerName(HEADLESS, detectDevice(HEADLESS)), 'Chrome111');
});

test('a detected handler is kept', () => {
  assert.equal(chooseHandlerName(ELECTRON, detectDevice(ELECTRON)), 'Chrome111');
  assert.equal(chooseHandlerName('anything', 'Firefox120'), 'Firefox120');
});

test('a browser that is not Chromium is not forced onto the Chromium handler', () => {
  assert.equal(chooseHandlerName('Mozilla/5.0 (compatible; curl)', undefined), undefined);
});
