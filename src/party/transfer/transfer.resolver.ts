import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../common/request/context';
import { PartyMember } from '../member/member.entity';
import { PartyOrganization } from '../organization/organization.entity';
import { loadRef } from '../party.loaders';
import { RelationshipTransfer } from './transfer.entity';
import { completeTransfer, listTransfers, rejectTransfer, requestTransfer } from './transfer.service';
import { RequestTransferInput, TransferStatus } from './transfer.types';

@Resolver(() => RelationshipTransfer)
export class TransferResolver {
  @Query(() => [RelationshipTransfer], {
    description:
      '组织关系转接 — transfers into or out of the organization’s subtree, in your scope, newest first (any party role)',
  })
  transfers(
    @Arg('organizationId', () => ID, { description: 'the organization whose subtree to look at' })
    organizationId: string,
    @Arg('status', () => [TransferStatus], {
      nullable: true,
      description: 'any of these states; default all',
    })
    status: TransferStatus[] | null,
    @Ctx() ctx: Context,
  ) {
    return listTransfers(ctx, organizationId, status);
  }

  @Mutation(() => RelationshipTransfer, {
    description:
      '组织关系转接 — the member, or an administrator of its formal organization, asks to transfer to a branch. FORBIDDEN for others; CONFLICT when a request is already waiting; BAD_USER_INPUT when the target is not a branch or is the current one',
  })
  requestTransfer(
    @Arg('input', () => RequestTransferInput, { description: 'the request' }) input: RequestTransferInput,
    @Ctx() ctx: Context,
  ) {
    return requestTransfer(ctx, input);
  }

  @Mutation(() => RelationshipTransfer, {
    description:
      'ORG_ADMIN / ORG_DEPARTMENT of the receiving side: the formal organization moves; an active mobility record ends as TRANSFERRED. FORBIDDEN outside the scope; INVALID_TRANSITION unless REQUESTED',
  })
  completeTransfer(@Arg('id', () => ID, { description: 'the transfer' }) id: string, @Ctx() ctx: Context) {
    return completeTransfer(ctx, id);
  }

  @Mutation(() => RelationshipTransfer, {
    description:
      'ORG_ADMIN / ORG_DEPARTMENT of the receiving side declines, with a reason. FORBIDDEN outside the scope; INVALID_TRANSITION unless REQUESTED',
  })
  rejectTransfer(
    @Arg('id', () => ID, { description: 'the transfer' }) id: string,
    @Arg('note', { description: 'the reason, kept as the transfer’s note' }) note: string,
    @Ctx() ctx: Context,
  ) {
    return rejectTransfer(ctx, id, note);
  }

  @FieldResolver(() => PartyMember, { description: 'the member whose relationship moves' })
  member(@Root() t: RelationshipTransfer, @Ctx() ctx: Context) {
    return loadRef(ctx, PartyMember, t.member);
  }

  @FieldResolver(() => PartyOrganization, { description: 'the formal organization it moves from' })
  fromOrganization(@Root() t: RelationshipTransfer, @Ctx() ctx: Context) {
    return loadRef(ctx, PartyOrganization, t.fromOrganization);
  }

  @FieldResolver(() => PartyOrganization, { description: 'the receiving branch' })
  toOrganization(@Root() t: RelationshipTransfer, @Ctx() ctx: Context) {
    return loadRef(ctx, PartyOrganization, t.toOrganization);
  }
}
