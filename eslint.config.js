// Lint: typescript-eslint's recommended rules, plus the layering rule from the design notes — common/ imports
// nothing of ours, the renderer never imports the server or the shell, the shell never imports renderer or server.
import tseslint from 'typescript-eslint';

const layer = (patterns, message) => ({
  'no-restricted-imports': ['error', { patterns: [{ group: patterns, message }] }],
});

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test-results/**', 'release/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  { files: ['common/**'], rules: layer(['**/server/**', '**/renderer/**', '**/electron/**'], 'common/ is pure') },
  { files: ['renderer/**'], rules: layer(['**/server/**', '**/electron/**'], 'the renderer talks to the server over the protocol only') },
  { files: ['electron/**'], rules: layer(['**/server/**', '**/renderer/**'], 'the shell stays thin') },
  { files: ['server/**'], rules: layer(['**/renderer/**', '**/electron/**'], 'the server does not import clients') },
);
