/** The public API both entries (node.ts, browser.ts) re-export. */
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
