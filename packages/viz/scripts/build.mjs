/**
 * Compiles the Svelte components after `tsc` has built the TypeScript modules:
 *
 *   src/components/X.svelte → dist/server/X.js   (compile, generate: 'server')
 *                           → dist/client/X.js   (compile, generate: 'client')
 *                           → dist/components/X.svelte (copied for bundlers)
 *
 * Imports of `./X.svelte` inside components become `./X.js`, and the
 * `./components/X.svelte` imports of dist/server.js become `./server/X.js`,
 * so Node can run the server renderer with no bundler.
 */
import { copyFile, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compile } from 'svelte/compiler';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(root, 'src', 'components');
const dist = join(root, 'dist');

const svelteImport = /(from\s+['"])(\.{1,2}\/[^'"]+)\.svelte(['"])/g;

async function main() {
  const files = (await readdir(src)).filter((f) => f.endsWith('.svelte')).sort();
  for (const dir of ['server', 'client', 'components']) {
    await mkdir(join(dist, dir), { recursive: true });
  }
  for (const file of files) {
    const source = await readFile(join(src, file), 'utf8');
    const name = file.replace(/\.svelte$/, '');
    for (const generate of ['server', 'client']) {
      const out = compile(source, { generate, filename: join(src, file), runes: true });
      for (const w of out.warnings) console.warn(`${file} (${generate}): ${w.message}`);
      const code = out.js.code.replace(svelteImport, '$1$2.js$3');
      await writeFile(join(dist, generate, `${name}.js`), code);
    }
    await copyFile(join(src, file), join(dist, 'components', file));
  }

  const serverEntry = join(dist, 'server.js');
  const entry = await readFile(serverEntry, 'utf8');
  await writeFile(
    serverEntry,
    entry.replace(/(from\s+['"])\.\/components\/([^'"]+)\.svelte(['"])/g, '$1./server/$2.js$3'),
  );
  console.log(`compiled ${files.length} components to dist/server and dist/client`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
