/**
 * GET /.well-known/jwks.json: the public keys that sign bid receipts and auction log heads (src/land/trust/),
 * every key still in RECEIPT_SIGNING_KEY_FILE, so receipts signed before a rotation keep verifying.
 */
import type { Express } from 'express';
import { jwks } from '../../land';

export const JWKS_PATH = '/.well-known/jwks.json';

export function mountJwks(app: Express): void {
  app.get(JWKS_PATH, (_req, res) => {
    res.set('Cache-Control', 'public, max-age=300').set('Access-Control-Allow-Origin', '*').json(jwks());
  });
}
