// Nothing acknowledged is lost: the real server runs as a child process (server/main.ts) on a DATA_DIR, a
// participant streams strokes to a shared and a private layer, the server is killed with SIGKILL in the middle of
// the stream, restarted on the same DATA_DIR, and every stroke whose acknowledgement arrived is there.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Y from 'yjs';
import type { DocRef, DocumentInfo } from '../../common/documents.ts';
import { killAllDemoProcesses, killHard, startDemoProcess } from '../helpers/demoProcess.ts';
import { TestClient } from '../helpers/signallingClient.ts';
import { plainPdf } from '../helpers/pdfFixtures.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'phonghop-durability-'));

after(() => {
  killAllDemoProcesses();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('durability of acknowledged updates', () => {
  it('keeps every acknowledged stroke across a SIGKILL and restart', async () => {
    const first = await startDemoProcess(dataDir, { env: { RATE_LIMIT_RPS: '5000' } });
    const chairToken = first.tokens.get('chair')!;
    const delegateToken = first.tokens.get('delegate-1')!;
    const response = await fetch(`${first.url}/api/documents?agendaItemId=bao-cao&fileName=bao-cao.pdf`, {
      method: 'POST',
      headers: { authorization: `Bearer ${chairToken}` },
      body: new Uint8Array(await plainPdf(3)),
    });
    assert.equal(response.status, 201);
    const document = (await response.json()) as DocumentInfo;
    const shared: DocRef = { documentId: document.id, version: 1, layer: 'shared' };
    const privateRef: DocRef = { documentId: document.id, version: 1, layer: 'private' };

    const client = await new TestClient(first.url).connected();
    const { self } = await client.ok('join', { token: delegateToken });
    for (const doc of [shared, privateRef]) await client.ok('syncOpen', { doc, stateVector: new Uint8Array([0]) });

    // Each stroke is its own update; strokes alternate between the shared and the private layer. A window of
    // requests stays in flight; the kill comes at the 150th acknowledgement, and the stream goes on until the
    // process is gone and a few more past that, so the kill always lands in the middle of it.
    const local = { shared: new Y.Doc(), private: new Y.Doc() };
    const acknowledged: { layer: 'shared' | 'private'; id: string }[] = [];
    let killing: Promise<void> | null = null;
    let exited = false;
    first.child.once('exit', () => (exited = true));
    const inFlight = new Set<Promise<void>>();
    let sent = 0;
    let afterExit = 0;
    while (afterExit < 8 && sent < 5000) {
      const i = sent++;
      if (exited) afterExit++;
      const layer = i % 2 === 0 ? 'shared' : 'private';
      const id = `${layer}-${i}`;
      const doc = local[layer];
      let update: Uint8Array | null = null;
      doc.once('update', (u: Uint8Array) => (update = u));
      // A well-formed mark in the sender's name: the server refuses any other on the shared layer.
      doc.getMap('strokes').set(id, {
        id,
        page: 1 + (i % 3),
        kind: 'pen',
        color: '#c0392b',
        width: 0.003,
        points: [(i % 400) / 400, 0.5, (i % 400) / 400 + 0.01, 0.6],
        author: self.id,
        authorName: self.name,
        at: i,
      });
      const sending: Promise<void> = client
        .request('syncUpdate', { doc: layer === 'shared' ? shared : privateRef, update: update! })
        .then((ack) => {
          if (!ack.ok) return;
          acknowledged.push({ layer, id });
          if (acknowledged.length === 150) killing = killHard(first);
        })
        .catch(() => undefined)
        .finally(() => inFlight.delete(sending));
      inFlight.add(sending);
      if (inFlight.size >= 16) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
    await (killing ?? killHard(first));
    client.close();
    assert.ok(acknowledged.length >= 150, `${acknowledged.length} acknowledged before the kill`);
    assert.ok(acknowledged.length < sent, `the kill interrupted the stream (${acknowledged.length} of ${sent})`);

    const second = await startDemoProcess(dataDir, { env: { RATE_LIMIT_RPS: '5000' } });
    const reader = await new TestClient(second.url).connected();
    await reader.ok('join', { token: delegateToken });
    const restored = { shared: new Y.Doc(), private: new Y.Doc() };
    for (const [layer, doc] of [
      ['shared', shared],
      ['private', privateRef],
    ] as const) {
      const answer = await reader.ok('syncOpen', { doc, stateVector: new Uint8Array([0]) });
      Y.applyUpdate(restored[layer], new Uint8Array(answer.update as Uint8Array));
    }
    const missing = acknowledged.filter(({ layer, id }) => !restored[layer].getMap('strokes').has(id));
    assert.deepEqual(missing, [], 'every acknowledged stroke is back');
    reader.close();
    await killHard(second);
  });
});
