// tests/browser/i18n_check.mjs: the interface's strings (web/i18n/*.json) against its code
// (web/js): every key the code names with t('...') is in every language, every language has the
// same keys, none is empty, and each file is valid JSON. Needs node only (no browser).
// Prints lines for tests/run.sh: ok web/i18n-NAME | not ok web/i18n-NAME # why
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const langs = ['en', 'fr'];
const result = (name, problems) => console.log(problems.length ? `not ok web/i18n-${name} # ${problems.slice(0, 5).join('; ')}` : `ok web/i18n-${name}`);

function jsFiles(dir) {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
        const p = path.join(dir, e.name);
        return e.isDirectory() ? jsFiles(p) : p.endsWith('.js') ? [p] : [];
    });
}

const dicts = {};
for (const l of langs) {
    try {
        dicts[l] = JSON.parse(fs.readFileSync(path.join(root, 'web/i18n', `${l}.json`), 'utf8'));
        result(`${l}-json`, Object.entries(dicts[l]).filter(([, v]) => typeof v !== 'string' || !v.trim()).map(([k]) => `${k} is empty`));
    } catch (e) {
        result(`${l}-json`, [e.message]);
        dicts[l] = {};
    }
}
const used = new Set();
for (const f of jsFiles(path.join(root, 'web/js'))) {
    const text = fs.readFileSync(f, 'utf8').replace(/\/\*[\s\S]*?\*\//g, ''); // not the comments' examples
    for (const m of text.matchAll(/\bt\('([a-z0-9_.]+)'/g)) used.add(m[1]);
}
for (const l of langs) result(`${l}-keys-used`, [...used].filter((k) => !(k in dicts[l])).map((k) => `${k} missing from ${l}.json`));
const [a, b] = langs;
result('same-keys', [
    ...Object.keys(dicts[a]).filter((k) => !(k in dicts[b])).map((k) => `${k} only in ${a}.json`),
    ...Object.keys(dicts[b]).filter((k) => !(k in dicts[a])).map((k) => `${k} only in ${b}.json`),
]);
