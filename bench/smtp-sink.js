#!/usr/bin/env node
// The bench's SMTP sink, in a process of its own: accepts every message on 127.0.0.1 (port 0),
// prints "listening PORT", counts messages (and repeats of a Message-ID, read from the headers
// without parsing the whole mail), and prints one line of JSON once it has received `expected`:
// { received, distinct, firstAt, lastAt } (ms since the epoch).
//
//   node bench/smtp-sink.js EXPECTED
import { SMTPServer } from 'smtp-server';

const expected = Number(process.argv[2]);
if (!Number.isInteger(expected) || expected <= 0) throw new Error('usage: smtp-sink.js EXPECTED');

const seen = new Set();
let received = 0;
let firstAt = null;
let lastAt = null;

const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  onData(stream, _session, callback) {
    let head = '';
    stream.on('data', (chunk) => {
      if (head.length < 8192) head += chunk.toString('latin1');
    });
    stream.on('end', () => {
      const now = Date.now();
      firstAt ??= now;
      lastAt = now;
      received++;
      const id = /^message-id:\s*(<[^>]+>)/im.exec(head)?.[1];
      if (id) seen.add(id);
      callback();
      if (received === expected) console.log(JSON.stringify({ received, distinct: seen.size, firstAt, lastAt }));
    });
  },
});
server.on('error', () => {});
server.listen(0, '127.0.0.1', () => console.log(`listening ${server.server.address().port}`));
