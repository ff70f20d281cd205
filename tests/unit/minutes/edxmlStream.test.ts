// The edXML package's streamed parts: base64 encoded chunk by chunk is the same text as the whole file encoded at
// once in lines of 76 characters (what the digest and the package rely on), and a file whose bytes are not the ones
// it was hashed as is refused with nothing left in the outbox, not even a temporary file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppFailure } from '../../../common/errors.ts';
import { hashFile } from '../../../server/archive/attachmentFiles.ts';
import { sha256 } from '../../../server/archive/DocumentArchive.ts';
import { EdxmlOutbox, readEdxmlPackage } from '../../../server/archive/edxml.ts';
import { Base64Lines } from '../../../server/archive/edxmlStream.ts';
import { minutesDocument } from '../../integration/minutes/edxmlCast.ts';

test('base64 in chunks of any size is the whole encoded at once, 76 characters a line', () => {
  for (const size of [0, 1, 56, 57, 58, 114, 1000, 200_003]) {
    const data = randomBytes(size);
    const lines = new Base64Lines();
    const out: string[] = [];
    for (let at = 0; at < size;) {
      const step = 1 + Math.floor(Math.random() * 9000);
      out.push(...lines.push(data.subarray(at, at + step)));
      at += step;
    }
    out.push(...lines.end());
    assert.equal(out.join(''), (data.toString('base64').match(/.{1,76}/g) ?? []).join('\n'), `${size} bytes`);
  }
});

test('a file attachment is streamed into the package; one changed since it was hashed is refused', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'edxml-stream-'));
  try {
    const path = join(dir, 'ghi-hinh.webm');
    writeFileSync(path, randomBytes(300_001));
    const { sha256: hash, size } = await hashFile(path);
    const outbox = new EdxmlOutbox({
      dir: join(dir, 'outbox'),
      to: [{ organId: '000.00.00.G22', organName: 'Văn phòng Chính phủ' }],
      signingKey: null,
      allowUnsigned: true,
    });
    const { attachments: _agenda, ...minutes } = minutesDocument();
    const attachment = {
      name: 'ghi-hinh.webm',
      contentType: 'video/webm',
      description: 'Bản ghi',
      path,
      sha256: hash,
      size,
    };
    const receipt = await outbox.file({ ...minutes, attachments: [attachment] }, 'minutes:1');
    const packed = readEdxmlPackage(readFileSync(receipt.location!, 'utf8')).attachments;
    assert.equal(sha256(packed[1]!.data), hash);
    assert.equal(packed[1]!.manifestSha256, hash);
    assert.deepEqual(await outbox.status('minutes:1'), receipt);

    writeFileSync(path, randomBytes(300_001));
    await assert.rejects(
      outbox.file({ ...minutes, attachments: [attachment] }, 'minutes:2'),
      (e: unknown) => e instanceof AppFailure && e.code === 'archive_rejected',
    );
    assert.deepEqual(readdirSync(join(dir, 'outbox')), [receipt.location!.split('/').at(-1)]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
