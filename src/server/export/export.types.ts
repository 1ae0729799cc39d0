import { Field, Int, ObjectType } from 'type-graphql';

@ObjectType('CsvExport', {
  description: '导出 — one list of a query result as CSV text (RFC 4180), with what a download needs',
})
export class CsvExport {
  @Field({
    description:
      'a file name for the download: the list’s path and today’s date, e.g. mobilityBreakdown-2024-11-01.csv',
  })
  filename!: string;

  @Field({ description: 'the media type of csv: text/csv; charset=utf-8' })
  contentType!: string;

  @Field(() => Int, { description: 'rows below the header line' })
  rowCount!: number;

  @Field(() => [String], {
    description: 'the column names, in selection order; nested objects as dotted paths (member.name)',
  })
  columns!: string[];

  @Field({
    description:
      "the CSV: a header line, then one line per row, CRLF line ends, fields with a comma, quote or line break quoted; text a spreadsheet would run as a formula (leading = + - @) starts with ' (numbers are left alone). No byte order mark here (the POST /export.csv download adds one, for Excel). Empty when the list is",
  })
  csv!: string;

  @Field(() => Boolean, {
    nullable: true,
    description: 'for a connection that selects pageInfo { hasNextPage }: whether more rows follow',
  })
  hasNextPage!: boolean | null;

  @Field(() => String, {
    nullable: true,
    description:
      'for a connection that selects pageInfo { endCursor }: pass it as `after` to export the next page',
  })
  endCursor!: string | null;
}
