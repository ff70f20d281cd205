// A server killed with SIGKILL mid-meeting, with real browsers: the real server runs as a child process
// (`node --import tsx server/main.ts --json`) on a DATA_DIR and a fixed port; three Chromium clients (chair, two
// delegates) draw on the agenda document, one of them in its private layer, and the server is killed while a
// delegate is still drawing. It is restarted on the same DATA_DIR and port. While the three old pages are held
// offline (so that nothing they remember can be sent back yet), fresh contexts join the restarted server and find
// every acknowledged stroke there: the server has them, not only the clients' memory. Then the old pages come back
// online and reconnect by themselves, without a reload; the strokes drawn while the server was down reach everyone.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { joinMeeting, launchBrowser, waitUntil, type Participant } from '../helpers/browser.ts';
import {
  freePort,
  killAllDemoProcesses,
  killHard,
  startDemoProcess,
  type DemoProcess,
} from '../helpers/demoProcess.ts';

type LayerName = 'shared' | 'private';

interface Mark {
  id: string;
  page: number;
  author: string;
}

const dataDir = mkdtempSync(join(tmpdir(), 'phonghop-serverkill-'));
let port = 0;
let server: DemoProcess;
/**
 * The first run's invitation links. Every start seeds one more demo meeting; the links of the one the clients are
 * in stay valid across the restart (the meeting, its invitations and the token secret are in DATA_DIR).
 */
let links: Map<string, string>;
let browser: Browser;
let chair: Participant;
let d1: Participant;
let d2: Participant;
/** The participant id each page joined as (the `author` of its marks). */
const ids = new Map<Participant, string>();
const old = () => [chair, d1, d2];
/** Contexts that joined after the restart and stay (the secretary). */
const fresh: Participant[] = [];

/** Per layer, the stroke ids whose acknowledgement reached their author before the kill. */
const acknowledged = { shared: new Set<string>(), private: new Set<string>() };
/** Stroke ids still pending after the kill, with the page that drew them. */
const unacknowledged = new Map<string, Participant>();
let privateMark = '';

// Strings, not functions: tsx would add a `__name` helper to named functions that Chromium does not have.
const marks = (page: Page, layer: LayerName) =>
  page.evaluate(`window.__phonghopDocs ? window.__phonghopDocs.marks(${JSON.stringify(layer)}) : []`) as Promise<
    Mark[]
  >;
const pending = (page: Page, layer: LayerName) =>
  page.evaluate(
    `window.__phonghopDocs ? window.__phonghopDocs.pending(${JSON.stringify(layer)}) : -1`,
  ) as Promise<number>;
const pendingMarks = (page: Page, layer: LayerName) =>
  page.evaluate(
    `window.__phonghopDocs ? window.__phonghopDocs.pendingMarks(${JSON.stringify(layer)}) : null`,
  ) as Promise<string[] | null>;
const markIds = async (page: Page, layer: LayerName) => new Set((await marks(page, layer)).map((m) => m.id));

/** This page's own strokes in a layer whose acknowledgement has arrived. */
async function ownAcknowledged(p: Participant, layer: LayerName): Promise<string[]> {
  // Marks first, then what is pending: a stroke drawn between the two reads (delegate-2 draws on while this runs)
  // is then in neither, instead of passing for acknowledged because it was not pending yet.
  const own = (await marks(p.page, layer)).filter((m) => m.author === ids.get(p));
  const waiting = await pendingMarks(p.page, layer);
  assert.ok(waiting, `${p.name}: the annotation layers are open`);
  return own.filter((m) => !waiting.includes(m.id)).map((m) => m.id);
}

/** A mark is redrawn on the layer's next render, not in the tick that changed it: wait for its pending marker. */
const markShownPending = (page: Page, id: string, shown: 'true' | 'false') =>
  waitUntil(
    async () =>
      (await page.evaluate(
        `document.querySelector('[data-mark-id=${JSON.stringify(id)}]')?.getAttribute('data-pending') ?? null`,
      )) === shown,
    15_000,
    `mark ${id} shown with data-pending=${shown}`,
  );

const isReconnecting = async (p: Participant) => (await p.page.getByTestId('reconnecting').count()) === 1;

/**
 * Draws a zigzag on the current page's annotation layer with the chosen tool; returns the new mark's id. Strokes go
 * in a band near the top of the page, on screen above the control bar; overlapping is harmless.
 */
async function draw(p: Participant, tool: string, layer: LayerName, slot: number): Promise<string> {
  const before = await markIds(p.page, layer);
  await p.page.getByTestId(tool).click();
  const box = await p.page.getByTestId('annotation-layer').boundingBox();
  const bar = await p.page.locator('footer.controlbar').boundingBox();
  assert.ok(box && bar, `${p.name}: the annotation layer is on screen`);
  const x = box.x + 40 + (slot % 4) * 270;
  // Well inside the layer, below the offline notice that appears over the top of the pages when the link drops.
  const y = Math.max(box.y, 0) + 100 + (slot % 3) * 15;
  assert.ok(y + 20 + 100 < bar.y, `${p.name}: the stroke is above the control bar (${y} < ${bar.y})`);
  await p.page.mouse.move(x, y);
  await p.page.mouse.down();
  for (let i = 1; i <= 8; i++) await p.page.mouse.move(x + i * 25, y + (i % 2) * 20);
  await p.page.mouse.up();
  const added = (await marks(p.page, layer)).filter((m) => m.author === ids.get(p) && !before.has(m.id));
  assert.equal(added.length, 1, `${p.name}: one new mark of its own in the ${layer} layer`);
  return added[0]!.id;
}

async function setLayer(p: Participant, layer: LayerName): Promise<void> {
  const toggle = p.page.getByTestId('layer-toggle');
  if ((await toggle.getAttribute('data-layer')) !== layer) await toggle.click();
  assert.equal(await toggle.getAttribute('data-layer'), layer);
}

async function documentShown(p: Participant): Promise<void> {
  await waitUntil(
    async () => (await p.page.locator('[data-testid="document-page"][data-rendered="true"]').count()) > 0,
    60_000,
    `${p.name}: a rendered page of the agenda document`,
  );
  await waitUntil(async () => (await pendingMarks(p.page, 'shared')) !== null, 30_000, `${p.name}: annotation layers`);
}

/** Every id in the layer's state and drawn on the page. */
async function hasAll(page: Page, layer: LayerName, wanted: Iterable<string>): Promise<boolean> {
  const held = await markIds(page, layer);
  for (const id of wanted) {
    if (!held.has(id)) return false;
    if ((await page.locator(`[data-mark-id="${id}"]`).count()) !== 1) return false;
  }
  return true;
}

async function enter(url: string, name: string, participantId: string): Promise<Participant> {
  const p = await joinMeeting(browser, url, name);
  // Taller than the helper's window: room on the page for strokes below the header, strip and toolbars.
  await p.page.setViewportSize({ width: 1280, height: 1000 });
  ids.set(p, participantId);
  await documentShown(p);
  // Video is not what this file tests; cameras off keeps the clients within two shared cores.
  await p.page.getByTestId('cam-toggle').click();
  return p;
}

before(async () => {
  port = await freePort();
  server = await startDemoProcess(dataDir, { port });
  links = server.links;
  browser = await launchBrowser();
  const id = (key: string) => server.participantIds.get(key)!;
  chair = await enter(links.get('chair')!, 'chair', id('chair'));
  d1 = await enter(links.get('delegate-1')!, 'delegate-1', id('delegate-1'));
  d2 = await enter(links.get('delegate-2')!, 'delegate-2', id('delegate-2'));
  // A reload would lose this; it is checked after the reconnection.
  for (const p of old()) await p.page.evaluate('window.__sameWindow = true');
});

after(async () => {
  await browser?.close();
  killAllDemoProcesses();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('a server killed with SIGKILL mid-meeting, in the browser', () => {
  it('three clients draw; every stroke is acknowledged (shared layer, and one private)', async () => {
    // The chair presents (the restarted server forgets it: see the last test).
    await chair.page.getByTestId('take-presenter').click();
    await chair.page.getByTestId('stop-presenting').waitFor({ timeout: 15_000 });
    const shared = [
      await draw(chair, 'tool-pen', 'shared', 0),
      await draw(d1, 'tool-pen', 'shared', 1),
      await draw(d2, 'tool-pen', 'shared', 2),
    ];
    await setLayer(d1, 'private');
    privateMark = await draw(d1, 'tool-highlighter', 'private', 3);
    await setLayer(d1, 'shared');
    for (const p of old()) {
      for (const layer of ['shared', 'private'] as const) {
        await waitUntil(async () => (await pending(p.page, layer)) === 0, 20_000, `${p.name}: ${layer} acknowledged`);
      }
      await waitUntil(() => hasAll(p.page, 'shared', shared), 20_000, `${p.name}: the three strokes`);
    }
    for (const p of [chair, d2]) assert.equal((await markIds(p.page, 'private')).size, 0, `${p.name}: no private`);
  });

  it('the server is killed while a delegate draws: acknowledged strokes are known, later ones stay pending', async () => {
    // delegate-2 draws stroke after stroke; the kill comes once two of them are acknowledged, while it still draws.
    const before = new Set(await ownAcknowledged(d2, 'shared'));
    let streaming = true;
    const stream = (async () => {
      try {
        for (let slot = 4; slot < 12; slot++) await draw(d2, 'tool-pen', 'shared', slot);
      } finally {
        streaming = false;
      }
    })();
    await waitUntil(
      async () => (await ownAcknowledged(d2, 'shared')).filter((id) => !before.has(id)).length >= 2,
      30_000,
      'two streamed strokes acknowledged',
    );
    const stillDrawing = streaming;
    await killHard(server);
    assert.ok(stillDrawing, 'the kill came while delegate-2 was still drawing');
    // Held offline from now until the fresh clients have read the restarted server.
    for (const p of old()) await p.context.setOffline(true);
    await stream;
    // Drawn while the server is down.
    await draw(chair, 'tool-pen', 'shared', 12);
    for (const p of old()) await waitUntil(() => isReconnecting(p), 20_000, `${p.name}: reconnecting shown`);

    // No acknowledgement can arrive any more: what each author has acknowledged now is final.
    for (const p of old()) {
      for (const layer of ['shared', 'private'] as const) {
        for (const id of await ownAcknowledged(p, layer)) acknowledged[layer].add(id);
        for (const id of (await pendingMarks(p.page, layer)) ?? []) unacknowledged.set(id, p);
      }
    }
    assert.ok(acknowledged.shared.size >= 5, `${acknowledged.shared.size} shared strokes acknowledged`);
    assert.deepEqual([...acknowledged.private], [privateMark]);
    assert.ok((await pending(d2.page, 'shared')) > 0, 'delegate-2 holds strokes drawn after the kill');
    assert.ok((await pending(chair.page, 'shared')) > 0, 'the chair holds the stroke drawn while down');
    // The author sees them marked as not stored yet.
    for (const [id, p] of unacknowledged) await markShownPending(p.page, id, 'true');
    console.log(
      `acknowledged before the kill: ${acknowledged.shared.size} shared + ${acknowledged.private.size} private; ` +
        `pending: ${unacknowledged.size}`,
    );
  });

  it('restarted on the same DATA_DIR and port, the server alone has every acknowledged stroke', async () => {
    assert.ok(acknowledged.shared.size >= 5 && unacknowledged.size >= 1, 'the kill left strokes of both kinds');
    server = await startDemoProcess(dataDir, { port });
    const secretary = await enter(links.get('secretary')!, 'secretary', 'secretary');
    await waitUntil(
      () => hasAll(secretary.page, 'shared', acknowledged.shared),
      30_000,
      'secretary (fresh context): every acknowledged stroke',
    );
    assert.deepEqual([...(await markIds(secretary.page, 'private'))], [], 'secretary: nobody else’s private stroke');
    assert.equal(await secretary.page.locator(`[data-mark-id="${privateMark}"]`).count(), 0);
    // delegate-1 on a second device: its private layer comes from the server.
    const secondDevice = await enter(
      links.get('delegate-1')!,
      'delegate-1 (second device)',
      ids.get(d1) ?? 'delegate-1',
    );
    await waitUntil(
      () => hasAll(secondDevice.page, 'private', acknowledged.private),
      30_000,
      'delegate-1 (second device): the private stroke',
    );
    await waitUntil(
      () => hasAll(secondDevice.page, 'shared', acknowledged.shared),
      30_000,
      'delegate-1 (second device): every acknowledged stroke',
    );
    // The old pages were offline all along: nothing above came from their memory.
    for (const p of old()) assert.ok(await isReconnecting(p), `${p.name}: still offline`);
    await secondDevice.context.close();
    fresh.push(secretary);
  });

  it('the old pages reconnect by themselves, without reload; strokes drawn while down reach everyone', async () => {
    for (const p of old()) await p.context.setOffline(false);
    const everyone = [...old(), ...fresh];
    for (const p of old()) {
      await waitUntil(async () => !(await isReconnecting(p)), 60_000, `${p.name}: reconnected`);
      assert.equal(await p.page.evaluate('window.__sameWindow === true'), true, `${p.name}: no page reload`);
    }
    const all = new Set([...acknowledged.shared, ...[...unacknowledged.keys()].filter((id) => id !== privateMark)]);
    for (const p of everyone) {
      await waitUntil(() => hasAll(p.page, 'shared', all), 60_000, `${p.name}: every stroke, merged`);
      assert.deepEqual([...(await markIds(p.page, 'shared'))].sort(), [...all].sort(), `${p.name}: nothing else`);
    }
    for (const p of old()) {
      for (const layer of ['shared', 'private'] as const) {
        await waitUntil(async () => (await pending(p.page, layer)) === 0, 30_000, `${p.name}: ${layer} all stored`);
      }
    }
    for (const [id, p] of unacknowledged) await markShownPending(p.page, id, 'false');
    await waitUntil(() => hasAll(d1.page, 'private', [privateMark]), 10_000, 'delegate-1: its private stroke');
    for (const p of [chair, d2, ...fresh]) {
      assert.equal((await markIds(p.page, 'private')).size, 0, `${p.name}: no private stroke`);
      assert.equal(await p.page.locator(`[data-mark-id="${privateMark}"]`).count(), 0, `${p.name}: not drawn`);
    }
  });

  it('follow-me works again: the chair presents anew and everyone follows to page 2', async () => {
    // The restarted server has nobody presenting and counts its presenter changes from 0 again.
    await chair.page.getByTestId('take-presenter').waitFor({ timeout: 15_000 });
    await chair.page.getByTestId('take-presenter').click();
    await chair.page.getByTestId('stop-presenting').waitFor({ timeout: 15_000 });
    await chair.page.getByTestId('page-next').click();
    for (const p of [d1, d2, ...fresh]) {
      await waitUntil(
        async () => (await p.page.getByTestId('document-stage').getAttribute('data-current-page')) === '2',
        15_000,
        `${p.name}: following the chair to page 2`,
      );
    }
  });
});
