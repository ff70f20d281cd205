// Screen sharing sources: desktopCapturer results become serialisable ScreenSources; a pick serves one request.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  SELECTION_TTL_MS,
  ScreenSourcePicker,
  toScreenSource,
  type CapturerSourceLike,
  type GetSourcesOptions,
} from '../../../electron/main/screenSources.ts';

const source = (id: string, name: string, empty = false): CapturerSourceLike => ({
  id,
  name,
  thumbnail: { toDataURL: () => `data:image/png;base64,${id}`, isEmpty: () => empty },
});

const SOURCES = [source('screen:0:0', 'Màn hình 1'), source('window:1234:0', 'Tài liệu họp.pdf')];

describe('toScreenSource', () => {
  it('keeps id and name, renders the thumbnail, and tells screens from windows', () => {
    assert.deepEqual(toScreenSource(SOURCES[0]!), {
      id: 'screen:0:0',
      name: 'Màn hình 1',
      thumbnail: 'data:image/png;base64,screen:0:0',
      kind: 'screen',
    });
    assert.equal(toScreenSource(SOURCES[1]!).kind, 'window');
  });

  it('leaves out empty thumbnails and trims very long names', () => {
    const mapped = toScreenSource(source('window:1:0', 'x'.repeat(1000), true));
    assert.equal(mapped.thumbnail, '');
    assert.equal(mapped.name.length, 200);
  });

  it('produces plain data that survives structured cloning', () => {
    const mapped = toScreenSource(SOURCES[0]!);
    assert.deepEqual(structuredClone(mapped), mapped);
  });
});

describe('ScreenSourcePicker', () => {
  it('asks for screens and windows with small thumbnails', async () => {
    let asked: GetSourcesOptions | undefined;
    const picker = new ScreenSourcePicker(async (options) => {
      asked = options;
      return SOURCES;
    });
    const listed = await picker.list();
    assert.deepEqual(
      listed.map((s) => s.id),
      ['screen:0:0', 'window:1234:0'],
    );
    assert.deepEqual(asked?.types, ['screen', 'window']);
    assert.ok(asked !== undefined && asked.thumbnailSize.width <= 640);
  });

  it('remembers the selection for exactly one capture request', async () => {
    const picker = new ScreenSourcePicker(async () => SOURCES);
    await picker.list();
    assert.equal(picker.select('window:1234:0'), true);
    assert.deepEqual(picker.take(), { id: 'window:1234:0', name: 'Tài liệu họp.pdf' });
    assert.equal(picker.take(), null);
  });

  it('refuses ids that were not in the latest listing', async () => {
    const picker = new ScreenSourcePicker(async () => SOURCES);
    assert.equal(picker.select('screen:0:0'), false, 'nothing listed yet');
    await picker.list();
    assert.equal(picker.select('screen:9:0'), false);
    assert.equal(picker.take(), null);
  });

  it('forgets a selection that was not used in time', async () => {
    let now = 1_000;
    const picker = new ScreenSourcePicker(
      async () => SOURCES,
      () => now,
    );
    await picker.list();
    picker.select('screen:0:0');
    now += SELECTION_TTL_MS + 1;
    assert.equal(picker.take(), null);
  });
});
