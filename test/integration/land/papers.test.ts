/**
 * The printable papers: 《网上竞买资格确认书》 for a qualified application and 《成交通知书》 once the documents
 * are in, as PDFs whose text (read back with a PDF text library) holds every field of the auction's data, each
 * with a verification code that verifyNotice confirms without a token. Set PAPER_ARTIFACTS_DIR to keep the PDFs.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, validate } from 'graphql';
import { ManualClock } from '../../../src/common/clock';
import { landModule } from '../../../src/land';
import { Role } from '../../../src/common/viewer';
import { testDatabases } from '../../helpers/environment';
import {
  awardedAuction,
  SAMPLES,
  sha256Of,
  TestCa,
  upload,
  type AwardedAuction,
} from '../../helpers/documents';
import { Land } from '../../helpers/land';
import { pdfText } from '../../helpers/pdf-text';
import { startTestServer, type TestServer } from '../../helpers/server';
import { SubmitDocumentsDocument } from '../../operations/generated';

const VERIFY = `query Verify($code: String!) {
  verifyNotice(code: $code) { kind number auctionCode parcelCode holderName issuedOn finalPrice valid }
}`;
const AUCTION = `query PaperAuction($id: ID!) {
  auction(id: $id) {
    code status startingPrice deposit
    schedule { quoteStart quoteEnd }
    seller { name address contacts { name phone } }
    tradingCenter { name address contacts { name phone } }
    parcel { code location areaSqm landUses leaseTerms { landUse years } obligations { description } }
    result { winnerName finalPrice transactionNoticeNumber awardedAt }
    applications { id members { bidder { name registrationNumber } } qualification { certificateNumber biddingNumber } payments { amount arrivedAt accepted } }
  }
}`;

type AuctionData = {
  auction: {
    code: string;
    status: string;
    deposit: string;
    schedule: { quoteStart: string; quoteEnd: string };
    seller: { name: string; address: string | null; contacts: { name: string; phone: string }[] };
    tradingCenter: { name: string; address: string | null; contacts: { name: string; phone: string }[] };
    parcel: {
      code: string;
      location: string;
      areaSqm: string;
      landUses: string[];
      leaseTerms: { landUse: string; years: number }[];
      obligations: { description: string }[];
    };
    result: {
      winnerName: string;
      finalPrice: string;
      transactionNoticeNumber: string | null;
      awardedAt: string;
    };
    applications: {
      id: string;
      members: { bidder: { name: string; registrationNumber: string } }[];
      qualification: { certificateNumber: string; biddingNumber: string } | null;
      payments: { amount: string; arrivedAt: string; accepted: boolean }[];
    }[];
  };
};

/** Asia/Shanghai wall time as the papers print it */
const shanghai = (iso: string) => {
  const d = new Date(Date.parse(iso) + 8 * 3600_000).toISOString();
  return `${d.slice(0, 4)}年${d.slice(5, 7)}月${d.slice(8, 10)}日${d.slice(11, 16)}`;
};
const figures = (money: string) => {
  const [yuan, fen] = money.split('.');
  return `¥${Number(yuan).toLocaleString('en-US')}.${fen}`;
};
const squeeze = (s: string) => s.replace(/\s+/g, '');

describe.each(testDatabases())('printable papers on %s', (db) => {
  const ca = new TestCa();
  let server: TestServer;
  let land: Land;
  let awarded: AwardedAuction;
  let data: AuctionData['auction'];

  const fetchPaper = (path: string, token?: string) =>
    fetch(`${server.url.replace(/\/graphql$/, '')}${path}`, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
  const keep = (name: string, pdf: Buffer) => {
    const dir = process.env.PAPER_ARTIFACTS_DIR;
    if (!dir) return;
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `${db}-${name}.pdf`), pdf);
  };

  beforeAll(async () => {
    server = await startTestServer({
      db,
      clock: new ManualClock('2025-03-01T09:00:00+08:00'),
      config: { trustedCaFile: ca.file, storage: { kind: 'database' } },
    });
    land = new Land(server);
    awarded = await awardedAuction(server, ca);
  });
  afterAll(() => server?.close());

  const winnerApplication = () => data.applications.find((a) => a.id === awarded.winner.applicationId)!;

  describe('《网上竞买资格确认书》', () => {
    let pdf: Buffer;

    it('prints every field of the qualified application, in real text', async () => {
      data = (await server.data<AuctionData>(AUCTION, { id: awarded.auctionId }, { token: land.center }))
        .auction;
      const response = await fetchPaper(
        `/papers/qualification/${awarded.winner.applicationId}`,
        awarded.winner.token,
      );
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/pdf');
      expect(response.headers.get('content-disposition')).toMatch(/^inline; .*filename\*=UTF-8''/);
      pdf = Buffer.from(await response.arrayBuffer());
      keep('qualification', pdf);
      const { compact, pages } = await pdfText(pdf);
      expect(pages).toBe(1);
      const application = winnerApplication();
      const payment = application.payments.find((p) => p.accepted)!;
      const member = application.members[0].bidder;
      for (const expected of [
        '网上竞买资格确认书',
        `编号：${application.qualification!.certificateNumber}`,
        `挂牌编号：${data.code}`,
        `宗地编号：${data.parcel.code}`,
        `竞买申请人：${member.name}（${member.registrationNumber}）`,
        `竞买号牌：${application.qualification!.biddingNumber}`,
        `人民币${figures(payment.amount)}元（大写：壹亿伍仟零捌拾肆万元整）`,
        `${shanghai(payment.arrivedAt)}到账`,
        `挂牌报价时间：${shanghai(data.schedule.quoteStart)}至${shanghai(data.schedule.quoteEnd)}`,
        `限时竞价时间：${shanghai(data.schedule.quoteEnd)}起`,
        data.tradingCenter.name,
        '（盖章处）',
      ])
        expect(compact).toContain(squeeze(expected));
      expect(payment.amount).toBe(data.deposit);
    });

    it('is readable only by the applicant and the trading centre', async () => {
      const byCenter = await fetchPaper(`/papers/qualification/${awarded.winner.applicationId}`, land.center);
      expect(byCenter.status).toBe(200);
      for (const token of [
        awarded.loser.token,
        land.bureau,
        server.token({ roles: [Role.BANK] }),
        undefined,
      ]) {
        const response = await fetchPaper(`/papers/qualification/${awarded.winner.applicationId}`, token);
        expect(response.status).toBe(404);
        expect(
          ((await response.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions
            .code,
        ).toBe('NOT_FOUND');
      }
    });

    it('carries a code that verifyNotice confirms without a token, with only what the paper shows', async () => {
      const { text } = await pdfText(pdf);
      const code = /验证码：\s*([0-9A-Z-]{23})/.exec(text)![1];
      const verified = await server.data<{ verifyNotice: Record<string, unknown> }>(VERIFY, {
        code: code.toLowerCase().replace(/-/g, ' '),
      });
      expect(verified.verifyNotice).toEqual({
        kind: 'QUALIFICATION_CONFIRMATION',
        number: winnerApplication().qualification!.certificateNumber,
        auctionCode: data.code,
        parcelCode: data.parcel.code,
        holderName: awarded.winner.name,
        issuedOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
        finalPrice: null,
        valid: true,
      });
      // the same paper printed again carries the same code
      const again = await pdfText(
        Buffer.from(
          await (
            await fetchPaper(`/papers/qualification/${awarded.winner.applicationId}`, land.center)
          ).arrayBuffer(),
        ),
      );
      expect(again.text).toContain(code);
    });
  });

  describe('《成交通知书》', () => {
    let pdf: Buffer;

    it('is not issued before the documents are in', async () => {
      const response = await fetchPaper(`/papers/transaction-notice/${awarded.auctionId}`, land.center);
      expect(response.status).toBe(409);
    });

    it('prints every field of the award once the documents are in, with the price in figures and in capitals', async () => {
      const uploaded = await upload(server, {
        token: awarded.winner.token,
        auctionId: awarded.auctionId,
        bytes: SAMPLES.pdf,
        fileName: '竞买资料.pdf',
        key: awarded.winner.cert.privateKeyPem,
      });
      await server.data(
        SubmitDocumentsDocument,
        {
          auctionId: awarded.auctionId,
          documents: [
            {
              kind: 'BIDDING_DOCUMENTS',
              fileName: '竞买资料.pdf',
              sha256: sha256Of(SAMPLES.pdf),
              sizeBytes: SAMPLES.pdf.length,
              documentId: uploaded.body.id,
            },
          ],
        },
        { token: awarded.winner.token },
      );
      data = (await server.data<AuctionData>(AUCTION, { id: awarded.auctionId }, { token: land.center }))
        .auction;
      const response = await fetchPaper(
        `/papers/transaction-notice/${awarded.auctionId}`,
        awarded.winner.token,
      );
      expect(response.status).toBe(200);
      pdf = Buffer.from(await response.arrayBuffer());
      keep('transaction-notice', pdf);
      const { compact, pages } = await pdfText(pdf);
      expect(pages).toBe(1);
      const { result, parcel, seller, tradingCenter } = data;
      const useNames: Record<string, string> = { RESIDENTIAL: '住宅', COMMERCIAL: '商业' };
      expect(result.finalPrice).toBe('766180000.00');
      for (const expected of [
        '国有建设用地使用权挂牌出让成交通知书',
        `编号：${result.transactionNoticeNumber}`,
        `竞得人：${result.winnerName}`,
        `${shanghai(result.awardedAt)}在挂牌编号为${data.code}`,
        `宗地编号：${parcel.code}`,
        `土地位置：${parcel.location}`,
        `出让面积：${parcel.areaSqm}平方米`,
        `土地用途：${parcel.landUses.map((u) => useNames[u]).join('、')}用地`,
        ...parcel.leaseTerms.map((t) => `${useNames[t.landUse]}${t.years}年`),
        `成交价：人民币${figures(result.finalPrice)}元（大写：柒亿陆仟陆佰壹拾捌万元整）`,
        ...parcel.obligations.map((o) => o.description),
        `到${seller.name}（${seller.address}）签订《国有建设用地使用权成交确认书》`,
        ...[seller, tradingCenter].flatMap((p) => [p.name, ...p.contacts.flatMap((c) => [c.name, c.phone])]),
        tradingCenter.address!,
        '（盖章处）',
      ])
        expect(compact).toContain(squeeze(expected));
    });

    it('is readable by the winner, the trading centre and the seller only', async () => {
      for (const token of [land.center, land.bureau]) {
        expect((await fetchPaper(`/papers/transaction-notice/${awarded.auctionId}`, token)).status).toBe(200);
      }
      for (const token of [awarded.loser.token, undefined]) {
        expect((await fetchPaper(`/papers/transaction-notice/${awarded.auctionId}`, token)).status).toBe(404);
      }
    });

    it('prints the hash of the AWARDED event of the hash-chained log, and verifyNotice answers it', async () => {
      const { compact, text } = await pdfText(pdf);
      const code = /验证码：\s*([0-9A-Z-]{23})/.exec(text)![1];
      const verified = await server.data<{ verifyNotice: { logSequence: number; logHash: string } }>(
        `query PapersNoticeLog($code: String!) { verifyNotice(code: $code) { logSequence logHash } }`,
        { code },
      );
      const log = await server.data<{
        auction: { events: { sequence: number; type: string; hash: string }[] };
      }>(
        `query PapersAuctionLog($id: ID!) { auction(id: $id) { events(first: 100) { sequence type hash } } }`,
        { id: awarded.auctionId },
      );
      const award = log.auction.events.find((e) => e.type === 'AWARDED')!;
      expect(award.hash).toMatch(/^[0-9a-f]{64}$/);
      expect(verified.verifyNotice).toEqual({ logSequence: award.sequence, logHash: award.hash });
      expect(compact).toContain(squeeze(`第${award.sequence}号事件（成交）SHA-256：${award.hash}`));
    });

    it('verifies a real code and answers null for a forged one', async () => {
      const { text } = await pdfText(pdf);
      const code = /验证码：\s*([0-9A-Z-]{23})/.exec(text)![1];
      const verified = await server.data<{ verifyNotice: Record<string, unknown> }>(VERIFY, { code });
      expect(verified.verifyNotice).toEqual({
        kind: 'TRANSACTION_NOTICE',
        number: data.result.transactionNoticeNumber,
        auctionCode: data.code,
        parcelCode: data.parcel.code,
        holderName: data.result.winnerName,
        issuedOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
        finalPrice: data.result.finalPrice,
        valid: true,
      });
      const forged = code.slice(0, -1) + (code.endsWith('A') ? 'B' : 'A');
      // the GraphiQL tab's document is valid against the served schema
      const tab = landModule.exampleQueries!.find((q) => q.title.startsWith('文书核验'))!;
      expect(validate(server.app.schema, parse(tab.query)).map((e) => e.message)).toEqual([]);
      for (const attempt of [forged, 'not a code', '']) {
        const response = await server.data<{ verifyNotice: unknown }>(VERIFY, { code: attempt });
        expect(response.verifyNotice).toBeNull();
      }
    });
  });
});
