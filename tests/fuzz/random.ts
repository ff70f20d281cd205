// A seeded random source for the fuzzers, so that a run that found something can be replayed with `--seed`: the
// same seed gives the same sequence of choices (the order in which the server answers can still differ between
// runs, so a replay is close, not identical). Plus the hostile values the fuzzers draw from: odd strings, numbers
// and bytes.

/** sfc32, seeded through splitmix32: small, fast and good enough for test data (not for secrets). */
export class Rng {
  readonly seed: number;
  #a: number;
  #b: number;
  #c: number;
  #d: number;

  constructor(seed: number) {
    this.seed = seed >>> 0;
    let s = this.seed;
    const split = () => {
      s = (s + 0x9e3779b9) | 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.#a = split();
    this.#b = split();
    this.#c = split();
    this.#d = split();
  }

  /** A uniform float in [0, 1). */
  next(): number {
    const t = (((this.#a + this.#b) | 0) + this.#d) | 0;
    this.#d = (this.#d + 1) | 0;
    this.#a = this.#b ^ (this.#b >>> 9);
    this.#b = (this.#c + (this.#c << 3)) | 0;
    this.#c = (this.#c << 21) | (this.#c >>> 11);
    this.#c = (this.#c + t) | 0;
    return (t >>> 0) / 4294967296;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** One of the keys, with probability proportional to its weight. */
  weighted<K extends string>(weights: Record<K, number>): K {
    const entries = Object.entries(weights) as [K, number][];
    const total = entries.reduce((sum, [, w]) => sum + w, 0);
    let r = this.next() * total;
    for (const [key, w] of entries) {
      r -= w;
      if (r < 0) return key;
    }
    return entries[entries.length - 1]![0];
  }

  bytes(length: number): Uint8Array {
    const out = new Uint8Array(length);
    for (let i = 0; i < length; i++) out[i] = Math.floor(this.next() * 256);
    return out;
  }

  /** A child source for one connection or task, so that its choices do not depend on how others interleave. */
  fork(): Rng {
    return new Rng(this.int(0, 0xffffffff));
  }
}

/** A fresh seed when none is given (printed by every fuzzer, so that any run can be replayed). */
export function newSeed(): number {
  return Math.floor(Math.random() * 0xffffffff) >>> 0;
}

/** The short variants in `npm test`: FUZZ_SEED replays a run, else a new seed each time (named when one fails). */
export function testSeed(): number {
  const given = Number(process.env.FUZZ_SEED);
  return process.env.FUZZ_SEED && Number.isInteger(given) ? given >>> 0 : newSeed();
}

const ODD_STRINGS = [
  '',
  ' ',
  '\u0000',
  '\u0000'.repeat(64),
  '\uFEFF',
  '\uD800',
  '\uDFFF\uD800',
  'Đ\u0300\u0301\u0302\u0303\u0309\u0323'.repeat(20),
  '‮gnp.exe',
  '../../../../etc/passwd',
  '..\\..\\windows\\win.ini',
  '%00%2e%2e%2f',
  '<script>alert(1)</script>',
  "'; DROP TABLE meetings; --",
  '{"__proto__":{"polluted":1}}',
  '__proto__',
  'constructor',
  'toString',
  'NaN',
  '-1',
  '1e309',
  'null',
  'undefined',
  '😀'.repeat(50),
  'Hội nghị giao ban trực tuyến',
];

/** A string meant to break something: empty, control characters, lone surrogates, path tricks, huge. */
export function oddString(rng: Rng, maxHuge = 70_000): string {
  switch (rng.int(0, 5)) {
    case 0:
      return rng.pick(ODD_STRINGS);
    case 1:
      return 'x'.repeat(rng.int(101, 5000));
    case 2:
      return 'ệ'.repeat(rng.int(1, maxHuge));
    case 3:
      return String.fromCharCode(...Array.from({ length: rng.int(1, 40) }, () => rng.int(0, 0xffff)));
    case 4:
      return rng.pick(ODD_STRINGS).repeat(rng.int(2, 200));
    default:
      return Buffer.from(rng.bytes(rng.int(1, 60))).toString('latin1');
  }
}

export function oddNumber(rng: Rng): number {
  return rng.pick([
    -1,
    0,
    -0,
    0.5,
    1e-300,
    2 ** 31,
    2 ** 53 + 1,
    -(2 ** 53),
    Number.MAX_VALUE,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
    1e21,
  ]);
}

/** Any JSON-ish value, nested at most `depth` levels. */
export function anyValue(rng: Rng, depth = 3): unknown {
  const kind = rng.int(0, depth > 0 ? 8 : 5);
  switch (kind) {
    case 0:
      return null;
    case 1:
      return rng.chance(0.5);
    case 2:
      return oddNumber(rng);
    case 3:
      return oddString(rng, 2000);
    case 4:
      return rng.bytes(rng.int(0, 64));
    case 5:
      return undefined;
    case 6:
      return Array.from({ length: rng.int(0, 5) }, () => anyValue(rng, depth - 1));
    case 7: {
      const out: Record<string, unknown> = {};
      for (let i = rng.int(0, 4); i > 0; i--) out[oddString(rng, 30).slice(0, 40)] = anyValue(rng, depth - 1);
      return out;
    }
    default: {
      // Deep nesting: parsers and validators that recurse (not so deep that the fuzzer's own encoder overflows).
      let value: unknown = 1;
      for (let i = rng.int(50, 1000); i > 0; i--) value = rng.chance(0.5) ? [value] : { a: value };
      return value;
    }
  }
}
