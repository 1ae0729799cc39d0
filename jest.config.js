/**
 * Two projects: unit (pure rules) and integration (the real server over HTTP/WebSocket).
 * ts-jest only transpiles (decorator metadata included); `npm run typecheck` does the type checking.
 */
const transform = {
  '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.jest.json' }],
};
const common = { transform, setupFiles: ['reflect-metadata'], testEnvironment: 'node' };
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
