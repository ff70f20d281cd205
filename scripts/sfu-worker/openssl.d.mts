// Types for the part of scripts/sfu-worker/openssl.mjs that TypeScript code uses (the tests' fresh Debian root).
/** The Debian archive this machine's apt uses ($PHONGHOP_DEBIAN_MIRROR first). */
export function detectDebianMirror(): { uri: string; signedBy: string | null };
