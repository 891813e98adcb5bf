import { TEMPLATE_VARIABLES } from '../../../shared/index.js';

export type TemplateVariable = (typeof TEMPLATE_VARIABLES)[number];
export type TemplateValues = Record<TemplateVariable, string | null>;

const PLACEHOLDER = /\{\{\s*([\w.]+)\s*\}\}/g;
// Anything in double braces, so a misspelt variable ({{customer name}}) is caught too rather than
// sent to the customer as written.
const ANYTHING_IN_BRACES = /\{\{\s*([^{}]*?)\s*\}\}/g;

const isKnown = (name: string): name is TemplateVariable => (TEMPLATE_VARIABLES as readonly string[]).includes(name);

/** Variables a template uses that Aftercare does not know, so a typo is caught when it is saved. */
export function unknownVariables(body: string): string[] {
  return [...new Set([...body.matchAll(ANYTHING_IN_BRACES)].map((m) => m[1]!).filter((name) => !isKnown(name)))];
}

/**
 * Fills in a template in one pass. Values go in as plain text and are never read as template
 * text, so a customer named "{{agent.name}}" stays exactly that; a value the case lacks is left as
 * a visible [placeholder] for the agent to complete.
 */
export function renderTemplate(body: string, values: TemplateValues): { text: string; missing: TemplateVariable[] } {
  const missing = new Set<TemplateVariable>();
  const text = body.replace(PLACEHOLDER, (whole, name: string) => {
    if (!isKnown(name)) return whole;
    const value = values[name];
    if (value === null || value === '') {
      missing.add(name);
      return `[${name.replace('.', ' ')}]`;
    }
    return value;
  });
  return { text, missing: [...missing] };
}
