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
    outcome: 'outcome', flips_run: 'What would change it?', flips_failed: 'The search failed: {error}', flips_no_change: 'No change of one or two facts makes it eligible within the search.',
    flips_in_time: 'In time: ', flips_load: 'Load this changed household into Try-it', flips_on_date: 'Evaluate on this date', flips_changed: 'Changed: {change}',
    flips_search: '{evaluations} evaluations{capped}; not changed: {fixed}.', flips_capped: ' (stopped at the cap of {cap}; there may be more)', flips_none: 'none',
  },
  es: {
    ruleset: 'Reglas', save: 'Guardar…', revert: 'Descartar', language: 'Idioma', tryit: 'Probar', checks: 'Verificaciones', impact: 'Impacto',
    problems: 'Problemas', history: 'Historial', sample: 'Ejemplo', date: 'Fecha', eligible: '✓ califica', not_eligible: '✗ no califica',
    undetermined: '? sin decidir', benefit: 'monto', reasons: 'Por qué', missing: 'Datos que faltan', not_in_force: 'Sin valor vigente',
    assumptions: 'Se apoya en los supuestos', explanation: 'Detalle de las condiciones', line: 'línea', program_not_in_force: 'El programa no está vigente el {date}.',
    no_decisions: 'El programa no alcanza a ningún miembro de este hogar.', source: 'fuente', assumption: 'supuesto',
    outcome: 'resultado', flips_run: '¿Qué cambiaría la decisión?', flips_failed: 'La búsqueda falló: {error}', flips_no_change: 'Ningún cambio de uno o dos datos hace que califique dentro de la búsqueda.',
    flips_in_time: 'Con el tiempo: ', flips_load: 'Cargar este hogar con el cambio en Probar', flips_on_date: 'Evaluar en esta fecha', flips_changed: 'Con el cambio: {change}',
    flips_search: '{evaluations} evaluaciones{capped}; no se cambian: {fixed}.', flips_capped: ' (se detuvo en el tope de {cap}; puede haber más)', flips_none: 'ninguno',
  },
  pt: {
    ruleset: 'Regras', save: 'Salvar…', revert: 'Descartar', language: 'Idioma', tryit: 'Testar', checks: 'Verificações', impact: 'Impacto',
    problems: 'Problemas', history: 'Histórico', sample: 'Exemplo', date: 'Data', eligible: '✓ elegível', not_eligible: '✗ não elegível',
    undetermined: '? indefinido', benefit: 'valor', reasons: 'Por quê', missing: 'Informações que faltam', not_in_force: 'Sem valor vigente',
    assumptions: 'Depende das premissas', explanation: 'Detalhe das condições', line: 'linha', program_not_in_force: 'O programa não está em vigor em {date}.',
    no_decisions: 'O programa não se aplica a nenhuma pessoa desta família.', source: 'fonte', assumption: 'premissa',
    outcome: 'resultado', flips_run: 'O que mudaria a decisão?', flips_failed: 'A busca falhou: {error}', flips_no_change: 'Nenhuma mudança de um ou dois dados a torna elegível dentro da busca.',
    flips_in_time: 'Com o tempo: ', flips_load: 'Carregar esta família com a mudança em Testar', flips_on_date: 'Avaliar nesta data', flips_changed: 'Com a mudança: {change}',
    flips_search: '{evaluations} avaliações{capped}; não se alteram: {fixed}.', flips_capped: ' (parou no limite de {cap}; pode haver mais)', flips_none: 'nenhum',
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
