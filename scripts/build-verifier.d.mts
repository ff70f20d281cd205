// Types of scripts/build-verifier.mjs for the TypeScript tests that build the shell's signature check.
export declare const VERIFIER_OUT: string;
export declare function buildVerifier(outfile?: string): Promise<string>;
