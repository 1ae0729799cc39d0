/**
 * 责任清单 — the 18 duties of 《关于进一步加强和改进流动党员管理工作的意见》: 7 for the outflow organization, 6 for
 * the inflow organization, 5 for the member. Titles and descriptions are this platform's own summaries.
 *
 * Every duty applies to an active mobility record from a starting point and is judged as of a day
 * (duty.rules.ts, and the same arithmetic in SQL in duty.sql.ts):
 * - DUE: met once, by a day (`due`); overdue after that day while unmet.
 * - CADENCE: met again within every `cadenceDays` days of the start or of the last time it was met.
 * - EVENTS: done as events require; never overdue.
 * - YEARLY: met once in every calendar year in which the member is mobile, by 31 December of that year (OUTFLOW_6):
 *   met this year; overdue while last year was owed (mobile by its 31 December, registered by then) and nothing
 *   was recorded since last year began; else pending.
 *
 * A DUE duty with `lateAfterDue` (OUTFLOW_1) met after its due day is met late: it counts as met and as late,
 * and late counts against compliance.
 *
 * The day counts are defaults; DUTY_DAYS (src/config.ts) overrides those in CONFIGURABLE_DUTY_CODES, e.g.
 * DUTY_DAYS=OUTFLOW_2:60,MEMBER_2:15; checkDutyDays refuses any other code at start-up.
 */
import { ConfigError } from '../../config';

export enum DutyHolder {
  OUTFLOW_ORGANIZATION = 'OUTFLOW_ORGANIZATION',
  INFLOW_ORGANIZATION = 'INFLOW_ORGANIZATION',
  MEMBER = 'MEMBER',
}

/** where a duty's clock starts */
export enum DutyAppliesFrom {
  REGISTRATION = 'REGISTRATION',
  REPORT = 'REPORT',
  DEPARTURE = 'DEPARTURE',
}

export type DutyKind = 'DUE' | 'CADENCE' | 'EVENTS' | 'YEARLY';

export interface DutySpec {
  code: string;
  holder: DutyHolder;
  title: string;
  description: string;
  appliesFrom: DutyAppliesFrom;
  kind: DutyKind;
  /** CADENCE: the longest gap allowed, in days */
  cadenceDays?: number;
  /** DUE: the day it is due — `from` plus `days` */
  due?: { from: DutyAppliesFrom | 'PROBATION_END'; days: number };
  /**
   * DUE: met after the due day is met late. SQL cannot add days to a column, so the record stores its due day in
   * `dueColumn` (computed in code at registration with the same day count).
   */
  lateAfterDue?: { dueColumn: string };
  /** only for members who were probationary when the outflow was registered (OUTFLOW_3) */
  probationaryOnly?: boolean;
  /** not met while no named contact of that side is assigned (OUTFLOW_2, INFLOW_2) */
  needsContact?: 'OUTFLOW' | 'INFLOW';
  /** counts as contact with the member for lastContactAt / 失联 */
  isContact?: boolean;
  /** what else meets it besides recordDuty */
  alsoMetBy: string;
}

const { REGISTRATION, REPORT, DEPARTURE } = DutyAppliesFrom;
const { OUTFLOW_ORGANIZATION, INFLOW_ORGANIZATION, MEMBER } = DutyHolder;

export const DEFAULT_DUTY_CATALOG: readonly DutySpec[] = Object.freeze([
  {
    code: 'OUTFLOW_1',
    holder: OUTFLOW_ORGANIZATION,
    title: '及时掌握党员外出流动情况',
    description:
      '党员外出时，党支部及时了解其去向、外出原因和联系方式，自外出之日起 30 日内在系统中完成流出登记。',
    appliesFrom: DEPARTURE,
    kind: 'DUE',
    due: { from: DEPARTURE, days: 30 },
    lateAfterDue: { dueColumn: 'know_outflow_due_on' },
    alsoMetBy: '流出登记本身（registerOutflow；外出 30 日后登记为逾期履责）',
  },
  {
    code: 'OUTFLOW_2',
    holder: OUTFLOW_ORGANIZATION,
    title: '确定专人定期联系流出党员',
    description: '为每名流出党员指定联系人，按周期与其联系，了解思想、工作和生活情况。',
    appliesFrom: REGISTRATION,
    kind: 'CADENCE',
    cadenceDays: 90,
    needsContact: 'OUTFLOW',
    isContact: true,
    alsoMetBy: '须先指定流出地联系人（assignContact OUTFLOW）',
  },
  {
    code: 'OUTFLOW_3',
    holder: OUTFLOW_ORGANIZATION,
    title: '按照规定做好预备党员转正工作',
    description: '外出的预备党员预备期满时，党支部按规定及时讨论其转正（或延长预备期等）事宜。',
    appliesFrom: REGISTRATION,
    kind: 'DUE',
    due: { from: 'PROBATION_END', days: 0 },
    probationaryOnly: true,
    alsoMetBy:
      '预备期满的决定（decideProbation：转正、延长预备期或取消预备党员资格；延长后于新的期满日再次到期）',
  },
  {
    code: 'OUTFLOW_4',
    holder: OUTFLOW_ORGANIZATION,
    title: '组织开展线上学习',
    description: '依托网络平台组织流出党员参加线上学习，保证其学习不断线。',
    appliesFrom: REGISTRATION,
    kind: 'CADENCE',
    cadenceDays: 90,
    alsoMetBy: '党员参加线上学习（ONLINE_STUDY）类组织生活',
  },
  {
    code: 'OUTFLOW_5',
    holder: OUTFLOW_ORGANIZATION,
    title: '引导流出党员发挥作用',
    description: '引导流出党员在流入地和工作岗位上亮身份、作表率，积极发挥作用。',
    appliesFrom: REGISTRATION,
    kind: 'CADENCE',
    cadenceDays: 365,
    alsoMetBy: '—',
  },
  {
    code: 'OUTFLOW_6',
    holder: OUTFLOW_ORGANIZATION,
    title: '做好优秀流出党员表彰相关工作',
    description:
      '对表现突出的流出党员，按规定推荐表彰（由党委或上级党组织决定）；每个流动年度于 12 月 31 日前推荐或记录本年度无推荐。',
    appliesFrom: REGISTRATION,
    kind: 'YEARLY',
    alsoMetBy: '表彰推荐（recommendCommendation），或本年度无推荐的记录（declareNoCommendation）',
  },
  {
    code: 'OUTFLOW_7',
    holder: OUTFLOW_ORGANIZATION,
    title: '加强流出党员监督管理',
    description: '掌握流出党员日常表现，对存在的问题及时提醒、教育和处理。',
    appliesFrom: REGISTRATION,
    kind: 'CADENCE',
    cadenceDays: 365,
    alsoMetBy: '—',
  },
  {
    code: 'INFLOW_1',
    holder: INFLOW_ORGANIZATION,
    title: '及时掌握流入党员情况',
    description: '接收流入党员报到，掌握其基本情况、所在单位和联系方式，做好流入登记。',
    appliesFrom: REPORT,
    kind: 'DUE',
    due: { from: REPORT, days: 0 },
    alsoMetBy: '报到本身（reportToInflow）',
  },
  {
    code: 'INFLOW_2',
    holder: INFLOW_ORGANIZATION,
    title: '确定专人与流入党员保持联系',
    description: '为流入党员指定联系人，保持经常性联系。',
    appliesFrom: REPORT,
    kind: 'CADENCE',
    cadenceDays: 90,
    needsContact: 'INFLOW',
    isContact: true,
    alsoMetBy: '须先指定流入地联系人（assignContact INFLOW）',
  },
  {
    code: 'INFLOW_3',
    holder: INFLOW_ORGANIZATION,
    title: '组织流入党员参加组织生活',
    description: '按照一方隶属、参加多重组织生活的方式，组织流入党员就近就便参加组织生活。',
    appliesFrom: REPORT,
    kind: 'CADENCE',
    cadenceDays: 30,
    alsoMetBy: '党员参加流入地党组织（含其下级）的组织生活',
  },
  {
    code: 'INFLOW_4',
    holder: INFLOW_ORGANIZATION,
    title: '做好流入党员关怀帮扶',
    description: '在就业、技能培训、权益保障和生活困难等方面为流入党员提供关怀和帮助。',
    appliesFrom: REPORT,
    kind: 'EVENTS',
    alsoMetBy: '流入地党组织的关怀帮扶记录（recordCare）',
  },
  {
    code: 'INFLOW_5',
    holder: INFLOW_ORGANIZATION,
    title: '开展民主评议',
    description: '组织流入党员参加民主评议党员，并将评议情况通报其正式组织关系所在党组织。',
    appliesFrom: REPORT,
    kind: 'CADENCE',
    cadenceDays: 365,
    alsoMetBy: '流入地党组织的民主评议（recordEvaluation）',
  },
  {
    code: 'INFLOW_6',
    holder: INFLOW_ORGANIZATION,
    title: '加强流入党员日常监督',
    description: '对流入党员进行日常教育提醒和监督。',
    appliesFrom: REPORT,
    kind: 'CADENCE',
    cadenceDays: 365,
    alsoMetBy: '—',
  },
  {
    code: 'MEMBER_1',
    holder: MEMBER,
    title: '外出前向党组织报告',
    description: '外出前向正式组织关系所在党组织报告外出去向、事由和联系方式。',
    appliesFrom: REGISTRATION,
    kind: 'DUE',
    due: { from: DEPARTURE, days: 0 },
    alsoMetBy: '流出登记时 reportedBeforeLeaving: true',
  },
  {
    code: 'MEMBER_2',
    holder: MEMBER,
    title: '向流入地党组织报到',
    description: '到达流入地后，主动向流入地（单位）基层党组织报到。',
    appliesFrom: DEPARTURE,
    kind: 'DUE',
    due: { from: DEPARTURE, days: 30 },
    alsoMetBy: '报到（reportToInflow）',
  },
  {
    code: 'MEMBER_3',
    holder: MEMBER,
    title: '与流出地党组织保持联系',
    description: '定期与正式组织关系所在党组织联系，汇报思想、工作和生活情况。',
    appliesFrom: DEPARTURE,
    kind: 'CADENCE',
    cadenceDays: 90,
    isContact: true,
    alsoMetBy: '—',
  },
  {
    code: 'MEMBER_4',
    holder: MEMBER,
    title: '情况变化及时报告',
    description: '外出地点、单位或联系方式等发生变化时，及时向党组织报告。',
    appliesFrom: DEPARTURE,
    kind: 'EVENTS',
    alsoMetBy: '报告变化（updateMobility）',
  },
  {
    code: 'MEMBER_5',
    holder: MEMBER,
    title: '发挥先锋模范作用',
    description: '在工作岗位和流入地亮身份、践承诺，发挥先锋模范作用。',
    appliesFrom: DEPARTURE,
    kind: 'CADENCE',
    cadenceDays: 365,
    alsoMetBy: '作用发挥记录（recordRoleModel：示范岗、责任区、承诺践诺、志愿服务）',
  },
] satisfies DutySpec[]);

export const DUTY_CODES: readonly string[] = DEFAULT_DUTY_CATALOG.map((d) => d.code);

/** codes whose day count DUTY_DAYS may change: every CADENCE duty, and MEMBER_2's report deadline */
export const CONFIGURABLE_DUTY_CODES: readonly string[] = DEFAULT_DUTY_CATALOG.filter(
  (d) => d.kind === 'CADENCE' || (d.kind === 'DUE' && (d.due?.days ?? 0) > 0),
).map((d) => d.code);

/** Refuses DUTY_DAYS codes whose day count is not configurable (the server then does not start). */
export function checkDutyDays(days: Readonly<Record<string, number>>): void {
  for (const code of Object.keys(days)) {
    if (!CONFIGURABLE_DUTY_CODES.includes(code)) {
      throw new ConfigError(`DUTY_DAYS: ${code} is not one of ${CONFIGURABLE_DUTY_CODES.join(', ')}`);
    }
  }
}

/** The catalogue with configured day counts (a CADENCE duty's cadence, a DUE duty's days). */
export function dutyCatalog(days: Readonly<Record<string, number>> = {}): DutySpec[] {
  return DEFAULT_DUTY_CATALOG.map((spec) => {
    const override = days[spec.code];
    if (override === undefined) return spec;
    if (spec.kind === 'CADENCE') return { ...spec, cadenceDays: override };
    if (spec.kind === 'DUE' && spec.due) return { ...spec, due: { ...spec.due, days: override } };
    return spec;
  });
}
