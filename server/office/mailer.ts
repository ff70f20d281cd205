// Sending meeting invitations by e-mail through the agency's SMTP server (nodemailer). One message per recipient, so
// provinces never see each other's addresses. Mail is a courtesy beside the schedule: a failure is an
// AppFailure('unavailable') for the caller to log and report, never a reason to undo the scheduling.
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import nodemailer from 'nodemailer';
import { AppFailure } from '../../common/errors.ts';

export interface MailConfig {
  host: string;
  port: number;
  /** smtps: TLS from the first byte. Otherwise plain SMTP upgraded with STARTTLS whenever the server offers it. */
  secure: boolean;
  auth: { user: string; pass: string } | null;
  /** Envelope sender and From address; also the ORGANIZER of the invitations. */
  from: string;
  timeoutMs: number;
  /** PEM certificates to trust for the server besides the system's (an agency's internal CA). */
  ca: string | null;
}

export interface MailRecipient {
  name: string;
  email: string;
}

export interface InvitationMail {
  to: MailRecipient[];
  /** Vietnamese; sent as UTF-8 encoded-words. */
  subject: string;
  text: string;
  /** From `invitationIcs`; its METHOD must be `method`. */
  ics: string;
  method: 'REQUEST' | 'CANCEL';
  /** Display name of the sender (the agency); the address is the configured one. */
  fromName?: string;
}

export interface SendResult {
  accepted: string[];
  rejected: string[];
}

const DEFAULT_TIMEOUT_MS = 15_000;

/**
 * Mail settings from the environment, or null when SMTP_URL is not set (invitations are then only downloaded).
 * SMTP_URL: smtp://[user:pass@]host[:25] or smtps://[user:pass@]host[:465]; SMTP_FROM: sender address
 * (default phonghop@<hostname>); SMTP_TIMEOUT_MS: connection, greeting and idle limit; SMTP_CA_FILE: PEM file.
 */
export function loadMailConfig(env: Record<string, string | undefined> = process.env): MailConfig | null {
  const raw = env.SMTP_URL?.trim();
  if (!raw) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error('SMTP_URL is not a URL (expected smtp://user:pass@host:25 or smtps://…)');
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') {
    throw new Error(`SMTP_URL must start with smtp:// or smtps://, got ${url.protocol}//`);
  }
  if (!url.hostname) throw new Error('SMTP_URL has no host');
  const secure = url.protocol === 'smtps:';
  const port = url.port ? Number(url.port) : secure ? 465 : 25;
  const user = decodeURIComponent(url.username);
  const from = env.SMTP_FROM?.trim() || `phonghop@${hostname()}`;
  if (!/^[^\s@<>"]+@[^\s@<>"]+$/.test(from)) throw new Error(`SMTP_FROM is not an e-mail address: ${from}`);
  const timeout = env.SMTP_TIMEOUT_MS?.trim();
  const timeoutMs = timeout ? Number.parseInt(timeout, 10) : DEFAULT_TIMEOUT_MS;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw new Error(`SMTP_TIMEOUT_MS must be a positive integer`);
  const caFile = env.SMTP_CA_FILE?.trim();
  return {
    // URL keeps IPv6 literals in brackets; sockets want them bare.
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port,
    secure,
    auth: user ? { user, pass: decodeURIComponent(url.password) } : null,
    from,
    timeoutMs,
    ca: caFile ? readFileSync(caFile, 'utf8') : null,
  };
}

/** nodemailer's error codes that mean the server could not be used at all, as opposed to one address refused. */
const SERVER_FAILURES = new Set([
  'ECONNECTION',
  'ETIMEDOUT',
  'ESOCKET',
  'EDNS',
  'ETLS',
  'EREQUIRETLS',
  'EPROTOCOL',
  'EAUTH',
  'ENOAUTH',
  'EPROXY',
]);

export class Mailer {
  readonly #config: MailConfig;

  constructor(config: MailConfig) {
    this.#config = config;
  }

  /** The configured sender: the ORGANIZER address to put in the invitations. */
  get from(): string {
    return this.#config.from;
  }

  /**
   * Sends the invitation to each recipient in its own message: the text body, the calendar as a
   * `text/calendar; method=…` alternative (what calendar clients act on) and as an `invitation.ics` attachment.
   * An address the server refuses is listed in `rejected`; a server that cannot be reached, refuses the login or
   * drops the connection stops the run with AppFailure('unavailable') (params: how many were accepted before).
   */
  async sendInvitation(mail: InvitationMail): Promise<SendResult> {
    const config = this.#config;
    const transport = nodemailer.createTransport({
      pool: true,
      maxConnections: 1,
      // A message the connection dropped is not retried here: the caller reports, the secretary may resend.
      maxRequeues: 0,
      host: config.host,
      port: config.port,
      secure: config.secure,
      ...(config.auth ? { auth: config.auth } : {}),
      ...(config.ca ? { tls: { ca: config.ca } } : {}),
      connectionTimeout: config.timeoutMs,
      greetingTimeout: config.timeoutMs,
      socketTimeout: config.timeoutMs,
      dnsTimeout: config.timeoutMs,
    });
    const result: SendResult = { accepted: [], rejected: [] };
    try {
      for (const recipient of mail.to) {
        try {
          const info = await transport.sendMail({
            from: { name: mail.fromName ?? 'Phòng họp số', address: config.from },
            to: { name: recipient.name, address: recipient.email },
            subject: mail.subject,
            text: mail.text,
            // base64 rather than quoted-printable: the CRLF line ends and folds reach calendar parsers byte for byte.
            icalEvent: {
              method: mail.method,
              filename: 'invitation.ics',
              content: mail.ics,
              contentTransferEncoding: 'base64',
            },
          });
          result.accepted.push(...info.accepted);
          result.rejected.push(...info.rejected);
        } catch (error) {
          const code = errorCode(error);
          if (code !== undefined && SERVER_FAILURES.has(code)) {
            throw new AppFailure(
              'unavailable',
              `mail server ${config.host}:${config.port}: ${code} ${errorMessage(error)}`,
              undefined,
              {
                accepted: result.accepted.length,
                pending: mail.to.length - result.accepted.length - result.rejected.length,
              },
            );
          }
          if (code === 'EENVELOPE' || code === 'EMESSAGE') {
            // The server refused this address or this message for it; the others may still go.
            result.rejected.push(recipient.email);
            continue;
          }
          throw new AppFailure('unavailable', `mail to ${recipient.email} failed: ${errorMessage(error)}`);
        }
      }
    } finally {
      transport.close();
    }
    return result;
  }
}

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
