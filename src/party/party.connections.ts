/** Relay connection types of the party graph, in one module so resolvers can share them without cycles. */
import { ConnectionType } from '../common/pagination';
import { PartyOrganization } from './organization/organization.entity';
import { PartyMember } from './member/member.entity';
import { MobilityRecord } from './mobility/mobility.entity';

export const PartyOrganizationConnection = ConnectionType(PartyOrganization, 'PartyOrganization');
export const PartyMemberConnection = ConnectionType(PartyMember, 'PartyMember');
export const MobilityRecordConnection = ConnectionType(MobilityRecord, 'MobilityRecord');
