/* patient.js: one patient, as the tumor board discusses them: summary, molecular group,
 * alterations with their ESCAT tiers and therapies, the printable report, the trials matched
 * (what was met, failed, unknown), the timeline of therapy lines and responses, and the board's
 * decisions (a draft, edited, then made final with the password entered again). Each part loads
 * on its own: one that fails (or that the server does not offer yet) says so and the rest stays. */
import { h, field, select, notify, dialog, busy, add, errorBox } from '../dom.js';
import { t, tMaybe, fmtDate, fmtDateTime, fmtNum, fmtPct, today } from '../i18n.js';
import { api, can, enc } from '../api.js';
import { groupBadge, groupSection, alterationsTable, immunoSection, trialsTable, warningsList, facts } from '../report.js';
import { RECIST, TRIAL_STATUSES } from '../groups.js';

function section(id, title, ...content) {
    return h('section.card', { 'aria-labelledby': id, id: `sec-${id}` }, h('h2', { id }, title), content);
}

const failed = errorBox;

/* Loads what the page shows; each entry is {value} or {error}. */
async function loadAll(id) {
    const p = `/patients/${enc(id)}`;
    const calls = {
        caseFile: api('GET', p), report: api('GET', `${p}/report`), matches: api('GET', `${p}/matches`),
        decisions: api('GET', `${p}/decisions`), responses: api('GET', `${p}/responses`),
        boards: can('clinical') ? api('GET', `/boards?from=${today()}`) : Promise.resolve({ boards: [] }),
    };
    const keys = Object.keys(calls);
    const settled = await Promise.allSettled(Object.values(calls));
    const out = {};
    keys.forEach((k, i) => { out[k] = settled[i].status === 'fulfilled' ? { value: settled[i].value } : { error: settled[i].reason }; });
    return out;
}

export async function render(view, ctx) {
    const id = ctx.params[0];
    const reload = () => ctx.go(`/patients/${enc(id)}`);
    add(view, h('p.breadcrumb.no-print', null, h('a', { href: '#/patients' }, t('patients.title'))),
        h('h1', null, t('patient.title', { id })), h('p.loading', null, t('common.loading')));
    const d = await loadAll(id);
    view.querySelector('.loading').remove();
    if (d.caseFile.error && d.caseFile.error.status === 404) {
        add(view, failed(d.caseFile.error));
        return;
    }
    const report = d.report.value;
    const group = report && report.molecular_group;
    view.querySelector('h1').append(' ', groupBadge(group && group.id, group && group.label));
    add(view, toolbar(id), h('p.print-only.meta', null, t('patient.printed', { date: fmtDateTime(new Date().toISOString()) })));
    const caseFile = d.caseFile.value || null;
    add(view, 
        section('summary', t('patient.summary'), d.caseFile.error && !report ? failed(d.caseFile.error) : summary(caseFile, report),
            can('clinical') ? outcomeForm(id, caseFile, reload) : null),
        section('group', t('report.group'), report ? groupSection(report) : failed(d.report.error)),
        section('alterations', t('report.alterations'), report ? alterationsTable(report) : failed(d.report.error),
            can('clinical') ? sampleForm(id, reload) : null),
        section('immuno', t('report.immunotherapy'), report ? immunoSection(report) : failed(d.report.error)),
        section('trials', t('patient.trials'), d.matches.error ? failed(d.matches.error) : matchesPart(id, d.matches.value, reload)),
        section('timeline', t('patient.timeline'), timeline(caseFile || (report && report.patient) || {}, d.responses),
            can('clinical') ? responseForm(id, caseFile || (report && report.patient) || {}, reload) : null),
        section('decisions', t('patient.decisions'), decisionsPart(id, d.decisions, (d.boards.value || {}).boards || [], reload)),
        report && warningsList(report) ? section('warnings', t('report.warnings'), warningsList(report)) : null);
}

function toolbar(id) {
    const url = `/api/v1/patients/${enc(id)}/report.html`;
    return h('div.toolbar.no-print', null,
        h('a.button', { href: url, target: '_blank', rel: 'noopener', id: 'open-report' }, t('patient.open_report')),
        h('button', { type: 'button', on: { click: () => window.print() } }, t('patient.print_page')));
}

function summary(c, report) {
    const rp = (report && report.patient) || {};
    const dx = (c && (Array.isArray(c.diagnosis) ? c.diagnosis[0] : c.diagnosis)) || {};
    const bm = (c && c.biomarkers) || {};
    const out = (c && c.outcome) || {};
    const v = (x) => (x === null || x === undefined || x === '' ? t('common.unknown') : String(x));
    const tr = (prefix, x) => (x ? tMaybe(`${prefix}.${x}`, x) : t('common.unknown'));
    return facts([
        [t('patient.sex'), tr('sex', (c && c.sex) || rp.sex)],
        [t('patient.age'), v((c && c.age) ?? rp.age ?? (c && c.birth_date ? t('patient.born', { date: fmtDate(c.birth_date) }) : null))],
        [t('patient.smoking'), tr('smoking', (c && c.smoking) || rp.smoking)],
        [t('patient.ecog'), v((c && c.ecog) ?? rp.ecog)],
        [t('patient.diagnosis'), v(dx.oncotree_code || rp.oncotree_code || (report && report.tumor_type))],
        [t('patient.stage'), v(dx.stage || rp.stage)],
        [t('patient.diagnosis_date'), (dx.date || rp.diagnosis_date) ? fmtDate(dx.date || rp.diagnosis_date) : t('common.unknown')],
        [t('patient.brain_mets'), tr('brain', dx.brain_metastases || rp.brain_metastases)],
        [t('report.pdl1'), bm.pdl1_tps === null || bm.pdl1_tps === undefined ? t('report.not_tested') : fmtPct(bm.pdl1_tps / 100)],
        [t('report.tmb'), bm.tmb === null || bm.tmb === undefined ? t('report.not_tested') : `${fmtNum(bm.tmb, 1)} mut/Mb`],
        [t('patient.vital'), tr('vital', out.vital_status)],
        out.death_date ? [t('patient.death_date'), fmtDate(out.death_date)] : null,
        [t('patient.last_follow_up'), out.last_follow_up ? fmtDate(out.last_follow_up) : t('common.unknown')],
    ]);
}

function outcomeForm(id, c, reload) {
    const out = (c && c.outcome) || {};
    const vital = select({ name: 'vital_status', required: true }, [['alive', t('vital.alive')], ['dead', t('vital.dead')]], out.vital_status || 'alive');
    const death = h('input', { type: 'date', name: 'death_date', value: out.death_date || '' });
    const follow = h('input', { type: 'date', name: 'last_follow_up', value: out.last_follow_up || '' });
    const submit = h('button', { type: 'submit' }, t('patient.save_outcome'));
    const form = h('form.inline-form', null, field(t('patient.vital'), vital), field(t('patient.death_date'), death),
        field(t('patient.last_follow_up'), follow), h('div.actions', null, submit));
    form.addEventListener('submit', (ev) => {
        ev.preventDefault();
        busy(submit, async () => {
            const body = { vital_status: vital.value };
            if (death.value) body.death_date = death.value;
            if (follow.value) body.last_follow_up = follow.value;
            await api('PUT', `/patients/${enc(id)}/outcome`, body);
            notify(t('patient.outcome_saved'), 'ok');
            reload();
        });
    });
    return h('details.edit', null, h('summary', null, t('patient.record_outcome')), form);
}

/* A lab file as a new sample: checked by the server before anything is stored. */
function sampleForm(id, reload) {
    const file = h('input', { type: 'file', name: 'file', required: true });
    const key = h('input', { name: 'sample', required: true, maxlength: '128' });
    const format = select({ name: 'format' }, [['vcf', 'VCF'], ['maf', 'MAF'], ['fusion', t('sample.fusion')], ['cna', t('sample.cna')]]);
    const type = select({ name: 'type' }, [['tissue', t('sample.tissue')], ['plasma', t('sample.plasma')]]);
    const collected = h('input', { type: 'date', name: 'collected' });
    const submit = h('button', { type: 'submit' }, t('sample.upload'));
    const form = h('form.inline-form', null, field(t('sample.file'), file), field(t('sample.key'), key), field(t('sample.format'), format),
        field(t('sample.type'), type), field(t('sample.collected'), collected), h('div.actions', null, submit));
    form.addEventListener('submit', (ev) => {
        ev.preventDefault();
        busy(submit, async () => {
            const q = new URLSearchParams({ sample: key.value.trim(), format: format.value, type: type.value });
            if (collected.value) q.set('collected', collected.value);
            const r = await api('POST', `/patients/${enc(id)}/samples?${q}`, file.files[0], { type: 'application/octet-stream' });
            notify(t('sample.uploaded', { sample: r.sample ?? key.value.trim(), n: r.alterations ?? '?' }), 'ok');
            reload();
        });
    });
    return h('details.edit', null, h('summary', null, t('sample.title')), form);
}

function matchesPart(id, data, reload) {
    const rows = (data && data.rows) || [];
    const trialLink = (key) => h('a', { href: `#/trials/${enc(key)}` }, key);
    return h('div', null, trialsTable(rows, trialLink), can('screening') ? enrolmentForm(id, rows, reload) : null);
}

function enrolmentForm(id, rows, reload) {
    const trials = [...new Set(rows.map((r) => r.trial))];
    const trial = h('input', { name: 'trial', required: true, list: 'matched-trials', value: trials[0] || '' });
    const datalist = h('datalist', { id: 'matched-trials' }, trials.map((k) => h('option', { value: k })));
    const status = select({ name: 'status' }, TRIAL_STATUSES.filter((s) => s !== 'eligible').map((s) => [s, t(`trialstatus.${s}`)]));
    const date = h('input', { type: 'date', name: 'date', value: today() });
    const arm = h('input', { name: 'arm' });
    const reason = h('input', { name: 'reason' });
    const submit = h('button', { type: 'submit' }, t('patient.save_enrolment'));
    const form = h('form.inline-form', null, field(t('match.trial'), trial, t('patient.trial_hint')), datalist, field(t('patient.enrolment_status'), status),
        field(t('common.date'), date), field(t('match.arm'), arm), field(t('patient.reason'), reason, t('patient.reason_hint')),
        h('div.actions', null, submit));
    form.addEventListener('submit', (ev) => {
        ev.preventDefault();
        busy(submit, async () => {
            const body = { status: status.value };
            if (date.value) body.date = date.value;
            if (arm.value.trim()) body.arm = arm.value.trim();
            if (reason.value.trim()) body.reason = reason.value.trim();
            await api('PUT', `/patients/${enc(id)}/enrolments/${enc(trial.value.trim())}`, body);
            notify(t('patient.enrolment_saved'), 'ok');
            reload();
        });
    });
    return h('details.edit', null, h('summary', null, t('patient.record_enrolment')), form);
}

/* Therapy lines as bars on one time axis (diagnosis or first start to today), each with its
 * response assessments listed under it. */
function timeline(c, responses) {
    const lines = (c.therapies || []).slice().sort((a, b) => (a.line || 0) - (b.line || 0));
    const resp = (responses.value && responses.value.responses) || [];
    if (!lines.length && !resp.length) {
        return h('div', null, h('p.muted', null, t('patient.no_lines')), responses.error ? failed(responses.error) : null);
    }
    const day = (s) => (s ? Date.parse(`${s}T00:00:00Z`) : NaN);
    const starts = lines.map((l) => day(l.start)).filter((x) => !Number.isNaN(x));
    const t0 = starts.length ? Math.min(...starts) : NaN;
    const t1 = Date.now();
    const list = h('ol.timeline');
    for (const l of lines) {
        const mine = resp.filter((r) => r.line === l.line);
        const bar = h('div.tl-bar', { 'aria-hidden': 'true' });
        const s = day(l.start);
        if (!Number.isNaN(s) && !Number.isNaN(t0) && t1 > t0) {
            const e = Number.isNaN(day(l.end)) ? t1 : day(l.end);
            bar.style.marginLeft = `${(100 * (s - t0)) / (t1 - t0)}%`;
            bar.style.width = `${Math.max(1, (100 * (e - s)) / (t1 - t0))}%`;
            if (Number.isNaN(day(l.end))) bar.classList.add('ongoing');
        }
        add(list, h('li', null,
            h('div.tl-head', null, h('strong', null, t('patient.line', { n: l.line ?? '?' })), ' ',
                (l.agents || []).join(' + ') || t('common.unknown'), ' · ',
                l.start ? fmtDate(l.start) : t('common.unknown'), ' → ', l.end ? fmtDate(l.end) : t('patient.ongoing'),
                ' · ', t('patient.best_response'), ' ', l.best_response ? h('span.recist', null, l.best_response) : t('common.unknown'),
                l.progression ? h('span.progression', null, ` · ${t('patient.progression')}${l.progression_date ? ` ${fmtDate(l.progression_date)}` : ''}`) : null),
            h('div.tl-track', null, bar),
            mine.length ? h('ul.assessments', null, mine.map((r) => h('li', null, fmtDate(r.assessed_on), ' ',
                h('span.recist', null, r.recist), r.recorded_by ? h('span.muted', null, ` (${r.recorded_by})`) : null))) : null));
    }
    const orphans = resp.filter((r) => !lines.some((l) => l.line === r.line));
    if (orphans.length) {
        add(list, h('li', null, h('div.tl-head', null, t('patient.other_assessments')), h('ul.assessments', null,
            orphans.map((r) => h('li', null, t('patient.line', { n: r.line }), ' ', fmtDate(r.assessed_on), ' ', h('span.recist', null, r.recist))))));
    }
    return h('div', null, list, responses.error ? failed(responses.error) : null);
}

function responseForm(id, c, reload) {
    const lines = (c.therapies || []).map((l) => l.line).filter((x) => x !== undefined);
    const line = lines.length ? select({ name: 'line' }, lines.map((n) => [n, t('patient.line', { n })]), lines[lines.length - 1])
        : h('input', { type: 'number', name: 'line', min: '1', max: '99', required: true });
    const date = h('input', { type: 'date', name: 'assessed_on', value: today(), required: true });
    const recist = select({ name: 'recist' }, RECIST.map((r) => [r, `${r} — ${t(`recist.${r}`)}`]));
    const submit = h('button', { type: 'submit' }, t('patient.save_response'));
    const form = h('form.inline-form', null, field(t('patient.therapy_line'), line), field(t('patient.assessed_on'), date),
        field(t('patient.recist'), recist), h('div.actions', null, submit));
    form.addEventListener('submit', (ev) => {
        ev.preventDefault();
        busy(submit, async () => {
            await api('POST', `/patients/${enc(id)}/responses`, { line: Number(line.value), assessed_on: date.value, recist: recist.value });
            notify(t('patient.response_saved'), 'ok');
            reload();
        });
    });
    return h('details.edit', null, h('summary', null, t('patient.record_response')), form);
}

function decisionsPart(id, decisions, boards, reload) {
    const box = h('div.decisions');
    if (decisions.error) add(box, failed(decisions.error));
    const list = (decisions.value && decisions.value.decisions) || [];
    if (!decisions.error && !list.length) add(box, h('p.muted', null, t('decision.none')));
    for (const d of list) add(box, decisionCard(d, reload));
    if (can('clinical')) add(box, newDecisionForm(id, boards, reload));
    return box;
}

function decisionCard(d, reload) {
    const final = d.status === 'final';
    const text = h('p.decision-text', null, d.text);
    const meta = h('p.meta', null, t('decision.by', { author: d.author || '?', date: fmtDateTime(d.created_at) }),
        d.updated_at && d.updated_at !== d.created_at ? ` · ${t('decision.edited', { date: fmtDateTime(d.updated_at) })}` : '',
        final ? ` · ${t('decision.finalised', { who: d.finalised_by || '?', date: fmtDateTime(d.finalised_at) })}` : '',
        d.board_id ? ` · ${t('decision.board', { id: d.board_id })}` : '');
    const card = h('article', { class: `decision decision-${final ? 'final' : 'draft'}`, 'data-decision': d.id },
        h('h3', null, h('span', { class: `badge status-${final ? 'final' : 'draft'}` }, t(`decision.${final ? 'final' : 'draft'}`)), ' ',
            t('decision.number', { id: d.id })), text, meta);
    if (!final && can('clinical')) {
        add(card, h('div.actions', null,
            h('button', { type: 'button', class: 'edit-decision', on: { click: () => editDecision(card, d, reload) } }, t('decision.edit')),
            h('button.primary', { type: 'button', class: 'finalise-decision', on: { click: () => finaliseDecision(d, reload) } }, t('decision.finalise'))));
    }
    return card;
}

function editDecision(card, d, reload) {
    const area = h('textarea', { rows: '6', name: 'text', required: true, maxlength: '20000' });
    area.value = d.text;
    const save = h('button.primary', { type: 'submit' }, t('common.save'));
    const form = h('form.edit-form', null, field(t('decision.text'), area), h('div.actions', null, save,
        h('button', { type: 'button', on: { click: reload } }, t('common.cancel'))));
    form.addEventListener('submit', (ev) => {
        ev.preventDefault();
        busy(save, async () => {
            await api('PUT', `/decisions/${enc(d.id)}`, { text: area.value });
            notify(t('decision.saved'), 'ok');
            reload();
        });
    });
    card.querySelector('.decision-text').replaceWith(form);
    card.querySelector('.actions')?.remove();
    area.focus();
}

async function finaliseDecision(d, reload) {
    const done = await dialog(t('decision.finalise_title'), (form) => {
        const pw = h('input', { type: 'password', name: 'password', autocomplete: 'current-password', required: true });
        add(form, h('p', null, t('decision.finalise_text')), h('blockquote', null, d.text), field(t('decision.password'), pw));
        setTimeout(() => pw.focus(), 0);
    }, async (form) => {
        const pw = form.querySelector('input[name=password]');
        try {
            return await api('POST', `/decisions/${enc(d.id)}/finalise`, { password: pw.value });
        } finally {
            pw.value = '';
        }
    }, t('decision.finalise'));
    if (done) {
        notify(t('decision.finalised_ok'), 'ok');
        reload();
    }
}

function newDecisionForm(id, boards, reload) {
    const area = h('textarea', { rows: '5', name: 'text', required: true, maxlength: '20000' });
    const board = select({ name: 'board_id' }, [['', t('decision.no_board')],
        ...boards.map((b) => [b.id, `${fmtDate(b.meets_on)} — ${b.title || ''}`])]);
    const submit = h('button.primary', { type: 'submit' }, t('decision.save_draft'));
    const form = h('form.new-decision', null, h('h3', null, t('decision.new')), field(t('decision.text'), area, t('decision.text_hint')),
        field(t('decision.for_board'), board), h('div.actions', null, submit));
    form.addEventListener('submit', (ev) => {
        ev.preventDefault();
        busy(submit, async () => {
            const body = { text: area.value };
            if (board.value) body.board_id = Number(board.value);
            await api('POST', `/patients/${enc(id)}/decisions`, body);
            notify(t('decision.drafted'), 'ok');
            reload();
        });
    });
    return form;
}

