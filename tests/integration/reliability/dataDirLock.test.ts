// One server per data folder, between real server processes (server/storage/dataDirLock.ts): a second server
// started on a DATA_DIR in use stops at once with a message naming the first, which goes on serving; once the first
// is SIGKILLed, a new one starts on the same folder without anyone clearing a lock.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seedDataDir } from '../../fuzz/seed.ts';
import { killAllServerProcesses, ServerProcess } from '../../fuzz/serverProcess.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'phonghop-lock-'));
after(() => {
  killAllServerProcesses();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('a second server on the same data folder', () => {
  it('refuses to start with a clear message; the folder is free again after the first is killed', async () => {
    const { env } = seedDataDir(dataDir, 1, 1);
    const first = await ServerProcess.start({ dataDir, env });

    const second = ServerProcess.spawn({ dataDir, env });
    await assert.rejects(second.ready(), /exited/);
    await second.exited();
    assert.equal(second.child.exitCode, 3);
    const message = second.stderrTail.join('\n');
    assert.match(message, /DATA_DIR .* is in use by another Phòng họp số server/);
    assert.ok(message.includes(`pid ${first.pid}`), message);
    assert.ok(message.includes('đang được một máy chủ Phòng họp số khác dùng'), 'in Vietnamese first');
    assert.ok(await first.healthy(), 'the first server goes on');

    await first.kill();
    const third = await ServerProcess.start({ dataDir, env });
    assert.ok(await third.healthy(), 'no stale lock after a SIGKILL');
    await third.stop();
    assert.equal(third.child.exitCode, 0);
  });
});
