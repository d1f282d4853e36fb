/* accrual.js: screened, eligible, enrolled per trial and per month, and the year's totals
 * (GET /api/v1/accrual?year=). A table for the figures and bars drawn with plain elements whose
 * widths are set from the script (the style sheet's policy allows no inline style in markup);
 * every bar's figure is also written, so that the page reads the same without colour. Counts
 * only: no patient appears here. */
import { h, table, select, add, errorBox } from '../dom.js';
import { t, fmtMonth, fmtNum } from '../i18n.js';
import { api } from '../api.js';

const COUNTS = ['screened', 'eligible', 'potential', 'enrolled', 'screen_failed', 'withdrawn'];
const BARS = ['screened', 'eligible', 'enrolled'];

export async function render(view, ctx) {
    const now = new Date().getUTCFullYear();
    const year = parseInt(ctx.query.get('year') || String(now), 10) || now;
    const years = [];
    for (let y = now; y >= now - 9; y--) years.push(y);
    const pick = select({ name: 'year' }, years.includes(year) ? years : [year, ...years], year);
    pick.id = 'f-year';
    pick.addEventListener('change', () => ctx.go(`/accrual?year=${pick.value}`));
    add(view, h('h1', null, t('accrual.title', { year })),
        h('form.filters.no-print', { on: { submit: (ev) => { ev.preventDefault(); ctx.go(`/accrual?year=${pick.value}`); } } },
            h('div.field', null, h('label', { for: 'f-year' }, t('accrual.year')), pick),
            h('div.actions', null, h('button', { type: 'submit' }, t('common.show')))));
    let data;
    try {
        data = await api('GET', `/accrual?year=${year}`);
    } catch (e) {
        add(view, errorBox(e));
        return;
    }
    const rows = (data.rows || data.accrual || []).filter((r) => r.month !== 'total');
    if (!rows.length) {
        add(view, h('p.empty', null, t('accrual.none')));
        return;
    }
    const perTrial = sumBy(rows, (r) => r.trial);
    const perMonth = sumBy(rows, (r) => r.month);
    const totals = data.totals && typeof data.totals === 'object' && !Array.isArray(data.totals) ? data.totals : sumAll(rows);
    add(view, 
        h('section.card', { 'aria-labelledby': 'acc-totals' }, h('h2', { id: 'acc-totals' }, t('accrual.totals', { year })),
            h('dl.totals', null, COUNTS.map((k) => h('div', null, h('dt', null, t(`accrual.${k}`)), h('dd', null, fmtNum(totals[k] ?? 0)))))),
        h('section.card', { 'aria-labelledby': 'acc-trials' }, h('h2', { id: 'acc-trials' }, t('accrual.per_trial')),
            bars(perTrial, (k) => k), countsTable(perTrial, t('accrual.trial'), (k) => k)),
        h('section.card', { 'aria-labelledby': 'acc-months' }, h('h2', { id: 'acc-months' }, t('accrual.per_month')),
            bars(perMonth, fmtMonth), countsTable(perMonth, t('accrual.month'), fmtMonth)),
        h('section.card', { 'aria-labelledby': 'acc-detail' }, h('h2', { id: 'acc-detail' }, t('accrual.detail')),
            h('div.table-wrap', null, table(null, [t('accrual.trial'), t('accrual.month'), ...COUNTS.map((k) => ({ text: t(`accrual.${k}`), class: 'num' }))],
                rows.map((r) => [r.trial, fmtMonth(r.month), ...COUNTS.map((k) => fmtNum(r[k] ?? 0))]), 'data numbers'))));
}

/* Map of key -> summed counts, in key order. */
function sumBy(rows, key) {
    const m = new Map();
    for (const r of rows.slice().sort((a, b) => String(key(a)).localeCompare(String(key(b))))) {
        const k = key(r);
        const acc = m.get(k) || Object.fromEntries(COUNTS.map((c) => [c, 0]));
        for (const c of COUNTS) acc[c] += Number(r[c] || 0);
        m.set(k, acc);
    }
    return m;
}

function sumAll(rows) {
    const acc = Object.fromEntries(COUNTS.map((c) => [c, 0]));
    for (const r of rows) for (const c of COUNTS) acc[c] += Number(r[c] || 0);
    return acc;
}

function countsTable(map, firstHeader, label) {
    return h('div.table-wrap', null, table(null, [firstHeader, ...COUNTS.map((k) => ({ text: t(`accrual.${k}`), class: 'num' }))],
        [...map.entries()].map(([k, v]) => [label(k), ...COUNTS.map((c) => fmtNum(v[c]))]), 'data numbers'));
}

/* One group of three bars (screened, eligible, enrolled) per key, scaled to the largest count. */
function bars(map, label) {
    let max = 1;
    for (const v of map.values()) for (const c of BARS) max = Math.max(max, v[c]);
    const legend = h('p.legend', { 'aria-hidden': 'true' }, BARS.map((c) => h('span', { class: `key bar-${c}` }, t(`accrual.${c}`))));
    const chart = h('div.bars', { role: 'img', 'aria-label': t('accrual.chart_label') });
    for (const [k, v] of map.entries()) {
        const group = h('div.bar-group', null, h('div.bar-label', null, label(k)));
        for (const c of BARS) {
            const fill = h('div', { class: `bar bar-${c}` });
            fill.style.width = `${(100 * v[c]) / max}%`;
            add(group, h('div.bar-row', null, h('div.bar-track', null, fill), h('span.bar-value', null, `${t(`accrual.${c}`)} ${fmtNum(v[c])}`)));
        }
        add(chart, group);
    }
    return h('div.chart', null, legend, chart);
}
