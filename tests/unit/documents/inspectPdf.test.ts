// Upload inspection: every refusal names its problem (a reason the UI translates, numbers in params), hostile but
// well-formed files are accepted with flags, and nothing a file does reaches beyond the inspection worker.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AppFailure } from '../../../common/errors.ts';
import { inspectPdf, type InspectOptions } from '../../../server/documents/inspectPdf.ts';
import { checkPdfStructure, sniffFileType } from '../../../server/documents/pdfStructure.ts';
import {
  docxBytes,
  encryptedPdf,
  javascriptPdf,
  maliciousFontPdf,
  plainPdf,
  pngBytes,
  truncated,
} from '../../helpers/pdfFixtures.ts';

const OPTIONS: InspectOptions = { maxBytes: 5 * 1024 * 1024, maxPages: 50, timeoutMs: 20_000 };

async function refusal(bytes: Uint8Array, options = OPTIONS): Promise<AppFailure> {
  try {
    await inspectPdf(bytes, options);
  } catch (error) {
    assert.ok(error instanceof AppFailure, `expected an AppFailure, got ${String(error)}`);
    return error;
  }
  assert.fail('the file was accepted');
}

describe('PDF structure checks', () => {
  it('names what a file that is not a PDF looks like', () => {
    assert.equal(sniffFileType(pngBytes()), 'PNG image');
    assert.equal(sniffFileType(docxBytes()), 'Word document (DOCX)');
    assert.equal(sniffFileType(new TextEncoder().encode('<!DOCTYPE html><html>')), 'HTML page');
    assert.equal(sniffFileType(new TextEncoder().encode('Biên bản họp\n')), 'text file');
  });

  it('reads the version and finds the cross-reference table', async () => {
    const structure = checkPdfStructure(await plainPdf());
    assert.equal(structure.version, '1.7');
    assert.equal(structure.xrefPointerValid, true);
  });
});

describe('inspectPdf', () => {
  it('accepts a plain PDF and counts its pages', async () => {
    const report = await inspectPdf(await plainPdf(3), OPTIONS);
    assert.deepEqual(report, { pdfVersion: '1.7', pageCount: 3, passwordRequired: false, flags: [] });
  });

  it('refuses an empty file', async () => {
    const error = await refusal(new Uint8Array(0));
    assert.equal(error.reason, 'pdf_empty');
  });

  it('refuses a truncated PDF, saying so', async () => {
    const error = await refusal(truncated(await plainPdf(4)));
    assert.equal(error.code, 'invalid_message');
    assert.equal(error.reason, 'pdf_truncated');
    assert.match(error.message, /truncated/);
  });

  it('refuses a PNG and a Word document renamed .pdf, naming what they are', async () => {
    const png = await refusal(pngBytes());
    assert.equal(png.reason, 'not_a_pdf');
    assert.deepEqual(png.params, { type: 'PNG image' });
    const docx = await refusal(docxBytes());
    assert.deepEqual(docx.params, { type: 'Word document (DOCX)' });
  });

  it('refuses a file over the size limit before reading it', async () => {
    const bytes = await plainPdf(1);
    const error = await refusal(bytes, { ...OPTIONS, maxBytes: 100 });
    assert.equal(error.code, 'too_large');
    assert.equal(error.reason, 'document_too_large');
    assert.deepEqual(error.params, { size: bytes.byteLength, maxBytes: 100 });
  });

  it('refuses a PDF with more pages than the limit', async () => {
    const error = await refusal(await plainPdf(6), { ...OPTIONS, maxPages: 5 });
    assert.equal(error.reason, 'too_many_pages');
    assert.deepEqual(error.params, { pages: 6, maxPages: 5 });
  });

  it('refuses a PDF whose body is garbage behind a valid-looking header and trailer', async () => {
    const junk = new TextEncoder().encode('%PDF-1.7\n' + 'x'.repeat(2000) + '\nstartxref\n9\n%%EOF\n');
    const error = await refusal(junk);
    assert.ok(['pdf_damaged', 'pdf_unreadable'].includes(error.reason ?? ''), error.message);
  });

  it('accepts a PDF with JavaScript and flags it (the viewer runs without scripting)', async () => {
    const report = await inspectPdf(await javascriptPdf(), OPTIONS);
    assert.equal(report.pageCount, 1);
    assert.ok(report.flags.includes('javascript'), JSON.stringify(report));
  });

  it('accepts a PDF with hostile font programs: the server never parses fonts', async () => {
    const report = await inspectPdf(await maliciousFontPdf(), OPTIONS);
    assert.equal(report.pageCount, 1);
  });

  it('accepts an encrypted PDF and says a password is needed', async () => {
    const report = await inspectPdf(await encryptedPdf(), OPTIONS);
    assert.equal(report.passwordRequired, true);
    assert.equal(report.pageCount, null);
    assert.ok(report.flags.includes('encrypted'));
  });

  it('gives up on a file that takes too long, as unreadable', async () => {
    const error = await refusal(await plainPdf(1), { ...OPTIONS, timeoutMs: 1 });
    assert.equal(error.reason, 'pdf_unreadable');
    assert.match(error.message, /longer than 1 ms/);
  });
});
