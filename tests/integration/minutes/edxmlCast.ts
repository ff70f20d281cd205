// What the edXML tests share: an agency certificate issued by a test CA with OpenSSL itself (as a PKCS#12 and as PEM
// files), the independent checks — xmllint against the schema, xmlsec1 for the XML signature — and status messages
// written by hand the way QCVN 102:2016 (SĐ1:2022) lays them out, as a receiving system sends them back.
// Needs the Debian packages openssl, libxml2-utils and xmlsec1.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DOMParser } from '@xmldom/xmldom';
import type { ArchiveDocument, BytesAttachment } from '../../../server/archive/DocumentArchive.ts';
import { EDXML_SCHEMA } from '../../../server/archive/edxml.ts';

export interface AgencyCertificate {
  caPath: string;
  certPath: string;
  keyPath: string;
  p12Path: string;
  password: string;
}

const openssl = (args: string[], cwd: string) => execFileSync('openssl', args, { cwd, stdio: 'pipe' });

/** A CA, and the agency's RSA certificate from it, in `dir`. */
export function agencyCertificate(dir: string, name = 'Văn phòng Bộ Khoa học và Công nghệ'): AgencyCertificate {
  openssl(
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      'ca.key',
      '-out',
      'ca.pem',
      '-days',
      '30',
      '-subj',
      '/CN=Test CA chuyen dung/O=Test',
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    ],
    dir,
  );
  openssl(
    [
      'req',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      'agency.key',
      '-out',
      'agency.csr',
      '-subj',
      `/CN=${name}/O=Bo Khoa hoc va Cong nghe`,
      '-utf8',
    ],
    dir,
  );
  writeFileSync(join(dir, 'agency.ext'), 'keyUsage=critical,digitalSignature,nonRepudiation\n');
  openssl(
    [
      'x509',
      '-req',
      '-in',
      'agency.csr',
      '-CA',
      'ca.pem',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-out',
      'agency.pem',
      '-days',
      '30',
      '-sha256',
      '-extfile',
      'agency.ext',
    ],
    dir,
  );
  const password = 'mật khẩu 123';
  openssl(
    [
      'pkcs12',
      '-export',
      '-inkey',
      'agency.key',
      '-in',
      'agency.pem',
      '-certfile',
      'ca.pem',
      '-out',
      'agency.p12',
      '-passout',
      `pass:${password}`,
    ],
    dir,
  );
  return {
    caPath: join(dir, 'ca.pem'),
    certPath: join(dir, 'agency.pem'),
    keyPath: join(dir, 'agency.key'),
    p12Path: join(dir, 'agency.p12'),
    password,
  };
}

/** xmllint against schemas/edxml.xsd. */
export function validate(path: string): { ok: boolean; stderr: string } {
  const result = spawnSync('xmllint', ['--noout', '--schema', EDXML_SCHEMA, path], { encoding: 'utf8' });
  if (result.error) assert.fail(`xmllint is missing (Debian package libxml2-utils): ${result.error.message}`);
  return { ok: result.status === 0, stderr: result.stderr };
}

/** xmlsec1 --verify, trusting only the test CA: the signature and the certificate chain both checked. */
export function verifySignature(path: string, caPath: string): { ok: boolean; output: string } {
  const result = spawnSync('xmlsec1', ['--verify', '--trusted-pem', caPath, path], { encoding: 'utf8' });
  if (result.error) assert.fail(`xmlsec1 is missing (Debian package xmlsec1): ${result.error.message}`);
  return { ok: result.status === 0, output: `${result.stdout}${result.stderr}` };
}

export function assertConformant(xml: string, dir: string, caPath: string, name = 'package.edxml'): void {
  const path = join(dir, name);
  writeFileSync(path, xml);
  const valid = validate(path);
  assert.ok(valid.ok, `schema: ${valid.stderr}`);
  const verified = verifySignature(path, caPath);
  assert.ok(verified.ok, `signature: ${verified.output}`);
}

export interface StatusFields {
  documentId: string;
  code: string;
  /** yyyy/MM/dd HH:mm:ss, Vietnam time. */
  timestamp: string;
  organId?: string;
  organName?: string;
  description?: string;
  staff?: string;
}

/** A status message as a receiving system sends it: edXML Status in a SOAP header. */
export function statusMessage(f: StatusFields): string {
  const [issuer, date, code] = f.documentId.split(',');
  return `<?xml version="1.0" encoding="UTF-8"?>
<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/">
  <SOAP-ENV:Header>
    <edXML:Status xmlns:edXML="http://www.mic.gov.vn/TBT/QCVN_102_2016">
      <edXML:ResponseFor>
        <edXML:OrganId>${issuer}</edXML:OrganId>
        <edXML:Code>${code}</edXML:Code>
        <edXML:PromulgationDate>${date}</edXML:PromulgationDate>
        <edXML:DocumentId>${f.documentId}</edXML:DocumentId>
      </edXML:ResponseFor>
      <edXML:From>
        <edXML:OrganId>${f.organId ?? '000.00.00.G22'}</edXML:OrganId>
        <edXML:OrganName>${f.organName ?? 'Văn phòng Chính phủ'}</edXML:OrganName>
      </edXML:From>
      <edXML:StatusCode>${f.code}</edXML:StatusCode>
      <edXML:Description>${f.description ?? 'Trạng thái xử lý văn bản'}</edXML:Description>
      <edXML:Timestamp>${f.timestamp}</edXML:Timestamp>
      <edXML:StaffInfo>
        <edXML:Department>Văn thư</edXML:Department>
        <edXML:Staff>${f.staff ?? 'Nguyễn Thị Lan'}</edXML:Staff>
      </edXML:StaffInfo>
    </edXML:Status>
  </SOAP-ENV:Header>
  <SOAP-ENV:Body/>
</SOAP-ENV:Envelope>
`;
}

export const MINUTES_META: ArchiveDocument['meta'] = {
  subject: 'Hội nghị giao ban trực tuyến tháng 11/2026 với các địa phương',
  documentType: 'Biên bản',
  number: '15',
  notation: 'BB-VPB',
  issuedOn: '2026-11-23',
  place: 'Hà Nội',
  agency: 'Văn phòng Bộ',
  parentAgency: 'Bộ Khoa học và Công nghệ',
  agencyCode: '000.00.01.G06',
  signers: [
    { name: 'Trần Quốc Khánh', position: 'Thứ trưởng', competence: 'Chủ trì' },
    { name: 'Lê Thị Thu Hà', position: 'Chuyên viên', competence: 'Thư ký' },
  ],
  pages: 3,
  recipients: ['Các thành phần dự họp', 'Lưu: VT'],
  minutesId: 'bien-ban-giao-ban-1',
  meetingId: 'giao-ban-1',
};

/** A record with its signed PDF (any bytes do for the package) and one agenda document. */
export function minutesDocument(
  pdfPath?: string,
): Omit<ArchiveDocument, 'attachments'> & { attachments: BytesAttachment[] } {
  return {
    pdf: pdfPath ? readFileSync(pdfPath) : Buffer.from('%PDF-1.7\n% biên bản đã ký\n%%EOF\n'),
    meta: MINUTES_META,
    attachments: [
      {
        name: 'Báo cáo tháng 11.pdf',
        contentType: 'application/pdf',
        description: 'Tài liệu họp: Báo cáo tháng 11 (phiên bản 1)',
        data: Buffer.from('%PDF-1.7\n% báo cáo\n%%EOF\n'),
      },
    ],
  };
}

/** One line per element — name, attributes, "= text" — indented by depth (the golden files' form). */
export function outline(xml: string): string[] {
  const doc = new DOMParser().parseFromString(xml, 'text/xml');
  const lines: string[] = [];
  const walk = (element: Element, depth: number) => {
    const attributes = Array.from(element.attributes)
      .filter((a) => a.name !== 'xmlns' && !a.name.startsWith('xmlns:'))
      .map((a) => ` @${a.name}=${a.value}`)
      .join('');
    const children = Array.from(element.childNodes).filter((n): n is Element => n.nodeType === 1);
    const text = children.length === 0 ? (element.textContent ?? '').trim() : '';
    lines.push(`${'  '.repeat(depth)}${element.tagName}${attributes}${text ? ` = ${text.replace(/\s+/g, ' ')}` : ''}`);
    children.forEach((c) => walk(c, depth + 1));
  };
  walk(doc.documentElement!, 0);
  return lines;
}

const PLACEHOLDERS: Record<string, string> = {
  '{timestamp}': '\\d{4}/\\d{2}/\\d{2} \\d{2}:\\d{2}:\\d{2}',
  '{cid}': 'cid:\\S+',
  '{sha256}': '[0-9a-f]{64}',
  '{base64}': '[A-Za-z0-9+/= ]+',
};

/** Compares a package's outline with a golden file, line by line, placeholders standing for variable values. */
export function assertMatchesGolden(xml: string, goldenPath: string): void {
  const golden = readFileSync(goldenPath, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '' && !l.startsWith('#'));
  const actual = outline(xml);
  const max = Math.max(golden.length, actual.length);
  for (let i = 0; i < max; i++) {
    const expected = golden[i] ?? '<nothing>';
    const line = actual[i] ?? '<nothing>';
    const pattern = expected
      .split(/(\{[a-z0-9]+\})/)
      .map((part) => PLACEHOLDERS[part] ?? part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('');
    assert.match(
      line,
      new RegExp(`^${pattern}$`),
      `line ${i + 1} of the outline:\n  expected ${expected}\n  actual   ${line}`,
    );
  }
}
