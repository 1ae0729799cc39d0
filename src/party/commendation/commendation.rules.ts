/** 优秀流出党员表彰: who may decide, and for which year a "none this year" record may be made. Pure. */
import { badInput } from '../../common/errors';
import { OrganizationType } from '../organization/organization.types';
import { isWithin } from '../organization/organization.rules';

/** 决定机关: a committee or working committee strictly above the recommending branch (its committee or above). */
export function checkDecidingBody(
  deciding: { path: string; type: OrganizationType },
  recommendingPath: string,
): void {
  const committee =
    deciding.type === OrganizationType.COMMITTEE || deciding.type === OrganizationType.WORKING_COMMITTEE;
  if (!committee || deciding.path === recommendingPath || !isWithin(recommendingPath, deciding.path)) {
    throw badInput('the deciding body is a committee above the recommending branch', {
      field: 'decidingOrganizationId',
    });
  }
}

/** The year of a "none this year" record: this year or last, and one in which the member was mobile. */
export function checkNoCommendationYear(
  year: number,
  record: { mobileFrom: string; registeredOn: string },
  today: string,
): string {
  const thisYear = Number(today.slice(0, 4));
  if (!Number.isInteger(year) || (year !== thisYear && year !== thisYear - 1)) {
    throw badInput('year must be this year or last year', { field: 'year' });
  }
  const yearEnd = `${year}-12-31`;
  if (record.mobileFrom > (year === thisYear ? today : yearEnd) || record.registeredOn > yearEnd) {
    throw badInput(`the member was not a registered mobile member in ${year}`, { field: 'year' });
  }
  return year === thisYear ? today : yearEnd;
}
