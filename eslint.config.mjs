// ESLint (flat config): typescript-eslint's recommended rules, Prettier for layout, and the
// import boundaries of the monorepo:
// - an area is reached from outside only through its index (`@chorus/<area>`), never a deep path;
// - `core` depends on no area; libs never import apps, tests or benchmarks;
// - apps import libs through their index too.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import importX from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import { readdirSync } from 'node:fs';

const libs = readdirSync('libs', { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name);

// One zone per lib: its files may reach another lib only through that lib's src/index.ts.
const areaZones = libs.map((lib) => ({
  target: `./libs/${lib}/src`,
  from: './libs',
  except: [`./${lib}`, ...libs.filter((other) => other !== lib).map((other) => `./${other}/src/index.ts`)],
  message: `Reach another area through its index (@chorus/<area>), not a file inside it.`,
}));
// Apps are thin and see libs only through their index; tests and benchmarks are white-box and
// may reach inside a lib.
const appZones = [
  {
    target: './apps',
    from: './libs',
    except: libs.map((lib) => `./${lib}/src/index.ts`),
    message: 'Import a lib through its index (@chorus/<area>).',
  },
];
const layerZones = [
  { target: './libs', from: './apps', message: 'Libs never import an app.' },
  { target: './libs', from: './test', message: 'Libs never import tests.' },
  { target: './libs', from: './bench', message: 'Libs never import benchmarks.' },
  {
    target: './libs/core',
    from: './libs',
    except: ['./core'],
    message: 'core is the bottom layer: it depends on no area.',
  },
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.tools/**', 'coverage/**', 'var/**', '**/*.js', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })],
    },
    rules: {
      'import-x/no-restricted-paths': ['error', { zones: [...layerZones, ...areaZones, ...appZones] }],
      'import-x/no-cycle': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
    },
  },
  {
    // Unit specs may use the shared test servers (SMTP scripts) under test/support.
    files: ['libs/**/*.spec.ts'],
    rules: { 'import-x/no-restricted-paths': 'off' },
  },
  {
    // Tests and benchmarks read loosely typed JSON answers.
    files: ['test/**/*.ts', 'bench/**/*.ts', '**/*.spec.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  prettier,
);
