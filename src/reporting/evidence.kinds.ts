/**
 * Which evidence files are accepted: the extension names the kind and the first bytes must agree,
 * so a renamed executable or an HTML page called "scan.pdf" is refused whatever its name says.
 */
export interface EvidenceKind {
  contentType: string;
  magic: 'pdf' | 'png' | 'jpeg' | 'gif' | 'webp' | 'zip' | 'ole' | 'tiff';
}

const OOXML = 'application/vnd.openxmlformats-officedocument';
export const EVIDENCE_KINDS: Record<string, EvidenceKind> = {
  pdf: { contentType: 'application/pdf', magic: 'pdf' },
  png: { contentType: 'image/png', magic: 'png' },
  jpg: { contentType: 'image/jpeg', magic: 'jpeg' },
  jpeg: { contentType: 'image/jpeg', magic: 'jpeg' },
  gif: { contentType: 'image/gif', magic: 'gif' },
  webp: { contentType: 'image/webp', magic: 'webp' },
  tif: { contentType: 'image/tiff', magic: 'tiff' },
  tiff: { contentType: 'image/tiff', magic: 'tiff' },
  docx: { contentType: `${OOXML}.wordprocessingml.document`, magic: 'zip' },
  xlsx: { contentType: `${OOXML}.spreadsheetml.sheet`, magic: 'zip' },
  pptx: { contentType: `${OOXML}.presentationml.presentation`, magic: 'zip' },
  // 版式文档 (GB/T 33190), the format of many official documents: a zip like OOXML
  ofd: { contentType: 'application/ofd', magic: 'zip' },
  zip: { contentType: 'application/zip', magic: 'zip' },
  // legacy Office and WPS files are OLE compound documents
  doc: { contentType: 'application/msword', magic: 'ole' },
  xls: { contentType: 'application/vnd.ms-excel', magic: 'ole' },
  ppt: { contentType: 'application/vnd.ms-powerpoint', magic: 'ole' },
  wps: { contentType: 'application/vnd.ms-works', magic: 'ole' },
  et: { contentType: 'application/vnd.ms-excel', magic: 'ole' },
};

export const ACCEPTED_EXTENSIONS = Object.keys(EVIDENCE_KINDS);

const startsWith = (b: Uint8Array, bytes: number[], at = 0) => bytes.every((x, i) => b[at + i] === x);
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

export function magicMatches(head: Uint8Array, magic: EvidenceKind['magic']): boolean {
  switch (magic) {
    case 'pdf':
      return startsWith(head, ascii('%PDF-'));
    case 'png':
      return startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    case 'jpeg':
      return startsWith(head, [0xff, 0xd8, 0xff]);
    case 'gif':
      return startsWith(head, ascii('GIF87a')) || startsWith(head, ascii('GIF89a'));
    case 'webp':
      return startsWith(head, ascii('RIFF')) && startsWith(head, ascii('WEBP'), 8);
    case 'tiff':
      return startsWith(head, [0x49, 0x49, 0x2a, 0x00]) || startsWith(head, [0x4d, 0x4d, 0x00, 0x2a]);
    case 'zip':
      return startsWith(head, [0x50, 0x4b, 0x03, 0x04]);
    case 'ole':
      return startsWith(head, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
  }
}

export function extensionOf(filename: string): string {
  const m = /\.([A-Za-z0-9]{1,8})$/.exec(filename);
  return m ? m[1].toLowerCase() : '';
}
