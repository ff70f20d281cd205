// What the clients do with a hostile file the server accepted: pdf.js, configured as the viewer configures it
// (no eval; scripting is a viewer option it never turns on), works through pages whose embedded fonts are garbage and keeps going.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { maliciousFontPdf, plainPdf } from '../../helpers/pdfFixtures.ts';

describe('pdf.js with hostile font programs', () => {
  it('builds the page and extracts its text without failing, then opens the next document normally', async () => {
    const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
    const open = (data: Uint8Array) =>
      pdfjs.getDocument({ data, isEvalSupported: false, disableFontFace: true, verbosity: 0 }).promise;
    const hostile = await open(await maliciousFontPdf());
    const page = await hostile.getPage(1);
    const operators = await page.getOperatorList();
    assert.ok(operators.fnArray.length > 0);
    const text = await page.getTextContent();
    assert.ok(Array.isArray(text.items));
    await hostile.destroy();

    const plain = await open(await plainPdf(1, 'Sau tai lieu doc hai'));
    const content = await (await plain.getPage(1)).getTextContent();
    assert.match(content.items.map((i) => ('str' in i ? i.str : '')).join(''), /Sau tai lieu doc hai/);
    await plain.destroy();
  });
});
