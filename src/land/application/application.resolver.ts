import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../common/request/context';
import { Application, ApplicationMember } from './application.entity';
import {
  applyForAuction,
  depositStateOf,
  findApplication,
  membersOf,
  paymentsOf,
  rejectApplication,
  withdrawApplication,
} from './application.service';
import { ApplyInput, DepositAccount, DepositState, Qualification } from './application.types';
import { Auction } from '../auction/auction.entity';
import { loadAuction } from '../auction/auction.resolver';
import { Bidder } from '../bidder/bidder.entity';
import { loadBidder } from '../bidder/bidder.service';
import { DepositPayment } from '../deposit/deposit.entity';
import { recordDepositArrival, recordDepositRefund } from '../deposit/deposit.service';
import { DepositArrivalInput, DepositRefundInput } from '../deposit/deposit.types';

@Resolver(() => Application)
export class ApplicationResolver {
  @Query(() => Application, {
    nullable: true,
    description:
      '竞买申请 by id: for the trading centre, or a member of the application; null for anyone else or when there is none',
  })
  application(
    @Arg('id', () => ID, { description: 'the application’s id' }) id: string,
    @Ctx() ctx: Context,
  ): Promise<Application | null> {
    return findApplication(ctx, id);
  }

  @Mutation(() => Application, {
    description:
      'BIDDER: apply, alone or as the lead of a joint application; creates the random deposit account. APPLICATION_CLOSED outside [applicationStart, min(applicationEnd, depositDeadline)) or unless ANNOUNCED/QUOTING; JOINT_APPLICATION_NOT_ALLOWED; BAD_USER_INPUT for bad members or shares; CONFLICT when a member already holds a live application',
  })
  applyForAuction(
    @Arg('input', () => ApplyInput, { description: 'the application' }) input: ApplyInput,
    @Ctx() ctx: Context,
  ) {
    return applyForAuction(ctx, input);
  }

  @Mutation(() => Application, {
    description:
      'BIDDER (the lead): withdraw an application while DEPOSIT_PENDING, or QUALIFIED before quoting starts; an accepted deposit becomes REFUND_DUE. FORBIDDEN for other members, INVALID_TRANSITION otherwise',
  })
  withdrawApplication(
    @Arg('id', () => ID, { description: 'the application to withdraw' }) id: string,
    @Ctx() ctx: Context,
  ) {
    return withdrawApplication(ctx, id);
  }

  @Mutation(() => Application, {
    description:
      'TRADING_CENTER: reject a live application, before the award; an accepted deposit becomes REFUND_DUE. INVALID_TRANSITION otherwise',
  })
  rejectApplication(
    @Arg('id', () => ID, { description: 'the application to reject' }) id: string,
    @Arg('reason', { description: 'why; shown as rejectionReason' }) reason: string,
    @Ctx() ctx: Context,
  ) {
    return rejectApplication(ctx, id, reason);
  }

  @Mutation(() => DepositPayment, {
    description:
      'BANK: a transfer arrived at a deposit account. One full transfer before the deposit deadline qualifies the application; a short or late one is recorded with rejectionCode DEPOSIT_INSUFFICIENT / DEPOSIT_LATE. A repeated report returns the same payment; the same bankTransactionId with other data is CONFLICT; NOT_FOUND for an unknown account',
  })
  recordDepositArrival(
    @Arg('input', () => DepositArrivalInput, { description: 'the bank’s report' }) input: DepositArrivalInput,
    @Ctx() ctx: Context,
  ) {
    return recordDepositArrival(ctx, input);
  }

  @Mutation(() => DepositPayment, {
    description:
      'BANK: a transfer was returned (退还保证金). NOT_FOUND for an unknown payment; CONFLICT when it was already reported returned',
  })
  recordDepositRefund(
    @Arg('input', () => DepositRefundInput, { description: 'the bank’s report of the return' })
    input: DepositRefundInput,
    @Ctx() ctx: Context,
  ) {
    return recordDepositRefund(ctx, input);
  }

  @FieldResolver(() => Auction, { description: 'the auction applied for' })
  auction(@Root() application: Application, @Ctx() ctx: Context): Promise<Auction> {
    return loadAuction(ctx, application.auction.id);
  }

  @FieldResolver(() => [ApplicationMember], {
    description: 'the bidders of the application, lead first as listed',
  })
  members(@Root() application: Application, @Ctx() ctx: Context): Promise<ApplicationMember[]> {
    return membersOf(ctx, application.id);
  }

  @FieldResolver(() => DepositAccount, { description: '保证金账号 — where to pay the deposit' })
  async depositAccount(@Root() application: Application, @Ctx() ctx: Context): Promise<DepositAccount> {
    const auction = await loadAuction(ctx, application.auction.id);
    return {
      accountNumber: application.depositAccountNumber,
      bankName: application.depositBankName,
      accountName: application.depositAccountName,
      amountDue: application.depositAmountDue,
      deadline: auction.depositDeadline,
    };
  }

  @FieldResolver(() => [DepositPayment], {
    description: 'every transfer reported to the deposit account, kept or not',
  })
  payments(@Root() application: Application, @Ctx() ctx: Context): Promise<DepositPayment[]> {
    return paymentsOf(ctx, application.id);
  }

  @FieldResolver(() => DepositState, { description: '保证金状态 — what becomes of the accepted deposit' })
  depositState(@Root() application: Application, @Ctx() ctx: Context): Promise<DepositState> {
    return depositStateOf(ctx, application);
  }

  @FieldResolver(() => Qualification, {
    nullable: true,
    description: '《网上竞买资格确认书》 — set once the deposit is accepted; null before',
  })
  qualification(@Root() application: Application): Qualification | null {
    if (!application.biddingNumber || !application.qualificationNumber || !application.qualifiedAt)
      return null;
    return {
      certificateNumber: application.qualificationNumber,
      biddingNumber: application.biddingNumber,
      issuedAt: application.qualifiedAt,
    };
  }
}

@Resolver(() => ApplicationMember)
export class ApplicationMemberResolver {
  @FieldResolver(() => Bidder, { description: '竞买人 — the bidder' })
  bidder(@Root() member: ApplicationMember, @Ctx() ctx: Context): Promise<Bidder> {
    return loadBidder(ctx, member.bidder.id);
  }
}
