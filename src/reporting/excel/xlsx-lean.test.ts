import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { readUpload } from './upload-reader.ts';

/** A workbook written by hand the way WPS and Excel write theirs: prefixes, inline and shared strings, shared formulas. */
async function handMade(sheet1: string, opts: { sst?: string; styles?: string } = {}): Promise<string> {
  const zip = new JSZip();
  zip.file('[Content_Types].xml', '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>');
  zip.file(
    'xl/workbook.xml',
    '<?xml version="1.0" encoding="UTF-8"?><x:workbook xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><x:sheets>' +
      '<x:sheet name="数据" sheetId="1" r:id="rId1"/><x:sheet name="_luoshi" sheetId="2" state="veryHidden" r:id="rId2"/><x:sheet name="Sheet3" sheetId="3" r:id="rId3"/></x:sheets></x:workbook>',
  );
  zip.file(
    'xl/_rels/workbook.xml.rels',
    '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      '<Relationship Id="rId1" Type="worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="worksheet" Target="/xl/worksheets/sheet2.xml"/><Relationship Id="rId3" Type="worksheet" Target="worksheets/sheet3.xml"/></Relationships>',
  );
  if (opts.sst) zip.file('xl/sharedStrings.xml', opts.sst);
  if (opts.styles) zip.file('xl/styles.xml', opts.styles);
  zip.file('xl/worksheets/sheet1.xml', `<?xml version="1.0"?><x:worksheet xmlns:x="m"><x:sheetData>${sheet1}</x:sheetData><x:mergeCells count="1"><x:mergeCell ref="A3:A4"/></x:mergeCells></x:worksheet>`);
  zip.file('xl/worksheets/sheet2.xml', '<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>form_code</t></is></c><c r="B1" t="inlineStr"><is><t>HB-M</t></is></c></row><row r="2"><c r="B2"><v>3</v></c></row></sheetData></worksheet>');
  zip.file('xl/worksheets/sheet3.xml', '<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>备注</t></is></c></row></sheetData></worksheet>');
  const dir = mkdtempSync(join(tmpdir(), 'luoshi-lean-'));
  const path = join(dir, 'hand.xlsx');
  writeFileSync(path, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
  return path;
}

describe('reading an uploaded workbook', () => {
  it('reads prefixed XML, shared and inline strings (rich text, phonetic runs, entities), shared formulas, formats, merges, cells without r', async () => {
    const sst =
      '<sst xmlns="m"><si><t>区划代码</t></si><si><t>指标代码</t></si><si><t>本期值</t></si><si><r><rPr><b/></rPr><t>说</t></r><r><t>明</t></r><rPh><t>shuo</t></rPh></si>' +
      '<si><t xml:space="preserve"> 含 &lt;光纤&gt; &amp; 5G &#x2014; 台账 </t></si><si/></sst>';
    const styles = '<styleSheet><numFmts count="1"><numFmt numFmtId="164" formatCode="000000"/></numFmts><cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="9"/></cellXfs></styleSheet>';
    const rows =
      '<x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c><x:c r="C1" t="s"><x:v>1</x:v></x:c><x:c r="G1" t="s"><x:v>2</x:v></x:c><x:c r="H1" t="s"><x:v>3</x:v></x:c></x:row>' +
      '<x:row r="2"><x:c r="A2" s="1"><x:v>10101</x:v></x:c><x:c r="C2" t="inlineStr"><x:is><x:t>users</x:t></x:is></x:c><x:c r="G2"><x:f>100+23.5</x:f><x:v>123.5</x:v></x:c><x:c r="H2" t="s"><x:v>4</x:v></x:c></x:row>' +
      '<x:row r="3"><x:c r="A3" t="str"><x:f>"6322"&amp;"22"</x:f><x:v>632222</x:v></x:c><x:c r="C3" t="inlineStr"><x:is><x:t>users</x:t></x:is></x:c><x:c r="G3" s="2"><x:v>0.85</x:v></x:c></x:row>' +
      '<x:row><x:c/><x:c/><x:c t="inlineStr"><x:is><x:t>homes</x:t></x:is></x:c><x:c/><x:c/><x:c/><x:c><x:f t="shared" si="0"/></x:c><x:c t="e"><x:v>#DIV/0!</x:v></x:c></x:row>';
    const r = await readUpload(await handMade(rows, { sst, styles }));
    expect(r.dataSheet).toBe('数据');
    expect(r.columns).toMatchObject({ divisionCode: 'A', elementCode: 'C', value: 'G', comment: 'H' });
    expect(r.merges).toEqual(['A3:A4']);
    expect(r.ignoredSheets).toEqual(['Sheet3']);
    expect(r.meta?.get(1)).toBe('HB-M');
    expect(r.meta?.get(2)).toBe(3);
    expect(r.rows).toEqual([
      { row: 2, cells: { divisionCode: 10101, elementCode: 'users', value: { formula: '100+23.5', result: 123.5 }, comment: ' 含 <光纤> & 5G — 台账 ' }, fmts: { divisionCode: '000000' } },
      { row: 3, cells: { divisionCode: { formula: '"6322"&"22"', result: '632222' }, elementCode: 'users', value: 0.85 }, fmts: { value: '0%' } },
      { row: 4, cells: { elementCode: 'homes', value: { formula: '', result: null }, comment: { error: '#DIV/0!' } }, fmts: {} },
    ]);
  });

  it('calls a truncated or garbled workbook corrupt (400), never a crash', async () => {
    const path = await handMade('<x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>区划代码</x:t></x:is></x:c>');
    const r = await readUpload(path); // unterminated XML simply ends
    expect(r.rows).toEqual([]);
  });
});
