/* phase1.js: the phase I section of a trial's page (#/trials/KEY), for the roles that see the
 * trial's patients (clinicians, coordinators, administrators). It shows the dose levels with their
 * patients and DLTs, the next cohort's dose with the rule that decided it and the decision table,
 * all from GET /trials/KEY/phase1 (the document `oncoboard design .. next --db` prints); and the
 * forms that record the set-up (while nobody is assigned), a patient's dose level, a DLT, and a DLT
 * window completed without DLT (a pending patient then counts fully in the time-to-event designs).
 * Every control is a labelled form field, so the section is used from the keyboard alone. */
import { h, field, table, notify, busy, add, put, errorBox, select } from '../dom.js';
import { t, fmtDate, fmtNum, today } from '../i18n.js';
import { api, enc } from '../api.js';

const DESIGNS = ['boin', 'tite-boin', 'keyboard', 'crm'];

/* The section, filled when the record arrives; reload redraws it after a change. */
export function phase1Section(key) {
    const body = h('div', { 'aria-busy': 'true' }, h('p.loading', null, t('common.loading')));
    const section = h('section.card', { 'aria-labelledby': 'phase1-title', id: 'sec-phase1' },
        h('h2', { id: 'phase1-title' }, t('phase1.title')), body);
    const reload = async () => {
        body.setAttribute('aria-busy', 'true');
        try {
            const x = await api('GET', `/trials/${enc(key)}/phase1`);
            put(body, recordView(x), assignForm(key, x, reload), dltForm(key, x, reload), windowForm(key, x, reload));
        } catch (e) {
            if (e.status === 404) put(body, h('p', null, t('phase1.none')), setupForm(key, reload));
            else put(body, errorBox(e));
        }
        body.removeAttribute('aria-busy');
    };
    reload();
    return section;
}

/* ---- what the registry holds ---- */

function recordView(x) {
    const win = x.dlt_window_days ? ` · ${t('phase1.window_days', { n: x.dlt_window_days })}` : '';
    return h('div', null,
        h('p', null, `${t(`phase1.design_${x.design.replace('-', '_')}`)} · ${t('phase1.target')} ${fmtNum(x.target)} · `
            + `${t('phase1.cohorts_of', { n: x.cohort_size })} · ${t('phase1.sample', { n: x.sample_size })}${win}`),
        recommendation(x), levelsTable(x), decisionTable(x));
}

function recommendation(x) {
    const next = x.next_level ? `${t('phase1.level_n', { n: x.next_level })} (${x.next_label})` : t('phase1.no_next');
    return h('div.phase1-next', { role: 'status' },
        h('p', null, h('strong', null, `${t('phase1.next')}: `), next),
        h('p', null, `${t('phase1.decision')}: `, h('span.badge', null, t(`phase1.dec_${x.decision}`))),
        h('p', null, `${t('phase1.rule')}: `, x.rule));
}

function patientsCell(level) {
    const done = (p) => (p.window_complete && !(p.dlts || []).length ? ` · ${t('phase1.window_done')}` : '');
    return h('ul.plain', null, (level.patients || []).map((p) => h('li', null, `${p.patient} (${fmtDate(p.dose_date)})${done(p)}`,
        (p.dlts || []).length ? `: ${p.dlts.map((d) => `${d.term} G${d.grade} ${fmtDate(d.onset)}`).join('; ')}` : '')));
}

function levelsTable(x) {
    const rows = (x.levels || []).map((l) => [String(l.level), l.label, fmtNum(l.n), fmtNum(l.y),
        fmtNum(l.pending), l.eliminated ? t('phase1.eliminated') : '', patientsCell(l)]);
    return h('div.table-wrap', null, table(t('phase1.levels'), [t('phase1.level'), t('phase1.label'), t('phase1.n'),
        t('phase1.y'), t('phase1.pending'), t('phase1.status'), t('phase1.patients')], rows));
}

function decisionTable(x) {
    if (!Array.isArray(x.table)) return h('p', null, t('phase1.no_table'));
    const rows = x.table.map((r) => [fmtNum(r.n), fmtNum(r.escalate_if_le), fmtNum(r.deescalate_if_ge),
        r.eliminate_if_ge === null ? '–' : fmtNum(r.eliminate_if_ge)]);
    return h('details.phase1-table', null, h('summary', null, t('phase1.table')), h('div.table-wrap', null,
        table(t('phase1.table'), [t('phase1.treated'), t('phase1.escalate_le'), t('phase1.deescalate_ge'),
            t('phase1.eliminate_ge')], rows)));
}

/* ---- recording ---- */

function formBox(title, cls, fields, onSubmit) {
    const submit = h('button.primary', { type: 'submit' }, t('common.save'));
    const form = h(`form.${cls}`, null, fields, h('div.actions', null, submit));
    form.addEventListener('submit', (ev) => {
        ev.preventDefault();
        busy(submit, () => onSubmit(form));
    });
    return h('details.edit', null, h('summary', null, title), form);
}

function setupForm(key, reload) {
    const design = select({ name: 'design' }, DESIGNS.map((d) => [d, t(`phase1.design_${d.replace('-', '_')}`)]), 'boin');
    const target = h('input', { type: 'number', name: 'target', min: '0.05', max: '0.6', step: '0.01', value: '0.3', required: true });
    const cohort = h('input', { type: 'number', name: 'cohort_size', min: '1', max: '100', value: '3', required: true });
    const sample = h('input', { type: 'number', name: 'sample_size', min: '1', max: '1000', value: '30', required: true });
    const win = h('input', { type: 'number', name: 'dlt_window_days', min: '1', max: '3650' });
    const doses = h('textarea', { name: 'doses', rows: '4', required: true });
    const skeleton = h('input', { type: 'text', name: 'skeleton', inputmode: 'decimal' });
    return formBox(t('phase1.setup'), 'phase1-setup', [field(t('phase1.design'), design), field(t('phase1.target'), target),
        field(t('phase1.cohort_size'), cohort), field(t('phase1.sample_size'), sample),
        field(t('phase1.dlt_window'), win, t('phase1.dlt_window_hint')), field(t('phase1.doses'), doses, t('phase1.doses_hint')),
        field(t('phase1.skeleton'), skeleton, t('phase1.skeleton_hint'))], async () => {
        const labels = doses.value.split('\n').map((s) => s.trim()).filter(Boolean);
        const sk = skeleton.value.trim() ? skeleton.value.split(',').map(Number) : [];
        const body = { design: design.value, target: Number(target.value), cohort_size: Number(cohort.value),
            sample_size: Number(sample.value), doses: labels.map((label, i) => (sk.length ? { label, skeleton: sk[i] } : { label })) };
        if (win.value) body.dlt_window_days = Number(win.value);
        await api('PUT', `/trials/${enc(key)}/phase1`, body);
        notify(t('phase1.saved'), 'ok');
        await reload();
    });
}

function levelSelect(x, name) {
    return select({ name }, (x.levels || []).map((l) => [String(l.level), `${l.level}: ${l.label}`]), x.next_level || 1);
}

function assignForm(key, x, reload) {
    const patient = h('input', { type: 'text', name: 'patient', required: true, autocomplete: 'off' });
    const level = levelSelect(x, 'level');
    const date = h('input', { type: 'date', name: 'date', value: today(), required: true });
    return formBox(t('phase1.assign'), 'phase1-assign', [field(t('patient.id'), patient), field(t('phase1.level'), level),
        field(t('phase1.dose_date'), date)], async () => {
        await api('POST', `/trials/${enc(key)}/phase1/patients`, { patient: patient.value.trim(), level: Number(level.value), date: date.value });
        notify(t('phase1.assigned'), 'ok');
        await reload();
    });
}

function dltForm(key, x, reload) {
    const ids = (x.levels || []).flatMap((l) => (l.patients || []).map((p) => p.patient));
    if (!ids.length) return null;
    const patient = select({ name: 'patient' }, ids, ids[0]);
    const term = h('input', { type: 'text', name: 'term', required: true, maxlength: '200' });
    const grade = select({ name: 'grade' }, ['3', '4', '5', '2', '1'], '3');
    const onset = h('input', { type: 'date', name: 'onset', value: today(), required: true });
    return formBox(t('phase1.dlt'), 'phase1-dlt', [field(t('patient.id'), patient), field(t('phase1.term'), term, t('phase1.term_hint')),
        field(t('phase1.grade'), grade), field(t('phase1.onset'), onset)], async () => {
        await api('POST', `/trials/${enc(key)}/phase1/dlts`, { patient: patient.value, term: term.value.trim(), grade: Number(grade.value), onset: onset.value });
        notify(t('phase1.dlt_saved'), 'ok');
        await reload();
    });
}

/* Only patients still in their window can complete it: those without a DLT whose window is open. */
function windowForm(key, x, reload) {
    if (!x.dlt_window_days) return null;
    const ids = (x.levels || []).flatMap((l) => (l.patients || []).filter((p) => !p.window_complete && !(p.dlts || []).length)
        .map((p) => p.patient));
    if (!ids.length) return null;
    const patient = select({ name: 'patient' }, ids, ids[0]);
    return formBox(t('phase1.window'), 'phase1-window', [field(t('patient.id'), patient, t('phase1.window_hint'))], async () => {
        await api('POST', `/trials/${enc(key)}/phase1/windows`, { patient: patient.value });
        notify(t('phase1.window_saved'), 'ok');
        await reload();
    });
}
