// The archive adapter the configuration names (ARCHIVE_ADAPTER): embedded by default, webdav or edxml. The edXML
// signing key is opened here, at start, so that a wrong password or an expired certificate stops the server with
// the reason rather than failing every filing later.
import type { MinutesConfig } from '../config.ts';
import type { DocumentArchive } from './DocumentArchive.ts';
import { EdxmlOutbox } from './edxml.ts';
import { loadEdxmlSigningKey } from './edxmlSignature.ts';
import { EmbeddedArchive } from './embedded.ts';
import { WebDavArchive } from './webdav.ts';

export function openArchive(config: MinutesConfig['archive']): DocumentArchive {
  switch (config.adapter) {
    case 'embedded':
      return new EmbeddedArchive(config.dir);
    case 'webdav':
      if (!config.webdav.url) throw new Error('ARCHIVE_ADAPTER=webdav needs ARCHIVE_WEBDAV_URL');
      return new WebDavArchive({
        baseUrl: config.webdav.url,
        ...(config.webdav.username ? { username: config.webdav.username } : {}),
        ...(config.webdav.password ? { password: config.webdav.password } : {}),
        timeoutMs: config.webdav.timeoutMs,
      });
    case 'edxml':
      return new EdxmlOutbox({
        dir: config.edxml.dir,
        to: config.edxml.to,
        inbox: config.edxml.inbox,
        signingKey: config.edxml.signing ? loadEdxmlSigningKey(config.edxml.signing) : null,
        allowUnsigned: config.edxml.unsigned,
        documentType: config.edxml.documentType,
      });
  }
}
