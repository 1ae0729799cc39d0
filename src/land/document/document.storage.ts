/**
 * Where uploaded files live, content-addressed by SHA-256 (the same bytes are stored once). Two stores: a
 * directory (STORAGE_DIR; the default with SQLite) and chunks in the database (the default with PostgreSQL, so
 * every instance on the database serves every file without a shared disk). An upload is staged while it
 * streams in, hashed and counted on the way, then committed under its hash or discarded; nothing of a
 * discarded upload stays. Reads are verified: a stream whose bytes do not hash to its name fails at its end.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline, Readable, Transform, type TransformCallback } from 'node:stream';
import { finished } from 'node:stream/promises';
import type { MikroORM } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/knex';
import type { StorageConfig } from '../../config';
import { dialectOf } from '../../db/orm';

/** how many leading bytes a staged upload keeps for sniffing its type */
export const HEAD_BYTES = 64 * 1024;
/** one row of the database store */
export const CHUNK_BYTES = 256 * 1024;

export class BlobTooLarge extends Error {}

export interface StagedBlob {
  sha256: string;
  sizeBytes: number;
  /** the first bytes (up to HEAD_BYTES) */
  head: Buffer;
  /** keeps the content under its hash (a no-op when the same bytes are already stored) */
  commit(): Promise<void>;
  /** forgets the staged bytes */
  discard(): Promise<void>;
}

export interface BlobStore {
  readonly kind: 'directory' | 'database';
  /** Streams `source` in; over `maxBytes` the staged bytes are discarded and BlobTooLarge is thrown. */
  stage(source: AsyncIterable<Buffer | string>, maxBytes: number): Promise<StagedBlob>;
  /** the stored bytes of `sha256`, verified while read; null when nothing is stored under it */
  read(sha256: string, sizeBytes: number): Promise<Readable | null>;
  has(sha256: string): Promise<boolean>;
}

const SHA256 = /^[0-9a-f]{64}$/;

/**
 * A pass-through that fails at the end when the bytes do not have the expected hash and size. It holds back
 * the last chunk until the hash is known, so a reader of damaged bytes never receives the whole file.
 */
export function verifying(sha256: string, sizeBytes: number): Transform {
  const hash = createHash('sha256');
  let seen = 0;
  let held: Buffer | null = null;
  return new Transform({
    transform(chunk: Buffer, _enc, done: TransformCallback) {
      hash.update(chunk);
      seen += chunk.length;
      const previous = held;
      held = chunk;
      done(null, previous ?? undefined);
    },
    flush(done: TransformCallback) {
      const actual = hash.digest('hex');
      if (actual !== sha256 || seen !== sizeBytes)
        done(new Error(`stored file ${sha256} is damaged (read ${seen} bytes hashing to ${actual})`));
      else done(null, held ?? undefined);
    },
  });
}

/** `source` through `verifying`: an error of either ends the returned stream with it. */
function verified(source: Readable, sha256: string, sizeBytes: number): Readable {
  const out = verifying(sha256, sizeBytes);
  pipeline(source, out, () => undefined);
  return out;
}

/** Reads `source` chunk by chunk, counting, hashing and keeping the head; `sink` gets every chunk. */
async function pump(
  source: AsyncIterable<Buffer | string>,
  maxBytes: number,
  sink: (chunk: Buffer) => Promise<void>,
): Promise<{ sha256: string; sizeBytes: number; head: Buffer }> {
  const hash = createHash('sha256');
  const head: Buffer[] = [];
  let headBytes = 0;
  let size = 0;
  for await (const piece of source) {
    const chunk = typeof piece === 'string' ? Buffer.from(piece) : piece;
    size += chunk.length;
    if (size > maxBytes) throw new BlobTooLarge(`more than ${maxBytes} bytes`);
    hash.update(chunk);
    if (headBytes < HEAD_BYTES) {
      const part = chunk.subarray(0, HEAD_BYTES - headBytes);
      head.push(part);
      headBytes += part.length;
    }
    await sink(chunk);
  }
  return { sha256: hash.digest('hex'), sizeBytes: size, head: Buffer.concat(head) };
}

/** Files under `dir/<first two hex digits>/<sha256>`; uploads stream into `dir/.staging/` first. */
export class DirectoryStore implements BlobStore {
  readonly kind = 'directory' as const;
  constructor(private readonly dir: string) {}

  private pathOf(sha256: string): string {
    return join(this.dir, sha256.slice(0, 2), sha256);
  }

  async stage(source: AsyncIterable<Buffer | string>, maxBytes: number): Promise<StagedBlob> {
    const staging = join(this.dir, '.staging');
    await mkdir(staging, { recursive: true });
    const path = join(staging, `${randomBytes(16).toString('hex')}.part`);
    const out = createWriteStream(path, { flags: 'wx' });
    const discard = async () => {
      out.destroy();
      await unlink(path).catch(() => undefined);
    };
    try {
      const facts = await pump(source, maxBytes, async (chunk) => {
        if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', resolve));
      });
      out.end();
      await finished(out);
      return {
        ...facts,
        discard,
        commit: async () => {
          const target = this.pathOf(facts.sha256);
          await mkdir(join(this.dir, facts.sha256.slice(0, 2)), { recursive: true });
          if (await this.has(facts.sha256)) await unlink(path);
          else await rename(path, target);
        },
      };
    } catch (error) {
      await discard();
      throw error;
    }
  }

  async has(sha256: string): Promise<boolean> {
    if (!SHA256.test(sha256)) return false;
    return stat(this.pathOf(sha256)).then(
      () => true,
      () => false,
    );
  }

  async read(sha256: string, sizeBytes: number): Promise<Readable | null> {
    if (!(await this.has(sha256))) return null;
    return verified(createReadStream(this.pathOf(sha256)), sha256, sizeBytes);
  }
}

/** Chunks of CHUNK_BYTES in stored_blob_chunk, one stored_blob row per content. */
export class DatabaseStore implements BlobStore {
  readonly kind = 'database' as const;
  constructor(private readonly orm: MikroORM) {}

  private em(): SqlEntityManager {
    return this.orm.em.fork() as SqlEntityManager;
  }

  async stage(source: AsyncIterable<Buffer | string>, maxBytes: number): Promise<StagedBlob> {
    const key = `staging-${randomBytes(16).toString('hex')}`;
    const em = this.em();
    let seq = 0;
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    const flush = async () => {
      if (pendingBytes === 0) return;
      await em.execute(
        'insert into stored_blob_chunk (blob_key, seq, data, created_at) values (?, ?, ?, ?)',
        [key, seq++, Buffer.concat(pending), this.instant(new Date())],
        'run',
      );
      pending = [];
      pendingBytes = 0;
    };
    const discard = async () => {
      await em.execute('delete from stored_blob_chunk where blob_key = ?', [key], 'run');
    };
    try {
      const facts = await pump(source, maxBytes, async (chunk) => {
        for (let offset = 0; offset < chunk.length; ) {
          const part = chunk.subarray(offset, offset + CHUNK_BYTES - pendingBytes);
          pending.push(part);
          pendingBytes += part.length;
          offset += part.length;
          if (pendingBytes === CHUNK_BYTES) await flush();
        }
      });
      await flush();
      const chunks = seq;
      return {
        ...facts,
        discard,
        commit: async () => {
          const kept = await em.transactional(async (tx) => {
            const inserted = await (tx as SqlEntityManager).execute(
              'insert into stored_blob (sha256, size_bytes, chunks, created_at) values (?, ?, ?, ?) on conflict (sha256) do nothing',
              [facts.sha256, facts.sizeBytes, chunks, this.instant(new Date())],
              'run',
            );
            if (affected(inserted) === 0) return false;
            await (tx as SqlEntityManager).execute(
              'update stored_blob_chunk set blob_key = ? where blob_key = ?',
              [facts.sha256, key],
              'run',
            );
            return true;
          });
          if (!kept) await discard(); // the same bytes were stored before
        },
      };
    } catch (error) {
      await discard();
      throw error;
    }
  }

  /** SQLite keeps instants as epoch milliseconds (as MikroORM writes them), PostgreSQL as timestamptz */
  private instant(d: Date): Date | number {
    return dialectOf(this.orm.em) === 'postgresql' ? d : d.getTime();
  }

  async has(sha256: string): Promise<boolean> {
    if (!SHA256.test(sha256)) return false;
    const rows = await this.em().execute<{ n: number }[]>('select 1 as n from stored_blob where sha256 = ?', [
      sha256,
    ]);
    return rows.length > 0;
  }

  async read(sha256: string, sizeBytes: number): Promise<Readable | null> {
    if (!SHA256.test(sha256)) return null;
    const em = this.em();
    const rows = await em.execute<{ chunks: number | string }[]>(
      'select chunks from stored_blob where sha256 = ?',
      [sha256],
    );
    if (rows.length === 0) return null;
    const chunks = Number(rows[0].chunks);
    async function* chunksOf(): AsyncGenerator<Buffer> {
      // one chunk in memory at a time, whatever the file's size
      for (let seq = 0; seq < chunks; seq++) {
        const [row] = await em.execute<{ data: Buffer | Uint8Array }[]>(
          'select data from stored_blob_chunk where blob_key = ? and seq = ?',
          [sha256, seq],
        );
        if (!row) throw new Error(`stored file ${sha256} lacks chunk ${seq}`);
        yield Buffer.from(row.data);
      }
    }
    return verified(Readable.from(chunksOf()), sha256, sizeBytes);
  }
}

function affected(result: unknown): number {
  const r = result as { affectedRows?: number; changes?: number; rowCount?: number };
  return r.affectedRows ?? r.changes ?? r.rowCount ?? 0;
}

const stores = new WeakMap<MikroORM, BlobStore>();

/** The instance's store, as configured (one per ORM). */
export function blobStoreOf(services: { orm: MikroORM; config: { storage: StorageConfig } }): BlobStore {
  let store = stores.get(services.orm);
  if (!store) {
    const storage = services.config.storage;
    store = storage.kind === 'directory' ? new DirectoryStore(storage.dir) : new DatabaseStore(services.orm);
    stores.set(services.orm, store);
  }
  return store;
}
