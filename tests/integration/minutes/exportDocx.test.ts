// The DOCX export carries the same text as the PDF, on A4 with the decree's margins and page numbers from page 2.
// Reads the package back with Debian's unzip, as a person checking the file would.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { demoMinutes, DIACRITICS_SAMPLE } from '../../../server/minutes/demoMinutes.ts';
import { exportMinutesDocx } from '../../../server/minutes/exportDocx.ts';

let dir = '';
let path = '';
const part = (name: string): string => execFileSync('unzip', ['-p', path, name], { encoding: 'utf8' });

/** The text of each paragraph: its runs' <w:t> joined. */
function paragraphs(xml: string): string[] {
  return [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((p) =>
    [...p[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => t[1]).join(''),
  );
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'minutes-docx-'));
  path = join(dir, 'minutes.docx');
  const minutes = demoMinutes({ sections: 2 });
  minutes.header.number = '15';
  writeFileSync(path, await exportMinutesDocx(minutes));
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe('minutes DOCX export', () => {
  it('contains the record text, Vietnamese diacritics intact', () => {
    const text = paragraphs(part('word/document.xml')).join('\n');
    for (const expected of [
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'Độc lập - Tự do - Hạnh phúc',
      'BỘ KHOA HỌC VÀ CÔNG NGHỆ',
      'Số: 15/BB-VPB',
      'Hà Nội, ngày 23 tháng 11 năm 2026',
      'BIÊN BẢN',
      'Hội nghị giao ban trực tuyến tháng 11/2026 với các địa phương',
      DIACRITICS_SAMPLE,
      'Kết quả biểu quyết công khai: 10/11 đại biểu tán thành (90,91%)',
      'Cuộc họp kết thúc vào hồi 11 giờ 30 phút cùng ngày./.',
      'THƯ KÝ',
      'CHỦ TRÌ',
      'Trần Quốc Khánh',
      'Lê Thị Thu Hà',
    ]) {
      assert.ok(text.includes(expected), `missing: ${expected}`);
    }
  });

  it('sets A4, the decree margins and Times New Roman 14 pt', () => {
    const xml = part('word/document.xml');
    assert.match(xml, /<w:pgSz w:w="11906" w:h="16838"/);
    assert.match(xml, /<w:pgMar w:top="1134" w:right="850" w:bottom="1134" w:left="1701"/);
    const styles = part('word/styles.xml');
    assert.match(styles, /w:ascii="Times New Roman"/);
    assert.match(styles, /<w:sz w:val="28"\/>/);
  });

  it('numbers pages from page 2 at the top centre', () => {
    const xml = part('word/document.xml');
    assert.match(xml, /<w:titlePg\/>/);
    const headers = part('word/header1.xml') + part('word/header2.xml');
    assert.match(headers, /PAGE/);
    assert.match(headers, /<w:jc w:val="center"\/>/);
  });
});
