import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../server/context';
import { PartyMember } from './member.entity';
import { PartyOrganization } from './organization.entity';
import { loadRef } from './party.loaders';
import { RelationshipTransfer } from './transfer.entity';
import { completeTransfer, listTransfers, rejectTransfer, requestTransfer } from './transfer.service';
import { RequestTransferInput, TransferStatus } from './transfer.types';

@Resolver(() => RelationshipTransfer)
export class TransferResolver {
  @Query(() => [RelationshipTransfer], {
    description: 'transfers into or out of the organization’s subtree, in your scope, newest first',
  })
  transfers(
    @Arg('organizationId', () => ID) organizationId: string,
    @Arg('status', () => [TransferStatus], { nullable: true }) status: TransferStatus[] | null,
    @Ctx() ctx: Context,
  ) {
    return listTransfers(ctx, organizationId, status);
  }

  @Mutation(() => RelationshipTransfer, {
    description: 'the member, or an administrator of its formal organization, asks to transfer to a branch',
  })
  requestTransfer(
    @Arg('input', () => RequestTransferInput) input: RequestTransferInput,
    @Ctx() ctx: Context,
  ) {
    return requestTransfer(ctx, input);
  }

  @Mutation(() => RelationshipTransfer, {
    description:
      'the receiving side: the formal organization moves; an active mobility record ends as TRANSFERRED',
  })
  completeTransfer(@Arg('id', () => ID) id: string, @Ctx() ctx: Context) {
    return completeTransfer(ctx, id);
  }

  @Mutation(() => RelationshipTransfer, { description: 'the receiving side declines, with a reason' })
  rejectTransfer(@Arg('id', () => ID) id: string, @Arg('note') note: string, @Ctx() ctx: Context) {
    return rejectTransfer(ctx, id, note);
  }

  @FieldResolver(() => PartyMember)
  member(@Root() t: RelationshipTransfer, @Ctx() ctx: Context) {
    return loadRef(ctx, PartyMember, t.member);
  }

  @FieldResolver(() => PartyOrganization)
  fromOrganization(@Root() t: RelationshipTransfer, @Ctx() ctx: Context) {
    return loadRef(ctx, PartyOrganization, t.fromOrganization);
  }

  @FieldResolver(() => PartyOrganization)
  toOrganization(@Root() t: RelationshipTransfer, @Ctx() ctx: Context) {
    return loadRef(ctx, PartyOrganization, t.toOrganization);
  }
}
