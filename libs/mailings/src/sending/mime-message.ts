/**
 * Builds a complete RFC 5322 message in one pass from already-rendered parts: no MIME tree, no
 * streams. Bodies are base64 (safe for any text and line length); the subject is an RFC 2047
 * encoded word when it is not plain ASCII.
 */
export interface MimeMessage {
  from: string;
  to: string;
  subject: string;
  messageId: string;
  date: string;
  headers: [string, string][];
  text: string;
  html: string;
}

const ASCII = /^[\x20-\x7e]*$/;

function base64Lines(text: string): string {
  const encoded = Buffer.from(text, 'utf8').toString('base64');
  let out = '';
  for (let i = 0; i < encoded.length; i += 76) out += encoded.slice(i, i + 76) + '\r\n';
  return out;
}

/** Encoded words of at most ~60 source bytes, never splitting a character. */
export function encodeHeaderText(value: string): string {
  if (ASCII.test(value) && value.length <= 900) return value;
  const words: string[] = [];
  let chunk = '';
  for (const char of value) {
    if (Buffer.byteLength(chunk + char) > 45) {
      words.push(chunk);
      chunk = '';
    }
    chunk += char;
  }
  if (chunk) words.push(chunk);
  return words.map((w) => `=?UTF-8?B?${Buffer.from(w, 'utf8').toString('base64')}?=`).join('\r\n ');
}

/**
 * A `Name <address>` mailbox (MAIL_FROM) as a header value: the display name quoted (a comma in it
 * would otherwise split the header into two addresses) or, when not plain ASCII, encoded.
 */
export function mailboxHeader(mailbox: string): string {
  const match = /^\s*(.*?)\s*<([^<>\s]+)>\s*$/.exec(mailbox);
  if (!match || !match[1]) return mailbox.trim();
  const name = match[1].replace(/^"(.*)"$/, '$1');
  const shown = ASCII.test(name) ? `"${name.replace(/(["\\])/g, '\\$1')}"` : encodeHeaderText(name);
  return `${shown} <${match[2]}>`;
}

export function buildMimeMessage(m: MimeMessage, boundary: string): string {
  let head = `From: ${mailboxHeader(m.from)}\r\nTo: ${m.to}\r\nSubject: ${encodeHeaderText(m.subject)}\r\nDate: ${m.date}\r\nMessage-ID: ${m.messageId}\r\nMIME-Version: 1.0\r\n`;
  for (const [name, value] of m.headers) head += `${name}: ${value}\r\n`;
  return (
    `${head}Content-Type: multipart/alternative; boundary="${boundary}"\r\n\r\n` +
    `--${boundary}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n${base64Lines(m.text)}` +
    `--${boundary}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n${base64Lines(m.html)}` +
    `--${boundary}--\r\n`
  );
}
