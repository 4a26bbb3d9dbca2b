import type { Problem } from './types.js';

/** A rule's finding before the fix-it command is attached. */
export interface Finding {
  code: string;
  severity: Problem['severity'];
  ja: string;
  en: string;
}

export function finding(code: string, severity: Problem['severity'], ja: string, en: string): Finding {
  return { code, severity, ja, en };
}

/** Turns a finding into a problem, optionally followed by how to fix it in each language. */
export function toProblem(f: Finding, fix?: { ja: string; en: string }): Problem {
  return {
    code: f.code,
    severity: f.severity,
    message: fix ? { ja: `${f.ja}\n${fix.ja}`, en: `${f.en}\n${fix.en}` } : { ja: f.ja, en: f.en },
  };
}

export function hasError(problems: Problem[]): boolean {
  return problems.some((p) => p.severity === 'error');
}
