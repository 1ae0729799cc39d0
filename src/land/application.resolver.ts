import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../server/context';
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
import { Auction } from './auction.entity';
import { loadAuction } from './auction.resolver';
import { Bidder } from './bidder.entity';
import { loadBidder } from './bidder.service';
import { DepositPayment } from './deposit.entity';
import { recordDepositArrival, recordDepositRefund } from './deposit.service';
import { DepositArrivalInput, DepositRefundInput } from './deposit.types';

@Resolver(() => Application)
export class ApplicationResolver {
  @Query(() => Application, {
    nullable: true,
    description: 'the trading centre, or a member of the application',
  })
  application(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<Application | null> {
    return findApplication(ctx, id);
  }

  @Mutation(() => Application, { description: 'BIDDER: apply, alone or as the lead of a joint application' })
  applyForAuction(@Arg('input', () => ApplyInput) input: ApplyInput, @Ctx() ctx: Context) {
    return applyForAuction(ctx, input);
  }

  @Mutation(() => Application, { description: 'BIDDER (the lead): withdraw an application' })
  withdrawApplication(@Arg('id', () => ID) id: string, @Ctx() ctx: Context) {
    return withdrawApplication(ctx, id);
  }

  @Mutation(() => Application, { description: 'TRADING_CENTER: reject an application, before the award' })
  rejectApplication(@Arg('id', () => ID) id: string, @Arg('reason') reason: string, @Ctx() ctx: Context) {
    return rejectApplication(ctx, id, reason);
  }

  @Mutation(() => DepositPayment, { description: 'BANK: a transfer arrived at a deposit account' })
  recordDepositArrival(
    @Arg('input', () => DepositArrivalInput) input: DepositArrivalInput,
    @Ctx() ctx: Context,
  ) {
    return recordDepositArrival(ctx, input);
  }

  @Mutation(() => DepositPayment, { description: 'BANK: a transfer was returned' })
  recordDepositRefund(
    @Arg('input', () => DepositRefundInput) input: DepositRefundInput,
    @Ctx() ctx: Context,
  ) {
    return recordDepositRefund(ctx, input);
  }

  @FieldResolver(() => Auction)
  auction(@Root() application: Application, @Ctx() ctx: Context): Promise<Auction> {
    return loadAuction(ctx, application.auction.id);
  }

  @FieldResolver(() => [ApplicationMember])
  members(@Root() application: Application, @Ctx() ctx: Context): Promise<ApplicationMember[]> {
    return membersOf(ctx, application.id);
  }

  @FieldResolver(() => DepositAccount)
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

  @FieldResolver(() => [DepositPayment])
  payments(@Root() application: Application, @Ctx() ctx: Context): Promise<DepositPayment[]> {
    return paymentsOf(ctx, application.id);
  }

  @FieldResolver(() => DepositState)
  depositState(@Root() application: Application, @Ctx() ctx: Context): Promise<DepositState> {
    return depositStateOf(ctx, application);
  }

  @FieldResolver(() => Qualification, { nullable: true })
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
  @FieldResolver(() => Bidder)
  bidder(@Root() member: ApplicationMember, @Ctx() ctx: Context): Promise<Bidder> {
    return loadBidder(ctx, member.bidder.id);
  }
}
