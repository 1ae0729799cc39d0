import { Entity, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { newId } from '../common/ids';
import { EnumListType } from '../common/orm-types';
import type { Role } from '../common/viewer';

/** A staff member who signs in with a username and password (trading centre, bureau, bank, party staff). */
@Entity({ tableName: 'staff_account' })
export class StaffAccount {
  [OptionalProps]?: 'demo' | 'active' | 'failedAttempts' | 'lockoutVersion';

  @PrimaryKey({ type: 'uuid' })
  id: string = newId();

  /** lower-case; see normalizeUsername */
  @Property({ type: 'string', length: 64, unique: true })
  username!: string;

  /** scrypt$… (src/auth/password.ts); never the password */
  @Property({ type: 'string', length: 255 })
  passwordHash!: string;

  @Property({ type: EnumListType })
  roles!: Role[];

  /** for ORG_ADMIN, ORG_DEPARTMENT and ANALYST: the organization whose subtree they act on */
  @Property({ type: 'string', length: 100, nullable: true })
  scopeOrganizationId?: string | null;

  /** created by the demo seed: refused unless the server runs in demo mode */
  @Property({ type: 'boolean' })
  demo: boolean = false;

  @Property({ type: 'boolean' })
  active: boolean = true;

  /** consecutive failed sign-ins since the last success or lock */
  @Property({ type: 'integer' })
  failedAttempts: number = 0;

  @Property({ type: 'datetime', nullable: true })
  lockedUntil?: Date | null;

  /** bumped by every change of the lock-out state, so concurrent sign-ins cannot lose a failure */
  @Property({ type: 'integer' })
  lockoutVersion: number = 0;

  @Property({ type: 'datetime', nullable: true })
  lastSignInAt?: Date | null;

  @Property({ type: 'datetime' })
  createdAt!: Date;
}

/** The JWT subject of a staff account: stable, and readable in the audit trail. */
export const staffSubject = (account: Pick<StaffAccount, 'username'>): string => `staff:${account.username}`;
