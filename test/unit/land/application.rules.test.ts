import {
  checkApplicationWindow,
  checkRejection,
  checkWithdrawal,
  normalizeMembers,
} from '../../../src/land/application/application.rules';
import { ApplicationStatus } from '../../../src/land/application/application.types';
import { AuctionStatus } from '../../../src/land/auction/auction.types';
import { at, auctionState, codeOf } from './fixtures';

describe('the application window', () => {
  it('is [applicationStart, min(applicationEnd, depositDeadline)) while ANNOUNCED or QUOTING', () => {
    const s = auctionState();
    expect(() => checkApplicationWindow(s, at(0))).not.toThrow();
    expect(() => checkApplicationWindow({ ...s, status: AuctionStatus.QUOTING }, at(14.9))).not.toThrow();
    expect(codeOf(() => checkApplicationWindow(s, at(-0.1)))).toBe('APPLICATION_CLOSED');
    // the deposit deadline (15) comes before applicationEnd (20): an application after it could never qualify
    expect(codeOf(() => checkApplicationWindow({ ...s, status: AuctionStatus.QUOTING }, at(15)))).toBe(
      'APPLICATION_CLOSED',
    );
  });

  it.each([AuctionStatus.DRAFT, AuctionStatus.SUSPENDED, AuctionStatus.TERMINATED, AuctionStatus.IMPORTED])(
    'is closed while %s',
    (status) => {
      expect(codeOf(() => checkApplicationWindow(auctionState({ status }), at(1)))).toBe(
        'APPLICATION_CLOSED',
      );
    },
  );
});

describe('members', () => {
  it('makes an omitted list a sole application of the viewer with 100 %', () => {
    expect(normalizeMembers(null, 'me', false)).toEqual({
      joint: false,
      members: [{ bidderId: 'me', sharePercent: '100', lead: true, position: 0 }],
    });
    expect(normalizeMembers([{ bidderId: 'me', sharePercent: '100' }], 'me', false).joint).toBe(false);
  });

  it('takes a joint application whose shares add up to exactly 100 with the viewer as the one lead', () => {
    const out = normalizeMembers(
      [
        { bidderId: 'me', sharePercent: '33.34', lead: true },
        { bidderId: 'b', sharePercent: '33.33' },
        { bidderId: 'c', sharePercent: '33.33', lead: false },
      ],
      'me',
      true,
    );
    expect(out.joint).toBe(true);
    expect(out.members.map((m) => [m.bidderId, m.lead, m.position])).toEqual([
      ['me', true, 0],
      ['b', false, 1],
      ['c', false, 2],
    ]);
  });

  it('refuses a joint application where the auction takes sole ones only', () => {
    const members = [
      { bidderId: 'me', sharePercent: '50', lead: true },
      { bidderId: 'b', sharePercent: '50' },
    ];
    expect(codeOf(() => normalizeMembers(members, 'me', false))).toBe('JOINT_APPLICATION_NOT_ALLOWED');
  });

  it.each([
    [
      'shares under 100',
      [
        { bidderId: 'me', sharePercent: '50', lead: true },
        { bidderId: 'b', sharePercent: '49.99' },
      ],
    ],
    [
      'shares over 100',
      [
        { bidderId: 'me', sharePercent: '50.01', lead: true },
        { bidderId: 'b', sharePercent: '50' },
      ],
    ],
    [
      'a zero share',
      [
        { bidderId: 'me', sharePercent: '100', lead: true },
        { bidderId: 'b', sharePercent: '0' },
      ],
    ],
    [
      'no lead',
      [
        { bidderId: 'me', sharePercent: '50' },
        { bidderId: 'b', sharePercent: '50' },
      ],
    ],
    [
      'two leads',
      [
        { bidderId: 'me', sharePercent: '50', lead: true },
        { bidderId: 'b', sharePercent: '50', lead: true },
      ],
    ],
    [
      'another lead',
      [
        { bidderId: 'me', sharePercent: '50' },
        { bidderId: 'b', sharePercent: '50', lead: true },
      ],
    ],
    [
      'a bidder twice',
      [
        { bidderId: 'me', sharePercent: '50', lead: true },
        { bidderId: 'me', sharePercent: '50' },
      ],
    ],
    [
      'the viewer missing',
      [
        { bidderId: 'a', sharePercent: '50', lead: true },
        { bidderId: 'b', sharePercent: '50' },
      ],
    ],
    ['a sole share under 100', [{ bidderId: 'me', sharePercent: '99' }]],
  ])('refuses %s with BAD_USER_INPUT', (_name, members) => {
    expect(codeOf(() => normalizeMembers(members, 'me', true))).toBe('BAD_USER_INPUT');
  });
});

describe('withdrawal and rejection', () => {
  it('lets a bidder withdraw while DEPOSIT_PENDING at any time', () => {
    expect(() =>
      checkWithdrawal(
        ApplicationStatus.DEPOSIT_PENDING,
        auctionState({ status: AuctionStatus.QUOTING }),
        at(20),
      ),
    ).not.toThrow();
  });

  it('lets a QUALIFIED bidder withdraw only before quoting starts', () => {
    expect(() => checkWithdrawal(ApplicationStatus.QUALIFIED, auctionState(), at(9))).not.toThrow();
    const suspendedEarly = auctionState({
      status: AuctionStatus.SUSPENDED,
      suspendedFrom: AuctionStatus.ANNOUNCED,
    });
    expect(() => checkWithdrawal(ApplicationStatus.QUALIFIED, suspendedEarly, at(9))).not.toThrow();
    expect(codeOf(() => checkWithdrawal(ApplicationStatus.QUALIFIED, auctionState(), at(10)))).toBe(
      'INVALID_TRANSITION',
    );
    const quoting = auctionState({ status: AuctionStatus.QUOTING });
    expect(codeOf(() => checkWithdrawal(ApplicationStatus.QUALIFIED, quoting, at(5)))).toBe(
      'INVALID_TRANSITION',
    );
    expect(codeOf(() => checkWithdrawal(ApplicationStatus.WITHDRAWN, auctionState(), at(1)))).toBe(
      'INVALID_TRANSITION',
    );
  });

  it('lets the trading centre reject a live application before the award only', () => {
    expect(() =>
      checkRejection(ApplicationStatus.QUALIFIED, auctionState({ status: AuctionStatus.TIMED_BIDDING })),
    ).not.toThrow();
    expect(
      codeOf(() =>
        checkRejection(ApplicationStatus.QUALIFIED, auctionState({ status: AuctionStatus.AWARDED })),
      ),
    ).toBe('INVALID_TRANSITION');
    expect(codeOf(() => checkRejection(ApplicationStatus.REJECTED, auctionState()))).toBe(
      'INVALID_TRANSITION',
    );
  });
});
