/**
 * The demo party data: an organization tree (青海省 → 西宁市 → 城东区 / 城中区 → 街道、乡镇 → 社区、村 → 党支部,
 * two mobile-member party organizations, and a small 兰州 tree that members flow in from), fictional members,
 * and mobility records in every state — registered, reported, not yet mobile, mobile, unreported for long,
 * 失联, returned, transferred, with transfers requested, completed and rejected — plus organizational life,
 * evaluations, care, role-model records and a fee allocation.
 *
 * Dates are relative to the server's clock, so the states hold whenever the demo starts. History is replayed
 * through the real services with a clock set to each moment, so every rule and derived duty record applies.
 * Idempotent: nothing happens when the root organization (中共青海省委员会, 630000) exists.
 */
import { ManualClock } from '../src/common/clock';
import type { SeedContext } from '../src/common/module';
import { parseMoney } from '../src/common/money';
import { addDays, addMonths, shanghaiDate, startOfShanghaiDay } from '../src/common/time';
import { Role, type Viewer } from '../src/common/viewer';
import { Loaders } from '../src/common/request/context';
import {
  recordCare,
  CareKind,
  recordDuty,
  recommendCommendation,
  runReminderSweep,
  issueWorkItem,
  answerWorkItem,
  closeWorkItem,
  decideCommendation,
  declareNoCommendation,
  recordEvaluation,
  EvaluationResult,
  allocateFees,
  recordFeeExpense,
  FeePurpose,
  idNumberCheckChar,
  createMember,
  Gender,
  MemberStatus,
  assignContact,
  endMobility,
  registerOutflow,
  reportToInflow,
  updateMobility,
  ContactSide,
  InclusionPath,
  MobilityEndReason,
  MobilityReason,
  recordOrgLife,
  OrgLifeType,
  PartyOrganization,
  createOrganization,
  establishMobileOrganization,
  AdministrativeLevel,
  MobileOrgBasis,
  OrganizationType,
  type PartyContext,
  recordRoleModel,
  RoleModelKind,
  completeTransfer,
  rejectTransfer,
  requestTransfer,
} from '../src/party';
import { seedPartyWork } from './party-work.seed';

export const PARTY_ROOT = { name: '中共青海省委员会', regionCode: '630000' };

const { COMMITTEE, WORKING_COMMITTEE, BRANCH } = OrganizationType;
const { PROVINCE, CITY, COUNTY, TOWNSHIP, VILLAGE, UNIT } = AdministrativeLevel;

/** the organization department that "does" the seeding: unscoped */
const DEPARTMENT: Viewer = { subject: 'seed:org-department', roles: [Role.ORG_DEPARTMENT] };
const asMember = (memberId: string): Viewer => ({
  subject: `seed:member:${memberId}`,
  roles: [Role.MEMBER],
  memberId,
});

interface OrgSpec {
  key: string;
  name: string;
  type: OrganizationType;
  level: AdministrativeLevel;
  region: string;
  parent?: string;
  canApprove?: boolean;
}

const TREE: OrgSpec[] = [
  { key: 'qh', name: PARTY_ROOT.name, type: COMMITTEE, level: PROVINCE, region: '630000', canApprove: true },
  {
    key: 'xn',
    name: '中共西宁市委员会',
    type: COMMITTEE,
    level: CITY,
    region: '630100',
    parent: 'qh',
    canApprove: true,
  },
  {
    key: 'cd',
    name: '中共西宁市城东区委员会',
    type: COMMITTEE,
    level: COUNTY,
    region: '630102',
    parent: 'xn',
    canApprove: true,
  },
  {
    key: 'cz',
    name: '中共西宁市城中区委员会',
    type: COMMITTEE,
    level: COUNTY,
    region: '630103',
    parent: 'xn',
    canApprove: true,
  },
  // 城东区
  {
    key: 'dg',
    name: '东关大街街道党工委',
    type: WORKING_COMMITTEE,
    level: TOWNSHIP,
    region: '630102',
    parent: 'cd',
    canApprove: true,
  },
  { key: 'nxj', name: '南小街社区党委', type: COMMITTEE, level: VILLAGE, region: '630102', parent: 'dg' },
  {
    key: 'nxj1',
    name: '南小街社区第一党支部',
    type: BRANCH,
    level: VILLAGE,
    region: '630102',
    parent: 'nxj',
  },
  {
    key: 'nxj2',
    name: '南小街社区第二党支部',
    type: BRANCH,
    level: VILLAGE,
    region: '630102',
    parent: 'nxj',
  },
  {
    key: 'ljw',
    name: '乐家湾镇党委',
    type: COMMITTEE,
    level: TOWNSHIP,
    region: '630102',
    parent: 'cd',
    canApprove: true,
  },
  { key: 'ljwc', name: '乐家湾村党支部', type: BRANCH, level: VILLAGE, region: '630102', parent: 'ljw' },
  { key: 'zjz', name: '朱家庄村党支部', type: BRANCH, level: VILLAGE, region: '630102', parent: 'ljw' },
  {
    key: 'fgy',
    name: '城东区非公有制经济组织党委',
    type: COMMITTEE,
    level: COUNTY,
    region: '630102',
    parent: 'cd',
  },
  {
    key: 'wlq',
    name: '青海某物流有限公司党支部',
    type: BRANCH,
    level: UNIT,
    region: '630102',
    parent: 'fgy',
  },
  // 城中区
  {
    key: 'nt',
    name: '南滩街道党工委',
    type: WORKING_COMMITTEE,
    level: TOWNSHIP,
    region: '630103',
    parent: 'cz',
    canApprove: true,
  },
  {
    key: 'jsx',
    name: '南滩街道建设巷社区党支部',
    type: BRANCH,
    level: VILLAGE,
    region: '630103',
    parent: 'nt',
  },
  {
    key: 'zz',
    name: '总寨镇党委',
    type: COMMITTEE,
    level: TOWNSHIP,
    region: '630103',
    parent: 'cz',
    canApprove: true,
  },
  { key: 'zzc', name: '总寨村党支部', type: BRANCH, level: VILLAGE, region: '630103', parent: 'zz' },
  // 兰州: where some of 西宁's inflow members come from
  {
    key: 'gs',
    name: '中共甘肃省委员会',
    type: COMMITTEE,
    level: PROVINCE,
    region: '620000',
    canApprove: true,
  },
  {
    key: 'lz',
    name: '中共兰州市委员会',
    type: COMMITTEE,
    level: CITY,
    region: '620100',
    parent: 'gs',
    canApprove: true,
  },
  {
    key: 'cg',
    name: '中共兰州市城关区委员会',
    type: COMMITTEE,
    level: COUNTY,
    region: '620102',
    parent: 'lz',
    canApprove: true,
  },
  {
    key: 'lxl',
    name: '临夏路街道党工委',
    type: WORKING_COMMITTEE,
    level: TOWNSHIP,
    region: '620102',
    parent: 'cg',
    canApprove: true,
  },
  {
    key: 'lxl1',
    name: '临夏路街道第一社区党支部',
    type: BRANCH,
    level: VILLAGE,
    region: '620102',
    parent: 'lxl',
  },
];

interface MemberSpec {
  key: string;
  name: string;
  gender: Gender;
  birth: string;
  branch: string;
  region: string;
  joinedMonthsAgo: number;
  probationary?: boolean;
}

const { MALE, FEMALE } = Gender;
const MEMBERS: MemberSpec[] = [
  {
    key: 'zjg',
    name: '张建国',
    gender: MALE,
    birth: '1983-04-12',
    branch: 'nxj1',
    region: '630102',
    joinedMonthsAgo: 180,
  },
  {
    key: 'lxy',
    name: '李秀英',
    gender: FEMALE,
    birth: '1999-09-03',
    branch: 'nxj1',
    region: '630102',
    joinedMonthsAgo: 40,
  },
  {
    key: 'wh',
    name: '王海',
    gender: MALE,
    birth: '1990-01-21',
    branch: 'nxj1',
    region: '630102',
    joinedMonthsAgo: 90,
  },
  {
    key: 'hjh',
    name: '韩家慧',
    gender: FEMALE,
    birth: '1975-06-30',
    branch: 'nxj1',
    region: '630102',
    joinedMonthsAgo: 300,
  },
  {
    key: 'lf',
    name: '刘芳',
    gender: FEMALE,
    birth: '1988-11-08',
    branch: 'ljwc',
    region: '630102',
    joinedMonthsAgo: 120,
  },
  {
    key: 'cm',
    name: '陈明',
    gender: MALE,
    birth: '2000-02-14',
    branch: 'nxj2',
    region: '630102',
    joinedMonthsAgo: 10,
    probationary: true,
  },
  {
    key: 'zl',
    name: '赵磊',
    gender: MALE,
    birth: '1998-07-19',
    branch: 'nxj2',
    region: '630102',
    joinedMonthsAgo: 13,
    probationary: true,
  },
  {
    key: 'zq',
    name: '周强',
    gender: MALE,
    birth: '1979-03-02',
    branch: 'ljwc',
    region: '630102',
    joinedMonthsAgo: 200,
  },
  {
    key: 'wl',
    name: '吴丽',
    gender: FEMALE,
    birth: '1986-12-25',
    branch: 'zjz',
    region: '630102',
    joinedMonthsAgo: 150,
  },
  {
    key: 'sw',
    name: '孙伟',
    gender: MALE,
    birth: '1992-05-17',
    branch: 'wlq',
    region: '630102',
    joinedMonthsAgo: 70,
  },
  {
    key: 'mx',
    name: '马晓',
    gender: FEMALE,
    birth: '1995-08-09',
    branch: 'wlq',
    region: '630102',
    joinedMonthsAgo: 50,
  },
  {
    key: 'yf',
    name: '杨帆',
    gender: MALE,
    birth: '1991-10-01',
    branch: 'lxl1',
    region: '620102',
    joinedMonthsAgo: 100,
  },
  {
    key: 'gxh',
    name: '郭晓红',
    gender: FEMALE,
    birth: '1993-03-28',
    branch: 'zjz',
    region: '630102',
    joinedMonthsAgo: 60,
  },
  {
    key: 'hb',
    name: '何斌',
    gender: MALE,
    birth: '1987-08-31',
    branch: 'ljwc',
    region: '630102',
    joinedMonthsAgo: 110,
  },
  {
    key: 'lgm',
    name: '李桂梅',
    gender: FEMALE,
    birth: '1968-02-11',
    branch: 'jsx',
    region: '630103',
    joinedMonthsAgo: 360,
  },
  {
    key: 'ms',
    name: '马顺',
    gender: MALE,
    birth: '1980-09-15',
    branch: 'jsx',
    region: '630103',
    joinedMonthsAgo: 220,
  },
  {
    key: 'ty',
    name: '铁燕',
    gender: FEMALE,
    birth: '1994-04-04',
    branch: 'zzc',
    region: '630103',
    joinedMonthsAgo: 45,
  },
  {
    key: 'qxm',
    name: '祁学明',
    gender: MALE,
    birth: '1972-12-12',
    branch: 'zzc',
    region: '630103',
    joinedMonthsAgo: 280,
  },
  {
    key: 'dwj',
    name: '杜文杰',
    gender: MALE,
    birth: '1996-06-06',
    branch: 'wlq',
    region: '630102',
    joinedMonthsAgo: 30,
  },
  {
    key: 'zyj',
    name: '张雅静',
    gender: FEMALE,
    birth: '1989-01-09',
    branch: 'nxj2',
    region: '630102',
    joinedMonthsAgo: 95,
  },
  {
    key: 'wzh',
    name: '王志华',
    gender: MALE,
    birth: '1985-05-05',
    branch: 'lxl1',
    region: '620102',
    joinedMonthsAgo: 130,
  },
];

/** A fictional 身份证号 with a valid check digit: region, birth date, a sequence of the right parity. */
function fictionalIdNumber(region: string, birth: string, gender: Gender, seq: number): string {
  const order = String(seq * 2 + (gender === MALE ? 1 : 0)).padStart(3, '0');
  const first17 = `${region}${birth.replace(/-/g, '')}${order}`;
  return `${first17}${idNumberCheckChar(first17)}`;
}

export async function seedParty(seed: SeedContext): Promise<void> {
  const existing = await seed.em
    .fork()
    .findOne(PartyOrganization, { name: PARTY_ROOT.name, regionCode: PARTY_ROOT.regionCode, parent: null });
  if (existing) return;

  const now = seed.clock.now();
  const today = shanghaiDate(now);
  const clock = new ManualClock(now);
  /** the instant `days` days before now, at the same time of day (never in the future) */
  const daysAgo = (days: number): Date => new Date(now.getTime() - days * 86_400_000);
  const dayOf = (days: number) => shanghaiDate(daysAgo(days));
  const run = async <T>(at: Date, viewer: Viewer, action: (ctx: PartyContext) => Promise<T>): Promise<T> => {
    clock.set(at);
    return action({ em: seed.em.fork(), viewer, loaders: new Loaders(), clock, config: seed.config });
  };
  const asDept = <T>(at: Date, action: (ctx: PartyContext) => Promise<T>) => run(at, DEPARTMENT, action);

  // the tree, set up three years ago
  const org: Record<string, string> = {};
  for (const spec of TREE) {
    const created = await asDept(daysAgo(3 * 365), (ctx) =>
      createOrganization(ctx, {
        name: spec.name,
        type: spec.type,
        level: spec.level,
        regionCode: spec.region,
        parentId: spec.parent ? org[spec.parent] : null,
        canApproveProbationary: spec.canApprove ?? false,
      }),
    );
    org[spec.key] = created.id;
  }
  const mobile = async (key: string, name: string, parent: string, region: string, basis: MobileOrgBasis) => {
    const created = await asDept(daysAgo(2 * 365), (ctx) =>
      establishMobileOrganization(ctx, {
        name,
        type: BRANCH,
        regionCode: region,
        parentId: org[parent],
        basis,
        approverId: org[parent],
        approvedAt: dayOf(2 * 365),
      }),
    );
    org[key] = created.id;
  };
  await mobile('bj', '城东区驻北京流动党员党支部', 'cd', '110000', MobileOrgBasis.OUTFLOW_BASED);
  await mobile('czld', '城中区流动党员党支部', 'cz', '630103', MobileOrgBasis.INFLOW_BASED);

  // members: admitted `joinedMonthsAgo` months ago; probationary ones get the default year of probation
  const member: Record<string, string> = {};
  for (const [i, spec] of MEMBERS.entries()) {
    const joinedAt = addMonths(today, -spec.joinedMonthsAgo);
    const created = await asDept(now, (ctx) =>
      createMember(ctx, {
        name: spec.name,
        gender: spec.gender,
        birthDate: spec.birth,
        status: spec.probationary ? MemberStatus.PROBATIONARY : MemberStatus.FULL,
        joinedAt,
        formalOrganizationId: org[spec.branch],
        idNumber: fictionalIdNumber(spec.region, spec.birth, spec.gender, 100 + i),
        phone: `1390971${String(1000 + i * 37).padStart(4, '0')}`,
      }),
    );
    member[spec.key] = created.id;
  }

  /** 流出登记 at `registeredAt` of a departure on `departedOn` */
  const outflow = (
    key: string,
    departedOn: string,
    registeredAt: Date,
    reason: MobilityReason,
    destination: string,
    extra: { address?: string; unit?: string; reportedBeforeLeaving?: boolean } = {},
  ) =>
    asDept(registeredAt, (ctx) =>
      registerOutflow(ctx, {
        memberId: member[key],
        departedOn,
        reason,
        destinationRegionCode: destination,
        destinationAddress: extra.address ?? null,
        destinationUnit: extra.unit ?? null,
        reportedBeforeLeaving: extra.reportedBeforeLeaving ?? true,
      }),
    );
  const report = (recordId: string, inflowKey: string, path: InclusionPath, at: Date, byMember?: string) =>
    run(at, byMember ? asMember(byMember) : DEPARTMENT, (ctx) =>
      reportToInflow(ctx, {
        mobilityRecordId: recordId,
        inflowOrganizationId: org[inflowKey],
        inclusionPath: path,
      }),
    );
  const contact = (recordId: string, side: ContactSide, name: string, phone: string, at: Date) =>
    asDept(at, (ctx) => assignContact(ctx, { mobilityRecordId: recordId, side, name, phone }));
  const duty = (recordId: string, code: string, at: Date, note: string, byMember?: string) =>
    run(at, byMember ? asMember(byMember) : DEPARTMENT, (ctx) =>
      recordDuty(ctx, { dutyCode: code, mobilityRecordId: recordId, note }),
    );
  /** a duty done every `every` days from `fromDaysAgo` days ago until `untilDaysAgo` */
  const regularly = async (
    recordId: string,
    code: string,
    fromDaysAgo: number,
    every: number,
    note: string,
    byMember?: string,
    untilDaysAgo = 0,
  ) => {
    for (let d = fromDaysAgo; d >= untilDaysAgo; d -= every)
      await duty(recordId, code, daysAgo(d), note, byMember);
  };

  // 1. 张建国: works in Beijing for 14 months, reported to the 城东区 mobile branch there; a model record.
  const zjg = await outflow('zjg', dayOf(425), daysAgo(423), MobilityReason.WORK, '110105', {
    address: '北京市朝阳区望京街道',
    unit: '北京某科技有限公司',
  });
  await report(zjg.id, 'bj', InclusionPath.MOBILE_PARTY_ORGANIZATION, daysAgo(410), member.zjg);
  await contact(zjg.id, ContactSide.OUTFLOW, '韩家慧', '13909712001', daysAgo(420));
  await contact(zjg.id, ContactSide.INFLOW, '刘振华', '13801001234', daysAgo(405));
  await regularly(zjg.id, 'OUTFLOW_2', 400, 75, '电话联系，了解工作生活情况');
  await regularly(zjg.id, 'INFLOW_2', 390, 80, '走访');
  await regularly(zjg.id, 'MEMBER_3', 395, 85, '向支部书面汇报思想工作情况', member.zjg);
  await regularly(zjg.id, 'OUTFLOW_5', 380, 300, '引导参与社区志愿服务');
  await regularly(zjg.id, 'OUTFLOW_7', 370, 300, '年度监督谈话');
  await regularly(zjg.id, 'INFLOW_6', 360, 300, '日常教育提醒');
  for (let d = 400; d >= 5; d -= 28) {
    await asDept(daysAgo(d), (ctx) =>
      recordOrgLife(ctx, {
        organizationId: org.bj,
        type: d % 3 === 0 ? OrgLifeType.ONLINE_STUDY : OrgLifeType.THEME_DAY,
        topic: d % 3 === 0 ? '线上学习：党的创新理论专题' : '主题党日：志愿服务进社区',
        heldAt: daysAgo(d),
        online: d % 3 === 0,
        attendeeIds: [member.zjg],
      }),
    );
  }
  await asDept(daysAgo(300), (ctx) =>
    recordEvaluation(ctx, {
      memberId: member.zjg,
      organizationId: org.bj,
      year: Number(dayOf(300).slice(0, 4)),
      result: EvaluationResult.EXCELLENT,
    }),
  );
  await asDept(daysAgo(120), (ctx) =>
    recordRoleModel(ctx, {
      memberId: member.zjg,
      organizationId: org.bj,
      kind: RoleModelKind.VOLUNTEER_SERVICE,
      description: '在望京社区开展义务维修志愿服务',
      startedOn: dayOf(120),
      hours: '36.5',
    }),
  );
  await asDept(daysAgo(400), (ctx) =>
    updateMobility(ctx, {
      mobilityRecordId: zjg.id,
      destinationUnit: '北京某科技有限公司（朝阳分公司）',
      note: '单位变更',
    }),
  );

  // 张建国 is recommended for commendation (OUTFLOW_6) and the 城东区委 approves it.
  const zjgCommendation = await asDept(daysAgo(40), (ctx) =>
    recommendCommendation(ctx, {
      mobilityRecordId: zjg.id,
      reason: '在京坚持参加流动党员党支部组织生活，志愿服务表现突出',
      recommendedOn: dayOf(40),
    }),
  );
  await asDept(daysAgo(30), (ctx) =>
    decideCommendation(ctx, {
      commendationId: zjgCommendation.id,
      approved: true,
      decidingOrganizationId: org.cd,
      decidedOn: dayOf(30),
      note: '同意表彰为优秀流动党员',
    }),
  );

  // 2. 李秀英: left two months ago to study in 兰州; registered, not reported, not yet a mobile member.
  await outflow('lxy', dayOf(60), daysAgo(58), MobilityReason.STUDY, '620102', { unit: '兰州某大学' });

  // 3. 王海: left nine months ago for 深圳, never reported, no contact since registration: 失联.
  await outflow('wh', dayOf(275), daysAgo(270), MobilityReason.WORK, '440300', {
    reportedBeforeLeaving: false,
  });

  // 4. 刘芳: moved within 西宁 to 城中区 eight months ago, taken in by a community branch there.
  const lf = await outflow('lf', dayOf(245), daysAgo(240), MobilityReason.RESIDENCE, '630103', {
    address: '西宁市城中区南滩街道建设巷',
  });
  await report(lf.id, 'jsx', InclusionPath.COMMUNITY_ORGANIZATION, daysAgo(230));
  await contact(lf.id, ContactSide.INFLOW, '李桂梅', '13909713002', daysAgo(228));
  await regularly(lf.id, 'INFLOW_2', 225, 85, '入户走访');
  await regularly(lf.id, 'MEMBER_3', 220, 100, '电话汇报', member.lf);
  for (let d = 220; d >= 5; d -= 30) {
    await asDept(daysAgo(d), (ctx) =>
      recordOrgLife(ctx, {
        organizationId: org.jsx,
        type: OrgLifeType.BRANCH_ASSEMBLY,
        topic: '支部党员大会',
        heldAt: daysAgo(d),
        online: false,
        attendeeIds: [member.lf, member.lgm, member.ms],
      }),
    );
  }
  await asDept(daysAgo(60), (ctx) =>
    recordCare(ctx, {
      memberId: member.lf,
      organizationId: org.jsx,
      kind: CareKind.EMPLOYMENT,
      providedOn: dayOf(60),
      note: '推荐到社区养老服务站就业',
    }),
  );

  // 5. 陈明, probationary: left seven months ago for 苏州; probation ends in two months (OUTFLOW_3 pending).
  const cm = await outflow('cm', dayOf(212), daysAgo(210), MobilityReason.WORK, '320500', {
    unit: '苏州某制造企业',
  });
  await contact(cm.id, ContactSide.OUTFLOW, '张雅静', '13909712003', daysAgo(205));
  await regularly(cm.id, 'OUTFLOW_2', 200, 60, '视频谈心');

  // 6. 赵磊, probationary: mobile since just now; his probation ended a month ago and nobody has acted (overdue).
  await outflow('zl', addMonths(today, -6), daysAgo(180), MobilityReason.WORK, '310115');

  // 7. 周强: worked in 成都 for a year, came back three months ago.
  const zq = await outflow('zq', dayOf(480), daysAgo(478), MobilityReason.WORK, '510100');
  await asDept(daysAgo(90), (ctx) =>
    endMobility(ctx, { mobilityRecordId: zq.id, endedOn: dayOf(90), reason: MobilityEndReason.RETURNED }),
  );

  // 8. 吴丽: moved to 城中区, reported to its mobile branch, then transferred her relationship there (应转尽转).
  const wl = await outflow('wl', dayOf(365), daysAgo(360), MobilityReason.RESIDENCE, '630103');
  await report(wl.id, 'czld', InclusionPath.MOBILE_PARTY_ORGANIZATION, daysAgo(350), member.wl);
  const wlTransfer = await run(daysAgo(40), asMember(member.wl), (ctx) =>
    requestTransfer(ctx, { memberId: member.wl, toOrganizationId: org.zzc, note: '已在总寨镇长期居住' }),
  );
  await asDept(daysAgo(30), (ctx) => completeTransfer(ctx, wlTransfer.id));

  // 9. 孙伟: in 北京 for the logistics company, reported; a transfer to the Beijing branch awaits a decision.
  const sw = await outflow('sw', dayOf(300), daysAgo(298), MobilityReason.WORK, '110108');
  await report(sw.id, 'bj', InclusionPath.MOBILE_PARTY_ORGANIZATION, daysAgo(280), member.sw);
  await run(daysAgo(10), asMember(member.sw), (ctx) =>
    requestTransfer(ctx, { memberId: member.sw, toOrganizationId: org.bj, note: '长期在京工作' }),
  );
  // his branch recommends nobody this year (OUTFLOW_6 met by the explicit record)
  await asDept(daysAgo(5), (ctx) =>
    declareNoCommendation(ctx, {
      mobilityRecordId: sw.id,
      year: Number(dayOf(5).slice(0, 4)),
      note: '本年度未推荐',
    }),
  );

  // 10. 马晓: asked to move her relationship to 南小街; the receiving branch declined.
  const mxTransfer = await asDept(daysAgo(50), (ctx) =>
    requestTransfer(ctx, { memberId: member.mx, toOrganizationId: org.nxj1 }),
  );
  await asDept(daysAgo(45), (ctx) =>
    rejectTransfer(ctx, mxTransfer.id, '户籍与居住地均不在本社区，建议转入实际居住地党组织'),
  );

  // 11. 杨帆, of a 兰州 branch: works in 西宁 and reported to 乐家湾村 (an inflow member of 城东区).
  const yf = await outflow('yf', dayOf(330), daysAgo(329), MobilityReason.WORK, '630102');
  await report(yf.id, 'ljwc', InclusionPath.COMMUNITY_ORGANIZATION, daysAgo(320), member.yf);
  await contact(yf.id, ContactSide.INFLOW, '何斌', '13909712004', daysAgo(318));
  await asDept(daysAgo(100), (ctx) =>
    recordCare(ctx, {
      memberId: member.yf,
      organizationId: org.ljwc,
      kind: CareKind.HARDSHIP_SUPPORT,
      providedOn: dayOf(100),
      amount: parseMoney('500.00'),
      note: '春节慰问生活困难流动党员',
    }),
  );

  // 12. 何斌: left on the last 31 August at least six months ago; mobile from 28/29 February.
  const lastAug31 = `${Number(today.slice(0, 4)) - (today.slice(5) >= '08-31' ? 0 : 1)}-08-31`;
  const aug31 = addMonths(lastAug31, 6) <= today ? lastAug31 : `${Number(lastAug31.slice(0, 4)) - 1}-08-31`;
  await outflow('hb', aug31, startOfShanghaiDay(addDays(aug31, 3)), MobilityReason.WORK, '620102');

  // fees: 城东区委 funds its Beijing mobile branch's training; part spent.
  const allocation = await asDept(daysAgo(200), (ctx) =>
    allocateFees(ctx, {
      fromOrganizationId: org.cd,
      toOrganizationId: org.bj,
      purpose: FeePurpose.EDUCATION_TRAINING,
      amount: parseMoney('20000.00'),
      allocatedOn: dayOf(200),
    }),
  );
  await asDept(daysAgo(150), (ctx) =>
    recordFeeExpense(ctx, {
      allocationId: allocation.id,
      amount: parseMoney('3500.00'),
      spentOn: dayOf(150),
      note: '驻京流动党员专题培训场地及资料费',
    }),
  );
  // membership work at the Beijing branch, its leaders, a survey, an instructor, a training
  await seedPartyWork({ org, member, asDept, daysAgo, dayOf });
  // 工作调度: the 城东区委 organization department dispatches work to its base committees. 东关大街街道党工委
  // answered last month's survey and the department closed it; 乐家湾镇党委 has an open item due next week.
  const committeeAdmin = (key: string): Viewer => ({
    subject: `seed:org-admin:${key}`,
    roles: [Role.ORG_ADMIN],
    scopeOrganizationId: org[key],
  });
  const survey = await asDept(daysAgo(35), (ctx) =>
    issueWorkItem(ctx, {
      issuingOrganizationId: org.cd,
      committeeId: org.dg,
      title: '流动党员底数排查',
      content: '请对辖区流出、流入党员逐一核对登记信息，报送未报到、失联党员名单及联系措施。',
      dueOn: dayOf(20),
    }),
  );
  await run(daysAgo(22), committeeAdmin('dg'), (ctx) =>
    answerWorkItem(ctx, {
      workItemId: survey.id,
      answer: '已完成排查：失联党员1名（王海），已安排专人通过其家属联系；未报到党员已逐一督促。',
    }),
  );
  await asDept(daysAgo(18), (ctx) =>
    closeWorkItem(ctx, { workItemId: survey.id, note: '同意办结，继续跟踪失联党员联系情况。' }),
  );
  await asDept(daysAgo(3), (ctx) =>
    issueWorkItem(ctx, {
      issuingOrganizationId: org.cd,
      committeeId: org.ljw,
      title: '预备党员按期转正督办',
      content: '对预备期已满的流出预备党员，请及时召开支部大会讨论转正，并征求流入地党组织意见。',
      dueOn: dayOf(-7),
    }),
  );

  // today's 督促 sweep, so the demo opens with reminders (the daily job then finds the day done)
  const swept = await runReminderSweep({
    fork: () => seed.em.fork(),
    clock: seed.clock,
    config: seed.config,
  });
  seed.log(`party reminders: ${swept.opened} opened`);
  seed.log(`seeded the party demo: ${TREE.length + 2} organizations, ${MEMBERS.length} members`);
}
