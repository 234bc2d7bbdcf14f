// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** The layering (see test/unit/layering.test.ts): vscode → chat → {claude, acp, ide} → core, shared at the bottom. */
const noVscode = { name: 'vscode', message: 'Only src/vscode imports vscode; the rest runs in plain Node.' };
const layer = (group, message) => ({ group, message });

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.cache/**', 'media/**', 'scripts/**', '**/*.mjs', '**/*.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // Plain CommonJS run by Node (the bench's stub-vscode activation child).
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', module: 'writable', process: 'readonly', console: 'readonly', __dirname: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['src/**/*.ts', 'webview-ui/src/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true, requireDefaultForNonUnion: false }],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    files: ['src/**/*.ts', 'webview-ui/src/**/*.ts'],
    ignores: ['src/vscode/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [noVscode] }] },
  },
  {
    files: ['src/claude/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [noVscode], patterns: [layer(['**/acp', '**/acp/**'], 'src/claude must not import src/acp: the backends are peers on src/core.')] }],
    },
  },
  {
    files: ['src/acp/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [noVscode], patterns: [layer(['**/claude', '**/claude/**'], 'src/acp must not import src/claude: the backends are peers on src/core.')] }],
    },
  },
  {
    files: ['src/vscode/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [layer(['**/claude', '**/claude/**', '**/acp', '**/acp/**'], 'src/vscode imports no backend nor adapter: it gets its chats from src/chat/chatFactory.ts.')] },
      ],
    },
  },
  {
    // The backend-neutral chat code; src/chat/chatFactory.ts alone builds the chats of both backends.
    files: ['src/chat/*.ts'],
    ignores: ['src/chat/chatFactory.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [noVscode], patterns: [layer(['**/claude', '**/claude/**', '**/acp', '**/acp/**', '**/vscode/**'], 'Backend-neutral chat code imports no backend nor adapter (src/chat/chatFactory.ts does).')] },
      ],
    },
  },
  {
    files: ['src/chat/chatFactory.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [noVscode], patterns: [layer(['**/vscode/**'], 'src/chat imports no layer above it.')] }] },
  },
  {
    files: ['src/chat/claude/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [noVscode], patterns: [layer(['**/acp', '**/acp/**', '**/vscode/**'], 'The Claude adapter must not import the ACP backend or adapter.')] }],
    },
  },
  {
    files: ['src/chat/acp/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [noVscode], patterns: [layer(['**/claude', '**/claude/**', '**/vscode/**'], 'The ACP adapter must not import the CLI backend or adapter.')] }],
    },
  },
  {
    files: ['src/ide/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [noVscode], patterns: [layer(['**/claude', '**/claude/**', '**/acp', '**/acp/**', '**/chat/**', '**/vscode/**'], 'src/ide is backend-neutral: it builds on src/core only.')] },
      ],
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [noVscode], patterns: [layer(['**/claude', '**/claude/**', '**/acp', '**/acp/**', '**/chat/**', '**/vscode/**'], 'src/core imports no layer above it.')] },
      ],
    },
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [noVscode], patterns: [layer(['../*', '!../shared', '!../shared/**'], 'src/shared is the bottom layer: it imports only itself.')] },
      ],
    },
  },
  {
    files: ['webview-ui/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [noVscode], patterns: [layer(['../../src/*', '!../../src/shared'], 'The webview may only use src/shared.')] },
      ],
    },
  },
);
