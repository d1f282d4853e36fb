// tests/browser/stats_report.mjs: `oncoboard stats report` rendered in Debian's Chromium (driven by
// playwright-core, called from tests/browser/webui.sh): the report of the synthetic cohort
// (tests/data/stats/report_cohort.tsv) is written to a temporary file, opened from disk with every
// network request refused and counted, and checked: no console error or script error, no request
// leaves the file (it must be self-contained), the four figures laid out at a real size with their
// texts (number at risk, the log-rank annotation, the forest's reference row, the AUC, the RECIST
// lines), the numbers checked against R (tests/r/report_reference.R), and a full-page screenshot
// that is not blank (tests/browser/png_check.py). Each check prints one line that tests/run.sh
// counts: ok stats_report/NAME | not ok stats_report/NAME # why
//
// Environment: CHROMIUM (/usr/bin/chromium), PLAYWRIGHT (the folder whose node_modules holds
// playwright-core), REPORT_OUT (where the screenshot is kept), ONCOBOARD (the binary).
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const env = (k, d) => process.env[k] || d;
const OUT = env('REPORT_OUT', path.join(ROOT, 'build/browser_stats'));
const BIN = env('ONCOBOARD', path.join(ROOT, 'oncoboard'));

function line(status, name, why) {
    console.log(`${status} stats_report/${name}${why ? ` # ${String(why).split('\n')[0]}` : ''}`);
}

async function step(name, fn) {
    try {
        await fn();
        line('ok', name);
    } catch (e) {
        line('not ok', name, e.message);
    }
}

function check(cond, what) {
    if (!cond) throw new Error(what);
}

function writeReport(dir) {
    const file = path.join(dir, 'report.html');
    execFileSync(BIN, ['stats', 'report', '--table', path.join(ROOT, 'tests/data/stats/report_cohort.tsv'),
        '--time', 'time', '--event', 'status', '--group', 'arm', '--covariates', 'age,ecog,histology',
        '--response', 'response', '--marker', 'tmb', '--change', 'change', '--category', 'recist',
        '--title', 'Synthetic cohort', '-o', file]);
    return file;
}

async function main() {
    const require = createRequire(path.join(env('PLAYWRIGHT'), 'package.json'));
    const { chromium } = require('playwright-core');
    fs.mkdirSync(OUT, { recursive: true });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'onc-report-'));
    let file;
    await step('write', () => { file = writeReport(dir); });
    if (!file) return;
    const browser = await chromium.launch({
        executablePath: env('CHROMIUM', '/usr/bin/chromium'),
        headless: true,
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
            '--disable-component-update', '--disable-sync'],
    });
    const problems = [];
    const outside = [];
    try {
        const page = await browser.newPage({ viewport: { width: 1000, height: 900 } });
        page.on('pageerror', (e) => problems.push(`script error: ${e.message}`));
        page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
        await page.route('**/*', (route) => {
            const url = route.request().url();
            if (url.startsWith('file://')) return route.continue();
            outside.push(url);
            return route.abort();
        });
        await page.goto(`file://${file}`);
        await page.waitForLoadState('load');
        await checks(page, outside);
        await step('no-console-errors', () => check(!problems.length, problems.slice(0, 3).join(' | ')));
    } finally {
        await browser.close();
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

async function checks(page, outside) {
    await step('self-contained', async () => {
        const scripts = await page.$$eval('script, link[rel=stylesheet], img, iframe', (els) => els.length);
        check(scripts === 0, `${scripts} script, stylesheet link, image or frame elements`);
        check(!outside.length, `requests left the file: ${outside.slice(0, 3).join(', ')}`);
    });
    await step('sections', async () => {
        const h2 = await page.$$eval('h2', (els) => els.map((e) => e.textContent));
        for (const want of ['Summary', 'Survival', 'Cox proportional hazards model', 'Responders and the marker', 'Best response'])
            check(h2.includes(want), `no section "${want}" (${h2.join(', ')})`);
    });
    await step('figures-laid-out', async () => {
        const boxes = await page.$$eval('figure svg', (els) => els.map((e) => {
            const r = e.getBoundingClientRect();
            return [Math.round(r.width), Math.round(r.height)];
        }));
        check(boxes.length === 4, `${boxes.length} figures, expected 4 (KM, forest, ROC, waterfall)`);
        for (const [w, h] of boxes) check(w >= 300 && h >= 150, `a figure is ${w}x${h} pixels`);
    });
    await step('figure-texts', async () => {
        const body = await page.innerText('body');
        // R (tests/r/report_reference.R): survdiff chisq 6.01, p 0.014; coxph concordance 0.572;
        // pROC AUC 0.6134 (DeLong 0.4545-0.7722), Youden 5.25; survfit's n.risk at 200: 14 and 20
        for (const want of ['Number at risk', 'log-rank p = 0.014', 'reference', 'tmb (AUC 0.613)', '+20%', '-30%',
            'chi-square 6.01', 'Concordance 0.572', 'ROC AUC 0.613 (95% CI 0.455-0.772, DeLong)', 'Youden cut-off 5.25'])
            check(body.includes(want), `"${want}" is not on the page`);
        const atRisk = await page.$$eval('.at-risk', (els) => els.map((e) => e.textContent));
        check(atRisk.slice(0, 3).join(',') === '30,14,6' && atRisk.slice(6, 9).join(',') === '29,20,13',
            `at risk ${atRisk.join(',')}; R's survfit gives 30,14,6 and 29,20,13 at 0, 200, 400`);
    });
    await step('screenshot', async () => {
        const shot = path.join(OUT, 'stats_report.png');
        await page.screenshot({ path: shot, fullPage: true });
        const b = fs.readFileSync(shot);
        check(b.length > 20000, `the screenshot is only ${b.length} bytes`);
        try {
            execFileSync('python3', [path.join(ROOT, 'tests/browser/png_check.py'), shot], { stdio: 'pipe' });
        } catch (e) {
            throw new Error(`png_check: ${String(e.stdout || e.message).trim()}`);
        }
    });
}

main().catch((e) => { line('not ok', 'run', e.message); });
