// The screen-sharing picker window's two channels and how its answer is read: kept apart from the window itself
// (pickerWindow.ts, which needs Electron) so that the preload and the tests under plain Node share them.

export const PICKER_SOURCES_CHANNEL = 'phonghop:picker:sources';
export const PICKER_CHOOSE_CHANNEL = 'phonghop:picker:choose';
export type PickerSourcesChannel = typeof PICKER_SOURCES_CHANNEL;
export type PickerChooseChannel = typeof PICKER_CHOOSE_CHANNEL;

/** The choice as the picker page sends it: `{ id }` with a source id, or anything else to share nothing. */
export function readChoice(answer: unknown): string | null {
  const id = (answer as { id?: unknown } | null)?.id;
  return typeof id === 'string' && id.length > 0 && id.length <= 256 ? id : null;
}
