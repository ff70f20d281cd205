// Screen sharing sources: desktopCapturer results become serialisable ScreenSources, shown by the main process's
// picker; the capture answers with the person's choice among exactly the sources listed, one request at a time.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  ScreenSharePicker,
  toScreenSource,
  type CapturerSourceLike,
  type GetSourcesOptions,
  type ScreenSource,
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

describe('ScreenSharePicker', () => {
  it('lists screens and windows with small thumbnails and answers with the person’s choice', async () => {
    let asked: GetSourcesOptions | undefined;
    let shown: ScreenSource[] = [];
    const picker = new ScreenSharePicker(
      async (options) => {
        asked = options;
        return SOURCES;
      },
      async (sources) => {
        shown = sources;
        return 'window:1234:0';
      },
    );
    assert.deepEqual(await picker.pick(), { id: 'window:1234:0', name: 'Tài liệu họp.pdf' });
    assert.deepEqual(
      shown.map((s) => s.id),
      ['screen:0:0', 'window:1234:0'],
    );
    assert.deepEqual(asked?.types, ['screen', 'window']);
    assert.ok(asked !== undefined && asked.thumbnailSize.width <= 640);
  });

  it('captures nothing when the person closes the picker or names a source it did not show', async () => {
    assert.equal(
      await new ScreenSharePicker(
        async () => SOURCES,
        async () => null,
      ).pick(),
      null,
    );
    assert.equal(
      await new ScreenSharePicker(
        async () => SOURCES,
        async () => 'screen:9:0',
      ).pick(),
      null,
    );
    assert.equal(
      await new ScreenSharePicker(
        async () => [],
        async () => 'screen:0:0',
      ).pick(),
      null,
    );
  });

  it('shows one picker at a time: a second request meanwhile is refused', async () => {
    let answer: (id: string | null) => void = () => {};
    const picker = new ScreenSharePicker(
      async () => SOURCES,
      () => new Promise((resolve) => (answer = resolve)),
    );
    const first = picker.pick();
    await new Promise((r) => setImmediate(r));
    assert.equal(await picker.pick(), null);
    answer('screen:0:0');
    assert.equal((await first)?.id, 'screen:0:0');
    const again = picker.pick();
    await new Promise((r) => setImmediate(r));
    answer(null);
    assert.equal(await again, null, 'a new request after the first is answered normally');
  });
});
