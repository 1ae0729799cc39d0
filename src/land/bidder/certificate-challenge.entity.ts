import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * A nonce handed out by certificateChallenge. Single use across instances: signing in marks it used with one
 * conditional UPDATE (… WHERE nonce = ? AND used_at IS NULL AND expires_at > now) and counts the rows it changed.
 */
@Entity({ tableName: 'certificate_challenge' })
export class CertificateChallengeNonce {
  /** 32 random bytes, base64url (43 characters) */
  @PrimaryKey({ type: 'string', length: 64 })
  nonce!: string;

  @Index()
  @Property({ type: 'datetime' })
  expiresAt!: Date;

  @Property({ type: 'datetime', nullable: true })
  usedAt: Date | null = null;

  @Property({ type: 'datetime' })
  createdAt!: Date;
}
