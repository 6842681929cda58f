// ESLint (flat config): typescript-eslint's type-aware rules over every TypeScript file of the
// repository, typed by tsconfig.json (or the nearest tsconfig, found per file by the project service).
// Prettier owns the layout; none of the rules enabled here is about formatting. `npm run lint` runs it
// with no warning allowed, and tests/repo/lint.test.ts runs it inside `npm test`.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'out/**',
      'node_modules/**',
      // Out-of-subset programs, each breaking a subset rule on purpose (some break TypeScript's too).
      'tests/transpiler/negative/**',
      // Editor-plugin fixtures holding a TypeScript error and an `any` on purpose.
      'tests/transpiler/plugin/fixtures/type-error.ts',
      'tests/transpiler/plugin/fixtures/outside-scope.ts',
    ],
  },
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // Beyond the recommended set: `==` and `!=` coerce, and nothing here needs them to.
      eqeqeq: 'error',
      // Register values and guest results are plain numbers compared with the numeric enums of the ABI
      // (HvResult, VmState, ...), which the subset emits as C enums: the comparison is the intent.
      '@typescript-eslint/no-unsafe-enum-comparison': 'off',
      // The SLCAN and console protocols put control characters (BEL, NUL) in the text matched.
      'no-control-regex': 'off',
    },
  },
  {
    files: ['tests/transpiler/**/*.ts'],
    rules: {
      // The float corpus and generators write literals JavaScript rounds (2^53 + 1, ...) on purpose.
      'no-loss-of-precision': 'off',
    },
  },
  {
    files: ['tests/transpiler/corpus/**/*.ts'],
    rules: {
      // Corpus programs declare `let` on purpose: the transpiler must treat the value as a variable.
      'prefer-const': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['**/*.cjs'],
    rules: {
      // CommonJS entry points load their modules with require().
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
);
