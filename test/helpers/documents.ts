/** Signed uploads for the document suites: a test CA, sample files of each type, and POST /documents. */
import { AUCTION_2024C_5 } from '../../seeds/reference-2024C-5';
import { createHash, sign } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCa, issueCertificate, type IssuedCertificate } from '../../src/land/bidder/demo-ca';
import type { ManualClock } from '../../src/common/clock';
import { DEFAULT_TIMES, Land, type TestBidder } from './land';
import type { TestServer } from './server';

const validity = { notBefore: new Date('2020-01-01T00:00:00Z'), notAfter: new Date('2040-01-01T00:00:00Z') };

/** A CA written to a file the server can trust (TRUSTED_CA_FILE), and certificates it issues. */
export class TestCa {
  readonly ca = createCa({ commonName: '测试 CA', ...validity });
  readonly file: string;
  constructor() {
    const dir = mkdtempSync(join(tmpdir(), 'docs-ca-'));
    this.file = join(dir, 'ca.pem');
    writeFileSync(this.file, this.ca.certificatePem);
  }
  issue(commonName: string): IssuedCertificate {
    return issueCertificate(this.ca, { commonName, ...validity });
  }
}

export const sha256Of = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

/** What a client does: base64 of the SHA-256 signature of the hex digest's UTF-8 bytes with its key. */
export const signDigest = (sha256: string, privateKeyPem: string): string =>
  sign('sha256', Buffer.from(sha256, 'utf8'), privateKeyPem).toString('base64');

/** Small but real files: what the server sniffs. */
export const SAMPLES = {
  pdf: Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n'),
  png: Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    Buffer.from('0000000dIHDR-not-a-real-image'),
  ]),
  jpeg: Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('JFIF-test-bytes')]),
  ofd: Buffer.concat([
    Buffer.from([0x50, 0x4b, 0x03, 0x04]),
    Buffer.alloc(26),
    Buffer.from('OFD.xml<ofd:OFD/>'),
  ]),
  text: Buffer.from('这不是允许的文件类型 plain text'),
};

export interface UploadOptions {
  token?: string;
  auctionId: string;
  bytes: Buffer;
  fileName?: string;
  sha256?: string | null;
  signature?: string | null;
  key?: string;
  contentType?: string;
  /** send the body chunked, without Content-Length */
  chunked?: boolean;
}

export interface UploadResponse {
  status: number;
  body: {
    id?: string;
    fileName?: string;
    contentType?: string;
    sha256?: string;
    sizeBytes?: number;
    errors?: { message: string; extensions?: { code?: string } }[];
  };
}

export async function upload(server: TestServer, o: UploadOptions): Promise<UploadResponse> {
  const sha256 = o.sha256 === undefined ? sha256Of(o.bytes) : o.sha256;
  const headers: Record<string, string> = {
    'content-type': o.contentType ?? 'application/octet-stream',
    'x-file-name': encodeURIComponent(o.fileName ?? '竞买资料.pdf'),
  };
  if (o.token) headers.authorization = `Bearer ${o.token}`;
  if (sha256 !== null) headers['x-content-sha256'] = sha256;
  const signature =
    o.signature === undefined ? (o.key && sha256 ? signDigest(sha256, o.key) : undefined) : o.signature;
  if (signature) headers['x-signature'] = signature;
  const base = server.url.replace(/\/graphql$/, '');
  const body = o.chunked
    ? new ReadableStream({
        start(controller) {
          for (let i = 0; i < o.bytes.length; i += 1000) controller.enqueue(o.bytes.subarray(i, i + 1000));
          controller.close();
        },
      })
    : o.bytes;
  const response = await fetch(`${base}/documents?auctionId=${encodeURIComponent(o.auctionId)}`, {
    method: 'POST',
    headers,
    body,
    ...(o.chunked ? { duplex: 'half' } : {}),
  } as RequestInit);
  return { status: response.status, body: (await response.json()) as UploadResponse['body'] };
}

export function download(
  server: TestServer,
  id: string,
  token?: string,
  headers: Record<string, string> = {},
) {
  const base = server.url.replace(/\/graphql$/, '');
  return fetch(`${base}/documents/${id}`, {
    headers: { ...headers, ...(token ? { authorization: `Bearer ${token}` } : {}) },
  });
}

export interface AwardedAuction {
  auctionId: string;
  code: string;
  winner: TestBidder & { cert: IssuedCertificate; applicationId: string; biddingNumber: string };
  loser: TestBidder & { cert: IssuedCertificate; applicationId: string; biddingNumber: string };
  awardedAt: Date;
}

/**
 * An auction awarded to the first of two certificate-holding bidders: both qualify, only the winner bids, the
 * clock moves past quoteEnd.
 */
export async function awardedAuction(
  server: TestServer,
  ca: TestCa,
  names: [string, string] = ['青海测试置业有限公司', '西宁测试建设集团有限公司'],
): Promise<AwardedAuction> {
  const clock = server.clock as ManualClock;
  const land = new Land(server);
  const start = clock.now();
  const auctionId = await land.auction({
    title: '西宁市城东区2024C-5号地块国有建设用地使用权网上挂牌出让（测试）',
    // the parties of the reference notice, as the seed has them
    seller: { ...AUCTION_2024C_5.seller, contacts: [...AUCTION_2024C_5.seller.contacts] },
    tradingCenter: {
      ...AUCTION_2024C_5.tradingCenter,
      contacts: [...AUCTION_2024C_5.tradingCenter.contacts],
    },
    startingPrice: '754180000.00',
    increment: '12000000.00',
    deposit: '150840000.00',
  });
  const qualified = [];
  for (const name of names) {
    const cert = ca.issue(name);
    const bidder = await land.bidder(name, undefined, {
      certificatePem: cert.certificatePem,
      integrityProfileComplete: true,
    });
    const q = await land.qualify(bidder, auctionId, '150840000.00');
    qualified.push({ ...bidder, cert, ...q });
  }
  clock.set(new Date(start.getTime() + (DEFAULT_TIMES.quoteStart + 60) * 1000));
  await land.placed(qualified[0], auctionId, '766180000.00');
  const awardedAt = new Date(start.getTime() + DEFAULT_TIMES.quoteEnd * 1000);
  clock.set(new Date(awardedAt.getTime() + 60_000));
  const view = await land.view(auctionId);
  if (view.status !== 'AWARDED') throw new Error(`not awarded: ${view.status}`);
  return { auctionId, code: view.code, winner: qualified[0], loser: qualified[1], awardedAt };
}
