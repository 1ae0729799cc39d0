/**
 * The winner's documents as files (DOMAIN.md §1.6): streamed uploads hashed, sniffed and signature-checked by
 * the server, kept content-addressed in the configured store (a directory with SQLite, chunks in the database
 * with PostgreSQL), submitted by id, and downloaded only by the uploader, the trading centre and the seller.
 * Every refusal has its code and leaves nothing behind.
 */
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SqlEntityManager } from '@mikro-orm/knex';
import { ManualClock } from '../../../src/common/clock';
import { Role } from '../../../src/common/viewer';
import type { StorageConfig } from '../../../src/config';
import { describeIf, testDatabases, testPostgresUrl } from '../../helpers/environment';
import {
  awardedAuction,
  download,
  SAMPLES,
  sha256Of,
  signDigest,
  TestCa,
  upload,
  type AwardedAuction,
} from '../../helpers/documents';
import { Land } from '../../helpers/land';
import {
  codes,
  createTestDatabase,
  startTestServer,
  type TestDatabase,
  type TestServer,
} from '../../helpers/server';
import { SubmitDocumentsDocument } from '../../operations/generated';

const MAX_UPLOAD = 64 * 1024;

/** every file under a directory, recursively */
function filesUnder(dir: string): string[] {
  let found: string[] = [];
  try {
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry);
      found = statSync(path).isDirectory() ? [...found, ...filesUnder(path)] : [...found, path];
    }
  } catch {
    // not created yet
  }
  return found;
}

describe.each(testDatabases())('uploaded documents on %s', (db) => {
  const ca = new TestCa();
  let server: TestServer;
  let land: Land;
  let storageDir: string;
  let storage: StorageConfig;
  let awarded: AwardedAuction;

  const count = async (table: string): Promise<number> => {
    const em = server.app.orm.em.fork() as SqlEntityManager;
    const [row] = await em.execute<{ n: number | string }[]>(`select count(*) as n from ${table}`);
    return Number(row.n);
  };
  /** what the store holds: files under the directory, or chunk rows in the database */
  const stored = async (): Promise<number> =>
    storage.kind === 'directory' ? filesUnder(storageDir).length : count('stored_blob_chunk');

  beforeAll(async () => {
    storageDir = mkdtempSync(join(tmpdir(), 'docs-store-'));
    storage = db === 'sqlite' ? { kind: 'directory', dir: storageDir } : { kind: 'database' };
    server = await startTestServer({
      db,
      clock: new ManualClock('2025-03-01T09:00:00+08:00'),
      config: { trustedCaFile: ca.file, storage, maxUploadBytes: MAX_UPLOAD },
    });
    land = new Land(server);
    awarded = await awardedAuction(server, ca);
  });
  afterAll(async () => {
    await server?.close();
    rmSync(storageDir, { recursive: true, force: true });
  });

  const winnerUpload = (bytes: Buffer, extra: Partial<Parameters<typeof upload>[1]> = {}) =>
    upload(server, {
      token: awarded.winner.token,
      auctionId: awarded.auctionId,
      bytes,
      key: awarded.winner.cert.privateKeyPem,
      ...extra,
    });

  const refusedWith = async (response: Awaited<ReturnType<typeof upload>>, code: string) => {
    expect(response.body.errors?.[0]?.extensions?.code).toBe(code);
    expect(response.body.id).toBeUndefined();
    expect(await count('uploaded_document')).toBe(0);
    expect(await stored()).toBe(0);
  };

  describe('refusals, each with its code and nothing kept', () => {
    it('refuses a file larger than MAX_UPLOAD_BYTES, declared or streamed', async () => {
      const big = Buffer.concat([SAMPLES.pdf, Buffer.alloc(MAX_UPLOAD)]);
      const declared = await winnerUpload(big);
      expect(declared.status).toBe(413);
      await refusedWith(declared, 'DOCUMENT_TOO_LARGE');
      const streamed = await winnerUpload(big, { chunked: true });
      expect(streamed.status).toBe(413);
      await refusedWith(streamed, 'DOCUMENT_TOO_LARGE');
    });

    it('refuses a type outside PDF, JPEG, PNG and OFD, judged from the bytes', async () => {
      const response = await winnerUpload(SAMPLES.text, {
        contentType: 'application/pdf',
        fileName: '说明.pdf',
      });
      expect(response.status).toBe(415);
      await refusedWith(response, 'DOCUMENT_TYPE_NOT_ALLOWED');
    });

    it('refuses an empty file', async () => {
      await refusedWith(await winnerUpload(Buffer.alloc(0)), 'DOCUMENT_EMPTY');
    });

    it('refuses a file whose SHA-256 differs from the declared one', async () => {
      const other = sha256Of(Buffer.from('something else'));
      await refusedWith(await winnerUpload(SAMPLES.pdf, { sha256: other }), 'DOCUMENT_HASH_MISMATCH');
    });

    it('refuses a missing, malformed or wrong signature', async () => {
      await refusedWith(await winnerUpload(SAMPLES.pdf, { signature: null }), 'DOCUMENT_SIGNATURE_INVALID');
      await refusedWith(await winnerUpload(SAMPLES.pdf, { signature: '%%%' }), 'DOCUMENT_SIGNATURE_INVALID');
      // signed with the loser's key, and a signature of other bytes with the right key
      await refusedWith(
        await winnerUpload(SAMPLES.pdf, { key: awarded.loser.cert.privateKeyPem }),
        'DOCUMENT_SIGNATURE_INVALID',
      );
      await refusedWith(
        await winnerUpload(SAMPLES.pdf, {
          signature: signDigest(sha256Of(SAMPLES.png), awarded.winner.cert.privateKeyPem),
        }),
        'DOCUMENT_SIGNATURE_INVALID',
      );
    });

    it('refuses anyone but the winning application', async () => {
      const loser = await upload(server, {
        token: awarded.loser.token,
        auctionId: awarded.auctionId,
        bytes: SAMPLES.pdf,
        key: awarded.loser.cert.privateKeyPem,
      });
      expect(loser.status).toBe(403);
      await refusedWith(loser, 'FORBIDDEN');
      const anonymous = await upload(server, { auctionId: awarded.auctionId, bytes: SAMPLES.pdf });
      expect(anonymous.status).toBe(401);
      await refusedWith(anonymous, 'UNAUTHENTICATED');
      const center = await upload(server, {
        token: land.center,
        auctionId: awarded.auctionId,
        bytes: SAMPLES.pdf,
      });
      await refusedWith(center, 'FORBIDDEN');
    });

    it('refuses bodies an HTML form could send (CSRF)', async () => {
      for (const contentType of [
        'multipart/form-data; boundary=x',
        'text/plain',
        'application/x-www-form-urlencoded',
      ]) {
        await refusedWith(await winnerUpload(SAMPLES.pdf, { contentType }), 'BAD_USER_INPUT');
      }
    });
  });

  describe('an accepted upload', () => {
    let pdfId: string;

    it('stores a signed PDF once, under its hash, and answers with its id', async () => {
      const response = await winnerUpload(SAMPLES.pdf, { fileName: '竞买资料（盖章）.pdf' });
      expect(response.status).toBe(201);
      expect(response.body).toMatchObject({
        fileName: '竞买资料（盖章）.pdf',
        contentType: 'application/pdf',
        sha256: sha256Of(SAMPLES.pdf),
        sizeBytes: SAMPLES.pdf.length,
      });
      pdfId = response.body.id!;
      const before = await stored();
      expect(before).toBe(1);
      const again = await winnerUpload(SAMPLES.pdf, { fileName: '副本.pdf' });
      expect(again.status).toBe(201);
      expect(again.body.id).not.toBe(pdfId);
      expect(await stored()).toBe(before); // the same bytes are stored once
      expect(await count('uploaded_document')).toBe(2);
    });

    it('sniffs PNG, JPEG and OFD from the bytes', async () => {
      for (const [bytes, type, name] of [
        [SAMPLES.png, 'image/png', '营业执照.png'],
        [SAMPLES.jpeg, 'image/jpeg', '身份证.jpg'],
        [SAMPLES.ofd, 'application/ofd', '联合竞买协议.ofd'],
      ] as const) {
        const response = await winnerUpload(bytes, { fileName: name, chunked: true });
        expect(response.status).toBe(201);
        expect(response.body.contentType).toBe(type);
      }
    });

    it('serves the file to the uploader, the trading centre and the seller, with its name, type and hash', async () => {
      for (const token of [awarded.winner.token, land.center, land.bureau]) {
        const response = await download(server, pdfId, token);
        expect(response.status).toBe(200);
        expect(response.headers.get('content-type')).toBe('application/pdf');
        expect(response.headers.get('etag')).toBe(`"${sha256Of(SAMPLES.pdf)}"`);
        expect(response.headers.get('content-disposition')).toBe(
          `attachment; filename="________.pdf"; filename*=UTF-8''${encodeURIComponent('竞买资料（盖章）.pdf')}`,
        );
        expect(Buffer.from(await response.arrayBuffer()).equals(SAMPLES.pdf)).toBe(true);
      }
      const cached = await download(server, pdfId, land.center, {
        'if-none-match': `"${sha256Of(SAMPLES.pdf)}"`,
      });
      expect(cached.status).toBe(304);
    });

    it('does not tell anyone else that the file exists', async () => {
      const other = server.token({ roles: [Role.BIDDER], bidderId: awarded.loser.id });
      const missing = await download(server, '00000000-0000-4000-8000-000000000000', other);
      const missingBody = await missing.json();
      for (const token of [other, undefined, server.token({ roles: [Role.BANK] })]) {
        const response = await download(server, pdfId, token);
        expect(response.status).toBe(404);
        expect(await response.json()).toEqual(missingBody);
      }
    });

    it('takes the upload by id in submitAwardDocuments, refusing a declared hash that differs', async () => {
      const doc = {
        kind: 'BIDDING_DOCUMENTS' as const,
        fileName: '竞买资料（盖章）.pdf',
        sha256: sha256Of(SAMPLES.pdf),
        sizeBytes: SAMPLES.pdf.length,
      };
      const submit = (documents: unknown[], token = awarded.winner.token) =>
        server.request(SubmitDocumentsDocument, { auctionId: awarded.auctionId, documents } as never, {
          token,
        });
      expect(codes(await submit([doc]))).toEqual(['BAD_USER_INPUT']);
      expect(codes(await submit([{ ...doc, documentId: pdfId, sha256: sha256Of(SAMPLES.png) }]))).toEqual([
        'DOCUMENT_HASH_MISMATCH',
      ]);
      const submitted = await submit([{ ...doc, documentId: pdfId }]);
      expect(submitted.errors).toBeUndefined();
      const view = await server.data<{ auction: { status: string; result: { documents: unknown[] } } }>(
        `query($id: ID!) { auction(id: $id) { status result { documents { documentId contentType sha256 } } } }`,
        { id: awarded.auctionId },
        { token: land.bureau },
      );
      expect(view.auction.status).toBe('DOCUMENTS_SUBMITTED');
      expect(view.auction.result.documents).toEqual([
        { documentId: pdfId, contentType: 'application/pdf', sha256: sha256Of(SAMPLES.pdf) },
      ]);
      const anonymous = await server.data<{ auction: { result: { documents: unknown[] } } }>(
        `query($id: ID!) { auction(id: $id) { result { documents { sha256 } } } }`,
        { id: awarded.auctionId },
      );
      expect(anonymous.auction.result.documents).toEqual([]);
    });

    it('verifies on read: damaged bytes are never served whole', async () => {
      const sha = sha256Of(SAMPLES.jpeg);
      const jpeg = await winnerUpload(SAMPLES.jpeg, { fileName: '再传.jpg' });
      const damaged = Buffer.from(SAMPLES.jpeg);
      damaged[damaged.length - 1] ^= 0xff;
      if (storage.kind === 'directory') writeFileSync(join(storageDir, sha.slice(0, 2), sha), damaged);
      else
        await (server.app.orm.em.fork() as SqlEntityManager).execute(
          'update stored_blob_chunk set data = ? where blob_key = ?',
          [damaged, sha],
        );
      // the last chunk is held until the hash is known: the reader gets an error, never the damaged file
      const outcome = await download(server, jpeg.body.id!, land.center).then(
        (response) => response.arrayBuffer(),
        (error: Error) => error,
      );
      expect(Object.prototype.toString.call(outcome)).toBe('[object Error]'); // fetch's own realm
    });
  });

  it('refuses uploads after documentsDueAt', async () => {
    const late = await awardedAuction(server, ca, ['迟到测试甲公司', '迟到测试乙公司']);
    const clock = server.clock as ManualClock;
    const before = await count('uploaded_document');
    const storedBefore = await stored();
    clock.set(new Date(late.awardedAt.getTime() + 8 * 24 * 3600 * 1000));
    const response = await upload(server, {
      token: late.winner.token,
      auctionId: late.auctionId,
      bytes: Buffer.concat([SAMPLES.pdf, Buffer.from('late')]),
      key: late.winner.cert.privateKeyPem,
    });
    expect(response.status).toBe(409);
    expect(response.body.errors?.[0]?.extensions?.code).toBe('DOCUMENTS_OVERDUE');
    expect(await count('uploaded_document')).toBe(before);
    expect(await stored()).toBe(storedBefore);
  });
});

describeIf(!!testPostgresUrl(), 'TEST_DATABASE_URL not set')('documents across instances', () => {
  const ca = new TestCa();
  let database: TestDatabase;
  let first: TestServer;
  let second: TestServer;

  beforeAll(async () => {
    database = await createTestDatabase('postgresql');
    const clock = new ManualClock('2025-03-01T09:00:00+08:00');
    const config = { trustedCaFile: ca.file, storage: { kind: 'database' as const } };
    first = await startTestServer({ db: database, clock, config });
    second = await startTestServer({ db: database, clock, config, seed: false });
  });
  afterAll(async () => {
    await second?.close();
    await first?.close();
    await database?.drop();
  });

  it('serves from one instance a file uploaded to the other, with no shared disk', async () => {
    const awarded = await awardedAuction(first, ca);
    const bytes = Buffer.concat([SAMPLES.pdf, Buffer.alloc(700 * 1024, 7)]); // three chunks
    const uploaded = await upload(first, {
      token: awarded.winner.token,
      auctionId: awarded.auctionId,
      bytes,
      key: awarded.winner.cert.privateKeyPem,
      chunked: true,
    });
    expect(uploaded.status).toBe(201);
    const response = await download(second, uploaded.body.id!, new Land(second).bureau);
    expect(response.status).toBe(200);
    expect(response.headers.get('etag')).toBe(`"${sha256Of(bytes)}"`);
    expect(Buffer.from(await response.arrayBuffer()).equals(bytes)).toBe(true);
  });
});
