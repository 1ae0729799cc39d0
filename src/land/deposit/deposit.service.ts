import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { badInput, DomainError, ErrorCode, notFound } from '../../common/errors';
import { isUuid, newId } from '../../common/ids';
import type { Context } from '../../common/request/context';
import { Application, ApplicationMember } from '../application/application.entity';
import { ApplicationStatus } from '../application/application.types';
import { AuctionResult } from '../result/auction-result.entity';
import { withAuction, type AuctionWork } from '../auction/auction.service';
import { DepositPayment } from './deposit.entity';
import { checkRefund, depositState, judgeTransfer, sameTransfer } from './deposit.rules';
import type { DepositArrivalInput, DepositRefundInput } from './deposit.types';
import { newBiddingNumber } from '../application/application.service';
import { normalizeAccountNumber, requiredText } from '../land.input';
import { randomDigits } from '../land.random';
import { requireBank } from '../land.policy';

const conflict = () =>
  new DomainError(ErrorCode.CONFLICT, 'this bank transaction id was already reported with other data');

/** 《网上竞买资格确认书》: the deposit is in, so the application qualifies at once with its bidding number. */
async function qualify(work: AuctionWork, application: Application): Promise<void> {
  const biddingNumber = await newBiddingNumber(work.em, work.auction.id);
  await work.em.nativeUpdate(
    Application,
    { id: application.id, status: ApplicationStatus.DEPOSIT_PENDING },
    {
      status: ApplicationStatus.QUALIFIED,
      biddingNumber,
      qualificationNumber: `ZG-${work.auction.code}-${randomDigits(10)}`,
      qualifiedAt: work.now,
    },
  );
}

/** The bank reports a transfer to a deposit account. Repeating a report changes nothing. */
export async function recordDepositArrival(
  ctx: Context,
  input: DepositArrivalInput,
): Promise<DepositPayment> {
  requireBank(ctx.viewer);
  const report = {
    accountNumber: requiredText(input.accountNumber, 'accountNumber', 32),
    bankTransactionId: requiredText(input.bankTransactionId, 'bankTransactionId', 100),
    payerAccountName: requiredText(input.payerAccountName, 'payerAccountName', 200),
    payerAccountNumber: input.payerAccountNumber ? normalizeAccountNumber(input.payerAccountNumber) : null,
    amount: input.amount,
    arrivedAt: input.arrivedAt,
  };
  if (report.amount <= 0) throw badInput('amount must be above 0', { field: 'amount' });
  const account = await ctx.em.findOne(Application, { depositAccountNumber: report.accountNumber });
  if (!account) throw notFound('deposit account');

  const existingFor = async (em: typeof ctx.em) => {
    const existing = await em.findOne(
      DepositPayment,
      { bankTransactionId: report.bankTransactionId },
      { populate: ['application'] },
    );
    if (!existing) return null;
    const same = sameTransfer(
      { ...existing, accountNumber: existing.application.depositAccountNumber },
      report,
    );
    if (!same) throw conflict();
    return existing.id;
  };

  let id: string;
  try {
    id = await withAuction(ctx, account.auction.id, async (work) => {
      const repeated = await existingFor(work.em);
      if (repeated) return repeated;
      const application = await work.em.findOneOrFail(Application, { id: account.id });
      const alreadyAccepted =
        (await work.em.count(DepositPayment, { application: account.id, accepted: true })) > 0;
      const lead = await work.em.findOne(
        ApplicationMember,
        { application: account.id, lead: true },
        { populate: ['bidder'] },
      );
      const basic = lead?.bidder.basicAccountNumber ?? null;
      // the account number identifies the account; the name the bank reports is recorded as it came
      const fromBasicAccount = basic !== null && report.payerAccountNumber === basic;
      const verdict = judgeTransfer(
        report,
        {
          applicationStatus: application.status,
          auctionStatus: work.auction.status,
          amountDue: application.depositAmountDue,
          depositDeadline: work.auction.depositDeadline,
          quoteEnd: work.auction.quoteEnd,
          alreadyAccepted,
          fromBasicAccount,
        },
        work.now,
      );
      const paymentId = newId();
      await work.em.insert(DepositPayment, {
        id: paymentId,
        application: account.id,
        amount: report.amount,
        arrivedAt: report.arrivedAt,
        bankTransactionId: report.bankTransactionId,
        payerAccountName: report.payerAccountName,
        payerAccountNumber: report.payerAccountNumber,
        accepted: verdict.accepted,
        rejectionCode: verdict.accepted ? null : verdict.rejectionCode,
        reportedAt: work.now,
        refundedAt: null,
        refundTransactionId: null,
      });
      if (verdict.accepted) await qualify(work, application);
      return paymentId;
    });
  } catch (error) {
    // the same transaction reported at once for two accounts: one wins, the other is told
    if (!(error instanceof UniqueConstraintViolationException)) throw error;
    const repeated = await existingFor(ctx.orm.em.fork());
    if (!repeated) throw conflict();
    id = repeated;
  }
  return ctx.em.findOneOrFail(DepositPayment, { id });
}

/** The bank reports a transfer returned: one not kept, or a deposit that is due back. */
export async function recordDepositRefund(ctx: Context, input: DepositRefundInput): Promise<DepositPayment> {
  requireBank(ctx.viewer);
  const refundTransactionId = requiredText(input.bankTransactionId, 'bankTransactionId', 100);
  const found = isUuid(input.paymentId)
    ? await ctx.em.findOne(DepositPayment, { id: input.paymentId }, { populate: ['application'] })
    : null;
  if (!found) throw notFound('deposit payment');
  try {
    await withAuction(ctx, found.application.auction.id, async (work) => {
      const payment = await work.em.findOneOrFail(
        DepositPayment,
        { id: found.id },
        { populate: ['application'] },
      );
      if (payment.refundedAt) {
        const same =
          payment.refundTransactionId === refundTransactionId &&
          payment.refundedAt.getTime() === input.refundedAt.getTime();
        if (same) return;
        throw new DomainError(ErrorCode.CONFLICT, 'this transfer was already reported returned');
      }
      const result = await work.em.findOne(AuctionResult, { auction: work.auction.id });
      const state = depositState({
        applicationStatus: payment.application.status,
        auctionStatus: work.auction.status,
        hasAcceptedPayment: payment.accepted,
        acceptedPaymentRefunded: false,
        isWinner: result?.winnerApplication.id === payment.application.id,
      });
      checkRefund(payment, state);
      await work.em.nativeUpdate(
        DepositPayment,
        { id: payment.id, refundedAt: null },
        { refundedAt: input.refundedAt, refundTransactionId },
      );
    });
  } catch (error) {
    if (error instanceof UniqueConstraintViolationException) {
      throw new DomainError(ErrorCode.CONFLICT, 'this refund transaction id was already reported');
    }
    throw error;
  }
  return ctx.em.findOneOrFail(DepositPayment, { id: found.id }, { refresh: true });
}
