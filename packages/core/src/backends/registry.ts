import { type KernelSetup, ReferenceKernel } from '../dynamics/kernel.js';
import { SnnOptError } from '../errors.js';
import type { BackendName, KernelBackend } from './types.js';

/** The TypeScript reference dynamics: always available, the oracle of the others. */
export const jsBackend: KernelBackend = Object.freeze({
  name: 'js' as const,
  createKernel: (setup: KernelSetup) => new ReferenceKernel(setup),
});

const loaded = new Map<string, KernelBackend>([['js', jsBackend]]);
const failures = new Map<string, LoadFailure>();

/** What a backend load failed on, with the advice that fits. */
interface LoadFailure {
  reason: string;
  hint: string;
}

/** Advice for a compiled backend that could not load, from what went wrong. */
function hintFor(name: 'native' | 'wasm', error: unknown): string {
  const code = (error as { code?: string } | null)?.code;
  const missing =
    code === 'ERR_MODULE_NOT_FOUND' ||
    /Cannot find (package|module) '@snn-opt\//.test(reasonOf(error));
  if (name === 'native' && !isNode()) return 'in a browser use the wasm or js backend';
  if (missing && name === 'native') {
    return 'install @snn-opt/native (it compiles the C++ kernel at install time: a C++17 compiler, python3 and Node headers)';
  }
  if (missing) return 'install @snn-opt/wasm (a prebuilt WebAssembly module, no toolchain needed)';
  if (name === 'native') {
    return 'its addon did not build or load: run `npm rebuild @snn-opt/native` (or allow its install script in your package manager)';
  }
  return 'the WebAssembly module could not be instantiated';
}

/** The package that holds the native addon, kept in a variable so browser bundlers leave it alone. */
const NATIVE_PACKAGE = '@snn-opt/native';

function isNode(): boolean {
  const p = (globalThis as { process?: { versions?: { node?: string } } }).process;
  return typeof p?.versions?.node === 'string';
}

/** The first line of an error's message (Node appends multi-line require stacks). */
function reasonOf(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0];
}

async function importNative(): Promise<KernelBackend> {
  if (!isNode()) throw new Error('the native backend runs only in Node.js, not in a browser');
  const mod = (await import(/* @vite-ignore */ NATIVE_PACKAGE)) as {
    loadNativeAddon(): unknown;
    createNativeKernel: KernelBackend['createKernel'];
  };
  mod.loadNativeAddon();
  return { name: 'native', createKernel: (setup) => mod.createNativeKernel(setup) };
}

async function importWasm(): Promise<KernelBackend> {
  // A literal specifier, so that bundlers include the package and its .wasm asset.
  const mod = await import('@snn-opt/wasm');
  const backend = await mod.loadWasmBackend();
  return { name: 'wasm', createKernel: (setup) => backend.createKernel(setup) };
}

async function tryLoad(name: 'native' | 'wasm'): Promise<KernelBackend | null> {
  const cached = loaded.get(name);
  if (cached) return cached;
  try {
    const backend = name === 'native' ? await importNative() : await importWasm();
    loaded.set(name, backend);
    failures.delete(name);
    return backend;
  } catch (error) {
    failures.set(name, { reason: reasonOf(error), hint: hintFor(name, error) });
    return null;
  }
}

function unavailable(tried: Array<'native' | 'wasm'>): SnnOptError {
  const lines = tried.map((name) => {
    const failure = failures.get(name);
    return failure ? `${name}: ${failure.reason}; ${failure.hint}` : `${name}: not loaded`;
  });
  return new SnnOptError(
    'backend_unavailable',
    `backend ${tried.join(', ')} could not be loaded (${lines.join(' | ')}); the js backend is always available`,
    { argument: 'options.backend', expected: 'a loadable backend', received: tried.join(', ') },
  );
}

/**
 * Loads a backend (once; later calls return the cached one). `auto` tries
 * native, then wasm, then falls back to js. Throws `backend_unavailable`,
 * listing what was tried and what to install, when a named backend cannot load.
 */
export async function loadBackend(name: BackendName = 'auto'): Promise<KernelBackend> {
  if (name === 'js') return jsBackend;
  if (name === 'auto') return (await tryLoad('native')) ?? (await tryLoad('wasm')) ?? jsBackend;
  if (name !== 'native' && name !== 'wasm') throw invalidBackend(name);
  const backend = await tryLoad(name);
  if (!backend) throw unavailable([name]);
  return backend;
}

/**
 * The backend for a synchronous solver construction: js, or a compiled
 * backend that {@link loadBackend} has already loaded. `auto` picks the best
 * loaded one. Throws `backend_unavailable` when a named backend is not loaded yet.
 */
export function resolveLoadedBackend(name: BackendName): KernelBackend {
  if (name === 'js') return jsBackend;
  if (name === 'auto') return loaded.get('native') ?? loaded.get('wasm') ?? jsBackend;
  if (name !== 'native' && name !== 'wasm') throw invalidBackend(name);
  const backend = loaded.get(name);
  if (backend) return backend;
  if (failures.has(name)) throw unavailable([name]);
  throw new SnnOptError(
    'backend_unavailable',
    `backend '${name}' is not loaded yet: use \`await SnnSolver.create(problem, { backend: '${name}' })\` ` +
      `or call \`await loadBackend('${name}')\` once before constructing solvers synchronously`,
    { argument: 'options.backend', expected: 'a loaded backend', received: name },
  );
}

/** Registers a backend object directly (e.g. one imported by hand in a bundler setup). */
export function registerBackend(backend: KernelBackend): void {
  loaded.set(backend.name, backend);
}

function invalidBackend(name: unknown): SnnOptError {
  return new SnnOptError(
    'invalid_option',
    `options.backend must be one of js, native, wasm, auto, received ${String(name)}`,
    {
      argument: 'options.backend',
      expected: "'js' | 'native' | 'wasm' | 'auto'",
      received: String(name),
    },
  );
}
