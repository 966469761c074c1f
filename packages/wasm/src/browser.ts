/**
 * @snn-opt/wasm for browsers, workers and other non-Node runtimes: the
 * WebAssembly build of the C++ kernel of the spiking dynamics
 * (kernels/snn_kernel.hpp), prebuilt and shipped in the package,
 * bit-identical to the TypeScript reference dynamics.
 *
 * The module is fetched from `new URL('../wasm/snn_kernel.wasm',
 * import.meta.url)`. Bundlers such as Vite recognise that form and emit the
 * file as an asset; the module is 12 KB, above Vite's 4 KiB inlining limit.
 */
import { loadFromResponse, type WasmKernelModule } from './kernel.js';
import { cachedLoaders, type LoadedWasm } from './loader.js';
import type { WasmBackend } from './types.js';

export * from './public.js';

/** Where the prebuilt module lives. */
export const WASM_URL: URL = new URL('../wasm/snn_kernel.wasm', import.meta.url);

async function load(): Promise<LoadedWasm> {
  let response: Awaited<ReturnType<typeof fetch>>;
  try {
    response = await fetch(WASM_URL);
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new Error(
      `@snn-opt/wasm: could not fetch the kernel module ${WASM_URL.href}: ${reason}`,
      {
        cause,
      },
    );
  }
  return loadFromResponse(response);
}

const loaders = cachedLoaders(load);

/**
 * Loads the WebAssembly backend: fetches and compiles `snn_kernel.wasm` once
 * (streaming when served as `application/wasm`) and instantiates it once;
 * later calls return the same backend. Its kernels share one WebAssembly memory.
 */
export const loadWasmBackend: () => Promise<WasmBackend> = loaders.loadWasmBackend;

/**
 * The compiled module (cached), for making further independent instances
 * with `instantiateWasmBackend` (each has its own memory).
 */
export const loadWasmModule: () => Promise<WasmKernelModule> = loaders.loadWasmModule;
