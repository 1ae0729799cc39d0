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

/** `template`: a database to copy (see ensurePostgresTemplate); without it the database starts empty. */
export async function createTemporaryPostgresDatabase(
  adminUrl: string,
  prefix = 'tmp',
  template?: string,
): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  const name = `${prefix}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`create database "${name}"${template ? ` template "${template}"` : ''}`);
  } finally {
    await admin.end();
  }
  return {
    url: databaseUrl(adminUrl, name),
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

/**
 * Makes the database `name` with `build` once, for every process that asks at the same time: the first
 * holds an advisory lock while it builds under another name and renames the result, so the others wait
 * and then copy a finished database, never a half-built one. Nothing may stay connected to it (PostgreSQL
 * copies only a database nobody uses), so `build` closes its connections before it returns.
 */
export async function ensurePostgresTemplate(
  adminUrl: string,
  name: string,
  build: (url: string) => Promise<void>,
): Promise<void> {
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query('select pg_advisory_lock(hashtext($1))', [name]);
    const found = await admin.query('select 1 from pg_database where datname = $1', [name]);
    if (found.rowCount) return;
    const building = `${name}_building`;
    // left by a process that died while building: the lock says nobody is building it now
    await admin.query(`drop database if exists "${building}" with (force)`);
    await admin.query(`create database "${building}"`);
    try {
      await build(databaseUrl(adminUrl, building));
    } catch (error) {
      await admin.query(`drop database if exists "${building}" with (force)`);
      throw error;
    }
    await admin.query(`alter database "${building}" rename to "${name}"`);
  } finally {
    // ending the session releases the lock too
    await admin.end();
  }
}

function databaseUrl(adminUrl: string, name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
