// What the shell offers when the meeting server cannot be reached: try again; check a signed document on this
// computer, which needs no server; and, for a server the person typed in themselves, type another. An administrator's
// server (environment, installation file) is not the person's to change.
import type { ConfigSource } from './settings.ts';

export type UnreachableChoice = 'retry' | 'verifyOffline' | 'changeServer';

export const UNREACHABLE_LABELS: Record<UnreachableChoice, string> = {
  retry: 'Thử lại',
  verifyOffline: 'Kiểm tra chữ ký trên máy này',
  changeServer: 'Đổi máy chủ',
};

/** The dialog's buttons, in order; the first is the default and what closing the dialog means. */
export function unreachableChoices(source: ConfigSource | null): UnreachableChoice[] {
  return source === 'user' ? ['retry', 'verifyOffline', 'changeServer'] : ['retry', 'verifyOffline'];
}
