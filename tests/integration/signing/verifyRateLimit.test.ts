// The public verification is open to anyone, so it is limited per client address (SIGNING_VERIFY_PER_MINUTE): past
// the allowance the answer is 429 with a JSON error (rate_limited, params.retryAfterSeconds) and a Retry-After
// header, before the PDF is read; another address still gets its own allowance.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { PDFDocument } from 'pdf-lib';
import { startTestServer, type TestServer } from '../../helpers/server.ts';

let t: TestServer;
let pdf: Buffer;
before(async () => {
  t = await startTestServer({ demo: false, delegates: 0, env: { SIGNING_VERIFY_PER_MINUTE: '2' } });
  const doc = await PDFDocument.create();
  doc.addPage();
  pdf = Buffer.from(await doc.save());
});
after(() => t?.stop());

/** POST /api/verify from a given loopback address. */
function verifyFrom(localAddress: string): Promise<{ status: number; retryAfter: string | undefined; body: string }> {
  const url = new URL('/api/verify', t.server.url);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: 'POST', localAddress, headers: { 'content-type': 'application/pdf', 'content-length': pdf.length } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode!, retryAfter: res.headers['retry-after'], body }));
      },
    );
    req.on('error', reject);
    req.end(pdf);
  });
}

describe('public verification rate limit', () => {
  it('answers 429 with a JSON error past the allowance of one address, not of another', async () => {
    for (let i = 0; i < 2; i++) {
      const ok = await verifyFrom('127.0.0.1');
      assert.equal(ok.status, 200, ok.body);
      assert.deepEqual((JSON.parse(ok.body) as { signatures: unknown[] }).signatures, []);
    }
    const limited = await verifyFrom('127.0.0.1');
    assert.equal(limited.status, 429);
    assert.equal(limited.retryAfter, '30');
    const { error } = JSON.parse(limited.body) as {
      error: { code: string; detail: string; params: { retryAfterSeconds: number } };
    };
    assert.equal(error.code, 'rate_limited');
    assert.equal(error.params.retryAfterSeconds, 30);
    assert.match(error.detail, /too many verifications/);
    const other = await verifyFrom('127.0.0.2');
    assert.equal(other.status, 200, 'another address has its own allowance');
  });
});
