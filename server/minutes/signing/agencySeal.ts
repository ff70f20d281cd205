// The agency's seal image (Decree 30/2020 Appendix I: red, PNG with a transparent background, shown at the seal's
// real size on the agency's signature), uploaded by an administrator with the seal's diameter, kept under
// DATA_DIR/signing/agency. Checked as a PNG the PDF writer can carry before it is kept.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppFailure } from '../../../common/errors.ts';
import { decodePng } from '../pdf/png.ts';

/** Largest seal image kept (a 40 mm seal at 600 dpi is far smaller). */
export const MAX_SEAL_BYTES = 1024 * 1024;

/** Diameters of Vietnamese official seals lie well within this (Decree 99/2016: 30–42 mm for most agencies). */
export const SEAL_DIAMETER_MM = { min: 20, max: 60 } as const;

export interface AgencySealImage {
  png: Buffer;
  diameterMm: number;
}

export class AgencySeals {
  readonly #dir: string;

  constructor(dataDir: string) {
    this.#dir = join(dataDir, 'signing', 'agency');
  }

  /** Keeps the seal (replacing the one before) once it reads as a PNG with transparency. */
  put(png: Buffer, diameterMm: number): void {
    if (png.length === 0 || png.length > MAX_SEAL_BYTES) {
      throw new AppFailure('too_large', `a seal image has at most ${MAX_SEAL_BYTES} bytes`);
    }
    if (!(diameterMm >= SEAL_DIAMETER_MM.min && diameterMm <= SEAL_DIAMETER_MM.max)) {
      throw new AppFailure(
        'invalid_message',
        `the seal's diameter is between ${SEAL_DIAMETER_MM.min} and ${SEAL_DIAMETER_MM.max} mm`,
      );
    }
    if (!decodePng(png).alpha) {
      throw new AppFailure('invalid_message', 'the seal image needs a transparent background (PNG with alpha)');
    }
    mkdirSync(this.#dir, { recursive: true, mode: 0o700 });
    writeFileSync(join(this.#dir, 'seal.png'), png, { mode: 0o600 });
    writeFileSync(join(this.#dir, 'seal.json'), JSON.stringify({ diameterMm }), { mode: 0o600 });
  }

  get(): AgencySealImage | null {
    const png = join(this.#dir, 'seal.png');
    if (!existsSync(png)) return null;
    const { diameterMm } = JSON.parse(readFileSync(join(this.#dir, 'seal.json'), 'utf8')) as { diameterMm: number };
    return { png: readFileSync(png), diameterMm };
  }

  remove(): boolean {
    if (!existsSync(join(this.#dir, 'seal.png'))) return false;
    rmSync(join(this.#dir, 'seal.png'));
    rmSync(join(this.#dir, 'seal.json'), { force: true });
    return true;
  }
}
