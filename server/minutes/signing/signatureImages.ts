// Each account's handwritten-signature image (Decree 30/2020 Appendix I: a PNG with a transparent background, shown
// as provided between the signer's title and name), uploaded once by the person while signed in and kept under
// DATA_DIR/signing/images. Checked as a PNG the PDF writer can carry before it is kept.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppFailure } from '../../../common/errors.ts';
import { decodePng } from '../pdf/png.ts';

/** Largest image kept: a signature scanned at 600 dpi is far smaller. */
export const MAX_SIGNATURE_IMAGE_BYTES = 512 * 1024;

export class SignatureImages {
  readonly #dir: string;

  constructor(dataDir: string) {
    this.#dir = join(dataDir, 'signing', 'images');
  }

  #file(userId: string): string {
    return join(this.#dir, `${createHash('sha256').update(userId).digest('hex').slice(0, 32)}.png`);
  }

  /** Keeps the account's image (replacing the one before) once it reads as a PNG with transparency. */
  put(userId: string, png: Buffer): void {
    if (png.length === 0 || png.length > MAX_SIGNATURE_IMAGE_BYTES) {
      throw new AppFailure('too_large', `a signature image has at most ${MAX_SIGNATURE_IMAGE_BYTES} bytes`);
    }
    const image = decodePng(png);
    if (!image.alpha) {
      throw new AppFailure('invalid_message', 'the signature image needs a transparent background (PNG with alpha)');
    }
    mkdirSync(this.#dir, { recursive: true, mode: 0o700 });
    writeFileSync(this.#file(userId), png, { mode: 0o600 });
  }

  get(userId: string): Buffer | null {
    const file = this.#file(userId);
    return existsSync(file) ? readFileSync(file) : null;
  }

  remove(userId: string): boolean {
    const file = this.#file(userId);
    if (!existsSync(file)) return false;
    rmSync(file);
    return true;
  }
}
