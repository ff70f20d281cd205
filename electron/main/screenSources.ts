// Screen sharing: the renderer shows its own picker of screens and windows, the user picks one, and the next
// getDisplayMedia call in the renderer captures exactly that source.
// Electron's desktopCapturer is passed in, so the mapping and the selection rules are tested under plain Node.
import type { ScreenSource } from '../../common/bridge.ts';

/** The parts of Electron's DesktopCapturerSource this module reads. */
export interface CapturerSourceLike {
  id: string;
  name: string;
  thumbnail: { toDataURL(): string; isEmpty?(): boolean };
}

export interface GetSourcesOptions {
  types: Array<'screen' | 'window'>;
  thumbnailSize: { width: number; height: number };
  fetchWindowIcons: boolean;
}

export type GetSources = (options: GetSourcesOptions) => Promise<CapturerSourceLike[]>;

export interface SelectedSource {
  id: string;
  name: string;
}

/** A selection is meant for the getDisplayMedia call that follows the click, not for one a minute later. */
export const SELECTION_TTL_MS = 60_000;
const THUMBNAIL_SIZE = { width: 320, height: 180 };
const MAX_NAME_LENGTH = 200;

export function toScreenSource(source: CapturerSourceLike): ScreenSource {
  const empty = source.thumbnail.isEmpty?.() ?? false;
  return {
    id: source.id,
    name: source.name.slice(0, MAX_NAME_LENGTH),
    thumbnail: empty ? '' : source.thumbnail.toDataURL(),
    kind: source.id.startsWith('screen:') ? 'screen' : 'window',
  };
}

export class ScreenSourcePicker {
  private listed = new Map<string, SelectedSource>();
  private selection: (SelectedSource & { at: number }) | null = null;

  constructor(
    private readonly getSources: GetSources,
    private readonly now: () => number = Date.now,
  ) {}

  async list(): Promise<ScreenSource[]> {
    const sources = await this.getSources({
      types: ['screen', 'window'],
      thumbnailSize: THUMBNAIL_SIZE,
      fetchWindowIcons: false,
    });
    const mapped = sources.map(toScreenSource);
    this.listed = new Map(mapped.map((s) => [s.id, { id: s.id, name: s.name }]));
    return mapped;
  }

  /** Only an id from the latest listing can be chosen: the renderer cannot name a source it was never shown. */
  select(id: string): boolean {
    const source = this.listed.get(id);
    if (source === undefined) return false;
    this.selection = { ...source, at: this.now() };
    return true;
  }

  /** The source for the display-media request now being answered; each selection serves one request. */
  take(): SelectedSource | null {
    const selection = this.selection;
    this.selection = null;
    if (selection === null || this.now() - selection.at > SELECTION_TTL_MS) return null;
    return { id: selection.id, name: selection.name };
  }
}
