// The editor's own words in es, pt and en, and the language of the explanations Try it shows (the
// engine's renderer writes those, engine/render/). Static labels in index.html carry `data-i18n` keys;
// panels read `t(key)` when they draw. The choice is kept in localStorage.
import type { Lang } from '../../engine/explain';
import { emit, state } from './state';
import { prefs } from './storage';

const WORDS = {
  en: {
    ruleset: 'Ruleset', save: 'Save…', revert: 'Revert', language: 'Language', tryit: 'Try it', checks: 'Checks', impact: 'Impact',
    problems: 'Problems', history: 'History', sample: 'Sample', date: 'Date', eligible: '✓ eligible', not_eligible: '✗ not eligible',
    undetermined: '? undetermined', benefit: 'benefit', reasons: 'Reasons', missing: 'Missing facts', not_in_force: 'Not in force',
    assumptions: 'Depends on assumptions', explanation: 'Explanation', line: 'line', program_not_in_force: 'The program is not in force on {date}.',
    no_decisions: 'No member of this household is a subject of the program.', source: 'source', assumption: 'assumption',
  },
  es: {
    ruleset: 'Reglas', save: 'Guardar…', revert: 'Descartar', language: 'Idioma', tryit: 'Probar', checks: 'Verificaciones', impact: 'Impacto',
    problems: 'Problemas', history: 'Historial', sample: 'Ejemplo', date: 'Fecha', eligible: '✓ califica', not_eligible: '✗ no califica',
    undetermined: '? sin decidir', benefit: 'monto', reasons: 'Por qué', missing: 'Datos que faltan', not_in_force: 'Sin valor vigente',
    assumptions: 'Se apoya en los supuestos', explanation: 'Detalle de las condiciones', line: 'línea', program_not_in_force: 'El programa no está vigente el {date}.',
    no_decisions: 'El programa no alcanza a ningún miembro de este hogar.', source: 'fuente', assumption: 'supuesto',
  },
  pt: {
    ruleset: 'Regras', save: 'Salvar…', revert: 'Descartar', language: 'Idioma', tryit: 'Testar', checks: 'Verificações', impact: 'Impacto',
    problems: 'Problemas', history: 'Histórico', sample: 'Exemplo', date: 'Data', eligible: '✓ elegível', not_eligible: '✗ não elegível',
    undetermined: '? indefinido', benefit: 'valor', reasons: 'Por quê', missing: 'Informações que faltam', not_in_force: 'Sem valor vigente',
    assumptions: 'Depende das premissas', explanation: 'Detalhe das condições', line: 'linha', program_not_in_force: 'O programa não está em vigor em {date}.',
    no_decisions: 'O programa não se aplica a nenhuma pessoa desta família.', source: 'fonte', assumption: 'premissa',
  },
} as const satisfies Record<Lang, Record<string, string>>;

export type WordKey = keyof (typeof WORDS)['en'];

export function t(key: WordKey, args: Record<string, string> = {}): string {
  return WORDS[state.lang][key].replace(/\{(\w+)\}/g, (_, k: string) => args[k] ?? '');
}

/** Writes the interface in `lang` and tells the panels (Try it re-evaluates with reasons in it). */
export function setLanguage(lang: Lang): void {
  state.lang = lang;
  prefs.setLanguage(lang);
  document.documentElement.lang = lang;
  for (const node of document.querySelectorAll<HTMLElement>('[data-i18n]')) node.textContent = t(node.dataset.i18n as WordKey);
  emit('lang', lang);
}

export function attachLanguageSwitch(select: HTMLSelectElement): void {
  const saved = prefs.language();
  const initial: Lang = saved === 'es' || saved === 'pt' || saved === 'en' ? saved : 'en';
  select.value = initial;
  select.addEventListener('change', () => setLanguage(select.value as Lang));
  setLanguage(initial);
}
