// Builds the browser client into dist/client: one ES-module entry (main.js) whose pages and
// Vega are split into chunks loaded on demand, the upload worker, the stylesheet, index.html and
// the LA boundaries for the benchmark map. Prints the sizes. It runs no server code: areas and
// the data dictionary come from GET /api/areas and GET /api/dictionary.
import { build } from 'esbuild';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync, brotliCompressSync } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist', 'client');
const assets = join(out, 'assets');

rmSync(out, { recursive: true, force: true });
mkdirSync(assets, { recursive: true });

const result = await build({
  absWorkingDir: root,
  entryPoints: {
    main: 'client/main.ts',
    'upload-worker': 'client/upload-worker.ts',
    app: 'client/styles/app.css',
  },
  bundle: true,
  splitting: true,
  format: 'esm',
  target: ['es2022', 'chrome110', 'firefox115', 'safari16'],
  minify: true,
  sourcemap: 'linked',
  legalComments: 'external',
  outdir: assets,
  entryNames: '[name]',
  chunkNames: 'chunks/[name]-[hash]',
  metafile: true,
  logLevel: 'warning',
  define: { 'process.env.NODE_ENV': '"production"' },
});

cpSync(join(root, 'client', 'public'), out, { recursive: true });

// The LA boundaries (ONS, OGL v3) for the benchmark map; codes are remapped in the client.
const boundaries = join(root, 'data', 'reference', 'boundaries', 'utla_ctyua_dec2024_england_buc.topo.json');
if (existsSync(boundaries)) {
  mkdirSync(join(assets, 'maps'), { recursive: true });
  cpSync(boundaries, join(assets, 'maps', 'utla.topo.json'));
}

writeFileSync(join(root, 'dist', 'client-meta.json'), JSON.stringify(result.metafile));

// Sizes: every JavaScript file, raw and compressed, and what the Overview needs.
const files = [];
(function walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (name.endsWith('.js') || name.endsWith('.css')) files.push(path);
  }
})(assets);
let raw = 0;
let gz = 0;
let br = 0;
const rows = files.map((path) => {
  const bytes = readFileSync(path);
  const g = gzipSync(bytes, { level: 9 }).length;
  const b = brotliCompressSync(bytes).length;
  raw += bytes.length;
  gz += g;
  br += b;
  return { file: relative(out, path), raw: bytes.length, gzip: g, brotli: b };
});
rows.sort((a, b) => b.raw - a.raw);
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
if (process.argv.includes('--sizes') || process.env.CLIENT_SIZES) {
  for (const r of rows) console.log(`${r.file.padEnd(48)} ${kb(r.raw).padStart(10)} ${kb(r.gzip).padStart(10)} gzip ${kb(r.brotli).padStart(10)} br`);
}
console.log(`client: ${rows.length} JS/CSS files, ${kb(raw)} minified, ${kb(gz)} gzip, ${kb(br)} brotli (all pages together)`);
