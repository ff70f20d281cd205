// English strings of the agency's signature, typed against the Vietnamese keys.
import type { agencyVi } from './agency.vi.ts';

export const agencyEn: Record<keyof typeof agencyVi, string> = {
  'admin.tab.seal': 'Seal',
  'seal.title': 'The agency’s seal image',
  'seal.hint':
    'A red PNG with a transparent background, shown at its real size on the agency’s digital signature (Decree 30/2020, Appendix I).',
  'seal.current': 'Current seal ({mm} mm across)',
  'seal.none': 'No seal image yet.',
  'seal.file': 'Seal image file (PNG)',
  'seal.diameter': 'Real diameter (mm)',
  'seal.diameterRule': 'From 20 to 60 mm.',
  'seal.upload': 'Save the seal',
  'seal.saved': 'The seal image is saved.',

  'agencySign.title': 'The agency’s digital signature',
  'agencySign.hint':
    'The clerk signs with the agency’s certificate; the seal covers about the left third of the chair’s signature.',
  'agencySign.required': 'The minutes need the agency’s signature before they are filed.',
  'agencySign.signed': 'The minutes carry the agency’s signature.',
  'agencySign.notReady': 'The agency signs once the chair and the secretary have signed, before filing.',
  'agencySign.certificate': 'The agency’s certificate: {subject} (issued by {issuer})',
  'agencySign.noCertificate': 'The agency has no certificate yet: the one used to sign first is registered.',
  'agencySign.method': 'Sign with',
  'agencySign.token': 'USB token',
  'agencySign.file': 'Certificate file (.p12, .pfx)',
  'agencySign.password': 'File password',
  'agencySign.submit': 'Sign for the agency',
  'agencySign.remoteHint':
    'The clerk confirms on the phone; the remote-signing certificate is registered as the agency’s certificate.',
  'agencySign.signing': 'Signing…',
};
