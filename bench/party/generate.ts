/**
 * npm run gen:party -- --members 1000000 [--reset] [--seed 42] [--mobile-share 0.075]
 *
 * Fills the PostgreSQL database of DATABASE_URL (created if missing; migrations applied) with a large party
 * world for benchmarks: 青海省 → its 8 cities and prefectures → their 44 counties (real codes) → townships →
 * branches of about 45 members, two mobile-member party organizations per county, members with valid fictional
 * 身份证号, about 7.5 % of them with mobility records in every state, and the duty records a believable mix of
 * diligent and lax organizations would leave. Rows go in as multi-row INSERT … SELECT FROM unnest(…) batches.
 * Everything is relative to today; generated duty records are marked RECORDED (no activities are invented).
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { parseDatabaseUrl } from '../../src/config';
import { openDatabase } from '../../src/db/orm';
import { allEntities } from '../../src/server/modules';
import { BACKFILL as DUTY_LAST_MET_DAY_BACKFILL } from '../../src/db/migrations/postgresql/Migration20261206135419_duty_last_met_day';
import { addDays, addMonths, shanghaiDate, startOfShanghaiDay } from '../../src/common/time';
import { DUTY_CODES } from '../../src/party/duty/duty.catalog';
import { idNumberCheckChar } from '../../src/party/member/member.rules';
import { lastMetColumn } from '../../src/party/mobility/mobility.entity';
import { childPath } from '../../src/party/organization/organization.rules';
import { QINGHAI, regionName } from '../../src/party/organization/regions';

/** every table holding party data (children first), emptied by --reset */
const PARTY_TABLES = [
  'reminder',
  'reminder_run',
  'commendation',
  'probation_decision',
  'applicant_handover',
  'applicant_training_record',
  'membership_applicant',
  'mobile_member_survey',
  'mobile_org_leader',
  'party_building_instructor',
  'party_worker_training',
  'dispatch_work_item',
  'duty_last_met_day',
  'fee_expense',
  'party_fee_allocation',
  'org_life_attendance',
  'org_life_activity',
  'democratic_evaluation',
  'care_record',
  'role_model_record',
  'relationship_transfer',
  'duty_record',
  'mobility_record',
  'party_member',
  'party_organization',
];

/** share of 青海's members per city / prefecture, roughly by population */
const CITY_WEIGHT: Record<string, number> = {
  '630100': 0.42,
  '630200': 0.23,
  '632200': 0.05,
  '632300': 0.05,
  '632500': 0.08,
  '632600': 0.03,
  '632700': 0.06,
  '632800': 0.08,
};

/** where members go outside 青海, with the province of each */
const OUTSIDE = [
  '110105',
  '110108',
  '310115',
  '310104',
  '440300',
  '440100',
  '320500',
  '320100',
  '330100',
  '620102',
  '510100',
  '610100',
];
const MOBILE_ORG_PROVINCES = ['110000', '310000', '440000', '320000', '620000'];

const SURNAMES =
  '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文祁铁';
const GIVEN =
  '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀英华慧建国海平红霞玲斌鹏宇浩凯晨雪琳婷晓东志刚文辉俊峰成云桂兰学才德福正新春荣';

type Row = unknown[];

function rng(seed: number) {
  let s = seed >>> 0 || 1;
  return () => {
    // xorshift32
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 2 ** 32;
  };
}

class Table {
  private rows: Row[] = [];
  inserted = 0;

  constructor(
    private readonly client: Client,
    readonly name: string,
    private readonly columns: [string, string][],
    private readonly batch = 20_000,
    /** a table whose rows this one references: flushed first */
    private readonly after?: Table,
  ) {}

  async add(row: Row): Promise<void> {
    this.rows.push(row);
    if (this.rows.length >= this.batch) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.rows.length === 0) return;
    await this.after?.flush();
    const arrays = this.columns.map((_, i) => this.rows.map((r) => r[i] ?? null));
    const sql =
      `insert into "${this.name}" (${this.columns.map(([c]) => `"${c}"`).join(', ')}) ` +
      `select * from unnest(${this.columns.map(([, t], i) => `$${i + 1}::${t}[]`).join(', ')})`;
    await this.client.query(sql, arrays);
    this.inserted += this.rows.length;
    this.rows = [];
  }
}

interface Org {
  id: string;
  path: string;
  name: string;
  regionCode: string;
}

async function ensureDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const exists = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (exists.rowCount === 0) {
      await client.query(`create database "${name.replace(/"/g, '""')}"`);
      console.log(`created database ${name}`);
    }
  } finally {
    await client.end();
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      members: { type: 'string' },
      reset: { type: 'boolean', default: false },
      seed: { type: 'string', default: '42' },
      'mobile-share': { type: 'string', default: '0.075' },
    },
  });
  const total = Number(values.members);
  if (!Number.isInteger(total) || total < 1000) throw new Error('--members N (at least 1000) is required');
  const mobileShare = Number(values['mobile-share']);
  const url = process.env.DATABASE_URL;
  if (!url || parseDatabaseUrl(url).kind !== 'postgresql') {
    throw new Error(
      'DATABASE_URL must name a PostgreSQL database, e.g. postgresql://postgres@127.0.0.1:5432/party_bench',
    );
  }
  const random = rng(Number(values.seed));
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
  const chance = (p: number) => random() < p;
  const started = Date.now();
  const lap = (() => {
    let last = Date.now();
    return (what: string) => {
      const now = Date.now();
      console.log(`${what}: ${((now - last) / 1000).toFixed(1)} s`);
      last = now;
    };
  })();
  // one line every 2 s with the rate (a line per step reads well in a terminal and in a log file alike)
  const progress = (() => {
    let said = Date.now();
    return (members: number) => {
      const now = Date.now();
      if (now - said < 2000) return;
      said = now;
      const rate = Math.round(members / ((now - started) / 1000));
      console.log(`  ${members} members so far (${rate} members/s)`);
    };
  })();

  await ensureDatabase(url);
  const orm = await openDatabase({ kind: 'postgresql', url }, allEntities());
  await orm.close(true);
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const existing = await client.query('select count(*)::int as n from party_organization');
    if (existing.rows[0].n > 0) {
      if (!values.reset) throw new Error('the database already holds party data; add --reset to replace it');
      await client.query(`truncate ${PARTY_TABLES.map((t) => `"${t}"`).join(', ')}`);
      console.log('removed the existing party data');
    }
    await client.query('set synchronous_commit = off');
    // no triggers while loading (this session only): duty_last_met_day's, once per duty record, would replay each
    // record's history row by row; it is filled in one statement after the load, as its migration does
    await client.query('set session_replication_role = replica');
    lap('migrations');

    const now = new Date();
    const today = shanghaiDate(now);
    const createdAt = now;

    // ── organizations ──
    const orgs = new Table(client, 'party_organization', [
      ['id', 'uuid'],
      ['name', 'varchar'],
      ['type', 'varchar'],
      ['level', 'varchar'],
      ['region_code', 'varchar'],
      ['parent_id', 'uuid'],
      ['path', 'varchar'],
      ['depth', 'int'],
      ['can_approve_probationary', 'boolean'],
      ['is_mobile_party_organization', 'boolean'],
      ['mobile_org_basis', 'varchar'],
      ['approved_by_id', 'uuid'],
      ['approved_at', 'varchar'],
      ['created_at', 'timestamptz'],
    ]);
    const children = new Map<string, number>();
    const addOrg = async (
      parent: Org | null,
      name: string,
      type: string,
      level: string,
      regionCode: string,
      extra: { approve?: boolean; mobile?: string; approvedBy?: Org } = {},
    ): Promise<Org> => {
      const seq = (children.get(parent?.id ?? '') ?? 0) + 1;
      children.set(parent?.id ?? '', seq);
      const org = { id: randomUUID(), path: childPath(parent?.path ?? null, seq), name, regionCode };
      await orgs.add([
        org.id,
        name,
        type,
        level,
        regionCode,
        parent?.id ?? null,
        org.path,
        org.path.length / 5 - 1,
        extra.approve ?? false,
        !!extra.mobile,
        extra.mobile ?? null,
        extra.approvedBy?.id ?? null,
        extra.approvedBy ? addDays(today, -800) : null,
        createdAt,
      ]);
      return org;
    };

    const province = await addOrg(null, '中共青海省委员会', 'COMMITTEE', 'PROVINCE', '630000', {
      approve: true,
    });
    interface County {
      org: Org;
      code: string;
      branches: Org[];
      mobileOrgs: Map<string, Org>; // province code → outflow-based mobile organization there
      members: number;
    }
    const counties: County[] = [];
    for (const city of QINGHAI) {
      const cityName = regionName(city.code);
      const cityOrg = await addOrg(province, `中共${cityName}委员会`, 'COMMITTEE', 'CITY', city.code, {
        approve: true,
      });
      const weights = city.counties.map(() => 0.6 + random());
      const sum = weights.reduce((a, b) => a + b, 0);
      for (const [i, code] of city.counties.entries()) {
        const countyName = regionName(code);
        const org = await addOrg(cityOrg, `中共${cityName}${countyName}委员会`, 'COMMITTEE', 'COUNTY', code, {
          approve: true,
        });
        counties.push({
          org,
          code,
          branches: [],
          mobileOrgs: new Map(),
          members: Math.round((total * CITY_WEIGHT[city.code] * weights[i]) / sum),
        });
      }
    }
    // the rounding remainder goes to the first county (城东区)
    counties[0].members += total - counties.reduce((a, c) => a + c.members, 0);

    for (const county of counties) {
      const countyName = regionName(county.code);
      const townships = Math.max(3, Math.round(county.members / 2500));
      const perTownship = county.members / townships;
      for (let t = 1; t <= townships; t++) {
        const street = t % 3 !== 0;
        const township = await addOrg(
          county.org,
          street ? `${countyName}第${t}街道党工委` : `${countyName}第${t}镇党委`,
          street ? 'WORKING_COMMITTEE' : 'COMMITTEE',
          'TOWNSHIP',
          county.code,
          { approve: true },
        );
        const branches = Math.max(1, Math.round(perTownship / 45));
        for (let b = 1; b <= branches; b++) {
          county.branches.push(
            await addOrg(
              township,
              `${township.name.replace(/党(工)?委$/, '')}第${b}${street ? '社区' : '村'}党支部`,
              'BRANCH',
              'VILLAGE',
              county.code,
            ),
          );
        }
      }
      for (const p of [pick(MOBILE_ORG_PROVINCES), pick(MOBILE_ORG_PROVINCES)]) {
        if (county.mobileOrgs.has(p)) continue;
        county.mobileOrgs.set(
          p,
          await addOrg(county.org, `${countyName}驻${regionName(p)}流动党员党支部`, 'BRANCH', 'TOWNSHIP', p, {
            mobile: 'OUTFLOW_BASED',
            approvedBy: county.org,
          }),
        );
      }
      county.branches.push(
        await addOrg(county.org, `${countyName}流动党员党支部`, 'BRANCH', 'TOWNSHIP', county.code, {
          mobile: 'INFLOW_BASED',
          approvedBy: county.org,
        }),
      );
    }
    await orgs.flush();
    lap(`${orgs.inserted} organizations`);

    // ── members, mobility records and duty records, streamed ──
    const members = new Table(client, 'party_member', [
      ['id', 'uuid'],
      ['name', 'varchar'],
      ['gender', 'varchar'],
      ['birth_date', 'varchar'],
      ['status', 'varchar'],
      ['joined_at', 'varchar'],
      ['probation_ends_at', 'varchar'],
      ['full_membership_on', 'varchar'],
      ['formal_organization_id', 'uuid'],
      ['formal_path', 'varchar'],
      ['id_number', 'varchar'],
      ['phone', 'varchar'],
      ['created_at', 'timestamptz'],
    ]);
    const records = new Table(
      client,
      'mobility_record',
      [
        ['id', 'uuid'],
        ['member_id', 'uuid'],
        ['active_key', 'uuid'],
        ['outflow_organization_id', 'uuid'],
        ['outflow_path', 'varchar'],
        ['inflow_organization_id', 'uuid'],
        ['inflow_path', 'varchar'],
        ['reason', 'varchar'],
        ['departed_on', 'varchar'],
        ['destination_region_code', 'varchar'],
        ['destination_address', 'varchar'],
        ['destination_unit', 'varchar'],
        ['reported_before_leaving', 'boolean'],
        ['registered_at', 'timestamptz'],
        ['registered_on', 'varchar'],
        ['reported_to_inflow_at', 'timestamptz'],
        ['reported_on', 'varchar'],
        ['inclusion_path', 'varchar'],
        ['outflow_contact_name', 'varchar'],
        ['outflow_contact_phone', 'varchar'],
        ['outflow_contact_assigned_at', 'timestamptz'],
        ['outflow_contact_since', 'varchar'],
        ['inflow_contact_name', 'varchar'],
        ['inflow_contact_phone', 'varchar'],
        ['inflow_contact_assigned_at', 'timestamptz'],
        ['inflow_contact_since', 'varchar'],
        ['status', 'varchar'],
        ['ended_on', 'varchar'],
        ['end_reason', 'varchar'],
        ['mobile_from', 'varchar'],
        ['probation_ends_on', 'varchar'],
        ['know_outflow_due_on', 'varchar'],
        ['last_contact_at', 'timestamptz'],
        ['last_contact_on', 'varchar'],
        ...DUTY_CODES.map((code): [string, string] => [lastMetColumn(code), 'varchar']),
      ],
      10_000,
      members,
    );
    const duties = new Table(
      client,
      'duty_record',
      [
        ['id', 'uuid'],
        ['mobility_record_id', 'uuid'],
        ['duty_code', 'varchar'],
        ['organization_id', 'uuid'],
        ['performed_at', 'timestamptz'],
        ['performed_on', 'varchar'],
        ['note', 'varchar'],
        ['source', 'varchar'],
        ['recorded_by', 'varchar'],
        ['recorded_at', 'timestamptz'],
      ],
      50_000,
      records,
    );

    const idCounters = new Map<string, number>();
    const surnames = [...SURNAMES];
    const given = [...GIVEN];
    const name = () => pick(surnames) + pick(given) + (chance(0.6) ? pick(given) : '');
    const phone = () =>
      `1${pick(['3', '5', '7', '8', '9'])}${String(Math.floor(random() * 1e9)).padStart(9, '0')}`;
    const dayAt = (day: string) =>
      new Date(startOfShanghaiDay(day).getTime() + (8 + random() * 10) * 3600_000);
    const allBranches = counties.flatMap((c) => c.branches.filter((b) => !b.name.endsWith('流动党员党支部')));
    let memberNo = 0;

    for (const county of counties) {
      const branches = county.branches.filter((b) => !b.name.endsWith('流动党员党支部'));
      for (let i = 0; i < county.members; i++) {
        const branch = branches[i % branches.length];
        const male = chance(0.62);
        const age = 20 + Math.floor(random() * 60);
        const birth = addDays(addMonths(today, -12 * age), -Math.floor(random() * 365));
        const key = `${county.code}${birth}`;
        const seq = (idCounters.get(key) ?? 0) + 1;
        idCounters.set(key, seq);
        const order = String((seq * 2 + (male ? 1 : 0)) % 1000).padStart(3, '0');
        const first17 = `${county.code}${birth.replace(/-/g, '')}${order}`;
        const probationary = age < 35 && chance(0.08);
        const joinedAt = probationary
          ? addDays(today, -Math.floor(random() * 360))
          : addDays(
              addMonths(birth, 12 * (18 + Math.floor(random() * Math.max(1, age - 19)))),
              Math.floor(random() * 300),
            );
        const memberId = randomUUID();
        const probationEndsAt = probationary ? addMonths(joinedAt, 12) : null;
        memberNo++;
        await members.add([
          memberId,
          name(),
          male ? 'MALE' : 'FEMALE',
          birth,
          probationary ? 'PROBATIONARY' : 'FULL',
          joinedAt < today ? joinedAt : today,
          probationEndsAt,
          null,
          branch.id,
          branch.path,
          seq < 500 ? `${first17}${idNumberCheckChar(first17)}` : null,
          phone(),
          createdAt,
        ]);
        if (!chance(mobileShare) || age > 65) continue;

        // ── one mobility record ──
        const recordId = randomUUID();
        const departedOn = addDays(today, -Math.floor(random() ** 1.3 * 1100));
        const registrationDelay = addDays(departedOn, Math.floor(random() * 20));
        const registeredOn = registrationDelay <= today ? registrationDelay : today;
        const registeredAt = registeredOn === today ? now : dayAt(registeredOn);
        const inside = chance(0.45);
        let destination: string;
        let inflow: Org | null = null;
        let inclusion: string | null = null;
        if (inside) {
          const other = pick(allBranches);
          destination = other.regionCode;
          inflow = other;
          inclusion = chance(0.8) ? 'COMMUNITY_ORGANIZATION' : 'UNIT_ORGANIZATION';
        } else {
          // most go where their county has set up a mobile-member organization
          const hosted = OUTSIDE.filter((code) => county.mobileOrgs.has(`${code.slice(0, 2)}0000`));
          destination = hosted.length && chance(0.75) ? pick(hosted) : pick(OUTSIDE);
          const mobileOrg = county.mobileOrgs.get(`${destination.slice(0, 2)}0000`);
          if (mobileOrg) {
            inflow = mobileOrg;
            inclusion = 'MOBILE_PARTY_ORGANIZATION';
          }
        }
        const diligence = random(); // how well both sides keep up with their duties
        const ended = chance(0.15);
        const endedOn = ended
          ? addDays(
              registeredOn,
              Math.floor(random() * Math.max(1, (Date.parse(today) - Date.parse(registeredOn)) / 86_400_000)),
            )
          : null;
        const horizon = endedOn ?? today;
        const reportedOn =
          inflow && chance(0.75)
            ? addDays(departedOn, 1 + Math.floor(random() * (diligence > 0.5 ? 25 : 90)))
            : null;
        const reported = reportedOn !== null && reportedOn <= horizon;
        const reportedAt = reported ? dayAt(reportedOn!) : null;
        const outflowContact = chance(0.3 + diligence * 0.6);
        const inflowContact = reported && chance(0.2 + diligence * 0.6);
        let lastContact = registeredAt;
        /** this record's duty rows, added after the record itself (they reference it) */
        const pending: Row[] = [];
        const event = async (code: string, on: string, orgId: string | null, source = 'RECORDED') => {
          const at = on === shanghaiDate(registeredAt) && code === 'OUTFLOW_1' ? registeredAt : dayAt(on);
          if ((code === 'OUTFLOW_2' || code === 'INFLOW_2' || code === 'MEMBER_3') && at > lastContact)
            lastContact = at;
          pending.push([
            randomUUID(),
            recordId,
            code,
            orgId,
            at,
            shanghaiDate(at),
            null,
            source,
            'generator',
            createdAt,
          ]);
        };
        /** roughly every `every` days from `start` to the horizon, skipping some */
        const regularly = async (code: string, start: string, every: number, orgId: string | null) => {
          for (let day = addDays(start, Math.floor(every * (0.3 + random() * 0.9))); day <= horizon; ) {
            if (chance(0.35 + diligence * 0.6)) await event(code, day, orgId);
            day = addDays(day, Math.max(1, Math.floor(every * (0.6 + random() * (1.4 - diligence * 0.5)))));
          }
        };
        await event('OUTFLOW_1', registeredOn, branch.id, 'REGISTRATION');
        const beforeLeaving = chance(0.55 + diligence * 0.4);
        if (beforeLeaving) await event('MEMBER_1', departedOn, null, 'REGISTRATION');
        if (outflowContact) await regularly('OUTFLOW_2', registeredOn, 90, branch.id);
        await regularly('OUTFLOW_4', registeredOn, 90, branch.id);
        await regularly('OUTFLOW_5', registeredOn, 365, branch.id);
        await regularly('OUTFLOW_7', registeredOn, 365, branch.id);
        await regularly('MEMBER_3', departedOn, 90, null);
        await regularly('MEMBER_5', departedOn, 365, branch.id);
        if (chance(0.05))
          await event(
            'OUTFLOW_6',
            addDays(registeredOn, 200) <= horizon ? addDays(registeredOn, 200) : horizon,
            branch.id,
          );
        if (chance(0.2))
          await event(
            'MEMBER_4',
            addDays(departedOn, 60) <= horizon ? addDays(departedOn, 60) : horizon,
            null,
          );
        if (reported) {
          if (reportedAt! > lastContact) lastContact = reportedAt!;
          await event('INFLOW_1', reportedOn!, inflow!.id, 'REPORT');
          await event('MEMBER_2', reportedOn!, null, 'REPORT');
          if (inflowContact) await regularly('INFLOW_2', reportedOn!, 90, inflow!.id);
          await regularly('INFLOW_3', reportedOn!, 30, inflow!.id);
          await regularly('INFLOW_5', reportedOn!, 365, inflow!.id);
          await regularly('INFLOW_6', reportedOn!, 365, inflow!.id);
          if (chance(0.15))
            await event(
              'INFLOW_4',
              addDays(reportedOn!, 100) <= horizon ? addDays(reportedOn!, 100) : horizon,
              inflow!.id,
            );
        }
        const contactAt = (since: string) => dayAt(since);
        const lastMet = new Map<string, string>();
        for (const row of pending) {
          const [code, on] = [row[2] as string, row[5] as string];
          if (!lastMet.has(code) || on > lastMet.get(code)!) lastMet.set(code, on);
        }
        await records.add([
          recordId,
          memberId,
          ended ? null : memberId,
          branch.id,
          branch.path,
          reported ? inflow!.id : null,
          reported ? inflow!.path : null,
          pick(['WORK', 'WORK', 'WORK', 'STUDY', 'RESIDENCE']),
          departedOn,
          destination,
          null,
          null,
          beforeLeaving,
          registeredAt,
          registeredOn,
          reportedAt,
          reported ? reportedOn : null,
          reported ? inclusion : null,
          outflowContact ? '联系人' : null,
          outflowContact ? phone() : null,
          outflowContact ? contactAt(registeredOn) : null,
          outflowContact ? registeredOn : null,
          inflowContact ? '联系人' : null,
          inflowContact ? phone() : null,
          inflowContact ? contactAt(reportedOn!) : null,
          inflowContact ? reportedOn : null,
          ended ? 'ENDED' : reported ? 'REPORTED' : 'REGISTERED',
          endedOn,
          ended ? pick(['RETURNED', 'RETURNED', 'TRANSFERRED', 'OTHER']) : null,
          addMonths(departedOn, 6),
          probationEndsAt,
          addDays(departedOn, 30),
          lastContact,
          shanghaiDate(lastContact),
          ...DUTY_CODES.map((code) => lastMet.get(code) ?? null),
        ]);
        for (const row of pending) await duties.add(row);
      }
      progress(memberNo);
    }
    await members.flush();
    await records.flush();
    await duties.flush();
    lap(`${members.inserted} members, ${records.inserted} mobility records, ${duties.inserted} duty records`);
    await client.query('set session_replication_role = origin');
    await client.query(DUTY_LAST_MET_DAY_BACKFILL);
    lap('duty_last_met_day');
    await client.query('vacuum analyze');
    lap('vacuum analyze');
    console.log(`done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    await client.end();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
