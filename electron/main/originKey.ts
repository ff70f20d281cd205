// A short, filesystem-safe name for a server origin: what the shell's per-server stores (documents, trust-list copies)
// are kept under, so that one server's data is never read for another.
import { createHash } from 'node:crypto';

export function originKey(origin: string): string {
  return createHash('sha256').update(origin).digest('hex').slice(0, 32);
}
