/**
 * Two projects: unit (pure rules) and integration (the real server over HTTP/WebSocket).
 * @swc/jest only transpiles, several times faster than ts-jest (`npm run typecheck` does the type checking).
 * The settings mirror tsconfig.json: legacy decorators with their design-time metadata (type-graphql reads
 * the types of fields and arguments from it), class fields assigned as TypeScript does
 * (useDefineForClassFields: false), class names kept (MikroORM and type-graphql name things by them).
 */
const { availableParallelism } = require('node:os');

const swc = {
  swcrc: false,
  sourceMaps: 'inline',
  module: { type: 'commonjs' },
  jsc: {
    target: 'es2022',
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
    keepClassNames: true,
  },
};
const transform = {
  '^.+\\.ts$': ['@swc/jest', swc],
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
  // jest's default is one worker less than the cores: on CI's 2 cores that is one suite at a time, in band,
  // while most of a suite's time is spent waiting on PostgreSQL, Redis, sockets and child processes
  maxWorkers: Math.max(2, availableParallelism()),
  // a worker that kept a large heap after a suite (the server, Chromium clients) is started afresh
  workerIdleMemoryLimit: '1GB',
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
