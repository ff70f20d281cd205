// Screen sharing in the desktop shell: when the page calls getDisplayMedia, the main process lists the screens and
// windows (Electron's desktopCapturer, passed in), shows them with thumbnails in a window of its own
// (pickerWindow.ts), and answers the call with the source the person chose there. The page never names a source:
// it cannot capture a window the person did not pick. These rules are tested under plain Node.

/** A screen or window as the picker window shows it. */
export interface ScreenSource {
  id: string;
  name: string;
  /** PNG data URL of a small thumbnail ('' when the system gave none). */
  thumbnail: string;
  kind: 'screen' | 'window';
}

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

/** Shows the sources and resolves with the id the person chose, or null when they closed the window. */
export type ChooseSource = (sources: ScreenSource[]) => Promise<string | null>;

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

export class ScreenSharePicker {
  #open = false;

  constructor(
    private readonly getSources: GetSources,
    private readonly choose: ChooseSource,
  ) {}

  /**
   * Answers one display-capture request: the sources listed now, the person's choice among exactly those, or null
   * (closed, nothing to share, or a picker already open — a second request does not stack a second window).
   */
  async pick(): Promise<SelectedSource | null> {
    if (this.#open) return null;
    this.#open = true;
    try {
      const sources = (
        await this.getSources({ types: ['screen', 'window'], thumbnailSize: THUMBNAIL_SIZE, fetchWindowIcons: false })
      ).map(toScreenSource);
      if (sources.length === 0) return null;
      const chosen = await this.choose(sources);
      const source = sources.find((s) => s.id === chosen);
      return source ? { id: source.id, name: source.name } : null;
    } finally {
      this.#open = false;
    }
  }
}
