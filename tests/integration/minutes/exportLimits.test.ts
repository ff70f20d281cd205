// Exports of the minutes over HTTP share the participant's export allowance with those made over signalling: a few in
// a row, then refused with rate_limited (HTTP 429) — a script cannot render PDFs in a loop by switching routes —
// while other participants export as usual.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MinutesExporter } from '../../../server/minutes/exporter.ts';
import { seedMeeting, type SeededMeeting } from '../../helpers/meetingCast.ts';
import { startTestServer, type TestServer } from '../../helpers/server.ts';
import { TestClient } from '../../helpers/signallingClient.ts';

describe('the export allowance of a participant', () => {
  let t: TestServer;
  let seeded: SeededMeeting;
  const clients: TestClient[] = [];
  before(async () => {
    t = await startTestServer({ delegates: 1 });
    seeded = seedMeeting(t.server, 1);
  });
  after(async () => {
    for (const c of clients) c.close();
    await t?.stop();
  });

  const get = (token: string, path: string) =>
    fetch(new URL(path, t.server.url), { headers: { authorization: `Bearer ${token}` } });

  it('refuses HTTP downloads beyond it, and then the signalling export too; others are not held back', async () => {
    const secretary = seeded.token('secretary');
    const statuses: number[] = [];
    for (let i = 0; i < MinutesExporter.BURST + 2; i++) {
      const response = await get(secretary, '/api/minutes/current.docx');
      statuses.push(response.status);
      const body = Buffer.from(await response.arrayBuffer());
      if (response.status === 429) assert.equal(JSON.parse(body.toString()).error.code, 'rate_limited');
    }
    assert.deepEqual(statuses.slice(0, MinutesExporter.BURST), Array(MinutesExporter.BURST).fill(200));
    assert.equal(statuses.at(-1), 429, statuses.join(', '));

    const socket = await new TestClient(t.server.url).connected();
    clients.push(socket);
    await socket.ok('join', { token: secretary });
    const viaSocket = await socket.request('minutesExport', { format: 'pdf' });
    assert.equal(viaSocket.ok, false);
    assert.equal(!viaSocket.ok && viaSocket.error.code, 'rate_limited');

    assert.equal((await get(seeded.token('chair'), '/api/minutes/current.docx')).status, 200);
  });
});
