import { csvField, guardFormula, toCsv } from '../../src/server/export/csv';

describe('CSV of result rows', () => {
  it('quotes fields with a comma, a quote or a line break, and only those (RFC 4180)', () => {
    expect(csvField('党员')).toBe('党员');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('one\ntwo')).toBe('"one\ntwo"');
    expect(csvField('one\rtwo')).toBe('"one\rtwo"');
  });

  it('prefixes text a spreadsheet would run as a formula, but leaves numbers alone', () => {
    for (const text of ['=1+2', '+86 139', '-张三', '@SUM(A1)', '\tx', '\rx', '-1+1', '=-1'])
      expect(guardFormula(text)).toBe(`'${text}`);
    for (const text of ['-12.50', '+3', '-0.5', '1e-3', '-1E+5', '2024-01-01', '城东区', '', "'quoted"])
      expect(guardFormula(text)).toBe(text);
  });

  it('flattens nested objects into dotted columns in selection order, whatever rows lack them', () => {
    const { columns, csv } = toCsv([
      { name: '甲', org: null, count: -3, ok: true },
      {
        name: '乙',
        org: { name: '支部, 一', parent: { name: '=x' } },
        count: 2,
        ok: false,
        tags: ['a', 'b'],
      },
    ]);
    expect(columns).toEqual(['name', 'org.name', 'org.parent.name', 'count', 'ok', 'tags']);
    expect(csv).toBe(
      'name,org.name,org.parent.name,count,ok,tags\r\n甲,,,-3,true,\r\n乙,"支部, 一",\'=x,2,false,a; b\r\n',
    );
  });

  it('writes lists of objects as JSON, scalars as a value column, and nothing for no rows', () => {
    expect(toCsv([{ duties: [{ code: 'A' }] }]).csv).toBe('duties\r\n"[{""code"":""A""}]"\r\n');
    expect(toCsv(['x', 1, null])).toEqual({ columns: ['value'], csv: 'value\r\nx\r\n1\r\n\r\n' });
    expect(toCsv([])).toEqual({ columns: [], csv: '' });
  });
});
