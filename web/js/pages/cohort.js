/* cohort.js: the registry's consenting patients as a research cohort, for researchers and
 * administrators (GET /api/v1/cohort/survival and /cohort/compare, docs/stats.md "The registry as
 * a cohort"): Kaplan-Meier curves of progression-free or overall survival by molecular group or by
 * a biomarker's cut-off with the log-rank test, and responders against non-responders (TMB,
 * PD-L1, gene frequencies). Aggregates only: no patient is named here.
 *
 * The figure is the server's SVG (plot.h). It is parsed as an XML document and imported as
 * nodes, never set as HTML; the parser's result is kept only when it is an <svg> element, and
 * anything scriptable is dropped, so that the page's policy (no inline script or style) holds.
 * The numbers under the figure say the same in words, for whoever cannot see it. */
import { h, table, select, field, add, errorBox } from '../dom.js';
import { t, fmtNum } from '../i18n.js';
import { api, enc } from '../api.js';

const GENES_SHOWN = 20;

export async function render(view, ctx) {
    const q = ctx.query;
    const by = q.get('by') === 'biomarker' ? 'biomarker' : 'group';
    const endpoint = q.get('endpoint') === 'os' ? 'os' : 'pfs';
    const marker = q.get('marker') === 'pdl1' ? 'pdl1' : 'tmb';
    const cutoff = /^\d{1,6}$/.test(q.get('cutoff') || '') ? q.get('cutoff') : '';
    add(view, h('h1', null, t('cohort.title')), h('p.lead', null, t('cohort.lead')),
        form(ctx, { by, endpoint, marker, cutoff }));
    const surv = h('section.card', { 'aria-labelledby': 'coh-surv' }, h('h2', { id: 'coh-surv' }, t(`cohort.endpoint_${endpoint}`)));
    const cmp = h('section.card', { 'aria-labelledby': 'coh-cmp' }, h('h2', { id: 'coh-cmp' }, t('cohort.compare_title')));
    add(view, surv, cmp);
    let path = `/cohort/survival?by=${by}&endpoint=${endpoint}`;
    if (by === 'biomarker') path += `&marker=${marker}${cutoff ? `&cutoff=${enc(cutoff)}` : ''}`;
    const [s, c] = await Promise.allSettled([api('GET', path), api('GET', '/cohort/compare')]);
    if (s.status === 'fulfilled') drawSurvival(surv, s.value);
    else add(surv, errorBox(s.reason));
    if (c.status === 'fulfilled') drawCompare(cmp, c.value);
    else add(cmp, errorBox(c.reason));
}

function form(ctx, cur) {
    const by = select({ name: 'by', id: 'c-by' }, [['group', t('cohort.by_group')],
        ['biomarker', t('cohort.by_biomarker')]], cur.by);
    const endpoint = select({ name: 'endpoint', id: 'c-endpoint' }, [['pfs', t('cohort.pfs')], ['os', t('cohort.os')]], cur.endpoint);
    const marker = select({ name: 'marker', id: 'c-marker' }, [['tmb', t('cohort.tmb')], ['pdl1', t('cohort.pdl1')]], cur.marker);
    const cutoff = h('input', { name: 'cutoff', id: 'c-cutoff', inputmode: 'numeric', pattern: '[0-9]{1,6}', value: cur.cutoff });
    const submit = (ev) => {
        ev.preventDefault();
        const p = new URLSearchParams({ by: by.value, endpoint: endpoint.value });
        if (by.value === 'biomarker') {
            p.set('marker', marker.value);
            if (cutoff.value.trim()) p.set('cutoff', cutoff.value.trim());
        }
        ctx.go(`/cohort?${p}`);
    };
    return h('form.filters.no-print.cohort-form', { on: { submit } },
        field(t('cohort.by'), by), field(t('cohort.endpoint'), endpoint), field(t('cohort.marker'), marker),
        field(t('cohort.cutoff'), cutoff, t('cohort.cutoff_hint')),
        h('div.actions', null, h('button', { type: 'submit' }, t('common.show'))));
}

/* The server's SVG as nodes of this document, or null when it is not one <svg>. */
function svgNode(text, label) {
    if (typeof text !== 'string' || !text.startsWith('<svg')) return null;
    const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
    const root = doc.documentElement;
    if (!root || root.localName !== 'svg' || doc.getElementsByTagName('parsererror').length) return null;
    for (const el of [...root.querySelectorAll('script, style, foreignObject')]) el.remove();
    for (const el of [root, ...root.querySelectorAll('*')]) {
        for (const a of [...el.attributes]) if (/^on/i.test(a.name) || a.name === 'style') el.removeAttribute(a.name);
    }
    const node = document.importNode(root, true);
    node.setAttribute('role', 'img');
    node.setAttribute('aria-label', label);
    return node;
}

function days(v) {
    return v === null || v === undefined ? t('cohort.not_reached') : t('cohort.days', { n: fmtNum(v, 1) });
}

function pValue(p) {
    if (p === null || p === undefined) return t('common.unknown');
    return p < 0.001 ? '< 0.001' : fmtNum(p, 3);
}

function drawSurvival(sec, d) {
    add(sec, h('p.counts', null, t('cohort.counts', { n: fmtNum(d.n_patients), missing: fmtNum(d.n_missing),
        refused: fmtNum(d.n_without_consent) })));
    if (!d.groups || !d.groups.length) {
        add(sec, h('p.empty', null, t('cohort.no_curve')));
        return;
    }
    const fig = svgNode(d.svg, t('cohort.figure_label'));
    if (fig) add(sec, h('figure.km-figure', null, fig));
    add(sec, h('div.table-wrap', null, table(t('cohort.medians'),
        [t('cohort.group'), { text: t('cohort.n'), class: 'num' }, { text: t('cohort.events'), class: 'num' }, t('cohort.median'), t('cohort.interval')],
        d.groups.map((g) => [g.name, fmtNum(g.n), fmtNum(g.events), days(g.median),
            `${days(g.median_lower)} – ${days(g.median_upper)}`]), 'data numbers km-table')));
    const lr = d.logrank;
    if (lr && lr.chisq !== undefined) {
        let text = t('cohort.logrank', { chisq: fmtNum(lr.chisq, 2), df: fmtNum(lr.df), p: pValue(lr.p) });
        if (lr.hr !== null && lr.hr !== undefined) {
            text += ` ${t('cohort.hr', { hr: fmtNum(lr.hr, 2), lower: fmtNum(lr.hr_lower, 2), upper: fmtNum(lr.hr_upper, 2),
                second: d.groups[1].name, first: d.groups[0].name })}`;
        }
        add(sec, h('p.logrank', null, text));
    } else if (lr && lr.error) {
        add(sec, h('p.logrank', null, t('cohort.no_test')));
    }
}

function drawCompare(sec, d) {
    add(sec, h('p.counts', null, t('cohort.responders_counts', { r: fmtNum(d.responders), nr: fmtNum(d.non_responders),
        unknown: fmtNum(d.response_unknown) })));
    const markerRow = (name, m) => [name, `${fmtNum(m.responders?.n)} · ${fmtNum(m.responders?.median, 1)}`,
        `${fmtNum(m.non_responders?.n)} · ${fmtNum(m.non_responders?.median, 1)}`, pValue(m.p)];
    add(sec, h('div.table-wrap', null, table(t('cohort.markers'),
        [t('cohort.marker'), t('cohort.responders_nmed'), t('cohort.non_responders_nmed'), { text: 'p', class: 'num' }],
        [markerRow(t('cohort.tmb'), d.tmb || {}), markerRow(t('cohort.pdl1'), d.pdl1_tps || {})], 'data numbers')));
    const genes = (d.genes || []).slice(0, GENES_SHOWN);
    if (!genes.length) {
        add(sec, h('p.empty', null, t('cohort.no_genes')));
        return;
    }
    const or = (g) => (g.odds_ratio === null ? t('common.unknown')
        : `${fmtNum(g.odds_ratio, 2)} (${fmtNum(g.odds_ratio_lower, 2)}–${fmtNum(g.odds_ratio_upper, 2)})`);
    add(sec, h('div.table-wrap', null, table(t('cohort.genes', { n: fmtNum(genes.length), of: fmtNum(d.genes_tested) }),
        [t('cohort.gene'), t('cohort.responders_altered'), t('cohort.non_responders_altered'), t('cohort.odds_ratio'),
            { text: 'p', class: 'num' }, { text: 'q', class: 'num' }],
        genes.map((g) => [g.gene, `${fmtNum(g.responders_altered)}/${fmtNum(g.responders_tested)}`,
            `${fmtNum(g.non_responders_altered)}/${fmtNum(g.non_responders_tested)}`, or(g), pValue(g.p), pValue(g.q)]),
        'data numbers gene-table')));
}
