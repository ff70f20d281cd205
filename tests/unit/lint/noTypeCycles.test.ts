// The lint rule that keeps the domain layer flat: import cycles closed by `import type` are reported (import-x's
// no-cycle skips them), value-only cycles are left to import-x, and a chain without a way back is not a cycle.
// Real ESLint over real files in a temporary folder.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';

const RULE_MODULE = pathToFileURL(resolve('scripts/lint/noTypeCycles.js')).href;

async function lint(files: Record<string, string>): Promise<{ file: string; message: string }[]> {
  const dir = mkdtempSync(join(tmpdir(), 'phonghop-cycles-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  const plugin = ((await import(RULE_MODULE)) as { default: ESLint.Plugin }).default;
  const eslint = new ESLint({
    cwd: dir,
    overrideConfigFile: true,
    overrideConfig: [
      {
        files: ['**/*.ts'],
        languageOptions: { parser: tseslint.parser as never },
        plugins: { phonghop: plugin },
        rules: { 'phonghop/no-type-cycles': 'error' },
      },
    ],
  });
  const results = await eslint.lintFiles(Object.keys(files));
  return results.flatMap((r) =>
    r.messages.map((m) => ({ file: r.filePath.slice(dir.length + 1), message: m.message })),
  );
}

describe('phonghop/no-type-cycles', () => {
  it('reports a cycle of three modules closed by one type-only import, on each module of it', async () => {
    const found = await lint({
      'protocol.ts': "import { MAX } from './votes.ts';\nexport type Name = 'a';\nexport const LIMIT = MAX;\n",
      'votes.ts': "import type { Role } from './permissions.ts';\nexport const MAX = 2;\nexport type R = Role;\n",
      'permissions.ts': "import type { Name } from './protocol.ts';\nexport type Role = Name;\n",
    });
    assert.deepEqual(found.map((f) => f.file).sort(), ['permissions.ts', 'protocol.ts', 'votes.ts']);
    assert.match(found.find((f) => f.file === 'protocol.ts')!.message, /votes\.ts → permissions\.ts → protocol\.ts/);
  });

  it('counts `import { type X }` as a type-only import', async () => {
    const found = await lint({
      'a.ts': "import { type B } from './b.ts';\nexport type A = B;\n",
      'b.ts': "import { type A } from './a.ts';\nexport type B = A | 1;\n",
    });
    assert.equal(found.length, 2);
  });

  it('leaves a cycle of value imports to import-x/no-cycle', async () => {
    const found = await lint({
      'a.ts': "import { b } from './b.ts';\nexport const a = () => b;\n",
      'b.ts': "import { a } from './a.ts';\nexport const b = () => a;\n",
    });
    assert.deepEqual(found, []);
  });

  it('accepts a layered chain where nothing imports back', async () => {
    const found = await lint({
      'roles.ts': "export type Role = 'chair';\n",
      'permissions.ts': "import type { Role } from './roles.ts';\nexport type P = Role;\n",
      'protocol.ts':
        "import type { P } from './permissions.ts';\nimport type { Role } from './roles.ts';\nexport type X = P | Role;\n",
    });
    assert.deepEqual(found, []);
  });
});
