// bench:pdf — the generated 200-page, ~50 MB agenda (text + a photo a page) in one Chromium client, against the
// server-side alternative of converting every page to SVG with poppler (what the best-known open system does).
//
// First page: a fresh browser context joins (a sample document opens on join), then the large agenda is chosen in the
// document list; measured in the page from that `change` event to the first animation frame after a page of the new
// document has `data-rendered="true"` (its canvas drawn). Fresh context every run: empty HTTP cache, new pdf.js.
// Page flip: in the last run's page, `page-next` clicked (real mouse) N times, a short pause between flips; from the
// `click` event to the first frame with the next page current and drawn. Flips whose page was already drawn
// (rendered ahead, being near the viewport) are counted. Long tasks during the flips are reported (jank).
// Memory: main-thread JS heap after a forced GC (CDP) after the first page, after the measured flips, and after
// turning on through every page to the last; the resident memory of Chromium's renderer processes (Linux /proc) at
// the first page and at the end; and how many pages hold a canvas at the end (only those near view).
// Server side: `pdftocairo -svg -f N -l N` once per page (one process a page, as converters queue pages), run
// sequentially before the browser starts, so the two never share the CPU.
// Last line: JSON. Usage: npm run bench:pdf -- [--runs 5] [--flips 40] [--pause 200] [--pages 200] [--mb 50]
// [--no-convert] (browser side only, to iterate on the viewer).
import { createHash } from 'node:crypto';
import { execFile } from 'node:child_process';
import {
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import type { DocumentInfo } from '../../common/documents.ts';
import { seedDemoDocuments } from '../../server/documents/samples/seedDemoDocuments.ts';
import { startTestServer } from '../helpers/server.ts';
import { joinMeeting, launchBrowser, waitUntil } from '../helpers/browser.ts';
import { largeAgenda } from './largeAgenda.ts';
import { percentile, round } from './stats.ts';

const arg = (name: string, fallback: number) => {
  const at = process.argv.indexOf(name);
  const value = at > 0 ? Number(process.argv[at + 1]) : Number.NaN;
  return Number.isFinite(value) && value >= 0 ? value : fallback;
};
const runs = Math.max(1, arg('--runs', 5));
const flips = Math.max(1, arg('--flips', 40));
const pauseMs = arg('--pause', 200);
const pageCount = Math.max(2, arg('--pages', 200));
const megabytes = arg('--mb', 50);
const run = promisify(execFile);

/** The agenda, made once per generator version (the hash of its sources) and size, and kept in the temp folder. */
async function cachedAgenda(): Promise<{ path: string; bytes: number; generated: boolean }> {
  const sources = ['./largeAgenda.ts', '../../server/documents/samples/AgendaPdfWriter.ts'].map((p) =>
    readFileSync(new URL(p, import.meta.url)),
  );
  const key = createHash('sha256').update(Buffer.concat(sources)).digest('hex').slice(0, 12);
  const path = join(tmpdir(), `phonghop-bench-agenda-${pageCount}p-${megabytes}mb-${key}.pdf`);
  if (existsSync(path)) return { path, bytes: statSync(path).size, generated: false };
  const bytes = await largeAgenda({ pages: pageCount, megabytes });
  // Renamed into place only when complete: an interrupted run never leaves a truncated cache behind.
  writeFileSync(`${path}.part`, bytes);
  renameSync(`${path}.part`, path);
  return { path, bytes: bytes.byteLength, generated: true };
}

/** Every page to SVG, one pdftocairo process a page; null when poppler-utils is not installed. */
async function serverConvert(path: string): Promise<{ totalMs: number; firstPageMs: number; svgBytes: number } | null> {
  try {
    await run('pdftocairo', ['-v']);
  } catch {
    console.error('pdftocairo not found (apt-get install poppler-utils): server_convert_ms will be null');
    return null;
  }
  const out = mkdtempSync(join(tmpdir(), 'phonghop-bench-svg-'));
  try {
    let firstPageMs = 0;
    const started = performance.now();
    for (let n = 1; n <= pageCount; n++) {
      const at = performance.now();
      await run('pdftocairo', ['-svg', '-f', String(n), '-l', String(n), path, join(out, `page-${n}.svg`)]);
      if (n === 1) firstPageMs = performance.now() - at;
    }
    const totalMs = performance.now() - started;
    const svgBytes = readdirSync(out).reduce((sum, name) => sum + statSync(join(out, name)).size, 0);
    return { totalMs, firstPageMs, svgBytes };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

// Strings run in the page: the TypeScript transform would add helpers Chromium does not have.
const watchFirstPage = (documentId: string) => `(() => {
  const id = ${JSON.stringify(documentId)};
  window.__firstPage = new Promise((resolve, reject) => {
    let start = 0;
    let old = new WeakSet();
    const timer = setTimeout(() => reject(new Error('no first page within 60 s')), 60000);
    const fetched = () => performance.getEntriesByType('resource')
      .filter((e) => e.startTime >= start && e.name.includes('/api/documents/' + encodeURIComponent(id) + '/'));
    const check = () => {
      if (!start) return;
      const stage = document.querySelector('[data-testid="document-stage"]');
      if (!stage || stage.dataset.documentId !== id) return;
      const drawn = [...stage.querySelectorAll('[data-testid="document-page"][data-rendered="true"]')]
        .some((el) => !old.has(el));
      if (!drawn) return;
      observer.disconnect();
      clearTimeout(timer);
      const renderedMs = performance.now() - start;
      requestAnimationFrame(() => {
        const requests = fetched();
        resolve({
          ms: performance.now() - start,
          renderedMs,
          requests: requests.length,
          bytes: requests.reduce((sum, e) => sum + (e.encodedBodySize || 0), 0),
        });
      });
    };
    const observer = new MutationObserver(check);
    observer.observe(document.body, { subtree: true, childList: true, attributes: true,
      attributeFilter: ['data-rendered', 'data-document-id'] });
    document.addEventListener('change', () => {
      if (start) return;
      start = performance.now();
      for (const el of document.querySelectorAll('[data-testid="document-page"]')) old.add(el);
    }, true);
  });
})()`;

const WATCH_FLIPS = `(() => {
  window.__flips = [];
  window.__longTasks = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__longTasks.push(e.duration);
  }).observe({ type: 'longtask' });
  document.addEventListener('click', (event) => {
    if (!event.target.closest || !event.target.closest('[data-testid="page-next"]')) return;
    const stage = document.querySelector('[data-testid="document-stage"]');
    const target = Number(stage.dataset.currentPage) + 1;
    const start = performance.now();
    const pageEl = () => stage.querySelector('[data-testid="document-page"][data-page-number="' + target + '"]');
    const flip = { target, ms: -1, predrawn: pageEl()?.dataset.rendered === 'true' };
    window.__flips.push(flip);
    const done = () => Number(stage.dataset.currentPage) === target && pageEl()?.dataset.rendered === 'true';
    const observer = new MutationObserver(() => {
      if (!done()) return;
      observer.disconnect();
      requestAnimationFrame(() => { flip.ms = performance.now() - start; });
    });
    observer.observe(stage, { subtree: true, attributes: true, attributeFilter: ['data-rendered', 'data-current-page'] });
  }, true);
})()`;

const flipsDone = (page: Page, n: number) =>
  waitUntil(
    async () => (await page.evaluate(`window.__flips.length >= ${n} && window.__flips[${n - 1}].ms >= 0`)) as boolean,
    30_000,
    `flip ${n}`,
  );

async function heapMb(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  await cdp.detach();
  return round(usedSize / 1024 / 1024);
}

/** Resident memory of Chromium's renderer processes (the page, its pdf.js worker, decoded images, canvases). */
async function rendererRssMb(browser: Browser): Promise<number | null> {
  const cdp = await browser.newBrowserCDPSession();
  try {
    const { processInfo } = await cdp.send('SystemInfo.getProcessInfo');
    let kb = 0;
    for (const p of processInfo.filter((info) => info.type === 'renderer')) {
      const status = readFileSync(`/proc/${p.id}/status`, 'utf8');
      kb += Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    }
    return round(kb / 1024);
  } catch {
    return null; // not Linux, or the processes are not ours to read
  } finally {
    await cdp.detach();
  }
}

const canvases = (page: Page) => page.evaluate(`document.querySelectorAll('canvas.doc-canvas').length`);

const generatedAt = performance.now();
const agenda = await cachedAgenda();
console.error(
  `agenda: ${agenda.path} (${(agenda.bytes / 1024 / 1024).toFixed(1)} MB, ` +
    `${agenda.generated ? `generated in ${Math.round(performance.now() - generatedAt)} ms` : 'cached'})`,
);
const server = process.argv.includes('--no-convert') ? null : await serverConvert(agenda.path);
if (server) console.error(`pdftocairo -svg, ${pageCount} pages: ${Math.round(server.totalMs)} ms`);

// STATIC_DIR: serve another build of the renderer (to compare a change with the build before it).
const t = await startTestServer({
  delegates: 2,
  env: process.env.STATIC_DIR ? { STATIC_DIR: process.env.STATIC_DIR } : {},
});
await seedDemoDocuments(t.server.services, t.meeting.id);
const secretary = t.tokens[t.invitations.findIndex((i) => i.role === 'secretary')]!;
const viewers = t.invitations.filter((i) => i.role === 'delegate');
const uploadedAt = performance.now();
const response = await fetch(
  `${t.server.url}/api/documents?${new URLSearchParams({
    agendaItemId: 'bao-cao',
    fileName: 'Tài liệu hội nghị (200 trang).pdf',
    title: 'Tài liệu hội nghị tổng kết (200 trang)',
  })}`,
  {
    method: 'POST',
    headers: { authorization: `Bearer ${secretary}`, 'content-type': 'application/pdf' },
    body: readFileSync(agenda.path),
  },
);
if (response.status !== 201) throw new Error(`upload: HTTP ${response.status} ${await response.text()}`);
const agendaDoc = (await response.json()) as DocumentInfo;
const uploadMs = performance.now() - uploadedAt;
console.error(`uploaded as ${agendaDoc.id} in ${Math.round(uploadMs)} ms (inspection included)`);

const browser = await launchBrowser();
try {
  interface FirstPage {
    ms: number;
    renderedMs: number;
    requests: number;
    bytes: number;
  }
  const first: FirstPage[] = [];
  let last: Page | null = null;
  for (let i = 0; i < runs; i++) {
    if (last) await last.context().close();
    const p = await joinMeeting(browser, viewers[i % viewers.length]!.url, `viewer-${i + 1}`);
    last = p.page;
    await waitUntil(
      async () => (await p.page.locator('[data-testid="document-page"][data-rendered="true"]').count()) > 0,
      60_000,
      'the sample document opened on join',
    );
    await p.page.getByTestId('cam-toggle').click();
    await p.page.waitForTimeout(500);
    await p.page.evaluate(watchFirstPage(agendaDoc.id));
    await p.page.locator('.doc-select').first().selectOption(agendaDoc.id);
    const result = (await p.page.evaluate('window.__firstPage')) as FirstPage;
    first.push(result);
    console.error(
      `run ${i + 1}/${runs}: first page ${round(result.ms)} ms ` +
        `(${result.requests} requests, ${(result.bytes / 1024 / 1024).toFixed(2)} MB fetched)`,
    );
  }
  const page = last!;
  await page.waitForTimeout(1000);
  const heapFirst = await heapMb(page);
  const rssFirst = await rendererRssMb(browser);
  await page.evaluate(WATCH_FLIPS);
  const next = page.getByTestId('page-next');
  const measured = Math.min(flips, pageCount - 1);
  for (let i = 1; i <= measured; i++) {
    await next.click();
    await flipsDone(page, i);
    if (pauseMs > 0) await page.waitForTimeout(pauseMs);
  }
  const flipRecords = (await page.evaluate('window.__flips')) as { ms: number; predrawn: boolean }[];
  const longTasks = (await page.evaluate('window.__longTasks')) as number[];
  const heapFlips = await heapMb(page);
  // On to the last page, unmeasured and without pauses, to see that memory does not grow with pages seen.
  await page.evaluate(`(async () => {
    const next = document.querySelector('[data-testid="page-next"]');
    for (let guard = 0; !next.disabled && guard < ${pageCount}; guard++) {
      const n = window.__flips.length;
      next.click();
      const until = performance.now() + 10000;
      while (window.__flips[n].ms < 0 && performance.now() < until) await new Promise((r) => setTimeout(r, 5));
    }
  })()`);
  const heapEnd = await heapMb(page);
  const rssEnd = await rendererRssMb(browser);
  const canvasesEnd = (await canvases(page)) as number;
  const currentEnd = Number(await page.getByTestId('document-stage').getAttribute('data-current-page'));

  const firstMs = first.map((r) => r.ms);
  const flipMs = flipRecords.slice(0, measured).map((f) => f.ms);
  const firstP50 = percentile(firstMs, 50);
  console.log(
    JSON.stringify({
      bench: 'pdf',
      pages: pageCount,
      bytes: agenda.bytes,
      runs,
      first_page_ms: round(firstP50),
      first_page_p95_ms: round(percentile(firstMs, 95)),
      first_page_rendered_p50_ms: round(
        percentile(
          first.map((r) => r.renderedMs),
          50,
        ),
      ),
      first_page_fetched_mb: round(
        percentile(
          first.map((r) => r.bytes),
          50,
        ) /
          1024 /
          1024,
      ),
      first_page_requests: percentile(
        first.map((r) => r.requests),
        50,
      ),
      flips: measured,
      flip_p50_ms: round(percentile(flipMs, 50)),
      flip_p95_ms: round(percentile(flipMs, 95)),
      flip_max_ms: round(Math.max(...flipMs)),
      flips_predrawn: flipRecords.slice(0, measured).filter((f) => f.predrawn).length,
      long_tasks: longTasks.length,
      long_task_max_ms: round(Math.max(0, ...longTasks)),
      heap_first_page_mb: heapFirst,
      heap_after_flips_mb: heapFlips,
      heap_mb: heapEnd,
      renderer_rss_first_page_mb: rssFirst,
      renderer_rss_mb: rssEnd,
      last_page_reached: currentEnd,
      canvases_at_end: canvasesEnd,
      upload_ms: Math.round(uploadMs),
      server_convert_ms: server ? Math.round(server.totalMs) : null,
      server_first_page_ms: server ? round(server.firstPageMs) : null,
      server_svg_mb: server ? round(server.svgBytes / 1024 / 1024) : null,
      ratio: server ? round(server.totalMs / firstP50) : null,
    }),
  );
} finally {
  await browser.close();
  await t.stop();
}
