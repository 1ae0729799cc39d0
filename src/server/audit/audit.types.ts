import { Field, InputType } from 'type-graphql';
import { DateTimeScalar } from '../../common/scalars';

@InputType('AuditEntryFilter', {
  description: '审计记录筛选 — which audit entries to list; all given conditions apply',
})
export class AuditEntryFilter {
  @Field(() => String, {
    nullable: true,
    description: 'the actor, exactly (JWT sub, e.g. staff:centre.operator)',
  })
  subject?: string | null;

  @Field(() => String, { nullable: true, description: 'the Mutation field, exactly (e.g. placeBid)' })
  field?: string | null;

  @Field(() => String, { nullable: true, description: 'OK, or an error code' })
  outcome?: string | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'entries at or after this instant' })
  from?: Date | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'entries before this instant' })
  to?: Date | null;
}
