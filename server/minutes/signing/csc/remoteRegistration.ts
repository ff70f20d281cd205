// Registering a signer's certificate at the remote-signing provider, for a person or for the agency alike: the
// credential found by the signer's user ID there, its certificate checked and registered like any other (trust list,
// key usage, validity, revocation), and which provider credential signs with it kept for the signing.
import type { SigningIdentities } from '../../identities.ts';
import type { RegisteredCertificate } from '../certificateStore.ts';
import type { RemoteCredentials, RemoteSignings } from './remoteSigning.ts';

export interface RemoteRegistrationParts {
  remote: RemoteSignings;
  identities: SigningIdentities;
  credentials: RemoteCredentials;
}

export async function registerRemoteCredential(
  parts: RemoteRegistrationParts,
  holder: string,
  userID: string,
): Promise<RegisteredCertificate> {
  const credential = await parts.remote.credential(userID);
  const [certificate, ...chain] = credential.certificates; // the provider's answer has one at least (cscClient.ts)
  const registered = await parts.identities.register(holder, certificate!, chain, 'remote');
  parts.credentials.save(holder, registered.sha256, { credentialID: credential.credentialID, userID });
  return registered;
}
