// The agency's signature on the filed copy, on a real server trusting a CA run with OpenSSL: an administrator uploads
// the seal (36 mm), the văn thư registers the agency's certificate and signs signed minutes for the agency (the test
// holds the key, as the token would); filing waits for that signature, then adds the document timestamp. pdfsig
// validates the three signatures, /api/verify says B-LTA, and the page rendered by pdftoppm shows the red seal at its
// real size over the left third of the chair's signature image, with the time in ISO 8601 (+07:00) under it. The page
// is kept for a person to look at with AGENCY_PAGE_OUT=<file.png>.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MinutesSignPrepared } from '../../../common/minutesView.ts';
import { decodePng } from '../../../server/minutes/pdf/png.ts';
import { agencyPlacement, signerImageBox } from '../../../server/minutes/signing/agencyField.ts';
import { OfficeClient } from '../../helpers/officeClient.ts';
import { OFFICE_PASSWORD } from '../../helpers/officeMeeting.ts';
import { download, pdftotext } from '../minutes/minutesCast.ts';
import { draw, pdfsig, signedMeeting, signingWorld, signWith, uploadPng, type SigningWorld } from './signingCast.ts';

let w: SigningWorld;
before(async () => {
  w = await signingWorld();
});
after(() => w?.stop());

const chairImage = draw(600, 200, (x, y) =>
  Math.abs(y - (100 + 60 * Math.sin(x / 45))) < 5 && x > 20 && x < 580 ? [20, 40, 200] : null,
);
const sealImage = draw(400, 400, (x, y) => {
  const r = Math.hypot(x - 200, y - 200);
  return (r > 180 && r < 198) || r < 60 ? [230, 30, 60] : null;
});

describe("the agency's signature with its seal", () => {
  it('is made by the văn thư before filing, and shows the seal over the left third of the chair image', async () => {
    const { m, secretary, chair } = await signedMeeting(w, { chairImage });
    const vanThu = m.scheduler; // an account with the agency role secretary
    const adminUser = await w.t.server.services.accounts.createUser({
      username: `quantri-${m.id.slice(0, 8)}`,
      displayName: 'Quản trị',
      password: OFFICE_PASSWORD,
      agencyRole: 'admin',
    });
    const admin = { client: new OfficeClient(w.t.server.url), name: 'Quản trị' };
    assert.equal((await admin.client.signIn(adminUser.username, OFFICE_PASSWORD)).status, 200);

    const agencyKey = await w.pki.issue({ name: 'Văn phòng Bộ', organization: 'Bộ Khoa học và Công nghệ' });
    const registerBody = { certificate: agencyKey.certDer.toString('base64'), method: 'token' };
    const byChair = await m.chair.client.call('/api/signing/agency/certificate', { body: registerBody });
    assert.equal(byChair.status, 403, 'only the văn thư holds the agency certificate');
    const registered = await vanThu.client.call('/api/signing/agency/certificate', { body: registerBody });
    assert.equal(registered.status, 201, JSON.stringify(registered.body));
    const sealPath = '/api/signing/agency/seal?diameterMm=36';
    assert.equal((await uploadPng(w, vanThu, sealPath, sealImage)).status, 403, 'administrators upload the seal');
    assert.equal((await uploadPng(w, admin, sealPath, sealImage)).status, 200);

    await assert.rejects(secretary.request('minutesFile', {}), { code: 'minutes_invalid_transition' });
    const base = `/api/signing/agency/meetings/${m.id}`;
    assert.equal((await m.chair.client.call(base)).status, 403, 'a member does not ask where it stands');
    assert.deepEqual((await vanThu.client.call(base)).body, { required: true, ready: true, signed: false });
    const byMember = await m.chair.client.call(`${base}/prepare`, { body: {} });
    assert.equal(byMember.status, 403);
    const prepared = await vanThu.client.call<MinutesSignPrepared>(`${base}/prepare`, { body: {} });
    assert.equal(prepared.status, 200, JSON.stringify(prepared.body));
    assert.equal(prepared.body.certificate.subject, 'Văn phòng Bộ');
    const done = await vanThu.client.call<{ level: string }>(`${base}/complete`, {
      body: { signatureId: prepared.body.signatureId, signature: signWith(agencyKey, prepared.body) },
    });
    assert.equal(done.status, 200, JSON.stringify(done.body));
    assert.equal(done.body.level, 'B-LT');
    assert.deepEqual((await vanThu.client.call(base)).body, { required: true, ready: false, signed: true });

    const filed = chair.client.waitFor('minutesChanged', (v) => v.state === 'filed', 20_000);
    await secretary.request('minutesFile', {});
    await filed;
    const copy = await download(w.t.server.url, '/api/minutes/current.pdf', {
      headers: { authorization: `Bearer ${secretary.token}` },
    });
    const file = join(w.dir, 'agency.pdf');
    writeFileSync(file, copy);
    const report = pdfsig(w, file);
    assert.equal(report.match(/Signature Validation: Signature is Valid\./g)?.length, 3, report);
    assert.match(report, /Signature Field Name: CoQuan[\s\S]*Signature Field Name: DauThoiGian/);
    const verified = await fetch(new URL('/api/verify', w.t.server.url), {
      method: 'POST',
      body: new Uint8Array(copy),
    });
    const verdict = (await verified.json()) as { level: string; signatures: { field: string; valid: boolean }[] };
    assert.equal(verdict.level, 'B-LTA');
    assert.deepEqual(
      verdict.signatures.map((s) => [s.field, s.valid]),
      [
        ['ThuKy', true],
        ['ChuTri', true],
        ['CoQuan', true],
        ['DauThoiGian', true],
      ],
    );
    assert.match(pdftotext(copy, w.dir), /Bộ Khoa học và Công nghệ[\s\S]*\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00/);

    // The last page at 72 dpi: one pixel per point.
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))![1]);
    const pageFile = join(w.dir, 'page');
    execFileSync('pdftoppm', [
      '-r',
      '72',
      '-f',
      String(pages),
      '-l',
      String(pages),
      '-png',
      '-singlefile',
      file,
      pageFile,
    ]);
    if (process.env.AGENCY_PAGE_OUT) copyFileSync(`${pageFile}.png`, process.env.AGENCY_PAGE_OUT);
    const png = decodePng(readFileSync(`${pageFile}.png`));
    const pixel = (x: number, y: number) => {
      const i = (y * png.width + x) * 3;
      return [png.rgb[i]!, png.rgb[i + 1]!, png.rgb[i + 2]!] as const;
    };
    const blue = ([r, g, b]: readonly number[]) => b! > 150 && r! < 120 && g! < 140;
    const red = ([r, g, b]: readonly number[]) => r! > 200 && b! - g! > 15;
    const scan = ([x1, y1, x2, y2]: number[], test: (p: readonly number[]) => boolean) => {
      let found = { minX: Infinity, maxX: -Infinity, count: 0 };
      for (let y = Math.max(0, png.height - Math.round(y2!)); y < png.height - Math.round(y1!); y++) {
        for (let x = Math.max(0, Math.round(x1!)); x < Math.min(png.width, Math.round(x2!)); x++) {
          if (test(pixel(x, y)))
            found = { minX: Math.min(found.minX, x), maxX: Math.max(found.maxX, x), count: found.count + 1 };
        }
      }
      return found;
    };
    const { box } = await signerImageBox(copy, 'ChuTri');
    const image = scan([box[0], box[1], box[0] + box[2], box[1] + box[3]], blue);
    const sealArea = agencyPlacement(box, 36).rect;
    const seal = scan(sealArea, red);
    assert.ok(image.count > 100 && seal.count > 200, `chair image ${image.count} px, seal ${seal.count} px`);
    const sealWidth = seal.maxX - seal.minX;
    assert.ok(Math.abs(sealWidth - (36 * 72) / 25.4) < 6, `the seal is 36 mm wide (${sealWidth} pt)`);
    const third = image.minX + (image.maxX - image.minX) / 3;
    assert.ok(
      seal.minX < image.minX && Math.abs(seal.maxX - third) < 12,
      `the seal covers the left third (${seal.maxX} vs ${third})`,
    );
    secretary.client.close();
    chair.client.close();
  });
});
