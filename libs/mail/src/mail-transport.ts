import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { createTransport, Transporter } from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool';
import { CORE_CONFIG, CoreConfig } from '@chorus/core';
import { smtpOptionsFromUrl } from './smtp-url';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** Deterministic ids let a re-sent message be recognised as the same message. */
  messageId?: string;
  headers?: Record<string, string>;
  icalEvent?: { method: string; content: string };
}

export interface SmtpFailure {
  /** 5xx at any stage: trying the same thing again will not help; 4xx or no answer: it may. */
  permanent: boolean;
  /**
   * The recipient's address was refused for good (5xx to RCPT TO): a bounce. A 5xx elsewhere
   * (AUTH, MAIL FROM, DATA) is our configuration or our content, not the recipient's mailbox.
   */
  recipientRefused: boolean;
  responseCode?: number;
  message: string;
}

/** Classifies an SMTP error (nodemailer's `code`, `command` and `responseCode`). */
export function classifySmtpError(error: unknown): SmtpFailure {
  const e = error as {
    code?: string;
    command?: string;
    responseCode?: number;
    message?: string;
    response?: string;
    rejectedErrors?: { responseCode?: number }[];
  };
  const code = e.responseCode ?? e.rejectedErrors?.[0]?.responseCode;
  const permanent = code !== undefined && code >= 500 && code < 600;
  const recipientRefused = permanent && e.command === 'RCPT TO';
  return { permanent, recipientRefused, responseCode: code, message: e.response ?? e.message ?? String(error) };
}

/**
 * The pooled SMTP connection every email of Chorus goes through (confirmations, reminders,
 * press releases); SMTP_URL says where, MAIL_FROM who sends.
 */
@Injectable()
export class MailTransport implements OnApplicationShutdown {
  private readonly transporter: Transporter<SMTPPool.SentMessageInfo>;
  readonly from: string;

  constructor(@Inject(CORE_CONFIG) config: CoreConfig) {
    this.from = config.MAIL_FROM;
    this.transporter = createTransport({
      pool: true,
      ...smtpOptionsFromUrl(config.SMTP_URL),
      maxConnections: 4,
      maxMessages: Infinity,
    });
  }

  async send(mail: OutgoingMail): Promise<{ messageId: string; response: string }> {
    const info = await this.transporter.sendMail({
      from: this.from,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      messageId: mail.messageId,
      headers: mail.headers,
      icalEvent: mail.icalEvent,
    });
    if (info.rejected.length > 0) {
      throw Object.assign(new Error(`Recipient rejected: ${info.response}`), {
        responseCode: Number(/^\d{3}/.exec(info.response)?.[0] ?? 550),
        command: 'RCPT TO',
      });
    }
    return { messageId: info.messageId, response: info.response };
  }

  onApplicationShutdown(): void {
    this.transporter.close();
  }
}
