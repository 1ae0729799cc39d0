/**
 * Uploads and downloads of the winner's documents (竞买资料): streamed into the blob store, hashed and sniffed by
 * the server, signed with the bidder's CA certificate key; a refused upload leaves nothing behind.
 */
import type { Readable } from 'node:stream';
import { DomainError, ErrorCode, forbidden, notFound } from '../../common/errors';
import { isUuid } from '../../common/ids';
import type { Context } from '../../common/request/context';
import { ApplicationMember } from '../application/application.entity';
import { Auction } from '../auction/auction.entity';
import * as auctionRules from '../auction/auction.rules';
import { Bidder } from '../bidder/bidder.entity';
import { trustedCas } from '../bidder/bidder.service';
import { verifyCertificateChain } from '../bidder/certificate';
import { verifyRegisteredBidderSignature } from '../bidder/pki/bidder-signature';
import { canReadDocument, canSeeAuction, requireBidder } from '../land.policy';
import { AuctionResult } from '../result/auction-result.entity';
import { UploadedDocument } from './document.entity';
import { blobStoreOf, BlobTooLarge, type StagedBlob } from './document.storage';
import { checkDeclaredHash, checkFileName, judgeUpload, signatureMissing } from './document.rules';

export interface UploadRequest {
  auctionId: string;
  fileName?: string;
  /** hex SHA-256 the client computed */
  sha256?: string;
  /** base64 signature of the hex SHA-256 with the certificate's key */
  signature?: string;
  /** Content-Length, when the client sent one */
  declaredLength?: number;
  body: AsyncIterable<Buffer | string>;
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** Throws unless the viewer's bidder is a member of the winning application and documents are still due. */
async function checkMayUpload(ctx: Context, auctionId: string, bidderId: string): Promise<void> {
  if (!isUuid(auctionId)) throw notFound('auction');
  const em = ctx.em.fork();
  const auction = await em.findOne(Auction, { id: auctionId });
  if (!auction || !canSeeAuction(ctx.viewer, auction)) throw notFound('auction');
  const result = await em.findOne(AuctionResult, { auction: auction.id });
  if (!result) {
    auctionRules.submitDocuments(auction, ctx.clock.now()); // says why: not awarded
    throw new DomainError(ErrorCode.INVALID_TRANSITION, 'the auction has no award');
  }
  const member = await em.count(ApplicationMember, {
    application: result.winnerApplication.id,
    bidder: bidderId,
  });
  if (member === 0) throw forbidden('only the winning application uploads the award documents');
  auctionRules.submitDocuments(auction, ctx.clock.now()); // DOCUMENTS_OVERDUE after documentsDueAt
}

/**
 * POST /documents: the winner's file, streamed. Refusals, each with its code and nothing kept: not the winner
 * (FORBIDDEN), after documentsDueAt (DOCUMENTS_OVERDUE), too large, empty, a type outside PDF/JPEG/PNG/OFD, a
 * SHA-256 other than declared, a missing or wrong signature.
 */
export async function uploadDocument(ctx: Context, request: UploadRequest): Promise<UploadedDocument> {
  const bidderId = requireBidder(ctx.viewer);
  const fileName = checkFileName(request.fileName);
  const declared = checkDeclaredHash(request.sha256);
  await checkMayUpload(ctx, request.auctionId, bidderId);
  const bidder = await ctx.em.fork().findOne(Bidder, { id: bidderId });
  if (!bidder?.certificatePem)
    throw new DomainError(
      ErrorCode.DOCUMENT_SIGNATURE_INVALID,
      'register a CA certificate first: documents are signed with its key',
    );
  const signature = request.signature?.trim() ?? '';
  if (!signature || signature.length > 2048 || !BASE64.test(signature)) throw signatureMissing();
  const maxBytes = ctx.config.maxUploadBytes;
  if (request.declaredLength !== undefined && request.declaredLength > maxBytes) throw tooLarge(maxBytes);

  const store = blobStoreOf(ctx);
  let staged: StagedBlob;
  try {
    staged = await store.stage(request.body, maxBytes);
  } catch (error) {
    if (error instanceof BlobTooLarge) throw tooLarge(maxBytes);
    throw error;
  }
  let committed = false;
  try {
    const contentType = judgeUpload(staged, { sha256: declared, sizeBytes: request.declaredLength });
    const now = ctx.clock.now();
    let fingerprint: string;
    try {
      fingerprint = verifyCertificateChain(
        bidder.certificateChainPem ?? bidder.certificatePem,
        trustedCas(ctx.config),
        now,
      ).fingerprint;
    } catch {
      throw new DomainError(
        ErrorCode.DOCUMENT_SIGNATURE_INVALID,
        'your registered certificate is not valid now (expired, or its CA is no longer trusted)',
      );
    }
    // the same check as a certificate sign-in: chain now, not revoked, SM2 (standard ID) / RSA / ECDSA, DER/raw/CMS
    const check = await verifyRegisteredBidderSignature(ctx, bidder, trustedCas(ctx.config), {
      data: Buffer.from(staged.sha256, 'utf8'),
      signature,
    });
    if (!check.valid) {
      ctx.log?.(`document signature refused for bidder ${bidderId}: ${check.reason}`);
      throw new DomainError(
        ErrorCode.DOCUMENT_SIGNATURE_INVALID,
        'the signature does not verify with your registered certificate',
      );
    }
    // time passed while the bytes arrived: the deadline is judged again before anything is kept
    await checkMayUpload(ctx, request.auctionId, bidderId);
    await staged.commit(); // the bytes are stored before the row that names them
    committed = true;
    const em = ctx.em.fork();
    const document = em.create(UploadedDocument, {
      auction: request.auctionId,
      uploadedBy: bidderId,
      fileName,
      contentType,
      sha256: staged.sha256,
      sizeBytes: staged.sizeBytes,
      signature,
      certificateFingerprint: fingerprint,
      uploadedAt: ctx.clock.now(),
    });
    await em.persistAndFlush(document);
    return document;
  } finally {
    if (!committed) await staged.discard();
  }
}

const tooLarge = (maxBytes: number) =>
  new DomainError(ErrorCode.DOCUMENT_TOO_LARGE, `a document may have at most ${maxBytes} bytes`, {
    maxBytes,
  });

/** An uploaded document and its bytes, for those who may read it; NOT_FOUND for everyone else alike. */
export async function openDocument(
  ctx: Context,
  id: string,
): Promise<{ document: UploadedDocument; body: Readable }> {
  if (!isUuid(id)) throw notFound('document');
  const document = await ctx.em.fork().findOne(UploadedDocument, { id });
  if (!document || !canReadDocument(ctx.viewer, document.uploadedBy.id)) throw notFound('document');
  const body = await blobStoreOf(ctx).read(document.sha256, document.sizeBytes);
  if (!body) throw new Error(`stored file ${document.sha256} of document ${id} is missing`);
  return { document, body };
}

/** Uploaded documents by id (for submitAwardDocuments). */
export async function uploadedDocuments(ctx: Context, ids: string[]): Promise<Map<string, UploadedDocument>> {
  const valid = ids.filter(isUuid);
  const rows = valid.length ? await ctx.em.fork().find(UploadedDocument, { id: { $in: valid } }) : [];
  return new Map(rows.map((d) => [d.id, d]));
}
