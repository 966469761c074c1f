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
import type { WasmBackend } from './types.js';

export {
  compileWasmModule,
  createWasmKernel,
  instantiateWasmBackend,
  loadFromResponse,
  type ResponseLike,
  type WasmKernelModule,
} from './kernel.js';
export type {
  AdvanceStatus,
  DynamicsKernel,
  KernelProblem,
  KernelSetup,
  ObserverStats,
  SpikeObserver,
  WasmBackend,
  WasmDynamicsKernel,
  WasmKernelOptions,
} from './types.js';

/** Where the prebuilt module lives. */
export const WASM_URL: URL = new URL('../wasm/snn_kernel.wasm', import.meta.url);

let loaded: Promise<{ module: WasmKernelModule; backend: WasmBackend }> | null = null;

async function load(): Promise<{ module: WasmKernelModule; backend: WasmBackend }> {
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

function cached(): Promise<{ module: WasmKernelModule; backend: WasmBackend }> {
  if (loaded === null) {
    loaded = load();
    // A failure is not kept: a later call tries again.
    loaded.catch(() => {
      loaded = null;
    });
  }
  return loaded;
}

/**
 * Loads the WebAssembly backend: fetches and compiles `snn_kernel.wasm` once
 * (streaming when served as `application/wasm`) and instantiates it once;
 * later calls return the same backend. Its kernels share one WebAssembly memory.
 */
export async function loadWasmBackend(): Promise<WasmBackend> {
  return (await cached()).backend;
}

/**
 * The compiled module (cached), for making further independent instances
 * with `instantiateWasmBackend` (each has its own memory).
 */
export async function loadWasmModule(): Promise<WasmKernelModule> {
  return (await cached()).module;
}
