/** Uploaded documents (DOMAIN.md §1.6; issue: signed uploads), pure: what a file is and what a request may say. */
import { badInput, DomainError, ErrorCode } from '../../common/errors';

export const ALLOWED_TYPES = ['application/pdf', 'image/jpeg', 'image/png', 'application/ofd'] as const;
export type AllowedType = (typeof ALLOWED_TYPES)[number];

const startsWith = (head: Buffer, bytes: number[]) => bytes.every((b, i) => head[i] === b);

/**
 * The type read from the bytes, never from the client: PDF (%PDF-), JPEG (FF D8 FF), PNG (its 8-byte
 * signature), OFD (a ZIP whose head names OFD.xml, as GB/T 33190 packages start). null for anything else.
 */
export function sniffType(head: Buffer): AllowedType | null {
  if (head.subarray(0, 1024).includes('%PDF-')) return 'application/pdf';
  if (startsWith(head, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04]) && head.includes('OFD.xml')) return 'application/ofd';
  return null;
}

/** the extension a download gets when its name has none */
export const EXTENSION_OF: Record<AllowedType, string> = {
  'application/pdf': '.pdf',
  'image/jpeg': '.jpg',
  'image/png': '.png',
  'application/ofd': '.ofd',
};

/** A file name as given (Chinese kept): 1–255 characters, no path, no control characters. */
export function checkFileName(raw: string | undefined): string {
  const name = (raw ?? '').normalize('NFC').trim();
  // eslint-disable-next-line no-control-regex
  if (!name || name.length > 255 || /[\u0000-\u001f\u007f/\\]/.test(name) || name === '.' || name === '..')
    throw badInput('the file name must be 1 to 255 characters, without a path or control characters', {
      field: 'fileName',
    });
  return name;
}

export function checkDeclaredHash(raw: string | undefined): string {
  if (!raw || !/^[0-9a-fA-F]{64}$/.test(raw))
    throw badInput('declare the file’s SHA-256 as 64 hex digits', { field: 'sha256' });
  return raw.toLowerCase();
}

export const signatureMissing = (): DomainError =>
  new DomainError(
    ErrorCode.DOCUMENT_SIGNATURE_INVALID,
    'sign the file’s SHA-256 (its 64 lowercase hex digits as UTF-8) with your certificate’s key and send the base64 signature',
  );

/** What the server found in the bytes, judged against what the client declared; the first refusal wins. */
export function judgeUpload(
  found: { sha256: string; sizeBytes: number; head: Buffer },
  declared: { sha256: string; sizeBytes?: number },
): AllowedType {
  if (found.sizeBytes === 0) throw new DomainError(ErrorCode.DOCUMENT_EMPTY, 'the file is empty');
  const type = sniffType(found.head);
  if (!type)
    throw new DomainError(
      ErrorCode.DOCUMENT_TYPE_NOT_ALLOWED,
      'only PDF, JPEG, PNG and OFD files are taken (judged from the bytes)',
    );
  if (
    found.sha256 !== declared.sha256 ||
    (declared.sizeBytes !== undefined && declared.sizeBytes !== found.sizeBytes)
  )
    throw new DomainError(
      ErrorCode.DOCUMENT_HASH_MISMATCH,
      'the file that arrived does not have the SHA-256 (or size) you declared',
      { sha256: found.sha256, sizeBytes: found.sizeBytes },
    );
  return type;
}
