/* i18n.js: every visible string goes through t(), from web/i18n/<lang>.json; dates and numbers
 * are formatted for the language with Intl. The chosen language is the only thing the interface
 * keeps in localStorage (nothing about patients or the session is ever stored in the browser). */
export const LANGS = ['en', 'fr'];
const KEY = 'oncoboard.lang';
let lang = 'en';
let strings = {};
let fallback = {};

async function load(l) {
    const res = await fetch(`i18n/${l}.json`, { cache: 'no-cache' });
    if (!res.ok) throw new Error(`i18n/${l}.json: ${res.status}`);
    return res.json();
}

function stored() {
    try {
        const l = localStorage.getItem(KEY);
        if (LANGS.includes(l)) return l;
    } catch { /* storage refused: the default */ }
    const nav = (navigator.language || 'en').slice(0, 2);
    return LANGS.includes(nav) ? nav : 'en';
}

export async function initI18n() {
    fallback = await load('en');
    await setLang(stored(), false);
}

export async function setLang(l, remember = true) {
    if (!LANGS.includes(l)) l = 'en';
    strings = l === 'en' ? fallback : await load(l);
    lang = l;
    document.documentElement.lang = l;
    if (remember) {
        try { localStorage.setItem(KEY, l); } catch { /* private mode: not remembered */ }
    }
}

export function getLang() { return lang; }

/* t('patients.title') or t('patients.range', {from: 1, to: 25, total: 80}). A key missing from the
 * language falls back to English, then to the key itself (tests/browser checks that none is). */
export function t(key, vars) {
    /* "{n} patients" has a singular form KEY_one where the language calls n "one" (1 in English,
     * 0 and 1 in French). */
    const n = vars && vars.n !== undefined ? Number(String(vars.n).replace(/[^\d.-]/g, '')) : NaN;
    if (!Number.isNaN(n) && new Intl.PluralRules(lang).select(n) === 'one' && (strings[`${key}_one`] ?? fallback[`${key}_one`])) key = `${key}_one`;
    let s = strings[key] ?? fallback[key];
    if (s === undefined) return key;
    if (vars) s = s.replace(/\{(\w+)\}/g, (m, k) => (k in vars ? String(vars[k]) : m));
    return s;
}

/* t() for a key that may not exist (an API code, a role): the key's text or the fallback. */
export function tMaybe(key, otherwise) {
    const s = strings[key] ?? fallback[key];
    return s === undefined ? otherwise : s;
}

const dateOnly = /^\d{4}-\d{2}-\d{2}$/;

/* "2026-11-29" or an ISO timestamp -> the language's date; anything else is shown as given. */
export function fmtDate(s) {
    if (!s) return t('common.unknown');
    if (typeof s === 'string' && dateOnly.test(s)) {
        const d = new Date(`${s}T00:00:00Z`);
        if (Number.isNaN(d.getTime())) return s;
        return new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeZone: 'UTC' }).format(d);
    }
    const d = new Date(s);
    if (Number.isNaN(d.getTime())) return String(s);
    return new Intl.DateTimeFormat(lang, { dateStyle: 'medium' }).format(d);
}

export function fmtDateTime(s) {
    if (!s) return t('common.unknown');
    const d = new Date(typeof s === 'string' && dateOnly.test(s) ? `${s}T00:00:00Z` : s);
    if (Number.isNaN(d.getTime())) return String(s);
    return new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' }).format(d);
}

/* "2026-03" -> "March 2026" / "mars 2026". */
export function fmtMonth(s) {
    if (!/^\d{4}-\d{2}$/.test(s || '')) return s === 'undated' ? t('accrual.undated') : String(s ?? '');
    const d = new Date(`${s}-01T00:00:00Z`);
    return new Intl.DateTimeFormat(lang, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(d);
}

export function fmtNum(n, digits) {
    if (n === null || n === undefined || Number.isNaN(Number(n))) return t('common.unknown');
    const opts = digits === undefined ? {} : { maximumFractionDigits: digits };
    return new Intl.NumberFormat(lang, opts).format(Number(n));
}

/* A fraction 0..1 as a percentage. */
export function fmtPct(x) {
    if (x === null || x === undefined) return t('common.unknown');
    return new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 1 }).format(Number(x));
}

/* Today as YYYY-MM-DD (UTC, as the server counts "the next meeting"). */
export function today() {
    return new Date().toISOString().slice(0, 10);
}
