/**
 * Files over plain HTTP beside /graphql (why not the GraphQL multipart request convention: see README):
 *
 *   POST /documents?auctionId=…   the raw bytes as the body, streamed into the store; headers
 *                                 X-File-Name (percent-encoded UTF-8), X-Content-SHA256 (hex),
 *                                 X-Signature (base64 signature of the hex SHA-256) → 201 { id, … }
 *   GET  /documents/:id           the file, for the uploader, the trading centre and the seller
 *   GET  /papers/qualification/:applicationId       《网上竞买资格确认书》 (PDF)
 *   GET  /papers/transaction-notice/:auctionId      《成交通知书》 (PDF)
 *   GET  /papers/party-dispatch/:scopeId?month=YYYY-MM  流动党员工作调度月报 (PDF; the committeeRollup's viewers)
 *
 * Same tokens as /graphql, no cookies. CSRF: a body an HTML form can send (form, multipart, text/plain, no
 * Content-Type) is refused, so a browser must preflight, and only a script holding the token can call.
 * Errors are GraphQL-shaped JSON with their ErrorCode and a matching status.
 */
import type { Express, NextFunction, Request, Response } from 'express';
import type { GraphQLFormattedError } from 'graphql';
import { DomainError, ErrorCode } from '../../common/errors';
import type { Context } from '../../common/request/context';
import { formatError } from '../http/errors';
import { openDocument, uploadDocument } from '../../land/document/document.service';
import {
  qualificationConfirmation,
  transactionNotice,
  type PrintedPaper,
} from '../../land/document/paper.service';
import { EXTENSION_OF, type AllowedType } from '../../land/document/document.rules';
import { printMonthReport } from '../../party';

const STATUS: Record<string, number> = {
  [ErrorCode.UNAUTHENTICATED]: 401,
  [ErrorCode.FORBIDDEN]: 403,
  [ErrorCode.NOT_FOUND]: 404,
  [ErrorCode.DOCUMENTS_OVERDUE]: 409,
  [ErrorCode.INVALID_TRANSITION]: 409,
  [ErrorCode.NOT_QUALIFIED]: 409,
  [ErrorCode.DOCUMENT_TOO_LARGE]: 413,
  [ErrorCode.DOCUMENT_TYPE_NOT_ALLOWED]: 415,
  [ErrorCode.DOCUMENT_HASH_MISMATCH]: 422,
  [ErrorCode.DOCUMENT_SIGNATURE_INVALID]: 422,
  [ErrorCode.DOCUMENT_EMPTY]: 422,
  INTERNAL_SERVER_ERROR: 500,
};

/** Content types an HTML form (or a no-cors fetch) can send without a preflight. */
const SIMPLE_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'];

export interface RouteOptions {
  /** the /graphql context factory; throws UNAUTHENTICATED (HTTP 401) for a bad token */
  context: (req: Request) => Context;
  log: (message: string) => void;
}

export function sendError(res: Response, error: unknown, log: (m: string) => void): void {
  const formatted: GraphQLFormattedError = formatError(
    { message: error instanceof Error ? error.message : 'error' },
    error,
    log,
  );
  const code = String(formatted.extensions?.code ?? 'INTERNAL_SERVER_ERROR');
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res
    .status(STATUS[code] ?? 400)
    .set('cache-control', 'no-store')
    .json({ errors: [formatted] });
}

/** `attachment` with the original name: an ASCII fallback and the UTF-8 name (RFC 6266 / 8187). */
export function contentDisposition(fileName: string, type: string): string {
  const extension = EXTENSION_OF[type as AllowedType] ?? '';
  const name = /\.[A-Za-z0-9]{1,5}$/.test(fileName) ? fileName : `${fileName}${extension}`;
  const fallback = name.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  const encoded = encodeURIComponent(name).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

function header(req: Request, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

export function mountDocumentRoutes(app: Express, options: RouteOptions): void {
  const { context, log } = options;

  app.post('/documents', async (req: Request, res: Response) => {
    const refuse = (error: unknown) => {
      // the rest of a refused body is not read: the connection closes after the answer
      res.set('connection', 'close');
      sendError(res, error, log);
    };
    try {
      const type = (header(req, 'content-type') ?? '').split(';')[0].trim().toLowerCase();
      if (!type || SIMPLE_TYPES.includes(type))
        throw new DomainError(
          ErrorCode.BAD_USER_INPUT,
          'send the file as the raw body with its own Content-Type (e.g. application/pdf or application/octet-stream); form encodings are refused (CSRF)',
        );
      const ctx = context(req);
      let fileName: string | undefined;
      try {
        fileName = decodeURIComponent(header(req, 'x-file-name') ?? '');
      } catch {
        throw new DomainError(ErrorCode.BAD_USER_INPUT, 'X-File-Name must be percent-encoded UTF-8');
      }
      const length = header(req, 'content-length');
      const document = await uploadDocument(ctx, {
        auctionId: String(req.query.auctionId ?? ''),
        fileName,
        sha256: header(req, 'x-content-sha256'),
        signature: header(req, 'x-signature'),
        declaredLength: length !== undefined && /^\d+$/.test(length) ? Number(length) : undefined,
        body: req,
      });
      res.status(201).set('cache-control', 'no-store').json({
        id: document.id,
        fileName: document.fileName,
        contentType: document.contentType,
        sha256: document.sha256,
        sizeBytes: document.sizeBytes,
        uploadedAt: document.uploadedAt.toISOString(),
      });
    } catch (error) {
      refuse(error);
    }
  });

  app.get('/documents/:id', async (req: Request, res: Response, next: NextFunction) => {
    try {
      const ctx = context(req);
      const { document, body } = await openDocument(ctx, String(req.params.id));
      const etag = `"${document.sha256}"`;
      res.set({
        'content-type': document.contentType,
        'content-disposition': contentDisposition(document.fileName, document.contentType),
        etag,
        'cache-control': 'private, no-cache',
        'x-content-type-options': 'nosniff',
      });
      if (header(req, 'if-none-match') === etag) {
        body.destroy();
        res.status(304).end();
        return;
      }
      res.set('content-length', String(document.sizeBytes));
      body.on('error', (error) => {
        log(`download of document ${document.id} failed: ${error.message}`);
        res.destroy(error);
      });
      body.pipe(res);
    } catch (error) {
      if (!(error instanceof DomainError) && !(error instanceof Error)) return next(error);
      sendError(res, error, log);
    }
  });

  const paper =
    (print: (ctx: Context, id: string) => Promise<Pick<PrintedPaper, 'fileName' | 'pdf'>>) =>
    async (req: Request, res: Response): Promise<void> => {
      try {
        const printed = await print(context(req), String(req.params.id));
        res.set({
          'content-type': 'application/pdf',
          'content-disposition': contentDisposition(printed.fileName, 'application/pdf').replace(
            /^attachment/,
            'inline',
          ),
          'cache-control': 'private, no-store',
          'x-content-type-options': 'nosniff',
        });
        res.status(200).send(printed.pdf);
      } catch (error) {
        sendError(res, error, log);
      }
    };
  app.get('/papers/qualification/:id', paper(qualificationConfirmation));
  app.get('/papers/transaction-notice/:id', paper(transactionNotice));
  app.get('/papers/party-dispatch/:id', async (req: Request, res: Response) =>
    paper((ctx, id) => printMonthReport(ctx, id, String(req.query.month ?? '')))(req, res),
  );
}
