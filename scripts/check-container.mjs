#!/usr/bin/env node
// Lints the container files (part of `npm run lint`; Docker itself need not be installed):
//   Dockerfile          hadolint when it is on PATH; always the built-in checks below
//   .dockerignore       present, keeps dependencies, builds, local data and .git out of the context
//   docker-compose.yml  parsed (the YAML subset compose files use; no YAML package needed) and checked:
//                       PostgreSQL, two Keycap instances sharing AUTH_SECRET on DB_PROVIDER=postgresql with
//                       the in-process worker off, and the `npm run worker` service
// Usage: node scripts/check-container.mjs [--dir DIR]   (exit 1 listing every problem)
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dirArg = process.argv.indexOf('--dir');
const dir = dirArg > 0 ? path.resolve(process.argv[dirArg + 1]) : root;
const problems = [];
const problem = (file, msg) => problems.push(`${file}: ${msg}`);

// ---- Dockerfile ---------------------------------------------------------------------------------------
/** Instructions with their line numbers (continuations joined, comments and parser directives dropped). */
export function dockerInstructions(text) {
  const out = [];
  let buf = '';
  let start = 0;
  text.split('\n').forEach((raw, i) => {
    const line = raw.replace(/\r$/, '');
    if (!buf && /^\s*(#|$)/.test(line)) return;
    if (buf && /^\s*#/.test(line)) return; // comment inside a continuation
    if (!buf) start = i + 1;
    if (/\\\s*$/.test(line)) {
      buf += line.replace(/\\\s*$/, ' ');
      return;
    }
    buf += line;
    const m = /^\s*(\w+)\s*(.*)$/s.exec(buf);
    if (m) out.push({ op: m[1].toUpperCase(), args: m[2].trim(), line: start });
    buf = '';
  });
  return out;
}

function checkDockerfile(file) {
  const name = path.relative(root, file) || file;
  const ins = dockerInstructions(readFileSync(file, 'utf8'));
  const args = {};
  const stages = [];
  for (const i of ins) {
    if (i.op === 'ARG' && stages.length === 0) {
      const [k, v] = i.args.split('=');
      args[k.trim()] = v?.trim().replace(/^"|"$/g, '');
    }
    if (i.op === 'FROM') {
      const parts = i.args.split(/\s+/).filter((p) => !p.startsWith('--'));
      const image = parts[0].replace(/\$\{?(\w+)\}?/g, (_, v) => args[v] ?? '');
      const alias = /\s+AS\s+(\S+)/i.exec(i.args)?.[1];
      stages.push({ image, alias, from: i, ins: [] });
      const earlier = stages.slice(0, -1).some((s) => s.alias === image);
      if (!earlier && image !== 'scratch') {
        const digest = image.includes('@sha256:');
        const tag = /:([^/:@]+)$/.exec(image)?.[1];
        if (!image) problem(name, `line ${i.line}: FROM has no image (an ARG without a default?)`);
        else if (!digest && !tag) problem(name, `line ${i.line}: FROM ${image} has no tag (pin a version)`);
        else if (tag === 'latest') problem(name, `line ${i.line}: FROM ${image}: do not use the "latest" tag`);
      }
      continue;
    }
    if (stages.length) stages.at(-1).ins.push(i);
    if (i.op === 'RUN' && /\bapt-get\s+install\b/.test(i.args)) {
      if (!/--no-install-recommends/.test(i.args)) problem(name, `line ${i.line}: apt-get install without --no-install-recommends`);
      if (!/rm -rf \/var\/lib\/apt\/lists/.test(i.args)) problem(name, `line ${i.line}: apt-get install without removing /var/lib/apt/lists in the same RUN`);
    }
    if (i.op === 'RUN' && /(^|[\s;&|])sudo\s/.test(i.args)) problem(name, `line ${i.line}: do not use sudo`);
    if (i.op === 'ADD' && !/\.(tar|tgz|tar\.\w+)(\s|$)/.test(i.args)) problem(name, `line ${i.line}: use COPY instead of ADD for files and URLs`);
    if (i.op === 'MAINTAINER') problem(name, `line ${i.line}: MAINTAINER is deprecated (use a LABEL)`);
  }
  if (stages.length < 2) problem(name, 'not multi-stage (build tools and sources must stay out of the runtime image)');
  const last = stages.at(-1);
  if (!last) return problem(name, 'no FROM');
  const of = (op) => last.ins.filter((i) => i.op === op);
  const users = of('USER');
  const user = users.at(-1)?.args.split(':')[0];
  if (!user) problem(name, 'the runtime stage has no USER: it would run as root');
  else if (user === 'root' || user === '0') problem(name, `the runtime stage runs as ${user}`);
  const hc = of('HEALTHCHECK').at(-1);
  if (!hc || /^NONE\b/i.test(hc.args)) problem(name, 'the runtime stage has no HEALTHCHECK');
  else if (!/\/api\/health\b/.test(hc.args)) problem(name, 'the HEALTHCHECK does not probe /api/health');
  const cmd = [...of('CMD'), ...of('ENTRYPOINT')].at(-1);
  if (!cmd) problem(name, 'the runtime stage has no CMD');
  else if (!/npm["',\s]+start|scripts\/start\.mjs/.test(cmd.args)) problem(name, 'the CMD does not run `npm start`');
  if (!of('VOLUME').some((v) => v.args.includes('/app/data'))) problem(name, 'no VOLUME for /app/data');
  if (!of('EXPOSE').length) problem(name, 'no EXPOSE');
  return ins;
}

function hadolint(file) {
  const r = spawnSync('hadolint', [file], { encoding: 'utf8' });
  if (r.error) return false; // not installed
  if (r.status !== 0) problem(path.relative(root, file), `hadolint:\n${(r.stdout + r.stderr).trim()}`);
  return true;
}

// ---- .dockerignore ------------------------------------------------------------------------------------
function checkDockerignore(file) {
  const name = path.relative(root, file) || file;
  if (!existsSync(file)) return problem(name, 'missing (the build context would carry node_modules, builds and data)');
  const entries = new Set(readFileSync(file, 'utf8').split('\n').map((l) => l.trim().replace(/^\/|\/$/g, '')).filter((l) => l && !l.startsWith('#')));
  for (const must of ['node_modules', '.next', 'data', '.git', 'tmp']) if (!entries.has(must)) problem(name, `does not exclude ${must}`);
}

// ---- a YAML subset (block mappings and sequences, flow collections, scalars, anchors and aliases) ----------
export function parseYaml(text) {
  const anchors = {};
  const lines = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.replace(/\r$/, '');
    if (/^\s*\t/.test(line) || /^ *\t/.test(line)) throw new Error(`line ${i + 1}: tab in indentation`);
    const body = stripComment(line);
    if (body.trim() === '' || body.trim() === '---') return;
    lines.push({ n: i + 1, indent: body.length - body.trimStart().length, text: body.trim() });
  });
  let pos = 0;
  const fail = (l, msg) => {
    throw new Error(`line ${l.n}: ${msg}`);
  };

  function scalar(s, l) {
    s = s.trim();
    if (s === '' || s === '~' || s === 'null') return null;
    if (s.startsWith('*')) {
      if (!(s.slice(1) in anchors)) fail(l, `unknown alias ${s}`);
      return anchors[s.slice(1)];
    }
    if (s.startsWith('"')) {
      try {
        return JSON.parse(s);
      } catch {
        fail(l, `bad double-quoted string ${s}`);
      }
    }
    if (s.startsWith("'")) {
      if (!/^'(?:[^']|'')*'$/.test(s)) fail(l, `bad single-quoted string ${s}`);
      return s.slice(1, -1).replace(/''/g, "'");
    }
    if (s.startsWith('[') || s.startsWith('{')) return flow(s, l);
    if (s.startsWith('&') || s.startsWith('!') || s.startsWith('|') || s.startsWith('>')) fail(l, `unsupported YAML here: ${s}`);
    if (/^(true|false)$/.test(s)) return s === 'true';
    if (/^-?\d+(\.\d+)?$/.test(s)) return Number(s);
    return s;
  }

  function flow(s, l) {
    // Flow collections of quoted or plain scalars: convert to JSON.
    const json = s.replace(/'((?:[^']|'')*)'/g, (_, x) => JSON.stringify(x.replace(/''/g, "'"))).replace(/([{,[]\s*)([A-Za-z_][\w.-]*)(\s*[:,\]}])/g, (m, a, w, b) => (['true', 'false', 'null'].includes(w) || /^\d/.test(w) ? m : `${a}"${w}"${b}`));
    try {
      return JSON.parse(json);
    } catch {
      fail(l, `unsupported flow collection ${s}`);
    }
  }

  function block(indent) {
    const l = lines[pos];
    if (!l || l.indent < indent) return null;
    return l.text.startsWith('- ') || l.text === '-' ? seq(l.indent) : map(l.indent);
  }

  // `key: rest` -> value (a nested block when rest is empty or only an anchor).
  function value(rest, l, parentIndent) {
    let anchor = null;
    const a = /^&([\w-]+)\s*(.*)$/.exec(rest);
    if (a) [anchor, rest] = [a[1], a[2]];
    let v;
    if (rest === '') {
      const next = lines[pos];
      v = next && next.indent > parentIndent ? block(next.indent) : next && next.indent === parentIndent && next.text.startsWith('- ') ? seq(parentIndent) : null;
    } else v = scalar(rest, l);
    if (anchor) anchors[anchor] = v;
    return v;
  }

  function map(indent) {
    const out = {};
    while (pos < lines.length && lines[pos].indent === indent && !lines[pos].text.startsWith('- ')) {
      const l = lines[pos++];
      const m = /^("(?:[^"\\]|\\.)*"|'[^']*'|[^:'"][^:]*?)\s*:(?:\s+(.*))?$/.exec(l.text);
      if (!m) fail(l, `expected "key: value", got "${l.text}"`);
      const key = m[1].startsWith('"') ? JSON.parse(m[1]) : m[1].replace(/^'|'$/g, '');
      if (key in out) fail(l, `duplicate key "${key}"`);
      const v = value((m[2] ?? '').trim(), l, indent);
      if (key === '<<' && v && typeof v === 'object') Object.assign(out, v);
      else out[key] = v;
    }
    if (pos < lines.length && lines[pos].indent > indent) fail(lines[pos], 'unexpected indentation');
    return out;
  }

  function seq(indent) {
    const out = [];
    while (pos < lines.length && lines[pos].indent === indent && (lines[pos].text.startsWith('- ') || lines[pos].text === '-')) {
      const l = lines[pos];
      const rest = l.text === '-' ? '' : l.text.slice(2).trim();
      if (rest === '') {
        pos++;
        out.push(block(indent + 1));
      } else if (/^[^"'[{*&][^:]*:(\s|$)/.test(rest)) {
        // "- key: value" starts a mapping whose other keys are indented to the key's column.
        const col = indent + 2 + (l.text.slice(2).length - l.text.slice(2).trimStart().length);
        lines[pos] = { ...l, indent: col, text: rest };
        out.push(map(col));
      } else {
        pos++;
        out.push(scalar(rest, l));
      }
    }
    return out;
  }

  const doc = block(0);
  if (pos < lines.length) fail(lines[pos], 'unexpected content');
  return doc;
}

function stripComment(line) {
  let q = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (q) {
      if (c === '\\' && q === '"') i++;
      else if (c === q) q = null;
    } else if (c === '"' || c === "'") q = c;
    else if (c === '#' && (i === 0 || /\s/.test(line[i - 1]))) return line.slice(0, i).trimEnd();
  }
  return line;
}

function checkCompose(file) {
  const name = path.relative(root, file) || file;
  if (!existsSync(file)) return problem(name, 'missing');
  let doc;
  try {
    doc = parseYaml(readFileSync(file, 'utf8'));
  } catch (e) {
    return problem(name, `does not parse: ${e.message}`);
  }
  const services = doc?.services;
  if (!services || typeof services !== 'object') return problem(name, 'no services');
  const envOf = (s) => {
    const e = s.environment;
    if (Array.isArray(e)) return Object.fromEntries(e.map((x) => String(x).split(/=(.*)/s).slice(0, 2)));
    return e && typeof e === 'object' ? e : {};
  };
  const cmdOf = (s) => (Array.isArray(s.command) ? s.command.join(' ') : String(s.command ?? ''));
  const instances = [];
  let postgres = null;
  let worker = null;
  for (const [id, s] of Object.entries(services)) {
    if (!s || typeof s !== 'object') {
      problem(name, `service ${id} is empty`);
      continue;
    }
    if (!s.image && !s.build) problem(name, `service ${id} has neither image nor build`);
    if (typeof s.image === 'string') {
      const tag = /:([^/:@]+)$/.exec(s.image)?.[1];
      if (!tag && !s.image.includes('@sha256:')) problem(name, `service ${id}: image ${s.image} has no tag`);
      if (tag === 'latest') problem(name, `service ${id}: image ${s.image}: do not use the "latest" tag`);
      if (/^(postgres|postgresql)(:|$)|\/postgres(:|$)/.test(s.image)) postgres = id;
    }
    for (const dep of Object.keys(Array.isArray(s.depends_on) ? Object.fromEntries(s.depends_on.map((d) => [d, 1])) : (s.depends_on ?? {})))
      if (!(dep in services)) problem(name, `service ${id} depends on unknown service ${dep}`);
    const env = envOf(s);
    if (/npm\s+run\s+worker/.test(cmdOf(s))) worker = { id, env };
    else if (env.DB_PROVIDER !== undefined) instances.push({ id, env });
  }
  if (!postgres) problem(name, 'no PostgreSQL service');
  if (instances.length < 2) problem(name, `expected two Keycap instances, found ${instances.length}`);
  for (const { id, env } of instances) {
    if (env.DB_PROVIDER !== 'postgresql') problem(name, `service ${id}: DB_PROVIDER must be postgresql`);
    if (String(env.KEYCAP_DISABLE_INPROCESS_WORKER) !== 'true') problem(name, `service ${id}: KEYCAP_DISABLE_INPROCESS_WORKER must be "true" (the worker service delivers webhooks)`);
    if (!env.AUTH_SECRET) problem(name, `service ${id}: no AUTH_SECRET`);
    if (!env.DATABASE_URL) problem(name, `service ${id}: no DATABASE_URL`);
  }
  if (new Set(instances.map((i) => i.env.AUTH_SECRET)).size > 1) problem(name, 'the instances must share one AUTH_SECRET');
  if (!worker) problem(name, 'no webhook worker service (command: npm run worker)');
  else if (worker.env.DB_PROVIDER !== 'postgresql' || !worker.env.DATABASE_URL) problem(name, `service ${worker.id}: the worker needs DB_PROVIDER=postgresql and DATABASE_URL`);
}

// ---- run ----------------------------------------------------------------------------------------------
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dockerfile = path.join(dir, 'Dockerfile');
  if (!existsSync(dockerfile)) problem('Dockerfile', 'missing');
  else {
    const used = hadolint(dockerfile);
    checkDockerfile(dockerfile);
    if (!used) console.log('[check-container] hadolint not on PATH: built-in Dockerfile checks only');
  }
  checkDockerignore(path.join(dir, '.dockerignore'));
  checkCompose(path.join(dir, 'docker-compose.yml'));
  if (problems.length) {
    console.error(`[check-container] ${problems.length} problem(s):\n  ${problems.join('\n  ')}`);
    process.exit(1);
  }
  console.log('[check-container] Dockerfile, .dockerignore and docker-compose.yml look right');
}
