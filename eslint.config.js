// Lint: typescript-eslint's recommended rules, no import cycles, and the layering rules from the design notes —
// common/ imports nothing of ours, the renderer never imports the server or the shell, the shell never imports
// renderer or server, and the meeting's live state and stores never reach into the signalling that calls them.
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import { importX } from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import typeCycles from './scripts/lint/noTypeCycles.js';

/** Who may not import whom (import-x/no-restricted-paths zones; paths from the repository root). */
const LAYERS = [
  { target: './common', from: ['./server', './renderer', './electron'], message: 'common/ is pure' },
  {
    target: './renderer',
    from: ['./server', './electron'],
    message: 'the renderer talks to the server over the protocol only',
  },
  { target: './electron', from: ['./server', './renderer'], message: 'the shell stays thin' },
  { target: './server', from: ['./renderer', './electron'], message: 'the server does not import clients' },
  {
    target: ['./server/live', './server/meetings'],
    from: './server/signalling',
    message: 'the live meeting and its stores are called by the signalling, never the other way round',
  },
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test-results/**', 'release/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.{ts,tsx,mts,js,mjs}'],
    plugins: { 'import-x': importX, phonghop: typeCycles },
    settings: {
      // Imports name their .ts files; the TypeScript resolver follows them as tsc does (tsconfig paths included).
      'import-x/resolver-next': [
        createTypeScriptImportResolver({
          project: ['tsconfig.json', 'electron/tsconfig.json'],
          noWarnOnMultipleProjects: true,
        }),
      ],
    },
    rules: {
      // Runtime cycles (import-x) and cycles closed by `import type` (ours: import-x skips those on purpose).
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'phonghop/no-type-cycles': 'error',
      'import-x/no-restricted-paths': ['error', { zones: LAYERS }],
    },
  },
  // The Rules of Hooks and the React Compiler's checks (effects, refs, purity) for the React app.
  { files: ['renderer/**/*.{ts,tsx}'], ...reactHooks.configs.flat.recommended },
);
