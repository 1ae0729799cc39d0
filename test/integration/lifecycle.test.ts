/** Start-up and shutdown as operators see them: seeds once, migrations applied, clean SIGTERM. */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import WebSocket from 'ws';
import { testDatabases } from '../helpers/environment';
import { createTestDatabase, startTestServer } from '../helpers/server';
import { ParcelsDocument } from '../operations/generated';

const root = join(__dirname, '..', '..');

describe.each(testDatabases())('start-up on %s', (kind) => {
  it('seeds the reference data once, however often the server starts', async () => {
    // empty: the first start applies every migration
    const db = await createTestDatabase(kind, { migrated: false });
    try {
      for (let start = 0; start < 2; start++) {
        const server = await startTestServer({ db });
        const data = await server.data(ParcelsDocument, { filter: { codeContains: '2024C-5' } });
        expect(data.parcels.totalCount).toBe(1);
        await server.close();
      }
    } finally {
      await db.drop();
    }
  });
});

describe('the server process', () => {
  it('shuts down on SIGTERM: finishes, closes sockets with 1001, exits 0 within 10 s', async () => {
    const db = await createTestDatabase('sqlite');
    const child = spawn(process.execPath, [join(root, 'dist', 'src', 'main.js')], {
      env: {
        ...process.env,
        PORT: '0',
        DATABASE_URL: `sqlite:${db.config.kind === 'sqlite' ? db.config.path : ''}`,
        JWT_SECRET: 'lifecycle-test-secret-0123',
        SEED: 'demo',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      let output = '';
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`server did not start: ${output}`)), 30_000);
        child.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          const match = /listening on (http:\/\/\S+)/.exec(output);
          if (match) {
            clearTimeout(timer);
            resolve(match[1]);
          }
        });
        child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
        child.on('exit', (code) => reject(new Error(`exited ${code}: ${output}`)));
      });
      const socket = new WebSocket(url.replace('http', 'ws'), 'graphql-transport-ws');
      await new Promise((resolve) => socket.on('open', resolve));
      const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
      const started = Date.now();
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      expect(await closed).toBe(1001);
      expect(await exited).toBe(0);
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      child.kill('SIGKILL');
      await db.drop();
    }
  });
});
