import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** Creates a fresh PostgreSQL database next to adminUrl, runs fn with its URL, then drops it. */
export async function withTemporaryPostgresDatabase<T>(
  adminUrl: string,
  fn: (url: string) => Promise<T>,
): Promise<T> {
  const { url, drop } = await createTemporaryPostgresDatabase(adminUrl);
  try {
    return await fn(url);
  } finally {
    await drop();
  }
}

export async function createTemporaryPostgresDatabase(
  adminUrl: string,
  prefix = 'tmp',
): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  const name = `${prefix}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`create database "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    async drop() {
      const client = new Client({ connectionString: adminUrl });
      await client.connect();
      try {
        await client.query(`drop database if exists "${name}" with (force)`);
      } finally {
        await client.end();
      }
    },
  };
}
