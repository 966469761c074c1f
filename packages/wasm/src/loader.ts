/**
 * The cached loader the Node and browser entries share, around their own
 * way of getting the module's bytes.
 */
import type { WasmKernelModule } from './kernel.js';
import type { WasmBackend } from './types.js';

/** A compiled module and the backend instantiated from it. */
export interface LoadedWasm {
  module: WasmKernelModule;
  backend: WasmBackend;
}

/** The two public loaders of an entry, sharing one cached load (a failed load is not kept). */
export function cachedLoaders(load: () => Promise<LoadedWasm>): {
  loadWasmBackend(): Promise<WasmBackend>;
  loadWasmModule(): Promise<WasmKernelModule>;
} {
  let loaded: Promise<LoadedWasm> | null = null;
  const cached = (): Promise<LoadedWasm> => {
    if (loaded === null) {
      loaded = load();
      loaded.catch(() => {
        loaded = null;
      });
    }
    return loaded;
  };
  return {
    loadWasmBackend: async () => (await cached()).backend,
    loadWasmModule: async () => (await cached()).module,
  };
}
