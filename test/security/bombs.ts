/**
 * Hostile files built in memory for the security tests: small on the wire, huge when inflated.
 * Deflate output is produced chunk by chunk, so the test never holds the inflated size itself.
 */
import { randomBytes } from 'node:crypto';
import { crc32, createDeflate, createDeflateRaw, type Deflate, type DeflateRaw } from 'node:zlib';

/** Deflates `total` bytes made by repeating `chunk` (raw: for zip entries). */
async function deflateRepeated(chunk: (i: number) => Buffer, total: number, raw: boolean): Promise<{ data: Buffer; crc: number; size: number }> {
  const z: Deflate | DeflateRaw = raw ? createDeflateRaw({ level: 9 }) : createDeflate({ level: 9 });
  const out: Buffer[] = [];
  z.on('data', (b: Buffer) => out.push(b));
  const done = new Promise<void>((resolve, reject) => z.on('end', resolve).on('error', reject));
  let size = 0;
  let crc = 0;
  for (let i = 0; size < total; i++) {
    const c = chunk(i);
    size += c.length;
    crc = crc32(c, crc);
    if (!z.write(c)) await new Promise((r) => z.once('drain', r));
  }
  z.end();
  await done;
  return { data: Buffer.concat(out), crc, size };
}

/** A one-page PDF whose content stream (FlateDecode) inflates to `inflatedMb` megabytes of text operators. */
export async function flateBombPdf(inflatedMb = 520): Promise<Uint8Array> {
  const ops = Buffer.from('BT /F1 12 Tf 72 720 Td (公司投入) Tj ET\n'.repeat(30_000), 'latin1');
  const { data } = await deflateRepeated(() => ops, inflatedMb * 1024 * 1024, false);
  const objects: Buffer[] = [
    Buffer.from('<< /Type /Catalog /Pages 2 0 R >>'),
    Buffer.from('<< /Type /Pages /Kids [3 0 R] /Count 1 >>'),
    Buffer.from('<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>'),
    Buffer.concat([Buffer.from(`<< /Length ${data.length} /Filter /FlateDecode >>\nstream\n`), data, Buffer.from('\nendstream')]),
    Buffer.from('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>'),
  ];
  const parts: Buffer[] = [Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  let at = parts[0].length;
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(at);
    const b = Buffer.concat([Buffer.from(`${i + 1} 0 obj\n`), o, Buffer.from('\nendobj\n')]);
    parts.push(b);
    at += b.length;
  });
  let tail = `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) tail += `${String(off).padStart(10, '0')} 00000 n \n`;
  tail += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${at}\n%%EOF\n`;
  parts.push(Buffer.from(tail));
  return new Uint8Array(Buffer.concat(parts));
}

interface Entry {
  name: string;
  data: Buffer;
  crc: number;
  size: number;
  /** the size written in the headers (a liar says less) */
  declared?: number;
}

function zip(entries: Entry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name);
    const declared = e.declared ?? e.size;
    const lh = Buffer.alloc(30);
    lh.writeUInt32LE(0x04034b50, 0);
    lh.writeUInt16LE(20, 4);
    lh.writeUInt16LE(8, 8);
    lh.writeUInt32LE(e.crc >>> 0, 14);
    lh.writeUInt32LE(e.data.length, 18);
    lh.writeUInt32LE(declared, 22);
    lh.writeUInt16LE(name.length, 26);
    locals.push(lh, name, e.data);
    const ch = Buffer.alloc(46);
    ch.writeUInt32LE(0x02014b50, 0);
    ch.writeUInt16LE(20, 4);
    ch.writeUInt16LE(20, 6);
    ch.writeUInt16LE(8, 10);
    ch.writeUInt32LE(e.crc >>> 0, 16);
    ch.writeUInt32LE(e.data.length, 20);
    ch.writeUInt32LE(declared, 24);
    ch.writeUInt16LE(name.length, 28);
    ch.writeUInt32LE(offset, 42);
    centrals.push(ch, name);
    offset += 30 + name.length + e.data.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

async function small(name: string, text: string): Promise<Entry> {
  return { name, ...(await deflateRepeated(() => Buffer.from(text), 1, true)) };
}

/**
 * Two .xlsx files around one sheet whose XML inflates to `inflatedMb`, at a realistic ratio (~150,
 * under the per-entry ratio limit): `honest` declares the real size, `liar` claims 1 MB.
 */
export async function xlsxBombs(inflatedMb: number): Promise<{ honest: Buffer; liar: Buffer; ratio: number }> {
  const body = '<row><c t="inlineStr"><is><t>632222</t></is></c><c><v>1</v></c></row>'.repeat(2000);
  const rows = (i: number) =>
    Buffer.from(
      (i === 0 ? '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>' : '') +
        `<!--${randomBytes(420).toString('hex')}-->` +
        body,
    );
  const sheet = await deflateRepeated(rows, inflatedMb * 1024 * 1024, true);
  const parts = [
    await small('[Content_Types].xml', '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>'),
    await small('xl/workbook.xml', '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="数据" sheetId="1" r:id="rId1"/></sheets></workbook>'),
    await small('xl/_rels/workbook.xml.rels', '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'),
  ];
  const entry = { name: 'xl/worksheets/sheet1.xml', ...sheet };
  return { honest: zip([...parts, entry]), liar: zip([...parts, { ...entry, declared: 1024 * 1024 }]), ratio: sheet.size / sheet.data.length };
}

/** A .docx whose document.xml inflates to `inflatedMb` while its zip headers claim 1 MB. */
export async function docxLiar(inflatedMb: number): Promise<Buffer> {
  const para = Buffer.from('<w:p><w:r><w:t>公司投入5000万元</w:t></w:r></w:p>'.repeat(5000));
  const doc = await deflateRepeated(() => para, inflatedMb * 1024 * 1024, true);
  return zip([
    await small('[Content_Types].xml', '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'),
    { name: 'word/document.xml', ...doc, declared: 1024 * 1024 },
  ]);
}

