/** The demo party data: loaded once however often the server starts, and showing every state of a record. */
import { ManualClock } from '../../src/common/clock';
import { Role } from '../../src/common/viewer';
import { testDatabases } from '../helpers/environment';
import { createTestDatabase, startTestServer } from '../helpers/server';
import { PARTY_EXAMPLE_QUERIES } from '../../src/party/party.examples';
import { MobilityRecordsDocument, OrganizationsDocument, TransfersDocument } from '../operations/generated';

/* eslint-disable @typescript-eslint/no-explicit-any */
describe.each(testDatabases())('the party demo seed on %s', (kind) => {
  it('builds a believable tree with records in every state, once', async () => {
    const db = await createTestDatabase(kind);
    try {
      for (let start = 0; start < 2; start++) {
        const server = await startTestServer({ db, clock: new ManualClock('2025-03-15T09:00:00+08:00') });
        try {
          const analyst = server.token({ roles: [Role.ANALYST] });
          const orgs = await server.data(OrganizationsDocument, { first: 100 }, { token: analyst });
          expect(orgs.organizations.totalCount).toBe(24);
          const byName = new Map(orgs.organizations.edges.map((e) => [e.node.name, e.node]));
          expect(byName.get('中共青海省委员会')).toMatchObject({
            regionCode: '630000',
            level: 'PROVINCE',
            depth: 0,
          });
          expect(byName.get('中共西宁市城东区委员会')).toMatchObject({
            regionCode: '630102',
            level: 'COUNTY',
          });
          expect(byName.get('中共西宁市城中区委员会')).toMatchObject({ regionCode: '630103' });
          expect(byName.get('城东区驻北京流动党员党支部')).toMatchObject({
            isMobilePartyOrganization: true,
            mobileOrgBasis: 'OUTFLOW_BASED',
            regionCode: '110000',
          });

          const records = (
            await server.data(MobilityRecordsDocument, { first: 100 }, { token: analyst })
          ).mobilityRecords.edges.map((e) => e.node);
          expect(records.length).toBeGreaterThanOrEqual(11);
          const has = (predicate: (r: (typeof records)[number]) => boolean) => records.some(predicate);
          expect(has((r) => r.status === 'REGISTERED' && !r.isMobile)).toBe(true);
          expect(has((r) => r.status === 'REGISTERED' && r.isMobile && (r.daysUnreported ?? 0) > 180)).toBe(
            true,
          );
          expect(has((r) => r.status === 'REPORTED' && r.inclusionPath === 'MOBILE_PARTY_ORGANIZATION')).toBe(
            true,
          );
          expect(has((r) => r.status === 'REPORTED' && r.overdueDuties.length === 0)).toBe(true);
          expect(has((r) => r.status === 'ENDED' && r.endReason === 'RETURNED')).toBe(true);
          expect(has((r) => r.status === 'ENDED' && r.endReason === 'TRANSFERRED')).toBe(true);
          expect(has((r) => r.lostContact)).toBe(true);
          expect(has((r) => r.mobileFrom.endsWith('-02-28') || r.mobileFrom.endsWith('-02-29'))).toBe(true);
          expect(records.every((r) => r.member.idNumber!.includes('*'))).toBe(true); // an analyst sees them masked

          const root = byName.get('中共青海省委员会')!.id;
          const transfers = (
            await server.data(TransfersDocument, { organizationId: root }, { token: analyst })
          ).transfers;
          expect(new Set(transfers.map((t) => t.status))).toEqual(
            new Set(['REQUESTED', 'COMPLETED', 'REJECTED']),
          );

          // membership work and who does it: each state shown, personal data masked for the analyst
          const work = await server.data<any>(
            `{ membershipApplicants(first: 100) { edges { node { name status talkOverdue idNumber
                 trainingContacts { name } trainingRecords { kind } holder { name } } } }
               applicantHandovers(first: 100) { edges { node { status } } }
               mobileOrgLeaders(first: 100) { edges { node { role member { name } organization { name } } } }
               mobileMemberSurveys(first: 100) { edges { node { foundCount registeredInSystem } } }
               partyBuildingInstructors(first: 100) { edges { node { name phone organization { name } } } }
               partyWorkerTrainings(first: 100) { edges { node { traineeCount } } } }`,
            {},
            { token: analyst },
          );
          const applicants = work.membershipApplicants.edges.map((e: any) => e.node);
          expect(new Set(applicants.map((a: any) => a.status))).toEqual(
            new Set(['APPLIED', 'ACTIVIST', 'HANDOVER_PENDING']),
          );
          expect(applicants.some((a: any) => a.talkOverdue)).toBe(true);
          expect(applicants.find((a: any) => a.name === '刘洋')).toMatchObject({
            status: 'ACTIVIST',
            trainingContacts: [{ name: '张建国' }, { name: '孙伟' }],
            holder: { name: '城东区驻北京流动党员党支部' },
          });
          expect(applicants.find((a: any) => a.name === '黄磊').holder.name).toBe('南小街社区第一党支部');
          expect(applicants.every((a: any) => a.idNumber.includes('*'))).toBe(true);
          expect(new Set(work.applicantHandovers.edges.map((e: any) => e.node.status))).toEqual(
            new Set(['ACCEPTED', 'PENDING']),
          );
          expect(work.mobileOrgLeaders.edges.map((e: any) => e.node)).toContainEqual({
            role: 'SECRETARY',
            member: { name: '张建国' },
            organization: { name: '城东区驻北京流动党员党支部' },
          });
          expect(work.mobileMemberSurveys.edges[0].node.foundCount).toBe(4);
          expect(work.partyBuildingInstructors.edges[0].node).toMatchObject({
            name: '赵德明',
            phone: '139****0088',
            organization: { name: '东关大街街道党工委' },
          });
          expect(work.partyWorkerTrainings.edges[0].node.traineeCount).toBe(3);

          // every GraphiQL tab of the domain runs as written (with an id pasted in where it asks for one)
          // 工作调度: the 城东区 roll-up has figures, and the department's two work items (one closed, one open)
          const cd = byName.get('中共西宁市城东区委员会')!.id;
          const dispatch = await server.data<{
            committeeRollup: { committee: { name: string }; outflowActive: number; unreported: number }[];
            workItems: { edges: { node: { title: string; status: string } }[] };
          }>(
            `query($scopeId: ID!) { committeeRollup(scopeId: $scopeId) { committee { name } outflowActive unreported }
              workItems(first: 10) { edges { node { title status } } } }`,
            { scopeId: cd },
            { token: analyst },
          );
          const dg = dispatch.committeeRollup.find((r) => r.committee.name === '东关大街街道党工委')!;
          expect(dg.outflowActive).toBeGreaterThan(0);
          expect(dispatch.committeeRollup.some((r) => r.unreported > 0)).toBe(true);
          expect(dispatch.workItems.edges.map((e) => [e.node.title, e.node.status]).sort()).toEqual([
            ['流动党员底数排查', 'CLOSED'],
            ['预备党员按期转正督办', 'ISSUED'],
          ]);

          for (const tab of PARTY_EXAMPLE_QUERIES) {
            const variables = tab.variables ? { ...tab.variables, scopeId: root } : undefined;
            const response = await server.request(tab.query, variables, { token: analyst });
            expect({ tab: tab.title, errors: response.errors }).toEqual({
              tab: tab.title,
              errors: undefined,
            });
          }
        } finally {
          await server.close();
        }
      }
    } finally {
      await db.drop();
    }
  });
});
