// The JavaScript lint (eslint, pinned in package.json): eslint's
// recommended rules for the web client (browser ES modules) and for the
// tests' own scripts (Node ES modules; the browser tests also hand
// functions to the page, hence the browser globals there). File patterns
// are from the top of the repository, where it runs (meson test lint-js,
// or npm run lint in tests/):
//   node tests/node_modules/eslint/bin/eslint.js -c tests/eslint.config.js web-client/js tests
import js from '@eslint/js';
import globals from 'globals';

const rules = {
  // An unused argument before a used one stays (callbacks, handlers);
  // const { dropped, ...rest } = x leaves dropped out on purpose.
  'no-unused-vars': ['error', { args: 'after-used', caughtErrors: 'none', ignoreRestSiblings: true }],
};

export default [
  { ignores: ['**/node_modules/**', 'build*/**'] },
  {
    files: ['web-client/js/**/*.js'],
    ...js.configs.recommended,
    languageOptions: { ecmaVersion: 2022, sourceType: 'module', globals: globals.browser },
    rules: { ...js.configs.recommended.rules, ...rules },
  },
  {
    files: ['tests/**/*.js', 'tests/**/*.mjs'],
    ...js.configs.recommended,
    languageOptions: { ecmaVersion: 2022, sourceType: 'module', globals: globals.node },
    rules: { ...js.configs.recommended.rules, ...rules },
  },
  // The browser tests hand functions to the page (page.evaluate).
  { files: ['tests/web/**/*.js'], languageOptions: { globals: { ...globals.node, ...globals.browser } } },
];
