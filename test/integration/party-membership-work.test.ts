/**
 * Membership work at mobile-member organizations and who does the work (issue 16, items 2 and 3), over GraphQL:
 * 入党申请书 received → 入党积极分子 with 培养联系人 and 培养教育考察记录 → 移交 accepted or declined by the receiving
 * branch; 负责人 with their terms; 调查摸底; 党建指导员 sent by a county committee; 党务工作者培训. Every refusal carries
 * its code and changes nothing; personal data is masked as for members.
 *
 * The world: buildPartyWorld plus M, 城东区驻北京流动党员党支部 (a mobile-member branch of county A working in
 * 北京), with an inflow member from B1a reported to it.
 */
import { ManualClock } from '../../src/common/clock';
import { Role } from '../../src/common/viewer';
import { idNumberCheckChar } from '../../src/party/member/member.rules';
import { testDatabases } from '../helpers/environment';
import {
  buildPartyWorld,
  createMember,
  personalData,
  registerOutflow,
  reportToInflow,
  type PartyWorld,
} from '../helpers/party';
import { codes, startTestServer, type GraphQLResponse, type TestServer } from '../helpers/server';

/* eslint-disable @typescript-eslint/no-explicit-any */
const APPLICANT_FIELDS = `id name status idNumber phone birthDate talkedOn talkDueOn talkOverdue activistSince
  activistMethod lastAssessmentOn assessmentDueOn developmentTargetFrom closedOn closeReason
  holder { id } receivingOrganization { id } pendingTo { id } trainingContacts { id }
  trainingRecords { kind heldOn content organization { id } } handovers { id status }`;
const RECEIVE = `mutation($input: ReceiveApplicationInput!) { receiveMembershipApplication(input: $input) { ${APPLICANT_FIELDS} } }`;
const APPLICANT = `query($id: ID!) { membershipApplicant(id: $id) { ${APPLICANT_FIELDS} } }`;
const APPLICANTS = `query($filter: ApplicantFilter) { membershipApplicants(first: 100, filter: $filter) {
  totalCount edges { node { id status } } } }`;
const DESIGNATE = `mutation($input: DesignateActivistInput!) { designateActivist(input: $input) { ${APPLICANT_FIELDS} } }`;
const CONTACTS = `mutation($input: AssignTrainingContactsInput!) { assignTrainingContacts(input: $input) { id trainingContacts { id } } }`;
const TRAIN = `mutation($input: RecordApplicantTrainingInput!) { recordApplicantTraining(input: $input) { id kind heldOn contact { id } } }`;
const HANDOVER = `mutation($input: RequestApplicantHandoverInput!) { requestApplicantHandover(input: $input) {
  id status stage requestedOn reason fromOrganization { id } toOrganization { id } applicant { id status } } }`;
const DECIDE = `mutation($input: DecideApplicantHandoverInput!) { decideApplicantHandover(input: $input) {
  id status decidedOn decisionNote applicant { id status holder { id } activistSince trainingContacts { id } } } }`;
const HANDOVERS = `query($status: HandoverStatus) { applicantHandovers(first: 100, status: $status) {
  edges { node { id status applicant { id idNumber } } } } }`;
const CLOSE = `mutation($input: CloseApplicationInput!) { closeMembershipApplication(input: $input) { id status closedOn closeReason } }`;

const LEADER = `id role termStartsOn termEndsOn endedOn endReason termExpired organization { id } member { id }`;
const APPOINT = `mutation($input: AppointMobileOrgLeaderInput!) { appointMobileOrgLeader(input: $input) { ${LEADER} } }`;
const END_LEADER = `mutation($input: EndMobileOrgLeaderInput!) { endMobileOrgLeaderTerm(input: $input) { ${LEADER} } }`;
const LEADERS = `query($filter: WorkforceFilter) { mobileOrgLeaders(first: 100, filter: $filter) { totalCount edges { node { ${LEADER} } } } }`;
const SURVEY = `mutation($input: RecordMobileMemberSurveyInput!) { recordMobileMemberSurvey(input: $input) {
  id regionCode foundCount reportedCount lostContactCount unregisteredCount registeredInSystem organization { id } } }`;
const SURVEYS = `{ mobileMemberSurveys(first: 100) { totalCount edges { node { id registeredInSystem } } } }`;
const INSTRUCTOR = `id name phone workUnit assignedOn endedOn endNote mobileMembersAtAssignment assigningOrganization { id } organization { id }`;
const ASSIGN = `mutation($input: AssignPartyBuildingInstructorInput!) { assignPartyBuildingInstructor(input: $input) { ${INSTRUCTOR} } }`;
const END_INSTRUCTOR = `mutation($input: EndPartyBuildingInstructorInput!) { endPartyBuildingInstructor(input: $input) { ${INSTRUCTOR} } }`;
const INSTRUCTORS = `query($filter: WorkforceFilter) { partyBuildingInstructors(first: 100, filter: $filter) { totalCount edges { node { ${INSTRUCTOR} } } } }`;
const TRAINING = `mutation($input: RecordPartyWorkerTrainingInput!) { recordPartyWorkerTraining(input: $input) {
  id title focus hours online traineeCount trainees organization { id } } }`;
const TRAININGS = `{ partyWorkerTrainings(first: 100) { totalCount edges { node { id } } } }`;

/** an applicant's identity: a valid 身份证号 and the birth date it encodes */
function person() {
  const { idNumber, phone } = personalData('110105');
  return {
    idNumber,
    phone,
    birthDate: `${idNumber.slice(6, 10)}-${idNumber.slice(10, 12)}-${idNumber.slice(12, 14)}`,
  };
}

describe.each(testDatabases())('membership work and who does it on %s', (db) => {
  let server: TestServer;
  let w: PartyWorld;
  let M: string;
  let adminM: string;
  /** a full member of B1a reported to M (eligible as a training contact and as M's leader) */
  let inflowFull: string;
  /** a probationary member reported to M */
  let inflowProbationary: string;
  const clock = new ManualClock('2024-11-01T10:00:00+08:00');
  const ask = (
    query: string,
    variables: Record<string, unknown>,
    token?: string,
  ): Promise<GraphQLResponse<any>> => server.request<any>(query, variables, token ? { token } : {});
  const data = (query: string, variables: Record<string, unknown>, token: string) =>
    server.data<any>(query, variables, { token });

  beforeAll(async () => {
    server = await startTestServer({ db, seed: false, clock });
    w = await buildPartyWorld(server);
    const m = await data(
      `mutation($input: MobileOrganizationInput!) { establishMobileOrganization(input: $input) { id } }`,
      {
        input: {
          name: '城东区驻北京流动党员党支部',
          type: 'BRANCH',
          regionCode: '110000',
          parentId: w.org.A,
          basis: 'OUTFLOW_BASED',
          approverId: w.org.A,
          approvedAt: '2024-01-10',
        },
      },
      w.tokens.department,
    );
    M = m.establishMobileOrganization.id;
    adminM = server.token(
      { roles: [Role.ORG_ADMIN], scopeOrganizationId: M, sub: 'admin-m' },
      3600 * 24 * 800,
    );
    const reportedToM = async (status: 'FULL' | 'PROBATIONARY') => {
      const member = await createMember(server, w.tokens.department, w.org.B1a, {
        status,
        joinedAt: status === 'FULL' ? '2015-07-01' : '2024-07-01',
      });
      const r = await registerOutflow(server, w.tokens.department, member.id, {
        departedOn: '2024-03-01',
        destinationRegionCode: '110105',
      });
      await reportToInflow(server, w.memberToken(member.id), r.id, M, 'MOBILE_PARTY_ORGANIZATION');
      return member.id;
    };
    inflowFull = await reportedToM('FULL');
    inflowProbationary = await reportedToM('PROBATIONARY');
  });
  afterAll(() => server?.close());
  afterEach(() => clock.set('2024-11-01T10:00:00+08:00'));

  const application = (overrides: Record<string, unknown> = {}) => {
    const p = person();
    return {
      organizationId: M,
      name: '外来务工人员',
      gender: 'MALE',
      birthDate: p.birthDate,
      idNumber: p.idNumber,
      phone: p.phone,
      homeRegionCode: '630102',
      workUnit: '北京某物流公司',
      appliedOn: '2024-10-08',
      receivedOn: '2024-10-10',
      ...overrides,
    };
  };
  const countApplicants = async () =>
    (await data(APPLICANTS, {}, w.tokens.department)).membershipApplicants.totalCount as number;

  describe('入党申请书 → 入党积极分子 → 移交', () => {
    it('receives applications at mobile-member organizations only, from adults, once per person', async () => {
      const before = await countApplicants();
      const member = await createMember(server, w.tokens.department, w.org.A1a);
      const receive = (input: Record<string, unknown>, token = adminM) => ask(RECEIVE, { input }, token);

      expect(codes(await receive(application({ organizationId: w.org.A1a }), w.tokens.adminA))).toEqual([
        'BAD_USER_INPUT',
      ]); // an ordinary branch
      expect(codes(await receive(application({ appliedOn: '2024-10-08', birthDate: '2007-01-01' })))).toEqual(
        ['BAD_USER_INPUT'],
      ); // the birth date disagrees with the idNumber
      expect(codes(await receive(application({ appliedOn: '2024-10-11' })))).toEqual(['BAD_USER_INPUT']); // after receivedOn
      expect(codes(await receive(application({ receivedOn: '2024-11-02' })))).toEqual(['BAD_USER_INPUT']); // future
      expect(codes(await receive(application(), w.tokens.adminB))).toEqual(['FORBIDDEN']);
      expect(codes(await receive(application(), w.tokens.adminA1))).toEqual(['FORBIDDEN']); // M is not under A1
      expect(codes(await receive(application(), w.tokens.analystA))).toEqual(['FORBIDDEN']);
      expect(codes(await receive(application(), w.memberToken(inflowFull)))).toEqual(['FORBIDDEN']);
      expect(codes(await ask(RECEIVE, { input: application() }))).toEqual(['UNAUTHENTICATED']);
      const clear = (
        await data(`query($id: ID!) { member(id: $id) { idNumber } }`, { id: member.id }, w.tokens.department)
      ).member.idNumber;
      expect(
        codes(
          await receive(
            application({
              idNumber: clear,
              birthDate: `${clear.slice(6, 10)}-${clear.slice(10, 12)}-${clear.slice(12, 14)}`,
            }),
          ),
        ),
      ).toEqual(['CONFLICT']); // a party member already
      expect(await countApplicants()).toBe(before);

      const input = application();
      const received = (await data(RECEIVE, { input }, adminM)).receiveMembershipApplication;
      expect(received).toMatchObject({
        status: 'APPLIED',
        idNumber: input.idNumber,
        holder: { id: M },
        receivingOrganization: { id: M },
        talkedOn: null,
        talkDueOn: '2024-11-10',
        talkOverdue: false,
        activistSince: null,
        assessmentDueOn: null,
      });
      expect(
        codes(await receive({ ...application(), idNumber: input.idNumber, birthDate: input.birthDate })),
      ).toEqual(['CONFLICT']); // one live application per person
      expect(await countApplicants()).toBe(before + 1);
    });

    it('rejects an applicant under 18 on the day of the application', async () => {
      // 身份证号 of someone born 2007-03-01: 18 on 2025-03-01
      const first17 = '11010520070301123';
      const idNumber = `${first17}${idNumberCheckChar(first17)}`;
      const input = application({ idNumber, birthDate: '2007-03-01', appliedOn: '2024-10-08' });
      expect(codes(await ask(RECEIVE, { input }, adminM))).toEqual(['BAD_USER_INPUT']);
      clock.set('2025-03-05T10:00:00+08:00');
      const adult = application({
        idNumber,
        birthDate: '2007-03-01',
        appliedOn: '2025-03-01',
        receivedOn: '2025-03-02',
      });
      expect((await data(RECEIVE, { input: adult }, adminM)).receiveMembershipApplication.status).toBe(
        'APPLIED',
      );
    });

    it('talks, makes an activist with one or two full-member contacts, trains and assesses every half year', async () => {
      const input = application();
      const a = (await data(RECEIVE, { input }, adminM)).receiveMembershipApplication;
      const train = (kind: string, heldOn: string, token = adminM, extra: Record<string, unknown> = {}) =>
        ask(
          TRAIN,
          { input: { applicantId: a.id, kind, heldOn, content: '谈话了解入党动机', ...extra } },
          token,
        );

      expect(codes(await train('TRAINING', '2024-10-20'))).toEqual(['INVALID_TRANSITION']); // not yet an activist
      expect(codes(await train('TALK', '2024-10-09'))).toEqual(['BAD_USER_INPUT']); // before receivedOn
      expect(codes(await train('TALK', '2024-10-20', w.tokens.adminB))).toEqual(['FORBIDDEN']);
      clock.set('2024-11-11T10:00:00+08:00');
      expect((await data(APPLICANT, { id: a.id }, adminM)).membershipApplicant.talkOverdue).toBe(true);
      await train('TALK', '2024-11-11');
      expect((await data(APPLICANT, { id: a.id }, adminM)).membershipApplicant).toMatchObject({
        talkedOn: '2024-11-11',
        talkOverdue: false,
      });

      const designate = (contactMemberIds: string[], designatedOn = '2024-11-11', token = adminM) =>
        ask(
          DESIGNATE,
          { input: { applicantId: a.id, designatedOn, method: 'MEMBER_RECOMMENDATION', contactMemberIds } },
          token,
        );
      const outsider = (await createMember(server, w.tokens.department, w.org.A1a)).id;
      expect(codes(await designate([outsider]))).toEqual(['BAD_USER_INPUT']); // not of M
      expect(codes(await designate([inflowProbationary]))).toEqual(['BAD_USER_INPUT']); // not a full member
      expect(codes(await designate([]))).toEqual(['BAD_USER_INPUT']);
      expect(codes(await designate([inflowFull, inflowFull]))).toEqual(['BAD_USER_INPUT']);
      expect(codes(await designate([inflowFull], '2024-11-12'))).toEqual(['BAD_USER_INPUT']); // future
      expect(codes(await designate([inflowFull], '2024-11-11', w.tokens.adminB))).toEqual(['FORBIDDEN']);
      expect((await data(APPLICANT, { id: a.id }, adminM)).membershipApplicant).toMatchObject({
        status: 'APPLIED',
        trainingContacts: [],
      });

      const activist = (await designate([inflowFull])).data.designateActivist;
      expect(activist).toMatchObject({
        status: 'ACTIVIST',
        activistSince: '2024-11-11',
        activistMethod: 'MEMBER_RECOMMENDATION',
        trainingContacts: [{ id: inflowFull }],
        assessmentDueOn: '2025-05-11',
        developmentTargetFrom: '2025-11-11',
      });
      expect(codes(await designate([inflowFull]))).toEqual(['INVALID_TRANSITION']);

      // the contact (a MEMBER) reads the activist, masked; M's administrator in clear; county B not at all
      const seenByContact = (await data(APPLICANT, { id: a.id }, w.memberToken(inflowFull)))
        .membershipApplicant;
      expect(seenByContact.idNumber).toBe(
        `${input.idNumber.slice(0, 4)}**********${input.idNumber.slice(-4)}`,
      );
      expect(seenByContact.phone).toMatch(/^\d{3}\*{4}\d{4}$/);
      expect((await data(APPLICANT, { id: a.id }, w.tokens.analystA)).membershipApplicant.idNumber).toContain(
        '*',
      );
      expect((await data(APPLICANT, { id: a.id }, w.tokens.adminA)).membershipApplicant.idNumber).toBe(
        input.idNumber,
      );
      expect((await data(APPLICANT, { id: a.id }, w.tokens.adminB)).membershipApplicant).toBeNull();
      expect(
        (await data(APPLICANT, { id: a.id }, w.memberToken(inflowProbationary))).membershipApplicant,
      ).toBeNull();

      clock.set('2025-05-10T10:00:00+08:00');
      expect(codes(await train('ASSESSMENT', '2025-05-10', adminM, { contactMemberId: outsider }))).toEqual([
        'BAD_USER_INPUT',
      ]);
      const assessed = (await train('ASSESSMENT', '2025-05-10', adminM, { contactMemberId: inflowFull })).data
        .recordApplicantTraining;
      expect(assessed).toMatchObject({ kind: 'ASSESSMENT', contact: { id: inflowFull } });
      expect((await data(APPLICANT, { id: a.id }, adminM)).membershipApplicant).toMatchObject({
        lastAssessmentOn: '2025-05-10',
        assessmentDueOn: '2025-11-10',
      });
      expect(
        codes(
          await ask(
            CONTACTS,
            { input: { applicantId: a.id, contactMemberIds: [inflowProbationary] } },
            adminM,
          ),
        ),
      ).toEqual(['BAD_USER_INPUT']);
      const kept = (await data(APPLICANT, { id: a.id }, adminM)).membershipApplicant.trainingContacts;
      expect(kept).toEqual([{ id: inflowFull }]);
    });

    it('hands an activist over with its record; only the receiving branch accepts; training time runs on', async () => {
      const a = (await data(RECEIVE, { input: application() }, adminM)).receiveMembershipApplication;
      await data(
        DESIGNATE,
        {
          input: {
            applicantId: a.id,
            designatedOn: '2024-10-20',
            method: 'MASS_ORGANIZATION_RECOMMENDATION',
            contactMemberIds: [inflowFull],
          },
        },
        adminM,
      );
      await data(
        TRAIN,
        {
          input: { applicantId: a.id, kind: 'TRAINING', heldOn: '2024-10-25', content: '入党积极分子培训班' },
        },
        adminM,
      );
      const request = (input: Record<string, unknown>, token = adminM) =>
        ask(HANDOVER, { input: { applicantId: a.id, reason: '返回户籍地城东区工作', ...input } }, token);

      expect(codes(await request({ toOrganizationId: w.org.A1 }))).toEqual(['BAD_USER_INPUT']); // not a branch
      expect(codes(await request({ toOrganizationId: M }))).toEqual(['BAD_USER_INPUT']); // itself
      expect(codes(await request({ toOrganizationId: w.org.A1a, reason: ' ' }))).toEqual(['BAD_USER_INPUT']);
      expect(codes(await request({ toOrganizationId: w.org.A1a }, w.tokens.adminA1))).toEqual(['FORBIDDEN']); // the receiver
      expect((await data(APPLICANT, { id: a.id }, adminM)).membershipApplicant.status).toBe('ACTIVIST');

      const handover = (await request({ toOrganizationId: w.org.A1a })).data.requestApplicantHandover;
      expect(handover).toMatchObject({
        status: 'PENDING',
        stage: 'ACTIVIST',
        requestedOn: '2024-11-01',
        fromOrganization: { id: M },
        toOrganization: { id: w.org.A1a },
        applicant: { id: a.id, status: 'HANDOVER_PENDING' },
      });
      // frozen while in transit; the receiving base committee reads the whole record in clear
      expect(
        codes(
          await ask(
            TRAIN,
            { input: { applicantId: a.id, kind: 'TALK', heldOn: '2024-11-01', content: '谈话' } },
            adminM,
          ),
        ),
      ).toEqual(['INVALID_TRANSITION']);
      expect(codes(await request({ toOrganizationId: w.org.A1b }))).toEqual(['INVALID_TRANSITION']);
      const atReceiver = (await data(APPLICANT, { id: a.id }, w.tokens.adminA1)).membershipApplicant;
      expect(atReceiver.idNumber).not.toContain('*');
      expect(atReceiver.trainingRecords.map((r: any) => r.kind)).toEqual(['TRAINING']);

      const decide = (input: Record<string, unknown>, token = w.tokens.adminA1) =>
        ask(DECIDE, { input: { handoverId: handover.id, ...input } }, token);
      expect(codes(await decide({ accept: true }, adminM))).toEqual(['FORBIDDEN']); // the sender may not accept
      expect(codes(await decide({ accept: true }, w.tokens.adminB))).toEqual(['FORBIDDEN']);
      expect(codes(await decide({ accept: false }))).toEqual(['BAD_USER_INPUT']); // a decline needs a note
      expect(codes(await decide({ accept: true, decidedOn: '2024-10-30' }))).toEqual(['BAD_USER_INPUT']);
      expect((await data(APPLICANT, { id: a.id }, adminM)).membershipApplicant.status).toBe(
        'HANDOVER_PENDING',
      );

      const accepted = (await decide({ accept: true, note: '材料齐全，接续培养' })).data
        .decideApplicantHandover;
      expect(accepted).toMatchObject({
        status: 'ACCEPTED',
        decidedOn: '2024-11-01',
        applicant: {
          status: 'ACTIVIST',
          holder: { id: w.org.A1a },
          activistSince: '2024-10-20',
          trainingContacts: [],
        },
      });
      expect(codes(await decide({ accept: true }))).toEqual(['INVALID_TRANSITION']);
      // the sender no longer holds the root, but sees its handover and the person through it, masked
      expect((await data(APPLICANT, { id: a.id }, adminM)).membershipApplicant).toBeNull();
      const sent = (await data(HANDOVERS, { status: 'ACCEPTED' }, adminM)).applicantHandovers.edges.map(
        (e: any) => e.node,
      );
      expect(sent.find((h: any) => h.id === handover.id).applicant.idNumber).toContain('*');
      const now = (await data(APPLICANT, { id: a.id }, w.tokens.adminA1)).membershipApplicant;
      expect(now.trainingRecords).toEqual([
        { kind: 'TRAINING', heldOn: '2024-10-25', content: '入党积极分子培训班', organization: { id: M } },
      ]);
      expect(now.handovers).toEqual([{ id: handover.id, status: 'ACCEPTED' }]);
      // the receiver names its own contacts, from its own members
      expect(
        codes(
          await ask(
            CONTACTS,
            { input: { applicantId: a.id, contactMemberIds: [inflowFull] } },
            w.tokens.adminA1,
          ),
        ),
      ).toEqual(['BAD_USER_INPUT']);
      const own = (await createMember(server, w.tokens.department, w.org.A1a)).id;
      const renamed = (
        await data(CONTACTS, { input: { applicantId: a.id, contactMemberIds: [own] } }, w.tokens.adminA1)
      ).assignTrainingContacts;
      expect(renamed.trainingContacts).toEqual([{ id: own }]);
    });

    it('a declined handover returns the applicant to the sender; closing needs a reason and frees the person', async () => {
      const input = application();
      const a = (await data(RECEIVE, { input }, adminM)).receiveMembershipApplication;
      const h = (
        await data(
          HANDOVER,
          { input: { applicantId: a.id, toOrganizationId: w.org.B1a, reason: '回原籍' } },
          adminM,
        )
      ).requestApplicantHandover;
      const declined = (
        await data(
          DECIDE,
          { input: { handoverId: h.id, accept: false, note: '本人不在本社区居住' } },
          w.tokens.adminB,
        )
      ).decideApplicantHandover;
      expect(declined).toMatchObject({
        status: 'DECLINED',
        decisionNote: '本人不在本社区居住',
        applicant: { status: 'APPLIED', holder: { id: M } },
      });

      const close = (i: Record<string, unknown>, token = adminM) =>
        ask(
          CLOSE,
          { input: { applicantId: a.id, closedOn: '2024-11-01', reason: '本人撤回申请', ...i } },
          token,
        );
      expect(codes(await close({ reason: '' }))).toEqual(['BAD_USER_INPUT']);
      expect(codes(await close({ closedOn: '2024-10-01' }))).toEqual(['BAD_USER_INPUT']); // before receivedOn
      expect(codes(await close({}, w.tokens.adminB))).toEqual(['FORBIDDEN']);
      expect((await close({})).data.closeMembershipApplication).toMatchObject({
        status: 'CLOSED',
        closedOn: '2024-11-01',
        closeReason: '本人撤回申请',
      });
      expect(codes(await close({}))).toEqual(['INVALID_TRANSITION']);
      const again = (await data(RECEIVE, { input: { ...input, receivedOn: '2024-11-01' } }, adminM))
        .receiveMembershipApplication;
      expect(again.id).not.toBe(a.id);
    });
  });

  describe('负责人, 调查摸底, 党建指导员, 党务工作者培训', () => {
    it('appoints leaders of a mobile-member organization from above, one secretary at a time, with a 3-year term', async () => {
      const appoint = (input: Record<string, unknown>, token = w.tokens.adminA) =>
        ask(
          APPOINT,
          {
            input: {
              organizationId: M,
              memberId: inflowFull,
              role: 'SECRETARY',
              termStartsOn: '2024-10-01',
              ...input,
            },
          },
          token,
        );
      const leaders = async () =>
        (await data(LEADERS, { filter: { withinId: M } }, w.tokens.department)).mobileOrgLeaders.totalCount;
      const before = await leaders();
      expect(codes(await appoint({}, adminM))).toEqual(['FORBIDDEN']); // not the organization itself
      expect(codes(await appoint({}, w.tokens.adminA1))).toEqual(['FORBIDDEN']);
      expect(codes(await appoint({}, w.tokens.adminB))).toEqual(['FORBIDDEN']);
      expect(codes(await appoint({}, w.memberToken(inflowFull)))).toEqual(['FORBIDDEN']);
      expect(codes(await appoint({ organizationId: w.org.A1a }))).toEqual(['BAD_USER_INPUT']); // not mobile
      expect(codes(await appoint({ memberId: inflowProbationary }))).toEqual(['BAD_USER_INPUT']);
      const stranger = (await createMember(server, w.tokens.department, w.org.B1a)).id;
      expect(codes(await appoint({ memberId: stranger }))).toEqual(['BAD_USER_INPUT']); // neither side
      expect(codes(await appoint({ termStartsOn: '2024-11-02' }))).toEqual(['BAD_USER_INPUT']);
      expect(await leaders()).toBe(before);

      // a secretary in office since 2021: the 3-year term of a branch ran out on 2024-10-01 (换届 due)
      const secretary = (await appoint({ termStartsOn: '2021-10-01' })).data.appointMobileOrgLeader;
      expect(secretary).toMatchObject({
        role: 'SECRETARY',
        termEndsOn: '2024-10-01',
        endedOn: null,
        termExpired: true,
      });
      const sent = (await createMember(server, w.tokens.department, w.org.A1a)).id; // sent by the outflow side
      expect(codes(await appoint({ memberId: sent }))).toEqual(['CONFLICT']); // a second secretary
      expect(codes(await appoint({ role: 'DEPUTY_SECRETARY' }))).toEqual(['CONFLICT']); // a second post
      const deputy = (await appoint({ memberId: sent, role: 'DEPUTY_SECRETARY' })).data
        .appointMobileOrgLeader;
      expect(deputy).toMatchObject({ member: { id: sent }, termEndsOn: '2027-10-01', termExpired: false });

      // M's administrator and the leader itself read the posts; county B does not
      expect((await data(LEADERS, { filter: { withinId: M } }, adminM)).mobileOrgLeaders.totalCount).toBe(
        before + 2,
      );
      expect(
        (await data(LEADERS, {}, w.memberToken(inflowFull))).mobileOrgLeaders.edges.map(
          (e: any) => e.node.id,
        ),
      ).toEqual([secretary.id]);
      expect((await data(LEADERS, {}, w.tokens.adminB)).mobileOrgLeaders.totalCount).toBe(0);

      const end = (input: Record<string, unknown>, token = w.tokens.adminA) =>
        ask(
          END_LEADER,
          { input: { leaderId: secretary.id, endedOn: '2024-11-01', reason: 'TERM_ENDED', ...input } },
          token,
        );
      expect(codes(await end({}, adminM))).toEqual(['FORBIDDEN']);
      expect(codes(await end({ endedOn: '2021-09-30' }))).toEqual(['BAD_USER_INPUT']);
      expect(codes(await end({ endedOn: '2024-11-02' }))).toEqual(['BAD_USER_INPUT']);
      expect((await end({})).data.endMobileOrgLeaderTerm).toMatchObject({
        endedOn: '2024-11-01',
        endReason: 'TERM_ENDED',
        termExpired: false,
      });
      expect(codes(await end({}))).toEqual(['INVALID_TRANSITION']);
      expect(
        (
          await data(LEADERS, { filter: { withinId: M, currentOnly: true } }, adminM)
        ).mobileOrgLeaders.edges.map((e: any) => e.node.id),
      ).toEqual([deputy.id]);
      // the seat is free again: the deputy becomes secretary after giving up the deputy post
      await data(
        END_LEADER,
        { input: { leaderId: deputy.id, endedOn: '2024-11-01', reason: 'RESIGNED' } },
        w.tokens.adminA,
      );
      expect(
        (await appoint({ memberId: sent, termStartsOn: '2024-11-01' })).data.appointMobileOrgLeader.role,
      ).toBe('SECRETARY');
    });

    it('records surveys whose figures add up, beside what the platform holds for the area', async () => {
      const survey = (input: Record<string, unknown>, token = adminM) =>
        ask(
          SURVEY,
          {
            input: {
              organizationId: M,
              regionCode: '110000',
              startedOn: '2024-10-01',
              completedOn: '2024-11-01',
              foundCount: 5,
              reportedCount: 3,
              lostContactCount: 1,
              unregisteredCount: 2,
              findings: '在京务工党员主要集中在朝阳、海淀两区',
              ...input,
            },
          },
          token,
        );
      const count = async () => (await data(SURVEYS, {}, w.tokens.department)).mobileMemberSurveys.totalCount;
      const before = await count();
      expect(codes(await survey({ reportedCount: 5 }))).toEqual(['BAD_USER_INPUT']); // 5 + 1 > 5
      expect(codes(await survey({ unregisteredCount: 6 }))).toEqual(['BAD_USER_INPUT']);
      expect(codes(await survey({ foundCount: -1 }))).toEqual(['BAD_USER_INPUT']);
      expect(codes(await survey({ completedOn: '2024-11-02' }))).toEqual(['BAD_USER_INPUT']);
      expect(codes(await survey({ startedOn: '2024-11-02' }))).toEqual(['BAD_USER_INPUT']);
      expect(codes(await survey({ regionCode: '11000' }))).toEqual(['BAD_USER_INPUT']);
      expect(codes(await survey({}, w.tokens.adminB))).toEqual(['FORBIDDEN']);
      expect(codes(await survey({}, w.tokens.analystA))).toEqual(['FORBIDDEN']);
      expect(await count()).toBe(before);
      const recorded = (await survey({})).data.recordMobileMemberSurvey;
      // the two members reported to M, bound for 朝阳区, registered today and mobile since 2024-09-01; a survey
      // completed before they were registered does not count them
      const earlier = (await survey({ completedOn: '2024-10-31' })).data.recordMobileMemberSurvey;
      expect(earlier.registeredInSystem).toBe(0);
      expect(recorded).toMatchObject({ foundCount: 5, registeredInSystem: 2, organization: { id: M } });
      const elsewhere = (await survey({ regionCode: '310000' })).data.recordMobileMemberSurvey;
      expect(elsewhere.registeredInSystem).toBe(0);
      expect((await data(SURVEYS, {}, w.tokens.adminB)).mobileMemberSurveys.totalCount).toBe(0);
    });

    it('sends instructors from a county committee only, to organizations below it; phones masked outside', async () => {
      const assign = (input: Record<string, unknown>, token = w.tokens.departmentA) =>
        ask(
          ASSIGN,
          {
            input: {
              assigningOrganizationId: w.org.A,
              organizationId: w.org.A1,
              name: '王指导',
              phone: '13907710001',
              workUnit: '城东区委组织部组织科科长',
              tasks: '指导街道做好流动党员排查、报到和组织生活',
              assignedOn: '2024-11-01',
              plannedEndOn: '2025-10-14',
              ...input,
            },
          },
          token,
        );
      const count = async () =>
        (await data(INSTRUCTORS, {}, w.tokens.department)).partyBuildingInstructors.totalCount;
      const before = await count();
      expect(codes(await assign({}, w.tokens.adminA))).toEqual(['FORBIDDEN']); // ORG_ADMIN, not the department
      expect(codes(await assign({}, w.tokens.adminA1))).toEqual(['FORBIDDEN']);
      expect(codes(await assign({ assigningOrganizationId: w.org.A1, organizationId: w.org.A1a }))).toEqual([
        'APPROVER_LEVEL_TOO_LOW',
      ]);
      expect(codes(await assign({ organizationId: w.org.B1 }, w.tokens.department))).toEqual([
        'BAD_USER_INPUT',
      ]);
      expect(codes(await assign({ organizationId: w.org.A }))).toEqual(['BAD_USER_INPUT']); // itself
      expect(codes(await assign({ plannedEndOn: '2024-11-01' }))).toEqual(['BAD_USER_INPUT']);
      expect(codes(await assign({ assignedOn: '2024-11-02' }))).toEqual(['BAD_USER_INPUT']);
      expect(codes(await assign({ phone: '12345' }))).toEqual(['BAD_USER_INPUT']);
      expect(codes(await assign({ assigningOrganizationId: w.org.B, organizationId: w.org.B1 }))).toEqual([
        'FORBIDDEN',
      ]);
      expect(await count()).toBe(before);

      // A1's mobile members on the day: one outflow member of A1a, mobile since 2024-07-05
      const outflow = await createMember(server, w.tokens.department, w.org.A1a);
      await registerOutflow(server, w.tokens.department, outflow.id, { departedOn: '2024-01-05' });
      const sent = (await assign({})).data.assignPartyBuildingInstructor;
      expect(sent).toMatchObject({
        phone: '13907710001',
        mobileMembersAtAssignment: 1,
        organization: { id: w.org.A1 },
      });
      const seen = async (token: string) =>
        (await data(INSTRUCTORS, {}, token)).partyBuildingInstructors.edges.find(
          (e: any) => e.node.id === sent.id,
        )?.node;
      expect((await seen(w.tokens.adminA1)).phone).toBe('13907710001'); // the base committee served
      expect((await seen(w.tokens.analystA)).phone).toBe('139****0001');
      expect(await seen(adminM)).toBeUndefined();
      expect(await seen(w.tokens.adminB)).toBeUndefined();

      const end = (token = w.tokens.departmentA) =>
        ask(
          END_INSTRUCTOR,
          { input: { instructorId: sent.id, endedOn: '2024-11-01', note: '完成排查' } },
          token,
        );
      expect(codes(await end(w.tokens.adminA))).toEqual(['FORBIDDEN']);
      expect((await end()).data.endPartyBuildingInstructor).toMatchObject({
        endedOn: '2024-11-01',
        endNote: '完成排查',
      });
      expect(codes(await end())).toEqual(['INVALID_TRANSITION']);
      expect(
        (
          await data(INSTRUCTORS, { filter: { currentOnly: true } }, w.tokens.department)
        ).partyBuildingInstructors.edges.map((e: any) => e.node.id),
      ).not.toContain(sent.id);
    });

    it('records trainings of party workers by the organizing organization', async () => {
      const train = (input: Record<string, unknown>, token = w.tokens.adminA1) =>
        ask(
          TRAINING,
          {
            input: {
              organizationId: w.org.A1,
              title: '流动党员管理业务培训班',
              focus: 'BOTH',
              startedOn: '2024-10-21',
              endedOn: '2024-10-22',
              hours: 12,
              online: false,
              trainees: ['张三（南小街社区党支部书记）', '李四（清真巷社区党务专干）'],
              ...input,
            },
          },
          token,
        );
      const count = async () =>
        (await data(TRAININGS, {}, w.tokens.department)).partyWorkerTrainings.totalCount;
      const before = await count();
      expect(codes(await train({ hours: 0 }))).toEqual(['BAD_USER_INPUT']);
      expect(codes(await train({ trainees: [] }))).toEqual(['BAD_USER_INPUT']);
      expect(codes(await train({ trainees: ['张三', '张三'] }))).toEqual(['BAD_USER_INPUT']);
      expect(codes(await train({ endedOn: '2024-10-20' }))).toEqual(['BAD_USER_INPUT']);
      expect(codes(await train({}, adminM))).toEqual(['FORBIDDEN']);
      expect(codes(await train({}, w.tokens.adminB))).toEqual(['FORBIDDEN']);
      expect(
        codes(
          await ask(TRAINING, {
            input: {
              organizationId: w.org.A1,
              title: 't',
              focus: 'BOTH',
              startedOn: '2024-10-21',
              endedOn: '2024-10-22',
              hours: 1,
              online: true,
              trainees: ['x'],
            },
          }),
        ),
      ).toEqual(['UNAUTHENTICATED']);
      expect(await count()).toBe(before);
      expect((await train({})).data.recordPartyWorkerTraining).toMatchObject({
        focus: 'BOTH',
        hours: 12,
        traineeCount: 2,
        trainees: ['张三（南小街社区党支部书记）', '李四（清真巷社区党务专干）'],
      });
      expect((await data(TRAININGS, {}, w.tokens.adminB)).partyWorkerTrainings.totalCount).toBe(0);
    });
  });
});
