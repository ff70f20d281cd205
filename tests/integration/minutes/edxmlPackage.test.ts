// The edXML package against QCVN 102:2016 (SĐ1:2022), checked by tools that are not ours: the structure against a
// golden outline written from the standard's tables, every package against the schema with xmllint, its XML
// signature with xmlsec1 trusting only the test CA — and a byte changed in an attachment breaks that signature.
// Update, replacement and recall packages name the original by its DocumentId. Needs openssl, libxml2-utils, xmlsec1.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppFailure } from '../../../common/errors.ts';
import { sha256, type ArchiveDocument } from '../../../server/archive/DocumentArchive.ts';
import { buildEdxml, buildSignedEdxml, EdxmlOutbox, readEdxmlPackage } from '../../../server/archive/edxml.ts';
import { edxmlConfig } from '../../../server/archive/edxmlConfig.ts';
import { loadEdxmlSigningKey, type EdxmlSigningKey } from '../../../server/archive/edxmlSignature.ts';
import { FilingQueue } from '../../../server/archive/FilingQueue.ts';
import {
  agencyCertificate,
  assertConformant,
  assertMatchesGolden,
  minutesDocument,
  validate,
  verifySignature,
  type AgencyCertificate,
} from './edxmlCast.ts';

const TO = [
  { organId: '000.00.00.G22', organName: 'Văn phòng Chính phủ' },
  { organId: '000.00.02.H26', organName: 'Ủy ban nhân dân tỉnh Hòa Bình' },
];
const AT = new Date('2026-11-23T05:00:00Z');

let dir = '';
let cert: AgencyCertificate;
let key: EdxmlSigningKey;
let document: ReturnType<typeof minutesDocument>;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'edxml-package-'));
  cert = agencyCertificate(dir);
  key = loadEdxmlSigningKey({ p12: cert.p12Path, password: cert.password });
  document = minutesDocument();
});
after(() => rmSync(dir, { recursive: true, force: true }));

const signed = (doc: ArchiveDocument = document) => buildSignedEdxml(doc, { to: TO, now: AT, signingKey: key });

describe('an edXML package of signed minutes', () => {
  it('has the structure of the standard: golden outline of a new document', () => {
    assertMatchesGolden(signed(), join(import.meta.dirname, 'fixtures', 'edxml-new.golden.txt'));
  });

  it('writes dates as yyyy/MM/dd and the trace time as yyyy/MM/dd HH:mm:ss in Vietnam time', () => {
    const xml = signed();
    assert.match(xml, /<edXML:PromulgationDate>2026\/11\/23<\/edXML:PromulgationDate>/);
    // 05:00 UTC is 12:00 in Hà Nội.
    assert.match(xml, /<edXML:Timestamp>2026\/11\/23 12:00:00<\/edXML:Timestamp>/);
    assert.doesNotMatch(xml, /\d{4}-\d{2}-\d{2}/, 'no ISO date anywhere in the header');
  });

  it('validates against the schema and its signature verifies with xmlsec1, for a PKCS#12 and for PEM keys', () => {
    assertConformant(signed(), dir, cert.caPath, 'p12.edxml');
    const pemKey = loadEdxmlSigningKey({ certFile: cert.certPath, keyFile: cert.keyPath });
    assertConformant(
      buildSignedEdxml(document, { to: TO, now: AT, signingKey: pemKey }),
      dir,
      cert.caPath,
      'pem.edxml',
    );
  });

  it('carries each file byte for byte with the hash the manifest gives', () => {
    const info = readEdxmlPackage(signed());
    assert.equal(info.attachments.length, 2);
    const [pdf, agenda] = info.attachments;
    assert.ok(pdf!.data.equals(document.pdf));
    assert.ok(agenda!.data.equals(document.attachments![0]!.data));
    for (const a of info.attachments) assert.equal(a.manifestSha256, sha256(a.data));
  });

  it('fails verification when a byte of an attachment changes', () => {
    const xml = signed();
    const info = readEdxmlPackage(xml);
    const original = info.attachments[1]!.data;
    const changed = Buffer.from(original);
    const at = changed.length - 3;
    changed.writeUInt8(changed.readUInt8(at) ^ 0x01, at);
    const tampered = xml.replace(
      original
        .toString('base64')
        .match(/.{1,76}/g)!
        .join('\n'),
      changed
        .toString('base64')
        .match(/.{1,76}/g)!
        .join('\n'),
    );
    assert.notEqual(tampered, xml, 'the attachment was changed');
    const path = join(dir, 'tampered.edxml');
    writeFileSync(path, tampered);
    assert.equal(validate(path).ok, true, 'still well-formed and valid: only the signature can tell');
    const verified = verifySignature(path, cert.caPath);
    assert.equal(verified.ok, false, verified.output);
    assert.match(verified.output, /digest|FAIL/i);
  });

  it('is refused by the schema with an ISO date, a text document type, or no signature', () => {
    const xml = signed();
    const cases: [string, string, RegExp][] = [
      [
        'iso-date',
        xml.replace('2026/11/23</edXML:PromulgationDate>', '2026-11-23</edXML:PromulgationDate>'),
        /PromulgationDate/,
      ],
      ['text-type', xml.replace('<edXML:Type>15</edXML:Type>', '<edXML:Type>BB</edXML:Type>'), /Type/],
      [
        'unsigned',
        buildSignedEdxml(document, { to: TO, now: AT, signingKey: null, allowUnsigned: true }),
        /edXMLHeader|Missing child/,
      ],
      ['iso-trace', xml.replace(/<edXML:Timestamp>[^<]+</, '<edXML:Timestamp>2026-11-23T05:00:00Z<'), /Timestamp/],
    ];
    for (const [name, broken, expected] of cases) {
      const path = join(dir, `${name}.edxml`);
      writeFileSync(path, broken);
      const result = validate(path);
      assert.equal(result.ok, false, `${name} should be refused`);
      assert.match(result.stderr, expected, name);
    }
  });

  it('is not written unsigned unless unsigned packages are asked for (ARCHIVE_EDXML_UNSIGNED=1)', () => {
    assert.throws(
      () => buildSignedEdxml(document, { to: TO, signingKey: null }),
      (e: unknown) =>
        e instanceof AppFailure && e.code === 'archive_rejected' && /ARCHIVE_EDXML_SIGN_P12/.test(e.message),
    );
    const env = { ARCHIVE_EDXML_TO: '000.00.00.G22=Văn phòng Chính phủ' };
    assert.throws(() => edxmlConfig(env, dir, 'edxml'), /ARCHIVE_EDXML_SIGN_P12/);
    assert.equal(edxmlConfig({ ...env, ARCHIVE_EDXML_UNSIGNED: '1' }, dir, 'edxml').unsigned, true);
    assert.throws(() => edxmlConfig({ ...env, ARCHIVE_EDXML_SIGN_P12: cert.p12Path }, dir, 'edxml'), /PASSWORD/);
    assert.throws(() => edxmlConfig({ ...env, ARCHIVE_EDXML_SIGN_CERT: cert.certPath }, dir, 'edxml'), /_KEY/);
    const configured = edxmlConfig(
      { ...env, ARCHIVE_EDXML_SIGN_P12: cert.p12Path, ARCHIVE_EDXML_SIGN_PASSWORD: cert.password },
      dir,
      'edxml',
    );
    assert.deepEqual(configured.signing, { p12: cert.p12Path, password: cert.password });
  });

  it("writes the document-type code the agency's axis expects (ARCHIVE_EDXML_DOCUMENT_TYPE, 15 by default)", () => {
    const env = { ARCHIVE_EDXML_TO: '000.00.00.G22=Văn phòng Chính phủ', ARCHIVE_EDXML_UNSIGNED: '1' };
    assert.equal(edxmlConfig(env, dir, 'edxml').documentType, '15');
    assert.equal(edxmlConfig({ ...env, ARCHIVE_EDXML_DOCUMENT_TYPE: ' 18 ' }, dir, 'edxml').documentType, '18');
    assert.throws(() => edxmlConfig({ ...env, ARCHIVE_EDXML_DOCUMENT_TYPE: 'BB' }, dir, 'edxml'), /DOCUMENT_TYPE/);
    const typeOf = (xml: string) => /<edXML:DocumentType>\s*<edXML:Type>([^<]*)</.exec(xml)?.[1];
    assert.equal(typeOf(buildEdxml(document, { to: TO })), '15');
    const path = join(dir, 'type-18.edxml');
    writeFileSync(path, buildSignedEdxml(document, { to: TO, signingKey: key, documentType: '18' }));
    assert.equal(typeOf(readFileSync(path, 'utf8')), '18');
    assert.equal(validate(path).ok, true, 'still valid against the schema');
  });

  it('takes organisation codes of Decision 20/2020/QĐ-TTg only, for the sender and each receiver', () => {
    const env = { ARCHIVE_EDXML_TO: 'VPCP=Văn phòng Chính phủ', ARCHIVE_EDXML_UNSIGNED: '1' };
    assert.throws(() => edxmlConfig(env, dir, 'edxml'), /"VPCP" is not a mã định danh/);
    const enterprise = edxmlConfig({ ...env, ARCHIVE_EDXML_TO: '0101234567-001=Chi nhánh Công ty A' }, dir, 'edxml');
    assert.equal(enterprise.to[0]!.organId, '0101234567-001');
    const wrongSender = { ...document, meta: { ...document.meta, agencyCode: '01.G06' } };
    assert.throws(() => signed(wrongSender), /"01\.G06" \(Văn phòng Bộ\) is not a mã định danh/);
  });

  it('refuses a key that is not the certificate’s, or a wrong PKCS#12 password', () => {
    const other = agencyCertificate(mkdtempSync(join(dir, 'other-')), 'Cơ quan khác');
    assert.throws(() => loadEdxmlSigningKey({ certFile: cert.certPath, keyFile: other.keyPath }), /does not belong/);
    assert.throws(() => loadEdxmlSigningKey({ p12: cert.p12Path, password: 'sai' }));
  });
});

describe('follow-ups of a filed record: update, replacement, recall', () => {
  it('each names the original by its DocumentId, validates and verifies', async () => {
    const outbox = new EdxmlOutbox({ dir: join(dir, 'outbox'), to: TO, signingKey: key });
    const queue = await FilingQueue.open({ dir: join(dir, 'queue'), archives: [outbox] });
    await queue.start();
    try {
      await queue.enqueue('edxml', document, 'minutes:1');
      const original = await queue.settled('minutes:1');
      assert.equal(original.receipt?.id, '000.00.01.G06,2026/11/23,15/BB-VPB');
      const corrected: ArchiveDocument = { ...document, pdf: Buffer.from('%PDF-1.7\n% bản đính chính\n%%EOF\n') };
      const kinds = [
        ['update', '2', corrected, 'Đính chính lỗi chính tả'],
        ['replace', '3', corrected, 'Thay thế bản đã gửi'],
        ['recall', '1', document, 'Thu hồi do gửi nhầm nơi nhận'],
      ] as const;
      for (const [kind, code, doc, reason] of kinds) {
        await queue.enqueueFollowUp('minutes:1', { kind, reason }, doc, `minutes:1:${kind}`);
        const job = await queue.settled(`minutes:1:${kind}`);
        assert.equal(job.state, 'filed', JSON.stringify(job.lastError));
        const xml = readFileSync(job.receipt!.location!, 'utf8');
        assertConformant(xml, dir, cert.caPath, `${kind}.edxml`);
        const info = readEdxmlPackage(xml);
        assert.equal(info.businessDocType, code, kind);
        assert.equal(info.businessDocumentId, original.receipt!.id, `${kind} names the original`);
        assert.match(xml, new RegExp(`<edXML:BussinessDocReason>${reason}</edXML:BussinessDocReason>`));
        if (kind === 'recall') assert.equal(info.attachments.length, 0, 'a recall carries no file');
        if (kind === 'replace')
          assert.match(xml, /<edXML:ReplacementInfo>\s*<edXML:DocumentId>000\.00\.01\.G06,2026\/11\/23,15\/BB-VPB</);
        if (kind === 'update') assert.match(xml, /<edXML:BussinessDocumentInfo>\s*<edXML:DocumentInfo>1</);
      }
      assert.equal(readdirSync(join(dir, 'outbox')).filter((f) => f.endsWith('.edxml')).length, 4);
    } finally {
      await queue.stop();
    }
  });
});
