import { describe, expect, it } from 'vitest';
import { automaticMailReason, sanitiseMailHtml, textOfSanitisedHtml, type MailFacts } from './inbound-rules.js';

const person = (headers: Record<string, string> = {}, overrides: Partial<MailFacts> = {}): MailFacts => ({
  headers: new Map(Object.entries(headers)),
  from: 'ana@example.org',
  contentType: 'text/plain; charset=utf-8',
  ...overrides,
});

describe('mail written by machines', () => {
  it('is recognised by its headers, sender and content type', () => {
    const machines: MailFacts[] = [
      person({ 'auto-submitted': 'auto-replied' }),
      person({ 'auto-submitted': 'auto-generated' }),
      person({ 'x-autoreply': 'yes' }),
      person({ 'x-autorespond': 'Out of office' }),
      person({ precedence: 'bulk' }),
      person({ precedence: 'junk' }),
      person({ precedence: 'auto_reply' }),
      person({ 'list-id': '<offers.shop.example>' }),
      person({ 'x-failed-recipients': 'ana@example.org' }),
      person({}, { contentType: 'multipart/report; report-type=delivery-status; boundary=x' }),
      person({}, { from: 'mailer-daemon@mx.example.org' }),
      person({}, { from: 'postmaster@example.org' }),
      person({}, { envelopeFrom: '' }),
      person({ 'return-path': '<>' }),
    ];
    for (const mail of machines) expect(automaticMailReason(mail), JSON.stringify([...mail.headers, mail.from])).not.toBeNull();
  });

  it('leaves a person’s mail alone, including one that says it is not automatic', () => {
    expect(automaticMailReason(person())).toBeNull();
    expect(automaticMailReason(person({ 'auto-submitted': 'no', precedence: 'normal' }, { envelopeFrom: 'ana@example.org' }))).toBeNull();
  });
});

describe('inbound HTML', () => {
  it('keeps basic formatting and plain links, and drops scripts, styles, handlers and images', () => {
    const html = sanitiseMailHtml(
      '<style>p{}</style><script>alert(1)</script><p onclick="x()" style="color:red">Hi <b>there</b></p>' +
        '<img src="https://tracker.example/p.gif" onerror="alert(2)"><a href="javascript:alert(3)">a</a><a href="https://shop.example/o/1" target="_blank">order</a>' +
        '<iframe src="https://evil.example"></iframe><form action="https://evil.example"><input name="p"></form>',
    );
    expect(html).toBe('<p>Hi <b>there</b></p><a>a</a><a href="https://shop.example/o/1">order</a>');
  });

  it('reads as text with its line breaks and entities', () => {
    expect(textOfSanitisedHtml('<p>Fish &amp; chips &lt;3</p><p>Line<br />two&nbsp;&#233;&#x1F600;</p><ul><li>a</li><li>b</li></ul>')).toBe('Fish & chips <3\nLine\ntwo é😀\na\nb');
  });
});
