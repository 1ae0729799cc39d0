import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';
import { newId } from '../../../common/ids';

/** 证书吊销列表 — the latest CRL the trading centre loaded for one CA (keyed by the CA's name). */
@Entity({ tableName: 'certificate_revocation_list' })
export class CertificateRevocationList {
  @PrimaryKey({ type: 'uuid' })
  id: string = newId();

  /** SHA-256 of the issuer name's DER */
  @Property({ type: 'string', length: 64, unique: true })
  issuerKey!: string;

  @Property({ type: 'string', length: 1000 })
  issuer!: string;

  @Property({ type: 'datetime' })
  thisUpdate!: Date;

  @Property({ type: 'datetime', nullable: true })
  nextUpdate: Date | null = null;

  @Property({ type: 'integer' })
  revokedCount!: number;

  /** the CRL as loaded, base64 DER, for the audit trail */
  @Property({ type: 'text' })
  der!: string;

  @Property({ type: 'datetime' })
  loadedAt!: Date;

  @Property({ type: 'string', length: 200 })
  loadedBy!: string;
}

/** One serial number a loaded CRL revokes. */
@Entity({ tableName: 'revoked_certificate' })
@Index({ properties: ['issuerKey', 'serialNumber'] })
export class RevokedCertificate {
  @PrimaryKey({ type: 'uuid' })
  id: string = newId();

  @Property({ type: 'string', length: 64 })
  issuerKey!: string;

  /** uppercase hex, no sign padding */
  @Property({ type: 'string', length: 128 })
  serialNumber!: string;

  @Property({ type: 'datetime' })
  revokedAt!: Date;
}
