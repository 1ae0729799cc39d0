import { Entity, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import { newId } from '../../common/ids';
import { Node } from '../../common/node';
import { BidderKind } from './bidder.types';

/** 竞买人 — registered by the trading centre, with its CA certificate for online work. */
@Entity({ tableName: 'bidder' })
@ObjectType('Bidder', { implements: Node, description: '竞买人 — a registered bidder' })
export class Bidder implements Node {
  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID, { description: 'random UUID; also the global id for node(id)' })
  id: string = newId();

  @Property({ type: 'string', length: 32 })
  @Field(() => BidderKind, { description: '竞买人类别 — kind of bidder' })
  kind!: BidderKind;

  @Property({ type: 'string', length: 200 })
  @Field({ description: 'name of the person or organization' })
  name!: string;

  @Property({ type: 'boolean' })
  @Field({ description: '境内 (true) or 境外 (false)' })
  domestic!: boolean;

  /** 身份证号 / 统一社会信用代码 (exposed masked, by land.policy.ts) */
  @Property({ type: 'string', length: 64, unique: true })
  registrationNumber!: string;

  @Property({ type: 'text', nullable: true })
  certificatePem: string | null = null;

  /** SHA-256 of the DER, lowercase hex without colons */
  @Property({ type: 'string', length: 64, nullable: true, unique: true })
  certificateFingerprint: string | null = null;

  @Property({ type: 'string', length: 1000, nullable: true })
  certificateSubject: string | null = null;

  @Property({ type: 'string', length: 1000, nullable: true })
  certificateIssuer: string | null = null;

  @Property({ type: 'string', length: 128, nullable: true })
  certificateSerialNumber: string | null = null;

  @Property({ type: 'datetime', nullable: true })
  certificateValidFrom: Date | null = null;

  @Property({ type: 'datetime', nullable: true })
  certificateValidTo: Date | null = null;

  /** the path the certificate was verified along at registration (leaf first, PEM), for the audit trail */
  @Property({ type: 'text', nullable: true })
  certificateChainPem: string | null = null;

  /** set when a CRL loaded later revokes the certificate or a CA above it: its tokens are refused from then on */
  @Property({ type: 'datetime', nullable: true })
  certificateRevokedAt: Date | null = null;

  @Property({ type: 'boolean' })
  @Field({ description: '诚信库信息已完善 — the bidder’s integrity profile is complete' })
  integrityProfileComplete: boolean = false;

  /** 基本户 — the account deposits must come from (DOMAIN.md §1.3): bank, account name, account number */
  @Property({ type: 'string', length: 200, nullable: true })
  basicAccountBank: string | null = null;

  @Property({ type: 'string', length: 200, nullable: true })
  basicAccountName: string | null = null;

  /** digits only (spaces and dashes dropped) */
  @Property({ type: 'string', length: 64, nullable: true })
  basicAccountNumber: string | null = null;

  /** 诚信库 — the integrity record the bidder completes itself: legal representative, contact, address */
  @Property({ type: 'string', length: 100, nullable: true })
  legalRepresentative: string | null = null;

  @Property({ type: 'string', length: 100, nullable: true })
  contactName: string | null = null;

  @Property({ type: 'string', length: 32, nullable: true })
  contactPhone: string | null = null;

  @Property({ type: 'string', length: 500, nullable: true })
  address: string | null = null;

  @Property({ type: 'datetime', nullable: true })
  integrityProfileCompletedAt: Date | null = null;

  @Property({ type: 'datetime' })
  createdAt!: Date;
}
