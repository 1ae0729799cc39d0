/**
 * The demo's membership work and who does it (DOMAIN.md §2.5–2.6a): applications received by the 城东区 mobile
 * branch in 北京 — one waiting for its talk, one activist in training, one handed back home and taken in, one
 * handover waiting — its leaders, a survey of the members in 北京, a 党建指导员 the 城东区委 sent to 东关大街街道, and
 * a training of party workers. Called by the party seed with its tree, members and clocked runner.
 */
import type { PartyContext } from '../src/party';
import {
  ActivistMethod,
  ApplicantTrainingKind,
  Gender,
  LeaderRole,
  TrainingFocus,
  appointLeader,
  assignInstructor,
  decideHandover,
  designateActivist,
  idNumberCheckChar,
  receiveApplication,
  recordApplicantTraining,
  recordSurvey,
  recordWorkerTraining,
  requestHandover,
} from '../src/party';

export interface PartyWorkSeed {
  org: Record<string, string>;
  member: Record<string, string>;
  /** run as the unscoped organization department with the clock at `at` */
  asDept<T>(at: Date, action: (ctx: PartyContext) => Promise<T>): Promise<T>;
  daysAgo(days: number): Date;
  dayOf(days: number): string;
}

const idNumber = (birth: string, seq: number, gender: Gender): string => {
  const first17 = `110105${birth.replace(/-/g, '')}${String(seq * 2 + (gender === Gender.MALE ? 1 : 0)).padStart(3, '0')}`;
  return `${first17}${idNumberCheckChar(first17)}`;
};

export async function seedPartyWork({ org, member, asDept, daysAgo, dayOf }: PartyWorkSeed): Promise<void> {
  // 选优配强: 张建国 (reported to the Beijing branch) is its secretary, 孙伟 a committee member
  await asDept(daysAgo(400), (ctx) =>
    appointLeader(ctx, {
      organizationId: org.bj,
      memberId: member.zjg,
      role: LeaderRole.SECRETARY,
      termStartsOn: dayOf(400),
    }),
  );
  await asDept(daysAgo(270), (ctx) =>
    appointLeader(ctx, {
      organizationId: org.bj,
      memberId: member.sw,
      role: LeaderRole.COMMITTEE_MEMBER,
      termStartsOn: dayOf(270),
    }),
  );

  const receive = (name: string, gender: Gender, birth: string, seq: number, days: number, unit: string) =>
    asDept(daysAgo(days), (ctx) =>
      receiveApplication(ctx, {
        organizationId: org.bj,
        name,
        gender,
        birthDate: birth,
        idNumber: idNumber(birth, seq, gender),
        phone: `1361001${String(2000 + seq * 17).padStart(4, '0')}`,
        homeRegionCode: '630102',
        workUnit: unit,
        appliedOn: dayOf(days + 3),
        receivedOn: dayOf(days),
      }),
    );
  const train = (
    applicantId: string,
    kind: ApplicantTrainingKind,
    days: number,
    content: string,
    contact?: string,
  ) =>
    asDept(daysAgo(days), (ctx) =>
      recordApplicantTraining(ctx, {
        applicantId,
        kind,
        heldOn: dayOf(days),
        content,
        contactMemberId: contact ?? null,
      }),
    );
  const activist = (applicantId: string, days: number, contacts: string[]) =>
    asDept(daysAgo(days), (ctx) =>
      designateActivist(ctx, {
        applicantId,
        designatedOn: dayOf(days),
        method: ActivistMethod.MEMBER_RECOMMENDATION,
        contactMemberIds: contacts,
      }),
    );

  // 1. 刘洋: an activist in training at the Beijing branch, contacts 张建国 and 孙伟
  const ly = await receive('刘洋', Gender.MALE, '1997-05-16', 1, 220, '北京某科技有限公司');
  await train(ly.id, ApplicantTrainingKind.TALK, 205, '了解入党动机和工作生活情况');
  await activist(ly.id, 190, [member.zjg, member.sw]);
  await train(ly.id, ApplicantTrainingKind.TRAINING, 150, '参加流动党员党支部入党积极分子培训班');
  await train(ly.id, ApplicantTrainingKind.THOUGHT_REPORT, 100, '提交第二季度思想汇报', member.sw);
  await train(ly.id, ApplicantTrainingKind.ASSESSMENT, 20, '半年考察：工作积极，群众评价好', member.zjg);

  // 2. 陈静: received 40 days ago, not yet talked to (the talk is overdue)
  await receive('陈静', Gender.FEMALE, '2001-11-02', 2, 40, '北京某连锁餐饮企业');

  // 3. 黄磊: an activist who went home to 城东区; handed to 南小街社区第一党支部, which took him in
  const hl = await receive('黄磊', Gender.MALE, '1995-03-09', 3, 400, '北京某物流公司');
  await train(hl.id, ApplicantTrainingKind.TALK, 390, '谈话');
  await activist(hl.id, 360, [member.zjg]);
  await train(hl.id, ApplicantTrainingKind.ASSESSMENT, 180, '半年考察：表现良好', member.zjg);
  const hlHandover = await asDept(daysAgo(60), (ctx) =>
    requestHandover(ctx, {
      applicantId: hl.id,
      toOrganizationId: org.nxj1,
      reason: '返回户籍地城东区南小街社区居住工作',
      requestedOn: dayOf(60),
    }),
  );
  await asDept(daysAgo(50), (ctx) =>
    decideHandover(ctx, {
      handoverId: hlHandover.id,
      accept: true,
      note: '材料齐全，接续培养教育考察',
      decidedOn: dayOf(50),
    }),
  );

  // 4. 马丽: an applicant moving to 乐家湾; the handover waits for 乐家湾村党支部
  const ml = await receive('马丽', Gender.FEMALE, '1999-07-21', 4, 90, '北京某家政服务公司');
  await train(ml.id, ApplicantTrainingKind.TALK, 80, '谈话');
  await asDept(daysAgo(3), (ctx) =>
    requestHandover(ctx, {
      applicantId: ml.id,
      toOrganizationId: org.ljwc,
      reason: '回乡务工，居住在乐家湾村',
      requestedOn: dayOf(3),
    }),
  );

  // 调查摸底: the Beijing branch surveyed the members in 北京
  await asDept(daysAgo(30), (ctx) =>
    recordSurvey(ctx, {
      organizationId: org.bj,
      regionCode: '110000',
      startedOn: dayOf(45),
      completedOn: dayOf(30),
      foundCount: 4,
      reportedCount: 2,
      lostContactCount: 1,
      unregisteredCount: 1,
      findings: '在京流动党员主要在朝阳、海淀两区从事科技、物流行业；1人长期未联系',
      measures: '通过老乡会和用工单位继续查找失联党员，督促未登记党员补办流出登记',
    }),
  );

  // 党建指导员: the 城东区委 sends one to 东关大街街道党工委, where most of its mobile members come from
  await asDept(daysAgo(120), (ctx) =>
    assignInstructor(ctx, {
      assigningOrganizationId: org.cd,
      organizationId: org.dg,
      name: '赵德明',
      phone: '13909710088',
      workUnit: '城东区委组织部组织科副科长',
      tasks: '指导街道开展流动党员排查登记、报到督促和组织生活',
      assignedOn: dayOf(120),
      plannedEndOn: dayOf(-245),
    }),
  );

  // 党务工作者培训: the 城东区委 trains the party workers who do mobile-member work
  await asDept(daysAgo(75), (ctx) =>
    recordWorkerTraining(ctx, {
      organizationId: org.cd,
      title: '流动党员管理工作业务培训班',
      focus: TrainingFocus.BOTH,
      startedOn: dayOf(76),
      endedOn: dayOf(75),
      hours: 12,
      online: false,
      trainees: [
        '韩家慧（南小街社区第一党支部书记）',
        '何斌（乐家湾村党支部委员）',
        '张建国（城东区驻北京流动党员党支部书记）',
      ],
    }),
  );
}
