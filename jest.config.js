/**
 * Two projects: unit (pure rules) and integration (the real server over HTTP/WebSocket).
 * ts-jest only transpiles (decorator metadata included); `npm run typecheck` does the type checking.
 */
const transform = {
  '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.jest.json' }],
};
// packages/client is ESM source: its relative imports end in .js
// and the README's snippets import it by its package name
const moduleNameMapper = {
  '^(\\.{1,2}/.*)\\.js$': '$1',
  '^@land-party/client$': '<rootDir>/packages/client/src/index.ts',
};
const common = { transform, moduleNameMapper, setupFiles: ['reflect-metadata'], testEnvironment: 'node' };
module.exports = {
  testTimeout: 120000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/test/unit/**/*.test.ts'] },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/integration/**/*.test.ts'],
      slowTestThreshold: 30,
    },
  ],
};
