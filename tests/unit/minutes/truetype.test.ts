// The TrueType subsetter: a subset keeps the glyphs asked for, in that order, plus the components of composite
// glyphs (how Liberation Serif builds most Vietnamese letters), renumbered consistently. Needs fonts-liberation2.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { loadSerifFamily } from '../../../server/minutes/pdf/fonts.ts';
import { TrueTypeFont } from '../../../server/minutes/pdf/TrueTypeFont.ts';

describe('TrueType subsets', () => {
  const font = loadSerifFamily().regular;

  it('map every Vietnamese letter to a glyph', () => {
    const letters = 'aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂĐÊÔƠƯ';
    const tones = ['', '\u0300', '\u0301', '\u0303', '\u0309', '\u0323'];
    for (const letter of letters) {
      for (const tone of tones) {
        const ch = `${letter}${tone}`.normalize('NFC');
        if ([...ch].length !== 1) continue; // consonants take no tone marks
        assert.ok(font.hasGlyph(ch.codePointAt(0)!), `no glyph for ${ch}`);
      }
    }
  });

  it('carry composite glyphs with their components, renumbered', () => {
    const composite = [...'ệỗữặẫỹ']
      .map((ch) => font.glyphId(ch.codePointAt(0)!))
      .find((g) => font.componentsOf(g).length > 0);
    assert.ok(composite !== undefined, 'Liberation Serif builds some of these letters from components');
    const order = [0, font.glyphId(0x41), composite];
    const { program, order: final } = font.subset(order);
    assert.deepEqual(final.slice(0, 3), order);
    assert.ok(final.length > 3, 'the components were added');
    const subset = new TrueTypeFont(program);
    assert.equal(subset.numGlyphs, final.length);
    const components = subset.componentsOf(2);
    assert.ok(components.length > 0);
    for (const c of components) {
      assert.ok(c < subset.numGlyphs, 'component ids point inside the subset');
      assert.ok(font.componentsOf(composite).includes(final[c]!), 'and at the same glyphs as in the font');
    }
    final.forEach((gid, i) => assert.equal(subset.advance(i), font.advance(gid)));
    assert.ok(program.length < font.data.length / 10, `subset of ${program.length} bytes`);
  });
});
