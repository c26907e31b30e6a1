import js from '@eslint/js'
import globals from 'globals'
import tseslint from 'typescript-eslint'

// editor and runtime meet only through shared: neither may import the other.
const forbidImportOf = (...packages) => ({
  'no-restricted-imports': [
    'error',
    {
      patterns: packages.flatMap((pkg) => [
        {
          group: [`@conveyor/${pkg}`, `@conveyor/${pkg}/*`],
          message: `${pkg} is off limits here: share code through @conveyor/shared.`,
        },
        {
          group: [`**/${pkg}/src/**`, `../${pkg}/**`],
          message: `${pkg} is off limits here: share code through @conveyor/shared.`,
        },
      ]),
    },
  ],
})

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/data/**',
      '**/test-results/**',
      '**/playwright-report/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node }, ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['editor/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: forbidImportOf('runtime'),
  },
  { files: ['runtime/**/*.ts'], rules: forbidImportOf('editor') },
  { files: ['shared/**/*.ts'], rules: forbidImportOf('runtime', 'editor') },
)
