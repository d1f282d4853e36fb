/* trials.js: the trial portfolio. #/trials lists the trials (and, for coordinators, a CTML editor
 * for a new one and the matching run); #/trials/KEY shows one trial: its CTML and versions, the
 * editor (validate, then save; every error listed), its candidates with the reasons, and for the
 * roles that see patients its phase I conduct (phase1.js). */
import { h, field, table, notify, busy, add, put, errorBox } from '../dom.js';
import { t, fmtDate, fmtDateTime, fmtNum } from '../i18n.js';
import { api, can, enc } from '../api.js';
import { criteriaCell, statusBadge } from '../report.js';
import { phase1Section } from './phase1.js';

export async function render(view, ctx) {
    if (ctx.params[0]) return renderTrial(view, ctx, ctx.params[0]);
    add(view, h('h1', null, t('trials.title')));
    if (can('screening')) add(view, matchRunBox());
    const list = h('div', { 'aria-busy': 'true' }, h('p.loading', null, t('common.loading')));
    add(view, list);
    if (can('portfolio')) add(view, h('section.card', { 'aria-labelledby': 'new-trial' }, h('h2', { id: 'new-trial' }, t('trials.new')),
        editor('', (r) => ctx.go(`/trials/${enc(r.key)}`))));
    try {
        const data = await api('GET', '/trials');
        list.removeAttribute('aria-busy');
        const trials = data.trials || [];
        put(list, trials.length ? h('div.table-wrap', null, table(t('trials.caption', { n: fmtNum(trials.length) }),
            [t('trials.key'), t('trials.name'), t('trials.phase'), t('trials.status'), t('trials.version'), t('trials.loaded')],
            trials.map((x) => [h('a', { href: `#/trials/${enc(x.key)}` }, x.key), x.title || '', x.phase || '',
                x.status ? h('span', { class: `badge trial-${String(x.status).toLowerCase().replace(/[^a-z]+/g, '-')}` }, x.status) : '',
                x.version ?? '', x.loaded_at ? fmtDate(x.loaded_at) : '']))) : h('p', null, t('trials.none')));
    } catch (e) {
        put(list, errorBox(e));
    }
}

function matchRunBox() {
    const full = h('input', { type: 'checkbox', id: 'f-full-run' });
    const run = h('button', { type: 'submit' }, t('trials.match_run'));
    const out = h('p.result', { 'aria-live': 'polite' });
    const form = h('form.inline-form', null, h('div.field.check', null, full, h('label', { for: 'f-full-run' }, t('trials.full_run'))),
        h('div.actions', null, run), out);
    form.addEventListener('submit', (ev) => {
        ev.preventDefault();
        busy(run, async () => {
            const r = await api('POST', '/match-runs', full.checked ? { full: true } : {});
            out.textContent = summaryText(r);
            notify(t('trials.match_done'), 'ok');
        });
    });
    return h('details.edit', null, h('summary', null, t('trials.match_title')), form);
}

function summaryText(r) {
    if (!r || typeof r !== 'object') return String(r ?? '');
    return Object.entries(r).filter(([, v]) => typeof v !== 'object').map(([k, v]) => `${k}: ${v}`).join(' · ');
}

/* The CTML editor: a textarea, Validate and Save. The type is YAML unless the text starts as JSON. */
function editor(text, onSaved) {
    const area = h('textarea.code', { rows: '18', name: 'ctml', spellcheck: 'false', required: true });
    area.value = text;
    const validate = h('button', { type: 'button' }, t('trials.validate'));
    const save = h('button.primary', { type: 'submit' }, t('common.save'));
    const result = h('div.validation', { 'aria-live': 'polite' });
    const type = () => (/^\s*[[{]/.test(area.value) ? 'application/json' : 'application/yaml');
    const showErrors = (valid, errors, warnings) => {
        put(result, 
            h('p', { class: valid ? 'ok' : 'error' }, valid ? t('trials.valid') : t('trials.invalid', { n: errors.length })),
            errors.length ? h('ul.errors', null, errors.map((e) => h('li', null, typeof e === 'string' ? e : e.message || JSON.stringify(e)))) : null,
            warnings.length ? h('div', null, h('p', null, t('trials.warnings')), h('ul.warnings', null,
                warnings.map((w) => h('li', null, typeof w === 'string' ? w : w.message || JSON.stringify(w))))) : null);
    };
    validate.addEventListener('click', () => busy(validate, async () => {
        const r = await api('POST', '/trials/validate', area.value, { type: type() });
        showErrors(!!r.valid, r.errors || [], r.warnings || []);
    }));
    const form = h('form.ctml-editor', null, field(t('trials.ctml'), area, t('trials.ctml_hint')), h('div.actions', null, validate, save), result);
    form.addEventListener('submit', (ev) => {
        ev.preventDefault();
        busy(save, async () => {
            try {
                const r = await api('POST', '/trials', area.value, { type: type() });
                notify(t('trials.saved', { key: r.key, version: r.version }), 'ok');
                onSaved(r);
            } catch (e) {
                if (e.status === 400) showErrors(false, [e.message], []);
                throw e;
            }
        });
    });
    return form;
}

async function renderTrial(view, ctx, key) {
    add(view, h('p.breadcrumb', null, h('a', { href: '#/trials' }, t('trials.title'))), h('h1', null, t('trials.one', { key })));
    const [trial, cands] = await Promise.allSettled([api('GET', `/trials/${enc(key)}`),
        can('care') ? api('GET', `/trials/${enc(key)}/candidates`) : Promise.resolve(null)]);
    if (trial.status === 'rejected') {
        add(view, errorBox(trial.reason));
    } else {
        const x = trial.value;
        const versions = x.versions || [];
        add(view, h('section.card', { 'aria-labelledby': 'trial-doc', id: 'sec-trial-doc' }, h('h2', { id: 'trial-doc' }, t('trials.document')),
            h('p', null, t('trials.version_n', { n: x.version ?? '?' })),
            versions.length ? h('details', null, h('summary', null, t('trials.versions', { n: versions.length })),
                h('ul', null, versions.map((v) => h('li', null, typeof v === 'object'
                    ? `${t('trials.version_n', { n: v.version ?? '?' })} · ${v.loaded_at ? fmtDateTime(v.loaded_at) : ''}${v.active ? ` · ${t('trials.active')}` : ''}`
                    : String(v))))) : null,
            can('portfolio') ? editor(typeof x.ctml === 'string' ? x.ctml : JSON.stringify(x.ctml, null, 2), () => ctx.go(`/trials/${enc(key)}`))
                : h('pre.code', { tabindex: '0' }, typeof x.ctml === 'string' ? x.ctml : JSON.stringify(x.ctml, null, 2))));
    }
    if (can('care')) add(view, candidatesPart(cands));
    if (can('screening')) add(view, phase1Section(key));
}

function candidatesPart(cands) {
    const body = [];
    if (cands.status === 'rejected') body.push(errorBox(cands.reason));
    else {
        const rows = (cands.value && cands.value.candidates) || [];
        body.push(rows.length ? h('div.table-wrap', null, table(null,
            [t('patient.id'), t('match.arm'), t('match.status'), t('match.criteria'), t('trials.first_seen')],
            rows.map((c) => [h('a', { href: `#/patients/${enc(c.patient)}` }, c.patient), c.arm || '',
                statusBadge(c.status || c.level), criteriaCell(c), c.first_seen ? fmtDate(c.first_seen) : '']))) : h('p', null, t('trials.no_candidates')));
    }
    return h('section.card', { 'aria-labelledby': 'cands', id: 'sec-cands' }, h('h2', { id: 'cands' }, t('trials.candidates')), body);
}

