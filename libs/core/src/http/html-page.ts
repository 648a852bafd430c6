import { applyDecorators, Header } from '@nestjs/common';
import type { Response } from 'express';

/**
 * The headers of the few HTML pages a person opens from an email (confirm a signature or a
 * reservation, unsubscribe): never cached (the link's token is in the URL), no referrer, and a
 * policy that allows nothing but the page's own inline style and its form posting back here,
 * and no framing (a button that acts must not be clickable through another site's frame).
 */
const HTML_PAGE_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
};

/** HTML_PAGE_HEADERS on a controller method that returns its page. */
export const HtmlPage = () =>
  applyDecorators(...Object.entries(HTML_PAGE_HEADERS).map(([name, value]) => Header(name, value)));

/** Text for HTML: the five characters that could open markup or end an attribute, as references. */
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** One of those pages: `title` is text (escaped), `body` is HTML the caller made safe. */
export const htmlPage = (title: string, body: string): string =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">` +
  `<meta name="robots" content="noindex"><title>${escapeHtml(title)}</title></head>` +
  `<body style="font-family:sans-serif;max-width:32rem;margin:3rem auto">${body}</body></html>`;

/** A page whose heading is its title. */
const htmlPageWithHeading = (title: string, body: string): string =>
  htmlPage(title, `<h1>${escapeHtml(title)}</h1>${body}`);

/** Answers with a page whose heading is its title, and HTML_PAGE_HEADERS (for handlers that pick the status). */
export function sendHtmlPage(res: Response, status: number, title: string, body: string): void {
  res.status(status).set(HTML_PAGE_HEADERS).send(htmlPageWithHeading(title, body));
}
