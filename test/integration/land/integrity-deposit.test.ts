/**
 * The notice's other conditions (DOMAIN.md §1.3): an application needs every applicant's integrity record
 * (诚信库) complete, which a bidder completes itself and the trading centre sees; the deposit must come from the
 * lead's registered basic account (基本户), else it is recorded as DEPOSIT_WRONG_PAYER and is due back.
 */
import { randomBytes } from 'node:crypto';
import { ManualClock } from '../../../src/common/clock';
import { testDatabases } from '../../helpers/environment';
import { codes, startTestServer, type TestServer } from '../../helpers/server';
import { Land, type TestBidder } from '../../helpers/land';

const PROFILE = `query Profile($id: ID!) {
  bidder(id: $id) {
    integrityProfileComplete
    integrityProfile { legalRepresentative contactName contactPhone address complete completedAt
      basicAccount { bankName accountName accountNumber } }
    basicAccount { accountNumber }
  }
}`;
const COMPLETE = `mutation Complete($input: IntegrityProfileInput!) {
  completeIntegrityProfile(input: $input) { id integrityProfileComplete basicAccount { accountNumber } }
}`;
const APPLY = `mutation Apply($input: ApplyInput!) { applyForAuction(input: $input) { id status depositAccount { accountNumber } } }`;
const APPLICATION = `query App($id: ID!) { application(id: $id) { status depositState payments { id accepted rejectionCode payerAccountNumber } } }`;
const REFUND = `mutation Refund($input: DepositRefundInput!) { recordDepositRefund(input: $input) { id refundedAt } }`;
const COUNT = `query Count($id: ID!) { auction(id: $id) { applications { id } } }`;

describe.each(testDatabases())('integrity record and basic account on %s', (db) => {
  let server: TestServer;
  let land: Land;
  let auctionId: string;
  let newcomer: TestBidder;

  beforeAll(async () => {
    server = await startTestServer({ db, clock: new ManualClock('2025-03-01T09:00:00+08:00') });
    land = new Land(server);
    auctionId = await land.auction();
    newcomer = await land.bidder('新注册测试公司', undefined, {
      integrityProfileComplete: false,
      basicAccount: null,
    });
  });
  afterAll(() => server?.close());

  it('refuses an application while the integrity record is incomplete, and changes nothing', async () => {
    const before = (
      await server.data<{ auction: { applications: unknown[] } }>(
        COUNT,
        { id: auctionId },
        { token: land.center },
      )
    ).auction.applications.length;
    const response = await server.request(APPLY, { input: { auctionId } }, { token: newcomer.token });
    expect(codes(response)).toEqual(['INTEGRITY_PROFILE_INCOMPLETE']);
    const after = (
      await server.data<{ auction: { applications: unknown[] } }>(
        COUNT,
        { id: auctionId },
        { token: land.center },
      )
    ).auction.applications.length;
    expect(after).toBe(before);
  });

  it('refuses a joint application with a member whose record is incomplete', async () => {
    const lead = await land.bidder('联合牵头测试公司');
    const response = await server.request(
      APPLY,
      {
        input: {
          auctionId,
          members: [
            { bidderId: lead.id, sharePercent: '60', lead: true },
            { bidderId: newcomer.id, sharePercent: '40' },
          ],
        },
      },
      { token: lead.token },
    );
    expect(codes(response)).toEqual(['INTEGRITY_PROFILE_INCOMPLETE']);
  });

  it('lets the bidder complete its record itself; the trading centre sees it, nobody else does', async () => {
    const incomplete = {
      legalRepresentative: '张三',
      contactName: '李四',
      contactPhone: '0971-0000000',
      address: ' ',
    };
    const basicAccount = {
      bankName: '测试银行城东支行',
      accountName: '新注册测试公司',
      accountNumber: '6222 0000 1111 2222',
    };
    expect(
      codes(
        await server.request(COMPLETE, { input: { ...incomplete, basicAccount } }, { token: newcomer.token }),
      ),
    ).toEqual(['BAD_USER_INPUT']);
    expect(
      codes(
        await server.request(
          COMPLETE,
          { input: { ...incomplete, address: '西宁市城东区', basicAccount } },
          { token: land.center },
        ),
      ),
    ).toEqual(['FORBIDDEN']);
    const done = await server.data<{
      completeIntegrityProfile: {
        integrityProfileComplete: boolean;
        basicAccount: { accountNumber: string };
      };
    }>(
      COMPLETE,
      { input: { ...incomplete, address: '西宁市城东区', basicAccount } },
      { token: newcomer.token },
    );
    expect(done.completeIntegrityProfile).toEqual({
      id: newcomer.id,
      integrityProfileComplete: true,
      basicAccount: { accountNumber: '6222000011112222' },
    });
    const seen = await server.data<{ bidder: Record<string, unknown> }>(
      PROFILE,
      { id: newcomer.id },
      { token: land.center },
    );
    expect(seen.bidder).toEqual({
      integrityProfileComplete: true,
      integrityProfile: {
        legalRepresentative: '张三',
        contactName: '李四',
        contactPhone: '0971-0000000',
        address: '西宁市城东区',
        complete: true,
        completedAt: expect.any(String),
        basicAccount: {
          bankName: '测试银行城东支行',
          accountName: '新注册测试公司',
          accountNumber: '6222000011112222',
        },
      },
      basicAccount: { accountNumber: '6222000011112222' },
    });
    const other = await land.bidder('旁观测试公司');
    const hidden = await server.request<{ bidder: unknown }>(
      PROFILE,
      { id: newcomer.id },
      { token: other.token },
    );
    expect(hidden.data?.bidder ?? null).toBeNull();
  });

  it('records a deposit from another account as DEPOSIT_WRONG_PAYER, due back, and keeps the one from the basic account', async () => {
    const applied = await server.data<{
      applyForAuction: { id: string; status: string; depositAccount: { accountNumber: string } };
    }>(APPLY, { input: { auctionId } }, { token: newcomer.token });
    const account = applied.applyForAuction.depositAccount.accountNumber;
    const wrong = await land.pay(account, '20.00', {
      payer: '新注册测试公司',
      payerAccountNumber: '6222999988887777',
    });
    expect(wrong.data).toMatchObject({
      recordDepositArrival: { accepted: false, rejectionCode: 'DEPOSIT_WRONG_PAYER' },
    });
    const missing = await land.pay(account, '20.00', {
      tx: `TX-${randomBytes(4).toString('hex')}`,
      payer: '新注册测试公司',
    });
    expect(missing.data).toMatchObject({
      recordDepositArrival: { accepted: false, rejectionCode: 'DEPOSIT_WRONG_PAYER' },
    });
    let view = await server.data<{
      application: {
        status: string;
        depositState: string;
        payments: {
          id: string;
          accepted: boolean;
          rejectionCode: string | null;
          payerAccountNumber: string | null;
        }[];
      };
    }>(APPLICATION, { id: applied.applyForAuction.id }, { token: newcomer.token });
    expect(view.application.status).toBe('DEPOSIT_PENDING');
    expect(view.application.payments.map((p) => p.rejectionCode)).toEqual([
      'DEPOSIT_WRONG_PAYER',
      'DEPOSIT_WRONG_PAYER',
    ]);
    // due back: the bank may report it returned
    const refunded = await server.data<{ recordDepositRefund: { refundedAt: string } }>(
      REFUND,
      {
        input: {
          paymentId: view.application.payments[0].id,
          bankTransactionId: `RF-${randomBytes(4).toString('hex')}`,
          refundedAt: server.clock.now().toISOString(),
        },
      },
      { token: land.bank },
    );
    expect(refunded.recordDepositRefund.refundedAt).toBeTruthy();
    const right = await land.pay(account, '20.00', {
      payer: '新注册测试公司',
      payerAccountNumber: '6222-0000-1111-2222',
    });
    expect(right.data).toMatchObject({ recordDepositArrival: { accepted: true, rejectionCode: null } });
    view = await server.data(APPLICATION, { id: applied.applyForAuction.id }, { token: newcomer.token });
    expect(view.application.status).toBe('QUALIFIED');
  });
});
