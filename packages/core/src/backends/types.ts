import type { DynamicsKernel, KernelSetup } from '../dynamics/kernel.js';

/** Names a caller can ask for. `auto` means native if it loads, else wasm, else js. */
export type BackendName = 'js' | 'native' | 'wasm' | 'auto';

/** A loaded backend: a factory of kernels of the dynamics (DESIGN §5). */
export interface KernelBackend {
  /** Which backend this is. */
  readonly name: 'js' | 'native' | 'wasm';
  /** Creates a kernel for one problem's setup. */
  createKernel(setup: KernelSetup): DynamicsKernel;
}
