// tests/browser/webui.mjs: walks the web interface in Debian's Chromium, driven by playwright-core,
// against a running `oncoboard serve` (started by tests/browser/webui.sh with a throwaway registry):
// sign in (a wrong password first), the patient list, a patient, the printable report, the trials,
// a decision drafted then made final with the password entered again, the tumor board, the accrual
// figures, the administration, sign out; then the same in French. Each step prints one line that
// tests/run.sh counts:  ok web/NAME | not ok web/NAME # why | skip web/NAME # why
// Screenshots go to $WEBUI_OUT and are checked (a PNG of the page's size, not blank); the texts a
// step expects are checked in the DOM at the moment of the screenshot.
//
// Environment: WEBUI_URL (the server), WEBUI_OUT (screenshots), WEBUI_PATIENT (a patient id),
// WEBUI_TRIAL (a trial that patient matches), WEBUI_GROUP (their molecular group, alone in it),
// WEBUI_CLINICIAN, WEBUI_ADMIN, WEBUI_VIEWER and WEBUI_RESEARCHER ("login:password"), CHROMIUM (/usr/bin/chromium),
// PLAYWRIGHT (the folder whose node_modules holds playwright-core), WEBUI_PROFILE (an empty folder).
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';

const env = (k, d) => process.env[k] || d;
const BASE = env('WEBUI_URL');
const OUT = env('WEBUI_OUT');
const PATIENT = env('WEBUI_PATIENT');
const TRIAL = env('WEBUI_TRIAL'); // a trial the patient matches
const GROUP = env('WEBUI_GROUP'); // the patient's molecular group, alone in it
const [CLIN, CLIN_PW] = env('WEBUI_CLINICIAN', '').split(/:(.*)/s);
const [ADMIN, ADMIN_PW] = env('WEBUI_ADMIN', '').split(/:(.*)/s);
const [VIEWER, VIEWER_PW] = env('WEBUI_VIEWER', '').split(/:(.*)/s);
const [RESEARCHER, RESEARCHER_PW] = env('WEBUI_RESEARCHER', '').split(/:(.*)/s);
const WIDTH = 1280;
const HEIGHT = 900;

// A translation key shown instead of its text (i18n.js shows the key when a language lacks it).
const RAW_KEY = /(?:app|nav|common|error|patients?|report|match|decision|trials|boards|accrual|admin|signin|group|role|kind|onco|altrole|effect|recist|vital|sex|smoking|brain|trialstatus|userstatus|filter|lang|forbidden|notfound|export|sample|cohort|phase1)\.(?!html)[a-z_]+/;

let failures = 0;
function line(status, name, why) {
    if (status === 'not ok') failures += 1;
    console.log(`${status} web/${name}${why ? ` # ${String(why).split('\n')[0]}` : ''}`);
}

/* Runs one step: ok, or not ok with the first line of the error. */
async function step(name, fn) {
    try {
        await fn();
        line('ok', name);
        return true;
    } catch (e) {
        line('not ok', name, e.message);
        return false;
    }
}

/* A step that needs an earlier one: skipped when that one did not pass. */
async function stepAfter(done, needed, name, fn) {
    if (done) return step(name, fn);
    line('skip', name, `needs ${needed}`);
    return false;
}

function check(cond, what) {
    if (!cond) throw new Error(what);
}

/* Waits for selector; an error box or message in its place (an API error) fails the step with
 * its code and text. */
async function expectShown(page, selector, what, timeout = 10000) {
    const any = `${selector}, [data-code]`;
    await page.waitForSelector(any, { timeout }).catch(() => {
        throw new Error(`${what}: nothing shown within ${timeout} ms (${selector})`);
    });
    if (await page.$(selector)) return;
    const code = await page.$eval('[data-code]', (el) => el.getAttribute('data-code'));
    const text = await page.$eval('[data-code]', (el) => el.textContent);
    throw new Error(`${what}: ${code}: ${text}`);
}

async function textOf(page, selector) {
    return page.$eval(selector, (el) => el.innerText);
}

/* A PNG of the viewport's width, tall enough, and large enough not to be a blank page. */
function checkPng(file) {
    const b = fs.readFileSync(file);
    check(b.length > 8000, `${path.basename(file)}: only ${b.length} bytes`);
    check(b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])), `${file}: not a PNG`);
    const w = b.readUInt32BE(16);
    const h = b.readUInt32BE(20);
    check(w === WIDTH && h >= 300 && h <= 20000, `${path.basename(file)}: ${w}x${h} is not a page's size`);
}

async function shot(page, name, texts = []) {
    const body = await page.innerText('body');
    for (const x of texts) check(body.includes(x), `${name}: "${x}" not on the page`);
    const raw = body.match(RAW_KEY);
    check(!raw, `${name}: "${raw && raw[0]}" is a translation key shown as such`);
    const a11y = await page.evaluate(() => {
        const unlabelled = [...document.querySelectorAll('input, select, textarea')]
            .filter((el) => el.type !== 'hidden' && !(el.labels && el.labels.length) && !el.getAttribute('aria-label'))
            .map((el) => el.name || el.outerHTML.slice(0, 40));
        const levels = [...document.querySelectorAll('main h1, main h2, main h3, main h4, dialog h2')].map((x) => Number(x.tagName[1]));
        const skipped = levels.findIndex((l, i) => i > 0 && l > levels[i - 1] + 1);
        return { unlabelled, skipped: skipped < 0 ? null : `h${levels[skipped - 1]} then h${levels[skipped]}`, h1: levels.filter((l) => l === 1).length };
    });
    check(!a11y.unlabelled.length, `${name}: inputs without a label: ${a11y.unlabelled.join(', ')}`);
    check(!a11y.skipped, `${name}: a heading level is skipped (${a11y.skipped})`);
    check(a11y.h1 === 1, `${name}: ${a11y.h1} h1 headings`);
    const file = path.join(OUT, `${name}.png`);
    await page.screenshot({ path: file, fullPage: true });
    checkPng(file);
}

async function signIn(page, login, password) {
    if (await page.$('#sign-out')) {
        await page.click('#sign-out');
        await page.waitForSelector('form.signin');
    }
    await page.goto(`${BASE}/#/signin`);
    await page.waitForSelector('form.signin');
    await page.fill('input[name=login]', login);
    await page.fill('input[name=password]', password);
    await page.press('input[name=password]', 'Enter'); // Enter submits
    await page.waitForSelector('#sign-out');
}

async function signOut(page, heading) {
    await page.click('#sign-out');
    await page.waitForSelector('form.signin');
    check((await textOf(page, 'h1')) === heading, `after signing out the page is "${await textOf(page, 'h1')}"`);
}

async function main() {
    const require = createRequire(path.join(env('PLAYWRIGHT'), 'package.json'));
    const { chromium } = require('playwright-core');
    fs.mkdirSync(OUT, { recursive: true });
    const context = await chromium.launchPersistentContext(env('WEBUI_PROFILE'), {
        executablePath: env('CHROMIUM', '/usr/bin/chromium'),
        headless: true,
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
            '--disable-background-networking', '--disable-component-update', '--disable-sync'],
        viewport: { width: WIDTH, height: HEIGHT },
        locale: 'en-GB',
    });
    const problems = [];
    const watch = (page) => {
        page.on('pageerror', (e) => problems.push(`script error: ${e.message}`));
        page.on('console', (m) => {
            if (m.type() === 'error' && /Content Security Policy|Refused to/i.test(m.text())) problems.push(`CSP: ${m.text()}`);
        });
    };
    context.on('page', watch);
    const page = context.pages()[0] || await context.newPage();
    watch(page);
    try {
        await walk(context, page);
    } finally {
        await step('no-script-or-csp-errors', () => check(!problems.length, problems.slice(0, 3).join(' | ')));
        await context.close();
    }
}

async function walk(context, page) {
    await step('signin-page', async () => {
        await page.goto(`${BASE}/`);
        await page.waitForSelector('form.signin');
        const focused = () => page.evaluate(() => document.activeElement && document.activeElement.name);
        check((await focused()) === 'login', 'the login field does not have the focus');
        await page.keyboard.press('Tab');
        check((await focused()) === 'password', 'Tab does not go from the login to the password');
        await shot(page, 'signin', ['Sign in', 'Login', 'Password']);
    });
    await step('signin-wrong-password', async () => {
        await page.fill('input[name=login]', CLIN);
        await page.fill('input[name=password]', 'not the password');
        await page.press('input[name=password]', 'Enter');
        await page.waitForFunction(() => document.querySelector('#signin-error')?.textContent.length > 0);
        const msg = await textOf(page, '#signin-error');
        check(/Wrong login or password|Too many/.test(msg), `message "${msg}"`);
    });
    const signedIn = await step('signin', async () => {
        await signIn(page, CLIN, CLIN_PW);
        check((await textOf(page, '#user-box')).includes('clinician'), 'the role is not shown');
        const nav = await textOf(page, '#nav');
        check(nav.includes('Patients') && !nav.includes('Administration'), `a clinician's navigation shows "${nav}"`);
    });
    if (!signedIn) return;
    await step('patient-list', async () => {
        await page.goto(`${BASE}/#/patients`);
        await expectShown(page, `a[href="#/patients/${PATIENT}"]`, 'patient list');
        await shot(page, 'patients', ['Patients', PATIENT, 'Molecular group']);
        await page.fill('input[name=q]', PATIENT);
        await page.press('input[name=q]', 'Enter');
        await page.waitForFunction((id) => location.hash.includes(`q=${id}`), PATIENT);
        await expectShown(page, `a[href="#/patients/${PATIENT}"]`, 'search');
        await page.goto(`${BASE}/#/patients`);
        await expectShown(page, 'select[name=group]', 'filters');
        await page.selectOption('select[name=group]', GROUP);
        await page.click('form.filters button[type=submit]');
        await page.waitForFunction((g) => location.hash.includes(`group=${g}`), GROUP);
        await expectShown(page, `a[href="#/patients/${PATIENT}"]`, 'group filter');
        const ids = await page.$$eval('table.data tbody tr td:first-child', (tds) => tds.map((x) => x.textContent));
        check(ids.length === 1 && ids[0] === PATIENT, `the ${GROUP} filter lists ${ids.join(', ')}`);
        await shot(page, 'patients-filtered', [PATIENT, GROUP.replace(/_/g, ' ')]);
    });
    const patientShown = await step('patient-page', async () => {
        await page.goto(`${BASE}/#/patients/${PATIENT}`);
        await expectShown(page, '#sec-alterations table', 'patient report');
        await shot(page, 'patient', [`Patient ${PATIENT}`, 'Molecular group', 'Alterations, tiers and therapies', 'ESCAT tier', 'Matched trials']);
    });
    await step('printable-report', async () => {
        if (!patientShown) await page.goto(`${BASE}/#/patients/${PATIENT}`);
        await page.waitForSelector('#open-report');
        const [report] = await Promise.all([context.waitForEvent('page'), page.click('#open-report')]);
        await report.waitForLoadState('load');
        const body = await report.innerText('body');
        check(body.includes(PATIENT), 'the report does not name the patient');
        const file = path.join(OUT, 'report.png');
        await report.screenshot({ path: file, fullPage: true });
        checkPng(file);
        await report.close();
    });
    await step('matched-trials', async () => {
        await page.goto(`${BASE}/#/patients/${PATIENT}`);
        await expectShown(page, '#sec-trials table.trials, #sec-trials .muted', 'matched trials');
        const rows = await page.$$('#sec-trials table.trials tbody tr');
        check(rows.length > 0, 'no trial matched the patient (the registry was matched with db match)');
        const crit = await textOf(page, '#sec-trials table.trials');
        check(crit.includes(TRIAL), `${TRIAL} is not among the matched trials`);
        check(/Met:|Unknown:|Not met:/.test(crit), 'no criteria shown');
    });
    await step('trial-portfolio', async () => {
        await page.goto(`${BASE}/#/trials`);
        await expectShown(page, 'table.data a[href^="#/trials/"]', 'trials');
        await shot(page, 'trials', ['Trial portfolio', TRIAL]);
        await page.click(`a[href="#/trials/${TRIAL}"]`);
        await expectShown(page, '#sec-cands table', 'the trial\'s candidates');
        check((await textOf(page, '#sec-cands')).includes(PATIENT), `${PATIENT} is not among the candidates`);
        await shot(page, 'trial', [TRIAL, 'Candidates', PATIENT]);
    });
    await step('phase1-conduct', async () => {
        // the trial's phase I section: set up BOIN (target 0.3, a 28-day DLT window), give the patient
        // level 1, record their window completed, then a DLT; the recommendation follows BOIN's table
        // at n = 1 (0 DLT escalates, 1 stays at the lowest)
        await page.goto(`${BASE}/#/trials/${TRIAL}`);
        await expectShown(page, '#sec-phase1 details:has(form.phase1-setup) > summary', 'the phase I set-up form');
        await page.click('#sec-phase1 details:has(form.phase1-setup) > summary');
        await page.fill('form.phase1-setup textarea[name=doses]', '60 mg\n120 mg\n240 mg');
        await page.fill('form.phase1-setup input[name=sample_size]', '12');
        await page.fill('form.phase1-setup input[name=dlt_window_days]', '28');
        await page.press('form.phase1-setup input[name=sample_size]', 'Enter');
        await expectShown(page, '#sec-phase1 .phase1-next', 'the recommendation');
        check((await textOf(page, '#sec-phase1 .phase1-next')).includes('level 1 (60 mg)'), 'the first cohort is not at level 1');
        await page.click('#sec-phase1 details:has(form.phase1-assign) > summary');
        await page.fill('form.phase1-assign input[name=patient]', PATIENT);
        await page.press('form.phase1-assign input[name=patient]', 'Enter');
        await page.waitForFunction(() => document.querySelector('#sec-phase1 .phase1-next')?.textContent.includes('level 2 (120 mg)'));
        // the patient is in the 28-day DLT window: the window form lists them until it is recorded complete
        await page.click('#sec-phase1 details:has(form.phase1-window) > summary');
        check((await textOf(page, 'form.phase1-window select[name=patient]')).includes(PATIENT), 'the pending patient is not offered');
        await page.click('form.phase1-window button[type=submit]');
        await page.waitForFunction(() => document.querySelector('#sec-phase1 table')?.textContent.includes('window completed'));
        check(!(await page.$('form.phase1-window')), 'the window form is still offered with no patient pending');
        await page.click('#sec-phase1 details:has(form.phase1-dlt) > summary');
        await page.fill('form.phase1-dlt input[name=term]', 'Febrile neutropenia');
        await page.press('form.phase1-dlt input[name=term]', 'Enter');
        // 1 DLT in 1 calls for de-escalation, which at the lowest level means staying there
        await page.waitForFunction(() => document.querySelector('#sec-phase1 .phase1-next')?.textContent.includes('level 1 (60 mg)'));
        check((await textOf(page, '#sec-phase1 table')).includes('Febrile neutropenia'), 'the DLT is not listed');
        await shot(page, 'phase1', ['Phase I dose finding', 'Next cohort', 'level 1 (60 mg)', 'Decision table']);
    });
    const drafted = await step('decision-draft', async () => {
        await page.goto(`${BASE}/#/patients/${PATIENT}`);
        await expectShown(page, 'form.new-decision, #sec-decisions [data-code]', 'decisions');
        await expectShown(page, 'form.new-decision', 'decision form');
        await page.fill('form.new-decision textarea', 'Browser test: osimertinib; rebiopsy at progression.');
        await page.click('form.new-decision button[type=submit]');
        await expectShown(page, 'article.decision-draft', 'draft decision');
        await shot(page, 'decision-draft', ['Draft', 'Browser test: osimertinib']);
    });
    await stepAfter(drafted, 'decision-draft', 'decision-final', async () => {
        await page.waitForSelector('article.decision-draft .finalise-decision', { timeout: 5000 });
        await page.click('article.decision-draft .finalise-decision');
        await page.waitForSelector('dialog[open]');
        await page.keyboard.press('Escape'); // Escape closes the dialog, nothing changes
        await page.waitForSelector('dialog', { state: 'detached' });
        await page.click('article.decision-draft .finalise-decision');
        await page.fill('dialog input[type=password]', 'wrong password');
        await page.press('dialog input[type=password]', 'Enter');
        await page.waitForFunction(() => document.querySelector('dialog .dialog-error')?.textContent.length > 0);
        await page.fill('dialog input[type=password]', CLIN_PW);
        await page.press('dialog input[type=password]', 'Enter');
        await expectShown(page, 'article.decision-final', 'final decision');
        await shot(page, 'decision-final', ['Final', 'made final by']);
    });
    await step('tumor-board', async () => {
        await page.goto(`${BASE}/#/boards`);
        await expectShown(page, 'details.edit summary, .board-grid', 'boards');
        await page.click('details.edit summary');
        const tomorrow = new Date(Date.now() + 86400000).toISOString().slice(0, 10);
        await page.fill('input[name=meets_on]', tomorrow);
        await page.fill('input[name=title]', 'Browser test board');
        await page.click('details.edit button[type=submit]');
        await expectShown(page, 'input[name=patient]', 'new meeting');
        await page.fill('input[name=patient]', PATIENT);
        await page.press('input[name=patient]', 'Enter');
        await expectShown(page, '.board-grid .board-patient table', 'meeting with the patient');
        await shot(page, 'board', ['Browser test board', PATIENT]);
    });
    await step('accrual', async () => {
        await page.goto(`${BASE}/#/accrual`);
        await expectShown(page, 'dl.totals, p.empty', 'accrual');
        await shot(page, 'accrual', ['Accrual']);
    });
    await step('signout', async () => {
        await signOut(page, 'Sign in');
        await page.goto(`${BASE}/#/patients`);
        await page.waitForSelector('form.signin'); // the session is gone: back to the sign-in
        await shot(page, 'signed-out', ['Sign in']);
    });
    await step('admin', async () => {
        await signIn(page, ADMIN, ADMIN_PW);
        await page.goto(`${BASE}/#/admin`);
        await expectShown(page, 'table.users', 'users');
        await page.click('#verify-audit');
        await page.waitForFunction(() => document.querySelector('.verdict')?.textContent.length > 0
            || document.querySelector('.message-error'));
        const verdict = await textOf(page, '.verdict').catch(() => '');
        if (!verdict) await expectShown(page, '.verdict:not(:empty)', 'audit verification');
        check(verdict.includes('intact'), `audit log: "${verdict}"`);
        await expectShown(page, 'table.audit', 'audit log');
        await shot(page, 'admin', ['Users', 'Audit log', CLIN]);
    });
    await page.click('#sign-out').catch(() => {});
    await step('viewer-reads-only', async () => {
        await page.waitForSelector('form.signin');
        await signIn(page, VIEWER, VIEWER_PW);
        const nav = await textOf(page, '#nav');
        check(nav.includes('Patients') && !nav.includes('Administration'), `a viewer's navigation shows "${nav}"`);
        await page.goto(`${BASE}/#/patients/${PATIENT}`);
        await expectShown(page, '#sec-decisions', 'patient page');
        check(!(await page.$('form.new-decision')) && !(await page.$('details.edit')), 'a viewer is offered forms that write');
    });
    await step('viewer-no-ctml-editor', async () => {
        await page.goto(`${BASE}/#/trials/${TRIAL}`);
        await expectShown(page, '#sec-trial-doc', 'trial');
        check(!(await page.$('form.ctml-editor')), 'a viewer is offered the CTML editor');
    });
    await step('researcher-no-patients', async () => {
        await signIn(page, RESEARCHER, RESEARCHER_PW); // signs the viewer out first
        const nav = await textOf(page, '#nav');
        check(!nav.includes('Patients') && nav.includes('Trials') && nav.includes('Accrual'), `a researcher's navigation shows "${nav}"`);
        await page.goto(`${BASE}/#/patients/${PATIENT}`);
        await page.waitForFunction(() => document.querySelector('h1')?.textContent === 'Not available for your role');
    });
    await step('research-export', async () => {
        await page.goto(`${BASE}/#/export`);
        await page.waitForSelector('input[name=project]');
        await page.fill('input[name=project]', 'webtest');
        await page.fill('input[name=password]', RESEARCHER_PW);
        await page.press('input[name=password]', 'Enter');
        await expectShown(page, 'a[download]', 'research export');
        await shot(page, 'research-export', ['Pseudonymised research export']);
        const body = await page.innerText('body');
        check(!body.includes(PATIENT), 'the research export page names an identified patient');
    });
    await step('cohort', async () => {
        await page.goto(`${BASE}/#/cohort`);
        await expectShown(page, 'figure.km-figure svg', 'cohort survival figure');
        const nav = await textOf(page, '#nav');
        check(nav.includes('Cohort'), `a researcher's navigation shows "${nav}"`);
        const curves = await page.$$eval('figure.km-figure svg path', (ps) => ps.length);
        check(curves > 0, 'the Kaplan-Meier figure has no curve');
        await expectShown(page, 'table.gene-table, #coh-cmp ~ p.empty', 'responders against non-responders');
        await shot(page, 'cohort', ['Cohort analyses', 'Progression-free survival', 'Responders against non-responders', 'Log-rank test']);
        const body = await page.innerText('body');
        check(!body.includes(PATIENT), 'the cohort page names an identified patient');
        // by the keyboard: the biomarker, then Enter in the cut-off field submits
        await page.selectOption('select[name=by]', 'biomarker');
        await page.fill('input[name=cutoff]', '10');
        await page.press('input[name=cutoff]', 'Enter');
        await page.waitForFunction(() => /TMB >= 10/.test(document.querySelector('table.km-table')?.textContent || ''));
    });
    await page.click('#sign-out').catch(() => {});
    await page.waitForSelector('form.signin').catch(() => {});
    await step('french', async () => {
        await page.goto(`${BASE}/#/signin`);
        await page.waitForSelector('form.signin');
        await page.click('button.lang[lang=fr]');
        await page.waitForFunction(() => document.documentElement.lang === 'fr' && document.querySelector('h1')?.textContent === 'Connexion');
        await signIn(page, CLIN, CLIN_PW);
        await page.goto(`${BASE}/#/patients/${PATIENT}`);
        await expectShown(page, '#sec-decisions', 'patient page in French');
        await shot(page, 'patient-fr', ['Décisions de RCP', 'Lignes de traitement et réponses', 'Se déconnecter']);
        const printed = await page.$eval('.print-only', (el) => el.textContent); // the printed-on line, with today's date
        check(/\d{1,2} (janv|févr|mars|avr|mai|juin|juil|août|sept|oct|nov|déc)/.test(printed), `no date written in French: "${printed}"`);
        const stored = await page.evaluate(() => ({ local: Object.keys(localStorage), session: Object.keys(sessionStorage) }));
        check(JSON.stringify(stored.local) === '["oncoboard.lang"]' && !stored.session.length,
            `the browser keeps ${JSON.stringify(stored)} (only the language may be kept)`);
        await signOut(page, 'Connexion');
        await page.click('button.lang[lang=en]');
    });
}

main().then(() => process.exit(0), (e) => {
    line('not ok', 'run', e.message);
    process.exit(0);
});
