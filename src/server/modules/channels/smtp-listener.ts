import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import type { Store } from '../../platform/db/database.js';
import { AppError } from '../../platform/http/errors.js';
import type { InboundSmtpConfig } from './channels-config.js';
import { ingestEmail } from './inbound-mail.js';

export interface InboundSmtpListener {
  /** The port it listens on (the one chosen when configured with 0). */
  port: number;
  close(): Promise<void>;
}

function smtpError(message: string, responseCode: number): Error {
  return Object.assign(new Error(message), { responseCode });
}

/**
 * The built-in SMTP server mail comes in by, for an MTA to forward the support address to. It takes
 * in each message before answering 250, so an accepted mail is stored; anything that fails on our
 * side answers 451 and the sending MTA delivers it again later, which the Message-ID makes harmless.
 */
export async function startInboundSmtp(store: Store, config: InboundSmtpConfig): Promise<InboundSmtpListener> {
  const server = new SMTPServer({
    name: 'aftercare',
    banner: 'Aftercare inbound mail',
    // It stores mail for this desk and relays nothing, so it asks for no sign-in; bind it to an
    // address only the MTA reaches (the default is loopback).
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    size: config.maxBytes,
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if (stream.sizeExceeded) return callback(smtpError(`message larger than ${config.maxBytes} bytes`, 552));
        const mailFrom = session.envelope.mailFrom;
        const envelope = { from: mailFrom ? mailFrom.address : '', to: session.envelope.rcptTo.map((rcpt) => rcpt.address) };
        ingestEmail(store, Buffer.concat(chunks), 'smtp', envelope).then(
          () => callback(),
          (error: unknown) => {
            // A mail we can never take (no sender at all) is refused for good; anything else is our failure.
            if (error instanceof AppError && error.status === 400) return callback(smtpError(error.message, 550));
            console.error('aftercare inbound SMTP: a mail could not be taken in; the sender will retry:', error);
            callback(smtpError('temporary failure storing the message, try again later', 451));
          },
        );
      });
    },
  });
  server.on('error', (error) => console.error('aftercare inbound SMTP:', error));
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(config.port, config.host, () => {
      server.server.off('error', reject);
      resolve();
    });
  });
  return {
    port: (server.server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
