import { registerEnumType } from 'type-graphql';

export enum Role {
  BIDDER = 'BIDDER',
  TRADING_CENTER = 'TRADING_CENTER',
  LAND_BUREAU = 'LAND_BUREAU',
  BANK = 'BANK',
  ORG_ADMIN = 'ORG_ADMIN',
  ORG_DEPARTMENT = 'ORG_DEPARTMENT',
  MEMBER = 'MEMBER',
  ANALYST = 'ANALYST',
}

registerEnumType(Role, {
  name: 'Role',
  description: '角色 — a role a token may carry; it decides what the viewer may see and do',
  valuesConfig: {
    BIDDER: { description: '竞买人 — a bidder acting for itself' },
    TRADING_CENTER: { description: '交易机构 — the public resource trading centre that runs auctions' },
    LAND_BUREAU: { description: '出让方 — the land and planning bureau that sells the use right' },
    BANK: { description: '银行 — the bank that reports deposit arrivals' },
    ORG_ADMIN: {
      description:
        '党组织管理员 — administers the organizations in its scope (its organization and all below)',
    },
    ORG_DEPARTMENT: {
      description:
        '组织部门 — party organization department: scope-wide management, approvals, fee allocation',
    },
    MEMBER: { description: '党员 — a party member acting for itself' },
    ANALYST: { description: '分析员 — aggregate analytics; personal fields masked' },
  },
});

/** Who is asking: from a verified JWT, or anonymous. */
export interface Viewer {
  subject: string | null;
  roles: Role[];
  scopeOrganizationId?: string;
  bidderId?: string;
  memberId?: string;
}

export const ANONYMOUS: Viewer = Object.freeze({ subject: null, roles: [] }) as Viewer;

export const hasRole = (viewer: Viewer, ...roles: Role[]): boolean =>
  roles.some((r) => viewer.roles.includes(r));
