import { Arg, Ctx, Query, Resolver } from 'type-graphql';
import type { Context } from '../../common/request/context';
import { NoticeVerification } from './paper.types';
import { verifyNotice } from './paper.service';

@Resolver()
export class PaperResolver {
  @Query(() => NoticeVerification, {
    nullable: true,
    description:
      '文书核验 — public, no token: the paper (《网上竞买资格确认书》 or 《成交通知书》) that carries this verification code, answering only what the paper shows; null for a code that no paper carries. Case, spaces and dashes do not matter. Print a paper at GET /papers/qualification/{applicationId} or /papers/transaction-notice/{auctionId}',
  })
  verifyNotice(
    @Arg('code', {
      description: '验证码 — the code printed at the foot of the paper, e.g. ABCDE-FGHJK-LMNPQ-RSTUV',
    })
    code: string,
    @Ctx() ctx: Context,
  ): Promise<NoticeVerification | null> {
    return verifyNotice(ctx, code);
  }
}
