import { Field, ID, InputType, registerEnumType } from 'type-graphql';

export enum TransferStatus {
  REQUESTED = 'REQUESTED',
  COMPLETED = 'COMPLETED',
  REJECTED = 'REJECTED',
}
registerEnumType(TransferStatus, {
  name: 'TransferStatus',
  description: '转接状态 — where a relationship transfer stands',
  valuesConfig: {
    REQUESTED: { description: '已申请 — requested, waiting for the receiving side' },
    COMPLETED: { description: '已转接 — completed; the formal organization moved' },
    REJECTED: { description: '被退回 — rejected by the receiving side' },
  },
});

@InputType('RequestTransferInput', {
  description: '组织关系转接申请 — a request to transfer a member’s formal relationship',
})
export class RequestTransferInput {
  @Field(() => ID, { description: 'the member whose relationship moves' })
  memberId!: string;

  @Field(() => ID, { description: 'the receiving branch (党支部)' })
  toOrganizationId!: string;

  @Field(() => String, { nullable: true, description: 'a note for the receiving side' })
  note?: string | null;
}
