/** What an SMTP_URL says: where to connect, whether over TLS, and with which credentials. */
export interface SmtpUrlOptions {
  host: string;
  port: number;
  secure: boolean;
  /** Plain smtp:// to this machine (a local catcher or relay) skips STARTTLS. */
  ignoreTLS: boolean;
  auth?: { user: string; pass: string };
}

/** URL.hostname keeps the brackets of an IPv6 literal: smtp://[::1] gives '[::1]'. */
const LOOPBACK = ['127.0.0.1', 'localhost', '::1', '[::1]'];

/**
 * Reads smtp://user:pass@host:port (or smtps://): port 25 or 465 when none is given, credentials
 * URL-decoded. Each caller adds its own options (pooling, timeouts).
 */
export function smtpOptionsFromUrl(smtpUrl: string): SmtpUrlOptions {
  const url = new URL(smtpUrl);
  const secure = url.protocol === 'smtps:';
  return {
    host: url.hostname,
    port: Number(url.port || (secure ? 465 : 25)),
    secure,
    ignoreTLS: url.protocol === 'smtp:' && LOOPBACK.includes(url.hostname),
    auth: url.username ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } : undefined,
  };
}
