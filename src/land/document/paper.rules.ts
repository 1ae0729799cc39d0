/**
 * The printable papers (《网上竞买资格确认书》, 《成交通知书》), pure: what each says, field by field, in the words
 * of the forms. The PDF (paper.pdf.ts) lays these out; the tests compare them with the auction's data.
 */
import { randomBytes } from 'node:crypto';
import type { Fen } from '../../common/money';
import { toShanghaiIso } from '../../common/time';

const DIGITS = '零壹贰叁肆伍陆柒捌玖';
const PLACE = ['', '拾', '佰', '仟'];
const GROUP = ['', '万', '亿', '万亿'];

/** 0–9999 in capitals, with 零 for inner zeros (1005 → 壹仟零伍, 1050 → 壹仟零伍拾). */
function groupCapitals(group: number): string {
  let out = '';
  let zero = false;
  for (let place = 3; place >= 0; place--) {
    const digit = Math.floor(group / 10 ** place) % 10;
    if (digit === 0) {
      zero = out !== '';
      continue;
    }
    if (zero) out += '零';
    zero = false;
    out += DIGITS[digit] + PLACE[place];
  }
  return out;
}

function integerCapitals(yuan: bigint): string {
  if (yuan === 0n) return '零';
  const groups: number[] = [];
  for (let rest = yuan; rest > 0n; rest /= 10_000n) groups.push(Number(rest % 10_000n));
  let out = '';
  let gap = false;
  for (let i = groups.length - 1; i >= 0; i--) {
    const group = groups[i];
    if (group === 0) {
      gap = out !== '';
      continue;
    }
    if (out !== '' && (gap || group < 1000)) out += '零';
    out += groupCapitals(group) + GROUP[i];
    gap = false;
  }
  return out;
}

/**
 * 大写金额 — the amount in Chinese financial capitals, as on a bill: 766180000.00 → 柒亿陆仟陆佰壹拾捌万元整,
 * 1.05 → 壹元零伍分, 0.50 → 伍角.
 */
export function chineseAmount(fen: Fen): string {
  if (!Number.isSafeInteger(fen) || fen < 0) throw new TypeError(`not an amount: ${fen}`);
  const yuan = BigInt(Math.floor(fen / 100));
  const jiao = Math.floor(fen / 10) % 10;
  const cents = fen % 10;
  const head = yuan > 0n || fen === 0 ? `${integerCapitals(yuan)}元` : '';
  if (jiao === 0 && cents === 0) return `${head}整`;
  const jiaoPart = jiao > 0 ? `${DIGITS[jiao]}角` : head ? '零' : '';
  return `${head}${jiaoPart}${cents > 0 ? `${DIGITS[cents]}分` : ''}`;
}

/** 766180000.00 → ¥766,180,000.00 */
export function yuanFigures(fen: Fen): string {
  const yuan = Math.floor(fen / 100).toLocaleString('en-US');
  return `¥${yuan}.${String(fen % 100).padStart(2, '0')}`;
}

/** 2024年12月12日 (Asia/Shanghai) */
export function dateText(at: Date): string {
  const [y, m, d] = toShanghaiIso(at).slice(0, 10).split('-');
  return `${y}年${m}月${d}日`;
}

/** 2024年12月12日 14:30 (Asia/Shanghai) */
export function timeText(at: Date): string {
  return `${dateText(at)} ${toShanghaiIso(at).slice(11, 16)}`;
}

/** 20 characters in 4 groups, from an alphabet without look-alikes: unguessable, easy to type. */
export function newVerificationCode(): string {
  const alphabet = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
  const bytes = randomBytes(20);
  const chars = [...bytes].map((b) => alphabet[b % alphabet.length]).join('');
  return chars.match(/.{5}/g)!.join('-');
}

/** Normalizes what someone typed: case, spaces and dashes do not matter. */
export function normalizeVerificationCode(raw: string): string | null {
  const chars = raw.toUpperCase().replace(/[\s-]/g, '');
  if (!/^[2-9A-HJ-NP-Z]{20}$/.test(chars)) return null;
  return chars.match(/.{5}/g)!.join('-');
}

export interface Applicant {
  name: string;
  registrationNumber: string;
  /** percent, for a joint application */
  sharePercent: string;
  lead: boolean;
}

export interface QualificationFacts {
  qualificationNumber: string;
  auctionCode: string;
  auctionTitle: string;
  parcelCode: string;
  applicants: Applicant[];
  biddingNumber: string;
  deposit: Fen;
  depositArrivedAt: Date;
  quoteStart: Date;
  quoteEnd: Date;
  tradingCenter: string;
  qualifiedAt: Date;
  verificationCode: string;
}

export interface PaperField {
  label: string;
  value: string;
}

export interface Paper {
  title: string;
  number: string;
  /** the addressee line above the fields, if any */
  to?: string;
  intro?: string;
  fields: PaperField[];
  closing?: string;
  issuer: string;
  issuedOn: string;
  verificationCode: string;
}

const applicantText = (applicants: Applicant[]): string =>
  applicants
    .map(
      (a) =>
        `${a.name}（${a.registrationNumber}）${applicants.length > 1 ? `，份额${a.sharePercent}%${a.lead ? '，牵头人' : ''}` : ''}`,
    )
    .join('；');

/** 《网上竞买资格确认书》 — for the applicant and the trading centre only (the bidding number is secret). */
export function qualificationPaper(f: QualificationFacts): Paper {
  return {
    title: '网上竞买资格确认书',
    number: f.qualificationNumber,
    to: `${f.applicants.map((a) => a.name).join('、')}：`,
    intro: `你方提交的${f.auctionTitle}竞买申请已收到，竞买保证金已足额到账，经审核，确认你方具备本宗地网上竞买资格。`,
    fields: [
      { label: '挂牌编号', value: f.auctionCode },
      { label: '宗地编号', value: f.parcelCode },
      {
        label: f.applicants.length > 1 ? '竞买申请人（联合申请）' : '竞买申请人',
        value: applicantText(f.applicants),
      },
      { label: '竞买号牌', value: f.biddingNumber },
      {
        label: '竞买保证金',
        value: `人民币${yuanFigures(f.deposit)}元（大写：${chineseAmount(f.deposit)}），${timeText(f.depositArrivedAt)}到账`,
      },
      { label: '挂牌报价时间', value: `${timeText(f.quoteStart)}至${timeText(f.quoteEnd)}` },
      { label: '限时竞价时间', value: `${timeText(f.quoteEnd)}起` },
    ],
    closing:
      '请凭本确认书及CA数字证书在网上交易系统参与报价。竞买号牌是你方报价的唯一标识，请妥善保管，不得向他人泄露。',
    issuer: f.tradingCenter,
    issuedOn: dateText(f.qualifiedAt),
    verificationCode: f.verificationCode,
  };
}

export interface PartyFacts {
  name: string;
  address: string | null;
  contacts: { name: string; phone: string }[];
}

export interface NoticeFacts {
  noticeNumber: string;
  auctionCode: string;
  winnerName: string;
  awardedAt: Date;
  finalPrice: Fen;
  parcelCode: string;
  location: string;
  areaSqm: string;
  uses: string;
  obligations: string[];
  seller: PartyFacts;
  tradingCenter: PartyFacts;
  issuedAt: Date;
  verificationCode: string;
  /** the AWARDED event of the auction's hash-chained log (src/common/trust/log-chain.ts); null if unchained */
  awardedEvent: { sequence: number; hash: string } | null;
}

const partyText = (p: PartyFacts): string =>
  [
    p.name,
    p.address ? `地址：${p.address}` : null,
    p.contacts.length
      ? `联系人：${p.contacts.map((c) => c.name).join('、')}，电话：${[...new Set(p.contacts.map((c) => c.phone))].join('、')}`
      : null,
  ]
    .filter(Boolean)
    .join('；');

/** 《国有建设用地使用权挂牌出让成交通知书》 — issued once the winner's documents are in. */
export function transactionNoticePaper(f: NoticeFacts): Paper {
  return {
    title: '国有建设用地使用权挂牌出让成交通知书',
    number: f.noticeNumber,
    to: `${f.winnerName}：`,
    intro: `你方于${timeText(f.awardedAt)}在挂牌编号为${f.auctionCode}的国有建设用地使用权网上挂牌出让活动中，竞得下列宗地的国有建设用地使用权，现将有关事项通知如下：`,
    fields: [
      { label: '竞得人', value: f.winnerName },
      { label: '宗地编号', value: f.parcelCode },
      { label: '土地位置', value: f.location },
      { label: '出让面积', value: `${f.areaSqm}平方米` },
      { label: '土地用途', value: f.uses },
      {
        label: '成交价',
        value: `人民币${yuanFigures(f.finalPrice)}元（大写：${chineseAmount(f.finalPrice)}）`,
      },
      ...(f.awardedEvent
        ? [
            {
              label: '成交记录',
              value: `交易系统事件链第${f.awardedEvent.sequence}号事件（成交）SHA-256：${f.awardedEvent.hash}`,
            },
          ]
        : []),
      { label: '竞得人义务', value: f.obligations.length ? f.obligations.join('；') : '无' },
      {
        label: '签订《成交确认书》',
        value: `请持本通知书到${f.seller.name}${f.seller.address ? `（${f.seller.address}）` : ''}签订《国有建设用地使用权成交确认书》，签订期限按出让文件的约定`,
      },
      { label: '出让方', value: partyText(f.seller) },
      { label: '交易机构', value: partyText(f.tradingCenter) },
    ],
    closing: '竞得人已缴纳的竞买保证金抵作成交价款。本通知书经网上打印，凭验证码可在交易系统核验真伪。',
    issuer: f.tradingCenter.name,
    issuedOn: dateText(f.issuedAt),
    verificationCode: f.verificationCode,
  };
}
