// The page's shared state and a minimal event hub. Panels read state and listen; only main.ts and the
// save flow change the loaded ruleset.
import type { RulesetFile } from '../../dsl/ast';
import type { Diagnostic } from '../../dsl/diagnostics';
import type { CheckedRuleset } from '../../dsl/check/types';

export interface Analysis {
  text: string;
  ast: RulesetFile | undefined;
  checked: CheckedRuleset | undefined;
  diagnostics: Diagnostic[];
  /** Parse + check time in the browser, milliseconds. */
  ms: number;
  at: number;
}

export interface Loaded {
  id: string;
  title: string;
  /** What the server holds: the version the text was edited from. */
  baseVersion: string | undefined;
  baseEtag: string | undefined;
  baseSource: string;
}

export const state = {
  loaded: undefined as Loaded | undefined,
  analysis: undefined as Analysis | undefined,
  /** The evaluation date of the Try-it panel; hovers show parameter values in force on it. */
  evalDate: new Date().toISOString().slice(0, 10),
  /** The language of the interface and of the explanations Try it shows (i18n.ts). */
  lang: 'en' as 'en' | 'es' | 'pt',
};

type Events = {
  analysis: Analysis;
  loaded: Loaded;
  evalDate: string;
  lang: 'en' | 'es' | 'pt';
  saved: { id: string; version: string };
};

const listeners = new Map<keyof Events, ((value: never) => void)[]>();

export function on<K extends keyof Events>(event: K, listener: (value: Events[K]) => void): void {
  const list = listeners.get(event) ?? [];
  list.push(listener as (value: never) => void);
  listeners.set(event, list);
}

export function emit<K extends keyof Events>(event: K, value: Events[K]): void {
  for (const listener of (listeners.get(event) ?? []) as ((value: Events[K]) => void)[]) {
    try {
      listener(value);
    } catch (error) {
      console.error(`listener for ${event} failed`, error);
    }
  }
}

export function debounce<A extends unknown[]>(fn: (...args: A) => void, ms: number): ((...args: A) => void) & { flush(): void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let lastArgs: A | undefined;
  const run = () => {
    timer = undefined;
    if (lastArgs) fn(...lastArgs);
  };
  const debounced = (...args: A) => {
    lastArgs = args;
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(run, ms);
  };
  debounced.flush = () => {
    if (timer !== undefined) {
      clearTimeout(timer);
      run();
    }
  };
  return debounced;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | undefined> = {},
  ...children: (Node | string | undefined | null | false)[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) if (value !== undefined) node.setAttribute(key, value);
  for (const child of children) if (child !== undefined && child !== null && child !== false) node.append(child);
  return node;
}
