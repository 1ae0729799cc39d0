/**
 * A small party world for integration tests, built over GraphQL like a client would:
 *
 *   P 青海 (province) → C 西宁 (city) → A 城东区 (county) → A1 街道 (township) → A1a, A1b (branches)
 *                                     → B 城中区 (county) → B1 街道 (township) → B1a (branch)
 *
 * plus tokens for every role, scoped to A or B or unscoped.
 */
import { addDays } from '../../src/common/time';
import { Role } from '../../src/common/viewer';
import { idNumberCheckChar } from '../../src/party/member/member.rules';
import type { TestServer } from './server';
import {
  CreateMemberDocument,
  CreateOrganizationDocument,
  RegisterOutflowDocument,
  ReportToInflowDocument,
  type CreateMemberInput,
  type InclusionPath,
  type RegisterOutflowInput,
} from '../operations/generated';

export interface PartyWorld {
  org: Record<'P' | 'C' | 'A' | 'A1' | 'A1a' | 'A1b' | 'B' | 'B1' | 'B1a', string>;
  tokens: {
    department: string;
    departmentA: string;
    adminA: string;
    adminA1: string;
    adminB: string;
    analyst: string;
    analystA: string;
    analystB: string;
    adminNoScope: string;
    bidder: string;
    tradingCenter: string;
  };
  /** a MEMBER token acting as that member */
  memberToken(memberId: string): string;
}

/** tokens outlive the months the tests move the clock by */
const LONG = 24 * 3600 * 800;

export async function buildPartyWorld(server: TestServer): Promise<PartyWorld> {
  const department = server.token({ roles: [Role.ORG_DEPARTMENT], sub: 'dept' }, LONG);
  const org = {} as PartyWorld['org'];
  const make = async (
    key: keyof PartyWorld['org'],
    name: string,
    type: 'COMMITTEE' | 'WORKING_COMMITTEE' | 'BRANCH',
    level: 'PROVINCE' | 'CITY' | 'COUNTY' | 'TOWNSHIP' | 'VILLAGE',
    regionCode: string,
    parent?: keyof PartyWorld['org'],
  ) => {
    const data = await server.data(
      CreateOrganizationDocument,
      {
        input: {
          name,
          type,
          level,
          regionCode,
          parentId: parent ? org[parent] : null,
          canApproveProbationary: type !== 'BRANCH',
        },
      },
      { token: department },
    );
    org[key] = data.createOrganization.id;
  };
  await make('P', '测试省委', 'COMMITTEE', 'PROVINCE', '630000');
  await make('C', '测试市委', 'COMMITTEE', 'CITY', '630100', 'P');
  await make('A', '城东区委', 'COMMITTEE', 'COUNTY', '630102', 'C');
  await make('A1', '东关大街街道党工委', 'WORKING_COMMITTEE', 'TOWNSHIP', '630102', 'A');
  await make('A1a', '南小街社区党支部', 'BRANCH', 'VILLAGE', '630102', 'A1');
  await make('A1b', '清真巷社区党支部', 'BRANCH', 'VILLAGE', '630102', 'A1');
  await make('B', '城中区委', 'COMMITTEE', 'COUNTY', '630103', 'C');
  await make('B1', '南滩街道党工委', 'WORKING_COMMITTEE', 'TOWNSHIP', '630103', 'B');
  await make('B1a', '建设巷社区党支部', 'BRANCH', 'VILLAGE', '630103', 'B1');
  const scoped = (roles: Role[], scope: string, sub: string) =>
    server.token({ roles, scopeOrganizationId: scope, sub }, LONG);
  return {
    org,
    tokens: {
      department,
      departmentA: scoped([Role.ORG_DEPARTMENT], org.A, 'dept-a'),
      adminA: scoped([Role.ORG_ADMIN], org.A, 'admin-a'),
      adminA1: scoped([Role.ORG_ADMIN], org.A1, 'admin-a1'),
      adminB: scoped([Role.ORG_ADMIN], org.B, 'admin-b'),
      analyst: server.token({ roles: [Role.ANALYST], sub: 'analyst' }, LONG),
      analystA: scoped([Role.ANALYST], org.A, 'analyst-a'),
      analystB: scoped([Role.ANALYST], org.B, 'analyst-b'),
      adminNoScope: server.token({ roles: [Role.ORG_ADMIN], sub: 'admin-none' }, LONG),
      bidder: server.token({ roles: [Role.BIDDER], bidderId: 'b-1', sub: 'bidder' }, LONG),
      tradingCenter: server.token({ roles: [Role.TRADING_CENTER], sub: 'center' }, LONG),
    },
    memberToken: (memberId) =>
      server.token({ roles: [Role.MEMBER], memberId, sub: `member:${memberId}` }, LONG),
  };
}

let sequence = 0;

/** A fictional, valid 身份证号 and a distinct mobile number. */
export function personalData(region = '630102'): { idNumber: string; phone: string } {
  sequence++;
  const birth = addDays('1985-01-01', Math.floor(sequence / 1000)).replace(/-/g, '');
  const first17 = `${region}${birth}${String(sequence % 1000).padStart(3, '0')}`;
  return {
    idNumber: `${first17}${idNumberCheckChar(first17)}`,
    phone: `139${String(10_000_000 + sequence).padStart(8, '0')}`,
  };
}

export async function createMember(
  server: TestServer,
  token: string,
  formalOrganizationId: string,
  overrides: Partial<CreateMemberInput> = {},
) {
  const data = await server.data(
    CreateMemberDocument,
    {
      input: {
        name: `党员${++sequence}`,
        gender: 'MALE',
        birthDate: '1990-01-21',
        status: 'FULL',
        joinedAt: '2015-07-01',
        formalOrganizationId,
        ...personalData(),
        ...overrides,
      },
    },
    { token },
  );
  return data.createMember;
}

export async function registerOutflow(
  server: TestServer,
  token: string,
  memberId: string,
  overrides: Partial<RegisterOutflowInput> = {},
) {
  const data = await server.data(
    RegisterOutflowDocument,
    {
      input: {
        memberId,
        departedOn: '2024-06-01',
        reason: 'WORK',
        // 西宁市: every organization of the test world lies in it (reportToInflow checks the region)
        destinationRegionCode: '630100',
        reportedBeforeLeaving: true,
        ...overrides,
      },
    },
    { token },
  );
  return data.registerOutflow;
}

/** 流入报到: the member (or an organization's staff) reports an outflow record to the inflow organization. */
export async function reportToInflow(
  server: TestServer,
  token: string,
  mobilityRecordId: string,
  inflowOrganizationId: string,
  inclusionPath: InclusionPath = 'COMMUNITY_ORGANIZATION',
) {
  const data = await server.data(
    ReportToInflowDocument,
    { input: { mobilityRecordId, inflowOrganizationId, inclusionPath } },
    { token },
  );
  return data.reportToInflow;
}
