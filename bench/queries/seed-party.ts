/**
 * Bulk party data for bench/queries: `members` more members spread over the branches of the demo tree's first
 * root organization, every third with an active (registered, not yet reported) mobility record. Written straight
 * through the ORM (inserts, no services). Returns the root organization the party query pages.
 */
import type { EntityManager } from '@mikro-orm/core';
import { newId } from '../../src/common/ids';
import { addMonths, startOfShanghaiDay } from '../../src/common/time';
import { PartyMember } from '../../src/party/member/member.entity';
import { Gender, MemberStatus } from '../../src/party/member/member.types';
import { MobilityRecord } from '../../src/party/mobility/mobility.entity';
import { MobilityReason, MobilityStatus } from '../../src/party/mobility/mobility.types';
import { PartyOrganization } from '../../src/party/organization/organization.entity';
import { OrganizationType } from '../../src/party/organization/organization.types';

type Row = Record<string, unknown>;

export async function seedBulkParty(em: EntityManager, members: number): Promise<{ root: string }> {
  const root = await em.findOneOrFail(PartyOrganization, { parent: null }, { orderBy: { path: 'asc' } });
  const branches = await em.find(
    PartyOrganization,
    { path: { $like: `${root.path}%` }, type: OrganizationType.BRANCH },
    { orderBy: { path: 'asc' } },
  );
  if (!branches.length) throw new Error('the demo tree has no branch under its first root');
  const created = startOfShanghaiDay('2024-01-02');
  const rows: Row[] = [];
  const records: Row[] = [];
  for (let i = 0; i < members; i++) {
    const branch = branches[i % branches.length];
    const id = newId();
    rows.push({
      id,
      name: `压测党员${String(i).padStart(5, '0')}`,
      gender: i % 2 ? Gender.FEMALE : Gender.MALE,
      birthDate: '1990-05-01',
      status: MemberStatus.FULL,
      joinedAt: '2015-07-01',
      formalOrganization: branch.id,
      formalPath: branch.path,
      idNumber: null,
      phone: `138${String(10_000_000 + i).padStart(8, '0')}`,
      createdAt: created,
    });
    if (i % 3 === 0) {
      const departedOn = `2024-0${1 + (i % 6)}-${String(1 + (i % 28)).padStart(2, '0')}`;
      const registeredAt = startOfShanghaiDay(departedOn);
      records.push({
        id: newId(),
        member: id,
        activeKey: id,
        outflowOrganization: branch.id,
        outflowPath: branch.path,
        inflowOrganization: null,
        inflowPath: null,
        reason: MobilityReason.WORK,
        departedOn,
        destinationRegionCode: '440300',
        reportedBeforeLeaving: true,
        registeredAt,
        registeredOn: departedOn,
        outflowContactName: '流出联系人',
        outflowContactPhone: '13900000001',
        outflowContactAssignedAt: registeredAt,
        outflowContactSince: departedOn,
        status: MobilityStatus.REGISTERED,
        mobileFrom: addMonths(departedOn, 6),
        lastContactAt: registeredAt,
        lastContactOn: departedOn,
        lastMetOutflow1: departedOn,
      });
    }
  }
  for (let i = 0; i < rows.length; i += 500)
    await em.insertMany(PartyMember, rows.slice(i, i + 500) as never[]);
  for (let i = 0; i < records.length; i += 500)
    await em.insertMany(MobilityRecord, records.slice(i, i + 500) as never[]);
  return { root: root.id };
}
