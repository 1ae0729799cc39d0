/**
 * 流动党员工作调度月报 as a printable PDF (A4 landscape, Noto Sans SC from src/common/pdf.ts): the roll-up by base
 * committee with a total line, then the month's work items with their status and answer.
 */
import { chinesePdf } from '../../common/print/pdf';
import { WorkItemStatus, type CommitteeRollupRow, type MonthReport } from './dispatch.types';

/** an ideographic space between the parts of a line, as printed forms do */
const GAP = '\u3000';

const COLUMNS: { label: string; value: (r: CommitteeRollupRow) => number }[] = [
  { label: '流出', value: (r) => r.outflowActive },
  { label: '流入', value: (r) => r.inflowActive },
  { label: '未报到', value: (r) => r.unreported },
  { label: '失联', value: (r) => r.lostContact },
  { label: '流出清单逾期', value: (r) => r.overdueOutflowDuties },
  { label: '流入清单逾期', value: (r) => r.overdueInflowDuties },
  { label: '党员清单逾期', value: (r) => r.overdueMemberDuties },
  { label: '到期待转正', value: (r) => r.conversionsDue },
  { label: '应转尽转', value: (r) => r.shouldTransfer },
];

export const STATUS_LABELS: Record<WorkItemStatus, string> = {
  [WorkItemStatus.ISSUED]: '已下发',
  [WorkItemStatus.OVERDUE]: '逾期未答复',
  [WorkItemStatus.ANSWERED]: '已答复',
  [WorkItemStatus.CLOSED]: '已办结',
};

export const reportTitle = (month: string): string =>
  `流动党员工作调度月报（${month.slice(0, 4)}年${Number(month.slice(5, 7))}月）`;

export function renderMonthReport(report: MonthReport, creationDate: Date): Promise<Buffer> {
  const title = reportTitle(report.month);
  const { doc, done } = chinesePdf(
    { title: `${report.scope.name}${title}`, author: report.scope.name, subject: title, creationDate },
    { layout: 'landscape', margins: { top: 48, bottom: 48, left: 40, right: 40 } },
  );
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const bottom = doc.page.height - doc.page.margins.bottom;

  doc.font('bold').fontSize(18).fillColor('black').text(title, left, 48, { width, align: 'center' });
  doc.moveDown(0.4);
  doc
    .font('regular')
    .fontSize(10.5)
    .text(
      `范围：${report.scope.name}${GAP}${GAP}统计截至：${report.asOf}${GAP}${GAP}口径：具有审批预备党员权限的基层党（工）委`,
      {
        width,
        align: 'center',
      },
    );
  doc.moveDown(0.8);

  // the roll-up table: the committee's name, then one narrow column per figure
  const nameWidth = width - COLUMNS.length * 58;
  const rowHeight = 20;
  let y = doc.y;
  const line = (cells: string[], bold: boolean) => {
    if (y + rowHeight > bottom) {
      doc.addPage();
      y = doc.page.margins.top;
    }
    doc.font(bold ? 'bold' : 'regular').fontSize(9);
    doc.text(cells[0], left + 4, y + 5, {
      width: nameWidth - 8,
      height: rowHeight,
      ellipsis: true,
      lineBreak: false,
    });
    cells.slice(1).forEach((cell, i) => {
      doc.text(cell, left + nameWidth + i * 58, y + 5, { width: 54, align: 'right', lineBreak: false });
    });
    doc
      .lineWidth(0.4)
      .moveTo(left, y + rowHeight)
      .lineTo(left + width, y + rowHeight)
      .stroke('#999999');
    y += rowHeight;
  };
  line(['基层党（工）委', ...COLUMNS.map((c) => c.label)], true);
  for (const row of report.rows) {
    line(
      [
        row.isScope ? `${row.committee.name}（直属及其他）` : row.committee.name,
        ...COLUMNS.map((c) => String(c.value(row))),
      ],
      false,
    );
  }
  line(['合计', ...COLUMNS.map((c) => String(report.rows.reduce((sum, r) => sum + c.value(r), 0)))], true);

  // the month's work items
  y += 16;
  doc.font('bold').fontSize(12).text('调度事项', left, y, { width });
  y = doc.y + 6;
  if (report.items.length === 0) {
    doc.font('regular').fontSize(9.5).text('本月无调度事项。', left, y, { width });
  }
  for (const { item, committee, status } of report.items) {
    const entry =
      `${item.title}${GAP}承办：${committee}${GAP}下发：${item.issuedOn}${GAP}时限：${item.dueOn}${GAP}状态：${STATUS_LABELS[status]}` +
      (item.answer ? `\n答复（${item.answeredOn}）：${item.answer}` : '');
    doc.font('regular').fontSize(9.5);
    const height = doc.heightOfString(entry, { width, lineGap: 2 });
    if (y + height > bottom) {
      doc.addPage();
      y = doc.page.margins.top;
    }
    doc.text(entry, left, y, { width, lineGap: 2 });
    y = doc.y + 6;
  }
  doc.end();
  return done;
}

/** the file name of a month's report */
export const reportFileName = (report: MonthReport): string =>
  `${report.scope.name}${reportTitle(report.month)}.pdf`;
