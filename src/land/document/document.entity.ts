import { Entity, Index, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { newId } from '../../common/ids';
import { Auction } from '../auction/auction.entity';
import { Bidder } from '../bidder/bidder.entity';

/**
 * 上传文件 — a file a bidder uploaded and signed with its CA certificate's key. The bytes live in the blob store
 * under their SHA-256 (written before this row commits); submitAwardDocuments names the row by its id.
 */
@Entity({ tableName: 'uploaded_document' })
export class UploadedDocument {
  @PrimaryKey({ type: 'uuid' })
  id: string = newId();

  @ManyToOne(() => Auction)
  auction!: Auction;

  @ManyToOne(() => Bidder)
  uploadedBy!: Bidder;

  /** the original name (Chinese kept), as the client sent it */
  @Property({ type: 'string', length: 255 })
  fileName!: string;

  /** sniffed from the bytes, never taken from the client */
  @Property({ type: 'string', length: 64 })
  contentType!: string;

  @Property({ type: 'string', length: 64 })
  @Index()
  sha256!: string;

  @Property({ type: 'integer' })
  sizeBytes!: number;

  /** base64 signature of the hex SHA-256 (UTF-8 bytes) with the bidder's certificate key, SHA-256 */
  @Property({ type: 'text' })
  signature!: string;

  /** SHA-256 fingerprint of the certificate that the signature verified against */
  @Property({ type: 'string', length: 64 })
  certificateFingerprint!: string;

  @Property({ type: 'datetime' })
  uploadedAt!: Date;
}

/** A stored file's content in the database store, once per content (content-addressed). */
@Entity({ tableName: 'stored_blob' })
export class StoredBlob {
  @PrimaryKey({ type: 'string', length: 64 })
  sha256!: string;

  @Property({ type: 'bigint' })
  sizeBytes!: string;

  @Property({ type: 'integer' })
  chunks!: number;

  @Property({ type: 'datetime' })
  createdAt!: Date;
}

/**
 * One chunk of a blob in the database store. While an upload streams in, its chunks are kept under a staging
 * key; they move to the content's SHA-256 when the upload is accepted, or are deleted when it is refused.
 */
@Entity({ tableName: 'stored_blob_chunk' })
export class StoredBlobChunk {
  @PrimaryKey({ type: 'string', length: 80 })
  blobKey!: string;

  @PrimaryKey({ type: 'integer' })
  seq!: number;

  @Property({ type: 'blob' })
  data!: Buffer;

  @Property({ type: 'datetime' })
  createdAt!: Date;
}

/**
 * 验证码 — the code printed on a paper (《网上竞买资格确认书》 of an application, 《成交通知书》 of an auction's
 * result), issued the first time the paper is printed; verifyNotice(code) finds it.
 */
@Entity({ tableName: 'paper_verification' })
@Unique({ properties: ['kind', 'subjectId'] })
export class PaperVerification {
  @PrimaryKey({ type: 'string', length: 32 })
  code!: string;

  @Property({ type: 'string', length: 32 })
  kind!: string;

  /** the application (QUALIFICATION_CONFIRMATION) or the auction (TRANSACTION_NOTICE) */
  @Property({ type: 'uuid' })
  subjectId!: string;

  @Property({ type: 'datetime' })
  issuedAt!: Date;
}
