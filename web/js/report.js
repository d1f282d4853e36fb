/* report.js: the report document (docs/report.md, CONTRACTS.md "Report JSON") drawn as parts of
 * the patient page and, shorter, of the tumor board view. The printable report itself is the
 * server's report.html; this module only shows the same facts in the page. Missing values are
 * written in words ("unknown", "not tested"), never as 0 or "no". */
import { h, table } from './dom.js';
import { t, tMaybe, fmtNum, fmtPct } from './i18n.js';

const GROUP_FAMILY = { NO: 'none', NOT: 'na' };

/* The molecular group as a badge whose colour says its family (EGFR, ALK, KRAS...). */
export function groupBadge(id, label) {
    if (!id) return h('span.badge.group.grp-unknown', null, t('group.none_yet'));
    const family = id === 'none' ? 'none' : (GROUP_FAMILY[id.split('_')[0]] || id.split('_')[0].toLowerCase());
    const text = id === 'none' ? t('group.none') : id.replace(/_/g, ' ');
    return h('span', { class: `badge group grp-${family}`, title: label || null }, text);
}

/* An ESCAT tier: "I-A", or "II-B (unverified)" when the knowledge base has not verified it. */
export function tierBadge(escat, unverified) {
    const tier = escat || unverified;
    if (!tier) return h('span.badge.tier.tier-none', null, t('report.tier_none'));
    const roman = String(tier).split('-')[0];
    const cls = { I: 'tier-1', II: 'tier-2', III: 'tier-3', IV: 'tier-4' }[roman] || 'tier-x';
    const badge = h('span', { class: `badge tier ${cls}` }, tier);
    return escat ? badge : h('span.tier-wrap', null, badge, ' ', h('span.unverified', null, t('report.unverified')));
}

function alterationTier(a) {
    if (a.escat) return tierBadge(a.escat);
    return tierBadge(null, a.escat_unverified);
}

function therapyTier(x) {
    if (x.escat && x.escat_verified !== false) return tierBadge(x.escat);
    return tierBadge(null, x.escat || x.escat_unverified);
}

function word(v, missing) {
    if (v === null || v === undefined || v === '') return t(missing || 'common.unknown');
    if (v === true) return t('common.yes');
    if (v === false) return t('common.no');
    return String(v);
}

/* A <dl> of [label, value] pairs. */
export function facts(pairs) {
    return h('dl.facts', null, pairs.filter(Boolean).map(([k, v]) => [h('dt', null, k), h('dd', null, v)]));
}

export function groupSection(report) {
    const g = report.molecular_group || {};
    const drivers = report.drivers || [];
    const na = report.not_assessed || [];
    return h('div.group-block', null,
        h('p.group-line', null, groupBadge(g.id, g.label), ' ', h('span.group-label', null, g.label || '')),
        g.evidence && g.evidence.length ? facts([[t('report.evidence'), g.evidence.join(', ')]]) : null,
        drivers.length ? facts([[t('report.drivers'), drivers.map((d) =>
            `${d.gene} ${d.alteration}${d.primary ? ` (${t('report.primary')})` : ''}`).join(', ')]]) : null,
        na.length ? h('div.not-assessed', null, h('p', null, t('report.not_excluded')),
            h('ul', null, na.map((x) => h('li', null, typeof x === 'string' ? x : `${x.group || x.label || ''}${x.reason ? `: ${x.reason}` : ''}`)))) : null);
}

function therapyList(therapies, compact) {
    if (!therapies || !therapies.length) return h('span.muted', null, t('report.no_therapy'));
    if (compact) {
        return h('ul.therapies.compact', null, therapies.map((x) => {
            const tier = x.escat && x.escat_verified !== false ? x.escat : (x.escat || x.escat_unverified);
            const unverified = !(x.escat && x.escat_verified !== false) && tier;
            return h('li', { class: x.effect === 'resistant' ? 'resistant' : null }, h('span.agents', null, (x.agents || []).join(' + ')),
                x.effect === 'resistant' ? h('span.effect', null, ` ${t('effect.resistant')}`) : null,
                tier ? h('span.tier-text', null, ` ${tier}${unverified ? ` ${t('report.unverified')}` : ''}`) : null);
        }));
    }
    return h('ul.therapies', null, therapies.map((x) => {
        const ema = (x.approvals || []).some((a) => a.agency === 'EMA');
        return h('li', { class: x.effect === 'resistant' ? 'resistant' : null },
            h('span.agents', null, (x.agents || []).join(' + ')), ' ',
            h('span.effect', null, tMaybe(`effect.${x.effect}`, word(x.effect))), ' ',
            therapyTier(x),
            ema ? h('span.badge.approval', { title: t('report.ema_title') }, 'EMA') : null,
            x.other_tumor_type ? h('span.note', null, ` ${t('report.other_tumor')}`) : null);
    }));
}

export function alterationsTable(report, compact) {
    const alts = report.alterations || [];
    if (!alts.length) return h('p.muted', null, t('report.no_alterations'));
    const headers = compact
        ? [t('report.gene'), t('report.alteration'), t('report.tier'), t('report.therapies')]
        : [t('report.gene'), t('report.alteration'), t('report.kind'), t('report.vaf'), t('report.oncogenicity'),
            t('report.role'), t('report.tier'), t('report.therapies')];
    const rows = alts.map((a) => {
        const name = h('span', null, a.alteration || '', a.partner ? ` (${a.partner})` : '');
        if (compact) return [h('strong', null, a.gene), name, alterationTier(a), therapyList(a.therapies, true)];
        const amount = a.vaf !== null && a.vaf !== undefined ? fmtPct(a.vaf)
            : a.copies !== null && a.copies !== undefined ? t('report.copies', { n: fmtNum(a.copies, 1) }) : t('common.unknown');
        const role = h('span', null, tMaybe(`altrole.${a.role}`, word(a.role)),
            a.germline_possible ? h('span.warn-inline', null, ` ${t('report.germline')}`) : null,
            a.note ? h('span.note', null, ` ${a.note}`) : null);
        return [h('strong', null, a.gene), name, `${tMaybe(`kind.${a.kind}`, word(a.kind))}${a.method && a.method !== 'sequencing' ? ` (${a.method})` : ''}`,
            amount, tMaybe(`onco.${a.oncogenicity}`, word(a.oncogenicity)), role, alterationTier(a), therapyList(a.therapies)];
    });
    return h('div.table-wrap', null, table(null, headers, rows, 'data alterations'));
}

export function immunoSection(report) {
    const i = report.immunotherapy;
    if (!i) return h('p.muted', null, t('common.unknown'));
    return h('div', null, facts([
        [t('report.pdl1'), i.pdl1_tps === null || i.pdl1_tps === undefined ? t('report.not_tested')
            : `${fmtPct(i.pdl1_tps / 100)} (${i.pdl1_category || t('common.unknown')})`],
        [t('report.tmb'), i.tmb === null || i.tmb === undefined ? t('report.not_tested')
            : `${fmtNum(i.tmb, 1)} mut/Mb${i.tmb_high ? ` (${t('report.tmb_high')})` : ''}`],
        [t('report.msi_high'), word(i.msi_high, 'report.not_tested')],
        (i.negative_predictors || []).length ? [t('report.negative_predictors'), i.negative_predictors.join(', ')] : null,
    ]), i.summary ? h('p.summary', null, i.summary) : null);
}

/* Match rows (report.trials, /matches, /candidates): what was met, failed and unknown. */
export function criteriaCell(row) {
    const met = row.met || row.reasons || [];
    const part = (cls, label, items) => (items && items.length
        ? h('div', { class: `crit ${cls}` }, h('span.crit-label', null, `${label} `), items.join('; ')) : null);
    return h('div.criteria', null, part('met', t('match.met'), met), part('failed', t('match.failed'), row.failed),
        part('unknown', t('match.unknown'), row.unknown),
        !met.length && !(row.failed || []).length && !(row.unknown || []).length ? h('span.muted', null, '—') : null);
}

export function statusBadge(status) {
    return h('span', { class: `badge status status-${status || 'unknown'}` }, tMaybe(`match.status.${status}`, word(status)));
}

export function trialsTable(rows, trialLink) {
    if (!rows || !rows.length) return h('p.muted', null, t('report.no_trials'));
    return h('div.table-wrap', null, table(null, [t('match.trial'), t('match.arm'), t('match.status'), t('match.criteria')],
        rows.map((r) => [trialLink ? trialLink(r.trial) : r.trial,
            r.arm || (r.level ? tMaybe(`match.level.${r.level}`, r.level) : ''), statusBadge(r.status), criteriaCell(r)]), 'data trials'));
}

export function warningsList(report) {
    const w = report.warnings || [];
    if (!w.length) return null;
    return h('ul.warnings', null, w.map((x) => h('li', null, typeof x === 'string' ? x : (x.message || JSON.stringify(x)))));
}
