// Characters XML 1.0 cannot carry (C0 controls other than tab, line feed and carriage return; U+FFFE, U+FFFF; lone
// surrogates), pasted into a title or a name, are left out of an edXML package rather than making the whole package
// unreadable for the receiver: the real xmllint parses it, and the Vietnamese text around them is intact.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ArchiveDocument } from '../../../server/archive/DocumentArchive.ts';
import { buildEdxml } from '../../../server/archive/edxml.ts';

let dir = '';
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'edxml-chars-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

const ILLEGAL = '\u0000\u0001\u0008\u000B\u000C\u000E\u001F\uFFFE\uFFFF\uDFFF\uD800'; // the last two: lone surrogates

const document: ArchiveDocument = {
  pdf: Buffer.from('%PDF-1.7\n%%EOF\n'),
  meta: {
    subject: `Hội nghị giao ban${ILLEGAL} tháng 11`,
    documentType: 'Biên bản',
    number: '15',
    notation: 'BB-VPB',
    issuedOn: '2026-11-23',
    place: `Hà${'\u0007'} Nội`,
    agency: 'Văn phòng Bộ',
    parentAgency: 'Bộ Khoa học và Công nghệ',
    agencyCode: '000.00.01.G06',
    signers: [{ name: `Trần Quốc${'\u001B'} Khánh`, position: 'Thứ trưởng', competence: 'Chủ trì' }],
    pages: 1,
    minutesId: 'bien-ban-1',
    meetingId: 'giao-ban-1',
  },
};

test('leaves out what XML 1.0 cannot carry; xmllint parses the package; the text around is intact', () => {
  const xml = buildEdxml(document, {
    to: [{ organId: '000.00.00.H01', organName: `UBND tỉnh${'\u0002'} Lào Cai` }],
    now: new Date('2026-11-23T10:00:00Z'),
  });
  assert.doesNotMatch(xml, /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/);
  assert.ok(xml.includes('Hội nghị giao ban tháng 11'));
  assert.ok(xml.includes('Trần Quốc Khánh'));
  assert.ok(xml.includes('UBND tỉnh Lào Cai'));
  const path = join(dir, 'package.edxml');
  writeFileSync(path, xml, 'utf8');
  const result = spawnSync('xmllint', ['--noout', path], { encoding: 'utf8' });
  if (result.error) assert.fail(`xmllint is missing (Debian package libxml2-utils): ${result.error.message}`);
  assert.equal(result.status, 0, result.stderr);
});
