/**
 * Real server processes (`node dist/src/main.js`, built by `npm test`) for the multi-instance suites: each
 * is started with PORT=0 and found by the port it prints; GraphQL over fetch, subscriptions over graphql-ws.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { signToken } from '../../src/auth/token';
import type { Role } from '../../src/common/viewer';

const root = join(__dirname, '..', '..');

export interface Instance {
  name: string;
  url: string;
  wsUrl: string;
  child: ChildProcessWithoutNullStreams;
  output(): string;
  /** resolves with the exit code or signal */
  exited: Promise<number | string | null>;
}

export async function startInstance(name: string, env: Record<string, string>): Promise<Instance> {
  const child = spawn(process.execPath, [join(root, 'dist', 'src', 'main.js')], {
    env: { ...process.env, PORT: '0', SEED: 'none', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | string | null>((resolve) =>
    child.on('exit', (code, signal) => resolve(code ?? signal)),
  );
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start: ${output}`)), 30_000);
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1].replace('localhost', '127.0.0.1'));
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited (${code}): ${output}`));
    });
  });
  return { name, url, wsUrl: url.replace(/^http/, 'ws'), child, output: () => output, exited };
}

export async function stopInstance(instance: Instance | undefined): Promise<void> {
  if (!instance || instance.child.exitCode !== null || instance.child.signalCode !== null) return;
  instance.child.kill('SIGTERM');
  const timer = setTimeout(() => instance.child.kill('SIGKILL'), 10_000);
  await instance.exited;
  clearTimeout(timer);
}

export function tokenFor(
  secret: string,
  claims: { roles: Role[]; bidderId?: string; sub?: string },
  ttlSeconds = 3600,
): string {
  return signToken(secret, { sub: claims.sub ?? `test:${claims.roles.join('+')}`, ...claims }, ttlSeconds)
    .token;
}

/** POSTs a GraphQL operation and returns its data, or throws with its errors. */
export async function gql<T = Record<string, unknown>>(
  instance: Instance,
  query: string,
  variables: Record<string, unknown> = {},
  token?: string,
): Promise<T> {
  const response = await fetch(instance.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: unknown[] };
  if (body.errors?.length || !body.data) {
    throw new Error(`${instance.name}: GraphQL errors: ${JSON.stringify(body.errors ?? body)}`);
  }
  return body.data;
}

export interface Followed<T> {
  items: T[];
  /** Date.now() when each item arrived */
  at: number[];
  errors: unknown[];
  stop(): void;
}

/** Subscribes on an instance and collects what arrives. */
export function followOn<T>(
  instance: Instance,
  query: string,
  variables: Record<string, unknown>,
  field: string,
): Followed<T> {
  const client = createClient({ url: instance.wsUrl, webSocketImpl: WebSocket, retryAttempts: 0 });
  let stopped = false;
  const got: Followed<T> = {
    items: [],
    at: [],
    errors: [],
    stop: () => {
      stopped = true;
      void client.dispose();
    },
  };
  client.subscribe<Record<string, T>>(
    { query, variables },
    {
      next: (r) => {
        if (stopped) return;
        if (r.data) {
          got.items.push(r.data[field]);
          got.at.push(Date.now());
        } else got.errors.push(r.errors);
      },
      error: (e) => stopped || got.errors.push(e),
      complete: () => undefined,
    },
  );
  return got;
}
