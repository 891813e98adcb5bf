import { describe, expect, it } from 'vitest';
import { renderTemplate, unknownVariables, type TemplateValues } from './template-render.js';

const VALUES: TemplateValues = {
  'customer.name': 'Maria Rossi',
  'order.number': 'SO-20931',
  'case.number': 'C-1042',
  'agent.name': 'Tom Berg',
};

describe('renderTemplate', () => {
  it('fills in every variable, with or without spaces inside the braces', () => {
    const body = 'Dear {{customer.name}}, about order {{ order.number }} (case {{case.number}}). Kind regards, {{agent.name}}';
    expect(renderTemplate(body, VALUES)).toEqual({
      text: 'Dear Maria Rossi, about order SO-20931 (case C-1042). Kind regards, Tom Berg',
      missing: [],
    });
  });

  it('fills in one pass: a value that looks like a variable stays literal', () => {
    const rendered = renderTemplate('Dear {{customer.name}}, regards {{agent.name}}', { ...VALUES, 'customer.name': '{{agent.name}}' });
    expect(rendered.text).toBe('Dear {{agent.name}}, regards Tom Berg');
  });

  it('takes values as plain text, even with characters special to replace()', () => {
    expect(renderTemplate('Dear {{customer.name}}', { ...VALUES, 'customer.name': "O'Brien $& $1 $$" }).text).toBe("Dear O'Brien $& $1 $$");
  });

  it('leaves a visible placeholder for each value the case lacks, and lists it once', () => {
    const rendered = renderTemplate('Order {{order.number}}: we will refund order {{order.number}}. {{agent.name}}', {
      ...VALUES,
      'order.number': null,
      'agent.name': '',
    });
    expect(rendered).toEqual({ text: 'Order [order number]: we will refund order [order number]. [agent name]', missing: ['order.number', 'agent.name'] });
  });

  it('leaves unknown variables as written', () => {
    expect(renderTemplate('Hi {{customer.email}}', VALUES)).toEqual({ text: 'Hi {{customer.email}}', missing: [] });
  });
});

describe('unknownVariables', () => {
  it('names each unknown variable once', () => {
    expect(unknownVariables('{{customer.first_name}} {{ order.total }} {{customer.first_name}} {{case.number}}')).toEqual([
      'customer.first_name',
      'order.total',
    ]);
  });

  it('catches misspelt variables that are not even well-formed names', () => {
    expect(unknownVariables('Dear {{customer name}}, {{ customer-name }}, {{}} and {{Customer.Name}}')).toEqual([
      'customer name',
      'customer-name',
      '',
      'Customer.Name',
    ]);
  });

  it('finds none in a template that uses only known ones, or none at all', () => {
    expect(unknownVariables('Dear {{customer.name}}, {{agent.name}}')).toEqual([]);
    expect(unknownVariables('Thank you for your patience.')).toEqual([]);
  });
});
