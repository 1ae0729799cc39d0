import { Field, ObjectType } from 'type-graphql';
import { Role, type Viewer } from '../common/viewer';

/** Who the server takes the caller to be. Domain fields (bidder, member, scopeOrganization) are resolved by each domain. */
@ObjectType('Viewer', { description: '当前用户 — who the server takes the caller to be, from its token' })
export class ViewerType {
  @Field(() => String, { nullable: true, description: 'null for an anonymous viewer' })
  subject!: string | null;

  @Field(() => [Role], { description: 'the roles of the token; empty for an anonymous viewer' })
  roles!: Role[];

  /** the claims behind the viewer, for field resolvers */
  claims!: Viewer;

  static of(viewer: Viewer): ViewerType {
    return Object.assign(new ViewerType(), { subject: viewer.subject, roles: viewer.roles, claims: viewer });
  }
}
