import {
  Arg,
  Args,
  Ctx,
  FieldResolver,
  ID,
  Mutation,
  Query,
  Resolver,
  Root,
  UseMiddleware,
} from 'type-graphql';
import { ConnectionType, PageArgs } from '../../common/pagination';
import type { Context } from '../../common/request/context';
import { RateLimit } from '../../common/request/rate-limit.middleware';
import { ViewerType } from '../../auth/viewer.type';
import { Application } from '../application/application.entity';
import { applicationsOfBidder } from '../application/application.service';
import { syncDue } from '../auction/auction.service';
import { Bidder } from './bidder.entity';
import {
  certificateOf,
  findBidder,
  findOwnBidder,
  isSelfRegistration,
  basicAccountOf,
  completeIntegrityProfile,
  integrityProfileOf,
  listBidders,
  registerBidder,
} from './bidder.service';
import {
  BasicAccount,
  CertificateInfo,
  IntegrityProfile,
  IntegrityProfileInput,
  RegisterBidderInput,
} from './bidder.types';
import { canSeeBidder, registrationNumberFor, viewerBidderId } from '../land.policy';

export const BidderConnection = ConnectionType(Bidder, 'Bidder');

@Resolver(() => Bidder)
export class BidderResolver {
  @Query(() => Bidder, {
    nullable: true,
    description: '竞买人 by id: for the trading centre, or the bidder itself; null for anyone else',
  })
  async bidder(
    @Arg('id', () => ID, { description: 'the bidder’s id' }) id: string,
    @Ctx() ctx: Context,
  ): Promise<Bidder | null> {
    await syncDue(ctx);
    return findBidder(ctx, id);
  }

  @Query(() => BidderConnection, {
    description:
      '竞买人 — registered bidders by name, for TRADING_CENTER only (FORBIDDEN / UNAUTHENTICATED otherwise)',
  })
  bidders(
    @Args() page: PageArgs,
    @Arg('nameContains', () => String, {
      nullable: true,
      description: 'only bidders whose name contains this text',
    })
    nameContains: string | null,
    @Ctx() ctx: Context,
  ) {
    return listBidders(ctx, page, nameContains);
  }

  @Mutation(() => Bidder, {
    description:
      'TRADING_CENTER: register a bidder (with its CA certificate); or, without a token, a bidder registers itself with input.proof. CONFLICT for a registration number or certificate already registered; BAD_USER_INPUT; UNAUTHENTICATED for a failed proof; RATE_LIMITED for self-registrations',
  })
  // self-registrations count like sign-ins: per IP and per certificate
  @UseMiddleware(
    RateLimit('signIn', {
      when: ({ args, context }) => isSelfRegistration(context, args.input as RegisterBidderInput),
      subject: ({ args }) =>
        `certificate:${String((args.input as RegisterBidderInput).certificatePem ?? '').trim()}`,
    }),
  )
  registerBidder(
    @Arg('input', () => RegisterBidderInput, { description: 'the bidder' }) input: RegisterBidderInput,
    @Ctx() ctx: Context,
  ) {
    return registerBidder(ctx, input);
  }

  @FieldResolver(() => String, {
    description: '身份证号 / 统一社会信用代码, masked except to the bidder itself and the trading centre',
  })
  registrationNumber(@Root() bidder: Bidder, @Ctx() ctx: Context): string {
    return registrationNumberFor(ctx.viewer, bidder);
  }

  @FieldResolver(() => CertificateInfo, {
    nullable: true,
    description: 'CA数字证书 — the registered certificate; null when none',
  })
  certificate(@Root() bidder: Bidder): CertificateInfo | null {
    return certificateOf(bidder);
  }

  @Mutation(() => Bidder, {
    description:
      'BIDDER, for itself: complete its integrity record (诚信库) — legal representative, contact, address and basic account (基本户); needed before applying (INTEGRITY_PROFILE_INCOMPLETE). BAD_USER_INPUT for a missing field',
  })
  completeIntegrityProfile(
    @Arg('input', () => IntegrityProfileInput, { description: 'the whole record' })
    input: IntegrityProfileInput,
    @Ctx() ctx: Context,
  ) {
    return completeIntegrityProfile(ctx, input);
  }

  @FieldResolver(() => IntegrityProfile, {
    nullable: true,
    description:
      '诚信库信息 — the integrity record: the bidder itself and TRADING_CENTER; null for anyone else',
  })
  integrityProfile(@Root() bidder: Bidder, @Ctx() ctx: Context): IntegrityProfile | null {
    return canSeeBidder(ctx.viewer, bidder.id) ? integrityProfileOf(bidder) : null;
  }

  @FieldResolver(() => BasicAccount, {
    nullable: true,
    description:
      '基本户 — the account deposits must come from: the bidder itself and TRADING_CENTER; null for anyone else or when none is registered',
  })
  basicAccount(@Root() bidder: Bidder, @Ctx() ctx: Context): BasicAccount | null {
    return canSeeBidder(ctx.viewer, bidder.id) ? basicAccountOf(bidder) : null;
  }

  @FieldResolver(() => [Application], { description: 'the applications of this bidder the viewer may see' })
  applications(@Root() bidder: Bidder, @Ctx() ctx: Context): Promise<Application[]> {
    return applicationsOfBidder(ctx, bidder.id);
  }
}

@Resolver(() => ViewerType)
export class ViewerBidderResolver {
  @FieldResolver(() => Bidder, { nullable: true, description: 'the bidder a BIDDER acts as' })
  async bidder(@Root() viewer: ViewerType, @Ctx() ctx: Context): Promise<Bidder | null> {
    const id = viewerBidderId(viewer.claims);
    if (!id) return null;
    await syncDue(ctx);
    // the viewer's own bidder: also for the viewer a sign-in has just proved (AuthPayload.viewer), while the
    // request itself is still anonymous; fields below still follow the request's viewer (registrationNumber masked)
    return findOwnBidder(ctx, id);
  }
}
