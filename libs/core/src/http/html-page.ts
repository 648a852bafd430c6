import { applyDecorators, Header } from '@nestjs/common';

/**
 * The headers of the few HTML pages a person opens from an email (confirm a signature or a
 * reservation, unsubscribe): never cached (the link's token is in the URL), no referrer, and a
 * policy that allows nothing but the page's own inline style and its form posting back here,
 * and no framing (a button that acts must not be clickable through another site's frame).
 */
export const HTML_PAGE_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
};

/** HTML_PAGE_HEADERS on a controller method that returns its page. */
export const HtmlPage = () =>
  applyDecorators(...Object.entries(HTML_PAGE_HEADERS).map(([name, value]) => Header(name, value)));
