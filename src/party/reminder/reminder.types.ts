import { Field, ID, InputType, registerEnumType } from 'type-graphql';

export enum ReminderKind {
  UNREPORTED = 'UNREPORTED',
  DUE_SOON = 'DUE_SOON',
  OVERDUE = 'OVERDUE',
}
registerEnumType(ReminderKind, {
  name: 'ReminderKind',
  description: '督促类型 — why a reminder was opened',
  valuesConfig: {
    UNREPORTED: {
      description:
        '未报到 — an outflow not reported to an inflow organization UNREPORTED_REMINDER_DAYS (30) after departure',
    },
    DUE_SOON: {
      description: '即将到期 — a duty of the organization falls due within REMINDER_DUE_SOON_DAYS (7)',
    },
    OVERDUE: { description: '已逾期 — a duty of the organization is overdue' },
  },
});

export enum ReminderStatus {
  OPEN = 'OPEN',
  CLOSED = 'CLOSED',
}
registerEnumType(ReminderStatus, {
  name: 'ReminderStatus',
  description: '督促状态 — open until the duty is met (or the member reports) or the record ends',
  valuesConfig: {
    OPEN: { description: '待办 — open' },
    CLOSED: { description: '已关闭 — the duty was met, the member reported, or the record ended' },
  },
});

@InputType('ReminderFilter', {
  description: '督促筛选 — which reminders to list; all given conditions apply',
})
export class ReminderFilter {
  @Field(() => ID, { nullable: true, description: 'reminders held by this organization or below it' })
  withinId?: string | null;

  @Field(() => ReminderStatus, { nullable: true, description: 'default OPEN' })
  status?: ReminderStatus | null;

  @Field(() => ReminderKind, { nullable: true, description: 'only this kind' })
  kind?: ReminderKind | null;
}
