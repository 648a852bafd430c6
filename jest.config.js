// Two projects: unit specs beside their code, and e2e specs that drive the real app over HTTP.
const { compilerOptions } = require('./tsconfig.json');

const moduleNameMapper = Object.fromEntries(
  Object.entries(compilerOptions.paths).map(([alias, [target]]) => [
    `^${alias.replace('/', '\\/')}$`,
    `<rootDir>/${target.replace('./', '')}`,
  ]),
);

const transform = {
  '^.+\\.(ts|js|mjs)$': [
    '@swc/jest',
    {
      jsc: {
        parser: { syntax: 'typescript', decorators: true },
        transform: { legacyDecorator: true, decoratorMetadata: true },
        target: 'es2022',
        keepClassNames: true,
      },
      module: { type: 'commonjs' },
    },
  ],
};

// NestJS 12 (and uuid 14) ship ES modules only; Node 20 loads them through require(esm), but Jest's module
// runtime cannot, so Jest compiles them to CommonJS like our own code.
const esmOnly = ['@nestjs', 'file-type', 'strtok3', 'token-types', '@tokenizer', 'uint8array-extras', 'uuid'];
const transformIgnorePatterns = [`/node_modules/(?!(${esmOnly.join('|')})/)`];

// `jest --selectProjects e2e test/e2e/x` takes the path for a project name (the option takes a
// list) and would run every spec; such path-like arguments narrow the specs instead.
const selectProjectsPaths = (() => {
  const i = process.argv.indexOf('--selectProjects');
  if (i < 0) return [];
  const rest = process.argv.slice(i + 1);
  const end = rest.findIndex((a) => a.startsWith('-'));
  return (end < 0 ? rest : rest.slice(0, end)).filter((a) => a.includes('/'));
})();
const narrow = (testMatch) =>
  selectProjectsPaths.length
    ? selectProjectsPaths.flatMap((p) =>
        [p, `${p}*spec.ts`, `${p}/**/*spec.ts`].map((g) => `<rootDir>/${g.replace(/^\.\//, '')}`),
      )
    : testMatch;

const common = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform,
  transformIgnorePatterns,
  moduleNameMapper,
  moduleFileExtensions: ['ts', 'js', 'json'],
};

module.exports = {
  // End-to-end tests start servers and wait for workers; unit tests are far below this.
  testTimeout: 120000,
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: narrow(['<rootDir>/libs/**/*.spec.ts', '<rootDir>/apps/**/*.spec.ts']),
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: narrow(['<rootDir>/test/e2e/**/*.e2e-spec.ts']),
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
      setupFilesAfterEnv: ['<rootDir>/test/support/per-file-database.ts'],
    },
  ],
};
