import { Ctx, FieldResolver, ID, Resolver, Root } from 'type-graphql';
import type { Context } from '../../common/request/context';
import { SubmittedDocument } from '../result/auction-result.entity';

@Resolver(() => SubmittedDocument)
export class SubmittedDocumentResolver {
  @FieldResolver(() => ID, {
    nullable: true,
    description:
      '上传文件 — the signed upload; GET /documents/{documentId} downloads it (its bidder, TRADING_CENTER, LAND_BUREAU); null for documents recorded before uploads',
  })
  documentId(@Root() document: SubmittedDocument, @Ctx() _ctx: Context): string | null {
    return document.document?.id ?? null;
  }
}
