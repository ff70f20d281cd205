// The minutes PDF read back with poppler as a person's tools would: the Vietnamese text exactly, every font embedded,
// A4 pages numbered from page 2, nothing set outside the margins, and the signature fields in place.
// Needs poppler-utils and fonts-liberation2 (Debian).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyLifecycle } from '../../../common/minutes.ts';
import { demoMinutes, DIACRITICS_SAMPLE } from '../../../server/minutes/demoMinutes.ts';
import { exportMinutesPdf, type ExportProgress } from '../../../server/minutes/exportPdf.ts';

let dir = '';
const run = (cmd: string, args: string[]): string => execFileSync(cmd, args, { encoding: 'utf8' });
const AT = '2026-11-23T05:00:00.000Z';
const squash = (text: string): string => text.replace(/\s+/g, ' ');

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'minutes-pdf-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe('minutes PDF export', () => {
  let path = '';
  let pages = 0;
  const progress: ExportProgress[] = [];

  before(async () => {
    const draft = demoMinutes({ sections: 3 });
    // Text typed on some systems arrives decomposed (NFD); the export must still print precomposed letters.
    draft.conclusions = `${'Đề nghị các địa phương khẩn trương rà soát.'.normalize('NFD')} ${'x'.repeat(140)} https://example.gov.vn/${'a/'.repeat(80)}`;
    const finalised = applyLifecycle(
      draft,
      { action: 'finalise', number: '15' },
      { id: 'secretary', role: 'secretary' },
      AT,
    );
    assert.ok(finalised.ok);
    const result = await exportMinutesPdf(finalised.minutes, { onProgress: (p) => progress.push(p) });
    path = join(dir, 'minutes.pdf');
    writeFileSync(path, result.pdf);
    pages = result.pages;
    assert.equal(result.signatureFields.length, 2);
  });

  it('contains the Vietnamese text exactly', () => {
    const text = squash(run('pdftotext', [path, '-']));
    for (const expected of [
      DIACRITICS_SAMPLE,
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'Độc lập - Tự do - Hạnh phúc',
      'BỘ KHOA HỌC VÀ CÔNG NGHỆ',
      'VĂN PHÒNG BỘ',
      'Số: 15/BB-VPB',
      'Hà Nội, ngày 23 tháng 11 năm 2026',
      'BIÊN BẢN',
      'Hội nghị giao ban trực tuyến tháng 11/2026 với các địa phương',
      'Thời gian bắt đầu: 08 giờ 00 phút, ngày 23 tháng 11 năm 2026.',
      'Chủ trì: đồng chí Trần Quốc Khánh, Thứ trưởng.',
      'Thư ký: đồng chí Lê Thị Thu Hà, Chuyên viên chính Văn phòng Bộ.',
      'Đề nghị các địa phương khẩn trương rà soát.',
      'Kết quả biểu quyết công khai: 10/11 đại biểu tán thành (90,91%)',
      'Cuộc họp kết thúc vào hồi 11 giờ 30 phút cùng ngày./.',
      'THƯ KÝ',
      'CHỦ TRÌ',
      'Nơi nhận:',
    ]) {
      assert.ok(text.includes(expected), `missing: ${expected}`);
    }
    assert.ok(!text.includes('DỰ THẢO'), 'a record with a number is no longer marked as a draft');
  });

  it('embeds every font, as a subset with a Unicode map', () => {
    const rows = run('pdffonts', [path]).trim().split('\n').slice(2);
    assert.ok(rows.length >= 3, 'regular, bold and italic at least');
    for (const row of rows) {
      assert.match(row, /^[A-Z]{6}\+LiberationSerif/, row);
      assert.match(row, /CID TrueType\s+Identity-H\s+yes\s+yes\s+yes/, row);
    }
  });

  it('is A4, several pages, numbered from page 2 at the top', () => {
    assert.match(run('pdfinfo', [path]), /Page size:\s+595\.28 x 841\.89 pts \(A4\)/);
    assert.ok(pages >= 3, `pages: ${pages}`);
    const firstLine = (page: number): string =>
      run('pdftotext', ['-f', String(page), '-l', String(page), path, '-'])
        .trim()
        .split('\n')[0]!;
    assert.equal(firstLine(2), '2');
    assert.equal(firstLine(pages), String(pages));
    assert.notEqual(firstLine(1), '1');
  });

  it('keeps every word inside the margins (left 30 mm, right 15 mm, top and bottom 20 mm)', () => {
    const xhtml = run('pdftotext', ['-bbox', path, '-']);
    const mm = 72 / 25.4;
    const words = [...xhtml.matchAll(/xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</g)];
    assert.ok(words.length > 500);
    for (const [, xMin, yMin, xMax, yMax, word] of words) {
      assert.ok(Number(xMin) >= 30 * mm - 0.5, `left of the margin: ${word}`);
      assert.ok(Number(xMax) <= 595.28 - 15 * mm + 0.5, `right of the margin: ${word} (${xMax})`);
      assert.ok(Number(yMax) <= 841.89 - 20 * mm + 0.5 || /^\d+$/.test(word!), `in the bottom margin: ${word}`);
      assert.ok(Number(yMin) >= 8 * mm, `too high: ${word}`);
    }
  });

  it('carries two empty signature fields for the secretary and the chair', () => {
    const report = run('pdfsig', [path]);
    assert.match(report, /Signature Field Name: ThuKy\s+The signature form field is not signed/);
    assert.match(report, /Signature Field Name: ChuTri\s+The signature form field is not signed/);
  });

  it('renders page 1 with poppler', () => {
    run('pdftoppm', ['-png', '-r', '30', '-f', '1', '-l', '1', path, join(dir, 'page')]);
  });

  it('reports progress through layout, fonts and writing', () => {
    const phases = [...new Set(progress.map((p) => p.phase))];
    assert.deepEqual(phases, ['layout', 'fonts', 'write']);
    const last = progress[progress.length - 1]!;
    assert.equal(last.done, last.total);
  });

  it('marks a draft as such and leaves room for the number', async () => {
    const draft = await exportMinutesPdf(demoMinutes({ sections: 1 }));
    const draftPath = join(dir, 'draft.pdf');
    writeFileSync(draftPath, draft.pdf);
    const text = squash(run('pdftotext', ['-l', '1', draftPath, '-']));
    assert.ok(text.includes('DỰ THẢO'));
    assert.match(text, /Số: \/BB-VPB/);
  });
});
