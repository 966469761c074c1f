/**
 * @snn-opt/wasm for Node.js: the WebAssembly build of the C++ kernel of the
 * spiking dynamics (kernels/snn_kernel.hpp), prebuilt and shipped in the
 * package, bit-identical to the TypeScript reference dynamics.
 *
 * Node 20's fetch cannot read file: URLs, so the module is read from disk.
 * `wasm/` sits one level above both `src/` and `dist/`, so the same relative
 * URL works from the TypeScript source (tests) and the compiled output.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { compileWasmModule, instantiateWasmBackend, type WasmKernelModule } from './kernel.js';
import { cachedLoaders, type LoadedWasm } from './loader.js';
import type { WasmBackend } from './types.js';

export * from './public.js';

/** Where the prebuilt module lives. */
export const WASM_URL: URL = new URL('../wasm/snn_kernel.wasm', import.meta.url);

async function load(): Promise<LoadedWasm> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(WASM_URL);
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new Error(
      `@snn-opt/wasm: could not read the prebuilt kernel module ${fileURLToPath(WASM_URL)}: ` +
        `${reason}. It ships with the package: reinstall @snn-opt/wasm, or in the repository ` +
        'rebuild it with `pnpm --filter @snn-opt/wasm build:wasm` (needs emscripten).',
      { cause },
    );
  }
  const module = await compileWasmModule(bytes);
  return { module, backend: await instantiateWasmBackend(module) };
}

const loaders = cachedLoaders(load);

/**
 * Loads the WebAssembly backend: compiles `wasm/snn_kernel.wasm` once and
 * instantiates it once; later calls return the same backend. Its kernels
 * share one WebAssembly memory.
 */
export const loadWasmBackend: () => Promise<WasmBackend> = loaders.loadWasmBackend;

/**
 * The compiled module (cached), for making further independent instances
 * with `instantiateWasmBackend` (each has its own memory).
 */
export const loadWasmModule: () => Promise<WasmKernelModule> = loaders.loadWasmModule;
