import { ApplicationStatus, DepositState } from '../../../src/land/application/application.types';
import { AuctionStatus } from '../../../src/land/auction/auction.types';
import {
  checkRefund,
  depositState,
  judgeTransfer,
  sameTransfer,
  type AccountFacts,
} from '../../../src/land/deposit/deposit.rules';
import { at, codeOf } from './fixtures';

const account: AccountFacts = {
  applicationStatus: ApplicationStatus.DEPOSIT_PENDING,
  auctionStatus: AuctionStatus.ANNOUNCED,
  amountDue: 2_000,
  depositDeadline: at(15),
  quoteEnd: at(30),
  alreadyAccepted: false,
  fromBasicAccount: true,
};

describe('which transfer is kept', () => {
  it('keeps one transfer of at least the full amount that arrived before the deadline', () => {
    expect(judgeTransfer({ amount: 2_000, arrivedAt: at(14.99) }, account, at(20))).toEqual({
      accepted: true,
    });
    expect(judgeTransfer({ amount: 2_500, arrivedAt: at(1) }, account, at(1))).toEqual({ accepted: true });
  });

  it('records a transfer from anything but the basic account (基本户) as DEPOSIT_WRONG_PAYER, even a full one in time', () => {
    expect(
      judgeTransfer({ amount: 2_000, arrivedAt: at(1) }, { ...account, fromBasicAccount: false }, at(1)),
    ).toEqual({ accepted: false, rejectionCode: 'DEPOSIT_WRONG_PAYER' });
    // lateness is told first: a late transfer is late whoever paid it
    expect(
      judgeTransfer({ amount: 2_000, arrivedAt: at(15) }, { ...account, fromBasicAccount: false }, at(16)),
    ).toEqual({ accepted: false, rejectionCode: 'DEPOSIT_LATE' });
  });

  it('records a short transfer as DEPOSIT_INSUFFICIENT', () => {
    expect(judgeTransfer({ amount: 1_999, arrivedAt: at(1) }, account, at(1))).toEqual({
      accepted: false,
      rejectionCode: 'DEPOSIT_INSUFFICIENT',
    });
  });

  it('judges lateness by the bank arrival time: arrivedAt at the deadline is late', () => {
    expect(judgeTransfer({ amount: 2_000, arrivedAt: at(15) }, account, at(16))).toEqual({
      accepted: false,
      rejectionCode: 'DEPOSIT_LATE',
    });
  });

  it('treats any transfer reported once quoting has ended as late', () => {
    expect(judgeTransfer({ amount: 2_000, arrivedAt: at(1) }, account, at(30))).toEqual({
      accepted: false,
      rejectionCode: 'DEPOSIT_LATE',
    });
  });

  it('does not keep a second full transfer, nor one for a closed application or a terminated auction', () => {
    expect(
      judgeTransfer({ amount: 2_000, arrivedAt: at(1) }, { ...account, alreadyAccepted: true }, at(1)),
    ).toEqual({
      accepted: false,
      rejectionCode: 'CONFLICT',
    });
    const withdrawn = { ...account, applicationStatus: ApplicationStatus.WITHDRAWN };
    expect(judgeTransfer({ amount: 2_000, arrivedAt: at(1) }, withdrawn, at(1))).toMatchObject({
      rejectionCode: 'APPLICATION_CLOSED',
    });
    const terminated = { ...account, auctionStatus: AuctionStatus.TERMINATED };
    expect(judgeTransfer({ amount: 2_000, arrivedAt: at(1) }, terminated, at(1))).toMatchObject({
      rejectionCode: 'APPLICATION_CLOSED',
    });
  });

  it('still takes transfers while the auction is suspended', () => {
    const suspended = { ...account, auctionStatus: AuctionStatus.SUSPENDED };
    expect(judgeTransfer({ amount: 2_000, arrivedAt: at(1) }, suspended, at(2))).toEqual({ accepted: true });
  });

  it('recognises a repeated report of the same transfer', () => {
    const a = { accountNumber: '1', amount: 5, arrivedAt: at(1), payerAccountName: 'p' };
    expect(sameTransfer(a, { ...a, arrivedAt: new Date(at(1).getTime()) })).toBe(true);
    expect(sameTransfer(a, { ...a, amount: 6 })).toBe(false);
    expect(sameTransfer(a, { ...a, accountNumber: '2' })).toBe(false);
  });
});

describe('deposit states', () => {
  const facts = {
    applicationStatus: ApplicationStatus.QUALIFIED,
    auctionStatus: AuctionStatus.QUOTING,
    hasAcceptedPayment: true,
    acceptedPaymentRefunded: false,
    isWinner: false,
  };

  it.each([
    ['no kept transfer', { hasAcceptedPayment: false }, DepositState.NONE],
    ['trading goes on', {}, DepositState.HELD],
    ['suspended', { auctionStatus: AuctionStatus.SUSPENDED }, DepositState.HELD],
    ['the winner', { auctionStatus: AuctionStatus.AWARDED, isWinner: true }, DepositState.CREDITED],
    [
      'the winner, confirmed',
      { auctionStatus: AuctionStatus.CONFIRMED, isWinner: true },
      DepositState.CREDITED,
    ],
    ['another application won', { auctionStatus: AuctionStatus.AWARDED }, DepositState.REFUND_DUE],
    [
      'the winner defaulted',
      { auctionStatus: AuctionStatus.DEFAULTED, isWinner: true },
      DepositState.FORFEITED,
    ],
    ['someone else defaulted', { auctionStatus: AuctionStatus.DEFAULTED }, DepositState.REFUND_DUE],
    ['failed', { auctionStatus: AuctionStatus.FAILED }, DepositState.REFUND_DUE],
    ['terminated', { auctionStatus: AuctionStatus.TERMINATED }, DepositState.REFUND_DUE],
    ['withdrawn', { applicationStatus: ApplicationStatus.WITHDRAWN }, DepositState.REFUND_DUE],
    ['rejected', { applicationStatus: ApplicationStatus.REJECTED }, DepositState.REFUND_DUE],
    [
      'returned',
      { applicationStatus: ApplicationStatus.REJECTED, acceptedPaymentRefunded: true },
      DepositState.REFUNDED,
    ],
  ])('%s', (_name, change, expected) => {
    expect(depositState({ ...facts, ...change })).toBe(expected);
  });

  it('lets the bank return a transfer not kept, or a deposit due back, and nothing else', () => {
    expect(() => checkRefund({ accepted: false }, DepositState.HELD)).not.toThrow();
    expect(() => checkRefund({ accepted: true }, DepositState.REFUND_DUE)).not.toThrow();
    for (const state of [DepositState.HELD, DepositState.CREDITED, DepositState.FORFEITED]) {
      expect(codeOf(() => checkRefund({ accepted: true }, state))).toBe('INVALID_TRANSITION');
    }
  });
});
